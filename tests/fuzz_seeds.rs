//! The fuzzers' seed corpora for the docx, pdf, doc and ofd targets, generated here so that every seed says
//! what it exercises: random bytes almost never form a zip or a PDF with fonts, so libFuzzer needs
//! valid files to mutate before it reaches the readers' inner loops.
//!
//! `DUIBI_WRITE_SEEDS=1 cargo test --test fuzz_seeds` rewrites `fuzz/seeds/`; either way the test
//! checks that the committed seeds are the ones the generator names and that each reads as meant.

use std::io::Write;
use std::path::{Path, PathBuf};

use duibi::pipeline::analyze_bytes;
use encode::{ascii85, deflate, lzw};

mod encode;
mod ofd_writer;
mod pdf_writer;

use pdf_writer::*;

const LINES: [&str; 6] = [
    "2019年法治政府建设工作报告",
    "一、加强党对法治政府建设的领导",
    "（一）完善依法行政制度体系",
    "全年收到行政复议申请26件，依法受理22件，纠错率10.5%。",
    "二、严格规范公正文明执法",
    "行政执法人员201名，办理案件1,234件。",
];

/// One seed: its file name, its bytes, and what reading it must give.
struct Seed {
    name: &'static str,
    bytes: Vec<u8>,
    /// Text the passages must hold, or the start of the error it must give.
    expect: Expect,
}

