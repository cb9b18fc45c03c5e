//! IP addresses. IPv4 is checked by hand as a strict dotted quad (each part 0–255, no leading
//! zeros beyond a lone `0`, since `010` is ambiguous between octal and decimal and does not occur
//! in logs). IPv6 uses the standard library's parser, which is exact (full and `::`-compressed
//! forms, embedded IPv4) and fast; its RFC 5952 display is the normalised form, so `2001:DB8::1`
//! and `2001:0db8:0:0:0:0:0:1` count as the same address.

use std::fmt::Write;
use std::net::Ipv6Addr;

use crate::normalised::{Builder, Normalised};
use crate::text::trim;
use crate::{Kind, Match, Validity};

/// Validates a dotted-quad IPv4 address; a valid address is already canonical, so the normalised
/// form borrows the trimmed cell.
pub fn ipv4(cell: &str) -> Validity<'_> {
    let s = trim(cell);
    let b = s.as_bytes();
    if b.len() > 15 {
        return Validity::NotThisKind;
    }
    let mut parts = 0;
    for part in b.split(|&c| c == b'.') {
        parts += 1;
        if parts > 4 || !octet_ok(part) {
            return Validity::NotThisKind;
        }
    }
    if parts != 4 {
        return Validity::NotThisKind;
    }
    Match::new(Kind::Ipv4, Normalised::borrowed(s)).valid()
}

fn octet_ok(part: &[u8]) -> bool {
    let value = match *part {
        [a] if a.is_ascii_digit() => return true,
        [b'1'..=b'9', b] if b.is_ascii_digit() => return true,
        [a @ b'1'..=b'2', b, c] if b.is_ascii_digit() && c.is_ascii_digit() => {
            u32::from(a - b'0') * 100 + u32::from(b - b'0') * 10 + u32::from(c - b'0')
        }
        _ => return false,
    };
    value <= 255
}

/// Validates an IPv6 address; the normalised form is the RFC 5952 text (lower-case, longest zero
/// run compressed).
pub fn ipv6(cell: &str) -> Validity<'_> {
    let s = trim(cell);
    // A colon is required, and checking it first keeps the parser off ordinary text.
    if !s.as_bytes().contains(&b':') {
        return Validity::NotThisKind;
    }
    let Ok(addr) = s.parse::<Ipv6Addr>() else {
        return Validity::NotThisKind;
    };
    let mut n = Builder::new();
    // Writing into the builder cannot fail; it spills to the heap if ever needed.
    let _ = write!(n, "{addr}");
    Match::new(Kind::Ipv6, n.finish()).valid()
}
