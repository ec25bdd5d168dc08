//! The data every stage shares: what one analyzed report is (`Report`) and what a comparison of
//! several is (`Comparison`). Field names follow `../shared/SPEC.md`, so serde gives the JSON contract.

use serde::{Deserialize, Serialize};

/// The script a report was written in; text is always analyzed (and shown) in Simplified.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Script {
    #[default]
    Simplified,
    Traditional,
}

/// What a passage reports: done this year, not done well, or promised for next year.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, Default,
)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    #[default]
    Achievement,
    Shortcoming,
    Plan,
}

impl Kind {
    pub const ALL: [Kind; 3] = [Kind::Achievement, Kind::Shortcoming, Kind::Plan];

    pub fn id(self) -> &'static str {
        match self {
            Kind::Achievement => "achievement",
            Kind::Shortcoming => "shortcoming",
            Kind::Plan => "plan",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Kind::Achievement => "成效",
            Kind::Shortcoming => "不足",
            Kind::Plan => "安排",
        }
    }
}

/// One heading of the outline. `id` is the dotted position ("3.2"), stable within a report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Section {
    pub id: String,
    pub level: u8,
    pub heading: String,
    pub topics: Vec<String>,
    pub kind: Kind,
}

/// A unit of body text (a paragraph, or one item of an inline 一是…二是… list).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Passage {
    /// Id of the innermost section holding it; empty for text before the first heading.
    pub section: String,
    pub kind: Kind,
    pub topics: Vec<String>,
    /// Simplified text, as the reader sees it (original punctuation kept).
    pub text: String,
    /// The sentences of `text`, in order, each with its own topics and kind (used for pairing).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sentences: Vec<Sentence>,
    /// The passage continues the paragraph of the one before: that paragraph was cut where its
    /// sentences change topic or kind. Counting paragraphs (体检) skips these.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub continues: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Sentence {
    pub text: String,
    pub topics: Vec<String>,
    pub kind: Kind,
}

/// A number found in the text, tied to a canonical indicator when it measures one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Fact {
    pub metric: Option<String>,
    pub topic: Option<String>,
    pub value: f64,
    /// The unit as written after the number (件, %, 万元 …); may be empty.
    pub unit: String,
    /// 余/多/近/逾/约 … : the value is approximate.
    pub approx: bool,
    /// Those words as written (SPEC's `approx` only says whether there are any).
    #[serde(default, skip_serializing_if = "Qualifier::is_empty")]
    pub qualifier: Qualifier,
    /// Index into `Report::passages`.
    pub passage: usize,
    /// The clause the number stands in.
    pub text: String,
}

/// The words that make a number approximate, as the report wrote them: 近/逾/约/大约/超过/超
/// before the number, 余/多 after it (after its scale: 1.2万余户). `display::quantity` writes them
/// back in place.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Qualifier {
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub before: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub after: String,
}

impl Qualifier {
    pub fn is_empty(&self) -> bool {
        self.before.is_empty() && self.after.is_empty()
    }
}

/// How a report's text was recognised by OCR.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct OcrInfo {
    /// Pages recognised.
    pub pages: usize,
    /// The OCR engine's mean confidence over the recognised characters, 0–1.
    pub confidence: f64,
}

/// One analyzed file. A file that could not be read keeps its `source` and gets `error`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Report {
    /// The path as given, readable: a name that is not UTF-8 has U+FFFD for its stray bytes.
    pub source: String,
    /// Only for a path that is not UTF-8 (a GBK name on a Linux disk): the path's bytes with each
    /// byte outside valid UTF-8, and each `%`, written `%XX`, so the exact name survives JSON.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_raw: Option<String>,
    pub error: Option<String>,
    pub title: String,
    pub region: String,
    /// Full name of the region's province ("福建省"); empty for a ministry or when unknown.
    #[serde(default)]
    pub province: String,
    /// province, city, county, township, department or zone; empty when unknown.
    #[serde(default)]
    pub level: String,
    pub year: Option<i32>,
    pub script: Script,
    /// Input format detected ("txt", "html", "docx", "pdf", "doc", "ofd").
    #[serde(default)]
    pub format: String,
    /// The publication or signature date the file states (ISO "2023-03-29"), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
    /// Set when the text was recognised from page images (a scanned PDF), not read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ocr: Option<OcrInfo>,
    /// Oddities worth telling the user (skipped heading numbers, guessed encoding …).
    #[serde(default)]
    pub warnings: Vec<String>,
    pub sections: Vec<Section>,
    pub passages: Vec<Passage>,
    pub facts: Vec<Fact>,
}

