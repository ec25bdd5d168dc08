//! Normalize: raw text → Simplified lines without web clutter, one block per line.
//!
//! Traditional is converted with the OpenCC t2s dictionaries (`t2s`), page clutter is dropped
//! (`boilerplate`), run-together pages are split at inline headings (`split`). Punctuation folding
//! (`fold_punct`) is for analysis only: the text users read keeps its punctuation.

pub mod boilerplate;
pub mod glosses;
pub mod punct;
pub mod split;
pub mod t2s;

pub use punct::{fold_char, fold_punct};

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
    let (simplified, script) = t2s::to_simplified_detect(&glosses::strip(raw));
    let split = split::split_run_together(&simplified);
    let lines = boilerplate::strip(&split);
    Normalized { lines, script }
}

#[cfg(test)]
mod tests {
    use super::*;

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
