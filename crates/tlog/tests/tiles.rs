//! Tile paths, tile sets and tile files.
//!
//! Path examples come from the C2SP tlog-tiles spec (index 1234067 is `x001/x234/067`; a tree of
//! 70,000 entries has 273 full level-0 tiles, a level-0 partial of width 112, one full level-1
//! tile, a level-1 partial of width 17 and a level-2 partial of width 1) and from Go's
//! golang.org/x/mod/sumdb/tlog `tlog_test.go` (tilePaths, FuzzParseTilePath seeds) and
//! `tile_test.go` (TestNewTilesForSize), adapted from Go's height-in-path layout and tile
//! height 10 to the C2SP layout with height 8.
#![allow(clippy::unwrap_used)]

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use tlog::{
    PathError, TileError, TileId, decode_tile, encode_tile, new_tiles, right_edge_tiles,
    tiles_for_size,
};

fn id(level: u8, index: u64, width: u16) -> TileId {
    TileId {
        level,
        index,
        width,
    }
}

#[test]
fn spec_paths() {
    assert_eq!(id(0, 1_234_067, 256).path(), "tile/0/x001/x234/067");
    assert_eq!(id(0, 1_234_067, 17).path(), "tile/0/x001/x234/067.p/17");
    assert_eq!(
        id(0, 1_234_067, 256).entries_path(),
        "tile/entries/x001/x234/067"
    );
    assert_eq!(
        id(0, 1_234_067, 17).entries_path(),
        "tile/entries/x001/x234/067.p/17"
    );
    assert_eq!(id(1, 5, 256).path(), "tile/1/005");
    assert_eq!(id(2, 0, 1).path(), "tile/2/000.p/1");
    assert_eq!(id(0, 999, 256).path(), "tile/0/999");
    assert_eq!(id(0, 1000, 255).path(), "tile/0/x001/000.p/255");
    assert_eq!(id(3, 123_456_078, 2).path(), "tile/3/x123/x456/078.p/2");
    assert_eq!(
        id(7, u64::MAX, 256).path(),
        "tile/7/x018/x446/x744/x073/x709/x551/615"
    );
    assert_eq!(id(0, 7, 256).to_string(), "tile/0/007");
}

#[test]
fn parse_accepts_canonical_paths() {
    let cases = [
        ("tile/0/x001/x234/067", id(0, 1_234_067, 256)),
        ("tile/0/x001/x234/067.p/17", id(0, 1_234_067, 17)),
        ("tile/0/001", id(0, 1, 256)),
        ("tile/4/001.p/5", id(4, 1, 5)),
        ("tile/5/x123/x456/078", id(5, 123_456_078, 256)),
        ("tile/5/x123/x456/078.p/2", id(5, 123_456_078, 2)),
        ("tile/0/x003/x057/500", id(0, 3_057_500, 256)),
        ("tile/63/000", id(63, 0, 256)),
        ("tile/1/000.p/255", id(1, 0, 255)),
        ("tile/1/000.p/1", id(1, 0, 1)),
        (
            "tile/7/x018/x446/x744/x073/x709/x551/615",
            id(7, u64::MAX, 256),
        ),
    ];
    for (path, want) in cases {
        assert_eq!(TileId::parse(path), Ok(want), "{path}");
        assert_eq!(want.path(), path);
    }
    assert_eq!(
        TileId::parse_entries("tile/entries/x003/x057/500"),
        Ok(id(0, 3_057_500, 256))
    );
    assert_eq!(
        TileId::parse_entries("tile/entries/000.p/9"),
        Ok(id(0, 0, 9))
    );
}

