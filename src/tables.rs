//! The data in `assets/` (topic cues, metric rules, kind cues, boilerplate phrases), parsed once
//! into ready matchers. Tuning a table needs no Rust; `tests` reject ids that SPEC does not know.

use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, MatchKind};
use serde::Deserialize;

/// The canonical metric ids of SPEC.
pub const METRIC_IDS: [&str; 26] = [
    "reconsideration.received",
    "reconsideration.accepted",
    "reconsideration.concluded",
    "reconsideration.correction_rate",
    "litigation.cases",
    "litigation.losses",
    "litigation.loss_rate",
    "litigation.head_appearance_rate",
    "normative_docs.issued",
    "normative_docs.filing_rate",
    "normative_docs.reviewed",
    "normative_docs.abolished",
    "enforcement.officers",
    "enforcement.certificates",
    "enforcement.case_files_reviewed",
    "enforcement.penalties",
    "business_env.new_market_entities",
    "business_env.inspections",
    "decision.legal_reviews",
    "decision.legal_advisor_coverage",
    "transparency.proactive",
    "transparency.on_request",
    "disputes.mediations",
    "disputes.mediation_success_rate",
    "legal_services.legal_aid_cases",
    "leadership.collective_study",
];

/// The Chinese label of a metric id, for tables and exports (the id itself when unknown).
pub fn metric_label(id: &str) -> &str {
    match id {
        "reconsideration.received" => "行政复议申请/案件数",
        "reconsideration.accepted" => "受理复议案件数",
        "reconsideration.concluded" => "审结复议案件数",
        "reconsideration.correction_rate" => "复议纠错率",
        "litigation.cases" => "行政诉讼/应诉案件数",
        "litigation.losses" => "败诉件数",
        "litigation.loss_rate" => "败诉率",
        "litigation.head_appearance_rate" => "负责人出庭应诉率",
        "normative_docs.issued" => "制定/印发规范性文件件数",
        "normative_docs.filing_rate" => "规范性文件报备率",
        "normative_docs.reviewed" => "备案审查规范性文件件数",
        "normative_docs.abolished" => "废止规范性文件件数",
        "enforcement.officers" => "行政执法人员数",
        "enforcement.certificates" => "新发/换发执法证件数",
        "enforcement.case_files_reviewed" => "评查执法案卷数",
        "enforcement.penalties" => "行政处罚件数",
        "business_env.new_market_entities" => "新增市场主体户数",
        "business_env.inspections" => "双随机抽查户数",
        "decision.legal_reviews" => "重大决策合法性审查件数",
        "decision.legal_advisor_coverage" => "法律顾问覆盖率",
        "transparency.proactive" => "主动公开政府信息条数",
        "transparency.on_request" => "依申请公开件数",
        "disputes.mediations" => "调解纠纷件数",
        "disputes.mediation_success_rate" => "调解成功率",
        "legal_services.legal_aid_cases" => "法律援助案件数",
        "leadership.collective_study" => "集体学法次数",
        _ => id,
    }
}

/// Position of a metric in SPEC order (unknown ids after every known one).
pub fn metric_rank(id: &str) -> usize {
    METRIC_IDS
        .iter()
        .position(|m| *m == id)
        .unwrap_or(METRIC_IDS.len())
}

/// The topic a metric belongs to: the part of its id before the dot.
pub fn metric_topic(id: &str) -> &str {
    id.split('.').next().unwrap_or(id)
}

pub struct Topic {
    pub id: String,
    pub label: String,
    pub key: bool,
}

/// Every cue phrase of every topic in one automaton; `cue_topic[i]`/`cue_weight[i]` describe pattern i.
pub struct TopicCues {
    pub matcher: AhoCorasick,
    pub cue_topic: Vec<usize>,
    pub cue_weight: Vec<u32>,
}

pub struct MetricRule {
    /// Canonical id, or None for "-" (a number that is deliberately no indicator).
    pub id: Option<String>,
    pub units: Vec<String>,
    /// Alternatives; each is a set of phrases that must all appear.
    pub near: Vec<Vec<String>>,
    pub context: Vec<String>,
    pub exclude: Vec<String>,
    pub after: Option<String>,
}

pub struct KindCues {
    pub heading_fix_verbs: Vec<String>,
    pub heading_shortcoming: Vec<String>,
    pub heading_plan: Vec<String>,
    pub lead_chars: usize,
    pub summary_markers: Vec<String>,
    pub opening_shortcoming: Vec<String>,
    pub opening_plan: Vec<String>,
    pub opening_pattern: regex::Regex,
    pub sentence_plan: Vec<String>,
}

