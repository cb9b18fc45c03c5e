//! Why a request cannot be decided. Every variant is the caller's fault: the gate never guesses a
//! missing or malformed fact, because a guess could turn into an exemption.

use chrono::NaiveDate;

/// A request that cannot be evaluated against the loaded rules.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RequestError {
    /// Not valid request JSON: syntax, a missing or unknown field, an unknown enum value, a count
    /// that is not a whole number of people, a malformed date or destination. The message names
    /// the line and column.
    #[error("request is not valid: {0}")]
    Invalid(String),
    /// `exporter.ftz` names a zone for which no list is loaded. The gate cannot tell listed from
    /// unlisted data without the list, and must not fall back to either answer silently.
    #[error(
        "exporter.ftz {ftz:?} names no loaded FTZ list: load the zone's list, or set ftz to null \
         if the exporter does not export under it"
    )]
    UnknownFtz { ftz: String },
    #[error("approvals[{index}]: valid_until {valid_until} is before issued {issued}")]
    ApprovalEndsBeforeIssue {
        index: usize,
        issued: NaiveDate,
        valid_until: NaiveDate,
    },
    /// The transfer predates the national baseline; earlier transfers fell under superseded
    /// thresholds counted over a different period, which the baseline does not transcribe.
    #[error(
        "date {date} is before {in_force_from}, when the national baseline {version} took effect"
    )]
    BeforeBaseline {
        date: NaiveDate,
        in_force_from: NaiveDate,
        version: String,
    },
}
