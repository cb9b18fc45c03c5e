//! The transparency log end to end on a real store: every event sequenced into entries, tiles and
//! signed checkpoints; receipts that check offline and fail when tampered with; proofs across
//! batches and restarts; damaged tiles refused and repaired.

use std::collections::HashMap;

use app::log::{ReceiptError, verify_receipt};
use app::{App, AppConfig, Principal};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;

async fn open(dir: &std::path::Path, url: &str) -> App {
    let mut config = AppConfig::new(dir.to_path_buf());
    config.blob_url = Some(store::testing::fresh_blob_url(dir));
    App::open(config, url).await.unwrap()
}

async fn principal(app: &App, username: &str) -> Principal {
    let user = app
        .sign_in(username, app::DEMO_PASSWORD, None)
        .await
        .unwrap();
    let token = app.issue_token(&user, "log test").await.unwrap();
    app.authenticate_token(&token.secret).await.unwrap()
}

/// Sequences until nothing is pending; returns the final size.
async fn catch_up(app: &App) -> u64 {
    while app.sequence_once().await.unwrap().is_some() {}
    app.log_checkpoint().await.unwrap().map_or(0, |c| c.size)
}

fn root(c: &app::log::CheckpointView) -> tlog::Hash {
    STANDARD.decode(&c.root_hash).unwrap().try_into().unwrap()
}

struct Tiles(HashMap<(u8, u64), Vec<tlog::Hash>>);

impl tlog::TileReader for Tiles {
    type Error = String;
    fn read_tile(&mut self, id: tlog::TileId) -> Result<Vec<tlog::Hash>, String> {
        self.0
            .get(&(id.level, id.index))
            .filter(|h| h.len() >= usize::from(id.width))
            .map(|h| h[..usize::from(id.width)].to_vec())
            .ok_or_else(|| id.path())
    }
}

