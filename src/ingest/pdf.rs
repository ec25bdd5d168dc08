//! PDF text layer → text, one line per line of print.
//!
//! Input: the bytes of a `.pdf`. Output: the text its fonts encode, in content-stream order, with a
//! line break wherever the baseline moves (Td/TD/T*/Tm, form XObjects included) and between pages.
//!
//! Glyph codes are decoded here rather than by `lopdf::Document::extract_text`, which (as of 0.36) has no
//! notion of code-space lengths and drops line breaks: a font's ToUnicode CMap first (what Word and
//! WPS write for Chinese CID fonts, `Identity-H`), then the predefined Unicode/GBK/Big5 CMaps by name,
//! then lopdf's simple-font encodings. A scanned PDF has no text to decode and says so.
//!
//! lopdf panics on some malformed files; the whole read runs under `catch_unwind`.
//!
//! This file loads the document and walks its pages; the rooms beside it:
//! - `content`: a page's content stream (and its forms) → lines of text
//! - `fonts`: which decoder a font's string bytes go through
//! - `cmap`: ToUnicode CMaps, parsed
//! - `streams`, `encrypted`: what streams decode to, counted before lopdf decodes them
//! - `nesting`, `rebuild`, `references`: damaged files lopdf cannot take as they are
//! - `images`: the page images of a scanned PDF, for OCR

use std::collections::HashSet;

use lopdf::ObjectId;

use super::{Document, Format, IngestError};

mod cmap;
mod content;
mod encrypted;
mod fonts;
pub(super) mod images;
mod nesting;
mod rebuild;
mod references;
mod streams;

use content::Reader;

/// Bytes the streams of one PDF may inflate to, counted before lopdf loads it (object and xref
/// streams, which it inflates unbounded) and again for what the reader decodes (page contents and
/// forms, which a page may reference thousands of times). A text report's streams inflate to a few
/// MB; deflate reaches ~1000:1, so a 50 MB file could otherwise ask for 50 GB.
const MAX_INFLATED_BYTES: u64 = 256 * 1024 * 1024;

pub(super) fn read(bytes: &[u8]) -> Result<Document, IngestError> {
    match std::panic::catch_unwind(|| extract(bytes)) {
        Ok(result) => result,
        Err(_) => Err(IngestError::BadPdf(
            "the PDF parser gave up on this file".into(),
        )),
    }
}

fn extract(bytes: &[u8]) -> Result<Document, IngestError> {
    let flattened = nesting::flatten_deeper_than(bytes, nesting::MAX_DEPTH);
    let bytes = flattened.as_deref().unwrap_or(bytes);
    let mut document = extract_flat(bytes)?;
    if flattened.is_some() {
        document.warnings.push(format!(
            "damaged PDF: structures nested deeper than {} levels were emptied; some text may be missing",
            nesting::MAX_DEPTH
        ));
    }
    Ok(document)
}

/// `extract` of a file that nests no deeper than lopdf's recursion can take.
fn extract_flat(bytes: &[u8]) -> Result<Document, IngestError> {
    let left = check_inflated_size(bytes)?;
    encrypted::object_streams_decoded_len(bytes, left).map_err(|_| bomb())?;
    let doc = load(bytes)?;
    // lopdf decrypts with the empty user password on load; still encrypted means a real password.
    if doc.is_encrypted() {
        return Err(IngestError::PdfEncrypted);
    }
    // A Kids entry pointing back to an ancestor makes lopdf walk the tree again until its
    // iteration limit: every page came out several times, and every indicator with it.
    let mut seen = HashSet::new();
    let pages: Vec<ObjectId> = doc.page_iter().filter(|id| seen.insert(*id)).collect();
    if pages.is_empty() {
        return Err(IngestError::BadPdf("it has no pages".into()));
    }
    let mut reader = Reader::new(&doc);
    let mut failed_pages = 0usize;
    for &page_id in &pages {
        if reader.page(page_id).is_err() {
            failed_pages += 1;
        }
        if reader.budget == 0 {
            return Err(bomb());
        }
        reader.page_break();
    }
    let text = tidy(&reader.out);
    let broken = references::trouble(&doc);
    if text.is_empty() {
        if let Some(why) = broken {
            return Err(IngestError::BadPdf(why));
        }
        if failed_pages == pages.len() {
            return Err(IngestError::BadPdf("no page content could be read".into()));
        }
        if reader.undecodable > 0 {
            return Err(IngestError::BadPdf(
                "its fonts have no Unicode mapping, so the text cannot be decoded".into(),
            ));
        }
        return Err(IngestError::NoTextLayer);
    }
    Ok(Document {
        text,
        format: Format::Pdf,
        warnings: broken
            .map(|why| format!("damaged PDF: {why}; some text may be missing"))
            .into_iter()
            .collect(),
        ocr: None,
    })
}

