//! Scanning whole files: column kinds, exact counts of people, sensitive individuals and minors,
//! and grading — on generated files in every supported format, and on bad ones.

use std::io::Write;
use std::path::{Path, PathBuf};

use app::{ScanOptions, ScanReport, scan_file};
use chrono::NaiveDate;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 27).unwrap()
}

fn options() -> ScanOptions {
    ScanOptions {
        sector: None,
        declared: None,
        sample: None,
        today: today(),
        threads: 2,
    }
}

/// A resident ID with a correct GB 11643 check character.
fn resident_id(area: &str, birth: &str, seq: u32) -> String {
    let body = format!("{area}{birth}{seq:03}");
    let sum: u32 = body
        .bytes()
        .enumerate()
        .map(|(i, b)| u32::from(b - b'0') * (1u32 << (17 - i)) % 11)
        .sum();
    format!("{body}{}", b"10X98765432"[(sum % 11) as usize] as char)
}

/// People: `n` distinct adults (IDs, mobiles, names), each on two rows, plus `minors` children.
fn people_csv(n: u32, minors: u32) -> String {
    let mut csv = String::from("订单号,姓名,手机号,身份证号,金额\n");
    for i in 0..n {
        let id = resident_id(
            &format!("2102{:02}", 2 + i / 1000 % 10),
            &format!("19{:02}0{}1{}", 50 + i % 40, 1 + i % 9, i % 10),
            i % 1000,
        );
        for _ in 0..2 {
            csv.push_str(&format!("DD2026{:012},王伟,138{:08},{id},12.50\n", i, i));
        }
    }
    for j in 0..minors {
        let id = resident_id("210204", &format!("2015030{}", 1 + j % 9), j);
        csv.push_str(&format!("DD2027{:012},李娜,139{:08},{id},8.00\n", j, j));
    }
    csv
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

fn scan(path: &Path, opts: &ScanOptions) -> ScanReport {
    scan_file(path, opts).unwrap()
}

fn kind_of<'a>(r: &'a ScanReport, column: &str) -> &'a str {
    &r.columns.iter().find(|c| c.name == column).unwrap().kind
}

#[test]
fn counts_people_minors_and_sensitive_individuals() {
    let dir = tempfile::tempdir().unwrap();
    let csv = people_csv(1000, 7);
    let utf8 = write(dir.path(), "people.csv", csv.as_bytes());
    let gbk = write(
        dir.path(),
        "people-gbk.csv",
        &encoding_rs::GBK.encode(&csv).0,
    );
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(csv.as_bytes()).unwrap();
    let gzip = write(dir.path(), "people.csv.gz", &gz.finish().unwrap());
    for (path, encoding) in [(utf8, "utf-8"), (gbk, "gb18030"), (gzip, "utf-8")] {
        let r = scan(&path, &options());
        assert_eq!(r.encoding.as_deref(), Some(encoding));
        assert_eq!(r.rows, 2007);
        assert_eq!(kind_of(&r, "身份证号"), "cn_resident_id");
        assert_eq!(kind_of(&r, "手机号"), "cn_mobile");
        assert_eq!(kind_of(&r, "姓名"), "person_name");
        // 18-digit-ish order numbers are not resident IDs.
        assert_eq!(kind_of(&r, "订单号"), "none");
        assert_eq!(kind_of(&r, "金额"), "none");
        assert_eq!(
            (r.individuals, r.minors_under_14),
            (1007, 7),
            "{}",
            path.display()
        );
        assert_eq!(
            r.sensitive_individuals, 1007,
            "identity numbers are sensitive"
        );
        let id_col = r.columns.iter().find(|c| c.name == "身份证号").unwrap();
        assert!(id_col.pi && id_col.sensitive && id_col.matches == 2007);
        // Identity numbers of children under 14: the top general grade.
        assert_eq!((r.level.as_str(), r.general_grade), ("general", Some(4)));
        assert!(
            r.reasons
                .iter()
                .any(|x| x.rule == "national.g4-minors-sensitive"),
            "{:?}",
            r.reasons
        );
        assert!(
            r.reasons.iter().any(|x| x.rule == "national.g3-sensitive"),
            "{:?}",
            r.reasons
        );
        assert!(
            r.reasons
                .iter()
                .all(|x| !x.basis.is_empty() && !x.detail_zh.is_empty())
        );
    }
}

