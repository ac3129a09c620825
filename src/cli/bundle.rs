//! `lert bundle REF --out FILE`: generate a case's next production bundle (or copy out an
//! existing version with `--version`) and print the version as JSON.

use std::io::Write;
use std::path::Path;

use crate::app::Storage;
use crate::clock::Clock;
use crate::config::Settings;
use crate::domain::reference::CaseReference;
use crate::storage::production_json::ProductionJson;
use crate::storage::production_rows::{deliveries_of, files_of};
use crate::workflows::Actor;
use crate::workflows::clocks::Clocks;
use crate::workflows::productions::delivery::open_bundle;
use crate::workflows::productions::generate::{GenerateOptions, Producer, SourceChoice, generate_production};
use crate::workflows::users::actor_by_email;

use super::CliError;

pub struct BundleArgs<'a> {
    pub reference: &'a str,
    pub out: &'a Path,
    pub password_file: Option<&'a Path>,
    pub source: Option<&'a str>,
    /// Copy out this existing version instead of generating a new one.
    pub version: Option<i32>,
    pub acting_as: Option<&'a str>,
}

pub fn bundle(
    storage: &Storage,
    settings: &Settings,
    clock: &dyn Clock,
    clocks: &Clocks,
    args: &BundleArgs<'_>,
) -> Result<String, CliError> {
    let reference = CaseReference::parse(args.reference).map_err(|e| CliError::Usage(e.to_string()))?;
    if args.out.exists() {
        return Err(CliError::Usage(format!(
            "{} exists; lert does not overwrite a bundle",
            args.out.display()
        )));
    }
    if args.version.is_some() && (args.password_file.is_some() || args.source.is_some()) {
        return Err(CliError::Usage(
            "--version copies out a bundle as it was made; --password-file and --source apply to new ones"
                .into(),
        ));
    }
    let password = args.password_file.map(read_password).transpose()?;
    let source = args.source.map(SourceChoice::parse).transpose().map_err(CliError::Usage)?;
    let now = clock.now();
    let mut conn = storage.pool.get()?;
    let actor = match args.acting_as {
        Some(email) => actor_by_email(&mut conn, email)?,
        None => Actor::system("cli"),
    };
    let blobs = storage.blobs.as_ref();
    let version = match args.version {
        Some(version) => version,
        None => {
            let producer = Producer::new(blobs, clocks, settings);
            let options = GenerateOptions { password, source };
            generate_production(&mut conn, &producer, now, &actor, &reference, &options)?.version
        }
    };
    let (row, mut reader) = open_bundle(&mut conn, blobs, now, &actor, &reference, version)?;
    let parent = args.out.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let mut file = tempfile::NamedTempFile::new_in(parent)
        .map_err(|e| CliError::Usage(format!("cannot write into {}: {e}", parent.display())))?;
    std::io::copy(&mut reader, &mut file).map_err(anyhow::Error::from)?;
    file.flush().map_err(anyhow::Error::from)?;
    file.as_file().sync_all().map_err(anyhow::Error::from)?;
    file.persist_noclobber(args.out)
        .map_err(|e| CliError::Usage(format!("cannot write {}: {}", args.out.display(), e.error)))?;
    let files = files_of(&mut conn, &row.id)?;
    let deliveries = deliveries_of(&mut conn, &row.id)?;
    let json = ProductionJson::new(reference.as_str(), row, files, deliveries);
    Ok(serde_json::to_string_pretty(&json).map_err(anyhow::Error::from)?)
}

fn read_password(path: &Path) -> Result<String, CliError> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| CliError::Usage(format!("cannot read the password file {}: {e}", path.display())))?;
    let password = text.trim_end_matches(['\r', '\n']).to_owned();
    if password.is_empty() {
        return Err(CliError::Usage(format!("the password file {} is empty", path.display())));
    }
    Ok(password)
}
