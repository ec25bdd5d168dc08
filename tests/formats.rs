//! One report in every form a user may open it in. Each sample is rewritten as GBK text, in
//! Traditional characters, as a web page saved with its clutter (and as an older site's GB2312 page
//! with `<br>` paragraphs), as a Word document and as a PDF
//! whose lines break at the page margin, and each must analyze like the UTF-8 original: the same
//! title, region and year, the same outline of headings, the same sentences with the same topics
//! and kind, and the same indicator values. A Word document whose 一、 and (一) labels come from
//! Word's automatic numbering is one of the forms, as are an OFD laid out line by line and the
//! samples saved as Word 97 `.doc` by LibreOffice (committed under `tests/fixtures/doc/`, read also
//! under the `.wps` name WPS Office gives the same format).
//!
//! The samples are the only real reports here, so this is how the readers are held to the
//! analysis the gold labels check, for formats the gold does not cover.

use std::collections::HashMap;
use std::io::Write;
use std::path::Path;

use duibi::model::Report;
use duibi::pipeline::analyze_bytes;

mod ofd_writer;
mod pdf_writer;

/// Share of the original's sentences (by text) that must come back with the same topics and kind,
/// and of its indicator values that must come back (and no more than this share new ones).
const MIN_AGREEMENT: f64 = 0.95;

fn samples() -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    let mut out: Vec<(String, String)> = std::fs::read_dir(dir)
        .expect("samples/")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .map(|p| {
            let name = p
                .file_stem()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned();
            (name, std::fs::read_to_string(&p).expect("sample is UTF-8"))
        })
        .collect();
    out.sort();
    out
}

fn paragraphs(text: &str) -> Vec<&str> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect()
}

fn gbk(text: &str) -> Vec<u8> {
    // GBK has no no-break space (one sample has a few); an editor saving as GBK writes a space.
    let text = text.replace('\u{a0}', " ");
    let (bytes, _, unmappable) = encoding_rs::GBK.encode(&text);
    assert!(!unmappable, "sample has a character GBK cannot hold");
    bytes.into_owned()
}

