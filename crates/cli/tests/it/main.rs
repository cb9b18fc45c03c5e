//! Tests of the `dataport` binary and of the workspace's shape.

// Helpers outside #[test] functions unwrap too: a failed setup step should fail the test loudly.
#![allow(clippy::unwrap_used)]

mod architecture;
mod cert;
mod commands;
mod log;
mod support;
mod xborder;
