//! Dataset grading through the public API: the automotive "more than 100,000" boundary, general
//! data staying general however large, the general-data ladder, declarations, the reasons and
//! citations every verdict carries, catalogue validation, and operator-added catalogues.

use classify::{CatalogError, Catalogs, GradeInput, Kind, KindSet, Level, Location, grade};

/// A dataset of `sector` holding `kinds`, with `individuals` counted and nothing else set.
fn data(sector: Option<&str>, kinds: &[Kind], individuals: u64) -> GradeInput {
    GradeInput {
        sector: sector.map(str::to_owned),
        kinds: kinds.iter().copied().collect::<KindSet>(),
        rows: individuals,
        individuals,
        ..GradeInput::default()
    }
}

/// The level, general grade and reason rule ids a case should produce.
type Expect = (Level, Option<u8>, &'static [&'static str]);

/// Grades `input` and checks the level, the general grade and the exact reasons, in order; every
/// reason must carry a basis and both details.
fn check(catalogs: &Catalogs, name: &str, input: &GradeInput, expect: Expect) {
    let verdict = grade(catalogs, input);
    let rules: Vec<&str> = verdict.reasons.iter().map(|r| r.rule.as_str()).collect();
    assert_eq!(
        (verdict.level, verdict.general_grade, rules.as_slice()),
        expect,
        "{name}"
    );
    for reason in &verdict.reasons {
        let texts = [&reason.basis, &reason.detail_zh, &reason.detail_en];
        assert!(
            texts.iter().all(|t| !t.trim().is_empty()),
            "{name}: {reason:?}"
        );
    }
}

const G1: &str = "national.g1-no-pi";
const G2: &str = "national.g2-pi";
const G3_SENSITIVE: &str = "national.g3-sensitive";
const G3_MINORS: &str = "national.g3-minors";
const G3_1M: &str = "national.g3-pi-1m";
const G4_SENSITIVE: &str = "national.g4-sensitive-10k";
const G4_MINORS: &str = "national.g4-minors-sensitive";
const G4_10M: &str = "national.g4-pi-10m";
const AUTO_100K: &str = "automotive.pi-over-100k";
const AUTO_TRACKS: &str = "automotive.location-tracks";
const DEFAULT: &str = "grading.default";
const DECLARED: &str = "grading.declared";

