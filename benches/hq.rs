//! Head office, measured end to end on loopback (a harness of its own: each figure is one
//! long run, not a repeated microbenchmark):
//!
//! 1. a till's year of backlog (`mekong demo --days 365`): frozen into batches, then sent to
//!    the real service by the real client;
//! 2. ingest of 100 sites × 365 daily batches through the upload endpoint (signed, checked,
//!    upserted), on SQLite and on PostgreSQL;
//! 3. the dashboard's pages over that data.
//!
//! `cargo bench --bench hq` (PostgreSQL: `MEKONG_TEST_POSTGRES`, else `.ci/postgres` starts a
//! throwaway cluster; `-- sqlite` skips it; `-- backlog` measures only the backlog).

use mekong::domain::money::{Currency, Money};
use mekong::hq::{Db, Hq};
use mekong::sync::wire::{self, Batch};
use mekong::sync::{Period, Summary, Value};
use std::time::{Duration, Instant};

const SITES: usize = 100;
const DAYS: i64 = 365;
const POSTERS: usize = 4;

fn main() {
    let sqlite_only = std::env::args().any(|a| a == "sqlite");
    backlog();
    if std::env::args().any(|a| a == "backlog") {
        return;
    }
    let rt = mekong::hq::runtime().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let sqlite = rt.block_on(Db::open(dir.path(), None)).unwrap();
    ingest_and_pages("SQLite", &rt, sqlite);
    if !sqlite_only {
        let url = postgres(&rt);
        let pg = rt.block_on(Db::open(dir.path(), Some(&url))).unwrap();
        ingest_and_pages("PostgreSQL", &rt, pg);
    }
}

