//! PRC passport numbers, in the formats of regulations.md Table 3:
//!
//! - ordinary passports (普通护照): `G` + 8 digits (before 2012), `E` + 8 digits (to 2017-04-05),
//!   and `E` + a letter other than I or O + 7 digits (e.g. `EF1260892`);
//! - public-affairs, service and diplomatic passports: `P`, `S` or `D`, optionally followed by
//!   `E`, then 7 digits;
//! - SAR passports: Hong Kong `K` + 8 digits, Macao `MA` + 7 digits.
//!
//! These are format-only checks (no check character is published), so they are [`Evidence::Format`]
//! and need most of a column to match.
//!
//! [`Evidence::Format`]: crate::Evidence::Format

use super::digits::all_digits;
use crate::normalised::Builder;
use crate::text::trim;
use crate::{Kind, Match, Validity, Variant};

/// Validates a passport number; the normalised form is upper-case.
pub fn passport_cn(cell: &str) -> Validity<'_> {
    let b = trim(cell).as_bytes();
    let Some(variant) = variant(b) else {
        return Validity::NotThisKind;
    };
    let mut n = Builder::new();
    n.extend_ascii_upper(b);
    Match::new(Kind::PassportCn, n.finish())
        .with_variant(variant)
        .valid()
}

fn variant(b: &[u8]) -> Option<Variant> {
    let upper = |i: usize| b.get(i).map(u8::to_ascii_uppercase);
    match (b.len(), upper(0)?, upper(1)?) {
        (9, b'G' | b'E', _) if all_digits(&b[1..]) => Some(Variant::Standard),
        (9, b'E', second)
            if second.is_ascii_uppercase()
                && !matches!(second, b'I' | b'O')
                && all_digits(&b[2..]) =>
        {
            Some(Variant::Standard)
        }
        (8, b'P' | b'S' | b'D', _) if all_digits(&b[1..]) => Some(Variant::OfficialPassport),
        (9, b'P' | b'S' | b'D', b'E') if all_digits(&b[2..]) => Some(Variant::OfficialPassport),
        (9, b'K', _) if all_digits(&b[1..]) => Some(Variant::SarPassport),
        (9, b'M', b'A') if all_digits(&b[2..]) => Some(Variant::SarPassport),
        _ => None,
    }
}
