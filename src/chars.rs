//! Character classes every stage shares, said once: Han characters, the marks that end a clause,
//! and the folding of full-width forms (which keeps char positions, so extraction can fold text
//! and still quote the original).

/// A Han (Chinese) character: the unified ideographs, extension A, the compatibility block and
/// the supplementary planes' extensions.
pub fn is_han(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '\u{F900}'..='\u{FAFF}' | '\u{20000}'..='\u{2FFFF}')
}

/// Marks that end a clause (a number's clause is quoted up to them), full-width and folded alike.
pub const CLAUSE_BREAKS: [char; 11] = ['，', ',', '；', ';', '：', ':', '。', '！', '!', '？', '?'];

/// Fold one char: full-width ASCII forms (！…～) to ASCII, ideographic space to space.
pub fn fold_char(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' | '\u{00A0}' => ' ',
        '﹒' => '.',
        _ => c,
    }
}

pub fn fold_punct(s: &str) -> String {
    s.chars().map(fold_char).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_full_width_forms_one_to_one() {
        let cases = [
            ("村（居）法律顾问", "村(居)法律顾问"),
            ("达１００％", "达100%"),
            ("一、加强：执法；", "一、加强:执法;"),
            ("1﹒", "1."),
        ];
        for (input, want) in cases {
            assert_eq!(fold_punct(input), want);
            assert_eq!(fold_punct(input).chars().count(), input.chars().count());
        }
    }

    #[test]
    fn clause_breaks_survive_folding() {
        for c in CLAUSE_BREAKS {
            assert!(CLAUSE_BREAKS.contains(&fold_char(c)), "{c}");
        }
        assert!(is_han('法') && is_han('𠀀') && !is_han('、') && !is_han('a'));
    }
}
