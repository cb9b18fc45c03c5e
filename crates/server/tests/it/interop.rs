//! Interoperability: the exchange's certificates verify with an independent implementation of
//! the W3C `eddsa-jcs-2022` cryptosuite, `tests/interop/verify_eddsa_jcs.py` (Python, with the
//! `cryptography`, `jcs` and `base58` libraries and none of Dataport's code). The same script
//! verifies the W3C vc-di-eddsa signed credentials and refuses certificates changed by one
//! character, so a pass means the two implementations agree, not that the script accepts all.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::support::*;

const INSTALL: &str = "python3 -m pip install cryptography jcs base58";

fn script() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/interop/verify_eddsa_jcs.py")
}

/// The W3C vectors, from `../shared/testdata` beside the repository clone.
fn w3c_vector(dir: &str, file: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/testdata/vc")
        .join(dir)
        .join(file)
}

/// Runs the independent verifier on `file`. A missing interpreter or library fails the test
/// with what to install: a verifier that cannot run has proved nothing.
fn run_verifier(file: &Path) -> Output {
    let out = Command::new("python3")
        .arg(script())
        .arg(file)
        .output()
        .unwrap_or_else(|e| panic!("cannot run python3 ({e}); install Python 3, then: {INSTALL}"));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !stderr.contains("missing Python library"),
        "the independent verifier needs its libraries: {INSTALL}\n{stderr}"
    );
    out
}

/// Writes `doc` to a temporary file and runs the verifier on it.
fn verify_json(doc: &Value) -> Output {
    let mut file = tempfile::NamedTempFile::new().unwrap();
    serde_json::to_writer(&mut file, doc).unwrap();
    run_verifier(file.path())
}

fn describe(out: &Output) -> String {
    format!(
        "exit {:?}\nstdout: {}\nstderr: {}",
        out.status.code(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// `text` with its first character replaced by another.
fn one_char_changed(text: &str) -> String {
    let mut chars = text.chars();
    let first = chars.next().expect("a non-empty string");
    let other = if first == 'X' { 'Y' } else { 'X' };
    format!("{other}{}", chars.as_str())
}

#[tokio::test]
async fn certificates_verify_with_an_independent_eddsa_jcs_2022_verifier() {
    let w = World::new().await;
    let s = &w.server;
    let id = distinct_asset(s, &w.provider, "interop.csv").await;
    let r = s
        .post_json(
            &w.provider.token,
            &format!("/api/v1/assets/{id}/rights"),
            json!({"source": {"kind": "self_collected", "evidence": ["采集系统日志 2026"]}}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let cert = current_certificate(s, &w.provider, &id, "registration").await;
    assert_eq!(cert["proof"]["cryptosuite"], "eddsa-jcs-2022", "{cert}");

    let out = verify_json(&cert);
    assert_eq!(out.status.code(), Some(0), "{}", describe(&out));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        format!("verified {}", s.app.issuer_did())
    );

    // (a) One character of the title changed.
    let mut bad = cert.clone();
    let title = cert["credentialSubject"]["registration"]["title"]
        .as_str()
        .unwrap();
    bad["credentialSubject"]["registration"]["title"] = one_char_changed(title).into();
    let out = verify_json(&bad);
    assert_eq!(
        out.status.code(),
        Some(1),
        "a changed title must not verify: {}",
        describe(&out)
    );

    // (b) One character of the proof value changed (the last: the first is the multibase 'z').
    let mut bad = cert.clone();
    let value = cert["proof"]["proofValue"].as_str().unwrap();
    let last = if value.ends_with('A') { 'B' } else { 'A' };
    bad["proof"]["proofValue"] = format!("{}{last}", &value[..value.len() - 1]).into();
    let out = verify_json(&bad);
    assert_eq!(
        out.status.code(),
        Some(1),
        "a changed proof value must not verify: {}",
        describe(&out)
    );
}

#[test]
fn the_independent_verifier_accepts_the_w3c_vectors() {
    // (c) The published W3C signed credentials, with and without `@context` in the proof.
    for dir in ["eddsa-jcs-2022", "eddsa-jcs-2022-no-proof-context"] {
        let path = w3c_vector(dir, "signedJCS.json");
        assert!(path.is_file(), "missing W3C vector {}", path.display());
        let keys = std::fs::read_to_string(w3c_vector(dir, "keyPair.json")).unwrap();
        let keys: Value = serde_json::from_str(&keys).unwrap();
        let out = run_verifier(&path);
        assert_eq!(out.status.code(), Some(0), "{dir}: {}", describe(&out));
        assert_eq!(
            String::from_utf8_lossy(&out.stdout).trim(),
            format!(
                "verified did:key:{}",
                keys["publicKeyMultibase"].as_str().unwrap()
            ),
            "{dir}"
        );
    }
}
