//! OFD (GB/T 33190-2016, China's fixed-layout format) → text, one line per paragraph.
//!
//! Input: the bytes of an `.ofd` (a zip of XML parts). Output: the text of its pages in order.
//! `OFD.xml` names the document root, whose `Pages` list each page's content part; on a page, text
//! sits in `TextObject`s (a `Boundary` box) holding `TextCode`s placed at `X`/`Y` (the baseline)
//! inside that box (through the object's `CTM`, if any). Nothing records lines or paragraphs, so
//! both are rebuilt from positions: codes on one baseline form a line, read left to right, with a
//! tab between codes far apart (table cells); a line indented past the page's left edge, or after
//! a gap, or after a line that stopped short of the right edge, starts a paragraph, and other lines
//! continue the one before (Chinese text: no space between). Page numbers at a page's foot are
//! dropped. Templates (a page's letterhead background), annotations and signatures are not read.
//! The zip is untrusted and read under the docx reader's caps.

use std::io::Cursor;

use quick_xml::events::{BytesStart, Event};
use zip::ZipArchive;

use super::docx::{self, ZipKind};
use super::{Document, Format, IngestError};

const OFD_ZIP: ZipKind = ZipKind {
    name: "OFD",
    damaged: IngestError::BadOfd,
};

/// Real reports have tens of pages; a document listing more is built to exhaust.
const MAX_PAGES: usize = 5_000;

pub(super) fn read(bytes: &[u8]) -> Result<Document, IngestError> {
    read_with(bytes, &docx::LIMITS)
}

fn read_with(bytes: &[u8], limits: &docx::Limits) -> Result<Document, IngestError> {
    let mut archive =
        ZipArchive::new(Cursor::new(bytes)).map_err(|e| docx::zip_error_as(e, &OFD_ZIP))?;
    if archive.len() > limits.max_entries {
        return Err(IngestError::ZipBomb(format!(
            "OFD has {} entries (limit {})",
            archive.len(),
            limits.max_entries
        )));
    }
    // Each part is capped as it inflates; the sum is capped too, since a document may list
    // thousands of pages, or one page thousands of times.
    let mut inflated = 0u64;
    let mut part = |name: &str| -> Result<String, IngestError> {
        let xml = docx::zip_entry_text(&mut archive, name, limits, &OFD_ZIP)?
            .ok_or_else(|| IngestError::BadOfd(format!("{name} is missing")))?;
        inflated = inflated.saturating_add(u64::try_from(xml.len()).unwrap_or(u64::MAX));
        if inflated > limits.max_xml_bytes {
            return Err(IngestError::ZipBomb(format!(
                "OFD pages expand beyond {}",
                docx::human_size(limits.max_xml_bytes)
            )));
        }
        Ok(xml)
    };
    let root = doc_root(&part("OFD.xml")?)?;
    let root = resolve("", &root);
    let page_locs = page_locations(&part(&root)?, &root)?;
    let dir = parent(&root);
    let mut lines = Vec::new();
    for loc in page_locs {
        let path = resolve(dir, &loc);
        let content = part(&path)?;
        lines.extend(page_lines(&content, &path)?);
    }
    let text = paragraphs(&lines);
    if text.is_empty() {
        return Err(IngestError::NoText(Format::Ofd));
    }
    Ok(Document {
        text,
        format: Format::Ofd,
        warnings: Vec::new(),
        ocr: None,
    })
}

/// A zip path from a location written in an OFD part: absolute ones start at the package root,
/// relative ones at `dir`; `.` and `..` segments are resolved.
fn resolve(dir: &str, loc: &str) -> String {
    let loc = loc.trim().replace('\\', "/");
    let mut parts: Vec<&str> = if loc.starts_with('/') {
        Vec::new()
    } else {
        dir.split('/').filter(|p| !p.is_empty()).collect()
    };
    for seg in loc.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    parts.join("/")
}

fn parent(path: &str) -> &str {
    path.rsplit_once('/').map_or("", |(dir, _)| dir)
}

fn xml_error(part: &str, reader: &quick_xml::Reader<&[u8]>, e: &quick_xml::Error) -> IngestError {
    IngestError::BadOfd(format!(
        "{part} is not well-formed XML at byte {} ({e})",
        reader.error_position()
    ))
}

