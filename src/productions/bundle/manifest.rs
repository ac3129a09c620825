//! The bundle's manifests: `MANIFEST.sha256`, which `sha256sum -c` checks after unzipping, and
//! `manifest.json`, which says what the bundle is (case, process, window, generator) and lists
//! every file with its size and digest.

use chrono::NaiveDate;
use serde::Serialize;

use super::digest::FileDigest;

/// What `manifest.json` says.
#[derive(Debug, Clone, Serialize)]
pub struct Manifest {
    pub case_reference: String,
    pub process: String,
    /// The lookback window applied to API logs and certificates, as dates; absent when counsel
    /// recorded a backup retrieval.
    pub window: Option<(NaiveDate, NaiveDate)>,
    /// `lert <version>`.
    pub generator: String,
    pub generated_on: NaiveDate,
    pub files: Vec<FileDigest>,
}

impl Manifest {
    pub fn to_json(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).expect("a manifest always serialises");
        text.push('\n');
        text
    }
}

/// `<sha256>  <name>` lines, sorted by name, as `sha256sum` writes them.
pub fn sha256sum_lines(files: &[FileDigest]) -> String {
    let mut sorted: Vec<&FileDigest> = files.iter().collect();
    sorted.sort_by(|a, b| a.name.cmp(&b.name));
    sorted.iter().map(|file| format!("{}  {}\n", file.sha256, file.name)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sha256sum_lines_are_sorted_with_two_spaces() {
        let file =
            |name: &str, sha256: &str| FileDigest { name: name.into(), size: 1, sha256: sha256.into() };
        assert_eq!(sha256sum_lines(&[file("b.csv", "bb"), file("a.json", "aa")]), "aa  a.json\nbb  b.csv\n");
    }
}
