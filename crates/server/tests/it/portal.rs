//! The portal as a browser uses it: pages in Chinese by default and English on request, sign-in
//! with CSRF protection, operator verification by form, and refusal of forms without tokens.

use reqwest::{Client, StatusCode};

use crate::support::*;

/// A browser: keeps cookies, does not follow redirects (so they can be checked).
fn browser() -> Client {
    Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

/// The HTML of a page as the browser gets it.
async fn page(b: &Client, url: String) -> String {
    b.get(url).send().await.unwrap().text().await.unwrap()
}

/// The value of `<input … name="csrf" value="…">` on a page.
fn csrf_of(html: &str) -> String {
    let at = html
        .find("name=\"csrf\" value=\"")
        .expect("page has a CSRF field")
        + 19;
    html[at..].split('"').next().unwrap().to_owned()
}

async fn sign_in(s: &TestServer, b: &Client, username: &str) {
    let page = page(b, s.url("/login")).await;
    let csrf = csrf_of(&page);
    let r = b
        .post(s.url("/login"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("username", username),
            ("password", PASSWORD),
            ("next", "/assets"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(r.headers().get("location").unwrap(), "/assets");
    let cookie = r.headers().get("set-cookie").unwrap().to_str().unwrap();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
}

#[tokio::test]
async fn pages_in_both_languages() {
    let w = World::new().await;
    let s = &w.server;
    let b = browser();
    let home = page(&b, s.url("/")).await;
    assert!(home.contains("lang=\"zh-CN\"") && home.contains("可信数据交易平台"));
    // Chinese is the default even for a browser that prefers English; the switch changes it.
    let en = b
        .get(s.url("/"))
        .header("accept-language", "en-US,en;q=0.9")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(en.contains("lang=\"zh-CN\""));
    // The language switch is remembered.
    let r = b.get(s.url("/lang/en?back=/login")).send().await.unwrap();
    assert_eq!(r.headers().get("location").unwrap(), "/login");
    let login = page(&b, s.url("/login")).await;
    assert!(login.contains("lang=\"en\"") && login.contains("Sign in"));
    // Off-site redirects are not followed.
    let r = b
        .get(s.url("/lang/zh?back=//evil.example"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.headers().get("location").unwrap(), "/");
    // Stylesheet and script are served locally.
    for path in ["/static/app.css", "/static/upload.js"] {
        assert_eq!(
            b.get(s.url(path)).send().await.unwrap().status(),
            StatusCode::OK
        );
    }
    assert!(
        home.contains("/static/app.css") && !home.contains("http://") && !home.contains("https://")
    );
}

#[tokio::test]
async fn sign_in_upload_page_and_asset_detail() {
    let w = World::new().await;
    let s = &w.server;
    let r = s
        .upload(
            &w.provider.token,
            "/api/v1/assets",
            "港口.csv",
            csv_gbk(),
            &[("title", "港口数据")],
        )
        .await;
    let id = r.json::<serde_json::Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    s.app.ingest_idle().await;
    let b = browser();
    // Signed out: pages send you to sign in.
    let r = b.get(s.url("/assets")).send().await.unwrap();
    assert_eq!(r.headers().get("location").unwrap(), "/login?next=/assets");
    sign_in(s, &b, "provider").await;
    let list = page(&b, s.url("/assets")).await;
    assert!(list.contains("港口数据"));
    let detail = page(&b, s.url(&format!("/assets/{id}"))).await;
    assert!(detail.contains("姓名") && detail.contains("gb18030") && detail.contains("SHA-256"));
    assert!(
        detail.contains("分类分级") && detail.contains("cn_mobile"),
        "the grading is shown"
    );
    let new = page(&b, s.url("/assets/new")).await;
    assert!(new.contains("data-upload=\"/api/v1/assets\"") && new.contains("<progress"));
    // The portal's script uses the API with the session cookie and the CSRF header.
    let csrf = new
        .split("data-csrf=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_owned();
    let form = || {
        reqwest::multipart::Form::new().part(
            "file",
            reqwest::multipart::Part::bytes(csv_utf8()).file_name("x.csv"),
        )
    };
    let r = b
        .post(s.url("/api/v1/assets"))
        .multipart(form())
        .send()
        .await
        .unwrap();
    problem(r, StatusCode::FORBIDDEN, "auth.csrf").await;
    let r = b
        .post(s.url("/api/v1/assets"))
        .header("x-csrf-token", &csrf)
        .multipart(form())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    // Another tenant's asset page is not found.
    let other = browser();
    sign_in(s, &other, "other-provider").await;
    let r = other
        .get(s.url(&format!("/assets/{id}")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn forms_require_csrf_and_operators_verify_by_form() {
    let w = World::new().await;
    let s = &w.server;
    let b = browser();
    // Sign-in without the form token is refused.
    let r = b
        .post(s.url("/login"))
        .form(&[("username", "op-admin"), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    sign_in(s, &b, "op-review").await;
    let queue = page(&b, s.url("/participants?status=pending")).await;
    assert!(queue.contains("pending 公司"));
    let page = page(
        &b,
        s.url(&format!("/participants/{}", w.pending.participant)),
    )
    .await;
    let csrf = csrf_of(&page);
    let verify = format!("/participants/{}/verify", w.pending.participant);
    let r = b
        .post(s.url(&verify))
        .form(&[("csrf", "wrong")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let r = b
        .post(s.url(&verify))
        .form(&[("csrf", csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let me: serde_json::Value = s
        .get(&w.pending.token, "/api/v1/me")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(me["participant"]["status"], "verified");
    // A reviewer cannot suspend, even with a valid token.
    let r = b
        .post(s.url(&format!("/participants/{}/suspend", w.pending.participant)))
        .form(&[("csrf", csrf.as_str()), ("reason", "x")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn registration_by_form_keeps_input_on_error() {
    let s = spawn().await;
    let b = browser();
    let page = page(&b, s.url("/register")).await;
    let csrf = csrf_of(&page);
    let fields = |uscc: &str| {
        vec![
            ("csrf", csrf.clone()),
            ("name_zh", "大连测试有限公司".to_owned()),
            ("region", "CN".to_owned()),
            ("uscc", uscc.to_owned()),
            ("roles", "provider".to_owned()),
            ("roles", "buyer".to_owned()),
            ("username", "form-user".to_owned()),
            ("password", PASSWORD.to_owned()),
        ]
    };
    let r = b
        .post(s.url("/register"))
        .form(&fields("91110000600037341M"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(html.contains("统一社会信用代码无效") && html.contains("大连测试有限公司"));
    assert!(!html.contains(PASSWORD), "the password is never echoed");
    let csrf2 = csrf_of(&html);
    let mut ok = fields("91110000600037341L");
    ok[0].1 = csrf2;
    let r = b.post(s.url("/register")).form(&ok).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
}

#[tokio::test]
async fn operator_declares_important_status_by_form() {
    let w = World::new().await;
    let s = &w.server;
    let r = s
        .upload(&w.provider.token, "/api/v1/assets", "c.csv", csv_gbk(), &[])
        .await;
    let id = r.json::<serde_json::Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    s.app.ingest_idle().await;
    let b = browser();
    sign_in(s, &b, "op-review").await;
    let html = page(&b, s.url(&format!("/assets/{id}"))).await;
    assert!(html.contains("申报重要数据或核心数据"));
    let csrf = csrf_of(&html);
    let action = s.url(&format!("/assets/{id}/declaration"));
    let r = b
        .post(&action)
        .form(&[("csrf", "wrong"), ("level", "important"), ("basis", "目录")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let r = b
        .post(&action)
        .form(&[
            ("csrf", csrf.as_str()),
            ("level", "important"),
            ("basis", "大连市重要数据目录"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let html = page(&b, s.url(&format!("/assets/{id}"))).await;
    assert!(html.contains("当前申报") && html.contains("大连市重要数据目录"));
    assert!(html.contains("重要数据"));
}

#[tokio::test]
async fn cross_border_evaluator_and_compliance_pages() {
    let w = World::new().await;
    let s = &w.server;
    let b = browser();
    sign_in(s, &b, "provider").await;
    // The evaluator: an example to start from, a decision with its grounds, bad input explained.
    let html = page(&b, s.url("/xborder")).await;
    assert!(
        html.contains("数据出境评估") && html.contains("national@"),
        "{html}"
    );
    let csrf = csrf_of(&html);
    let request = r#"{"date": "2026-11-27", "exporter": {"ciio": false, "ftz": null},
        "data": {"level": "general", "individuals": 60000, "sensitive_individuals": 0,
                 "collected_abroad": false, "domestic_pi_mixed": false},
        "transfer": {"destination": "JP", "purpose": "marketing", "recipient_restricted": false},
        "exported_this_year": {"individuals": 50000, "sensitive_individuals": 0}, "approvals": []}"#;
    let evaluate = |text: &str| {
        let form = [("csrf", csrf.clone()), ("request", text.to_owned())];
        let b = b.clone();
        let url = s.url("/xborder");
        async move {
            b.post(url)
                .form(&form)
                .send()
                .await
                .unwrap()
                .text()
                .await
                .unwrap()
        }
    };
    let decided = evaluate(request).await;
    assert!(
        decided.contains("标准合同或个人信息保护认证") && decided.contains("110000"),
        "{decided}"
    );
    assert!(decided.contains("促进和规范数据跨境流动规定"), "{decided}");
    let bad = evaluate(&request.replace("marketing", "espionage")).await;
    assert!(bad.contains("出境请求无效"), "{bad}");
    // The exporter's compliance page, and an operator recording an approval by form.
    let own = page(
        &b,
        s.url(&format!("/participants/{}/xborder", w.provider.participant)),
    )
    .await;
    assert!(
        own.contains("在案审批") && !own.contains("登记审批"),
        "merchants do not record approvals"
    );
    let op = browser();
    sign_in(s, &op, "op-review").await;
    let html = page(
        &op,
        s.url(&format!("/participants/{}/xborder", w.provider.participant)),
    )
    .await;
    let csrf = csrf_of(&html);
    let r = op
        .post(s.url(&format!(
            "/participants/{}/xborder/approvals",
            w.provider.participant
        )))
        .form(&[
            ("csrf", csrf.as_str()),
            ("kind", "security_assessment"),
            ("reference", "数出评2026-007"),
            ("issued", "2026-02-01"),
            ("valid_until", ""),
            ("note", ""),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let html = page(
        &b,
        s.url(&format!("/participants/{}/xborder", w.provider.participant)),
    )
    .await;
    assert!(
        html.contains("数出评2026-007") && html.contains("安全评估"),
        "{html}"
    );
    assert!(html.contains("运营方尚未登记"));
    let html = page(
        &op,
        s.url(&format!("/participants/{}/xborder", w.provider.participant)),
    )
    .await;
    let csrf = csrf_of(&html);
    let r = op
        .post(s.url(&format!(
            "/participants/{}/xborder/profile",
            w.provider.participant
        )))
        .form(&[
            ("csrf", csrf.as_str()),
            ("ciio", "true"),
            ("ftz", ""),
            ("basis", "认定通知"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let html = page(
        &b,
        s.url(&format!("/participants/{}/xborder", w.provider.participant)),
    )
    .await;
    assert!(
        html.contains("认定通知") && !html.contains("运营方尚未登记"),
        "{html}"
    );
    // The operator attaches the assessment result as a PDF; the exporter opens it.
    let html = page(
        &op,
        s.url(&format!("/participants/{}/xborder", w.provider.participant)),
    )
    .await;
    let csrf = csrf_of(&html);
    let at = html.find("/document\"").unwrap();
    let start = html[..at].rfind("action=\"").unwrap() + 8;
    let action = format!("{}/document", &html[start..at]);
    let form = reqwest::multipart::Form::new().text("csrf", csrf).part(
        "file",
        reqwest::multipart::Part::bytes(b"%PDF-1.7 result".to_vec())
            .file_name("result.pdf")
            .mime_str("application/pdf")
            .unwrap(),
    );
    let r = op
        .post(s.url(&action))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let r = b.get(s.url(&action)).send().await.unwrap();
    assert_eq!(r.headers()["content-type"], "application/pdf");
    assert_eq!(r.bytes().await.unwrap().as_ref(), b"%PDF-1.7 result");
    // Another tenant's page is not found.
    let other = page(
        &b,
        s.url(&format!("/participants/{}/xborder", w.buyer.participant)),
    )
    .await;
    assert!(other.contains("participant.not_found"), "{other}");
}
