//! Scanned PDFs through OCR (issue 16): the opening pages of a sample report are rendered with the
//! shipped font to a clean 300-dpi gray page, saved as a JPEG and wrapped in a PDF as a scanner
//! writes it (an image per page, DCTDecode, no text). The OCR'd analysis must find the headings
//! the text original has, and the characters recognised correctly are measured.
//!
//! These tests need `tesseract` with its `chi_sim` model. Without it they skip, unless
//! `DUIBI_REQUIRE_OCR=1` (scripts/test.sh, CI) makes a missing tesseract a failure.

use std::path::Path;
use std::process::Command;

use ab_glyph::{Font, FontRef, PxScale, ScaleFont};
use lopdf::{Object, Stream, dictionary};

/// A4 at 300 dpi.
const PAGE_W: u32 = 2480;
const PAGE_H: u32 = 3508;
const MARGIN: u32 = 220;
/// 12 pt at 300 dpi, the size of a report's body text.
const FONT_PX: f32 = 50.0;
const LINE_PX: u32 = 80;
/// The share of the original's characters OCR must give back on clean renders.
const MIN_ACCURACY: f64 = 0.95;

fn ocr_available() -> bool {
    let listed = Command::new("tesseract")
        .arg("--list-langs")
        .output()
        .map(|out| {
            let all = [out.stdout, out.stderr].concat();
            String::from_utf8_lossy(&all)
                .lines()
                .any(|l| l.trim() == "chi_sim")
        })
        .unwrap_or(false);
    if !listed && std::env::var_os("DUIBI_REQUIRE_OCR").is_some_and(|v| v == "1") {
        panic!(
            "DUIBI_REQUIRE_OCR=1 but tesseract with chi_sim is missing \
             (scripts/install-deps.sh installs tesseract-ocr tesseract-ocr-chi-sim)"
        );
    }
    if !listed {
        eprintln!("skipped: tesseract with chi_sim is not installed");
    }
    listed
}

fn font() -> FontRef<'static> {
    static BYTES: &[u8] = include_bytes!("../assets/fonts/wqy-microhei-subset.ttf");
    FontRef::try_from_slice(BYTES).expect("shipped font parses")
}

/// The sample's paragraphs as printed lines (wrapped at the margin), characters the font lacks
/// dropped so the original is what the page shows. The enclosed numerals ㈠…㈩ (U+3220…) of
/// this web copy are written （一）…（十）, as printed reports do (GB/T 9704): chi_sim has no
/// such characters and reads them as others (㈠ as 名), losing those headings.
fn printed_lines(text: &str, most_lines: usize) -> Vec<String> {
    let font = font();
    let text: String = text
        .chars()
        .map(|c| match u32::from(c) {
            0x3220..=0x3229 => {
                let n = "一二三四五六七八九十"
                    .chars()
                    .nth((u32::from(c) - 0x3220) as usize);
                format!("（{}）", n.unwrap_or('一'))
            }
            _ => c.to_string(),
        })
        .collect();
    let per_line = ((PAGE_W - 2 * MARGIN) as f32 / FONT_PX) as usize;
    let mut lines = Vec::new();
    for para in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let chars: Vec<char> = para
            .chars()
            .filter(|c| !c.is_whitespace() && font.glyph_id(*c).0 != 0)
            .collect();
        for chunk in chars.chunks(per_line) {
            lines.push(chunk.iter().collect::<String>());
        }
        if lines.len() >= most_lines {
            break;
        }
    }
    lines.truncate(most_lines);
    lines
}

/// One gray page with `lines` drawn in black from the top margin.
fn render_page(lines: &[String]) -> Vec<u8> {
    let font = font();
    let scaled = font.as_scaled(PxScale::from(FONT_PX));
    let mut pixels = vec![255u8; (PAGE_W * PAGE_H) as usize];
    for (row, line) in lines.iter().enumerate() {
        let baseline = (MARGIN + row as u32 * LINE_PX) as f32 + scaled.ascent();
        let mut x = MARGIN as f32;
        for c in line.chars() {
            let id = font.glyph_id(c);
            let glyph = id.with_scale_and_position(FONT_PX, ab_glyph::point(x, baseline));
            x += scaled.h_advance(id);
            let Some(outlined) = font.outline_glyph(glyph) else {
                continue;
            };
            let bounds = outlined.px_bounds();
            outlined.draw(|gx, gy, coverage| {
                let px = bounds.min.x as i64 + i64::from(gx);
                let py = bounds.min.y as i64 + i64::from(gy);
                if (0..i64::from(PAGE_W)).contains(&px) && (0..i64::from(PAGE_H)).contains(&py) {
                    let at = (py * i64::from(PAGE_W) + px) as usize;
                    let ink = 255 - (coverage.clamp(0.0, 1.0) * 255.0) as u8;
                    pixels[at] = pixels[at].min(ink);
                }
            });
        }
    }
    let mut jpeg = Vec::new();
    jpeg_encoder::Encoder::new(&mut jpeg, 85)
        .encode(
            &pixels,
            PAGE_W as u16,
            PAGE_H as u16,
            jpeg_encoder::ColorType::Luma,
        )
        .expect("jpeg");
    jpeg
}

