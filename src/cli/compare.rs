//! `duibi compare FILE... [--json | --out PATH] [--topics a,b] [--min-similarity x]
//! [--workspace F.duibi] [--copied]`

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use duibi::align::{self, CompareOptions};
use duibi::export::{self, Format};

use super::{UsageError, shown};

/// What was typed after `compare`, unchecked.
pub struct RawCompare {
    pub files: Vec<PathBuf>,
    pub json: bool,
    pub out: Option<PathBuf>,
    pub topics: Option<Vec<String>>,
    pub min_similarity: Option<f64>,
    pub workspace: Option<PathBuf>,
    /// Also find the copied sentences (模板句).
    pub copied: bool,
    /// Where fetched web pages are kept (--save-copies).
    pub save_copies: Option<PathBuf>,
}

/// A compare run whose options are known to be usable: every usage error is found here, before
/// any file is read, so a typo costs no analysis and exits 2.
pub struct Config {
    files: Vec<PathBuf>,
    json: bool,
    out: Option<PathBuf>,
    options: CompareOptions,
    /// Corrections and notes of the workspace the files came from.
    workspace: Option<duibi::workspace::Workspace>,
    copies: super::Copies,
}

impl Config {
    pub fn from_raw(raw: RawCompare) -> Result<Config, UsageError> {
        let mut options = CompareOptions {
            topics: raw.topics,
            copied: raw.copied,
            ..CompareOptions::default()
        };
        if let Some(t) = &options.topics {
            let known = duibi::tables::tables();
            if let Some(id) = t.iter().find(|id| known.topic_index(id).is_none()) {
                return Err(UsageError(format!(
                    "unknown topic {id:?} in --topics; known topics: {}",
                    known
                        .topics
                        .iter()
                        .map(|t| t.id.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                )));
            }
        }
        if let Some(m) = raw.min_similarity {
            // NaN is outside every range, so it is refused here too.
            if !(0.0..=1.0).contains(&m) {
                return Err(UsageError(format!(
                    "--min-similarity must be a number from 0 to 1, not {m}"
                )));
            }
            options.min_similarity = m;
        }
        let mut files = raw.files;
        let workspace = match &raw.workspace {
            Some(path) => {
                let loaded = duibi::workspace::load(path)
                    .map_err(|e| UsageError(format!("--workspace: {e}")))?;
                for (from, to) in &loaded.relinked {
                    eprintln!("duibi: {} moved; using {}", shown(from), shown(to));
                }
                let ws = loaded.workspace;
                // The compared columns when the workspace has them, else every report in it.
                let mut from_ws = if ws.compared.is_empty() {
                    ws.files.clone()
                } else {
                    ws.compared.clone()
                };
                from_ws.append(&mut files);
                files = from_ws;
                Some(ws)
            }
            None => None,
        };
        if let Some(out) = &raw.out {
            check_out(out, &files)?;
        }
        let copies = super::Copies::from_arg(raw.save_copies)?;
        Ok(Config {
            copies,
            files,
            json: raw.json,
            out: raw.out,
            options,
            workspace,
        })
    }
}

/// The export path must name a known format in an existing folder and must not be an input: found
/// out after the analysis, each cost the whole run.
fn check_out(out: &Path, files: &[PathBuf]) -> Result<(), UsageError> {
    if Format::from_path(out).is_none() {
        return Err(UsageError(format!(
            "--out {}: the format follows the extension; use .html, .xlsx, .docx, .csv, .json or .md",
            shown(out)
        )));
    }
    let dir = match out.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    if !dir.is_dir() {
        return Err(UsageError(format!(
            "--out {}: the folder {} does not exist",
            shown(out),
            shown(dir)
        )));
    }
    if out.is_dir() {
        return Err(UsageError(format!(
            "--out {} is a folder, not a file name",
            shown(out)
        )));
    }
    if let Some(f) = files.iter().find(|f| export::same_file(f, out)) {
        return Err(UsageError(format!(
            "--out {} is one of the reports being compared ({}); choose another file name",
            shown(out),
            shown(f)
        )));
    }
    Ok(())
}

pub fn run(config: Config) -> anyhow::Result<ExitCode> {
    let started = std::time::Instant::now();
    let (mut reports, failed) = super::analyze_reporting_failures(&config.files, &config.copies);
    if let Some(ws) = &config.workspace {
        for (report, path) in reports.iter_mut().zip(&config.files) {
            duibi::workspace::apply(report, ws.corrections.get(path));
        }
    }
    let mut comparison = align::compare(&reports, &config.options);
    if let Some(ws) = &config.workspace {
        comparison.notes = ws.notes.clone();
    }
    if config.json {
        let mut out = std::io::stdout().lock();
        out.write_all(export::to_json(&comparison).as_bytes())?;
        writeln!(out)?;
    }
    if let Some(path) = &config.out {
        let written =
            export::write(&comparison, &reports, path).map_err(|e| anyhow::anyhow!("{e}"))?;
        for file in written {
            eprintln!("duibi: wrote {}", shown(&file));
        }
    }
    if !config.json && config.out.is_none() {
        let mut out = std::io::stdout().lock();
        out.write_all(export::to_markdown(&comparison).as_bytes())?;
    }
    eprintln!(
        "duibi: compared {} report(s): {} pairs, {} indicator rows, {} commitments in {:.2} s",
        reports.len() - failed,
        comparison.pairs.len(),
        comparison.metrics.len(),
        comparison.commitments.len(),
        started.elapsed().as_secs_f64()
    );
    Ok(if failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
