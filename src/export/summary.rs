//! A comparison → its "biggest differences" (for the HTML and Markdown summaries): indicators whose
//! values differ most between reports, commitments only one report made, topics a report lacks.

use crate::model::{Comparison, MetricRow};

/// An indicator row and how far apart its highest and lowest values are.
pub struct Spread<'a> {
    pub row: &'a MetricRow,
    pub high: usize,
    pub low: usize,
    /// (highest − lowest) / highest, 0..=1.
    pub relative: f64,
}

/// Indicators with a highest and a lowest report, widest relative spread first.
pub fn spreads(c: &Comparison) -> Vec<Spread<'_>> {
    let first = |row: &MetricRow, report: usize| {
        row.values
            .iter()
            .find(|v| v.report == report)
            .map(|v| v.normalized)
    };
    let mut out: Vec<Spread<'_>> = c
        .metrics
        .iter()
        .filter_map(|row| {
            let (high, low) = (row.highest?, row.lowest?);
            let (h, l) = (first(row, high)?, first(row, low)?);
            let relative = if h.abs() > f64::EPSILON {
                ((h - l) / h.abs()).clamp(0.0, 1.0)
            } else {
                0.0
            };
            Some(Spread {
                row,
                high,
                low,
                relative,
            })
        })
        .collect();
    out.sort_by(|a, b| b.relative.total_cmp(&a.relative));
    out
}

/// Reports that can be compared (no error).
pub fn readable(c: &Comparison) -> usize {
    c.reports.iter().filter(|r| r.error.is_none()).count()
}

/// (topic label, report) for topics that a readable report never mentions while another does.
pub fn missing_topics(c: &Comparison) -> Vec<(&str, usize)> {
    let mut out = Vec::new();
    for row in &c.topics {
        if row.id == "other" || !row.cells.iter().any(|cell| cell.passages > 0) {
            continue;
        }
        for cell in &row.cells {
            let ok = c
                .reports
                .get(cell.report)
                .is_some_and(|r| r.error.is_none());
            if ok && cell.passages == 0 {
                out.push((row.label.as_str(), cell.report));
            }
        }
    }
    out
}

/// Indices of commitments no other report made (only meaningful with two readable reports or more).
pub fn lone_commitments(c: &Comparison) -> Vec<usize> {
    if readable(c) < 2 {
        return Vec::new();
    }
    c.commitments
        .iter()
        .enumerate()
        .filter(|(_, k)| k.matches.is_empty())
        .map(|(i, _)| i)
        .collect()
}
