//! Resident identity numbers (公民身份号码, GB 11643-1999) and the HK/Macao/Taiwan residence
//! permits that share their format, following regulations.md Table 2 and `identifiers.py`.
//!
//! An 18-character number is 6 address digits + 8 birth-date digits + 3 sequence digits + a check
//! character from ISO 7064 MOD 11-2. The validator checks, in order of cost: the shape, the
//! province prefix (GB/T 2260 first two digits), the birth date (real, 1800 to `today`), then the
//! check character. Only a number that passes everything but the check character is reported as
//! a checksum failure, so that 18-digit order numbers (which rarely carry a province prefix and a
//! real date in the right places) read as "not this kind" rather than as damaged IDs.
//!
//! A pre-1999 15-digit number has a 6-digit address, a `YYMMDD` date in the 1900s and a 3-digit
//! sequence, and no check digit; it is normalised by inserting "19" and computing the check, as
//! `rid_upgrade_15_to_18` in `identifiers.py` does.

use chrono::NaiveDate;

use super::calendar::birth_date_yyyymmdd;
use super::digits::all_digits;
use super::region_code::is_mainland_province;
use crate::normalised::Builder;
use crate::text::trim;
use crate::{Kind, Match, Validity, Variant};

/// ISO 7064 MOD 11-2 weights: 2^(17 − i) mod 11 for position i.
const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

/// Check character indexed by the weighted sum mod 11.
const CHECK_CHARS: &[u8; 11] = b"10X98765432";

/// Validates an 18-character or legacy 15-digit resident ID; the normalised form is always the 18
/// characters with an upper-case `X`, and the match carries the birth date.
pub fn cn_resident_id(cell: &str, today: NaiveDate) -> Validity<'_> {
    let b = trim(cell).as_bytes();
    match b.len() {
        18 => eighteen(b, today),
        15 => fifteen(b, today),
        _ => Validity::NotThisKind,
    }
}

fn eighteen(b: &[u8], today: NaiveDate) -> Validity<'static> {
    let (body, check) = b.split_at(17);
    if !all_digits(body) {
        return Validity::NotThisKind;
    }
    let check = match check.first() {
        Some(&d @ b'0'..=b'9') => d,
        Some(b'X' | b'x') => b'X',
        _ => return Validity::NotThisKind,
    };
    let Some(variant) = address_variant(&body[..6]) else {
        return Validity::NotThisKind;
    };
    let Some(born) = birth_date_yyyymmdd(&body[6..14], today) else {
        return Validity::NotThisKind;
    };
    if check_char(body) != check {
        return Validity::ChecksumFailed;
    }
    let mut n = Builder::new();
    n.extend_ascii(body);
    n.push_ascii(check);
    Match::new(Kind::CnResidentId, n.finish())
        .with_birth_date(born)
        .with_variant(variant)
        .valid()
}

fn fifteen(b: &[u8], today: NaiveDate) -> Validity<'static> {
    if !all_digits(b) {
        return Validity::NotThisKind;
    }
    // Residence permits date from 2018 and never had a 15-digit form, so only mainland
    // provinces are accepted here.
    if address_variant(&b[..6]) != Some(Variant::Standard) {
        return Validity::NotThisKind;
    }
    let mut body = [0u8; 17];
    body[..6].copy_from_slice(&b[..6]);
    body[6..8].copy_from_slice(b"19");
    body[8..].copy_from_slice(&b[6..]);
    let Some(born) = birth_date_yyyymmdd(&body[6..14], today) else {
        return Validity::NotThisKind;
    };
    let mut n = Builder::new();
    n.extend_ascii(&body);
    n.push_ascii(check_char(&body));
    Match::new(Kind::CnResidentId, n.finish())
        .with_birth_date(born)
        .with_variant(Variant::LegacyFifteenDigit)
        .valid()
}

/// The check character for 17 ASCII digits.
pub(crate) fn check_char(body: &[u8]) -> u8 {
    let sum: u32 = body
        .iter()
        .zip(WEIGHTS)
        .map(|(&d, w)| u32::from(d - b'0') * w)
        .sum();
    CHECK_CHARS[(sum % 11) as usize]
}

/// Classifies a 6-digit address code by its first two digits (GB/T 2260 provinces as listed in
/// regulations.md §7.2). 81/82/83 are accepted only as the whole code 810000/820000/830000, the
/// form residence permits use; 71 (Taiwan) is UNCONFIRMED in the reference and not accepted.
fn address_variant(code: &[u8]) -> Option<Variant> {
    let province = code.get(..2)?;
    let mainland = is_mainland_province(province);
    if mainland {
        return Some(Variant::Standard);
    }
    let permit = matches!(province, b"81" | b"82" | b"83") && code.get(2..6) == Some(b"0000");
    permit.then_some(Variant::ResidencePermit)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weights_are_powers_of_two_mod_eleven() {
        for (i, w) in WEIGHTS.into_iter().enumerate() {
            assert_eq!(w, (1u32 << (17 - i)) % 11, "position {i}");
        }
    }

    #[test]
    fn worked_examples_from_table_2() {
        assert_eq!(check_char(b"11010519491231002"), b'X');
        assert_eq!(check_char(b"44052418800101001"), b'4');
        assert_eq!(check_char(b"36042619910101007"), b'1');
    }

    #[test]
    fn address_variants() {
        assert_eq!(address_variant(b"110105"), Some(Variant::Standard));
        assert_eq!(address_variant(b"810000"), Some(Variant::ResidencePermit));
        assert_eq!(address_variant(b"810101"), None);
        assert_eq!(address_variant(b"710000"), None);
        assert_eq!(address_variant(b"990000"), None);
    }
}
