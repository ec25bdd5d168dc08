//! PDF text layer → text, one line per line of print.
//!
//! Input: the bytes of a `.pdf`. Output: the text its fonts encode, in content-stream order, with a
//! line break wherever the baseline moves (Td/TD/T*/Tm, form XObjects included) and between pages.
//!
//! Glyph codes are decoded here rather than by `lopdf::Document::extract_text`, which (0.36) has no
//! notion of code-space lengths and drops line breaks: a font's ToUnicode CMap first (what Word and
//! WPS write for Chinese CID fonts, `Identity-H`), then the predefined Unicode/GBK/Big5 CMaps by name,
//! then lopdf's simple-font encodings. A scanned PDF has no text to decode and says so.
//!
//! lopdf panics on some malformed files; the whole read runs under `catch_unwind`.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::rc::Rc;

use lopdf::content::{Content, Operation};
use lopdf::{Dictionary, Object, ObjectId};

use super::{Document, Format, IngestError};

mod encrypted;
pub(super) mod images;
mod nesting;
mod rebuild;
mod references;
mod streams;

/// Form XObjects may nest (and, in broken files, loop); real ones are one or two levels deep.
const MAX_FORM_DEPTH: usize = 8;

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

/// lopdf's content parser recurses once per array or dictionary level, like its object parser:
/// content nested deeper than it can take is flattened first (real content nests one or two levels).
fn decode_content(data: &[u8]) -> lopdf::Result<Content> {
    match nesting::flatten_deeper_than(data, nesting::MAX_DEPTH) {
        Some(flat) => Content::decode(&flat),
        None => Content::decode(data),
    }
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

// ---------------------------------------------------------------------------------------------
// Fonts

/// How one font's string bytes become Unicode.
enum Decoder<'d> {
    /// Shared: every page that uses a font parses its map once.
    CMap(Rc<ToUnicode>),
    /// Predefined `Uni*-UCS2-*`/`Uni*-UTF16-*` CMaps: the codes are UTF-16BE.
    Utf16,
    /// Predefined legacy CMaps (`GBK-EUC-H`, `B5pc-H`, …): the codes are GBK or Big5 bytes.
    Legacy(&'static encoding_rs::Encoding),
    Simple(lopdf::Encoding<'d>),
    /// Glyph ids with no map back to characters (Identity-H without ToUnicode).
    Opaque,
}

impl Decoder<'_> {
    fn decode(&self, bytes: &[u8]) -> Option<String> {
        match self {
            Decoder::CMap(map) => Some(map.decode(bytes)),
            Decoder::Utf16 => Some(
                encoding_rs::UTF_16BE
                    .decode_without_bom_handling(bytes)
                    .0
                    .into_owned(),
            ),
            Decoder::Legacy(encoding) => {
                Some(encoding.decode_without_bom_handling(bytes).0.into_owned())
            }
            Decoder::Simple(encoding) => encoding.bytes_to_string(bytes).ok(),
            Decoder::Opaque => None,
        }
    }
}

type Fonts<'d> = BTreeMap<Vec<u8>, Decoder<'d>>;

fn is_type0(font: &Dictionary) -> bool {
    font.get(b"Subtype").and_then(Object::as_name).ok() == Some(b"Type0")
}

/// How `font` decodes, given its ToUnicode map if it has one that parses.
fn decoder_for<'d>(
    doc: &'d lopdf::Document,
    font: &'d Dictionary,
    to_unicode: Option<Rc<ToUnicode>>,
) -> Decoder<'d> {
    let type0 = is_type0(font);
    if let Some(map) = to_unicode {
        return Decoder::CMap(map);
    }
    let encoding = font
        .get_deref(b"Encoding", doc)
        .and_then(Object::as_name)
        .ok();
    if type0 {
        return match encoding {
            Some(name) if contains(name, b"UCS2") || contains(name, b"UTF16") => Decoder::Utf16,
            Some(name) if name.starts_with(b"GB") => Decoder::Legacy(encoding_rs::GB18030),
            Some(name)
                if name.starts_with(b"B5")
                    || name.starts_with(b"ETen")
                    || name.starts_with(b"HKscs") =>
            {
                Decoder::Legacy(encoding_rs::BIG5)
            }
            _ => Decoder::Opaque,
        };
    }
    match font.get_font_encoding(doc) {
        // Names lopdf cannot map (and broken dictionaries): Latin-1 is the least wrong guess.
        Ok(lopdf::Encoding::SimpleEncoding(_)) | Err(_) => {
            Decoder::Legacy(encoding_rs::WINDOWS_1252)
        }
        Ok(encoding) => Decoder::Simple(encoding),
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    super::find(haystack, needle).is_some()
}

