//! Turning catalogue TOML into a validated [`Catalog`]. The TOML is walked by hand rather than
//! through serde derive so that every fault, an unknown key above all, can be reported with the
//! catalogue and rule it is in; a typo such as `individual_over` must not silently drop a test and
//! widen a rule.

mod fields;

use toml::{Table, Value};

use self::fields::{
    count_of, date_of, flag_of, invalid, is_slug, is_version, text_of, texts_of, unknown_keys,
};
use super::{Catalog, CatalogError, Location, Outcome, RESERVED_ID, Rule, Sectors};
use crate::grading::condition::Condition;
use crate::{Kind, KindSet, Level};

const CATALOG_KEYS: [&str; 6] = [
    "id",
    "version",
    "title_zh",
    "title_en",
    "effective",
    "rules",
];

const RULE_KEYS: [&str; 8] = [
    "id",
    "basis",
    "description_zh",
    "description_en",
    "sectors",
    "when",
    "level",
    "general_grade",
];

/// Parses and validates one catalogue. `origin` names the text (a file name, or "extra
/// catalogue") in errors raised before the catalogue's own id is known.
pub(super) fn catalog(text: &str, origin: &str) -> Result<Catalog, CatalogError> {
    let table: Table = text.parse().map_err(|e: toml::de::Error| {
        let line = e
            .span()
            .map_or(0, |span| text[..span.start].matches('\n').count() + 1);
        CatalogError::Syntax {
            catalog: origin.to_owned(),
            message: format!("line {line}: {}", e.message()),
        }
    })?;
    let catalog_label = match table.get("id") {
        Some(Value::String(id)) => id.clone(),
        _ => origin.to_owned(),
    };
    let at = Location {
        catalog: catalog_label,
        rule: None,
    };
    unknown_keys(&table, &CATALOG_KEYS, &at)?;

    let id = text_of(&table, "id", &at)?;
    if !is_slug(&id) || id == RESERVED_ID {
        return Err(invalid(
            &at,
            "id",
            "must be lower-case [a-z0-9_-] and not \"grading\"",
        ));
    }
    let version = text_of(&table, "version", &at)?;
    if !is_version(&version) {
        return Err(CatalogError::BadVersion { at, version });
    }
    let title_zh = text_of(&table, "title_zh", &at)?;
    let title_en = text_of(&table, "title_en", &at)?;
    let effective = date_of(&table, "effective", &at)?;
    let entries = match table.get("rules") {
        Some(Value::Array(entries)) if !entries.is_empty() => entries,
        Some(_) => return Err(invalid(&at, "rules", "must be a non-empty array of tables")),
        None => return Err(invalid(&at, "rules", "is missing")),
    };

    let mut rules: Vec<Rule> = Vec::with_capacity(entries.len());
    for (index, entry) in entries.iter().enumerate() {
        let rule = rule(entry, &id, index)?;
        if rules.iter().any(|r| r.id == rule.id) {
            let at = Location {
                catalog: id,
                rule: Some(rule.id),
            };
            return Err(CatalogError::DuplicateRule { at });
        }
        rules.push(rule);
    }
    Ok(Catalog {
        id,
        version,
        title_zh,
        title_en,
        effective,
        rules,
    })
}

/// Parses the `index`th entry of catalogue `catalog`'s `rules`.
fn rule(entry: &Value, catalog: &str, index: usize) -> Result<Rule, CatalogError> {
    let position = format!("#{}", index + 1);
    let rule_label = match entry.get("id") {
        Some(Value::String(id)) => id.clone(),
        _ => position,
    };
    let at = Location {
        catalog: catalog.to_owned(),
        rule: Some(rule_label),
    };
    let Value::Table(table) = entry else {
        return Err(invalid(&at, "rules", "must hold tables"));
    };
    unknown_keys(table, &RULE_KEYS, &at)?;

    let id = text_of(table, "id", &at)?;
    let named_under_catalog = id
        .strip_prefix(catalog)
        .and_then(|rest| rest.strip_prefix('.'))
        .is_some_and(is_slug);
    if !named_under_catalog {
        return Err(invalid(
            &at,
            "id",
            &format!("must be \"{catalog}.<name>\" with a lower-case [a-z0-9_-] name"),
        ));
    }
    Ok(Rule {
        basis: text_of(table, "basis", &at)?,
        description_zh: text_of(table, "description_zh", &at)?,
        description_en: text_of(table, "description_en", &at)?,
        sectors: sectors(table, &at)?,
        when: condition(table, &at)?,
        outcome: outcome(table, &at)?,
        id,
    })
}

