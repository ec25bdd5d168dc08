//! The command line: `RawArgs` (what was typed, parsed by clap) → one subcommand run.
//! stdout carries only the requested output; progress and warnings go to stderr.

mod analyze;
mod bench;
mod check;
mod compare;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use duibi::ingest::isolate;

#[derive(Parser, Debug)]
#[command(
    name = "duibi",
    version,
    about = "对比 — compare 法治政府建设 annual reports side by side"
)]
struct RawArgs {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Analyze report files: outline, topics, kinds and indicator facts.
    Analyze {
        /// Print the SPEC JSON document to stdout instead of a readable summary.
        #[arg(long)]
        json: bool,
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
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Check each report for the parts the rules require (体检): the five parts of an annual
    /// report, the national outline's topics, and publication by 4月1日 of the next year.
    Check {
        /// Print the check JSON (SPEC) to stdout.
        #[arg(long)]
        json: bool,
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
        let limits = isolate::Limits { memory_mb, seconds };
        return match isolate::serve(limits) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("duibi reader: {e}");
                ExitCode::from(1)
            }
        };
    }
    // This binary is its own reader process: PDF, docx and HTML are parsed in children of it.
    isolate::set_worker_exe(std::env::current_exe().ok());
    let result = match args.command {
        Some(Command::Analyze { json, files }) => analyze::run(&files, json),
        Some(Command::Compare {
            json,
            out,
            topics,
            min_similarity,
            files,
        }) => compare::run(compare::CompareArgs {
            files,
            json,
            out,
            topics,
            min_similarity,
        }),
        Some(Command::Check { json, files }) => check::run(&files, json),
        Some(Command::Gui { files }) => gui(files),

        Some(Command::Bench {
            samples,
            mb,
            reports,
            repeat,
            write_corpus,
            near_copies,
        }) => bench::run(bench::BenchArgs {
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
        }),

        // Served above, before the worker binary is set: a reader never starts readers.
        Some(Command::ReadWorker { .. }) => Ok(ExitCode::SUCCESS),
        None => gui(Vec::new()),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("duibi: {e:#}");
            ExitCode::from(1)
        }
    }
}

/// Analyze files in parallel; each failure is told on stderr (the batch goes on).
fn analyze_reporting_failures(files: &[PathBuf]) -> (Vec<duibi::model::Report>, usize) {
    let reports = duibi::pipeline::analyze_files(files);
    let mut failed = 0;
    for r in &reports {
        if let Some(e) = &r.error {
            eprintln!("duibi: {}: {e}", r.source);
            failed += 1;
        }
    }
    (reports, failed)
}

#[cfg(feature = "gui")]
fn gui(files: Vec<PathBuf>) -> anyhow::Result<ExitCode> {
    duibi::app::run(files)?;
    Ok(ExitCode::SUCCESS)
}

#[cfg(not(feature = "gui"))]
fn gui(_files: Vec<PathBuf>) -> anyhow::Result<ExitCode> {
    anyhow::bail!(
        "this build has no desktop app (built without the `gui` feature); try `duibi analyze --help`"
    )
}
