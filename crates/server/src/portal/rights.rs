//! The rights registry (三权分置) for people: an asset's rights page — lifecycle with the moves
//! the viewer may make, source declaration, objection, the grants over it, its lineage drawn as
//! an SVG graph, evidence documents, accounts and costs, and the forms for every rights change
//! — and a participant's data-asset register with its CSV download.
//!
//! The page offers only the forms that fit the viewer (owner, grant holder, operator); `app`
//! still decides every change, and a refusal is shown as the portal's error page.
//!
//! Grant kinds and statuses, sources and open classes are read through their serde form — the
//! form a certificate carries — so this page and the certificate share one renderer.

use app::rights::{GrantView, LineageGraph, RightsView};
use app::{Code, Error, Principal};
use axum::body::Bytes;
use axum::extract::{Multipart, Path, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use maud::{Markup, html};
use serde_json::{Value, json};
use types::{AssetId, GrantId, ParticipantId};

use super::layout::{local_time, size};
use super::{Ctx, Lang, Page, PageResult, field, form_fields, see_other};
use crate::AppState;

/// Lineage rows the registration form offers (a derived asset rarely has more sources).
const LINEAGE_ROWS: usize = 3;

// ---------------------------------------------------------------------------------------------
// Labels shared with the certificate page.

pub(crate) fn right_label(l: Lang, right: &str) -> &'static str {
    match right {
        "holding" => l.t("数据资源持有权", "Data resource holding right"),
        "processing" => l.t("数据加工使用权", "Data processing and use right"),
        "operation" => l.t("数据产品经营权", "Data product operation right"),
        _ => l.t("未知权利", "Unknown right"),
    }
}

fn grant_kind_label(l: Lang, kind: &str) -> &'static str {
    match kind {
        "original" => l.t("原始取得", "Original"),
        "licence" => l.t("许可", "Licence"),
        "transfer" => l.t("转让", "Transfer"),
        "authorised_operation" => l.t("授权运营", "Authorised operation"),
        _ => l.t("其他", "Other"),
    }
}

pub(crate) fn lifecycle_badge(l: Lang, state: &str) -> Markup {
    let (class, zh, en) = match state {
        "unregistered" => ("", "未登记", "unregistered"),
        "registered" => ("verified", "已登记", "registered"),
        "listed" => ("verified", "已挂牌", "listed"),
        "suspended" => ("pending", "已暂停", "suspended"),
        "delisted" => ("", "已下架", "delisted"),
        "destroyed" => ("suspended", "已销毁", "destroyed"),
        _ => ("", "未知", "unknown"),
    };
    html! { span class={"badge " (class)} { (l.t(zh, en)) } }
}

fn source_kind_label(l: Lang, kind: &str) -> &'static str {
    match kind {
        "self_collected" => l.t("自行采集", "Self-collected"),
        "purchased" => l.t("合同采购", "Purchased under contract"),
        "authorised_public_data" => l.t("授权运营的公共数据", "Authorised public data"),
        "personal_information" => l.t("个人信息（有合法性基础）", "Personal information"),
        "derived" => l.t(
            "衍生数据（由其他登记数据加工）",
            "Derived from registered data",
        ),
        _ => l.t("未知来源", "Unknown source"),
    }
}

const SOURCE_KINDS: [&str; 5] = [
    "self_collected",
    "purchased",
    "authorised_public_data",
    "personal_information",
    "derived",
];

fn open_class_label(l: Lang, class: &str) -> &'static str {
    match class {
        "unconditional" => l.t("无条件开放", "Open without conditions"),
        "conditional" => l.t("有条件开放", "Open on conditions"),
        "not_open" => l.t("不予开放", "Not open"),
        _ => l.t("未知", "Unknown"),
    }
}

fn accounting_label(l: Lang, class: &str) -> &'static str {
    match class {
        "intangible_asset" => l.t("无形资产", "Intangible asset"),
        "inventory" => l.t("存货", "Inventory"),
        "not_recognised" => l.t("不确认为资产（费用化）", "Not recognised (expensed)"),
        _ => l.t("未知", "Unknown"),
    }
}

fn cost_category_label(l: Lang, category: &str) -> &'static str {
    match category {
        "acquisition" => l.t("外购取得", "Acquisition"),
        "collection" => l.t("数据采集", "Collection"),
        "processing" => l.t("加工处理", "Processing"),
        "storage" => l.t("存储", "Storage"),
        "labelling" => l.t("标注", "Labelling"),
        "compliance" => l.t("合规与安全", "Compliance and security"),
        _ => l.t("其他", "Other"),
    }
}

/// A serde enum's tag: the string it serialises to, or its `tag` field.
fn tag_of<T: serde::Serialize>(value: &T, tag: &str) -> String {
    match serde_json::to_value(value).unwrap_or_default() {
        Value::String(s) => s,
        v => v[tag].as_str().unwrap_or_default().to_owned(),
    }
}

/// A grant's status (`{"status": "revoked", "on": …}` in its serde form) as a badge.
pub(crate) fn grant_status_badge(l: Lang, status: &Value) -> Markup {
    let s = |k: &str| status[k].as_str().unwrap_or_default().to_owned();
    match status["status"].as_str().unwrap_or_default() {
        "active" => html! { span.badge.verified { (l.t("有效", "active")) } },
        "revoked" => {
            html! { span.badge.suspended { (l.t("已撤销", "revoked")) } " " span.muted { (s("on")) } }
        }
        "transferred" => html! {
            span.badge { (l.t("已转让", "transferred")) } " " span.mono.muted { "→ " (short(&s("to"))) }
        },
        "suspended" => html! {
            span.badge.pending { (l.t("已中止", "suspended")) } " " span.mono.muted { (l.t("因 ", "by ")) (short(&s("because"))) }
        },
        other => html! { span.badge { (other) } },
    }
}

/// The cells a grant row shows on both the rights page and the certificate: right, kind,
/// scope, term, exclusive, sub-licensable, status. `g` is a grant in its serde form.
pub(crate) fn grant_cells(l: Lang, g: &Value) -> Markup {
    let list = |v: &Value| -> Vec<String> {
        v.as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|x| x.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default()
    };
    let purposes = list(&g["scope"]["purposes"]);
    let territory = list(&g["scope"]["territory"]);
    let right = g["right"].as_str().unwrap_or_default();
    let yes_no = |b: bool| {
        if b {
            l.t("是", "yes")
        } else {
            l.t("否", "no")
        }
    };
    html! {
        td { strong { (right_label(l, right)) } br; span.mono.muted title=(g["id"].as_str().unwrap_or_default()) { (short(g["id"].as_str().unwrap_or_default())) } }
        td { (grant_kind_label(l, g["kind"].as_str().unwrap_or_default())) }
        td {
            (l.t("用途：", "Purposes: ")) @if purposes.is_empty() { span.muted { (l.t("不限", "any")) } } @else { span.mono { (purposes.join(", ")) } }
            br;
            (l.t("地域：", "Territory: ")) @if territory.is_empty() { span.muted { (l.t("不限", "any")) } } @else { span.mono { (territory.join(", ")) } }
            @if right == "processing" {
                br;
                @if g["scope"]["products"].as_bool().unwrap_or(false) { (l.t("可经营衍生产品", "products may be operated")) } @else { span.muted { (l.t("不得经营衍生产品", "no products")) } }
            }
        }
        td.nowrap { (term_text(l, g["term"]["from"].as_str().unwrap_or_default(), g["term"]["until"].as_str())) }
        td { (yes_no(g["exclusive"].as_bool().unwrap_or(false))) }
        td { (yes_no(g["sublicensable"].as_bool().unwrap_or(false))) }
        td { (grant_status_badge(l, &g["status"])) }
    }
}

