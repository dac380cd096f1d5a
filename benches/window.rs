//! Tap to frame, and memory over an hour of selling, in a real window (issue 14).
//!
//! The harness starts an X server of its own (Xvfb, 1280×800) and the till on five years of demo
//! data. It signs Kham in, opens the till and sells through the screen. Its taps are synthetic
//! pointer events (XTEST): a press, 60 ms of finger on the glass, then a release.
//!
//! Tap to frame runs from the release to the moment the X server has the frame that shows the
//! changed cart. That moment is read from DAMAGE events on the till's window, ending with the
//! last update of that frame. So the figure holds everything in between:
//! - winit's event;
//! - the till's use case;
//! - Slint's layout and drawing;
//! - the copy to the screen.
//!
//! Every measured tap is checked: the cart's total must read differently afterwards. A sale
//! through the payment sheet is checked by the cart's total going back to 0 ₭; the books must
//! hold every sale the harness made.
//!
//!     cargo bench --bench window                         # 300 taps, software renderer
//!     cargo bench --bench window -- --minutes 60         # then an hour of sales, memory sampled
//!     cargo bench --bench window -- --renderer gl        # femtovg on OpenGL (llvmpipe under Xvfb)
//!
//! Options: `--taps N`, `--minutes M`, `--renderer software|gl`, `--days D` (demo history),
//! `--seed S`. `TRACE_DAMAGE=1` prints each screen update up to a tap's frame. Needs Xvfb
//! (`apt-get install xvfb`).

#[path = "../tests/integration/xvfb.rs"]
mod xvfb;

use std::cell::Cell;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use x11rb::connection::{Connection, RequestConnection};
use x11rb::protocol::Event;
use x11rb::protocol::damage::{self, ConnectionExt as _};
use x11rb::protocol::xproto::{self, Rectangle};
use x11rb::rust_connection::RustConnection;
use xvfb::layout::*;
use xvfb::{HEIGHT, Point, TillWindow, WIDTH, XServer, rect, verified_sales};

#[derive(Clone, Copy, PartialEq)]
enum Renderer {
    Software,
    OpenGl,
}

struct Options {
    taps: usize,
    minutes: u64,
    renderer: Renderer,
    days: u32,
    seed: u64,
}

fn options() -> Options {
    let mut o = Options {
        taps: 300,
        minutes: 0,
        renderer: Renderer::Software,
        days: 1825,
        seed: 20261203,
    };
    let args: Vec<String> = std::env::args().skip(1).collect();
    // `cargo test --benches` runs every bench once without `--bench`: this one needs Xvfb and
    // minutes, so it only says how to run it.
    if !args.iter().any(|a| a == "--bench") {
        println!("window bench: run it with `cargo bench --bench window`");
        std::process::exit(0);
    }
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        let mut value = |name: &str| {
            args.next()
                .unwrap_or_else(|| usage(&format!("{name} needs a value")))
        };
        match arg.as_str() {
            // `cargo bench` passes this to every harness.
            "--bench" => {}
            "--taps" => o.taps = number(&value("--taps"), "--taps"),
            "--minutes" => o.minutes = number(&value("--minutes"), "--minutes"),
            "--days" => o.days = number(&value("--days"), "--days"),
            "--seed" => o.seed = number(&value("--seed"), "--seed"),
            "--renderer" => {
                o.renderer = match value("--renderer").as_str() {
                    "software" => Renderer::Software,
                    "gl" => Renderer::OpenGl,
                    other => usage(&format!("--renderer is software or gl, not {other:?}")),
                }
            }
            // A name filter, as `cargo bench checkout` passes to every bench: run only if it
            // names this one.
            filter if !filter.starts_with('-') => {
                if !"window".contains(filter) {
                    std::process::exit(0);
                }
            }
            // Another harness's option, as `cargo bench -- --save-baseline x` passes to all.
            other => eprintln!("window bench: {other:?} is not an option of this bench; ignored"),
        }
    }
    o
}

