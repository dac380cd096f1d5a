//! The head-office service: it receives every site's summaries and shows them in a browser.
//! `mekong hq serve --listen ADDR --data-dir DIR [--database postgres://…]`.
//!
//! Uploads are authenticated by the site's token and an HMAC over the body and a timestamp;
//! each batch id is stored once; values are upserted by (site, period, indicator, breakdown).
//! The dashboard is server-rendered HTML with inline SVG: no script, no CDN.

pub mod db;
mod web;

use crate::sync::wire::{
    self, Batch, MAX_BODY_BYTES, Refusal, SIGNATURE_HEADER, SITE_HEADER, TIMESTAMP_HEADER,
    UPLOAD_PATH, WINDOW_SECONDS,
};
use axum::Router;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
pub use db::Db;
use std::net::SocketAddr;
use std::sync::Arc;

/// What the service holds.
pub struct Hq {
    pub db: Db,
    /// Sign-in attempts, for the rate limit.
    limiter: web::Limiter,
    /// Password checks at once: each Argon2id takes 19 MiB and a core.
    hashing: Arc<tokio::sync::Semaphore>,
}

pub type Shared = Arc<Hq>;

impl Hq {
    pub fn new(db: Db) -> Shared {
        Arc::new(Hq {
            db,
            limiter: web::Limiter::default(),
            hashing: Arc::new(tokio::sync::Semaphore::new(2)),
        })
    }
}

/// The service's routes.
pub fn router(hq: Shared) -> Router {
    Router::new()
        .route(UPLOAD_PATH, post(upload))
        .merge(web::routes())
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .with_state(hq)
}

/// Serves until the task is dropped or ctrl-c.
pub async fn serve(listener: tokio::net::TcpListener, hq: Shared) -> std::io::Result<()> {
    axum::serve(
        listener,
        router(hq).into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(async {
        let _ = tokio::signal::ctrl_c().await;
    })
    .await
}

/// A refusal in words, as JSON.
fn refuse(status: StatusCode, error: impl Into<String>) -> Response {
    (
        status,
        axum::Json(Refusal {
            error: error.into(),
        }),
    )
        .into_response()
}

fn header<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}

async fn upload(State(hq): State<Shared>, headers: HeaderMap, body: Bytes) -> Response {
    // The token's hash: the token itself never leaves the till.
    let Some(token) = header(&headers, "authorization").and_then(|a| a.strip_prefix("Bearer "))
    else {
        return refuse(
            StatusCode::UNAUTHORIZED,
            "no token: the till needs [sync] token-file with the token `mekong hq add-site` printed",
        );
    };
    let site = match hq.db.site_by_token_hash(token.trim()).await {
        Ok(Some(site)) => site,
        Ok(None) => {
            return refuse(
                StatusCode::UNAUTHORIZED,
                "unknown token: register the site with `mekong hq add-site` and put its token in the till's token file",
            );
        }
        Err(e) => return unavailable(e),
    };
    let (site_id, name, key) = site;
    if headers.get(SITE_HEADER).map(|v| v.as_bytes()) != Some(name.as_bytes()) {
        return refuse(
            StatusCode::FORBIDDEN,
            format!(
                "this token is site {name:?}'s, not {:?}'s: set [sync] site = {name:?} or use the site's own token",
                header(&headers, SITE_HEADER).unwrap_or("")
            ),
        );
    }
    let Some(timestamp) = header(&headers, TIMESTAMP_HEADER).and_then(|t| t.parse::<i64>().ok())
    else {
        return refuse(StatusCode::UNAUTHORIZED, "no timestamp");
    };
    let skew = timestamp.saturating_sub(db::now());
    if skew.unsigned_abs() > WINDOW_SECONDS as u64 {
        return refuse(
            StatusCode::UNAUTHORIZED,
            format!(
                "the request's time is {skew} s from head office's: an old request is not taken again (a till with a wrong clock corrects itself from this answer's Date)"
            ),
        );
    }
    let signed = header(&headers, SIGNATURE_HEADER)
        .is_some_and(|sig| wire::signature_ok(&key, timestamp, &body, sig));
    if !signed {
        return refuse(
            StatusCode::UNAUTHORIZED,
            "bad signature: the body or its time was changed on the way, or the key is not the token's",
        );
    }
    let batch: Batch = match serde_json::from_slice(&body) {
        Ok(b) => b,
        Err(e) => return refuse(StatusCode::BAD_REQUEST, format!("malformed batch: {e}")),
    };
    if let Err(e) = batch.check(&name, chrono::Utc::now().date_naive()) {
        return refuse(StatusCode::UNPROCESSABLE_ENTITY, e);
    }
    match hq.db.ingest(site_id, &batch, &body).await {
        Ok(receipt) => (StatusCode::OK, axum::Json(receipt)).into_response(),
        Err(db::DbError::Conflict(e)) => refuse(StatusCode::CONFLICT, e),
        Err(e) => unavailable(e),
    }
}

/// The database failed: the till tries again later.
fn unavailable(e: db::DbError) -> Response {
    tracing::error!("{e}");
    let mut r = refuse(
        StatusCode::SERVICE_UNAVAILABLE,
        "head office cannot store it just now; the till will try again",
    );
    r.headers_mut()
        .insert("retry-after", axum::http::HeaderValue::from_static("60"));
    r
}

/// Runs the service on a runtime of its own (the CLI's `hq serve`).
pub fn run(listen: &str, data_dir: &std::path::Path, database: Option<&str>) -> anyhow::Result<()> {
    let rt = runtime()?;
    rt.block_on(async {
        let db = Db::open(data_dir, database).await?;
        let listener = tokio::net::TcpListener::bind(listen)
            .await
            .map_err(|e| anyhow::anyhow!("cannot listen on {listen}: {e}"))?;
        eprintln!(
            "head office on http://{} ({})",
            listener.local_addr()?,
            match db.kind {
                db::Kind::Sqlite => format!("SQLite in {}", data_dir.display()),
                db::Kind::Postgres => "PostgreSQL".to_owned(),
            }
        );
        serve(listener, Hq::new(db)).await?;
        anyhow::Ok(())
    })
}

pub fn runtime() -> std::io::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
}

/// Hashes a head-office user's password with Argon2id.
pub fn hash_password(password: &str) -> anyhow::Result<String> {
    use argon2::password_hash::{PasswordHasher, SaltString, rand_core::OsRng};
    if password.chars().count() < 10 {
        anyhow::bail!("a password must be 10 characters or more");
    }
    Ok(argon2::Argon2::default()
        .hash_password(password.as_bytes(), &SaltString::generate(&mut OsRng))
        .map_err(|e| anyhow::anyhow!("cannot hash the password: {e}"))?
        .to_string())
}
