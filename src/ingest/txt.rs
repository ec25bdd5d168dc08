//! Plain-text reports: bytes in any encoding Chinese offices use → UTF-8 text, lines as written.
//!
//! Input: the raw bytes of a `.txt` file (UTF-8 with or without BOM, UTF-16 LE/BE, GB18030/GBK,
//! Big5). Output: the decoded text with the BOM dropped and CRLF/CR turned into LF, otherwise as
//! written. Bytes that do not decode to text (random data, an image renamed `.txt`) are an error,
//! never mojibake passed downstream.

use chardetng::{EncodingDetector, Iso2022JpDetection, Utf8Detection};
use encoding_rs::{Encoding, UTF_16BE, UTF_16LE};

use super::{Document, Format, IngestError};

pub(super) fn read(bytes: &[u8]) -> Result<Document, IngestError> {
    if let Some(err) = known_binary(bytes) {
        return Err(err);
    }
    let (text, _encoding) = decode(bytes);
    let text = checked_text(&text)?;
    Ok(Document {
        text,
        format: Format::Txt,
        warnings: Vec::new(),
        ocr: None,
    })
}

/// Decode bytes whose encoding is not declared: BOM, then the UTF-16 zero-byte pattern, then strict
/// UTF-8, then chardetng's guess (GBK/GB18030, Big5, …).
pub(super) fn decode(bytes: &[u8]) -> (String, &'static Encoding) {
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        let rest = bytes.get(bom_len..).unwrap_or_default();
        return (decode_with(encoding, rest), encoding);
    }
    if let Some(encoding) = utf16_without_bom(bytes) {
        return (decode_with(encoding, bytes), encoding);
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return (text.to_owned(), encoding_rs::UTF_8);
    }
    if let Some(text) = mostly_utf8(bytes) {
        return (text, encoding_rs::UTF_8);
    }
    if let Some(encoding) = utf16_by_content(bytes) {
        return (decode_with(encoding, bytes), encoding);
    }
    let encoding = guess_legacy(bytes);
    (decode_with(encoding, bytes), encoding)
}

/// A UTF-8 file with a few broken lines: stray bytes from a cut copy-paste, or a paragraph pasted
/// from a GBK file. Decoding all of it as GBK would turn every good line into mojibake, so each line
/// is decoded on its own: valid lines as UTF-8, lines with only a few bad bytes as UTF-8 without
/// them, the rest in the legacy encoding guessed from those lines alone. None when the file is not
/// mostly UTF-8 (a GBK file has next to no valid non-ASCII UTF-8 lines, and many invalid ones).
fn mostly_utf8(bytes: &[u8]) -> Option<String> {
    let lines: Vec<&[u8]> = bytes.split(|&b| b == b'\n').collect();
    let mut utf8_lines = 0usize;
    let mut broken: Vec<&[u8]> = Vec::new();
    for line in &lines {
        match std::str::from_utf8(line) {
            Ok(text) if !text.is_ascii() => utf8_lines += 1,
            Ok(_) => {}
            Err(_) => broken.push(line),
        }
    }
    if utf8_lines < 3 || utf8_lines < broken.len() {
        return None;
    }
    // Lines with only a few bad bytes among UTF-8 Chinese are UTF-8 with stray bytes; the rest
    // are another encoding, guessed from those lines alone.
    let stray = |line: &[u8]| {
        let invalid: usize = line.utf8_chunks().map(|c| c.invalid().len()).sum();
        invalid * 4 < line.len() && !legacy_in_ascii(line)
    };
    let foreign: Vec<u8> = broken
        .iter()
        .filter(|line| !stray(line))
        .flat_map(|line| line.iter().copied().chain([b'\n']))
        .collect();
    let legacy = chinese_legacy(guess_legacy(&foreign));
    let mut out = String::with_capacity(bytes.len());
    for (i, line) in lines.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        if std::str::from_utf8(line).is_ok() || stray(line) {
            line.utf8_chunks().for_each(|c| out.push_str(c.valid()));
        } else {
            out.push_str(&decode_with(legacy, line));
        }
    }
    Some(out)
}

/// ASCII with a character or two typed in a GBK or Big5 editor ("2019年" with the 年 in GBK): every
/// non-ASCII byte is in bytes that are not UTF-8, and they decode in a Chinese legacy encoding.
/// Stray bytes (a cut UTF-8 sequence, 0xFF) mostly do not.
fn legacy_in_ascii(line: &[u8]) -> bool {
    line.utf8_chunks().all(|c| c.valid().is_ascii())
        && [encoding_rs::GB18030, encoding_rs::BIG5]
            .iter()
            .any(|encoding| {
                let (_, had_errors) = encoding.decode_without_bom_handling(line);
                !had_errors
            })
}

