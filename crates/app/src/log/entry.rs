//! What goes into the log for one event. Entries are public, so an entry names the event (its
//! id, type, time and subject, all public identifiers) and commits to the full event body with a
//! salted SHA-256: `commitment = SHA-256(salt ‖ body)`, where `body` is the event's canonical
//! JSON (RFC 8785) as stored in the outbox. The body can hold personal data or confidential
//! terms; the commitment reveals nothing about it without the salt, and the parties to the event
//! get the body and salt in their receipt so they can open the commitment to anyone.
//!
//! Salts are derived, not drawn: `salt = SHA-256("dataport/log/salt/v1\n" ‖ secret ‖ event id)`
//! with a secret derived from the log's signing key. The same event therefore always gets the
//! same entry, so a batch cut short by a crash before its checkpoint is rewritten byte for byte
//! when sequenced again, and no tile ever has two versions.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The entry format's version, in every entry.
pub const ENTRY_VERSION: u32 = 1;

/// A log entry, as its canonical JSON is hashed into the tree.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// Entry format version.
    pub v: u32,
    /// The event id (`evt_…`).
    pub event: String,
    /// The event type, e.g. `participant.registered`.
    #[serde(rename = "type")]
    pub event_type: String,
    /// When the event happened (RFC 3339, UTC).
    pub time: String,
    /// The public id of what changed (`prt_…`, `ast_…`, …).
    pub subject: String,
    /// Hex SHA-256 of the salt followed by the event's canonical body.
    pub commitment: String,
}

impl Entry {
    /// The entry's bytes in the log: RFC 8785 canonical JSON.
    pub fn to_bytes(&self) -> Vec<u8> {
        // An `Entry` is strings and a small integer, which always canonicalise.
        serde_json_canonicalizer::to_vec(self).unwrap_or_default()
    }

    pub fn parse(bytes: &[u8]) -> Option<Entry> {
        serde_json::from_slice(bytes).ok()
    }
}

/// The commitment to `body` under `salt`, in hex.
pub fn commitment(salt: &[u8], body: &[u8]) -> String {
    let mut h = Sha256::new();
    h.update(salt);
    h.update(body);
    hex::encode(h.finalize())
}

/// The salt for `event_id` under the log's salt secret.
pub(crate) fn salt(secret: &[u8; 32], event_id: &str) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(b"dataport/log/salt/v1\n");
    h.update(secret);
    h.update(event_id.as_bytes());
    h.finalize().into()
}

/// The salt secret for a signing key, given as its private key text.
pub(crate) fn salt_secret(private_key_text: &str) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(b"dataport/log/salt-secret/v1\n");
    h.update(private_key_text.as_bytes());
    h.finalize().into()
}

/// The entry for an outbox event.
pub(crate) fn entry_for(event: &store::Event, salt: &[u8; 32]) -> Entry {
    Entry {
        v: ENTRY_VERSION,
        event: event.id.to_string(),
        event_type: event.event_type.clone(),
        time: types::format_timestamp(&event.occurred_at),
        subject: event.subject_id.clone(),
        commitment: commitment(salt, event.body.as_bytes()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_are_canonical_json_with_sorted_keys() {
        let e = Entry {
            v: 1,
            event: "evt_1".into(),
            event_type: "participant.registered".into(),
            time: "2026-11-27T00:00:00.000000Z".into(),
            subject: "prt_1".into(),
            commitment: "ab".into(),
        };
        assert_eq!(
            String::from_utf8(e.to_bytes()).unwrap(),
            r#"{"commitment":"ab","event":"evt_1","subject":"prt_1","time":"2026-11-27T00:00:00.000000Z","type":"participant.registered","v":1}"#
        );
        assert_eq!(Entry::parse(&e.to_bytes()), Some(e));
    }

    #[test]
    fn salts_depend_on_the_secret_and_the_event() {
        let a = salt_secret("key a");
        let b = salt_secret("key b");
        assert_ne!(salt(&a, "evt_1"), salt(&b, "evt_1"));
        assert_ne!(salt(&a, "evt_1"), salt(&a, "evt_2"));
        assert_eq!(salt(&a, "evt_1"), salt(&a, "evt_1"));
        assert_ne!(commitment(b"s", b"body"), commitment(b"t", b"body"));
    }
}
