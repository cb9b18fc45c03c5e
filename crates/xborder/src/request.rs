//! What the gate is asked: one proposed transfer abroad, with the exporter's status, the data's
//! level and head-counts, where it goes and why, this year's counters and the approvals on record.
//!
//! The JSON shape is a contract shared by the CLI, the HTTP API and the case table, so parsing is
//! strict: unknown fields and unknown enum values are errors, counts must be whole numbers of
//! people, dates must be `YYYY-MM-DD` calendar dates and destinations upper-case ISO 3166-1
//! alpha-2 codes. A key may be left out only where its absence can never make a decision more
//! lenient: `approvals` (none on record), `valid_until` (the statutory term applies), and
//! `domain`, `scenario` and `categories`, which only FTZ lists read and without which no list can
//! exempt anything.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use types::Region;

use crate::RequestError;

/// One proposed transfer. Fields are public because the delivery paths build requests from an
/// asset's classification report and the exporter's counters; every field's type already holds
/// its invariant, and `evaluate` checks what depends on the loaded rules.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Request {
    /// The day of the transfer. Approvals must be valid on it, and `exported_this_year` counts
    /// since 1 January (Asia/Shanghai) of its year.
    #[serde(with = "date")]
    pub date: NaiveDate,
    pub exporter: Exporter,
    pub data: Data,
    pub transfer: Transfer,
    /// Distinct individuals whose personal information this exporter sent abroad since 1 January
    /// of the year of `date`, before this transfer. Keeping and resetting these counters is the
    /// caller's job: on the first transfer of a new year the caller passes zeros, and the gate
    /// judges that transfer on its own counts.
    pub exported_this_year: Counts,
    /// Approvals on record whose approved scope covers this transfer; an approval for another
    /// purpose, recipient or kind of data must not be passed (NDSMR Art. 38).
    #[serde(default)]
    pub approvals: Vec<Approval>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Exporter {
    /// Whether the operator has been notified that it is a critical information infrastructure
    /// operator (关键信息基础设施运营者); never inferred.
    pub ciio: bool,
    /// The free-trade zone the exporter is registered in and exports from, selecting the loaded
    /// lists whose `ftz` equals it; `null` when none. The key itself is required, because a list
    /// can make a listed category stricter than the national table.
    #[serde(deserialize_with = "required_option")]
    pub ftz: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Data {
    /// The asset's grade from its classification report.
    pub level: Level,
    /// Distinct individuals whose non-sensitive personal information is in this transfer.
    #[serde(deserialize_with = "count")]
    pub individuals: u64,
    /// Distinct individuals whose sensitive personal information (PIPL Art. 28, including all
    /// personal information of minors under 14) is in this transfer. Someone with both kinds is in
    /// both counts: the national thresholds keep two separate counters.
    #[serde(deserialize_with = "count")]
    pub sensitive_individuals: u64,
    /// The personal information was collected and generated abroad and is being re-exported after
    /// processing in China (Prov Art. 4).
    pub collected_abroad: bool,
    /// Domestic personal information or important data was added to data collected abroad.
    pub domestic_pi_mixed: bool,
    /// Sector of the data, as FTZ lists name it (for example `automotive`).
    #[serde(default)]
    pub domain: Option<String>,
    /// Business scenario, as FTZ lists name it (for example `after_sales`).
    #[serde(default)]
    pub scenario: Option<String>,
    /// Data categories in the transfer, as FTZ lists name them.
    #[serde(default)]
    pub categories: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Transfer {
    /// Where the recipient is. `CN` is the mainland; `HK`, `MO` and `TW` are outside it.
    #[serde(with = "region")]
    pub destination: Region,
    pub purpose: Purpose,
    /// The recipient is on a list of foreign organisations or individuals to whom providing
    /// personal information is restricted or prohibited (PIPL Art. 42).
    pub recipient_restricted: bool,
}

/// Head-counts of individuals, split as the national thresholds split them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Counts {
    /// Individuals whose non-sensitive personal information was or will be exported.
    #[serde(deserialize_with = "count")]
    pub individuals: u64,
    /// Individuals whose sensitive personal information was or will be exported.
    #[serde(deserialize_with = "count")]
    pub sensitive_individuals: u64,
}

impl Counts {
    /// The sum, saturating: a total too large to represent is still over every threshold.
    pub fn plus(self, other: Counts) -> Counts {
        Counts {
            individuals: self.individuals.saturating_add(other.individuals),
            sensitive_individuals: self
                .sensitive_individuals
                .saturating_add(other.sensitive_individuals),
        }
    }
}

/// One approval on record for the exporter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Approval {
    pub kind: ApprovalKind,
    /// The day the assessment result or certificate was issued, or the standard contract filed.
    #[serde(with = "date")]
    pub issued: NaiveDate,
    /// The last day of validity when the document states one (an extended assessment result, a
    /// contract with a term); otherwise the national baseline's statutory term applies.
    #[serde(
        default,
        with = "optional_date",
        skip_serializing_if = "Option::is_none"
    )]
    pub valid_until: Option<NaiveDate>,
}

/// Data grade (数据分级), most severe last.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    General,
    Important,
    Core,
}

