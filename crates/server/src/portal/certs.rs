//! Certificates for people: an asset's registration (or destruction) certificate rendered with
//! its QR code, the public JSON download, and the public verification page that anyone — with
//! or without an account — uses to check a certificate by id or by pasting it.
//!
//! Verification runs `app::certs::verify_certificate` against this exchange's issuer and log
//! key, then reads the signed status list the certificate names: the same checks an offline
//! verifier makes, shown one by one.

use app::certs::{CertError, CertificateCheck, CertificateView};
use app::{Code, Error};
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use maud::{Markup, PreEscaped, html};
use serde_json::Value;
use types::AssetId;

use super::account::with_form_cookie;
use super::layout::local_time;
use super::rights::{grant_cells, grant_headers, lifecycle_badge, source_summary};
use super::{Ctx, Lang, Page, PageResult, field, form_fields};
use crate::AppState;
use crate::problem::ApiError;

/// The largest certificate the verify form takes (a real one is a few kilobytes).
pub(crate) const MAX_PASTED_BYTES: usize = 1024 * 1024;

#[derive(serde::Deserialize)]
pub(crate) struct KindQuery {
    kind: Option<String>,
}

#[derive(serde::Deserialize)]
pub(crate) struct VerifyQuery {
    id: Option<String>,
}

fn when(text: &str) -> String {
    types::parse_timestamp(text)
        .map(|t| local_time(&t))
        .unwrap_or_else(|| text.to_owned())
}

/// The path of a certificate's JSON (its id percent-encoded into one segment).
pub(crate) fn json_path(id: &str) -> String {
    format!(
        "/certificates/{}.json",
        super::encode(id).replace('/', "%2F")
    )
}

/// The public verification URL of a certificate, relative or under `base`.
fn verify_url(base: &str, id: &str) -> String {
    let query = serde_urlencoded::to_string([("id", id)]).unwrap_or_default();
    format!("{}/verify?{query}", base.trim_end_matches('/'))
}

/// A QR code for `text` as inline SVG (the XML declaration dropped, a class and label added).
fn qr_svg(text: &str, label: &str) -> Option<PreEscaped<String>> {
    let code =
        qrcode::QrCode::with_error_correction_level(text.as_bytes(), qrcode::EcLevel::M).ok()?;
    let svg = code
        .render::<qrcode::render::svg::Color<'_>>()
        .min_dimensions(180, 180)
        .quiet_zone(true)
        .build();
    let start = svg.find("<svg")?;
    // The label is ours (a fixed string), never the certificate's content.
    let labelled = svg[start..].replacen(
        "<svg ",
        &format!(
            "<svg class=\"qr\" role=\"img\" aria-label=\"{}\" ",
            maud::html! { (label) }.into_string()
        ),
        1,
    );
    Some(PreEscaped(labelled))
}

fn kind_title(l: Lang, kind: &str) -> &'static str {
    if kind == "destruction" {
        l.t("数据资产销毁凭证", "Data asset destruction certificate")
    } else {
        l.t("数据资产登记凭证", "Data asset registration certificate")
    }
}

fn revoked_reason(l: Lang, reason: Option<&str>) -> String {
    match reason {
        Some("superseded") => l
            .t(
                "已被新凭证取代（权利状态变更）",
                "superseded (the rights changed)",
            )
            .to_owned(),
        Some("destroyed") => l.t("数据资产已销毁", "the asset was destroyed").to_owned(),
        Some(other) => other.to_owned(),
        None => String::new(),
    }
}

