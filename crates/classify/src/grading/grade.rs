//! Grading proper: evaluate every catalogue rule against the dataset's facts, take the most
//! severe outcome (GB/T 43697-2024 §6.5: the highest result wins), and let a declaration raise,
//! never lower, the result.
//!
//! Important and core data come only from catalogue entries and declarations (NDSMR Art. 29: the
//! authorities notify or publish important data); the code adds no content test of its own, so
//! personal information alone, however much of it, is general data unless a sector catalogue
//! says otherwise.

use super::catalog::{Catalogs, Outcome, Rule};
use super::{GradeInput, Reason, Verdict};
use crate::Level;

/// The reason given when no important- or core-data rule matched.
const DEFAULT_RULE: &str = "grading.default";
const DEFAULT_BASIS: &str =
    "GB/T 43697-2024 §6.5；数据安全法 第二十一条；网络数据安全管理条例 第六十二条第（四）项";

/// The reason given for a declared level.
const DECLARED_RULE: &str = "grading.declared";
const DECLARED_BASIS: &str = "网络数据安全管理条例 第二十九条（有关部门告知或者公开发布重要数据）";

/// Grades one dataset against the catalogues.
pub fn grade(catalogs: &Catalogs, input: &GradeInput) -> Verdict {
    let facts = input.facts();
    let mut ranked: Vec<((Level, u8), Reason)> = catalogs
        .rules()
        .filter(|rule| rule.sectors.includes(facts.sector.as_deref()) && rule.when.holds(&facts))
        .map(|rule| (rule.outcome.rank(), rule_reason(rule)))
        .collect();

    let computed = ranked
        .iter()
        .map(|((level, _), _)| *level)
        .max()
        .unwrap_or(Level::General);
    // The built-in national ladder has a rule for data with and without personal information, so
    // some grade always matches; were one ever missing, doubt would grade high (就高从严).
    let general_grade = ranked
        .iter()
        .filter(|((level, _), _)| *level == Level::General)
        .map(|((_, grade), _)| *grade)
        .max()
        .unwrap_or(4);

    if computed == Level::General {
        ranked.push(((Level::General, 0), default_reason()));
    }
    let level = match input.declared {
        Some(declared) => {
            ranked.push(((declared, 0), declared_reason(declared, computed)));
            computed.max(declared)
        }
        None => computed,
    };

    // The sort is stable, so equally severe reasons keep catalogue order.
    ranked.sort_by(|(a, _), (b, _)| b.cmp(a));
    Verdict {
        level,
        general_grade: (level == Level::General).then_some(general_grade),
        reasons: ranked.into_iter().map(|(_, reason)| reason).collect(),
    }
}

fn rule_reason(rule: &Rule) -> Reason {
    let (outcome_zh, outcome_en) = match rule.outcome {
        Outcome::Level(level) => (level.as_zh().to_owned(), format!("{level} data")),
        Outcome::GeneralGrade(grade) => (
            format!("一般数据第{grade}级"),
            format!("general data, grade {grade}"),
        ),
    };
    Reason {
        rule: rule.id.clone(),
        basis: rule.basis.clone(),
        detail_zh: format!("{} → {outcome_zh}", rule.description_zh),
        detail_en: format!("{} → {outcome_en}", rule.description_en),
    }
}

fn default_reason() -> Reason {
    Reason {
        rule: DEFAULT_RULE.to_owned(),
        basis: DEFAULT_BASIS.to_owned(),
        detail_zh:
            "未匹配任何重要数据或核心数据目录条目；危害仅限于个人或组织合法权益的数据为一般数据"
                .to_owned(),
        detail_en:
            "No important- or core-data catalogue entry matched; data whose harm is limited \
                    to the rights of individuals or organisations is general data"
                .to_owned(),
    }
}

fn declared_reason(declared: Level, computed: Level) -> Reason {
    let (zh, en) = (declared.as_zh(), declared.as_str());
    let (computed_zh, computed_en) = (computed.as_zh(), computed.as_str());
    let (detail_zh, detail_en) = match declared.cmp(&computed) {
        std::cmp::Ordering::Greater => (
            format!(
                "经有关部门告知或者公开发布，申报为{zh}，高于规则判定的{computed_zh}，以申报为准"
            ),
            format!(
                "Declared {en} data after notification or publication by an authority; this \
                 raises the computed {computed_en} level"
            ),
        ),
        std::cmp::Ordering::Equal => (
            format!("申报为{zh}，与规则判定一致"),
            format!("Declared {en} data, consistent with the computed level"),
        ),
        std::cmp::Ordering::Less => (
            format!("申报为{zh}，但申报不降低规则判定的{computed_zh}（就高从严）"),
            format!(
                "Declared {en} data, but a declaration never lowers the computed {computed_en} \
                 level (grade high when in doubt)"
            ),
        ),
    };
    Reason {
        rule: DECLARED_RULE.to_owned(),
        basis: DECLARED_BASIS.to_owned(),
        detail_zh,
        detail_en,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Kind, KindSet};

    fn rules_of(verdict: &Verdict) -> Vec<&str> {
        verdict.reasons.iter().map(|r| r.rule.as_str()).collect()
    }

    #[test]
    fn reasons_run_from_most_to_least_severe() {
        let input = GradeInput {
            sector: Some("automotive".to_owned()),
            kinds: KindSet::of(Kind::Latitude).with(Kind::PersonName),
            individuals: 200_000,
            sensitive_individuals: 200_000,
            declared: Some(Level::General),
            ..GradeInput::default()
        };
        let verdict = grade(&Catalogs::builtin(), &input);
        assert_eq!(
            (verdict.level, verdict.general_grade),
            (Level::Important, None)
        );
        assert_eq!(
            rules_of(&verdict),
            [
                "automotive.pi-over-100k",
                "national.g4-sensitive-10k",
                "national.g3-sensitive",
                "automotive.location-tracks",
                "national.g2-pi",
                "grading.declared",
            ]
        );
    }

    #[test]
    fn the_default_reason_comes_only_without_an_important_rule() {
        let catalogs = Catalogs::builtin();
        let mut input = GradeInput {
            sector: Some("automotive".to_owned()),
            kinds: KindSet::of(Kind::Email),
            individuals: 100_001,
            ..GradeInput::default()
        };
        assert!(!rules_of(&grade(&catalogs, &input)).contains(&DEFAULT_RULE));
        input.individuals = 100_000;
        let verdict = grade(&catalogs, &input);
        assert_eq!(rules_of(&verdict), ["national.g2-pi", DEFAULT_RULE]);
        assert_eq!(verdict.reasons[1].basis, DEFAULT_BASIS);
    }
}
