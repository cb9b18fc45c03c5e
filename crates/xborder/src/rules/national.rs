//! The national baseline: Table 1 of the 2024 Provisions as an ordered list of rules, the
//! validity of approvals, and the duties and documents each route brings, every entry with its
//! citation. It ships inside Dataport (`crates/xborder/rules/national.toml`, embedded at compile
//! time) and is validated in full when loaded, so evaluation itself cannot meet a bad rule.
//!
//! # Schema
//!
//! ```toml
//! id = "national"              # lower-case [a-z0-9_-]; every entry id is "<id>.<name>"
//! version = "1.0.0"            # MAJOR.MINOR.PATCH; bump on every content change
//! title_zh = "…"
//! title_en = "…"
//! in_force_from = 2024-03-22   # TOML local date; earlier transfers are refused
//!
//! [[rule]]                     # tried in file order; the first whose `when` holds decides
//! id = "national.art8-pi-100k"
//! row = 8                      # optional: the row of Table 1 (regulations.md §2.2) transcribed
//! basis = "促进和规范数据跨境流动规定 第八条"
//! description_zh = "…"
//! description_en = "…"         # becomes the start of the reason's detail
//! doubt = "…"                  # optional: the UNCONFIRMED point and the stricter choice made
//! when = { ciio = false, pi_present = true, cumulative_individuals_at_least = 100000 }
//! outcome = "standard_contract_or_certification"
//! counting = "counted"         # the counting tag of the individuals it sends abroad
//!
//! [[validity]]                 # how long an approval lasts and which outcomes it satisfies
//! id = "national.assessment"
//! kind = "security_assessment" # security_assessment | standard_contract | certification
//! issued_from = 2024-03-22     # optional; rows of one kind must tile time without gaps
//! issued_before = 2027-01-01   # optional
//! months = 36                  # optional: absent means no statutory term
//! satisfies = ["security_assessment", "standard_contract_or_certification"]
//! basis = "…"
//! description_zh = "…"
//! description_en = "…"
//!
//! [[duty]]                     # documents owed whenever the outcome and `when` both hold
//! id = "national.pipl-notice"
//! outcomes = ["exempt", "security_assessment", "standard_contract_or_certification"]
//! when = { pi_present = true }
//! documents = ["individual_notice"]
//! basis = "…"
//! description_zh = "…"
//! description_en = "…"
//! ```
//!
//! `when` keys (a conjunction; see [`Condition`]): `destination_mainland`, `recipient_restricted`,
//! `ciio`, `pi_present`, `collected_abroad`, `domestic_pi_mixed` (booleans); `purpose_any`,
//! `purpose_none`, `level_any` (non-empty lists of the request's enum values); `ftz`
//! (`negative_off_list`, `negative_listed` or `general_listed`); and
//! `cumulative_{individuals,sensitive}_{at_least,below}` (integers, tested against this year's
//! totals including the transfer). `outcome` is one of the decision's outcomes, or
//! `list_mechanism`, only with `ftz = "negative_listed" | "general_listed"`, for the mechanism the
//! list names. The last rule must be a catch-all (`when = {}`) whose outcome is
//! `security_assessment` or `prohibited`: if no row matches, the strictest mechanism applies
//! rather than none. No earlier rule may be a catch-all, since it would hide every later one.

use chrono::NaiveDate;
use serde::Deserialize;
use toml::Spanned;
use toml::value::Datetime;

use super::RulesError;
use super::condition::{Condition, FtzMatch};
use super::text::{Source, is_slug, is_version};
use crate::{ApprovalKind, Counting, Outcome};

/// A validated baseline.
#[derive(Debug, Clone)]
pub(crate) struct National {
    pub id: String,
    pub version: String,
    pub in_force_from: NaiveDate,
    /// Every rule but the catch-all, in the order they are tried.
    pub rules: Vec<RouteRule>,
    /// The final catch-all, kept apart so that finding a route is total.
    pub fallback: RouteRule,
    pub validity: Vec<Validity>,
    pub duties: Vec<Duty>,
}

