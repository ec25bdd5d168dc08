//! How many bytes a PDF stream decodes to, counted without keeping them and stopped at a limit.
//!
//! lopdf decodes FlateDecode, LZWDecode and ASCII85Decode, chained in any order, into memory with
//! no limit: while loading (object and xref streams) and whenever content is asked for. The readers
//! here run the same filters into nothing, so a file can be refused before lopdf inflates it. Any
//! other filter lopdf refuses to decode (an error, no output), so the chain stops there as well.

use std::io::{self, Read};

use lopdf::{Dictionary, Object};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Filter {
    Flate,
    /// `EarlyChange` from the stream's DecodeParms (default on), as lopdf reads it.
    Lzw {
        early_change: bool,
    },
    Ascii85,
}

impl Filter {
    /// lopdf knows only the full names; abbreviations (`/Fl`) and other filters it does not decode.
    fn from_name(name: &[u8], early_change: bool) -> Option<Filter> {
        match name {
            b"FlateDecode" => Some(Filter::Flate),
            b"LZWDecode" => Some(Filter::Lzw { early_change }),
            b"ASCII85Decode" => Some(Filter::Ascii85),
            _ => None,
        }
    }
}

/// The filters lopdf runs on a stream with this dictionary, up to the first one it cannot decode.
pub(super) fn filters_of(dict: &Dictionary) -> Vec<Filter> {
    let early_change = dict
        .get(b"DecodeParms")
        .and_then(Object::as_dict)
        .and_then(|p| p.get(b"EarlyChange"))
        .and_then(Object::as_i64)
        .map_or(true, |v| v != 0);
    let names: Vec<&[u8]> = match dict.get(b"Filter") {
        Ok(Object::Name(name)) => vec![name.as_slice()],
        Ok(Object::Array(items)) => match items.iter().map(Object::as_name).collect() {
            Ok(names) => names,
            Err(_) => return Vec::new(),
        },
        _ => return Vec::new(),
    };
    names
        .into_iter()
        .map_while(|name| Filter::from_name(name, early_change))
        .collect()
}

/// How far before its `stream` keyword a stream's dictionary is looked for.
const DICT_WINDOW: usize = 4096;

/// Stream dictionaries read from the raw bytes, before lopdf has parsed the file: the text from
/// the last `obj` (at most [`DICT_WINDOW`] bytes back) to the keyword. Each marker is searched once
/// over the whole file, so a file packed with `stream` keywords costs no more than a plain one.
pub(super) struct RawDicts<'a> {
    obj: LastSeen<'a>,
    filter: LastSeen<'a>,
    early_change: LastSeen<'a>,
    image: LastSeen<'a>,
    object_stream: LastSeen<'a>,
    xref: LastSeen<'a>,
    escape: LastSeen<'a>,
    bytes: &'a [u8],
}

impl<'a> RawDicts<'a> {
    pub(super) fn new(bytes: &'a [u8]) -> Self {
        RawDicts {
            obj: LastSeen::new(bytes, b"obj", false),
            filter: LastSeen::new(bytes, b"/Filter", true),
            early_change: LastSeen::new(bytes, b"/EarlyChange", true),
            image: LastSeen::new(bytes, b"/Image", false),
            object_stream: LastSeen::new(bytes, b"ObjStm", false),
            xref: LastSeen::new(bytes, b"XRef", false),
            escape: LastSeen::new(bytes, b"#", false),
            bytes,
        }
    }

