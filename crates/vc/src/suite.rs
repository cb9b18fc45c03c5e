//! The `eddsa-jcs-2022` cryptosuite (W3C Data Integrity EdDSA Cryptosuites v1.0, section 3.3)
//! inside the Data Integrity "add proof" and "verify proof" algorithms.
//!
//! Signing hashes two canonical texts: the proof configuration (the proof without its value)
//! and the document without its proof, each with SHA-256, and signs `proofHash || documentHash`
//! with pure Ed25519. Because the proof configuration is signed too, nothing in the proof —
//! its time, key or purpose — can be changed without breaking the signature.

use ed25519_dalek::{Signature, Signer as _, SigningKey, VerifyingKey};
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

use crate::error::describe;
use crate::{VcError, datetime, did_key, jcs};

/// The proof type of every Data Integrity proof.
pub const PROOF_TYPE: &str = "DataIntegrityProof";
/// The cryptosuite Dataport signs and verifies with.
pub const CRYPTOSUITE: &str = "eddsa-jcs-2022";
/// The purpose of a credential's proof: the issuer asserts the claims it contains.
pub const PROOF_PURPOSE: &str = "assertionMethod";

/// A base58btc proof value of a 64-byte signature is at most 89 characters; longer texts are
/// refused before decoding.
const MAX_PROOF_VALUE_CHARS: usize = 100;

/// Transformation (section 3.3.3): the canonical JSON of the unsecured document.
fn transform(unsecured: &Map<String, Value>) -> Result<Vec<u8>, VcError> {
    jcs::canonicalize(&Value::Object(unsecured.clone()))
}

/// Proof configuration (section 3.3.5): checks the proof options name this cryptosuite and carry
/// a valid `created` time, and returns their canonical JSON.
fn configure(options: &Map<String, Value>) -> Result<Vec<u8>, VcError> {
    let proof_type = options.get("type");
    let cryptosuite = options.get("cryptosuite");
    if proof_type.and_then(Value::as_str) != Some(PROOF_TYPE)
        || cryptosuite.and_then(Value::as_str) != Some(CRYPTOSUITE)
    {
        return Err(VcError::UnsupportedCryptosuite {
            proof_type: describe(proof_type),
            cryptosuite: describe(cryptosuite),
        });
    }
    let created = options.get("created");
    if !created.is_none_or(|c| c.as_str().is_some_and(datetime::is_date_time_stamp)) {
        return Err(VcError::Malformed(format!(
            "the proof's created time {} is not an XML Schema dateTimeStamp such as \
             2025-03-01T08:00:00Z",
            describe(created)
        )));
    }
    jcs::canonicalize(&Value::Object(options.clone()))
}

/// Hashing (section 3.3.4): SHA-256 of the canonical proof configuration, then SHA-256 of the
/// transformed document.
fn hash(transformed: &[u8], canonical_config: &[u8]) -> [u8; 64] {
    let mut data = [0u8; 64];
    data[..32].copy_from_slice(&Sha256::digest(canonical_config));
    data[32..].copy_from_slice(&Sha256::digest(transformed));
    data
}

/// Create proof (section 3.3.1, from step 3): the proof for `unsecured` under `options`, which
/// already hold `@context` when the document has one. Returns the options with `proofValue`
/// added.
fn create_proof(
    key: &SigningKey,
    unsecured: &Map<String, Value>,
    options: Map<String, Value>,
) -> Result<Map<String, Value>, VcError> {
    let hash_data = hash(&transform(unsecured)?, &configure(&options)?);
    let signature = key.sign(&hash_data);
    let mut proof = options;
    proof.insert(
        "proofValue".to_owned(),
        Value::String(did_key::base58btc(&signature.to_bytes())),
    );
    Ok(proof)
}

/// Dataport's signing identity: an Ed25519 key and the `did:key` DID that publishes its public
/// half. Certificates name this DID as their `issuer`.
pub struct Issuer {
    key: SigningKey,
    public_key_multibase: String,
}

impl std::fmt::Debug for Issuer {
    /// Shows the public identity only, so that logging an issuer can never leak its key.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Issuer")
            .field("did", &self.did())
            .finish_non_exhaustive()
    }
}

impl Issuer {
    /// The issuer whose signing key is `key`.
    pub fn new(key: SigningKey) -> Issuer {
        let public_key_multibase = did_key::public_key_multibase(&key.verifying_key());
        Issuer {
            key,
            public_key_multibase,
        }
    }

