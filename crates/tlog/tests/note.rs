//! Signed notes and checkpoints.
//!
//! The PeterNeumann and EnochRoot keys, texts and signatures are the test vectors of Go's
//! golang.org/x/mod/sumdb/note (`note_test.go`: TestNewVerifier, TestNewSigner, TestSign,
//! TestOpen). Ed25519 is deterministic, so signing the same text with the same seed must give
//! Go's note byte for byte. The checkpoint example is from the C2SP tlog-checkpoint spec.
#![allow(clippy::unwrap_used)]

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use tlog::{Checkpoint, MAX_NOTE_SIZE, NoteError, Signer, Verifier, ed25519_dalek, open_note};

const PETER_VKEY: &str = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
const PETER_SKEY: &str =
    "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
const ENOCH_VKEY: &str = "EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop";
const TEXT: &str = "If you think cryptography is the answer to your problem,\n\
                    then you don't know what your problem is.\n";
const PETER_SIG: &str = "— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";
const ENOCH_SIG: &str = "— EnochRoot rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=\n";

fn peter() -> Verifier {
    Verifier::parse(PETER_VKEY).unwrap()
}

fn enoch() -> Verifier {
    Verifier::parse(ENOCH_VKEY).unwrap()
}

fn go_note() -> String {
    format!("{TEXT}\n{PETER_SIG}")
}

#[test]
fn go_verifier_key() {
    let v = peter();
    assert_eq!(v.name(), "PeterNeumann");
    assert_eq!(v.key_id(), 0xc74f20a3);
    assert_eq!(v.text(), PETER_VKEY);
    assert_eq!(enoch().key_id(), 0xaf0cfe78);
    assert_eq!(enoch().text(), ENOCH_VKEY);
}

#[test]
fn go_verifier_key_manglings_are_rejected() {
    let b = PETER_VKEY.as_bytes();
    for i in 0..=b.len() {
        for j in i + 1..=b.len() {
            if i != 0 || j != b.len() {
                let k = std::str::from_utf8(&b[i..j]).unwrap();
                assert!(Verifier::parse(k).is_err(), "accepted {k:?}");
            }
        }
    }
    for i in 0..b.len() {
        let mut m = b.to_vec();
        m[i] += 1;
        let k = String::from_utf8(m).unwrap();
        assert!(Verifier::parse(&k).is_err(), "accepted {k:?}");
    }
    // Wrong key length and unknown algorithm, each with a key id recomputed to match.
    assert!(
        Verifier::parse(
            "PeterNeumann+cc469956+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TWBADKEY=="
        )
        .is_err()
    );
    assert_eq!(
        Verifier::parse("PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"),
        Err(NoteError::UnsupportedAlgorithm(0x65))
    );
    // Upper-case hex is not what any implementation writes.
    assert!(
        Verifier::parse("PeterNeumann+C74F20A3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW")
            .is_err()
    );
}

#[test]
fn go_signer_key() {
    let s = Signer::parse_private(PETER_SKEY).unwrap();
    assert_eq!(s.name(), "PeterNeumann");
    assert_eq!(s.key_id(), 0xc74f20a3);
    assert_eq!(s.verifier().text(), PETER_VKEY);
    assert_eq!(s.verifier(), peter());
    assert_eq!(s.private_text(), PETER_SKEY);

    let b = PETER_SKEY.as_bytes();
    for i in 0..=b.len() {
        for j in i + 1..=b.len() {
            if i != 0 || j != b.len() {
                let k = std::str::from_utf8(&b[i..j]).unwrap();
                assert!(Signer::parse_private(k).is_err(), "accepted {k:?}");
            }
        }
    }
    for i in 0..b.len() {
        let mut m = b.to_vec();
        m[i] += 1;
        let k = String::from_utf8(m).unwrap();
        assert!(Signer::parse_private(&k).is_err(), "accepted {k:?}");
    }
}

#[test]
fn signing_reproduces_go_note() {
    let s = Signer::parse_private(PETER_SKEY).unwrap();
    assert_eq!(s.sign(TEXT).unwrap(), go_note());
    assert!(matches!(s.sign("abc"), Err(NoteError::BadText(_))));
    assert!(matches!(s.sign("a\rb\n"), Err(NoteError::BadText(_))));
    // Blank lines inside the text are allowed: readers split at the last one.
    let body = "first\n\nsecond\n";
    assert_eq!(open_note(&s.sign(body).unwrap(), &peter()).unwrap(), body);
}

