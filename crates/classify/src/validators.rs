//! Per-value validators, one module per kind, and [`validate`], which picks the validator for a
//! kind.
//!
//! Every validator takes a raw cell, trims surrounding whitespace itself, and answers with a
//! [`Validity`]. They work over bytes wherever the format is ASCII, return early on the first
//! impossible byte, and never allocate: on the non-matching path there is nothing to build, and on
//! the matching path the normalised form is borrowed or built inline (see [`crate::Normalised`]).

mod address;
mod bank_card;
mod birth_date;
mod calendar;
mod coordinate;
mod digits;
mod email;
mod hk_macao_permit;
mod ip;
mod mobile;
mod passport;
mod person_name;
mod region_code;
mod resident_id;
mod uscc;
mod vehicle_plate;
mod vin;

use chrono::NaiveDate;

pub use address::address;
pub use bank_card::bank_card;
pub use birth_date::birth_date;
pub use coordinate::{latitude, longitude};
pub use email::email;
pub use hk_macao_permit::hk_macao_permit;
pub use ip::{ipv4, ipv6};
pub use mobile::cn_mobile;
pub use passport::passport_cn;
pub use person_name::person_name;
pub use resident_id::cn_resident_id;
pub use uscc::uscc;
pub use vehicle_plate::vehicle_plate;
pub use vin::vin;

use crate::{Kind, Validity};

/// Checks `cell` against `kind`.
///
/// `today` bounds birth dates (resident IDs and birth-date cells may not lie in the future); the
/// other validators ignore it. Callers use this once a column's kind is decided, to obtain each
/// value's normalised form for counting distinct people.
pub fn validate(kind: Kind, cell: &str, today: NaiveDate) -> Validity<'_> {
    match kind {
        Kind::CnResidentId => cn_resident_id(cell, today),
        Kind::CnMobile => cn_mobile(cell),
        Kind::Email => email(cell),
        Kind::BankCard => bank_card(cell),
        Kind::Uscc => uscc(cell),
        Kind::PassportCn => passport_cn(cell),
        Kind::HkMacaoPermit => hk_macao_permit(cell),
        Kind::VehiclePlate => vehicle_plate(cell),
        Kind::Vin => vin(cell),
        Kind::Ipv4 => ipv4(cell),
        Kind::Ipv6 => ipv6(cell),
        Kind::Latitude => latitude(cell),
        Kind::Longitude => longitude(cell),
        Kind::PersonName => person_name(cell),
        Kind::Address => address(cell),
        Kind::BirthDate => birth_date(cell, today),
    }
}
