//! `duibi compare --workspace F.duibi` as a script runs it: the workspace's compared reports, its
//! corrections and its notes reach the comparison and the exports; a damaged workspace is a usage
//! error (exit 2) before any report is read.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use duibi::workspace::{Correction, VERSION, Workspace};

fn sample(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("samples")
        .join(name)
}

fn duibi(args: &[&std::ffi::OsStr]) -> (i32, Vec<u8>) {
    let out = Command::new(env!("CARGO_BIN_EXE_duibi"))
        // Hermetic: never the user's cache of analyses.
        .env("DUIBI_CACHE", "0")
        .args(args)
        .output()
        .expect("duibi runs");
    (out.status.code().unwrap_or(-1), out.stdout)
}

#[test]
fn compare_uses_the_workspace_reports_corrections_and_notes() {
    let dir = tempfile::tempdir().expect("dir");
    let a = sample("changzhou-xinbei-2019.txt");
    let b = sample("sanming-shaxian-2022.txt");
    let unused = sample("liyang-2011-2015.txt");
    let requirement = "存在的不足和原因";
    let ws = Workspace {
        duibi_workspace: VERSION,
        files: vec![a.clone(), b.clone(), unused],
        compared: vec![a.clone(), b.clone()],
        corrections: BTreeMap::from([(
            b.clone(),
            Correction {
                region: Some("改过的地区".into()),
                year: Some(2031),
            },
        )]),
        view: BTreeMap::new(),
        notes: BTreeMap::from([(
            duibi::check::note_key(&a.to_string_lossy(), requirement),
            "问一下区司法局".to_string(),
        )]),
        copies: BTreeMap::new(),
    };
    let file = dir.path().join("review.duibi");
    duibi::workspace::save(&file, &ws).expect("save");

    let (code, stdout) = duibi(&[
        "compare".as_ref(),
        "--workspace".as_ref(),
        file.as_os_str(),
        "--json".as_ref(),
    ]);
    assert_eq!(code, 0);
    let json: serde_json::Value = serde_json::from_slice(&stdout).expect("json");
    let reports = json["reports"].as_array().expect("reports");
    assert_eq!(reports.len(), 2, "the compared two, not all three");
    assert_eq!(reports[1]["region"], "改过的地区");
    assert_eq!(reports[1]["year"], 2031);

    let md = dir.path().join("cmp.md");
    let (code, _) = duibi(&[
        "compare".as_ref(),
        "--workspace".as_ref(),
        file.as_os_str(),
        "--out".as_ref(),
        md.as_os_str(),
    ]);
    assert_eq!(code, 0);
    let text = std::fs::read_to_string(&md).expect("written");
    assert!(
        text.contains("✎ 问一下区司法局"),
        "the note is in the export"
    );
}

#[test]
fn a_damaged_workspace_is_a_usage_error() {
    let dir = tempfile::tempdir().expect("dir");
    let file = dir.path().join("damaged.duibi");
    std::fs::write(&file, b"{\"duibi_workspace\": 1, \"files\": [").expect("write");
    let (code, stdout) = duibi(&[
        "compare".as_ref(),
        "--workspace".as_ref(),
        file.as_os_str(),
        "--json".as_ref(),
    ]);
    assert_eq!(code, 2);
    assert!(stdout.is_empty());
}