fn traditional(text: &str) -> Vec<u8> {
    let s2t = ferrous_opencc::OpenCC::from_config(ferrous_opencc::config::BuiltinConfig::S2t)
        .expect("s2t dictionaries");
    s2t.convert(text).into_bytes()
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// What a page saved from a government site carries around the report.
fn web_page(text: &str) -> Vec<u8> {
    let paras = paragraphs(text);
    let title = escape(paras.first().copied().unwrap_or_default());
    let body: String = paras[1..]
        .iter()
        .map(|p| format!("<p style=\"text-indent:2em\">{}</p>\n", escape(p)))
        .collect();
    format!(
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>{title}_区人民政府</title>\
         <script>var menu = '<p>首页</p>'; document.write('<div>浏览次数</div>');</script>\
         <style>.nav a {{ margin: 0 1em }}</style></head><body>\
         <div class=\"nav\"><a href=\"/\">首页</a><a href=\"/zwgk\">政务公开</a>\
         <a href=\"/bsfw\">办事服务</a><a href=\"/hdjl\">互动交流</a></div>\
         <div class=\"location\">当前位置：首页 &gt; 政务公开 &gt; 法治政府建设</div>\
         <div class=\"article\"><h1>{title}</h1>\
         <div class=\"info\">发布时间：2020-03-20 来源：区司法局 字号：大 中 小</div>\
         <div class=\"content\">\n{body}</div></div>\
         <div class=\"share\">分享到：微信 微博 QQ空间</div>\
         <div class=\"footer\">网站地图 | 联系我们 | 版权所有：区人民政府办公室 备案号：苏ICP备05000000号</div>\
         </body></html>"
    )
    .into_bytes()
}

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

/// Word's own numbering for 一、 and （一） headings, tied to the Heading 1 and 2 styles.
const NUMBERING_XML: &str = r#"<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl><w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>"#;
const STYLES_XML: &str = r#"<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr><w:outlineLvl w:val="0"/></w:pPr></w:style><w:style w:type="paragraph" w:styleId="2"><w:name w:val="heading 2"/><w:pPr><w:numPr><w:ilvl w:val="1"/><w:numId w:val="1"/></w:numPr><w:outlineLvl w:val="1"/></w:pPr></w:style></w:styles>"#;

/// The style and the text after the label, for a line that starts with a 一、 or (一) label.
fn numbered_heading(line: &str) -> Option<(&'static str, &str)> {
    let count = |s: &str| {
        s.chars()
            .take_while(|c| "一二三四五六七八九十".contains(*c))
            .count()
    };
    let cut = |s: &str, chars: usize| s.char_indices().nth(chars).map_or(s.len(), |(i, _)| i);
    let top = count(line);
    if top > 0 && line.chars().nth(top) == Some('、') {
        return Some(("1", &line[cut(line, top + 1)..]));
    }
    let rest = line.strip_prefix(['(', '（'])?;
    let n = count(rest);
    if n > 0 && matches!(rest.chars().nth(n), Some(')' | '）')) {
        return Some(("2", &rest[cut(rest, n + 1)..]));
    }
    None
}

/// An older site's page: GB2312 declared in a meta tag, the report in one `<div>` with `<br>`
/// between paragraphs and `&nbsp;` for the first-line indent.
fn old_web_page(text: &str) -> Vec<u8> {
    let paras = paragraphs(text);
    let title = escape(paras.first().copied().unwrap_or_default());
    let body: Vec<String> = paras[1..]
        .iter()
        .map(|p| format!("&nbsp;&nbsp;&nbsp;&nbsp;{}", escape(p)))
        .collect();
    let page = format!(
        "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\">\
         <title>{title}</title></head><body><table><tr><td><a href=\"/\">网站首页</a></td>\
         <td><a href=\"/xxgk\">信息公开</a></td></tr></table>\
         <table><tr><td class=\"title\">{title}</td></tr><tr><td>【字体：大 中 小】 打印本页 关闭窗口</td></tr>\
         <tr><td><div id=\"zoom\">{}</div></td></tr></table>\
         <div>主办单位：区人民政府办公室 技术支持：某某网络公司</div></body></html>",
        body.join("<br>\n")
    );
    gbk(&page)
}

fn docx(text: &str) -> Vec<u8> {
    word_document(text, false)
}

fn docx_numbered(text: &str) -> Vec<u8> {
    word_document(text, true)
}

/// A Word document of the report; with `numbered`, its 一、 and (一) labels are not in the text but
/// printed by Word's automatic numbering of the heading styles.
fn word_document(text: &str, numbered: bool) -> Vec<u8> {
    let body: String = paragraphs(text)
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let heading = if numbered { numbered_heading(p) } else { None };
            let (style, p) = match heading {
                _ if i == 0 => (
                    r#"<w:pPr><w:pStyle w:val="Title"/><w:jc w:val="center"/></w:pPr>"#.to_string(),
                    *p,
                ),
                Some((level, rest)) => (format!(r#"<w:pPr><w:pStyle w:val="{level}"/></w:pPr>"#), rest),
                None => (r#"<w:pPr><w:ind w:firstLineChars="200"/></w:pPr>"#.to_string(), *p),
            };
            format!(
                r#"<w:p>{style}<w:r><w:rPr><w:rFonts w:eastAsia="仿宋_GB2312"/></w:rPr><w:t xml:space="preserve">{}</w:t></w:r></w:p>"#,
                escape(p)
            )
        })
        .collect();
    let document = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
         <w:document xmlns:w=\"{W}\"><w:body>{body}<w:sectPr/></w:body></w:document>"
    );
    let types = r#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#;
    let rels = r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;
    let mut out = std::io::Cursor::new(Vec::new());
    {
        let mut zip = zip::ZipWriter::new(&mut out);
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        let mut parts = vec![
            ("[Content_Types].xml", types.as_bytes()),
            ("_rels/.rels", rels.as_bytes()),
            ("word/document.xml", document.as_bytes()),
        ];
        if numbered {
            parts.push(("word/numbering.xml", NUMBERING_XML.as_bytes()));
            parts.push(("word/styles.xml", STYLES_XML.as_bytes()));
        }
        for (name, data) in parts {
            zip.start_file(name, options).expect("zip entry");
            zip.write_all(data).expect("zip write");
        }
        zip.finish().expect("zip");
    }
    out.into_inner()
}

/// Printed width in half-width units (ASCII one, everything else two).
fn units(c: char) -> usize {
    if c.is_ascii() { 1 } else { 2 }
}

/// Punctuation a Chinese line may not start with: it hangs at the end of the line before.
fn no_line_start(c: char) -> bool {
    "，。、；：？！）》」”’%".contains(c)
}

/// A paragraph broken into printed lines `width` units wide, the first indented by two characters
/// (done by position on the page, so the text layer has no spaces for it).
fn wrap(paragraph: &str, width: usize, indent: usize) -> Vec<String> {
    let chars: Vec<char> = paragraph.chars().collect();
    let mut lines = Vec::new();
    let mut start = 0;
    let mut room = width - indent;
    while start < chars.len() {
        let mut end = start;
        let mut used = 0;
        while end < chars.len() && used + units(chars[end]) <= room {
            used += units(chars[end]);
            end += 1;
        }
        while end < chars.len() && no_line_start(chars[end]) {
            end += 1;
        }
        lines.push(chars[start..end].iter().collect());
        start = end;
        room = width;
    }
    lines
}

/// An A4 report as Word prints it: 28 characters a line at 16 pt 仿宋, 22 lines a page, the title
/// centred, a page number ("- 3 -") at the foot of each page.
fn pdf(text: &str) -> Vec<u8> {
    const WIDTH: usize = 56;
    const LINES_PER_PAGE: usize = 22;
    let paras = paragraphs(text);
    // (x offset in characters, text) per printed line.
    let mut printed: Vec<(usize, String)> = Vec::new();
    for (i, p) in paras.iter().enumerate() {
        if i == 0 {
            printed.push((2, (*p).to_string()));
            continue;
        }
        for (n, line) in wrap(p, WIDTH, 4).into_iter().enumerate() {
            printed.push((if n == 0 { 2 } else { 0 }, line));
        }
    }
    let mut glyphs: Vec<char> = Vec::new();
    let mut glyph_of: HashMap<char, usize> = HashMap::new();
    for c in printed
        .iter()
        .flat_map(|(_, l)| l.chars())
        .chain("- 0123456789".chars())
    {
        glyph_of.entry(c).or_insert_with(|| {
            glyphs.push(c);
            glyphs.len()
        });
    }
    let hex = |line: &str| -> String {
        line.chars()
            .map(|c| format!("{:04X}", glyph_of[&c]))
            .collect()
    };
    let pages: Vec<&[(usize, String)]> = printed.chunks(LINES_PER_PAGE).collect();
    // 1 catalog, 2 pages, 3 font, 4 CID font, 5 ToUnicode, then a page and its content per page.
    let kids: String = (0..pages.len())
        .map(|i| format!("{} 0 R ", 6 + 2 * i))
        .collect();
    let mut bodies = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        format!(
            "<< /Type /Pages /Kids [{kids}] /Count {} /MediaBox [0 0 595 842] >>",
            pages.len()
        )
        .into_bytes(),
        pdf_writer::type0_font(4, 5).into_bytes(),
        pdf_writer::CID_FONT.as_bytes().to_vec(),
        pdf_writer::stream("", &pdf_writer::to_unicode(&glyphs)),
    ];
    for (n, page) in pages.iter().enumerate() {
        let mut content = String::from("BT /F1 16 Tf\n");
        for (row, (indent, line)) in page.iter().enumerate() {
            let x = 90 + 16 * indent;
            let y = 760 - 28 * row;
            content.push_str(&format!("1 0 0 1 {x} {y} Tm <{}> Tj\n", hex(line)));
        }
        let number = format!("- {} -", n + 1);
        content.push_str(&format!("1 0 0 1 280 60 Tm <{}> Tj\nET\n", hex(&number)));
        bodies.push(
            format!(
                "<< /Type /Page /Parent 2 0 R /Contents {} 0 R /Resources << /Font << /F1 3 0 R >> >> >>",
                7 + 2 * n
            )
            .into_bytes(),
        );
        bodies.push(pdf_writer::stream("", content.as_bytes()));
    }
    pdf_writer::pdf(&bodies, "")
}

