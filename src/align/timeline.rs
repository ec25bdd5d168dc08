//! Timeline (历年): a comparison → for each region that several compared reports share (same
//! place, different years), its indicator values year by year, its topic coverage year by year,
//! and the chain of plans Y → Y+1 (reported done, not found, or repeated unchanged — a copied
//! commitment is a finding in itself). Built from the comparison alone: no text is re-read.

use serde::{Deserialize, Serialize};

use super::commitments::{region_key, same_region_key};
use crate::model::Comparison;

/// A plan of year Y whose twin among year Y+1's plans is at least this similar was copied, not
/// carried out ("继续推进…" written again word for word).
pub const REPEATED_SIMILARITY: f64 = 0.9;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Timeline {
    /// The fullest spelling of the region among its reports ("常州市新北区").
    pub region: String,
    /// Years in order, with the report (index into the comparison) of each.
    pub years: Vec<YearReport>,
    pub metrics: Vec<MetricSeries>,
    /// Topic id → passages per year (same order as `years`).
    pub coverage: Vec<TopicSeries>,
    /// One link per pair of successive years that both have a report.
    pub chain: Vec<ChainLink>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct YearReport {
    pub year: i32,
    pub report: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MetricSeries {
    pub metric: String,
    pub label: String,
    pub base_unit: String,
    /// (year, value in base units), years with a value only.
    pub points: Vec<(i32, f64)>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TopicSeries {
    pub topic: String,
    pub label: String,
    pub passages: Vec<usize>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChainLink {
    pub from_year: i32,
    pub to_year: i32,
    /// Plans of `from_year` checked against `to_year`'s report.
    pub plans: usize,
    /// … of which `to_year` reports as done.
    pub delivered: usize,
    /// … of which `to_year` promises again nearly word for word (texts of `from_year`).
    pub repeated: Vec<String>,
}

/// Every region with reports of at least two different years.
pub fn timelines(c: &Comparison) -> Vec<Timeline> {
    let keys: Vec<String> = c.reports.iter().map(|r| region_key(&r.region)).collect();
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for (i, r) in c.reports.iter().enumerate() {
        if r.error.is_some() || r.year.is_none() || keys[i].is_empty() {
            continue;
        }
        match groups
            .iter_mut()
            .find(|g| same_region_key(&keys[g[0]], &keys[i]))
        {
            Some(g) => g.push(i),
            None => groups.push(vec![i]),
        }
    }
    groups
        .into_iter()
        .filter_map(|g| timeline(c, &g, &keys))
        .collect()
}

fn timeline(c: &Comparison, group: &[usize], keys: &[String]) -> Option<Timeline> {
    // One report per year: the first in the comparison's order when a year repeats.
    let mut years: Vec<YearReport> = Vec::new();
    for &i in group {
        let year = c.reports[i].year?;
        if !years.iter().any(|y| y.year == year) {
            years.push(YearReport { year, report: i });
        }
    }
    if years.len() < 2 {
        return None;
    }
    years.sort_by_key(|y| y.year);
    let region = group
        .iter()
        .map(|&i| keys[i].as_str())
        .max_by_key(|k| k.chars().count())
        .unwrap_or_default()
        .to_string();

    let metrics = c
        .metrics
        .iter()
        .filter_map(|row| {
            let points: Vec<(i32, f64)> = years
                .iter()
                .filter_map(|y| {
                    row.values
                        .iter()
                        .find(|v| v.report == y.report)
                        .map(|v| (y.year, v.normalized))
                })
                .collect();
            let base_unit = row
                .values
                .iter()
                .find(|v| years.iter().any(|y| y.report == v.report))?
                .base_unit
                .clone();
            (points.len() >= 2).then(|| MetricSeries {
                metric: row.metric.clone(),
                label: row.label.clone(),
                base_unit,
                points,
            })
        })
        .collect();

    let coverage = c
        .topics
        .iter()
        .map(|t| TopicSeries {
            topic: t.id.clone(),
            label: t.label.clone(),
            passages: years
                .iter()
                .map(|y| {
                    t.cells
                        .iter()
                        .find(|x| x.report == y.report)
                        .map_or(0, |x| x.passages)
                })
                .collect(),
        })
        .collect();

    let chain = years
        .windows(2)
        .filter(|w| w[1].year == w[0].year + 1)
        .map(|w| link(c, w[0], w[1]))
        .collect();

    Some(Timeline {
        region,
        years,
        metrics,
        coverage,
        chain,
    })
}

fn link(c: &Comparison, from: YearReport, to: YearReport) -> ChainLink {
    let followed: Vec<_> = c
        .follow_through
        .iter()
        .filter(|f| {
            f.plan.report == from.report
                && f.delivered.as_ref().is_none_or(|m| m.report == to.report)
        })
        .collect();
    let repeated = c
        .commitments
        .iter()
        .filter(|m| m.report == from.report)
        .filter(|m| {
            m.matches
                .iter()
                .any(|x| x.report == to.report && x.similarity >= REPEATED_SIMILARITY)
        })
        .map(|m| m.text.clone())
        .collect();
    ChainLink {
        from_year: from.year,
        to_year: to.year,
        plans: followed.len(),
        delivered: followed.iter().filter(|f| f.delivered.is_some()).count(),
        repeated,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::align::testutil::{fact, report};
    use crate::align::{CompareOptions, compare};
    use crate::model::Kind;

    /// One district in 2019 and 2020 (spelt two ways) and another place in 2020.
    fn three() -> Comparison {
        let mut a = report(
            "常州市新北区",
            2019,
            &[
                (
                    "reconsideration",
                    Kind::Achievement,
                    "全年收到行政复议申请26件。",
                ),
                (
                    "enforcement",
                    Kind::Plan,
                    "继续推进行政执法三项制度全面落实。",
                ),
                (
                    "transparency",
                    Kind::Plan,
                    "建设政务公开专区并实现镇街全覆盖。",
                ),
            ],
        );
        a.facts = vec![fact(
            "reconsideration.received",
            26.0,
            "件",
            0,
            "收到行政复议申请26件",
        )];
        let mut b = report(
            "新北区人民政府",
            2020,
            &[
                (
                    "reconsideration",
                    Kind::Achievement,
                    "全年收到行政复议申请31件。",
                ),
                (
                    "transparency",
                    Kind::Achievement,
                    "建成政务公开专区,实现镇街全覆盖。",
                ),
                (
                    "enforcement",
                    Kind::Plan,
                    "继续推进行政执法三项制度全面落实。",
                ),
            ],
        );
        b.facts = vec![fact(
            "reconsideration.received",
            31.0,
            "件",
            0,
            "收到行政复议申请31件",
        )];
        let c = report(
            "溧阳市",
            2020,
            &[(
                "reconsideration",
                Kind::Achievement,
                "全年收到行政复议申请12件。",
            )],
        );
        compare(&[a, b, c], &CompareOptions::default())
    }

    #[test]
    fn a_region_over_two_years_gets_values_coverage_and_its_plan_chain() {
        let t = timelines(&three());
        assert_eq!(t.len(), 1, "only the district has two years");
        let t = &t[0];
        assert_eq!(t.region, "常州市新北区");
        assert_eq!(
            t.years.iter().map(|y| y.year).collect::<Vec<_>>(),
            [2019, 2020]
        );
        let received = t
            .metrics
            .iter()
            .find(|m| m.metric == "reconsideration.received")
            .expect("series");
        assert_eq!(received.points, vec![(2019, 26.0), (2020, 31.0)]);
        let rec = t.coverage.iter().find(|s| s.topic == "reconsideration");
        assert_eq!(rec.map(|s| s.passages.clone()), Some(vec![1, 1]));
        assert_eq!(t.chain.len(), 1);
        let link = &t.chain[0];
        assert_eq!((link.from_year, link.to_year), (2019, 2020));
        assert_eq!(
            link.repeated,
            vec!["继续推进行政执法三项制度全面落实。".to_string()]
        );
        assert!(link.plans >= 2 && link.delivered >= 1, "{link:?}");
    }

    #[test]
    fn one_year_per_region_gives_no_timeline() {
        let c = compare(
            &[
                report(
                    "甲市",
                    2020,
                    &[("enforcement", Kind::Achievement, "执法。")],
                ),
                report(
                    "乙市",
                    2020,
                    &[("enforcement", Kind::Achievement, "执法。")],
                ),
            ],
            &CompareOptions::default(),
        );
        assert!(timelines(&c).is_empty());
    }
}
