//! The main journey — register, verify, sign in, upload every supported format, list, read,
//! version, download — and the bad paths along it.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::support::*;

#[tokio::test]
async fn register_verify_sign_in_upload_list_detail() {
    let w = World::new().await;
    let s = &w.server;
    // (file name, bytes, detected format, rows, detected encoding)
    type Case = (
        &'static str,
        Vec<u8>,
        &'static str,
        i64,
        Option<&'static str>,
    );
    let cases: Vec<Case> = vec![
        ("utf8.csv", csv_utf8(), "csv", 3, Some("utf-8")),
        ("gbk.csv", csv_gbk(), "csv", 2, Some("gb18030")),
        ("data.parquet", parquet(), "parquet", 4, None),
        ("data.jsonl", jsonl(), "jsonl", 2, None),
        ("utf8.csv.gz", gzip(&csv_utf8()), "csv", 3, Some("utf-8")),
    ];
    let mut ids = Vec::new();
    for (name, bytes, format, rows, encoding) in cases {
        let r = s
            .upload(
                &w.provider.token,
                "/api/v1/assets",
                name,
                bytes.clone(),
                &[("title", name), ("sector", "logistics")],
            )
            .await;
        assert_eq!(r.status(), StatusCode::CREATED, "{name}");
        let body: Value = r.json().await.unwrap();
        assert!(body["id"].as_str().unwrap().starts_with("ast_"));
        // Accepted once stored and its first rows read; the full read runs in the background.
        assert_eq!(body["versions"][0]["format"], format, "{name}");
        let body = s
            .ready(&w.provider.token, body["id"].as_str().unwrap())
            .await;
        assert_eq!(body["state"], "ready", "{name}");
        assert_eq!(body["row_count"], rows, "{name}");
        assert_eq!(body["versions"][0]["encoding"].as_str(), encoding, "{name}");
        let sha = body["versions"][0]["sha256"].as_str().unwrap();
        assert_eq!(
            sha,
            hex_sha256(&bytes),
            "{name}: content address is the SHA-256 of the upload"
        );
        assert!(!body["columns"].as_array().unwrap().is_empty());
        ids.push(body["id"].as_str().unwrap().to_owned());
    }
    // The GBK file's Chinese headers decode correctly and the delimiter was detected.
    let gbk: Value = s
        .get(&w.provider.token, &format!("/api/v1/assets/{}", ids[1]))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(gbk["columns"][0]["name"], "姓名");
    // Every version is scanned for personal information and graded once read.
    let class = &gbk["classification"];
    assert_eq!(class["individuals"], 2, "{class}");
    assert_eq!(class["columns"][1]["kind"], "cn_mobile");
    assert_eq!(class["columns"][0]["kind"], "person_name");
    assert_eq!(
        (class["level"].as_str(), class["general_grade"].as_u64()),
        (Some("general"), Some(2))
    );
    assert!(
        class["reasons"][0]["basis"]
            .as_str()
            .is_some_and(|b| !b.is_empty())
    );
    assert_eq!(class["catalogs"][0], "national@1.0.0");
    assert_eq!(gbk["versions"][0]["classification"], *class);
    // A level an authority notified is declared with its notice; grading never goes below it,
    // and withdrawing it grades the data on its facts again.
    let declaration = format!("/api/v1/assets/{}/declaration", ids[1]);
    let declare = |body: Value| s.post_json(&w.provider.token, &declaration, body);
    let declared: Value =
        declare(json!({"level": "important", "basis": "大连市重要数据目录（2026）第 12 项"}))
            .await
            .json()
            .await
            .unwrap();
    assert_eq!(declared["declared_level"], "important");
    assert_eq!(declared["classification"]["level"], "important");
    assert!(
        declared["classification"]["reasons"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["rule"] == "grading.declared")
    );
    problem(
        declare(json!({"level": "important", "basis": " "})).await,
        StatusCode::BAD_REQUEST,
        "request.invalid",
    )
    .await;
    problem(
        declare(json!({"level": "general", "basis": "x"})).await,
        StatusCode::BAD_REQUEST,
        "request.invalid",
    )
    .await;
    problem(
        declare(json!({"level": "secret", "basis": "x"})).await,
        StatusCode::BAD_REQUEST,
        "request.invalid",
    )
    .await;
    problem(
        declare(json!({"basis": "x"})).await,
        StatusCode::BAD_REQUEST,
        "request.invalid",
    )
    .await;
    let withdrawn: Value = declare(json!({"level": null})).await.json().await.unwrap();
    assert!(withdrawn["declared_level"].is_null());
    assert_eq!(
        (
            withdrawn["classification"]["level"].as_str(),
            withdrawn["classification"]["general_grade"].as_u64()
        ),
        (Some("general"), Some(2))
    );
    assert_eq!(gbk["versions"][0]["delimiter"], ";");
    assert_eq!(gbk["title"], "gbk.csv");
    // Parquet uploads are their own normalised copy.
    let pq: Value = s
        .get(&w.provider.token, &format!("/api/v1/assets/{}", ids[2]))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        pq["versions"][0]["parquet_sha256"],
        pq["versions"][0]["sha256"]
    );

    let list: Value = s
        .get(&w.provider.token, "/api/v1/assets")
        .await
        .json()
        .await
        .unwrap();
    let listed: Vec<&str> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_str().unwrap())
        .collect();
    let mut expected: Vec<&str> = ids.iter().map(String::as_str).collect();
    expected.reverse();
    assert_eq!(listed, expected, "newest first");

    // Pagination walks every asset exactly once.
    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let path = match &cursor {
            Some(c) => format!("/api/v1/assets?limit=2&cursor={c}"),
            None => "/api/v1/assets?limit=2".to_owned(),
        };
        let page: Value = s.get(&w.provider.token, &path).await.json().await.unwrap();
        for a in page["items"].as_array().unwrap() {
            seen.push(a["id"].as_str().unwrap().to_owned());
        }
        match page["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_owned()),
            None => break,
        }
    }
    assert_eq!(seen.len(), 5);
    problem(
        s.get(&w.provider.token, "/api/v1/assets?cursor=%21%21")
            .await,
        StatusCode::BAD_REQUEST,
        "request.invalid_cursor",
    )
    .await;

    // A new version, and the download of both versions byte for byte.
    let r = s
        .upload(
            &w.provider.token,
            &format!("/api/v1/assets/{}/versions", ids[0]),
            "v2.csv",
            b"id\n1\n2\n3\n4\n".to_vec(),
            &[],
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["latest_version"], 2);
    let body = s.ready(&w.provider.token, &ids[0]).await;
    assert_eq!(body["row_count"], 4);
    assert_eq!(body["versions"].as_array().unwrap().len(), 2);
    let r = s
        .get(
            &w.provider.token,
            &format!("/api/v1/assets/{}/versions/1/file", ids[0]),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.bytes().await.unwrap().as_ref(), csv_utf8().as_slice());
    problem(
        s.get(
            &w.provider.token,
            &format!("/api/v1/assets/{}/versions/9/file", ids[0]),
        )
        .await,
        StatusCode::NOT_FOUND,
        "asset.not_found",
    )
    .await;

    // Every state change left its event in the outbox.
    let events: Vec<String> = s
        .app
        .outbox(0, 10_000)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.event_type)
        .collect();
    for t in [
        "asset.version_ready",
        "asset.version_scanned",
        "asset.level_declared",
        "participant.registered",
        "participant.verified",
        "user.created",
        "token.issued",
        "asset.registered",
        "asset.version_uploaded",
    ] {
        assert!(events.iter().any(|e| e == t), "missing event {t}");
    }
}