impl Report {
    pub fn failed(source: impl Into<String>, error: impl Into<String>) -> Self {
        Report {
            source: source.into(),
            error: Some(error.into()),
            ..Report::default()
        }
    }
}

/// The `analyze --json` document.
#[derive(Debug, Clone, Serialize, Deserialize, Default)]
pub struct Analysis {
    pub reports: Vec<Report>,
}

// ---------------------------------------------------------------------------------------------
// Comparison (the `compare --json` document)
// ---------------------------------------------------------------------------------------------

/// The header of a report inside a comparison (no body text).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct ReportInfo {
    pub source: String,
    /// As [`Report::source_raw`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_raw: Option<String>,
    pub error: Option<String>,
    pub title: String,
    pub region: String,
    /// Full name of the region's province ("福建省"); empty for a ministry or when unknown.
    #[serde(default)]
    pub province: String,
    /// province, city, county, township, department or zone; empty when unknown.
    #[serde(default)]
    pub level: String,
    pub year: Option<i32>,
    pub script: Script,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct KindCounts {
    pub achievement: usize,
    pub shortcoming: usize,
    pub plan: usize,
}

impl KindCounts {
    pub fn add(&mut self, kind: Kind) {
        match kind {
            Kind::Achievement => self.achievement += 1,
            Kind::Shortcoming => self.shortcoming += 1,
            Kind::Plan => self.plan += 1,
        }
    }
}

