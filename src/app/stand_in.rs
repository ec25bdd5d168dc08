//! TODO(gui): delete once `align::compare`, `export::write` and the analysis stages land on main.
//! A deliberately small stand-in for the engine so the GUI can be built, looked at and tested
//! before the real stages exist. Nothing outside `app/` uses it; `engine.rs` is the only caller.

use std::path::Path;
use std::sync::OnceLock;

use crate::model::{
    Cell, Commitment, Comparison, DiffOp, DiffSpan, Fact, FollowThrough, Kind, KindCounts, Match,
    MetricRow, MetricValue, Pair, Passage, PlanRef, Report, ReportInfo, Script, Sentence,
    SentenceRef, TopicRow,
};

/// The warning the skeleton pipeline leaves when it did not analyze anything.
const SKELETON_WARNING: &str = "analysis not implemented yet";

const TOPICS: &[(&str, &str, &[&str])] = &[
    (
        "leadership",
        "党的领导与责任落实",
        &[
            "习近平法治思想",
            "第一责任人",
            "述法",
            "督察",
            "考核",
            "领导小组",
        ],
    ),
    (
        "functions",
        "政府职能转变",
        &[
            "放管服",
            "简政放权",
            "权责清单",
            "审批",
            "证照分离",
            "政务服务",
            "一网通办",
        ],
    ),
    (
        "business_env",
        "营商环境",
        &["营商环境", "市场主体", "公平竞争", "涉企", "双随机", "信用"],
    ),
    (
        "rulemaking",
        "立法与规章",
        &["地方性法规", "政府规章", "立法"],
    ),
    (
        "normative_docs",
        "行政规范性文件",
        &["规范性文件", "备案审查", "合法性审核"],
    ),
    (
        "decision",
        "重大行政决策",
        &["重大行政决策", "决策", "法律顾问", "公职律师", "风险评估"],
    ),
    (
        "enforcement",
        "行政执法",
        &["执法", "三项制度", "裁量", "案卷", "处罚"],
    ),
    ("emergency", "突发事件应对", &["应急", "突发事件", "隐患"]),
    ("reconsideration", "行政复议", &["复议"]),
    ("litigation", "行政应诉", &["诉讼", "应诉", "出庭", "败诉"]),
    (
        "disputes",
        "矛盾纠纷化解",
        &["调解", "信访", "纠纷", "仲裁"],
    ),
    (
        "oversight",
        "权力制约监督",
        &["监督", "审计", "问责", "政务诚信"],
    ),
    (
        "transparency",
        "政务公开",
        &["信息公开", "主动公开", "依申请公开", "新闻发布"],
    ),
    (
        "legal_education",
        "普法与学法",
        &["普法", "法治宣传", "学法", "法治培训"],
    ),
    (
        "legal_services",
        "公共法律服务",
        &["法律援助", "公共法律服务", "法律顾问"],
    ),
    (
        "digital",
        "数字法治政府",
        &["数字", "互联网+", "平台", "大数据"],
    ),
];

const KEY_TOPICS: [&str; 4] = [
    "enforcement",
    "reconsideration",
    "normative_docs",
    "business_env",
];

const METRICS: &[(&str, &str, &[&str])] = &[
    (
        "reconsideration.received",
        "行政复议申请",
        &["复议申请", "复议案件"],
    ),
    (
        "litigation.cases",
        "行政诉讼案件",
        &["行政诉讼", "应诉案件"],
    ),
    ("normative_docs.issued", "规范性文件制定", &["规范性文件"]),
    ("enforcement.certificates", "执法证件", &["执法证"]),
    (
        "enforcement.case_files_reviewed",
        "评查案卷",
        &["评查", "案卷"],
    ),
    ("enforcement.officers", "执法人员", &["执法人员"]),
    (
        "business_env.new_market_entities",
        "新增市场主体",
        &["市场主体"],
    ),
    ("disputes.mediations", "调解纠纷", &["调解", "纠纷"]),
    (
        "legal_services.legal_aid_cases",
        "法律援助案件",
        &["法律援助"],
    ),
    ("transparency.proactive", "主动公开信息", &["主动公开"]),
    ("decision.legal_reviews", "合法性审查", &["合法性审查"]),
];

/// Whether `report` came from the skeleton pipeline and needs the stand-in analysis.
pub fn needs_analysis(report: &Report) -> bool {
    report.error.is_none() && report.warnings.iter().any(|w| w == SKELETON_WARNING)
}

fn t2s(text: &str) -> String {
    static CONVERTER: OnceLock<Option<ferrous_opencc::OpenCC>> = OnceLock::new();
    CONVERTER
        .get_or_init(|| {
            ferrous_opencc::OpenCC::from_config(ferrous_opencc::config::BuiltinConfig::T2s).ok()
        })
        .as_ref()
        .map_or_else(|| text.to_owned(), |c| c.convert(text))
}

