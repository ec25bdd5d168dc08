//! The only place the app calls the engine. Every call here may be slow and runs on a worker
//! thread (see `loader`); a panic inside the engine is caught there.

use std::path::Path;

use crate::cache::Cache;
use crate::model::{Comparison, CopiedSentence, Report};

pub fn analyze_file(path: &Path, cache: Option<&Cache>) -> Report {
    crate::pipeline::analyze_file_cached(path, cache)
}

/// Trimming only frees room: a failure leaves the cache as large as it was, nothing to tell.
pub fn trim_cache(cache: &Cache) {
    let _ = cache.trim();
}

/// A report at a web address, with what was read (kept for "save a copy").
pub fn analyze_address(address: &str) -> (Report, Option<crate::ingest::web::Fetched>) {
    crate::pipeline::analyze_address_keeping(address, crate::ingest::web::Limits::default())
}

pub fn analyze_bytes(name: &str, bytes: &[u8]) -> Report {
    crate::pipeline::analyze_bytes(name, bytes)
}

/// `base`: the side-by-side base column, which keeps its best match in every report.
pub fn compare(reports: &[Report], base: usize) -> Comparison {
    let opts = crate::align::CompareOptions {
        base: Some(base),
        ..Default::default()
    };
    crate::align::compare(reports, &opts)
}

/// The comparison less its sentence pairing (see `align::preview`), quick for any number.
pub fn preview(reports: &[Report]) -> Comparison {
    crate::align::preview(reports, &crate::align::CompareOptions::default())
}

/// The sentences three or more of `reports` share (模板句), most shared first.
pub fn find_copied(reports: &[Report]) -> Vec<CopiedSentence> {
    crate::align::find_copied(reports, &crate::align::CompareOptions::default())
}

/// Writes the comparison in the format its extension names, and says which files it wrote; the
/// error is said to the user as is.
pub fn export(
    comparison: &Comparison,
    reports: &[Report],
    path: &Path,
) -> Result<Vec<std::path::PathBuf>, String> {
    crate::export::write(comparison, reports, path).map_err(|err| err.to_string())
}
