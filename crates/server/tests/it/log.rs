//! The transparency log over HTTP: the tlog-tiles endpoints a generic client reads, the JSON API,
//! receipts with their access rules, and the portal page that checks a receipt.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use reqwest::StatusCode;
use serde_json::Value;

use crate::support::{World, problem};

#[tokio::test]
async fn the_log_is_served_as_tiles_and_receipts_follow_the_parties() {
    let w = World::new().await;
    let s = &w.server;
    while s.app.sequence_once().await.unwrap().is_some() {}

    // The published key verifies the checkpoint a tlog-tiles client fetches.
    let key: Value = s
        .client
        .get(s.url("/api/v1/log/key"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let verifier = tlog::Verifier::parse(key["verifier_key"].as_str().unwrap()).unwrap();
    let r = s.client.get(s.url("/log/checkpoint")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert!(
        r.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/plain")
    );
    let note = r.text().await.unwrap();
    let checkpoint = tlog::Checkpoint::parse(&tlog::open_note(&note, &verifier).unwrap()).unwrap();
    assert_eq!(checkpoint.origin, key["origin"].as_str().unwrap());
    let json: Value = s
        .client
        .get(s.url("/api/v1/log/checkpoint"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(json["size"], checkpoint.size);

    // Tiles are immutable and cacheable; unknown ones are problems, not panics.
    let tile = tlog::right_edge_tiles(checkpoint.size)[0];
    let r = s
        .client
        .get(s.url(&format!("/log/{}", tile.path())))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(
        r.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );
    let hashes = tlog::decode_tile(tile, &r.bytes().await.unwrap()).unwrap();
    assert_eq!(hashes.len(), usize::from(tile.width));
    let r = s
        .client
        .get(s.url(&format!("/log/{}", tile.entries_path())))
        .send()
        .await
        .unwrap();
    assert_eq!(
        tlog::decode_bundle(&r.bytes().await.unwrap())
            .unwrap()
            .len(),
        usize::from(tile.width)
    );
    for bad in [
        "/log/tile/0/x999/999",
        "/log/tile/banana",
        "/log/tile/0/001.p/0",
    ] {
        problem(
            s.client.get(s.url(bad)).send().await.unwrap(),
            StatusCode::NOT_FOUND,
            "log.tile_not_found",
        )
        .await;
    }
    let r = s
        .client
        .get(s.url(&format!(
            "/api/v1/log/proof/inclusion?index={}&size={}",
            checkpoint.size, checkpoint.size
        )))
        .send()
        .await
        .unwrap();
    problem(r, StatusCode::BAD_REQUEST, "log.invalid_range").await;
    let r = s
        .client
        .get(s.url("/api/v1/log/proof/inclusion?index=x"))
        .send()
        .await
        .unwrap();
    problem(r, StatusCode::BAD_REQUEST, "request.invalid").await;

    // The provider's registration: a receipt needs a principal; its parties get the body.
    let entries: Value = s
        .client
        .get(s.url("/api/v1/log/entries?limit=200"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let event = entries
        .as_array()
        .unwrap()
        .iter()
        .find(|e| {
            e["type"] == "participant.registered" && e["subject"] == w.provider.participant.as_str()
        })
        .unwrap()["event"]
        .as_str()
        .unwrap()
        .to_owned();
    let path = format!("/api/v1/events/{event}/receipt");
    problem(
        s.client.get(s.url(&path)).send().await.unwrap(),
        StatusCode::UNAUTHORIZED,
        "auth.unauthenticated",
    )
    .await;
    let mine: Value = s.get(&w.provider.token, &path).await.json().await.unwrap();
    assert!(
        mine["body"].as_str().is_some() && mine["salt"].as_str().is_some(),
        "{mine}"
    );
    let theirs: Value = s.get(&w.buyer.token, &path).await.json().await.unwrap();
    assert!(
        theirs.get("body").is_none() && theirs.get("salt").is_none(),
        "{theirs}"
    );
    let regulator: Value = s.get(&w.regulator.token, &path).await.json().await.unwrap();
    assert!(regulator["body"].is_string());
    let receipt: app::log::Receipt = serde_json::from_value(mine.clone()).unwrap();
    assert!(
        app::log::verify_receipt(&receipt, &verifier)
            .unwrap()
            .opened
    );
    problem(
        s.get(&w.provider.token, "/api/v1/events/evt_nope/receipt")
            .await,
        StatusCode::NOT_FOUND,
        "event.not_found",
    )
    .await;

    // An event not sequenced yet: 409 with Retry-After.
    let r = s.token("provider", crate::support::PASSWORD).await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let pending = s
        .app
        .outbox(0, 100_000)
        .await
        .unwrap()
        .pop()
        .unwrap()
        .id
        .to_string();
    let r = s
        .get(
            &w.provider.token,
            &format!("/api/v1/events/{pending}/receipt"),
        )
        .await;
    assert_eq!(r.headers()["retry-after"], "1");
    problem(r, StatusCode::CONFLICT, "log.pending").await;

    // Consistency between two checkpoints, over HTTP.
    while s.app.sequence_once().await.unwrap().is_some() {}
    let now: Value = s
        .client
        .get(s.url("/api/v1/log/checkpoint"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let new_size = now["size"].as_u64().unwrap();
    let proof: Value = s
        .client
        .get(s.url(&format!(
            "/api/v1/log/proof/consistency?old={}&new={new_size}",
            checkpoint.size
        )))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let hashes: Vec<tlog::Hash> = proof["proof"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| {
            STANDARD
                .decode(h.as_str().unwrap())
                .unwrap()
                .try_into()
                .unwrap()
        })
        .collect();
    let new_root: tlog::Hash = STANDARD
        .decode(now["root_hash"].as_str().unwrap())
        .unwrap()
        .try_into()
        .unwrap();
    tlog::verify_consistency(
        checkpoint.size,
        new_size,
        &hashes,
        &checkpoint.root,
        &new_root,
    )
    .unwrap();

    // The portal page shows the checkpoint and checks a pasted receipt, in both outcomes.
    let page = s.client.get(s.url("/log")).send().await.unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    let cookie = page
        .headers()
        .get_all("set-cookie")
        .iter()
        .find_map(|c| c.to_str().ok().filter(|c| c.starts_with("dp_form=")))
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_owned();
    let html = page.text().await.unwrap();
    assert!(html.contains("存证日志") && html.contains(key["verifier_key"].as_str().unwrap()));
    let token = cookie.trim_start_matches("dp_form=").to_owned();
    let check = |receipt: String| {
        let cookie = cookie.clone();
        let token = token.clone();
        async move {
            s.client
                .post(s.url("/log/verify"))
                .header("cookie", cookie)
                .form(&[("csrf", token.as_str()), ("receipt", receipt.as_str())])
                .send()
                .await
                .unwrap()
                .text()
                .await
                .unwrap()
        }
    };
    let good = check(mine.to_string()).await;
    assert!(good.contains("回执有效"), "{good}");
    let mut forged = mine.clone();
    forged["salt"] = Value::String("00".repeat(32));
    let bad = check(forged.to_string()).await;
    assert!(bad.contains("receipt.commitment"), "{bad}");
    let garbage = check("not json".into()).await;
    assert!(garbage.contains("receipt.malformed"));
}
