//! Workspaces (`.duibi`): the set of reports a reviewer works on, the corrections made to their
//! region and year, which of them are compared, and where the reviewer was looking — saved as
//! versioned JSON so that the same set opens next week, on another machine too.
//!
//! Paths inside the workspace's own folder are stored relative to it, so a folder mailed with its
//! workspace opens as it was. A file that moved is looked for beside the workspace by name.
//! Files are written atomically; a damaged or foreign file is an error, never a silent reset.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// The format written now; files of a later version are refused rather than half read.
pub const VERSION: u32 = 1;
/// A workspace larger than this is not one duibi wrote.
const MAX_BYTES: u64 = 64 << 20;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Workspace {
    /// Marks the file as a duibi workspace and gives its format version.
    pub duibi_workspace: u32,
    /// Report files, in list order.
    pub files: Vec<PathBuf>,
    /// The files compared, in column order.
    #[serde(default)]
    pub compared: Vec<PathBuf>,
    /// Region/year corrections, by file.
    #[serde(default)]
    pub corrections: BTreeMap<PathBuf, Correction>,
    /// Where the reviewer was: tab, topic, report, indicator (ids as the app names them).
    #[serde(default)]
    pub view: BTreeMap<String, String>,
    /// The reviewer's notes by key (`check::note_key`: a report's file and what is annotated).
    #[serde(default)]
    pub notes: BTreeMap<String, String>,
}

/// Note keys name a report's file between unit separators; `f` maps that path.
fn map_note_key(key: &str, f: &mut dyn FnMut(&PathBuf) -> PathBuf) -> String {
    let mut parts: Vec<String> = key.split('\u{1f}').map(str::to_string).collect();
    if parts.len() == 3 {
        parts[1] = f(&PathBuf::from(&parts[1])).to_string_lossy().into_owned();
    }
    parts.join("\u{1f}")
}

/// Region/year the user typed when the analysis guessed wrong.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct Correction {
    pub region: Option<String>,
    pub year: Option<i32>,
}

#[derive(Debug, thiserror::Error)]
pub enum WorkspaceError {
    #[error("cannot read the workspace {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{0} is not a duibi workspace (damaged or another kind of file)")]
    NotAWorkspace(PathBuf),
    #[error(
        "{path} was written by a newer duibi (workspace version {version}); update duibi to open it"
    )]
    TooNew { path: PathBuf, version: u32 },
    #[error("cannot save the workspace: {0}")]
    Write(#[from] crate::export::ExportError),
}

/// What loading found: the workspace with every path made absolute, and the files that were
/// found again beside the workspace after they had moved (old path → new path).
#[derive(Debug)]
pub struct Loaded {
    pub workspace: Workspace,
    pub relinked: Vec<(PathBuf, PathBuf)>,
    pub missing: Vec<PathBuf>,
}

pub fn save(path: &Path, ws: &Workspace) -> Result<(), WorkspaceError> {
    let base = path.parent().unwrap_or(Path::new(""));
    let rel = |p: &PathBuf| -> PathBuf {
        match p.strip_prefix(base) {
            Ok(r) if !base.as_os_str().is_empty() => r.to_path_buf(),
            _ => p.clone(),
        }
    };
    let stored = Workspace {
        duibi_workspace: VERSION,
        files: ws.files.iter().map(rel).collect(),
        compared: ws.compared.iter().map(rel).collect(),
        corrections: ws
            .corrections
            .iter()
            .map(|(p, c)| (rel(p), c.clone()))
            .collect(),
        view: ws.view.clone(),
        notes: ws
            .notes
            .iter()
            .map(|(k, v)| (map_note_key(k, &mut |p| rel(p)), v.clone()))
            .collect(),
    };
    // The model holds only strings, numbers and maps: serializing it cannot fail.
    let json = serde_json::to_vec_pretty(&stored).unwrap_or_default();
    crate::export::write_atomic(path, &json)?;
    Ok(())
}

pub fn load(path: &Path) -> Result<Loaded, WorkspaceError> {
    let read_err = |source| WorkspaceError::Read {
        path: path.to_path_buf(),
        source,
    };
    let size = std::fs::metadata(path).map_err(read_err)?.len();
    if size > MAX_BYTES {
        return Err(WorkspaceError::NotAWorkspace(path.to_path_buf()));
    }
    let bytes = std::fs::read(path).map_err(read_err)?;
    let value: serde_json::Value = serde_json::from_slice(&bytes)
        .map_err(|_| WorkspaceError::NotAWorkspace(path.to_path_buf()))?;
    let version = value
        .get("duibi_workspace")
        .and_then(serde_json::Value::as_u64)
        .ok_or_else(|| WorkspaceError::NotAWorkspace(path.to_path_buf()))?;
    if version > u64::from(VERSION) {
        return Err(WorkspaceError::TooNew {
            path: path.to_path_buf(),
            version: u32::try_from(version).unwrap_or(u32::MAX),
        });
    }
    let stored: Workspace = serde_json::from_value(value)
        .map_err(|_| WorkspaceError::NotAWorkspace(path.to_path_buf()))?;

    let base = path.parent().unwrap_or(Path::new("")).to_path_buf();
    let mut relinked = Vec::new();
    let mut missing = Vec::new();
    let mut resolve = |p: &PathBuf| -> PathBuf {
        let full = if p.is_absolute() {
            p.clone()
        } else {
            base.join(p)
        };
        if full.exists() {
            return full;
        }
        // Moved: the same name beside the workspace (a folder copied or mailed with it).
        if let Some(name) = full.file_name() {
            let beside = base.join(name);
            if beside.exists() {
                relinked.push((full.clone(), beside.clone()));
                return beside;
            }
        }
        missing.push(full.clone());
        full
    };
    let files: Vec<PathBuf> = stored.files.iter().map(&mut resolve).collect();
    let map: BTreeMap<&PathBuf, &PathBuf> = stored.files.iter().zip(&files).collect();
    let same = |p: &PathBuf| -> PathBuf {
        map.get(p).map(|f| (*f).clone()).unwrap_or_else(|| {
            if p.is_absolute() {
                p.clone()
            } else {
                base.join(p)
            }
        })
    };
    let workspace = Workspace {
        duibi_workspace: VERSION,
        compared: stored.compared.iter().map(same).collect(),
        corrections: stored
            .corrections
            .iter()
            .map(|(p, c)| (same(p), c.clone()))
            .collect(),
        notes: stored
            .notes
            .iter()
            .map(|(k, v)| (map_note_key(k, &mut |p| same(p)), v.clone()))
            .collect(),
        files,
        view: stored.view,
    };
    Ok(Loaded {
        workspace,
        relinked,
        missing,
    })
}

