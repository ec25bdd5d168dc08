//! A `Comparison` → a file: HTML (one self-contained page), XLSX, Word (.docx), CSV (the indicator table),
//! JSON (the SPEC document) or Markdown, chosen by the path's extension. Every write is atomic
//! (temp file in the same folder, then rename) and never lands on one of the input reports.

mod atomic;
mod csv;
mod docx;
mod html;
mod markdown;
mod summary;
mod xlsx;

use std::io;
use std::path::{Path, PathBuf};

use crate::model::{Comparison, Report};

pub use atomic::same_file;
pub use csv::to_csv;
pub use docx::to_docx;
pub use html::to_html;
pub use markdown::to_markdown;
pub use xlsx::to_xlsx;

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("cannot export to {0:?}: use a name ending in .html, .xlsx, .docx, .csv, .json or .md")]
    UnknownFormat(PathBuf),
    #[error("{0} is one of the reports being compared; choose another file name")]
    WouldOverwriteInput(PathBuf),
    #[error("the folder {0} does not exist")]
    NoSuchFolder(PathBuf),
    #[error("permission denied: cannot write {path}")]
    PermissionDenied { path: PathBuf, source: io::Error },
    #[error("the disk is full: {path} was not written")]
    DiskFull { path: PathBuf, source: io::Error },
    #[error("{0} is a folder, not a file name")]
    IsAFolder(PathBuf),
    #[error("cannot write {path}: {source}")]
    Io { path: PathBuf, source: io::Error },
    #[error("cannot build the spreadsheet: {0}")]
    Xlsx(#[from] rust_xlsxwriter::XlsxError),
    #[error("cannot build the Word document: {0}")]
    Docx(zip::result::ZipError),
}

impl ExportError {
    /// Name the usual causes of a failed write in the user's terms.
    fn io(path: &Path, source: io::Error) -> ExportError {
        let path = path.to_path_buf();
        match source.kind() {
            io::ErrorKind::PermissionDenied | io::ErrorKind::ReadOnlyFilesystem => {
                ExportError::PermissionDenied { path, source }
            }
            io::ErrorKind::StorageFull | io::ErrorKind::QuotaExceeded => {
                ExportError::DiskFull { path, source }
            }
            io::ErrorKind::IsADirectory => ExportError::IsAFolder(path),
            _ => ExportError::Io { path, source },
        }
    }
}

/// The export formats, by file extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Html,
    Xlsx,
    Docx,
    Csv,
    Json,
    Markdown,
}

impl Format {
    /// In menu order.
    pub const ALL: [Format; 6] = [
        Format::Html,
        Format::Xlsx,
        Format::Docx,
        Format::Csv,
        Format::Json,
        Format::Markdown,
    ];

    pub fn extension(self) -> &'static str {
        match self {
            Format::Html => "html",
            Format::Xlsx => "xlsx",
            Format::Docx => "docx",
            Format::Csv => "csv",
            Format::Json => "json",
            Format::Markdown => "md",
        }
    }

    pub fn from_path(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        Some(match ext.as_str() {
            "html" | "htm" => Format::Html,
            "xlsx" => Format::Xlsx,
            "docx" => Format::Docx,
            "csv" => Format::Csv,
            "json" => Format::Json,
            "md" | "markdown" => Format::Markdown,
            _ => return None,
        })
    }
}

/// The `compare --json` document (SPEC shape), pretty-printed.
pub fn to_json(comparison: &Comparison) -> String {
    // The model holds only strings, numbers and lists: serializing it cannot fail.
    serde_json::to_string_pretty(comparison)
        .unwrap_or_else(|e| format!("{{\"error\": {:?}}}", e.to_string()))
}

/// The bytes of `comparison` in `format`.
pub fn render(comparison: &Comparison, format: Format) -> Result<Vec<u8>, ExportError> {
    Ok(match format {
        Format::Html => to_html(comparison).into_bytes(),
        Format::Xlsx => to_xlsx(comparison)?,
        Format::Docx => to_docx(comparison)?,
        Format::Csv => to_csv(comparison),
        Format::Json => to_json(comparison).into_bytes(),
        Format::Markdown => to_markdown(comparison).into_bytes(),
    })
}

