//! Published Merkle tree test vectors.
//!
//! * The classic RFC 6962 8-leaf tree: leaf inputs, node hashes and roots from
//!   github.com/transparency-dev/merkle `testonly/constants.go`; inclusion and consistency proofs
//!   from the same repository's `proof/verify_test.go` (which in turn come from Google's
//!   certificate-transparency test data).
//! * Real Certificate Transparency data from Google's Argon 2020 log (an STH, the entry at index
//!   10000 with its audit path, and a consistency proof from size 3654490), as stored in
//!   github.com/golang/mod `sumdb/tlog/testdata/argon2020/*.json` and used by `ct_test.go` there.
#![allow(clippy::unwrap_used)]

mod common;

use common::{PrefixTiles, b64, hex};
use tlog::{
    EMPTY_ROOT, Hash, Tree, VerifyError, consistency_proof, inclusion_proof, leaf_hash, node_hash,
    root_from_tiles, root_of, subtree_hash, verify_consistency, verify_inclusion,
};

const LEAVES: [&[u8]; 8] = [
    b"",
    b"\x00",
    b"\x10",
    b"\x20\x21",
    b"\x30\x31",
    b"\x40\x41\x42\x43",
    b"\x50\x51\x52\x53\x54\x55\x56\x57",
    b"\x60\x61\x62\x63\x64\x65\x66\x67\x68\x69\x6a\x6b\x6c\x6d\x6e\x6f",
];

/// Roots of the trees of sizes 1..=8.
const ROOTS: [&str; 8] = [
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
];

/// Hashes of every complete subtree, by level (height) and index.
const NODES: [&[&str]; 4] = [
    &[
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
        "0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7",
        "07506a85fd9dd2f120eb694f86011e5bb4662e5c415a62917033d4a9624487e7",
        "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        "4271a26be0d8a84f0bd54c8c302e7cb3a3b5d1fa6780a40bcce2873477dab658",
        "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
        "46f6ffadd3d06a09ff3c5860d2755c8b9819db7df44251788c7d8e3180de8eb1",
    ],
    &[
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
        "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
        "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
    ],
    &[
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
    ],
    &["5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"],
];

