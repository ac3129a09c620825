//! The bundle as one ZIP: every file under a folder named for the case, dated with the
//! production's date (so the same files give the same archive), each entry AES-256 encrypted
//! (WinZip AE-2, which 7-Zip and most unzip tools open) when a password is given.
//!
//! Each file is written straight into a single-entry ZIP of its own, a `Part`: compressed,
//! encrypted and hashed as it is written, on whichever thread makes it. `join` then copies the
//! parts' entries into the bundle as they are, compressed and encrypted, so no file is written out
//! in clear, read back, or compressed twice.

use std::fs::File;
use std::io::{self, BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDateTime, Timelike};
use zip::write::SimpleFileOptions;
use zip::{AesMode, CompressionMethod, ZipArchive, ZipWriter};

use super::digest::{FileDigest, HashingWriter};

/// How the archive is written.
pub struct PackageOptions<'a> {
    /// The folder inside the archive, e.g. `LE-2026-0042`.
    pub folder: &'a str,
    pub password: Option<&'a str>,
    /// The time every entry carries (UTC); the ZIP format keeps it to two seconds, 1980 to 2107.
    pub modified: NaiveDateTime,
}

/// Whether a file is worth compressing: text is; PDFs already compress their pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Packing {
    Deflate,
    Store,
}

/// Deflate's fastest level: the data files are large and the time matters more than the last
/// tenth of their size (docs/PERFORMANCE.md).
const DEFLATE_LEVEL: i64 = 1;

/// One file of the bundle being written into its own single-entry ZIP.
pub struct Part {
    writer: HashingWriter<ZipWriter<BufWriter<File>>>,
    name: String,
    path: PathBuf,
}

impl Part {
    /// Starts `name` in a part file under `dir`.
    pub fn create(
        dir: &Path,
        name: &str,
        packing: Packing,
        options: &PackageOptions<'_>,
    ) -> io::Result<Part> {
        let path = dir.join(format!("{name}.part"));
        let mut zip = ZipWriter::new(BufWriter::with_capacity(256 * 1024, File::create(&path)?));
        let mut entry = SimpleFileOptions::default()
            .last_modified_time(zip_time(options.modified)?)
            .unix_permissions(0o644)
            .large_file(true);
        entry = match packing {
            Packing::Deflate => {
                entry.compression_method(CompressionMethod::Deflated).compression_level(Some(DEFLATE_LEVEL))
            }
            Packing::Store => entry.compression_method(CompressionMethod::Stored),
        };
        if let Some(password) = options.password {
            entry = entry.with_aes_encryption(AesMode::Aes256, password);
        }
        zip.start_file(format!("{}/{name}", options.folder), entry).map_err(io::Error::other)?;
        Ok(Part { writer: HashingWriter::new(zip), name: name.to_owned(), path })
    }

    /// Closes the part; returns where it is and the digest of the file it holds.
    pub fn finish(self) -> io::Result<(PathBuf, FileDigest)> {
        let (zip, digest) = self.writer.finish(&self.name)?;
        zip.finish().map_err(io::Error::other)?.into_inner().map_err(|e| e.into_error())?;
        Ok((self.path, digest))
    }
}

impl Write for Part {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.writer.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.writer.flush()
    }
}

/// Writes one whole file as a part.
pub fn write_part(
    dir: &Path,
    name: &str,
    bytes: &[u8],
    packing: Packing,
    options: &PackageOptions<'_>,
) -> io::Result<(PathBuf, FileDigest)> {
    let mut part = Part::create(dir, name, packing, options)?;
    part.write_all(bytes)?;
    part.finish()
}

/// Joins the parts, in order, into the bundle at `out` and returns the bundle's digest.
pub fn join(out: &Path, parts: &[PathBuf]) -> io::Result<FileDigest> {
    let file = File::create(out)?;
    let mut zip = ZipWriter::new(BufWriter::with_capacity(256 * 1024, file));
    for path in parts {
        let mut part = ZipArchive::new(BufReader::with_capacity(256 * 1024, File::open(path)?))
            .map_err(io::Error::other)?;
        let entry = part.by_index_raw(0).map_err(io::Error::other)?;
        zip.raw_copy_file(entry).map_err(io::Error::other)?;
    }
    // Not fsynced here: the bundle is made durable where it is kept (the blob store syncs its
    // copy before the production is recorded).
    zip.finish().map_err(io::Error::other)?.into_inner().map_err(|e| e.into_error())?;
    // ZIP writing seeks back to finish each entry's header, so the digest is taken afterwards.
    let name = out.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let mut hashing = HashingWriter::new(io::sink());
    io::copy(&mut BufReader::with_capacity(256 * 1024, File::open(out)?), &mut hashing)?;
    Ok(hashing.finish(&name)?.1)
}

fn zip_time(at: NaiveDateTime) -> io::Result<zip::DateTime> {
    let narrow = |value: u32| u8::try_from(value).unwrap_or(u8::MAX);
    let year = u16::try_from(at.year()).unwrap_or(0);
    zip::DateTime::from_date_and_time(
        year,
        narrow(at.month()),
        narrow(at.day()),
        narrow(at.hour()),
        narrow(at.minute()),
        narrow(at.second()),
    )
    .map_err(|_| {
        io::Error::new(io::ErrorKind::InvalidInput, format!("{at} cannot be written in a ZIP (1980 to 2107)"))
    })
}

#[cfg(test)]
mod tests;
