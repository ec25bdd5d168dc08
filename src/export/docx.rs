//! A comparison → a Word document (.docx) that opens in Word, WPS and LibreOffice: title, reports,
//! biggest differences, coverage, indicators and the checklist (in a landscape section, where wide
//! tables fit), then each topic's paired sentences side by side, deletions struck through and
//! insertions underlined (not colour alone), numbers in bold. Body in 宋体, headings in 黑体, A4.
//!
//! Written as WordprocessingML with the `zip` crate the docx reader already uses. docx-rs was
//! weighed: it would bring a third `zip` and a second `quick-xml` into the binary for what is a
//! few hundred lines of markup here.

use std::fmt::Write as _;
use std::io::{Cursor, Write as _};

use zip::write::SimpleFileOptions;

use super::summary::{self, Mark};
use super::{ExportError, MAX_LIST, MAX_SPREADS, first_value};
use crate::model::{Comparison, DiffOp, Pair, ReportInfo, Status};
use crate::tables::tables;

/// Paired sentences per topic; the JSON / XLSX exports hold them all.
const MAX_PAIRS_PER_TOPIC: usize = 60;
/// A printed summary lists this many plans made by one report only.
const MAX_ONLY_COMMITMENTS: usize = 12;

/// A4 in twentieths of a point, and margins of 2.54 cm / 1.9 cm.
const A4_SHORT: u32 = 11906;
const A4_LONG: u32 = 16838;
const MARGIN: u32 = 1440;
const MARGIN_LANDSCAPE: u32 = 1077;

/// How a run of text is drawn.
#[derive(Clone, Copy, Default)]
struct Look {
    bold: bool,
    strike: bool,
    underline: bool,
    /// Shading (hex RGB) behind the run.
    shade: Option<&'static str>,
}

const PLAIN: Look = Look {
    bold: false,
    strike: false,
    underline: false,
    shade: None,
};

/// The body of word/document.xml, built paragraph by paragraph.
#[derive(Default)]
struct Body {
    xml: String,
}

impl Body {
    fn heading(&mut self, level: u8, text: &str) {
        let _ = write!(
            self.xml,
            "<w:p><w:pPr><w:pStyle w:val=\"Heading{level}\"/></w:pPr>{}</w:p>",
            run(text, PLAIN)
        );
    }

    fn title(&mut self, text: &str) {
        let _ = write!(
            self.xml,
            "<w:p><w:pPr><w:pStyle w:val=\"Title\"/></w:pPr>{}</w:p>",
            run(text, PLAIN)
        );
    }

    fn para(&mut self, runs: &str) {
        let _ = write!(self.xml, "<w:p>{runs}</w:p>");
    }

    fn text(&mut self, text: &str) {
        self.para(&run(text, PLAIN));
    }

    /// A table with a header row; each cell is already a string of runs.
    fn table(&mut self, header: &[String], rows: &[Vec<Cell>], widths: &[u32]) {
        self.xml.push_str(
            "<w:tbl><w:tblPr><w:tblStyle w:val=\"Grid\"/><w:tblW w:w=\"0\" w:type=\"auto\"/>\
             <w:tblLayout w:type=\"fixed\"/></w:tblPr><w:tblGrid>",
        );
        for w in widths {
            let _ = write!(self.xml, "<w:gridCol w:w=\"{w}\"/>");
        }
        self.xml
            .push_str("</w:tblGrid><w:tr><w:trPr><w:tblHeader/></w:trPr>");
        for (i, h) in header.iter().enumerate() {
            cell_xml(
                &mut self.xml,
                &Cell {
                    runs: run(
                        h,
                        Look {
                            bold: true,
                            ..PLAIN
                        },
                    ),
                    fill: Some("E8EEF7"),
                },
                widths.get(i).copied().unwrap_or(1000),
            );
        }
        self.xml.push_str("</w:tr>");
        for row in rows {
            self.xml.push_str("<w:tr><w:trPr><w:cantSplit/></w:trPr>");
            for (i, c) in row.iter().enumerate() {
                cell_xml(&mut self.xml, c, widths.get(i).copied().unwrap_or(1000));
            }
            self.xml.push_str("</w:tr>");
        }
        // Word needs a paragraph between two tables and after the last one.
        self.xml.push_str("</w:tbl><w:p/>");
    }