#[test]
fn open_go_notes() {
    assert_eq!(open_note(&go_note(), &peter()).unwrap(), TEXT);
    // Enoch's signature is ignored by a Peter verifier, and verifies for an Enoch verifier.
    let both = format!("{TEXT}\n{PETER_SIG}{ENOCH_SIG}");
    assert_eq!(open_note(&both, &peter()).unwrap(), TEXT);
    assert_eq!(open_note(&both, &enoch()).unwrap(), TEXT);
    let only_enoch = format!("{TEXT}\n{ENOCH_SIG}");
    assert!(matches!(
        open_note(&only_enoch, &peter()),
        Err(NoteError::NotSigned {
            key_id: 0xc74f20a3,
            ..
        })
    ));
    // Repeated signatures are fine.
    let twice = format!("{TEXT}\n{PETER_SIG}{PETER_SIG}{ENOCH_SIG}{ENOCH_SIG}");
    assert_eq!(open_note(&twice, &peter()).unwrap(), TEXT);
}

#[test]
fn go_rejections() {
    let v = peter();
    // Too many signatures.
    let many = format!("{TEXT}\n{}", PETER_SIG.repeat(101));
    assert_eq!(
        open_note(&many, &v),
        Err(NoteError::TooManySignatures { limit: 100 })
    );
    let hundred = format!("{TEXT}\n{}", PETER_SIG.repeat(100));
    assert_eq!(open_note(&hundred, &v).unwrap(), TEXT);
    // A known key whose signature does not verify.
    let corrupt = format!("{TEXT}\n{}ABCD{}", &PETER_SIG[..60], &PETER_SIG[60..]);
    assert_eq!(
        open_note(&corrupt, &v),
        Err(NoteError::InvalidSignature {
            name: "PeterNeumann".into(),
            key_id: 0xc74f20a3
        })
    );
    // A bad signature by the known key is an error even next to a good one.
    let mixed = format!(
        "{TEXT}\n{PETER_SIG}{}ABCD{}",
        &PETER_SIG[..60],
        &PETER_SIG[60..]
    );
    assert!(matches!(
        open_note(&mixed, &v),
        Err(NoteError::InvalidSignature { .. })
    ));
    // Syntax errors.
    let bad_messages = [
        TEXT.to_owned(),
        format!("{TEXT}\n"),
        format!("{TEXT}\n{}", &PETER_SIG[..PETER_SIG.len() - 1]),
        format!("\x01{TEXT}\n{PETER_SIG}"),
        format!(
            "{TEXT}\n— Bad Name x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM="
        ),
        format!(
            "{TEXT}\n— Bad Name x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n"
        ),
        format!("{TEXT}\n{PETER_SIG}Unexpected line.\n"),
        format!(
            "{TEXT}\n- PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n"
        ),
        format!(
            "{TEXT}\n— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM\n"
        ),
        format!("{TEXT}\n— PeterNeumann \n"),
        format!("{TEXT}\n— PeterNeumann x08g\n"),
        format!(
            "{TEXT}\n— Peter+Neumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n"
        ),
        format!("{TEXT}\r\n{PETER_SIG}"),
        String::new(),
        "\n\n".to_owned(),
    ];
    for message in &bad_messages {
        let result = open_note(message, &v);
        assert!(
            matches!(result, Err(NoteError::Malformed(_))),
            "{message:?} gave {result:?}"
        );
    }
    // A signature under another name, or with another key id, is someone else's: ignored.
    let renamed = go_note().replace("PeterNeumann", "CarmenSandiego");
    assert!(matches!(
        open_note(&renamed, &v),
        Err(NoteError::NotSigned { .. })
    ));
    let other_id = go_note().replace("x08g", "xxxx");
    assert!(matches!(
        open_note(&other_id, &v),
        Err(NoteError::NotSigned { .. })
    ));
    // Tampered text.
    let tampered = go_note().replace("cryptography", "cryptographY");
    assert!(matches!(
        open_note(&tampered, &v),
        Err(NoteError::InvalidSignature { .. })
    ));
    // Huge input.
    let huge = format!("{}\n\n{PETER_SIG}", "a".repeat(MAX_NOTE_SIZE));
    assert!(matches!(
        open_note(&huge, &v),
        Err(NoteError::TooLarge { .. })
    ));
}