// ---------------------------------------------------------------------------------------------
// ToUnicode CMaps

/// A parsed ToUnicode CMap: the code-space (how many bytes each code takes) and the code → text map.
struct ToUnicode {
    /// (byte length, low bytes, high bytes), as declared by `begincodespacerange`.
    spaces: Vec<(usize, Vec<u8>, Vec<u8>)>,
    /// Byte length to use when no code-space range matches (or none was declared).
    default_len: usize,
    chars: HashMap<(usize, u32), String>,
    ranges: Vec<Range>,
}

struct Range {
    len: usize,
    low: u32,
    high: u32,
    target: RangeTarget,
}

enum RangeTarget {
    /// The first code's UTF-16; each next code adds one to the last unit.
    Start(Vec<u16>),
    Each(Vec<String>),
}

#[derive(Debug, PartialEq)]
enum Token {
    Hex(Vec<u8>),
    Word(String),
    ArrayStart,
    ArrayEnd,
}

impl ToUnicode {
    fn parse(data: &[u8], fallback_len: usize) -> Option<ToUnicode> {
        let tokens = tokenize(data);
        let mut map = ToUnicode {
            spaces: Vec::new(),
            default_len: fallback_len,
            chars: HashMap::new(),
            ranges: Vec::new(),
        };
        let mut lengths: HashMap<usize, usize> = HashMap::new();
        let mut i = 0;
        while let Some(token) = tokens.get(i) {
            i += 1;
            let Token::Word(word) = token else { continue };
            match word.as_str() {
                "begincodespacerange" => {
                    while let (Some(Token::Hex(lo)), Some(Token::Hex(hi))) =
                        (tokens.get(i), tokens.get(i + 1))
                    {
                        map.spaces.push((lo.len(), lo.clone(), hi.clone()));
                        i += 2;
                    }
                }
                "beginbfchar" => {
                    while let (Some(Token::Hex(src)), Some(dst)) =
                        (tokens.get(i), tokens.get(i + 1))
                    {
                        i += 2;
                        if let (Some(code), Token::Hex(dst)) = (code_of(src), dst) {
                            *lengths.entry(src.len()).or_default() += 1;
                            map.chars.insert((src.len(), code), utf16_text(dst));
                        }
                    }
                }
                "beginbfrange" => {
                    while let (Some(Token::Hex(lo)), Some(Token::Hex(hi))) =
                        (tokens.get(i), tokens.get(i + 1))
                    {
                        i += 2;
                        let target = match tokens.get(i) {
                            Some(Token::Hex(dst)) => {
                                i += 1;
                                RangeTarget::Start(utf16_units(dst))
                            }
                            Some(Token::ArrayStart) => {
                                i += 1;
                                let mut each = Vec::new();
                                while let Some(Token::Hex(dst)) = tokens.get(i) {
                                    each.push(utf16_text(dst));
                                    i += 1;
                                }
                                if tokens.get(i) == Some(&Token::ArrayEnd) {
                                    i += 1;
                                }
                                RangeTarget::Each(each)
                            }
                            _ => break,
                        };
                        if let (Some(low), Some(high)) = (code_of(lo), code_of(hi))
                            && low <= high
                        {
                            *lengths.entry(lo.len()).or_default() += 1;
                            map.ranges.push(Range {
                                len: lo.len(),
                                low,
                                high,
                                target,
                            });
                        }
                    }
                }
                _ => {}
            }
        }
        if map.chars.is_empty() && map.ranges.is_empty() {
            return None;
        }
        if map.spaces.is_empty()
            && let Some((len, _)) = lengths.into_iter().max_by_key(|(len, n)| (*n, *len))
        {
            map.default_len = len;
        }
        Some(map)
    }

