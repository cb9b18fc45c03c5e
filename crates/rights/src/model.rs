//! The values of the registry: the three rights, grants with their scope and term, sources and
//! public data's open class.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use types::{AssetId, GrantId, ParticipantId};

/// One of the three separated rights over data (数据二十条 para 3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Right {
    /// 数据资源持有权: autonomous control of lawfully held data.
    Holding,
    /// 数据加工使用权: processing and using the data.
    Processing,
    /// 数据产品经营权: operating the data or products made of it, licensing others included.
    Operation,
}

impl Right {
    pub const ALL: [Right; 3] = [Right::Holding, Right::Processing, Right::Operation];

    pub fn as_str(self) -> &'static str {
        match self {
            Right::Holding => "holding",
            Right::Processing => "processing",
            Right::Operation => "operation",
        }
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            Right::Holding => "数据资源持有权",
            Right::Processing => "数据加工使用权",
            Right::Operation => "数据产品经营权",
        }
    }
}

impl std::fmt::Display for Right {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where registered data came from, with the evidence documents (content hashes or references)
/// that support the declaration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Source {
    /// Collected by the registrant in its own operations.
    SelfCollected { evidence: Vec<String> },
    /// Bought, under a contract.
    Purchased {
        contract: String,
        evidence: Vec<String>,
    },
    /// Public data operated under an authorisation from its holder.
    AuthorisedPublicData {
        authorisation: String,
        evidence: Vec<String>,
    },
    /// Personal information, with the individuals' consent or another legal basis.
    PersonalInformation {
        legal_basis: String,
        evidence: Vec<String>,
    },
    /// Made by processing other registered assets (see the asset's lineage).
    Derived,
}

impl Source {
    /// Every declaration but `Derived` needs at least one evidence document.
    pub(crate) fn has_evidence(&self) -> bool {
        match self {
            Source::SelfCollected { evidence }
            | Source::Purchased { evidence, .. }
            | Source::AuthorisedPublicData { evidence, .. }
            | Source::PersonalInformation { evidence, .. } => {
                evidence.iter().any(|e| !e.trim().is_empty())
            }
            Source::Derived => true,
        }
    }
}

/// How public data (公共数据) may be opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OpenClass {
    /// 无条件开放.
    Unconditional,
    /// 有条件开放: opened to authorised operators only.
    Conditional,
    /// 不予开放: never granted.
    NotOpen,
}

/// What a grant may be used for and where. An empty list means "any".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scope {
    /// Purposes or scenarios, e.g. `logistics_analytics`.
    pub purposes: Vec<String>,
    /// ISO 3166 regions where the right may be exercised.
    pub territory: Vec<String>,
    /// For processing grants: whether products made from the data may be operated (sold or
    /// licensed). Operation rights over a derived asset need every upstream grant to allow it.
    pub products: bool,
}

impl Scope {
    /// The widest scope, as an original registration holds it.
    pub fn any() -> Scope {
        Scope {
            purposes: Vec::new(),
            territory: Vec::new(),
            products: true,
        }
    }

    /// Whether `self` lies within `parent`.
    pub(crate) fn within(&self, parent: &Scope) -> bool {
        let subset = |child: &[String], parent: &[String]| {
            parent.is_empty() || (!child.is_empty() && child.iter().all(|c| parent.contains(c)))
        };
        subset(&self.purposes, &parent.purposes)
            && subset(&self.territory, &parent.territory)
            && (!self.products || parent.products)
    }

    /// Whether a use for `purpose` in `territory` (an ISO 3166 code) lies within this scope.
    pub fn allows(&self, purpose: &str, territory: &str) -> bool {
        (self.purposes.is_empty() || self.purposes.iter().any(|p| p == purpose))
            && (self.territory.is_empty() || self.territory.iter().any(|t| t == territory))
    }

    /// Whether two scopes can apply to the same use (for exclusivity).
    pub(crate) fn overlaps(&self, other: &Scope) -> bool {
        let meet = |a: &[String], b: &[String]| {
            a.is_empty() || b.is_empty() || a.iter().any(|x| b.contains(x))
        };
        meet(&self.purposes, &other.purposes) && meet(&self.territory, &other.territory)
    }
}

/// A term of validity: from `from`, until `until` inclusive (open-ended when `None`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Term {
    pub from: NaiveDate,
    pub until: Option<NaiveDate>,
}

impl Term {
    pub fn covers(&self, day: NaiveDate) -> bool {
        day >= self.from && self.until.is_none_or(|u| day <= u)
    }

    pub(crate) fn within(&self, parent: &Term) -> bool {
        self.from >= parent.from
            && match (self.until, parent.until) {
                (_, None) => true,
                (Some(c), Some(p)) => c <= p,
                (None, Some(_)) => false,
            }
    }

    pub(crate) fn overlaps(&self, other: &Term) -> bool {
        let starts_before_other_ends = other.until.is_none_or(|u| self.from <= u);
        let other_starts_before_self_ends = self.until.is_none_or(|u| other.from <= u);
        starts_before_other_ends && other_starts_before_self_ends
    }

    pub(crate) fn valid(&self) -> bool {
        self.until.is_none_or(|u| u >= self.from)
    }
}

/// How a grant came about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GrantKind {
    /// The registrant's own right, from registration.
    Original,
    /// A licence from the holder of the parent grant.
    Licence,
    /// The parent grant moved to a new holder.
    Transfer,
    /// 授权运营: the public data holder's authorisation to operate its data.
    AuthorisedOperation,
}

/// Whether a grant can be exercised.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum GrantStatus {
    Active,
    /// Revoked by its grantor (or an operator) on that day.
    Revoked {
        on: NaiveDate,
    },
    /// Moved to another holder by a transfer.
    Transferred {
        to: GrantId,
    },
    /// An upstream grant was revoked: this one cannot be exercised until it is restored.
    Suspended {
        because: GrantId,
    },
}

/// One right over one asset, held by one participant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Grant {
    pub id: GrantId,
    pub asset: AssetId,
    pub right: Right,
    pub holder: ParticipantId,
    pub kind: GrantKind,
    /// The grant this one was licensed or transferred from (`None` for original grants).
    pub parent: Option<GrantId>,
    pub scope: Scope,
    pub term: Term,
    pub exclusive: bool,
    pub sublicensable: bool,
    pub status: GrantStatus,
}

impl Grant {
    pub fn is_active(&self) -> bool {
        self.status == GrantStatus::Active
    }
}
