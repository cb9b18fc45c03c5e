//! Pins the RFC 8785 canonicaliser that eddsa-jcs-2022 signatures depend on: a verifier in any
//! other language canonicalises the same way, so any drift here would make Dataport's
//! certificates fail elsewhere (or verify things they should not).
//!
//! * The input/output samples of cyberphone/json-canonicalization `testdata/` (the RFC's
//!   reference implementation), byte for byte.
//! * Its ES6 number-serialisation sequence: every line `<hex of IEEE 754 bits>,<expected text>`
//!   is regenerated here from the sequence's description (static edge cases, a serial run of
//!   subnormal-boundary values, then pseudo-random doubles from a SHA-256 chain), serialised
//!   through the canonicaliser, and the SHA-256 of the first 10^3 to 10^6 lines compared
//!   with the published digests.
#![allow(clippy::unwrap_used)]

use sha2::{Digest, Sha256};

fn testdata(path: &str) -> String {
    format!(
        "{}/../../../shared/testdata/vc/jcs/{path}",
        env!("CARGO_MANIFEST_DIR")
    )
}

#[test]
fn rfc8785_samples() {
    let mut seen = 0;
    for entry in std::fs::read_dir(testdata("input")).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_str().unwrap().to_owned();
        let input = std::fs::read_to_string(&path).unwrap();
        let expected = std::fs::read(testdata(&format!("output/{name}"))).unwrap();
        let value: serde_json::Value = serde_json::from_str(&input).unwrap();
        let canonical = serde_json_canonicalizer::to_vec(&value).unwrap();
        assert_eq!(
            String::from_utf8_lossy(&canonical),
            String::from_utf8_lossy(&expected),
            "{name}"
        );
        assert_eq!(canonical, expected, "{name}");
        seen += 1;
    }
    assert_eq!(seen, 6, "expected the six RFC 8785 samples");
}

/// The ES6 number test sequence, line by line.
struct Es6Numbers {
    statics: std::vec::IntoIter<u64>,
    serial: std::ops::Range<u64>,
    block: [u8; 32],
    pending: Vec<u64>,
}

impl Es6Numbers {
    fn new(spec: &serde_json::Value) -> Es6Numbers {
        let statics: Vec<u64> = spec["static_u64"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| u64::from_str_radix(h.as_str().unwrap(), 16).unwrap())
            .collect();
        let base = u64::from_str_radix(spec["serial_base"].as_str().unwrap(), 16).unwrap();
        let count = spec["serial_count"].as_u64().unwrap();
        Es6Numbers {
            statics: statics.into_iter(),
            serial: base..base + count,
            block: [0; 32],
            pending: Vec::new(),
        }
    }
}

impl Iterator for Es6Numbers {
    type Item = u64;

    fn next(&mut self) -> Option<u64> {
        if let Some(bits) = self.statics.next() {
            return Some(bits);
        }
        if let Some(bits) = self.serial.next() {
            return Some(bits);
        }
        loop {
            if let Some(bits) = self.pending.pop() {
                return Some(bits);
            }
            self.block = Sha256::digest(self.block).into();
            // Four little-endian doubles per block, in order (popped from the back).
            self.pending = self
                .block
                .chunks_exact(8)
                .map(|chunk| u64::from_le_bytes(chunk.try_into().unwrap()))
                .filter(|&bits| {
                    let value = f64::from_bits(bits);
                    value != 0.0 && value.is_finite()
                })
                .rev()
                .collect();
        }
    }
}

#[test]
fn es6_number_serialisation() {
    let spec: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(testdata("es6-numbers.json")).unwrap())
            .unwrap();
    let checkpoints: Vec<(usize, usize, String)> = spec["sha256_of_first_lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["lines"].as_u64().unwrap() as usize,
                c["bytes"].as_u64().unwrap() as usize,
                c["sha256"].as_str().unwrap().to_owned(),
            )
        })
        // Up to 10^6 lines: about a second, and far past the static and serial parts.
        .filter(|(lines, _, _)| *lines <= 1_000_000)
        .collect();
    assert_eq!(checkpoints.len(), 4);

    let mut hasher = Sha256::new();
    let mut bytes = 0;
    let mut checked = 0;
    for (line_number, bits) in Es6Numbers::new(&spec).enumerate() {
        let value = f64::from_bits(bits);
        let text = serde_json_canonicalizer::to_string(&value).unwrap();
        let line = format!("{bits:x},{text}\n");
        bytes += line.len();
        hasher.update(line.as_bytes());
        let (lines, expected_bytes, expected_sha) = &checkpoints[checked];
        if line_number + 1 == *lines {
            assert_eq!(bytes, *expected_bytes, "bytes of the first {lines} lines");
            let digest: String = hasher
                .clone()
                .finalize()
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect();
            assert_eq!(&digest, expected_sha, "SHA-256 of the first {lines} lines");
            checked += 1;
            if checked == checkpoints.len() {
                break;
            }
        }
    }
    assert_eq!(checked, checkpoints.len());
}
