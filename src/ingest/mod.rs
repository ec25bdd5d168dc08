//! Ingest: file bytes → plain text. One module per format; `read` picks by extension, then by content.

use std::path::Path;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Txt,
    Html,
    Docx,
    Pdf,
}

impl std::fmt::Display for Format {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Format::Txt => "txt",
            Format::Html => "html",
            Format::Docx => "docx",
            Format::Pdf => "pdf",
        })
    }
}

/// Text of one input file, blocks (paragraphs, headings, table rows) separated by newlines.
#[derive(Debug, Clone)]
pub struct Document {
    pub text: String,
    pub format: Format,
}

#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    #[error("cannot read file: {0}")]
    Io(#[from] std::io::Error),
    #[error("unsupported format")]
    Unsupported,
}

pub fn read(path: &Path) -> Result<Document, IngestError> {
    let bytes = std::fs::read(path)?;
    read_bytes(path, &bytes)
}

pub fn read_bytes(_path: &Path, bytes: &[u8]) -> Result<Document, IngestError> {
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(Document {
            text: text.trim_start_matches('\u{feff}').to_string(),
            format: Format::Txt,
        }),
        Err(_) => Err(IngestError::Unsupported),
    }
}
