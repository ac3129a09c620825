//! The `[dashboard]` settings: the session key, how long a sign-in lasts, and the sign-in
//! throttle.

use serde::{Deserialize, Serialize};

use super::Secret;

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct DashboardSettings {
    /// 64 hex digits (32 bytes) that seal session cookies; empty means the key in
    /// `<data_dir>/session.key`, generated on first start, so restarts keep people signed in.
    pub session_key: Secret,
    /// A sign-in lasts this long, then the user signs in again.
    pub session_hours: u32,
    /// Mark the session cookie `Secure` even when the request did not arrive over HTTPS (set it
    /// behind a TLS proxy that does not send `X-Forwarded-Proto`).
    pub secure_cookies: bool,
    /// Failed sign-ins for one email (or 4× as many from one address) within `lockout_minutes`
    /// lock it for `lockout_minutes`.
    pub max_failed_signins: u32,
    pub lockout_minutes: u32,
}

impl Default for DashboardSettings {
    fn default() -> Self {
        DashboardSettings {
            session_key: Secret::default(),
            session_hours: 12,
            secure_cookies: false,
            max_failed_signins: 5,
            lockout_minutes: 15,
        }
    }
}

impl DashboardSettings {
    pub fn validate(&self) -> Result<(), String> {
        let key = self.session_key.expose();
        if !key.is_empty() && (key.len() != 64 || hex::decode(key).is_err()) {
            return Err("dashboard.session_key must be 64 hex digits (32 bytes)".to_owned());
        }
        if !(1..=24 * 30).contains(&self.session_hours) {
            return Err("dashboard.session_hours must be 1 to 720".to_owned());
        }
        if self.max_failed_signins == 0 || self.lockout_minutes == 0 {
            return Err(
                "dashboard.max_failed_signins and dashboard.lockout_minutes must be at least 1".to_owned()
            );
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_key_must_be_32_bytes_of_hex_and_the_limits_positive() {
        assert_eq!(DashboardSettings::default().validate(), Ok(()));
        let with = |change: fn(&mut DashboardSettings)| {
            let mut settings = DashboardSettings::default();
            change(&mut settings);
            settings.validate()
        };
        assert!(with(|s| s.session_key = Secret::new("ab".repeat(32))).is_ok());
        assert!(with(|s| s.session_key = Secret::new("xyz")).unwrap_err().contains("64 hex digits"));
        assert!(with(|s| s.session_hours = 0).is_err());
        assert!(with(|s| s.lockout_minutes = 0).is_err());
    }
}
