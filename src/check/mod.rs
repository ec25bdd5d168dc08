//! Check (体检): an analyzed report → what the rules require of it, part by part.
//!
//! The five parts of an annual report, the national outline's topics and the publication deadline
//! come from `assets/checklist.toml`, which names its source. A part is found from what the analysis
//! already knows (passage kinds, topics, headings); this stage only counts and looks for the words a
//! part needs ("原因" in a 不足 part, the principal leaders in a 第一责任人 part). Output follows the
//! `check --json` contract of SPEC.

mod rules;

pub use crate::model::{Checks, Part, Published, ReportCheck, Status, TopicCheck};
use crate::model::{Report, Section};
use rules::{PartRule, Rules, rules};

/// Checks every report; the rules' source is named once at the top.
pub fn check_all(reports: &[Report]) -> Checks {
    Checks {
        source: rules().source.clone(),
        reports: reports.iter().map(check).collect(),
    }
}

pub fn check(report: &Report) -> ReportCheck {
    let rules = rules();
    let mut out = ReportCheck {
        source: report.source.clone(),
        error: report.error.clone(),
        region: report.region.clone(),
        year: report.year,
        ..ReportCheck::default()
    };
    if report.error.is_some() {
        return out;
    }
    out.parts = rules.parts.iter().map(|p| part(report, p)).collect();
    out.topics = rules
        .topics
        .iter()
        .map(|t| TopicCheck {
            topic: t.id.clone(),
            present: report.passages.iter().any(|p| p.topics.contains(&t.id)),
            chapter: t.chapter.clone(),
        })
        .collect();
    out.published = report.published.as_ref().map(|date| Published {
        date: date.clone(),
        on_time: report.year.map(|y| {
            crate::outline::published::on_time(date, y, rules.deadline_month, rules.deadline_day)
        }),
    });
    out
}

fn part(report: &Report, rule: &PartRule) -> Part {
    let headings_of = |section: &str| -> String { headings_above(&report.sections, section) };
    let candidates: Vec<usize> = (0..report.passages.len())
        .filter(|&i| {
            let p = &report.passages[i];
            rule.kind.is_some_and(|k| p.kind == k)
                || rule.topic.as_ref().is_some_and(|t| p.topics.contains(t))
                || (!rule.headings.is_empty() && {
                    let h = headings_of(&p.section);
                    rule.headings.iter().any(|c| h.contains(c.as_str()))
                })
        })
        .collect();
    let holds_need = |i: usize| {
        let p = &report.passages[i];
        let h = headings_of(&p.section);
        rule.needs.iter().any(|n| {
            p.text.contains(n.as_str()) || (rule.needs_in_headings && h.contains(n.as_str()))
        })
    };
    let with_need: Vec<usize> = candidates
        .iter()
        .copied()
        .filter(|&i| holds_need(i))
        .collect();
    let need_met = rule.needs.is_empty() || !with_need.is_empty();
    // Paragraphs, not passages: a paragraph cut where its topic changes is still one.
    let paragraphs = candidates
        .iter()
        .filter(|&&i| !report.passages[i].continues)
        .count()
        .max(usize::from(!candidates.is_empty()));
    let status = if candidates.is_empty() {
        Status::Missing
    } else if paragraphs < rule.min_passages || !need_met {
        Status::Thin
    } else {
        Status::Present
    };
    let passages = if rule.narrow && !with_need.is_empty() {
        with_need
    } else {
        candidates
    };
    Part {
        id: rule.id.clone(),
        label: rule.label.clone(),
        status,
        passages,
        why: (status == Status::Thin && !rule.thin_why.is_empty()).then(|| rule.thin_why.clone()),
    }
}

/// The headings of a section and of every section above it ("3.2" → "3" and "3.2"), joined.
fn headings_above(sections: &[Section], id: &str) -> String {
    if id.is_empty() {
        return String::new();
    }
    sections
        .iter()
        .filter(|s| id == s.id || id.starts_with(&format!("{}.", s.id)))
        .map(|s| s.heading.as_str())
        .collect::<Vec<_>>()
        .join("\n")
}

/// The checklist as a table for exports and the app: a row per part, per outline topic, and one
/// for the publication date; a cell per report, as a reader should see it.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub label: String,
    pub cells: Vec<Cell>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    /// Where a note on this cell is kept (`note_key`).
    pub key: String,
    /// The reviewer's note on the cell, if any.
    pub note: Option<String>,
    pub text: String,
    /// Present / thin / missing, for colour; None for an unreadable report.
    pub status: Option<Status>,
    /// Passages that satisfy the row (indexes into the report's passages).
    pub passages: Vec<usize>,
}

