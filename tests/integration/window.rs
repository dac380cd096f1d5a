//! The till in a real window, under an X server of the test's own (Xvfb).

use crate::common::mekong_cli;
use crate::xvfb::{XServer, colours, shown_window};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// A touchscreen box without OpenGL: an X server without GLX, and no EGL driver either. The
/// till ends up on the software renderer, says so in its log, and draws. Here Slint still
/// picks OpenGL, which never draws: the till waits 8 s for a first frame, then starts itself
/// again on the software renderer. Where the GL libraries are missing altogether, Slint picks
/// the software renderer at once.
#[test]
fn without_opengl_the_till_draws_on_the_software_renderer_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let x = XServer::start(&["-extension", "GLX"]);
    let log = dir.path().join("till.log");
    let mut till = Command::new(env!("CARGO_BIN_EXE_mekong"))
        .arg("--data-dir")
        .arg(dir.path().join("data"))
        .env("DISPLAY", x.display())
        .env_remove("WAYLAND_DISPLAY")
        .env_remove("SLINT_BACKEND")
        // libglvnd finds no EGL driver here.
        .env(
            "__EGL_VENDOR_LIBRARY_FILENAMES",
            "/nonexistent/egl-vendor.json",
        )
        .env("RUST_LOG", "info")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(&log).unwrap())
        .spawn()
        .unwrap();
    let said = || std::fs::read_to_string(&log).unwrap_or_default();
    let (conn, root) = x.connect();
    let deadline = Instant::now() + Duration::from_secs(60);
    let drawn = loop {
        if let Some(status) = till.try_wait().unwrap() {
            panic!("the till stopped ({status}):\n{}", said());
        }
        // Starting again makes a new window: it is looked for once the new start has spoken.
        if said().contains("the software renderer draws the till")
            && let Some(w) = shown_window(&conn, root)
            && colours(&conn, w) > 10
        {
            break true;
        }
        if Instant::now() > deadline {
            break false;
        }
        std::thread::sleep(Duration::from_millis(200));
    };
    let _ = till.kill();
    let _ = till.wait();
    let said = said();
    assert!(
        drawn,
        "the till did not draw on the software renderer within 60 s:\n{said}"
    );
    assert!(!said.contains("panicked"), "{said}");
}

/// A barista's first sale in a real window: taps on the glass (XTEST) sign Kham in, open the
/// till, put a coffee in the cart and take exact cash. The cart shows each step, and the books
/// hold the sale.
#[test]
fn a_sale_made_by_taps_in_a_real_window() {
    use crate::xvfb::layout::{EXACT_CASH, ITEMS, TOTAL};
    use crate::xvfb::{FINGER, Point, pixels, press, release, sign_in_and_open};
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let (ok, said) = mekong_cli(&data, &["demo", "--days", "1"], "");
    assert!(ok, "{said}");
    let sales = |data: &std::path::Path| {
        let (ok, said) = mekong_cli(data, &["verify"], "");
        assert!(ok, "{said}");
        said.split(';')
            .find_map(|part| part.trim().strip_suffix(" sales match it"))
            .and_then(|n| n.trim().parse::<usize>().ok())
            .unwrap_or_else(|| panic!("{said}"))
    };
    let before = sales(&data);

    let x = XServer::start(&[]);
    let log = dir.path().join("till.log");
    let mut till = Command::new(env!("CARGO_BIN_EXE_mekong"))
        .arg("--data-dir")
        .arg(&data)
        .env("DISPLAY", x.display())
        .env_remove("WAYLAND_DISPLAY")
        .env("SLINT_BACKEND", "winit-software")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(&log).unwrap())
        .spawn()
        .unwrap();
    let said = || std::fs::read_to_string(&log).unwrap_or_default();
    let (conn, root) = x.connect();
    let mut waited = Duration::ZERO;
    let window = loop {
        if let Some(w) = shown_window(&conn, root)
            && colours(&conn, w) > 10
        {
            break w;
        }
        assert!(till.try_wait().unwrap().is_none(), "{}", said());
        assert!(
            waited < Duration::from_secs(60),
            "nothing drawn:\n{}",
            said()
        );
        std::thread::sleep(Duration::from_millis(100));
        waited += Duration::from_millis(100);
    };
    let tap = |at: Point| {
        press(&conn, root, at);
        std::thread::sleep(FINGER);
        release(&conn, root, at);
    };
    sign_in_and_open(&conn, window, |at, settle| {
        tap(at);
        std::thread::sleep(settle);
    });
    // Waits for the cart's total to read `differently` from, or the same as, what it was.
    let total_becomes = |was: &[u8], differently: bool, what: &str| {
        for _ in 0..300 {
            if (pixels(&conn, window, TOTAL) != was) == differently {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        panic!(
            "{what}: the cart's total did not change in 30 s\n{}",
            said()
        );
    };
    let empty = pixels(&conn, window, TOTAL);
    tap(ITEMS[1].0);
    total_becomes(&empty, true, "a hot Lao coffee");
    tap(EXACT_CASH);
    total_becomes(&empty, false, "exact cash");
    // The sale is saved before the cart empties; the books hold it once the till is gone.
    let _ = till.kill();
    let _ = till.wait();
    assert_eq!(sales(&data), before + 1, "{}", said());
    assert!(!said().contains("panicked"), "{}", said());
}