pub(crate) fn grant_headers(l: Lang) -> Markup {
    html! {
        th { (l.t("权利", "Right")) } th { (l.t("取得方式", "Kind")) } th { (l.t("范围", "Scope")) }
        th { (l.t("期限", "Term")) } th { (l.t("独占", "Exclusive")) } th { (l.t("可再许可", "Sub-licensable")) }
        th { (l.t("状态", "Status")) }
    }
}

pub(crate) fn term_text(l: Lang, from: &str, until: Option<&str>) -> String {
    match until {
        Some(u) => format!("{from} — {u}"),
        None => format!("{from} — {}", l.t("长期", "open-ended")),
    }
}

/// A grant holder's name in the page's language (the Chinese one when no English is known).
fn holder_name(l: Lang, g: &GrantView) -> &str {
    match l {
        Lang::En if !g.holder_name_en.trim().is_empty() => &g.holder_name_en,
        _ => &g.holder_name,
    }
}

/// The tail of an id, for tables and graph labels (the full id is in a `title`).
pub(crate) fn short(id: &str) -> String {
    let n = id.chars().count();
    if n <= 10 {
        return id.to_owned();
    }
    let tail: String = id.chars().skip(n - 6).collect();
    format!("…{tail}")
}

/// A source declaration (its serde form) for people.
pub(crate) fn source_summary(l: Lang, source: &Value) -> Markup {
    let kind = source["kind"].as_str().unwrap_or_default();
    let basis = source["contract"]
        .as_str()
        .or(source["authorisation"].as_str())
        .or(source["legal_basis"].as_str());
    let basis_label = match kind {
        "purchased" => l.t("合同", "Contract"),
        "authorised_public_data" => l.t("授权", "Authorisation"),
        _ => l.t("合法性基础", "Legal basis"),
    };
    let evidence: Vec<&str> = source["evidence"]
        .as_array()
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    html! {
        strong { (source_kind_label(l, kind)) }
        @if let Some(b) = basis { br; (basis_label) (l.t("：", ": ")) (b) }
        @if !evidence.is_empty() {
            br; (l.t("证明材料：", "Evidence: "))
            ul { @for e in evidence { li.mono { (e) } } }
        }
    }
}

/// A money amount in fen as yuan: `¥1,234.56`.
pub(crate) fn yuan(fen: i64) -> String {
    let sign = if fen < 0 { "-" } else { "" };
    let fen = fen.unsigned_abs();
    let whole = (fen / 100).to_string();
    let mut grouped = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    format!("{sign}¥{grouped}.{:02}", fen % 100)
}

// ---------------------------------------------------------------------------------------------
// The rights page.

fn asset_id(ctx: &Ctx, id: &str) -> Result<AssetId, Response> {
    AssetId::parse(id).map_err(|_| ctx.error(Error::new(Code::AssetNotFound)))
}

/// What the viewer is to this asset, and so which forms the page offers.
struct Viewer<'a> {
    p: &'a Principal,
    me: ParticipantId,
    owner: bool,
    csrf: &'a str,
}

pub(crate) async fn page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
) -> PageResult {
    let (p, session) = ctx.require()?;
    let l = ctx.lang;
    let id = asset_id(&ctx, &id)?;
    let view = state
        .app
        .rights_view(p, &id)
        .await
        .map_err(|e| ctx.error(e))?;
    let me = p.participant().id;
    let node = view.lineage.nodes.iter().find(|n| n.asset == id);
    let owner = view
        .record
        .as_ref()
        .map(|r| r.registrant)
        .or(node.and_then(|n| n.owner));
    let v = Viewer {
        p,
        me,
        owner: owner == Some(me),
        csrf: &session.csrf_token,
    };
    let costs: Vec<CostLine> = state
        .app
        .costs_of(p, &id)
        .await
        .map_err(|e| ctx.error(e))?
        .into_iter()
        .map(|c| CostLine {
            category: c.category,
            amount_fen: c.amount_fen,
            incurred_on: c.incurred_on,
            capitalised: c.capitalised,
            note: c.note,
        })
        .collect();
    // The accounting treatment is the owner's; only the owner's page shows and sets it.
    let accounting = if v.owner {
        Some(
            state
                .app
                .asset(p, &id)
                .await
                .map_err(|e| ctx.error(e))?
                .asset
                .accounting_class,
        )
    } else {
        None
    };
    let title = node
        .filter(|n| n.visible && !n.title.is_empty())
        .map(|n| n.title.clone())
        .unwrap_or_else(|| id.to_string());
    let holds = view.grants.iter().any(|g| g.grant.holder == me);
    let body = html! {
        p.muted { a href={"/assets/" (id)} { "← " (title) } }
        (summary(l, &v, &view, owner))
        (lifecycle_forms(l, &v, &view))
        @if view.lifecycle == "unregistered" && v.owner {
            (register_form(l, &v, &view))
        }
        @if v.owner && view.lifecycle != "destroyed" && view.record.as_ref().is_some_and(|r| {
            !r.cancelled && !matches!(r.source, rights::Source::Derived)
        }) {
            (amend_form(l, &v, &view))
        }
        (objection(l, &v, &view))
        h2 { (l.t("权利与授权", "Rights and grants")) }
        (grants_table(l, &v, &view))
        (grant_forms(l, &v, &view))
        h2 { (l.t("数据血缘", "Lineage")) }
        (lineage_svg(l, &view.lineage, &id))
        h2 { (l.t("证明材料", "Evidence documents")) }
        (evidence(l, &v, &view))
        @if v.owner || holds {
            h2 { (l.t("会计处理与成本", "Accounting and costs")) }
            (accounts(l, &v, &id, accounting.as_deref(), &costs))
        }
        @if v.owner && view.record.as_ref().is_some_and(|r| !r.cancelled) {
            h2 { (l.t("注销登记", "Cancel the registration")) }
            div.card {
                p.muted { (l.t("注销后，本登记的全部权利及在其上设立的许可、衍生数据的权利一并失效；已挂牌的数据资产将下架。",
                    "Cancelling revokes every right of this registration and everything resting on it (licences, rights over derived data); a listed asset is delisted.")) }
                form.stack method="post" action={"/assets/" (id) "/rights/cancel"} {
                    input type="hidden" name="csrf" value=(v.csrf);
                    label { span { input type="checkbox" name="confirm" value="yes" required; " " (l.t("我确认注销本数据资产的权利登记", "I confirm cancelling this asset's rights registration")) } }
                    div.actions { button.danger type="submit" { (l.t("注销登记", "Cancel registration")) } }
                }
            }
        }
    };
    Ok(Page::new(
        &ctx,
        &format!("{} · {}", l.t("权利登记", "Rights"), title),
        body,
    )
    .into_response())
}

