//! Entry bundles.
#![allow(clippy::unwrap_used)]

use tlog::{BundleError, decode_bundle, encode_bundle};

#[test]
fn round_trip() {
    let entries: Vec<Vec<u8>> = vec![b"".to_vec(), b"a".to_vec(), vec![7; 300], vec![1; 65_535]];
    let bytes = encode_bundle(&entries).unwrap();
    assert_eq!(bytes.len(), 2 + 3 + 302 + 65_537);
    assert_eq!(&bytes[..5], &[0, 0, 0, 1, b'a']);
    assert_eq!(&bytes[5..7], &[0x01, 0x2c]);
    let decoded = decode_bundle(&bytes).unwrap();
    assert_eq!(decoded.len(), entries.len());
    for (got, want) in decoded.iter().zip(&entries) {
        assert_eq!(got, want);
    }
    assert_eq!(decode_bundle(&[]).unwrap(), Vec::<&[u8]>::new());
    assert_eq!(encode_bundle::<&[u8]>(&[]).unwrap(), Vec::<u8>::new());
    let strs = encode_bundle(&["x", "yz"]).unwrap();
    assert_eq!(strs, [0, 1, b'x', 0, 2, b'y', b'z']);
}

#[test]
fn oversized_entry_is_rejected() {
    let entries = vec![vec![0u8; 1], vec![0u8; 65_536]];
    assert_eq!(
        encode_bundle(&entries),
        Err(BundleError::EntryTooLarge {
            index: 1,
            len: 65_536
        })
    );
}

#[test]
fn truncated_bundles_are_rejected() {
    let bytes = encode_bundle(&[b"hello".as_slice(), b"world"]).unwrap();
    for cut in 1..bytes.len() {
        if cut == 7 {
            // A cut right after the first entry is a valid one-entry bundle.
            assert_eq!(decode_bundle(&bytes[..cut]).unwrap(), [b"hello"]);
            continue;
        }
        assert!(
            matches!(
                decode_bundle(&bytes[..cut]),
                Err(BundleError::Truncated { .. })
            ),
            "cut at {cut}"
        );
    }
    assert_eq!(
        decode_bundle(&[0]),
        Err(BundleError::Truncated {
            index: 0,
            needed: 1
        })
    );
    assert_eq!(
        decode_bundle(&[0, 5, 1, 2]),
        Err(BundleError::Truncated {
            index: 0,
            needed: 3
        })
    );
    assert_eq!(
        decode_bundle(&[0, 0, 0xff, 0xff]),
        Err(BundleError::Truncated {
            index: 1,
            needed: 65_535
        })
    );
}
