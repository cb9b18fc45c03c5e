//! Timestamps: UTC at rest, written in one fixed-width RFC 3339 form so that text order equals
//! time order in every database engine.

use chrono::{DateTime, SecondsFormat, Utc};

pub type Timestamp = DateTime<Utc>;

/// The current time, truncated to microseconds (the precision stored).
pub fn now() -> Timestamp {
    let t = Utc::now();
    DateTime::from_timestamp_micros(t.timestamp_micros()).unwrap_or(t)
}

/// `2026-11-27T03:45:00.123456Z`: fixed width, so lexicographic order is chronological.
pub fn format_timestamp(t: &Timestamp) -> String {
    t.to_rfc3339_opts(SecondsFormat::Micros, true)
}

/// Parses any RFC 3339 timestamp and converts it to UTC.
pub fn parse_timestamp(s: &str) -> Option<Timestamp> {
    DateTime::parse_from_rfc3339(s)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_width_round_trip() {
        let t = now();
        let s = format_timestamp(&t);
        assert_eq!(s.len(), "2026-11-27T03:45:00.123456Z".len());
        assert_eq!(parse_timestamp(&s), Some(t));
        assert_eq!(
            parse_timestamp("2026-11-27T11:45:00+08:00").map(|t| format_timestamp(&t)),
            Some("2026-11-27T03:45:00.000000Z".to_owned())
        );
        assert_eq!(parse_timestamp("yesterday"), None);
    }
}
