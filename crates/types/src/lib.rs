//! Vocabulary shared by every Dataport crate: typed identifiers, organisation identifiers
//! (USCC, LEI), regions, and timestamps. Values here are parsed once at the boundary and are
//! valid by construction, so the rest of the code never re-checks them. No IO.

mod id;
mod org_id;
mod participant;
mod region;
mod time;

pub use id::{
    ApprovalId, AssetId, AssetVersionId, EventId, GrantId, IdError, ParticipantId, SessionId,
    TokenId, TransferId, UserId,
};
pub use org_id::{Lei, OrgIdError, Uscc};
pub use participant::{
    MerchantRole, OrgIdScheme, ParticipantKind, ParticipantStatus, ServiceKind, SourceKind,
    StaffRole, UpdateFrequency, VersionState,
};
pub use region::{Region, RegionError};
pub use time::{Timestamp, format_timestamp, now, parse_timestamp};
