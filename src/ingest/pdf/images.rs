//! The page images of a scanned PDF, as files an OCR engine can open.
//!
//! Input: the bytes of a PDF without a text layer. Output: per page, its largest image as a JPEG
//! (DCTDecode data, passed through untouched: what scanners write most), a JPEG 2000 stream, or a
//! PNM built from FlateDecode (or unfiltered) 8-bit gray/RGB and 1-bit samples. Images nested in
//! form XObjects (some scanners wrap the page image in one) are found too.
//!
//! The file is loaded with the same checks as the text reader (nesting, inflated size), and image
//! data is inflated only up to the size its width and height call for.

use std::collections::HashSet;
use std::io::Read;

use lopdf::{Dictionary, Object, ObjectId};

use super::IngestError;

/// A page image ready to be written to disk; `ext` tells the OCR engine its kind.
#[derive(Debug)]
pub struct PageImage {
    pub ext: &'static str,
    pub bytes: Vec<u8>,
}

/// The images of a scan, one per page that has one, and how many pages the file has.
#[derive(Debug)]
pub struct Scan {
    /// `None` for a page with no image the OCR engine can read (a CCITT fax strip, a blank page).
    pub pages: Vec<Option<PageImage>>,
    pub total_pages: usize,
}

/// Page images above this many pixels are skipped: A4 at 600 dpi is 35 million.
const MAX_PIXELS: u64 = 80_000_000;

/// Page trees are a few levels deep; a Parent chain longer than this is a loop or hostile.
const MAX_TREE_DEPTH: usize = 64;

/// Form XObjects nest; the page image of a scan is at most a level or two down.
const MAX_FORM_DEPTH: usize = 4;

/// The images of the first `most_pages` pages of the PDF in `bytes`.
pub fn scan(bytes: &[u8], most_pages: usize) -> Result<Scan, IngestError> {
    std::panic::catch_unwind(|| scan_unguarded(bytes, most_pages)).unwrap_or_else(|_| {
        Err(IngestError::BadPdf(
            "the PDF parser gave up on this file".into(),
        ))
    })
}

fn scan_unguarded(bytes: &[u8], most_pages: usize) -> Result<Scan, IngestError> {
    let flattened = super::nesting::flatten_deeper_than(bytes, super::nesting::MAX_DEPTH);
    let bytes = flattened.as_deref().unwrap_or(bytes);
    let left = super::check_inflated_size(bytes)?;
    super::encrypted::object_streams_decoded_len(bytes, left).map_err(|_| super::bomb())?;
    let doc = super::load(bytes)?;
    if doc.is_encrypted() {
        return Err(IngestError::PdfEncrypted);
    }
    let mut seen = HashSet::new();
    let page_ids: Vec<ObjectId> = doc.page_iter().filter(|id| seen.insert(*id)).collect();
    let pages = page_ids
        .iter()
        .take(most_pages)
        .map(|&page| largest_image(&doc, page).and_then(|(dict, data)| encode(dict, data)))
        .collect();
    Ok(Scan {
        pages,
        total_pages: page_ids.len(),
    })
}

/// The image covering most pixels among the page's XObjects, its own resources or those it
/// inherits from the page tree (inline or referenced).
fn largest_image(doc: &lopdf::Document, page: ObjectId) -> Option<(&Dictionary, &[u8])> {
    let mut found = Vec::new();
    let mut visited = HashSet::new();
    let mut node = doc.get_dictionary(page).ok();
    let mut nodes = HashSet::new();
    while let Some(dict) = node {
        if let Some(res) = dict
            .get(b"Resources")
            .ok()
            .and_then(|o| resolve(doc, o).as_dict().ok())
        {
            collect_images(doc, res, 0, &mut visited, &mut found);
        }
        node = dict
            .get(b"Parent")
            .and_then(Object::as_reference)
            .ok()
            .filter(|id| nodes.insert(*id) && nodes.len() <= MAX_TREE_DEPTH)
            .and_then(|id| doc.get_dictionary(id).ok());
    }
    found.into_iter().max_by_key(|(dict, _)| pixels(dict))
}