fn summary(l: Lang, v: &Viewer, view: &RightsView, owner: Option<ParticipantId>) -> Markup {
    let id = view.asset;
    html! {
        div.card { dl.kv {
            dt { (l.t("资产编号", "Asset id")) } dd.mono { (id) }
            @if let Some(o) = owner {
                dt { (l.t("持有方", "Owner")) } dd.mono { (o) @if v.owner { " " span.badge { (l.t("本机构", "you")) } } }
            }
            dt { (l.t("生命周期", "Lifecycle")) }
            dd { (lifecycle_badge(l, &view.lifecycle)) @if let Some(r) = &view.lifecycle_reason { " " span.muted { (r) } } }
            @match &view.record {
                None => {
                    dt { (l.t("权利登记", "Registration")) } dd.muted { (l.t("尚未登记。", "Not registered yet.")) }
                }
                Some(r) => {
                    dt { (l.t("权利登记", "Registration")) }
                    dd { @if r.cancelled { span.badge.suspended { (l.t("已注销", "cancelled")) } } @else { span.badge.verified { (l.t("有效", "in force")) } } }
                    dt { (l.t("来源声明", "Source declaration")) }
                    dd { (source_summary(l, &serde_json::to_value(&r.source).unwrap_or_default())) }
                    @if let Some(c) = &r.public {
                        dt { (l.t("公共数据开放类别", "Public data open class")) } dd { (open_class_label(l, &tag_of(c, ""))) }
                    }
                    @if let Some(g) = &r.products_blocked_by {
                        dt { (l.t("衍生产品经营", "Products")) }
                        dd { span.badge.pending { (l.t("上游授权不允许", "not permitted upstream")) } " " span.mono.muted { (g) } }
                    }
                    dt { (l.t("异议", "Objection")) }
                    dd { @match &r.objection {
                        Some(reason) => { span.badge.suspended { (l.t("异议处理中，挂牌与交易冻结", "open: listing and trading frozen")) } " " (reason) },
                        None => span.muted { (l.t("无", "none")) },
                    } }
                }
            }
            @if let Some(d) = &view.state_digest {
                dt { (l.t("权利状态摘要", "Rights state digest")) } dd.mono { (d) }
            }
        } }
        @if view.record.is_some() {
            p { a.button href={"/assets/" (id) "/certificate"} {
                @if view.lifecycle == "destroyed" { (l.t("查看销毁凭证", "Destruction certificate")) } @else { (l.t("查看登记凭证", "Registration certificate")) }
            } }
        }
    }
}

/// The lifecycle moves the viewer may make from the current state (`app` has the last word).
fn lifecycle_forms(l: Lang, v: &Viewer, view: &RightsView) -> Markup {
    let lc = view.lifecycle.as_str();
    let op = v.p.is_operator();
    let mut moves: Vec<(&str, &str, bool)> = Vec::new();
    if v.owner && matches!(lc, "registered" | "delisted") {
        moves.push(("listed", l.t("挂牌", "List"), false));
    }
    if op && lc == "suspended" {
        moves.push(("listed", l.t("恢复挂牌", "Reinstate"), false));
    }
    if op && lc == "listed" {
        moves.push(("suspended", l.t("暂停挂牌", "Suspend"), true));
    }
    if (v.owner || op) && matches!(lc, "listed" | "suspended") {
        moves.push(("delisted", l.t("下架", "Delist"), false));
    }
    let destroy = v.owner && matches!(lc, "registered" | "delisted");
    if moves.is_empty() && !destroy {
        return html! {};
    }
    let id = view.asset;
    html! {
        h2 { (l.t("生命周期操作", "Lifecycle")) }
        div.card {
            div.actions { @for (to, label, needs_reason) in &moves {
                form.inline method="post" action={"/assets/" (id) "/rights/lifecycle"} {
                    input type="hidden" name="csrf" value=(v.csrf);
                    input type="hidden" name="to" value=(to);
                    @if *needs_reason {
                        input type="text" name="reason" maxlength="1000" required placeholder=(l.t("暂停原因", "Reason"));
                    }
                    button.secondary[*to != "listed"] type="submit" { (label) }
                }
            } }
            @if destroy {
                details {
                    summary { (l.t("销毁数据资产……", "Destroy the asset…")) }
                    p.muted { (l.t("销毁将删除该数据资产的全部数据文件（保留登记记录与日志），并签发销毁凭证。此操作不可撤回。",
                        "Destruction deletes every data file of the asset (its record and log entries stay) and issues a destruction certificate. It cannot be undone.")) }
                    form.stack method="post" action={"/assets/" (id) "/rights/destroy"} {
                        input type="hidden" name="csrf" value=(v.csrf);
                        label { (l.t("销毁原因", "Reason")) input type="text" name="reason" maxlength="1000" required; }
                        label { span { input type="checkbox" name="confirm" value="yes" required; " " (l.t("我确认永久删除该数据资产的数据文件", "I confirm deleting this asset's data files for good")) } }
                        div.actions { button.danger type="submit" { (l.t("销毁", "Destroy")) } }
                    }
                }
            }
        }
    }
}

fn register_form(l: Lang, v: &Viewer, view: &RightsView) -> Markup {
    let id = view.asset;
    let evidence: Vec<String> = view
        .evidence
        .iter()
        .map(|e| format!("sha256:{}", e.sha256))
        .collect();
    html! {
        h2 { (l.t("权利登记", "Register the rights")) }
        div.card {
            p.muted { (l.t(
                "声明数据来源并附证明材料，登记后本机构取得数据资源持有权、数据加工使用权和数据产品经营权。衍生数据请选择「衍生数据」并逐行填写来源数据资产及所依据的加工使用授权。",
                "Declare where the data came from, with evidence; on registration your organisation holds the holding, processing and operation rights. For derived data choose “Derived” and give each source asset with the processing grant it was made under."
            )) }
            form.stack method="post" action={"/assets/" (id) "/rights/register"} {
                input type="hidden" name="csrf" value=(v.csrf);
                label { (l.t("来源类型", "Source"))
                    select name="source_kind" {
                        @for k in SOURCE_KINDS { option value=(k) { (source_kind_label(l, k)) } }
                    }
                }
                label { (l.t("合同编号、授权文件或合法性基础", "Contract, authorisation or legal basis"))
                    span.hint { (l.t("合同采购、授权公共数据和个人信息必填；自行采集和衍生数据不填。", "Required for purchased data, authorised public data and personal information; leave empty otherwise.")) }
                    input type="text" name="basis" maxlength="500";
                }
                label { (l.t("证明材料（每行一项）", "Evidence (one per line)"))
                    span.hint { (l.t("已上传文件写作 sha256:<哈希>，也可填写合同号、系统记录等。", "Uploaded documents as sha256:<hash>; contract numbers or system records are fine too.")) }
                    textarea.mono name="evidence" rows="3" { (evidence.join("\n")) }
                }
                label { (l.t("公共数据开放类别", "Public data open class"))
                    select name="public" {
                        option value="" { (l.t("不是公共数据", "Not public data")) }
                        @for c in ["unconditional", "conditional", "not_open"] { option value=(c) { (open_class_label(l, c)) } }
                    }
                }
                fieldset {
                    legend { (l.t("数据血缘（仅衍生数据）", "Lineage (derived data only)")) }
                    @for _ in 0..LINEAGE_ROWS {
                        div.actions {
                            input type="text" name="lineage_source" placeholder=(l.t("来源资产编号 ast_…", "Source asset id ast_…"));
                            input type="text" name="lineage_grant" placeholder=(l.t("加工使用授权编号 grt_…", "Processing grant id grt_…"));
                        }
                    }
                }
                div.actions { button type="submit" { (l.t("登记", "Register")) } }
            }
        }
    }
}

