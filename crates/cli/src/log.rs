//! `dataport log`: check a receipt offline, and audit a log as an independent monitor.
//!
//! The monitor reads the log the way any tlog-tiles client does — the signed checkpoint and the
//! tiles under a URL prefix (`http(s)://host/log`, or `file:///dir` for a copy on disk) — and
//! trusts nothing it cannot recompute: the checkpoint's signature under a pinned key, every
//! tile against the tile above it up to the signed root, every entry bundle against its hash
//! tile, and the previous checkpoint it saw against the new tiles (so a rewritten history or a
//! fork shows). Its state file remembers the key and the last checkpoint between runs.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use clap::Subcommand;
use serde::{Deserialize, Serialize};

#[derive(Subcommand, Debug)]
pub(crate) enum LogCommand {
    /// Check a receipt offline: the checkpoint's signature, the inclusion proof, and (when the
    /// receipt carries the body and salt) the commitment. Exit status 0 when all hold.
    VerifyReceipt {
        /// The receipt, as returned by GET /api/v1/events/{id}/receipt.
        receipt: PathBuf,
        /// The log's verifier key (`name+keyid+key`, from GET /api/v1/log/key), or a file
        /// holding it.
        #[arg(long)]
        key: String,
    },
    /// Audit the log as a monitor: fetch the checkpoint, check its signature and its
    /// consistency with the last one seen, recompute the root from every tile and entry, and
    /// remember the new state. Exit status 0 when the log checks out.
    Audit {
        /// The log's URL prefix (where `checkpoint` and `tile/` live), e.g.
        /// http://127.0.0.1:8080/log, or file:///path for a copy on disk.
        #[arg(long)]
        url: String,
        /// Where to keep the pinned key and the last checkpoint seen. Default
        /// ./dataport-log-monitor.json.
        #[arg(long)]
        state: Option<PathBuf>,
        /// The log's verifier key (or a file holding it). Needed on the first run; afterwards
        /// the state file's key is used, and a different one is refused.
        #[arg(long)]
        key: Option<String>,
    },
}

pub(crate) async fn run(command: LogCommand) -> anyhow::Result<()> {
    match command {
        LogCommand::VerifyReceipt { receipt, key } => verify_receipt(&receipt, &key),
        LogCommand::Audit { url, state, key } => {
            let state = state.unwrap_or_else(|| PathBuf::from("dataport-log-monitor.json"));
            audit(&url, &state, key.as_deref()).await
        }
    }
}

/// A key given as text or as the path of a file holding it.
fn read_key(key: &str) -> anyhow::Result<tlog::Verifier> {
    let text = match std::fs::read_to_string(key) {
        Ok(t) => t,
        Err(_) => key.to_owned(),
    };
    tlog::Verifier::parse(text.trim())
        .map_err(|e| anyhow::anyhow!("the verifier key is not valid: {e}"))
}

fn verify_receipt(path: &Path, key: &str) -> anyhow::Result<()> {
    let verifier = read_key(key)?;
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let receipt: app::log::Receipt = serde_json::from_str(&text)
        .with_context(|| format!("{} is not a receipt", path.display()))?;
    match app::log::verify_receipt(&receipt, &verifier) {
        Ok(check) => {
            let mut out = std::io::stdout().lock();
            writeln!(
                out,
                "ok: entry {} of {} in {} — {} {} at {} (subject {})",
                check.index,
                check.tree_size,
                check.origin,
                check.event_type,
                check.event,
                check.time,
                check.subject
            )?;
            if check.opened {
                writeln!(
                    out,
                    "    the body and salt open the entry's commitment / 事件正文与盐值可打开承诺值"
                )?;
            } else {
                writeln!(
                    out,
                    "    the receipt does not open the commitment (no body and salt) / 回执未包含事件正文"
                )?;
            }
            Ok(())
        }
        Err(e) => bail!("{e} [{}]\n       {}", e.code(), e.message_zh()),
    }
}

/// The largest file a log can hold: an entry bundle of 256 entries of up to 64 KiB each.
const MAX_FILE: usize = 256 * (65_535 + 2);