    fn decode(&self, bytes: &[u8]) -> String {
        let mut out = String::new();
        let mut at = 0;
        while at < bytes.len() {
            let rest = bytes.get(at..).unwrap_or_default();
            let len = self.code_len(rest).min(rest.len()).max(1);
            let code_bytes = rest.get(..len).unwrap_or_default();
            if let Some(code) = code_of(code_bytes)
                && let Some(text) = self.lookup(len, code)
            {
                out.push_str(&text);
            }
            at += len;
        }
        out
    }

    /// Per the CMap rules: the shortest code-space range whose byte bounds contain the next bytes.
    fn code_len(&self, rest: &[u8]) -> usize {
        let mut best: Option<usize> = None;
        for (len, lo, hi) in &self.spaces {
            let Some(code) = rest.get(..*len) else {
                continue;
            };
            let inside = code
                .iter()
                .zip(lo.iter().zip(hi.iter()))
                .all(|(b, (l, h))| l <= b && b <= h);
            if inside && best.is_none_or(|b| *len < b) {
                best = Some(*len);
            }
        }
        best.unwrap_or(self.default_len)
    }

    fn lookup(&self, len: usize, code: u32) -> Option<String> {
        if let Some(text) = self.chars.get(&(len, code)) {
            return Some(text.clone());
        }
        let range = self
            .ranges
            .iter()
            .find(|r| r.len == len && r.low <= code && code <= r.high)?;
        let offset = code - range.low;
        match &range.target {
            RangeTarget::Start(units) => {
                let mut units = units.clone();
                let last = units.last_mut()?;
                *last = last.wrapping_add(u16::try_from(offset).ok()?);
                Some(String::from_utf16_lossy(&units))
            }
            RangeTarget::Each(each) => each.get(usize::try_from(offset).ok()?).cloned(),
        }
    }
}

fn code_of(bytes: &[u8]) -> Option<u32> {
    if bytes.is_empty() || bytes.len() > 4 {
        return None;
    }
    Some(bytes.iter().fold(0u32, |acc, b| (acc << 8) | u32::from(*b)))
}

/// A code maps to one character, or a ligature of a few ("ffi"); a font map that gives one code a
/// page of text would repeat it for every glyph drawn with that code.
const MAX_MAPPED_UNITS: usize = 16;

fn utf16_units(bytes: &[u8]) -> Vec<u16> {
    bytes
        .chunks(2)
        .take(MAX_MAPPED_UNITS)
        .map(|pair| match pair {
            [hi, lo] => u16::from_be_bytes([*hi, *lo]),
            [only] => u16::from(*only),
            _ => 0,
        })
        .collect()
}

fn utf16_text(bytes: &[u8]) -> String {
    String::from_utf16_lossy(&utf16_units(bytes))
}