fn sectors(table: &Table, at: &Location) -> Result<Sectors, CatalogError> {
    let ids = texts_of(table, "sectors", at)?;
    if ids.iter().any(|s| s == "*") {
        return match ids.len() {
            1 => Ok(Sectors::All),
            _ => Err(invalid(
                at,
                "sectors",
                "must be [\"*\"] alone or a list of sector ids",
            )),
        };
    }
    if !ids.iter().all(|s| is_slug(s)) {
        return Err(invalid(
            at,
            "sectors",
            "must be lower-case [a-z0-9_-] sector ids",
        ));
    }
    Ok(Sectors::Only(ids))
}

fn condition(rule: &Table, at: &Location) -> Result<Condition, CatalogError> {
    let table = match rule.get("when") {
        Some(Value::Table(table)) => table,
        Some(_) => return Err(invalid(at, "when", "must be a table")),
        None => {
            return Err(invalid(
                at,
                "when",
                "is missing (use when = {} for a whole sector)",
            ));
        }
    };
    unknown_keys(table, &Condition::KEYS, at)?;
    let kinds_any = match table.get("kinds_any") {
        None => None,
        Some(_) => {
            let mut kinds = KindSet::EMPTY;
            for name in texts_of(table, "kinds_any", at)? {
                let kind = name
                    .parse::<Kind>()
                    .map_err(|_| CatalogError::UnknownKind {
                        at: at.clone(),
                        kind: name,
                    })?;
                kinds.insert(kind);
            }
            Some(kinds)
        }
    };
    Ok(Condition {
        individuals_over: count_of(table, "individuals_over", at)?,
        individuals_at_least: count_of(table, "individuals_at_least", at)?,
        sensitive_individuals_over: count_of(table, "sensitive_individuals_over", at)?,
        sensitive_individuals_at_least: count_of(table, "sensitive_individuals_at_least", at)?,
        any_minors: flag_of(table, "any_minors", at)?,
        pi_present: flag_of(table, "pi_present", at)?,
        sensitive_present: flag_of(table, "sensitive_present", at)?,
        kinds_any,
    })
}

