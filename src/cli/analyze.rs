//! `duibi analyze [--json] FILE...`

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use duibi::model::{Analysis, Report};

pub fn run(files: &[PathBuf], json: bool, copies: &super::Copies) -> anyhow::Result<ExitCode> {
    let started = std::time::Instant::now();
    let (reports, failed) = super::analyze_reporting_failures(files, copies);
    // stdout is line-buffered, and pretty JSON is one short line per field: without a buffer of
    // its own every field was a write(2) (15 % of `analyze --json` in perf).
    let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    if json {
        serde_json::to_writer_pretty(&mut out, &Analysis { reports })?;
        writeln!(out)?;
    } else {
        for r in &reports {
            write_summary(&mut out, r)?;
        }
    }
    out.flush()?;
    eprintln!(
        "duibi: analyzed {} file(s) in {:.2} s{}",
        files.len(),
        started.elapsed().as_secs_f64(),
        if failed > 0 {
            format!(", {failed} could not be read")
        } else {
            String::new()
        }
    );
    Ok(if failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn write_summary(out: &mut impl Write, r: &Report) -> std::io::Result<()> {
    writeln!(out, "== {}", super::shown_str(&r.source))?;
    if let Some(e) = &r.error {
        writeln!(out, "   error: {e}\n")?;
        return Ok(());
    }
    let year = r.year.map(|y| y.to_string()).unwrap_or_else(|| "?".into());
    writeln!(
        out,
        "   {} · {} · {} · {:?}",
        r.title, r.region, year, r.script
    )?;
    for w in &r.warnings {
        writeln!(out, "   warning: {w}")?;
    }
    writeln!(out, "   outline:")?;
    for s in &r.sections {
        let indent = "  ".repeat(s.level as usize);
        let count = r.passages.iter().filter(|p| p.section == s.id).count();
        writeln!(
            out,
            "   {indent}{} {}  [{}] {} · {} passage(s)",
            s.id,
            s.heading,
            s.topics.join(","),
            s.kind.label(),
            count
        )?;
    }
    let facts: Vec<_> = r.facts.iter().filter(|f| f.metric.is_some()).collect();
    writeln!(
        out,
        "   indicators ({} of {} numbers):",
        facts.len(),
        r.facts.len()
    )?;
    for f in facts {
        writeln!(
            out,
            "     {:<36} {}   {}",
            f.metric.as_deref().unwrap_or_default(),
            f.as_written(),
            f.text
        )?;
    }
    writeln!(out)
}