fn backlog() {
    let dir = tempfile::tempdir().unwrap();
    let t = Instant::now();
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_mekong"))
        .arg("--data-dir")
        .arg(dir.path())
        .args(["demo", "--days", "365"])
        .stdout(std::process::Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
    eprintln!("(demo of 365 days made in {:.1?})", t.elapsed());
    let rt = mekong::hq::runtime().unwrap();
    let hq_dir = tempfile::tempdir().unwrap();
    let db = rt.block_on(Db::open(hq_dir.path(), None)).unwrap();
    let listener = rt
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .unwrap();
    let addr = listener.local_addr().unwrap();
    rt.spawn(mekong::hq::serve(listener, Hq::new(db.clone())));
    let mut till = mekong::app::Till::open(dir.path()).unwrap();
    let site = mekong::sync::site_of(&till);
    let token = rt.block_on(db.add_site(&site)).unwrap();
    let t = Instant::now();
    let ids = mekong::sync::outbox::freeze(&mut till).unwrap();
    let frozen = t.elapsed();
    let values: i64 = till
        .store()
        .conn()
        .query_row("SELECT sum(summaries) FROM sync_outbox", [], |r| r.get(0))
        .unwrap();
    let mut client = mekong::sync::client::Client::new(
        &format!("http://{addr}"),
        &site,
        &token,
        Default::default(),
    )
    .unwrap();
    let t = Instant::now();
    let pass = mekong::sync::client::send_pending(&till, &mut client, &mut |_, _| {}).unwrap();
    let sent = t.elapsed();
    assert_eq!(pass.sent, ids.len());
    let t = Instant::now();
    let again = mekong::sync::outbox::freeze(&mut till).unwrap();
    let refreeze = t.elapsed();
    println!(
        "backlog: a year ({values} values in {} batches) frozen in {frozen:.2?}, sent to loopback head office (SQLite) in {sent:.2?}; the next look for changes (nothing new: {} batches) {refreeze:.2?}",
        ids.len(),
        again.len()
    );
}

fn postgres(rt: &tokio::runtime::Runtime) -> String {
    use sqlx::Connection;
    let admin = std::env::var("MEKONG_TEST_POSTGRES").unwrap_or_else(|_| {
        let out = std::process::Command::new(concat!(env!("CARGO_MANIFEST_DIR"), "/.ci/postgres"))
            .output()
            .unwrap();
        assert!(out.status.success(), "PostgreSQL is needed");
        String::from_utf8(out.stdout).unwrap().trim().to_owned()
    });
    let name = format!("bench_{}", uuid::Uuid::now_v7().simple());
    rt.block_on(async {
        sqlx::any::install_default_drivers();
        let mut c = sqlx::AnyConnection::connect(&admin).await.unwrap();
        sqlx::raw_sql(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
            .execute(&mut c)
            .await
            .unwrap();
    });
    format!("{}/{name}", admin.rsplit_once('/').unwrap().0)
}

/// A site's batch for one day: its sales (17 values) and, on a month's first day, the
/// programme's month before (22 values).
fn day_batch(site: &str, seq: i64, day: chrono::NaiveDate) -> Batch {
    use chrono::Datelike;
    let mut s = Vec::new();
    let mut put = |period: Period, indicator: &str, breakdown: &str, value: Value| {
        s.push(Summary {
            site: site.to_owned(),
            period,
            indicator: indicator.to_owned(),
            breakdown: breakdown.to_owned(),
            value,
        })
    };
    let d = Period::Day(day);
    let kip = |n: i64| Value::money(Money::new(Currency::Lak, n));
    put(d, "orders", "", Value::count(120 + seq % 40));
    put(d, "gross", "", kip(3_600_000 + seq * 1000));
    put(d, "vat", "", kip(327_000));
    put(d, "net", "", kip(3_550_000));
    put(d, "voids", "", Value::count(1));
    put(d, "voided", "", kip(25_000));
    put(d, "refunds", "", Value::count(1));
    put(d, "refunded", "", kip(25_000));
    for c in ["Coffee", "Tea", "Bakery", "Juice"] {
        put(d, "gross_by_category", c, kip(900_000));
    }
    put(d, "by_tender", "Cash", kip(2_000_000));
    put(d, "by_tender", "QR", kip(1_600_000));
    put(
        d,
        "journal_head",
        "",
        Value::from_parts("anchor", Some(seq * 150), Some("ab".repeat(32))).unwrap(),
    );
    if day.day() == 1 {
        let m = Period::Month(day - chrono::Months::new(1));
        for i in [
            "trainees_active",
            "enrolments",
            "graduates",
            "follow_ups_overdue",
        ] {
            put(m, i, "", Value::people(7, 5));
        }
        put(
            m,
            "minutes_trained",
            "",
            Value::over(7, 5, Value::count(40_000)),
        );
        put(m, "drills_taken", "", Value::over(7, 5, Value::count(90)));
        for l in ["foundation", "core", "advanced"] {
            put(
                m,
                "competencies_signed_off",
                l,
                Value::over(3, 5, Value::count(4)),
            );
        }
        for sector in ["hospitality", "retail", "office"] {
            put(m, "placements_started", sector, Value::people(2, 5));
        }
        put(
            m,
            "median_starting_wage",
            "LAK",
            Value::over(6, 5, kip(2_500_000)),
        );
        for b in ["3m", "6m", "12m"] {
            put(m, "retention_due", b, Value::people(6, 5));
            put(m, "retention_employed", b, Value::people(5, 5));
            put(m, "retention_reached", b, Value::people(6, 5));
        }
    }
    Batch {
        id: uuid::Uuid::now_v7(),
        site: site.to_owned(),
        seq,
        summaries: s,
    }
}

fn ingest_and_pages(name: &str, rt: &tokio::runtime::Runtime, db: Db) {
    let listener = rt
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .unwrap();
    let addr = listener.local_addr().unwrap();
    rt.spawn(mekong::hq::serve(listener, Hq::new(db.clone())));
    let sites: Vec<(String, String)> = (0..SITES)
        .map(|i| {
            let site = format!("site-{i:03}");
            let token = rt.block_on(db.add_site(&site)).unwrap();
            (site, token)
        })
        .collect();
    let first = chrono::Utc::now().date_naive() - chrono::TimeDelta::days(DAYS);
    // Bodies made before the clock starts.
    let bodies: Vec<(usize, Vec<u8>)> = (0..DAYS)
        .flat_map(|d| (0..SITES).map(move |s| (s, d)))
        .map(|(s, d)| {
            let b = day_batch(&sites[s].0, d + 1, first + chrono::TimeDelta::days(d));
            (s, serde_json::to_vec(&b).unwrap())
        })
        .collect();
    let values: usize = bodies
        .iter()
        .map(|(_, b)| serde_json::from_slice::<Batch>(b).unwrap().summaries.len())
        .sum();
    let url = format!("http://{addr}{}", wire::UPLOAD_PATH);
    let t = Instant::now();
    std::thread::scope(|scope| {
        for part in 0..POSTERS {
            let (bodies, sites, url) = (&bodies, &sites, &url);
            scope.spawn(move || {
                let http = reqwest::blocking::Client::new();
                for (s, body) in bodies.iter().skip(part).step_by(POSTERS) {
                    let (site, token) = &sites[*s];
                    let ts = chrono::Utc::now().timestamp();
                    let r = http
                        .post(url)
                        .bearer_auth(wire::token_hash(token))
                        .header(wire::SITE_HEADER, site)
                        .header(wire::TIMESTAMP_HEADER, ts.to_string())
                        .header(
                            wire::SIGNATURE_HEADER,
                            wire::sign(&wire::signing_key(token), ts, body),
                        )
                        .body(body.clone())
                        .send()
                        .unwrap();
                    assert_eq!(r.status().as_u16(), 200, "{}", r.text().unwrap());
                }
            });
        }
    });
    let took = t.elapsed();
    println!(
        "ingest ({name}): {} batches ({values} values) from {SITES} sites in {took:.1?}: {:.0} batches/s, {:.2} ms each over {POSTERS} connections",
        bodies.len(),
        bodies.len() as f64 / took.as_secs_f64(),
        took.as_secs_f64() * 1000.0 * POSTERS as f64 / bodies.len() as f64
    );
    // The dashboard over it.
    let hash = mekong::hq::hash_password("bench-password-1").unwrap();
    rt.block_on(db.add_user("bench", &hash)).unwrap();
    let cookie = sign_in(addr);
    let http = reqwest::blocking::Client::new();
    let year = (first + chrono::TimeDelta::days(DAYS / 2)).format("%Y");
    for page in [
        "/".to_owned(),
        format!("/sales?year={year}"),
        format!("/programme?year={year}"),
        format!("/programme?year={year}&site=site-042"),
        format!("/donor?year={year}"),
    ] {
        let mut times: Vec<Duration> = (0..10)
            .map(|_| {
                let t = Instant::now();
                let r = http
                    .get(format!("http://{addr}{page}"))
                    .header("cookie", &cookie)
                    .send()
                    .unwrap();
                assert_eq!(r.status().as_u16(), 200);
                let _ = r.bytes().unwrap();
                t.elapsed()
            })
            .collect();
        times.sort();
        println!(
            "page ({name}) {page}: median {:.1?} (fastest {:.1?}, slowest {:.1?})",
            times[times.len() / 2],
            times[0],
            times[times.len() - 1]
        );
    }
}

fn sign_in(addr: std::net::SocketAddr) -> String {
    let http = reqwest::blocking::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let form = http.get(format!("http://{addr}/login")).send().unwrap();
    let csrf = form.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .trim_start_matches("hq_login=")
        .to_owned();
    let r = http
        .post(format!("http://{addr}/login"))
        .header("cookie", format!("hq_login={csrf}"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("name", "bench"),
            ("password", "bench-password-1"),
        ])
        .send()
        .unwrap();
    r.headers()
        .get_all("set-cookie")
        .iter()
        .map(|c| c.to_str().unwrap())
        .find(|c| c.starts_with("hq_session="))
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_owned()
}
