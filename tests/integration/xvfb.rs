//! An X server of one's own (Xvfb), and the till's window on it: shared by the window test and
//! the window bench (`benches/window.rs`).

use std::io::BufRead;
use std::process::{Child, ChildStdout, Command, Stdio};

use x11rb::connection::Connection;
use x11rb::protocol::xproto::{self, ConnectionExt as _, ImageFormat, MapState, Rectangle};
use x11rb::rust_connection::RustConnection;

pub const WIDTH: u16 = 1280;
pub const HEIGHT: u16 = 800;

/// Xvfb at 1280×800 on a display it picks itself (`-displayfd`), so that two runs never meet.
pub struct XServer {
    process: Child,
    display: String,
    // Xvfb wrote its display number here; kept open while it runs.
    _said: std::io::BufReader<ChildStdout>,
}

impl XServer {
    /// `extra`: more of Xvfb's options, e.g. `-extension GLX` for a server without OpenGL.
    pub fn start(extra: &[&str]) -> Self {
        let mut process = Command::new("Xvfb")
            .args(["-displayfd", "1", "-nolisten", "tcp", "-screen", "0"])
            .arg(format!("{WIDTH}x{HEIGHT}x24"))
            .args(extra)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| {
                panic!("cannot start Xvfb ({e}): install it with `apt-get install xvfb`")
            });
        let mut said = std::io::BufReader::new(process.stdout.take().unwrap());
        let mut number = String::new();
        said.read_line(&mut number).unwrap();
        let number = number.trim();
        assert!(
            !number.is_empty() && number.bytes().all(|b| b.is_ascii_digit()),
            "Xvfb gave no display number: {number:?}"
        );
        XServer {
            process,
            display: format!(":{number}"),
            _said: said,
        }
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
    fn drop(&mut self) {
        let _ = self.process.kill();
        let _ = self.process.wait();
    }
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
