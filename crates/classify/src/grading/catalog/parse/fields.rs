//! Typed reads of catalogue TOML values, each reporting a fault with the catalogue and rule it is
//! in, and the shape checks for ids and versions.

use chrono::NaiveDate;
use toml::{Table, Value};

use crate::grading::catalog::{CatalogError, Location};

/// Rejects the first key of `table` that is not in `known`, so that a misspelt key cannot
/// silently drop what it meant to say.
pub(super) fn unknown_keys(
    table: &Table,
    known: &[&str],
    at: &Location,
) -> Result<(), CatalogError> {
    match table.keys().find(|k| !known.contains(&k.as_str())) {
        Some(key) => Err(CatalogError::UnknownKey {
            at: at.clone(),
            key: key.clone(),
        }),
        None => Ok(()),
    }
}

/// A required, non-blank string.
pub(super) fn text_of(
    table: &Table,
    key: &'static str,
    at: &Location,
) -> Result<String, CatalogError> {
    match table.get(key) {
        Some(Value::String(s)) if !s.trim().is_empty() => Ok(s.clone()),
        Some(Value::String(_)) => Err(invalid(at, key, "must not be blank")),
        Some(_) => Err(invalid(at, key, "must be a string")),
        None => Err(invalid(at, key, "is missing")),
    }
}

/// A required, non-empty list of non-blank strings.
pub(super) fn texts_of(
    table: &Table,
    key: &'static str,
    at: &Location,
) -> Result<Vec<String>, CatalogError> {
    let problem = "must be a non-empty list of strings";
    let Some(Value::Array(items)) = table.get(key) else {
        return Err(invalid(at, key, problem));
    };
    let texts: Vec<String> = items
        .iter()
        .filter_map(|item| item.as_str().filter(|s| !s.trim().is_empty()))
        .map(str::to_owned)
        .collect();
    if texts.is_empty() || texts.len() != items.len() {
        return Err(invalid(at, key, problem));
    }
    Ok(texts)
}

/// An optional non-negative integer.
pub(super) fn count_of(
    table: &Table,
    key: &'static str,
    at: &Location,
) -> Result<Option<u64>, CatalogError> {
    match table.get(key) {
        None => Ok(None),
        Some(Value::Integer(n)) => u64::try_from(*n)
            .map(Some)
            .map_err(|_| invalid(at, key, "must not be negative")),
        Some(_) => Err(invalid(at, key, "must be an integer")),
    }
}

/// An optional boolean.
pub(super) fn flag_of(
    table: &Table,
    key: &'static str,
    at: &Location,
) -> Result<Option<bool>, CatalogError> {
    match table.get(key) {
        None => Ok(None),
        Some(Value::Boolean(b)) => Ok(Some(*b)),
        Some(_) => Err(invalid(at, key, "must be true or false")),
    }
}

/// A required TOML local date (no time, no offset).
pub(super) fn date_of(
    table: &Table,
    key: &'static str,
    at: &Location,
) -> Result<NaiveDate, CatalogError> {
    let date = match table.get(key) {
        Some(Value::Datetime(dt)) if dt.time.is_none() && dt.offset.is_none() => dt.date,
        _ => None,
    };
    date.and_then(|d| {
        NaiveDate::from_ymd_opt(i32::from(d.year), u32::from(d.month), u32::from(d.day))
    })
    .ok_or_else(|| invalid(at, key, "must be a local date such as 2021-10-01"))
}

/// A [`CatalogError::Invalid`] for `key` at `at`.
pub(super) fn invalid(at: &Location, key: &'static str, problem: &str) -> CatalogError {
    CatalogError::Invalid {
        at: at.clone(),
        key,
        problem: problem.to_owned(),
    }
}

/// Lower-case ASCII letters, digits, `_` and `-`, starting with a letter or digit.
pub(super) fn is_slug(s: &str) -> bool {
    s.bytes().next().is_some_and(|b| b.is_ascii_alphanumeric())
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-')
}

/// `MAJOR.MINOR.PATCH`, each a decimal number without leading zeros.
pub(super) fn is_version(s: &str) -> bool {
    let parts: Vec<&str> = s.split('.').collect();
    parts.len() == 3
        && parts.iter().all(|p| {
            !p.is_empty()
                && p.bytes().all(|b| b.is_ascii_digit())
                && (p.len() == 1 || !p.starts_with('0'))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_and_slugs() {
        for v in ["0.0.0", "1.0.0", "10.20.30"] {
            assert!(is_version(v), "{v}");
        }
        for v in [
            "", "1", "1.0", "1.0.0.0", "01.0.0", "1.0.x", "1..0", "v1.0.0",
        ] {
            assert!(!is_version(v), "{v}");
        }
        assert!(is_slug("automotive") && is_slug("g3-pi_1m") && is_slug("0a"));
        assert!(!is_slug("") && !is_slug("-a") && !is_slug("a.b") && !is_slug("自动"));
    }
}
