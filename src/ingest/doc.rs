//! Word 97–2003 documents (`.doc`, and WPS Office's `.wps`, the same binary format) → text, one
//! line per paragraph, one line per table row.
//!
//! Input: the bytes of a Compound File (CFB) holding a `WordDocument` stream. Output: the main
//! document text (`ccpText` characters: no headers, footnotes or comments) rebuilt from the piece
//! table, with field instructions dropped and their results kept. Written here because no
//! maintained crate reads `.doc` text alone; `cfb` opens the container. Every offset in the file is
//! untrusted: each is checked against the stream it points into, and the text is capped.
//!
//! Layout references are to [MS-DOC]: the FIB (2.5.1) at the start of `WordDocument` says which
//! table stream holds the CLX (2.9.38), whose `PlcPcd` (2.8.35) maps character positions to bytes.

use std::io::{Cursor, Read};

use super::{Document, Format, IngestError, MAX_FILE_BYTES};

/// The 8 bytes every Compound File starts with.
pub(super) const CFB_MAGIC: &[u8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1";

/// `wIdent` of a Word binary document.
const WORD_IDENT: u16 = 0xA5EC;
/// `nFib` of Word 97; lower values are Word 6/95, whose FIB is laid out differently.
const NFIB_WORD97: u16 = 0x00C1;
/// `fEncrypted` in the FibBase flags: encrypted or XOR-obfuscated (both need the password).
const F_ENCRYPTED: u16 = 0x0100;
/// `fWhichTblStm`: the CLX lives in `1Table`, else in `0Table`.
const F_WHICH_TBL_STM: u16 = 0x0200;
/// Index of `fcClx` among the FibRgFcLcb97 (fc, lcb) pairs.
const CLX_PAIR: usize = 33;
/// `fCompressed` in a piece's `FcCompressed`: 8-bit text at half the stored offset.
const FC_COMPRESSED: u32 = 0x4000_0000;

/// No real report comes near this many characters; a piece table claiming more repeats bytes.
const MAX_CHARS: u64 = MAX_FILE_BYTES;

pub(super) fn read(bytes: &[u8]) -> Result<Document, IngestError> {
    let (word, table) = streams(bytes)?;
    let fib = Fib::parse(&word)?;
    let table_name = if fib.which_table_1 {
        "1Table"
    } else {
        "0Table"
    };
    let table = table
        .into_iter()
        .find(|(name, _)| *name == table_name)
        .map(|(_, bytes)| bytes)
        .ok_or_else(|| damaged(format!("its table stream {table_name} is missing")))?;
    let clx = slice(&table, fib.fc_clx, fib.lcb_clx)
        .ok_or_else(|| damaged("the piece table lies outside the table stream".into()))?;
    let pieces = pieces(clx)?;
    let raw = main_text(&word, &pieces, fib.ccp_text)?;
    let text = lines(&raw);
    if text.is_empty() {
        return Err(IngestError::NoText(Format::Doc));
    }
    Ok(Document {
        text,
        format: Format::Doc,
        warnings: Vec::new(),
        ocr: None,
    })
}

/// `WordDocument`, and the table streams that exist by name.
type Streams = (Vec<u8>, Vec<(&'static str, Vec<u8>)>);

/// The `WordDocument` stream and whichever table streams exist. cfb trusts some header fields
/// enough to panic on a few malformed files, so the container is opened under `catch_unwind`
/// (one bad file must never take the batch down); the parsing after it is ours and must not panic.
fn streams(bytes: &[u8]) -> Result<Streams, IngestError> {
    let open = || -> Result<_, IngestError> {
        let mut cfb = cfb::CompoundFile::open(Cursor::new(bytes))
            .map_err(|e| damaged(format!("not a readable compound file ({e})")))?;
        if !cfb.is_stream("/WordDocument") {
            return Err(other_cfb_kind(&cfb));
        }
        let word = stream(&mut cfb, "/WordDocument")?;
        let mut tables = Vec::new();
        for name in ["0Table", "1Table"] {
            let path = format!("/{name}");
            if cfb.is_stream(&path) {
                tables.push((name, stream(&mut cfb, &path)?));
            }
        }
        Ok((word, tables))
    };
    std::panic::catch_unwind(open)
        .unwrap_or_else(|_| Err(damaged("its container could not be parsed".into())))
}

fn damaged(why: String) -> IngestError {
    IngestError::BadDoc(why)
}

/// A compound file without a Word stream: say what it is when we can tell.
fn other_cfb_kind<F: Read + std::io::Seek>(cfb: &cfb::CompoundFile<F>) -> IngestError {
    if cfb.is_stream("/Workbook") || cfb.is_stream("/Book") {
        IngestError::WrongType("an Excel workbook")
    } else if cfb.is_stream("/PowerPoint Document") {
        IngestError::WrongType("a PowerPoint presentation")
    } else if cfb.is_stream("/EncryptedPackage") {
        // Word 2007+ files with a password are a CFB wrapping the encrypted zip.
        IngestError::DocEncrypted
    } else {
        damaged("it has no WordDocument stream".into())
    }
}

/// A whole stream, read no further than the file cap whatever its directory entry claims.
fn stream<F: Read + std::io::Seek>(
    cfb: &mut cfb::CompoundFile<F>,
    name: &str,
) -> Result<Vec<u8>, IngestError> {
    let short = name.trim_start_matches('/');
    let mut out = Vec::new();
    cfb.open_stream(name)
        .map_err(|e| damaged(format!("{short} cannot be opened ({e})")))?
        .take(MAX_FILE_BYTES)
        .read_to_end(&mut out)
        .map_err(|e| damaged(format!("{short} is truncated ({e})")))?;
    Ok(out)
}

fn u16_at(bytes: &[u8], at: usize) -> Option<u16> {
    let b = bytes.get(at..at.checked_add(2)?)?;
    Some(u16::from_le_bytes([*b.first()?, *b.get(1)?]))
}

fn u32_at(bytes: &[u8], at: usize) -> Option<u32> {
    let b: [u8; 4] = bytes.get(at..at.checked_add(4)?)?.try_into().ok()?;
    Some(u32::from_le_bytes(b))
}

fn slice(bytes: &[u8], offset: u32, len: u32) -> Option<&[u8]> {
    let start = usize::try_from(offset).ok()?;
    let end = start.checked_add(usize::try_from(len).ok()?)?;
    bytes.get(start..end)
}

/// The few FIB fields the text needs.
#[derive(Debug)]
struct Fib {
    which_table_1: bool,
    ccp_text: u32,
    fc_clx: u32,
    lcb_clx: u32,
}

impl Fib {
    fn parse(word: &[u8]) -> Result<Fib, IngestError> {
        let short = || damaged("the WordDocument stream is too short for its header".into());
        if u16_at(word, 0).ok_or_else(short)? != WORD_IDENT {
            return Err(damaged("the WordDocument stream has no Word header".into()));
        }
        let n_fib = u16_at(word, 2).ok_or_else(short)?;
        let flags = u16_at(word, 0x0A).ok_or_else(short)?;
        if flags & F_ENCRYPTED != 0 {
            return Err(IngestError::DocEncrypted);
        }
        if n_fib < NFIB_WORD97 {
            return Err(IngestError::Unsupported(
                "Word 6.0/95 document; save it as .docx or PDF",
            ));
        }
        // FibBase (32 bytes), then three variable arrays each preceded by its count: walking the
        // counts, not fixed offsets, keeps later Word versions (longer arrays) readable.
        let csw = usize::from(u16_at(word, 32).ok_or_else(short)?);
        let rg_lw = 32 + 2 + csw * 2;
        let cslw = usize::from(u16_at(word, rg_lw).ok_or_else(short)?);
        let ccp_text = u32_at(word, rg_lw + 2 + 3 * 4).ok_or_else(short)?;
        let rg_fc = rg_lw + 2 + cslw * 4;
        let cb_rg_fc_lcb = usize::from(u16_at(word, rg_fc).ok_or_else(short)?);
        if cb_rg_fc_lcb <= CLX_PAIR {
            return Err(damaged("its header has no piece table entry".into()));
        }
        let clx_at = rg_fc + 2 + CLX_PAIR * 8;
        Ok(Fib {
            which_table_1: flags & F_WHICH_TBL_STM != 0,
            ccp_text,
            fc_clx: u32_at(word, clx_at).ok_or_else(short)?,
            lcb_clx: u32_at(word, clx_at + 4).ok_or_else(short)?,
        })
    }
}

/// One run of characters: `[cp_start, cp_end)` stored at byte `offset` of `WordDocument`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Piece {
    cp_start: u32,
    cp_end: u32,
    offset: u32,
    compressed: bool,
}

/// The CLX: formatting runs (`Prc`, skipped) then the piece table (`Pcdt`).
fn pieces(clx: &[u8]) -> Result<Vec<Piece>, IngestError> {
    let bad = |why: &str| damaged(format!("its piece table is {why}"));
    let mut at = 0usize;
    loop {
        match clx.get(at) {
            Some(1) => {
                let size = u16_at(clx, at + 1).ok_or_else(|| bad("truncated"))?;
                at += 3 + usize::from(size);
            }
            Some(2) => break,
            Some(_) => return Err(bad("malformed")),
            None => return Err(bad("missing")),
        }
    }
    let lcb = u32_at(clx, at + 1).ok_or_else(|| bad("truncated"))?;
    let plc = slice(clx, u32::try_from(at + 5).unwrap_or(u32::MAX), lcb)
        .ok_or_else(|| bad("truncated"))?;
    // n + 1 character positions (4 bytes each), then n descriptors (8 bytes each).
    if plc.len() < 4 || (plc.len() - 4) % 12 != 0 {
        return Err(bad("malformed"));
    }
    let n = (plc.len() - 4) / 12;
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        let cp_start = u32_at(plc, i * 4).ok_or_else(|| bad("truncated"))?;
        let cp_end = u32_at(plc, (i + 1) * 4).ok_or_else(|| bad("truncated"))?;
        let fc = u32_at(plc, (n + 1) * 4 + i * 8 + 2).ok_or_else(|| bad("truncated"))?;
        if cp_end < cp_start {
            return Err(bad("out of order"));
        }
        let compressed = fc & FC_COMPRESSED != 0;
        let fc = fc & !(FC_COMPRESSED | 0x8000_0000);
        out.push(Piece {
            cp_start,
            cp_end,
            offset: if compressed { fc / 2 } else { fc },
            compressed,
        });
    }
    Ok(out)
}

/// The first `ccp_text` characters, piece by piece, as Word stores them (control marks included).
fn main_text(word: &[u8], pieces: &[Piece], ccp_text: u32) -> Result<String, IngestError> {
    let mut out = String::new();
    let mut total = 0u64;
    for piece in pieces {
        if piece.cp_start >= ccp_text {
            break;
        }
        let chars = piece.cp_end.min(ccp_text) - piece.cp_start;
        total += u64::from(chars);
        if total > MAX_CHARS {
            return Err(damaged(
                "its text is longer than the file could hold".into(),
            ));
        }
        let width = if piece.compressed { 1 } else { 2 };
        let bytes = slice(word, piece.offset, chars.saturating_mul(width)).ok_or_else(|| {
            damaged("its piece table points past the end of the WordDocument stream".into())
        })?;
        if piece.compressed {
            // 8-bit pieces are Windows-1252 (MS-DOC 2.9.73 lists the same 0x80–0x9F mappings).
            out.push_str(
                &encoding_rs::WINDOWS_1252
                    .decode_without_bom_handling(bytes)
                    .0,
            );
        } else {
            let units = bytes.chunks_exact(2).map(|p| {
                u16::from_le_bytes([
                    p.first().copied().unwrap_or(0),
                    p.get(1).copied().unwrap_or(0),
                ])
            });
            out.extend(char::decode_utf16(units).map(|c| c.unwrap_or('\u{fffd}')));
        }
    }
    Ok(out)
}

/// Word's marks → lines: paragraph, line and page breaks end a line; a cell mark ends a cell and a
/// second one right after it ends the row; field instructions go, field results stay.
fn lines(raw: &str) -> String {
    // One entry per open field: true while still in its instruction (before the separator), and
    // how many of them are, so a hostile run of unclosed fields costs no scan per character.
    let mut fields: Vec<bool> = Vec::new();
    let mut instructions = 0usize;
    let mut line = String::new();
    let mut out: Vec<String> = Vec::new();
    let mut after_cell = false;
    for c in raw.chars() {
        let cell = c == '\u{7}';
        match c {
            '\u{13}' => {
                fields.push(true);
                instructions += 1;
            }
            '\u{14}' => {
                if let Some(top) = fields.last_mut()
                    && *top
                {
                    *top = false;
                    instructions -= 1;
                }
            }
            '\u{15}' => {
                if fields.pop() == Some(true) {
                    instructions -= 1;
                }
            }
            _ if instructions > 0 => {}
            '\r' | '\n' | '\u{b}' | '\u{c}' => end_line(&mut line, &mut out),
            '\u{7}' if after_cell => {
                while line.ends_with('\t') {
                    line.pop();
                }
                end_line(&mut line, &mut out);
            }
            '\u{7}' => line.push('\t'),
            '\t' => line.push('\t'),
            // Non-breaking hyphen; the optional hyphen only shows at a line end, so it goes.
            '\u{1e}' => line.push('-'),
            c if c.is_control() => {}
            c => line.push(c),
        }
        after_cell = cell && !after_cell;
    }
    end_line(&mut line, &mut out);
    out.join("\n")
}

fn end_line(line: &mut String, out: &mut Vec<String>) {
    let text = line.trim();
    if !text.is_empty() {
        out.push(text.to_string());
    }
    line.clear();
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    /// A minimal Word 97 file: a FIB in `WordDocument` followed by the text, and a CLX in
    /// `1Table` whose pieces are `(text, compressed)` laid end to end.
    fn doc_of(pieces: &[(&str, bool)], flags: u16) -> Vec<u8> {
        let fib_len = 32 + 2 + 14 * 2 + 2 + 22 * 4 + 2 + 93 * 8;
        let mut word = vec![0u8; fib_len];
        let mut cps = vec![0u32];
        let mut pcds = Vec::new();
        for (text, compressed) in pieces {
            let fc = u32::try_from(word.len()).expect("small");
            if *compressed {
                let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(text);
                word.extend_from_slice(&bytes);
                pcds.push((fc * 2) | FC_COMPRESSED);
            } else {
                word.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
                pcds.push(fc);
            }
            let chars = u32::try_from(text.encode_utf16().count()).expect("small");
            cps.push(cps.last().copied().unwrap_or(0) + chars);
        }
        let ccp = cps.last().copied().unwrap_or(0);
        let mut clx = vec![1u8, 2, 0, 0xAA, 0xBB, 2];
        let lcb = u32::try_from(cps.len() * 4 + pcds.len() * 8).expect("small");
        clx.extend(lcb.to_le_bytes());
        clx.extend(cps.iter().flat_map(|c| c.to_le_bytes()));
        for fc in pcds {
            clx.extend([0, 0]);
            clx.extend(fc.to_le_bytes());
            clx.extend([0, 0]);
        }
        let put16 = |w: &mut Vec<u8>, at: usize, v: u16| {
            w[at..at + 2].copy_from_slice(&v.to_le_bytes());
        };
        let put32 = |w: &mut Vec<u8>, at: usize, v: u32| {
            w[at..at + 4].copy_from_slice(&v.to_le_bytes());
        };
        put16(&mut word, 0, WORD_IDENT);
        put16(&mut word, 2, 0x00C1);
        put16(&mut word, 0x0A, flags | F_WHICH_TBL_STM);
        put16(&mut word, 32, 14);
        let rg_lw = 32 + 2 + 28;
        put16(&mut word, rg_lw, 22);
        put32(&mut word, rg_lw + 2 + 12, ccp);
        let rg_fc = rg_lw + 2 + 88;
        put16(&mut word, rg_fc, 93);
        put32(&mut word, rg_fc + 2 + CLX_PAIR * 8, 0);
        put32(
            &mut word,
            rg_fc + 2 + CLX_PAIR * 8 + 4,
            u32::try_from(clx.len()).expect("small"),
        );
        cfb_of(&[("/WordDocument", &word), ("/1Table", &clx)])
    }

    fn cfb_of(streams: &[(&str, &[u8])]) -> Vec<u8> {
        let mut file = cfb::CompoundFile::create(Cursor::new(Vec::new())).expect("cfb");
        for (name, bytes) in streams {
            file.create_stream(name)
                .expect("stream")
                .write_all(bytes)
                .expect("write");
        }
        file.flush().expect("flush");
        file.into_inner().into_inner()
    }

    fn text_of(bytes: &[u8]) -> Result<String, String> {
        read(bytes).map(|d| d.text).map_err(|e| e.to_string())
    }

    #[test]
    fn pieces_of_both_widths_make_paragraphs() {
        let bytes = doc_of(
            &[
                ("2019年法治政府建设工作报告\r一、加强领导\r", false),
                ("Caf\u{e9} \u{201c}ok\u{201d}\r", true),
                ("收到申请26件。\r", false),
            ],
            0,
        );
        assert_eq!(
            text_of(&bytes).as_deref(),
            Ok(
                "2019年法治政府建设工作报告\n一、加强领导\nCaf\u{e9} \u{201c}ok\u{201d}\n收到申请26件。"
            )
        );
    }

    #[test]
    fn marks_fields_and_cells_are_handled() {
        let cases = [
            // Field instruction dropped, result kept; nested fields too.
            ("见\u{13} HYPERLINK \"x\" \u{14}附件\u{15}一\r", "见附件一"),
            (
                "第\u{13} PAGE \u{13} X \u{14}9\u{15}\u{14}3\u{15}页\r",
                "第3页",
            ),
            // A field with no separator shows nothing.
            ("目录\u{13} TOC \\o \u{15}\r", "目录"),
            // Cells end with 0x07; a second 0x07 ends the row.
            (
                "指标\u{7}数值\u{7}\u{7}案件\u{7}26件\u{7}\u{7}",
                "指标\t数值\n案件\t26件",
            ),
            // Line break, page break, picture anchor, non-breaking hyphen.
            ("一\u{b}二\u{c}三\u{1}四\u{1e}五\r", "一\n二\n三四-五"),
        ];
        for (raw, want) in cases {
            assert_eq!(lines(raw), want, "{raw:?}");
        }
    }

    #[test]
    fn unclosed_fields_cost_linear_time() {
        // 200 k open fields showing their results, then 200 k characters: no character may
        // rescan the open fields (that would be 4e10 steps).
        let raw = format!(
            "{}{}\r",
            "\u{13}\u{14}".repeat(200_000),
            "字".repeat(200_000)
        );
        let started = std::time::Instant::now();
        assert_eq!(lines(&raw).chars().count(), 200_000);
        assert!(started.elapsed() < std::time::Duration::from_secs(5));
    }

    #[test]
    fn only_the_main_text_is_read() {
        // Headers and footnotes follow the main text in the same pieces; ccpText stops before them.
        let mut bytes = doc_of(&[("正文。\r页眉文字\r", false)], 0);
        let word = {
            let mut cfb = cfb::CompoundFile::open(Cursor::new(&bytes)).expect("open");
            let mut w = Vec::new();
            cfb.open_stream("/WordDocument")
                .expect("stream")
                .read_to_end(&mut w)
                .expect("read");
            w
        };
        let mut word = word;
        let ccp_at = 32 + 2 + 28 + 2 + 12;
        word[ccp_at..ccp_at + 4].copy_from_slice(&4u32.to_le_bytes());
        let mut cfb = cfb::CompoundFile::open(Cursor::new(&mut bytes)).expect("open");
        cfb.create_stream("/WordDocument")
            .expect("stream")
            .write_all(&word)
            .expect("write");
        cfb.flush().expect("flush");
        drop(cfb);
        assert_eq!(text_of(&bytes).as_deref(), Ok("正文。"));
    }

    #[test]
    fn hostile_files_are_clear_errors() {
        let encrypted = doc_of(&[("秘密\r", false)], F_ENCRYPTED);
        assert_eq!(
            text_of(&encrypted),
            Err("encrypted Word document (password required)".into())
        );
        let mut truncated = doc_of(&[("正文\r", false)], 0);
        truncated.truncate(truncated.len() / 2);
        let err = text_of(&truncated).expect_err("truncated");
        assert!(err.starts_with("damaged Word document: "), "{err}");

        let no_word = cfb_of(&[("/Workbook", b"xx")]);
        assert_eq!(
            text_of(&no_word),
            Err("not a text document (looks like an Excel workbook)".into())
        );
        let hollow = cfb_of(&[("/Other", b"xx")]);
        assert_eq!(
            text_of(&hollow),
            Err("damaged Word document: it has no WordDocument stream".into())
        );
        let empty = doc_of(&[("\r\r", false)], 0);
        assert_eq!(
            text_of(&empty),
            Err("no text found in the doc document".into())
        );
        assert!(text_of(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1").is_err());
    }

    fn fixture(name: &str) -> Vec<u8> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/doc");
        std::fs::read(dir.join(name)).expect("fixture")
    }

    #[test]
    fn libreoffice_table_and_hyperlink_are_read() {
        // table-link.html saved by LibreOffice as Word 97: a table, and a link as a HYPERLINK field.
        assert_eq!(
            text_of(&fixture("table-link.doc")).as_deref(),
            Ok(
                "2019年法治政府建设工作报告\n一、主要指标\n指标\t数值\n行政复议申请\t26件\n\
                依法受理\t22件\n详见附件一所列清单。\n全年纠错率10.5%。"
            )
        );
    }

    #[test]
    fn libreoffice_header_footer_and_footnote_stay_out() {
        // header-footnote.fodt saved by LibreOffice as Word 97: the header, the footer and the
        // footnote follow the main text; the footnote's reference mark and the page-count field
        // sit inside it.
        let text = text_of(&fixture("header-footnote.doc")).expect("reads");
        assert_eq!(
            text,
            "2019年法治政府建设工作报告\n全年收到行政复议申请26件，依法受理22件。\n报告共1页。"
        );
    }

    #[test]
    fn samples_saved_as_doc_keep_every_paragraph() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
        for name in [
            "changzhou-2024-traditional",
            "changzhou-xinbei-2019",
            "liyang-2011-2015",
            "sanming-shaxian-2022",
            "weihai-torch-2017",
        ] {
            let raw = std::fs::read_to_string(dir.join(format!("{name}.txt"))).expect("sample");
            let want: Vec<&str> = raw
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .collect();
            let got = text_of(&fixture(&format!("{name}.doc"))).expect("reads");
            assert_eq!(got.lines().collect::<Vec<_>>(), want, "{name}");
        }
    }

    #[test]
    fn piece_past_the_stream_is_damaged() {
        let table = [Piece {
            cp_start: 0,
            cp_end: 100,
            offset: 10,
            compressed: false,
        }];
        let err = main_text(&[0u8; 50], &table, 100).expect_err("past the end");
        assert_eq!(
            err.to_string(),
            "damaged Word document: its piece table points past the end of the WordDocument stream"
        );
        // A CP range that runs backwards is refused while the table is read.
        let mut clx = vec![2u8];
        clx.extend(16u32.to_le_bytes());
        clx.extend(5u32.to_le_bytes());
        clx.extend(1u32.to_le_bytes());
        clx.extend([0u8; 8]);
        assert!(pieces(&clx).is_err());
    }
}
