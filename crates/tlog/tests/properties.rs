//! Property tests with seeded randomness: the tiled, incremental tree against the RFC 9162
//! reference definition (`root_of`), proofs from tiles against the verifiers, and restore.
#![allow(clippy::unwrap_used)]

mod common;

use std::collections::HashMap;

use common::{ExactTiles, PrefixTiles, ShortTiles, UniformTiles};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use tlog::{
    Hash, ProofError, TileId, Tree, TreeError, consistency_proof, inclusion_proof,
    inclusion_proofs, leaf_hash, new_tiles, right_edge_tiles, root_from_tiles, root_of,
    subtree_hash, verify_consistency, verify_inclusion,
};

fn leaves(n: usize) -> Vec<Hash> {
    (0..n)
        .map(|i| leaf_hash(format!("entry {i}").as_bytes()))
        .collect()
}

/// A log grown by appends of random sizes, with everything it wrote.
struct Log {
    tree: Tree,
    prefix: PrefixTiles,
    exact: ExactTiles,
    /// Tree sizes after each append.
    sizes: Vec<u64>,
}

/// Grows a log over `leaves`, with batch sizes from `batch` and stopping at every size in
/// `stops`, checking each append against `new_tiles` and, every `check_every` appends, the root
/// against the reference.
fn grow(
    leaves: &[Hash],
    rng: &mut StdRng,
    batch: std::ops::RangeInclusive<usize>,
    stops: &[usize],
    check_every: usize,
) -> Log {
    let mut log = Log {
        tree: Tree::new(),
        prefix: PrefixTiles::default(),
        exact: ExactTiles::default(),
        sizes: Vec::new(),
    };
    let mut done = 0;
    while done < leaves.len() {
        let mut end = (done + rng.gen_range(batch.clone())).min(leaves.len());
        if let Some(&stop) = stops.iter().find(|&&s| s > done && s < end) {
            end = stop;
        }
        let old = log.tree.size();
        let written = log.tree.append(&leaves[done..end]);
        done = end;
        let new = log.tree.size();
        assert_eq!(new, done as u64);
        let ids: Vec<TileId> = written.iter().map(|(id, _)| *id).collect();
        assert_eq!(ids, new_tiles(old, new), "append {old} -> {new}");
        log.prefix.store(&written);
        log.exact.store(&written);
        log.sizes.push(new);
        if log.sizes.len().is_multiple_of(check_every) || done == leaves.len() {
            assert_eq!(log.tree.root(), root_of(&leaves[..done]), "root at {done}");
        }
    }
    log
}

/// Checks every stored tile against the reference definition of its hashes.
fn check_tile_contents(store: &PrefixTiles, leaves: &[Hash]) {
    for (&(level, index), hashes) in &store.tiles {
        let span = 1usize << (8 * u32::from(level));
        for (i, hash) in hashes.iter().enumerate() {
            let start = (index as usize * 256 + i) * span;
            assert_eq!(
                *hash,
                root_of(&leaves[start..start + span]),
                "tile {level}/{index}[{i}]"
            );
        }
    }
}

