//! Reading a number written as digit groups (`6217 0000 0000 0000 004`, `138-0013-8000`) into a
//! fixed stack buffer, shared by the mobile and bank-card validators.

/// Up to `N` ASCII digits collected from a grouped number.
pub(crate) struct Digits<const N: usize> {
    buf: [u8; N],
    len: usize,
}

impl<const N: usize> Digits<N> {
    pub(crate) fn as_slice(&self) -> &[u8] {
        &self.buf[..self.len]
    }
}

/// Collects the digits of `s`, allowing a single space or dash between digit groups.
///
/// Returns `None` for any other byte, a leading, trailing or doubled separator, or more than `N`
/// digits, so a malformed cell is rejected without further work.
pub(crate) fn grouped<const N: usize>(s: &[u8]) -> Option<Digits<N>> {
    let mut out = Digits {
        buf: [0; N],
        len: 0,
    };
    let mut after_separator = true;
    for &b in s {
        match b {
            b'0'..=b'9' => {
                *out.buf.get_mut(out.len)? = b;
                out.len += 1;
                after_separator = false;
            }
            b' ' | b'-' if !after_separator => after_separator = true,
            _ => return None,
        }
    }
    if after_separator {
        return None;
    }
    Some(out)
}

/// The numeric value of `b`, which must be 1 to 9 ASCII digits.
pub(crate) fn number(b: &[u8]) -> Option<u32> {
    if b.is_empty() || b.len() > 9 {
        return None;
    }
    b.iter().try_fold(0u32, |acc, &c| {
        c.is_ascii_digit().then(|| acc * 10 + u32::from(c - b'0'))
    })
}

pub(crate) fn all_digits(b: &[u8]) -> bool {
    b.iter().all(u8::is_ascii_digit)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grouped_accepts_single_separators_between_digits_only() {
        let d = grouped::<19>(b"6217 0000-0000 0000 004").unwrap();
        assert_eq!(d.as_slice(), b"6217000000000000004");
        for bad in ["", " 1", "1 ", "1  2", "1--2", "1a2", "12.3"] {
            assert!(grouped::<19>(bad.as_bytes()).is_none(), "{bad:?}");
        }
        assert!(grouped::<3>(b"1234").is_none());
    }

    #[test]
    fn number_reads_short_digit_runs() {
        assert_eq!(number(b"0230"), Some(230));
        assert_eq!(number(b""), None);
        assert_eq!(number(b"1x"), None);
    }
}
