//! Head office: the real service on 127.0.0.1:0 (over SQLite and over PostgreSQL) and the
//! till's real client. Every value is stored exactly once and matches the till, whatever the
//! network does; every request that is not the site's own is refused and stores nothing.

use crate::common::{HandClock, croissant, pin_of, staff_id, till_signed_out};
use mekong::app::Till;
use mekong::domain::money::Money;
use mekong::hq::{Db, Hq};
use mekong::sync::client::{Client, Timeouts, send_pending};
use mekong::sync::outbox::freeze;
use mekong::sync::wire::{self, Batch};
use std::collections::{BTreeMap, VecDeque};
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

#[derive(Debug, Clone, Copy)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// The PostgreSQL the tests use: `MEKONG_TEST_POSTGRES`, else a throwaway cluster that
/// `.ci/postgres` starts. Without PostgreSQL the tests fail; they never skip.
fn postgres_admin() -> &'static str {
    static URL: OnceLock<String> = OnceLock::new();
    URL.get_or_init(|| {
        if let Ok(url) = std::env::var("MEKONG_TEST_POSTGRES") {
            return url;
        }
        let out = std::process::Command::new(concat!(env!("CARGO_MANIFEST_DIR"), "/.ci/postgres"))
            .stdin(std::process::Stdio::null())
            .output()
            .expect(".ci/postgres runs");
        assert!(
            out.status.success(),
            "PostgreSQL is needed for the head-office tests: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap().trim().to_owned()
    })
}

/// The real head-office service on 127.0.0.1:0, on a runtime of its own.
pub struct Service {
    pub addr: SocketAddr,
    pub db: Db,
    rt: tokio::runtime::Runtime,
    _dir: tempfile::TempDir,
}

