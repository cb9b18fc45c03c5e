//! The cross-border gate (数据出境合规) for people: a "what if" evaluator any signed-in person may
//! use, and an exporter's compliance page (this year's counters by legal basis, approvals on
//! record with their validity, recent decisions), where operator staff record approvals.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::response::IntoResponse;
use maud::{Markup, html};

use super::layout::local_time;
use super::{Ctx, Lang, Page, PageResult, field, form_fields, see_other};
use crate::AppState;

/// A request to start from: personal information of 60,000 people to Japan for marketing.
const EXAMPLE: &str = r#"{
  "date": "2026-11-27",
  "exporter": {"ciio": false, "ftz": null},
  "data": {"level": "general", "individuals": 60000, "sensitive_individuals": 0,
           "collected_abroad": false, "domestic_pi_mixed": false,
           "domain": "automotive", "scenario": "after_sales", "categories": ["vehicle_basic_info"]},
  "transfer": {"destination": "JP", "purpose": "marketing", "recipient_restricted": false},
  "exported_this_year": {"individuals": 50000, "sensitive_individuals": 0},
  "approvals": []
}"#;

fn outcome_label(l: Lang, outcome: &str) -> (&'static str, String) {
    let (class, zh, en) = match outcome {
        "not_cross_border" => ("verified", "不构成数据出境", "Not a data export"),
        "exempt" => ("verified", "免予申报", "Exempt"),
        "standard_contract_or_certification" => (
            "pending",
            "标准合同或个人信息保护认证",
            "Standard contract or certification",
        ),
        "security_assessment" => ("pending", "数据出境安全评估", "Security assessment"),
        "prohibited" => ("suspended", "禁止出境", "Prohibited"),
        other => return ("", other.to_owned()),
    };
    (class, l.t(zh, en).to_owned())
}

fn decision_card(state: &AppState, l: Lang, d: &serde_json::Value) -> Markup {
    let outcome = d["outcome"].as_str().unwrap_or_default();
    let (class, label) = outcome_label(l, outcome);
    let allowed = d["allowed_now"].as_bool().unwrap_or(false);
    let list = |v: &serde_json::Value| -> Vec<String> {
        v.as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|x| x.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default()
    };
    html! {
        div.card {
            dl.kv {
                dt { (l.t("出境路径", "Route")) } dd { span class={"badge " (class)} { (label) } }
                dt { (l.t("今日可否进行", "Allowed today")) }
                dd { @if allowed { span.badge.verified { (l.t("可以", "Yes")) } } @else { span.badge.suspended { (l.t("不可", "No")) } } }
                dt { (l.t("本年累计（含本次）", "This year, with this transfer")) }
                dd { (d["cumulative"]["individuals"]) " " (l.t("人个人信息", "people's PI")) " · " (d["cumulative"]["sensitive_individuals"]) " " (l.t("人敏感个人信息", "people's sensitive PI")) }
                @let missing = list(&d["missing"]);
                @if !missing.is_empty() {
                    dt { (l.t("尚缺", "Missing")) } dd.mono { (missing.join(", ")) }
                }
                @let documents = list(&d["documents"]);
                @if !documents.is_empty() {
                    dt { (l.t("应备文件", "Documents to keep")) } dd.mono { (documents.join(", ")) }
                }
            }
            h2 { (l.t("依据", "Grounds")) }
            ul { @for r in d["reasons"].as_array().into_iter().flatten() {
                @let rule = r["rule"].as_str().unwrap_or_default();
                li {
                    @match (l, state.app.xborder_rule_zh(rule)) {
                        (Lang::Zh, Some(zh)) => (zh),
                        _ => (r["detail"].as_str().unwrap_or_default()),
                    }
                    br; span.muted { (r["basis"].as_str().unwrap_or_default()) } " " span.mono.muted { "[" (rule) "]" }
                }
            } }
        }
    }
}

fn evaluator(
    ctx: &Ctx,
    state: &AppState,
    csrf: &str,
    text: &str,
    result: Option<Markup>,
) -> Markup {
    let l = ctx.lang;
    html! {
        p.muted { (l.t(
            "描述一次向境外（含香港、澳门、台湾）提供数据的传输，平台按《促进和规范数据跨境流动规定》及已加载的自贸区清单给出出境路径、今日能否进行、尚缺的审批和应备文件，并附法律依据。此处仅供评估，不作记录。",
            "Describe a transfer of data to a recipient outside the mainland (Hong Kong, Macao and Taiwan included): the exchange gives the legal route under the 2024 Provisions and the loaded FTZ lists, whether it may proceed today, what approvals are missing and which documents to keep, with the legal grounds. Nothing is recorded."
        )) }
        @if let Some(r) = result { (r) }
        form method="post" action="/xborder" {
            input type="hidden" name="csrf" value=(csrf);
            label { (l.t("出境请求（JSON）", "Transfer request (JSON)")) textarea.mono name="request" rows="16" required { (text) } }
            button type="submit" { (l.t("评估", "Evaluate")) }
        }
        p.muted { (l.t("现行规则：", "Rules in force: ")) span.mono { (state.app.xborder_rules().join(", ")) } }
    }
}

