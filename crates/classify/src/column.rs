//! Column classification: a [`ColumnClassifier`] is fed a column's cells one at a time and
//! finally says which kind of personal information the column holds, with counts and a
//! confidence, in a [`ColumnVerdict`].
//!
//! Per cell it trims, skips nulls, picks the few validators the cell's shape allows (see
//! `dispatch`), runs them and bumps per-kind counters; nothing is stored per cell, so memory is
//! constant however long the column. The decision rules and their thresholds live in `decide`.

mod decide;
mod dispatch;
mod null;
mod verdict;

use chrono::NaiveDate;

pub use decide::{
    HEADER_CALL_PERCENT, MIXED_MEMBER_PERCENT, STANDARD_CALL_PERCENT, SUSPECT_PERCENT,
};
pub use verdict::{Basis, ColumnVerdict, Confidence, Tally};

use crate::text::trim;
use crate::{Agreement, Evidence, HeaderHint, Kind, KindSet, Validity, header_hint, validate};

/// Streaming classifier for one column.
#[derive(Debug, Clone)]
pub struct ColumnClassifier {
    today: NaiveDate,
    header: Option<HeaderHint>,
    /// Kinds the column may be called as: every non-contextual kind, plus contextual kinds the
    /// header supports. Fixed at construction, so `covered` can be counted as cells arrive.
    callable: KindSet,
    non_null: u64,
    /// Non-null cells that validated as at least one callable kind.
    covered: u64,
    tallies: [Tally; Kind::ALL.len()],
}

impl ColumnClassifier {
    /// A classifier for a column with the given header (if any). `today` bounds birth dates, so
    /// that verdicts are reproducible; pass the date the data was collected or uploaded.
    pub fn new(header: Option<&str>, today: NaiveDate) -> Self {
        let header = header.and_then(header_hint);
        let callable = Kind::ALL
            .into_iter()
            .filter(|&k| {
                k.evidence() != Evidence::Contextual
                    || header.is_some_and(|h| h.agreement(k) != Agreement::None)
            })
            .collect();
        ColumnClassifier {
            today,
            header,
            callable,
            non_null: 0,
            covered: 0,
            tallies: [Tally::default(); Kind::ALL.len()],
        }
    }

    /// The header hint in effect.
    pub fn header(&self) -> Option<HeaderHint> {
        self.header
    }

    /// Feeds one cell and returns the kinds it validated as (empty for nulls and non-matches).
    ///
    /// To count distinct people once the column's kind is known, pass the cell to
    /// [`crate::validate`] with that kind and use the match's normalised form; doing it here for
    /// every candidate kind would cost every caller for the benefit of few.
    pub fn observe(&mut self, cell: &str) -> KindSet {
        let cell = trim(cell);
        if null::is_null(cell) {
            return KindSet::EMPTY;
        }
        self.non_null += 1;
        let mut matched = KindSet::EMPTY;
        for kind in dispatch::candidates(cell).iter() {
            let tally = &mut self.tallies[kind.index()];
            match validate(kind, cell, self.today) {
                Validity::Valid(_) => {
                    tally.matches += 1;
                    matched.insert(kind);
                }
                Validity::ChecksumFailed => tally.checksum_failures += 1,
                Validity::NotThisKind => {}
            }
        }
        if matched.len() == 1
            && let Some(only) = matched.iter().next()
        {
            self.tallies[only.index()].exclusive += 1;
        }
        if matched.intersects(self.callable) {
            self.covered += 1;
        }
        matched
    }

    /// Adds the counts of `other`, a classifier of another part of the same column (built with
    /// the same header and date), as when parts of a file are read on different threads. The
    /// verdict afterwards is the one a single classifier fed every cell would give.
    pub fn merge(&mut self, other: &ColumnClassifier) {
        self.non_null += other.non_null;
        self.covered += other.covered;
        for (tally, more) in self.tallies.iter_mut().zip(&other.tallies) {
            tally.matches += more.matches;
            tally.checksum_failures += more.checksum_failures;
            tally.exclusive += more.exclusive;
        }
    }

    /// Counters for one kind so far.
    pub fn tally(&self, kind: Kind) -> Tally {
        self.tallies[kind.index()]
    }

    /// Non-null cells observed so far.
    pub fn non_null(&self) -> u64 {
        self.non_null
    }

    /// The verdict on the cells observed so far; may be called at any point, typically once at
    /// the end.
    pub fn finish(&self) -> ColumnVerdict {
        decide::decide(&decide::Counts {
            header: self.header,
            callable: self.callable,
            non_null: self.non_null,
            covered: self.covered,
            tallies: &self.tallies,
        })
    }
}
