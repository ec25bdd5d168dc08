//! Analyses kept on disk: a file's bytes → its `Report`, so a file opened again is read from the
//! cache instead of being analyzed again (3,000 reports reopen in a fraction of a second).
//!
//! - **Key**: SHA-256 of the analysis version ([`ANALYSIS_VERSION`], and duibi's), the fingerprint of the
//!   embedded tables ([`crate::tables::fingerprint`], so tuning an asset invalidates), the file's
//!   name (the reader follows its extension and a report without a title is named after it) and
//!   the file's bytes. Where the file lies does not matter: a hit gets the path it was opened at.
//! - **Entries**: one plain file each, `analyses/<2 hex>/<64 hex>`, written to a temporary file
//!   beside it and renamed into place, so a reader never sees half an entry. An entry is a header
//!   (magic, key, payload length, CRC-32 of the payload) and the report as JSON; anything that
//!   does not check out (truncated, corrupt, another key's, another version's) is a miss and is
//!   analyzed again, then overwritten.
//! - **Not cached**: reports with `error` set (a reader's time or memory limit, a missing OCR
//!   engine: the next attempt may succeed).
//! - **Size**: at most [`DEFAULT_MAX_MB`] (`DUIBI_CACHE_MB` sets it). [`Cache::trim`] deletes the
//!   least recently used entries (a hit touches its entry's modification time) until the rest fit
//!   in three quarters of the bound; the CLI trims after a run that wrote entries, the app once
//!   its files are loaded.
//! - **Where**: `DUIBI_CACHE_DIR`, else `$XDG_CACHE_HOME/duibi`, else `~/.cache/duibi`
//!   (`~/Library/Caches/duibi` on macOS, `%LOCALAPPDATA%\duibi\cache` on Windows).
//!   `DUIBI_CACHE=0` turns it off, as `--no-cache` does for one command.

use std::fs::File;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use sha2::{Digest, Sha256};

use crate::model::Report;

/// Bump when the analysis changes what it produces for the same bytes (a stage's rules, the
/// `Report` fields), so entries of the older analysis are no longer read.
pub const ANALYSIS_VERSION: u32 = 1;

/// The default size bound of the cache, in megabytes (an analysis takes about three times its
/// text: 2 GB hold some 20,000 county reports).
pub const DEFAULT_MAX_MB: u64 = 2048;

const MAGIC: &[u8; 8] = b"duibiAN\x01";
const HEADER_LEN: usize = MAGIC.len() + 32 + 8 + 4;

/// An entry's identity: see the module docs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key([u8; 32]);

impl Key {
    /// The key of a file named `file_name` holding `bytes`.
    pub fn of(file_name: &[u8], bytes: &[u8]) -> Key {
        let mut h = Sha256::new();
        h.update(b"duibi analysis\0");
        h.update(ANALYSIS_VERSION.to_le_bytes());
        // A release invalidates even if nobody bumped the analysis version.
        h.update(env!("CARGO_PKG_VERSION").as_bytes());
        h.update(b"\0");
        h.update(crate::tables::fingerprint());
        h.update((file_name.len() as u64).to_le_bytes());
        h.update(file_name);
        h.update(bytes);
        Key(h.finalize().into())
    }

    pub fn hex(&self) -> String {
        use std::fmt::Write as _;
        self.0.iter().fold(String::with_capacity(64), |mut s, b| {
            // Writing to a String cannot fail.
            let _ = write!(s, "{b:02x}");
            s
        })
    }
}

/// Why an entry was not used.
#[derive(Debug, thiserror::Error)]
pub enum Miss {
    #[error("no entry")]
    Absent,
    #[error("cannot read the entry: {0}")]
    Io(#[from] std::io::Error),
    /// Truncated, damaged, or not an entry of this key and version.
    #[error("entry does not check out: {0}")]
    Invalid(&'static str),
    #[error("entry does not parse: {0}")]
    Json(#[from] serde_json::Error),
}

/// What [`Cache::trim`] did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Trimmed {
    pub kept: usize,
    pub removed: usize,
    pub bytes: u64,
}

/// A cache directory and its size bound.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cache {
    dir: PathBuf,
    max_bytes: u64,
}

impl Cache {
    /// A cache in `dir` (created on first write) with the default size bound.
    pub fn at(dir: impl Into<PathBuf>) -> Cache {
        Cache {
            dir: dir.into(),
            max_bytes: DEFAULT_MAX_MB * 1024 * 1024,
        }
    }

    pub fn with_max_bytes(mut self, max_bytes: u64) -> Cache {
        self.max_bytes = max_bytes;
        self
    }

