//! Rights-registry and certificate figures: rights changes per second (each one a write
//! transaction with its events and state digests), the time to issue a registration certificate
//! (receipt, state, signature, status place), to check one offline, and to build and sign a
//! status list.
//!
//! Run: `BENCH_DIR=/tmp cargo bench -p app --bench rights -- [--licences 500] [--verifies 2000]`

// A benchmark reports on standard output: that is its purpose.
#![allow(clippy::print_stdout)]

use std::time::Instant;

fn arg<T: std::str::FromStr>(name: &str, default: T) -> T {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let licences: usize = arg("--licences", 500);
    let verifies: usize = arg("--verifies", 2000);
    let dir = tempfile::tempdir_in(std::env::var("BENCH_DIR").unwrap_or_else(|_| ".".into()))
        .expect("tempdir");
    let mut config = app::AppConfig::new(dir.path().to_path_buf());
    config.blob_url = Some(dir.path().join("blobs").display().to_string());
    let app = app::App::open(config, &app::sqlite_url(dir.path()))
        .await
        .expect("open");
    app.seed_demo().await.expect("demo");
    let sign_in = async |name: &str| {
        let user = app
            .sign_in(name, app::DEMO_PASSWORD, None)
            .await
            .expect("sign in");
        let token = app.issue_token(&user, "bench").await.expect("token");
        app.authenticate_token(&token.secret)
            .await
            .expect("principal")
    };
    let port = sign_in("dalian-port").await;
    let mfg = sign_in("shenyang-mfg").await;
    let assets = app.assets(&port, None, None).await.expect("assets").items;
    let asset = assets
        .iter()
        .find(|a| a.lifecycle == "listed")
        .expect("a listed demo asset")
        .id;
    let view = app.rights_view(&port, &asset).await.expect("rights");
    let processing = view
        .grants
        .iter()
        .find(|g| {
            g.grant.right == rights::Right::Processing && g.grant.holder == port.participant().id
        })
        .expect("processing grant")
        .grant
        .id;

    // Rights changes: non-exclusive licences, one write transaction each.
    let today = app::today_in_china();
    let started = Instant::now();
    for i in 0..licences {
        app.license_right(
            &port,
            &processing,
            app::rights::LicenceRequest {
                to: mfg.participant().id,
                purposes: vec![format!("purpose_{i}")],
                territory: vec!["CN".into()],
                products: false,
                from: today,
                until: None,
                exclusive: false,
                sublicensable: false,
            },
        )
        .await
        .expect("licence");
    }
    let changes = started.elapsed();
    while app.sequence_once().await.expect("sequence").is_some() {}

    // Issuing the certificate that states every one of those grants.
    let started = Instant::now();
    let cert = app
        .asset_certificate(&port, &asset, "registration")
        .await
        .expect("certificate");
    let issue = started.elapsed();
    let bytes = serde_json::to_vec(&cert.credential).expect("json").len();

    // Offline checks of a certificate the size of the demo's (few grants).
    let other = assets
        .iter()
        .find(|a| a.id != asset && a.lifecycle != "unregistered")
        .expect("another asset")
        .id;
    while app.sequence_once().await.expect("sequence").is_some() {}
    let small = app
        .asset_certificate(&port, &other, "registration")
        .await
        .expect("certificate");
    let issuer = app.issuer_did();
    let key = app.log_key().verifier_key;
    let started = Instant::now();
    for _ in 0..verifies {
        app::certs::verify_certificate(&small.credential, Some(&issuer), Some(&key))
            .expect("verifies");
    }
    let verify = started.elapsed() / u32::try_from(verifies).unwrap_or(1);
    let started = Instant::now();
    app::certs::verify_certificate(&cert.credential, Some(&issuer), Some(&key)).expect("verifies");
    let verify_large = started.elapsed();

    let started = Instant::now();
    let rounds = 50u32;
    for _ in 0..rounds {
        app.status_list_credential(1).await.expect("status list");
    }
    let status = started.elapsed() / rounds;

    println!(
        "rights changes (licences), sequential:  {:.0}/s ({licences} in {:.2} s)",
        licences as f64 / changes.as_secs_f64(),
        changes.as_secs_f64()
    );
    println!(
        "issue a certificate stating {} grants:   {:.1} ms ({} KiB)",
        licences + 3,
        issue.as_secs_f64() * 1e3,
        bytes / 1024
    );
    println!(
        "verify a demo certificate offline:       {:.0} µs",
        verify.as_secs_f64() * 1e6
    );
    println!(
        "verify the {}-grant certificate offline: {:.1} ms",
        licences + 3,
        verify_large.as_secs_f64() * 1e3
    );
    println!(
        "build and sign a status list (131,072):  {:.2} ms",
        status.as_secs_f64() * 1e3
    );
}
