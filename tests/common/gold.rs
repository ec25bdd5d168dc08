//! The gold-label scorer of `../shared/tools/score.py`, ported, for the tests that hold the
//! analysis to a bar (`samples.rs` on samples/, `openings.rs` on tests/openings/).

use std::collections::HashMap;
use std::path::Path;

use duibi::model::Report;
use serde_json::Value;

/// Letters and digits only, after NFKC (what score.py compares).
fn norm(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    s.nfkc().filter(|c| c.is_alphanumeric()).collect()
}

fn base(value: f64, unit: &str) -> (f64, String) {
    let unit = norm(unit).replace(['余', '多'], "");
    for (ch, k) in [("亿", 1e8), ("万", 1e4), ("千", 1e3)] {
        if unit.starts_with(ch) && unit.chars().count() > 1 {
            return (value * k, unit.chars().skip(1).collect());
        }
    }
    let unit = if unit == "百分之" {
        "%".to_string()
    } else {
        unit
    };
    (value, unit)
}

fn same(a: f64, b: f64) -> bool {
    (a - b).abs() <= (1e-4 * a.abs().max(b.abs())).max(1e-6)
}

#[derive(Default, Debug)]
pub struct Tally {
    pub topic_hits: usize,
    pub topic_total: usize,
    pub key_hits: usize,
    pub key_total: usize,
    pub violations: usize,
    pub must_not_total: usize,
    pub kind_hits: usize,
    pub kind_total: usize,
    pub fact_hits: usize,
    pub fact_total: usize,
    pub tool_ok: usize,
    pub tool_total: usize,
    pub meta_hits: usize,
    pub meta_total: usize,
}

const KEY: [&str; 4] = [
    "enforcement",
    "reconsideration",
    "normative_docs",
    "business_env",
];

pub fn score(report: &Report, gold: &Value, t: &mut Tally) {
    let texts: Vec<String> = report.passages.iter().map(|p| norm(&p.text)).collect();
    let holders = |frag: &str| -> Vec<usize> {
        let n = norm(frag);
        (0..texts.len())
            .filter(|&i| !n.is_empty() && texts[i].contains(&n))
            .collect()
    };
    // As score.py: a label that is absent (or an empty region list) is not scored.
    if let Some(year) = gold.get("year") {
        t.meta_total += 1;
        t.meta_hits += usize::from(year.as_i64() == report.year.map(i64::from));
    }
    if let Some(script) = gold.get("script") {
        t.meta_total += 1;
        t.meta_hits += usize::from(script.as_str() == Some(script_id(report)));
    }
    if let Some(regions) = gold["region"].as_array().filter(|rs| !rs.is_empty()) {
        let region = norm(&report.region);
        t.meta_total += 1;
        t.meta_hits += usize::from(
            regions
                .iter()
                .any(|r| region.contains(&norm(r.as_str().unwrap_or("?")))),
        );
    }
    for (topic, lab) in gold["topics"].as_object().into_iter().flatten() {
        for frag in lab["must"].as_array().into_iter().flatten() {
            let hit = holders(frag.as_str().unwrap_or_default())
                .iter()
                .any(|&i| report.passages[i].topics.contains(topic));
            t.topic_total += 1;
            t.topic_hits += usize::from(hit);
            if KEY.contains(&topic.as_str()) {
                t.key_total += 1;
                t.key_hits += usize::from(hit);
            }
        }
        for frag in lab["must_not"].as_array().into_iter().flatten() {
            t.must_not_total += 1;
            let bad = holders(frag.as_str().unwrap_or_default())
                .iter()
                .any(|&i| report.passages[i].topics.contains(topic));
            t.violations += usize::from(bad);
        }
    }
    for (kind, frags) in gold["kinds"].as_object().into_iter().flatten() {
        for frag in frags.as_array().into_iter().flatten() {
            t.kind_total += 1;
            let hs = holders(frag.as_str().unwrap_or_default());
            t.kind_hits += usize::from(
                !hs.is_empty() && hs.iter().all(|&i| report.passages[i].kind.id() == kind),
            );
        }
    }
    let tool: Vec<(String, (f64, String))> = report
        .facts
        .iter()
        .filter_map(|f| f.metric.clone().map(|m| (m, base(f.value, &f.unit))))
        .collect();
    let key_of = |g: &Value| -> (String, (f64, String)) {
        (
            g["metric"].as_str().unwrap_or_default().to_string(),
            base(
                g["value"].as_f64().unwrap_or_default(),
                g["unit"].as_str().unwrap_or_default(),
            ),
        )
    };
    let matches = |a: &(String, (f64, String)), b: &(String, (f64, String))| {
        a.0 == b.0 && a.1.1 == b.1.1 && same(a.1.0, b.1.0)
    };
    let mut used = vec![false; tool.len()];
    let mut matched = Vec::new();
    for g in gold["facts"].as_array().into_iter().flatten() {
        t.fact_total += 1;
        let gk = key_of(g);
        if let Some(j) = (0..tool.len()).find(|&j| !used[j] && matches(&tool[j], &gk)) {
            used[j] = true;
            matched.push(gk);
            t.fact_hits += 1;
        }
    }
    let optional: Vec<_> = gold["facts_optional"]
        .as_array()
        .into_iter()
        .flatten()
        .map(key_of)
        .collect();
    for (j, f) in tool.iter().enumerate() {
        if used[j] {
            t.tool_total += 1;
            t.tool_ok += 1;
        } else if !optional.iter().chain(matched.iter()).any(|o| matches(o, f)) {
            t.tool_total += 1;
        }
    }
}

