//! Why a rules file was refused. Rules files are edited by hand, so every fault names the file
//! and the line to look at.

/// A rules file that cannot be loaded. The rules already loaded are left as they were.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RulesError {
    /// Not valid TOML, or valid TOML that breaks the schema: an unknown key or value, a missing
    /// key, a malformed id, version or date, a blank text, a duplicate entry.
    #[error("{origin}: line {line}: {message}")]
    Invalid {
        origin: String,
        line: usize,
        message: String,
    },
    /// A list whose id is already loaded: ids must stay unique so that versions and reasons
    /// identify one list.
    #[error("{origin}: line {line}: list id {id:?} is already loaded")]
    DuplicateList {
        origin: String,
        line: usize,
        id: String,
    },
}

impl RulesError {
    /// Where the rules came from, as the caller named them (usually the file name).
    pub fn origin(&self) -> &str {
        match self {
            RulesError::Invalid { origin, .. } | RulesError::DuplicateList { origin, .. } => origin,
        }
    }

    /// The 1-based line of the fault.
    pub fn line(&self) -> usize {
        match self {
            RulesError::Invalid { line, .. } | RulesError::DuplicateList { line, .. } => *line,
        }
    }
}
