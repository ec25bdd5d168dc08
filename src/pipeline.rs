//! Runs the analysis stages for one file (ingest → normalize → outline → classify → extract) and
//! many files in parallel. A file that fails becomes a `Report` with `error` set; it never stops the batch.

use std::path::Path;

use rayon::prelude::*;

use crate::cache::{Cache, Key};
use crate::extract;
use crate::ingest::web::Fetched;
use crate::model::Report;
use crate::tables::tables;

/// A report states hundreds of numbers, a few thousand at most. Far beyond that the text is a
/// table dump or a hostile file ("1%" two million times): every fact keeps its clause and costs
/// time in a run without clause breaks, so numbers past this are not extracted, and the report
/// says so.
pub const MAX_FACTS: usize = 50_000;

/// Analyze one file on disk. PDF, docx and HTML are read in a worker process when one is set
/// (see [`crate::ingest::isolate`]), so a file that crashes its reader fails alone.
pub fn analyze_file(path: &Path) -> Report {
    let source = path.to_string_lossy().into_owned();
    if crate::ingest::web::is_address(&source) {
        return analyze_address(&source);
    }
    let mut report = match crate::ingest::isolate::read(path) {
        Ok(doc) => analyze_document(&source, doc),
        Err(err) => Report::failed(source, err.to_string()),
    };
    report.source_raw = raw_source(path);
    report
}

/// `source_raw` of a report (see [`Report::source_raw`]): None when the path is UTF-8.
#[cfg(unix)]
pub fn raw_source(path: &Path) -> Option<String> {
    use std::fmt::Write;
    use std::os::unix::ffi::OsStrExt;
    let bytes = path.as_os_str().as_bytes();
    if std::str::from_utf8(bytes).is_ok() {
        return None;
    }
    let mut out = String::with_capacity(bytes.len() * 2);
    for chunk in bytes.utf8_chunks() {
        for c in chunk.valid().chars() {
            if c == '%' {
                out.push_str("%25");
            } else {
                out.push(c);
            }
        }
        for b in chunk.invalid() {
            // Writing to a String cannot fail.
            let _ = write!(out, "%{b:02X}");
        }
    }
    Some(out)
}

/// Paths on Windows are UTF-16 and practically always valid Unicode.
/// TODO(edges): escape unpaired surrogates if such a name is ever seen.
#[cfg(not(unix))]
pub fn raw_source(_path: &Path) -> Option<String> {
    None
}

/// A page whose report text (its passages, menus and footers left out) is shorter than this is a
/// notice, not a report, when it links to an attachment: reports run to thousands of characters.
pub const NOTICE_CHARS: usize = 1000;

/// Analyze the report at a web address (see [`crate::ingest::web`]); the address stays its source.
pub fn analyze_address(address: &str) -> Report {
    analyze_address_keeping(address, crate::ingest::web::Limits::default()).0
}

/// The same, with what was read (for "save a copy"): the page, or the attachment it was followed
/// to. A short notice page whose report is an attachment is replaced by that attachment, and a
/// warning says so; a page that is itself the report stays. None when nothing could be fetched.
pub fn analyze_address_keeping(
    address: &str,
    limits: crate::ingest::web::Limits,
) -> (Report, Option<Fetched>) {
    use crate::ingest::web;
    let page = match web::fetch_with(address, limits) {
        Ok(page) => page,
        Err(err) => return (Report::failed(address, err.to_string()), None),
    };
    let report = analyze_fetched(address, &page);
    let text_chars: usize = report
        .passages
        .iter()
        .map(|p| p.text.chars().filter(|c| !c.is_whitespace()).count())
        .sum();
    let Some(link) = page
        .attachments
        .first()
        .filter(|_| text_chars < NOTICE_CHARS)
    else {
        return (report, Some(page));
    };
    let note = format!("the page is a short notice; its attachment {link} was read instead");
    match web::fetch_with(link, limits) {
        Ok(attachment) => {
            let mut report = analyze_fetched(address, &attachment);
            report.warnings.insert(0, note);
            (report, Some(attachment))
        }
        Err(err) => {
            let mut failed = Report::failed(
                address,
                format!("the page is a short notice; its attachment {link}: {err}"),
            );
            failed.warnings.push(note);
            (failed, Some(page))
        }
    }
}

fn analyze_fetched(address: &str, fetched: &Fetched) -> Report {
    match crate::ingest::isolate::read_bytes(Path::new(&fetched.name), &fetched.bytes) {
        Ok(doc) => analyze_document(address, doc),
        Err(err) => Report::failed(address, err.to_string()),
    }
}

