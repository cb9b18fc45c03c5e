//! `dataport cert`: check a certificate (登记凭证) the exchange issued, as anyone holding it can.
//!
//! Offline, nothing is trusted that cannot be recomputed from the file: the `eddsa-jcs-2022`
//! proof under the issuer's `did:key`, the embedded transparency-log receipt (a signed
//! checkpoint and an inclusion proof), and the logged event's state digest against the state
//! the certificate states. `--issuer` and `--log-key` pin who must have issued it and which
//! log must hold it; without them the certificate's own claims are checked for consistency
//! only. `--online` also fetches the signed revocation list the certificate names (or a mirror
//! of it) and reads the certificate's bit.
//!
//! Exit status: 0 valid (and not revoked, when checked online); 1 invalid or not checkable;
//! 3 ([`REVOKED_EXIT`]) valid but revoked. (2 is a usage error, as for every command.)

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use anyhow::anyhow;
use clap::Subcommand;
use serde_json::{Value, json};

/// The exit status of a certificate whose proof and receipt hold but which is revoked.
pub(crate) const REVOKED_EXIT: u8 = 3;

/// The largest certificate read (a certificate with its receipt is a few kilobytes).
const MAX_CERTIFICATE: u64 = 4 * 1024 * 1024;
/// The largest status list credential read (a 131,072-entry list is at most ~25 KB).
const MAX_STATUS_LIST: usize = 1024 * 1024;
/// The largest key file read.
const MAX_KEY_FILE: u64 = 64 * 1024;

#[derive(Subcommand, Debug)]
pub(crate) enum CertCommand {
    /// Check a certificate: the issuer's proof, the embedded log receipt, and that the logged
    /// event carries the stated state; with --online, whether it is revoked. Exit status 0
    /// when valid (and not revoked), 1 when invalid, 3 when valid but revoked.
    Verify {
        /// The certificate (a W3C verifiable credential, as returned by
        /// GET /api/v1/assets/{id}/certificate), or `-` for standard input.
        certificate: PathBuf,
        /// The issuer's DID the certificate must come from (GET /api/v1/credentials/issuer).
        #[arg(long)]
        issuer: Option<String>,
        /// The log's verifier key (`name+keyid+key`, from GET /api/v1/log/key), or a file
        /// holding it, that must have signed the embedded receipt's checkpoint.
        #[arg(long)]
        log_key: Option<String>,
        /// Also fetch the certificate's status list and check it is not revoked.
        #[arg(long)]
        online: bool,
        /// Read the status list from this URL instead of the one the certificate names (a
        /// mirror: http://, https:// or file://). Implies --online.
        #[arg(long)]
        status_url: Option<String>,
        /// Print the result as JSON.
        #[arg(long)]
        json: bool,
    },
}

/// A certificate that verifies but is revoked; `main` exits with [`REVOKED_EXIT`].
#[derive(Debug)]
pub(crate) struct Revoked {
    status_list: String,
    index: usize,
}

impl std::fmt::Display for Revoked {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "the certificate is revoked: bit {} of the status list {} is set [certificate.revoked]\n       证书已被撤销（已被新证书取代、资产已销毁或登记已注销）",
            self.index, self.status_list
        )
    }
}

impl std::error::Error for Revoked {}

pub(crate) async fn run(command: CertCommand) -> anyhow::Result<()> {
    match command {
        CertCommand::Verify {
            certificate,
            issuer,
            log_key,
            online,
            status_url,
            json,
        } => {
            let online = online || status_url.is_some();
            verify(
                &certificate,
                issuer.as_deref(),
                log_key.as_deref(),
                online.then_some(status_url.as_deref()),
                json,
            )
            .await
        }
    }
}

/// An error with its stable code, in English and Chinese (as `dataport log` reports them).
fn failure(code: &str, en: impl std::fmt::Display, zh: impl std::fmt::Display) -> anyhow::Error {
    anyhow!("{en} [{code}]\n       {zh}")
}

fn cert_failure(e: &app::certs::CertError) -> anyhow::Error {
    failure(e.code(), e, e.message_zh())
}

/// Reads at most `limit` bytes of `path` (`-`: standard input); more is an error.
fn read_bounded(path: &Path, limit: u64) -> std::io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    if path == Path::new("-") {
        std::io::stdin()
            .lock()
            .take(limit + 1)
            .read_to_end(&mut bytes)?;
    } else {
        std::fs::File::open(path)?
            .take(limit + 1)
            .read_to_end(&mut bytes)?;
    }
    Ok(bytes)
}

