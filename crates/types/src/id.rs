//! Typed, prefixed, time-ordered identifiers (`prt_…`, `ast_…`).
//!
//! Each identifier is a UUIDv7 written as 32 lowercase hex digits behind a short prefix that names
//! its kind. UUIDv7 sorts by creation time, so ordering rows by id gives creation order, which
//! cursor pagination relies on. The prefix makes a mixed-up id fail to parse instead of silently
//! addressing the wrong table.

use std::fmt;
use std::str::FromStr;

/// Why a string is not an identifier of the expected kind.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a valid {kind} identifier")]
pub struct IdError {
    kind: &'static str,
}

macro_rules! typed_id {
    ($(#[$meta:meta])* $name:ident, $prefix:literal, $kind:literal) => {
        $(#[$meta])*
        #[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(uuid::Uuid);

        impl $name {
            /// The prefix every identifier of this kind starts with, including the underscore.
            pub const PREFIX: &'static str = concat!($prefix, "_");

            /// A new identifier that sorts after every identifier created before it.
            pub fn new() -> Self {
                Self(uuid::Uuid::now_v7())
            }

            /// Parses `prefix_<32 hex digits>`.
            pub fn parse(s: &str) -> Result<Self, IdError> {
                let err = IdError { kind: $kind };
                let hex = s.strip_prefix(Self::PREFIX).ok_or(err.clone())?;
                if hex.len() != 32 || !hex.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')) {
                    return Err(err);
                }
                uuid::Uuid::try_parse(hex).map(Self).map_err(|_| err)
            }
        }

        impl Default for $name {
            fn default() -> Self {
                Self::new()
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}{}", Self::PREFIX, self.0.simple())
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Display::fmt(self, f)
            }
        }

        impl FromStr for $name {
            type Err = IdError;
            fn from_str(s: &str) -> Result<Self, IdError> {
                Self::parse(s)
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_str(self)
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
                Self::parse(&s).map_err(serde::de::Error::custom)
            }
        }
    };
}

typed_id!(
    /// A registered organisation (数商, operator or regulator).
    ParticipantId, "prt", "participant"
);
typed_id!(
    /// A person who logs in on behalf of a participant.
    UserId, "usr", "user"
);
typed_id!(
    /// A data asset: a named dataset with one or more immutable versions.
    AssetId, "ast", "asset"
);
typed_id!(
    /// One immutable upload of an asset's data.
    AssetVersionId, "asv", "asset version"
);
typed_id!(
    /// A domain event in the outbox.
    EventId, "evt", "event"
);
typed_id!(
    /// An API bearer token (the id, never the secret).
    TokenId, "tok", "token"
);
typed_id!(
    /// A portal session (the id, never the cookie secret).
    SessionId, "ses", "session"
);
typed_id!(
    /// A grant of one of the three data rights over an asset (an original registration, a
    /// licence, a transfer or an authorised operation of public data).
    GrantId, "grt", "grant"
);
typed_id!(
    /// A cross-border approval on record: a security assessment result, a filed standard
    /// contract or a certification.
    ApprovalId, "xap", "approval"
);
typed_id!(
    /// A decision of the cross-border gate for one transfer abroad.
    TransferId, "xtr", "transfer"
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_orders_by_time() {
        let a = AssetId::new();
        let b = AssetId::new();
        assert!(a < b);
        assert!(a.to_string() < b.to_string());
        assert_eq!(AssetId::parse(&a.to_string()), Ok(a));
        assert_eq!(a.to_string().len(), 4 + 32);
    }

    #[test]
    fn rejects_wrong_kind_and_junk() {
        let p = ParticipantId::new().to_string();
        assert!(AssetId::parse(&p).is_err());
        for bad in [
            "",
            "ast_",
            "ast_xyz",
            "ast_0190ABCDEF0123456789abcdef012345",
            "ast 0190",
        ] {
            assert!(AssetId::parse(bad).is_err(), "{bad}");
        }
        let err = AssetId::parse("x").unwrap_err();
        assert_eq!(err.to_string(), "not a valid asset identifier");
    }
}
