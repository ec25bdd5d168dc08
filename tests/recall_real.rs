//! The nearest search (what pairing uses beyond 12 reports) against the exact one on real reports:
//! the 40 openings and the 5 samples, 45 reports nobody generated. `duibi bench --recall` measures
//! the same on the generated bench corpus.

use duibi::align::{CompareOptions, Search, compare_by, recall};

fn txt_files(dir: &str) -> Vec<std::path::PathBuf> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    files
}

#[test]
fn the_nearest_search_keeps_the_exact_pairs_of_45_real_reports() {
    let mut files = txt_files("tests/openings");
    files.extend(txt_files("samples"));
    assert_eq!(files.len(), 45);
    let reports = duibi::pipeline::analyze_files(&files);
    let opts = CompareOptions::default();
    let exact = compare_by(&reports, &opts, Search::Exact);
    let nearest = compare_by(&reports, &opts, Search::Nearest);
    let r = recall(&exact, &nearest);
    eprintln!("45 real reports: {r:?}");
    assert!(r.of.0 > 200, "{r:?}");
    assert!(r.pairs >= 0.98, "{r:?}");
    assert!(r.best_partner >= 0.98, "{r:?}");
    assert_eq!(exact.commitments, nearest.commitments);
}
