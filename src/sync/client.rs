//! Sending the outbox to head office: oldest batch first, each signed, each retried until head
//! office stores it or refuses it for good. A background thread does it on its own connection,
//! so the till never waits for the network.

use super::SyncError;
use super::wire::{
    self, Receipt, Refusal, SIGNATURE_HEADER, SITE_HEADER, TIMESTAMP_HEADER, UPLOAD_PATH,
    WINDOW_SECONDS,
};
use crate::app::Till;
use crate::store::outbox as db;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

/// The shortest and longest waits between failed attempts.
pub const BACKOFF_FIRST: Duration = Duration::from_secs(60);
pub const BACKOFF_MOST: Duration = Duration::from_secs(4 * 60 * 60);

/// The wait after an answer that says the set-up is wrong (a token, a site name, an address).
pub const SET_UP_WAIT: Duration = Duration::from_secs(30 * 60);

/// How long to wait for head office.
#[derive(Debug, Clone, Copy)]
pub struct Timeouts {
    pub connect: Duration,
    pub request: Duration,
}

impl Default for Timeouts {
    fn default() -> Self {
        Timeouts {
            connect: Duration::from_secs(10),
            request: Duration::from_secs(60),
        }
    }
}

pub struct Client {
    http: reqwest::blocking::Client,
    url: String,
    site: String,
    /// The token's public hash (the token itself never leaves the till).
    token_id: String,
    key: String,
    /// Seconds to add to the till's clock to get head office's, learnt from its answers: a
    /// till whose clock is wrong still signs in time.
    offset: i64,
    /// The last answer refused a request for its time and taught the clock.
    learnt_clock: bool,
}

/// What one pass over the outbox did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Pass {
    /// Batches head office stored.
    pub sent: usize,
    /// Batches head office refused for good.
    pub refused: usize,
    /// Sending stopped early and will be tried again.
    pub retry: Option<Retry>,
}

#[derive(Debug, PartialEq, Eq)]
pub struct Retry {
    /// Head office's Retry-After.
    pub after: Option<Duration>,
    pub error: String,
}

/// How one upload ended.
enum Answer {
    Stored,
    Refused(String),
    Again(Retry),
}

