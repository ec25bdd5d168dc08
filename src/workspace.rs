//! Workspaces (`.duibi`): the set of reports a reviewer works on, the corrections made to their
//! region and year, which of them are compared, and where the reviewer was looking — saved as
//! versioned JSON so that the same set opens next week, on another machine too.
//!
//! Paths inside the workspace's own folder are stored relative to it, so a folder mailed with its
//! workspace opens as it was. A file that moved is looked for beside the workspace by name, then in
//! a folder the user names (`relink`). A workspace saved "with copies" carries the report files
//! themselves, so it can be mailed alone: a file not found on opening is restored from its copy.
//! Files are written atomically; a damaged or foreign file is an error, never a silent reset.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// The format written now; files of a later version are refused rather than half read.
pub const VERSION: u32 = 1;
/// A workspace larger than this is not one duibi wrote.
const MAX_BYTES: u64 = 256 << 20;
/// Report files embedded in one workspace, at most (base64 makes the file 4/3 of this).
pub const MAX_COPIES_BYTES: u64 = 150 << 20;

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
    /// Copies of the report files (base64), by file as in `files`: written by `embed_copies`,
    /// used on opening for the files that are not found.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub copies: BTreeMap<PathBuf, String>,
}

/// A note's key with the report files it names mapped by `f` (see `notes::map_key`).
pub fn map_note_key(key: &str, f: &mut dyn FnMut(&PathBuf) -> PathBuf) -> String {
    crate::notes::map_key(key, f)
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
    #[error("cannot put a copy of {path} in the workspace: {why}")]
    Copy { path: PathBuf, why: String },
}

/// What loading found: the workspace with every path made absolute, and the files that were
/// found again beside the workspace after they had moved (old path → new path).
#[derive(Debug)]
pub struct Loaded {
    pub workspace: Workspace,
    pub relinked: Vec<(PathBuf, PathBuf)>,
    /// Files not found that the workspace's copies restored (where they were → where they are now).
    pub restored: Vec<(PathBuf, PathBuf)>,
    pub missing: Vec<PathBuf>,
}

/// `ws` with a copy of every report file in it, so that the saved workspace travels alone. A file
/// that cannot be read, or more than `MAX_COPIES_BYTES` in all, is an error: a workspace that
/// claims to carry its reports must carry all of them.
pub fn embed_copies(ws: &Workspace) -> Result<Workspace, WorkspaceError> {
    use base64::Engine;
    let mut out = ws.clone();
    out.copies.clear();
    let mut total = 0u64;
    // A report read from a web address is fetched again from there, not carried.
    for file in ws.files.iter().filter(|f| !is_address(f)) {
        let copy_err = |why: String| WorkspaceError::Copy {
            path: file.clone(),
            why,
        };
        let bytes = std::fs::read(file).map_err(|e| copy_err(e.to_string()))?;
        total += bytes.len() as u64;
        if total > MAX_COPIES_BYTES {
            return Err(copy_err(format!(
                "the reports exceed {} MB together; save without copies",
                MAX_COPIES_BYTES >> 20
            )));
        }
        out.copies.insert(
            file.clone(),
            base64::engine::general_purpose::STANDARD.encode(bytes),
        );
    }
    Ok(out)
}

/// Where copies restored from the workspace `path` are written: a folder beside it named after it
/// ("review.duibi" → "review 副本 copies/"), or, if that cannot be made, one in the temp folder.
fn copies_folder(path: &Path) -> PathBuf {
    let stem = path.file_stem().unwrap_or_default().to_string_lossy();
    let beside = path
        .parent()
        .unwrap_or(Path::new(""))
        .join(format!("{stem} 副本 copies"));
    if std::fs::create_dir_all(&beside).is_ok() {
        return beside;
    }
    let temp = std::env::temp_dir().join(format!("duibi {stem} copies"));
    let _ = std::fs::create_dir_all(&temp);
    temp
}

/// Writes the copy `encoded` of `original` into `folder` (an existing file there with other bytes
/// is never overwritten: the copy gets a numbered name).
fn restore_copy(folder: &Path, original: &Path, encoded: &str) -> Option<PathBuf> {
    use base64::Engine;
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(encoded)
        .ok()?;
    let name = original.file_name()?;
    let mut target = folder.join(name);
    for n in 2.. {
        match std::fs::read(&target) {
            Ok(existing) if existing == bytes => return Some(target),
            Ok(_) => {
                let stem = Path::new(name).file_stem()?.to_string_lossy().into_owned();
                let ext = Path::new(name)
                    .extension()
                    .map(|e| format!(".{}", e.to_string_lossy()))
                    .unwrap_or_default();
                target = folder.join(format!("{stem} ({n}){ext}"));
            }
            Err(_) => break,
        }
    }
    crate::export::write_atomic(&target, &bytes).ok()?;
    Some(target)
}

/// The files of `missing` found by name in `folder` (old path → new path): the folder a user names
/// when a workspace's files moved somewhere duibi could not guess.
pub fn relink(missing: &[PathBuf], folder: &Path) -> Vec<(PathBuf, PathBuf)> {
    missing
        .iter()
        .filter(|old| !is_address(old))
        .filter_map(|old| {
            let new = folder.join(old.file_name()?);
            new.is_file().then(|| (old.clone(), new))
        })
        .collect()
}

