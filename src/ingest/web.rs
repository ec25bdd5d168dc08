//! Reports given as web addresses: an http(s) address → the bytes it serves, ready for a reader.
//!
//! Input: an address typed by the user. Output: the body (at most [`MAX_FILE_BYTES`]), a file
//! name whose extension tells the reader its format (from the address, else the Content-Type),
//! the address it finally came from, and — for an HTML page — the report attachments it links to
//! (.pdf/.doc/.docx/.wps/.ofd), best first. Whether the page is only a notice of its attachment is
//! decided after reading it ([`crate::pipeline::analyze_address`]), on its report text.
//!
//! A page served with a charset in its Content-Type is handed on as UTF-8 with a BOM, which the
//! text and HTML readers honour above a `<meta>` tag; a saved copy keeps those bytes, so it reads
//! the same when opened as a file.
//!
//! ureq with rustls: http and https only, a connect and an overall time limit (the body
//! included), five redirects.

use std::path::{Path, PathBuf};
use std::time::Duration;

use super::{IngestError, MAX_FILE_BYTES};

/// What one address gave.
#[derive(Debug, Clone)]
pub struct Fetched {
    /// The body as the readers get it (text pages in UTF-8 with a BOM when the server named a
    /// charset).
    pub bytes: Vec<u8>,
    /// A file name for the format choice ("报告.pdf", "report.pdf", "page.html").
    pub name: String,
    /// Where the body finally came from, after redirects.
    pub address: String,
    /// Report attachments an HTML page links to, absolute, best first (a link whose text says 报告
    /// first). Empty for anything but a page.
    pub attachments: Vec<String>,
}

/// Time limits of one fetch.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub connect: Duration,
    /// The whole exchange, body included.
    pub total: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            connect: Duration::from_secs(15),
            total: Duration::from_secs(120),
        }
    }
}

pub const MAX_REDIRECTS: u32 = 5;

/// Extensions of report attachments a notice page links to.
const ATTACHMENTS: [&str; 5] = ["pdf", "doc", "docx", "wps", "ofd"];

/// Whether `text` is a web address (`scheme://…`) rather than a path. Any scheme counts, so that
/// `ftp://…` is told "only http and https" instead of "file not found"; [`fetch`] refuses what is
/// not http or https.
pub fn is_address(text: &str) -> bool {
    let Some((scheme, _)) = text.split_once("://") else {
        return false;
    };
    // Two letters at least: `C://x` is a Windows drive, not a scheme.
    scheme.len() >= 2
        && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// [`is_address`] for a path, as the app and the CLI hold addresses.
pub fn is_address_path(path: &Path) -> bool {
    path.to_str().is_some_and(is_address)
}

/// Fetches `address` with the default limits.
pub fn fetch(address: &str) -> Result<Fetched, IngestError> {
    fetch_with(address, Limits::default())
}

pub fn fetch_with(address: &str, limits: Limits) -> Result<Fetched, IngestError> {
    let parsed =
        url::Url::parse(address).map_err(|e| IngestError::Fetch(format!("bad address ({e})")))?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(IngestError::Fetch(format!(
            "only http and https addresses can be read, not {}:",
            parsed.scheme()
        )));
    }
    let agent = agent(limits);
    let mut response = agent.get(parsed.as_str()).call().map_err(fetch_error)?;
    let status = response.status();
    if !status.is_success() {
        return Err(IngestError::Fetch(format!(
            "the server answered {} {}",
            status.as_u16(),
            status.canonical_reason().unwrap_or("")
        )));
    }
    let final_address = {
        use ureq::ResponseExt;
        url::Url::parse(&response.get_uri().to_string()).unwrap_or(parsed)
    };
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_ascii_lowercase()
    };
    let content_type = header("content-type");
    // A declared size over the cap is refused before a byte of the body is read.
    if let Ok(length) = header("content-length").trim().parse::<u64>()
        && length > MAX_FILE_BYTES
    {
        return Err(IngestError::TooLarge(length));
    }
    let bytes = response
        .body_mut()
        .with_config()
        .limit(MAX_FILE_BYTES)
        .read_to_vec()
        .map_err(|err| match err {
            ureq::Error::BodyExceedsLimit(_) => IngestError::Fetch(format!(
                "the server sent more than the {} MB limit",
                MAX_FILE_BYTES >> 20
            )),
            other => fetch_error(other),
        })?;
    let name = file_name(&final_address, &content_type);
    let bytes = to_utf8(bytes, &content_type);
    let attachments = if name.ends_with(".html") || name.ends_with(".htm") {
        attachments_of(&bytes, &final_address)
    } else {
        Vec::new()
    };
    Ok(Fetched {
        bytes,
        name,
        address: final_address.to_string(),
        attachments,
    })
}

