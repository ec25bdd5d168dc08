//! Isolated reading: a path (or bytes) → [`Document`], with the parsing of PDF, docx and HTML in
//! a child process of the same binary, so that a hostile file can cost that file and nothing else.
//!
//! Input: the file's bytes, read and checked here (a regular file, under the size cap). Output: the
//! child's `Document` or its error, or, when the child dies, an error saying how: out of memory,
//! over time, or crashed (stack overflow, abort, segfault). Parsers bound what they can see coming
//! (bombs, nesting); the child's limits catch what they cannot: a library's recursion, an
//! allocation of gigabytes, a loop that never ends. Plain text stays in process: its reader is ours
//! and linear.
//!
//! The child is `duibi __read-worker`, reading requests from stdin and answering on stdout (see
//! [`serve`]). At start it limits its own address space (`RLIMIT_AS`) and CPU time
//! (`RLIMIT_CPU`, renewed per file); the parent kills it after the wall-clock limit. Workers are
//! reused across files and replaced when they die; as many run as threads ask for one (rayon's pool:
//! one per core).
//!
//! Configuration, for the binaries and for tests:
//! - [`set_worker_exe`]: the binary to run as the worker. The duibi binary sets itself; without
//!   one (a library user, an integration test's own binary), or on non-Unix systems, reading runs
//!   in process. `DUIBI_WORKER=/path/to/duibi` sets it from the environment.
//! - `DUIBI_ISOLATE=0` reads in process even so (to measure what isolation costs).
//! - `DUIBI_READ_MEM_MB` (default 1024) and `DUIBI_READ_SECONDS` (default 30): the limits.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use super::{Document, Format, IngestError};

/// The hidden subcommand that runs [`serve`].
pub const WORKER_COMMAND: &str = "__read-worker";

const DEFAULT_MEMORY_MB: u64 = 1024;
const DEFAULT_SECONDS: u64 = 30;

/// What one reader process may use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Address space, in MiB (`RLIMIT_AS`).
    pub memory_mb: u64,
    /// CPU time per file (`RLIMIT_CPU`) and wall-clock time per file (the parent kills after it).
    pub seconds: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            memory_mb: DEFAULT_MEMORY_MB,
            seconds: DEFAULT_SECONDS,
        }
    }
}

impl Limits {
    /// The defaults, overridden by `DUIBI_READ_MEM_MB` and `DUIBI_READ_SECONDS` when they hold a
    /// positive whole number.
    pub fn from_env() -> Limits {
        let var = |name: &str| {
            std::env::var(name)
                .ok()
                .and_then(|v| v.trim().parse::<u64>().ok())
                .filter(|v| *v > 0)
        };
        let default = Limits::default();
        Limits {
            memory_mb: var("DUIBI_READ_MEM_MB").unwrap_or(default.memory_mb),
            seconds: var("DUIBI_READ_SECONDS").unwrap_or(default.seconds),
        }
    }

    /// "1 GB" or "256 MB", as error messages say it.
    fn memory_text(self) -> String {
        if self.memory_mb >= 1024 && self.memory_mb.is_multiple_of(1024) {
            format!("{} GB", self.memory_mb / 1024)
        } else {
            format!("{} MB", self.memory_mb)
        }
    }
}

static WORKER_EXE: Mutex<Option<PathBuf>> = Mutex::new(None);

/// The binary to start as `WORKER_COMMAND`; `None` reads in process (unless `DUIBI_WORKER` names
/// one).
pub fn set_worker_exe(exe: Option<PathBuf>) {
    if let Ok(mut slot) = WORKER_EXE.lock() {
        *slot = exe;
    }
}

/// The worker binary to use now, if reading is to be isolated.
fn worker_exe() -> Option<PathBuf> {
    if !cfg!(unix) || std::env::var_os("DUIBI_ISOLATE").is_some_and(|v| v == "0") {
        return None;
    }
    let configured = WORKER_EXE.lock().ok().and_then(|slot| slot.clone());
    configured.or_else(|| std::env::var_os("DUIBI_WORKER").map(PathBuf::from))
}

/// Read and convert one file; PDF, docx and HTML are parsed in a worker process when one is set.
pub fn read(path: &Path) -> Result<Document, IngestError> {
    let bytes = super::load(path)?;
    read_bytes(path, &bytes)
}

