//! Column verdicts: thresholds, header interplay, dirty and mixed columns, and columns that look
//! like personal information but are not (order numbers, random card-shaped numbers).

use classify::{Basis, ColumnClassifier, Confidence, Kind, KindSet, validate};

use crate::support::{Digits, classify, luhn_check, rid, rid_check, today};

/// `n` valid resident IDs with varied birth dates.
fn resident_ids(n: usize) -> Vec<String> {
    (0..n)
        .map(|i| {
            let birth = format!("{}{:02}{:02}", 1950 + i % 50, 1 + i % 12, 1 + i % 28);
            rid("110105", &birth, (i % 1000) as u32)
        })
        .collect()
}

/// `n` valid mobile numbers.
fn mobiles(n: usize, digits: &mut Digits) -> Vec<String> {
    let prefixes = ["138", "139", "186", "150", "199", "177"];
    (0..n)
        .map(|i| format!("{}{}", prefixes[i % prefixes.len()], digits.digits(8)))
        .collect()
}

/// `n` valid UnionPay card numbers.
fn cards(n: usize, digits: &mut Digits) -> Vec<String> {
    (0..n)
        .map(|_| {
            let payload = format!("621700{}", digits.digits(12));
            format!("{payload}{}", luhn_check(&payload))
        })
        .collect()
}

const NAMES: [&str; 10] = [
    "王伟",
    "李娜",
    "张敏",
    "刘洋",
    "陈静",
    "杨磊",
    "黄丽",
    "赵强",
    "欧阳明",
    "诸葛亮",
];

#[test]
fn clean_resident_ids_are_called_with_high_confidence() {
    let v = classify(None, resident_ids(200));
    assert_eq!(v.kind, Some(Kind::CnResidentId));
    assert_eq!(v.confidence, Confidence::High);
    assert_eq!(v.basis, Basis::Share);
    assert_eq!((v.matches, v.non_null, v.checksum_failures), (200, 200, 0));
    assert!(v.mixed.is_empty(), "{:?}", v.mixed);
}

#[test]
fn nulls_do_not_dilute_the_share() {
    let mut cells = resident_ids(50);
    cells.extend(
        ["", "  ", "NULL", "-", "N/A", "无"]
            .iter()
            .cycle()
            .take(100)
            .map(|s| s.to_string()),
    );
    let v = classify(None, cells);
    assert_eq!(v.kind, Some(Kind::CnResidentId));
    assert_eq!(v.non_null, 50);
}

#[test]
fn legacy_ids_and_residence_permits_belong_to_resident_id_columns() {
    let mut cells = resident_ids(10);
    cells.extend(
        [
            "110105491231002",
            "440301880101123",
            "810000199001010019",
            "820000198506150022",
            "830000200002290031",
        ]
        .map(String::from),
    );
    let v = classify(Some("证件号码"), cells);
    assert_eq!(v.kind, Some(Kind::CnResidentId));
    assert_eq!(v.matches, 15);
}

#[test]
fn eighteen_digit_order_numbers_are_not_resident_ids() {
    let mut d = Digits::new(7);
    let orders: Vec<String> = (0..500).map(|_| format!("2024{}", d.digits(14))).collect();
    let v = classify(Some("订单号"), &orders);
    assert_eq!(v.kind, None);
    assert_ne!(v.candidate, Some(Kind::CnResidentId));
    assert!(v.confidence <= Confidence::Low);

    // Even under an ID header, numbers from other ranges stay uncalled.
    let orders: Vec<String> = (0..500).map(|_| format!("1{}", d.digits(17))).collect();
    let v = classify(Some("身份证号"), &orders);
    assert_eq!(v.kind, None);
}

