//! Operator lists of free-trade zones (Prov Art. 6; regulations.md §6): negative lists of the data
//! that still needs a mechanism when exported by processors registered in the zone, and
//! Lingang-style general-data (positive) lists of the data that may leave on simpler terms. Each
//! is a TOML file an operator adds without a code change; it is validated in full before it joins
//! the rules, so a faulty file leaves the loaded rules untouched.
//!
//! # Schema
//!
//! ```toml
//! [list]
//! id = "example-2024"        # lower-case [a-z0-9_-], unique among loaded lists
//! ftz = "example"            # the exporter.ftz value that selects this list
//! kind = "negative"          # or "general"
//! version = "1.0.0"          # optional; without it the audit version is a fingerprint of the text
//! title = "…"                # optional
//! basis = "…"                # optional: the list's own citation, added to reasons
//!
//! [[entry]]                  # at least one
//! domain = "automotive"
//! scenario = "after_sales"   # or "*": every scenario of the domain
//! category = "vehicle_location"
//! mechanism = "security_assessment"   # or "standard_contract_or_certification";
//!                                     # a general list may also say "none"
//! ```
//!
//! Names are compared exactly (no case folding), so they must not be blank or padded. An entry
//! may appear once: a second `(domain, scenario, category)` is an error even with the same
//! mechanism, because a list that says one thing twice may say two things next time.

use serde::Deserialize;
use toml::Spanned;

use super::RulesError;
use super::text::{Source, fingerprint, is_slug, is_version};
use crate::Outcome;

/// A validated FTZ list.
#[derive(Debug, Clone)]
pub(crate) struct List {
    pub id: String,
    /// The line of `id`, for reporting a duplicate.
    pub id_line: usize,
    pub ftz: String,
    pub kind: ListKind,
    /// The list's version, or a fingerprint of its text when it states none.
    pub version: String,
    pub basis: Option<String>,
    pub entries: Vec<Entry>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum ListKind {
    /// Data on the list needs the named mechanism; data of a listed domain that is off the list
    /// is exempt.
    Negative,
    /// Only data on the list is covered, with the named mechanism (or none).
    General,
}

#[derive(Debug, Clone)]
pub(crate) struct Entry {
    pub domain: String,
    /// `None` for `"*"`: every scenario of the domain.
    pub scenario: Option<String>,
    pub category: String,
    pub mechanism: Mechanism,
}

/// What a list entry asks for, least demanding first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Mechanism {
    None,
    StandardContractOrCertification,
    SecurityAssessment,
}

impl Mechanism {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Mechanism::None => "none",
            Mechanism::StandardContractOrCertification => "standard_contract_or_certification",
            Mechanism::SecurityAssessment => "security_assessment",
        }
    }

    pub(crate) fn outcome(self) -> Outcome {
        match self {
            Mechanism::None => Outcome::Exempt,
            Mechanism::StandardContractOrCertification => Outcome::StandardContractOrCertification,
            Mechanism::SecurityAssessment => Outcome::SecurityAssessment,
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    list: Spanned<Header>,
    #[serde(default)]
    entry: Vec<Spanned<EntryFile>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Header {
    id: Spanned<String>,
    ftz: Spanned<String>,
    kind: ListKind,
    version: Option<Spanned<String>>,
    title: Option<Spanned<String>>,
    basis: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EntryFile {
    domain: String,
    scenario: String,
    category: String,
    mechanism: Mechanism,
}

/// Parses and validates one list; `origin` names it in errors. `reserved` is an id no list may
/// take (the baseline's), so that versions and reasons stay unambiguous.
pub(crate) fn parse(origin: &str, text: &str, reserved: &str) -> Result<List, RulesError> {
    let src = Source { origin, text };
    let file: File = toml::from_str(text).map_err(|e| src.toml(&e))?;
    let header = file.list.get_ref();

    let id = header.id.get_ref();
    if !is_slug(id) || id == reserved {
        return Err(src.invalid(
            &header.id.span(),
            format!("list id {id:?} must be lower-case [a-z0-9_-] and not {reserved:?}"),
        ));
    }
    let ftz = header.ftz.get_ref();
    if !is_slug(ftz) {
        return Err(src.invalid(
            &header.ftz.span(),
            format!("ftz {ftz:?} must be lower-case [a-z0-9_-]"),
        ));
    }
    let version = match &header.version {
        Some(v) if is_version(v.get_ref()) => v.get_ref().clone(),
        Some(v) => {
            return Err(src.invalid(
                &v.span(),
                format!("version {:?} is not MAJOR.MINOR.PATCH", v.get_ref()),
            ));
        }
        None => fingerprint(text),
    };
    if let Some(title) = &header.title {
        src.word(&title.span(), "title", title.get_ref())?;
    }
    if let Some(basis) = &header.basis {
        src.word(&basis.span(), "basis", basis.get_ref())?;
    }
    if file.entry.is_empty() {
        return Err(src.invalid(&file.list.span(), "a list needs at least one [[entry]]"));
    }

    let mut entries: Vec<Entry> = Vec::with_capacity(file.entry.len());
    for spanned in &file.entry {
        let span = spanned.span();
        let e = spanned.get_ref();
        src.word(&span, "domain", &e.domain)?;
        src.word(&span, "scenario", &e.scenario)?;
        src.word(&span, "category", &e.category)?;
        if e.mechanism == Mechanism::None && header.kind == ListKind::Negative {
            return Err(src.invalid(
                &span,
                "mechanism \"none\" is for general lists: a negative list names only data that \
                 needs a mechanism",
            ));
        }
        let entry = Entry {
            domain: e.domain.clone(),
            scenario: (e.scenario != "*").then(|| e.scenario.clone()),
            category: e.category.clone(),
            mechanism: e.mechanism,
        };
        let duplicate = entries.iter().any(|known| {
            known.domain == entry.domain
                && known.scenario == entry.scenario
                && known.category == entry.category
        });
        if duplicate {
            return Err(src.invalid(
                &span,
                format!(
                    "duplicate entry for domain {:?}, scenario {:?}, category {:?}",
                    e.domain, e.scenario, e.category
                ),
            ));
        }
        entries.push(entry);
    }

    Ok(List {
        id: id.clone(),
        id_line: src.line(header.id.span().start),
        ftz: ftz.clone(),
        kind: header.kind,
        version,
        basis: header.basis.as_ref().map(|b| b.get_ref().clone()),
        entries,
    })
}