/// The same for bytes already in memory; `path` only lends its extension.
pub fn read_bytes(path: &Path, bytes: &[u8]) -> Result<Document, IngestError> {
    let format = super::format_of(path, bytes)?;
    if format == Format::Txt {
        return super::read_as(format, bytes);
    }
    // OCR runs here, not in the worker: it takes minutes where reading takes seconds, and each
    // page's tesseract process has its own time limit (see [`super::ocr`]).
    let read = match worker_exe() {
        #[cfg(unix)]
        Some(exe) => unix::read(&exe, Limits::from_env(), format, bytes),
        _ => super::read_as(format, bytes),
    };
    super::ocr::if_scanned(bytes, read)
}

/// The worker's loop: apply `limits` to this process, then answer requests until stdin closes.
pub fn serve(limits: Limits) -> std::io::Result<()> {
    // lopdf parses on rayon's pool. One file at a time needs one thread, and its stack is mapped
    // now, before the address-space limit, so a tight limit cannot fail the pool's start (a panic
    // that would read as a damaged file).
    let _ = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .thread_name(|_| "duibi-reader".into())
        .build_global();
    #[cfg(unix)]
    unix::limit_self(limits)?;
    let mut input = std::io::stdin().lock();
    let mut output = std::io::BufWriter::new(std::io::stdout().lock());
    while let Some((format, bytes)) = protocol::read_request(&mut input)? {
        #[cfg(unix)]
        unix::renew_cpu_limit(limits)?;
        let reply = std::panic::catch_unwind(|| super::read_as(format, &bytes))
            .map_err(|panic| IngestError::ReaderCrashed {
                reader: format.reader_name(),
                cause: format!("panic: {}", panic_text(panic.as_ref())),
            })
            .and_then(|result| result)
            .map_err(|err| err.to_string());
        drop(bytes);
        protocol::write_reply(&mut output, &reply)?;
    }
    Ok(())
}

fn panic_text(panic: &(dyn std::any::Any + Send)) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".to_owned())
}

/// Frames on the worker's pipes. A request is the format (one byte) and the file's bytes (u64
/// length, little-endian, then the bytes); a reply is a u32 length and that many bytes of JSON,
/// `{"Ok": Document}` or `{"Err": message}`. The file travels as bytes so the child never opens a
/// path (nothing it could block on) and dropped bytes take the same road as files. Public for the
/// fuzz target `worker_frames`: whatever a dying worker leaves on the pipe, the parent must only
/// ever get an error from it.
pub mod protocol {
    use std::io::{self, Read, Write};

    use super::super::{Document, Format, MAX_FILE_BYTES};

    pub type Reply = Result<Document, String>;

    /// Replies are text the reader produced from at most 50 MB; more means the stream is not ours.
    const MAX_REPLY_BYTES: u32 = 1 << 30;

    fn code(format: Format) -> u8 {
        match format {
            Format::Txt => 0,
            Format::Html => 1,
            Format::Docx => 2,
            Format::Pdf => 3,
            Format::Doc => 4,
            Format::Ofd => 5,
        }
    }

    fn format_of(code: u8) -> Option<Format> {
        [
            Format::Txt,
            Format::Html,
            Format::Docx,
            Format::Pdf,
            Format::Doc,
            Format::Ofd,
        ]
        .into_iter()
        .find(|f| self::code(*f) == code)
    }

    fn invalid(what: &str) -> io::Error {
        io::Error::new(io::ErrorKind::InvalidData, what.to_owned())
    }

    pub fn write_request(out: &mut impl Write, format: Format, bytes: &[u8]) -> io::Result<()> {
        let len = u64::try_from(bytes.len()).map_err(|_| invalid("request too long"))?;
        out.write_all(&[code(format)])?;
        out.write_all(&len.to_le_bytes())?;
        out.write_all(bytes)?;
        out.flush()
    }

    /// The next request, or `None` when the parent closed the pipe between requests.
    pub fn read_request(input: &mut impl Read) -> io::Result<Option<(Format, Vec<u8>)>> {
        let mut tag = [0u8; 1];
        if input.read(&mut tag)? == 0 {
            return Ok(None);
        }
        let format = format_of(tag[0]).ok_or_else(|| invalid("unknown format code"))?;
        let mut len = [0u8; 8];
        input.read_exact(&mut len)?;
        let len = u64::from_le_bytes(len);
        if len > MAX_FILE_BYTES {
            return Err(invalid("request larger than the file size cap"));
        }
        let mut bytes = Vec::new();
        input.take(len).read_to_end(&mut bytes)?;
        if u64::try_from(bytes.len()).ok() != Some(len) {
            return Err(io::ErrorKind::UnexpectedEof.into());
        }
        Ok(Some((format, bytes)))
    }

