//! Proof generation from tiles. Dataport's server never keeps the whole tree: every hash a proof
//! needs is read from a tile (through [`TileReader`], backed by blob storage or a cache), and
//! the levels between tile levels are recomputed by hashing.

use std::collections::HashMap;

use crate::hash::{EMPTY_ROOT, Hash, largest_pow2_below, node_hash, perfect_root};
use crate::tile::{TILE_HEIGHT, TILE_WIDTH, TileId, hashes_at_level};

/// Reads tiles for proof generation and root computation.
pub trait TileReader {
    type Error;
    /// The hashes of tile `id` (exactly `id.width` of them). The reader may serve them from a
    /// wider tile of the same level and index (a later, larger tree has the same hashes as a
    /// prefix).
    fn read_tile(&mut self, id: TileId) -> Result<Vec<Hash>, Self::Error>;

    /// An interior subtree hash (of `height`, not a multiple of the tile height) remembered
    /// from an earlier computation, if the reader keeps them. A complete subtree never changes,
    /// so a remembered hash holds in every larger tree. By default nothing is remembered.
    fn remembered(&mut self, _height: u32, _index: u64) -> Option<Hash> {
        None
    }

    /// Offers an interior subtree hash just computed, for the reader to keep. Servers answering
    /// many proofs keep the wide ones: they are shared by most proofs and cost the most hashing.
    fn remember(&mut self, _height: u32, _index: u64, _hash: Hash) {}
}

impl<R: TileReader + ?Sized> TileReader for &mut R {
    type Error = R::Error;
    fn read_tile(&mut self, id: TileId) -> Result<Vec<Hash>, Self::Error> {
        (**self).read_tile(id)
    }

    fn remembered(&mut self, height: u32, index: u64) -> Option<Hash> {
        (**self).remembered(height, index)
    }

    fn remember(&mut self, height: u32, index: u64, hash: Hash) {
        (**self).remember(height, index, hash);
    }
}

/// Interior subtrees at least this far above their tile level (16 or more stored hashes to
/// combine) are offered to the reader to remember.
const REMEMBER_FROM: u32 = 4;

/// Why a proof or root could not be computed.
#[derive(Debug, thiserror::Error)]
pub enum ProofError<E> {
    #[error("could not read a tile: {0}")]
    Reader(E),
    #[error("request out of range: {detail}")]
    Range { detail: String },
    #[error("tile {id} was read with {got} hashes instead of {}", id.width)]
    BadTile { id: TileId, got: usize },
}

fn range<E>(detail: String) -> ProofError<E> {
    ProofError::Range { detail }
}

/// Tiles read during one computation, so each is fetched from the reader once. In batch mode it
/// also remembers the interior hashes it computed, which proofs for nearby entries share.
struct Tiles<'r, R: TileReader> {
    reader: &'r mut R,
    size: u64,
    /// Keyed by (level, index): the width follows from `size`.
    cache: HashMap<(u8, u64), Vec<Hash>>,
    /// Interior subtree hashes by (height, index), for heights that are not tile levels.
    memo: Option<HashMap<(u32, u64), Hash>>,
}

impl<'r, R: TileReader> Tiles<'r, R> {
    fn new(reader: &'r mut R, size: u64) -> Self {
        Tiles {
            reader,
            size,
            cache: HashMap::new(),
            memo: None,
        }
    }

    fn with_memo(reader: &'r mut R, size: u64) -> Self {
        Tiles {
            reader,
            size,
            cache: HashMap::new(),
            memo: Some(HashMap::new()),
        }
    }

    /// The tile at (`level`, `index`) as it is in the tree of `self.size`.
    fn tile(&mut self, level: u32, index: u64) -> Result<&[Hash], ProofError<R::Error>> {
        let count = hashes_at_level(self.size, level);
        let start = index.saturating_mul(TILE_WIDTH);
        if start >= count {
            return Err(range(format!(
                "tile {index} at level {level} does not exist in a tree of size {}",
                self.size
            )));
        }
        let width = (count - start).min(TILE_WIDTH);
        let id = TileId {
            level: u8::try_from(level).map_err(|_| range(format!("tile level {level}")))?,
            index,
            width: u16::try_from(width).unwrap_or(256),
        };
        let key = (id.level, id.index);
        if !self.cache.contains_key(&key) {
            let hashes = self.reader.read_tile(id).map_err(ProofError::Reader)?;
            if hashes.len() != usize::from(id.width) {
                return Err(ProofError::BadTile {
                    id,
                    got: hashes.len(),
                });
            }
            self.cache.insert(key, hashes);
        }
        Ok(self.cache.get(&key).map(Vec::as_slice).unwrap_or(&[]))
    }

