//! Object streams of a PDF encrypted with an empty user password, counted before lopdf unpacks them.
//!
//! Such a file opens without asking, so lopdf decrypts it while loading and then inflates every
//! object stream, with no limit. The raw-byte pre-scan cannot help: there those streams are
//! ciphertext. So the file is parsed twice with lopdf's object filter, once keeping only the object
//! streams (left encrypted: the encryption dictionary is filtered out with everything else) and
//! once keeping everything but them (which lopdf decrypts, and so yields the key), and each object
//! stream is decrypted and decoded into nothing against the budget.
//!
//! Parsing keeps no decoded data, and the xref streams it inflates were already counted by the
//! pre-scan, since they are never encrypted.

use lopdf::{Document, Object, ObjectId, Reader};

use super::streams::{self, TooBig};

/// The bytes this file's encrypted object streams decode to, or [`TooBig`] past `limit`. Zero for
/// a file that is not encrypted, needs a real password (refused later) or does not parse (its
/// error comes from the real load).
pub(super) fn object_streams_decoded_len(bytes: &[u8], limit: u64) -> Result<u64, TooBig> {
    let Some(object_streams) = parse(bytes, only_object_streams) else {
        return Ok(0);
    };
    if object_streams.objects.is_empty()
        || object_streams
            .trailer
            .get(b"Encrypt")
            .and_then(Object::as_reference)
            .is_err()
    {
        return Ok(0);
    }
    let Some(state) = parse(bytes, all_but_object_streams).and_then(|d| d.encryption_state) else {
        return Ok(0);
    };
    let mut total = 0u64;
    for (id, mut object) in object_streams.objects {
        if lopdf::encryption::decrypt_object(&state, id, &mut object).is_err() {
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

fn parse(
    bytes: &[u8],
    keep: fn(ObjectId, &mut Object) -> Option<(ObjectId, Object)>,
) -> Option<Document> {
    Reader {
        buffer: bytes,
        document: Document::new(),
    }
    .read(Some(keep))
    .ok()
}

fn is_object_stream(object: &Object) -> bool {
    object
        .as_stream()
        .is_ok_and(|stream| stream.dict.has_type(b"ObjStm"))
}

// lopdf keeps the object it passed in and uses the returned copy only for objects unpacked from
// object streams, so the object is cloned, not taken.
fn only_object_streams(id: ObjectId, object: &mut Object) -> Option<(ObjectId, Object)> {
    is_object_stream(object).then(|| (id, object.clone()))
}

fn all_but_object_streams(id: ObjectId, object: &mut Object) -> Option<(ObjectId, Object)> {
    (!is_object_stream(object)).then(|| (id, object.clone()))
}
