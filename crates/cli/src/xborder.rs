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

fn evaluate(request: &Path, rules: Option<&Path>) -> anyhow::Result<()> {
    let text = if request == Path::new("-") {
        let mut s = String::new();
        std::io::stdin().read_to_string(&mut s)?;
        s
    } else {
        std::fs::read_to_string(request)
            .with_context(|| format!("reading {}", request.display()))?
    };
    let rules = app::xborder::load_rules(rules)
        .map_err(|e| anyhow::anyhow!("{}", e.detail_en().unwrap_or_default()))?;
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
