//! RFC 9162 §2.1.1 Merkle tree hashing with domain separation between leaves and interior nodes,
//! so that a leaf can never be passed off as an interior node (or the other way round).

use sha2::{Digest, Sha256};

/// A SHA-256 Merkle tree hash: a leaf hash, an interior node hash or a tree root.
pub type Hash = [u8; 32];

/// The root of the empty tree: SHA-256 of the empty string (RFC 9162 §2.1.1).
pub const EMPTY_ROOT: Hash = [
    0xe3, 0xb0, 0xc4, 0x42, 0x98, 0xfc, 0x1c, 0x14, 0x9a, 0xfb, 0xf4, 0xc8, 0x99, 0x6f, 0xb9, 0x24,
    0x27, 0xae, 0x41, 0xe4, 0x64, 0x9b, 0x93, 0x4c, 0xa4, 0x95, 0x99, 0x1b, 0x78, 0x52, 0xb8, 0x55,
];

/// The hash of a log entry: SHA-256(0x00 || entry).
pub fn leaf_hash(entry: &[u8]) -> Hash {
    let mut hasher = Sha256::new();
    hasher.update([0x00]);
    hasher.update(entry);
    hasher.finalize().into()
}

/// The hash of an interior node: SHA-256(0x01 || left || right).
pub fn node_hash(left: &Hash, right: &Hash) -> Hash {
    // One contiguous buffer keeps this to a single `update`; it is the hottest function in
    // proof generation and verification.
    let mut buf = [0u8; 65];
    buf[0] = 0x01;
    buf[1..33].copy_from_slice(left);
    buf[33..].copy_from_slice(right);
    Sha256::digest(buf).into()
}

/// The root of a tree whose leaf hashes are `leaves`, computed straight from the recursive
/// definition in RFC 9162 §2.1.1. It holds every leaf in memory, so Dataport uses it as the
/// reference that the tiled, incremental code is checked against, and in tools.
pub fn root_of(leaves: &[Hash]) -> Hash {
    match leaves {
        [] => EMPTY_ROOT,
        [only] => *only,
        _ => {
            let k = split_point(leaves.len());
            let (left, right) = leaves.split_at(k);
            node_hash(&root_of(left), &root_of(right))
        }
    }
}

/// The largest power of two strictly below `n` (n >= 2), where RFC 9162 splits a tree of n leaves.
fn split_point(n: usize) -> usize {
    1 << (usize::BITS - 1 - (n - 1).leading_zeros())
}

/// The largest power of two strictly below `n`, for `n >= 2`.
pub(crate) fn largest_pow2_below(n: u64) -> u64 {
    debug_assert!(n >= 2);
    1 << (63 - (n.saturating_sub(1)).leading_zeros().min(63))
}

/// The root of a perfect subtree whose bottom row is `hashes` (length a power of two, at most 256).
/// The first pairing writes into a stack buffer, so no allocation happens on the proof paths.
pub(crate) fn perfect_root(hashes: &[Hash]) -> Hash {
    match hashes {
        [] => EMPTY_ROOT,
        [only] => *only,
        _ => {
            let mut buf = [[0u8; 32]; 128];
            let mut len = hashes.len() / 2;
            for (slot, pair) in buf.iter_mut().zip(hashes.chunks_exact(2)) {
                *slot = node_hash(&pair[0], &pair[1]);
            }
            while len > 1 {
                for i in 0..len / 2 {
                    buf[i] = node_hash(&buf[2 * i], &buf[2 * i + 1]);
                }
                len /= 2;
            }
            buf[0]
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_root_is_sha256_of_nothing() {
        let digest: Hash = Sha256::digest([]).into();
        assert_eq!(EMPTY_ROOT, digest);
        assert_eq!(root_of(&[]), EMPTY_ROOT);
    }

    #[test]
    fn split_points() {
        assert_eq!(largest_pow2_below(2), 1);
        assert_eq!(largest_pow2_below(3), 2);
        assert_eq!(largest_pow2_below(4), 2);
        assert_eq!(largest_pow2_below(5), 4);
        assert_eq!(largest_pow2_below(u64::MAX), 1 << 63);
        assert_eq!(split_point(2), 1);
        assert_eq!(split_point(8), 4);
        assert_eq!(split_point(9), 8);
    }

    #[test]
    fn perfect_root_matches_reference() {
        let leaves: Vec<Hash> = (0u32..256).map(|i| leaf_hash(&i.to_be_bytes())).collect();
        for n in [1usize, 2, 4, 8, 16, 32, 64, 128, 256] {
            assert_eq!(perfect_root(&leaves[..n]), root_of(&leaves[..n]), "n = {n}");
        }
    }
}