    /// The filters to count for the stream whose keyword is at `keyword` (called in increasing
    /// order). Images are skipped, since nothing decodes them, unless their dictionary also names
    /// an object or xref stream or hides names behind `#` escapes.
    pub(super) fn filters_before(&mut self, keyword: usize) -> Vec<Filter> {
        let window = keyword.saturating_sub(DICT_WINDOW);
        let start = self
            .obj
            .before(keyword)
            .filter(|at| *at >= window)
            .unwrap_or(window);
        let inside = |seen: &mut LastSeen<'a>| seen.before(keyword).filter(|at| *at >= start);
        let Some(filter) = inside(&mut self.filter) else {
            return Vec::new();
        };
        let image = inside(&mut self.image).is_some()
            && inside(&mut self.object_stream).is_none()
            && inside(&mut self.xref).is_none()
            && inside(&mut self.escape).is_none();
        if image {
            return Vec::new();
        }
        let bytes = self.bytes;
        let value = |at: usize, key: &[u8]| bytes.get(at + key.len()..keyword).unwrap_or_default();
        let early_change = inside(&mut self.early_change)
            .and_then(|at| {
                value(at, b"/EarlyChange")
                    .iter()
                    .find(|b| !b.is_ascii_whitespace())
            })
            .is_none_or(|b| *b != b'0');
        filters_in_value(value(filter, b"/Filter"), early_change)
    }
}

/// The last place a marker occurs before a position, for positions that only grow.
struct LastSeen<'a> {
    bytes: &'a [u8],
    needle: &'static [u8],
    /// Only where the marker is a whole name (`/Filter`, not `/FilterX`).
    whole_name: bool,
    next: Option<usize>,
    last: Option<usize>,
}

impl<'a> LastSeen<'a> {
    fn new(bytes: &'a [u8], needle: &'static [u8], whole_name: bool) -> Self {
        let mut seen = LastSeen {
            bytes,
            needle,
            whole_name,
            next: None,
            last: None,
        };
        seen.next = seen.find_from(0);
        seen
    }

    fn find_from(&self, mut from: usize) -> Option<usize> {
        loop {
            let at = from + super::super::find(self.bytes.get(from..)?, self.needle)?;
            let end = at + self.needle.len();
            if !self.whole_name || self.bytes.get(end).is_none_or(|b| !is_regular(*b)) {
                return Some(at);
            }
            from = at + 1;
        }
    }

    /// The last occurrence that ends at or before `end`.
    fn before(&mut self, end: usize) -> Option<usize> {
        while let Some(at) = self.next
            && at + self.needle.len() <= end
        {
            self.last = Some(at);
            self.next = self.find_from(at + 1);
        }
        self.last
    }
}

/// The filters named right after a `/Filter` key: one name or an array of names.
fn filters_in_value(value: &[u8], early_change: bool) -> Vec<Filter> {
    let rest = value.trim_ascii_start();
    let names = match rest.first() {
        Some(b'/') => raw_names(rest, 1),
        Some(b'[') => {
            let end = rest.iter().position(|b| *b == b']').unwrap_or(rest.len());
            raw_names(rest.get(1..end).unwrap_or_default(), usize::MAX)
        }
        _ => Vec::new(),
    };
    names
        .iter()
        .map_while(|name| Filter::from_name(name, early_change))
        .collect()
}

/// Up to `most` names (`/A /B` or `/A/B`), `#xx` escapes decoded as lopdf decodes them.
fn raw_names(text: &[u8], most: usize) -> Vec<Vec<u8>> {
    let mut names = Vec::new();
    let mut rest = text;
    while names.len() < most {
        rest = rest.trim_ascii_start();
        let Some(body) = rest.strip_prefix(b"/") else {
            break;
        };
        let len = body
            .iter()
            .position(|b| !is_regular(*b))
            .unwrap_or(body.len());
        let (raw, after) = body.split_at(len);
        names.push(unescape_name(raw));
        rest = after;
    }
    names
}

fn unescape_name(raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(raw.len());
    let mut i = 0;
    while let Some(&b) = raw.get(i) {
        let hex = raw
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (b, hex) {
            (b'#', Some(value)) => {
                out.push(value);
                i += 3;
            }
            _ => {
                out.push(b);
                i += 1;
            }
        }
    }
    out
}

