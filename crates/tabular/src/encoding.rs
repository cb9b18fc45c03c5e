//! The text layer: turns the decompressed byte stream into checked UTF-8, either by validating
//! UTF-8 or by decoding GB18030, and guesses which of the two a file uses.
//!
//! Parsers downstream only ever see valid UTF-8, and every invalid byte becomes an encoding fault
//! with its offset instead of a silent replacement character, so no data is altered unnoticed.
//! Decoding happens before CSV parsing because GB18030 trail bytes include ASCII such as `|`,
//! which would otherwise be mistaken for delimiters.

mod gb18030;
mod utf8;

use std::borrow::Cow;
use std::io::{self, BufReader, Read};

use crate::error::Error;
use crate::model::TextEncoding;
use crate::source::{BUFFER, ByteStream, Source};

pub(crate) use gb18030::Gb18030Reader;
pub(crate) use utf8::Utf8Reader;

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// A decoded text stream that yields only valid UTF-8.
pub(crate) enum TextReader {
    Utf8(Utf8Reader<ByteStream>),
    Gb18030(Gb18030Reader<ByteStream>),
}

impl Read for TextReader {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self {
            TextReader::Utf8(reader) => reader.read(buf),
            TextReader::Gb18030(reader) => reader.read(buf),
        }
    }
}

/// Opens the file from the start as buffered UTF-8 text, decoding as `encoding`.
pub(crate) fn open_text(
    source: &Source,
    encoding: TextEncoding,
) -> Result<BufReader<TextReader>, Error> {
    let bytes = source.open()?;
    let text = match encoding {
        TextEncoding::Utf8 => TextReader::Utf8(Utf8Reader::new(bytes)),
        TextEncoding::Gb18030 => TextReader::Gb18030(Gb18030Reader::new(bytes)),
    };
    Ok(BufReader::with_capacity(BUFFER, text))
}

/// Guesses the encoding from the sniff window: UTF-8 unless the window already proves otherwise.
///
/// A multi-byte character cut off by the end of an incomplete window is not evidence against
/// UTF-8. Invalid UTF-8 later in the file is caught while reading, which then restarts as GB18030.
pub(crate) fn guess(window: &[u8], complete: bool) -> TextEncoding {
    let text = window.strip_prefix(UTF8_BOM).unwrap_or(window);
    match std::str::from_utf8(text) {
        Ok(_) => TextEncoding::Utf8,
        Err(e) if e.error_len().is_none() && !complete => TextEncoding::Utf8,
        Err(_) => TextEncoding::Gb18030,
    }
}

/// Decodes the sniff window for delimiter detection, replacing bad bytes, since this text is only
/// inspected for punctuation and is never handed out.
pub(crate) fn decode_window(window: &[u8], encoding: TextEncoding) -> Cow<'_, str> {
    let text = window.strip_prefix(UTF8_BOM).unwrap_or(window);
    match encoding {
        TextEncoding::Utf8 => String::from_utf8_lossy(text),
        TextEncoding::Gb18030 => encoding_rs::GB18030.decode_without_bom_handling(text).0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guess_cases() {
        let gbk = encoding_rs::GBK
            .encode("姓名,城市\n张三,北京\n")
            .0
            .into_owned();
        let cut_utf8 = "名字".as_bytes()[..4].to_vec();
        let cases: &[(&str, &[u8], bool, TextEncoding)] = &[
            ("ascii", b"a,b\n", true, TextEncoding::Utf8),
            ("utf-8", "名字,城市\n".as_bytes(), true, TextEncoding::Utf8),
            ("bom", b"\xEF\xBB\xBFa\n", true, TextEncoding::Utf8),
            ("gbk", &gbk, true, TextEncoding::Gb18030),
            ("cut at window end", &cut_utf8, false, TextEncoding::Utf8),
            ("cut at file end", &cut_utf8, true, TextEncoding::Gb18030),
        ];
        for (name, bytes, complete, expected) in cases {
            assert_eq!(guess(bytes, *complete), *expected, "case {name}");
        }
    }

    #[test]
    fn window_decoding_drops_the_bom() {
        assert_eq!(decode_window(b"\xEF\xBB\xBFa;b", TextEncoding::Utf8), "a;b");
        let gbk = encoding_rs::GBK.encode("甲|乙").0.into_owned();
        assert_eq!(decode_window(&gbk, TextEncoding::Gb18030), "甲|乙");
    }
}
