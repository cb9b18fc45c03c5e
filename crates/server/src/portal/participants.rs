//! Participants: the operator's verification queue (regulators see it read-only), a
//! participant's profile, and the verify / suspend / reinstate actions.

use app::{Code, Error, Participant, Principal};
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::response::IntoResponse;
use maud::{Markup, html};
use types::{ParticipantId, ParticipantStatus, StaffRole};

use super::layout::{local_time, region_badge, role_label, status_badge};
use super::{Ctx, Lang, Page, PageResult, field, form_fields, see_other};
use crate::AppState;

#[derive(serde::Deserialize)]
pub(crate) struct ListQuery {
    status: Option<String>,
    cursor: Option<String>,
}

pub(crate) async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<ListQuery>,
) -> PageResult {
    let (p, _) = ctx.require()?;
    if !p.sees_everything() {
        return Ok(see_other(&format!("/participants/{}", p.participant().id)));
    }
    let l = ctx.lang;
    let status = q.status.as_deref().and_then(ParticipantStatus::parse);
    let page = state
        .app
        .participants(p, status, q.cursor.as_deref(), Some(50))
        .await
        .map_err(|e| ctx.error(e))?;
    let tab = |s: Option<ParticipantStatus>, zh: &'static str, en: &'static str| {
        let href = match s {
            Some(s) => format!("/participants?status={s}"),
            None => "/participants".to_owned(),
        };
        html! { a class=[(s == status).then_some("active")] href=(href) { (l.t(zh, en)) } }
    };
    let body = html! {
        div.tabs {
            (tab(None, "全部", "All"))
            (tab(Some(ParticipantStatus::Pending), "待审核", "Pending"))
            (tab(Some(ParticipantStatus::Verified), "已认证", "Verified"))
            (tab(Some(ParticipantStatus::Suspended), "已暂停", "Suspended"))
        }
        div.table-wrap { table {
            thead { tr {
                th { (l.t("机构", "Organisation")) } th { (l.t("标识", "Identifier")) } th { (l.t("地区", "Region")) }
                th { (l.t("角色", "Roles")) } th { (l.t("状态", "Status")) } th { (l.t("注册时间", "Registered")) }
            } }
            tbody {
                @for x in &page.items {
                    tr {
                        td { a href={"/participants/" (x.id)} { (l.pick(&x.name_zh, &x.name_en)) } }
                        td.mono.nowrap { (x.org_id_scheme.as_str().to_uppercase()) " " (x.org_id) }
                        td { (region_badge(l, x.region)) }
                        td { (roles(l, x)) }
                        td { (status_badge(l, x.status)) }
                        td { (local_time(&x.created_at)) }
                    }
                }
                @if page.items.is_empty() { tr { td colspan="6" .muted { (l.t("没有符合条件的参与方。", "No participants match.")) } } }
            }
        } }
        @if let Some(c) = &page.next_cursor {
            div.pager { a href={"/participants?cursor=" (c) (status.map(|s| format!("&status={s}")).unwrap_or_default())} { (l.t("下一页 →", "Next page →")) } }
        }
    };
    Ok(Page::new(&ctx, l.t("参与方审核", "Participants"), body).into_response())
}

fn roles(l: Lang, x: &Participant) -> Markup {
    html! {
        @if x.roles.is_empty() { (role_label(l, x.kind.as_str())) }
        @for (i, r) in x.roles.iter().enumerate() { @if i > 0 { (l.t("、", ", ")) } (role_label(l, r.as_str())) }
        @if !x.service_kinds.is_empty() {
            " (" @for (i, s) in x.service_kinds.iter().enumerate() { @if i > 0 { (l.t("、", ", ")) } (role_label(l, s.as_str())) } ")"
        }
    }
}

