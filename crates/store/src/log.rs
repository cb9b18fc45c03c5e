//! The transparency log's durable record: entries, checkpoints and tile digests (see migration
//! 0004). Only the sequencer writes here, one batch per transaction; everyone else reads.

use sqlx::Row;
use sqlx::any::AnyRow;
use types::{Timestamp, format_timestamp};

use crate::participants::ts;
use crate::{Conn, Result, Tx};

/// Rows per multi-row `INSERT`: five parameters each stays far below both engines' limits.
const INSERT_CHUNK: usize = 500;

/// One log entry as recorded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LogEntry {
    pub index: i64,
    /// The outbox `seq` of the event it logs.
    pub event_seq: i64,
    pub event_id: String,
    /// Hex; opens the entry's commitment to the event body.
    pub salt: String,
    /// The public entry, exactly as hashed into the tree.
    pub entry: String,
}

/// A signed checkpoint as recorded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Checkpoint {
    pub size: i64,
    /// Hex.
    pub root: String,
    /// The whole signed note.
    pub note: String,
    pub signed_at: Timestamp,
}

fn entry_from_row(row: &AnyRow) -> Result<LogEntry> {
    Ok(LogEntry {
        index: row.try_get("log_index")?,
        event_seq: row.try_get("event_seq")?,
        event_id: row.try_get("event_id")?,
        salt: row.try_get("salt")?,
        entry: row.try_get("entry")?,
    })
}

fn checkpoint_from_row(row: &AnyRow) -> Result<Checkpoint> {
    Ok(Checkpoint {
        size: row.try_get("tree_size")?,
        root: row.try_get("root_hash")?,
        note: row.try_get("note")?,
        signed_at: ts(row, "signed_at")?,
    })
}

const ENTRY_COLUMNS: &str = "log_index, event_seq, event_id, salt, entry";
const CHECKPOINT_COLUMNS: &str = "tree_size, root_hash, note, signed_at";

/// The newest checkpoint, if any was signed.
pub async fn latest_checkpoint(c: impl Conn<'_>) -> Result<Option<Checkpoint>> {
    let row = sqlx::query(&format!(
        "SELECT {CHECKPOINT_COLUMNS} FROM log_checkpoints ORDER BY tree_size DESC LIMIT 1"
    ))
    .fetch_optional(c)
    .await?;
    row.as_ref().map(checkpoint_from_row).transpose()
}

/// The checkpoint signed for a tree of `size`, if one was.
pub async fn checkpoint(c: impl Conn<'_>, size: i64) -> Result<Option<Checkpoint>> {
    let row = sqlx::query(&format!(
        "SELECT {CHECKPOINT_COLUMNS} FROM log_checkpoints WHERE tree_size = $1"
    ))
    .bind(size)
    .fetch_optional(c)
    .await?;
    row.as_ref().map(checkpoint_from_row).transpose()
}

/// The newest checkpoint signed for a tree smaller than `size`.
pub async fn checkpoint_before(c: impl Conn<'_>, size: i64) -> Result<Option<Checkpoint>> {
    let row = sqlx::query(&format!(
        "SELECT {CHECKPOINT_COLUMNS} FROM log_checkpoints WHERE tree_size < $1 \
         ORDER BY tree_size DESC LIMIT 1"
    ))
    .bind(size)
    .fetch_optional(c)
    .await?;
    row.as_ref().map(checkpoint_from_row).transpose()
}

/// The outbox `seq` of the last event logged (0 when none is).
pub async fn last_event_seq(c: impl Conn<'_>) -> Result<i64> {
    let row = sqlx::query("SELECT COALESCE(MAX(event_seq), 0) AS s FROM log_entries")
        .fetch_one(c)
        .await?;
    Ok(row.try_get("s")?)
}

/// The entry logging event `event_id`, once sequenced.
pub async fn entry_of_event(c: impl Conn<'_>, event_id: &str) -> Result<Option<LogEntry>> {
    let row = sqlx::query(&format!(
        "SELECT {ENTRY_COLUMNS} FROM log_entries WHERE event_id = $1"
    ))
    .bind(event_id)
    .fetch_optional(c)
    .await?;
    row.as_ref().map(entry_from_row).transpose()
}

/// Entries with indices in `[from, to)`, in order.
pub async fn entries(c: impl Conn<'_>, from: i64, to: i64) -> Result<Vec<LogEntry>> {
    let rows = sqlx::query(&format!(
        "SELECT {ENTRY_COLUMNS} FROM log_entries WHERE log_index >= $1 AND log_index < $2 \
         ORDER BY log_index"
    ))
    .bind(from)
    .bind(to)
    .fetch_all(c)
    .await?;
    rows.iter().map(entry_from_row).collect()
}

/// The newest `limit` entries, newest first.
pub async fn latest_entries(c: impl Conn<'_>, limit: i64) -> Result<Vec<LogEntry>> {
    let rows = sqlx::query(&format!(
        "SELECT {ENTRY_COLUMNS} FROM log_entries ORDER BY log_index DESC LIMIT $1"
    ))
    .bind(limit)
    .fetch_all(c)
    .await?;
    rows.iter().map(entry_from_row).collect()
}

