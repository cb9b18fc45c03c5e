//! Rule catalogues: versioned TOML data files that say which datasets are important or core data
//! (sector overlays) and how general data is sub-graded (the national ladder), each rule with its
//! legal citation. The built-in ones live in `crates/classify/rules/` and are embedded at compile
//! time; operators add their own (say, a local sector list) as TOML strings. Catalogues are
//! validated in full on load, so grading itself cannot fail.
//!
//! # Schema
//!
//! ```toml
//! id = "automotive"            # lower-case [a-z0-9_-], unique among loaded catalogues
//! version = "1.0.0"            # MAJOR.MINOR.PATCH; bump on every content change
//! title_zh = "汽车数据安全管理若干规定（试行）"
//! title_en = "Several Provisions on Automotive Data Security Management (Trial)"
//! effective = 2021-10-01       # TOML local date: when the cited rules took effect
//!
//! [[rules]]
//! id = "automotive.pi-over-100k"   # "<catalogue id>.<name>", unique, stable: reasons cite it
//! basis = "汽车数据安全管理若干规定（试行）第三条第（五）项"
//! description_zh = "涉及个人信息主体超过10万人的个人信息"
//! description_en = "Personal information of more than 100,000 individuals"
//! sectors = ["automotive"]         # sector ids the rule applies to, or ["*"] for every dataset
//! when = { individuals_over = 100000 }
//! level = "important"              # either level = "important" | "core" ...
//! # general_grade = 3              # ... or a general-data sub-grade 1..=4, never both
//! ```
//!
//! `when` is a conjunction (an empty table holds for every dataset of the rule's sectors) of:
//!
//! | Key | Type | Holds when |
//! |---|---|---|
//! | `individuals_over` | integer | distinct individuals > n (超过) |
//! | `individuals_at_least` | integer | distinct individuals ≥ n (以上) |
//! | `sensitive_individuals_over` | integer | individuals with sensitive PI > n |
//! | `sensitive_individuals_at_least` | integer | individuals with sensitive PI ≥ n |
//! | `any_minors` | bool | individuals under 14 are present (true) or absent (false) |
//! | `pi_present` | bool | personal information is present (true) or absent (false) |
//! | `sensitive_present` | bool | sensitive PI, including any minors' PI, is present / absent |
//! | `kinds_any` | list of kind names | at least one listed kind was found |
//!
//! Kind names are the wire names of [`crate::Kind`]. Unknown keys (at any level), unknown kinds,
//! unknown levels, `level = "general"` (general data is expressed as a grade), grades outside
//! 1..=4, duplicate rule ids, malformed ids, versions or dates, and empty texts are all rejected
//! with a [`CatalogError`] naming the catalogue and rule.

mod error;
mod parse;

use chrono::NaiveDate;
use serde::Serialize;

pub use error::{CatalogError, Location};

use super::condition::Condition;
use crate::Level;

/// The built-in catalogues, embedded so that grading needs no files at run time.
const BUILTIN: [(&str, &str); 2] = [
    ("national.toml", include_str!("../../rules/national.toml")),
    (
        "automotive.toml",
        include_str!("../../rules/automotive.toml"),
    ),
];

/// Catalogue id reserved for the reasons grading itself gives (the default and the declaration),
/// so that no catalogue rule can be confused with them.
pub(crate) const RESERVED_ID: &str = "grading";

/// One validated catalogue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Catalog {
    id: String,
    version: String,
    title_zh: String,
    title_en: String,
    effective: NaiveDate,
    rules: Vec<Rule>,
}

impl Catalog {
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The catalogue's `MAJOR.MINOR.PATCH` version, to be recorded beside every grading.
    pub fn version(&self) -> &str {
        &self.version
    }

    pub fn title_zh(&self) -> &str {
        &self.title_zh
    }

    pub fn title_en(&self) -> &str {
        &self.title_en
    }

    /// When the rules the catalogue transcribes took effect.
    pub fn effective(&self) -> NaiveDate {
        self.effective
    }

    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }
}

/// One catalogue entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Rule {
    /// Stable id, `<catalogue id>.<name>`.
    pub id: String,
    /// The citation the rule transcribes.
    pub basis: String,
    pub description_zh: String,
    pub description_en: String,
    pub sectors: Sectors,
    pub when: Condition,
    pub outcome: Outcome,
}