/// Frames (`assets/frames.toml`): parts of a sentence that name a topic without being about it.
pub struct Frames {
    pub circumstance_opens: Vec<String>,
    pub circumstance_closes: Vec<String>,
    pub enumeration_min_topics: usize,
    /// Clauses of at most this many chars, three or more in a row, are read as a list.
    pub short_clause_chars: usize,
    /// Verbs of a meeting deliberating: "研究部署A、B等问题" lists an agenda.
    pub agenda_verbs: Vec<String>,
    pub study_verbs: Vec<String>,
    pub study_window: usize,
    /// Topic index that a studied document's title is evidence of.
    pub study_topic: usize,
    pub study_weight: u32,
    /// Words that close a modifier naming where a power comes from ("规章设定的职权").
    pub origin_markers: Vec<String>,
    pub combinations: Vec<Combination>,
}

/// A clause holding one of `objects` and one of `actions` is evidence of `topic`.
pub struct Combination {
    pub topic: usize,
    pub weight: u32,
    pub objects: Vec<String>,
    pub actions: Vec<String>,
}

/// The units of `assets/units.toml`, each list longest first (so 人次 is tried before 人).
pub struct Units {
    /// A number with one of these is a count or an amount: a fact.
    pub count: Vec<String>,
    /// A number with one of these is a date or a time, never a fact.
    pub date: Vec<String>,
    /// Kept with its number in a diff, no fact.
    pub diff_only: Vec<String>,
}

pub struct Boilerplate {
    /// Lines that start with one of these (and are short) are clutter.
    pub prefixes: Vec<String>,
    /// Lines equal to one of these are clutter.
    pub exact: Vec<String>,
    /// A short line without a full stop that asks a question with one of these is clutter.
    pub question_words: Vec<String>,
}

pub struct Tables {
    pub topics: Vec<Topic>,
    pub cues: TopicCues,
    pub rules: Vec<MetricRule>,
    pub change: ChangeCues,
    /// All `context` phrases of all rules: the subjects a number can be about.
    pub subjects: AhoCorasick,
    pub subject_phrases: Vec<String>,
    pub kinds: KindCues,
    pub frames: Frames,
    pub boilerplate: Boilerplate,
    pub units: Units,
}

impl Tables {
    pub fn topic_index(&self, id: &str) -> Option<usize> {
        self.topics.iter().position(|t| t.id == id)
    }

    /// The display name of a topic id (the id itself when unknown): the one source of topic
    /// names for the engine, the app and every export.
    pub fn topic_label<'a>(&'a self, id: &'a str) -> &'a str {
        self.topics
            .iter()
            .find(|t| t.id == id)
            .map(|t| t.label.as_str())
            .unwrap_or(id)
    }

    /// Position of a topic in display order (topics.toml order: the key four first); unknown ids
    /// sort after every known one.
    pub fn topic_rank(&self, id: &str) -> usize {
        self.topic_index(id).unwrap_or(usize::MAX)
    }
}

/// The key topics (`key = true` in topics.toml), in display order: the four users name first,
/// which every view pins to the top.
pub static KEY_TOPICS: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    tables()
        .topics
        .iter()
        .filter(|t| t.key)
        .map(|t| t.id.as_str())
        .collect()
});

/// Bump when an asset changes meaning, so caches keyed on it are invalidated.
pub const TABLES_VERSION: u32 = 1;

/// SHA-256 of every embedded table the analysis reads (and [`TABLES_VERSION`]): cached analyses
/// keyed on it are invalidated when any asset is tuned, without anyone bumping a number.
pub fn fingerprint() -> &'static [u8; 32] {
    static FINGERPRINT: LazyLock<[u8; 32]> = LazyLock::new(|| {
        use sha2::Digest;
        let mut h = sha2::Sha256::new();
        h.update(TABLES_VERSION.to_le_bytes());
        for text in [
            TOPICS_TOML,
            METRICS_TOML,
            KINDS_TOML,
            FRAMES_TOML,
            UNITS_TOML,
            BOILERPLATE_TXT,
            crate::outline::gazetteer::DIVISIONS_TSV,
        ] {
            h.update((text.len() as u64).to_le_bytes());
            h.update(text.as_bytes());
        }
        h.finalize().into()
    });
    &FINGERPRINT
}