#[tokio::test]
async fn every_event_is_logged_and_receipts_check_offline() {
    let dir = tempfile::tempdir().unwrap();
    let url = store::testing::fresh_database_url(dir.path())
        .await
        .unwrap();
    let app = open(dir.path(), &url).await;
    app.seed_demo().await.unwrap();
    app.ingest_idle().await;
    let operator = principal(&app, "operator").await;
    let dalian = principal(&app, "dalian-port").await;
    let tokyo = principal(&app, "tokyo-trading").await;
    let size = catch_up(&app).await;
    let events = app.outbox(0, 100_000).await.unwrap();
    assert_eq!(size, events.len() as u64, "every event is in the log");

    // The checkpoint verifies under the published key.
    let key = app.log_key();
    let verifier = tlog::Verifier::parse(&key.verifier_key).unwrap();
    let checkpoint = app.log_checkpoint().await.unwrap().unwrap();
    let body = tlog::open_note(&checkpoint.note, &verifier).unwrap();
    let parsed = tlog::Checkpoint::parse(&body).unwrap();
    assert_eq!((parsed.size, parsed.root), (size, root(&checkpoint)));
    assert_eq!(parsed.origin, app::DEFAULT_LOG_ORIGIN);

    // Entries are public: ids and a commitment, never names or usernames.
    for e in app.log_entries(200).await.unwrap() {
        let text = serde_json::to_string(&e.entry).unwrap();
        for secret in ["大连", "dalian-port", "demo-password", "operator"] {
            assert!(!text.contains(secret), "{text}");
        }
    }

    // The registration of the Dalian provider: its party gets the opened body, others do not.
    let registered = events
        .iter()
        .find(|e| {
            e.event_type == "participant.registered"
                && e.subject_id == dalian.participant().id.to_string()
        })
        .unwrap();
    let id = registered.id.to_string();
    let mine = app.event_receipt(&dalian, &id).await.unwrap();
    assert_eq!(mine.body.as_deref(), Some(registered.body.as_str()));
    let check = verify_receipt(&mine, &verifier).unwrap();
    assert!(check.opened);
    assert_eq!((check.event.as_str(), check.tree_size), (id.as_str(), size));
    let theirs = app.event_receipt(&tokyo, &id).await.unwrap();
    assert_eq!((theirs.body.as_ref(), theirs.salt.as_ref()), (None, None));
    assert!(!verify_receipt(&theirs, &verifier).unwrap().opened);
    assert!(
        app.event_receipt(&operator, &id)
            .await
            .unwrap()
            .body
            .is_some()
    );

    // Tampering with any part fails with its own reason.
    let fails = |r: &app::log::Receipt| verify_receipt(r, &verifier).unwrap_err();
    let mut r = mine.clone();
    r.body = Some(format!("{} ", r.body.unwrap()));
    assert_eq!(fails(&r), ReceiptError::Commitment);
    let mut r = mine.clone();
    r.salt = Some("00".repeat(32));
    assert_eq!(fails(&r), ReceiptError::Commitment);
    let mut r = mine.clone();
    r.index = (r.index + 1) % size;
    assert!(matches!(fails(&r), ReceiptError::Inclusion(_)));
    let mut r = mine.clone();
    let mut h = STANDARD.decode(&r.proof[0]).unwrap();
    h[0] ^= 1;
    r.proof[0] = STANDARD.encode(h);
    assert!(matches!(fails(&r), ReceiptError::Inclusion(_)));
    let mut r = mine.clone();
    let other = app
        .event_receipt(&operator, &events[0].id.to_string())
        .await
        .unwrap();
    r.entry = other.entry.clone();
    assert!(matches!(fails(&r), ReceiptError::Inclusion(_)));
    let mut r = mine.clone();
    r.checkpoint = r
        .checkpoint
        .replacen(&format!("\n{size}\n"), &format!("\n{}\n", size + 1), 1);
    assert!(matches!(fails(&r), ReceiptError::Signature(_)));
    let other_key =
        tlog::Signer::generate(app::DEFAULT_LOG_ORIGIN, &mut rand::rngs::OsRng).unwrap();
    assert!(matches!(
        verify_receipt(&mine, &other_key.verifier()).unwrap_err(),
        ReceiptError::Signature(_)
    ));
    let mut r = mine.clone();
    r.format = "something/else".into();
    assert!(matches!(fails(&r), ReceiptError::Format(_)));

    // Unknown and not-yet-sequenced events.
    let unknown = app
        .event_receipt(&dalian, "evt_0190f7a4c6b87c3e9d1f2a3b4c5d6e7f")
        .await
        .unwrap_err();
    assert_eq!(unknown.code(), app::Code::EventNotFound);
    app.issue_token(dalian.user(), "pending").await.unwrap();
    let pending = app.outbox(0, 100_000).await.unwrap().pop().unwrap();
    let err = app
        .event_receipt(&dalian, &pending.id.to_string())
        .await
        .unwrap_err();
    assert_eq!(err.code(), app::Code::LogPending);
    catch_up(&app).await;
    assert!(
        app.event_receipt(&dalian, &pending.id.to_string())
            .await
            .is_ok()
    );
}