/// The SHA-256 (hex) recorded for a tile or entry bundle path.
pub async fn tile_digest(c: impl Conn<'_>, path: &str) -> Result<Option<String>> {
    let row = sqlx::query("SELECT digest FROM log_tiles WHERE path = $1")
        .bind(path)
        .fetch_optional(c)
        .await?;
    row.map(|r| r.try_get("digest"))
        .transpose()
        .map_err(Into::into)
}

/// Records one sequenced batch: its entries, the digests of the tiles and bundles written for
/// it, and the checkpoint signed over the result. A path recorded before must have the same
/// digest (its content is a function of the entries); a different one fails the batch.
pub async fn record_batch(
    tx: &mut Tx,
    entries: &[LogEntry],
    tiles: &[(String, String)],
    checkpoint: &Checkpoint,
) -> Result<()> {
    for chunk in entries.chunks(INSERT_CHUNK) {
        let values: Vec<String> = (0..chunk.len())
            .map(|i| {
                let p = i * 5;
                format!(
                    "(${}, ${}, ${}, ${}, ${})",
                    p + 1,
                    p + 2,
                    p + 3,
                    p + 4,
                    p + 5
                )
            })
            .collect();
        let sql = format!(
            "INSERT INTO log_entries ({ENTRY_COLUMNS}) VALUES {}",
            values.join(", ")
        );
        let mut query = sqlx::query(&sql);
        for e in chunk {
            query = query
                .bind(e.index)
                .bind(e.event_seq)
                .bind(&e.event_id)
                .bind(&e.salt)
                .bind(&e.entry);
        }
        query.execute(tx.conn()).await?;
    }
    record_tiles(tx, tiles).await?;
    sqlx::query(&format!(
        "INSERT INTO log_checkpoints ({CHECKPOINT_COLUMNS}) VALUES ($1, $2, $3, $4)"
    ))
    .bind(checkpoint.size)
    .bind(&checkpoint.root)
    .bind(&checkpoint.note)
    .bind(format_timestamp(&checkpoint.signed_at))
    .execute(tx.conn())
    .await?;
    Ok(())
}

/// Records the digests of tiles and bundles written. A path already recorded keeps its digest,
/// and must be given the same one: tile contents are a function of the entries, so a different
/// digest means a file was written from other entries (another key, a stale sequencer) and the
/// whole transaction is refused.
pub async fn record_tiles(tx: &mut Tx, tiles: &[(String, String)]) -> Result<()> {
    for (path, digest) in tiles {
        sqlx::query(
            "INSERT INTO log_tiles (path, digest) VALUES ($1, $2) ON CONFLICT (path) DO NOTHING",
        )
        .bind(path)
        .bind(digest)
        .execute(tx.conn())
        .await?;
        let recorded: String = sqlx::query("SELECT digest FROM log_tiles WHERE path = $1")
            .bind(path)
            .fetch_one(tx.conn())
            .await?
            .try_get("digest")?;
        if recorded != *digest {
            return Err(crate::Error::Corrupt(
                "log_tiles: a tile was written with other contents",
            ));
        }
    }
    Ok(())
}

/// The sequencer's lease. On PostgreSQL it is a session advisory lock held on a connection of
/// its own, so exactly one node sequences and the lock goes with the node if it dies; on SQLite
/// (one process) holding it is implicit.
pub struct Lease {
    conn: Option<sqlx::AnyConnection>,
}

impl std::fmt::Debug for Lease {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Lease")
            .field("dedicated", &self.conn.is_some())
            .finish()
    }
}

/// The advisory-lock key of the sequencer lease ("DPLOGSEQ" in ASCII).
const LEASE_LOCK: i64 = 0x4450_4c4f_4753_4551;

impl Lease {
    /// Takes the lease if no other node holds it.
    pub async fn try_acquire(store: &crate::Store) -> Result<Option<Lease>> {
        if store.engine() != crate::Engine::Postgres {
            return Ok(Some(Lease { conn: None }));
        }
        let mut conn = store.pool().acquire().await?;
        let row = sqlx::query("SELECT pg_try_advisory_lock($1) AS held")
            .bind(LEASE_LOCK)
            .fetch_one(&mut *conn)
            .await?;
        let held: bool = row.try_get("held")?;
        // Only a connection that holds the lock leaves the pool (for good: the lock goes with
        // it); otherwise it goes back, so waiting nodes do not churn connections.
        Ok(held.then(|| Lease {
            conn: Some(conn.detach()),
        }))
    }

    /// Whether the lease is still held: its connection answers within a few seconds.
    pub async fn check(&mut self) -> bool {
        match &mut self.conn {
            None => true,
            Some(conn) => matches!(
                tokio::time::timeout(
                    std::time::Duration::from_secs(5),
                    sqlx::query("SELECT 1").execute(conn)
                )
                .await,
                Ok(Ok(_))
            ),
        }
    }
}