#[test]
fn parse_rejects_everything_else() {
    let cases = [
        ("", PathError::Prefix),
        ("/tile/0/001", PathError::Prefix),
        (" tile/0/001", PathError::Prefix),
        ("tiles/0/001", PathError::Prefix),
        ("tile/", PathError::Level),
        ("tile/0", PathError::Level),
        ("tile//001", PathError::Level),
        ("tile/00/001", PathError::Level),
        ("tile/01/001", PathError::Level),
        ("tile/-1/001", PathError::Level),
        ("tile/+1/001", PathError::Level),
        ("tile/64/001", PathError::Level),
        ("tile/256/001", PathError::Level),
        ("tile/entries/001", PathError::Level),
        ("tile/data/x003/x057/500", PathError::Level),
        ("tile/٠/001", PathError::Level),
        ("tile/0/", PathError::Index),
        ("tile/0/1", PathError::Index),
        ("tile/0/01", PathError::Index),
        ("tile/0/0001", PathError::Index),
        ("tile/0/00a", PathError::Index),
        ("tile/0/-01", PathError::Index),
        ("tile/0/+01", PathError::Index),
        ("tile/0/001 ", PathError::Index),
        ("tile/0/٠٠١", PathError::Index),
        ("tile/3/123/456/078", PathError::Index),
        ("tile/3/-1/123/456/078", PathError::Index),
        ("tile/0/x000/001", PathError::Index),
        ("tile/0/x000/x001/001", PathError::Index),
        ("tile/0/x1/001", PathError::Index),
        ("tile/0/x0001/001", PathError::Index),
        ("tile/0/x001", PathError::Index),
        ("tile/0/x001/", PathError::Index),
        ("tile/0/001/", PathError::Index),
        ("tile/0/001/002", PathError::Index),
        ("tile/0/X001/002", PathError::Index),
        ("tile/0/x001/x002.p/3/004", PathError::Index),
        ("tile/0/x018/x446/x744/x073/x709/x551/616", PathError::Index),
        ("tile/0/x019/x000/x000/x000/x000/x000/000", PathError::Index),
        (
            "tile/0/x001/x001/x001/x001/x001/x001/x001/001",
            PathError::Index,
        ),
        ("tile/0/001.p", PathError::Width),
        ("tile/0/001.p/", PathError::Width),
        ("tile/0/001.p/0", PathError::Width),
        ("tile/0/001.p/256", PathError::Width),
        ("tile/0/001.p/017", PathError::Width),
        ("tile/0/001.p/+17", PathError::Width),
        ("tile/0/001.p/17/", PathError::Width),
        ("tile/0/001.p/5/x", PathError::Width),
        ("tile/0/001.p/1000000000000000000000", PathError::Width),
        ("tile/0/001.q/5", PathError::Index),
    ];
    for (path, want) in cases {
        assert_eq!(TileId::parse(path), Err(want), "{path:?}");
    }
    for path in [
        "tile/0/001",
        "tile/entries",
        "tile/entries/",
        "tile/entries/x000/001",
        "tile/entries/001.p/0",
        "tile/entries/1",
        "tile/entries/001/",
    ] {
        assert!(TileId::parse_entries(path).is_err(), "{path:?}");
    }
}

#[test]
fn random_paths_round_trip() {
    let mut rng = StdRng::seed_from_u64(1);
    for _ in 0..10_000 {
        let index = match rng.gen_range(0..3) {
            0 => rng.gen_range(0..1000),
            1 => rng.gen_range(0..10_000_000),
            _ => rng.r#gen::<u64>(),
        };
        let tile = id(rng.gen_range(0..64), index, rng.gen_range(1..=256));
        assert_eq!(TileId::parse(&tile.path()), Ok(tile));
        let level0 = TileId { level: 0, ..tile };
        assert_eq!(TileId::parse_entries(&tile.entries_path()), Ok(level0));
    }
}

