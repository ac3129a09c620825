//! The legal team's dashboard: server-rendered pages (Tera, no JavaScript), signed in with an
//! encrypted session cookie, every form carrying a CSRF token, every page sent with a strict
//! Content-Security-Policy. Pages read through the same workflows and read models as the API.

pub mod account;
pub mod admin;
pub mod calendar;
pub mod case_actions;
pub mod case_forms;
pub mod case_mail;
pub mod cases;
pub mod documents;
pub mod forms;
pub mod intake;
pub mod ndo_form;
pub mod new_case;
pub mod session;
pub mod signin;
pub mod today;

use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::{DateTime, TimeDelta, Utc};
use serde::Serialize;
use tera::{Context, Tera};

use crate::app::AppState;
use crate::storage::DbConnection;
use crate::workflows::signin::session_actor;
use crate::workflows::{Actor, WorkflowError};
use session::{COOKIE, Claims};

const SOURCES: &[(&str, &str)] = &[
    ("head.html", include_str!("../../templates/pages/head.html")),
    ("cases.html", include_str!("../../templates/pages/cases.html")),
    ("base.html", include_str!("../../templates/pages/base.html")),
    ("macros.html", include_str!("../../templates/pages/macros.html")),
    ("signin.html", include_str!("../../templates/pages/signin.html")),
    ("today.html", include_str!("../../templates/pages/today.html")),
    ("case.html", include_str!("../../templates/pages/case.html")),
    ("error.html", include_str!("../../templates/pages/error.html")),
    ("intake.html", include_str!("../../templates/pages/intake.html")),
    ("intake_message.html", include_str!("../../templates/pages/intake_message.html")),
    ("case_mail.html", include_str!("../../templates/pages/case_mail.html")),
    ("calendar.html", include_str!("../../templates/pages/calendar.html")),
    ("new_case.html", include_str!("../../templates/pages/new_case.html")),
    ("form_macros.html", include_str!("../../templates/pages/form_macros.html")),
    ("case_forms/process_fields.html", include_str!("../../templates/pages/case_forms/process_fields.html")),
    ("case_forms/process.html", include_str!("../../templates/pages/case_forms/process.html")),
    ("case_forms/targets.html", include_str!("../../templates/pages/case_forms/targets.html")),
    ("case_forms/preservations.html", include_str!("../../templates/pages/case_forms/preservations.html")),
    ("case_forms/ndos.html", include_str!("../../templates/pages/case_forms/ndos.html")),
    ("case_forms/production.html", include_str!("../../templates/pages/case_forms/production.html")),
    ("case_forms/replies.html", include_str!("../../templates/pages/case_forms/replies.html")),
    ("account.html", include_str!("../../templates/pages/account.html")),
    ("admin.html", include_str!("../../templates/pages/admin.html")),
    ("admin_users.html", include_str!("../../templates/pages/admin_users.html")),
    ("admin_tokens.html", include_str!("../../templates/pages/admin_tokens.html")),
    ("admin_settings.html", include_str!("../../templates/pages/admin_settings.html")),
    ("admin_templates.html", include_str!("../../templates/pages/admin_templates.html")),
    ("admin_template.html", include_str!("../../templates/pages/admin_template.html")),
];

const STYLESHEET: &str = include_str!("../../assets/lert.css");

/// Inline script and style are refused; the only stylesheet is lert's own.
const PAGE_CSP: &str = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; \
                        frame-ancestors 'none'; base-uri 'none'";

