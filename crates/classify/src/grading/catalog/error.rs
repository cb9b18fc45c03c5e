//! Why a catalogue was rejected, always naming the catalogue and, where there is one, the rule,
//! because catalogues are edited by hand and an operator must be able to find the fault.

use std::fmt;

/// Where in a catalogue a fault is: the catalogue's id (or, before the id is known, where its
/// text came from) and the rule's id (or its 1-based position when the id itself is the fault).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub catalog: String,
    pub rule: Option<String>,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "catalogue {}", self.catalog)?;
        match &self.rule {
            Some(rule) => write!(f, ", rule {rule}"),
            None => Ok(()),
        }
    }
}

/// A catalogue that cannot be loaded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CatalogError {
    #[error("catalogue {catalog}: not valid TOML: {message}")]
    Syntax { catalog: String, message: String },
    #[error("{at}: unknown key {key:?}")]
    UnknownKey { at: Location, key: String },
    /// A key that is missing, of the wrong type, empty or malformed.
    #[error("{at}: {key} {problem}")]
    Invalid {
        at: Location,
        key: &'static str,
        problem: String,
    },
    #[error("{at}: version {version:?} is not MAJOR.MINOR.PATCH")]
    BadVersion { at: Location, version: String },
    #[error("{at}: unknown personal-information kind {kind:?}")]
    UnknownKind { at: Location, kind: String },
    /// A level other than important or core: general data is given a `general_grade` instead.
    #[error("{at}: unknown level {level:?} (expected important or core)")]
    UnknownLevel { at: Location, level: String },
    #[error("{at}: duplicate rule id")]
    DuplicateRule { at: Location },
    #[error("catalogue {catalog} is already loaded")]
    DuplicateCatalog { catalog: String },
}
