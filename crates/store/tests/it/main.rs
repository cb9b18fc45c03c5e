//! The store conformance suite. It runs on SQLite, and on PostgreSQL when
//! `DATAPORT_TEST_DATABASE_URL` is set (CI sets it), so both engines are held to the same
//! behaviour.

// Helpers outside #[test] functions unwrap too: a failed setup step should fail the test loudly.
#![allow(clippy::unwrap_used)]

use store::{Blobs, Error, IdempotencyStart, NewEvent, NewParticipant, Store, Tx};
use types::{
    AssetId, MerchantRole, OrgIdScheme, ParticipantId, ParticipantKind, ParticipantStatus, Region,
    SourceKind, StaffRole, UpdateFrequency, UserId,
};

struct Db {
    store: Store,
    _dir: tempfile::TempDir,
}

async fn db() -> Db {
    let dir = tempfile::tempdir().unwrap();
    let url = store::testing::fresh_database_url(dir.path())
        .await
        .unwrap();
    let store = Store::open(&url, Blobs::local(&dir.path().join("blobs")).unwrap())
        .await
        .unwrap();
    assert_eq!(store.migrate().await.unwrap(), vec![1, 2, 3, 4, 5, 6, 7]);
    Db { store, _dir: dir }
}

fn participant(org_id: &str) -> NewParticipant {
    NewParticipant {
        id: ParticipantId::new(),
        kind: ParticipantKind::Merchant,
        name_zh: "大连港口物流".into(),
        name_en: "Dalian Port Logistics".into(),
        org_id_scheme: OrgIdScheme::Uscc,
        org_id: org_id.into(),
        region: Region::MAINLAND,
        roles: vec![MerchantRole::Provider, MerchantRole::Buyer],
        service_kinds: vec![],
        status: ParticipantStatus::Pending,
        at: types::now(),
    }
}

async fn with_user(tx: &mut Tx, p: &NewParticipant, username: &str) -> UserId {
    let id = UserId::new();
    store::users::insert(
        tx.conn(),
        &store::NewUser {
            id,
            participant_id: p.id,
            username: username.into(),
            display_name: username.into(),
            password_hash: "$argon2id$v=19$m=19456,t=2,p=1$x$y".into(),
            staff_role: StaffRole::Admin,
            at: types::now(),
        },
    )
    .await
    .unwrap();
    id
}

#[tokio::test]
async fn migrations_are_idempotent() {
    let db = db().await;
    assert_eq!(db.store.migrate().await.unwrap(), Vec::<i64>::new());
    assert!(db.store.ping().await);
}

#[tokio::test]
async fn participants_round_trip_and_unique_identifier() {
    let db = db().await;
    let p = participant("91110000600037341L");
    let mut tx = db.store.begin().await.unwrap();
    store::participants::insert(tx.conn(), &p).await.unwrap();
    tx.commit().await.unwrap();

    let got = store::participants::get(db.store.pool(), &p.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(got.name_zh, "大连港口物流");
    assert_eq!(got.roles, vec![MerchantRole::Provider, MerchantRole::Buyer]);
    assert_eq!(got.status, ParticipantStatus::Pending);
    assert_eq!(got.created_at, p.at);

    let mut dup = participant("91110000600037341L");
    dup.name_en = "Someone else".into();
    let mut tx = db.store.begin().await.unwrap();
    let err = store::participants::insert(tx.conn(), &dup)
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Conflict), "{err:?}");
    drop(tx);

    let at = types::now();
    let mut tx = db.store.begin().await.unwrap();
    store::participants::set_status(
        tx.conn(),
        &p.id,
        ParticipantStatus::Suspended,
        Some("audit"),
        &at,
    )
    .await
    .unwrap();
    let missing = store::participants::set_status(
        tx.conn(),
        &ParticipantId::new(),
        ParticipantStatus::Verified,
        None,
        &at,
    )
    .await;
    assert!(matches!(missing, Err(Error::NotFound)));
    tx.commit().await.unwrap();
    let got = store::participants::get(db.store.pool(), &p.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(got.status, ParticipantStatus::Suspended);
    assert_eq!(got.status_reason.as_deref(), Some("audit"));
}