/// Changes (变更) the source declaration of a registered original asset.
fn amend_form(l: Lang, v: &Viewer, view: &RightsView) -> Markup {
    let id = view.asset;
    let evidence: Vec<String> = view
        .evidence
        .iter()
        .map(|e| format!("sha256:{}", e.sha256))
        .collect();
    html! {
        details {
            summary { (l.t("变更来源声明", "Change the source declaration")) }
            div.card {
                p.muted { (l.t(
                    "变更登记会写入存证日志，并签发新的登记凭证；原凭证随之撤销。",
                    "The change is logged and a new registration certificate is issued; the previous one is revoked."
                )) }
                form.stack method="post" action={"/assets/" (id) "/rights/amend"} {
                    input type="hidden" name="csrf" value=(v.csrf);
                    label { (l.t("来源类型", "Source"))
                        select name="source_kind" {
                            @for k in SOURCE_KINDS.iter().filter(|k| **k != "derived") {
                                option value=(k) { (source_kind_label(l, k)) }
                            }
                        }
                    }
                    label { (l.t("合同编号、授权文件或合法性基础", "Contract, authorisation or legal basis"))
                        input type="text" name="basis" maxlength="500";
                    }
                    label { (l.t("证明材料（每行一项）", "Evidence (one per line)"))
                        textarea.mono name="evidence" rows="3" { (evidence.join("\n")) }
                    }
                    div.actions { button type="submit" { (l.t("提交变更", "Submit the change")) } }
                }
            }
        }
    }
}

fn objection(l: Lang, v: &Viewer, view: &RightsView) -> Markup {
    let Some(record) = &view.record else {
        return html! {};
    };
    let id = view.asset;
    html! {
        @if record.objection.is_some() && v.p.is_operator_reviewer() {
            h2 { (l.t("处理异议", "Resolve the objection")) }
            div.card { form.stack method="post" action={"/assets/" (id) "/rights/resolve"} {
                input type="hidden" name="csrf" value=(v.csrf);
                fieldset {
                    label { input type="radio" name="outcome" value="upheld" required; " " (l.t("异议成立（登记失效，已挂牌的下架）", "Upheld (the registration falls; a listed asset is delisted)")) }
                    label { input type="radio" name="outcome" value="dismissed"; " " (l.t("异议不成立（恢复）", "Dismissed (restored)")) }
                }
                label { (l.t("处理意见", "Note")) input type="text" name="note" maxlength="1000" required; }
                div.actions { button type="submit" { (l.t("提交处理结果", "Resolve")) } }
            } }
        }
        // Regulators read; they do not take part in registrations.
        @if record.objection.is_none() && !record.cancelled && !v.owner && !v.p.is_regulator() {
            details {
                summary { (l.t("对该登记提出异议……", "Object to this registration…")) }
                div.card { form.stack method="post" action={"/assets/" (id) "/rights/object"} {
                    input type="hidden" name="csrf" value=(v.csrf);
                    p.muted { (l.t("异议期间该数据资产的挂牌与交易冻结，由运营方审查处理。", "While the objection is open, listing and trading of the asset are frozen until the operator resolves it.")) }
                    label { (l.t("异议理由", "Reason")) textarea name="reason" maxlength="1000" required {} }
                    div.actions { button.danger type="submit" { (l.t("提出异议", "File the objection")) } }
                } }
            }
        }
    }
}

fn grants_table(l: Lang, v: &Viewer, view: &RightsView) -> Markup {
    html! {
        div.table-wrap { table {
            thead { tr {
                (grant_headers(l)) th { (l.t("持有人", "Holder")) } th { (l.t("今日可行使", "Exercisable today")) }
            } }
            tbody {
                @for g in &view.grants {
                    tr {
                        (grant_cells(l, &serde_json::to_value(&g.grant).unwrap_or_default()))
                        td { (holder_name(l, g)) @if g.grant.holder == v.me { " " span.badge { (l.t("本机构", "you")) } } br; span.mono.muted { (g.grant.holder) } }
                        td { @if g.exercisable { span.badge.verified { (l.t("可以", "yes")) } } @else { span.badge.suspended { (l.t("不可", "no")) } } }
                    }
                }
                @if view.grants.is_empty() { tr { td colspan="9" .muted { (l.t("尚无权利记录。", "No grants yet.")) } } }
            }
        } }
    }
}

/// Licence and transfer forms on each active grant the viewer holds, and revocation on each
/// grant the viewer granted (or, for operator staff, any grant not yet revoked).
fn grant_forms(l: Lang, v: &Viewer, view: &RightsView) -> Markup {
    let id = view.asset;
    let holder_of = |g: &GrantId| {
        view.grants
            .iter()
            .find(|x| x.grant.id == *g)
            .map(|x| x.grant.holder)
    };
    let held: Vec<&GrantView> = view
        .grants
        .iter()
        .filter(|g| g.grant.holder == v.me && g.grant.is_active())
        .collect();
    let revocable: Vec<&GrantView> = view
        .grants
        .iter()
        .filter(|g| tag_of(&g.grant.status, "status") != "revoked")
        .filter(|g| {
            v.p.is_operator()
                || (tag_of(&g.grant.kind, "") != "transfer"
                    && g.grant.parent.and_then(|p| holder_of(&p)) == Some(v.me))
        })
        .collect();
    if held.is_empty() && revocable.is_empty() {
        return html! {};
    }
    let today = app::today_in_china().format("%Y-%m-%d").to_string();
    html! {
        @for g in &held {
            @let gid = g.grant.id;
            @let right = g.grant.right.as_str();
            details {
                summary { (right_label(l, right)) " " span.mono { (short(&gid.to_string())) } (l.t("：许可或转让……", ": license or transfer…")) }
                div.card {
                    @if tag_of(&g.grant.kind, "") == "original" || g.grant.sublicensable {
                        h2 { (l.t("许可", "License")) }
                        form.stack method="post" action={"/assets/" (id) "/grants/" (gid) "/licence"} {
                            input type="hidden" name="csrf" value=(v.csrf);
                            label { (l.t("被许可方（参与方编号）", "Licensee (participant id)")) input.mono type="text" name="to" required placeholder="prt_…"; }
                            label { (l.t("用途", "Purposes")) span.hint { (l.t("以逗号分隔，留空表示不限（须在上级授权范围内）。", "Comma-separated; empty for any (within the parent grant).")) }
                                input type="text" name="purposes" placeholder="logistics_analytics"; }
                            label { (l.t("地域", "Territory")) span.hint { (l.t("ISO 3166 代码，以逗号分隔，如 CN。", "ISO 3166 codes, comma-separated, e.g. CN.")) }
                                input type="text" name="territory" placeholder="CN"; }
                            label { (l.t("起始日期", "From")) input type="date" name="from" value=(today) required; }
                            label { (l.t("截止日期（留空为长期）", "Until (empty for open-ended)")) input type="date" name="until"; }
                            fieldset {
                                @if right == "processing" {
                                    label { input type="checkbox" name="products" value="yes"; " " (l.t("允许经营衍生产品", "Products may be operated")) }
                                }
                                label { input type="checkbox" name="exclusive" value="yes"; " " (l.t("独占许可", "Exclusive")) }
                                label { input type="checkbox" name="sublicensable" value="yes"; " " (l.t("可再许可", "Sub-licensable")) }
                            }
                            div.actions { button type="submit" { (l.t("授予许可", "License")) } }
                        }
                    } @else {
                        p.muted { (l.t("该授权不可再许可。", "This grant may not be licensed onwards.")) }
                    }
                    h2 { (l.t("转让", "Transfer")) }
                    form.stack method="post" action={"/assets/" (id) "/grants/" (gid) "/transfer"} {
                        input type="hidden" name="csrf" value=(v.csrf);
                        label { (l.t("受让方（参与方编号）", "Transferee (participant id)")) input.mono type="text" name="to" required placeholder="prt_…"; }
                        div.actions { button.secondary type="submit" { (l.t("转让该授权", "Transfer this grant")) } }
                    }
                }
            }
        }
        @for g in &revocable {
            @let gid = g.grant.id;
            details {
                summary { (l.t("撤销 ", "Revoke ")) (right_label(l, g.grant.right.as_str())) " " span.mono { (short(&gid.to_string())) } " (" (holder_name(l, g)) ")" }
                div.card { form.stack method="post" action={"/assets/" (id) "/grants/" (gid) "/revoke"} {
                    input type="hidden" name="csrf" value=(v.csrf);
                    p.muted { (l.t("撤销后，在该授权之上设立的许可和依其加工的衍生数据的权利一并中止。", "Everything resting on the grant — licences under it, rights over data derived under it — is suspended.")) }
                    label { (l.t("撤销原因", "Reason")) input type="text" name="reason" maxlength="1000" required; }
                    div.actions { button.danger type="submit" { (l.t("撤销", "Revoke")) } }
                } }
            }
        }
    }
}

