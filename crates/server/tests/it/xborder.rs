//! The cross-border decision table (crates/xborder/tests/cases.json) through the HTTP API, on
//! servers loaded with each case's operator lists; invalid requests and rule reloads.

use std::collections::BTreeMap;
use std::path::PathBuf;

use reqwest::StatusCode;
use serde_json::Value;

use crate::support::{PASSWORD, TestServer, problem, spawn_with};

fn xborder_tests() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../xborder/tests")
}

/// A server whose rules directory holds `lists`, and an operator administrator's token.
async fn server_with(lists: &[String], dir: &std::path::Path) -> (TestServer, String) {
    let rules = dir.join(lists.join("+"));
    std::fs::create_dir_all(&rules).unwrap();
    for l in lists {
        std::fs::copy(xborder_tests().join("lists").join(l), rules.join(l)).unwrap();
    }
    let s = spawn_with(|c| c.xborder_rules = Some(rules.clone())).await;
    s.app
        .create_operator_admin("op-admin", PASSWORD)
        .await
        .unwrap();
    let token = s.sign_in("op-admin").await.token;
    (s, token)
}

#[tokio::test]
async fn the_decision_table_through_the_api() {
    let cases: Vec<Value> =
        serde_json::from_str(&std::fs::read_to_string(xborder_tests().join("cases.json")).unwrap())
            .unwrap();
    let mut groups: BTreeMap<Vec<String>, Vec<&Value>> = BTreeMap::new();
    for case in &cases {
        let lists = case["lists"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| l.as_str().unwrap().to_owned())
            .collect();
        groups.entry(lists).or_default().push(case);
    }
    let dir = tempfile::tempdir().unwrap();
    let mut checked = 0;
    for (lists, cases) in groups {
        let (s, token) = server_with(&lists, dir.path()).await;
        for case in cases {
            let name = case["name"].as_str().unwrap();
            let expect = &case["expect"];
            let r = s
                .post_json(&token, "/api/v1/xborder/evaluate", case["request"].clone())
                .await;
            if expect.get("error").is_some() {
                assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY, "{name}");
                continue;
            }
            assert_eq!(r.status(), StatusCode::OK, "{name}");
            let decision: Value = r.json().await.unwrap();
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
            checked += 1;
        }
    }
    assert!(checked >= 50, "{checked} cases through the API");
}

#[tokio::test]
async fn bad_requests_and_rule_reloads() {
    let dir = tempfile::tempdir().unwrap();
    let (s, token) = server_with(&["pilot-negative.toml".to_owned()], dir.path()).await;
    // Unknown values, a count that is not a number of people, an FTZ with no list: 422, never
    // a silent exemption.
    let cases: Vec<Value> =
        serde_json::from_str(&std::fs::read_to_string(xborder_tests().join("cases.json")).unwrap())
            .unwrap();
    let good = cases[0]["request"].clone();
    let mut bad = Vec::new();
    let mut v = good.clone();
    v["transfer"]["purpose"] = Value::from("espionage");
    bad.push(v);
    let mut v = good.clone();
    v["data"]["individuals"] = Value::from(-5);
    bad.push(v);
    let mut v = good.clone();
    v["date"] = Value::from("2026-02-30");
    bad.push(v);
    let mut v = good.clone();
    v["exporter"]["ftz"] = Value::from("nowhere");
    bad.push(v);
    for body in bad {
        let r = s
            .post_json(&token, "/api/v1/xborder/evaluate", body.clone())
            .await;
        problem(
            r,
            StatusCode::UNPROCESSABLE_ENTITY,
            "xborder.invalid_request",
        )
        .await;
    }
    let r = s
        .client
        .post(s.url("/api/v1/xborder/evaluate"))
        .json(&good)
        .send()
        .await
        .unwrap();
    problem(r, StatusCode::UNAUTHORIZED, "auth.unauthenticated").await;

    // The rules in force; a broken file on reload changes nothing and names its line.
    let rules: Value = s
        .get(&token, "/api/v1/xborder/rules")
        .await
        .json()
        .await
        .unwrap();
    let before = rules["rules"].clone();
    assert!(before[0].as_str().unwrap().starts_with("national@"));
    assert_eq!(before.as_array().unwrap().len(), 2);
    let rules_dir = dir.path().join("pilot-negative.toml");
    std::fs::write(
        rules_dir.join("zz-broken.toml"),
        "[list]\nid = \"broken\"\nkind = \"sideways\"\n",
    )
    .unwrap();
    let r = s
        .post_json(&token, "/api/v1/xborder/rules/reload", Value::Null)
        .await;
    let body = problem(r, StatusCode::UNPROCESSABLE_ENTITY, "xborder.invalid_rules").await;
    assert!(
        body["detail"].as_str().unwrap().contains("zz-broken.toml"),
        "{body}"
    );
    let after: Value = s
        .get(&token, "/api/v1/xborder/rules")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(after["rules"], before);
    std::fs::remove_file(rules_dir.join("zz-broken.toml")).unwrap();
    let r = s
        .post_json(&token, "/api/v1/xborder/rules/reload", Value::Null)
        .await;
    assert_eq!(r.status(), StatusCode::OK);
}

