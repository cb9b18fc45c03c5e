//! Parquet input: reads plain Parquet in place and gzip-wrapped Parquet from a decompressed
//! temporary copy, as record batches.
//!
//! Parquet keeps its index in a footer at the end of the file, so it needs random access, which a
//! gzip stream cannot give. Codecs are checked against the footer before any data is read, so an
//! unsupported codec is reported as such rather than as a corrupt page halfway through.

use std::fs::File;
use std::io::{Read, Seek, SeekFrom};

use arrow_array::{RecordBatch, RecordBatchReader};
use arrow_schema::{ArrowError, SchemaRef};
use parquet::arrow::arrow_reader::{ParquetRecordBatchReader, ParquetRecordBatchReaderBuilder};
use parquet::basic::Compression as Codec;
use parquet::errors::ParquetError;
use parquet::file::metadata::ParquetMetaData;
use tempfile::NamedTempFile;

use crate::error::{Error, Feature, Problem, Truncation, classify_io};
use crate::model::{Compression, Format};
use crate::source::Source;

const MAGIC: &[u8; 4] = b"PAR1";
/// Leading magic, footer length and trailing magic: the smallest possible Parquet file.
const MIN_LEN: u64 = 12;

/// Streams the batches of a Parquet file.
pub(crate) struct ParquetReader {
    reader: ParquetRecordBatchReader,
    schema: SchemaRef,
    /// The decompressed copy of a gzip-wrapped file, deleted when the reader drops.
    _spool: Option<NamedTempFile>,
}

impl ParquetReader {
    pub(crate) fn open(source: &Source, batch_size: usize) -> Result<Self, Error> {
        let (mut file, spool) = match source.compression {
            Compression::None => (File::open(&source.path).map_err(Error::io)?, None),
            Compression::Gzip => {
                let spool = source.spool(Format::Parquet)?;
                (spool.reopen().map_err(Error::io)?, Some(spool))
            }
        };
        check_tail(&mut file)?;
        let builder = ParquetRecordBatchReaderBuilder::try_new(file).map_err(parquet_error)?;
        check_codecs(builder.metadata())?;
        let reader = builder
            .with_batch_size(batch_size)
            .build()
            .map_err(parquet_error)?;
        let schema = reader.schema();
        Ok(ParquetReader {
            reader,
            schema,
            _spool: spool,
        })
    }

    pub(crate) fn schema(&self) -> SchemaRef {
        self.schema.clone()
    }

    pub(crate) fn next_batch(&mut self) -> Result<Option<RecordBatch>, Error> {
        self.reader.next().transpose().map_err(arrow_error)
    }
}

/// A Parquet file that starts with the magic (which is how it was detected) but does not end
/// with it has lost its footer, which almost always means the upload was cut short.
fn check_tail(file: &mut File) -> Result<(), Error> {
    let truncated = Error::Truncated {
        format: Some(Format::Parquet),
        part: Truncation::Parquet,
    };
    let len = file.metadata().map_err(Error::io)?.len();
    if len < MIN_LEN {
        return Err(truncated);
    }
    let mut tail = [0u8; 4];
    file.seek(SeekFrom::End(-4)).map_err(Error::io)?;
    file.read_exact(&mut tail).map_err(Error::io)?;
    file.rewind().map_err(Error::io)?;
    if &tail != MAGIC {
        return Err(truncated);
    }
    Ok(())
}

/// Rejects codecs this build cannot decode, naming the first one found.
fn check_codecs(metadata: &ParquetMetaData) -> Result<(), Error> {
    let unsupported = metadata
        .row_groups()
        .iter()
        .flat_map(|group| group.columns())
        .find_map(|column| match column.compression() {
            Codec::BROTLI(_) => Some("BROTLI"),
            Codec::LZO => Some("LZO"),
            _ => None,
        });
    match unsupported {
        Some(codec) => Err(Error::Unsupported {
            format: Some(Format::Parquet),
            feature: Feature::ParquetCodec(codec.to_string()),
        }),
        None => Ok(()),
    }
}

/// Translates a Parquet error without carrying over its message.
pub(crate) fn parquet_error(error: ParquetError) -> Error {
    let format = Some(Format::Parquet);
    match error {
        ParquetError::EOF(_)
        | ParquetError::NeedMoreData(_)
        | ParquetError::NeedMoreDataRange(_) => Error::Truncated {
            format,
            part: Truncation::Parquet,
        },
        ParquetError::NYI(_) => Error::Unsupported {
            format,
            feature: Feature::ParquetFeature,
        },
        ParquetError::External(inner) => match inner.downcast::<std::io::Error>() {
            Ok(io) => classify_io(*io, format),
            Err(_) => Error::malformed(Format::Parquet, None, Problem::CorruptParquet),
        },
        _ => Error::malformed(Format::Parquet, None, Problem::CorruptParquet),
    }
}

/// Translates an error from the batch reader, which wraps Parquet errors in Arrow ones.
fn arrow_error(error: ArrowError) -> Error {
    match error {
        ArrowError::IoError(_, io) => classify_io(io, Some(Format::Parquet)),
        ArrowError::ExternalError(inner) => match inner.downcast::<ParquetError>() {
            Ok(parquet) => parquet_error(*parquet),
            Err(_) => Error::malformed(Format::Parquet, None, Problem::CorruptParquet),
        },
        _ => Error::malformed(Format::Parquet, None, Problem::CorruptParquet),
    }
}
