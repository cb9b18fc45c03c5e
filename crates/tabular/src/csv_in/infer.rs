//! CSV schema inference: reads the header and a sample of records (or all of them) with the `csv`
//! crate and gives each column the narrowest type that every sampled value fits.
//!
//! The pass streams through the file record by record, so inferring over the whole file needs no
//! more memory than inferring over a sample.

use arrow_schema::{DataType, Field, Schema, TimeUnit};
use csv::StringRecord;

use super::{cell, csv_error, header, reader_builder};
use crate::encoding::open_text;
use crate::error::{Error, Problem};
use crate::model::{Format, TextEncoding};
use crate::source::Source;

/// The result of an inference pass.
#[derive(Debug)]
pub(crate) struct Inferred {
    pub(crate) schema: Schema,
    /// Whether the pass saw every record, so a later pass could learn nothing new.
    pub(crate) exhausted: bool,
}

/// Infers the schema from the first `limit` data records, or from all of them if `limit` is
/// `None`. A record whose field count differs from the header's is reported as malformed.
pub(crate) fn infer(
    source: &Source,
    encoding: TextEncoding,
    delimiter: u8,
    limit: Option<usize>,
) -> Result<Inferred, Error> {
    let mut reader = reader_builder(delimiter).from_reader(open_text(source, encoding)?);
    let mut record = StringRecord::new();
    if !reader.read_record(&mut record).map_err(csv_error)? {
        return Err(Error::Empty {
            compression: source.compression,
        });
    }
    let names = header::column_names(record.iter());
    let mut guesses = vec![Guess::default(); names.len()];
    let mut sampled = 0usize;
    let mut exhausted = false;
    while limit.is_none_or(|limit| sampled < limit) {
        if !reader.read_record(&mut record).map_err(csv_error)? {
            exhausted = true;
            break;
        }
        if record.len() != names.len() {
            let line = record.position().map(|p| p.line());
            return Err(Error::malformed(
                Format::Csv,
                line,
                Problem::FieldCount {
                    expected: names.len(),
                    found: record.len(),
                },
            ));
        }
        for (guess, value) in guesses.iter_mut().zip(record.iter()) {
            guess.observe(value);
        }
        sampled += 1;
    }
    let fields: Vec<Field> = names
        .into_iter()
        .zip(&guesses)
        .map(|(name, guess)| Field::new(name, guess.data_type(), true))
        .collect();
    Ok(Inferred {
        schema: Schema::new(fields),
        exhausted,
    })
}

/// Which types every non-empty value seen so far in one column fits.
#[derive(Debug, Clone, Copy, Default)]
struct Guess {
    seen: bool,
    boolean: bool,
    int: bool,
    float: bool,
    date: bool,
    timestamp: bool,
}

impl Guess {
    fn observe(&mut self, value: &str) {
        if value.is_empty() {
            return;
        }
        if !self.seen {
            *self = Guess {
                seen: true,
                boolean: true,
                int: true,
                float: true,
                date: true,
                timestamp: true,
            };
        }
        self.boolean &= cell::is_bool(value);
        self.int &= cell::is_int(value);
        self.float &= cell::is_float(value);
        self.date &= cell::is_date(value);
        self.timestamp &= cell::is_date(value) || cell::is_timestamp(value);
    }

    /// The narrowest type that fits; a column with no values at all stays text, which any later
    /// value fits.
    fn data_type(&self) -> DataType {
        match self {
            Guess { seen: false, .. } => DataType::Utf8,
            Guess { boolean: true, .. } => DataType::Boolean,
            Guess { int: true, .. } => DataType::Int64,
            Guess { float: true, .. } => DataType::Float64,
            Guess { date: true, .. } => DataType::Date32,
            Guess {
                timestamp: true, ..
            } => DataType::Timestamp(TimeUnit::Microsecond, None),
            _ => DataType::Utf8,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn column_type(values: &[&str]) -> DataType {
        let mut guess = Guess::default();
        for value in values {
            guess.observe(value);
        }
        guess.data_type()
    }

    #[test]
    fn column_type_cases() {
        let ts = DataType::Timestamp(TimeUnit::Microsecond, None);
        let cases: &[(&[&str], DataType)] = &[
            (&["1", "2", ""], DataType::Int64),
            (&["1", "2.5"], DataType::Float64),
            (&["true", "False", ""], DataType::Boolean),
            (&["1", "true"], DataType::Utf8),
            (&["2024-01-02", "2024-02-03"], DataType::Date32),
            (&["2024-01-02", "2024-02-03 04:05:06"], ts.clone()),
            (&["2024-01-02 04:05:06.5"], ts),
            (&["010010", "100000"], DataType::Utf8),
            (
                &["110101199003077777", "11010119900307777X"],
                DataType::Utf8,
            ),
            (&["1", "1234567890123456"], DataType::Utf8),
            (&["", ""], DataType::Utf8),
            (&[], DataType::Utf8),
            (&["1.5", "abc"], DataType::Utf8),
        ];
        for (values, expected) in cases {
            assert_eq!(&column_type(values), expected, "values {values:?}");
        }
    }
}
