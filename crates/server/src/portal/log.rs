//! The transparency log (存证日志) for people: the current signed checkpoint, the newest entries,
//! the key to check them with, and a form that checks a receipt. The log is public, so the page
//! is too; checking a receipt here runs the same code as `dataport log verify-receipt`.

use axum::body::Bytes;
use axum::extract::State;
use axum::response::Response;
use maud::{Markup, html};

use super::account::with_form_cookie;
use super::layout::local_time;
use super::{Ctx, Page, PageResult, field, form_fields};
use crate::AppState;

/// Entries listed on the page.
const LATEST: i64 = 20;

pub(crate) async fn page(State(state): State<AppState>, ctx: Ctx) -> PageResult {
    let token = ctx.form_token();
    let body = render(&state, &ctx, &token, None, "").await?;
    Ok(with_form_cookie(&ctx, &token, page_of(&ctx, body)))
}

pub(crate) async fn verify(State(state): State<AppState>, ctx: Ctx, body: Bytes) -> PageResult {
    let f = form_fields(&body);
    ctx.check_form_token(field(&f, "csrf"))?;
    let l = ctx.lang;
    let text = field(&f, "receipt").unwrap_or_default();
    let outcome = match serde_json::from_str::<app::log::Receipt>(text) {
        Err(_) => Err((
            "receipt.malformed".to_owned(),
            l.t("这不是有效的回执 JSON。", "This is not receipt JSON.")
                .to_owned(),
        )),
        Ok(receipt) => app::log::verify_receipt(&receipt, state.app.log_verifier()).map_err(|e| {
            (
                e.code().to_owned(),
                l.pick(&e.message_zh(), &e.to_string()).to_owned(),
            )
        }),
    };
    let token = ctx.form_token();
    let result = match outcome {
        Ok(check) => html! {
            div.alert.ok {
                strong { (l.t("回执有效。", "The receipt holds.")) }
                " " (l.t("条目", "Entry")) " " span.mono { (check.index) } " / " (check.tree_size)
                " · " (check.event_type) " · " span.mono { (check.event) }
                br;
                @if check.opened {
                    (l.t("事件正文与盐值可以打开该条目的承诺值：正文即为当时记录的内容。", "The body and salt open the entry's commitment: the body is what was recorded."))
                } @else {
                    (l.t("回执未包含事件正文，仅证明该条目存在于日志中。", "The receipt carries no body: it proves only that the entry is in the log."))
                }
            }
        },
        Err((code, message)) => html! {
            div.alert.error { strong { (l.t("回执无效：", "The receipt does not hold: ")) } (message) " " span.mono { "[" (code) "]" } }
        },
    };
    let body = render(&state, &ctx, &token, Some(result), text).await?;
    Ok(with_form_cookie(&ctx, &token, page_of(&ctx, body)))
}

fn page_of(ctx: &Ctx, body: Markup) -> Page {
    Page::new(ctx, ctx.lang.t("存证日志", "Transparency log"), body)
}

async fn render(
    state: &AppState,
    ctx: &Ctx,
    token: &str,
    result: Option<Markup>,
    receipt: &str,
) -> Result<Markup, Response> {
    let l = ctx.lang;
    let checkpoint = state.app.log_checkpoint().await.map_err(|e| ctx.error(e))?;
    let entries = state
        .app
        .log_entries(LATEST)
        .await
        .map_err(|e| ctx.error(e))?;
    let key = state.app.log_key();
    Ok(html! {
        p.muted { (l.t(
            "平台上的每一次状态变更（参与方注册与审核、数据资产上传与分级……）都写入这个公开的默克尔树日志。条目只含事件类型、时间、公开标识和对事件正文的加盐承诺，不含个人信息；任何人都可以核验平台从未改写历史，当事方可凭回执离线向第三方证明事件。",
            "Every state change on the exchange (participants registered and verified, assets uploaded and graded, …) goes into this public Merkle-tree log. Entries hold only the event type, time, public ids and a salted commitment to the event body, never personal data; anyone can check that the exchange never rewrote history, and parties can prove an event to anyone, offline, with a receipt."
        )) }
        @if let Some(r) = result { (r) }
        h2 { (l.t("当前检查点", "Current checkpoint")) }
        div.card {
            @match &checkpoint {
                Some(c) => {
                    dl.kv {
                        dt { (l.t("日志标识", "Origin")) } dd.mono { (c.origin) }
                        dt { (l.t("条目数", "Entries")) } dd { strong { (c.size) } }
                        dt { (l.t("根哈希", "Root hash")) } dd.mono { (c.root_hash) }
                        dt { (l.t("签名时间", "Signed")) } dd { (c.signed_at) }
                    }
                    pre.mono { (c.note) }
                },
                None => p.muted { (l.t("日志中还没有条目。", "Nothing is logged yet.")) },
            }
            p.muted {
                (l.t("验证公钥：", "Verifier key: ")) span.mono { (key.verifier_key) }
                br;
                (l.t("瓦片（C2SP tlog-tiles）：", "Tiles (C2SP tlog-tiles): ")) a.mono href="/log/checkpoint" { "/log/checkpoint" } " · " span.mono { "/log/tile/…" }
            }
        }
        h2 { (l.t("最新条目", "Latest entries")) }
        @if entries.is_empty() {
            p.muted { (l.t("暂无。", "None yet.")) }
        } @else {
            div.table-wrap { table {
                thead { tr {
                    th { (l.t("序号", "Index")) } th { (l.t("时间", "Time")) } th { (l.t("事件", "Event")) }
                    th { (l.t("对象", "Subject")) } th { (l.t("承诺值", "Commitment")) }
                } }
                tbody {
                    @for e in &entries {
                        tr {
                            td.mono { (e.index) }
                            td.nowrap { (types::parse_timestamp(&e.entry.time).map(|t| local_time(&t)).unwrap_or_else(|| e.entry.time.clone())) }
                            td { (e.entry.event_type) br; span.mono.muted { (e.entry.event) } }
                            td.mono { (e.entry.subject) }
                            td.mono.muted { (e.entry.commitment.get(..16).unwrap_or_default()) "…" }
                        }
                    }
                }
            } }
        }
        h2 { (l.t("核验回执", "Check a receipt")) }
        div.card {
            p.muted { (l.t(
                "粘贴通过 GET /api/v1/events/{id}/receipt 取得的回执。核验签名、包含证明以及（如附正文）承诺值；也可离线运行 dataport log verify-receipt。",
                "Paste a receipt from GET /api/v1/events/{id}/receipt. The signature, the inclusion proof and (when the body is included) the commitment are checked; offline, run dataport log verify-receipt."
            )) }
            form method="post" action="/log/verify" {
                input type="hidden" name="csrf" value=(token);
                label { (l.t("回执（JSON）", "Receipt (JSON)")) textarea name="receipt" rows="10" required { (receipt) } }
                button type="submit" { (l.t("核验", "Check")) }
            }
        }
    })
}
