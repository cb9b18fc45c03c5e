//! Small text helpers for the per-cell path.

/// Trims Unicode whitespace from both ends, returning at once when both end bytes are visible
/// ASCII: the common case, and the only one in which `str::trim` would still decode characters.
/// Every validator trims its input and the classifier trims before them, so this runs several
/// times per cell.
pub(crate) fn trim(s: &str) -> &str {
    match (s.as_bytes().first(), s.as_bytes().last()) {
        (Some(a), Some(z)) if a.is_ascii_graphic() && z.is_ascii_graphic() => s,
        _ => s.trim(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trims_ascii_and_unicode_whitespace() {
        assert_eq!(trim("abc"), "abc");
        assert_eq!(trim(" abc\t"), "abc");
        assert_eq!(trim("\u{3000}王明\u{3000}"), "王明");
        assert_eq!(trim("王明"), "王明");
        assert_eq!(trim(""), "");
    }
}