/// lopdf's load, or, when the cross-reference table points past the file or at nothing (the load
/// fails, or the catalog is missing), the load of the file with a table rebuilt from its objects.
fn load(bytes: &[u8]) -> Result<lopdf::Document, IngestError> {
    let first = lopdf::Document::load_mem(bytes);
    let usable = match &first {
        Ok(doc) => doc.is_encrypted() || doc.catalog().is_ok(),
        Err(lopdf::Error::Decryption(_) | lopdf::Error::AlreadyEncrypted) => true,
        Err(_) => false,
    };
    if !usable
        && let Some(doc) = rebuild::with_fresh_xref(bytes)
            .and_then(|fixed| lopdf::Document::load_mem(&fixed).ok())
            .filter(|doc| doc.catalog().is_ok())
    {
        return Ok(doc);
    }
    first.map_err(load_error)
}

fn load_error(err: lopdf::Error) -> IngestError {
    match err {
        lopdf::Error::Decryption(_) | lopdf::Error::AlreadyEncrypted => IngestError::PdfEncrypted,
        other => IngestError::BadPdf(other.to_string()),
    }
}

fn bomb() -> IngestError {
    IngestError::PdfBomb(format!(
        "its streams expand beyond {} MB",
        MAX_INFLATED_BYTES / (1024 * 1024)
    ))
}

/// Decodes, into nothing, every stream lopdf or the reader could decode (Flate, LZW and ASCII85,
/// in any chain), and refuses the file once they add up to more than [`MAX_INFLATED_BYTES`].
/// Streams are found by their keywords, not their `/Length` (which a hostile file may fake or
/// point elsewhere): each is decoded from its first byte until its own end-of-data. Images are
/// skipped (see [`streams::RawDicts`]). Returns the budget left for the object streams of a file
/// encrypted with an empty user password, which are ciphertext here (see [`encrypted`]).
fn check_inflated_size(bytes: &[u8]) -> Result<u64, IngestError> {
    let mut budget = MAX_INFLATED_BYTES;
    let mut dicts = streams::RawDicts::new(bytes);
    let mut at = 0;
    while let Some(found) = bytes
        .get(at..)
        .and_then(|rest| super::find(rest, b"stream"))
    {
        let keyword = at + found;
        at = keyword + b"stream".len();
        if bytes.get(keyword.saturating_sub(3)..keyword) == Some(b"end") {
            continue;
        }
        let data_start = match bytes.get(at..at + 2) {
            Some([b'\r', b'\n']) => at + 2,
            Some([b'\n' | b'\r', _]) => at + 1,
            _ => continue,
        };
        let filters = dicts.filters_before(keyword);
        if filters.is_empty() {
            continue;
        }
        // Not cut at "endstream": those bytes may sit inside the data of a stream whose /Length
        // says otherwise. Scanning goes on right after the keyword, so no stream is skipped.
        let data = bytes.get(data_start..).unwrap_or_default();
        let used = streams::decoded_len(data, &filters, budget).map_err(|_| bomb())?;
        budget -= used;
    }
    Ok(budget)
}

