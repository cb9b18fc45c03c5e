//! The `when` table of a baseline rule or duty: a conjunction of tests on the facts of one
//! transfer. Keys absent from the table are not tested; an empty table holds for every transfer.

use serde::Deserialize;

use crate::request::{Counts, Level, Purpose};

/// A conjunction of tests. Deserialised with `deny_unknown_fields`, so a misspelt key is a load
/// error rather than a test silently dropped (which would widen the rule).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Condition {
    pub destination_mainland: Option<bool>,
    pub purpose_any: Option<Vec<Purpose>>,
    pub purpose_none: Option<Vec<Purpose>>,
    pub recipient_restricted: Option<bool>,
    pub level_any: Option<Vec<Level>>,
    pub ciio: Option<bool>,
    pub pi_present: Option<bool>,
    pub collected_abroad: Option<bool>,
    pub domestic_pi_mixed: Option<bool>,
    pub ftz: Option<FtzMatch>,
    pub cumulative_individuals_at_least: Option<u64>,
    pub cumulative_individuals_below: Option<u64>,
    pub cumulative_sensitive_at_least: Option<u64>,
    pub cumulative_sensitive_below: Option<u64>,
}

/// What the exporter's FTZ lists say about a transfer, as the engine found it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum FtzMatch {
    /// A negative list covers the data's domain and lists none of its categories.
    NegativeOffList,
    /// A negative list lists one of the data's categories.
    NegativeListed,
    /// A general-data (positive) list matches every one of the data's categories.
    GeneralListed,
}

/// The facts of one transfer that conditions test.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Facts {
    pub destination_mainland: bool,
    pub purpose: Purpose,
    pub recipient_restricted: bool,
    pub level: Level,
    pub ciio: bool,
    /// This transfer carries personal information of at least one individual.
    pub pi_present: bool,
    pub collected_abroad: bool,
    pub domestic_pi_mixed: bool,
    pub ftz: Option<FtzMatch>,
    /// This year's counters including this transfer.
    pub cumulative: Counts,
}

impl Condition {
    pub(crate) fn holds(&self, f: &Facts) -> bool {
        let c = f.cumulative;
        self.destination_mainland
            .is_none_or(|v| v == f.destination_mainland)
            && self
                .purpose_any
                .as_ref()
                .is_none_or(|ps| ps.contains(&f.purpose))
            && self
                .purpose_none
                .as_ref()
                .is_none_or(|ps| !ps.contains(&f.purpose))
            && self
                .recipient_restricted
                .is_none_or(|v| v == f.recipient_restricted)
            && self
                .level_any
                .as_ref()
                .is_none_or(|ls| ls.contains(&f.level))
            && self.ciio.is_none_or(|v| v == f.ciio)
            && self.pi_present.is_none_or(|v| v == f.pi_present)
            && self
                .collected_abroad
                .is_none_or(|v| v == f.collected_abroad)
            && self
                .domestic_pi_mixed
                .is_none_or(|v| v == f.domestic_pi_mixed)
            && self.ftz.is_none_or(|m| f.ftz == Some(m))
            && self
                .cumulative_individuals_at_least
                .is_none_or(|n| c.individuals >= n)
            && self
                .cumulative_individuals_below
                .is_none_or(|n| c.individuals < n)
            && self
                .cumulative_sensitive_at_least
                .is_none_or(|n| c.sensitive_individuals >= n)
            && self
                .cumulative_sensitive_below
                .is_none_or(|n| c.sensitive_individuals < n)
    }

    /// Whether the condition tests this year's totals, so the reason should show them.
    pub(crate) fn reads_cumulative(&self) -> bool {
        self.cumulative_individuals_at_least.is_some()
            || self.cumulative_individuals_below.is_some()
            || self.cumulative_sensitive_at_least.is_some()
            || self.cumulative_sensitive_below.is_some()
    }

    pub(crate) fn is_empty(&self) -> bool {
        *self == Condition::default()
    }

    /// A list-valued key that is present but empty could never hold (`*_any`) or always holds
    /// (`*_none`); either way it is a typo, so it is named and rejected.
    pub(crate) fn empty_list_key(&self) -> Option<&'static str> {
        if self.purpose_any.as_ref().is_some_and(Vec::is_empty) {
            Some("purpose_any")
        } else if self.purpose_none.as_ref().is_some_and(Vec::is_empty) {
            Some("purpose_none")
        } else if self.level_any.as_ref().is_some_and(Vec::is_empty) {
            Some("level_any")
        } else {
            None
        }
    }
}