/// The page templates, compiled once at start (HTML autoescaped).
pub fn templates() -> Tera {
    let mut tera = Tera::default();
    tera.add_raw_templates(SOURCES.iter().copied()).expect("the page templates in templates/pages/ parse");
    tera.autoescape_on(vec![".html"]);
    tera
}

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/", web::get().to(today::show))
        .route("/signin", web::get().to(signin::form))
        .route("/signin", web::post().to(signin::submit))
        .route("/signout", web::post().to(signin::sign_out))
        .route("/cases", web::get().to(cases::list))
        .route("/cases", web::post().to(new_case::create))
        .route("/cases/new", web::get().to(new_case::form))
        .route("/cases/{reference}", web::get().to(cases::show))
        .route("/cases/{reference}/status", web::post().to(case_actions::change))
        .route("/cases/{reference}/ndos", web::post().to(ndo_form::add))
        .route("/cases/{reference}/productions", web::post().to(case_actions::produce))
        .route("/cases/{reference}/productions/{version}/bundle", web::get().to(case_actions::download))
        .route("/cases/{reference}/guesses/{id}", web::post().to(case_mail::decide))
        .route("/cases/{reference}/documents/{id}", web::get().to(documents::document))
        .route("/intake", web::get().to(intake::list))
        .route("/intake/{id}", web::get().to(intake::show))
        .route("/intake/{id}/open", web::post().to(intake::open))
        .route("/intake/{id}/attach", web::post().to(intake::attach))
        .route("/calendar", web::get().to(calendar::month))
        .route("/calendar/feed", web::post().to(calendar::create))
        .route("/calendar/feed/revoke", web::post().to(calendar::revoke))
        .route("/calendar/feed/{token}.ics", web::get().to(calendar::feed::read))
        .route("/assets/lert.css", web::get().to(stylesheet))
        .configure(case_forms::routes)
        .configure(account::routes)
        .configure(admin::routes);
}

async fn stylesheet() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/css; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, "public, max-age=3600"))
        .body(STYLESHEET)
}

/// Why a page was not shown.
#[derive(Debug)]
pub enum PageError {
    /// Not signed in (or the session ended): to the sign-in page.
    SignIn,
    Forbidden(String),
    NotFound(String),
    BadRequest(String),
    /// lert's fault: logged, shown as a generic page.
    Internal(String),
}

impl From<WorkflowError> for PageError {
    fn from(error: WorkflowError) -> Self {
        match error {
            WorkflowError::Invalid(m) | WorkflowError::Conflict(m) => PageError::BadRequest(m),
            WorkflowError::NotFound(m) => PageError::NotFound(m),
            WorkflowError::Forbidden(m) => PageError::Forbidden(m),
            other => PageError::Internal(other.to_string()),
        }
    }
}

impl From<crate::storage::StorageError> for PageError {
    fn from(error: crate::storage::StorageError) -> Self {
        PageError::Internal(error.to_string())
    }
}

impl From<diesel::result::Error> for PageError {
    fn from(error: diesel::result::Error) -> Self {
        PageError::Internal(error.to_string())
    }
}

impl std::fmt::Display for PageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{self:?}")
    }
}