    /// Ends the section so far: everything before this break is laid out as `landscape` says.
    fn section_break(&mut self, landscape: bool) {
        let _ = write!(self.xml, "<w:p><w:pPr>{}</w:pPr></w:p>", sect_pr(landscape));
    }
}

struct Cell {
    runs: String,
    fill: Option<&'static str>,
}

impl Cell {
    fn text(s: &str) -> Cell {
        Cell {
            runs: run(s, PLAIN),
            fill: None,
        }
    }
}

fn cell_xml(xml: &mut String, c: &Cell, width: u32) {
    let _ = write!(xml, "<w:tc><w:tcPr><w:tcW w:w=\"{width}\" w:type=\"dxa\"/>");
    if let Some(fill) = c.fill {
        let _ = write!(
            xml,
            "<w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"{fill}\"/>"
        );
    }
    let _ = write!(xml, "</w:tcPr><w:p>{}</w:p></w:tc>", c.runs);
}

fn sect_pr(landscape: bool) -> String {
    let (w, h, orient, margin) = if landscape {
        (
            A4_LONG,
            A4_SHORT,
            " w:orient=\"landscape\"",
            MARGIN_LANDSCAPE,
        )
    } else {
        (A4_SHORT, A4_LONG, "", MARGIN)
    };
    format!(
        "<w:sectPr><w:pgSz w:w=\"{w}\" w:h=\"{h}\"{orient}/><w:pgMar w:top=\"{margin}\" \
         w:right=\"{margin}\" w:bottom=\"{margin}\" w:left=\"{margin}\" w:header=\"720\" \
         w:footer=\"720\" w:gutter=\"0\"/></w:sectPr>"
    )
}

/// One run of text. Line breaks become <w:br/>; characters XML cannot hold are dropped.
fn run(text: &str, look: Look) -> String {
    let mut props = String::new();
    if look.bold {
        props.push_str("<w:b/>");
    }
    if look.strike {
        props.push_str("<w:strike/>");
    }
    if look.underline {
        props.push_str("<w:u w:val=\"single\"/>");
    }
    if let Some(fill) = look.shade {
        let _ = write!(
            props,
            "<w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"{fill}\"/>"
        );
    }
    let mut out = String::from("<w:r>");
    if !props.is_empty() {
        let _ = write!(out, "<w:rPr>{props}</w:rPr>");
    }
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push_str("<w:br/>");
        }
        let _ = write!(out, "<w:t xml:space=\"preserve\">{}</w:t>", esc(line));
    }
    out.push_str("</w:r>");
    out
}

/// Text safe in XML: markup characters escaped, control characters (which XML 1.0 forbids)
/// dropped.
fn esc(s: &str) -> String {
    let xml_chars: String = s
        .chars()
        .filter_map(|c| match c {
            '\t' => Some(' '),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => None,
            c => Some(c),
        })
        .collect();
    // The markup characters are escaped as for HTML (the same five entities are valid XML).
    super::html::esc(&xml_chars)
}

pub fn to_docx(c: &Comparison) -> Result<Vec<u8>, ExportError> {
    let names: Vec<String> = c.reports.iter().map(ReportInfo::display_name).collect();
    let name = |i: usize| names.get(i).cloned().unwrap_or_else(|| format!("#{i}"));
    let mut b = Body::default();

    b.title("法治政府建设报告对比");
    b.text(&format!(
        "{} 份报告 · {} 组配对句 · duibi 生成",
        c.reports.len(),
        c.pairs.len()
    ));
    reports(&mut b, c, &name);
    differences(&mut b, c, &name);
    b.section_break(false);

    coverage(&mut b, c, &name);
    indicators(&mut b, c, &name);
    checklist(&mut b, c, &name);
    notes(&mut b, c);
    copied(&mut b, c, &name);
    b.section_break(true);

    pairs(&mut b, c, &name);
    package(&b.xml)
}

