//! Start page, sign-in and sign-out, registration, language switch, API tokens, and the pages
//! that document each problem type.

use app::{Code, Error};
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use maud::{Markup, html};
use types::TokenId;

use super::layout::{local_time, region_badge, role_label, status_badge};
use super::{Ctx, FORM_COOKIE, LANG_COOKIE, Page, PageResult, field, form_fields, see_other};
use crate::AppState;
use crate::auth::{ClientIp, SESSION_COOKIE};

pub(crate) async fn home(State(state): State<AppState>, ctx: Ctx) -> PageResult {
    let l = ctx.lang;
    let Some(p) = ctx.principal() else {
        let body = html! {
            div.card {
                p { (l.t("数港是面向数字贸易的可信数据交易平台：数据资产登记、分类分级、确权、挂牌、合规出境、可用不可见交付与全程存证。",
                         "Dataport is a trusted data exchange for digital trade: register data assets, classify and grade them, confirm rights, list, export compliantly, deliver without exposing raw data, and attest every step.")) }
                div.actions {
                    a.button href="/login" { (l.t("登录", "Sign in")) }
                    a href="/register" { (l.t("机构注册", "Register an organisation")) }
                }
            }
        };
        return Ok(Page::new(
            &ctx,
            l.t(
                "数港 · 可信数据交易平台",
                "Dataport · trusted data exchange",
            ),
            body,
        )
        .into_response());
    };
    let part = p.participant();
    let assets = state
        .app
        .assets(p, None, Some(200))
        .await
        .map_err(|e| ctx.error(e))?;
    let pending = if p.sees_everything() {
        let page = state
            .app
            .participants(p, Some(types::ParticipantStatus::Pending), None, Some(200))
            .await
            .map_err(|e| ctx.error(e))?;
        Some(page.items.len())
    } else {
        None
    };
    let body = html! {
        div.grid {
            div.card {
                div.muted { (l.t("机构", "Organisation")) }
                div { strong { (l.pick(&part.name_zh, &part.name_en)) } }
                div.actions { (status_badge(l, part.status)) (region_badge(l, part.region)) span.badge { (role_label(l, part.kind.as_str())) } }
            }
            div.card {
                div.muted { (if p.sees_everything() { l.t("平台数据资产", "Data assets on the exchange") } else { l.t("本机构数据资产", "Our data assets") }) }
                div.stat { (assets.items.len()) @if assets.next_cursor.is_some() { "+" } }
                a href="/assets" { (l.t("查看", "View")) }
            }
            @if let Some(n) = pending {
                div.card {
                    div.muted { (l.t("待审核参与方", "Participants awaiting verification")) }
                    div.stat { (n) }
                    a href="/participants?status=pending" { (l.t("去审核", "Review")) }
                }
            }
        }
        @if part.status != types::ParticipantStatus::Verified {
            div.alert.error { (l.t("本机构尚未通过审核（或已被暂停），暂不能上传、挂牌或购买数据。", "Your organisation is not verified (or is suspended), so it cannot upload, list or buy data yet.")) }
        }
    };
    Ok(Page::new(&ctx, l.t("概览", "Overview"), body).into_response())
}

pub(crate) fn with_form_cookie(ctx: &Ctx, token: &str, page: Page) -> Response {
    let mut r = page.into_response();
    if let Ok(v) = HeaderValue::from_str(&format!("{FORM_COOKIE}={token}{}", ctx.cookie_attrs())) {
        r.headers_mut().append(header::SET_COOKIE, v);
    }
    r
}

#[derive(serde::Deserialize)]
pub(crate) struct NextParam {
    next: Option<String>,
}

/// Only same-site paths are followed after sign-in, never another origin: a path that starts
/// with one `/` and holds only characters that cannot change how a browser resolves it
/// (browsers drop tabs and newlines, so `/\t/evil.example` would become `//evil.example`).
pub(crate) fn safe_next(next: Option<&str>) -> &str {
    let allowed = |b: u8| b.is_ascii_alphanumeric() || b"/-._~?=&%+".contains(&b);
    match next {
        Some(n)
            if n.starts_with('/')
                && !n.starts_with("//")
                && n.len() <= 512
                && n.bytes().all(allowed) =>
        {
            n
        }
        _ => "/",
    }
}