impl Service {
    pub fn start(backend: Backend) -> Service {
        let dir = tempfile::tempdir().unwrap();
        let rt = mekong::hq::runtime().unwrap();
        let url = match backend {
            Backend::Sqlite => None,
            Backend::Postgres => Some(fresh_postgres(&rt)),
        };
        let db = rt.block_on(Db::open(dir.path(), url.as_deref())).unwrap();
        let listener = rt
            .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
            .unwrap();
        let addr = listener.local_addr().unwrap();
        rt.spawn(mekong::hq::serve(listener, Hq::new(db.clone())));
        Service {
            addr,
            db,
            rt,
            _dir: dir,
        }
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn add_site(&self, name: &str) -> String {
        self.rt.block_on(self.db.add_site(name)).unwrap()
    }

    pub fn add_user(&self, name: &str, password: &str) {
        let hash = mekong::hq::hash_password(password).unwrap();
        self.rt.block_on(self.db.add_user(name, &hash)).unwrap();
    }

    /// What head office holds for `site`: key → the value's JSON.
    pub fn values(&self, site: &str) -> BTreeMap<(String, String, String), String> {
        self.rt
            .block_on(self.db.site_values(site))
            .unwrap()
            .into_iter()
            .map(|v| {
                (
                    (v.period, v.indicator, v.breakdown),
                    serde_json::to_string(&v.value).unwrap(),
                )
            })
            .collect()
    }

    pub fn batches(&self) -> i64 {
        self.rt.block_on(self.db.batch_count()).unwrap()
    }
}

/// A new, empty database on the test cluster.
fn fresh_postgres(rt: &tokio::runtime::Runtime) -> String {
    use sqlx::Connection;
    let admin = postgres_admin();
    let name = format!("hq_{}", uuid::Uuid::now_v7().simple());
    rt.block_on(async {
        sqlx::any::install_default_drivers();
        let mut c = sqlx::AnyConnection::connect(admin).await.unwrap();
        sqlx::raw_sql(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
            .execute(&mut c)
            .await
            .unwrap();
        c.close().await.unwrap();
    });
    let base = admin.rsplit_once('/').unwrap().0;
    format!("{base}/{name}")
}

/// A till on `dir` whose clock reads now, Kham signed in, site "vte".
pub fn till_from_today(dir: &std::path::Path) -> (Till, HandClock) {
    let clock = HandClock::at(&chrono::Local::now().to_rfc3339());
    let till = till_for(dir, "http://127.0.0.1:9", &clock);
    (till, clock)
}

/// A till whose clock the test moves, starting `days_ago` days before today at 09:00.
fn till_from(dir: &std::path::Path, days_ago: i64) -> (Till, HandClock) {
    let start = chrono::Local::now().date_naive() - chrono::TimeDelta::days(days_ago);
    let clock = HandClock::at(&format!("{start}T09:00:00+07:00"));
    let mut till = till_signed_out(dir, &clock);
    let kham = staff_id(&till, "Kham");
    till.sign_in(&kham, pin_of("Kham")).unwrap();
    if till.session().unwrap().is_none() {
        till.open_session(&Default::default()).unwrap();
    }
    (till, clock)
}

fn sell(till: &mut Till) {
    let lines = croissant(till);
    till.checkout_cash(&lines, Money::lak(100_000)).unwrap();
}

fn client(url: &str, site: &str, token: &str) -> Client {
    Client::new(
        url,
        site,
        token,
        Timeouts {
            connect: Duration::from_secs(1),
            request: Duration::from_secs(5),
        },
    )
    .unwrap()
}

/// What the till has batched: key → value JSON.
fn till_values(till: &Till, site: &str) -> BTreeMap<(String, String, String), String> {
    mekong::store::outbox::sent(till.store().conn(), site)
        .unwrap()
        .into_iter()
        .collect()
}

fn outbox_len(till: &Till) -> i64 {
    till.store()
        .conn()
        .query_row("SELECT count(*) FROM sync_outbox", [], |r| r.get(0))
        .unwrap()
}

/// Sends until nothing waits (at most `passes` passes).
fn drain(till: &Till, client: &mut Client, passes: usize) {
    for _ in 0..passes {
        let pass = send_pending(till, client, &mut |_, _| {}).unwrap();
        if pass.retry.is_none() {
            assert_eq!(pass.refused, 0, "{pass:?}");
            assert_eq!(
                mekong::store::outbox::state(till.store().conn())
                    .unwrap()
                    .pending,
                0
            );
            return;
        }
    }
    panic!("still pending after {passes} passes");
}

macro_rules! both {
    ($name:ident, $sqlite:ident, $postgres:ident) => {
        #[test]
        fn $sqlite() {
            $name(Backend::Sqlite)
        }
        #[test]
        fn $postgres() {
            $name(Backend::Postgres)
        }
    };
}

both!(
    thirty_days_offline,
    thirty_days_offline_then_reconnect_delivers_everything_once_sqlite,
    thirty_days_offline_then_reconnect_delivers_everything_once_postgres
);

fn thirty_days_offline(backend: Backend) {
    let dir = tempfile::tempdir().unwrap();
    let (mut till, clock) = till_from(dir.path(), 30);
    let site = mekong::sync::site_of(&till);
    // Nobody listens here: the till is offline.
    let closed = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    let mut offline = client(&format!("http://{closed}"), &site, "no-token");
    for _ in 0..30 {
        sell(&mut till);
        sell(&mut till);
        freeze(&mut till).unwrap();
        let pass = send_pending(&till, &mut offline, &mut |_, _| {}).unwrap();
        assert_eq!(pass.sent, 0);
        assert!(
            pass.retry
                .unwrap()
                .error
                .contains("cannot reach head office")
        );
        clock.advance(24 * 3600);
    }
    freeze(&mut till).unwrap();
    let waiting = outbox_len(&till);
    assert!(waiting >= 30, "{waiting} batches");
    let state = mekong::store::outbox::state(till.store().conn()).unwrap();
    assert_eq!(state.pending, waiting);
    assert!(state.last_error.unwrap().contains("cannot reach"));

    let hq = Service::start(backend);
    let token = hq.add_site(&site);
    let mut online = client(&hq.url(), &site, &token);
    drain(&till, &mut online, 3);
    assert_eq!(hq.batches(), waiting);
    let held = hq.values(&site);
    assert_eq!(held, till_values(&till, &site));
    // 60 sales over 30 days: head office's orders add up to them, each day once.
    let orders: i64 = held
        .iter()
        .filter(|((_, ind, _), _)| ind == "orders")
        .map(|(_, v)| {
            serde_json::from_str::<serde_json::Value>(v).unwrap()["n"]
                .as_i64()
                .unwrap()
        })
        .sum();
    assert_eq!(orders, 60);
    // And the values are what the till works out now.
    let today = till.today();
    for s in mekong::sync::sales_days(&till, today - chrono::TimeDelta::days(30), today).unwrap() {
        let key = (s.period.key(), s.indicator.clone(), s.breakdown.clone());
        assert_eq!(
            held.get(&key),
            Some(&serde_json::to_string(&s.value).unwrap()),
            "{key:?}"
        );
    }
    // Nothing changed: nothing new to send.
    assert!(freeze(&mut till).unwrap().is_empty());
}

/// What a fault proxy does to the next request.
#[derive(Debug, Clone, Copy)]
enum Fault {
    /// Forward it, and drop the answer: head office has committed, the till does not know.
    DropAnswer,
    Status500,
    TooMany(u64),
    /// Say nothing past the client's timeout.
    Hang,
}

/// A proxy in front of head office that applies queued faults, then passes requests through.
/// It keeps every byte the client sent.
struct Proxy {
    addr: SocketAddr,
    faults: Arc<Mutex<VecDeque<Fault>>>,
    seen: Arc<Mutex<Vec<u8>>>,
}

impl Proxy {
    fn start(upstream: SocketAddr) -> Proxy {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let faults: Arc<Mutex<VecDeque<Fault>>> = Arc::default();
        let seen: Arc<Mutex<Vec<u8>>> = Arc::default();
        let (f, s) = (faults.clone(), seen.clone());
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let (f, s) = (f.clone(), s.clone());
                std::thread::spawn(move || relay(stream, upstream, &f, &s));
            }
        });
        Proxy { addr, faults, seen }
    }

    fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    fn then(&self, fault: Fault) {
        self.faults.lock().unwrap().push_back(fault);
    }
}

