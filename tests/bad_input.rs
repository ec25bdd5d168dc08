//! Hostile and broken inputs: every one must come back as a `Report` whose `error` names the cause
//! (or, where the file is readable after all, as a normal report), never as a panic or a hang, and
//! never at the cost of the good files analyzed in the same batch.
//!
//! Each input is generated here into a temp dir, so the battery needs no fixtures and shows exactly
//! what each hostile file looks like.

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use duibi::model::Report;
use duibi::pipeline::{analyze_file, analyze_files};

mod encode;

const GOOD_SAMPLE: &str = "samples/changzhou-xinbei-2019.txt";

/// What a case must produce.
enum Expect {
    /// `error` is set and contains this text.
    Error(&'static str),
    /// `error` is one of these (the verdict depends on the machine, e.g. running as root).
    ErrorOrReadable(&'static str),
    /// The file is read: no error, and its passages hold this text.
    Reads(&'static str),
}

struct Case {
    name: &'static str,
    path: PathBuf,
    expect: Expect,
}

fn good_text() -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(GOOD_SAMPLE))
        .expect("good sample")
}

fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    {
        let mut zip = zip::ZipWriter::new(&mut out);
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for (name, bytes) in entries {
            zip.start_file(*name, options).expect("zip entry");
            zip.write_all(bytes).expect("zip write");
        }
        zip.finish().expect("zip finish");
    }
    out.into_inner()
}

/// A one-page PDF whose page content is `content` (no fonts: text operators would be undecodable).
fn pdf_with_content(content: &[u8]) -> lopdf::Document {
    use lopdf::{Object, Stream, dictionary};
    let mut doc = lopdf::Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let content_id = doc.add_object(Stream::new(dictionary! {}, content.to_vec()));
    let page_id = doc.add_object(dictionary! {
        "Type" => "Page",
        "Parent" => pages_id,
        "Contents" => content_id,
        "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
    });
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages",
            "Kids" => vec![page_id.into()],
            "Count" => 1,
        }),
    );
    let catalog_id = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog_id);
    doc
}

fn pdf_bytes(doc: &mut lopdf::Document) -> Vec<u8> {
    let mut out = Vec::new();
    doc.save_to(&mut out).expect("save pdf");
    out
}

fn encrypted_pdf() -> Vec<u8> {
    let mut doc = pdf_with_content(b"0 0 m 100 100 l S");
    encrypt(&mut doc, "a real password");
    pdf_bytes(&mut doc)
}

/// RC4 (V2) with a fixed file ID, as Word and WPS write it.
fn encrypt(doc: &mut lopdf::Document, user_password: &str) {
    let id = lopdf::Object::String(b"0123456789abcdef".to_vec(), lopdf::StringFormat::Literal);
    doc.trailer.set("ID", vec![id.clone(), id]);
    let state = lopdf::EncryptionState::try_from(lopdf::EncryptionVersion::V2 {
        document: doc,
        owner_password: "owner",
        user_password,
        key_length: 128,
        permissions: lopdf::Permissions::all(),
    })
    .expect("encryption state");
    doc.encrypt(&state).expect("encrypt");
}

/// 1 MB of zeros deflated (~1 KB), as a PDF stream.
fn zero_stream() -> lopdf::Stream {
    use flate2::write::ZlibEncoder;
    let mut enc = ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    enc.write_all(&vec![0u8; 1024 * 1024]).expect("deflate");
    let packed = enc.finish().expect("deflate");
    let mut stream = lopdf::Stream::new(lopdf::dictionary! {}, packed);
    stream.dict.set("Filter", "FlateDecode");
    stream
}

/// A page whose contents list 300 deflated streams of 1 MB each: 300 MB from 300 KB.
fn pdf_bomb(distinct: bool) -> Vec<u8> {
    let mut doc = pdf_with_content(b"");
    let one = doc.add_object(zero_stream());
    let contents: Vec<lopdf::Object> = (0..300)
        .map(|_| {
            if distinct {
                doc.add_object(zero_stream()).into()
            } else {
                one.into()
            }
        })
        .collect();
    let page_id = *doc.get_pages().values().next().expect("a page");
    doc.get_object_mut(page_id)
        .and_then(lopdf::Object::as_dict_mut)
        .expect("page dict")
        .set("Contents", contents);
    pdf_bytes(&mut doc)
}

/// Object streams lopdf unpacks while loading, each 100 MB of zeros through `filters` (the
/// outermost first): 300 MB before a single page is read.
fn object_stream_bomb(filters: &[&str]) -> Vec<u8> {
    let data = vec![0u8; 100 * 1024 * 1024];
    let mut doc = pdf_with_content(b"0 0 m 100 100 l S");
    add_object_streams(&mut doc, data, filters);
    with_object_streams(&pdf_bytes(&mut doc))
}

