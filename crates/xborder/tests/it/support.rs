//! Shared helpers: the fixture lists, a day, and a valid request to vary.

use chrono::NaiveDate;
use xborder::Rules;

/// The day the case table is evaluated on. No approval in the table is dated later, so the
/// table's answers hold for any later day too (the CLI and the API use the real clock).
pub const TODAY: (i32, u32, u32) = (2026, 11, 27);

pub fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

pub fn today() -> NaiveDate {
    day(TODAY.0, TODAY.1, TODAY.2)
}

/// The text of a fixture list under `tests/lists/`.
pub fn list_text(name: &str) -> String {
    let path = format!("{}/tests/lists/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The baseline plus the named fixture lists, in order.
pub fn rules_with(lists: &[&str]) -> Rules {
    let mut rules = Rules::baseline();
    for name in lists {
        rules.add_list(name, &list_text(name)).unwrap();
    }
    rules
}

/// A valid request: a non-CIIO outside any zone sending 10 individuals' non-sensitive personal
/// information to Japan, as JSON to edit.
pub fn request_json() -> serde_json::Value {
    serde_json::json!({
        "date": "2026-11-27",
        "exporter": {"ciio": false, "ftz": null},
        "data": {"level": "general", "individuals": 10, "sensitive_individuals": 0,
                 "collected_abroad": false, "domestic_pi_mixed": false,
                 "domain": "automotive", "scenario": "after_sales",
                 "categories": ["vehicle_basic_info"]},
        "transfer": {"destination": "JP", "purpose": "other", "recipient_restricted": false},
        "exported_this_year": {"individuals": 0, "sensitive_individuals": 0},
        "approvals": []
    })
}
