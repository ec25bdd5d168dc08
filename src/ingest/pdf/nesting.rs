//! How deeply a PDF's objects nest, counted over its raw bytes before lopdf parses them.
//!
//! Input: the file's bytes (or a decoded content stream). Output: the same bytes with the arrays
//! (`[`) and dictionaries (`<<`) that nest deeper than a limit emptied, outside strings, comments
//! and stream data. lopdf's parsers recurse once per level and refuse an object (or a whole content
//! stream) nested past 100 levels; before 0.42 they had no limit, and about a thousand `[` (a few
//! kilobytes) overflowed a 2 MB thread stack. Emptied here, the deep part is lost and the rest of
//! the object or page still reads. Real files nest a handful of levels (a page's resources, a
//! font's widths). Objects inside compressed object streams are not seen here; the isolated reader's
//! limits cover those.

use super::super::find;

/// Deeper than any real file, inside lopdf's own limit (100 levels, past which it refuses the
/// object).
pub const MAX_DEPTH: usize = 64;

/// The file (or content stream) with every bracket deeper than `limit` blanked out (`[`, `]`, `<<`, `>>` become spaces
/// of the same length, so every cross-reference offset still holds), or `None` when nothing nests
/// that deep. A structure built to crash the parser becomes an empty one at depth `limit`; the
/// pages around it still read.
pub fn flatten_deeper_than(bytes: &[u8], limit: usize) -> Option<Vec<u8>> {
    let mut blanks: Vec<(usize, usize)> = Vec::new();
    scan(bytes, limit, |range| blanks.push(range));
    if blanks.is_empty() {
        return None;
    }
    let mut out = bytes.to_vec();
    for (at, len) in blanks {
        out[at..at + len].fill(b' ');
    }
    Some(out)
}

/// Walks the structure of `bytes`, calling `deep` with (offset, length) of every bracket that opens
/// or closes a level deeper than `limit`. Unbalanced closers are ignored and every `endobj` starts
/// the count again, so one broken object cannot make the rest of the file look deep.
fn scan(bytes: &[u8], limit: usize, mut deep: impl FnMut((usize, usize))) {
    let mut depth = 0usize;
    let mut at = 0;
    while let Some(&byte) = bytes.get(at) {
        let next = bytes.get(at + 1).copied();
        match byte {
            b'%' => {
                at = skip_line(bytes, at);
                continue;
            }
            b'(' => {
                at = skip_literal_string(bytes, at);
                continue;
            }
            b'<' if next == Some(b'<') => {
                depth += 1;
                if depth > limit {
                    deep((at, 2));
                }
                at += 2;
                continue;
            }
            b'<' => {
                // A hex string: nothing in it nests.
                at = find(&bytes[at..], b">").map_or(bytes.len(), |p| at + p + 1);
                continue;
            }
            b'>' if next == Some(b'>') => {
                if depth > limit {
                    deep((at, 2));
                }
                depth = depth.saturating_sub(1);
                at += 2;
                continue;
            }
            b'[' => {
                depth += 1;
                if depth > limit {
                    deep((at, 1));
                }
            }
            b']' => {
                if depth > limit {
                    deep((at, 1));
                }
                depth = depth.saturating_sub(1);
            }
            b'e' if keyword_at(bytes, at, b"endobj") => depth = 0,
            b's' if keyword_at(bytes, at, b"stream") => {
                // Stream data is binary and may hold any bracket; resume after it.
                match find(&bytes[at..], b"endstream") {
                    Some(p) => at += p + b"endstream".len(),
                    None => return,
                }
                continue;
            }
            _ => {}
        }
        at += 1;
    }
}

/// Whether `word` starts at `at` as a whole keyword (not the tail of "endstream").
fn keyword_at(bytes: &[u8], at: usize, word: &[u8]) -> bool {
    let starts = bytes.get(at..).is_some_and(|rest| rest.starts_with(word));
    let before = at
        .checked_sub(1)
        .and_then(|b| bytes.get(b))
        .is_none_or(|b| !b.is_ascii_alphanumeric());
    let after = bytes
        .get(at + word.len())
        .is_none_or(|b| !b.is_ascii_alphanumeric());
    starts && before && after
}

fn skip_line(bytes: &[u8], at: usize) -> usize {
    bytes
        .get(at..)
        .and_then(|rest| rest.iter().position(|b| *b == b'\n' || *b == b'\r'))
        .map_or(bytes.len(), |p| at + p + 1)
}

/// Past the end of the literal string opening at `at`: parentheses balance inside, and a
/// backslash escapes the next byte.
fn skip_literal_string(bytes: &[u8], at: usize) -> usize {
    let mut open = 0usize;
    let mut i = at;
    while let Some(&byte) = bytes.get(i) {
        match byte {
            b'\\' => i += 1,
            b'(' => open += 1,
            b')' => {
                open -= 1;
                if open == 0 {
                    return i + 1;
                }
            }
            _ => {}
        }
        i += 1;
    }
    bytes.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nesting_is_counted_outside_strings_comments_and_streams() {
        let deep = |n: usize| format!("1 0 obj\n{}{}\nendobj\n", "[".repeat(n), "]".repeat(n));
        let cases: Vec<(String, bool)> = vec![
            (deep(3), false),
            (deep(4), true),
            ("1 0 obj << /A << /B [1] >> >> endobj".into(), false),
            ("1 0 obj << /A << /B << /C [1] >> >> >> endobj".into(), true),
            // Brackets in a string, a hex string, a comment or stream data do not nest.
            ("1 0 obj ([[[[[ \\) [[[[ (((x))) ) endobj".into(), false),
            ("1 0 obj <5b5b5b5b5b> endobj".into(), false),
            ("% [[[[[[\n1 0 obj [1] endobj".into(), false),
            (
                "1 0 obj << /Length 9 >>\nstream\n[[[[[[[[[\nendstream\nendobj".into(),
                false,
            ),
            // Each object counts from zero, whatever a broken one before it left open.
            (
                format!("{}{}", "1 0 obj [[[ endobj\n".repeat(3), deep(2)),
                false,
            ),
        ];
        for (pdf, want) in cases {
            assert_eq!(
                flatten_deeper_than(pdf.as_bytes(), 3).is_some(),
                want,
                "{pdf}"
            );
        }
    }

    #[test]
    fn flattening_blanks_only_the_levels_too_deep_and_keeps_offsets() {
        let pdf = "1 0 obj [[[[[1]]]]] endobj 2 0 obj << /A << /B << /C << /D 1 >> >> >> >> endobj";
        let flat = flatten_deeper_than(pdf.as_bytes(), 3).expect("too deep");
        assert_eq!(flat.len(), pdf.len());
        assert_eq!(
            String::from_utf8(flat).unwrap(),
            "1 0 obj [[[  1  ]]] endobj 2 0 obj << /A << /B << /C    /D 1    >> >> >> endobj"
        );
        assert!(flatten_deeper_than(b"1 0 obj [[[1]]] endobj", 3).is_none());
    }

    #[test]
    fn unterminated_strings_and_streams_end_the_scan() {
        for pdf in [
            "1 0 obj (((",
            "1 0 obj <5b5b",
            "stream\n[[[[[[",
            "%[[[[[",
            "<<<<",
        ] {
            let _ = flatten_deeper_than(pdf.as_bytes(), 3);
        }
        assert!(flatten_deeper_than(b"<<<<<<<<", 3).is_some());
    }
}
