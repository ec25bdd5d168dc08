//! Worker threads: analysis (one job per file on rayon's pool), comparison and export (one
//! thread each). Results come back as `Msg`s over one channel and are collected in `logic()`;
//! each worker asks for a repaint when it sends, so the UI wakes up without polling.

use std::any::Any;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::time::{Duration, Instant};

use crate::cache::Cache;
use crate::model::{Comparison, CopiedSentence, Report};

use super::engine;
use super::state::MetaOverride;
use crate::app::text;

/// File extensions the engine reads; a folder opens every such file in it.
pub const REPORT_EXTENSIONS: [&str; 8] = ["txt", "html", "htm", "docx", "pdf", "doc", "wps", "ofd"];

/// One report to compare: its file, its analysis, and the user's region/year corrections.
pub type CompareInput = (PathBuf, Arc<Report>, MetaOverride);

/// The cache keys of a comparison: of everything it depends on, and of the reports alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CompareKeys {
    pub comparison: u64,
    pub reports: u64,
}

pub enum Msg {
    Analyzed {
        path: PathBuf,
        report: Report,
        /// What a web address gave, kept so the user can save a copy of what was read.
        copy: Option<Arc<crate::ingest::web::Fetched>>,
    },
    Compared {
        keys: CompareKeys,
        comparison: Comparison,
        reports: Vec<Arc<Report>>,
        paths: Vec<PathBuf>,
        elapsed: Duration,
        /// `align::preview` sent ahead of the comparison of many reports (the same key).
        preview: bool,
    },
    /// The copied sentences of the reports with this `CompareKeys::reports` key.
    Copied {
        key: u64,
        sentences: Vec<CopiedSentence>,
    },
    Exported {
        path: PathBuf,
        /// The files written (CSV puts the copied sentences beside the table).
        result: Result<Vec<PathBuf>, String>,
    },
    /// The native open/save dialog finished. `failed_fast` means it returned at once without a
    /// path, which is how a missing desktop portal shows up; the app then offers a path box.
    Picked {
        purpose: Pick,
        paths: Vec<PathBuf>,
        failed_fast: bool,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub enum Pick {
    Open,
    SaveExport,
    OpenWorkspace,
    SaveWorkspace,
    /// The folder that holds files a workspace could not find.
    MissingFolder,
    /// Where to save a copy of what this web address gave.
    SaveCopy(PathBuf),
}

pub struct Workers {
    tx: Sender<Msg>,
    rx: Receiver<Msg>,
    ctx: egui::Context,
    cache: Option<Arc<Cache>>,
}

impl Workers {
    pub fn new(ctx: egui::Context, cache: Option<Cache>) -> Self {
        let (tx, rx) = channel();
        Workers {
            tx,
            rx,
            ctx,
            cache: cache.map(Arc::new),
        }
    }

    pub fn analyze(&self, path: PathBuf) {
        let (tx, ctx) = (self.tx.clone(), self.ctx.clone());
        let source = path.to_string_lossy().into_owned();
        if crate::ingest::web::is_address(&source) {
            // A fetch waits on the network (two minutes at most): on a thread of its own, not
            // rayon's pool, so a slow server holds up no file being read beside it.
            std::thread::spawn(move || {
                let (report, fetched) =
                    std::panic::catch_unwind(|| engine::analyze_address(&source)).unwrap_or_else(
                        |panic| {
                            let why = format!("analysis crashed: {}", panic_text(&panic));
                            (Report::failed(&source, why), None)
                        },
                    );
                let copy = fetched.map(Arc::new);
                send(&tx, &ctx, Msg::Analyzed { path, report, copy });
            });
            return;
        }
        let cache = self.cache.clone();
        rayon::spawn(move || {
            let report = guarded(&source, || engine::analyze_file(&path, cache.as_deref()));
            send(
                &tx,
                &ctx,
                Msg::Analyzed {
                    path,
                    report,
                    copy: None,
                },
            );
        });
    }

    /// Keeps the cache of analyses within its size bound, on a worker (it lists the cache folder).
    pub fn trim_cache(&self) {
        if let Some(cache) = self.cache.clone() {
            rayon::spawn(move || engine::trim_cache(&cache));
        }
    }

    pub fn analyze_bytes(&self, name: PathBuf, bytes: Arc<[u8]>) {
        let (tx, ctx) = (self.tx.clone(), self.ctx.clone());
        rayon::spawn(move || {
            let source = name.to_string_lossy().into_owned();
            let report = guarded(&source, || engine::analyze_bytes(&source, &bytes));
            send(
                &tx,
                &ctx,
                Msg::Analyzed {
                    path: name,
                    report,
                    copy: None,
                },
            );
        });
    }

    /// Compares `inputs` (report + the user's metadata corrections) in column order; `base` is
    /// the side-by-side base column.
    pub fn compare(&self, keys: CompareKeys, inputs: Vec<CompareInput>, base: usize) {
        let (tx, ctx) = (self.tx.clone(), self.ctx.clone());
        std::thread::spawn(move || {
            let start = Instant::now();
            let paths: Vec<PathBuf> = inputs.iter().map(|(p, _, _)| p.clone()).collect();
            let reports: Vec<Arc<Report>> = inputs
                .into_iter()
                .map(|(_, report, meta)| with_override(report, &meta))
                .collect();
            let plain: Vec<Report> = reports.iter().map(|r| (**r).clone()).collect();
            // Past the all-pairs cap pairing takes seconds; the grid and indicators do not.
            if plain.len() > crate::align::ALL_REPORT_PAIRS_UP_TO
                && let Ok(comparison) = std::panic::catch_unwind(|| engine::preview(&plain))
            {
                let msg = Msg::Compared {
                    keys,
                    comparison,
                    reports: reports.clone(),
                    paths: paths.clone(),
                    elapsed: start.elapsed(),
                    preview: true,
                };
                send(&tx, &ctx, msg);
            }
            let comparison = std::panic::catch_unwind(|| engine::compare(&plain, base))
                .unwrap_or_else(|panic| {
                    log_panic("comparison", &panic);
                    Comparison::default()
                });
            let elapsed = start.elapsed();
            send(
                &tx,
                &ctx,
                Msg::Compared {
                    keys,
                    comparison,
                    reports,
                    paths,
                    elapsed,
                    preview: false,
                },
            );
        });
    }

    /// Finds the copied sentences of `reports` (the reports as compared, with their `key`).
    pub fn find_copied(&self, key: u64, reports: Vec<Arc<Report>>) {
        let (tx, ctx) = (self.tx.clone(), self.ctx.clone());
        std::thread::spawn(move || {
            let plain: Vec<Report> = reports.iter().map(|r| (**r).clone()).collect();
            copied_of(&tx, &ctx, key, &plain);
        });
    }

    /// Writes `comparison`; with `find_copied` (the reports key) it first finds the copied
    /// sentences, which the 模板句 tab then reuses.
    pub fn export(
        &self,
        comparison: Arc<Comparison>,
        reports: Vec<Arc<Report>>,
        find_copied: Option<u64>,
        path: PathBuf,
    ) {
        let (tx, ctx) = (self.tx.clone(), self.ctx.clone());
        std::thread::spawn(move || {
            let plain: Vec<Report> = reports.iter().map(|r| (**r).clone()).collect();
            let comparison = match find_copied {
                Some(key) => {
                    let mut c = (*comparison).clone();
                    c.copied = copied_of(&tx, &ctx, key, &plain);
                    Arc::new(c)
                }
                None => comparison,
            };
            let result = std::panic::catch_unwind(|| engine::export(&comparison, &plain, &path))
                .unwrap_or_else(|panic| Err(format!("exporter crashed: {}", panic_text(&panic))));
            send(&tx, &ctx, Msg::Exported { path, result });
        });
    }

    /// Runs a native file dialog on its own thread so the UI keeps drawing.
    pub fn pick(&self, purpose: Pick, file_name: String) {
        self.pick_in(purpose, file_name, None);
    }

    /// The same, opening in `dir` when given.
    pub fn pick_in(&self, purpose: Pick, file_name: String, dir: Option<PathBuf>) {
        let (tx, ctx) = (self.tx.clone(), self.ctx.clone());
        std::thread::spawn(move || {
            let start = Instant::now();
            let result = std::panic::catch_unwind(|| match purpose {
                Pick::Open => rfd::FileDialog::new()
                    .add_filter("reports", &REPORT_EXTENSIONS)
                    .pick_files()
                    .unwrap_or_default(),
                Pick::SaveExport => dir
                    .as_deref()
                    .map_or_else(rfd::FileDialog::new, |d| {
                        rfd::FileDialog::new().set_directory(d)
                    })
                    .set_file_name(&file_name)
                    .save_file()
                    .into_iter()
                    .collect(),
                Pick::OpenWorkspace => rfd::FileDialog::new()
                    .add_filter("duibi workspace", &["duibi"])
                    .pick_file()
                    .into_iter()
                    .collect(),
                Pick::SaveWorkspace => rfd::FileDialog::new()
                    .add_filter("duibi workspace", &["duibi"])
                    .set_file_name(&file_name)
                    .save_file()
                    .into_iter()
                    .collect(),
                Pick::SaveCopy(_) => rfd::FileDialog::new()
                    .set_title(text::SAVE_A_COPY.get())
                    .set_file_name(&file_name)
                    .save_file()
                    .into_iter()
                    .collect(),
                Pick::MissingFolder => rfd::FileDialog::new()
                    .set_title(text::MISSING_FOLDER_TITLE.get())
                    .pick_folder()
                    .into_iter()
                    .collect(),
            });
            let paths = result.unwrap_or_default();
            let failed_fast = paths.is_empty() && start.elapsed() < Duration::from_millis(400);
            send(
                &tx,
                &ctx,
                Msg::Picked {
                    purpose,
                    paths,
                    failed_fast,
                },
            );
        });
    }

    pub fn poll(&self) -> Vec<Msg> {
        self.rx.try_iter().collect()
    }
}

/// The copied sentences of `reports`, also sent to the app (a crash finds none).
fn copied_of(
    tx: &Sender<Msg>,
    ctx: &egui::Context,
    key: u64,
    reports: &[Report],
) -> Vec<CopiedSentence> {
    let sentences =
        std::panic::catch_unwind(|| engine::find_copied(reports)).unwrap_or_else(|panic| {
            log_panic("the copied-sentence search", &panic);
            Vec::new()
        });
    let msg = Msg::Copied {
        key,
        sentences: sentences.clone(),
    };
    send(tx, ctx, msg);
    sentences
}

fn send(tx: &Sender<Msg>, ctx: &egui::Context, msg: Msg) {
    // The receiver only goes away when the app is closing; nothing left to tell then.
    let _ = tx.send(msg);
    ctx.request_repaint();
}

/// Runs an analysis, turning a panic into a failed report for that one file.
fn guarded(source: &str, analyze: impl FnOnce() -> Report + std::panic::UnwindSafe) -> Report {
    std::panic::catch_unwind(analyze).unwrap_or_else(|panic| {
        Report::failed(source, format!("analysis crashed: {}", panic_text(&panic)))
    })
}

fn panic_text(panic: &Box<dyn Any + Send>) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".to_owned())
}

fn log_panic(what: &str, panic: &Box<dyn Any + Send>) {
    eprintln!("duibi: {what} crashed: {}", panic_text(panic));
}

fn with_override(report: Arc<Report>, meta: &MetaOverride) -> Arc<Report> {
    if meta.region.is_none() && meta.year.is_none() {
        return report;
    }
    let mut owned = (*report).clone();
    crate::workspace::apply(&mut owned, Some(meta));
    Arc::new(owned)
}

/// Files and folders → report files: a folder contributes its report files (not recursively),
/// sorted by name so the list order is stable.
pub fn expand(paths: &[PathBuf]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for path in paths {
        if crate::ingest::web::is_address_path(path) {
            out.push(path.clone());
        } else if path.is_dir() {
            let mut found: Vec<PathBuf> = std::fs::read_dir(path)
                .map(|entries| {
                    entries
                        .filter_map(Result::ok)
                        .map(|e| e.path())
                        .filter(|p| p.is_file() && is_report_file(p))
                        .collect()
                })
                .unwrap_or_default();
            found.sort();
            out.extend(found);
        } else {
            out.push(path.clone());
        }
    }
    out
}

fn is_report_file(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| REPORT_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
}

/// Where the bundled sample reports are: `samples/` in the working directory, next to the
/// executable, or in the source tree this binary was built from.
pub fn samples_dir() -> Option<PathBuf> {
    let mut candidates = vec![PathBuf::from("samples")];
    if let Some(dir) = std::env::current_exe()
        .ok()
        .and_then(|e| e.parent().map(Path::to_path_buf))
    {
        candidates.push(dir.join("samples"));
    }
    candidates.push(Path::new(env!("CARGO_MANIFEST_DIR")).join("samples"));
    candidates.into_iter().find(|p| p.is_dir())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_folder_expands_to_its_report_files_in_name_order() {
        let dir = tempfile::tempdir().expect("temp dir");
        for name in ["b.txt", "a.HTML", "notes.md"] {
            std::fs::write(dir.path().join(name), "x").expect("write");
        }
        let files = expand(&[dir.path().to_path_buf()]);
        let names: Vec<_> = files.iter().filter_map(|p| p.file_name()).collect();
        assert_eq!(names, ["a.HTML", "b.txt"]);
    }

    #[test]
    fn a_panicking_analysis_becomes_that_files_error() {
        let report = guarded("x.txt", || panic!("boom"));
        assert_eq!(report.source, "x.txt");
        assert!(report.error.as_deref().is_some_and(|e| e.contains("boom")));
    }
}
