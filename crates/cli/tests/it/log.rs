//! The log from the outside, as its users meet it: a receipt checked offline, a monitor auditing
//! the log over HTTP and on disk and catching a rewritten tile, a truncation and a fork, and an
//! exchange killed with SIGKILL under load that comes back with every acknowledged event logged
//! and every checkpoint it ever published still consistent.

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::process::Output;
use std::time::{Duration, Instant};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use serde_json::Value;

use crate::support::{dataport, serve_demo};

fn client() -> reqwest::Client {
    reqwest::Client::new()
}

async fn get_json(base: &str, path: &str, token: Option<&str>) -> (u16, Value) {
    let mut req = client().get(format!("http://{base}{path}"));
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    let r = req.send().await.unwrap();
    (r.status().as_u16(), r.json().await.unwrap_or_default())
}

/// Waits until the log's checkpoint covers at least `size` entries.
async fn checkpoint_at_least(base: &str, size: u64) -> Value {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let (status, c) = get_json(base, "/api/v1/log/checkpoint", None).await;
        if status == 200 && c["size"].as_u64().unwrap_or(0) >= size.max(1) {
            return c;
        }
        assert!(
            Instant::now() < deadline,
            "the log did not reach {size} entries"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn token(base: &str, username: &str) -> Value {
    let r = client()
        .post(format!("http://{base}/api/v1/auth/token"))
        .json(&serde_json::json!({"username": username, "password": "demo-password"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    r.json().await.unwrap()
}

fn run(args: &[&str]) -> Output {
    dataport().args(args).output().unwrap()
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

fn audit(url: &str, state: &Path, key: &str) -> Output {
    run(&[
        "log",
        "audit",
        "--url",
        url,
        "--state",
        state.to_str().unwrap(),
        "--key",
        key,
    ])
}

#[tokio::test(flavor = "multi_thread")]
async fn receipts_check_offline_and_the_monitor_catches_tampering() {
    let dir = tempfile::tempdir().unwrap();
    let (mut child, base) = serve_demo(dir.path());
    let login = token(&base, "dalian-port").await;
    let bearer = login["token"].as_str().unwrap().to_owned();
    checkpoint_at_least(&base, 1).await;
    let (_, key) = get_json(&base, "/api/v1/log/key", None).await;
    let key = key["verifier_key"].as_str().unwrap().to_owned();
    let key_file = dir.path().join("log.pub");
    std::fs::write(&key_file, &key).unwrap();

    // The provider's own registration, with the body that opens the commitment.
    let (_, me) = get_json(&base, "/api/v1/me", Some(&bearer)).await;
    let participant = me["participant"]["id"].as_str().unwrap().to_owned();
    let (_, entries) = get_json(&base, "/api/v1/log/entries?limit=200", None).await;
    let event = entries
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["type"] == "participant.registered" && e["subject"] == participant.as_str())
        .unwrap()["event"]
        .as_str()
        .unwrap()
        .to_owned();
    let (status, receipt) = get_json(
        &base,
        &format!("/api/v1/events/{event}/receipt"),
        Some(&bearer),
    )
    .await;
    assert_eq!(status, 200, "{receipt}");
    let receipt_file = dir.path().join("receipt.json");
    std::fs::write(&receipt_file, receipt.to_string()).unwrap();
    let out = run(&[
        "log",
        "verify-receipt",
        receipt_file.to_str().unwrap(),
        "--key",
        key_file.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains("open the entry's commitment"),
        "{}",
        text(&out)
    );
    // A tampered body, a wrong key, and a file that is not a receipt all fail, with the reason.
    let mut forged = receipt.clone();
    forged["body"] = Value::String(format!("{} ", forged["body"].as_str().unwrap()));
    std::fs::write(&receipt_file, forged.to_string()).unwrap();
    let out = run(&[
        "log",
        "verify-receipt",
        receipt_file.to_str().unwrap(),
        "--key",
        &key,
    ]);
    assert!(
        !out.status.success() && text(&out).contains("receipt.commitment"),
        "{}",
        text(&out)
    );
    std::fs::write(&receipt_file, receipt.to_string()).unwrap();
    let other_signer = tlog::Signer::new(
        "dataport.localhost/log",
        tlog::ed25519_dalek::SigningKey::from_bytes(&[9; 32]),
    )
    .unwrap();
    let other = other_signer.verifier().text();
    let other = other.as_str();
    let out = run(&[
        "log",
        "verify-receipt",
        receipt_file.to_str().unwrap(),
        "--key",
        other,
    ]);
    assert!(!out.status.success(), "{}", text(&out));
    std::fs::write(&receipt_file, "{}").unwrap();
    assert!(
        !run(&[
            "log",
            "verify-receipt",
            receipt_file.to_str().unwrap(),
            "--key",
            &key
        ])
        .status
        .success()
    );

    // The monitor over HTTP, then again after the log grew.
    let state = dir.path().join("monitor.json");
    let out = audit(&format!("http://{base}/log"), &state, &key);
    assert!(out.status.success(), "{}", text(&out));
    let first: Value = serde_json::from_str(&std::fs::read_to_string(&state).unwrap()).unwrap();
    let first_size = first["size"].as_u64().unwrap();
    token(&base, "dalian-port").await;
    checkpoint_at_least(&base, first_size + 1).await;
    let out = run(&[
        "log",
        "audit",
        "--url",
        &format!("http://{base}/log"),
        "--state",
        state.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("new since the last audit"));
    let _ = child.kill();
    let _ = child.wait();

    // The same log on disk (the blob store holds the tlog-tiles layout), tampered with.
    let log_dir = dir.path().join("blobs").join("log");
    let url = format!("file://{}", log_dir.display());
    let disk_state = dir.path().join("disk.json");
    let out = audit(&url, &disk_state, &key);
    assert!(out.status.success(), "{}", text(&out));
    let now: Value = serde_json::from_str(&std::fs::read_to_string(&disk_state).unwrap()).unwrap();
    let size = now["size"].as_u64().unwrap();
    let tile = log_dir.join(tlog::right_edge_tiles(size)[0].path());
    let good = std::fs::read(&tile).unwrap();
    let mut bad = good.clone();
    bad[5] ^= 1;
    std::fs::write(&tile, &bad).unwrap();
    let out = audit(&url, &disk_state, &key);
    assert!(
        !out.status.success() && text(&out).contains("FAIL"),
        "{}",
        text(&out)
    );
    std::fs::write(&tile, &good).unwrap();
    // A rewritten entry.
    let bundle = log_dir.join(tlog::right_edge_tiles(size)[0].entries_path());
    let good_bundle = std::fs::read(&bundle).unwrap();
    let mut bad_bundle = good_bundle.clone();
    let last = bad_bundle.len() - 2;
    bad_bundle[last] ^= 1;
    std::fs::write(&bundle, &bad_bundle).unwrap();
    let out = audit(&url, &disk_state, &key);
    assert!(
        text(&out).contains("does not match its hash tile"),
        "{}",
        text(&out)
    );
    std::fs::write(&bundle, &good_bundle).unwrap();

    // A truncated log: the checkpoint of the first audit served again.
    let checkpoint_file = log_dir.join("checkpoint");
    let newest = std::fs::read(&checkpoint_file).unwrap();
    std::fs::write(&checkpoint_file, first["checkpoint"].as_str().unwrap()).unwrap();
    let out = audit(&url, &disk_state, &key);
    assert!(text(&out).contains("truncated"), "{}", text(&out));
    // A fork: a second checkpoint for the same size, validly signed, with another root.
    let signer = tlog::Signer::parse_private(
        std::fs::read_to_string(dir.path().join("log.key"))
            .unwrap()
            .trim(),
    )
    .unwrap();
    let forged = tlog::Checkpoint {
        origin: signer.name().to_owned(),
        size,
        root: [7; 32],
        extensions: Vec::new(),
    };
    std::fs::write(&checkpoint_file, signer.sign(&forged.body()).unwrap()).unwrap();
    let out = audit(&url, &disk_state, &key);
    assert!(text(&out).contains("forked"), "{}", text(&out));
    // A larger tree whose tiles do not contain the one seen before cannot be made without
    // rewriting tiles, which the audit recomputes; and the real checkpoint still checks out.
    std::fs::write(&checkpoint_file, &newest).unwrap();
    let out = audit(&url, &disk_state, &key);
    assert!(out.status.success(), "{}", text(&out));
    // The key of a state file cannot be switched silently.
    let out = audit(&url, &disk_state, other);
    assert!(
        !out.status.success() && text(&out).contains("pinned"),
        "{}",
        text(&out)
    );
}

/// Every entry of the log over HTTP, with the hash tiles, checked as they are read.
async fn read_log(base: &str, size: u64) -> (Vec<Value>, HashMap<(u8, u64), Vec<tlog::Hash>>) {
    let mut tiles = HashMap::new();
    let mut entries = Vec::new();
    for id in tlog::tiles_for_size(size) {
        let r = client()
            .get(format!("http://{base}/log/{}", id.path()))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200, "{}", id.path());
        let hashes = tlog::decode_tile(id, &r.bytes().await.unwrap()).unwrap();
        if id.level == 0 {
            let r = client()
                .get(format!("http://{base}/log/{}", id.entries_path()))
                .send()
                .await
                .unwrap();
            let bytes = r.bytes().await.unwrap();
            for (i, e) in tlog::decode_bundle(&bytes).unwrap().into_iter().enumerate() {
                assert_eq!(tlog::leaf_hash(e), hashes[i]);
                entries.push(serde_json::from_slice(e).unwrap());
            }
        }
        tiles.insert((id.level, id.index), hashes);
    }
    (entries, tiles)
}

struct Tiles(HashMap<(u8, u64), Vec<tlog::Hash>>);

impl tlog::TileReader for Tiles {
    type Error = String;
    fn read_tile(&mut self, id: tlog::TileId) -> Result<Vec<tlog::Hash>, String> {
        self.0
            .get(&(id.level, id.index))
            .filter(|h| h.len() >= usize::from(id.width))
            .map(|h| h[..usize::from(id.width)].to_vec())
            .ok_or_else(|| id.path())
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_killed_exchange_loses_no_acknowledged_event_and_never_forks() {
    let dir = tempfile::tempdir().unwrap();
    let (mut child, base) = serve_demo(dir.path());
    checkpoint_at_least(&base, 1).await;
    let (_, key) = get_json(&base, "/api/v1/log/key", None).await;
    let verifier = tlog::Verifier::parse(key["verifier_key"].as_str().unwrap()).unwrap();

    // Load: tokens issued as fast as the exchange answers (each is an event), while a watcher
    // keeps every checkpoint it sees; SIGKILL lands in the middle of it.
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let mut writers = Vec::new();
    for _ in 0..4 {
        let base = base.clone();
        let stop = stop.clone();
        writers.push(tokio::spawn(async move {
            let mut acknowledged = Vec::new();
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                let r = client()
                    .post(format!("http://{base}/api/v1/auth/token"))
                    .json(&serde_json::json!({"username": "dalian-port", "password": "demo-password"}))
                    .send()
                    .await;
                match r {
                    Ok(r) if r.status() == 201 => {
                        let body: Value = r.json().await.unwrap_or_default();
                        if let Some(id) = body["token_id"].as_str() {
                            acknowledged.push(id.to_owned());
                        }
                    }
                    _ => break,
                }
            }
            acknowledged
        }));
    }
    let watcher = {
        let base = base.clone();
        let stop = stop.clone();
        tokio::spawn(async move {
            let mut seen = Vec::new();
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                if let Ok(r) = client()
                    .get(format!("http://{base}/log/checkpoint"))
                    .send()
                    .await
                    && r.status() == 200
                    && let Ok(note) = r.text().await
                {
                    seen.push(note);
                }
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
            seen
        })
    };
    tokio::time::sleep(Duration::from_millis(1500)).await;
    child.kill().unwrap();
    child.wait().unwrap();
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let mut acknowledged = HashSet::new();
    for w in writers {
        acknowledged.extend(w.await.unwrap());
    }
    let seen = watcher.await.unwrap();
    assert!(
        acknowledged.len() > 20,
        "the load ran ({} events)",
        acknowledged.len()
    );
    assert!(seen.len() > 2, "checkpoints were published during the load");

    // Back up: the log catches up with the outbox and contains every acknowledged event.
    let (mut child, base) = serve_demo(dir.path());
    let login = token(&base, "dalian-port").await;
    let latest_token = login["token_id"].as_str().unwrap().to_owned();
    let deadline = Instant::now() + Duration::from_secs(30);
    let (entries, tiles, size) = loop {
        let c = checkpoint_at_least(&base, 1).await;
        let size = c["size"].as_u64().unwrap();
        let (entries, tiles) = read_log(&base, size).await;
        if entries
            .iter()
            .any(|e| e["subject"] == latest_token.as_str())
        {
            break (entries, tiles, size);
        }
        assert!(
            Instant::now() < deadline,
            "the log did not catch up after the restart"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    let logged: HashSet<&str> = entries
        .iter()
        .filter_map(|e| e["subject"].as_str())
        .collect();
    for id in &acknowledged {
        assert!(
            logged.contains(id.as_str()),
            "acknowledged event for {id} is missing from the log"
        );
    }
    let events: HashSet<&str> = entries.iter().filter_map(|e| e["event"].as_str()).collect();
    assert_eq!(events.len(), entries.len(), "no event is logged twice");

    // Every checkpoint published before the crash is a prefix of the tree after it.
    let mut reader = Tiles(tiles);
    for note in seen {
        let c = tlog::Checkpoint::parse(&tlog::open_note(&note, &verifier).unwrap()).unwrap();
        assert!(c.size <= size);
        let root = tlog::root_from_tiles(c.size, &mut reader).unwrap();
        assert_eq!(
            STANDARD.encode(root),
            STANDARD.encode(c.root),
            "the checkpoint of {} entries is not a prefix of the log after the restart",
            c.size
        );
    }
    let _ = child.kill();
    let _ = child.wait();
}
