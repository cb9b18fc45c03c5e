//! Upload throughput and peak memory, end to end: a generated CSV (1 GiB by default) is sent by
//! `curl` from a separate process to a real server over loopback. The upload is answered once the
//! file is streamed to disk, hashed, its first rows read and the file stored content-addressed;
//! then the background ingest reads every row and writes the Parquet copy. Both are timed, each
//! stage is also timed on its own, and the machine's baselines (`cp` and `sha256sum` of the same
//! file) stand next to them, so the figures say what limits each part. Peak memory is the server process's high-water mark (`VmHWM`, reset between
//! stages through `/proc/self/clear_refs`), measured at two sizes to show it is flat.
//!
//! Run: `cargo bench -p server --bench upload -- [--size-mb 1024] [--small-mb 128]`

// A benchmark reports on standard output: that is its purpose.
#![allow(clippy::print_stdout)]

use std::io::{BufWriter, Write};
use std::path::Path;
use std::process::Command;
use std::time::Instant;

fn arg(name: &str, default: u64) -> u64 {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Realistic rows (ids, times, plates, names, mobiles, resident ids, amounts), about 120 bytes each.
fn generate_csv(path: &Path, bytes: u64) -> u64 {
    let mut w = BufWriter::with_capacity(1 << 20, std::fs::File::create(path).expect("create csv"));
    let mut written = 0u64;
    let header = "id,ts,plate,driver,mobile,resident_id,amount,city\n";
    w.write_all(header.as_bytes()).expect("write");
    written += header.len() as u64;
    let names = ["王伟", "李娜", "张敏", "刘洋", "陈静", "杨磊"];
    let cities = ["大连", "沈阳", "营口", "鞍山"];
    let mut i: u64 = 0;
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    while written < bytes {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        let line = format!(
            "{i},2026-10-{:02} {:02}:{:02}:00,辽B{:05},{},1{:010},2102021990{:02}{:02}{:04},{}.{:02},{}\n",
            1 + x % 28,
            x % 24,
            x % 60,
            x % 100_000,
            names[(x % 6) as usize],
            3_000_000_000 + x % 6_999_999_999,
            1 + x % 12,
            1 + x % 28,
            x % 10_000,
            x % 100_000,
            x % 100,
            cities[(x % 4) as usize],
        );
        w.write_all(line.as_bytes()).expect("write");
        written += line.len() as u64;
        i += 1;
    }
    w.flush().expect("flush");
    written
}

/// The process's peak resident memory since the last reset, in MiB.
fn peak_rss_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map(|kb| kb / 1024.0)
        .unwrap_or(f64::NAN)
}

fn reset_peak() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

fn mb_s(bytes: u64, secs: f64) -> f64 {
    bytes as f64 / 1e6 / secs
}

fn time_command(cmd: &mut Command) -> f64 {
    let t = Instant::now();
    let status = cmd.status().expect("run baseline");
    assert!(status.success(), "{cmd:?}");
    t.elapsed().as_secs_f64()
}

struct Run {
    bytes: u64,
    upload_s: f64,
    ingest_s: f64,
    peak_mib: f64,
    rows: i64,
}

async fn upload(base: &str, token: &str, file: &Path) -> (f64, String) {
    let t = Instant::now();
    let out = Command::new("curl")
        .args(["-sS", "--fail-with-body", "-H"])
        .arg(format!("Authorization: Bearer {token}"))
        .arg("-F")
        .arg(format!("file=@{}", file.display()))
        .arg(format!("{base}/api/v1/assets"))
        .output()
        .expect("curl is needed for this benchmark");
    let secs = t.elapsed().as_secs_f64();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let body: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    (secs, body["id"].as_str().unwrap_or_default().to_owned())
}