#[test]
fn tiles_for_spec_sizes() {
    let tiles = tiles_for_size(70_000);
    let count = |level: u8, width: u16| {
        tiles
            .iter()
            .filter(|t| t.level == level && t.width == width)
            .count()
    };
    assert_eq!(count(0, 256), 273);
    assert_eq!(count(0, 112), 1);
    assert_eq!(count(1, 256), 1);
    assert_eq!(count(1, 17), 1);
    assert_eq!(count(2, 1), 1);
    assert_eq!(tiles.len(), 277);
    assert!(
        tiles.windows(2).all(|w| w[0] < w[1]),
        "ordered by level then index"
    );
    assert_eq!(tiles[273], id(0, 273, 112));

    assert_eq!(tiles_for_size(256), [id(0, 0, 256), id(1, 0, 1)]);
    assert_eq!(tiles_for_size(0), []);
    assert_eq!(tiles_for_size(1), [id(0, 0, 1)]);
    assert_eq!(tiles_for_size(65_536), {
        let mut want: Vec<TileId> = (0..256).map(|i| id(0, i, 256)).collect();
        want.push(id(1, 0, 256));
        want.push(id(2, 0, 1));
        want
    });
    assert_eq!(
        right_edge_tiles(70_000),
        [id(0, 273, 112), id(1, 1, 17), id(2, 0, 1)]
    );
    assert_eq!(right_edge_tiles(65_536), [id(2, 0, 1)]);
    assert_eq!(right_edge_tiles(65_537), [id(0, 256, 1), id(2, 0, 1)]);
    assert_eq!(right_edge_tiles(0), []);
    assert_eq!(right_edge_tiles(u64::MAX).len(), 8);
    assert!(right_edge_tiles(u64::MAX).iter().all(|t| t.width == 255));
}

#[test]
fn new_tiles_counts() {
    // Go's TestNewTilesForSize cases, recomputed for tiles of height 8.
    for (old, new, want) in [
        (1, 1, 0),
        (100, 101, 1),
        (255, 257, 3),
        (256, 262, 1),
        (262, 500, 1),
        (262, 10_000, 40),
        (49_516_517, 49_516_586, 3),
        (5, 3, 0),
    ] {
        assert_eq!(new_tiles(old, new).len(), want, "{old} -> {new}");
    }
    assert_eq!(
        new_tiles(255, 257),
        [id(0, 0, 256), id(0, 1, 1), id(1, 0, 1)]
    );
    assert_eq!(
        new_tiles(49_516_517, 49_516_586),
        [id(0, 193_423, 256), id(0, 193_424, 42), id(1, 755, 144)]
    );
    // Growing from nothing lists every tile.
    for size in [1, 255, 256, 257, 70_000] {
        assert_eq!(new_tiles(0, size), tiles_for_size(size));
    }
    // The tiles of the new tree are the old tree's tiles, replaced or extended by new_tiles.
    let mut rng = StdRng::seed_from_u64(2);
    for _ in 0..500 {
        let old = rng.gen_range(0..200_000);
        let new = old + rng.gen_range(0..100_000);
        let mut combined: std::collections::BTreeMap<(u8, u64), u16> = tiles_for_size(old)
            .into_iter()
            .map(|t| ((t.level, t.index), t.width))
            .collect();
        for t in new_tiles(old, new) {
            let previous = combined.insert((t.level, t.index), t.width);
            assert!(
                previous.is_none_or(|w| w < t.width),
                "{old}->{new}: {t} did not grow"
            );
        }
        let want: Vec<TileId> = tiles_for_size(new);
        let got: Vec<TileId> = combined
            .into_iter()
            .map(|((l, i), w)| id(l, i, w))
            .collect();
        assert_eq!(got, want, "{old} -> {new}");
    }
    // Near the top of the range.
    let top = new_tiles(u64::MAX - 1, u64::MAX);
    assert_eq!(top.len(), 1);
    assert_eq!(top[0].width, 255);
}

#[test]
fn tile_files() {
    let hashes: Vec<[u8; 32]> = (0..5u8).map(|i| [i; 32]).collect();
    let bytes = encode_tile(&hashes);
    assert_eq!(bytes.len(), 160);
    assert_eq!(decode_tile(id(0, 0, 5), &bytes).unwrap(), hashes);
    assert_eq!(
        decode_tile(id(0, 0, 6), &bytes),
        Err(TileError::BadLength {
            id: id(0, 0, 6),
            expected: 192,
            got: 160
        })
    );
    assert!(decode_tile(id(0, 0, 5), &bytes[..159]).is_err());
    assert!(decode_tile(id(0, 0, 0), &[]).is_err());
    assert!(decode_tile(id(0, 0, 257), &vec![0; 257 * 32]).is_err());
    let full: Vec<[u8; 32]> = (0..=255u8).map(|i| [i; 32]).collect();
    assert_eq!(
        decode_tile(id(1, 9, 256), &encode_tile(&full)).unwrap(),
        full
    );
}
