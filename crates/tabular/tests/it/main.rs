//! Integration tests for `tabular`: every module writes fixture files into a temporary directory
//! and exercises them through the public API only, as the rest of Dataport will.

// Clippy treats only `#[test]` functions as test code, but the fixture helpers here are test code
// too, and a failed fixture step should stop the test on the spot.
#![allow(clippy::unwrap_used)]

mod csv_cases;
mod failures;
mod formats;
mod normalise;
mod parallel;
mod replan;
mod support;
