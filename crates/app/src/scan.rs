//! Scanning a data file for personal information and grading it (分类分级): the IO half of
//! `classify`. A scan reads the file once through the `tabular` readers, deciding each column's
//! kind from all of its values while counting distinct people with kinds decided provisionally
//! after the first rows; in the rare case the final kinds differ, people are counted again in a
//! second pass. The result is graded against the rule catalogues. Counts are exact (full scan)
//! unless a sample is asked for. Synchronous: callers run it on a blocking thread.

use std::path::Path;

use arrow_array::cast::AsArray;
use arrow_array::{Array, RecordBatch};
use arrow_cast::display::{ArrayFormatter, FormatOptions};
use arrow_schema::DataType;
use chrono::NaiveDate;
use classify::{ColumnClassifier, Kind, KindSet, Level, PeopleCounter, Verdict};
use serde::{Deserialize, Serialize};

/// What to scan and how to grade it.
#[derive(Clone, Debug)]
pub struct ScanOptions {
    /// The sector the data belongs to (a catalogue sector id such as `automotive`).
    pub sector: Option<String>,
    /// A level an authority notified and the provider or operator declared.
    pub declared: Option<Level>,
    /// Read only the first `n` rows (a quick look; counts are then not exact).
    pub sample: Option<u64>,
    /// The scan date, for ages (minors under 14) and birth dates.
    pub today: NaiveDate,
    /// Threads to read a large CSV file with (byte ranges in parallel); 0 means one per core.
    pub threads: usize,
}

impl ScanOptions {
    fn thread_count(&self) -> usize {
        match self.threads {
            0 => std::thread::available_parallelism().map_or(1, usize::from),
            n => n,
        }
    }
}

/// One column's finding.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ColumnReport {
    pub name: String,
    /// The kind of personal information, or `none`.
    pub kind: String,
    /// Cells that validated as the kind; 0 when the kind is `none`.
    pub matches: u64,
    pub non_null: u64,
    pub pi: bool,
    pub sensitive: bool,
}

/// One ground of the grading.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReasonReport {
    pub rule: String,
    pub basis: String,
    pub detail: String,
    pub detail_zh: String,
}

/// The result of a scan, in the shape `dataport scan --format json` prints.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ScanReport {
    pub file: String,
    pub format: String,
    pub encoding: Option<String>,
    pub rows: u64,
    pub bytes: u64,
    pub columns: Vec<ColumnReport>,
    pub individuals: u64,
    pub sensitive_individuals: u64,
    pub minors_under_14: u64,
    pub level: String,
    pub general_grade: Option<u8>,
    pub reasons: Vec<ReasonReport>,
    /// The rule catalogues the grading consulted, as `id@version`, for audit: the same facts
    /// graded under another catalogue version may grade differently. (Reports stored before
    /// versions were recorded read back with none.)
    #[serde(default)]
    pub catalogs: Vec<String>,
}

/// The date in Asia/Shanghai (UTC+8, no daylight saving): "today" for the law's purposes.
pub fn today_in_china() -> NaiveDate {
    (chrono::Utc::now() + chrono::Duration::hours(8)).date_naive()
}

/// Feeds every cell of a batch column to `f` as text, skipping nulls. Text columns are passed
/// through; others are formatted (dates as `YYYY-MM-DD`, integers in decimal) into one reused
/// buffer. Nested columns (JSON objects and arrays) are not cells and are skipped.
fn for_each_cell(column: &dyn Array, mut f: impl FnMut(usize, &str)) {
    match column.data_type() {
        DataType::Utf8 => {
            let a = column.as_string::<i32>();
            for (i, v) in a.iter().enumerate() {
                if let Some(v) = v {
                    f(i, v);
                }
            }
        }
        DataType::LargeUtf8 => {
            let a = column.as_string::<i64>();
            for (i, v) in a.iter().enumerate() {
                if let Some(v) = v {
                    f(i, v);
                }
            }
        }
        DataType::Struct(_) | DataType::List(_) | DataType::LargeList(_) | DataType::Map(_, _) => {}
        _ => {
            let Ok(formatter) = ArrayFormatter::try_new(column, &FormatOptions::default()) else {
                return;
            };
            let mut buf = String::new();
            for i in 0..column.len() {
                if column.is_null(i) {
                    continue;
                }
                buf.clear();
                if std::fmt::Write::write_fmt(&mut buf, format_args!("{}", formatter.value(i)))
                    .is_ok()
                {
                    f(i, &buf);
                }
            }
        }
    }
}