    /// The issuer's DID, `did:key:z6Mk…`: the value of a certificate's `issuer`.
    pub fn did(&self) -> String {
        format!("did:key:{}", self.public_key_multibase)
    }

    /// The issuer's verification method, `did:key:z6Mk…#z6Mk…`: what a proof's
    /// `verificationMethod` names.
    pub fn verification_method(&self) -> String {
        format!(
            "did:key:{}#{}",
            self.public_key_multibase, self.public_key_multibase
        )
    }

    /// The public key as a Multikey `publicKeyMultibase`, `z6Mk…` (multicodec 0xed01 followed by
    /// the key, in base58btc).
    pub fn public_key_multibase(&self) -> String {
        self.public_key_multibase.clone()
    }

    /// The public key itself.
    pub fn verifying_key(&self) -> VerifyingKey {
        self.key.verifying_key()
    }

    /// Secures `unsecured` — a JSON object without a `proof` — with a `DataIntegrityProof` of
    /// cryptosuite `eddsa-jcs-2022` and purpose `assertionMethod`, made at `created`, an RFC 3339
    /// UTC time such as `2025-03-01T08:00:00Z` chosen by the caller (the crate has no clock).
    ///
    /// Follows the cryptosuite's create-proof algorithm, including copying the document's
    /// `@context` into the proof so the proof stays valid if it later joins a proof set.
    /// Ed25519 is deterministic: the same document, time and key always give the same proof.
    /// Returns the secured document.
    pub fn sign(&self, unsecured: &Value, created: &str) -> Result<Value, VcError> {
        let Value::Object(document) = unsecured else {
            return Err(VcError::Malformed(
                "only a JSON object can be signed".to_owned(),
            ));
        };
        jcs::check(unsecured)?;
        if document.contains_key("proof") {
            return Err(VcError::Malformed(
                "the document already carries a proof; only unsecured documents are signed"
                    .to_owned(),
            ));
        }
        if !datetime::is_utc_timestamp(created) {
            return Err(VcError::Malformed(format!(
                "the proof time {} is not an RFC 3339 UTC timestamp such as 2025-03-01T08:00:00Z",
                describe(Some(&Value::String(created.to_owned())))
            )));
        }
        let mut options = Map::new();
        options.insert("type".to_owned(), PROOF_TYPE.into());
        options.insert("cryptosuite".to_owned(), CRYPTOSUITE.into());
        options.insert("created".to_owned(), created.into());
        options.insert(
            "verificationMethod".to_owned(),
            self.verification_method().into(),
        );
        options.insert("proofPurpose".to_owned(), PROOF_PURPOSE.into());
        if let Some(context) = document.get("@context") {
            options.insert("@context".to_owned(), context.clone());
        }
        let proof = create_proof(&self.key, document, options)?;
        let mut secured = document.clone();
        secured.insert("proof".to_owned(), Value::Object(proof));
        Ok(Value::Object(secured))
    }
}

/// A document whose proof verified.
#[derive(Clone, Debug, PartialEq)]
pub struct Verified {
    /// The document without its proof, exactly as the signature covers it. When the proof
    /// carries an `@context`, the document's `@context` is the proof's (the cryptosuite signs
    /// that one; any further contexts the document lists are not covered and are dropped).
    pub document: Value,
    /// The verification method whose key made the signature, `did:key:z6Mk…#z6Mk…`. The DID
    /// before the `#` is the signer: callers decide whether they trust it (for a certificate,
    /// that it is the `issuer` and a known Dataport DID).
    pub verification_method: String,
    /// The proof's `created` time, when it has one.
    pub created: Option<String>,
}

/// A required string property of the proof.
fn proof_string<'a>(proof: &'a Map<String, Value>, name: &str) -> Result<&'a str, VcError> {
    match proof.get(name) {
        Some(Value::String(s)) => Ok(s),
        None => Err(VcError::Malformed(format!("the proof has no {name}"))),
        Some(other) => Err(VcError::Malformed(format!(
            "the proof's {name} must be a string, not {}",
            describe(Some(other))
        ))),
    }
}

/// An `@context` value as the list of its entries (a single entry may stand alone).
fn context_entries(context: &Value) -> &[Value] {
    match context {
        Value::Array(entries) => entries,
        single => std::slice::from_ref(single),
    }
}

