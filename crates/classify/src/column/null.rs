//! Which cells count as missing. Empty cells and the usual null markers of exported data are
//! left out of `non_null`, so that a half-empty column of valid IDs is still a column of IDs: the
//! share that decides a column is the share of *present* values.

/// Whether a trimmed cell is a null marker.
pub(super) fn is_null(cell: &str) -> bool {
    match cell.len() {
        0 => true,
        // Only short cells can be markers; checking the length first keeps this off real values.
        1..=4 => {
            matches!(cell, "-" | "--" | "/" | "—" | "无" | "空" | "#N/A")
                || ["null", "none", "nil", "n/a", "na", "nan"]
                    .iter()
                    .any(|m| cell.eq_ignore_ascii_case(m))
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers() {
        for cell in ["", "-", "NULL", "None", "N/A", "nan", "无", "—"] {
            assert!(is_null(cell), "{cell:?}");
        }
        for cell in ["0", "王", "nullable", "13800138000"] {
            assert!(!is_null(cell), "{cell:?}");
        }
    }
}
