//! Every route, every role, and a foreign tenant: each refusal is proved with its status and
//! code, and each permitted call is shown not to be refused. The table must list exactly the
//! routes of the OpenAPI document (see `openapi.rs`), so a new route cannot skip this test.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::support::*;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Who {
    Anonymous,
    Operator,
    Reviewer,
    Regulator,
    /// Owns the asset and the token under test.
    Provider,
    /// Another tenant: a verified provider who owns none of it.
    OtherProvider,
    Buyer,
    Pending,
}

const EVERYONE: [Who; 8] = [
    Who::Anonymous,
    Who::Operator,
    Who::Reviewer,
    Who::Regulator,
    Who::Provider,
    Who::OtherProvider,
    Who::Buyer,
    Who::Pending,
];

#[derive(Clone, Copy, Debug)]
enum Expect {
    /// Not refused: any answer but 401, 403 or 404.
    Allowed,
    Refused(StatusCode, &'static str),
}

use Expect::*;

const UNAUTH: Expect = Refused(StatusCode::UNAUTHORIZED, "auth.unauthenticated");
const FORBIDDEN: Expect = Refused(StatusCode::FORBIDDEN, "auth.forbidden");
const NO_ASSET: Expect = Refused(StatusCode::NOT_FOUND, "asset.not_found");

enum Body {
    None,
    Json(Value),
    Upload,
    /// A small PDF document.
    Pdf,
}

/// One route: method, path template (as in the OpenAPI document), body, expectation per caller.
pub struct Route {
    pub method: Method,
    pub template: &'static str,
    body: Body,
    expect: fn(Who) -> Expect,
}

fn any_signed_in(w: Who) -> Expect {
    if w == Who::Anonymous { UNAUTH } else { Allowed }
}

fn operator_staff(w: Who) -> Expect {
    match w {
        Who::Anonymous => UNAUTH,
        Who::Operator | Who::Reviewer => Allowed,
        _ => FORBIDDEN,
    }
}

fn operator_admin(w: Who) -> Expect {
    match w {
        Who::Anonymous => UNAUTH,
        Who::Operator => Allowed,
        _ => FORBIDDEN,
    }
}

fn uploader(w: Who, own_asset_only: bool) -> Expect {
    match w {
        Who::Anonymous => UNAUTH,
        Who::Operator | Who::Reviewer | Who::Regulator => FORBIDDEN,
        Who::Buyer => Refused(StatusCode::FORBIDDEN, "participant.missing_role"),
        Who::Pending => Refused(StatusCode::FORBIDDEN, "participant.not_verified"),
        Who::OtherProvider if own_asset_only => NO_ASSET,
        Who::Provider | Who::OtherProvider => Allowed,
    }
}

fn asset_reader(w: Who) -> Expect {
    match w {
        Who::Anonymous => UNAUTH,
        Who::Provider | Who::Operator | Who::Reviewer | Who::Regulator => Allowed,
        Who::OtherProvider | Who::Buyer | Who::Pending => NO_ASSET,
    }
}

/// SHA-256 of the PDF body the table uploads.
const EVIDENCE_SHA256: &str = "c11ad9de9cc85c63810c72314ee5da055f740bde9a70e97019b295863c4563e2";

const NOT_HELD: Expect = Refused(StatusCode::FORBIDDEN, "rights.not_held");

/// Acting on the provider's grant: only its holder.
fn grant_holder(w: Who) -> Expect {
    match w {
        Who::Anonymous => UNAUTH,
        Who::Operator | Who::Reviewer | Who::Regulator => FORBIDDEN,
        Who::Buyer => Refused(StatusCode::FORBIDDEN, "participant.missing_role"),
        Who::Pending => Refused(StatusCode::FORBIDDEN, "participant.not_verified"),
        Who::OtherProvider => NOT_HELD,
        Who::Provider => Allowed,
    }
}

/// The owner; the other provider holds grants over the asset, but none it can exercise today
/// (its licence starts in 2030, and the grant it bought was revoked by an operator).
fn licensed_reader(w: Who) -> Expect {
    match w {
        Who::Anonymous => UNAUTH,
        Who::Provider => Allowed,
        Who::OtherProvider => NOT_HELD,
        _ => NO_ASSET,
    }
}

/// As `licensed_reader`, and operator staff and regulators.
fn licensed_reader_or_staff(w: Who) -> Expect {
    match w {
        Who::Anonymous => UNAUTH,
        Who::Buyer | Who::Pending => NO_ASSET,
        _ => Allowed,
    }
}

/// A transfer of general data without personal information to Japan.
fn transfer_request() -> Value {
    json!({"date": "2026-11-27", "exporter": {"ciio": false, "ftz": null},
        "data": {"level": "general", "individuals": 0, "sensitive_individuals": 0,
                 "collected_abroad": false, "domestic_pi_mixed": false},
        "transfer": {"destination": "JP", "purpose": "international_trade", "recipient_restricted": false}})
}

pub fn routes() -> Vec<Route> {
    let r = |method: Method, template, body, expect| Route {
        method,
        template,
        body,
        expect,
    };
    vec![
        r(Method::GET, "/api/v1/openapi.json", Body::None, |_| Allowed),
        r(
            Method::POST,
            "/api/v1/auth/token",
            Body::Json(json!({"username": "provider", "password": PASSWORD})),
            |_| Allowed,
        ),
        r(
            Method::GET,
            "/api/v1/auth/tokens",
            Body::None,
            any_signed_in,
        ),
        r(Method::GET, "/api/v1/me", Body::None, any_signed_in),
        r(
            Method::POST,
            "/api/v1/participants",
            Body::Json(json!({})),
            |_| Allowed,
        ),
        r(
            Method::GET,
            "/api/v1/participants",
            Body::None,
            any_signed_in,
        ),
        r(
            Method::GET,
            "/api/v1/participants/{id}",
            Body::None,
            |w| match w {
                Who::Anonymous => UNAUTH,
                Who::Operator | Who::Reviewer | Who::Regulator | Who::OtherProvider => Allowed,
                _ => Refused(StatusCode::NOT_FOUND, "participant.not_found"),
            },
        ),
        r(
            Method::POST,
            "/api/v1/participants/{id}/users",
            Body::Json(json!({"username": "new-colleague", "password": PASSWORD})),
            |w| match w {
                Who::Anonymous => UNAUTH,
                Who::OtherProvider => Allowed,
                _ => FORBIDDEN,
            },
        ),
        r(Method::GET, "/api/v1/assets", Body::None, any_signed_in),
        r(Method::POST, "/api/v1/assets", Body::Upload, |w| {
            uploader(w, false)
        }),
        r(Method::GET, "/api/v1/assets/{id}", Body::None, asset_reader),
        r(
            Method::POST,
            "/api/v1/assets/{id}/versions",
            Body::Upload,
            |w| uploader(w, true),
        ),
        r(
            Method::GET,
            "/api/v1/assets/{id}/versions/{version}/file",
            Body::None,
            asset_reader,
        ),
        r(
            Method::POST,
            "/api/v1/assets/{id}/declaration",
            Body::Json(json!({"level": "important", "basis": "市数据局重要数据目录通知"})),
            |w| match w {
                Who::Anonymous => UNAUTH,
                Who::Provider | Who::Operator | Who::Reviewer => Allowed,
                Who::Regulator => FORBIDDEN,
                Who::OtherProvider | Who::Buyer | Who::Pending => NO_ASSET,
            },
        ),
        r(
            Method::DELETE,
            "/api/v1/auth/tokens/{id}",
            Body::None,
            |w| match w {
                Who::Anonymous => UNAUTH,
                Who::Provider => Allowed,
                _ => Refused(StatusCode::NOT_FOUND, "token.not_found"),
            },
        ),
        // The log is public; a receipt needs a principal (its body only goes to parties).
        r(Method::GET, "/api/v1/log/key", Body::None, |_| Allowed),
        r(Method::GET, "/api/v1/log/checkpoint", Body::None, |_| {
            Allowed
        }),
        r(Method::GET, "/api/v1/log/entries", Body::None, |_| Allowed),
        r(
            Method::GET,
            "/api/v1/log/proof/inclusion",
            Body::None,
            |_| Allowed,
        ),
        r(
            Method::GET,
            "/api/v1/log/proof/consistency",
            Body::None,
            |_| Allowed,
        ),
        r(
            Method::GET,
            "/api/v1/events/{id}/receipt",
            Body::None,
            any_signed_in,
        ),
        // The cross-border gate: decisions for anyone signed in; reloading rules is the
        // operator administrator's.
        r(
            Method::POST,
            "/api/v1/xborder/evaluate",
            Body::Json(json!({})),
            any_signed_in,
        ),
        r(
            Method::GET,
            "/api/v1/xborder/rules",
            Body::None,
            any_signed_in,
        ),
        r(
            Method::POST,
            "/api/v1/xborder/rules/reload",
            Body::None,
            operator_admin,
        ),
        r(
            Method::GET,
            "/api/v1/participants/{id}/xborder",
            Body::None,
            |w| match w {
                Who::Anonymous => UNAUTH,
                Who::Operator | Who::Reviewer | Who::Regulator | Who::OtherProvider => Allowed,
                _ => Refused(StatusCode::NOT_FOUND, "participant.not_found"),
            },
        ),
        r(
            Method::POST,
            "/api/v1/participants/{id}/xborder/approvals",
            Body::Json(
                json!({"kind": "standard_contract", "reference": "粤备2026-001", "issued": "2026-01-05"}),
            ),
            operator_staff,
        ),
        r(
            Method::PUT,
            "/api/v1/participants/{id}/xborder/approvals/{approval}/document",
            Body::Pdf,
            operator_staff,
        ),
        r(
            Method::GET,
            "/api/v1/participants/{id}/xborder/approvals/{approval}/document",
            Body::None,
            |w| match w {
                Who::Anonymous => UNAUTH,
                Who::Operator | Who::Reviewer | Who::Regulator | Who::OtherProvider => Allowed,
                _ => Refused(StatusCode::NOT_FOUND, "participant.not_found"),
            },
        ),
        r(
            Method::PUT,
            "/api/v1/participants/{id}/xborder/profile",
            Body::Json(json!({"ciio": false, "ftz": null, "basis": "登记信息"})),
            operator_staff,
        ),
        r(
            Method::POST,
            "/api/v1/participants/{id}/xborder/transfers",
            Body::Json(json!({"request": transfer_request(), "execute": false})),
            |w| match w {
                Who::Anonymous => UNAUTH,
                Who::Operator | Who::Reviewer | Who::OtherProvider => Allowed,
                Who::Regulator => FORBIDDEN,
                _ => Refused(StatusCode::NOT_FOUND, "participant.not_found"),
            },
        ),
        // The rights registry. The provider's asset is registered before the table runs;
        // `{grant}` is its processing grant, `{sha256}` the evidence document the table attaches.
        r(
            Method::POST,
            "/api/v1/assets/{id}/rights",
            Body::Json(json!({"source": {"kind": "self_collected", "evidence": ["采集记录"]}})),
            |w| uploader(w, true),
        ),
        r(
            Method::GET,
            "/api/v1/assets/{id}/rights",
            Body::None,
            asset_reader,
        ),
        r(
            Method::POST,
            "/api/v1/assets/{id}/evidence",
            Body::Pdf,
            |w| uploader(w, true),
        ),
        r(
            Method::GET,
            "/api/v1/assets/{id}/evidence/{sha256}",
            Body::None,
            asset_reader,
        ),
        r(
            Method::PUT,
            "/api/v1/assets/{id}/rights/source",
            Body::Json(
                json!({"kind": "purchased", "contract": "采购合同 2026-01", "evidence": ["合同扫描件"]}),
            ),
            |w| uploader(w, true),
        ),
        r(
            Method::POST,
            "/api/v1/grants/{grant}/licences",
            Body::Json(json!({"to": "{other}", "purposes": ["analytics"], "from": "2030-01-01"})),
            grant_holder,
        ),
        r(
            Method::POST,
            "/api/v1/grants/{grant}/transfer",
            Body::Json(json!({"to": "{other}"})),
            grant_holder,
        ),
        r(
            Method::POST,
            "/api/v1/grants/{grant}/revoke",
            Body::Json(json!({"reason": "合同终止"})),
            |w| match w {
                Who::Anonymous => UNAUTH,
                Who::Operator | Who::Reviewer => Allowed,
                Who::Regulator => FORBIDDEN,
                Who::Buyer => Refused(StatusCode::FORBIDDEN, "participant.missing_role"),
                Who::Pending => Refused(StatusCode::FORBIDDEN, "participant.not_verified"),
                // Only the grantor revokes; an original grant has none.
                Who::Provider | Who::OtherProvider => NOT_HELD,
            },
        ),
        r(
            Method::POST,
            "/api/v1/assets/{id}/objections",
            Body::Json(json!({"reason": "来源存疑"})),
            |w| match w {
                Who::Anonymous => UNAUTH,
                Who::Regulator => FORBIDDEN,
                Who::Pending => Refused(StatusCode::FORBIDDEN, "participant.not_verified"),
                _ => Allowed,
            },
        ),
        r(
            Method::POST,
            "/api/v1/assets/{id}/objections/resolve",
            Body::Json(json!({"upheld": false, "note": "来源证明充分"})),
            operator_staff,
        ),
        r(
            Method::POST,
            "/api/v1/assets/{id}/lifecycle",
            Body::Json(json!({"to": "listed"})),
            |w| match w {
                Who::Anonymous => UNAUTH,
                Who::Regulator => FORBIDDEN,
                Who::OtherProvider | Who::Buyer | Who::Pending => NO_ASSET,
                Who::Provider | Who::Operator | Who::Reviewer => Allowed,
            },
        ),
        r(
            Method::POST,
            "/api/v1/assets/{id}/destroy",
            Body::Json(json!({"reason": "到期销毁"})),
            |w| uploader(w, true),
        ),
        r(
            Method::PUT,
            "/api/v1/assets/{id}/accounting",
            Body::Json(json!({"class": "inventory"})),
            |w| uploader(w, true),
        ),
        r(
            Method::POST,
            "/api/v1/assets/{id}/costs",
            Body::Json(
                json!({"category": "processing", "amount_fen": 100, "incurred_on": "2025-01-01"}),
            ),
            licensed_reader,
        ),
        r(
            Method::GET,
            "/api/v1/assets/{id}/costs",
            Body::None,
            licensed_reader_or_staff,
        ),
        // Certificates state every grant: the owner's to hand out, and staff's to see.
        r(
            Method::GET,
            "/api/v1/assets/{id}/certificate",
            Body::None,
            asset_reader,
        ),
        r(
            Method::GET,
            "/api/v1/assets/{id}/certificates",
            Body::None,
            asset_reader,
        ),
        r(Method::GET, "/api/v1/certificates/{id}", Body::None, |_| {
            Allowed
        }),
        r(
            Method::POST,
            "/api/v1/certificates/verify",
            Body::Json(json!({})),
            |_| Allowed,
        ),
        r(
            Method::GET,
            "/api/v1/credentials/status/{list}",
            Body::None,
            |_| Allowed,
        ),
        r(
            Method::GET,
            "/api/v1/credentials/issuer",
            Body::None,
            |_| Allowed,
        ),
        r(
            Method::GET,
            "/api/v1/participants/{id}/asset-register",
            Body::None,
            |w| match w {
                Who::Anonymous => UNAUTH,
                Who::Operator | Who::Reviewer | Who::Regulator | Who::OtherProvider => Allowed,
                _ => Refused(StatusCode::NOT_FOUND, "participant.not_found"),
            },
        ),
        r(
            Method::POST,
            "/api/v1/assets/{id}/rights/cancel",
            Body::None,
            |w| uploader(w, true),
        ),
        // State changes on the other tenant's participant come last, in an order that leaves it
        // as it was: verify (refused: already verified), suspend, reinstate.
        r(
            Method::POST,
            "/api/v1/participants/{id}/verify",
            Body::None,
            operator_staff,
        ),
        r(
            Method::POST,
            "/api/v1/participants/{id}/suspend",
            Body::Json(json!({"reason": "audit"})),
            operator_admin,
        ),
        r(
            Method::POST,
            "/api/v1/participants/{id}/reinstate",
            Body::None,
            operator_admin,
        ),
    ]
}

#[tokio::test]
async fn every_route_every_role() {
    let w = World::new().await;
    let s = &w.server;
    let r = s
        .upload(
            &w.provider.token,
            "/api/v1/assets",
            "a.csv",
            csv_utf8(),
            &[],
        )
        .await;
    let asset = r.json::<Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    // The provider's token under test is a second one, so revoking it keeps the provider signed in.
    let spare: Value = s.token("provider", PASSWORD).await.json().await.unwrap();
    let spare_id = spare["token_id"].as_str().unwrap().to_owned();

    let token_of = |who: Who| -> Option<&str> {
        Some(match who {
            Who::Anonymous => return None,
            Who::Operator => &w.operator.token,
            Who::Reviewer => &w.reviewer.token,
            Who::Regulator => &w.regulator.token,
            Who::Provider => &w.provider.token,
            Who::OtherProvider => &w.other_provider.token,
            Who::Buyer => &w.buyer.token,
            Who::Pending => &w.pending.token,
        })
    };
    // Everything so far is in the log, so receipts exist.
    while s.app.sequence_once().await.unwrap().is_some() {}
    let event = s.app.outbox(0, 1).await.unwrap()[0].id.to_string();
    // An approval of the other tenant's, with its document.
    let operator = s.app.authenticate_token(&w.operator.token).await.unwrap();
    let other = types::ParticipantId::parse(&w.other_provider.participant).unwrap();
    let approval = s
        .app
        .record_approval(
            &operator,
            &other,
            &app::xborder::NewApproval {
                kind: "certification".into(),
                reference: "CQC-2026-1".into(),
                issued: "2026-01-02".into(),
                valid_until: None,
                note: String::new(),
            },
        )
        .await
        .unwrap();
    s.app
        .attach_approval_document(
            &operator,
            &other,
            &approval.id,
            "application/pdf",
            axum::body::Bytes::from_static(b"%PDF-1.4 certificate"),
        )
        .await
        .unwrap();
    let approval = approval.id.to_string();
    // The provider's asset is registered, and its certificate issued.
    let provider = s.app.authenticate_token(&w.provider.token).await.unwrap();
    let asset_id = types::AssetId::parse(&asset).unwrap();
    let grants = s
        .app
        .register_rights(
            &provider,
            &asset_id,
            serde_json::from_value(
                json!({"source": {"kind": "self_collected", "evidence": ["采集记录"]}}),
            )
            .unwrap(),
        )
        .await
        .unwrap();
    let grant = grants
        .iter()
        .find(|g| g.right == rights::Right::Processing)
        .unwrap()
        .id
        .to_string();
    while s.app.sequence_once().await.unwrap().is_some() {}
    let certificate = s
        .app
        .asset_certificate(&provider, &asset_id, "registration")
        .await
        .unwrap()
        .id;
    for route in routes() {
        let path = route
            .template
            .replace("{version}", "1")
            .replace("{approval}", &approval)
            .replace("{grant}", &grant)
            .replace("{sha256}", EVIDENCE_SHA256)
            .replace("{list}", "1")
            .replace(
                "{id}",
                match route.template {
                    t if t.starts_with("/api/v1/assets/") => &asset,
                    t if t.starts_with("/api/v1/auth/tokens/") => &spare_id,
                    t if t.starts_with("/api/v1/events/") => &event,
                    t if t.starts_with("/api/v1/certificates/") => &certificate,
                    _ => &w.other_provider.participant,
                },
            );
        // The permitted caller goes last, so refusals are checked against the unchanged state.
        let mut order: Vec<Who> = EVERYONE
            .iter()
            .copied()
            .filter(|x| matches!((route.expect)(*x), Refused(..)))
            .collect();
        order.extend(
            EVERYONE
                .iter()
                .copied()
                .filter(|x| matches!((route.expect)(*x), Allowed)),
        );
        for who in order {
            let mut req = s.client.request(route.method.clone(), s.url(&path));
            if let Some(t) = token_of(who) {
                req = req.bearer_auth(t);
            }
            req = match &route.body {
                Body::None => req,
                Body::Json(v) => req.json(
                    &serde_json::from_str::<Value>(
                        &v.to_string()
                            .replace("{other}", &w.other_provider.participant),
                    )
                    .unwrap(),
                ),
                Body::Upload => req.multipart(reqwest::multipart::Form::new().part(
                    "file",
                    reqwest::multipart::Part::bytes(csv_utf8()).file_name("v.csv"),
                )),
                Body::Pdf => req
                    .header("content-type", "application/pdf")
                    .body(b"%PDF-1.4 approval".to_vec()),
            };
            let response = req.send().await.unwrap();
            let status = response.status();
            match (route.expect)(who) {
                Allowed => assert!(
                    !matches!(
                        status,
                        StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN | StatusCode::NOT_FOUND
                    ),
                    "{} {} as {who:?}: refused with {status}: {}",
                    route.method,
                    route.template,
                    response.text().await.unwrap_or_default()
                ),
                Refused(expected, code) => {
                    let body: Value = response.json().await.unwrap_or_default();
                    assert_eq!(
                        (status, body["code"].as_str().unwrap_or_default()),
                        (expected, code),
                        "{} {} as {who:?}",
                        route.method,
                        route.template
                    );
                }
            }
        }
    }
}

#[tokio::test]
async fn tenants_see_only_their_own() {
    let w = World::new().await;
    let s = &w.server;
    s.upload(
        &w.provider.token,
        "/api/v1/assets",
        "a.csv",
        csv_utf8(),
        &[],
    )
    .await;
    s.upload(
        &w.other_provider.token,
        "/api/v1/assets",
        "b.csv",
        csv_utf8(),
        &[],
    )
    .await;
    let count = |v: Value| v["items"].as_array().unwrap().len();
    assert_eq!(
        count(
            s.get(&w.provider.token, "/api/v1/assets")
                .await
                .json()
                .await
                .unwrap()
        ),
        1
    );
    assert_eq!(
        count(
            s.get(&w.buyer.token, "/api/v1/assets")
                .await
                .json()
                .await
                .unwrap()
        ),
        0
    );
    assert_eq!(
        count(
            s.get(&w.regulator.token, "/api/v1/assets")
                .await
                .json()
                .await
                .unwrap()
        ),
        2
    );
    assert_eq!(
        count(
            s.get(&w.operator.token, "/api/v1/assets")
                .await
                .json()
                .await
                .unwrap()
        ),
        2
    );
    let own: Value = s
        .get(&w.provider.token, "/api/v1/participants")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(count(own.clone()), 1);
    assert_eq!(own["items"][0]["id"], w.provider.participant);
    let all: Value = s
        .get(&w.regulator.token, "/api/v1/participants")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        count(all),
        6,
        "the operator, the regulator and four merchants"
    );
    let pending: Value = s
        .get(&w.reviewer.token, "/api/v1/participants?status=pending")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(count(pending), 1);
    problem(
        s.get(&w.reviewer.token, "/api/v1/participants?status=happy")
            .await,
        StatusCode::BAD_REQUEST,
        "request.invalid",
    )
    .await;
}