/// Trim each line and drop blank ones; pages already end in a newline.
fn tidy(raw: &str) -> String {
    raw.lines()
        .map(|l| l.trim_matches(|c: char| c.is_whitespace()))
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use lopdf::content::{Content, Operation};
    use lopdf::{Dictionary, Object, Stream, StringFormat, dictionary};

    use super::*;

    /// A one-page PDF whose text is set in a Type0/Identity-H font: glyph id i+1 for the i-th
    /// distinct character, mapped back by a ToUnicode CMap (one bfrange for the first two glyphs,
    /// bfchar for the rest), as Word and WPS write Chinese fonts.
    fn cjk_pdf(lines: &[&str]) -> Vec<u8> {
        let mut glyphs: Vec<char> = Vec::new();
        for c in lines.iter().flat_map(|l| l.chars()) {
            if !glyphs.contains(&c) {
                glyphs.push(c);
            }
        }
        let gid = |c: char| glyphs.iter().position(|g| *g == c).map_or(0, |i| i + 1) as u16;
        let mut cmap = String::from(
            "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n\
             /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n\
             /CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n\
             1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n",
        );
        let (first, rest) = glyphs.split_at(glyphs.len().min(2));
        cmap.push_str(&format!("1 beginbfrange\n<0001> <{:04X}> [", first.len()));
        for c in first {
            cmap.push_str(&format!("<{:04X}>", u32::from(*c)));
        }
        cmap.push_str("]\nendbfrange\n");
        cmap.push_str(&format!("{} beginbfchar\n", rest.len()));
        for (i, c) in rest.iter().enumerate() {
            cmap.push_str(&format!("<{:04X}> <{:04X}>\n", i + 3, u32::from(*c)));
        }
        cmap.push_str(
            "endbfchar\nendcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n",
        );

        let mut doc = lopdf::Document::with_version("1.5");
        let to_unicode = doc.add_object(Stream::new(dictionary! {}, cmap.into_bytes()));
        let cid_font = doc.add_object(dictionary! {
            "Type" => "Font",
            "Subtype" => "CIDFontType2",
            "BaseFont" => "SimSun",
            "CIDSystemInfo" => dictionary! {
                "Registry" => Object::string_literal("Adobe"),
                "Ordering" => Object::string_literal("Identity"),
                "Supplement" => 0,
            },
            "DW" => 1000,
        });
        let font = doc.add_object(dictionary! {
            "Type" => "Font",
            "Subtype" => "Type0",
            "BaseFont" => "SimSun",
            "Encoding" => "Identity-H",
            "DescendantFonts" => vec![cid_font.into()],
            "ToUnicode" => to_unicode,
        });
        let mut ops = vec![
            Operation::new("BT", vec![]),
            Operation::new("Tf", vec!["F1".into(), 12.into()]),
            Operation::new("Td", vec![72.into(), 760.into()]),
        ];
        for (n, line) in lines.iter().enumerate() {
            if n > 0 {
                ops.push(Operation::new("Td", vec![0.into(), (-18).into()]));
            }
            // Each line in two pieces on the same baseline, as producers split runs.
            let codes: Vec<u8> = line.chars().flat_map(|c| gid(c).to_be_bytes()).collect();
            let (a, b) = codes.split_at(codes.len() / 2 / 2 * 2);
            ops.push(Operation::new(
                "Tj",
                vec![Object::String(a.to_vec(), StringFormat::Hexadecimal)],
            ));
            ops.push(Operation::new("Td", vec![40.into(), 0.into()]));
            ops.push(Operation::new("Td", vec![(-40).into(), 0.into()]));
            ops.push(Operation::new(
                "TJ",
                vec![Object::Array(vec![
                    Object::String(b.to_vec(), StringFormat::Hexadecimal),
                    (-30).into(),
                ])],
            ));
        }
        ops.push(Operation::new("ET", vec![]));
        page_pdf(
            doc,
            ops,
            dictionary! { "Font" => dictionary! { "F1" => font } },
        )
    }

    fn page_pdf(mut doc: lopdf::Document, ops: Vec<Operation>, resources: Dictionary) -> Vec<u8> {
        let content = Content { operations: ops }
            .encode()
            .expect("encode content");
        let content_id = doc.add_object(Stream::new(dictionary! {}, content));
        let pages_id = doc.new_object_id();
        let page_id = doc.add_object(dictionary! {
            "Type" => "Page",
            "Parent" => pages_id,
            "Contents" => content_id,
        });
        let resources_id = doc.add_object(resources);
        doc.objects.insert(
            pages_id,
            Object::Dictionary(dictionary! {
                "Type" => "Pages",
                "Kids" => vec![page_id.into()],
                "Count" => 1,
                "Resources" => resources_id,
                "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
            }),
        );
        let catalog_id = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
        doc.trailer.set("Root", catalog_id);
        let mut bytes = Vec::new();
        doc.save_to(&mut bytes).expect("save pdf");
        bytes
    }

    #[test]
    fn chinese_text_comes_back_through_to_unicode() {
        let lines = [
            "一、加强党对法治政府建设的领导",
            "全年收到行政复议申请26件。",
        ];
        let doc = read(&cjk_pdf(&lines)).expect("pdf reads");
        assert_eq!(doc.format, Format::Pdf);
        assert_eq!(doc.text, lines.join("\n"));
    }

    #[test]
    fn page_without_text_has_no_text_layer() {
        let ops = vec![
            Operation::new("m", vec![0.into(), 0.into()]),
            Operation::new("l", vec![100.into(), 100.into()]),
            Operation::new("S", vec![]),
        ];
        let bytes = page_pdf(lopdf::Document::with_version("1.5"), ops, dictionary! {});
        let err = read(&bytes).expect_err("no text");
        assert_eq!(err.to_string(), "no text layer (scanned?)");
    }

    #[test]
    fn latin_words_keep_their_spaces() {
        let mut doc = lopdf::Document::with_version("1.5");
        let font = doc.add_object(dictionary! {
            "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
            "Encoding" => "WinAnsiEncoding",
        });
        let ops = vec![
            Operation::new("BT", vec![]),
            Operation::new("Tf", vec!["F1".into(), 10.into()]),
            Operation::new(
                "Tm",
                vec![
                    1.into(),
                    0.into(),
                    0.into(),
                    1.into(),
                    72.into(),
                    700.into(),
                ],
            ),
            Operation::new("Tj", vec![Object::string_literal("Report")]),
            Operation::new(
                "Tm",
                vec![
                    1.into(),
                    0.into(),
                    0.into(),
                    1.into(),
                    120.into(),
                    700.into(),
                ],
            ),
            Operation::new("Tj", vec![Object::string_literal("2019")]),
            Operation::new("TL", vec![12.into()]),
            Operation::new("T*", vec![]),
            Operation::new("Tj", vec![Object::string_literal("Page 1")]),
            Operation::new("ET", vec![]),
        ];
        let bytes = page_pdf(
            doc,
            ops,
            dictionary! { "Font" => dictionary! { "F1" => font } },
        );
        assert_eq!(read(&bytes).expect("pdf reads").text, "Report 2019\nPage 1");
    }

    #[test]
    fn damaged_pdfs_are_errors_not_panics() {
        let good = cjk_pdf(&["法治政府"]);
        let cases: Vec<Vec<u8>> = vec![
            b"%PDF-1.4\n1 0 obj<<>>\n".to_vec(),
            b"%PDF-".to_vec(),
            good.get(..good.len() / 2).expect("half").to_vec(),
            good.iter()
                .map(|b| if *b == b'o' { b'x' } else { *b })
                .collect(),
        ];
        for bytes in cases {
            let err = read(&bytes).expect_err("damaged");
            assert!(!err.to_string().is_empty());
        }
    }

    #[test]
    fn password_protected_pdf_is_named() {
        let mut doc = lopdf::Document::with_version("1.5");
        let encrypt = doc.add_object(dictionary! {
            "Filter" => "Standard", "V" => 2, "R" => 3, "Length" => 128, "P" => -44,
            "O" => Object::String(vec![1; 32], StringFormat::Hexadecimal),
            "U" => Object::String(vec![2; 32], StringFormat::Hexadecimal),
        });
        doc.trailer.set("Encrypt", encrypt);
        doc.trailer.set(
            "ID",
            vec![
                Object::String(vec![3; 16], StringFormat::Hexadecimal),
                Object::String(vec![3; 16], StringFormat::Hexadecimal),
            ],
        );
        let bytes = page_pdf(doc, vec![], dictionary! {});
        let err = read(&bytes).expect_err("encrypted");
        assert_eq!(err.to_string(), "encrypted PDF (password required)");
    }

    /// The bomb check decrypts object streams itself; a modest one in a file that opens with the
    /// empty password must not cost the file its text.
    #[test]
    fn encrypted_pdf_with_an_object_stream_still_reads() {
        use std::io::Write;
        let lines = ["区政府全年办理行政复议案件26件", "行政执法人员培训全覆盖"];
        let mut doc = lopdf::Document::load_mem(&cjk_pdf(&lines)).expect("own pdf loads");
        let mut packed = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
        packed.write_all(b"90 0 (an object) ").expect("deflate");
        doc.add_object(Stream::new(
            dictionary! { "Type" => "ObjStX", "N" => 1, "First" => 5, "Filter" => "FlateDecode" },
            packed.finish().expect("deflate"),
        ));
        let id = Object::String(b"0123456789abcdef".to_vec(), StringFormat::Literal);
        doc.trailer.set("ID", vec![id.clone(), id]);
        let state = lopdf::EncryptionState::try_from(lopdf::EncryptionVersion::V2 {
            document: &doc,
            owner_password: "owner",
            user_password: "",
            key_length: 128,
            permissions: lopdf::Permissions::all(),
        })
        .expect("encryption state");
        doc.encrypt(&state).expect("encrypt");
        let mut bytes = Vec::new();
        doc.save_to(&mut bytes).expect("save pdf");
        // lopdf drops object streams when it saves; typed ObjStX (same length) it keeps them.
        let at = bytes
            .windows(7)
            .position(|w| w == b"/ObjStX")
            .expect("stream written");
        bytes[at..at + 7].copy_from_slice(b"/ObjStm");

        let counted = encrypted::object_streams_decoded_len(&bytes, MAX_INFLATED_BYTES);
        assert!(matches!(counted, Ok(17)), "{counted:?}");
        let text = read(&bytes).expect("reads").text;
        assert_eq!(text, lines.join("\n"));
    }
}
