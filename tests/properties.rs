//! Properties of the parsers over generated input (proptest): nothing panics, normalizing is
//! idempotent, passages keep body order, indices stay in bounds, Chinese numerals round-trip.
//!
//! These double as the fuzz harness on stable Rust; `PROPTEST_CASES=100000 cargo test --test
//! properties` runs them longer.

use std::io::Write;
use std::path::Path;
use std::sync::LazyLock;

use duibi::extract::numbers::find_numbers;
use duibi::extract::numerals::parse_chinese_integer;
use duibi::normalize::normalize;
use duibi::outline::headings::parse_marker;
use duibi::pipeline::{analyze_bytes, analyze_text};
use proptest::prelude::*;

/// Characters the parsers branch on, so generated text reaches their rules and not only their
/// "no match" paths: numerals, units, heading markers, sentence ends, full-width forms, and a few
/// topic words.
const REPORT_CHARS: &str = "[一二三四五六七八九十百千万亿零〇两第是要为部分章、。，,；;：:！？!?（）()㈠㈢①⑤0-9０-９.．﹒%％件项户个人次本余多近逾约超过年月日号至到~—\\-法治政府建设执法复议规范性文件营商环境报告区市县我全当前位置分享到 \u{3000}\t\n\r“”\"》]";

fn report_text() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => proptest::string::string_regex(&format!("{REPORT_CHARS}{{0,300}}"))
            .expect("strategy regex"),
        1 => any::<String>(),
    ]
}

fn chars_of(s: &str) -> Vec<char> {
    s.chars().collect()
}

static GOOD: LazyLock<String> = LazyLock::new(|| {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/changzhou-xinbei-2019.txt"),
    )
    .expect("good sample")
});

/// A small real docx and PDF to mutate: random bytes alone never get past the zip or PDF header,
/// a valid file with a few bytes changed reaches the parsers' inner loops.
static DOCX: LazyLock<Vec<u8>> = LazyLock::new(|| {
    let body: String = GOOD
        .lines()
        .take(12)
        .map(|l| format!("<w:p><w:r><w:t>{l}</w:t></w:r></w:p>"))
        .collect();
    let xml = format!(
        r#"<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}<w:tbl><w:tr><w:tc><w:p><w:r><w:t>复议</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:tab/><w:t>26件</w:t></w:r></w:p></w:tc></w:tr></w:tbl></w:body></w:document>"#
    );
    let mut out = std::io::Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut out);
    // Stored, not deflated: mutations then land in the XML instead of only breaking the inflater.
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    zip.start_file("word/document.xml", options).expect("entry");
    zip.write_all(xml.as_bytes()).expect("write");
    zip.finish().expect("finish");
    out.into_inner()
});

static PDF: LazyLock<Vec<u8>> = LazyLock::new(|| {
    use lopdf::{Object, Stream, dictionary};
    let mut doc = lopdf::Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let font_id = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
        "Encoding" => "WinAnsiEncoding",
    });
    let content = b"BT /F1 12 Tf 72 700 Td (Report 2019: 26 cases) Tj 0 -14 Td (accepted 22) Tj T* [(a) -250 (b)] TJ ET\nq 0 0 m 10 10 l S Q";
    let content_id = doc.add_object(Stream::new(dictionary! {}, content.to_vec()));
    let page_id = doc.add_object(dictionary! {
        "Type" => "Page", "Parent" => pages_id, "Contents" => content_id,
        "Resources" => dictionary! { "Font" => dictionary! { "F1" => font_id } },
        "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
    });
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages", "Kids" => vec![page_id.into()], "Count" => 1,
        }),
    );
    let catalog_id = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog_id);
    let mut out = Vec::new();
    doc.save_to(&mut out).expect("save");
    out
});

/// A Word 97 file LibreOffice wrote (a table and a HYPERLINK field): the FIB, the piece table and
/// the field marks all lie within reach of a few changed bytes.
static DOC: LazyLock<Vec<u8>> = LazyLock::new(|| {
    std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/doc/table-link.doc"),
    )
    .expect("doc fixture")
});