fn read_certificate(path: &Path) -> anyhow::Result<Value> {
    let (name, name_zh) = if path == Path::new("-") {
        ("standard input".to_owned(), "标准输入".to_owned())
    } else {
        (path.display().to_string(), path.display().to_string())
    };
    let bytes = read_bounded(path, MAX_CERTIFICATE).map_err(|e| {
        failure(
            "certificate.unreadable",
            format_args!("cannot read {name}: {e}"),
            format_args!("无法读取证书文件 {name_zh}：{e}"),
        )
    })?;
    if bytes.len() as u64 > MAX_CERTIFICATE {
        return Err(failure(
            "certificate.too_large",
            format_args!(
                "{name} is larger than {} MiB: not a certificate",
                MAX_CERTIFICATE >> 20
            ),
            format_args!("{name_zh} 超过 {} MiB，不是证书", MAX_CERTIFICATE >> 20),
        ));
    }
    let value: Value = serde_json::from_slice(&bytes).map_err(|e| {
        failure(
            "certificate.not_json",
            format_args!("{name} is not JSON: {e}"),
            format_args!("{name_zh} 不是有效的 JSON：{e}"),
        )
    })?;
    let is_credential = value["type"]
        .as_array()
        .is_some_and(|t| t.iter().any(|t| t == "VerifiableCredential"));
    if !is_credential {
        return Err(failure(
            "certificate.malformed",
            format_args!(
                "{name} is JSON but not a verifiable credential (no type VerifiableCredential)"
            ),
            format_args!("{name_zh} 不是可验证凭证（type 中没有 VerifiableCredential）"),
        ));
    }
    Ok(value)
}

/// A key given as text or as the path of a file holding it; checked to be a verifier key.
fn read_log_key(key: &str) -> anyhow::Result<String> {
    let file = (key != "-")
        .then(|| read_bounded(Path::new(key), MAX_KEY_FILE).ok())
        .flatten();
    let text = match file {
        Some(bytes) => String::from_utf8(bytes).map_err(|_| {
            failure(
                "certificate.bad_log_key",
                format_args!("the --log-key file {key} is not text"),
                format_args!("--log-key 文件 {key} 不是文本"),
            )
        })?,
        None => key.to_owned(),
    };
    let text = text.trim().to_owned();
    tlog::Verifier::parse(&text).map_err(|e| {
        failure(
            "certificate.bad_log_key",
            format_args!("--log-key is not a log verifier key (name+keyid+key): {e}"),
            "--log-key 不是有效的日志验证公钥",
        )
    })?;
    Ok(text)
}

/// Fetches a status list credential. `file://` only for a URL the user gave.
async fn fetch_status_list(url: &str, user_given: bool) -> anyhow::Result<Value> {
    let unavailable = |e: &dyn std::fmt::Display| {
        failure(
            "certificate.status_unavailable",
            format_args!("cannot read the status list {url}: {e}"),
            format_args!("无法获取状态列表 {url}：{e}"),
        )
    };
    let bytes = if let Some(path) = url.strip_prefix("file://").filter(|_| user_given) {
        let bytes =
            read_bounded(Path::new(path), MAX_STATUS_LIST as u64).map_err(|e| unavailable(&e))?;
        if bytes.len() > MAX_STATUS_LIST {
            return Err(unavailable(&"larger than any status list can be"));
        }
        bytes
    } else if url.starts_with("http://") || url.starts_with("https://") {
        let client = reqwest::Client::builder()
            .timeout(std::time::Duration::from_secs(30))
            .build()?;
        let mut response = client
            .get(url)
            .header(
                reqwest::header::ACCEPT,
                "application/vc+json, application/json",
            )
            .send()
            .await
            .map_err(|e| unavailable(&e))?;
        if !response.status().is_success() {
            return Err(unavailable(&format_args!("HTTP {}", response.status())));
        }
        if response
            .content_length()
            .is_some_and(|n| n > MAX_STATUS_LIST as u64)
        {
            return Err(unavailable(&"larger than any status list can be"));
        }
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(|e| unavailable(&e))? {
            body.extend_from_slice(&chunk);
            if body.len() > MAX_STATUS_LIST {
                return Err(unavailable(&"larger than any status list can be"));
            }
        }
        body
    } else {
        return Err(unavailable(
            &"the certificate's status list URL is not http(s)",
        ));
    };
    serde_json::from_slice(&bytes).map_err(|e| unavailable(&format_args!("not JSON: {e}")))
}

