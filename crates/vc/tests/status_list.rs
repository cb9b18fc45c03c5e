//! The revocation status list: entries set and read back, the specification's bit order and
//! encoding checked against raw bytes, the specification's own example list decoded, and
//! hostile `encodedList` values refused.
#![allow(clippy::unwrap_used)]

use std::io::{Read as _, Write as _};

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use flate2::Compression;
use flate2::read::GzDecoder;
use flate2::write::GzEncoder;
use vc::{MAX_STATUS_LIST_LEN, MIN_STATUS_LIST_LEN, StatusList, VcError};

/// The uncompressed bitstring behind an `encodedList`, decoded independently of the crate.
fn raw_bits(encoded: &str) -> Vec<u8> {
    let compressed = URL_SAFE_NO_PAD
        .decode(encoded.strip_prefix('u').unwrap())
        .unwrap();
    let mut bits = Vec::new();
    GzDecoder::new(compressed.as_slice())
        .read_to_end(&mut bits)
        .unwrap();
    bits
}

/// An `encodedList` built independently of the crate.
fn encode_raw(bits: &[u8]) -> String {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::best());
    encoder.write_all(bits).unwrap();
    format!("u{}", URL_SAFE_NO_PAD.encode(encoder.finish().unwrap()))
}

#[test]
fn lengths() {
    assert_eq!(MIN_STATUS_LIST_LEN, 131_072);
    for (asked, got) in [
        (0, MIN_STATUS_LIST_LEN),
        (1, MIN_STATUS_LIST_LEN),
        (131_072, 131_072),
        (131_073, 131_080),
        (200_000, 200_000),
        (usize::MAX, MAX_STATUS_LIST_LEN),
    ] {
        let list = StatusList::new(asked);
        assert_eq!(list.len(), got, "asked for {asked}");
        assert!(!list.is_empty());
        assert_eq!(StatusList::decode(&list.encoded_list()).unwrap(), list);
    }
}

#[test]
fn set_and_get() {
    let mut list = StatusList::new(0);
    let len = list.len();
    for index in [0, 1, 7, 8, 94_567, len - 1] {
        assert!(!list.get(index).unwrap());
        list.set(index, true).unwrap();
        assert!(list.get(index).unwrap());
    }
    // Setting again is idempotent; neighbours are untouched.
    list.set(8, true).unwrap();
    assert!(list.get(8).unwrap());
    assert!(!list.get(9).unwrap());
    assert!(!list.get(94_566).unwrap());
    assert!(!list.get(94_568).unwrap());
    list.set(8, false).unwrap();
    assert!(!list.get(8).unwrap());
    assert!(list.get(7).unwrap());
    list.set(8, false).unwrap();
    assert!(!list.get(8).unwrap());
    let revoked = (0..len).filter(|&i| list.get(i).unwrap()).count();
    assert_eq!(revoked, 5);
}

#[test]
fn out_of_range_indices_are_errors() {
    let mut list = StatusList::new(0);
    let len = list.len();
    for index in [len, len + 1, usize::MAX] {
        assert_eq!(
            list.get(index),
            Err(VcError::StatusIndex { index, len }),
            "{index}"
        );
        let err = list.set(index, true).unwrap_err();
        assert_eq!(err.code(), "vc.status_index");
        assert!(err.to_string().contains(&index.to_string()), "{err}");
    }
    assert_eq!(list, StatusList::new(0), "failed sets change nothing");
}

#[test]
fn encode_decode_round_trip() {
    let mut list = StatusList::new(300_000);
    for index in (0..list.len())
        .step_by(997)
        .chain([1, 2, 3, list.len() - 1])
    {
        list.set(index, true).unwrap();
    }
    let encoded = list.encoded_list();
    assert!(
        encoded.starts_with("uH4sI"),
        "GZIP magic in base64url: {encoded:.10}"
    );
    assert!(
        !encoded.contains(['=', '+', '/']),
        "base64url without padding"
    );
    let decoded = StatusList::decode(&encoded).unwrap();
    assert_eq!(decoded, list);
    for index in 0..list.len() {
        assert_eq!(decoded.get(index).unwrap(), list.get(index).unwrap());
    }
    // Compression keeps a sparse list small.
    let empty = StatusList::new(0).encoded_list();
    assert!(empty.len() < 200, "{} characters", empty.len());
}