/// The same through the door an empty user password opens: lopdf decrypts the file while loading
/// and then unpacks its object streams, which in the raw bytes are ciphertext. Each holds one valid
/// object padded with 100 MB of spaces, so unpacked they parse and the file would read fine.
fn encrypted_object_stream_bomb() -> Vec<u8> {
    let mut data = b"10 0 ".to_vec();
    data.resize(100 * 1024 * 1024, b' ');
    data.extend_from_slice(b"null");
    let mut doc = pdf_with_content(b"0 0 m 100 100 l S");
    add_object_streams(&mut doc, data, &["FlateDecode"]);
    encrypt(&mut doc, "");
    with_object_streams(&pdf_bytes(&mut doc))
}

/// Three copies of `data` through `filters`, as streams typed `ObjStX` (see [`with_object_streams`]).
fn add_object_streams(doc: &mut lopdf::Document, mut data: Vec<u8>, filters: &[&str]) {
    for filter in filters.iter().rev() {
        data = match *filter {
            "LZWDecode" => encode::lzw(&data),
            "FlateDecode" => encode::deflate(&data),
            "ASCII85Decode" => encode::ascii85(&data),
            other => panic!("no encoder for {other}"),
        };
    }
    let names: Vec<lopdf::Object> = filters.iter().map(|f| (*f).into()).collect();
    for _ in 0..3 {
        doc.add_object(lopdf::Stream::new(
            lopdf::dictionary! { "Type" => "ObjStX", "N" => 1, "First" => 5, "Filter" => names.clone() },
            data.clone(),
        ));
    }
}

/// lopdf leaves object streams out when it saves; typed `ObjStX` (same length) they stay in, and
/// this renames them back.
fn with_object_streams(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len());
    let mut rest = bytes;
    while let Some(at) = rest.windows(7).position(|w| w == b"/ObjStX") {
        out.extend_from_slice(&rest[..at]);
        out.extend_from_slice(b"/ObjStm");
        rest = &rest[at + 7..];
    }
    out.extend_from_slice(rest);
    out
}

/// A Word 97 file: `WordDocument` holds the FIB and then `text` in UTF-16; the piece table in
/// `1Table` says the text is at byte `fc` (the FIB's end, unless the case lies).
fn word97(text: &str, fc: u32, encrypted: bool) -> Vec<u8> {
    use std::io::Cursor;
    const FIB: usize = 32 + 2 + 28 + 2 + 88 + 2 + 93 * 8;
    let mut word = vec![0u8; FIB];
    word.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    let chars = u32::try_from(text.encode_utf16().count()).expect("small");
    let mut clx = vec![2u8];
    clx.extend(16u32.to_le_bytes());
    clx.extend(0u32.to_le_bytes());
    clx.extend(chars.to_le_bytes());
    clx.extend([0, 0]);
    clx.extend(fc.to_le_bytes());
    clx.extend([0, 0]);
    let mut put = |at: usize, bytes: &[u8]| word[at..at + bytes.len()].copy_from_slice(bytes);
    put(0, &0xA5ECu16.to_le_bytes());
    put(2, &0x00C1u16.to_le_bytes());
    // fWhichTblStm (1Table), and fEncrypted when asked.
    put(
        0x0A,
        &(0x0200u16 | if encrypted { 0x0100 } else { 0 }).to_le_bytes(),
    );
    put(32, &14u16.to_le_bytes());
    put(62, &22u16.to_le_bytes());
    put(62 + 2 + 12, &chars.to_le_bytes());
    put(152, &93u16.to_le_bytes());
    put(
        154 + 33 * 8 + 4,
        &u32::try_from(clx.len()).expect("small").to_le_bytes(),
    );
    let mut file = cfb::CompoundFile::create(Cursor::new(Vec::new())).expect("cfb");
    for (name, bytes) in [("/WordDocument", &word), ("/1Table", &clx)] {
        file.create_stream(name)
            .expect("stream")
            .write_all(bytes)
            .expect("write");
    }
    file.flush().expect("flush");
    file.into_inner().into_inner()
}

