//! How much of the exact search's pairs the nearest-neighbour search keeps: the same reports
//! compared with `Search::Exact` and `Search::Nearest` (beyond a dozen reports both keep one best
//! pair per sentence; commitments are searched exactly either way).

use std::collections::{HashMap, HashSet};

use crate::model::{Comparison, SentenceRef};

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Recall {
    /// Pairs of the exact comparison that the nearest one has too, the same two sentences of the
    /// same two reports.
    pub pairs_strict: f64,
    /// The same, counting a pair of the same two wordings (numbers aside) in other reports as the
    /// same pair: a sentence whose best partner is copied in several reports ties between them,
    /// and which one the exact search keeps depends on rounding in the last bit.
    pub pairs: f64,
    /// Sentences of exact pairs whose best partner in the nearest comparison is as similar as
    /// their best in the exact one (ties between equally good partners count as found).
    pub best_partner: f64,
    /// How many exact pairs / sentences these are measured on.
    pub of: (usize, usize),
}

type Side<'a> = (usize, &'a str);

fn side(s: &SentenceRef) -> Side<'_> {
    (s.report, s.text.as_str())
}

fn best_by_sentence(c: &Comparison) -> HashMap<Side<'_>, f64> {
    let mut best: HashMap<Side<'_>, f64> = HashMap::new();
    for p in &c.pairs {
        for s in [side(&p.a), side(&p.b)] {
            let e = best.entry(s).or_insert(0.0);
            *e = e.max(p.similarity);
        }
    }
    best
}

/// A pair's two wordings as pairing sees them (digits one digit, no punctuation), in a fixed order.
fn wording(p: &crate::model::Pair) -> (String, String) {
    let fold = |t: &str| -> String {
        t.chars()
            .filter(|&c| !crate::diff::is_punct(c) && !c.is_whitespace())
            .map(|c| if c.is_ascii_digit() { '0' } else { c })
            .collect()
    };
    let (a, b) = (fold(&p.a.text), fold(&p.b.text));
    if a <= b { (a, b) } else { (b, a) }
}

fn ratio(found: usize, of: usize) -> f64 {
    if of == 0 {
        1.0
    } else {
        found as f64 / of as f64
    }
}

pub fn recall(exact: &Comparison, nearest: &Comparison) -> Recall {
    let near_pairs: HashSet<_> = nearest
        .pairs
        .iter()
        .map(|p| (side(&p.a), side(&p.b)))
        .collect();
    let strict_found = exact
        .pairs
        .iter()
        .filter(|p| near_pairs.contains(&(side(&p.a), side(&p.b))))
        .count();
    let near_wordings: HashSet<(String, String)> = nearest.pairs.iter().map(wording).collect();
    let pairs_found = exact
        .pairs
        .iter()
        .filter(|p| near_wordings.contains(&wording(p)))
        .count();

    let (exact_best, near_best) = (best_by_sentence(exact), best_by_sentence(nearest));
    let best_found = exact_best
        .iter()
        .filter(|(s, e)| near_best.get(s).is_some_and(|n| *n >= **e - 0.001))
        .count();
    Recall {
        pairs_strict: ratio(strict_found, exact.pairs.len()),
        pairs: ratio(pairs_found, exact.pairs.len()),
        best_partner: ratio(best_found, exact_best.len()),
        of: (exact.pairs.len(), exact_best.len()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::align::{CompareOptions, Search, compare_by};
    use crate::bench_corpus::{Shape, generate, read_samples};

    /// The nearest search on generated reports (reworded variants of the samples, so every
    /// sentence has dozens of near partners) keeps what the exact one finds. `duibi bench
    /// --recall` measures the same on 300 reports and more.
    #[test]
    fn nearest_search_keeps_what_the_exact_one_finds() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
        let samples = read_samples(&dir).expect("samples/");
        let reports: Vec<_> = generate(&samples, 80, Shape::Reworded)
            .iter()
            .map(|(n, b)| crate::pipeline::analyze_text(n, &String::from_utf8_lossy(b)))
            .collect();
        let opts = CompareOptions::default();
        let exact = compare_by(&reports, &opts, Search::Exact);
        let nearest = compare_by(&reports, &opts, Search::Nearest);
        let r = recall(&exact, &nearest);
        eprintln!("{r:?}");
        assert!(r.of.0 > 1000, "{r:?}");
        assert!(r.pairs >= 0.98, "{r:?}");
        assert!(r.best_partner >= 0.98, "{r:?}");
        assert_eq!(
            exact.commitments, nearest.commitments,
            "commitments are searched exactly"
        );
    }
}
