//! The rights registry and certificates over the API, on whichever store the run uses: the full
//! chain (register → licence → derive → list with and without rights → objection freeze →
//! resolution → revocation cascade → destruction), every certificate checked offline and
//! tampered with, and the refusals the issue names.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::support::*;

fn self_collected() -> Value {
    json!({"source": {"kind": "self_collected", "evidence": ["采集系统日志 2026"]}})
}

/// The holder's active grant of `right` over `asset`, from the rights view.
async fn grant_of(s: &TestServer, who: &Actor, asset: &str, right: &str) -> String {
    let v: Value = s
        .get(&who.token, &format!("/api/v1/assets/{asset}/rights"))
        .await
        .json()
        .await
        .unwrap();
    v["grants"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| {
            g["right"] == right
                && g["holder"] == who.participant.as_str()
                && g["status"]["status"] == "active"
        })
        .unwrap_or_else(|| panic!("no active {right} grant in {v}"))["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// Checks a certificate offline against this exchange's issuer and log key.
fn verify(s: &TestServer, cert: &Value) -> Result<app::certs::CertificateCheck, String> {
    app::certs::verify_certificate(
        cert,
        Some(&s.app.issuer_did()),
        Some(&s.app.log_key().verifier_key),
    )
    .map_err(|e| e.code().to_owned())
}

/// Whether the exchange's status list says `cert` is revoked.
async fn revoked(s: &TestServer, cert: &Value) -> bool {
    let r: Value = s
        .client
        .post(s.url("/api/v1/certificates/verify"))
        .json(cert)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(r["check"].is_object(), "{r}");
    r["revoked"].as_bool().unwrap()
}

/// Every way of changing one character of a certificate is caught.
fn tamper_checks(s: &TestServer, cert: &Value) {
    let text = serde_json::to_string(cert).unwrap();
    let subject = &cert["credentialSubject"];
    let stated = if subject["registration"].is_object() {
        &subject["registration"]
    } else {
        &subject["destruction"]
    };
    let title = stated["title"].as_str().unwrap();
    let mut changed = title.to_owned();
    changed.push('X');
    let cases: Vec<(&str, Value)> = vec![
        (
            "title",
            serde_json::from_str(&text.replacen(title, &changed, 1)).unwrap(),
        ),
        ("state digest", {
            let mut c = cert.clone();
            let d = c["credentialSubject"]["stateDigest"].as_str().unwrap();
            let flipped = format!("{}0", &d[..d.len() - 1]);
            let flipped = if flipped == d {
                format!("{}1", &d[..d.len() - 1])
            } else {
                flipped
            };
            c["credentialSubject"]["stateDigest"] = flipped.into();
            c
        }),
        ("receipt index", {
            let mut c = cert.clone();
            let i = c["evidence"][0]["receipt"]["index"].as_u64().unwrap();
            c["evidence"][0]["receipt"]["index"] = (i + 1).into();
            c
        }),
        ("proof value", {
            let mut c = cert.clone();
            let p = c["proof"]["proofValue"].as_str().unwrap().to_owned();
            let last = if p.ends_with('A') { 'B' } else { 'A' };
            c["proof"]["proofValue"] = format!("{}{last}", &p[..p.len() - 1]).into();
            c
        }),
    ];
    let mut appended = cert.clone();
    appended["@context"]
        .as_array_mut()
        .unwrap()
        .push(json!("https://example.org/extra"));
    let cases = cases
        .into_iter()
        .chain([("@context (an appended entry)", appended)]);
    for (what, bad) in cases {
        assert!(
            verify(s, &bad).is_err(),
            "a certificate with its {what} changed must not verify"
        );
    }
}

#[tokio::test]
async fn the_full_chain_with_certificates() {
    let w = World::new().await;
    let s = &w.server;
    let today = app::today_in_china().to_string();

    // Register: the provider's gate data, self-collected, with evidence.
    let gate = distinct_asset(s, &w.provider, "gate.csv").await;
    let r = s
        .post_json(
            &w.provider.token,
            &format!("/api/v1/assets/{gate}/rights"),
            self_collected(),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let grants: Value = r.json().await.unwrap();
    assert_eq!(grants.as_array().unwrap().len(), 3);
    let gate_cert = current_certificate(s, &w.provider, &gate, "registration").await;
    let check = verify(s, &gate_cert).expect("the registration certificate verifies");
    assert_eq!(check.asset, gate);
    assert_eq!(check.event_type, "rights.state");
    tamper_checks(s, &gate_cert);
    assert!(!revoked(s, &gate_cert).await);

    // Licence: processing for analytics in China, products allowed.
    let processing = grant_of(s, &w.provider, &gate, "processing").await;
    let r = s
        .post_json(
            &w.provider.token,
            &format!("/api/v1/grants/{processing}/licences"),
            json!({"to": w.other_provider.participant, "purposes": ["analytics"],
                   "territory": ["CN"], "products": true, "from": today}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let licence = r.json::<Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    // The licence supersedes the first certificate: it is revoked, the new one states it.
    let gate_cert2 = current_certificate(s, &w.provider, &gate, "registration").await;
    assert_ne!(gate_cert2["id"], gate_cert["id"]);
    verify(s, &gate_cert2).unwrap();
    assert!(
        revoked(s, &gate_cert).await,
        "a superseded certificate is revoked"
    );
    assert!(!revoked(s, &gate_cert2).await);
    // The original still verifies offline (it was true when issued): revocation is the
    // online part.
    verify(s, &gate_cert).unwrap();

    // Derive: the licensee registers its report with the gate data as source.
    let report = distinct_asset(s, &w.other_provider, "report.csv").await;
    let r = s
        .post_json(
            &w.other_provider.token,
            &format!("/api/v1/assets/{report}/rights"),
            json!({"source": {"kind": "derived"}, "lineage": [{"source": gate, "grant": licence}]}),
        )
        .await;
    assert_eq!(
        r.status(),
        StatusCode::CREATED,
        "{}",
        r.text().await.unwrap()
    );
    let view: Value = s
        .get(
            &w.other_provider.token,
            &format!("/api/v1/assets/{report}/rights"),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(view["lineage"]["edges"][0]["source"], gate.as_str());
    assert_eq!(view["lineage"]["nodes"].as_array().unwrap().len(), 2);
    // The licensee sees its own licence and the grant it came from, not the owner's other
    // grants or evidence; the certificate (which states every grant) is the owner's.
    let seen: Value = s
        .get(
            &w.other_provider.token,
            &format!("/api/v1/assets/{gate}/rights"),
        )
        .await
        .json()
        .await
        .unwrap();
    let ids: Vec<&str> = seen["grants"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, [processing.as_str(), licence.as_str()]);
    assert_eq!(seen["evidence"], json!([]));
    assert_eq!(
        seen["record"]["source"],
        json!({"kind": "self_collected", "evidence": []}),
        "a licensee sees the kind of source, not its evidence"
    );
    // Nor does the licensee's register name the owner's certificate.
    let register: Value = s
        .get(
            &w.other_provider.token,
            &format!(
                "/api/v1/participants/{}/asset-register",
                w.other_provider.participant
            ),
        )
        .await
        .json()
        .await
        .unwrap();
    let row = register
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["asset"] == gate.as_str())
        .unwrap();
    assert_eq!(
        (row["role"].as_str(), &row["certificate"]),
        (Some("licensee"), &Value::Null)
    );
    problem(
        s.get(
            &w.other_provider.token,
            &format!("/api/v1/assets/{gate}/certificate"),
        )
        .await,
        StatusCode::NOT_FOUND,
        "asset.not_found",
    )
    .await;
    let report_cert = current_certificate(s, &w.other_provider, &report, "registration").await;
    let check = verify(s, &report_cert).unwrap();
    assert_eq!(check.event_type, "rights.state");

    // List with rights: the licensee holds the operation right over its product.
    async fn list(s: &TestServer, who: &Actor, id: &str) -> reqwest::Response {
        s.post_json(
            &who.token,
            &format!("/api/v1/assets/{id}/lifecycle"),
            json!({"to": "listed"}),
        )
        .await
    }
    let r = list(s, &w.other_provider, &report).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.json::<Value>().await.unwrap()["lifecycle"], "listed");

    // List without rights: the provider transfers its operation right away, then cannot list.
    let operation = grant_of(s, &w.provider, &gate, "operation").await;
    let r = s
        .post_json(
            &w.provider.token,
            &format!("/api/v1/grants/{operation}/transfer"),
            json!({"to": w.other_provider.participant}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    problem(
        list(s, &w.provider, &gate).await,
        StatusCode::FORBIDDEN,
        "rights.not_held",
    )
    .await;

    // Objection: the listed report is suspended and frozen until resolved.
    let r = s
        .post_json(
            &w.buyer.token,
            &format!("/api/v1/assets/{report}/objections"),
            json!({"reason": "来源数据的授权范围存疑"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let detail: Value = s
        .get(&w.other_provider.token, &format!("/api/v1/assets/{report}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(detail["lifecycle"], "suspended");
    problem(
        s.post_json(
            &w.buyer.token,
            &format!("/api/v1/assets/{report}/objections"),
            json!({"reason": "again"}),
        )
        .await,
        StatusCode::CONFLICT,
        "rights.frozen",
    )
    .await;
    // Frozen: nothing is licensed from it meanwhile.
    let report_processing = grant_of(s, &w.other_provider, &report, "processing").await;
    problem(
        s.post_json(
            &w.other_provider.token,
            &format!("/api/v1/grants/{report_processing}/licences"),
            json!({"to": w.provider.participant, "from": today}),
        )
        .await,
        StatusCode::CONFLICT,
        "rights.frozen",
    )
    .await;
    // Only operator staff resolve; dismissed, the report is listed again.
    problem(
        s.post_json(
            &w.other_provider.token,
            &format!("/api/v1/assets/{report}/objections/resolve"),
            json!({"upheld": false, "note": "x"}),
        )
        .await,
        StatusCode::FORBIDDEN,
        "auth.forbidden",
    )
    .await;
    let r = s
        .post_json(
            &w.reviewer.token,
            &format!("/api/v1/assets/{report}/objections/resolve"),
            json!({"upheld": false, "note": "授权链完整"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let detail: Value = s
        .get(&w.other_provider.token, &format!("/api/v1/assets/{report}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(detail["lifecycle"], "listed");

    // Revocation cascade: the provider revokes the licence; the report's rights fall.
    let before_cascade = current_certificate(s, &w.other_provider, &report, "registration").await;
    let r = s
        .post_json(
            &w.provider.token,
            &format!("/api/v1/grants/{licence}/revoke"),
            json!({"reason": "许可合同解除"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let suspended = r.json::<Value>().await.unwrap()["suspended"]
        .as_array()
        .unwrap()
        .len();
    assert_eq!(suspended, 3, "the report's three rights are suspended");
    problem(
        s.post_json(
            &w.provider.token,
            &format!("/api/v1/grants/{licence}/revoke"),
            json!({"reason": "again"}),
        )
        .await,
        StatusCode::CONFLICT,
        "rights.already_revoked",
    )
    .await;
    // The listing fell with the rights: suspended at once, and only delisted or destroyed
    // from here; nobody sells what they do not hold.
    let detail: Value = s
        .get(&w.other_provider.token, &format!("/api/v1/assets/{report}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        (
            detail["lifecycle"].as_str(),
            detail["lifecycle_reason"].as_str()
        ),
        (Some("suspended"), Some("rights"))
    );
    let r = s
        .post_json(
            &w.other_provider.token,
            &format!("/api/v1/assets/{report}/lifecycle"),
            json!({"to": "delisted"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    problem(
        list(s, &w.other_provider, &report).await,
        StatusCode::CONFLICT,
        "rights.inactive_grant",
    )
    .await;
    // The cascade re-issued the report's certificate stating the suspension.
    let after_cascade = current_certificate(s, &w.other_provider, &report, "registration").await;
    assert_ne!(after_cascade["id"], before_cascade["id"]);
    verify(s, &after_cascade).unwrap();
    let statuses: Vec<&str> = after_cascade["credentialSubject"]["registration"]["grants"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["status"]["status"].as_str().unwrap())
        .collect();
    assert_eq!(statuses, ["suspended"; 3]);
    assert!(revoked(s, &before_cascade).await);

    // Destruction: the delisted report's files go; a destruction certificate attests it.
    let r = s
        .post_json(
            &w.other_provider.token,
            &format!("/api/v1/assets/{report}/destroy"),
            json!({"reason": "许可终止后销毁"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let destroyed = current_certificate(s, &w.other_provider, &report, "destruction").await;
    let check = verify(s, &destroyed).unwrap();
    assert_eq!(
        (check.kind.as_str(), check.event_type.as_str()),
        ("destruction", "asset.destruction")
    );
    tamper_checks(s, &destroyed);
    assert!(
        revoked(s, &after_cascade).await,
        "destruction revokes the registration certificate"
    );
    let r = s
        .get(
            &w.other_provider.token,
            &format!("/api/v1/assets/{report}/versions/1/file"),
        )
        .await;
    problem(r, StatusCode::GONE, "asset.destroyed").await;
    // The file itself is deleted from the blob store.
    let detail = s
        .app
        .asset(
            &s.app.authenticate_token(&w.operator.token).await.unwrap(),
            &types::AssetId::parse(&report).unwrap(),
        )
        .await
        .unwrap();
    let key = store::BlobKey::sha256(&detail.versions[0].sha256).unwrap();
    assert!(!s.app.store().blobs().exists(&key).await.unwrap());
    problem(
        list(s, &w.other_provider, &report).await,
        StatusCode::CONFLICT,
        "asset.invalid_transition",
    )
    .await;
}

#[tokio::test]
async fn refusals_are_clear() {
    let w = World::new().await;
    let s = &w.server;
    let today = app::today_in_china();
    let gate = distinct_asset(s, &w.provider, "gate.csv").await;
    let rights = format!("/api/v1/assets/{gate}/rights");

    // A declaration without evidence, evidence that names no attached document, a derived
    // asset without sources, a malformed body.
    problem(
        s.post_json(
            &w.provider.token,
            &rights,
            json!({"source": {"kind": "purchased", "contract": "C-1", "evidence": []}}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "rights.missing_evidence",
    )
    .await;
    problem(
        s.post_json(
            &w.provider.token,
            &rights,
            json!({"source": {"kind": "self_collected", "evidence": ["sha256:00"]}}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "rights.missing_evidence",
    )
    .await;
    problem(
        s.post_json(
            &w.provider.token,
            &rights,
            json!({"source": {"kind": "derived"}}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "rights.invalid",
    )
    .await;
    problem(
        s.post_json(
            &w.provider.token,
            &rights,
            json!({"source": {"kind": "stolen"}}),
        )
        .await,
        StatusCode::BAD_REQUEST,
        "request.invalid",
    )
    .await;
    // Evidence documents are PDF, PNG or JPEG by their bytes.
    let r = s
        .client
        .post(s.url(&format!("/api/v1/assets/{gate}/evidence")))
        .bearer_auth(&w.provider.token)
        .header("content-type", "application/pdf")
        .body(b"MZ not a pdf".to_vec())
        .send()
        .await
        .unwrap();
    problem(r, StatusCode::UNPROCESSABLE_ENTITY, "document.invalid").await;
    let r = s
        .client
        .post(s.url(&format!("/api/v1/assets/{gate}/evidence")))
        .bearer_auth(&w.provider.token)
        .header("content-type", "application/pdf")
        .header("x-file-name", "contract.pdf")
        .body(b"%PDF-1.7 collection contract".to_vec())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    let sha = r.json::<Value>().await.unwrap()["sha256"]
        .as_str()
        .unwrap()
        .to_owned();
    let r = s
        .post_json(
            &w.provider.token,
            &rights,
            json!({"source": {"kind": "self_collected", "evidence": [format!("sha256:{sha}")]}}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    problem(
        s.post_json(&w.provider.token, &rights, self_collected())
            .await,
        StatusCode::CONFLICT,
        "rights.already_registered",
    )
    .await;
    let processing = grant_of(s, &w.provider, &gate, "processing").await;
    let licences = format!("/api/v1/grants/{processing}/licences");

    // Granting a right one does not hold.
    problem(
        s.post_json(
            &w.other_provider.token,
            &licences,
            json!({"to": w.other_provider.participant, "from": today}),
        )
        .await,
        StatusCode::FORBIDDEN,
        "rights.not_held",
    )
    .await;
    // An inverted term; a licensee that is not verified; a bad territory code.
    problem(
        s.post_json(
            &w.provider.token,
            &licences,
            json!({"to": w.other_provider.participant, "from": "2027-06-01", "until": "2027-01-01"}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "rights.bad_term",
    )
    .await;
    problem(
        s.post_json(
            &w.provider.token,
            &licences,
            json!({"to": w.pending.participant, "from": today}),
        )
        .await,
        StatusCode::FORBIDDEN,
        "participant.not_verified",
    )
    .await;
    problem(
        s.post_json(
            &w.provider.token,
            &licences,
            json!({"to": w.other_provider.participant, "from": today, "territory": ["XX"]}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "participant.invalid_region",
    )
    .await;
    // An exclusive licence, then an overlapping one.
    let r = s
        .post_json(
            &w.provider.token,
            &licences,
            json!({"to": w.other_provider.participant, "purposes": ["analytics"], "from": today,
                   "until": "2027-12-31", "exclusive": true, "sublicensable": false}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let exclusive = r.json::<Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    problem(
        s.post_json(
            &w.provider.token,
            &licences,
            json!({"to": w.buyer.participant, "purposes": ["analytics"], "from": "2027-01-01"}),
        )
        .await,
        StatusCode::CONFLICT,
        "rights.exclusive_overlap",
    )
    .await;
    // Terms outside the parent: a sub-licence of a non-sub-licensable licence, and one past its
    // term.
    problem(
        s.post_json(
            &w.other_provider.token,
            &format!("/api/v1/grants/{exclusive}/licences"),
            json!({"to": w.provider.participant, "purposes": ["analytics"], "from": today}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "rights.not_sublicensable",
    )
    .await;
    // A lineage cycle: an asset cannot be derived from itself.
    let loop_asset = distinct_asset(s, &w.other_provider, "loop.csv").await;
    problem(
        s.post_json(
            &w.other_provider.token,
            &format!("/api/v1/assets/{loop_asset}/rights"),
            json!({"source": {"kind": "derived"}, "lineage": [{"source": loop_asset, "grant": exclusive}]}),
        )
        .await,
        StatusCode::CONFLICT,
        "rights.lineage_cycle",
    )
    .await;
    // Revoking twice.
    let revoke = format!("/api/v1/grants/{exclusive}/revoke");
    let r = s
        .post_json(&w.provider.token, &revoke, json!({"reason": "违约"}))
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    problem(
        s.post_json(&w.provider.token, &revoke, json!({"reason": "违约"}))
            .await,
        StatusCode::CONFLICT,
        "rights.already_revoked",
    )
    .await;
    // Lifecycle: an operator suspends only with a reason; a regulator never.
    assert_eq!(
        s.post_json(
            &w.provider.token,
            &format!("/api/v1/assets/{gate}/lifecycle"),
            json!({"to": "listed"})
        )
        .await
        .status(),
        StatusCode::OK
    );
    problem(
        s.post_json(
            &w.operator.token,
            &format!("/api/v1/assets/{gate}/lifecycle"),
            json!({"to": "suspended"}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "rights.invalid",
    )
    .await;
    problem(
        s.post_json(
            &w.provider.token,
            &format!("/api/v1/assets/{gate}/destroy"),
            json!({"reason": "x"}),
        )
        .await,
        StatusCode::CONFLICT,
        "asset.invalid_transition",
    )
    .await;

    // Accounts: costs before 2024 are never capitalised; capitalising needs a classification.
    let costs = format!("/api/v1/assets/{gate}/costs");
    problem(
        s.post_json(
            &w.provider.token,
            &costs,
            json!({"category": "collection", "amount_fen": 500000, "incurred_on": "2025-03-01", "capitalised": true}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "asset.invalid_accounting",
    )
    .await;
    let r = s
        .client
        .put(s.url(&format!("/api/v1/assets/{gate}/accounting")))
        .bearer_auth(&w.provider.token)
        .json(&json!({"class": "intangible_asset"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    problem(
        s.post_json(
            &w.provider.token,
            &costs,
            json!({"category": "collection", "amount_fen": 500000, "incurred_on": "2023-12-31", "capitalised": true}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "asset.invalid_accounting",
    )
    .await;
    for (day, capitalised) in [("2023-12-31", false), ("2025-03-01", true)] {
        let r = s
            .post_json(
                &w.provider.token,
                &costs,
                json!({"category": "collection", "amount_fen": 500000, "incurred_on": day, "capitalised": capitalised}),
            )
            .await;
        assert_eq!(r.status(), StatusCode::CREATED);
    }
    problem(
        s.post_json(
            &w.provider.token,
            &costs,
            json!({"category": "collection", "amount_fen": -1, "incurred_on": "2025-03-01"}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "asset.invalid_accounting",
    )
    .await;

    // The register, as JSON and CSV.
    let path = format!(
        "/api/v1/participants/{}/asset-register",
        w.provider.participant
    );
    let rows: Value = s.get(&w.provider.token, &path).await.json().await.unwrap();
    let row = &rows[0];
    assert_eq!(
        (
            row["lifecycle"].as_str(),
            row["accounting_class"].as_str(),
            row["capitalised_cost_fen"].as_i64(),
            row["expensed_cost_fen"].as_i64(),
            row["rights_held"].as_str(),
        ),
        (
            Some("listed"),
            Some("intangible_asset"),
            Some(500000),
            Some(500000),
            Some("holding;processing;operation")
        )
    );
    let r = s
        .get(&w.provider.token, &format!("{path}?format=csv"))
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert!(
        r.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .contains("attachment")
    );
    let text = r.text().await.unwrap();
    let header = text.trim_start_matches('\u{feff}').lines().next().unwrap();
    assert_eq!(header, app::rights::REGISTER_COLUMNS.join(","));
    problem(
        s.get(&w.buyer.token, &path).await,
        StatusCode::NOT_FOUND,
        "participant.not_found",
    )
    .await;

    // A certificate that is not one.
    let r: Value = s
        .client
        .post(s.url("/api/v1/certificates/verify"))
        .json(&json!({"@context": ["https://www.w3.org/ns/credentials/v2"], "type": ["VerifiableCredential"]}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(r["valid"], false);
    assert!(
        r["error"]["code"]
            .as_str()
            .unwrap()
            .starts_with("certificate.")
    );
    assert!(!r["error"]["zh"].as_str().unwrap().is_empty());
}

#[tokio::test]
async fn a_change_refused_midway_leaves_no_trace() {
    let w = World::new().await;
    let s = &w.server;
    let today = app::today_in_china().to_string();
    let gate = distinct_asset(s, &w.provider, "gate.csv").await;
    let r = s
        .post_json(
            &w.provider.token,
            &format!("/api/v1/assets/{gate}/rights"),
            self_collected(),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let processing = grant_of(s, &w.provider, &gate, "processing").await;
    let r = s
        .post_json(
            &w.provider.token,
            &format!("/api/v1/assets/{gate}/destroy"),
            json!({"reason": "不再保存"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    // The model accepts the licence (its grant is active); the exchange refuses it because the
    // data is gone, after the change was applied: nothing of it may remain, in the database
    // or in the cached registry.
    problem(
        s.post_json(
            &w.provider.token,
            &format!("/api/v1/grants/{processing}/licences"),
            json!({"to": w.other_provider.participant, "from": today}),
        )
        .await,
        StatusCode::GONE,
        "asset.destroyed",
    )
    .await;
    let view: Value = s
        .get(&w.provider.token, &format!("/api/v1/assets/{gate}/rights"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(view["grants"].as_array().unwrap().len(), 3);
    let held = s
        .app
        .check_right(
            &types::ParticipantId::parse(&w.other_provider.participant).unwrap(),
            &types::AssetId::parse(&gate).unwrap(),
            rights::Right::Processing,
            None,
        )
        .await;
    assert!(held.is_err());
    // The destruction certificate is the asset's last word; no registration certificate follows.
    let destroyed = current_certificate(s, &w.provider, &gate, "destruction").await;
    verify(s, &destroyed).unwrap();
    let all: Value = s
        .get(
            &w.provider.token,
            &format!("/api/v1/assets/{gate}/certificates"),
        )
        .await
        .json()
        .await
        .unwrap();
    let live: Vec<&Value> = all
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["revoked_at"].is_null())
        .collect();
    assert_eq!(live.len(), 1);
    assert_eq!(live[0]["kind"], "destruction");
}

#[tokio::test]
async fn data_is_provided_abroad_only_by_the_holder_of_the_operation_right() {
    let w = World::new().await;
    let s = &w.server;
    let gate = distinct_asset(s, &w.provider, "gate.csv").await;
    let detail: Value = s
        .get(&w.provider.token, &format!("/api/v1/assets/{gate}"))
        .await
        .json()
        .await
        .unwrap();
    let version = detail["versions"][0]["id"].as_str().unwrap().to_owned();
    let transfers = format!(
        "/api/v1/participants/{}/xborder/transfers",
        w.provider.participant
    );
    let export = || {
        s.post_json(
            &w.provider.token,
            &transfers,
            json!({"request": {"date": "2026-11-27", "exporter": {"ciio": false, "ftz": null},
                    "data": {"level": "general", "individuals": 0, "sensitive_individuals": 0,
                             "collected_abroad": false, "domestic_pi_mixed": false},
                    "transfer": {"destination": "JP", "purpose": "international_trade",
                                 "recipient_restricted": false}},
                   "asset_version": version, "execute": true}),
        )
    };
    // Before registration the gate decides alone.
    assert_eq!(export().await.status(), StatusCode::CREATED);
    let r = s
        .post_json(
            &w.provider.token,
            &format!("/api/v1/assets/{gate}/rights"),
            self_collected(),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    assert_eq!(export().await.status(), StatusCode::CREATED);
    // An objection freezes providing the data, abroad included.
    let r = s
        .post_json(
            &w.buyer.token,
            &format!("/api/v1/assets/{gate}/objections"),
            json!({"reason": "权属存疑"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    problem(export().await, StatusCode::CONFLICT, "rights.frozen").await;
    // Dismissed, it may go; after the operation right is sold, it may not.
    let r = s
        .post_json(
            &w.reviewer.token,
            &format!("/api/v1/assets/{gate}/objections/resolve"),
            json!({"upheld": false, "note": "权属清楚"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(export().await.status(), StatusCode::CREATED);
    let operation = grant_of(s, &w.provider, &gate, "operation").await;
    let r = s
        .post_json(
            &w.provider.token,
            &format!("/api/v1/grants/{operation}/transfer"),
            json!({"to": w.other_provider.participant}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    problem(export().await, StatusCode::FORBIDDEN, "rights.not_held").await;
    // Nor may the seller destroy or replace the data the buyer's right covers.
    let r = s
        .post_json(
            &w.provider.token,
            &format!("/api/v1/assets/{gate}/destroy"),
            json!({"reason": "不再需要"}),
        )
        .await;
    problem(r, StatusCode::CONFLICT, "rights.inactive_grant").await;
    let r = s
        .upload(
            &w.provider.token,
            &format!("/api/v1/assets/{gate}/versions"),
            "gate-v2.csv",
            csv_utf8(),
            &[],
        )
        .await;
    problem(r, StatusCode::CONFLICT, "rights.inactive_grant").await;
}

#[tokio::test]
async fn a_cancelled_registration_is_certified_as_such_and_revoked() {
    let w = World::new().await;
    let s = &w.server;
    let gate = distinct_asset(s, &w.provider, "gate.csv").await;
    let r = s
        .post_json(
            &w.provider.token,
            &format!("/api/v1/assets/{gate}/rights"),
            self_collected(),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let first = current_certificate(s, &w.provider, &gate, "registration").await;
    assert!(!revoked(s, &first).await);
    let r = s
        .post_json(
            &w.provider.token,
            &format!("/api/v1/assets/{gate}/rights/cancel"),
            json!({}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let last = current_certificate(s, &w.provider, &gate, "registration").await;
    assert_ne!(last["id"], first["id"]);
    // True to what happened, and revoked from the start: the registration no longer holds.
    verify(s, &last).unwrap();
    assert_eq!(
        last["credentialSubject"]["registration"]["record"]["cancelled"],
        true
    );
    assert!(revoked(s, &last).await);
    assert!(revoked(s, &first).await);
}

#[tokio::test]
async fn operator_members_without_a_reviewer_role_change_no_rights() {
    let w = World::new().await;
    let s = &w.server;
    let r = s
        .post_json(
            &w.operator.token,
            &format!("/api/v1/participants/{}/users", w.operator.participant),
            json!({"username": "op-member", "password": PASSWORD, "staff_role": "member"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let member = s.sign_in("op-member").await;
    let gate = distinct_asset(s, &w.provider, "gate.csv").await;
    let r = s
        .post_json(
            &w.provider.token,
            &format!("/api/v1/assets/{gate}/rights"),
            self_collected(),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let r = s
        .post_json(
            &w.provider.token,
            &format!("/api/v1/assets/{gate}/lifecycle"),
            json!({"to": "listed"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let processing = grant_of(s, &w.provider, &gate, "processing").await;
    problem(
        s.post_json(
            &member.token,
            &format!("/api/v1/grants/{processing}/revoke"),
            json!({"reason": "x"}),
        )
        .await,
        StatusCode::FORBIDDEN,
        "auth.forbidden",
    )
    .await;
    problem(
        s.post_json(
            &member.token,
            &format!("/api/v1/assets/{gate}/lifecycle"),
            json!({"to": "suspended", "reason": "x"}),
        )
        .await,
        StatusCode::FORBIDDEN,
        "auth.forbidden",
    )
    .await;
    problem(
        s.post_json(
            &member.token,
            &format!("/api/v1/assets/{gate}/objections/resolve"),
            json!({"upheld": true, "note": "x"}),
        )
        .await,
        StatusCode::FORBIDDEN,
        "auth.forbidden",
    )
    .await;
    // A reviewer may.
    let r = s
        .post_json(
            &w.reviewer.token,
            &format!("/api/v1/assets/{gate}/lifecycle"),
            json!({"to": "suspended", "reason": "核查中"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
}
