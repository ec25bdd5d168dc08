//! `duibi bench`: how fast this machine analyzes and compares reports, on a deterministic corpus
//! of sample variants (`duibi::bench_corpus`: numbers changed, sentences shuffled, some converted
//! to Traditional). Run it from a release build.
//!
//! - analyze: MB/s and reports/s over a corpus of `--mb` megabytes;
//! - compare: time, pairs and peak RSS for `--reports` reports (a list gives the scaling table);
//! - `--near-copies`: variants keep their sample's wording (compare's worst case);
//! - `--recall`: recall of the nearest-neighbour search against the exact all-pairs one
//!   (`align::recall`) on the largest `--reports`;
//! - copied sentences: precision and recall of `align::copied` against the sentences the
//!   generator kept verbatim (`bench_corpus::generate_with_verbatim`), largest `--reports`;
//! - `--write-corpus DIR`: write the corpus of the largest `--reports` to DIR (for the peer scripts);
//! - `--reopen`: for each `--reports` count, the first open into an empty cache of analyses and
//!   the reopen from it (files on disk, in a temporary folder).
//!
//! Times are the fastest of `--repeat` runs (the machine is shared; the minimum is the least
//! disturbed). Peak RSS is VmHWM, reset before each step where the kernel allows it.

use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use rayon::prelude::*;

use duibi::align::{self, CompareOptions};
use duibi::bench_corpus::{self, CorpusFile, Shape};
use duibi::cache::Cache;
use duibi::model::Report;
use duibi::pipeline;

pub struct BenchArgs<'a> {
    pub samples: &'a Path,
    pub megabytes: f64,
    pub reports: &'a [usize],
    pub repeat: usize,
    pub write_corpus: Option<&'a Path>,
    pub shape: Shape,
    /// Also measure reopening from the cache of analyses (see [`reopen`]).
    pub reopen: bool,
    /// Measure the nearest search's recall against the exact one (`align::recall`).
    pub recall: bool,
}

