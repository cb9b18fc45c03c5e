//! The sequencer's view of the log: only the right edge of the tree (the partial tile at each
//! level), which is all it needs to append entries, compute the new root and produce the tiles
//! to publish. Everything to the left of the edge is immutable and lives in blob storage.

use crate::hash::{EMPTY_ROOT, Hash, node_hash, perfect_root};
use crate::tile::{TILE_WIDTH, TileId, hashes_at_level, right_edge_tiles};

/// Levels a tree of at most u64::MAX leaves can have (256^8 = 2^64).
const MAX_LEVELS: usize = 8;
const FULL: usize = 256;

/// Why a tree could not be restored or grown.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum TreeError {
    #[error("tile {0} is needed to restore the tree but was not given")]
    MissingTile(TileId),
    #[error("tile {given} was given where the tree needs {expected}")]
    WrongWidth { expected: TileId, given: TileId },
    #[error("tile {id} was given with {got} hashes instead of {}", id.width)]
    WrongHashCount { id: TileId, got: usize },
    #[error("tile {0} is not on the right edge of the tree being restored")]
    UnexpectedTile(TileId),
    #[error("tile {0} was given more than once")]
    DuplicateTile(TileId),
    #[error("appending {adding} entries to a tree of {size} would exceed 2^64 - 1 entries")]
    TooLarge { size: u64, adding: usize },
}

/// A tile produced by an append: its id and its hashes (exactly `id.width` of them).
pub type TileContent = (TileId, Vec<Hash>);

/// An append-only Merkle tree that keeps only its right edge in memory: at most 255 hashes per
/// level, at most 8 levels. See the module documentation.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Tree {
    size: u64,
    /// `edge[l]` holds the hashes of the partial tile at level `l` (fewer than 256).
    edge: Vec<Vec<Hash>>,
}

impl Tree {
    /// The empty tree.
    pub fn new() -> Tree {
        Tree::default()
    }

    /// Restores the tree of `size` entries from the contents of its right-edge tiles, exactly the
    /// ones [`right_edge_tiles`] lists for `size`, in any order. Missing, duplicated, unexpected
    /// or wrongly sized tiles are errors. The tile contents themselves cannot be checked here:
    /// compare [`Tree::root`] with the last signed checkpoint before trusting the result.
    pub fn restore(size: u64, tiles: &[(TileId, Vec<Hash>)]) -> Result<Tree, TreeError> {
        let needed = right_edge_tiles(size);
        for (position, (id, _)) in tiles.iter().enumerate() {
            if tiles[..position]
                .iter()
                .any(|(other, _)| other.level == id.level && other.index == id.index)
            {
                return Err(TreeError::DuplicateTile(*id));
            }
            match needed
                .iter()
                .find(|n| n.level == id.level && n.index == id.index)
            {
                None => return Err(TreeError::UnexpectedTile(*id)),
                Some(expected) if expected.width != id.width => {
                    return Err(TreeError::WrongWidth {
                        expected: *expected,
                        given: *id,
                    });
                }
                Some(_) => {}
            }
        }
        let mut edge = vec![Vec::new(); levels_for(size)];
        for expected in &needed {
            let (id, hashes) = tiles
                .iter()
                .find(|(id, _)| id == expected)
                .ok_or(TreeError::MissingTile(*expected))?;
            if hashes.len() != usize::from(id.width) {
                return Err(TreeError::WrongHashCount {
                    id: *id,
                    got: hashes.len(),
                });
            }
            if let Some(slot) = edge.get_mut(usize::from(id.level)) {
                let mut partial = Vec::with_capacity(FULL);
                partial.extend_from_slice(hashes);
                *slot = partial;
            }
        }
        Ok(Tree { size, edge })
    }

    /// Number of entries in the tree.
    pub fn size(&self) -> u64 {
        self.size
    }

    /// The tree's root hash (RFC 9162 MTH of all entries). Costs a few hundred hashes at most,
    /// because the partial tiles are folded on demand rather than cached.
    pub fn root(&self) -> Hash {
        // Fold the perfect subtrees of the right edge from right (small, level 0) to left.
        let mut acc: Option<Hash> = None;
        for hashes in &self.edge {
            let width = hashes.len();
            for bit in 0..8 {
                let span = 1usize << bit;
                if width & span == 0 {
                    continue;
                }
                let start = width & !((span << 1) - 1);
                let Some(segment) = hashes.get(start..start + span) else {
                    continue;
                };
                let subtree = perfect_root(segment);
                acc = Some(match acc {
                    None => subtree,
                    Some(right) => node_hash(&subtree, &right),
                });
            }
        }
        acc.unwrap_or(EMPTY_ROOT)
    }

    /// Appends leaf hashes and returns every tile that is new or changed: the full tiles this
    /// append completed and the new partial tile at each level that grew, ordered by level and
    /// then index, exactly as [`crate::new_tiles`] lists them. An append that would take the tree
    /// past 2^64 - 1 entries (which no real log reaches) leaves the tree unchanged and returns no
    /// tiles; use [`Tree::try_append`] to see that as an error.
    pub fn append(&mut self, leaves: &[Hash]) -> Vec<TileContent> {
        self.try_append(leaves).unwrap_or_default()
    }

    /// Like [`Tree::append`], but reports an append past 2^64 - 1 entries as an error.
    pub fn try_append(&mut self, leaves: &[Hash]) -> Result<Vec<TileContent>, TreeError> {
        let too_large = TreeError::TooLarge {
            size: self.size,
            adding: leaves.len(),
        };
        let added = u64::try_from(leaves.len()).map_err(|_| too_large.clone())?;
        let new_size = self.size.checked_add(added).ok_or(too_large)?;
        let mut out = Vec::new();
        let mut incoming: Vec<Hash> = Vec::new();
        for level in 0..MAX_LEVELS {
            let input: &[Hash] = if level == 0 { leaves } else { &incoming };
            if input.is_empty() {
                break;
            }
            if self.edge.len() <= level {
                self.edge.resize_with(level + 1, Vec::new);
            }
            let Some(partial) = self.edge.get_mut(level) else {
                break;
            };
            let level_u8 = u8::try_from(level).unwrap_or(u8::MAX);
            let mut index = hashes_at_level(self.size, level as u32) / TILE_WIDTH;
            let mut completed = Vec::new();
            let mut rest = input;
            loop {
                let room = FULL - partial.len();
                if rest.len() < room {
                    partial.extend_from_slice(rest);
                    break;
                }
                let (fill, tail) = rest.split_at(room);
                partial.extend_from_slice(fill);
                rest = tail;
                completed.push(perfect_root(partial));
                let full = std::mem::replace(partial, Vec::with_capacity(FULL));
                out.push((
                    TileId {
                        level: level_u8,
                        index,
                        width: 256,
                    },
                    full,
                ));
                index += 1;
            }
            if !partial.is_empty() {
                let width = u16::try_from(partial.len()).unwrap_or(u16::MAX);
                out.push((
                    TileId {
                        level: level_u8,
                        index,
                        width,
                    },
                    partial.clone(),
                ));
            }
            incoming = completed;
        }
        self.size = new_size;
        Ok(out)
    }
}

/// Number of tile levels with at least one hash in a tree of `size`.
fn levels_for(size: u64) -> usize {
    (0..MAX_LEVELS as u32)
        .take_while(|&level| hashes_at_level(size, level) > 0)
        .count()
}
