//! Dashboard sessions: a cookie sealed with AES-256-GCM under the configured session key,
//! holding who signed in, when, their session epoch and a random session id. A session is good
//! while it is younger than `dashboard.session_hours`, the user is enabled and their epoch is
//! unchanged (disabling a user or changing a password moves it on). Forms carry a CSRF token
//! derived from the session id with HMAC-SHA-256, so a token is good only with its own session.

use std::path::Path;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use ring::aead::{AES_256_GCM, Aad, LessSafeKey, NONCE_LEN, Nonce, UnboundKey};
use ring::hmac;
use ring::rand::{SecureRandom, SystemRandom};
use serde::{Deserialize, Serialize};

pub const COOKIE: &str = "lert_session";
/// The sign-in form's own cookie, so the form is CSRF-protected before a session exists.
pub const SIGNIN_COOKIE: &str = "lert_signin";

/// What a session cookie says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claims {
    pub user_id: String,
    pub epoch: i64,
    /// Seconds since the Unix epoch.
    pub issued_at: i64,
    /// Random per sign-in: a new sign-in is a new session (and new CSRF tokens).
    pub session_id: String,
}

/// The keys sessions are sealed and forms signed with.
pub struct SessionKeys {
    seal: LessSafeKey,
    csrf: hmac::Key,
    random: SystemRandom,
}

impl std::fmt::Debug for SessionKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SessionKeys([hidden])")
    }
}

impl SessionKeys {
    pub fn new(secret: &[u8; 32]) -> SessionKeys {
        // Separate keys for sealing and signing, both derived from the one secret.
        let derive = |label: &[u8]| {
            let tag = hmac::sign(&hmac::Key::new(hmac::HMAC_SHA256, secret), label);
            let mut key = [0u8; 32];
            key.copy_from_slice(tag.as_ref());
            key
        };
        let seal =
            LessSafeKey::new(UnboundKey::new(&AES_256_GCM, &derive(b"lert session seal")).expect("32 bytes"));
        let csrf = hmac::Key::new(hmac::HMAC_SHA256, &derive(b"lert csrf"));
        SessionKeys { seal, csrf, random: SystemRandom::new() }
    }

