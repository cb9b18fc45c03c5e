//! Decisions in detail: which reasons explain them and in what order, what the UNCONFIRMED points
//! say, the documents owed, the counting tags under either reading, and an approval recorded
//! with an issue date after today.

use serde_json::{Value, json};
use xborder::{Counting, Decision, Outcome, Reading, Rules, evaluate, parse_request};

use crate::support::{day, request_json, rules_with, today};

fn decide(rules: &Rules, edit: impl FnOnce(&mut Value)) -> Decision {
    let mut request = request_json();
    edit(&mut request);
    let request = parse_request(&request.to_string()).unwrap();
    evaluate(&request, rules, today()).unwrap()
}

fn rule_ids(d: &Decision) -> Vec<&str> {
    d.reasons.iter().map(|r| r.rule.as_str()).collect()
}

#[test]
fn important_data_under_an_art5_exemption_is_decided_on_its_own() {
    let rules = Rules::baseline();
    let d = decide(&rules, |r| {
        r["transfer"]["purpose"] = json!("contract_with_individual");
        r["data"]["level"] = json!("important");
    });
    assert_eq!(d.outcome, Outcome::SecurityAssessment);
    assert_eq!(
        rule_ids(&d)[..2],
        ["national.art5-contract", "national.art7-important-data"]
    );
    assert!(d.reasons[1].detail.contains("also holds important data"));
    assert_eq!(d.missing, ["security_assessment"]);
    // The individuals are still recorded under the contract exemption.
    assert_eq!(rules.counting(&d), Counting::Art5Contract);
}

#[test]
fn reasons_cite_articles_and_flag_unconfirmed_points() {
    let rules = Rules::baseline();
    let d = decide(&rules, |r| r["data"]["individuals"] = json!(100_000));
    let first = &d.reasons[0];
    assert_eq!(first.rule, "national.art8-pi-100k");
    assert_eq!(first.basis, "促进和规范数据跨境流动规定 第八条");
    assert!(
        first.detail.starts_with("Table 1 row 8: "),
        "{}",
        first.detail
    );
    assert!(
        first.detail.contains("100000 individuals' non-sensitive"),
        "{}",
        first.detail
    );
    assert!(first.detail.contains("UNCONFIRMED:"), "{}", first.detail);
    assert!(first.detail.contains("stricter"), "{}", first.detail);
    assert_eq!(
        d.documents,
        [
            "standard_contract_filing_or_certificate",
            "pi_impact_assessment_report",
            "processing_records",
            "individual_notice",
            "separate_consent_records"
        ]
    );
}

#[test]
fn exemptions_keep_the_pipl_duties() {
    let rules = Rules::baseline();
    // Art. 5(4): small volume, still a PIPIA, a notice and consent.
    let d = decide(&rules, |_| {});
    assert_eq!(d.outcome, Outcome::Exempt);
    assert_eq!(
        d.documents,
        [
            "pi_impact_assessment_report",
            "processing_records",
            "individual_notice",
            "separate_consent_records"
        ]
    );
    // A contract with the individual dispenses with consent (PIPL Art. 13 para. 2), not notice.
    let d = decide(&rules, |r| {
        r["transfer"]["purpose"] = json!("contract_with_individual")
    });
    assert!(!d.documents.contains(&"separate_consent_records".to_owned()));
    assert!(d.documents.contains(&"individual_notice".to_owned()));
    // Without personal information there is nothing to keep.
    let d = decide(&rules, |r| r["data"]["individuals"] = json!(0));
    assert_eq!(d.outcome, Outcome::Exempt);
    assert!(d.documents.is_empty());
}

#[test]
fn an_assessment_lists_its_application_documents() {
    let d = decide(&Rules::baseline(), |r| {
        r["data"]["level"] = json!("important")
    });
    assert_eq!(
        d.documents[..4],
        [
            "export_self_assessment_report",
            "security_assessment_declaration",
            "recipient_legal_document",
            "security_assessment_result"
        ]
    );
}

#[test]
fn ftz_reasons_name_the_list_and_its_citation() {
    let rules = rules_with(&["pilot-negative.toml"]);
    let d = decide(&rules, |r| {
        r["exporter"]["ftz"] = json!("pilot");
        r["data"]["categories"] = json!(["vehicle_location"]);
    });
    let first = &d.reasons[0];
    assert_eq!(first.rule, "national.ftz-negative-listed");
    assert!(
        first
            .basis
            .starts_with("促进和规范数据跨境流动规定 第六条；示例"),
        "{}",
        first.basis
    );
    assert!(
        first.detail.contains("pilot-negative-2024@1.0.0"),
        "{}",
        first.detail
    );
    assert_eq!(rules.counting(&d), Counting::Ftz);

    // A CIIO in the zone is told why the list did not apply.
    let d = decide(&rules, |r| {
        r["exporter"]["ftz"] = json!("pilot");
        r["exporter"]["ciio"] = json!(true);
    });
    assert_eq!(d.reasons[0].rule, "national.art7-ciio");
    assert!(
        d.reasons[0]
            .detail
            .contains("exclude critical information infrastructure operators")
    );
}

