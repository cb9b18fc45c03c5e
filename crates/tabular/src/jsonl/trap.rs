//! A `BufRead` wrapper that keeps the first IO error it passes on.
//!
//! arrow-json's schema inference turns read errors into plain strings, which would lose the
//! encoding fault (and its byte offset) carried inside the IO error; the trap keeps the original
//! so the caller can report it precisely.

use std::io::{self, BufRead, Read};

pub(crate) struct FaultTrap<R> {
    inner: R,
    fault: Option<io::Error>,
}

impl<R> FaultTrap<R> {
    pub(crate) fn new(inner: R) -> Self {
        FaultTrap { inner, fault: None }
    }

    /// The first error seen, if any.
    pub(crate) fn take_fault(&mut self) -> Option<io::Error> {
        self.fault.take()
    }

    /// Keeps `error` if it is the first, and hands the caller a stand-in of the same kind.
    fn keep(&mut self, error: io::Error) -> io::Error {
        let stand_in = io::Error::new(error.kind(), "read failed");
        if self.fault.is_none() {
            self.fault = Some(error);
        }
        stand_in
    }
}

impl<R: Read> Read for FaultTrap<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.inner.read(buf).map_err(|e| self.keep(e))
    }
}

impl<R: BufRead> BufRead for FaultTrap<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        // Probe first so the error path does not hold a borrow of `inner`.
        if let Err(error) = self.inner.fill_buf() {
            return Err(self.keep(error));
        }
        self.inner.fill_buf()
    }

    fn consume(&mut self, amount: usize) {
        self.inner.consume(amount);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Failing;

    impl Read for Failing {
        fn read(&mut self, _buf: &mut [u8]) -> io::Result<usize> {
            Err(io::Error::other("original"))
        }
    }

    #[test]
    fn keeps_the_original_error() {
        let mut trap = FaultTrap::new(io::BufReader::new(Failing));
        let mut line = String::new();
        let stand_in = trap.read_line(&mut line).unwrap_err();
        assert_eq!(stand_in.to_string(), "read failed");
        assert_eq!(trap.take_fault().unwrap().to_string(), "original");
    }
}