pub(crate) async fn page(State(state): State<AppState>, ctx: Ctx) -> PageResult {
    let (_, session) = ctx.require()?;
    let body = evaluator(&ctx, &state, &session.csrf_token, EXAMPLE, None);
    Ok(Page::new(
        &ctx,
        ctx.lang.t("数据出境评估", "Cross-border transfer check"),
        body,
    )
    .into_response())
}

pub(crate) async fn evaluate(State(state): State<AppState>, ctx: Ctx, body: Bytes) -> PageResult {
    let f = form_fields(&body);
    ctx.check_csrf(field(&f, "csrf"))?;
    let (p, session) = ctx.require()?;
    let l = ctx.lang;
    let text = field(&f, "request").unwrap_or_default();
    let result =
        match app::xborder::parse_request(text).and_then(|r| state.app.evaluate_transfer(p, &r)) {
            Ok(d) => decision_card(&state, l, &serde_json::to_value(d).unwrap_or_default()),
            Err(e) => html! {
                div.alert.error {
                    strong { (l.pick(e.code().title_zh(), e.code().title_en())) }
                    @if let Some(d) = l.pick_opt(e.detail_zh(), e.detail_en()) { " " (d) }
                }
            },
        };
    let body = evaluator(&ctx, &state, &session.csrf_token, text, Some(result));
    Ok(Page::new(
        &ctx,
        l.t("数据出境评估", "Cross-border transfer check"),
        body,
    )
    .into_response())
}

