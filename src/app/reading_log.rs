//! The files being read right now, kept in a small file beside eframe's storage, so that a run that
//! ends while reading one (the process killed, a reader bug that takes the app down) is known at
//! the next start: that file is not reopened, and the user is told why.
//!
//! eframe writes its own storage every 30 s and on a clean exit, which a crash never reaches; this
//! log is written before each batch of reads starts and after reads finish.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The file name of the log in eframe's storage folder.
pub const FILE_NAME: &str = "reading.json";

#[derive(Debug, Default)]
pub struct ReadingLog {
    /// Where the log lives; `None` keeps it in memory only (tests, no storage folder).
    file: Option<PathBuf>,
    reading: BTreeSet<PathBuf>,
    dirty: bool,
}

impl ReadingLog {
    pub fn at(file: Option<PathBuf>) -> Self {
        ReadingLog {
            file,
            ..ReadingLog::default()
        }
    }

    /// The files a previous run was reading when it ended. The log starts empty for this run.
    pub fn take_interrupted(&mut self) -> Vec<PathBuf> {
        let Some(file) = &self.file else {
            return Vec::new();
        };
        let found: Vec<PathBuf> = std::fs::read(file)
            .ok()
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .unwrap_or_default();
        if !found.is_empty() {
            self.dirty = true;
            self.flush();
        }
        found
    }

    pub fn start(&mut self, path: &Path) {
        self.dirty |= self.reading.insert(path.to_path_buf());
    }

    pub fn finish(&mut self, path: &Path) {
        self.dirty |= self.reading.remove(path);
    }

    /// Forgets every read in progress, on disk too: the app is closing normally, so nothing it
    /// was reading ended it, and the next start may read those files again.
    pub fn clear(&mut self) {
        self.dirty |= !self.reading.is_empty();
        self.reading.clear();
        self.flush();
    }

    /// Writes the log if it changed: the whole list to a temp file, renamed over the old one, or
    /// no file at all when nothing is being read. A failure only costs the protection.
    pub fn flush(&mut self) {
        let Some(file) = self.file.as_ref().filter(|_| self.dirty) else {
            return;
        };
        self.dirty = false;
        if self.reading.is_empty() {
            let _ = std::fs::remove_file(file);
            return;
        }
        let Ok(json) = serde_json::to_vec(&self.reading) else {
            return;
        };
        let temp = file.with_extension("json.tmp");
        if let Some(dir) = file.parent() {
            let _ = std::fs::create_dir_all(dir);
        }
        if std::fs::write(&temp, json).is_ok() {
            let _ = std::fs::rename(&temp, file);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_still_being_read_are_found_by_the_next_run() {
        let dir = tempfile::tempdir().expect("temp dir");
        let file = dir.path().join(FILE_NAME);
        let mut log = ReadingLog::at(Some(file.clone()));
        log.start(Path::new("/r/a.pdf"));
        log.start(Path::new("/r/b.pdf"));
        log.flush();
        log.finish(Path::new("/r/a.pdf"));
        log.flush();
        // The run ends here without finishing b.pdf.
        let mut next = ReadingLog::at(Some(file.clone()));
        assert_eq!(next.take_interrupted(), [PathBuf::from("/r/b.pdf")]);
        assert!(!file.exists(), "the next run starts with an empty log");
        assert!(
            ReadingLog::at(Some(file.clone()))
                .take_interrupted()
                .is_empty()
        );

        // Closing normally mid-read is not a crash.
        let mut log = ReadingLog::at(Some(file.clone()));
        log.start(Path::new("/r/c.pdf"));
        log.flush();
        assert!(file.exists());
        log.clear();
        assert!(!file.exists());
    }

    #[test]
    fn a_damaged_log_is_an_empty_one() {
        let dir = tempfile::tempdir().expect("temp dir");
        let file = dir.path().join(FILE_NAME);
        std::fs::write(&file, b"{not json").expect("write");
        assert!(
            ReadingLog::at(Some(file.clone()))
                .take_interrupted()
                .is_empty()
        );

        // Closing normally mid-read is not a crash.
        let mut log = ReadingLog::at(Some(file.clone()));
        log.start(Path::new("/r/c.pdf"));
        log.flush();
        assert!(file.exists());
        log.clear();
        assert!(!file.exists());
    }
}
