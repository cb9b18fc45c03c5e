//! RFC 8785 (JSON Canonicalization Scheme) for signing: the exact bytes eddsa-jcs-2022 hashes.
//!
//! JCS treats every number as an IEEE 754 double. An integer beyond ±(2^53 − 1) has no exact
//! double, so two documents differing only in such a number would canonicalise — and so verify
//! — identically, while the document handed back to the caller kept the unsigned digits. RFC 8785
//! requires I-JSON input for this reason; Dataport refuses such integers instead of letting a
//! signature cover a value the reader does not see. Nesting is bounded so that canonicalising a
//! hostile document cannot exhaust the stack.

use serde_json::Value;

use crate::VcError;

/// Deepest nesting of arrays and objects accepted. Credentials nest a handful of levels; the
/// bound matches serde_json's own parser limit.
pub(crate) const MAX_DEPTH: usize = 128;

/// The largest integer magnitude I-JSON (RFC 7493) guarantees to be exact: 2^53 − 1.
const MAX_EXACT_INTEGER: u64 = (1 << 53) - 1;

/// The canonical (RFC 8785) UTF-8 bytes of `value`.
pub(crate) fn canonicalize(value: &Value) -> Result<Vec<u8>, VcError> {
    check(value)?;
    serde_json_canonicalizer::to_vec(value)
        .map_err(|e| VcError::Malformed(format!("the JSON cannot be canonicalised: {e}")))
}

/// Checks that `value` can be canonicalised exactly and nests no deeper than [`MAX_DEPTH`]; run
/// before copying an untrusted document, as copying is itself recursive.
pub(crate) fn check(value: &Value) -> Result<(), VcError> {
    check_at(value, 0)
}

fn check_at(value: &Value, depth: usize) -> Result<(), VcError> {
    if depth > MAX_DEPTH {
        return Err(VcError::Malformed(format!(
            "the JSON nests more than {MAX_DEPTH} levels deep"
        )));
    }
    match value {
        Value::Number(n) => {
            let exact = match (n.as_u64(), n.as_i64()) {
                (Some(u), _) => u <= MAX_EXACT_INTEGER,
                (None, Some(i)) => i.unsigned_abs() <= MAX_EXACT_INTEGER,
                // A double already: canonicalised as itself.
                (None, None) => true,
            };
            if exact {
                Ok(())
            } else {
                Err(VcError::Malformed(format!(
                    "the integer {n} is beyond ±(2^53 − 1), where JSON numbers lose precision; \
                     write it as a string"
                )))
            }
        }
        Value::Array(items) => items.iter().try_for_each(|v| check_at(v, depth + 1)),
        Value::Object(map) => map.values().try_for_each(|v| check_at(v, depth + 1)),
        Value::Null | Value::Bool(_) | Value::String(_) => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn sorts_by_utf16_and_formats_numbers_as_doubles() {
        let value = json!({"b": 1.0, "a": [1e21, -0.0, 0.000001], "\u{20ac}": "€", "\r": null});
        let out = canonicalize(&value).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "{\"\\r\":null,\"a\":[1e+21,0,0.000001],\"b\":1,\"€\":\"€\"}"
        );
    }

    #[test]
    fn exact_integer_bounds() {
        assert!(canonicalize(&json!(9_007_199_254_740_991_u64)).is_ok());
        assert!(canonicalize(&json!(-9_007_199_254_740_991_i64)).is_ok());
        let err = canonicalize(&json!(9_007_199_254_740_992_u64)).unwrap_err();
        assert_eq!(err.code(), "vc.malformed");
        assert!(canonicalize(&json!(-9_007_199_254_740_992_i64)).is_err());
        assert!(canonicalize(&json!({"deep": [u64::MAX]})).is_err());
        assert!(canonicalize(&json!(i64::MIN)).is_err());
    }

    #[test]
    fn nesting_is_bounded() {
        let mut value = json!(1);
        for _ in 0..MAX_DEPTH {
            value = json!([value]);
        }
        assert!(canonicalize(&value).is_ok());
        let too_deep = json!({ "x": value });
        assert_eq!(canonicalize(&too_deep).unwrap_err().code(), "vc.malformed");
    }
}
