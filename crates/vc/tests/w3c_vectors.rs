//! The W3C vc-di-eddsa `eddsa-jcs-2022` test vectors through the public API: signing the
//! unsigned credential with the vectors' key and `created` time reproduces the published signed
//! credential (Ed25519 is deterministic), and both published signed credentials — with and
//! without `@context` in the proof — verify. The crate's unit tests check every intermediate
//! value (canonical forms, hashes, signature) of the same vectors.
#![allow(clippy::unwrap_used)]

use serde_json::Value;
use vc::ed25519_dalek::SigningKey;
use vc::{Issuer, public_key_from_did_key, verify};

const WITH_CONTEXT: &str = "eddsa-jcs-2022";
const WITHOUT_CONTEXT: &str = "eddsa-jcs-2022-no-proof-context";

fn json(dir: &str, name: &str) -> Value {
    let path = format!(
        "{}/../../../shared/testdata/vc/{dir}/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap()
}

/// The vectors' key: multicodec `ed25519-priv` (varint 0x80 0x26) and the seed, in base58btc.
fn vector_issuer() -> Issuer {
    let secret = json(WITH_CONTEXT, "keyPair.json")["privateKeyMultibase"]
        .as_str()
        .unwrap()
        .to_owned();
    let bytes = bs58::decode(secret.strip_prefix('z').unwrap())
        .into_vec()
        .unwrap();
    assert_eq!(bytes[..2], [0x80, 0x26]);
    Issuer::new(SigningKey::from_bytes(&bytes[2..].try_into().unwrap()))
}

#[test]
fn issuer_identity_matches_the_key_pair() {
    let issuer = vector_issuer();
    let public = json(WITH_CONTEXT, "keyPair.json")["publicKeyMultibase"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(issuer.public_key_multibase(), public);
    assert_eq!(issuer.did(), format!("did:key:{public}"));
    assert_eq!(
        issuer.verification_method(),
        format!("did:key:{public}#{public}")
    );
    let signed = json(WITH_CONTEXT, "signedJCS.json");
    assert_eq!(
        signed["proof"]["verificationMethod"],
        issuer.verification_method()
    );
    assert_eq!(
        public_key_from_did_key(&issuer.did()).unwrap(),
        issuer.verifying_key()
    );
    assert_eq!(
        public_key_from_did_key(&issuer.verification_method()).unwrap(),
        issuer.verifying_key()
    );
    // Debug output names the DID and never the secret key.
    let debug = format!("{issuer:?}");
    assert!(debug.contains(&issuer.did()), "{debug}");
}

#[test]
fn signing_reproduces_the_signed_credential() {
    let issuer = vector_issuer();
    let unsigned = json(WITH_CONTEXT, "unsigned.json");
    let expected = json(WITH_CONTEXT, "signedJCS.json");
    let created = json(WITH_CONTEXT, "proofConfigJCS.json")["created"]
        .as_str()
        .unwrap()
        .to_owned();

    let signed = issuer.sign(&unsigned, &created).unwrap();
    assert_eq!(signed, expected);
    assert_eq!(
        serde_json_canonicalizer::to_vec(&signed).unwrap(),
        serde_json_canonicalizer::to_vec(&expected).unwrap()
    );
    let sig = std::fs::read_to_string(format!(
        "{}/../../../shared/testdata/vc/{WITH_CONTEXT}/sigBTC58JCS.txt",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    assert_eq!(signed["proof"]["proofValue"], sig.trim());
    // Deterministic: signing again gives the same bytes.
    assert_eq!(issuer.sign(&unsigned, &created).unwrap(), signed);
}

#[test]
fn published_credentials_verify() {
    let issuer = vector_issuer();
    for dir in [WITH_CONTEXT, WITHOUT_CONTEXT] {
        let signed = json(dir, "signedJCS.json");
        let verified = verify(&signed).unwrap_or_else(|e| panic!("{dir}: {e}"));
        let mut document = signed.clone();
        document.as_object_mut().unwrap().remove("proof");
        assert_eq!(verified.document, document, "{dir}");
        assert_eq!(verified.verification_method, issuer.verification_method());
        assert_eq!(verified.created.as_deref(), Some("2023-02-24T23:36:38Z"));
    }
    // The document the signature covers is the unsigned credential itself.
    assert_eq!(
        verify(&json(WITH_CONTEXT, "signedJCS.json"))
            .unwrap()
            .document,
        json(WITH_CONTEXT, "unsigned.json")
    );
}

#[test]
fn the_two_proofs_are_not_interchangeable() {
    // The proof @context is signed: moving one vector's proof value into the other's proof fails.
    let mut with = json(WITH_CONTEXT, "signedJCS.json");
    let without = json(WITHOUT_CONTEXT, "signedJCS.json");
    with["proof"]["proofValue"] = without["proof"]["proofValue"].clone();
    assert_eq!(verify(&with).unwrap_err().code(), "vc.signature");

    let mut without = json(WITHOUT_CONTEXT, "signedJCS.json");
    without["proof"]["@context"] = json(WITH_CONTEXT, "signedJCS.json")["@context"].clone();
    assert_eq!(verify(&without).unwrap_err().code(), "vc.signature");
}
