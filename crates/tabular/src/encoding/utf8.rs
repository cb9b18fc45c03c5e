//! A streaming `Read` adapter that checks UTF-8 and passes it through unchanged, minus a leading
//! byte order mark.
//!
//! Checking here rather than in the parsers gives every invalid byte the same error, with its exact
//! offset, and lets the CSV reader fall back to GB18030 no matter which parser met the byte.

use std::io::{self, Read};

use crate::error::StreamFault;
use crate::model::TextEncoding;

use super::UTF8_BOM;

/// Longest incomplete UTF-8 sequence that can sit at the end of a chunk.
const MAX_TAIL: usize = 3;

pub(crate) struct Utf8Reader<R> {
    inner: R,
    buf: Box<[u8]>,
    /// Next byte to hand out.
    start: usize,
    /// End of the bytes already checked.
    checked: usize,
    /// End of the bytes read from `inner`.
    end: usize,
    /// Stream offset of `buf[0]`.
    base: u64,
    /// Whether the leading BOM has been dealt with.
    started: bool,
    eof: bool,
    /// Stream offset of the first invalid byte, once found.
    bad: Option<u64>,
}

impl<R: Read> Utf8Reader<R> {
    pub(crate) fn new(inner: R) -> Self {
        Utf8Reader {
            inner,
            buf: vec![0u8; 64 * 1024].into_boxed_slice(),
            start: 0,
            checked: 0,
            end: 0,
            base: 0,
            started: false,
            eof: false,
            bad: None,
        }
    }

    fn fault(&self, offset: u64) -> io::Error {
        StreamFault::Encoding {
            encoding: TextEncoding::Utf8,
            offset,
        }
        .into_io()
    }

    /// Reads more bytes after the unchecked tail and checks as many as form whole characters.
    fn refill(&mut self) -> io::Result<()> {
        debug_assert!(self.end - self.checked <= MAX_TAIL);
        self.buf.copy_within(self.checked..self.end, 0);
        self.base += self.checked as u64;
        self.end -= self.checked;
        self.start = 0;
        self.checked = 0;

        let n = loop {
            match self.inner.read(&mut self.buf[self.end..]) {
                Ok(n) => break n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        };
        self.eof = n == 0;
        self.end += n;

        if !self.started {
            // The BOM can only be recognised once three bytes, or the whole stream, are in.
            if self.end < UTF8_BOM.len() && !self.eof {
                return Ok(());
            }
            self.started = true;
            if self.buf[..self.end].starts_with(UTF8_BOM) {
                self.start = UTF8_BOM.len();
                self.checked = UTF8_BOM.len();
            }
        }

        match std::str::from_utf8(&self.buf[self.checked..self.end]) {
            Ok(_) => self.checked = self.end,
            Err(e) => {
                self.checked += e.valid_up_to();
                if e.error_len().is_some() || self.eof {
                    self.bad = Some(self.base + self.checked as u64);
                }
            }
        }
        Ok(())
    }
}

impl<R: Read> Read for Utf8Reader<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        if out.is_empty() {
            return Ok(0);
        }
        loop {
            if self.start < self.checked {
                let n = out.len().min(self.checked - self.start);
                out[..n].copy_from_slice(&self.buf[self.start..self.start + n]);
                self.start += n;
                return Ok(n);
            }
            if let Some(offset) = self.bad {
                return Err(self.fault(offset));
            }
            if self.eof && self.started {
                return Ok(0);
            }
            self.refill()?;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::StreamFault;

    /// Hands out its bytes in chunks of `step`, to exercise sequences split across reads.
    struct Trickle<'a> {
        bytes: &'a [u8],
        step: usize,
    }

    impl Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            let n = self.step.min(buf.len()).min(self.bytes.len());
            buf[..n].copy_from_slice(&self.bytes[..n]);
            self.bytes = &self.bytes[n..];
            Ok(n)
        }
    }

    fn run(bytes: &[u8], step: usize) -> Result<Vec<u8>, u64> {
        let mut out = Vec::new();
        let mut reader = Utf8Reader::new(Trickle { bytes, step });
        match reader.read_to_end(&mut out) {
            Ok(_) => Ok(out),
            Err(e) => match StreamFault::of(&e) {
                Some(StreamFault::Encoding { offset, .. }) => Err(offset),
                other => panic!("unexpected error {other:?}"),
            },
        }
    }

    /// Name, input, and the output or the offset of the first invalid byte.
    type Case = (&'static str, &'static [u8], Result<&'static [u8], u64>);

    #[test]
    fn utf8_cases() {
        let cases: &[Case] = &[
            ("plain", "名字,a\n".as_bytes(), Ok("名字,a\n".as_bytes())),
            ("bom stripped", b"\xEF\xBB\xBFa,b", Ok(b"a,b")),
            ("bom alone", b"\xEF\xBB\xBF", Ok(b"")),
            ("short", b"a", Ok(b"a")),
            ("empty", b"", Ok(b"")),
            ("invalid byte", b"ab\xFFcd", Err(2)),
            ("invalid after bom", b"\xEF\xBB\xBFab\xFF", Err(5)),
            ("cut sequence at end", b"ab\xE5\x90", Err(2)),
        ];
        for step in [1, 2, 3, 1000] {
            for (name, input, expected) in cases {
                let expected = expected.map(<[u8]>::to_vec);
                assert_eq!(run(input, step), expected, "case {name}, step {step}");
            }
        }
    }

    #[test]
    fn valid_prefix_is_delivered_before_the_fault() {
        let mut reader = Utf8Reader::new(&b"abc\xFF"[..]);
        let mut buf = [0u8; 16];
        assert_eq!(reader.read(&mut buf).unwrap(), 3);
        assert!(reader.read(&mut buf).is_err());
    }
}