/// Splits a UTF-8 text file into passages with keyword topics, a guessed kind and numbers.
pub fn analyze(path: &Path, mut report: Report) -> Report {
    let Ok(bytes) = std::fs::read(path) else {
        return report;
    };
    let raw = String::from_utf8_lossy(&bytes).into_owned();
    let text = t2s(&raw);
    if text != raw {
        report.script = Script::Traditional;
    }
    report.warnings.retain(|w| w != SKELETON_WARNING);
    let year_re = regex::Regex::new(r"(20\d\d)年").ok();
    report.year = year_re
        .as_ref()
        .and_then(|re| re.captures(&text))
        .and_then(|c| c.get(1))
        .and_then(|m| m.as_str().parse().ok());
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    report.region = region_from_stem(&stem);
    report.title = format!(
        "{}{}年法治政府建设工作报告",
        report.region,
        report.year.unwrap_or(0)
    );
    let fact_re =
        regex::Regex::new(r"(\d+(?:\.\d+)?)(余|多)?(件|项|户|个|人|次|本|条|%|万元|份|名)").ok();
    let mut section = 0;
    let mut kind = Kind::Achievement;
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        if line.chars().count() < 30 && !line.ends_with('。') {
            section += 1;
            if line.contains("不足") || line.contains("问题") {
                kind = Kind::Shortcoming;
            } else if line.contains("下一") || line.contains("安排") || line.contains("思路")
            {
                kind = Kind::Plan;
            }
            report.sections.push(crate::model::Section {
                id: section.to_string(),
                level: 1,
                heading: line.to_owned(),
                topics: topics_of(line),
                kind,
            });
            continue;
        }
        let passage_kind = if line.contains("不足") || line.contains("差距") {
            Kind::Shortcoming
        } else if line.contains("我们将") || line.contains("下一步") {
            Kind::Plan
        } else {
            kind
        };
        let index = report.passages.len();
        let sentences: Vec<Sentence> = split_sentences(line)
            .into_iter()
            .map(|s| Sentence {
                topics: topics_of(&s),
                kind: passage_kind,
                text: s,
            })
            .collect();
        if let Some(re) = &fact_re {
            for cap in re.captures_iter(line) {
                let (Some(num), Some(unit)) = (cap.get(1), cap.get(3)) else {
                    continue;
                };
                let start = line[..num.start()]
                    .char_indices()
                    .rev()
                    .nth(11)
                    .map_or(0, |(i, _)| i);
                let clause = &line[start..unit.end()];
                let metric = METRICS
                    .iter()
                    .find(|(_, _, cues)| cues.iter().any(|c| clause.contains(c)))
                    .map(|(id, _, _)| (*id).to_owned());
                report.facts.push(Fact {
                    topic: metric
                        .as_ref()
                        .and_then(|m| m.split('.').next())
                        .map(str::to_owned),
                    metric,
                    value: num.as_str().parse().unwrap_or(0.0),
                    unit: unit.as_str().to_owned(),
                    approx: cap.get(2).is_some(),
                    passage: index,
                    text: clause.to_owned(),
                });
            }
        }
        report.passages.push(Passage {
            section: section.to_string(),
            kind: passage_kind,
            topics: topics_of(line),
            text: line.to_owned(),
            sentences,
        });
    }
    report
}

fn region_from_stem(stem: &str) -> String {
    let known = [
        ("changzhou-xinbei", "常州市新北区"),
        ("changzhou", "常州市"),
        ("liyang", "溧阳市"),
        ("sanming-shaxian", "三明市沙县区"),
        ("weihai-torch", "威海火炬高新区"),
    ];
    known
        .iter()
        .find(|(k, _)| stem.starts_with(k))
        .map_or_else(|| stem.to_owned(), |(_, v)| (*v).to_owned())
}

fn topics_of(text: &str) -> Vec<String> {
    let found: Vec<String> = TOPICS
        .iter()
        .filter(|(_, _, cues)| cues.iter().any(|c| text.contains(c)))
        .map(|(id, _, _)| (*id).to_owned())
        .collect();
    if found.is_empty() {
        vec!["other".to_owned()]
    } else {
        found
    }
}

fn split_sentences(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    for ch in text.chars() {
        cur.push(ch);
        if matches!(ch, '。' | '！' | '？' | '；') {
            out.push(std::mem::take(&mut cur));
        }
    }
    if !cur.trim().is_empty() {
        out.push(cur);
    }
    out
}

struct Sent<'a> {
    report: usize,
    passage: usize,
    kind: Kind,
    topics: &'a [String],
    text: &'a str,
}

