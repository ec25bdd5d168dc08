//! Sentences blocked by topic → pairs of sentences from two reports that say nearly the same thing,
//! each with its word diff. A pair is kept when each sentence is the other's best partner in the
//! other report (mutual best) and their cosine reaches the threshold.

use rayon::prelude::*;

use super::Search;
use super::candidates::nearest;
use super::similarity::{FxMap, FxSet, Space, all_pairs, pairs_between};
use super::units::Unit;
use crate::diff::{Interner, Token, diff_interned, tokenize};
use crate::model::{DiffSpan, Pair, SentenceRef};

/// For each sentence, its best partner in each other report: (report, partner, similarity).
pub type BestByReport = Vec<(usize, usize, f32)>;

/// Record `(other, sim)` as the best partner from `group` if it beats the current one.
pub fn offer(best: &mut BestByReport, group: usize, other: usize, sim: f32) {
    match best.iter_mut().find(|(g, _, _)| *g == group) {
        Some(entry) => {
            if sim > entry.2 || (sim == entry.2 && other < entry.1) {
                *entry = (group, other, sim);
            }
        }
        None => best.push((group, other, sim)),
    }
}

/// Pairs of one topic as indices into `units`, ordered by (report a, report b, a): mutual best
/// per pair of reports, or with `many` reports only each sentence's single best partner, plus
/// the mutual best of the `base` report's sentences in every other report.
pub(super) fn topic_pairs(
    units: &[Unit<'_>],
    space: &Space,
    topic: &str,
    threshold: f32,
    many: bool,
    base: Option<usize>,
    search: Search,
) -> Vec<(usize, usize, f32)> {
    let members: Vec<usize> = units
        .iter()
        .enumerate()
        .filter(|(_, u)| u.topics.contains(&topic))
        .map(|(i, _)| i)
        .collect();
    let vectors: Vec<&[(u32, f32)]> = members
        .iter()
        .map(|&i| space.vectors.get(i).map_or(&[][..], |v| v.as_slice()))
        .collect();
    let groups: Vec<usize> = members
        .iter()
        .filter_map(|&i| units.get(i).map(|u| u.report))
        .collect();
    // Up to the cap every pair of reports wants its mutual best: only the exact search has them.
    let edges = match search {
        Search::Nearest if many => nearest(&vectors, &groups, threshold, PARTNERS_SEARCHED),
        _ => all_pairs(&vectors, &groups, threshold),
    };
    let mut out = if many {
        // Skip the per-report-pair table: with hundreds of reports it held millions of entries
        // only to be thinned to one pair per sentence afterwards.
        let mut kept: Vec<(usize, usize, f32)> = edges;
        keep_best_per_sentence(members.len(), &mut kept);
        if let Some(base) = base {
            // The side-by-side base column wants its best match in every report: the table
            // again, for the base's sentences only (one row of report pairs, not all of them),
            // searched exactly whatever `search` is: they are few.
            let (of_base, others): (Vec<usize>, Vec<usize>) =
                (0..members.len()).partition(|&m| groups[m] == base);
            let pick =
                |ms: &[usize]| -> Vec<&[(u32, f32)]> { ms.iter().map(|&m| vectors[m]).collect() };
            let touching: Vec<_> = pairs_between(&pick(&of_base), &pick(&others), threshold)
                .into_iter()
                .map(|(l, r, sim)| {
                    let (x, y) = (of_base[l], others[r]);
                    (x.min(y), x.max(y), sim)
                })
                .collect();
            kept.extend(mutual_best(&touching, &groups));
            kept.sort_by_key(|&(x, y, _)| (x, y));
            kept.dedup_by_key(|e| (e.0, e.1));
        }
        kept
    } else {
        mutual_best(&edges, &groups)
    };
    for e in &mut out {
        *e = (members[e.0], members[e.1], e.2);
    }
    out.sort_by_key(|&(x, y, _)| (units[x].report, units[y].report, x, y));
    out
}

/// The edges (x, y, similarity) where each sentence is the other's best partner in the other's
/// report (`groups` holds each sentence's report).
fn mutual_best(edges: &[(usize, usize, f32)], groups: &[usize]) -> Vec<(usize, usize, f32)> {
    // Best partner per (sentence, other report), keyed in one map: with many reports a sentence
    // has a partner in hundreds of them, and a list scanned per edge made this quadratic.
    let mut best: FxMap<(usize, usize), (usize, f32)> = FxMap::default();
    let mut offer = |x: usize, group: usize, other: usize, sim: f32| {
        best.entry((x, group))
            .and_modify(|e| {
                if sim > e.1 || (sim == e.1 && other < e.0) {
                    *e = (other, sim);
                }
            })
            .or_insert((other, sim));
    };
    for &(x, y, sim) in edges {
        offer(x, groups[y], y, sim);
        offer(y, groups[x], x, sim);
    }
    let best_in = |x: usize, group: usize| best.get(&(x, group)).map(|e| e.0);
    edges
        .iter()
        .copied()
        .filter(|&(x, y, _)| best_in(x, groups[y]) == Some(y) && best_in(y, groups[x]) == Some(x))
        .collect()
}

/// Partners the nearest search keeps per sentence: only the best is shown; the others give the
/// best of a sentence of several topics a second chance.
pub(super) const PARTNERS_SEARCHED: usize = 3;

/// Up to this many reports, every pair of reports gets its mutual-best pairs (what the
/// side-by-side columns need). Beyond it, those grow with the square of the report count
/// (225 698 pairs for 300 reports); a reader of that many reports wants each sentence's closest
/// counterpart, so a pair is kept only when it is the single best of one of its sentences.
pub const ALL_REPORT_PAIRS_UP_TO: usize = 12;

/// Each sentence's single best partner among `pairs` (x, y, similarity): highest similarity,
/// ties to the earliest sentence, so a sentence repeated word for word in every report yields
/// one pair, not one per report.
fn best_partners(units: usize, pairs: impl Iterator<Item = (usize, usize, f32)>) -> BestPartner {
    let mut best: Vec<Option<(f32, usize)>> = vec![None; units];
    let better = |current: Option<(f32, usize)>, sim: f32, other: usize| match current {
        None => true,
        Some((s, o)) => sim > s || (sim == s && other < o),
    };
    for (x, y, sim) in pairs {
        if better(best[x], sim, y) {
            best[x] = Some((sim, y));
        }
        if better(best[y], sim, x) {
            best[y] = Some((sim, x));
        }
    }
    BestPartner(best)
}

struct BestPartner(Vec<Option<(f32, usize)>>);

impl BestPartner {
    /// The pair is the best of one of its two sentences.
    fn keeps(&self, x: usize, y: usize) -> bool {
        let is_best = |x: usize, y: usize| {
            self.0
                .get(x)
                .copied()
                .flatten()
                .is_some_and(|(_, o)| o == y)
        };
        is_best(x, y) || is_best(y, x)
    }
}

fn keep_best_per_sentence(units: usize, pairs: &mut Vec<(usize, usize, f32)>) {
    let best = best_partners(units, pairs.iter().copied());
    pairs.retain(|&(x, y, _)| best.keeps(x, y));
}

/// All pairs, topic by topic in display order; a pair found under two topics is kept under the first.
/// Past the cap, `base` (the side-by-side base report) keeps its mutual best in every report.
pub fn pair(
    units: &[Unit<'_>],
    space: &Space,
    topics: &[&'static str],
    threshold: f32,
    base: Option<usize>,
    search: Search,
) -> Vec<Pair> {
    let reports = units.iter().map(|u| u.report + 1).max().unwrap_or(0);
    let many = reports > ALL_REPORT_PAIRS_UP_TO;
    let per_topic: Vec<Vec<(usize, usize, f32)>> = topics
        .par_iter()
        .map(|t| topic_pairs(units, space, t, threshold, many, base, search))
        .collect();
    let mut seen: FxSet<(usize, usize)> = FxSet::default();
    let mut chosen = Vec::new();
    for (topic, edges) in topics.iter().zip(per_topic) {
        for (x, y, sim) in edges {
            if seen.insert((x, y)) {
                chosen.push((*topic, x, y, sim));
            }
        }
    }
    if many {
        // A sentence of several topics has a best partner per topic: keep its best overall.
        let best = best_partners(units.len(), chosen.iter().map(|&(_, x, y, s)| (x, y, s)));
        let touches_base =
            |x: usize, y: usize| base.is_some_and(|b| units[x].report == b || units[y].report == b);
        chosen.retain(|&(_, x, y, _)| best.keeps(x, y) || touches_base(x, y));
    }
    // Boilerplate repeats: diff each distinct (text a, text b) once.
    let mut distinct: FxMap<(&str, &str), usize> = FxMap::default();
    let mut todo: Vec<(usize, usize)> = Vec::new();
    let slot: Vec<usize> = chosen
        .iter()
        .map(|&(_, x, y, _)| {
            let key = (units[x].text, units[y].text);
            *distinct.entry(key).or_insert_with(|| {
                todo.push((x, y));
                todo.len() - 1
            })
        })
        .collect();
    let mut diffs: Vec<Vec<DiffSpan>> = todo
        .chunks(DIFFS_AT_ONCE)
        .flat_map(|chunk| diff_pairs(units, chunk))
        .collect();
    // A diff moves into the last pair that uses it: cloned, they were 300 MB at 3,000 reports.
    let mut uses = vec![0usize; diffs.len()];
    slot.iter().for_each(|&d| uses[d] += 1);
    chosen
        .into_iter()
        .zip(slot)
        .map(|((topic, x, y, sim), d)| {
            uses[d] -= 1;
            let diff = if uses[d] == 0 {
                std::mem::take(&mut diffs[d])
            } else {
                diffs[d].clone()
            };
            Pair {
                topic: topic.to_string(),
                similarity: round3(sim),
                a: sentence_ref(&units[x]),
                b: sentence_ref(&units[y]),
                diff,
            }
        })
        .collect()
}

/// Pairs diffed together: their sentences' tokens are held only meanwhile. Tokens of all the
/// sentences of 3,000 reports' pairs at once took 280 MB, 700 MB for 10,000.
const DIFFS_AT_ONCE: usize = 16_384;

/// The word diff of each `(x, y)` of `todo`, each of their sentences tokenized once (a sentence
/// in pairs of two chunks is tokenized twice: cheaper than holding every sentence's tokens).
fn diff_pairs(units: &[Unit<'_>], todo: &[(usize, usize)]) -> Vec<Vec<DiffSpan>> {
    let mut needed: Vec<usize> = todo.iter().flat_map(|&(x, y)| [x, y]).collect();
    needed.sort_unstable();
    needed.dedup();
    // `needed` is sorted: a unit's tokens are found by binary search, no hashing.
    let tokens: Vec<Vec<Token<'_>>> = needed
        .par_iter()
        .map(|&i| tokenize(units[i].text))
        .collect();
    let mut interner = Interner::default();
    let ids: Vec<Vec<u32>> = tokens.iter().map(|t| interner.ids(t)).collect();
    let tokens_of = |i: &usize| {
        let k = needed.binary_search(i).ok()?;
        Some((tokens.get(k)?, ids.get(k)?))
    };
    todo.par_iter()
        .map(|(x, y)| match (tokens_of(x), tokens_of(y)) {
            (Some((a, a_ids)), Some((b, b_ids))) => diff_interned(a, a_ids, b, b_ids),
            _ => Vec::new(),
        })
        .collect()
}

pub fn sentence_ref(u: &Unit<'_>) -> SentenceRef {
    SentenceRef {
        report: u.report,
        text: u.text.to_string(),
        passage: u.passage,
        kind: u.kind,
    }
}

/// Similarities are shown, not computed with: three decimals keep the JSON readable.
pub fn round3(x: f32) -> f64 {
    (f64::from(x) * 1000.0).round() / 1000.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::align::testutil::report;
    use crate::align::{CompareOptions, compare};
    use crate::model::Kind;

    #[test]
    fn beyond_the_cap_each_sentence_keeps_one_best_pair() {
        // The same sentence in every report: every pair of reports ties at 1.0. Within the cap
        // each pair of reports keeps its pair; beyond it, one pair per sentence at most.
        let sentence = "全面推行行政执法公示制度、执法全过程记录制度和重大执法决定法制审核制度。";
        let reports = |n: usize| -> Vec<_> {
            (0..n)
                .map(|i| {
                    report(
                        &format!("第{i}区"),
                        2020,
                        &[("enforcement", Kind::Achievement, sentence)],
                    )
                })
                .collect()
        };
        let few = compare(&reports(ALL_REPORT_PAIRS_UP_TO), &CompareOptions::default());
        let n = ALL_REPORT_PAIRS_UP_TO;
        assert_eq!(few.pairs.len(), n * (n - 1) / 2);
        let many = compare(&reports(40), &CompareOptions::default());
        assert!(!many.pairs.is_empty());
        assert!(many.pairs.len() <= 40, "{} pairs", many.pairs.len());
        // Every report's sentence is in some kept pair (its best).
        for r in 0..40 {
            assert!(
                many.pairs
                    .iter()
                    .any(|p| p.a.report == r || p.b.report == r),
                "report {r} lost its sentence's pair"
            );
        }
        // A base report keeps its sentence's match in every other report, and only it does.
        let opts = CompareOptions {
            base: Some(7),
            ..CompareOptions::default()
        };
        let based = compare(&reports(40), &opts);
        for r in (0..40).filter(|&r| r != 7) {
            let with_base = |p: &&Pair| {
                (p.a.report, p.b.report) == (7, r) || (p.a.report, p.b.report) == (r, 7)
            };
            assert_eq!(
                based.pairs.iter().filter(with_base).count(),
                1,
                "report {r}"
            );
        }
        assert!(based.pairs.len() <= 39 + 40, "{} pairs", based.pairs.len());
    }
}