    pub fn write_reply(out: &mut impl Write, reply: &Reply) -> io::Result<()> {
        let json = serde_json::to_vec(reply).map_err(io::Error::other)?;
        let len = u32::try_from(json.len())
            .ok()
            .filter(|len| *len <= MAX_REPLY_BYTES)
            .ok_or_else(|| invalid("reply too long"))?;
        out.write_all(&len.to_le_bytes())?;
        out.write_all(&json)?;
        out.flush()
    }

    pub fn read_reply(input: &mut impl Read) -> io::Result<Reply> {
        let mut len = [0u8; 4];
        input.read_exact(&mut len)?;
        let len = u32::from_le_bytes(len);
        if len > MAX_REPLY_BYTES {
            return Err(invalid("reply too long"));
        }
        let mut json = Vec::new();
        input.take(u64::from(len)).read_to_end(&mut json)?;
        if json.len() != usize::try_from(len).unwrap_or(usize::MAX) {
            return Err(io::ErrorKind::UnexpectedEof.into());
        }
        serde_json::from_slice(&json).map_err(io::Error::other)
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn requests_and_replies_round_trip() {
            let mut wire = Vec::new();
            write_request(&mut wire, Format::Pdf, b"%PDF-1.7 x").expect("write");
            write_request(&mut wire, Format::Html, b"").expect("write");
            let mut input = wire.as_slice();
            let first = read_request(&mut input).expect("read");
            assert_eq!(first, Some((Format::Pdf, b"%PDF-1.7 x".to_vec())));
            let second = read_request(&mut input).expect("read");
            assert_eq!(second, Some((Format::Html, Vec::new())));
            assert_eq!(read_request(&mut input).expect("end"), None);

            let mut wire = Vec::new();
            let doc = Document {
                text: "一、总体情况\n执法\t2件".into(),
                format: Format::Docx,
                warnings: vec!["text truncated".into()],
                ocr: None,
            };
            write_reply(&mut wire, &Ok(doc)).expect("write");
            write_reply(&mut wire, &Err("damaged PDF: x".into())).expect("write");
            let mut input = wire.as_slice();
            let back = read_reply(&mut input).expect("read").expect("ok");
            assert_eq!(back.text, "一、总体情况\n执法\t2件");
            assert_eq!(back.format, Format::Docx);
            assert_eq!(back.warnings, ["text truncated"]);
            assert_eq!(
                read_reply(&mut input).expect("read").expect_err("err"),
                "damaged PDF: x"
            );
        }

        #[test]
        fn a_truncated_reply_is_an_error_not_a_document() {
            let mut wire = Vec::new();
            write_reply(&mut wire, &Err("x".into())).expect("write");
            wire.truncate(wire.len() - 1);
            assert!(read_reply(&mut wire.as_slice()).is_err());
            assert!(read_reply(&mut &[0xff, 0xff, 0xff, 0xff][..]).is_err());
        }
    }
}

#[cfg(unix)]
mod unix {
    use std::io::{self, BufReader, Read};
    use std::os::unix::process::ExitStatusExt;
    use std::path::{Path, PathBuf};
    use std::process::{Child, ChildStdin, ChildStdout, Command, ExitStatus, Stdio};
    use std::sync::mpsc::{RecvTimeoutError, channel};
    use std::sync::{Arc, Mutex};
    use std::thread::JoinHandle;
    use std::time::Duration;

    use super::super::{Document, Format, IngestError};
    use super::{Limits, WORKER_COMMAND, protocol};

    /// How much of a dead worker's stderr is kept to tell why it died.
    const STDERR_TAIL: usize = 8 * 1024;

    /// Idle workers, ready for the next file.
    static IDLE: Mutex<Vec<Worker>> = Mutex::new(Vec::new());

