//! JSON Lines input: infers a schema with arrow-json from a sample, then feeds the file to
//! arrow-json's decoder one line at a time, so every error has an exact line number.
//!
//! JSON Lines must be UTF-8 (RFC 8259 requires UTF-8 for JSON exchanged between systems), so the
//! text is validated as UTF-8 and a file in any other encoding is rejected as `BadEncoding` rather
//! than guessed at. The decoder runs in strict mode, so a key missing from the sampled schema is an
//! error that triggers re-inference over the whole file instead of being silently dropped.

mod diagnose;
mod trap;

use std::io::{BufRead, BufReader};
use std::sync::Arc;

use arrow_array::RecordBatch;
use arrow_json::reader::{Decoder, infer_json_schema};
use arrow_schema::SchemaRef;

use crate::encoding::{TextReader, open_text};
use crate::error::{Error, Problem, classify_io};
use crate::model::{Format, TextEncoding};
use crate::source::Source;

/// How to read a JSON Lines file.
#[derive(Debug, Clone)]
pub(crate) struct JsonPlan {
    pub(crate) schema: SchemaRef,
    /// Whether the schema was inferred from every line, so it cannot be improved on.
    pub(crate) whole_file: bool,
}

/// Infers the schema from the first `limit` non-blank lines, or all of them for `None`.
pub(crate) fn plan(source: &Source, limit: Option<usize>) -> Result<JsonPlan, Error> {
    let mut text = trap::FaultTrap::new(open_text(source, TextEncoding::Utf8)?);
    let inferred = infer_json_schema(&mut text, limit);
    if let Some(fault) = text.take_fault() {
        return Err(classify_io(fault, Some(Format::JsonLines)));
    }
    match inferred {
        Ok((schema, sampled)) => Ok(JsonPlan {
            schema: Arc::new(schema),
            whole_file: limit.is_none_or(|limit| sampled < limit),
        }),
        Err(_) => Err(diagnose::first_problem(source, None)),
    }
}

/// Builds the decoder used for reading and diagnosis alike.
///
/// arrow-json refuses only schemas it cannot represent, and every schema here comes from its own
/// inference (or is empty), so a refusal means the inferred types contradict each other.
pub(crate) fn build_decoder(
    schema: SchemaRef,
    batch_size: usize,
    strict: bool,
) -> Result<Decoder, Error> {
    arrow_json::ReaderBuilder::new(schema)
        .with_batch_size(batch_size)
        .with_strict_mode(strict)
        .with_coerce_primitive(true)
        .build_decoder()
        .map_err(|_| Error::malformed(Format::JsonLines, None, Problem::JsonIncompatibleTypes))
}

/// Whether a line holds nothing but whitespace; such lines separate nothing and are skipped,
/// matching arrow-json's inference, which trims lines the same way.
pub(crate) fn is_blank(line: &str) -> bool {
    line.trim().is_empty()
}

/// Feeds one non-blank line to `decoder`, requiring it to hold exactly one complete JSON value.
pub(crate) fn feed_line(decoder: &mut Decoder, line: &str, number: u64) -> Result<(), Error> {
    let malformed = |problem| Error::malformed(Format::JsonLines, Some(number), problem);
    let before = decoder.len();
    let used = decoder
        .decode(line.as_bytes())
        .map_err(|_| malformed(Problem::JsonSyntax))?;
    if decoder.has_partial_record() {
        return Err(malformed(Problem::JsonIncomplete));
    }
    if used < line.len() || decoder.len() > before + 1 {
        return Err(malformed(Problem::JsonSeveralValues));
    }
    Ok(())
}

/// Why a batch could not be produced under the current plan.
enum Hitch {
    /// Converting buffered values to arrays failed: a value does not fit the schema.
    Type,
    /// Anything no re-plan can fix.
    Fatal(Error),
}

/// Streams a JSON Lines file as record batches, re-inferring once if a later line does not fit.
pub(crate) struct JsonReader {
    source: Source,
    plan: JsonPlan,
    batch_size: usize,
    text: BufReader<TextReader>,
    decoder: Decoder,
    line: String,
    /// Physical lines read so far, for error messages.
    line_number: u64,
    rows: u64,
    restarts: u32,
}

impl JsonReader {
    pub(crate) fn new(source: Source, plan: JsonPlan, batch_size: usize) -> Result<Self, Error> {
        let text = open_text(&source, TextEncoding::Utf8)?;
        let decoder = build_decoder(plan.schema.clone(), batch_size, true)?;
        Ok(JsonReader {
            source,
            plan,
            batch_size,
            text,
            decoder,
            line: String::new(),
            line_number: 0,
            rows: 0,
            restarts: 0,
        })
    }

    pub(crate) fn plan(&self) -> &JsonPlan {
        &self.plan
    }

    pub(crate) fn restarts(&self) -> u32 {
        self.restarts
    }

    /// The next batch, re-inferring over the whole file once if a value does not fit.
    pub(crate) fn next_batch(&mut self) -> Result<Option<RecordBatch>, Error> {
        loop {
            match self.read_batch() {
                Ok(batch) => {
                    if let Some(batch) = &batch {
                        self.rows += batch.num_rows() as u64;
                    }
                    return Ok(batch);
                }
                Err(Hitch::Type) if !self.plan.whole_file => {
                    self.plan = plan(&self.source, None)?;
                    self.restart()?;
                }
                Err(Hitch::Type) => {
                    return Err(diagnose::first_problem(
                        &self.source,
                        Some(self.plan.schema.clone()),
                    ));
                }
                Err(Hitch::Fatal(error)) => return Err(error),
            }
        }
    }

    /// Reads the next line into `self.line`; false at the end of the file.
    fn next_line(&mut self) -> Result<bool, Error> {
        self.line.clear();
        let read = self
            .text
            .read_line(&mut self.line)
            .map_err(|e| classify_io(e, Some(Format::JsonLines)))?;
        if read > 0 {
            self.line_number += 1;
        }
        Ok(read > 0)
    }

    fn read_batch(&mut self) -> Result<Option<RecordBatch>, Hitch> {
        while self.decoder.len() < self.batch_size {
            if !self.next_line().map_err(Hitch::Fatal)? {
                break;
            }
            if is_blank(&self.line) {
                continue;
            }
            feed_line(&mut self.decoder, &self.line, self.line_number).map_err(Hitch::Fatal)?;
        }
        self.decoder.flush().map_err(|_| Hitch::Type)
    }

    /// Reopens the file under the current plan and skips the rows already handed out.
    fn restart(&mut self) -> Result<(), Error> {
        self.text = open_text(&self.source, TextEncoding::Utf8)?;
        self.decoder = build_decoder(self.plan.schema.clone(), self.batch_size, true)?;
        self.line_number = 0;
        self.restarts += 1;
        let mut skipped = 0;
        while skipped < self.rows && self.next_line()? {
            if !is_blank(&self.line) {
                skipped += 1;
            }
        }
        Ok(())
    }
}
