//! OCR of scanned PDFs: page images → text, through the `tesseract` command when it is installed.
//!
//! Input: the bytes of a PDF the text reader found no text layer in. Output: a [`Document`] with one
//! line per printed line and [`Document::ocr`] set (pages recognised, mean confidence), or an
//! error that says what is missing (the Debian packages to install, no page image to read).
//!
//! Tesseract is found at run time, never linked: `tesseract IMG OUT -l chi_sim --psm 6 tsv`, two
//! pages at a time, each in its own process killed after a time limit, the first [`MAX_PAGES`]
//! pages only. Its TSV output gives each word's confidence; words are joined without the spaces
//! tesseract puts between Chinese characters.
//!
//! Configuration: `DUIBI_TESSERACT` (the command, default `tesseract` on PATH) and
//! `DUIBI_OCR_PAGE_SECONDS` (default 120).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use super::pdf::images::{self, PageImage};
use super::{Document, Format, IngestError};
use crate::model::OcrInfo;

/// Pages recognised per file: a report is 10–40 pages; beyond this the file is likely something
/// else (a yearbook), and each page costs seconds.
pub const MAX_PAGES: usize = 60;

/// Pages recognised at once; tesseract is told to use one thread each.
const PARALLEL: usize = 2;

const DEFAULT_PAGE_SECONDS: u64 = 120;

/// The model tesseract needs, and the packages that bring it and the command.
const LANGUAGE: &str = "chi_sim";
const PACKAGES: &str = "tesseract-ocr tesseract-ocr-chi-sim";

/// `result` when it is anything but "no text layer"; otherwise the text OCR finds in `bytes`.
pub fn if_scanned(
    bytes: &[u8],
    result: Result<Document, IngestError>,
) -> Result<Document, IngestError> {
    match result {
        Err(err) if is_no_text_layer(&err) => read_scanned(bytes),
        other => other,
    }
}

/// The reader's verdict, in process or sent back by a worker as its message.
fn is_no_text_layer(err: &IngestError) -> bool {
    match err {
        IngestError::NoTextLayer => true,
        IngestError::Reported(message) => *message == IngestError::NoTextLayer.to_string(),
        _ => false,
    }
}

/// The text of a scanned PDF.
pub fn read_scanned(bytes: &[u8]) -> Result<Document, IngestError> {
    let scan = images::scan(bytes, MAX_PAGES)?;
    if scan.pages.iter().all(Option::is_none) {
        return Err(IngestError::Ocr(
            "no page image OCR can read (it reads JPEG, JPEG 2000 and Flate or raw samples)".into(),
        ));
    }
    let engine = Tesseract::find()?;
    let dir = tempfile::tempdir()?;
    let results = recognise_all(&engine, dir.path(), &scan.pages);

    let mut warnings = Vec::new();
    let mut text = String::new();
    let (mut pages, mut chars, mut weighted) = (0usize, 0usize, 0.0f64);
    let mut first_failure = None;
    for (number, result) in results.into_iter().enumerate() {
        match result {
            Some(Ok(page)) => {
                pages += 1;
                chars += page.chars;
                weighted += page.confidence_sum;
                text.push_str(&page.text);
                text.push('\n');
            }
            Some(Err(why)) => {
                warnings.push(format!("OCR: page {} not recognised ({why})", number + 1));
                first_failure.get_or_insert(why);
            }
            None => warnings.push(format!(
                "OCR: page {} has no image OCR can read",
                number + 1
            )),
        }
    }
    if scan.total_pages > MAX_PAGES {
        warnings.push(format!(
            "OCR: only the first {MAX_PAGES} of {} pages were recognised",
            scan.total_pages
        ));
    }
    let text = text.trim().to_owned();
    if text.is_empty() {
        return Err(IngestError::Ocr(match first_failure {
            Some(why) => format!("OCR failed ({why})"),
            None => "OCR found no text on its pages".into(),
        }));
    }
    let confidence = if chars == 0 {
        0.0
    } else {
        weighted / chars as f64 / 100.0
    };
    Ok(Document {
        text,
        format: Format::Pdf,
        warnings,
        ocr: Some(OcrInfo {
            pages,
            confidence: (confidence * 1000.0).round() / 1000.0,
        }),
    })
}

