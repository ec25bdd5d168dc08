//! Plan sentences → commitments (each plan sentence with the most similar plan sentence of every
//! other report; none = only that report made it) and follow-through (a region's plan for year Y
//! against its achievements reported for Y+1).

use super::pairs::{BestByReport, offer, round3};
use super::similarity::{Space, all_pairs, cosine};
use super::units::Unit;
use super::vocab::topic_rank;
use crate::model::{Commitment, FollowThrough, Kind, Match, PlanRef, Report};

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
    out.sort_by_key(|(i, c)| (topic_rank(&c.topic), c.report, *i));
    out.into_iter().map(|(_, c)| c).collect()
}

/// "常州市新北区人民政府" → "常州市新北区": the part of a region name that identifies it.
fn region_key(region: &str) -> String {
    let r: String = region.chars().filter(|c| !c.is_whitespace()).collect();
    let r = r
        .strip_suffix("人民政府")
        .or_else(|| r.strip_suffix("政府"))
        .unwrap_or(&r);
    r.to_string()
}

/// Equal, or one name contains the other ("新北区" / "常州市新北区").
fn same_region(a: &str, b: &str) -> bool {
    let (a, b) = (region_key(a), region_key(b));
    let shorter = a.chars().count().min(b.chars().count());
    shorter >= 2 && (a.contains(&b) || b.contains(&a))
}

pub fn follow_through(
    reports: &[Report],
    units: &[Unit<'_>],
    space: &Space,
    threshold: f32,
) -> Vec<FollowThrough> {
    let mut out = Vec::new();
    for (i, ri) in reports.iter().enumerate() {
        for (j, rj) in reports.iter().enumerate() {
            let consecutive = matches!((ri.year, rj.year), (Some(y1), Some(y2)) if y2 == y1 + 1);
            if !consecutive
                || ri.error.is_some()
                || rj.error.is_some()
                || !same_region(&ri.region, &rj.region)
            {
                continue;
            }
            let delivered: Vec<usize> = (0..units.len())
                .filter(|&k| units[k].report == j && units[k].kind == Kind::Achievement)
                .collect();
            for (p, plan) in units.iter().enumerate() {
                if plan.report != i || plan.kind != Kind::Plan {
                    continue;
                }
                let best = delivered
                    .iter()
                    .map(|&k| (k, cosine(vector(space, p), vector(space, k))))
                    .fold(None, |acc: Option<(usize, f32)>, (k, s)| match acc {
                        Some((_, b)) if b >= s => acc,
                        _ => Some((k, s)),
                    });
                out.push(FollowThrough {
                    plan: PlanRef {
                        report: i,
                        text: plan.text.to_string(),
                        topic: first_topic(plan).to_string(),
                    },
                    delivered: best.filter(|(_, s)| *s >= threshold).map(|(k, s)| Match {
                        report: j,
                        text: units[k].text.to_string(),
                        similarity: round3(s),
                    }),
                });
            }
        }
    }
    out
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
