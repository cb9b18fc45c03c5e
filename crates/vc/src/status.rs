//! W3C Bitstring Status List v1.0 for revocation: one bit per issued credential, published as the
//! `encodedList` of a status list credential that every verifier fetches and caches.
//!
//! A certificate's `credentialStatus` (a `BitstringStatusListEntry`) names the list and its
//! index; the bit at that index is 1 once Dataport revokes it. Index 0 is the left-most (most
//! significant) bit of the first byte. Lists are never shorter than 131,072 entries (16 KiB),
//! the specification's minimum: a verifier fetching the list learns only that the credential is
//! one of many, which is the group privacy the size buys.

use std::io::{Read as _, Write as _};

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use flate2::Compression;
use flate2::read::MultiGzDecoder;
use flate2::write::GzEncoder;

use crate::VcError;

/// The fewest entries a status list has: 131,072 (16 KiB), the specification's minimum.
pub const MIN_STATUS_LIST_LEN: usize = 131_072;
/// The most entries a status list has: 2^27 (16 MiB uncompressed). Decoding refuses larger
/// lists, which bounds the memory a hostile `encodedList` — a few kilobytes of GZIP can expand
/// enormously — can claim.
pub const MAX_STATUS_LIST_LEN: usize = 1 << 27;

/// Multibase prefix for base64url without padding.
const BASE64URL: char = 'u';

/// A revocation status list: a fixed number of entries, each revoked or not.
#[derive(Clone, PartialEq, Eq)]
pub struct StatusList {
    bits: Vec<u8>,
}

impl std::fmt::Debug for StatusList {
    /// A summary: the entries themselves are 16 KiB or more.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let revoked: u32 = self.bits.iter().map(|b| b.count_ones()).sum();
        f.debug_struct("StatusList")
            .field("len", &self.len())
            .field("revoked", &revoked)
            .finish()
    }
}

impl StatusList {
    /// A list with no entry revoked, of at least `len` entries: `len` is raised to
    /// [`MIN_STATUS_LIST_LEN`] and to a whole number of bytes, and capped at
    /// [`MAX_STATUS_LIST_LEN`]. [`StatusList::len`] tells the result, which is exactly the length
    /// the list has after encoding and decoding.
    pub fn new(len: usize) -> StatusList {
        let len = len.clamp(MIN_STATUS_LIST_LEN, MAX_STATUS_LIST_LEN);
        StatusList {
            bits: vec![0; len.div_ceil(8)],
        }
    }

    /// The number of entries.
    pub fn len(&self) -> usize {
        self.bits.len() * 8
    }

    /// Always false: a list has at least [`MIN_STATUS_LIST_LEN`] entries.
    pub fn is_empty(&self) -> bool {
        self.bits.is_empty()
    }

    /// The byte holding entry `index` and the entry's mask within it.
    fn locate(&self, index: usize) -> Result<(usize, u8), VcError> {
        if index >= self.len() {
            return Err(VcError::StatusIndex {
                index,
                len: self.len(),
            });
        }
        Ok((index / 8, 0x80 >> (index % 8)))
    }

    /// Marks entry `index` revoked (`true`) or not.
    pub fn set(&mut self, index: usize, revoked: bool) -> Result<(), VcError> {
        let (byte, mask) = self.locate(index)?;
        if revoked {
            self.bits[byte] |= mask;
        } else {
            self.bits[byte] &= !mask;
        }
        Ok(())
    }

    /// Whether entry `index` is revoked.
    pub fn get(&self, index: usize) -> Result<bool, VcError> {
        let (byte, mask) = self.locate(index)?;
        Ok(self.bits[byte] & mask != 0)
    }

    /// The `encodedList` of the list's credential: the bitstring GZIP-compressed, in multibase
    /// base64url without padding (`u…`).
    pub fn encoded_list(&self) -> String {
        let mut encoder = GzEncoder::new(Vec::new(), Compression::default());
        // Compressing into memory cannot fail: a Vec accepts every write.
        let compressed = encoder
            .write_all(&self.bits)
            .and_then(|()| encoder.finish())
            .unwrap_or_default();
        let mut out = String::with_capacity(1 + compressed.len().div_ceil(3) * 4);
        out.push(BASE64URL);
        URL_SAFE_NO_PAD.encode_string(&compressed, &mut out);
        out
    }

    /// Reads an `encodedList`: multibase base64url without padding of a GZIP-compressed
    /// bitstring of at least [`MIN_STATUS_LIST_LEN`] and at most [`MAX_STATUS_LIST_LEN`] entries.
    pub fn decode(encoded: &str) -> Result<StatusList, VcError> {
        let body = encoded.strip_prefix(BASE64URL).ok_or_else(|| {
            VcError::StatusList(
                "the encodedList is not multibase base64url (it must start with 'u')".to_owned(),
            )
        })?;
        let compressed = URL_SAFE_NO_PAD.decode(body).map_err(|e| {
            VcError::StatusList(format!(
                "the encodedList is not base64url without padding: {e}"
            ))
        })?;
        let max_bytes = MAX_STATUS_LIST_LEN / 8;
        let mut bits = Vec::new();
        MultiGzDecoder::new(compressed.as_slice())
            // One byte past the limit tells an oversized list from one exactly at it.
            .take(max_bytes as u64 + 1)
            .read_to_end(&mut bits)
            .map_err(|e| {
                VcError::StatusList(format!("the encodedList is not valid GZIP data: {e}"))
            })?;
        if bits.len() > max_bytes {
            return Err(VcError::StatusList(format!(
                "the status list has more than {MAX_STATUS_LIST_LEN} entries"
            )));
        }
        let list = StatusList { bits };
        if list.len() < MIN_STATUS_LIST_LEN {
            return Err(VcError::StatusListLength {
                entries: list.len(),
            });
        }
        Ok(list)
    }
}
