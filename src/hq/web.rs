//! The dashboard: sign-in (Argon2id, rate-limited, CSRF-checked), then sites, sales per site
//! per month, programme indicators per site and for all sites, the yearly donor report; each
//! table also as CSV. Server-rendered with maud, charts as inline SVG, no script at all.

use super::{Shared, db};
use crate::domain::money::{Currency, Money};
use crate::sync::indicators::{Every, INDICATORS, Shape};
use axum::Form;
use axum::Router;
use axum::extract::{ConnectInfo, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use maud::{DOCTYPE, Markup, PreEscaped, html};
use serde::Deserialize;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashMap};
use std::net::SocketAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

const SESSION_COOKIE: &str = "hq_session";
const LOGIN_COOKIE: &str = "hq_login";
const LANG_COOKIE: &str = "hq_lang";
const SESSION_HOURS: i64 = 12;
/// Failed sign-ins allowed per address and per name in `LIMIT_WINDOW`.
const LIMIT_TRIES: usize = 5;
const LIMIT_WINDOW: Duration = Duration::from_secs(15 * 60);

pub fn routes() -> Router<Shared> {
    Router::new()
        .route("/", get(sites))
        .route("/login", get(login_form).post(login))
        .route("/logout", axum::routing::post(logout))
        .route("/sales", get(sales))
        .route("/programme", get(programme))
        .route("/donor", get(donor))
        .route("/lang/{to}", get(language))
}

// ----- Sign-in -----

/// Failed sign-ins by address and by name.
#[derive(Default)]
pub struct Limiter {
    failures: Mutex<HashMap<String, Vec<Instant>>>,
}

/// Keys the limiter remembers at most; past that the oldest quiet ones go.
const LIMIT_KEYS: usize = 10_000;

impl Limiter {
    /// Counts an attempt for `keys`, in one step with the check, so parallel guesses count
    /// each: how long to wait instead, if any key is over the limit.
    fn attempt(&self, keys: &[String]) -> Result<(), Duration> {
        let mut f = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        let now = Instant::now();
        if f.len() > LIMIT_KEYS {
            f.retain(|_, times| {
                times.retain(|t| now.duration_since(*t) < LIMIT_WINDOW);
                !times.is_empty()
            });
            // Still full of live attempts: a flood. Everyone waits rather than the memory grow.
            if f.len() > LIMIT_KEYS {
                return Err(LIMIT_WINDOW);
            }
        }
        let wait = keys
            .iter()
            .filter_map(|k| {
                let times = f.get_mut(k)?;
                times.retain(|t| now.duration_since(*t) < LIMIT_WINDOW);
                (times.len() >= LIMIT_TRIES)
                    .then(|| LIMIT_WINDOW.saturating_sub(now.duration_since(times[0])))
            })
            .max();
        if let Some(wait) = wait {
            return Err(wait);
        }
        for k in keys {
            f.entry(k.clone()).or_default().push(now);
        }
        Ok(())
    }

    /// The attempt was right: it does not count against anyone.
    fn forgive(&self, keys: &[String]) {
        let mut f = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        for k in keys {
            if let Some(times) = f.get_mut(k) {
                times.pop();
                if times.is_empty() {
                    f.remove(k);
                }
            }
        }
    }
}

fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|c| c.trim().strip_prefix(name)?.strip_prefix('='))
}

/// A cookie the browser keeps only for this service, sends only over HTTPS (or to
/// localhost), and never shows to a script.
fn set_cookie(name: &str, value: &str, max_age: i64) -> HeaderValue {
    HeaderValue::from_str(&format!(
        "{name}={value}; Path=/; Max-Age={max_age}; HttpOnly; Secure; SameSite=Strict"
    ))
    .expect("cookie values are hex")
}

fn random_hex() -> String {
    crate::sync::wire::hex(&rand::random::<[u8; 32]>())
}

fn sha(text: &str) -> String {
    crate::sync::wire::hex(&Sha256::digest(text.as_bytes()))
}

/// The signed-in user and the session's CSRF token.
struct User {
    name: String,
    csrf: String,
}

async fn user(hq: &Shared, headers: &HeaderMap) -> Option<User> {
    let token = cookie(headers, SESSION_COOKIE)?;
    let (name, csrf) = hq.db.session(&sha(token)).await.ok()??;
    Some(User { name, csrf })
}

async fn login_form(headers: HeaderMap) -> Response {
    let lang = Lang::of(&headers);
    let csrf = random_hex();
    let mut r = page_html(
        lang,
        None,
        &tr(lang, "Sign in"),
        login_body(lang, &csrf, None),
    );
    r.headers_mut()
        .append(header::SET_COOKIE, set_cookie(LOGIN_COOKIE, &csrf, 3600));
    r
}

fn login_body(lang: Lang, csrf: &str, error: Option<&str>) -> Markup {
    html! {
        @if let Some(e) = error { p.error role="alert" { (e) } }
        form method="post" action="/login" {
            input type="hidden" name="csrf" value=(csrf);
            label { (tr(lang, "Name")) input name="name" autocomplete="username" required; }
            label { (tr(lang, "Password")) input name="password" type="password" autocomplete="current-password" required; }
            button type="submit" { (tr(lang, "Sign in")) }
        }
    }
}

