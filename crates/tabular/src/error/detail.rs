//! The structured details inside an `Error`: what exactly is malformed, which layer is
//! truncated, which feature is unsupported.
//!
//! Each detail renders as an English clause through `Display` and a Chinese clause through `zh`,
//! so both message languages are built from the same facts and neither can leak cell values.

use std::fmt;

/// What is wrong with a malformed file.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Problem {
    /// A CSV record has a different number of fields than the header.
    FieldCount {
        /// Fields in the header.
        expected: usize,
        /// Fields in the record.
        found: usize,
    },
    /// A CSV value does not parse as its column's type.
    TypeMismatch {
        /// The column name.
        column: String,
        /// The Arrow type the column was given.
        expected: String,
    },
    /// A CSV record could not be parsed, for a reason the reader did not pin down.
    UnparseableRecord,
    /// A JSON Lines line is not valid JSON.
    JsonSyntax,
    /// A JSON Lines line holds a value that is not an object.
    JsonNotObject,
    /// A JSON Lines line ends in the middle of a value.
    JsonIncomplete,
    /// A JSON Lines line holds more than one value.
    JsonSeveralValues,
    /// A JSON Lines value does not fit the column types inferred for the file.
    JsonSchemaMismatch,
    /// A JSON field holds objects on some lines and other kinds of value on others.
    JsonIncompatibleTypes,
    /// The gzip data is corrupt.
    CorruptGzip,
    /// The Parquet structure is corrupt.
    CorruptParquet,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::FieldCount { expected, found } => {
                write!(f, "expected {expected} fields but found {found}")
            }
            Problem::TypeMismatch { column, expected } => {
                write!(
                    f,
                    "a value in column \"{column}\" is not a valid {expected}"
                )
            }
            Problem::UnparseableRecord => f.write_str("a record could not be parsed"),
            Problem::JsonSyntax => f.write_str("the line is not valid JSON"),
            Problem::JsonNotObject => {
                f.write_str("the line holds a JSON value that is not an object")
            }
            Problem::JsonIncomplete => f.write_str("the JSON value does not end on its line"),
            Problem::JsonSeveralValues => f.write_str("the line holds more than one JSON value"),
            Problem::JsonSchemaMismatch => {
                f.write_str("a value does not match the column types inferred for the file")
            }
            Problem::JsonIncompatibleTypes => f.write_str(
                "a field holds objects or arrays on some lines and plain values on others",
            ),
            Problem::CorruptGzip => f.write_str("the gzip data is corrupt"),
            Problem::CorruptParquet => f.write_str("the Parquet structure is corrupt"),
        }
    }
}

impl Problem {
    /// The Chinese clause for this problem.
    pub fn zh(&self) -> String {
        match self {
            Problem::FieldCount { expected, found } => {
                format!("应有 {expected} 个字段，实际有 {found} 个")
            }
            Problem::TypeMismatch { column, expected } => {
                format!("列“{column}”中有值不是有效的 {expected}")
            }
            Problem::UnparseableRecord => "有一条记录无法解析".to_string(),
            Problem::JsonSyntax => "该行不是有效的 JSON".to_string(),
            Problem::JsonNotObject => "该行的 JSON 值不是对象".to_string(),
            Problem::JsonIncomplete => "该行的 JSON 值没有在本行内结束".to_string(),
            Problem::JsonSeveralValues => "该行包含多个 JSON 值".to_string(),
            Problem::JsonSchemaMismatch => "有值与为文件推断出的列类型不符".to_string(),
            Problem::JsonIncompatibleTypes => {
                "某个字段在一些行中是对象或数组，在另一些行中是普通值".to_string()
            }
            Problem::CorruptGzip => "gzip 数据已损坏".to_string(),
            Problem::CorruptParquet => "Parquet 结构已损坏".to_string(),
        }
    }
}

/// Which layer of a file ended early.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Truncation {
    /// The gzip stream stops before its end marker.
    Gzip,
    /// The Parquet footer is missing or cut short.
    Parquet,
}

impl fmt::Display for Truncation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Truncation::Gzip => "the gzip stream stops before its end marker",
            Truncation::Parquet => "its footer is missing or cut short",
        })
    }
}

impl Truncation {
    /// The Chinese clause for this truncation.
    pub fn zh(&self) -> &'static str {
        match self {
            Truncation::Gzip => "gzip 数据流在结束标记之前中断",
            Truncation::Parquet => "文件尾缺失或不完整",
        }
    }
}

/// A feature of the file that this crate cannot read.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Feature {
    /// A Parquet compression codec this build cannot decode, named as Parquet names it.
    ParquetCodec(String),
    /// A part of the Parquet specification the reader does not implement.
    ParquetFeature,
    /// Text encoded as UTF-16.
    Utf16,
    /// A gzip stream inside a gzip stream.
    NestedGzip,
}

impl fmt::Display for Feature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Feature::ParquetCodec(codec) => write!(f, "the {codec} compression codec"),
            Feature::ParquetFeature => {
                f.write_str("a Parquet feature this reader does not implement")
            }
            Feature::Utf16 => f.write_str("the UTF-16 text encoding"),
            Feature::NestedGzip => f.write_str("gzip compression nested inside gzip"),
        }
    }
}

impl Feature {
    /// The Chinese noun phrase for this feature.
    pub fn zh(&self) -> String {
        match self {
            Feature::ParquetCodec(codec) => format!(" {codec} 压缩编码"),
            Feature::ParquetFeature => "读取器尚未实现的 Parquet 特性".to_string(),
            Feature::Utf16 => " UTF-16 文本编码".to_string(),
            Feature::NestedGzip => "嵌套在 gzip 中的 gzip 压缩".to_string(),
        }
    }
}
