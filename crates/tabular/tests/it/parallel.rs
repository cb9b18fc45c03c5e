//! `CsvText`: records read in parallel byte ranges must be exactly the records read on one
//! thread, whatever sits on a range boundary, and errors must be the one-thread errors.

use std::ops::ControlFlow;
use std::path::Path;

use tabular::{CsvText, Options, TextEncoding};

use crate::support::write;

/// Big enough to be cut into several ranges (ranges are at least 4 MiB).
const BIG: usize = 20 * 1024 * 1024;

/// Rows `id,name,note` until the text is at least `size` bytes; `note(i)` gives row i's third
/// field as written (quoted or not).
fn rows(size: usize, eol: &str, note: impl Fn(usize) -> String) -> String {
    let mut text = format!("id,name,note{eol}");
    let mut i = 0;
    while text.len() < size {
        text.push_str(&format!("{i},名字{i},{}{eol}", note(i)));
        i += 1;
    }
    text
}

fn sequential(path: &Path) -> Vec<Vec<String>> {
    let mut text = CsvText::open(path, &Options::default()).unwrap().unwrap();
    let mut out = Vec::new();
    text.for_each(|r| {
        out.push(r.iter().map(str::to_owned).collect());
        ControlFlow::Continue(())
    })
    .unwrap();
    out
}

/// Every record read with `threads` threads, in file order (by the id in the first field), and
/// how the file was read.
fn parallel(path: &Path, threads: usize) -> (Vec<Vec<String>>, tabular::Pass) {
    let mut text = CsvText::open(path, &Options::default()).unwrap().unwrap();
    let (states, pass) = text
        .for_each_parallel(threads, Vec::new, |state: &mut Vec<Vec<String>>, r| {
            state.push(r.iter().map(str::to_owned).collect());
        })
        .unwrap();
    let mut all: Vec<Vec<String>> = states.into_iter().flatten().collect();
    assert_eq!(pass.rows, all.len() as u64);
    all.sort_by_key(|r| r[0].parse::<u64>().unwrap());
    (all, pass)
}

#[test]
fn ranges_read_every_record_once_with_any_line_ends() {
    let dir = tempfile::tempdir().unwrap();
    for (name, eol) in [("lf.csv", "\n"), ("crlf.csv", "\r\n")] {
        let path = write(
            dir.path(),
            name,
            rows(BIG, eol, |i| format!("n{i}")).as_bytes(),
        );
        let one = sequential(&path);
        let (many, pass) = parallel(&path, 4);
        assert!(pass.threads > 1, "{name}: a 20 MiB file is read in ranges");
        assert!(pass.ranges >= pass.threads);
        assert_eq!(many.len(), one.len(), "{name}");
        assert!(many == one, "{name}: the same records");
    }
}

#[test]
fn a_byte_order_mark_and_blank_lines_change_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::from("\u{FEFF}");
    text.push_str(&rows(BIG, "\n", |i| {
        // Blank lines here and there, as some exports leave them.
        if i % 997 == 0 {
            format!("n{i}\n\n")
        } else {
            format!("n{i}")
        }
    }));
    let path = write(dir.path(), "bom.csv", text.as_bytes());
    let text = CsvText::open(&path, &Options::default()).unwrap().unwrap();
    assert_eq!(text.header(), ["id", "name", "note"]);
    let (many, pass) = parallel(&path, 3);
    assert!(pass.threads > 1);
    assert!(many == sequential(&path));
}

#[test]
fn quoted_line_feeds_across_boundaries_fall_back_to_one_thread() {
    let dir = tempfile::tempdir().unwrap();
    // Every row's note is a quoted field with line feeds in it, so every range boundary lands
    // inside one.
    let path = write(
        dir.path(),
        "quoted.csv",
        rows(BIG, "\n", |i| {
            format!("\"line one {i}\nline \"\"two\"\"\n\"")
        })
        .as_bytes(),
    );
    let one = sequential(&path);
    assert_eq!(one[5][2], "line one 5\nline \"two\"\n");
    let (many, pass) = parallel(&path, 4);
    assert_eq!(
        (pass.threads, pass.ranges),
        (1, 0),
        "the ranges were not trusted"
    );
    assert!(many == one);
}

