//! The transparency log (存证): every domain event, in a public Merkle log with signed
//! checkpoints, inclusion and consistency proofs, and offline receipts.
//!
//! **Flow.** Every state change writes its event into the `events` outbox in its own
//! transaction. One sequencer (in a multi-node deployment, the node holding the lease) reads the
//! outbox in `seq` order in batches, turns each event into a public entry (`entry`), appends the
//! entries' leaf hashes to the in-memory right edge of the tree (`tlog::Tree`), writes the new
//! tiles and entry bundles durably to the blob store, signs a checkpoint for the new tree, and
//! only then records the batch, the tiles' digests and the checkpoint in one database
//! transaction. A checkpoint is published (served) only once that transaction commits, so no
//! signed checkpoint covers a tree that was not durably written, and an event acknowledged to its
//! caller is in the outbox and therefore, within a batch interval, in the log.
//!
//! **Crash safety.** The database is the record: after a crash the sequencer restarts from the
//! last recorded checkpoint, restoring the right edge from its tiles (or, if those are damaged,
//! from the recorded entries). Entries are a function of their events (salts are derived), so a
//! batch cut short is rewritten identically.
//!
//! **Serving.** Tiles are read from the blob store and checked against the digest recorded
//! with their batch before they are served or used for a proof; a tile that fails is never
//! served. Checked tiles are kept in a small in-memory cache.

mod entry;
mod receipt;
mod tiles;

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use serde::Serialize;
use sha2::{Digest, Sha256};
use store::BlobKey;
use tokio::sync::Mutex;

pub use entry::{ENTRY_VERSION, Entry};
pub use receipt::{RECEIPT_FORMAT, Receipt, ReceiptCheck, ReceiptError, verify_receipt};

use crate::{App, Code, Error, Principal, Result};

/// Largest batch of events sequenced at once.
pub const MAX_BATCH: i64 = 8192;
/// How long the sequencer waits between batches when the outbox is empty.
pub const INTERVAL: Duration = Duration::from_millis(100);

/// What one sequencing round did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sequenced {
    /// The tree size of the new checkpoint.
    pub size: u64,
    /// Entries added by this batch (0 for the first, empty, checkpoint).
    pub entries: u64,
}

/// The log's public identity.
#[derive(Clone, Debug, Serialize)]
pub struct LogKey {
    /// The origin line of every checkpoint, also the signer's name.
    pub origin: String,
    /// The verifier key, `<name>+<key id>+<base64(0x01 ‖ public key)>` (C2SP signed-note).
    pub verifier_key: String,
    /// The key id, 8 hex digits.
    pub key_id: String,
    /// The Ed25519 public key, base64.
    pub public_key: String,
}

/// The sequencer's working state: the tree's right edge and the entries of the current partial
/// entry bundle. Rebuilt from the record whenever a batch fails midway.
struct Sequencer {
    tree: tlog::Tree,
    last_seq: i64,
    /// Entries of the last, partial, level-0 tile (its entry bundle is rewritten as it grows).
    partial_entries: Vec<Vec<u8>>,
    /// Whether a checkpoint has been signed for the tree as it stands.
    signed: bool,
}

/// The log: keys, the sequencer's state and the tile cache.
pub(crate) struct Log {
    signer: tlog::Signer,
    verifier: tlog::Verifier,
    salt_secret: [u8; 32],
    sequencer: Mutex<Option<Sequencer>>,
    tiles: tiles::Cache,
    /// The largest checkpointed size this process knows of. Checkpoints are never withdrawn, so
    /// a request for a size up to it needs no database round trip.
    latest_size: AtomicU64,
}

impl std::fmt::Debug for Log {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Log")
            .field("origin", &self.signer.name())
            .finish_non_exhaustive()
    }
}

impl Log {
    /// Loads the signing key from `key_path`, creating it (mode 0600) when the log has signed
    /// nothing yet (`may_create`). A log with checkpoints never gets a new key silently: a node
    /// started without the key would otherwise sign a fork no monitor accepts.
    pub(crate) fn open(key_path: &Path, origin: &str, may_create: bool) -> Result<Log> {
        let signer = load_or_create_key(key_path, origin, may_create)?;
        Ok(Log {
            verifier: signer.verifier(),
            salt_secret: entry::salt_secret(&signer.private_text()),
            signer,
            sequencer: Mutex::new(None),
            tiles: tiles::Cache::new(),
            latest_size: AtomicU64::new(0),
        })
    }