/// Reads batches until the sample limit, calling `f` on each (trimmed to the limit).
fn each_batch(
    path: &Path,
    sample: Option<u64>,
    mut f: impl FnMut(&RecordBatch),
) -> Result<tabular::Table, tabular::Error> {
    // Cells are looked at as text, so CSV columns are read as text (no typing and re-formatting).
    let options = tabular::Options {
        text_only: true,
        ..tabular::Options::default()
    };
    let mut table = tabular::open(path, &options)?;
    let mut seen = 0u64;
    for batch in table.by_ref() {
        let batch = batch?;
        let batch = match sample {
            Some(n) if seen + batch.num_rows() as u64 > n => batch.slice(0, (n - seen) as usize),
            _ => batch,
        };
        seen += batch.num_rows() as u64;
        f(&batch);
        if sample.is_some_and(|n| seen >= n) {
            break;
        }
    }
    Ok(table)
}

/// Rows after which the columns' kinds are decided provisionally, so people can be counted in
/// the same pass. The final kinds come from every value; when they differ from the provisional
/// ones (a column whose later values change the verdict), people are counted again in a second
/// pass, so counts are always exact.
const PROVISIONAL_ROWS: u64 = 10_000;

/// The most row data held for replay. Past it (very wide rows) nothing more is held and people
/// are counted in a second pass instead, so memory stays bounded whatever the cells hold.
const MAX_HELD_BYTES: usize = 64 * 1024 * 1024;

/// The most text read to decide provisional kinds, for files whose first rows are very wide.
const MAX_HEAD_BYTES: usize = 64 * 1024 * 1024;

/// One batch's cells of one column as text: borrowed from a text array, or formatted.
enum Cells<'a> {
    Text(&'a arrow_array::StringArray),
    Formatted(Vec<String>),
}

impl Cells<'_> {
    fn get(&self, i: usize) -> &str {
        match self {
            Cells::Text(a) if a.is_valid(i) => a.value(i),
            Cells::Text(_) => "",
            Cells::Formatted(v) => v.get(i).map_or("", String::as_str),
        }
    }
}