#[test]
fn automotive_rule_boundary_and_declarations() {
    let dir = tempfile::tempdir().unwrap();
    let make = |n: u32| {
        let mut csv = String::from("vin_owner_id\n");
        for i in 0..n {
            csv.push_str(&resident_id(
                &format!("11{:04}", 100 + i / 100_000),
                &format!(
                    "19{:02}{:02}{:02}",
                    50 + i / 1000 % 50,
                    1 + i / 28 % 12,
                    1 + i % 28
                ),
                i % 1000,
            ));
            csv.push('\n');
        }
        csv
    };
    // Distinct IDs: vary area, date and sequence. Check the generator really yields n people.
    let exactly = write(dir.path(), "100000.csv", make(100_000).as_bytes());
    let over = write(dir.path(), "100001.csv", make(100_001).as_bytes());
    let auto = ScanOptions {
        sector: Some("automotive".into()),
        ..options()
    };
    let r = scan(&exactly, &auto);
    assert_eq!(r.individuals, 100_000);
    assert_eq!(r.level, "general", "100,000 is not more than 100,000");
    let r = scan(&over, &auto);
    assert_eq!(r.individuals, 100_001);
    assert_eq!(r.level, "important");
    assert!(
        r.reasons
            .iter()
            .any(|x| x.rule == "automotive.pi-over-100k")
    );
    assert_eq!(r.general_grade, None);
    // The catalogue versions graded against are recorded, for audit.
    assert_eq!(r.catalogs, ["national@1.0.0", "automotive@1.0.0"]);
    // Other sectors: personal information alone is general data.
    assert_eq!(scan(&over, &options()).level, "general");
    // A declaration raises the level and is cited.
    let declared = ScanOptions {
        declared: Some(classify::Level::Important),
        ..options()
    };
    let r = scan(&exactly, &declared);
    assert_eq!(r.level, "important");
    assert!(r.reasons.iter().any(|x| x.rule == "grading.declared"));
}

#[test]
fn no_personal_information_header_only_nested_and_sampling() {
    let dir = tempfile::tempdir().unwrap();
    let plain = write(
        dir.path(),
        "plain.csv",
        b"city,tonnes\nDalian,10\nTokyo,20\n",
    );
    let r = scan(&plain, &options());
    assert_eq!(
        (r.individuals, r.level.as_str(), r.general_grade),
        (0, "general", Some(1))
    );
    assert!(r.columns.iter().all(|c| !c.pi));

    let header_only = write(dir.path(), "empty-table.csv", b"name,phone\n");
    let r = scan(&header_only, &options());
    assert_eq!((r.rows, r.individuals), (0, 0));

    let jsonl = write(
        dir.path(),
        "nested.jsonl",
        "{\"phone\":\"13800138000\",\"meta\":{\"a\":1}}\n{\"phone\":\"13900139000\",\"meta\":{\"a\":2}}\n".as_bytes(),
    );
    let r = scan(&jsonl, &options());
    assert_eq!((r.format.as_str(), r.individuals), ("jsonl", 2));
    assert_eq!(kind_of(&r, "phone"), "cn_mobile");
    assert_eq!(kind_of(&r, "meta"), "none", "nested objects are not cells");

    let big = write(dir.path(), "people.csv", people_csv(500, 0).as_bytes());
    let r = scan(&big, &options());
    assert_eq!(
        (r.individuals, r.minors_under_14, r.general_grade),
        (500, 0, Some(3))
    );
    let r = scan(
        &big,
        &ScanOptions {
            sample: Some(10),
            ..options()
        },
    );
    assert_eq!((r.rows, r.individuals), (10, 5));
}

