use std::io::Read;
use std::process::Command;

use super::*;
use crate::productions::bundle::manifest::sha256sum_lines;

/// Parts for two files and their manifest; the second file is stored, the others deflated.
fn sample(dir: &Path, options: &PackageOptions<'_>) -> (Vec<PathBuf>, Vec<FileDigest>) {
    let mut parts = Vec::new();
    let mut digests = Vec::new();
    for (name, text, packing) in [
        ("accounts.csv", "account_id\r\n12345\r\n", Packing::Deflate),
        ("notes.txt", "produced\n", Packing::Store),
    ] {
        let (path, digest) = write_part(dir, name, text.as_bytes(), packing, options).unwrap();
        let mut hashing = HashingWriter::new(io::sink());
        io::Write::write_all(&mut hashing, text.as_bytes()).unwrap();
        assert_eq!(hashing.finish(name).unwrap().1, digest, "a part's digest is its file's");
        digests.push(digest);
        parts.push(path);
    }
    let manifest = sha256sum_lines(&digests);
    parts.push(write_part(dir, "MANIFEST.sha256", manifest.as_bytes(), Packing::Deflate, options).unwrap().0);
    (parts, digests)
}

fn options(password: Option<&str>) -> PackageOptions<'_> {
    let modified = chrono::NaiveDate::from_ymd_opt(2026, 6, 5).unwrap().and_hms_opt(16, 0, 0).unwrap();
    PackageOptions { folder: "LE-2026-0042", password, modified }
}

#[test]
fn a_bundle_unzips_and_its_manifest_checks_out() {
    let dir = tempfile::tempdir().unwrap();
    let (parts, _) = sample(dir.path(), &options(None));
    let out = dir.path().join("bundle.zip");
    let digest = join(&out, &parts).unwrap();
    assert_eq!(digest.size, std::fs::metadata(&out).unwrap().len());
    // The same files at the same time give the same archive.
    let other = tempfile::tempdir().unwrap();
    let (again, _) = sample(other.path(), &options(None));
    assert_eq!(join(&other.path().join("again.zip"), &again).unwrap().sha256, digest.sha256);

    let mut archive = zip::ZipArchive::new(File::open(&out).unwrap()).unwrap();
    let mut text = String::new();
    archive.by_name("LE-2026-0042/notes.txt").unwrap().read_to_string(&mut text).unwrap();
    assert_eq!(text, "produced\n");
    assert_eq!(archive.by_name("LE-2026-0042/notes.txt").unwrap().compression(), CompressionMethod::Stored);
    assert_eq!(
        archive.by_name("LE-2026-0042/accounts.csv").unwrap().compression(),
        CompressionMethod::Deflated
    );
    assert_eq!(archive.len(), 3);

    let (Ok(unzip), Ok(_)) =
        (Command::new("unzip").arg("-v").output(), Command::new("sha256sum").arg("--version").output())
    else {
        eprintln!("skipped the unzip and sha256sum check: the tools are not installed");
        return;
    };
    assert!(unzip.status.success());
    let target = dir.path().join("unzipped");
    let unzipped = Command::new("unzip").arg("-q").arg(&out).arg("-d").arg(&target).output().unwrap();
    assert!(unzipped.status.success(), "{}", String::from_utf8_lossy(&unzipped.stderr));
    let check = Command::new("sha256sum")
        .args(["-c", "MANIFEST.sha256"])
        .current_dir(target.join("LE-2026-0042"))
        .output()
        .unwrap();
    assert!(check.status.success(), "{}", String::from_utf8_lossy(&check.stdout));
}

#[test]
fn an_encrypted_bundle_opens_with_its_password_only() {
    let dir = tempfile::tempdir().unwrap();
    let (parts, _) = sample(dir.path(), &options(Some("correct horse battery staple")));
    let out = dir.path().join("bundle.zip");
    join(&out, &parts).unwrap();
    let mut archive = zip::ZipArchive::new(File::open(&out).unwrap()).unwrap();
    assert!(archive.by_name("LE-2026-0042/notes.txt").is_err(), "not readable without the password");
    assert!(archive.by_name_decrypt("LE-2026-0042/notes.txt", b"wrong").is_err());
    let mut text = String::new();
    archive
        .by_name_decrypt("LE-2026-0042/notes.txt", b"correct horse battery staple")
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    assert_eq!(text, "produced\n");

    // Debian's 7-Zip (`7zz`, package 7zip; or `7z`), when installed: it is what agencies use.
    let Some(seven) = ["7zz", "7z"].into_iter().find(|tool| Command::new(tool).arg("i").output().is_ok())
    else {
        eprintln!("skipped the 7-Zip check: neither 7zz nor 7z is installed");
        return;
    };
    let extract = |password: &str, into: &str| {
        Command::new(seven)
            .args(["x", "-y", &format!("-p{password}"), &format!("-o{}", dir.path().join(into).display())])
            .arg(&out)
            .output()
            .unwrap()
    };
    assert!(!extract("wrong", "bad").status.success(), "7-Zip must refuse a wrong password");
    let good = extract("correct horse battery staple", "good");
    assert!(good.status.success(), "{}", String::from_utf8_lossy(&good.stdout));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("good/LE-2026-0042/notes.txt")).unwrap(),
        "produced\n"
    );
}