    pub(crate) fn verifier(&self) -> &tlog::Verifier {
        &self.verifier
    }
}

fn load_or_create_key(path: &Path, origin: &str, may_create: bool) -> Result<tlog::Signer> {
    match std::fs::read_to_string(path) {
        Ok(text) => {
            let signer = tlog::Signer::parse_private(text.trim()).map_err(|e| {
                Error::internal(std::io::Error::other(format!(
                    "the log key at {} is not a signing key: {e}",
                    path.display()
                )))
            })?;
            if signer.name() != origin {
                return Err(Error::internal(std::io::Error::other(format!(
                    "the log key at {} is for {:?}, but the log origin is {origin:?}",
                    path.display(),
                    signer.name()
                ))));
            }
            Ok(signer)
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && !may_create => {
            Err(Error::internal(std::io::Error::other(format!(
                "the log has signed checkpoints but its key {} is missing: restore it, or give \
                 the key the log was signed with (--log-key)",
                path.display()
            ))))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let signer = tlog::Signer::generate(origin, &mut rand::rngs::OsRng)
                .map_err(|e| Error::internal(std::io::Error::other(e.to_string())))?;
            write_secret(path, &signer.private_text()).map_err(Error::internal)?;
            tracing::info!(origin, key = %signer.verifier().text(), "created the log signing key");
            Ok(signer)
        }
        Err(e) => Err(Error::internal(e)),
    }
}

/// Writes a secret file readable by its owner only, never replacing an existing one.
pub(crate) fn write_secret(path: &Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(path)?;
    file.write_all(text.as_bytes())?;
    file.write_all(b"\n")?;
    file.sync_all()?;
    // The key must outlive a power cut as surely as the checkpoints it signs.
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => std::fs::File::open(dir)?.sync_all(),
        _ => Ok(()),
    }
}

fn hex_hash(hash: &tlog::Hash) -> String {
    hex::encode(hash)
}

