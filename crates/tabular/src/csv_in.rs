//! CSV input: plans how to read a file (encoding, delimiter, schema) from its start, then streams
//! it through arrow-csv in batches, re-planning when a later record contradicts the plan.
//!
//! Planning from a prefix keeps the common case to one pass after the sample. When a later byte is
//! not UTF-8, reading restarts as GB18030; when a later value does not fit its inferred type, the
//! schema is inferred again over the whole file. Either way the reader reopens the file and skips
//! the rows it has already handed out, so callers see every row once; `restarts` tells them that
//! earlier batches followed an older plan.

mod cell;
mod delimiter;
mod diagnose;
pub(crate) mod header;
mod infer;

use std::io::{BufRead, BufReader};
use std::sync::Arc;

use arrow_array::RecordBatch;
use arrow_csv::reader::Decoder;
use arrow_schema::{ArrowError, SchemaRef};

use crate::Options;
use crate::encoding::{self, TextReader, open_text};
use crate::error::{Error, Problem, classify_io};
use crate::model::{Format, TextEncoding};
use crate::source::Source;

/// How to read a CSV file.
#[derive(Debug, Clone)]
pub(crate) struct CsvPlan {
    pub(crate) encoding: TextEncoding,
    pub(crate) delimiter: u8,
    pub(crate) schema: SchemaRef,
    /// Whether the schema was inferred from every record, so it cannot be improved on.
    pub(crate) whole_file: bool,
}

/// Plans from the sniff window and a sample of `opts.infer_rows` records.
pub(crate) fn plan(
    source: &Source,
    window: &[u8],
    complete: bool,
    opts: &Options,
) -> Result<CsvPlan, Error> {
    let mut encoding = encoding::guess(window, complete);
    loop {
        let delimiter = delimiter::detect(&encoding::decode_window(window, encoding), complete);
        match infer::infer(source, encoding, delimiter, Some(opts.infer_rows)) {
            Ok(inferred) if opts.text_only => {
                // Text never fails to parse, so this plan needs no improving later.
                let fields: Vec<arrow_schema::Field> = inferred
                    .schema
                    .fields()
                    .iter()
                    .map(|f| arrow_schema::Field::new(f.name(), arrow_schema::DataType::Utf8, true))
                    .collect();
                return Ok(CsvPlan {
                    encoding,
                    delimiter,
                    schema: Arc::new(arrow_schema::Schema::new(fields)),
                    whole_file: true,
                });
            }
            Ok(inferred) => {
                return Ok(CsvPlan {
                    encoding,
                    delimiter,
                    schema: Arc::new(inferred.schema),
                    whole_file: inferred.exhausted,
                });
            }
            Err(error) if can_fall_back(&error, encoding) => encoding = TextEncoding::Gb18030,
            Err(error) => return Err(error),
        }
    }
}

/// Whether `error` means the text is not UTF-8 and GB18030 has not been tried yet.
fn can_fall_back(error: &Error, encoding: TextEncoding) -> bool {
    encoding == TextEncoding::Utf8 && matches!(error, Error::BadEncoding { .. })
}

/// The settings shared by every `csv` crate pass, matching arrow-csv's defaults (double-quote
/// quoting, doubled quotes as escapes, CR, LF or CRLF line ends) so both count records alike.
pub(crate) fn reader_builder(delimiter: u8) -> csv::ReaderBuilder {
    let mut builder = csv::ReaderBuilder::new();
    builder
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true);
    builder
}

/// Translates a `csv` crate error into the crate error, keeping line numbers and dropping text.
pub(crate) fn csv_error(error: csv::Error) -> Error {
    let line = error.position().map(|p| p.line());
    match error.into_kind() {
        csv::ErrorKind::Io(io) => classify_io(io, Some(Format::Csv)),
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => Error::malformed(
            Format::Csv,
            line,
            Problem::FieldCount {
                expected: usize::try_from(expected_len).unwrap_or(usize::MAX),
                found: usize::try_from(len).unwrap_or(usize::MAX),
            },
        ),
        _ => Error::malformed(Format::Csv, line, Problem::UnparseableRecord),
    }
}

/// Why a batch could not be produced under the current plan.
enum Hitch {
    /// The text is invalid in the plan's encoding.
    Encoding(Error),
    /// A value did not parse as its column's type.
    Type,
    /// A record is structurally wrong, such as having the wrong number of fields.
    Structure,
    /// Anything no re-plan can fix.
    Fatal(Error),
}

