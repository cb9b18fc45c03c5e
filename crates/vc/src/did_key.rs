//! `did:key` identifiers and Multikey encoding for Ed25519 public keys.
//!
//! A `did:key` DID is its own DID document: the method-specific identifier is the public key as
//! a Multikey — the multicodec header `ed25519-pub` (0xed, as the unsigned varint `0xed 0x01`)
//! followed by the 32 key bytes, multibase-encoded in base58btc (prefix `z`). The one
//! verification method of that document is the DID with the same identifier as its fragment.
//! Resolving therefore needs no network, which is what lets anyone check a Dataport certificate
//! offline.

use ed25519_dalek::VerifyingKey;

use crate::VcError;

const DID_KEY_PREFIX: &str = "did:key:";
/// Multibase prefix for base58btc.
const BASE58BTC: char = 'z';
/// The unsigned-varint multicodec header of an Ed25519 public key (code 0xed).
const ED25519_PUB: [u8; 2] = [0xed, 0x01];
/// An Ed25519 Multikey is 34 bytes, so its base58btc text is at most 47 characters; anything
/// much longer is refused before base58 decoding, whose cost grows with the square of the
/// length.
const MAX_MULTIKEY_CHARS: usize = 64;

/// Encodes multibase base58btc: `z` followed by the Bitcoin-alphabet base58 of `bytes`.
pub(crate) fn base58btc(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(1 + bytes.len() * 138 / 100 + 1);
    out.push(BASE58BTC);
    out.push_str(&bs58::encode(bytes).into_string());
    out
}

/// Decodes multibase base58btc, refusing texts longer than `max_chars` before any work.
pub(crate) fn decode_base58btc(text: &str, max_chars: usize) -> Option<Vec<u8>> {
    if text.len() > max_chars {
        return None;
    }
    let body = text.strip_prefix(BASE58BTC)?;
    bs58::decode(body).into_vec().ok()
}

/// The Multikey (`publicKeyMultibase`) form of an Ed25519 public key: `z6Mk…`.
pub(crate) fn public_key_multibase(key: &VerifyingKey) -> String {
    let mut bytes = [0u8; 34];
    bytes[..2].copy_from_slice(&ED25519_PUB);
    bytes[2..].copy_from_slice(key.as_bytes());
    base58btc(&bytes)
}

/// Decodes an Ed25519 Multikey, rejecting other key types, wrong lengths, bytes that are not a
/// point on the curve, and small-order points (which would let one signature match many
/// messages).
fn decode_public_key_multibase(text: &str) -> Result<VerifyingKey, VcError> {
    let bytes = decode_base58btc(text, MAX_MULTIKEY_CHARS).ok_or_else(|| {
        VcError::Key("the key is not multibase base58btc (a 'z' followed by base58)".to_owned())
    })?;
    let Some(key) = bytes.strip_prefix(&ED25519_PUB) else {
        return Err(VcError::Key(
            "the key is not an Ed25519 public key (multicodec header 0xed01)".to_owned(),
        ));
    };
    let key: &[u8; 32] = key.try_into().map_err(|_| {
        VcError::Key(format!(
            "an Ed25519 public key is 32 bytes, this one is {}",
            key.len()
        ))
    })?;
    let key = VerifyingKey::from_bytes(key)
        .map_err(|_| VcError::Key("the key is not a point on the Ed25519 curve".to_owned()))?;
    if key.is_weak() {
        return Err(VcError::Key("the key has small order".to_owned()));
    }
    Ok(key)
}

/// Splits a `did:key` DID or DID URL into its key identifier and optional fragment, checking
/// that a fragment, if any, names the DID's own key (the only verification method a `did:key`
/// document has).
fn split(did_or_vm: &str) -> Result<(&str, Option<&str>), VcError> {
    let rest = did_or_vm.strip_prefix(DID_KEY_PREFIX).ok_or_else(|| {
        VcError::Key(format!(
            "{} is not a did:key identifier",
            crate::error::describe(Some(&serde_json::Value::String(did_or_vm.to_owned())))
        ))
    })?;
    let (id, fragment) = match rest.split_once('#') {
        Some((id, fragment)) => (id, Some(fragment)),
        None => (rest, None),
    };
    if fragment.is_some_and(|f| f != id) {
        return Err(VcError::Key(
            "the fragment of a did:key verification method must repeat the key".to_owned(),
        ));
    }
    Ok((id, fragment))
}

