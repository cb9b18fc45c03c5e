//! A real server on a random port with a fresh database, a real HTTP client, and a small world
//! of participants to act as.

use std::net::SocketAddr;

use app::{App, AppConfig};
use reqwest::{Client, Response, StatusCode, multipart};
use serde_json::{Value, json};

pub const PASSWORD: &str = "correct horse battery";

pub struct TestServer {
    pub base: String,
    pub app: App,
    pub client: Client,
    _dir: tempfile::TempDir,
}

pub async fn spawn() -> TestServer {
    spawn_with(|_| {}).await
}

pub async fn spawn_with(config: impl FnOnce(&mut AppConfig)) -> TestServer {
    let dir = tempfile::tempdir().unwrap();
    let app = app::testing::fresh_app(dir.path(), config).await.unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr: SocketAddr = listener.local_addr().unwrap();
    let state = server::AppState::new(
        app.clone(),
        server::ServerOptions {
            secure_cookies: false,
            demo: false,
        },
    );
    tokio::spawn(server::serve(listener, state, std::future::pending()));
    TestServer {
        base: format!("http://{addr}"),
        app,
        client: Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap(),
        _dir: dir,
    }
}

/// A signed-in user: its bearer token and ids.
#[derive(Clone, Debug)]
pub struct Actor {
    pub token: String,
    pub participant: String,
}

impl TestServer {
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    pub async fn token(&self, username: &str, password: &str) -> Response {
        self.client
            .post(self.url("/api/v1/auth/token"))
            .json(&json!({"username": username, "password": password}))
            .send()
            .await
            .unwrap()
    }

    pub async fn sign_in(&self, username: &str) -> Actor {
        let r = self.token(username, PASSWORD).await;
        assert_eq!(r.status(), StatusCode::CREATED, "sign in {username}");
        let token = r.json::<Value>().await.unwrap()["token"]
            .as_str()
            .unwrap()
            .to_owned();
        let me: Value = self.get(&token, "/api/v1/me").await.json().await.unwrap();
        Actor {
            token,
            participant: me["participant"]["id"].as_str().unwrap().to_owned(),
        }
    }

    pub async fn get(&self, token: &str, path: &str) -> Response {
        self.client
            .get(self.url(path))
            .bearer_auth(token)
            .send()
            .await
            .unwrap()
    }

    pub async fn post_json(&self, token: &str, path: &str, body: Value) -> Response {
        self.client
            .post(self.url(path))
            .bearer_auth(token)
            .json(&body)
            .send()
            .await
            .unwrap()
    }

    /// The asset once every version has been read in full.
    pub async fn ready(&self, token: &str, asset: &str) -> Value {
        self.app.ingest_idle().await;
        let r = self.get(token, &format!("/api/v1/assets/{asset}")).await;
        assert_eq!(r.status(), StatusCode::OK);
        let body: Value = r.json().await.unwrap();
        for v in body["versions"].as_array().unwrap() {
            assert_ne!(v["state"], "processing", "{body}");
        }
        body
    }

    pub async fn register(&self, body: Value) -> Response {
        self.client
            .post(self.url("/api/v1/participants"))
            .json(&body)
            .send()
            .await
            .unwrap()
    }

    pub async fn upload(
        &self,
        token: &str,
        path: &str,
        name: &str,
        bytes: Vec<u8>,
        fields: &[(&str, &str)],
    ) -> Response {
        let mut form = multipart::Form::new().part(
            "file",
            multipart::Part::bytes(bytes).file_name(name.to_owned()),
        );
        for (k, v) in fields {
            form = form.text((*k).to_owned(), (*v).to_owned());
        }
        self.client
            .post(self.url(path))
            .bearer_auth(token)
            .multipart(form)
            .send()
            .await
            .unwrap()
    }
}

/// A merchant registration body.
pub fn registration(username: &str, region: &str, org_id: &str, roles: &[&str]) -> Value {
    let mut body = json!({
        "name_zh": format!("{username} 公司"),
        "name_en": format!("{username} Ltd."),
        "region": region,
        "roles": roles,
        "username": username,
        "password": PASSWORD,
    });
    if region == "CN" {
        body["uscc"] = json!(org_id);
    } else {
        body["lei"] = json!(org_id);
    }
    if roles.contains(&"service_provider") {
        body["service_kinds"] = json!(["law_firm"]);
    }
    body
}

/// Valid identifiers, made from distinct bodies.
pub fn uscc(n: u32) -> String {
    types::Uscc::with_check_char(&format!("91210200MA0{n:06}"))
        .unwrap()
        .to_string()
}

pub fn lei(n: u32) -> String {
    types::Lei::with_check_digits(&format!("5493000TEST{n:07}"))
        .unwrap()
        .to_string()
}

/// The cast every authorization and flow test acts with.
pub struct World {
    pub server: TestServer,
    pub operator: Actor,
    pub reviewer: Actor,
    pub regulator: Actor,
    pub provider: Actor,
    pub other_provider: Actor,
    pub buyer: Actor,
    pub pending: Actor,
}

