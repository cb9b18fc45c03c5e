//! Why a rights operation was refused, with a stable code for each reason.

use types::{AssetId, GrantId};

use crate::Right;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RightsError {
    #[error("asset {0} is not registered")]
    UnknownAsset(AssetId),
    #[error("asset {0} is already registered")]
    AlreadyRegistered(AssetId),
    #[error("grant {0} does not exist")]
    UnknownGrant(GrantId),
    #[error("the participant does not hold an active {right} right over this asset")]
    NotHeld { right: Right },
    #[error("grant {0} is not active (revoked, transferred or suspended)")]
    Inactive(GrantId),
    #[error("grant {0} may not be licensed onwards")]
    NotSublicensable(GrantId),
    #[error("the licence reaches beyond its parent grant: {0}")]
    OutsideParent(&'static str),
    #[error("an exclusive licence of the same right overlaps it: grant {0}")]
    ExclusiveOverlap(GrantId),
    #[error("the asset is frozen by an open objection")]
    Frozen,
    #[error("the asset has no open objection")]
    NoObjection,
    #[error("public data that is not open cannot be granted")]
    PublicNotOpen,
    #[error("products of public data need an authorised-operation grant from its holder")]
    NeedsAuthorisedOperation,
    #[error("an upstream grant does not permit products of the derived data: grant {0}")]
    UpstreamForbidsProducts(GrantId),
    #[error("the lineage would form a cycle through asset {0}")]
    Cycle(AssetId),
    #[error("no grant allows this purpose in this territory (grant {0} covers others)")]
    OutsideScope(GrantId),
    #[error("the grant is already revoked")]
    AlreadyRevoked,
    #[error("the term is empty or inverted")]
    BadTerm,
    #[error("the source declaration needs its evidence")]
    MissingEvidence,
}

impl RightsError {
    /// A stable machine code.
    pub fn code(&self) -> &'static str {
        match self {
            RightsError::UnknownAsset(_) => "rights.unknown_asset",
            RightsError::AlreadyRegistered(_) => "rights.already_registered",
            RightsError::UnknownGrant(_) => "rights.unknown_grant",
            RightsError::NotHeld { .. } => "rights.not_held",
            RightsError::Inactive(_) => "rights.inactive_grant",
            RightsError::NotSublicensable(_) => "rights.not_sublicensable",
            RightsError::OutsideParent(_) => "rights.outside_parent",
            RightsError::ExclusiveOverlap(_) => "rights.exclusive_overlap",
            RightsError::Frozen => "rights.frozen",
            RightsError::NoObjection => "rights.no_objection",
            RightsError::PublicNotOpen => "rights.public_not_open",
            RightsError::NeedsAuthorisedOperation => "rights.needs_authorised_operation",
            RightsError::UpstreamForbidsProducts(_) => "rights.upstream_forbids_products",
            RightsError::Cycle(_) => "rights.lineage_cycle",
            RightsError::OutsideScope(_) => "rights.outside_scope",
            RightsError::AlreadyRevoked => "rights.already_revoked",
            RightsError::BadTerm => "rights.bad_term",
            RightsError::MissingEvidence => "rights.missing_evidence",
        }
    }
}