/// Feeds a batch's rows to the people counter, reading only the columns that identify or
/// describe a person.
fn count_batch(people: &mut PeopleCounter, kinds: &[Option<Kind>], batch: &RecordBatch) {
    let n = batch.num_rows();
    let pi: Vec<(usize, Cells<'_>)> = (0..kinds.len())
        .filter(|&c| kinds[c].is_some_and(classify::is_personal))
        .filter_map(|c| {
            let column = batch.columns().get(c)?;
            let cells = match column.data_type() {
                DataType::Utf8 => Cells::Text(column.as_string::<i32>()),
                _ => {
                    let mut v = vec![String::new(); n];
                    for_each_cell(column.as_ref(), |i, cell| v[i] = cell.to_owned());
                    Cells::Formatted(v)
                }
            };
            Some((c, cells))
        })
        .collect();
    if pi.is_empty() {
        return;
    }
    let mut row: Vec<&str> = vec![""; kinds.len()];
    for i in 0..n {
        for (c, cells) in &pi {
            row[*c] = cells.get(i);
        }
        people.observe_row(&row);
    }
}

/// One reading thread's findings over the rows it read: every column's counters and, once kinds
/// are known, the people counted. Parts merge exactly, so the total is what one thread reading
/// every row would have found.
struct Part {
    classifiers: Vec<ColumnClassifier>,
    people: Option<PeopleCounter>,
}

impl Part {
    fn new(names: &[String], kinds: Option<&[Option<Kind>]>, today: NaiveDate) -> Part {
        Part {
            classifiers: names
                .iter()
                .map(|h| ColumnClassifier::new(Some(h), today))
                .collect(),
            people: kinds.map(|k| PeopleCounter::new(k, today)),
        }
    }

    fn observe(&mut self, record: &tabular::Record<'_>) {
        for (classifier, field) in self.classifiers.iter_mut().zip(record.iter()) {
            classifier.observe(field);
        }
        if let Some(people) = &mut self.people {
            people.observe(|i| record.get(i));
        }
    }

    fn merge(&mut self, other: Part) {
        for (mine, theirs) in self.classifiers.iter_mut().zip(&other.classifiers) {
            mine.merge(theirs);
        }
        match (&mut self.people, other.people) {
            (Some(mine), Some(theirs)) => mine.merge(theirs),
            (None, theirs) => self.people = theirs,
            (Some(_), None) => {}
        }
    }

    fn kinds(&self) -> Vec<Option<Kind>> {
        self.classifiers.iter().map(|c| c.finish().kind).collect()
    }
}

/// Merges the parts read by different threads (at least one is always returned).
fn merge_parts(parts: Vec<Part>) -> Option<Part> {
    let mut parts = parts.into_iter();
    let mut total = parts.next()?;
    for part in parts {
        total.merge(part);
    }
    Some(total)
}

/// The CSV path: records as text straight from the parser, no Arrow arrays, read in parallel
/// byte ranges on large files. Column kinds come from every value; people are counted in the same
/// pass with kinds decided from the first rows, and counted again (a second pass) only when the
/// final kinds differ, so counts are always exact. `Ok(None)` when the file is not CSV.
fn scan_csv(
    path: &Path,
    bytes: u64,
    opts: &ScanOptions,
) -> Result<Option<(ScanReport, classify::PeopleSet)>, tabular::Error> {
    use std::ops::ControlFlow;

    let Some(mut csv) = tabular::CsvText::open(path, &tabular::Options::default())? else {
        return Ok(None);
    };
    let names = csv.header().to_vec();
    let limit = opts.sample.unwrap_or(u64::MAX);

    // Provisional kinds from the first rows (read again below; it is a few MiB at most).
    let mut head = Part::new(&names, None, opts.today);
    let (mut seen, mut held) = (0u64, 0usize);
    csv.for_each(|record| {
        head.observe(record);
        seen += 1;
        held += record.text().len();
        if seen >= PROVISIONAL_ROWS.min(limit) || held > MAX_HEAD_BYTES {
            ControlFlow::Break(())
        } else {
            ControlFlow::Continue(())
        }
    })?;
    let provisional = head.kinds();

    // Every row: the columns' counters, and people under the provisional kinds.
    let read = |csv: &mut tabular::CsvText,
                kinds: Option<&[Option<Kind>]>|
     -> Result<(Part, u64), tabular::Error> {
        let fresh = || Part::new(&names, kinds, opts.today);
        let (parts, rows) = match opts.sample {
            Some(n) => {
                let mut part = fresh();
                let mut rows = 0u64;
                csv.for_each(|record| {
                    part.observe(record);
                    rows += 1;
                    if rows >= n {
                        ControlFlow::Break(())
                    } else {
                        ControlFlow::Continue(())
                    }
                })?;
                (vec![part], rows)
            }
            None => {
                let (parts, pass) =
                    csv.for_each_parallel(opts.thread_count(), fresh, Part::observe)?;
                (parts, pass.rows)
            }
        };
        Ok((merge_parts(parts).unwrap_or_else(fresh), rows))
    };
    let (total, rows) = read(&mut csv, Some(&provisional))?;
    let verdicts: Vec<_> = total
        .classifiers
        .iter()
        .map(ColumnClassifier::finish)
        .collect();
    let kinds: Vec<Option<Kind>> = verdicts.iter().map(|v| v.kind).collect();
    let people = match total.people {
        Some(people) if kinds == provisional => people,
        // The final kinds differ from the provisional ones: count people again under them.
        _ => count_people(&mut csv, &kinds, opts)?,
    };
    Ok(Some((
        build_report(
            path,
            bytes,
            "csv",
            Some(csv.encoding().as_str()),
            rows,
            names,
            &verdicts,
            &people,
            opts,
        ),
        people.people(),
    )))
}

/// Counts the people in a CSV file whose columns are of `kinds` (all rows, or the sample).
fn count_people(
    csv: &mut tabular::CsvText,
    kinds: &[Option<Kind>],
    opts: &ScanOptions,
) -> Result<PeopleCounter, tabular::Error> {
    let fresh = || PeopleCounter::new(kinds, opts.today);
    let counters = match opts.sample {
        Some(n) => {
            let mut people = fresh();
            let mut rows = 0u64;
            csv.for_each(|record| {
                people.observe(|i| record.get(i));
                rows += 1;
                if rows >= n {
                    std::ops::ControlFlow::Break(())
                } else {
                    std::ops::ControlFlow::Continue(())
                }
            })?;
            vec![people]
        }
        None => {
            let (counters, _) =
                csv.for_each_parallel(opts.thread_count(), fresh, |people, record| {
                    people.observe(|i| record.get(i));
                })?;
            counters
        }
    };
    let mut counters = counters.into_iter();
    let mut total = counters.next().unwrap_or_else(fresh);
    counters.for_each(|c| total.merge(c));
    Ok(total)
}

/// Scans the file at `path`.
pub fn scan_file(path: &Path, opts: &ScanOptions) -> Result<ScanReport, tabular::Error> {
    scan_file_people(path, opts).map(|(report, _)| report)
}

/// Scans the file at `path`, returning the people counted as well (hashes with flags, never
/// identifiers), so that distinct people can be counted across datasets later.
pub fn scan_file_people(
    path: &Path,
    opts: &ScanOptions,
) -> Result<(ScanReport, classify::PeopleSet), tabular::Error> {
    let bytes = std::fs::metadata(path).map(|m| m.len()).unwrap_or_default();
    if let Some(found) = scan_csv(path, bytes, opts)? {
        return Ok(found);
    }

    // One pass: every column's kind from all of its values, and people counted with kinds
    // decided provisionally after the first rows (the batches before that are held and replayed).
    let mut names: Vec<String> = Vec::new();
    let mut classifiers: Vec<ColumnClassifier> = Vec::new();
    let mut rows = 0u64;
    let mut held: Vec<RecordBatch> = Vec::new();
    let mut held_bytes = 0usize;
    let mut spilled = false;
    let mut provisional: Option<(Vec<Option<Kind>>, PeopleCounter)> = None;
    let decide = |classifiers: &[ColumnClassifier]| -> Vec<Option<Kind>> {
        classifiers.iter().map(|c| c.finish().kind).collect()
    };
    let table = each_batch(path, opts.sample, |batch| {
        let schema = batch.schema();
        // Later batches may carry columns the first did not (JSON Lines keys seen late).
        while classifiers.len() < batch.num_columns() {
            let name = schema.field(classifiers.len()).name().clone();
            classifiers.push(ColumnClassifier::new(Some(&name), opts.today));
            names.push(name);
        }
        for (c, column) in batch.columns().iter().enumerate() {
            let classifier = &mut classifiers[c];
            for_each_cell(column.as_ref(), |_, cell| {
                classifier.observe(cell);
            });
        }
        rows += batch.num_rows() as u64;
        match &mut provisional {
            Some((kinds, people)) => count_batch(people, kinds, batch),
            None if spilled => {}
            None => {
                held_bytes += batch.get_array_memory_size();
                held.push(batch.clone());
                if held_bytes > MAX_HELD_BYTES {
                    held.clear();
                    spilled = true;
                } else if rows >= PROVISIONAL_ROWS {
                    let kinds = decide(&classifiers);
                    let mut people = PeopleCounter::new(&kinds, opts.today);
                    for b in held.drain(..) {
                        count_batch(&mut people, &kinds, &b);
                    }
                    provisional = Some((kinds, people));
                }
            }
        }
    })?;
    let (format, _, encoding, _, _) = table.summary_so_far();
    if classifiers.is_empty() {
        // No rows at all: the columns still exist, with nothing in them.
        for field in table.schema().fields() {
            classifiers.push(ColumnClassifier::new(Some(field.name()), opts.today));
            names.push(field.name().clone());
        }
    }
    drop(table);
    let verdicts: Vec<_> = classifiers.iter().map(ColumnClassifier::finish).collect();
    let kinds: Vec<Option<Kind>> = verdicts.iter().map(|v| v.kind).collect();
    let people = match provisional {
        Some((early, people)) if early == kinds => people,
        // A small file (still held), or kinds that changed after the first rows: count again
        // with the final kinds.
        _ if !held.is_empty() => {
            let mut people = PeopleCounter::new(&kinds, opts.today);
            for b in held.drain(..) {
                count_batch(&mut people, &kinds, &b);
            }
            people
        }
        _ => {
            let mut people = PeopleCounter::new(&kinds, opts.today);
            each_batch(path, opts.sample, |batch| {
                count_batch(&mut people, &kinds, batch)
            })?;
            people
        }
    };
    Ok((
        build_report(
            path,
            bytes,
            format.as_str(),
            encoding.map(|e| e.as_str()),
            rows,
            names,
            &verdicts,
            &people,
            opts,
        ),
        people.people(),
    ))
}

/// Grades the findings and assembles the report.
#[allow(clippy::too_many_arguments)] // One call per input kind; a struct would only rename them.
fn build_report(
    path: &Path,
    bytes: u64,
    format: &str,
    encoding: Option<&str>,
    rows: u64,
    names: Vec<String>,
    verdicts: &[classify::ColumnVerdict],
    people: &PeopleCounter,
    opts: &ScanOptions,
) -> ScanReport {
    let counts = people.finish();
    let mut found = KindSet::default();
    for k in verdicts.iter().filter_map(|v| v.kind) {
        if classify::is_personal(k) {
            found.insert(k);
        }
    }
    let catalogs = classify::Catalogs::builtin();
    let verdict: Verdict = classify::grade(
        &catalogs,
        &classify::GradeInput {
            sector: opts.sector.clone(),
            kinds: found,
            rows,
            individuals: counts.individuals,
            sensitive_individuals: counts.sensitive_individuals,
            minors_under_14: counts.minors_under_14,
            declared: opts.declared,
        },
    );
    ScanReport {
        file: path.display().to_string(),
        format: format.to_owned(),
        encoding: encoding.map(str::to_owned),
        rows,
        bytes,
        columns: names
            .into_iter()
            .zip(verdicts)
            .map(|(name, v)| ColumnReport {
                name,
                kind: v.kind.map_or("none", Kind::as_str).to_owned(),
                matches: if v.kind.is_some() { v.matches } else { 0 },
                non_null: v.non_null,
                pi: v.kind.is_some_and(classify::is_personal),
                sensitive: v.kind.is_some_and(classify::is_sensitive),
            })
            .collect(),
        individuals: counts.individuals,
        sensitive_individuals: counts.sensitive_individuals,
        minors_under_14: counts.minors_under_14,
        level: verdict.level.as_str().to_owned(),
        general_grade: verdict.general_grade,
        reasons: reasons(verdict),
        catalogs: catalog_versions(&catalogs),
    }
}

/// Grades a report's facts again (under a new declaration, say) without reading the file.
pub fn regrade(report: &ScanReport, sector: Option<String>, declared: Option<Level>) -> ScanReport {
    let mut found = KindSet::default();
    for c in report.columns.iter().filter(|c| c.pi) {
        if let Ok(kind) = c.kind.parse::<Kind>() {
            found.insert(kind);
        }
    }
    let catalogs = classify::Catalogs::builtin();
    let verdict = classify::grade(
        &catalogs,
        &classify::GradeInput {
            sector,
            kinds: found,
            rows: report.rows,
            individuals: report.individuals,
            sensitive_individuals: report.sensitive_individuals,
            minors_under_14: report.minors_under_14,
            declared,
        },
    );
    ScanReport {
        level: verdict.level.as_str().to_owned(),
        general_grade: verdict.general_grade,
        reasons: reasons(verdict),
        catalogs: catalog_versions(&catalogs),
        ..report.clone()
    }
}

fn catalog_versions(catalogs: &classify::Catalogs) -> Vec<String> {
    catalogs
        .iter()
        .map(|c| format!("{}@{}", c.id(), c.version()))
        .collect()
}

fn reasons(verdict: Verdict) -> Vec<ReasonReport> {
    verdict
        .reasons
        .into_iter()
        .map(|r| ReasonReport {
            rule: r.rule,
            basis: r.basis,
            detail: r.detail_en,
            detail_zh: r.detail_zh,
        })
        .collect()
}
