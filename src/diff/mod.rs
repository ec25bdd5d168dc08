//! Two sentences → word-level diff spans (`DiffSpan`): equal / delete / insert runs where Chinese is
//! split into words, a number with its unit is one token (flagged `number`), and a lone short word
//! left equal between two changes is absorbed so the result reads as phrases, not confetti.

mod tokenize;

use std::time::{Duration, Instant};

use similar::{Algorithm, DiffOp as Op, capture_diff_slices_deadline};

pub use tokenize::{Token, TokenKind, is_punct, tokenize};

use crate::model::{DiffOp, DiffSpan};
use rustc_hash::FxHashMap;

/// A pathological sentence pair must not stall a comparison; past this, `similar` gives a coarser diff.
const DEADLINE: Duration = Duration::from_millis(50);

/// An equal run this short (in characters) between two changes is folded into the change.
const ABSORB_MAX_CHARS: usize = 2;

/// Diff two sentences on word/number tokens.
pub fn diff(a: &str, b: &str) -> Vec<DiffSpan> {
    diff_tokens(&tokenize(a), &tokenize(b))
}

/// Diff already tokenized sentences.
pub fn diff_tokens(a: &[Token<'_>], b: &[Token<'_>]) -> Vec<DiffSpan> {
    let mut vocab = Interner::default();
    let (old, new) = (vocab.ids(a), vocab.ids(b));
    diff_interned(a, &old, b, &new)
}

/// Token texts → small integers: the diff only needs equality, and hashing and comparing the
/// strings themselves (SipHash, memcmp) was most of pairing's time with many reports. One
/// interner serves every sentence of a comparison.
#[derive(Default)]
pub struct Interner<'a> {
    ids: FxHashMap<&'a str, u32>,
}

