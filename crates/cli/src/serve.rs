//! `dataport serve`: open the exchange, seed the demo world if asked, and serve until Ctrl-C or
//! SIGTERM, finishing requests in flight.

use anyhow::{Context, bail};

use crate::config::{Config, ServeArgs};

pub(crate) async fn run(config: Config, args: &ServeArgs) -> anyhow::Result<()> {
    if args.demo && !config.listen.ip().is_loopback() && !args.allow_public_demo {
        bail!(
            "--demo has public passwords and refuses to listen on {}; use a loopback address or add --allow-public-demo",
            config.listen
        );
    }
    // Bound first, so that a port chosen by the system (`:0`) is the one published in links.
    let listener = tokio::net::TcpListener::bind(config.listen)
        .await
        .with_context(|| format!("listening on {}", config.listen))?;
    let addr = listener.local_addr()?;
    let mut config = config;
    config.listen = addr;
    let app = config.open_app().await?;
    tracing::info!(
        database = %config.database_label(),
        blobs = config.blob_url.as_deref().unwrap_or("data directory"),
        data_dir = %config.data_dir.display(),
        "store ready"
    );
    if args.demo {
        let world = app.seed_demo().await.context("seeding the demo world")?;
        if world.created {
            tracing::info!(
                participants = world.participants,
                assets = world.assets,
                "demo world seeded"
            );
        }
        eprintln!("demo accounts (password {}):", app::DEMO_PASSWORD);
        for (user, who) in app::DEMO_USERS {
            eprintln!("  {user:<14} {who}");
        }
    }
    tracing::info!(%addr, "serving");
    eprintln!("Dataport is serving on http://{addr}");
    let app_for_log = app.clone();
    let app_for_certs = app.clone();
    let state = server::AppState::new(
        app,
        server::ServerOptions {
            secure_cookies: config.secure_cookies,
            demo: args.demo,
        },
    );
    // The log sequencer runs beside the server and stops after it, finishing its batch.
    let (stop, mut stopped) = tokio::sync::watch::channel(false);
    let sequencer = tokio::spawn(async move {
        app_for_log
            .run_sequencer(async move {
                let _ = stopped.wait_for(|s| *s).await;
            })
            .await;
    });
    // Certificates are issued as soon as the events they attest are in the log.
    let mut certs_stopped = stop.subscribe();
    let certifier = tokio::spawn(async move {
        app_for_certs
            .run_certifier(async move {
                let _ = certs_stopped.wait_for(|s| *s).await;
            })
            .await;
    });
    server::serve(listener, state, shutdown_signal()).await?;
    let _ = stop.send(true);
    let _ = sequencer.await;
    let _ = certifier.await;
    tracing::info!("stopped");
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
}
