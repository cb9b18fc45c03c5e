//! CSV records as text, without Arrow arrays, on one thread or on several at once.
//!
//! Consumers that look only at cell text — the personal-information scan — spend most of their
//! time in type conversion and array building when they read through `Table`; this path hands
//! each record's fields straight to a callback. Planning (encoding, delimiter, the sampled
//! field-count check) is the same as `open`'s, and so are the errors: line numbers, never cell
//! values.
//!
//! **Reading in parallel.** An uncompressed UTF-8 file is cut into byte ranges, each starting just
//! after a line feed, and each range is parsed on its own thread with its own state. A line feed
//! inside a quoted field would make a range start mid-record, so every range also checks where
//! the next one starts: it parses on past its end to the first record boundary at or after it,
//! and that boundary must be exactly where the next range began. If it is not, or if any range
//! meets an error (a ragged record, a byte that is not UTF-8), the ranges' work is thrown away
//! and the file is read again from the start on one thread, which either succeeds or reports the
//! error with its true line number. The speculation can cost time, never correctness.

use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom};
use std::ops::ControlFlow;
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use crate::Options;
use crate::csv_in;
use crate::encoding::open_text;
use crate::error::{Error, Problem, classify_io};
use crate::model::{Compression, Format, TextEncoding};
use crate::sniff::{Detected, detect};
use crate::source::Source;

/// Input buffer per reader; large enough that refills are rare next to the parsing.
const INPUT_BUFFER: usize = 256 * 1024;

/// The smallest byte range worth a thread of its own. Smaller files are read on one thread.
const MIN_RANGE: u64 = 4 * 1024 * 1024;

/// Ranges per thread, so a thread slowed by the machine does not hold up the others long.
const RANGES_PER_THREAD: u64 = 8;

/// One record's fields as text.
#[derive(Clone, Copy, Debug)]
pub struct Record<'a> {
    text: &'a str,
    ends: &'a [usize],
}

impl<'a> Record<'a> {
    /// The number of fields.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// Whether the record has no fields (never true for a record handed to a callback).
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// The field at `index`, unescaped.
    pub fn get(&self, index: usize) -> Option<&'a str> {
        let end = *self.ends.get(index)?;
        let start = match index {
            0 => 0,
            _ => self.ends[index - 1],
        };
        // Fields end where a delimiter (ASCII) stood, so the bounds are character boundaries.
        self.text.get(start..end)
    }

    /// Every field in order.
    pub fn iter(&self) -> impl Iterator<Item = &'a str> + 'a {
        let (text, ends) = (self.text, self.ends);
        ends.iter().scan(0usize, move |start, &end| {
            let field = text.get(*start..end).unwrap_or_default();
            *start = end;
            Some(field)
        })
    }

    /// The fields' text run together (its length is the record's size in memory).
    pub fn text(&self) -> &'a str {
        self.text
    }
}

/// A CSV file opened for reading its records as text.
#[derive(Debug)]
pub struct CsvText {
    source: Source,
    encoding: TextEncoding,
    delimiter: u8,
    header: Vec<String>,
    width: usize,
    /// The file offset of the first data record, when the file can be read in byte ranges
    /// (uncompressed, UTF-8).
    data_start: Option<u64>,
    /// Whether reading in byte ranges had to be given up (a record spans a range boundary, or a
    /// range met an error), so later calls read on one thread straight away.
    ranges_failed: bool,
}

/// What a reading pass found besides the records.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Pass {
    /// Records handed to callbacks.
    pub rows: u64,
    /// Threads that read the file.
    pub threads: usize,
    /// Byte ranges the file was read in; 0 when it was read from the start as one stream (a
    /// small, compressed or GB18030 file, or ranges that could not be trusted).
    pub ranges: usize,
}