fn agent(limits: Limits) -> ureq::Agent {
    ureq::Agent::config_builder()
        .timeout_connect(Some(limits.connect))
        .timeout_global(Some(limits.total))
        .max_redirects(MAX_REDIRECTS)
        .http_status_as_error(false)
        .user_agent(concat!("duibi/", env!("CARGO_PKG_VERSION")))
        .build()
        .into()
}

fn fetch_error(err: ureq::Error) -> IngestError {
    IngestError::Fetch(match err {
        ureq::Error::Timeout(_) => "the server did not answer in time".into(),
        ureq::Error::TooManyRedirects => format!("more than {MAX_REDIRECTS} redirects"),
        ureq::Error::HostNotFound => "host not found".into(),
        ureq::Error::ConnectionFailed => "cannot connect to the server".into(),
        ureq::Error::Io(e) if e.kind() == std::io::ErrorKind::ConnectionRefused => {
            "cannot connect to the server (connection refused)".into()
        }
        other => other.to_string(),
    })
}

/// The address's last path segment when it names a file duibi reads, else a name after the
/// Content-Type (`show.aspx?id=3` serving a PDF is "report.pdf").
fn file_name(address: &url::Url, content_type: &str) -> String {
    let last = last_segment(address);
    let ext = extension(&last);
    let known = ATTACHMENTS.contains(&ext.as_str())
        || matches!(ext.as_str(), "html" | "htm" | "shtml" | "txt");
    let by_type = match content_type.split(';').next().unwrap_or("").trim() {
        "application/pdf" => "pdf",
        "application/msword" | "application/wps-office.doc" | "application/vnd.ms-works" => "doc",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document" => "docx",
        "application/ofd" => "ofd",
        "text/plain" => "txt",
        "text/html" | "application/xhtml+xml" => "html",
        _ => "",
    };
    if known && (by_type.is_empty() || by_type == normal_ext(&ext)) {
        // `.shtml` pages are HTML; the readers know them by `.html`.
        return match last.rsplit_once('.') {
            Some((stem, _)) if ext == "shtml" => format!("{stem}.html"),
            _ => last,
        };
    }
    match by_type {
        // Unknown on both counts: the readers sniff the content.
        "" => "download".into(),
        ext => format!("report.{ext}"),
    }
}

/// The last path segment, percent-decoded ("" for "/").
fn last_segment(address: &url::Url) -> String {
    let raw = address
        .path_segments()
        .and_then(|mut s| s.next_back())
        .unwrap_or("");
    percent_encoding::percent_decode_str(raw)
        .decode_utf8_lossy()
        .into_owned()
}

fn extension(name: &str) -> String {
    name.rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default()
}

fn normal_ext(ext: &str) -> &str {
    match ext {
        "htm" | "shtml" => "html",
        "wps" => "doc",
        other => other,
    }
}

/// Text in the charset its Content-Type names → UTF-8 with a BOM, which the readers follow.
fn to_utf8(bytes: Vec<u8>, content_type: &str) -> Vec<u8> {
    let charset = content_type
        .split(';')
        .filter_map(|p| p.trim().strip_prefix("charset="))
        .next()
        .map(|c| c.trim_matches(['"', '\'']));
    let is_text =
        content_type.starts_with("text/") || content_type.starts_with("application/xhtml");
    let Some(encoding) = charset.and_then(|c| encoding_rs::Encoding::for_label(c.as_bytes()))
    else {
        return bytes;
    };
    if !is_text || encoding_rs::Encoding::for_bom(&bytes).is_some() {
        return bytes;
    }
    let (text, _, _) = encoding.decode(&bytes);
    let mut out = Vec::with_capacity(text.len() + 3);
    out.extend_from_slice(b"\xef\xbb\xbf");
    out.extend_from_slice(text.as_bytes());
    out
}