fn hex_sha256(bytes: &[u8]) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(bytes))
}

#[tokio::test]
async fn bad_files_are_refused_and_nothing_is_written() {
    let w = World::new().await;
    let s = &w.server;
    let mut truncated_gzip = gzip(&csv_utf8());
    truncated_gzip.truncate(truncated_gzip.len() - 10);
    let mut truncated_parquet = parquet();
    truncated_parquet.truncate(truncated_parquet.len() / 2);
    let cases: Vec<(&str, Vec<u8>, StatusCode, &str)> = vec![
        (
            "empty.csv",
            vec![],
            StatusCode::UNPROCESSABLE_ENTITY,
            "asset.empty",
        ),
        (
            "garbage.bin",
            vec![0, 159, 146, 150, 0, 1, 2, 3, 0, 0],
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "asset.unrecognized_format",
        ),
        (
            "ragged.csv",
            b"a,b\n1,2\n3,4,5\n".to_vec(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "asset.malformed",
        ),
        (
            "bad.jsonl",
            b"{\"a\":1}\n{not json\n".to_vec(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "asset.malformed",
        ),
        (
            "bad-encoding.csv",
            b"a,b\n\xff\xff,\xfe\xfe\n".to_vec(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "asset.bad_encoding",
        ),
        (
            "cut.csv.gz",
            truncated_gzip,
            StatusCode::UNPROCESSABLE_ENTITY,
            "asset.truncated",
        ),
        (
            "cut.parquet",
            truncated_parquet,
            StatusCode::UNPROCESSABLE_ENTITY,
            "asset.truncated",
        ),
    ];
    for (name, bytes, status, code) in cases {
        let r = s
            .upload(&w.provider.token, "/api/v1/assets", name, bytes, &[])
            .await;
        let body = problem(r, status, code).await;
        // Errors name lines and columns, never the data itself.
        assert!(!body.to_string().contains("\u{fffd}"), "{name}");
    }
    // Metadata is checked too.
    let r = s
        .upload(
            &w.provider.token,
            "/api/v1/assets",
            "a.csv",
            csv_utf8(),
            &[("source_kind", "stolen")],
        )
        .await;
    problem(
        r,
        StatusCode::UNPROCESSABLE_ENTITY,
        "asset.invalid_metadata",
    )
    .await;
    let r = s
        .upload(
            &w.provider.token,
            "/api/v1/assets",
            "a.csv",
            csv_utf8(),
            &[("source_kind", "personal_info_with_consent")],
        )
        .await;
    problem(
        r,
        StatusCode::UNPROCESSABLE_ENTITY,
        "asset.invalid_metadata",
    )
    .await;
    // No file part at all.
    let form = reqwest::multipart::Form::new().text("title", "x");
    let r = s
        .client
        .post(s.url("/api/v1/assets"))
        .bearer_auth(&w.provider.token)
        .multipart(form)
        .send()
        .await
        .unwrap();
    problem(r, StatusCode::UNPROCESSABLE_ENTITY, "asset.missing_file").await;
    // Unknown or repeated text parts.
    let r = s
        .upload(
            &w.provider.token,
            "/api/v1/assets",
            "a.csv",
            csv_utf8(),
            &[("evil", "x")],
        )
        .await;
    problem(r, StatusCode::BAD_REQUEST, "request.invalid").await;
    let r = s
        .upload(
            &w.provider.token,
            "/api/v1/assets",
            "a.csv",
            csv_utf8(),
            &[("title", "a"), ("title", "b")],
        )
        .await;
    problem(r, StatusCode::BAD_REQUEST, "request.invalid").await;
    // Not multipart.
    let r = s
        .post_json(&w.provider.token, "/api/v1/assets", json!({}))
        .await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);

    let list: Value = s
        .get(&w.provider.token, "/api/v1/assets")
        .await
        .json()
        .await
        .unwrap();
    assert!(
        list["items"].as_array().unwrap().is_empty(),
        "failed uploads leave no asset behind"
    );
    let tmp = std::fs::read_dir(s.app.config().tmp_dir()).unwrap().count();
    assert_eq!(tmp, 0, "failed uploads leave no temporary files behind");
    // The server is still serving.
    assert_eq!(
        s.client
            .get(s.url("/healthz"))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn oversized_uploads_are_refused() {
    let s = spawn_with(|c| c.max_upload_bytes = 1000).await;
    s.app
        .create_operator_admin("op-admin", PASSWORD)
        .await
        .unwrap();
    let op = s.sign_in("op-admin").await;
    let r = s
        .register(registration("prov", "CN", &uscc(1), &["provider"]))
        .await;
    let id = r.json::<Value>().await.unwrap()["participant"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    s.post_json(
        &op.token,
        &format!("/api/v1/participants/{id}/verify"),
        json!({}),
    )
    .await;
    let p = s.sign_in("prov").await;
    let big = "a,b\n".to_owned() + &"1,2\n".repeat(2000);
    let r = s
        .upload(&p.token, "/api/v1/assets", "big.csv", big.into_bytes(), &[])
        .await;
    problem(r, StatusCode::PAYLOAD_TOO_LARGE, "asset.too_large").await;
    let r = s
        .upload(&p.token, "/api/v1/assets", "small.csv", csv_utf8(), &[])
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
}

#[tokio::test]
async fn registration_errors() {
    let s = spawn().await;
    let cases = vec![
        (
            registration("a1", "CN", "91110000600037341M", &["provider"]),
            StatusCode::UNPROCESSABLE_ENTITY,
            "participant.invalid_uscc",
        ),
        (
            registration("a2", "JP", "213800KUD8LAJWSQ9D16", &["buyer"]),
            StatusCode::UNPROCESSABLE_ENTITY,
            "participant.invalid_lei",
        ),
        (
            registration("a3", "XX", "213800KUD8LAJWSQ9D15", &["buyer"]),
            StatusCode::UNPROCESSABLE_ENTITY,
            "participant.invalid_region",
        ),
        (
            registration("a4", "CN", "91110000600037341L", &[]),
            StatusCode::UNPROCESSABLE_ENTITY,
            "participant.invalid",
        ),
        (
            registration("A bad name", "CN", "91110000600037341L", &["buyer"]),
            StatusCode::UNPROCESSABLE_ENTITY,
            "user.invalid",
        ),
    ];
    for (body, status, code) in cases {
        problem(s.register(body).await, status, code).await;
    }
    let mut short = registration("a5", "CN", "91110000600037341L", &["buyer"]);
    short["password"] = json!("short");
    problem(
        s.register(short).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "user.invalid",
    )
    .await;
    let mut hk_with_uscc = registration("a6", "HK", "x", &["buyer"]);
    hk_with_uscc["uscc"] = json!("91110000600037341L");
    hk_with_uscc.as_object_mut().unwrap().remove("lei");
    problem(
        s.register(hk_with_uscc).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "participant.invalid",
    )
    .await;
    let r = s
        .client
        .post(s.url("/api/v1/participants"))
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    problem(r, StatusCode::BAD_REQUEST, "request.invalid").await;

    // Duplicates: same organisation, or same username. Neither leaves anything half-written.
    assert_eq!(
        s.register(registration(
            "first",
            "CN",
            "91110000600037341L",
            &["buyer"]
        ))
        .await
        .status(),
        StatusCode::CREATED
    );
    problem(
        s.register(registration(
            "second",
            "CN",
            "91110000600037341L",
            &["buyer"],
        ))
        .await,
        StatusCode::CONFLICT,
        "participant.duplicate",
    )
    .await;
    problem(
        s.register(registration("first", "CN", &uscc(77), &["buyer"]))
            .await,
        StatusCode::CONFLICT,
        "user.username_taken",
    )
    .await;
    // The organisation whose username was taken was not registered: it can register now.
    assert_eq!(
        s.register(registration("third", "CN", &uscc(77), &["buyer"]))
            .await
            .status(),
        StatusCode::CREATED
    );
    // HK is recorded as its own region, outside the mainland.
    let r = s
        .register(registration("hk-buyer", "HK", &lei(5), &["buyer"]))
        .await;
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["participant"]["region"], "HK");
    assert_eq!(body["participant"]["outside_mainland"], true);
    assert_eq!(body["participant"]["status"], "pending");
}

#[tokio::test]
async fn idempotent_registration_and_upload() {
    let w = World::new().await;
    let s = &w.server;
    let body = registration("idem", "CN", &uscc(55), &["buyer"]);
    let send = |key: &'static str, body: Value| {
        s.client
            .post(s.url("/api/v1/participants"))
            .header("Idempotency-Key", key)
            .json(&body)
            .send()
    };
    let first = send("reg-1", body.clone()).await.unwrap();
    assert_eq!(first.status(), StatusCode::CREATED);
    let first: Value = first.json().await.unwrap();
    let again = send("reg-1", body.clone()).await.unwrap();
    assert_eq!(again.status(), StatusCode::CREATED);
    assert_eq!(again.headers().get("idempotent-replayed").unwrap(), "true");
    assert_eq!(again.json::<Value>().await.unwrap(), first);
    let mut other = body.clone();
    other["name_en"] = json!("Changed");
    problem(
        send("reg-1", other).await.unwrap(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "idempotency.key_reused",
    )
    .await;
    let r = s
        .client
        .post(s.url("/api/v1/participants"))
        .header("Idempotency-Key", "has space")
        .json(&body)
        .send()
        .await
        .unwrap();
    problem(r, StatusCode::BAD_REQUEST, "idempotency.invalid_key").await;

    let upload = |key: &'static str| {
        let form = reqwest::multipart::Form::new()
            .part(
                "file",
                reqwest::multipart::Part::bytes(csv_utf8()).file_name("a.csv"),
            )
            .text("title", "same");
        s.client
            .post(s.url("/api/v1/assets"))
            .bearer_auth(&w.provider.token)
            .header("Idempotency-Key", key)
            .multipart(form)
            .send()
    };
    let a: Value = upload("up-1").await.unwrap().json().await.unwrap();
    let b: Value = upload("up-1").await.unwrap().json().await.unwrap();
    assert_eq!(a["id"], b["id"]);
    let c: Value = upload("up-2").await.unwrap().json().await.unwrap();
    assert_ne!(a["id"], c["id"]);
    let list: Value = s
        .get(&w.provider.token, "/api/v1/assets")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(list["items"].as_array().unwrap().len(), 2);
    // Adding a colleague twice with one key creates one user.
    let add = || {
        s.client
            .post(s.url(&format!(
                "/api/v1/participants/{}/users",
                w.provider.participant
            )))
            .bearer_auth(&w.provider.token)
            .header("Idempotency-Key", "user-1")
            .json(&json!({"username": "colleague", "password": PASSWORD}))
            .send()
    };
    let first: Value = add().await.unwrap().json().await.unwrap();
    let second = add().await.unwrap();
    assert_eq!(second.status(), StatusCode::CREATED);
    assert_eq!(second.headers().get("idempotent-replayed").unwrap(), "true");
    assert_eq!(second.json::<Value>().await.unwrap()["id"], first["id"]);
}

#[tokio::test]
async fn tokens_passwords_and_throttling() {
    let s = spawn_with(|c| c.token_ttl = std::time::Duration::from_secs(1)).await;
    s.app
        .create_operator_admin("op-admin", PASSWORD)
        .await
        .unwrap();
    problem(
        s.token("op-admin", "wrong password!!").await,
        StatusCode::UNAUTHORIZED,
        "auth.invalid_credentials",
    )
    .await;
    problem(
        s.token("nobody", PASSWORD).await,
        StatusCode::UNAUTHORIZED,
        "auth.invalid_credentials",
    )
    .await;
    problem(
        s.get("dp_not-a-token", "/api/v1/me").await,
        StatusCode::UNAUTHORIZED,
        "auth.unauthenticated",
    )
    .await;
    let r = s.client.get(s.url("/api/v1/me")).send().await.unwrap();
    problem(r, StatusCode::UNAUTHORIZED, "auth.unauthenticated").await;

    // Revocation takes effect at once.
    let actor = s.sign_in("op-admin").await;
    let tokens: Value = s
        .get(&actor.token, "/api/v1/auth/tokens")
        .await
        .json()
        .await
        .unwrap();
    let id = tokens["items"][0]["id"].as_str().unwrap().to_owned();
    let r = s
        .client
        .delete(s.url(&format!("/api/v1/auth/tokens/{id}")))
        .bearer_auth(&actor.token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    problem(
        s.get(&actor.token, "/api/v1/me").await,
        StatusCode::UNAUTHORIZED,
        "auth.token_revoked",
    )
    .await;

    // Expiry.
    let actor = s.sign_in("op-admin").await;
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    problem(
        s.get(&actor.token, "/api/v1/me").await,
        StatusCode::UNAUTHORIZED,
        "auth.token_expired",
    )
    .await;

    // Five failures lock the username for the window, even for the right password.
    for _ in 0..5 {
        s.token("op-admin", "wrong password!!").await;
    }
    let r = s.token("op-admin", PASSWORD).await;
    assert!(r.headers().get("retry-after").is_some());
    problem(r, StatusCode::TOO_MANY_REQUESTS, "auth.throttled").await;
}

#[tokio::test]
async fn problems_speak_the_requested_language() {
    let s = spawn().await;
    let r = s
        .client
        .get(s.url("/api/v1/nothing-here"))
        .send()
        .await
        .unwrap();
    let zh = problem(r, StatusCode::NOT_FOUND, "request.not_found").await;
    assert_eq!(zh["title"], zh["title_zh"]);
    assert_eq!(zh["instance"], "/api/v1/nothing-here");
    let r = s
        .client
        .get(s.url("/api/v1/me"))
        .header("accept-language", "en-US,en;q=0.9")
        .send()
        .await
        .unwrap();
    assert_eq!(r.headers().get("content-language").unwrap(), "en");
    let en = problem(r, StatusCode::UNAUTHORIZED, "auth.unauthenticated").await;
    assert_eq!(en["title"], en["title_en"]);
}

#[tokio::test]
async fn health_readiness_and_metrics() {
    let s = spawn().await;
    assert_eq!(
        s.client
            .get(s.url("/healthz"))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::OK
    );
    assert_eq!(
        s.client
            .get(s.url("/readyz"))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::OK
    );
    s.client.get(s.url("/api/v1/assets")).send().await.unwrap();
    let metrics = s
        .client
        .get(s.url("/metrics"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        metrics.contains("dataport_http_requests_total"),
        "{metrics}"
    );
    assert!(metrics.contains("route=\"/api/v1/assets\""), "{metrics}");
    assert!(metrics.contains("status=\"401\""), "{metrics}");
}

#[tokio::test]
async fn concurrent_guesses_cannot_outrun_the_throttle() {
    let s = spawn().await;
    s.app
        .create_operator_admin("op-admin", PASSWORD)
        .await
        .unwrap();
    let guesses: Vec<_> = (0..20)
        .map(|i| {
            let app = s.app.clone();
            tokio::spawn(async move {
                app.sign_in("op-admin", &format!("guess number {i}"), None)
                    .await
            })
        })
        .collect();
    let mut checked = 0;
    for g in guesses {
        match g.await.unwrap() {
            Err(e) if e.code() == app::Code::InvalidCredentials => checked += 1,
            Err(e) => assert_eq!(e.code(), app::Code::Throttled),
            Ok(_) => panic!("a wrong password signed in"),
        }
    }
    assert!(
        checked <= 5,
        "{checked} passwords were checked; the limit is 5 per window"
    );
}

#[tokio::test]
async fn errors_found_after_acceptance_fail_the_version_not_the_asset() {
    let w = World::new().await;
    let s = &w.server;
    // A ragged row far beyond the first batch: the upload is accepted, the full read fails.
    let mut csv = String::from("id,name\n");
    for i in 0..30_000 {
        csv.push_str(&format!("{i},n{i}\n"));
    }
    csv.push_str("30000,n,extra\n");
    let r = s
        .upload(
            &w.provider.token,
            "/api/v1/assets",
            "late.csv",
            csv.into_bytes(),
            &[],
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let id = r.json::<Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let body = s.ready(&w.provider.token, &id).await;
    assert_eq!(body["state"], "failed");
    let v = &body["versions"][0];
    assert_eq!(v["error"]["code"], "asset.malformed");
    assert!(
        v["error"]["detail_en"].as_str().unwrap().contains("30002"),
        "{v}"
    );
    assert!(v["error"]["detail_zh"].as_str().is_some());
    assert!(v["row_count"].is_null() && v["parquet_sha256"].is_null());
    // A corrected version makes the asset ready again; the failed one stays on record.
    let r = s
        .upload(
            &w.provider.token,
            &format!("/api/v1/assets/{id}/versions"),
            "fixed.csv",
            csv_utf8(),
            &[],
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let body = s.ready(&w.provider.token, &id).await;
    assert_eq!(
        (body["state"].as_str(), body["row_count"].as_i64()),
        (Some("ready"), Some(3))
    );
    assert_eq!(body["versions"][1]["state"], "failed");
    let events: Vec<String> = s
        .app
        .outbox(0, 10_000)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.event_type)
        .collect();
    assert!(events.iter().any(|e| e == "asset.version_failed"));
}

#[tokio::test]
async fn uploads_are_graded_from_the_cells_as_written() {
    let w = World::new().await;
    let s = &w.server;
    // Typed as floats, 31.2300 would read back as 31.23 and no longer look like a precise
    // coordinate; the scan reads the upload as written.
    let mut csv = String::from("纬度,经度,手机号\n");
    for i in 0..50u32 {
        csv.push_str(&format!("38.{:02}00,121.{:02}00,137{i:08}\n", i, 50 - i));
    }
    let r = s
        .upload(
            &w.provider.token,
            "/api/v1/assets",
            "tracks.csv",
            csv.into_bytes(),
            &[("sector", "automotive")],
        )
        .await;
    let id = r.json::<Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let body = s.ready(&w.provider.token, &id).await;
    let class = &body["classification"];
    assert_eq!(class["columns"][0]["kind"], "latitude", "{class}");
    assert_eq!(class["columns"][1]["kind"], "longitude", "{class}");
    assert_eq!(class["sensitive_individuals"], 50);
    assert!(
        class["reasons"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["rule"] == "automotive.location-tracks")
    );
}
