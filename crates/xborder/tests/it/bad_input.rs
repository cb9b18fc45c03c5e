//! Requests that must be refused with a clear error, never decided by default: unknown enum
//! values and fields, counts that are not whole numbers of people, dates that do not parse,
//! destinations that are not codes, an FTZ with no list, approvals that end before they start,
//! and transfers before the baseline took effect.

use serde_json::{Value, json};
use xborder::{RequestError, evaluate, parse_request};

use crate::support::{day, request_json, rules_with, today};

/// `request_json()` with `edit` applied at a JSON pointer's parent.
fn edited(pointer: &str, value: Option<Value>) -> String {
    let mut request = request_json();
    let (parent, key) = pointer.rsplit_once('/').unwrap();
    let object = request
        .pointer_mut(parent)
        .unwrap()
        .as_object_mut()
        .unwrap();
    match value {
        Some(v) => {
            object.insert(key.to_owned(), v);
        }
        None => {
            object.remove(key).unwrap();
        }
    }
    request.to_string()
}

#[test]
fn the_base_request_is_valid() {
    let request = parse_request(&request_json().to_string()).unwrap();
    evaluate(&request, &rules_with(&[]), today()).unwrap();
}

#[test]
fn malformed_requests_are_refused_with_the_reason() {
    let cases: Vec<(&str, Option<Value>, &str)> = vec![
        // Unknown enum values.
        (
            "/data/level",
            Some(json!("secret")),
            "unknown variant `secret`",
        ),
        (
            "/data/level",
            Some(json!("General")),
            "unknown variant `General`",
        ),
        (
            "/transfer/purpose",
            Some(json!("research")),
            "unknown variant `research`",
        ),
        (
            "/approvals",
            Some(json!([{"kind": "licence", "issued": "2025-01-10"}])),
            "unknown variant `licence`",
        ),
        // Unknown fields, at any depth.
        ("/extra", Some(json!(1)), "unknown field `extra`"),
        ("/data/rows", Some(json!(5)), "unknown field `rows`"),
        ("/exporter/uscc", Some(json!("x")), "unknown field `uscc`"),
        (
            "/approvals",
            Some(json!([{"kind": "certification", "issued": "2025-01-10", "scope": "x"}])),
            "unknown field `scope`",
        ),
        // Counts.
        ("/data/individuals", Some(json!(-1)), "count -1 is negative"),
        (
            "/data/sensitive_individuals",
            Some(json!(2.5)),
            "count 2.5 is not a whole number",
        ),
        (
            "/data/individuals",
            Some(json!(1e3)),
            "is not a whole number",
        ),
        (
            "/data/individuals",
            Some(json!("10")),
            "a whole number of individuals",
        ),
        (
            "/data/individuals",
            Some(Value::Null),
            "a whole number of individuals",
        ),
        (
            "/exported_this_year/individuals",
            Some(json!(-100)),
            "count -100 is negative",
        ),
        // Dates.
        ("/date", Some(json!("2026-02-30")), "is not a calendar date"),
        (
            "/date",
            Some(json!("2026-2-1")),
            "is not written YYYY-MM-DD",
        ),
        (
            "/date",
            Some(json!("27/11/2026")),
            "is not written YYYY-MM-DD",
        ),
        (
            "/date",
            Some(json!("2026-11-27T00:00:00Z")),
            "is not written YYYY-MM-DD",
        ),
        (
            "/approvals",
            Some(json!([{"kind": "certification", "issued": "2026-13-01"}])),
            "is not a calendar date",
        ),
        (
            "/approvals",
            Some(json!([{"kind": "certification", "issued": "2026-01-01", "valid_until": "soon"}])),
            "is not written YYYY-MM-DD",
        ),
        // Destinations.
        (
            "/transfer/destination",
            Some(json!("jp")),
            "not an upper-case ISO 3166-1",
        ),
        (
            "/transfer/destination",
            Some(json!("JPN")),
            "not an upper-case ISO 3166-1",
        ),
        (
            "/transfer/destination",
            Some(json!("XX")),
            "not an upper-case ISO 3166-1",
        ),
        (
            "/transfer/destination",
            Some(json!("")),
            "not an upper-case ISO 3166-1",
        ),
        // Required keys, including ones whose absence would only look harmless.
        ("/exporter/ftz", None, "missing field `ftz`"),
        ("/exporter/ciio", None, "missing field `ciio`"),
        (
            "/exported_this_year",
            None,
            "missing field `exported_this_year`",
        ),
        (
            "/transfer/recipient_restricted",
            None,
            "missing field `recipient_restricted`",
        ),
        (
            "/data/domestic_pi_mixed",
            None,
            "missing field `domestic_pi_mixed`",
        ),
        ("/exporter/ciio", Some(json!("no")), "expected a boolean"),
    ];
    for (pointer, value, expected) in cases {
        let json = edited(pointer, value.clone());
        let err = parse_request(&json).unwrap_err();
        let RequestError::Invalid(message) = &err else {
            panic!("{pointer} = {value:?}: {err:?}");
        };
        assert!(
            message.contains(expected) && message.contains("line"),
            "{pointer} = {value:?}: {message}"
        );
    }
}

