//! Who is asking: the authenticated user, the participant they act for, and the checks every
//! use case starts with.

use store::{Participant, User};
use types::{MerchantRole, ParticipantId, ParticipantKind, ParticipantStatus, StaffRole};

use crate::{Code, Error, Result};

/// An authenticated user acting for their participant.
#[derive(Clone, Debug)]
pub struct Principal {
    user: User,
    participant: Participant,
}

impl Principal {
    pub(crate) fn new(user: User, participant: Participant) -> Principal {
        Principal { user, participant }
    }

    pub fn user(&self) -> &User {
        &self.user
    }

    pub fn participant(&self) -> &Participant {
        &self.participant
    }

    pub fn is_operator(&self) -> bool {
        self.participant.kind == ParticipantKind::Operator
    }

    pub fn is_regulator(&self) -> bool {
        self.participant.kind == ParticipantKind::Regulator
    }

    /// Operators and regulators see every participant's records; merchants only their own.
    pub fn sees_everything(&self) -> bool {
        self.is_operator() || self.is_regulator()
    }

    /// Whether this principal may read records owned by `owner`.
    pub fn may_read(&self, owner: &ParticipantId) -> bool {
        self.sees_everything() || self.participant.id == *owner
    }

    /// Operator staff who review: administrators and reviewers (not plain members).
    pub(crate) fn require_operator(&self) -> Result<()> {
        if self.is_operator_reviewer() {
            Ok(())
        } else {
            Err(Error::new(Code::Forbidden))
        }
    }

    /// An operator administrator or reviewer: who may verify participants.
    pub fn is_operator_reviewer(&self) -> bool {
        self.is_operator()
            && self.participant.status == ParticipantStatus::Verified
            && matches!(self.user.staff_role, StaffRole::Admin | StaffRole::Reviewer)
    }

    /// Operator administrators only.
    pub(crate) fn require_operator_admin(&self) -> Result<()> {
        self.require_operator()?;
        if self.user.staff_role == StaffRole::Admin {
            Ok(())
        } else {
            Err(Error::new(Code::Forbidden).detail(
                "Only operator administrators may do this.",
                "只有运营方管理员可以执行此操作。",
            ))
        }
    }

    /// A verified merchant holding `role`. Regulators and operators are refused: they do not
    /// trade.
    pub(crate) fn require_merchant(&self, role: MerchantRole) -> Result<()> {
        if self.participant.kind != ParticipantKind::Merchant {
            return Err(Error::new(Code::Forbidden));
        }
        if !self.participant.has_role(role) {
            return Err(Error::new(Code::MissingRole).detail(
                format!("The participant is not registered as {role}."),
                format!("参与方未登记为 {role} 角色。"),
            ));
        }
        if self.participant.status != ParticipantStatus::Verified {
            return Err(Error::new(Code::NotVerified));
        }
        Ok(())
    }

    /// The user id as an event actor.
    pub(crate) fn actor(&self) -> Option<String> {
        Some(self.user.id.to_string())
    }
}
