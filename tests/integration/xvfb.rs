//! An X server of one's own (Xvfb), and the till's window on it: shared by the window test and
//! the window bench (`benches/window.rs`).

use std::io::BufRead;
use std::process::{Child, ChildStdout, Command, Stdio};

use x11rb::connection::Connection;
use x11rb::protocol::xproto::{self, ConnectionExt as _, ImageFormat, MapState, Rectangle};
use x11rb::protocol::xtest::ConnectionExt as _;
use x11rb::rust_connection::RustConnection;

pub const WIDTH: u16 = 1280;
pub const HEIGHT: u16 = 800;

/// A point on the screen, in pixels.
pub type Point = (i16, i16);

/// Where things are on the till's 1280×800 layout, on the demo data. If the layout moves, a tap
/// misses: whoever taps checks that the cart changed, and says which tap changed nothing.
#[allow(dead_code)] // The test taps a few of these; the window bench taps them all.
pub mod layout {
    use super::{Point, rect};
    use x11rb::protocol::xproto::Rectangle;

    /// Sign-in: Kham's card, the digits of her PIN (1357), and the button.
    pub const KHAM: Point = (404, 178);
    pub const PIN: [Point; 4] = [(890, 219), (1189, 219), (1039, 339), (890, 459)];
    pub const SIGN_IN: Point = (1039, 743);
    /// Opening the till: ten 50,000 ₭ notes and ten 10,000 ₭ notes as the float, then open.
    pub const FLOAT: [Point; 2] = [(511, 295), (511, 419)];
    pub const OPEN_TILL: Point = (640, 743);
    /// The "you have not clocked in" banner (mint where it shows, a white tab where it does not)
    /// and its "clock in now" button.
    pub const BANNER_PROBE: Point = (690, 80);
    pub const CLOCK_IN_NOW: Point = (1053, 96);
    /// The order screen once the banner is gone: the favourites and their prices in kip.
    pub const ITEMS: [(Point, i64); 5] = [
        ((122, 190), 20_000),
        ((358, 190), 15_000),
        ((594, 190), 30_000),
        ((122, 310), 20_000),
        ((358, 310), 18_000),
    ];
    /// Category tabs: "favourites" first.
    pub const TABS: [Point; 6] = [
        (80, 100),
        (214, 100),
        (343, 100),
        (462, 100),
        (562, 100),
        (662, 100),
    ];
    /// The cart's total (read before and after every tap).
    pub const TOTAL: Rectangle = rect(1100, 570, 165, 34);
    pub const EXACT_CASH: Point = (842, 748);
    pub const PAY: Point = (1115, 748);
    /// The payment sheet: the 50,000 ₭ and 100,000 ₭ notes, and "done".
    pub const NOTE_50K: Point = (320, 320);
    pub const NOTE_100K: Point = (526, 320);
    pub const DONE: Point = (1073, 740);
}

/// How long a finger stays on the glass.
pub const FINGER: std::time::Duration = std::time::Duration::from_millis(60);

fn pointer(conn: &RustConnection, root: xproto::Window, kind: u8, detail: u8, (x, y): Point) {
    conn.xtest_fake_input(kind, detail, 0, root, x, y, 0)
        .unwrap();
    conn.flush().unwrap();
}

/// A finger comes down at `at` (synthetic pointer events, XTEST).
pub fn press(conn: &RustConnection, root: xproto::Window, at: Point) {
    pointer(conn, root, xproto::MOTION_NOTIFY_EVENT, 0, at);
    pointer(conn, root, xproto::BUTTON_PRESS_EVENT, 1, at);
}

/// The finger lifts at `at`.
pub fn release(conn: &RustConnection, root: xproto::Window, at: Point) {
    pointer(conn, root, xproto::BUTTON_RELEASE_EVENT, 1, at);
}

