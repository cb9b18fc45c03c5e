//! Vehicle identification numbers (ISO 3779; GB 16735-2019), per regulations.md Table 2: 17
//! characters without I, O or Q, with a MOD 11 check character at position 9 (10 → `X`) computed
//! from the transliteration A1 B2 … Z9 and weights 8 7 6 5 4 3 2 10 0 9 8 7 6 5 4 3 2.
//!
//! GB 16735 makes the check character mandatory for Chinese VINs; European manufacturers do not
//! always compute it, so their VINs show up as checksum failures, which lowers confidence rather
//! than hiding the column. Two structural rules come first: a VIN contains at least one letter
//! (every manufacturer identifier does, so a 17-digit number is an ordinary number), and the
//! model-year code at position 10 is never U, Z or 0 (regulations.md §7.1 notes).

use crate::normalised::Builder;
use crate::text::trim;
use crate::{Kind, Match, Validity};

const WEIGHTS: [u32; 17] = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2];

/// Transliterated value of an upper-case VIN character; `None` for I, O, Q and non-alphanumerics.
fn value(c: u8) -> Option<u32> {
    Some(match c {
        b'0'..=b'9' => u32::from(c - b'0'),
        b'A' | b'J' => 1,
        b'B' | b'K' | b'S' => 2,
        b'C' | b'L' | b'T' => 3,
        b'D' | b'M' | b'U' => 4,
        b'E' | b'N' | b'V' => 5,
        b'F' | b'W' => 6,
        b'G' | b'P' | b'X' => 7,
        b'H' | b'Y' => 8,
        b'R' | b'Z' => 9,
        _ => return None,
    })
}

/// Validates a VIN; the normalised form is upper-case.
pub fn vin(cell: &str) -> Validity<'_> {
    let b = trim(cell).as_bytes();
    if b.len() != 17 {
        return Validity::NotThisKind;
    }
    let mut sum = 0u32;
    let mut letters = false;
    for (&c, w) in b.iter().zip(WEIGHTS) {
        let c = c.to_ascii_uppercase();
        let Some(v) = value(c) else {
            return Validity::NotThisKind;
        };
        letters |= c.is_ascii_uppercase();
        sum += v * w;
    }
    if !letters || matches!(b[9].to_ascii_uppercase(), b'U' | b'Z' | b'0') {
        return Validity::NotThisKind;
    }
    let expected = match sum % 11 {
        10 => b'X',
        r => b'0' + r as u8,
    };
    if b[8].to_ascii_uppercase() != expected {
        return Validity::ChecksumFailed;
    }
    let mut n = Builder::new();
    n.extend_ascii_upper(b);
    Match::new(Kind::Vin, n.finish()).valid()
}