// Geometry of the lineage graph, in SVG user units.
const NODE_W: i64 = 200;
const NODE_H: i64 = 50;
const GAP_X: i64 = 90;
const GAP_Y: i64 = 22;
const MARGIN: i64 = 12;

/// The lineage graph as an inline SVG: assets layered left to right by their depth from the
/// sources, edges labelled with the tail of the processing grant's id, the page's asset
/// highlighted. Assets the viewer may not open are shown as "—".
pub(crate) fn lineage_svg(l: Lang, graph: &LineageGraph, current: &AssetId) -> Markup {
    if graph.edges.is_empty() {
        return html! { p.muted { (l.t("该数据资产没有登记的来源或衍生数据。", "The asset has no registered sources or derived data.")) } };
    }
    let mut ids: Vec<AssetId> = graph.nodes.iter().map(|n| n.asset).collect();
    for e in &graph.edges {
        ids.extend([e.source, e.derived]);
    }
    ids.sort();
    ids.dedup();
    // Longest-path depth; the registry refuses cycles, and the bound keeps a bad graph finite.
    let mut depth: std::collections::BTreeMap<AssetId, usize> =
        ids.iter().map(|a| (*a, 0)).collect();
    for _ in 0..ids.len() {
        let mut changed = false;
        for e in &graph.edges {
            let d = depth.get(&e.source).copied().unwrap_or(0) + 1;
            if depth.get(&e.derived).copied().unwrap_or(0) < d && d < ids.len() {
                depth.insert(e.derived, d);
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    let layers = depth.values().copied().max().unwrap_or(0) + 1;
    let mut rows = vec![0usize; layers];
    let mut pos: std::collections::BTreeMap<AssetId, (i64, i64)> = Default::default();
    for a in &ids {
        let d = depth.get(a).copied().unwrap_or(0);
        let row = rows[d];
        rows[d] += 1;
        let x = MARGIN + d as i64 * (NODE_W + GAP_X);
        let y = MARGIN + row as i64 * (NODE_H + GAP_Y);
        pos.insert(*a, (x, y));
    }
    let max_rows = rows.iter().copied().max().unwrap_or(1) as i64;
    let width = 2 * MARGIN + layers as i64 * NODE_W + (layers as i64 - 1) * GAP_X;
    let height = 2 * MARGIN + max_rows * NODE_H + (max_rows - 1) * GAP_Y;
    let node_of = |a: &AssetId| graph.nodes.iter().find(|n| n.asset == *a);
    let label = |a: &AssetId| -> String {
        match node_of(a).filter(|n| n.visible && !n.title.is_empty()) {
            Some(n) => {
                let t: String = n.title.chars().take(12).collect();
                if n.title.chars().count() > 12 {
                    format!("{t}…")
                } else {
                    t
                }
            }
            None => "—".to_owned(),
        }
    };
    html! {
        div.table-wrap {
            svg.lineage width=(width) height=(height) viewBox={"0 0 " (width) " " (height)} role="img"
                aria-label=(l.t("数据血缘图", "Lineage graph")) font-size="13" {
                defs {
                    marker id="lineage-arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto" {
                        path d="M0,0 L10,5 L0,10 z" fill="#5b6475" {}
                    }
                }
                @for e in &graph.edges {
                    @let (sx, sy) = pos.get(&e.source).copied().unwrap_or_default();
                    @let (dx, dy) = pos.get(&e.derived).copied().unwrap_or_default();
                    @let (x1, y1, x2, y2) = (sx + NODE_W, sy + NODE_H / 2, dx, dy + NODE_H / 2);
                    @let mx = (x1 + x2) / 2;
                    g.edge {
                        title { (e.source) " → " (e.derived) " · " (e.grant) }
                        path d={"M" (x1) "," (y1) " C" (mx) "," (y1) " " (mx) "," (y2) " " (x2) "," (y2)}
                            fill="none" stroke="#5b6475" stroke-width="1.5" marker-end="url(#lineage-arrow)" {}
                        text x=(mx) y=((y1 + y2) / 2 - 6) text-anchor="middle" fill="#5b6475" font-size="11" font-family="monospace" { (short(&e.grant.to_string())) }
                    }
                }
                @for a in &ids {
                    @let (x, y) = pos.get(a).copied().unwrap_or_default();
                    @let here = a == current;
                    @let visible = node_of(a).is_some_and(|n| n.visible);
                    @let node = html! {
                        rect x=(x) y=(y) width=(NODE_W) height=(NODE_H) rx="6"
                            fill=(if here { "#e6eefb" } else { "#ffffff" })
                            stroke=(if here { "#0b5cad" } else { "#c5ccd8" })
                            stroke-width=(if here { "2.5" } else { "1" }) {}
                        text x=(x + 10) y=(y + 21) fill="#1d2433" font-weight=(if here { "700" } else { "400" }) { (label(a)) }
                        text x=(x + 10) y=(y + 39) fill="#5b6475" font-size="11" font-family="monospace" { (short(&a.to_string())) }
                    };
                    g.node.current[here] {
                        title { @if visible { (a) } @else { (l.t("无权查看的数据资产", "An asset you may not open")) } }
                        @if visible && !here {
                            a href={"/assets/" (a) "/rights"} { (node) }
                        } @else {
                            (node)
                        }
                    }
                }
            }
        }
    }
}

fn evidence(l: Lang, v: &Viewer, view: &RightsView) -> Markup {
    let id = view.asset;
    html! {
        @if view.evidence.is_empty() {
            p.muted { (l.t("尚未上传证明材料。", "No evidence documents yet.")) }
        } @else {
            div.table-wrap { table {
                thead { tr { th { (l.t("文件", "File")) } th { (l.t("类型", "Type")) } th { (l.t("大小", "Size")) } th { (l.t("引用", "Reference")) } } }
                tbody { @for e in &view.evidence {
                    tr {
                        td { a href={"/assets/" (id) "/rights/evidence/" (e.sha256)} download=(e.file_name) { (e.file_name) } }
                        td.mono { (e.media_type) }
                        td { (size(e.size)) }
                        td.mono { "sha256:" (e.sha256) }
                    }
                } }
            } }
        }
        @if v.owner {
            div.card { form.stack method="post" enctype="multipart/form-data" action={"/assets/" (id) "/rights/evidence"} {
                input type="hidden" name="csrf" value=(v.csrf);
                label { (l.t("上传证明材料", "Upload an evidence document"))
                    span.hint { (l.t("PDF、PNG 或 JPEG，不超过 20 MB；在来源声明中以 sha256:<哈希> 引用。", "PDF, PNG or JPEG, at most 20 MB; refer to it in the source declaration as sha256:<hash>.")) }
                    input type="file" name="file" accept="application/pdf,image/png,image/jpeg" required;
                }
                div.actions { button type="submit" { (l.t("上传", "Upload")) } }
            } }
        }
    }
}

/// One cost entry as the page lists it.
struct CostLine {
    category: String,
    amount_fen: i64,
    incurred_on: String,
    capitalised: bool,
    note: String,
}

fn accounts(
    l: Lang,
    v: &Viewer,
    id: &AssetId,
    accounting: Option<&str>,
    costs: &[CostLine],
) -> Markup {
    let today = app::today_in_china().format("%Y-%m-%d").to_string();
    html! {
        div.card {
            @if let Some(class) = accounting {
                form.inline method="post" action={"/assets/" (id) "/rights/accounting"} {
                    input type="hidden" name="csrf" value=(v.csrf);
                    span { (l.t("会计处理（财会〔2023〕11号）", "Accounting treatment (财会〔2023〕11号)")) }
                    select name="class" {
                        @for c in app::rights::ACCOUNTING_CLASSES { option value=(c) selected[c == class] { (accounting_label(l, c)) } }
                    }
                    button.secondary type="submit" { (l.t("保存", "Save")) }
                }
            }
            h2 { (l.t("记录成本", "Record a cost")) }
            form.stack method="post" action={"/assets/" (id) "/rights/cost"} {
                input type="hidden" name="csrf" value=(v.csrf);
                label { (l.t("类别", "Category")) select name="category" {
                    @for c in app::rights::COST_CATEGORIES { option value=(c) { (cost_category_label(l, c)) } }
                } }
                label { (l.t("金额（元）", "Amount (yuan)")) input type="text" name="amount" inputmode="decimal" required placeholder="1200.00"; }
                label { (l.t("发生日期", "Incurred on")) input type="date" name="incurred_on" value=(today) required; }
                label { span { input type="checkbox" name="capitalised" value="yes"; " " (l.t("资本化（计入资产成本）", "Capitalised (part of the asset's cost)")) } }
                label { (l.t("备注", "Note")) input type="text" name="note" maxlength="500"; }
                div.actions { button type="submit" { (l.t("记录", "Record")) } }
            }
        }
        @if !costs.is_empty() {
            div.table-wrap { table {
                thead { tr { th { (l.t("发生日期", "Incurred")) } th { (l.t("类别", "Category")) } th { (l.t("金额", "Amount")) } th { (l.t("处理", "Treatment")) } th { (l.t("备注", "Note")) } } }
                tbody { @for c in costs {
                    tr {
                        td.nowrap { (c.incurred_on) }
                        td { (cost_category_label(l, &c.category)) }
                        td.nowrap { (yuan(c.amount_fen)) }
                        td { @if c.capitalised { (l.t("资本化", "capitalised")) } @else { span.muted { (l.t("费用化", "expensed")) } } }
                        td { (c.note) }
                    }
                } }
            } }
            p.muted {
                (l.t("合计：资本化 ", "Total: capitalised ")) (yuan(costs.iter().filter(|c| c.capitalised).map(|c| c.amount_fen).sum()))
                (l.t("，费用化 ", ", expensed ")) (yuan(costs.iter().filter(|c| !c.capitalised).map(|c| c.amount_fen).sum()))
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Form posts.

fn invalid(en: impl Into<String>, zh: impl Into<String>) -> Error {
    Error::new(Code::RightsInvalid).detail(en, zh)
}

fn all<'a>(f: &'a [(String, String)], name: &str) -> Vec<&'a str> {
    f.iter()
        .filter(|(k, _)| k == name)
        .map(|(_, v)| v.trim())
        .collect()
}

fn checked(f: &[(String, String)], name: &str) -> bool {
    field(f, name).is_some_and(|v| v == "yes" || v == "true" || v == "on")
}

/// Labels typed as a list: separated by commas (either width), 、, semicolons or white space.
fn labels(text: Option<&str>) -> Vec<String> {
    text.unwrap_or_default()
        .split(|c: char| matches!(c, ',' | '，' | '、' | ';' | '；') || c.is_whitespace())
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

/// An optional date field; a malformed one is refused with `code`.
fn date(
    text: Option<&str>,
    code: Code,
    en: &str,
    zh: &str,
) -> Result<Option<chrono::NaiveDate>, Error> {
    match text.map(str::trim).unwrap_or_default() {
        "" => Ok(None),
        t => chrono::NaiveDate::parse_from_str(t, "%Y-%m-%d")
            .map(Some)
            .map_err(|_| {
                Error::new(code).detail(
                    format!("The {en} is not a date (YYYY-MM-DD)."),
                    format!("{zh}不是有效日期（YYYY-MM-DD）。"),
                )
            }),
    }
}

fn participant(text: Option<&str>) -> Result<ParticipantId, Error> {
    ParticipantId::parse(text.unwrap_or_default().trim()).map_err(|_| {
        Error::new(Code::ParticipantNotFound).detail(
            "Give the participant's id (prt_…).",
            "请填写参与方编号（prt_…）。",
        )
    })
}

/// An amount in yuan with at most two decimals, as fen.
fn fen(text: &str) -> Result<i64, Error> {
    let bad = || {
        Error::new(Code::InvalidAccounting).detail(
            "The amount is a number of yuan with at most two decimals, e.g. 1200.50.",
            "金额应为元，最多两位小数，如 1200.50。",
        )
    };
    let t: String = text
        .trim()
        .trim_start_matches(['¥', '￥'])
        .chars()
        .filter(|c| *c != ',' && *c != '，')
        .collect();
    let (whole, frac) = t.split_once('.').unwrap_or((&t, ""));
    if whole.is_empty()
        || whole.len() > 16
        || frac.len() > 2
        || !whole.bytes().all(|b| b.is_ascii_digit())
        || !frac.bytes().all(|b| b.is_ascii_digit())
    {
        return Err(bad());
    }
    let whole: i64 = whole.parse().map_err(|_| bad())?;
    let frac: i64 = format!("{frac:0<2}").parse().map_err(|_| bad())?;
    whole
        .checked_mul(100)
        .and_then(|w| w.checked_add(frac))
        .ok_or_else(bad)
}

/// The source declaration and lineage from the registration form, as `app` reads them.
fn registration(f: &[(String, String)]) -> Result<app::rights::RegisterRights, Error> {
    let kind = field(f, "source_kind").unwrap_or_default();
    let basis = field(f, "basis").unwrap_or_default().trim();
    let evidence: Vec<&str> = field(f, "evidence")
        .unwrap_or_default()
        .lines()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    let source = match kind {
        "self_collected" => json!({"kind": kind, "evidence": evidence}),
        "purchased" => json!({"kind": kind, "contract": basis, "evidence": evidence}),
        "authorised_public_data" => {
            json!({"kind": kind, "authorisation": basis, "evidence": evidence})
        }
        "personal_information" => {
            json!({"kind": kind, "legal_basis": basis, "evidence": evidence})
        }
        "derived" => json!({"kind": kind}),
        _ => return Err(invalid("Choose a source.", "请选择数据来源。")),
    };
    let public = match field(f, "public").unwrap_or_default() {
        "" => Value::Null,
        c => json!(c),
    };
    let sources = all(f, "lineage_source");
    let grants = all(f, "lineage_grant");
    let mut lineage = Vec::new();
    for (i, source) in sources.iter().enumerate() {
        let grant = grants.get(i).copied().unwrap_or_default();
        match (source.is_empty(), grant.is_empty()) {
            (true, true) => {}
            (false, false) => lineage.push(json!({"source": source, "grant": grant})),
            _ => {
                return Err(invalid(
                    "Each lineage row names a source asset and the processing grant used.",
                    "每行血缘须同时填写来源数据资产编号和所依据的加工使用授权编号。",
                ));
            }
        }
    }
    serde_json::from_value(json!({"source": source, "public": public, "lineage": lineage})).map_err(
        |e| {
            invalid(
                format!("The registration is not valid: {e}."),
                "登记信息有误：来源资产编号应为 ast_…，授权编号应为 grt_…，开放类别须从列表中选择。",
            )
        },
    )
}

/// Every rights form on an asset's page except the evidence upload and the grant forms.
pub(crate) async fn act(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, action)): Path<(String, String)>,
    body: Bytes,
) -> PageResult {
    let f = form_fields(&body);
    ctx.check_csrf(field(&f, "csrf"))?;
    let (p, _) = ctx.require()?;
    let id = asset_id(&ctx, &id)?;
    let app = &state.app;
    let confirmed = || {
        if checked(&f, "confirm") {
            Ok(())
        } else {
            Err(invalid("Tick the box to confirm.", "请勾选确认框。"))
        }
    };
    let text = |name: &str| field(&f, name).unwrap_or_default();
    let result: Result<(), Error> = match action.as_str() {
        "register" => match registration(&f) {
            Ok(req) => app.register_rights(p, &id, req).await.map(drop),
            Err(e) => Err(e),
        },
        "lifecycle" => {
            let reason = Some(text("reason")).filter(|r| !r.trim().is_empty());
            app.set_lifecycle(p, &id, text("to"), reason)
                .await
                .map(drop)
        }
        "destroy" => match confirmed() {
            Ok(()) => app.destroy_asset(p, &id, text("reason")).await.map(drop),
            Err(e) => Err(e),
        },
        "object" => app.object_to_asset(p, &id, text("reason")).await,
        "resolve" => match text("outcome") {
            o @ ("upheld" | "dismissed") => app
                .resolve_objection(p, &id, o == "upheld", text("note"))
                .await
                .map(drop),
            _ => Err(invalid(
                "Choose whether the objection is upheld or dismissed.",
                "请选择异议成立或不成立。",
            )),
        },
        "amend" => match registration(&f) {
            Ok(req) => app.amend_source(p, &id, req.source).await,
            Err(e) => Err(e),
        },
        "cancel" => match confirmed() {
            Ok(()) => app.cancel_registration(p, &id).await,
            Err(e) => Err(e),
        },
        "accounting" => app.set_accounting_class(p, &id, text("class")).await,
        "cost" => {
            let cost = fen(text("amount")).and_then(|amount_fen| {
                let incurred_on = date(
                    field(&f, "incurred_on"),
                    Code::InvalidAccounting,
                    "date incurred",
                    "发生日期",
                )?
                .ok_or_else(|| {
                    Error::new(Code::InvalidAccounting).detail(
                        "Give the date the cost was incurred.",
                        "请填写成本发生日期。",
                    )
                })?;
                Ok(app::rights::CostInput {
                    category: text("category").to_owned(),
                    amount_fen,
                    incurred_on,
                    capitalised: checked(&f, "capitalised"),
                    note: text("note").trim().to_owned(),
                })
            });
            match cost {
                Ok(c) => app.record_cost(p, &id, c).await.map(drop),
                Err(e) => Err(e),
            }
        }
        _ => Err(Error::new(Code::NotFound)),
    };
    result.map_err(|e| ctx.error(e))?;
    Ok(see_other(&format!("/assets/{id}/rights")))
}

/// A licence as the licence form states it.
fn licence_request(f: &[(String, String)]) -> Result<app::rights::LicenceRequest, Error> {
    Ok(app::rights::LicenceRequest {
        to: participant(field(f, "to"))?,
        purposes: labels(field(f, "purposes")),
        territory: labels(field(f, "territory"))
            .into_iter()
            .map(|t| t.to_uppercase())
            .collect(),
        products: checked(f, "products"),
        from: date(field(f, "from"), Code::BadTerm, "start date", "起始日期")?.ok_or_else(
            || {
                Error::new(Code::BadTerm)
                    .detail("Give the licence's start date.", "请填写许可起始日期。")
            },
        )?,
        until: date(field(f, "until"), Code::BadTerm, "end date", "截止日期")?,
        exclusive: checked(f, "exclusive"),
        sublicensable: checked(f, "sublicensable"),
    })
}

/// Licence, transfer and revocation of one grant over the asset.
pub(crate) async fn grant_act(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, grant, action)): Path<(String, String, String)>,
    body: Bytes,
) -> PageResult {
    let f = form_fields(&body);
    ctx.check_csrf(field(&f, "csrf"))?;
    let (p, _) = ctx.require()?;
    let id = asset_id(&ctx, &id)?;
    let grant = GrantId::parse(&grant).map_err(|_| ctx.error(Error::new(Code::GrantNotFound)))?;
    // The grant must be one over this asset that the viewer can see.
    let view = state
        .app
        .rights_view(p, &id)
        .await
        .map_err(|e| ctx.error(e))?;
    if !view.grants.iter().any(|g| g.grant.id == grant) {
        return Err(ctx.error(Error::new(Code::GrantNotFound)));
    }
    let app = &state.app;
    let result: Result<(), Error> = match action.as_str() {
        "licence" => match licence_request(&f) {
            Ok(req) => app.license_right(p, &grant, req).await.map(drop),
            Err(e) => Err(e),
        },
        "transfer" => match participant(field(&f, "to")) {
            Ok(to) => app.transfer_grant(p, &grant, &to).await.map(drop),
            Err(e) => Err(e),
        },
        "revoke" => app
            .revoke_grant(p, &grant, field(&f, "reason").unwrap_or_default())
            .await
            .map(drop),
        _ => Err(Error::new(Code::NotFound)),
    };
    result.map_err(|e| ctx.error(e))?;
    Ok(see_other(&format!("/assets/{id}/rights")))
}

/// An evidence document upload, as a multipart form (CSRF field first).
pub(crate) async fn upload_evidence(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    mut form: Multipart,
) -> PageResult {
    let bad = |en: &str, zh: &str| ctx.error(invalid(en, zh));
    let mut csrf = None;
    let mut file = None;
    while let Some(part) = form
        .next_field()
        .await
        .map_err(|_| bad("The form is malformed.", "表单格式错误。"))?
    {
        match part.name() {
            Some("csrf") => csrf = part.text().await.ok(),
            Some("file") => {
                let kind = part.content_type().unwrap_or_default().to_owned();
                let name = part.file_name().unwrap_or_default().to_owned();
                let bytes = part.bytes().await.map_err(|_| {
                    ctx.error(
                        Error::new(Code::TooLarge)
                            .detail("A document is at most 20 MB.", "文件不超过 20 MB。"),
                    )
                })?;
                file = Some((kind, name, bytes));
            }
            _ => {}
        }
    }
    ctx.check_csrf(csrf.as_deref())?;
    let (p, _) = ctx.require()?;
    let id = asset_id(&ctx, &id)?;
    let Some((kind, name, bytes)) = file else {
        return Err(bad("Choose a file.", "请选择文件。"));
    };
    state
        .app
        .attach_evidence(p, &id, &kind, &name, bytes)
        .await
        .map_err(|e| ctx.error(e))?;
    Ok(see_other(&format!("/assets/{id}/rights")))
}

/// An evidence document: for the asset's owner, operators and regulators.
pub(crate) async fn evidence_document(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, sha)): Path<(String, String)>,
) -> PageResult {
    let (p, _) = ctx.require()?;
    let id = asset_id(&ctx, &id)?;
    let (media_type, bytes) = state
        .app
        .evidence_document(p, &id, &sha)
        .await
        .map_err(|e| ctx.error(e))?;
    Ok(crate::api::xborder_document(&media_type, bytes))
}

