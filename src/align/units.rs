//! Reports → the sentences that take part in a comparison (`Unit`): each with its report, passage,
//! kind and the selected topics it carries. Uses `Passage::sentences` when the analysis gave them,
//! else splits the passage text after 。！？；. Trivial sentences (under 8 characters) are skipped.

use crate::diff::is_punct;
use crate::model::{Kind, Report};

/// Sentences with fewer characters than this (punctuation and spaces not counted) say too little
/// to pair: "一是加强领导。", "具体如下：".
const MIN_CHARS: usize = 8;

#[derive(Debug, Clone)]
pub struct Unit<'a> {
    pub report: usize,
    pub passage: usize,
    pub text: &'a str,
    pub kind: Kind,
    /// Selected topic ids in display order.
    pub topics: Vec<&'static str>,
}

/// Split text into sentences after 。！？；(and ASCII !?;), trimmed, empty ones dropped.
pub fn split_sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in text.char_indices() {
        if matches!(c, '。' | '！' | '？' | '；' | '!' | '?' | ';' | '\n') {
            let end = i + c.len_utf8();
            push_trimmed(&mut out, &text[start..end]);
            start = end;
        }
    }
    push_trimmed(&mut out, &text[start..]);
    out
}

fn push_trimmed<'a>(out: &mut Vec<&'a str>, s: &'a str) {
    let s = s.trim();
    if !s.is_empty() {
        out.push(s);
    }
}

fn is_trivial(text: &str) -> bool {
    text.chars()
        .filter(|c| !is_punct(*c) && !c.is_whitespace())
        .count()
        < MIN_CHARS
}

/// Keep the ids of `topics` that appear in `carried`, in `topics` order; untagged text is `other`.
fn pick(topics: &[&'static str], carried: &[String]) -> Vec<&'static str> {
    if carried.is_empty() {
        return topics.iter().copied().filter(|t| *t == "other").collect();
    }
    topics
        .iter()
        .copied()
        .filter(|t| carried.iter().any(|c| c == t))
        .collect()
}

/// All sentences of the readable reports that carry at least one of `topics`.
pub fn collect<'a>(reports: &'a [Report], topics: &[&'static str]) -> Vec<Unit<'a>> {
    let mut out = Vec::new();
    for (ri, report) in reports.iter().enumerate() {
        if report.error.is_some() {
            continue;
        }
        for (pi, passage) in report.passages.iter().enumerate() {
            let mut push = |text: &'a str, kind: Kind, carried: &[String]| {
                let text = text.trim();
                if is_trivial(text) {
                    return;
                }
                let topics = pick(topics, carried);
                if !topics.is_empty() {
                    out.push(Unit {
                        report: ri,
                        passage: pi,
                        text,
                        kind,
                        topics,
                    });
                }
            };
            if passage.sentences.is_empty() {
                for s in split_sentences(&passage.text) {
                    push(s, passage.kind, &passage.topics);
                }
            } else {
                for s in &passage.sentences {
                    let carried = if s.topics.is_empty() {
                        &passage.topics
                    } else {
                        &s.topics
                    };
                    push(&s.text, s.kind, carried);
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_keeps_the_terminator() {
        let cases: &[(&str, &[&str])] = &[
            (
                "一是加强领导。二是完善制度；三是？",
                &["一是加强领导。", "二是完善制度；", "三是？"],
            ),
            ("没有句号", &["没有句号"]),
            ("  。 ", &["。"]),
            ("", &[]),
        ];
        for (text, want) in cases {
            assert_eq!(split_sentences(text), *want, "{text}");
        }
    }

    #[test]
    fn trivial_sentences_are_skipped() {
        assert!(is_trivial("一是加强领导。"));
        assert!(!is_trivial("全面推行行政执法三项制度。"));
    }
}
