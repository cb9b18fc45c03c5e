//! The rights registry (三权分置), pure: who holds which of the three separated rights over each
//! data asset, how they were granted, and whether an action is permitted today.
//!
//! China's data policy separates the **resource holding right** (数据资源持有权), the
//! **processing and use right** (数据加工使用权) and the **product operation right**
//! (数据产品经营权) (数据二十条 para 3; regulations.md §8.1). Each can sit with a different
//! participant and be licensed onwards. A [`Registry`] records:
//!
//! - **registration** of an asset with its source declaration and evidence, which gives the
//!   registrant all three rights (original grants);
//! - **licences** of a right to another participant, within the parent grant's purposes,
//!   territory and term, exclusive or not, sub-licensable or not;
//! - **transfers**, which move a grant to another holder;
//! - **revocation**, which suspends everything granted under the revoked grant and every derived
//!   asset whose processing rested on it;
//! - **objections** (异议), which freeze listing and licensing of an asset until an operator
//!   resolves them;
//! - **lineage**: a derived asset records its sources and the processing grants that allowed it,
//!   and its operation right needs every upstream grant to permit products;
//! - **public data** (公共数据) with its open class: only holders of an authorised-operation grant
//!   may make products of it, and not-open data cannot be granted at all.
//!
//! Every change is checked and either applies whole or returns a [`RightsError`]; nothing is half
//! applied. Nothing here reads a clock or does IO: callers pass `today`, persist the events the
//! registry emits, and rebuild it by replaying them.

mod error;
mod model;
mod registry;

pub use error::RightsError;
pub use model::{Grant, GrantKind, GrantStatus, OpenClass, Right, Scope, Source, Term};
pub use registry::{AssetRecord, Changes, Lineage, LineageEdge, Registry};