/// `/assets/{id}/certificate`: the asset's current certificate, issued on the spot if due.
pub(crate) async fn page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Query(q): Query<KindQuery>,
) -> PageResult {
    let (p, _) = ctx.require()?;
    let l = ctx.lang;
    let id = AssetId::parse(&id).map_err(|_| ctx.error(Error::new(Code::AssetNotFound)))?;
    let view = state
        .app
        .rights_view(p, &id)
        .await
        .map_err(|e| ctx.error(e))?;
    let kind = match q.kind.as_deref() {
        None | Some("") if view.lifecycle == "destroyed" => "destruction",
        None | Some("") => "registration",
        Some(k @ ("registration" | "destruction")) => k,
        Some(_) => return Err(ctx.error(Error::new(Code::CertificateNotFound))),
    };
    let cert = match state.app.asset_certificate(p, &id, kind).await {
        Ok(c) => c,
        Err(e) if e.code() == Code::LogPending => {
            let body = html! {
                div.alert.ok {
                    strong { (l.t("凭证正在签发。", "The certificate is being issued.")) }
                    " " (l.t("它要在存证日志确认该登记事件后才能签发，通常不到一秒；本页会自动刷新。",
                        "It is issued once the transparency log has sequenced the event, usually within a second; this page refreshes by itself."))
                }
                p { a href={"/assets/" (id) "/rights"} { (l.t("← 返回权利登记", "← Back to the rights")) } }
            };
            return Ok(Page::new(&ctx, kind_title(l, kind), body)
                .refresh_every(1)
                .into_response());
        }
        Err(e) => return Err(ctx.error(e)),
    };
    let previous: Vec<CertificateView> = state
        .app
        .asset_certificates(p, &id)
        .await
        .map_err(|e| ctx.error(e))?
        .into_iter()
        .filter(|c| c.id != cert.id)
        .collect();
    let check = app::certs::verify_certificate(
        &cert.credential,
        Some(&state.app.issuer_did()),
        Some(&state.app.log_key().verifier_key),
    );
    let public = verify_url(&state.app.config().public_url, &cert.id);
    let body = html! {
        p.muted { a href={"/assets/" (id) "/rights"} { (l.t("← 返回权利登记", "← Back to the rights")) } " · " (lifecycle_badge(l, &view.lifecycle)) }
        @if let Some(at) = &cert.revoked_at {
            div.alert.error { strong { (l.t("该凭证已撤销：", "This certificate is revoked: ")) } (revoked_reason(l, cert.revoked_reason.as_deref())) " · " (when(at)) }
        }
        (certificate_card(l, &cert, check.as_ref().ok()))
        @if let Err(e) = &check {
            div.alert.error { strong { (l.t("核验未通过：", "The check failed: ")) } (l.pick(&e.message_zh(), &e.to_string())) " " span.mono { "[" (e.code()) "]" } }
        }
        div.card.verify {
            @if let Some(svg) = qr_svg(&public, l.t("凭证核验二维码", "QR code to verify the certificate")) {
                (svg)
            }
            p { (l.t("扫描二维码或打开以下链接，任何人无需登录即可核验本凭证：", "Scan the code or open the link to check this certificate; no account needed:")) }
            p.mono { a href=(verify_url("", &cert.id)) { (public) } }
            p { a.button href=(json_path(&cert.id)) download="certificate.json" { (l.t("下载凭证 JSON", "Download the JSON")) } }
        }
        @if !previous.is_empty() {
            h2 { (l.t("历史凭证", "Earlier certificates")) }
            div.table-wrap { table {
                thead { tr { th { (l.t("凭证编号", "Certificate")) } th { (l.t("类型", "Kind")) } th { (l.t("签发", "Issued")) } th { (l.t("撤销", "Revoked")) } th {} } }
                tbody { @for c in &previous {
                    tr {
                        td.mono { (c.id) }
                        td { (kind_title(l, &c.kind)) }
                        td.nowrap { (when(&c.issued_at)) }
                        td { @match &c.revoked_at {
                            Some(at) => { span.badge.suspended { (l.t("已撤销", "revoked")) } " " (when(at)) br; span.muted { (revoked_reason(l, c.revoked_reason.as_deref())) } },
                            None => span.badge.verified { (l.t("有效", "valid")) },
                        } }
                        td.nowrap { a href=(verify_url("", &c.id)) { (l.t("核验", "Verify")) } " · " a href=(json_path(&c.id)) { "JSON" } }
                    }
                } }
            } }
        }
    };
    Ok(Page::new(&ctx, kind_title(l, &cert.kind), body).into_response())
}

