//! A comparison → its biggest differences (`Highlights`): indicators whose values differ most
//! between reports, commitments only one report made, topics a report lacks. Computed once with
//! the comparison so every summary (HTML, Markdown, the app's overview) shows the same thing.

use crate::model::{Comparison, Highlights, MetricRow, Spread, Uncovered};

pub fn of(c: &Comparison) -> Highlights {
    Highlights {
        spreads: spreads(c),
        only_commitments: only_commitments(c),
        uncovered: uncovered(c),
    }
}

fn normalized_of(row: &MetricRow, report: usize) -> Option<f64> {
    row.values
        .iter()
        .find(|v| v.report == report)
        .map(|v| v.normalized)
}

/// Rows with a highest and a lowest report (comparable units, see `metrics`), widest relative
/// spread first; rows whose values are equal are not differences.
fn spreads(c: &Comparison) -> Vec<Spread> {
    let mut out: Vec<Spread> = c
        .metrics
        .iter()
        .enumerate()
        .filter_map(|(i, row)| {
            let (highest, lowest) = (row.highest?, row.lowest?);
            let (h, l) = (normalized_of(row, highest)?, normalized_of(row, lowest)?);
            if h <= l {
                return None;
            }
            let relative = if h.abs() > f64::EPSILON {
                ((h - l) / h.abs()).clamp(0.0, 1.0)
            } else {
                0.0
            };
            Some(Spread {
                row: i,
                metric: row.metric.clone(),
                highest,
                lowest,
                // Shown, not computed with: three decimals keep the JSON readable.
                relative: (relative * 1000.0).round() / 1000.0,
            })
        })
        .collect();
    out.sort_by(|a, b| b.relative.total_cmp(&a.relative));
    out
}

fn readable(c: &Comparison) -> usize {
    c.reports.iter().filter(|r| r.error.is_none()).count()
}

fn only_commitments(c: &Comparison) -> Vec<usize> {
    if readable(c) < 2 {
        return Vec::new();
    }
    c.commitments
        .iter()
        .enumerate()
        .filter(|(_, k)| k.matches.is_empty())
        .map(|(i, _)| i)
        .collect()
}

fn uncovered(c: &Comparison) -> Vec<Uncovered> {
    let mut out = Vec::new();
    for row in &c.topics {
        if row.id == "other" || !row.cells.iter().any(|cell| cell.passages > 0) {
            continue;
        }
        for cell in &row.cells {
            let readable = c
                .reports
                .get(cell.report)
                .is_some_and(|r| r.error.is_none());
            if readable && cell.passages == 0 {
                out.push(Uncovered {
                    topic: row.id.clone(),
                    report: cell.report,
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::testutil::{fact, report};
    use super::super::{CompareOptions, compare};
    use crate::model::Kind;

    #[test]
    fn highlights_name_the_spread_the_lone_plan_and_the_missing_topic() {
        let mut a = report(
            "甲市",
            2020,
            &[
                (
                    "reconsideration",
                    Kind::Achievement,
                    "全年共收到行政复议申请40件。",
                ),
                (
                    "normative_docs",
                    Kind::Plan,
                    "开展行政规范性文件专项清理工作。",
                ),
            ],
        );
        a.facts = vec![fact("reconsideration.received", 40.0, "件", 0, "申请40件")];
        let mut b = report(
            "乙市",
            2020,
            &[(
                "reconsideration",
                Kind::Achievement,
                "全年共收到行政复议申请10件。",
            )],
        );
        b.facts = vec![fact("reconsideration.received", 10.0, "件", 0, "申请10件")];
        let c = compare(&[a, b], &CompareOptions::default());
        let h = &c.highlights;
        assert_eq!(h.spreads.len(), 1);
        let s = &h.spreads[0];
        assert_eq!(
            (s.metric.as_str(), s.highest, s.lowest),
            ("reconsideration.received", 0, 1)
        );
        assert!((s.relative - 0.75).abs() < 1e-9);
        assert_eq!(c.metrics[s.row].metric, "reconsideration.received");
        let only: Vec<&str> = h
            .only_commitments
            .iter()
            .map(|&i| c.commitments[i].text.as_str())
            .collect();
        assert_eq!(only, ["开展行政规范性文件专项清理工作。"]);
        let uncovered: Vec<(&str, usize)> = h
            .uncovered
            .iter()
            .map(|u| (u.topic.as_str(), u.report))
            .collect();
        assert_eq!(uncovered, [("normative_docs", 1)]);
    }

    #[test]
    fn one_report_has_no_lone_commitments() {
        let a = report(
            "甲市",
            2020,
            &[(
                "normative_docs",
                Kind::Plan,
                "开展行政规范性文件专项清理工作。",
            )],
        );
        let c = compare(&[a], &CompareOptions::default());
        assert!(c.highlights.only_commitments.is_empty());
    }
}