/// Writes every hostile input into `dir` and says what each must produce. `huge_line` is left out
/// of the quick runs (it has its own timed test).
fn build_cases(dir: &Path, huge_line: bool) -> Vec<Case> {
    let good = good_text();
    let mut cases = Vec::new();
    let mut add = |name: &'static str, file: &str, bytes: &[u8], expect: Expect| {
        let path = dir.join(file);
        std::fs::write(&path, bytes).expect("write case");
        cases.push(Case { name, path, expect });
    };

    add("empty file", "empty.txt", b"", Expect::Error("empty file"));
    add(
        "1-byte file",
        "one.txt",
        b"x",
        Expect::Error("no report text found"),
    );
    add(
        "binary junk",
        "junk.txt",
        &common::junk(64 * 1024),
        Expect::Error("not a text document (binary data)"),
    );
    let mut png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR".to_vec();
    png.extend(common::junk(2048));
    add(
        "PNG renamed .txt",
        "photo.txt",
        &png,
        Expect::Error("not a text document (looks like a PNG image)"),
    );

    // A UTF-8 report with stray bytes (a truncated copy-paste, a bad download): the text is still
    // the report, not GBK mojibake.
    let mut invalid = Vec::new();
    for (i, line) in good.lines().enumerate() {
        invalid.extend_from_slice(line.as_bytes());
        if i % 7 == 3 {
            invalid.extend_from_slice(b"\xff\xc0");
        }
        invalid.push(b'\n');
    }
    add(
        "invalid UTF-8",
        "invalid-utf8.txt",
        &invalid,
        Expect::Reads("区政府共收到复议申请26件"),
    );

    // A UTF-8 report with one paragraph pasted from a GBK file.
    let (gbk, _, _) =
        encoding_rs::GBK.encode("二〇一九年全区共办理行政复议案件三十件，纠错率百分之十。\n");
    let mut mixed = Vec::new();
    for (i, line) in good.lines().enumerate() {
        mixed.extend_from_slice(line.as_bytes());
        mixed.push(b'\n');
        if i == 10 {
            mixed.extend_from_slice(&gbk);
        }
    }
    add(
        "mixed encodings (GBK spliced into UTF-8)",
        "mixed.txt",
        &mixed,
        Expect::Reads("区政府共收到复议申请26件"),
    );

    let utf16: Vec<u8> = good.encode_utf16().flat_map(u16::to_le_bytes).collect();
    add(
        "UTF-16 without BOM",
        "utf16.txt",
        &utf16,
        Expect::Reads("区政府共收到复议申请26件"),
    );

    if huge_line {
        add(
            "40 MB single line",
            "huge-line.txt",
            &huge_single_line(),
            Expect::Reads("区政府共收到复议申请26件"),
        );
    }

    // Short lines of every shape the outline looks at: headings, sentences, numbers, noise.
    let shapes = [
        "一、执法",
        "执法。",
        "收到申请2件。",
        "(二)复议",
        "a",
        "1.学法",
    ];
    let mut tiny = String::with_capacity(200_000 * 16);
    for i in 0..200_000 {
        tiny.push_str(shapes[i % shapes.len()]);
        tiny.push('\n');
    }
    add(
        "200k tiny lines",
        "tiny-lines.txt",
        tiny.as_bytes(),
        Expect::Reads("收到申请2件。"),
    );

    let depth = 10_000;
    let nested = format!(
        "<!DOCTYPE html><html><body>{}<p>区政府共收到行政复议申请26件，依法受理22件。</p>{}</body></html>",
        "<div>".repeat(depth),
        "</div>".repeat(depth)
    );
    add(
        "HTML nested 10k levels",
        "nested.html",
        nested.as_bytes(),
        Expect::Reads("区政府共收到行政复议申请26件"),
    );

    let scripted = r#"<!DOCTYPE html><html><head><title>法治政府建设报告</title>
