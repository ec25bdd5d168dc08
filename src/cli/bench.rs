//! `duibi bench`: how fast this machine analyzes (and compares) reports, in MB/s and reports/s,
//! on the bundled samples repeated to a corpus of the requested size. Run it from a release build.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use rayon::prelude::*;

use duibi::pipeline;

pub fn run(dir: &Path, megabytes: f64) -> anyhow::Result<ExitCode> {
    let samples = read_samples(dir)?;
    let sample_bytes: usize = samples.iter().map(|(_, b)| b.len()).sum();
    let target = (megabytes * 1_000_000.0) as usize;
    let rounds = target.div_ceil(sample_bytes.max(1)).max(1);
    let corpus: Vec<(String, &[u8])> = (0..rounds)
        .flat_map(|r| {
            samples
                .iter()
                .map(move |(name, bytes)| (format!("{r}/{name}"), bytes.as_slice()))
        })
        .collect();
    let total_bytes: usize = corpus.iter().map(|(_, b)| b.len()).sum();

    // Warm up the lazily built tables and dictionaries so they are not timed.
    let _ = pipeline::analyze_bytes(&corpus[0].0, corpus[0].1);

    let started = Instant::now();
    let reports: Vec<_> = corpus
        .par_iter()
        .map(|(name, bytes)| pipeline::analyze_bytes(name, bytes))
        .collect();
    let seconds = started.elapsed().as_secs_f64();
    let failed = reports.iter().filter(|r| r.error.is_some()).count();

    println!(
        "analyze: {} reports, {:.1} MB in {:.3} s = {:.1} MB/s, {:.0} reports/s ({} threads{})",
        reports.len(),
        total_bytes as f64 / 1e6,
        seconds,
        total_bytes as f64 / 1e6 / seconds,
        reports.len() as f64 / seconds,
        rayon::current_num_threads(),
        if cfg!(debug_assertions) {
            ", DEBUG build: use --release for real figures"
        } else {
            ""
        }
    );
    if failed > 0 {
        eprintln!("duibi: {failed} report(s) failed during the benchmark");
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}

fn read_samples(dir: &Path) -> anyhow::Result<Vec<(String, Vec<u8>)>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    let mut out = Vec::new();
    for f in files {
        let bytes = std::fs::read(&f)?;
        out.push((
            f.file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            bytes,
        ));
    }
    anyhow::ensure!(!out.is_empty(), "no report files in {}", dir.display());
    Ok(out)
}
