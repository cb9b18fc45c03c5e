//! Inputs that must be rejected, one table of cases through one `check`: the error code, the line
//! number where one applies, and that no message quotes a cell value.

use std::sync::Arc;

use arrow_array::{ArrayRef, Int64Array, RecordBatch};
use parquet::basic::Compression as Codec;
use parquet::file::properties::WriterProperties;
use tabular::{Error, Options};

use crate::support::{first_error, gbk, gzip, parquet_bytes, write};

/// A cell value planted in bad rows; no error message may contain it.
const SECRET: &str = "SECRET-4711";

struct Bad {
    name: &'static str,
    /// `None` means the file does not exist.
    bytes: Option<Vec<u8>>,
    opts: Options,
    code: &'static str,
    line: Option<u64>,
}

fn bad(name: &'static str, bytes: Vec<u8>, code: &'static str) -> Bad {
    Bad {
        name,
        bytes: Some(bytes),
        opts: Options::default(),
        code,
        line: None,
    }
}

/// Options that make the sample end before the bad row, to exercise the streaming path.
fn small_sample() -> Options {
    Options {
        batch_size: 4,
        infer_rows: 3,
        text_only: false,
    }
}

fn lines(count: usize, line: impl Fn(usize) -> String) -> String {
    (0..count).map(line).collect()
}

/// An uncompressed Parquet file whose footer is patched to claim the BROTLI codec. In the footer's
/// Thrift encoding the codec follows the column path as field header 0x15 and a zigzag varint,
/// UNCOMPRESSED (0) becoming BROTLI (4, encoded 0x08).
fn brotli_parquet() -> Vec<u8> {
    let column: ArrayRef = Arc::new(Int64Array::from(vec![1, 2, 3]));
    let batch = RecordBatch::try_from_iter([("zz_codec_col", column)]).unwrap();
    let properties = WriterProperties::builder()
        .set_compression(Codec::UNCOMPRESSED)
        .build();
    let mut bytes = parquet_bytes(&batch, Some(properties));
    let needle = b"zz_codec_col\x15\x00";
    let at = bytes
        .windows(needle.len())
        .rposition(|w| w == needle)
        .expect("codec field not found in footer");
    bytes[at + needle.len() - 1] = 0x08;
    bytes
}

fn cases() -> Vec<Bad> {
    let big_csv = lines(20_000, |i| format!("{i},{}\n", i * 31));
    let mut truncated_gzip = gzip(format!("a,b\n{big_csv}").as_bytes());
    truncated_gzip.truncate(truncated_gzip.len() / 2);
    let mut corrupt_gzip = gzip(b"a,b\n1,2\n");
    let at = corrupt_gzip.len() - 5;
    corrupt_gzip[at] ^= 0xff;
    let column: ArrayRef = Arc::new(Int64Array::from((0..1000).collect::<Vec<i64>>()));
    let parquet = parquet_bytes(&RecordBatch::try_from_iter([("n", column)]).unwrap(), None);
    let truncated_parquet = parquet[..parquet.len() / 2].to_vec();

    vec![
        Bad {
            bytes: None,
            ..bad("missing file", Vec::new(), "data.io")
        },
        bad("empty file", Vec::new(), "data.empty"),
        bad("gzip of empty", gzip(b""), "data.empty"),
        bad("whitespace only", b"  \r\n\n".to_vec(), "data.empty"),
        bad(
            "binary garbage",
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00".to_vec(),
            "data.unrecognized_format",
        ),
        bad("truncated gzip", truncated_gzip, "data.truncated"),
        bad("corrupt gzip", corrupt_gzip, "data.malformed"),
        bad("truncated parquet", truncated_parquet, "data.truncated"),
        bad("brotli parquet", brotli_parquet(), "data.unsupported"),
        bad(
            "nested gzip",
            gzip(&gzip(b"a,b\n1,2\n")),
            "data.unsupported",
        ),
        bad(
            "utf-16",
            b"\xFF\xFEa\x00,\x00b\x00".to_vec(),
            "data.unsupported",
        ),
        Bad {
            line: Some(4),
            ..bad(
                "ragged row in sample",
                format!("a,b\n1,2\n3,4\n5,{SECRET},6\n").into_bytes(),
                "data.malformed",
            )
        },
        Bad {
            line: Some(4),
            ..bad(
                "ragged row after quoted newline",
                format!("a,b\n\"x\ny\",1\n2,3,{SECRET}\n").into_bytes(),
                "data.malformed",
            )
        },
        Bad {
            opts: small_sample(),
            line: Some(32),
            ..bad(
                "ragged row after sample",
                format!("a,b\n{}{SECRET}\n", lines(30, |i| format!("{i},x\n"))).into_bytes(),
                "data.malformed",
            )
        },
        Bad {
            opts: small_sample(),
            line: Some(12),
            ..bad(
                "ragged row after a type break in the same batch",
                format!(
                    "a,b\n{}1,oops\n2,{SECRET},3\n",
                    lines(9, |i| format!("{i},{i}\n"))
                )
                .into_bytes(),
                "data.malformed",
            )
        },
        Bad {
            line: Some(3),
            ..bad(
                "invalid json in sample",
                format!("{{\"a\":1}}\n\n{{\"a\": {SECRET}}}\n").into_bytes(),
                "data.malformed",
            )
        },
        Bad {
            opts: small_sample(),
            line: Some(7),
            ..bad(
                "invalid json after sample",
                format!(
                    "{}\n{{\"a\":{SECRET}\n",
                    lines(5, |i| format!("{{\"a\":{i}}}\n"))
                )
                .into_bytes(),
                "data.malformed",
            )
        },
        Bad {
            line: Some(2),
            ..bad(
                "json line not an object",
                b"{\"a\":1}\n[1,2]\n".to_vec(),
                "data.malformed",
            )
        },
        Bad {
            line: Some(1),
            ..bad(
                "two json values on a line",
                format!("{{\"a\":\"{SECRET}\"}} {{\"a\":2}}\n").into_bytes(),
                "data.malformed",
            )
        },
        bad(
            "invalid in utf-8 and gb18030",
            b"a,b\n1,\xFF\xFF\n".to_vec(),
            "data.bad_encoding",
        ),
        bad(
            "gbk json lines",
            gbk("{\"名\":\"张三\"}\n"),
            "data.bad_encoding",
        ),
    ]
}

fn check(case: &Bad) {
    let dir = tempfile::tempdir().unwrap();
    let path = match &case.bytes {
        Some(bytes) => write(dir.path(), "upload", bytes),
        None => dir.path().join("missing"),
    };
    let name = case.name;
    let error = first_error(&path, &case.opts);
    assert_eq!(error.code(), case.code, "{name}: {error}");
    assert_eq!(error.line(), case.line, "{name}: {error}");
    check_message(name, &error);

    // Normalising fails the same way and leaves nothing at the destination.
    let output = dir.path().join("out.parquet");
    let error = tabular::normalise(&path, &output, &case.opts).unwrap_err();
    assert_eq!(error.code(), case.code, "{name} (normalise): {error}");
    assert!(!output.exists(), "{name}: partial output left behind");
}

fn check_message(name: &str, error: &Error) {
    for message in [error.to_string(), error.message_zh()] {
        assert!(!message.contains(SECRET), "{name}: {message}");
        assert!(!message.contains('\n'), "{name}: {message}");
        assert!(
            message.ends_with('.') || message.ends_with('。'),
            "{name}: {message}"
        );
    }
}

#[test]
fn bad_inputs() {
    for case in cases() {
        check(&case);
    }
}
