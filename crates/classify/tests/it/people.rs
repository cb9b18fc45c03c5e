//! Counting people through the public API: one table of row sets with their expected counts
//! (duplicates, normalisation, the fallback rule, minors around the 14th birthday, sensitivity),
//! then merging, the wire names of the counts, and a million generated resident IDs counted
//! exactly in bounded memory.

use chrono::{Days, NaiveDate};
use classify::{Kind, PeopleCounter, PeopleCounts};
use serde::Deserialize;
use serde::de::value::{Error, MapDeserializer};

use crate::support::{rid, today};

/// The columns most cases use: every identifier kind, a birth date, a name and a latitude.
const COLUMNS: [Option<Kind>; 9] = [
    Some(Kind::CnResidentId),
    Some(Kind::PassportCn),
    Some(Kind::HkMacaoPermit),
    Some(Kind::CnMobile),
    Some(Kind::Email),
    Some(Kind::BankCard),
    Some(Kind::BirthDate),
    Some(Kind::PersonName),
    Some(Kind::Latitude),
];
const RID: usize = 0;
const PASSPORT: usize = 1;
const PERMIT: usize = 2;
const MOBILE: usize = 3;
const EMAIL: usize = 4;
const CARD: usize = 5;
const BORN: usize = 6;
const NAME: usize = 7;
const LATITUDE: usize = 8;

/// A row of [`COLUMNS`] with the given cells filled and the rest empty.
fn row(cells: &[(usize, &str)]) -> Vec<String> {
    let mut row = vec![String::new(); COLUMNS.len()];
    for &(i, cell) in cells {
        row[i] = cell.to_owned();
    }
    row
}

fn count(columns: &[Option<Kind>], rows: &[Vec<String>]) -> PeopleCounter {
    let mut counter = PeopleCounter::new(columns, today());
    for r in rows {
        let cells: Vec<&str> = r.iter().map(String::as_str).collect();
        counter.observe_row(&cells);
    }
    counter
}

fn counts(individuals: u64, sensitive_individuals: u64, minors_under_14: u64) -> PeopleCounts {
    PeopleCounts {
        individuals,
        sensitive_individuals,
        minors_under_14,
    }
}

const ADULT_ID: &str = "11010519491231002X";
/// 360426199101010071 in its pre-1999 15-digit form.
const ADULT_ID_15: &str = "360426910101007";
const ADULT_ID_18: &str = "360426199101010071";
/// Right shape, wrong check character.
const BAD_ID: &str = "110105194912310021";
const MOBILE_A: &str = "13800138000";
const CARD_A: &str = "4111111111111111";

#[test]
fn counts_by_case() {
    // `today` is 2025-06-30: born 2011-06-30 turns 14 today and is no longer a minor; born
    // 2011-07-01 is 13 until tomorrow.
    let fourteen_today = rid("110105", "20110630", 1);
    let fourteen_tomorrow = rid("110105", "20110701", 1);
    let cases: Vec<(&str, Vec<Vec<String>>, PeopleCounts)> = vec![
        (
            "one ID in three rows is one person",
            vec![row(&[(RID, ADULT_ID)]); 3],
            counts(1, 1, 0),
        ),
        (
            "15- and 18-digit forms of one ID are one person",
            vec![row(&[(RID, ADULT_ID_15)]), row(&[(RID, ADULT_ID_18)])],
            counts(1, 1, 0),
        ),
        (
            "an empty or invalid ID falls back to the mobile, formatting aside",
            vec![
                row(&[(RID, ""), (MOBILE, MOBILE_A)]),
                row(&[(RID, BAD_ID), (MOBILE, "+86 138-0013-8000")]),
            ],
            counts(1, 0, 0),
        ),
        (
            "seen with an ID and once with only a phone: counted twice, by design",
            vec![
                row(&[(RID, ADULT_ID), (MOBILE, MOBILE_A)]),
                row(&[(MOBILE, MOBILE_A)]),
            ],
            counts(2, 1, 0),
        ),
        (
            "a passport or permit is a sensitive key; an e-mail address is not",
            vec![
                row(&[(PASSPORT, "E12345678")]),
                row(&[(PASSPORT, "e12345678")]),
                row(&[(PERMIT, "H12345678")]),
                row(&[(EMAIL, "Zhang.San@Example.COM")]),
                row(&[(EMAIL, "Zhang.San@example.com")]),
            ],
            counts(3, 2, 0),
        ),
        (
            "rows without a valid identifier count no one",
            vec![
                row(&[(NAME, "王明"), (BORN, "2015-01-01"), (LATITUDE, "39.9087")]),
                row(&[(RID, BAD_ID), (MOBILE, "12000000000")]),
                row(&[]),
            ],
            counts(0, 0, 0),
        ),
        (
            "a valid bank card makes the person sensitive, as the key or beside one",
            vec![
                row(&[(MOBILE, MOBILE_A), (CARD, CARD_A)]),
                row(&[(CARD, "6217000000000000004")]),
                row(&[(EMAIL, "li@example.cn"), (CARD, "4111111111111112")]),
            ],
            counts(3, 2, 0),
        ),
        (
            "a precise location makes the person sensitive",
            vec![row(&[(MOBILE, MOBILE_A), (LATITUDE, "39.9087")])],
            counts(1, 1, 0),
        ),
        (
            "under 14 by a birth-date column: a minor, so sensitive without a sensitive column",
            vec![row(&[(MOBILE, MOBILE_A), (BORN, "2011-07-01")])],
            counts(1, 1, 1),
        ),
        (
            "14 today by a birth-date column: not a minor",
            vec![row(&[(MOBILE, MOBILE_A), (BORN, "2011-06-30")])],
            counts(1, 0, 0),
        ),
        (
            "under 14 and 14 today by resident ID",
            vec![
                row(&[(RID, &fourteen_tomorrow)]),
                row(&[(RID, &fourteen_today)]),
            ],
            counts(2, 2, 1),
        ),
        (
            "a minor in one row is a minor",
            vec![
                row(&[(MOBILE, MOBILE_A)]),
                row(&[(MOBILE, MOBILE_A), (BORN, "2015-03-01")]),
                row(&[(MOBILE, MOBILE_A), (BORN, "")]),
            ],
            counts(1, 1, 1),
        ),
    ];
    for (name, rows, expected) in cases {
        assert_eq!(count(&COLUMNS, &rows).finish(), expected, "{name}");
    }
}