/// PDF's regular characters: neither whitespace nor a delimiter.
fn is_regular(b: u8) -> bool {
    !b.is_ascii_whitespace() && !b"()<>[]{}/%\0".contains(&b)
}

/// The decoded data would be larger than the limit.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct TooBig;

/// Bytes `data` decodes to through `filters` (its own length when there are none), or [`TooBig`]
/// once past `limit`. A damaged layer counts what it decoded before it broke, as lopdf keeps that
/// much; trailing bytes after a layer's end-of-data are never read.
pub(super) fn decoded_len(data: &[u8], filters: &[Filter], limit: u64) -> Result<u64, TooBig> {
    // Without a zlib header the inflater gives nothing; saying so before it allocates its window
    // keeps a file of a million fake streams cheap.
    if filters.first() == Some(&Filter::Flate) && !zlib_header(data) {
        return Ok(0);
    }
    let mut reader: Box<dyn Read + '_> = Box::new(data);
    for filter in filters {
        reader = match *filter {
            Filter::Flate => Box::new(UntilError(flate2::read::ZlibDecoder::new(reader))),
            Filter::Lzw { early_change } => Box::new(Lzw::new(reader, early_change)),
            Filter::Ascii85 => Box::new(Ascii85::new(reader)),
        };
    }
    let mut chunk = vec![0u8; 64 * 1024];
    let mut total = 0u64;
    loop {
        let n = reader.read(&mut chunk).unwrap_or(0);
        if n == 0 {
            return Ok(total);
        }
        total = total.saturating_add(u64::try_from(n).unwrap_or(u64::MAX));
        if total > limit {
            return Err(TooBig);
        }
    }
}

/// RFC 1950: deflate, a window of at most 32 KB, and a check value that makes the pair a multiple
/// of 31.
fn zlib_header(data: &[u8]) -> bool {
    match data {
        [cmf, flg, ..] => {
            cmf & 0x0f == 8 && cmf >> 4 <= 7 && (u16::from(*cmf) * 256 + u16::from(*flg)) % 31 == 0
        }
        _ => false,
    }
}

/// Ends where the inner reader fails: lopdf passes on what a broken layer gave before it broke.
struct UntilError<R>(R);

impl<R: Read> Read for UntilError<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        Ok(self.0.read(out).unwrap_or(0))
    }
}

/// LZW as lopdf decodes it (weezl, MSB first, 9-bit codes to start).
struct Lzw<R> {
    inner: R,
    decoder: weezl::decode::Decoder,
    input: Vec<u8>,
    start: usize,
    end: usize,
    eof: bool,
    done: bool,
}

impl<R: Read> Lzw<R> {
    fn new(inner: R, early_change: bool) -> Self {
        let decoder = if early_change {
            weezl::decode::Decoder::with_tiff_size_switch(weezl::BitOrder::Msb, 8)
        } else {
            weezl::decode::Decoder::new(weezl::BitOrder::Msb, 8)
        };
        Lzw {
            inner,
            decoder,
            input: vec![0; 16 * 1024],
            start: 0,
            end: 0,
            eof: false,
            done: false,
        }
    }
}

impl<R: Read> Read for Lzw<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        while !self.done && !out.is_empty() {
            if self.start == self.end && !self.eof {
                self.start = 0;
                self.end = self.inner.read(&mut self.input).unwrap_or(0);
                self.eof = self.end == 0;
            }
            let input = self.input.get(self.start..self.end).unwrap_or_default();
            let result = self.decoder.decode_bytes(input, out);
            self.start += result.consumed_in;
            let stuck = result.consumed_in == 0 && result.consumed_out == 0;
            match result.status {
                Ok(weezl::LzwStatus::Done) | Err(_) => self.done = true,
                _ if stuck && (self.eof || !input.is_empty()) => self.done = true,
                _ => {}
            }
            if result.consumed_out > 0 {
                return Ok(result.consumed_out);
            }
        }
        Ok(0)
    }
}

