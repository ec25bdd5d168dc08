//! A fresh cross-reference table for a PDF whose own one points nowhere.
//!
//! Input: the file's bytes. Output: the same bytes with a new xref table and trailer appended,
//! listing every `N G obj` found in the file (the last one of a number wins, as with incremental
//! updates) and the last `/Root` reference. lopdf 0.36 had no recovery mode: a `startxref` past the
//! end of the file failed the load, and entries past the end left the catalog unread ("no pages"),
//! while every object was still there to be found. Since 0.45 lopdf rebuilds the table itself when
//! it cannot read it or the page tree; this stays as the fallback when its load still fails or
//! finds no catalog.

use std::collections::BTreeMap;
use std::fmt::Write;

use super::super::find;

/// The bytes with a rebuilt xref table, or None when no objects or no catalog can be found, or
/// the file is encrypted.
pub fn with_fresh_xref(bytes: &[u8]) -> Option<Vec<u8>> {
    // lopdf reads offsets from the header on, ignoring anything before it.
    let start = find(bytes, b"%PDF-")?;
    let body = bytes.get(start..)?;
    // The new trailer would lose /Encrypt and /ID, and the text would come out as ciphertext.
    if find(body, b"/Encrypt").is_some() {
        return None;
    }
    let objects = object_offsets(body);
    let root = last_root(body).or_else(|| catalog(body, &objects))?;
    let size = objects.keys().next_back()?.checked_add(1)?;
    let mut table = String::from("\nxref\n0 1\n0000000000 65535 f \n");
    for (number, (generation, offset)) in &objects {
        // Writing to a String cannot fail.
        let _ = write!(table, "{number} 1\n{offset:010} {generation:05} n \n");
    }
    let xref_at = body.len() + 1;
    let _ = write!(
        table,
        "trailer\n<< /Size {size} /Root {} {} R >>\nstartxref\n{xref_at}\n%%EOF\n",
        root.0, root.1
    );
    let mut out = body.to_vec();
    out.extend_from_slice(table.as_bytes());
    Some(out)
}

/// `number → (generation, offset)` of each `N G obj` that starts a line or follows a space.
fn object_offsets(body: &[u8]) -> BTreeMap<u32, (u16, usize)> {
    let mut found = BTreeMap::new();
    let mut from = 0;
    while let Some(at) = body.get(from..).and_then(|rest| find(rest, b"obj")) {
        let keyword = from + at;
        from = keyword + 3;
        if body.get(from).is_some_and(u8::is_ascii_alphanumeric) {
            continue;
        }
        if let Some((number, generation, offset)) = header_before(body, keyword) {
            found.insert(number, (generation, offset));
        }
    }
    found
}

/// `N G` before an `obj` keyword at `keyword`: the numbers and where `N` starts.
fn header_before(body: &[u8], keyword: usize) -> Option<(u32, u16, usize)> {
    let head = body.get(..keyword)?;
    let (generation, rest) = number_before(trim_end(head))?;
    let (number, rest) = number_before(trim_end(rest))?;
    // Nothing but a line break or a space before N: `x4 0 obj` is inside something else.
    if rest.last().is_some_and(|b| !b.is_ascii_whitespace()) {
        return None;
    }
    let generation = u16::try_from(generation).ok()?;
    let number = u32::try_from(number).ok()?;
    Some((number, generation, rest.len()))
}

/// The decimal number ending `text` and what precedes it.
fn number_before(text: &[u8]) -> Option<(u64, &[u8])> {
    let digits = text.iter().rev().take_while(|b| b.is_ascii_digit()).count();
    if digits == 0 || digits > 10 {
        return None;
    }
    let split = text.len() - digits;
    let value = std::str::from_utf8(text.get(split..)?).ok()?.parse().ok()?;
    Some((value, text.get(..split)?))
}

fn trim_end(text: &[u8]) -> &[u8] {
    let kept = text.len()
        - text
            .iter()
            .rev()
            .take_while(|b| b.is_ascii_whitespace())
            .count();
    text.get(..kept).unwrap_or_default()
}

/// The last `/Root N G R` in the file (the newest trailer).
fn last_root(body: &[u8]) -> Option<(u32, u16)> {
    let mut from = 0;
    let mut last = None;
    while let Some(at) = body.get(from..).and_then(|rest| find(rest, b"/Root")) {
        from += at + 5;
        if let Some(root) = reference_at(body.get(from..)?) {
            last = Some(root);
        }
    }
    last
}

/// `N G R` at the start of `text`, after spaces.
fn reference_at(text: &[u8]) -> Option<(u32, u16)> {
    let head = text.get(..text.len().min(32))?;
    let words: Vec<&[u8]> = head
        .split(u8::is_ascii_whitespace)
        .filter(|w| !w.is_empty())
        .take(3)
        .collect();
    match words.as_slice() {
        [n, g, r] if r.starts_with(b"R") => Some((
            std::str::from_utf8(n).ok()?.parse().ok()?,
            std::str::from_utf8(g).ok()?.parse().ok()?,
        )),
        _ => None,
    }
}

/// Without a trailer: the object holding `/Type /Catalog`.
fn catalog(body: &[u8], objects: &BTreeMap<u32, (u16, usize)>) -> Option<(u32, u16)> {
    let at = find(body, b"/Catalog")?;
    objects
        .iter()
        .filter(|(_, (_, offset))| *offset < at)
        .max_by_key(|(_, (_, offset))| *offset)
        .map(|(number, (generation, _))| (*number, *generation))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn object_headers_are_found_and_endobj_is_not() {
        let body =
            b"%PDF-1.5\n1 0 obj\n<< /Type /Catalog >>\nendobj\n12 3 obj<< >>endobj\n x4 0 obj\n";
        let found = object_offsets(body);
        assert_eq!(found.get(&1), Some(&(0, 9)));
        assert_eq!(found.get(&12), Some(&(3, 45)));
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!(catalog(body, &found), Some((1, 0)));
    }

    #[test]
    fn encrypted_files_are_not_rebuilt() {
        let body = b"%PDF-1.5\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer << /Root 1 0 R >>";
        assert!(with_fresh_xref(body).is_some());
        let encrypted = [&body[..], b" /Encrypt 2 0 R"].concat();
        assert_eq!(with_fresh_xref(&encrypted), None);
    }

    #[test]
    fn the_last_root_wins() {
        let body = b"trailer << /Root 1 0 R >> trailer\n<</Size 3/Root 7 0 R>>";
        assert_eq!(last_root(body), Some((7, 0)));
    }
}
