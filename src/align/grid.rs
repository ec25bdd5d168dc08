//! Reports → the topic × report coverage grid: per topic (key four first, then SPEC order) and
//! report, how many passages carry the topic, how many facts measure it, and passages by kind.

use crate::model::{Cell, KindCounts, Report, TopicRow};
use crate::tables::{KEY_TOPICS, tables};

pub fn coverage(reports: &[Report], topics: &[&'static str]) -> Vec<TopicRow> {
    topics
        .iter()
        .map(|&id| TopicRow {
            id: id.to_string(),
            label: tables().topic_label(id).to_string(),
            key: KEY_TOPICS.contains(&id),
            cells: reports
                .iter()
                .enumerate()
                .map(|(ri, r)| cell(ri, r, id))
                .collect(),
        })
        .collect()
}

fn cell(index: usize, report: &Report, topic: &str) -> Cell {
    let mut cell = Cell {
        report: index,
        passages: 0,
        facts: 0,
        kinds: KindCounts::default(),
    };
    if report.error.is_some() {
        return cell;
    }
    for p in &report.passages {
        if p.topics.iter().any(|t| t == topic) {
            cell.passages += 1;
            cell.kinds.add(p.kind);
        }
    }
    // A fact counts for its own topic; an untagged number for the topics of its passage.
    cell.facts = report
        .facts
        .iter()
        .filter(|f| match &f.topic {
            Some(t) => t == topic,
            None => report
                .passages
                .get(f.passage)
                .is_some_and(|p| p.topics.iter().any(|t| t == topic)),
        })
        .count();
    cell
}
