//! The cross-border decision table (crates/xborder/tests/cases.json) through the binary, as an
//! operator runs it: one JSON decision per request, exit 0 for every decision (including
//! `prohibited`), non-zero with the reason for invalid requests and rule files.

use std::path::PathBuf;

use serde_json::Value;

use crate::support::dataport;

fn xborder_tests() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../xborder/tests")
}

#[test]
fn the_decision_table_through_the_cli() {
    let cases: Vec<Value> =
        serde_json::from_str(&std::fs::read_to_string(xborder_tests().join("cases.json")).unwrap())
            .unwrap();
    assert!(cases.len() >= 50);
    let dir = tempfile::tempdir().unwrap();
    for (i, case) in cases.iter().enumerate() {
        let request = dir.path().join(format!("request-{i}.json"));
        std::fs::write(&request, case["request"].to_string()).unwrap();
        let mut cmd = dataport();
        cmd.args(["xborder", "evaluate"]).arg(&request);
        let lists: Vec<&str> = case["lists"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| l.as_str().unwrap())
            .collect();
        if !lists.is_empty() {
            let rules = dir.path().join(format!("rules-{i}"));
            std::fs::create_dir(&rules).unwrap();
            for l in &lists {
                std::fs::copy(xborder_tests().join("lists").join(l), rules.join(l)).unwrap();
            }
            cmd.arg("--rules").arg(&rules);
        }
        let out = cmd.output().unwrap();
        let name = case["name"].as_str().unwrap();
        let expect = &case["expect"];
        if expect.get("error").is_some() {
            assert!(
                !out.status.success(),
                "{name}: an invalid request must fail"
            );
            continue;
        }
        assert!(
            out.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let stdout = String::from_utf8(out.stdout).unwrap();
        assert_eq!(stdout.lines().count(), 1, "{name}: exactly one JSON object");
        let decision: Value = serde_json::from_str(&stdout).unwrap();
        assert_eq!(decision["outcome"], expect["outcome"], "{name}: {decision}");
        assert_eq!(
            decision["allowed_now"], expect["allowed_now"],
            "{name}: {decision}"
        );
        if let Some(missing) = expect.get("missing") {
            assert_eq!(&decision["missing"], missing, "{name}");
        }
        if let Some(cumulative) = expect.get("cumulative") {
            assert_eq!(&decision["cumulative"], cumulative, "{name}");
        }
        for key in [
            "outcome",
            "allowed_now",
            "cumulative",
            "reasons",
            "missing",
            "documents",
        ] {
            assert!(decision.get(key).is_some(), "{name}: {key} missing");
        }
    }
}

#[test]
fn invalid_requests_and_rule_files_fail_with_the_reason() {
    let dir = tempfile::tempdir().unwrap();
    let request = dir.path().join("r.json");
    std::fs::write(
        &request,
        r#"{"date": "2026-11-27", "exporter": {"ciio": "maybe"}}"#,
    )
    .unwrap();
    let out = dataport()
        .args(["xborder", "evaluate"])
        .arg(&request)
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("not valid"));
    let rules = dir.path().join("rules");
    std::fs::create_dir(&rules).unwrap();
    std::fs::write(rules.join("broken.toml"), "[list]\nid = \"x\"\nkind = \n").unwrap();
    let cases: Vec<Value> =
        serde_json::from_str(&std::fs::read_to_string(xborder_tests().join("cases.json")).unwrap())
            .unwrap();
    std::fs::write(&request, cases[0]["request"].to_string()).unwrap();
    let out = dataport()
        .args(["xborder", "evaluate"])
        .arg(&request)
        .arg("--rules")
        .arg(&rules)
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("broken.toml") && err.contains('3'), "{err}");
}
