//! `duibi compare FILE... [--json | --out PATH] [--topics a,b] [--min-similarity x]`

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use duibi::align::{self, CompareOptions};
use duibi::export;

pub struct CompareArgs {
    pub files: Vec<PathBuf>,
    pub json: bool,
    pub out: Option<PathBuf>,
    pub topics: Option<Vec<String>>,
    pub min_similarity: Option<f64>,
}

pub fn run(args: CompareArgs) -> anyhow::Result<ExitCode> {
    let started = std::time::Instant::now();
    let mut options = CompareOptions {
        topics: args.topics,
        ..CompareOptions::default()
    };
    if let Some(t) = &options.topics {
        let known = duibi::tables::tables();
        for id in t {
            anyhow::ensure!(
                known.topic_index(id).is_some(),
                "unknown topic {id:?}; known topics: {}",
                known
                    .topics
                    .iter()
                    .map(|t| t.id.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            );
        }
    }
    if let Some(m) = args.min_similarity {
        anyhow::ensure!(
            (0.0..=1.0).contains(&m),
            "--min-similarity must be between 0 and 1"
        );
        options.min_similarity = m;
    }
    let (reports, failed) = super::analyze_reporting_failures(&args.files);
    let comparison = align::compare(&reports, &options);
    if args.json {
        let mut out = std::io::stdout().lock();
        out.write_all(export::to_json(&comparison).as_bytes())?;
        writeln!(out)?;
    }
    if let Some(path) = &args.out {
        export::write(&comparison, &reports, path).map_err(|e| anyhow::anyhow!("{e}"))?;
        eprintln!("duibi: wrote {}", display(path));
    }
    if !args.json && args.out.is_none() {
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

fn display(p: &Path) -> String {
    p.display().to_string()
}