/// The report attachments a page links to: links to .pdf/.doc/.docx/.wps/.ofd files, those whose
/// text (or file name) says 报告 first, each once.
fn attachments_of(bytes: &[u8], page: &url::Url) -> Vec<String> {
    let html = super::html::decode(bytes);
    let document = scraper::Html::parse_document(&html);
    let Ok(selector) = scraper::Selector::parse("a[href]") else {
        return Vec::new();
    };
    let mut links: Vec<(url::Url, bool)> = Vec::new();
    for a in document.select(&selector) {
        let Some(link) = a
            .value()
            .attr("href")
            .and_then(|href| page.join(href.trim()).ok())
        else {
            continue;
        };
        if !matches!(link.scheme(), "http" | "https")
            || !ATTACHMENTS.contains(&extension(&last_segment(&link)).as_str())
            || links.iter().any(|(l, _)| *l == link)
        {
            continue;
        }
        let label = a.text().collect::<String>() + a.value().attr("title").unwrap_or("");
        let says_report = label.contains("报告") || last_segment(&link).contains("报告");
        links.push((link, says_report));
    }
    // Stable: links that say 报告 first, each group in page order.
    links.sort_by_key(|(_, says_report)| !says_report);
    links.into_iter().map(|(l, _)| l.to_string()).collect()
}

/// A file name for a saved copy of what `fetched` gave: its own name when the address had a
/// usable one, else the host with the format's extension ("www.gov.cn.pdf"); no path
/// separators or control characters.
pub fn copy_name(fetched: &Fetched) -> String {
    let ext = extension(&fetched.name);
    let name = if fetched.name.starts_with("report.") || fetched.name == "download" {
        let host = url::Url::parse(&fetched.address)
            .ok()
            .and_then(|u| u.host_str().map(str::to_owned))
            .unwrap_or_else(|| "report".into());
        if ext.is_empty() {
            host
        } else {
            format!("{host}.{ext}")
        }
    } else {
        fetched.name.clone()
    };
    let clean: String = name
        .chars()
        .map(|c| {
            if c.is_control() || matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|') {
                '_'
            } else {
                c
            }
        })
        .collect();
    let clean = clean.trim_start_matches('.').trim().to_owned();
    if clean.is_empty() {
        "report".into()
    } else {
        clean
    }
}