/// A few legacy characters in a mostly UTF-8 file are too little for chardetng, which may then
/// guess a Western encoding; these files come from Chinese offices, so GB18030 (a superset of
/// GBK) is the better guess.
fn chinese_legacy(guess: &'static Encoding) -> &'static Encoding {
    if guess == encoding_rs::BIG5 || guess == encoding_rs::GBK || guess == encoding_rs::GB18030 {
        guess
    } else {
        encoding_rs::GB18030
    }
}

pub(super) fn decode_with(encoding: &'static Encoding, bytes: &[u8]) -> String {
    encoding.decode_without_bom_handling(bytes).0.into_owned()
}

/// `bytes` in the encoding a page declares, or None when they are not in it: a GBK page saved
/// under a template's `<meta charset="utf-8">` decoded as declared is all U+FFFD and was refused as
/// binary, so a declaration the bytes contradict yields to detection.
pub(super) fn decode_declared(declared: &'static Encoding, bytes: &[u8]) -> Option<String> {
    let (text, had_errors) = declared.decode_without_bom_handling(bytes);
    (!had_errors).then(|| text.into_owned())
}

/// chardetng tells GBK from Big5 from the byte pairs themselves, which a file's name cannot.
pub(super) fn guess_legacy(bytes: &[u8]) -> &'static Encoding {
    let mut detector = EncodingDetector::new(Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    detector.guess(None, Utf8Detection::Allow)
}

/// UTF-16 saved without a BOM (some Windows tools do) shows as zero bytes on one side of each pair:
/// every ASCII character, newline and digit has a zero high byte. Text in any 8-bit encoding has no
/// zero bytes at all, and random data has them on both sides alike.
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    let sample = bytes.get(..8192).unwrap_or(bytes);
    let pairs = sample.len() / 2;
    if pairs == 0 {
        return None;
    }
    let (mut even, mut odd) = (0usize, 0usize);
    for (i, b) in sample.iter().enumerate() {
        if *b == 0 {
            if i % 2 == 0 {
                even += 1;
            } else {
                odd += 1;
            }
        }
    }
    let lopsided = |many: usize, few: usize| many * 20 >= pairs && few * 10 <= many;
    if lopsided(odd, even) {
        Some(UTF_16LE)
    } else if lopsided(even, odd) {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// UTF-16 Chinese with next to no ASCII has too few zero bytes for `utf16_without_bom`; its code
/// units show it instead: nearly all are ideographs, CJK punctuation or ASCII, which the byte pairs
/// of GBK, Big5 or UTF-8 text almost never are (they land in Hangul, surrogates, private use).
fn utf16_by_content(bytes: &[u8]) -> Option<&'static Encoding> {
    let sample = bytes.get(..8192).unwrap_or(bytes);
    let plausible = |unit: u16| {
        matches!(unit, 0x4E00..=0x9FFF | 0x3000..=0x303F | 0xFF00..=0xFFEF | 0x2000..=0x206F
            | 0x20..=0x7E | 0x09 | 0x0A | 0x0D)
    };
    [(UTF_16LE, false), (UTF_16BE, true)]
        .into_iter()
        .find(|&(_, big_endian)| {
            let units = sample.chunks_exact(2).map(|pair| {
                let pair = [pair.first().copied(), pair.get(1).copied()];
                let [a, b] = pair.map(Option::unwrap_or_default);
                if big_endian {
                    u16::from_be_bytes([a, b])
                } else {
                    u16::from_le_bytes([a, b])
                }
            });
            let (total, good) = units.fold((0usize, 0usize), |(t, g), u| {
                (t + 1, g + usize::from(plausible(u)))
            });
            total >= 16 && good * 20 >= total * 19
        })
        .map(|(encoding, _)| encoding)
}

/// Recognise common non-text files by their signature, so the user hears what the file really is.
pub(super) fn known_binary(bytes: &[u8]) -> Option<IngestError> {
    const SIGNATURES: &[(&[u8], &str)] = &[
        (b"\x89PNG\r\n\x1a\n", "a PNG image"),
        (b"\xff\xd8\xff", "a JPEG image"),
        (b"GIF87a", "a GIF image"),
        (b"GIF89a", "a GIF image"),
        (b"II*\x00", "a TIFF image"),
        (b"MM\x00*", "a TIFF image"),
        (b"\x1f\x8b", "a gzip archive"),
        (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
        (b"Rar!\x1a\x07", "a RAR archive"),
        (b"\x7fELF", "a program"),
        (b"PK\x03\x04", "a zip archive"),
    ];
    if bytes.starts_with(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1") {
        return Some(IngestError::Unsupported(
            "legacy Word/WPS .doc (OLE); save it as .docx or PDF",
        ));
    }
    if bytes.starts_with(b"{\\rtf") {
        return Some(IngestError::Unsupported("RTF; save it as .docx or PDF"));
    }
    SIGNATURES
        .iter()
        .find(|(magic, _)| bytes.starts_with(magic))
        .map(|(_, what)| IngestError::WrongType(what))
}

/// Reject decoded text that is really binary, normalise line ends, and drop the odd stray control
/// character a clipboard leaves behind (they would break regexes and exports downstream).
pub(super) fn checked_text(text: &str) -> Result<String, IngestError> {
    let mut total = 0usize;
    let mut bad = 0usize;
    let mut blank = true;
    for c in text.chars() {
        total += 1;
        if is_junk(c) {
            bad += 1;
        } else if !c.is_whitespace() && c != '\u{feff}' {
            blank = false;
        }
    }
    if blank && bad == 0 {
        return Err(IngestError::Empty);
    }
    // Real text has next to no control or undecodable characters; decoded random bytes have ~10%.
    if bad * 100 > total || blank {
        return Err(IngestError::Binary);
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push('\n');
            }
            c if is_junk(c) => {}
            c => out.push(c),
        }
    }
    Ok(out)
}