fn reports(b: &mut Body, c: &Comparison, name: &dyn Fn(usize) -> String) {
    b.heading(1, "报告");
    let rows: Vec<Vec<Cell>> = c
        .reports
        .iter()
        .enumerate()
        .map(|(i, r)| {
            vec![
                Cell::text(&(i + 1).to_string()),
                Cell::text(&name(i)),
                Cell::text(&r.title),
                Cell::text(r.error.as_deref().map_or("可读", |e| e)),
            ]
        })
        .collect();
    let header = ["#", "地区 年份", "标题", "状态"].map(String::from);
    b.table(&header, &rows, &[500, 2400, 4600, 1500]);
}

fn differences(b: &mut Body, c: &Comparison, name: &dyn Fn(usize) -> String) {
    b.heading(1, "主要差异");
    let hl = &c.highlights;
    if hl.spreads.is_empty() && hl.uncovered.is_empty() && hl.only_commitments.is_empty() {
        b.text("（无）");
        return;
    }
    if !hl.spreads.is_empty() {
        b.heading(2, "指标差距最大");
        for s in hl.spreads.iter().take(MAX_SPREADS) {
            if let Some(row) = c.metrics.get(s.row) {
                b.text(&format!(
                    "{}：最高 {} {}，最低 {} {}",
                    row.label,
                    name(s.highest),
                    first_value(row, s.highest),
                    name(s.lowest),
                    first_value(row, s.lowest)
                ));
            }
        }
    }
    if !hl.uncovered.is_empty() {
        b.heading(2, "未涉及的主题");
        for u in hl.uncovered.iter().take(MAX_LIST) {
            b.text(&format!(
                "{} 未涉及「{}」",
                name(u.report),
                tables().topic_label(&u.topic)
            ));
        }
        // Cut for print like the other lists, and said so (it was cut silently).
        let more = hl.uncovered.len().saturating_sub(MAX_LIST);
        if more > 0 {
            b.text(&format!("另有 {more} 条见 JSON / XLSX 导出。"));
        }
    }
    if !hl.only_commitments.is_empty() {
        b.heading(2, "仅一方作出的承诺");
        for &k in hl.only_commitments.iter().take(MAX_ONLY_COMMITMENTS) {
            if let Some(m) = c.commitments.get(k) {
                b.text(&format!("{}：{}", name(m.report), m.text));
            }
        }
        let more = hl
            .only_commitments
            .len()
            .saturating_sub(MAX_ONLY_COMMITMENTS);
        if more > 0 {
            b.text(&format!("另有 {more} 条见 JSON / XLSX 导出。"));
        }
    }
}

/// Column widths for a table of a label column and one column per report, on landscape A4.
fn report_columns(reports: usize, label: u32) -> Vec<u32> {
    let usable = A4_LONG - 2 * MARGIN_LANDSCAPE;
    let each = (usable.saturating_sub(label) / reports.max(1) as u32).max(700);
    std::iter::once(label)
        .chain(std::iter::repeat_n(each, reports))
        .collect()
}

fn header_row(first: &str, c: &Comparison, name: &dyn Fn(usize) -> String) -> Vec<String> {
    std::iter::once(first.to_string())
        .chain((0..c.reports.len()).map(name))
        .collect()
}

/// Coverage: see `summary::coverage`; key topics bold, no shading.
fn coverage(b: &mut Body, c: &Comparison, name: &dyn Fn(usize) -> String) {
    b.heading(1, "覆盖（段落 / 数字）");
    let rows: Vec<Vec<Cell>> = summary::coverage(c)
        .into_iter()
        .map(|(t, cells)| {
            let label = Cell {
                runs: run(
                    &t.label,
                    Look {
                        bold: t.key,
                        ..PLAIN
                    },
                ),
                fill: None,
            };
            std::iter::once(label)
                .chain(cells.iter().map(|x| Cell::text(&x.text())))
                .collect()
        })
        .collect();
    b.table(
        &header_row("主题", c, name),
        &rows,
        &report_columns(c.reports.len(), 2600),
    );
}