impl<'a> Interner<'a> {
    pub fn ids(&mut self, tokens: &[Token<'a>]) -> Vec<u32> {
        tokens
            .iter()
            .map(|t| {
                let next = self.ids.len() as u32;
                *self.ids.entry(t.text).or_insert(next)
            })
            .collect()
    }
}

/// Past this many tokens a diff gets a deadline; below it Myers is fast whatever the input, and
/// reading the clock at every step cost more than the diff.
const DEADLINE_AFTER_TOKENS: usize = 400;

/// Diff tokenized sentences whose tokens carry interned ids (`old[i]` is the id of `a[i]`).
pub fn diff_interned(a: &[Token<'_>], old: &[u32], b: &[Token<'_>], new: &[u32]) -> Vec<DiffSpan> {
    let deadline =
        (old.len() + new.len() > DEADLINE_AFTER_TOKENS).then(|| Instant::now() + DEADLINE);
    // Myers (shortest edit script) rather than Patience: on word tokens of one sentence,
    // Patience's unique-token anchors bought no readability and cost 30% more time.
    let ops = capture_diff_slices_deadline(Algorithm::Myers, old, new, deadline);
    let regions = absorb(a, regions(&ops));
    let mut spans = Vec::new();
    for r in regions {
        match r {
            Region::Equal { old, .. } => {
                push_run(&mut spans, DiffOp::Equal, a.get(old).unwrap_or_default())
            }
            Region::Change { old, new } => {
                let (old, new) = (
                    a.get(old).unwrap_or_default(),
                    b.get(new).unwrap_or_default(),
                );
                let (prefix, suffix) = common_ends(old, new);
                let (old_head, old_mid, old_tail) = cut_tokens(old, prefix, suffix);
                let (_, new_mid, _) = cut_tokens(new, prefix, suffix);
                push_run(&mut spans, DiffOp::Equal, &old_head);
                push_run(&mut spans, DiffOp::Delete, &old_mid);
                push_run(&mut spans, DiffOp::Insert, &new_mid);
                push_run(&mut spans, DiffOp::Equal, &old_tail);
            }
        }
    }
    spans
}

/// Equal runs and changed runs alternate; each change keeps its old and new token ranges.
#[derive(Debug, Clone, PartialEq)]
enum Region {
    Equal {
        old: std::ops::Range<usize>,
        new: std::ops::Range<usize>,
    },
    Change {
        old: std::ops::Range<usize>,
        new: std::ops::Range<usize>,
    },
}

fn regions(ops: &[Op]) -> Vec<Region> {
    let mut out: Vec<Region> = Vec::new();
    for op in ops {
        let (old, new, equal) = match *op {
            Op::Equal {
                old_index,
                new_index,
                len,
            } => (old_index..old_index + len, new_index..new_index + len, true),
            Op::Delete {
                old_index,
                old_len,
                new_index,
            } => (old_index..old_index + old_len, new_index..new_index, false),
            Op::Insert {
                old_index,
                new_index,
                new_len,
            } => (old_index..old_index, new_index..new_index + new_len, false),
            Op::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => (
                old_index..old_index + old_len,
                new_index..new_index + new_len,
                false,
            ),
        };
        if old.is_empty() && new.is_empty() {
            continue;
        }
        match (out.last_mut(), equal) {
            (Some(Region::Equal { old: o, new: n }), true)
            | (Some(Region::Change { old: o, new: n }), false) => {
                // An insert after a delete may report the delete's start as its old index:
                // a merged region never shrinks.
                o.end = o.end.max(old.end);
                n.end = n.end.max(new.end);
            }
            (_, true) => out.push(Region::Equal { old, new }),
            (_, false) => out.push(Region::Change { old, new }),
        }
    }
    out
}

/// Fold `Change, Equal(one short word), Change` into one change.
fn absorb(a: &[Token<'_>], regions: Vec<Region>) -> Vec<Region> {
    let mut out: Vec<Region> = Vec::with_capacity(regions.len());
    let mut iter = regions.into_iter().peekable();
    while let Some(r) = iter.next() {
        let absorbable = match (&r, out.last(), iter.peek()) {
            (
                Region::Equal { old, .. },
                Some(Region::Change { .. }),
                Some(Region::Change { .. }),
            ) => {
                old.len() == 1
                    && a.get(old.start).is_some_and(|t| {
                        t.kind == TokenKind::Word && t.text.chars().count() <= ABSORB_MAX_CHARS
                    })
            }
            _ => false,
        };
        if absorbable {
            if let (Some(Region::Change { old, new }), Some(Region::Change { old: o2, new: n2 })) =
                (out.last_mut(), iter.next())
            {
                old.end = old.end.max(o2.end);
                new.end = new.end.max(n2.end);
            }
        } else {
            out.push(r);
        }
    }
    out
}

/// Bytes shared at the start and end of a changed run. jieba may cut the same words differently
/// in another context (推进改革 / 推进|综合|…|改革); characters in common are not a change. The
/// ends never split a number token: "26件"/"31件" must not leave "件" equal.
fn common_ends(old: &[Token<'_>], new: &[Token<'_>]) -> (usize, usize) {
    if old.is_empty() || new.is_empty() {
        return (0, 0);
    }
    let (o, n): (String, String) = (
        old.iter().map(|t| t.text).collect(),
        new.iter().map(|t| t.text).collect(),
    );
    let mut prefix = 0;
    for ((i, a), b) in o.char_indices().zip(n.chars()) {
        if a != b {
            break;
        }
        prefix = i + a.len_utf8();
    }
    prefix = back_off(old, new, prefix);
    let room = o.len().min(n.len()) - prefix;
    let mut suffix = 0;
    for (a, b) in o.chars().rev().zip(n.chars().rev()) {
        if a != b || suffix + a.len_utf8() > room {
            break;
        }
        suffix += a.len_utf8();
    }
    // Work with offsets from the end: a suffix inside a number shrinks to the number's end.
    let (ol, nl) = (o.len(), n.len());
    let mut cut = suffix;
    loop {
        let next = [(old, ol), (new, nl)]
            .iter()
            .map(|(toks, len)| inside_number(toks, len - cut).map_or(cut, |(_, end)| len - end))
            .min()
            .unwrap_or(cut);
        if next == cut {
            break;
        }
        cut = next;
    }
    (prefix, cut)
}

/// Move `at` back until it splits no number token on either side.
fn back_off(old: &[Token<'_>], new: &[Token<'_>], mut at: usize) -> usize {
    loop {
        let next = [old, new]
            .iter()
            .filter_map(|toks| inside_number(toks, at).map(|(start, _)| start))
            .min()
            .unwrap_or(at);
        if next == at {
            return at;
        }
        at = next;
    }
}

/// The byte range of the number token that `at` falls strictly inside, if any.
fn inside_number(tokens: &[Token<'_>], at: usize) -> Option<(usize, usize)> {
    let mut start = 0;
    for t in tokens {
        let end = start + t.text.len();
        if start < at && at < end {
            return (t.kind == TokenKind::Number).then_some((start, end));
        }
        start = end;
    }
    None
}

/// Split tokens into the first `prefix` bytes, the middle, and the last `suffix` bytes; a word
/// cut in two becomes two word pieces.
type Cut<'a> = (Vec<Token<'a>>, Vec<Token<'a>>, Vec<Token<'a>>);

fn cut_tokens<'a>(tokens: &[Token<'a>], prefix: usize, suffix: usize) -> Cut<'a> {
    let total: usize = tokens.iter().map(|t| t.text.len()).sum();
    let tail_at = total.saturating_sub(suffix).max(prefix);
    let (mut head, mut mid, mut tail) = (Vec::new(), Vec::new(), Vec::new());
    let mut start = 0;
    for t in tokens {
        let end = start + t.text.len();
        for (from, to, part) in [
            (start, end.min(prefix), &mut head),
            (start.max(prefix), end.min(tail_at), &mut mid),
            (start.max(tail_at), end, &mut tail),
        ] {
            if from < to {
                let piece = t.text.get(from - start..to - start).unwrap_or_default();
                let kind = if piece.len() == t.text.len() {
                    t.kind
                } else {
                    TokenKind::Word
                };
                part.push(Token { text: piece, kind });
            }
        }
        start = end;
    }
    (head, mid, tail)
}