/// Bytes → `path`, atomically (temp file in the same folder, then rename): for the other files
/// duibi writes (workspaces) as well as exports.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), ExportError> {
    atomic::write(path, bytes)
}

/// Write `comparison` to `path` in the format its extension names, atomically; refuse to
/// replace any of `reports`' source files. Returns the files written: `path`, and for CSV with
/// copied sentences computed the file beside it that lists them (`csv::copied_path`).
pub fn write(
    comparison: &Comparison,
    reports: &[Report],
    path: &Path,
) -> Result<Vec<PathBuf>, ExportError> {
    let format =
        Format::from_path(path).ok_or_else(|| ExportError::UnknownFormat(path.to_path_buf()))?;
    let mut files = vec![(path.to_path_buf(), render(comparison, format)?)];
    if format == Format::Csv
        && let Some(bytes) = csv::to_copied_csv(comparison)
    {
        files.push((csv::copied_path(path), bytes));
    }
    let sources: Vec<&str> = reports
        .iter()
        .map(|r| r.source.as_str())
        .chain(comparison.reports.iter().map(|r| r.source.as_str()))
        .collect();
    for (to, _) in &files {
        if sources.iter().any(|s| atomic::same_file(Path::new(s), to)) {
            return Err(ExportError::WouldOverwriteInput(to.clone()));
        }
    }
    for (to, bytes) in &files {
        atomic::write(to, bytes)?;
    }
    Ok(files.into_iter().map(|(to, _)| to).collect())
}

/// Summaries list this many indicator spreads, and cut longer lists of differences here.
const MAX_SPREADS: usize = 8;
const MAX_LIST: usize = 30;

/// The first value `report` has in `row`, as written ("近700份"), or "".
fn first_value(row: &crate::model::MetricRow, report: usize) -> String {
    row.values
        .iter()
        .find(|v| v.report == report)
        .map(crate::model::MetricValue::as_written)
        .unwrap_or_default()
}

/// A topic's pairs, at most `max`, grouped by the pair of reports they join (one table each, so
/// each column is one report).
fn pairs_by_reports<'c>(
    pairs: &[&'c crate::model::Pair],
    max: usize,
) -> std::collections::BTreeMap<(usize, usize), Vec<&'c crate::model::Pair>> {
    let mut by_reports: std::collections::BTreeMap<(usize, usize), Vec<&crate::model::Pair>> =
        std::collections::BTreeMap::new();
    for p in pairs.iter().take(max) {
        by_reports
            .entry((p.a.report, p.b.report))
            .or_default()
            .push(p);
    }
    by_reports
}

#[cfg(test)]
pub(crate) mod testdata {
    //! A small comparison with hostile text, built by the real engine.
    use crate::align::testutil::{fact, report};
    use crate::align::{CompareOptions, compare};
    use crate::model::{Comparison, Kind, Report};

    pub const HOSTILE: &str = "<script>alert(1)</script>\"onerror=alert(2) '</style>&amp;";

    pub fn reports() -> Vec<Report> {
        let mut a = report(
            "甲市",
            2019,
            &[
                (
                    "reconsideration",
                    Kind::Achievement,
                    "全年区政府共收到行政复议申请26件，依法受理22件。",
                ),
                (
                    "enforcement",
                    Kind::Plan,
                    "深入推进综合行政执法体制改革，加强执法队伍建设。",
                ),
                (
                    "normative_docs",
                    Kind::Plan,
                    "开展行政规范性文件专项清理工作。",
                ),
            ],
        );
        a.facts = vec![
            fact(
                "reconsideration.received",
                26.0,
                "件",
                0,
                "共收到行政复议申请26件",
            ),
            fact(
                "business_env.new_market_entities",
                1.2,
                "万户",
                0,
                "新增市场主体1.2万户",
            ),
        ];
        let mut b = report(
            "乙市",
            2020,
            &[
                (
                    "reconsideration",
                    Kind::Achievement,
                    &format!("全年区政府共收到行政复议申请31件，依法受理22件{HOSTILE}。"),
                ),
                (
                    "enforcement",
                    Kind::Plan,
                    "深入推进综合行政执法体制改革，加强执法队伍建设。",
                ),
            ],
        );
        b.title = format!("乙市{HOSTILE}");
        b.facts = vec![
            fact(
                "reconsideration.received",
                31.0,
                "件",
                0,
                &format!("收到申请31件{HOSTILE}"),
            ),
            fact(
                "business_env.new_market_entities",
                8000.0,
                "户",
                0,
                "=HYPERLINK(\"http://x\")",
            ),
        ];
        vec![a, b]
    }