/// The Ed25519 public key of a `did:key` DID (`did:key:z6Mk…`) or of its verification method
/// (`did:key:z6Mk…#z6Mk…`), resolved locally.
pub fn public_key_from_did_key(did_or_vm: &str) -> Result<VerifyingKey, VcError> {
    let (id, _) = split(did_or_vm)?;
    decode_public_key_multibase(id)
}

/// The key of a proof's `verificationMethod`, which must be a verification method — a DID URL
/// with the key as fragment — not a bare DID, which names a whole DID document.
pub(crate) fn resolve_verification_method(vm: &str) -> Result<VerifyingKey, VcError> {
    match split(vm)? {
        (id, Some(_)) => decode_public_key_multibase(id),
        (_, None) => Err(VcError::Key(
            "the verification method is a bare DID; it must name the key, as in \
             did:key:z6Mk…#z6Mk…"
                .to_owned(),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ed25519_dalek::SigningKey;

    /// The key of the W3C vc-di-eddsa test vectors.
    const VECTOR_KEY: &str = "z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2";

    #[test]
    fn multikey_round_trip() {
        let key = public_key_from_did_key(&format!("did:key:{VECTOR_KEY}")).unwrap();
        assert_eq!(public_key_multibase(&key), VECTOR_KEY);
        let vm = format!("did:key:{VECTOR_KEY}#{VECTOR_KEY}");
        assert_eq!(resolve_verification_method(&vm).unwrap(), key);
        assert_eq!(public_key_from_did_key(&vm).unwrap(), key);

        for seed in [[0u8; 32], [1; 32], [0xff; 32]] {
            let key = SigningKey::from_bytes(&seed).verifying_key();
            let text = public_key_multibase(&key);
            assert!(text.starts_with("z6Mk"), "{text}");
            assert_eq!(decode_public_key_multibase(&text).unwrap(), key);
        }
    }

    #[test]
    fn rejects_bad_identifiers() {
        let cases = [
            "",
            "did:key:",
            "did:web:example.com",
            "did:key:6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2",
            "did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ0",
            "did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2#key-1",
            "did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2#",
            "DID:KEY:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2",
            // A P-256 key (multicodec 0x1200).
            "did:key:zDnaerDaTF5BXEavCrfRZEk316dpbLsfPDZ3WJ5hRTPFU2169",
        ];
        for case in cases {
            let err = public_key_from_did_key(case).unwrap_err();
            assert_eq!(err.code(), "vc.key", "{case}: {err}");
        }
        let long = format!("did:key:z{}", "1".repeat(100_000));
        assert_eq!(public_key_from_did_key(&long).unwrap_err().code(), "vc.key");
    }

    #[test]
    fn rejects_wrong_lengths_and_weak_keys() {
        let mut short = ED25519_PUB.to_vec();
        short.extend_from_slice(&[9; 31]);
        assert!(decode_public_key_multibase(&base58btc(&short)).is_err());
        let mut long = ED25519_PUB.to_vec();
        long.extend_from_slice(&[9; 33]);
        assert!(decode_public_key_multibase(&base58btc(&long)).is_err());
        // The identity point (small order).
        let mut identity = [0u8; 32];
        identity[0] = 1;
        let mut weak = ED25519_PUB.to_vec();
        weak.extend_from_slice(&identity);
        let err = decode_public_key_multibase(&base58btc(&weak)).unwrap_err();
        assert!(err.to_string().contains("small order"), "{err}");
    }

    #[test]
    fn verification_methods_name_the_key() {
        let bare = format!("did:key:{VECTOR_KEY}");
        assert_eq!(
            resolve_verification_method(&bare).unwrap_err().code(),
            "vc.key"
        );
    }

    #[test]
    fn base58btc_round_trip() {
        for bytes in [&[][..], &[0], &[0, 0, 1], &[255; 64], b"hello world"] {
            let text = base58btc(bytes);
            assert_eq!(decode_base58btc(&text, 1000).unwrap(), bytes);
        }
        // The classic vector: "hello world" in base58btc.
        assert_eq!(base58btc(b"hello world"), "zStV1DL6CwTryKyV");
        assert!(decode_base58btc("StV1DL6CwTryKyV", 1000).is_none());
        assert!(decode_base58btc("z0OIl", 1000).is_none());
        assert!(decode_base58btc("zStV1DL6CwTryKyV", 5).is_none());
    }
}
