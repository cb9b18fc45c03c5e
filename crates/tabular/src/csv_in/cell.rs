//! The grammar of CSV cell values for each inferable type.
//!
//! Each rule is deliberately narrower than what Arrow's parsers accept, so that every value the
//! inference admits is guaranteed to parse later, and so that text which merely looks numeric (a
//! postcode with a leading zero, an 18-digit resident ID) is never turned into a number and lost.

use arrow_schema::{DataType, TimeUnit};

/// The most digits an integer may have and still be treated as a number; 16 or more digits are
/// identifiers such as bank cards and resident IDs.
const MAX_INT_DIGITS: usize = 15;
/// The most fractional-second digits a timestamp may carry at microsecond precision.
const MAX_FRACTION_DIGITS: usize = 6;

/// `true` or `false` in any letter case.
pub(crate) fn is_bool(s: &str) -> bool {
    s.eq_ignore_ascii_case("true") || s.eq_ignore_ascii_case("false")
}

/// `-?(0|[1-9][0-9]{0,14})`.
pub(crate) fn is_int(s: &str) -> bool {
    let digits = s.strip_prefix('-').unwrap_or(s).as_bytes();
    is_plain_digits(digits) && digits.len() <= MAX_INT_DIGITS
}

/// An integer as above, or a decimal with a plain integer part, a fraction and/or an exponent:
/// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?` with at least one of the last two parts.
pub(crate) fn is_float(s: &str) -> bool {
    if is_int(s) {
        return true;
    }
    let body = s.strip_prefix('-').unwrap_or(s);
    let (mantissa, exponent) = match body.find(['e', 'E']) {
        Some(at) => (&body[..at], Some(&body[at + 1..])),
        None => (body, None),
    };
    let (whole, fraction) = match mantissa.split_once('.') {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (mantissa, None),
    };
    if !is_plain_digits(whole.as_bytes()) || (fraction.is_none() && exponent.is_none()) {
        return false;
    }
    let fraction_ok =
        fraction.is_none_or(|f| !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()));
    let exponent_ok = exponent.is_none_or(|e| {
        let digits = e.strip_prefix(['+', '-']).unwrap_or(e);
        !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
    });
    fraction_ok && exponent_ok
}

/// `YYYY-MM-DD`, a real calendar date.
pub(crate) fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10 && date_at(b)
}

/// `YYYY-MM-DD HH:MM:SS[.ffffff]`, with a space or `T` between date and time and no zone.
pub(crate) fn is_timestamp(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() < 19 || !date_at(b) || !matches!(b[10], b' ' | b'T') {
        return false;
    }
    let (Some(h), Some(m), Some(sec)) = (two(b, 11), two(b, 14), two(b, 17)) else {
        return false;
    };
    if b[13] != b':' || b[16] != b':' || h > 23 || m > 59 || sec > 59 {
        return false;
    }
    match &b[19..] {
        [] => true,
        [b'.', fraction @ ..] => {
            (1..=MAX_FRACTION_DIGITS).contains(&fraction.len())
                && fraction.iter().all(u8::is_ascii_digit)
        }
        _ => false,
    }
}

/// Whether a non-empty cell parses as `data_type`; empty cells are null and fit every type.
pub(crate) fn fits(s: &str, data_type: &DataType) -> bool {
    if s.is_empty() {
        return true;
    }
    match data_type {
        DataType::Boolean => is_bool(s),
        DataType::Int64 => is_int(s),
        DataType::Float64 => is_float(s),
        DataType::Date32 => is_date(s),
        DataType::Timestamp(TimeUnit::Microsecond, None) => is_date(s) || is_timestamp(s),
        _ => true,
    }
}

/// One or more ASCII digits without a redundant leading zero.
fn is_plain_digits(digits: &[u8]) -> bool {
    match digits {
        [] => false,
        [b'0'] => true,
        [b'0', ..] => false,
        _ => digits.iter().all(u8::is_ascii_digit),
    }
}

/// Checks the `YYYY-MM-DD` at the start of `b`, which must be at least 10 bytes.
fn date_at(b: &[u8]) -> bool {
    if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let (Some(hi), Some(lo), Some(month), Some(day)) = (two(b, 0), two(b, 2), two(b, 5), two(b, 8))
    else {
        return false;
    };
    let year = u32::from(hi) * 100 + u32::from(lo);
    (1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month)
}

/// The two-digit number at `at`, if both bytes are digits.
fn two(b: &[u8], at: usize) -> Option<u8> {
    match (b.get(at), b.get(at + 1)) {
        (Some(h @ b'0'..=b'9'), Some(l @ b'0'..=b'9')) => Some((h - b'0') * 10 + (l - b'0')),
        _ => None,
    }
}

fn days_in_month(year: u32, month: u8) -> u8 {
    match month {
        2 if year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400)) => {
            29
        }
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grammar_cases() {
        // (value, bool, int, float, date, timestamp)
        let cases: &[(&str, [bool; 5])] = &[
            ("true", [true, false, false, false, false]),
            ("FALSE", [true, false, false, false, false]),
            ("0", [false, true, true, false, false]),
            ("-0", [false, true, true, false, false]),
            ("42", [false, true, true, false, false]),
            ("-123456789012345", [false, true, true, false, false]),
            ("1234567890123456", [false, false, false, false, false]),
            ("110101199003077777", [false, false, false, false, false]),
            ("11010119900307777X", [false, false, false, false, false]),
            ("010010", [false, false, false, false, false]),
            ("+5", [false, false, false, false, false]),
            ("1.5", [false, false, true, false, false]),
            ("-0.25", [false, false, true, false, false]),
            ("1e10", [false, false, true, false, false]),
            ("2.5E-3", [false, false, true, false, false]),
            ("01.5", [false, false, false, false, false]),
            (".5", [false, false, false, false, false]),
            ("5.", [false, false, false, false, false]),
            ("1e", [false, false, false, false, false]),
            ("NaN", [false, false, false, false, false]),
            ("2024-02-29", [false, false, false, true, false]),
            ("2023-02-29", [false, false, false, false, false]),
            ("2024-13-01", [false, false, false, false, false]),
            ("2024-1-01", [false, false, false, false, false]),
            ("2024-01-02 03:04:05", [false, false, false, false, true]),
            (
                "2024-01-02T03:04:05.123456",
                [false, false, false, false, true],
            ),
            (
                "2024-01-02 03:04:05.1234567",
                [false, false, false, false, false],
            ),
            ("2024-01-02 24:00:00", [false, false, false, false, false]),
            ("2024-01-02 03:04:05Z", [false, false, false, false, false]),
            ("2024-01-02 03:04", [false, false, false, false, false]),
            ("", [false, false, false, false, false]),
            ("北京", [false, false, false, false, false]),
        ];
        for (value, expected) in cases {
            let got = [
                is_bool(value),
                is_int(value),
                is_float(value),
                is_date(value),
                is_timestamp(value),
            ];
            assert_eq!(&got, expected, "value {value:?}");
        }
    }

    #[test]
    fn timestamp_columns_accept_dates_and_nulls() {
        let ts = DataType::Timestamp(TimeUnit::Microsecond, None);
        assert!(fits("2024-01-02", &ts));
        assert!(fits("", &DataType::Int64));
        assert!(!fits("x", &DataType::Int64));
        assert!(fits("anything", &DataType::Utf8));
    }
}
