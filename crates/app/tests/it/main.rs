//! Use-case tests beyond one request: uploads left half-read by a stopped exchange are read again
//! when it next opens; whole files are scanned, counted and graded.

// Helpers outside #[test] functions unwrap too: a failed setup step should fail the test loudly.
#![allow(clippy::unwrap_used)]

mod log;
mod rights;
mod scan;

use app::{App, AppConfig};
use types::VersionState;

#[tokio::test]
async fn ingest_resumes_after_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let url = store::testing::fresh_database_url(dir.path())
        .await
        .unwrap();
    let app = App::open(AppConfig::new(dir.path().to_path_buf()), &url)
        .await
        .unwrap();
    let world = app.seed_demo().await.unwrap();
    assert!(world.created && world.assets == 5);
    // Seeding twice changes nothing.
    assert!(!app.seed_demo().await.unwrap().created);

    let user = app
        .sign_in("dalian-port", app::DEMO_PASSWORD, None)
        .await
        .unwrap();
    let token = app.issue_token(&user, "test").await.unwrap();
    let p = app.authenticate_token(&token.secret).await.unwrap();
    let assets = app.assets(&p, None, None).await.unwrap();
    let asset = assets.items[0].id;
    let before = app.asset(&p, &asset).await.unwrap().versions[0].clone();
    assert_eq!(before.state, VersionState::Ready);

    // As if the process had stopped mid-read: the version is back to processing.
    sqlx::query(
        "UPDATE asset_versions SET state = 'processing', row_count = NULL, columns_json = NULL, \
         parquet_sha256 = NULL, parquet_size = NULL, processed_at = NULL WHERE id = $1",
    )
    .bind(before.id.to_string())
    .execute(app.store().pool())
    .await
    .unwrap();
    app.store().close().await;
    drop(app);

    let app = App::open(AppConfig::new(dir.path().to_path_buf()), &url)
        .await
        .unwrap();
    app.ingest_idle().await;
    let after = app.asset(&p, &asset).await.unwrap().versions[0].clone();
    assert_eq!(after.state, VersionState::Ready);
    assert_eq!(after.row_count, before.row_count);
    assert_eq!(
        after.parquet_sha256, before.parquet_sha256,
        "normalising is deterministic"
    );
    let tmp = std::fs::read_dir(app.config().tmp_dir()).unwrap().count();
    assert_eq!(tmp, 0, "the resumed copy is cleaned up");
}
