//! Word documents → text: one line per paragraph, one line per table row.
//!
//! Input: the bytes of a `.docx` (a zip holding `word/document.xml`). Output: paragraph text in
//! document order; `w:tab` is a tab, `w:br` a line break, and a table row is one line with its cells
//! separated by `'\t'`. The zip is untrusted: entry count, expanded size and compression ratio are
//! capped while reading, whatever its headers claim.

use std::io::{Cursor, Read};

use quick_xml::events::Event;
use zip::ZipArchive;
use zip::result::ZipError;

use super::{Document, Format, IngestError};

mod numbering;

use numbering::{Numbering, ParagraphNumbering};

pub(super) struct Limits {
    /// Real documents have a few dozen entries; a zip with many thousands is built to exhaust.
    pub max_entries: usize,
    /// Upper bound on the expanded `word/document.xml`, enforced on the bytes actually inflated.
    pub max_xml_bytes: u64,
    /// Word's XML deflates around 5–30:1; a ratio far above that is a bomb, not a report.
    pub max_ratio: u64,
}

pub(super) const LIMITS: Limits = Limits {
    max_entries: 10_000,
    max_xml_bytes: 200 * 1024 * 1024,
    max_ratio: 250,
};

/// The ratio is only judged past this size: tiny entries have meaningless ratios.
const RATIO_FLOOR: u64 = 1024 * 1024;

pub(super) fn read(bytes: &[u8]) -> Result<Document, IngestError> {
    read_with(bytes, &LIMITS)
}

pub(super) fn read_with(bytes: &[u8], limits: &Limits) -> Result<Document, IngestError> {
    let mut archive = ZipArchive::new(Cursor::new(bytes)).map_err(zip_error)?;
    if archive.len() > limits.max_entries {
        return Err(IngestError::ZipBomb(format!(
            "docx has {} entries (limit {})",
            archive.len(),
            limits.max_entries
        )));
    }
    let Some(xml) = entry_text(&mut archive, "word/document.xml", limits)? else {
        return Err(other_zip_kind(&archive));
    };
    // Numbering is optional: a document without lists has neither part.
    let mut numbering = Numbering::parse(
        entry_text(&mut archive, "word/numbering.xml", limits)?.as_deref(),
        entry_text(&mut archive, "word/styles.xml", limits)?.as_deref(),
    );
    let text = paragraphs(&xml, &mut numbering)?;
    if text.is_empty() {
        return Err(IngestError::NoText(Format::Docx));
    }
    Ok(Document {
        text,
        format: Format::Docx,
        warnings: Vec::new(),
        ocr: None,
    })
}

/// The text of one XML part, inflated within the limits; None when the part is missing.
fn entry_text(
    archive: &mut ZipArchive<Cursor<&[u8]>>,
    name: &str,
    limits: &Limits,
) -> Result<Option<String>, IngestError> {
    zip_entry_text(archive, name, limits, &DOCX_ZIP)
}

/// How a zip-based format names itself in errors: OFD shares these caps and checks.
pub(super) struct ZipKind {
    pub name: &'static str,
    pub damaged: fn(String) -> IngestError,
}

const DOCX_ZIP: ZipKind = ZipKind {
    name: "docx",
    damaged: IngestError::BadDocx,
};

/// [`entry_text`] for any zip-based format.
pub(super) fn zip_entry_text(
    archive: &mut ZipArchive<Cursor<&[u8]>>,
    name: &str,
    limits: &Limits,
    kind: &ZipKind,
) -> Result<Option<String>, IngestError> {
    let mut entry = match archive.by_name(name) {
        Ok(entry) => entry,
        Err(ZipError::FileNotFound) => return Ok(None),
        Err(err) => return Err(zip_error_as(err, kind)),
    };
    let too_big = || {
        IngestError::ZipBomb(format!(
            "{} expands beyond {}",
            kind.name,
            human_size(limits.max_xml_bytes)
        ))
    };
    let compressed = entry.compressed_size().max(1);
    let too_dense = |size: u64| size > RATIO_FLOOR && size / compressed > limits.max_ratio;
    let bomb_ratio = || {
        IngestError::ZipBomb(format!(
            "{name} is compressed more than {}:1",
            limits.max_ratio
        ))
    };
    // The declared size settles the obvious cases without inflating anything.
    if entry.size() > limits.max_xml_bytes {
        return Err(too_big());
    }
    if too_dense(entry.size()) {
        return Err(bomb_ratio());
    }
    let mut xml = Vec::new();
    let mut chunk = vec![0u8; 64 * 1024];
    loop {
        let n = entry
            .read(&mut chunk)
            .map_err(|e| (kind.damaged)(format!("{name} cannot be unpacked ({e})")))?;
        if n == 0 {
            break;
        }
        xml.extend_from_slice(chunk.get(..n).unwrap_or_default());
        let size = u64::try_from(xml.len()).unwrap_or(u64::MAX);
        if size > limits.max_xml_bytes {
            return Err(too_big());
        }
        if too_dense(size) {
            return Err(bomb_ratio());
        }
    }
    Ok(Some(match encoding_rs::Encoding::for_bom(&xml) {
        Some((encoding, bom_len)) => encoding
            .decode_without_bom_handling(xml.get(bom_len..).unwrap_or_default())
            .0
            .into_owned(),
        None => String::from_utf8_lossy(&xml).into_owned(),
    }))
}

