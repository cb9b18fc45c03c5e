//! `dataport scan FILE`: find personal information in a data file, count the people, and grade
//! the dataset, without a server or database. `--format json` prints one JSON object for
//! machines; `--format table` is for people, in Chinese or English.

use std::io::Write;
use std::path::PathBuf;

use anyhow::{Context, bail};
use clap::{Args, ValueEnum};

#[derive(Clone, Copy, Debug, ValueEnum)]
pub(crate) enum OutputFormat {
    Json,
    Table,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub(crate) enum Lang {
    Zh,
    En,
}

#[derive(Args, Debug)]
pub(crate) struct ScanArgs {
    /// The file: CSV (UTF-8 or GB18030/GBK), Parquet or JSON Lines, optionally gzip-compressed.
    pub file: PathBuf,
    #[arg(long, value_enum, default_value = "table")]
    pub format: OutputFormat,
    /// The sector the data belongs to, e.g. automotive (selects sector rule catalogues).
    #[arg(long)]
    pub sector: Option<String>,
    /// A level an authority has notified for this data: important or core.
    #[arg(long)]
    pub declared_level: Option<String>,
    /// Read only the first N rows for a quick look (counts are then not exact).
    #[arg(long)]
    pub sample: Option<u64>,
    /// Threads to read a large CSV file with; 0 (the default) means one per core.
    #[arg(long, default_value_t = 0)]
    pub threads: usize,
    /// Language of the table format.
    #[arg(long, value_enum, default_value = "zh")]
    pub lang: Lang,
}

pub(crate) fn run(args: &ScanArgs) -> anyhow::Result<()> {
    let declared = match args.declared_level.as_deref() {
        None => None,
        Some(l) => Some(
            l.parse::<classify::Level>()
                .map_err(|_| anyhow::anyhow!("--declared-level is general, important or core"))?,
        ),
    };
    if args.sample == Some(0) {
        bail!("--sample needs at least one row");
    }
    let options = app::ScanOptions {
        sector: args.sector.clone(),
        declared,
        sample: args.sample,
        today: app::today_in_china(),
        threads: args.threads,
    };
    let report = match app::scan_file(&args.file, &options) {
        Ok(r) => r,
        Err(e) => bail!("{} [{}]\n       {}", e, e.code(), e.message_zh()),
    };
    let mut out = std::io::stdout().lock();
    match args.format {
        OutputFormat::Json => {
            // The stored report keeps each reason in both languages and the catalogue versions;
            // the command's contract is the documented object with one `detail` (English) per
            // reason, so the Chinese copy and the versions (shown in the table) are left out.
            let mut json = serde_json::to_value(&report).context("encoding the report")?;
            if let Some(o) = json.as_object_mut() {
                o.remove("catalogs");
            }
            if let Some(reasons) = json.get_mut("reasons").and_then(|r| r.as_array_mut()) {
                for reason in reasons {
                    if let Some(o) = reason.as_object_mut() {
                        o.remove("detail_zh");
                    }
                }
            }
            writeln!(out, "{json}")?;
        }
        OutputFormat::Table => write_table(&mut out, &report, args.lang, args.sample.is_some())?,
    }
    Ok(())
}

fn write_table(
    out: &mut impl Write,
    r: &app::ScanReport,
    lang: Lang,
    sampled: bool,
) -> std::io::Result<()> {
    let t = |zh: &'static str, en: &'static str| match lang {
        Lang::Zh => zh,
        Lang::En => en,
    };
    writeln!(out, "{} {}", t("文件", "File"), r.file)?;
    writeln!(
        out,
        "{} {} · {} {} · {} {}{}",
        t("格式", "Format"),
        r.format,
        t("编码", "encoding"),
        r.encoding.as_deref().unwrap_or("-"),
        t("行数", "rows"),
        r.rows,
        if sampled {
            t("（抽样）", " (sample)")
        } else {
            ""
        }
    )?;
    writeln!(out)?;
    let width = r
        .columns
        .iter()
        .map(|c| display_width(&c.name))
        .max()
        .unwrap_or(4)
        .max(6);
    writeln!(
        out,
        "{}  {} {} {}  {}",
        pad_right(t("字段", "column"), width),
        pad_right(t("类型", "kind"), 16),
        pad_left(t("命中", "matches"), 10),
        pad_left(t("非空", "non-null"), 10),
        t("个人信息/敏感", "PI/sensitive")
    )?;
    for c in &r.columns {
        let flags = match (c.pi, c.sensitive) {
            (true, true) => t("个人信息 · 敏感", "PI · sensitive"),
            (true, false) => t("个人信息", "PI"),
            _ => "",
        };
        writeln!(
            out,
            "{}  {:<16} {:>10} {:>10}  {}",
            pad_right(&c.name, width),
            c.kind,
            c.matches,
            c.non_null,
            flags
        )?;
    }
    writeln!(out)?;
    writeln!(
        out,
        "{} {} · {} {} · {} {}",
        t("自然人", "individuals"),
        r.individuals,
        t("敏感个人信息主体", "with sensitive PI"),
        r.sensitive_individuals,
        t("不满十四周岁", "under 14"),
        r.minors_under_14
    )?;
    let level = match (r.level.as_str(), lang) {
        ("core", Lang::Zh) => "核心数据".to_owned(),
        ("important", Lang::Zh) => "重要数据".to_owned(),
        ("general", Lang::Zh) => format!("一般数据（{} 级）", r.general_grade.unwrap_or(1)),
        ("general", Lang::En) => format!("general (grade {})", r.general_grade.unwrap_or(1)),
        (other, _) => other.to_owned(),
    };
    writeln!(out, "{} {}", t("分级", "Level"), level)?;
    for reason in &r.reasons {
        let detail = match lang {
            Lang::Zh => &reason.detail_zh,
            Lang::En => &reason.detail,
        };
        writeln!(out, "  - {} [{}] {}", detail, reason.rule, reason.basis)?;
    }
    writeln!(
        out,
        "{} {}",
        t("规则目录", "Rule catalogues"),
        r.catalogs.join(", ")
    )?;
    Ok(())
}

/// Columns a name takes in a terminal: East Asian wide characters take two.
fn display_width(s: &str) -> usize {
    s.chars()
        .map(|c| {
            if ('\u{1100}'..='\u{115f}').contains(&c) || c >= '\u{2e80}' {
                2
            } else {
                1
            }
        })
        .sum()
}

fn pad_right(s: &str, width: usize) -> String {
    format!("{s}{}", " ".repeat(width.saturating_sub(display_width(s))))
}

fn pad_left(s: &str, width: usize) -> String {
    format!("{}{s}", " ".repeat(width.saturating_sub(display_width(s))))
}
