//! Motor-vehicle plates (机动车号牌), per regulations.md Table 3: one of the 31 province
//! abbreviations, an issuing-authority letter (A–Z except I and O), an optional `·` or space, and
//! a serial:
//!
//! - regular: 5 characters from `A–H J–N P–Z 0–9` (no I or O, which read as 1 and 0);
//! - small new-energy: 6 characters, `D` (pure electric) or `F` (other new energy) first, then a
//!   letter or digit, then 4 digits;
//! - large new-energy: 5 digits, then `D` or `F`.
//!
//! Special plates ending in 学/警/挂/港/澳, embassy plates (使/领) and further NEV letters are
//! UNCONFIRMED in the reference and not accepted.

use crate::normalised::Builder;
use crate::text::trim;
use crate::{Kind, Match, Validity, Variant};

/// The 31 province abbreviations from regulations.md Table 3.
pub(crate) const PROVINCES: [char; 31] = [
    '京', '津', '沪', '渝', '冀', '豫', '云', '辽', '黑', '湘', '皖', '鲁', '新', '苏', '浙', '赣',
    '鄂', '桂', '甘', '晋', '蒙', '陕', '吉', '闽', '贵', '粤', '青', '藏', '川', '宁', '琼',
];

/// Validates a plate; the normalised form is the province, authority letter and serial in upper
/// case without a separator.
pub fn vehicle_plate(cell: &str) -> Validity<'_> {
    let s = trim(cell);
    let Some(province) = s.chars().next().filter(|c| PROVINCES.contains(c)) else {
        return Validity::NotThisKind;
    };
    let rest = &s.as_bytes()[province.len_utf8()..];
    let Some((&authority, rest)) = rest.split_first() else {
        return Validity::NotThisKind;
    };
    let authority = authority.to_ascii_uppercase();
    if !authority.is_ascii_uppercase() || matches!(authority, b'I' | b'O') {
        return Validity::NotThisKind;
    }
    let serial = rest
        .strip_prefix("·".as_bytes())
        .or_else(|| rest.strip_prefix(b" "))
        .unwrap_or(rest);
    let Some(variant) = serial_variant(serial) else {
        return Validity::NotThisKind;
    };
    let mut n = Builder::new();
    n.push_char(province);
    n.push_ascii(authority);
    n.extend_ascii_upper(serial);
    Match::new(Kind::VehiclePlate, n.finish())
        .with_variant(variant)
        .valid()
}

fn serial_variant(serial: &[u8]) -> Option<Variant> {
    let is_serial_char = |c: u8| {
        let c = c.to_ascii_uppercase();
        (c.is_ascii_uppercase() && !matches!(c, b'I' | b'O')) || c.is_ascii_digit()
    };
    let energy = |c: u8| matches!(c.to_ascii_uppercase(), b'D' | b'F');
    let digits = |s: &[u8]| s.iter().all(u8::is_ascii_digit);
    match serial.len() {
        5 => serial
            .iter()
            .all(|&c| is_serial_char(c))
            .then_some(Variant::Standard),
        6 => {
            let small = energy(serial[0]) && is_serial_char(serial[1]) && digits(&serial[2..]);
            let large = digits(&serial[..5]) && energy(serial[5]);
            (small || large).then_some(Variant::NewEnergyVehicle)
        }
        _ => None,
    }
}
