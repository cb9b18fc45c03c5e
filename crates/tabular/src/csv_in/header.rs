//! Turning a CSV header row into usable, unique column names.
//!
//! Arrow and Parquet need every column to have a distinct, non-empty name, while real exports
//! often have blank or repeated headers; fixing them predictably keeps every column readable.

use std::collections::HashSet;

/// Names the columns after `header`: surrounding whitespace is trimmed, a blank name becomes
/// `column_N` (1-based), and a repeated name gets `_2`, `_3`, ... appended.
pub(crate) fn column_names<'a>(header: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut used = HashSet::new();
    let mut names = Vec::new();
    for (index, raw) in header.into_iter().enumerate() {
        let trimmed = raw.trim();
        let base = if trimmed.is_empty() {
            format!("column_{}", index + 1)
        } else {
            trimmed.to_string()
        };
        let mut name = base.clone();
        let mut suffix = 2;
        while used.contains(&name) {
            name = format!("{base}_{suffix}");
            suffix += 1;
        }
        used.insert(name.clone());
        names.push(name);
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_cases() {
        let cases: &[(&[&str], &[&str])] = &[
            (&["a", "b"], &["a", "b"]),
            (&["", " ", "c"], &["column_1", "column_2", "c"]),
            (&["a", "a", "a"], &["a", "a_2", "a_3"]),
            (&["a", "a", "a_2"], &["a", "a_2", "a_2_2"]),
            (&[" 姓名 ", "姓名"], &["姓名", "姓名_2"]),
            (&["column_2", ""], &["column_2", "column_2_2"]),
        ];
        for (header, expected) in cases {
            assert_eq!(column_names(header.iter().copied()), *expected);
        }
    }
}