fn collect_images<'d>(
    doc: &'d lopdf::Document,
    resources: &'d Dictionary,
    depth: usize,
    visited: &mut HashSet<ObjectId>,
    found: &mut Vec<(&'d Dictionary, &'d [u8])>,
) {
    let Some(xobjects) = resources
        .get(b"XObject")
        .ok()
        .and_then(|o| resolve(doc, o).as_dict().ok())
    else {
        return;
    };
    for (_, value) in xobjects.iter() {
        if let Ok(id) = value.as_reference()
            && !visited.insert(id)
        {
            continue;
        }
        let Ok(stream) = resolve(doc, value).as_stream() else {
            continue;
        };
        match stream.dict.get(b"Subtype").and_then(Object::as_name) {
            Ok(b"Image") => found.push((&stream.dict, stream.content.as_slice())),
            Ok(b"Form") if depth < MAX_FORM_DEPTH => {
                if let Some(inner) = stream
                    .dict
                    .get(b"Resources")
                    .ok()
                    .and_then(|o| resolve(doc, o).as_dict().ok())
                {
                    collect_images(doc, inner, depth + 1, visited, found);
                }
            }
            _ => {}
        }
    }
}

fn resolve<'d>(doc: &'d lopdf::Document, obj: &'d Object) -> &'d Object {
    match obj {
        Object::Reference(id) => doc.get_object(*id).unwrap_or(obj),
        _ => obj,
    }
}

fn int(dict: &Dictionary, key: &[u8]) -> Option<u64> {
    dict.get(key)
        .ok()
        .and_then(|o| o.as_i64().ok())
        .and_then(|v| u64::try_from(v).ok())
}

fn pixels(dict: &Dictionary) -> u64 {
    int(dict, b"Width")
        .unwrap_or(0)
        .saturating_mul(int(dict, b"Height").unwrap_or(0))
}

fn filter_names(dict: &Dictionary) -> Vec<Vec<u8>> {
    match dict.get(b"Filter") {
        Ok(Object::Name(name)) => vec![name.clone()],
        Ok(Object::Array(items)) => items
            .iter()
            .filter_map(|o| o.as_name().ok().map(<[u8]>::to_vec))
            .collect(),
        _ => Vec::new(),
    }
}

/// The image as a file: compressed formats the OCR engine decodes itself pass through; raw
/// samples become a PNM.
fn encode(dict: &Dictionary, data: &[u8]) -> Option<PageImage> {
    let (width, height) = (int(dict, b"Width")?, int(dict, b"Height")?);
    if width == 0 || height == 0 || width.saturating_mul(height) > MAX_PIXELS {
        return None;
    }
    let filters = filter_names(dict);
    let names: Vec<&[u8]> = filters.iter().map(Vec::as_slice).collect();
    match names.as_slice() {
        [b"DCTDecode" | b"DCT"] => Some(PageImage {
            ext: "jpg",
            bytes: data.to_vec(),
        }),
        [b"JPXDecode"] => Some(PageImage {
            ext: "jp2",
            bytes: data.to_vec(),
        }),
        [] => pnm(dict, width, height, data),
        [b"FlateDecode" | b"Fl"] => {
            let raw = inflate(data, raw_len(dict, width, height)?)?;
            pnm(dict, width, height, &unpredict(dict, width, raw)?)
        }
        _ => None,
    }
}

/// Components per pixel of the image's colour space: gray, RGB, or what an ICC profile says.
fn components(dict: &Dictionary) -> Option<u64> {
    if is_mask(dict) {
        return Some(1);
    }
    match dict.get(b"ColorSpace").ok()? {
        Object::Name(name) => match name.as_slice() {
            b"DeviceGray" | b"CalGray" | b"G" => Some(1),
            b"DeviceRGB" | b"CalRGB" | b"RGB" => Some(3),
            _ => None,
        },
        // [/ICCBased ref]: its N is not reachable from here without the document, and scanners
        // write gray or RGB, so the sample count decides below.
        Object::Array(items) => match items.first().and_then(|o| o.as_name().ok()) {
            Some(b"CalGray") => Some(1),
            Some(b"CalRGB") => Some(3),
            Some(b"ICCBased") => Some(0),
            _ => None,
        },
        _ => None,
    }
}

