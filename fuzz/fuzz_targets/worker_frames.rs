//! The parent's side of the worker pipes: any bytes a worker leaves behind (a reply cut off by a
//! crash, a stray panic message, garbage) decode to a document or an error, never a panic or an
//! allocation beyond the frame caps; a decoded document then goes through the whole analysis.
#![no_main]

use duibi::ingest::isolate::protocol;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(Ok(document)) = protocol::read_reply(&mut &data[..]) {
        let _ = duibi::pipeline::analyze_text("fuzz.txt", &document.text);
    }
    let mut input = data;
    while let Ok(Some(_)) = protocol::read_request(&mut input) {}
});