impl CsvText {
    /// Plans the file at `path` and reads its header. `Ok(None)` when the file is not CSV (read
    /// it with `open`).
    pub fn open(path: &Path, opts: &Options) -> Result<Option<CsvText>, Error> {
        let source = Source::detect(path)?;
        let (window, complete) = source.window()?;
        match detect(&window, complete) {
            Detected::Empty => {
                return Err(Error::Empty {
                    compression: source.compression,
                });
            }
            Detected::Binary => return Err(Error::UnrecognizedFormat),
            Detected::Unsupported(feature) => {
                return Err(Error::Unsupported {
                    format: None,
                    feature,
                });
            }
            Detected::Format(Format::Csv) => {}
            Detected::Format(_) => return Ok(None),
        }
        let plan = csv_in::plan(&source, &window, complete, opts)?;
        let mut text = CsvText {
            source,
            encoding: plan.encoding,
            delimiter: plan.delimiter,
            header: Vec::new(),
            width: 0,
            data_start: None,
            ranges_failed: false,
        };
        text.read_header()?;
        Ok(Some(text))
    }

    /// The column names (blank ones named, repeats numbered, as `open` does).
    pub fn header(&self) -> &[String] {
        &self.header
    }

    /// The text encoding in effect (it becomes GB18030 if a later byte proves the file is not
    /// UTF-8).
    pub fn encoding(&self) -> TextEncoding {
        self.encoding
    }

    pub fn delimiter(&self) -> char {
        char::from(self.delimiter)
    }

    fn read_header(&mut self) -> Result<(), Error> {
        loop {
            let mut reader =
                RecordReader::new(open_text(&self.source, self.encoding)?, self.delimiter, 0);
            match reader.next() {
                Ok(Some(raw)) => {
                    let record = raw.text().map_err(|_| {
                        Error::malformed(Format::Csv, Some(1), Problem::UnparseableRecord)
                    })?;
                    self.width = record.len();
                    self.header = csv_in::header::column_names(record.iter());
                }
                Ok(None) => {}
                Err(e) => {
                    let error = classify_io(e, Some(Format::Csv));
                    if self.encoding == TextEncoding::Utf8
                        && matches!(error, Error::BadEncoding { .. })
                    {
                        self.encoding = TextEncoding::Gb18030;
                        continue;
                    }
                    return Err(error);
                }
            }
            let splittable =
                self.source.compression == Compression::None && self.encoding == TextEncoding::Utf8;
            if splittable {
                // The text reader drops a byte order mark, so text offsets are file offsets less
                // its length.
                let bom = file_starts_with_bom(&self.source.path)?;
                self.data_start = Some(reader.offset() + if bom { 3 } else { 0 });
            }
            return Ok(());
        }
    }

    /// Hands every data record to `each`, in order, on this thread, until it breaks or the file
    /// ends. Returns the number of records handed over.
    ///
    /// A record with the wrong number of fields is an error naming its line. When bytes that are
    /// not UTF-8 appear after the sample, the file is read again as GB18030 from the start,
    /// skipping the records already handed out (as `Table` does).
    pub fn for_each(
        &mut self,
        mut each: impl FnMut(&Record<'_>) -> ControlFlow<()>,
    ) -> Result<u64, Error> {
        let mut delivered: u64 = 0;
        'attempt: loop {
            let mut reader =
                RecordReader::new(open_text(&self.source, self.encoding)?, self.delimiter, 0);
            let mut seen: u64 = 0;
            let mut header = true;
            loop {
                let outcome = match reader.next() {
                    Ok(None) => break 'attempt,
                    Ok(Some(_)) if header => {
                        header = false;
                        continue;
                    }
                    Ok(Some(raw)) => {
                        if raw.ends.len() != self.width {
                            return Err(Error::malformed(
                                Format::Csv,
                                Some(raw.line),
                                Problem::FieldCount {
                                    expected: self.width,
                                    found: raw.ends.len(),
                                },
                            ));
                        }
                        seen += 1;
                        if seen <= delivered {
                            continue;
                        }
                        let line = raw.line;
                        let record = raw.text().map_err(|_| {
                            Error::malformed(Format::Csv, Some(line), Problem::UnparseableRecord)
                        })?;
                        delivered = seen;
                        each(&record)
                    }
                    Err(e) => {
                        let error = classify_io(e, Some(Format::Csv));
                        if self.encoding == TextEncoding::Utf8
                            && matches!(error, Error::BadEncoding { .. })
                        {
                            self.encoding = TextEncoding::Gb18030;
                            self.data_start = None;
                            continue 'attempt;
                        }
                        return Err(error);
                    }
                };
                if outcome.is_break() {
                    break 'attempt;
                }
            }
        }
        Ok(delivered)
    }