<script>document.write("脚本注入的法治政府文字");</script>
<style>p { color: red } /* 样式里的执法文字 */</style></head><body>
<iframe src="http://example.invalid/ad.html">框架里的广告文字</iframe>
<p>区政府共收到行政复议申请26件，依法受理22件。</p>
<script type="text/javascript">var x = "<p>又一段脚本文字执法</p>";</script>
<noscript><p>请启用脚本浏览法治网站</p></noscript>
<object data="x.swf"><embed src="x.swf">插件里的文字</object>
</body></html>"#;
    add(
        "HTML with script/iframes",
        "scripted.html",
        scripted.as_bytes(),
        Expect::Reads("区政府共收到行政复议申请26件"),
    );

    // Empty list items and blocks by the 100 000, beside and inside the content box: they hold no
    // prose, so they cannot win the choice of the content block.
    let article = "<p>一、加强行政执法</p><p>区政府共收到行政复议申请26件，依法受理22件。</p>";
    let flood = format!(
        "<ul>{}</ul>{}",
        "<li></li>".repeat(100_000),
        "<div> </div>".repeat(50_000)
    );
    let flooded = format!(
        "<html><head><meta charset=\"utf-8\"></head><body>{flood}<div class=\"content\">{flood}{article}</div>{flood}</body></html>"
    );
    add(
        "HTML with 300k empty list items and blocks",
        "flooded.html",
        flooded.as_bytes(),
        Expect::Reads("区政府共收到行政复议申请26件"),
    );

    // 20 MB of one byte deflates ~1000:1: a bomb by ratio, well under the size cap.
    let bomb_xml = vec![b' '; 20 * 1024 * 1024];
    add(
        "docx zip bomb",
        "bomb.docx",
        &zip_of(&[("word/document.xml", &bomb_xml)]),
        Expect::Error("zip bomb: word/document.xml is compressed more than 250:1"),
    );
    add(
        "docx without document.xml",
        "hollow.docx",
        &zip_of(&[
            ("[Content_Types].xml", b"<Types/>"),
            ("word/styles.xml", b"<x/>"),
        ]),
        Expect::Error("not a Word document: word/document.xml is missing"),
    );
    let mut truncated_docx = zip_of(&[
        ("word/document.xml", good.as_bytes()),
        ("docProps/app.xml", b"<x/>"),
    ]);
    truncated_docx.truncate(truncated_docx.len() / 2);
    add(
        "truncated docx",
        "truncated.docx",
        &truncated_docx,
        Expect::Error("damaged docx: "),
    );

    let word_text = "区政府共收到行政复议申请26件，依法受理22件。\r";
    let text_at = u32::try_from(32 + 2 + 28 + 2 + 88 + 2 + 93 * 8).expect("small");
    add(
        "Word 97 .doc",
        "report.doc",
        &word97(word_text, text_at, false),
        Expect::Reads("区政府共收到行政复议申请26件"),
    );
    add(
        "Word 97 .doc named .txt",
        "report-doc.txt",
        &word97(word_text, text_at, false),
        Expect::Reads("区政府共收到行政复议申请26件"),
    );
    add(
        "web page named .doc",
        "page.doc",
        "<html><body><p>区政府共收到复议申请26件。</p></body></html>".as_bytes(),
        Expect::Reads("区政府共收到复议申请26件"),
    );
    add("empty .doc", "empty.doc", b"", Expect::Error("empty file"));
    add(
        "encrypted .doc",
        "locked.doc",
        &word97(word_text, text_at, true),
        Expect::Error("encrypted Word document (password required)"),
    );
    add(
        ".doc whose piece table points past the stream",
        "past-end.doc",
        &word97(word_text, text_at + 4096, false),
        Expect::Error(
            "damaged Word document: its piece table points past the end of the WordDocument stream",
        ),
    );
    let mut truncated_doc = word97(&word_text.repeat(200), text_at, false);
    truncated_doc.truncate(truncated_doc.len() / 2);
    add(
        "truncated .doc",
        "truncated.doc",
        &truncated_doc,
        Expect::Error("damaged Word document: "),
    );
    add(
        "Excel 97 workbook named .wps",
        "sheet.wps",
        &{
            let mut file =
                cfb::CompoundFile::create(std::io::Cursor::new(Vec::new())).expect("cfb");
            file.create_stream("/Workbook")
                .expect("stream")
                .write_all(b"\x09\x08")
                .expect("write");
            file.flush().expect("flush");
            file.into_inner().into_inner()
        },
        Expect::Error("not a text document (looks like an Excel workbook)"),
    );

    add(
        "OFD zip bomb",
        "bomb.ofd",
        &zip_of(&[("OFD.xml", &bomb_xml)]),
        Expect::Error("zip bomb: OFD.xml is compressed more than 250:1"),
    );
    let ofd_xml = b"<ofd:OFD xmlns:ofd=\"http://www.ofdspec.org/2016\"><ofd:DocBody><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>";
    add(
        "OFD without its Document.xml",
        "hollow.ofd",
        &zip_of(&[("OFD.xml", ofd_xml)]),
        Expect::Error("damaged OFD: Doc_0/Document.xml is missing"),
    );
    let mut truncated_ofd = zip_of(&[
        ("OFD.xml", ofd_xml),
        ("Doc_0/Document.xml", good.as_bytes()),
    ]);
    truncated_ofd.truncate(truncated_ofd.len() / 2);
    add(
        "truncated OFD",
        "truncated.ofd",
        &truncated_ofd,
        Expect::Error("damaged OFD: "),
    );
    add(
        "text named .ofd",
        "notes.ofd",
        good.as_bytes(),
        Expect::Error("damaged OFD: truncated or not a zip archive"),
    );

    let mut corrupt_pdf = b"%PDF-1.7\n".to_vec();
    corrupt_pdf.extend(common::junk(4096));
    add(
        "corrupt PDF",
        "corrupt.pdf",
        &corrupt_pdf,
        Expect::Error("damaged PDF: "),
    );
    add(
        "encrypted PDF",
        "locked.pdf",
        &encrypted_pdf(),
        Expect::Error("encrypted PDF (password required)"),
    );
    add(
        "PDF decompression bomb (300 streams)",
        "bomb.pdf",
        &pdf_bomb(true),
        Expect::Error("PDF decompression bomb: its streams expand beyond 256 MB"),
    );
    add(
        "PDF decompression bomb (one stream, 300 references)",
        "bomb-refs.pdf",
        &pdf_bomb(false),
        Expect::Error("PDF decompression bomb: its streams expand beyond 256 MB"),
    );
    add(
        "PDF decompression bomb (LZW object streams)",
        "bomb-lzw.pdf",
        &object_stream_bomb(&["LZWDecode"]),
        Expect::Error("PDF decompression bomb: its streams expand beyond 256 MB"),
    );
    add(
        "PDF decompression bomb (Flate inside ASCII85, object streams)",
        "bomb-a85.pdf",
        &object_stream_bomb(&["ASCII85Decode", "FlateDecode"]),
        Expect::Error("PDF decompression bomb: its streams expand beyond 256 MB"),
    );
    add(
        "PDF decompression bomb (encrypted, empty password, object streams)",
        "bomb-encrypted.pdf",
        &encrypted_object_stream_bomb(),
        Expect::Error("PDF decompression bomb: its streams expand beyond 256 MB"),
    );
    add(
        "PDF without a text layer",
        "scan.pdf",
        &pdf_bytes(&mut pdf_with_content(b"q 0 0 m 100 100 l S Q")),
        Expect::Error("no text layer (scanned?)"),
    );

    let sub = dir.join("folder.txt");
    std::fs::create_dir(&sub).expect("mkdir");
    cases.push(Case {
        name: "directory passed as file",
        path: sub,
        expect: Expect::Error("is a directory"),
    });
    cases.push(Case {
        name: "missing file",
        path: dir.join("not-there.txt"),
        expect: Expect::Error("file not found"),
    });

    let locked = dir.join("locked.txt");
    std::fs::write(&locked, good.as_bytes()).expect("write");
    set_mode(&locked, 0o000);
    cases.push(Case {
        name: "unreadable permissions",
        path: locked,
        // Root reads it anyway; then it is simply the good report.
        expect: if running_as_root() {
            Expect::ErrorOrReadable("permission denied")
        } else {
            Expect::Error("permission denied")
        },
    });

    let spaced = dir.join("常州 新北区 2019 年报告.txt");
    std::fs::write(&spaced, good.as_bytes()).expect("write");
    cases.push(Case {
        name: "path with spaces and Chinese",
        path: spaced,
        expect: Expect::Reads("区政府共收到复议申请26件"),
    });
    cases
}

