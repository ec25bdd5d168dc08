//! Plan sentences → commitments (each plan sentence with the most similar plan sentence of every
//! other report; none = only that report made it) and follow-through (a region's plan for year Y
//! against its achievements reported for Y+1).

use rayon::prelude::*;

use super::MATCHES_PER_SENTENCE;
use super::candidates::Classes;
use super::pairs::{BestByReport, offer, round3};
use super::similarity::FxMap;
use super::similarity::{Space, all_pairs, cosine};
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
    let best = best_matches(&vectors, &groups, threshold);
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

/// Each sentence's best partner in each other report (`groups[i]` is sentence i's report), the
/// [`MATCHES_PER_SENTENCE`] most similar past the cap; up to it (11 other reports at most) all.
///
/// A plan copied word for word into many reports is one class of identical vectors, searched
/// once: classes pair through the exact all-pairs search, and a sentence's candidates are the
/// first member per report of its own class and of each class paired with it — the first
/// `MATCHES_PER_SENTENCE + 1` reports of each are enough, since a later report of a class ranks
/// behind as good a match from each earlier one. Searching the sentences themselves met every pair
/// of copies: 1,000 copies of a plan are half a million edges.
fn best_matches(vectors: &[&[(u32, f32)]], groups: &[usize], threshold: f32) -> Vec<BestByReport> {
    let classes = Classes::of(vectors, groups, MATCHES_PER_SENTENCE);
    let reps = classes.reps(vectors);
    // A class of one report's sentences only takes that report as its group (it pairs with no
    // other class of it); a class of several reports a group of its own, past any report's.
    let class_groups: Vec<usize> = (classes.sole.iter().enumerate())
        .map(|(c, &sole)| {
            if sole == usize::MAX {
                usize::MAX - c
            } else {
                sole
            }
        })
        .collect();
    let mut paired: Vec<Vec<(u32, f32)>> = vec![Vec::new(); reps.len()];
    for (a, b, sim) in all_pairs(&reps, &class_groups, threshold) {
        paired[a].push((b as u32, sim));
        paired[b].push((a as u32, sim));
    }
    let self_sim: Vec<f32> = reps.iter().map(|v| cosine(v, v)).collect();
    (0..vectors.len())
        .into_par_iter()
        .map(|x| {
            let (c, gx) = (classes.of[x] as usize, groups[x]);
            let own = (self_sim[c] >= threshold).then_some((c as u32, self_sim[c]));
            let offers = own.into_iter().chain(paired[c].iter().copied());
            let offers = offers.flat_map(|(d, sim)| {
                classes.firsts[d as usize]
                    .iter()
                    .filter(move |&&(g, _)| g != gx)
                    .map(move |&(g, y)| (g, y as usize, sim))
            });
            best_of(offers)
        })
        .collect()
}

/// Best partner per report among `offers` (report, sentence, similarity), cut to the cap.
///
/// A list past twice the cap is cut back to the cap as offers come: what falls out ranks below
/// the cap-th best, which only improves, so it could not return. Without the cut a plan said in
/// thousands of reports scanned a list of thousands per offer (10,000 reports: 5.2 s).
fn best_of(offers: impl IntoIterator<Item = (usize, usize, f32)>) -> BestByReport {
    let mut found = BestByReport::new();
    for (group, other, sim) in offers {
        offer(&mut found, group, other, sim);
        if found.len() > 2 * MATCHES_PER_SENTENCE {
            keep_best_matches(&mut found);
        }
    }
    keep_best_matches(&mut found);
    found
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
        let cut: Vec<BestByReport> = (0..400)
            .map(|x| {
                best_of(edges.iter().filter_map(|&(a, b, sim)| {
                    let y = if a == x {
                        b
                    } else if b == x {
                        a
                    } else {
                        return None;
                    };
                    Some((groups[y], y, sim))
                }))
            })
            .collect();
        assert!(whole.iter().all(|f| f.len() == MATCHES_PER_SENTENCE));
        assert_eq!(cut, whole);
    }

    #[test]
    fn classes_of_copies_give_the_matches_of_the_sentences_searched_one_by_one() {
        // 40 reports drawing 30 sentences each from a pool of 60 sample sentences: most sentences
        // are copied into many reports (some twice in one), as a plan handed down is.
        let text = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("samples/changzhou-xinbei-2019.txt"),
        )
        .expect("sample");
        let pool: Vec<&str> = crate::align::split_sentences(&text)
            .into_iter()
            .filter(|s| s.chars().count() > 12)
            .take(60)
            .collect();
        let mut rng = crate::bench_corpus::Lcg::new(11);
        let (mut texts, mut groups) = (Vec::new(), Vec::new());
        for report in 0..40 {
            for _ in 0..30 {
                texts.push(pool[rng.below(pool.len())]);
                groups.push(report);
            }
        }
        let space = Space::build(&texts);
        let vectors: Vec<&[(u32, f32)]> = space.vectors.iter().map(|v| v.as_slice()).collect();
        let mut one_by_one: Vec<BestByReport> = vec![Vec::new(); texts.len()];
        for (x, y, sim) in all_pairs(&vectors, &groups, 0.4) {
            offer(&mut one_by_one[x], groups[y], y, sim);
            offer(&mut one_by_one[y], groups[x], x, sim);
        }
        one_by_one.iter_mut().for_each(keep_best_matches);
        let mut by_class = best_matches(&vectors, &groups, 0.4);
        for list in one_by_one.iter_mut().chain(by_class.iter_mut()) {
            list.sort_by_key(|m| m.0);
        }
        assert!(one_by_one.iter().any(|f| f.len() == MATCHES_PER_SENTENCE));
        for (x, (a, b)) in one_by_one.iter().zip(&by_class).enumerate() {
            // The same reports, as similar (the search order may move the last bit), through a
            // sentence identical to the expected one.
            assert_eq!(a.len(), b.len(), "sentence {x}");
            for (p, q) in a.iter().zip(b) {
                assert_eq!(p.0, q.0, "sentence {x}");
                assert!((p.2 - q.2).abs() < 1e-5, "sentence {x}: {p:?} {q:?}");
                assert!(super::super::candidates::bits_equal(
                    vectors[p.1],
                    vectors[q.1]
                ));
            }
        }
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
