//! What the gate answers: the legal route for a transfer, whether it may go ahead today, the
//! totals the thresholds were tested against, the rules and citations behind the answer, what is
//! still missing and which documents the exporter must keep.
//!
//! The JSON shape is the contract printed by the CLI, returned by the HTTP API and appended to the
//! transparency log, so it carries nothing else.

use serde::{Deserialize, Serialize};

use crate::Counts;

/// The gate's answer for one transfer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Decision {
    pub outcome: Outcome,
    /// Whether the transfer may proceed on its date with the approvals on record. Always true for
    /// `not_cross_border` and `exempt`, always false for `prohibited`; for the two mechanisms,
    /// true exactly when `missing` is empty.
    pub allowed_now: bool,
    /// This year's counters including the transfer being evaluated: the totals the thresholds
    /// were tested against.
    pub cumulative: Counts,
    /// The deciding rule first (its `rule` is the counting tag, see [`crate::Rules::counting`]),
    /// then, when the transfer also holds important data, the rule that decided that; then the
    /// approvals examined and the duties that apply.
    pub reasons: Vec<Reason>,
    /// Mechanisms still needed before the transfer may proceed: `security_assessment` or
    /// `standard_contract_or_certification`.
    pub missing: Vec<String>,
    /// Documents the exporter must produce or keep for this transfer, as stable machine names.
    pub documents: Vec<String>,
}

/// One rule that contributed to a decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Reason {
    /// The rule's stable id in the national baseline, e.g. `national.art8-pi-100k`.
    pub rule: String,
    /// The legal citation in Chinese, e.g. `促进和规范数据跨境流动规定 第八条`.
    pub basis: String,
    /// What the rule says and the facts it was applied to, in English. A rule's Chinese
    /// description is in the baseline file under the same id.
    pub detail: String,
}

/// The legal route for a transfer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// The recipient is in the mainland: not a data export.
    NotCrossBorder,
    /// Core data, a foreign judicial or law-enforcement request, or a restricted recipient.
    Prohibited,
    /// No export mechanism is needed; PIPL duties may remain (see `documents`).
    Exempt,
    /// A CAC security assessment (数据出境安全评估) is needed.
    SecurityAssessment,
    /// A filed standard contract or a PI-export certification is needed.
    StandardContractOrCertification,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::NotCrossBorder => "not_cross_border",
            Outcome::Prohibited => "prohibited",
            Outcome::Exempt => "exempt",
            Outcome::SecurityAssessment => "security_assessment",
            Outcome::StandardContractOrCertification => "standard_contract_or_certification",
        }
    }

    /// How much the outcome asks of the exporter, for combining the routes of different data
    /// classes in one transfer: the stricter one governs.
    pub(crate) fn strictness(self) -> u8 {
        match self {
            Outcome::NotCrossBorder => 0,
            Outcome::Exempt => 1,
            Outcome::StandardContractOrCertification => 2,
            Outcome::SecurityAssessment => 3,
            Outcome::Prohibited => 4,
        }
    }

    /// Whether the outcome is one of the two mechanisms an approval can satisfy.
    pub(crate) fn needs_approval(self) -> bool {
        matches!(
            self,
            Outcome::SecurityAssessment | Outcome::StandardContractOrCertification
        )
    }
}

/// The legal basis an executed transfer's individuals are recorded under in the exporter's
/// counters.
///
/// Whether transfers exempted by Prov Art. 5(1)–(3) (and Arts. 3, 4 and 6) count towards the
/// thresholds of Arts. 7 and 8 is UNCONFIRMED (regulations.md §10 item 2). Dataport keeps every
/// executed transfer's counts tagged with this value, so the totals for either reading can be
/// computed at any time ([`Counting::counts_toward_thresholds`]); callers currently pass the
/// [`Reading::AllExports`] total, the stricter one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Counting {
    /// Nothing left the mainland (not cross-border, or a prohibited transfer that never runs).
    NotExported,
    /// Non-personal data of trade, transport, research, manufacturing or marketing (Art. 3).
    Art3,
    /// Personal information collected abroad and re-exported (Art. 4).
    Art4,
    /// Necessary for a contract with the individual (Art. 5(1)).
    Art5Contract,
    /// Cross-border HR management (Art. 5(2)).
    Art5Hr,
    /// Emergency protection of life, health or property (Art. 5(3)).
    Art5Emergency,
    /// Exempted or routed by an FTZ list (Art. 6).
    Ftz,
    /// Every other export: counts under either reading.
    Counted,
}

/// The two readings of "counting" the authorities have not settled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Reading {
    /// Every individual whose personal information left counts (the stricter reading).
    AllExports,
    /// Individuals exported under an exemption (Arts. 3–6) are kept apart and do not count.
    ExcludingExempt,
}

impl Counting {
    pub fn counts_toward_thresholds(self, reading: Reading) -> bool {
        match self {
            Counting::NotExported => false,
            Counting::Counted => true,
            _ => reading == Reading::AllExports,
        }
    }
}
