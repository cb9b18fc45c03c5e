//! Dataset grading (数据分级) under DSL Art. 21, NDSMR Art. 62(4) and GB/T 43697-2024: a dataset's
//! scan facts (sector, personal-information kinds, counts of individuals, any declared level) are
//! graded general, important or core, and general data is sub-graded 1 to 4, each verdict with
//! the rules and citations behind it.
//!
//! The rules are data, not code: versioned TOML catalogues (the schema is documented in the
//! `catalog` module; the built-in files are in `crates/classify/rules/`) transcribe the national
//! general-data ladder and the sector overlays, and operators can add their own. The code
//! contributes only three principles from regulations.md §5: take the highest result; important
//! and core data come only from catalogues or an authority's notification (NDSMR Art. 29), so
//! personal information alone is general data; and when in doubt, grade high (就高从严,
//! GB/T 43697-2024 §4), which is why counts left unknown are bounded from above and a declaration
//! can raise a level but never lower it.

mod catalog;
mod condition;
mod grade;
mod input;
mod level;
mod verdict;

pub use catalog::{Catalog, CatalogError, Catalogs, Location, Outcome, Rule, Sectors};
pub use condition::Condition;
pub use grade::grade;
pub use input::GradeInput;
pub use level::{Level, UnknownLevel};
pub use verdict::{Reason, Verdict};
