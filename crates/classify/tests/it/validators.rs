//! Every validator against valid values and near misses, one table per kind, all through
//! [`check`]. Valid values include the worked examples of regulations.md Table 2 and
//! `identifiers.py`; near misses change one thing (a check digit, a date, a prefix, a letter).

use classify::{Kind, Validity, Variant, validate};

use crate::support::{Expect, Expect::*, check, today};

fn table(kind: Kind, cases: &[(&str, Expect)]) {
    for &(cell, expect) in cases {
        check(kind, cell, expect);
    }
}

#[test]
fn resident_id() {
    table(
        Kind::CnResidentId,
        &[
            // Worked examples (Table 2).
            ("11010519491231002X", Valid("11010519491231002X")),
            ("11010519491231002x", Valid("11010519491231002X")),
            ("360426199101010071", Valid("360426199101010071")),
            ("  360426199101010071 ", Valid("360426199101010071")),
            // 44052418800101001 → 4 (Table 2): born 1880, still a valid identifier.
            ("440524188001010014", Valid("440524188001010014")),
            // Born before 1800: not a real resident ID.
            ("440524179901010015", Not),
            // Wrong check character: the exact near miss from identifiers.py.
            ("110105194912310021", Checksum),
            ("110105194912310038", Valid("110105194912310038")),
            ("110105194912310039", Checksum),
            // 30 February (identifiers.py) and other unreal or future dates.
            ("110105194902300027", Not),
            ("110105194913010010", Not),
            ("110105203001010010", Not),
            // Province prefixes outside GB/T 2260 (99, 71 Taiwan, 20 as in order numbers).
            ("990105194912310021", Not),
            ("710105194912310021", Not),
            ("202406150000123457", Not),
            // Residence permits use 810000/820000/830000 and the same check.
            ("810000199001010019", Valid("810000199001010019")),
            ("820000198506150022", Valid("820000198506150022")),
            ("830000200002290031", Valid("830000200002290031")),
            ("810101199001010019", Not),
            // Legacy 15-digit numbers are upgraded as identifiers.py does.
            ("110105491231002", Valid("11010519491231002X")),
            ("440301880101123", Valid("440301198801011238")),
            ("110105490230002", Not),
            ("990105491231002", Not),
            ("810000900101001", Not),
            // Shape.
            ("11010519491231002", Not),
            ("1101051949123100XX", Not),
            ("11010519491231002Y", Not),
        ],
    );
}

#[test]
fn resident_id_match_details() {
    let m = validate(Kind::CnResidentId, "11010519491231002X", today())
        .into_match()
        .unwrap();
    assert_eq!(m.birth_date.unwrap().to_string(), "1949-12-31");
    assert_eq!(m.variant, Variant::Standard);
    let m = validate(Kind::CnResidentId, "810000199001010019", today())
        .into_match()
        .unwrap();
    assert_eq!(m.variant, Variant::ResidencePermit);
    let m = validate(Kind::CnResidentId, "110105491231002", today())
        .into_match()
        .unwrap();
    assert_eq!(m.variant, Variant::LegacyFifteenDigit);
    assert_eq!(m.birth_date.unwrap().to_string(), "1949-12-31");
    // A child's ID carries the birth date that makes the record sensitive.
    let m = validate(Kind::CnResidentId, "110105201307010013", today())
        .into_match()
        .unwrap();
    assert!(classify::is_under_14(m.birth_date.unwrap(), today()));
}

#[test]
fn resident_id_catches_every_single_substitution() {
    let good = "11010519491231002X";
    for i in 0..good.len() {
        for c in "0123456789X".chars() {
            let mut bad: Vec<char> = good.chars().collect();
            if bad[i] == c {
                continue;
            }
            bad[i] = c;
            let bad: String = bad.into_iter().collect();
            assert!(
                !validate(Kind::CnResidentId, &bad, today()).is_valid(),
                "{bad}"
            );
        }
    }
}

