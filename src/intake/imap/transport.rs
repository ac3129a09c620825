//! The secured, logged-in IMAP connection, and the timeout and error wording every step shares.
//!
//! Kept apart from the mailbox logic so that "never plaintext, never unbounded waits, never the
//! password in a message" is decided in one place.

use std::future::Future;
use std::path::Path;
use std::sync::Arc;

use async_imap::imap_proto::{Response, Status};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName};
use tokio::net::TcpStream;
use tokio_rustls::TlsConnector;
use tokio_rustls::client::TlsStream;

use super::{ImapError, ImapSecurity, ImapSettings};

pub(super) type TlsSession = async_imap::Session<TlsStream<TcpStream>>;
type TlsClient = async_imap::Client<TlsStream<TcpStream>>;

/// The settings of one poll plus the `host:port` its error messages name.
pub(super) struct Context<'a> {
    pub settings: &'a ImapSettings,
    pub addr: String,
}

impl<'a> Context<'a> {
    pub fn new(settings: &'a ImapSettings) -> Self {
        Self { settings, addr: format!("{}:{}", settings.host, settings.port) }
    }

    /// Runs one network step under the configured timeout.
    pub async fn timed<T>(
        &self,
        step: &'static str,
        work: impl Future<Output = Result<T, ImapError>>,
    ) -> Result<T, ImapError> {
        match tokio::time::timeout(self.settings.timeout, work).await {
            Ok(result) => result,
            Err(_elapsed) => {
                Err(ImapError::Timeout { addr: self.addr.clone(), step, timeout: self.settings.timeout })
            }
        }
    }

    /// Runs one IMAP command (or a few that belong together) under the timeout.
    pub async fn command<T>(
        &self,
        step: &'static str,
        work: impl Future<Output = async_imap::error::Result<T>>,
    ) -> Result<T, ImapError> {
        self.timed(step, async { work.await.map_err(|error| self.protocol(step, &error)) }).await
    }

    pub fn protocol(&self, step: &'static str, error: &async_imap::error::Error) -> ImapError {
        ImapError::Protocol { addr: self.addr.clone(), step, detail: self.describe_imap(error) }
    }

    /// Like [`Self::describe`], but a NO/BAD answer is reduced to the server's own words.
    pub fn describe_imap(&self, error: &async_imap::error::Error) -> String {
        match server_reply(error) {
            Some(reply) => self.describe(&format_args!("the server replied: {reply}")),
            None => self.describe(error),
        }
    }

    /// An error's text with the password blanked out, should a server ever echo it.
    pub fn describe(&self, error: &dyn std::fmt::Display) -> String {
        let text = error.to_string();
        let password = self.settings.password.as_str();
        if password.is_empty() { text } else { text.replace(password, "<password>") }
    }
}

/// async-imap words NO/BAD answers as Debug output (`code: .., info: Some("text")` or
/// `Outcome { .., information: Some("text") }`); operators want the text.
fn server_reply(error: &async_imap::error::Error) -> Option<&str> {
    let (async_imap::error::Error::No(debug) | async_imap::error::Error::Bad(debug)) = error else {
        return None;
    };
    let (_, after) =
        debug.split_once("info: Some(\"").or_else(|| debug.split_once("information: Some(\""))?;
    after.rfind("\")").map(|end| &after[..end])
}

/// Connects, secures the connection as configured, and logs in.
pub(super) async fn open_session(ctx: &Context<'_>) -> Result<TlsSession, ImapError> {
    let connector = tls_connector(ctx)?;
    let server_name = server_name(ctx)?;
    let tcp = ctx.timed("connecting", connect_tcp(ctx)).await?;
    let client = match ctx.settings.security {
        ImapSecurity::Tls => {
            let tls = ctx.timed("negotiating TLS", handshake(ctx, &connector, server_name, tcp)).await?;
            let mut client = async_imap::Client::new(tls);
            ctx.timed("reading the server greeting", read_greeting(ctx, &mut client)).await?;
            client
        }
        ImapSecurity::Starttls => {
            let tcp = ctx.timed("requesting STARTTLS", request_starttls(ctx, tcp)).await?;
            let tls = ctx.timed("negotiating TLS", handshake(ctx, &connector, server_name, tcp)).await?;
            async_imap::Client::new(tls)
        }
    };
    ctx.timed("logging in", login(ctx, client)).await
}

/// Ends the session politely; a failure here changes nothing about what was imported.
pub(super) async fn logout(ctx: &Context<'_>, session: &mut TlsSession) {
    if let Err(error) = ctx.command("logging out", session.logout()).await {
        tracing::debug!(server = %ctx.addr, %error, "IMAP logout failed");
    }
}

async fn connect_tcp(ctx: &Context<'_>) -> Result<TcpStream, ImapError> {
    let settings = ctx.settings;
    TcpStream::connect((settings.host.as_str(), settings.port))
        .await
        .map_err(|source| ImapError::Connect { addr: ctx.addr.clone(), source })
}