#[test]
fn generated_keys_round_trip() {
    let mut rng = StdRng::seed_from_u64(7);
    let signer = Signer::generate("dataport.example/log", &mut rng).unwrap();
    let verifier = signer.verifier();
    let parsed = Verifier::parse(&verifier.text()).unwrap();
    assert_eq!(parsed, verifier);
    let reparsed = Signer::parse_private(&signer.private_text()).unwrap();
    assert_eq!(reparsed.verifier(), verifier);
    let note = signer.sign("hello\n").unwrap();
    assert_eq!(open_note(&note, &verifier).unwrap(), "hello\n");
    assert_eq!(
        open_note(&reparsed.sign("hello\n").unwrap(), &verifier).unwrap(),
        "hello\n"
    );

    // A different key under the same name is ignored (its key id differs).
    let other = Signer::generate("dataport.example/log", &mut rng).unwrap();
    assert!(matches!(
        open_note(&note, &other.verifier()),
        Err(NoteError::NotSigned { .. })
    ));
    // A signature by another key that claims this key's name and id must verify, and does not.
    let impostor = other.sign("hello\n").unwrap();
    let encoded = impostor.trim_end().rsplit_once(' ').unwrap().1;
    let mut blob = base64_decode(encoded);
    blob[..4].copy_from_slice(&verifier.key_id().to_be_bytes());
    let forged = format!("hello\n\n— dataport.example/log {}\n", base64_encode(&blob));
    assert!(matches!(
        open_note(&forged, &verifier),
        Err(NoteError::InvalidSignature { .. })
    ));
    // Even next to the genuine signature.
    let forged_too = format!("{note}— dataport.example/log {}\n", base64_encode(&blob));
    assert!(matches!(
        open_note(&forged_too, &verifier),
        Err(NoteError::InvalidSignature { .. })
    ));

    // Cosigned notes: both verifiers accept, each ignoring the other's line.
    let cosigned = format!(
        "{note}{}",
        other.sign("hello\n").unwrap().split_once("\n\n").unwrap().1
    );
    assert_eq!(open_note(&cosigned, &verifier).unwrap(), "hello\n");
    assert_eq!(open_note(&cosigned, &other.verifier()).unwrap(), "hello\n");
}

#[test]
fn tampered_notes_fail() {
    let mut rng = StdRng::seed_from_u64(8);
    let signer = Signer::generate("example.com/log", &mut rng).unwrap();
    let verifier = signer.verifier();
    let note = signer
        .sign("example.com/log\n5\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n")
        .unwrap();
    open_note(&note, &verifier).unwrap();
    let (body, line) = note.split_once("\n\n").unwrap();
    let encoded = line.trim_end().rsplit_once(' ').unwrap().1;
    let mut blob = base64_decode(encoded);
    // Flip every bit of the signature in turn (the key id bytes come first).
    for i in 0..blob.len() * 8 {
        blob[i / 8] ^= 1 << (i % 8);
        let bad = format!("{body}\n\n— example.com/log {}\n", base64_encode(&blob));
        let result = open_note(&bad, &verifier);
        if i < 32 {
            assert!(
                matches!(result, Err(NoteError::NotSigned { .. })),
                "bit {i}: {result:?}"
            );
        } else {
            assert!(
                matches!(result, Err(NoteError::InvalidSignature { .. })),
                "bit {i}: {result:?}"
            );
        }
        blob[i / 8] ^= 1 << (i % 8);
    }
    // Changing the text.
    let bad = note.replacen('5', "6", 1);
    assert!(matches!(
        open_note(&bad, &verifier),
        Err(NoteError::InvalidSignature { .. })
    ));
    // Changing the name: not this key any more.
    let bad = note.replace("— example.com/log", "— example.com/log2");
    assert!(matches!(
        open_note(&bad, &verifier),
        Err(NoteError::NotSigned { .. })
    ));
}

#[test]
fn mangled_notes_never_panic() {
    let mut rng = StdRng::seed_from_u64(9);
    let signer = Signer::generate("example.com/log", &mut rng).unwrap();
    let verifier = signer.verifier();
    let note = signer
        .sign("example.com/log\n5\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n")
        .unwrap();
    let alphabet: Vec<char> = "ab+/= \n—\u{a0}\u{2014}\r\x00x0A".chars().collect();
    for _ in 0..1500 {
        let mut chars: Vec<char> = note.chars().collect();
        for _ in 0..rng.gen_range(1..4) {
            let at = rng.gen_range(0..chars.len());
            match rng.gen_range(0..3) {
                0 => {
                    chars.remove(at);
                }
                1 => chars.insert(at, alphabet[rng.gen_range(0..alphabet.len())]),
                _ => chars[at] = alphabet[rng.gen_range(0..alphabet.len())],
            }
            if chars.is_empty() {
                break;
            }
        }
        let mangled: String = chars.into_iter().collect();
        if let Ok(body) = open_note(&mangled, &verifier) {
            // Only changes outside the signed text and signature can survive.
            assert_eq!(
                body,
                "example.com/log\n5\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n"
            );
        }
        let _ = Checkpoint::parse(&mangled);
        let _ = Verifier::parse(&mangled);
        let _ = Signer::parse_private(&mangled);
    }
}

