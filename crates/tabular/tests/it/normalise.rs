//! Normalising to Parquet and reading the result back.

use std::sync::Arc;

use arrow_array::{ArrayRef, Int64Array, RecordBatch, StringArray};
use tabular::{Compression, Format, Options};

use crate::support::{cell, gbk, gzip, parquet_bytes, read_parquet, row_count, write};

fn sample_parquet() -> Vec<u8> {
    let ids: ArrayRef = Arc::new(Int64Array::from(vec![10, 20]));
    let names: ArrayRef = Arc::new(StringArray::from(vec!["a", "b"]));
    parquet_bytes(
        &RecordBatch::try_from_iter([("id", ids), ("name", names)]).unwrap(),
        None,
    )
}

/// One input to normalise and a value to find in the output.
struct RoundTrip {
    name: &'static str,
    input: Vec<u8>,
    rows: u64,
    column: &'static str,
    row: usize,
    value: &'static str,
}

fn round_trip(name: &'static str, input: Vec<u8>, rows: u64) -> RoundTrip {
    RoundTrip {
        name,
        input,
        rows,
        column: "",
        row: 0,
        value: "",
    }
}

#[test]
fn round_trips() {
    let many: String = (0..5_000)
        .map(|i| format!("{i};{:03}\n", i % 1000))
        .collect();
    let cases = vec![
        RoundTrip {
            column: "name",
            row: 1,
            value: "Bob",
            ..round_trip("utf-8 csv", b"id,name\n1,Alice\n2,Bob\n".to_vec(), 2)
        },
        RoundTrip {
            column: "城市",
            value: "北京",
            ..round_trip("gbk csv", gbk("姓名,城市\n张三,北京\n"), 1)
        },
        RoundTrip {
            column: "code",
            row: 4_999,
            value: "999",
            ..round_trip("many rows", format!("n;code\n{many}").into_bytes(), 5_000)
        },
        RoundTrip {
            column: "b",
            value: "x",
            ..round_trip("gzip csv", gzip(b"a,b\n1,x\n"), 1)
        },
        RoundTrip {
            column: "k",
            row: 1,
            value: "w",
            ..round_trip("jsonl", b"{\"k\":\"v\"}\n{\"k\":\"w\"}\n".to_vec(), 2)
        },
        RoundTrip {
            column: "k",
            value: "v",
            ..round_trip(
                "jsonl with an always-null key",
                b"{\"k\":\"v\",\"gone\":null}\n".to_vec(),
                1,
            )
        },
        RoundTrip {
            column: "name",
            row: 1,
            value: "b",
            ..round_trip("gzip parquet", gzip(&sample_parquet()), 2)
        },
    ];
    for case in cases {
        check_round_trip(&case);
    }
}

fn check_round_trip(case: &RoundTrip) {
    let name = case.name;
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "input", &case.input);
    let output = dir.path().join("output.parquet");
    let opts = Options {
        batch_size: 1000,
        ..Options::default()
    };
    let (summary, written) = tabular::normalise(&path, &output, &opts).unwrap();
    assert!(written, "{name}");
    assert_eq!(summary.rows, case.rows, "{name}");
    let batches = read_parquet(&output);
    assert_eq!(row_count(&batches) as u64, case.rows, "{name}");
    assert_eq!(
        cell(&batches, case.column, case.row).as_deref(),
        Some(case.value),
        "{name}"
    );
    let types: Vec<String> = batches[0]
        .schema()
        .fields()
        .iter()
        .map(|f| f.data_type().to_string())
        .collect();
    let summary_types: Vec<String> = summary
        .columns
        .iter()
        .map(|c| c.data_type.clone())
        .collect();
    assert_eq!(types, summary_types, "{name}");
    // Only the output remains: the temporary spool was renamed into place.
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2, "{name}");
}

#[test]
fn plain_parquet_is_validated_not_rewritten() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "input.parquet", &sample_parquet());
    let output = dir.path().join("output.parquet");
    let (summary, written) = tabular::normalise(&path, &output, &Options::default()).unwrap();
    assert!(!written);
    assert!(!output.exists());
    assert_eq!(summary.format, Format::Parquet);
    assert_eq!(summary.compression, Compression::None);
    assert_eq!(summary.rows, 2);
}

#[test]
fn header_only_csv_writes_an_empty_parquet_with_the_schema() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "input.csv", b"a;b\n");
    let output = dir.path().join("output.parquet");
    let (summary, written) = tabular::normalise(&path, &output, &Options::default()).unwrap();
    assert!(written);
    assert_eq!(summary.rows, 0);
    assert_eq!(summary.delimiter, Some(';'));
    let builder = parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder::try_new(
        std::fs::File::open(&output).unwrap(),
    )
    .unwrap();
    let names: Vec<&str> = builder
        .schema()
        .fields()
        .iter()
        .map(|f| f.name().as_str())
        .collect();
    assert_eq!(names, ["a", "b"]);
    assert_eq!(builder.metadata().file_metadata().num_rows(), 0);
}