/// Writes a copy of `fetched` into `dir` under [`copy_name`]; an existing file there with other
/// bytes is never overwritten (the copy gets a numbered name), one with the same bytes is reused.
pub fn save_copy(dir: &Path, fetched: &Fetched) -> std::io::Result<PathBuf> {
    let name = copy_name(fetched);
    let (stem, ext) = match name.rsplit_once('.') {
        Some((s, e)) if !s.is_empty() => (s.to_owned(), format!(".{e}")),
        _ => (name.clone(), String::new()),
    };
    let mut target = dir.join(&name);
    for n in 2..10_000 {
        match std::fs::read(&target) {
            Ok(existing) if existing == fetched.bytes => return Ok(target),
            Ok(_) => target = dir.join(format!("{stem} ({n}){ext}")),
            Err(_) => break,
        }
    }
    crate::export::write_atomic(&target, &fetched.bytes)
        .map_err(|e| std::io::Error::other(e.to_string()))?;
    Ok(target)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_told_from_paths() {
        assert!(is_address("https://www.gov.cn/a.html"));
        assert!(is_address("HTTP://x"));
        // Any scheme is an address (fetch then says only http and https are read).
        assert!(is_address("ftp://x/a.pdf"));
        assert!(!is_address("/home/u/https.txt"));
        assert!(!is_address("http"));
        assert!(!is_address("C://x/a.pdf"));
        assert!(!is_address("报告://x"));
        assert!(!is_address("dir/a://b"));
    }

    #[test]
    fn other_schemes_are_refused_before_any_connection() {
        for address in ["ftp://127.0.0.1/a.pdf", "file:///etc/passwd"] {
            let err = fetch(address).expect_err(address);
            assert!(
                err.to_string().contains("only http and https"),
                "{address}: {err}"
            );
        }
        let err = fetch("http://").expect_err("no host");
        assert!(err.to_string().contains("bad address"), "{err}");
    }

    #[test]
    fn the_name_follows_the_address_then_the_content_type() {
        let url = |s: &str| url::Url::parse(s).expect("url");
        assert_eq!(
            file_name(&url("http://x/a/%E6%8A%A5%E5%91%8A.pdf"), "application/pdf"),
            "报告.pdf"
        );
        assert_eq!(
            file_name(&url("http://x/show.aspx?id=3"), "application/pdf"),
            "report.pdf"
        );
        assert_eq!(
            file_name(&url("http://x/art/2023/1.htm"), "text/html; charset=gbk"),
            "1.htm"
        );
        assert_eq!(
            file_name(&url("http://x/art/1.shtml"), "text/html"),
            "1.html"
        );
        assert_eq!(file_name(&url("http://x/"), ""), "download");
        // A page served as HTML under a .pdf name (an error page) is read as HTML.
        assert_eq!(
            file_name(&url("http://x/a.pdf"), "text/html"),
            "report.html"
        );
    }

    #[test]
    fn a_charset_in_the_content_type_becomes_utf8_with_a_bom() {
        let (gbk, _, _) = encoding_rs::GBK.encode("法治政府");
        let out = to_utf8(gbk.into_owned(), "text/html; charset=GBK");
        assert_eq!(out, "\u{feff}法治政府".as_bytes());
        let (gb, _, _) = encoding_rs::GBK.encode("报告");
        assert_eq!(
            to_utf8(gb.into_owned(), "text/plain; charset=\"gb2312\""),
            "\u{feff}报告".as_bytes()
        );
        let pdf = b"%PDF-1.7".to_vec();
        assert_eq!(to_utf8(pdf.clone(), "application/pdf; charset=gbk"), pdf);
        let unknown = b"abc".to_vec();
        assert_eq!(
            to_utf8(unknown.clone(), "text/plain; charset=nonsense"),
            unknown
        );
    }

    #[test]
    fn attachment_links_are_absolute_and_those_saying_report_come_first() {
        let page = url::Url::parse("http://x/notice/1.html").expect("url");
        let html = "<html><head><meta charset=\"gbk\"></head><body>\
            <a href=\"/files/table.xls\">表</a>\
            <a href=\"annex.pdf\">附件一</a>\
            <a href=\"../files/b.DOC\">2019年度报告</a>\
            <a href=\"annex.pdf\">again</a>\
            <a href=\"mailto:a@b.pdf\">mail</a>\
            </body></html>";
        let (gbk, _, _) = encoding_rs::GBK.encode(html);
        assert_eq!(
            attachments_of(&gbk, &page),
            ["http://x/files/b.DOC", "http://x/notice/annex.pdf"]
        );
        assert!(attachments_of(b"<p>no links</p>", &page).is_empty());
    }

    #[test]
    fn copies_are_named_safely_and_never_overwrite() {
        let fetched = |name: &str, address: &str, bytes: &[u8]| Fetched {
            bytes: bytes.to_vec(),
            name: name.into(),
            address: address.into(),
            attachments: Vec::new(),
        };
        assert_eq!(
            copy_name(&fetched("report.pdf", "http://www.x.gov.cn/show?id=1", b"")),
            "www.x.gov.cn.pdf"
        );
        assert_eq!(
            copy_name(&fetched("报告.doc", "http://x/报告.doc", b"")),
            "报告.doc"
        );
        assert_eq!(
            copy_name(&fetched("..\u{7}a?.txt", "http://x/", b"")),
            "_a_.txt"
        );

        let dir = tempfile::tempdir().expect("dir");
        let a = fetched("a.txt", "http://x/a.txt", b"one");
        let b = fetched("a.txt", "http://y/a.txt", b"two");
        let first = save_copy(dir.path(), &a).expect("save");
        assert_eq!(first, dir.path().join("a.txt"));
        assert_eq!(save_copy(dir.path(), &a).expect("again"), first);
        let second = save_copy(dir.path(), &b).expect("other");
        assert_eq!(second, dir.path().join("a (2).txt"));
        assert_eq!(std::fs::read(&first).expect("read"), b"one");
        assert_eq!(std::fs::read(&second).expect("read"), b"two");
    }
}
