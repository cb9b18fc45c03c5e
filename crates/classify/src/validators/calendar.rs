//! The birth-date rule shared by resident IDs and birth-date cells: a real calendar date, in or
//! after 1800 and not after the caller's `today`.
//!
//! 1800 is the floor `identifiers.py` uses, and one of the worked examples of regulations.md
//! Table 2 (`440524188001010014`) is born in 1880: records of people no longer living are still
//! records of natural persons, so an implausible age is not a reason to miss an identifier. The
//! upper bound uses a `today` supplied by the caller so that the crate stays pure and its tests
//! reproducible.

use chrono::NaiveDate;

use super::digits::number;

/// Earliest accepted birth year.
pub(crate) const MIN_BIRTH_YEAR: u32 = 1800;

/// The date for numeric year, month and day, if it is a plausible birth date on `today`.
pub(crate) fn birth_date(year: u32, month: u32, day: u32, today: NaiveDate) -> Option<NaiveDate> {
    if year < MIN_BIRTH_YEAR {
        return None;
    }
    let date = NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month, day)?;
    (date <= today).then_some(date)
}

/// A plausible birth date written as eight ASCII digits `YYYYMMDD`.
pub(crate) fn birth_date_yyyymmdd(b: &[u8], today: NaiveDate) -> Option<NaiveDate> {
    if b.len() != 8 {
        return None;
    }
    birth_date(number(&b[..4])?, number(&b[4..6])?, number(&b[6..])?, today)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_unreal_future_and_ancient_dates() {
        let today = NaiveDate::from_ymd_opt(2025, 6, 30).unwrap();
        assert!(birth_date_yyyymmdd(b"19491231", today).is_some());
        assert!(birth_date_yyyymmdd(b"20000229", today).is_some());
        assert!(birth_date_yyyymmdd(b"19490230", today).is_none());
        assert!(birth_date_yyyymmdd(b"19001301", today).is_none());
        assert!(birth_date_yyyymmdd(b"17991231", today).is_none());
        assert!(birth_date_yyyymmdd(b"20250701", today).is_none());
        assert!(birth_date_yyyymmdd(b"20250630", today).is_some());
    }
}