/// Just enough PostScript for CMaps: hex strings, arrays, and bare words; the rest is skipped.
fn tokenize(data: &[u8]) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut i = 0;
    while let Some(&b) = data.get(i) {
        match b {
            b'%' => {
                while data.get(i).is_some_and(|c| *c != b'\n' && *c != b'\r') {
                    i += 1;
                }
            }
            b'<' if data.get(i + 1) == Some(&b'<') => i += 2,
            b'>' if data.get(i + 1) == Some(&b'>') => i += 2,
            b'<' => {
                i += 1;
                let mut digits = Vec::new();
                while let Some(&c) = data.get(i) {
                    i += 1;
                    if c == b'>' {
                        break;
                    }
                    if let Some(d) = char::from(c).to_digit(16) {
                        digits.push(d as u8);
                    }
                }
                if digits.len() % 2 == 1 {
                    digits.push(0);
                }
                tokens.push(Token::Hex(
                    digits
                        .chunks(2)
                        .map(|p| p.iter().fold(0u8, |a, d| (a << 4) | d))
                        .collect(),
                ));
            }
            b'[' => {
                tokens.push(Token::ArrayStart);
                i += 1;
            }
            b']' => {
                tokens.push(Token::ArrayEnd);
                i += 1;
            }
            b'(' => {
                // Literal strings only appear in the CMap's header (Registry, Ordering); skip them.
                let mut depth = 0usize;
                while let Some(&c) = data.get(i) {
                    i += 1;
                    match c {
                        b'\\' => i += 1,
                        b'(' => depth += 1,
                        b')' => {
                            depth = depth.saturating_sub(1);
                            if depth == 0 {
                                break;
                            }
                        }
                        _ => {}
                    }
                }
            }
            c if c.is_ascii_whitespace() => i += 1,
            _ => {
                let start = i;
                while data
                    .get(i)
                    .is_some_and(|c| !c.is_ascii_whitespace() && !b"<>[]()%".contains(c))
                {
                    i += 1;
                }
                if i == start {
                    i += 1;
                }
                let word = String::from_utf8_lossy(data.get(start..i).unwrap_or_default());
                tokens.push(Token::Word(word.into_owned()));
            }
        }
    }
    tokens
}

// ---------------------------------------------------------------------------------------------
// Content streams

/// A 2-D affine matrix [a b c d e f], as PDF writes them.
#[derive(Clone, Copy)]
struct Matrix([f32; 6]);

impl Matrix {
    const IDENTITY: Matrix = Matrix([1.0, 0.0, 0.0, 1.0, 0.0, 0.0]);

    /// `self` applied first, then `other`.
    fn then(self, other: Matrix) -> Matrix {
        let [a, b, c, d, e, f] = self.0;
        let [a2, b2, c2, d2, e2, f2] = other.0;
        Matrix([
            a * a2 + b * c2,
            a * b2 + b * d2,
            c * a2 + d * c2,
            c * b2 + d * d2,
            e * a2 + f * c2 + e2,
            e * b2 + f * d2 + f2,
        ])
    }

    fn translate(tx: f32, ty: f32) -> Matrix {
        Matrix([1.0, 0.0, 0.0, 1.0, tx, ty])
    }

    fn from_operands(operands: &[Object]) -> Option<Matrix> {
        let values: Vec<f32> = operands.iter().filter_map(number).collect();
        let array: [f32; 6] = values.try_into().ok()?;
        Some(Matrix(array))
    }

    /// Vertical scale, for turning a font size into page units.
    fn scale(self) -> f32 {
        let [_, b, _, d, _, _] = self.0;
        (b * b + d * d).sqrt()
    }
}

fn number(obj: &Object) -> Option<f32> {
    match obj {
        Object::Integer(i) => Some(*i as f32),
        Object::Real(r) => Some(*r),
        _ => None,
    }
}

struct Reader<'d> {
    doc: &'d lopdf::Document,
    out: String,
    /// Baseline y (page space) of the last text shown, to tell a new line from more of the same.
    last_y: Option<f32>,
    /// Where the last text on this line started, how many characters it had, at what size: with
    /// no font metrics at hand, an approximate advance tells a word gap from per-glyph placement.
    last_x: f32,
    last_len: usize,
    last_size: f32,
    /// A positioning step since the last text on the same line.
    gap: bool,
    undecodable: usize,
    /// Decoded bytes left for page contents, forms and ToUnicode maps; 0 means the file is
    /// refused. Counted before lopdf decodes a stream, since lopdf decodes without a limit.
    budget: u64,
    /// ToUnicode maps by stream and code length, parsed (and counted) once per file.
    cmaps: HashMap<(ObjectId, usize), Option<Rc<ToUnicode>>>,
}

/// Graphics and text state for one content stream.
struct State {
    ctm: Matrix,
    saved: Vec<Matrix>,
    line: Matrix,
    font: Vec<u8>,
    size: f32,
    leading: f32,
}