fn number<T: std::str::FromStr>(text: &str, name: &str) -> T {
    text.parse()
        .unwrap_or_else(|_| usage(&format!("{name} takes a whole number, not {text:?}")))
}

fn usage(why: &str) -> ! {
    eprintln!(
        "window bench: {why}\nusage: cargo bench --bench window -- [--taps N] [--minutes M] \
         [--renderer software|gl] [--days D] [--seed S]"
    );
    std::process::exit(2)
}

fn main() {
    let o = options();
    let work = tempfile::tempdir().unwrap();
    let data = work.path().join("data");
    let t = Instant::now();
    run_ok(
        Command::new(env!("CARGO_BIN_EXE_mekong"))
            .arg("--data-dir")
            .arg(&data)
            .args(["demo", "--days", &o.days.to_string()]),
    );
    let sales_before = verified_sales(&data);
    eprintln!(
        "demo of {} days made in {:.1?} ({sales_before} sales)",
        o.days,
        t.elapsed()
    );

    let x = XServer::start(&[]);
    let backend = match o.renderer {
        Renderer::Software => "winit-software",
        Renderer::OpenGl => "winit-femtovg",
    };
    let mut till = TillWindow::start(&data, &x, Some(backend), &[], work.path().join("till.log"));
    let screen = Screen::attach(&x, &mut till);
    let mut run = Run {
        screen,
        till,
        rng: StdRng::seed_from_u64(o.seed),
        item_taps: Vec::new(),
        sale_taps: Vec::new(),
        sales: 0,
        through_sheet: 0,
        empty_total: Vec::new(),
        shots: work.path().to_path_buf(),
    };
    run.sign_in_and_open();
    let after_sign_in = memory(&run.till);

    // Tap to frame: items added one by one; every third tap is followed by an exact-cash sale.
    for i in 0..o.taps {
        let (point, _) = ITEMS[i % ITEMS.len()];
        let ms = run.tap_changing_cart(point, "a favourite");
        run.item_taps.push(ms);
        if i % 3 == 2 {
            run.pay_exact();
        }
    }
    if !o.taps.is_multiple_of(3) {
        run.pay_exact();
    }
    let (taps_measured, sales_measured) = (run.item_taps.len(), run.sale_taps.len());

    // The hour: sales as a barista makes them, with memory sampled every ten seconds.
    let mut samples = Vec::new();
    if o.minutes > 0 {
        let start = Instant::now();
        samples.push((Duration::ZERO, run.sales, memory(&run.till)));
        let length = Duration::from_secs(o.minutes * 60);
        let mut next = start + Duration::from_secs(10);
        let mut next_line = start + Duration::from_secs(60);
        while start.elapsed() < length {
            run.one_sale();
            let pause = run.rng.random_range(300..1200);
            std::thread::sleep(Duration::from_millis(pause));
            if Instant::now() >= next {
                samples.push((start.elapsed(), run.sales, memory(&run.till)));
                next = Instant::now() + Duration::from_secs(10);
            }
            if Instant::now() >= next_line {
                let (_, _, m) = samples.last().unwrap();
                eprintln!(
                    "{:>3} min: {} sales, {} MB resident",
                    start.elapsed().as_secs() / 60,
                    run.sales,
                    m.rss_kb / 1024
                );
                next_line = Instant::now() + Duration::from_secs(60);
            }
        }
        samples.push((start.elapsed(), run.sales, memory(&run.till)));
    }
    let peak = memory(&run.till).hwm_kb;
    run.till.stop();
    let sales_after = verified_sales(&data);
    assert_eq!(
        sales_after - sales_before,
        run.sales,
        "the books hold {} new sales; the harness made {}",
        sales_after - sales_before,
        run.sales
    );

    let (renderer, budget) = match o.renderer {
        Renderer::Software => ("software renderer", " (budget 80 MB)"),
        Renderer::OpenGl => ("femtovg on OpenGL", ""),
    };
    println!(
        "window: {renderer}, {WIDTH}×{HEIGHT} under Xvfb, demo of {} days",
        o.days
    );
    println!(
        "tap to frame, a favourite into the cart ({taps_measured} taps): {} (budget 16 ms)",
        report(&run.item_taps[..taps_measured])
    );
    println!(
        "tap to frame, exact cash to an empty cart ({sales_measured} sales): {}",
        report(&run.sale_taps[..sales_measured])
    );
    if o.minutes > 0 {
        println!(
            "  during the {} minutes of sales: favourites ({} taps) {}; exact cash ({} sales) {}",
            o.minutes,
            run.item_taps.len() - taps_measured,
            report(&run.item_taps[taps_measured..]),
            run.sale_taps.len() - sales_measured,
            report(&run.sale_taps[sales_measured..])
        );
    }
    println!(
        "sales made through the screen: {} ({} through the payment sheet); `mekong verify` counts \
         every one",
        run.sales, run.through_sheet
    );
    println!(
        "resident memory after sign-in: {} MB",
        after_sign_in.rss_kb / 1024
    );
    if o.minutes > 0 {
        println!("resident memory while selling{budget}:");
        println!("  minute  sales  VmRSS");
        let mut shown = Duration::ZERO;
        for (i, (at, sales, m)) in samples.iter().enumerate() {
            if i == 0 || i == samples.len() - 1 || *at >= shown {
                println!(
                    "  {:>6}  {:>5}  {:>4} MB",
                    at.as_secs() / 60,
                    sales,
                    m.rss_kb / 1024
                );
                shown = *at + Duration::from_secs(300);
            }
        }
    }
    println!("peak resident memory (VmHWM){budget}: {} MB", peak / 1024);
}