    struct Worker {
        /// Shared with the watchdog, which kills it when a file takes too long.
        child: Arc<Mutex<Child>>,
        stdin: ChildStdin,
        stdout: BufReader<ChildStdout>,
        /// Collects the tail of stderr; joined once the child is dead.
        stderr: Option<JoinHandle<Vec<u8>>>,
        exe: PathBuf,
        limits: Limits,
        /// The watchdog killed it during the last exchange.
        timed_out: bool,
    }

    /// Why an exchange with a worker failed.
    enum Fault {
        /// The request could not be written: the worker was already gone.
        Send(io::Error),
        /// No complete reply came back.
        Receive(io::Error),
    }

    pub(super) fn read(
        exe: &Path,
        limits: Limits,
        format: Format,
        bytes: &[u8],
    ) -> Result<Document, IngestError> {
        // A worker from the pool may have died idle (killed from outside); that is not this file's
        // fault, so a request it never took is retried once on a fresh worker.
        for may_reuse in [true, false] {
            let idle = may_reuse.then(|| take_idle(exe, limits)).flatten();
            let reused = idle.is_some();
            let mut worker = match idle {
                Some(worker) => worker,
                None => Worker::spawn(exe, limits)
                    .map_err(|err| IngestError::ReaderUnavailable(err.to_string()))?,
            };
            match worker.exchange(format, bytes) {
                Ok(reply) => {
                    // Killed just as its reply came: the reply stands, the worker does not.
                    if !worker.timed_out {
                        give_back(worker);
                    }
                    return reply.map_err(IngestError::Reported);
                }
                Err(Fault::Send(_)) if reused => continue,
                Err(Fault::Send(err) | Fault::Receive(err)) => {
                    return Err(worker.verdict(format, &err));
                }
            }
        }
        Err(IngestError::ReaderUnavailable(
            "the reader process did not take the file".into(),
        ))
    }

    fn take_idle(exe: &Path, limits: Limits) -> Option<Worker> {
        let mut idle = IDLE.lock().ok()?;
        // Workers started with another binary or other limits (tests change both) are retired.
        idle.retain(|w| w.exe == exe && w.limits == limits);
        idle.pop()
    }

    fn give_back(worker: Worker) {
        let most = std::thread::available_parallelism().map_or(2, usize::from);
        if let Ok(mut idle) = IDLE.lock()
            && idle.len() < most
        {
            idle.push(worker);
        }
    }

    impl Worker {
        fn spawn(exe: &Path, limits: Limits) -> io::Result<Worker> {
            let mut child = Command::new(exe)
                .arg(WORKER_COMMAND)
                .arg("--memory-mb")
                .arg(limits.memory_mb.to_string())
                .arg("--seconds")
                .arg(limits.seconds.to_string())
                // mimalloc reserves address space 1 GiB at a time, which alone would use up a
                // 1 GiB RLIMIT_AS; in small steps the limit counts what the reader really uses.
                .env("MIMALLOC_ARENA_RESERVE", "32MiB")
                .stdin(Stdio::piped())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()?;
            let (Some(stdin), Some(stdout), Some(stderr)) =
                (child.stdin.take(), child.stdout.take(), child.stderr.take())
            else {
                let _ = child.kill();
                let _ = child.wait();
                return Err(io::Error::other("the reader process has no pipes"));
            };
            let stderr = std::thread::Builder::new()
                .name("duibi-reader-stderr".into())
                .spawn(move || tail_of(stderr))?;
            Ok(Worker {
                child: Arc::new(Mutex::new(child)),
                stdin,
                stdout: BufReader::new(stdout),
                stderr: Some(stderr),
                exe: exe.to_path_buf(),
                limits,
                timed_out: false,
            })
        }

        /// Sends one file and waits for its reply, killing the worker if the wall-clock limit
        /// passes first (the read then ends with the pipe closing).
        fn exchange(&mut self, format: Format, bytes: &[u8]) -> Result<protocol::Reply, Fault> {
            let (done, wait) = channel::<()>();
            let child = Arc::clone(&self.child);
            let wall = Duration::from_secs(self.limits.seconds);
            let watchdog = std::thread::Builder::new()
                .name("duibi-reader-watchdog".into())
                .spawn(move || {
                    let expired = wait.recv_timeout(wall) == Err(RecvTimeoutError::Timeout);
                    if expired && let Ok(mut child) = child.lock() {
                        let _ = child.kill();
                    }
                    expired
                })
                .map_err(Fault::Send)?;
            let result = protocol::write_request(&mut self.stdin, format, bytes)
                .map_err(Fault::Send)
                .and_then(|()| protocol::read_reply(&mut self.stdout).map_err(Fault::Receive));
            drop(done);
            let expired = watchdog.join().unwrap_or(false);
            self.timed_out = expired;
            result
        }