#[derive(Deserialize)]
struct LoginForm {
    csrf: String,
    name: String,
    password: String,
}

async fn login(
    State(hq): State<Shared>,
    ConnectInfo(addr): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Form(form): Form<LoginForm>,
) -> Response {
    let lang = Lang::of(&headers);
    let again = |status: StatusCode, error: &str| {
        let csrf = random_hex();
        let mut r = page_html(
            lang,
            None,
            &tr(lang, "Sign in"),
            login_body(lang, &csrf, Some(error)),
        );
        *r.status_mut() = status;
        r.headers_mut()
            .append(header::SET_COOKIE, set_cookie(LOGIN_COOKIE, &csrf, 3600));
        r
    };
    if cookie(&headers, LOGIN_COOKIE) != Some(form.csrf.as_str()) || form.csrf.is_empty() {
        return again(
            StatusCode::FORBIDDEN,
            &tr(lang, "The form had expired. Please sign in again."),
        );
    }
    let name = form.name.trim();
    if name.is_empty() || name.chars().count() > 60 {
        return again(
            StatusCode::UNAUTHORIZED,
            &tr(lang, "Wrong name or password."),
        );
    }
    // An IPv6 client's /64 is one address: it can hold as many as it likes.
    let from = match addr.ip() {
        std::net::IpAddr::V6(v6) => {
            let s = v6.segments();
            format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
        }
        v4 => v4.to_string(),
    };
    let keys = [
        format!("ip {from}"),
        format!("name {}", name.to_lowercase()),
    ];
    if let Err(wait) = hq.limiter.attempt(&keys) {
        let mut r = again(
            StatusCode::TOO_MANY_REQUESTS,
            &format!(
                "{} ({} min)",
                tr(lang, "Too many failed sign-ins. Wait and try again."),
                wait.as_secs().div_ceil(60)
            ),
        );
        r.headers_mut().insert(
            header::RETRY_AFTER,
            HeaderValue::from(wait.as_secs().max(1)),
        );
        return r;
    }
    let found = hq.db.user(name).await.ok().flatten();
    let password = form.password;
    // Two checks at a time: a burst of sign-ins queues instead of taking all the memory.
    let Ok(permit) = hq.hashing.clone().acquire_owned().await else {
        return again(
            StatusCode::SERVICE_UNAVAILABLE,
            &tr(lang, "Head office cannot sign you in just now."),
        );
    };
    let ok = match &found {
        Some((_, hash)) => {
            let hash = hash.clone();
            tokio::task::spawn_blocking(move || {
                // Held by the check itself: a client that goes away does not free it early.
                let _permit = permit;
                verify_password(&hash, &password)
            })
            .await
            .unwrap_or(false)
        }
        None => {
            // The same work for an unknown name, so timing does not tell names apart.
            let _ = tokio::task::spawn_blocking(move || {
                let _permit = permit;
                verify_password(DUMMY_HASH, &password)
            })
            .await;
            false
        }
    };
    let Some((user_id, _)) = found.filter(|_| ok) else {
        return again(
            StatusCode::UNAUTHORIZED,
            &tr(lang, "Wrong name or password."),
        );
    };
    hq.limiter.forgive(&keys);
    let token = random_hex();
    let expires = db::now() + SESSION_HOURS * 3600;
    if let Err(e) = hq
        .db
        .add_session(&sha(&token), user_id, &random_hex(), expires)
        .await
    {
        tracing::error!("{e}");
        return again(
            StatusCode::SERVICE_UNAVAILABLE,
            &tr(lang, "Head office cannot sign you in just now."),
        );
    }
    let mut r = Redirect::to("/").into_response();
    r.headers_mut().append(
        header::SET_COOKIE,
        set_cookie(SESSION_COOKIE, &token, SESSION_HOURS * 3600),
    );
    r.headers_mut()
        .append(header::SET_COOKIE, set_cookie(LOGIN_COOKIE, "", 0));
    r
}

/// An Argon2id hash of a random password: what an unknown name is checked against.
const DUMMY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$2H7YHHtM0bS1gKlUJv7yRXmu0GJ3aGqgqWQHxOMZ0Yk";

fn verify_password(hash: &str, password: &str) -> bool {
    use argon2::password_hash::{PasswordHash, PasswordVerifier};
    PasswordHash::new(hash).is_ok_and(|h| {
        argon2::Argon2::default()
            .verify_password(password.as_bytes(), &h)
            .is_ok()
    })
}

#[derive(Deserialize)]
struct CsrfForm {
    csrf: String,
}

async fn logout(
    State(hq): State<Shared>,
    headers: HeaderMap,
    Form(form): Form<CsrfForm>,
) -> Response {
    let Some(u) = user(&hq, &headers).await else {
        return Redirect::to("/login").into_response();
    };
    if form.csrf != u.csrf {
        return (StatusCode::FORBIDDEN, "the form had expired").into_response();
    }
    if let Some(token) = cookie(&headers, SESSION_COOKIE) {
        let _ = hq.db.end_session(&sha(token)).await;
    }
    let mut r = Redirect::to("/login").into_response();
    r.headers_mut()
        .append(header::SET_COOKIE, set_cookie(SESSION_COOKIE, "", 0));
    r
}