/// A report with the user's corrections applied (what a comparison of the workspace uses).
pub fn apply(report: &mut crate::model::Report, correction: Option<&Correction>) {
    let Some(c) = correction else { return };
    if let Some(region) = c.region.as_ref().filter(|r| !r.is_empty()) {
        report.region = region.clone();
    }
    if let Some(year) = c.year {
        report.year = Some(year);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample_workspace(dir: &Path) -> Workspace {
        let a = dir.join("a.txt");
        let b = dir.join("sub/b.txt");
        Workspace {
            duibi_workspace: VERSION,
            files: vec![a.clone(), b.clone(), PathBuf::from("/elsewhere/c.txt")],
            compared: vec![a.clone(), b],
            corrections: BTreeMap::from([(
                a,
                Correction {
                    region: Some("某县".into()),
                    year: Some(2021),
                },
            )]),
            view: BTreeMap::from([("tab".into(), "Checklist".into())]),
            notes: BTreeMap::from([(
                format!(
                    "checklist\u{1f}{}\u{1f}存在的不足和原因",
                    dir.join("a.txt").display()
                ),
                "问一下县司法局".into(),
            )]),
        }
    }

    #[test]
    fn round_trips_with_paths_relative_to_the_workspace() {
        let dir = tempfile::tempdir().expect("dir");
        std::fs::create_dir_all(dir.path().join("sub")).expect("sub");
        std::fs::write(dir.path().join("a.txt"), "x").expect("a");
        std::fs::write(dir.path().join("sub/b.txt"), "x").expect("b");
        let ws = sample_workspace(dir.path());
        let file = dir.path().join("review.duibi");
        save(&file, &ws).expect("save");
        let text = std::fs::read_to_string(&file).expect("read");
        assert!(text.contains("\"sub/b.txt\"") && !text.contains(&*dir.path().to_string_lossy()));
        let loaded = load(&file).expect("load");
        assert_eq!(loaded.workspace, ws);
        assert_eq!(loaded.missing, vec![PathBuf::from("/elsewhere/c.txt")]);
    }

    #[test]
    fn a_moved_folder_is_relinked_by_name() {
        let old = tempfile::tempdir().expect("old");
        std::fs::create_dir_all(old.path().join("sub")).expect("sub");
        let ws = sample_workspace(old.path());
        // Saved elsewhere, with absolute paths into `old`; the files are then copied beside it.
        let new = tempfile::tempdir().expect("new");
        let file = new.path().join("review.duibi");
        save(&file, &ws).expect("save");
        std::fs::write(new.path().join("a.txt"), "x").expect("a");
        std::fs::write(new.path().join("b.txt"), "x").expect("b");
        let loaded = load(&file).expect("load");
        assert_eq!(loaded.relinked.len(), 2);
        assert_eq!(loaded.workspace.files[0], new.path().join("a.txt"));
        assert_eq!(loaded.workspace.compared[1], new.path().join("b.txt"));
        assert!(
            loaded
                .workspace
                .corrections
                .contains_key(&new.path().join("a.txt"))
        );
    }

    #[test]
    fn damaged_foreign_and_newer_files_are_clear_errors() {
        let dir = tempfile::tempdir().expect("dir");
        let cases: [(&str, &[u8]); 4] = [
            (
                "truncated.duibi",
                b"{\"duibi_workspace\": 1, \"files\": [\"a",
            ),
            ("other.duibi", b"{\"reports\": []}"),
            ("binary.duibi", &[0xff, 0xfe, 0x00, 0x01]),
            ("future.duibi", b"{\"duibi_workspace\": 9, \"files\": []}"),
        ];
        for (name, bytes) in cases {
            let path = dir.path().join(name);
            std::fs::write(&path, bytes).expect("write");
            let err = load(&path).expect_err(name).to_string();
            let want = if name == "future.duibi" {
                "newer duibi"
            } else {
                "not a duibi workspace"
            };
            assert!(err.contains(want), "{name}: {err}");
        }
        assert!(load(&dir.path().join("none.duibi")).is_err());
    }
}