    /// Hands every data record to `each` on up to `threads` threads, each with its own state
    /// from `make`, and returns the states (in no particular order) for the caller to merge.
    ///
    /// Records are read in byte ranges, in parallel, when the file allows (uncompressed UTF-8 of
    /// at least a few MiB); otherwise, and whenever the ranges cannot be trusted (see the module
    /// notes), on one thread with one state. Either way every record reaches exactly one state
    /// once, and errors are those of [`CsvText::for_each`].
    pub fn for_each_parallel<S: Send>(
        &mut self,
        threads: usize,
        make: impl Fn() -> S + Sync,
        each: impl Fn(&mut S, &Record<'_>) + Sync,
    ) -> Result<(Vec<S>, Pass), Error> {
        if let Some(ranges) = self.ranges(threads)? {
            let workers = threads.min(ranges.len());
            if let Some((states, rows)) = self.read_ranges(&ranges, workers, &make, &each) {
                return Ok((
                    states,
                    Pass {
                        rows,
                        threads: workers,
                        ranges: ranges.len(),
                    },
                ));
            }
            self.ranges_failed = true;
        }
        let mut state = make();
        let rows = self.for_each(|record| {
            each(&mut state, record);
            ControlFlow::Continue(())
        })?;
        Ok((
            vec![state],
            Pass {
                rows,
                threads: 1,
                ranges: 0,
            },
        ))
    }

    /// Byte ranges for `threads` threads, each starting just after a line feed, or `None` when
    /// the file is to be read on one thread.
    fn ranges(&self, threads: usize) -> Result<Option<Vec<(u64, u64)>>, Error> {
        let Some(start) = self.data_start else {
            return Ok(None);
        };
        // One thread reads in ranges too: the raw bytes are parsed and checked in place, which
        // is faster than the checked text stream the one-thread path reads through.
        if threads == 0 || self.ranges_failed {
            return Ok(None);
        }
        let mut file = File::open(&self.source.path).map_err(Error::io)?;
        let len = file.metadata().map_err(Error::io)?.len();
        let span = len.saturating_sub(start);
        if span < MIN_RANGE {
            return Ok(None);
        }
        let count = (threads as u64 * RANGES_PER_THREAD).min(span / MIN_RANGE);
        let mut bounds = vec![start];
        for i in 1..count {
            let nominal = start + span / count * i;
            if let Some(at) = line_start_after(&mut file, nominal, len)?
                && at > bounds[bounds.len() - 1]
            {
                bounds.push(at);
            }
        }
        bounds.push(len);
        let ranges: Vec<(u64, u64)> = bounds.windows(2).map(|w| (w[0], w[1])).collect();
        Ok(Some(ranges))
    }

    /// Reads `ranges` on `workers` threads. `None` when the ranges cannot be trusted or any of
    /// them met an error; the caller then reads on one thread.
    fn read_ranges<S: Send>(
        &self,
        ranges: &[(u64, u64)],
        workers: usize,
        make: &(impl Fn() -> S + Sync),
        each: &(impl Fn(&mut S, &Record<'_>) + Sync),
    ) -> Option<(Vec<S>, u64)> {
        let next = AtomicUsize::new(0);
        let failed = AtomicBool::new(false);
        let results: Vec<Option<(S, u64)>> = std::thread::scope(|scope| {
            let handles: Vec<_> = (0..workers)
                .map(|_| {
                    scope.spawn(|| {
                        let mut state = make();
                        let mut rows = 0u64;
                        loop {
                            if failed.load(Ordering::Relaxed) {
                                return None;
                            }
                            let i = next.fetch_add(1, Ordering::Relaxed);
                            let Some(&range) = ranges.get(i) else {
                                return Some((state, rows));
                            };
                            match self.read_range(range, &mut state, each, &failed) {
                                Some(n) => rows += n,
                                None => {
                                    failed.store(true, Ordering::Relaxed);
                                    return None;
                                }
                            }
                        }
                    })
                })
                .collect();
            handles
                .into_iter()
                // A panicking callback is the caller's bug; re-raise it on the caller's thread.
                .map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
                .collect()
        });
        if failed.load(Ordering::Relaxed) {
            return None;
        }
        let mut states = Vec::with_capacity(results.len());
        let mut rows = 0;
        for (state, n) in results.into_iter().flatten() {
            states.push(state);
            rows += n;
        }
        Some((states, rows))
    }

    /// Reads the records starting in `[start, end)`, checking that the record boundary at or
    /// after `end` is `end` itself. `None` on any error or a misplaced boundary.
    fn read_range<S>(
        &self,
        (start, end): (u64, u64),
        state: &mut S,
        each: &impl Fn(&mut S, &Record<'_>),
        failed: &AtomicBool,
    ) -> Option<u64> {
        let mut file = File::open(&self.source.path).ok()?;
        file.seek(SeekFrom::Start(start)).ok()?;
        let mut reader = RecordReader::new(file, self.delimiter, start);
        let mut rows = 0u64;
        loop {
            if reader.offset() >= end {
                return (reader.offset() == end).then_some(rows);
            }
            let raw = reader.next().ok()??;
            if raw.ends.len() != self.width {
                return None;
            }
            let record = raw.text().ok()?;
            each(state, &record);
            rows += 1;
            if rows.is_multiple_of(65_536) && failed.load(Ordering::Relaxed) {
                return None;
            }
        }
    }
}

/// Reads the CSV file at `path` on one thread: `on_header` gets the column names, then
/// `on_record` each data record until it breaks or the file ends. Returns `Ok(None)` without
/// calling either when the file is not CSV (read it with `open`).
pub fn csv_records(
    path: &Path,
    opts: &Options,
    on_header: impl FnOnce(&[String]),
    on_record: impl FnMut(&Record<'_>) -> ControlFlow<()>,
) -> Result<Option<CsvInfo>, Error> {
    let Some(mut text) = CsvText::open(path, opts)? else {
        return Ok(None);
    };
    on_header(text.header());
    let rows = text.for_each(on_record)?;
    Ok(Some(CsvInfo {
        encoding: text.encoding(),
        delimiter: text.delimiter(),
        rows,
    }))
}

/// What reading the records found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CsvInfo {
    pub encoding: TextEncoding,
    pub delimiter: char,
    /// Data records handed to the callback (the header is not one).
    pub rows: u64,
}

fn file_starts_with_bom(path: &Path) -> Result<bool, Error> {
    let mut head = [0u8; 3];
    let mut file = File::open(path).map_err(Error::io)?;
    let mut filled = 0;
    while filled < head.len() {
        match file.read(&mut head[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(Error::io(e)),
        }
    }
    Ok(filled == 3 && head == *b"\xEF\xBB\xBF")
}

/// The offset of the first byte after the first line feed at or after `from` that is followed by
/// neither a carriage return nor another line feed (so a blank line never sits on a boundary).
/// `None` when there is none before `len`.
fn line_start_after(file: &mut File, from: u64, len: u64) -> Result<Option<u64>, Error> {
    file.seek(SeekFrom::Start(from)).map_err(Error::io)?;
    let mut buf = vec![0u8; 64 * 1024];
    let mut offset = from;
    let mut after_newline = false;
    loop {
        let n = match file.read(&mut buf) {
            Ok(0) => return Ok(None),
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(Error::io(e)),
        };
        for (i, &b) in buf[..n].iter().enumerate() {
            let at = offset + i as u64;
            if after_newline && b != b'\n' && b != b'\r' {
                return Ok((at < len).then_some(at));
            }
            after_newline = b == b'\n';
        }
        offset += n as u64;
    }
}

/// One parsed record, borrowed from the reader: unescaped field bytes and where each ends.
struct RawRecord<'a> {
    bytes: &'a [u8],
    ends: &'a [usize],
    /// The line the record starts on (1-based, counted from where the reader started).
    line: u64,
}

impl<'a> RawRecord<'a> {
    /// The record as text, or an error when its bytes are not UTF-8.
    fn text(&self) -> Result<Record<'a>, simdutf8::basic::Utf8Error> {
        Ok(Record {
            text: simdutf8::basic::from_utf8(self.bytes)?,
            ends: self.ends,
        })
    }
}

/// A CSV record parser over a byte stream, built on `csv_core` with buffers it owns, so it knows
/// the exact stream offset of every record boundary (which `csv::Reader` does not expose).
struct RecordReader<R> {
    inner: R,
    core: csv_core::Reader,
    input: Vec<u8>,
    /// Next unparsed byte of `input`.
    pos: usize,
    /// End of the bytes read into `input`.
    filled: usize,
    /// Stream offset of `input[0]`.
    base: u64,
    eof: bool,
    output: Vec<u8>,
    ends: Vec<usize>,
}

impl<R: Read> RecordReader<R> {
    /// A reader whose first byte is at stream offset `base`.
    fn new(inner: R, delimiter: u8, base: u64) -> Self {
        // The same dialect as `csv_in::reader_builder`: double quotes, doubled quotes as
        // escapes, CR, LF or CRLF line ends.
        let core = csv_core::ReaderBuilder::new().delimiter(delimiter).build();
        RecordReader {
            inner,
            core,
            input: vec![0; INPUT_BUFFER],
            pos: 0,
            filled: 0,
            base,
            eof: false,
            output: vec![0; 4096],
            ends: vec![0; 64],
        }
    }

    /// The stream offset of the next record, past any line ends (blank lines hold no record).
    fn offset(&mut self) -> u64 {
        loop {
            while self.pos < self.filled && matches!(self.input[self.pos], b'\n' | b'\r') {
                if self.input[self.pos] == b'\n' {
                    // Keep the parser's line count in step with the bytes skipped for it.
                    self.core.set_line(self.core.line() + 1);
                }
                self.pos += 1;
            }
            if self.pos < self.filled || self.eof || self.refill().is_err() {
                return self.base + self.pos as u64;
            }
        }
    }

    /// Moves the unparsed bytes to the front and reads more after them.
    fn refill(&mut self) -> io::Result<()> {
        self.input.copy_within(self.pos..self.filled, 0);
        self.base += self.pos as u64;
        self.filled -= self.pos;
        self.pos = 0;
        loop {
            match self.inner.read(&mut self.input[self.filled..]) {
                Ok(0) => {
                    self.eof = true;
                    return Ok(());
                }
                Ok(n) => {
                    self.filled += n;
                    return Ok(());
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
    }

    /// The next record, or `None` at the end of the stream.
    fn next(&mut self) -> io::Result<Option<RawRecord<'_>>> {
        let mut out = 0;
        let mut nends = 0;
        self.offset();
        let line = self.core.line();
        loop {
            if self.pos == self.filled && !self.eof {
                self.refill()?;
            }
            // An empty input tells `csv_core` the stream has ended: it answers with the final
            // record or `End`.
            let finished = self.pos == self.filled;
            let (result, nin, nout, nend) = self.core.read_record(
                &self.input[self.pos..self.filled],
                &mut self.output[out..],
                &mut self.ends[nends..],
            );
            self.pos += nin;
            out += nout;
            nends += nend;
            match result {
                csv_core::ReadRecordResult::InputEmpty if finished => return Ok(None),
                csv_core::ReadRecordResult::InputEmpty => {}
                csv_core::ReadRecordResult::OutputFull => {
                    let len = self.output.len();
                    self.output.resize(len * 2, 0);
                }
                csv_core::ReadRecordResult::OutputEndsFull => {
                    let len = self.ends.len();
                    self.ends.resize(len * 2, 0);
                }
                csv_core::ReadRecordResult::Record => {
                    return Ok(Some(RawRecord {
                        bytes: &self.output[..out],
                        ends: &self.ends[..nends],
                        line,
                    }));
                }
                csv_core::ReadRecordResult::End => return Ok(None),
            }
        }
    }
}
