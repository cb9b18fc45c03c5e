//! Birth dates written as `YYYY-MM-DD`, `YYYY/MM/DD`, `YYYYMMDD` or `YYYY年M月D日` (month and day
//! may have one or two digits in the separated forms), which must be real dates from 1800 to the
//! caller's `today`.
//!
//! Databases often export a DATE column as a timestamp at midnight, so a trailing ` 00:00:00` or
//! `T00:00:00` is accepted; any other time of day means an event timestamp, not a birth date.
//!
//! Any date column passes this check, which is why birth dates are
//! [`Evidence::Contextual`](crate::Evidence::Contextual): a column is only called a birth date
//! when its header says so.

use chrono::{Datelike, NaiveDate};

use super::calendar::{birth_date as plausible, birth_date_yyyymmdd};
use super::digits::{all_digits, number};
use crate::normalised::Builder;
use crate::text::trim;
use crate::{Kind, Match, Validity};

/// Validates a birth date; the normalised form is ISO `YYYY-MM-DD`.
pub fn birth_date(cell: &str, today: NaiveDate) -> Validity<'_> {
    let s = trim(cell);
    let s = s
        .strip_suffix(" 00:00:00")
        .or_else(|| s.strip_suffix("T00:00:00"))
        .unwrap_or(s);
    let b = s.as_bytes();
    let date = if b.len() == 8 && all_digits(b) {
        birth_date_yyyymmdd(b, today)
    } else {
        separated(s, today)
    };
    let Some(date) = date else {
        return Validity::NotThisKind;
    };
    let mut n = Builder::new();
    // Years are 1800..=today's year, so four digits, and the month and day are padded to two.
    // Written digit by digit: this runs for every birth-date cell, and formatting machinery
    // cost more than the date check itself.
    let digits = |n: &mut Builder, value: u32, width: u32| {
        for place in (0..width).rev() {
            n.push_ascii(b'0' + (value / 10u32.pow(place) % 10) as u8);
        }
    };
    digits(&mut n, date.year().unsigned_abs(), 4);
    n.push_ascii(b'-');
    digits(&mut n, date.month(), 2);
    n.push_ascii(b'-');
    digits(&mut n, date.day(), 2);
    Match::new(Kind::BirthDate, n.finish())
        .with_birth_date(date)
        .valid()
}

/// `YYYY-M-D`, `YYYY/M/D` (the same separator twice) or `YYYY年M月D日`.
fn separated(s: &str, today: NaiveDate) -> Option<NaiveDate> {
    let (year, rest) = s.split_at_checked(4)?;
    let (month, day) = if let Some(rest) = rest.strip_prefix('年') {
        let (month, rest) = rest.split_once('月')?;
        (month, rest.strip_suffix('日')?)
    } else {
        let sep = *rest
            .as_bytes()
            .first()
            .filter(|&&c| c == b'-' || c == b'/')?;
        rest[1..].split_once(char::from(sep))?
    };
    if !(1..=2).contains(&month.len()) || !(1..=2).contains(&day.len()) {
        return None;
    }
    plausible(
        number(year.as_bytes())?,
        number(month.as_bytes())?,
        number(day.as_bytes())?,
        today,
    )
}
