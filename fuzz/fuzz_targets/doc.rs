//! The whole analysis of arbitrary bytes read as a .doc file: never panics, never hangs.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // As in the binary: reader panics are caught and reported, not crashes.
    duibi::ingest::quiet_reader_panics();
    let _ = duibi::pipeline::analyze_bytes("fuzz.doc", data);
});
