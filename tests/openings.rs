//! The engine on 40 real report openings it was not written for (tests/openings, copied from
//! ../shared/openings with their labels; SOURCES.md says where each came from), scored like
//! samples.rs. The bars are floors under today's figures, so that a change that loses ground
//! fails. Issue 12's target is topic 0.95, key 0.97, violations ≤ 0.05, kinds 0.95, facts
//! 0.90/0.95, meta 0.95: all of them meet it (topic 0.996, key 0.977, violations 0.029).
//! Until session 4 rules were tuned on the odd-numbered files only; since session 5 the misses of
//! both halves have been read (each rule stated in general words with invented test sentences in
//! src/classify/topics.rs), so neither half is unseen any more: the even half is still printed
//! apart, and reports nobody here has read are the real test.

use std::path::{Path, PathBuf};

#[path = "common/gold.rs"]
mod gold;

fn openings() -> Vec<PathBuf> {
    gold::txt_files("tests/openings")
}

/// The file's number ("07_fujiansheng_2017.txt" → 7).
fn number(path: &Path) -> u32 {
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    name.split('_')
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}

#[test]
fn openings_hold_the_floor() {
    let files = openings();
    assert_eq!(files.len(), 40);
    let reports = duibi::pipeline::analyze_files(&files);
    let gold_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/gold-openings");
    let (t, scored) = gold::score_dir(&reports, &gold_dir);
    assert_eq!(scored, 40);

    // Each half on its own (a report whose number has the parity), printed for the record.
    for (label, parity) in [("odd (tuned on)", 1), ("even (held out)", 0)] {
        let half: Vec<_> = files
            .iter()
            .zip(&reports)
            .filter(|(p, _)| number(p) % 2 == parity)
            .map(|(_, r)| r.clone())
            .collect();
        let mut tally = gold::Tally::default();
        for entry in std::fs::read_dir(&gold_dir).expect("gold dir") {
            let text = std::fs::read_to_string(entry.expect("entry").path()).expect("gold");
            let g: serde_json::Value = serde_json::from_str(&text).expect("gold json");
            let name = g["file"].as_str().unwrap_or_default();
            if let Some(r) = half.iter().find(|r| r.source.ends_with(name)) {
                gold::score(r, &g, &mut tally);
            }
        }
        for (name, value, _, _) in gold::figures(&tally, [0.0; 7]) {
            eprintln!("openings {label}: {name} = {value:.3}");
        }
    }

    gold::assert_bars(
        "openings",
        &gold::figures(&t, [0.99, 0.97, 0.04, 0.95, 0.95, 0.95, 0.97]),
    );
}