pub(crate) async fn compliance(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
) -> PageResult {
    let (p, session) = ctx.require()?;
    let l = ctx.lang;
    let id = crate::api::participants::participant_id(&id).map_err(|e| ctx.error(e))?;
    let year = chrono::Datelike::year(&app::today_in_china());
    let c = state
        .app
        .xborder_compliance(p, &id, year)
        .await
        .map_err(|e| ctx.error(e))?;
    let today = app::today_in_china().format("%Y-%m-%d").to_string();
    let body = html! {
        p.muted { (l.t(
            "本年度（1 月 1 日起，北京时间）已实际出境的个人信息人数，按法律依据分列；阈值按全部出境人数累计（从严口径）。",
            "People whose personal information left this year (since 1 January, Beijing time), by legal basis; thresholds are tested against every export (the stricter reading)."
        )) }
        h2 { (l.t("出境主体信息", "Exporter record")) }
        div.card {
            @match &c.profile {
                Some(pr) => dl.kv {
                    dt { (l.t("关键信息基础设施运营者", "CIIO")) } dd { @if pr.ciio { span.badge.pending { (l.t("是", "yes")) } } @else { (l.t("否", "no")) } }
                    dt { (l.t("自贸区清单", "FTZ list")) } dd { (pr.ftz.as_deref().unwrap_or("—")) }
                    dt { (l.t("依据", "Basis")) } dd { (pr.basis) }
                },
                None => p.muted { (l.t("运营方尚未登记；出境决定暂以出境方自报的 CIIO 与自贸区信息为准。", "Not recorded by the operator yet; decisions use the exporter's own declaration of CIIO status and FTZ.")) },
            }
            @if p.is_operator_reviewer() {
                form method="post" action={"/participants/" (id) "/xborder/profile"} {
                    input type="hidden" name="csrf" value=(session.csrf_token);
                    label { input type="checkbox" name="ciio" value="true"; " " (l.t("关键信息基础设施运营者", "Critical information infrastructure operator")) }
                    label { (l.t("自贸区（已加载清单）", "Free-trade zone (with a loaded list)")) select name="ftz" {
                        option value="" { "—" }
                        @for z in state.app.xborder_zones() { option value=(z) { (z) } }
                    } }
                    label { (l.t("依据", "Basis")) input type="text" name="basis" maxlength="500" required; }
                    button type="submit" { (l.t("登记", "Record")) }
                }
            }
        }
        h2 { (year) " " (l.t("年出境计数", "counters")) }
        div.card {
            dl.kv {
                dt { (l.t("计入阈值：个人信息", "Counted: personal information")) } dd { strong { (c.counted.individuals) } }
                dt { (l.t("计入阈值：敏感个人信息", "Counted: sensitive")) } dd { strong { (c.counted.sensitive_individuals) } }
            }
            @if !c.counters.is_empty() {
                table {
                    thead { tr { th { (l.t("依据", "Basis")) } th { (l.t("次数", "Transfers")) } th { (l.t("人数", "People")) } th { (l.t("敏感", "Sensitive")) } } }
                    tbody { @for k in &c.counters { tr { td.mono { (k.counting) } td { (k.transfers) } td { (k.individuals) } td { (k.sensitive_individuals) } } } }
                }
            }
        }
        h2 { (l.t("在案审批", "Approvals on record")) }
        @if c.approvals.is_empty() {
            p.muted { (l.t("暂无。", "None.")) }
        } @else {
            div.table-wrap { table {
                thead { tr { th { (l.t("类型", "Kind")) } th { (l.t("编号", "Reference")) } th { (l.t("签发", "Issued")) } th { (l.t("有效期至", "Valid until")) } th { (l.t("备注", "Note")) } th { (l.t("文件", "Document")) } } }
                tbody { @for a in &c.approvals {
                    tr {
                        td { (match a.kind.as_str() {
                            "security_assessment" => l.t("安全评估", "Security assessment"),
                            "standard_contract" => l.t("标准合同备案", "Standard contract (filed)"),
                            _ => l.t("个人信息保护认证", "Certification"),
                        }) }
                        td.mono { (a.reference) }
                        td { (a.issued) }
                        td { @match &a.valid_until {
                            Some(v) if v.as_str() < today.as_str() => span.badge.suspended { (v) " " (l.t("已过期", "expired")) },
                            Some(v) => (v),
                            None => span.muted { (l.t("法定期限", "statutory term")) },
                        } }
                        td { (a.note) }
                        td {
                            @if let Some((sha, _, _)) = &a.document {
                                a href={"/participants/" (id) "/xborder/approvals/" (a.id) "/document"} { (l.t("查看", "View")) }
                                " " span.mono.muted { (sha.get(..12).unwrap_or_default()) "…" }
                            }
                            @if p.is_operator_reviewer() {
                                form method="post" enctype="multipart/form-data" action={"/participants/" (id) "/xborder/approvals/" (a.id) "/document"} {
                                    input type="hidden" name="csrf" value=(session.csrf_token);
                                    input type="file" name="file" accept="application/pdf,image/png,image/jpeg" required;
                                    button type="submit" { (l.t("上传", "Upload")) }
                                }
                            }
                        }
                    }
                } }
            } }
        }
        @if p.is_operator_reviewer() {
            div.card {
                h2 { (l.t("登记审批", "Record an approval")) }
                form method="post" action={"/participants/" (id) "/xborder/approvals"} {
                    input type="hidden" name="csrf" value=(session.csrf_token);
                    label { (l.t("类型", "Kind")) select name="kind" {
                        option value="security_assessment" { (l.t("数据出境安全评估结果", "Security assessment result")) }
                        option value="standard_contract" { (l.t("个人信息出境标准合同备案", "Standard contract filing")) }
                        option value="certification" { (l.t("个人信息保护认证", "Personal information protection certification")) }
                    } }
                    label { (l.t("编号", "Reference")) input type="text" name="reference" maxlength="200" required; }
                    label { (l.t("签发或备案日期", "Issued or filed")) input type="date" name="issued" required; }
                    label { (l.t("有效期至（如文件载明）", "Valid until (when stated)")) input type="date" name="valid_until"; }
                    label { (l.t("备注", "Note")) input type="text" name="note" maxlength="1000"; }
                    button type="submit" { (l.t("登记", "Record")) }
                }
            }
        }
        h2 { (l.t("近期出境决定", "Recent decisions")) }
        @if c.transfers.is_empty() {
            p.muted { (l.t("暂无。", "None.")) }
        } @else {
            div.table-wrap { table {
                thead { tr { th { (l.t("时间", "When")) } th { (l.t("目的地", "Destination")) } th { (l.t("路径", "Route")) } th { (l.t("已执行", "Executed")) } th { (l.t("人数", "People")) } } }
                tbody { @for t in &c.transfers {
                    @let (class, label) = outcome_label(l, &t.outcome);
                    tr {
                        td.nowrap { (local_time(&t.decided_at)) }
                        td { (t.destination) }
                        td { span class={"badge " (class)} { (label) } }
                        td { @if t.executed { (l.t("是", "yes")) } @else { span.muted { (l.t("否", "no")) } } }
                        td { (t.individuals) " / " (t.sensitive_individuals) }
                    }
                } }
            } }
        }
        p { a href="/xborder" { (l.t("评估一次出境传输 →", "Check a transfer abroad →")) } }
    };
    Ok(Page::new(&ctx, l.t("数据出境合规", "Cross-border compliance"), body).into_response())
}