#[test]
fn bit_order_follows_the_specification() {
    // Index 0 is the left-most (most significant) bit of the first byte; the last index is the
    // right-most bit of the last byte.
    let mut list = StatusList::new(0);
    list.set(0, true).unwrap();
    list.set(9, true).unwrap();
    list.set(23, true).unwrap();
    let last = list.len() - 1;
    list.set(last, true).unwrap();
    let bits = raw_bits(&list.encoded_list());
    assert_eq!(bits.len(), MIN_STATUS_LIST_LEN / 8);
    assert_eq!(bits[..3], [0b1000_0000, 0b0100_0000, 0b0000_0001]);
    assert!(bits[3..bits.len() - 1].iter().all(|&b| b == 0));
    assert_eq!(bits[bits.len() - 1], 0b0000_0001);

    // And the other way: a bitstring made elsewhere reads with the same order.
    let mut raw = vec![0u8; MIN_STATUS_LIST_LEN / 8];
    raw[0] = 0b0010_0000;
    raw[2] = 0b1000_0001;
    let list = StatusList::decode(&encode_raw(&raw)).unwrap();
    let set: Vec<usize> = (0..list.len()).filter(|&i| list.get(i).unwrap()).collect();
    assert_eq!(set, [2, 16, 23]);
}

#[test]
fn decodes_the_specification_example() {
    // The encodedList of the example BitstringStatusListCredential in the specification: 16 KiB,
    // nothing revoked (its GZIP header names another operating system than ours does).
    let list =
        StatusList::decode("uH4sIAAAAAAAAA-3BMQEAAADCoPVPbQwfoAAAAAAAAAAAAAAAAAAAAIC3AYbSVKsAQAAA")
            .unwrap();
    assert_eq!(list.len(), MIN_STATUS_LIST_LEN);
    assert!((0..list.len()).all(|i| !list.get(i).unwrap()));
    assert_eq!(list, StatusList::new(0));
}

#[test]
fn hostile_encoded_lists_are_refused() {
    let good = StatusList::new(0).encoded_list();
    let cases = [
        String::new(),
        "u".to_owned(),
        good[1..].to_owned(),
        format!("z{}", &good[1..]),
        format!("{good}="),
        // Trailing data after the GZIP stream.
        format!(
            "u{}",
            URL_SAFE_NO_PAD.encode(
                [
                    URL_SAFE_NO_PAD.decode(&good[1..]).unwrap(),
                    b"garbage".to_vec()
                ]
                .concat()
            )
        ),
        format!("{}+{}", &good[..10], &good[10..]),
        format!("{}/{}", &good[..10], &good[11..]),
        good[..good.len() - 4].to_owned(),
        format!("u{}", URL_SAFE_NO_PAD.encode(b"not gzip at all")),
        "u!!!!".to_owned(),
    ];
    for case in &cases {
        let err = StatusList::decode(case).unwrap_err();
        assert_eq!(err.code(), "vc.status_list", "{case:.20}: {err}");
    }

    // A corrupted byte inside the compressed data (caught by the GZIP checksum at the latest).
    let mut compressed = URL_SAFE_NO_PAD.decode(&good[1..]).unwrap();
    let middle = compressed.len() / 2;
    compressed[middle] ^= 0x55;
    let corrupted = format!("u{}", URL_SAFE_NO_PAD.encode(&compressed));
    assert!(StatusList::decode(&corrupted).is_err());

    // Too short for group privacy.
    for bytes in [0, 1, MIN_STATUS_LIST_LEN / 8 - 1] {
        let err = StatusList::decode(&encode_raw(&vec![0; bytes])).unwrap_err();
        assert_eq!(err, VcError::StatusListLength { entries: bytes * 8 });
        assert_eq!(err.code(), "vc.status_list_length");
    }

    // A GZIP bomb: a few kilobytes expanding past the largest list accepted.
    let bomb = encode_raw(&vec![0; MAX_STATUS_LIST_LEN / 8 + 1]);
    assert!(bomb.len() < 100_000, "{}", bomb.len());
    let err = StatusList::decode(&bomb).unwrap_err();
    assert_eq!(err.code(), "vc.status_list");
    // Exactly at the limit is fine.
    let largest = encode_raw(&vec![0; MAX_STATUS_LIST_LEN / 8]);
    assert_eq!(
        StatusList::decode(&largest).unwrap().len(),
        MAX_STATUS_LIST_LEN
    );
}
