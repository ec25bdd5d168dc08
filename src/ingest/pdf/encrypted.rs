//! Object streams of a PDF encrypted with an empty user password, counted before lopdf unpacks them.
//!
//! Such a file opens without asking, so lopdf decrypts it while loading and then inflates every
//! object stream, each up to a limit of its own but with none on their sum. The raw-byte pre-scan
//! cannot help: there those streams are ciphertext. lopdf loads an encrypted file along a path that
//! ignores the object filter, so here it is shown the file with its `/Encrypt` keys renamed: loaded
//! as if plain, the filter sets the object streams aside (retyped, so they stay packed) and the
//! encryption dictionary comes back as an ordinary object. With the key put back, the empty
//! password gives the file's key, and each object stream is decrypted and decoded into nothing
//! against the budget.
//!
//! Parsing keeps no decoded data, and the xref streams it inflates were already counted by the
//! pre-scan, since they are never encrypted. A `/Encrypt` inside some stream's data is renamed
//! too; that changes the data only for this count, the real load reads the file as it is.

use lopdf::encryption::decrypt_object;
use lopdf::{Document, EncryptionState, LoadOptions, Object, ObjectId};

use super::streams::{self, TooBig};

/// The name `/Encrypt` keys are renamed to: as long, so no offset in the file moves.
const HIDDEN_KEY: &[u8] = b"Encrypx";

/// What object streams are retyped to while set aside (as long as `ObjStm`).
const ASIDE: &[u8] = b"ObjStX";

/// The bytes this file's encrypted object streams decode to, or [`TooBig`] past `limit`. Zero for
/// a file that is not encrypted, needs a real password (refused later) or does not parse (its
/// error comes from the real load).
pub(super) fn object_streams_decoded_len(bytes: &[u8], limit: u64) -> Result<u64, TooBig> {
    let Some(hidden) = hide_encryption(bytes) else {
        return Ok(0);
    };
    let options = LoadOptions {
        filter: Some(set_object_streams_aside),
        max_decompressed_size: Some(usize::try_from(limit).unwrap_or(usize::MAX)),
        ..LoadOptions::default()
    };
    let Ok(mut doc) = Document::load_mem_with_options(&hidden, options) else {
        return Ok(0);
    };
    let Some(encrypt) = doc.trailer.remove(HIDDEN_KEY) else {
        return Ok(0);
    };
    doc.trailer.set("Encrypt", encrypt);
    let Ok(encrypt_id) = doc.trailer.get(b"Encrypt").and_then(Object::as_reference) else {
        return Ok(0);
    };
    if doc.authenticate_password("").is_err() {
        return Ok(0);
    }
    let Ok(state) = EncryptionState::decode(&doc, "") else {
        return Ok(0);
    };
    let mut total = 0u64;
    for (id, object) in &mut doc.objects {
        if *id == encrypt_id || !is_set_aside(object) {
            continue;
        }
        if decrypt_object(&state, *id, object).is_err() {
            continue;
        }
        let Ok(stream) = object.as_stream() else {
            continue;
        };
        let filters = streams::filters_of(&stream.dict);
        total += streams::decoded_len(&stream.content, &filters, limit - total)?;
    }
    Ok(total)
}

/// `bytes` with every `/Encrypt` name renamed to [`HIDDEN_KEY`], or `None` when there is none.
/// `/EncryptMetadata`, a key of the encryption dictionary, stays.
fn hide_encryption(bytes: &[u8]) -> Option<Vec<u8>> {
    const KEY: &[u8] = b"/Encrypt";
    let mut out: Option<Vec<u8>> = None;
    let mut at = 0;
    while let Some(found) = bytes
        .get(at..)
        .and_then(|rest| super::super::find(rest, KEY))
    {
        let start = at + found;
        at = start + KEY.len();
        let name_ends = bytes
            .get(at)
            .is_none_or(|b| b.is_ascii_whitespace() || b"/<>[]()%{}\0".contains(b));
        if name_ends {
            let out = out.get_or_insert_with(|| bytes.to_vec());
            if let Some(name) = out.get_mut(start + 1..at) {
                name.copy_from_slice(HIDDEN_KEY);
            }
        }
    }
    out
}

fn is_set_aside(object: &Object) -> bool {
    object
        .as_stream()
        .is_ok_and(|stream| stream.dict.has_type(ASIDE))
}

/// Keeps the object streams, retyped so that lopdf leaves them packed, and the objects that are
/// not streams (the encryption dictionary among them). lopdf keeps the object it passed in and
/// uses the returned copy only for objects unpacked from object streams, so the object is cloned,
/// not taken.
fn set_object_streams_aside(id: ObjectId, object: &mut Object) -> Option<(ObjectId, Object)> {
    match object {
        Object::Stream(stream) if stream.dict.has_type(b"ObjStm") => {
            stream.dict.set("Type", Object::Name(ASIDE.to_vec()));
        }
        Object::Stream(_) => return None,
        _ => {}
    }
    Some((id, object.clone()))
}