fn assert_inclusion(
    store: &mut PrefixTiles,
    leaves: &[Hash],
    roots: &mut HashMap<u64, Hash>,
    index: u64,
    size: u64,
    rng: &mut StdRng,
) {
    let root = *roots
        .entry(size)
        .or_insert_with(|| root_of(&leaves[..size as usize]));
    let leaf = leaves[index as usize];
    let proof = inclusion_proof(index, size, store).unwrap();
    verify_inclusion(&leaf, index, size, &proof, &root)
        .unwrap_or_else(|e| panic!("{index}/{size}: {e}"));

    // Every single-bit change to the proof is caught.
    if !proof.is_empty() {
        let mut bad = proof.clone();
        let (i, byte, bit) = (
            rng.gen_range(0..bad.len()),
            rng.gen_range(0..32),
            rng.gen_range(0..8),
        );
        bad[i][byte] ^= 1 << bit;
        assert!(verify_inclusion(&leaf, index, size, &bad, &root).is_err());
        assert!(verify_inclusion(&leaf, index, size, &bad[1..], &root).is_err());
    }
    let mut longer = proof.clone();
    longer.push(root);
    assert!(verify_inclusion(&leaf, index, size, &longer, &root).is_err());
    // Wrong leaf, wrong index, wrong root.
    assert!(verify_inclusion(&leaf_hash(b"other"), index, size, &proof, &root).is_err());
    let other_index = if index + 1 < size {
        index + 1
    } else {
        index.wrapping_sub(1)
    };
    if size > 1 {
        assert!(verify_inclusion(&leaf, other_index, size, &proof, &root).is_err());
    }
    assert!(verify_inclusion(&leaf, size, size, &proof, &root).is_err());
    let mut bad_root = root;
    bad_root[rng.gen_range(0..32)] ^= 1 << rng.gen_range(0..8);
    assert!(verify_inclusion(&leaf, index, size, &proof, &bad_root).is_err());
    // The proof is for this tree size only: in another tree it fails unless it is that tree's
    // proof too.
    // Sizes whose roots are already known keep this cheap.
    let known: Vec<(u64, Hash)> = roots
        .iter()
        .filter(|(s, _)| **s > index)
        .map(|(s, r)| (*s, *r))
        .collect();
    let (other_size, other_root) = known[rng.gen_range(0..known.len())];
    if other_size != size {
        let other_proof = inclusion_proof(index, other_size, store).unwrap();
        let result = verify_inclusion(&leaf, index, other_size, &proof, &other_root);
        assert_eq!(
            result.is_ok(),
            other_proof == proof,
            "{index}: {size} vs {other_size}"
        );
    }
}

fn assert_consistency(
    store: &mut PrefixTiles,
    leaves: &[Hash],
    roots: &mut HashMap<u64, Hash>,
    old: u64,
    new: u64,
    rng: &mut StdRng,
) {
    let old_root = *roots
        .entry(old)
        .or_insert_with(|| root_of(&leaves[..old as usize]));
    let new_root = *roots
        .entry(new)
        .or_insert_with(|| root_of(&leaves[..new as usize]));
    let proof = consistency_proof(old, new, store).unwrap();
    verify_consistency(old, new, &proof, &old_root, &new_root)
        .unwrap_or_else(|e| panic!("{old} -> {new}: {e}"));
    if old == 0 || old == new {
        assert!(proof.is_empty());
        return;
    }
    let mut bad = proof.clone();
    let i = rng.gen_range(0..bad.len());
    bad[i][rng.gen_range(0..32)] ^= 1 << rng.gen_range(0..8);
    assert!(verify_consistency(old, new, &bad, &old_root, &new_root).is_err());
    assert!(verify_consistency(old, new, &proof[1..], &old_root, &new_root).is_err());
    let mut longer = proof.clone();
    longer.push(new_root);
    assert!(verify_consistency(old, new, &longer, &old_root, &new_root).is_err());
    assert!(verify_consistency(old, new, &proof, &new_root, &old_root).is_err());
    let mut bad_root = old_root;
    bad_root[0] ^= 0x80;
    assert!(verify_consistency(old, new, &proof, &bad_root, &new_root).is_err());
    let mut bad_root = new_root;
    bad_root[31] ^= 1;
    assert!(verify_consistency(old, new, &proof, &old_root, &bad_root).is_err());
    // Against a different old tree.
    let other_old = old - 1;
    if other_old > 0 {
        let other_root = *roots
            .entry(other_old)
            .or_insert_with(|| root_of(&leaves[..other_old as usize]));
        assert!(verify_consistency(other_old, new, &proof, &other_root, &new_root).is_err());
        assert!(verify_consistency(old, new, &proof, &other_root, &new_root).is_err());
    }
}

#[test]
fn small_trees_match_the_reference() {
    let leaves = leaves(600);
    let all_roots: Vec<Hash> = (0..=600).map(|n| root_of(&leaves[..n])).collect();
    for seed in 0..4 {
        let mut rng = StdRng::seed_from_u64(seed);
        // Seed 0 appends one entry at a time, so it passes through every size.
        let batch = if seed == 0 {
            1..=1
        } else {
            1..=(40 * seed as usize)
        };
        let mut log = grow(&leaves, &mut rng, batch, &[255, 256, 257, 511, 512, 513], 1);
        check_tile_contents(&log.prefix, &leaves);
        for size in 0..=600u64 {
            let root = all_roots[size as usize];
            assert_eq!(
                root_from_tiles(size, &mut log.prefix).unwrap(),
                root,
                "size {size}"
            );
        }
        // The exact store only has the tile versions of sizes an append ended at.
        for &size in &log.sizes {
            assert_eq!(
                root_from_tiles(size, &mut log.exact).unwrap(),
                all_roots[size as usize],
                "exact tiles at size {size}"
            );
        }
    }
}