/// ASCII85 as lopdf decodes it: whitespace skipped, `z` for four zeros, any other character
/// outside `!`..`u` (the `~` of `~>` included) ends the data, a partial last group gives n-1 bytes.
struct Ascii85<R> {
    inner: io::Bytes<io::BufReader<R>>,
    group: u32,
    count: usize,
    ready: [u8; 4],
    ready_from: usize,
    ready_to: usize,
    done: bool,
}

impl<R: Read> Ascii85<R> {
    fn new(inner: R) -> Self {
        Ascii85 {
            inner: io::BufReader::new(inner).bytes(),
            group: 0,
            count: 0,
            ready: [0; 4],
            ready_from: 0,
            ready_to: 0,
            done: false,
        }
    }

    /// Decodes input until some output is ready or the data ends.
    fn fill(&mut self) {
        while self.ready_from == self.ready_to && !self.done {
            let c = match self.inner.next() {
                Some(Ok(c)) => c,
                _ => {
                    self.finish();
                    return;
                }
            };
            match c {
                b'z' if self.count == 0 => self.emit(0, 4),
                b'z' => self.done = true,
                c if c.is_ascii_whitespace() => {}
                b'!'..=b'u' => {
                    let Some(next) = self
                        .group
                        .checked_mul(85)
                        .and_then(|g| g.checked_add(u32::from(c - b'!')))
                    else {
                        self.done = true;
                        return;
                    };
                    self.group = next;
                    self.count += 1;
                    if self.count == 5 {
                        self.emit(next, 4);
                        self.group = 0;
                        self.count = 0;
                    }
                }
                _ => self.finish(),
            }
        }
    }

    /// A partial last group is padded with `u` and gives one byte less than it has digits.
    fn finish(&mut self) {
        self.done = true;
        if self.count > 1 {
            let mut group = self.group;
            for _ in self.count..5 {
                group = group.wrapping_mul(85).wrapping_add(84);
            }
            self.emit(group, self.count - 1);
        }
    }

    fn emit(&mut self, group: u32, len: usize) {
        self.ready = group.to_be_bytes();
        self.ready_from = 0;
        self.ready_to = len;
    }
}