/// One cell of the topic × report coverage grid.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Cell {
    pub report: usize,
    pub passages: usize,
    pub facts: usize,
    pub kinds: KindCounts,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TopicRow {
    pub id: String,
    pub label: String,
    pub key: bool,
    pub cells: Vec<Cell>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MetricValue {
    pub report: usize,
    pub value: f64,
    pub unit: String,
    pub approx: bool,
    /// As [`Fact::qualifier`].
    #[serde(default, skip_serializing_if = "Qualifier::is_empty")]
    pub qualifier: Qualifier,
    pub text: String,
    /// The value in base units (1.2万户 → 12000, unit 户) so values compare across reports.
    pub normalized: f64,
    pub base_unit: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MetricRow {
    pub metric: String,
    pub label: String,
    pub topic: String,
    pub values: Vec<MetricValue>,
    /// Report indices holding the highest / lowest value (only when ≥ 2 reports have one).
    pub highest: Option<usize>,
    pub lowest: Option<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DiffOp {
    Equal,
    Delete,
    Insert,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DiffSpan {
    pub op: DiffOp,
    pub text: String,
    /// The span is a number (with its unit): the UI boxes it in a strong colour.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub number: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SentenceRef {
    pub report: usize,
    pub text: String,
    /// Index of the passage in that report.
    pub passage: usize,
    pub kind: Kind,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Pair {
    pub topic: String,
    pub similarity: f64,
    pub a: SentenceRef,
    pub b: SentenceRef,
    pub diff: Vec<DiffSpan>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Match {
    pub report: usize,
    pub text: String,
    pub similarity: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Commitment {
    pub topic: String,
    pub report: usize,
    pub text: String,
    pub matches: Vec<Match>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanRef {
    pub report: usize,
    pub text: String,
    pub topic: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FollowThrough {
    pub plan: PlanRef,
    pub delivered: Option<Match>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Comparison {
    pub reports: Vec<ReportInfo>,
    pub topics: Vec<TopicRow>,
    pub metrics: Vec<MetricRow>,
    pub pairs: Vec<Pair>,
    pub commitments: Vec<Commitment>,
    pub follow_through: Vec<FollowThrough>,
    /// What a reader should see first; derived from the fields above.
    #[serde(default)]
    pub highlights: Highlights,
    /// The required-content check of each report (same order as `reports`).
    #[serde(default)]
    pub checks: Vec<ReportCheck>,
    /// The reviewer's notes ("已核实", "问一下县司法局"), keyed by what they annotate
    /// (`check::note_key`); filled by the app from its workspace, shown by every export.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub notes: std::collections::BTreeMap<String, String>,
    /// Sentences several reports share word for word or nearly (模板句), most shared first; only
    /// when asked for (`CompareOptions::copied`, `duibi compare --copied`), absent otherwise.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub copied: Vec<CopiedSentence>,
}

/// One sentence several reports use, verbatim or nearly (compared as pairing compares: text in
/// Simplified, digits folded, punctuation and spaces ignored).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CopiedSentence {
    /// The wording most of them use.
    pub text: String,
    /// Indices into `reports`, ascending: every report that uses it.
    pub reports: Vec<usize>,
    /// The passage of its first use in each of `reports` (same order).
    pub passages: Vec<usize>,
    /// The earliest year among those reports (None when none has a year).
    pub earliest_year: Option<i32>,
    /// How many different wordings (before folding) were joined.
    pub wordings: usize,
}

/// The biggest differences of a comparison, for summaries (HTML, Markdown, the app's overview).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Highlights {
    /// Indicators whose highest and lowest values are furthest apart, widest first.
    pub spreads: Vec<Spread>,
    /// Indices into `commitments` of plans no other report made (empty with fewer than two
    /// readable reports: "only" means nothing then).
    pub only_commitments: Vec<usize>,
    /// Topics a readable report never mentions while another report does, in topic order.
    pub uncovered: Vec<Uncovered>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Spread {
    /// Index into `metrics`.
    pub row: usize,
    pub metric: String,
    pub highest: usize,
    pub lowest: usize,
    /// (highest − lowest) / |highest|, 0..=1.
    pub relative: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Uncovered {
    pub topic: String,
    pub report: usize,
}

// ---------------------------------------------------------------------------------------------
// Check (the `check --json` document; also part of a comparison)
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Present,
    Thin,
    Missing,
}

impl Status {
    pub fn label(self) -> &'static str {
        match self {
            Status::Present => "有",
            Status::Thin => "偏弱",
            Status::Missing => "缺",
        }
    }
}

/// One of the five required parts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Part {
    pub id: String,
    pub label: String,
    pub status: Status,
    /// Indexes into the report's `passages`.
    pub passages: Vec<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub why: Option<String>,
}

/// One topic of the national outline: does the report speak of it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TopicCheck {
    pub topic: String,
    pub present: bool,
    pub chapter: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Published {
    pub date: String,
    /// None when the report year is unknown.
    pub on_time: Option<bool>,
}

/// The required-content check of one report (an unreadable file keeps its error and nothing else).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct ReportCheck {
    pub source: String,
    pub error: Option<String>,
    pub region: String,
    pub year: Option<i32>,
    pub parts: Vec<Part>,
    pub topics: Vec<TopicCheck>,
    pub published: Option<Published>,
}

/// The `check --json` document.
#[derive(Debug, Clone, Serialize, Deserialize, Default)]
pub struct Checks {
    pub source: String,
    pub reports: Vec<ReportCheck>,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// JSON written before reports had a province and a level still loads.
    #[test]
    fn reports_without_province_or_level_load() {
        let json = r#"{"source": "a.txt", "error": null, "title": "某县2019年法治政府建设报告",
            "region": "某县", "year": 2019, "script": "simplified",
            "sections": [], "passages": [], "facts": []}"#;
        let report: Report = serde_json::from_str(json).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(report.region, "某县");
        assert_eq!((report.province.as_str(), report.level.as_str()), ("", ""));
    }
}