/// The certificate for people: issuer, ids, the asset, its holders and rights or what was
/// destroyed, and where the attested event sits in the log.
fn certificate_card(l: Lang, cert: &CertificateView, check: Option<&CertificateCheck>) -> Markup {
    let c = &cert.credential;
    let subject = &c["credentialSubject"];
    let issuer = c["issuer"]["id"]
        .as_str()
        .or(c["issuer"].as_str())
        .unwrap_or_default();
    let asset = subject["id"]
        .as_str()
        .unwrap_or_default()
        .trim_start_matches("urn:dataport:asset:");
    let registration = &subject["registration"];
    // The title is part of the stated (digested) state: the registration's or the destruction's.
    let stated = if registration.is_object() {
        registration
    } else {
        &subject["destruction"]
    };
    let title = l
        .pick_opt(stated["title"].as_str(), stated["titleEn"].as_str())
        .unwrap_or_default();
    let record = &registration["record"];
    let names = &registration["holders"];
    let receipt = c["evidence"]
        .as_array()
        .and_then(|e| e.iter().find(|x| x["receipt"].is_object()))
        .map(|x| &x["receipt"]);
    html! {
        div.card.certificate {
            h2 { (kind_title(l, &cert.kind)) }
            dl.kv {
                dt { (l.t("签发方", "Issuer")) } dd { (c["issuer"]["name"].as_str().unwrap_or("数港 Dataport")) br; span.mono { (issuer) } }
                dt { (l.t("凭证编号", "Certificate id")) } dd.mono { (cert.id) }
                dt { (l.t("签发时间", "Issued")) } dd { (when(&cert.issued_at)) }
                dt { (l.t("数据资产", "Asset")) } dd { strong { (title) } br; span.mono { (asset) } }
                @if cert.kind == "destruction" {
                    @let d = &subject["destruction"];
                    dt { (l.t("销毁日期", "Destroyed on")) } dd { (d["on"].as_str().unwrap_or_default()) }
                    dt { (l.t("销毁原因", "Reason")) } dd { (d["reason"].as_str().unwrap_or_default()) }
                    dt { (l.t("方式", "Method")) } dd { (d["method"].as_str().unwrap_or_default()) }
                    dt { (l.t("已删除的文件", "Files deleted")) }
                    dd { ul { @for f in d["files"].as_array().into_iter().flatten() {
                        li { "v" (f["version"]) " · " span.mono { (f["sha256"].as_str().unwrap_or_default()) } }
                    } } }
                } @else {
                    dt { (l.t("来源声明", "Source declaration")) } dd { (source_summary(l, &record["source"])) }
                    @if let Some(lineage) = record["lineage"].as_array().filter(|a| !a.is_empty()) {
                        dt { (l.t("数据血缘", "Lineage")) }
                        dd { ul { @for x in lineage {
                            li { (l.t("来源 ", "From ")) span.mono { (x["source"].as_str().unwrap_or_default()) } (l.t("，依据授权 ", ", under grant ")) span.mono { (x["grant"].as_str().unwrap_or_default()) } }
                        } } }
                    }
                    @if let Some(reason) = record["objection"].as_str() {
                        dt { (l.t("异议", "Objection")) } dd { span.badge.suspended { (l.t("处理中", "open")) } " " (reason) }
                    }
                    @if record["cancelled"].as_bool() == Some(true) {
                        dt { (l.t("登记状态", "Registration")) } dd { span.badge.suspended { (l.t("已注销", "cancelled")) } }
                    }
                }
                dt { (l.t("存证日志", "Transparency log")) }
                dd {
                    @match check {
                        Some(k) => { (l.t("条目 #", "Entry #")) (k.log_index) (l.t("，树大小 ", ", tree size ")) (k.tree_size) br; span.mono.muted { (k.log_origin) " · " (k.event_type) } },
                        None => { (l.t("条目 #", "Entry #")) (receipt.map(|r| r["index"].to_string()).unwrap_or_else(|| "—".into())) },
                    }
                }
                dt { (l.t("状态摘要", "State digest")) } dd.mono { (subject["stateDigest"].as_str().unwrap_or_default()) }
                dt { (l.t("撤销状态", "Revocation")) }
                dd { @match &cert.revoked_at {
                    Some(at) => { span.badge.suspended { (l.t("已撤销", "revoked")) } " " (when(at)) " · " (revoked_reason(l, cert.revoked_reason.as_deref())) },
                    None => span.badge.verified { (l.t("有效，未撤销", "valid, not revoked")) },
                } }
            }
            @if cert.kind != "destruction" {
                h2 { (l.t("权利持有人与权利", "Holders and rights")) }
                div.table-wrap { table {
                    thead { tr { th { (l.t("持有人", "Holder")) } (grant_headers(l)) } }
                    tbody { @for g in registration["grants"].as_array().into_iter().flatten() {
                        @let holder = g["holder"].as_str().unwrap_or_default();
                        @let who = &names[holder];
                        tr {
                            td {
                                (l.pick_opt(who["name"].as_str(), who["nameEn"].as_str()).unwrap_or("—"))
                                br; span.mono.muted { (who["orgIdScheme"].as_str().unwrap_or_default().to_uppercase()) " " (who["orgId"].as_str().unwrap_or_default()) }
                            }
                            (grant_cells(l, g))
                        }
                    } }
                } }
            }
        }
    }
}