#[test]
fn counting_tags_and_readings() {
    let rules = Rules::baseline();
    let tag = |edit: &dyn Fn(&mut Value)| rules.counting(&decide(&rules, edit));
    assert_eq!(tag(&|_| {}), Counting::Counted);
    assert_eq!(
        tag(&|r| r["transfer"]["destination"] = json!("CN")),
        Counting::NotExported
    );
    assert_eq!(
        tag(&|r| r["transfer"]["recipient_restricted"] = json!(true)),
        Counting::NotExported
    );
    assert_eq!(
        tag(&|r| r["transfer"]["purpose"] = json!("hr_management")),
        Counting::Art5Hr
    );
    assert_eq!(
        tag(&|r| r["transfer"]["purpose"] = json!("emergency")),
        Counting::Art5Emergency
    );
    assert_eq!(
        tag(&|r| r["data"]["collected_abroad"] = json!(true)),
        Counting::Art4
    );
    assert_eq!(
        tag(&|r| {
            r["transfer"]["purpose"] = json!("marketing");
            r["data"]["individuals"] = json!(0);
        }),
        Counting::Art3
    );

    use Counting::*;
    for c in [Art3, Art4, Art5Contract, Art5Hr, Art5Emergency, Ftz] {
        assert!(c.counts_toward_thresholds(Reading::AllExports), "{c:?}");
        assert!(
            !c.counts_toward_thresholds(Reading::ExcludingExempt),
            "{c:?}"
        );
    }
    for reading in [Reading::AllExports, Reading::ExcludingExempt] {
        assert!(Counted.counts_toward_thresholds(reading));
        assert!(!NotExported.counts_toward_thresholds(reading));
    }
}

#[test]
fn an_approval_dated_after_today_is_not_counted() {
    let mut request = request_json();
    request["date"] = json!("2026-12-15");
    request["data"]["individuals"] = json!(150_000);
    request["approvals"] = json!([{"kind": "standard_contract", "issued": "2026-12-01"}]);
    let request = parse_request(&request.to_string()).unwrap();
    let rules = Rules::baseline();

    let d = evaluate(&request, &rules, today()).unwrap();
    assert!(!d.allowed_now);
    assert_eq!(d.missing, ["standard_contract_or_certification"]);
    let reason = &d.reasons[1];
    assert_eq!(reason.rule, "national.standard-contract");
    assert!(
        reason.detail.contains("dated after today (2026-11-27)"),
        "{}",
        reason.detail
    );

    // Once that day has come, the same record covers the transfer.
    let d = evaluate(&request, &rules, day(2026, 12, 1)).unwrap();
    assert!(d.allowed_now && d.missing.is_empty());
}

#[test]
fn expired_approvals_say_when_they_ended() {
    let d = decide(&Rules::baseline(), |r| {
        r["date"] = json!("2028-01-10");
        r["data"]["level"] = json!("important");
        r["approvals"] = json!([{"kind": "security_assessment", "issued": "2025-01-10"}]);
    });
    assert!(!d.allowed_now);
    let reason = &d.reasons[1];
    assert_eq!(reason.rule, "national.assessment");
    assert_eq!(
        reason.basis,
        "促进和规范数据跨境流动规定 第九条；个人信息保护法 第三十八条"
    );
    assert!(
        reason
            .detail
            .contains("valid until 2028-01-09, 36 months from issue) had expired"),
        "{}",
        reason.detail
    );
}

#[test]
fn every_reason_has_a_chinese_description() {
    let rules = rules_with(&["pilot-negative.toml"]);
    let d = decide(&rules, |r| {
        r["exporter"]["ftz"] = json!("pilot");
        r["data"]["categories"] = json!(["owner_contact"]);
        r["approvals"] = json!([{"kind": "certification", "issued": "2026-01-05"}]);
    });
    assert!(d.reasons.len() >= 5);
    for reason in &d.reasons {
        let zh = rules.description_zh(&reason.rule).unwrap();
        assert!(!zh.trim().is_empty(), "{}", reason.rule);
    }
    assert_eq!(
        rules.description_zh("national.not-cross-border"),
        Some("接收方位于中国境内（内地），不构成数据出境；香港、澳门、台湾属于境外")
    );
    assert_eq!(rules.description_zh("pilot-negative-2024"), None);
}