fn is_address(path: &Path) -> bool {
    crate::ingest::web::is_address_path(path)
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
        copies: ws.copies.iter().map(|(p, c)| (rel(p), c.clone())).collect(),
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
    let mut restored = Vec::new();
    let mut missing = Vec::new();
    let mut folder: Option<PathBuf> = None;
    let mut resolve = |p: &PathBuf| -> PathBuf {
        // A web address is neither relative to the workspace nor ever "missing".
        if is_address(p) {
            return p.clone();
        }
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
        // Mailed alone: the workspace's own copy, written out beside it.
        if let Some(encoded) = stored.copies.get(p) {
            let folder = folder.get_or_insert_with(|| copies_folder(path));
            if let Some(copy) = restore_copy(folder, &full, encoded) {
                restored.push((full.clone(), copy.clone()));
                return copy;
            }
        }
        missing.push(full.clone());
        full
    };
    let files: Vec<PathBuf> = stored.files.iter().map(&mut resolve).collect();
    let map: BTreeMap<&PathBuf, &PathBuf> = stored.files.iter().zip(&files).collect();
    let same = |p: &PathBuf| -> PathBuf {
        map.get(p).map(|f| (*f).clone()).unwrap_or_else(|| {
            if p.is_absolute() || is_address(p) {
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
        copies: BTreeMap::new(),
    };
    Ok(Loaded {
        workspace,
        relinked,
        restored,
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
            copies: BTreeMap::new(),
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
    fn a_web_address_is_kept_as_typed_never_missing_nor_copied() {
        let dir = tempfile::tempdir().expect("dir");
        std::fs::write(dir.path().join("a.txt"), "x").expect("a");
        // A file of the address's name beside the workspace is not the report at the address.
        std::fs::write(dir.path().join("报告.html"), "x").expect("namesake");
        let address = PathBuf::from("http://www.example.gov.cn/art/2023/报告.html");
        let a = dir.path().join("a.txt");
        let ws = Workspace {
            duibi_workspace: VERSION,
            files: vec![address.clone(), a.clone()],
            compared: vec![address.clone(), a.clone()],
            corrections: BTreeMap::from([(
                address.clone(),
                Correction {
                    region: Some("某县".into()),
                    year: None,
                },
            )]),
            ..Workspace::default()
        };
        // With copies: the file is carried, the address is not (nor is it an error).
        let ws = embed_copies(&ws).expect("copies");
        assert_eq!(ws.copies.keys().collect::<Vec<_>>(), [&a]);
        let file = dir.path().join("review.duibi");
        save(&file, &ws).expect("save");
        let loaded = load(&file).expect("load");
        assert_eq!(loaded.workspace.files, [address.clone(), a]);
        assert_eq!(loaded.workspace.compared[0], address);
        assert!(loaded.workspace.corrections.contains_key(&address));
        assert!(loaded.missing.is_empty() && loaded.relinked.is_empty());
        assert!(relink(std::slice::from_ref(&address), dir.path()).is_empty());
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
    fn a_workspace_with_copies_opens_alone() {
        let home = tempfile::tempdir().expect("home");
        std::fs::write(home.path().join("a.txt"), "甲县报告").expect("a");
        std::fs::create_dir_all(home.path().join("sub")).expect("sub");
        std::fs::write(home.path().join("sub/b.txt"), "乙县报告").expect("b");
        let mut ws = sample_workspace(home.path());
        ws.files.pop();
        let ws = embed_copies(&ws).expect("embed");
        // Mailed: only the workspace file arrives, where a file of the same name already is.
        let away = tempfile::tempdir().expect("away");
        let file = away.path().join("review.duibi");
        save(&file, &ws).expect("save");
        drop(home);
        let copies = away.path().join("review 副本 copies");
        std::fs::create_dir_all(&copies).expect("copies");
        std::fs::write(copies.join("a.txt"), "别的文件").expect("clash");
        let loaded = load(&file).expect("load");
        assert!(loaded.missing.is_empty(), "{:?}", loaded.missing);
        assert_eq!(loaded.restored.len(), 2);
        let texts: Vec<String> = loaded
            .workspace
            .files
            .iter()
            .map(|f| std::fs::read_to_string(f).expect("restored"))
            .collect();
        assert_eq!(texts, ["甲县报告", "乙县报告"]);
        assert_eq!(loaded.workspace.files[0], copies.join("a (2).txt"));
        assert_eq!(
            std::fs::read_to_string(copies.join("a.txt")).unwrap(),
            "别的文件"
        );
        // Notes and corrections follow their file to where it was restored.
        assert!(
            loaded
                .workspace
                .corrections
                .contains_key(&copies.join("a (2).txt"))
        );
        // Opening again reuses the restored files instead of writing more.
        let again = load(&file).expect("again");
        assert_eq!(again.workspace.files, loaded.workspace.files);
    }

    #[test]
    fn a_missing_file_cannot_be_embedded() {
        let dir = tempfile::tempdir().expect("dir");
        let ws = sample_workspace(dir.path());
        let err = embed_copies(&ws)
            .expect_err("a.txt does not exist")
            .to_string();
        assert!(err.contains("a.txt"), "{err}");
    }

    #[test]
    fn relink_finds_moved_files_by_name_in_a_folder() {
        let dir = tempfile::tempdir().expect("dir");
        std::fs::write(dir.path().join("a.txt"), "x").expect("a");
        let missing = vec![PathBuf::from("/old/a.txt"), PathBuf::from("/old/c.txt")];
        assert_eq!(
            relink(&missing, dir.path()),
            vec![(PathBuf::from("/old/a.txt"), dir.path().join("a.txt"))]
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