#[derive(Clone, Copy)]
enum Expect {
    Reads(&'static str),
    Error(&'static str),
}

fn plain(data: &[u8]) -> Vec<u8> {
    data.to_vec()
}

fn latin_pdf() -> Vec<u8> {
    let content = b"BT /F1 10 Tf 1 0 0 1 72 700 Tm (Report) Tj 1 0 0 1 120 700 Tm (2019) Tj\n\
        12 TL T* [(Cases:) -250 (26)] TJ (accepted 22) ' 1 2 (rate 10.5%) \" ET";
    let bodies = page_objects("/F1 5 0 R", stream("", content));
    let mut bodies = bodies;
    bodies.push(obj(
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ));
    pdf(&bodies, "")
}

/// Fonts by predefined CMap name: UTF-16 codes (UniGB-UCS2-H) and GBK bytes (GBK-EUC-H).
fn predefined_cmap_pdf() -> Vec<u8> {
    let utf16: String = LINES[1]
        .encode_utf16()
        .map(|u| format!("{u:04X}"))
        .collect();
    let (gbk, _, _) = encoding_rs::GBK.encode(LINES[3]);
    let gbk: String = gbk.iter().map(|b| format!("{b:02X}")).collect();
    let content = format!("BT /F1 12 Tf 72 760 Td <{utf16}> Tj 0 -18 Td /F2 12 Tf <{gbk}> Tj ET");
    let mut bodies = page_objects("/F1 5 0 R /F2 6 0 R", stream("", content.as_bytes()));
    bodies.push(obj(
        "<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H >>",
    ));
    bodies.push(obj(
        "<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /GBK-EUC-H >>",
    ));
    pdf(&bodies, "")
}

/// The text inside a form XObject with its own resources and a Matrix, drawn twice.
fn form_pdf() -> Vec<u8> {
    let glyphs = glyphs(&LINES[..4]);
    let form = stream(
        "/Type /XObject /Subtype /Form /BBox [0 0 500 200] /Matrix [1 0 0 1 0 50] \
         /Resources << /Font << /F1 5 0 R >> >>",
        &cjk_content(&LINES[..4], &glyphs),
    );
    let content = stream(
        "",
        b"q 1 0 0 1 0 400 cm /X1 Do Q BT /F1 12 Tf 72 100 Td <0001> Tj ET",
    );
    let mut bodies = vec![
        obj("<< /Type /Catalog /Pages 2 0 R >>"),
        obj("<< /Type /Pages /Kids [3 0 R] /Count 1 /MediaBox [0 0 595 842] >>"),
        obj("<< /Type /Page /Parent 2 0 R /Contents 4 0 R \
             /Resources << /Font << /F1 5 0 R >> /XObject << /X1 8 0 R >> >> >>"),
        content,
    ];
    bodies.extend(cjk_font_objects(stream("", &to_unicode(&glyphs))));
    bodies.push(form);
    pdf(&bodies, "")
}

/// The file as saved, then an update appended after it (as Acrobat saves edits): a new content
/// stream replaces object 4, with a second xref section pointing back to the first.
fn incremental_pdf() -> Vec<u8> {
    let mut out = cjk_pdf(&LINES[..4], "", plain);
    let prev = String::from_utf8_lossy(&out)
        .rsplit("startxref\n")
        .next()
        .and_then(|tail| tail.lines().next())
        .and_then(|n| n.parse::<usize>().ok())
        .expect("startxref");
    let glyphs = glyphs(&LINES[..4]);
    let update = stream("", &cjk_content(&LINES[1..4], &glyphs));
    let offsets = write_objects(&mut out, 4, &[update]);
    write_xref(
        &mut out,
        &offsets,
        &format!("/Size 8 /Root 1 0 R /Prev {prev}"),
    );
    out
}

/// PDF 1.5 compression: the fonts (8, 9) live in a Flate object stream (5), and the xref is a
/// stream (7) too.
fn object_stream_pdf() -> Vec<u8> {
    let glyphs = glyphs(&LINES);
    let type0 = type0_font(9, 6);
    let header = format!("8 0 9 {} ", type0.len() + 1);
    let packed = format!("{header}{type0}\n{CID_FONT}");
    let mut bodies = page_objects(
        "/F1 8 0 R",
        stream(
            "/Filter /FlateDecode",
            &deflate(&cjk_content(&LINES, &glyphs)),
        ),
    );
    bodies.push(stream(
        &format!(
            "/Type /ObjStm /N 2 /First {} /Filter /FlateDecode",
            header.len()
        ),
        &deflate(packed.as_bytes()),
    ));
    bodies.push(stream(
        "/Filter /FlateDecode",
        &deflate(&to_unicode(&glyphs)),
    ));
    let mut out = b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n".to_vec();
    let offsets = write_objects(&mut out, 1, &bodies);
    let xref_at = out.len();
    // W [1 4 2]: type 1 (offset, generation) for 1..=7, type 2 (object stream 5, index) for 8, 9.
    let mut rows = vec![0u8, 0, 0, 0, 0, 0xff, 0xff];
    for offset in offsets.iter().map(|(_, at)| *at).chain([xref_at]) {
        rows.push(1);
        rows.extend(u32::try_from(offset).expect("small").to_be_bytes());
        rows.extend([0, 0]);
    }
    for index in 0..2u16 {
        rows.extend([2, 0, 0, 0, 5]);
        rows.extend(index.to_be_bytes());
    }
    let xref = stream(
        "/Type /XRef /Size 10 /W [1 4 2] /Root 1 0 R /Filter /FlateDecode",
        &deflate(&rows),
    );
    write_objects(&mut out, 7, &[xref]);
    out.extend(format!("startxref\n{xref_at}\n%%EOF\n").bytes());
    out
}

/// Encrypted with RC4 (V2): with an empty user password lopdf decrypts it on load, with a real one
/// the reader must say it is locked.
fn encrypted_pdf(user_password: &str) -> Vec<u8> {
    let bytes = cjk_pdf(&LINES[..4], "/Filter /FlateDecode", deflate);
    let mut doc = lopdf::Document::load_mem(&bytes).expect("own pdf loads");
    let id = lopdf::Object::String(b"duibi-fuzz-seed!".to_vec(), lopdf::StringFormat::Literal);
    doc.trailer.set("ID", vec![id.clone(), id]);
    let state = lopdf::EncryptionState::try_from(lopdf::EncryptionVersion::V2 {
        document: &doc,
        owner_password: "owner",
        user_password,
        key_length: 128,
        permissions: lopdf::Permissions::all(),
    })
    .expect("encryption state");
    doc.encrypt(&state).expect("encrypt");
    let mut out = Vec::new();
    doc.save_to(&mut out).expect("save");
    out
}

/// Hostile PDFs of issue 13, small: an object of arrays nested `depth` deep beside the report
/// (`in_content`: inside the page's content stream instead).
fn nested_pdf(depth: usize, in_content: bool) -> Vec<u8> {
    let glyphs = glyphs(&LINES);
    let nested = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
    let mut content = cjk_content(&LINES, &glyphs);
    if in_content {
        content.extend_from_slice(format!("\n{nested} pop\n").as_bytes());
    }
    let mut bodies = page_objects("/F1 5 0 R", stream("", &content));
    bodies.extend(cjk_font_objects(stream("", &to_unicode(&glyphs))));
    if !in_content {
        bodies.push(obj(&nested));
    }
    pdf(&bodies, "")
}

fn pdf_seeds() -> Vec<Seed> {
    let ascii85_lzw = |data: &[u8]| ascii85(&lzw(data));
    vec![
        Seed {
            name: "cjk-tounicode.pdf",
            bytes: cjk_pdf(&LINES, "", plain),
            expect: Expect::Reads("全年收到行政复议申请26件"),
        },
        Seed {
            name: "cjk-flate.pdf",
            bytes: cjk_pdf(&LINES, "/Filter /FlateDecode", deflate),
            expect: Expect::Reads("全年收到行政复议申请26件"),
        },
        Seed {
            name: "cjk-lzw-ascii85.pdf",
            bytes: cjk_pdf(
                &LINES[..4],
                "/Filter [/ASCII85Decode /LZWDecode]",
                ascii85_lzw,
            ),
            expect: Expect::Reads("全年收到行政复议申请26件"),
        },
        Seed {
            name: "latin-winansi.pdf",
            bytes: latin_pdf(),
            expect: Expect::Error("no report text found"),
        },
        Seed {
            name: "predefined-cmaps.pdf",
            bytes: predefined_cmap_pdf(),
            expect: Expect::Reads("全年收到行政复议申请26件"),
        },
        Seed {
            name: "form-xobject.pdf",
            bytes: form_pdf(),
            expect: Expect::Reads("全年收到行政复议申请26件"),
        },
        Seed {
            name: "incremental-update.pdf",
            bytes: incremental_pdf(),
            expect: Expect::Reads("全年收到行政复议申请26件"),
        },
        Seed {
            name: "object-streams.pdf",
            bytes: object_stream_pdf(),
            expect: Expect::Reads("全年收到行政复议申请26件"),
        },
        Seed {
            name: "encrypted-empty-password.pdf",
            bytes: encrypted_pdf(""),
            expect: Expect::Reads("全年收到行政复议申请26件"),
        },
        Seed {
            name: "nested-object-5000.pdf",
            bytes: nested_pdf(5000, false),
            expect: Expect::Reads("全年收到行政复议申请26件"),
        },
        Seed {
            name: "nested-content-5000.pdf",
            bytes: nested_pdf(5000, true),
            expect: Expect::Reads("全年收到行政复议申请26件"),
        },
        Seed {
            name: "encrypted-locked.pdf",
            bytes: encrypted_pdf("secret"),
            expect: Expect::Error("encrypted PDF (password required)"),
        },
    ]
}

// ---------------------------------------------------------------------------------------------
// DOCX

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

fn paragraph(style: Option<&str>, text: &str) -> String {
    let style = style
        .map(|s| format!("<w:pPr><w:pStyle w:val=\"{s}\"/></w:pPr>"))
        .unwrap_or_default();
    format!(
        "<w:p>{style}<w:r><w:rPr><w:rFonts w:eastAsia=\"宋体\"/></w:rPr><w:t xml:space=\"preserve\">{text}</w:t></w:r></w:p>"
    )
}

fn table(rows: &[[&str; 2]]) -> String {
    let rows: String = rows
        .iter()
        .map(|[a, b]| {
            format!(
                "<w:tr><w:trPr/><w:tc><w:tcPr><w:tcW w:w=\"2000\"/></w:tcPr>{}</w:tc><w:tc>{}</w:tc></w:tr>",
                paragraph(None, a),
                paragraph(None, b)
            )
        })
        .collect();
    format!("<w:tbl><w:tblPr/><w:tblGrid><w:gridCol/></w:tblGrid>{rows}</w:tbl>")
}

fn document_xml(body: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:document xmlns:w=\"{W}\" \
         xmlns:mc=\"http://schemas.openxmlformats.org/markup-compatibility/2006\" \
         xmlns:wps=\"http://schemas.microsoft.com/office/word/2010/wordprocessingShape\"><w:body>{body}\
         <w:sectPr><w:pgSz w:w=\"11906\" w:h=\"16838\"/></w:sectPr></w:body></w:document>"
    )
}

fn report_body() -> String {
    let mut body = paragraph(Some("Title"), LINES[0]);
    body.push_str(&paragraph(Some("Heading1"), LINES[1]));
    body.push_str(&paragraph(Some("Heading2"), LINES[2]));
    body.push_str(&paragraph(None, LINES[3]));
    body.push_str(&table(&[
        ["指标", "数量"],
        ["行政复议申请", "26件"],
        ["依法受理", "22件"],
    ]));
    body.push_str(&paragraph(Some("Heading1"), LINES[4]));
    body.push_str(&paragraph(None, LINES[5]));
    body
}

fn zip(entries: &[(&str, &[u8])], method: zip::CompressionMethod) -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut out);
    let options = zip::write::SimpleFileOptions::default().compression_method(method);
    for (name, bytes) in entries {
        zip.start_file(*name, options).expect("entry");
        zip.write_all(bytes).expect("write");
    }
    zip.finish().expect("finish");
    out.into_inner()
}