fn is_mask(dict: &Dictionary) -> bool {
    dict.get(b"ImageMask")
        .and_then(Object::as_bool)
        .unwrap_or(false)
}

fn bits(dict: &Dictionary) -> u64 {
    if is_mask(dict) {
        return 1;
    }
    int(dict, b"BitsPerComponent").unwrap_or(8)
}

/// Bytes of raw samples the image needs, with one predictor byte per row when PNG predictors
/// are on; 3 components where the count is left to the data (ICC), the most we accept.
fn raw_len(dict: &Dictionary, width: u64, height: u64) -> Option<u64> {
    let comps = match components(dict)? {
        0 => 3,
        n => n,
    };
    let row = (width * comps * bits(dict)).div_ceil(8) + u64::from(predictor(dict) >= 10);
    row.checked_mul(height)
}

fn predictor(dict: &Dictionary) -> i64 {
    dict.get(b"DecodeParms")
        .and_then(Object::as_dict)
        .and_then(|p| p.get(b"Predictor"))
        .and_then(Object::as_i64)
        .unwrap_or(1)
}

/// Inflates at most `most` bytes: a hostile image cannot ask for more than its size says.
fn inflate(data: &[u8], most: u64) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    flate2::read::ZlibDecoder::new(data)
        .take(most)
        .read_to_end(&mut out)
        .ok()?;
    Some(out)
}

/// Undoes PNG row predictors (Predictor ≥ 10), which Flate image data often carries.
fn unpredict(dict: &Dictionary, width: u64, raw: Vec<u8>) -> Option<Vec<u8>> {
    if predictor(dict) < 10 {
        return Some(raw);
    }
    let comps = match components(dict)? {
        0 => 3,
        n => n,
    };
    let bpp = usize::try_from((comps * bits(dict)).div_ceil(8)).ok()?;
    let row = usize::try_from((width * comps * bits(dict)).div_ceil(8)).ok()?;
    let mut out: Vec<u8> = Vec::with_capacity(raw.len());
    let mut prev = vec![0u8; row];
    for chunk in raw.chunks(row + 1) {
        let (&kind, line) = chunk.split_first()?;
        let mut cur = line.to_vec();
        cur.resize(row, 0);
        for i in 0..row {
            let left = if i >= bpp { cur[i - bpp] } else { 0 };
            let up = prev[i];
            let up_left = if i >= bpp { prev[i - bpp] } else { 0 };
            let add = match kind {
                1 => left,
                2 => up,
                3 => ((u16::from(left) + u16::from(up)) / 2) as u8,
                4 => paeth(left, up, up_left),
                _ => 0,
            };
            cur[i] = cur[i].wrapping_add(add);
        }
        out.extend_from_slice(&cur);
        prev = cur;
    }
    Some(out)
}

fn paeth(a: u8, b: u8, c: u8) -> u8 {
    let p = i16::from(a) + i16::from(b) - i16::from(c);
    let (pa, pb, pc) = (
        (p - i16::from(a)).abs(),
        (p - i16::from(b)).abs(),
        (p - i16::from(c)).abs(),
    );
    if pa <= pb && pa <= pc {
        a
    } else if pb <= pc {
        b
    } else {
        c
    }
}

/// A PGM/PPM for 8-bit gray/RGB samples, a PBM for 1-bit ones (PDF's 0 is black there, PBM's 1).
fn pnm(dict: &Dictionary, width: u64, height: u64, samples: &[u8]) -> Option<PageImage> {
    let bits = bits(dict);
    let pixels = usize::try_from(width * height).ok()?;
    let comps = match components(dict)? {
        // ICC-based: the sample count tells gray from RGB.
        0 if samples.len() >= pixels * 3 => 3,
        0 => 1,
        n => n,
    };
    let (magic, body) = match (bits, comps) {
        (8, 1) => ("P5", samples.get(..pixels)?.to_vec()),
        (8, 3) => ("P6", samples.get(..pixels * 3)?.to_vec()),
        (1, 1) => {
            let row = usize::try_from(width.div_ceil(8)).ok()?;
            let body = samples.get(..row * usize::try_from(height).ok()?)?;
            // An image mask paints its 0 bits by default (Decode [0 1]); gray 0 is black as well.
            let mask = is_mask(dict);
            let flip = !mask;
            (
                "P4",
                body.iter().map(|b| if flip { !b } else { *b }).collect(),
            )
        }
        _ => return None,
    };
    let depth = if magic == "P4" { "" } else { "\n255" };
    let mut bytes = format!("{magic}\n{width} {height}{depth}\n").into_bytes();
    bytes.extend_from_slice(&body);
    Some(PageImage { ext: "pnm", bytes })
}