#[test]
fn one_number_in_two_columns_of_a_kind_is_one_person_and_short_rows_are_padded() {
    let columns = [Some(Kind::CnMobile), None, Some(Kind::CnMobile)];
    let mut counter = PeopleCounter::new(&columns, today());
    counter.observe_row(&[MOBILE_A, "x", ""]);
    counter.observe_row(&["", "x", MOBILE_A]);
    // The first mobile column wins when both are valid, so the second number is not a person.
    counter.observe_row(&[MOBILE_A, "x", "13900139000"]);
    counter.observe_row(&["13700137000"]);
    counter.observe_row(&[]);
    assert_eq!(counter.finish(), counts(2, 0, 0));
}

#[test]
fn a_second_id_column_flags_the_rows_person_but_is_not_a_second_person() {
    // An applicant's ID beside a child's: one person per row, and the child's birth date makes
    // that person a minor, so the row's minor is not lost from the minor count.
    let columns = [Some(Kind::CnResidentId), Some(Kind::CnResidentId)];
    let mut counter = PeopleCounter::new(&columns, today());
    counter.observe_row(&[ADULT_ID, &rid("110105", "20150101", 7)]);
    assert_eq!(counter.finish(), counts(1, 1, 1));
}

#[test]
fn a_counter_without_identifier_columns_counts_no_one() {
    let columns = [Some(Kind::PersonName), Some(Kind::BirthDate), None];
    let mut counter = PeopleCounter::new(&columns, today());
    counter.observe_row(&["王明", "2015-01-01", ADULT_ID]);
    assert_eq!(counter.finish(), PeopleCounts::default());
}

#[test]
fn merging_two_halves_equals_one_pass() {
    // People recur across the halves, and some are only flagged in the second half.
    let rows: Vec<Vec<String>> = (0..2_000u32)
        .map(|i| {
            let mobile = format!("138{:08}", i % 700);
            let born = if i % 7 == 0 {
                "2016-02-29"
            } else {
                "1980-01-01"
            };
            let card = if i % 11 == 0 { CARD_A } else { "" };
            let id = if i % 5 == 0 {
                rid("440524", "19800101", i % 300)
            } else {
                String::new()
            };
            row(&[(RID, &id), (MOBILE, &mobile), (BORN, born), (CARD, card)])
        })
        .collect();
    let whole = count(&COLUMNS, &rows).finish();
    let (first, second) = rows.split_at(rows.len() / 2);
    let mut merged = count(&COLUMNS, first);
    merged.merge(count(&COLUMNS, second));
    assert_eq!(merged.finish(), whole);
    // And the other way round, so that merging into the larger or the smaller side agrees.
    let mut merged = count(&COLUMNS, &rows[..100]);
    merged.merge(count(&COLUMNS, &rows[100..]));
    assert_eq!(merged.finish(), whole);
    // Every fifth row is keyed by one of 60 IDs; since 700 is a multiple of 5, the mobiles of
    // those rows (every fifth of the 700) never key a row, leaving 560 mobile-keyed people.
    assert_eq!(whole.individuals, 60 + 560, "{whole:?}");
    assert!(whole.minors_under_14 > 0, "{whole:?}");
}

#[test]
fn counts_use_the_documented_wire_names() {
    let fields = [
        ("individuals", 3u64),
        ("sensitive_individuals", 2),
        ("minors_under_14", 1),
    ];
    let de = MapDeserializer::<_, Error>::new(fields.into_iter());
    assert_eq!(PeopleCounts::deserialize(de).unwrap(), counts(3, 2, 1));
}

#[test]
fn a_million_distinct_resident_ids_are_counted_exactly_in_bounded_memory() {
    // 1,000 birth dates times 1,000 sequence numbers, each with its correct check character;
    // every tenth ID appears a second time in its 15-digit form (all births are in the 1900s, the
    // only century that form can express).
    let first = NaiveDate::from_ymd_opt(1960, 1, 1).unwrap();
    let mut counter = PeopleCounter::new(&[Some(Kind::CnResidentId)], today());
    for day in 0..1_000u64 {
        let born = first.checked_add_days(Days::new(day * 10)).unwrap();
        let born = born.format("%Y%m%d").to_string();
        for seq in 0..1_000u32 {
            let id = rid("110105", &born, seq);
            counter.observe_row(&[&id]);
            if seq % 10 == 0 {
                let legacy = format!("{}{}", &id[..6], &id[8..17]);
                counter.observe_row(&[&legacy]);
            }
        }
    }
    let n = 1_000_000u64;
    assert_eq!(counter.finish(), counts(n, n, 0));
    let bytes = counter.bytes_used() as u64;
    assert!(
        (8 * n..=16 * n).contains(&bytes),
        "{bytes} bytes for {n} people"
    );
}