#[test]
fn inclusion_proofs_in_small_trees() {
    let leaves = leaves(600);
    let mut rng = StdRng::seed_from_u64(11);
    let mut log = grow(&leaves, &mut rng, 1..=50, &[], 10);
    let mut roots = HashMap::new();
    let mut sizes: Vec<u64> = (1..=70).collect();
    sizes.extend([127, 128, 129, 255, 256, 257, 511, 512, 513, 600]);
    for &size in &sizes {
        for index in 0..size {
            assert_inclusion(&mut log.prefix, &leaves, &mut roots, index, size, &mut rng);
        }
    }
    for _ in 0..1000 {
        let size = rng.gen_range(1..=600);
        let index = rng.gen_range(0..size);
        assert_inclusion(&mut log.prefix, &leaves, &mut roots, index, size, &mut rng);
    }
    // Proofs from exactly the tiles each append wrote, singly and in batches.
    for &size in &log.sizes {
        let index = rng.gen_range(0..size);
        let proof = inclusion_proof(index, size, &mut log.exact).unwrap();
        assert_eq!(
            proof,
            inclusion_proof(index, size, &mut log.prefix).unwrap()
        );
        let indices: Vec<u64> = (0..size).collect();
        let batch = inclusion_proofs(&indices, size, &mut log.exact).unwrap();
        for (index, proof) in indices.iter().zip(&batch) {
            let root = roots
                .entry(size)
                .or_insert_with(|| root_of(&leaves[..size as usize]));
            verify_inclusion(&leaves[*index as usize], *index, size, proof, root).unwrap();
        }
    }
}

#[test]
fn consistency_proofs_in_small_trees() {
    let leaves = leaves(600);
    let mut rng = StdRng::seed_from_u64(12);
    let mut log = grow(&leaves, &mut rng, 1..=50, &[], 10);
    let mut roots = HashMap::new();
    for new in 0..=64 {
        for old in 0..=new {
            assert_consistency(&mut log.prefix, &leaves, &mut roots, old, new, &mut rng);
        }
    }
    for _ in 0..2000 {
        let new = rng.gen_range(1..=600);
        let old = rng.gen_range(1..=new);
        assert_consistency(&mut log.prefix, &leaves, &mut roots, old, new, &mut rng);
    }
    for pair in log.sizes.windows(2) {
        let proof = consistency_proof(pair[0], pair[1], &mut log.exact).unwrap();
        assert_eq!(
            proof,
            consistency_proof(pair[0], pair[1], &mut log.prefix).unwrap()
        );
    }
}

