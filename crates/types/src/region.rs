//! Where a participant is registered, as an ISO 3166-1 alpha-2 code.
//!
//! For data-export purposes Hong Kong, Macao and Taiwan are outside the mainland, but they are not
//! "foreign countries" in Chinese law either; the cross-border rules treat them as their own
//! regions. So a region is recorded as its exact code, and `is_mainland` answers the one
//! question the export rules ask.

use std::fmt;

/// Every officially assigned ISO 3166-1 alpha-2 code.
const ISO_3166_ALPHA2: &str = "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI \
BJ BL BM BN BO BQ BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE \
DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS \
GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW \
KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW \
MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO \
RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM \
TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW";

/// Why a string is not a region code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not an ISO 3166-1 alpha-2 country or region code")]
pub struct RegionError;

/// An ISO 3166-1 alpha-2 code, upper-case. `CN` means the mainland.
#[derive(Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(into = "String")]
pub struct Region([u8; 2]);

impl Region {
    pub const MAINLAND: Region = Region(*b"CN");

    pub fn parse(s: &str) -> Result<Self, RegionError> {
        let code = s.trim().to_ascii_uppercase();
        let b = code.as_bytes();
        if b.len() != 2 || !ISO_3166_ALPHA2.split(' ').any(|c| c == code) {
            return Err(RegionError);
        }
        Ok(Self([b[0], b[1]]))
    }

    pub fn as_str(&self) -> &str {
        // Both bytes are ASCII letters by construction.
        std::str::from_utf8(&self.0).unwrap_or("??")
    }

    /// True only for the mainland; transfers to every other region are data exports.
    pub fn is_mainland(&self) -> bool {
        *self == Self::MAINLAND
    }

    /// Hong Kong, Macao or Taiwan: outside the mainland for data-export purposes.
    pub fn is_hk_macao_taiwan(&self) -> bool {
        matches!(&self.0, b"HK" | b"MO" | b"TW")
    }
}

impl From<Region> for String {
    fn from(r: Region) -> String {
        r.as_str().to_owned()
    }
}

impl fmt::Display for Region {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for Region {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Region({})", self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_has_every_assigned_code_once() {
        let codes: Vec<&str> = ISO_3166_ALPHA2.split(' ').collect();
        assert_eq!(codes.len(), 249);
        let mut sorted = codes.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted, codes, "table must be sorted and free of duplicates");
    }

    #[test]
    fn regions() {
        assert!(Region::parse("cn").unwrap().is_mainland());
        for r in ["HK", "MO", "TW"] {
            let region = Region::parse(r).unwrap();
            assert!(!region.is_mainland() && region.is_hk_macao_taiwan(), "{r}");
        }
        let jp = Region::parse("JP").unwrap();
        assert!(!jp.is_mainland() && !jp.is_hk_macao_taiwan());
        for bad in ["", "C", "CHN", "XX", "ZZ", "中国"] {
            assert_eq!(Region::parse(bad), Err(RegionError), "{bad}");
        }
    }
}
