//! Ingest: file bytes → plain text, one block (paragraph, heading, table row) per line.
//!
//! Input: a path (and, for `read_bytes`, its bytes). Output: a [`Document`] whose `text` holds one block
//! per line; table rows are one line with cells separated by `'\t'`. One module per format; `read`
//! picks by extension, and by content when the extension is unknown, missing, or contradicted by an
//! unmistakable signature (a PDF saved as `.txt` is still read as a PDF).
//!
//! Every failure is an [`IngestError`] whose message a user can act on; nothing here panics on bad
//! data, so one broken file never stops a batch.

use std::io::Read;
use std::path::Path;

mod doc;
mod docx;
mod html;
pub mod isolate;
pub mod ocr;
mod ofd;
mod pdf;
mod quiet;
mod txt;
pub mod web;

pub use quiet::quiet_reader_panics;

/// Files above this are refused before they are read: real reports are a few MB at most, and a
/// bigger file is far more likely a mistake (a video, an archive) than a report.
pub const MAX_FILE_BYTES: u64 = 50 * 1024 * 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Format {
    Txt,
    Html,
    Docx,
    Pdf,
    /// Word 97–2003 binary, whether saved as `.doc` or by WPS Office as `.wps`.
    Doc,
    /// GB/T 33190 fixed-layout document.
    Ofd,
}

impl std::fmt::Display for Format {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Format::Txt => "txt",
            Format::Html => "html",
            Format::Docx => "docx",
            Format::Pdf => "pdf",
            Format::Doc => "doc",
            Format::Ofd => "ofd",
        })
    }
}

impl Format {
    /// How an error message names this format's reader ("the PDF reader ran out of memory").
    pub fn reader_name(self) -> &'static str {
        match self {
            Format::Txt => "text",
            Format::Html => "HTML",
            Format::Docx => "Word (docx)",
            Format::Pdf => "PDF",
            Format::Doc => "Word (doc)",
            Format::Ofd => "OFD",
        }
    }
}

/// Text of one input file, blocks (paragraphs, headings, table rows) separated by newlines.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Document {
    pub text: String,
    pub format: Format,
    /// What the reader left out or guessed, for the report's warnings.
    #[serde(default)]
    pub warnings: Vec<String>,
    /// Set when the text came from OCR of page images (see [`ocr`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ocr: Option<crate::model::OcrInfo>,
}

/// A report's text is at most a few MB. A reader that produces more (a hostile font map, a page
/// of millions of tiny text objects) is cut here, at a line break, so the stages after ingest
/// never see more than this.
pub const MAX_TEXT_BYTES: usize = 64 * 1024 * 1024;

