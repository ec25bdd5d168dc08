//! ToUnicode CMaps: the stream's bytes → a map from glyph codes (of the lengths its code-space
//! declares) to text.

use std::collections::HashMap;

/// A parsed ToUnicode CMap: the code-space (how many bytes each code takes) and the code → text map.
pub(super) struct ToUnicode {
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
    pub(super) fn parse(data: &[u8], fallback_len: usize) -> Option<ToUnicode> {
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

    pub(super) fn decode(&self, bytes: &[u8]) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;

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