#[test]
fn id_shaped_numbers_with_wrong_check_characters_are_reported_not_called() {
    // Real province, real birth date, wrong check character: exactly the near miss that a
    // checksum exists to catch. The header asks for IDs, but it cannot override the check.
    let cells: Vec<String> = resident_ids(100)
        .into_iter()
        .map(|id| {
            let body = &id[..17];
            let wrong = if rid_check(body) == '0' { '1' } else { '0' };
            format!("{body}{wrong}")
        })
        .collect();
    let v = classify(Some("身份证号"), &cells);
    assert_eq!(v.kind, None);
    assert_eq!(v.candidate, Some(Kind::CnResidentId));
    assert_eq!(v.basis, Basis::ChecksumFailures);
    assert_eq!(v.checksum_failures, 100);
    assert_eq!(v.confidence, Confidence::Low);
}

#[test]
fn dirty_resident_id_columns_are_called_and_report_their_failures() {
    let mut cells = resident_ids(85);
    // Ten typos in the check character, five placeholders.
    cells.extend(resident_ids(10).into_iter().map(|id| {
        let body = &id[..17];
        let wrong = if rid_check(body) == '0' { '1' } else { '0' };
        format!("{body}{wrong}")
    }));
    cells.extend(
        [
            "000000000000000000",
            "unknown",
            "待补充",
            "11010519900101",
            "x",
        ]
        .map(String::from),
    );
    let v = classify(Some("身份证号"), &cells);
    assert_eq!(v.kind, Some(Kind::CnResidentId));
    assert_eq!(v.confidence, Confidence::High);
    assert_eq!((v.matches, v.checksum_failures, v.non_null), (85, 10, 100));
}

#[test]
fn mobiles_with_five_percent_junk_are_mobiles() {
    let mut d = Digits::new(11);
    let mut cells = mobiles(95, &mut d);
    cells.extend(["unknown", "待补充", "12012345678", "0571-8888888", "123"].map(String::from));
    let v = classify(None, &cells);
    assert_eq!(v.kind, Some(Kind::CnMobile));
    assert_eq!((v.matches, v.non_null), (95, 100));
    // Format-only evidence without a header is medium; an agreeing header makes it high.
    assert_eq!(v.confidence, Confidence::Medium);
    let v = classify(Some("手机号"), &cells);
    assert_eq!(v.confidence, Confidence::High);
}

#[test]
fn eleven_digit_numbers_with_unallocated_prefixes_are_not_mobiles() {
    let mut d = Digits::new(13);
    let cells: Vec<String> = (0..100)
        .map(|i| format!("{}{}", ["100", "120", "140", "154"][i % 4], d.digits(8)))
        .collect();
    let v = classify(Some("电话"), &cells);
    assert_eq!(v.kind, None);
    assert_eq!(v.basis, Basis::NoEvidence);
}

#[test]
fn random_card_shaped_numbers_fail_even_under_a_card_header() {
    let mut d = Digits::new(17);
    let cells: Vec<String> = (0..1000).map(|_| format!("6{}", d.digits(15))).collect();
    let v = classify(Some("卡号"), &cells);
    assert_eq!(v.kind, None);
    assert_eq!(v.candidate, Some(Kind::BankCard));
    assert_eq!(v.basis, Basis::ChecksumFailures);
    assert_eq!(v.confidence, Confidence::Low);
    // About one in ten passes Luhn by chance; the rest are reported as failures.
    assert!((50..=150).contains(&v.matches), "{}", v.matches);
    assert_eq!(v.matches + v.checksum_failures, 1000);
}

#[test]
fn a_strong_header_lowers_the_share_but_failures_still_do_not_count() {
    let mut d = Digits::new(19);
    let mut cells = cards(60, &mut d);
    // Forty numbers with a wrong final digit.
    cells.extend(cards(40, &mut d).into_iter().map(|c| {
        let (body, last) = c.split_at(c.len() - 1);
        let wrong = if last == "0" { '1' } else { '0' };
        format!("{body}{wrong}")
    }));
    let v = classify(Some("银行卡号"), &cells);
    assert_eq!(v.kind, Some(Kind::BankCard));
    assert_eq!(v.basis, Basis::HeaderShare);
    assert_eq!(v.confidence, Confidence::Medium);
    assert_eq!((v.matches, v.checksum_failures), (60, 40));
    // Without the header, 60% is not enough.
    let v = classify(None, &cells);
    assert_eq!(v.kind, None);
    assert_eq!(v.candidate, Some(Kind::BankCard));
    assert_eq!(v.confidence, Confidence::Low);
    // A weak header (卡号 may be a loyalty card) does not lower the share either.
    assert_eq!(classify(Some("卡号"), &cells).kind, None);
}