impl<'d> Reader<'d> {
    fn new(doc: &'d lopdf::Document) -> Self {
        Reader {
            doc,
            out: String::new(),
            last_y: None,
            last_x: 0.0,
            last_len: 0,
            last_size: 0.0,
            gap: false,
            undecodable: 0,
            budget: MAX_INFLATED_BYTES,
            cmaps: HashMap::new(),
        }
    }

    /// Counts what `stream` decodes to against the budget, before anything is decoded; false (and
    /// no more reading) past it.
    fn spend_on(&mut self, stream: &lopdf::Stream) -> bool {
        let filters = streams::filters_of(&stream.dict);
        match streams::decoded_len(&stream.content, &filters, self.budget) {
            Ok(len) if len < self.budget => {
                self.budget -= len;
                true
            }
            _ => {
                self.budget = 0;
                false
            }
        }
    }

    /// A font's ToUnicode map, parsed and counted against the budget once per stream.
    fn unicode_map(&mut self, font: &'d Dictionary) -> Option<Rc<ToUnicode>> {
        let doc = self.doc;
        let id = font.get(b"ToUnicode").and_then(Object::as_reference).ok()?;
        let code_len = if is_type0(font) { 2 } else { 1 };
        if let Some(map) = self.cmaps.get(&(id, code_len)) {
            return map.clone();
        }
        let map = font
            .get_deref(b"ToUnicode", doc)
            .and_then(Object::as_stream)
            .ok()
            .filter(|stream| self.spend_on(stream))
            .and_then(|stream| stream.get_plain_content().ok())
            .and_then(|data| ToUnicode::parse(&data, code_len))
            .map(Rc::new);
        self.cmaps.insert((id, code_len), map.clone());
        map
    }

