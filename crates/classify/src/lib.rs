//! Personal-information detection for tabular data: per-value validators for Chinese and
//! international identifiers, column-header hints, and a streaming column classifier that decides
//! which kind of personal information (if any) a column holds.
//!
//! The facts behind every rule (check-character algorithms, mobile prefixes, plate provinces,
//! passport and permit formats, address codes, what counts as sensitive) come from the shared
//! reference `regulations.md` sections 5 and 7 and `identifiers.py`; each module cites the part it
//! implements.
//!
//! Validators *validate* rather than pattern-match: a value with the right shape but a wrong check
//! character is reported as [`Validity::ChecksumFailed`], which column logic uses to lower
//! confidence rather than to prove absence. Everything here is a pure function of its input and a
//! caller-supplied `today`: no IO, no clock, no global state. The per-cell path is written over
//! bytes and does not allocate, because it runs on every cell of every uploaded column.

mod column;
mod grading;
mod header;
mod kind;
mod kind_set;
mod normalised;
mod outcome;
mod people;
mod sensitivity;
mod text;
pub mod validators;

pub use column::{
    Basis, ColumnClassifier, ColumnVerdict, Confidence, HEADER_CALL_PERCENT, MIXED_MEMBER_PERCENT,
    STANDARD_CALL_PERCENT, SUSPECT_PERCENT, Tally,
};
pub use grading::{
    Catalog, CatalogError, Catalogs, Condition, GradeInput, Level, Location, Outcome, Reason, Rule,
    Sectors, UnknownLevel, Verdict, grade,
};
pub use header::{Agreement, HeaderHint, HeaderStrength, header_hint};
pub use kind::{Evidence, Kind, UnknownKind};
pub use kind_set::KindSet;
pub use normalised::Normalised;
pub use outcome::{Match, Validity, Variant};
pub use people::{PeopleCounter, PeopleCounts, PeopleSet};
pub use sensitivity::{age_on, is_personal, is_sensitive, is_under_14};
pub use validators::validate;
