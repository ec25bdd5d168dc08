//! The reviewer's notes ("已核实", "问一下县司法局") and what each annotates: a checklist cell, an
//! indicator value, a commitment or a paired row. A note is kept under a key that names its
//! report's file (or, for a pair, both files) and the thing annotated, so it stays with it whatever
//! else is compared, and a workspace can move the files (`Target::map_sources`). Every export
//! prints the notes of the reports it compares through `rows`.

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::model::Comparison;

/// Fields of a key are separated by the ASCII unit separator, which no file name or report text
/// holds after normalisation.
const SEP: char = '\u{1f}';

/// What a note annotates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A cell of 体检: the report's file and the requirement's label.
    Checklist { source: String, requirement: String },
    /// A report's value of an indicator (canonical metric id).
    Indicator { source: String, metric: String },
    /// A plan a report made (its sentence).
    Commitment { source: String, text: String },
    /// A paired row: the two reports' files and the first report's sentence.
    Pair {
        left: String,
        right: String,
        text: String,
    },
}

impl Target {
    pub fn key(&self) -> String {
        let fields: [&str; 4] = match self {
            Target::Checklist {
                source,
                requirement,
            } => ["checklist", source, requirement, ""],
            Target::Indicator { source, metric } => ["indicator", source, metric, ""],
            Target::Commitment { source, text } => ["commitment", source, text, ""],
            Target::Pair { left, right, text } => ["pair", left, right, text],
        };
        let n = if matches!(self, Target::Pair { .. }) {
            4
        } else {
            3
        };
        fields[..n].join(&SEP.to_string())
    }

    /// The target a key names; `None` for a key this version does not know (it is kept as is).
    pub fn parse(key: &str) -> Option<Target> {
        let f: Vec<&str> = key.split(SEP).collect();
        let s = |i: usize| f[i].to_string();
        match (f.first().copied(), f.len()) {
            (Some("checklist"), 3) => Some(Target::Checklist {
                source: s(1),
                requirement: s(2),
            }),
            (Some("indicator"), 3) => Some(Target::Indicator {
                source: s(1),
                metric: s(2),
            }),
            (Some("commitment"), 3) => Some(Target::Commitment {
                source: s(1),
                text: s(2),
            }),
            (Some("pair"), 4) => Some(Target::Pair {
                left: s(1),
                right: s(2),
                text: s(3),
            }),
            _ => None,
        }
    }

    /// The report files the target names.
    pub fn sources(&self) -> Vec<&str> {
        match self {
            Target::Checklist { source, .. }
            | Target::Indicator { source, .. }
            | Target::Commitment { source, .. } => vec![source],
            Target::Pair { left, right, .. } => vec![left, right],
        }
    }

    /// The same target with each file name mapped by `f` (a workspace storing paths relative to
    /// itself, a moved file relinked).
    pub fn map_sources(&self, f: &mut dyn FnMut(&PathBuf) -> PathBuf) -> Target {
        let mut m = |s: &String| f(&PathBuf::from(s)).to_string_lossy().into_owned();
        match self {
            Target::Checklist {
                source,
                requirement,
            } => Target::Checklist {
                source: m(source),
                requirement: requirement.clone(),
            },
            Target::Indicator { source, metric } => Target::Indicator {
                source: m(source),
                metric: metric.clone(),
            },
            Target::Commitment { source, text } => Target::Commitment {
                source: m(source),
                text: text.clone(),
            },
            Target::Pair { left, right, text } => Target::Pair {
                left: m(left),
                right: m(right),
                text: text.clone(),
            },
        }
    }
}

/// `key` with its file names mapped by `f`; a key of unknown shape is returned unchanged.
pub fn map_key(key: &str, f: &mut dyn FnMut(&PathBuf) -> PathBuf) -> String {
    Target::parse(key).map_or_else(|| key.to_string(), |t| t.map_sources(f).key())
}

/// One note as an export prints it.
#[derive(Debug, Clone, PartialEq)]
pub struct NoteRow {
    /// The report(s) it is about, as the comparison names them ("常州市 2024", "A ↔ B").
    pub reports: String,
    /// What it annotates ("体检 · 存在的不足和原因", "指标 · 法律援助案件数 825件").
    pub what: String,
    pub text: String,
}

