//! Configuration in one place: a TOML file, overridden by `DATAPORT_…` environment variables,
//! overridden by flags (clap reads the environment for each flag, so a flag value always wins).
//! Secrets (the database URL may hold a password) are wrapped so they never print.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use clap::Args;
use serde::Deserialize;

/// Database and data-directory flags shared by every command.
#[derive(Args, Clone, Debug)]
pub(crate) struct DbArgs {
    /// Where the SQLite database, blobs and keys live. Default ./dataport-data.
    #[arg(long, env = "DATAPORT_DATA_DIR")]
    pub data_dir: Option<PathBuf>,
    /// postgres://… to use PostgreSQL; default: SQLite in the data directory.
    #[arg(long, env = "DATAPORT_DATABASE_URL", hide_env_values = true)]
    pub database_url: Option<String>,
    /// s3://bucket/prefix to keep data files in S3-compatible storage (credentials from the
    /// usual AWS_* variables); default: the data directory's blobs/.
    #[arg(long, env = "DATAPORT_BLOB_URL")]
    pub blob_url: Option<String>,
    /// The transparency log's origin (first line of every checkpoint, and the signing key's
    /// name), conventionally its public URL without the scheme. Default dataport.localhost/log.
    #[arg(long, env = "DATAPORT_LOG_ORIGIN")]
    pub log_origin: Option<String>,
    /// The log's signing key file; default log.key in the data directory, created (mode 0600)
    /// on first start. Nodes sharing a database must share it.
    #[arg(long, env = "DATAPORT_LOG_KEY")]
    pub log_key: Option<PathBuf>,
    /// A directory of cross-border lists (FTZ negative lists, general-data lists; *.toml) added
    /// to the national baseline. An invalid file stops the start, naming its line.
    #[arg(long, env = "DATAPORT_XBORDER_RULES")]
    pub xborder_rules: Option<PathBuf>,
    /// The exchange's public base URL, used in what it publishes (certificate status lists,
    /// verify links). Default: http:// and the listen address.
    #[arg(long, env = "DATAPORT_PUBLIC_URL")]
    pub public_url: Option<String>,
}

/// `dataport serve` flags.
#[derive(Args, Clone, Debug)]
pub(crate) struct ServeArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// Address to listen on. Default 127.0.0.1:8080.
    #[arg(long, env = "DATAPORT_LISTEN")]
    pub listen: Option<SocketAddr>,
    /// Seed the demo world (refused on a non-loopback address unless --allow-public-demo).
    #[arg(long)]
    pub demo: bool,
    /// Allow --demo on a non-loopback address (its passwords are public).
    #[arg(long)]
    pub allow_public_demo: bool,
    /// Largest accepted upload in bytes. Default 10 GiB.
    #[arg(long, env = "DATAPORT_MAX_UPLOAD_BYTES")]
    pub max_upload_bytes: Option<u64>,
    /// Mark cookies Secure (when served over HTTPS).
    #[arg(long, env = "DATAPORT_SECURE_COOKIES")]
    pub secure_cookies: Option<bool>,
    /// Log format: text or json.
    #[arg(long, env = "DATAPORT_LOG_FORMAT")]
    pub log_format: Option<String>,
}

/// The configuration file's shape. Every key is optional.
#[derive(Deserialize, Default, Debug)]
#[serde(deny_unknown_fields)]
pub(crate) struct FileConfig {
    data_dir: Option<PathBuf>,
    database_url: Option<String>,
    blob_url: Option<String>,
    listen: Option<SocketAddr>,
    max_upload_bytes: Option<u64>,
    secure_cookies: Option<bool>,
    log_format: Option<String>,
    log_origin: Option<String>,
    log_key: Option<PathBuf>,
    xborder_rules: Option<PathBuf>,
    public_url: Option<String>,
}

/// Reads the configuration file: the given one (which must exist) or ./dataport.toml if present.
pub(crate) fn load_file(path: Option<&Path>) -> anyhow::Result<FileConfig> {
    let (path, required) = match path {
        Some(p) => (p.to_path_buf(), true),
        None => (PathBuf::from("dataport.toml"), false),
    };
    match std::fs::read_to_string(&path) {
        Ok(text) => toml::from_str(&text)
            .with_context(|| format!("reading configuration file {}", path.display())),
        Err(e) if !required && e.kind() == std::io::ErrorKind::NotFound => {
            Ok(FileConfig::default())
        }
        Err(e) => Err(e).with_context(|| format!("reading configuration file {}", path.display())),
    }
}