#[test]
fn bad_files_are_errors_with_a_place_never_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let garbage = write(
        dir.path(),
        "garbage.bin",
        &[0u8, 159, 146, 150, 0, 7, 0, 0, 1],
    );
    assert_eq!(
        scan_file(&garbage, &options()).unwrap_err().code(),
        "data.unrecognized_format"
    );
    let ragged = write(dir.path(), "ragged.csv", b"a,b\n1,2\n3,4,5\n");
    let err = scan_file(&ragged, &options()).unwrap_err();
    assert_eq!(err.code(), "data.malformed");
    assert!(err.to_string().contains('3'), "{err}");
    let bad_bytes = write(dir.path(), "bad.csv", b"a,b\n\xff\xff,\xfe\xfe\n");
    assert_eq!(
        scan_file(&bad_bytes, &options()).unwrap_err().code(),
        "data.bad_encoding"
    );
    // A 10 MB cell is read and judged like any other.
    let mut huge = String::from("note,phone\n");
    huge.push_str(&"字".repeat(10 * 1024 * 1024 / 3));
    huge.push_str(",13800138000\n");
    let huge = write(dir.path(), "huge.csv", huge.as_bytes());
    let r = scan(&huge, &options());
    assert_eq!((kind_of(&r, "note"), r.individuals), ("none", 1));
    let missing = dir.path().join("missing.csv");
    assert!(scan_file(&missing, &options()).is_err());
}

#[test]
fn counts_stay_exact_when_later_rows_change_a_columns_kind() {
    let dir = tempfile::tempdir().unwrap();
    // The first 10,000 values of `code` are not identifiers; the 50,000 after them are resident
    // IDs. Decided after the first rows, the column would be `none`; decided on every value it is
    // `cn_resident_id`, and the people in it must all be counted.
    let mut csv = String::from("code\n");
    for i in 0..10_000 {
        csv.push_str(&format!("X-{i}\n"));
    }
    for i in 0..50_000u32 {
        csv.push_str(&resident_id(
            &format!("1101{:02}", 1 + i / 10_000),
            &format!(
                "19{:02}{:02}{:02}",
                50 + i / 1000 % 40,
                1 + i / 28 % 12,
                1 + i % 28
            ),
            i % 1000,
        ));
        csv.push('\n');
    }
    let late = write(dir.path(), "late.csv", csv.as_bytes());
    let r = scan(&late, &options());
    assert_eq!(kind_of(&r, "code"), "cn_resident_id");
    assert_eq!(r.individuals, 50_000);

    // The other way round: identifiers first, then mostly junk. The column is not called in the
    // end, so nobody is counted from it.
    let mut csv = String::from("code\n");
    for i in 0..10_000u32 {
        csv.push_str(&format!("138{i:08}\n"));
    }
    for i in 0..90_000 {
        csv.push_str(&format!("X-{i}\n"));
    }
    let early = write(dir.path(), "early.csv", csv.as_bytes());
    let r = scan(&early, &options());
    assert_eq!((kind_of(&r, "code"), r.individuals), ("none", 0));
}

#[test]
fn wide_rows_are_not_held_and_empty_parquet_keeps_its_columns() {
    let dir = tempfile::tempdir().unwrap();
    // 80 rows of 1 MB each: more than the scan holds for replay, so people are counted in a
    // second pass, and still exactly.
    let note = "字".repeat(1024 * 1024 / 3);
    let mut csv = String::from("备注,手机号\n");
    for i in 0..80u32 {
        csv.push_str(&format!("{note},139{i:08}\n"));
    }
    let wide = write(dir.path(), "wide.csv", csv.as_bytes());
    let r = scan(&wide, &options());
    assert_eq!((kind_of(&r, "手机号"), r.individuals), ("cn_mobile", 80));

    // A Parquet file with a schema and no rows.
    use std::sync::Arc;
    let schema = Arc::new(arrow_schema::Schema::new(vec![
        arrow_schema::Field::new("手机号", arrow_schema::DataType::Utf8, true),
        arrow_schema::Field::new("金额", arrow_schema::DataType::Int64, true),
    ]));
    let path = dir.path().join("empty.parquet");
    let file = std::fs::File::create(&path).unwrap();
    let writer = parquet::arrow::ArrowWriter::try_new(file, schema, None).unwrap();
    writer.close().unwrap();
    let r = scan(&path, &options());
    assert_eq!(r.rows, 0);
    let names: Vec<&str> = r.columns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["手机号", "金额"]);
}