/// The notes of `c` whose reports are all in the comparison, in the order of its reports, then
/// of their kind (checklist, indicators, commitments, pairs). Empty notes are left out.
pub fn rows(c: &Comparison) -> Vec<NoteRow> {
    let index: BTreeMap<&str, usize> = c
        .reports
        .iter()
        .enumerate()
        .map(|(i, r)| (r.source.as_str(), i))
        .collect();
    let name = |i: usize| c.reports[i].display_name();
    let mut out: Vec<(usize, u8, NoteRow)> = Vec::new();
    for (key, text) in &c.notes {
        let text = text.trim();
        let Some(target) = Target::parse(key).filter(|_| !text.is_empty()) else {
            continue;
        };
        let Some(found) = target
            .sources()
            .iter()
            .map(|s| index.get(s).copied())
            .collect::<Option<Vec<usize>>>()
        else {
            continue;
        };
        let (order, reports, what) = match &target {
            Target::Checklist { requirement, .. } => {
                (0, name(found[0]), format!("体检 Checklist · {requirement}"))
            }
            Target::Indicator { metric, .. } => {
                let row = c.metrics.iter().find(|m| &m.metric == metric);
                let label = row.map_or(metric.as_str(), |m| m.label.as_str());
                let value = row
                    .and_then(|m| m.values.iter().find(|v| v.report == found[0]))
                    .map(|v| format!(" {}", v.as_written()))
                    .unwrap_or_default();
                (
                    1,
                    name(found[0]),
                    format!("指标 Indicator · {label}{value}"),
                )
            }
            Target::Commitment { text, .. } => {
                (2, name(found[0]), format!("承诺 Commitment · {text}"))
            }
            Target::Pair { text, .. } => (
                3,
                format!("{} ↔ {}", name(found[0]), name(found[1])),
                format!("对照 Paired row · {text}"),
            ),
        };
        out.push((
            found[0],
            order,
            NoteRow {
                reports,
                what,
                text: text.to_string(),
            },
        ));
    }
    out.sort_by_key(|(report, order, _)| (*report, *order));
    out.into_iter().map(|(_, _, row)| row).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_round_trip_and_map_their_files() {
        let targets = [
            Target::Checklist {
                source: "/r/a.txt".into(),
                requirement: "存在的不足和原因".into(),
            },
            Target::Indicator {
                source: "/r/a.txt".into(),
                metric: "legal_services.legal_aid_cases".into(),
            },
            Target::Commitment {
                source: "/r/a.txt".into(),
                text: "推进行政复议规范化建设".into(),
            },
            Target::Pair {
                left: "/r/a.txt".into(),
                right: "/r/b.txt".into(),
                text: "全年办理行政复议案件26件".into(),
            },
        ];
        for t in &targets {
            assert_eq!(Target::parse(&t.key()).as_ref(), Some(t));
            let moved = map_key(&t.key(), &mut |p| {
                PathBuf::from("/new").join(p.file_name().unwrap_or_default())
            });
            let moved = Target::parse(&moved).expect("parses");
            assert!(moved.sources().iter().all(|s| s.starts_with("/new/")));
        }
        // The checklist key is the one earlier versions wrote.
        assert_eq!(
            targets[0].key(),
            "checklist\u{1f}/r/a.txt\u{1f}存在的不足和原因"
        );
        assert_eq!(
            map_key("future\u{1f}x", &mut |p| p.clone()),
            "future\u{1f}x"
        );
    }

    /// Notes come out per report, checklist → indicators → commitments → pairs; notes on reports
    /// not compared and empty notes are left out.
    #[test]
    fn rows_say_what_each_note_is_on() {
        let (mut c, _) = crate::export::testdata::comparison();
        let a = c.reports[0].source.clone();
        let b = c.reports[1].source.clone();
        let metric = c.metrics[0].metric.clone();
        let label = c.metrics[0].label.clone();
        let notes = [
            (
                Target::Pair {
                    left: a.clone(),
                    right: b.clone(),
                    text: "句子".into(),
                },
                "对照",
            ),
            (
                Target::Indicator {
                    source: a.clone(),
                    metric,
                },
                "核对",
            ),
            (
                Target::Checklist {
                    source: b.clone(),
                    requirement: "存在的不足和原因".into(),
                },
                "问一下",
            ),
            (
                Target::Commitment {
                    source: "/not/compared.txt".into(),
                    text: "x".into(),
                },
                "不显示",
            ),
            (
                Target::Commitment {
                    source: a.clone(),
                    text: "计划".into(),
                },
                "  ",
            ),
        ];
        c.notes = notes
            .iter()
            .map(|(t, n)| (t.key(), n.to_string()))
            .collect();
        let rows = rows(&c);
        let texts: Vec<&str> = rows.iter().map(|r| r.text.as_str()).collect();
        assert_eq!(texts, ["核对", "对照", "问一下"]);
        assert!(rows[0].what.contains(&label), "{:?}", rows[0]);
        assert!(rows[1].reports.contains(" ↔ "), "{:?}", rows[1]);
    }
}