/// `/certificates/{id}.json`: the credential itself, public like the certificate's id.
pub(crate) async fn json(State(state): State<AppState>, Path(file): Path<String>) -> Response {
    let Some(id) = file.strip_suffix(".json") else {
        return ApiError(Error::new(Code::NotFound)).into_response();
    };
    match state.app.certificate(id).await {
        Ok(c) => {
            let body = serde_json::to_vec_pretty(&c.credential).unwrap_or_default();
            let mut r = body.into_response();
            let h = r.headers_mut();
            h.insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            );
            h.insert(
                header::CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=60"),
            );
            // Verifiers elsewhere may fetch it from a browser.
            h.insert(
                header::ACCESS_CONTROL_ALLOW_ORIGIN,
                HeaderValue::from_static("*"),
            );
            r
        }
        Err(e) => ApiError(e).into_response(),
    }
}

// ---------------------------------------------------------------------------------------------
// Verification.

/// One check as the page shows it.
enum Step {
    Passed(String),
    Failed(String, String),
    NotChecked,
}

/// What checking a certificate established: the five checks in order (signature, issuer, log
/// inclusion, event, revocation), a failure outside them (a malformed certificate), and on
/// success what the certificate states.
struct Outcome {
    steps: [Step; 5],
    other: Option<(String, String)>,
    check: Option<CertificateCheck>,
}

impl Outcome {
    fn passed(&self) -> bool {
        self.other.is_none() && self.steps.iter().all(|s| matches!(s, Step::Passed(_)))
    }
}

fn failed(l: Lang, e: &CertError) -> Step {
    Step::Failed(
        e.code().to_owned(),
        l.pick(&e.message_zh(), &e.to_string()).to_owned(),
    )
}

/// The number of the status list a certificate names: the last segment of its URL.
fn list_number(url: &str) -> Option<i64> {
    url.trim_end_matches('/').rsplit('/').next()?.parse().ok()
}

async fn run_checks(state: &AppState, l: Lang, credential: &Value) -> Outcome {
    use Step::{NotChecked as N, Passed as P};
    let issuer = state.app.issuer_did();
    let log_key = state.app.log_key().verifier_key;
    let check = match app::certs::verify_certificate(credential, Some(&issuer), Some(&log_key)) {
        Ok(c) => c,
        Err(e) => {
            let ok = |zh: &str, en: &str| P(l.pick(zh, en).to_owned());
            let signed = || ok("签名有效。", "The signature holds.");
            let issued = || ok("由本平台签发。", "Issued by this exchange.");
            // The order verify_certificate checks in: the proof, the issuer, the stated state,
            // the log receipt, the logged event.
            let (steps, other) = match &e {
                CertError::Proof(_) => ([failed(l, &e), N, N, N, N], None),
                CertError::Issuer { .. } => ([signed(), failed(l, &e), N, N, N], None),
                CertError::LogKey { .. } | CertError::Receipt(_) => {
                    ([signed(), issued(), failed(l, &e), N, N], None)
                }
                CertError::Mismatch(_) => ([signed(), issued(), N, failed(l, &e), N], None),
                CertError::Shape(_) | CertError::Status(_) => (
                    [signed(), N, N, N, N],
                    Some((
                        e.code().to_owned(),
                        l.pick(&e.message_zh(), &e.to_string()).to_owned(),
                    )),
                ),
            };
            return Outcome {
                steps,
                other,
                check: None,
            };
        }
    };
    let revocation = match check.status_list.as_deref().and_then(list_number) {
        None => Step::Failed(
            "certificate.bad_status_list".into(),
            l.t(
                "凭证未载明可识别的状态列表。",
                "The certificate names no status list this exchange publishes.",
            )
            .into(),
        ),
        Some(list) => match state.app.status_list_credential(list).await {
            Err(_) => Step::Failed(
                "certificate.bad_status_list".into(),
                l.t(
                    "本平台没有该凭证所载明的状态列表。",
                    "This exchange publishes no such status list.",
                )
                .into(),
            ),
            Ok(status) => match app::certs::check_status(&check, &status) {
                Ok(false) => P(match l {
                    Lang::Zh => format!("状态列表 {list} 未将其标记为撤销。"),
                    Lang::En => format!("Status list {list} does not mark it revoked."),
                }),
                Ok(true) => Step::Failed(
                    "certificate.revoked".into(),
                    l.t(
                        "该凭证已被撤销（被新凭证取代、数据资产已销毁或登记失效）。",
                        "The certificate is revoked (superseded, the asset destroyed, or the registration fallen).",
                    )
                    .into(),
                ),
                Err(e) => failed(l, &e),
            },
        },
    };
    let steps = match l {
        Lang::Zh => [
            P("签名有效，内容自签发以来未被改动。".into()),
            P(format!("由本平台签发（{}）。", check.issuer)),
            P(format!(
                "检查点签名与包含证明有效：条目 #{}，树大小 {}。",
                check.log_index, check.tree_size
            )),
            P(format!(
                "日志中的事件（{}）关于该数据资产，并载明相同的状态摘要。",
                check.event_type
            )),
            revocation,
        ],
        Lang::En => [
            P("The signature holds: nothing changed since it was signed.".into()),
            P(format!("Issued by this exchange ({}).", check.issuer)),
            P(format!(
                "The checkpoint signature and inclusion proof hold: entry #{} of {}.",
                check.log_index, check.tree_size
            )),
            P(format!(
                "The logged event ({}) is about this asset and carries the same state digest.",
                check.event_type
            )),
            revocation,
        ],
    };
    Outcome {
        steps,
        other: None,
        check: Some(check),
    }
}