fn is_junk(c: char) -> bool {
    // Tab, line ends, form feed (page breaks in exported text), vertical tab and ^Z (DOS end of
    // file) do occur in genuine reports.
    c == '\u{fffd}'
        || (c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\x0b' | '\x0c' | '\x1a'))
}

#[cfg(test)]
mod tests {
    use super::*;

    const PARAGRAPH: &str = "一、加强党对法治政府建设的领导\n2019年，区政府共收到行政复议申请26件，依法受理22件。\n推进严格规范公正文明执法，行政执法人员201名。\n";
    const TRADITIONAL: &str = "一、加強黨對法治政府建設的領導\n2019年，區政府共收到行政復議申請26件，依法受理22件。\n推進嚴格規範公正文明執法，行政執法人員201名。\n";

    fn read_txt(bytes: &[u8]) -> Result<String, IngestError> {
        read(bytes).map(|d| d.text)
    }

    fn utf16(text: &str, big_endian: bool, bom: bool) -> Vec<u8> {
        let mut out = Vec::new();
        let units = bom
            .then_some(0xfeff_u16)
            .into_iter()
            .chain(text.encode_utf16());
        for u in units {
            out.extend(if big_endian {
                u.to_be_bytes()
            } else {
                u.to_le_bytes()
            });
        }
        out
    }

    #[test]
    fn legacy_chinese_encodings_decode() {
        let (gbk, _, gbk_lossy) = encoding_rs::GBK.encode(PARAGRAPH);
        assert!(!gbk_lossy);
        assert_eq!(read_txt(&gbk).expect("GBK"), PARAGRAPH);

        let (gb18030, _, _) = encoding_rs::GB18030.encode(PARAGRAPH);
        assert_eq!(read_txt(&gb18030).expect("GB18030"), PARAGRAPH);

        let (big5, _, big5_lossy) = encoding_rs::BIG5.encode(TRADITIONAL);
        assert!(!big5_lossy);
        assert_eq!(read_txt(&big5).expect("Big5"), TRADITIONAL);
    }

    #[test]
    fn unicode_encodings_decode() {
        let mut utf8_bom = b"\xef\xbb\xbf".to_vec();
        utf8_bom.extend(PARAGRAPH.as_bytes());
        let cases = [
            ("UTF-8", PARAGRAPH.as_bytes().to_vec()),
            ("UTF-8 BOM", utf8_bom),
            ("UTF-16LE BOM", utf16(PARAGRAPH, false, true)),
            ("UTF-16BE BOM", utf16(PARAGRAPH, true, true)),
            ("UTF-16LE no BOM", utf16(PARAGRAPH, false, false)),
            ("UTF-16BE no BOM", utf16(PARAGRAPH, true, false)),
        ];
        for (name, bytes) in cases {
            assert_eq!(read_txt(&bytes).expect(name), PARAGRAPH, "{name}");
        }
    }

    #[test]
    fn line_ends_become_lf() {
        assert_eq!(read_txt(b"a\r\nb\rc\n").expect("text"), "a\nb\nc\n");
    }

    #[test]
    fn empty_after_decoding_is_empty() {
        assert!(matches!(read_txt(b"\xef\xbb\xbf"), Err(IngestError::Empty)));
        let spaces = utf16(" \n\u{3000}", false, true);
        assert!(matches!(read_txt(&spaces), Err(IngestError::Empty)));
    }

    #[test]
    fn random_bytes_are_binary() {
        // A fixed xorshift stream: deterministic, and as structureless as /dev/urandom.
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        let junk: Vec<u8> = (0..4000)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                state.to_le_bytes()[0]
            })
            .collect();
        let err = read_txt(&junk).expect_err("junk is not text");
        assert_eq!(err.to_string(), "not a text document (binary data)");
    }

    #[test]
    fn known_files_are_named() {
        let mut png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR".to_vec();
        png.extend([0u8, 0, 1, 0, 0, 0, 1, 0, 8, 6, 0, 0, 0]);
        let err = read_txt(&png).expect_err("PNG");
        assert_eq!(
            err.to_string(),
            "not a text document (looks like a PNG image)"
        );

        let err = read_txt(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00").expect_err("doc");
        assert!(err.to_string().contains("save it as .docx"), "{err}");
    }

    #[test]
    fn nul_bytes_alone_are_binary() {
        let err = read_txt(b"\x00\x00\x00\x00\x00\x00").expect_err("zeros");
        assert!(matches!(err, IngestError::Binary), "{err}");
    }
}