#[test]
fn larger_trees_across_tile_levels() {
    let leaves = leaves(70_000);
    let mut rng = StdRng::seed_from_u64(13);
    let stops = [256, 65_535, 65_536, 65_537, 65_792];
    let mut log = grow(&leaves, &mut rng, 1..=3000, &stops, 8);
    let mut roots = HashMap::new();
    for size in [65_536u64, 65_537, 70_000] {
        let root = root_of(&leaves[..size as usize]);
        roots.insert(size, root);
        assert_eq!(
            root_from_tiles(size, &mut log.prefix).unwrap(),
            root,
            "size {size}"
        );
        assert_eq!(
            root_from_tiles(size, &mut log.exact).unwrap(),
            root,
            "exact {size}"
        );
        let mut indices = vec![0, size - 1, 255, 256, 65_535.min(size - 1)];
        indices.extend((0..150).map(|_| rng.gen_range(0..size)));
        for index in indices {
            assert_inclusion(&mut log.prefix, &leaves, &mut roots, index, size, &mut rng);
        }
    }
    // Level-1 and level-2 subtrees straight from the tiles.
    assert_eq!(
        subtree_hash(8, 3, 70_000, &mut log.prefix).unwrap(),
        root_of(&leaves[768..1024])
    );
    assert_eq!(
        subtree_hash(16, 0, 70_000, &mut log.prefix).unwrap(),
        root_of(&leaves[..65_536])
    );
    assert_eq!(
        subtree_hash(11, 33, 70_000, &mut log.prefix).unwrap(),
        root_of(&leaves[33 * 2048..34 * 2048])
    );
    assert!(subtree_hash(17, 0, 70_000, &mut log.prefix).is_err());
    let pairs = [
        (1, 70_000),
        (256, 65_536),
        (65_535, 65_536),
        (65_536, 65_537),
        (65_537, 70_000),
        (65_536, 70_000),
        (257, 65_792),
    ];
    for (old, new) in pairs {
        assert_consistency(&mut log.prefix, &leaves, &mut roots, old, new, &mut rng);
    }
    for _ in 0..20 {
        let new = log.sizes[rng.gen_range(0..log.sizes.len())];
        let old = rng.gen_range(1..=new);
        assert_consistency(&mut log.prefix, &leaves, &mut roots, old, new, &mut rng);
    }
    // Batched proofs are the same proofs.
    for size in [65_536u64, 65_537, 70_000] {
        let mut indices: Vec<u64> = (size - 300..size).collect();
        indices.extend((0..100).map(|_| rng.gen_range(0..size)));
        indices.extend([0, 255, 256, 65_535]);
        let batch = inclusion_proofs(&indices, size, &mut log.prefix).unwrap();
        for (index, proof) in indices.iter().zip(&batch) {
            assert_eq!(
                *proof,
                inclusion_proof(*index, size, &mut log.prefix).unwrap(),
                "{index}"
            );
        }
    }
    assert!(matches!(
        inclusion_proofs(&[1, 70_000], 70_000, &mut log.prefix),
        Err(ProofError::Range { .. })
    ));
    assert!(
        inclusion_proofs(&[], 70_000, &mut log.prefix)
            .unwrap()
            .is_empty()
    );
    // Each tile is read at most once per proof.
    log.prefix.reads = 0;
    inclusion_proof(12_345, 70_000, &mut log.prefix).unwrap();
    assert!(log.prefix.reads <= 4, "{} reads", log.prefix.reads);
}

#[test]
fn restore_continues_identically() {
    let leaves = leaves(70_000);
    let mut rng = StdRng::seed_from_u64(14);
    let mut tree = Tree::new();
    let mut store = ExactTiles::default();
    let mut done = 0;
    while done < leaves.len() {
        // Restore from the tiles the last append wrote, then continue both trees.
        let size = tree.size();
        let edge: Vec<(TileId, Vec<Hash>)> = right_edge_tiles(size)
            .into_iter()
            .rev()
            .map(|id| (id, store.tiles[&id].clone()))
            .collect();
        let mut restored = Tree::restore(size, &edge).unwrap();
        assert_eq!(restored, tree, "restore at {size}");
        assert_eq!(restored.root(), tree.root());
        let end = (done + rng.gen_range(1..=2500)).min(leaves.len());
        let written = tree.append(&leaves[done..end]);
        assert_eq!(restored.append(&leaves[done..end]), written);
        store.store(&written);
        done = end;
    }
    assert_eq!(tree.root(), root_of(&leaves));
}