/// Analyze bytes already in memory (`name` decides the format when its extension is known).
pub fn analyze_bytes(source: &str, bytes: &[u8]) -> Report {
    match crate::ingest::isolate::read_bytes(Path::new(source), bytes) {
        Ok(doc) => analyze_document(source, doc),
        Err(err) => Report::failed(source, err.to_string()),
    }
}

/// Analyze many files in parallel; the result keeps the order of `paths`.
pub fn analyze_files<P: AsRef<Path> + Sync>(paths: &[P]) -> Vec<Report> {
    paths.par_iter().map(|p| analyze_file(p.as_ref())).collect()
}

/// [`analyze_file`] through a cache of analyses on disk (see [`crate::cache`]): a file whose name
/// and bytes were analyzed before is read back, not analyzed; with `None`, plain `analyze_file`.
pub fn analyze_file_cached(path: &Path, cache: Option<&Cache>) -> Report {
    let source = path.to_string_lossy().into_owned();
    let Some(cache) = cache.filter(|_| !crate::ingest::web::is_address(&source)) else {
        // A web address is fetched each time: the page may have changed since.
        return analyze_file(path);
    };
    let bytes = match crate::ingest::load(path) {
        Ok(b) => b,
        Err(err) => return Report::failed(source, err.to_string()),
    };
    let name = path
        .file_name()
        .map(|n| n.as_encoded_bytes())
        .unwrap_or_default();
    let key = Key::of(name, &bytes);
    let mut report = match cache.get(&key) {
        Some(mut hit) => {
            hit.source = source;
            hit
        }
        None => {
            let report = match crate::ingest::isolate::read_bytes(path, &bytes) {
                Ok(doc) => analyze_document(&source, doc),
                Err(err) => Report::failed(source, err.to_string()),
            };
            // A cache that cannot be written costs only the next run's time.
            let _ = cache.put(&key, &report);
            report
        }
    };
    report.source_raw = raw_source(path);
    report
}

/// [`analyze_files`] through the cache, then trimmed to its size bound.
pub fn analyze_files_cached<P: AsRef<Path> + Sync>(
    paths: &[P],
    cache: Option<&Cache>,
) -> Vec<Report> {
    let reports = paths
        .par_iter()
        .map(|p| analyze_file_cached(p.as_ref(), cache))
        .collect();
    if let Some(cache) = cache {
        // Trimming only frees room; a failure leaves the cache as large as it was.
        let _ = cache.trim();
    }
    reports
}

fn analyze_document(source: &str, doc: crate::ingest::Document) -> Report {
    let mut report = analyze_text(source, &doc.text);
    report.format = doc.format.to_string();
    report.ocr = doc.ocr;
    report.warnings.extend(doc.warnings);
    report
}

/// The analysis stages on text already read: normalize → outline → classify → extract.
pub fn analyze_text(source: &str, raw: &str) -> Report {
    let tables = tables();
    let normalized = crate::normalize::normalize(raw);
    let outline = crate::outline::build(&normalized.lines);
    let meta = crate::outline::meta::detect(outline.title.as_deref(), &normalized.lines);
    let tagged = crate::classify::tag(&outline, meta.year, tables);

    let mut facts = Vec::new();
    'passages: for (index, passage) in tagged.passages.iter().enumerate() {
        let fallback = passage.topics.first().map(String::as_str);
        for sentence in &passage.sentences {
            if facts.len() >= MAX_FACTS {
                break 'passages;
            }
            facts.extend(extract::facts_in_sentence_upto(
                &sentence.text,
                index,
                fallback,
                tables,
                MAX_FACTS - facts.len(),
            ));
        }
    }

    let mut warnings = outline.warnings;
    if facts.len() > MAX_FACTS {
        facts.truncate(MAX_FACTS);
        warnings.push(format!(
            "more than {MAX_FACTS} numbers: only the first {MAX_FACTS} were kept"
        ));
    }
    if tagged.passages.is_empty() {
        warnings.push("no report text found".into());
    }
    let title = outline.title.unwrap_or_else(|| {
        Path::new(source)
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default()
    });
    Report {
        source: source.to_string(),
        source_raw: None,
        error: tagged
            .passages
            .is_empty()
            .then(|| "no report text found".to_string()),
        title,
        region: meta.region,
        province: meta.province,
        level: meta.level.as_str().to_string(),
        year: meta.year,
        script: normalized.script,
        format: String::new(),
        ocr: None,
        published: crate::outline::published::detect(raw),
        warnings,
        sections: tagged.sections,
        passages: tagged.passages,
        facts,
    }
}