/// `status`: `None` offline; `Some(None)` the certificate's own status list; `Some(Some(url))`
/// a mirror.
async fn verify(
    path: &Path,
    issuer: Option<&str>,
    log_key: Option<&str>,
    status: Option<Option<&str>>,
    as_json: bool,
) -> anyhow::Result<()> {
    if let Some(Some(url)) = status
        && !["http://", "https://", "file://"]
            .iter()
            .any(|scheme| url.starts_with(scheme))
    {
        return Err(failure(
            "certificate.bad_status_url",
            "--status-url must be http://, https:// or file://",
            "--status-url 须为 http://、https:// 或 file:// 地址",
        ));
    }
    let log_key = log_key.map(read_log_key).transpose()?;
    let credential = read_certificate(path)?;
    let check = app::certs::verify_certificate(&credential, issuer, log_key.as_deref())
        .map_err(|e| cert_failure(&e))?;
    let mut revoked = None;
    let mut status_source = None;
    if let Some(mirror) = status {
        let url = match (mirror, &check.status_list) {
            (Some(m), _) => m.to_owned(),
            (None, Some(u)) => u.clone(),
            (None, None) => {
                return Err(cert_failure(&app::certs::CertError::Status(
                    "the certificate has no status entry".into(),
                )));
            }
        };
        let list = fetch_status_list(&url, mirror.is_some()).await?;
        revoked = Some(app::certs::check_status(&check, &list).map_err(|e| cert_failure(&e))?);
        status_source = Some(url);
    }

    let mut out = std::io::stdout().lock();
    if as_json {
        let report = json!({
            "valid": revoked != Some(true),
            "revoked": revoked,
            "status_checked_at": status_source,
            // Without a pinned issuer, a valid proof shows only who signed it.
            "issuer_pinned": issuer.is_some(),
            "log_key_pinned": log_key.is_some(),
            "check": check,
        });
        writeln!(out, "{}", serde_json::to_string_pretty(&report)?)?;
    } else {
        let head = if revoked == Some(true) {
            "REVOKED"
        } else {
            "ok"
        };
        writeln!(
            out,
            "{head}: {} certificate {} for asset {} ({})",
            check.kind, check.id, check.asset, check.title
        )?;
        writeln!(out, "    issuer       {}", check.issuer)?;
        writeln!(out, "    valid from   {}", check.valid_from)?;
        writeln!(
            out,
            "    attests      {} {}, log entry {} of {} in {}",
            check.event_type, check.event, check.log_index, check.tree_size, check.log_origin
        )?;
        writeln!(out, "    state digest {}", check.state_digest)?;
        match (&check.status_list, check.status_index) {
            (Some(list), Some(index)) => {
                writeln!(out, "    status list  {list} index {index}")?;
            }
            _ => writeln!(out, "    status list  none")?,
        }
        writeln!(
            out,
            "    the proof, the log receipt and the stated state check out offline{} / 签名、存证收据与所述状态均已离线核验",
            match (issuer, &log_key) {
                (Some(_), Some(_)) => " (issuer and log key pinned)",
                (Some(_), None) => " (issuer pinned)",
                (None, Some(_)) => " (log key pinned)",
                (None, None) => "",
            }
        )?;
        if issuer.is_none() {
            writeln!(
                out,
                "    warning: the issuer is not pinned (--issuer): this shows only that {} signed it / 未指定签发方，仅能证明由该 DID 签发",
                check.issuer
            )?;
        }
        match (revoked, &status_source) {
            (Some(false), Some(url)) => {
                writeln!(out, "    not revoked per {url} / 未被撤销")?;
            }
            (Some(true), Some(url)) => writeln!(out, "    revoked per {url} / 已被撤销")?,
            _ => writeln!(
                out,
                "    revocation not checked (use --online) / 未检查撤销状态（可加 --online）"
            )?,
        }
    }
    out.flush()?;
    if revoked == Some(true) {
        return Err(Revoked {
            status_list: status_source.unwrap_or_default(),
            index: check.status_index.unwrap_or_default(),
        }
        .into());
    }
    Ok(())
}
