//! Fixture builders and read-back helpers shared by the integration tests.

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

use arrow_array::RecordBatch;
use arrow_array::cast::AsArray;
use arrow_array::types::{Date32Type, Float64Type, Int64Type, TimestampMicrosecondType};
use arrow_schema::{DataType, TimeUnit};
use flate2::write::GzEncoder;
use parquet::arrow::ArrowWriter;
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use parquet::file::properties::WriterProperties;
use tabular::{Error, Options, Summary};

/// Writes `bytes` to `dir/name` and returns the path.
pub fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

pub fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

pub fn gbk(text: &str) -> Vec<u8> {
    let (bytes, _, unmappable) = encoding_rs::GBK.encode(text);
    assert!(!unmappable, "fixture text must be representable in GBK");
    bytes.into_owned()
}

/// Serialises `batch` as a Parquet file in memory.
pub fn parquet_bytes(batch: &RecordBatch, properties: Option<WriterProperties>) -> Vec<u8> {
    let mut out = Vec::new();
    let mut writer = ArrowWriter::try_new(&mut out, batch.schema(), properties).unwrap();
    writer.write(batch).unwrap();
    writer.close().unwrap();
    out
}

/// Everything read from one file.
pub struct Loaded {
    pub summary: Summary,
    pub batches: Vec<RecordBatch>,
    pub restarts: u32,
}

/// Opens and reads `path` to the end, panicking on any error.
pub fn load(path: &Path, opts: &Options) -> Loaded {
    let mut table = tabular::open(path, opts).unwrap();
    let batches: Vec<RecordBatch> = table.by_ref().map(Result::unwrap).collect();
    Loaded {
        summary: table.summary(),
        restarts: table.restarts(),
        batches,
    }
}

/// The first error met while opening or reading `path`.
pub fn first_error(path: &Path, opts: &Options) -> Error {
    match tabular::open(path, opts) {
        Err(error) => error,
        Ok(table) => {
            for batch in table {
                if let Err(error) = batch {
                    return error;
                }
            }
            panic!("{} read without error", path.display());
        }
    }
}

/// Reads a Parquet file back with the parquet crate directly.
pub fn read_parquet(path: &Path) -> Vec<RecordBatch> {
    ParquetRecordBatchReaderBuilder::try_new(File::open(path).unwrap())
        .unwrap()
        .build()
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

pub fn row_count(batches: &[RecordBatch]) -> usize {
    batches.iter().map(RecordBatch::num_rows).sum()
}

/// The value at `row` (counting across batches) of `column`, rendered as text; `None` for null.
/// Dates render as days since 1970 and timestamps as microseconds, which is what Arrow stores.
pub fn cell(batches: &[RecordBatch], column: &str, row: usize) -> Option<String> {
    let mut row = row;
    for batch in batches {
        if row >= batch.num_rows() {
            row -= batch.num_rows();
            continue;
        }
        let array = batch.column_by_name(column).unwrap();
        if array.is_null(row) {
            return None;
        }
        return Some(match array.data_type() {
            DataType::Utf8 => array.as_string::<i32>().value(row).to_string(),
            DataType::Int64 => array.as_primitive::<Int64Type>().value(row).to_string(),
            DataType::Float64 => array.as_primitive::<Float64Type>().value(row).to_string(),
            DataType::Boolean => array.as_boolean().value(row).to_string(),
            DataType::Date32 => array.as_primitive::<Date32Type>().value(row).to_string(),
            DataType::Timestamp(TimeUnit::Microsecond, None) => array
                .as_primitive::<TimestampMicrosecondType>()
                .value(row)
                .to_string(),
            other => format!("{other}: {:?}", array.slice(row, 1)),
        });
    }
    panic!("row out of range");
}

/// The column names and displayed types of a summary.
pub fn column_types(summary: &Summary) -> Vec<(String, String)> {
    summary
        .columns
        .iter()
        .map(|c| (c.name.clone(), c.data_type.clone()))
        .collect()
}
