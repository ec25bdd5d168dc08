//! PDF (stub).
use super::{Document, IngestError};

pub(super) fn read(_bytes: &[u8]) -> Result<Document, IngestError> {
    Err(IngestError::NoTextLayer)
}
