//! The overview's columns and their values, without egui: one column per compared report, or,
//! past [`AGGREGATE_OVER`] reports, one per province that the user can open into its reports.
//! Input: the comparison's reports and topic rows; output: `Column`s and each one's `Value` for
//! a topic.

use std::collections::{BTreeMap, BTreeSet};

use crate::app::text;
use crate::model::{KindCounts, ReportInfo, TopicRow};

/// Up to this many reports, one column each; past it, one per province. Two dozen columns are
/// about what a wide screen shows without scrolling.
pub const AGGREGATE_OVER: usize = 24;

/// The group of reports whose province is not known (ministries, unrecognised regions).
pub fn other() -> &'static str {
    text::OTHER_PROVINCES.get()
}

#[derive(Debug, Clone, PartialEq)]
pub enum Column {
    /// A report, by its index in the comparison.
    Report(usize),
    /// A province's reports, in comparison order; `open` when its reports follow as columns.
    Province {
        name: String,
        reports: Vec<usize>,
        open: bool,
    },
}

/// A column's numbers for one topic: for a report, its own; for a province, summed over its
/// reports, with how many of them cover the topic at all.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Value {
    pub reports: usize,
    pub covering: usize,
    pub passages: usize,
    pub facts: usize,
    pub kinds: KindCounts,
}

/// The columns for these reports; `open` names the provinces shown with their reports. Provinces
/// go by name, [`other`] last.
pub fn columns(reports: &[ReportInfo], open: &BTreeSet<String>) -> Vec<Column> {
    if reports.len() <= AGGREGATE_OVER {
        return (0..reports.len()).map(Column::Report).collect();
    }
    let mut by_province: BTreeMap<(bool, &str), Vec<usize>> = BTreeMap::new();
    for (i, info) in reports.iter().enumerate() {
        let name = info.province.as_str();
        let key = if name.is_empty() {
            (true, other())
        } else {
            (false, name)
        };
        by_province.entry(key).or_default().push(i);
    }
    let mut out = Vec::new();
    for ((_, name), members) in by_province {
        let is_open = open.contains(name);
        let shown = if is_open { members.clone() } else { Vec::new() };
        out.push(Column::Province {
            name: name.to_string(),
            reports: members,
            open: is_open,
        });
        out.extend(shown.into_iter().map(Column::Report));
    }
    out
}

/// The value of `column` in the row of one topic.
pub fn value(row: &TopicRow, column: &Column) -> Value {
    let members: &[usize] = match column {
        Column::Report(i) => std::slice::from_ref(i),
        Column::Province { reports, .. } => reports,
    };
    let mut v = Value::default();
    for cell in members.iter().filter_map(|&i| row.cells.get(i)) {
        v.reports += 1;
        v.covering += usize::from(cell.passages > 0);
        v.passages += cell.passages;
        v.facts += cell.facts;
        v.kinds.achievement += cell.kinds.achievement;
        v.kinds.shortcoming += cell.kinds.shortcoming;
        v.kinds.plan += cell.kinds.plan;
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Cell;

    fn info(province: &str) -> ReportInfo {
        ReportInfo {
            province: province.to_string(),
            ..ReportInfo::default()
        }
    }

    fn many(provinces: &[&str]) -> Vec<ReportInfo> {
        // Enough reports to aggregate, cycling through the provinces given.
        (0..=AGGREGATE_OVER)
            .map(|i| info(provinces[i % provinces.len()]))
            .collect()
    }

    #[test]
    fn few_reports_get_a_column_each() {
        let reports = vec![info("江苏省"), info("江苏省"), info("")];
        assert_eq!(
            columns(&reports, &BTreeSet::new()),
            [Column::Report(0), Column::Report(1), Column::Report(2)]
        );
    }

    #[test]
    fn many_reports_group_by_province_by_name_with_unknown_last() {
        let reports = many(&["江苏省", "", "福建省"]);
        let cols = columns(&reports, &BTreeSet::new());
        let names: Vec<(&str, usize, bool)> = cols
            .iter()
            .filter_map(|c| match c {
                Column::Province {
                    name,
                    reports,
                    open,
                } => Some((name.as_str(), reports.len(), *open)),
                Column::Report(_) => None,
            })
            .collect();
        let third = reports.len() / 3;
        assert_eq!(
            names,
            [
                ("江苏省", reports.len() - 2 * third, false),
                ("福建省", third, false),
                (other(), third, false)
            ]
        );
        assert_eq!(cols.len(), 3, "closed provinces show no report columns");
    }

    #[test]
    fn an_open_province_is_followed_by_its_reports() {
        let reports = many(&["江苏省", "福建省"]);
        let open = BTreeSet::from(["福建省".to_string()]);
        let cols = columns(&reports, &open);
        let fujian: Vec<usize> = (0..reports.len()).filter(|i| i % 2 == 1).collect();
        assert_eq!(
            cols[1],
            Column::Province {
                name: "福建省".into(),
                reports: fujian.clone(),
                open: true
            }
        );
        let after: Vec<Column> = fujian.into_iter().map(Column::Report).collect();
        assert_eq!(cols[2..], after[..]);
    }

    #[test]
    fn a_province_sums_its_reports_and_counts_those_covering() {
        let cell = |report, passages, facts| Cell {
            report,
            passages,
            facts,
            kinds: KindCounts {
                achievement: passages,
                ..KindCounts::default()
            },
        };
        let row = TopicRow {
            id: "enforcement".into(),
            label: "行政执法".into(),
            key: true,
            cells: vec![cell(0, 3, 1), cell(1, 0, 0), cell(2, 5, 2)],
        };
        let province = Column::Province {
            name: "江苏省".into(),
            reports: vec![0, 1, 2],
            open: false,
        };
        let v = value(&row, &province);
        assert_eq!(
            (
                v.reports,
                v.covering,
                v.passages,
                v.facts,
                v.kinds.achievement
            ),
            (3, 2, 8, 3, 8)
        );
        let one = value(&row, &Column::Report(1));
        assert_eq!((one.reports, one.covering, one.passages), (1, 0, 0));
    }
}
