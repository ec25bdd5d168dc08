//! Character classes every stage shares, said once: Han characters, the marks that end a clause,
//! and the folding of full-width forms (which keeps char positions, so extraction can fold text
//! and still quote the original).

/// A Han (Chinese) character: the unified ideographs, extension A, the compatibility block and
/// the supplementary planes' extensions.
pub fn is_han(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '\u{F900}'..='\u{FAFF}' | '\u{20000}'..='\u{2FFFF}')
}

/// Marks that end a clause inside a sentence (，；：), full-width and folded alike.
pub const CLAUSE_MARKS: [char; 6] = ['，', ',', '；', ';', '：', ':'];

/// Marks that end a sentence (。！？), full-width and folded alike (。 has no ASCII form).
pub const SENTENCE_ENDS: [char; 5] = ['。', '！', '!', '？', '?'];

/// Marks that end a clause or a sentence: a number's clause is quoted up to them.
pub const CLAUSE_BREAKS: [char; 11] = joined(CLAUSE_MARKS, SENTENCE_ENDS);

/// `a` then `b`, for sets built from sets; `N` must be their total length (checked at compile time).
const fn joined<const A: usize, const B: usize, const N: usize>(
    a: [char; A],
    b: [char; B],
) -> [char; N] {
    assert!(A + B == N);
    let mut out = ['\0'; N];
    let mut i = 0;
    while i < A {
        out[i] = a[i];
        i += 1;
    }
    while i < N {
        out[i] = b[i - A];
        i += 1;
    }
    out
}

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
        assert_eq!(
            String::from_iter(CLAUSE_BREAKS),
            "，,；;：:。！!？?",
            "clause marks, then sentence ends"
        );
        for c in CLAUSE_BREAKS {
            assert!(CLAUSE_BREAKS.contains(&fold_char(c)), "{c}");
        }
        assert!(is_han('法') && is_han('𠀀') && !is_han('、') && !is_han('a'));
    }
}