/// (leaf index, tree size, proof) — the upstream table lists 1-based leaf numbers.
const INCLUSION: [(u64, u64, &[&str]); 5] = [
    (0, 1, &[]),
    (
        0,
        8,
        &[
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
        ],
    ),
    (
        5,
        8,
        &[
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    ),
    (
        2,
        3,
        &["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"],
    ),
    (
        1,
        5,
        &[
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        ],
    ),
];

/// (old size, new size, proof).
const CONSISTENCY: [(u64, u64, &[&str]); 5] = [
    (1, 1, &[]),
    (
        1,
        8,
        &[
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
        ],
    ),
    (
        6,
        8,
        &[
            "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    ),
    (
        2,
        5,
        &[
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        ],
    ),
    (
        6,
        7,
        &[
            "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    ),
];

fn hashes(list: &[&str]) -> Vec<Hash> {
    list.iter().map(|h| hex(h)).collect()
}

fn leaf_hashes() -> Vec<Hash> {
    LEAVES.iter().map(|l| leaf_hash(l)).collect()
}

/// The 8-leaf tree appended one entry at a time, with every tile version kept.
fn tiles() -> PrefixTiles {
    let mut tree = Tree::new();
    let mut store = PrefixTiles::default();
    for leaf in leaf_hashes() {
        store.store(&tree.append(&[leaf]));
    }
    store
}

#[test]
fn empty_tree() {
    assert_eq!(
        EMPTY_ROOT,
        hex("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    );
    assert_eq!(Tree::new().root(), EMPTY_ROOT);
    assert_eq!(
        root_from_tiles(0, &mut PrefixTiles::default()).unwrap(),
        EMPTY_ROOT
    );
}

#[test]
fn leaf_and_node_hashes() {
    for (level, nodes) in NODES.iter().enumerate() {
        for (index, node) in nodes.iter().enumerate() {
            let width = 1usize << level;
            let leaves = &leaf_hashes()[index * width..(index + 1) * width];
            assert_eq!(root_of(leaves), hex(node), "level {level} index {index}");
        }
    }
    for (index, leaf) in LEAVES.iter().enumerate() {
        assert_eq!(leaf_hash(leaf), hex(NODES[0][index]));
    }
    assert_eq!(
        node_hash(&hex(NODES[0][0]), &hex(NODES[0][1])),
        hex(NODES[1][0])
    );
}

#[test]
fn roots_for_every_size() {
    let leaves = leaf_hashes();
    let mut tree = Tree::new();
    let mut store = tiles();
    for (i, root) in ROOTS.iter().enumerate() {
        let size = i as u64 + 1;
        tree.append(&leaves[i..=i]);
        assert_eq!(root_of(&leaves[..=i]), hex(root), "root_of size {size}");
        assert_eq!(tree.root(), hex(root), "Tree size {size}");
        assert_eq!(
            root_from_tiles(size, &mut store).unwrap(),
            hex(root),
            "tiles size {size}"
        );
    }
}

#[test]
fn subtree_hashes_from_tiles() {
    let mut store = tiles();
    for (level, nodes) in NODES.iter().enumerate() {
        for (index, node) in nodes.iter().enumerate() {
            let got = subtree_hash(level as u32, index as u64, 8, &mut store).unwrap();
            assert_eq!(got, hex(node), "level {level} index {index}");
        }
    }
    // Incomplete or out-of-range subtrees are refused.
    assert!(subtree_hash(1, 3, 7, &mut store).is_err());
    assert!(subtree_hash(0, 8, 8, &mut store).is_err());
    assert!(subtree_hash(4, 0, 8, &mut store).is_err());
    assert!(subtree_hash(64, 0, u64::MAX, &mut store).is_err());
}

#[test]
fn published_inclusion_proofs() {
    let leaves = leaf_hashes();
    let mut store = tiles();
    for (index, size, proof) in INCLUSION {
        let proof = hashes(proof);
        let root = hex(ROOTS[size as usize - 1]);
        let leaf = leaves[index as usize];
        assert_eq!(
            inclusion_proof(index, size, &mut store).unwrap(),
            proof,
            "{index}/{size}"
        );
        verify_inclusion(&leaf, index, size, &proof, &root).unwrap();

        // The corruptions upstream checks, all of which must fail.
        let some = hex("abacaba000000000000000000000000000000000000000000060061e00123456");
        assert!(verify_inclusion(&leaf, index.wrapping_sub(1), size, &proof, &root).is_err());
        assert!(verify_inclusion(&leaf, index + 1, size, &proof, &root).is_err());
        assert!(verify_inclusion(&leaf, index ^ 2, size, &proof, &root).is_err());
        assert!(verify_inclusion(&leaf, index, size * 2, &proof, &root).is_err());
        assert!(verify_inclusion(&leaf, index, size / 2, &proof, &root).is_err());
        assert!(verify_inclusion(&leaf_hash(b"WrongLeaf"), index, size, &proof, &root).is_err());
        assert!(verify_inclusion(&leaf, index, size, &proof, &EMPTY_ROOT).is_err());
        assert!(verify_inclusion(&leaf, index, size, &proof, &some).is_err());
        let mut longer = proof.clone();
        longer.push(root);
        assert!(verify_inclusion(&leaf, index, size, &longer, &root).is_err());
        let mut longer = vec![root];
        longer.extend_from_slice(&proof);
        assert!(verify_inclusion(&leaf, index, size, &longer, &root).is_err());
        for i in 0..proof.len() {
            let mut bad = proof.clone();
            bad[i][0] ^= 8;
            assert!(verify_inclusion(&leaf, index, size, &bad, &root).is_err());
        }
        if !proof.is_empty() {
            let short = &proof[..proof.len() - 1];
            assert!(verify_inclusion(&leaf, index, size, short, &root).is_err());
        }
    }
}

#[test]
fn published_consistency_proofs() {
    let mut store = tiles();
    for (old, new, proof) in CONSISTENCY {
        let proof = hashes(proof);
        let old_root = hex(ROOTS[old as usize - 1]);
        let new_root = hex(ROOTS[new as usize - 1]);
        assert_eq!(
            consistency_proof(old, new, &mut store).unwrap(),
            proof,
            "{old}->{new}"
        );
        verify_consistency(old, new, &proof, &old_root, &new_root).unwrap();
        if proof.is_empty() {
            continue;
        }
        let wrong_root = leaf_hash(b"WrongRoot");
        let fails = |o: u64, n: u64, p: &[Hash], r1: &Hash, r2: &Hash| {
            verify_consistency(o, n, p, r1, r2).is_err()
        };
        assert!(fails(old - 1, new, &proof, &old_root, &new_root));
        assert!(fails(old + 1, new, &proof, &old_root, &new_root));
        assert!(fails(old ^ 2, new, &proof, &old_root, &new_root));
        assert!(fails(old, new * 2, &proof, &old_root, &new_root));
        assert!(fails(old, new / 2, &proof, &old_root, &new_root));
        assert!(fails(old, new, &proof, &wrong_root, &new_root));
        assert!(fails(old, new, &proof, &old_root, &wrong_root));
        assert!(fails(old, new, &proof, &new_root, &old_root));
        assert!(fails(old, new, &[], &old_root, &new_root));
        for extra in [old_root, new_root, [0u8; 32]] {
            let mut longer = proof.clone();
            longer.push(extra);
            assert!(fails(old, new, &longer, &old_root, &new_root));
            let mut longer = vec![extra];
            longer.extend_from_slice(&proof);
            assert!(fails(old, new, &longer, &old_root, &new_root));
        }
        let mut doubled = vec![proof[0]];
        doubled.extend_from_slice(&proof);
        assert!(fails(old, new, &doubled, &old_root, &new_root));
        assert!(fails(
            old,
            new,
            &proof[..proof.len() - 1],
            &old_root,
            &new_root
        ));
        for i in 0..proof.len() {
            let mut bad = proof.clone();
            bad[i][0] ^= 16;
            assert!(fails(old, new, &bad, &old_root, &new_root));
        }
    }
}

#[test]
fn trivial_consistency_cases() {
    let a = hex(ROOTS[0]);
    let b = hex(ROOTS[1]);
    // Same size: roots must match and the proof must be empty.
    verify_consistency(1, 1, &[], &a, &a).unwrap();
    assert_eq!(
        verify_consistency(1, 1, &[], &a, &b),
        Err(VerifyError::NewRootMismatch)
    );
    assert!(verify_consistency(1, 1, &[a], &a, &a).is_err());
    // From the empty tree: only the empty root, and an empty proof.
    verify_consistency(0, 1, &[], &EMPTY_ROOT, &a).unwrap();
    verify_consistency(0, 0, &[], &EMPTY_ROOT, &EMPTY_ROOT).unwrap();
    assert!(verify_consistency(0, 1, &[], &a, &a).is_err());
    assert!(verify_consistency(0, 1, &[EMPTY_ROOT], &EMPTY_ROOT, &a).is_err());
    // Time travel.
    assert_eq!(
        verify_consistency(2, 1, &[], &b, &a),
        Err(VerifyError::SizesOutOfOrder { old: 2, new: 1 })
    );
    // Growth needs a proof.
    assert!(verify_consistency(1, 2, &[], &a, &b).is_err());
}

#[test]
fn argon2020_certificate_transparency_log() {
    // get-sth
    let size = 961_984_013u64;
    let root = b64("dwlueapdd7LaOEnX2W2Wp9v2XE+KzejHRQGHwEx0oaM=");
    // get-entries?start=10000&end=10000 (leaf_input only)
    let leaf_input = base64_decode(concat!(
        "AAAAAAFelPhqUwAAAAViMIIFXjCCBEagAwIBAgIRAOodHzZdqWIFzYyl/SovhCMwDQYJKoZIhvcNAQELBQAwgZAxCzAJ",
        "BgNVBAYTAkdCMRswGQYDVQQIExJHcmVhdGVyIE1hbmNoZXN0ZXIxEDAOBgNVBAcTB1NhbGZvcmQxGjAYBgNVBAoTEUNP",
        "TU9ETyBDQSBMaW1pdGVkMTYwNAYDVQQDEy1DT01PRE8gUlNBIERvbWFpbiBWYWxpZGF0aW9uIFNlY3VyZSBTZXJ2ZXIg",
        "Q0EwHhcNMTcwMjE1MDAwMDAwWhcNMjAwNDE2MjM1OTU5WjBfMSEwHwYDVQQLExhEb21haW4gQ29udHJvbCBWYWxpZGF0",
        "ZWQxHTAbBgNVBAsTFFBvc2l0aXZlU1NMIFdpbGRjYXJkMRswGQYDVQQDDBIqLmxhbmRsb3Jkcy5jb20uYXUwggEiMA0G",
        "CSqGSIb3DQEBAQUAA4IBDwAwggEKAoIBAQCtPBKKHj4zdrGlCjgTHzb5gx9JCs97DwvBz60f14gDufF2haWbOxyJ0a3o",
        "pAMsZnOr8HkARVCwxdqG/PTfACcb0QM7FOlzvxGqxataTYiChwvkkif8F9GlJw69HuHgzhusPf1Ytfk3ps1PRC14Mkyr",
        "S4kwPrk/Le4XdkqRpRw62wG4V6IkbzsNMEOl1H8EgUbfyapdOcVxHjIzvBVy56fBRKG05Fr5wNq3Acak5kYZdNsLhhml",
        "rqAfAjiombW3hb3V5blJdRC0BDdYHv2+zKey6LqJ1FDoXo6IzbzPpC+aifZy47YX+/N1U64Qn5xlDg7mOP8JXfkNJHbU",
        "1TJZHif5AgMBAAGjggHhMIIB3TAfBgNVHSMEGDAWgBSQr2o6lFoL2JDqElZz30O0Oija5zAdBgNVHQ4EFgQUNQSLjkoz",
        "01I+iuuoC5lgEp0anhcwDgYDVR0PAQH/BAQDAgWgMAwGA1UdEwEB/wQCMAAwHQYDVR0lBBYwFAYIKwYBBQUHAwEGCCsG",
        "AQUFBwMCME8GA1UdIARIMEYwOgYLKwYBBAGyMQECAgcwKzApBggrBgEFBQcCARYdaHR0cHM6Ly9zZWN1cmUuY29tb2Rv",
        "LmNvbS9DUFMwCAYGZ4EMAQIBMFQGA1UdHwRNMEswSaBHoEWGQ2h0dHA6Ly9jcmwuY29tb2RvY2EuY29tL0NPTU9ET1JT",
        "QURvbWFpblZhbGlkYXRpb25TZWN1cmVTZXJ2ZXJDQS5jcmwwgYUGCCsGAQUFBwEBBHkwdzBPBggrBgEFBQcwAoZDaHR0",
        "cDovL2NydC5jb21vZG9jYS5jb20vQ09NT0RPUlNBRG9tYWluVmFsaWRhdGlvblNlY3VyZVNlcnZlckNBLmNydDAkBggr",
        "BgEFBQcwAYYYaHR0cDovL29jc3AuY29tb2RvY2EuY29tMC8GA1UdEQQoMCaCEioubGFuZGxvcmRzLmNvbS5hdYIQbGFu",
        "ZGxvcmRzLmNvbS5hdTANBgkqhkiG9w0BAQsFAAOCAQEACyHqxUzrexToY7tOv4+kyGPP2D27P1tQpyzeAl1bPObiMhNK",
        "2b9vvBLDWAaqm8c0YL1h+DBdLoWzf3xFsIkTCVCjWJTNSNlcYtgRk6or1s7jWsfXzWqsnPjPPmTIOCw7EfH7Yme3oxPs",
        "3UUsmShAgPwNohAtL9GqlqMiKM6v1WU3NHt01jEoNP23LRa6KeNK6AH6WHJykzL223IlhgXjHTeuQj6lR+TNrQXJuhwT",
        "XYe+20rrpPQxc1Pn7AqnvfWgmicRQ7gdIcr4V6+ecTvLfNOaJ0ZYe5G5giuAAdTm7F57pk04f4gyZNYKrj88mvbkoriN",
        "8b6jcWExtrYO6bm2TwAA",
    ));
    // get-proof-by-hash
    let audit_path: Vec<Hash> = [
        "T46AmJsuOM/gFiGlUp+IJJebp+1Z5qratFNW7U0JyOQ=",
        "9Jj1Feodn42uRYEfffkV4HF/EIPFQ5Zo9IwkxbQ2uhk=",
        "D53/1oCNebF4J59HHgioovKZxrmrKcVuCVhy3Izg8Ck=",
        "wSFDgGSrsXRPA+1c8WHoAFCsWeUv8NDyP/Q/SgsyVyY=",
        "516/RcwsgdwdzHn18v1dJHqBkgFUbNhmCIWOGjsMJaE=",
        "naTFY2ajLFgrgs5XUl+zJYZnnlJksLGsA1VYwpLfqbY=",
        "mKBRJo6qao+0Kdh/rhGkZUbHUAxMhrtrclrTpIbNjIg=",
        "Co4ueOFE7lpifLio94irxxsv1wFMMaK3tPu2ZQkHlro=",
        "yRgy800K6JMYCC05sWfqF2kvCg2riT/pVM+nEa6V5+0=",
        "n2O38XJZC8/Wpbwi9HhgVizlUyeUHVZvYyQB1607MRc=",
        "go3tAjuNfNSCj87y2Rg1xOroDknGN1eaf3cgvzObf7Q=",
        "8D0Mj3/J7ySSnFb0afIHYXv6rlOhECnsebY6XKi1IR8=",
        "6rcez46ZU8M5vPiWVMAUfJfAOV0pPP/mch/lYzZhj/M=",
        "2rtIeXrPvSdUyHc5maIgSAVB2BzaKaupWxSAiVayDE4=",
        "nniW/IMFQPN5xw8UsHFn7CRStYbm1gLu7NNa6kkRqJQ=",
        "mRPPi7sQS22MduIEyvcNzCNFqIt6kLwYPkNKrVtIcu8=",
        "JvTivzESNS9wHI8aph5a7uieVmtS/p9PciMZ5D6GyOo=",
        "UTyQd+Ym0wY4zG+qK806bBORwi1CSVvFQ/KknnqoZj8=",
        "hXODrqN+ff+U6zPqRQ+ZQKs6im1fPcxIerDSfNwflhE=",
        "II6GE+WY/DrpZzfHztLwkR46o37zVkNLCyPYlf68zA0=",
        "d609kWWcNBllbA8Jb/ad4XAVVGnScLRmtP8FYyr+Dck=",
        "rikBsP0G0gioXRpBFED2CzQdSLrGPvRd0bEcbEZw1rI=",
        "GXIElfmnRuWfbA4z7ubV/UwlpSRUbUeec7oL5HDDnh0=",
        "pR0SH/NYP6s9+8azWwaeUXA4Ze/3WCIgMfh5YW6wvcE=",
        "f3GuAKYVrF8RBg3s15jvA/YvV9oAliWtzP/imwPhQVA=",
        "WHn8zDxlVgkV+lSlmzaOdfSBrTHoRr5nT3d76q0KKWE=",
        "f2uV2ZxVgULzLPKuZcowRY3ZY7fRlX59iDBjV1R8kNQ=",
        "NzQVjJsvQwbi7WStMr9oFkh9VbHfK7LB6o7WwAqwNTs=",
        "C0LttBeYHZHgL+032JIcJC3CTBIyza/hsbmJUgJfmDI=",
        "nixU5CWTFVDlF4BGdcU6kA7WSYurEpe9jRWc+F/7sOc=",
    ]
    .iter()
    .map(|h| b64(h))
    .collect();
    let leaf = leaf_hash(&leaf_input);
    verify_inclusion(&leaf, 10_000, size, &audit_path, &root).unwrap();
    assert!(verify_inclusion(&leaf, 10_001, size, &audit_path, &root).is_err());
    // A size only matters through the shape of the path it implies: a much smaller tree has a
    // shorter path. (Sizes that imply the same shape, like `size - 1` here, cannot be told apart
    // by the proof alone; the root is what binds the size.)
    assert!(verify_inclusion(&leaf, 10_000, 10_001, &audit_path, &root).is_err());
    assert!(verify_inclusion(&leaf, 10_000, size * 2, &audit_path, &root).is_err());
    let mut bad = audit_path.clone();
    bad[29][31] ^= 1;
    assert!(verify_inclusion(&leaf, 10_000, size, &bad, &root).is_err());

    // get-sth-consistency?first=3654490&second=961984013
    let old_size = 3_654_490u64;
    let old_root = b64("AuIZ5V6sDUj1vn3Y1K85oOaQ7y+FJJKtyRTl1edIKBQ=");
    let consistency: Vec<Hash> = [
        "80Sfbj6UQEdVSZCSIgh9NMPj3vCBzcc1A48B2crJSWg=",
        "FZcrgAHUk6nNPviJZq8kEK6jCG1d18pJOFE45ZDc1TQ=",
        "Q67reWXmPBo1UfmwBap4Xi9PMPfFdUSSw3WGlRZdG7k=",
        "eJ7CyhR4PxzBxDIsWgrVYW1eFUb9ndgf46tFmiqVrxA=",
        "QrDwp062Grm5WY8KdrhFsBuuNjGzRox2Jb8PmVL5OYw=",
        "XM4YMjMEdLH/XJam/ZWyaP14k3cmsOtnPsOWQ54lW1s=",
        "SGiBh+jOTGccXU48ZzgQ88lRcBmtB4wz4oSDndv2QTg=",
        "WAS6txqNLYKGL1GdBdpqmV42TTfn6cJsuDsqLXuTCNI=",
        "QFmRS0rirUA7ZN3lxFjDncV+E1OCrn3NUB4RCp+5fzc=",
        "Hdbp7It2XBNZmNDBpCN/KPd7vfVqxgzwOosqVIaEA9E=",
        "mxvHL0ZiblBdD7j7pIa1jlfB0gSqfJ6oX0UGo7L0VsU=",
        "q5hjyvoW6TL/PThgcitpDcSTrnKX2p1+aqscqH2euRA=",
        "jTOWDqt3IHj2NVFeezyBz2ofpru+ztEywqKUAfFclKI=",
        "GIRn0w3HqJdvU9j1WVD//eR6lk2AaTVjyzjsJNP8U88=",
        "x52GJvxG81fnQBrgOTbll1A5tz95/LXK0Ag1NhB0r1I=",
        "6/0OqrcTgc3o5dD5PymmoC96lB9yLPFuTHVvLy8fSGk=",
        "Gf+iKLfcXO5l4JEFmsZvSdG5q1uEeWPfYLrds6pmjz0=",
        "DGuaco+McyM3AfRSF6qX7RwSetwe2ieYJmxw5e9rVx0=",
        "2tQJ9V32hnYp+fdpP6TcjmgJmLeNVOMKM0Ml1kk4cNU=",
        "3PapK+IkyJr8I9yAErAmzuZezzLMzsg+PfeRCgNW8NQ=",
        "s6xiYeejb+wtqHA+URJZ2I/SCPyIW8coP6aB00FJbMY=",
        "z9lSpmdTcr5M5ZzKlc4EPh3SrSypKFdk6JUF/UccaZU=",
        "GXIElfmnRuWfbA4z7ubV/UwlpSRUbUeec7oL5HDDnh0=",
        "pR0SH/NYP6s9+8azWwaeUXA4Ze/3WCIgMfh5YW6wvcE=",
        "f3GuAKYVrF8RBg3s15jvA/YvV9oAliWtzP/imwPhQVA=",
        "WHn8zDxlVgkV+lSlmzaOdfSBrTHoRr5nT3d76q0KKWE=",
        "f2uV2ZxVgULzLPKuZcowRY3ZY7fRlX59iDBjV1R8kNQ=",
        "NzQVjJsvQwbi7WStMr9oFkh9VbHfK7LB6o7WwAqwNTs=",
        "C0LttBeYHZHgL+032JIcJC3CTBIyza/hsbmJUgJfmDI=",
        "nixU5CWTFVDlF4BGdcU6kA7WSYurEpe9jRWc+F/7sOc=",
    ]
    .iter()
    .map(|h| b64(h))
    .collect();
    verify_consistency(old_size, size, &consistency, &old_root, &root).unwrap();
    assert!(verify_consistency(old_size + 1, size, &consistency, &old_root, &root).is_err());
    assert!(verify_consistency(old_size, size, &consistency[1..], &old_root, &root).is_err());
    assert!(verify_consistency(old_size, size, &consistency, &root, &root).is_err());
}

fn base64_decode(s: &str) -> Vec<u8> {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.decode(s).unwrap()
}
