//! Sentences blocked by topic → pairs of sentences from two reports that say nearly the same thing,
//! each with its word diff. A pair is kept when each sentence is the other's best partner in the
//! other report (mutual best) and their cosine reaches the threshold.

use std::collections::{HashMap, HashSet};

use rayon::prelude::*;

use super::similarity::{Space, all_pairs};
use super::units::Unit;
use crate::diff::{Token, diff_tokens, tokenize};
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

pub fn best_in(best: &[(usize, usize, f32)], group: usize) -> Option<usize> {
    best.iter()
        .find(|(g, _, _)| *g == group)
        .map(|(_, o, _)| *o)
}

/// Mutual-best pairs of one topic, as indices into `units`, ordered by (report a, report b, a).
pub(super) fn topic_pairs(
    units: &[Unit<'_>],
    space: &Space,
    topic: &str,
    threshold: f32,
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
    let edges = all_pairs(&vectors, &groups, threshold);
    let mut best: Vec<BestByReport> = vec![Vec::new(); members.len()];
    for &(x, y, sim) in &edges {
        offer(&mut best[x], groups[y], y, sim);
        offer(&mut best[y], groups[x], x, sim);
    }
    let mut out: Vec<(usize, usize, f32)> = edges
        .into_iter()
        .filter(|&(x, y, _)| {
            best_in(&best[x], groups[y]) == Some(y) && best_in(&best[y], groups[x]) == Some(x)
        })
        .map(|(x, y, sim)| (members[x], members[y], sim))
        .collect();
    out.sort_by_key(|&(x, y, _)| (units[x].report, units[y].report, x, y));
    out
}

/// All pairs, topic by topic in display order; a pair found under two topics is kept under the first.
pub fn pair(
    units: &[Unit<'_>],
    space: &Space,
    topics: &[&'static str],
    threshold: f32,
) -> Vec<Pair> {
    let per_topic: Vec<Vec<(usize, usize, f32)>> = topics
        .par_iter()
        .map(|t| topic_pairs(units, space, t, threshold))
        .collect();
    let mut seen = HashSet::new();
    let mut chosen = Vec::new();
    for (topic, edges) in topics.iter().zip(per_topic) {
        for (x, y, sim) in edges {
            if seen.insert((x, y)) {
                chosen.push((*topic, x, y, sim));
            }
        }
    }
    // Boilerplate repeats: diff each distinct (text a, text b) once, tokenize each sentence once.
    let mut distinct: HashMap<(&str, &str), usize> = HashMap::new();
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
    let mut needed: Vec<usize> = todo.iter().flat_map(|&(x, y)| [x, y]).collect();
    needed.sort_unstable();
    needed.dedup();
    let tokens: HashMap<usize, Vec<Token<'_>>> = needed
        .par_iter()
        .map(|&i| (i, tokenize(units[i].text)))
        .collect();
    let diffs: Vec<Vec<DiffSpan>> = todo
        .par_iter()
        .map(|(x, y)| match (tokens.get(x), tokens.get(y)) {
            (Some(a), Some(b)) => diff_tokens(a, b),
            _ => Vec::new(),
        })
        .collect();
    chosen
        .into_iter()
        .zip(slot)
        .map(|((topic, x, y, sim), d)| Pair {
            topic: topic.to_string(),
            similarity: round3(sim),
            a: sentence_ref(&units[x]),
            b: sentence_ref(&units[y]),
            diff: diffs.get(d).cloned().unwrap_or_default(),
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
