//! The closed list of personal-information kinds the detector recognises, with their stable wire
//! names and the strength of evidence a value of each kind carries on its own.
//!
//! The wire names (`cn_resident_id`, `cn_mobile`, ...) are stored in grading records and shown in
//! the API, so they must never change; `as_str` and the serde names are kept identical by a test.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// A kind of value the detector can recognise in a column.
///
/// The order of the variants is the tie-break order when two kinds match the same cells equally
/// well: more specific, checksum-bearing kinds come first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// 公民身份号码 (GB 11643-1999), including HK/Macao/Taiwan residence permits.
    CnResidentId,
    /// Mainland mobile number (MIIT numbering plan).
    CnMobile,
    /// E-mail address.
    Email,
    /// Payment card number (ISO/IEC 7812, Luhn).
    BankCard,
    /// 统一社会信用代码 (GB 32100-2015).
    Uscc,
    /// PRC passport, including public-affairs and SAR passports.
    PassportCn,
    /// 港澳居民来往内地通行证 (回乡证).
    HkMacaoPermit,
    /// 机动车号牌, regular and new-energy.
    VehiclePlate,
    /// Vehicle identification number (ISO 3779 / GB 16735-2019).
    Vin,
    /// IPv4 address in dotted-quad form.
    Ipv4,
    /// IPv6 address in full or compressed form.
    Ipv6,
    /// Latitude in decimal degrees.
    Latitude,
    /// Longitude in decimal degrees.
    Longitude,
    /// Chinese personal name.
    PersonName,
    /// Chinese postal address.
    Address,
    /// Date of birth.
    BirthDate,
}

/// How much a single validated value says about its column on its own.
///
/// This decides which share of a column must validate before the column is called (see the
/// thresholds in the column module).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Evidence {
    /// A check character was verified, so a random string passes only by chance (1 in 10 to 1 in
    /// 31): strong evidence.
    Checksum,
    /// A distinctive format without a check character: good evidence when most of a column
    /// matches.
    Format,
    /// The value's shape is shared by ordinary data (any date is a possible birth date, any
    /// four-decimal number a possible latitude, many words start with a surname): only a column
    /// header can make it evidence, so these kinds are never called without one.
    Contextual,
}

impl Kind {
    /// Every kind, in tie-break order.
    pub const ALL: [Kind; 16] = [
        Kind::CnResidentId,
        Kind::CnMobile,
        Kind::Email,
        Kind::BankCard,
        Kind::Uscc,
        Kind::PassportCn,
        Kind::HkMacaoPermit,
        Kind::VehiclePlate,
        Kind::Vin,
        Kind::Ipv4,
        Kind::Ipv6,
        Kind::Latitude,
        Kind::Longitude,
        Kind::PersonName,
        Kind::Address,
        Kind::BirthDate,
    ];

    /// The stable wire name, identical to the serde name.
    pub const fn as_str(self) -> &'static str {
        match self {
            Kind::CnResidentId => "cn_resident_id",
            Kind::CnMobile => "cn_mobile",
            Kind::Email => "email",
            Kind::BankCard => "bank_card",
            Kind::Uscc => "uscc",
            Kind::PassportCn => "passport_cn",
            Kind::HkMacaoPermit => "hk_macao_permit",
            Kind::VehiclePlate => "vehicle_plate",
            Kind::Vin => "vin",
            Kind::Ipv4 => "ipv4",
            Kind::Ipv6 => "ipv6",
            Kind::Latitude => "latitude",
            Kind::Longitude => "longitude",
            Kind::PersonName => "person_name",
            Kind::Address => "address",
            Kind::BirthDate => "birth_date",
        }
    }

    /// The strength of a single validated value of this kind.
    pub const fn evidence(self) -> Evidence {
        match self {
            Kind::CnResidentId | Kind::BankCard | Kind::Uscc | Kind::Vin => Evidence::Checksum,
            Kind::CnMobile
            | Kind::Email
            | Kind::PassportCn
            | Kind::HkMacaoPermit
            | Kind::VehiclePlate
            | Kind::Ipv4
            | Kind::Ipv6
            | Kind::Address => Evidence::Format,
            Kind::Latitude | Kind::Longitude | Kind::PersonName | Kind::BirthDate => {
                Evidence::Contextual
            }
        }
    }

    /// Position in [`Kind::ALL`], used to index per-kind counters without hashing.
    pub(crate) const fn index(self) -> usize {
        self as usize
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A string that is not the wire name of any [`Kind`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown personal-information kind {0:?}")]
pub struct UnknownKind(pub String);

impl FromStr for Kind {
    type Err = UnknownKind;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Kind::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| UnknownKind(s.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;
    use serde::de::value::{Error, StrDeserializer};

    use super::*;

    #[test]
    fn all_lists_every_kind_at_its_index() {
        for (i, kind) in Kind::ALL.into_iter().enumerate() {
            assert_eq!(kind.index(), i, "{kind}");
        }
    }

    #[test]
    fn wire_names_round_trip_through_serde_and_from_str() {
        for kind in Kind::ALL {
            let de = StrDeserializer::<Error>::new(kind.as_str());
            assert_eq!(Kind::deserialize(de).unwrap(), kind);
            assert_eq!(kind.as_str().parse::<Kind>().unwrap(), kind);
        }
        assert!("resident_id".parse::<Kind>().is_err());
    }
}