    /// Hash of the perfect subtree of `height` and `index`; the caller has checked that it is
    /// complete within `self.size`.
    fn perfect(&mut self, height: u32, index: u64) -> Result<Hash, ProofError<R::Error>> {
        let wide = height % TILE_HEIGHT >= REMEMBER_FROM;
        if wide && let Some(hash) = self.reader.remembered(height, index) {
            return Ok(hash);
        }
        let hash = if self.memo.is_some() && !height.is_multiple_of(TILE_HEIGHT) {
            self.perfect_memo(height, index)?
        } else {
            self.perfect_flat(height, index)?
        };
        if wide {
            self.reader.remember(height, index, hash);
        }
        Ok(hash)
    }

    /// Batch mode: builds the subtree from its two halves, remembering every interior hash.
    fn perfect_memo(&mut self, height: u32, index: u64) -> Result<Hash, ProofError<R::Error>> {
        if height.is_multiple_of(TILE_HEIGHT) {
            return self.perfect_flat(height, index);
        }
        if let Some(hash) = self.memo.as_ref().and_then(|m| m.get(&(height, index))) {
            return Ok(*hash);
        }
        let left = self.perfect_memo(height - 1, index << 1)?;
        let right = self.perfect_memo(height - 1, (index << 1) | 1)?;
        let hash = node_hash(&left, &right);
        if let Some(memo) = self.memo.as_mut() {
            memo.insert((height, index), hash);
        }
        Ok(hash)
    }

    /// Hashes the subtree's row of stored hashes up to its root.
    fn perfect_flat(&mut self, height: u32, index: u64) -> Result<Hash, ProofError<R::Error>> {
        let tile_level = height / TILE_HEIGHT;
        let within = height % TILE_HEIGHT;
        // Position of the subtree's first hash among the stored hashes at `tile_level`.
        let first = index << within;
        let tile_index = first / TILE_WIDTH;
        let offset = usize::try_from(first % TILE_WIDTH).unwrap_or(0);
        let span = 1usize << within;
        let size = self.size;
        let tile = self.tile(tile_level, tile_index)?;
        let hashes = tile.get(offset..offset + span).ok_or_else(|| {
            range(format!(
                "subtree at level {height} index {index} is not complete in a tree of size {size}"
            ))
        })?;
        Ok(perfect_root(hashes))
    }

    /// Hash of the RFC 9162 subtree covering entries `start..start + len` (len >= 1), which may
    /// be incomplete at its right end: its perfect pieces are folded from the right.
    fn node(&mut self, start: u64, len: u64) -> Result<Hash, ProofError<R::Error>> {
        let mut pieces = [[0u8; 32]; 64];
        let mut count = 0;
        let mut position = start;
        for bit in (0..64u32).rev() {
            let span = 1u64 << bit;
            if len & span == 0 {
                continue;
            }
            if !position.is_multiple_of(span) {
                return Err(range(format!(
                    "entries {start}..+{len} do not form a subtree"
                )));
            }
            pieces[count] = self.perfect(bit, position >> bit)?;
            count += 1;
            position += span;
        }
        let mut pieces = pieces[..count].iter().rev();
        let mut acc = pieces.next().copied().unwrap_or(EMPTY_ROOT);
        for left in pieces {
            acc = node_hash(left, &acc);
        }
        Ok(acc)
    }
}