#[derive(Debug, Clone)]
pub(crate) struct RouteRule {
    pub id: String,
    pub row: Option<u8>,
    pub basis: String,
    pub description_zh: String,
    pub description_en: String,
    pub doubt: Option<String>,
    pub when: Condition,
    pub outcome: RuleOutcome,
    pub counting: Counting,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RuleOutcome {
    Decided(Outcome),
    /// The mechanism the matching FTZ list names.
    ListMechanism,
}

#[derive(Debug, Clone)]
pub(crate) struct Validity {
    pub id: String,
    pub kind: ApprovalKind,
    pub issued_from: Option<NaiveDate>,
    pub issued_before: Option<NaiveDate>,
    pub months: Option<u32>,
    pub satisfies: Vec<Outcome>,
    pub basis: String,
    pub description_zh: String,
    pub description_en: String,
}

impl Validity {
    pub(crate) fn covers_issue_date(&self, issued: NaiveDate) -> bool {
        self.issued_from.is_none_or(|from| issued >= from)
            && self.issued_before.is_none_or(|before| issued < before)
    }
}

#[derive(Debug, Clone)]
pub(crate) struct Duty {
    pub id: String,
    pub basis: String,
    pub description_zh: String,
    pub description_en: String,
    pub outcomes: Vec<Outcome>,
    pub when: Condition,
    pub documents: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    id: Spanned<String>,
    version: Spanned<String>,
    title_zh: Spanned<String>,
    title_en: Spanned<String>,
    in_force_from: Spanned<Datetime>,
    rule: Vec<Spanned<RuleFile>>,
    validity: Vec<Spanned<ValidityFile>>,
    duty: Vec<Spanned<DutyFile>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleFile {
    id: String,
    row: Option<u8>,
    basis: String,
    description_zh: String,
    description_en: String,
    doubt: Option<String>,
    when: Condition,
    outcome: OutcomeFile,
    counting: Counting,
}

#[derive(Clone, Copy, Deserialize)]
#[serde(rename_all = "snake_case")]
enum OutcomeFile {
    NotCrossBorder,
    Prohibited,
    Exempt,
    SecurityAssessment,
    StandardContractOrCertification,
    ListMechanism,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ValidityFile {
    id: String,
    kind: ApprovalKind,
    issued_from: Option<Datetime>,
    issued_before: Option<Datetime>,
    months: Option<u32>,
    satisfies: Vec<Outcome>,
    basis: String,
    description_zh: String,
    description_en: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DutyFile {
    id: String,
    outcomes: Vec<Outcome>,
    when: Condition,
    documents: Vec<String>,
    basis: String,
    description_zh: String,
    description_en: String,
}

/// Parses and validates a baseline; `origin` names it in errors.
pub(crate) fn parse(origin: &str, text: &str) -> Result<National, RulesError> {
    let src = Source { origin, text };
    let file: File = toml::from_str(text).map_err(|e| src.toml(&e))?;

    let id = file.id.get_ref();
    if !is_slug(id) {
        return Err(src.invalid(&file.id.span(), "id must be lower-case [a-z0-9_-]"));
    }
    let version = file.version.get_ref();
    if !is_version(version) {
        return Err(src.invalid(
            &file.version.span(),
            format!("version {version:?} is not MAJOR.MINOR.PATCH"),
        ));
    }
    src.word(&file.title_zh.span(), "title_zh", file.title_zh.get_ref())?;
    src.word(&file.title_en.span(), "title_en", file.title_en.get_ref())?;
    let in_force_from = src.date(
        &file.in_force_from.span(),
        "in_force_from",
        file.in_force_from.get_ref(),
    )?;

    let mut ids: Vec<String> = Vec::new();
    let mut claim = |span: &std::ops::Range<usize>, entry: &str| -> Result<String, RulesError> {
        let named = entry
            .strip_prefix(id.as_str())
            .and_then(|rest| rest.strip_prefix('.'))
            .is_some_and(is_slug);
        if !named {
            return Err(src.invalid(
                span,
                format!("id {entry:?} must be \"{id}.<name>\" with a lower-case [a-z0-9_-] name"),
            ));
        }
        if ids.iter().any(|known| known == entry) {
            return Err(src.invalid(span, format!("duplicate id {entry:?}")));
        }
        ids.push(entry.to_owned());
        Ok(entry.to_owned())
    };

    let mut rules = Vec::with_capacity(file.rule.len());
    let last = file.rule.len().saturating_sub(1);
    for (index, spanned) in file.rule.iter().enumerate() {
        let span = spanned.span();
        let r = spanned.get_ref();
        let rule_id = claim(&span, &r.id)?;
        let rule = route_rule(&src, &span, rule_id, r)?;
        let catch_all = rule.when.is_empty();
        if index == last {
            let strict = matches!(
                rule.outcome,
                RuleOutcome::Decided(Outcome::SecurityAssessment | Outcome::Prohibited)
            );
            if !catch_all || !strict {
                return Err(src.invalid(
                    &span,
                    "the last rule must have when = {} and outcome security_assessment or \
                     prohibited, so that a transfer no row matches gets the strictest route",
                ));
            }
        } else if catch_all {
            return Err(src.invalid(
                &span,
                "only the last rule may have when = {}: it would hide every rule after it",
            ));
        }
        rules.push(rule);
    }
    let Some(fallback) = rules.pop() else {
        return Err(src.invalid(&(0..0), "rule must hold at least one [[rule]]"));
    };

    let mut validity = Vec::with_capacity(file.validity.len());
    for spanned in &file.validity {
        let span = spanned.span();
        let v = spanned.get_ref();
        let entry_id = claim(&span, &v.id)?;
        validity.push(validity_row(&src, &span, entry_id, v)?);
    }
    check_tiling(&src, &file.validity, &validity)?;

    let mut duties = Vec::with_capacity(file.duty.len());
    for spanned in &file.duty {
        let span = spanned.span();
        let d = spanned.get_ref();
        let entry_id = claim(&span, &d.id)?;
        duties.push(duty(&src, &span, entry_id, d)?);
    }

    Ok(National {
        id: id.clone(),
        version: version.clone(),
        in_force_from,
        rules,
        fallback,
        validity,
        duties,
    })
}

fn route_rule(
    src: &Source<'_>,
    span: &std::ops::Range<usize>,
    id: String,
    r: &RuleFile,
) -> Result<RouteRule, RulesError> {
    src.word(span, "basis", &r.basis)?;
    src.word(span, "description_zh", &r.description_zh)?;
    src.word(span, "description_en", &r.description_en)?;
    if let Some(doubt) = &r.doubt {
        src.word(span, "doubt", doubt)?;
    }
    if r.row.is_some_and(|row| row > 9) {
        return Err(src.invalid(span, "row must be a row of Table 1, 0 to 9"));
    }
    if let Some(key) = r.when.empty_list_key() {
        return Err(src.invalid(span, format!("when.{key} must be a non-empty list")));
    }
    let listed = matches!(
        r.when.ftz,
        Some(FtzMatch::NegativeListed | FtzMatch::GeneralListed)
    );
    let outcome = match r.outcome {
        OutcomeFile::ListMechanism if listed => RuleOutcome::ListMechanism,
        OutcomeFile::ListMechanism => {
            return Err(src.invalid(
                span,
                "outcome list_mechanism needs when.ftz = \"negative_listed\" or \"general_listed\"",
            ));
        }
        _ if listed => {
            return Err(src.invalid(
                span,
                "when.ftz = \"negative_listed\" or \"general_listed\" needs outcome list_mechanism",
            ));
        }
        OutcomeFile::NotCrossBorder => RuleOutcome::Decided(Outcome::NotCrossBorder),
        OutcomeFile::Prohibited => RuleOutcome::Decided(Outcome::Prohibited),
        OutcomeFile::Exempt => RuleOutcome::Decided(Outcome::Exempt),
        OutcomeFile::SecurityAssessment => RuleOutcome::Decided(Outcome::SecurityAssessment),
        OutcomeFile::StandardContractOrCertification => {
            RuleOutcome::Decided(Outcome::StandardContractOrCertification)
        }
    };
    Ok(RouteRule {
        id,
        row: r.row,
        basis: r.basis.clone(),
        description_zh: r.description_zh.clone(),
        description_en: r.description_en.clone(),
        doubt: r.doubt.clone(),
        when: r.when.clone(),
        outcome,
        counting: r.counting,
    })
}

fn validity_row(
    src: &Source<'_>,
    span: &std::ops::Range<usize>,
    id: String,
    v: &ValidityFile,
) -> Result<Validity, RulesError> {
    src.word(span, "basis", &v.basis)?;
    src.word(span, "description_zh", &v.description_zh)?;
    src.word(span, "description_en", &v.description_en)?;
    let issued_from = v
        .issued_from
        .as_ref()
        .map(|d| src.date(span, "issued_from", d))
        .transpose()?;
    let issued_before = v
        .issued_before
        .as_ref()
        .map(|d| src.date(span, "issued_before", d))
        .transpose()?;
    if let (Some(from), Some(before)) = (issued_from, issued_before)
        && from >= before
    {
        return Err(src.invalid(span, "issued_from must be before issued_before"));
    }
    if v.months.is_some_and(|m| m == 0 || m > 1200) {
        return Err(src.invalid(span, "months must be from 1 to 1200"));
    }
    if v.satisfies.is_empty() || !v.satisfies.iter().all(|o| o.needs_approval()) {
        return Err(src.invalid(
            span,
            "satisfies must list security_assessment and/or standard_contract_or_certification",
        ));
    }
    Ok(Validity {
        id,
        kind: v.kind,
        issued_from,
        issued_before,
        months: v.months,
        satisfies: v.satisfies.clone(),
        basis: v.basis.clone(),
        description_zh: v.description_zh.clone(),
        description_en: v.description_en.clone(),
    })
}

/// For every approval kind, the rows in file order must cover every issue date exactly once:
/// the first open at the start, each next starting where the previous ends, the last open at
/// the end. Then every approval on record has exactly one term.
fn check_tiling(
    src: &Source<'_>,
    files: &[Spanned<ValidityFile>],
    rows: &[Validity],
) -> Result<(), RulesError> {
    for kind in [
        ApprovalKind::SecurityAssessment,
        ApprovalKind::StandardContract,
        ApprovalKind::Certification,
    ] {
        let of_kind: Vec<(usize, &Validity)> = rows
            .iter()
            .enumerate()
            .filter(|(_, v)| v.kind == kind)
            .collect();
        if of_kind.is_empty() {
            return Err(src.invalid(
                &(0..0),
                format!(
                    "no [[validity]] row for approvals of kind {}",
                    kind.as_str()
                ),
            ));
        }
        let mut expected_from: Option<NaiveDate> = None;
        let mut open_end = false;
        for (n, &(index, row)) in of_kind.iter().enumerate() {
            let span = files.get(index).map_or(0..0, Spanned::span);
            if row.issued_from != expected_from || (n > 0 && expected_from.is_none()) {
                return Err(src.invalid(
                    &span,
                    format!(
                        "the {} rows must tile issue dates: this row must start where the \
                         previous one ends (the first has no issued_from)",
                        kind.as_str()
                    ),
                ));
            }
            expected_from = row.issued_before;
            open_end = row.issued_before.is_none();
        }
        if !open_end {
            let span = of_kind
                .last()
                .and_then(|&(index, _)| files.get(index))
                .map_or(0..0, Spanned::span);
            return Err(src.invalid(
                &span,
                format!("the last {} row must have no issued_before", kind.as_str()),
            ));
        }
    }
    Ok(())
}

fn duty(
    src: &Source<'_>,
    span: &std::ops::Range<usize>,
    id: String,
    d: &DutyFile,
) -> Result<Duty, RulesError> {
    src.word(span, "basis", &d.basis)?;
    src.word(span, "description_zh", &d.description_zh)?;
    src.word(span, "description_en", &d.description_en)?;
    let exporting = |o: &Outcome| o.needs_approval() || *o == Outcome::Exempt;
    if d.outcomes.is_empty() || !d.outcomes.iter().all(exporting) {
        return Err(src.invalid(
            span,
            "outcomes must list exempt, security_assessment and/or \
             standard_contract_or_certification",
        ));
    }
    if let Some(key) = d.when.empty_list_key() {
        return Err(src.invalid(span, format!("when.{key} must be a non-empty list")));
    }
    if d.documents.is_empty() || !d.documents.iter().all(|doc| is_slug(doc)) {
        return Err(src.invalid(
            span,
            "documents must be a non-empty list of lower-case [a-z0-9_-] names",
        ));
    }
    Ok(Duty {
        id,
        basis: d.basis.clone(),
        description_zh: d.description_zh.clone(),
        description_en: d.description_en.clone(),
        outcomes: d.outcomes.clone(),
        when: d.when.clone(),
        documents: d.documents.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = include_str!("../../rules/national.toml");

    #[test]
    fn the_shipped_baseline_loads() {
        let n = parse("national.toml", TEXT).unwrap();
        assert_eq!((n.id.as_str(), n.version.as_str()), ("national", "1.0.0"));
        assert_eq!(
            n.in_force_from,
            NaiveDate::from_ymd_opt(2024, 3, 22).unwrap()
        );
        assert_eq!(n.fallback.id, "national.no-row-matched");
        assert!(n.rules.iter().all(|r| !r.when.is_empty()));
    }

    /// The baseline with `from` replaced by `to` must be refused with `message`.
    fn refused(from: &str, to: &str, message: &str) {
        let text = TEXT.replacen(from, to, 1);
        assert_ne!(text, TEXT, "{from:?} not found");
        let err = parse("national.toml", &text).unwrap_err().to_string();
        assert!(err.contains(message), "{to:?}: {err}");
    }

    #[test]
    fn faulty_baselines_are_refused() {
        refused(
            "when = {}\noutcome = \"security_assessment\"",
            "when = {}\noutcome = \"exempt\"",
            "the last rule must have when = {}",
        );
        refused(
            "when = { destination_mainland = true }",
            "when = {}",
            "only the last rule may have when = {}",
        );
        refused(
            "when = { destination_mainland = true }",
            "when = { destination_mainlnd = true }",
            "unknown field `destination_mainlnd`",
        );
        refused(
            "when = { level_any = [\"core\"] }",
            "when = { level_any = [] }",
            "when.level_any must be a non-empty list",
        );
        refused(
            "when = { level_any = [\"core\"] }",
            "when = { level_any = [\"secret\"] }",
            "unknown variant `secret`",
        );
        refused(
            "outcome = \"prohibited\"",
            "outcome = \"list_mechanism\"",
            "needs when.ftz",
        );
        refused(
            "ftz = \"negative_listed\" }\noutcome = \"list_mechanism\"",
            "ftz = \"negative_listed\" }\noutcome = \"exempt\"",
            "needs outcome list_mechanism",
        );
        refused(
            "id = \"national.restricted-recipient\"",
            "id = \"national.foreign-judicial-request\"",
            "duplicate id",
        );
        refused(
            "id = \"national.restricted-recipient\"",
            "id = \"restricted-recipient\"",
            "must be \"national.<name>\"",
        );
        refused("row = 8", "row = 10", "row must be a row of Table 1");
        refused(
            "counting = \"art4\"",
            "counting = \"art_4\"",
            "unknown variant `art_4`",
        );
        refused(
            "issued_from = 2024-03-22\nmonths = 36",
            "issued_from = 2024-03-23\nmonths = 36",
            "must tile issue dates",
        );
        refused(
            "issued_before = 2024-03-22\n",
            "issued_before = 2024-03-22T00:00:00\n",
            "must be a local date",
        );
        refused("months = 24", "months = 0", "months must be from 1 to 1200");
        refused(
            "satisfies = [\"standard_contract_or_certification\"]",
            "satisfies = [\"exempt\"]",
            "satisfies must list",
        );
        refused(
            "documents = [\"individual_notice\"]",
            "documents = [\"Individual notice\"]",
            "documents must be",
        );
        refused(
            "outcomes = [\"security_assessment\"]",
            "outcomes = [\"prohibited\"]",
            "outcomes must list",
        );
        refused(
            "version = \"1.0.0\"",
            "version = \"1.0\"",
            "not MAJOR.MINOR.PATCH",
        );
    }

    #[test]
    fn every_approval_kind_needs_a_term() {
        let start = TEXT
            .find("[[validity]]\nid = \"national.certification\"")
            .unwrap();
        let end = TEXT[start..].find("# --- Duties").unwrap() + start;
        let text = format!("{}{}", &TEXT[..start], &TEXT[end..]);
        let err = parse("national.toml", &text).unwrap_err().to_string();
        assert!(
            err.contains("no [[validity]] row for approvals of kind certification"),
            "{err}"
        );
    }
}
