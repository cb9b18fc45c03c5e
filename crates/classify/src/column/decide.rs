//! The column decision rules and their thresholds.
//!
//! **Calling a kind.** A column is called kind K when at least [`STANDARD_CALL_PERCENT`] (80%) of
//! its non-null values validate as K. Real columns are dirty (placeholders, typos, values typed
//! into the wrong field), so requiring all values would under-call; 80% still leaves little room
//! for chance, since a random 18-digit number is a valid resident ID far less than 1% of the time
//! and a random card-shaped number passes Luhn 10% of the time.
//!
//! **Header evidence.** A *strong* agreeing header (`身份证号`, `手机号`, `姓名`) lowers the share to
//! [`HEADER_CALL_PERCENT`] (50%): when the header names the kind, a majority of valid values is
//! convincing and the rest are dirt. A *weak* header (`name`, `电话`, `卡号`) keeps 80%. Contextual
//! kinds (person name, birth date, latitude, longitude), whose values look like ordinary words,
//! dates and measurements, are only called with an agreeing header, strong or weak. A header
//! never counts a value that failed validation: a column of Luhn-failing numbers under `卡号` has
//! few matches and is not called, whatever the header says.
//!
//! **Mixed columns.** When no kind reaches its share but the callable kinds together cover at
//! least 80% of values (a contact column of mobiles and e-mails), the column is called as its most
//! frequent kind with medium confidence, and the others are listed in `mixed`; calling it nothing
//! would hide personal information.
//!
//! **Not called.** Otherwise the verdict names the best-supported candidate and says why it was
//! not called; confidence is low (worth review) when at least [`SUSPECT_PERCENT`] (50%) of values
//! have the candidate's shape, counting checksum failures, or when a contextual kind only lacks a
//! header.
//!
//! **Ties** between kinds with equal matches go to the kind the header names, then to the earlier
//! kind in [`Kind::ALL`] (the more specific one). Among uncalled candidates, matches and checksum
//! failures count alike, since below the threshold the split between them is mostly chance.

use std::cmp::Reverse;

use super::verdict::{Basis, ColumnVerdict, Confidence, Tally};
use crate::{Agreement, Evidence, HeaderHint, HeaderStrength, Kind, KindSet};

/// Share of non-null values, in percent, that must validate for a column to be called.
pub const STANDARD_CALL_PERCENT: u64 = 80;
/// The share when a strong header names the kind.
pub const HEADER_CALL_PERCENT: u64 = 50;
/// Share of values (validating as that kind alone) for a second kind to be listed in `mixed`.
pub const MIXED_MEMBER_PERCENT: u64 = 5;
/// Share of values with the candidate's shape (matches plus checksum failures) for an uncalled
/// column to get low rather than absent confidence.
pub const SUSPECT_PERCENT: u64 = 50;

/// What the classifier has counted.
pub(super) struct Counts<'a> {
    pub(super) header: Option<HeaderHint>,
    pub(super) callable: KindSet,
    pub(super) non_null: u64,
    pub(super) covered: u64,
    pub(super) tallies: &'a [Tally; Kind::ALL.len()],
}