/// The text content of the first element named `element`.
fn first_text(xml: &str, part: &str, element: &[u8]) -> Result<Option<String>, IngestError> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut inside = false;
    loop {
        match reader
            .read_event()
            .map_err(|e| xml_error(part, &reader, &e))?
        {
            Event::Eof => return Ok(None),
            Event::Start(e) if e.local_name().as_ref() == element => inside = true,
            Event::Text(t) if inside => {
                let text = t.unescape().map_or_else(
                    |_| String::from_utf8_lossy(&t).into_owned(),
                    |t| t.into_owned(),
                );
                if !text.trim().is_empty() {
                    return Ok(Some(text.trim().to_string()));
                }
            }
            Event::End(e) if e.local_name().as_ref() == element => inside = false,
            _ => {}
        }
    }
}

/// `OFD.xml` → the path of the first document's `Document.xml`.
fn doc_root(xml: &str) -> Result<String, IngestError> {
    first_text(xml, "OFD.xml", b"DocRoot")?
        .ok_or_else(|| IngestError::BadOfd("OFD.xml names no DocRoot".into()))
}

fn attribute(e: &BytesStart, name: &[u8]) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == name)
        .map(|a| {
            // The parts are decoded to UTF-8 before parsing; only entities are left to resolve.
            let raw = String::from_utf8_lossy(&a.value);
            quick_xml::escape::unescape(&raw).map_or_else(|_| raw.to_string(), |v| v.into_owned())
        })
}

/// `Document.xml` → each page's content location, in page order.
fn page_locations(xml: &str, part: &str) -> Result<Vec<String>, IngestError> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut out = Vec::new();
    loop {
        match reader
            .read_event()
            .map_err(|e| xml_error(part, &reader, &e))?
        {
            Event::Eof => break,
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == b"Page" => {
                if let Some(loc) = attribute(&e, b"BaseLoc") {
                    out.push(loc);
                }
                if out.len() > MAX_PAGES {
                    return Err(IngestError::BadOfd(format!(
                        "it lists more than {MAX_PAGES} pages"
                    )));
                }
            }
            _ => {}
        }
    }
    if out.is_empty() {
        return Err(IngestError::BadOfd(format!("{part} lists no pages")));
    }
    Ok(out)
}

/// One `TextCode`: its text and where it is drawn on the page (millimetres, y down).
#[derive(Debug, Clone, PartialEq)]
struct Run {
    text: String,
    x: f64,
    /// Baseline.
    y: f64,
    /// Right end of its last character.
    right: f64,
    size: f64,
}

/// One line of print: its text and where it starts and ends.
#[derive(Debug, Clone, PartialEq)]
struct Line {
    text: String,
    left: f64,
    right: f64,
    y: f64,
    size: f64,
    /// First line of its page: a gap to the line before means nothing.
    page_start: bool,
}

/// Numbers of an attribute (`Boundary="x y w h"`, `DeltaX="5 g 3 5.2"`); junk counts as absent.
fn numbers(value: &str) -> Vec<f64> {
    value
        .split_whitespace()
        .map_while(|n| n.parse::<f64>().ok().filter(|n| n.is_finite()))
        .collect()
}

/// Total advance of `chars` characters from a `DeltaX` list, where `g N D` repeats D N times.
/// Missing deltas repeat the last one (or the font size), as a writer that omits them means.
fn advance(delta_x: &str, chars: usize, size: f64) -> f64 {
    let mut deltas: Vec<f64> = Vec::new();
    let mut tokens = delta_x.split_whitespace();
    while let Some(token) = tokens.next() {
        if deltas.len() >= chars {
            break;
        }
        if token == "g" {
            let count = tokens.next().and_then(|n| n.parse::<usize>().ok());
            let delta = tokens.next().and_then(|d| d.parse::<f64>().ok());
            if let (Some(count), Some(delta)) = (count, delta) {
                let room = chars.saturating_sub(deltas.len());
                deltas.extend(std::iter::repeat_n(delta, count.min(room)));
            }
        } else if let Ok(delta) = token.parse::<f64>() {
            deltas.push(delta);
        }
    }
    let step = deltas.last().copied().unwrap_or(size);
    // n characters have n - 1 deltas between them, then the last one's own width.
    let between: f64 = deltas.iter().take(chars.saturating_sub(1)).sum::<f64>()
        + step * chars.saturating_sub(1).saturating_sub(deltas.len()) as f64;
    if chars == 0 { 0.0 } else { between + size }
}

const IDENTITY: [f64; 6] = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];

/// Where a `TextObject` draws: its box's origin on the page, its font size and its CTM.
#[derive(Debug, Clone, Copy)]
struct Placement {
    x: f64,
    y: f64,
    size: f64,
    ctm: [f64; 6],
}