/// One 40 MB line (just under the 50 MB cap): the good report with its line breaks removed,
/// repeated — what a page scraped without its markup looks like. Every stage sees one paragraph.
fn huge_single_line() -> Vec<u8> {
    const TARGET: usize = 40 * 1024 * 1024;
    let one_line: String = good_text().lines().collect();
    let mut out = Vec::with_capacity(TARGET);
    while out.len() + one_line.len() < TARGET {
        out.extend_from_slice(one_line.as_bytes());
    }
    out
}

#[cfg(unix)]
fn set_mode(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).expect("chmod");
}

#[cfg(not(unix))]
fn set_mode(_path: &Path, _mode: u32) {}

/// Root ignores file modes, so "permission denied" cannot be provoked there.
fn running_as_root() -> bool {
    cfg!(unix)
        && Command::new("id")
            .arg("-u")
            .output()
            .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

fn check(case: &Case, report: &Report) -> Result<(), String> {
    let passage_text = || {
        report
            .passages
            .iter()
            .map(|p| p.text.as_str())
            .collect::<String>()
    };
    let error = report.error.as_deref();
    match &case.expect {
        Expect::Error(want) => match error {
            Some(e) if e.contains(want) => Ok(()),
            other => Err(format!("want error containing {want:?}, got {other:?}")),
        },
        Expect::ErrorOrReadable(want) => match error {
            None => Ok(()),
            Some(e) if e.contains(want) => Ok(()),
            other => Err(format!("want no error or {want:?}, got {other:?}")),
        },
        Expect::Reads(want) => match error {
            Some(e) => Err(format!("want it read, got error {e:?}")),
            None if passage_text().contains(want) => Ok(()),
            None => Err(format!("passages lack {want:?}")),
        },
    }
}

fn assert_all(cases: &[Case], reports: &[Report]) {
    assert_eq!(cases.len(), reports.len());
    let failures: Vec<String> = cases
        .iter()
        .zip(reports)
        .filter_map(|(c, r)| check(c, r).err().map(|e| format!("{}: {e}", c.name)))
        .collect();
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn each_bad_input_fails_clearly() {
    let dir = tempfile::tempdir().expect("temp dir");
    let cases = build_cases(dir.path(), false);
    let reports: Vec<Report> = cases.iter().map(|c| analyze_file(&c.path)).collect();
    assert_all(&cases, &reports);

    let by_name = |name: &str| {
        let at = cases.iter().position(|c| c.name == name).expect("case");
        &reports[at]
    };
    let text_of = |r: &Report| {
        r.passages
            .iter()
            .map(|p| p.text.as_str())
            .collect::<String>()
    };

    let scripted = text_of(by_name("HTML with script/iframes"));
    for hidden in ["脚本", "样式", "框架里的广告", "插件里的文字"] {
        assert!(
            !scripted.contains(hidden),
            "{hidden:?} leaked into {scripted:?}"
        );
    }

    let good = analyze_file(&Path::new(env!("CARGO_MANIFEST_DIR")).join(GOOD_SAMPLE));
    // The GBK paragraph is decoded as GBK, the UTF-8 lines around it as UTF-8.
    let mixed = by_name("mixed encodings (GBK spliced into UTF-8)");
    assert!(text_of(mixed).contains("全区共办理行政复议案件三十件"));
    assert_eq!((&mixed.region, mixed.year), (&good.region, good.year));
    assert_eq!(mixed.sections, good.sections);
    // Stray bytes are dropped; the text around them is the report, unchanged.
    assert_eq!(by_name("invalid UTF-8").passages, good.passages);
    assert_eq!(by_name("UTF-16 without BOM").passages, good.passages);
}

/// All bad files and the good sample in one batch, through the library and through the binary:
/// the good file's report is exactly what it is alone. The batch holds the 40 MB single line, so it
/// also bounds the time of the whole engine on the largest file it accepts.
#[test]
fn batch_of_bad_files_keeps_the_good_one() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut cases = build_cases(dir.path(), true);
    let good_path = Path::new(env!("CARGO_MANIFEST_DIR")).join(GOOD_SAMPLE);
    let middle = cases.len() / 2;
    cases.insert(
        middle,
        Case {
            name: "good sample",
            path: good_path.clone(),
            expect: Expect::Reads("区政府共收到复议申请26件"),
        },
    );
    let paths: Vec<&Path> = cases.iter().map(|c| c.path.as_path()).collect();

    let started = Instant::now();
    let reports = analyze_files(&paths);
    let took = started.elapsed();
    let huge = cases
        .iter()
        .position(|c| c.name == "40 MB single line")
        .expect("huge case");
    eprintln!(
        "batch of {} files incl. the 40 MB line: {:.2} s ({} passages, {} facts in the 40 MB line)",
        paths.len(),
        took.as_secs_f64(),
        reports[huge].passages.len(),
        reports[huge].facts.len()
    );
    // Linear work on 40 MB takes ~20 s in a debug build on one core; a quadratic scan, hours.
    assert!(took < Duration::from_secs(90), "took {took:?}");
    assert!(reports[huge].facts.len() > 10_000);
    assert_all(&cases, &reports);
    let alone = analyze_file(&good_path);
    assert!(
        reports[middle] == alone,
        "the good report changed in a batch"
    );

    // The binary gets the same batch less the 40 MB line: the library just proved that file, and
    // its ~100 MB of JSON would double the battery's time for nothing the CLI adds.
    cases.remove(huge);
    let middle = cases
        .iter()
        .position(|c| c.name == "good sample")
        .expect("good case");
    let paths: Vec<&Path> = cases.iter().map(|c| c.path.as_path()).collect();
    let output = Command::new(env!("CARGO_BIN_EXE_duibi"))
        // Hermetic: never the user's cache of analyses.
        .env("DUIBI_CACHE", "0")
        .arg("analyze")
        .arg("--json")
        .args(&paths)
        .output()
        .expect("run duibi");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("stdout is JSON");
    let listed = json["reports"].as_array().expect("reports array");
    assert_eq!(listed.len(), cases.len());
    let good_json: Report = serde_json::from_value(listed[middle].clone()).expect("a report");
    assert_eq!(good_json.error, None);
    assert_eq!(good_json.title, alone.title);
    assert_eq!(good_json.sections, alone.sections);
    assert_eq!(good_json.passages, alone.passages);
    assert_eq!(good_json.facts.len(), alone.facts.len());
    for (case, entry) in cases.iter().zip(listed) {
        let report: Report = serde_json::from_value(entry.clone()).expect("a report");
        if let Err(e) = check(case, &report) {
            panic!("binary, {}: {e}", case.name);
        }
    }
}

// Files that kill a reader outright (a stack overflow, an allocation of gigabytes) cannot be run
// in the test process; the binary reads them in worker processes, one batch each beside the good
// sample.
// See: issue 13.

const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;

/// A valid one-page PDF plus one object that is `depth` arrays nested in each other. The object is
/// the last one written, so only `startxref` moves when it grows.
fn deeply_nested_pdf(depth: usize) -> Vec<u8> {
    let mut doc = pdf_with_content(b"0 0 m 100 100 l S");
    doc.add_object(lopdf::Object::Name(b"NESTHERE".to_vec()));
    let bytes = pdf_bytes(&mut doc);
    let at = bytes
        .windows(9)
        .position(|w| w == b"/NESTHERE")
        .expect("placeholder");
    let nested = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
    let mut out = bytes[..at].to_vec();
    out.extend_from_slice(nested.as_bytes());
    out.extend_from_slice(&bytes[at + 9..]);
    let key = b"startxref";
    let xref_at = out
        .windows(key.len())
        .rposition(|w| w == key)
        .expect("startxref");
    let tail = String::from_utf8_lossy(&out[xref_at + key.len()..]).into_owned();
    let old: usize = tail
        .split_whitespace()
        .next()
        .and_then(|n| n.parse().ok())
        .expect("startxref offset");
    out.truncate(xref_at);
    let moved = old + nested.len() - 9;
    out.extend_from_slice(format!("startxref\n{moved}\n%%EOF\n").as_bytes());
    out
}

/// A docx whose list level prints "%1" 100 000 times, numbering `paragraphs` paragraphs. Stored,
/// not deflated, so the zip-bomb check does not catch it first.
fn docx_with_huge_numbering(paragraphs: usize) -> Vec<u8> {
    let numbering = format!(
        r#"<w:numbering {W}><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="{}"/></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>"#,
        "%1".repeat(100_000)
    );
    let mut document = format!("<w:document {W}><w:body>");
    for _ in 0..paragraphs {
        document.push_str(r#"<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t>全年收到复议申请26件。</w:t></w:r></w:p>"#);
    }
    document.push_str("</w:body></w:document>");
    let mut out = std::io::Cursor::new(Vec::new());
    {
        let mut zip = zip::ZipWriter::new(&mut out);
        let stored = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        for (name, bytes) in [
            ("word/document.xml", document.as_bytes()),
            ("word/numbering.xml", numbering.as_bytes()),
        ] {
            zip.start_file(name, stored).expect("zip entry");
            zip.write_all(bytes).expect("zip write");
        }
        zip.finish().expect("zip finish");
    }
    out.into_inner()
}

/// `duibi analyze --json HOSTILE GOOD` with these environment variables: the two reports and the
/// time it took. The good report must be exactly what the library makes of it alone.
fn analyze_beside_good(hostile: &Path, env: &[(&str, &str)]) -> (Report, Duration) {
    let good_path = Path::new(env!("CARGO_MANIFEST_DIR")).join(GOOD_SAMPLE);
    let started = Instant::now();
    let output = Command::new(env!("CARGO_BIN_EXE_duibi"))
        // Hermetic: never the user's cache of analyses.
        .env("DUIBI_CACHE", "0")
        .arg("analyze")
        .arg("--json")
        .arg(hostile)
        .arg(&good_path)
        .envs(env.iter().copied())
        .output()
        .expect("run duibi");
    let took = started.elapsed();
    let stderr = String::from_utf8_lossy(&output.stderr);
    // 1 when the hostile file failed, 0 when it was read after all; never a signal.
    assert!(matches!(output.status.code(), Some(0 | 1)), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("stdout is JSON");
    let listed = json["reports"].as_array().expect("reports array");
    assert_eq!(listed.len(), 2, "{stderr}");
    let hostile: Report = serde_json::from_value(listed[0].clone()).expect("a report");
    let good: Report = serde_json::from_value(listed[1].clone()).expect("a report");
    let alone = analyze_file(&good_path);
    assert_eq!(good.error, None);
    assert_eq!(good.sections, alone.sections);
    assert_eq!(good.passages, alone.passages);
    assert_eq!(good.facts.len(), alone.facts.len());
    (hostile, took)
}

fn error_of(report: &Report) -> &str {
    report.error.as_deref().unwrap_or("")
}

/// What the same one-page PDF gives without anything nested: the outcome a flattened file must
/// reach (this page draws a line and holds no text).
fn plain_outcome(dir: &Path, content: &[u8]) -> Option<String> {
    let path = dir.join("plain.pdf");
    std::fs::write(&path, pdf_bytes(&mut pdf_with_content(content))).expect("write");
    analyze_file(&path).error
}

/// Arrays nested 100k deep in an object: the levels past 64 are emptied before lopdf parses (the
/// file keeps its length, so every offset holds) and the file reads like its plain self, with a
/// warning.
#[test]
fn pdf_nested_100k_deep_reads_flattened() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("nested.pdf");
    std::fs::write(&path, deeply_nested_pdf(100_000)).expect("write");
    let (report, took) = analyze_beside_good(&path, &[]);
    eprintln!("PDF nested 100k deep: {:?} in {took:.2?}", report.error);
    assert_eq!(
        report.error,
        plain_outcome(dir.path(), b"0 0 m 100 100 l S")
    );
    assert!(took < Duration::from_secs(30), "took {took:?}");
    // In process too: the flattening happens before lopdf parses, not in the worker's limits.
    let direct = analyze_file(&path);
    assert_eq!(direct.error, report.error);
}

/// The same inside a page's content stream (decoded, so the byte scan of the file cannot see it):
/// the content is flattened before lopdf's content parser recurses on it.
#[test]
fn pdf_content_nested_100k_deep_reads_flattened() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("nested-content.pdf");
    let content = format!("BT {}{} TJ ET", "[".repeat(100_000), "]".repeat(100_000));
    std::fs::write(&path, pdf_bytes(&mut pdf_with_content(content.as_bytes()))).expect("write");
    let (report, took) = analyze_beside_good(&path, &[]);
    eprintln!(
        "PDF content nested 100k deep: {:?} in {took:.2?}",
        report.error
    );
    assert_eq!(report.error, plain_outcome(dir.path(), b"BT [] TJ ET"));
    assert!(took < Duration::from_secs(30), "took {took:?}");
    assert_eq!(analyze_file(&path).error, report.error);
}

#[cfg(unix)]
#[test]
fn named_pipe_is_refused_without_waiting() {
    let dir = tempfile::tempdir().expect("temp dir");
    let fifo = dir.path().join("report.txt");
    let made = Command::new("mkfifo").arg(&fifo).status().expect("mkfifo");
    assert!(made.success());
    let (report, took) = analyze_beside_good(&fifo, &[]);
    assert_eq!(error_of(&report), "not a regular file (named pipe)");
    // The library says the same, in process.
    let direct = analyze_file(&fifo);
    assert_eq!(error_of(&direct), "not a regular file (named pipe)");
    assert!(took < Duration::from_secs(30), "took {took:?}");
    let device = analyze_file(Path::new("/dev/zero"));
    assert_eq!(error_of(&device), "not a regular file (character device)");
}

#[test]
fn html_of_300k_unclosed_tags_runs_out_of_memory_alone() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("unclosed.html");
    let page = format!(
        "<!DOCTYPE html><html><body>{}</body></html>",
        "<font color=red><p>字".repeat(300_000)
    );
    std::fs::write(&path, page).expect("write");
    let (report, took) = analyze_beside_good(
        &path,
        &[("DUIBI_READ_MEM_MB", "256"), ("DUIBI_READ_SECONDS", "60")],
    );
    eprintln!("HTML 300k unclosed tags: {:?} in {took:.2?}", report.error);
    assert_eq!(
        error_of(&report),
        "the HTML reader ran out of memory on this file (limit 256 MB)"
    );
    assert!(took < Duration::from_secs(60), "took {took:?}");
}

