//! Normalize → outline → classify → extract on arbitrary text (ingest bypassed).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let _ = duibi::pipeline::analyze_text("fuzz.txt", text);
});
