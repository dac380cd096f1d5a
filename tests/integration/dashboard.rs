//! The head-office dashboard in a real browser (Debian's chromium, driven over WebDriver by
//! chromium-driver), and its sign-in rules over plain HTTP: Argon2id passwords, cookies that
//! scripts cannot read, CSRF-checked forms, a rate limit.

use crate::hq::{Backend, Service};
use serde_json::{Value, json};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// A chromium session over WebDriver (the W3C protocol: JSON over HTTP).
struct Browser {
    http: reqwest::blocking::Client,
    base: String,
    driver: Child,
}

impl Browser {
    fn start() -> Browser {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let driver = Command::new("chromedriver")
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver is installed (apt-get install chromium chromium-driver; .ci/run does)");
        let http = reqwest::blocking::Client::builder()
            .timeout(Duration::from_secs(60))
            .build()
            .unwrap();
        let root = format!("http://127.0.0.1:{port}");
        for _ in 0..100 {
            if http.get(format!("{root}/status")).send().is_ok() {
                break;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let answer: Value = http
            .post(format!("{root}/session"))
            .header("content-type", "application/json")
            .body(
                json!({"capabilities": {"alwaysMatch": {
                    "browserName": "chrome",
                    "goog:chromeOptions": {"args": [
                        "--headless=new", "--no-sandbox", "--disable-gpu",
                        "--disable-dev-shm-usage", "--window-size=1280,900", "--lang=en"
                    ]}
                }}})
                .to_string(),
            )
            .send()
            .and_then(|r| r.text())
            .map(|t| serde_json::from_str(&t).unwrap())
            .unwrap();
        let session = answer["value"]["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("no browser session: {answer}"));
        Browser {
            http,
            base: format!("{root}/session/{session}"),
            driver,
        }
    }

    fn call(&self, method: reqwest::Method, path: &str, body: Value) -> Value {
        self.try_call(method, path, body)
            .unwrap_or_else(|e| panic!("WebDriver {path}: {e}"))
    }

    fn try_call(&self, method: reqwest::Method, path: &str, body: Value) -> Result<Value, Value> {
        let r = self
            .http
            .request(method, format!("{}{path}", self.base))
            .header("content-type", "application/json")
            .body(if body.is_null() {
                String::new()
            } else {
                body.to_string()
            })
            .send()
            .unwrap();
        let v: Value = serde_json::from_str(&r.text().unwrap()).unwrap();
        if v["value"].get("error").is_some() {
            return Err(v["value"].clone());
        }
        Ok(v["value"].clone())
    }

    fn go(&self, url: &str) {
        self.call(reqwest::Method::POST, "/url", json!({ "url": url }));
    }

    fn find(&self, css: &str) -> String {
        self.try_find(css)
            .unwrap_or_else(|e| panic!("WebDriver: no {css}: {e}"))
    }

    /// The element `css` selects: its WebDriver reference.
    fn try_find(&self, css: &str) -> Result<String, Value> {
        let v = self.try_call(
            reqwest::Method::POST,
            "/element",
            json!({"using": "css selector", "value": css}),
        )?;
        Ok(v.as_object()
            .and_then(|o| o.values().next())
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned())
    }

    fn type_into(&self, css: &str, text: &str) {
        let el = self.find(css);
        self.call(
            reqwest::Method::POST,
            &format!("/element/{el}/value"),
            json!({ "text": text }),
        );
    }

    fn click(&self, css: &str) {
        let el = self.find(css);
        self.call(
            reqwest::Method::POST,
            &format!("/element/{el}/click"),
            json!({}),
        );
    }

    /// What the page shows, as text, once it shows `needle` (a page a click is still
    /// loading is waited for, up to 10 s); what it shows then, if it never does.
    fn text_with(&self, needle: &str) -> String {
        let mut last = String::new();
        for _ in 0..100 {
            last = self.text();
            if last.contains(needle) {
                break;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        last
    }

    /// What the page shows, as text (the page may be changing under a click: asked again).
    fn text(&self) -> String {
        for _ in 0..50 {
            let Ok(body) = self.try_find("body") else {
                std::thread::sleep(Duration::from_millis(100));
                continue;
            };
            if let Ok(text) = self.try_call(
                reqwest::Method::GET,
                &format!("/element/{body}/text"),
                Value::Null,
            ) {
                return text.as_str().unwrap().to_owned();
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        panic!("the page never settled");
    }

    fn source(&self) -> String {
        self.call(reqwest::Method::GET, "/source", Value::Null)
            .as_str()
            .unwrap()
            .to_owned()
    }

    fn screenshot(&self, path: &std::path::Path) {
        use base64::Engine;
        let png = self.call(reqwest::Method::GET, "/screenshot", Value::Null);
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(png.as_str().unwrap())
            .unwrap();
        std::fs::write(path, bytes).unwrap();
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.http.delete(&self.base).send();
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

/// Head office with the demo café synced into it as site "vientiane".
fn synced_service(backend: Backend) -> (Service, tempfile::TempDir) {
    let hq = Service::start(backend);
    let token = hq.add_site("vientiane");
    hq.add_user("somsri", "mekong-river-2026");
    let dir = tempfile::tempdir().unwrap();
    let (ok, out) = crate::common::mekong_cli(dir.path(), &["demo", "--days", "60"], "");
    assert!(ok, "{out}");
    std::fs::write(dir.path().join("sync-token"), &token).unwrap();
    let path = dir.path().join("mekong.toml");
    let text = std::fs::read_to_string(&path).unwrap().replace(
        "# url = \"https://hq.example.org\"",
        &format!("url = \"{}\"\nsite = \"vientiane\"", hq.url()),
    );
    std::fs::write(&path, text).unwrap();
    let (ok, out) = crate::common::mekong_cli(dir.path(), &["sync", "--now"], "");
    assert!(ok, "{out}");
    (hq, dir)
}

#[test]
fn the_dashboard_signs_in_and_shows_every_page_in_a_real_browser() {
    let (hq, _till) = synced_service(Backend::Sqlite);
    let b = Browser::start();
    // MEKONG_SCREENSHOTS=1 writes the pictures into docs/screenshots; otherwise a temporary
    // directory takes them (each is still taken).
    let tmp = tempfile::tempdir().unwrap();
    let shots = if std::env::var_os("MEKONG_SCREENSHOTS").is_some() {
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/screenshots")
    } else {
        tmp.path().to_owned()
    };
    // Every page asks for a sign-in first.
    b.go(&format!("{}/donor", hq.url()));
    let first = b.text_with("Password");
    assert!(first.contains("Password"), "{first}");
    b.type_into("input[name=name]", "somsri");
    b.type_into("input[name=password]", "not-her-password");
    b.click("button[type=submit]");
    let wrong = b.text_with("Wrong name or password.");
    assert!(wrong.contains("Wrong name or password."), "{wrong}");
    b.type_into("input[name=name]", "somsri");
    b.type_into("input[name=password]", "mekong-river-2026");
    b.click("button[type=submit]");
    let sites = b.text_with("Sign out");
    assert!(
        sites.contains("somsri") && sites.contains("Sign out"),
        "{sites}"
    );
    assert!(
        sites.contains("vientiane") && sites.contains("up to date"),
        "{sites}"
    );
    assert!(sites.contains("Journal head"), "{sites}");
    b.screenshot(&shots.join("hq-sites.png"));

    let year = chrono::Utc::now().format("%Y").to_string();
    let month = chrono::Utc::now().format("%Y-%m").to_string();
    b.go(&format!("{}/sales", hq.url()));
    let sales = b.text();
    assert!(
        sales.contains(&format!("Sales per site per month {year}")),
        "{sales}"
    );
    assert!(sales.contains(&month) && sales.contains("₭"), "{sales}");
    assert!(b.source().contains("<svg"), "a chart");
    b.screenshot(&shots.join("hq-sales.png"));

    b.go(&format!("{}/programme?site=vientiane", hq.url()));
    let programme = b.text();
    assert!(programme.contains("trainees_active"), "{programme}");
    assert!(programme.contains("suppressed"), "{programme}");
    assert!(programme.contains("Definitions"), "{programme}");
    b.screenshot(&shots.join("hq-programme.png"));

    b.go(&format!("{}/donor", hq.url()));
    let donor = b.text();
    assert!(
        donor.contains("Retained at 6 months") && donor.contains("All sites"),
        "{donor}"
    );
    b.screenshot(&shots.join("hq-donor.png"));

    // No script and nothing from outside: it works on an office LAN without internet.
    for page in ["/", "/sales", "/programme", "/donor"] {
        b.go(&format!("{}{page}", hq.url()));
        let html = b.source();
        assert!(!html.contains("<script"), "{page}");
        assert!(!html.contains("src=\"http"), "{page}");
        assert!(!html.contains("href=\"http"), "{page}");
    }

    // In Lao, and in Thai, through the same translation files.
    b.go(&format!("{}/lang/lo", hq.url()));
    let lao = b.text_with("ສາຂາ");
    assert!(lao.contains("ສາຂາ"), "{lao}");
    b.screenshot(&shots.join("hq-sites-lo.png"));
    b.go(&format!("{}/lang/th", hq.url()));
    let thai = b.text_with("สาขา");
    assert!(thai.contains("สาขา"), "{thai}");
    b.go(&format!("{}/lang/en", hq.url()));

    // Signing out ends the session.
    b.click("header form button");
    b.go(&format!("{}/sales", hq.url()));
    assert!(b.text_with("Password").contains("Password"));
}

/// Signs in over plain HTTP: the session cookie.
fn sign_in(hq: &Service, name: &str, password: &str) -> (u16, Option<String>, String) {
    let http = reqwest::blocking::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let form = http.get(format!("{}/login", hq.url())).send().unwrap();
    let login_cookie = form
        .headers()
        .get("set-cookie")
        .unwrap()
        .to_str()
        .unwrap()
        .to_owned();
    let csrf = login_cookie
        .split(';')
        .next()
        .unwrap()
        .strip_prefix("hq_login=")
        .unwrap()
        .to_owned();
    let r = http
        .post(format!("{}/login", hq.url()))
        .header("cookie", format!("hq_login={csrf}"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("name", name),
            ("password", password),
        ])
        .send()
        .unwrap();
    let status = r.status().as_u16();
    let session = r
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|c| c.to_str().unwrap().to_owned())
        .find(|c| c.starts_with("hq_session="));
    (status, session, r.text().unwrap())
}

#[test]
fn sign_in_is_rate_limited_csrf_checked_and_its_cookie_kept_from_scripts() {
    for backend in [Backend::Sqlite, Backend::Postgres] {
        let hq = Service::start(backend);
        hq.add_user("somsri", "mekong-river-2026");
        let (status, cookie, _) = sign_in(&hq, "somsri", "mekong-river-2026");
        assert_eq!(status, 303);
        let cookie = cookie.unwrap();
        for flag in ["HttpOnly", "Secure", "SameSite=Strict"] {
            assert!(cookie.contains(flag), "{cookie}");
        }
        // The CSV of a page, signed in; a stranger is sent to sign in.
        let http = reqwest::blocking::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        let session = cookie.split(';').next().unwrap();
        let csv = http
            .get(format!("{}/donor?format=csv&table=0", hq.url()))
            .header("cookie", session)
            .send()
            .unwrap();
        assert_eq!(csv.status().as_u16(), 200);
        assert!(csv.text().unwrap().starts_with("Site,"));
        // Every page answers over this database too, with a site's values in it.
        let token = hq.add_site("vte");
        let till_dir = tempfile::tempdir().unwrap();
        let (mut till, _clock) = crate::hq::till_from_today(till_dir.path());
        let lines = crate::common::croissant(&till);
        till.checkout_cash(&lines, mekong::domain::money::Money::lak(100_000))
            .unwrap();
        mekong::sync::outbox::freeze(&mut till).unwrap();
        let mut c = mekong::sync::client::Client::new(&hq.url(), "vte", &token, Default::default())
            .unwrap();
        let pass = mekong::sync::client::send_pending(&till, &mut c, &mut |_, _| {}).unwrap();
        assert!(pass.sent >= 1, "{pass:?}");
        // Today's sale is on the sites and sales pages; the programme's months show once
        // they are over, so its page names the site in its list. Every page answers.
        for (page, names_the_site) in [
            ("/", true),
            ("/sales", true),
            ("/programme", true),
            ("/programme?site=vte", false),
            ("/donor", false),
        ] {
            let r = http
                .get(format!("{}{page}", hq.url()))
                .header("cookie", session)
                .send()
                .unwrap();
            assert_eq!(r.status().as_u16(), 200, "{page}");
            let text = r.text().unwrap();
            assert!(!names_the_site || text.contains("vte"), "{page}: {text}");
        }
        let stranger = http
            .get(format!("{}/donor?format=csv", hq.url()))
            .send()
            .unwrap();
        assert_eq!(stranger.status().as_u16(), 303);
        // A form posted without its CSRF cookie is refused.
        let forged = http
            .post(format!("{}/login", hq.url()))
            .form(&[
                ("csrf", "0000"),
                ("name", "somsri"),
                ("password", "mekong-river-2026"),
            ])
            .send()
            .unwrap();
        assert_eq!(forged.status().as_u16(), 403);
        // Five wrong passwords, then even the right one waits.
        for _ in 0..5 {
            let (status, cookie, _) = sign_in(&hq, "somsri", "guess-guess-guess");
            assert_eq!((status, cookie), (401, None));
        }
        let (status, cookie, said) = sign_in(&hq, "somsri", "mekong-river-2026");
        assert_eq!((status, cookie), (429, None));
        assert!(said.contains("Too many failed sign-ins"), "{said}");
    }
}
