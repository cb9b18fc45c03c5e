//! Parquet and JSON Lines inputs, plain and gzip-wrapped.

use std::sync::Arc;

use arrow_array::{ArrayRef, Int64Array, RecordBatch, StringArray};
use tabular::{Compression, Format, Options, TextEncoding};

use crate::support::{cell, column_types, gzip, load, parquet_bytes, write};

fn sample_batch() -> RecordBatch {
    let ids: ArrayRef = Arc::new(Int64Array::from(vec![1, 2, 3]));
    let names: ArrayRef = Arc::new(StringArray::from(vec![Some("张三"), None, Some("Carol")]));
    RecordBatch::try_from_iter([("id", ids), ("name", names)]).unwrap()
}

#[test]
fn parquet_plain_and_gzip_wrapped() {
    let bytes = parquet_bytes(&sample_batch(), None);
    let cases = [
        ("plain", bytes.clone(), Compression::None),
        ("gzip", gzip(&bytes), Compression::Gzip),
    ];
    for (name, bytes, compression) in cases {
        let dir = tempfile::tempdir().unwrap();
        let path = write(dir.path(), "data", &bytes);
        let loaded = load(&path, &Options::default());
        let summary = &loaded.summary;
        assert_eq!(summary.format, Format::Parquet, "{name}");
        assert_eq!(summary.compression, compression, "{name}");
        assert_eq!(
            (summary.encoding, summary.delimiter),
            (None, None),
            "{name}"
        );
        assert_eq!(summary.rows, 3, "{name}");
        assert_eq!(
            column_types(summary),
            vec![
                ("id".to_string(), "Int64".to_string()),
                ("name".to_string(), "Utf8".to_string())
            ],
            "{name}"
        );
        assert_eq!(cell(&loaded.batches, "name", 0).as_deref(), Some("张三"));
        assert_eq!(cell(&loaded.batches, "name", 1), None);
        // The decompressed spool lives beside the input only while the table is open.
        let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(left.len(), 1, "{name}: temporary files left behind");
    }
}

/// One JSON Lines input and what reading it must give.
struct JsonCase {
    name: &'static str,
    bytes: Vec<u8>,
    compression: Compression,
    rows: u64,
    /// Column names and Arrow types, in order.
    columns: Vec<(&'static str, &'static str)>,
    /// Column, row, expected text (`None` for null).
    cells: Vec<(&'static str, usize, Option<&'static str>)>,
}

#[test]
fn json_lines_cases() {
    let nested = concat!(
        "{\"id\":1,\"user\":{\"name\":\"a\",\"age\":30},\"tags\":[\"x\",\"y\"]}\n",
        "\n",
        "   \n",
        "{\"id\":2,\"user\":{\"name\":\"b\",\"age\":null},\"tags\":[]}\r\n",
        "{\"id\":3,\"score\":1.5}\n",
    );
    let cases = vec![
        JsonCase {
            name: "nested with blank lines",
            bytes: nested.as_bytes().to_vec(),
            compression: Compression::None,
            rows: 3,
            // arrow-json's inference, not the file, decides the column order.
            columns: vec![
                ("id", "Int64"),
                ("tags", "List(Utf8)"),
                ("user", "Struct(\"name\": Utf8, \"age\": Int64)"),
                ("score", "Float64"),
            ],
            cells: vec![
                ("id", 2, Some("3")),
                ("score", 0, None),
                ("score", 2, Some("1.5")),
            ],
        },
        JsonCase {
            name: "gzip with bom",
            bytes: gzip("\u{feff}{\"名\":\"张三\"}\n{\"名\":\"李四\"}".as_bytes()),
            compression: Compression::Gzip,
            rows: 2,
            columns: vec![("名", "Utf8")],
            cells: vec![("名", 1, Some("李四"))],
        },
    ];
    for case in cases {
        check_json(&case);
    }
}

fn check_json(case: &JsonCase) {
    let name = case.name;
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "data", &case.bytes);
    let opts = Options {
        batch_size: 2,
        ..Options::default()
    };
    let loaded = load(&path, &opts);
    let summary = &loaded.summary;
    assert_eq!(summary.format, Format::JsonLines, "{name}");
    assert_eq!(summary.compression, case.compression, "{name}");
    assert_eq!(summary.encoding, None::<TextEncoding>, "{name}");
    assert_eq!(summary.rows, case.rows, "{name}");
    let types = column_types(summary);
    let names: Vec<&str> = types.iter().map(|(n, _)| n.as_str()).collect();
    let expected_names: Vec<&str> = case.columns.iter().map(|(n, _)| *n).collect();
    assert_eq!(names, expected_names, "{name}");
    for ((_, got), (column, want)) in types.iter().zip(&case.columns) {
        // Nested types display field details that vary between Arrow versions, so only the
        // outer shape is compared.
        let shape = |t: &str| t.split('(').next().unwrap_or(t).to_string();
        assert_eq!(shape(got), shape(want), "{name}: {column} is {got}");
    }
    for (column, row, value) in &case.cells {
        assert_eq!(
            cell(&loaded.batches, column, *row).as_deref(),
            *value,
            "{name}: {column}[{row}]"
        );
    }
}

#[test]
fn sniff_is_public_and_looks_inside_gzip() {
    assert_eq!(
        tabular::sniff(&gzip(b"{\"a\":1}\n")),
        Some((Format::JsonLines, Compression::Gzip))
    );
    assert_eq!(
        tabular::sniff(b"a;b\n"),
        Some((Format::Csv, Compression::None))
    );
    assert_eq!(tabular::sniff(b"\x00\x01\x02binary"), None);
}