/// Kham signs in (PIN 1357), opens the till with a float, and clocks in if the banner asks.
/// `tap` taps a point, then gives the screen the time asked to follow.
pub fn sign_in_and_open(
    conn: &RustConnection,
    window: xproto::Window,
    tap: impl Fn(Point, std::time::Duration),
) {
    use layout::*;
    let ms = std::time::Duration::from_millis;
    tap(KHAM, ms(500));
    for digit in PIN {
        tap(digit, ms(200));
    }
    // PIN hashing takes a moment (Argon2id).
    tap(SIGN_IN, ms(1500));
    for ten_notes in FLOAT {
        tap(ten_notes, ms(300));
    }
    tap(OPEN_TILL, ms(1500));
    // The order screen, drawn: the banner's mint, or a white tab where it is not. (On a slow
    // machine the float screen may still show; its background is neither.)
    const WHITE: [u8; 3] = [255, 255, 255];
    const MINT: [u8; 3] = [232, 239, 220]; // blue, green, red
    let probe = rect(BANNER_PROBE.0, BANNER_PROBE.1, 1, 1);
    let started = std::time::Instant::now();
    let seen = loop {
        let seen: [u8; 3] = pixels(conn, window, probe)[..3].try_into().unwrap();
        if seen == WHITE || seen == MINT {
            break seen;
        }
        assert!(
            started.elapsed() < std::time::Duration::from_secs(30),
            "the order screen did not show after opening the till (pixel {seen:?} at {BANNER_PROBE:?})"
        );
        std::thread::sleep(ms(100));
    };
    if seen == MINT {
        tap(CLOCK_IN_NOW, ms(1500));
    }
}

/// Xvfb at 1280×800 and 96 dpi on a display it picks itself (`-displayfd`), so that two runs
/// never meet.
pub struct XServer {
    process: Child,
    display: String,
    // Xvfb wrote its display number here; kept open while it runs.
    _said: Option<std::io::BufReader<ChildStdout>>,
    _complaints: tempfile::NamedTempFile,
}

impl XServer {
    /// `extra`: more of Xvfb's options, e.g. `-extension GLX` for a server without OpenGL.
    pub fn start(extra: &[&str]) -> Self {
        let complaints = tempfile::NamedTempFile::new().unwrap();
        let mut process = Command::new("Xvfb")
            .args([
                "-displayfd",
                "1",
                "-nolisten",
                "tcp",
                "-dpi",
                "96",
                "-screen",
                "0",
            ])
            .arg(format!("{WIDTH}x{HEIGHT}x24"))
            .args(extra)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(complaints.reopen().unwrap())
            .spawn()
            .unwrap_or_else(|e| {
                panic!("cannot start Xvfb ({e}): install it with `apt-get install xvfb`")
            });
        let mut said = std::io::BufReader::new(process.stdout.take().unwrap());
        // Stopped when dropped, also if it never says its number.
        let mut x = XServer {
            process,
            display: String::new(),
            _said: None,
            _complaints: complaints,
        };
        let mut number = String::new();
        said.read_line(&mut number).unwrap();
        let number = number.trim();
        assert!(
            !number.is_empty() && number.bytes().all(|b| b.is_ascii_digit()),
            "Xvfb gave no display number; it said:\n{}",
            std::fs::read_to_string(x._complaints.path()).unwrap_or_default()
        );
        x.display = format!(":{number}");
        x._said = Some(said);
        x
    }

    pub fn display(&self) -> &str {
        &self.display
    }

    /// A connection, and the screen's root window.
    pub fn connect(&self) -> (RustConnection, xproto::Window) {
        let (conn, screen) = x11rb::connect(Some(&self.display)).unwrap();
        let root = conn.setup().roots[screen].root;
        (conn, root)
    }
}

impl Drop for XServer {
    /// Asked to stop (SIGTERM), Xvfb removes its socket and lock file; killed, it leaves them.
    fn drop(&mut self) {
        let _ = Command::new("sh")
            .args(["-c", "kill -TERM \"$1\"", "sh"])
            .arg(self.process.id().to_string())
            .status();
        for _ in 0..50 {
            if let Ok(Some(_)) = self.process.try_wait() {
                return;
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        let _ = self.process.kill();
        let _ = self.process.wait();
    }
}

/// The till in a window on `x`, its log kept in a file; stopped when dropped, however the test
/// ends.
pub struct TillWindow {
    process: Child,
    log: std::path::PathBuf,
}

impl TillWindow {
    /// `backend`: `SLINT_BACKEND` (None: Slint's own choice); `env`: more variables. The scale
    /// is 1 whatever the environment says, so the layout's points are where they should be.
    pub fn start(
        data: &std::path::Path,
        x: &XServer,
        backend: Option<&str>,
        env: &[(&str, &str)],
        log: std::path::PathBuf,
    ) -> Self {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_mekong"));
        cmd.arg("--data-dir")
            .arg(data)
            .env("DISPLAY", x.display())
            .env_remove("WAYLAND_DISPLAY")
            .env_remove("WINIT_X11_SCALE_FACTOR")
            .env("SLINT_SCALE_FACTOR", "1")
            .env("RUST_LOG", "info")
            .envs(env.iter().copied())
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&log).unwrap());
        match backend {
            Some(b) => cmd.env("SLINT_BACKEND", b),
            None => cmd.env_remove("SLINT_BACKEND"),
        };
        TillWindow {
            process: cmd.spawn().unwrap(),
            log,
        }
    }