/// A value that must not appear in logs or error messages.
#[derive(Clone)]
pub(crate) struct Secret(String);

impl Secret {
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("[redacted]")
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum LogFormat {
    Text,
    Json,
}

/// The resolved configuration.
#[derive(Clone, Debug)]
pub(crate) struct Config {
    pub data_dir: PathBuf,
    pub database_url: Option<Secret>,
    pub blob_url: Option<String>,
    pub listen: SocketAddr,
    pub max_upload_bytes: u64,
    pub secure_cookies: bool,
    pub log_format: LogFormat,
    pub log_origin: String,
    pub log_key: Option<PathBuf>,
    pub xborder_rules: Option<PathBuf>,
    /// As configured; without one, `http://` and the address the server listens on.
    pub public_url: Option<String>,
}

impl Config {
    pub fn resolve(
        file: &FileConfig,
        db: &DbArgs,
        serve: Option<&ServeArgs>,
    ) -> anyhow::Result<Config> {
        let data_dir = db
            .data_dir
            .clone()
            .or_else(|| file.data_dir.clone())
            .unwrap_or_else(|| PathBuf::from("dataport-data"));
        let database_url = db
            .database_url
            .clone()
            .or_else(|| file.database_url.clone())
            .filter(|u| !u.is_empty())
            .map(Secret);
        if let Some(url) = &database_url {
            let ok = ["sqlite:", "postgres:", "postgresql:"]
                .iter()
                .any(|p| url.expose().starts_with(p));
            if !ok {
                bail!("the database URL must start with postgres:// or sqlite://");
            }
        }
        let default_listen = SocketAddr::from(([127, 0, 0, 1], 8080));
        let log_format = match serve
            .and_then(|s| s.log_format.clone())
            .or_else(|| file.log_format.clone())
            .as_deref()
        {
            None | Some("text") => LogFormat::Text,
            Some("json") => LogFormat::Json,
            Some(other) => bail!("unknown log format {other:?}: use text or json"),
        };
        let blob_url = db
            .blob_url
            .clone()
            .or_else(|| file.blob_url.clone())
            .filter(|u| !u.is_empty());
        let log_origin = db
            .log_origin
            .clone()
            .or_else(|| file.log_origin.clone())
            .unwrap_or_else(|| app::DEFAULT_LOG_ORIGIN.to_owned());
        let origin_ok = !log_origin.is_empty()
            && log_origin.len() <= 200
            && !log_origin.contains('+')
            && !log_origin.chars().any(char::is_whitespace);
        if !origin_ok {
            bail!("the log origin must be non-empty, without spaces or '+' (e.g. example.com/log)");
        }
        let listen = serve
            .and_then(|s| s.listen)
            .or(file.listen)
            .unwrap_or(default_listen);
        let public_url = db.public_url.clone().or_else(|| file.public_url.clone());
        if let Some(url) = &public_url {
            let url_ok = (url.starts_with("http://") || url.starts_with("https://"))
                && url.len() <= 300
                && !url
                    .chars()
                    .any(|c| c.is_whitespace() || c == '#' || c == '?');
            if !url_ok {
                bail!("the public URL must be an http(s):// URL without spaces, query or fragment");
            }
        }
        Ok(Config {
            public_url: public_url.map(|u| u.trim_end_matches('/').to_owned()),
            log_origin,
            log_key: db.log_key.clone().or_else(|| file.log_key.clone()),
            xborder_rules: db
                .xborder_rules
                .clone()
                .or_else(|| file.xborder_rules.clone()),
            data_dir,
            database_url,
            blob_url,
            listen,
            max_upload_bytes: serve
                .and_then(|s| s.max_upload_bytes)
                .or(file.max_upload_bytes)
                .unwrap_or(10 * 1024 * 1024 * 1024),
            secure_cookies: serve
                .and_then(|s| s.secure_cookies)
                .or(file.secure_cookies)
                .unwrap_or(false),
            log_format,
        })
    }

