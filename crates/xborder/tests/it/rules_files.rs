//! Loading rules: the baseline's version, operator lists and their versions, and list files that
//! must be refused with their line, leaving the loaded rules exactly as they were.

use serde_json::json;
use xborder::{RequestError, Rules, RulesError, evaluate, parse_request};

use crate::support::{list_text, request_json, rules_with, today};

const VALID: &str = "\
[list]
id = \"harbour-2025\"
ftz = \"harbour\"
kind = \"negative\"
version = \"2.1.0\"

[[entry]]
domain = \"shipping\"
scenario = \"crew\"
category = \"crew_identity\"
mechanism = \"security_assessment\"
";

#[test]
fn versions_name_the_baseline_and_every_list() {
    assert_eq!(Rules::baseline().versions(), ["national@1.0.0"]);
    let rules = rules_with(&["pilot-negative.toml", "lingang-negative.toml"]);
    let versions = rules.versions();
    assert_eq!(
        versions[..2],
        ["national@1.0.0", "pilot-negative-2024@1.0.0"]
    );
    // A list without a version is recorded by a fingerprint of its text.
    let unversioned = &versions[2];
    assert!(
        unversioned.starts_with("lingang-negative-shipping@fnv1a-") && unversioned.len() == 48,
        "{unversioned}"
    );
    let mut edited = Rules::baseline();
    let text = list_text("lingang-negative.toml").replace("crew_identity", "crew_names");
    edited.add_list("edited", &text).unwrap();
    assert_ne!(edited.versions()[1], *unversioned);
}

#[test]
fn a_valid_list_loads() {
    let mut rules = Rules::baseline();
    rules.add_list("harbour.toml", VALID).unwrap();
    assert_eq!(rules.versions(), ["national@1.0.0", "harbour-2025@2.1.0"]);
}

/// `VALID` with `from` replaced by `to`, which must be refused at `line` with `message`.
fn refused(from: &str, to: &str, line: usize, message: &str) {
    let text = VALID.replacen(from, to, 1);
    assert_ne!(text, VALID, "{from:?} not found");
    let mut rules = rules_with(&["pilot-negative.toml"]);
    let before = rules.versions();
    let err = rules.add_list("harbour.toml", &text).unwrap_err();
    assert_eq!(
        (err.origin(), err.line()),
        ("harbour.toml", line),
        "{to:?}: {err}"
    );
    let shown = err.to_string();
    assert!(
        shown.starts_with(&format!("harbour.toml: line {line}: ")) && shown.contains(message),
        "{to:?}: {shown}"
    );
    assert_eq!(rules.versions(), before, "{to:?}: rules changed");
}

#[test]
fn faulty_lists_are_refused_with_their_line() {
    // TOML syntax errors.
    refused("ftz = \"harbour\"", "ftz = \"harbour", 3, "");
    refused("kind = \"negative\"", "kind = negative", 4, "");
    refused("[[entry]]", "[[entry]", 7, "");
    // Unknown keys and values.
    refused(
        "scenario = \"crew\"",
        "scenario = \"crew\"\nthreshold = 5",
        10,
        "unknown field `threshold`",
    );
    refused(
        "version = \"2.1.0\"",
        "version = \"2.1.0\"\nowner = \"x\"",
        6,
        "unknown field `owner`",
    );
    refused(
        "kind = \"negative\"",
        "kind = \"positive\"",
        4,
        "unknown variant `positive`",
    );
    refused(
        "mechanism = \"security_assessment\"",
        "mechanism = \"assessment\"",
        11,
        "unknown variant `assessment`",
    );
    // Wrong types and missing keys.
    refused(
        "category = \"crew_identity\"",
        "category = 7",
        10,
        "expected a string",
    );
    refused(
        "category = \"crew_identity\"\n",
        "",
        7,
        "missing field `category`",
    );
    // Values that break the schema.
    refused(
        "id = \"harbour-2025\"",
        "id = \"Harbour 2025\"",
        2,
        "list id \"Harbour 2025\"",
    );
    refused(
        "id = \"harbour-2025\"",
        "id = \"national\"",
        2,
        "not \"national\"",
    );
    refused("ftz = \"harbour\"", "ftz = \"\"", 3, "ftz \"\"");
    refused(
        "version = \"2.1.0\"",
        "version = \"2.1\"",
        5,
        "not MAJOR.MINOR.PATCH",
    );
    refused(
        "category = \"crew_identity\"",
        "category = \" \"",
        7,
        "category must not be blank",
    );
    refused(
        "category = \"crew_identity\"",
        "category = \"crew_identity \"",
        7,
        "leading or trailing whitespace",
    );
    refused(
        "mechanism = \"security_assessment\"",
        "mechanism = \"none\"",
        7,
        "mechanism \"none\" is for general lists",
    );
    let no_entries = VALID.split("[[entry]]").next().unwrap();
    refused(VALID, no_entries, 1, "at least one [[entry]]");
    // The same entry twice, even with the same mechanism.
    let entry = &VALID[VALID.find("[[entry]]").unwrap()..];
    refused(entry, &format!("{entry}\n{entry}"), 13, "duplicate entry");
}

#[test]
fn a_list_without_its_header_is_refused() {
    let mut rules = Rules::baseline();
    let text = VALID.replace("[list]\n", "");
    let err = rules.add_list("headless.toml", &text).unwrap_err();
    assert!(matches!(err, RulesError::Invalid { .. }), "{err:?}");
    assert_eq!(rules.versions(), ["national@1.0.0"]);
}

#[test]
fn a_duplicate_list_id_is_refused_and_the_first_list_kept() {
    let mut rules = rules_with(&["pilot-negative.toml"]);
    let again = list_text("pilot-negative.toml").replace("ftz = \"pilot\"", "ftz = \"other\"");
    let err = rules.add_list("copy.toml", &again).unwrap_err();
    assert_eq!(
        err,
        RulesError::DuplicateList {
            origin: "copy.toml".to_owned(),
            line: 5,
            id: "pilot-negative-2024".to_owned()
        }
    );
    assert_eq!(
        rules.versions(),
        ["national@1.0.0", "pilot-negative-2024@1.0.0"]
    );
    // The refused list's zone is still unknown.
    let mut request = request_json();
    request["exporter"]["ftz"] = json!("other");
    let request = parse_request(&request.to_string()).unwrap();
    assert!(matches!(
        evaluate(&request, &rules, today()),
        Err(RequestError::UnknownFtz { .. })
    ));
}

#[test]
fn a_refused_list_does_not_change_any_decision() {
    let mut request = request_json();
    request["exporter"]["ftz"] = json!("harbour");
    request["data"]["domain"] = json!("shipping");
    request["data"]["scenario"] = json!("crew");
    request["data"]["categories"] = json!(["cargo_manifest"]);
    let request = parse_request(&request.to_string()).unwrap();

    let mut rules = Rules::baseline();
    let broken = VALID.replace("kind = \"negative\"", "kind = \"negative");
    assert_eq!(
        rules.add_list("harbour.toml", &broken).unwrap_err().line(),
        4
    );
    assert!(matches!(
        evaluate(&request, &rules, today()),
        Err(RequestError::UnknownFtz { .. })
    ));
    rules.add_list("harbour.toml", VALID).unwrap();
    let d = evaluate(&request, &rules, today()).unwrap();
    assert_eq!(d.outcome, xborder::Outcome::Exempt);
}
