//! The OpenAPI document: version 3.1, served at `/api/v1/openapi.json`, and covering exactly
//! the routes the authorization table walks — so every route is both documented and checked.

use std::collections::BTreeSet;

use reqwest::StatusCode;
use serde_json::Value;

use crate::support::spawn;

#[tokio::test]
async fn document_covers_every_route() {
    let s = spawn().await;
    let r = s
        .client
        .get(s.url("/api/v1/openapi.json"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let doc: Value = r.json().await.unwrap();
    assert!(
        doc["openapi"].as_str().unwrap().starts_with("3.1"),
        "{}",
        doc["openapi"]
    );
    let mut documented = BTreeSet::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for method in item.as_object().unwrap().keys() {
            if ["get", "post", "put", "patch", "delete"].contains(&method.as_str()) {
                documented.insert((method.to_uppercase(), path.clone()));
            }
        }
    }
    let walked: BTreeSet<(String, String)> = crate::authz::routes()
        .iter()
        .map(|r| (r.method.to_string(), r.template.to_owned()))
        .collect();
    assert_eq!(
        documented, walked,
        "documented routes and the authorization table differ"
    );
    // Every documented route answers (none is documented but unrouted).
    for (method, path) in &documented {
        let path = path.replace("{id}", "x").replace("{version}", "1");
        let r = s
            .client
            .request(method.parse().unwrap(), s.url(&path))
            .send()
            .await
            .unwrap();
        let body: Value = r.json().await.unwrap_or_default();
        assert_ne!(
            body["code"], "request.not_found",
            "{method} {path} is not routed"
        );
    }
    // Problem details are described, and protected routes declare the bearer scheme.
    assert!(doc["components"]["schemas"]["ProblemView"].is_object());
    assert!(doc["components"]["securitySchemes"]["bearer"].is_object());
    assert!(doc["paths"]["/api/v1/assets"]["post"]["security"].is_array());
}
