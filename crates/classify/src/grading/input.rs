//! What grading is told about a dataset: its sector, the personal-information kinds a scan found,
//! the counts of distinct individuals, and any level an authority has notified; plus the
//! normalised facts that catalogue conditions are evaluated against.
//!
//! Normalisation resolves doubt upwards (就高从严, GB/T 43697-2024 §4): a subset count never
//! exceeds the count it is a subset of, and a count left at zero while the scan found the kinds it
//! counts is treated as unknown and replaced by its upper bound.

use serde::{Deserialize, Serialize};

use crate::{KindSet, Level, is_personal, is_sensitive};

/// The scan facts about one dataset, as grading needs them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct GradeInput {
    /// The sector (行业领域) the data belongs to, as a catalogue sector id such as `automotive`;
    /// compared case-insensitively. `None` means no sector overlay applies.
    pub sector: Option<String>,
    /// Personal-information kinds found in the dataset's columns.
    pub kinds: KindSet,
    /// Rows in the dataset. Used only as the upper bound on individuals when PI was found but
    /// individuals were not counted.
    pub rows: u64,
    /// Distinct individuals whose personal information the dataset holds.
    pub individuals: u64,
    /// Distinct individuals whose sensitive personal information (PIPL Art. 28) the dataset holds.
    pub sensitive_individuals: u64,
    /// Distinct individuals under 14 (不满十四周岁) in the dataset; all of their PI is sensitive.
    pub minors_under_14: u64,
    /// The level the provider or operator declared after an authority notified or published the
    /// data as important or core (NDSMR Art. 29); `None` when nothing was declared.
    pub declared: Option<Level>,
}

/// The normalised facts conditions are evaluated against.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Facts {
    /// The sector id, trimmed and lower-cased; `None` when absent or blank.
    pub sector: Option<String>,
    pub kinds: KindSet,
    pub individuals: u64,
    pub sensitive_individuals: u64,
    pub minors: u64,
    pub pi_present: bool,
    pub sensitive_present: bool,
}

impl GradeInput {
    /// The facts for this input, with counts raised to their doubt-free upper bounds.
    pub(crate) fn facts(&self) -> Facts {
        let minors = self.minors_under_14;
        let personal_kind = self.kinds.iter().any(is_personal);
        let sensitive_kind = self.kinds.iter().any(is_sensitive);

        // Minors' PI is sensitive PI, and sensitive PI is PI, so each count is at least the
        // count it contains.
        let mut sensitive_individuals = self.sensitive_individuals.max(minors);
        let mut individuals = self.individuals.max(sensitive_individuals);
        // A scan that found PI but counted nobody leaves the count unknown; every row may be a
        // different person, so the row count is the bound to grade by.
        if personal_kind && individuals == 0 {
            individuals = self.rows;
        }
        // Likewise a sensitive kind found with no sensitive count: every individual may be one.
        if sensitive_kind && sensitive_individuals == 0 {
            sensitive_individuals = individuals;
        }

        Facts {
            sector: self
                .sector
                .as_deref()
                .map(|s| s.trim().to_ascii_lowercase())
                .filter(|s| !s.is_empty()),
            kinds: self.kinds,
            individuals,
            sensitive_individuals,
            minors,
            pi_present: personal_kind || individuals > 0,
            sensitive_present: sensitive_kind || sensitive_individuals > 0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Kind;

    #[test]
    fn subset_counts_raise_their_supersets() {
        let facts = GradeInput {
            individuals: 10,
            sensitive_individuals: 5,
            minors_under_14: 40,
            ..GradeInput::default()
        }
        .facts();
        assert_eq!((facts.individuals, facts.sensitive_individuals), (40, 40));
        assert!(facts.pi_present && facts.sensitive_present);
    }

    #[test]
    fn uncounted_individuals_are_bounded_by_rows() {
        let facts = GradeInput {
            kinds: KindSet::of(Kind::BankCard),
            rows: 70_000,
            ..GradeInput::default()
        }
        .facts();
        assert_eq!(
            (facts.individuals, facts.sensitive_individuals),
            (70_000, 70_000)
        );
    }

    #[test]
    fn organisation_codes_alone_are_not_personal() {
        let facts = GradeInput {
            sector: Some("  Automotive ".to_owned()),
            kinds: KindSet::of(Kind::Uscc),
            rows: 500,
            ..GradeInput::default()
        }
        .facts();
        assert_eq!(facts.individuals, 0);
        assert!(!facts.pi_present && !facts.sensitive_present);
        assert_eq!(facts.sector.as_deref(), Some("automotive"));
    }
}