#[tokio::test]
async fn proofs_and_tiles_hold_across_batches_and_restarts() {
    let dir = tempfile::tempdir().unwrap();
    let url = store::testing::fresh_database_url(dir.path())
        .await
        .unwrap();
    let app = open(dir.path(), &url).await;
    app.seed_demo().await.unwrap();
    app.ingest_idle().await;
    let first = catch_up(&app).await;
    let cp1 = app.log_checkpoint().await.unwrap().unwrap();
    // A few hundred more events, so the tree crosses a full tile.
    let dalian = principal(&app, "dalian-port").await;
    for i in 0..300 {
        app.issue_token(dalian.user(), &format!("t{i}"))
            .await
            .unwrap();
        if i % 97 == 0 {
            app.sequence_once().await.unwrap();
        }
    }
    let second = catch_up(&app).await;
    assert!(second > first + 300 && second > 256);
    let cp2 = app.log_checkpoint().await.unwrap().unwrap();

    let proof = app.consistency_proof(first, second).await.unwrap();
    tlog::verify_consistency(first, second, &proof, &root(&cp1), &root(&cp2)).unwrap();

    // The tiles a client reads hash to the signed root, and hold every entry.
    let mut tiles = Tiles(HashMap::new());
    for id in tlog::tiles_for_size(second) {
        let bytes = app.log_tile(&id.path()).await.unwrap();
        tiles
            .0
            .insert((id.level, id.index), tlog::decode_tile(id, &bytes).unwrap());
        if id.level == 0 {
            let bundle = app.log_tile(&id.entries_path()).await.unwrap();
            let entries = tlog::decode_bundle(&bundle).unwrap();
            assert_eq!(entries.len(), usize::from(id.width));
            for (i, e) in entries.iter().enumerate() {
                let index = id.index * tlog::TILE_WIDTH + i as u64;
                assert_eq!(tlog::leaf_hash(e), tiles.0[&(0, id.index)][i]);
                let p = app.inclusion_proof(index, second).await.unwrap();
                tlog::verify_inclusion(&tlog::leaf_hash(e), index, second, &p, &root(&cp2))
                    .unwrap();
            }
        }
    }
    assert_eq!(
        tlog::root_from_tiles(second, &mut tiles).unwrap(),
        root(&cp2)
    );

    // Bad requests.
    for (index, size) in [(second, second), (0, second + 1)] {
        let e = app.inclusion_proof(index, size).await.unwrap_err();
        assert_eq!(e.code(), app::Code::LogRange);
    }
    assert_eq!(
        app.consistency_proof(second, first)
            .await
            .unwrap_err()
            .code(),
        app::Code::LogRange
    );
    for path in [
        "tile/0/x999/999",
        "tile/9/000",
        "checkpoint",
        "tile/../x",
        "tile/0/000.p/0",
    ] {
        assert_eq!(
            app.log_tile(path).await.unwrap_err().code(),
            app::Code::LogTileNotFound,
            "{path}"
        );
    }

    // A restarted exchange continues the same tree with the same key.
    let key = app.log_key().verifier_key;
    drop(app);
    let app = open(dir.path(), &url).await;
    assert_eq!(app.log_key().verifier_key, key);
    let dalian = principal(&app, "dalian-port").await;
    let third = catch_up(&app).await;
    assert!(third > second);
    let cp3 = app.log_checkpoint().await.unwrap().unwrap();
    let proof = app.consistency_proof(second, third).await.unwrap();
    tlog::verify_consistency(second, third, &proof, &root(&cp2), &root(&cp3)).unwrap();
    drop(dalian);
}

