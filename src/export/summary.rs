//! The sections the HTML page and the Markdown summary share, walked once into rows (data →
//! rows → draw): which items, in which order, cut where, marked how. html.rs and markdown.rs only
//! render these rows in their own markup and escaping.

use super::{MAX_LIST, MAX_SPREADS, first_value};
use crate::model::{Comparison, KindCounts, MetricRow, MetricValue, TopicRow};
use crate::tables::tables;

/// The highest or lowest value of an indicator row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    Highest,
    Lowest,
}

impl Mark {
    fn of(row: &MetricRow, report: usize) -> Option<Mark> {
        if row.highest == Some(report) {
            Some(Mark::Highest)
        } else if row.lowest == Some(report) {
            Some(Mark::Lowest)
        } else {
            None
        }
    }

    /// "▲ " or "▼ ".
    pub fn arrow(self) -> &'static str {
        match self {
            Mark::Highest => "▲ ",
            Mark::Lowest => "▼ ",
        }
    }
}

/// One line of 主要差异 Biggest differences. Report texts are raw: the renderer escapes them.
#[derive(Debug, Clone, PartialEq)]
pub enum Difference<'c> {
    /// An indicator whose values are furthest apart.
    Spread(Gap<'c>),
    /// A plan only this report made.
    Only { report: usize, text: &'c str },
    /// A topic this report never mentions (its label).
    Uncovered { report: usize, topic: &'c str },
    /// The list above was cut; this many more.
    More(usize),
}

/// An indicator's label, then (report, value as written) of its highest and lowest value.
#[derive(Debug, Clone, PartialEq)]
pub struct Gap<'c> {
    pub label: &'c str,
    pub highest: (usize, String),
    pub lowest: (usize, String),
}

/// The biggest differences in order: spreads, plans only one report made, topics not covered;
/// each list cut at its limit with a `More` line.
pub fn differences(c: &Comparison) -> Vec<Difference<'_>> {
    let hl = &c.highlights;
    let mut out: Vec<Difference> = hl
        .spreads
        .iter()
        .take(MAX_SPREADS)
        .filter_map(|s| {
            let row = c.metrics.get(s.row)?;
            Some(Difference::Spread(Gap {
                label: &row.label,
                highest: (s.highest, first_value(row, s.highest)),
                lowest: (s.lowest, first_value(row, s.lowest)),
            }))
        })
        .collect();
    out.extend(
        hl.only_commitments
            .iter()
            .take(MAX_LIST)
            .filter_map(|&i| c.commitments.get(i))
            .map(|k| Difference::Only {
                report: k.report,
                text: &k.text,
            }),
    );
    more(&mut out, hl.only_commitments.len());
    out.extend(
        hl.uncovered
            .iter()
            .take(MAX_LIST)
            .map(|u| Difference::Uncovered {
                report: u.report,
                topic: tables().topic_label(&u.topic),
            }),
    );
    more(&mut out, hl.uncovered.len());
    out
}

fn more(out: &mut Vec<Difference>, total: usize) {
    if total > MAX_LIST {
        out.push(Difference::More(total - MAX_LIST));
    }
}

/// One cell of the coverage grid.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CoverageCell {
    pub passages: usize,
    pub facts: usize,
    pub kinds: KindCounts,
    /// Shade 0 (no passage) to 4, relative to the busiest cell of the grid.
    pub level: usize,
}

impl CoverageCell {
    /// "6 / 4" (passages / facts), or "—" for none.
    pub fn text(&self) -> String {
        if self.passages == 0 {
            "—".to_string()
        } else {
            format!("{} / {}", self.passages, self.facts)
        }
    }
}

/// Each topic with its cells, shaded by passages relative to the busiest cell.
pub fn coverage(c: &Comparison) -> Vec<(&TopicRow, Vec<CoverageCell>)> {
    let max = c
        .topics
        .iter()
        .flat_map(|t| &t.cells)
        .map(|cell| cell.passages)
        .max()
        .unwrap_or(0);
    c.topics
        .iter()
        .map(|t| {
            let cells = t
                .cells
                .iter()
                .map(|cell| CoverageCell {
                    passages: cell.passages,
                    facts: cell.facts,
                    kinds: cell.kinds,
                    level: if cell.passages == 0 || max == 0 {
                        0
                    } else {
                        1 + (cell.passages * 3).div_ceil(max).min(3)
                    },
                })
                .collect();
            (t, cells)
        })
        .collect()
}

