//! Shared test helpers: a fixed `today`, the one `check` helper every validator case goes
//! through, a column runner, and independent implementations of the check-digit algorithms used
//! to generate test columns (independent so that they cross-check the crate's own).

use chrono::NaiveDate;
use classify::{ColumnClassifier, ColumnVerdict, Kind, Validity, validate};

/// The date the tests pretend it is, so birth-date bounds are reproducible.
pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 6, 30).unwrap()
}

/// What a validator should say about a cell.
#[derive(Debug, Clone, Copy)]
pub enum Expect {
    /// Valid, with this normalised form.
    Valid(&'static str),
    /// Right shape, wrong check character.
    Checksum,
    /// Not this kind.
    Not,
}

/// Checks one cell against one kind, both through `validate` and through the column classifier,
/// so that the classifier's fast dispatch is proven never to skip a value the validator accepts.
pub fn check(kind: Kind, cell: &str, expect: Expect) {
    let got = validate(kind, cell, today());
    let mut column = ColumnClassifier::new(None, today());
    let observed = column.observe(cell);
    match expect {
        Expect::Valid(normalised) => {
            let Validity::Valid(m) = got else {
                panic!("{kind} {cell:?}: expected valid, got {got:?}");
            };
            assert_eq!(m.kind, kind, "{cell:?}");
            assert_eq!(m.normalised, normalised, "{kind} {cell:?}");
            assert!(
                observed.contains(kind),
                "{kind} {cell:?}: dispatch skipped it"
            );
        }
        Expect::Checksum => {
            assert_eq!(got, Validity::ChecksumFailed, "{kind} {cell:?}");
            assert_eq!(column.tally(kind).checksum_failures, 1, "{kind} {cell:?}");
        }
        Expect::Not => {
            assert_eq!(got, Validity::NotThisKind, "{kind} {cell:?}");
            assert!(!observed.contains(kind), "{kind} {cell:?}");
        }
    }
}

/// Runs a column through a classifier.
pub fn classify<S: AsRef<str>>(
    header: Option<&str>,
    cells: impl IntoIterator<Item = S>,
) -> ColumnVerdict {
    let mut column = ColumnClassifier::new(header, today());
    for cell in cells {
        column.observe(cell.as_ref());
    }
    column.finish()
}

/// ISO 7064 MOD 11-2 check character for 17 digits, from the recursive form in `identifiers.py`.
pub fn rid_check(body: &str) -> char {
    let p = body
        .bytes()
        .fold(0u32, |p, d| (p + u32::from(d - b'0')) * 2 % 11);
    match (12 - p) % 11 {
        10 => 'X',
        r => char::from_digit(r, 10).unwrap(),
    }
}

/// A valid resident ID for a birth date and sequence.
pub fn rid(address: &str, birth: &str, seq: u32) -> String {
    let body = format!("{address}{birth}{seq:03}");
    format!("{body}{}", rid_check(&body))
}

/// Luhn check digit for a payload, from `luhn_check_digit` in `identifiers.py`.
pub fn luhn_check(payload: &str) -> char {
    let total: u32 = payload
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, c)| {
            let d = u32::from(c - b'0');
            if i % 2 == 0 {
                if d * 2 > 9 { d * 2 - 9 } else { d * 2 }
            } else {
                d
            }
        })
        .sum();
    char::from_digit((10 - total % 10) % 10, 10).unwrap()
}

/// A deterministic pseudo-random digit stream (xorshift), so generated columns are stable.
pub struct Digits(u64);

impl Digits {
    pub fn new(seed: u64) -> Self {
        Digits(seed | 1)
    }

    pub fn digits(&mut self, n: usize) -> String {
        (0..n)
            .map(|_| {
                self.0 ^= self.0 << 13;
                self.0 ^= self.0 >> 7;
                self.0 ^= self.0 << 17;
                char::from(b'0' + (self.0 % 10) as u8)
            })
            .collect()
    }
}
