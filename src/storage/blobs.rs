//! Content-addressed storage for raw emails, attachments, PDFs and bundles.
//!
//! Blobs are named by their SHA-256, written to a temp file, fsynced and renamed into place, and
//! verified again on every read: a corrupted blob is reported, never served.

use std::fs;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

#[derive(Debug, thiserror::Error)]
pub enum BlobError {
    #[error("blob {0} was not found")]
    NotFound(String),
    #[error("blob {digest} is corrupted: its contents hash to {actual}")]
    Corrupted { digest: String, actual: String },
    #[error("{0:?} is not a SHA-256 digest")]
    BadDigest(String),
    #[error("blob store I/O: {0}")]
    Io(#[from] io::Error),
}

/// Where blobs live. A directory today; an object store can implement this later.
pub trait BlobStore: Send + Sync {
    /// Stores the bytes and returns their lower-case hex SHA-256. Storing twice is harmless.
    fn put(&self, bytes: &[u8]) -> Result<String, BlobError> {
        let digest = sha256_hex(bytes);
        self.put_digested(&digest, bytes)?;
        Ok(digest)
    }
    /// `put` for bytes whose digest the caller has just computed (intake hashes each message
    /// once). A wrong digest is caught by `get`, which verifies every read.
    fn put_digested(&self, digest: &str, bytes: &[u8]) -> Result<(), BlobError>;
    /// Reads the bytes back, checking they still hash to `digest`.
    fn get(&self, digest: &str) -> Result<Vec<u8>, BlobError>;
    fn contains(&self, digest: &str) -> Result<bool, BlobError>;
    /// Stores a file's contents without reading it all into memory (bundles run to hundreds of
    /// megabytes); returns its digest and size.
    fn put_file(&self, path: &Path) -> Result<(String, u64), BlobError>;
    /// A reader over the blob that fails at its end if the contents do not hash to `digest`, so
    /// a streamed blob is verified like one read whole.
    fn open(&self, digest: &str) -> Result<Box<dyn Read + Send>, BlobError>;
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// Blobs under `<root>/sha256/ab/cd/abcd...`.
#[derive(Debug, Clone)]
pub struct DirBlobStore {
    root: PathBuf,
}

impl DirBlobStore {
    pub fn open(root: impl Into<PathBuf>) -> Result<DirBlobStore, BlobError> {
        let root = root.into();
        fs::create_dir_all(root.join("sha256"))?;
        fs::create_dir_all(root.join("tmp"))?;
        Ok(DirBlobStore { root })
    }

    /// Path of a blob; public so operators' tooling and tests can find it.
    pub fn path_of(&self, digest: &str) -> Result<PathBuf, BlobError> {
        check_digest(digest)?;
        Ok(self.root.join("sha256").join(&digest[0..2]).join(&digest[2..4]).join(digest))
    }
}

fn check_digest(digest: &str) -> Result<(), BlobError> {
    let valid =
        digest.len() == 64 && digest.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
    if valid { Ok(()) } else { Err(BlobError::BadDigest(digest.chars().take(80).collect())) }
}

impl BlobStore for DirBlobStore {
    fn put_digested(&self, digest: &str, bytes: &[u8]) -> Result<(), BlobError> {
        let path = self.path_of(digest)?;
        if path.exists() {
            return Ok(());
        }
        let dir = path.parent().expect("blob paths have a parent");
        fs::create_dir_all(dir)?;
        let mut temp = tempfile::NamedTempFile::new_in(self.root.join("tmp"))?;
        temp.write_all(bytes)?;
        temp.as_file().sync_all()?;
        temp.persist(&path).map_err(|e| e.error)?;
        sync_dir(dir)?;
        Ok(())
    }

    fn get(&self, digest: &str) -> Result<Vec<u8>, BlobError> {
        let path = self.path_of(digest)?;
        let bytes = match fs::read(&path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                return Err(BlobError::NotFound(digest.to_owned()));
            }
            Err(e) => return Err(e.into()),
        };
        let actual = sha256_hex(&bytes);
        if actual != digest {
            return Err(BlobError::Corrupted { digest: digest.to_owned(), actual });
        }
        Ok(bytes)
    }

    fn contains(&self, digest: &str) -> Result<bool, BlobError> {
        Ok(self.path_of(digest)?.exists())
    }

