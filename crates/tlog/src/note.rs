//! C2SP signed notes (<https://c2sp.org/signed-note>) with Ed25519 keys: the envelope for
//! Dataport's checkpoints. The format and key encodings match Go's golang.org/x/mod/sumdb/note,
//! so the log's checkpoints can be checked by the existing witness and monitor ecosystem, and
//! keys can move between Dataport and those tools.

use std::fmt;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use ed25519_dalek::{Signature, Signer as _, SigningKey, VerifyingKey};
use sha2::{Digest, Sha256};

/// Largest note (or checkpoint body) accepted. Checkpoints are a few hundred bytes; the limit
/// leaves room for many large foreign signatures while bounding the work an attacker can cause.
pub const MAX_NOTE_SIZE: usize = 1 << 20;
/// Most signature lines accepted in one note (the spec requires accepting at least 16).
pub const MAX_SIGNATURES: usize = 100;

/// Signature type byte for Ed25519 in key ids and key texts.
const ALG_ED25519: u8 = 0x01;
/// Every signature line starts with an em dash (U+2014) and a space.
const SIG_PREFIX: &str = "\u{2014} ";
const PRIVATE_PREFIX: &str = "PRIVATE+KEY+";

/// A note, key or checkpoint that is malformed, or a signature that does not check out.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum NoteError {
    #[error("note is {size} bytes, more than the limit of {limit}")]
    TooLarge { size: usize, limit: usize },
    #[error("malformed note: {0}")]
    Malformed(&'static str),
    #[error("note has more than {limit} signature lines")]
    TooManySignatures { limit: usize },
    #[error(
        "invalid key name: names must be non-empty and contain no '+', spaces or control characters"
    )]
    InvalidName,
    #[error("invalid verifier key: {0}")]
    BadVerifierKey(&'static str),
    #[error("invalid signer key: {0}")]
    BadSignerKey(&'static str),
    #[error("unsupported signature algorithm 0x{0:02x}; only Ed25519 (0x01) is supported")]
    UnsupportedAlgorithm(u8),
    #[error("text cannot be signed: {0}")]
    BadText(&'static str),
    #[error("note carries no signature by key {name}+{key_id:08x}")]
    NotSigned { name: String, key_id: u32 },
    #[error("signature by key {name}+{key_id:08x} does not verify")]
    InvalidSignature { name: String, key_id: u32 },
    #[error("invalid checkpoint: {0}")]
    BadCheckpoint(&'static str),
}

/// Key names identify keys in signature lines, which are space separated, and in key texts,
/// which are '+' separated.
fn is_valid_name(name: &str) -> bool {
    !name.is_empty()
        && !name
            .chars()
            .any(|c| c == '+' || c.is_whitespace() || c < ' ')
}

/// The key id: the first four bytes of SHA-256(name || "\n" || 0x01 || public key), big-endian.
fn key_id(name: &str, public_key: &[u8; 32]) -> u32 {
    let mut hasher = Sha256::new();
    hasher.update(name.as_bytes());
    hasher.update([b'\n', ALG_ED25519]);
    hasher.update(public_key);
    let digest = hasher.finalize();
    u32::from_be_bytes([digest[0], digest[1], digest[2], digest[3]])
}

/// Splits `<name>+<8 lowercase hex>+<base64>` and decodes the id and the key bytes.
fn split_key_text(text: &str) -> Option<(&str, u32, Vec<u8>)> {
    let (name, rest) = text.split_once('+')?;
    let (id, key) = rest.split_once('+')?;
    if id.len() != 8 || !id.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')) {
        return None;
    }
    let id = u32::from_str_radix(id, 16).ok()?;
    let key = STANDARD.decode(key).ok()?;
    Some((name, id, key))
}

/// The public half of a log key: checks signatures on notes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Verifier {
    name: String,
    key_id: u32,
    key: VerifyingKey,
}

impl Verifier {
    /// A verifier for `key` under `name`. Rejects invalid names and small-order keys.
    pub fn new(name: &str, key: VerifyingKey) -> Result<Verifier, NoteError> {
        if !is_valid_name(name) {
            return Err(NoteError::InvalidName);
        }
        if key.is_weak() {
            return Err(NoteError::BadVerifierKey("the public key has small order"));
        }
        Ok(Verifier {
            name: name.to_owned(),
            key_id: key_id(name, key.as_bytes()),
            key,
        })
    }

    /// Parses a verifier key text, `<name>+<key id>+<base64(0x01 || public key)>`, checking that
    /// the key id matches the name and key.
    pub fn parse(text: &str) -> Result<Verifier, NoteError> {
        let (name, id, key) = split_key_text(text).ok_or(NoteError::BadVerifierKey(
            "expected <name>+<8 hex digits>+<base64 key>",
        ))?;
        if !is_valid_name(name) {
            return Err(NoteError::InvalidName);
        }
        let (&alg, public) = key
            .split_first()
            .ok_or(NoteError::BadVerifierKey("the key is empty"))?;
        if alg != ALG_ED25519 {
            return Err(NoteError::UnsupportedAlgorithm(alg));
        }
        let public: [u8; 32] = public
            .try_into()
            .map_err(|_| NoteError::BadVerifierKey("an Ed25519 public key is 32 bytes"))?;
        let key = VerifyingKey::from_bytes(&public)
            .map_err(|_| NoteError::BadVerifierKey("not an Ed25519 public key"))?;
        if key.to_bytes() != public {
            return Err(NoteError::BadVerifierKey(
                "the public key is not canonically encoded",
            ));
        }
        let verifier = Verifier::new(name, key)?;
        if verifier.key_id != id {
            return Err(NoteError::BadVerifierKey(
                "the key id does not match the name and key",
            ));
        }
        Ok(verifier)
    }

    /// The verifier key text, as [`Verifier::parse`] reads it.
    pub fn text(&self) -> String {
        let mut key = [0u8; 33];
        key[0] = ALG_ED25519;
        key[1..].copy_from_slice(self.key.as_bytes());
        format!("{}+{:08x}+{}", self.name, self.key_id, STANDARD.encode(key))
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn key_id(&self) -> u32 {
        self.key_id
    }

    pub fn public_key(&self) -> [u8; 32] {
        self.key.to_bytes()
    }

    /// Strict RFC 8032 verification, which also refuses small-order signature components.
    fn verifies(&self, message: &[u8], signature: &[u8]) -> bool {
        let Ok(bytes) = <[u8; 64]>::try_from(signature) else {
            return false;
        };
        self.key
            .verify_strict(message, &Signature::from_bytes(&bytes))
            .is_ok()
    }
}

/// The private half of a log key: signs notes. Its `Debug` output leaves the key out, so it can
/// sit in configuration structs that get logged.
#[derive(Clone)]
pub struct Signer {
    name: String,
    key_id: u32,
    key: SigningKey,
}

impl fmt::Debug for Signer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Signer")
            .field("name", &self.name)
            .field("key_id", &format_args!("{:08x}", self.key_id))
            .finish_non_exhaustive()
    }
}