#[test]
fn restore_rejects_bad_input() {
    let leaves = leaves(70_000);
    let mut tree = Tree::new();
    let mut store = ExactTiles::default();
    store.store(&tree.append(&leaves));
    let edge: Vec<(TileId, Vec<Hash>)> = right_edge_tiles(70_000)
        .into_iter()
        .map(|id| (id, store.tiles[&id].clone()))
        .collect();
    assert_eq!(Tree::restore(70_000, &edge).unwrap(), tree);

    let missing = &edge[1..];
    assert_eq!(
        Tree::restore(70_000, missing),
        Err(TreeError::MissingTile(edge[0].0))
    );

    let mut wrong_width = edge.clone();
    wrong_width[1].0.width = 16;
    wrong_width[1].1.pop();
    assert!(matches!(
        Tree::restore(70_000, &wrong_width),
        Err(TreeError::WrongWidth { .. })
    ));

    let mut wrong_count = edge.clone();
    wrong_count[2].1.push([0; 32]);
    assert!(matches!(
        Tree::restore(70_000, &wrong_count),
        Err(TreeError::WrongHashCount { .. })
    ));

    let mut duplicate = edge.clone();
    duplicate.push(edge[0].clone());
    assert!(matches!(
        Tree::restore(70_000, &duplicate),
        Err(TreeError::DuplicateTile(_))
    ));

    let mut unexpected = edge.clone();
    unexpected.push((
        TileId {
            level: 0,
            index: 0,
            width: 256,
        },
        store.tiles[&TileId {
            level: 0,
            index: 0,
            width: 256,
        }]
            .clone(),
    ));
    assert!(matches!(
        Tree::restore(70_000, &unexpected),
        Err(TreeError::UnexpectedTile(_))
    ));

    assert_eq!(Tree::restore(0, &[]).unwrap(), Tree::new());
    assert_eq!(
        Tree::restore(65_536, &[]),
        Err(TreeError::MissingTile(TileId {
            level: 2,
            index: 0,
            width: 1
        }))
    );
    assert!(Tree::restore(0, &edge).is_err());
}