/// The report as an OFD prints it: the PDF's page (28 characters a line, first lines indented two
/// characters, the title centred, "- 3 -" at each foot), each line placed by absolute position.
fn ofd(text: &str) -> Vec<u8> {
    ofd_pages(text, false)
}

/// The same with some lines drawn as two text objects, the right half first.
fn ofd_split(text: &str) -> Vec<u8> {
    ofd_pages(text, true)
}

fn ofd_pages(text: &str, split: bool) -> Vec<u8> {
    use ofd_writer::{Placed, SIZE, width};
    const WIDTH: usize = 56;
    const LINES_PER_PAGE: usize = 22;
    const LEFT: f64 = 28.0;
    let mut printed: Vec<(f64, String)> = Vec::new();
    for (i, p) in paragraphs(text).iter().enumerate() {
        if i == 0 {
            let w: f64 = p.chars().map(width).sum();
            printed.push((LEFT + (28.0 * SIZE - w).max(0.0) / 2.0, (*p).to_string()));
            continue;
        }
        for (n, line) in wrap(p, WIDTH, 4).into_iter().enumerate() {
            let indent = if n == 0 { 2.0 * SIZE } else { 0.0 };
            printed.push((LEFT + indent, line));
        }
    }
    let pages: Vec<Vec<Placed>> = printed
        .chunks(LINES_PER_PAGE)
        .enumerate()
        .map(|(n, lines)| {
            let mut page: Vec<Placed> = lines
                .iter()
                .enumerate()
                .map(|(row, (x, line))| Placed {
                    x: *x,
                    baseline: 40.0 + 9.9 * row as f64,
                    text: line.clone(),
                })
                .collect();
            page.push(Placed {
                x: 98.0,
                baseline: 285.0,
                text: format!("- {} -", n + 1),
            });
            page
        })
        .collect();
    ofd_writer::ofd(&pages, split)
}

