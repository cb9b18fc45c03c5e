//! The result of classifying a column, and the per-kind counters it is computed from.

use serde::{Deserialize, Serialize};

use crate::{HeaderHint, Kind, KindSet};

/// Per-kind counters kept while a column streams through.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tally {
    /// Cells that validated as this kind.
    pub matches: u64,
    /// Cells with this kind's exact shape whose check character is wrong.
    pub checksum_failures: u64,
    /// Cells that validated as this kind and no other, used to list the other kinds genuinely
    /// present in a column without counting cells that merely also fit them.
    pub exclusive: u64,
}

/// What the classifier concluded about a column.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ColumnVerdict {
    /// The kind the column holds, when the evidence meets the thresholds.
    pub kind: Option<Kind>,
    /// The kind the counts below refer to: `kind` when decided, otherwise the best-supported kind
    /// (so that, e.g., a column of Luhn-failing card numbers reports its failures).
    pub candidate: Option<Kind>,
    /// Cells that validated as `candidate`.
    pub matches: u64,
    /// Cells that were not empty or null markers.
    pub non_null: u64,
    /// Cells with `candidate`'s shape but a wrong check character.
    pub checksum_failures: u64,
    pub confidence: Confidence,
    /// Which rule produced the verdict.
    pub basis: Basis,
    /// The header hint that was taken into account.
    pub header: Option<HeaderHint>,
    /// Other callable kinds validated (alone) by at least [`crate::MIXED_MEMBER_PERCENT`] of
    /// the cells, e.g. the e-mail addresses in a contact column that is mostly mobiles.
    pub mixed: KindSet,
}

/// Confidence that the column holds `candidate`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Confidence {
    /// No meaningful evidence.
    Absent,
    /// Not called, but worth a human look: the values have the kind's shape but fail its check,
    /// or a contextual kind lacks a supporting header, or a large minority validates.
    Low,
    /// Called on value evidence alone (format kinds), with a header-lowered share, by the mixed
    /// rule, or against a header that names another kind.
    Medium,
    /// Called with at least the standard share, backed by a verified check character or an
    /// agreeing header.
    High,
}

/// The rule behind a verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    /// The column had no non-null values.
    Empty,
    /// At least [`crate::STANDARD_CALL_PERCENT`] of values validated.
    Share,
    /// At least [`crate::HEADER_CALL_PERCENT`] validated, accepted because a strong header agrees.
    HeaderShare,
    /// No kind reached its share alone, but together the callable kinds cover at least
    /// [`crate::STANDARD_CALL_PERCENT`]; the column is called as the most frequent.
    Mixed,
    /// A contextual kind (name, birth date, coordinates) reached the share, but no header
    /// supports it.
    NeedsHeader,
    /// Values have the candidate's shape but mostly fail its check character.
    ChecksumFailures,
    /// The best candidate fell short of its share.
    BelowShare,
    /// No value validated or failed a check as any kind.
    NoEvidence,
}