/// A one-page OFD, stored (not deflated) so that mutations land in its XML: two lines, one of
/// them split over two text objects, with CTM and DeltaX runs.
static OFD: LazyLock<Vec<u8>> = LazyLock::new(|| {
    let ns = r#"xmlns:ofd="http://www.ofdspec.org/2016""#;
    let parts = [
        (
            "OFD.xml",
            format!(
                "<ofd:OFD {ns}><ofd:DocBody><ofd:DocRoot>/Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>"
            ),
        ),
        (
            "Doc_0/Document.xml",
            format!(
                r#"<ofd:Document {ns}><ofd:Pages><ofd:Page ID="1" BaseLoc="Pages/Page_0/Content.xml"/></ofd:Pages></ofd:Document>"#
            ),
        ),
        (
            "Doc_0/Pages/Page_0/Content.xml",
            format!(
                r#"<ofd:Page {ns}><ofd:Content><ofd:Layer ID="1"><ofd:TextObject ID="2" Boundary="30 20 150 8" Size="5.6"><ofd:TextCode X="0" Y="5" DeltaX="g 9 5.6">全年收到行政复议申请</ofd:TextCode></ofd:TextObject><ofd:TextObject ID="3" Boundary="20 30 150 8" CTM="0.3528 0 0 0.3528 0 0" Size="16"><ofd:TextCode X="0" Y="14" DeltaX="8 8 16 16 g 3 16">26件，依法受理22件。</ofd:TextCode></ofd:TextObject><ofd:TextObject ID="4" Boundary="98 280 20 8" Size="5"><ofd:TextCode X="0" Y="5">- 1 -</ofd:TextCode></ofd:TextObject></ofd:Layer></ofd:Content></ofd:Page>"#
            ),
        ),
    ];
    let mut out = std::io::Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut out);
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, xml) in parts {
        zip.start_file(name, options).expect("entry");
        zip.write_all(xml.as_bytes()).expect("write");
    }
    zip.finish().expect("finish");
    out.into_inner()
});

/// `base` with up to 8 bytes overwritten and maybe truncated.
fn mutated(base: &'static [u8]) -> impl Strategy<Value = Vec<u8>> {
    let len = base.len();
    (
        proptest::collection::vec((0..len, any::<u8>()), 0..8),
        prop_oneof![3 => Just(len), 1 => 0..len],
    )
        .prop_map(move |(edits, keep)| {
            let mut bytes = base.to_vec();
            for (at, b) in edits {
                if let Some(slot) = bytes.get_mut(at) {
                    *slot = b;
                }
            }
            bytes.truncate(keep);
            bytes
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn analyze_bytes_never_panics_on_text(text in report_text(), ext in prop::sample::select(vec!["txt", "html", "htm", "", "dat"])) {
        let _ = analyze_bytes(&format!("input.{ext}"), text.as_bytes());
        let html = format!("<html><body><p>{text}</p><table><tr><td>{text}</td></tr></table></body></html>");
        let _ = analyze_bytes("input.html", html.as_bytes());
    }

    #[test]
    fn analyze_bytes_never_panics_on_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..2048), ext in prop::sample::select(vec!["txt", "html", "docx", "pdf", "doc", "ofd", ""])) {
        let _ = analyze_bytes(&format!("input.{ext}"), &bytes);
    }

    #[test]
    fn analyze_bytes_never_panics_on_damaged_docx(bytes in mutated(&DOCX)) {
        let _ = analyze_bytes("input.docx", &bytes);
    }

    #[test]
    fn analyze_bytes_never_panics_on_damaged_pdf(bytes in mutated(&PDF)) {
        let _ = analyze_bytes("input.pdf", &bytes);
    }

    #[test]
    fn analyze_bytes_never_panics_on_damaged_doc(bytes in mutated(&DOC)) {
        let _ = analyze_bytes("input.doc", &bytes);
    }

    #[test]
    fn analyze_bytes_never_panics_on_damaged_ofd(bytes in mutated(&OFD)) {
        let _ = analyze_bytes("input.ofd", &bytes);
    }

    #[test]
    fn normalizing_twice_changes_nothing(text in report_text()) {
        let once = normalize(&text);
        let twice = normalize(&once.lines.join("\n"));
        prop_assert_eq!(once.lines, twice.lines);
    }

    #[test]
    fn passages_keep_body_order(text in report_text()) {
        let report = analyze_text("input.txt", &text);
        // Passages drop markers and whitespace, so look for each, whitespace removed, in the
        // body after the end of the one before it.
        let squeeze = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
        let body = squeeze(&normalize(&text).lines.join(""));
        let mut from = 0;
        for passage in &report.passages {
            let p = squeeze(&passage.text);
            let found = body.get(from..).and_then(|rest| rest.find(&p));
            prop_assert!(found.is_some(), "passage {:?} not in order in {:?}", p, body);
            from += found.unwrap_or(0) + p.len();
        }
    }

    #[test]
    fn find_numbers_stays_in_bounds(text in report_text()) {
        let chars = chars_of(&text);
        for n in find_numbers(&chars) {
            prop_assert!(n.start < n.end && n.end <= chars.len(), "{:?} in {} chars", n, chars.len());
        }
    }

    #[test]
    fn parse_marker_rest_is_a_suffix(text in report_text()) {
        for line in text.lines() {
            if let Some(m) = parse_marker(line) {
                prop_assert!(line.ends_with(m.rest) && m.rest.len() < line.len(), "{:?}", line);
            }
        }
    }

    #[test]
    fn parse_chinese_integer_never_panics(token in prop_oneof![
        "[一二三四五六七八九十百千万亿零〇两]{0,40}",
        // Digit runs alone: the positional reading overflows first.
        "[〇一二三四五六七八九]{0,40}",
    ]) {
        let _ = parse_chinese_integer(&token);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4096))]

    #[test]
    fn chinese_numerals_round_trip(n in prop_oneof![0u64..100, 0u64..100_000, 0u64..1_000_000_000_000]) {
        let written = chinese(n);
        prop_assert_eq!(parse_chinese_integer(&written), Some(n), "{}", written);
    }
}