impl<R: Read> Read for Ascii85<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let mut written = 0;
        while written < out.len() {
            self.fill();
            let Some(ready) = self.ready.get(self.ready_from..self.ready_to) else {
                break;
            };
            if ready.is_empty() {
                break;
            }
            let n = ready.len().min(out.len() - written);
            if let (Some(dst), Some(src)) = (out.get_mut(written..written + n), ready.get(..n)) {
                dst.copy_from_slice(src);
            }
            self.ready_from += n;
            written += n;
        }
        Ok(written)
    }
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use lopdf::dictionary;

    use super::*;

    fn deflate(data: &[u8]) -> Vec<u8> {
        let mut enc = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
        enc.write_all(data).expect("deflate");
        enc.finish().expect("deflate")
    }

    fn lzw(data: &[u8]) -> Vec<u8> {
        weezl::encode::Encoder::with_tiff_size_switch(weezl::BitOrder::Msb, 8)
            .encode(data)
            .expect("lzw")
    }

    /// lopdf's own decoder is the reference: every chain counts exactly what it decodes to.
    #[test]
    fn counts_what_lopdf_decodes() {
        let text: Vec<u8> = "法治政府建设 2019 年度报告\n"
            .repeat(300)
            .into_bytes()
            .into_iter()
            .chain(0u8..=255)
            .collect();
        let a85 = b"9jqo^BlbD-BleB1DJ+*+F(f,q/0JhKF<GL>Cj@.4Gp$d7F!,L7@<6@)/0JDEF<G%<+EV:2F!,O<z~>";
        let cases: Vec<(lopdf::Object, Vec<u8>)> = vec![
            ("FlateDecode".into(), deflate(&text)),
            ("LZWDecode".into(), lzw(&text)),
            ("ASCII85Decode".into(), a85.to_vec()),
            ("ASCII85Decode".into(), b"9jqo^Blb~>".to_vec()),
            (
                vec!["FlateDecode".into(), "LZWDecode".into()].into(),
                deflate(&lzw(&text)),
            ),
            // Damaged: lopdf keeps what came before the break.
            ("FlateDecode".into(), deflate(&text)[..200].to_vec()),
            ("LZWDecode".into(), lzw(&text)[..300].to_vec()),
        ];
        for (filter, data) in cases {
            let stream = lopdf::Stream::new(dictionary! { "Filter" => filter.clone() }, data);
            let want = stream.decompressed_content().expect("lopdf decodes").len() as u64;
            let filters = filters_of(&stream.dict);
            assert_eq!(
                decoded_len(&stream.content, &filters, u64::MAX),
                Ok(want),
                "{filter:?}"
            );
        }
    }

    #[test]
    fn stops_at_the_limit() {
        let zeros = lzw(&vec![0u8; 1 << 20]);
        let filters = [Filter::Lzw { early_change: true }];
        assert_eq!(decoded_len(&zeros, &filters, 1 << 20), Ok(1 << 20));
        assert_eq!(decoded_len(&zeros, &filters, (1 << 20) - 1), Err(TooBig));
    }

    #[test]
    fn raw_dictionaries_name_their_filters() {
        let lzw = Filter::Lzw { early_change: true };
        let cases: [(&[u8], Vec<Filter>); 9] = [
            (
                b"<< /Length 10 /Filter /FlateDecode >>",
                vec![Filter::Flate],
            ),
            (
                b"<</Filter[/ASCII85Decode/LZWDecode /FlateDecode]/Length 3>>",
                vec![Filter::Ascii85, lzw, Filter::Flate],
            ),
            (b"<< /Filter /Fl#61teDecode >>", vec![Filter::Flate]),
            (
                b"<< /Filter [/FlateDecode /DCTDecode /FlateDecode] >>",
                vec![Filter::Flate],
            ),
            (
                b"<< /DecodeParms << /EarlyChange 0 >> /Filter /LZWDecode >>",
                vec![Filter::Lzw {
                    early_change: false,
                }],
            ),
            (b"<< /FilterX /FlateDecode /Length 3 >>", vec![]),
            (b"<< /Filter 5 0 R >>", vec![]),
            (b"<< /Subtype /Image /Filter /FlateDecode >>", vec![]),
            (
                b"<< /Ty#70e /ObjStm /Subtype /Image /Filter /FlateDecode >>",
                vec![Filter::Flate],
            ),
        ];
        for (dict, want) in cases {
            let mut file = b"1 0 obj\n".to_vec();
            file.extend_from_slice(dict);
            file.extend_from_slice(b"\nstream\n");
            let keyword = file.len() - b"stream\n".len();
            let got = RawDicts::new(&file).filters_before(keyword);
            assert_eq!(got, want, "{}", String::from_utf8_lossy(dict));
        }
    }

    #[test]
    fn each_stream_sees_only_its_own_dictionary() {
        let file = b"1 0 obj << /Filter /FlateDecode >> stream\nx\nendstream endobj\n\
                     2 0 obj << /Length 3 >> stream\nabc\nendstream endobj\n\
                     3 0 obj << /Filter /LZWDecode >> stream\n";
        let keywords: Vec<usize> = (0..file.len())
            .filter(|at| file.get(*at..at + 7) == Some(&b"stream\n"[..]))
            .filter(|at| file.get(at.saturating_sub(3)..*at) != Some(&b"end"[..]))
            .collect();
        let mut dicts = RawDicts::new(file);
        let got: Vec<Vec<Filter>> = keywords.iter().map(|k| dicts.filters_before(*k)).collect();
        let lzw = Filter::Lzw { early_change: true };
        assert_eq!(got, vec![vec![Filter::Flate], vec![], vec![lzw]]);
    }
}