#[cfg(test)]
mod tests {
    use lopdf::{Stream, dictionary};

    use super::*;

    fn image_pdf(image: Stream) -> Vec<u8> {
        let mut doc = lopdf::Document::with_version("1.5");
        let image_id = doc.add_object(image);
        let content = doc.add_object(Stream::new(
            dictionary! {},
            b"q 595 0 0 842 0 0 cm /Im0 Do Q".to_vec(),
        ));
        let pages_id = doc.new_object_id();
        let page_id = doc.add_object(dictionary! {
            "Type" => "Page", "Parent" => pages_id, "Contents" => content,
        });
        doc.objects.insert(
            pages_id,
            Object::Dictionary(dictionary! {
                "Type" => "Pages", "Kids" => vec![page_id.into()], "Count" => 1,
                "Resources" => dictionary! { "XObject" => dictionary! { "Im0" => image_id } },
                "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
            }),
        );
        let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
        doc.trailer.set("Root", catalog);
        let mut bytes = Vec::new();
        doc.save_to(&mut bytes).expect("save");
        bytes
    }

    #[test]
    fn jpeg_data_passes_through_from_inherited_resources() {
        let jpeg = b"\xff\xd8\xff\xe0 not really a jpeg".to_vec();
        let pdf = image_pdf(Stream::new(
            dictionary! {
                "Type" => "XObject", "Subtype" => "Image", "Width" => 10, "Height" => 10,
                "ColorSpace" => "DeviceGray", "BitsPerComponent" => 8, "Filter" => "DCTDecode",
            },
            jpeg.clone(),
        ));
        let scan = scan(&pdf, 60).expect("scan");
        assert_eq!(scan.total_pages, 1);
        let page = scan.pages[0].as_ref().expect("an image");
        assert_eq!((page.ext, &page.bytes), ("jpg", &jpeg));
    }

    #[test]
    fn flate_gray_with_png_predictor_becomes_a_pgm() {
        // Two rows of 3 pixels, "Up" predictor on the second: 10 20 30 / +1 +1 +1.
        let raw = [2u8, 10, 20, 30, 2, 1, 1, 1];
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        std::io::Write::write_all(&mut z, &raw).expect("deflate");
        let pdf = image_pdf(Stream::new(
            dictionary! {
                "Type" => "XObject", "Subtype" => "Image", "Width" => 3, "Height" => 2,
                "ColorSpace" => "DeviceGray", "BitsPerComponent" => 8, "Filter" => "FlateDecode",
                "DecodeParms" => dictionary! { "Predictor" => 15, "Columns" => 3 },
            },
            z.finish().expect("deflate"),
        ));
        let scan = scan(&pdf, 60).expect("scan");
        let page = scan.pages[0].as_ref().expect("an image");
        assert_eq!(page.ext, "pnm");
        assert_eq!(page.bytes, b"P5\n3 2\n255\n\x0a\x14\x1e\x0b\x15\x1f");
    }

    #[test]
    fn an_image_bigger_than_its_data_or_the_cap_is_skipped() {
        let pdf = image_pdf(Stream::new(
            dictionary! {
                "Type" => "XObject", "Subtype" => "Image", "Width" => 100_000, "Height" => 100_000,
                "ColorSpace" => "DeviceRGB", "BitsPerComponent" => 8,
            },
            vec![0; 16],
        ));
        assert!(scan(&pdf, 60).expect("scan").pages[0].is_none());
        let short = image_pdf(Stream::new(
            dictionary! {
                "Type" => "XObject", "Subtype" => "Image", "Width" => 100, "Height" => 100,
                "ColorSpace" => "DeviceGray", "BitsPerComponent" => 8,
            },
            vec![0; 16],
        ));
        assert!(scan(&short, 60).expect("scan").pages[0].is_none());
    }
}
