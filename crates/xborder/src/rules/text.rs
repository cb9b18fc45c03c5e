//! Small checks shared by the two rules-file parsers: locating faults by line, and the shapes of
//! ids, versions, dates and texts.

use std::ops::Range;

use chrono::NaiveDate;
use toml::value::Datetime;

use super::RulesError;

/// Where in a rules file a fault is reported.
pub(super) struct Source<'a> {
    pub origin: &'a str,
    pub text: &'a str,
}

impl Source<'_> {
    /// The 1-based line holding byte `offset` (clamped to the text).
    pub(super) fn line(&self, offset: usize) -> usize {
        let end = offset.min(self.text.len());
        self.text.bytes().take(end).filter(|b| *b == b'\n').count() + 1
    }

    pub(super) fn invalid(&self, span: &Range<usize>, message: impl Into<String>) -> RulesError {
        RulesError::Invalid {
            origin: self.origin.to_owned(),
            line: self.line(span.start),
            message: message.into(),
        }
    }

    /// A TOML syntax or schema error from the `toml` crate, located by its span. The few errors
    /// without a span concern the document as a whole and are put on its first line.
    pub(super) fn toml(&self, error: &toml::de::Error) -> RulesError {
        let line = error.span().map_or(1, |span| self.line(span.start));
        RulesError::Invalid {
            origin: self.origin.to_owned(),
            line,
            message: error.message().trim_end().to_owned(),
        }
    }

    /// `text` must not be blank nor carry surrounding whitespace, which would make an id or a
    /// category silently different from the same word typed without it.
    pub(super) fn word(
        &self,
        span: &Range<usize>,
        key: &str,
        text: &str,
    ) -> Result<(), RulesError> {
        if text.trim().is_empty() {
            return Err(self.invalid(span, format!("{key} must not be blank")));
        }
        if text.trim() != text {
            return Err(self.invalid(
                span,
                format!("{key} {text:?} has leading or trailing whitespace"),
            ));
        }
        Ok(())
    }

    /// A TOML local date (`2024-03-22`, unquoted), the only date form rules files use.
    pub(super) fn date(
        &self,
        span: &Range<usize>,
        key: &str,
        value: &Datetime,
    ) -> Result<NaiveDate, RulesError> {
        let date = match (value.date, value.time, value.offset) {
            (Some(d), None, None) => {
                NaiveDate::from_ymd_opt(i32::from(d.year), u32::from(d.month), u32::from(d.day))
            }
            _ => None,
        };
        date.ok_or_else(|| {
            self.invalid(
                span,
                format!("{key} must be a local date such as 2024-03-22"),
            )
        })
    }
}

/// Lower-case `[a-z0-9_-]`, starting with a letter or digit: ids and zone names.
pub(super) fn is_slug(s: &str) -> bool {
    s.bytes()
        .next()
        .is_some_and(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-')
}

/// `MAJOR.MINOR.PATCH`, without leading zeros.
pub(super) fn is_version(s: &str) -> bool {
    let parts: Vec<&str> = s.split('.').collect();
    parts.len() == 3
        && parts.iter().all(|p| {
            !p.is_empty()
                && p.len() <= 9
                && p.bytes().all(|b| b.is_ascii_digit())
                && (p.len() == 1 || !p.starts_with('0'))
        })
}

/// A 64-bit FNV-1a fingerprint of a list's text, recorded as its version when the list states
/// none, so that an audit can still tell two unversioned texts apart.
pub(super) fn fingerprint(text: &str) -> String {
    let hash = text.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    });
    format!("fnv1a-{hash:016x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes() {
        assert!(is_slug("tianjin-2024") && is_slug("a_1") && is_slug("9z"));
        assert!(!is_slug("") && !is_slug("-a") && !is_slug("Tianjin") && !is_slug("天津"));
        assert!(is_version("1.0.0") && is_version("10.20.300"));
        assert!(!is_version("1.0") && !is_version("1.02.0") && !is_version("1.0.0-rc1"));
        assert_eq!(fingerprint(""), "fnv1a-cbf29ce484222325");
        assert_ne!(fingerprint("a"), fingerprint("b"));
    }

    #[test]
    fn lines_count_from_one_and_clamp() {
        let source = Source {
            origin: "x",
            text: "a\nb\nc",
        };
        assert_eq!(source.line(0), 1);
        assert_eq!(source.line(2), 2);
        assert_eq!(source.line(999), 3);
    }
}
