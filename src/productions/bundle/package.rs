//! The bundle as one ZIP: every file under a folder named for the case, deflated, dated with the
//! production's date (so the same files give the same archive), and, when a password is given,
//! each entry AES-256 encrypted (WinZip AE-2, which 7-Zip and most unzip tools open). Files are
//! copied in with a fixed buffer, never read whole.

use std::fs::File;
use std::io::{self, BufReader, BufWriter};
use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDateTime, Timelike};
use zip::write::SimpleFileOptions;
use zip::{AesMode, CompressionMethod, ZipWriter};

use super::digest::{FileDigest, HashingWriter};

/// How the archive is written.
pub struct PackageOptions<'a> {
    /// The folder inside the archive, e.g. `LE-2026-0042`.
    pub folder: &'a str,
    pub password: Option<&'a str>,
    /// The time every entry carries (UTC); the ZIP format keeps it to two seconds, 1980 to 2107.
    pub modified: NaiveDateTime,
}

/// Writes `files` (name in the archive, path on disk) to `out` and returns the archive's digest.
pub fn write_zip(
    out: &Path,
    files: &[(String, PathBuf)],
    options: &PackageOptions<'_>,
) -> io::Result<FileDigest> {
    let modified = zip_time(options.modified)?;
    let file = File::create(out)?;
    let mut zip = ZipWriter::new(BufWriter::with_capacity(256 * 1024, file));
    let mut entry = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .last_modified_time(modified)
        .unix_permissions(0o644)
        .large_file(true);
    if let Some(password) = options.password {
        entry = entry.with_aes_encryption(AesMode::Aes256, password);
    }
    for (name, path) in files {
        zip.start_file(format!("{}/{name}", options.folder), entry).map_err(io::Error::other)?;
        io::copy(&mut BufReader::with_capacity(256 * 1024, File::open(path)?), &mut zip)?;
    }
    let buffered = zip.finish().map_err(io::Error::other)?;
    buffered.into_inner().map_err(|e| e.into_error())?.sync_all()?;
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
