//! The result of grading a dataset: its level, its general-data sub-grade when it is general data,
//! and the reasons, each naming the rule and the citation it rests on, so that a reviewer can
//! check every grading against the regulation rather than against the code.

use serde::{Deserialize, Serialize};

use crate::Level;

/// A dataset's grading.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Verdict {
    pub level: Level,
    /// The general-data sub-grade, 1 (least harm) to 4, present exactly when `level` is general.
    pub general_grade: Option<u8>,
    /// Every matching rule, and the declaration or default that applied, most severe first.
    pub reasons: Vec<Reason>,
}

/// One ground for a verdict.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reason {
    /// The catalogue rule id, or `grading.default` / `grading.declared` for grading's own rules.
    pub rule: String,
    /// The citation.
    pub basis: String,
    pub detail_zh: String,
    pub detail_en: String,
}