/// Runs a `mekong` command to its end, or stops the bench with what it said.
fn run_ok(cmd: &mut Command) -> String {
    let out = cmd.stdin(Stdio::null()).output().unwrap();
    assert!(
        out.status.success(),
        "{cmd:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn report(ms: &[f64]) -> String {
    if ms.is_empty() {
        return "none".into();
    }
    let mut v = ms.to_vec();
    v.sort_by(f64::total_cmp);
    let at = |p: f64| v[((v.len() - 1) as f64 * p).round() as usize];
    let over = v.iter().filter(|&&m| m > 16.0).count();
    format!(
        "median {:.1} ms, p95 {:.1} ms, p99 {:.1} ms, max {:.1} ms, {over} over 16 ms",
        at(0.5),
        at(0.95),
        at(0.99),
        v[v.len() - 1]
    )
}

#[derive(Clone, Copy)]
struct Memory {
    rss_kb: u64,
    hwm_kb: u64,
}

/// The till's resident memory now, and its peak, from `/proc`.
fn memory(till: &TillWindow) -> Memory {
    let status =
        std::fs::read_to_string(format!("/proc/{}/status", till.id())).expect("the till is gone");
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .unwrap_or_else(|| panic!("no {name} in /proc status"))
    };
    Memory {
        rss_kb: field("VmRSS:"),
        hwm_kb: field("VmHWM:"),
    }
}

/// The till's window as the X server holds it: taps go in, damage comes out.
struct Screen {
    conn: Arc<RustConnection>,
    root: xproto::Window,
    window: xproto::Window,
    damage: Receiver<(Instant, Rectangle)>,
    /// An update read past the end of a frame, kept for the next look.
    held: Cell<Option<(Instant, Rectangle)>>,
}

