//! Unified social credit codes (统一社会信用代码, GB 32100-2015), following regulations.md Table 2
//! and §7.1 notes: 18 characters from `0123456789ABCDEFGHJKLMNPQRTUWXY` (no I, O, S, V, Z), an
//! authority code, a type code, six region digits, the nine-character organisation code, and a
//! MOD 31 check character (weights 3^i mod 31).
//!
//! The region code must start with a mainland province-level prefix (GB/T 2260), which keeps
//! 18-digit order numbers (`2024…`) from reading as damaged USCCs; `10` is also accepted, leniently
//! and UNCONFIRMED in the reference, for organisations registered at national level. The
//! authority code must be one the standard defines (1–9, A, N, Y; letters are legal, so codes
//! starting A, N or Y are not rejected as python-stdnum does), and for the authorities whose type
//! codes the reference lists (1, 5, 9, Y) the type code must be one of them. These structural
//! checks come before the checksum, so a code reported as a checksum failure really looks like a
//! USCC.

use super::region_code::is_mainland_province;
use crate::normalised::Builder;
use crate::text::trim;
use crate::{Kind, Match, Validity, Variant};

const ALPHABET: &[u8; 31] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";

/// Marker for bytes outside the alphabet in [`VALUES`].
const INVALID: u8 = u8::MAX;

/// Alphabet index of every byte, case-insensitively, so the scan is one table lookup per byte.
const VALUES: [u8; 256] = {
    let mut table = [INVALID; 256];
    let mut i = 0;
    while i < ALPHABET.len() {
        let c = ALPHABET[i];
        table[c as usize] = i as u8;
        table[c.to_ascii_lowercase() as usize] = i as u8;
        i += 1;
    }
    table
};

/// Validates a USCC; the normalised form is upper-case.
pub fn uscc(cell: &str) -> Validity<'_> {
    let b = trim(cell).as_bytes();
    if b.len() != 18 {
        return Validity::NotThisKind;
    }
    let mut values = [0u8; 18];
    for (v, &c) in values.iter_mut().zip(b) {
        *v = VALUES[usize::from(c)];
        if *v == INVALID {
            return Validity::NotThisKind;
        }
    }
    let authority = b[0].to_ascii_uppercase();
    let kind = b[1].to_ascii_uppercase();
    let region = &b[2..8];
    let region_ok = region.iter().all(u8::is_ascii_digit)
        && (is_mainland_province(&region[..2]) || region[..2] == *b"10");
    if !region_ok || !type_code_ok(authority, kind) {
        return Validity::NotThisKind;
    }
    if check_value(&values[..17]) != values[17] {
        return Validity::ChecksumFailed;
    }
    let variant = if (authority, kind) == (b'9', b'2') {
        Variant::IndividualBusiness
    } else {
        Variant::Standard
    };
    let mut n = Builder::new();
    n.extend_ascii_upper(b);
    Match::new(Kind::Uscc, n.finish())
        .with_variant(variant)
        .valid()
}

/// Authority codes from the standard; type codes where regulations.md §7.1 lists them.
fn type_code_ok(authority: u8, kind: u8) -> bool {
    match authority {
        b'9' => matches!(kind, b'1' | b'2' | b'3'),
        b'1' | b'5' => matches!(kind, b'1' | b'2' | b'3' | b'9'),
        b'Y' => kind == b'1',
        b'2'..=b'8' | b'A' | b'N' => true,
        _ => false,
    }
}

/// The check value: (31 − Σ value × 3^i mod 31) mod 31.
fn check_value(body: &[u8]) -> u8 {
    let mut weight = 1u32;
    let mut sum = 0u32;
    for &v in body {
        sum += u32::from(v) * weight;
        weight = weight * 3 % 31;
    }
    ((31 - sum % 31) % 31) as u8
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(code: &str) -> Vec<u8> {
        code.bytes().map(|c| VALUES[usize::from(c)]).collect()
    }

    #[test]
    fn worked_examples_from_table_2() {
        let v = values("91110000600037341");
        assert_eq!(ALPHABET[usize::from(check_value(&v))], b'L');
        let v = values("91350100M000100Y4");
        assert_eq!(ALPHABET[usize::from(check_value(&v))], b'3');
    }

    #[test]
    fn alphabet_excludes_i_o_s_v_z() {
        for c in *b"IOSVZiosvz" {
            assert_eq!(VALUES[usize::from(c)], INVALID);
        }
    }
}