/// Each page's result in page order; `None` where the page has no image.
fn recognise_all(
    engine: &Tesseract,
    dir: &Path,
    pages: &[Option<PageImage>],
) -> Vec<Option<Result<PageText, String>>> {
    let next = AtomicUsize::new(0);
    let slots: Vec<Mutex<Option<Result<PageText, String>>>> =
        pages.iter().map(|_| Mutex::new(None)).collect();
    std::thread::scope(|scope| {
        for _ in 0..PARALLEL.min(pages.len()) {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(page) = pages.get(i) else { break };
                    let Some(image) = page else { continue };
                    let result = engine.page(dir, i, image);
                    if let Some(Ok(mut slot)) = slots.get(i).map(Mutex::lock) {
                        *slot = Some(result);
                    }
                }
            });
        }
    });
    slots
        .into_iter()
        .map(|slot| slot.into_inner().ok().flatten())
        .collect()
}

/// One page's recognised text and the sum of its characters' confidences (0–100 each).
#[derive(Debug, PartialEq)]
struct PageText {
    text: String,
    chars: usize,
    confidence_sum: f64,
}

struct Tesseract {
    command: PathBuf,
    page_limit: Duration,
}

impl Tesseract {
    /// The command, checked to run and to have the Chinese model, or the error naming what to
    /// install.
    fn find() -> Result<Tesseract, IngestError> {
        let command = std::env::var_os("DUIBI_TESSERACT")
            .map_or_else(|| PathBuf::from("tesseract"), PathBuf::from);
        let seconds = std::env::var("DUIBI_OCR_PAGE_SECONDS")
            .ok()
            .and_then(|v| v.trim().parse::<u64>().ok())
            .filter(|v| *v > 0)
            .unwrap_or(DEFAULT_PAGE_SECONDS);
        let missing = || {
            IngestError::Ocr(format!(
                "OCR needs the tesseract command with its Simplified Chinese model \
                 (Debian/Ubuntu: apt install {PACKAGES})"
            ))
        };
        let output = Command::new(&command)
            .arg("--list-langs")
            .stdin(Stdio::null())
            .output()
            .map_err(|_| missing())?;
        // Older versions list the languages on stderr.
        let listed = [output.stdout, output.stderr].iter().any(|out| {
            String::from_utf8_lossy(out)
                .lines()
                .any(|l| l.trim() == LANGUAGE)
        });
        if !listed {
            return Err(IngestError::Ocr(format!(
                "tesseract has no Simplified Chinese model ({LANGUAGE}; Debian/Ubuntu: apt install {PACKAGES})"
            )));
        }
        Ok(Tesseract {
            command,
            page_limit: Duration::from_secs(seconds),
        })
    }

    /// Runs tesseract on one page image, killed when it passes the page time limit.
    fn page(&self, dir: &Path, index: usize, image: &PageImage) -> Result<PageText, String> {
        let input = dir.join(format!("page-{index}.{}", image.ext));
        let out_base = dir.join(format!("page-{index}"));
        std::fs::write(&input, &image.bytes).map_err(|e| e.to_string())?;
        let stderr = std::fs::File::create(dir.join(format!("page-{index}.err")))
            .map_err(|e| e.to_string())?;
        let mut child = Command::new(&self.command)
            .arg(&input)
            .arg(&out_base)
            .args(["-l", LANGUAGE, "--psm", "6", "tsv"])
            // Pages run in parallel already; tesseract's own threads would only compete.
            .env("OMP_THREAD_LIMIT", "1")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(stderr)
            .spawn()
            .map_err(|e| format!("cannot start tesseract: {e}"))?;
        let started = Instant::now();
        let status = loop {
            match child.try_wait() {
                Ok(Some(status)) => break status,
                Ok(None) if started.elapsed() < self.page_limit => {
                    std::thread::sleep(Duration::from_millis(50));
                }
                Ok(None) => {
                    let _ = child.kill();
                    let _ = child.wait();
                    return Err(format!("over {} s", self.page_limit.as_secs()));
                }
                Err(e) => return Err(e.to_string()),
            }
        };
        let _ = std::fs::remove_file(&input);
        if !status.success() {
            let err =
                std::fs::read_to_string(dir.join(format!("page-{index}.err"))).unwrap_or_default();
            let last = err.lines().rev().find(|l| !l.trim().is_empty());
            return Err(last.unwrap_or("tesseract failed").trim().to_owned());
        }
        let tsv = std::fs::read_to_string(out_base.with_extension("tsv"))
            .map_err(|e| format!("no output from tesseract: {e}"))?;
        Ok(parse_tsv(&tsv))
    }
}