#[test]
fn mobile() {
    table(
        Kind::CnMobile,
        &[
            ("13800138000", Valid("13800138000")),
            ("+86 138-0013-8000", Valid("13800138000")),
            ("+8613800138000", Valid("13800138000")),
            ("+86-13800138000", Valid("13800138000")),
            ("8613800138000", Valid("13800138000")),
            ("0086 13800138000", Valid("13800138000")),
            ("138 0013 8000", Valid("13800138000")),
            ("19212345678", Valid("19212345678")),
            ("16212345678", Valid("16212345678")),
            ("13401234567", Valid("13401234567")),
            ("17412345678", Valid("17412345678")),
            // Unallocated prefixes: 120, 100, 140 (IoT numbers have 13 digits), 154, 160, 179.
            ("12012345678", Not),
            ("10012345678", Not),
            ("14012345678", Not),
            ("15412345678", Not),
            ("16012345678", Not),
            ("17912345678", Not),
            ("13490123456", Not),
            // Shape.
            ("1380013800", Not),
            ("138001380001", Not),
            ("+13800138000", Not),
            ("+0086 13800138000", Not),
            ("138--0013-8000", Not),
            ("138.0013.8000", Not),
            ("010-12345678", Not),
        ],
    );
}

#[test]
fn email() {
    table(
        Kind::Email,
        &[
            ("12345@qq.com", Valid("12345@qq.com")),
            ("Zhang.San@Example.COM", Valid("Zhang.San@example.com")),
            (
                "a+tag@mail.sub.example.cn",
                Valid("a+tag@mail.sub.example.cn"),
            ),
            ("user@example.xn--fiqs8s", Valid("user@example.xn--fiqs8s")),
            ("user@xn--fiqs8s", Not),
            ("a@b", Not),
            ("a@b.c", Not),
            ("a@@b.cn", Not),
            ("a..b@c.cn", Not),
            (".a@b.cn", Not),
            ("a.@b.cn", Not),
            ("user@localhost", Not),
            ("user@-x.cn", Not),
            ("user@x-.cn", Not),
            ("user@x..cn", Not),
            ("user name@x.cn", Not),
            ("张三@example.com", Not),
            ("@example.com", Not),
            ("user@example.com.", Not),
        ],
    );
    let long_local = format!("{}@x.cn", "a".repeat(65));
    check(Kind::Email, &long_local, Not);
}

#[test]
fn bank_card() {
    table(
        Kind::BankCard,
        &[
            // Worked examples (Table 2).
            ("6217000000000000004", Valid("6217000000000000004")),
            ("6228480000000000000", Valid("6228480000000000000")),
            ("4111111111111111", Valid("4111111111111111")),
            ("6217 0000 0000 0000 004", Valid("6217000000000000004")),
            ("4111-1111-1111-1111", Valid("4111111111111111")),
            ("6214830000000000007", Valid("6214830000000000007")),
            ("2221000000000009", Valid("2221000000000009")),
            // Luhn failures are reported, not silently dropped.
            ("6217000000000000005", Checksum),
            ("4111111111111112", Checksum),
            ("6217 0000 0000 0000 005", Checksum),
            // Not payment cards: issuer digits 0/1/7/8, timestamp order numbers, filler, length.
            ("1234567812345670", Not),
            ("2024061500001236", Not),
            ("7000000000000006", Not),
            ("0000000000000000", Not),
            ("4111 1111 1111 111", Not),
            ("41111111111111111111", Not),
            ("4111 1111  1111 1111", Not),
        ],
    );
}