// ---------------------------------------------------------------------------------------------
// The data-asset register.

fn participant_param(ctx: &Ctx, id: &str) -> Result<ParticipantId, Response> {
    ParticipantId::parse(id).map_err(|_| ctx.error(Error::new(Code::ParticipantNotFound)))
}

pub(crate) async fn asset_register(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
) -> PageResult {
    let (p, _) = ctx.require()?;
    let l = ctx.lang;
    let id = participant_param(&ctx, &id)?;
    let rows = state
        .app
        .asset_register(p, &id)
        .await
        .map_err(|e| ctx.error(e))?;
    let x = state
        .app
        .participant(p, &id)
        .await
        .map_err(|e| ctx.error(e))?;
    let rights_held = |held: &str| -> String {
        let labels: Vec<&str> = held
            .split(';')
            .filter(|r| !r.is_empty())
            .map(|r| right_label(l, r))
            .collect();
        labels.join(l.t("、", ", "))
    };
    let body = html! {
        p.muted {
            a href={"/participants/" (id)} { "← " (l.pick(&x.name_zh, &x.name_en)) }
            " · " (l.t("依《企业数据资源相关会计处理暂行规定》披露口径，列示本机构持有和获许可的数据资产。", "What the organisation owns or holds a grant over, as disclosed under the MoF interim provisions on data resources."))
        }
        p { a.button href={"/participants/" (id) "/asset-register.csv"} download { (l.t("下载 CSV", "Download CSV")) } }
        div.table-wrap { table {
            thead { tr {
                th { (l.t("数据资产", "Asset")) } th { (l.t("身份", "Role")) } th { (l.t("生命周期", "Lifecycle")) }
                th { (l.t("可行使权利", "Rights held")) } th { (l.t("分级", "Level")) } th { (l.t("会计处理", "Accounting")) }
                th { (l.t("资本化成本", "Capitalised")) } th { (l.t("费用化成本", "Expensed")) } th { (l.t("凭证", "Certificate")) }
                th { (l.t("更新", "Updated")) }
            } }
            tbody {
                @for r in &rows {
                    tr {
                        td { a href={"/assets/" (r.asset) "/rights"} { (r.title) } br; span.mono.muted { (r.asset) } }
                        td { @if r.role == "owner" { (l.t("持有方", "owner")) } @else { (l.t("被许可方", "licensee")) } }
                        td { (lifecycle_badge(l, &r.lifecycle)) }
                        td { @if r.rights_held.is_empty() { span.muted { "—" } } @else { (rights_held(&r.rights_held)) } }
                        td { (r.level.as_deref().unwrap_or("—")) }
                        td { @if r.accounting_class.is_empty() { span.muted { "—" } } @else { (accounting_label(l, &r.accounting_class)) } }
                        td.nowrap { (yuan(r.capitalised_cost_fen)) }
                        td.nowrap { (yuan(r.expensed_cost_fen)) " " span.muted { "(" (r.cost_entries) ")" } }
                        td { @if r.certificate.is_some() { a href={"/assets/" (r.asset) "/certificate"} { (l.t("查看", "View")) } } @else { span.muted { "—" } } }
                        td.nowrap { (types::parse_timestamp(&r.updated_at).map(|t| local_time(&t)).unwrap_or_else(|| r.updated_at.clone())) }
                    }
                }
                @if rows.is_empty() { tr { td colspan="10" .muted { (l.t("暂无数据资产。", "No data assets.")) } } }
            }
        } }
    };
    Ok(Page::new(&ctx, l.t("数据资产登记簿", "Data asset register"), body).into_response())
}