fn login_page(
    ctx: &Ctx,
    token: &str,
    next: &str,
    error: Option<Error>,
    username: &str,
) -> Response {
    let l = ctx.lang;
    let body = html! {
        @if let Some(e) = &error {
            div.alert.error { (l.pick(e.code().title_zh(), e.code().title_en())) }
        }
        div.card {
            form.stack method="post" action="/login" {
                input type="hidden" name="csrf" value=(token);
                input type="hidden" name="next" value=(next);
                label { (l.t("用户名", "Username")) input type="text" name="username" value=(username) autocomplete="username" required autofocus; }
                label { (l.t("密码", "Password")) input type="password" name="password" autocomplete="current-password" required; }
                div.actions { button type="submit" { (l.t("登录", "Sign in")) } a href="/register" { (l.t("还没有账户？机构注册", "No account? Register your organisation")) } }
            }
        }
    };
    let mut r = with_form_cookie(ctx, token, Page::new(ctx, l.t("登录", "Sign in"), body));
    if let Some(e) = error {
        *r.status_mut() = crate::problem::status_of(e.code());
        if let Some(secs) = e.retry_after_secs() {
            r.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
    }
    r
}

pub(crate) async fn login_form(ctx: Ctx, Query(q): Query<NextParam>) -> Response {
    login_page(
        &ctx,
        &ctx.form_token(),
        safe_next(q.next.as_deref()),
        None,
        "",
    )
}

pub(crate) async fn login(
    State(state): State<AppState>,
    ctx: Ctx,
    ClientIp(ip): ClientIp,
    body: Bytes,
) -> PageResult {
    let f = form_fields(&body);
    ctx.check_form_token(field(&f, "csrf"))?;
    let username = field(&f, "username").unwrap_or_default();
    let password = field(&f, "password").unwrap_or_default();
    let next = safe_next(field(&f, "next")).to_owned();
    let user = match state.app.sign_in(username, password, ip).await {
        Ok(u) => u,
        Err(e) if e.code() == Code::Internal => return Err(ctx.error(e)),
        Err(e) => {
            return Ok(login_page(
                &ctx,
                &ctx.form_token(),
                &next,
                Some(e),
                username,
            ));
        }
    };
    let opened = state
        .app
        .open_session(&user)
        .await
        .map_err(|e| ctx.error(e))?;
    let mut r = see_other(&next);
    let cookie = format!("{SESSION_COOKIE}={}{}", opened.secret, ctx.cookie_attrs());
    if let Ok(v) = HeaderValue::from_str(&cookie) {
        r.headers_mut().append(header::SET_COOKIE, v);
    }
    Ok(r)
}

pub(crate) async fn logout(State(state): State<AppState>, ctx: Ctx, body: Bytes) -> PageResult {
    let f = form_fields(&body);
    ctx.check_csrf(field(&f, "csrf"))?;
    if let Some((_, session)) = &ctx.auth {
        state
            .app
            .close_session(session)
            .await
            .map_err(|e| ctx.error(e))?;
    }
    let mut r = see_other("/");
    let cookie = format!("{SESSION_COOKIE}=; Max-Age=0{}", ctx.cookie_attrs());
    if let Ok(v) = HeaderValue::from_str(&cookie) {
        r.headers_mut().append(header::SET_COOKIE, v);
    }
    Ok(r)
}

#[derive(serde::Deserialize)]
pub(crate) struct BackParam {
    back: Option<String>,
}

pub(crate) async fn set_lang(
    ctx: Ctx,
    Path(lang): Path<String>,
    Query(q): Query<BackParam>,
) -> Response {
    let lang = if lang == "en" { "en" } else { "zh" };
    let mut r = see_other(safe_next(q.back.as_deref()));
    let cookie = format!(
        "{LANG_COOKIE}={lang}; Max-Age=31536000{}",
        ctx.cookie_attrs()
    );
    if let Ok(v) = HeaderValue::from_str(&cookie) {
        r.headers_mut().append(header::SET_COOKIE, v);
    }
    r
}

const REGIONS: &[(&str, &str, &str)] = &[
    ("CN", "中国大陆（境内）", "Chinese mainland"),
    ("HK", "中国香港", "Hong Kong, China"),
    ("MO", "中国澳门", "Macao, China"),
    ("TW", "中国台湾", "Taiwan, China"),
    ("JP", "日本", "Japan"),
    ("KR", "韩国", "Republic of Korea"),
    ("SG", "新加坡", "Singapore"),
    ("DE", "德国", "Germany"),
    ("US", "美国", "United States"),
];

fn register_page(
    ctx: &Ctx,
    token: &str,
    error: Option<&Error>,
    f: &[(String, String)],
) -> Response {
    let l = ctx.lang;
    let v = |name: &str| field(f, name).unwrap_or_default().to_owned();
    let checked = |name: &str, value: &str| f.iter().any(|(k, x)| k == name && x == value);
    let region = field(f, "region").unwrap_or("CN");
    let body = html! {
        @if let Some(e) = error {
            div.alert.error {
                strong { (l.pick(e.code().title_zh(), e.code().title_en())) }
                @if let Some(d) = l.pick_opt(e.detail_zh(), e.detail_en()) { " " (d) }
            }
        }
        div.card {
            p.muted { (l.t("境内机构使用统一社会信用代码注册；境外机构（含港澳台地区）使用 LEI 注册。注册后由运营方审核。",
                          "Mainland organisations register with their unified social credit code; organisations outside the mainland (including Hong Kong, Macao and Taiwan) with their LEI. The operator then verifies the registration.")) }
            form.stack method="post" action="/register" {
                input type="hidden" name="csrf" value=(token);
                label { (l.t("机构中文名称", "Name in Chinese")) input type="text" name="name_zh" value=(v("name_zh")); }
                label { (l.t("机构英文名称", "Name in English")) input type="text" name="name_en" value=(v("name_en")); }
                label { (l.t("注册地", "Country or region of registration"))
                    select name="region" {
                        @for (code, zh, en) in REGIONS { option value=(code) selected[*code == region] { (l.pick(zh, en)) " (" (code) ")" } }
                    }
                    span.hint { (l.t("其他国家或地区请填写 ISO 3166 两位代码：", "Other countries: type the ISO 3166 two-letter code: ")) }
                    input type="text" name="region_other" maxlength="2" value=(v("region_other"));
                }
                label { (l.t("统一社会信用代码（境内）", "Unified social credit code (mainland)")) input type="text" name="uscc" maxlength="18" value=(v("uscc")); }
                label { "LEI" span.hint { (l.t("（境外，含港澳台）", "(outside the mainland, incl. HK, MO, TW)")) } input type="text" name="lei" maxlength="24" value=(v("lei")); }
                fieldset {
                    legend { (l.t("角色", "Roles")) }
                    @for r in ["provider", "buyer", "service_provider"] {
                        label { input type="checkbox" name="roles" value=(r) checked[checked("roles", r)]; (role_label(l, r)) }
                    }
                }
                fieldset {
                    legend { (l.t("服务类型（仅服务机构）", "Services (service providers only)")) }
                    @for r in ["law_firm", "assessor", "delivery"] {
                        label { input type="checkbox" name="service_kinds" value=(r) checked[checked("service_kinds", r)]; (role_label(l, r)) }
                    }
                }
                label { (l.t("管理员用户名", "Administrator username")) input type="text" name="username" value=(v("username")) autocomplete="username" required; }
                label { (l.t("管理员姓名", "Administrator name")) input type="text" name="display_name" value=(v("display_name")); }
                label { (l.t("密码（至少 10 个字符）", "Password (at least 10 characters)")) input type="password" name="password" autocomplete="new-password" required; }
                div.actions { button type="submit" { (l.t("提交注册", "Register")) } }
            }
        }
    };
    let mut r = with_form_cookie(
        ctx,
        token,
        Page::new(ctx, l.t("机构注册", "Register an organisation"), body),
    );
    if let Some(e) = error {
        *r.status_mut() = crate::problem::status_of(e.code());
    }
    r
}

pub(crate) async fn register_form(ctx: Ctx) -> Response {
    register_page(&ctx, &ctx.form_token(), None, &[])
}

pub(crate) async fn register(State(state): State<AppState>, ctx: Ctx, body: Bytes) -> PageResult {
    let f = form_fields(&body);
    ctx.check_form_token(field(&f, "csrf"))?;
    let all = |name: &str| {
        f.iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .collect::<Vec<_>>()
    };
    let region = match field(&f, "region_other").map(str::trim) {
        Some(other) if !other.is_empty() => other.to_owned(),
        _ => field(&f, "region").unwrap_or_default().to_owned(),
    };
    let text = |name: &str| field(&f, name).unwrap_or_default().to_owned();
    let request = crate::api::participants::RegisterRequest {
        name_zh: text("name_zh"),
        name_en: text("name_en"),
        region,
        uscc: field(&f, "uscc").map(str::to_owned),
        lei: field(&f, "lei").map(str::to_owned),
        roles: all("roles"),
        service_kinds: all("service_kinds"),
        username: text("username"),
        display_name: text("display_name"),
        password: text("password"),
    };
    let outcome = match request.into_registration() {
        Ok(r) => state.app.register(&r).await,
        Err(e) => Err(e),
    };
    match outcome {
        Ok(o) => {
            let l = ctx.lang;
            let body = html! {
                div.alert.ok { (l.t("注册已提交，等待运营方审核。审核通过后即可上传和交易数据。", "Registration submitted. Once the operator verifies it, you can upload and trade data.")) }
                div.card { dl.kv {
                    dt { (l.t("机构", "Organisation")) } dd { (l.pick(&o.participant.name_zh, &o.participant.name_en)) }
                    dt { (l.t("机构编号", "Participant id")) } dd.mono { (o.participant.id) }
                    dt { (l.t("状态", "Status")) } dd { (status_badge(l, o.participant.status)) }
                    dt { (l.t("用户名", "Username")) } dd { (o.user.username) }
                } }
                a.button href="/login" { (l.t("登录", "Sign in")) }
            };
            Ok((
                StatusCode::CREATED,
                Page::new(&ctx, l.t("注册成功", "Registered"), body),
            )
                .into_response())
        }
        Err(e) if e.code() == Code::Internal => Err(ctx.error(e)),
        Err(e) => {
            // Re-show the form with what was typed, never the password.
            let keep: Vec<(String, String)> =
                f.into_iter().filter(|(k, _)| k != "password").collect();
            Ok(register_page(&ctx, &ctx.form_token(), Some(&e), &keep))
        }
    }
}

fn tokens_page(ctx: &Ctx, tokens: &[app::ApiToken], fresh: Option<&str>) -> Markup {
    let l = ctx.lang;
    let csrf = ctx
        .auth
        .as_ref()
        .map(|(_, s)| s.csrf_token.clone())
        .unwrap_or_default();
    let now = types::now();
    html! {
        @if let Some(secret) = fresh {
            div.alert.ok { (l.t("新令牌如下，只显示这一次，请立即妥善保存：", "Your new token is shown below once only; store it safely now:")) }
            div.secret { (secret) }
            p.muted { (l.t("用法：", "Use it as: ")) span.mono { "Authorization: Bearer " (secret) } }
        }
        div.card {
            form.inline method="post" action="/tokens" {
                input type="hidden" name="csrf" value=(csrf);
                input type="text" name="name" placeholder=(l.t("令牌名称，如 ci", "Token name, e.g. ci")) maxlength="100";
                button type="submit" { (l.t("创建令牌", "Create token")) }
            }
        }
        div.table-wrap { table {
            thead { tr { th { (l.t("名称", "Name")) } th { (l.t("编号", "Id")) } th { (l.t("创建", "Created")) } th { (l.t("到期", "Expires")) } th { (l.t("状态", "Status")) } th {} } }
            tbody {
                @for t in tokens {
                    tr {
                        td { (t.name) } td.mono { (t.id) } td { (local_time(&t.created_at)) } td { (local_time(&t.expires_at)) }
                        td {
                            @if t.revoked_at.is_some() { span.badge.suspended { (l.t("已撤销", "revoked")) } }
                            @else if t.expires_at <= now { span.badge { (l.t("已过期", "expired")) } }
                            @else { span.badge.verified { (l.t("有效", "active")) } }
                        }
                        td { @if t.revoked_at.is_none() && t.expires_at > now {
                            form.inline method="post" action={"/tokens/" (t.id) "/revoke"} {
                                input type="hidden" name="csrf" value=(csrf);
                                button.danger type="submit" { (l.t("撤销", "Revoke")) }
                            }
                        } }
                    }
                }
                @if tokens.is_empty() { tr { td colspan="6" .muted { (l.t("还没有令牌。", "No tokens yet.")) } } }
            }
        } }
    }
}

pub(crate) async fn tokens(State(state): State<AppState>, ctx: Ctx) -> PageResult {
    let (p, _) = ctx.require()?;
    let tokens = state.app.list_tokens(p).await.map_err(|e| ctx.error(e))?;
    let l = ctx.lang;
    Ok(Page::new(
        &ctx,
        l.t("API 令牌", "API tokens"),
        tokens_page(&ctx, &tokens, None),
    )
    .into_response())
}

pub(crate) async fn create_token(
    State(state): State<AppState>,
    ctx: Ctx,
    body: Bytes,
) -> PageResult {
    let f = form_fields(&body);
    ctx.check_csrf(field(&f, "csrf"))?;
    let (p, _) = ctx.require()?;
    let issued = state
        .app
        .issue_token(p.user(), field(&f, "name").unwrap_or_default())
        .await
        .map_err(|e| ctx.error(e))?;
    let tokens = state.app.list_tokens(p).await.map_err(|e| ctx.error(e))?;
    let l = ctx.lang;
    let page = Page::new(
        &ctx,
        l.t("API 令牌", "API tokens"),
        tokens_page(&ctx, &tokens, Some(&issued.secret)),
    );
    Ok((StatusCode::CREATED, page).into_response())
}

pub(crate) async fn revoke_token(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    body: Bytes,
) -> PageResult {
    let f = form_fields(&body);
    ctx.check_csrf(field(&f, "csrf"))?;
    let (p, _) = ctx.require()?;
    let id = TokenId::parse(&id).map_err(|_| ctx.error(Error::new(Code::TokenNotFound)))?;
    state
        .app
        .revoke_token(p, &id)
        .await
        .map_err(|e| ctx.error(e))?;
    Ok(see_other("/tokens"))
}

/// `/problems/<code>`: what a problem type means, for people who follow the `type` link.
pub(crate) async fn problem_doc(ctx: Ctx, Path(code): Path<String>) -> PageResult {
    let l = ctx.lang;
    let found = Code::ALL
        .iter()
        .find(|c| c.as_str() == code)
        .ok_or_else(|| ctx.error(Error::new(Code::NotFound)))?;
    let body = html! {
        div.card { dl.kv {
            dt { (l.t("错误码", "Code")) } dd.mono { (found.as_str()) }
            dt { "HTTP" } dd { (crate::problem::status_of(*found).as_u16()) }
            dt { "中文" } dd { (found.title_zh()) }
            dt { "English" } dd { (found.title_en()) }
        } }
    };
    Ok(Page::new(&ctx, found.as_str(), body).into_response())
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn only_local_paths_are_followed() {
        for ok in [
            "/",
            "/assets",
            "/assets/ast_1?x=1&y=2",
            "/participants?status=pending",
        ] {
            assert_eq!(safe_next(Some(ok)), ok);
        }
        for bad in [
            "//evil.example",
            "/\t/evil.example",
            "/\\evil",
            "https://evil.example",
            "/a\r\nSet-Cookie: x",
            "",
            "assets",
        ] {
            assert_eq!(safe_next(Some(bad)), "/", "{bad:?}");
        }
        assert_eq!(safe_next(None), "/");
    }
}
