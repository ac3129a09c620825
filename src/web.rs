//! HTTP: the route table, authentication, error mapping and the JSON API.

pub mod api;
pub mod auth;
pub mod error;
pub mod openapi;
pub mod pages;

use std::net::TcpListener;

use actix_web::dev::Server;
use actix_web::middleware::{Compress, DefaultHeaders};
use actix_web::{App, HttpResponse, HttpServer, web};

use crate::app::AppState;
use error::ApiError;

/// Builds the server on an already bound listener.
pub fn server(listener: TcpListener, state: AppState) -> std::io::Result<Server> {
    let workers = match state.settings.http_workers {
        0 => std::thread::available_parallelism().map_or(2, |n| n.get()),
        n => n,
    };
    let state = web::Data::new(state);
    let server = HttpServer::new(move || {
        App::new()
            .app_data(state.clone())
            .app_data(error::json_config(state.settings.max_json_bytes))
            .app_data(error::query_config())
            .app_data(error::path_config())
            .wrap(security_headers())
            .wrap(Compress::default())
            .wrap(tracing_actix())
            .configure(routes)
            .default_service(web::to(|| async {
                Err::<HttpResponse, _>(ApiError::NotFound("no such route".into()))
            }))
    })
    .workers(workers)
    .listen(listener)?
    .run();
    Ok(server)
}

/// The one route table.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/healthz", web::get().to(healthz))
        .route("/api/v1/openapi.json", web::get().to(openapi::document))
        .service(web::scope("/api/v1").configure(api::routes))
        .configure(pages::routes);
}

async fn healthz() -> HttpResponse {
    HttpResponse::Ok().content_type("text/plain").body("ok")
}

fn security_headers() -> DefaultHeaders {
    DefaultHeaders::new()
        .add(("X-Content-Type-Options", "nosniff"))
        .add(("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'"))
        .add(("X-Frame-Options", "DENY"))
        .add(("Referrer-Policy", "no-referrer"))
        .add(("Cache-Control", "no-store"))
}

/// Request log lines: method, route pattern (`/api/v1/cases/{reference}`), status and time.
/// Never the concrete path, query string or body, which can hold identifiers or emails.
fn tracing_actix() -> actix_web::middleware::Logger {
    actix_web::middleware::Logger::new("%{METHOD}xi %{ROUTE}xi %s %Dms")
        .custom_request_replace("METHOD", |req| req.method().to_string())
        .custom_request_replace("ROUTE", |req| req.match_pattern().unwrap_or_else(|| "(no route)".to_owned()))
}
