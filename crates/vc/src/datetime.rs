//! The timestamps of a proof: XML Schema 1.1 `dateTimeStamp` strings, as Data Integrity requires
//! for `created`. Only the lexical form and calendar validity are checked — the crate has no
//! clock and draws no conclusion from when a proof was made.

/// What a valid `dateTimeStamp` looked like, for the stricter rule Dataport applies to the
/// timestamps it writes itself.
struct Stamp {
    /// A four-digit, non-negative year, as RFC 3339 requires.
    plain_year: bool,
    /// The zone is `Z`.
    utc: bool,
    /// The time is `24:00:00`, which XML Schema allows and RFC 3339 does not.
    end_of_day: bool,
}

/// Whether `s` is a valid XML Schema 1.1 `dateTimeStamp`: a date and time with a time zone.
pub(crate) fn is_date_time_stamp(s: &str) -> bool {
    parse(s).is_some()
}

/// Whether `s` is the timestamp form Dataport writes: an RFC 3339 UTC time such as
/// `2025-03-01T08:00:00Z` or `2025-03-01T08:00:00.125Z`, which every Data Integrity verifier
/// accepts.
pub(crate) fn is_utc_timestamp(s: &str) -> bool {
    parse(s).is_some_and(|stamp| stamp.plain_year && stamp.utc && !stamp.end_of_day)
}

/// A cursor over ASCII bytes; every step returns `None` on anything unexpected.
struct Cursor<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Cursor<'a> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn eat(&mut self, expected: u8) -> Option<()> {
        (self.peek()? == expected).then(|| self.pos += 1)
    }

    /// Exactly two digits, as a number.
    fn two_digits(&mut self) -> Option<u32> {
        let tens = self.digit()?;
        let ones = self.digit()?;
        Some(tens * 10 + ones)
    }

    fn digit(&mut self) -> Option<u32> {
        let b = self.peek()?;
        b.is_ascii_digit().then(|| {
            self.pos += 1;
            u32::from(b - b'0')
        })
    }

    /// One or more digits; returns the digits themselves.
    fn digits(&mut self) -> Option<&'a [u8]> {
        let start = self.pos;
        while self.peek().is_some_and(|b| b.is_ascii_digit()) {
            self.pos += 1;
        }
        (self.pos > start).then(|| &self.bytes[start..self.pos])
    }
}

fn parse(s: &str) -> Option<Stamp> {
    let mut c = Cursor {
        bytes: s.as_bytes(),
        pos: 0,
    };

    // yearFrag: '-'? ( [1-9] digit{3,} | '0' digit{3} )
    let negative = c.eat(b'-').is_some();
    let year = c.digits()?;
    if year.len() < 4 || (year.len() > 4 && year[0] == b'0') {
        return None;
    }
    // Leap years repeat every 400 years and 10000 is a multiple of 400, so the last four digits
    // decide, whatever the length of the year or its sign.
    let last_four = year[year.len() - 4..]
        .iter()
        .fold(0u32, |acc, d| acc * 10 + u32::from(d - b'0'));
    let leap = last_four % 4 == 0 && (last_four % 100 != 0 || last_four % 400 == 0);

    c.eat(b'-')?;
    let month = c.two_digits()?;
    c.eat(b'-')?;
    let day = c.two_digits()?;
    let days_in_month = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    if day == 0 || day > days_in_month {
        return None;
    }

    c.eat(b'T')?;
    let hour = c.two_digits()?;
    c.eat(b':')?;
    let minute = c.two_digits()?;
    c.eat(b':')?;
    let second = c.two_digits()?;
    let fraction_is_zero = if c.eat(b'.').is_some() {
        c.digits()?.iter().all(|&d| d == b'0')
    } else {
        true
    };
    let end_of_day = hour == 24 && minute == 0 && second == 0 && fraction_is_zero;
    if !(end_of_day || (hour <= 23 && minute <= 59 && second <= 59)) {
        return None;
    }

    // The zone is required (dateTimeStamp, not dateTime): 'Z' or ±hh:mm up to ±14:00.
    let utc = match c.peek()? {
        b'Z' => {
            c.pos += 1;
            true
        }
        b'+' | b'-' => {
            c.pos += 1;
            let zone_hours = c.two_digits()?;
            c.eat(b':')?;
            let zone_minutes = c.two_digits()?;
            if !((zone_hours <= 13 && zone_minutes <= 59)
                || (zone_hours == 14 && zone_minutes == 0))
            {
                return None;
            }
            false
        }
        _ => return None,
    };
    if c.pos != c.bytes.len() {
        return None;
    }

    Some(Stamp {
        plain_year: !negative && year.len() == 4,
        utc,
        end_of_day,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_date_time_stamps() {
        for ok in [
            "2023-02-24T23:36:38Z",
            "2023-02-24T23:36:38.123456789Z",
            "2024-02-29T00:00:00Z",
            "2000-02-29T12:00:00+08:00",
            "1999-12-31T23:59:59-14:00",
            "2023-01-01T24:00:00Z",
            "2023-01-01T24:00:00.000+01:00",
            "12023-06-30T10:00:00Z",
            "-0044-03-15T12:00:00Z",
            "0000-02-29T00:00:00Z",
        ] {
            assert!(is_date_time_stamp(ok), "{ok}");
        }
    }

    #[test]
    fn rejects_everything_else() {
        for bad in [
            "",
            "2023-02-24",
            "2023-02-24T23:36:38",
            "2023-02-24 23:36:38Z",
            "2023-02-24t23:36:38Z",
            "2023-02-24T23:36:38z",
            "2023-2-24T23:36:38Z",
            "023-02-24T23:36:38Z",
            "02023-02-24T23:36:38Z",
            "2023-13-01T00:00:00Z",
            "2023-00-01T00:00:00Z",
            "2023-02-29T00:00:00Z",
            "1900-02-29T00:00:00Z",
            "2023-04-31T00:00:00Z",
            "2023-01-00T00:00:00Z",
            "2023-01-01T25:00:00Z",
            "2023-01-01T24:00:01Z",
            "2023-01-01T24:00:00.5Z",
            "2023-01-01T23:60:00Z",
            "2023-01-01T23:59:60Z",
            "2023-01-01T23:59:59.Z",
            "2023-01-01T23:59:59+14:01",
            "2023-01-01T23:59:59+0800",
            "2023-01-01T23:59:59+08",
            "2023-01-01T23:59:59ZZ",
            "2023-01-01T23:59:59Z ",
            " 2023-01-01T23:59:59Z",
            "２０２３-01-01T23:59:59Z",
        ] {
            assert!(!is_date_time_stamp(bad), "{bad}");
        }
    }

    #[test]
    fn dataport_writes_rfc3339_utc_only() {
        assert!(is_utc_timestamp("2025-03-01T08:00:00Z"));
        assert!(is_utc_timestamp("2025-03-01T08:00:00.125Z"));
        assert!(!is_utc_timestamp("2025-03-01T08:00:00+08:00"));
        assert!(!is_utc_timestamp("2025-03-01T24:00:00Z"));
        assert!(!is_utc_timestamp("12025-03-01T08:00:00Z"));
        assert!(!is_utc_timestamp("-2025-03-01T08:00:00Z"));
        assert!(!is_utc_timestamp("2025-03-01"));
    }
}
