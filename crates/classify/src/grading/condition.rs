//! The condition vocabulary of catalogue rules: a conjunction of tests over the normalised scan
//! facts. The vocabulary is deliberately small; each test exists because a regulation or the
//! general-data ladder is worded in its terms.
//!
//! Counts come in two comparisons because the regulations use both and the difference decides
//! boundary cases: 超过 ("more than", strictly greater: the automotive "超过10万人") and 以上
//! ("or more", at least: the cross-border "1万人以上").

use serde::Serialize;

use super::input::Facts;
use crate::KindSet;

/// A rule's condition: every test that is set must hold, and a condition with no tests holds for
/// every dataset of the rule's sectors (a whole-sector catalogue entry).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Condition {
    /// Distinct individuals strictly more than this (超过).
    pub individuals_over: Option<u64>,
    /// Distinct individuals at least this (以上).
    pub individuals_at_least: Option<u64>,
    /// Individuals with sensitive PI strictly more than this (超过).
    pub sensitive_individuals_over: Option<u64>,
    /// Individuals with sensitive PI at least this (以上).
    pub sensitive_individuals_at_least: Option<u64>,
    /// Whether individuals under 14 are (true) or are not (false) present.
    pub any_minors: Option<bool>,
    /// Whether personal information is (true) or is not (false) present.
    pub pi_present: Option<bool>,
    /// Whether sensitive personal information, by kind or by count, is (true) or is not (false)
    /// present. Minors' PI counts, because PIPL Art. 28 makes all of it sensitive.
    pub sensitive_present: Option<bool>,
    /// At least one of these kinds was found.
    pub kinds_any: Option<KindSet>,
}

impl Condition {
    /// The TOML keys of a rule's `when` table, in the order the schema documents them.
    pub(crate) const KEYS: [&'static str; 8] = [
        "individuals_over",
        "individuals_at_least",
        "sensitive_individuals_over",
        "sensitive_individuals_at_least",
        "any_minors",
        "pi_present",
        "sensitive_present",
        "kinds_any",
    ];

    /// Whether every test that is set holds for `facts`.
    pub(crate) fn holds(&self, facts: &Facts) -> bool {
        let over = |limit: Option<u64>, n: u64| limit.is_none_or(|l| n > l);
        let at_least = |limit: Option<u64>, n: u64| limit.is_none_or(|l| n >= l);
        let is = |want: Option<bool>, got: bool| want.is_none_or(|w| w == got);
        over(self.individuals_over, facts.individuals)
            && at_least(self.individuals_at_least, facts.individuals)
            && over(self.sensitive_individuals_over, facts.sensitive_individuals)
            && at_least(
                self.sensitive_individuals_at_least,
                facts.sensitive_individuals,
            )
            && is(self.any_minors, facts.minors > 0)
            && is(self.pi_present, facts.pi_present)
            && is(self.sensitive_present, facts.sensitive_present)
            && self.kinds_any.is_none_or(|k| k.intersects(facts.kinds))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{GradeInput, Kind};

    fn facts(individuals: u64, kinds: KindSet) -> Facts {
        GradeInput {
            kinds,
            individuals,
            ..GradeInput::default()
        }
        .facts()
    }

    #[test]
    fn over_is_strict_and_at_least_is_inclusive() {
        let over = Condition {
            individuals_over: Some(100_000),
            ..Condition::default()
        };
        let at_least = Condition {
            individuals_at_least: Some(100_000),
            ..Condition::default()
        };
        let name = KindSet::of(Kind::PersonName);
        assert!(!over.holds(&facts(100_000, name)));
        assert!(over.holds(&facts(100_001, name)));
        assert!(!at_least.holds(&facts(99_999, name)));
        assert!(at_least.holds(&facts(100_000, name)));
    }

    #[test]
    fn tests_are_conjoined_and_empty_holds() {
        let both = Condition {
            pi_present: Some(true),
            kinds_any: Some(KindSet::of(Kind::Latitude).with(Kind::Longitude)),
            ..Condition::default()
        };
        assert!(both.holds(&facts(5, KindSet::of(Kind::Longitude))));
        assert!(!both.holds(&facts(5, KindSet::of(Kind::Email))));
        assert!(Condition::default().holds(&facts(0, KindSet::EMPTY)));
        let absent = Condition {
            pi_present: Some(false),
            ..Condition::default()
        };
        assert!(absent.holds(&facts(0, KindSet::of(Kind::Uscc))));
        assert!(!absent.holds(&facts(0, KindSet::of(Kind::Email))));
    }
}
