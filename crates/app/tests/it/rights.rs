//! Rights over time: listings whose licence term ran out are suspended by the exchange's
//! sweep, on whichever store the run uses.

use app::{App, AppConfig, Principal};

async fn principal(app: &App, username: &str) -> Principal {
    let user = app
        .sign_in(username, app::DEMO_PASSWORD, None)
        .await
        .unwrap();
    let token = app.issue_token(&user, "rights test").await.unwrap();
    app.authenticate_token(&token.secret).await.unwrap()
}

#[tokio::test]
async fn a_listing_whose_licence_lapsed_is_suspended() {
    let dir = tempfile::tempdir().unwrap();
    let url = store::testing::fresh_database_url(dir.path())
        .await
        .unwrap();
    let mut config = AppConfig::new(dir.path().to_path_buf());
    config.blob_url = Some(store::testing::fresh_blob_url(dir.path()));
    let app = App::open(config, &url).await.unwrap();
    app.seed_demo().await.unwrap();
    let mfg = principal(&app, "shenyang-mfg").await;
    let index = app
        .assets(&mfg, None, None)
        .await
        .unwrap()
        .items
        .into_iter()
        .find(|a| a.title.contains("衍生"))
        .expect("the demo's derived index");
    assert_eq!(index.lifecycle, "listed");
    // Nothing has lapsed yet.
    assert_eq!(app.suspend_lapsed_listings().await.unwrap(), 0);

    // The licence the index was derived under ended last year (as if the calendar had moved
    // on); the database changes behind the exchange's back, as another node's would.
    let view = app.rights_view(&mfg, &index.id).await.unwrap();
    let licence = view.record.unwrap().lineage[0].grant;
    let row: (String,) = sqlx::query_as("SELECT grant_json FROM rights_grants WHERE id = $1")
        .bind(licence.to_string())
        .fetch_one(app.store().pool())
        .await
        .unwrap();
    let mut grant: serde_json::Value = serde_json::from_str(&row.0).unwrap();
    grant["term"] = serde_json::json!({"from": "2025-01-01", "until": "2025-12-31"});
    sqlx::query("UPDATE rights_grants SET grant_json = $1 WHERE id = $2")
        .bind(grant.to_string())
        .bind(licence.to_string())
        .execute(app.store().pool())
        .await
        .unwrap();
    sqlx::query("UPDATE rights_meta SET generation = generation + 1")
        .execute(app.store().pool())
        .await
        .unwrap();

    assert_eq!(app.suspend_lapsed_listings().await.unwrap(), 1);
    let after = app.asset(&mfg, &index.id).await.unwrap().asset;
    assert_eq!(
        (after.lifecycle.as_str(), after.lifecycle_reason.as_deref()),
        ("suspended", Some("rights"))
    );
    // Relisting is refused until the rights are back.
    let err = app
        .set_lifecycle(&mfg, &index.id, "delisted", None)
        .await
        .map(|_| ());
    assert!(err.is_ok());
    let err = app
        .set_lifecycle(&mfg, &index.id, "listed", None)
        .await
        .unwrap_err();
    assert_eq!(err.code(), app::Code::GrantInactive);
}
