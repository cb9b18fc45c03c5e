//! E-mail addresses, checked pragmatically against RFC 5321/5322: `local@domain` where the local
//! part is a dot-atom of at most 64 bytes and the domain is at least two DNS labels with an
//! alphabetic (or `xn--` punycode) top-level label, the whole at most 254 bytes.
//!
//! Quoted local parts, address literals (`user@[192.0.2.1]`) and internationalised addresses
//! (RFC 6531, non-ASCII) are not recognised: they are rare in business data, and accepting them
//! would make the check much looser for everything else.

use crate::normalised::{Builder, Normalised};
use crate::text::trim;
use crate::{Kind, Match, Validity};

const MAX_LEN: usize = 254;
const MAX_LOCAL: usize = 64;
const MAX_LABEL: usize = 63;

/// Validates an e-mail address; the normalised form lower-cases the domain, since domains are
/// case-insensitive while local parts, strictly, are not.
pub fn email(cell: &str) -> Validity<'_> {
    let s = trim(cell);
    let b = s.as_bytes();
    if b.len() > MAX_LEN {
        return Validity::NotThisKind;
    }
    let Some(at) = b.iter().position(|&c| c == b'@') else {
        return Validity::NotThisKind;
    };
    let (local, domain) = (&b[..at], &b[at + 1..]);
    if !local_ok(local) || !domain_ok(domain) {
        return Validity::NotThisKind;
    }
    let normalised = if domain.iter().any(u8::is_ascii_uppercase) {
        let mut n = Builder::new();
        n.push_str(&s[..=at]);
        domain
            .iter()
            .for_each(|&c| n.push_ascii(c.to_ascii_lowercase()));
        n.finish()
    } else {
        Normalised::borrowed(s)
    };
    Match::new(Kind::Email, normalised).valid()
}

/// A dot-atom: atext characters separated by single dots.
fn local_ok(local: &[u8]) -> bool {
    if local.is_empty() || local.len() > MAX_LOCAL {
        return false;
    }
    local
        .split(|&c| c == b'.')
        .all(|atom| !atom.is_empty() && atom.iter().all(|&c| is_atext(c)))
}

fn is_atext(c: u8) -> bool {
    c.is_ascii_alphanumeric() || b"!#$%&'*+/=?^_`{|}~-".contains(&c)
}

/// Two or more LDH labels, none starting or ending with a hyphen; the last is the top-level
/// domain, which is alphabetic and at least two letters, or an IDN in punycode.
fn domain_ok(domain: &[u8]) -> bool {
    let mut labels = 0;
    let mut last: &[u8] = &[];
    for label in domain.split(|&c| c == b'.') {
        let ldh = label
            .iter()
            .all(|&c| c.is_ascii_alphanumeric() || c == b'-');
        let edges = label.first() != Some(&b'-') && label.last() != Some(&b'-');
        if label.is_empty() || label.len() > MAX_LABEL || !ldh || !edges {
            return false;
        }
        labels += 1;
        last = label;
    }
    let tld_ok = (last.len() >= 2 && last.iter().all(u8::is_ascii_alphabetic))
        || (last.len() > 4 && last[..4].eq_ignore_ascii_case(b"xn--"));
    labels >= 2 && tld_ok
}
