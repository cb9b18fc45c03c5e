//! The Architecture Invariants of ARCHITECTURE.md, checked over `cargo metadata`: which
//! workspace crate may depend on which, and which crates may use SQL, HTTP or async runtimes.

use std::collections::{BTreeMap, BTreeSet};
use std::process::Command;

/// Each workspace crate and the workspace crates it may depend on (normal dependencies).
const LAYERS: &[(&str, &[&str])] = &[
    ("types", &[]),
    ("tabular", &["types"]),
    ("classify", &["types"]),
    ("tlog", &[]),
    ("xborder", &["types"]),
    ("rights", &["types"]),
    ("vc", &[]),
    ("store", &["types"]),
    (
        "app",
        &[
            "types", "store", "tabular", "classify", "tlog", "xborder", "rights", "vc",
        ],
    ),
    (
        "server",
        &[
            "types", "app", "classify", "tlog", "xborder", "rights", "vc",
        ],
    ),
    (
        "cli",
        &[
            "types", "app", "server", "classify", "tlog", "xborder", "rights", "vc",
        ],
    ),
];

/// External crates that only one layer may use.
const OWNED: &[(&str, &str)] = &[
    ("sqlx", "store"),
    ("object_store", "store"),
    ("axum", "server"),
    ("utoipa", "server"),
    ("maud", "server"),
    ("clap", "cli"),
    ("tracing-subscriber", "cli"),
];

/// Crates whose code is pure or synchronous: no runtime, no network, no SQL, no query engine.
const PURE: &[&str] = &["types", "tabular", "classify"];
const NOT_IN_PURE: &[&str] = &[
    "tokio",
    "sqlx",
    "axum",
    "hyper",
    "datafusion",
    "object_store",
];

fn workspace_dependencies() -> BTreeMap<String, BTreeSet<String>> {
    let out = Command::new(env!("CARGO"))
        .args(["metadata", "--format-version", "1", "--no-deps"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let meta: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    meta["packages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            let deps = p["dependencies"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|d| d["kind"].is_null()) // normal dependencies only
                .map(|d| d["name"].as_str().unwrap().to_owned())
                .collect();
            (p["name"].as_str().unwrap().to_owned(), deps)
        })
        .collect()
}

#[test]
fn dependency_direction() {
    let deps = workspace_dependencies();
    let internal: BTreeSet<&str> = LAYERS.iter().map(|(c, _)| *c).collect();
    for name in deps.keys() {
        assert!(
            internal.contains(name.as_str()),
            "crate {name} is missing from LAYERS"
        );
    }
    for (krate, allowed) in LAYERS {
        let actual = deps
            .get(*krate)
            .unwrap_or_else(|| panic!("no crate {krate}"));
        for dep in actual.iter().filter(|d| internal.contains(d.as_str())) {
            assert!(
                allowed.contains(&dep.as_str()),
                "{krate} must not depend on {dep}"
            );
        }
    }
    for (external, owner) in OWNED {
        for (krate, actual) in &deps {
            if actual.contains(*external) {
                assert_eq!(
                    krate, owner,
                    "only {owner} may depend on {external}, not {krate}"
                );
            }
        }
    }
    for krate in PURE {
        for dep in NOT_IN_PURE {
            assert!(
                !deps[*krate].contains(*dep),
                "{krate} must stay pure: it depends on {dep}"
            );
        }
    }
}
