//! `Table`: an opened data file of any supported format, read as an iterator of record batches.
//!
//! Opening does the cheap work up front (compression, format, encoding, delimiter, a sampled
//! schema) so callers can show what they are about to read; the rows themselves are decoded
//! lazily, one batch at a time, which keeps memory flat however large the file is.

use std::fmt;
use std::path::Path;

use arrow_array::RecordBatch;
use arrow_schema::SchemaRef;

use crate::Options;
use crate::csv_in::{self, CsvReader};
use crate::error::Error;
use crate::jsonl::{self, JsonReader};
use crate::model::{Column, Compression, Format, Summary, TextEncoding};
use crate::parquet_in::ParquetReader;
use crate::sniff::{Detected, detect};
use crate::source::Source;

/// An opened data file that yields its rows as Arrow record batches.
///
/// Batches come in file order and each row comes once. For CSV and JSON Lines the schema is
/// inferred from a sample; if a later row contradicts the sample, the table re-plans (re-infers
/// over the whole file, or switches a CSV from UTF-8 to GB18030) and carries on after the rows it
/// has already yielded, so later batches may have a wider schema than earlier ones. `restarts`
/// counts these re-plans and `schema` always gives the schema of the batches to come. After an
/// error the iterator is finished.
pub struct Table {
    source: Source,
    batch_size: usize,
    reader: Reader,
    rows: u64,
    finished: bool,
}

#[expect(
    clippy::large_enum_variant,
    reason = "a table holds exactly one reader for its whole life, so boxing would only add an indirection"
)]
enum Reader {
    Csv(CsvReader),
    Json(JsonReader),
    Parquet(ParquetReader),
}

impl Table {
    /// Detects compression, format, encoding, delimiter and schema, and opens the file for reading.
    pub fn open(path: &Path, opts: &Options) -> Result<Table, Error> {
        let batch_size = opts.batch_size.max(1);
        let source = Source::detect(path)?;
        let (window, complete) = source.window()?;
        let reader = match detect(&window, complete) {
            Detected::Empty => {
                return Err(Error::Empty {
                    compression: source.compression,
                });
            }
            Detected::Binary => return Err(Error::UnrecognizedFormat),
            Detected::Unsupported(feature) => {
                return Err(Error::Unsupported {
                    format: None,
                    feature,
                });
            }
            Detected::Format(Format::Parquet) => {
                Reader::Parquet(ParquetReader::open(&source, batch_size)?)
            }
            Detected::Format(Format::Csv) => {
                let plan = csv_in::plan(&source, &window, complete, opts)?;
                Reader::Csv(CsvReader::new(source.clone(), plan, batch_size)?)
            }
            Detected::Format(Format::JsonLines) => {
                let plan = jsonl::plan(&source, Some(opts.infer_rows))?;
                Reader::Json(JsonReader::new(source.clone(), plan, batch_size)?)
            }
        };
        Ok(Table {
            source,
            batch_size,
            reader,
            rows: 0,
            finished: false,
        })
    }

    /// Opens the same file again from its first row under the plan this table has arrived at, so
    /// nothing already learned has to be learned again.
    pub(crate) fn reopen(&self) -> Result<Table, Error> {
        let reader = match &self.reader {
            Reader::Csv(csv) => Reader::Csv(CsvReader::new(
                self.source.clone(),
                csv.plan().clone(),
                self.batch_size,
            )?),
            Reader::Json(json) => Reader::Json(JsonReader::new(
                self.source.clone(),
                json.plan().clone(),
                self.batch_size,
            )?),
            Reader::Parquet(_) => {
                Reader::Parquet(ParquetReader::open(&self.source, self.batch_size)?)
            }
        };
        Ok(Table {
            source: self.source.clone(),
            batch_size: self.batch_size,
            reader,
            rows: 0,
            finished: false,
        })
    }

    /// The container format.
    pub fn format(&self) -> Format {
        match self.reader {
            Reader::Csv(_) => Format::Csv,
            Reader::Json(_) => Format::JsonLines,
            Reader::Parquet(_) => Format::Parquet,
        }
    }

    /// The compression around the container.
    pub fn compression(&self) -> Compression {
        self.source.compression
    }

    /// The text encoding, for CSV.
    pub fn encoding(&self) -> Option<TextEncoding> {
        match &self.reader {
            Reader::Csv(csv) => Some(csv.plan().encoding),
            Reader::Json(_) | Reader::Parquet(_) => None,
        }
    }

    /// The field delimiter, for CSV.
    pub fn delimiter(&self) -> Option<char> {
        match &self.reader {
            Reader::Csv(csv) => Some(char::from(csv.plan().delimiter)),
            Reader::Json(_) | Reader::Parquet(_) => None,
        }
    }

    /// The schema of the batches still to come.
    pub fn schema(&self) -> SchemaRef {
        match &self.reader {
            Reader::Csv(csv) => csv.plan().schema.clone(),
            Reader::Json(json) => json.plan().schema.clone(),
            Reader::Parquet(parquet) => parquet.schema(),
        }
    }

    /// The columns of the batches still to come.
    pub fn columns(&self) -> Vec<Column> {
        Column::from_schema(&self.schema())
    }

    /// The number of rows yielded so far.
    pub fn rows_read(&self) -> u64 {
        self.rows
    }

    /// How many times reading went back to the start of the file because a later row
    /// contradicted the plan made from the sample.
    pub fn restarts(&self) -> u32 {
        match &self.reader {
            Reader::Csv(csv) => csv.restarts(),
            Reader::Json(json) => json.restarts(),
            Reader::Parquet(_) => 0,
        }
    }

    /// What is known about the file so far: format, compression, encoding, delimiter and columns.
    pub fn summary_so_far(
        &self,
    ) -> (
        Format,
        Compression,
        Option<TextEncoding>,
        Option<char>,
        Vec<Column>,
    ) {
        (
            self.format(),
            self.compression(),
            self.encoding(),
            self.delimiter(),
            self.columns(),
        )
    }

    /// A summary counting the rows yielded so far; exact once the iterator is exhausted.
    pub fn summary(&self) -> Summary {
        Summary {
            format: self.format(),
            compression: self.compression(),
            encoding: self.encoding(),
            delimiter: self.delimiter(),
            columns: self.columns(),
            rows: self.rows,
        }
    }

    fn next_batch(&mut self) -> Result<Option<RecordBatch>, Error> {
        match &mut self.reader {
            Reader::Csv(csv) => csv.next_batch(),
            Reader::Json(json) => json.next_batch(),
            Reader::Parquet(parquet) => parquet.next_batch(),
        }
    }
}

impl Iterator for Table {
    type Item = Result<RecordBatch, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.finished {
            return None;
        }
        match self.next_batch() {
            Ok(Some(batch)) => {
                self.rows += batch.num_rows() as u64;
                Some(Ok(batch))
            }
            Ok(None) => {
                self.finished = true;
                None
            }
            Err(error) => {
                self.finished = true;
                Some(Err(error))
            }
        }
    }
}

impl fmt::Debug for Table {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Table")
            .field("format", &self.format())
            .field("compression", &self.source.compression)
            .field("encoding", &self.encoding())
            .field("delimiter", &self.delimiter())
            .field("rows_read", &self.rows)
            .field("restarts", &self.restarts())
            .finish_non_exhaustive()
    }
}
