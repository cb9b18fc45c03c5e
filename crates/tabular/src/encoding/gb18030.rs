//! A streaming `Read` adapter that decodes GB18030 (and so GBK and GB2312) into UTF-8 with
//! `encoding_rs`, failing on bytes that are invalid even in GB18030.
//!
//! `encoding_rs` offers streaming decoders but no `Read` adapter that reports malformed input;
//! its convenience readers replace bad bytes with U+FFFD, which would silently alter the data.

use std::io::{self, Read};

use encoding_rs::{Decoder, DecoderResult, GB18030};

use crate::error::StreamFault;
use crate::model::TextEncoding;

/// Byte order marks accepted at the start: UTF-8's (some tools write it regardless of encoding)
/// and GB18030's own encoding of U+FEFF.
const BOMS: [&[u8]; 2] = [b"\xEF\xBB\xBF", b"\x84\x31\x95\x33"];
const LONGEST_BOM: usize = 4;

pub(crate) struct Gb18030Reader<R> {
    inner: R,
    decoder: Decoder,
    raw: Box<[u8]>,
    raw_start: usize,
    raw_end: usize,
    /// Stream offset just past the last raw byte given to the decoder.
    consumed: u64,
    out: Box<[u8]>,
    out_start: usize,
    out_end: usize,
    started: bool,
    eof: bool,
    finished: bool,
    /// Stream offset of the first malformed byte, once found.
    bad: Option<u64>,
}

impl<R: Read> Gb18030Reader<R> {
    pub(crate) fn new(inner: R) -> Self {
        Gb18030Reader {
            inner,
            decoder: GB18030.new_decoder_without_bom_handling(),
            raw: vec![0u8; 64 * 1024].into_boxed_slice(),
            raw_start: 0,
            raw_end: 0,
            consumed: 0,
            out: vec![0u8; 64 * 1024].into_boxed_slice(),
            out_start: 0,
            out_end: 0,
            started: false,
            eof: false,
            finished: false,
            bad: None,
        }
    }

    /// Reads raw bytes into the empty raw buffer; the first time, it gathers enough to recognise
    /// and skip a byte order mark.
    fn refill(&mut self) -> io::Result<()> {
        self.raw_start = 0;
        self.raw_end = 0;
        let want = if self.started { 1 } else { LONGEST_BOM };
        while self.raw_end < want {
            match self.inner.read(&mut self.raw[self.raw_end..]) {
                Ok(0) => {
                    self.eof = true;
                    break;
                }
                Ok(n) => self.raw_end += n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        if !self.started {
            self.started = true;
            let head = &self.raw[..self.raw_end];
            if let Some(bom) = BOMS.iter().find(|bom| head.starts_with(bom)) {
                self.raw_start = bom.len();
                self.consumed = bom.len() as u64;
            }
        }
        Ok(())
    }
}

impl<R: Read> Read for Gb18030Reader<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        if out.is_empty() {
            return Ok(0);
        }
        loop {
            if self.out_start < self.out_end {
                let n = out.len().min(self.out_end - self.out_start);
                out[..n].copy_from_slice(&self.out[self.out_start..self.out_start + n]);
                self.out_start += n;
                return Ok(n);
            }
            if let Some(offset) = self.bad {
                return Err(StreamFault::Encoding {
                    encoding: TextEncoding::Gb18030,
                    offset,
                }
                .into_io());
            }
            if self.finished {
                return Ok(0);
            }
            if self.raw_start == self.raw_end && !self.eof {
                self.refill()?;
            }
            let input = &self.raw[self.raw_start..self.raw_end];
            let (result, read, written) =
                self.decoder
                    .decode_to_utf8_without_replacement(input, &mut self.out, self.eof);
            self.raw_start += read;
            self.consumed += read as u64;
            self.out_start = 0;
            self.out_end = written;
            match result {
                DecoderResult::InputEmpty => self.finished = self.eof,
                DecoderResult::OutputFull => {}
                DecoderResult::Malformed(bad, after) => {
                    // The decoder has consumed the malformed bytes and `after` more; step back
                    // over both to point at the first bad byte.
                    let back = u64::from(bad) + u64::from(after);
                    self.bad = Some(self.consumed.saturating_sub(back));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(bytes: &[u8]) -> Result<String, u64> {
        let mut out = String::new();
        match Gb18030Reader::new(bytes).read_to_string(&mut out) {
            Ok(_) => Ok(out),
            Err(e) => match StreamFault::of(&e) {
                Some(StreamFault::Encoding { offset, .. }) => Err(offset),
                other => panic!("unexpected error {other:?}"),
            },
        }
    }

    #[test]
    fn gb18030_cases() {
        let gbk = encoding_rs::GBK
            .encode("姓名,城市\n张三,北京\n")
            .0
            .into_owned();
        let mut with_bom = b"\x84\x31\x95\x33".to_vec();
        with_bom.extend(&gbk);
        let mut cut = gbk.clone();
        cut.pop();
        cut.pop();
        let cut_len = cut.len() as u64;
        let cases: Vec<(&str, Vec<u8>, Result<String, u64>)> = vec![
            ("gbk", gbk.clone(), Ok("姓名,城市\n张三,北京\n".into())),
            ("gb18030 bom", with_bom, Ok("姓名,城市\n张三,北京\n".into())),
            ("utf-8 bom", b"\xEF\xBB\xBFab".to_vec(), Ok("ab".into())),
            (
                "four-byte",
                GB18030.encode("😀").0.into_owned(),
                Ok("😀".into()),
            ),
            ("ff ff", b"a,\xFF\xFF\n".to_vec(), Err(2)),
            ("cut character", cut, Err(cut_len - 1)),
            ("empty", Vec::new(), Ok(String::new())),
        ];
        for (name, bytes, expected) in cases {
            assert_eq!(run(&bytes), expected, "case {name}");
        }
    }

    #[test]
    fn long_input_decodes_across_buffers() {
        let text: String = (0..40_000).map(|i| format!("{i},北京\n")).collect();
        let bytes = encoding_rs::GBK.encode(&text).0.into_owned();
        assert_eq!(run(&bytes), Ok(text));
    }
}
