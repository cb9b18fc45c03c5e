//! Entry bundles (C2SP tlog-tiles "Log entries"): the entries behind one level-0 tile, each
//! prefixed with its length as a big-endian u16, so a monitor can fetch 256 entries in one file
//! and check each against the matching leaf hash.

/// An entry bundle that cannot be written or read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum BundleError {
    #[error("entry {index} is {len} bytes; an entry bundle holds entries of at most 65535 bytes")]
    EntryTooLarge { index: usize, len: usize },
    #[error("entry bundle is truncated: entry {index} needs {needed} more bytes than remain")]
    Truncated { index: usize, needed: usize },
}

/// Writes entries as a bundle. Fails if any entry is longer than 65535 bytes, which the
/// two-byte length prefix cannot express.
pub fn encode_bundle<E: AsRef<[u8]>>(entries: &[E]) -> Result<Vec<u8>, BundleError> {
    // Check every length before allocating, so an oversized entry costs nothing.
    let mut capacity = 0usize;
    for (index, entry) in entries.iter().enumerate() {
        let len = entry.as_ref().len();
        if len > usize::from(u16::MAX) {
            return Err(BundleError::EntryTooLarge { index, len });
        }
        capacity = capacity.saturating_add(2 + len);
    }
    let mut out = Vec::with_capacity(capacity);
    for (index, entry) in entries.iter().enumerate() {
        let entry = entry.as_ref();
        let len = u16::try_from(entry.len()).map_err(|_| BundleError::EntryTooLarge {
            index,
            len: entry.len(),
        })?;
        out.extend_from_slice(&len.to_be_bytes());
        out.extend_from_slice(entry);
    }
    Ok(out)
}

/// Splits a bundle into its entries, borrowing from `bytes`. A bundle that ends inside a length
/// prefix or inside an entry is rejected. Callers compare the entry count with the tile width.
pub fn decode_bundle(bytes: &[u8]) -> Result<Vec<&[u8]>, BundleError> {
    let mut out = Vec::new();
    let mut rest = bytes;
    while !rest.is_empty() {
        let index = out.len();
        let (len, tail) = match rest {
            [hi, lo, tail @ ..] => (usize::from(u16::from_be_bytes([*hi, *lo])), tail),
            _ => {
                return Err(BundleError::Truncated {
                    index,
                    needed: 2 - rest.len(),
                });
            }
        };
        if tail.len() < len {
            return Err(BundleError::Truncated {
                index,
                needed: len - tail.len(),
            });
        }
        let (entry, tail) = tail.split_at(len);
        out.push(entry);
        rest = tail;
    }
    Ok(out)
}
