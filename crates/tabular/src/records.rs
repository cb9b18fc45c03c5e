//! CSV records as text, without Arrow arrays. Consumers that look only at cell text — the
//! personal-information scan — spend most of their time in type conversion and array building
//! when they read through `Table`; this path hands each record's decoded fields straight to a
//! callback. Planning (encoding, delimiter, the sampled field-count check) is the same as
//! `open`'s, and so are the errors: line numbers, never cell values.

use std::ops::ControlFlow;
use std::path::Path;

use csv::StringRecord;

use crate::Options;
use crate::csv_in::{self, csv_error, reader_builder};
use crate::encoding::open_text;
use crate::error::{Error, Problem};
use crate::model::{Format, TextEncoding};
use crate::sniff::{Detected, detect};
use crate::source::Source;

/// What reading the records found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CsvInfo {
    pub encoding: TextEncoding,
    pub delimiter: char,
    /// Data records handed to the callback (the header is not one).
    pub rows: u64,
}

/// Reads the CSV file at `path`: `on_header` gets the column names (blank ones named, repeats
/// numbered, as `open` does), then `on_record` each data record until it breaks or the file
/// ends. Returns `Ok(None)` without calling either when the file is not CSV (read it with `open`).
///
/// A record with the wrong number of fields is an error naming its line. When bytes that are not
/// UTF-8 appear after the sample, the file is read again as GB18030 from the start, skipping the
/// records already handed out (as `Table` does).
pub fn csv_records(
    path: &Path,
    opts: &Options,
    mut on_header: impl FnMut(&[String]),
    mut on_record: impl FnMut(&StringRecord) -> ControlFlow<()>,
) -> Result<Option<CsvInfo>, Error> {
    let source = Source::detect(path)?;
    let (window, complete) = source.window()?;
    match detect(&window, complete) {
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
        Detected::Format(Format::Csv) => {}
        Detected::Format(_) => return Ok(None),
    }
    let mut plan = csv_in::plan(&source, &window, complete, opts)?;
    let mut delivered: u64 = 0;
    let mut announced = false;
    'attempt: loop {
        let mut reader =
            reader_builder(plan.delimiter).from_reader(open_text(&source, plan.encoding)?);
        let mut record = StringRecord::new();
        let mut width = 0;
        let mut seen: u64 = 0;
        let mut header = true;
        loop {
            match reader.read_record(&mut record) {
                Ok(false) => break 'attempt,
                Ok(true) if header => {
                    header = false;
                    width = record.len();
                    if !announced {
                        let names = csv_in::header::column_names(record.iter());
                        on_header(&names);
                        announced = true;
                    }
                }
                Ok(true) => {
                    if record.len() != width {
                        let line = record.position().map(|p| p.line());
                        return Err(Error::malformed(
                            Format::Csv,
                            line,
                            Problem::FieldCount {
                                expected: width,
                                found: record.len(),
                            },
                        ));
                    }
                    seen += 1;
                    if seen <= delivered {
                        continue;
                    }
                    delivered = seen;
                    if on_record(&record).is_break() {
                        break 'attempt;
                    }
                }
                Err(e) => {
                    let error = csv_error(e);
                    if plan.encoding == TextEncoding::Utf8
                        && matches!(error, Error::BadEncoding { .. })
                    {
                        plan.encoding = TextEncoding::Gb18030;
                        continue 'attempt;
                    }
                    return Err(error);
                }
            }
        }
    }
    Ok(Some(CsvInfo {
        encoding: plan.encoding,
        delimiter: char::from(plan.delimiter),
        rows: delivered,
    }))
}
