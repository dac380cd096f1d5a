//! The till in a real window, under an X server of the test's own (Xvfb).

use crate::xvfb::{XServer, colours, shown_window};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// A touchscreen box without OpenGL: an X server without GLX, and no EGL driver either. The
/// till waits for a first frame on OpenGL, starts itself again on the software renderer, says
/// so in its log, and draws.
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