fn actions(l: Lang, p: &Principal, x: &Participant, csrf: &str) -> Markup {
    if !p.is_operator_reviewer() || x.kind != types::ParticipantKind::Merchant {
        return html! {};
    }
    let admin = p.user().staff_role == StaffRole::Admin;
    html! {
        div.card { div.actions {
            @if x.status == ParticipantStatus::Pending {
                form.inline method="post" action={"/participants/" (x.id) "/verify"} {
                    input type="hidden" name="csrf" value=(csrf);
                    button type="submit" { (l.t("审核通过", "Verify")) }
                }
            }
            @if admin && x.status != ParticipantStatus::Suspended {
                form.inline method="post" action={"/participants/" (x.id) "/suspend"} {
                    input type="hidden" name="csrf" value=(csrf);
                    input type="text" name="reason" required maxlength="500" placeholder=(if x.status == ParticipantStatus::Pending { l.t("驳回理由", "Reason for rejection") } else { l.t("暂停理由", "Reason for suspension") });
                    button.danger type="submit" { (if x.status == ParticipantStatus::Pending { l.t("驳回", "Reject") } else { l.t("暂停", "Suspend") }) }
                }
            }
            @if admin && x.status == ParticipantStatus::Suspended {
                form.inline method="post" action={"/participants/" (x.id) "/reinstate"} {
                    input type="hidden" name="csrf" value=(csrf);
                    button type="submit" { (l.t("恢复", "Reinstate")) }
                }
            }
        } }
    }
}

pub(crate) async fn detail(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
) -> PageResult {
    let (p, session) = ctx.require()?;
    let l = ctx.lang;
    let id =
        ParticipantId::parse(&id).map_err(|_| ctx.error(Error::new(Code::ParticipantNotFound)))?;
    let x = state
        .app
        .participant(p, &id)
        .await
        .map_err(|e| ctx.error(e))?;
    let body = html! {
        div.card { dl.kv {
            dt { (l.t("中文名称", "Name (Chinese)")) } dd { (x.name_zh) }
            dt { (l.t("英文名称", "Name (English)")) } dd { (x.name_en) }
            dt { (l.t("机构编号", "Participant id")) } dd.mono { (x.id) }
            dt { (if x.org_id_scheme == types::OrgIdScheme::Uscc { l.t("统一社会信用代码", "Unified social credit code") } else { "LEI" }) } dd.mono { (x.org_id) }
            dt { (l.t("注册地", "Region")) } dd { (region_badge(l, x.region)) }
            dt { (l.t("角色", "Roles")) } dd { (roles(l, &x)) }
            dt { (l.t("状态", "Status")) } dd { (status_badge(l, x.status)) @if let Some(r) = &x.status_reason { " " span.muted { (r) } } }
            dt { (l.t("注册时间", "Registered")) } dd { (local_time(&x.created_at)) }
            dt { (l.t("最近更新", "Updated")) } dd { (local_time(&x.updated_at)) }
        } }
        @if x.kind == types::ParticipantKind::Merchant {
            p { a href={"/participants/" (x.id) "/asset-register"} { (l.t("数据资产登记簿 →", "Data asset register →")) } }
        }
        (actions(l, p, &x, &session.csrf_token))
    };
    Ok(Page::new(&ctx, l.pick(&x.name_zh, &x.name_en), body).into_response())
}

pub(crate) async fn act(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, action)): Path<(String, String)>,
    body: Bytes,
) -> PageResult {
    let f = form_fields(&body);
    ctx.check_csrf(field(&f, "csrf"))?;
    let (p, _) = ctx.require()?;
    let id =
        ParticipantId::parse(&id).map_err(|_| ctx.error(Error::new(Code::ParticipantNotFound)))?;
    let result = match action.as_str() {
        "verify" => state.app.verify_participant(p, &id).await,
        "suspend" => {
            state
                .app
                .suspend_participant(p, &id, field(&f, "reason").unwrap_or_default())
                .await
        }
        "reinstate" => state.app.reinstate_participant(p, &id).await,
        _ => Err(Error::new(Code::NotFound)),
    };
    result.map_err(|e| ctx.error(e))?;
    Ok(see_other(&format!("/participants/{id}")))
}
