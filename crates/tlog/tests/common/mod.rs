//! Tile stores shared by the integration tests.
#![allow(dead_code, clippy::unwrap_used)]

use std::collections::HashMap;

use tlog::{Hash, TileId, TileReader};

/// Decodes a 64-digit hex string into a hash.
pub fn hex(s: &str) -> Hash {
    assert_eq!(s.len(), 64, "{s}");
    let mut out = [0u8; 32];
    for (i, byte) in out.iter_mut().enumerate() {
        *byte = u8::from_str_radix(&s[2 * i..2 * i + 2], 16).unwrap();
    }
    out
}

/// Decodes a standard base64 string into a hash.
pub fn b64(s: &str) -> Hash {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD
        .decode(s)
        .unwrap()
        .try_into()
        .unwrap()
}

/// Keeps the widest version of every tile and serves narrower requests from its prefix, as
/// blob storage does once a partial tile has been superseded.
#[derive(Default)]
pub struct PrefixTiles {
    pub tiles: HashMap<(u8, u64), Vec<Hash>>,
    pub reads: usize,
}

impl PrefixTiles {
    pub fn store(&mut self, written: &[(TileId, Vec<Hash>)]) {
        for (id, hashes) in written {
            assert_eq!(hashes.len(), usize::from(id.width), "{id}");
            let slot = self.tiles.entry((id.level, id.index)).or_default();
            assert!(hashes.starts_with(slot), "tile {id} rewrote earlier hashes");
            *slot = hashes.clone();
        }
    }
}

impl TileReader for PrefixTiles {
    type Error = String;
    fn read_tile(&mut self, id: TileId) -> Result<Vec<Hash>, String> {
        self.reads += 1;
        let stored = self
            .tiles
            .get(&(id.level, id.index))
            .ok_or_else(|| format!("no tile {id}"))?;
        stored
            .get(..usize::from(id.width))
            .map(<[Hash]>::to_vec)
            .ok_or_else(|| format!("tile {id} is wider than what is stored"))
    }
}

/// Serves only tiles with exactly the id they were written under.
#[derive(Default)]
pub struct ExactTiles {
    pub tiles: HashMap<TileId, Vec<Hash>>,
}

impl ExactTiles {
    pub fn store(&mut self, written: &[(TileId, Vec<Hash>)]) {
        for (id, hashes) in written {
            self.tiles.insert(*id, hashes.clone());
        }
    }
}

impl TileReader for ExactTiles {
    type Error = String;
    fn read_tile(&mut self, id: TileId) -> Result<Vec<Hash>, String> {
        self.tiles
            .get(&id)
            .cloned()
            .ok_or_else(|| format!("no tile {id}"))
    }
}

/// A consistent tree of any size in which every leaf hash is the same: the stored hash at tile
/// level t is the root of a perfect subtree of height 8t built from identical leaves. It lets the
/// tests run proofs on trees of up to 2^64 - 1 entries.
pub struct UniformTiles {
    pub per_level: Vec<Hash>,
}

impl UniformTiles {
    pub fn new(leaf: Hash) -> Self {
        let mut heights = vec![leaf];
        for _ in 0..64 {
            let last = *heights.last().unwrap();
            heights.push(tlog::node_hash(&last, &last));
        }
        UniformTiles {
            per_level: (0..8).map(|t| heights[8 * t]).collect(),
        }
    }
}

impl TileReader for UniformTiles {
    type Error = String;
    fn read_tile(&mut self, id: TileId) -> Result<Vec<Hash>, String> {
        let hash = self
            .per_level
            .get(usize::from(id.level))
            .ok_or("level too high")?;
        Ok(vec![*hash; usize::from(id.width)])
    }
}

/// Returns one hash fewer than asked for, to check that short tiles are reported.
pub struct ShortTiles;

impl TileReader for ShortTiles {
    type Error = String;
    fn read_tile(&mut self, id: TileId) -> Result<Vec<Hash>, String> {
        Ok(vec![[0u8; 32]; usize::from(id.width) - 1])
    }
}