/// Reads one HTTP/1.1 message (head and Content-Length body).
fn read_message(stream: &mut TcpStream) -> Option<Vec<u8>> {
    let mut buf = Vec::new();
    let mut byte = [0u8; 4096];
    loop {
        if let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&buf[..end]).to_lowercase();
            let len: usize = head
                .lines()
                .find_map(|l| l.strip_prefix("content-length:"))
                .map_or(0, |v| v.trim().parse().unwrap_or(0));
            while buf.len() < end + 4 + len {
                let n = stream.read(&mut byte).ok()?;
                if n == 0 {
                    return None;
                }
                buf.extend_from_slice(&byte[..n]);
            }
            return Some(buf);
        }
        let n = stream.read(&mut byte).ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&byte[..n]);
    }
}

fn relay(
    mut client: TcpStream,
    upstream: SocketAddr,
    faults: &Mutex<VecDeque<Fault>>,
    seen: &Mutex<Vec<u8>>,
) {
    // One request per connection (the answer says "connection: close").
    if let Some(request) = read_message(&mut client) {
        seen.lock().unwrap().extend_from_slice(&request);
        let fault = faults.lock().unwrap().pop_front();
        let canned = |status: &str, extra: &str| {
            format!("HTTP/1.1 {status}\r\ncontent-length: 0\r\nconnection: close\r\n{extra}\r\n")
        };
        match fault {
            Some(Fault::Status500) => {
                let _ = client.write_all(canned("500 Internal Server Error", "").as_bytes());
                return;
            }
            Some(Fault::TooMany(s)) => {
                let _ = client.write_all(
                    canned("429 Too Many Requests", &format!("retry-after: {s}\r\n")).as_bytes(),
                );
                return;
            }
            Some(Fault::Hang) => {
                std::thread::sleep(Duration::from_secs(8));
                return;
            }
            _ => {}
        }
        let mut up = TcpStream::connect(upstream).unwrap();
        up.write_all(&request).unwrap();
        let Some(mut answer) = read_message(&mut up) else {
            return;
        };
        if let Some(Fault::DropAnswer) = fault {
            return; // head office committed; the answer never arrives
        }
        // One request per connection: tell the client so.
        let first_line = answer.iter().position(|b| *b == b'\n').unwrap() + 1;
        answer.splice(
            first_line..first_line,
            b"connection: close\r\n".iter().copied(),
        );
        let _ = client.write_all(&answer);
    }
}

