//! Which kinds are personal information (PIPL Art. 4) and which are sensitive personal
//! information (PIPL Art. 28; GB/T 35273-2020 Annex B as commonly applied), plus the age test
//! that makes a minor's whole record sensitive.
//!
//! The split drives the two counters of the cross-border decision table (regulations.md §2.2):
//! distinct individuals whose non-sensitive, and whose sensitive, information is exported. When
//! in doubt the rule is to grade high (GB/T 43697 "就高从严"), which is why coordinates count as
//! precise location rather than as harmless numbers.
//!
//! | Kind | Personal | Sensitive | Basis |
//! |---|---|---|---|
//! | `cn_resident_id` | yes | yes | Identity-document number (身份证件号码): GB/T 35273 Annex B; PIPL Art. 28 特定身份 |
//! | `passport_cn` | yes | yes | Identity-document number, as above |
//! | `hk_macao_permit` | yes | yes | Identity-document number, as above |
//! | `bank_card` | yes | yes | Financial account (金融账户): PIPL Art. 28; Annex B 银行账户 |
//! | `latitude`, `longitude` | yes | yes | Precise location / whereabouts (行踪轨迹): PIPL Art. 28; automotive rules treat vehicle location tracks as sensitive |
//! | `cn_mobile`, `email` | yes | no | Contact details identify a person but are not listed in Art. 28 |
//! | `person_name`, `address` | yes | no | Basic personal data; not listed in Art. 28 |
//! | `birth_date` | yes | no | Not sensitive by itself, but a birth date under 14 makes the whole record sensitive (Art. 28): see [`is_under_14`] |
//! | `vehicle_plate`, `vin` | yes | no | Identify a vehicle and so its keeper; not listed in Art. 28 (plates in exterior images are automotive *important* data, a separate test) |
//! | `ipv4`, `ipv6` | yes | no | Personal when linked to a subscriber or device (PIPL Art. 4 "identifiable"); treated as personal because the caller cannot see the linkage |
//! | `uscc` | no | no | Identifies an organisation; a 个体工商户 code may identify one person, flagged by [`crate::Variant::IndividualBusiness`] |

use chrono::{Datelike, NaiveDate};

use crate::Kind;

/// Whether values of `kind` are personal information.
pub const fn is_personal(kind: Kind) -> bool {
    !matches!(kind, Kind::Uscc)
}

/// Whether values of `kind` are sensitive personal information by default.
pub const fn is_sensitive(kind: Kind) -> bool {
    matches!(
        kind,
        Kind::CnResidentId
            | Kind::PassportCn
            | Kind::HkMacaoPermit
            | Kind::BankCard
            | Kind::Latitude
            | Kind::Longitude
    )
}

/// Age in whole years on `today`; zero for a birth date after `today`.
pub fn age_on(birth: NaiveDate, today: NaiveDate) -> u32 {
    if birth > today {
        return 0;
    }
    let years = today.year() - birth.year();
    let had_birthday = (today.month(), today.day()) >= (birth.month(), birth.day());
    let age = if had_birthday { years } else { years - 1 };
    u32::try_from(age).unwrap_or(0)
}

/// Whether a person born on `birth` is under 14 on `today` (不满十四周岁, PIPL Art. 28), which
/// makes all of their personal information sensitive.
pub fn is_under_14(birth: NaiveDate, today: NaiveDate) -> bool {
    age_on(birth, today) < 14
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn fourteenth_birthday_ends_minority() {
        let birth = date(2011, 6, 30);
        assert!(is_under_14(birth, date(2025, 6, 29)));
        assert!(!is_under_14(birth, date(2025, 6, 30)));
        assert_eq!(age_on(date(2000, 2, 29), date(2025, 2, 28)), 24);
        assert_eq!(age_on(date(2000, 2, 29), date(2025, 3, 1)), 25);
        assert_eq!(age_on(date(2030, 1, 1), date(2025, 1, 1)), 0);
    }

    #[test]
    fn sensitive_kinds_are_personal() {
        for kind in Kind::ALL {
            assert!(!is_sensitive(kind) || is_personal(kind), "{kind}");
        }
        assert!(!is_personal(Kind::Uscc));
    }
}