/// Lines of words from tesseract's TSV (level 5 rows: a word with its block, paragraph, line
/// and confidence), joined as text with CJK-aware spacing.
fn parse_tsv(tsv: &str) -> PageText {
    let mut lines: Vec<String> = Vec::new();
    let mut current: Option<(&str, &str, &str)> = None;
    let (mut chars, mut confidence_sum) = (0usize, 0.0f64);
    for row in tsv.lines().skip(1) {
        let cols: Vec<&str> = row.split('\t').collect();
        let [
            level,
            _page,
            block,
            par,
            line,
            _word,
            _l,
            _t,
            _w,
            _h,
            conf,
            word,
        ] = cols[..]
        else {
            continue;
        };
        let word = word.trim();
        if level != "5" || word.is_empty() {
            continue;
        }
        let key = (block, par, line);
        if current != Some(key) || lines.is_empty() {
            lines.push(String::new());
            current = Some(key);
        }
        if let Some(text) = lines.last_mut() {
            join_word(text, word);
        }
        let n = word.chars().count();
        chars += n;
        confidence_sum += conf.parse::<f64>().unwrap_or(0.0).clamp(0.0, 100.0) * n as f64;
    }
    PageText {
        text: lines.join("\n"),
        chars,
        confidence_sum,
    }
}

/// Appends `word`, with a space only between two pieces of Latin text or numbers: tesseract
/// separates every Chinese character as a word.
fn join_word(line: &mut String, word: &str) {
    let before = line.chars().next_back();
    let after = word.chars().next();
    if let (Some(a), Some(b)) = (before, after)
        && !is_cjk(a)
        && !is_cjk(b)
    {
        line.push(' ');
    }
    line.push_str(word);
}

/// Chinese characters and the full-width punctuation set among them.
fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{2e80}'..='\u{9fff}' | '\u{f900}'..='\u{faff}' | '\u{ff00}'..='\u{ffef}'
        | '\u{2014}'..='\u{201d}' | '\u{2026}')
}

#[cfg(test)]
mod tests {
    use super::*;

    const TSV_HEADER: &str = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n";

    fn word(line: u32, conf: f64, text: &str) -> String {
        format!("5\t1\t1\t1\t{line}\t1\t0\t0\t10\t10\t{conf}\t{text}\n")
    }

    #[test]
    fn spaces_between_chinese_characters_are_dropped_others_kept() {
        let mut tsv = TSV_HEADER.to_owned();
        tsv.push_str("4\t1\t1\t1\t1\t0\t0\t0\t10\t10\t-1\t\n");
        for (line, conf, text) in [
            (1, 90.0, "全"),
            (1, 90.0, "年"),
            (1, 80.0, "2022"),
            (1, 90.0, "年"),
            (1, 90.0, "，"),
            (2, 70.0, "ISO"),
            (2, 70.0, "9001"),
            (2, 70.0, "认证"),
        ] {
            tsv.push_str(&word(line, conf, text));
        }
        let page = parse_tsv(&tsv);
        assert_eq!(page.text, "全年2022年，\nISO 9001认证");
        assert_eq!(page.chars, 17);
        let want = 90.0 * 4.0 + 80.0 * 4.0 + 70.0 * 9.0;
        assert!((page.confidence_sum - want).abs() < 1e-9);
    }

    #[test]
    fn a_worker_saying_no_text_layer_leads_to_ocr() {
        assert!(is_no_text_layer(&IngestError::Reported(
            "no text layer (scanned?)".into()
        )));
        assert!(!is_no_text_layer(&IngestError::Reported(
            "damaged PDF: x".into()
        )));
    }
}