/// Streams a CSV file as record batches under a plan that may improve as reading goes on.
pub(crate) struct CsvReader {
    source: Source,
    plan: CsvPlan,
    batch_size: usize,
    text: BufReader<TextReader>,
    decoder: Decoder,
    rows: u64,
    restarts: u32,
}

impl CsvReader {
    pub(crate) fn new(source: Source, plan: CsvPlan, batch_size: usize) -> Result<Self, Error> {
        let text = open_text(&source, plan.encoding)?;
        let decoder = build_decoder(&plan, batch_size, 0);
        Ok(CsvReader {
            source,
            plan,
            batch_size,
            text,
            decoder,
            rows: 0,
            restarts: 0,
        })
    }

    pub(crate) fn plan(&self) -> &CsvPlan {
        &self.plan
    }

    pub(crate) fn restarts(&self) -> u32 {
        self.restarts
    }

    /// The next batch, re-planning and restarting as often as the plan improves.
    pub(crate) fn next_batch(&mut self) -> Result<Option<RecordBatch>, Error> {
        loop {
            match self.read_batch() {
                Ok(batch) => {
                    if let Some(batch) = &batch {
                        self.rows += batch.num_rows() as u64;
                    }
                    return Ok(batch);
                }
                Err(Hitch::Encoding(error)) => {
                    if !can_fall_back(&error, self.plan.encoding) {
                        return Err(error);
                    }
                    self.plan.encoding = TextEncoding::Gb18030;
                    self.restart()?;
                }
                Err(Hitch::Type) if !self.plan.whole_file => {
                    self.infer_whole_file()?;
                    self.restart()?;
                }
                Err(Hitch::Type | Hitch::Structure) => {
                    return Err(diagnose::first_problem(&self.source, &self.plan));
                }
                Err(Hitch::Fatal(error)) => return Err(error),
            }
        }
    }

    /// Fills the decoder with up to one batch of records and converts them.
    fn read_batch(&mut self) -> Result<Option<RecordBatch>, Hitch> {
        loop {
            let buf = self.text.fill_buf().map_err(io_hitch)?;
            // An empty buffer tells the decoder the input has ended, so it finishes the last
            // record even without a trailing newline.
            let used = self.decoder.decode(buf).map_err(|_| Hitch::Structure)?;
            if used == 0 {
                break;
            }
            self.text.consume(used);
        }
        self.decoder.flush().map_err(|error| match error {
            ArrowError::ParseError(_) => Hitch::Type,
            _ => Hitch::Structure,
        })
    }

    /// Infers the schema over every record, switching to GB18030 if the UTF-8 pass hits a bad byte.
    fn infer_whole_file(&mut self) -> Result<(), Error> {
        loop {
            let plan = &mut self.plan;
            match infer::infer(&self.source, plan.encoding, plan.delimiter, None) {
                Ok(inferred) => {
                    plan.schema = Arc::new(inferred.schema);
                    plan.whole_file = true;
                    return Ok(());
                }
                Err(error) if can_fall_back(&error, plan.encoding) => {
                    plan.encoding = TextEncoding::Gb18030;
                }
                Err(error) => return Err(error),
            }
        }
    }

    /// Reopens the file under the current plan, skipping the rows already handed out.
    fn restart(&mut self) -> Result<(), Error> {
        self.text = open_text(&self.source, self.plan.encoding)?;
        self.decoder = build_decoder(&self.plan, self.batch_size, self.rows);
        self.restarts += 1;
        Ok(())
    }
}

fn io_hitch(error: std::io::Error) -> Hitch {
    match classify_io(error, Some(Format::Csv)) {
        error @ Error::BadEncoding { .. } => Hitch::Encoding(error),
        error => Hitch::Fatal(error),
    }
}

/// Builds an arrow-csv decoder for `plan` that skips the header and the first `skip` data rows.
fn build_decoder(plan: &CsvPlan, batch_size: usize, skip: u64) -> Decoder {
    let builder = arrow_csv::ReaderBuilder::new(plan.schema.clone())
        .with_header(true)
        .with_delimiter(plan.delimiter)
        .with_batch_size(batch_size);
    let builder = if skip > 0 {
        // The decoder adds the header row to both bounds, so the open end must leave room for it.
        let skip = usize::try_from(skip).unwrap_or(usize::MAX - 2);
        builder.with_bounds(skip, usize::MAX - 1)
    } else {
        builder
    };
    builder.build_decoder()
}
