//! The plain data types that describe a file: its format, compression, text encoding, columns and
//! row count.
//!
//! They are serialisable because the summary of an upload is stored and returned by the API, so
//! their serde names are part of the wire format and must not change.

use arrow_schema::Schema;
use serde::{Deserialize, Serialize};

/// The container format of a data file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Format {
    /// Delimited text with a header row.
    #[serde(rename = "csv")]
    Csv,
    /// Apache Parquet.
    #[serde(rename = "parquet")]
    Parquet,
    /// One JSON object per line.
    #[serde(rename = "jsonl")]
    JsonLines,
}

impl Format {
    /// The stable machine name, identical to the serde name.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Parquet => "parquet",
            Format::JsonLines => "jsonl",
        }
    }

    /// The name people know the format by, used in error messages in every language.
    pub fn label(self) -> &'static str {
        match self {
            Format::Csv => "CSV",
            Format::Parquet => "Parquet",
            Format::JsonLines => "JSON Lines",
        }
    }
}

/// The compression wrapped around the whole file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Compression {
    /// The file is stored as is.
    #[serde(rename = "none")]
    None,
    /// The file is one or more concatenated gzip members.
    #[serde(rename = "gzip")]
    Gzip,
}

impl Compression {
    /// The stable machine name, identical to the serde name.
    pub fn as_str(self) -> &'static str {
        match self {
            Compression::None => "none",
            Compression::Gzip => "gzip",
        }
    }
}

/// The character encoding a text file was decoded with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum TextEncoding {
    /// UTF-8, with or without a byte order mark.
    #[serde(rename = "utf-8")]
    Utf8,
    /// GB18030, which is a superset of GBK and GB2312.
    #[serde(rename = "gb18030")]
    Gb18030,
}

impl TextEncoding {
    /// The stable machine name, identical to the serde name.
    pub fn as_str(self) -> &'static str {
        match self {
            TextEncoding::Utf8 => "utf-8",
            TextEncoding::Gb18030 => "gb18030",
        }
    }

    /// The name people know the encoding by, used in error messages.
    pub fn label(self) -> &'static str {
        match self {
            TextEncoding::Utf8 => "UTF-8",
            TextEncoding::Gb18030 => "GB18030",
        }
    }
}

/// One column of a table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Column {
    /// The column name; for CSV, the header after blank names and duplicates were fixed.
    pub name: String,
    /// The Arrow data type as Arrow displays it, such as `Int64`, `Utf8` or `Timestamp(µs)`.
    pub data_type: String,
    /// Whether the column may hold nulls.
    pub nullable: bool,
}

impl Column {
    /// Describes every field of `schema` in order.
    pub fn from_schema(schema: &Schema) -> Vec<Column> {
        schema
            .fields()
            .iter()
            .map(|field| Column {
                name: field.name().clone(),
                data_type: field.data_type().to_string(),
                nullable: field.is_nullable(),
            })
            .collect()
    }
}

/// What was learned about a file by reading it completely.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    /// The container format.
    pub format: Format,
    /// The compression around the container.
    pub compression: Compression,
    /// The text encoding; set for CSV only.
    pub encoding: Option<TextEncoding>,
    /// The field delimiter; set for CSV only.
    pub delimiter: Option<char>,
    /// The columns, in file order.
    pub columns: Vec<Column>,
    /// The number of data rows, not counting a CSV header.
    pub rows: u64,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::de::IntoDeserializer;
    use serde::de::value::{Error as ValueError, StrDeserializer};

    /// Parses a unit variant from its serde name with serde's built-in string deserializer, so the
    /// test needs no JSON library.
    fn from_name<'de, T: Deserialize<'de>>(name: &'de str) -> T {
        let de: StrDeserializer<'de, ValueError> = name.into_deserializer();
        T::deserialize(de).unwrap()
    }

    #[test]
    fn machine_names_are_the_serde_names() {
        for format in [Format::Csv, Format::Parquet, Format::JsonLines] {
            assert_eq!(from_name::<Format>(format.as_str()), format);
        }
        for compression in [Compression::None, Compression::Gzip] {
            assert_eq!(from_name::<Compression>(compression.as_str()), compression);
        }
        for encoding in [TextEncoding::Utf8, TextEncoding::Gb18030] {
            assert_eq!(from_name::<TextEncoding>(encoding.as_str()), encoding);
        }
    }
}
