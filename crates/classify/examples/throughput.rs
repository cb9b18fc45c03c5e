//! Micro-benchmark for `ColumnClassifier::observe`: generates about two million cells across
//! columns typical of uploads (IDs, mobiles, e-mails, names, addresses, card numbers, order
//! numbers, free text, decimals) and prints cells per second and MB per second for each column
//! and overall, taking the best of several rounds per column.
//!
//! Run with `cargo run --release -p classify --example throughput`. Debug builds are an order of
//! magnitude slower and say nothing about production speed. Check characters for generated IDs
//! and cards are found by asking the crate's own validators, so no algorithm is duplicated here.

#![allow(
    clippy::print_stdout,
    reason = "printing the measurements is the purpose of this example"
)]

use std::hint::black_box;
use std::time::Instant;

use chrono::NaiveDate;
use classify::{ColumnClassifier, Kind, validate};

const CELLS_PER_COLUMN: usize = 250_000;
const ROUNDS: usize = 5;

/// Deterministic xorshift generator, so runs are comparable.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    fn digits(&mut self, n: usize) -> String {
        (0..n)
            .map(|_| char::from(b'0' + (self.below(10) as u8)))
            .collect()
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len() as u64) as usize]
    }
}

/// Appends whichever check character makes `body` valid as `kind`.
fn complete(kind: Kind, body: &str, today: NaiveDate) -> String {
    "0123456789X"
        .chars()
        .map(|c| format!("{body}{c}"))
        .find(|cell| validate(kind, cell, today).is_valid())
        .unwrap_or_else(|| format!("{body}0"))
}

/// A column of generated cells stored in one buffer, so generation does not dominate memory.
struct Column {
    header: &'static str,
    text: String,
    ends: Vec<usize>,
}

impl Column {
    fn generate(header: &'static str, mut cell: impl FnMut() -> String) -> Self {
        let mut text = String::new();
        let mut ends = Vec::with_capacity(CELLS_PER_COLUMN);
        for _ in 0..CELLS_PER_COLUMN {
            text.push_str(&cell());
            ends.push(text.len());
        }
        Column { header, text, ends }
    }

    fn cells(&self) -> impl Iterator<Item = &str> {
        let starts = std::iter::once(0).chain(self.ends.iter().copied());
        starts
            .zip(self.ends.iter().copied())
            .map(|(a, b)| &self.text[a..b])
    }
}

fn main() {
    let today = NaiveDate::from_ymd_opt(2025, 6, 30).unwrap_or_default();
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let surnames = ["王", "李", "张", "刘", "陈", "杨", "欧阳", "黄"];
    let given = ["伟", "娜", "小明", "敏", "静", "建国", "丽", "强"];
    let cities = [
        "北京市朝阳区",
        "上海市浦东新区",
        "广东省深圳市南山区",
        "浙江省杭州市西湖区",
    ];
    let streets = ["建国路", "世纪大道", "科技园路", "文三路"];

    let columns = [
        Column::generate("身份证号", || {
            let birth = format!(
                "19{:02}{:02}{:02}",
                50 + rng.below(50),
                1 + rng.below(12),
                1 + rng.below(28)
            );
            complete(
                Kind::CnResidentId,
                &format!("110105{birth}{}", rng.digits(3)),
                today,
            )
        }),
        Column::generate("手机号", || {
            let prefix = rng.pick(&["138", "139", "186", "150", "199"]);
            format!("{prefix}{}", rng.digits(8))
        }),
        Column::generate("email", || format!("user{}@example.com", rng.digits(6))),
        Column::generate("姓名", || {
            format!("{}{}", rng.pick(&surnames), rng.pick(&given))
        }),
        Column::generate("地址", || {
            format!(
                "{}{}{}号",
                rng.pick(&cities),
                rng.pick(&streets),
                1 + rng.below(300)
            )
        }),
        Column::generate("卡号", || {
            complete(Kind::BankCard, &format!("621700{}", rng.digits(12)), today)
        }),
        Column::generate("订单号", || format!("2024{}", rng.digits(14))),
        Column::generate("备注", || {
            let words = ["已发货", "客户要求加急", "待确认", "退货处理中", "正常"];
            rng.pick(&words).to_owned()
        }),
        Column::generate("金额", || {
            format!("{}.{:02}", rng.below(10_000), rng.below(100))
        }),
    ];

    let mut total_cells = 0usize;
    let mut total_bytes = 0usize;
    let mut total_secs = 0f64;
    println!(
        "{:<10} {:>16} {:>12} {:>10}  verdict",
        "column", "cells/s", "MB/s", "bytes"
    );
    for column in &columns {
        // The best of several rounds, since a shared machine adds noise but never speed.
        let mut secs = f64::INFINITY;
        let mut classifier = ColumnClassifier::new(Some(column.header), today);
        for _ in 0..ROUNDS {
            classifier = ColumnClassifier::new(Some(column.header), today);
            let start = Instant::now();
            for cell in column.cells() {
                black_box(classifier.observe(black_box(cell)));
            }
            secs = secs.min(start.elapsed().as_secs_f64());
        }
        let verdict = classifier.finish();
        let bytes = column.text.len();
        println!(
            "{:<10} {:>16.0} {:>12.1} {:>10}  {:?}",
            column.header,
            CELLS_PER_COLUMN as f64 / secs,
            bytes as f64 / secs / 1e6,
            bytes,
            verdict.kind,
        );
        total_cells += CELLS_PER_COLUMN;
        total_bytes += bytes;
        total_secs += secs;
    }
    println!(
        "{:<10} {:>16.0} {:>12.1} {:>10}",
        "total",
        total_cells as f64 / total_secs,
        total_bytes as f64 / total_secs / 1e6,
        total_bytes,
    );
}
