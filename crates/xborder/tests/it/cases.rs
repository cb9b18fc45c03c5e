//! The shared case table, `tests/cases.json`: every row of Table 1, every threshold at N−1, N and
//! N+1, cumulative totals and the year boundary, approvals at the edges of their terms, Hong
//! Kong, Macao and Taiwan, CIIOs, and FTZ negative and general lists.
//!
//! Format (one case per line; the CLI and HTTP API suites read the same file):
//! `{"name", "request": <request JSON>, "lists": [<file under tests/lists/>…],
//!   "expect": {"outcome", "allowed_now", "missing"?: [exact list], "cumulative"?: {…}}}`.
//!
//! Each case goes through `parse_request` and `evaluate`; all failures are reported together.
//! Beyond the expectations, every decision must keep the contract's invariants, every reason must
//! cite something, and the table as a whole must exercise every rule of the baseline.

use std::collections::BTreeSet;

use serde::Deserialize;
use xborder::{Counts, Decision, Outcome, parse_request};

use crate::support::{day, rules_with, today};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    name: String,
    request: serde_json::Value,
    lists: Vec<String>,
    expect: Expect,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Expect {
    outcome: Outcome,
    allowed_now: bool,
    missing: Option<Vec<String>>,
    cumulative: Option<Counts>,
}

fn cases() -> Vec<Case> {
    serde_json::from_str(include_str!("../cases.json")).unwrap()
}

/// Runs one case, returning what went wrong, if anything.
fn run(case: &Case, today: chrono::NaiveDate) -> Result<Decision, String> {
    let lists: Vec<&str> = case.lists.iter().map(String::as_str).collect();
    let rules = rules_with(&lists);
    let json = serde_json::to_string(&case.request).unwrap();
    let request = parse_request(&json).map_err(|e| e.to_string())?;
    let decision = xborder::evaluate(&request, &rules, today).map_err(|e| e.to_string())?;

    let mut faults = Vec::new();
    let e = &case.expect;
    if decision.outcome != e.outcome {
        faults.push(format!(
            "outcome {:?}, expected {:?}",
            decision.outcome, e.outcome
        ));
    }
    if decision.allowed_now != e.allowed_now {
        faults.push(format!("allowed_now {}", decision.allowed_now));
    }
    if let Some(missing) = &e.missing
        && &decision.missing != missing
    {
        faults.push(format!(
            "missing {:?}, expected {missing:?}",
            decision.missing
        ));
    }
    if let Some(cumulative) = e.cumulative
        && decision.cumulative != cumulative
    {
        faults.push(format!("cumulative {:?}", decision.cumulative));
    }
    faults.extend(invariant_faults(&decision));

    // The request survives a round trip through its own serialisation unchanged.
    let again = serde_json::to_value(&request).unwrap();
    if again != case.request {
        faults.push(format!("request round trip changed it: {again}"));
    }
    if faults.is_empty() {
        Ok(decision)
    } else {
        Err(faults.join("; "))
    }
}

/// What holds for every decision, whatever the case expects.
fn invariant_faults(d: &Decision) -> Vec<String> {
    let mut faults = Vec::new();
    let consistent = match d.outcome {
        Outcome::NotCrossBorder | Outcome::Exempt => d.allowed_now && d.missing.is_empty(),
        Outcome::Prohibited => !d.allowed_now && d.missing.is_empty() && d.documents.is_empty(),
        Outcome::SecurityAssessment | Outcome::StandardContractOrCertification => {
            d.allowed_now == d.missing.is_empty()
                && (d.missing.is_empty() || d.missing == [d.outcome.as_str()])
        }
    };
    if !consistent {
        faults.push(format!(
            "allowed_now {} / missing {:?} inconsistent with {:?}",
            d.allowed_now, d.missing, d.outcome
        ));
    }
    match d.reasons.first() {
        Some(first) if first.rule.starts_with("national.") => {}
        _ => faults.push("the first reason must be a baseline rule".to_owned()),
    }
    for r in &d.reasons {
        if [&r.rule, &r.basis, &r.detail]
            .iter()
            .any(|t| t.trim().is_empty())
        {
            faults.push(format!("blank reason {r:?}"));
        }
    }
    // The decision serialises to exactly the contract's keys and parses back unchanged.
    let value = serde_json::to_value(d).unwrap();
    let keys: Vec<&str> = value
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    let mut expected = vec![
        "outcome",
        "allowed_now",
        "cumulative",
        "reasons",
        "missing",
        "documents",
    ];
    expected.sort_unstable();
    if keys != expected {
        faults.push(format!("decision keys {keys:?}"));
    }
    let back: Decision = serde_json::from_value(value).unwrap();
    if &back != d {
        faults.push("decision round trip changed it".to_owned());
    }
    faults
}

#[test]
fn case_table() {
    let cases = cases();
    assert!(cases.len() >= 50, "only {} cases", cases.len());
    let names: BTreeSet<&str> = cases.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names.len(), cases.len(), "case names must be unique");

    let failures: Vec<String> = cases
        .iter()
        .filter_map(|case| {
            run(case, today())
                .err()
                .map(|f| format!("{}: {f}", case.name))
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

/// The CLI and the API judge with the real clock; the table must not depend on it.
#[test]
fn case_table_does_not_depend_on_a_later_today() {
    for case in cases() {
        let now = run(&case, today()).unwrap();
        let later = run(&case, day(2031, 6, 1)).unwrap();
        assert_eq!(now, later, "{}", case.name);
    }
}

/// Every rule and validity row of the baseline decides or explains at least one case, so no row
/// of Table 1 goes untested. The catch-all is exempt: the table above it leaves no gap.
#[test]
fn case_table_exercises_every_baseline_rule() {
    let baseline: toml::Table = include_str!("../../rules/national.toml").parse().unwrap();
    let ids = |key: &str| -> Vec<String> {
        baseline[key]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["id"].as_str().unwrap().to_owned())
            .collect()
    };
    let mut wanted: BTreeSet<String> = ids("rule").into_iter().chain(ids("validity")).collect();
    assert!(wanted.remove("national.no-row-matched"));

    let mut seen = BTreeSet::new();
    for case in cases() {
        for reason in run(&case, today()).unwrap().reasons {
            seen.insert(reason.rule);
        }
    }
    let unseen: Vec<&String> = wanted.difference(&seen).collect();
    assert!(unseen.is_empty(), "rules no case reaches: {unseen:?}");
}