#[test]
fn names_need_a_header() {
    let names: Vec<&str> = NAMES.iter().copied().cycle().take(100).collect();
    let v = classify(None, &names);
    assert_eq!(v.kind, None);
    assert_eq!(v.candidate, Some(Kind::PersonName));
    assert_eq!(v.basis, Basis::NeedsHeader);
    assert_eq!(v.confidence, Confidence::Low);

    let v = classify(Some("姓名"), &names);
    assert_eq!(v.kind, Some(Kind::PersonName));
    assert_eq!(v.confidence, Confidence::High);

    let v = classify(Some("name"), &names);
    assert_eq!(v.kind, Some(Kind::PersonName));
    assert_eq!(v.confidence, Confidence::High);
}

#[test]
fn dirty_name_columns_depend_on_header_strength() {
    // 60% Chinese names, the rest foreign or minority names the value check does not know.
    let mut cells: Vec<&str> = NAMES.iter().copied().cycle().take(60).collect();
    cells.extend(
        ["John Smith", "买买提·艾力", "Tanaka", "Kim Minjun"]
            .iter()
            .cycle()
            .take(40),
    );
    let v = classify(Some("客户姓名"), &cells);
    assert_eq!(v.kind, Some(Kind::PersonName));
    assert_eq!(v.basis, Basis::HeaderShare);
    assert_eq!(v.confidence, Confidence::Medium);
    // `name` also heads product columns, so it does not lower the share.
    let v = classify(Some("name"), &cells);
    assert_eq!(v.kind, None);
    assert_eq!(v.basis, Basis::BelowShare);
}

#[test]
fn product_names_that_start_with_surnames_are_not_names_without_a_header() {
    let products = [
        "王老吉",
        "张小泉",
        "李锦记",
        "高速公路",
        "马铃薯",
        "黄金",
        "金龙鱼",
        "白酒",
    ];
    let v = classify(Some("商品"), products);
    assert_eq!(v.kind, None);
}

#[test]
fn mixed_contact_columns_are_called_by_their_main_kind() {
    let mut d = Digits::new(23);
    let mut cells = mobiles(60, &mut d);
    cells.extend((0..35).map(|i| format!("user{i}@example.com")));
    cells.extend(["—", "unknown", "x", "y", "z"].map(String::from));
    let v = classify(Some("联系方式"), &cells);
    assert_eq!(v.kind, Some(Kind::CnMobile));
    assert_eq!(v.basis, Basis::Mixed);
    assert_eq!(v.confidence, Confidence::Medium);
    assert_eq!(v.mixed, KindSet::of(Kind::Email));
    assert_eq!(v.non_null, 99);
}

#[test]
fn half_junk_columns_are_not_called() {
    let mut d = Digits::new(29);
    let mut cells = mobiles(50, &mut d);
    cells.extend((0..50).map(|i| format!("备注{i}")));
    let v = classify(None, &cells);
    assert_eq!(v.kind, None);
    assert_eq!(v.candidate, Some(Kind::CnMobile));
    assert_eq!(v.basis, Basis::BelowShare);
    assert_eq!(v.confidence, Confidence::Low);
}

#[test]
fn coordinates_need_a_header_which_also_picks_latitude_or_longitude() {
    let lats = ["39.9087", "31.2304", "22.5431", "30.5728", "39.910103"];
    let lngs = ["116.3975", "121.4737", "114.0579", "104.0665", "116.403744"];
    let v = classify(None, lats);
    assert_eq!(
        (v.kind, v.candidate, v.basis),
        (None, Some(Kind::Latitude), Basis::NeedsHeader)
    );
    assert_eq!(classify(Some("纬度"), lats).kind, Some(Kind::Latitude));
    assert_eq!(classify(Some("lng"), lngs).kind, Some(Kind::Longitude));
    // Values within ±90 fit both; the header breaks the tie.
    let western = ["2.3522", "-0.1276", "13.4050", "-3.7038"];
    assert_eq!(
        classify(Some("longitude"), western).kind,
        Some(Kind::Longitude)
    );
    // Exchange rates and scores have the same shape: not location without a header.
    assert_eq!(
        classify(Some("rate"), ["7.1234", "7.2001", "6.9876"]).kind,
        None
    );
}

