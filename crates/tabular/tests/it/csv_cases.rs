//! Well-formed CSV inputs, one table of cases through one `check`: delimiter, encoding, BOM,
//! quoting, identifier preservation and type inference.

use tabular::{Compression, Format, Options, TextEncoding};

use crate::support::{cell, column_types, gbk, gzip, load, write};

struct Case {
    name: &'static str,
    bytes: Vec<u8>,
    compression: Compression,
    encoding: TextEncoding,
    delimiter: char,
    /// Column names and Arrow types, in order.
    columns: &'static [(&'static str, &'static str)],
    rows: u64,
    /// Column, row, expected text (`None` for null).
    cells: &'static [(&'static str, usize, Option<&'static str>)],
}

fn utf8(name: &'static str, text: &str, delimiter: char) -> Case {
    Case {
        name,
        bytes: text.as_bytes().to_vec(),
        compression: Compression::None,
        encoding: TextEncoding::Utf8,
        delimiter,
        columns: &[],
        rows: 0,
        cells: &[],
    }
}

fn cases() -> Vec<Case> {
    const BASIC: &str = "id,name,score\n1,Alice,3.5\n2,Bob,4\n";
    vec![
        Case {
            columns: &[("id", "Int64"), ("name", "Utf8"), ("score", "Float64")],
            rows: 2,
            cells: &[("name", 1, Some("Bob")), ("score", 1, Some("4"))],
            ..utf8("utf-8 comma", BASIC, ',')
        },
        Case {
            bytes: gzip(BASIC.as_bytes()),
            compression: Compression::Gzip,
            columns: &[("id", "Int64"), ("name", "Utf8"), ("score", "Float64")],
            rows: 2,
            cells: &[("name", 0, Some("Alice"))],
            ..utf8("gzip csv", "", ',')
        },
        Case {
            bytes: gbk("姓名,城市,邮编\n张三,北京,010010\n李四,上海,200000\n"),
            encoding: TextEncoding::Gb18030,
            columns: &[("姓名", "Utf8"), ("城市", "Utf8"), ("邮编", "Utf8")],
            rows: 2,
            cells: &[
                ("姓名", 0, Some("张三")),
                ("城市", 1, Some("上海")),
                ("邮编", 0, Some("010010")),
            ],
            ..utf8("gbk chinese headers", "", ',')
        },
        Case {
            // Every 億 encodes in GBK with 0x7C (`|`) as its second byte, so sniffing the raw bytes
            // would pick the pipe; decoding first sees only the comma.
            bytes: gbk("億億,億億\n億億,一\n億,二\n"),
            encoding: TextEncoding::Gb18030,
            columns: &[("億億", "Utf8"), ("億億_2", "Utf8")],
            rows: 2,
            cells: &[("億億", 0, Some("億億")), ("億億_2", 1, Some("二"))],
            ..utf8("gbk trail byte looks like a pipe", "", ',')
        },
        Case {
            columns: &[("a", "Utf8"), ("b", "Utf8")],
            rows: 2,
            cells: &[("a", 0, Some("1,5")), ("b", 1, Some("y"))],
            ..utf8("semicolon with decimal commas", "a;b\n1,5;x\n2,5;y\n", ';')
        },
        Case {
            columns: &[("a", "Int64"), ("b", "Utf8")],
            rows: 2,
            cells: &[("b", 1, Some("y z"))],
            ..utf8("tab", "a\tb\n1\tx\n2\ty z\n", '\t')
        },
        Case {
            columns: &[("a", "Utf8"), ("b", "Float64")],
            rows: 1,
            cells: &[("a", 0, Some("x")), ("b", 0, Some("0.5"))],
            ..utf8("pipe", "a|b\nx|0.5\n", '|')
        },
        Case {
            columns: &[("id", "Int64"), ("name", "Utf8")],
            rows: 1,
            cells: &[("name", 0, Some("名字"))],
            ..utf8("utf-8 bom", "\u{feff}id,name\n1,名字\n", ',')
        },
        Case {
            columns: &[("id", "Int64"), ("note", "Utf8")],
            rows: 3,
            cells: &[
                ("note", 0, Some("hello, world")),
                ("note", 1, Some("line1\nline2")),
                ("note", 2, Some("say \"hi\"")),
                ("id", 2, Some("3")),
            ],
            ..utf8(
                "quoted newline, comma and quote",
                "id,note\n1,\"hello, world\"\n2,\"line1\nline2\"\n3,\"say \"\"hi\"\"\"\n",
                ',',
            )
        },
        Case {
            columns: &[
                ("postcode", "Utf8"),
                ("resident_id", "Utf8"),
                ("card", "Utf8"),
            ],
            rows: 3,
            cells: &[
                ("postcode", 0, Some("010010")),
                ("postcode", 1, Some("100000")),
                ("resident_id", 0, Some("11010119900307123X")),
                ("resident_id", 1, Some("110101199003071234")),
                ("card", 0, Some("6222021234567890123")),
                ("card", 2, Some("1234567890123456")),
            ],
            ..utf8(
                "identifiers stay text",
                "postcode,resident_id,card\n010010,11010119900307123X,6222021234567890123\n100000,110101199003071234,6222021234567890124\n000000,110101199003075678,1234567890123456\n",
                ',',
            )
        },
        Case {
            columns: &[
                ("i", "Int64"),
                ("f", "Float64"),
                ("b", "Boolean"),
                ("d", "Date32"),
                ("t", "Timestamp(µs)"),
                ("mixed", "Utf8"),
            ],
            rows: 3,
            cells: &[
                ("i", 1, Some("-2")),
                ("i", 2, None),
                ("f", 0, Some("1.5")),
                ("f", 1, Some("2")),
                ("b", 0, Some("true")),
                ("b", 1, Some("false")),
                // 2024-01-02 is day 19724 after 1970-01-01.
                ("d", 0, Some("19724")),
                // 2024-01-02 03:04:05 and then .123456 seconds later, in microseconds.
                ("t", 0, Some("1704164645000000")),
                ("t", 1, Some("1704164645123456")),
                ("mixed", 1, Some("x")),
                ("mixed", 2, None),
            ],
            ..utf8(
                "type inference",
                "i,f,b,d,t,mixed\n1,1.5,true,2024-01-02,2024-01-02 03:04:05,1\n-2,2,FALSE,2024-02-29,2024-01-02T03:04:05.123456,x\n,,,,,\n",
                ',',
            )
        },
        Case {
            columns: &[("a", "Utf8"), ("b", "Utf8")],
            rows: 0,
            ..utf8("header only", "a,b\n", ',')
        },
        Case {
            columns: &[("column_1", "Int64"), ("a", "Int64"), ("a_2", "Int64")],
            rows: 1,
            cells: &[("a_2", 0, Some("3"))],
            ..utf8("blank and duplicate headers", ",a,a\r\n1,2,3\r\n", ',')
        },
        Case {
            columns: &[("a", "Int64"), ("b", "Utf8")],
            rows: 2,
            cells: &[("b", 1, Some("y"))],
            ..utf8("no trailing newline", "a,b\n1,x\n2,y", ',')
        },
    ]
}