pub static TABLES: LazyLock<Tables> = LazyLock::new(|| match load() {
    Ok(t) => t,
    // The assets are compiled in and checked by `cargo test`; a failure here is a build defect.
    Err(e) => panic!("embedded assets are invalid: {e}"),
});

pub fn tables() -> &'static Tables {
    &TABLES
}

#[derive(Debug, thiserror::Error)]
pub enum TableError {
    #[error("{file}: {message}")]
    Invalid { file: &'static str, message: String },
}

fn invalid(file: &'static str, message: impl Into<String>) -> TableError {
    TableError::Invalid {
        file,
        message: message.into(),
    }
}

#[derive(Deserialize)]
struct TopicsFile {
    topic: Vec<TopicEntry>,
}

#[derive(Deserialize)]
struct TopicEntry {
    id: String,
    label: String,
    #[serde(default)]
    key: bool,
    cues: String,
}

#[derive(Deserialize)]
struct MetricsFile {
    change: ChangeCues,
    rule: Vec<RuleEntry>,
}

/// How a change is written ("较上年增加12件"): a number after one is no count (metrics.toml).
#[derive(Deserialize, Default)]
pub struct ChangeCues {
    pub markers: Vec<String>,
    pub verbs: Vec<String>,
}

#[derive(Deserialize)]
struct RuleEntry {
    id: String,
    units: Vec<String>,
    near: Vec<String>,
    #[serde(default)]
    context: Vec<String>,
    #[serde(default)]
    exclude: Vec<String>,
    after: Option<String>,
}

#[derive(Deserialize)]
struct KindsFile {
    heading: KindLists,
    opening: OpeningLists,
    sentence: SentenceLists,
}

#[derive(Deserialize)]
struct KindLists {
    fix_verbs: Vec<String>,
    shortcoming: Vec<String>,
    plan: Vec<String>,
}

#[derive(Deserialize)]
struct OpeningLists {
    lead_chars: usize,
    summary_markers: Vec<String>,
    pattern: String,
    shortcoming: Vec<String>,
    plan: Vec<String>,
}

#[derive(Deserialize)]
struct SentenceLists {
    plan: Vec<String>,
}

const TOPICS_TOML: &str = include_str!("../assets/topics.toml");
const METRICS_TOML: &str = include_str!("../assets/metrics.toml");
const KINDS_TOML: &str = include_str!("../assets/kinds.toml");
const FRAMES_TOML: &str = include_str!("../assets/frames.toml");
const UNITS_TOML: &str = include_str!("../assets/units.toml");

#[derive(Deserialize)]
struct UnitsFile {
    count: Vec<String>,
    date: Vec<String>,
    diff_only: Vec<String>,
}

fn units() -> Result<Units, TableError> {
    let file: UnitsFile =
        toml::from_str(UNITS_TOML).map_err(|e| invalid("units.toml", e.to_string()))?;
    let longest_first = |mut list: Vec<String>| {
        list.sort_by_key(|u| std::cmp::Reverse(u.chars().count()));
        list
    };
    Ok(Units {
        count: longest_first(file.count),
        date: longest_first(file.date),
        diff_only: longest_first(file.diff_only),
    })
}

#[derive(Deserialize)]
struct FramesFile {
    circumstance: CircumstanceEntry,
    enumeration: EnumerationEntry,
    study: StudyEntry,
    origin: OriginEntry,
    #[serde(default)]
    combination: Vec<CombinationEntry>,
}

#[derive(Deserialize)]
struct CombinationEntry {
    topic: String,
    weight: u32,
    objects: Vec<String>,
    actions: Vec<String>,
}

#[derive(Deserialize)]
struct CircumstanceEntry {
    opens: Vec<String>,
    closes: Vec<String>,
}

#[derive(Deserialize)]
struct OriginEntry {
    markers: Vec<String>,
}

#[derive(Deserialize)]
struct EnumerationEntry {
    min_topics: usize,
    short_clause_chars: usize,
    agenda_verbs: Vec<String>,
}

#[derive(Deserialize)]
struct StudyEntry {
    verbs: Vec<String>,
    window: usize,
    topic: String,
    weight: u32,
}
const BOILERPLATE_TXT: &str = include_str!("../assets/boilerplate.txt");

pub fn load() -> Result<Tables, TableError> {
    let (topics, cues) = topics()?;
    let (rules, change, subjects, subject_phrases) = metric_rules()?;
    Ok(Tables {
        frames: frames(&topics)?,
        topics,
        cues,
        rules,
        change,
        subjects,
        subject_phrases,
        kinds: kinds()?,
        boilerplate: boilerplate(),
        units: units()?,
    })
}

/// topics.toml: the topics in display order and one automaton over every cue phrase.
fn topics() -> Result<(Vec<Topic>, TopicCues), TableError> {
    let topics_file: TopicsFile =
        toml::from_str(TOPICS_TOML).map_err(|e| invalid("topics.toml", e.to_string()))?;
    let mut topics = Vec::new();
    let mut phrases = Vec::new();
    let mut cue_topic = Vec::new();
    let mut cue_weight = Vec::new();
    for (index, entry) in topics_file.topic.into_iter().enumerate() {
        for (n, line) in entry.cues.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let (phrase, weight) = line.rsplit_once(' ').ok_or_else(|| {
                invalid(
                    "topics.toml",
                    format!("{}: cue line {} lacks a weight", entry.id, n + 1),
                )
            })?;
            let weight: u32 = weight.parse().map_err(|_| {
                invalid(
                    "topics.toml",
                    format!("{}: bad weight in {line:?}", entry.id),
                )
            })?;
            phrases.push(crate::chars::fold_punct(phrase.trim()));
            cue_topic.push(index);
            cue_weight.push(weight);
        }
        topics.push(Topic {
            id: entry.id,
            label: entry.label,
            key: entry.key,
        });
    }
    let matcher = AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostLongest)
        .build(&phrases)
        .map_err(|e| invalid("topics.toml", e.to_string()))?;
    Ok((
        topics,
        TopicCues {
            matcher,
            cue_topic,
            cue_weight,
        },
    ))
}