/// Verifies the `eddsa-jcs-2022` proof of `secured` against the key its `verificationMethod`
/// names, resolving the `did:key` locally.
///
/// Runs the Data Integrity verify-proof checks (a proof object with type, verification method
/// and purpose; purpose `assertionMethod`) and the cryptosuite's verify algorithm: when the proof
/// has an `@context`, the document's `@context` must begin with it, entry by entry, and the
/// document is verified with the proof's `@context`. The signature is checked strictly (no
/// small-order keys, no non-canonical signatures), so a valid signature has exactly one form.
///
/// Other proof options (`domain`, `challenge`, `nonce`, `id`) are covered by the signature but
/// not compared with any expectation. Only the signature is established: whether the signer is
/// trusted, whether the credential is current (`validFrom`, `validUntil`) and whether it is
/// revoked (its `credentialStatus`) are the caller's decisions.
pub fn verify(secured: &Value) -> Result<Verified, VcError> {
    let Value::Object(secured_map) = secured else {
        return Err(VcError::Malformed(format!(
            "a secured document must be a JSON object, not {}",
            describe(Some(secured))
        )));
    };
    jcs::check(secured)?;
    let secured = secured_map;
    let proof = match secured.get("proof") {
        Some(Value::Object(proof)) => proof,
        None => {
            return Err(VcError::Malformed(
                "the document carries no proof".to_owned(),
            ));
        }
        Some(Value::Array(_)) => {
            return Err(VcError::UnsupportedProof(
                "the document carries a set of proofs; Dataport credentials carry exactly one"
                    .to_owned(),
            ));
        }
        Some(other) => {
            return Err(VcError::Malformed(format!(
                "the proof must be a JSON object, not {}",
                describe(Some(other))
            )));
        }
    };

    let proof_type = proof.get("type");
    let cryptosuite = proof.get("cryptosuite");
    if proof_type.and_then(Value::as_str) != Some(PROOF_TYPE)
        || cryptosuite.and_then(Value::as_str) != Some(CRYPTOSUITE)
    {
        return Err(VcError::UnsupportedCryptosuite {
            proof_type: describe(proof_type),
            cryptosuite: describe(cryptosuite),
        });
    }
    let verification_method = proof_string(proof, "verificationMethod")?;
    let purpose = proof_string(proof, "proofPurpose")?;
    if purpose != PROOF_PURPOSE {
        return Err(VcError::ProofPurpose(describe(proof.get("proofPurpose"))));
    }
    if proof.contains_key("previousProof") {
        return Err(VcError::UnsupportedProof(
            "the proof belongs to a proof chain (previousProof); Dataport credentials carry a \
             single proof"
                .to_owned(),
        ));
    }
    if proof.contains_key("expires") {
        return Err(VcError::UnsupportedProof(
            "the proof has an expiry time, which this verifier cannot check".to_owned(),
        ));
    }
    let created = match proof.get("created") {
        None => None,
        Some(Value::String(created)) => Some(created.clone()),
        Some(other) => {
            return Err(VcError::Malformed(format!(
                "the proof's created time must be a string, not {}",
                describe(Some(other))
            )));
        }
    };

    let proof_value = proof_string(proof, "proofValue")?;
    let signature: [u8; 64] = did_key::decode_base58btc(proof_value, MAX_PROOF_VALUE_CHARS)
        .and_then(|bytes| bytes.try_into().ok())
        .ok_or_else(|| {
            VcError::Malformed(
                "the proofValue is not a base58btc-encoded ('z…') 64-byte Ed25519 signature"
                    .to_owned(),
            )
        })?;
    let key = did_key::resolve_verification_method(verification_method)?;

    let mut unsecured = secured.clone();
    unsecured.remove("proof");
    let mut options = proof.clone();
    options.remove("proofValue");
    if let Some(proof_context) = options.get("@context") {
        let expected = context_entries(proof_context);
        let matches = secured
            .get("@context")
            .map(context_entries)
            .is_some_and(|actual| actual.starts_with(expected));
        if !matches {
            return Err(VcError::Context);
        }
        unsecured.insert("@context".to_owned(), proof_context.clone());
    }

    let hash_data = hash(&transform(&unsecured)?, &configure(&options)?);
    key.verify_strict(&hash_data, &Signature::from_bytes(&signature))
        .map_err(|_| VcError::Signature)?;

    Ok(Verified {
        document: Value::Object(unsecured),
        verification_method: verification_method.to_owned(),
        created,
    })
}

/// Every intermediate value of the W3C vc-di-eddsa `eddsa-jcs-2022` test vectors, step by step.
#[cfg(test)]
mod vectors {
    use super::*;

