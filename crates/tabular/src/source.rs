//! The byte layer: opening the input file, peeling off gzip, reading the sniff window, and
//! spooling gzip-wrapped Parquet to a temporary file.
//!
//! Every pass over a file (sniffing, inference, reading, diagnosis) reopens it through `Source`, so
//! no pass has to keep earlier bytes in memory and each pass sees exactly the same stream.

use std::fs::File;
use std::io::{self, BufReader, Read};
use std::path::{Path, PathBuf};

use flate2::read::MultiGzDecoder;
use tempfile::NamedTempFile;

use crate::error::{Error, StreamFault, classify_io};
use crate::model::{Compression, Format};

/// The number of decompressed bytes inspected to detect the format, encoding and delimiter.
pub(crate) const WINDOW: usize = 64 * 1024;

/// The buffer size for file and text readers; large enough to amortise system calls.
pub(crate) const BUFFER: usize = 64 * 1024;

const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];

/// A decompressed byte stream over the input.
pub(crate) type ByteStream = Box<dyn Read + Send>;

/// Where the bytes come from and how to unwrap them.
#[derive(Debug, Clone)]
pub(crate) struct Source {
    pub(crate) path: PathBuf,
    pub(crate) compression: Compression,
}

impl Source {
    /// Looks at the first bytes of the file to learn its compression.
    pub(crate) fn detect(path: &Path) -> Result<Source, Error> {
        let mut file = File::open(path).map_err(Error::io)?;
        let mut magic = [0u8; 2];
        let mut filled = 0;
        while filled < magic.len() {
            match file.read(&mut magic[filled..]) {
                Ok(0) => break,
                Ok(n) => filled += n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(Error::io(e)),
            }
        }
        let compression = if filled == 2 && magic == GZIP_MAGIC {
            Compression::Gzip
        } else {
            Compression::None
        };
        Ok(Source {
            path: path.to_path_buf(),
            compression,
        })
    }

    /// Opens a fresh decompressed stream from the start of the file.
    pub(crate) fn open(&self) -> Result<ByteStream, Error> {
        let file = File::open(&self.path).map_err(Error::io)?;
        let buffered = BufReader::with_capacity(BUFFER, file);
        Ok(match self.compression {
            Compression::None => Box::new(buffered),
            Compression::Gzip => Box::new(GzipGuard(MultiGzDecoder::new(buffered))),
        })
    }

    /// Reads up to `WINDOW` decompressed bytes from the start, and whether they are the whole
    /// stream.
    pub(crate) fn window(&self) -> Result<(Vec<u8>, bool), Error> {
        let mut stream = self.open()?;
        read_window(&mut stream, WINDOW).map_err(|e| classify_io(e, None))
    }

    /// Decompresses the whole stream into a temporary file beside the input, for formats that
    /// need random access; the file is deleted when the returned handle drops.
    pub(crate) fn spool(&self, format: Format) -> Result<NamedTempFile, Error> {
        let mut spool = NamedTempFile::new_in(parent_dir(&self.path)).map_err(Error::io)?;
        let mut stream = self.open()?;
        io::copy(&mut stream, spool.as_file_mut()).map_err(|e| classify_io(e, Some(format)))?;
        Ok(spool)
    }
}

/// The directory holding `path`, treating a bare file name as the current directory.
pub(crate) fn parent_dir(path: &Path) -> &Path {
    match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    }
}

/// Reads until `cap` bytes or the end of the stream, returning the bytes and whether the end was
/// reached.
pub(crate) fn read_window(stream: &mut dyn Read, cap: usize) -> io::Result<(Vec<u8>, bool)> {
    let mut window = vec![0u8; cap];
    let mut filled = 0;
    while filled < cap {
        match stream.read(&mut window[filled..]) {
            Ok(0) => {
                window.truncate(filled);
                return Ok((window, true));
            }
            Ok(n) => filled += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok((window, false))
}

/// Whether `bytes` start with the gzip magic number.
pub(crate) fn is_gzip(bytes: &[u8]) -> bool {
    bytes.starts_with(&GZIP_MAGIC)
}

/// Tags the errors of a gzip decoder so a truncated or corrupt stream can be told apart from a
/// failing disk once the error has travelled up through the parsers.
struct GzipGuard<R>(R);

impl<R: Read> Read for GzipGuard<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.0.read(buf).map_err(|e| {
            if StreamFault::of(&e).is_some() {
                return e;
            }
            match e.kind() {
                io::ErrorKind::UnexpectedEof => StreamFault::GzipTruncated.into_io(),
                io::ErrorKind::InvalidInput | io::ErrorKind::InvalidData => {
                    StreamFault::GzipCorrupt.into_io()
                }
                _ => e,
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use flate2::write::GzEncoder;
    use std::io::Write;

    fn gzip(bytes: &[u8]) -> Vec<u8> {
        let mut encoder = GzEncoder::new(Vec::new(), flate2::Compression::default());
        encoder.write_all(bytes).unwrap();
        encoder.finish().unwrap()
    }

    fn read_all(bytes: Vec<u8>) -> io::Result<Vec<u8>> {
        let mut out = Vec::new();
        GzipGuard(MultiGzDecoder::new(io::Cursor::new(bytes))).read_to_end(&mut out)?;
        Ok(out)
    }

    #[test]
    fn truncated_gzip_is_tagged() {
        let data: Vec<u8> = (0..10_000u32).flat_map(|i| i.to_le_bytes()).collect();
        let mut packed = gzip(&data);
        packed.truncate(packed.len() / 2);
        let err = read_all(packed).unwrap_err();
        assert_eq!(StreamFault::of(&err), Some(StreamFault::GzipTruncated));
    }

    #[test]
    fn corrupt_gzip_is_tagged() {
        let mut packed = gzip(b"a,b\n1,2\n");
        let last = packed.len() - 5;
        packed[last] ^= 0xff;
        let err = read_all(packed).unwrap_err();
        assert_eq!(StreamFault::of(&err), Some(StreamFault::GzipCorrupt));
    }

    #[test]
    fn concatenated_members_read_as_one_stream() {
        let mut packed = gzip(b"a,b\n");
        packed.extend(gzip(b"1,2\n"));
        assert_eq!(read_all(packed).unwrap(), b"a,b\n1,2\n");
    }

    #[test]
    fn window_reports_whether_it_saw_the_end() {
        let (window, complete) = read_window(&mut io::Cursor::new(vec![1u8; 10]), 4).unwrap();
        assert_eq!((window.len(), complete), (4, false));
        let (window, complete) = read_window(&mut io::Cursor::new(vec![1u8; 3]), 4).unwrap();
        assert_eq!((window.len(), complete), (3, true));
    }
}
