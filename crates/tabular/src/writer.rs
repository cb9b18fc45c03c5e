//! Normalisation: reading any supported file in full and writing it as snappy-compressed Parquet,
//! with an exact summary.
//!
//! Output goes to a temporary file beside the destination and is renamed into place only when
//! complete, so a failure never leaves a partial Parquet file where a good one is expected. Row
//! groups are flushed by size, so writing needs bounded memory however large the input is.

use std::fs::File;
use std::path::Path;

use arrow_schema::SchemaRef;
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression as Codec;
use parquet::file::properties::WriterProperties;
use tempfile::NamedTempFile;

use crate::Options;
use crate::error::Error;
use crate::model::{Compression, Format, Summary};
use crate::parquet_in::parquet_error;
use crate::source::parent_dir;
use crate::table::Table;

/// Flush the in-progress row group once its buffered size passes this, to bound memory.
const FLUSH_BYTES: usize = 64 * 1024 * 1024;
/// The most rows in one row group.
const MAX_ROW_GROUP_ROWS: usize = 1024 * 1024;

/// Reads the whole file at `input` and writes it as Parquet (snappy) to `output`, returning the
/// full summary with the exact row count.
///
/// An input that is already plain, uncompressed-container Parquet is validated by decoding every
/// batch and nothing is written: the result is `(summary, false)`. Otherwise the result is
/// `(summary, true)`. If reading has to restart with a better plan after rows were written (see
/// [`Table`]), the output is started over so it has one schema throughout.
pub fn normalise(input: &Path, output: &Path, opts: &Options) -> Result<(Summary, bool), Error> {
    let mut table = Table::open(input, opts)?;
    if table.format() == Format::Parquet && table.compression() == Compression::None {
        for batch in table.by_ref() {
            batch?;
        }
        return Ok((table.summary(), false));
    }
    loop {
        match write_all(&mut table, output)? {
            Written::Done => return Ok((table.summary(), true)),
            Written::Replanned => table = table.reopen()?,
        }
    }
}

/// Whether a write attempt finished or must start over under a better plan.
enum Written {
    Done,
    Replanned,
}

fn write_all(table: &mut Table, output: &Path) -> Result<Written, Error> {
    let spool = NamedTempFile::new_in(parent_dir(output)).map_err(Error::io)?;
    let mut writer: Option<(ArrowWriter<File>, u32)> = None;
    while let Some(batch) = table.next() {
        let batch = batch?;
        let (writer, plan_at_start) = match &mut writer {
            Some(open) => open,
            None => writer.insert((open_writer(&spool, batch.schema())?, table.restarts())),
        };
        if table.restarts() != *plan_at_start {
            // Rows already written follow an older schema or decoding; the spool is dropped and
            // deleted, and the caller starts over from the first row.
            return Ok(Written::Replanned);
        }
        writer.write(&batch).map_err(parquet_error)?;
        if writer.in_progress_size() > FLUSH_BYTES {
            writer.flush().map_err(parquet_error)?;
        }
    }
    let writer = match writer {
        Some((writer, _)) => writer,
        // A file with a header but no rows still gets a valid Parquet file with its schema.
        None => open_writer(&spool, table.schema())?,
    };
    writer.close().map_err(parquet_error)?;
    spool.as_file().sync_all().map_err(Error::io)?;
    spool
        .persist(output)
        .map_err(|persist| Error::io(persist.error))?;
    Ok(Written::Done)
}

fn open_writer(spool: &NamedTempFile, schema: SchemaRef) -> Result<ArrowWriter<File>, Error> {
    let file = spool.reopen().map_err(Error::io)?;
    let properties = WriterProperties::builder()
        .set_compression(Codec::SNAPPY)
        .set_max_row_group_row_count(Some(MAX_ROW_GROUP_ROWS))
        .build();
    ArrowWriter::try_new(file, schema, Some(properties)).map_err(parquet_error)
}