/// The key of a note on one checklist cell: the report's file and the requirement, so a note
/// stays with its cell whatever else is compared.
pub fn note_key(source: &str, requirement: &str) -> String {
    crate::notes::Target::Checklist {
        source: source.to_string(),
        requirement: requirement.to_string(),
    }
    .key()
}

/// `rows` with the notes the reviewer wrote on its cells.
pub fn rows_with_notes(
    checks: &[ReportCheck],
    notes: &std::collections::BTreeMap<String, String>,
) -> Vec<Row> {
    let mut out = rows(checks);
    for row in &mut out {
        for (cell, c) in row.cells.iter_mut().zip(checks) {
            cell.key = note_key(&c.source, &row.label);
            cell.note = notes
                .get(&cell.key)
                .filter(|n| !n.trim().is_empty())
                .cloned();
        }
    }
    out
}

impl Cell {
    /// A cell without its key yet (`rows` names every cell at the end) and without a note.
    fn new(text: String, status: Option<Status>, passages: Vec<usize>) -> Cell {
        Cell {
            key: String::new(),
            note: None,
            text,
            status,
            passages,
        }
    }
}

pub fn rows(checks: &[ReportCheck]) -> Vec<Row> {
    let tables = crate::tables::tables();
    let unreadable = || Cell::new("无法读取".into(), None, Vec::new());
    let mut out: Vec<Row> = Vec::new();
    for (k, rule) in rules().parts.iter().enumerate() {
        let cells = checks
            .iter()
            .map(|c| match c.parts.get(k) {
                Some(p) if c.error.is_none() => Cell::new(
                    match (&p.why, p.status) {
                        (Some(why), _) => format!("{} · {why}", p.status.label()),
                        (None, Status::Missing) => p.status.label().to_string(),
                        (None, _) => format!("{} · {} 段", p.status.label(), p.passages.len()),
                    },
                    Some(p.status),
                    p.passages.clone(),
                ),
                _ => unreadable(),
            })
            .collect();
        out.push(Row {
            label: rule.label.clone(),
            cells,
        });
    }
    for (k, rule) in rules().topics.iter().enumerate() {
        let cells = checks
            .iter()
            .map(|c| match c.topics.get(k) {
                Some(t) if c.error.is_none() => {
                    let (text, status) = if t.present {
                        ("有", Status::Present)
                    } else {
                        ("未提及", Status::Missing)
                    };
                    Cell::new(text.into(), Some(status), Vec::new())
                }
                _ => unreadable(),
            })
            .collect();
        out.push(Row {
            label: format!("纲要: {}", tables.topic_label(&rule.id)),
            cells,
        });
    }
    let published = checks
        .iter()
        .map(|c| {
            if c.error.is_some() {
                return unreadable();
            }
            match &c.published {
                Some(p) => {
                    let (text, status) = match p.on_time {
                        Some(true) => (format!("{} 按时", p.date), Status::Present),
                        Some(false) => (format!("{} 逾期", p.date), Status::Missing),
                        None => (p.date.clone(), Status::Present),
                    };
                    Cell::new(text, Some(status), Vec::new())
                }
                None => Cell::new("未注明".into(), Some(Status::Thin), Vec::new()),
            }
        })
        .collect();
    out.push(Row {
        label: format!(
            "公开日期 (次年{}月{}日前)",
            rules().deadline_month,
            rules().deadline_day
        ),
        cells: published,
    });
    for row in &mut out {
        for (cell, c) in row.cells.iter_mut().zip(checks) {
            cell.key = note_key(&c.source, &row.label);
        }
    }
    out
}

