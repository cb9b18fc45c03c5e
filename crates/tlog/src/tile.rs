//! The C2SP tlog-tiles layout (<https://c2sp.org/tlog-tiles>): how Dataport's log publishes its
//! Merkle tree as immutable, cacheable files, so that monitors and auditors can fetch exactly the
//! hashes they need from blob storage or a CDN instead of asking the server to compute proofs.

use std::fmt;

use crate::hash::Hash;

/// Tree levels spanned by one tile: each tile is a complete subtree of height 8.
pub const TILE_HEIGHT: u32 = 8;
/// Hashes in a full tile.
pub const TILE_WIDTH: u64 = 256;

/// The highest level a tile path may name (the spec allows 0..=63; a u64-sized tree needs 0..=7).
const MAX_PATH_LEVEL: u8 = 63;

/// Identifies one tile: its level (0 holds leaf hashes, level L holds roots of full tiles at level
/// L-1), its index within the level, and its width (1..=256 hashes; 256 is a full tile, anything
/// less is the partial tile at the right edge of some tree size).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TileId {
    pub level: u8,
    pub index: u64,
    pub width: u16,
}

/// A tile or entry-bundle path that is not in the spec's canonical form. Paths come from URLs
/// that anyone can send, so every form the spec does not produce is rejected rather than guessed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PathError {
    #[error("tile path must start with \"tile/\" (or \"tile/entries/\" for entry bundles)")]
    Prefix,
    #[error("tile level must be a decimal number from 0 to 63 without leading zeros")]
    Level,
    #[error(
        "tile index must be groups of three digits, each but the last prefixed with 'x', \
         with no leading 000 group, and fit in 64 bits"
    )]
    Index,
    #[error("partial tile width must be a decimal number from 1 to 255 without leading zeros")]
    Width,
}

/// Tile bytes that do not match the tile they were fetched as.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum TileError {
    #[error("tile {id} has width {}; widths run from 1 to 256", id.width)]
    BadWidth { id: TileId },
    #[error("tile {id} should be {expected} bytes ({} hashes), got {got} bytes", id.width)]
    BadLength {
        id: TileId,
        expected: usize,
        got: usize,
    },
}

impl TileId {
    /// Whether this is a full tile (256 hashes) rather than a partial right-edge tile.
    pub fn is_full(&self) -> bool {
        u64::from(self.width) == TILE_WIDTH
    }

    /// The tile's path relative to the log prefix, e.g. `tile/0/x001/x234/067` or, for a
    /// partial tile, `tile/0/x001/x234/067.p/17`.
    pub fn path(&self) -> String {
        let mut out = format!("tile/{}/", self.level);
        self.push_index_and_width(&mut out);
        out
    }

    /// The path of the entry bundle that matches this level-0 tile, e.g.
    /// `tile/entries/x001/x234/067.p/17`. Only level-0 tiles have entry bundles; the level is not
    /// part of the path.
    pub fn entries_path(&self) -> String {
        let mut out = String::from("tile/entries/");
        self.push_index_and_width(&mut out);
        out
    }

    /// Parses a tile path produced by [`TileId::path`]; anything else is an error.
    pub fn parse(path: &str) -> Result<TileId, PathError> {
        let rest = path.strip_prefix("tile/").ok_or(PathError::Prefix)?;
        let (level, rest) = rest.split_once('/').ok_or(PathError::Level)?;
        let level = parse_level(level)?;
        let (index, width) = parse_index_and_width(rest)?;
        Ok(TileId {
            level,
            index,
            width,
        })
    }

    /// Parses an entry-bundle path produced by [`TileId::entries_path`]; the result is a level-0
    /// tile id.
    pub fn parse_entries(path: &str) -> Result<TileId, PathError> {
        let rest = path
            .strip_prefix("tile/entries/")
            .ok_or(PathError::Prefix)?;
        let (index, width) = parse_index_and_width(rest)?;
        Ok(TileId {
            level: 0,
            index,
            width,
        })
    }

    /// Appends `<N>[.p/<W>]`: N in groups of three digits, every group but the last prefixed
    /// with 'x', so that no path is both a file and a directory on a file system.
    fn push_index_and_width(&self, out: &mut String) {
        let digits = self.index.to_string();
        let padded = format!("{digits:0>width$}", width = digits.len().div_ceil(3) * 3);
        let groups: Vec<&str> = padded
            .as_bytes()
            .chunks(3)
            .map(|g| std::str::from_utf8(g).unwrap_or("000"))
            .collect();
        if let Some((last, leading)) = groups.split_last() {
            for group in leading {
                out.push('x');
                out.push_str(group);
                out.push('/');
            }
            out.push_str(last);
        }
        if !self.is_full() {
            out.push_str(".p/");
            out.push_str(&self.width.to_string());
        }
    }
}

impl fmt::Display for TileId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.path())
    }
}

fn is_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// A decimal number without sign, spaces or leading zeros (except "0" itself).
fn parse_canonical_decimal(s: &str) -> Option<u64> {
    if !is_digits(s) || (s.len() > 1 && s.starts_with('0')) {
        return None;
    }
    s.parse().ok()
}

