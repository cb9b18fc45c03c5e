//! Payment card numbers (银行卡号, ISO/IEC 7812): 16 to 19 digits, optionally grouped with spaces
//! or dashes, ending in a Luhn check digit (regulations.md Table 2).
//!
//! A card-shaped number that fails Luhn is reported as [`Validity::ChecksumFailed`], not as a
//! non-match: the reference says to treat a Luhn failure as lower confidence, not as "not a card",
//! because legacy domestic debit cards failing Luhn are reported (UNCONFIRMED) and typos happen.
//! Column logic therefore never calls a column "bank cards" on failures, but reports them.
//!
//! Before Luhn, the first digits must be a plausible issuer: major industry identifier 3, 4, 5, 6
//! (UnionPay 62, Visa, Mastercard, Amex, JCB, dual-brand cards) or 9 (legacy domestic cards,
//! regulations.md §7.1 notes), or 2221–2720 (Mastercard 2-series). Numbers starting 0, 1, 7 or 8
//! are not payment cards; this keeps timestamp-based order numbers (`2024…`) out. A number made of
//! one repeated digit is filler, not a card, even though some pass Luhn.

use super::digits::grouped;
use crate::normalised::Builder;
use crate::text::trim;
use crate::{Kind, Match, Validity};

/// Validates a payment card number; the normalised form is the bare digits.
pub fn bank_card(cell: &str) -> Validity<'_> {
    let b = trim(cell).as_bytes();
    // The first byte rules out most non-card numbers before any digit is collected.
    if !matches!(b.first(), Some(b'2'..=b'6' | b'9')) {
        return Validity::NotThisKind;
    }
    let Some(digits) = grouped::<19>(b) else {
        return Validity::NotThisKind;
    };
    let digits = digits.as_slice();
    if digits.len() < 16 || !issuer_plausible(digits) || is_filler(digits) {
        return Validity::NotThisKind;
    }
    if !luhn_ok(digits) {
        return Validity::ChecksumFailed;
    }
    let mut n = Builder::new();
    n.extend_ascii(digits);
    Match::new(Kind::BankCard, n.finish()).valid()
}

fn issuer_plausible(digits: &[u8]) -> bool {
    match digits.first() {
        Some(b'3' | b'4' | b'5' | b'6' | b'9') => true,
        Some(b'2') => (b"2221".as_slice()..=b"2720".as_slice()).contains(&&digits[..4]),
        _ => false,
    }
}

fn is_filler(digits: &[u8]) -> bool {
    digits.windows(2).all(|w| w[0] == w[1])
}

/// Luhn MOD 10 over ASCII digits, the last of which is the check digit.
pub(crate) fn luhn_ok(digits: &[u8]) -> bool {
    let sum: u32 = digits
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &c)| {
            let d = u32::from(c - b'0');
            if i % 2 == 1 {
                let doubled = d * 2;
                if doubled > 9 { doubled - 9 } else { doubled }
            } else {
                d
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn luhn_worked_examples() {
        assert!(luhn_ok(b"6217000000000000004"));
        assert!(luhn_ok(b"6228480000000000000"));
        assert!(luhn_ok(b"4111111111111111"));
        assert!(!luhn_ok(b"4111111111111112"));
    }

    #[test]
    fn every_single_substitution_of_a_worked_example_fails() {
        let good = b"6217000000000000004";
        for i in 0..good.len() {
            for d in b'0'..=b'9' {
                if d != good[i] {
                    let mut bad = *good;
                    bad[i] = d;
                    assert!(!luhn_ok(&bad), "{}", String::from_utf8_lossy(&bad));
                }
            }
        }
    }

    #[test]
    fn issuer_ranges() {
        assert!(issuer_plausible(b"2221000000000000"));
        assert!(issuer_plausible(b"2720990000000000"));
        assert!(!issuer_plausible(b"2024011500001234"));
        assert!(!issuer_plausible(b"1234567812345678"));
    }
}