/// Indicators: see `summary::indicators`; values bold, ▲/▼ before them.
fn indicators(b: &mut Body, c: &Comparison, name: &dyn Fn(usize) -> String) {
    b.heading(1, "指标");
    if c.metrics.is_empty() {
        b.text("没有可比指标。");
        return;
    }
    b.text("数字加粗；▲ 最高，▼ 最低（同一单位）。");
    let rows: Vec<Vec<Cell>> = summary::indicators(c)
        .into_iter()
        .map(|(row, report_cells)| {
            let mut cells = vec![Cell::text(&row.label)];
            for cell in report_cells {
                let values: Vec<String> = cell.values.iter().map(|v| v.as_written()).collect();
                let mark = cell.mark.map_or("", Mark::arrow);
                let runs = if values.is_empty() {
                    run("—", PLAIN)
                } else {
                    format!(
                        "{}{}",
                        run(mark, PLAIN),
                        run(
                            &values.join("、"),
                            Look {
                                bold: true,
                                ..PLAIN
                            }
                        )
                    )
                };
                cells.push(Cell { runs, fill: None });
            }
            cells
        })
        .collect();
    b.table(
        &header_row("指标", c, name),
        &rows,
        &report_columns(c.reports.len(), 2600),
    );
}

fn checklist(b: &mut Body, c: &Comparison, name: &dyn Fn(usize) -> String) {
    b.heading(1, "体检");
    b.text(&format!("依据 {}", crate::check::loaded_rules().source));
    let rows: Vec<Vec<Cell>> = crate::check::rows_with_notes(&c.checks, &c.notes)
        .iter()
        .map(|row| {
            std::iter::once(Cell::text(&row.label))
                .chain(row.cells.iter().map(|x| Cell {
                    runs: match &x.note {
                        Some(n) => {
                            format!("{}{}", run(&x.text, PLAIN), run(&format!("\n✎ {n}"), PLAIN))
                        }
                        None => run(&x.text, PLAIN),
                    },
                    fill: match x.status {
                        Some(Status::Present) => Some("DFF5E3"),
                        Some(Status::Thin) => Some("FFF3CD"),
                        Some(Status::Missing) => Some("FDE4E6"),
                        None => None,
                    },
                }))
                .collect()
        })
        .collect();
    b.table(
        &header_row("要求", c, name),
        &rows,
        &report_columns(c.reports.len(), 3600),
    );
}

/// Every note of the reviewer, with what it annotates (`notes::rows`).
fn notes(b: &mut Body, c: &Comparison) {
    let rows = crate::notes::rows(c);
    if rows.is_empty() {
        return;
    }
    b.heading(1, "批注");
    let cells: Vec<Vec<Cell>> = rows
        .iter()
        .map(|r| {
            vec![
                Cell::text(&r.reports),
                Cell::text(&r.what),
                Cell::text(&r.text),
            ]
        })
        .collect();
    b.table(
        &["报告".to_string(), "对象".to_string(), "批注".to_string()],
        &cells,
        &[2400, 6400, 4600],
    );
}

/// The sentences many reports share (模板句), most shared first; only when computed.
fn copied(b: &mut Body, c: &Comparison, name: &dyn Fn(usize) -> String) {
    let rows = super::summary::copied(c, name);
    if rows.is_empty() {
        return;
    }
    b.heading(1, super::summary::COPIED_TITLE);
    let cells: Vec<Vec<Cell>> = rows
        .iter()
        .map(|r| {
            vec![
                Cell::text(&r.reports.to_string()),
                Cell::text(r.text),
                Cell::text(&r.earliest_text()),
                Cell::text(&r.used_by),
            ]
        })
        .collect();
    let header = super::summary::COPIED_HEADER.map(String::from);
    b.table(&header, &cells, &[1100, 7400, 1100, 5000]);
}

