//! The cross-border gate in the exchange: the rules (the national baseline built into Dataport
//! plus the operator's lists, TOML files in a directory) loaded at start and reloadable by an
//! operator administrator, and decisions for transfers abroad.
//!
//! A reload that meets an invalid file changes nothing: the rules in force stay in force, and the
//! error names the file and line. The gate never falls back to an exemption.

use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};

use crate::{App, Code, Error, Principal, Result};

/// The rules in force, swapped whole on reload.
#[derive(Debug)]
pub(crate) struct Gate {
    dir: Option<PathBuf>,
    rules: RwLock<Arc<xborder::Rules>>,
}

impl Gate {
    pub(crate) fn open(dir: Option<&Path>) -> Result<Gate> {
        Ok(Gate {
            dir: dir.map(Path::to_path_buf),
            rules: RwLock::new(Arc::new(load_rules(dir)?)),
        })
    }

    fn current(&self) -> Arc<xborder::Rules> {
        self.rules
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }
}

/// The national baseline plus every `*.toml` list in `dir`, in file-name order. An invalid file
/// is an error naming it and its line.
pub fn load_rules(dir: Option<&Path>) -> Result<xborder::Rules> {
    let mut rules = xborder::Rules::baseline();
    let Some(dir) = dir else {
        return Ok(rules);
    };
    let invalid = |en: String, zh: String| Error::new(Code::XborderInvalidRules).detail(en, zh);
    let entries = std::fs::read_dir(dir).map_err(|e| {
        invalid(
            format!("The rules directory {} cannot be read: {e}.", dir.display()),
            format!("无法读取规则目录 {}。", dir.display()),
        )
    })?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    for file in files {
        let origin = file.file_name().map_or_else(
            || file.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        let text = std::fs::read_to_string(&file).map_err(|e| {
            invalid(
                format!("{origin} cannot be read: {e}."),
                format!("无法读取规则文件 {origin}。"),
            )
        })?;
        rules
            .add_list(&origin, &text)
            .map_err(|e| invalid(format!("{e}."), format!("规则文件有误：{e}。")))?;
    }
    Ok(rules)
}

/// Parses a transfer request, with the reason when it is not valid.
pub fn parse_request(json: &str) -> Result<xborder::Request> {
    xborder::parse_request(json).map_err(|e| {
        Error::new(Code::XborderInvalidRequest)
            .detail(format!("{e}."), format!("出境请求无效：{e}。"))
    })
}

impl App {
    /// The rule sets in force, as `id@version` (the national baseline first).
    pub fn xborder_rules(&self) -> Vec<String> {
        self.gate.current().versions()
    }

    /// Reloads the operator's lists from the configured directory; an invalid file keeps the
    /// rules in force and is reported. Operator administrators only.
    pub fn reload_xborder_rules(&self, who: &Principal) -> Result<Vec<String>> {
        who.require_operator_admin()?;
        let rules = load_rules(self.gate.dir.as_deref())?;
        let versions = rules.versions();
        *self
            .gate
            .rules
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = Arc::new(rules);
        tracing::info!(rules = ?versions, "cross-border rules reloaded");
        Ok(versions)
    }

    /// The gate's decision for a transfer as described, today (Asia/Shanghai): the "what if"
    /// any signed-in participant may ask. Nothing is recorded.
    pub fn evaluate_transfer(
        &self,
        who: &Principal,
        request: &xborder::Request,
    ) -> Result<xborder::Decision> {
        // Any signed-in principal may ask; the principal is taken to make that explicit.
        let _ = who;
        xborder::evaluate(request, &self.gate.current(), crate::today_in_china()).map_err(|e| {
            Error::new(Code::XborderInvalidRequest)
                .detail(format!("{e}."), format!("出境请求无效：{e}。"))
        })
    }
}
