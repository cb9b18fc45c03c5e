//! Scan throughput: `scan_file` (classification of every cell, exact people counting, grading)
//! over a generated CSV with 12 columns of mixed personal and other data, and the peak memory of
//! the process. The same file can be given to the Presidio comparison script
//! (`bench/presidio_scan.py`) so both are measured on the same data and machine.
//!
//! Run: `cargo bench -p app --bench scan -- [--size-mb 1024] [--keep PATH | --input PATH] [--threads N]`
//!
//! Each figure is taken on one thread and on `--threads` (default: one per core).

// A benchmark reports on standard output: that is its purpose.
#![allow(clippy::print_stdout)]

use std::io::{BufWriter, Write};
use std::path::Path;
use std::time::Instant;

fn arg(name: &str) -> Option<String> {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .cloned()
}

fn check_char(body: &str) -> char {
    let sum: u32 = body
        .bytes()
        .enumerate()
        .map(|(i, b)| u32::from(b - b'0') * (1u32 << (17 - i)) % 11)
        .sum();
    b"10X98765432"[(sum % 11) as usize] as char
}

/// A VIN with a correct ISO 3779 check digit at position 9.
fn vin(serial: u64) -> String {
    let mut v: Vec<u8> = format!("LSVAU218XN{serial:07}").into_bytes();
    let value = |c: u8| -> u32 {
        match c {
            b'0'..=b'9' => u32::from(c - b'0'),
            b'A'..=b'H' => u32::from(c - b'A') + 1,
            b'J'..=b'N' => u32::from(c - b'J') + 1,
            b'P' => 7,
            b'R' => 9,
            b'S'..=b'Z' => u32::from(c - b'S') + 2,
            _ => 0,
        }
    };
    const WEIGHTS: [u32; 17] = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2];
    let sum: u32 = v.iter().zip(WEIGHTS).map(|(&c, w)| value(c) * w).sum();
    v[8] = match sum % 11 {
        10 => b'X',
        d => b'0' + d as u8,
    };
    String::from_utf8_lossy(&v).into_owned()
}

fn luhn_complete(body: &str) -> String {
    let sum: u32 = body
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b - b'0');
            if i % 2 == 0 {
                let dd = d * 2;
                if dd > 9 { dd - 9 } else { dd }
            } else {
                d
            }
        })
        .sum();
    format!("{body}{}", (10 - sum % 10) % 10)
}

/// Twelve columns: five identifying, four other personal, three not personal.
fn generate(path: &Path, bytes: u64) -> u64 {
    let mut w = BufWriter::with_capacity(1 << 20, std::fs::File::create(path).expect("create"));
    let header =
        "订单号,姓名,手机号,身份证号,邮箱,银行卡号,车牌号,车辆识别代号,地址,出生日期,金额,城市\n";
    w.write_all(header.as_bytes()).expect("write");
    let mut written = header.len() as u64;
    let surnames = ["王", "李", "张", "刘", "陈", "杨", "赵", "黄"];
    let given = [
        "伟", "芳", "娜", "敏", "静", "强", "磊", "洋", "秀英", "建华",
    ];
    let cities = ["大连", "沈阳", "鞍山", "营口"];
    let mut x: u64 = 0x2545_f491_4f6c_dd1d;
    let mut i: u64 = 0;
    while written < bytes {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        let birth = format!("19{:02}{:02}{:02}", 50 + x % 50, 1 + x % 12, 1 + x % 28);
        let body = format!("2102{:02}{birth}{:03}", 2 + x % 10, i % 1000);
        let id = format!("{body}{}", check_char(&body));
        let card = luhn_complete(&format!("62170000{:010}", x % 10_000_000_000));
        let line = format!(
            "DD{:016},{}{},1{}{:08},{id},user{}@example.cn,{card},辽B{:05},{},辽宁省大连市中山区人民路{}号,{}-{}-{},{}.{:02},{}\n",
            i,
            surnames[(x % 8) as usize],
            given[(x / 8 % 10) as usize],
            ["38", "39", "86", "50"][(x % 4) as usize],
            x % 100_000_000,
            i,
            x % 100_000,
            vin(x % 10_000_000),
            1 + x % 300,
            &birth[..4],
            &birth[4..6],
            &birth[6..8],
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

fn peak_rss_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .unwrap_or_default()
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map(|kb| kb / 1024.0)
        .unwrap_or(f64::NAN)
}

fn main() {
    let size_mb: u64 = arg("--size-mb")
        .and_then(|v| v.parse().ok())
        .unwrap_or(1024);
    let dir = tempfile::tempdir_in(std::env::var("BENCH_DIR").unwrap_or_else(|_| ".".into()))
        .expect("tempdir");
    let path = match arg("--keep") {
        Some(p) => std::path::PathBuf::from(p),
        None => dir.path().join("scan.csv"),
    };
    // `--input PATH` scans an existing file instead of generating one (for profiling).
    let (path, bytes) = match arg("--input") {
        Some(p) => {
            let p = std::path::PathBuf::from(p);
            let bytes = std::fs::metadata(&p).expect("input").len();
            (p, bytes)
        }
        None => {
            let bytes = generate(&path, size_mb * 1024 * 1024);
            (path, bytes)
        }
    };
    let threads: usize = arg("--threads")
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, usize::from));
    let mb_per_s = |secs: f64| bytes as f64 / 1e6 / secs;
    println!(
        "## Scan benchmark ({} MiB CSV, 12 columns)\n",
        bytes / (1024 * 1024)
    );
    println!("| what | threads | time (s) | MB/s | peak RSS (MiB) |");
    println!("|---|---:|---:|---:|---:|");

    // What parsing alone costs: the same reader with a callback that only counts records.
    for n in [1, threads] {
        let mut csv = tabular::CsvText::open(&path, &tabular::Options::default())
            .expect("open")
            .expect("a CSV file");
        let t = Instant::now();
        let (_, pass) = csv.for_each_parallel(n, || (), |(), _| {}).expect("parse");
        let secs = t.elapsed().as_secs_f64();
        println!(
            "| parsing alone (`tabular::CsvText`, {} records, no classification) | {} | {secs:.2} | {:.0} | |",
            pass.rows,
            pass.threads,
            mb_per_s(secs)
        );
    }
    let mut last = None;
    for n in [1, threads] {
        let options = app::ScanOptions {
            sector: Some("automotive".into()),
            declared: None,
            sample: None,
            today: chrono::NaiveDate::from_ymd_opt(2026, 11, 27).expect("date"),
            threads: n,
        };
        let _ = std::fs::write("/proc/self/clear_refs", "5");
        let t = Instant::now();
        let report = app::scan_file(&path, &options).expect("scan");
        let secs = t.elapsed().as_secs_f64();
        println!(
            "| `scan_file`: classify every cell, count people exactly, grade | {n} | {secs:.2} | {:.0} | {:.0} |",
            mb_per_s(secs),
            peak_rss_mib()
        );
        last = Some(report);
    }
    let report = last.expect("a scan ran");
    println!();
    println!(
        "rows {} · individuals {} · sensitive {} · minors {} · level {} · PI columns: {}",
        report.rows,
        report.individuals,
        report.sensitive_individuals,
        report.minors_under_14,
        report.level,
        report
            .columns
            .iter()
            .filter(|c| c.pi)
            .map(|c| format!("{}={}", c.name, c.kind))
            .collect::<Vec<_>>()
            .join(", ")
    );
}
