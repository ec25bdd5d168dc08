//! The SPEC vocabulary as the comparison uses it: topic ids with labels in display order (key
//! four first) and canonical metric order. A view of `crate::tables`, which holds the data.

use crate::tables::{self, METRIC_IDS};

pub use crate::tables::KEY_TOPICS;

/// Topics in display order: the four key topics, then the SPEC table order, `other` last.
pub fn topics() -> impl Iterator<Item = (&'static str, &'static str)> {
    tables::tables()
        .topics
        .iter()
        .map(|t| (t.id.as_str(), t.label.as_str()))
}

/// The label of a topic id (the id itself when unknown).
pub fn topic_label(id: &str) -> &str {
    topics()
        .find(|(t, _)| *t == id)
        .map_or(id, |(_, label)| label)
}

/// The Chinese label of a metric id (the id itself when unknown).
pub fn metric_label(id: &str) -> &str {
    match tables::metric_label(id) {
        "" => id,
        label => label,
    }
}

/// Position of a metric in SPEC order (unknown ids after every known one).
pub fn metric_rank(id: &str) -> usize {
    METRIC_IDS
        .iter()
        .position(|m| *m == id)
        .unwrap_or(METRIC_IDS.len())
}

/// Position of a topic in display order (unknown ids sort after every known one).
pub fn topic_rank(id: &str) -> usize {
    topics().position(|(t, _)| t == id).unwrap_or(usize::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_four_come_first_and_ids_are_unique() {
        let first: Vec<&str> = topics().take(4).map(|(id, _)| id).collect();
        assert_eq!(first, KEY_TOPICS);
        let mut ids: Vec<&str> = topics().map(|(id, _)| id).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), 17);
        assert!(METRIC_IDS.iter().all(|m| metric_label(m) != *m));
    }
}
