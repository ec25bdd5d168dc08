//! The engine over the bundled samples: scored against the gold labels (the same figures as
//! `../shared/tools/score.py`, ported), and snapshotted so any change in output is reviewed.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use duibi::model::Report;
use serde_json::Value;

fn samples() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("samples/ exists")
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    files
}

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
struct Tally {
    topic_hits: usize,
    topic_total: usize,
    key_hits: usize,
    key_total: usize,
    violations: usize,
    must_not_total: usize,
    kind_hits: usize,
    kind_total: usize,
    fact_hits: usize,
    fact_total: usize,
    tool_ok: usize,
    tool_total: usize,
    meta_hits: usize,
    meta_total: usize,
}

const KEY: [&str; 4] = [
    "enforcement",
    "reconsideration",
    "normative_docs",
    "business_env",
];

fn score(report: &Report, gold: &Value, t: &mut Tally) {
    let texts: Vec<String> = report.passages.iter().map(|p| norm(&p.text)).collect();
    let holders = |frag: &str| -> Vec<usize> {
        let n = norm(frag);
        (0..texts.len())
            .filter(|&i| !n.is_empty() && texts[i].contains(&n))
            .collect()
    };
    t.meta_total += 3;
    t.meta_hits += usize::from(gold["year"].as_i64() == report.year.map(i64::from));
    t.meta_hits += usize::from(gold["script"].as_str() == Some(script_id(report)));
    let region = norm(&report.region);
    t.meta_hits += usize::from(gold["region"].as_array().is_some_and(|rs| {
        rs.iter()
            .any(|r| region.contains(&norm(r.as_str().unwrap_or("?"))))
    }));
    for (topic, lab) in gold["topics"].as_object().expect("topics") {
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
    for (kind, frags) in gold["kinds"].as_object().expect("kinds") {
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

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 1.0 } else { a as f64 / b as f64 }
}

#[test]
fn analysis_meets_the_gold_bar() {
    let reports = duibi::pipeline::analyze_files(&samples());
    let by_name: HashMap<String, &Report> = reports
        .iter()
        .map(|r| {
            (
                Path::new(&r.source)
                    .file_name()
                    .unwrap()
                    .to_string_lossy()
                    .into_owned(),
                r,
            )
        })
        .collect();
    let gold_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/gold");
    let mut t = Tally::default();
    let mut files = 0;
    for entry in std::fs::read_dir(gold_dir).expect("tests/gold") {
        let gold: Value =
            serde_json::from_str(&std::fs::read_to_string(entry.expect("entry").path()).unwrap())
                .expect("gold json");
        let name = gold["file"].as_str().expect("file");
        let report = by_name
            .get(name)
            .unwrap_or_else(|| panic!("{name} not analyzed"));
        assert!(report.error.is_none(), "{name}: {:?}", report.error);
        score(report, &gold, &mut t);
        files += 1;
    }
    assert_eq!(files, 5);
    let figures = [
        (
            "topic_recall",
            ratio(t.topic_hits, t.topic_total),
            0.95,
            true,
        ),
        (
            "key_topic_recall",
            ratio(t.key_hits, t.key_total),
            0.97,
            true,
        ),
        (
            "violation_rate",
            ratio(t.violations, t.must_not_total),
            0.05,
            false,
        ),
        (
            "kind_accuracy",
            ratio(t.kind_hits, t.kind_total),
            0.95,
            true,
        ),
        ("fact_recall", ratio(t.fact_hits, t.fact_total), 0.90, true),
        ("fact_precision", ratio(t.tool_ok, t.tool_total), 0.95, true),
        ("meta_accuracy", ratio(t.meta_hits, t.meta_total), 1.0, true),
    ];
    eprintln!("{t:?}");
    for (name, value, bar, at_least) in figures {
        eprintln!("{name} = {value:.3} (bar {bar})");
        if at_least {
            assert!(value >= bar, "{name} = {value:.3} < {bar}");
        } else {
            assert!(value <= bar, "{name} = {value:.3} > {bar}");
        }
    }
}

#[test]
fn analyze_json_snapshots() {
    for path in samples() {
        let mut report = duibi::pipeline::analyze_file(&path);
        report.source = path.file_name().unwrap().to_string_lossy().into_owned();
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        insta::assert_json_snapshot!(name, report);
    }
}

#[test]
fn every_passage_is_body_text_in_order() {
    for path in samples() {
        let report = duibi::pipeline::analyze_file(&path);
        let raw = std::fs::read_to_string(&path).unwrap();
        let simplified = duibi::normalize::t2s::to_simplified(&raw);
        let mut at = 0;
        for p in &report.passages {
            let first: String = p.text.chars().take(12).collect();
            let found = simplified[at..].find(&first);
            assert!(
                found.is_some(),
                "{}: passage out of order: {first}",
                path.display()
            );
            at += found.unwrap();
            for bad in ["当前位置", "分享到", "扫一扫", "浏览次数"] {
                assert!(
                    !p.text.contains(bad),
                    "{}: clutter in a passage: {}",
                    path.display(),
                    p.text
                );
            }
        }
        assert!(report.passages.len() >= 10);
    }
}

/// The comparison the issue names: 常州市新北区 2019 against 常州市 2024 (Traditional source) and
/// 威海火炬 2017.
fn three_way() -> duibi::model::Comparison {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    let files = [
        dir.join("changzhou-xinbei-2019.txt"),
        dir.join("changzhou-2024-traditional.txt"),
        dir.join("weihai-torch-2017.txt"),
    ];
    let mut reports = duibi::pipeline::analyze_files(&files);
    for r in &mut reports {
        r.source = Path::new(&r.source)
            .file_name()
            .unwrap()
            .to_string_lossy()
            .into_owned();
    }
    duibi::align::compare(&reports, &duibi::align::CompareOptions::default())
}

#[test]
fn comparison_of_three_samples_has_pairs_numbers_and_indicators() {
    use duibi::model::DiffOp;
    let c = three_way();
    for topic in [
        "enforcement",
        "reconsideration",
        "normative_docs",
        "business_env",
    ] {
        assert!(
            c.pairs.iter().any(|p| p.topic == topic),
            "no pair for {topic}"
        );
    }
    // A number that differs inside a pair is one delete or insert of the whole number and unit.
    let number_spans: Vec<&str> = c
        .pairs
        .iter()
        .flat_map(|p| &p.diff)
        .filter(|d| d.number && d.op != DiffOp::Equal)
        .map(|d| d.text.as_str())
        .collect();
    assert!(number_spans.contains(&"700余份"), "{number_spans:?}");
    assert!(number_spans.contains(&"26件"), "{number_spans:?}");
    let shared = c
        .metrics
        .iter()
        .filter(|m| {
            m.values
                .iter()
                .map(|v| v.report)
                .collect::<std::collections::HashSet<_>>()
                .len()
                >= 2
        })
        .count();
    assert!(
        shared >= 3,
        "{shared} indicator rows with two or more reports"
    );
    // Every plan sentence is a commitment, matched or not.
    assert!(c.commitments.len() >= 10);
}

#[test]
fn compare_json_snapshot() {
    insta::assert_json_snapshot!("compare_three_samples", three_way());
}