fn pairs(b: &mut Body, c: &Comparison, name: &dyn Fn(usize) -> String) {
    b.heading(1, "逐题对照");
    b.text("删去的字词加删除线，新增的加下划线，数字加粗。");
    for t in &c.topics {
        let list: Vec<&Pair> = c.pairs.iter().filter(|p| p.topic == t.id).collect();
        if list.is_empty() {
            continue;
        }
        b.heading(2, &t.label);
        for ((a, bb), group) in super::pairs_by_reports(&list, MAX_PAIRS_PER_TOPIC) {
            let rows: Vec<Vec<Cell>> = group
                .iter()
                .map(|p| {
                    vec![
                        Cell {
                            runs: side(p, DiffOp::Delete),
                            fill: None,
                        },
                        Cell {
                            runs: side(p, DiffOp::Insert),
                            fill: None,
                        },
                        Cell::text(&format!("{:.2}", p.similarity)),
                    ]
                })
                .collect();
            let header = vec![name(a), name(bb), "相似度".to_string()];
            b.table(&header, &rows, &[4300, 4300, 900]);
        }
        if list.len() > MAX_PAIRS_PER_TOPIC {
            b.text(&format!(
                "另有 {} 组配对见 JSON / XLSX 导出。",
                list.len() - MAX_PAIRS_PER_TOPIC
            ));
        }
    }
}

/// One side of a pair: the equal text plus this side's changes, struck (left) or underlined
/// (right); a changed number is bold as well.
fn side(p: &Pair, changed: DiffOp) -> String {
    let mut out = String::new();
    for span in &p.diff {
        let look = match span.op {
            DiffOp::Equal => PLAIN,
            op if op == changed => Look {
                bold: span.number,
                strike: changed == DiffOp::Delete,
                underline: changed == DiffOp::Insert,
                shade: Some(if changed == DiffOp::Delete {
                    "FDE4E6"
                } else {
                    "DFF5E3"
                }),
            },
            _ => continue,
        };
        out.push_str(&run(&span.text, look));
    }
    out
}

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/></Types>"#;

const ROOT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;

const DOCUMENT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>"#;

/// 宋体 (SimSun) for the body and 黑体 (SimHei) for headings: fonts every Chinese Word and WPS has.
const STYLES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="宋体" w:cs="Times New Roman"/><w:sz w:val="21"/><w:szCs w:val="21"/><w:lang w:val="en-US" w:eastAsia="zh-CN"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="60" w:line="300" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style><w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/><w:pPr><w:jc w:val="center"/><w:spacing w:after="240"/></w:pPr><w:rPr><w:rFonts w:ascii="Arial" w:hAnsi="Arial" w:eastAsia="黑体"/><w:b/><w:sz w:val="36"/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:pPr><w:keepNext/><w:spacing w:before="240" w:after="120"/><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:rFonts w:ascii="Arial" w:hAnsi="Arial" w:eastAsia="黑体"/><w:b/><w:sz w:val="30"/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/><w:basedOn w:val="Normal"/><w:pPr><w:keepNext/><w:spacing w:before="180" w:after="80"/><w:outlineLvl w:val="1"/></w:pPr><w:rPr><w:rFonts w:ascii="Arial" w:hAnsi="Arial" w:eastAsia="黑体"/><w:b/><w:sz w:val="26"/></w:rPr></w:style><w:style w:type="table" w:styleId="Grid"><w:name w:val="Table Grid"/><w:tblPr><w:tblBorders><w:top w:val="single" w:sz="4" w:space="0" w:color="BFBFBF"/><w:left w:val="single" w:sz="4" w:space="0" w:color="BFBFBF"/><w:bottom w:val="single" w:sz="4" w:space="0" w:color="BFBFBF"/><w:right w:val="single" w:sz="4" w:space="0" w:color="BFBFBF"/><w:insideH w:val="single" w:sz="4" w:space="0" w:color="BFBFBF"/><w:insideV w:val="single" w:sz="4" w:space="0" w:color="BFBFBF"/></w:tblBorders><w:tblCellMar><w:left w:w="80" w:type="dxa"/><w:right w:w="80" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style></w:styles>"#;