/// The datasets a rule applies to, by sector.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Sectors {
    /// Every dataset, with or without a sector (`["*"]`).
    All,
    /// Only datasets of these sectors (lower-case ids).
    Only(Vec<String>),
}

impl Sectors {
    /// Whether a dataset of `sector` (already trimmed and lower-cased) is covered.
    pub fn includes(&self, sector: Option<&str>) -> bool {
        match self {
            Sectors::All => true,
            Sectors::Only(ids) => sector.is_some_and(|s| ids.iter().any(|id| id == s)),
        }
    }
}

/// What a matching rule concludes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Important or core data (never general: general data is graded instead).
    Level(Level),
    /// General data of this sub-grade, 1..=4.
    GeneralGrade(u8),
}

impl Outcome {
    /// The severity order of outcomes: any level above general outranks every grade.
    pub(crate) fn rank(self) -> (Level, u8) {
        match self {
            Outcome::Level(level) => (level, 0),
            Outcome::GeneralGrade(grade) => (Level::General, grade),
        }
    }
}

/// The catalogues grading consults: always the built-in ones, plus any the operator added.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Catalogs {
    catalogs: Vec<Catalog>,
}

impl Catalogs {
    /// The embedded national and automotive catalogues.
    ///
    /// # Panics
    ///
    /// Never in a released build: the embedded files are compile-time data that the crate's tests
    /// load, so an invalid one fails the test suite before it can ship.
    pub fn builtin() -> Catalogs {
        let catalogs = BUILTIN
            .iter()
            .map(|(file, text)| {
                parse::catalog(text, file)
                    .unwrap_or_else(|e| panic!("built-in catalogue {file} is invalid: {e}"))
            })
            .collect();
        Catalogs { catalogs }
    }

    /// These catalogues plus one more given as TOML text, validated like the built-in ones. Its id
    /// must differ from every loaded catalogue's, so rule ids stay unique across catalogues.
    pub fn with_extra(mut self, toml: &str) -> Result<Catalogs, CatalogError> {
        let catalog = parse::catalog(toml, "extra catalogue")?;
        if self.get(&catalog.id).is_some() {
            return Err(CatalogError::DuplicateCatalog {
                catalog: catalog.id,
            });
        }
        self.catalogs.push(catalog);
        Ok(self)
    }

    /// The loaded catalogues, built-in ones first.
    pub fn iter(&self) -> impl Iterator<Item = &Catalog> {
        self.catalogs.iter()
    }

    pub fn get(&self, id: &str) -> Option<&Catalog> {
        self.catalogs.iter().find(|c| c.id == id)
    }

    /// Every rule of every catalogue, in load order.
    pub(crate) fn rules(&self) -> impl Iterator<Item = &Rule> {
        self.catalogs.iter().flat_map(|c| c.rules.iter())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_catalogues_load_with_their_versions() {
        let catalogs = Catalogs::builtin();
        let ids: Vec<(&str, &str)> = catalogs.iter().map(|c| (c.id(), c.version())).collect();
        assert_eq!(ids, [("national", "1.0.0"), ("automotive", "1.0.0")]);
        let auto = catalogs.get("automotive").unwrap();
        assert_eq!(
            auto.effective(),
            NaiveDate::from_ymd_opt(2021, 10, 1).unwrap()
        );
        assert!(auto.rules().iter().all(|r| r.id.starts_with("automotive.")));
    }

    #[test]
    fn sectors_match_exact_ids_only() {
        let auto = Sectors::Only(vec!["automotive".to_owned()]);
        assert!(auto.includes(Some("automotive")));
        assert!(!auto.includes(Some("automotive-parts")));
        assert!(!auto.includes(None));
        assert!(Sectors::All.includes(None));
    }

    #[test]
    fn an_extra_catalogue_may_not_reuse_a_loaded_id() {
        let text = include_str!("../../rules/automotive.toml");
        let err = Catalogs::builtin().with_extra(text).unwrap_err();
        assert_eq!(
            err,
            CatalogError::DuplicateCatalog {
                catalog: "automotive".to_owned()
            }
        );
    }
}
