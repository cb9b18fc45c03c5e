//! The rights, certificate, verify and asset-register portal pages, driven as a browser drives
//! them, on the demo world: Dalian port licenses its berthing schedule for processing to the
//! Shenyang manufacturer, whose spare-parts logistics index is derived from it.

use reqwest::{Client, StatusCode};
use serde_json::{Value, json};

use crate::support::*;

/// A browser: keeps cookies, does not follow redirects.
fn browser() -> Client {
    Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

async fn get(b: &Client, url: String) -> (StatusCode, String) {
    let r = b.get(url).send().await.unwrap();
    (r.status(), r.text().await.unwrap())
}

async fn post(b: &Client, url: String, form: &[(&str, &str)]) -> (StatusCode, String) {
    let r = b.post(url).form(form).send().await.unwrap();
    (r.status(), r.text().await.unwrap())
}

/// The value of the first `name="csrf"` field on a page.
fn csrf_of(html: &str) -> String {
    let at = html
        .find("name=\"csrf\" value=\"")
        .expect("page has a CSRF field")
        + 19;
    html[at..].split('"').next().unwrap().to_owned()
}

/// The demo world and the ids the tests act on.
struct Demo {
    s: TestServer,
    /// Dalian port's berthing schedule, licensed to the manufacturer for processing.
    berths: String,
    /// The manufacturer's index derived from it.
    index: String,
    /// The processing licence the index was derived under.
    licence: String,
    dalian: Actor,
    shenyang: Actor,
    tokyo: Actor,
}

async fn api_actor(s: &TestServer, username: &str) -> Actor {
    let r = s.token(username, app::DEMO_PASSWORD).await;
    assert_eq!(r.status(), StatusCode::CREATED, "sign in {username}");
    let token = r.json::<Value>().await.unwrap()["token"]
        .as_str()
        .unwrap()
        .to_owned();
    let me: Value = s.get(&token, "/api/v1/me").await.json().await.unwrap();
    Actor {
        participant: me["participant"]["id"].as_str().unwrap().to_owned(),
        token,
    }
}

async fn asset_titled(s: &TestServer, who: &Actor, prefix: &str) -> String {
    let list: Value = s
        .get(&who.token, "/api/v1/assets?limit=200")
        .await
        .json()
        .await
        .unwrap();
    list["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["title"].as_str().unwrap().starts_with(prefix))
        .unwrap_or_else(|| panic!("no asset titled {prefix}: {list}"))["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

async fn demo() -> Demo {
    let s = spawn().await;
    s.app.seed_demo().await.unwrap();
    let dalian = api_actor(&s, "dalian-port").await;
    let shenyang = api_actor(&s, "shenyang-mfg").await;
    let tokyo = api_actor(&s, "tokyo-trading").await;
    let berths = asset_titled(&s, &dalian, "船舶靠泊计划").await;
    let index = asset_titled(&s, &shenyang, "备件到港物流指数").await;
    let rights = rights_of(&s, &shenyang, &index).await;
    let licence = rights["record"]["lineage"][0]["grant"]
        .as_str()
        .unwrap()
        .to_owned();
    Demo {
        s,
        berths,
        index,
        licence,
        dalian,
        shenyang,
        tokyo,
    }
}

async fn rights_of(s: &TestServer, who: &Actor, asset: &str) -> Value {
    let r = s
        .get(&who.token, &format!("/api/v1/assets/{asset}/rights"))
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    r.json().await.unwrap()
}

/// The id of `holder`'s `kind` grant of `right` over an asset.
fn grant_of(rights: &Value, holder: &str, right: &str, kind: &str) -> String {
    rights["grants"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["holder"] == holder && g["right"] == right && g["kind"] == kind)
        .unwrap_or_else(|| panic!("no {kind} {right} grant of {holder}: {rights}"))["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// A browser signed in through the portal's form.
async fn signed_in(s: &TestServer, username: &str) -> Client {
    let b = browser();
    let (_, page) = get(&b, s.url("/login")).await;
    let r = b
        .post(s.url("/login"))
        .form(&[
            ("csrf", csrf_of(&page).as_str()),
            ("username", username),
            ("password", app::DEMO_PASSWORD),
            ("next", "/"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(
        r.status(),
        StatusCode::SEE_OTHER,
        "portal sign-in {username}"
    );
    b
}

async fn in_english(s: &TestServer, b: &Client) {
    let r = b.get(s.url("/lang/en?back=/")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
}

/// How the page shortens an id: an ellipsis and its last six characters.
fn tail(id: &str) -> String {
    format!("…{}", &id[id.len() - 6..])
}

/// Lets the log sequence every pending event, so certificates can be issued.
async fn sequence(s: &TestServer) {
    while s.app.sequence_once().await.unwrap().is_some() {}
}

/// The certificate id in a certificate page's verify link.
fn certificate_id_of(html: &str) -> String {
    let at = html.find("href=\"/verify?id=").expect("a verify link") + 17;
    html[at..].split('"').next().unwrap().replace("%3A", ":")
}

/// The number of checks shown as passed and as failed on a verify page.
fn checks(html: &str) -> (usize, usize) {
    (
        html.matches("badge verified\">通过<").count(),
        html.matches("badge suspended\">未通过<").count(),
    )
}

#[tokio::test]
async fn rights_page_shows_grants_and_lineage_in_both_languages() {
    let d = demo().await;
    let s = &d.s;
    let b = signed_in(s, "shenyang-mfg").await;
    let (status, html) = get(&b, s.url(&format!("/assets/{}/rights", d.index))).await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert!(html.contains("lang=\"zh-CN\""));
    for right in ["数据资源持有权", "数据加工使用权", "数据产品经营权"] {
        assert!(html.contains(right), "{right}");
    }
    assert!(
        html.contains("已挂牌") && html.contains("衍生数据"),
        "{html}"
    );
    // The lineage: both assets, the licence labelling the edge, this asset highlighted.
    let svg = &html[html.find("<svg class=\"lineage\"").expect("a lineage SVG")..];
    let svg = &svg[..svg.find("</svg>").unwrap()];
    assert!(
        svg.contains("船舶靠泊计划") && svg.contains("备件到港物流指数"),
        "{svg}"
    );
    assert!(
        svg.contains(&tail(&d.licence)),
        "the edge names the licence"
    );
    assert!(svg.contains("class=\"node current\""), "{svg}");
    assert!(
        svg.contains(&format!("href=\"/assets/{}/rights\"", d.berths)),
        "the source links to its rights page"
    );
    // The berths come first (depth 0), the index to their right.
    let x_of = |asset: &str| {
        let at = svg.find(&tail(asset)).unwrap();
        let rect = svg[..at].rfind("<rect x=\"").unwrap() + 9;
        svg[rect..]
            .split('"')
            .next()
            .unwrap()
            .parse::<i64>()
            .unwrap()
    };
    assert!(x_of(&d.berths) < x_of(&d.index));
    // The manufacturer holds its grants: it may license or transfer them, and record costs.
    assert!(html.contains(&format!("/assets/{}/grants/", d.index)) && html.contains("授予许可"));
    assert!(
        html.contains("会计处理") && html.contains(&format!("/assets/{}/certificate", d.index))
    );
    // The same page in English.
    in_english(s, &b).await;
    let (_, en) = get(&b, s.url(&format!("/assets/{}/rights", d.index))).await;
    assert!(en.contains("lang=\"en\""));
    for text in [
        "Data resource holding right",
        "Data processing and use right",
        "Data product operation right",
        "Lineage",
        "Exercisable today",
        // Holders by their English names.
        "Shenyang Heavy Equipment Manufacturing Co., Ltd.",
    ] {
        assert!(en.contains(text), "{text}");
    }
    assert!(en.contains("<svg class=\"lineage\""));
    // Dalian port sees its schedule's descendant, but not its title: it may not open it.
    let port = signed_in(s, "dalian-port").await;
    let (status, html) = get(&port, s.url(&format!("/assets/{}/rights", d.berths))).await;
    assert_eq!(status, StatusCode::OK);
    let svg = &html[html.find("<svg class=\"lineage\"").unwrap()..];
    assert!(
        svg.contains(">—<") && !html.contains("备件到港物流指数"),
        "{svg}"
    );
    assert!(
        !svg.contains(&format!("href=\"/assets/{}/rights\"", d.index)),
        "no link to an asset the viewer may not open"
    );
}

#[tokio::test]
async fn other_tenants_and_strangers_are_kept_out() {
    let d = demo().await;
    let s = &d.s;
    // Signed out: sent to sign in, except the public verify page.
    let anon = browser();
    let r = anon
        .get(s.url(&format!("/assets/{}/rights", d.index)))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        r.headers()["location"],
        format!("/login?next=/assets/{}/rights", d.index).as_str()
    );
    let (status, html) = get(&anon, s.url("/verify")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("凭证核验") && html.contains("name=\"certificate\""));
    // Another tenant: every page of the manufacturer's asset and register is "not found".
    let b = signed_in(s, "tokyo-trading").await;
    for path in [
        format!("/assets/{}/rights", d.index),
        format!("/assets/{}/certificate", d.index),
        format!("/participants/{}/asset-register", d.shenyang.participant),
        format!(
            "/participants/{}/asset-register.csv",
            d.shenyang.participant
        ),
    ] {
        let (status, html) = get(&b, s.url(&path)).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
        assert!(
            html.contains("asset.not_found") || html.contains("participant.not_found"),
            "{path}: {html}"
        );
    }
    // Its forms are refused the same way, and without a valid token before anything else.
    let csrf = csrf_of(&get(&b, s.url("/")).await.1);
    let (status, html) = post(
        &b,
        s.url(&format!("/assets/{}/rights/cost", d.index)),
        &[
            ("csrf", &csrf),
            ("category", "storage"),
            ("amount", "10"),
            ("incurred_on", "2026-01-05"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{html}");
    let (status, _) = post(
        &b,
        s.url(&format!("/assets/{}/rights/cost", d.index)),
        &[("csrf", "wrong"), ("category", "storage"), ("amount", "10")],
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    // The regulator reads every asset's rights and is offered no form.
    let reg = signed_in(s, "regulator").await;
    let (status, html) = get(&reg, s.url(&format!("/assets/{}/rights", d.index))).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("数据加工使用权"), "{html}");
    for form in [
        "提出异议",
        "授予许可",
        "/rights/lifecycle",
        "/rights/cost",
        "/revoke",
    ] {
        assert!(!html.contains(form), "{form}");
    }
    // Malformed ids are not found, not errors.
    for path in [
        "/assets/nope/rights",
        "/assets/nope/certificate",
        "/participants/nope/asset-register",
    ] {
        assert_eq!(
            get(&b, s.url(path)).await.0,
            StatusCode::NOT_FOUND,
            "{path}"
        );
    }
    // Evidence of another tenant's asset is not served either.
    let (status, _) = get(
        &b,
        s.url(&format!(
            "/assets/{}/rights/evidence/{}",
            d.index,
            "0".repeat(64)
        )),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn certificate_page_has_qr_code_and_verifies() {
    let d = demo().await;
    let s = &d.s;
    let b = signed_in(s, "shenyang-mfg").await;
    let page = s.url(&format!("/assets/{}/certificate", d.index));
    // Until the log has sequenced the registration, the certificate is "being issued".
    let r = b.get(&page).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()["refresh"], "1");
    assert!(r.text().await.unwrap().contains("凭证正在签发"));
    sequence(s).await;
    let (status, html) = get(&b, page.clone()).await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert!(
        html.contains("数据资产登记凭证") && html.contains("did:key:"),
        "{html}"
    );
    assert!(html.contains("<svg class=\"qr\""), "a QR code");
    assert!(html.contains("href=\"/verify?id=urn%3Auuid%3A"), "{html}");
    assert!(html.contains("沈阳重型装备制造股份有限公司") && html.contains("数据加工使用权"));
    assert!(html.contains(&d.licence), "the lineage names the licence");
    assert!(html.contains("有效，未撤销") && html.contains("sha256:"));
    assert!(!html.contains("核验未通过"), "{html}");
    let id = certificate_id_of(&html);
    assert!(id.starts_with("urn:uuid:"), "{id}");
    // Its JSON is public.
    let anon = browser();
    let r = anon
        .get(s.url(&format!("/certificates/{}.json", id.replace(':', "%3A"))))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()["content-type"], "application/json");
    let credential: Value = r.json().await.unwrap();
    assert_eq!(credential["id"], id.as_str());
    let r = anon
        .get(s.url("/certificates/urn%3Auuid%3Anope.json"))
        .send()
        .await
        .unwrap();
    problem(r, StatusCode::NOT_FOUND, "certificate.not_found").await;
    let r = anon
        .get(s.url(&format!("/certificates/{}", id.replace(':', "%3A"))))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND, "only the .json path");
    // Anyone verifies it by id, signed out: every check passes.
    let verify_by_id = |id: &str| s.url(&format!("/verify?id={}", id.replace(':', "%3A")));
    let (status, html) = get(&anon, verify_by_id(&id)).await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert!(html.contains("全部核验通过"), "{html}");
    assert_eq!(checks(&html), (5, 0), "{html}");
    assert!(html.contains("备件到港物流指数"));
    let (status, html) = get(&anon, s.url("/verify?id=urn%3Auuid%3Anope")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(html.contains("certificate.not_found"));
    // Pasted, it verifies too; one character changed in the title, the signature fails.
    let (_, form) = get(&anon, s.url("/verify")).await;
    let token = csrf_of(&form);
    let paste = |text: String| {
        let anon = anon.clone();
        let url = s.url("/verify");
        let token = token.clone();
        async move {
            let r = anon
                .post(url)
                .form(&[("csrf", token), ("certificate", text)])
                .send()
                .await
                .unwrap();
            (r.status(), r.text().await.unwrap())
        }
    };
    let (status, html) = paste(credential.to_string()).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(checks(&html), (5, 0), "{html}");
    let mut tampered = credential.clone();
    let title = tampered["credentialSubject"]["registration"]["title"]
        .as_str()
        .unwrap()
        .replacen('备', "配", 1);
    tampered["credentialSubject"]["registration"]["title"] = json!(title);
    let (status, html) = paste(tampered.to_string()).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains("凭证未通过核验") && html.contains("certificate.bad_proof"),
        "{html}"
    );
    assert_eq!(checks(&html), (0, 1), "{html}");
    assert!(html.contains("未核验"), "later checks are not reached");
    // Not JSON, and no token.
    let (_, html) = paste("not json".into()).await;
    assert!(html.contains("这不是凭证 JSON"), "{html}");
    let (status, _) = post(
        &browser(),
        s.url("/verify"),
        &[("certificate", &credential.to_string())],
    )
    .await;
    assert_eq!(
        status,
        StatusCode::FORBIDDEN,
        "the anonymous form token is required"
    );
    // More than a megabyte is refused with a page, not a bare 413.
    let (status, html) = paste("x".repeat(1024 * 1024 + 1)).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(
        html.contains("asset.too_large") && html.contains("1 MB"),
        "{html}"
    );
    // In English the checks speak English.
    in_english(s, &anon).await;
    let (_, html) = get(&anon, verify_by_id(&id)).await;
    assert!(html.contains("every check passed") && html.contains("Log inclusion"));
    // A licence changes the rights: the next certificate supersedes this one, which now fails
    // the revocation check, and is listed as an earlier certificate.
    let rights = rights_of(s, &d.shenyang, &d.index).await;
    let operation = grant_of(&rights, &d.shenyang.participant, "operation", "original");
    let csrf = csrf_of(&html_of(&b, s.url(&format!("/assets/{}/rights", d.index))).await);
    let today = app::today_in_china().format("%Y-%m-%d").to_string();
    let (status, html) = post(
        &b,
        s.url(&format!("/assets/{}/grants/{operation}/licence", d.index)),
        &[
            ("csrf", &csrf),
            ("to", &d.tokyo.participant),
            ("purposes", "market_research"),
            ("territory", "jp"),
            ("from", &today),
            ("until", ""),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{html}");
    let (_, html) = get(&b, s.url(&format!("/assets/{}/rights", d.index))).await;
    assert!(
        html.contains("market_research") && html.contains("东京通商株式会社"),
        "{html}"
    );
    sequence(s).await;
    let (_, html) = get(&b, page).await;
    let newer = certificate_id_of(&html);
    assert_ne!(newer, id);
    assert!(html.contains("历史凭证") && html.contains(&id), "{html}");
    assert!(
        html.contains("东京通商株式会社"),
        "the new holder is on the certificate"
    );
    let anon = browser();
    let (_, html) = get(&anon, verify_by_id(&id)).await;
    assert_eq!(checks(&html), (4, 1), "{html}");
    assert!(html.contains("certificate.revoked"), "{html}");
    let (_, html) = get(&anon, verify_by_id(&newer)).await;
    assert_eq!(checks(&html), (5, 0), "{html}");
}

async fn html_of(b: &Client, url: String) -> String {
    get(b, url).await.1
}

#[tokio::test]
async fn asset_register_page_and_csv() {
    let d = demo().await;
    let s = &d.s;
    let b = signed_in(s, "shenyang-mfg").await;
    let (_, profile) = get(
        &b,
        s.url(&format!("/participants/{}", d.shenyang.participant)),
    )
    .await;
    assert!(profile.contains(&format!(
        "/participants/{}/asset-register",
        d.shenyang.participant
    )));
    let (status, html) = get(
        &b,
        s.url(&format!(
            "/participants/{}/asset-register",
            d.shenyang.participant
        )),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("数据资产登记簿") && html.contains("备件到港物流指数"));
    assert!(
        html.contains("被许可方") && html.contains("船舶靠泊计划"),
        "the licensed schedule is on the licensee's register: {html}"
    );
    assert!(html.contains("存货"), "the index is accounted as inventory");
    let r = b
        .get(s.url(&format!(
            "/participants/{}/asset-register.csv",
            d.shenyang.participant
        )))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()["content-type"], "text/csv; charset=utf-8");
    let disposition = r.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        disposition.starts_with("attachment;") && disposition.contains(".csv"),
        "{disposition}"
    );
    let body = r.text().await.unwrap();
    let header = body.trim_start_matches('\u{feff}').lines().next().unwrap();
    assert!(
        header.starts_with("asset_id,title,role,lifecycle,rights_held"),
        "{header}"
    );
    assert!(body.contains(&d.index) && body.contains("licensee"));
    // The operator may read it; signed out, one is sent to sign in.
    let op = signed_in(s, "operator").await;
    let (status, _) = get(
        &op,
        s.url(&format!(
            "/participants/{}/asset-register.csv",
            d.shenyang.participant
        )),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let r = browser()
        .get(s.url(&format!(
            "/participants/{}/asset-register.csv",
            d.shenyang.participant
        )))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn licence_form_refusals_are_shown() {
    let d = demo().await;
    let s = &d.s;
    let b = signed_in(s, "dalian-port").await;
    let page = s.url(&format!("/assets/{}/rights", d.berths));
    let html = html_of(&b, page.clone()).await;
    let csrf = csrf_of(&html);
    let rights = rights_of(s, &d.dalian, &d.berths).await;
    let processing = grant_of(&rights, &d.dalian.participant, "processing", "original");
    let licence = |grant: &str| s.url(&format!("/assets/{}/grants/{grant}/licence", d.berths));
    let today = app::today_in_china();
    let day = |n: u64| {
        (today + chrono::Days::new(n))
            .format("%Y-%m-%d")
            .to_string()
    };
    let form = |from: &str, until: &str, to: &str| {
        vec![
            ("csrf", csrf.clone()),
            ("to", to.to_owned()),
            ("purposes", "logistics_analytics".to_owned()),
            ("territory", "CN".to_owned()),
            ("from", from.to_owned()),
            ("until", until.to_owned()),
        ]
    };
    let send = |url: String, form: Vec<(&'static str, String)>| {
        let b = b.clone();
        async move {
            let r = b.post(url).form(&form).send().await.unwrap();
            (r.status(), r.text().await.unwrap())
        }
    };
    // An inverted term.
    let (status, html) = send(
        licence(&processing),
        form(&day(10), &day(5), &d.shenyang.participant),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{html}");
    assert!(
        html.contains("rights.bad_term") && html.contains("期限为空或起止颠倒"),
        "{html}"
    );
    // A date that is not one.
    let (status, html) = send(
        licence(&processing),
        form("31/12/2026", "", &d.shenyang.participant),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        html.contains("rights.bad_term") && html.contains("YYYY-MM-DD"),
        "{html}"
    );
    // A licensee that is not a participant id, and one that is not verified.
    let (status, html) = send(licence(&processing), form(&day(0), "", "shenyang")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(
        html.contains("participant.not_found") && html.contains("prt_"),
        "{html}"
    );
    // A grant over another asset, through this asset's page, and a grant id that is not one.
    let index_rights = rights_of(s, &d.shenyang, &d.index).await;
    let elsewhere = grant_of(
        &index_rights,
        &d.shenyang.participant,
        "holding",
        "original",
    );
    for grant in [elsewhere.as_str(), "grt_nope"] {
        let (status, html) = send(licence(grant), form(&day(0), "", &d.shenyang.participant)).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{html}");
        assert!(html.contains("rights.unknown_grant"), "{html}");
    }
    // Beyond the parent's scope: the manufacturer's licence is not sub-licensable.
    let m = signed_in(s, "shenyang-mfg").await;
    let mcsrf = csrf_of(&html_of(&m, s.url(&format!("/assets/{}/rights", d.berths))).await);
    let (status, html) = post(
        &m,
        licence(&d.licence),
        &[
            ("csrf", &mcsrf),
            ("to", &d.tokyo.participant),
            ("from", &day(0)),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("rights.not_sublicensable"), "{html}");
    // English error page for the same refusal.
    in_english(s, &b).await;
    let (_, html) = send(
        licence(&processing),
        form(&day(10), &day(5), &d.shenyang.participant),
    )
    .await;
    assert!(html.contains("The term is empty or inverted."), "{html}");
    // Revocation needs a reason; with one, the licence and what rests on it fall.
    let (status, html) = post(
        &b,
        s.url(&format!("/assets/{}/grants/{}/revoke", d.berths, d.licence)),
        &[("csrf", &csrf), ("reason", " ")],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("rights.invalid"), "{html}");
    let (status, _) = post(
        &b,
        s.url(&format!("/assets/{}/grants/{}/revoke", d.berths, d.licence)),
        &[("csrf", &csrf), ("reason", "合同终止")],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, html) = get(&m, s.url(&format!("/assets/{}/rights", d.index))).await;
    assert!(
        html.contains("已中止") || html.contains("suspended"),
        "{html}"
    );
}

/// A minimal PDF, as the evidence check reads it (by its magic bytes).
const PDF: &[u8] = b"%PDF-1.7\n% Dataport test evidence\n";

#[tokio::test]
async fn registration_evidence_objection_costs_and_destruction_by_form() {
    let d = demo().await;
    let s = &d.s;
    let r = s
        .upload(
            &d.dalian.token,
            "/api/v1/assets",
            "cranes.csv",
            csv_utf8(),
            &[("title", "岸桥作业量")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let asset = r.json::<Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    s.app.ingest_idle().await;
    let b = signed_in(s, "dalian-port").await;
    let page = s.url(&format!("/assets/{asset}/rights"));
    let action = |what: &str| s.url(&format!("/assets/{asset}/rights/{what}"));
    let html = html_of(&b, page.clone()).await;
    assert!(
        html.contains("未登记") && html.contains("name=\"source_kind\""),
        "{html}"
    );
    let csrf = csrf_of(&html);
    // Evidence: a PDF is kept; a text file is refused.
    let upload = |bytes: &[u8], mime: &str, token: &str| {
        reqwest::multipart::Form::new()
            .text("csrf", token.to_owned())
            .part(
                "file",
                reqwest::multipart::Part::bytes(bytes.to_vec())
                    .file_name("authorisation.pdf")
                    .mime_str(mime)
                    .unwrap(),
            )
    };
    let r = b
        .post(action("evidence"))
        .multipart(upload(b"hello", "text/plain", &csrf))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("document.invalid"));
    let r = b
        .post(action("evidence"))
        .multipart(upload(PDF, "application/pdf", "wrong"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let r = b
        .post(action("evidence"))
        .multipart(upload(PDF, "application/pdf", &csrf))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let sha = {
        use sha2::Digest;
        hex::encode(sha2::Sha256::digest(PDF))
    };
    let html = html_of(&b, page.clone()).await;
    assert!(html.contains("authorisation.pdf") && html.contains(&format!("sha256:{sha}")));
    let r = b
        .get(s.url(&format!("/assets/{asset}/rights/evidence/{sha}")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.headers()["content-type"], "application/pdf");
    assert_eq!(r.bytes().await.unwrap().as_ref(), PDF);
    // Registration refusals, each shown with its code.
    let register = |fields: &[(&'static str, &str)]| {
        let mut form: Vec<(&str, String)> = vec![("csrf", csrf.clone())];
        form.extend(fields.iter().map(|(k, v)| (*k, (*v).to_owned())));
        let b = b.clone();
        let url = action("register");
        async move {
            let r = b.post(url).form(&form).send().await.unwrap();
            (r.status(), r.text().await.unwrap())
        }
    };
    let unknown = format!("sha256:{}", "ab".repeat(32));
    for (fields, code) in [
        (
            vec![
                ("source_kind", "purchased"),
                ("basis", ""),
                ("evidence", "x"),
            ],
            "rights.invalid",
        ),
        (
            vec![
                ("source_kind", "self_collected"),
                ("evidence", unknown.as_str()),
            ],
            "rights.missing_evidence",
        ),
        (
            vec![("source_kind", "self_collected"), ("evidence", "")],
            "rights.missing_evidence",
        ),
        (
            vec![
                ("source_kind", "derived"),
                ("lineage_source", "not-an-asset"),
                ("lineage_grant", "grt_x"),
            ],
            "rights.invalid",
        ),
        (
            vec![
                ("source_kind", "derived"),
                ("lineage_source", d.berths.as_str()),
            ],
            "rights.invalid",
        ),
        (vec![("source_kind", "stolen")], "rights.invalid"),
    ] {
        let (status, html) = register(&fields).await;
        assert_eq!(
            status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{fields:?}: {html}"
        );
        assert!(html.contains(code), "{fields:?}: {code}: {html}");
    }
    let evidence = format!("sha256:{sha}\nTOS 导出记录 2026-11");
    let (status, html) = register(&[
        ("source_kind", "self_collected"),
        ("evidence", &evidence),
        ("public", ""),
        ("lineage_source", ""),
        ("lineage_grant", ""),
    ])
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{html}");
    let html = html_of(&b, page.clone()).await;
    assert!(
        html.contains("已登记") && html.contains("TOS 导出记录 2026-11"),
        "{html}"
    );
    assert!(
        !html.contains(&format!("/assets/{asset}/rights/register")),
        "registered once"
    );
    let (status, html) =
        register(&[("source_kind", "self_collected"), ("evidence", &evidence)]).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(html.contains("rights.already_registered"));
    // Change (变更): the declaration becomes a purchase, with its contract; never to nothing.
    let amend = |fields: Vec<(&'static str, String)>| {
        let mut form: Vec<(&str, String)> = vec![("csrf", csrf.clone())];
        form.extend(fields);
        let b = b.clone();
        let url = action("amend");
        async move {
            let r = b.post(url).form(&form).send().await.unwrap();
            (r.status(), r.text().await.unwrap())
        }
    };
    let (status, html) = amend(vec![
        ("source_kind", "purchased".into()),
        ("basis", "采购合同 DL-2026-088".into()),
        ("evidence", String::new()),
    ])
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{html}");
    assert!(html.contains("rights.missing_evidence"), "{html}");
    let (status, html) = amend(vec![
        ("source_kind", "purchased".into()),
        ("basis", "采购合同 DL-2026-088".into()),
        ("evidence", format!("sha256:{sha}")),
    ])
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{html}");
    let html = html_of(&b, page.clone()).await;
    assert!(html.contains("采购合同 DL-2026-088"), "{html}");
    // Listing, then an objection by another participant freezes it and suspends the listing.
    let (status, _) = post(
        &b,
        action("lifecycle"),
        &[("csrf", &csrf), ("to", "listed")],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert!(html_of(&b, page.clone()).await.contains("已挂牌"));
    let (status, html) = post(
        &b,
        action("lifecycle"),
        &[("csrf", &csrf), ("to", "destroyed")],
    )
    .await;
    assert_eq!(
        status,
        StatusCode::CONFLICT,
        "destruction has its own form: {html}"
    );
    let m = signed_in(s, "shenyang-mfg").await;
    let mcsrf = csrf_of(&html_of(&m, s.url("/")).await);
    let (status, html) = post(&m, action("object"), &[("csrf", &mcsrf), ("reason", "")]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{html}");
    let (status, _) = post(
        &m,
        action("object"),
        &[("csrf", &mcsrf), ("reason", "该数据含我方采集的岸桥数据")],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let html = html_of(&b, page.clone()).await;
    assert!(
        html.contains("异议处理中") && html.contains("已暂停"),
        "{html}"
    );
    // Only operator staff resolve it, with an outcome.
    let (status, _) = post(
        &m,
        action("resolve"),
        &[("csrf", &mcsrf), ("outcome", "dismissed"), ("note", "x")],
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let op = signed_in(s, "reviewer").await;
    let html = html_of(&op, page.clone()).await;
    assert!(html.contains("处理异议"), "{html}");
    let ocsrf = csrf_of(&html);
    let (status, html) = post(&op, action("resolve"), &[("csrf", &ocsrf), ("note", "x")]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("rights.invalid"));
    let (status, _) = post(
        &op,
        action("resolve"),
        &[
            ("csrf", &ocsrf),
            ("outcome", "dismissed"),
            ("note", "采集记录完整"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let html = html_of(&b, page.clone()).await;
    assert!(
        html.contains("已挂牌") && !html.contains("异议处理中"),
        "{html}"
    );
    // Costs: amounts in yuan; capitalising needs the asset recognised first.
    let today = app::today_in_china().format("%Y-%m-%d").to_string();
    let cost = |amount: &str, capitalised: bool| {
        let mut form = vec![
            ("csrf", csrf.clone()),
            ("category", "processing".to_owned()),
            ("amount", amount.to_owned()),
            ("incurred_on", today.clone()),
            ("note", "清洗".to_owned()),
        ];
        if capitalised {
            form.push(("capitalised", "yes".to_owned()));
        }
        let b = b.clone();
        let url = action("cost");
        async move {
            let r = b.post(url).form(&form).send().await.unwrap();
            (r.status(), r.text().await.unwrap())
        }
    };
    let (status, html) = cost("12.345", false).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("asset.invalid_accounting") && html.contains("两位小数"));
    let (status, html) = cost("1,200.50", true).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("asset.invalid_accounting"), "{html}");
    let (status, _) = cost("1,200.50", false).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (status, html) = post(
        &b,
        action("accounting"),
        &[("csrf", &csrf), ("class", "goodwill")],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{html}");
    let (status, _) = post(
        &b,
        action("accounting"),
        &[("csrf", &csrf), ("class", "intangible_asset")],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (status, _) = cost("300", true).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let html = html_of(&b, page.clone()).await;
    assert!(
        html.contains("¥1,200.50") && html.contains("¥300.00"),
        "{html}"
    );
    assert!(
        html.contains("value=\"intangible_asset\" selected"),
        "{html}"
    );
    // Destruction: only delisted, only confirmed; then a destruction certificate.
    let destroy = |confirm: bool| {
        let mut form = vec![
            ("csrf", csrf.clone()),
            ("reason", "保存期限届满".to_owned()),
        ];
        if confirm {
            form.push(("confirm", "yes".to_owned()));
        }
        let b = b.clone();
        let url = action("destroy");
        async move {
            let r = b.post(url).form(&form).send().await.unwrap();
            (r.status(), r.text().await.unwrap())
        }
    };
    let (status, html) = destroy(true).await;
    assert_eq!(
        status,
        StatusCode::CONFLICT,
        "a listed asset is delisted first: {html}"
    );
    let (status, _) = post(
        &b,
        action("lifecycle"),
        &[("csrf", &csrf), ("to", "delisted")],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (status, html) = destroy(false).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("请勾选确认框"), "{html}");
    let (status, html) = destroy(true).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{html}");
    let html = html_of(&b, page.clone()).await;
    assert!(
        html.contains("已销毁") && html.contains("查看销毁凭证"),
        "{html}"
    );
    sequence(s).await;
    let (status, html) = get(&b, s.url(&format!("/assets/{asset}/certificate"))).await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert!(
        html.contains("数据资产销毁凭证") && html.contains("保存期限届满"),
        "{html}"
    );
    assert!(html.contains("<svg class=\"qr\""));
    let id = certificate_id_of(&html);
    let (_, html) = get(
        &browser(),
        s.url(&format!("/verify?id={}", id.replace(':', "%3A"))),
    )
    .await;
    assert_eq!(checks(&html), (5, 0), "{html}");
    // An unknown kind of certificate is not found.
    let (status, _) = get(
        &b,
        s.url(&format!("/assets/{asset}/certificate?kind=birth")),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}