/// A transfer of `individuals` people's non-sensitive personal information to Japan under a
/// contract that is not with the individuals themselves.
fn pi_transfer(individuals: u64) -> Value {
    serde_json::json!({"date": "2026-11-27", "exporter": {"ciio": false, "ftz": null},
        "data": {"level": "general", "individuals": individuals, "sensitive_individuals": 0,
                 "collected_abroad": false, "domestic_pi_mixed": false},
        "transfer": {"destination": "JP", "purpose": "marketing", "recipient_restricted": false}})
}

#[tokio::test]
async fn counters_approvals_and_refusals_on_record() {
    let w = crate::support::World::new().await;
    let s = &w.server;
    let exporter = &w.provider;
    let path = format!("/api/v1/participants/{}/xborder", exporter.participant);

    // 60,000 people: under the 100,000 threshold, exempt; executed, so it counts.
    let r = s
        .post_json(
            &exporter.token,
            &format!("{path}/transfers"),
            serde_json::json!({"request": pi_transfer(60_000), "execute": true}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let first: Value = r.json().await.unwrap();
    assert_eq!(
        (
            first["executed"].as_bool(),
            first["decision"]["outcome"].as_str()
        ),
        (Some(true), Some("exempt")),
        "{first}"
    );
    // 50,000 more: the cumulative 110,000 passes 100,000, so a contract or certification is
    // needed; asked to execute, it is refused and recorded, and does not count.
    let r = s
        .post_json(
            &exporter.token,
            &format!("{path}/transfers"),
            serde_json::json!({"request": pi_transfer(50_000), "execute": true}),
        )
        .await;
    let body = problem(r, StatusCode::CONFLICT, "xborder.not_allowed").await;
    assert!(
        body["detail"]
            .as_str()
            .unwrap()
            .contains("standard_contract_or_certification"),
        "{body}"
    );
    let c: Value = s.get(&exporter.token, &path).await.json().await.unwrap();
    assert_eq!(c["counted_individuals"], 60_000, "{c}");
    assert_eq!(c["transfers"].as_array().unwrap().len(), 2);
    assert_eq!(c["transfers"][0]["executed"], false);

    // The operator records a filed standard contract; the same transfer now goes ahead.
    let approval = serde_json::json!({"kind": "standard_contract", "reference": "辽备2026-0042", "issued": "2026-03-01"});
    let r = s
        .post_json(
            &exporter.token,
            &format!("{path}/approvals"),
            approval.clone(),
        )
        .await;
    problem(r, StatusCode::FORBIDDEN, "auth.forbidden").await;
    for bad in [
        serde_json::json!({"kind": "stamp", "reference": "x", "issued": "2026-03-01"}),
        serde_json::json!({"kind": "certification", "reference": "", "issued": "2026-03-01"}),
        serde_json::json!({"kind": "certification", "reference": "x", "issued": "2026-13-01"}),
        serde_json::json!({"kind": "certification", "reference": "x", "issued": "2026-03-01", "valid_until": "2025-01-01"}),
        // Longer than an assessment can run, even extended once.
        serde_json::json!({"kind": "security_assessment", "reference": "x", "issued": "2026-03-01", "valid_until": "2032-03-02"}),
    ] {
        let r = s
            .post_json(&w.reviewer.token, &format!("{path}/approvals"), bad)
            .await;
        problem(
            r,
            StatusCode::UNPROCESSABLE_ENTITY,
            "xborder.invalid_approval",
        )
        .await;
    }
    let r = s
        .post_json(&w.reviewer.token, &format!("{path}/approvals"), approval)
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let recorded: Value = r.json().await.unwrap();
    // Its document: a PDF, attached by operator staff and read back by the exporter.
    let doc = format!(
        "{path}/approvals/{}/document",
        recorded["id"].as_str().unwrap()
    );
    let put = |token: &str, kind: &str, bytes: Vec<u8>| {
        s.client
            .put(s.url(&doc))
            .bearer_auth(token)
            .header("content-type", kind)
            .body(bytes)
            .send()
    };
    let r = put(&w.reviewer.token, "application/pdf", b"not a pdf".to_vec())
        .await
        .unwrap();
    problem(
        r,
        StatusCode::UNPROCESSABLE_ENTITY,
        "xborder.invalid_approval",
    )
    .await;
    let r = put(
        &exporter.token,
        "application/pdf",
        b"%PDF-1.7 filing".to_vec(),
    )
    .await
    .unwrap();
    problem(r, StatusCode::FORBIDDEN, "auth.forbidden").await;
    let r = put(
        &w.reviewer.token,
        "application/pdf",
        b"%PDF-1.7 filing".to_vec(),
    )
    .await
    .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let view: Value = r.json().await.unwrap();
    assert_eq!(view["document_size"], 15);
    let r = s.get(&exporter.token, &doc).await;
    assert_eq!(r.headers()["content-type"], "application/pdf");
    assert_eq!(r.bytes().await.unwrap().as_ref(), b"%PDF-1.7 filing");
    let r = s
        .post_json(
            &exporter.token,
            &format!("{path}/transfers"),
            serde_json::json!({"request": pi_transfer(50_000), "execute": true}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let third: Value = r.json().await.unwrap();
    assert_eq!(
        third["decision"]["outcome"],
        "standard_contract_or_certification"
    );
    assert_eq!(third["decision"]["cumulative"]["individuals"], 110_000);
    assert_eq!(third["executed"], true);
    let c: Value = s.get(&w.regulator.token, &path).await.json().await.unwrap();
    assert_eq!(c["counted_individuals"], 110_000);
    assert_eq!(c["approvals"][0]["reference"], "辽备2026-0042");
    // Other tenants see nothing; regulators decide nothing.
    let r = s.get(&w.buyer.token, &path).await;
    problem(r, StatusCode::NOT_FOUND, "participant.not_found").await;
    let r = s
        .post_json(
            &w.regulator.token,
            &format!("{path}/transfers"),
            serde_json::json!({"request": pi_transfer(1)}),
        )
        .await;
    problem(r, StatusCode::FORBIDDEN, "auth.forbidden").await;

    // The operator records that the exporter is a CIIO: its own declaration no longer decides,
    // and any personal information needs a security assessment.
    let r = s
        .client
        .put(s.url(&format!("{path}/profile")))
        .bearer_auth(&w.reviewer.token)
        .json(&serde_json::json!({"ciio": true, "ftz": "nowhere", "basis": "x"}))
        .send()
        .await
        .unwrap();
    problem(
        r,
        StatusCode::UNPROCESSABLE_ENTITY,
        "xborder.invalid_request",
    )
    .await;
    let r = s
        .client
        .put(s.url(&format!("{path}/profile")))
        .bearer_auth(&w.reviewer.token)
        .json(&serde_json::json!({"ciio": true, "ftz": null, "basis": "辽网信通〔2026〕3号 关键信息基础设施认定"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let r = s
        .post_json(
            &exporter.token,
            &format!("{path}/transfers"),
            serde_json::json!({"request": pi_transfer(10)}),
        )
        .await;
    let fourth: Value = r.json().await.unwrap();
    assert_eq!(
        fourth["decision"]["outcome"], "security_assessment",
        "{fourth}"
    );
    let c: Value = s.get(&exporter.token, &path).await.json().await.unwrap();
    assert_eq!(c["profile"]["ciio"], true);

    // Every decision is an event in the transparency log, with no body in the clear.
    while s.app.sequence_once().await.unwrap().is_some() {}
    let entries: Value = s
        .client
        .get(s.url("/api/v1/log/entries?limit=50"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let decided = entries
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["type"] == "xborder.transfer_decided")
        .count();
    assert_eq!(decided, 4);
    assert!(
        entries
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["type"] == "xborder.approval_recorded")
    );
}

#[tokio::test]
async fn counters_count_distinct_people_across_transferred_versions() {
    let w = crate::support::World::new().await;
    let s = &w.server;
    let exporter = &w.provider;
    let path = format!("/api/v1/participants/{}/xborder", exporter.participant);
    // Two datasets of mobile numbers: the second shares two people with the first.
    let upload = |rows: &'static [&'static str]| {
        let csv = format!("手机号,金额\n{}\n", rows.join("\n"));
        let people = rows.len();
        let token = exporter.token.clone();
        async move {
            let r = s
                .upload(
                    &token,
                    "/api/v1/assets",
                    "people.csv",
                    csv.into_bytes(),
                    &[],
                )
                .await;
            assert_eq!(r.status(), StatusCode::CREATED);
            let asset: Value = r.json().await.unwrap();
            let detail = s.ready(&token, asset["id"].as_str().unwrap()).await;
            assert_eq!(detail["classification"]["individuals"], people, "{detail}");
            detail["versions"][0]["id"].as_str().unwrap().to_owned()
        }
    };
    let first = upload(&["13800138000,1", "13900139000,2", "13700137000,3"]).await;
    let second = upload(&["13800138000,4", "13900139000,5", "13600136000,6"]).await;
    let decide = |version: String, execute: bool| {
        let body = serde_json::json!({"request": pi_transfer(0), "asset_version": version, "execute": execute});
        let token = exporter.token.clone();
        let url = format!("{path}/transfers");
        async move {
            let r = s.post_json(&token, &url, body).await;
            assert_eq!(r.status(), StatusCode::CREATED);
            r.json::<Value>().await.unwrap()
        }
    };
    let one = decide(first.clone(), true).await;
    assert_eq!(one["decision"]["cumulative"]["individuals"], 3, "{one}");
    // The second dataset: four distinct people in all, not six.
    let two = decide(second.clone(), false).await;
    assert_eq!(two["decision"]["cumulative"]["individuals"], 4, "{two}");
    // Sending the first one again adds no one.
    let again = decide(first, true).await;
    assert_eq!(again["decision"]["cumulative"]["individuals"], 3, "{again}");
    let two = decide(second, true).await;
    assert_eq!(two["decision"]["cumulative"]["individuals"], 4, "{two}");
    // A version of another tenant's asset is not found.
    let theirs = s
        .post_json(
            &w.other_provider.token,
            &format!(
                "/api/v1/participants/{}/xborder/transfers",
                w.other_provider.participant
            ),
            serde_json::json!({"request": pi_transfer(0), "asset_version": one["id"]}),
        )
        .await;
    problem(theirs, StatusCode::NOT_FOUND, "asset.not_found").await;
    // A transfer without a version makes the counters sums again (the stricter reading).
    let r = s
        .post_json(
            &exporter.token,
            &format!("{path}/transfers"),
            serde_json::json!({"request": pi_transfer(10), "execute": true}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let c: Value = s.get(&exporter.token, &path).await.json().await.unwrap();
    assert_eq!(c["counted_individuals"], 3 + 3 + 3 + 10, "{c}");
}