/// The zip package around the body; the body's last section is portrait.
fn package(body: &str) -> Result<Vec<u8>, ExportError> {
    let document = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:document \
         xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>{body}{}</w:body></w:document>",
        sect_pr(false)
    );
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, text) in [
        ("[Content_Types].xml", CONTENT_TYPES),
        ("_rels/.rels", ROOT_RELS),
        ("word/_rels/document.xml.rels", DOCUMENT_RELS),
        ("word/styles.xml", STYLES),
        ("word/document.xml", document.as_str()),
    ] {
        zip.start_file(name, options).map_err(ExportError::Docx)?;
        zip.write_all(text.as_bytes())
            .map_err(|e| ExportError::Docx(e.into()))?;
    }
    let cursor = zip.finish().map_err(ExportError::Docx)?;
    Ok(cursor.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::testdata::{HOSTILE, comparison};

    /// A list cut for print says how many it left out.
    #[test]
    fn a_long_uncovered_list_says_how_many_more() {
        let (mut c, _) = comparison();
        let extra = MAX_LIST + 7;
        c.highlights.uncovered = (0..extra)
            .map(|_| crate::model::Uncovered {
                topic: "enforcement".into(),
                report: 0,
            })
            .collect();
        let bytes = to_docx(&c).expect("docx");
        let doc = crate::ingest::read_bytes(std::path::Path::new("x.docx"), &bytes).expect("read");
        assert!(
            doc.text.contains("另有 7 条见 JSON / XLSX 导出。"),
            "{}",
            doc.text
        );
    }

    #[test]
    fn values_keep_their_qualifier() {
        let bytes = to_docx(&crate::export::testdata::qualified()).expect("docx");
        let doc = crate::ingest::read_bytes(std::path::Path::new("x.docx"), &bytes).expect("read");
        for want in crate::export::testdata::QUALIFIED {
            assert!(doc.text.contains(want), "{want}");
        }
    }

    /// The export read back by duibi's own docx reader: every paired sentence and the checklist
    /// are there, report text is escaped, and the markup says strike / underline / bold.
    #[test]
    fn round_trips_through_the_docx_reader() {
        let (c, _) = comparison();
        let bytes = to_docx(&c).expect("docx");
        let doc = crate::ingest::read_bytes(std::path::Path::new("x.docx"), &bytes)
            .expect("our reader opens it");
        let text = doc.text;
        for p in &c.pairs {
            let left: String = p
                .diff
                .iter()
                .filter(|s| s.op != DiffOp::Insert)
                .map(|s| s.text.as_str())
                .collect();
            assert!(text.contains(left.trim()), "missing pair side {left}");
        }
        for row in crate::check::rows(&c.checks) {
            assert!(text.contains(&row.label), "{}", row.label);
        }
        assert!(text.contains(HOSTILE), "hostile text kept as text");

        let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).expect("zip");
        let mut xml = String::new();
        std::io::Read::read_to_string(
            &mut archive.by_name("word/document.xml").expect("document"),
            &mut xml,
        )
        .expect("utf-8");
        assert!(xml.contains("<w:strike/>") && xml.contains("<w:u w:val=\"single\"/>"));
        assert!(xml.contains("w:orient=\"landscape\""));
        assert!(!xml.contains("<script"), "report text escaped");
    }

    #[test]
    fn control_characters_never_reach_the_xml() {
        assert_eq!(esc("a\u{1}b<c>&\"d\te"), "ab&lt;c&gt;&amp;&quot;d e");
    }

    /// The 模板句 table read back: the sentence, how many reports and which; none without.
    #[test]
    fn copied_sentences_are_a_table_only_when_computed() {
        let c = crate::export::testdata::with_copied();
        let bytes = to_docx(&c).expect("docx");
        let doc = crate::ingest::read_bytes(std::path::Path::new("x.docx"), &bytes).expect("read");
        let section = doc
            .text
            .split(super::super::summary::COPIED_TITLE)
            .nth(1)
            .expect("a 模板句 heading");
        let shared = crate::export::testdata::shared_sentence();
        assert!(section.contains(&shared), "{section}");
        assert!(
            section.contains("甲市 2021、乙市 2019、丙市 2020"),
            "{section}"
        );
        let (plain, _) = comparison();
        let doc = crate::ingest::read_bytes(
            std::path::Path::new("x.docx"),
            &to_docx(&plain).expect("docx"),
        )
        .expect("read");
        assert!(!doc.text.contains("模板句"));
    }
}
