//! The command line: `RawArgs` (what was typed, parsed by clap) → a checked config (every usage
//! error exits 2 before any file is read) → one subcommand run. stdout carries only the requested
//! output; progress and warnings go to stderr, with file names escaped by [`shown`].

mod analyze;
mod bench;
mod check;
mod compare;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use duibi::cache::Cache;
use duibi::ingest::isolate;

#[derive(Parser, Debug)]
#[command(
    name = "duibi",
    version,
    about = "对比 — compare 法治政府建设 annual reports side by side"
)]
struct RawArgs {
    /// Neither read nor write the cache of analyses (DUIBI_CACHE=0 does the same; DUIBI_CACHE_DIR
    /// moves it, DUIBI_CACHE_MB bounds it, 2048 by default).
    #[arg(long, global = true)]
    no_cache: bool,
    #[command(subcommand)]
    command: Option<Command>,
}

/// The cache of analyses this run uses (see `duibi::cache`), set once in `main`.
static CACHE: std::sync::OnceLock<Option<Cache>> = std::sync::OnceLock::new();

fn cache() -> Option<&'static Cache> {
    CACHE.get().and_then(Option::as_ref)
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Analyze report files: outline, topics, kinds and indicator facts.
    Analyze {
        /// Print the SPEC JSON document to stdout instead of a readable summary.
        #[arg(long)]
        json: bool,
        /// Keep a copy of each report read from a web address in this folder (made if needed):
        /// the page, or the attachment it led to, as it was read.
        #[arg(long, value_name = "DIR")]
        save_copies: Option<PathBuf>,
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Compare reports: topic coverage, paired sentences with diffs, indicators, commitments.
    Compare {
        /// Print the comparison JSON (SPEC) to stdout.
        #[arg(long)]
        json: bool,
        /// Write the comparison to this file; the format follows the extension
        /// (.html .xlsx .docx .csv .json .md).
        #[arg(long, short)]
        out: Option<PathBuf>,
        /// Only these topics (comma-separated ids, e.g. enforcement,reconsideration).
        #[arg(long, value_delimiter = ',')]
        topics: Option<Vec<String>>,
        /// Minimum similarity (0..1) for paired sentences and matched commitments.
        #[arg(long)]
        min_similarity: Option<f64>,
        /// Compare the reports of this workspace (.duibi), with its corrections and notes; files
        /// given as well are added.
        #[arg(long)]
        workspace: Option<PathBuf>,
        /// Also list the sentences three or more reports share word for word or nearly
        /// (模板句): a `copied` field in the JSON, a section in the summary and every export.
        #[arg(long)]
        copied: bool,
        /// Keep a copy of each report read from a web address in this folder (made if needed):
        /// the page, or the attachment it led to, as it was read.
        #[arg(long, value_name = "DIR")]
        save_copies: Option<PathBuf>,
        #[arg(required_unless_present = "workspace")]
        files: Vec<PathBuf>,
    },
    /// Check each report for the parts the rules require (体检): the five parts of an annual
    /// report, the national outline's topics, and publication by 4月1日 of the next year.
    Check {
        /// Print the check JSON (SPEC) to stdout.
        #[arg(long)]
        json: bool,
        /// Keep a copy of each report read from a web address in this folder (made if needed):
        /// the page, or the attachment it led to, as it was read.
        #[arg(long, value_name = "DIR")]
        save_copies: Option<PathBuf>,
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Open the desktop app on these files (the bundled samples when none are given).
    Gui { files: Vec<PathBuf> },
    /// Measure analysis and comparison speed on this machine (build with --release).
    Bench {
        /// Folder of .txt report files the corpus varies.
        #[arg(long, default_value = "samples")]
        samples: PathBuf,
        /// Analyze corpus size in megabytes (0 skips the MB/s line).
        #[arg(long, default_value_t = 10.0)]
        mb: f64,
        /// Report counts to analyze and compare, one table row each (e.g. 10,100,1000).
        #[arg(long, value_delimiter = ',', default_value = "300")]
        reports: Vec<usize>,
        /// Runs per measurement; the fastest is shown.
        #[arg(long, default_value_t = 3)]
        repeat: usize,
        /// Write the corpus of the largest --reports count to this folder instead of measuring.
        #[arg(long)]
        write_corpus: Option<PathBuf>,
        /// Variants keep their sample's wording: every sentence has a twin in every variant
        /// (compare's worst case) instead of reading like another county's report.
        #[arg(long)]
        near_copies: bool,
        /// Also time reopening each --reports count from the cache of analyses (written to a
        /// temporary folder, never the user's cache).
        #[arg(long)]
        reopen: bool,
        /// Also compare the largest --reports count with the exact all-pairs search and print
        /// how much of it the nearest-neighbour search (pairing past 12 reports) keeps (slow: every pair is scored).
        #[arg(long)]
        recall: bool,
    },
    /// Internal: reads files sent on stdin in this process, under limits, for a parent duibi
    /// (see `duibi::ingest::isolate`). Not for people.
    #[command(name = "__read-worker", hide = true)]
    ReadWorker {
        #[arg(long)]
        memory_mb: u64,
        #[arg(long)]
        seconds: u64,
    },
}

pub fn main() -> ExitCode {
    let args = match RawArgs::try_parse() {
        Ok(a) => a,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    if let Some(Command::ReadWorker { memory_mb, seconds }) = args.command {
        // Every panic here is answered as that file's error; the hook would only repeat it.
        std::panic::set_hook(Box::new(|_| {}));
        let limits = isolate::Limits { memory_mb, seconds };
        return match isolate::serve(limits) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("duibi reader: {e}");
                ExitCode::from(1)
            }
        };
    }
    duibi::ingest::quiet_reader_panics();
    // This binary is its own reader process: PDF, docx and HTML are parsed in children of it.
    isolate::set_worker_exe(std::env::current_exe().ok());
    let _ = CACHE.set((!args.no_cache).then(Cache::from_env).flatten());
    let result = match args.command {
        Some(Command::Analyze {
            json,
            save_copies,
            files,
        }) => match Copies::from_arg(save_copies) {
            Ok(copies) => analyze::run(&files, json, &copies),
            Err(e) => return e.exit(),
        },
        Some(Command::Compare {
            json,
            out,
            topics,
            min_similarity,
            workspace,
            copied,
            save_copies,
            files,
        }) => {
            let raw = compare::RawCompare {
                files,
                json,
                out,
                topics,
                min_similarity,
                workspace,
                copied,
                save_copies,
            };
            match compare::Config::from_raw(raw) {
                Ok(config) => compare::run(config),
                Err(e) => return e.exit(),
            }
        }
        Some(Command::Check {
            json,
            save_copies,
            files,
        }) => match Copies::from_arg(save_copies) {
            Ok(copies) => check::run(&files, json, &copies),
            Err(e) => return e.exit(),
        },
        Some(Command::Gui { files }) => gui(files),

        Some(Command::Bench { mb, repeat, .. })
            if !(mb.is_finite() && mb >= 0.0) || repeat == 0 =>
        {
            return UsageError(format!(
                "--mb must be 0 or more (got {mb}) and --repeat at least 1 (got {repeat})"
            ))
            .exit();
        }
        Some(Command::Bench {
            samples,
            mb,
            reports,
            repeat,
            write_corpus,
            near_copies,
            reopen,
            recall,
        }) => bench::run(bench::BenchArgs {
            recall,
            samples: &samples,
            megabytes: mb,
            reports: &reports,
            repeat,
            write_corpus: write_corpus.as_deref(),
            shape: if near_copies {
                duibi::bench_corpus::Shape::NearCopies
            } else {
                duibi::bench_corpus::Shape::Reworded
            },
            reopen,
        }),

        // Served above, before the worker binary is set: a reader never starts readers.
        Some(Command::ReadWorker { .. }) => Ok(ExitCode::SUCCESS),
        None => gui(Vec::new()),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            // Export and read errors name paths: escaped like every other message.
            eprintln!("duibi: {}", shown_str(&format!("{e:#}")));
            ExitCode::from(1)
        }
    }
}