/// A zip without `word/document.xml`: say what it is when we can tell.
fn other_zip_kind<R: Read + std::io::Seek>(archive: &ZipArchive<R>) -> IngestError {
    let has = |name: &str| archive.file_names().any(|n| n == name);
    if has("xl/workbook.xml") {
        IngestError::WrongType("an Excel workbook")
    } else if has("ppt/presentation.xml") {
        IngestError::WrongType("a PowerPoint presentation")
    } else if has("content.xml") && has("mimetype") {
        IngestError::Unsupported("OpenDocument; save it as .docx")
    } else {
        IngestError::MissingDocumentXml
    }
}

fn zip_error(err: ZipError) -> IngestError {
    zip_error_as(err, &DOCX_ZIP)
}

pub(super) fn zip_error_as(err: ZipError, kind: &ZipKind) -> IngestError {
    let damaged = kind.damaged;
    match err {
        ZipError::InvalidArchive(why) => damaged(format!("truncated or not a zip archive ({why})")),
        ZipError::UnsupportedArchive(why) => damaged(format!("unsupported zip ({why})")),
        ZipError::InvalidPassword => damaged("the document is password-protected".into()),
        ZipError::Io(e) => damaged(format!("truncated zip archive ({e})")),
        other => damaged(other.to_string()),
    }
}

pub(super) fn human_size(bytes: u64) -> String {
    if bytes >= 1024 * 1024 {
        format!("{} MB", bytes / (1024 * 1024))
    } else {
        format!("{bytes} bytes")
    }
}

/// Elements whose content is not body text: properties, field instructions, deleted revisions,
/// and `mc:Fallback`, which repeats its `mc:Choice` sibling for older readers.
const SKIPPED: &[&[u8]] = &[
    b"pPr",
    b"rPr",
    b"sectPr",
    b"tblPr",
    b"tblGrid",
    b"trPr",
    b"tcPr",
    b"instrText",
    b"delText",
    b"Fallback",
];

#[derive(Default)]
struct Table {
    /// Rows finished so far, each already one line.
    rows: Vec<String>,
    cells: Vec<String>,
    cell: Option<String>,
}

#[derive(Default)]
struct Walker {
    lines: Vec<String>,
    /// Open paragraphs; text boxes nest a paragraph inside another one's run.
    paragraphs: Vec<String>,
    /// The automatic-numbering label of each open paragraph, written before its first text.
    labels: Vec<Option<String>>,
    tables: Vec<Table>,
    in_text: bool,
}

impl Walker {
    fn push_text(&mut self, text: &str) {
        if let Some(label) = self.labels.last_mut().and_then(Option::take) {
            self.push_text(&label);
        }
        match self.paragraphs.last_mut() {
            Some(p) => p.push_str(text),
            None => self.paragraphs.push(text.to_string()),
        }
    }

    /// The open paragraph is numbered: `label` goes before its text, if it has any.
    fn numbered(&mut self, label: Option<String>) {
        if let Some(slot) = self.labels.last_mut() {
            *slot = label;
        }
    }