/// A PDF of one JPEG image per page, no text: what a scanner writes.
fn scanned_pdf(pages: &[Vec<u8>]) -> Vec<u8> {
    let mut doc = lopdf::Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let mut kids = Vec::new();
    for jpeg in pages {
        let image = doc.add_object(Stream::new(
            dictionary! {
                "Type" => "XObject", "Subtype" => "Image",
                "Width" => PAGE_W as i64, "Height" => PAGE_H as i64,
                "ColorSpace" => "DeviceGray", "BitsPerComponent" => 8, "Filter" => "DCTDecode",
            },
            jpeg.clone(),
        ));
        let content = doc.add_object(Stream::new(
            dictionary! {},
            b"q 595 0 0 842 0 0 cm /Im0 Do Q".to_vec(),
        ));
        let page = doc.add_object(dictionary! {
            "Type" => "Page", "Parent" => pages_id, "Contents" => content,
            "Resources" => dictionary! { "XObject" => dictionary! { "Im0" => image } },
        });
        kids.push(Object::from(page));
    }
    let count = kids.len() as i64;
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages", "Kids" => kids, "Count" => count,
            "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
        }),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    let mut bytes = Vec::new();
    doc.save_to(&mut bytes).expect("save pdf");
    bytes
}

/// Characters of `original` found, in order, in `recognised` (whitespace ignored on both sides).
fn char_accuracy(original: &str, recognised: &str) -> f64 {
    let a: Vec<char> = original.chars().filter(|c| !c.is_whitespace()).collect();
    let b: Vec<char> = recognised.chars().filter(|c| !c.is_whitespace()).collect();
    let same: usize = similar::capture_diff_slices(similar::Algorithm::Myers, &a, &b)
        .iter()
        .filter_map(|op| match op {
            similar::DiffOp::Equal { len, .. } => Some(*len),
            _ => None,
        })
        .sum();
    same as f64 / a.len().max(1) as f64
}

fn sample(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("samples")
        .join(name);
    std::fs::read_to_string(path).expect("sample")
}

const LINES_PER_PAGE: usize = ((PAGE_H - 2 * MARGIN) / LINE_PX) as usize;

