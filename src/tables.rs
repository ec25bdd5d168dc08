//! The data in `assets/` (topic cues, metric patterns, boilerplate phrases, heading styles),
//! parsed once. Tuning a table needs no Rust; a test rejects ids that SPEC does not know.