async fn language(axum::extract::Path(to): axum::extract::Path<String>) -> Response {
    let lang = Lang::parse(&to);
    let mut r = Redirect::to("/").into_response();
    r.headers_mut().append(
        header::SET_COOKIE,
        set_cookie(LANG_COOKIE, lang.code(), 365 * 24 * 3600),
    );
    r
}

// ----- Languages -----

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Lang {
    En,
    Lo,
    Th,
}

impl Lang {
    fn parse(code: &str) -> Lang {
        match code {
            "lo" => Lang::Lo,
            "th" => Lang::Th,
            _ => Lang::En,
        }
    }

    fn of(headers: &HeaderMap) -> Lang {
        Lang::parse(cookie(headers, LANG_COOKIE).unwrap_or("en"))
    }

    fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Lo => "lo",
            Lang::Th => "th",
        }
    }
}

/// The dashboard's words in Lao and Thai come from the same gettext files as the till's,
/// under the context "hq".
fn tr(lang: Lang, text: &str) -> String {
    static LO: std::sync::OnceLock<HashMap<String, String>> = std::sync::OnceLock::new();
    static TH: std::sync::OnceLock<HashMap<String, String>> = std::sync::OnceLock::new();
    let table = match lang {
        Lang::En => return text.to_owned(),
        Lang::Lo => LO.get_or_init(|| {
            po_entries(include_str!(
                "../../ui/translations/lo/LC_MESSAGES/mekong.po"
            ))
        }),
        Lang::Th => TH.get_or_init(|| {
            po_entries(include_str!(
                "../../ui/translations/th/LC_MESSAGES/mekong.po"
            ))
        }),
    };
    table
        .get(text)
        .filter(|t| !t.is_empty())
        .cloned()
        .unwrap_or_else(|| text.to_owned())
}

/// The "hq" entries of a .po file: msgid → msgstr.
fn po_entries(po: &str) -> HashMap<String, String> {
    let mut out = HashMap::new();
    let (mut ctx, mut id, mut s) = (String::new(), String::new(), String::new());
    let mut into: Option<&mut String> = None;
    let unquote = |l: &str| {
        l.trim()
            .trim_matches('"')
            .replace("\\\"", "\"")
            .replace("\\n", "\n")
    };
    for line in po.lines().chain(std::iter::once("")) {
        let line = line.trim();
        if line.is_empty() {
            if ctx == "hq" && !id.is_empty() {
                out.insert(std::mem::take(&mut id), std::mem::take(&mut s));
            }
            ctx.clear();
            id.clear();
            s.clear();
            into = None;
            continue;
        }
        if let Some(rest) = line.strip_prefix("msgctxt ") {
            ctx = unquote(rest);
            into = None;
        } else if let Some(rest) = line.strip_prefix("msgid ") {
            id = unquote(rest);
            into = Some(&mut id);
        } else if let Some(rest) = line.strip_prefix("msgstr ") {
            s = unquote(rest);
            into = Some(&mut s);
        } else if line.starts_with('"')
            && let Some(target) = into.as_deref_mut()
        {
            target.push_str(&unquote(line));
        }
    }
    out
}

// ----- Pages -----