    fn read(dir: &str, name: &str) -> String {
        let path = format!(
            "{}/../../../shared/testdata/vc/{dir}/{name}",
            env!("CARGO_MANIFEST_DIR")
        );
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
    }

    fn json(dir: &str, name: &str) -> Value {
        serde_json::from_str(&read(dir, name)).unwrap()
    }

    fn hex(bytes: &[u8]) -> String {
        bytes.iter().map(|b| format!("{b:02x}")).collect()
    }

    /// The vectors' key pair: `privateKeyMultibase` is the multicodec `ed25519-priv` header
    /// (0x1300, as the varint `0x80 0x26`) followed by the 32-byte seed, in base58btc.
    fn vector_key(dir: &str) -> SigningKey {
        let pair = json(dir, "keyPair.json");
        let secret = pair["privateKeyMultibase"].as_str().unwrap();
        let bytes = did_key::decode_base58btc(secret, 100).unwrap();
        assert_eq!(bytes[..2], [0x80, 0x26]);
        let key = SigningKey::from_bytes(&bytes[2..].try_into().unwrap());
        assert_eq!(
            did_key::public_key_multibase(&key.verifying_key()),
            pair["publicKeyMultibase"].as_str().unwrap()
        );
        key
    }

    fn object(value: Value) -> Map<String, Value> {
        match value {
            Value::Object(map) => map,
            other => panic!("not an object: {other}"),
        }
    }

    /// Runs every step for one vector directory, with the proof options of its
    /// `proofConfigJCS.json` (with or without `@context`).
    fn reproduce(dir: &str) {
        let key = vector_key(dir);
        // The no-proof-context directory has no unsigned.json; its document is the signed one
        // without its proof.
        let mut signed = object(json(dir, "signedJCS.json"));
        let unsecured = match std::fs::exists(format!(
            "{}/../../../shared/testdata/vc/{dir}/unsigned.json",
            env!("CARGO_MANIFEST_DIR")
        )) {
            Ok(true) => object(json(dir, "unsigned.json")),
            _ => {
                let mut doc = signed.clone();
                doc.remove("proof");
                doc
            }
        };
        let options = object(json(dir, "proofConfigJCS.json"));

        let transformed = transform(&unsecured).unwrap();
        assert_eq!(
            String::from_utf8(transformed.clone()).unwrap(),
            read(dir, "canonDocJCS.txt")
        );
        assert_eq!(
            hex(&Sha256::digest(&transformed)),
            read(dir, "docHashJCS.txt").trim()
        );

        let canonical_config = configure(&options).unwrap();
        assert_eq!(
            String::from_utf8(canonical_config.clone()).unwrap(),
            read(dir, "proofCanonJCS.txt")
        );
        assert_eq!(
            hex(&Sha256::digest(&canonical_config)),
            read(dir, "proofHashJCS.txt").trim()
        );

        let hash_data = hash(&transformed, &canonical_config);
        assert_eq!(hex(&hash_data), read(dir, "combinedHashJCS.txt").trim());

        let signature = key.sign(&hash_data).to_bytes();
        assert_eq!(hex(&signature), read(dir, "sigHexJCS.txt").trim());
        assert_eq!(
            did_key::base58btc(&signature),
            read(dir, "sigBTC58JCS.txt").trim()
        );

        let proof = create_proof(&key, &unsecured, options).unwrap();
        let expected_proof = object(signed.remove("proof").unwrap());
        assert_eq!(proof, expected_proof);
        assert_eq!(unsecured, signed);
    }

    #[test]
    fn eddsa_jcs_2022_with_proof_context() {
        reproduce("eddsa-jcs-2022");
    }

    #[test]
    fn eddsa_jcs_2022_without_proof_context() {
        reproduce("eddsa-jcs-2022-no-proof-context");
    }

    #[test]
    fn the_proof_configuration_is_what_sign_builds() {
        // Issuer::sign builds exactly the vector's proof options from the document and time.
        let dir = "eddsa-jcs-2022";
        let issuer = Issuer::new(vector_key(dir));
        let config = json(dir, "proofConfigJCS.json");
        let secured = issuer
            .sign(
                &json(dir, "unsigned.json"),
                config["created"].as_str().unwrap(),
            )
            .unwrap();
        let mut proof = secured["proof"].clone();
        proof.as_object_mut().unwrap().remove("proofValue");
        assert_eq!(proof, config);
    }
}