#[test]
fn an_ip_header_covers_both_families() {
    let v = classify(Some("ip"), ["2001:db8::1", "fe80::1", "::1"]);
    assert_eq!(v.kind, Some(Kind::Ipv6));
    assert_eq!(v.confidence, Confidence::High);
    let v = classify(None, ["10.0.0.1", "192.168.1.20", "8.8.8.8"]);
    assert_eq!(
        (v.kind, v.confidence),
        (Some(Kind::Ipv4), Confidence::Medium)
    );
}

#[test]
fn dates_are_birth_dates_only_under_a_birth_header() {
    let dates = ["1990-01-05", "1985/12/31", "19770704", "2001年3月9日"];
    let v = classify(Some("created_at"), dates);
    assert_eq!((v.kind, v.basis), (None, Basis::NeedsHeader));
    let v = classify(Some("出生日期"), dates);
    assert_eq!(
        (v.kind, v.confidence),
        (Some(Kind::BirthDate), Confidence::High)
    );
}

#[test]
fn a_contradicting_header_lowers_confidence_but_values_decide() {
    let v = classify(Some("手机号"), resident_ids(20));
    assert_eq!(v.kind, Some(Kind::CnResidentId));
    assert_eq!(v.confidence, Confidence::Medium);
}

#[test]
fn the_other_format_kinds_are_called_from_values() {
    let cases: [(&[&str], Kind); 7] = [
        (
            &[
                "91110000600037341L",
                "91350100M000100Y43",
                "N11100006000373417",
            ],
            Kind::Uscc,
        ),
        (&["G12345678", "EF1260892", "E87654321"], Kind::PassportCn),
        (&["H1234567801", "M87654321"], Kind::HkMacaoPermit),
        (
            &["京A12345", "粤B·D12345", "沪A 12345D"],
            Kind::VehiclePlate,
        ),
        (
            &[
                "LATPAB071W1005301",
                "1M8GDM9AXKP042788",
                "UU6JA69691D713820",
            ],
            Kind::Vin,
        ),
        (&["a@b.cn", "zhang.san@example.com"], Kind::Email),
        (
            &["北京市朝阳区建国路88号", "上海市浦东新区世纪大道100号"],
            Kind::Address,
        ),
    ];
    for (cells, kind) in cases {
        let v = classify(None, cells);
        assert_eq!(v.kind, Some(kind), "{cells:?}");
    }
}

#[test]
fn empty_and_meaningless_columns() {
    let v = classify(Some("身份证"), ["", "NULL", " "]);
    assert_eq!((v.kind, v.basis, v.non_null), (None, Basis::Empty, 0));
    let v = classify(None, ["hello", "world", "42"]);
    assert_eq!(
        (v.kind, v.candidate, v.basis, v.confidence),
        (None, None, Basis::NoEvidence, Confidence::Absent)
    );
}

#[test]
fn observe_reports_matched_kinds_and_validate_gives_distinct_values() {
    let mut column = ColumnClassifier::new(Some("手机号"), today());
    let cells = ["13800138000", "+86 138-0013-8000", "13900139000", "junk"];
    let seen: Vec<KindSet> = cells.iter().map(|c| column.observe(c)).collect();
    assert_eq!(seen[0], KindSet::of(Kind::CnMobile));
    assert!(seen[3].is_empty());
    let v = column.finish();
    let kind = v.kind.unwrap();
    let distinct: std::collections::HashSet<String> = cells
        .iter()
        .filter_map(|c| validate(kind, c, today()).into_match())
        .map(|m| m.normalised.into_owned())
        .collect();
    assert_eq!(distinct.len(), 2);
}