    pub fn comparison() -> (Comparison, Vec<Report>) {
        let reports = reports();
        (compare(&reports, &CompareOptions::default()), reports)
    }

    /// The sentence three reports share in [`with_copied`], with markup, a pipe, quotes and a
    /// formula start (not [`HOSTILE`]: its `;` would end the sentence).
    pub fn shared_sentence() -> String {
        "=全面推行<b>行政执法</b>公示制度、执法全过程记录制度和重大执法决定法制审核制度|\"三项制度\"。"
            .to_string()
    }

    /// Four reports, three of which share [`shared_sentence`] (甲市 2021, 乙市 2019, 丙市 2020),
    /// compared with copied sentences found (`compare --copied`).
    pub fn with_copied() -> Comparison {
        let shared = shared_sentence();
        let own = [
            "组建区综合行政执法局，整合城管、市场监管等领域执法力量。",
            "加强法治宣传教育，开展宪法进社区活动，覆盖群众十万人次。",
            "完善行政复议体制，办理行政复议案件一百二十件，纠错率有所上升。",
            "推进政务公开标准化规范化建设，主动公开政府信息三千余条。",
        ];
        let reports: Vec<Report> = [
            ("甲市", 2021),
            ("乙市", 2019),
            ("丙市", 2020),
            ("丁市", 2018),
        ]
        .iter()
        .zip(own)
        .enumerate()
        .map(|(i, ((region, year), own))| {
            let mut passages = vec![("enforcement", Kind::Achievement, own)];
            if i < 3 {
                passages.push(("enforcement", Kind::Achievement, shared.as_str()));
            }
            report(region, *year, &passages)
        })
        .collect();
        let opts = CompareOptions {
            copied: true,
            ..CompareOptions::default()
        };
        compare(&reports, &opts)
    }

    /// Values with each qualifier, as the report wrote them: every export must show them so.
    pub const QUALIFIED: [&str; 5] = ["近30件", "逾500件", "约120件", "700余份", "40多户"];