impl Counts<'_> {
    fn tally(&self, kind: Kind) -> Tally {
        self.tallies[kind.index()]
    }

    fn agreement(&self, kind: Kind) -> Agreement {
        self.header.map_or(Agreement::None, |h| h.agreement(kind))
    }

    fn at_least(&self, count: u64, percent: u64) -> bool {
        u128::from(count) * 100 >= u128::from(self.non_null) * u128::from(percent)
    }

    fn required_percent(&self, kind: Kind) -> u64 {
        let strong = self
            .header
            .is_some_and(|h| h.strength == HeaderStrength::Strong);
        if strong && self.agreement(kind) != Agreement::None {
            HEADER_CALL_PERCENT
        } else {
            STANDARD_CALL_PERCENT
        }
    }

    /// Ranking among kinds: more matches, then header agreement, then specificity.
    fn rank(&self, kind: Kind) -> (u64, Agreement, Reverse<usize>) {
        (
            self.tally(kind).matches,
            self.agreement(kind),
            Reverse(kind.index()),
        )
    }

    /// Callable kinds other than `kind` that a meaningful share of cells validated alone.
    fn mixed_with(&self, kind: Kind) -> KindSet {
        self.callable
            .iter()
            .filter(|&k| k != kind && self.tally(k).exclusive > 0)
            .filter(|&k| self.at_least(self.tally(k).exclusive, MIXED_MEMBER_PERCENT))
            .collect()
    }

    fn verdict(
        &self,
        candidate: Option<Kind>,
        confidence: Confidence,
        basis: Basis,
    ) -> ColumnVerdict {
        let tally = candidate.map_or_else(Tally::default, |k| self.tally(k));
        ColumnVerdict {
            kind: None,
            candidate,
            matches: tally.matches,
            non_null: self.non_null,
            checksum_failures: tally.checksum_failures,
            confidence,
            basis,
            header: self.header,
            mixed: KindSet::EMPTY,
        }
    }

    fn called(&self, kind: Kind, confidence: Confidence, basis: Basis) -> ColumnVerdict {
        ColumnVerdict {
            kind: Some(kind),
            mixed: self.mixed_with(kind),
            ..self.verdict(Some(kind), confidence, basis)
        }
    }
}

pub(super) fn decide(c: &Counts<'_>) -> ColumnVerdict {
    if c.non_null == 0 {
        return c.verdict(None, Confidence::Absent, Basis::Empty);
    }
    let reaching = c.callable.iter().filter(|&k| {
        let matches = c.tally(k).matches;
        matches > 0 && c.at_least(matches, c.required_percent(k))
    });
    if let Some(kind) = reaching.max_by_key(|&k| c.rank(k)) {
        let standard = c.at_least(c.tally(kind).matches, STANDARD_CALL_PERCENT);
        let agreement = c.agreement(kind);
        let backed = kind.evidence() == Evidence::Checksum || agreement != Agreement::None;
        let contradicted = c.header.is_some() && agreement == Agreement::None;
        let confidence = if standard && backed && !contradicted {
            Confidence::High
        } else {
            Confidence::Medium
        };
        let basis = if standard {
            Basis::Share
        } else {
            Basis::HeaderShare
        };
        return c.called(kind, confidence, basis);
    }
    if c.at_least(c.covered, STANDARD_CALL_PERCENT) {
        let top = c
            .callable
            .iter()
            .filter(|&k| c.tally(k).matches > 0)
            .max_by_key(|&k| c.rank(k));
        if let Some(kind) = top {
            return c.called(kind, Confidence::Medium, Basis::Mixed);
        }
    }
    not_called(c)
}

fn not_called(c: &Counts<'_>) -> ColumnVerdict {
    let evidence = |k: Kind| {
        let t = c.tally(k);
        t.matches + t.checksum_failures
    };
    let best = Kind::ALL
        .into_iter()
        .filter(|&k| evidence(k) > 0)
        .max_by_key(|&k| (evidence(k), c.agreement(k), Reverse(k.index())));
    let Some(kind) = best else {
        return c.verdict(None, Confidence::Absent, Basis::NoEvidence);
    };
    let tally = c.tally(kind);
    if !c.callable.contains(kind) && c.at_least(tally.matches, STANDARD_CALL_PERCENT) {
        return c.verdict(Some(kind), Confidence::Low, Basis::NeedsHeader);
    }
    let confidence = if c.at_least(evidence(kind), SUSPECT_PERCENT) {
        Confidence::Low
    } else {
        Confidence::Absent
    };
    let basis = if tally.checksum_failures > tally.matches {
        Basis::ChecksumFailures
    } else {
        Basis::BelowShare
    };
    c.verdict(Some(kind), confidence, basis)
}