/// Why the data goes abroad; the exemptions of Prov Arts. 3 and 5 and the prohibitions of
/// PIPL Art. 41 / DSL Art. 36 turn on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Purpose {
    ContractWithIndividual,
    HrManagement,
    Emergency,
    InternationalTrade,
    CrossBorderTransport,
    AcademicCooperation,
    TransnationalManufacturing,
    Marketing,
    ForeignJudicialRequest,
    Other,
}

/// The three export mechanisms of PIPL Art. 38 that Dataport records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ApprovalKind {
    SecurityAssessment,
    StandardContract,
    Certification,
}

impl ApprovalKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ApprovalKind::SecurityAssessment => "security_assessment",
            ApprovalKind::StandardContract => "standard_contract",
            ApprovalKind::Certification => "certification",
        }
    }
}

/// Parses a request from its JSON contract. Errors name the fault and its line and column.
pub fn parse_request(json: &str) -> Result<Request, RequestError> {
    serde_json::from_str(json).map_err(|e| RequestError::Invalid(e.to_string()))
}

/// A head-count: a whole number of people, 0 or more. Written by hand so that `-3` and `2.5`
/// get an error that says what a count is rather than serde's type names.
fn count<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<u64, D::Error> {
    struct Count;
    impl serde::de::Visitor<'_> for Count {
        type Value = u64;

        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a whole number of individuals, 0 or more")
        }

        fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<u64, E> {
            Ok(v)
        }

        fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<u64, E> {
            u64::try_from(v).map_err(|_| {
                E::custom(format_args!(
                    "count {v} is negative: a number of individuals is 0 or more"
                ))
            })
        }

        fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<u64, E> {
            Err(E::custom(format_args!(
                "count {v} is not a whole number of individuals from 0 to {}",
                u64::MAX
            )))
        }
    }
    deserializer.deserialize_u64(Count)
}

/// `Option<T>` whose key must be present (its value may be `null`): a custom deserializer turns
/// off serde's habit of treating a missing `Option` as `None`.
fn required_option<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(deserializer)
}

/// Calendar dates written exactly `YYYY-MM-DD`. chrono alone would also take `2026-1-5` or a
/// signed year; the contract is the ten-character form.
pub(crate) mod date {
    use chrono::NaiveDate;
    use serde::{Deserialize, Deserializer, Serializer};

    pub(crate) fn parse(text: &str) -> Result<NaiveDate, String> {
        let bytes = text.as_bytes();
        let shaped = bytes.len() == 10
            && bytes.iter().enumerate().all(|(i, b)| {
                if i == 4 || i == 7 {
                    *b == b'-'
                } else {
                    b.is_ascii_digit()
                }
            });
        if !shaped {
            return Err(format!("date {text:?} is not written YYYY-MM-DD"));
        }
        NaiveDate::parse_from_str(text, "%Y-%m-%d")
            .map_err(|_| format!("date {text:?} is not a calendar date"))
    }

    pub(crate) fn serialize<S: Serializer>(date: &NaiveDate, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&date.format("%Y-%m-%d"))
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDate, D::Error> {
        let text = String::deserialize(d)?;
        parse(&text).map_err(serde::de::Error::custom)
    }
}

mod optional_date {
    use chrono::NaiveDate;
    use serde::{Deserialize, Deserializer, Serializer};

    pub(super) fn serialize<S: Serializer>(
        date: &Option<NaiveDate>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        match date {
            Some(date) => super::date::serialize(date, s),
            None => s.serialize_none(),
        }
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<NaiveDate>, D::Error> {
        match Option::<String>::deserialize(d)? {
            Some(text) => super::date::parse(&text)
                .map(Some)
                .map_err(serde::de::Error::custom),
            None => Ok(None),
        }
    }
}

/// Destinations as upper-case ISO 3166-1 alpha-2 codes that are officially assigned.
mod region {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};
    use types::Region;

    pub(super) fn serialize<S: Serializer>(region: &Region, s: S) -> Result<S::Ok, S::Error> {
        region.serialize(s)
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Region, D::Error> {
        let text = String::deserialize(d)?;
        let upper = text.len() == 2 && text.bytes().all(|b| b.is_ascii_uppercase());
        match Region::parse(&text) {
            Ok(region) if upper => Ok(region),
            _ => Err(serde::de::Error::custom(format_args!(
                "destination {text:?} is not an upper-case ISO 3166-1 alpha-2 code"
            ))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_must_be_ten_character_calendar_dates() {
        assert_eq!(
            date::parse("2024-02-29"),
            Ok(NaiveDate::from_ymd_opt(2024, 2, 29).unwrap())
        );
        for bad in [
            "2026-1-05",
            "2026-02-30",
            "2025-02-29",
            "+2026-01-01",
            "2026/01/01",
            " 2026-01-01",
            "",
        ] {
            assert!(date::parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn counts_add_without_overflowing() {
        let big = Counts {
            individuals: u64::MAX,
            sensitive_individuals: 1,
        };
        assert_eq!(
            big.plus(big),
            Counts {
                individuals: u64::MAX,
                sensitive_individuals: 2
            }
        );
    }
}