#[tokio::test]
async fn listing_pages_newest_first_and_filters() {
    let db = db().await;
    let mut ids = Vec::new();
    for body in [
        "91110000600037341",
        "91350100M000100Y4",
        "91210200MA0QCPXX1",
    ] {
        let p = participant(types::Uscc::with_check_char(body).unwrap().as_str());
        let mut tx = db.store.begin().await.unwrap();
        store::participants::insert(tx.conn(), &p).await.unwrap();
        tx.commit().await.unwrap();
        ids.push(p.id);
    }
    let filter = |before, status| store::ParticipantFilter {
        status,
        before,
        limit: 2,
    };
    let page1 = store::participants::list(db.store.pool(), &filter(None, None))
        .await
        .unwrap();
    assert_eq!(
        page1.iter().map(|p| p.id).collect::<Vec<_>>(),
        vec![ids[2], ids[1]]
    );
    let page2 = store::participants::list(db.store.pool(), &filter(Some(ids[1]), None))
        .await
        .unwrap();
    assert_eq!(page2.iter().map(|p| p.id).collect::<Vec<_>>(), vec![ids[0]]);
    let verified = store::participants::list(
        db.store.pool(),
        &filter(None, Some(ParticipantStatus::Verified)),
    )
    .await
    .unwrap();
    assert!(verified.is_empty());
}

