//! The canonical form of a matched value (e.g. an 18-character resident ID for a 15-digit input,
//! 11 digits for `+86 138-0013-8000`), used by callers to count distinct people.
//!
//! Normalised forms are short, so they are built in a fixed inline buffer, or borrowed from the
//! cell when the cell is already canonical; only an unusually long value (a long e-mail address
//! with an upper-case domain) spills to the heap. This keeps the matching path allocation-free for
//! identifiers, which matters because the classifier normalises every matching cell it sees.

use std::fmt;
use std::hash::{Hash, Hasher};

/// Inline capacity in bytes: room for the longest IPv6 text form (45 bytes with an embedded IPv4
/// address) and for every fixed-length identifier, with the whole value fitting in 64 bytes.
const INLINE_CAP: usize = 62;

/// The canonical text of a matched value, borrowed from the cell where possible.
#[derive(Clone)]
pub struct Normalised<'a>(Repr<'a>);

#[derive(Clone)]
enum Repr<'a> {
    Borrowed(&'a str),
    Inline { len: u8, buf: [u8; INLINE_CAP] },
    Owned(String),
}

impl<'a> Normalised<'a> {
    /// A cell (or part of one) that is already in canonical form.
    pub(crate) fn borrowed(s: &'a str) -> Self {
        Normalised(Repr::Borrowed(s))
    }

    pub fn as_str(&self) -> &str {
        match &self.0 {
            Repr::Borrowed(s) => s,
            // The builder only ever appends whole `char`s and `&str`s, so the bytes are valid
            // UTF-8 by construction and the empty fallback is unreachable.
            Repr::Inline { len, buf } => {
                std::str::from_utf8(&buf[..usize::from(*len)]).unwrap_or_default()
            }
            Repr::Owned(s) => s,
        }
    }

    /// The canonical text as an owned string, detached from the cell's lifetime.
    pub fn into_owned(self) -> String {
        match self.0 {
            Repr::Owned(s) => s,
            _ => self.as_str().to_owned(),
        }
    }
}

impl AsRef<str> for Normalised<'_> {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl PartialEq for Normalised<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for Normalised<'_> {}

impl PartialEq<str> for Normalised<'_> {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Normalised<'_> {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl Hash for Normalised<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

impl fmt::Debug for Normalised<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for Normalised<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Builds a normalised form piece by piece without allocating unless it outgrows the inline
/// buffer.
pub(crate) struct Builder {
    len: usize,
    buf: [u8; INLINE_CAP],
    spill: Option<String>,
}

impl Builder {
    pub(crate) fn new() -> Self {
        Builder {
            len: 0,
            buf: [0; INLINE_CAP],
            spill: None,
        }
    }

    pub(crate) fn push_str(&mut self, s: &str) {
        if let Some(spill) = &mut self.spill {
            spill.push_str(s);
            return;
        }
        let end = self.len + s.len();
        if let Some(dst) = self.buf.get_mut(self.len..end) {
            dst.copy_from_slice(s.as_bytes());
            self.len = end;
        } else {
            let mut spill = String::with_capacity(end);
            spill.push_str(self.inline_str());
            spill.push_str(s);
            self.spill = Some(spill);
        }
    }

    pub(crate) fn push_char(&mut self, c: char) {
        self.push_str(c.encode_utf8(&mut [0; 4]));
    }

    /// Appends an ASCII byte. Callers pass bytes they have already checked to be ASCII; a
    /// non-ASCII byte would still be appended as a valid (Latin-1) character, never as broken
    /// UTF-8.
    pub(crate) fn push_ascii(&mut self, b: u8) {
        match self.buf.get_mut(self.len) {
            Some(slot) if b.is_ascii() && self.spill.is_none() => {
                *slot = b;
                self.len += 1;
            }
            _ => self.push_char(char::from(b)),
        }
    }

    pub(crate) fn push_ascii_upper(&mut self, b: u8) {
        self.push_ascii(b.to_ascii_uppercase());
    }

    /// Appends ASCII bytes in one copy (identifiers are copied whole, not byte by byte).
    pub(crate) fn extend_ascii(&mut self, bytes: &[u8]) {
        let end = self.len + bytes.len();
        match self.buf.get_mut(self.len..end) {
            Some(dst) if self.spill.is_none() && bytes.is_ascii() => {
                dst.copy_from_slice(bytes);
                self.len = end;
            }
            _ => bytes.iter().for_each(|&b| self.push_ascii(b)),
        }
    }

    /// Appends ASCII bytes upper-cased, in one copy.
    pub(crate) fn extend_ascii_upper(&mut self, bytes: &[u8]) {
        let end = self.len + bytes.len();
        match self.buf.get_mut(self.len..end) {
            Some(dst) if self.spill.is_none() && bytes.is_ascii() => {
                dst.copy_from_slice(bytes);
                dst.make_ascii_uppercase();
                self.len = end;
            }
            _ => bytes.iter().for_each(|&b| self.push_ascii_upper(b)),
        }
    }

    fn inline_str(&self) -> &str {
        std::str::from_utf8(&self.buf[..self.len]).unwrap_or_default()
    }

    pub(crate) fn finish<'a>(self) -> Normalised<'a> {
        match self.spill {
            Some(s) => Normalised(Repr::Owned(s)),
            // `len` never exceeds INLINE_CAP (62), so it always fits in a byte.
            None => Normalised(Repr::Inline {
                len: u8::try_from(self.len).unwrap_or(u8::MAX),
                buf: self.buf,
            }),
        }
    }
}

impl fmt::Write for Builder {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.push_str(s);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_forms_stay_inline_and_long_ones_spill() {
        let mut b = Builder::new();
        b.push_str("京");
        b.push_ascii_upper(b'a');
        b.push_str("12345");
        let n = b.finish();
        assert_eq!(n, "京A12345");
        assert!(matches!(n.0, Repr::Inline { .. }));

        let long = "x".repeat(INLINE_CAP + 5);
        let mut b = Builder::new();
        b.push_str(&long[..10]);
        b.push_str(&long[10..]);
        let n = b.finish();
        assert_eq!(n.as_str(), long);
        assert!(matches!(n.0, Repr::Owned(_)));
        assert_eq!(n.into_owned(), long);
    }

    #[test]
    fn equality_and_hash_follow_the_text() {
        use std::collections::HashSet;
        let mut b = Builder::new();
        b.push_str("13800138000");
        let set: HashSet<Normalised<'_>> = [b.finish(), Normalised::borrowed("13800138000")]
            .into_iter()
            .collect();
        assert_eq!(set.len(), 1);
    }
}