    /// A finished block goes into the innermost open table cell, else becomes lines of its own.
    fn emit(&mut self, block: String) {
        if let Some(table) = self.tables.last_mut() {
            let flat = block.replace(['\t', '\n'], " ");
            let flat = flat.trim();
            if flat.is_empty() {
                return;
            }
            match table.cell.as_mut() {
                Some(cell) => {
                    if !cell.is_empty() {
                        cell.push(' ');
                    }
                    cell.push_str(flat);
                }
                None => table.rows.push(flat.to_string()),
            }
            return;
        }
        for line in block.split('\n') {
            let line = line.trim();
            if !line.is_empty() {
                self.lines.push(line.to_string());
            }
        }
    }

    fn start(&mut self, name: &[u8]) {
        match name {
            b"p" => {
                self.paragraphs.push(String::new());
                self.labels.push(None);
            }
            b"t" => self.in_text = true,
            b"tbl" => self.tables.push(Table::default()),
            b"tr" => {
                if let Some(t) = self.tables.last_mut() {
                    t.cells.clear();
                }
            }
            b"tc" => {
                if let Some(t) = self.tables.last_mut() {
                    t.cell = Some(String::new());
                }
            }
            _ => self.empty(name),
        }
    }

    /// Self-closing elements that stand for characters.
    fn empty(&mut self, name: &[u8]) {
        match name {
            b"tab" | b"ptab" => self.push_text("\t"),
            b"br" | b"cr" => self.push_text("\n"),
            b"noBreakHyphen" => self.push_text("-"),
            _ => {}
        }
    }

    fn end(&mut self, name: &[u8]) {
        match name {
            b"p" => {
                self.labels.pop();
                if let Some(p) = self.paragraphs.pop() {
                    self.emit(p);
                }
            }
            b"t" => self.in_text = false,
            b"tc" => {
                if let Some(t) = self.tables.last_mut()
                    && let Some(cell) = t.cell.take()
                {
                    t.cells.push(cell);
                }
            }
            b"tr" => {
                if let Some(t) = self.tables.last_mut() {
                    let row = std::mem::take(&mut t.cells).join("\t");
                    if !row.trim().is_empty() {
                        t.rows.push(row.trim().to_string());
                    }
                }
            }
            b"tbl" => {
                if let Some(t) = self.tables.pop() {
                    if self.tables.is_empty() {
                        self.lines.extend(t.rows);
                    } else {
                        // A table inside a cell: flatten it into that cell.
                        self.emit(t.rows.join(" "));
                    }
                }
            }
            _ => {}
        }
    }

    fn finish(mut self) -> String {
        // Unclosed elements in a damaged file still give their text.
        while let Some(p) = self.paragraphs.pop() {
            self.emit(p);
        }
        while let Some(mut t) = self.tables.pop() {
            if let Some(cell) = t.cell.take() {
                t.cells.push(cell);
            }
            if !t.cells.is_empty() {
                t.rows.push(t.cells.join("\t"));
            }
            self.lines.extend(t.rows);
        }
        self.lines.join("\n")
    }
}