#[test]
fn a_scanned_sample_reads_like_its_text() {
    if !ocr_available() {
        return;
    }
    let lines = printed_lines(&sample("sanming-shaxian-2022.txt"), 2 * LINES_PER_PAGE);
    let pages: Vec<Vec<u8>> = lines.chunks(LINES_PER_PAGE).map(render_page).collect();
    let pdf = scanned_pdf(&pages);

    let doc = duibi::ingest::read_bytes(Path::new("scan.pdf"), &pdf).expect("OCR reads the scan");
    let ocr = doc.ocr.expect("marked as OCR");
    assert_eq!(ocr.pages, 2);
    let accuracy = char_accuracy(&lines.join("\n"), &doc.text);
    eprintln!(
        "OCR: {} pages, {} chars, character accuracy {:.2} %, tesseract confidence {:.3}",
        ocr.pages,
        lines.iter().map(|l| l.chars().count()).sum::<usize>(),
        accuracy * 100.0,
        ocr.confidence
    );
    assert!(
        accuracy >= MIN_ACCURACY,
        "accuracy {accuracy:.3}; text:\n{}",
        doc.text
    );
    assert!(ocr.confidence > 0.5, "{}", ocr.confidence);

    // The analysis finds the headings the text original has (the original re-joined from the
    // printed lines, so both see the same characters).
    let scanned = duibi::pipeline::analyze_bytes("scan.pdf", &pdf);
    assert_eq!(scanned.error, None);
    assert_eq!(scanned.ocr, Some(ocr));
    let original = duibi::pipeline::analyze_text("scan.txt", &lines.join("\n"));
    let headings = |r: &duibi::model::Report| -> Vec<String> {
        r.sections.iter().map(|s| s.heading.clone()).collect()
    };
    let want = headings(&original);
    let got = headings(&scanned);
    assert!(want.len() >= 3, "{want:?}");
    let found = want.iter().filter(|h| got.contains(h)).count();
    eprintln!("OCR: headings found {found}/{}", want.len());
    assert_eq!(found, want.len(), "want {want:?}\ngot {got:?}");

    // Sentences keeping their topics (matched by position in the text, as OCR may change a
    // character of one), and indicator values kept.
    let tagged = |r: &duibi::model::Report| -> Vec<Vec<String>> {
        r.passages
            .iter()
            .flat_map(|p| p.sentences.iter().map(|s| s.topics.clone()))
            .collect()
    };
    let (want_tags, got_tags) = (tagged(&original), tagged(&scanned));
    let same_tags = want_tags
        .iter()
        .zip(&got_tags)
        .filter(|(a, b)| a == b)
        .count();
    let values = |r: &duibi::model::Report| -> Vec<(String, u64)> {
        r.facts
            .iter()
            .map(|f| (f.unit.clone(), f.value.to_bits()))
            .collect()
    };
    let got_values = values(&scanned);
    let want_values = values(&original);
    let kept = want_values
        .iter()
        .filter(|v| got_values.contains(v))
        .count();
    eprintln!(
        "OCR: sentences {} (original {}), same topics {same_tags}; indicator values kept {kept}/{}",
        got_tags.len(),
        want_tags.len(),
        want_values.len()
    );
    assert_eq!(got_tags.len(), want_tags.len());
    assert!(same_tags as f64 >= 0.9 * want_tags.len() as f64);
    assert!(kept as f64 >= 0.9 * want_values.len() as f64);
}

#[test]
fn the_report_json_marks_ocr_and_a_missing_tesseract_names_the_packages() {
    if !ocr_available() {
        return;
    }
    let dir = tempfile::tempdir().expect("tmp");
    let lines = printed_lines(&sample("changzhou-xinbei-2019.txt"), 12);
    let path = dir.path().join("scan.pdf");
    std::fs::write(&path, scanned_pdf(&[render_page(&lines)])).expect("write");
    let text = dir.path().join("plain.txt");
    std::fs::write(&text, "一、总体情况\n全年办理行政复议案件26件。\n").expect("write");
    let bin = env!("CARGO_BIN_EXE_duibi");

    // Through the CLI, so the PDF reader runs in its worker process and OCR after it.
    let out = Command::new(bin)
        // Hermetic: never the user's cache of analyses.
        .env("DUIBI_CACHE", "0")
        .args(["analyze", "--json"])
        .arg(&path)
        .output()
        .expect("duibi runs");
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let report = &json["reports"][0];
    assert_eq!(report["error"], serde_json::Value::Null, "{report}");
    assert_eq!(report["format"], "pdf");
    assert_eq!(report["ocr"]["pages"], 1);
    assert!(
        report["ocr"]["confidence"]
            .as_f64()
            .is_some_and(|c| c > 0.5)
    );

    let out = Command::new(bin)
        // Hermetic: never the user's cache of analyses.
        .env("DUIBI_CACHE", "0")
        .env("DUIBI_TESSERACT", dir.path().join("no-such-tesseract"))
        .args(["analyze", "--json"])
        .arg(&path)
        .arg(&text)
        .output()
        .expect("duibi runs");
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let error = json["reports"][0]["error"].as_str().unwrap_or_default();
    assert!(error.contains("no text layer (scanned?)"), "{error}");
    assert!(
        error.contains("tesseract-ocr tesseract-ocr-chi-sim"),
        "{error}"
    );
    // The other file of the batch is read all the same.
    assert_eq!(json["reports"][1]["error"], serde_json::Value::Null);
    assert!(json["reports"][0].get("ocr").is_none());
}

#[test]
fn a_damaged_page_image_is_an_error_not_a_panic() {
    if !ocr_available() {
        return;
    }
    let pdf = scanned_pdf(&[b"\xff\xd8\xff\xe0 truncated".to_vec()]);
    let report = duibi::pipeline::analyze_bytes("broken-scan.pdf", &pdf);
    let error = report.error.unwrap_or_default();
    assert!(
        error.starts_with("no text layer (scanned?): OCR failed"),
        "{error}"
    );
    assert_eq!(report.ocr, None);
}
