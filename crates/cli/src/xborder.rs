//! `dataport xborder evaluate`: the cross-border gate's decision for one transfer, from a
//! request file, under the national baseline and any operator lists (FTZ negative lists,
//! general-data lists) in a directory. Prints one JSON decision; exits 0 whenever a decision was
//! reached (including `prohibited`), non-zero only when the request or the rules are invalid.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use clap::Subcommand;

#[derive(Subcommand, Debug)]
pub(crate) enum XborderCommand {
    /// Decide the legal route of a transfer abroad and whether it may proceed today.
    Evaluate {
        /// The request (JSON), or - for standard input.
        request: PathBuf,
        /// A directory of operator lists (*.toml) added to the national baseline.
        #[arg(long)]
        rules: Option<PathBuf>,
    },
}

pub(crate) fn run(command: &XborderCommand) -> anyhow::Result<()> {
    match command {
        XborderCommand::Evaluate { request, rules } => evaluate(request, rules.as_deref()),
    }
}

/// The baseline plus every `*.toml` list in `dir`, in file-name order.
pub(crate) fn load_rules(dir: Option<&Path>) -> anyhow::Result<xborder::Rules> {
    let mut rules = xborder::Rules::baseline();
    let Some(dir) = dir else {
        return Ok(rules);
    };
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .with_context(|| format!("reading the rules directory {}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    for file in files {
        let text = std::fs::read_to_string(&file)
            .with_context(|| format!("reading {}", file.display()))?;
        let origin = file.file_name().map_or_else(
            || file.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        rules
            .add_list(&origin, &text)
            .map_err(|e| anyhow::anyhow!("{e}"))?;
    }
    Ok(rules)
}

fn evaluate(request: &Path, rules: Option<&Path>) -> anyhow::Result<()> {
    let text = if request == Path::new("-") {
        let mut s = String::new();
        std::io::stdin().read_to_string(&mut s)?;
        s
    } else {
        std::fs::read_to_string(request)
            .with_context(|| format!("reading {}", request.display()))?
    };
    let rules = load_rules(rules)?;
    let request = match xborder::parse_request(&text) {
        Ok(r) => r,
        Err(e) => bail!("the request is not valid: {e}"),
    };
    let decision = match xborder::evaluate(&request, &rules, app::today_in_china()) {
        Ok(d) => d,
        Err(e) => bail!("the request is not valid: {e}"),
    };
    let mut out = std::io::stdout().lock();
    writeln!(out, "{}", serde_json::to_string(&decision)?)?;
    Ok(())
}