impl Client {
    pub fn new(
        url: &str,
        site: &str,
        token: &str,
        timeouts: Timeouts,
    ) -> Result<Client, SyncError> {
        let http = reqwest::blocking::Client::builder()
            .connect_timeout(timeouts.connect)
            .timeout(timeouts.request)
            .user_agent(concat!("mekong-till/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| SyncError::Setup(format!("cannot make the HTTP client: {e}")))?;
        Ok(Client {
            http,
            url: format!("{}{UPLOAD_PATH}", url.trim_end_matches('/')),
            site: site.to_owned(),
            token_id: wire::token_hash(token.trim_start_matches('\u{feff}').trim()),
            key: wire::signing_key(token.trim_start_matches('\u{feff}').trim()),
            offset: 0,
            learnt_clock: false,
        })
    }

    /// The client `[sync]` describes: none without `url`.
    pub fn from_config(till: &Till) -> Result<Option<Client>, SyncError> {
        let sync = &till.config().sync;
        let Some(url) = &sync.url else {
            return Ok(None);
        };
        let path = token_path(till.data_dir(), &sync.token_file);
        let token = std::fs::read_to_string(&path).map_err(|e| {
            SyncError::Setup(format!(
                "cannot read the site's token from {} ({e}): put the token `mekong hq add-site` printed there",
                path.display()
            ))
        })?;
        if token.trim().is_empty() {
            return Err(SyncError::Setup(format!(
                "{} is empty: put the token `mekong hq add-site` printed there",
                path.display()
            )));
        }
        Client::new(url, &super::site_of(till), &token, Timeouts::default()).map(Some)
    }

    fn upload(&mut self, till: &Till, body: &str) -> Answer {
        let mut answer = self.try_upload(till, body);
        // Refused for its time: head office's clock is now known, so once more at once.
        if self.learnt_clock {
            answer = self.try_upload(till, body);
        }
        answer
    }

    fn try_upload(&mut self, till: &Till, body: &str) -> Answer {
        self.learnt_clock = false;
        let timestamp = till.now().timestamp() + self.offset;
        let sent = self
            .http
            .post(&self.url)
            .bearer_auth(&self.token_id)
            .header(SITE_HEADER, &self.site)
            .header(TIMESTAMP_HEADER, timestamp.to_string())
            .header(
                SIGNATURE_HEADER,
                wire::sign(&self.key, timestamp, body.as_bytes()),
            )
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .body(body.to_owned())
            .send();
        let response = match sent {
            Ok(r) => r,
            Err(e) => {
                return Answer::Again(Retry {
                    after: None,
                    error: if e.is_timeout() {
                        "head office did not answer in time".to_owned()
                    } else if e.is_connect() {
                        "cannot reach head office (no internet?)".to_owned()
                    } else {
                        format!("the upload failed: {e}")
                    },
                });
            }
        };
        let status = response.status();
        let server_time = response
            .headers()
            .get(reqwest::header::DATE)
            .and_then(|d| d.to_str().ok())
            .and_then(|d| chrono::DateTime::parse_from_rfc2822(d).ok());
        let retry_after = response
            .headers()
            .get(reqwest::header::RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| retry_after(v, server_time));
        if let Some(server) = server_time {
            let offset = server.timestamp() - till.now().timestamp();
            if (offset - self.offset).abs() > WINDOW_SECONDS / 2 {
                self.offset = offset;
                self.learnt_clock = status == reqwest::StatusCode::UNAUTHORIZED;
            }
        }
        let text = response.text().unwrap_or_default();
        if status.is_success() {
            return match serde_json::from_str::<Receipt>(&text) {
                Ok(_) => Answer::Stored,
                Err(e) => Answer::Again(Retry {
                    after: None,
                    error: format!("head office's answer was not understood: {e}"),
                }),
            };
        }
        let refusal = serde_json::from_str::<Refusal>(&text).ok();
        let from_head_office = refusal.is_some();
        let said = refusal
            .map(|r| r.error)
            .unwrap_or_else(|| text.chars().take(200).collect());
        let code = status.as_u16();
        // Refused for good: the batch itself is wrong (malformed, an unknown indicator, a
        // value out of range, its id reused). Any other 4xx is about the set-up (the token,
        // the site's name, the address, a proxy's limit): the batch waits, and the error is
        // shown, until a person puts it right.
        // Only head office's own words refuse: a proxy's 400 page is a set-up matter.
        if matches!(code, 400 | 409 | 422) && from_head_office {
            Answer::Refused(format!("head office refused it ({code}): {said}"))
        } else if status.is_client_error() && code != 408 && code != 429 {
            Answer::Again(Retry {
                after: Some(SET_UP_WAIT),
                error: format!(
                    "head office answered {code}: {said} (check [sync] url, site and the token file)"
                ),
            })
        } else {
            Answer::Again(Retry {
                after: retry_after,
                error: format!("head office answered {code}: {said}"),
            })
        }
    }
}

/// Where a token file is: relative to the data directory unless absolute.
pub fn token_path(data_dir: &Path, file: &Path) -> PathBuf {
    if file.is_absolute() {
        file.to_owned()
    } else {
        data_dir.join(file)
    }
}

/// Retry-After in seconds or as an HTTP date.
fn retry_after(
    value: &str,
    server_time: Option<chrono::DateTime<chrono::FixedOffset>>,
) -> Option<Duration> {
    if let Ok(seconds) = value.trim().parse::<u64>() {
        return Some(Duration::from_secs(seconds.min(24 * 60 * 60)));
    }
    let at = chrono::DateTime::parse_from_rfc2822(value.trim()).ok()?;
    let from = server_time?;
    let seconds = (at - from).num_seconds().clamp(0, 24 * 60 * 60);
    Some(Duration::from_secs(seconds as u64))
}

/// Sends the waiting batches oldest first, until one must wait. `progress` hears (done, of).
pub fn send_pending(
    till: &Till,
    client: &mut Client,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Pass, SyncError> {
    let conn = till.store().conn();
    let pending = db::pending(conn)?;
    let mut pass = Pass::default();
    for (i, batch) in pending.iter().enumerate() {
        let answer = client.upload(till, &batch.body);
        let at = till.now().to_rfc3339();
        match answer {
            Answer::Stored => {
                db::mark_sent(conn, batch.seq, &at)?;
                pass.sent += 1;
            }
            Answer::Refused(why) => {
                db::mark_refused(conn, batch.seq, &why)?;
                tracing::warn!(batch = %batch.id, "{why}");
                pass.refused += 1;
            }
            Answer::Again(retry) => {
                db::tried(conn, batch.seq, &at, Some(&retry.error))?;
                pass.retry = Some(retry);
                progress(i, pending.len());
                return Ok(pass);
            }
        }
        progress(i + 1, pending.len());
    }
    db::pass_ok(conn, &till.now().to_rfc3339())?;
    Ok(pass)
}

/// The wait before attempt `failures + 1`: exponential from a minute up to four hours, with
/// full jitter (a random share of it, so a hundred tills back online do not all call at once),
/// and never shorter than head office's Retry-After.
pub fn backoff(failures: u32, retry_after: Option<Duration>) -> Duration {
    let ceiling = BACKOFF_FIRST
        .saturating_mul(1u32 << failures.saturating_sub(1).min(16))
        .min(BACKOFF_MOST);
    let jittered = ceiling
        .mul_f64(rand::random::<f64>())
        .max(Duration::from_secs(5));
    retry_after.map_or(jittered, |r| jittered.max(r))
}

/// Freezes what changed, then sends what waits.
pub fn run_once(
    till: &mut Till,
    client: &mut Client,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Pass, SyncError> {
    super::outbox::freeze(till)?;
    send_pending(till, client, progress)
}

/// The background sync thread: it opens the till's data directory on its own connection,
/// freezes and sends every `[sync] every-minutes`, backs off after a failure. Dropping it
/// stops it.
pub struct Worker {
    wake: mpsc::Sender<()>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Worker {
    /// Starts the thread when `[sync] url` is set.
    pub fn spawn(data_dir: &Path) -> Option<Worker> {
        let config = crate::config::Config::load_or_create(data_dir).ok()?;
        config.sync.url.as_ref()?;
        let every = Duration::from_secs(u64::from(config.sync.every_minutes) * 60);
        let data_dir = data_dir.to_owned();
        let (wake, rx) = mpsc::channel::<()>();
        let thread = std::thread::Builder::new()
            .name("sync".into())
            .spawn(move || {
                let mut till = match Till::open(&data_dir) {
                    Ok(t) => t,
                    Err(e) => {
                        tracing::error!("sync cannot open the data directory: {e}");
                        return;
                    }
                };
                let mut failures = 0u32;
                loop {
                    let Some(wait) = turn(&mut till, &mut failures, every) else {
                        return;
                    };
                    match rx.recv_timeout(wait) {
                        Ok(()) | Err(mpsc::RecvTimeoutError::Timeout) => continue,
                        Err(mpsc::RecvTimeoutError::Disconnected) => return,
                    }
                }
            })
            .ok()?;
        Some(Worker {
            wake,
            thread: Some(thread),
        })
    }

    /// Looks for changes and sends now rather than at the next turn.
    pub fn now(&self) {
        let _ = self.wake.send(());
    }
}

/// One turn of the sync thread: freeze and send; how long to wait before the next, or none
/// when `[sync] url` has gone. A failure, even a panic, is logged and written where the top
/// bar reads it, and the thread goes on.
fn turn(till: &mut Till, failures: &mut u32, every: Duration) -> Option<Duration> {
    let outcome = match Client::from_config(till) {
        Ok(None) => return None,
        Ok(Some(mut client)) => std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            run_once(till, &mut client, &mut |_, _| {})
        }))
        .unwrap_or_else(|_| {
            Err(SyncError::Setup(
                "sync failed unexpectedly (see the log)".into(),
            ))
        }),
        Err(e) => Err(e),
    };
    match outcome {
        Ok(Pass { retry: Some(r), .. }) => {
            *failures += 1;
            tracing::info!("sync will try again: {}", r.error);
            Some(backoff(*failures, r.after))
        }
        Ok(_) => {
            *failures = 0;
            Some(every)
        }
        Err(e) => {
            tracing::warn!("sync: {e}");
            let _ = db::failed(
                till.store().conn(),
                &till.now().to_rfc3339(),
                &e.to_string(),
            );
            Some(every)
        }
    }
}

impl Drop for Worker {
    fn drop(&mut self) {
        // Closing the channel ends the thread's wait; a send in progress finishes on its own
        // (bounded by the request timeout), so it is not joined.
        let (closed, _) = mpsc::channel();
        self.wake = closed;
        drop(self.thread.take());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_to_hours_with_jitter_and_honours_retry_after() {
        for failures in 1..30 {
            let ceiling = BACKOFF_FIRST
                .saturating_mul(1 << (failures - 1).min(16))
                .min(BACKOFF_MOST);
            for _ in 0..50 {
                let d = backoff(failures, None);
                assert!(
                    d <= ceiling && d >= Duration::from_secs(5),
                    "{failures}: {d:?}"
                );
            }
        }
        assert!(backoff(20, None) <= BACKOFF_MOST);
        // Jitter: not every wait is the same.
        let waits: std::collections::BTreeSet<_> = (0..20).map(|_| backoff(8, None)).collect();
        assert!(waits.len() > 1);
        let d = backoff(1, Some(Duration::from_secs(600)));
        assert!(d >= Duration::from_secs(600));
    }

    #[test]
    fn retry_after_is_seconds_or_a_date() {
        assert_eq!(retry_after("120", None), Some(Duration::from_secs(120)));
        let now = chrono::DateTime::parse_from_rfc2822("Thu, 03 Dec 2026 13:00:00 GMT").ok();
        assert_eq!(
            retry_after("Thu, 03 Dec 2026 13:02:00 GMT", now),
            Some(Duration::from_secs(120))
        );
        assert_eq!(retry_after("soon", now), None);
    }
}
