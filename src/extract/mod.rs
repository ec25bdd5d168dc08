//! Extract: sentences → facts. Every number with a unit becomes a `Fact`; those that measure a
//! canonical indicator carry its id (rules in `assets/metrics.toml`).

pub mod metrics;
pub mod numbers;
pub mod numerals;

use crate::model::Fact;
use crate::normalize::fold_char;
use crate::tables::{Tables, metric_topic};

/// The facts in one sentence of passage `passage`. `fallback_topic` is used for numbers that
/// measure no canonical indicator.
pub fn facts_in_sentence(
    sentence: &str,
    passage: usize,
    fallback_topic: Option<&str>,
    tables: &Tables,
) -> Vec<Fact> {
    let original: Vec<char> = sentence.chars().collect();
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
                approx: n.approx,
                passage,
                text: clause_text(&original, n.start, n.end),
            }
        })
        .collect()
}

/// The clause holding chars `start..end`, trimmed of the punctuation around it.
fn clause_text(chars: &[char], start: usize, end: usize) -> String {
    const BREAKS: [char; 8] = ['，', ',', '；', ';', '。', '！', '？', '：'];
    let from = chars[..start]
        .iter()
        .rposition(|c| BREAKS.contains(c))
        .map_or(0, |p| p + 1);
    let to = chars[end..]
        .iter()
        .position(|c| BREAKS.contains(c))
        .map_or(chars.len(), |p| end + p);
    chars[from..to]
        .iter()
        .collect::<String>()
        .trim()
        .to_string()
}