impl Placement {
    /// A code at (`x`, `y`) in the object's space, `width` wide there, placed on the page.
    fn run(&self, text: String, x: f64, y: f64, width: f64) -> Run {
        let [a, b, c, d, e, f] = self.ctm;
        let scale = |p: f64, q: f64| {
            let s = p.hypot(q);
            if s.is_finite() && s > 0.0 { s } else { 1.0 }
        };
        let page_x = self.x + a * x + c * y + e;
        Run {
            text,
            x: page_x,
            y: self.y + b * x + d * y + f,
            right: page_x + width * scale(a, b),
            size: self.size * scale(c, d),
        }
    }
}

/// A page's `Content.xml` → its lines of print, top to bottom.
fn page_lines(xml: &str, part: &str) -> Result<Vec<Line>, IngestError> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut runs = Vec::new();
    // The open TextObject's origin and font size, and the open TextCode's attributes.
    let mut object: Option<Placement> = None;
    let mut code: Option<(f64, f64, String, String)> = None;
    loop {
        match reader
            .read_event()
            .map_err(|e| xml_error(part, &reader, &e))?
        {
            Event::Eof => break,
            Event::Start(e) => match e.local_name().as_ref() {
                b"TextObject" => {
                    let boundary = attribute(&e, b"Boundary").map(|b| numbers(&b));
                    let (x, y) = match boundary.as_deref() {
                        Some([x, y, ..]) => (*x, *y),
                        _ => (0.0, 0.0),
                    };
                    let size = attribute(&e, b"Size")
                        .and_then(|s| s.trim().parse::<f64>().ok())
                        .filter(|s| s.is_finite() && *s > 0.0)
                        .unwrap_or(3.5);
                    // Some exporters draw in a scaled space (CTM "0.3528 0 0 0.3528 0 0", points to
                    // millimetres); the codes' positions and advances are in that space.
                    let ctm = match attribute(&e, b"CTM").map(|c| numbers(&c)).as_deref() {
                        Some(&[a, b, c, d, e, f]) => [a, b, c, d, e, f],
                        _ => IDENTITY,
                    };
                    object = Some(Placement { x, y, size, ctm });
                }
                b"TextCode" => {
                    let num = |name: &[u8]| {
                        attribute(&e, name)
                            .and_then(|v| v.trim().parse::<f64>().ok())
                            .filter(|v| v.is_finite())
                            .unwrap_or(0.0)
                    };
                    code = Some((
                        num(b"X"),
                        num(b"Y"),
                        attribute(&e, b"DeltaX").unwrap_or_default(),
                        String::new(),
                    ));
                }
                _ => {}
            },
            Event::Text(t) => {
                if let Some((_, _, _, text)) = code.as_mut() {
                    match t.unescape() {
                        Ok(s) => text.push_str(&s),
                        Err(_) => text.push_str(&String::from_utf8_lossy(&t)),
                    }
                }
            }
            Event::CData(t) => {
                if let Some((_, _, _, text)) = code.as_mut() {
                    text.push_str(&String::from_utf8_lossy(&t));
                }
            }
            Event::End(e) => match e.local_name().as_ref() {
                b"TextCode" => {
                    if let (Some((x, y, delta_x, text)), Some(object)) = (code.take(), object)
                        && !text.trim().is_empty()
                    {
                        let chars = text.chars().count();
                        let width = advance(&delta_x, chars, object.size);
                        runs.push(object.run(text, x, y, width));
                    }
                }
                b"TextObject" => object = None,
                _ => {}
            },
            _ => {}
        }
    }
    Ok(lines_of(runs))
}

