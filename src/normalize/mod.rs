//! Normalize: raw text → Simplified lines without web clutter, one block per line.
//!
//! Traditional is converted with the OpenCC t2s dictionaries (`t2s`), page clutter is dropped
//! (`boilerplate`), run-together pages are split at inline headings (`split`). Punctuation folding
//! (`fold_punct`) is for analysis only: the text users read keeps its punctuation.

pub mod boilerplate;
pub mod glosses;
pub mod split;
pub mod t2s;

pub use crate::chars::{fold_char, fold_punct};

use crate::model::Script;

/// The text of a report after normalization.
#[derive(Debug, Clone)]
pub struct Normalized {
    /// Non-empty, trimmed, Simplified lines in reading order.
    pub lines: Vec<String>,
    pub script: Script,
}

/// Raw document text → normalized lines.
pub fn normalize(raw: &str) -> Normalized {
    let raw = unify_line_breaks(raw);
    let (simplified, script) = t2s::to_simplified_detect(&glosses::strip(&raw));
    let split = split::split_run_together(&simplified);
    let lines = boilerplate::strip(&split);
    Normalized { lines, script }
}

/// Vertical tab (Word's manual line break in exported text), form feed (a page break), NEL, a lone
/// CR and U+2028/U+2029 all end a line; every later stage splits on `\n` only, so a report broken
/// by any of them read as one line and lost its outline.
fn unify_line_breaks(raw: &str) -> std::borrow::Cow<'_, str> {
    let is_break = |c: char| {
        matches!(
            c,
            '\r' | '\x0b' | '\x0c' | '\u{85}' | '\u{2028}' | '\u{2029}'
        )
    };
    if !raw.contains(is_break) {
        return std::borrow::Cow::Borrowed(raw);
    }
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' && chars.peek() == Some(&'\n') {
            continue;
        }
        out.push(if is_break(c) { '\n' } else { c });
    }
    std::borrow::Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_line_separator_breaks_a_line() {
        for sep in [
            "\n", "\r\n", "\r", "\x0b", "\x0c", "\u{85}", "\u{2028}", "\u{2029}",
        ] {
            let raw = format!("一、加强行政执法{sep}推进严格规范公正文明执法。");
            assert_eq!(
                normalize(&raw).lines,
                ["一、加强行政执法", "推进严格规范公正文明执法。"],
                "{sep:?}"
            );
        }
    }

    #[test]
    fn normalizing_twice_changes_nothing() {
        let raw =
            "当前位置:首页 > 动态\n一、加強行政執法。全面推行三項制度。(二)深化改革。內容\n分享到:";
        let once = normalize(raw);
        let twice = normalize(&once.lines.join("\n"));
        assert_eq!(once.lines, twice.lines);
        assert_eq!(once.script, Script::Traditional);
        assert_eq!(twice.script, Script::Simplified);
        assert!(
            once.lines
                .iter()
                .all(|l| !l.contains("当前位置") && !l.contains("分享到"))
        );
    }
}