#[test]
fn docx_numbering_label_of_100k_placeholders_stays_bounded() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("numbering.docx");
    std::fs::write(&path, docx_with_huge_numbering(3000)).expect("write");
    let (report, took) = analyze_beside_good(&path, &[("DUIBI_READ_MEM_MB", "512")]);
    let text: usize = report.passages.iter().map(|p| p.text.len()).sum();
    eprintln!(
        "docx numbering %1×100k: {:?}, {text} bytes of passages, in {took:.2?}",
        report.error
    );
    // Either the labels are cut to a sane length or the reader gives up with a clear error.
    assert!(
        error_of(&report).contains("Word (docx) reader") || text < 4 * 1024 * 1024,
        "{:?}, {text} bytes",
        report.error
    );
    assert!(took < Duration::from_secs(60), "took {took:?}");
}

/// A page of 4 million empty text objects ("BT ET", deflated to 35 KB): lopdf keeps every
/// operation, about 11 GB in process. The reader stops at its memory limit, or at its time limit
/// when memory is plenty.
#[test]
fn pdf_of_4m_text_objects_stops_at_a_limit() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("bt-et.pdf");
    let mut doc = pdf_with_content(b"");
    let packed = encode::deflate(&b"BT ET\n".repeat(4_000_000));
    let mut stream = lopdf::Stream::new(lopdf::dictionary! {}, packed);
    stream.dict.set("Filter", "FlateDecode");
    let content = doc.add_object(stream);
    let page_id = *doc.get_pages().values().next().expect("a page");
    doc.get_object_mut(page_id)
        .and_then(lopdf::Object::as_dict_mut)
        .expect("page dict")
        .set("Contents", content);
    std::fs::write(&path, pdf_bytes(&mut doc)).expect("write");

    let (report, took) = analyze_beside_good(&path, &[("DUIBI_READ_MEM_MB", "256")]);
    eprintln!("PDF 4M BT/ET, 256 MB: {:?} in {took:.2?}", report.error);
    assert_eq!(
        error_of(&report),
        "the PDF reader ran out of memory on this file (limit 256 MB)"
    );
    let (report, took) = analyze_beside_good(
        &path,
        &[("DUIBI_READ_MEM_MB", "4096"), ("DUIBI_READ_SECONDS", "1")],
    );
    eprintln!("PDF 4M BT/ET, 1 s: {:?} in {took:.2?}", report.error);
    assert_eq!(
        error_of(&report),
        "the PDF reader exceeded 1 s on this file"
    );
    assert!(took < Duration::from_secs(20), "took {took:?}");
}

