//! The whole analysis of arbitrary bytes read as a .doc file: never panics, never hangs.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = duibi::pipeline::analyze_bytes("fuzz.doc", data);
});