pub(crate) async fn record_approval(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    body: Bytes,
) -> PageResult {
    let f = form_fields(&body);
    ctx.check_csrf(field(&f, "csrf"))?;
    let (p, _) = ctx.require()?;
    let pid = crate::api::participants::participant_id(&id).map_err(|e| ctx.error(e))?;
    let new = app::xborder::NewApproval {
        kind: field(&f, "kind").unwrap_or_default().to_owned(),
        reference: field(&f, "reference").unwrap_or_default().to_owned(),
        issued: field(&f, "issued").unwrap_or_default().to_owned(),
        valid_until: field(&f, "valid_until").map(str::to_owned),
        note: field(&f, "note").unwrap_or_default().to_owned(),
    };
    state
        .app
        .record_approval(p, &pid, &new)
        .await
        .map_err(|e| ctx.error(e))?;
    Ok(see_other(&format!("/participants/{pid}/xborder")))
}

pub(crate) async fn set_profile(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    body: Bytes,
) -> PageResult {
    let f = form_fields(&body);
    ctx.check_csrf(field(&f, "csrf"))?;
    let (p, _) = ctx.require()?;
    let pid = crate::api::participants::participant_id(&id).map_err(|e| ctx.error(e))?;
    state
        .app
        .set_exporter_profile(
            p,
            &pid,
            field(&f, "ciio") == Some("true"),
            field(&f, "ftz"),
            field(&f, "basis").unwrap_or_default(),
        )
        .await
        .map_err(|e| ctx.error(e))?;
    Ok(see_other(&format!("/participants/{pid}/xborder")))
}

pub(crate) async fn document(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, approval)): Path<(String, String)>,
) -> PageResult {
    let (p, _) = ctx.require()?;
    let pid = crate::api::participants::participant_id(&id).map_err(|e| ctx.error(e))?;
    let approval = types::ApprovalId::parse(&approval)
        .map_err(|_| ctx.error(app::Error::new(app::Code::NotFound)))?;
    let (media_type, bytes) = state
        .app
        .approval_document(p, &pid, &approval)
        .await
        .map_err(|e| ctx.error(e))?;
    Ok(crate::api::xborder_document(&media_type, bytes))
}

/// An operator's upload of an approval's document, as a multipart form (CSRF field first).
pub(crate) async fn upload_document(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, approval)): Path<(String, String)>,
    mut form: axum::extract::Multipart,
) -> PageResult {
    let bad = |en: &str, zh: &str| {
        ctx.error(app::Error::new(app::Code::XborderInvalidApproval).detail(en, zh))
    };
    let mut csrf = None;
    let mut file = None;
    while let Some(field) = form
        .next_field()
        .await
        .map_err(|_| bad("The form is malformed.", "表单格式错误。"))?
    {
        match field.name() {
            Some("csrf") => csrf = field.text().await.ok(),
            Some("file") => {
                let kind = field.content_type().unwrap_or_default().to_owned();
                let bytes = field.bytes().await.map_err(|_| {
                    ctx.error(app::Error::new(app::Code::TooLarge).detail(
                        "An approval document is at most 20 MB.",
                        "审批文件不超过 20 MB。",
                    ))
                })?;
                file = Some((kind, bytes));
            }
            _ => {}
        }
    }
    ctx.check_csrf(csrf.as_deref())?;
    let (p, _) = ctx.require()?;
    let Some((kind, bytes)) = file else {
        return Err(bad("Choose a file.", "请选择文件。"));
    };
    let pid = crate::api::participants::participant_id(&id).map_err(|e| ctx.error(e))?;
    let approval = types::ApprovalId::parse(&approval)
        .map_err(|_| ctx.error(app::Error::new(app::Code::NotFound)))?;
    state
        .app
        .attach_approval_document(p, &pid, &approval, &kind, bytes)
        .await
        .map_err(|e| ctx.error(e))?;
    Ok(see_other(&format!("/participants/{pid}/xborder")))
}
