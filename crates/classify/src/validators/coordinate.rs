//! Latitude and longitude in decimal degrees.
//!
//! A coordinate needs at least four decimal places (about 11 m at the equator): that precision is
//! what makes a number location data rather than a count or a rounded region, and what makes it
//! sensitive (precise location, PIPL Art. 28). At most 15 decimals are accepted, the precision of
//! a double.
//!
//! WGS-84 (GPS), GCJ-02 (the obfuscated datum mandated for mainland maps, used by AMap and
//! Tencent) and BD-09 (Baidu) values are all plain decimal degrees and differ by a few hundred
//! metres, so a value does not reveal its datum (regulations.md §7.3); all are accepted alike, and
//! the normalised form is the value as written, without a leading `+`.
//!
//! The range check is done on the digits, without parsing a float: the integer part must be below
//! the limit, or equal to it with an all-zero fraction.

use crate::normalised::Normalised;
use crate::text::trim;
use crate::{Kind, Match, Validity};

const MIN_DECIMALS: usize = 4;
const MAX_DECIMALS: usize = 15;

/// Validates a latitude in −90..=90.
pub fn latitude(cell: &str) -> Validity<'_> {
    decimal_degrees(cell, 90, Kind::Latitude)
}

/// Validates a longitude in −180..=180.
pub fn longitude(cell: &str) -> Validity<'_> {
    decimal_degrees(cell, 180, Kind::Longitude)
}

fn decimal_degrees(cell: &str, limit: u32, kind: Kind) -> Validity<'_> {
    let s = trim(cell);
    let (unsigned, normalised) = match s.as_bytes().first() {
        Some(b'+') => (&s[1..], &s[1..]),
        Some(b'-') => (&s[1..], s),
        _ => (s, s),
    };
    let Some((int, frac)) = unsigned.split_once('.') else {
        return Validity::NotThisKind;
    };
    let (int, frac) = (int.as_bytes(), frac.as_bytes());
    let int_ok = matches!(int.len(), 1..=3)
        && int.iter().all(u8::is_ascii_digit)
        && (int.len() == 1 || int[0] != b'0');
    let frac_ok =
        (MIN_DECIMALS..=MAX_DECIMALS).contains(&frac.len()) && frac.iter().all(u8::is_ascii_digit);
    if !int_ok || !frac_ok {
        return Validity::NotThisKind;
    }
    let whole = int
        .iter()
        .fold(0u32, |acc, &d| acc * 10 + u32::from(d - b'0'));
    let in_range = whole < limit || (whole == limit && frac.iter().all(|&d| d == b'0'));
    if !in_range {
        return Validity::NotThisKind;
    }
    Match::new(kind, Normalised::borrowed(normalised)).valid()
}