#[test]
fn trees_up_to_u64_max() {
    let mut uniform = UniformTiles::new(leaf_hash(b"same"));
    let leaf = uniform.per_level[0];
    let mut rng = StdRng::seed_from_u64(15);
    let mut sizes = vec![
        u64::MAX,
        u64::MAX - 1,
        1 << 63,
        (1 << 63) + 1,
        (1 << 63) - 1,
        1 << 40,
    ];
    sizes.extend((0..20).map(|_| rng.r#gen::<u64>() >> rng.gen_range(0..64)));
    for &size in sizes.iter().filter(|&&s| s > 0) {
        let root = root_from_tiles(size, &mut uniform).unwrap();
        for index in [0, size - 1, size / 2, rng.gen_range(0..size)] {
            let proof = inclusion_proof(index, size, &mut uniform).unwrap();
            assert!(proof.len() <= 64);
            verify_inclusion(&leaf, index, size, &proof, &root)
                .unwrap_or_else(|e| panic!("{index}/{size}: {e}"));
            let mut bad = proof.clone();
            if let Some(first) = bad.first_mut() {
                first[0] ^= 1;
                assert!(verify_inclusion(&leaf, index, size, &bad, &root).is_err());
            }
        }
        for old in [1, size / 3, size - 1, rng.gen_range(1..=size)] {
            if old == 0 {
                continue;
            }
            let old_root = root_from_tiles(old, &mut uniform).unwrap();
            let proof = consistency_proof(old, size, &mut uniform).unwrap();
            verify_consistency(old, size, &proof, &old_root, &root)
                .unwrap_or_else(|e| panic!("{old} -> {size}: {e}"));
        }
        // The sequencer's view of the same tree agrees, and refuses to overflow.
        let edge: Vec<(TileId, Vec<Hash>)> = right_edge_tiles(size)
            .into_iter()
            .map(|id| {
                let hashes = tlog::TileReader::read_tile(&mut uniform, id).unwrap();
                (id, hashes)
            })
            .collect();
        let mut tree = Tree::restore(size, &edge).unwrap();
        assert_eq!(tree.root(), root, "size {size}");
        if size == u64::MAX {
            assert!(matches!(
                tree.try_append(&[leaf]),
                Err(TreeError::TooLarge { .. })
            ));
            assert!(tree.append(&[leaf]).is_empty());
            assert_eq!(tree.size(), u64::MAX);
            assert_eq!(tree.root(), root);
        }
    }
    // Verifiers survive extreme arguments.
    let h = [0u8; 32];
    assert!(verify_inclusion(&h, u64::MAX, u64::MAX, &[], &h).is_err());
    assert!(verify_inclusion(&h, u64::MAX - 1, u64::MAX, &[h; 64], &h).is_err());
    assert!(verify_inclusion(&h, 0, u64::MAX, &[h; 200], &h).is_err());
    assert!(verify_consistency(u64::MAX - 1, u64::MAX, &[h; 200], &h, &h).is_err());
    assert!(verify_consistency(1, u64::MAX, &[h; 64], &h, &h).is_err());
    assert!(verify_consistency(u64::MAX, 1, &[], &h, &h).is_err());
}

#[test]
fn proof_errors() {
    let mut store = PrefixTiles::default();
    let mut tree = Tree::new();
    store.store(&tree.append(&leaves(300)));
    assert!(matches!(
        inclusion_proof(300, 300, &mut store),
        Err(ProofError::Range { .. })
    ));
    assert!(matches!(
        inclusion_proof(0, 0, &mut store),
        Err(ProofError::Range { .. })
    ));
    assert!(matches!(
        consistency_proof(5, 4, &mut store),
        Err(ProofError::Range { .. })
    ));
    assert!(matches!(
        subtree_hash(9, 0, 300, &mut store),
        Err(ProofError::Range { .. })
    ));
    assert!(matches!(
        subtree_hash(0, u64::MAX, u64::MAX, &mut store),
        Err(ProofError::Range { .. })
    ));
    assert!(matches!(
        subtree_hash(0, u64::MAX - 1, u64::MAX, &mut store),
        Err(ProofError::Reader(_))
    ));
    // Asking about a bigger tree than the store holds is a reader error, not a panic.
    assert!(matches!(
        inclusion_proof(0, 1000, &mut store),
        Err(ProofError::Reader(_))
    ));
    let err = root_from_tiles(5, &mut ShortTiles).unwrap_err();
    assert!(matches!(err, ProofError::BadTile { got: 4, .. }), "{err}");
    assert_eq!(
        err.to_string(),
        "tile tile/0/000.p/5 was read with 4 hashes instead of 5"
    );
    let err = inclusion_proof(7, 5, &mut store).unwrap_err();
    assert_eq!(
        err.to_string(),
        "request out of range: entry 7 is not in a tree of size 5"
    );
}

/// A reader that remembers the interior hashes proofs offer it, optionally corrupting them.
struct Remembering {
    tiles: PrefixTiles,
    interior: HashMap<(u32, u64), Hash>,
    corrupt: bool,
}

impl tlog::TileReader for Remembering {
    type Error = String;
    fn read_tile(&mut self, id: TileId) -> Result<Vec<Hash>, String> {
        self.tiles.read_tile(id)
    }
    fn remembered(&mut self, height: u32, index: u64) -> Option<Hash> {
        self.interior.get(&(height, index)).map(|h| {
            let mut h = *h;
            if self.corrupt {
                h[0] ^= 1;
            }
            h
        })
    }
    fn remember(&mut self, height: u32, index: u64, hash: Hash) {
        self.interior.insert((height, index), hash);
    }
}

#[test]
fn remembered_interior_hashes_give_the_same_proofs_and_are_used() {
    let mut rng = StdRng::seed_from_u64(7);
    let all = leaves(70_000);
    let mut log = grow(&all, &mut rng, 1..=9_000, &[], 4);
    let size = log.tree.size();
    let root = log.tree.root();
    let mut reader = Remembering {
        tiles: std::mem::take(&mut log.prefix),
        interior: HashMap::new(),
        corrupt: false,
    };
    for _ in 0..300 {
        let index = rng.gen_range(0..size);
        let old = rng.gen_range(1..=size);
        let remembered = inclusion_proof(index, size, &mut reader).unwrap();
        assert_eq!(
            remembered,
            inclusion_proof(index, size, &mut reader.tiles).unwrap()
        );
        verify_inclusion(&all[index as usize], index, size, &remembered, &root).unwrap();
        let consistency = consistency_proof(old, size, &mut reader).unwrap();
        assert_eq!(
            consistency,
            consistency_proof(old, size, &mut reader.tiles).unwrap()
        );
    }
    assert!(
        !reader.interior.is_empty(),
        "wide interior hashes were offered"
    );
    // Remembered hashes are really used: corrupted ones break the proofs.
    reader.corrupt = true;
    let broken = (0..50).any(|_| {
        let index = rng.gen_range(0..size);
        let proof = inclusion_proof(index, size, &mut reader).unwrap();
        verify_inclusion(&all[index as usize], index, size, &proof, &root).is_err()
    });
    assert!(broken);
}