fn script_id(r: &Report) -> &'static str {
    match r.script {
        duibi::model::Script::Simplified => "simplified",
        duibi::model::Script::Traditional => "traditional",
    }
}

pub fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 1.0 } else { a as f64 / b as f64 }
}

/// Scores every gold file of `gold_dir` against the report whose file name it names.
pub fn score_dir(reports: &[Report], gold_dir: &Path) -> (Tally, usize) {
    let by_name: HashMap<String, &Report> = reports
        .iter()
        .map(|r| {
            let name = Path::new(&r.source)
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            (name, r)
        })
        .collect();
    let mut t = Tally::default();
    let mut files = 0;
    for entry in std::fs::read_dir(gold_dir).expect("gold dir") {
        let text = std::fs::read_to_string(entry.expect("entry").path()).expect("gold file");
        let gold: Value = serde_json::from_str(&text).expect("gold json");
        let name = gold["file"].as_str().expect("file");
        let report = by_name
            .get(name)
            .unwrap_or_else(|| panic!("{name} not analyzed"));
        assert!(report.error.is_none(), "{name}: {:?}", report.error);
        score(report, &gold, &mut t);
        files += 1;
    }
    (t, files)
}

/// The figures score.py prints, each with its bar: (name, value, bar, higher is better).
pub fn figures(t: &Tally, bars: [f64; 7]) -> [(&'static str, f64, f64, bool); 7] {
    let values = [
        ("topic_recall", t.topic_hits, t.topic_total, true),
        ("key_topic_recall", t.key_hits, t.key_total, true),
        ("violation_rate", t.violations, t.must_not_total, false),
        ("kind_accuracy", t.kind_hits, t.kind_total, true),
        ("fact_recall", t.fact_hits, t.fact_total, true),
        ("fact_precision", t.tool_ok, t.tool_total, true),
        ("meta_accuracy", t.meta_hits, t.meta_total, true),
    ];
    std::array::from_fn(|i| {
        let (name, hits, total, at_least) = values[i];
        (name, ratio(hits, total), bars[i], at_least)
    })
}

/// The .txt files of a folder of the repository, sorted.
pub fn txt_files(dir: &str) -> Vec<std::path::PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    files
}

/// Prints every figure, then fails on the first one that misses its bar.
pub fn assert_bars(label: &str, figures: &[(&'static str, f64, f64, bool)]) {
    for (name, value, bar, _) in figures {
        eprintln!("{label}: {name} = {value:.3} (bar {bar})");
    }
    for &(name, value, bar, at_least) in figures {
        if at_least {
            assert!(value >= bar, "{label}: {name} = {value:.3} < {bar}");
        } else {
            assert!(value <= bar, "{label}: {name} = {value:.3} > {bar}");
        }
    }
}