/// What the monitor remembers between runs.
#[derive(Serialize, Deserialize, Debug)]
struct MonitorState {
    origin: String,
    key: String,
    size: u64,
    /// Base64.
    root: String,
    checkpoint: String,
}

/// Where the log is read from.
enum Source {
    Http {
        base: String,
        client: reqwest::Client,
    },
    Dir(PathBuf),
}

impl Source {
    fn new(url: &str) -> anyhow::Result<Source> {
        if let Some(path) = url.strip_prefix("file://") {
            return Ok(Source::Dir(PathBuf::from(path)));
        }
        if url.starts_with("http://") || url.starts_with("https://") {
            let client = reqwest::Client::builder()
                .timeout(std::time::Duration::from_secs(30))
                .build()?;
            return Ok(Source::Http {
                base: url.trim_end_matches('/').to_owned(),
                client,
            });
        }
        bail!("--url must be http://, https:// or file://")
    }

    /// The file at `path` under the prefix; `None` when it does not exist.
    async fn get(&self, path: &str) -> anyhow::Result<Option<Vec<u8>>> {
        match self {
            Source::Dir(dir) => match std::fs::read(dir.join(path)) {
                Ok(b) => Ok(Some(b)),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
                Err(e) => Err(e).with_context(|| format!("reading {path}")),
            },
            Source::Http { base, client } => {
                let response = client
                    .get(format!("{base}/{path}"))
                    .send()
                    .await
                    .with_context(|| format!("fetching {path}"))?;
                if response.status() == reqwest::StatusCode::NOT_FOUND {
                    return Ok(None);
                }
                if !response.status().is_success() {
                    bail!("fetching {path}: HTTP {}", response.status());
                }
                // A tile is 8 KiB and a bundle at most 256 entries of 64 KiB: refuse anything
                // larger rather than read an unbounded body.
                let mut body = Vec::new();
                let mut response = response;
                while let Some(chunk) = response.chunk().await? {
                    body.extend_from_slice(&chunk);
                    if body.len() > MAX_FILE {
                        bail!("FAIL: {path} is larger than any log file can be");
                    }
                }
                Ok(Some(body))
            }
        }
    }
}

/// Tiles fetched for one audit, by (level, index), at the width the tree has now.
struct Fetched(HashMap<(u8, u64), Vec<tlog::Hash>>);

impl tlog::TileReader for Fetched {
    type Error = String;

    fn read_tile(&mut self, id: tlog::TileId) -> Result<Vec<tlog::Hash>, String> {
        match self.0.get(&(id.level, id.index)) {
            Some(h) if h.len() >= usize::from(id.width) => Ok(h[..usize::from(id.width)].to_vec()),
            _ => Err(format!("tile {} was not fetched", id.path())),
        }
    }
}