#[tokio::test]
async fn verification_state_machine_over_http() {
    let w = World::new().await;
    let s = &w.server;
    let id = &w.pending.participant;
    let path = |a: &str| format!("/api/v1/participants/{id}/{a}");
    // Operator staff who are plain members do not review.
    let r = s
        .post_json(
            &w.operator.token,
            &format!("/api/v1/participants/{}/users", w.operator.participant),
            json!({"username": "op-member", "password": PASSWORD}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let member = s.sign_in("op-member").await;
    problem(
        s.post_json(&member.token, &path("verify"), json!({})).await,
        StatusCode::FORBIDDEN,
        "auth.forbidden",
    )
    .await;
    // Pending participants cannot upload; after verification they can.
    let r = s
        .upload(&w.pending.token, "/api/v1/assets", "a.csv", csv_utf8(), &[])
        .await;
    problem(r, StatusCode::FORBIDDEN, "participant.not_verified").await;
    problem(
        s.post_json(&w.operator.token, &path("reinstate"), json!({}))
            .await,
        StatusCode::CONFLICT,
        "participant.invalid_transition",
    )
    .await;
    problem(
        s.post_json(&w.operator.token, &path("suspend"), json!({"reason": " "}))
            .await,
        StatusCode::BAD_REQUEST,
        "request.invalid",
    )
    .await;
    let r: Value = s
        .post_json(&w.reviewer.token, &path("verify"), json!({}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(r["status"], "verified");
    assert_eq!(
        s.upload(&w.pending.token, "/api/v1/assets", "a.csv", csv_utf8(), &[])
            .await
            .status(),
        StatusCode::CREATED
    );
    problem(
        s.post_json(&w.reviewer.token, &path("verify"), json!({}))
            .await,
        StatusCode::CONFLICT,
        "participant.invalid_transition",
    )
    .await;
    let r: Value = s
        .post_json(
            &w.operator.token,
            &path("suspend"),
            json!({"reason": "资质过期"}),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        (r["status"].as_str(), r["status_reason"].as_str()),
        (Some("suspended"), Some("资质过期"))
    );
    let r = s
        .upload(&w.pending.token, "/api/v1/assets", "a.csv", csv_utf8(), &[])
        .await;
    problem(r, StatusCode::FORBIDDEN, "participant.not_verified").await;
    let r: Value = s
        .post_json(&w.operator.token, &path("reinstate"), json!({}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(r["status"], "verified");
    // The operator and regulators are not subject to verification.
    let op = w.operator.participant.clone();
    problem(
        s.post_json(
            &w.operator.token,
            &format!("/api/v1/participants/{op}/suspend"),
            json!({"reason": "x"}),
        )
        .await,
        StatusCode::CONFLICT,
        "participant.invalid_transition",
    )
    .await;
    // Unknown and malformed ids.
    problem(
        s.post_json(
            &w.operator.token,
            "/api/v1/participants/prt_00000000000000000000000000000000/verify",
            json!({}),
        )
        .await,
        StatusCode::NOT_FOUND,
        "participant.not_found",
    )
    .await;
    problem(
        s.get(&w.operator.token, "/api/v1/participants/not-an-id")
            .await,
        StatusCode::NOT_FOUND,
        "participant.not_found",
    )
    .await;
    problem(
        s.get(
            &w.operator.token,
            "/api/v1/assets/ast_00000000000000000000000000000000",
        )
        .await,
        StatusCode::NOT_FOUND,
        "asset.not_found",
    )
    .await;
}