impl Screen {
    fn attach(x: &XServer, till: &mut TillWindow) -> Self {
        let (conn, root) = x.connect();
        for ext in [damage::X11_EXTENSION_NAME, "XTEST"] {
            assert!(
                conn.extension_information(ext).unwrap().is_some(),
                "Xvfb has no {ext} extension"
            );
        }
        conn.damage_query_version(1, 1).unwrap().reply().unwrap();
        let window = xvfb::drawn_window(&conn, root, till, Duration::from_secs(30));
        let id = conn.generate_id().unwrap();
        conn.damage_create(id, window, damage::ReportLevel::RAW_RECTANGLES)
            .unwrap();
        conn.flush().unwrap();
        let conn = Arc::new(conn);
        let (send, damage) = mpsc::channel();
        let reader = Arc::clone(&conn);
        std::thread::spawn(move || {
            while let Ok(event) = reader.wait_for_event() {
                if let Event::DamageNotify(e) = event
                    && send.send((Instant::now(), e.area)).is_err()
                {
                    break;
                }
            }
        });
        Screen {
            conn,
            root,
            window,
            damage,
            held: Cell::new(None),
        }
    }

    /// A finger on the glass: press, 60 ms, release. Returns when the release was sent.
    fn tap(&self, at: Point) -> Instant {
        xvfb::press(&self.conn, self.root, at);
        std::thread::sleep(xvfb::FINGER);
        while self.damage.try_recv().is_ok() {}
        self.held.set(None);
        let released = Instant::now();
        xvfb::release(&self.conn, self.root, at);
        released
    }

    /// A tap whose effect is not measured, then time for the screen to follow.
    fn tap_and_wait(&self, at: Point, settle_ms: u64) {
        self.tap(at);
        std::thread::sleep(Duration::from_millis(settle_ms));
    }

    /// How long after `since` the X server had the next whole frame that touched `area`: from
    /// its first update inside `area` to the last update that follows within 3 ms.
    fn frame_in(&self, area: Rectangle, since: Instant, deadline: Instant) -> Option<Duration> {
        let first = loop {
            let (at, r) = match self.held.take() {
                Some(update) => update,
                None => {
                    let left = deadline.checked_duration_since(Instant::now())?;
                    self.damage.recv_timeout(left).ok()?
                }
            };
            if std::env::var_os("TRACE_DAMAGE").is_some() {
                eprintln!(
                    "  +{:.2} ms: {}×{} at {},{}",
                    (at - since).as_secs_f64() * 1000.0,
                    r.width,
                    r.height,
                    r.x,
                    r.y
                );
            }
            if at >= since && overlaps(r, area) {
                break at;
            }
        };
        let mut last = first;
        while let Ok((at, r)) = self.damage.recv_timeout(Duration::from_millis(3)) {
            if at.duration_since(last) > Duration::from_millis(3) {
                self.held.set(Some((at, r)));
                break;
            }
            last = at;
        }
        Some(last - since)
    }

    fn pixels(&self, area: Rectangle) -> Vec<u8> {
        xvfb::pixels(&self.conn, self.window, area)
    }

    /// Saves the whole window as a PNG, for a tap that missed.
    fn save(&self, path: &Path) {
        let bgrx = self.pixels(rect(0, 0, WIDTH, HEIGHT));
        let rgb: Vec<u8> = bgrx
            .chunks_exact(4)
            .flat_map(|p| [p[2], p[1], p[0]])
            .collect();
        let file = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
        let mut png = png::Encoder::new(file, WIDTH.into(), HEIGHT.into());
        png.set_color(png::ColorType::Rgb);
        png.set_depth(png::BitDepth::Eight);
        png.write_header().unwrap().write_image_data(&rgb).unwrap();
    }
}

fn overlaps(a: Rectangle, b: Rectangle) -> bool {
    let (ax, ay, bx, by) = (
        i32::from(a.x),
        i32::from(a.y),
        i32::from(b.x),
        i32::from(b.y),
    );
    ax < bx + i32::from(b.width)
        && bx < ax + i32::from(a.width)
        && ay < by + i32::from(b.height)
        && by < ay + i32::from(a.height)
}

