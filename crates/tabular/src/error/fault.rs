//! Typed faults that travel inside `std::io::Error` through `Read` adapters and third-party
//! parsers, and their translation back into `Error` at the crate's edges.
//!
//! Decompression and decoding run as `Read` layers beneath parsers we do not control, so the only
//! channel for a precise failure is the IO error; tagging it with a `StreamFault` payload lets the
//! top level tell a truncated gzip or an invalid byte from a disk failure.

use std::fmt;
use std::io;

use super::{Error, Problem, Truncation};
use crate::model::{Format, TextEncoding};

/// A failure detected by one of the crate's own stream layers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum StreamFault {
    /// The gzip stream ended before its trailer.
    GzipTruncated,
    /// The gzip stream is not valid deflate data or has a bad header or checksum.
    GzipCorrupt,
    /// The text is invalid in `encoding` at byte `offset` of the decompressed stream.
    Encoding { encoding: TextEncoding, offset: u64 },
}

impl fmt::Display for StreamFault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StreamFault::GzipTruncated => f.write_str("gzip stream truncated"),
            StreamFault::GzipCorrupt => f.write_str("gzip stream corrupt"),
            StreamFault::Encoding { encoding, offset } => {
                write!(f, "invalid {} at byte {offset}", encoding.label())
            }
        }
    }
}

impl std::error::Error for StreamFault {}

impl StreamFault {
    /// Packs the fault into an IO error so it can pass through `Read` and foreign parsers.
    pub(crate) fn into_io(self) -> io::Error {
        let kind = match self {
            StreamFault::GzipTruncated => io::ErrorKind::UnexpectedEof,
            StreamFault::GzipCorrupt | StreamFault::Encoding { .. } => io::ErrorKind::InvalidData,
        };
        io::Error::new(kind, self)
    }

    /// Finds a fault packed by `into_io`, if `err` carries one.
    pub(crate) fn of(err: &io::Error) -> Option<StreamFault> {
        err.get_ref()
            .and_then(|inner| inner.downcast_ref::<StreamFault>())
            .copied()
    }
}

/// Turns an IO error from the reading pipeline into the crate error it stands for.
pub(crate) fn classify_io(err: io::Error, format: Option<Format>) -> Error {
    match StreamFault::of(&err) {
        Some(StreamFault::GzipTruncated) => Error::Truncated {
            format,
            part: Truncation::Gzip,
        },
        Some(StreamFault::GzipCorrupt) => Error::Malformed {
            format,
            line: None,
            problem: Problem::CorruptGzip,
        },
        Some(StreamFault::Encoding { encoding, offset }) => Error::BadEncoding {
            format,
            encoding,
            offset,
        },
        None => Error::io(err),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn faults_survive_the_trip_through_io_error() {
        let fault = StreamFault::Encoding {
            encoding: TextEncoding::Gb18030,
            offset: 17,
        };
        let err = classify_io(fault.into_io(), Some(Format::Csv));
        assert!(matches!(
            err,
            Error::BadEncoding {
                offset: 17,
                encoding: TextEncoding::Gb18030,
                ..
            }
        ));
        let err = classify_io(StreamFault::GzipTruncated.into_io(), None);
        assert_eq!(err.code(), "data.truncated");
        let err = classify_io(io::Error::other("disk"), None);
        assert_eq!(err.code(), "data.io");
    }
}
