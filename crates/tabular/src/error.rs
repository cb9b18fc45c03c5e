//! The crate's error type: one variant per failure mode, each with a stable machine code, a
//! one-sentence English `Display` and a Chinese `message_zh`.
//!
//! Messages are built only from structural facts (format, line number, column name, expected type,
//! byte offset) and never from cell values or library messages, because uploaded data may hold
//! personal information and these messages end up in logs and API responses.

mod detail;
mod fault;

pub use detail::{Feature, Problem, Truncation};
pub(crate) use fault::{StreamFault, classify_io};

use crate::model::{Compression, Format, TextEncoding};

/// Why a file could not be read or normalised.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The file, or the gzip stream inside it, holds no data at all.
    #[error("{}", empty_en(*compression))]
    Empty {
        /// The compression the empty content was found inside.
        compression: Compression,
    },
    /// The content is none of the supported formats.
    #[error("The file is not CSV, JSON Lines or Parquet; it looks like binary data.")]
    UnrecognizedFormat,
    /// The text is not valid in any encoding the format allows.
    #[error("{}", bad_encoding_en(*format, *encoding, *offset))]
    BadEncoding {
        /// The format the text was being read as.
        format: Option<Format>,
        /// The last encoding tried.
        encoding: TextEncoding,
        /// The offset of the first invalid byte in the decompressed stream, counting any BOM.
        offset: u64,
    },
    /// The content breaks the rules of its format.
    #[error("{} is malformed{}: {}.", subject(*format), at_line(*line), problem)]
    Malformed {
        /// The format, if it was known when the problem was found.
        format: Option<Format>,
        /// The 1-based line the offending record starts on, where known.
        line: Option<u64>,
        /// What is wrong.
        problem: Problem,
    },
    /// The file ends early.
    #[error("{} is truncated: {}.", subject(*format), part)]
    Truncated {
        /// The format, if it was known when the end was found.
        format: Option<Format>,
        /// Which layer ended early.
        part: Truncation,
    },
    /// The file uses a feature this crate cannot read.
    #[error("{} uses {}, which is not supported.", subject(*format), feature)]
    Unsupported {
        /// The format, if it was known when the feature was found.
        format: Option<Format>,
        /// The feature.
        feature: Feature,
    },
    /// The operating system refused a read or write.
    #[error("The file could not be read or written ({}).", source.kind())]
    Io {
        /// The underlying error, kept for logs; its text is not part of `Display`.
        source: std::io::Error,
    },
}

impl Error {
    /// A stable identifier for the failure mode, for API responses and metrics.
    pub fn code(&self) -> &'static str {
        match self {
            Error::Empty { .. } => "data.empty",
            Error::UnrecognizedFormat => "data.unrecognized_format",
            Error::BadEncoding { .. } => "data.bad_encoding",
            Error::Malformed { .. } => "data.malformed",
            Error::Truncated { .. } => "data.truncated",
            Error::Unsupported { .. } => "data.unsupported",
            Error::Io { .. } => "data.io",
        }
    }

    /// The format the error concerns, where it was known.
    pub fn format(&self) -> Option<Format> {
        match self {
            Error::BadEncoding { format, .. }
            | Error::Malformed { format, .. }
            | Error::Truncated { format, .. }
            | Error::Unsupported { format, .. } => *format,
            Error::Empty { .. } | Error::UnrecognizedFormat | Error::Io { .. } => None,
        }
    }

    /// The 1-based line number the error points at, where known.
    pub fn line(&self) -> Option<u64> {
        match self {
            Error::Malformed { line, .. } => *line,
            _ => None,
        }
    }

    /// The same message as `Display`, in Chinese, carrying the same context.
    pub fn message_zh(&self) -> String {
        match self {
            Error::Empty {
                compression: Compression::None,
            } => "文件为空。".to_string(),
            Error::Empty {
                compression: Compression::Gzip,
            } => "gzip 压缩文件解压后没有任何内容。".to_string(),
            Error::UnrecognizedFormat => {
                "无法识别文件格式：文件不是 CSV、JSON Lines 或 Parquet，看起来是二进制数据。"
                    .to_string()
            }
            Error::BadEncoding {
                format,
                encoding,
                offset,
            } => bad_encoding_zh(*format, *encoding, *offset),
            Error::Malformed {
                format,
                line,
                problem,
            } => match line {
                Some(line) => format!(
                    "{}第 {line} 行格式错误：{}。",
                    subject_zh(*format),
                    problem.zh()
                ),
                None => format!("{}格式错误：{}。", subject_zh(*format), problem.zh()),
            },
            Error::Truncated { format, part } => {
                format!("{}不完整：{}。", subject_zh(*format), part.zh())
            }
            Error::Unsupported { format, feature } => {
                format!("{}使用了不受支持的{}。", subject_zh(*format), feature.zh())
            }
            Error::Io { source } => {
                format!("读取或写入文件失败（{}）。", io_kind_zh(source.kind()))
            }
        }
    }

    /// Wraps an IO error that carries no crate-specific meaning.
    pub(crate) fn io(source: std::io::Error) -> Error {
        Error::Io { source }
    }

    /// Builds a `Malformed` error.
    pub(crate) fn malformed(format: Format, line: Option<u64>, problem: Problem) -> Error {
        Error::Malformed {
            format: Some(format),
            line,
            problem,
        }
    }
}