/// metrics.toml: the rules, how a change is written, and the subjects a number can be about.
fn metric_rules() -> Result<(Vec<MetricRule>, ChangeCues, AhoCorasick, Vec<String>), TableError> {
    let metrics_file: MetricsFile =
        toml::from_str(METRICS_TOML).map_err(|e| invalid("metrics.toml", e.to_string()))?;
    let change = metrics_file.change;
    let mut rules = Vec::new();
    let mut subject_phrases: Vec<String> = Vec::new();
    for r in metrics_file.rule {
        let id = if r.id == "-" { None } else { Some(r.id) };
        for phrase in &r.context {
            if !subject_phrases.contains(phrase) {
                subject_phrases.push(phrase.clone());
            }
        }
        rules.push(MetricRule {
            id,
            units: r.units,
            near: r
                .near
                .iter()
                .map(|alt| alt.split('+').map(str::to_string).collect())
                .collect(),
            context: r.context,
            exclude: r.exclude,
            after: r.after,
        });
    }
    let subjects = AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostLongest)
        .build(&subject_phrases)
        .map_err(|e| invalid("metrics.toml", e.to_string()))?;
    Ok((rules, change, subjects, subject_phrases))
}

/// kinds.toml: the cues of achievement, shortcoming and plan.
fn kinds() -> Result<KindCues, TableError> {
    let kinds_file: KindsFile =
        toml::from_str(KINDS_TOML).map_err(|e| invalid("kinds.toml", e.to_string()))?;
    let kinds = KindCues {
        heading_fix_verbs: kinds_file.heading.fix_verbs,
        heading_shortcoming: kinds_file.heading.shortcoming,

        heading_plan: kinds_file.heading.plan,
        lead_chars: kinds_file.opening.lead_chars,
        summary_markers: kinds_file.opening.summary_markers,
        opening_shortcoming: kinds_file.opening.shortcoming,
        opening_plan: kinds_file.opening.plan,
        opening_pattern: regex::Regex::new(&kinds_file.opening.pattern)
            .map_err(|e| invalid("kinds.toml", e.to_string()))?,
        sentence_plan: kinds_file.sentence.plan,
    };
    Ok(kinds)
}