fn outcome_markup(l: Lang, o: &Outcome) -> Markup {
    let names = [
        l.t("签名", "Signature"),
        l.t("签发方", "Issuer"),
        l.t("存证日志包含证明", "Log inclusion"),
        l.t("事件一致", "Event matches"),
        l.t("未撤销", "Not revoked"),
    ];
    html! {
        @if o.passed() {
            div.alert.ok { strong { (l.t("凭证有效：全部核验通过。", "The certificate holds: every check passed.")) } }
        } @else {
            div.alert.error {
                strong { (l.t("凭证未通过核验。", "The certificate does not hold.")) }
                @if let Some((code, message)) = &o.other { " " (message) " " span.mono { "[" (code) "]" } }
            }
        }
        div.table-wrap { table.checks {
            thead { tr { th { (l.t("核验项", "Check")) } th { (l.t("结果", "Result")) } th { (l.t("说明", "Detail")) } } }
            tbody { @for (name, step) in names.iter().zip(&o.steps) {
                tr {
                    td { (name) }
                    @match step {
                        Step::Passed(m) => { td { span.badge.verified { (l.t("通过", "passed")) } } td { (m) } },
                        Step::Failed(code, m) => { td { span.badge.suspended { (l.t("未通过", "failed")) } } td { (m) " " span.mono.muted { "[" (code) "]" } } },
                        Step::NotChecked => { td { span.badge { (l.t("未核验", "not checked")) } } td.muted { (l.t("前一项未通过，未继续核验。", "Not reached: an earlier check failed.")) } },
                    }
                }
            } }
        } }
        @if let Some(k) = &o.check {
            div.card { dl.kv {
                dt { (l.t("凭证类型", "Kind")) } dd { (kind_title(l, &k.kind)) }
                dt { (l.t("凭证编号", "Certificate id")) } dd.mono { a href=(json_path(&k.id)) { (k.id) } }
                dt { (l.t("数据资产", "Asset")) } dd { strong { (k.title) } br; span.mono { (k.asset) } }
                dt { (l.t("生效时间", "Valid from")) } dd { (k.valid_from) }
                dt { (l.t("存证事件", "Logged event")) } dd.mono { (k.event_type) " · " (k.event) }
                dt { (l.t("日志", "Log")) } dd.mono { (k.log_origin) " · #" (k.log_index) " / " (k.tree_size) }
                dt { (l.t("状态摘要", "State digest")) } dd.mono { (k.state_digest) }
            } }
        }
    }
}

fn verify_page(
    state: &AppState,
    ctx: &Ctx,
    token: &str,
    result: Option<Markup>,
    pasted: &str,
) -> Page {
    let l = ctx.lang;
    let key = state.app.log_key();
    let body = html! {
        p.muted { (l.t(
            "核验数港签发的数据资产登记凭证或销毁凭证：签名、签发方、存证日志包含证明、日志事件与凭证内容是否一致，以及是否已被撤销。无需登录；粘贴凭证 JSON，或通过凭证上的二维码打开本页。",
            "Check a data asset registration or destruction certificate Dataport issued: its signature, issuer, transparency-log inclusion, that the logged event matches what it states, and that it is not revoked. No account needed: paste the certificate's JSON, or open this page from the QR code on a certificate."
        )) }
        @if let Some(r) = result { (r) }
        h2 { (l.t("粘贴凭证", "Paste a certificate")) }
        div.card { form.stack method="post" action="/verify" {
            input type="hidden" name="csrf" value=(token);
            label { (l.t("凭证（JSON）", "Certificate (JSON)")) textarea.mono name="certificate" rows="12" required { (pasted) } }
            div.actions { button type="submit" { (l.t("核验", "Check")) } }
        } }
        p.muted {
            (l.t("本平台签发方：", "This exchange's issuer: ")) span.mono { (state.app.issuer_did()) }
            br; (l.t("存证日志公钥：", "Log verifier key: ")) span.mono { (key.verifier_key) }
        }
    };
    Page::new(ctx, l.t("凭证核验", "Verify a certificate"), body)
}