#[test]
fn uscc() {
    table(
        Kind::Uscc,
        &[
            // Worked examples (Table 2).
            ("91110000600037341L", Valid("91110000600037341L")),
            ("91350100M000100Y43", Valid("91350100M000100Y43")),
            ("91110000600037341l", Valid("91110000600037341L")),
            // Letter authority codes are legal (identifiers.py's constructed N-prefixed code).
            ("N11100006000373417", Valid("N11100006000373417")),
            ("Y1110000600037341Y", Valid("Y1110000600037341Y")),
            ("92440300MA5F000017", Valid("92440300MA5F000017")),
            ("91110000600037341M", Checksum),
            ("91350100M000100Y44", Checksum),
            // Forbidden letters, region digits, unknown authority or type codes, length.
            ("91110000I00037341L", Not),
            ("9111000060003734SL", Not),
            ("9111AB00600037341L", Not),
            ("B1110000600037341L", Not),
            ("95110000600037341L", Not),
            ("91110000600037341", Not),
        ],
    );
    let m = validate(Kind::Uscc, "92440300MA5F000017", today())
        .into_match()
        .unwrap();
    assert_eq!(m.variant, Variant::IndividualBusiness);
}

#[test]
fn uscc_catches_every_single_substitution() {
    const ALPHABET: &str = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    for good in ["91110000600037341L", "91350100M000100Y43"] {
        for i in 0..good.len() {
            for c in ALPHABET.chars() {
                let mut bad: Vec<char> = good.chars().collect();
                if bad[i] == c {
                    continue;
                }
                bad[i] = c;
                let bad: String = bad.into_iter().collect();
                assert!(!validate(Kind::Uscc, &bad, today()).is_valid(), "{bad}");
            }
        }
    }
}

#[test]
fn passport() {
    table(
        Kind::PassportCn,
        &[
            ("G12345678", Valid("G12345678")),
            ("E12345678", Valid("E12345678")),
            ("EF1260892", Valid("EF1260892")),
            ("ef1260892", Valid("EF1260892")),
            ("P1234567", Valid("P1234567")),
            ("PE1234567", Valid("PE1234567")),
            ("SE1234567", Valid("SE1234567")),
            ("D1234567", Valid("D1234567")),
            ("K12345678", Valid("K12345678")),
            ("MA1234567", Valid("MA1234567")),
            ("EI1260892", Not),
            ("EO1260892", Not),
            ("G1234567", Not),
            ("G123456789", Not),
            ("X12345678", Not),
            ("P12345678", Not),
            ("MB1234567", Not),
        ],
    );
    let official = validate(Kind::PassportCn, "PE1234567", today())
        .into_match()
        .unwrap();
    assert_eq!(official.variant, Variant::OfficialPassport);
    let sar = validate(Kind::PassportCn, "K12345678", today())
        .into_match()
        .unwrap();
    assert_eq!(sar.variant, Variant::SarPassport);
}

#[test]
fn hk_macao_permit() {
    table(
        Kind::HkMacaoPermit,
        &[
            ("H12345678", Valid("H12345678")),
            ("M12345678", Valid("M12345678")),
            // The renewal count is dropped so renewals count as one person.
            ("H1234567801", Valid("H12345678")),
            ("h1234567802", Valid("H12345678")),
            ("H123456789", Not),
            ("H1234567", Not),
            ("A12345678", Not),
            ("HA2345678", Not),
        ],
    );
}

#[test]
fn vehicle_plate() {
    table(
        Kind::VehiclePlate,
        &[
            ("京A12345", Valid("京A12345")),
            ("京a12345", Valid("京A12345")),
            ("粤B·12345", Valid("粤B12345")),
            ("沪C 8K5Z9", Valid("沪C8K5Z9")),
            ("琼A12345", Valid("琼A12345")),
            ("京AD1234", Valid("京AD1234")),
            // New-energy: small (D/F, letter or digit, 4 digits) and large (5 digits, D/F).
            ("粤B·D12345", Valid("粤BD12345")),
            ("京AFA1234", Valid("京AFA1234")),
            ("沪A 12345D", Valid("沪A12345D")),
            // No I or O, in the authority letter or the serial.
            ("京I12345", Not),
            ("京O12345", Not),
            ("京A1234O", Not),
            ("京AI2345", Not),
            // Not a province abbreviation (special and HK/Macao plates are unconfirmed).
            ("港A12345", Not),
            ("中A12345", Not),
            // Serial length and new-energy structure.
            ("京A1234", Not),
            ("京AX12345", Not),
            ("京AD12A45", Not),
            ("京A123456", Not),
            ("京1A2345", Not),
            ("京A··12345", Not),
        ],
    );
    let nev = validate(Kind::VehiclePlate, "粤B·D12345", today())
        .into_match()
        .unwrap();
    assert_eq!(nev.variant, Variant::NewEnergyVehicle);
}