    /// The cache the environment asks for (see the module docs); None when it is turned off or
    /// there is no home to put it in.
    pub fn from_env() -> Option<Cache> {
        if std::env::var("DUIBI_CACHE").is_ok_and(|v| is_off(&v)) {
            return None;
        }
        let dir = std::env::var_os("DUIBI_CACHE_DIR")
            .filter(|d| !d.is_empty())
            .map(PathBuf::from)
            .or_else(default_dir)?;
        let mut cache = Cache::at(dir);
        if let Some(mb) = std::env::var("DUIBI_CACHE_MB")
            .ok()
            .and_then(|v| v.trim().parse::<u64>().ok())
        {
            cache.max_bytes = mb.saturating_mul(1024 * 1024);
        }
        Some(cache)
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn entries(&self) -> PathBuf {
        self.dir.join("analyses")
    }

    fn path_of(&self, key: &Key) -> PathBuf {
        let hex = key.hex();
        self.entries().join(&hex[..2]).join(hex)
    }

    /// The report stored under `key`, checked; any doubt is a [`Miss`].
    pub fn read(&self, key: &Key) -> Result<Report, Miss> {
        let path = self.path_of(key);
        let mut file = match File::open(&path) {
            Ok(f) => f,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(Miss::Absent),
            Err(e) => return Err(e.into()),
        };
        let mut bytes = Vec::new();
        file.read_to_end(&mut bytes)?;
        let report = decode(key, &bytes)?;
        // Least recently used goes first when trimming: a hit makes its entry young again.
        let _ = file.set_modified(SystemTime::now());
        Ok(report)
    }

    pub fn get(&self, key: &Key) -> Option<Report> {
        self.read(key).ok()
    }

    /// Stores `report` under `key`, atomically (temporary file, then rename). Failed reports are
    /// not stored (see the module docs).
    pub fn put(&self, key: &Key, report: &Report) -> std::io::Result<()> {
        if report.error.is_some() {
            return Ok(());
        }
        let path = self.path_of(key);
        let dir = path.parent().unwrap_or(&self.dir);
        std::fs::create_dir_all(dir)?;
        let payload = serde_json::to_vec(report)?;
        let mut tmp = tempfile::Builder::new().prefix(".tmp-").tempfile_in(dir)?;
        tmp.write_all(&encode_header(key, &payload))?;
        tmp.write_all(&payload)?;
        tmp.persist(&path).map_err(|e| e.error)?;
        Ok(())
    }

    /// Deletes the least recently used entries until the rest fit in three quarters of the size
    /// bound (so that trimming is not needed again after every few files); stray temporary files
    /// older than an hour go too.
    pub fn trim(&self) -> std::io::Result<Trimmed> {
        let mut entries = Vec::new();
        let shards = match std::fs::read_dir(self.entries()) {
            Ok(s) => s,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Trimmed::default()),
            Err(e) => return Err(e),
        };
        let now = SystemTime::now();
        let mut removed = 0;
        for shard in shards.filter_map(Result::ok) {
            let Ok(files) = std::fs::read_dir(shard.path()) else {
                continue;
            };
            for file in files.filter_map(Result::ok) {
                let Ok(meta) = file.metadata() else { continue };
                let used = meta.modified().unwrap_or(SystemTime::UNIX_EPOCH);
                let stale = now.duration_since(used).is_ok_and(|d| d.as_secs() > 3600);
                if file.file_name().to_string_lossy().starts_with(".tmp-") {
                    if stale && std::fs::remove_file(file.path()).is_ok() {
                        removed += 1;
                    }
                    continue;
                }
                entries.push((used, meta.len(), file.path()));
            }
        }
        let mut total: u64 = entries.iter().map(|(_, len, _)| len).sum();
        if total > self.max_bytes {
            let goal = self.max_bytes / 4 * 3;
            // Oldest first; ties by path so the order is the same on every run.
            entries.sort();
            let mut drop = 0;
            for (_, len, path) in &entries {
                if total <= goal {
                    break;
                }
                if std::fs::remove_file(path).is_ok() {
                    total -= len;
                    removed += 1;
                }
                drop += 1;
            }
            entries.drain(..drop);
        }
        Ok(Trimmed {
            kept: entries.len(),
            removed,
            bytes: total,
        })
    }
}

fn is_off(value: &str) -> bool {
    matches!(
        value.trim().to_ascii_lowercase().as_str(),
        "0" | "off" | "no" | "false"
    )
}

/// The platform's cache folder for duibi (see the module docs).
fn default_dir() -> Option<PathBuf> {
    if cfg!(windows) {
        return std::env::var_os("LOCALAPPDATA")
            .map(|d| PathBuf::from(d).join("duibi").join("cache"));
    }
    let home = std::env::var_os("HOME")
        .filter(|h| !h.is_empty())
        .map(PathBuf::from);
    if cfg!(target_os = "macos") {
        return home.map(|h| h.join("Library/Caches/duibi"));
    }
    // XDG: a relative value is invalid and must be ignored.
    std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .filter(|d| d.is_absolute())
        .or_else(|| home.map(|h| h.join(".cache")))
        .map(|d| d.join("duibi"))
}

fn encode_header(key: &Key, payload: &[u8]) -> Vec<u8> {
    let mut header = Vec::with_capacity(HEADER_LEN);
    header.extend_from_slice(MAGIC);
    header.extend_from_slice(&key.0);
    header.extend_from_slice(&(payload.len() as u64).to_le_bytes());
    header.extend_from_slice(&crc32fast::hash(payload).to_le_bytes());
    header
}

fn decode(key: &Key, bytes: &[u8]) -> Result<Report, Miss> {
    let (header, payload) = bytes
        .split_at_checked(HEADER_LEN)
        .ok_or(Miss::Invalid("shorter than its header"))?;
    let (magic, rest) = header.split_at(MAGIC.len());
    if magic != MAGIC {
        return Err(Miss::Invalid("not a duibi analysis of this format"));
    }
    let (stored_key, rest) = rest.split_at(32);
    if stored_key != key.0 {
        return Err(Miss::Invalid("another file's entry"));
    }
    let (len, crc) = rest.split_at(8);
    let len = u64::from_le_bytes(len.try_into().map_err(|_| Miss::Invalid("header"))?);
    if len != payload.len() as u64 {
        return Err(Miss::Invalid("truncated or too long"));
    }
    let crc = u32::from_le_bytes(crc.try_into().map_err(|_| Miss::Invalid("header"))?);
    if crc != crc32fast::hash(payload) {
        return Err(Miss::Invalid("checksum differs"));
    }
    Ok(serde_json::from_slice(payload)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = include_str!("../samples/changzhou-xinbei-2019.txt");

    fn analyzed() -> Report {
        crate::pipeline::analyze_text("x.txt", SAMPLE)
    }

    fn cache() -> (tempfile::TempDir, Cache) {
        let dir = tempfile::tempdir().expect("temp dir");
        let cache = Cache::at(dir.path());
        (dir, cache)
    }

    #[test]
    fn a_stored_report_reads_back_equal() {
        let (_dir, cache) = cache();
        let key = Key::of(b"x.txt", SAMPLE.as_bytes());
        let report = analyzed();
        assert!(matches!(cache.read(&key), Err(Miss::Absent)));
        cache.put(&key, &report).expect("put");
        assert_eq!(cache.read(&key).expect("hit"), report);
    }

    #[test]
    fn the_key_follows_name_bytes_and_nothing_else() {
        let a = Key::of(b"a.txt", b"text");
        assert_eq!(a, Key::of(b"a.txt", b"text"));
        assert_ne!(a, Key::of(b"b.txt", b"text"));
        assert_ne!(a, Key::of(b"a.txt", b"text "));
        // The name's length is hashed, so name and bytes cannot trade characters.
        assert_ne!(Key::of(b"ab", b"c"), Key::of(b"a", b"bc"));
        assert_eq!(a.hex().len(), 64);
    }

    /// Every way an entry can go bad is a miss, never a wrong report.
    #[test]
    fn damaged_truncated_and_foreign_entries_are_misses() {
        let (_dir, cache) = cache();
        let key = Key::of(b"x.txt", SAMPLE.as_bytes());
        let other = Key::of(b"y.txt", SAMPLE.as_bytes());
        cache.put(&key, &analyzed()).expect("put");
        let path = cache.path_of(&key);
        let good = std::fs::read(&path).expect("entry");
        let mut flipped = good.clone();
        let last = flipped.len() - 10;
        flipped[last] ^= 0x01;
        let mut bad_magic = good.clone();
        bad_magic[0] = b'X';
        let cases: [(&str, Vec<u8>); 6] = [
            ("empty", Vec::new()),
            ("header only", good[..HEADER_LEN].to_vec()),
            ("truncated", good[..good.len() - 1].to_vec()),
            ("one bit flipped in the JSON", flipped),
            ("another magic", bad_magic),
            ("longer", [good.as_slice(), b"x"].concat()),
        ];
        for (what, bytes) in cases {
            std::fs::write(&path, &bytes).expect("write");
            assert!(
                matches!(cache.read(&key), Err(Miss::Invalid(_))),
                "{what}: {:?}",
                cache.read(&key).map(|r| r.title)
            );
        }
        // Another key's entry copied under this key's name.
        cache.put(&other, &analyzed()).expect("put");
        std::fs::copy(cache.path_of(&other), &path).expect("copy");
        assert!(matches!(cache.read(&key), Err(Miss::Invalid(_))));
        // A checksum that matches JSON that does not parse as a report.
        let junk = b"{\"not\":\"a report\"}";
        let forged = [encode_header(&key, junk).as_slice(), junk].concat();
        std::fs::write(&path, forged).expect("write");
        assert!(matches!(cache.read(&key), Err(Miss::Json(_))));
    }

    #[test]
    fn failed_reports_are_not_stored() {
        let (_dir, cache) = cache();
        let key = Key::of(b"x.pdf", b"%PDF-broken");
        cache
            .put(&key, &Report::failed("x.pdf", "reader timed out"))
            .expect("put");
        assert!(matches!(cache.read(&key), Err(Miss::Absent)));
    }

    #[test]
    fn trim_removes_the_least_recently_used_first() {
        let (_dir, cache) = cache();
        let report = analyzed();
        let keys: Vec<Key> = (0..4u8)
            .map(|i| Key::of(&[b'a' + i], SAMPLE.as_bytes()))
            .collect();
        let old = SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_000_000);
        for (i, key) in keys.iter().enumerate() {
            cache.put(key, &report).expect("put");
            let file = File::options()
                .write(true)
                .open(cache.path_of(key))
                .expect("open");
            file.set_modified(old + std::time::Duration::from_secs(i as u64))
                .expect("mtime");
        }
        // Reading the oldest makes it the youngest.
        cache.read(&keys[0]).expect("hit");
        let size = std::fs::metadata(cache.path_of(&keys[0]))
            .expect("meta")
            .len();
        // Room for three; trimming leaves three quarters of that: two.
        let trimmed = cache.clone().with_max_bytes(size * 3).trim().expect("trim");
        assert_eq!((trimmed.kept, trimmed.removed), (2, 2));
        let left: Vec<bool> = keys.iter().map(|k| cache.path_of(k).exists()).collect();
        assert_eq!(left, [true, false, false, true]);
        // Under the bound nothing goes.
        let again = cache.trim().expect("trim");
        assert_eq!((again.kept, again.removed), (2, 0));
    }

    /// Through the pipeline: a miss analyzes and stores, a hit gives the same report at the path
    /// the file is opened at now, and a damaged entry is analyzed again and replaced.
    #[test]
    fn cached_analysis_equals_the_analysis_wherever_the_file_lies() {
        let (_dir, cache) = cache();
        let files = tempfile::tempdir().expect("temp dir");
        let samples = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
        let mut names: Vec<_> = std::fs::read_dir(&samples)
            .expect("samples")
            .filter_map(Result::ok)
            .map(|e| e.file_name())
            .collect();
        names.sort();
        assert!(names.len() >= 3);
        for name in &names {
            let first = samples.join(name);
            let moved = files.path().join(name);
            std::fs::copy(&first, &moved).expect("copy");
            let plain = crate::pipeline::analyze_file(&moved);
            let miss = crate::pipeline::analyze_file_cached(&first, Some(&cache));
            let hit = crate::pipeline::analyze_file_cached(&moved, Some(&cache));
            assert_eq!(hit, plain, "{name:?}");
            assert_eq!(miss.source, first.to_string_lossy());
            assert_eq!(
                Report {
                    source: plain.source.clone(),
                    ..miss
                },
                plain
            );
        }
        // Damage every entry: each file is analyzed again, the same, and its entry repaired.
        let entries = cache.entries();
        let mut damaged = 0;
        for shard in std::fs::read_dir(&entries)
            .expect("shards")
            .filter_map(Result::ok)
        {
            for entry in std::fs::read_dir(shard.path())
                .expect("shard")
                .filter_map(Result::ok)
            {
                let mut bytes = std::fs::read(entry.path()).expect("entry");
                bytes.truncate(bytes.len() / 2);
                std::fs::write(entry.path(), bytes).expect("write");
                damaged += 1;
            }
        }
        assert_eq!(damaged, names.len());
        for name in &names {
            let path = files.path().join(name);
            let key = Key::of(
                name.as_encoded_bytes(),
                &std::fs::read(&path).expect("read"),
            );
            assert!(matches!(cache.read(&key), Err(Miss::Invalid(_))));
            let again = crate::pipeline::analyze_file_cached(&path, Some(&cache));
            assert_eq!(again, crate::pipeline::analyze_file(&path), "{name:?}");
            assert!(cache.read(&key).is_ok(), "{name:?}: entry rewritten");
        }
    }

    #[test]
    fn off_values() {
        for v in ["0", "off", "NO", " false "] {
            assert!(is_off(v), "{v}");
        }
        for v in ["1", "on", "", "/tmp/x"] {
            assert!(!is_off(v), "{v}");
        }
    }
}