impl Signer {
    /// A signer for `key` under `name`. Names must be non-empty and contain no '+', whitespace or
    /// control characters.
    pub fn new(name: &str, key: SigningKey) -> Result<Signer, NoteError> {
        if !is_valid_name(name) {
            return Err(NoteError::InvalidName);
        }
        let key_id = key_id(name, key.verifying_key().as_bytes());
        Ok(Signer {
            name: name.to_owned(),
            key_id,
            key,
        })
    }

    /// A new random key under `name`.
    pub fn generate<R: rand::CryptoRng + rand::RngCore>(
        name: &str,
        rng: &mut R,
    ) -> Result<Signer, NoteError> {
        Signer::new(name, SigningKey::generate(rng))
    }

    /// Parses a signer key text in Go's format,
    /// `PRIVATE+KEY+<name>+<key id>+<base64(0x01 || 32-byte seed)>`, checking that the key id
    /// matches the name and the derived public key.
    pub fn parse_private(text: &str) -> Result<Signer, NoteError> {
        let rest = text
            .strip_prefix(PRIVATE_PREFIX)
            .ok_or(NoteError::BadSignerKey(
                "expected PRIVATE+KEY+<name>+<8 hex digits>+<base64 key>",
            ))?;
        let (name, id, mut key) = split_key_text(rest).ok_or(NoteError::BadSignerKey(
            "expected PRIVATE+KEY+<name>+<8 hex digits>+<base64 key>",
        ))?;
        let parsed = Signer::from_key_bytes(name, id, &key);
        key.fill(0);
        std::hint::black_box(&key);
        parsed
    }

    fn from_key_bytes(name: &str, id: u32, key: &[u8]) -> Result<Signer, NoteError> {
        if !is_valid_name(name) {
            return Err(NoteError::InvalidName);
        }
        let (&alg, seed) = key
            .split_first()
            .ok_or(NoteError::BadSignerKey("the key is empty"))?;
        if alg != ALG_ED25519 {
            return Err(NoteError::UnsupportedAlgorithm(alg));
        }
        let seed: &[u8; 32] = seed
            .try_into()
            .map_err(|_| NoteError::BadSignerKey("an Ed25519 seed is 32 bytes"))?;
        let signer = Signer::new(name, SigningKey::from_bytes(seed))?;
        if signer.key_id != id {
            return Err(NoteError::BadSignerKey(
                "the key id does not match the name and key",
            ));
        }
        Ok(signer)
    }

