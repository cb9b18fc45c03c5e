//! `dataport cert verify`, as a holder of a certificate meets it: a certificate from a running
//! exchange checks out offline (with and without the issuer and the log key pinned), one
//! changed character anywhere is refused, a forger re-signing a doctored certificate with a key
//! of their own is caught by the pins and by the embedded log receipt, and online the
//! certificate is reported revoked once the asset's rights change and a new one supersedes it.
//! Bad input fails with a reason, never a panic.

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, Output, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::support::dataport;

/// The exit status of a valid but revoked certificate.
const REVOKED: i32 = 3;

fn client() -> reqwest::Client {
    reqwest::Client::new()
}

/// `dataport serve --demo` on a port chosen beforehand, so the status list URLs it writes
/// into certificates (its public URL defaults to the listen address) are reachable. Killed on
/// drop, so a failed assertion leaves no server behind.
struct Demo {
    child: Child,
    base: String,
}

impl Demo {
    fn start(dir: &Path) -> Demo {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let listen = format!("127.0.0.1:{port}");
        let mut child = dataport()
            .args(["serve", "--demo", "--listen", &listen, "--data-dir"])
            .arg(dir)
            .env("DATAPORT_LOG", "warn")
            .env_remove("DATAPORT_PUBLIC_URL")
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
        let mut base = None;
        for line in lines.by_ref() {
            if let Some(a) = line.unwrap().strip_prefix("Dataport is serving on http://") {
                base = Some(a.to_owned());
                break;
            }
        }
        std::thread::spawn(move || for _ in lines {});
        let base = base.expect("the server announces its address");
        assert_eq!(base, listen);
        Demo { child, base }
    }
}

