//! Reading log tiles back: every tile and entry bundle is checked against the SHA-256 recorded
//! with its batch before it is served or used, and checked tiles are cached in memory.
//!
//! Proofs are computed by the sans-IO `tlog` functions over a synchronous reader. The reader
//! answers from the cache and reports the first tile it lacks; that tile is then fetched (and
//! checked) and the proof computed again. A proof needs a handful of tiles, so this settles in a
//! few rounds the first time and in one once the cache is warm.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, RwLock};

use store::{BlobKey, Store};

use crate::{Code, Error, Result};

/// Checked tiles kept in memory, per map (a full tile is 8 KiB).
const CAPACITY: usize = 4096;

/// Decoded tile hashes by (level, index), at the widest width loaded.
type HashTiles = HashMap<(u8, u64), Arc<Vec<tlog::Hash>>>;

/// Wide interior subtree hashes by (height, index), shared by most proofs.
type Interior = HashMap<(u32, u64), tlog::Hash>;

/// Interior hashes kept (48 bytes each with the key).
const INTERIOR_CAPACITY: usize = 1 << 18;

/// Checked tile bytes by path, and decoded hashes of the tiles proofs have used.
pub(crate) struct Cache {
    bytes: Mutex<HashMap<String, bytes::Bytes>>,
    /// Read-locked while proofs are computed, so proofs run in parallel.
    hashes: RwLock<HashTiles>,
    interior: RwLock<Interior>,
}

/// The tile a proof needed and the cache did not have.
#[derive(Debug)]
pub(crate) struct Miss(tlog::TileId);

impl std::fmt::Display for Miss {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "tile {} is not loaded", self.0.path())
    }
}

pub(crate) struct Reader<'a> {
    hashes: &'a HashTiles,
    interior: &'a Interior,
    /// Interior hashes computed during this proof, added to the shared map after it.
    fresh: Vec<((u32, u64), tlog::Hash)>,
}

impl tlog::TileReader for Reader<'_> {
    type Error = Miss;

    fn read_tile(&mut self, id: tlog::TileId) -> Result<Vec<tlog::Hash>, Miss> {
        match self.hashes.get(&(id.level, id.index)) {
            Some(h) if h.len() >= usize::from(id.width) => Ok(h[..usize::from(id.width)].to_vec()),
            _ => Err(Miss(id)),
        }
    }

    fn remembered(&mut self, height: u32, index: u64) -> Option<tlog::Hash> {
        self.interior.get(&(height, index)).copied()
    }

    fn remember(&mut self, height: u32, index: u64, hash: tlog::Hash) {
        self.fresh.push(((height, index), hash));
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    // A panic while holding the lock cannot leave a map half-updated (inserts are single
    // calls), so a poisoned lock is still safe to use.
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

fn read<T>(m: &RwLock<T>) -> std::sync::RwLockReadGuard<'_, T> {
    m.read().unwrap_or_else(std::sync::PoisonError::into_inner)
}

fn write<T>(m: &RwLock<T>) -> std::sync::RwLockWriteGuard<'_, T> {
    m.write().unwrap_or_else(std::sync::PoisonError::into_inner)
}

impl Cache {
    pub(crate) fn new() -> Cache {
        Cache {
            bytes: Mutex::new(HashMap::new()),
            hashes: RwLock::new(HashMap::new()),
            interior: RwLock::new(HashMap::new()),
        }
    }

    pub(crate) fn clear(&self) {
        lock(&self.bytes).clear();
        write(&self.hashes).clear();
        write(&self.interior).clear();
    }