        /// Why the worker stopped answering, in words for the user. Waits for it to be gone.
        fn verdict(&mut self, format: Format, err: &io::Error) -> IngestError {
            let reader = format.reader_name();
            let status = self.child.lock().ok().and_then(|mut child| {
                // A child that is still alive (it sent a malformed reply) is put down first.
                if matches!(child.try_wait(), Ok(None)) {
                    let _ = child.kill();
                }
                child.wait().ok()
            });
            let stderr = self
                .stderr
                .take()
                .and_then(|thread| thread.join().ok())
                .unwrap_or_default();
            let cause = Death::of(self.timed_out, status, &String::from_utf8_lossy(&stderr));
            match cause {
                Death::OutOfMemory => IngestError::ReaderOutOfMemory {
                    reader,
                    limit: self.limits.memory_text(),
                },
                Death::OverTime => IngestError::ReaderTimedOut {
                    reader,
                    seconds: self.limits.seconds,
                },
                Death::Crashed(cause) => IngestError::ReaderCrashed { reader, cause },
                Death::Alive => IngestError::ReaderCrashed {
                    reader,
                    cause: format!("bad reply: {err}"),
                },
            }
        }
    }

    impl Drop for Worker {
        fn drop(&mut self) {
            // Never leave a zombie or an orphan behind: idle workers exit when stdin closes, but a
            // worker dropped mid-file (its caller panicked) might still be parsing.
            if let Ok(mut child) = self.child.lock()
                && matches!(child.try_wait(), Ok(None))
            {
                let _ = child.kill();
                let _ = child.wait();
            }
        }
    }

    /// How a worker ended, from the watchdog's flag, its exit status and the last of its stderr.
    #[derive(Debug, PartialEq)]
    enum Death {
        OutOfMemory,
        OverTime,
        Crashed(String),
        /// It exited normally or is unaccounted for: the reply itself was wrong.
        Alive,
    }

    impl Death {
        fn of(timed_out: bool, status: Option<ExitStatus>, stderr: &str) -> Death {
            // Rust's allocation-failure handler prints this before it aborts; under RLIMIT_AS
            // that is how running out of memory looks.
            if stderr.contains("memory allocation of") {
                return Death::OutOfMemory;
            }
            if stderr.contains("has overflowed its stack") {
                return Death::Crashed("stack overflow".into());
            }
            if timed_out {
                return Death::OverTime;
            }
            let Some(status) = status else {
                return Death::Crashed("it could not be waited for".into());
            };
            match status.signal() {
                Some(libc::SIGXCPU) => Death::OverTime,
                Some(libc::SIGSEGV) => Death::Crashed("segmentation fault".into()),
                Some(libc::SIGABRT) => Death::Crashed("aborted".into()),
                Some(libc::SIGBUS) => Death::Crashed("bus error".into()),
                // Nobody here sends it: the system's out-of-memory killer is the usual sender.
                Some(libc::SIGKILL) => Death::Crashed("killed by the system".into()),
                Some(signal) => Death::Crashed(format!("signal {signal}")),
                None => match status.code() {
                    Some(0) | None => Death::Alive,
                    Some(code) => Death::Crashed(format!("exit status {code}")),
                },
            }
        }
    }

    /// Everything the child writes to stderr, keeping the last `STDERR_TAIL` bytes.
    fn tail_of(mut stderr: impl Read) -> Vec<u8> {
        let mut tail = Vec::new();
        let mut chunk = [0u8; 4096];
        while let Ok(n) = stderr.read(&mut chunk) {
            let Some(read) = chunk.get(..n).filter(|r| !r.is_empty()) else {
                break;
            };
            tail.extend_from_slice(read);
            let excess = tail.len().saturating_sub(STDERR_TAIL);
            tail.drain(..excess);
        }
        tail
    }

