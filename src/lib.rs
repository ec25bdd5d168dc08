//! duibi (对比): reads Chinese local-government 法治政府建设 annual reports and compares them.
//!
//! The engine is a pipeline, one folder per stage; nothing here knows about egui:
//!
//! | stage        | input → output                                             |
//! |--------------|------------------------------------------------------------|
//! | `ingest`     | file bytes → plain text (txt/GBK/UTF-16/Big5, html, docx, pdf); `ingest::isolate` parses html, docx and pdf in a limited child process |
//! | `normalize`  | text → Simplified text without web clutter, one block per line |
//! | `outline`    | lines → headings (sections) and body paragraphs            |
//! | `classify`   | sentences → topics (SPEC ids) and kind (achievement/shortcoming/plan) |
//! | `extract`    | sentences → numbers, tied to canonical metrics             |
//! | `align`      | reports → topic × report grid, sentence pairs, commitments |
//! | `diff`       | a sentence pair → word/number-level diff spans             |
//! | `export`     | a comparison → HTML, XLSX, CSV, JSON, Markdown (atomic writes) |
//!
//! `pipeline` runs the analysis stages for one file (through `cache`, analyses kept on disk, when
//! given one); `tables` holds the data from `assets/`;
//! `display` writes numbers and names for people, the same in the app, the CLI and every export.

// One bad file must become a `Report` with `error` set, never a panic that takes the batch down.
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]

pub mod align;
pub mod bench_corpus;
pub mod cache;
pub mod chars;
pub mod check;
pub mod classify;
pub mod diff;
pub mod display;
pub mod export;
pub mod extract;
pub mod ingest;
pub mod model;
pub mod normalize;
pub mod notes;
pub mod outline;
pub mod pattern;
pub mod pipeline;
pub mod tables;
pub mod workspace;

#[cfg(feature = "gui")]
pub mod app;