/// The parts Word writes around the document, so mutations also meet a realistic central directory.
fn full_docx(xml: &[u8], method: zip::CompressionMethod) -> Vec<u8> {
    let types = br#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#;
    let rels = br#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;
    zip(
        &[
            ("[Content_Types].xml", types),
            ("_rels/.rels", rels),
            ("word/document.xml", xml),
        ],
        method,
    )
}

/// Text boxes (a paragraph inside a run, and its Fallback copy), a nested table, a field code,
/// a deleted revision, tabs, breaks and a non-breaking hyphen.
fn tricky_body() -> String {
    let textbox = format!(
        "<w:p><w:r><mc:AlternateContent><mc:Choice Requires=\"wps\"><w:drawing><wps:txbx><w:txbxContent>{}\
         </w:txbxContent></wps:txbx></w:drawing></mc:Choice><mc:Fallback><w:pict><w:txbxContent>{}\
         </w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r><w:r><w:t>正文</w:t></w:r></w:p>",
        paragraph(None, "文本框里的执法文字"),
        paragraph(None, "文本框里的执法文字")
    );
    let field = "<w:p><w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r>\
        <w:r><w:t>第</w:t><w:tab/><w:t>3</w:t><w:br/><w:t>页</w:t><w:noBreakHyphen/><w:cr/><w:ptab/></w:r>\
        <w:del><w:r><w:delText>删除的文字</w:delText></w:r></w:del></w:p>";
    let nested = format!(
        "<w:tbl><w:tr><w:tc>{}<w:tbl><w:tr><w:tc>{}</w:tc><w:tc>{}</w:tc></w:tr></w:tbl></w:tc><w:tc>{}</w:tc></w:tr></w:tbl>",
        paragraph(None, "外表"),
        paragraph(None, "内表甲"),
        paragraph(None, "内表乙"),
        paragraph(None, "收到申请26件")
    );
    format!(
        "{}{textbox}{field}{nested}{}",
        paragraph(Some("Heading1"), LINES[1]),
        paragraph(None, LINES[3])
    )
}