    /// Two reports read by the whole pipeline, the first writing each of `QUALIFIED` (the files
    /// the GUI test opens too).
    pub fn qualified() -> Comparison {
        let reports = [
            crate::pipeline::analyze_text(
                "jia-2019.txt",
                include_str!("../../tests/fixtures/qualified/jia-2019.txt"),
            ),
            crate::pipeline::analyze_text(
                "yi-2019.txt",
                include_str!("../../tests/fixtures/qualified/yi-2019.txt"),
            ),
        ];
        compare(&reports, &CompareOptions::default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_follows_the_extension() {
        let cases = [
            ("a.html", Some(Format::Html)),
            ("a.HTM", Some(Format::Html)),
            ("dir/b.xlsx", Some(Format::Xlsx)),
            ("c.csv", Some(Format::Csv)),
            ("d.json", Some(Format::Json)),
            ("e.md", Some(Format::Markdown)),
            ("f.txt", None),
            ("noext", None),
        ];
        for (p, want) in cases {
            assert_eq!(Format::from_path(Path::new(p)), want, "{p}");
        }
    }

    #[test]
    fn json_has_the_spec_shape() {
        let (c, _) = testdata::comparison();
        let v: serde_json::Value = serde_json::from_str(&to_json(&c)).expect("valid JSON");
        for key in [
            "reports",
            "topics",
            "metrics",
            "pairs",
            "commitments",
            "follow_through",
        ] {
            assert!(v.get(key).is_some_and(|x| x.is_array()), "{key}");
        }
        let pairs = v["pairs"].as_array().expect("pairs");
        let pair = pairs
            .iter()
            .find(|p| p["topic"] == "reconsideration")
            .expect("复议 pair");
        assert_eq!(pair["a"]["report"], 0);
        assert!(
            pair["diff"]
                .as_array()
                .is_some_and(|d| d.iter().any(|s| s["op"] == "delete" && s["text"] == "26件"))
        );
        let back: Comparison = serde_json::from_value(v).expect("round trip");
        assert_eq!(back, c);
    }

    /// JSON keeps SPEC's `approx` and adds the words themselves, where they stood.
    #[test]
    fn json_keeps_the_qualifier_as_written() {
        let v: serde_json::Value =
            serde_json::from_str(&to_json(&testdata::qualified())).expect("valid JSON");
        let values: Vec<&serde_json::Value> = v["metrics"]
            .as_array()
            .expect("metrics")
            .iter()
            .flat_map(|m| m["values"].as_array().expect("values"))
            .collect();
        let find = |value: f64| {
            values
                .iter()
                .find(|x| x["value"] == value)
                .unwrap_or_else(|| panic!("{value}"))
        };
        for (value, before, after) in [
            (30.0, Some("近"), None),
            (500.0, Some("逾"), None),
            (120.0, Some("约"), None),
            (700.0, None, Some("余")),
            (40.0, None, Some("多")),
        ] {
            let x = find(value);
            assert_eq!(x["approx"], true, "{x}");
            assert_eq!(x["qualifier"]["before"].as_str(), before, "{x}");
            assert_eq!(x["qualifier"]["after"].as_str(), after, "{x}");
        }
        assert!(find(26.0).get("qualifier").is_none(), "exact: no field");
    }

    #[test]
    fn unknown_extension_is_refused() {
        let (c, reports) = testdata::comparison();
        let dir = tempfile::tempdir().expect("tempdir");
        let err = write(&c, &reports, &dir.path().join("out.txt")).expect_err("refused");
        assert!(matches!(err, ExportError::UnknownFormat(_)));
        assert!(err.to_string().contains(".xlsx"));
    }

    #[test]
    fn refuses_to_overwrite_an_input_report() {
        let dir = tempfile::tempdir().expect("tempdir");
        let input = dir.path().join("report.md");
        std::fs::write(&input, "原文").expect("write input");
        let (c, mut reports) = testdata::comparison();
        reports[0].source = input.to_string_lossy().into_owned();
        // Same file reached through another spelling of the path.
        let other_spelling = dir.path().join(".").join("report.md");
        let err = write(&c, &reports, &other_spelling).expect_err("refused");
        assert!(matches!(err, ExportError::WouldOverwriteInput(_)), "{err}");
        assert_eq!(std::fs::read_to_string(&input).expect("read"), "原文");
    }

    #[test]
    fn every_format_writes_a_file() {
        let (c, reports) = testdata::comparison();
        let dir = tempfile::tempdir().expect("tempdir");
        for ext in ["html", "xlsx", "csv", "json", "md"] {
            let path = dir.path().join(format!("out.{ext}"));
            write(&c, &reports, &path).expect("written");
            assert!(
                std::fs::metadata(&path).expect("exists").len() > 100,
                "{ext}"
            );
        }
        // Only the five files: no temp file left behind.
        assert_eq!(std::fs::read_dir(dir.path()).expect("list").count(), 5);
    }

    /// CSV with copied sentences writes them beside the indicator table, and says so.
    #[test]
    fn csv_with_copied_sentences_writes_a_second_file() {
        let c = testdata::with_copied();
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("对比.csv");
        let written = write(&c, &[], &path).expect("written");
        let beside = dir.path().join("对比.copied.csv");
        assert_eq!(written, [path.clone(), beside.clone()]);
        let text = std::fs::read_to_string(&beside).expect("the copied sentences");
        assert!(text.contains("甲市 2021、乙市 2019、丙市 2020"), "{text}");
        // Without them, one file.
        let (plain, reports) = testdata::comparison();
        let other = dir.path().join("plain.csv");
        assert_eq!(write(&plain, &reports, &other).expect("written"), [other]);
    }
}
