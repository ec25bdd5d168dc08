//! Side by side as data (no egui): the engine's pairs of one topic → rows of cells, one cell per
//! compared report. The first column is the base: each of its sentences heads a row holding its
//! best match in every other report; sentences no earlier row holds head rows of their own, in
//! column order. `shown` then narrows the rows to the columns on screen.

use std::collections::{HashMap, HashSet};

use crate::app::state::KindFilter;
use crate::model::{Comparison, DiffOp, Kind, Pair, Report, ReportInfo};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Mark {
    Plain,
    /// Text only in this column (the engine's `delete` on side a, `insert` on side b).
    Removed,
    Added,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Span {
    pub mark: Mark,
    pub text: String,
    pub number: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CellText {
    pub passage: usize,
    pub kind: Kind,
    pub spans: Vec<Span>,
}

impl CellText {
    /// The sentence as written, marks dropped.
    pub fn text(&self) -> String {
        self.spans.iter().map(|s| s.text.as_str()).collect()
    }
}

#[derive(Debug, Clone)]
pub struct Row {
    /// Indexed by report (column i of the comparison), not by display position.
    pub cells: Vec<Option<CellText>>,
    /// The report whose sentence heads the row (the base, or the first column holding it).
    pub anchor: usize,
    /// The anchor's sentence marked against each partner, by the partner's report: it shows the
    /// marks of the first partner on screen.
    anchor_marks: Vec<(usize, Vec<Span>)>,
    /// A pair in the row changed something, or the sentence has no partner at all; `shown`
    /// narrows it to the columns on screen.
    pub differs: bool,
    order: f64,
}

impl Row {
    pub fn has_changed_number(&self) -> bool {
        self.cells
            .iter()
            .flatten()
            .any(|c| c.spans.iter().any(|s| s.number && s.mark != Mark::Plain))
    }

    /// The anchor's sentence as written.
    pub fn anchor_text(&self) -> String {
        self.cells
            .get(self.anchor)
            .and_then(Option::as_ref)
            .map(CellText::text)
            .unwrap_or_default()
    }
}

/// Display order of the columns: the base first, then by year (unknown last), then region.
/// Columns in display order: the base, then the reports the user placed (`placed`, in that
/// order), then the rest by year, then region (reports without a year last).
pub fn column_order(reports: &[ReportInfo], base: usize, placed: &[usize]) -> Vec<usize> {
    let mut others: Vec<usize> = (0..reports.len()).filter(|&i| i != base).collect();
    others.sort_by_key(|&i| {
        let r = &reports[i];
        let place = placed.iter().position(|&p| p == i).unwrap_or(usize::MAX);
        (place, r.year.is_none(), r.year, r.region.clone(), i)
    });
    let mut order = Vec::with_capacity(reports.len());
    if base < reports.len() {
        order.push(base);
    }
    order.extend(others);
    order
}

/// The display order after moving the column at `position` one step (`left` or right),
/// never past the base in front; `None` when it cannot move that way.
pub fn moved(order: &[usize], position: usize, left: bool) -> Option<Vec<usize>> {
    let target = if left {
        position.checked_sub(1).filter(|&t| t >= 1)?
    } else {
        Some(position + 1).filter(|&t| t < order.len() && position >= 1)?
    };
    let mut order = order.to_vec();
    order.swap(position, target);
    Some(order)
}

fn side_spans(pair: &Pair, side_a: bool) -> Vec<Span> {
    pair.diff
        .iter()
        .filter_map(|d| {
            let mark = match (d.op, side_a) {
                (DiffOp::Equal, _) => Mark::Plain,
                (DiffOp::Delete, true) => Mark::Removed,
                (DiffOp::Insert, false) => Mark::Added,
                _ => return None,
            };
            Some(Span {
                mark,
                text: d.text.clone(),
                number: d.number,
            })
        })
        .collect()
}

fn plain(text: &str) -> Vec<Span> {
    vec![Span {
        mark: Mark::Plain,
        text: text.to_owned(),
        number: false,
    }]
}

/// (passage, kind, text) of every sentence of `report` on `topic`.
pub fn topic_sentences<'a>(
    report: &'a Report,
    topic: &'a str,
) -> impl Iterator<Item = (usize, Kind, &'a str)> + 'a {
    report
        .passages
        .iter()
        .enumerate()
        .flat_map(move |(p, passage)| {
            let from_sentences = passage
                .sentences
                .iter()
                .filter(move |s| s.topics.iter().any(|t| t == topic))
                .map(move |s| (p, s.kind, s.text.as_str()));
            let whole = (passage.sentences.is_empty() && passage.topics.iter().any(|t| t == topic))
                .then_some((p, passage.kind, passage.text.as_str()));
            from_sentences.chain(whole)
        })
}

/// A sentence: (report, passage, trimmed text).
type Id<'a> = (usize, usize, &'a str);

/// Lays out one topic as rows, anchored on the columns in `columns` order (the base first), and
/// sorted into reading order: each row where its anchor sits in its own report.
pub fn build_rows(
    cmp: &Comparison,
    reports: &[&Report],
    topic: &str,
    kinds: &KindFilter,
    columns: &[usize],
) -> Vec<Row> {
    let n = reports.len();
    // The pairs touching each sentence, with whether it is the pair's side a.
    let mut touching: HashMap<Id<'_>, Vec<(&Pair, bool)>> = HashMap::new();
    for pair in cmp.pairs.iter().filter(|p| {
        p.topic == topic
            && (kinds.shows(p.a.kind) || kinds.shows(p.b.kind))
            && p.a.report < n
            && p.b.report < n
            && p.a.report != p.b.report
    }) {
        let a = (pair.a.report, pair.a.passage, pair.a.text.trim());
        let b = (pair.b.report, pair.b.passage, pair.b.text.trim());
        touching.entry(a).or_default().push((pair, true));
        touching.entry(b).or_default().push((pair, false));
    }
    let mut used: HashSet<Id<'_>> = HashSet::new();
    let mut rows = Vec::new();
    for (position, &col) in columns.iter().enumerate() {
        let Some(report) = reports.get(col) else {
            continue;
        };
        let len = report.passages.len().max(1) as f64;
        for (passage, kind, text) in topic_sentences(report, topic) {
            let id = (col, passage, text.trim());
            if !kinds.shows(kind) || used.contains(&id) {
                continue;
            }
            // Best partner per other report. The base's sentences take their best match even if
            // another row shows it too; later columns only take sentences not yet shown.
            let mut best: HashMap<usize, (&Pair, bool)> = HashMap::new();
            for &(pair, anchor_a) in touching.get(&id).into_iter().flatten() {
                let other = if anchor_a { &pair.b } else { &pair.a };
                let other_id = (other.report, other.passage, other.text.trim());
                if position > 0 && used.contains(&other_id) {
                    continue;
                }
                let better = best
                    .get(&other.report)
                    .is_none_or(|(b, _)| pair.similarity > b.similarity);
                if better {
                    best.insert(other.report, (pair, anchor_a));
                }
            }
            used.insert(id);
            let mut cells = vec![None; n];
            let mut anchor_marks = Vec::new();
            let mut differs = best.is_empty();
            for &other_col in columns {
                let Some(&(pair, anchor_a)) = best.get(&other_col) else {
                    continue;
                };
                let other = if anchor_a { &pair.b } else { &pair.a };
                used.insert((other.report, other.passage, other.text.trim()));
                differs |= pair.diff.iter().any(|d| d.op != DiffOp::Equal);
                anchor_marks.push((other_col, side_spans(pair, anchor_a)));
                cells[other_col] = Some(CellText {
                    passage: other.passage,
                    kind: other.kind,
                    spans: side_spans(pair, !anchor_a),
                });
            }
            cells[col] = Some(CellText {
                passage,
                kind,
                spans: plain(text),
            });
            rows.push(Row {
                cells,
                anchor: col,
                anchor_marks,
                differs,
                order: passage as f64 / len,
            });
        }
    }
    rows.sort_by(|a, b| a.order.total_cmp(&b.order));
    rows
}

/// The rows worth showing when only the reports in `visible` are on screen (in display order,
/// the base first): none without a cell there; with `only_matched`, the base's sentences with a
/// match there (sentences of other reports paired among themselves are left out); with
/// `only_differences`, those that differ there. Each anchor is marked against its first partner
/// on screen, and `differs` says whether the row differs on screen.
pub fn shown(
    rows: &[Row],
    visible: &[usize],
    only_matched: bool,
    only_differences: bool,
) -> Vec<Row> {
    let mut out = Vec::new();
    for row in rows {
        let filled = visible
            .iter()
            .filter(|&&c| row.cells.get(c).is_some_and(Option::is_some))
            .count();
        let base_row = visible.first() == Some(&row.anchor);
        if filled == 0 || (only_matched && (filled < 2 || !base_row)) {
            continue;
        }
        let mut row = row.clone();
        let marks = visible
            .iter()
            .find_map(|c| row.anchor_marks.iter().find(|(p, _)| p == c));
        if let (Some((_, spans)), Some(Some(cell))) = (marks, row.cells.get_mut(row.anchor)) {
            cell.spans = spans.clone();
        }
        let marked = visible.iter().any(|&c| {
            row.cells
                .get(c)
                .and_then(Option::as_ref)
                .is_some_and(|cell| cell.spans.iter().any(|s| s.mark != Mark::Plain))
        });
        row.differs = filled < visible.len() || marked;
        if only_differences && !row.differs {
            continue;
        }
        out.push(row);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{DiffSpan, Passage, SentenceRef};

    const TOPIC: &str = "reconsideration";

    fn report(region: &str, year: i32, sentences: &[&str]) -> Report {
        Report {
            region: region.into(),
            year: Some(year),
            passages: sentences
                .iter()
                .map(|s| Passage {
                    section: String::new(),
                    kind: Kind::Achievement,
                    topics: vec![TOPIC.into()],
                    text: (*s).into(),
                    sentences: Vec::new(),
                    continues: false,
                })
                .collect(),
            ..Report::default()
        }
    }

    fn at(report: usize, passage: usize, text: &str) -> SentenceRef {
        SentenceRef {
            report,
            text: text.into(),
            passage,
            kind: Kind::Achievement,
        }
    }

    /// A pair whose diff is `equal` then, when they differ, the two texts' own tails.
    fn pair(a: SentenceRef, b: SentenceRef, similarity: f64) -> Pair {
        let common: String = a
            .text
            .chars()
            .zip(b.text.chars())
            .take_while(|(x, y)| x == y)
            .map(|(x, _)| x)
            .collect();
        let mut diff = vec![DiffSpan {
            op: DiffOp::Equal,
            text: common.clone(),
            number: false,
        }];
        for (op, text) in [(DiffOp::Delete, &a.text), (DiffOp::Insert, &b.text)] {
            let tail = &text[common.len()..];
            if !tail.is_empty() {
                diff.push(DiffSpan {
                    op,
                    text: tail.into(),
                    number: true,
                });
            }
        }
        Pair {
            topic: TOPIC.into(),
            similarity,
            a,
            b,
            diff,
        }
    }

    fn comparison(reports: &[Report], pairs: Vec<Pair>) -> Comparison {
        Comparison {
            reports: reports
                .iter()
                .map(|r| ReportInfo {
                    region: r.region.clone(),
                    year: r.year,
                    ..ReportInfo::default()
                })
                .collect(),
            topics: Vec::new(),
            metrics: Vec::new(),
            pairs,
            commitments: Vec::new(),
            follow_through: Vec::new(),
            highlights: Default::default(),
            checks: Vec::new(),
            notes: Default::default(),
            copied: Vec::new(),
        }
    }

    fn texts(row: &Row) -> Vec<Option<String>> {
        row.cells
            .iter()
            .map(|c| c.as_ref().map(CellText::text))
            .collect()
    }

    /// Three reports: the base's first sentence is matched in both others (best match kept), its
    /// second nowhere; a sentence only the last two share heads a row of its own.
    fn three() -> (Vec<Report>, Comparison) {
        let reports = vec![
            report("甲市", 2020, &["收到复议申请26件", "办结率100%"]),
            report(
                "乙市",
                2021,
                &["收到复议申请31件", "收到复议申请近30件", "听证3次"],
            ),
            report("丙市", 2019, &["收到复议申请26件", "听证5次"]),
        ];
        let pairs = vec![
            pair(
                at(0, 0, "收到复议申请26件"),
                at(1, 0, "收到复议申请31件"),
                0.9,
            ),
            pair(
                at(0, 0, "收到复议申请26件"),
                at(1, 1, "收到复议申请近30件"),
                0.8,
            ),
            pair(
                at(0, 0, "收到复议申请26件"),
                at(2, 0, "收到复议申请26件"),
                1.0,
            ),
            pair(at(1, 2, "听证3次"), at(2, 1, "听证5次"), 0.7),
        ];
        let cmp = comparison(&reports, pairs);
        (reports, cmp)
    }

    fn rows_of(reports: &[Report], cmp: &Comparison, base: usize) -> Vec<Row> {
        let refs: Vec<&Report> = reports.iter().collect();
        let columns = column_order(&cmp.reports, base, &[]);
        build_rows(cmp, &refs, TOPIC, &KindFilter::default(), &columns)
    }

    #[test]
    fn columns_go_base_first_then_by_year_then_region() {
        let (_, cmp) = three();
        assert_eq!(column_order(&cmp.reports, 0, &[]), [0, 2, 1]);
        assert_eq!(column_order(&cmp.reports, 1, &[]), [1, 2, 0]);
        let mut infos = cmp.reports.clone();
        infos[2].year = None;
        infos.push(ReportInfo {
            region: "丁市".into(),
            year: Some(2021),
            ..ReportInfo::default()
        });
        // Same year: by region (丁 before 乙 by code point); no year: last.
        assert_eq!(column_order(&infos, 0, &[]), [0, 3, 1, 2]);
        assert!(column_order(&[], 0, &[]).is_empty());
    }

    #[test]
    fn placed_columns_come_first_in_the_users_order_the_rest_by_year() {
        let (_, cmp) = three();
        // By year the order is [0, 2, 1]; the user put 1 before 2.
        assert_eq!(column_order(&cmp.reports, 0, &[1, 2]), [0, 1, 2]);
        // The base stays in front even when the user's list names it.
        assert_eq!(column_order(&cmp.reports, 2, &[2, 1, 0]), [2, 1, 0]);
        // Only some placed: they lead, the others follow by year.
        assert_eq!(column_order(&cmp.reports, 0, &[1]), [0, 1, 2]);
    }

    #[test]
    fn a_column_moves_one_step_but_never_before_the_base() {
        let order = [4, 1, 2, 3];
        assert_eq!(moved(&order, 2, true), Some(vec![4, 2, 1, 3]));
        assert_eq!(moved(&order, 2, false), Some(vec![4, 1, 3, 2]));
        assert_eq!(moved(&order, 1, true), None, "the base stays first");
        assert_eq!(
            moved(&order, 3, false),
            None,
            "the last column cannot go right"
        );
        assert_eq!(moved(&order, 0, false), None, "the base does not move");
    }

    #[test]
    fn base_sentences_take_their_best_match_in_each_report() {
        let (reports, cmp) = three();
        let rows = rows_of(&reports, &cmp, 0);
        let all: Vec<_> = rows.iter().map(texts).collect();
        let s = |t: &str| Some(t.to_string());
        assert_eq!(
            all,
            [
                vec![
                    s("收到复议申请26件"),
                    s("收到复议申请31件"),
                    s("收到复议申请26件")
                ],
                // 近30件 was a weaker match of the base sentence: a row of its own.
                vec![None, s("收到复议申请近30件"), None],
                vec![s("办结率100%"), None, None],
                vec![None, s("听证3次"), s("听证5次")],
            ]
        );
        assert_eq!(
            rows.iter().map(|r| r.anchor).collect::<Vec<_>>(),
            [0, 1, 0, 2]
        );
        assert!(rows.iter().all(|r| r.differs));
    }

    #[test]
    fn pinning_another_base_anchors_its_sentences() {
        let (reports, cmp) = three();
        let rows = rows_of(&reports, &cmp, 2);
        assert_eq!(rows[0].anchor, 2);
        assert_eq!(rows[0].anchor_text(), "收到复议申请26件");
        // 丙's 听证5次 heads its row now, with 乙's 听证3次 beside it.
        let hearing = rows
            .iter()
            .find(|r| r.anchor_text() == "听证5次")
            .expect("row");
        assert_eq!(hearing.anchor, 2);
        assert!(hearing.cells[1].is_some());
    }

    #[test]
    fn shown_keeps_rows_with_a_match_on_screen_and_marks_against_it() {
        let (reports, cmp) = three();
        let rows = rows_of(&reports, &cmp, 0);
        // Only the base and 丙 (identical to it) on screen.
        let on_screen = shown(&rows, &[0, 2], true, false);
        assert_eq!(on_screen.len(), 1);
        assert!(!on_screen[0].differs, "identical on screen");
        assert!(shown(&rows, &[0, 2], true, true).is_empty());
        // Base and 乙: the base sentence now shows what 乙 changed.
        let on_screen = shown(&rows, &[0, 1], true, false);
        assert_eq!(on_screen.len(), 1);
        assert!(on_screen[0].differs);
        let base = on_screen[0].cells[0].as_ref().expect("base cell");
        assert!(base.spans.iter().any(|s| s.mark == Mark::Removed));
        // Without the filter every row with a cell on screen stays; none of empty cells only.
        assert_eq!(shown(&rows, &[0, 2], false, false).len(), 3);
        assert_eq!(shown(&rows, &[0, 1, 2], false, false).len(), 4);
        // 乙's 听证3次 beside 丙's 听证5次 is a match, but not of the base: left out.
        assert_eq!(shown(&rows, &[0, 1, 2], true, false).len(), 1);
    }

    #[test]
    fn kinds_filter_and_other_topics_are_left_out() {
        let (mut reports, cmp) = three();
        reports[0].passages[1].kind = Kind::Plan;
        reports[0].passages[1].topics = vec!["enforcement".into()];
        let rows = rows_of(&reports, &cmp, 0);
        assert!(rows.iter().all(|r| r.anchor_text() != "办结率100%"));
        let kinds = KindFilter {
            achievement: false,
            ..KindFilter::default()
        };
        let refs: Vec<&Report> = reports.iter().collect();
        assert!(build_rows(&cmp, &refs, TOPIC, &kinds, &[0, 1, 2]).is_empty());
    }
}
