//! How a font's string bytes become Unicode: its ToUnicode map, a predefined CMap named by its
//! encoding, or a simple-font encoding; glyph ids with no way back are `Opaque`.

use std::collections::BTreeMap;
use std::rc::Rc;

use lopdf::{Dictionary, Object};

use super::cmap::ToUnicode;

/// How one font's string bytes become Unicode.
pub(super) enum Decoder<'d> {
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
    pub(super) fn decode(&self, bytes: &[u8]) -> Option<String> {
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

pub(super) type Fonts<'d> = BTreeMap<Vec<u8>, Decoder<'d>>;

pub(super) fn is_type0(font: &Dictionary) -> bool {
    font.get(b"Subtype").and_then(Object::as_name).ok() == Some(b"Type0")
}

/// How `font` decodes, given its ToUnicode map if it has one that parses.
pub(super) fn decoder_for<'d>(
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
    super::super::find(haystack, needle).is_some()
}