/// Hash of the complete subtree at `level` (its height; 0 is a single leaf) and `index` in a tree
/// of `size` entries, computed from tiles. The subtree must lie entirely within `size`.
pub fn subtree_hash<R: TileReader>(
    level: u32,
    index: u64,
    size: u64,
    reader: &mut R,
) -> Result<Hash, ProofError<R::Error>> {
    let complete = size.checked_shr(level).unwrap_or(0);
    if level >= 64 || index >= complete {
        return Err(range(format!(
            "subtree at level {level} index {index} is not complete in a tree of size {size}"
        )));
    }
    Tiles::new(reader, size).perfect(level, index)
}

/// Root hash of the tree of `size` entries, computed from tiles.
pub fn root_from_tiles<R: TileReader>(
    size: u64,
    reader: &mut R,
) -> Result<Hash, ProofError<R::Error>> {
    if size == 0 {
        return Ok(EMPTY_ROOT);
    }
    Tiles::new(reader, size).node(0, size)
}

/// RFC 9162 §2.1.3.1 inclusion proof (audit path) for entry `index` in the tree of `size`,
/// ordered from the leaf upwards.
pub fn inclusion_proof<R: TileReader>(
    index: u64,
    size: u64,
    reader: &mut R,
) -> Result<Vec<Hash>, ProofError<R::Error>> {
    audit_path(index, size, &mut Tiles::new(reader, size))
}

/// The inclusion proofs for several entries of the tree of `size`, each exactly as
/// [`inclusion_proof`] returns it. Proofs for nearby entries share most of their hashes, so
/// issuing receipts for a whole append this way hashes each interior node once, instead of a few
/// hundred hashes per proof. Tiles stay in memory for the whole batch: meant for clustered
/// indices, not for thousands of scattered ones.
pub fn inclusion_proofs<R: TileReader>(
    indices: &[u64],
    size: u64,
    reader: &mut R,
) -> Result<Vec<Vec<Hash>>, ProofError<R::Error>> {
    let mut tiles = Tiles::with_memo(reader, size);
    indices
        .iter()
        .map(|&index| audit_path(index, size, &mut tiles))
        .collect()
}

fn audit_path<R: TileReader>(
    index: u64,
    size: u64,
    tiles: &mut Tiles<'_, R>,
) -> Result<Vec<Hash>, ProofError<R::Error>> {
    if index >= size {
        return Err(range(format!(
            "entry {index} is not in a tree of size {size}"
        )));
    }
    // Walk down from the root, recording the sibling of each node on the path to the leaf.
    let mut siblings = Vec::with_capacity(64);
    let (mut start, mut len) = (0u64, size);
    while len > 1 {
        let k = largest_pow2_below(len);
        if index - start < k {
            siblings.push(tiles.node(start + k, len - k)?);
            len = k;
        } else {
            siblings.push(tiles.perfect(k.trailing_zeros(), start >> k.trailing_zeros())?);
            start += k;
            len -= k;
        }
    }
    siblings.reverse();
    Ok(siblings)
}

/// RFC 9162 §2.1.4.1 consistency proof between the trees of `old_size` and `new_size` entries.
/// Empty when `old_size` is 0 or equal to `new_size`.
pub fn consistency_proof<R: TileReader>(
    old_size: u64,
    new_size: u64,
    reader: &mut R,
) -> Result<Vec<Hash>, ProofError<R::Error>> {
    if old_size > new_size {
        return Err(range(format!(
            "old size {old_size} is larger than new size {new_size}"
        )));
    }
    if old_size == 0 || old_size == new_size {
        return Ok(Vec::new());
    }
    let mut tiles = Tiles::new(reader, new_size);
    let mut proof = Vec::with_capacity(64);
    let (mut start, mut len, mut m) = (0u64, new_size, old_size);
    // `whole` is the RFC's flag b: the old tree is the whole subtree on the left edge, so its
    // root need not be sent.
    let mut whole = true;
    loop {
        if m == len {
            if !whole {
                proof.push(tiles.node(start, len)?);
            }
            break;
        }
        let k = largest_pow2_below(len);
        if m <= k {
            proof.push(tiles.node(start + k, len - k)?);
            len = k;
        } else {
            proof.push(tiles.perfect(k.trailing_zeros(), start >> k.trailing_zeros())?);
            start += k;
            len -= k;
            m -= k;
            whole = false;
        }
    }
    proof.reverse();
    Ok(proof)
}