both!(
    faults,
    dropped_answers_500s_429s_and_hangs_still_store_every_value_once_sqlite,
    dropped_answers_500s_429s_and_hangs_still_store_every_value_once_postgres
);

fn faults(backend: Backend) {
    let dir = tempfile::tempdir().unwrap();
    let (mut till, clock) = till_from(dir.path(), 5);
    let site = mekong::sync::site_of(&till);
    let hq = Service::start(backend);
    let token = hq.add_site(&site);
    let proxy = Proxy::start(hq.addr);
    let mut c = client(&proxy.url(), &site, &token);

    for (day, fault) in [
        Fault::DropAnswer,
        Fault::Status500,
        Fault::TooMany(7),
        Fault::Hang,
    ]
    .into_iter()
    .enumerate()
    {
        sell(&mut till);
        freeze(&mut till).unwrap();
        proxy.then(fault);
        let pass = send_pending(&till, &mut c, &mut |_, _| {}).unwrap();
        let retry = pass
            .retry
            .unwrap_or_else(|| panic!("{fault:?} was not retried"));
        match fault {
            Fault::TooMany(s) => {
                assert_eq!(retry.after, Some(Duration::from_secs(s)));
                assert!(mekong::sync::client::backoff(1, retry.after) >= Duration::from_secs(s));
            }
            Fault::Hang => assert!(retry.error.contains("in time"), "{}", retry.error),
            Fault::Status500 => assert!(retry.error.contains("500"), "{}", retry.error),
            Fault::DropAnswer => {}
        }
        // The next pass goes through; a batch head office already had gets the same answer.
        drain(&till, &mut c, 2);
        assert_eq!(
            hq.batches(),
            outbox_len(&till),
            "after {fault:?} on day {day}"
        );
        assert_eq!(hq.values(&site), till_values(&till, &site));
        clock.advance(24 * 3600);
    }
}

/// Posts `body` as the site would, at `timestamp`, signed with `key`.
fn post(
    hq: &Service,
    token: Option<&str>,
    site: &str,
    key: &str,
    timestamp: i64,
    body: &[u8],
) -> (u16, String) {
    let mut r = reqwest::blocking::Client::new()
        .post(format!("{}{}", hq.url(), wire::UPLOAD_PATH))
        .header(wire::SITE_HEADER, site)
        .header(wire::TIMESTAMP_HEADER, timestamp.to_string())
        .header(wire::SIGNATURE_HEADER, wire::sign(key, timestamp, body))
        .header("content-type", "application/json")
        .body(body.to_vec());
    if let Some(t) = token {
        r = r.bearer_auth(wire::token_hash(t));
    }
    let r = r.send().unwrap();
    (r.status().as_u16(), r.text().unwrap())
}

fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

