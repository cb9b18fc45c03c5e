//! Dataport's verifiable credentials: W3C Verifiable Credentials 2.0 secured with a Data
//! Integrity proof of the `eddsa-jcs-2022` cryptosuite (W3C "Data Integrity EdDSA Cryptosuites
//! v1.0"), signed by an issuer whose Ed25519 key is published as a `did:key` Multikey, plus the
//! W3C Bitstring Status List that says whether a credential has been revoked.
//!
//! Dataport issues its data-asset registration certificates (登记凭证) in this form so that
//! whoever holds one — a data consumer, an exchange, a regulator — can check it offline with any
//! conformant implementation: the issuer's public key is inside its identifier, the signature
//! covers the RFC 8785 canonical JSON of the certificate, and no Dataport service needs to be
//! reachable. The status list is the one piece that is published and fetched; this crate builds
//! and reads its `encodedList`.
//!
//! The crate is pure computation: no clock (callers pass the proof's `created` time), no network
//! (`did:key` resolves locally), no storage. Secured documents come from outside, so verification
//! is strict, bounded in the work an input can cause, and never panics.

mod datetime;
mod did_key;
mod error;
mod jcs;
mod status;
mod suite;

pub use did_key::public_key_from_did_key;
pub use error::VcError;
pub use status::{MAX_STATUS_LIST_LEN, MIN_STATUS_LIST_LEN, StatusList};
pub use suite::{CRYPTOSUITE, Issuer, PROOF_PURPOSE, PROOF_TYPE, Verified, verify};

/// The Ed25519 implementation whose key types [`Issuer::new`] and [`public_key_from_did_key`]
/// use, so callers need not depend on a matching version themselves.
pub use ed25519_dalek;