pub(crate) async fn asset_register_csv(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
) -> PageResult {
    let (p, _) = ctx.require()?;
    let id = participant_param(&ctx, &id)?;
    let csv = state
        .app
        .asset_register_csv(p, &id)
        .await
        .map_err(|e| ctx.error(e))?;
    let mut r = csv.into_response();
    let h = r.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/csv; charset=utf-8"),
    );
    if let Ok(v) =
        HeaderValue::from_str(&format!("attachment; filename=\"asset-register-{id}.csv\""))
    {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
    Ok(r)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_in_yuan() {
        for (text, want) in [
            ("12", Some(1200)),
            ("12.3", Some(1230)),
            ("1,200.05", Some(120005)),
            ("¥0.01", Some(1)),
            ("12.345", None),
            ("-5", None),
            ("", None),
            ("1e3", None),
            (".5", None),
        ] {
            assert_eq!(fen(text).ok(), want, "{text}");
        }
        assert_eq!(yuan(120005), "¥1,200.05");
        assert_eq!(yuan(5), "¥0.05");
        assert_eq!(yuan(123456789), "¥1,234,567.89");
    }

    #[test]
    fn label_lists() {
        assert_eq!(labels(Some("a, b，c、d ;e")), ["a", "b", "c", "d", "e"]);
        assert!(labels(Some("  ")).is_empty());
        assert!(labels(None).is_empty());
    }

    #[test]
    fn ids_are_shortened_for_tables() {
        assert_eq!(short("grt_0123456789abcdef"), "…abcdef");
        assert_eq!(short("ast_1"), "ast_1");
    }
}
