//! Kind metadata: wire names, and the personal / sensitive table with its bases.

use classify::{Evidence, Kind, is_personal, is_sensitive};

#[test]
fn wire_names_are_the_documented_ones() {
    let names: Vec<&str> = Kind::ALL.iter().map(|k| k.as_str()).collect();
    assert_eq!(
        names,
        [
            "cn_resident_id",
            "cn_mobile",
            "email",
            "bank_card",
            "uscc",
            "passport_cn",
            "hk_macao_permit",
            "vehicle_plate",
            "vin",
            "ipv4",
            "ipv6",
            "latitude",
            "longitude",
            "person_name",
            "address",
            "birth_date",
        ]
    );
}

#[test]
fn personal_and_sensitive_table() {
    for kind in Kind::ALL {
        let expected_sensitive = matches!(
            kind,
            // Identity-document numbers (GB/T 35273 Annex B; PIPL Art. 28 特定身份).
            Kind::CnResidentId | Kind::PassportCn | Kind::HkMacaoPermit
            // Financial accounts (PIPL Art. 28 金融账户).
            | Kind::BankCard
            // Precise location (PIPL Art. 28 行踪轨迹).
            | Kind::Latitude | Kind::Longitude
        );
        assert_eq!(is_sensitive(kind), expected_sensitive, "{kind}");
        // Only the USCC identifies an organisation rather than a person.
        assert_eq!(is_personal(kind), kind != Kind::Uscc, "{kind}");
    }
}

#[test]
fn contextual_kinds_are_the_weak_value_evidence_ones() {
    let contextual: Vec<Kind> = Kind::ALL
        .into_iter()
        .filter(|k| k.evidence() == Evidence::Contextual)
        .collect();
    assert_eq!(
        contextual,
        [
            Kind::Latitude,
            Kind::Longitude,
            Kind::PersonName,
            Kind::BirthDate
        ]
    );
}