    fn font(&mut self, font: &'d Dictionary) -> Decoder<'d> {
        let to_unicode = self.unicode_map(font);
        decoder_for(self.doc, font, to_unicode)
    }

    fn fonts_of(&mut self, resources: &'d Dictionary) -> Fonts<'d> {
        let doc = self.doc;
        let mut fonts = Fonts::new();
        let Ok(dict) = resources.get_deref(b"Font", doc).and_then(Object::as_dict) else {
            return fonts;
        };
        for (name, value) in dict.iter() {
            if let Ok((_, font)) = doc.dereference(value)
                && let Ok(font) = font.as_dict()
            {
                fonts.insert(name.clone(), self.font(font));
            }
        }
        fonts
    }

    fn page(&mut self, page_id: ObjectId) -> Result<(), lopdf::Error> {
        let doc = self.doc;
        let fonts: Fonts<'d> = doc
            .get_page_fonts(page_id)?
            .into_iter()
            .map(|(name, font)| (name, self.font(font)))
            .collect();
        let (own, inherited) = doc.get_page_resources(page_id)?;
        let resources: Vec<&'d Dictionary> = own
            .into_iter()
            .chain(
                inherited
                    .iter()
                    .filter_map(|id| doc.get_dictionary(*id).ok()),
            )
            .collect();
        // lopdf's get_page_content, stream by stream, so that a page listing one stream thousands
        // of times is stopped at the budget instead of concatenated.
        let mut data = Vec::new();
        for id in doc.get_page_contents(page_id) {
            let Ok(stream) = doc.get_object(id).and_then(Object::as_stream) else {
                continue;
            };
            if !self.spend_on(stream) {
                return Ok(());
            }
            let part = stream
                .decompressed_content()
                .unwrap_or_else(|_| stream.content.clone());
            data.extend_from_slice(&part);
        }
        let content = decode_content(&data)?;
        let mut state = State {
            ctm: Matrix::IDENTITY,
            saved: Vec::new(),
            line: Matrix::IDENTITY,
            font: Vec::new(),
            size: 12.0,
            leading: 0.0,
        };
        self.run(&content.operations, &fonts, &resources, &mut state, 0);
        Ok(())
    }

    fn page_break(&mut self) {
        self.out.push('\n');
        self.last_y = None;
        self.gap = false;
    }

    fn run(
        &mut self,
        ops: &[Operation],
        fonts: &Fonts<'d>,
        resources: &[&'d Dictionary],
        state: &mut State,
        depth: usize,
    ) {
        for op in ops {
            let args = op.operands.as_slice();
            let arg = |i: usize| args.get(i).and_then(number).unwrap_or(0.0);
            match op.operator.as_str() {
                "q" => state.saved.push(state.ctm),
                "Q" => state.ctm = state.saved.pop().unwrap_or(state.ctm),
                "cm" => {
                    if let Some(m) = Matrix::from_operands(args) {
                        state.ctm = m.then(state.ctm);
                    }
                }
                "BT" => state.line = Matrix::IDENTITY,
                "Tf" => {
                    if let Some(name) = args.first().and_then(|o| o.as_name().ok()) {
                        state.font = name.to_vec();
                    }
                    state.size = arg(1);
                }
                "TL" => state.leading = arg(0),
                "Td" => self.move_line(state, arg(0), arg(1)),
                "TD" => {
                    state.leading = -arg(1);
                    self.move_line(state, arg(0), arg(1));
                }
                "Tm" => {
                    if let Some(m) = Matrix::from_operands(args) {
                        state.line = m;
                        self.gap = true;
                    }
                }
                "T*" => self.next_line(state),
                "Tj" => self.show(state, fonts, args),
                "TJ" => self.show(state, fonts, args),
                "'" => {
                    self.next_line(state);
                    self.show(state, fonts, args);
                }
                "\"" => {
                    self.next_line(state);
                    self.show(state, fonts, args.get(2..).unwrap_or_default());
                }
                "Do" if depth < MAX_FORM_DEPTH => {
                    if let Some(name) = args.first().and_then(|o| o.as_name().ok()) {
                        self.form(name, fonts, resources, state, depth);
                    }
                }
                _ => {}
            }
        }
    }

    fn move_line(&mut self, state: &mut State, tx: f32, ty: f32) {
        state.line = Matrix::translate(tx, ty).then(state.line);
        self.gap = true;
    }

    fn next_line(&mut self, state: &mut State) {
        self.move_line(state, 0.0, -state.leading);
        // With no leading set the baseline does not move, yet T* still means "new line".
        self.break_line();
    }

    fn break_line(&mut self) {
        if !self.out.is_empty() && !self.out.ends_with('\n') {
            self.out.push('\n');
        }
        self.gap = false;
    }

    fn show(&mut self, state: &State, fonts: &Fonts<'d>, args: &[Object]) {
        let Some(decoder) = fonts.get(&state.font) else {
            self.undecodable += 1;
            return;
        };
        let mut text = String::new();
        for arg in args {
            match arg {
                Object::String(bytes, _) => self.decode_into(decoder, bytes, &mut text),
                Object::Array(items) => {
                    for item in items {
                        match item {
                            Object::String(bytes, _) => self.decode_into(decoder, bytes, &mut text),
                            // A large negative kern (thousandths of an em) is how some producers
                            // write a space between words.
                            other => {
                                if number(other).is_some_and(|n| n < -200.0) {
                                    text.push(' ');
                                }
                            }
                        }
                    }
                }
                _ => {}
            }
        }
        if text.is_empty() {
            return;
        }
        let place = state.line.then(state.ctm);
        let [.., x, y] = place.0;
        let size = (state.size.abs() * place.scale()).max(1.0);
        if let Some(last) = self.last_y
            && (y - last).abs() > size * 0.5
        {
            self.break_line();
        }
        // Latin glyphs average well under 0.6 em; starting further right than that is a gap.
        let advance = self.last_len as f32 * self.last_size * 0.6;
        if self.gap
            && x - self.last_x > advance + size * 0.2
            && !self.out.ends_with(['\n', ' '])
            && self.out.chars().last().is_some_and(|c| !is_wide(c))
            && text
                .chars()
                .next()
                .is_some_and(|c| !is_wide(c) && !c.is_whitespace())
        {
            self.out.push(' ');
        }
        self.gap = false;
        self.out.push_str(&text);
        self.last_y = Some(y);
        self.last_x = x;
        self.last_len = text.chars().count();
        self.last_size = size;
    }

    fn decode_into(&mut self, decoder: &Decoder<'_>, bytes: &[u8], text: &mut String) {
        match decoder.decode(bytes) {
            Some(s) => text.extend(s.chars().filter(|c| *c != '\u{fffd}' && *c != '\0')),
            None => self.undecodable += 1,
        }
    }

    /// Text inside a form XObject (headers, stamps, whole pages from some converters).
    fn form(
        &mut self,
        name: &[u8],
        fonts: &Fonts<'d>,
        resources: &[&'d Dictionary],
        state: &mut State,
        depth: usize,
    ) {
        let doc = self.doc;
        let Some(stream) = resources.iter().find_map(|res| {
            let xobjects = res
                .get_deref(b"XObject", doc)
                .and_then(Object::as_dict)
                .ok()?;
            xobjects
                .get_deref(name, doc)
                .and_then(Object::as_stream)
                .ok()
        }) else {
            return;
        };
        if stream.dict.get(b"Subtype").and_then(Object::as_name).ok() != Some(b"Form") {
            return;
        }
        if !self.spend_on(stream) {
            return;
        }
        let Ok(data) = stream.get_plain_content() else {
            return;
        };
        let Ok(content) = decode_content(&data) else {
            return;
        };
        let own = stream
            .dict
            .get_deref(b"Resources", doc)
            .and_then(Object::as_dict)
            .ok();
        let own_fonts = own.map(|r| self.fonts_of(r));
        let form_fonts = own_fonts
            .as_ref()
            .filter(|f| !f.is_empty())
            .unwrap_or(fonts);
        let form_resources: Vec<&'d Dictionary> = match own {
            Some(r) => vec![r],
            None => resources.to_vec(),
        };
        let matrix = stream
            .dict
            .get(b"Matrix")
            .and_then(Object::as_array)
            .ok()
            .and_then(|a| Matrix::from_operands(a))
            .unwrap_or(Matrix::IDENTITY);
        let mut inner = State {
            ctm: matrix.then(state.ctm),
            saved: Vec::new(),
            line: Matrix::IDENTITY,
            font: state.font.clone(),
            size: state.size,
            leading: state.leading,
        };
        self.run(
            &content.operations,
            form_fonts,
            &form_resources,
            &mut inner,
            depth + 1,
        );
    }
}

fn is_wide(c: char) -> bool {
    matches!(c,
        '\u{2e80}'..='\u{9fff}' | '\u{f900}'..='\u{faff}' | '\u{ff00}'..='\u{ffef}')
}

#[cfg(test)]
mod tests {
    use lopdf::content::{Content, Operation};
    use lopdf::{Object, Stream, StringFormat, dictionary};

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

    #[test]
    fn a_code_mapped_to_a_page_of_text_gives_a_few_chars() {
        let page = "6CD5".repeat(50_000);
        let cmap = format!("1 beginbfchar <41> <{page}> endbfchar");
        let map = ToUnicode::parse(cmap.as_bytes(), 1).expect("parses");
        assert_eq!(map.decode(b"AA"), "法".repeat(2 * MAX_MAPPED_UNITS));
    }

    #[test]
    fn cmap_code_lengths_follow_the_codespace() {
        let cmap = b"1 begincodespacerange <00> <80> <8140> <FEFE> endcodespacerange\n\
                     2 beginbfchar <41> <0041> <B7A8> <6CD5> endbfchar\n\
                     1 beginbfrange <B7A9> <B7AA> <6CBB> endbfrange";
        let map = ToUnicode::parse(cmap, 1).expect("parses");
        assert_eq!(map.decode(b"A\xb7\xa8\xb7\xa9\xb7\xaa"), "A法治沼");
    }
}