    fn put_file(&self, path: &Path) -> Result<(String, u64), BlobError> {
        let mut temp = tempfile::NamedTempFile::new_in(self.root.join("tmp"))?;
        let mut hasher = Sha256::new();
        let mut source = fs::File::open(path)?;
        let mut buffer = vec![0u8; 256 * 1024];
        let mut size = 0u64;
        loop {
            let read = source.read(&mut buffer)?;
            if read == 0 {
                break;
            }
            hasher.update(&buffer[..read]);
            temp.write_all(&buffer[..read])?;
            size += read as u64;
        }
        let digest = hex::encode(hasher.finalize());
        let target = self.path_of(&digest)?;
        if target.exists() {
            return Ok((digest, size));
        }
        let dir = target.parent().expect("blob paths have a parent");
        fs::create_dir_all(dir)?;
        temp.as_file().sync_all()?;
        temp.persist(&target).map_err(|e| e.error)?;
        sync_dir(dir)?;
        Ok((digest, size))
    }

    fn open(&self, digest: &str) -> Result<Box<dyn Read + Send>, BlobError> {
        let path = self.path_of(digest)?;
        match fs::File::open(&path) {
            Ok(file) => Ok(Box::new(VerifyingReader {
                inner: io::BufReader::with_capacity(256 * 1024, file),
                hasher: Sha256::new(),
                expected: digest.to_owned(),
                done: false,
            })),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Err(BlobError::NotFound(digest.to_owned())),
            Err(e) => Err(e.into()),
        }
    }
}

/// Hashes what passes through and reports a mismatch instead of the end of the data.
struct VerifyingReader<R> {
    inner: R,
    hasher: Sha256,
    expected: String,
    done: bool,
}

impl<R: Read> Read for VerifyingReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.done {
            return Ok(0);
        }
        let read = self.inner.read(buf)?;
        if read > 0 {
            self.hasher.update(&buf[..read]);
            return Ok(read);
        }
        self.done = true;
        let actual = hex::encode(std::mem::take(&mut self.hasher).finalize());
        if actual != self.expected {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                format!("blob {} is corrupted: its contents hash to {actual}", self.expected),
            ));
        }
        Ok(0)
    }
}

/// Makes the rename durable (the directory entry, not just the file).
fn sync_dir(dir: &Path) -> io::Result<()> {
    fs::File::open(dir)?.sync_all()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_blob_round_trips_under_its_digest() {
        let dir = tempfile::tempdir().unwrap();
        let store = DirBlobStore::open(dir.path()).unwrap();
        let digest = store.put(b"subpoena").unwrap();
        assert_eq!(digest, sha256_hex(b"subpoena"));
        assert_eq!(store.put(b"subpoena").unwrap(), digest);
        assert_eq!(store.get(&digest).unwrap(), b"subpoena");
        assert!(store.path_of(&digest).unwrap().ends_with(format!(
            "{}/{}/{digest}",
            &digest[..2],
            &digest[2..4]
        )));
    }

    #[test]
    fn a_corrupted_blob_is_detected_not_served() {
        let dir = tempfile::tempdir().unwrap();
        let store = DirBlobStore::open(dir.path()).unwrap();
        let digest = store.put(b"original").unwrap();
        fs::write(store.path_of(&digest).unwrap(), b"tampered").unwrap();
        assert!(matches!(store.get(&digest), Err(BlobError::Corrupted { .. })));
    }

    #[test]
    fn a_file_is_stored_streaming_and_read_back_verified() {
        let dir = tempfile::tempdir().unwrap();
        let store = DirBlobStore::open(dir.path().join("blobs")).unwrap();
        let source = dir.path().join("bundle.zip");
        let contents: Vec<u8> = (0..700_000u32).map(|i| (i % 251) as u8).collect();
        fs::write(&source, &contents).unwrap();
        let (digest, size) = store.put_file(&source).unwrap();
        assert_eq!((digest.as_str(), size), (sha256_hex(&contents).as_str(), 700_000));
        assert_eq!(store.put_file(&source).unwrap().0, digest, "storing twice is harmless");
        let mut read = Vec::new();
        store.open(&digest).unwrap().read_to_end(&mut read).unwrap();
        assert_eq!(read, contents);

        let mut tampered = contents.clone();
        tampered[123_456] ^= 1;
        fs::write(store.path_of(&digest).unwrap(), &tampered).unwrap();
        let error = store.open(&digest).unwrap().read_to_end(&mut Vec::new()).unwrap_err();
        assert_eq!(error.kind(), io::ErrorKind::InvalidData);
        assert!(matches!(store.open(&"1".repeat(64)), Err(BlobError::NotFound(_))));
    }

    #[test]
    fn a_missing_blob_and_a_bad_digest_are_clear_errors() {
        let dir = tempfile::tempdir().unwrap();
        let store = DirBlobStore::open(dir.path()).unwrap();
        assert!(matches!(store.get(&"0".repeat(64)), Err(BlobError::NotFound(_))));
        assert!(matches!(store.get("../../etc/passwd"), Err(BlobError::BadDigest(_))));
    }
}