const STYLE: &str = "body{font-family:'Noto Sans','Noto Sans Lao','Noto Sans Thai',sans-serif;margin:0;color:#1d2b2a;background:#f6f4ef}
header{background:#1f5f5b;color:#fff;padding:.6em 1em;display:flex;gap:1.2em;align-items:center;flex-wrap:wrap}
header a{color:#fff}header form{margin-left:auto}main{padding:1em;max-width:80em}
table{border-collapse:collapse;margin:.5em 0 1.5em;background:#fff}td,th{border:1px solid #d8d2c4;padding:.25em .6em;text-align:right}
th:first-child,td:first-child{text-align:left}caption{text-align:left;font-weight:bold;padding:.3em 0}
.error{color:#a01010;font-weight:bold}label{display:block;margin:.5em 0}input{display:block;font-size:1.1em}
.muted{color:#6b6b6b}.ok{color:#1f6f3f}.late{color:#a05a00}dl dt{font-weight:bold}svg{background:#fff;margin:.5em 0}";

fn page_html(lang: Lang, user: Option<&User>, title: &str, body: Markup) -> Response {
    let markup = html! {
        (DOCTYPE)
        html lang=(lang.code()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " · Made in Mekong " (tr(lang, "head office")) }
                style { (PreEscaped(STYLE)) }
            }
            body {
                header {
                    strong { "Made in Mekong" }
                    @if user.is_some() {
                        a href="/" { (tr(lang, "Sites")) }
                        a href="/sales" { (tr(lang, "Sales")) }
                        a href="/programme" { (tr(lang, "Programme")) }
                        a href="/donor" { (tr(lang, "Donor report")) }
                    }
                    span { a href="/lang/en" { "English" } " · " a href="/lang/lo" { "ລາວ" } " · " a href="/lang/th" { "ไทย" } }
                    @if let Some(u) = user {
                        form method="post" action="/logout" {
                            input type="hidden" name="csrf" value=(u.csrf);
                            span { (u.name) " " }
                            button type="submit" { (tr(lang, "Sign out")) }
                        }
                    }
                }
                main { h1 { (title) } (body) }
            }
        }
    };
    let mut r = Html(markup.into_string()).into_response();
    r.headers_mut().insert(
        "content-security-policy",
        HeaderValue::from_static(
            "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'",
        ),
    );
    r.headers_mut().insert(
        "x-content-type-options",
        HeaderValue::from_static("nosniff"),
    );
    r
}

/// A table the page shows, and offers as CSV.
struct Table {
    caption: String,
    head: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl Table {
    fn html(&self, csv_link: &str) -> Markup {
        html! {
            table {
                caption { (self.caption) " " a href=(csv_link) { "CSV" } }
                thead { tr { @for h in &self.head { th scope="col" { (h) } } } }
                tbody { @for r in &self.rows { tr { @for c in r { td { (c) } } } } }
            }
        }
    }

    fn csv(&self) -> String {
        let field = |f: &str| {
            // A cell that a spreadsheet would run as a formula is quoted as text.
            let f = if f.starts_with(['=', '+', '-', '@']) && f.parse::<f64>().is_err() {
                format!("'{f}")
            } else {
                f.to_owned()
            };
            if f.contains([',', '"', '\n']) {
                format!("\"{}\"", f.replace('"', "\"\""))
            } else {
                f
            }
        };
        let mut out = String::new();
        for row in std::iter::once(&self.head).chain(&self.rows) {
            out.push_str(&row.iter().map(|c| field(c)).collect::<Vec<_>>().join(","));
            out.push('\n');
        }
        out
    }
}

#[derive(Deserialize, Default)]
struct Params {
    year: Option<i32>,
    site: Option<String>,
    format: Option<String>,
    table: Option<usize>,
}

/// The page's tables as HTML (with `extra` above them), or one of them as CSV.
/// A dashboard page: its title and path, what goes above its tables, and below.
struct Page<'a> {
    title: String,
    path: &'a str,
    before: Markup,
    tables: &'a [Table],
    after: Markup,
}

fn answer(lang: Lang, user: &User, p: &Params, page: Page) -> Response {
    let Page {
        title,
        path,
        before: extra,
        tables,
        after,
    } = page;
    let title = title.as_str();
    if p.format.as_deref() == Some("csv") {
        let Some(t) = tables.get(p.table.unwrap_or(0)) else {
            return (StatusCode::NOT_FOUND, "no such table").into_response();
        };
        let name = format!(
            "{}-{}.csv",
            path.trim_start_matches('/').replace('/', "-"),
            p.table.unwrap_or(0)
        );
        return (
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
                (
                    header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"{name}\""),
                ),
            ],
            t.csv(),
        )
            .into_response();
    }
    let query = |i: usize| {
        let mut q = vec![format!("format=csv"), format!("table={i}")];
        if let Some(y) = p.year {
            q.push(format!("year={y}"));
        }
        if let Some(s) = &p.site {
            q.push(format!("site={}", urlencode(s)));
        }
        format!("{path}?{}", q.join("&"))
    };
    let body = html! {
        (extra)
        @for (i, t) in tables.iter().enumerate() { (t.html(&query(i))) }
        (after)
    };
    page_html(lang, Some(user), title, body)
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

macro_rules! signed_in {
    ($hq:expr, $headers:expr) => {
        match user(&$hq, &$headers).await {
            Some(u) => u,
            None => return Redirect::to("/login").into_response(),
        }
    };
}

fn failed(e: db::DbError) -> Response {
    tracing::error!("{e}");
    (
        StatusCode::SERVICE_UNAVAILABLE,
        "head office cannot read its database just now",
    )
        .into_response()
}

fn when(ts: Option<i64>) -> String {
    ts.and_then(|t| chrono::DateTime::from_timestamp(t, 0))
        .map(|t| t.format("%Y-%m-%d %H:%M UTC").to_string())
        .unwrap_or_else(|| "—".into())
}

async fn sites(State(hq): State<Shared>, headers: HeaderMap, Query(p): Query<Params>) -> Response {
    let u = signed_in!(hq, headers);
    let lang = Lang::of(&headers);
    let (sites, heads, conflicts) = match tokio::try_join!(
        hq.db.sites(),
        hq.db.latest_heads(),
        hq.db.anchor_conflicts()
    ) {
        Ok(x) => x,
        Err(e) => return failed(e),
    };
    let conflicts: HashMap<String, i64> = conflicts.into_iter().collect();
    let mut last_head: HashMap<&str, &db::Stored> = HashMap::new();
    for h in &heads {
        last_head.insert(&h.site, h); // ordered by period: the last one stays
    }
    let now = db::now();
    let rows = sites
        .iter()
        .map(|s| {
            let rewritten = conflicts.get(&s.name).copied().unwrap_or(0);
            let state = match s.last_sync_at {
                _ if rewritten > 0 => format!(
                    "{} ({rewritten})",
                    tr(lang, "journal head offered again differently: ask the site")
                ),
                None => tr(lang, "never synced"),
                Some(t) if now - t > 3 * 86_400 => {
                    format!("{} ({} d)", tr(lang, "silent"), (now - t) / 86_400)
                }
                Some(_) => tr(lang, "up to date"),
            };
            let head = last_head.get(s.name.as_str()).map_or("—".to_owned(), |h| {
                format!(
                    "{} · #{} · {}",
                    h.period,
                    h.value.number().unwrap_or(0),
                    h.value.text().unwrap_or("").get(..12).unwrap_or("")
                )
            });
            vec![
                s.name.clone(),
                when(s.last_sync_at),
                state,
                head,
                s.last_seq.to_string(),
            ]
        })
        .collect();
    let table = Table {
        caption: tr(lang, "Sites"),
        head: vec![
            tr(lang, "Site"),
            tr(lang, "Last sync"),
            tr(lang, "State"),
            tr(lang, "Journal head (day · sequence · hash)"),
            tr(lang, "Batches"),
        ],
        rows,
    };
    let extra = html! {
        p.muted { (tr(lang, "The journal head is each till's chain at the day's end: head office keeps it, so a site cannot rewrite its past unseen.")) }
    };
    answer(
        lang,
        &u,
        &p,
        Page {
            title: tr(lang, "Sites"),
            path: "/",
            before: extra,
            tables: &[table],
            after: html! {},
        },
    )
}

/// Sums of money by currency: "1,250,000 ₭ + ฿300.00".
#[derive(Default, Clone)]
struct Amounts(BTreeMap<String, i64>);

impl Amounts {
    fn add(&mut self, v: &crate::sync::Value) {
        if let (Some(n), Some(c)) = (v.number(), v.text()) {
            let e = self.0.entry(c.to_owned()).or_default();
            *e = e.saturating_add(n);
        }
    }

    fn show(&self) -> String {
        if self.0.is_empty() {
            return "—".into();
        }
        self.0
            .iter()
            .map(|(c, n)| match c.parse::<Currency>() {
                Ok(cur) => Money::new(cur, *n).to_string(),
                Err(_) => format!("{n} {c}"),
            })
            .collect::<Vec<_>>()
            .join(" + ")
    }
}

fn this_year() -> i32 {
    use chrono::Datelike;
    chrono::Utc::now().year()
}

async fn sales(State(hq): State<Shared>, headers: HeaderMap, Query(p): Query<Params>) -> Response {
    let u = signed_in!(hq, headers);
    let lang = Lang::of(&headers);
    let year = p.year.unwrap_or_else(this_year).clamp(2000, 2100);
    let names = ["orders", "gross", "net", "vat", "refunds", "refunded"];
    let values = match hq.db.month_sums(&names, year).await {
        Ok(v) => v,
        Err(e) => return failed(e),
    };
    // (site, month) → (orders, gross, net, vat, refunds, refunded)
    #[derive(Default, Clone)]
    struct Month {
        orders: i64,
        refunds: i64,
        gross: Amounts,
        net: Amounts,
        vat: Amounts,
        refunded: Amounts,
    }
    let mut by: BTreeMap<(String, String), Month> = BTreeMap::new();
    let mut gross_lak = [0i64; 12];
    for v in &values {
        let month = v.period.get(..7).unwrap_or(&v.period).to_owned();
        let m = by.entry((v.site.clone(), month.clone())).or_default();
        match v.indicator.as_str() {
            "orders" => m.orders = m.orders.saturating_add(v.value.number().unwrap_or(0)),
            "refunds" => m.refunds = m.refunds.saturating_add(v.value.number().unwrap_or(0)),
            "gross" => {
                m.gross.add(&v.value);
                if v.value.text() == Some("LAK")
                    && let Some(i) = month
                        .get(5..7)
                        .and_then(|x| x.parse::<usize>().ok())
                        .filter(|m| (1..=12).contains(m))
                {
                    let cell = &mut gross_lak[i - 1];
                    *cell = cell.saturating_add(v.value.number().unwrap_or(0));
                }
            }
            "net" => m.net.add(&v.value),
            "vat" => m.vat.add(&v.value),
            "refunded" => m.refunded.add(&v.value),
            _ => {}
        }
    }
    let rows = by
        .iter()
        .filter(|(_, m)| m.orders > 0 || m.refunds > 0)
        .map(|((site, month), m)| {
            vec![
                site.clone(),
                month.clone(),
                m.orders.to_string(),
                m.gross.show(),
                m.vat.show(),
                m.net.show(),
                m.refunds.to_string(),
                m.refunded.show(),
            ]
        })
        .collect();
    let table = Table {
        caption: format!("{} {year}", tr(lang, "Sales per site per month")),
        head: vec![
            tr(lang, "Site"),
            tr(lang, "Month"),
            tr(lang, "Orders"),
            tr(lang, "Gross"),
            tr(lang, "VAT"),
            tr(lang, "Net"),
            tr(lang, "Returns"),
            tr(lang, "Returned"),
        ],
        rows,
    };
    let extra = html! {
        (year_links("/sales", year))
        (bar_chart(&tr(lang, "Gross in kip per month, all sites"), &gross_lak.iter().enumerate().map(|(i, n)| (format!("{:02}", i + 1), *n)).collect::<Vec<_>>()))
    };
    answer(
        lang,
        &u,
        &p,
        Page {
            title: tr(lang, "Sales"),
            path: "/sales",
            before: extra,
            tables: &[table],
            after: html! {},
        },
    )
}

fn year_links(path: &str, year: i32) -> Markup {
    html! {
        p { a href=(format!("{path}?year={}", year - 1)) { "← " (year - 1) } " · " strong { (year) } " · " a href=(format!("{path}?year={}", year + 1)) { (year + 1) " →" } }
    }
}

/// A bar chart as inline SVG, labelled for a screen reader.
fn bar_chart(title: &str, bars: &[(String, i64)]) -> Markup {
    let most = bars.iter().map(|b| b.1).max().unwrap_or(0).max(1);
    let (w, h, gap) = (36, 160, 8);
    let width = bars.len() as i64 * (w + gap) + gap;
    html! {
        svg xmlns="http://www.w3.org/2000/svg" width=(width) height=(h + 40) role="img" aria-label=(title) {
            title { (title) }
            @for (i, (label, n)) in bars.iter().enumerate() {
                @let bh = (i128::from(*n).max(0) * i128::from(h) / i128::from(most)) as i64;
                @let x = gap + i as i64 * (w + gap);
                rect x=(x) y=(h - bh + 10) width=(w) height=(bh) fill="#2f7f78" { title { (label) ": " (n) } }
                text x=(x + w / 2) y=(h + 28) text-anchor="middle" font-size="12" { (label) }
            }
        }
        p.muted { (title) }
    }
}

/// How a monthly indicator adds up over a year.
fn yearly(code: &str) -> &'static str {
    match code {
        "trainees_active" => "most",
        "follow_ups_overdue" => "last",
        "median_starting_wage" => "none",
        _ => "sum",
    }
}

/// A cell over one or more sites: a number, "suppressed", or a sum that is at least this
/// because some of it was suppressed.
#[derive(Default, Clone)]
struct Cell {
    known: Option<i64>,
    suppressed: usize,
    money: Amounts,
}

impl Cell {
    fn add(&mut self, v: &crate::sync::Value) {
        if v.is_suppressed() {
            self.suppressed += 1;
        } else if v.kind() == "money" {
            self.money.add(v);
        } else if let Some(n) = v.number() {
            self.known = Some(self.known.unwrap_or(0).saturating_add(n));
        }
    }

    fn show(&self, lang: Lang) -> String {
        match (self.known, self.suppressed, self.money.0.is_empty()) {
            (_, _, false) => self.money.show(),
            (None, 0, _) => String::new(),
            (None, _, _) => format!("<k ({})", tr(lang, "suppressed")),
            (Some(n), 0, _) => n.to_string(),
            (Some(n), _, _) => format!("≥ {n}"),
        }
    }
}

async fn programme(
    State(hq): State<Shared>,
    headers: HeaderMap,
    Query(p): Query<Params>,
) -> Response {
    let u = signed_in!(hq, headers);
    let lang = Lang::of(&headers);
    let year = p.year.unwrap_or_else(this_year).clamp(2000, 2100);
    let monthly: Vec<&str> = INDICATORS
        .iter()
        .filter(|i| i.every == Every::Month)
        .map(|i| i.code)
        .collect();
    let prefix = year.to_string();
    let (values, sites) = match tokio::try_join!(hq.db.values(&monthly, &prefix), hq.db.sites()) {
        Ok(v) => v,
        Err(e) => return failed(e),
    };
    let site = p
        .site
        .clone()
        .filter(|s| sites.iter().any(|x| &x.name == s));
    // (indicator, breakdown) → month (1..=12) → cell
    let mut grid: BTreeMap<(usize, String), [Cell; 12]> = BTreeMap::new();
    for v in values
        .iter()
        .filter(|v| site.as_ref().is_none_or(|s| &v.site == s))
    {
        let Some(order) = INDICATORS.iter().position(|i| i.code == v.indicator) else {
            continue;
        };
        // Medians of different sites do not add up: they show per site only.
        if site.is_none() && INDICATORS[order].shape == Shape::MoneyOver {
            continue;
        }
        let Some(m) = v
            .period
            .get(5..7)
            .and_then(|m| m.parse::<usize>().ok())
            .filter(|m| (1..=12).contains(m))
        else {
            continue;
        };
        grid.entry((order, v.breakdown.clone())).or_default()[(m - 1).min(11)].add(&v.value);
    }
    let rows = grid
        .iter()
        .map(|((order, breakdown), months)| {
            let ind = &INDICATORS[*order];
            let year_cell = match yearly(ind.code) {
                "sum" => months.iter().fold(Cell::default(), |mut acc, c| {
                    if let Some(n) = c.known {
                        acc.known = Some(acc.known.unwrap_or(0).saturating_add(n));
                    }
                    acc.suppressed += c.suppressed;
                    acc
                }),
                "most" => {
                    let most = months.iter().filter_map(|c| c.known).max();
                    let suppressed = months.iter().map(|c| c.suppressed).sum();
                    Cell {
                        known: most,
                        // At one site a month below k cannot be its busiest when another is
                        // known; over all sites a month's sum may miss a small site's part.
                        suppressed: if most.is_some() && site.is_some() {
                            0
                        } else {
                            suppressed
                        },
                        money: Amounts::default(),
                    }
                }
                "last" => months
                    .iter()
                    .rev()
                    .find(|c| c.known.is_some() || c.suppressed > 0)
                    .cloned()
                    .unwrap_or_default(),
                _ => Cell::default(),
            };
            let mut row = vec![if breakdown.is_empty() {
                ind.code.to_owned()
            } else {
                format!("{} · {breakdown}", ind.code)
            }];
            row.extend(months.iter().map(|c| c.show(lang)));
            row.push(year_cell.show(lang));
            row
        })
        .collect();
    let mut head = vec![tr(lang, "Indicator")];
    head.extend((1..=12).map(|m| format!("{year}-{m:02}")));
    head.push(tr(lang, "Year"));
    let who = site.clone().unwrap_or_else(|| tr(lang, "All sites"));
    let table = Table {
        caption: format!("{who} · {year}"),
        head,
        rows,
    };
    let extra = html! {
        (year_links("/programme", year))
        p {
            a href=(format!("/programme?year={year}")) { (tr(lang, "All sites")) }
            @for s in &sites { " · " a href=(format!("/programme?year={year}&site={}", urlencode(&s.name))) { (s.name) } }
        }
        p.muted { (tr(lang, "A count of fewer than k women is never sent by a site: it shows as suppressed, and a sum that includes one shows as at least (≥).")) }
    };
    let after = html! {
        h2 { (tr(lang, "Definitions")) }
        dl { @for i in INDICATORS.iter().filter(|i| i.every == Every::Month) { dt { (i.code) } dd { (i.definition) } } }
        p.muted { (tr(lang, "Retention: employed ÷ due is the rate; reached ÷ due is its coverage (how many women could be asked).")) }
    };
    answer(
        lang,
        &u,
        &p,
        Page {
            title: tr(lang, "Programme"),
            path: "/programme",
            before: extra,
            tables: &[table],
            after,
        },
    )
}

async fn donor(State(hq): State<Shared>, headers: HeaderMap, Query(p): Query<Params>) -> Response {
    let u = signed_in!(hq, headers);
    let lang = Lang::of(&headers);
    let year = p.year.unwrap_or_else(this_year).clamp(2000, 2100);
    let names = [
        "trainees_active",
        "enrolments",
        "graduates",
        "placements_started",
        "retention_due",
        "retention_employed",
        "retention_reached",
        "median_starting_wage",
    ];
    let values = match hq.db.values(&names, &year.to_string()).await {
        Ok(v) => v,
        Err(e) => return failed(e),
    };
    // site → indicator key → cell; "women trained" is the most in any month at a site.
    let mut per: BTreeMap<String, BTreeMap<String, Cell>> = BTreeMap::new();
    let mut wages: BTreeMap<(String, String), Vec<i64>> = BTreeMap::new();
    for v in &values {
        let key = match v.indicator.as_str() {
            "retention_due" | "retention_employed" | "retention_reached" => {
                format!("{}_{}", v.indicator, v.breakdown)
            }
            other => other.to_owned(),
        };
        if v.indicator == "median_starting_wage" {
            if let Some(n) = v.value.number() {
                wages
                    .entry((v.site.clone(), v.breakdown.clone()))
                    .or_default()
                    .push(n);
            }
            continue;
        }
        let cell = per
            .entry(v.site.clone())
            .or_default()
            .entry(key)
            .or_default();
        if v.indicator == "trainees_active" {
            if let Some(n) = v.value.number() {
                cell.known = Some(cell.known.unwrap_or(0).max(n));
            } else {
                cell.suppressed += 1;
            }
        } else {
            cell.add(&v.value);
        }
    }
    let mut all: BTreeMap<String, Cell> = BTreeMap::new();
    for cells in per.values() {
        for (k, c) in cells {
            let a = all.entry(k.clone()).or_default();
            if let Some(n) = c.known {
                a.known = Some(a.known.unwrap_or(0).saturating_add(n));
            }
            a.suppressed += c.suppressed;
        }
    }
    let rate = |cells: &BTreeMap<String, Cell>, months: &str| {
        let get = |k: &str| {
            cells
                .get(&format!("{k}_{months}"))
                .cloned()
                .unwrap_or_default()
        };
        let (due, employed, reached) = (
            get("retention_due"),
            get("retention_employed"),
            get("retention_reached"),
        );
        let d = due.known.unwrap_or(0);
        // Some of those due are below k: neither the rate nor a bound on it is known.
        if due.suppressed > 0 {
            return format!("<k ({})", tr(lang, "suppressed"));
        }
        if d == 0 {
            return "—".to_owned();
        }
        // A part below k is not known: the rate is then only a lower bound.
        let part = |c: &Cell| {
            let n = c.known.unwrap_or(0);
            let at_least = if c.suppressed > 0 { "≥ " } else { "" };
            (
                format!("{at_least}{}%", n.saturating_mul(100) / d),
                format!("{at_least}{n}"),
            )
        };
        let (rate, employed_n) = part(&employed);
        let (coverage, _) = part(&reached);
        let due_n = if due.suppressed > 0 {
            format!("≥ {d}")
        } else {
            d.to_string()
        };
        format!(
            "{rate} ({employed_n}/{due_n}; {} {coverage})",
            tr(lang, "coverage")
        )
    };
    let show = |cells: &BTreeMap<String, Cell>, k: &str| {
        cells.get(k).map(|c| c.show(lang)).unwrap_or_default()
    };
    let row = |name: String, cells: &BTreeMap<String, Cell>| {
        vec![
            name,
            show(cells, "trainees_active"),
            show(cells, "enrolments"),
            show(cells, "graduates"),
            show(cells, "placements_started"),
            rate(cells, "6m"),
            rate(cells, "12m"),
        ]
    };
    let mut rows: Vec<Vec<String>> = per.iter().map(|(s, c)| row(s.clone(), c)).collect();
    rows.push(row(tr(lang, "All sites"), &all));
    let table = Table {
        caption: format!("{} {year}", tr(lang, "Donor report")),
        head: vec![
            tr(lang, "Site"),
            tr(lang, "Women in training (most in a month)"),
            tr(lang, "Enrolled"),
            tr(lang, "Graduated"),
            tr(lang, "Placed in jobs"),
            tr(lang, "Retained at 6 months"),
            tr(lang, "Retained at 12 months"),
        ],
        rows,
    };
    let wage_rows = wages
        .iter()
        .map(|((site, currency), ms)| {
            let mut ms = ms.clone();
            ms.sort_unstable();
            let mid = ms[ms.len() / 2];
            let money = |n: i64| match currency.parse::<Currency>() {
                Ok(c) => Money::new(c, n).to_string(),
                Err(_) => n.to_string(),
            };
            vec![
                site.clone(),
                currency.clone(),
                ms.len().to_string(),
                money(mid),
                format!("{} – {}", money(ms[0]), money(ms[ms.len() - 1])),
            ]
        })
        .collect();
    let wage_table = Table {
        caption: tr(lang, "Median starting wages"),
        head: vec![
            tr(lang, "Site"),
            tr(lang, "Currency"),
            tr(lang, "Months with a median"),
            tr(lang, "Middle month's median"),
            tr(lang, "Range of monthly medians"),
        ],
        rows: wage_rows,
    };
    let extra = html! {
        (year_links("/donor", year))
        p.muted { (tr(lang, "Sites send counts only, never names. A count of fewer than k women is suppressed at the site; totals that include one are shown as at least (≥). Medians are per month and site: they cannot be added, so their range is shown.")) }
    };
    answer(
        lang,
        &u,
        &p,
        Page {
            title: tr(lang, "Donor report"),
            path: "/donor",
            before: extra,
            tables: &[table, wage_table],
            after: html! {},
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_dummy_hash_is_argon2id() {
        assert!(!verify_password(DUMMY_HASH, "anything"));
        assert!(argon2::password_hash::PasswordHash::new(DUMMY_HASH).is_ok());
    }

    #[test]
    fn po_entries_take_only_hq() {
        let po = "msgctxt \"hq\"\nmsgid \"Sites\"\nmsgstr \"\"\n\"ສະ\"\n\"ຖານທີ່\"\n\nmsgctxt \"AppWindow\"\nmsgid \"Sites\"\nmsgstr \"x\"\n";
        let e = po_entries(po);
        assert_eq!(e.get("Sites").map(String::as_str), Some("ສະຖານທີ່"));
        assert_eq!(e.len(), 1);
    }

    #[test]
    fn every_dashboard_word_is_in_lao_and_thai() {
        let source = include_str!("web.rs");
        let mut missing = Vec::new();
        for part in source.split("tr(lang, \"").skip(1) {
            let text = &part[..part.find('"').unwrap()];
            for lang in [Lang::Lo, Lang::Th] {
                if tr(lang, text) == text {
                    missing.push(format!("{}: {text}", lang.code()));
                }
            }
        }
        assert!(missing.is_empty(), "{missing:#?}");
    }

    #[test]
    fn csv_cells_never_run_as_formulas() {
        let t = Table {
            caption: String::new(),
            head: vec!["a".into()],
            rows: vec![vec!["=cmd()".into()], vec!["-5".into()], vec!["a,b".into()]],
        };
        assert_eq!(t.csv(), "a\n'=cmd()\n-5\n\"a,b\"\n");
    }
}
