//! Mainland mobile numbers: 11 digits starting with an allocated network prefix (regulations.md
//! Table 3 and the MIIT allocation list of March 2023), optionally written with a `+86`, `0086`
//! or `86` country prefix and with spaces or dashes between digit groups.
//!
//! The prefix check is what makes this a validator: an 11-digit number starting 120 or 100 is
//! not a mobile number however it is formatted.

mod allocation;

use super::digits::grouped;
use crate::normalised::Builder;
use crate::text::trim;
use crate::{Kind, Match, Validity};

/// Validates a mobile number; the normalised form is the 11 national digits.
pub fn cn_mobile(cell: &str) -> Validity<'_> {
    let b = trim(cell).as_bytes();
    let (plus, rest) = match b.split_first() {
        Some((b'+', rest)) => (true, rest),
        _ => (false, b),
    };
    // Fifteen digits is the longest form: `0086` followed by the 11 national digits.
    let Some(digits) = grouped::<15>(rest) else {
        return Validity::NotThisKind;
    };
    let digits = digits.as_slice();
    let national = match (plus, digits.len()) {
        (false, 11) => digits,
        (_, 13) if digits.starts_with(b"86") => &digits[2..],
        (false, 15) if digits.starts_with(b"0086") => &digits[4..],
        _ => return Validity::NotThisKind,
    };
    if !allocation::is_allocated(national) {
        return Validity::NotThisKind;
    }
    let mut n = Builder::new();
    n.extend_ascii(national);
    Match::new(Kind::CnMobile, n.finish()).valid()
}
