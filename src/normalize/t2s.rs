//! Traditional → Simplified with the OpenCC t2s dictionaries.
//!
//! Default: ferrous-opencc (pure Rust, same dictionaries, byte-identical output). With the
//! `system-opencc` feature: the C++ libopencc through opencc-rust, for parity checks.

use std::sync::LazyLock;

use crate::chars::is_han;
use crate::model::Script;

#[cfg(not(feature = "system-opencc"))]
static CONVERTER: LazyLock<Option<ferrous_opencc::OpenCC>> = LazyLock::new(|| {
    ferrous_opencc::OpenCC::from_config(ferrous_opencc::config::BuiltinConfig::T2s).ok()
});

#[cfg(feature = "system-opencc")]
static CONVERTER: LazyLock<Option<opencc_rust::OpenCC>> =
    LazyLock::new(|| opencc_rust::OpenCC::new(opencc_rust::DefaultConfig::T2S).ok());

/// Convert to Simplified. Falls back to the input if the dictionaries failed to load.
pub fn to_simplified(text: &str) -> String {
    match CONVERTER.as_ref() {
        Some(c) => c.convert(text),
        None => text.to_string(),
    }
}

/// The ferrous-opencc conversion regardless of features (the parity test compares both).
#[cfg(feature = "system-opencc")]
pub fn to_simplified_ferrous(text: &str) -> String {
    static FERROUS: LazyLock<Option<ferrous_opencc::OpenCC>> = LazyLock::new(|| {
        ferrous_opencc::OpenCC::from_config(ferrous_opencc::config::BuiltinConfig::T2s).ok()
    });
    match FERROUS.as_ref() {
        Some(c) => c.convert(text),
        None => text.to_string(),
    }
}

/// Han characters that t2s rewrites on their own (computed once from the dictionaries).
/// Simplified text has almost none, so a line without any needs no dictionary walk.
static CHANGING: LazyLock<Vec<bool>> = LazyLock::new(|| {
    let all: String = (0x4E00u32..=0x9FFF).filter_map(char::from_u32).collect();
    let converted = to_simplified(&all);
    let mut changing = vec![false; 0x9FFF - 0x4E00 + 1];
    if converted.chars().count() == all.chars().count() {
        for (i, (a, b)) in all.chars().zip(converted.chars()).enumerate() {
            changing[i] = a != b;
        }
    } else {
        // Conversion changed the length: fall back to converting every line.
        changing.iter_mut().for_each(|c| *c = true);
    }
    changing
});

fn may_change(c: char) -> bool {
    match c {
        '\u{4E00}'..='\u{9FFF}' => CHANGING.get(c as usize - 0x4E00).copied().unwrap_or(true),
        // Outside the main block (compatibility ideographs, extensions): let the dictionary decide.
        _ => is_han(c) && !matches!(c, '\u{3400}'..='\u{4DBF}'),
    }
}

/// Convert and tell which script the input was in: Traditional when conversion changed at least
/// 2% of its Han characters (and more than a handful), since Simplified text has almost none
/// that t2s rewrites.
///
/// Only lines holding a character that t2s rewrites on its own go through the dictionaries: a line
/// of Simplified text comes back unchanged, and walking the phrase dictionaries at every position
/// was most of the analysis time. (A phrase whose characters are all unchanged alone, 乾燥 in a
/// Simplified line, is the one case this skips.)
pub fn to_simplified_detect(text: &str) -> (String, Script) {
    let mut out = String::with_capacity(text.len());
    let mut han = 0usize;
    let mut changed = 0usize;
    for line in text.split_inclusive('\n') {
        let mut line_han = 0usize;
        let mut convert = false;
        for c in line.chars() {
            if is_han(c) {
                line_han += 1;
                convert |= may_change(c);
            }
        }
        han += line_han;
        if convert {
            let simplified = to_simplified(line);
            changed += line
                .chars()
                .zip(simplified.chars())
                .filter(|(a, b)| a != b)
                .count();
            out.push_str(&simplified);
        } else {
            out.push_str(line);
        }
    }
    let traditional = changed >= 3 && changed * 50 >= han;
    let script = if traditional {
        Script::Traditional
    } else {
        Script::Simplified
    };
    (out, script)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Words whose conversion needs phrase dictionaries, not character tables.
    pub const TRICKY: [(&str, &str); 12] = [
        ("頭髮", "头发"),
        ("發展", "发展"),
        ("乾燥", "干燥"),
        ("幹部", "干部"),
        ("著名", "著名"),
        ("後來", "后来"),
        ("皇后", "皇后"),
        ("裡面", "里面"),
        ("範圍", "范围"),
        ("行政復議", "行政复议"),
        ("規範性文件", "规范性文件"),
        ("營商環境", "营商环境"),
    ];

    #[test]
    fn converts_tricky_words() {
        for (trad, simp) in TRICKY {
            assert_eq!(to_simplified(trad), simp, "{trad}");
        }
    }

    #[test]
    fn line_filter_matches_whole_text_conversion() {
        for text in [
            "深入學習貫徹習近平法治思想\n加强行政执法\n行政復議",
            "全为简体的一行\n另一行简体",
            "頭髮乾燥\n幹部後來",
        ] {
            assert_eq!(to_simplified_detect(text).0, to_simplified(text), "{text}");
        }
    }

    #[test]
    fn detects_script() {
        let (s, script) = to_simplified_detect("深入學習貫徹習近平法治思想,加強行政執法監督");
        assert_eq!(script, Script::Traditional);
        assert_eq!(s, "深入学习贯彻习近平法治思想,加强行政执法监督");
        let (_, script) = to_simplified_detect("深入学习贯彻习近平法治思想,加强行政执法监督");
        assert_eq!(script, Script::Simplified);
    }

    #[cfg(feature = "system-opencc")]
    #[test]
    fn system_opencc_agrees_with_ferrous_opencc() {
        for (trad, _) in TRICKY {
            assert_eq!(to_simplified(trad), to_simplified_ferrous(trad), "{trad}");
        }
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/samples");
        for entry in std::fs::read_dir(dir).expect("samples/") {
            let path = entry.expect("entry").path();
            if path.extension().is_some_and(|e| e == "txt") {
                let text = std::fs::read_to_string(&path).expect("utf-8 sample");
                assert_eq!(
                    to_simplified(&text),
                    to_simplified_ferrous(&text),
                    "{}",
                    path.display()
                );
            }
        }
    }
}