/// A font whose ToUnicode map gives one code 100 000 characters, drawn 20 000 times: 2·10⁹
/// characters (about 6 GB) if each glyph printed its whole mapping. A code maps to a few.
#[test]
fn pdf_tounicode_code_mapped_to_a_page_stays_small() {
    use lopdf::{Object, Stream, dictionary};
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("tounicode.pdf");
    let content = format!("BT /F1 12 Tf 72 700 Td ({}) Tj ET", "A".repeat(20_000));
    let mut doc = pdf_with_content(content.as_bytes());
    let cmap = format!(
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap 1 begincodespacerange <00> <FF> endcodespacerange 1 beginbfchar <41> <{}> endbfchar endcmap end end",
        "6CD5".repeat(100_000)
    );
    let cmap_id = doc.add_object(Stream::new(dictionary! {}, cmap.into_bytes()));
    let font_id = doc.add_object(dictionary! {
        "Type" => "Font",
        "Subtype" => "Type1",
        "BaseFont" => "Helvetica",
        "ToUnicode" => cmap_id,
    });
    let page_id = *doc.get_pages().values().next().expect("a page");
    doc.get_object_mut(page_id)
        .and_then(Object::as_dict_mut)
        .expect("page dict")
        .set(
            "Resources",
            dictionary! { "Font" => dictionary! { "F1" => font_id } },
        );
    std::fs::write(&path, pdf_bytes(&mut doc)).expect("write");
    let (report, took) = analyze_beside_good(&path, &[]);
    let text: usize = report.passages.iter().map(|p| p.text.len()).sum();
    eprintln!(
        "PDF ToUnicode code → 100k chars: {:?}, {text} bytes of passages, in {took:.2?}",
        report.error
    );
    assert_eq!(report.error, None);
    assert!(text < 2 * 1024 * 1024, "{text} bytes");
}
