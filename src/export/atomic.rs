//! Bytes → a file, atomically: written to a temp file in the target's folder, synced, then renamed
//! over the target, so a reader sees the old file or the new one, never half of one. On any
//! failure the temp file is removed and the target is left as it was.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::ExportError;

pub fn write(path: &Path, bytes: &[u8]) -> Result<(), ExportError> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if !dir.is_dir() {
        return Err(ExportError::NoSuchFolder(dir));
    }
    if path.is_dir() {
        return Err(ExportError::IsAFolder(path.to_path_buf()));
    }
    let mut tmp = tempfile::Builder::new()
        .prefix(".duibi-export-")
        .suffix(".tmp")
        .tempfile_in(&dir)
        .map_err(|e| ExportError::io(path, e))?;
    tmp.write_all(bytes).map_err(|e| ExportError::io(path, e))?;
    tmp.as_file()
        .sync_all()
        .map_err(|e| ExportError::io(path, e))?;
    set_readable(&tmp, path);
    tmp.persist(path)
        .map_err(|e| ExportError::io(path, e.error))?;
    Ok(())
}

/// Temp files are created private (0600); an export is an ordinary document, so give it the
/// permissions of the file it replaces, or rw-r--r--.
#[cfg(unix)]
fn set_readable(tmp: &tempfile::NamedTempFile, path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    let perms = std::fs::metadata(path)
        .map(|m| m.permissions())
        .unwrap_or_else(|_| std::fs::Permissions::from_mode(0o644));
    // Best effort: a file that stays 0600 is still a correct export.
    let _ = tmp.as_file().set_permissions(perms);
}

#[cfg(not(unix))]
fn set_readable(_tmp: &tempfile::NamedTempFile, _path: &Path) {}

/// Whether two paths name the same file (after resolving `.`/`..`/symlinks when they exist).
pub fn same_file(a: &Path, b: &Path) -> bool {
    if a.as_os_str().is_empty() {
        return false;
    }
    match (resolve(a), resolve(b)) {
        (Some(x), Some(y)) => x == y,
        _ => a == b,
    }
}

/// The canonical path of `p`, or of its folder joined with its name when `p` does not exist yet.
fn resolve(p: &Path) -> Option<PathBuf> {
    if let Ok(c) = p.canonicalize() {
        return Some(c);
    }
    let name = p.file_name()?;
    let parent = match p.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    Some(parent.canonicalize().ok()?.join(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_the_target_and_leaves_no_temp_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("out.json");
        std::fs::write(&path, "old").expect("seed");
        write(&path, b"new").expect("written");
        assert_eq!(std::fs::read_to_string(&path).expect("read"), "new");
        assert_eq!(std::fs::read_dir(dir.path()).expect("list").count(), 1);
    }

    #[test]
    fn a_missing_folder_is_reported_and_nothing_is_written() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("no-such-folder").join("out.html");
        let err = write(&path, b"x").expect_err("must fail");
        assert!(matches!(err, ExportError::NoSuchFolder(_)), "{err}");
        assert!(err.to_string().contains("no-such-folder"));
        assert!(!path.exists());
    }

    #[test]
    fn a_folder_as_target_is_refused() {
        let dir = tempfile::tempdir().expect("tempdir");
        let err = write(dir.path(), b"x").expect_err("must fail");
        assert!(matches!(err, ExportError::IsAFolder(_)), "{err}");
    }

    #[cfg(unix)]
    #[test]
    fn a_read_only_folder_fails_cleanly() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().expect("tempdir");
        let ro = dir.path().join("ro");
        std::fs::create_dir(&ro).expect("mkdir");
        std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o555)).expect("chmod");
        let path = ro.join("out.csv");
        let result = write(&path, b"x");
        // root ignores folder permissions; the check only means something for other users.
        let writable = std::fs::File::create(ro.join("probe")).is_ok();
        if !writable {
            let err = result.expect_err("must fail");
            assert!(matches!(err, ExportError::PermissionDenied { .. }), "{err}");
            assert!(err.to_string().contains("permission denied"));
            assert_eq!(std::fs::read_dir(&ro).expect("list").count(), 0);
        }
        std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o755)).expect("chmod back");
    }

    #[test]
    fn same_file_sees_through_dot_segments() {
        let dir = tempfile::tempdir().expect("tempdir");
        let f = dir.path().join("a.txt");
        std::fs::write(&f, "x").expect("seed");
        assert!(same_file(&f, &dir.path().join(".").join("a.txt")));
        assert!(!same_file(&f, &dir.path().join("b.txt")));
        assert!(!same_file(Path::new(""), &f));
    }
}