impl Drop for Demo {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

async fn get_json(base: &str, path: &str, token: Option<&str>) -> (u16, Value) {
    let mut req = client().get(format!("http://{base}{path}"));
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    let r = req.send().await.unwrap();
    (r.status().as_u16(), r.json().await.unwrap_or_default())
}

async fn post_json(base: &str, path: &str, token: &str, body: &Value) -> (u16, Value) {
    let r = client()
        .post(format!("http://{base}{path}"))
        .bearer_auth(token)
        .json(body)
        .send()
        .await
        .unwrap();
    (r.status().as_u16(), r.json().await.unwrap_or_default())
}

async fn sign_in(base: &str, username: &str) -> String {
    let r = client()
        .post(format!("http://{base}/api/v1/auth/token"))
        .json(&json!({"username": username, "password": "demo-password"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    let body: Value = r.json().await.unwrap();
    body["token"].as_str().unwrap().to_owned()
}

/// The asset's current certificate once it is issued (and, with `not`, once it is another
/// than `not`): `409 log.pending` is retried until the deadline.
async fn certificate(base: &str, token: &str, asset: &str, not: Option<&str>) -> Value {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let (status, body) = get_json(
            base,
            &format!("/api/v1/assets/{asset}/certificate"),
            Some(token),
        )
        .await;
        match status {
            200 if not.is_none_or(|n| body["id"] != n) => return body,
            200 | 409 => {}
            _ => panic!("GET certificate: {status} {body}"),
        }
        assert!(
            Instant::now() < deadline,
            "no (new) certificate for {asset}: {status} {body}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

fn verify(file: &Path, extra: &[&str]) -> Output {
    dataport()
        .args(["cert", "verify"])
        .arg(file)
        .args(extra)
        .output()
        .unwrap()
}

/// `verify` of `credential` written to `file`.
fn verify_value(file: &Path, credential: &Value, extra: &[&str]) -> Output {
    std::fs::write(file, credential.to_string()).unwrap();
    verify(file, extra)
}

/// Asserts a refusal: exit status 1, the code, a Chinese explanation, and no panic.
#[track_caller]
fn assert_refused(out: &Output, code: &str) {
    let t = text(out);
    assert_eq!(out.status.code(), Some(1), "{t}");
    assert!(t.contains(&format!("[{code}]")), "expected {code}: {t}");
    assert!(
        t.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
        "the reason is given in Chinese too: {t}"
    );
    assert!(!t.contains("panicked"), "{t}");
    assert!(out.stdout.is_empty(), "nothing on standard output: {t}");
}

/// Replaces the character at `at` of the string at `pointer` with another of the same kind.
fn tamper(credential: &Value, pointer: &str, at: usize) -> Value {
    let mut forged = credential.clone();
    let s = forged.pointer_mut(pointer).unwrap();
    let mut chars: Vec<char> = s.as_str().unwrap().chars().collect();
    chars[at] = match chars[at] {
        'a' => 'b',
        c if c.is_ascii_alphanumeric() => 'a',
        '数' => '树',
        _ => '数',
    };
    *s = Value::String(chars.into_iter().collect());
    forged
}

/// `digest` (`sha256:<hex>`) with one hex digit changed.
fn flip_hex(digest: &str) -> String {
    let mut bytes = digest.as_bytes().to_vec();
    bytes[10] = if bytes[10] == b'0' { b'1' } else { b'0' };
    String::from_utf8(bytes).unwrap()
}

/// `credential` changed by `change` and signed again with a key that is not the exchange's.
fn forge(issuer: &vc::Issuer, credential: &Value, change: impl FnOnce(&mut Value)) -> Value {
    let mut doc = credential.clone();
    doc.as_object_mut().unwrap().remove("proof");
    doc["issuer"]["id"] = Value::String(issuer.did());
    change(&mut doc);
    issuer.sign(&doc, "2026-01-01T00:00:00Z").unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn certificates_verify_offline_resist_tampering_and_show_revocation_online() {
    let dir = tempfile::tempdir().unwrap();
    let demo = Demo::start(dir.path());
    let base = demo.base.clone();
    let port = sign_in(&base, "dalian-port").await;
    let (_, me) = get_json(&base, "/api/v1/me", Some(&port)).await;
    let me = me["participant"]["id"].as_str().unwrap().to_owned();
    let (_, assets) = get_json(&base, "/api/v1/assets", Some(&port)).await;
    let asset = assets["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["owner"] == me.as_str())
        .expect("dalian-port owns demo assets")
        .clone();
    let asset_id = asset["id"].as_str().unwrap().to_owned();
    let cert = certificate(&base, &port, &asset_id, None).await;
    let cert_file = dir.path().join("cert.json");
    std::fs::write(&cert_file, serde_json::to_string_pretty(&cert).unwrap()).unwrap();
    let (_, key) = get_json(&base, "/api/v1/log/key", None).await;
    let log_key = key["verifier_key"].as_str().unwrap().to_owned();
    let key_file = dir.path().join("log.pub");
    std::fs::write(&key_file, format!("{log_key}\n")).unwrap();
    let (_, issuer) = get_json(&base, "/api/v1/credentials/issuer", None).await;
    let issuer = issuer["id"].as_str().unwrap().to_owned();

    // 1. Offline: the certificate checks out and says what it attests.
    let out = verify(&cert_file, &[]);
    assert!(out.status.success(), "{}", text(&out));
    let shown = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(shown.starts_with("ok: registration certificate"), "{shown}");
    assert!(shown.contains(&asset_id), "{shown}");
    assert!(shown.contains(asset["title"].as_str().unwrap()), "{shown}");
    assert!(shown.contains("revocation not checked"), "{shown}");
    let out = verify(&cert_file, &["--json"]);
    assert!(out.status.success(), "{}", text(&out));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["valid"], true);
    assert_eq!(report["revoked"], Value::Null);
    let check = &report["check"];
    assert_eq!(check["kind"], "registration");
    assert_eq!(check["asset"], asset_id.as_str());
    assert_eq!(check["issuer"], issuer.as_str());
    assert_eq!(check["id"], cert["id"]);
    let index = check["log_index"].as_u64().unwrap();
    assert!(index < check["tree_size"].as_u64().unwrap());
    assert!(shown.contains(&format!("log entry {index} of ")), "{shown}");
    assert_eq!(
        check["status_list"],
        format!("http://{base}/api/v1/credentials/status/1").as_str()
    );
    assert!(check["status_index"].is_u64());
    // Standard input, and both pins, as text and as a file.
    let mut child = dataport()
        .args([
            "cert",
            "verify",
            "-",
            "--issuer",
            &issuer,
            "--log-key",
            &log_key,
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(cert.to_string().as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("issuer and log key pinned"));
    let out = verify(&cert_file, &["--log-key", key_file.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out));
    // Another log's key, another issuer, and a key that is no key.
    let other_log = tlog::Signer::new(
        "dataport.localhost/log",
        tlog::ed25519_dalek::SigningKey::from_bytes(&[9; 32]),
    )
    .unwrap()
    .verifier()
    .text();
    assert_refused(
        &verify(&cert_file, &["--log-key", &other_log]),
        "certificate.wrong_log_key",
    );
    let forger = vc::Issuer::new(vc::ed25519_dalek::SigningKey::from_bytes(&[7; 32]));
    assert_refused(
        &verify(&cert_file, &["--issuer", &forger.did()]),
        "certificate.wrong_issuer",
    );
    assert_refused(
        &verify(&cert_file, &["--log-key", "not-a-key"]),
        "certificate.bad_log_key",
    );

    // 2. One changed character anywhere breaks the exchange's proof.
    let tampered = dir.path().join("tampered.json");
    for (pointer, at) in [
        ("/credentialSubject/registration/title", 1),
        ("/credentialSubject/stateDigest", 20),
        ("/proof/proofValue", 30),
        ("/evidence/0/receipt/checkpoint", 5),
        ("/evidence/0/receipt/proof/0", 3),
        ("/evidence/0/logKey", 2),
        ("/credentialStatus/statusListIndex", 0),
    ] {
        let out = verify_value(&tampered, &tamper(&cert, pointer, at), &[]);
        assert_refused(&out, "certificate.bad_proof");
    }
    let mut moved = cert.clone();
    moved["evidence"][0]["receipt"]["index"] = json!(index + 1);
    assert_refused(
        &verify_value(&tampered, &moved, &[]),
        "certificate.bad_proof",
    );
    // The same change made to the bytes of the file, not through a parser.
    let raw = std::fs::read_to_string(&cert_file).unwrap();
    let digest = cert["credentialSubject"]["stateDigest"].as_str().unwrap();
    let flipped = flip_hex(digest);
    std::fs::write(&tampered, raw.replacen(digest, &flipped, 1)).unwrap();
    assert_ne!(std::fs::read_to_string(&tampered).unwrap(), raw);
    assert_refused(&verify(&tampered, &[]), "certificate.bad_proof");

    // A forger re-signs with a key of their own: the issuer pin refuses it, and without the
    // pin the embedded receipt and the logged event still give a doctored certificate away.
    let resigned = forge(&forger, &cert, |_| {});
    let out = verify_value(&tampered, &resigned, &[]);
    assert!(
        out.status.success(),
        "unpinned, a faithful copy re-signed is consistent: {}",
        text(&out)
    );
    assert_refused(
        &verify(&tampered, &["--issuer", &issuer]),
        "certificate.wrong_issuer",
    );
    let bad_inclusion = forge(&forger, &cert, |d| {
        let receipt = &mut d["evidence"][0]["receipt"];
        let hash = receipt["proof"][0].as_str().unwrap();
        let mut bytes: Vec<char> = hash.chars().collect();
        bytes[0] = if bytes[0] == 'A' { 'B' } else { 'A' };
        receipt["proof"][0] = Value::String(bytes.into_iter().collect());
    });
    assert_refused(
        &verify_value(&tampered, &bad_inclusion, &[]),
        "certificate.bad_receipt",
    );
    let other_body = forge(&forger, &cert, |d| {
        let receipt = &mut d["evidence"][0]["receipt"];
        let body = receipt["body"].as_str().unwrap().replacen(':', ": ", 1);
        receipt["body"] = Value::String(body);
    });
    assert_refused(
        &verify_value(&tampered, &other_body, &[]),
        "certificate.bad_receipt",
    );
    let other_log_key = forge(&forger, &cert, |d| {
        d["evidence"][0]["logKey"] = Value::String(other_log.clone());
    });
    assert_refused(
        &verify_value(&tampered, &other_log_key, &[]),
        "certificate.bad_receipt",
    );
    assert_refused(
        &verify_value(&tampered, &other_log_key, &["--log-key", &log_key]),
        "certificate.wrong_log_key",
    );
    let other_state = forge(&forger, &cert, |d| {
        d["credentialSubject"]["registration"]["public"] = json!("unconditional");
    });
    assert_refused(
        &verify_value(&tampered, &other_state, &[]),
        "certificate.event_mismatch",
    );
    let other_digest = forge(&forger, &cert, |d| {
        let s = flip_hex(d["credentialSubject"]["stateDigest"].as_str().unwrap());
        d["credentialSubject"]["stateDigest"] = Value::String(s);
    });
    assert_refused(
        &verify_value(&tampered, &other_digest, &[]),
        "certificate.event_mismatch",
    );

    // 3. Online: not revoked, from the URL the certificate names and from a mirror on disk.
    let out = verify(&cert_file, &["--online", "--issuer", &issuer]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains("not revoked per http://"),
        "{}",
        text(&out)
    );
    let out = verify(&cert_file, &["--online", "--json"]);
    assert!(out.status.success(), "{}", text(&out));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        (report["valid"].clone(), report["revoked"].clone()),
        (json!(true), json!(false))
    );
    let status_url = check["status_list"].as_str().unwrap().to_owned();
    let list: Value = client()
        .get(&status_url)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let mirror = dir.path().join("status.json");
    std::fs::write(&mirror, list.to_string()).unwrap();
    let mirror_url = format!("file://{}", mirror.display());
    let out = verify(&cert_file, &["--status-url", &mirror_url]);
    assert!(out.status.success(), "{}", text(&out));
    // A doctored list, and a list that is not there.
    let mut doctored = list.clone();
    doctored["credentialSubject"]["statusPurpose"] = json!("suspension");
    std::fs::write(&mirror, doctored.to_string()).unwrap();
    assert_refused(
        &verify(&cert_file, &["--status-url", &mirror_url]),
        "certificate.bad_status_list",
    );
    assert_refused(
        &verify(
            &cert_file,
            &[
                "--status-url",
                &format!("http://{base}/api/v1/credentials/status/99"),
            ],
        ),
        "certificate.status_unavailable",
    );

    // The owner licenses a right: the rights change, a new certificate supersedes the old.
    let shenyang = sign_in(&base, "shenyang-mfg").await;
    let (_, them) = get_json(&base, "/api/v1/me", Some(&shenyang)).await;
    let them = them["participant"]["id"].as_str().unwrap().to_owned();
    let (status, rights) = get_json(
        &base,
        &format!("/api/v1/assets/{asset_id}/rights"),
        Some(&port),
    )
    .await;
    assert_eq!(status, 200, "{rights}");
    let grant = rights["grants"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| {
            g["holder"] == me.as_str()
                && g["kind"] == "original"
                && g["right"] == "processing"
                && g["exercisable"] == true
        })
        .unwrap_or_else(|| panic!("an original processing grant: {rights}"));
    let (status, licence) = post_json(
        &base,
        &format!("/api/v1/grants/{}/licences", grant["id"].as_str().unwrap()),
        &port,
        &json!({
            "to": them, "purposes": ["analytics"], "territory": ["CN"],
            "from": grant["term"]["from"],
        }),
    )
    .await;
    assert_eq!(status, 201, "{licence}");
    let old_id = cert["id"].as_str().unwrap();
    let new = certificate(&base, &port, &asset_id, Some(old_id)).await;
    let new_file = dir.path().join("new.json");
    std::fs::write(&new_file, new.to_string()).unwrap();

    // The old certificate still verifies offline (it was issued), but online it is revoked,
    // with its own exit status; the new one is valid.
    let out = verify(&cert_file, &["--issuer", &issuer]);
    assert!(out.status.success(), "{}", text(&out));
    let out = verify(&cert_file, &["--online"]);
    assert_eq!(out.status.code(), Some(REVOKED), "{}", text(&out));
    assert!(
        String::from_utf8_lossy(&out.stdout).starts_with("REVOKED: registration certificate"),
        "{}",
        text(&out)
    );
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("[certificate.revoked]"),
        "{}",
        text(&out)
    );
    assert!(text(&out).contains("证书已被撤销"), "{}", text(&out));
    let out = verify(&cert_file, &["--online", "--json"]);
    assert_eq!(out.status.code(), Some(REVOKED), "{}", text(&out));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        (report["valid"].clone(), report["revoked"].clone()),
        (json!(false), json!(true))
    );
    // The list fetched before the change (a stale mirror) still says what it said then.
    std::fs::write(&mirror, list.to_string()).unwrap();
    let out = verify(&cert_file, &["--status-url", &mirror_url]);
    assert!(out.status.success(), "{}", text(&out));
    let out = verify(
        &new_file,
        &["--online", "--issuer", &issuer, "--log-key", &log_key],
    );
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("not revoked"), "{}", text(&out));
    let report: Value = serde_json::from_slice(&verify(&new_file, &["--json"]).stdout).unwrap();
    assert!(report["check"]["log_index"].as_u64().unwrap() > index);
    assert_eq!(report["check"]["event_type"], "rights.state");
    drop(demo);
}

#[test]
fn bad_input_is_refused_with_a_reason() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("input.json");
    assert_refused(
        &verify(&dir.path().join("missing.json"), &[]),
        "certificate.unreadable",
    );
    assert_refused(&verify(dir.path(), &[]), "certificate.unreadable");
    for not_json in [
        &b"certificate"[..],
        b"",
        b"{\"type\": [",
        &[0xff, 0xfe, 0x00],
    ] {
        std::fs::write(&file, not_json).unwrap();
        assert_refused(&verify(&file, &[]), "certificate.not_json");
    }
    for not_credential in [
        json!({"hello": "world"}),
        json!([1, 2, 3]),
        json!("VerifiableCredential"),
        json!({"type": "VerifiableCredential"}),
    ] {
        assert_refused(
            &verify_value(&file, &not_credential, &[]),
            "certificate.malformed",
        );
    }
    // Shaped like a credential, but with no proof, or a proof of nothing.
    let unsigned = json!({
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "type": ["VerifiableCredential", "DataAssetRegistrationCertificate"],
        "issuer": "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK",
        "credentialSubject": {"id": "urn:dataport:asset:ast_0"},
    });
    assert_refused(
        &verify_value(&file, &unsigned, &[]),
        "certificate.bad_proof",
    );
    let mut bogus = unsigned.clone();
    bogus["proof"] = json!({
        "type": "DataIntegrityProof", "cryptosuite": "eddsa-jcs-2022",
        "proofPurpose": "assertionMethod", "created": "2026-01-01T00:00:00Z",
        "verificationMethod": "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK#z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK",
        "proofValue": "z3yw",
    });
    assert_refused(&verify_value(&file, &bogus, &[]), "certificate.bad_proof");
    // A credential properly signed by someone, but not a Dataport certificate.
    let someone = vc::Issuer::new(vc::ed25519_dalek::SigningKey::from_bytes(&[3; 32]));
    let mut other = unsigned.clone();
    other["issuer"] = json!(someone.did());
    other["type"] = json!(["VerifiableCredential"]);
    let other = someone.sign(&other, "2026-01-01T00:00:00Z").unwrap();
    assert_refused(&verify_value(&file, &other, &[]), "certificate.malformed");
    // Far too large to be a certificate: refused before it is parsed.
    std::fs::write(&file, vec![b' '; 4 * 1024 * 1024 + 1]).unwrap();
    assert_refused(&verify(&file, &[]), "certificate.too_large");
    // Not JSON on standard input.
    let mut child = dataport()
        .args(["cert", "verify", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(b"<html>").unwrap();
    let out = child.wait_with_output().unwrap();
    assert_refused(&out, "certificate.not_json");
    assert!(text(&out).contains("standard input"), "{}", text(&out));
    // A --status-url the command cannot read is refused before anything is read.
    let out = verify(
        &dir.path().join("missing.json"),
        &["--status-url", "ftp://example.com/list"],
    );
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(
        text(&out).contains("--status-url must be http://, https:// or file://"),
        "{}",
        text(&out)
    );
}