#[test]
fn names_are_validated() {
    let key = ed25519_dalek::SigningKey::from_bytes(&[7u8; 32]);
    for bad in [
        "",
        "a+b",
        "a b",
        "a\tb",
        "a\nb",
        "a\u{a0}b",
        "a\u{2003}b",
        "a\u{1}b",
    ] {
        assert_eq!(
            Signer::new(bad, key.clone()).unwrap_err(),
            NoteError::InvalidName,
            "{bad:?}"
        );
        assert_eq!(
            Verifier::new(bad, key.verifying_key()).unwrap_err(),
            NoteError::InvalidName,
            "{bad:?}"
        );
    }
    Signer::new("example.com/log—ü", key).unwrap();
}

#[test]
fn weak_keys_are_rejected() {
    // The identity point (y = 1) has small order.
    let mut identity = [0u8; 32];
    identity[0] = 1;
    let key = ed25519_dalek::VerifyingKey::from_bytes(&identity).unwrap();
    assert!(matches!(
        Verifier::new("weak", key),
        Err(NoteError::BadVerifierKey(_))
    ));
}

#[test]
fn signer_debug_hides_the_key() {
    let s = Signer::parse_private(PETER_SKEY).unwrap();
    let debug = format!("{s:?} {s:#?}");
    assert!(debug.contains("PeterNeumann"));
    assert!(debug.contains("c74f20a3"));
    assert!(!debug.contains("AYEKFALVFGyNhPJEMzD1QIDr"), "{debug}");
}

#[test]
fn checkpoint_from_spec() {
    let body =
        "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n";
    let c = Checkpoint::parse(body).unwrap();
    assert_eq!(c.origin, "example.com/behind-the-sofa");
    assert_eq!(c.size, 20_852_163);
    assert_eq!(c.root[..3], [0x0a, 0xc5, 0x18]);
    assert!(c.extensions.is_empty());
    assert_eq!(c.body(), body);

    let with_ext = format!("{body}ext one\nsecond ext\n");
    let c = Checkpoint::parse(&with_ext).unwrap();
    assert_eq!(c.extensions, ["ext one", "second ext"]);
    assert_eq!(c.body(), with_ext);

    let empty = Checkpoint {
        origin: "o".into(),
        size: 0,
        root: tlog::EMPTY_ROOT,
        extensions: vec![],
    };
    assert_eq!(
        empty.body(),
        "o\n0\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n"
    );
    assert_eq!(Checkpoint::parse(&empty.body()).unwrap(), empty);
}

#[test]
fn checkpoint_rejections() {
    let root = "CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=";
    let bad = [
        format!("o\n5\n{root}"),
        format!("\n5\n{root}\n"),
        format!("o\n05\n{root}\n"),
        format!("o\n+5\n{root}\n"),
        format!("o\n-5\n{root}\n"),
        format!("o\n 5\n{root}\n"),
        format!("o\n\n{root}\n"),
        format!("o\n18446744073709551616\n{root}\n"),
        format!("o\n5\n{root}\n\n"),
        format!("o\n5\n{root}\nok\n\n"),
        "o\n5\n".to_owned(),
        "o\n".to_owned(),
        String::new(),
        "o\n5\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I\n".to_owned(),
        "o\n5\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2J=\n".to_owned(),
        "o\n5\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jx\n".to_owned(),
        "o\n5\nCsUYapGGPo4dkMgIAUqom_Xajj7h2fB2MPA3j2jxq2I=\n".to_owned(),
        format!("o\r\n5\n{root}\n"),
        format!("o\n5\n{root}\n{}\n", "a".repeat(MAX_NOTE_SIZE)),
    ];
    for body in &bad {
        assert!(Checkpoint::parse(body).is_err(), "accepted {body:?}");
    }
    let max = format!("o\n18446744073709551615\n{root}\n");
    assert_eq!(Checkpoint::parse(&max).unwrap().size, u64::MAX);
}

#[test]
fn signed_checkpoint_round_trip() {
    let mut rng = StdRng::seed_from_u64(10);
    let signer = Signer::generate("dataport.example/log", &mut rng).unwrap();
    let checkpoint = Checkpoint {
        origin: "dataport.example/log".into(),
        size: 12345,
        root: tlog::leaf_hash(b"root"),
        extensions: vec![],
    };
    let note = signer.sign(&checkpoint.body()).unwrap();
    let body = open_note(&note, &signer.verifier()).unwrap();
    assert_eq!(Checkpoint::parse(&body).unwrap(), checkpoint);
}

fn base64_decode(s: &str) -> Vec<u8> {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.decode(s).unwrap()
}

fn base64_encode(b: &[u8]) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(b)
}