fn outcome(rule: &Table, at: &Location) -> Result<Outcome, CatalogError> {
    match (rule.get("level"), rule.get("general_grade")) {
        (Some(_), Some(_)) => Err(invalid(
            at,
            "level",
            "cannot be combined with general_grade",
        )),
        (None, None) => Err(invalid(at, "level", "or general_grade is required")),
        (Some(Value::String(name)), None) => match name.parse::<Level>() {
            Ok(level) if level > Level::General => Ok(Outcome::Level(level)),
            _ => Err(CatalogError::UnknownLevel {
                at: at.clone(),
                level: name.clone(),
            }),
        },
        (Some(_), None) => Err(invalid(at, "level", "must be a string")),
        (None, Some(Value::Integer(grade))) => u8::try_from(*grade)
            .ok()
            .filter(|g| (1..=4).contains(g))
            .map(Outcome::GeneralGrade)
            .ok_or_else(|| invalid(at, "general_grade", "must be an integer from 1 to 4")),
        (None, Some(_)) => Err(invalid(
            at,
            "general_grade",
            "must be an integer from 1 to 4",
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A valid one-rule catalogue with `rule` appended to its rule table.
    fn with_rule(rule: &str) -> String {
        format!(
            "id = \"local\"\nversion = \"0.1.0\"\ntitle_zh = \"本地\"\ntitle_en = \"Local\"\n\
             effective = 2025-01-01\n\n[[rules]]\nid = \"local.r\"\nbasis = \"b\"\n\
             description_zh = \"z\"\ndescription_en = \"e\"\nsectors = [\"port\"]\n{rule}\n"
        )
    }

    fn problem(text: &str) -> String {
        catalog(text, "test").unwrap_err().to_string()
    }

    #[test]
    fn a_minimal_catalogue_loads() {
        let c = catalog(&with_rule("when = {}\nlevel = \"core\""), "test").unwrap();
        assert_eq!(c.rules[0].outcome, Outcome::Level(Level::Core));
        assert_eq!(c.rules[0].when, Condition::default());
    }

    #[test]
    fn malformed_rules_are_named() {
        let cases = [
            (
                "when = {}",
                "catalogue local, rule local.r: level or general_grade is required",
            ),
            (
                "when = {}\nlevel = \"core\"\ngeneral_grade = 2",
                "rule local.r: level cannot be combined with general_grade",
            ),
            (
                "when = {}\ngeneral_grade = 5",
                "rule local.r: general_grade must be an integer from 1 to 4",
            ),
            (
                "when = {}\nlevel = \"general\"",
                "rule local.r: unknown level \"general\"",
            ),
            (
                "when = { individuals_over = -1 }\nlevel = \"core\"",
                "rule local.r: individuals_over must not be negative",
            ),
            (
                "when = { any_minors = \"yes\" }\nlevel = \"core\"",
                "rule local.r: any_minors must be true or false",
            ),
            (
                "when = { kinds_any = [] }\nlevel = \"core\"",
                "kinds_any must be a non-empty list",
            ),
            ("level = \"core\"", "rule local.r: when is missing"),
        ];
        for (rule, expected) in cases {
            let got = problem(&with_rule(rule));
            assert!(got.contains(expected), "{rule:?}: {got}");
        }
    }

    #[test]
    fn malformed_headers_and_ids_are_named() {
        let valid = with_rule("when = {}\nlevel = \"core\"");
        let cases = [
            (
                "id = \"local\"",
                "id = \"Local\"",
                "catalogue Local: id must be lower-case",
            ),
            (
                "id = \"local\"",
                "id = \"grading\"",
                "catalogue grading: id must be",
            ),
            (
                "id = \"local.r\"",
                "id = \"other.r\"",
                "rule other.r: id must be \"local.<name>\"",
            ),
            (
                "sectors = [\"port\"]",
                "sectors = [\"*\", \"port\"]",
                "sectors must be [\"*\"] alone",
            ),
            (
                "sectors = [\"port\"]",
                "sectors = [\"Port\"]",
                "sectors must be lower-case",
            ),
            (
                "effective = 2025-01-01",
                "effective = 2025-01-01T00:00:00Z",
                "effective must be a local date",
            ),
            (
                "effective = 2025-01-01",
                "effective = \"2025-01-01\"",
                "effective must be a local date",
            ),
            (
                "title_en = \"Local\"",
                "title_en = \" \"",
                "title_en must not be blank",
            ),
            (
                "version = \"0.1.0\"",
                "version = \"1.02.0\"",
                "version \"1.02.0\" is not MAJOR.MINOR.PATCH",
            ),
            (
                "version = \"0.1.0\"",
                "version = \"1.0\"",
                "version \"1.0\" is not MAJOR.MINOR.PATCH",
            ),
            (
                "basis = \"b\"",
                "basis = 3",
                "rule local.r: basis must be a string",
            ),
        ];
        for (from, to, expected) in cases {
            let text = valid.replacen(from, to, 1);
            assert_ne!(text, valid, "{from:?} not found");
            let got = problem(&text);
            assert!(got.contains(expected), "{to:?}: {got}");
        }
    }

    #[test]
    fn syntax_errors_name_the_origin_and_line() {
        let got = problem("id = \"x\"\nversion = \n");
        assert!(
            got.starts_with("catalogue test: not valid TOML: line 2:"),
            "{got}"
        );
    }
}
