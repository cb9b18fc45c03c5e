//! Format detection from the first bytes of a file.
//!
//! Detection is by content, never by file name, because uploads arrive with arbitrary names: gzip
//! and Parquet have magic numbers, JSON Lines starts with `{`, and anything else that looks like
//! text is treated as CSV.

use std::io::Read;

use flate2::read::MultiGzDecoder;

use crate::error::Feature;
use crate::model::{Compression, Format};
use crate::source::{WINDOW, is_gzip};

const PARQUET_MAGIC: &[u8] = b"PAR1";
const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// What a window of decompressed bytes looks like.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Detected {
    /// No data at all, or only whitespace.
    Empty,
    /// A supported format.
    Format(Format),
    /// Binary data of no supported format.
    Binary,
    /// Recognisable, but not something this crate reads.
    Unsupported(Feature),
}

/// Guesses the format and compression from the first bytes of a file.
///
/// A gzip prefix is decompressed as far as it goes and the content inside is inspected, so callers
/// may pass either the raw prefix or an already decompressed one. Returns `None` for empty or
/// unrecognised content.
pub fn sniff(prefix: &[u8]) -> Option<(Format, Compression)> {
    let (inner, compression) = if is_gzip(prefix) {
        (gunzip_prefix(prefix), Compression::Gzip)
    } else {
        (prefix.to_vec(), Compression::None)
    };
    match detect(&inner, false) {
        Detected::Format(format) => Some((format, compression)),
        Detected::Empty | Detected::Binary | Detected::Unsupported(_) => None,
    }
}

/// Decompresses as much of a gzip prefix as possible; a prefix normally stops mid-stream, so the
/// error at its end is expected and ignored.
fn gunzip_prefix(prefix: &[u8]) -> Vec<u8> {
    let mut decoder = MultiGzDecoder::new(prefix);
    let mut out = Vec::new();
    let mut chunk = vec![0u8; 8 * 1024];
    while out.len() < WINDOW {
        match decoder.read(&mut chunk) {
            Ok(0) | Err(_) => break,
            Ok(n) => out.extend_from_slice(&chunk[..n]),
        }
    }
    out
}

/// Classifies a window of decompressed bytes; `complete` says whether it is the whole stream,
/// which is the only case in which whitespace alone means the file is empty.
pub(crate) fn detect(window: &[u8], complete: bool) -> Detected {
    if window.starts_with(PARQUET_MAGIC) {
        return Detected::Format(Format::Parquet);
    }
    if is_gzip(window) {
        return Detected::Unsupported(Feature::NestedGzip);
    }
    if window.starts_with(b"\xFF\xFE") || window.starts_with(b"\xFE\xFF") {
        return Detected::Unsupported(Feature::Utf16);
    }
    let text = window.strip_prefix(UTF8_BOM).unwrap_or(window);
    match text.iter().find(|b| !b.is_ascii_whitespace()) {
        None if complete || text.is_empty() => Detected::Empty,
        Some(b'{') => Detected::Format(Format::JsonLines),
        _ if looks_binary(text) => Detected::Binary,
        _ => Detected::Format(Format::Csv),
    }
}

/// Text never holds NUL, and holds other control characters (apart from whitespace, form feed,
/// escape and the DOS end-of-file mark) only by accident; a window where they are common is binary.
fn looks_binary(bytes: &[u8]) -> bool {
    if bytes.contains(&0) {
        return true;
    }
    let controls = bytes
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0b | 0x0c | 0x1a | 0x1b))
        .count();
    controls * 20 > bytes.len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use flate2::write::GzEncoder;
    use std::io::Write;

    fn gzip(bytes: &[u8]) -> Vec<u8> {
        let mut encoder = GzEncoder::new(Vec::new(), flate2::Compression::default());
        encoder.write_all(bytes).unwrap();
        encoder.finish().unwrap()
    }

    /// Name, prefix, and what `sniff` should say about it.
    type Case = (&'static str, Vec<u8>, Option<(Format, Compression)>);

    #[test]
    fn sniff_cases() {
        let cases: &[Case] = &[
            (
                "csv",
                b"a,b\n1,2\n".to_vec(),
                Some((Format::Csv, Compression::None)),
            ),
            (
                "bom csv",
                b"\xEF\xBB\xBFa;b\n".to_vec(),
                Some((Format::Csv, Compression::None)),
            ),
            (
                "jsonl",
                b"  \n{\"a\":1}\n".to_vec(),
                Some((Format::JsonLines, Compression::None)),
            ),
            (
                "bom jsonl",
                b"\xEF\xBB\xBF{\"a\":1}".to_vec(),
                Some((Format::JsonLines, Compression::None)),
            ),
            (
                "parquet",
                b"PAR1\x15\x00".to_vec(),
                Some((Format::Parquet, Compression::None)),
            ),
            (
                "gzip csv",
                gzip(b"a,b\n1,2\n"),
                Some((Format::Csv, Compression::Gzip)),
            ),
            (
                "gzip jsonl",
                gzip(b"{\"a\":1}\n"),
                Some((Format::JsonLines, Compression::Gzip)),
            ),
            (
                "gzip parquet",
                gzip(b"PAR1rest"),
                Some((Format::Parquet, Compression::Gzip)),
            ),
            ("binary", vec![0x89, b'P', b'N', b'G', 0, 0, 0, 13], None),
            ("controls", vec![1, 2, 3, 4, 5, 6, b'a'], None),
            ("empty", Vec::new(), None),
            ("utf-16", b"\xFF\xFEa\x00".to_vec(), None),
            (
                "gbk csv",
                encoding_rs::GBK
                    .encode("姓名,城市\n张三,北京\n")
                    .0
                    .into_owned(),
                Some((Format::Csv, Compression::None)),
            ),
        ];
        for (name, bytes, expected) in cases {
            assert_eq!(&sniff(bytes), expected, "case {name}");
        }
    }

    #[test]
    fn truncated_gzip_prefix_still_sniffs() {
        let body: String = (0..5000).map(|i| format!("{i},{}\n", i * 7)).collect();
        let packed = gzip(format!("a,b\n{body}").as_bytes());
        assert_eq!(
            sniff(&packed[..packed.len() / 3]),
            Some((Format::Csv, Compression::Gzip))
        );
    }

    #[test]
    fn whitespace_is_empty_only_when_complete() {
        assert_eq!(detect(b" \n\r\n", true), Detected::Empty);
        assert_eq!(detect(b"", false), Detected::Empty);
        assert_eq!(detect(b"\xEF\xBB\xBF", true), Detected::Empty);
        assert_eq!(detect(b" \n", false), Detected::Format(Format::Csv));
        assert_eq!(
            detect(&gzip(b"x"), true),
            Detected::Unsupported(Feature::NestedGzip)
        );
    }
}
