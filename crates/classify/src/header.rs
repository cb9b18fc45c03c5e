//! Column-header evidence: what a column's name (Chinese or English) says about its kind.
//!
//! A header is normalised (trimmed, ASCII lower-cased, separators `_ - . / ( )` and spaces
//! removed), then looked up in a keyword table as is, and again with a common subject prefix
//! (客户, 司机, 收货人, customer, driver, …) and/or a common suffix (号码, 号, _no, _number, …)
//! removed, so that `客户身份证号码`, `driver_name` and `mobile_no` resolve like their cores.
//!
//! A hint only adjusts how much of a column must validate and how confident the verdict is; it
//! never turns a failing value into a match (see the column module).

mod keywords;

use serde::{Deserialize, Serialize};

use crate::Kind;

/// What a header says about its column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct HeaderHint {
    pub kind: Kind,
    pub strength: HeaderStrength,
}

/// How unambiguous a header is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HeaderStrength {
    /// Often used for this kind but also for others: `name` (product names), `phone` and `电话`
    /// (landlines), `卡号` (membership cards), `证件号码` (any document). Enables the kind but does
    /// not lower the share of values that must validate.
    Weak,
    /// Names the kind unambiguously: `身份证号`, `手机号`, `姓名`, `email`. Lowers the share of
    /// values that must validate.
    Strong,
}

/// How a header hint relates to a candidate kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Agreement {
    /// The hint names a different kind.
    None,
    /// The hint names the kind's sibling: IPv4 for IPv6 (an `ip` column holds either), latitude
    /// for longitude (swapped or generic coordinate headers are common).
    Family,
    /// The hint names this kind.
    Exact,
}

impl HeaderHint {
    /// How this hint relates to `kind`.
    pub fn agreement(self, kind: Kind) -> Agreement {
        if self.kind == kind {
            Agreement::Exact
        } else if family(self.kind) == family(kind) {
            Agreement::Family
        } else {
            Agreement::None
        }
    }
}

/// Kinds that share a header vocabulary map to the same family representative.
fn family(kind: Kind) -> Kind {
    match kind {
        Kind::Ipv6 => Kind::Ipv4,
        Kind::Longitude => Kind::Latitude,
        other => other,
    }
}

/// The kind a column header points to, if any.
pub fn header_hint(name: &str) -> Option<HeaderHint> {
    let key = normalise(name);
    if key.is_empty() {
        return None;
    }
    if let Some(hint) = keywords::lookup(&key) {
        return Some(hint);
    }
    let without_prefix = keywords::PREFIXES
        .iter()
        .find_map(|p| key.strip_prefix(p).filter(|rest| !rest.is_empty()));
    let without_suffix = |s: &str| {
        keywords::SUFFIXES
            .iter()
            .find_map(|x| s.strip_suffix(x).filter(|rest| !rest.is_empty()))
            .and_then(keywords::lookup)
    };
    without_prefix
        .and_then(keywords::lookup)
        .or_else(|| without_suffix(&key))
        .or_else(|| without_prefix.and_then(without_suffix))
}

/// Lower-cases ASCII and drops separators, so `Full_Name`, `full-name` and `FULL NAME` agree.
fn normalise(name: &str) -> String {
    name.trim()
        .chars()
        .filter(|c| {
            !matches!(
                c,
                '_' | '-' | '.' | '/' | '(' | ')' | '（' | '）' | '：' | ':'
            ) && !c.is_whitespace()
        })
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalise_drops_separators_and_case() {
        assert_eq!(normalise(" Full_Name "), "fullname");
        assert_eq!(normalise("E-mail"), "email");
        assert_eq!(normalise("手机号码（必填）"), "手机号码必填");
    }

    #[test]
    fn family_agreement() {
        let ip = HeaderHint {
            kind: Kind::Ipv4,
            strength: HeaderStrength::Strong,
        };
        assert_eq!(ip.agreement(Kind::Ipv4), Agreement::Exact);
        assert_eq!(ip.agreement(Kind::Ipv6), Agreement::Family);
        assert_eq!(ip.agreement(Kind::Email), Agreement::None);
    }
}
