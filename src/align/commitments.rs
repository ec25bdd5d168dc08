//! Plan sentences → commitments (each plan sentence with the most similar plan sentence of every
//! other report; none = only that report made it) and follow-through (a region's plan for year Y
//! against its achievements reported for Y+1).

use rayon::prelude::*;

use super::MATCHES_PER_SENTENCE;
use super::pairs::{BestByReport, offer, round3};
use super::similarity::FxMap;
use super::similarity::{Space, all_pairs};
use super::units::Unit;
use crate::model::{Commitment, FollowThrough, Kind, Match, PlanRef, Report};
use crate::tables::tables;

fn vector(space: &Space, i: usize) -> &[(u32, f32)] {
    space.vectors.get(i).map_or(&[][..], |v| v.as_slice())
}

fn first_topic(u: &Unit<'_>) -> &'static str {
    u.topics.first().copied().unwrap_or("other")
}

/// Each plan sentence with its best match in each other report: all of them up to
/// `ALL_REPORT_PAIRS_UP_TO` reports, the [`MATCHES_PER_SENTENCE`] best past it. Always the exact
/// search: plan sentences are a few of all sentences and the threshold is high, so it costs a
/// tenth of pairing (3,000 reports: 0.6 s), while the nearest search kept only 0.425 of these
/// ranked matches there (`duibi bench --recall`, before commitments left it).
pub fn commitments(units: &[Unit<'_>], space: &Space, threshold: f32) -> Vec<Commitment> {
    let plans: Vec<usize> = (0..units.len())
        .filter(|&i| units[i].kind == Kind::Plan)
        .collect();
    let vectors: Vec<&[(u32, f32)]> = plans.iter().map(|&i| vector(space, i)).collect();
    let groups: Vec<usize> = plans.iter().map(|&i| units[i].report).collect();
    let edges = all_pairs(&vectors, &groups, threshold);
    let best = best_matches(plans.len(), edges, &groups);
    let mut out: Vec<(usize, Commitment)> = plans
        .iter()
        .zip(best)
        .map(|(&i, mut found)| {
            found.sort_by_key(|(report, _, _)| *report);
            let u = &units[i];
            let matches = found
                .into_iter()
                .map(|(report, other, sim)| Match {
                    report,
                    text: units[plans[other]].text.to_string(),
                    similarity: round3(sim),
                })
                .collect();
            let c = Commitment {
                topic: first_topic(u).to_string(),
                report: u.report,
                text: u.text.to_string(),
                matches,
            };
            (i, c)
        })
        .collect();
    out.sort_by_key(|(i, c)| (tables().topic_rank(&c.topic), c.report, *i));
    out.into_iter().map(|(_, c)| c).collect()
}

/// Each sentence's best partner in each other report, the [`MATCHES_PER_SENTENCE`] most similar
/// past the cap; up to it (11 other reports at most) this keeps them all.
///
/// A list past twice the cap is cut back to the cap as edges come: what falls out ranks below the
/// cap-th best, which only improves, so it could not return. Without the cut a plan copied in
/// thousands of reports scanned a list of thousands per edge (10,000 reports: 5.2 s).
fn best_matches(
    sentences: usize,
    edges: impl IntoIterator<Item = (usize, usize, f32)>,
    groups: &[usize],
) -> Vec<BestByReport> {
    let mut best: Vec<BestByReport> = vec![Vec::new(); sentences];
    let offer_kept = |found: &mut BestByReport, group: usize, other: usize, sim: f32| {
        offer(found, group, other, sim);
        if found.len() > 2 * MATCHES_PER_SENTENCE {
            keep_best_matches(found);
        }
    };
    for (x, y, sim) in edges {
        offer_kept(&mut best[x], groups[y], y, sim);
        offer_kept(&mut best[y], groups[x], x, sim);
    }
    best.iter_mut().for_each(keep_best_matches);
    best
}

/// The [`MATCHES_PER_SENTENCE`] most similar, ties to the earlier report.
fn keep_best_matches(found: &mut BestByReport) {
    if found.len() > MATCHES_PER_SENTENCE {
        found.sort_by(|a, b| b.2.total_cmp(&a.2).then(a.0.cmp(&b.0)));
        found.truncate(MATCHES_PER_SENTENCE);
    }
}

/// "常州市新北区人民政府" → "常州市新北区": the part of a region name that identifies it.
pub(crate) fn region_key(region: &str) -> String {
    let r: String = region.chars().filter(|c| !c.is_whitespace()).collect();
    let r = r
        .strip_suffix("人民政府")
        .or_else(|| r.strip_suffix("政府"))
        .unwrap_or(&r);
    r.to_string()
}

#[cfg(test)]
fn same_region(a: &str, b: &str) -> bool {
    same_region_key(&region_key(a), &region_key(b))
}

/// Higher divisions a name may be written under: "常州市新北区" is "新北区" of 常州市.
const PARENT_ENDS: [&str; 6] = ["省", "市", "自治区", "自治州", "州", "盟"];

/// One place written two ways: equal; or the longer is the shorter written under its parent
/// division ("常州市新北区" / "新北区"); or the shorter lacks only the level character
/// ("杭州" / "杭州市"). A name inside another is not enough: "经济技术开发区" is in
/// "北京经济技术开发区" and "杭州" in "杭州市上城区四季青街道", and each is another government.
pub(crate) fn same_region_key(a: &str, b: &str) -> bool {
    let (short, long) = if a.chars().count() <= b.chars().count() {
        (a, b)
    } else {
        (b, a)
    };
    if short.chars().count() < 2 {
        return false;
    }
    if short == long {
        return true;
    }
    if let Some(level) = long.strip_prefix(short) {
        return matches!(level, "市" | "省" | "县" | "区");
    }
    long.strip_suffix(short)
        .is_some_and(|parent| PARENT_ENDS.iter().any(|end| parent.ends_with(end)))
}

pub fn follow_through(
    reports: &[Report],
    units: &[Unit<'_>],
    space: &Space,
    threshold: f32,
) -> Vec<FollowThrough> {
    // Units come in report order: each report's sentences are one run of indices.
    let mut of_report: Vec<std::ops::Range<usize>> = vec![0..0; reports.len()];
    for (k, u) in units.iter().enumerate() {
        if let Some(r) = of_report.get_mut(u.report) {
            if r.start == r.end {
                *r = k..k + 1;
            } else {
                r.end = k + 1;
            }
        }
    }
    let successive = successive(reports);
    let sentences = |r: usize, kind: Kind| {
        of_report
            .get(r)
            .cloned()
            .unwrap_or_default()
            .filter(move |&k| units[k].report == r && units[k].kind == kind)
    };
    let per_pair: Vec<Vec<FollowThrough>> = successive
        .par_iter()
        .map_init(
            || vec![0f32; space.dims],
            |dense, &(i, j)| {
                let delivered: Vec<usize> = sentences(j, Kind::Achievement).collect();
                sentences(i, Kind::Plan)
                    .map(|p| {
                        let best = best_match(dense, vector(space, p), &delivered, space);
                        FollowThrough {
                            plan: PlanRef {
                                report: i,
                                text: units[p].text.to_string(),
                                topic: first_topic(&units[p]).to_string(),
                            },
                            delivered: best.filter(|(_, s)| *s >= threshold).map(|(k, s)| Match {
                                report: j,
                                text: units[k].text.to_string(),
                                similarity: round3(s),
                            }),
                        }
                    })
                    .collect()
            },
        )
        .collect();
    per_pair.into_iter().flatten().collect()
}

/// Pairs (i, j) of readable reports of one region (by [`same_region_key`]) where j's year is i's
/// plus one, sorted. Each name is looked up by its substrings among the names of the year before
/// and after, not compared with every other report's: linear in the reports, where all pairs of
/// 10,000 reports were 10⁸ comparisons.
fn successive(reports: &[Report]) -> Vec<(usize, usize)> {
    let keys: Vec<String> = reports.iter().map(|r| region_key(&r.region)).collect();
    let mut by_year: FxMap<i32, FxMap<&str, Vec<usize>>> = FxMap::default();
    for (i, r) in reports.iter().enumerate() {
        if let (Some(y), None) = (r.year, &r.error) {
            let names = by_year.entry(y).or_default();
            names.entry(keys[i].as_str()).or_default().push(i);
        }
    }
    let mut out: Vec<(usize, usize)> = Vec::new();
    for (i, r) in reports.iter().enumerate() {
        let (Some(y), None) = (r.year, &r.error) else {
            continue;
        };
        let key = keys[i].as_str();
        let bounds: Vec<usize> = key
            .char_indices()
            .map(|(b, _)| b)
            .chain([key.len()])
            .collect();
        // Every substring of two characters or more: a name of the other year equal to one of
        // them is contained in this one (every name of the same place is).
        for (s, &start) in bounds.iter().enumerate() {
            for &end in bounds.iter().skip(s + 2) {
                let part = &key[start..end];
                for (year, earlier) in [(y - 1, true), (y + 1, false)] {
                    let found = by_year.get(&year).and_then(|names| names.get(part));
                    // Containment finds the candidates; the names must still be one place.
                    for &k in found.into_iter().flatten() {
                        if same_region_key(key, &keys[k]) {
                            out.push(if earlier { (k, i) } else { (i, k) });
                        }
                    }
                }
            }
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// The candidate most similar to `query` (ties to the earlier one). The query's weights are
/// spread into `dense` (all zero before and after), so each cosine is lookups, not a merge.
fn best_match(
    dense: &mut [f32],
    query: &[(u32, f32)],
    candidates: &[usize],
    space: &Space,
) -> Option<(usize, f32)> {
    for &(f, w) in query {
        if let Some(d) = dense.get_mut(f as usize) {
            *d = w;
        }
    }
    let dot = |k: usize| -> f32 {
        vector(space, k)
            .iter()
            .map(|&(f, w)| w * dense.get(f as usize).copied().unwrap_or(0.0))
            .sum()
    };
    let best =
        candidates
            .iter()
            .map(|&k| (k, dot(k)))
            .fold(None, |acc: Option<(usize, f32)>, (k, s)| match acc {
                Some((_, b)) if b >= s => acc,
                _ => Some((k, s)),
            });
    for &(f, _) in query {
        if let Some(d) = dense.get_mut(f as usize) {
            *d = 0.0;
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cutting_lists_as_edges_come_keeps_the_same_best_matches() {
        // Random edges among 400 sentences of 100 reports, similarities on a coarse grid so
        // ties are common: the cut lists end as lists built whole and cut once at the end.
        let mut rng = crate::bench_corpus::Lcg::new(7);
        let groups: Vec<usize> = (0..400).map(|i| i % 100).collect();
        let mut edges = Vec::new();
        for _ in 0..40_000 {
            let (x, y) = (rng.below(400), rng.below(400));
            if groups[x] != groups[y] {
                let sim = 0.4 + rng.below(30) as f32 / 50.0;
                edges.push((x.min(y), x.max(y), sim));
            }
        }
        let mut whole: Vec<BestByReport> = vec![Vec::new(); 400];
        for &(x, y, sim) in &edges {
            offer(&mut whole[x], groups[y], y, sim);
            offer(&mut whole[y], groups[x], x, sim);
        }
        whole.iter_mut().for_each(keep_best_matches);
        let cut = best_matches(400, edges.iter().copied(), &groups);
        assert!(whole.iter().all(|f| f.len() == MATCHES_PER_SENTENCE));
        assert_eq!(cut, whole);
    }

    #[test]
    fn regions_match_when_one_is_the_other_under_its_parent() {
        let cases = [
            ("常州市新北区", "新北区", true),
            ("常州市新北区人民政府", "常州市新北区", true),
            ("溧阳市", "常州市", false),
            ("", "常州市", false),
            ("市", "常州市", false),
            ("杭州", "杭州市", true),
            ("杭州", "杭州市上城区四季青街道", false),
            ("经济技术开发区", "北京经济技术开发区", false),
            ("新区", "滨海新区", false),
            ("海沧区", "厦门市海沧区", true),
            ("上城区四季青街道", "杭州市上城区四季青街道", true),
            ("西湖区", "杭州市西湖区", true),
            ("西湖区", "南昌市西湖区", true),
            ("朝阳区", "朝阳市", false),
            ("恩施市", "恩施土家族苗族自治州恩施市", true),
        ];
        for (a, b, want) in cases {
            assert_eq!(same_region(a, b), want, "{a} / {b}");
        }
    }

    /// The substring lookup finds exactly the pairs a comparison of every two reports finds.
    #[test]
    fn successive_reports_are_those_of_one_region_a_year_apart() {
        let names = [
            "常州市新北区",
            "新北区",
            "常州市新北区人民政府",
            "常州市",
            "溧阳市",
            "市",
            "",
            "威海火炬高技术产业开发区",
            "火炬",
            "沙县",
            "三明市沙县区",
            "杭州",
            "杭州市",
            "杭州市上城区四季青街道",
            "上城区四季青街道",
            "经济技术开发区",
            "北京经济技术开发区",
        ];
        let mut reports = Vec::new();
        for (k, name) in names.iter().enumerate() {
            for year in [2018, 2019, 2020, 2022] {
                let mut r = crate::align::testutil::report(name, year, &[]);
                r.region = name.to_string();
                if (k + year as usize).is_multiple_of(5) {
                    r.year = None;
                }
                if (k + year as usize).is_multiple_of(7) {
                    r.error = Some("unreadable".into());
                }
                reports.push(r);
            }
        }
        let mut all = Vec::new();
        for (i, ri) in reports.iter().enumerate() {
            for (j, rj) in reports.iter().enumerate() {
                if matches!((ri.year, rj.year), (Some(a), Some(b)) if b == a + 1)
                    && ri.error.is_none()
                    && rj.error.is_none()
                    && same_region(&ri.region, &rj.region)
                {
                    all.push((i, j));
                }
            }
        }
        assert!(all.len() > 20, "{} pairs", all.len());
        assert_eq!(successive(&reports), all);
    }
}