#[test]
fn builtin_grading_table() {
    use Level::{Core, General, Important};

    let auto = Some("automotive");
    let port = Some("port-logistics");
    let id = Kind::CnResidentId;
    let cases: Vec<(&str, GradeInput, Expect)> = vec![
        // 汽车数据安全管理若干规定 Art. 3(5) says 超过10万人: 100,000 exactly is not more than.
        (
            "automotive, 100,000 individuals",
            data(auto, &[Kind::Email], 100_000),
            (General, Some(2), &[G2, DEFAULT]),
        ),
        (
            "automotive, 100,001 individuals",
            data(auto, &[Kind::Email], 100_001),
            (Important, None, &[AUTO_100K, G2]),
        ),
        (
            "sector ids are case-insensitive",
            data(Some(" Automotive"), &[Kind::Vin], 100_001),
            (Important, None, &[AUTO_100K, G2]),
        ),
        (
            "the automotive threshold does not apply to other sectors",
            data(port, &[Kind::CnMobile], 5_000_000),
            (General, Some(3), &[G3_1M, G2, DEFAULT]),
        ),
        (
            "5M individuals with sensitive PI outside automotive is general grade 4",
            GradeInput {
                sensitive_individuals: 5_000_000,
                ..data(port, &[id, Kind::CnMobile], 5_000_000)
            },
            (
                General,
                Some(4),
                &[G4_SENSITIVE, G3_SENSITIVE, G3_1M, G2, DEFAULT],
            ),
        ),
        (
            "sensitive PI of 9,999 individuals",
            GradeInput {
                sensitive_individuals: 9_999,
                ..data(None, &[Kind::BankCard], 20_000)
            },
            (General, Some(3), &[G3_SENSITIVE, G2, DEFAULT]),
        ),
        (
            "sensitive PI of 10,000 individuals: the tie goes up",
            GradeInput {
                sensitive_individuals: 10_000,
                ..data(None, &[Kind::BankCard], 20_000)
            },
            (General, Some(4), &[G4_SENSITIVE, G3_SENSITIVE, G2, DEFAULT]),
        ),
        (
            "uncounted sensitive individuals are assumed to be everyone",
            data(None, &[Kind::PassportCn], 10_000),
            (General, Some(4), &[G4_SENSITIVE, G3_SENSITIVE, G2, DEFAULT]),
        ),
        (
            "PI of 10M individuals tops the ladder",
            data(None, &[Kind::Email], 10_000_000),
            (General, Some(4), &[G4_10M, G3_1M, G2, DEFAULT]),
        ),
        (
            "declared important overrides a general computation",
            GradeInput {
                declared: Some(Important),
                ..data(None, &[Kind::Email], 10)
            },
            (Important, None, &[DECLARED, G2, DEFAULT]),
        ),
        (
            "declared core",
            GradeInput {
                declared: Some(Core),
                ..data(auto, &[Kind::Email], 200_000)
            },
            (Core, None, &[DECLARED, AUTO_100K, G2]),
        ),
        (
            "declared general does not lower an important computation",
            GradeInput {
                declared: Some(General),
                ..data(auto, &[Kind::Email], 200_000)
            },
            (Important, None, &[AUTO_100K, G2, DECLARED]),
        ),
        (
            "declared general agrees with a general computation",
            GradeInput {
                declared: Some(General),
                ..data(None, &[], 0)
            },
            (General, Some(1), &[G1, DEFAULT, DECLARED]),
        ),
        (
            "minors raise the general grade",
            GradeInput {
                minors_under_14: 3,
                ..data(None, &[Kind::PersonName, Kind::BirthDate], 1_000)
            },
            (General, Some(3), &[G3_SENSITIVE, G3_MINORS, G2, DEFAULT]),
        ),
        (
            "minors alongside identity documents are grade 4",
            GradeInput {
                minors_under_14: 3,
                ..data(None, &[id, Kind::BirthDate], 1_000)
            },
            (
                General,
                Some(4),
                &[G4_MINORS, G3_SENSITIVE, G3_MINORS, G2, DEFAULT],
            ),
        ),
        (
            "no personal information is grade 1",
            data(None, &[Kind::Uscc], 0),
            (General, Some(1), &[G1, DEFAULT]),
        ),
        (
            "nothing found at all is grade 1, even in an overlay sector",
            GradeInput {
                rows: 1_000_000,
                ..data(auto, &[], 0)
            },
            (General, Some(1), &[G1, DEFAULT]),
        ),
        (
            "automotive coordinates are vehicle location tracks",
            data(auto, &[Kind::Latitude, Kind::Longitude], 50),
            (General, Some(3), &[G3_SENSITIVE, AUTO_TRACKS, G2, DEFAULT]),
        ),
        (
            "coordinates elsewhere are sensitive by the national rule only",
            data(port, &[Kind::Latitude], 50),
            (General, Some(3), &[G3_SENSITIVE, G2, DEFAULT]),
        ),
    ];
    let catalogs = Catalogs::builtin();
    for (name, input, expect) in &cases {
        check(&catalogs, name, input, *expect);
    }
}

#[test]
fn reasons_name_rule_ids_and_bases() {
    let catalogs = Catalogs::builtin();
    let input = GradeInput {
        declared: Some(Level::Important),
        ..data(Some("automotive"), &[Kind::Email], 100_001)
    };
    let verdict = grade(&catalogs, &input);
    let auto = &verdict.reasons[0];
    assert_eq!(auto.rule, AUTO_100K);
    assert_eq!(
        auto.basis,
        "汽车数据安全管理若干规定（试行）第三条第（五）项"
    );
    assert!(auto.detail_zh.contains("超过10万人") && auto.detail_zh.ends_with("→ 重要数据"));
    assert!(
        auto.detail_en.ends_with("→ important data"),
        "{}",
        auto.detail_en
    );
    let declared = verdict.reasons.iter().find(|r| r.rule == DECLARED).unwrap();
    assert!(declared.basis.contains("网络数据安全管理条例 第二十九条"));

    // The ladder says in every reason that its source, GB/T 43697 Annex H, is unconfirmed.
    let general = grade(&catalogs, &data(None, &[Kind::Email], 10));
    let ladder = &general.reasons[0];
    assert_eq!(ladder.rule, G2);
    assert!(ladder.basis.contains("附录H") && ladder.basis.contains("UNCONFIRMED"));
    assert!(ladder.detail_en.ends_with("→ general data, grade 2"));
    let default = &general.reasons[1];
    assert!(
        default.basis.starts_with("GB/T 43697-2024 §6.5"),
        "{}",
        default.basis
    );
    assert!(
        default
            .detail_en
            .contains("limited to the rights of individuals or organisations")
    );
}

