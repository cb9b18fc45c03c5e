//! C2SP tlog-checkpoint (<https://c2sp.org/tlog-checkpoint>): the text Dataport's log signs to
//! commit to a tree size and root. Witnesses and monitors from other ecosystems parse the same
//! format, so parsing is strict and the output is byte-for-byte canonical.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;

use crate::hash::Hash;
use crate::note::{MAX_NOTE_SIZE, NoteError};

/// A checkpoint body: the log's origin line, the tree size, the root hash, and optional opaque
/// extension lines.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Checkpoint {
    /// Identifies the log (for Dataport, its URL prefix without scheme). Must be non-empty and a
    /// single line.
    pub origin: String,
    pub size: u64,
    pub root: Hash,
    /// Extra lines after the root, each non-empty and a single line. Monitors cannot audit them.
    pub extensions: Vec<String>,
}

fn bad(reason: &'static str) -> NoteError {
    NoteError::BadCheckpoint(reason)
}

impl Checkpoint {
    /// The note text to sign: each line ends in a newline. The fields must be valid (see the
    /// field documentation); [`Checkpoint::parse`] of the result gives back `self`.
    pub fn body(&self) -> String {
        let mut out = String::with_capacity(self.origin.len() + 80);
        out.push_str(&self.origin);
        out.push('\n');
        out.push_str(&self.size.to_string());
        out.push('\n');
        STANDARD.encode_string(self.root, &mut out);
        out.push('\n');
        for line in &self.extensions {
            out.push_str(line);
            out.push('\n');
        }
        out
    }

    /// Parses a checkpoint body (the text of an opened note). Rejects a missing final newline,
    /// empty lines, a size with a sign or leading zeros, and a root that is not the canonical
    /// base64 of 32 bytes.
    pub fn parse(body: &str) -> Result<Checkpoint, NoteError> {
        if body.len() > MAX_NOTE_SIZE {
            return Err(NoteError::TooLarge {
                size: body.len(),
                limit: MAX_NOTE_SIZE,
            });
        }
        if body.bytes().any(|b| b < 0x20 && b != b'\n') {
            return Err(bad("contains a control character"));
        }
        let text = body
            .strip_suffix('\n')
            .ok_or(bad("does not end in a newline"))?;
        let mut lines = text.split('\n');
        let origin = lines.next().unwrap_or_default();
        if origin.is_empty() {
            return Err(bad("origin line is empty"));
        }
        let size = lines.next().ok_or(bad("size line is missing"))?;
        if size.is_empty()
            || !size.bytes().all(|b| b.is_ascii_digit())
            || (size.len() > 1 && size.starts_with('0'))
        {
            return Err(bad("size is not a decimal number without leading zeros"));
        }
        let size: u64 = size
            .parse()
            .map_err(|_| bad("size does not fit in 64 bits"))?;
        let root_line = lines.next().ok_or(bad("root hash line is missing"))?;
        let mut root = [0u8; 32];
        let decoded = STANDARD
            .decode(root_line)
            .map_err(|_| bad("root hash is not valid base64"))?;
        if decoded.len() != root.len() {
            return Err(bad("root hash is not 32 bytes"));
        }
        root.copy_from_slice(&decoded);
        let mut extensions = Vec::new();
        for line in lines {
            if line.is_empty() {
                return Err(bad("extension line is empty"));
            }
            extensions.push(line.to_owned());
        }
        Ok(Checkpoint {
            origin: origin.to_owned(),
            size,
            root,
            extensions,
        })
    }
}