fn check(case: &Case) {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "upload.bin", &case.bytes);
    let opts = Options {
        batch_size: 2,
        ..Options::default()
    };
    let loaded = load(&path, &opts);
    let summary = &loaded.summary;
    let name = case.name;
    assert_eq!(summary.format, Format::Csv, "{name}");
    assert_eq!(summary.compression, case.compression, "{name}");
    assert_eq!(summary.encoding, Some(case.encoding), "{name}");
    assert_eq!(summary.delimiter, Some(case.delimiter), "{name}");
    let expected: Vec<(String, String)> = case
        .columns
        .iter()
        .map(|(n, t)| (n.to_string(), t.to_string()))
        .collect();
    assert_eq!(column_types(summary), expected, "{name}");
    assert_eq!(summary.rows, case.rows, "{name}");
    for (column, row, value) in case.cells {
        assert_eq!(
            cell(&loaded.batches, column, *row).as_deref(),
            *value,
            "{name}: {column}[{row}]"
        );
    }
}

#[test]
fn csv_cases() {
    for case in cases() {
        check(&case);
    }
}

#[test]
fn text_only_reads_every_column_as_exact_text() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("typed.csv");
    std::fs::write(
        &path,
        "id,amount,day,zip\n1,2.50,2026-11-27,010010\n2,3,2026-11-28,116001\n",
    )
    .unwrap();
    let opts = Options {
        text_only: true,
        ..Options::default()
    };
    let mut table = tabular::open(&path, &opts).unwrap();
    let batch = table.next().unwrap().unwrap();
    for field in batch.schema().fields() {
        assert_eq!(
            field.data_type(),
            &arrow_schema::DataType::Utf8,
            "{}",
            field.name()
        );
    }
    let amount = batch
        .column(1)
        .as_any()
        .downcast_ref::<arrow_array::StringArray>()
        .unwrap();
    assert_eq!(
        amount.value(0),
        "2.50",
        "text is kept exactly, not re-formatted"
    );
    assert!(table.next().is_none());
    // Without the option the same file is typed.
    let typed = tabular::open(&path, &Options::default()).unwrap();
    assert_eq!(
        typed.schema().field(0).data_type(),
        &arrow_schema::DataType::Int64
    );
}

#[test]
fn records_as_text_without_arrays() {
    use std::ops::ControlFlow;
    let dir = tempfile::tempdir().unwrap();
    let read = |path: &std::path::Path, stop_after: usize| {
        let mut header = Vec::new();
        let mut records: Vec<Vec<String>> = Vec::new();
        let info = tabular::csv_records(
            path,
            &Options::default(),
            |h| header = h.to_vec(),
            |r| {
                records.push(r.iter().map(str::to_owned).collect());
                if records.len() >= stop_after {
                    ControlFlow::Break(())
                } else {
                    ControlFlow::Continue(())
                }
            },
        );
        (info, header, records)
    };
    let gbk_path = write(
        dir.path(),
        "gbk.csv",
        &gbk("姓名;城市;\n王伟;大连;1\n李娜;沈阳;2\n"),
    );
    let (info, header, records) = read(&gbk_path, usize::MAX);
    let info = info.unwrap().unwrap();
    assert_eq!(
        (info.encoding, info.delimiter, info.rows),
        (TextEncoding::Gb18030, ';', 2)
    );
    assert_eq!(header, vec!["姓名", "城市", "column_3"]);
    assert_eq!(records[1], vec!["李娜", "沈阳", "2"]);
    // Stopping early.
    let (info, _, records) = read(&gbk_path, 1);
    assert_eq!((info.unwrap().unwrap().rows, records.len()), (1, 1));
    // A ragged record names its line; other formats are for `open`.
    let ragged = write(dir.path(), "ragged.csv", b"a,b\n1,2\n3,4,5\n");
    let err = read(&ragged, usize::MAX).0.unwrap_err();
    assert_eq!((err.code(), err.line()), ("data.malformed", Some(3)));
    let jsonl = write(dir.path(), "x.jsonl", b"{\"a\":1}\n");
    assert_eq!(read(&jsonl, usize::MAX).0.unwrap(), None);
}
