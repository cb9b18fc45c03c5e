//! Files whose first rows mislead the plan: a type that breaks after the sample, bytes that stop
//! being UTF-8 after the sample, and a JSON key that first appears after the sample.

use arrow_schema::DataType;
use tabular::{Options, TextEncoding};

use crate::support::{cell, gbk, load, read_parquet, row_count, write};

/// 25,000 rows whose `amount` is an integer except on data row 20,000.
fn breaking_csv() -> String {
    let mut text = String::from("id,amount\n");
    for i in 1..=25_000 {
        if i == 20_000 {
            text.push_str("20000,n/a\n");
        } else {
            text.push_str(&format!("{i},{i}\n"));
        }
    }
    text
}

#[test]
fn type_break_after_sample_reinfers_over_whole_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "amounts.csv", breaking_csv().as_bytes());
    let loaded = load(&path, &Options::default());

    assert_eq!(loaded.summary.rows, 25_000);
    assert_eq!(loaded.restarts, 1);
    let first = loaded.batches.first().unwrap().schema();
    let last = loaded.batches.last().unwrap().schema();
    assert_eq!(
        first.field_with_name("amount").unwrap().data_type(),
        &DataType::Int64
    );
    assert_eq!(
        last.field_with_name("amount").unwrap().data_type(),
        &DataType::Utf8
    );
    assert_eq!(
        last.field_with_name("id").unwrap().data_type(),
        &DataType::Int64
    );
    assert_eq!(
        cell(&loaded.batches, "amount", 19_999).as_deref(),
        Some("n/a")
    );
    assert_eq!(
        cell(&loaded.batches, "amount", 24_999).as_deref(),
        Some("25000")
    );

    // Normalising starts over so the output has the final schema from the first row.
    let output = dir.path().join("amounts.parquet");
    let (summary, written) = tabular::normalise(&path, &output, &Options::default()).unwrap();
    assert!(written);
    assert_eq!(summary.rows, 25_000);
    assert_eq!(summary.columns[1].data_type, "Utf8");
    let batches = read_parquet(&output);
    assert_eq!(row_count(&batches), 25_000);
    assert_eq!(cell(&batches, "amount", 0).as_deref(), Some("1"));
    assert_eq!(cell(&batches, "amount", 19_999).as_deref(), Some("n/a"));
}

#[test]
fn non_utf8_after_sample_restarts_as_gb18030() {
    let mut text = String::from("id,city\n");
    for i in 1..=30_000 {
        let city = if i == 25_000 { "北京" } else { "x" };
        text.push_str(&format!("{i},{city}\n"));
    }
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "cities.csv", &gbk(&text));
    let loaded = load(&path, &Options::default());
    assert_eq!(loaded.summary.encoding, Some(TextEncoding::Gb18030));
    assert_eq!(loaded.summary.rows, 30_000);
    assert_eq!(loaded.restarts, 1);
    assert_eq!(
        cell(&loaded.batches, "city", 24_999).as_deref(),
        Some("北京")
    );
    assert_eq!(cell(&loaded.batches, "city", 29_999).as_deref(), Some("x"));

    let output = dir.path().join("cities.parquet");
    let (summary, _) = tabular::normalise(&path, &output, &Options::default()).unwrap();
    assert_eq!(summary.encoding, Some(TextEncoding::Gb18030));
    let batches = read_parquet(&output);
    assert_eq!(row_count(&batches), 30_000);
    assert_eq!(cell(&batches, "city", 24_999).as_deref(), Some("北京"));
}

#[test]
fn json_key_after_sample_is_not_dropped() {
    let mut text: String = (1..=5).map(|i| format!("{{\"a\":{i}}}\n")).collect();
    text.push_str("{\"a\":6,\"b\":\"late\"}\n");
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "late.jsonl", text.as_bytes());
    let opts = Options {
        batch_size: 2,
        infer_rows: 2,
        text_only: false,
    };
    let loaded = load(&path, &opts);
    assert_eq!(loaded.summary.rows, 6);
    assert_eq!(loaded.summary.columns.len(), 2);
    assert_eq!(cell(&loaded.batches, "b", 5).as_deref(), Some("late"));

    let output = dir.path().join("late.parquet");
    tabular::normalise(&path, &output, &opts).unwrap();
    let batches = read_parquet(&output);
    assert_eq!(row_count(&batches), 6);
    assert_eq!(cell(&batches, "b", 0), None);
    assert_eq!(cell(&batches, "b", 5).as_deref(), Some("late"));
}