    #[allow(dead_code)] // The window bench reads the till's memory by it.
    pub fn id(&self) -> u32 {
        self.process.id()
    }

    /// What the till has logged so far.
    pub fn said(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// Stops the caller, with the till's log, if the till has stopped.
    pub fn assert_running(&mut self) {
        if let Some(status) = self.process.try_wait().unwrap() {
            panic!("the till stopped ({status}); its log:\n{}", self.said());
        }
    }

    pub fn stop(&mut self) {
        let _ = self.process.kill();
        let _ = self.process.wait();
    }
}

impl Drop for TillWindow {
    fn drop(&mut self) {
        self.stop();
    }
}

/// `mekong verify` passes on `data`, and says how many sales match the journal.
pub fn verified_sales(data: &std::path::Path) -> usize {
    let out = Command::new(env!("CARGO_BIN_EXE_mekong"))
        .arg("--data-dir")
        .arg(data)
        .arg("verify")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "`mekong verify` failed: {said}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    said.split(';')
        .find_map(|part| part.trim().strip_suffix(" sales match it"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("`mekong verify` said {said:?}"))
}

/// The till's window once it shows: the top-level window that is mapped and fills the screen.
pub fn shown_window(conn: &RustConnection, root: xproto::Window) -> Option<xproto::Window> {
    conn.query_tree(root)
        .ok()?
        .reply()
        .ok()?
        .children
        .into_iter()
        .find(|&w| {
            let viewable = conn
                .get_window_attributes(w)
                .ok()
                .and_then(|c| c.reply().ok())
                .is_some_and(|a| a.map_state == MapState::VIEWABLE);
            let full = conn
                .get_geometry(w)
                .ok()
                .and_then(|c| c.reply().ok())
                .is_some_and(|g| g.width == WIDTH && g.height == HEIGHT);
            viewable && full
        })
}

/// The till's window once it has drawn something (more than ten colours), within `limit`;
/// stops the caller, with the till's log, if the till stops or draws nothing by then.
pub fn drawn_window(
    conn: &RustConnection,
    root: xproto::Window,
    till: &mut TillWindow,
    limit: std::time::Duration,
) -> xproto::Window {
    let deadline = std::time::Instant::now() + limit;
    loop {
        till.assert_running();
        if let Some(w) = shown_window(conn, root)
            && colours(conn, w) > 10
        {
            return w;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the till drew no {WIDTH}×{HEIGHT} window within {limit:?}; its log:\n{}",
            till.said()
        );
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
}

pub const fn rect(x: i16, y: i16, width: u16, height: u16) -> Rectangle {
    Rectangle {
        x,
        y,
        width,
        height,
    }
}

/// The pixels of `area` of `window`, four bytes each: blue, green, red, unused.
pub fn pixels(conn: &RustConnection, window: xproto::Window, area: Rectangle) -> Vec<u8> {
    conn.get_image(
        ImageFormat::Z_PIXMAP,
        window,
        area.x,
        area.y,
        area.width,
        area.height,
        !0,
    )
    .unwrap()
    .reply()
    .unwrap()
    .data
}

/// How many different colours the window shows: one for a window nothing has drawn in.
pub fn colours(conn: &RustConnection, window: xproto::Window) -> usize {
    let mut seen: Vec<[u8; 3]> = pixels(conn, window, rect(0, 0, WIDTH, HEIGHT))
        .chunks_exact(4)
        .map(|p| [p[0], p[1], p[2]])
        .collect();
    seen.sort_unstable();
    seen.dedup();
    seen.len()
}
