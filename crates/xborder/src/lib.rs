//! The cross-border transfer gate (数据出境合规): for every transfer to a recipient outside the
//! mainland, Dataport decides the legal route, explains it with citations, and says whether the
//! transfer may go ahead today with the approvals on record.
//!
//! Since 22 March 2024 the route depends on the data's level, how many people's personal
//! information (sensitive and not) the exporter has sent abroad since 1 January, whether the
//! exporter is a critical information infrastructure operator, the purpose, and free-trade-zone
//! lists (促进和规范数据跨境流动规定; regulations.md §§2–4 and 6). [`evaluate`] applies
//! [`Rules`] — the national baseline in `rules/national.toml`, versioned and cited, plus any FTZ
//! lists an operator loads — to a [`Request`] and returns a [`Decision`].
//!
//! The crate is pure: no IO, no clock (`today` is passed in), no global state, and no panics on
//! any input. It never defaults to an exemption: unknown values are errors, and where the law is
//! unsettled (the UNCONFIRMED items of regulations.md §10) it takes the stricter route and says so
//! in the reason's detail.
//!
//! Counting is the caller's: `exported_this_year` is the exporter's count since 1 January of the
//! transfer's year (Asia/Shanghai), reset to zero by the caller for the first transfer of a new
//! year. The decision's `cumulative` adds this transfer to it without deduplication — an upper
//! bound of the distinct individuals, which is the stricter reading of the UNCONFIRMED counting
//! unit — and [`Rules::counting`] gives the tag under which an executed transfer is recorded, so
//! that either reading of whether exempt transfers count can be computed later.

mod decision;
mod error;
mod evaluate;
mod request;
mod rules;

pub use decision::{Counting, Decision, Outcome, Reading, Reason};
pub use error::RequestError;
pub use evaluate::evaluate;
pub use request::{
    Approval, ApprovalKind, Counts, Data, Exporter, Level, Purpose, Request, Transfer,
    parse_request,
};
pub use rules::{Rules, RulesError};