/// Headings whose 一、 and （一） come from Word's numbering (via the heading styles, and one by
/// its own numPr), a legal-style decimal list and a bullet: the labels live in numbering.xml.
fn numbered_docx() -> Vec<u8> {
    let unlabel = |line: &str| {
        line.split_once(['、', '）', ')'])
            .map_or(line, |(_, rest)| rest)
            .to_string()
    };
    let numbered = |props: &str, text: &str| {
        format!("<w:p><w:pPr>{props}</w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>")
    };
    let body = [
        paragraph(Some("Title"), LINES[0]),
        paragraph(Some("Heading1"), &unlabel(LINES[1])),
        paragraph(Some("Heading2"), &unlabel(LINES[2])),
        paragraph(None, LINES[3]),
        numbered(
            r#"<w:numPr><w:ilvl w:val="2"/><w:numId w:val="1"/></w:numPr>"#,
            "依法受理22件。",
        ),
        numbered(r#"<w:numPr><w:numId w:val="2"/></w:numPr>"#, "审结19件。"),
        numbered(
            r#"<w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>"#,
            &unlabel(LINES[4]),
        ),
        paragraph(None, LINES[5]),
    ]
    .concat();
    let numbering = format!(
        r#"<w:numbering xmlns:w="{W}"><w:abstractNum w:abstractNumId="7"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl><w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl><w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:isLgl/><w:lvlText w:val="%1.%3"/></w:lvl></w:abstractNum><w:abstractNum w:abstractNumId="8"><w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/><w:lvlText w:val="&#8226;"/></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="7"/></w:num><w:num w:numId="2"><w:abstractNumId w:val="8"/></w:num></w:numbering>"#
    );
    let styles = format!(
        r#"<w:styles xmlns:w="{W}"><w:style w:type="paragraph" w:styleId="Heading1"><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style><w:style w:type="paragraph" w:styleId="Heading2"><w:pPr><w:numPr><w:ilvl w:val="1"/><w:numId w:val="1"/></w:numPr></w:pPr></w:style></w:styles>"#
    );
    zip(
        &[
            ("word/document.xml", document_xml(&body).as_bytes()),
            ("word/numbering.xml", numbering.as_bytes()),
            ("word/styles.xml", styles.as_bytes()),
        ],
        zip::CompressionMethod::Deflated,
    )
}

fn docx_seeds() -> Vec<Seed> {
    let report = document_xml(&report_body());
    let mut utf16 = vec![0xff, 0xfe];
    utf16.extend(
        report
            .replace("UTF-8", "UTF-16")
            .encode_utf16()
            .flat_map(u16::to_le_bytes),
    );
    vec![
        Seed {
            name: "report-stored.docx",
            bytes: zip(
                &[("word/document.xml", report.as_bytes())],
                zip::CompressionMethod::Stored,
            ),
            expect: Expect::Reads("全年收到行政复议申请26件"),
        },
        Seed {
            name: "report-deflated.docx",
            bytes: full_docx(report.as_bytes(), zip::CompressionMethod::Deflated),
            expect: Expect::Reads("全年收到行政复议申请26件"),
        },
        Seed {
            name: "textbox-field-nested-table.docx",
            bytes: full_docx(
                document_xml(&tricky_body()).as_bytes(),
                zip::CompressionMethod::Stored,
            ),
            expect: Expect::Reads("全年收到行政复议申请26件"),
        },
        Seed {
            name: "utf16-document.docx",
            bytes: zip(
                &[("word/document.xml", &utf16)],
                zip::CompressionMethod::Stored,
            ),
            expect: Expect::Reads("全年收到行政复议申请26件"),
        },
        Seed {
            name: "auto-numbered-headings.docx",
            bytes: numbered_docx(),
            expect: Expect::Reads("全年收到行政复议申请26件"),
        },
        Seed {
            name: "excel-workbook.docx",
            bytes: zip(
                &[("xl/workbook.xml", b"<workbook/>")],
                zip::CompressionMethod::Stored,
            ),
            expect: Expect::Error("not a text document (looks like an Excel workbook)"),
        },
    ]
}

// ---------------------------------------------------------------------------------------------
// DOC (Word 97) and OFD

fn doc_fixture(name: &str) -> Vec<u8> {
    std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/doc")
            .join(name),
    )
    .expect("a .doc fixture")
}