fn sentences(report: &Report, index: usize) -> Vec<Sent<'_>> {
    report
        .passages
        .iter()
        .enumerate()
        .flat_map(|(p, passage)| {
            passage.sentences.iter().map(move |s| Sent {
                report: index,
                passage: p,
                kind: s.kind,
                topics: &s.topics,
                text: &s.text,
            })
        })
        .collect()
}

fn bigrams(text: &str) -> std::collections::HashSet<(char, char)> {
    let chars: Vec<char> = text.chars().filter(|c| !c.is_ascii_punctuation()).collect();
    chars.windows(2).map(|w| (w[0], w[1])).collect()
}

fn similarity(a: &str, b: &str) -> f64 {
    let (x, y) = (bigrams(a), bigrams(b));
    if x.is_empty() || y.is_empty() {
        return 0.0;
    }
    2.0 * x.intersection(&y).count() as f64 / (x.len() + y.len()) as f64
}

/// Numbers with their unit are one token; every other character is its own token.
fn tokens(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_ascii_digit() {
            let mut tok = c.to_string();
            while let Some(&n) = chars.peek() {
                if n.is_ascii_digit() || n == '.' || n == ',' || n == '%' || n == '余' {
                    tok.push(n);
                    chars.next();
                } else {
                    break;
                }
            }
            if let Some(&u) = chars.peek()
                && "件项户个人次本条份名".contains(u)
            {
                tok.push(u);
                chars.next();
            }
            out.push(tok);
        } else {
            out.push(c.to_string());
        }
    }
    out
}

fn diff(a: &str, b: &str) -> Vec<DiffSpan> {
    let (ta, tb) = (tokens(a), tokens(b));
    let mut spans: Vec<DiffSpan> = Vec::new();
    let mut push = |op: DiffOp, tok: &str| {
        let number = tok.starts_with(|c: char| c.is_ascii_digit());
        if let Some(last) = spans.last_mut()
            && last.op == op
            && !number
            && !last.number
        {
            last.text.push_str(tok);
            return;
        }
        spans.push(DiffSpan {
            op,
            text: tok.to_owned(),
            number,
        });
    };
    for op in similar::capture_diff_slices(similar::Algorithm::Myers, &ta, &tb) {
        match op {
            similar::DiffOp::Equal { old_index, len, .. } => {
                for t in ta.iter().skip(old_index).take(len) {
                    push(DiffOp::Equal, t);
                }
            }
            similar::DiffOp::Delete {
                old_index, old_len, ..
            } => {
                for t in ta.iter().skip(old_index).take(old_len) {
                    push(DiffOp::Delete, t);
                }
            }
            similar::DiffOp::Insert {
                new_index, new_len, ..
            } => {
                for t in tb.iter().skip(new_index).take(new_len) {
                    push(DiffOp::Insert, t);
                }
            }
            similar::DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => {
                for t in ta.iter().skip(old_index).take(old_len) {
                    push(DiffOp::Delete, t);
                }
                for t in tb.iter().skip(new_index).take(new_len) {
                    push(DiffOp::Insert, t);
                }
            }
        }
    }
    spans
}

fn sref(s: &Sent<'_>) -> SentenceRef {
    SentenceRef {
        report: s.report,
        text: s.text.to_owned(),
        passage: s.passage,
        kind: s.kind,
    }
}

