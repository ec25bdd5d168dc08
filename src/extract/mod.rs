//! Extract: sentences → facts. Every number with a unit becomes a `Fact`; those that measure a
//! canonical indicator carry its id (rules in `assets/metrics.toml`).

pub mod metrics;
pub mod numbers;
pub mod numerals;

use crate::chars::{CLAUSE_BREAKS, fold_char};
use crate::model::Fact;
use crate::tables::{Tables, metric_topic};

/// A sentence is read at most this many chars at a time. The metric window looks back through
/// the whole sentence for each number, so work grows with length × numbers; a "sentence" this long
/// is a page that lost its full stops, and is cut at clause breaks instead.
const MAX_SENTENCE_CHARS: usize = 2000;

/// The facts in one sentence of passage `passage`. `fallback_topic` is used for numbers that
/// measure no canonical indicator.
pub fn facts_in_sentence(
    sentence: &str,
    passage: usize,
    fallback_topic: Option<&str>,
    tables: &Tables,
) -> Vec<Fact> {
    facts_in_sentence_upto(sentence, passage, fallback_topic, tables, usize::MAX)
}

/// The same, stopping once `limit` facts are found (at most one window of
/// `MAX_SENTENCE_CHARS` more): a page-long "sentence" of numbers costs time per number.
pub fn facts_in_sentence_upto(
    sentence: &str,
    passage: usize,
    fallback_topic: Option<&str>,
    tables: &Tables,
    limit: usize,
) -> Vec<Fact> {
    let original: Vec<char> = sentence.chars().collect();
    let mut facts = Vec::new();
    let mut rest = original.as_slice();
    while rest.len() > MAX_SENTENCE_CHARS {
        if facts.len() >= limit {
            return facts;
        }
        let window = rest.get(..MAX_SENTENCE_CHARS).unwrap_or(rest);
        let cut = window
            .iter()
            .rposition(|c| CLAUSE_BREAKS.contains(c))
            .map_or(MAX_SENTENCE_CHARS, |p| p + 1);
        let (piece, tail) = rest.split_at(cut);
        facts.extend(facts_in_chars(piece, passage, fallback_topic, tables));
        rest = tail;
    }
    facts.extend(facts_in_chars(rest, passage, fallback_topic, tables));
    facts
}

fn facts_in_chars(
    original: &[char],
    passage: usize,
    fallback_topic: Option<&str>,
    tables: &Tables,
) -> Vec<Fact> {
    let folded: Vec<char> = original.iter().map(|&c| fold_char(c)).collect();
    let found = numbers::find_numbers(&folded);
    let rules = metrics::classify(&folded, &found, tables);
    found
        .iter()
        .zip(rules)
        .map(|(n, rule)| {
            let metric = rule.and_then(|r| tables.rules[r].id.clone());
            let topic = match &metric {
                Some(id) => Some(metric_topic(id).to_string()),
                None => fallback_topic.map(str::to_string),
            };
            Fact {
                metric,
                topic,
                value: n.value,
                unit: n.unit.clone(),
                approx: !n.qualifier.is_empty(),
                qualifier: n.qualifier.clone(),
                passage,
                text: clause_text(original, n.start, n.end),
            }
        })
        .collect()
}

/// A clause is quoted with at most this many chars on each side of its number. Real clauses are
/// shorter; text without clause breaks (a table flattened to one line) would otherwise give every
/// one of its numbers a copy of the whole run.
const MAX_CLAUSE_SIDE_CHARS: usize = 100;

/// The clause holding chars `start..end`, trimmed of the punctuation around it.
fn clause_text(chars: &[char], start: usize, end: usize) -> String {
    let from = chars[..start]
        .iter()
        .rposition(|c| CLAUSE_BREAKS.contains(c))
        .map_or(0, |p| p + 1)
        .max(start.saturating_sub(MAX_CLAUSE_SIDE_CHARS));
    let to = chars[end..]
        .iter()
        .position(|c| CLAUSE_BREAKS.contains(c))
        .map_or(chars.len(), |p| end + p)
        .min(end.saturating_add(MAX_CLAUSE_SIDE_CHARS));
    chars[from..to]
        .iter()
        .collect::<String>()
        .trim()
        .to_string()
}