/// `bytes` with fEncrypted set in the FIB of its WordDocument stream, rewritten in place.
fn encrypted_doc(bytes: Vec<u8>) -> Vec<u8> {
    use std::io::Read;
    let mut file = cfb::CompoundFile::open(std::io::Cursor::new(bytes)).expect("cfb");
    let mut word = Vec::new();
    file.open_stream("/WordDocument")
        .expect("WordDocument")
        .read_to_end(&mut word)
        .expect("read");
    word[0x0B] |= 0x01;
    file.create_stream("/WordDocument")
        .expect("WordDocument")
        .write_all(&word)
        .expect("write");
    file.flush().expect("flush");
    file.into_inner().into_inner()
}

fn doc_seeds() -> Vec<Seed> {
    vec![
        Seed {
            // LibreOffice's Word 97 of tests/fixtures/doc/table-link.html: a table, a HYPERLINK field.
            name: "table-hyperlink.doc",
            bytes: doc_fixture("table-link.doc"),
            expect: Expect::Reads("详见附件一所列清单"),
        },
        Seed {
            name: "encrypted.doc",
            bytes: encrypted_doc(doc_fixture("table-link.doc")),
            expect: Expect::Error("encrypted Word document (password required)"),
        },
    ]
}

/// LINES on one page as an exporter places them: the title centred, first lines indented, the
/// long line wrapped at 12 characters, a table row, and a page number.
fn ofd_page(split: bool) -> Vec<u8> {
    use ofd_writer::{Placed, SIZE};
    let mut page = Vec::new();
    let mut baseline = 30.0;
    let mut place = |x: f64, text: &str| {
        page.push(Placed {
            x,
            baseline,
            text: text.to_string(),
        });
        baseline += 10.0;
    };
    place(40.0, LINES[0]);
    for line in &LINES[1..] {
        let chars: Vec<char> = line.chars().collect();
        for (n, chunk) in chars.chunks(12).enumerate() {
            let x = if n == 0 { 20.0 + 2.0 * SIZE } else { 20.0 };
            place(x, &chunk.iter().collect::<String>());
        }
    }
    let row = baseline;
    page.push(Placed {
        x: 20.0,
        baseline: row,
        text: "行政复议申请".into(),
    });
    page.push(Placed {
        x: 120.0,
        baseline: row,
        text: "26件".into(),
    });
    page.push(Placed {
        x: 98.0,
        baseline: 285.0,
        text: "- 1 -".into(),
    });
    ofd_writer::ofd(&[page], split)
}