fn paragraphs(xml: &str, numbering: &mut Numbering) -> Result<String, IngestError> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut walker = Walker::default();
    let mut skip_depth = 0usize;
    // Inside a paragraph's own `w:pPr` (skipped for text), its numbering is read: `w:pStyle` one
    // level down, `w:numPr/w:ilvl|numId` two (deeper ones belong to a tracked revision).
    let mut properties: Option<ParagraphNumbering> = None;
    loop {
        let event = reader.read_event().map_err(|e| {
            IngestError::BadDocx(format!(
                "word/document.xml is not well-formed XML at byte {} ({e})",
                reader.error_position()
            ))
        })?;
        match event {
            Event::Eof => break,
            Event::Start(e) => {
                let name = e.local_name();
                if skip_depth > 0 || SKIPPED.contains(&name.as_ref()) {
                    if skip_depth == 0 && name.as_ref() == b"pPr" {
                        properties = Some(ParagraphNumbering::default());
                    }
                    skip_depth += 1;
                } else {
                    walker.start(name.as_ref());
                }
            }
            Event::Empty(e) if skip_depth > 0 => {
                if let Some(props) = properties.as_mut()
                    && matches!(
                        (skip_depth, e.local_name().as_ref()),
                        (1, b"pStyle") | (2, b"ilvl" | b"numId")
                    )
                {
                    props.read(&e);
                }
            }
            Event::End(e) => {
                if skip_depth > 0 {
                    skip_depth -= 1;
                    if skip_depth == 0
                        && let Some(props) = properties.take()
                    {
                        walker.numbered(numbering.label(&props));
                    }
                } else {
                    walker.end(e.local_name().as_ref());
                }
            }
            Event::Empty(e) if skip_depth == 0 => {
                let name = e.local_name();
                // `<w:p/>` and `<w:tc/>` are empty blocks; the rest stand for characters.
                match name.as_ref() {
                    b"p" | b"tc" | b"tr" | b"tbl" => {
                        walker.start(name.as_ref());
                        walker.end(name.as_ref());
                    }
                    other => walker.empty(other),
                }
            }
            Event::Text(t) if skip_depth == 0 && walker.in_text => {
                let text = match t.unescape() {
                    Ok(text) => text.into_owned(),
                    // An unknown entity: keep the raw text rather than lose the run.
                    Err(_) => String::from_utf8_lossy(&t).into_owned(),
                };
                walker.push_text(&text);
            }
            Event::CData(t) if skip_depth == 0 && walker.in_text => {
                walker.push_text(&String::from_utf8_lossy(&t));
            }
            _ => {}
        }
    }
    Ok(walker.finish())
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use zip::write::SimpleFileOptions;

    use super::*;

    const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;

    fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options =
            SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        for (name, data) in entries {
            zip.start_file(*name, options).expect("start entry");
            zip.write_all(data).expect("write entry");
        }
        zip.finish().expect("finish zip").into_inner()
    }

    fn docx_of(body: &str) -> Vec<u8> {
        let xml = format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {W}><w:body>{body}<w:sectPr><w:pgSz w:w="11906"/></w:sectPr></w:body></w:document>"#
        );
        zip_of(&[
            ("[Content_Types].xml", b"<Types/>"),
            ("word/document.xml", xml.as_bytes()),
        ])
    }

    const BODY: &str = concat!(
        r#"<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="420"/></w:tabs></w:pPr>"#,
        r#"<w:r><w:t>一、加强党对</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>法治政府建设</w:t></w:r><w:r><w:t>的领导</w:t></w:r></w:p>"#,
        r#"<w:p><w:r><w:t xml:space="preserve">全年收到复议申请26件，</w:t><w:tab/><w:t>受理22件</w:t><w:br/><w:t>审结19件。</w:t></w:r>"#,
        r#"<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>PAGE</w:instrText></w:r><w:r><w:delText>删掉的字</w:delText></w:r></w:p>"#,
        r#"<w:tbl><w:tblPr><w:tblW w:w="0"/></w:tblPr>"#,
        r#"<w:tr><w:tc><w:p><w:r><w:t>指标</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>2019年</w:t></w:r></w:p></w:tc></w:tr>"#,
        r#"<w:tr><w:tc><w:p><w:r><w:t>行政复议</w:t></w:r></w:p><w:p><w:r><w:t>（件）</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>26</w:t></w:r></w:p></w:tc></w:tr>"#,
        r#"</w:tbl><w:p/>"#,
    );

    /// Headings numbered by Word (through their styles, and one by its own `w:numPr`) come back
    /// with the labels Word prints; a bulleted line gets no label.
    #[test]
    fn automatic_numbering_gives_the_printed_labels() {
        let numbering = format!(
            r#"<w:numbering {W}><w:abstractNum w:abstractNumId="3">
            <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>
            <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>
            </w:abstractNum><w:abstractNum w:abstractNumId="4"><w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/><w:lvlText w:val="•"/></w:lvl></w:abstractNum>
            <w:num w:numId="1"><w:abstractNumId w:val="3"/></w:num><w:num w:numId="2"><w:abstractNumId w:val="4"/></w:num></w:numbering>"#
        );
        let styles = format!(
            r#"<w:styles {W}><w:style w:type="paragraph" w:styleId="Heading1"><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>
            <w:style w:type="paragraph" w:styleId="Heading2"><w:pPr><w:numPr><w:ilvl w:val="1"/><w:numId w:val="1"/></w:numPr></w:pPr></w:style></w:styles>"#
        );
        let p = |props: &str, text: &str| {
            format!("<w:p><w:pPr>{props}</w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>")
        };
        let body = [
            p(r#"<w:pStyle w:val="Heading1"/>"#, "加强党的领导"),
            p(r#"<w:pStyle w:val="Heading2"/>"#, "完善制度"),
            p("", "正文。"),
            p(
                r#"<w:pStyle w:val="Heading2"/><w:rPr><w:b/></w:rPr>"#,
                "强化考核",
            ),
            p(
                r#"<w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>"#,
                "严格执法",
            ),
            p(r#"<w:numPr><w:numId w:val="2"/></w:numPr>"#, "一条列表"),
            p(
                r#"<w:pStyle w:val="Heading1"/><w:numPr><w:numId w:val="0"/></w:numPr>"#,
                "不编号",
            ),
        ]
        .concat();
        let xml = format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><w:document {W}><w:body>{body}</w:body></w:document>"#
        );
        let bytes = zip_of(&[
            ("word/document.xml", xml.as_bytes()),
            ("word/numbering.xml", numbering.as_bytes()),
            ("word/styles.xml", styles.as_bytes()),
        ]);
        let text = read(&bytes).expect("reads").text;
        assert_eq!(
            text,
            "一、加强党的领导\n（一）完善制度\n正文。\n（二）强化考核\n二、严格执法\n一条列表\n不编号"
        );
    }

    #[test]
    fn paragraphs_and_table_rows_become_lines() {
        let doc = read(&docx_of(BODY)).expect("docx reads");
        assert_eq!(doc.format, Format::Docx);
        let want = [
            "一、加强党对法治政府建设的领导",
            "全年收到复议申请26件，\t受理22件",
            "审结19件。",
            "指标\t2019年",
            "行政复议 （件）\t26",
        ];
        assert_eq!(doc.text, want.join("\n"));
    }

    #[test]
    fn entities_and_text_boxes_are_read() {
        let body = concat!(
            r#"<w:p><w:r><w:t>A &amp; B &lt;法治&gt;</w:t></w:r></w:p>"#,
            r#"<w:p><w:r><mc:AlternateContent><mc:Choice><w:txbxContent><w:p><w:r><w:t>文本框</w:t></w:r></w:p></w:txbxContent></mc:Choice>"#,
            r#"<mc:Fallback><w:txbxContent><w:p><w:r><w:t>文本框</w:t></w:r></w:p></w:txbxContent></mc:Fallback></mc:AlternateContent></w:r></w:p>"#,
        );
        let doc = read(&docx_of(body)).expect("docx reads");
        assert_eq!(doc.text, "A & B <法治>\n文本框");
    }

    #[test]
    fn missing_document_xml_is_named() {
        let bytes = zip_of(&[("word/styles.xml", b"<w:styles/>")]);
        let err = read(&bytes).expect_err("no document.xml");
        assert_eq!(
            err.to_string(),
            "not a Word document: word/document.xml is missing"
        );
    }

    #[test]
    fn zip_bomb_is_refused() {
        // 20 MB of one repeated byte deflates ~1000:1.
        let bomb = vec![b' '; 20 * 1024 * 1024];
        let bytes = zip_of(&[("word/document.xml", &bomb)]);
        assert!(bytes.len() < 200 * 1024, "fixture is not compact");
        let err = read(&bytes).expect_err("bomb");
        assert!(err.to_string().starts_with("zip bomb:"), "{err}");
    }

    #[test]
    fn expanded_size_is_capped_on_real_bytes() {
        let small = Limits {
            max_entries: 10,
            max_xml_bytes: 100,
            max_ratio: LIMITS.max_ratio,
        };
        let err = read_with(&docx_of(BODY), &small).expect_err("over 100 bytes");
        assert_eq!(err.to_string(), "zip bomb: docx expands beyond 100 bytes");

        let few = Limits {
            max_entries: 1,
            ..LIMITS
        };
        let err = read_with(&docx_of(BODY), &few).expect_err("two entries");
        assert!(err.to_string().contains("entries"), "{err}");
    }

    #[test]
    fn truncated_zip_is_damaged() {
        let whole = docx_of(BODY);
        for cut in [whole.len() / 2, whole.len() - 10, 10] {
            let err = read(whole.get(..cut).expect("prefix")).expect_err("truncated");
            assert!(err.to_string().starts_with("damaged docx:"), "{cut}: {err}");
        }
        let err = read(b"PK\x03\x04broken").expect_err("check-bad-input's broken.docx");
        assert!(err.to_string().starts_with("damaged docx:"), "{err}");
    }

    #[test]
    fn malformed_xml_is_damaged() {
        let bytes = zip_of(&[("word/document.xml", b"<w:document><w:body><w:p></w:r>")]);
        let err = read(&bytes).expect_err("bad xml");
        assert!(err.to_string().starts_with("damaged docx:"), "{err}");
    }
}