    /// The configured key (64 hex digits), else the one in `<data_dir>/session.key`, created with
    /// owner-only permissions the first time.
    pub fn load(configured: &str, data_dir: &Path) -> std::io::Result<SessionKeys> {
        let hex_key = if configured.is_empty() {
            let path = data_dir.join("session.key");
            match std::fs::read_to_string(&path) {
                Ok(text) => text.trim().to_owned(),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                    let mut bytes = [0u8; 32];
                    SystemRandom::new()
                        .fill(&mut bytes)
                        .map_err(|_| std::io::Error::other("no randomness"))?;
                    let text = hex::encode(bytes);
                    write_private(&path, &text)?;
                    text
                }
                Err(e) => return Err(e),
            }
        } else {
            configured.to_owned()
        };
        let bytes =
            hex::decode(&hex_key).ok().and_then(|b| <[u8; 32]>::try_from(b).ok()).ok_or_else(|| {
                std::io::Error::new(std::io::ErrorKind::InvalidData, "the session key is not 64 hex digits")
            })?;
        Ok(SessionKeys::new(&bytes))
    }

    pub fn new_session_id(&self) -> String {
        let mut bytes = [0u8; 16];
        self.random.fill(&mut bytes).expect("the system's randomness");
        hex::encode(bytes)
    }

    /// The cookie value: nonce then ciphertext, URL-safe base64.
    pub fn seal(&self, claims: &Claims) -> String {
        let mut nonce = [0u8; NONCE_LEN];
        self.random.fill(&mut nonce).expect("the system's randomness");
        let mut data = serde_json::to_vec(claims).expect("claims serialise");
        self.seal
            .seal_in_place_append_tag(Nonce::assume_unique_for_key(nonce), Aad::from(COOKIE), &mut data)
            .expect("sealing cannot fail for in-memory data");
        let mut out = nonce.to_vec();
        out.extend_from_slice(&data);
        URL_SAFE_NO_PAD.encode(out)
    }

    /// The claims of a cookie sealed with this key; `None` for anything else.
    pub fn open(&self, cookie: &str) -> Option<Claims> {
        let raw = URL_SAFE_NO_PAD.decode(cookie.as_bytes()).ok()?;
        if raw.len() <= NONCE_LEN {
            return None;
        }
        let (nonce, sealed) = raw.split_at(NONCE_LEN);
        let nonce = Nonce::try_assume_unique_for_key(nonce).ok()?;
        let mut sealed = sealed.to_vec();
        let plain = self.seal.open_in_place(nonce, Aad::from(COOKIE), &mut sealed).ok()?;
        serde_json::from_slice(plain).ok()
    }

    pub fn csrf_token(&self, claims: &Claims) -> String {
        self.csrf_token_for(&claims.session_id)
    }

    /// Compares in constant time.
    pub fn csrf_ok(&self, claims: &Claims, token: &str) -> bool {
        self.csrf_ok_for(&claims.session_id, token)
    }

    /// A token for a session id (the sign-in form's, before there is a session).
    pub fn csrf_token_for(&self, session_id: &str) -> String {
        hex::encode(hmac::sign(&self.csrf, session_id.as_bytes()).as_ref())
    }

    pub fn csrf_ok_for(&self, session_id: &str, token: &str) -> bool {
        !session_id.is_empty()
            && hex::decode(token.trim())
                .is_ok_and(|tag| hmac::verify(&self.csrf, session_id.as_bytes(), &tag).is_ok())
    }
}

fn write_private(path: &Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(path)?;
    file.write_all(text.as_bytes())?;
    file.sync_all()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claims() -> Claims {
        Claims { user_id: "u1".into(), epoch: 0, issued_at: 1_780_000_000, session_id: "s1".into() }
    }

    #[test]
    fn a_sealed_cookie_opens_only_with_its_key_and_unaltered() {
        let keys = SessionKeys::new(&[7u8; 32]);
        let cookie = keys.seal(&claims());
        assert_eq!(keys.open(&cookie), Some(claims()));
        assert_ne!(keys.seal(&claims()), cookie, "a fresh nonce each time");
        assert_eq!(SessionKeys::new(&[8u8; 32]).open(&cookie), None, "another key");
        let mut tampered = cookie.into_bytes();
        let last = tampered.len() - 3;
        tampered[last] = if tampered[last] == b'A' { b'B' } else { b'A' };
        assert_eq!(keys.open(&String::from_utf8(tampered).unwrap()), None);
        assert_eq!(keys.open("not a cookie"), None);
        assert_eq!(keys.open(""), None);
    }

    #[test]
    fn a_csrf_token_belongs_to_its_session() {
        let keys = SessionKeys::new(&[7u8; 32]);
        let token = keys.csrf_token(&claims());
        assert!(keys.csrf_ok(&claims(), &token));
        let other = Claims { session_id: "s2".into(), ..claims() };
        assert!(!keys.csrf_ok(&other, &token));
        assert!(!keys.csrf_ok(&claims(), ""));
        assert!(!keys.csrf_ok(&claims(), "zz"));
    }

    #[test]
    fn the_key_file_is_made_once_and_kept() {
        let dir = tempfile::tempdir().unwrap();
        let first = SessionKeys::load("", dir.path()).unwrap();
        let cookie = first.seal(&claims());
        let again = SessionKeys::load("", dir.path()).unwrap();
        assert_eq!(again.open(&cookie), Some(claims()), "a restart keeps people signed in");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(dir.path().join("session.key")).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        assert!(SessionKeys::load("12", dir.path()).is_err());
    }
}
