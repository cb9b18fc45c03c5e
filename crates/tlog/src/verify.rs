//! Proof verification (RFC 9162 §2.1.3.2 and §2.1.4.2). This is what every receipt check and
//! every monitor runs, so it works in place: no allocation, one hash per proof element.

use crate::hash::{EMPTY_ROOT, Hash, node_hash};

/// Why a proof did not verify.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum VerifyError {
    #[error("entry {index} is not in a tree of size {size}")]
    IndexOutOfRange { index: u64, size: u64 },
    #[error("old tree size {old} is larger than new tree size {new}")]
    SizesOutOfOrder { old: u64, new: u64 },
    #[error("proof has {got} hashes, but this proof needs {expected}")]
    WrongLength { got: usize, expected: usize },
    #[error("proof has the wrong number of hashes for these tree sizes")]
    BadConsistencyLength,
    #[error("proof does not lead to the expected root hash")]
    RootMismatch,
    #[error("proof does not match the old tree's root hash")]
    OldRootMismatch,
    #[error("proof does not match the new tree's root hash")]
    NewRootMismatch,
}

/// Number of hashes in the inclusion proof for `index` in a tree of `size` (index < size): one
/// per level where the path to the leaf and the right edge part ways (the low bits), plus one for
/// each left sibling above that.
fn inclusion_proof_len(index: u64, size: u64) -> usize {
    let last = size - 1;
    let inner = 64 - (index ^ last).leading_zeros();
    let border = index.checked_shr(inner).unwrap_or(0).count_ones();
    (inner + border) as usize
}

/// Checks that `leaf` is entry `index` of the tree of `size` entries whose root is `root`.
pub fn verify_inclusion(
    leaf: &Hash,
    index: u64,
    size: u64,
    proof: &[Hash],
    root: &Hash,
) -> Result<(), VerifyError> {
    if index >= size {
        return Err(VerifyError::IndexOutOfRange { index, size });
    }
    let expected = inclusion_proof_len(index, size);
    if proof.len() != expected {
        return Err(VerifyError::WrongLength {
            got: proof.len(),
            expected,
        });
    }
    let (mut f, mut s) = (index, size - 1);
    let mut r = *leaf;
    for p in proof {
        if s == 0 {
            return Err(VerifyError::WrongLength {
                got: proof.len(),
                expected,
            });
        }
        if f & 1 == 1 || f == s {
            r = node_hash(p, &r);
            while f & 1 == 0 && f != 0 {
                f >>= 1;
                s >>= 1;
            }
        } else {
            r = node_hash(&r, p);
        }
        f >>= 1;
        s >>= 1;
    }
    if s != 0 {
        return Err(VerifyError::WrongLength {
            got: proof.len(),
            expected,
        });
    }
    if r != *root {
        return Err(VerifyError::RootMismatch);
    }
    Ok(())
}

/// Checks that the tree of `old_size` entries with root `old_root` is a prefix of the tree of
/// `new_size` entries with root `new_root`. For equal sizes the proof must be empty and the roots
/// equal; for `old_size` 0 the proof must be empty and `old_root` must be [`EMPTY_ROOT`].
pub fn verify_consistency(
    old_size: u64,
    new_size: u64,
    proof: &[Hash],
    old_root: &Hash,
    new_root: &Hash,
) -> Result<(), VerifyError> {
    if old_size > new_size {
        return Err(VerifyError::SizesOutOfOrder {
            old: old_size,
            new: new_size,
        });
    }
    if old_size == 0 || old_size == new_size {
        if !proof.is_empty() {
            return Err(VerifyError::WrongLength {
                got: proof.len(),
                expected: 0,
            });
        }
        if old_size == 0 && *old_root != EMPTY_ROOT {
            return Err(VerifyError::OldRootMismatch);
        }
        if old_size == new_size && old_root != new_root {
            return Err(VerifyError::NewRootMismatch);
        }
        return Ok(());
    }
    // When the old tree is a perfect subtree its root is the implicit first proof element.
    let (first, rest) = if old_size.is_power_of_two() {
        (old_root, proof)
    } else {
        match proof.split_first() {
            Some((first, rest)) => (first, rest),
            None => return Err(VerifyError::BadConsistencyLength),
        }
    };
    let (mut f, mut s) = (old_size - 1, new_size - 1);
    while f & 1 == 1 {
        f >>= 1;
        s >>= 1;
    }
    let (mut fr, mut sr) = (*first, *first);
    for c in rest {
        if s == 0 {
            return Err(VerifyError::BadConsistencyLength);
        }
        if f & 1 == 1 || f == s {
            fr = node_hash(c, &fr);
            sr = node_hash(c, &sr);
            while f & 1 == 0 && f != 0 {
                f >>= 1;
                s >>= 1;
            }
        } else {
            sr = node_hash(&sr, c);
        }
        f >>= 1;
        s >>= 1;
    }
    if s != 0 {
        return Err(VerifyError::BadConsistencyLength);
    }
    if fr != *old_root {
        return Err(VerifyError::OldRootMismatch);
    }
    if sr != *new_root {
        return Err(VerifyError::NewRootMismatch);
    }
    Ok(())
}
