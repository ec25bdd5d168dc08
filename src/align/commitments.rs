//! Plan sentences → commitments (each plan sentence with the most similar plan sentence of every
//! other report; none = only that report made it) and follow-through (a region's plan for year Y
//! against its achievements reported for Y+1).

use rayon::prelude::*;

use super::pairs::{BestByReport, offer, round3};
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

pub fn commitments(units: &[Unit<'_>], space: &Space, threshold: f32) -> Vec<Commitment> {
    let plans: Vec<usize> = (0..units.len())
        .filter(|&i| units[i].kind == Kind::Plan)
        .collect();
    let vectors: Vec<&[(u32, f32)]> = plans.iter().map(|&i| vector(space, i)).collect();
    let groups: Vec<usize> = plans.iter().map(|&i| units[i].report).collect();
    let mut best: Vec<BestByReport> = vec![Vec::new(); plans.len()];
    for (x, y, sim) in all_pairs(&vectors, &groups, threshold) {
        offer(&mut best[x], groups[y], y, sim);
        offer(&mut best[y], groups[x], x, sim);
    }
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

/// "常州市新北区人民政府" → "常州市新北区": the part of a region name that identifies it.
pub(crate) fn region_key(region: &str) -> String {
    let r: String = region.chars().filter(|c| !c.is_whitespace()).collect();
    let r = r
        .strip_suffix("人民政府")
        .or_else(|| r.strip_suffix("政府"))
        .unwrap_or(&r);
    r.to_string()
}

/// Equal, or one name contains the other ("新北区" / "常州市新北区").
#[cfg(test)]
fn same_region(a: &str, b: &str) -> bool {
    same_region_key(&region_key(a), &region_key(b))
}

pub(crate) fn same_region_key(a: &str, b: &str) -> bool {
    let shorter = a.chars().count().min(b.chars().count());
    shorter >= 2 && (a.contains(b) || b.contains(a))
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
    let keys: Vec<String> = reports.iter().map(|r| region_key(&r.region)).collect();
    let successive: Vec<(usize, usize)> = (0..reports.len())
        .flat_map(|i| (0..reports.len()).map(move |j| (i, j)))
        .filter(|&(i, j)| {
            let (ri, rj) = (&reports[i], &reports[j]);
            matches!((ri.year, rj.year), (Some(y1), Some(y2)) if y2 == y1 + 1)
                && ri.error.is_none()
                && rj.error.is_none()
                && same_region_key(&keys[i], &keys[j])
        })
        .collect();
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
    fn regions_match_when_one_contains_the_other() {
        let cases = [
            ("常州市新北区", "新北区", true),
            ("常州市新北区人民政府", "常州市新北区", true),
            ("溧阳市", "常州市", false),
            ("", "常州市", false),
            ("市", "常州市", false),
        ];
        for (a, b, want) in cases {
            assert_eq!(same_region(a, b), want, "{a} / {b}");
        }
    }
}