#[tokio::test]
async fn rollback_leaves_nothing_behind() {
    let db = db().await;
    let p = participant("91110000600037341L");
    let mut tx = db.store.begin().await.unwrap();
    store::participants::insert(tx.conn(), &p).await.unwrap();
    store::events::append(
        tx.conn(),
        &NewEvent {
            event_type: "participant.registered",
            subject_id: p.id.to_string(),
            actor_id: None,
            at: types::now(),
            data: serde_json::json!({}),
        },
    )
    .await
    .unwrap();
    drop(tx);
    assert!(
        store::participants::get(db.store.pool(), &p.id)
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        store::events::after(db.store.pool(), 0, 10)
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn events_are_canonical_json_in_order() {
    let db = db().await;
    let mut tx = db.store.begin().await.unwrap();
    for (i, t) in ["a.one", "a.two"].into_iter().enumerate() {
        store::events::append(
            tx.conn(),
            &NewEvent {
                event_type: t,
                subject_id: "prt_x".into(),
                actor_id: Some("usr_y".into()),
                at: types::now(),
                data: serde_json::json!({"z": i, "a": "名", "m": [1, 2]}),
            },
        )
        .await
        .unwrap();
    }
    tx.commit().await.unwrap();
    let events = store::events::after(db.store.pool(), 0, 10).await.unwrap();
    assert_eq!(events.len(), 2);
    assert!(events[0].seq < events[1].seq);
    assert_eq!(events[1].event_type, "a.two");
    let body = &events[0].body;
    assert!(body.starts_with("{\"actor\":\"usr_y\",\"at\":\""), "{body}");
    assert!(
        body.contains("\"data\":{\"a\":\"名\",\"m\":[1,2],\"z\":0}"),
        "{body}"
    );
    assert_eq!(
        store::events::after(db.store.pool(), events[0].seq, 10)
            .await
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        store::events::of_subject(db.store.pool(), "prt_x")
            .await
            .unwrap()
            .len(),
        2
    );
}

#[tokio::test]
async fn users_tokens_sessions_and_throttle_records() {
    let db = db().await;
    let p = participant("91110000600037341L");
    let mut tx = db.store.begin().await.unwrap();
    store::participants::insert(tx.conn(), &p).await.unwrap();
    let user = with_user(&mut tx, &p, "alice").await;
    tx.commit().await.unwrap();

    let mut tx = db.store.begin().await.unwrap();
    let p2 = participant("91350100M000100Y43");
    store::participants::insert(tx.conn(), &p2).await.unwrap();
    let taken = store::users::insert(
        tx.conn(),
        &store::NewUser {
            id: UserId::new(),
            participant_id: p2.id,
            username: "alice".into(),
            display_name: "x".into(),
            password_hash: "x".into(),
            staff_role: StaffRole::Member,
            at: types::now(),
        },
    )
    .await;
    assert!(matches!(taken, Err(Error::Conflict)));
    drop(tx);

    let now = types::now();
    let token = store::ApiToken {
        id: types::TokenId::new(),
        user_id: user,
        name: "ci".into(),
        created_at: now,
        expires_at: now + chrono::Duration::days(1),
        revoked_at: None,
    };
    let mut tx = db.store.begin().await.unwrap();
    store::users::insert_token(tx.conn(), &token, "hash-1")
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let found = store::users::token_by_hash(db.store.pool(), "hash-1")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(found, token);
    assert!(
        store::users::token_by_hash(db.store.pool(), "hash-2")
            .await
            .unwrap()
            .is_none()
    );
    store::users::revoke_token(db.store.pool(), &token.id, &now)
        .await
        .unwrap();
    let later = now + chrono::Duration::seconds(5);
    store::users::revoke_token(db.store.pool(), &token.id, &later)
        .await
        .unwrap();
    let found = store::users::get_token(db.store.pool(), &token.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(found.revoked_at, Some(now));

    let session = store::Session {
        id: types::SessionId::new(),
        user_id: user,
        csrf_token: "csrf".into(),
        expires_at: now + chrono::Duration::hours(8),
    };
    store::users::insert_session(db.store.pool(), &session, "sess-hash", &now)
        .await
        .unwrap();
    assert_eq!(
        store::users::session_by_hash(db.store.pool(), "sess-hash")
            .await
            .unwrap(),
        Some(session.clone())
    );
    store::users::sweep_sessions(db.store.pool(), &now)
        .await
        .unwrap();
    assert!(
        store::users::session_by_hash(db.store.pool(), "sess-hash")
            .await
            .unwrap()
            .is_some(),
        "not expired yet"
    );
    store::users::delete_session(db.store.pool(), &session.id)
        .await
        .unwrap();
    assert!(
        store::users::session_by_hash(db.store.pool(), "sess-hash")
            .await
            .unwrap()
            .is_none()
    );

    for _ in 0..3 {
        store::users::record_login_failure(db.store.pool(), "u:alice", &now)
            .await
            .unwrap();
    }
    let since = now - chrono::Duration::minutes(15);
    let (n, oldest) = store::users::login_failures_since(db.store.pool(), "u:alice", &since)
        .await
        .unwrap();
    assert_eq!((n, oldest), (3, Some(now)));
    store::users::clear_login_failures(db.store.pool(), "u:alice")
        .await
        .unwrap();
    let (n, _) = store::users::login_failures_since(db.store.pool(), "u:alice", &since)
        .await
        .unwrap();
    assert_eq!(n, 0);
    store::users::record_login_failure(db.store.pool(), "ip:1", &since)
        .await
        .unwrap();
    store::users::record_login_failure(db.store.pool(), "ip:1", &now)
        .await
        .unwrap();
    store::users::forget_login_attempt(db.store.pool(), "ip:1", &now)
        .await
        .unwrap();
    store::users::sweep_login_attempts(db.store.pool(), &now)
        .await
        .unwrap();
    let (n, _) = store::users::login_failures_since(db.store.pool(), "ip:1", &since)
        .await
        .unwrap();
    assert_eq!(n, 0, "one attempt forgotten, the older one swept");
}

#[tokio::test]
async fn asset_versions_are_append_only_and_race_safe() {
    let db = db().await;
    let p = participant("91110000600037341L");
    let mut tx = db.store.begin().await.unwrap();
    store::participants::insert(tx.conn(), &p).await.unwrap();
    let user = with_user(&mut tx, &p, "bob").await;
    let asset = store::NewAsset {
        id: AssetId::new(),
        participant_id: p.id,
        title: "集装箱".into(),
        title_en: None,
        description: "d".into(),
        description_en: Some("d".into()),
        sector: "logistics".into(),
        source_kind: SourceKind::SelfCollected,
        source_evidence: None,
        update_frequency: UpdateFrequency::Daily,
        at: types::now(),
    };
    store::assets::insert(tx.conn(), &asset).await.unwrap();
    let version = |n: i64| store::AssetVersion {
        id: types::AssetVersionId::new(),
        asset_id: asset.id,
        version: n,
        file_name: "a.csv".into(),
        sha256: "ab".repeat(32),
        size_bytes: 10,
        format: "csv".into(),
        compression: "none".into(),
        encoding: Some("utf-8".into()),
        delimiter: Some(",".into()),
        state: types::VersionState::Processing,
        columns_json: None,
        row_count: None,
        parquet_sha256: None,
        parquet_size: None,
        error_code: None,
        error_en: None,
        error_zh: None,
        uploaded_by: user,
        created_at: types::now(),
        processed_at: None,
    };
    store::assets::insert_version(tx.conn(), &version(1))
        .await
        .unwrap();
    tx.commit().await.unwrap();

    // A writer that read a stale latest_version loses cleanly.
    let mut tx = db.store.begin().await.unwrap();
    let err = store::assets::insert_version(tx.conn(), &version(1))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Conflict), "{err:?}");
    drop(tx);
    let mut tx = db.store.begin().await.unwrap();
    let v2 = version(2);
    store::assets::insert_version(tx.conn(), &v2).await.unwrap();
    tx.commit().await.unwrap();

    // Processing ends exactly once: ready (or failed), never both.
    assert_eq!(
        store::assets::processing(db.store.pool())
            .await
            .unwrap()
            .len(),
        2
    );
    let outcome = store::VersionOutcome {
        format: "csv".into(),
        compression: "none".into(),
        encoding: Some("gb18030".into()),
        delimiter: Some(";".into()),
        columns_json: "[]".into(),
        row_count: 2,
        parquet_sha256: "cd".repeat(32),
        parquet_size: 100,
    };
    let at = types::now();
    assert!(
        store::assets::complete_version(db.store.pool(), &v2.id, &outcome, &at)
            .await
            .unwrap()
    );
    assert!(
        !store::assets::complete_version(db.store.pool(), &v2.id, &outcome, &at)
            .await
            .unwrap()
    );
    assert!(
        !store::assets::fail_version(db.store.pool(), &v2.id, "asset.malformed", "en", "zh", &at)
            .await
            .unwrap()
    );
    let done = store::assets::version_by_id(db.store.pool(), &v2.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(done.state, types::VersionState::Ready);
    assert_eq!(
        (done.row_count, done.encoding.as_deref()),
        (Some(2), Some("gb18030"))
    );
    assert_eq!(done.processed_at, Some(at));
    let v1 = store::assets::version(db.store.pool(), &asset.id, 1)
        .await
        .unwrap()
        .unwrap();
    assert!(
        store::assets::fail_version(
            db.store.pool(),
            &v1.id,
            "asset.malformed",
            "line 9",
            "第 9 行",
            &at
        )
        .await
        .unwrap()
    );
    let failed = store::assets::version_by_id(db.store.pool(), &v1.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (failed.state, failed.error_code.as_deref(), failed.row_count),
        (types::VersionState::Failed, Some("asset.malformed"), None)
    );
    assert!(
        store::assets::processing(db.store.pool())
            .await
            .unwrap()
            .is_empty()
    );

    let got = store::assets::get(db.store.pool(), &asset.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(got.latest_version, 2);
    let versions = store::assets::versions(db.store.pool(), &asset.id)
        .await
        .unwrap();
    assert_eq!(
        versions.iter().map(|v| v.version).collect::<Vec<_>>(),
        vec![2, 1]
    );
    let mine = store::assets::list(db.store.pool(), Some(&p.id), None, 10)
        .await
        .unwrap();
    assert_eq!(mine.len(), 1);
    let theirs = store::assets::list(db.store.pool(), Some(&ParticipantId::new()), None, 10)
        .await
        .unwrap();
    assert!(theirs.is_empty());
}

#[tokio::test]
async fn idempotency_claims_replays_and_rejects_mismatch() {
    let db = db().await;
    let now = types::now();
    let stale = now - chrono::Duration::minutes(15);
    let mut conn = db.store.pool().acquire().await.unwrap();
    let start = |route: &'static str, hash: &'static str| (route, hash);
    let (r, h) = start("POST /api/v1/assets", "h1");
    let first = store::idempotency::start(&mut conn, "usr_a", "k1", r, h, &now, &stale).await;
    assert_eq!(first.unwrap(), IdempotencyStart::Fresh);
    let again = store::idempotency::start(&mut conn, "usr_a", "k1", r, h, &now, &stale).await;
    assert_eq!(again.unwrap(), IdempotencyStart::InProgress);
    store::idempotency::finish(&mut *conn, "usr_a", "k1", 201, "{\"id\":1}")
        .await
        .unwrap();
    let replay = store::idempotency::start(&mut conn, "usr_a", "k1", r, h, &now, &stale).await;
    assert_eq!(
        replay.unwrap(),
        IdempotencyStart::Replay(store::IdempotencyRecord {
            status: 201,
            response_body: "{\"id\":1}".into()
        })
    );
    let other = store::idempotency::start(&mut conn, "usr_a", "k1", r, "h2", &now, &stale).await;
    assert_eq!(other.unwrap(), IdempotencyStart::Mismatch);
    // Keys are per principal.
    let b = store::idempotency::start(&mut conn, "usr_b", "k1", r, "h2", &now, &stale).await;
    assert_eq!(b.unwrap(), IdempotencyStart::Fresh);
    store::idempotency::abandon(&mut *conn, "usr_b", "k1")
        .await
        .unwrap();
    let b = store::idempotency::start(&mut conn, "usr_b", "k1", r, "h2", &now, &stale).await;
    assert_eq!(b.unwrap(), IdempotencyStart::Fresh);
}

#[tokio::test]
async fn blobs_are_content_addressed() {
    let dir = tempfile::tempdir().unwrap();
    // A local directory, or the S3-compatible store of DATAPORT_TEST_BLOB_URL in CI.
    let blobs = Blobs::open(&store::testing::fresh_blob_url(dir.path())).unwrap();
    let file = dir.path().join("f");
    std::fs::write(&file, b"hello").unwrap();
    let key = store::BlobKey::sha256(&"0f".repeat(32)).unwrap();
    assert!(!blobs.exists(&key).await.unwrap());
    blobs.put_file(&key, &file).await.unwrap();
    blobs.put_file(&key, &file).await.unwrap();
    assert_eq!(
        blobs.get_bytes(&key).await.unwrap().unwrap().as_ref(),
        b"hello"
    );
    assert!(store::BlobKey::sha256("XYZ").is_none());
    let (size, _) = blobs.get_stream(&key).await.unwrap().unwrap();
    assert_eq!(size, 5);
    let missing = store::BlobKey::sha256(&"1e".repeat(32)).unwrap();
    assert!(blobs.get_bytes(&missing).await.unwrap().is_none());
    assert!(blobs.get_stream(&missing).await.unwrap().is_none());
    for bad in ["s3://", "ftp://x/y", ""] {
        assert!(
            matches!(Blobs::open(bad), Err(Error::UnsupportedBlobUrl)),
            "{bad}"
        );
    }
    assert!(key.as_str().starts_with("sha256/0f/"));
}

#[tokio::test]
async fn log_batches_are_recorded_whole_and_tiles_are_durable() {
    use store::log::{Checkpoint, LogEntry};
    let db = db().await;
    // Many events at once, in order, with their canonical bodies.
    let events: Vec<NewEvent> = (0..600)
        .map(|i| NewEvent {
            event_type: "a.many",
            subject_id: format!("prt_{i}"),
            actor_id: None,
            at: types::now(),
            data: serde_json::json!({"i": i}),
        })
        .collect();
    let mut tx = db.store.begin().await.unwrap();
    let ids = store::events::append_many(tx.conn(), &events)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let stored = store::events::after(db.store.pool(), 0, 1000)
        .await
        .unwrap();
    assert_eq!(stored.len(), 600);
    assert_eq!(stored[599].id, ids[599]);
    assert_eq!(stored[7].subject_id, "prt_7");
    assert_eq!(
        store::events::last_seq(db.store.pool()).await.unwrap(),
        stored[599].seq
    );
    assert_eq!(
        store::events::by_id(db.store.pool(), &ids[3].to_string())
            .await
            .unwrap()
            .unwrap()
            .seq,
        stored[3].seq
    );

    // A batch: entries, tile digests and the checkpoint, in one transaction.
    assert_eq!(
        store::log::latest_checkpoint(db.store.pool())
            .await
            .unwrap(),
        None
    );
    let entries: Vec<LogEntry> = stored
        .iter()
        .enumerate()
        .map(|(i, e)| LogEntry {
            index: i as i64,
            event_seq: e.seq,
            event_id: e.id.to_string(),
            salt: "00".into(),
            entry: format!("{{\"i\":{i}}}"),
        })
        .collect();
    let checkpoint = Checkpoint {
        size: 600,
        root: "ab".into(),
        note: "note\n".into(),
        signed_at: types::now(),
    };
    let tiles = vec![("tile/0/000".to_owned(), "d1".to_owned())];
    let mut tx = db.store.begin().await.unwrap();
    store::log::record_batch(&mut tx, &entries, &tiles, &checkpoint)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let pool = db.store.pool();
    assert_eq!(
        store::log::latest_checkpoint(pool)
            .await
            .unwrap()
            .unwrap()
            .size,
        600
    );
    assert_eq!(
        store::log::checkpoint(pool, 600)
            .await
            .unwrap()
            .unwrap()
            .note,
        "note\n"
    );
    assert_eq!(
        store::log::last_event_seq(pool).await.unwrap(),
        stored[599].seq
    );
    assert_eq!(store::log::entries(pool, 10, 20).await.unwrap().len(), 10);
    assert_eq!(
        store::log::latest_entries(pool, 3).await.unwrap()[0].index,
        599
    );
    let found = store::log::entry_of_event(pool, &ids[42].to_string())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(found.index, 42);
    assert_eq!(
        store::log::tile_digest(pool, "tile/0/000")
            .await
            .unwrap()
            .as_deref(),
        Some("d1")
    );
    // The same entries again (a second sequencer with a stale view) are refused whole.
    let mut tx = db.store.begin().await.unwrap();
    let again = Checkpoint {
        size: 1200,
        ..checkpoint
    };
    assert!(
        store::log::record_batch(&mut tx, &entries, &tiles, &again)
            .await
            .is_err()
    );
    drop(tx);
    assert_eq!(
        store::log::latest_checkpoint(pool)
            .await
            .unwrap()
            .unwrap()
            .size,
        600
    );

    // A tile recorded once keeps its digest: the same one again is fine, another is refused.
    let mut tx = db.store.begin().await.unwrap();
    store::log::record_tiles(&mut tx, &tiles).await.unwrap();
    let other = vec![("tile/0/000".to_owned(), "d2".to_owned())];
    assert!(store::log::record_tiles(&mut tx, &other).await.is_err());
    drop(tx);
    assert_eq!(
        store::log::tile_digest(pool, "tile/0/000")
            .await
            .unwrap()
            .as_deref(),
        Some("d1")
    );
    assert_eq!(
        store::log::checkpoint_before(pool, 600).await.unwrap(),
        None
    );
    assert_eq!(
        store::log::checkpoint_before(pool, 601)
            .await
            .unwrap()
            .unwrap()
            .size,
        600
    );

    // Log files: named keys that cannot leave their prefix, written durably and replaced.
    for bad in ["", "../x", "tile//0", "tile/./0", "tile/0/x 1", "/abs"] {
        assert!(store::BlobKey::log(bad).is_none(), "{bad}");
    }
    let key = store::BlobKey::log("tile/0/x001/x234/567.p/5").unwrap();
    assert_eq!(key.as_str(), "log/tile/0/x001/x234/567.p/5");
    let blobs = db.store.blobs();
    blobs
        .put_durable(&key, bytes::Bytes::from_static(b"one"))
        .await
        .unwrap();
    blobs
        .put_durable(&key, bytes::Bytes::from_static(b"two"))
        .await
        .unwrap();
    assert_eq!(
        blobs.get_bytes(&key).await.unwrap().unwrap().as_ref(),
        b"two"
    );
}

#[tokio::test]
async fn cross_border_record_counts_executed_transfers_by_basis() {
    use store::xborder::{Approval, ExporterProfile, Transfer};
    let db = db().await;
    let p = participant("91210200MA0QCP8X12");
    let mut tx = db.store.begin().await.unwrap();
    store::participants::insert(tx.conn(), &p).await.unwrap();
    let user = with_user(&mut tx, &p, "exporter").await;
    tx.commit().await.unwrap();
    let pool = db.store.pool();
    let transfer = |year: i64, counting: &str, executed: bool, n: i64| Transfer {
        id: types::TransferId::new(),
        participant_id: p.id,
        year,
        destination: "JP".into(),
        outcome: "exempt".into(),
        allowed: true,
        executed,
        counting: counting.into(),
        individuals: n,
        sensitive_individuals: n / 10,
        request: "{}".into(),
        decision: "{}".into(),
        decided_by: user,
        decided_at: types::now(),
        asset_version_id: None,
    };
    for t in [
        transfer(2026, "counted", true, 60_000),
        transfer(2026, "counted", true, 30_000),
        transfer(2026, "art5_contract", true, 5_000),
        transfer(2026, "counted", false, 1_000_000),
        transfer(2025, "counted", true, 70_000),
    ] {
        store::xborder::insert_transfer(pool, &t).await.unwrap();
    }
    let counters = store::xborder::counters(pool, &p.id, 2026).await.unwrap();
    assert_eq!(counters.len(), 2);
    let counted = counters.iter().find(|c| c.counting == "counted").unwrap();
    assert_eq!(
        (
            counted.transfers,
            counted.individuals,
            counted.sensitive_individuals
        ),
        (2, 90_000, 9_000)
    );
    assert_eq!(
        store::xborder::transfers(pool, &p.id, 10)
            .await
            .unwrap()
            .len(),
        5
    );

    let approval = Approval {
        id: types::ApprovalId::new(),
        participant_id: p.id,
        kind: "certification".into(),
        reference: "CQC-1".into(),
        issued: "2026-01-02".into(),
        valid_until: None,
        note: String::new(),
        document: None,
        recorded_by: user,
        recorded_at: types::now(),
    };
    store::xborder::insert_approval(pool, &approval)
        .await
        .unwrap();
    store::xborder::attach_document(pool, &approval.id, "ab", "application/pdf", 12)
        .await
        .unwrap();
    let back = store::xborder::approval(pool, &approval.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        back.document,
        Some(("ab".into(), "application/pdf".into(), 12))
    );
    assert_eq!(
        store::xborder::approvals(pool, &p.id).await.unwrap().len(),
        1
    );

    assert_eq!(
        store::xborder::exporter_profile(pool, &p.id).await.unwrap(),
        None
    );
    let mut profile = ExporterProfile {
        participant_id: p.id,
        ciio: true,
        ftz: None,
        basis: "notice".into(),
        updated_by: user,
        updated_at: types::now(),
    };
    store::xborder::set_exporter_profile(pool, &profile)
        .await
        .unwrap();
    profile.ciio = false;
    profile.ftz = Some("lingang".into());
    store::xborder::set_exporter_profile(pool, &profile)
        .await
        .unwrap();
    let back = store::xborder::exporter_profile(pool, &p.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!((back.ciio, back.ftz.as_deref()), (false, Some("lingang")));
}
