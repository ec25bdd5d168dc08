//! The engine over the bundled samples: scored against the gold labels (the same figures as
//! `../shared/tools/score.py`, ported), and snapshotted so any change in output is reviewed.

use std::path::{Path, PathBuf};

#[path = "common/gold.rs"]
mod gold;

fn samples() -> Vec<PathBuf> {
    gold::txt_files("samples")
}

#[test]
fn analysis_meets_the_gold_bar() {
    let reports = duibi::pipeline::analyze_files(&samples());
    let gold_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/gold");
    let (t, files) = gold::score_dir(&reports, &gold_dir);
    assert_eq!(files, 5);
    eprintln!("{t:?}");
    gold::assert_bars(
        "samples",
        &gold::figures(&t, [0.95, 0.97, 0.05, 0.95, 0.90, 0.95, 1.0]),
    );
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