impl World {
    pub async fn new() -> World {
        let server = spawn().await;
        server
            .app
            .create_operator_admin("op-admin", PASSWORD)
            .await
            .unwrap();
        let operator = server.sign_in("op-admin").await;
        let r = server
            .post_json(
                &operator.token,
                &format!("/api/v1/participants/{}/users", operator.participant),
                json!({"username": "op-review", "password": PASSWORD, "staff_role": "reviewer"}),
            )
            .await;
        assert_eq!(r.status(), StatusCode::CREATED);
        let reviewer = server.sign_in("op-review").await;
        server
            .app
            .create_regulator("数据局", "Data Bureau", &uscc(900), "regulator", PASSWORD)
            .await
            .unwrap();
        let regulator = server.sign_in("regulator").await;
        let mut merchants = Vec::new();
        for (i, (name, region, roles)) in [
            ("provider", "CN", vec!["provider"]),
            ("other-provider", "CN", vec!["provider", "buyer"]),
            ("buyer", "JP", vec!["buyer"]),
            ("pending", "CN", vec!["provider"]),
        ]
        .into_iter()
        .enumerate()
        {
            let org = if region == "CN" {
                uscc(i as u32 + 1)
            } else {
                lei(i as u32 + 1)
            };
            let r = server
                .register(registration(name, region, &org, &roles))
                .await;
            assert_eq!(r.status(), StatusCode::CREATED, "register {name}");
            let body: Value = r.json().await.unwrap();
            let id = body["participant"]["id"].as_str().unwrap().to_owned();
            if name != "pending" {
                let r = server
                    .post_json(
                        &reviewer.token,
                        &format!("/api/v1/participants/{id}/verify"),
                        json!({}),
                    )
                    .await;
                assert_eq!(r.status(), StatusCode::OK, "verify {name}");
            }
            merchants.push(server.sign_in(name).await);
        }
        let mut m = merchants.into_iter();
        World {
            operator,
            reviewer,
            regulator,
            provider: m.next().unwrap(),
            other_provider: m.next().unwrap(),
            buyer: m.next().unwrap(),
            pending: m.next().unwrap(),
            server,
        }
    }
}

/// Reads a problem response and checks its shape; returns the body.
pub async fn problem(r: Response, status: StatusCode, code: &str) -> Value {
    assert_eq!(r.status(), status, "expected {status} {code}");
    assert_eq!(
        r.headers().get("content-type").unwrap().to_str().unwrap(),
        "application/problem+json"
    );
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["code"], code, "{body}");
    assert_eq!(body["status"], status.as_u16());
    assert_eq!(body["type"], format!("/problems/{code}"));
    assert!(body["title_zh"].as_str().is_some_and(|t| !t.is_empty()));
    assert!(body["title_en"].as_str().is_some_and(|t| !t.is_empty()));
    body
}

pub fn csv_utf8() -> Vec<u8> {
    "id,name,city,amount\n1,王伟,大连,10.5\n2,李娜,沈阳,20\n3,张敏,东京,7.25\n"
        .as_bytes()
        .to_vec()
}

pub fn csv_gbk() -> Vec<u8> {
    let text = "姓名;手机号;城市\n王伟;13800000000;大连\n李娜;13900000000;沈阳\n";
    encoding_rs::GBK.encode(text).0.into_owned()
}

pub fn jsonl() -> Vec<u8> {
    b"{\"device\":\"a\",\"temp\":21.5,\"meta\":{\"line\":1}}\n\n{\"device\":\"b\",\"temp\":22.0,\"meta\":{\"line\":2}}\n".to_vec()
}

pub fn gzip(bytes: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(bytes).unwrap();
    gz.finish().unwrap()
}

pub fn parquet() -> Vec<u8> {
    use arrow_array::{ArrayRef, Int64Array, RecordBatch, StringArray};
    use std::sync::Arc;
    let ids: ArrayRef = Arc::new(Int64Array::from(vec![1, 2, 3, 4]));
    let names: ArrayRef = Arc::new(StringArray::from(vec!["a", "b", "c", "d"]));
    let batch = RecordBatch::try_from_iter(vec![("id", ids), ("name", names)]).unwrap();
    let mut out = Vec::new();
    let mut w = parquet::arrow::ArrowWriter::try_new(&mut out, batch.schema(), None).unwrap();
    w.write(&batch).unwrap();
    w.close().unwrap();
    out
}

/// Uploads a CSV as `who`, waits until it is read, and returns the new asset's id. Each asset
/// gets distinct bytes: content addressing would otherwise share one file between them.
pub async fn distinct_asset(s: &TestServer, who: &Actor, name: &str) -> String {
    let mut bytes = csv_utf8();
    bytes.extend_from_slice(format!("4,{name},大连,1\n").as_bytes());
    let r = s
        .upload(&who.token, "/api/v1/assets", name, bytes, &[])
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let id = r.json::<Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    s.ready(&who.token, &id).await;
    id
}

/// Sequences the log and issues what is due, then returns the asset's current certificate of
/// `kind` (`registration` or `destruction`).
pub async fn current_certificate(s: &TestServer, who: &Actor, asset: &str, kind: &str) -> Value {
    while s.app.sequence_once().await.unwrap().is_some() {}
    s.app.issue_due_certificates(100).await.unwrap();
    while s.app.sequence_once().await.unwrap().is_some() {}
    let r = s
        .get(
            &who.token,
            &format!("/api/v1/assets/{asset}/certificate?kind={kind}"),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK, "certificate of {asset}");
    r.json().await.unwrap()
}
