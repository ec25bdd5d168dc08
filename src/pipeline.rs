//! Runs the analysis stages for one file (ingest → normalize → outline → classify → extract) and
//! many files in parallel. A file that fails becomes a `Report` with `error` set; it never stops the batch.

use std::path::Path;

use rayon::prelude::*;

use crate::model::Report;

/// Analyze one file on disk.
pub fn analyze_file(path: &Path) -> Report {
    let source = path.to_string_lossy().into_owned();
    match crate::ingest::read(path) {
        Ok(doc) => analyze_document(&source, doc),
        Err(err) => Report::failed(source, err.to_string()),
    }
}

/// Analyze bytes already in memory (`name` decides the format when its extension is known).
pub fn analyze_bytes(source: &str, bytes: &[u8]) -> Report {
    match crate::ingest::read_bytes(Path::new(source), bytes) {
        Ok(doc) => analyze_document(source, doc),
        Err(err) => Report::failed(source, err.to_string()),
    }
}

/// Analyze many files in parallel; the result keeps the order of `paths`.
pub fn analyze_files<P: AsRef<Path> + Sync>(paths: &[P]) -> Vec<Report> {
    paths.par_iter().map(|p| analyze_file(p.as_ref())).collect()
}

fn analyze_document(source: &str, doc: crate::ingest::Document) -> Report {
    let mut report = Report {
        source: source.to_string(),
        format: doc.format.to_string(),
        ..Report::default()
    };
    // TODO(engine): normalize, outline, classify, extract.
    let _ = doc.text;
    report.warnings.push("analysis not implemented yet".into());
    report
}