/// Append tokens as spans of one op: words merge into one span, each number stands alone.
fn push_run(spans: &mut Vec<DiffSpan>, op: DiffOp, tokens: &[Token<'_>]) {
    for t in tokens {
        let number = t.kind == TokenKind::Number && op != DiffOp::Equal;
        match spans.last_mut() {
            Some(last) if last.op == op && !last.number && !number => last.text.push_str(t.text),
            _ => spans.push(DiffSpan {
                op,
                text: t.text.to_string(),
                number,
            }),
        }
    }
}

/// The share of characters left equal (0..=1); a quick measure of how close a pair is.
pub fn equal_ratio(spans: &[DiffSpan]) -> f64 {
    let (mut equal, mut total) = (0usize, 0usize);
    for s in spans {
        let n = s.text.chars().count();
        total += n;
        if s.op == DiffOp::Equal {
            equal += n;
        }
    }
    if total == 0 {
        1.0
    } else {
        equal as f64 / total as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A 1000-report comparison panicked ("slice index starts at 34 but ends at 32"): an insert
    /// that follows a delete reported an old index inside the deleted range, and merging the two
    /// shrank the region.
    #[test]
    fn merged_change_regions_never_shrink() {
        let ops = [
            Op::Equal {
                old_index: 0,
                new_index: 0,
                len: 30,
            },
            Op::Delete {
                old_index: 30,
                old_len: 4,
                new_index: 30,
            },
            Op::Insert {
                old_index: 32,
                new_index: 30,
                new_len: 2,
            },
        ];
        let r = regions(&ops);
        assert_eq!(
            r[1],
            Region::Change {
                old: 30..34,
                new: 30..32
            }
        );
    }

    use DiffOp::{Delete as D, Equal as E, Insert as I};

    fn ops(a: &str, b: &str) -> Vec<(DiffOp, String, bool)> {
        diff(a, b)
            .into_iter()
            .map(|s| (s.op, s.text, s.number))
            .collect()
    }

    fn span(op: DiffOp, text: &str, number: bool) -> (DiffOp, String, bool) {
        (op, text.to_string(), number)
    }

    #[test]
    fn a_changed_number_is_one_token() {
        let cases: &[(&str, &str, &str, &str)] = &[
            ("区政府共收到复议申请", "26件", "31件", "，均已审结。"),
            ("行政复议纠错率", "6.8%", "12.5%", "。"),
            ("新增市场主体", "1.2万户", "8000户", "。"),
            ("评查行政处罚案卷", "700余份", "650份", "。"),
            ("调解成功率达", "百分之九十五", "百分之九十八", "。"),
            ("", "2019年", "2020年", "，我区认真贯彻落实。"),
        ];
        for (head, old, new, tail) in cases {
            let got = ops(&format!("{head}{old}{tail}"), &format!("{head}{new}{tail}"));
            let mut want = Vec::new();
            if !head.is_empty() {
                want.push(span(E, head, false));
            }
            want.extend([span(D, old, true), span(I, new, true), span(E, tail, false)]);
            assert_eq!(got, want, "{head}{old}{tail}");
        }
    }

    #[test]
    fn equal_sentences_give_one_equal_span() {
        let s = "全面推行行政执法三项制度。";
        assert_eq!(ops(s, s), vec![span(E, s, false)]);
        assert_eq!(ops("", ""), vec![]);
    }

    #[test]
    fn insert_only_and_delete_only() {
        assert_eq!(ops("", "新增"), vec![span(I, "新增", false)]);
        // jieba cuts 推进改革 as one word here, 推进|综合|… there: the shared characters stay equal.
        let got = ops("深入推进综合行政执法改革", "深入推进改革");
        assert_eq!(
            got,
            [
                span(E, "深入推进", false),
                span(D, "综合行政执法", false),
                span(E, "改革", false)
            ]
        );
    }

    #[test]
    fn two_numbers_apart_stay_two_changes() {
        let got = ops("收到申请26件，受理22件。", "收到申请31件，受理25件。");
        let changed: Vec<&str> = got
            .iter()
            .filter(|(op, _, _)| *op != E)
            .map(|(_, t, _)| t.as_str())
            .collect();
        assert_eq!(changed, ["26件", "31件", "22件", "25件"]);
        assert!(got.iter().filter(|s| s.0 != E).all(|s| s.2));
    }

    #[test]
    fn a_lone_short_word_between_changes_is_absorbed() {
        // "的" alone between two changed phrases would leave confetti.
        let got = diff("加强执法的规范管理", "完善制度的全面监督");
        let equal_inside = got
            .windows(3)
            .any(|w| w[0].op != E && w[1].op == E && w[2].op != E && w[1].text == "的");
        assert!(!equal_inside, "{got:?}");
        assert!(equal_ratio(&got) < 0.5);
    }

    #[test]
    fn spans_rebuild_both_sides() {
        let (a, b) = (
            "2019年，区政府共收到行政复议申请26件，审结21件，纠错率6.8%。",
            "2020年，市政府共办理行政复议案件31件，其中受理25件，纠错率达10%！",
        );
        let spans = diff(a, b);
        let old: String = spans
            .iter()
            .filter(|s| s.op != I)
            .map(|s| s.text.as_str())
            .collect();
        let new: String = spans
            .iter()
            .filter(|s| s.op != D)
            .map(|s| s.text.as_str())
            .collect();
        assert_eq!((old.as_str(), new.as_str()), (a, b));
    }
}
