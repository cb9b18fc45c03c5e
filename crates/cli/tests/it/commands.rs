//! The binary as an operator runs it: migrate, create accounts, and serve the demo world.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::Stdio;

use crate::support::dataport;

/// A minimal HTTP/1.1 exchange over a raw socket, enough for smoke tests.
fn http(
    addr: &str,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> (u16, String) {
    let mut s = TcpStream::connect(addr).unwrap();
    let mut req = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    req.push_str("\r\n");
    req.push_str(body);
    s.write_all(req.as_bytes()).unwrap();
    let mut out = String::new();
    s.read_to_string(&mut out).unwrap();
    let status = out[9..12].parse().unwrap();
    let body = out
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_owned())
        .unwrap_or_default();
    (status, body)
}

#[test]
fn migrate_and_create_accounts() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let out = dataport()
        .args(["migrate", "--data-dir"])
        .arg(&data)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(data.join("dataport.db").exists());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&data).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o700, "the data directory is private to its owner");
    }

    let mut child = dataport()
        .args([
            "admin",
            "create-operator",
            "--username",
            "root-admin",
            "--data-dir",
        ])
        .arg(&data)
        .stdin(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"a long enough password\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(err.contains("created operator administrator root-admin"));
    assert!(
        !err.contains("a long enough password"),
        "the password is never printed"
    );

    // The same username again is refused with a clear message and a failing exit code.
    let out = dataport()
        .args([
            "admin",
            "create-operator",
            "--username",
            "root-admin",
            "--data-dir",
        ])
        .arg(&data)
        .env("DATAPORT_OPERATOR_PASSWORD", "a long enough password")
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("user.username_taken"));

    let out = dataport()
        .args([
            "admin",
            "create-regulator",
            "--name-zh",
            "数据局",
            "--uscc",
            "91110000600037341M",
            "--username",
            "reg",
            "--data-dir",
        ])
        .arg(&data)
        .env("DATAPORT_OPERATOR_PASSWORD", "a long enough password")
        .output()
        .unwrap();
    assert!(!out.status.success(), "an invalid USCC is refused");
    assert!(String::from_utf8_lossy(&out.stderr).contains("participant.invalid_uscc"));
}

#[test]
fn bad_configuration_is_refused_clearly() {
    let out = dataport()
        .args(["migrate", "--database-url", "mysql://x"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("postgres://"));
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("dataport.toml");
    std::fs::write(&cfg, "listen = \"not an address\"").unwrap();
    let out = dataport()
        .arg("--config")
        .arg(&cfg)
        .arg("migrate")
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("configuration file"));
    // --demo has public passwords: it refuses a public address.
    let out = dataport()
        .args(["serve", "--demo", "--listen", "0.0.0.0:0", "--data-dir"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("--allow-public-demo"));
}

#[test]
fn serve_demo_world() {
    let dir = tempfile::tempdir().unwrap();
    let (mut child, addr) = crate::support::serve_demo(dir.path());
    let (status, _) = http(&addr, "GET", "/healthz", &[], "");
    assert_eq!(status, 200);
    let login = r#"{"username":"dalian-port","password":"demo-password"}"#;
    let (status, body) = http(
        &addr,
        "POST",
        "/api/v1/auth/token",
        &[("Content-Type", "application/json")],
        login,
    );
    assert_eq!(status, 201, "{body}");
    let token: serde_json::Value = serde_json::from_str(&body).unwrap();
    let bearer = format!("Bearer {}", token["token"].as_str().unwrap());
    let (status, body) = http(
        &addr,
        "GET",
        "/api/v1/assets",
        &[("Authorization", &bearer)],
        "",
    );
    assert_eq!(status, 200);
    let assets: serde_json::Value = serde_json::from_str(&body).unwrap();
    let items = assets["items"].as_array().unwrap();
    assert_eq!(items.len(), 2, "the Dalian provider owns two demo datasets");
    // The GBK gate-transaction file was decoded and counted.
    let gate = items
        .iter()
        .find(|a| a["title_en"].as_str().unwrap_or_default().contains("gate"))
        .unwrap();
    let (_, body) = http(
        &addr,
        "GET",
        &format!("/api/v1/assets/{}", gate["id"].as_str().unwrap()),
        &[("Authorization", &bearer)],
        "",
    );
    let detail: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(detail["row_count"], 2000);
    assert_eq!(detail["versions"][0]["encoding"], "gb18030");
    let _ = child.kill();
    let _ = child.wait();
}

#[test]
fn scan_prints_one_json_object_or_a_table() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("contacts.csv");
    std::fs::write(
        &file,
        "姓名,手机号\n王伟,13800138000\n李娜,+86 139-0013-9000\n王伟,13800138000\n",
    )
    .unwrap();
    let out = dataport()
        .args(["scan", "--format", "json"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        stdout.trim().lines().count(),
        1,
        "exactly one JSON object: {stdout}"
    );
    let report: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let keys: Vec<&str> = report
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    for key in [
        "file",
        "format",
        "encoding",
        "rows",
        "bytes",
        "columns",
        "individuals",
        "sensitive_individuals",
        "minors_under_14",
        "level",
        "general_grade",
        "reasons",
    ] {
        assert!(keys.contains(&key), "missing {key} in {keys:?}");
    }
    assert_eq!(report["individuals"], 2);
    assert_eq!(report["columns"][1]["kind"], "cn_mobile");
    assert_eq!(report["level"], "general");
    assert_eq!(report["general_grade"], 2);
    for reason in report["reasons"].as_array().unwrap() {
        let mut keys: Vec<&str> = reason
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        keys.sort_unstable();
        assert_eq!(keys, ["basis", "detail", "rule"]);
    }

    let out = dataport()
        .args(["scan", "--lang", "en"])
        .arg(&file)
        .output()
        .unwrap();
    let table = String::from_utf8(out.stdout).unwrap();
    assert!(
        table.contains("cn_mobile") && table.contains("individuals 2"),
        "{table}"
    );
    assert!(table.contains("general (grade 2)"), "{table}");
    assert!(table.contains("Rule catalogues national@1.0.0"), "{table}");

    let garbage = dir.path().join("garbage.bin");
    std::fs::write(&garbage, [0u8, 1, 2, 0, 0, 159, 146]).unwrap();
    let out = dataport().arg("scan").arg(&garbage).output().unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("data.unrecognized_format"));
    let out = dataport()
        .args(["scan", "--declared-level", "secret"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(!out.status.success());
}