/// frames.toml, its topic ids resolved against `topics`.
fn frames(topics: &[Topic]) -> Result<Frames, TableError> {
    let frames_file: FramesFile =
        toml::from_str(FRAMES_TOML).map_err(|e| invalid("frames.toml", e.to_string()))?;
    let topic_of = |id: &str| {
        topics
            .iter()
            .position(|t| t.id == id)
            .ok_or_else(|| invalid("frames.toml", format!("unknown topic {id}")))
    };
    let study_topic = topic_of(&frames_file.study.topic)?;
    let frames = Frames {
        circumstance_opens: frames_file.circumstance.opens,
        circumstance_closes: frames_file.circumstance.closes,
        enumeration_min_topics: frames_file.enumeration.min_topics.max(2),
        short_clause_chars: frames_file.enumeration.short_clause_chars,
        agenda_verbs: frames_file.enumeration.agenda_verbs,
        study_verbs: frames_file.study.verbs,
        study_window: frames_file.study.window,
        study_topic,
        study_weight: frames_file.study.weight,
        origin_markers: frames_file.origin.markers,
        combinations: frames_file
            .combination
            .into_iter()
            .map(|c| {
                Ok(Combination {
                    topic: topic_of(&c.topic)?,
                    weight: c.weight,
                    objects: c.objects,
                    actions: c.actions,
                })
            })
            .collect::<Result<_, TableError>>()?,
    };
    Ok(frames)
}

/// boilerplate.txt: `=line` is an exact clutter line, any other line a clutter prefix.
fn boilerplate() -> Boilerplate {
    let mut boilerplate = Boilerplate {
        prefixes: Vec::new(),
        exact: Vec::new(),
        question_words: Vec::new(),
    };
    for line in BOILERPLATE_TXT.lines() {
        let line = line.trim_end();
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some(word) = line.strip_prefix('?') {
            boilerplate.question_words.push(word.trim().to_string());
        } else if let Some(exact) = line.strip_prefix('=') {
            boilerplate.exact.push(exact.trim().to_string());
        } else {
            boilerplate.prefixes.push(line.trim().to_string());
        }
    }
    boilerplate
}

#[cfg(test)]
mod tests {
    use super::*;

    const SPEC_TOPICS: [&str; 17] = [
        "leadership",
        "functions",
        "business_env",
        "rulemaking",
        "normative_docs",
        "decision",
        "enforcement",
        "emergency",
        "reconsideration",
        "litigation",
        "disputes",
        "oversight",
        "transparency",
        "legal_education",
        "legal_services",
        "digital",
        "other",
    ];

    #[test]
    fn assets_parse_and_use_only_spec_ids() {
        let t = load().expect("assets parse");
        let ids: Vec<&str> = t.topics.iter().map(|t| t.id.as_str()).collect();
        for id in &ids {
            assert!(SPEC_TOPICS.contains(id), "unknown topic id {id}");
        }
        for id in SPEC_TOPICS {
            assert!(ids.contains(&id), "topic {id} has no cues");
        }
        assert_eq!(ids.len(), SPEC_TOPICS.len(), "each topic once");
        // SPEC's four key topics, first, as topics.toml's `key` flags say.
        let key: Vec<&str> = t
            .topics
            .iter()
            .filter(|t| t.key)
            .map(|t| t.id.as_str())
            .collect();
        assert_eq!(
            key,
            [
                "enforcement",
                "reconsideration",
                "normative_docs",
                "business_env"
            ]
        );
        assert_eq!(&ids[..4], &key[..], "key topics come first");
        for rule in &t.rules {
            if let Some(id) = &rule.id {
                assert!(METRIC_IDS.contains(&id.as_str()), "unknown metric id {id}");
            }
            if let Some(after) = &rule.after {
                assert!(
                    METRIC_IDS.contains(&after.as_str()),
                    "unknown metric id {after}"
                );
            }
            assert!(!rule.units.is_empty() && !rule.near.is_empty());
        }
        for id in METRIC_IDS {
            assert!(
                t.rules.iter().any(|r| r.id.as_deref() == Some(id)),
                "metric {id} has no rule"
            );
            assert_ne!(metric_label(id), id, "metric {id} has no label");
            assert!(SPEC_TOPICS.contains(&metric_topic(id)));
        }
        assert!(t.boilerplate.prefixes.iter().any(|p| p == "当前位置"));
        let all: Vec<&String> = [&t.units.count, &t.units.date, &t.units.diff_only]
            .into_iter()
            .flatten()
            .collect();
        for (i, u) in all.iter().enumerate() {
            assert!(
                !u.is_empty() && !all[..i].contains(u),
                "unit {u:?} empty or listed twice"
            );
        }
        let counts: Vec<usize> = t.units.count.iter().map(|u| u.chars().count()).collect();
        assert!(counts.windows(2).all(|w| w[0] >= w[1]), "longest first");
    }
}