fn ofd_seeds() -> Vec<Seed> {
    vec![
        Seed {
            name: "report.ofd",
            bytes: ofd_page(false),
            expect: Expect::Reads("全年收到行政复议申请26件"),
        },
        Seed {
            name: "report-split-objects.ofd",
            bytes: ofd_page(true),
            expect: Expect::Reads("全年收到行政复议申请26件"),
        },
    ]
}

// ---------------------------------------------------------------------------------------------

fn seeds_dir(target: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/seeds")
        .join(target)
}

fn check_or_write(target: &str, seeds: &[Seed]) {
    let dir = seeds_dir(target);
    if std::env::var_os("DUIBI_WRITE_SEEDS").is_some() {
        std::fs::create_dir_all(&dir).expect("mkdir");
        for seed in seeds {
            std::fs::write(dir.join(seed.name), &seed.bytes).expect("write seed");
        }
    }
    let mut on_disk: Vec<String> = std::fs::read_dir(&dir)
        .expect("fuzz/seeds/<target> (DUIBI_WRITE_SEEDS=1 writes it)")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    on_disk.sort();
    let mut names: Vec<String> = seeds.iter().map(|s| s.name.to_string()).collect();
    names.sort();
    assert_eq!(on_disk, names, "seed files in {dir:?}");
    let committed: Vec<Seed> = seeds
        .iter()
        .map(|seed| Seed {
            name: seed.name,
            bytes: std::fs::read(dir.join(seed.name)).expect("seed"),
            expect: seed.expect,
        })
        .collect();
    let total: usize = committed.iter().map(|s| s.bytes.len()).sum();
    assert!(total < 100 * 1024, "{target} seeds take {total} bytes");
    // Not compared byte for byte: encryption pads with random bytes. What counts is that each
    // committed seed still reads as its generator meant.
    check_reads(target, &committed);
}

fn check_reads(target: &str, seeds: &[Seed]) {
    for seed in seeds {
        let report = analyze_bytes(seed.name, &seed.bytes);
        let text: String = report.passages.iter().map(|p| p.text.as_str()).collect();
        match (&seed.expect, report.error.as_deref()) {
            (Expect::Reads(want), None) => {
                assert!(
                    text.contains(want),
                    "{target}/{}: {want:?} not in {text:?}",
                    seed.name
                )
            }
            (Expect::Error(want), Some(e)) => {
                assert!(e.starts_with(want), "{target}/{}: error {e:?}", seed.name)
            }
            (_, error) => panic!("{target}/{}: unexpected outcome {error:?}", seed.name),
        }
    }
}

#[test]
fn pdf_seeds_read_as_meant_and_are_committed() {
    check_or_write("pdf", &pdf_seeds());
}

#[test]
fn docx_seeds_read_as_meant_and_are_committed() {
    check_or_write("docx", &docx_seeds());
}

#[test]
fn doc_seeds_read_as_meant_and_are_committed() {
    check_or_write("doc", &doc_seeds());
}

#[test]
fn ofd_seeds_read_as_meant_and_are_committed() {
    check_or_write("ofd", &ofd_seeds());
}