fn digest(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// A checkpoint as the API shows it.
#[derive(Clone, Debug, Serialize)]
pub struct CheckpointView {
    pub origin: String,
    pub size: u64,
    /// Base64, as in the checkpoint body.
    pub root_hash: String,
    /// The whole signed note.
    pub note: String,
    pub signed_at: String,
}

/// A log entry as the portal and API list it.
#[derive(Clone, Debug, Serialize)]
pub struct EntryView {
    pub index: u64,
    pub entry: Entry,
}

impl App {
    /// The log's origin and verifier key.
    pub fn log_key(&self) -> LogKey {
        let v = self.log.verifier();
        LogKey {
            origin: v.name().to_owned(),
            verifier_key: v.text(),
            key_id: format!("{:08x}", v.key_id()),
            public_key: STANDARD.encode(v.public_key()),
        }
    }

    /// The key that verifies the log's checkpoints.
    pub fn log_verifier(&self) -> &tlog::Verifier {
        self.log.verifier()
    }

    /// The newest signed checkpoint, if the log has one.
    pub async fn log_checkpoint(&self) -> Result<Option<CheckpointView>> {
        let Some(c) = store::log::latest_checkpoint(self.store.pool()).await? else {
            return Ok(None);
        };
        Ok(Some(self.checkpoint_view(&c)?))
    }

    fn checkpoint_view(&self, c: &store::log::Checkpoint) -> Result<CheckpointView> {
        let root = hex::decode(&c.root).map_err(|_| corrupt("log_checkpoints.root_hash"))?;
        Ok(CheckpointView {
            origin: self.log.signer.name().to_owned(),
            size: u64::try_from(c.size).map_err(|_| corrupt("log_checkpoints.tree_size"))?,
            root_hash: STANDARD.encode(root),
            note: c.note.clone(),
            signed_at: types::format_timestamp(&c.signed_at),
        })
    }

    /// The newest `limit` entries, newest first.
    pub async fn log_entries(&self, limit: i64) -> Result<Vec<EntryView>> {
        let rows = store::log::latest_entries(self.store.pool(), limit.clamp(1, 200)).await?;
        rows.into_iter()
            .map(|r| {
                Ok(EntryView {
                    index: u64::try_from(r.index).map_err(|_| corrupt("log_entries.log_index"))?,
                    entry: Entry::parse(r.entry.as_bytes())
                        .ok_or_else(|| corrupt("log_entries.entry"))?,
                })
            })
            .collect()
    }

    /// A tile or entry bundle by its tlog-tiles path (`tile/0/x001/234`, `tile/entries/…`), checked
    /// against the digest recorded with its batch. Public: the log is.
    pub async fn log_tile(&self, path: &str) -> Result<bytes::Bytes> {
        let entries = path.starts_with("tile/entries/");
        let valid = if entries {
            tlog::TileId::parse_entries(path).is_ok()
        } else {
            tlog::TileId::parse(path).is_ok()
        };
        if !valid {
            return Err(Error::new(Code::LogTileNotFound));
        }
        self.log.tiles.read_checked(&self.store, path).await
    }

    /// The inclusion proof of entry `index` in the tree of `size` (a checkpointed size).
    pub async fn inclusion_proof(&self, index: u64, size: u64) -> Result<Vec<tlog::Hash>> {
        self.check_size(size).await?;
        if index >= size {
            return Err(Error::new(Code::LogRange).detail(
                "The index must be less than the tree size.",
                "索引必须小于树大小。",
            ));
        }
        self.log
            .tiles
            .prove(&self.store, |reader| {
                tlog::inclusion_proof(index, size, reader)
            })
            .await
    }

    /// The consistency proof between trees of `old` and `new` entries (both checkpointed).
    pub async fn consistency_proof(&self, old: u64, new: u64) -> Result<Vec<tlog::Hash>> {
        self.check_size(new).await?;
        if old > new {
            return Err(Error::new(Code::LogRange).detail(
                "The old size must not exceed the new size.",
                "旧的树大小不能超过新的树大小。",
            ));
        }
        self.log
            .tiles
            .prove(&self.store, |reader| {
                tlog::consistency_proof(old, new, reader)
            })
            .await
    }

    /// Fails unless a checkpoint was signed for a tree of exactly `size` entries.
    async fn check_size(&self, size: u64) -> Result<()> {
        if size == self.log.latest_size.load(Ordering::Relaxed) && size > 0 {
            return Ok(());
        }
        let requested = i64::try_from(size).map_err(|_| Error::new(Code::LogRange))?;
        if store::log::checkpoint(self.store.pool(), requested)
            .await?
            .is_some()
        {
            self.log.latest_size.fetch_max(size, Ordering::Relaxed);
            return Ok(());
        }
        let latest = store::log::latest_checkpoint(self.store.pool())
            .await?
            .map_or(0, |c| c.size);
        Err(Error::new(Code::LogRange).detail(
            format!("No checkpoint was signed for a tree of {size} entries; the log has {latest}."),
            format!("没有为 {size} 个条目的树签发过检查点；日志现有 {latest} 个条目。"),
        ))
    }

    /// The receipt for event `event_id`: its entry, the newest checkpoint and the inclusion
    /// proof; with the body and salt when `who` is a party to the event (the participant it is
    /// about or whose user caused it) or an operator or regulator.
    pub async fn event_receipt(&self, who: &Principal, event_id: &str) -> Result<Receipt> {
        let event = store::events::by_id(self.store.pool(), event_id)
            .await?
            .ok_or_else(|| Error::new(Code::EventNotFound))?;
        let party = who.sees_everything() || self.is_party(who, &event).await?;
        self.receipt_of(event_id, party).await
    }

    /// The receipt for event `event_id` against the newest checkpoint, opened (with the body and
    /// salt) when `open`.
    pub(crate) async fn receipt_of(&self, event_id: &str, open: bool) -> Result<Receipt> {
        let pool = self.store.pool();
        let event = store::events::by_id(pool, event_id)
            .await?
            .ok_or_else(|| Error::new(Code::EventNotFound))?;
        let Some(row) = store::log::entry_of_event(pool, event_id).await? else {
            return Err(Error::new(Code::LogPending).retry_after(1));
        };
        let checkpoint = store::log::latest_checkpoint(pool)
            .await?
            .ok_or_else(|| corrupt("log_checkpoints"))?;
        let index = u64::try_from(row.index).map_err(|_| corrupt("log_entries.log_index"))?;
        let size =
            u64::try_from(checkpoint.size).map_err(|_| corrupt("log_checkpoints.tree_size"))?;
        let proof = self
            .log
            .tiles
            .prove(&self.store, |reader| {
                tlog::inclusion_proof(index, size, reader)
            })
            .await?;
        Ok(Receipt {
            format: RECEIPT_FORMAT.to_owned(),
            origin: self.log.signer.name().to_owned(),
            index,
            entry: STANDARD.encode(row.entry.as_bytes()),
            body: open.then(|| event.body.clone()),
            salt: open.then(|| row.salt.clone()),
            checkpoint: checkpoint.note,
            proof: proof.iter().map(|h| STANDARD.encode(h)).collect(),
        })
    }

    /// Whether `who` belongs to a participant the event is about or whose user caused it.
    async fn is_party(&self, who: &Principal, event: &store::Event) -> Result<bool> {
        let me = who.participant().id.to_string();
        let pool = self.store.pool();
        let subject = event.subject_id.as_str();
        let subject_party = if subject.starts_with("prt_") {
            Some(subject.to_owned())
        } else if let Ok(id) = types::AssetId::parse(subject) {
            store::assets::get(pool, &id)
                .await?
                .map(|a| a.participant_id.to_string())
        } else if let Ok(id) = types::UserId::parse(subject) {
            store::users::get(pool, &id)
                .await?
                .map(|u| u.participant_id.to_string())
        } else if let Ok(id) = types::TokenId::parse(subject) {
            match store::users::get_token(pool, &id).await? {
                Some(t) => store::users::get(pool, &t.user_id)
                    .await?
                    .map(|u| u.participant_id.to_string()),
                None => None,
            }
        } else {
            None
        };
        if subject_party.as_deref() == Some(me.as_str()) {
            return Ok(true);
        }
        if let Some(actor) = event
            .actor_id
            .as_deref()
            .and_then(|a| types::UserId::parse(a).ok())
            && let Some(user) = store::users::get(pool, &actor).await?
        {
            return Ok(user.participant_id.to_string() == me);
        }
        Ok(false)
    }

    /// Sequences one batch of pending events, if any: entries, tiles, a signed checkpoint.
    /// Returns what was sequenced, or `None` when nothing was pending. The sequencer task calls
    /// this in a loop; tests call it to sequence deterministically.
    pub async fn sequence_once(&self) -> Result<Option<Sequenced>> {
        let mut guard = self.log.sequencer.lock().await;
        if guard.is_none() {
            *guard = Some(self.restore_sequencer().await?);
        }
        let Some(state) = guard.as_mut() else {
            return Ok(None);
        };
        match self.sequence_batch(state).await {
            Ok(size) => Ok(size),
            Err(e) => {
                // The in-memory edge may be ahead of the record; rebuild it from the record.
                *guard = None;
                Err(e)
            }
        }
    }

    /// Runs the sequencer until `shutdown` resolves: a batch whenever events are pending, at
    /// most every [`INTERVAL`] when idle. On PostgreSQL only the node holding the lease
    /// sequences; the others wait for it.
    pub async fn run_sequencer(&self, shutdown: impl std::future::Future<Output = ()>) {
        tokio::pin!(shutdown);
        let mut lease: Option<store::log::Lease> = None;
        let mut rounds = 0u64;
        loop {
            rounds += 1;
            if lease.is_none() {
                match store::log::Lease::try_acquire(&self.store).await {
                    Ok(l) => lease = l,
                    Err(e) => tracing::warn!(error = %e, "could not take the log lease"),
                }
            }
            let round = std::time::Instant::now();
            let mut full = false;
            let held = match &mut lease {
                Some(l) => l.check().await,
                None => false,
            };
            // Another node may sequence once ours is lost: our view of the edge is stale.
            if !held && lease.take().is_some() {
                *self.log.sequencer.lock().await = None;
            }
            if held
                && rounds.is_multiple_of(50)
                && let Err(e) = self.refresh_checkpoint_file().await
            {
                tracing::warn!(error = %e, "could not refresh the checkpoint file");
            }
            if held {
                match self.sequence_once().await {
                    Ok(Some(batch)) => {
                        tracing::debug!(
                            size = batch.size,
                            entries = batch.entries,
                            "sequenced a batch"
                        );
                        full = batch.entries >= MAX_BATCH as u64;
                    }
                    Ok(None) => {}
                    Err(e) => {
                        tracing::error!(error = %e, cause = ?e.cause().map(ToString::to_string), "sequencing failed; retrying");
                        // A lost lease connection is taken again on the next round.
                        lease = None;
                    }
                }
            }
            // One batch per interval, so a busy outbox makes few large batches (few fsyncs and
            // signatures) rather than many small ones; a full batch means a backlog, so the next
            // one starts at once.
            let pause = if full {
                Duration::ZERO
            } else {
                INTERVAL.saturating_sub(round.elapsed())
            };
            tokio::select! {
                () = &mut shutdown => return,
                () = tokio::time::sleep(pause) => {}
            }
        }
    }

    /// Rebuilds the sequencer's state from the last recorded checkpoint.
    async fn restore_sequencer(&self) -> Result<Sequencer> {
        let pool = self.store.pool();
        let last_seq = store::log::last_event_seq(pool).await?;
        let Some(checkpoint) = store::log::latest_checkpoint(pool).await? else {
            return Ok(Sequencer {
                tree: tlog::Tree::new(),
                last_seq,
                partial_entries: Vec::new(),
                signed: false,
            });
        };
        let size =
            u64::try_from(checkpoint.size).map_err(|_| corrupt("log_checkpoints.tree_size"))?;
        let bundle_start = size - size % tlog::TILE_WIDTH;
        let partial_entries: Vec<Vec<u8>> = store::log::entries(
            pool,
            i64::try_from(bundle_start).map_err(|_| corrupt("log size"))?,
            checkpoint.size,
        )
        .await?
        .into_iter()
        .map(|e| e.entry.into_bytes())
        .collect();
        // Only damage is repaired: a blob store that is briefly unreachable is an error to retry,
        // not a reason to rewrite the log's files.
        let tree = match self.restore_edge(size).await {
            Ok(tree) if hex_hash(&tree.root()) == checkpoint.root => tree,
            Ok(_) => {
                tracing::warn!(
                    "log tiles at the right edge do not match the checkpoint; rebuilding them from the recorded entries"
                );
                self.rebuild_from_entries(size, &checkpoint.root).await?
            }
            Err(e) if e.code() == Code::LogTileCorrupt => {
                tracing::warn!(
                    "log tiles of the last batch are damaged or missing; rebuilding them from the recorded entries"
                );
                self.rebuild_from_entries(size, &checkpoint.root).await?
            }
            Err(e) => return Err(e),
        };
        self.publish_checkpoint_file(&checkpoint.note, size).await;
        Ok(Sequencer {
            tree,
            last_seq,
            partial_entries,
            signed: true,
        })
    }

    /// The right edge of a tree of `size` from its checked tiles, after checking every tile and
    /// bundle the last batch wrote (the files most recently made durable).
    async fn restore_edge(&self, size: u64) -> Result<tlog::Tree> {
        let previous = store::log::checkpoint_before(
            self.store.pool(),
            i64::try_from(size).map_err(|_| corrupt("log size"))?,
        )
        .await?
        .map_or(0, |c| u64::try_from(c.size).unwrap_or(0));
        for id in tlog::new_tiles(previous, size) {
            self.log.tiles.read_checked(&self.store, &id.path()).await?;
            if id.level == 0 {
                self.log
                    .tiles
                    .read_checked(&self.store, &id.entries_path())
                    .await?;
            }
        }
        let mut tiles = Vec::new();
        for id in tlog::right_edge_tiles(size) {
            let bytes = self.log.tiles.read_checked(&self.store, &id.path()).await?;
            let hashes =
                tlog::decode_tile(id, &bytes).map_err(|_| Error::new(Code::LogTileCorrupt))?;
            tiles.push((id, hashes));
        }
        tlog::Tree::restore(size, &tiles).map_err(|_| Error::new(Code::LogTileCorrupt))
    }

    /// Recomputes every tile of a tree of `size` from the recorded entries and writes them
    /// again: the repair path when tiles in the blob store were lost or damaged. Nothing is
    /// written unless the entries, contiguous from index 0, hash to the signed root.
    async fn rebuild_from_entries(&self, size: u64, root: &str) -> Result<tlog::Tree> {
        let tree = self.replay_entries(size, false).await?;
        if hex_hash(&tree.root()) != root {
            return Err(corrupt("log_entries (they do not hash to the signed root)"));
        }
        let tree = self.replay_entries(size, true).await?;
        self.log.tiles.clear();
        Ok(tree)
    }

    /// Appends the recorded entries `0..size` to a new tree, checking they are contiguous, and,
    /// when `write` is set, writes every tile and bundle again and records their digests.
    async fn replay_entries(&self, size: u64, write: bool) -> Result<tlog::Tree> {
        let mut tree = tlog::Tree::new();
        let mut bundle: Vec<Vec<u8>> = Vec::new();
        let end = i64::try_from(size).map_err(|_| corrupt("log size"))?;
        let mut next = 0i64;
        while next < end {
            let rows =
                store::log::entries(self.store.pool(), next, (next + 65_536).min(end)).await?;
            if rows.is_empty() {
                return Err(corrupt("log_entries (missing rows)"));
            }
            let mut leaves = Vec::with_capacity(rows.len());
            for row in rows {
                if row.index != next {
                    return Err(corrupt("log_entries (a gap in the indices)"));
                }
                next += 1;
                leaves.push(tlog::leaf_hash(row.entry.as_bytes()));
                if write {
                    bundle.push(row.entry.into_bytes());
                }
            }
            let tiles = tree.append(&leaves);
            if write {
                let digests = self.write_tiles(&tiles, &mut bundle, tree.size()).await?;
                let mut tx = self.store.begin().await?;
                store::log::record_tiles(&mut tx, &digests).await?;
                tx.commit().await?;
            }
        }
        Ok(tree)
    }

    /// Writes tiles and, for level-0 tiles, their entry bundles, durably; returns each path's
    /// digest. `bundle` holds the entries of the current level-0 tile onwards and is trimmed to
    /// the partial tile's entries once full tiles are written.
    async fn write_tiles(
        &self,
        tiles: &[(tlog::TileId, Vec<tlog::Hash>)],
        bundle: &mut Vec<Vec<u8>>,
        size: u64,
    ) -> Result<Vec<(String, String)>> {
        let bundle_start = size - bundle.len() as u64;
        let mut files: Vec<(String, bytes::Bytes)> = Vec::with_capacity(tiles.len() * 2);
        for (id, hashes) in tiles {
            files.push((id.path(), bytes::Bytes::from(tlog::encode_tile(hashes))));
            if id.level == 0 {
                let first = id.index * tlog::TILE_WIDTH;
                let from = usize::try_from(first.saturating_sub(bundle_start))
                    .map_err(|_| corrupt("bundle"))?;
                let to = from + usize::from(id.width);
                let entries = bundle
                    .get(from..to)
                    .ok_or_else(|| corrupt("bundle range"))?;
                let encoded = tlog::encode_bundle(entries)
                    .map_err(|e| Error::internal(std::io::Error::other(e.to_string())))?;
                files.push((id.entries_path(), bytes::Bytes::from(encoded)));
            }
        }
        let digests: Vec<(String, String)> =
            files.iter().map(|(p, b)| (p.clone(), digest(b))).collect();
        let blobs = self.store.blobs();
        let writes = files.into_iter().map(|(path, bytes)| async move {
            let key = BlobKey::log(&path).ok_or_else(|| corrupt("tile path"))?;
            blobs.put_durable(&key, bytes).await.map_err(Error::from)
        });
        for result in futures_util::future::join_all(writes).await {
            result?;
        }
        // Keep only the entries of the partial tile at the new size.
        let keep_from =
            usize::try_from((size - size % tlog::TILE_WIDTH) - bundle_start).unwrap_or(0);
        bundle.drain(..keep_from.min(bundle.len()));
        Ok(digests)
    }

    async fn sequence_batch(&self, state: &mut Sequencer) -> Result<Option<Sequenced>> {
        let events = store::events::after(self.store.pool(), state.last_seq, MAX_BATCH).await?;
        let last_seq = match events.last() {
            Some(last) => last.seq,
            // An empty log still publishes a checkpoint (of size 0), so clients always find one.
            None if state.tree.size() == 0 && !state.signed => state.last_seq,
            None => return Ok(None),
        };
        let first_index = state.tree.size();
        let mut rows = Vec::with_capacity(events.len());
        let mut leaves = Vec::with_capacity(events.len());
        for (i, event) in events.iter().enumerate() {
            let id = event.id.to_string();
            let salt = entry::salt(&self.log.salt_secret, &id);
            let bytes = entry::entry_for(event, &salt).to_bytes();
            leaves.push(tlog::leaf_hash(&bytes));
            state.partial_entries.push(bytes.clone());
            rows.push(store::log::LogEntry {
                index: i64::try_from(first_index + i as u64).map_err(|_| corrupt("log size"))?,
                event_seq: event.seq,
                event_id: id,
                salt: hex::encode(salt),
                entry: String::from_utf8(bytes).map_err(|_| corrupt("entry"))?,
            });
        }
        let tiles = state.tree.append(&leaves);
        let size = state.tree.size();
        let digests = self
            .write_tiles(&tiles, &mut state.partial_entries, size)
            .await?;
        let body = tlog::Checkpoint {
            origin: self.log.signer.name().to_owned(),
            size,
            root: state.tree.root(),
            extensions: Vec::new(),
        }
        .body();
        let note = self
            .log
            .signer
            .sign(&body)
            .map_err(|e| Error::internal(std::io::Error::other(e.to_string())))?;
        let checkpoint = store::log::Checkpoint {
            size: i64::try_from(size).map_err(|_| corrupt("log size"))?,
            root: hex_hash(&state.tree.root()),
            note: note.clone(),
            signed_at: types::now(),
        };
        let mut tx = self.store.begin().await?;
        store::log::record_batch(&mut tx, &rows, &digests, &checkpoint).await?;
        tx.commit().await?;
        state.last_seq = last_seq;
        state.signed = true;
        self.log.latest_size.fetch_max(size, Ordering::Relaxed);
        self.publish_checkpoint_file(&note, size).await;
        Ok(Some(Sequenced {
            size,
            entries: rows.len() as u64,
        }))
    }
}

impl App {
    /// Writes the checkpoint file that lets tlog-tiles clients read the log straight from the
    /// blob store, unless the file already holds a larger tree (a slower writer must never move
    /// it backwards). Best effort: the database is the record, and the sequencer refreshes the
    /// file on every batch and periodically.
    async fn publish_checkpoint_file(&self, note: &str, size: u64) {
        let Some(key) = BlobKey::log("checkpoint") else {
            return;
        };
        let blobs = self.store.blobs();
        if let Ok(Some(existing)) = blobs.get_bytes(&key).await
            && let Ok(text) = std::str::from_utf8(&existing)
            && let Ok(body) = tlog::open_note(text, &self.log.verifier)
            && let Ok(current) = tlog::Checkpoint::parse(&body)
            && current.size >= size
        {
            return;
        }
        if let Err(e) = blobs
            .put_durable(&key, bytes::Bytes::from(note.as_bytes().to_vec()))
            .await
        {
            tracing::warn!(error = %e, "could not publish the checkpoint file to the blob store");
        }
    }

    /// Republishes the newest checkpoint's file if it is missing or behind.
    async fn refresh_checkpoint_file(&self) -> Result<()> {
        if let Some(c) = store::log::latest_checkpoint(self.store.pool()).await? {
            let size = u64::try_from(c.size).map_err(|_| corrupt("log_checkpoints.tree_size"))?;
            self.publish_checkpoint_file(&c.note, size).await;
        }
        Ok(())
    }
}

fn corrupt(what: &'static str) -> Error {
    Error::internal(store::Error::Corrupt(what))
}

/// Opens the log's keys for a store: the configured key file, created only for a log that has
/// signed nothing, and checked against the newest checkpoint.
pub(crate) async fn open_log(
    store: &store::Store,
    data_dir: &Path,
    key_path: Option<&Path>,
    origin: &str,
) -> Result<Arc<Log>> {
    let default = data_dir.join("log.key");
    let latest = store::log::latest_checkpoint(store.pool()).await?;
    let log = Log::open(key_path.unwrap_or(&default), origin, latest.is_none())?;
    if let Some(c) = latest {
        tlog::open_note(&c.note, &log.verifier).map_err(|e| {
            Error::internal(std::io::Error::other(format!(
                "the log's checkpoints were not signed by the configured log key ({e}); \
                 give the key the log was signed with (--log-key)"
            )))
        })?;
    }
    Ok(Arc::new(log))
}
