//! End-to-end tests: the real server on a random port, a real HTTP client, a fresh database
//! (SQLite, or PostgreSQL when `DATAPORT_TEST_DATABASE_URL` is set).

// Helpers outside #[test] functions unwrap too: a failed setup step should fail the test loudly.
#![allow(clippy::unwrap_used)]

mod authz;
mod flows;
mod interop;
mod log;
mod openapi;
mod portal;
mod portal_rights;
mod rights;
mod support;
mod xborder;