    /// The file at `path` (a tile or entry bundle), checked against its recorded digest.
    /// Unrecorded paths are not found; a missing or altered file is an error and is never
    /// returned.
    pub(crate) async fn read_checked(&self, store: &Store, path: &str) -> Result<bytes::Bytes> {
        if let Some(b) = lock(&self.bytes).get(path) {
            return Ok(b.clone());
        }
        let Some(expected) = store::log::tile_digest(store.pool(), path).await? else {
            return Err(Error::new(Code::LogTileNotFound));
        };
        let key = BlobKey::log(path).ok_or_else(|| Error::new(Code::LogTileNotFound))?;
        let Some(bytes) = store.blobs().get_bytes(&key).await? else {
            tracing::error!(
                path,
                "a log tile recorded in the database is missing from the blob store"
            );
            return Err(Error::new(Code::LogTileCorrupt));
        };
        if super::digest(&bytes) != expected {
            tracing::error!(
                path,
                "a log tile in the blob store does not match its recorded digest"
            );
            return Err(Error::new(Code::LogTileCorrupt));
        }
        let mut cache = lock(&self.bytes);
        if cache.len() >= CAPACITY {
            cache.clear();
        }
        cache.insert(path.to_owned(), bytes.clone());
        Ok(bytes)
    }

    /// Runs `prove` over the cached tiles, fetching what it lacks, until it completes.
    pub(crate) async fn prove(
        &self,
        store: &Store,
        prove: impl for<'a> Fn(&mut Reader<'a>) -> Result<Vec<tlog::Hash>, tlog::ProofError<Miss>>,
    ) -> Result<Vec<tlog::Hash>> {
        // Each round adds one tile; a proof reads at most two per level of a 64-level tree.
        for _ in 0..256 {
            let (outcome, fresh) = {
                let hashes = read(&self.hashes);
                let interior = read(&self.interior);
                let mut reader = Reader {
                    hashes: &hashes,
                    interior: &interior,
                    fresh: Vec::new(),
                };
                let outcome = prove(&mut reader);
                (outcome, reader.fresh)
            };
            if !fresh.is_empty() {
                let mut interior = write(&self.interior);
                if interior.len() + fresh.len() > INTERIOR_CAPACITY {
                    interior.clear();
                }
                interior.extend(fresh);
            }
            match outcome {
                Ok(proof) => return Ok(proof),
                Err(tlog::ProofError::Reader(Miss(id))) => self.fetch(store, id).await?,
                Err(tlog::ProofError::Range { detail }) => {
                    return Err(Error::new(Code::LogRange).detail(detail, "证明请求超出日志范围。"));
                }
                // A tile of the wrong width passed its digest check: the record is inconsistent.
                Err(e) => return Err(Error::internal(std::io::Error::other(e.to_string()))),
            }
        }
        Err(Error::internal(std::io::Error::other(
            "a log proof did not settle",
        )))
    }

    /// Loads tile (level, index) at the widest width the log has for it now.
    async fn fetch(&self, store: &Store, wanted: tlog::TileId) -> Result<()> {
        let size = store::log::latest_checkpoint(store.pool())
            .await?
            .map_or(0, |c| c.size);
        let size = u64::try_from(size).unwrap_or(0);
        let level_size = size >> (tlog::TILE_HEIGHT * u32::from(wanted.level));
        let full_tiles = level_size / tlog::TILE_WIDTH;
        let width = if wanted.index < full_tiles {
            tlog::TILE_WIDTH
        } else {
            level_size % tlog::TILE_WIDTH
        };
        if width < u64::from(wanted.width) {
            return Err(Error::new(Code::LogRange));
        }
        let id = tlog::TileId {
            level: wanted.level,
            index: wanted.index,
            width: u16::try_from(width).map_err(|_| Error::new(Code::LogRange))?,
        };
        let bytes = self.read_checked(store, &id.path()).await?;
        let hashes = tlog::decode_tile(id, &bytes).map_err(|_| Error::new(Code::LogTileCorrupt))?;
        let mut cache = write(&self.hashes);
        if cache.len() >= CAPACITY {
            cache.clear();
        }
        cache.insert((id.level, id.index), Arc::new(hashes));
        Ok(())
    }
}