fn frozen_batches(till: &Till) -> Vec<String> {
    let conn = till.store().conn();
    let mut stmt = conn
        .prepare("SELECT body FROM sync_outbox ORDER BY seq")
        .unwrap();
    stmt.query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

both!(
    duplicates_and_reordering,
    duplicate_and_reordered_batches_keep_the_latest_value_once_sqlite,
    duplicate_and_reordered_batches_keep_the_latest_value_once_postgres
);

fn duplicates_and_reordering(backend: Backend) {
    let dir = tempfile::tempdir().unwrap();
    let (mut till, _clock) = till_from(dir.path(), 0);
    let site = mekong::sync::site_of(&till);
    sell(&mut till);
    freeze(&mut till).unwrap();
    sell(&mut till);
    freeze(&mut till).unwrap();
    let bodies = frozen_batches(&till);
    assert_eq!(bodies.len(), 2);
    let hq = Service::start(backend);
    let token = hq.add_site(&site);
    let key = wire::signing_key(&token);
    // The later batch first, then the earlier, then both again.
    let (s2, r2) = post(&hq, Some(&token), &site, &key, now(), bodies[1].as_bytes());
    assert_eq!(s2, 200, "{r2}");
    let (s1, _) = post(&hq, Some(&token), &site, &key, now(), bodies[0].as_bytes());
    assert_eq!(s1, 200);
    let (again, r2_again) = post(&hq, Some(&token), &site, &key, now(), bodies[1].as_bytes());
    assert_eq!((again, r2_again), (200, r2));
    post(&hq, Some(&token), &site, &key, now(), bodies[0].as_bytes());
    assert_eq!(hq.batches(), 2);
    // Today's orders are 2: the earlier batch's 1, arriving late, did not overwrite it.
    assert_eq!(hq.values(&site), till_values(&till, &site));
    let today = (till.today().to_string(), "orders".to_owned(), String::new());
    assert_eq!(hq.values(&site)[&today], r#"{"kind":"count","n":2}"#);
    // The same id with another body: 409, nothing changed.
    let mut batch: Batch = serde_json::from_str(&bodies[1]).unwrap();
    batch.summaries.truncate(1);
    let changed = serde_json::to_vec(&batch).unwrap();
    let (status, said) = post(&hq, Some(&token), &site, &key, now(), &changed);
    assert_eq!(status, 409, "{said}");
    assert!(said.contains("another body"), "{said}");
    assert_eq!(hq.values(&site), till_values(&till, &site));
}

both!(
    refusals,
    strangers_forgers_replays_and_oversized_bodies_are_refused_and_store_nothing_sqlite,
    strangers_forgers_replays_and_oversized_bodies_are_refused_and_store_nothing_postgres
);

fn refusals(backend: Backend) {
    let dir = tempfile::tempdir().unwrap();
    let (mut till, _clock) = till_from(dir.path(), 0);
    let site = mekong::sync::site_of(&till);
    sell(&mut till);
    freeze(&mut till).unwrap();
    let body = frozen_batches(&till).remove(0);
    let hq = Service::start(backend);
    let token = hq.add_site(&site);
    let other = hq.add_site("luang-prabang");
    let key = wire::signing_key(&token);
    let b = body.as_bytes();
    let cases: Vec<(&str, (u16, String), u16, &str)> = vec![
        (
            "no token",
            post(&hq, None, &site, &key, now(), b),
            401,
            "no token",
        ),
        (
            "a wrong token",
            post(&hq, Some("0123abcd"), &site, &key, now(), b),
            401,
            "unknown token",
        ),
        (
            "another site's token",
            post(
                &hq,
                Some(&other),
                &site,
                &wire::signing_key(&other),
                now(),
                b,
            ),
            403,
            "luang-prabang",
        ),
        (
            "another site's token, claiming that site",
            post(
                &hq,
                Some(&other),
                "luang-prabang",
                &wire::signing_key(&other),
                now(),
                b,
            ),
            422,
            "token is site",
        ),
        (
            "a bad signature",
            post(
                &hq,
                Some(&token),
                &site,
                &wire::signing_key("guess"),
                now(),
                b,
            ),
            401,
            "bad signature",
        ),
        (
            "a replayed old request",
            post(&hq, Some(&token), &site, &key, now() - 3600, b),
            401,
            "old request",
        ),
        (
            "an oversized body",
            post(
                &hq,
                Some(&token),
                &site,
                &key,
                now(),
                &vec![b' '; wire::MAX_BODY_BYTES + 1],
            ),
            413,
            "",
        ),
    ];
    for (what, (status, said), want, words) in cases {
        assert_eq!(status, want, "{what}: {said}");
        assert!(said.contains(words), "{what}: {said}");
    }
    assert_eq!(hq.batches(), 0);
    assert!(hq.values(&site).is_empty());
    assert!(hq.values("luang-prabang").is_empty());
}

both!(
    bad_input,
    malformed_unknown_negative_and_future_values_get_a_clear_4xx_sqlite,
    malformed_unknown_negative_and_future_values_get_a_clear_4xx_postgres
);

fn bad_input(backend: Backend) {
    let hq = Service::start(backend);
    let token = hq.add_site("vte");
    let key = wire::signing_key(&token);
    let today = chrono::Utc::now().date_naive();
    let batch = |summary: &str| {
        format!(
            r#"{{"id":"{}","site":"vte","seq":1,"summaries":[{summary}]}}"#,
            uuid::Uuid::now_v7()
        )
    };
    let cases = [
        (
            "malformed JSON",
            "{\"id\": ".to_owned(),
            400,
            "malformed batch",
        ),
        (
            "an unknown indicator",
            batch(&format!(
                r#"{{"site":"vte","period":"{today}","indicator":"wages_of_mai","breakdown":"","value":{{"kind":"count","n":1}}}}"#
            )),
            422,
            "unknown indicator",
        ),
        (
            "a negative count",
            batch(&format!(
                r#"{{"site":"vte","period":"{today}","indicator":"orders","breakdown":"","value":{{"kind":"count","n":-3}}}}"#
            )),
            422,
            "negative",
        ),
        (
            "a period in the future",
            batch(&format!(
                r#"{{"site":"vte","period":"{}","indicator":"orders","breakdown":"","value":{{"kind":"count","n":3}}}}"#,
                today + chrono::TimeDelta::days(30)
            )),
            422,
            "future",
        ),
        (
            "a name where a count goes",
            batch(&format!(
                r#"{{"site":"vte","period":"{today}","indicator":"orders","breakdown":"","value":{{"kind":"name","text":"Mai"}}}}"#
            )),
            400,
            "malformed batch",
        ),
        (
            "a version-4 id",
            format!(
                r#"{{"id":"{}","site":"vte","seq":1,"summaries":[]}}"#,
                uuid::Uuid::from_u128(0x4a5e_0000_0000_4000_8000_0000_0000_0001)
            ),
            422,
            "UUIDv7",
        ),
    ];
    for (what, body, want, words) in cases {
        let (status, said) = post(&hq, Some(&token), "vte", &key, now(), body.as_bytes());
        assert_eq!(status, want, "{what}: {said}");
        assert!(said.contains(words), "{what}: {said}");
    }
    assert_eq!(hq.batches(), 0);
}

#[test]
fn a_till_whose_clock_is_a_day_wrong_still_syncs() {
    let dir = tempfile::tempdir().unwrap();
    // Its clock reads two days ago: every signature's time is two days old to head office,
    // which answers with its own time, and the till signs with that from then on.
    let (mut till, _clock) = till_from(dir.path(), 2);
    let site = mekong::sync::site_of(&till);
    sell(&mut till);
    let hq = Service::start(Backend::Sqlite);
    let token = hq.add_site(&site);
    let mut c = client(&hq.url(), &site, &token);
    freeze(&mut till).unwrap();
    drain(&till, &mut c, 1);
    assert_eq!(hq.values(&site), till_values(&till, &site));
}

#[test]
fn a_wrong_token_waits_for_a_person_and_a_bad_batch_is_refused_in_words() {
    let dir = tempfile::tempdir().unwrap();
    let (mut till, clock) = till_from(dir.path(), 0);
    let site = mekong::sync::site_of(&till);
    sell(&mut till);
    let hq = Service::start(Backend::Sqlite);
    let token = hq.add_site(&site);
    // The till holds a token head office never issued: a set-up mistake, so the batch waits
    // (it is not lost) and the error says what to check.
    let mut wrong = client(&hq.url(), &site, "not-the-token");
    freeze(&mut till).unwrap();
    let pass = send_pending(&till, &mut wrong, &mut |_, _| {}).unwrap();
    let retry = pass.retry.unwrap();
    assert_eq!(retry.after, Some(mekong::sync::client::SET_UP_WAIT));
    assert!(retry.error.contains("unknown token"), "{}", retry.error);
    assert!(retry.error.contains("token file"), "{}", retry.error);
    assert_eq!(outbox_state(&till).pending, 1);
    // With the right token it goes.
    let mut right = client(&hq.url(), &site, &token);
    drain(&till, &mut right, 1);
    // A till whose calendar runs three days ahead sends a day head office has not reached:
    // refused for good, said in words, and the next batch still goes.
    clock.advance(3 * 24 * 3600);
    sell(&mut till);
    freeze(&mut till).unwrap();
    let pass = send_pending(&till, &mut right, &mut |_, _| {}).unwrap();
    assert_eq!((pass.refused, pass.retry), (1, None));
    let state = outbox_state(&till);
    assert_eq!(state.refused, 1);
    assert!(state.refused_why.unwrap().contains("future"));
    // Its values are let go of (the till no longer counts them as sent), so they go again
    // with the next change; the calendar put right, the days ahead are left alone and the
    // next pass is clean.
    assert!(
        !till_values(&till, &site)
            .keys()
            .any(|(period, _, _)| period.len() == 10
                && period.as_str()
                    > (chrono::Utc::now().date_naive() + chrono::TimeDelta::days(1))
                        .to_string()
                        .as_str()),
        "the refused days are no longer counted as sent"
    );
    clock.advance(-3 * 24 * 3600);
    freeze(&mut till).unwrap();
    let pass = send_pending(&till, &mut right, &mut |_, _| {}).unwrap();
    assert_eq!((pass.refused, pass.retry), (0, None));
    assert_eq!(hq.values(&site), till_values(&till, &site));
    // A manager has seen the refusal (mekong sync --now): the top bar lets go.
    assert_eq!(outbox_state(&till).refused, 1);
    mekong::store::outbox::refusals_seen(till.store().conn(), "2026-12-03T12:00:00+07:00").unwrap();
    assert_eq!(outbox_state(&till).refused, 0);
    assert_eq!(outbox_state(&till).last_error, None);
}

fn outbox_state(till: &Till) -> mekong::store::outbox::State {
    mekong::store::outbox::state(till.store().conn()).unwrap()
}

#[test]
fn a_full_sync_sends_no_canary_and_every_small_cell_suppressed() {
    let dir = crate::sync::demo_with_canaries();
    let hq = Service::start(Backend::Sqlite);
    let site = "site-7";
    let token = hq.add_site(site);
    let proxy = Proxy::start(hq.addr);
    std::fs::write(dir.path().join("sync-token"), format!("{token}\n")).unwrap();
    let path = dir.path().join("mekong.toml");
    let text = std::fs::read_to_string(&path).unwrap().replace(
        "# url = \"https://hq.example.org\"",
        &format!("url = \"{}\"\nsite = \"{site}\"", proxy.url()),
    );
    std::fs::write(&path, text).unwrap();
    // The real command, as a manager would run it.
    let (ok, out) = crate::common::mekong_cli(dir.path(), &["sync", "--now"], "");
    assert!(ok, "{out}");
    assert!(out.contains("0 refused"), "{out}");
    let seen = String::from_utf8(proxy.seen.lock().unwrap().clone()).unwrap();
    assert!(seen.contains("journal_head"), "the capture holds the sync");
    for canary in crate::sync::CANARIES {
        assert!(!seen.contains(canary), "{canary} went over the wire");
    }
    // Every request's body is a batch of summaries; every count of people is at least k.
    let mut values = Vec::new();
    for part in seen.split("POST ").skip(1) {
        let body = part.split_once("\r\n\r\n").unwrap().1;
        let batch: serde_json::Value = serde_json::from_str(body).unwrap();
        let keys: Vec<&String> = batch.as_object().unwrap().keys().collect();
        assert_eq!(keys, ["id", "seq", "site", "summaries"]);
        values.extend(batch["summaries"].as_array().unwrap().iter().cloned());
    }
    let (people, suppressed) = crate::sync::people_cells(&values, 5);
    assert!(
        people > 0 && suppressed > 0,
        "{people} shown, {suppressed} suppressed"
    );
    assert_eq!(hq.values(site).len(), values.len());
}

/// A till on `dir` sending to `url` as site "vte", Kham signed in, its clock the test's.
fn till_for(dir: &std::path::Path, url: &str, clock: &HandClock) -> Till {
    let mut config = crate::common::english();
    config.sync.url = Some(url.to_owned());
    config.sync.site = Some("vte".into());
    let mut till = Till::open_with(
        dir,
        config,
        Box::new(mekong::print::VirtualPrinter::new(dir)),
        Box::new(clock.clone()),
    )
    .unwrap();
    mekong::app::demo::add_demo_staff(&mut till).unwrap();
    let kham = staff_id(&till, "Kham");
    till.sign_in(&kham, pin_of("Kham")).unwrap();
    if till.session().unwrap().is_none() {
        till.open_session(&Default::default()).unwrap();
    }
    till
}

#[test]
fn the_top_bar_says_in_words_where_head_office_stands() {
    let dir = tempfile::tempdir().unwrap();
    let hq = Service::start(Backend::Sqlite);
    let token = hq.add_site("vte");
    let clock = HandClock::at(&chrono::Local::now().to_rfc3339());
    let mut till = till_for(dir.path(), &hq.url(), &clock);
    sell(&mut till);
    let ui = crate::common::ui_with(till);
    assert_eq!(
        crate::common::value(&ui, "Head office"),
        "Head office: 0 to send, nothing sent yet"
    );
    // The sync thread's work, done here by a second till on the same data directory.
    let closed = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    let mut worker = till_for(dir.path(), &format!("http://{closed}"), &clock);
    freeze(&mut worker).unwrap();
    let mut offline = client(&format!("http://{closed}"), "vte", &token);
    send_pending(&worker, &mut offline, &mut |_, _| {}).unwrap();
    ui.refresh();
    assert_eq!(
        crate::common::value(&ui, "Head office"),
        "Head office: 1 to send, will retry"
    );
    let mut online = client(&hq.url(), "vte", &token);
    drain(&worker, &mut online, 1);
    ui.refresh();
    let up = crate::common::value(&ui, "Head office");
    assert!(up.starts_with("Head office: up to date ("), "{up}");
    // A wrong token is a set-up mistake: the batch waits and the bar says so.
    clock.advance(60);
    let mut again = till_for(dir.path(), &hq.url(), &clock);
    sell(&mut again);
    freeze(&mut again).unwrap();
    let mut wrong = client(&hq.url(), "vte", "a-token-head-office-never-issued");
    send_pending(&again, &mut wrong, &mut |_, _| {}).unwrap();
    ui.refresh();
    assert_eq!(
        crate::common::value(&ui, "Head office"),
        "Head office: 1 to send, will retry"
    );
    // A batch head office refuses for good (a day it has not reached: the calendar is
    // three days ahead) is a manager's to see to.
    clock.advance(3 * 24 * 3600);
    sell(&mut again);
    freeze(&mut again).unwrap();
    send_pending(&again, &mut online, &mut |_, _| {}).unwrap();
    ui.refresh();
    assert_eq!(
        crate::common::value(&ui, "Head office"),
        "Head office refused 1 batch(es): ask a manager"
    );
}

#[test]
fn a_days_final_journal_head_is_never_replaced_and_a_different_one_is_flagged() {
    let hq = Service::start(Backend::Sqlite);
    let token = hq.add_site("vte");
    let key = wire::signing_key(&token);
    let day = chrono::Utc::now().date_naive() - chrono::TimeDelta::days(3);
    let batch = |seq: i64, head: i64, hash: &str, closed: bool| {
        format!(
            r#"{{"id":"{}","site":"vte","seq":{seq},"summaries":[{{"site":"vte","period":"{day}","indicator":"journal_head","breakdown":"","value":{{"kind":"anchor","seq":{head},"hash":"{}","closed":{closed}}}}}]}}"#,
            uuid::Uuid::now_v7(),
            hash.repeat(32)
        )
    };
    // The day's head while it went on, then its final one: the final one is taken.
    for (seq, head, hash, closed) in [(1, 40, "aa", false), (2, 52, "bb", true)] {
        let (status, said) = post(
            &hq,
            Some(&token),
            "vte",
            &key,
            now(),
            batch(seq, head, hash, closed).as_bytes(),
        );
        assert_eq!(status, 200, "{said}");
    }
    // A rewritten journal offers another head for that day: kept as it was, and flagged.
    let (status, said) = post(
        &hq,
        Some(&token),
        "vte",
        &key,
        now(),
        batch(3, 60, "cc", true).as_bytes(),
    );
    assert_eq!(status, 200, "{said}");
    let key_of = (day.to_string(), "journal_head".to_owned(), String::new());
    let kept = &hq.values("vte")[&key_of];
    assert!(
        kept.contains(r#""seq":52"#) && kept.contains("bbbb"),
        "{kept}"
    );
    let conflicts = hq.rt.block_on(hq.db.anchor_conflicts()).unwrap();
    assert_eq!(conflicts, vec![("vte".to_owned(), 1)]);
}