fn parse_level(s: &str) -> Result<u8, PathError> {
    match parse_canonical_decimal(s) {
        Some(level) if level <= u64::from(MAX_PATH_LEVEL) => {
            u8::try_from(level).map_err(|_| PathError::Level)
        }
        _ => Err(PathError::Level),
    }
}

fn parse_index_and_width(s: &str) -> Result<(u64, u16), PathError> {
    let mut parts = s.split('/');
    let mut index: u64 = 0;
    let mut groups = 0usize;
    loop {
        let part = parts.next().ok_or(PathError::Index)?;
        groups += 1;
        if let Some(group) = part.strip_prefix('x') {
            // A non-final group. A leading 000 group is a second spelling of a smaller index.
            if groups == 1 && group == "000" {
                return Err(PathError::Index);
            }
            index = push_group(index, group)?;
            continue;
        }
        let (group, partial) = match part.strip_suffix(".p") {
            Some(group) => (group, true),
            None => (part, false),
        };
        index = push_group(index, group)?;
        let width = if partial {
            let w = parts.next().ok_or(PathError::Width)?;
            match parse_canonical_decimal(w) {
                Some(w @ 1..=255) => u16::try_from(w).map_err(|_| PathError::Width)?,
                _ => return Err(PathError::Width),
            }
        } else {
            // TILE_WIDTH is 256.
            256
        };
        if parts.next().is_some() {
            return Err(if partial {
                PathError::Width
            } else {
                PathError::Index
            });
        }
        return Ok((index, width));
    }
}

fn push_group(index: u64, group: &str) -> Result<u64, PathError> {
    if group.len() != 3 || !is_digits(group) {
        return Err(PathError::Index);
    }
    let value: u64 = group.parse().map_err(|_| PathError::Index)?;
    index
        .checked_mul(1000)
        .and_then(|i| i.checked_add(value))
        .ok_or(PathError::Index)
}

/// Number of hashes stored at tile level `level` for a tree of `size` leaves (size / 256^level).
pub(crate) fn hashes_at_level(size: u64, level: u32) -> u64 {
    size.checked_shr(level.saturating_mul(TILE_HEIGHT))
        .unwrap_or(0)
}

fn width_u16(w: u64) -> u16 {
    // Callers pass values from 1 to 256.
    u16::try_from(w).unwrap_or(u16::MAX)
}

/// Every tile of a tree of `size` entries: all full tiles and the partial tile at each level
/// that has one, ordered by level and then index. Monitors use it to know what to fetch.
pub fn tiles_for_size(size: u64) -> Vec<TileId> {
    new_tiles(0, size)
}

/// The tiles that appear or change when a tree grows from `old_size` to `new_size`: full tiles
/// that were partial (or absent) before, and the new partial tile at each level that changed.
/// Ordered by level and then index; empty if `new_size <= old_size`. The sequencer writes exactly
/// these after each append, and a monitor fetches exactly these to catch up.
pub fn new_tiles(old_size: u64, new_size: u64) -> Vec<TileId> {
    let mut out = Vec::new();
    if new_size <= old_size {
        return out;
    }
    for level in 0u8..=7 {
        let old = hashes_at_level(old_size, u32::from(level));
        let new = hashes_at_level(new_size, u32::from(level));
        if new == old {
            break;
        }
        let full_end = new / TILE_WIDTH;
        for index in old / TILE_WIDTH..full_end {
            out.push(TileId {
                level,
                index,
                width: 256,
            });
        }
        let partial = new % TILE_WIDTH;
        if partial > 0 {
            out.push(TileId {
                level,
                index: full_end,
                width: width_u16(partial),
            });
        }
    }
    out
}

/// The partial tiles at the right edge of a tree of `size`: one per level whose hash count is not
/// a multiple of 256, ordered by level. [`crate::Tree::restore`] needs exactly these.
pub fn right_edge_tiles(size: u64) -> Vec<TileId> {
    let mut out = Vec::new();
    for level in 0u8..=7 {
        let count = hashes_at_level(size, u32::from(level));
        if count == 0 {
            break;
        }
        let partial = count % TILE_WIDTH;
        if partial > 0 {
            out.push(TileId {
                level,
                index: count / TILE_WIDTH,
                width: width_u16(partial),
            });
        }
    }
    out
}

/// The tile file: the tile's hashes concatenated, 32 bytes each.
pub fn encode_tile(hashes: &[Hash]) -> Vec<u8> {
    hashes.concat()
}

/// Reads a tile file fetched as `id`, checking that it holds exactly `id.width` hashes.
pub fn decode_tile(id: TileId, bytes: &[u8]) -> Result<Vec<Hash>, TileError> {
    if id.width == 0 || u64::from(id.width) > TILE_WIDTH {
        return Err(TileError::BadWidth { id });
    }
    let expected = usize::from(id.width) * 32;
    if bytes.len() != expected {
        return Err(TileError::BadLength {
            id,
            expected,
            got: bytes.len(),
        });
    }
    Ok(bytes
        .chunks_exact(32)
        .map(|chunk| {
            let mut hash = [0u8; 32];
            hash.copy_from_slice(chunk);
            hash
        })
        .collect())
}