#[test]
fn vin() {
    table(
        Kind::Vin,
        &[
            // Worked examples (Table 2), including a check value of 10 written X.
            ("LATPAB071W1005301", Valid("LATPAB071W1005301")),
            ("1M8GDM9AXKP042788", Valid("1M8GDM9AXKP042788")),
            ("UU6JA69691D713820", Valid("UU6JA69691D713820")),
            ("latpab071w1005301", Valid("LATPAB071W1005301")),
            ("LATPAB071W1005302", Checksum),
            ("LATPAB072W1005301", Checksum),
            // I, O and Q never occur.
            ("LATPAB07IW1005301", Not),
            ("LATPAB071W10O5301", Not),
            ("LATPAB071W100530Q", Not),
            // Model year U, Z or 0 at position 10; all digits; length.
            ("LATPAB071U1005301", Not),
            ("12345678901234567", Not),
            ("LATPAB071W100530", Not),
        ],
    );
}

#[test]
fn ip_addresses() {
    table(
        Kind::Ipv4,
        &[
            ("192.168.0.1", Valid("192.168.0.1")),
            ("0.0.0.0", Valid("0.0.0.0")),
            ("255.255.255.255", Valid("255.255.255.255")),
            ("256.1.1.1", Not),
            ("01.2.3.4", Not),
            ("1.2.3", Not),
            ("1.2.3.4.5", Not),
            ("1..2.3", Not),
            ("1.2.3.4 ", Valid("1.2.3.4")),
        ],
    );
    table(
        Kind::Ipv6,
        &[
            ("2001:DB8::1", Valid("2001:db8::1")),
            (
                "2001:0db8:0000:0000:0000:0000:0000:0001",
                Valid("2001:db8::1"),
            ),
            ("::ffff:192.168.1.1", Valid("::ffff:192.168.1.1")),
            ("fe80::1", Valid("fe80::1")),
            ("fe80::1%eth0", Not),
            ("2001:db8:::1", Not),
            ("12:30", Not),
            ("2001:db8::g", Not),
        ],
    );
}

#[test]
fn coordinates() {
    table(
        Kind::Latitude,
        &[
            // WGS-84 and GCJ-02 values for Tiananmen (regulations.md §7.3) are both accepted.
            ("39.9087", Valid("39.9087")),
            ("39.910103", Valid("39.910103")),
            ("-33.8688", Valid("-33.8688")),
            ("+30.8976", Valid("30.8976")),
            ("90.0000", Valid("90.0000")),
            ("0.0000", Valid("0.0000")),
            ("90.0001", Not),
            ("116.3975", Not),
            ("39.908", Not),
            ("039.9087", Not),
            ("39", Not),
            ("39.9087.1", Not),
        ],
    );
    table(
        Kind::Longitude,
        &[
            ("116.3975", Valid("116.3975")),
            ("116.403744", Valid("116.403744")),
            ("-180.0000", Valid("-180.0000")),
            ("39.9087", Valid("39.9087")),
            ("180.0001", Not),
            ("181.0000", Not),
            ("116.397", Not),
        ],
    );
}