#[test]
fn a_ragged_record_deep_in_the_file_names_its_true_line() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = rows(BIG, "\n", |i| format!("n{i}"));
    let line = text.lines().count() + 1;
    text.push_str("1,2,3,4\n");
    text.push_str(&rows(BIG / 4, "\n", |i| format!("m{i}")));
    let path = write(dir.path(), "ragged.csv", text.as_bytes());
    let mut csv = CsvText::open(&path, &Options::default()).unwrap().unwrap();
    let err = csv
        .for_each_parallel(4, || 0u64, |n, _| *n += 1)
        .unwrap_err();
    assert_eq!(err.code(), "data.malformed");
    assert_eq!(err.line(), Some(line as u64));
}

#[test]
fn bytes_that_are_not_utf8_late_in_the_file_switch_to_gb18030() {
    let dir = tempfile::tempdir().unwrap();
    let mut bytes = rows(BIG, "\n", |i| format!("n{i}")).into_bytes();
    // 王伟 in GBK, far past the sample the encoding was guessed from.
    let (gbk, _, _) = encoding_rs::GBK.encode("99999999,王伟,n\n");
    bytes.extend_from_slice(&gbk);
    let path = write(dir.path(), "late-gbk.csv", &bytes);
    let mut csv = CsvText::open(&path, &Options::default()).unwrap().unwrap();
    assert_eq!(csv.encoding(), TextEncoding::Utf8);
    let (states, pass) = csv
        .for_each_parallel(4, Vec::new, |names: &mut Vec<String>, r| {
            if r.get(0) == Some("99999999") {
                names.push(r.get(1).unwrap().to_owned());
            }
        })
        .unwrap();
    assert_eq!(csv.encoding(), TextEncoding::Gb18030);
    assert_eq!((pass.threads, pass.ranges), (1, 0));
    assert_eq!(states.concat(), ["王伟"]);
}

#[test]
fn small_compressed_and_gbk_files_are_read_on_one_thread() {
    let dir = tempfile::tempdir().unwrap();
    let small = write(dir.path(), "small.csv", b"a,b\n1,2\n3,4\n");
    let gz = write(
        dir.path(),
        "big.csv.gz",
        &crate::support::gzip(rows(BIG, "\n", |i| format!("n{i}")).as_bytes()),
    );
    for path in [small, gz] {
        let mut csv = CsvText::open(&path, &Options::default()).unwrap().unwrap();
        let (states, pass) = csv.for_each_parallel(4, || 0u64, |n, _| *n += 1).unwrap();
        assert_eq!((pass.threads, pass.ranges), (1, 0), "{}", path.display());
        assert_eq!(states.iter().sum::<u64>(), pass.rows);
    }
}

#[test]
fn one_thread_reads_a_large_file_in_ranges_too() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "one.csv",
        rows(BIG, "\n", |i| format!("n{i}")).as_bytes(),
    );
    let (many, pass) = parallel(&path, 1);
    assert_eq!(pass.threads, 1);
    assert!(pass.ranges > 1);
    assert!(many == sequential(&path));
}

#[test]
fn records_give_fields_by_index() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "f.csv", "a,b,c\n\"x,1\",,中文\n".as_bytes());
    let mut csv = CsvText::open(&path, &Options::default()).unwrap().unwrap();
    csv.for_each(|r| {
        assert_eq!((r.len(), r.is_empty()), (3, false));
        assert_eq!(
            (r.get(0), r.get(1), r.get(2), r.get(3)),
            (Some("x,1"), Some(""), Some("中文"), None)
        );
        assert_eq!(r.text(), "x,1中文");
        ControlFlow::Continue(())
    })
    .unwrap();
}