/// Sentence text as a key: the forms differ in spaces, and Word's labels in bracket width.
fn key(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '（' => '(',
            '）' => ')',
            c => c,
        })
        .collect()
}

/// What differs between the original's analysis and a variant's, as readable lines, and how much
/// agreed.
fn differences(original: &Report, variant: &Report) -> (Vec<String>, String) {
    let mut out = Vec::new();
    if let Some(e) = &variant.error {
        return (vec![format!("error: {e}")], String::new());
    }
    for (field, a, b) in [
        ("title", &original.title, &variant.title),
        ("region", &original.region, &variant.region),
    ] {
        if a != b {
            out.push(format!("{field}: {a:?} became {b:?}"));
        }
    }
    if original.year != variant.year {
        out.push(format!(
            "year: {:?} became {:?}",
            original.year, variant.year
        ));
    }

    let outline = |r: &Report| -> Vec<(String, u8, String)> {
        r.sections
            .iter()
            // A heading that ends its line in the PDF may lose its full stop to the body.
            .map(|s| (s.id.clone(), s.level, key(s.heading.trim_end_matches('。'))))
            .collect()
    };
    let (want_outline, got_outline) = (outline(original), outline(variant));
    if want_outline != got_outline {
        let first = want_outline
            .iter()
            .zip(&got_outline)
            .find(|(a, b)| a != b)
            .map(|(a, b)| format!("{a:?} became {b:?}"))
            .unwrap_or_default();
        out.push(format!(
            "outline: {} headings became {}; first difference: {first}",
            want_outline.len(),
            got_outline.len()
        ));
    }

    // Sentences, not passages: a PDF line that ends a sentence at the margin may split a
    // paragraph in two (see `outline::wrapped`), and each half keeps its sentences' tags.
    let sentences = |r: &Report| -> Vec<(String, duibi::model::Kind, Vec<String>)> {
        r.passages
            .iter()
            .flat_map(|p| &p.sentences)
            .map(|s| (key(&s.text), s.kind, s.topics.clone()))
            .collect()
    };
    let tags: HashMap<String, _> = sentences(variant)
        .into_iter()
        .map(|(k, kind, topics)| (k, (kind, topics)))
        .collect();
    let original_sentences = sentences(original);
    let lost: Vec<&String> = original_sentences
        .iter()
        .filter(|(k, kind, topics)| tags.get(k) != Some(&(*kind, topics.clone())))
        .map(|(k, _, _)| k)
        .collect();
    let kept = original_sentences.len() - lost.len();
    if (kept as f64) < MIN_AGREEMENT * original_sentences.len() as f64 {
        out.push(format!(
            "{kept} of {} sentences kept their text, topics and kind; lost: {:?}",
            original_sentences.len(),
            lost.iter().take(3).collect::<Vec<_>>()
        ));
    }

    let values = |r: &Report| -> Vec<(String, String)> {
        let mut v: Vec<(String, String)> = r
            .facts
            .iter()
            .filter_map(|f| Some((f.metric.clone()?, format!("{}{}", f.value, f.unit))))
            .collect();
        v.sort();
        v
    };
    let (want, got) = (values(original), values(variant));
    let found = want.iter().filter(|v| got.contains(v)).count();
    let extra = got.iter().filter(|v| !want.contains(v)).count();
    if (found as f64) < MIN_AGREEMENT * want.len() as f64
        || extra as f64 > (1.0 - MIN_AGREEMENT) * want.len().max(1) as f64
    {
        out.push(format!(
            "indicator values: {found} of {} found, {extra} new; missing {:?}",
            want.len(),
            want.iter()
                .filter(|v| !got.contains(v))
                .take(4)
                .collect::<Vec<_>>()
        ));
    }
    let agreed = format!(
        "headings {}/{}, sentences {kept}/{}, indicator values {found}/{} (+{extra})",
        got_outline.len(),
        want_outline.len(),
        original_sentences.len(),
        want.len()
    );
    (out, agreed)
}

