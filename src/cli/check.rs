//! `duibi check [--json] FILE...`: the required-content check (体检) of each report.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use duibi::check::{Checks, ReportCheck, Status};

pub fn run(files: &[PathBuf], json: bool, copies: &super::Copies) -> anyhow::Result<ExitCode> {
    let (reports, failed) = super::analyze_reporting_failures(files, copies);
    let checks = duibi::check::check_all(&reports);
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    if json {
        serde_json::to_writer_pretty(&mut out, &checks)?;
        writeln!(out)?;
    } else {
        write_table(&mut out, &checks)?;
    }
    out.flush()?;
    Ok(if failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn write_table(out: &mut impl Write, checks: &Checks) -> std::io::Result<()> {
    writeln!(out, "依据 {}", checks.source)?;
    for r in &checks.reports {
        write_report(out, r)?;
    }
    Ok(())
}

fn write_report(out: &mut impl Write, r: &ReportCheck) -> std::io::Result<()> {
    writeln!(out, "\n== {}", super::shown_str(&r.source))?;
    if let Some(e) = &r.error {
        return writeln!(out, "   error: {e}");
    }
    let year = r.year.map_or_else(|| "?".to_string(), |y| y.to_string());
    writeln!(out, "   {} {year}", r.region)?;
    for p in &r.parts {
        let mark = match p.status {
            Status::Present => "✓",
            Status::Thin => "△",
            Status::Missing => "✗",
        };
        let why = p
            .why
            .as_deref()
            .map(|w| format!(" ({w})"))
            .unwrap_or_default();
        writeln!(
            out,
            "   {mark} {} {}: {} passage(s){why}",
            p.status.label(),
            p.label,
            p.passages.len()
        )?;
    }
    let absent: Vec<&str> = r
        .topics
        .iter()
        .filter(|t| !t.present)
        .map(|t| t.topic.as_str())
        .collect();
    if !absent.is_empty() {
        writeln!(
            out,
            "   outline topics not reported on: {}",
            absent.join(", ")
        )?;
    }
    match &r.published {
        Some(p) => writeln!(
            out,
            "   published {}{}",
            p.date,
            match p.on_time {
                Some(true) => " (on time)",
                Some(false) => " (late: after 4月1日 of the next year)",
                None => "",
            }
        ),
        None => writeln!(out, "   no publication date stated"),
    }
}