impl actix_web::ResponseError for PageError {
    fn status_code(&self) -> StatusCode {
        match self {
            PageError::SignIn => StatusCode::SEE_OTHER,
            PageError::Forbidden(_) => StatusCode::FORBIDDEN,
            PageError::NotFound(_) => StatusCode::NOT_FOUND,
            PageError::BadRequest(_) => StatusCode::BAD_REQUEST,
            PageError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        let (title, message) = match self {
            PageError::SignIn => return redirect("/signin"),
            PageError::Forbidden(m) => ("Not allowed", m.clone()),
            PageError::NotFound(m) => ("Not found", m.clone()),
            PageError::BadRequest(m) => ("Cannot do that", m.clone()),
            PageError::Internal(cause) => {
                tracing::error!(error = %cause, "a dashboard page failed");
                (
                    "Something went wrong",
                    "lert could not show this page; the cause is in the server log.".to_owned(),
                )
            }
        };
        let mut context = Context::new();
        context.insert("title", title);
        context.insert("message", &message);
        let body = templates().render("error.html", &context).unwrap_or_else(|_| message.clone());
        page_response(self.status_code(), body)
    }
}

/// What is wrong with a form, by field name (`form` for the form as a whole); shown beside each
/// field when the page is rendered again.
pub type FieldErrors = std::collections::BTreeMap<&'static str, String>;

/// Refuses a form whose CSRF token is not this session's.
pub fn check_csrf(state: &AppState, me: &SignedIn, token: &str) -> Result<(), PageError> {
    if state.sessions.csrf_ok(&me.claims, token) {
        Ok(())
    } else {
        Err(PageError::Forbidden("the form has expired; reload the page and try again".into()))
    }
}

pub fn redirect(to: &str) -> HttpResponse {
    HttpResponse::SeeOther().insert_header((header::LOCATION, to)).insert_header(page_csp()).finish()
}

fn page_csp() -> (header::HeaderName, HeaderValue) {
    (header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(PAGE_CSP))
}

fn page_response(status: StatusCode, body: String) -> HttpResponse {
    HttpResponse::build(status).content_type("text/html; charset=utf-8").insert_header(page_csp()).body(body)
}

/// Renders a page for a signed-in user: the layout gets who they are and a CSRF token.
pub fn render(
    state: &AppState,
    name: &str,
    signed_in: &SignedIn,
    mut context: Context,
) -> Result<HttpResponse, PageError> {
    context.insert("me", &Me { email: &signed_in.actor.label, role: signed_in.actor.role.as_str() });
    context.insert("csrf", &state.sessions.csrf_token(&signed_in.claims));
    let body = state.pages.render(name, &context).map_err(|e| PageError::Internal(format!("{e:?}")))?;
    Ok(page_response(StatusCode::OK, body))
}

#[derive(Serialize)]
struct Me<'a> {
    email: &'a str,
    role: &'a str,
}

/// The signed-in user of a request and their session.
pub struct SignedIn {
    pub actor: Actor,
    pub claims: Claims,
}

/// The session cookie's claims, if it opens with this server's key.
pub fn claims_of(state: &AppState, request: &HttpRequest) -> Option<Claims> {
    let value = cookie_value(request, COOKIE)?;
    state.sessions.open(&value)
}

/// The user a request's session names, if it is still good.
pub fn signed_in(
    conn: &mut DbConnection,
    state: &AppState,
    claims: Option<Claims>,
    now: DateTime<Utc>,
) -> Result<SignedIn, PageError> {
    let claims = claims.ok_or(PageError::SignIn)?;
    let issued_at = DateTime::from_timestamp(claims.issued_at, 0).ok_or(PageError::SignIn)?;
    let max_age = TimeDelta::hours(i64::from(state.settings.dashboard.session_hours));
    let actor = session_actor(conn, now, &claims.user_id, claims.epoch, issued_at, max_age)?
        .ok_or(PageError::SignIn)?;
    Ok(SignedIn { actor, claims })
}

/// Runs page work on the blocking pool with a pooled connection.
pub async fn blocking<T, F>(state: &AppState, work: F) -> Result<T, PageError>
where
    T: Send + 'static,
    F: FnOnce(&mut DbConnection) -> Result<T, PageError> + Send + 'static,
{
    let pool = state.storage.pool.clone();
    web::block(move || {
        let mut conn = pool.get().map_err(|e| PageError::Internal(e.to_string()))?;
        work(&mut conn)
    })
    .await
    .map_err(|e| PageError::Internal(e.to_string()))?
}

fn cookie_value(request: &HttpRequest, name: &str) -> Option<String> {
    request
        .headers()
        .get_all(header::COOKIE)
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value.to_owned())
}

/// Whether the session cookie gets `Secure`: when the request came over HTTPS (directly or as a
/// proxy says), or always when `dashboard.secure_cookies` is set.
pub fn secure_cookie(state: &AppState, request: &HttpRequest) -> bool {
    state.settings.dashboard.secure_cookies || request.connection_info().scheme() == "https"
}
