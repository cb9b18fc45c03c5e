//! Pinpointing why a JSON Lines file could not be inferred or decoded: a second, streaming pass
//! that decodes one line at a time until one fails.
//!
//! Schema inference and batch conversion report neither line numbers nor value-free messages, so
//! this rare path re-reads the file to find the first offending line.

use std::io::BufRead;
use std::sync::Arc;

use arrow_schema::{Schema, SchemaRef};

use super::{build_decoder, feed_line, is_blank};
use crate::encoding::open_text;
use crate::error::{Error, Problem, classify_io};
use crate::model::{Format, TextEncoding};
use crate::source::Source;

/// The first line that breaks JSON syntax or, when `schema` is given, does not fit it. Without a
/// schema every line is only required to be an object.
pub(crate) fn first_problem(source: &Source, schema: Option<SchemaRef>) -> Error {
    let (problem, fallback) = match &schema {
        Some(_) => (Problem::JsonSchemaMismatch, Problem::JsonSchemaMismatch),
        None => (Problem::JsonNotObject, Problem::JsonIncompatibleTypes),
    };
    match scan(source, schema, problem) {
        Ok(Some(error)) => error,
        Ok(None) => Error::malformed(Format::JsonLines, None, fallback),
        Err(error) => error,
    }
}

fn scan(
    source: &Source,
    schema: Option<SchemaRef>,
    conversion_problem: Problem,
) -> Result<Option<Error>, Error> {
    let strict = schema.is_some();
    let schema = schema.unwrap_or_else(|| Arc::new(Schema::empty()));
    let mut decoder = build_decoder(schema, 1, strict)?;
    let mut text = open_text(source, TextEncoding::Utf8)?;
    let mut line = String::new();
    let mut number = 0u64;
    loop {
        line.clear();
        let read = text
            .read_line(&mut line)
            .map_err(|e| classify_io(e, Some(Format::JsonLines)))?;
        if read == 0 {
            return Ok(None);
        }
        number += 1;
        if is_blank(&line) {
            continue;
        }
        if let Err(error) = feed_line(&mut decoder, &line, number) {
            return Ok(Some(error));
        }
        if decoder.flush().is_err() {
            return Ok(Some(Error::malformed(
                Format::JsonLines,
                Some(number),
                conversion_problem.clone(),
            )));
        }
    }
}