#[test]
fn birth_date() {
    table(
        Kind::BirthDate,
        &[
            ("1990-01-05", Valid("1990-01-05")),
            ("1990/1/5", Valid("1990-01-05")),
            ("19900105", Valid("1990-01-05")),
            ("1990年1月5日", Valid("1990-01-05")),
            ("1990年01月05日", Valid("1990-01-05")),
            ("1990-01-05 00:00:00", Valid("1990-01-05")),
            ("1990-01-05T00:00:00", Valid("1990-01-05")),
            ("2000-02-29", Valid("2000-02-29")),
            ("2025-06-30", Valid("2025-06-30")),
            ("1990-01-05 12:30:00", Not),
            ("1990-02-30", Not),
            ("19900230", Not),
            ("1990-13-01", Not),
            ("1799-12-31", Not),
            ("2025-07-01", Not),
            ("1990-01/05", Not),
            ("1990年1月5", Not),
            ("90-01-05", Not),
            ("1990-001-05", Not),
        ],
    );
}

#[test]
fn person_name() {
    table(
        Kind::PersonName,
        &[
            ("王小明", Valid("王小明")),
            ("李娜", Valid("李娜")),
            ("欧阳修", Valid("欧阳修")),
            ("诸葛亮", Valid("诸葛亮")),
            ("司马相如", Valid("司马相如")),
            ("陳大文", Valid("陳大文")),
            ("汤显祖", Valid("汤显祖")),
            ("王　明", Valid("王明")),
            ("欧阳 修", Valid("欧阳修")),
            ("王", Not),
            ("王小明明明", Not),
            ("的确良", Not),
            ("王小 明", Not),
            ("John Smith", Not),
            ("王2明", Not),
            ("买买提·艾力", Not),
        ],
    );
}

#[test]
fn address() {
    table(
        Kind::Address,
        &[
            ("北京市朝阳区建国路88号", Valid("北京市朝阳区建国路88号")),
            (
                "上海市浦东新区世纪大道100号",
                Valid("上海市浦东新区世纪大道100号"),
            ),
            (
                "广东省深圳市南山区科技园路1号",
                Valid("广东省深圳市南山区科技园路1号"),
            ),
            ("广东省东莞市南城街道", Valid("广东省东莞市南城街道")),
            (
                "广西壮族自治区南宁市青秀区民族大道100号",
                Valid("广西壮族自治区南宁市青秀区民族大道100号"),
            ),
            (
                "新疆维吾尔自治区乌鲁木齐市天山区解放南路",
                Valid("新疆维吾尔自治区乌鲁木齐市天山区解放南路"),
            ),
            (
                "内蒙古呼和浩特市回民区中山西路1号",
                Valid("内蒙古呼和浩特市回民区中山西路1号"),
            ),
            ("杭州市西湖区文三路478号", Valid("杭州市西湖区文三路478号")),
            (
                "浙江省嘉兴市海盐县武原镇",
                Valid("浙江省嘉兴市海盐县武原镇"),
            ),
            // Missing a level, or out of order.
            ("深圳市南山区", Not),
            ("朝阳区建国路88号", Not),
            ("建国路88号北京市朝阳区", Not),
            ("北京大学第一医院", Not),
            ("江苏银行南京分行营业部", Not),
            ("北京市场营销渠道", Not),
            ("Room 1, Beijing Road", Not),
        ],
    );
}

#[test]
fn validity_helpers() {
    assert!(validate(Kind::Email, "a@b.cn", today()).is_valid());
    assert!(
        validate(Kind::Email, "ab.cn", today())
            .into_match()
            .is_none()
    );
    assert_eq!(validate(Kind::Vin, "", today()), Validity::NotThisKind);
}

#[test]
fn the_same_person_normalises_to_the_same_value() {
    let forms = |kind: Kind, cells: &[&str]| -> Vec<String> {
        cells
            .iter()
            .map(|c| {
                validate(kind, c, today())
                    .into_match()
                    .unwrap()
                    .normalised
                    .into_owned()
            })
            .collect()
    };
    let ids = forms(
        Kind::CnResidentId,
        &["110105491231002", "11010519491231002x"],
    );
    assert_eq!(ids[0], ids[1]);
    let phones = forms(
        Kind::CnMobile,
        &["+86 138-0013-8000", "13800138000", "0086 138 0013 8000"],
    );
    assert!(phones.iter().all(|p| p == "13800138000"));
}
