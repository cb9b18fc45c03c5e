//! Pinpointing why arrow-csv rejected a file: a second, streaming pass with the `csv` crate that
//! finds the first offending record and reports its physical line, column and expected type.
//!
//! arrow-csv counts records rather than lines (a quoted field may span lines), numbers them
//! inconsistently between its errors, and quotes cell values in its messages; re-reading on this
//! rare path gives exact, value-free errors at no cost to the common path.

use csv::StringRecord;

use super::{CsvPlan, cell, csv_error, reader_builder};
use crate::encoding::open_text;
use crate::error::{Error, Problem};
use crate::model::Format;
use crate::source::Source;

/// The first problem in the file under `plan`, or a line-less `Malformed` if none can be found.
///
/// Values are checked against their types only once the schema comes from the whole file; before
/// that, a value that does not fit the sampled type is no error, since re-inference would widen it.
pub(crate) fn first_problem(source: &Source, plan: &CsvPlan) -> Error {
    match scan(source, plan) {
        Ok(Some(problem)) => problem,
        Ok(None) => Error::malformed(Format::Csv, None, Problem::UnparseableRecord),
        Err(error) => error,
    }
}

fn scan(source: &Source, plan: &CsvPlan) -> Result<Option<Error>, Error> {
    let mut reader = reader_builder(plan.delimiter).from_reader(open_text(source, plan.encoding)?);
    let fields = plan.schema.fields();
    let mut record = StringRecord::new();
    // The first record is the header, whose width defines the columns.
    if !reader.read_record(&mut record).map_err(csv_error)? {
        return Ok(None);
    }
    while reader.read_record(&mut record).map_err(csv_error)? {
        let line = record.position().map(|p| p.line());
        if record.len() != fields.len() {
            return Ok(Some(Error::malformed(
                Format::Csv,
                line,
                Problem::FieldCount {
                    expected: fields.len(),
                    found: record.len(),
                },
            )));
        }
        if !plan.whole_file {
            continue;
        }
        for (value, field) in record.iter().zip(fields) {
            if !cell::fits(value, field.data_type()) {
                return Ok(Some(Error::malformed(
                    Format::Csv,
                    line,
                    Problem::TypeMismatch {
                        column: field.name().clone(),
                        expected: field.data_type().to_string(),
                    },
                )));
            }
        }
    }
    Ok(None)
}