/// Formats `n` (< 10^12) the way reports write numbers: 二十六, 一百零五, 一万零一十, 三亿零五万.
fn chinese(n: u64) -> String {
    const DIGITS: [char; 10] = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
    if n == 0 {
        return "零".into();
    }
    // One group of four digits (under 10^4); `lead` when nothing is written before it.
    let group = |g: u64, lead: bool| -> String {
        let mut out = String::new();
        let mut zero = false;
        for (unit, scale) in [("千", 1000), ("百", 100), ("十", 10), ("", 1)] {
            let d = (g / scale % 10) as usize;
            if d == 0 {
                zero = !out.is_empty();
                continue;
            }
            if zero {
                out.push('零');
                zero = false;
            }
            // 十二 at the very start, 一百一十二 elsewhere.
            if !(lead && out.is_empty() && scale == 10 && d == 1) {
                out.push(DIGITS[d]);
            }
            out.push_str(unit);
        }
        out
    };
    let mut out = String::new();
    for (scale, unit) in [(100_000_000, "亿"), (10_000, "万"), (1, "")] {
        let g = n / scale % 10_000;
        let g = if scale == 100_000_000 { n / scale } else { g };
        if g == 0 {
            continue;
        }
        // A gap of a thousand or more (三亿零五万, 一万零五) is read as one 零.
        if !out.is_empty() && (g < 1000 || skipped_group(n, scale)) && !out.ends_with('零') {
            out.push('零');
        }
        out.push_str(&group(g, out.is_empty()));
        out.push_str(unit);
    }
    out
}

/// Whether the group just above `scale` is zero while something above it is not (三亿零五 skips 万).
fn skipped_group(n: u64, scale: u64) -> bool {
    scale == 1 && (n / 10_000).is_multiple_of(10_000) && n >= 100_000_000
}

#[test]
fn the_files_to_mutate_read() {
    // Mutating a file that does not read would only exercise the first error path.
    for (name, bytes, want) in [
        ("input.doc", &*DOC, "详见附件一所列清单"),
        (
            "input.ofd",
            &*OFD,
            "全年收到行政复议申请26件，依法受理22件。",
        ),
    ] {
        let report = analyze_bytes(name, bytes);
        assert!(report.error.is_none(), "{name}: {:?}", report.error);
        let text: String = report.passages.iter().map(|p| p.text.as_str()).collect();
        assert!(text.contains(want), "{name}: {text}");
    }
}

#[test]
fn formatter_writes_what_reports_write() {
    let cases = [
        (0, "零"),
        (10, "十"),
        (12, "十二"),
        (26, "二十六"),
        (105, "一百零五"),
        (110, "一百一十"),
        (1005, "一千零五"),
        (10_010, "一万零一十"),
        (120_000, "十二万"),
        (300_050_000, "三亿零五万"),
        (300_000_005, "三亿零五"),
        (120_000_000, "一亿二千万"),
    ];
    for (n, want) in cases {
        assert_eq!(chinese(n), want, "{n}");
    }
}