/// One report's values of an indicator, with its ▲/▼ mark.
pub struct IndicatorCell<'c> {
    pub mark: Option<Mark>,
    pub values: Vec<&'c MetricValue>,
}

/// Each indicator row with one cell per report.
pub fn indicators(c: &Comparison) -> Vec<(&MetricRow, Vec<IndicatorCell<'_>>)> {
    c.metrics
        .iter()
        .map(|row| {
            let cells = (0..c.reports.len())
                .map(|i| IndicatorCell {
                    mark: Mark::of(row, i),
                    values: row.values.iter().filter(|v| v.report == i).collect(),
                })
                .collect();
            (row, cells)
        })
        .collect()
}

/// (delivered, not found) among the plans followed through.
pub fn follow_counts(c: &Comparison) -> (usize, usize) {
    let done = c
        .follow_through
        .iter()
        .filter(|f| f.delivered.is_some())
        .count();
    (done, c.follow_through.len() - done)
}

/// The 模板句 section's heading and column headers, in every export that has one.
pub const COPIED_TITLE: &str = "模板句 Copied sentences";
pub const COPIED_HEADER: [&str; 4] = [
    "报告数 Reports",
    "句子 Sentence",
    "最早 Earliest",
    "使用的报告 Used by",
];

/// One sentence many reports share, as the exports list it. `text` is raw (the renderer escapes
/// it); `used_by` joins the names `name` gave, so it is escaped as they are.
#[derive(Debug, Clone, PartialEq)]
pub struct CopiedRow<'c> {
    pub reports: usize,
    pub text: &'c str,
    pub earliest: Option<i32>,
    pub used_by: String,
}

impl CopiedRow<'_> {
    /// The earliest year, or "" when no report using it has one.
    pub fn earliest_text(&self) -> String {
        self.earliest.map(|y| y.to_string()).unwrap_or_default()
    }
}

/// The copied sentences, most shared first (the engine's order); empty when not computed.
pub fn copied<'c>(c: &'c Comparison, name: &dyn Fn(usize) -> String) -> Vec<CopiedRow<'c>> {
    c.copied
        .iter()
        .map(|s| CopiedRow {
            reports: s.reports.len(),
            text: &s.text,
            earliest: s.earliest_year,
            used_by: s
                .reports
                .iter()
                .map(|&r| name(r))
                .collect::<Vec<_>>()
                .join("、"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::testdata::comparison;

    #[test]
    fn differences_list_spreads_then_plans_then_gaps() {
        let (c, _) = comparison();
        let d = differences(&c);
        let gap = d
            .iter()
            .find_map(|x| match x {
                Difference::Spread(g) if g.label == "行政复议申请/案件数" => Some(g),
                _ => None,
            })
            .expect("the 复议 spread");
        assert_eq!(
            (&gap.highest, &gap.lowest),
            (&(1, "31件".into()), &(0, "26件".into()))
        );
        let only = d
            .iter()
            .position(|x| matches!(x, Difference::Only { .. }))
            .expect("a plan only 甲市 made");
        assert!(
            d[..only]
                .iter()
                .all(|x| matches!(x, Difference::Spread { .. }))
        );
    }

    #[test]
    fn the_busiest_cell_is_darkest_and_empty_cells_blank() {
        let (c, _) = comparison();
        let cells: Vec<CoverageCell> = coverage(&c).into_iter().flat_map(|(_, x)| x).collect();
        assert!(cells.iter().any(|x| x.level == 4));
        for x in cells.iter().filter(|x| x.passages == 0) {
            assert_eq!((x.level, x.text().as_str()), (0, "—"));
        }
    }

    #[test]
    fn copied_rows_name_every_report_using_the_sentence() {
        let c = crate::export::testdata::with_copied();
        let name = |i: usize| c.reports[i].display_name();
        let rows = copied(&c, &name);
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].reports, 3);
        assert_eq!(rows[0].text, crate::export::testdata::shared_sentence());
        assert_eq!(rows[0].earliest_text(), "2019");
        assert_eq!(rows[0].used_by, "甲市 2021、乙市 2019、丙市 2020");
        // Not computed: nothing.
        assert!(copied(&comparison().0, &name).is_empty());
    }
}
