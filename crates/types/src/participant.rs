//! The vocabulary of participants (数商) and their people: what kind of organisation a
//! participant is, which roles it plays on the exchange, where it stands in verification, and
//! what a member of staff may do. Each enum has one stable lowercase spelling used in the API,
//! the database and events.

use std::fmt;

macro_rules! string_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $s:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
        pub enum $name {
            $($(#[$vmeta])* #[serde(rename = $s)] $variant),+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(&self) -> &'static str {
                match self { $($name::$variant => $s),+ }
            }

            pub fn parse(s: &str) -> Option<Self> {
                match s { $($s => Some($name::$variant),)+ _ => None }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

string_enum!(
    /// What kind of organisation a participant is. Merchants trade; the operator runs the
    /// exchange; regulators watch it.
    ParticipantKind {
        Merchant = "merchant",
        Operator = "operator",
        Regulator = "regulator",
    }
);

string_enum!(
    /// The roles a merchant plays. A merchant may hold several.
    MerchantRole {
        Provider = "provider",
        Buyer = "buyer",
        /// Law firms, assessors and delivery providers (see `ServiceKind`).
        ServiceProvider = "service_provider",
    }
);

string_enum!(
    /// What a service provider does.
    ServiceKind {
        LawFirm = "law_firm",
        Assessor = "assessor",
        Delivery = "delivery",
    }
);

string_enum!(
    /// Where a participant stands in operator verification. Only verified participants may
    /// upload, list or buy.
    ParticipantStatus {
        Pending = "pending",
        Verified = "verified",
        Suspended = "suspended",
    }
);

string_enum!(
    /// A user's standing inside their own participant. For the operator, `admin` manages the
    /// exchange and `reviewer` reviews; for merchants, `admin` manages the organisation's users.
    StaffRole {
        Admin = "admin",
        Reviewer = "reviewer",
        Member = "member",
    }
);

string_enum!(
    /// Where a dataset came from, as its provider declares it at upload.
    SourceKind {
        SelfCollected = "self_collected",
        Purchased = "purchased",
        AuthorisedPublicData = "authorised_public_data",
        PersonalInfoWithConsent = "personal_info_with_consent",
    }
);

string_enum!(
    /// How often a dataset's provider intends to publish a new version.
    UpdateFrequency {
        Once = "once",
        RealTime = "real_time",
        Daily = "daily",
        Weekly = "weekly",
        Monthly = "monthly",
        Quarterly = "quarterly",
        Yearly = "yearly",
        Irregular = "irregular",
    }
);

string_enum!(
    /// Where an asset version stands: received and being read (`processing`), read and
    /// normalised (`ready`), or unreadable (`failed`, with the reason recorded).
    VersionState {
        Processing = "processing",
        Ready = "ready",
        Failed = "failed",
    }
);

/// Which identifier scheme a participant registered with.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum OrgIdScheme {
    /// Unified Social Credit Code: mainland organisations.
    Uscc,
    /// Legal Entity Identifier: organisations outside the mainland.
    Lei,
}

impl OrgIdScheme {
    pub fn as_str(&self) -> &'static str {
        match self {
            OrgIdScheme::Uscc => "uscc",
            OrgIdScheme::Lei => "lei",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "uscc" => Some(OrgIdScheme::Uscc),
            "lei" => Some(OrgIdScheme::Lei),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_round_trip() {
        for k in ParticipantKind::ALL {
            assert_eq!(ParticipantKind::parse(k.as_str()), Some(*k));
        }
        for s in SourceKind::ALL {
            assert_eq!(SourceKind::parse(s.as_str()), Some(*s));
        }
        assert_eq!(ParticipantStatus::parse("Verified"), None);
        assert_eq!(OrgIdScheme::parse("lei"), Some(OrgIdScheme::Lei));
    }
}
