//! Full-width ASCII forms → ASCII, one char for one char, so char positions in the folded text
//! are positions in the original too (extraction relies on this).

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
}
