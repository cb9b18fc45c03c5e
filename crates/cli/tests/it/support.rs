//! Running the binary under test.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};

/// The `dataport` binary, isolated from the developer's configuration.
pub fn dataport() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_dataport"));
    // Tests must not pick up a developer's configuration or database.
    for var in [
        "DATAPORT_CONFIG",
        "DATAPORT_DATABASE_URL",
        "DATAPORT_BLOB_URL",
        "DATAPORT_DATA_DIR",
        "DATAPORT_LISTEN",
        "DATAPORT_LOG_ORIGIN",
        "DATAPORT_LOG_KEY",
        "DATAPORT_XBORDER_RULES",
    ] {
        c.env_remove(var);
    }
    c
}

/// `dataport serve --demo` on a free port with its data in `dir`; returns the process and the
/// address it announced.
pub fn serve_demo(dir: &Path) -> (Child, String) {
    let mut child = dataport()
        .args(["serve", "--demo", "--listen", "127.0.0.1:0", "--data-dir"])
        .arg(dir)
        .env("DATAPORT_LOG", "warn")
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = BufReader::new(child.stderr.take().unwrap());
    let mut addr = None;
    let mut lines = stderr.lines();
    for line in lines.by_ref() {
        let line = line.unwrap();
        if let Some(a) = line.strip_prefix("Dataport is serving on http://") {
            addr = Some(a.to_owned());
            break;
        }
    }
    // Keep draining standard error so the server never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines {});
    (child, addr.expect("the server announces its address"))
}