fn subject(format: Option<Format>) -> String {
    match format {
        Some(format) => format!("The {} file", format.label()),
        None => "The file".to_string(),
    }
}

fn subject_zh(format: Option<Format>) -> String {
    match format {
        Some(format) => format!("{} 文件", format.label()),
        None => "文件".to_string(),
    }
}

fn at_line(line: Option<u64>) -> String {
    match line {
        Some(line) => format!(" at line {line}"),
        None => String::new(),
    }
}

/// Names the common IO failure kinds in Chinese and falls back to Rust's English name.
fn io_kind_zh(kind: std::io::ErrorKind) -> String {
    match kind {
        std::io::ErrorKind::NotFound => "文件不存在".to_string(),
        std::io::ErrorKind::PermissionDenied => "没有访问权限".to_string(),
        std::io::ErrorKind::StorageFull => "磁盘空间不足".to_string(),
        other => other.to_string(),
    }
}

fn empty_en(compression: Compression) -> &'static str {
    match compression {
        Compression::None => "The file is empty.",
        Compression::Gzip => "The gzip file contains no data once decompressed.",
    }
}

fn bad_encoding_en(format: Option<Format>, encoding: TextEncoding, offset: u64) -> String {
    match (format, encoding) {
        (Some(Format::JsonLines), _) => format!(
            "The JSON Lines file is not valid UTF-8 text (first invalid byte at offset {offset}), and JSON must be UTF-8."
        ),
        (_, TextEncoding::Gb18030) => format!(
            "{} is neither valid UTF-8 nor valid GB18030 text (first invalid byte at offset {offset}).",
            subject(format)
        ),
        (_, TextEncoding::Utf8) => format!(
            "{} is not valid UTF-8 text (first invalid byte at offset {offset}).",
            subject(format)
        ),
    }
}

fn bad_encoding_zh(format: Option<Format>, encoding: TextEncoding, offset: u64) -> String {
    match (format, encoding) {
        (Some(Format::JsonLines), _) => format!(
            "JSON Lines 文件不是有效的 UTF-8 文本（第一个无效字节位于偏移量 {offset}），而 JSON 必须使用 UTF-8 编码。"
        ),
        (_, TextEncoding::Gb18030) => format!(
            "{}既不是有效的 UTF-8 文本，也不是有效的 GB18030 文本（第一个无效字节位于偏移量 {offset}）。",
            subject_zh(format)
        ),
        (_, TextEncoding::Utf8) => format!(
            "{}不是有效的 UTF-8 文本（第一个无效字节位于偏移量 {offset}）。",
            subject_zh(format)
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn samples() -> Vec<Error> {
        vec![
            Error::Empty {
                compression: Compression::None,
            },
            Error::Empty {
                compression: Compression::Gzip,
            },
            Error::UnrecognizedFormat,
            Error::BadEncoding {
                format: Some(Format::Csv),
                encoding: TextEncoding::Gb18030,
                offset: 6,
            },
            Error::BadEncoding {
                format: Some(Format::JsonLines),
                encoding: TextEncoding::Utf8,
                offset: 6,
            },
            Error::malformed(
                Format::Csv,
                Some(4),
                Problem::FieldCount {
                    expected: 3,
                    found: 4,
                },
            ),
            Error::malformed(
                Format::Csv,
                Some(9),
                Problem::TypeMismatch {
                    column: "age".into(),
                    expected: "Int64".into(),
                },
            ),
            Error::malformed(Format::JsonLines, None, Problem::JsonIncompatibleTypes),
            Error::Truncated {
                format: None,
                part: Truncation::Gzip,
            },
            Error::Unsupported {
                format: Some(Format::Parquet),
                feature: Feature::ParquetCodec("BROTLI".into()),
            },
            Error::io(std::io::Error::new(
                std::io::ErrorKind::NotFound,
                "secret path",
            )),
        ]
    }

    #[test]
    fn every_message_is_one_sentence_in_both_languages() {
        for error in samples() {
            let en = error.to_string();
            assert!(en.ends_with('.'), "{en}");
            assert!(!en.contains('\n'), "{en}");
            assert_eq!(en.matches(". ").count(), 0, "{en}");
            let zh = error.message_zh();
            assert!(zh.ends_with('。'), "{zh}");
            assert_eq!(zh.matches('。').count(), 1, "{zh}");
            assert!(error.code().starts_with("data."));
        }
    }

    #[test]
    fn messages_carry_structural_context() {
        let error = Error::malformed(
            Format::Csv,
            Some(4),
            Problem::FieldCount {
                expected: 3,
                found: 4,
            },
        );
        assert_eq!(
            error.to_string(),
            "The CSV file is malformed at line 4: expected 3 fields but found 4."
        );
        assert_eq!(
            error.message_zh(),
            "CSV 文件第 4 行格式错误：应有 3 个字段，实际有 4 个。"
        );
        assert_eq!(error.line(), Some(4));
        assert_eq!(error.format(), Some(Format::Csv));
    }

    #[test]
    fn io_display_leaves_out_the_cause() {
        let error = Error::io(std::io::Error::new(
            std::io::ErrorKind::NotFound,
            "secret path",
        ));
        assert!(!error.to_string().contains("secret"));
        assert!(std::error::Error::source(&error).is_some());
    }
}