#[tokio::main]
async fn main() {
    let size_mb = arg("--size-mb", 1024);
    let small_mb = arg("--small-mb", 128);
    let dir = tempfile::tempdir_in(std::env::var("BENCH_DIR").unwrap_or_else(|_| ".".into()))
        .expect("tempdir");
    let app = app::testing::fresh_app(dir.path(), |c| c.max_upload_bytes = u64::MAX)
        .await
        .expect("app");
    app.create_operator_admin("bench-op", "bench password 1")
        .await
        .expect("operator");
    let reg: app::Registration = serde_json::from_value(serde_json::json!({
        "name_zh": "基准测试", "region": "CN", "uscc": "91110000600037341L",
        "roles": ["provider"], "username": "bench", "password": "bench password 1"
    }))
    .expect("registration");
    let out = app.register(&reg).await.expect("register");
    let op = app
        .sign_in("bench-op", "bench password 1", None)
        .await
        .expect("op");
    let op_token = app.issue_token(&op, "bench").await.expect("token");
    let op_p = app
        .authenticate_token(&op_token.secret)
        .await
        .expect("principal");
    app.verify_participant(&op_p, &out.participant.id)
        .await
        .expect("verify");
    let user = app
        .sign_in("bench", "bench password 1", None)
        .await
        .expect("sign in");
    let token = app.issue_token(&user, "bench").await.expect("token").secret;
    let provider = app.authenticate_token(&token).await.expect("provider");

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    let state = server::AppState::new(
        app.clone(),
        server::ServerOptions {
            secure_cookies: false,
            demo: false,
        },
    );
    tokio::spawn(server::serve(listener, state, std::future::pending()));

    let mut runs = Vec::new();
    for mb in [small_mb, size_mb] {
        let file = dir.path().join(format!("bench-{mb}.csv"));
        let bytes = generate_csv(&file, mb * 1024 * 1024);
        reset_peak();
        let (upload_s, id) = upload(&base, &token, &file).await;
        let t = Instant::now();
        app.ingest_idle().await;
        let ingest_s = t.elapsed().as_secs_f64();
        let asset_id = types::AssetId::parse(&id).expect("asset id");
        let detail = app.asset(&provider, &asset_id).await.expect("asset");
        let rows = detail.versions[0].row_count.unwrap_or(-1);
        runs.push(Run {
            bytes,
            upload_s,
            ingest_s,
            peak_mib: peak_rss_mib(),
            rows,
        });
        if mb != size_mb {
            std::fs::remove_file(&file).ok();
        }
    }
    let big = dir.path().join(format!("bench-{size_mb}.csv"));
    let bytes = runs.last().map(|r| r.bytes).unwrap_or_default();

    // Stages on their own, in this process.
    reset_peak();
    let t = Instant::now();
    let mut hasher = <sha2::Sha256 as sha2::Digest>::new();
    let mut f = std::fs::File::open(&big).expect("open");
    std::io::copy(&mut f, &mut hasher).expect("hash");
    let hash_s = t.elapsed().as_secs_f64();
    let parquet = dir.path().join("out.parquet");
    reset_peak();
    let t = Instant::now();
    let (summary, _) =
        tabular::normalise(&big, &parquet, &tabular::Options::default()).expect("normalise");
    let normalise_s = t.elapsed().as_secs_f64();
    let normalise_peak = peak_rss_mib();
    let parquet_bytes = std::fs::metadata(&parquet)
        .map(|m| m.len())
        .unwrap_or_default();

    // The machine's baselines on the same file.
    let copy = dir.path().join("copy.csv");
    let cp_s = time_command(Command::new("cp").arg(&big).arg(&copy));
    std::fs::remove_file(&copy).ok();
    let sha_s = time_command(
        Command::new("sha256sum")
            .arg(&big)
            .stdout(std::process::Stdio::null()),
    );

    println!(
        "## Upload benchmark ({} MiB CSV, {} rows)\n",
        size_mb, summary.rows
    );
    println!("| stage | time (s) | throughput (MB/s) | peak RSS (MiB) |");
    println!("|---|---:|---:|---:|");
    for r in &runs {
        let mib = r.bytes as f64 / 1048576.0;
        println!(
            "| HTTP upload until answered, {mib:.0} MiB | {:.2} | {:.0} | {:.0} (upload and ingest) |",
            r.upload_s,
            mb_s(r.bytes, r.upload_s),
            r.peak_mib
        );
        println!(
            "| background ingest to Parquet, {mib:.0} MiB ({} rows) | {:.2} | {:.0} | |",
            r.rows,
            r.ingest_s,
            mb_s(r.bytes, r.ingest_s)
        );
    }
    println!(
        "| SHA-256 (sha2 crate, in process) | {hash_s:.2} | {:.0} | |",
        mb_s(bytes, hash_s)
    );
    println!(
        "| CSV → Parquet (tabular::normalise; {:.0} MiB out) | {normalise_s:.2} | {:.0} | {normalise_peak:.0} |",
        parquet_bytes as f64 / 1048576.0,
        mb_s(bytes, normalise_s)
    );
    println!(
        "| baseline: `cp` | {cp_s:.2} | {:.0} | |",
        mb_s(bytes, cp_s)
    );
    println!(
        "| baseline: `sha256sum` | {sha_s:.2} | {:.0} | |",
        mb_s(bytes, sha_s)
    );
}