#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    #[error("cannot read file: {0}")]
    Io(#[from] std::io::Error),
    #[error("file not found")]
    NotFound,
    #[error("permission denied")]
    PermissionDenied,
    #[error("is a directory")]
    IsDirectory,
    /// A named pipe, device or socket: opening or reading one can block forever or never end.
    #[error("not a regular file ({0})")]
    NotRegular(&'static str),
    #[error("file is larger than the 50 MB limit ({} MB)", .0 / (1024 * 1024))]
    TooLarge(u64),
    #[error("empty file")]
    Empty,
    #[error("not a text document (binary data)")]
    Binary,
    /// The content is a known non-report type, named here (e.g. "a PNG image").
    #[error("not a text document (looks like {0})")]
    WrongType(&'static str),
    /// A format we recognise but do not read; the message says what to do instead.
    #[error("unsupported format: {0}")]
    Unsupported(&'static str),
    #[error("zip bomb: {0}")]
    ZipBomb(String),
    #[error("damaged docx: {0}")]
    BadDocx(String),
    #[error("encrypted Word document (password required)")]
    DocEncrypted,
    #[error("damaged Word document: {0}")]
    BadDoc(String),
    #[error("damaged OFD: {0}")]
    BadOfd(String),
    #[error("not a Word document: word/document.xml is missing")]
    MissingDocumentXml,
    #[error("no text layer (scanned?)")]
    NoTextLayer,
    /// A scan OCR could not read; the message says why (no tesseract, no page image …).
    #[error("no text layer (scanned?): {0}")]
    Ocr(String),
    #[error("encrypted PDF (password required)")]
    PdfEncrypted,
    #[error("PDF decompression bomb: {0}")]
    PdfBomb(String),
    #[error("damaged PDF: {0}")]
    BadPdf(String),
    /// The file parsed but holds no readable text (a page of only markup, a docx with no paragraphs).
    #[error("no text found in the {0} document")]
    NoText(Format),
    /// An error the isolated reader (see [`isolate`]) sent back, already worded for the user.
    #[error("{0}")]
    Reported(String),
    #[error("the {reader} reader ran out of memory on this file (limit {limit})")]
    ReaderOutOfMemory { reader: &'static str, limit: String },
    #[error("the {reader} reader exceeded {seconds} s on this file")]
    ReaderTimedOut { reader: &'static str, seconds: u64 },
    #[error("the {reader} reader crashed on this file ({cause})")]
    ReaderCrashed { reader: &'static str, cause: String },
    /// A web address that gave no report; the message says why (404, time-out, no such host).
    #[error("cannot fetch the address: {0}")]
    Fetch(String),
    #[error("cannot start a reader process: {0}")]
    ReaderUnavailable(String),
}

/// Read and convert one file, in this process. Checks size and kind from metadata before reading
/// a single byte. [`isolate::read`] does the same with the parsing in a child process.
pub fn read(path: &Path) -> Result<Document, IngestError> {
    let bytes = load(path)?;
    read_bytes(path, &bytes)
}

/// The bytes of one file, refused before opening when it is not a regular file or too large.
pub fn load(path: &Path) -> Result<Vec<u8>, IngestError> {
    let meta = std::fs::metadata(path).map_err(io_error)?;
    if meta.is_dir() {
        return Err(IngestError::IsDirectory);
    }
    if let Some(kind) = special_kind(&meta.file_type()) {
        return Err(IngestError::NotRegular(kind));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(IngestError::TooLarge(meta.len()));
    }
    let file = std::fs::File::open(path).map_err(io_error)?;
    // The file may grow between metadata and read (a download still in progress); never read past
    // the cap whatever the metadata said.
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(io_error)?;
    Ok(bytes)
}

/// What a path that is neither a file nor a directory is, in words; `None` for a regular file.
/// Opening a FIFO blocks until a writer comes, and a device may never end, so both are refused
/// from their metadata alone.
#[cfg(unix)]
fn special_kind(kind: &std::fs::FileType) -> Option<&'static str> {
    use std::os::unix::fs::FileTypeExt;
    if kind.is_file() {
        None
    } else if kind.is_fifo() {
        Some("named pipe")
    } else if kind.is_char_device() {
        Some("character device")
    } else if kind.is_block_device() {
        Some("block device")
    } else if kind.is_socket() {
        Some("socket")
    } else {
        Some("special file")
    }
}

#[cfg(not(unix))]
fn special_kind(kind: &std::fs::FileType) -> Option<&'static str> {
    (!kind.is_file()).then_some("special file")
}

/// Convert bytes already in memory; `path` only lends its extension.
pub fn read_bytes(path: &Path, bytes: &[u8]) -> Result<Document, IngestError> {
    let format = format_of(path, bytes)?;
    ocr::if_scanned(bytes, read_as(format, bytes))
}

/// The format `bytes` will be read as, after the checks every format shares (size, emptiness).
pub fn format_of(path: &Path, bytes: &[u8]) -> Result<Format, IngestError> {
    let len = u64::try_from(bytes.len()).unwrap_or(u64::MAX);
    if len > MAX_FILE_BYTES {
        return Err(IngestError::TooLarge(len));
    }
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(IngestError::Empty);
    }
    Ok(choose_format(path, bytes))
}

/// Runs one format's reader on `bytes`, its text cut at [`MAX_TEXT_BYTES`].
pub fn read_as(format: Format, bytes: &[u8]) -> Result<Document, IngestError> {
    let mut doc = match format {
        Format::Txt => txt::read(bytes),
        Format::Html => html::read(bytes),
        Format::Docx => docx::read(bytes),
        Format::Pdf => pdf::read(bytes),
        Format::Doc => doc::read(bytes),
        Format::Ofd => ofd::read(bytes),
    }?;
    bound_text(&mut doc, MAX_TEXT_BYTES);
    Ok(doc)
}

/// Cuts `doc.text` to at most `limit` bytes, at the last line break before it (or a char
/// boundary when the first line alone is longer), and says so in its warnings.
fn bound_text(doc: &mut Document, limit: usize) {
    if doc.text.len() <= limit {
        return;
    }
    let mut cut = limit;
    while !doc.text.is_char_boundary(cut) {
        cut -= 1;
    }
    if let Some(line_end) = doc.text.get(..cut).and_then(|head| head.rfind('\n')) {
        cut = line_end;
    }
    let total = doc.text.len();
    doc.text.truncate(cut);
    doc.warnings.push(format!(
        "text truncated at {} MB (the file holds {} MB of text)",
        limit / (1024 * 1024),
        total.div_ceil(1024 * 1024)
    ));
}

fn io_error(err: std::io::Error) -> IngestError {
    match err.kind() {
        std::io::ErrorKind::NotFound => IngestError::NotFound,
        std::io::ErrorKind::PermissionDenied => IngestError::PermissionDenied,
        std::io::ErrorKind::IsADirectory => IngestError::IsDirectory,
        _ => IngestError::Io(err),
    }
}

fn choose_format(path: &Path, bytes: &[u8]) -> Format {
    // A signature beats the extension: users rename files, and sites serve PDFs as "xxx.htm".
    if let Some(format) = strong_signature(bytes) {
        return format;
    }
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match ext.as_deref() {
        Some("txt" | "text") => Format::Txt,
        Some("html" | "htm" | "shtml" | "xhtml" | "mht" | "mhtml") => Format::Html,
        Some("docx") => Format::Docx,
        Some("pdf") => Format::Pdf,
        Some("ofd") => Format::Ofd,
        // A Compound File was taken by its signature above. Sites often serve a web page or a .docx
        // under a .doc name (Word opens both), so a .doc/.wps that is not one goes by its content.
        _ => sniff(bytes),
    }
}

/// Formats that can be told from their first bytes with no doubt.
fn strong_signature(bytes: &[u8]) -> Option<Format> {
    // Some producers put junk (a BOM, a mail header) before "%PDF-"; readers accept it within 1 KB.
    let head = bytes.get(..1024).unwrap_or(bytes);
    if find(head, b"%PDF-").is_some() {
        return Some(Format::Pdf);
    }
    if bytes.starts_with(b"PK\x03\x04") && find(bytes, b"word/document.xml").is_some() {
        return Some(Format::Docx);
    }
    if bytes.starts_with(b"PK\x03\x04") && find(bytes, b"OFD.xml").is_some() {
        return Some(Format::Ofd);
    }
    // Every Compound File is read as Word: an Excel or PowerPoint one is named by the Word reader.
    if bytes.starts_with(doc::CFB_MAGIC) {
        return Some(Format::Doc);
    }
    None
}

fn sniff(bytes: &[u8]) -> Format {
    if bytes.starts_with(b"PK\x03\x04") {
        // A zip that is not a docx: let docx report what is missing rather than print zip bytes.
        return Format::Docx;
    }
    if html::looks_like_html(bytes) {
        return Format::Html;
    }
    Format::Txt
}

pub(crate) fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    // memchr's SIMD substring search: this runs over whole PDF files (stream scans, repairs).
    memchr::memmem::find(haystack, needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tmp() -> tempfile::TempDir {
        tempfile::tempdir().expect("temp dir")
    }

    #[test]
    fn find_is_a_substring_search() {
        assert_eq!(find(b"abc stream x", b"stream"), Some(4));
        assert_eq!(find(b"abc", b"stream"), None);
        assert_eq!(find(b"abc", b""), Some(0));
        assert_eq!(find(b"", b"x"), None);
        assert_eq!(find(b"endstreamendstream", b"stream"), Some(3));
    }

    #[test]
    fn directory_is_a_clear_error() {
        let dir = tmp();
        let sub = dir.path().join("a dir.txt");
        std::fs::create_dir(&sub).expect("mkdir");
        let err = read(&sub).expect_err("a directory is not a report");
        assert_eq!(err.to_string(), "is a directory");
    }

    #[test]
    fn missing_file_is_a_clear_error() {
        let dir = tmp();
        let err = read(&dir.path().join("nope.txt")).expect_err("missing");
        assert_eq!(err.to_string(), "file not found");
    }

    #[test]
    fn empty_and_whitespace_files_are_empty() {
        let dir = tmp();
        for (name, bytes) in [
            ("empty.txt", &b""[..]),
            ("blank.txt", b" \r\n\t\n"),
            ("empty.pdf", b""),
            ("empty.docx", b""),
            ("noext", b"\n"),
        ] {
            let path = dir.path().join(name);
            std::fs::write(&path, bytes).expect("write");
            let err = read(&path).expect_err(name);
            assert_eq!(err.to_string(), "empty file", "{name}");
        }
    }

    #[test]
    fn one_byte_files_never_panic() {
        assert_eq!(
            read_bytes(Path::new("a.txt"), b"a")
                .expect("one letter")
                .text,
            "a"
        );
        let err = read_bytes(Path::new("a.txt"), b"\x00").expect_err("lone NUL");
        assert_eq!(err.to_string(), "not a text document (binary data)");
        for name in ["a.txt", "a.pdf", "a.docx", "a.html", "a"] {
            let _ = read_bytes(Path::new(name), b"\xff");
            // Whatever the verdict, it must be a value, not a panic.
            let _ = read_bytes(Path::new(name), b"\x00");
        }
        assert!(read_bytes(Path::new("a.pdf"), b"%").is_err());
        assert!(read_bytes(Path::new("a.docx"), b"P").is_err());
    }

    #[test]
    fn oversized_bytes_are_refused_before_parsing() {
        let big = vec![b'a'; usize::try_from(MAX_FILE_BYTES).unwrap_or(0) + 1];
        let err = read_bytes(Path::new("big.txt"), &big).expect_err("too big");
        assert!(
            err.to_string()
                .starts_with("file is larger than the 50 MB limit"),
            "{err}"
        );
    }

    #[test]
    fn text_past_the_budget_is_cut_at_a_line_break() {
        let mb = 1024 * 1024;
        let mut doc = Document {
            text: format!("{}\n{}", "法".repeat(mb / 3), "治".repeat(mb)),
            format: Format::Pdf,
            warnings: Vec::new(),
            ocr: None,
        };
        bound_text(&mut doc, 2 * mb);
        assert_eq!(doc.text, "法".repeat(mb / 3));
        assert_eq!(
            doc.warnings,
            ["text truncated at 2 MB (the file holds 4 MB of text)"]
        );
        // One line longer than the budget is cut at a char boundary.
        let mut doc = Document {
            text: "治".repeat(mb),
            format: Format::Pdf,
            warnings: Vec::new(),
            ocr: None,
        };
        bound_text(&mut doc, mb);
        assert!(doc.text.len() <= mb && doc.text.len() > mb - 3);
        assert!(doc.text.chars().all(|c| c == '治'));
        let mut small = Document {
            text: "法治".into(),
            format: Format::Txt,
            warnings: Vec::new(),
            ocr: None,
        };
        bound_text(&mut small, mb);
        assert!(small.warnings.is_empty());
    }

    #[test]
    fn format_by_extension_then_content() {
        let html = "<!DOCTYPE html><html><body><p>法治政府建设</p></body></html>";
        let cfb = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00";
        let cases: [(&str, &[u8], Format); 12] = [
            ("a.TXT", "法治政府".as_bytes(), Format::Txt),
            ("a.htm", html.as_bytes(), Format::Html),
            ("a.shtml", html.as_bytes(), Format::Html),
            ("noext", html.as_bytes(), Format::Html),
            ("a.dat", "法治政府建设工作报告".as_bytes(), Format::Txt),
            ("report", b"%PDF-1.4\n", Format::Pdf),
            ("pdf-saved-as.txt", b"%PDF-1.7\n", Format::Pdf),
            ("a.wps", cfb, Format::Doc),
            ("page-saved-as.doc", html.as_bytes(), Format::Html),
            ("doc-saved-as.txt", cfb, Format::Doc),
            ("a.OFD", b"PK\x03\x04", Format::Ofd),
            ("ofd-saved-as.zip", b"PK\x03\x04....OFD.xml", Format::Ofd),
        ];
        for (name, bytes, want) in cases {
            assert_eq!(choose_format(Path::new(name), bytes), want, "{name}");
        }
    }

    #[test]
    fn sample_reports_come_back_unchanged() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
        let mut seen = 0;
        for entry in std::fs::read_dir(&dir).expect("samples/") {
            let path = entry.expect("entry").path();
            if path.extension().and_then(|e| e.to_str()) != Some("txt") {
                continue;
            }
            let raw = std::fs::read_to_string(&path).expect("sample is UTF-8");
            let doc = read(&path).expect("sample reads");
            assert_eq!(doc.format, Format::Txt);
            assert_eq!(doc.text, raw.trim_start_matches('\u{feff}'), "{path:?}");
            seen += 1;
        }
        assert!(seen >= 5, "only {seen} samples found in {dir:?}");
    }

    #[test]
    fn sample_reports_survive_reencoding() {
        // What users' GBK and UTF-16 copies look like (iconv -t GB18030 / -t UTF-16 writes a BOM).
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
        for name in [
            "changzhou-xinbei-2019.txt",
            "changzhou-2024-traditional.txt",
        ] {
            let raw = std::fs::read_to_string(dir.join(name)).expect("sample");
            let (gb, _, _) = encoding_rs::GB18030.encode(&raw);
            let mut utf16 = vec![0xff, 0xfe];
            utf16.extend(raw.encode_utf16().flat_map(u16::to_le_bytes));
            let (big5, _, big5_lossy) = encoding_rs::BIG5.encode(&raw);
            let mut copies = vec![("GB18030", gb.into_owned()), ("UTF-16", utf16)];
            if !big5_lossy {
                copies.push(("Big5", big5.into_owned()));
            }
            for (encoding, bytes) in copies {
                let doc = read_bytes(Path::new("copy.txt"), &bytes).expect(encoding);
                assert!(doc.text == raw, "{name} as {encoding} does not round-trip");
            }
        }
    }
}