    /// The signer key text, as [`Signer::parse_private`] (and Go's `note.NewSigner`) reads it.
    /// It is the secret key: store it like a password.
    pub fn private_text(&self) -> String {
        let mut key = [0u8; 33];
        key[0] = ALG_ED25519;
        key[1..].copy_from_slice(self.key.as_bytes());
        let text = format!(
            "{PRIVATE_PREFIX}{}+{:08x}+{}",
            self.name,
            self.key_id,
            STANDARD.encode(key)
        );
        key.fill(0);
        std::hint::black_box(&key);
        text
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn key_id(&self) -> u32 {
        self.key_id
    }

    /// The matching verifier.
    pub fn verifier(&self) -> Verifier {
        Verifier {
            name: self.name.clone(),
            key_id: self.key_id,
            key: self.key.verifying_key(),
        }
    }

    /// Signs `body` and returns the whole note: the body, a blank line and one signature line.
    /// The body must end in a newline and contain no control characters other than newlines;
    /// blank lines inside it are allowed, since readers split at the last blank line.
    pub fn sign(&self, body: &str) -> Result<String, NoteError> {
        if !body.ends_with('\n') {
            return Err(NoteError::BadText("it must end in a newline"));
        }
        if body.bytes().any(|b| b < 0x20 && b != b'\n') {
            return Err(NoteError::BadText("it contains a control character"));
        }
        // Leave room for the signature lines so the note stays openable.
        if body.len() > MAX_NOTE_SIZE - 4096 {
            return Err(NoteError::BadText("it is too large"));
        }
        let signature = self.key.sign(body.as_bytes());
        let mut blob = [0u8; 68];
        blob[..4].copy_from_slice(&self.key_id.to_be_bytes());
        blob[4..].copy_from_slice(&signature.to_bytes());
        let mut note = String::with_capacity(body.len() + self.name.len() + 100);
        note.push_str(body);
        note.push('\n');
        note.push_str(SIG_PREFIX);
        note.push_str(&self.name);
        note.push(' ');
        STANDARD.encode_string(blob, &mut note);
        note.push('\n');
        Ok(note)
    }
}

/// Parses a signed note and checks that it carries a valid signature by `verifier`; returns the
/// note text (the body, with its final newline). Signatures by other keys are checked for syntax
/// and otherwise ignored, as the spec requires (they may be witnesses' cosignatures). Every
/// signature line that names this verifier's name and key id must verify.
pub fn open_note(note: &str, verifier: &Verifier) -> Result<String, NoteError> {
    if note.len() > MAX_NOTE_SIZE {
        return Err(NoteError::TooLarge {
            size: note.len(),
            limit: MAX_NOTE_SIZE,
        });
    }
    if note.bytes().any(|b| b < 0x20 && b != b'\n') {
        return Err(NoteError::Malformed("it contains a control character"));
    }
    let split = note.rfind("\n\n").ok_or(NoteError::Malformed(
        "there is no blank line before the signatures",
    ))?;
    let (text, signatures) = (&note[..split + 1], &note[split + 2..]);
    let signatures = signatures.strip_suffix('\n').ok_or(NoteError::Malformed(
        "the signature block is empty or lacks its final newline",
    ))?;
    let mut verified = false;
    for (count, line) in signatures.split('\n').enumerate() {
        if count >= MAX_SIGNATURES {
            return Err(NoteError::TooManySignatures {
                limit: MAX_SIGNATURES,
            });
        }
        let line = line.strip_prefix(SIG_PREFIX).ok_or(NoteError::Malformed(
            "a signature line does not start with an em dash and a space",
        ))?;
        let (name, encoded) = line.split_once(' ').ok_or(NoteError::Malformed(
            "a signature line has no space after the key name",
        ))?;
        if !is_valid_name(name) {
            return Err(NoteError::Malformed(
                "a signature line has an invalid key name",
            ));
        }
        let blob = STANDARD
            .decode(encoded)
            .map_err(|_| NoteError::Malformed("a signature is not valid base64"))?;
        let (id, signature) = match blob.split_first_chunk::<4>() {
            Some((id, signature)) if !signature.is_empty() => (u32::from_be_bytes(*id), signature),
            _ => return Err(NoteError::Malformed("a signature is too short")),
        };
        if name == verifier.name && id == verifier.key_id {
            if !verifier.verifies(text.as_bytes(), signature) {
                return Err(NoteError::InvalidSignature {
                    name: name.to_owned(),
                    key_id: id,
                });
            }
            verified = true;
        }
    }
    if !verified {
        return Err(NoteError::NotSigned {
            name: verifier.name.clone(),
            key_id: verifier.key_id,
        });
    }
    Ok(text.to_owned())
}
