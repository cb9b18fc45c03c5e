//! The province-level prefixes of GB/T 2260 address codes (regulations.md §7.2), shared by
//! resident IDs (address code) and USCCs (region code, positions 3–8).

/// Whether two ASCII digits are a mainland province-level code: 11–15 north, 21–23 north-east,
/// 31–37 east, 41–46 south-central, 50–54 south-west, 61–65 north-west.
pub(crate) fn is_mainland_province(code: &[u8]) -> bool {
    matches!(
        code,
        b"11"
            | b"12"
            | b"13"
            | b"14"
            | b"15"
            | b"21"
            | b"22"
            | b"23"
            | b"31"
            | b"32"
            | b"33"
            | b"34"
            | b"35"
            | b"36"
            | b"37"
            | b"41"
            | b"42"
            | b"43"
            | b"44"
            | b"45"
            | b"46"
            | b"50"
            | b"51"
            | b"52"
            | b"53"
            | b"54"
            | b"61"
            | b"62"
            | b"63"
            | b"64"
            | b"65"
    )
}