    /// Where the data lives, for messages: the engine and path or host, never credentials.
    pub fn database_label(&self) -> String {
        match &self.database_url {
            None => format!("SQLite at {}", self.data_dir.join("dataport.db").display()),
            Some(url) => {
                let u = url.expose();
                // The last `@` ends the user information (a password may contain `@`).
                let host = u
                    .rsplit_once('@')
                    .map(|(_, rest)| rest)
                    .unwrap_or_else(|| u.split_once("://").map(|(_, r)| r).unwrap_or(u));
                format!("PostgreSQL at {}", host.split('?').next().unwrap_or(host))
            }
        }
    }

    pub async fn open_app(&self) -> anyhow::Result<app::App> {
        create_private_dir(&self.data_dir)
            .with_context(|| format!("creating data directory {}", self.data_dir.display()))?;
        let mut app_config = app::AppConfig::new(self.data_dir.clone());
        app_config.max_upload_bytes = self.max_upload_bytes;
        app_config.blob_url = self.blob_url.clone();
        app_config.log_origin = self.log_origin.clone();
        app_config.log_key = self.log_key.clone();
        app_config.xborder_rules = self.xborder_rules.clone();
        app_config.public_url = self
            .public_url
            .clone()
            .unwrap_or_else(|| format!("http://{}", self.listen));
        let url = match &self.database_url {
            Some(u) => u.expose().to_owned(),
            None => app::sqlite_url(&self.data_dir),
        };
        app::App::open(app_config, &url)
            .await
            .with_context(|| format!("opening {}", self.database_label()))
    }
}

/// Creates the data directory readable by its owner only: it holds the database (password hashes,
/// personal data in uploads) and, later, signing keys.
fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    if dir.exists() {
        return Ok(());
    }
    std::fs::create_dir_all(dir)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))?;
    }
    Ok(())
}

/// Logs go to standard error; `DATAPORT_LOG` filters them (default `info`).
pub(crate) fn init_tracing(config: &Config) {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_env("DATAPORT_LOG")
        .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    let _ = match config.log_format {
        LogFormat::Json => builder.json().try_init(),
        LogFormat::Text => builder.try_init(),
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    fn db(url: Option<&str>) -> DbArgs {
        DbArgs {
            data_dir: None,
            database_url: url.map(Into::into),
            blob_url: None,
            log_origin: None,
            log_key: None,
            xborder_rules: None,
            public_url: None,
        }
    }

    #[test]
    fn flags_override_file_and_defaults_apply() {
        let file: FileConfig = toml::from_str(
            "data_dir = \"/srv/dp\"\nlisten = \"0.0.0.0:9000\"\ndatabase_url = \"postgres://u:pw@db:5432/dp\"",
        )
        .unwrap();
        let c = Config::resolve(&file, &db(None), None).unwrap();
        assert_eq!(c.data_dir, PathBuf::from("/srv/dp"));
        assert_eq!(c.listen.port(), 9000);
        assert_eq!(c.database_label(), "PostgreSQL at db:5432/dp");
        assert!(!format!("{c:?}").contains("pw"), "secrets must not print");
        let c = Config::resolve(
            &FileConfig::default(),
            &db(Some("postgres://u:p@ss@db/dp")),
            None,
        )
        .unwrap();
        assert_eq!(c.database_label(), "PostgreSQL at db/dp");
        let c = Config::resolve(&file, &db(Some("sqlite:///tmp/x.db")), None).unwrap();
        assert_eq!(c.database_url.unwrap().expose(), "sqlite:///tmp/x.db");
        let c = Config::resolve(&FileConfig::default(), &db(None), None).unwrap();
        assert_eq!(c.listen, SocketAddr::from(([127, 0, 0, 1], 8080)));
        assert_eq!(c.data_dir, PathBuf::from("dataport-data"));
        assert!(Config::resolve(&FileConfig::default(), &db(Some("mysql://x")), None).is_err());
        assert!(toml::from_str::<FileConfig>("unknown_key = 1").is_err());
    }
}
