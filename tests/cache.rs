//! The cache of analyses as the CLI uses it: a second run reads what the first stored, `--no-cache`
//! and `DUIBI_CACHE=0` bypass it, and a damaged entry is analyzed again. Every run here points
//! `DUIBI_CACHE_DIR` at a temporary folder: no test reads or writes the user's cache.

use std::path::{Path, PathBuf};
use std::process::Command;

use duibi::cache::{Cache, Key};
use duibi::model::{Analysis, Report};

const SAMPLE: &str = "changzhou-xinbei-2019.txt";

fn sample() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("samples")
        .join(SAMPLE)
}

/// `duibi ARGS` with the cache in `cache_dir`: the exit code and the analyzed reports.
fn analyze(cache_dir: &Path, args: &[&str], env: &[(&str, &str)]) -> (i32, Vec<Report>) {
    let out = Command::new(env!("CARGO_BIN_EXE_duibi"))
        .env_remove("DUIBI_CACHE")
        .env("DUIBI_CACHE_DIR", cache_dir)
        .envs(env.iter().copied())
        .args(args)
        .arg(sample())
        .output()
        .expect("duibi runs");
    let parsed: Analysis = serde_json::from_slice(&out.stdout).unwrap_or_default();
    (out.status.code().unwrap_or(-1), parsed.reports)
}

fn key() -> Key {
    Key::of(SAMPLE.as_bytes(), &std::fs::read(sample()).expect("sample"))
}

/// An entry that checks out but says something else: only a run that reads the cache shows it.
fn forge(cache: &Cache, title: &str) {
    let mut report = duibi::pipeline::analyze_file(&sample());
    report.title = title.to_string();
    cache.put(&key(), &report).expect("put");
}

#[test]
fn a_second_run_reads_the_cache_and_no_cache_bypasses_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let cache = Cache::at(dir.path());
    let (code, first) = analyze(dir.path(), &["analyze", "--json"], &[]);
    assert_eq!(code, 0);
    assert_eq!(first.len(), 1);
    let stored = cache
        .read(&key())
        .expect("the first run stored its analysis");
    assert_eq!(stored.title, first[0].title);

    forge(&cache, "从缓存读取");
    let (_, cached) = analyze(dir.path(), &["analyze", "--json"], &[]);
    assert_eq!(cached[0].title, "从缓存读取");
    // The entry's path is the first run's; the report names the file as opened now.
    assert_eq!(cached[0].source, sample().to_string_lossy());

    let (_, bypassed) = analyze(dir.path(), &["analyze", "--no-cache", "--json"], &[]);
    assert_eq!(bypassed[0].title, first[0].title);
    let (_, bypassed) = analyze(dir.path(), &["analyze", "--json"], &[("DUIBI_CACHE", "0")]);
    assert_eq!(bypassed[0].title, first[0].title);
    // Bypassing does not write either: the forged entry is still there.
    assert_eq!(cache.read(&key()).expect("entry").title, "从缓存读取");
}

#[test]
fn a_damaged_entry_is_analyzed_again_and_replaced() {
    let dir = tempfile::tempdir().expect("temp dir");
    let cache = Cache::at(dir.path());
    forge(&cache, "从缓存读取");
    let entry = std::fs::read_dir(dir.path().join("analyses"))
        .expect("shards")
        .filter_map(Result::ok)
        .flat_map(|shard| std::fs::read_dir(shard.path()).expect("shard"))
        .filter_map(Result::ok)
        .next()
        .expect("one entry")
        .path();
    let mut bytes = std::fs::read(&entry).expect("entry");
    let len = bytes.len();
    bytes[len - 20] ^= 0x20;
    std::fs::write(&entry, bytes).expect("write");

    let (code, reports) = analyze(dir.path(), &["analyze", "--json"], &[]);
    assert_eq!(code, 0);
    assert_ne!(reports[0].title, "从缓存读取");
    assert_eq!(reports[0], {
        let mut plain = duibi::pipeline::analyze_file(&sample());
        plain.source = sample().to_string_lossy().into_owned();
        plain
    });
    assert_eq!(
        cache.read(&key()).expect("replaced").title,
        reports[0].title
    );
}

#[test]
fn compare_reads_the_cache_too() {
    let dir = tempfile::tempdir().expect("temp dir");
    forge(&Cache::at(dir.path()), "从缓存读取");
    let out = Command::new(env!("CARGO_BIN_EXE_duibi"))
        .env_remove("DUIBI_CACHE")
        .env("DUIBI_CACHE_DIR", dir.path())
        .args(["compare", "--json"])
        .arg(sample())
        .output()
        .expect("duibi runs");
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(json["reports"][0]["title"], "从缓存读取");
}
