//! The ways signing, verifying and status-list handling can fail. Verification failures reach
//! people checking a certificate, so each message says in plain English what is wrong, and each
//! error has a stable [`VcError::code`] for programs and translations.

/// Why a credential could not be signed or verified, or a status list could not be used.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum VcError {
    /// The document or its proof is not shaped as a secured document must be: not a JSON
    /// object, no proof, a required property missing or of the wrong type, an undecodable proof
    /// value, an invalid timestamp, or JSON that cannot be canonicalised exactly.
    #[error("malformed credential: {0}")]
    Malformed(String),
    /// The proof is not a `DataIntegrityProof` of the `eddsa-jcs-2022` cryptosuite.
    #[error(
        "unsupported proof: type {proof_type}, cryptosuite {cryptosuite}; only DataIntegrityProof \
         with cryptosuite eddsa-jcs-2022 is supported"
    )]
    UnsupportedCryptosuite {
        proof_type: String,
        cryptosuite: String,
    },
    /// The proof uses a feature this verifier does not evaluate (proof sets and chains, or an
    /// expiry time, which would need a clock), so it cannot vouch for the document.
    #[error("unsupported proof: {0}")]
    UnsupportedProof(String),
    /// The proof was made for another purpose than asserting the credential's claims.
    #[error(
        "the proof's purpose is {0}, but a credential's proof must have purpose assertionMethod"
    )]
    ProofPurpose(String),
    /// The verification method is not a usable `did:key` Ed25519 key.
    #[error("invalid issuer key: {0}")]
    Key(String),
    /// The proof's `@context` is not the beginning of the document's `@context`, as the
    /// cryptosuite requires.
    #[error(
        "the proof's @context does not match the beginning of the credential's @context, so the \
         proof does not belong to this credential"
    )]
    Context,
    /// The signature does not match: the credential or its proof was altered after signing, or
    /// it was signed with another key than the one its verification method names.
    #[error(
        "the signature does not verify: the credential or its proof was altered after signing, or \
         it was signed by another key"
    )]
    Signature,
    /// A status list index past the end of the list.
    #[error("status list index {index} is outside the list of {len} entries")]
    StatusIndex { index: usize, len: usize },
    /// An `encodedList` that is not multibase base64url of a GZIP-compressed bitstring, or whose
    /// bitstring is larger than Dataport accepts.
    #[error("invalid status list: {0}")]
    StatusList(String),
    /// A status list too short to give its credentials the group privacy the specification
    /// requires.
    #[error(
        "the status list has {entries} entries, fewer than the minimum of 131072 required for \
         group privacy"
    )]
    StatusListLength { entries: usize },
}

impl VcError {
    /// A stable identifier for the kind of error, for programs and translations.
    pub fn code(&self) -> &'static str {
        match self {
            VcError::Malformed(_) => "vc.malformed",
            VcError::UnsupportedCryptosuite { .. } => "vc.unsupported_cryptosuite",
            VcError::UnsupportedProof(_) => "vc.unsupported_proof",
            VcError::ProofPurpose(_) => "vc.proof_purpose",
            VcError::Key(_) => "vc.key",
            VcError::Context => "vc.context",
            VcError::Signature => "vc.signature",
            VcError::StatusIndex { .. } => "vc.status_index",
            VcError::StatusList(_) => "vc.status_list",
            VcError::StatusListLength { .. } => "vc.status_list_length",
        }
    }
}

/// How a JSON value from an untrusted document appears in an error message: strings quoted and
/// cut short, other values by their kind, so a hostile document cannot fill logs or screens.
pub(crate) fn describe(value: Option<&serde_json::Value>) -> String {
    const LIMIT: usize = 64;
    match value {
        None => "(missing)".to_owned(),
        Some(serde_json::Value::String(s)) => {
            let mut shown: String = s.chars().take(LIMIT).collect();
            if shown.len() < s.len() {
                shown.push('…');
            }
            format!("{shown:?}")
        }
        Some(serde_json::Value::Null) => "null".to_owned(),
        Some(serde_json::Value::Bool(_)) => "a boolean".to_owned(),
        Some(serde_json::Value::Number(_)) => "a number".to_owned(),
        Some(serde_json::Value::Array(_)) => "an array".to_owned(),
        Some(serde_json::Value::Object(_)) => "an object".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn describe_bounds_untrusted_text() {
        let long = "x".repeat(10_000);
        let shown = describe(Some(&json!(long)));
        assert!(shown.chars().count() < 80, "{shown}");
        assert_eq!(
            describe(Some(&json!("eddsa-rdfc-2022"))),
            "\"eddsa-rdfc-2022\""
        );
        assert_eq!(describe(Some(&json!(7))), "a number");
        assert_eq!(describe(None), "(missing)");
    }

    #[test]
    fn codes_are_stable() {
        assert_eq!(VcError::Signature.code(), "vc.signature");
        assert_eq!(VcError::Malformed(String::new()).code(), "vc.malformed");
        assert_eq!(VcError::Key(String::new()).code(), "vc.key");
        assert_eq!(
            VcError::UnsupportedCryptosuite {
                proof_type: String::new(),
                cryptosuite: String::new()
            }
            .code(),
            "vc.unsupported_cryptosuite"
        );
    }
}