/// Where copies of reports read from web addresses go (`--save-copies`), checked before any
/// work: the folder is made if needed, and one that cannot be is a usage error.
#[derive(Debug, Default)]
pub struct Copies(Option<PathBuf>);

impl Copies {
    pub fn from_arg(dir: Option<PathBuf>) -> Result<Copies, UsageError> {
        let Some(dir) = dir else {
            return Ok(Copies(None));
        };
        std::fs::create_dir_all(&dir).map_err(|e| {
            UsageError(format!(
                "--save-copies {}: cannot make the folder ({e})",
                shown(&dir)
            ))
        })?;
        Ok(Copies(Some(dir)))
    }
}

/// Analyze files (and web addresses) in parallel; each failure is told on stderr (the batch goes
/// on). With `copies`, what each address gave is saved there and the copy named on stderr.
fn analyze_reporting_failures(
    files: &[PathBuf],
    copies: &Copies,
) -> (Vec<duibi::model::Report>, usize) {
    use duibi::ingest::web;
    use rayon::prelude::*;
    let reports: Vec<duibi::model::Report> = match &copies.0 {
        None => duibi::pipeline::analyze_files_cached(files, cache()),
        Some(dir) => files
            .par_iter()
            .map(|file| {
                if !web::is_address_path(file) {
                    return duibi::pipeline::analyze_file_cached(file, cache());
                }
                let address = file.to_string_lossy();
                let (mut report, fetched) =
                    duibi::pipeline::analyze_address_keeping(&address, web::Limits::default());
                if let Some(fetched) = fetched {
                    match web::save_copy(dir, &fetched) {
                        Ok(copy) => eprintln!(
                            "duibi: {}: saved a copy as {}",
                            shown_str(&address),
                            shown(&copy)
                        ),
                        Err(e) => {
                            let why = format!("could not save a copy in {}: {e}", dir.display());
                            eprintln!("duibi: {}: {}", shown_str(&address), shown_str(&why));
                            report.warnings.push(why);
                        }
                    }
                }
                report
            })
            .collect(),
    };
    let mut failed = 0;
    for r in &reports {
        if let Some(e) = &r.error {
            eprintln!("duibi: {}: {}", shown_str(&r.source), shown_str(e));
            failed += 1;
        }
    }
    (reports, failed)
}

