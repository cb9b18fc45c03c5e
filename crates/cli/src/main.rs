//! `dataport`: the one binary. It parses flags, builds the configuration (file < environment <
//! flags), initialises logging, and calls library code; no business logic lives here.

mod cert;
mod config;
mod log;
mod scan;
mod serve;
mod xborder;

use std::io::BufRead;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use config::{Config, DbArgs, ServeArgs};

#[derive(Parser)]
#[command(
    name = "dataport",
    version,
    about = "Dataport (数港): a trusted data exchange for digital trade"
)]
struct Cli {
    /// Configuration file (TOML). Defaults to ./dataport.toml when it exists.
    #[arg(long, global = true, env = "DATAPORT_CONFIG")]
    config: Option<std::path::PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the exchange: API, portal and metrics.
    Serve(ServeArgs),
    /// Apply database migrations and exit.
    Migrate(DbArgs),
    /// Find personal information in a data file, count the people, and grade it (分类分级).
    Scan(scan::ScanArgs),
    /// The transparency log: check receipts offline, audit the log as a monitor.
    Log {
        #[command(subcommand)]
        command: log::LogCommand,
    },
    /// Certificates (登记凭证): check one offline, and whether it is revoked.
    Cert {
        #[command(subcommand)]
        command: cert::CertCommand,
    },
    /// The cross-border transfer gate (数据出境合规).
    Xborder {
        #[command(subcommand)]
        command: xborder::XborderCommand,
    },
    /// Administration.
    Admin {
        #[command(subcommand)]
        command: AdminCommand,
    },
}

#[derive(Subcommand)]
enum AdminCommand {
    /// Create an operator administrator. The password is read from the first line of standard
    /// input (or DATAPORT_OPERATOR_PASSWORD), never from a flag, so it stays out of shell history.
    CreateOperator {
        #[command(flatten)]
        db: DbArgs,
        #[arg(long)]
        username: String,
    },
    /// Register a regulator (read-only access to everything) with its first user. The password
    /// is read like create-operator's.
    CreateRegulator {
        #[command(flatten)]
        db: DbArgs,
        /// Name in Chinese.
        #[arg(long)]
        name_zh: String,
        /// Name in English.
        #[arg(long, default_value = "")]
        name_en: String,
        /// The authority's unified social credit code.
        #[arg(long)]
        uscc: String,
        #[arg(long)]
        username: String,
    },
}

/// Reads a password from DATAPORT_OPERATOR_PASSWORD or the first line of standard input.
fn read_password(username: &str) -> anyhow::Result<String> {
    if let Ok(p) = std::env::var("DATAPORT_OPERATOR_PASSWORD")
        && !p.is_empty()
    {
        return Ok(p);
    }
    eprintln!("password for {username} (one line on standard input):");
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line)?;
    Ok(line.trim_end_matches(['\r', '\n']).to_owned())
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(anyhow::Error::from)
        .and_then(|rt| rt.block_on(run(cli)));
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            if e.is::<cert::Revoked>() {
                ExitCode::from(cert::REVOKED_EXIT)
            } else {
                ExitCode::FAILURE
            }
        }
    }
}

async fn run(cli: Cli) -> anyhow::Result<()> {
    // A scan needs no configuration: it reads one file and touches no store.
    if let Command::Scan(args) = cli.command {
        return tokio::task::spawn_blocking(move || scan::run(&args)).await?;
    }
    // Nor do the log's client commands: they read a receipt or a remote log.
    if let Command::Log { command } = cli.command {
        return log::run(command).await;
    }
    // Nor does checking a certificate: it reads one file and, online, its status list.
    if let Command::Cert { command } = cli.command {
        return cert::run(command).await;
    }
    if let Command::Xborder { command } = cli.command {
        return xborder::run(&command);
    }
    let file = config::load_file(cli.config.as_deref())?;
    match cli.command {
        Command::Scan(_) | Command::Log { .. } | Command::Cert { .. } | Command::Xborder { .. } => {
            Ok(())
        }
        Command::Serve(args) => {
            let config = Config::resolve(&file, &args.db, Some(&args))?;
            config::init_tracing(&config);
            serve::run(config, &args).await
        }
        Command::Migrate(db) => {
            let config = Config::resolve(&file, &db, None)?;
            config::init_tracing(&config);
            let app = config.open_app().await?;
            drop(app);
            eprintln!("migrations applied to {}", config.database_label());
            Ok(())
        }
        Command::Admin {
            command: AdminCommand::CreateOperator { db, username },
        } => {
            let config = Config::resolve(&file, &db, None)?;
            config::init_tracing(&config);
            let password = read_password(&username)?;
            let app = config.open_app().await?;
            let user = app.create_operator_admin(&username, &password).await?;
            eprintln!(
                "created operator administrator {} ({})",
                user.username, user.id
            );
            Ok(())
        }
        Command::Admin {
            command:
                AdminCommand::CreateRegulator {
                    db,
                    name_zh,
                    name_en,
                    uscc,
                    username,
                },
        } => {
            let config = Config::resolve(&file, &db, None)?;
            config::init_tracing(&config);
            let password = read_password(&username)?;
            let app = config.open_app().await?;
            let out = app
                .create_regulator(&name_zh, &name_en, &uscc, &username, &password)
                .await?;
            eprintln!(
                "registered regulator {} ({}) with user {}",
                out.participant.name_zh, out.participant.id, out.user.username
            );
            Ok(())
        }
    }
}