type Writer = fn(&str) -> Vec<u8>;

/// (what it is, file extension, writer).
const FORMS: [(&str, &str, Writer); 9] = [
    ("GBK text", "txt", gbk),
    ("Traditional characters", "txt", traditional),
    ("saved web page", "html", web_page),
    (
        "older web page (GB2312, <br> paragraphs)",
        "html",
        old_web_page,
    ),
    ("Word document", "docx", docx),
    (
        "Word document, headings numbered by Word",
        "docx",
        docx_numbered,
    ),
    ("PDF, lines broken at the margin", "pdf", pdf),
    ("OFD, lines placed by position", "ofd", ofd),
    ("OFD, some lines in two text objects", "ofd", ofd_split),
];

/// The samples as LibreOffice 7.4 saves them as Word 97 (`soffice --headless --convert-to doc`),
/// committed once: nothing in Rust writes the format.
#[test]
fn every_sample_saved_as_doc_analyzes_like_the_original() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/doc");
    let mut failures = Vec::new();
    for (name, text) in samples() {
        let original = analyze_bytes(&format!("{name}.txt"), text.as_bytes());
        let bytes = std::fs::read(fixtures.join(format!("{name}.doc"))).expect("a .doc fixture");
        for (form, ext) in [("Word 97 document", "doc"), ("the same, named .wps", "wps")] {
            let variant = analyze_bytes(&format!("{name}.{ext}"), &bytes);
            assert_eq!(variant.format, "doc");
            let (problems, agreed) = differences(&original, &variant);
            println!("{name} as {form}: {agreed}");
            for p in problems {
                failures.push(format!("{name} as {form}: {p}"));
            }
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn every_form_of_a_sample_analyzes_like_the_original() {
    let mut failures = Vec::new();
    for (name, text) in samples() {
        let original = analyze_bytes(&format!("{name}.txt"), text.as_bytes());
        assert!(original.error.is_none(), "{name}: {:?}", original.error);
        for (form, ext, write) in FORMS {
            let variant = analyze_bytes(&format!("{name}.{ext}"), &write(&text));
            let (problems, agreed) = differences(&original, &variant);
            println!("{name} as {form}: {agreed}");
            for p in problems {
                failures.push(format!("{name} as {form}: {p}"));
            }
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

/// Writes every form of every sample to `$DUIBI_FORMS_DIR`, to open them in the app:
/// `DUIBI_FORMS_DIR=/tmp/forms cargo test --test formats -- --ignored write_forms`.
#[test]
#[ignore]
fn write_forms() {
    let dir = std::env::var("DUIBI_FORMS_DIR").expect("set DUIBI_FORMS_DIR");
    std::fs::create_dir_all(&dir).expect("create the directory");
    for (name, text) in samples() {
        for (n, (_, ext, write)) in FORMS.iter().enumerate() {
            let path = Path::new(&dir).join(format!("{name}-{n}.{ext}"));
            std::fs::write(path, write(&text)).expect("write a form");
        }
    }
}