#[tokio::test]
async fn damaged_tiles_are_refused_and_the_edge_is_rebuilt_from_the_record() {
    if std::env::var("DATAPORT_TEST_BLOB_URL").is_ok_and(|v| !v.is_empty()) {
        // The damage is done to files on disk; the S3 run covers the rest of the log.
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let url = store::testing::fresh_database_url(dir.path())
        .await
        .unwrap();
    let app = open(dir.path(), &url).await;
    app.seed_demo().await.unwrap();
    app.ingest_idle().await;
    let size = catch_up(&app).await;
    let before = app.log_checkpoint().await.unwrap().unwrap();
    let blobs = dir.path().join("blobs").join("log");
    let edge = tlog::right_edge_tiles(size);
    let level0 = edge.iter().find(|t| t.level == 0).unwrap();

    // An altered tile and an altered entry bundle are refused, never served.
    let tile_file = blobs.join(level0.path());
    let good = std::fs::read(&tile_file).unwrap();
    let mut bad = good.clone();
    bad[0] ^= 0xff;
    std::fs::write(&tile_file, &bad).unwrap();
    assert_eq!(
        app.log_tile(&level0.path()).await.unwrap_err().code(),
        app::Code::LogTileCorrupt
    );
    let bundle_file = blobs.join(level0.entries_path());
    std::fs::write(&bundle_file, b"\x00\x01x").unwrap();
    assert_eq!(
        app.log_tile(&level0.entries_path())
            .await
            .unwrap_err()
            .code(),
        app::Code::LogTileCorrupt
    );
    // A lost one too.
    std::fs::remove_file(&tile_file).unwrap();
    assert_eq!(
        app.log_tile(&level0.path()).await.unwrap_err().code(),
        app::Code::LogTileCorrupt
    );

    // A restarted sequencer finds its edge damaged, rebuilds it from the recorded entries, and
    // carries on; the repaired files are served again.
    drop(app);
    let app = open(dir.path(), &url).await;
    let dalian = principal(&app, "dalian-port").await;
    let grown = catch_up(&app).await;
    assert!(grown > size);
    assert_eq!(std::fs::read(&tile_file).unwrap(), good);
    assert!(app.log_tile(&level0.entries_path()).await.is_ok());
    // The repaired tree is the same tree: the old checkpoint is consistent with the new one.
    let after = app.log_checkpoint().await.unwrap().unwrap();
    let proof = app.consistency_proof(size, grown).await.unwrap();
    tlog::verify_consistency(size, grown, &proof, &root(&before), &root(&after)).unwrap();
    drop(dalian);
}

#[tokio::test]
async fn one_sequencer_at_a_time_holds_the_lease() {
    let dir = tempfile::tempdir().unwrap();
    let url = store::testing::fresh_database_url(dir.path())
        .await
        .unwrap();
    let app = open(dir.path(), &url).await;
    let mut first = store::log::Lease::try_acquire(app.store())
        .await
        .unwrap()
        .unwrap();
    assert!(first.check().await);
    let second = store::log::Lease::try_acquire(app.store()).await.unwrap();
    match app.store().engine() {
        // On PostgreSQL another node (here: another connection) cannot take it while it is held,
        // and can once it is released.
        store::Engine::Postgres => {
            assert!(second.is_none());
            drop(first);
            let mut again = None;
            for _ in 0..50 {
                again = store::log::Lease::try_acquire(app.store()).await.unwrap();
                if again.is_some() {
                    break;
                }
                tokio::time::sleep(std::time::Duration::from_millis(20)).await;
            }
            assert!(
                again.is_some(),
                "the lease is free again once its holder is gone"
            );
        }
        // SQLite is one process: the lease is implicit.
        store::Engine::Sqlite => assert!(second.is_some()),
    }
}

#[tokio::test]
async fn a_log_with_checkpoints_never_gets_a_new_key_silently() {
    let dir = tempfile::tempdir().unwrap();
    let url = store::testing::fresh_database_url(dir.path())
        .await
        .unwrap();
    let app = open(dir.path(), &url).await;
    app.seed_demo().await.unwrap();
    app.ingest_idle().await;
    catch_up(&app).await;
    drop(app);
    let key = dir.path().join("log.key");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            std::fs::metadata(&key).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }
    let saved = std::fs::read(&key).unwrap();

    // The key file lost: refused, rather than a fork signed with a fresh key.
    std::fs::remove_file(&key).unwrap();
    let mut config = AppConfig::new(dir.path().to_path_buf());
    config.blob_url = Some(store::testing::fresh_blob_url(dir.path()));
    let err = App::open(config.clone(), &url).await.unwrap_err();
    assert!(format!("{:?}", err.cause()).contains("missing"), "{err:?}");
    assert!(!key.exists());
    // Another key: refused too, since it did not sign the checkpoints.
    let other = tlog::Signer::generate(app::DEFAULT_LOG_ORIGIN, &mut rand::rngs::OsRng).unwrap();
    std::fs::write(&key, other.private_text()).unwrap();
    let err = App::open(config.clone(), &url).await.unwrap_err();
    assert!(
        format!("{:?}", err.cause()).contains("not signed by"),
        "{err:?}"
    );
    // The right key opens it again.
    std::fs::write(&key, saved).unwrap();
    let app = App::open(config, &url).await.unwrap();
    assert!(app.log_checkpoint().await.unwrap().is_some());
}