/// Runs → lines: a run whose baseline is within half a font size of the line's joins it.
fn lines_of(mut runs: Vec<Run>) -> Vec<Line> {
    runs.sort_by(|a, b| a.y.total_cmp(&b.y).then(a.x.total_cmp(&b.x)));
    let mut groups: Vec<Vec<Run>> = Vec::new();
    for run in runs {
        match groups.last_mut() {
            Some(group)
                if group.first().is_some_and(|first| {
                    (run.y - first.y).abs() < first.size.max(run.size) / 2.0
                }) =>
            {
                group.push(run);
            }
            _ => groups.push(vec![run]),
        }
    }
    let mut out = Vec::with_capacity(groups.len());
    for (i, mut group) in groups.into_iter().enumerate() {
        group.sort_by(|a, b| a.x.total_cmp(&b.x));
        let mut text = String::new();
        let mut prev: Option<&Run> = None;
        for run in &group {
            if let Some(p) = prev {
                let gap = run.x - p.right;
                // Codes far apart on one baseline are table cells, tab-separated like docx rows;
                // Latin words set as separate codes keep a space where the print shows a gap.
                if gap > 1.5 * run.size.max(p.size) {
                    text.push('\t');
                } else if gap > run.size / 2.0
                    && text
                        .chars()
                        .last()
                        .is_some_and(|c| c.is_ascii_alphanumeric())
                    && run
                        .text
                        .chars()
                        .next()
                        .is_some_and(|c| c.is_ascii_alphanumeric())
                {
                    text.push(' ');
                }
            }
            text.push_str(&run.text);
            prev = Some(run);
        }
        let (Some(first), Some(last)) = (group.first(), group.last()) else {
            continue;
        };
        out.push(Line {
            text: text.trim().to_string(),
            left: first.x,
            right: group.iter().map(|r| r.right).fold(last.right, f64::max),
            y: first.y,
            size: first.size,
            page_start: i == 0,
        });
    }
    out
}

/// A page number as printed at a page's foot ("- 3 -", "— 12 —", "第 3 页", "3/12"): furniture,
/// not text, and it must not split a paragraph that runs on to the next page.
fn is_page_number(text: &str) -> bool {
    let core: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '第' | '页'))
        .collect();
    let core = core.trim_matches(|c| matches!(c, '-' | '—' | '–' | '－'));
    let mut parts = core.split(['/', '共']);
    // Up to three digits: a line of only a year or a count is more likely a table cell.
    let all_digits = |s: &str| (1..=3).contains(&s.len()) && s.chars().all(|c| c.is_ascii_digit());
    parts.next().is_some_and(all_digits) && parts.all(all_digits)
}

