//! A writer that hashes what passes through it, so a file's digest is known the moment it is
//! written, without reading it back.

use std::io::{self, Write};

use serde::Serialize;
use sha2::{Digest, Sha256};

/// A produced file as the manifest and the certification list it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FileDigest {
    pub name: String,
    pub size: u64,
    /// Lower-case hex SHA-256.
    pub sha256: String,
}

pub struct HashingWriter<W> {
    inner: W,
    hasher: Sha256,
    size: u64,
}

impl<W: Write> HashingWriter<W> {
    pub fn new(inner: W) -> HashingWriter<W> {
        HashingWriter { inner, hasher: Sha256::new(), size: 0 }
    }

    /// Flushes and returns the inner writer with the digest of everything written.
    pub fn finish(mut self, name: &str) -> io::Result<(W, FileDigest)> {
        self.inner.flush()?;
        let digest = FileDigest {
            name: name.to_owned(),
            size: self.size,
            sha256: hex::encode(self.hasher.finalize()),
        };
        Ok((self.inner, digest))
    }
}

impl<W: Write> Write for HashingWriter<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let written = self.inner.write(buf)?;
        self.hasher.update(&buf[..written]);
        self.size += written as u64;
        Ok(written)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_digest_is_that_of_the_bytes_written() {
        let mut writer = HashingWriter::new(Vec::new());
        writer.write_all(b"abc").unwrap();
        let (bytes, digest) = writer.finish("abc.txt").unwrap();
        assert_eq!(bytes, b"abc");
        assert_eq!(digest.size, 3);
        assert_eq!(digest.sha256, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }
}