fn error_alert(l: Lang, e: &Error) -> Markup {
    html! {
        div.alert.error {
            strong { (l.pick(e.code().title_zh(), e.code().title_en())) }
            @if let Some(d) = l.pick_opt(e.detail_zh(), e.detail_en()) { " " (d) }
            " " span.mono { "[" (e.code().as_str()) "]" }
        }
    }
}

/// `GET /verify`, public: the form, and with `?id=` the check of that certificate.
pub(crate) async fn verify_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<VerifyQuery>,
) -> PageResult {
    let l = ctx.lang;
    let token = ctx.form_token();
    let mut status = StatusCode::OK;
    let result = match q.id.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => None,
        Some(id) => match state.app.certificate(id).await {
            Ok(c) => Some(outcome_markup(
                l,
                &run_checks(&state, l, &c.credential).await,
            )),
            Err(e) => {
                status = crate::problem::status_of(e.code());
                Some(error_alert(l, &e))
            }
        },
    };
    let mut r = with_form_cookie(&ctx, &token, verify_page(&state, &ctx, &token, result, ""));
    *r.status_mut() = status;
    Ok(r)
}

/// `POST /verify`, public: checks a pasted certificate (at most [`MAX_PASTED_BYTES`]).
pub(crate) async fn verify(
    State(state): State<AppState>,
    ctx: Ctx,
    body: Result<Bytes, BytesRejection>,
) -> PageResult {
    let l = ctx.lang;
    let token = ctx.form_token();
    let Ok(body) = body else {
        let e = Error::new(Code::TooLarge).detail(
            "A certificate to check is at most 1 MB.",
            "待核验的凭证不超过 1 MB。",
        );
        let page = verify_page(&state, &ctx, &token, Some(error_alert(l, &e)), "");
        let mut r = with_form_cookie(&ctx, &token, page);
        *r.status_mut() = StatusCode::PAYLOAD_TOO_LARGE;
        return Ok(r);
    };
    let f = form_fields(&body);
    ctx.check_form_token(field(&f, "csrf"))?;
    let text = field(&f, "certificate").unwrap_or_default();
    let result = match serde_json::from_str::<Value>(text) {
        Ok(value) if value.is_object() => outcome_markup(l, &run_checks(&state, l, &value).await),
        _ => html! {
            div.alert.error {
                strong { (l.t("这不是凭证 JSON。", "This is not certificate JSON.")) }
                " " span.mono { "[certificate.malformed]" }
            }
        },
    };
    let page = verify_page(&state, &ctx, &token, Some(result), text);
    Ok(with_form_cookie(&ctx, &token, page))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_list_numbers() {
        assert_eq!(
            list_number("https://x.example/api/v1/credentials/status/3"),
            Some(3)
        );
        assert_eq!(list_number("https://x.example/status/12/"), Some(12));
        assert_eq!(list_number("https://x.example/status/abc"), None);
        assert_eq!(list_number(""), None);
    }

    #[test]
    fn links_encode_the_id() {
        assert_eq!(
            verify_url("https://x.example/", "urn:uuid:01-ab"),
            "https://x.example/verify?id=urn%3Auuid%3A01-ab"
        );
        assert_eq!(
            json_path("urn:uuid:01-ab"),
            "/certificates/urn%3Auuid%3A01-ab.json"
        );
    }

    #[test]
    fn qr_codes_are_inline_svg() {
        let svg = qr_svg("https://x.example/verify?id=urn%3Auuid%3A1", "QR <label>")
            .unwrap()
            .into_string();
        assert!(svg.starts_with("<svg class=\"qr\""), "{svg}");
        assert!(svg.contains("aria-label=\"QR &lt;label&gt;\""), "{svg}");
        assert!(!svg.contains("<?xml"));
    }
}
