//! The till in a real window, under an X server of the test's own (Xvfb).

use crate::common::mekong_cli;
use crate::xvfb::{TillWindow, XServer, colours, drawn_window, shown_window, verified_sales};
use std::time::{Duration, Instant};

/// A touchscreen box without OpenGL: an X server without GLX, and no EGL driver either. The
/// till ends up on the software renderer, says why in its log, and draws. Without a GPU driver
/// (no render node in /dev/dri) it picks the software renderer at once;
/// with one, Slint picks OpenGL, which never draws here: the till waits 8 s for a first frame,
/// then starts itself again on the software renderer.
#[test]
fn without_opengl_the_till_draws_on_the_software_renderer_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let x = XServer::start(&["-extension", "GLX"]);
    let mut till = TillWindow::start(
        &dir.path().join("data"),
        &x,
        None,
        // libglvnd finds no EGL driver here.
        &[(
            "__EGL_VENDOR_LIBRARY_FILENAMES",
            "/nonexistent/egl-vendor.json",
        )],
        dir.path().join("till.log"),
    );
    let (conn, root) = x.connect();
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        till.assert_running();
        // Starting again makes a new window: it is looked for once the new start has spoken.
        let said = till.said();
        let why = said.contains("no GPU driver here")
            || said.contains("starting again on the software renderer");
        if why
            && said.contains("the software renderer draws the till")
            && let Some(w) = shown_window(&conn, root)
            && colours(&conn, w) > 10
        {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the till did not draw on the software renderer within 60 s:\n{}",
            till.said()
        );
        std::thread::sleep(Duration::from_millis(200));
    }
    assert!(!till.said().contains("panicked"), "{}", till.said());
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
    let before = verified_sales(&data);

    let x = XServer::start(&[]);
    let mut till = TillWindow::start(
        &data,
        &x,
        Some("winit-software"),
        &[],
        dir.path().join("till.log"),
    );
    let (conn, root) = x.connect();
    let window = drawn_window(&conn, root, &mut till, Duration::from_secs(60));
    let tap = |at: Point| {
        press(&conn, root, at);
        std::thread::sleep(FINGER);
        release(&conn, root, at);
    };
    sign_in_and_open(&conn, window, |at, settle| {
        tap(at);
        std::thread::sleep(settle);
    });
    // Waits for the cart's total to read differently from `was` (changed), or as `was` again.
    let total_shows = |was: &[u8], changed: bool, what: &str| {
        for _ in 0..300 {
            if (pixels(&conn, window, TOTAL) != was) == changed {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let wanted = if changed {
            "change"
        } else {
            "go back to 0 ₭"
        };
        panic!(
            "{what}: the cart's total did not {wanted} in 30 s\n{}",
            till.said()
        );
    };
    let empty = pixels(&conn, window, TOTAL);
    tap(ITEMS[1].0);
    total_shows(&empty, true, "a hot Lao coffee");
    tap(EXACT_CASH);
    total_shows(&empty, false, "exact cash");
    // The sale is saved before the cart empties; the books hold it once the till is gone.
    till.stop();
    assert_eq!(verified_sales(&data), before + 1, "{}", till.said());
    assert!(!till.said().contains("panicked"), "{}", till.said());
}
