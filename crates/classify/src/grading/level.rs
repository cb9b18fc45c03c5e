//! The three data levels of DSL Art. 21 and GB/T 43697-2024 §6 (一般数据 < 重要数据 < 核心数据),
//! ordered so that "take the highest result" is `max`.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// A data level. The derived order is the severity order, which grading relies on when it takes
/// the maximum over rules and declarations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// 一般数据: everything that is neither important nor core.
    General,
    /// 重要数据 (NDSMR Art. 62(4)): may directly endanger national security, economic operation,
    /// social stability, or public health and safety.
    Important,
    /// 国家核心数据 (DSL Art. 21): national security, economic lifelines, important livelihoods,
    /// major public interests.
    Core,
}

impl Level {
    /// Every level, least severe first.
    pub const ALL: [Level; 3] = [Level::General, Level::Important, Level::Core];

    /// The stable wire name, identical to the serde name.
    pub const fn as_str(self) -> &'static str {
        match self {
            Level::General => "general",
            Level::Important => "important",
            Level::Core => "core",
        }
    }

    /// The Chinese term used in the regulations, for reasons shown to Chinese readers.
    pub const fn as_zh(self) -> &'static str {
        match self {
            Level::General => "一般数据",
            Level::Important => "重要数据",
            Level::Core => "核心数据",
        }
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A string that is not the wire name of any [`Level`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown data level {0:?} (expected general, important or core)")]
pub struct UnknownLevel(pub String);

impl FromStr for Level {
    type Err = UnknownLevel;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Level::ALL
            .into_iter()
            .find(|l| l.as_str() == s)
            .ok_or_else(|| UnknownLevel(s.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;
    use serde::de::value::{Error, StrDeserializer};

    use super::*;

    #[test]
    fn levels_are_ordered_by_severity() {
        assert!(Level::General < Level::Important && Level::Important < Level::Core);
        assert_eq!(Level::General.max(Level::Important), Level::Important);
    }

    #[test]
    fn wire_names_round_trip_through_serde_and_from_str() {
        for level in Level::ALL {
            let de = StrDeserializer::<Error>::new(level.as_str());
            assert_eq!(Level::deserialize(de).unwrap(), level);
            assert_eq!(level.as_str().parse::<Level>().unwrap(), level);
        }
        assert!("Important".parse::<Level>().is_err());
        assert!("secret".parse::<Level>().is_err());
    }
}