pub fn run(args: BenchArgs<'_>) -> anyhow::Result<ExitCode> {
    let samples = bench_corpus::read_samples(args.samples)
        .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", super::shown(args.samples)))?;
    anyhow::ensure!(
        !samples.is_empty(),
        "no .txt report files in {}",
        super::shown(args.samples)
    );
    let repeat = args.repeat.max(1);
    if let Some(dir) = args.write_corpus {
        let n = args.reports.iter().copied().max().unwrap_or(300);
        return write_corpus(dir, &bench_corpus::generate(&samples, n, args.shape));
    }
    let build = if cfg!(debug_assertions) {
        ", DEBUG build: use --release for real figures"
    } else {
        ""
    };
    println!(
        "duibi bench: {} threads, fastest of {repeat} run(s), corpus {:?}{build}",
        rayon::current_num_threads(),
        args.shape
    );

    // Warm up the lazily built tables and dictionaries (t2s, jieba) so they are not timed.
    let warm: Vec<Report> = bench_corpus::generate(&samples, samples.len(), args.shape)
        .iter()
        .map(|(n, b)| pipeline::analyze_bytes(n, b))
        .collect();
    let _ = align::compare(&warm, &CompareOptions::default());

    let mut failed = 0;
    if args.megabytes > 0.0 {
        let avg = samples.iter().map(|(_, t)| t.len()).sum::<usize>() / samples.len();
        let n = ((args.megabytes * 1e6) as usize)
            .div_ceil(avg.max(1))
            .max(1);
        let corpus = bench_corpus::generate(&samples, n, args.shape);
        let (seconds, reports) = timed(repeat, || analyze(&corpus));
        failed += reports.iter().filter(|r| r.error.is_some()).count();
        let mb = megabytes(&corpus);
        println!(
            "analyze: {n} reports, {mb:.1} MB in {seconds:.3} s = {:.1} MB/s, {:.0} reports/s",
            mb / seconds,
            n as f64 / seconds,
        );
    }

    println!(
        "{:>8} {:>8} {:>10} {:>8} {:>10} | {:>10} {:>8} {:>10}",
        "reports", "MB", "analyze s", "MB/s", "peak MB", "compare s", "pairs", "peak MB"
    );
    for &n in args.reports {
        let corpus = bench_corpus::generate(&samples, n, args.shape);
        reset_peak_rss();
        let (analyze_s, reports) = timed(repeat, || analyze(&corpus));
        let analyze_peak = peak_rss_mb();
        failed += reports.iter().filter(|r| r.error.is_some()).count();
        reset_peak_rss();
        let (compare_s, comparison) = timed(repeat, || {
            align::compare(&reports, &CompareOptions::default())
        });
        let compare_peak = peak_rss_mb();
        let mb = megabytes(&corpus);
        println!(
            "{n:>8} {mb:>8.1} {analyze_s:>10.3} {:>8.1} {:>10} | {compare_s:>10.3} {:>8} {:>10}",
            mb / analyze_s,
            fmt_mb(analyze_peak),
            comparison.pairs.len(),
            fmt_mb(compare_peak),
        );
    }
    if args.reopen {
        for &n in args.reports {
            failed += reopen(&bench_corpus::generate(&samples, n, args.shape), repeat)?;
        }
    }
    if let (Some(&n), true) = (args.reports.iter().max(), args.recall) {
        let reports = analyze(&bench_corpus::generate(&samples, n, args.shape));
        let opts = CompareOptions::default();
        let (exact_s, exact) = timed(1, || {
            align::compare_by(&reports, &opts, align::Search::Exact)
        });
        let (nearest_s, nearest) = timed(1, || {
            align::compare_by(&reports, &opts, align::Search::Nearest)
        });
        let r = align::recall(&exact, &nearest);
        println!(
            "recall of the nearest search, {n} reports: pairs {:.4} (strict {:.4}), best partner \
             {:.4} over {:?} pairs / sentences; exact {exact_s:.3} s, nearest {nearest_s:.3} s",
            r.pairs, r.pairs_strict, r.best_partner, r.of
        );
    }
    // The copied-sentence finder (模板句) against the sentences the generator kept verbatim.
    if let (Some(&n), Shape::Reworded) = (args.reports.iter().max(), args.shape) {
        let (corpus, verbatim) = bench_corpus::generate_with_verbatim(&samples, n, args.shape);
        let reports = analyze(&corpus);
        let opts = CompareOptions {
            copied: true,
            ..CompareOptions::default()
        };
        let (seconds, comparison) = timed(1, || align::compare(&reports, &opts));
        let texts: Vec<String> = comparison.copied.iter().map(|c| c.text.clone()).collect();
        let (precision, recall, found, truth) =
            bench_corpus::copied_scores(&verbatim, &texts, align::copied::COPIED_MIN_REPORTS);
        println!(
            "copied sentences: {n} reports, {found} found, {truth} kept verbatim in {}+ reports: \
             precision {precision:.3}, recall {recall:.3} (compare with --copied {seconds:.3} s)",
            align::copied::COPIED_MIN_REPORTS,
        );
    }
    if failed > 0 {
        eprintln!("duibi: {failed} report(s) failed during the benchmark");
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}

/// Reopening files already analyzed once: the corpus written to a temporary folder, analyzed
/// into an empty cache there (first open), then read back from it (reopen: read each file, hash
/// it, read and check its entry, parse the report). Returns the failed reports.
fn reopen(corpus: &[CorpusFile], repeat: usize) -> anyhow::Result<usize> {
    let dir = tempfile::tempdir()?;
    let files = dir.path().join("reports");
    std::fs::create_dir_all(&files)?;
    let mut paths = Vec::with_capacity(corpus.len());
    for (name, bytes) in corpus {
        let path = files.join(Path::new(name).file_name().unwrap_or_default());
        std::fs::write(&path, bytes)?;
        paths.push(path);
    }
    let cache = Cache::at(dir.path().join("cache"));
    let started = Instant::now();
    let first = pipeline::analyze_files_cached(&paths, Some(&cache));
    let first_s = started.elapsed().as_secs_f64();
    let stored = cache.trim()?;
    let (reopen_s, again) = timed(repeat, || {
        pipeline::analyze_files_cached(&paths, Some(&cache))
    });
    anyhow::ensure!(
        again == first,
        "reports read back from the cache differ from the analysis"
    );
    println!(
        "reopen: {} reports, {:.1} MB of files: first open (analyze + store) {first_s:.3} s, \
         reopen from the cache {reopen_s:.3} s ({:.0} reports/s); cache {:.1} MB",
        paths.len(),
        megabytes(corpus),
        paths.len() as f64 / reopen_s,
        stored.bytes as f64 / 1e6,
    );
    Ok(first.iter().filter(|r| r.error.is_some()).count())
}

fn analyze(corpus: &[CorpusFile]) -> Vec<Report> {
    corpus
        .par_iter()
        .map(|(name, bytes)| pipeline::analyze_bytes(name, bytes))
        .collect()
}

/// The fastest of `repeat` runs of `f`, with the result of the last one.
fn timed<T>(repeat: usize, mut f: impl FnMut() -> T) -> (f64, T) {
    let mut best = f64::INFINITY;
    let mut last = None;
    for _ in 0..repeat {
        // Drop the previous result first, so two results never sit in memory at once.
        drop(last.take());
        let started = Instant::now();
        let out = f();
        best = best.min(started.elapsed().as_secs_f64());
        last = Some(out);
    }
    (best, last.unwrap_or_else(f))
}

fn megabytes(corpus: &[CorpusFile]) -> f64 {
    corpus.iter().map(|(_, b)| b.len()).sum::<usize>() as f64 / 1e6
}

fn write_corpus(dir: &Path, corpus: &[CorpusFile]) -> anyhow::Result<ExitCode> {
    for (name, bytes) in corpus {
        let file = dir.join(Path::new(name).file_name().unwrap_or_default());
        if let Some(parent) = file.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(&file, bytes)
            .map_err(|e| anyhow::anyhow!("cannot write {}: {e}", super::shown(&file)))?;
    }
    eprintln!("wrote {} reports to {}", corpus.len(), super::shown(dir));
    Ok(ExitCode::SUCCESS)
}

/// Linux: writing 5 to clear_refs resets VmHWM to the current RSS, so each step's peak is its own.
fn reset_peak_rss() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

/// VmHWM in MB (Linux); None elsewhere.
fn peak_rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

fn fmt_mb(mb: Option<f64>) -> String {
    mb.map_or_else(|| "n/a".to_string(), |m| format!("{m:.0}"))
}