/// Lines → paragraphs, one per output line.
fn paragraphs(lines: &[Line]) -> String {
    let body: Vec<&Line> = lines
        .iter()
        .filter(|l| !l.text.is_empty() && !is_page_number(&l.text))
        .collect();
    // The text block's edges: the most common left and right ends (to a quarter of a character),
    // which indented first lines, centred titles and short last lines all leave alone.
    // Ties go to the outer value: with as many first lines as others, the margin is the outer one.
    let edge = |get: fn(&Line) -> f64, outer: f64| -> f64 {
        // Keyed by position in quarter characters: a hostile page may put every line elsewhere.
        let mut counts: std::collections::BTreeMap<i64, (usize, f64)> =
            std::collections::BTreeMap::new();
        for line in &body {
            let value = get(line);
            let key = (value / (line.size / 4.0)).round() as i64;
            counts.entry(key).or_insert((0, value)).0 += 1;
        }
        counts
            .values()
            .max_by(|a, b| a.0.cmp(&b.0).then((a.1 * outer).total_cmp(&(b.1 * outer))))
            .map_or(0.0, |(_, v)| *v)
    };
    let left = edge(|l| l.left, -1.0);
    let right = edge(|l| l.right, 1.0);
    let mut out: Vec<String> = Vec::new();
    let mut prev: Option<&Line> = None;
    for line in body {
        let continues = prev.is_some_and(|p| {
            let indented = line.left > left + 1.5 * line.size;
            let gap = !line.page_start && line.y - p.y > 2.5 * p.size.max(line.size);
            let ended_short = p.right < right - 1.5 * p.size;
            // A table row is a line of its own, as in every other reader.
            let row = p.text.contains('\t') || line.text.contains('\t');
            !(indented || gap || ended_short || row)
        });
        match out.last_mut() {
            Some(last) if continues => {
                // Latin words broken at the margin get their space back.
                if last.chars().last().is_some_and(|c| c.is_ascii_alphabetic())
                    && line
                        .text
                        .chars()
                        .next()
                        .is_some_and(|c| c.is_ascii_alphabetic())
                {
                    last.push(' ');
                }
                last.push_str(&line.text);
            }
            _ => out.push(line.text.clone()),
        }
        prev = Some(line);
    }
    out.join("\n")
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;

    fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
        let mut out = Cursor::new(Vec::new());
        {
            let mut zip = zip::ZipWriter::new(&mut out);
            let options = zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Deflated);
            for (name, bytes) in entries {
                zip.start_file(*name, options).expect("entry");
                zip.write_all(bytes).expect("write");
            }
            zip.finish().expect("zip");
        }
        out.into_inner()
    }

    const NS: &str = r#"xmlns:ofd="http://www.ofdspec.org/2016""#;

    /// An OFD whose pages hold `(x, y, text)` codes, each in its own 5 mm TextObject.
    fn ofd_of(pages: &[&[(f64, f64, &str)]]) -> Vec<u8> {
        let ofd = format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><ofd:OFD {NS} Version="1.0" DocType="OFD"><ofd:DocBody><ofd:DocInfo><ofd:DocID>x</ofd:DocID></ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>"#
        );
        let list: String = (0..pages.len())
            .map(|i| format!(r#"<ofd:Page ID="{i}" BaseLoc="Pages/Page_{i}/Content.xml"/>"#))
            .collect();
        let document = format!(
            r#"<ofd:Document {NS}><ofd:CommonData><ofd:PageArea><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:PageArea></ofd:CommonData><ofd:Pages>{list}</ofd:Pages></ofd:Document>"#
        );
        let contents: Vec<(String, String)> = pages
            .iter()
            .enumerate()
            .map(|(i, codes)| {
                let objects: String = codes
                    .iter()
                    .map(|(x, y, text)| {
                        let n = text.chars().count();
                        format!(
                            r#"<ofd:TextObject ID="1" Boundary="{x} {} {} 7" Font="1" Size="5"><ofd:TextCode X="0" Y="5" DeltaX="g {} 5">{text}</ofd:TextCode></ofd:TextObject>"#,
                            y - 5.0,
                            5 * n,
                            n.saturating_sub(1)
                        )
                    })
                    .collect();
                (
                    format!("Doc_0/Pages/Page_{i}/Content.xml"),
                    format!(
                        r#"<ofd:Page {NS}><ofd:Content><ofd:Layer ID="0">{objects}</ofd:Layer></ofd:Content></ofd:Page>"#
                    ),
                )
            })
            .collect();
        let mut entries: Vec<(&str, &[u8])> = vec![
            ("OFD.xml", ofd.as_bytes()),
            ("Doc_0/Document.xml", document.as_bytes()),
        ];
        for (name, xml) in &contents {
            entries.push((name, xml.as_bytes()));
        }
        zip_of(&entries)
    }

    fn text_of(bytes: &[u8]) -> Result<String, String> {
        read(bytes).map(|d| d.text).map_err(|e| e.to_string())
    }

    #[test]
    fn lines_and_paragraphs_are_rebuilt_from_positions() {
        // 6 characters a line (20..50 mm), first lines indented two characters; codes out of order.
        let page1: &[(f64, f64, &str)] = &[
            (30.0, 20.0, "年度报告"),
            (20.0, 40.0, "告如下。"),
            (30.0, 32.0, "现将情况"),
            (30.0, 48.0, "一、领导"),
            (30.0, 56.0, "全年收到"),
            (20.0, 64.0, "申请26件，"),
            (95.0, 200.0, "- 1 -"),
        ];
        let page2: &[(f64, f64, &str)] = &[(20.0, 20.0, "依法受理22"), (20.0, 28.0, "件。")];
        assert_eq!(
            text_of(&ofd_of(&[page1, page2])).as_deref(),
            Ok("年度报告\n现将情况告如下。\n一、领导\n全年收到申请26件，依法受理22件。")
        );
    }

    #[test]
    fn one_line_in_many_codes_reads_left_to_right() {
        let page: &[(f64, f64, &str)] = &[
            (30.0, 20.3, "政府"),
            (20.0, 20.0, "法治"),
            (40.0, 19.8, "建设"),
        ];
        assert_eq!(text_of(&ofd_of(&[page])).as_deref(), Ok("法治政府建设"));
    }

    #[test]
    fn a_scaled_object_is_placed_through_its_ctm() {
        // Points scaled to millimetres: the second code sits 20 mm right of the first.
        let content = format!(
            r#"<ofd:Page {NS}><ofd:Content><ofd:Layer>
            <ofd:TextObject Boundary="20 20 100 10" CTM="0.3528 0 0 0.3528 0 0" Size="14.17"><ofd:TextCode X="56.7" Y="12" DeltaX="g 1 14.17">政府</ofd:TextCode></ofd:TextObject>
            <ofd:TextObject Boundary="20 20 100 10" Size="5"><ofd:TextCode X="0" Y="4.2" DeltaX="5">法治</ofd:TextCode></ofd:TextObject>
            </ofd:Layer></ofd:Content></ofd:Page>"#
        );
        let lines = page_lines(&content, "Content.xml").expect("parses");
        let texts: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(texts, ["法治\t政府"]);
        let line = lines.first().expect("a line");
        assert!((line.right - (20.0 + 20.0 + 10.0)).abs() < 0.1, "{line:?}");
        assert!((line.size - 5.0).abs() < 0.1, "{line:?}");
    }

    #[test]
    fn cells_far_apart_are_tab_separated() {
        let page: &[(f64, f64, &str)] = &[
            (20.0, 20.0, "指标"),
            (80.0, 20.0, "数值"),
            (20.0, 30.0, "复议"),
            (80.0, 30.0, "26件"),
            (20.0, 40.0, "Rule"),
            (43.0, 40.0, "of law"),
        ];
        assert_eq!(
            text_of(&ofd_of(&[page])).as_deref(),
            Ok("指标\t数值\n复议\t26件\nRule of law")
        );
    }

    #[test]
    fn pages_listed_over_and_over_are_a_bomb() {
        let limits = docx::Limits {
            max_entries: 100,
            max_xml_bytes: 64 * 1024,
            max_ratio: 250,
        };
        let line = "法治政府建设".repeat(20);
        let page: Vec<(f64, f64, &str)> = (0..20)
            .map(|i| (20.0, 20.0 + 8.0 * f64::from(i), line.as_str()))
            .collect();
        let pages: Vec<&[(f64, f64, &str)]> = vec![&page; 40];
        let err = read_with(&ofd_of(&pages), &limits).expect_err("too much");
        assert_eq!(
            err.to_string(),
            "zip bomb: OFD pages expand beyond 65536 bytes"
        );
    }

    #[test]
    fn delta_x_lists_are_expanded() {
        let cases = [
            ("", 3, 5.0, 15.0),
            ("g 2 5", 3, 5.0, 15.0),
            ("4 6", 3, 5.0, 15.0),
            ("5", 3, 5.0, 15.0),
            ("g 9 2", 2, 5.0, 7.0),
            ("junk", 1, 5.0, 5.0),
        ];
        for (delta, chars, size, want) in cases {
            assert!(
                (advance(delta, chars, size) - want).abs() < 1e-9,
                "{delta:?} {chars}"
            );
        }
    }

    #[test]
    fn page_numbers_are_furniture() {
        for (text, want) in [
            ("- 3 -", true),
            ("— 12 —", true),
            ("第 3 页", true),
            ("第3页共12页", true),
            ("3/12", true),
            ("26件", false),
            ("2019", false),
            ("12", true),
            ("一、", false),
        ] {
            assert_eq!(is_page_number(text), want, "{text}");
        }
    }

    #[test]
    fn locations_resolve_against_their_part() {
        assert_eq!(resolve("", "/Doc_0/Document.xml"), "Doc_0/Document.xml");
        assert_eq!(
            resolve("Doc_0", "Pages/P_0/Content.xml"),
            "Doc_0/Pages/P_0/Content.xml"
        );
        assert_eq!(resolve("Doc_0", "/Doc_0/Pages/1.xml"), "Doc_0/Pages/1.xml");
        assert_eq!(resolve("Doc_0/Pages", "../Res/x.xml"), "Doc_0/Res/x.xml");
    }

    #[test]
    fn hostile_files_are_clear_errors() {
        let bomb = vec![b' '; 20 * 1024 * 1024];
        let err = text_of(&zip_of(&[("OFD.xml", &bomb)])).expect_err("bomb");
        assert_eq!(err, "zip bomb: OFD.xml is compressed more than 250:1");
        let err = text_of(&zip_of(&[("OFD.xml", b"<ofd:OFD/>")])).expect_err("no root");
        assert_eq!(err, "damaged OFD: OFD.xml names no DocRoot");
        let err = text_of(&zip_of(&[(
            "OFD.xml",
            b"<OFD><DocBody><DocRoot>Doc_0/Document.xml</DocRoot></DocBody></OFD>",
        )]))
        .expect_err("no document");
        assert_eq!(err, "damaged OFD: Doc_0/Document.xml is missing");
        let mut truncated = ofd_of(&[&[(20.0, 20.0, "法治")]]);
        truncated.truncate(truncated.len() / 2);
        let err = text_of(&truncated).expect_err("truncated");
        assert!(err.starts_with("damaged OFD: "), "{err}");
        let empty = ofd_of(&[&[]]);
        assert_eq!(
            text_of(&empty),
            Err("no text found in the ofd document".into())
        );
    }
}