    // `rlim_t` is u64 on Linux but not on every Unix.
    #[allow(clippy::unnecessary_cast)]
    fn set_limit(resource: Resource, soft: u64, hard: u64) -> io::Result<()> {
        let limit = libc::rlimit {
            rlim_cur: soft as libc::rlim_t,
            rlim_max: hard as libc::rlim_t,
        };
        // SAFETY: setrlimit reads the struct we pass and touches nothing else.
        if unsafe { libc::setrlimit(resource, &limit) } == 0 {
            Ok(())
        } else {
            Err(io::Error::last_os_error())
        }
    }

    // `rlim_t` is u64 on Linux but not on every Unix.
    #[allow(clippy::unnecessary_cast)]
    fn get_limit(resource: Resource) -> io::Result<(u64, u64)> {
        let mut limit = libc::rlimit {
            rlim_cur: 0,
            rlim_max: 0,
        };
        // SAFETY: getrlimit writes into the struct we own.
        if unsafe { libc::getrlimit(resource, &mut limit) } == 0 {
            Ok((limit.rlim_cur as u64, limit.rlim_max as u64))
        } else {
            Err(io::Error::last_os_error())
        }
    }

    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    type Resource = libc::__rlimit_resource_t;
    #[cfg(not(all(target_os = "linux", target_env = "gnu")))]
    type Resource = libc::c_int;

    /// The worker's own limits, set once at start: address space, and no core files (a crash is
    /// expected here and reported; a core dump of a gigabyte would only cost time and disk).
    pub(super) fn limit_self(limits: Limits) -> io::Result<()> {
        let bytes = limits.memory_mb.saturating_mul(1024 * 1024);
        let (_, hard) = get_limit(libc::RLIMIT_AS as Resource)?;
        set_limit(
            libc::RLIMIT_AS as Resource,
            bytes.min(hard),
            bytes.min(hard),
        )?;
        set_limit(libc::RLIMIT_CORE as Resource, 0, 0)?;
        renew_cpu_limit(limits)
    }

    /// `RLIMIT_CPU` counts the whole process, and a worker reads many files: before each file the
    /// soft limit moves to the time used so far plus one file's allowance. The hard limit stays,
    /// so SIGXCPU (not SIGKILL) is what ends an overrun.
    pub(super) fn renew_cpu_limit(limits: Limits) -> io::Result<()> {
        let used = cpu_seconds_used()?;
        let (_, hard) = get_limit(libc::RLIMIT_CPU as Resource)?;
        let soft = used.saturating_add(limits.seconds).min(hard);
        set_limit(libc::RLIMIT_CPU as Resource, soft, hard)
    }

    fn cpu_seconds_used() -> io::Result<u64> {
        // SAFETY: an all-zero rusage is a valid value of this plain C struct.
        let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
        // SAFETY: getrusage writes into the struct we own.
        if unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut usage) } != 0 {
            return Err(io::Error::last_os_error());
        }
        let seconds = usage.ru_utime.tv_sec.saturating_add(usage.ru_stime.tv_sec);
        // Rounded up, so a worker never starts a file with less than its full allowance.
        Ok(u64::try_from(seconds).unwrap_or(0).saturating_add(1))
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        fn signalled(signal: i32) -> Option<ExitStatus> {
            Some(ExitStatus::from_raw(signal))
        }

        #[test]
        fn deaths_are_told_apart() {
            let oom = "memory allocation of 8589934592 bytes failed\n";
            let overflow =
                "\nthread 'main' has overflowed its stack\nfatal runtime error: stack overflow\n";
            let cases = [
                (false, signalled(libc::SIGABRT), oom, Death::OutOfMemory),
                (
                    false,
                    signalled(libc::SIGABRT),
                    overflow,
                    Death::Crashed("stack overflow".into()),
                ),
                (true, signalled(libc::SIGKILL), "", Death::OverTime),
                (false, signalled(libc::SIGXCPU), "", Death::OverTime),
                (
                    false,
                    signalled(libc::SIGSEGV),
                    "",
                    Death::Crashed("segmentation fault".into()),
                ),
                (
                    false,
                    Some(ExitStatus::from_raw(3 << 8)),
                    "",
                    Death::Crashed("exit status 3".into()),
                ),
                (false, Some(ExitStatus::from_raw(0)), "", Death::Alive),
            ];
            for (timed_out, status, stderr, want) in cases {
                assert_eq!(Death::of(timed_out, status, stderr), want, "{stderr:?}");
            }
        }
    }
}
