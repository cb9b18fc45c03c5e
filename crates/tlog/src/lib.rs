//! Dataport's transparency log, sans IO: RFC 9162 Merkle tree hashing, C2SP tlog-tiles layout,
//! C2SP tlog-checkpoint bodies in C2SP signed notes (Ed25519), and inclusion and consistency
//! proofs.
//!
//! Every exchange Dataport brokers is recorded in an append-only log so that a data provider or
//! consumer can later prove what was exchanged, and anyone can check that the log never rewrote
//! its history. This crate holds the parts of that log that are pure computation: the sequencer
//! keeps a [`Tree`] (only its right edge) and publishes the tiles each append produces; the server
//! answers proof requests by reading tiles through a [`TileReader`]; clients check receipts with
//! [`verify_inclusion`], [`verify_consistency`] and [`open_note`]. Storage, networking and time
//! are the callers' business, which keeps this code deterministic and easy to test.
//!
//! Inputs here come from the network (tile paths, notes, proofs, bundles), so every parser is
//! strict and nothing panics on any input.

mod bundle;
mod checkpoint;
mod hash;
mod note;
mod proof;
mod tile;
mod tree;
mod verify;

pub use bundle::{BundleError, decode_bundle, encode_bundle};
pub use checkpoint::Checkpoint;
pub use hash::{EMPTY_ROOT, Hash, leaf_hash, node_hash, root_of};
pub use note::{MAX_NOTE_SIZE, MAX_SIGNATURES, NoteError, Signer, Verifier, open_note};
pub use proof::{
    ProofError, TileReader, consistency_proof, inclusion_proof, inclusion_proofs, root_from_tiles,
    subtree_hash,
};
pub use tile::{
    PathError, TILE_HEIGHT, TILE_WIDTH, TileError, TileId, decode_tile, encode_tile, new_tiles,
    right_edge_tiles, tiles_for_size,
};
pub use tree::{TileContent, Tree, TreeError};
pub use verify::{VerifyError, verify_consistency, verify_inclusion};

/// The Ed25519 implementation whose key types [`Signer::new`] and [`Verifier::new`] take, so
/// callers need not depend on a matching version themselves.
pub use ed25519_dalek;