/// A mistake in the arguments, found before any work: told on stderr, exit status 2 (as clap's).
#[derive(Debug)]
pub struct UsageError(pub String);

impl UsageError {
    fn exit(self) -> ExitCode {
        eprintln!("duibi: error: {}", self.0);
        ExitCode::from(2)
    }
}

/// A path as messages print it: see [`shown_str`].
pub fn shown(path: &Path) -> String {
    shown_str(&path.to_string_lossy())
}

/// Text as one stderr line shows it: a file may be named with a newline and `duibi: …` after
/// it, which printed raw forges a message of ours; control characters, line and paragraph
/// separators and bidi overrides are escaped as Rust writes them (`\n`, `\u{2028}`), while
/// Chinese and every other printable character stays readable.
pub fn shown_str(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if is_deceptive(c) {
            out.extend(c.escape_debug());
        } else {
            out.push(c);
        }
    }
    out
}

fn is_deceptive(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{2028}' | '\u{2029}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

#[cfg(feature = "gui")]
fn gui(files: Vec<PathBuf>) -> anyhow::Result<ExitCode> {
    duibi::app::run(files, cache().cloned())?;
    Ok(ExitCode::SUCCESS)
}

#[cfg(not(feature = "gui"))]
fn gui(_files: Vec<PathBuf>) -> anyhow::Result<ExitCode> {
    anyhow::bail!(
        "this build has no desktop app (built without the `gui` feature); try `duibi analyze --help`"
    )
}

#[cfg(test)]
mod tests {
    use super::shown_str;

    #[test]
    fn shown_escapes_only_what_could_forge_a_line() {
        let cases = [
            ("报告.txt", "报告.txt"),
            ("a\nduibi: x", "a\\nduibi: x"),
            ("a\rb\tc", "a\\rb\\tc"),
            ("a\u{2028}b", "a\\u{2028}b"),
            ("a\u{202e}b", "a\\u{202e}b"),
            ("引号\"和'", "引号\"和'"),
        ];
        for (name, want) in cases {
            assert_eq!(shown_str(name), want, "{name:?}");
        }
    }
}
