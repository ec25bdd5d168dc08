//! Sentence text → tokens for diffing: Chinese words (jieba), whole numbers with their unit and
//! modifiers (26件, 6.8%, 1.2万户, 700余份, 百分之九十五, 2019年), punctuation and spaces.

use std::sync::LazyLock;

use jieba_rs::Jieba;
use regex::Regex;

/// One dictionary load for the whole process (≈ 0.2 s); `Jieba::cut` takes `&self`.
static JIEBA: LazyLock<Jieba> = LazyLock::new(Jieba::new);

/// A number as written with what belongs to it: the magnitude (万/亿/千) and 余/多 may sit before
/// or after it (1.2万户, 700余份, 5000多万元), then one unit of `assets/units.toml` — counts, dates
/// and the diff-only ones — tried longest first so 人次 wins over 人.
static NUMBER: LazyLock<Option<Regex>> = LazyLock::new(|| {
    let units = &crate::tables::tables().units;
    let mut all: Vec<&str> = [&units.count, &units.date, &units.diff_only]
        .into_iter()
        .flatten()
        .map(String::as_str)
        .collect();
    all.sort_by_key(|u| std::cmp::Reverse(u.chars().count()));
    let alternatives: Vec<String> = all.into_iter().map(regex::escape).collect();
    Regex::new(&format!(
        "{}{}{}(?:{})?",
        r"百分之[零〇一二两三四五六七八九十百点]+",
        r"|[0-9０-９]+(?:,[0-9]{3})*(?:[.．][0-9０-９]+)?",
        r"(?:余|多)?(?:[万亿千百]+)?(?:余|多)?",
        alternatives.join("|"),
    ))
    .ok()
});

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TokenKind {
    Word,
    Number,
    Punct,
    Space,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Token<'a> {
    pub text: &'a str,
    pub kind: TokenKind,
}

/// Punctuation is a token of its own and never part of a word.
pub fn is_punct(c: char) -> bool {
    c.is_ascii_punctuation()
        || matches!(c, '\u{2010}'..='\u{205E}' | '\u{3001}'..='\u{303F}' | '\u{FF01}'..='\u{FF0F}'
            | '\u{FF1A}'..='\u{FF20}' | '\u{FF3B}'..='\u{FF40}' | '\u{FF5B}'..='\u{FF65}'
            | '\u{FE10}'..='\u{FE6F}' | '·')
}

/// Split `text` into tokens; joining their texts gives `text` back.
pub fn tokenize(text: &str) -> Vec<Token<'_>> {
    let mut out = Vec::new();
    let mut last = 0;
    if let Some(re) = NUMBER.as_ref() {
        for m in re.find_iter(text) {
            words(&text[last..m.start()], &mut out);
            out.push(Token {
                text: m.as_str(),
                kind: TokenKind::Number,
            });
            last = m.end();
        }
    }
    words(&text[last..], &mut out);
    out
}

/// Text without numbers: punctuation and whitespace split it into runs that jieba cuts into words.
fn words<'a>(text: &'a str, out: &mut Vec<Token<'a>>) {
    let mut run_start = 0;
    // Start of the whitespace token being extended, so "  \t" stays one token.
    let mut space_start: Option<usize> = None;
    for (i, c) in text.char_indices() {
        let end = i + c.len_utf8();
        if c.is_whitespace() && !is_punct(c) {
            cut(&text[run_start..i], out);
            match space_start {
                Some(start) if run_start == i => {
                    out.pop();
                    out.push(Token {
                        text: &text[start..end],
                        kind: TokenKind::Space,
                    });
                }
                _ => {
                    space_start = Some(i);
                    out.push(Token {
                        text: &text[i..end],
                        kind: TokenKind::Space,
                    });
                }
            }
            run_start = end;
        } else if is_punct(c) {
            cut(&text[run_start..i], out);
            out.push(Token {
                text: &text[i..end],
                kind: TokenKind::Punct,
            });
            space_start = None;
            run_start = end;
        } else if run_start == i {
            space_start = None;
        }
    }
    cut(&text[run_start..], out);
}

fn cut<'a>(run: &'a str, out: &mut Vec<Token<'a>>) {
    if run.is_empty() {
        return;
    }
    // No HMM guessing of unknown words: a diff needs consistent cuts, not new words, and the
    // HMM was a quarter of tokenizing time.
    out.extend(JIEBA.cut(run, false).into_iter().map(|w| Token {
        text: w,
        kind: TokenKind::Word,
    }));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn numbers(text: &str) -> Vec<&str> {
        tokenize(text)
            .into_iter()
            .filter(|t| t.kind == TokenKind::Number)
            .map(|t| t.text)
            .collect()
    }

    #[test]
    fn numbers_keep_unit_and_modifiers() {
        let cases: &[(&str, &[&str])] = &[
            ("区政府共收到复议申请26件", &["26件"]),
            ("行政复议纠错率6.8%", &["6.8%"]),
            ("新增市场主体1.2万户", &["1.2万户"]),
            ("评查行政处罚案卷700余份", &["700余份"]),
            ("调解成功率达百分之九十五", &["百分之九十五"]),
            ("2019年,我区认真贯彻", &["2019年"]),
            (
                "完成人民调解7500余件,涉及金额3.5亿元",
                &["7500余件", "3.5亿元"],
            ),
            ("换发行政执法证1,204本", &["1,204本"]),
            ("培训12万人次", &["12万人次"]),
            ("全面推行行政执法三项制度", &[]),
        ];
        for (text, want) in cases {
            assert_eq!(numbers(text), *want, "{text}");
        }
    }

    #[test]
    fn tokens_join_back_to_the_input() {
        for text in [
            "区政府共收到复议申请26件，其中受理22件。",
            "  a  b\t“双随机、一公开”700余份！",
            "",
            "。。",
        ] {
            let joined: String = tokenize(text).iter().map(|t| t.text).collect();
            assert_eq!(joined, text);
        }
    }

    #[test]
    fn punctuation_is_a_boundary_and_chinese_is_cut_into_words() {
        let toks = tokenize("推进行政执法，加强监督。");
        let texts: Vec<&str> = toks.iter().map(|t| t.text).collect();
        assert!(texts.contains(&"，") && texts.contains(&"。"), "{texts:?}");
        assert!(texts.len() >= 6, "{texts:?}");
        assert!(toks.iter().all(|t| t.text.chars().count() <= 4));
    }
}
