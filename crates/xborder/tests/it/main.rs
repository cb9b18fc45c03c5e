//! Integration tests for `xborder`, through the public API only: the shared case table
//! (`tests/cases.json`, also run through the CLI and the HTTP API), bad requests, rules files
//! that must be refused, approvals and the counting tags.

// Clippy treats only `#[test]` functions as test code, but the helpers here are test code too,
// and a failed helper step should stop the test on the spot.
#![allow(clippy::unwrap_used)]

mod bad_input;
mod cases;
mod decisions;
mod rules_files;
mod support;