/// For the tests and the app: the rules as loaded.
pub fn loaded_rules() -> &'static Rules {
    rules()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::analyze_text;

    /// An invented report with all five parts; each test removes one.
    const PARTS: [&str; 5] = [
        "一、主要举措和成效\n（一）推进严格规范公正文明执法。全县换发行政执法证件120本。\n（二）加强行政复议工作。全年收到行政复议申请30件。\n（三）规范行政规范性文件管理。制定行政规范性文件5件，全部报备。\n（四）优化法治化营商环境。新增市场主体2000户。",
        "二、存在的不足和原因\n虽然取得一定成效，但也存在一些不足：一是基层执法力量薄弱；二是部分干部法治意识不强。究其原因，主要是培训不够深入。",
        "三、党政主要负责人履行推进法治建设第一责任人职责情况\n县委、县政府主要负责人认真履行推进法治建设第一责任人职责，县政府常务会议专题研究法治政府建设工作4次。",
        "四、2024年工作安排\n一是持续推进行政执法规范化建设。二是加强行政复议规范化建设。三是提升公共法律服务水平。",
        "五、其他需要报告的情况\n无。",
    ];

    fn report_without(skip: Option<usize>) -> Report {
        let mut text = String::from("某县人民政府关于2023年法治政府建设情况的报告\n");
        for (i, part) in PARTS.iter().enumerate() {
            if Some(i) != skip {
                text.push_str(part);
                text.push('\n');
            }
        }
        text.push_str("某县人民政府\n2024年3月20日\n");
        analyze_text("invented.txt", &text)
    }

    fn statuses(c: &ReportCheck) -> Vec<(&str, Status)> {
        c.parts.iter().map(|p| (p.id.as_str(), p.status)).collect()
    }

    #[test]
    fn a_complete_report_has_every_part() {
        let c = check(&report_without(None));
        assert_eq!(
            statuses(&c),
            vec![
                ("achievements", Status::Present),
                ("shortcomings", Status::Present),
                ("leadership_duty", Status::Present),
                ("plans", Status::Present),
                ("other", Status::Present),
            ]
        );
        let published = c.published.expect("signature date");
        assert_eq!(published.date, "2024-03-20");
        assert_eq!(published.on_time, Some(true));
        let present = |t: &str| c.topics.iter().any(|x| x.topic == t && x.present);
        assert!(present("enforcement") && present("reconsideration") && present("business_env"));
        assert!(!present("emergency"));
    }

    #[test]
    fn each_removed_part_is_missing() {
        let ids = [
            "achievements",
            "shortcomings",
            "leadership_duty",
            "plans",
            "other",
        ];
        for (skip, id) in ids.iter().enumerate() {
            let c = check(&report_without(Some(skip)));
            for (other, status) in statuses(&c) {
                if other == *id {
                    assert_ne!(status, Status::Present, "{id} removed but present");
                } else if other != "achievements" {
                    assert_eq!(status, Status::Present, "{other} when {id} is removed");
                }
            }
        }
    }

    #[test]
    fn a_shortcoming_part_without_causes_is_thin() {
        let text = PARTS
            .join("\n")
            .replace("究其原因，主要是培训不够深入。", "");
        let c = check(&analyze_text(
            "invented.txt",
            &format!("某县2023年法治政府建设情况报告\n{text}"),
        ));
        let part = &c.parts[1];
        assert_eq!(
            (part.id.as_str(), part.status),
            ("shortcomings", Status::Thin)
        );
        assert_eq!(part.why.as_deref(), Some("problems listed, no 原因"));
    }

    #[test]
    fn leadership_without_the_principal_leaders_is_thin() {
        let text = PARTS.join("\n").replace(
            "三、党政主要负责人履行推进法治建设第一责任人职责情况\n县委、县政府主要负责人认真履行推进法治建设第一责任人职责，",
            "三、加强组织领导\n",
        );
        let c = check(&analyze_text(
            "invented.txt",
            &format!("某县2023年法治政府建设情况报告\n{text}"),
        ));
        assert_eq!(c.parts[2].status, Status::Thin, "{:?}", c.parts[2]);
    }

    #[test]
    fn rows_give_one_cell_per_report_and_say_why() {
        let good = check(&report_without(None));
        let broken = check(&Report::failed("x.pdf", "damaged PDF"));
        let rows = rows(&[good, broken]);
        assert_eq!(rows.len(), 5 + loaded_rules().topics.len() + 1);
        assert!(rows.iter().all(|r| r.cells.len() == 2));
        assert!(rows[0].cells[0].text.starts_with("有 · "));
        assert_eq!(rows[0].cells[1].text, "无法读取");
        assert_eq!(
            rows.last().map(|r| r.cells[0].text.as_str()),
            Some("2024-03-20 按时")
        );
    }

    #[test]
    fn notes_stay_with_their_cell() {
        let good = check(&report_without(None));
        let key = note_key(&good.source, &loaded_rules().parts[1].label);
        let notes = std::collections::BTreeMap::from([(key.clone(), "问一下县司法局".to_string())]);
        let rows = rows_with_notes(&[good], &notes);
        assert_eq!(rows[1].cells[0].key, key);
        assert_eq!(rows[1].cells[0].note.as_deref(), Some("问一下县司法局"));
        assert!(rows[0].cells[0].note.is_none());
    }

    #[test]
    fn a_late_report_is_flagged() {
        let text = format!(
            "某县2023年法治政府建设情况报告\n{}\n发布时间:2024-05-06",
            PARTS.join("\n")
        );
        let c = check(&analyze_text("invented.txt", &text));
        assert_eq!(
            c.published,
            Some(Published {
                date: "2024-05-06".into(),
                on_time: Some(false)
            })
        );
    }
}