async fn handshake(
    ctx: &Context<'_>,
    connector: &TlsConnector,
    server_name: ServerName<'static>,
    tcp: TcpStream,
) -> Result<TlsStream<TcpStream>, ImapError> {
    connector.connect(server_name, tcp).await.map_err(|error| tls_failure(ctx, &error))
}

/// Certificate problems get a hint, since a private CA is the usual cause.
fn tls_failure(ctx: &Context<'_>, error: &std::io::Error) -> ImapError {
    let certificate_problem = error
        .get_ref()
        .and_then(|inner| inner.downcast_ref::<rustls::Error>())
        .is_some_and(|inner| matches!(inner, rustls::Error::InvalidCertificate(_)));
    let hint = if certificate_problem {
        " (the server's certificate is not trusted; if it comes from a private CA, set ca_file)"
    } else {
        ""
    };
    ImapError::Tls { addr: ctx.addr.clone(), detail: format!("{}{hint}", ctx.describe(error)) }
}

async fn read_greeting(ctx: &Context<'_>, client: &mut TlsClient) -> Result<(), ImapError> {
    let greeting = client
        .read_response()
        .await
        .map_err(|error| ctx.protocol("reading the server greeting", &error.into()))?;
    let Some(greeting) = greeting else {
        return Err(greeting_error(ctx, "the connection closed before the greeting".to_owned()));
    };
    match greeting.parsed() {
        Response::Data { status: Status::Ok, .. } => Ok(()),
        other => Err(greeting_error(ctx, format!("unexpected greeting {other:?}"))),
    }
}

fn greeting_error(ctx: &Context<'_>, detail: String) -> ImapError {
    ImapError::Protocol { addr: ctx.addr.clone(), step: "reading the server greeting", detail }
}

/// Reads the plaintext greeting, asks for STARTTLS, and returns the bare socket to wrap in TLS.
async fn request_starttls(ctx: &Context<'_>, tcp: TcpStream) -> Result<TcpStream, ImapError> {
    let mut plain = async_imap::Client::new(tcp);
    let greeting =
        plain.read_response().await.map_err(|error| ctx.protocol("requesting STARTTLS", &error.into()))?;
    if greeting.is_none() {
        return Err(ImapError::StartTls {
            addr: ctx.addr.clone(),
            detail: "the connection closed before the greeting".to_owned(),
        });
    }
    plain
        .run_command_and_check_ok("STARTTLS", None)
        .await
        .map_err(|error| ImapError::StartTls { addr: ctx.addr.clone(), detail: ctx.describe_imap(&error) })?;
    Ok(plain.into_inner())
}

async fn login(ctx: &Context<'_>, client: TlsClient) -> Result<TlsSession, ImapError> {
    let settings = ctx.settings;
    match client.login(&settings.username, &settings.password).await {
        Ok(session) => Ok(session),
        Err((error @ (async_imap::error::Error::No(_) | async_imap::error::Error::Bad(_)), _client)) => {
            Err(ImapError::AuthenticationFailed {
                addr: ctx.addr.clone(),
                user: settings.username.clone(),
                detail: ctx.describe_imap(&error),
            })
        }
        Err((error, _client)) => Err(ctx.protocol("logging in", &error)),
    }
}

fn server_name(ctx: &Context<'_>) -> Result<ServerName<'static>, ImapError> {
    ServerName::try_from(ctx.settings.host.clone()).map_err(|error| ImapError::Tls {
        addr: ctx.addr.clone(),
        detail: format!("{:?} is not a valid host name for TLS: {error}", ctx.settings.host),
    })
}

/// Public CAs plus, when configured, the roots in `ca_file`; the `ring` provider only.
fn tls_connector(ctx: &Context<'_>) -> Result<TlsConnector, ImapError> {
    let mut roots = rustls::RootCertStore { roots: webpki_roots::TLS_SERVER_ROOTS.to_vec() };
    if let Some(path) = &ctx.settings.ca_file {
        add_ca_file(ctx, &mut roots, path)?;
    }
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|error| ImapError::Tls { addr: ctx.addr.clone(), detail: error.to_string() })?
        .with_root_certificates(roots)
        .with_no_client_auth();
    Ok(TlsConnector::from(Arc::new(config)))
}

fn add_ca_file(ctx: &Context<'_>, roots: &mut rustls::RootCertStore, path: &Path) -> Result<(), ImapError> {
    let ca_error =
        |detail: String| ImapError::CaFile { addr: ctx.addr.clone(), path: path.to_owned(), detail };
    let certificates = CertificateDer::pem_file_iter(path)
        .and_then(|iter| iter.collect::<Result<Vec<_>, _>>())
        .map_err(|error| ca_error(error.to_string()))?;
    let (added, _unusable) = roots.add_parsable_certificates(certificates);
    if added == 0 {
        return Err(ca_error("it holds no usable PEM certificate".to_owned()));
    }
    Ok(())
}