/// A valid operator catalogue for Dalian port data: vehicle plates of more than 50,000 keepers.
const PORT: &str = r#"
id = "dalian-port"
version = "2025.3.0"
title_zh = "大连港口数据重要数据目录"
title_en = "Dalian port important-data list"
effective = 2025-03-01

[[rules]]
id = "dalian-port.plates-over-50k"
basis = "大连市港口物流重要数据目录 第2项"
description_zh = "超过5万辆车的集卡车牌"
description_en = "Truck plates of more than 50,000 vehicles"
sectors = ["port-logistics"]
when = { kinds_any = ["vehicle_plate"], individuals_over = 50000 }
level = "important"
"#;

#[test]
fn an_operator_catalogue_adds_a_rule() {
    let catalogs = Catalogs::builtin().with_extra(PORT).unwrap();
    let port = catalogs.get("dalian-port").unwrap();
    assert_eq!(
        (port.version(), port.title_en()),
        ("2025.3.0", "Dalian port important-data list")
    );
    let ids: Vec<&str> = catalogs.iter().map(|c| c.id()).collect();
    assert_eq!(ids, ["national", "automotive", "dalian-port"]);

    let plates = data(Some("port-logistics"), &[Kind::VehiclePlate], 50_001);
    check(
        &catalogs,
        "port plates over the local threshold",
        &plates,
        (Level::Important, None, &["dalian-port.plates-over-50k", G2]),
    );
    let fewer = data(Some("port-logistics"), &[Kind::VehiclePlate], 50_000);
    check(
        &catalogs,
        "port plates at the threshold",
        &fewer,
        (Level::General, Some(2), &[G2, DEFAULT]),
    );
    // Without the operator catalogue the same dataset is general data.
    check(
        &Catalogs::builtin(),
        "builtin only",
        &plates,
        (Level::General, Some(2), &[G2, DEFAULT]),
    );
}

fn rejected(text: &str) -> CatalogError {
    Catalogs::builtin().with_extra(text).unwrap_err()
}

fn at(rule: Option<&str>) -> Location {
    Location {
        catalog: "dalian-port".to_owned(),
        rule: rule.map(str::to_owned),
    }
}

#[test]
fn invalid_catalogues_are_rejected_naming_catalogue_and_rule() {
    let rule = Some("dalian-port.plates-over-50k");
    let duplicated = format!("{PORT}\n{}", &PORT[PORT.find("[[rules]]").unwrap()..]);
    let cases: Vec<(String, CatalogError)> = vec![
        (
            PORT.replace("\"vehicle_plate\"", "\"licence_plate\""),
            CatalogError::UnknownKind {
                at: at(rule),
                kind: "licence_plate".to_owned(),
            },
        ),
        (
            PORT.replace("individuals_over", "individual_over"),
            CatalogError::UnknownKey {
                at: at(rule),
                key: "individual_over".to_owned(),
            },
        ),
        (
            PORT.replace(
                "level = \"important\"",
                "level = \"important\"\nnote = \"x\"",
            ),
            CatalogError::UnknownKey {
                at: at(rule),
                key: "note".to_owned(),
            },
        ),
        (
            PORT.replace("effective =", "owner = \"ops\"\neffective ="),
            CatalogError::UnknownKey {
                at: at(None),
                key: "owner".to_owned(),
            },
        ),
        (duplicated, CatalogError::DuplicateRule { at: at(rule) }),
        (
            PORT.replace("level = \"important\"", "level = \"critical\""),
            CatalogError::UnknownLevel {
                at: at(rule),
                level: "critical".to_owned(),
            },
        ),
        (
            PORT.replace("2025.3.0", "2025-03"),
            CatalogError::BadVersion {
                at: at(None),
                version: "2025-03".to_owned(),
            },
        ),
        (
            PORT.replace("dalian-port", "national"),
            CatalogError::DuplicateCatalog {
                catalog: "national".to_owned(),
            },
        ),
    ];
    for (text, expected) in cases {
        assert_eq!(rejected(&text), expected);
    }
    let message = rejected(&PORT.replace("individuals_over", "individual_over")).to_string();
    assert_eq!(
        message,
        "catalogue dalian-port, rule dalian-port.plates-over-50k: unknown key \"individual_over\""
    );
}