async fn audit(url: &str, state_path: &Path, key: Option<&str>) -> anyhow::Result<()> {
    let previous: Option<MonitorState> = match std::fs::read_to_string(state_path) {
        Ok(t) => Some(
            serde_json::from_str(&t)
                .with_context(|| format!("reading {}", state_path.display()))?,
        ),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(e).with_context(|| format!("reading {}", state_path.display())),
    };
    let verifier = match (key, &previous) {
        (Some(k), Some(p)) => {
            let v = read_key(k)?;
            if v.text() != p.key {
                bail!(
                    "--key differs from the key pinned in {}: refusing to switch keys silently",
                    state_path.display()
                );
            }
            v
        }
        (Some(k), None) => read_key(k)?,
        (None, Some(p)) => read_key(&p.key)?,
        (None, None) => {
            bail!("the first audit needs --key (the log's verifier key, from GET /api/v1/log/key)")
        }
    };
    let source = Source::new(url)?;
    let note = source
        .get("checkpoint")
        .await?
        .context("the log has no checkpoint")?;
    let note = String::from_utf8(note).context("the checkpoint is not text")?;
    let body = tlog::open_note(&note, &verifier)
        .map_err(|e| anyhow::anyhow!("FAIL: the checkpoint's signature does not verify: {e}"))?;
    let checkpoint = tlog::Checkpoint::parse(&body)
        .map_err(|e| anyhow::anyhow!("FAIL: the checkpoint is malformed: {e}"))?;
    if checkpoint.origin != verifier.name() {
        bail!(
            "FAIL: the checkpoint's origin {:?} is not the key's name {:?}",
            checkpoint.origin,
            verifier.name()
        );
    }
    if let Some(p) = &previous {
        if checkpoint.size < p.size {
            bail!(
                "FAIL: the log was truncated: it had {} entries, now {}",
                p.size,
                checkpoint.size
            );
        }
        if checkpoint.size == p.size && STANDARD.encode(checkpoint.root) != p.root {
            bail!(
                "FAIL: two checkpoints for {} entries with different roots: the log forked",
                p.size
            );
        }
    }

    // Every tile of the tree, each checked against the tile above it.
    let mut fetched = Fetched(HashMap::new());
    for id in tlog::tiles_for_size(checkpoint.size) {
        let bytes = source
            .get(&id.path())
            .await?
            .with_context(|| format!("FAIL: tile {} is missing", id.path()))?;
        let hashes = tlog::decode_tile(id, &bytes)
            .map_err(|e| anyhow::anyhow!("FAIL: tile {} is malformed: {e}", id.path()))?;
        fetched.0.insert((id.level, id.index), hashes);
    }
    let mut entries = 0u64;
    for id in tlog::tiles_for_size(checkpoint.size) {
        let hashes = &fetched.0[&(id.level, id.index)];
        if id.width == 256 {
            let parent = fetched.0.get(&(id.level + 1, id.index / tlog::TILE_WIDTH));
            let expected = parent.and_then(|p| p.get((id.index % tlog::TILE_WIDTH) as usize));
            if expected != Some(&tlog::root_of(hashes)) {
                bail!(
                    "FAIL: tile {} does not hash to the tile above it: it was rewritten",
                    id.path()
                );
            }
        }
        if id.level == 0 {
            let bundle = source
                .get(&id.entries_path())
                .await?
                .with_context(|| format!("FAIL: entry bundle {} is missing", id.entries_path()))?;
            let items = tlog::decode_bundle(&bundle).map_err(|e| {
                anyhow::anyhow!("FAIL: entry bundle {} is malformed: {e}", id.entries_path())
            })?;
            if items.len() != usize::from(id.width) {
                bail!(
                    "FAIL: entry bundle {} holds {} entries, its tile {}",
                    id.entries_path(),
                    items.len(),
                    id.width
                );
            }
            for (i, item) in items.iter().enumerate() {
                if tlog::leaf_hash(item) != hashes[i] {
                    bail!(
                        "FAIL: entry {} does not match its hash tile: it was rewritten",
                        id.index * tlog::TILE_WIDTH + i as u64
                    );
                }
            }
            entries += items.len() as u64;
        }
    }
    let root = tlog::root_from_tiles(checkpoint.size, &mut fetched)
        .map_err(|e| anyhow::anyhow!("FAIL: {e}"))?;
    if root != checkpoint.root {
        bail!("FAIL: the tiles do not hash to the signed root: the log was rewritten");
    }
    if let Some(p) = &previous
        && p.size > 0
    {
        let old = tlog::root_from_tiles(p.size, &mut fetched)
            .map_err(|e| anyhow::anyhow!("FAIL: {e}"))?;
        if STANDARD.encode(old) != p.root {
            bail!(
                "FAIL: the log's tiles no longer contain the checkpoint of {} entries seen before: history was rewritten",
                p.size
            );
        }
    }
    let state = MonitorState {
        origin: checkpoint.origin.clone(),
        key: verifier.text(),
        size: checkpoint.size,
        root: STANDARD.encode(checkpoint.root),
        checkpoint: note,
    };
    let tmp = state_path.with_extension("tmp");
    {
        let mut file = std::fs::File::create(&tmp)?;
        file.write_all(&serde_json::to_vec_pretty(&state)?)?;
        file.sync_all()?;
    }
    std::fs::rename(&tmp, state_path)?;
    let grown = previous.map_or(checkpoint.size, |p| checkpoint.size - p.size);
    writeln!(
        std::io::stdout().lock(),
        "ok: {} has {} entries ({} new since the last audit); {} entries and every tile hash to the signed root {}",
        checkpoint.origin,
        checkpoint.size,
        grown,
        entries,
        state.root
    )?;
    Ok(())
}
