//! Integration tests for `classify`, through the public API only: every validator against valid
//! values and near misses (worked examples from regulations.md Table 2 and `identifiers.py`),
//! header hints, kind metadata, and column verdicts for clean, dirty, mixed and misleading columns.

// Clippy treats only `#[test]` functions as test code, but the helpers here are test code too,
// and a failed helper step should stop the test on the spot.
#![allow(clippy::unwrap_used)]

mod columns;
mod grading;
mod headers;
mod kinds;
mod people;
mod support;
mod validators;