struct Run {
    screen: Screen,
    till: TillWindow,
    rng: StdRng,
    item_taps: Vec<f64>,
    sale_taps: Vec<f64>,
    sales: usize,
    through_sheet: usize,
    /// How the cart's total reads with nothing in the cart (0 ₭).
    empty_total: Vec<u8>,
    shots: PathBuf,
}

impl Run {
    fn sign_in_and_open(&mut self) {
        // The sign-in screen is drawn (Screen::attach waited for it).
        std::thread::sleep(Duration::from_millis(500));
        xvfb::sign_in_and_open(&self.screen.conn, self.screen.window, |at, settle| {
            self.screen.tap(at);
            std::thread::sleep(settle);
        });
        self.till.assert_running();
        self.empty_total = self.screen.pixels(TOTAL);
    }

    /// Taps `at`, which must change the cart: returns the tap to frame in milliseconds.
    fn tap_changing_cart(&mut self, at: Point, what: &str) -> f64 {
        let before = self.screen.pixels(TOTAL);
        let released = self.screen.tap(at);
        // The first frame whose total reads differently (OpenGL may first show a frame drawn
        // before the tap).
        let deadline = released + Duration::from_secs(3);
        let mut frame = None;
        while let Some(t) = self.screen.frame_in(TOTAL, released, deadline) {
            if self.screen.pixels(TOTAL) != before {
                frame = Some(t);
                break;
            }
        }
        let Some(frame) = frame else {
            self.missed(&format!(
                "tapping {what} at {at:?} did not change the cart's total within 3 s"
            ))
        };
        // Time between taps, as a person's hand moves.
        std::thread::sleep(Duration::from_millis(120));
        frame.as_secs_f64() * 1000.0
    }

    /// Stops the bench: what went wrong, the screen it left (saved beside the system's temp
    /// files) and the till's log.
    fn missed(&mut self, what: &str) -> ! {
        self.till.assert_running();
        let shot = self.shots.join("missed-tap.png");
        self.screen.save(&shot);
        let kept = std::env::temp_dir().join(format!(
            "mekong-window-bench-{}-missed-tap.png",
            std::process::id()
        ));
        let _ = std::fs::copy(&shot, &kept);
        panic!(
            "{what}; the screen it left is in {}; the till's log:\n{}",
            kept.display(),
            self.till.said()
        );
    }

    fn pay_exact(&mut self) {
        let ms = self.tap_changing_cart(EXACT_CASH, "exact cash");
        self.sale_taps.push(ms);
        self.sales += 1;
    }

    /// A sale of one to four favourites, now and then from another tab first, paid with exact
    /// cash or through the payment sheet with a note that wants change.
    fn one_sale(&mut self) {
        if self.rng.random_ratio(1, 10) {
            let tab = TABS[self.rng.random_range(1..TABS.len())];
            self.screen.tap_and_wait(tab, 300);
            self.screen.tap_and_wait(TABS[0], 300);
        }
        let mut total = 0;
        for _ in 0..self.rng.random_range(1..=4) {
            let (at, price) = ITEMS[self.rng.random_range(0..ITEMS.len())];
            if total + price > 100_000 {
                break;
            }
            total += price;
            let ms = self.tap_changing_cart(at, "a favourite");
            self.item_taps.push(ms);
        }
        if self.rng.random_ratio(2, 3) {
            self.pay_exact();
        } else {
            self.screen.tap_and_wait(PAY, 400);
            let note = if total <= 50_000 { NOTE_50K } else { NOTE_100K };
            self.screen.tap_and_wait(note, 300);
            self.screen.tap(DONE);
            // The order screen again, its cart empty.
            let deadline = Instant::now() + Duration::from_secs(3);
            while self.screen.pixels(TOTAL) != self.empty_total {
                if Instant::now() > deadline {
                    self.missed("the sale through the payment sheet did not empty the cart in 3 s");
                }
                std::thread::sleep(Duration::from_millis(20));
            }
            self.sales += 1;
            self.through_sheet += 1;
        }
        self.till.assert_running();
    }
}