pub fn compare(reports: &[Report]) -> Comparison {
    let all: Vec<Vec<Sent<'_>>> = reports
        .iter()
        .enumerate()
        .map(|(i, r)| sentences(r, i))
        .collect();
    let mut cmp = Comparison {
        reports: reports
            .iter()
            .map(|r| ReportInfo {
                source: r.source.clone(),
                error: r.error.clone(),
                title: r.title.clone(),
                region: r.region.clone(),
                year: r.year,
                script: r.script,
            })
            .collect(),
        ..Comparison::default()
    };
    let mut ids: Vec<(&str, &str)> = TOPICS.iter().map(|(id, label, _)| (*id, *label)).collect();
    ids.push(("other", "其他"));
    for (id, label) in ids {
        let cells = reports
            .iter()
            .enumerate()
            .map(|(i, r)| {
                let mut kinds = KindCounts::default();
                let mut passages = 0;
                for p in r
                    .passages
                    .iter()
                    .filter(|p| p.topics.iter().any(|t| t == id))
                {
                    passages += 1;
                    kinds.add(p.kind);
                }
                let facts = r
                    .facts
                    .iter()
                    .filter(|f| f.topic.as_deref() == Some(id))
                    .count();
                Cell {
                    report: i,
                    passages,
                    facts,
                    kinds,
                }
            })
            .collect();
        cmp.topics.push(TopicRow {
            id: id.to_owned(),
            label: label.to_owned(),
            key: KEY_TOPICS.contains(&id),
            cells,
        });
        for i in 0..reports.len() {
            for j in i + 1..reports.len() {
                let (Some(si), Some(sj)) = (all.get(i), all.get(j)) else {
                    continue;
                };
                for a in si.iter().filter(|s| s.topics.iter().any(|t| t == id)) {
                    let best = sj
                        .iter()
                        .filter(|s| s.topics.iter().any(|t| t == id))
                        .map(|b| (similarity(a.text, b.text), b))
                        .max_by(|x, y| x.0.total_cmp(&y.0));
                    if let Some((sim, b)) = best
                        && sim >= 0.35
                    {
                        cmp.pairs.push(Pair {
                            topic: id.to_owned(),
                            similarity: sim,
                            a: sref(a),
                            b: sref(b),
                            diff: diff(a.text, b.text),
                        });
                    }
                }
            }
        }
    }
    for (id, label, _) in METRICS {
        let values: Vec<MetricValue> = reports
            .iter()
            .enumerate()
            .flat_map(|(i, r)| {
                r.facts
                    .iter()
                    .filter(|f| f.metric.as_deref() == Some(id))
                    .take(1)
                    .map(move |f| MetricValue {
                        report: i,
                        value: f.value,
                        unit: f.unit.clone(),
                        approx: f.approx,
                        text: f.text.clone(),
                        normalized: f.value,
                        base_unit: f.unit.clone(),
                    })
            })
            .collect();
        if values.is_empty() {
            continue;
        }
        let by = |max: bool| {
            (values.len() >= 2).then(|| {
                let it = values.iter();
                let v = if max {
                    it.max_by(|a, b| a.normalized.total_cmp(&b.normalized))
                } else {
                    it.min_by(|a, b| a.normalized.total_cmp(&b.normalized))
                };
                v.map(|v| v.report)
            })
        };
        cmp.metrics.push(MetricRow {
            metric: (*id).to_owned(),
            label: (*label).to_owned(),
            topic: id.split('.').next().unwrap_or_default().to_owned(),
            highest: by(true).flatten(),
            lowest: by(false).flatten(),
            values,
        });
    }
    for sents in &all {
        for s in sents.iter().filter(|s| s.kind == Kind::Plan) {
            let matches = all
                .iter()
                .filter(|o| o.first().is_some_and(|f| f.report != s.report))
                .filter_map(|o| {
                    o.iter()
                        .filter(|x| x.kind == Kind::Plan)
                        .map(|x| (similarity(s.text, x.text), x))
                        .filter(|(sim, _)| *sim >= 0.3)
                        .max_by(|x, y| x.0.total_cmp(&y.0))
                        .map(|(sim, x)| Match {
                            report: x.report,
                            text: x.text.to_owned(),
                            similarity: sim,
                        })
                })
                .collect();
            cmp.commitments.push(Commitment {
                topic: s.topics.first().cloned().unwrap_or_default(),
                report: s.report,
                text: s.text.to_owned(),
                matches,
            });
        }
    }
    for (i, a) in reports.iter().enumerate() {
        for (j, b) in reports.iter().enumerate() {
            let consecutive =
                a.region == b.region && a.year.zip(b.year).is_some_and(|(x, y)| y == x + 1);
            let (Some(plans), Some(done)) = (all.get(i), all.get(j)) else {
                continue;
            };
            if !consecutive {
                continue;
            }
            for p in plans.iter().filter(|s| s.kind == Kind::Plan) {
                let delivered = done
                    .iter()
                    .filter(|s| s.kind == Kind::Achievement)
                    .map(|s| (similarity(p.text, s.text), s))
                    .filter(|(sim, _)| *sim >= 0.3)
                    .max_by(|x, y| x.0.total_cmp(&y.0))
                    .map(|(sim, s)| Match {
                        report: s.report,
                        text: s.text.to_owned(),
                        similarity: sim,
                    });
                cmp.follow_through.push(FollowThrough {
                    plan: PlanRef {
                        report: i,
                        text: p.text.to_owned(),
                        topic: p.topics.first().cloned().unwrap_or_default(),
                    },
                    delivered,
                });
            }
        }
    }
    cmp
}

/// JSON only; the other formats need the real exporter.
pub fn export(cmp: &Comparison, path: &Path) -> Result<(), String> {
    match path.extension().and_then(|e| e.to_str()) {
        Some("json") => {
            let json = serde_json::to_string_pretty(cmp).map_err(|e| e.to_string())?;
            std::fs::write(path, json).map_err(|e| e.to_string())
        }
        _ => Err("this format needs the engine exporter (not merged yet)".to_owned()),
    }
}
