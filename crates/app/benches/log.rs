//! Transparency-log figures: durable appends per second with the delay from an event's commit to
//! the signed checkpoint that covers it, proofs served per second, and the time to check a
//! receipt offline.
//!
//! Writers commit events into the outbox at an offered rate (many small transactions, as the
//! exchange's use cases do) while the sequencer runs as it does in `dataport serve`: batches of
//! entries, tiles written and flushed to disk (fsync) before the checkpoint is signed and
//! recorded. A watcher samples the checkpoint size every few milliseconds, so each event's delay
//! is the time from its commit to the first checkpoint that includes it.
//!
//! Run: `cargo bench -p app --bench log -- [--rate 20000] [--seconds 10] [--backlog 100000] [--proof-seconds 3]`

// A benchmark reports on standard output: that is its purpose.
#![allow(clippy::print_stdout)]

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

fn arg<T: std::str::FromStr>(name: &str, default: T) -> T {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Events committed per writer transaction.
const PER_TX: usize = 50;

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let i = ((sorted.len() - 1) as f64 * p).round() as usize;
    sorted[i]
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let rate: u64 = arg("--rate", 20_000);
    let seconds: u64 = arg("--seconds", 10);
    let proof_seconds: u64 = arg("--proof-seconds", 3);
    let dir = tempfile::tempdir_in(std::env::var("BENCH_DIR").unwrap_or_else(|_| ".".into()))
        .expect("tempdir");
    let mut config = app::AppConfig::new(dir.path().to_path_buf());
    config.blob_url = Some(dir.path().join("blobs").display().to_string());
    let app = app::App::open(config, &app::sqlite_url(dir.path()))
        .await
        .expect("open");

    // The sequencer, as `dataport serve` runs it.
    let stop = Arc::new(AtomicBool::new(false));
    let sequencer = {
        let app = app.clone();
        let stop = stop.clone();
        tokio::spawn(async move {
            app.run_sequencer(async move {
                while !stop.load(Ordering::Relaxed) {
                    tokio::time::sleep(Duration::from_millis(5)).await;
                }
            })
            .await;
        })
    };
    // The watcher: (time, checkpoint size) samples.
    let watcher = {
        let app = app.clone();
        let stop = stop.clone();
        tokio::spawn(async move {
            let mut samples: Vec<(Instant, u64)> = Vec::new();
            while !stop.load(Ordering::Relaxed) {
                if let Ok(Some(c)) = app.log_checkpoint().await
                    && samples.last().is_none_or(|(_, s)| *s != c.size)
                {
                    samples.push((Instant::now(), c.size));
                }
                tokio::time::sleep(Duration::from_millis(2)).await;
            }
            samples
        })
    };

    // Writers at the offered rate: commit times of every event, in outbox order.
    let total = rate * seconds;
    let started = Instant::now();
    let mut committed: Vec<Instant> = Vec::with_capacity(total as usize);
    let mut written = 0u64;
    while written < total {
        let due = started + Duration::from_secs_f64(written as f64 / rate as f64);
        let now = Instant::now();
        if due > now {
            tokio::time::sleep(due - now).await;
        }
        let batch: Vec<store::NewEvent> = (0..PER_TX as u64)
            .map(|i| store::NewEvent {
                event_type: "bench.appended",
                subject_id: format!("ast_{:016}", written + i),
                actor_id: None,
                at: types::now(),
                data: serde_json::json!({"n": written + i, "note": "a body the entry commits to"}),
            })
            .collect();
        let mut tx = app.store().begin().await.expect("begin");
        store::events::append_many(tx.conn(), &batch)
            .await
            .expect("append");
        tx.commit().await.expect("commit");
        let at = Instant::now();
        committed.extend(std::iter::repeat_n(at, PER_TX));
        written += PER_TX as u64;
    }
    let offered_secs = started.elapsed().as_secs_f64();
    // Wait for the log to cover everything (the first checkpoint may be of the empty log).
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        let size = app
            .log_checkpoint()
            .await
            .ok()
            .flatten()
            .map_or(0, |c| c.size);
        if size >= written || Instant::now() > deadline {
            break;
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let all_logged = started.elapsed().as_secs_f64();
    stop.store(true, Ordering::Relaxed);
    let samples = watcher.await.expect("watcher");
    let _ = sequencer.await;

    let mut delays: Vec<f64> = Vec::with_capacity(committed.len());
    let mut s = 0usize;
    for (i, at) in committed.iter().enumerate() {
        while s < samples.len() && samples[s].1 <= i as u64 {
            s += 1;
        }
        if let Some((seen, _)) = samples.get(s) {
            delays.push(seen.saturating_duration_since(*at).as_secs_f64() * 1000.0);
        }
    }
    delays.sort_by(f64::total_cmp);

    println!("## Log benchmark\n");
    println!(
        "Appends: {written} events offered at {rate}/s in transactions of {PER_TX} ({offered_secs:.1} s); all in a signed checkpoint after {all_logged:.1} s.\n"
    );
    println!("| what | figure |");
    println!("|---|---:|");
    println!(
        "| durable appends sustained | {:.0} entries/s |",
        written as f64 / all_logged
    );
    println!("| checkpoints signed | {} |", samples.len());
    println!(
        "| commit → signed checkpoint, p50 / p99 / max | {:.0} / {:.0} / {:.0} ms |",
        percentile(&delays, 0.5),
        percentile(&delays, 0.99),
        delays.last().copied().unwrap_or(f64::NAN)
    );

    // The sequencer's own capacity: a backlog drained as fast as it goes.
    let backlog: u64 = arg("--backlog", 100_000);
    let mut n = 0u64;
    while n < backlog {
        let batch: Vec<store::NewEvent> = (0..500u64)
            .map(|i| store::NewEvent {
                event_type: "bench.appended",
                subject_id: format!("ast_{:016}", written + n + i),
                actor_id: None,
                at: types::now(),
                data: serde_json::json!({"n": n + i, "note": "a body the entry commits to"}),
            })
            .collect();
        let mut tx = app.store().begin().await.expect("begin");
        store::events::append_many(tx.conn(), &batch)
            .await
            .expect("append");
        tx.commit().await.expect("commit");
        n += 500;
    }
    let t = Instant::now();
    let mut batches = 0;
    while app.sequence_once().await.expect("sequence").is_some() {
        batches += 1;
    }
    let drain = t.elapsed().as_secs_f64();
    println!(
        "| sequencer capacity (backlog of {backlog} drained in {batches} batches of up to {}) | {:.0} entries/s |",
        app::log::MAX_BATCH,
        backlog as f64 / drain
    );
    let size = app
        .log_checkpoint()
        .await
        .ok()
        .flatten()
        .map_or(0, |c| c.size);

    // Proofs: inclusion proofs for random indices, from two tasks.
    let proof_stop = Instant::now() + Duration::from_secs(proof_seconds);
    let mut tasks = Vec::new();
    for t in 0..2u64 {
        let app = app.clone();
        tasks.push(tokio::spawn(async move {
            let mut x = 0x9e37_79b9_7f4a_7c15u64 ^ t;
            let mut n = 0u64;
            while Instant::now() < proof_stop {
                for _ in 0..64 {
                    x ^= x << 13;
                    x ^= x >> 7;
                    x ^= x << 17;
                    app.inclusion_proof(x % size, size).await.expect("proof");
                    n += 1;
                }
            }
            n
        }));
    }
    let mut proofs = 0;
    for t in tasks {
        proofs += t.await.expect("proofs");
    }
    println!(
        "| inclusion proofs served (tree of {size}, random indices, 2 tasks) | {:.0} proofs/s |",
        proofs as f64 / proof_seconds as f64
    );

    // Receipts: built once, checked offline many times.
    let events = app.outbox(0, 1).await.expect("outbox");
    let operator = app
        .create_operator_admin("bench-admin", "bench-password-123")
        .await
        .expect("operator");
    let user = app
        .sign_in(&operator.username, "bench-password-123", None)
        .await
        .expect("sign in");
    let token = app.issue_token(&user, "bench").await.expect("token");
    let principal = app
        .authenticate_token(&token.secret)
        .await
        .expect("principal");
    let receipt = app
        .event_receipt(&principal, &events[0].id.to_string())
        .await
        .expect("receipt");
    let verifier = app.log_verifier().clone();
    let rounds = 2_000;
    let t = Instant::now();
    for _ in 0..rounds {
        let check = app::log::verify_receipt(&receipt, &verifier).expect("receipt holds");
        assert!(check.opened);
    }
    println!(
        "| receipt checked offline (signature, inclusion, commitment) | {:.1} µs |",
        t.elapsed().as_secs_f64() * 1e6 / rounds as f64
    );
}
