//! The page frame every portal page shares — header, navigation by role, language switch,
//! sign-out — and small formatting helpers (time in Asia/Shanghai, sizes, status badges).

use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use maud::{DOCTYPE, Markup, html};

use super::Ctx;

/// The portal's two languages. Chinese is the default.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Lang {
    Zh,
    En,
}

impl Lang {
    /// Picks the text for this language; both are written side by side at the call site so
    /// that neither can be forgotten.
    pub fn t(self, zh: &'static str, en: &'static str) -> &'static str {
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }

    pub fn pick<'a>(self, zh: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }

    pub fn pick_opt<'a>(self, zh: Option<&'a str>, en: Option<&'a str>) -> Option<&'a str> {
        match self {
            Lang::Zh => zh.or(en),
            Lang::En => en.or(zh),
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        }
    }
}

/// A full page: title and body inside the shared frame.
pub(crate) struct Page {
    html: Markup,
    refresh: Option<u32>,
}

impl Page {
    pub fn new(ctx: &Ctx, title: &str, body: Markup) -> Page {
        let l = ctx.lang;
        let principal = ctx.principal();
        let nav = |href: &str, zh: &'static str, en: &'static str| {
            let active = ctx.path == href || (href != "/" && ctx.path.starts_with(href));
            html! { a class=[active.then_some("active")] href=(href) { (l.t(zh, en)) } }
        };
        let html = html! {
            (DOCTYPE)
            html lang=(l.code()) {
                head {
                    meta charset="utf-8";
                    meta name="viewport" content="width=device-width, initial-scale=1";
                    title { (title) " · " (l.t("数港", "Dataport")) }
                    link rel="stylesheet" href="/static/app.css";
                    link rel="icon" href="data:,";
                }
                body {
                    @if ctx.demo {
                        div.demo-banner { (l.t("演示环境：数据均为合成数据，账户密码为 demo-password。", "Demo world: all data is synthetic; every account's password is demo-password.")) }
                    }
                    header.top { div.inner {
                        a.brand href="/" { "数港" small { "Dataport" } }
                        nav {
                            @if let Some(p) = principal {
                                (nav("/", "概览", "Overview"))
                                (nav("/assets", "数据资产", "Data assets"))
                                @if p.sees_everything() {
                                    (nav("/participants", "参与方审核", "Participants"))
                                } @else {
                                    (nav("/participants", "本机构", "My organisation"))
                                }
                                (nav("/xborder", "数据出境", "Cross-border"))
                                (nav("/log", "存证日志", "Transparency log"))
                                (nav("/verify", "凭证核验", "Verify"))
                                (nav("/tokens", "API 令牌", "API tokens"))
                            } @else {
                                (nav("/verify", "凭证核验", "Verify a certificate"))
                            }
                        }
                        div.side {
                            @match l {
                                Lang::Zh => a href={"/lang/en?back=" (super::encode(&ctx.path))} { "English" },
                                Lang::En => a href={"/lang/zh?back=" (super::encode(&ctx.path))} { "中文" },
                            }
                            @if let Some((p, session)) = &ctx.auth {
                                span { (p.user().display_name) " · " (l.pick(&p.participant().name_zh, &p.participant().name_en)) }
                                form method="post" action="/logout" {
                                    input type="hidden" name="csrf" value=(session.csrf_token);
                                    button type="submit" { (l.t("退出", "Sign out")) }
                                }
                            } @else {
                                a href="/login" { (l.t("登录", "Sign in")) }
                                a href="/register" { (l.t("注册", "Register")) }
                            }
                        }
                    } }
                    main { h1 { (title) } (body) }
                    footer { (l.t("数港 · 可信数据交易平台", "Dataport · a trusted data exchange")) " · " a href="/api/v1/openapi.json" { "OpenAPI" } }
                }
            }
        };
        Page {
            html,
            refresh: None,
        }
    }

    /// Reload the page every `secs` seconds (while background work it shows is running).
    pub fn refresh_every(mut self, secs: u32) -> Page {
        self.refresh = Some(secs);
        self
    }
}

impl IntoResponse for Page {
    fn into_response(self) -> Response {
        let mut r = self.html.into_string().into_response();
        if let Some(secs) = self.refresh {
            r.headers_mut().insert("refresh", HeaderValue::from(secs));
        }
        r.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/html; charset=utf-8"),
        );
        // Pages carry per-user data and CSRF tokens: never cache them, never frame them.
        r.headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        r.headers_mut()
            .insert("x-frame-options", HeaderValue::from_static("DENY"));
        r.headers_mut().insert(
            "content-security-policy",
            HeaderValue::from_static(
                "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'",
            ),
        );
        r
    }
}

/// A time as people in China read it (UTC+8; no daylight saving).
pub(crate) fn local_time(t: &types::Timestamp) -> String {
    match chrono::FixedOffset::east_opt(8 * 3600) {
        Some(cst) => t.with_timezone(&cst).format("%Y-%m-%d %H:%M").to_string(),
        None => t.format("%Y-%m-%d %H:%M UTC").to_string(),
    }
}

/// A byte count for people: `1.5 MB`.
pub(crate) fn size(bytes: i64) -> String {
    let b = bytes as f64;
    match bytes {
        n if n < 1024 => format!("{n} B"),
        n if n < 1024 * 1024 => format!("{:.1} KB", b / 1024.0),
        n if n < 1024 * 1024 * 1024 => format!("{:.1} MB", b / 1048576.0),
        _ => format!("{:.2} GB", b / 1073741824.0),
    }
}

pub(crate) fn status_badge(l: Lang, status: types::ParticipantStatus) -> Markup {
    use types::ParticipantStatus::*;
    let (zh, en) = match status {
        Pending => ("待审核", "pending"),
        Verified => ("已认证", "verified"),
        Suspended => ("已暂停", "suspended"),
    };
    html! { span class={"badge " (status.as_str())} { (l.t(zh, en)) } }
}

pub(crate) fn region_badge(l: Lang, region: types::Region) -> Markup {
    if region.is_mainland() {
        html! { span.badge { (l.t("境内", "Mainland")) } }
    } else {
        html! { span.badge.abroad title=(l.t("向该地区提供数据属于数据出境", "Transfers there are data exports")) { (region.as_str()) " · " (l.t("境外", "outside mainland")) } }
    }
}

pub(crate) fn role_label(l: Lang, role: &str) -> &'static str {
    match role {
        "provider" => l.t("数据提供方", "Provider"),
        "buyer" => l.t("数据需求方", "Buyer"),
        "service_provider" => l.t("服务机构", "Service provider"),
        "law_firm" => l.t("律师事务所", "Law firm"),
        "assessor" => l.t("评估机构", "Assessor"),
        "delivery" => l.t("交付服务", "Delivery"),
        "merchant" => l.t("数商", "Merchant"),
        "operator" => l.t("运营方", "Operator"),
        "regulator" => l.t("监管方", "Regulator"),
        _ => l.t("其他", "Other"),
    }
}
