//! The effective settings: the running configuration serialised and shown as a table per
//! section, every secret hidden. Hiding goes by name (anything named like a password, secret,
//! key, token or credential) and by shape (the password in a URL's user info or a
//! `password=` parameter), so a setting added later is shown, and hidden, without a change here.

use actix_web::{HttpRequest, HttpResponse, web};
use serde::Serialize;
use serde_json::Value;
use tera::Context;

use super::admin_page;
use crate::app::AppState;
use crate::config::Settings;
use crate::web::pages::PageError;

pub const HIDDEN: &str = "••••";

#[derive(Debug, Serialize)]
pub struct Section {
    pub name: String,
    pub rows: Vec<(String, String)>,
}

pub async fn show(state: web::Data<AppState>, request: HttpRequest) -> Result<HttpResponse, PageError> {
    let mut context = Context::new();
    context.insert("title", "Admin · Settings");
    context.insert("sections", &sections(&state.settings));
    admin_page(&state, &request, "admin_settings.html", context).await
}

/// The settings by section (`general` for the top-level ones), secrets hidden.
pub fn sections(settings: &Settings) -> Vec<Section> {
    let Ok(Value::Object(top)) = serde_json::to_value(settings) else { return Vec::new() };
    let mut general = Section { name: "general".into(), rows: Vec::new() };
    let mut sections = Vec::new();
    for (key, value) in top {
        match value {
            Value::Object(inner) => {
                let mut section = Section { name: key, rows: Vec::new() };
                flatten("", &Value::Object(inner), &mut section.rows);
                sections.push(section);
            }
            other => general.rows.push((key.clone(), shown(&key, &other))),
        }
    }
    if settings.database_url.expose().is_empty() {
        let default = format!("{} (the default)", mask_passwords(&settings.effective_database_url()));
        if let Some(row) = general.rows.iter_mut().find(|(name, _)| name == "database_url") {
            row.1 = default;
        }
    }
    sections.insert(0, general);
    sections
}

fn flatten(prefix: &str, value: &Value, rows: &mut Vec<(String, String)>) {
    let Value::Object(map) = value else { return };
    for (key, value) in map {
        let name = if prefix.is_empty() { key.clone() } else { format!("{prefix}.{key}") };
        match value {
            Value::Object(_) if !is_secret_name(key) => flatten(&name, value, rows),
            other => {
                let text = shown(&name, other);
                rows.push((name, text));
            }
        }
    }
}

fn is_secret_name(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    ["password", "secret", "key", "token", "credential"].iter().any(|word| name.contains(word))
}

/// A value as shown: hidden when its name says secret, else with any password inside masked.
fn shown(name: &str, value: &Value) -> String {
    let absent = match value {
        Value::Null => true,
        Value::String(s) => s.is_empty(),
        Value::Array(a) => a.is_empty(),
        _ => false,
    };
    if absent {
        return "(not set)".into();
    }
    if is_secret_name(name) {
        return HIDDEN.into();
    }
    match value {
        Value::String(s) => mask_passwords(s),
        Value::Array(items) => items.iter().map(|item| shown(name, item)).collect::<Vec<_>>().join(", "),
        // An object in a list (a closure day, say): its fields, each shown by the same rules.
        Value::Object(map) => {
            let fields: Vec<String> = map
                .iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| format!("{k}: {}", shown(k, v)))
                .collect();
            format!("{{{}}}", fields.join(", "))
        }
        other => other.to_string(),
    }
}

/// `scheme://user:secret@host/...` → `scheme://user:••••@host/...`, and the value of every
/// `password=` parameter (URL query or libpq keyword form) masked.
pub fn mask_passwords(text: &str) -> String {
    let mut out = text.to_owned();
    if let Some(start) = out.find("://").map(|i| i + 3) {
        let authority_end = out[start..].find(['/', '?', '#']).map_or(out.len(), |i| start + i);
        if let Some(at) = out[start..authority_end].rfind('@').map(|i| start + i)
            && let Some(colon) = out[start..at].find(':').map(|i| start + i)
        {
            out.replace_range(colon + 1..at, HIDDEN);
        }
    }
    let mut from = 0;
    while let Some(found) = out[from..].to_ascii_lowercase().find("password=") {
        let value_start = from + found + "password=".len();
        let value_end = out[value_start..].find([' ', '&', ';']).map_or(out.len(), |i| value_start + i);
        out.replace_range(value_start..value_end, HIDDEN);
        from = value_start + HIDDEN.len();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Secret;
    use crate::config::intake::ImapSetting;

    #[test]
    fn no_secret_value_is_shown() {
        let mut settings = Settings {
            database_url: Secret::new("postgres://lert:db-pass-1@db.internal:5432/lert?sslmode=require"),
            ..Settings::default()
        };
        settings.mail.smtp_url = Secret::new("smtp://mailer:smtp-url-pass-2@smtp.internal:587");
        settings.mail.smtp_username = "mailer".into();
        settings.mail.smtp_password = Secret::new("smtp-pass-3");
        settings.dashboard.session_key = Secret::new("ab".repeat(32));
        settings.productions.records_database_url =
            Secret::new("host=records user=ro password=records-pass-4 dbname=records");
        let imap: ImapSetting = serde_json::from_value(serde_json::json!({
            "host": "imap.internal", "security": "tls", "username": "intake", "password": "imap-pass-5",
            "mailbox": "INBOX", "after_import": "flag", "move_to": "", "timeout_seconds": 30
        }))
        .unwrap();
        settings.intake.imap = Some(imap);
        let page = format!("{:?}", sections(&settings));
        for secret in
            ["db-pass-1", "smtp-url-pass-2", "smtp-pass-3", &"ab".repeat(32), "records-pass-4", "imap-pass-5"]
        {
            assert!(!page.contains(secret), "{secret} shown in {page}");
        }
        assert!(page.contains("postgres://lert:••••@db.internal:5432/lert?sslmode=require"), "{page}");
        assert!(page.contains("smtp://mailer:••••@smtp.internal:587"), "{page}");
        assert!(page.contains("host=records user=ro password=•••• dbname=records"), "{page}");
        assert!(page.contains("\"imap.host\", \"imap.internal\""), "the rest is shown: {page}");
        assert!(page.contains("\"session_key\", \"••••\""), "{page}");
        assert!(page.contains("\"smtp_username\", \"mailer\""), "{page}");
        let listed = shown(
            "closures",
            &serde_json::json!([{ "date": "2026-12-24", "name": "Office closed", "api_key": "k-6" }]),
        );
        assert_eq!(listed, "{api_key: ••••, date: 2026-12-24, name: Office closed}");
        let default = sections(&Settings::default());
        assert!(format!("{default:?}").contains("sqlite://./lert-data/lert.db (the default)"), "{default:?}");
    }

    #[test]
    fn passwords_inside_urls_are_masked_and_the_rest_kept() {
        assert_eq!(mask_passwords("sqlite://./lert-data/lert.db"), "sqlite://./lert-data/lert.db");
        assert_eq!(mask_passwords("postgres://u@h/db"), "postgres://u@h/db");
        assert_eq!(mask_passwords("postgres://u:p@ss@h/db"), "postgres://u:••••@h/db");
        assert_eq!(
            mask_passwords("postgres://h/db?user=u&Password=x&a=b"),
            "postgres://h/db?user=u&Password=••••&a=b"
        );
    }
}