#[test]
fn optional_keys_are_only_those_whose_absence_is_never_lenient() {
    for pointer in [
        "/approvals",
        "/data/domain",
        "/data/scenario",
        "/data/categories",
    ] {
        let request = parse_request(&edited(pointer, None)).unwrap();
        evaluate(&request, &rules_with(&[]), today()).unwrap();
    }
}

#[test]
fn not_json_at_all() {
    for text in ["", "{", "[]", "null", "{\"date\": \"2026-11-27\"} trailing"] {
        assert!(
            matches!(parse_request(text), Err(RequestError::Invalid(_))),
            "{text:?}"
        );
    }
}

#[test]
fn an_ftz_with_no_loaded_list_is_an_error_not_an_exemption() {
    let json = edited("/exporter/ftz", Some(json!("tianjin")));
    let request = parse_request(&json).unwrap();
    for rules in [rules_with(&[]), rules_with(&["pilot-negative.toml"])] {
        let err = evaluate(&request, &rules, today()).unwrap_err();
        assert_eq!(
            err,
            RequestError::UnknownFtz {
                ftz: "tianjin".to_owned()
            }
        );
        assert!(
            err.to_string().contains("names no loaded FTZ list"),
            "{err}"
        );
    }
    // Zone names are compared exactly.
    let json = edited("/exporter/ftz", Some(json!("Pilot")));
    let request = parse_request(&json).unwrap();
    let rules = rules_with(&["pilot-negative.toml"]);
    assert!(matches!(
        evaluate(&request, &rules, today()),
        Err(RequestError::UnknownFtz { .. })
    ));
}

#[test]
fn an_approval_ending_before_it_starts_is_an_error() {
    let json = edited(
        "/approvals",
        Some(json!([
            {"kind": "certification", "issued": "2026-01-05"},
            {"kind": "security_assessment", "issued": "2026-01-10", "valid_until": "2026-01-09"}
        ])),
    );
    let request = parse_request(&json).unwrap();
    let err = evaluate(&request, &rules_with(&[]), today()).unwrap_err();
    assert_eq!(
        err,
        RequestError::ApprovalEndsBeforeIssue {
            index: 1,
            issued: day(2026, 1, 10),
            valid_until: day(2026, 1, 9)
        }
    );
}

#[test]
fn transfers_before_the_baseline_are_refused() {
    let request = parse_request(&edited("/date", Some(json!("2024-03-21")))).unwrap();
    let err = evaluate(&request, &rules_with(&[]), today()).unwrap_err();
    assert!(
        matches!(err, RequestError::BeforeBaseline { .. }),
        "{err:?}"
    );
    assert!(err.to_string().contains("national@1.0.0"), "{err}");

    let request = parse_request(&edited("/date", Some(json!("2024-03-22")))).unwrap();
    evaluate(&request, &rules_with(&[]), today()).unwrap();
}

#[test]
fn extreme_counts_saturate_instead_of_overflowing() {
    let mut request = request_json();
    request["data"]["individuals"] = json!(u64::MAX);
    request["data"]["sensitive_individuals"] = json!(u64::MAX);
    request["exported_this_year"] = json!({"individuals": u64::MAX, "sensitive_individuals": 1});
    let request = parse_request(&request.to_string()).unwrap();
    let d = evaluate(&request, &rules_with(&[]), today()).unwrap();
    assert_eq!(d.cumulative.individuals, u64::MAX);
    assert_eq!(d.cumulative.sensitive_individuals, u64::MAX);
    assert_eq!(d.outcome, xborder::Outcome::SecurityAssessment);
}
