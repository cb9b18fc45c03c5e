//! Reading uploaded data files as a bounded-memory stream of Arrow record batches, and
//! normalising tabular data to Parquet.
//!
//! Supported inputs are CSV (UTF-8 or GB18030/GBK, delimiter detected), JSON Lines and Parquet,
//! each optionally gzip-compressed. Everything is detected from content: gzip and Parquet by magic
//! number, JSON Lines by a leading `{`, and other text is CSV.
//!
//! Reading is planned from the start of the file (encoding, delimiter, schema from a sample) and
//! then streamed, never loading the whole file; when a later row contradicts the plan, the reader
//! improves the plan and reopens the file rather than buffering it. All IO is synchronous, so async
//! callers should run it on a blocking thread.
//!
//! Errors never quote cell values, since uploads may hold personal information; see [`Error`].

mod csv_in;
mod encoding;
mod error;
mod jsonl;
mod model;
mod parquet_in;
mod records;
mod sniff;
mod source;
mod table;
mod writer;

use std::path::Path;

pub use error::{Error, Feature, Problem, Truncation};
pub use model::{Column, Compression, Format, Summary, TextEncoding};
pub use records::{CsvInfo, CsvText, Pass, Record, csv_records};
pub use sniff::sniff;
pub use table::Table;
pub use writer::normalise;

/// Tuning for reading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// Rows per record batch; zero is treated as one.
    pub batch_size: usize,
    /// Records sampled to infer CSV and JSON Lines schemas before reading.
    pub infer_rows: usize,
    /// Read every CSV column as text (`Utf8`) instead of inferring types. For consumers that look
    /// at cell text — the personal-information scan — this skips converting numbers and dates
    /// only to format them again, and no later row can contradict a type. The sample is still
    /// read, to settle the encoding and check field counts.
    pub text_only: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            batch_size: 8192,
            infer_rows: 10_000,
            text_only: false,
        }
    }
}

/// Detects the format, compression, encoding, delimiter and schema of the file at `path`, and
/// opens it as a stream of record batches.
pub fn open(path: &Path, opts: &Options) -> Result<Table, Error> {
    Table::open(path, opts)
}
