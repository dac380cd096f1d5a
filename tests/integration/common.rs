//! Helpers shared by the integration tests: a till on a temporary data directory with a fixed
//! clock, finding UI elements by what a person sees, and an ESC/POS raster decoder.

use chrono::{DateTime, FixedOffset};
use i_slint_backend_testing::{AccessibleRole, ElementHandle};
use mekong::app::{Clock, Till};
use mekong::config::Config;
use mekong::print::VirtualPrinter;
use mekong::print::raster::Bitmap;
use mekong::ui::{Controller, Ui};
use std::path::Path;

pub struct FixedClock(pub DateTime<FixedOffset>);

impl Clock for FixedClock {
    fn now(&self) -> DateTime<FixedOffset> {
        self.0
    }
}

/// A clock the test moves by hand: time passing moves the wall clock and the monotonic one;
/// someone setting the wall clock moves only the wall clock.
#[derive(Clone)]
pub struct HandClock(
    pub std::sync::Arc<std::sync::Mutex<DateTime<FixedOffset>>>,
    std::sync::Arc<std::sync::Mutex<u64>>,
);

impl HandClock {
    pub fn at(time: &str) -> HandClock {
        HandClock(
            std::sync::Arc::new(std::sync::Mutex::new(vientiane(time))),
            std::sync::Arc::new(std::sync::Mutex::new(0)),
        )
    }
    pub fn advance(&self, seconds: i64) {
        *self.0.lock().unwrap() += chrono::TimeDelta::seconds(seconds);
        *self.1.lock().unwrap() += seconds.max(0) as u64;
    }
    /// Someone sets the till's clock: the wall time jumps, no time passes.
    pub fn set_wall(&self, time: &str) {
        *self.0.lock().unwrap() = vientiane(time);
    }
}

impl Clock for HandClock {
    fn now(&self) -> DateTime<FixedOffset> {
        *self.0.lock().unwrap()
    }
    fn monotonic(&self) -> std::time::Duration {
        std::time::Duration::from_secs(*self.1.lock().unwrap())
    }
}

pub fn vientiane(s: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(s).expect("test time")
}

/// The default configuration, but in English: the tests find the screen's parts by their
/// English labels (a real till starts in `[site] language`, Lao by default).
pub fn english() -> Config {
    let mut config = Config::default();
    config.site.language = "en".into();
    config
}

/// A till on `dir` with the default configuration, the virtual printer and a fixed clock.
pub fn till_at(dir: &Path) -> Till {
    till_with(
        dir,
        Box::new(VirtualPrinter::new(dir)),
        "2026-11-28T10:30:00+07:00",
    )
}

/// A till on `dir` printing to `printer`, its clock stopped at `time` (RFC 3339), with the
/// demo staff and Noy (a manager) signed in.
pub fn till_with(dir: &Path, printer: Box<dyn mekong::print::Printer>, time: &str) -> Till {
    let till = Till::open_with(
        dir,
        english(),
        printer,
        Box::new(FixedClock(vientiane(time))),
    )
    .expect("till opens");
    signed_in(till, "Noy")
}

/// Adds the demo staff if the till has nobody yet, and signs `nickname` in with their PIN.
pub fn signed_in(mut till: Till, nickname: &str) -> Till {
    mekong::app::demo::add_demo_staff(&mut till).expect("demo staff");
    let id = staff_id(&till, nickname);
    till.sign_in(&id, pin_of(nickname)).expect("signs in");
    if till.session().unwrap().is_none() {
        till.open_session(&Default::default())
            .expect("the till opens");
    }
    till
}

pub fn staff_id(till: &Till, nickname: &str) -> mekong::domain::staff::StaffId {
    till.staff()
        .unwrap()
        .into_iter()
        .find(|e| e.staff.nickname == nickname)
        .unwrap_or_else(|| panic!("no staff {nickname}"))
        .staff
        .id
}

/// The PIN of one of the demo staff.
pub fn pin_of(nickname: &str) -> &'static str {
    mekong::app::demo::pin_of(nickname).unwrap_or_else(|| panic!("no demo staff {nickname}"))
}

/// A printer that is out of paper.
pub struct Jammed;

impl mekong::print::Printer for Jammed {
    fn name(&self) -> String {
        "jammed".into()
    }
    fn print(
        &mut self,
        _: &mekong::print::PrintedReceipt,
    ) -> Result<(), mekong::print::PrintError> {
        Err(mekong::print::PrintError::Encode("paper jam".into()))
    }
}

/// A till window on the testing backend, at the till's landscape size.
pub fn ui_with(till: Till) -> Ui {
    i_slint_backend_testing::init_no_event_loop();
    let ui = Ui::new(Controller::new(till)).expect("window");
    slint::ComponentHandle::window(&ui.window).set_size(slint::LogicalSize::new(1280.0, 800.0));
    ui
}

/// A till window on `dir` with the virtual printer and a fixed clock.
pub fn ui_at(dir: &Path) -> Ui {
    ui_with(till_at(dir))
}

/// One croissant, the simplest line on the menu.
pub fn croissant(till: &Till) -> Vec<mekong::domain::order::OrderLine> {
    use mekong::domain::order::{Selection, build_line};
    let m = till.menu();
    let sel = Selection::defaults(m, &"croissant".into()).expect("croissant on the menu");
    vec![
        build_line(
            m,
            &"croissant".into(),
            &sel,
            mekong::domain::money::Quantity::ONE,
        )
        .expect("line"),
    ]
}

/// Sells one croissant through the screen, paid with the quick tender labelled `cash`.
pub fn sell_croissant(ui: &Ui, cash: &str) {
    tap(ui, "Bakery");
    tap(ui, "Croissant");
    tap(ui, "Pay 18,000 ₭");
    tap(ui, cash);
    tap(ui, "Done");
}

/// The button whose visible text is `label`.
pub fn button(ui: &Ui, label: &str) -> ElementHandle {
    buttons(ui, label).into_iter().next().unwrap_or_else(|| {
        let all: Vec<String> = i_slint_backend_testing::ElementQuery::from_root(&ui.window)
            .match_descendants()
            .match_accessible_role(AccessibleRole::Button)
            .find_all()
            .iter()
            .filter_map(|e| e.accessible_label().map(|l| l.to_string()))
            .collect();
        panic!("no button labelled {label:?}; buttons: {all:?}")
    })
}

pub fn buttons(ui: &Ui, label: &str) -> Vec<ElementHandle> {
    ElementHandle::find_by_accessible_label(&ui.window, label)
        .filter(|e| e.accessible_role() == Some(AccessibleRole::Button))
        .collect()
}

pub fn tap(ui: &Ui, label: &str) {
    button(ui, label).invoke_accessible_default_action();
}

/// The value shown next to a labelled read-out such as "Total" or "Change due".
pub fn value(ui: &Ui, label: &str) -> String {
    ElementHandle::find_by_accessible_label(&ui.window, label)
        .filter(|e| e.accessible_role() == Some(AccessibleRole::Text))
        .find_map(|e| e.accessible_value().filter(|v| !v.is_empty()))
        .map(|v| v.to_string())
        .unwrap_or_else(|| panic!("no value shown for {label:?}"))
}

/// The value of a labelled read-out, or "" when it shows none.
pub fn value_or_empty(ui: &Ui, label: &str) -> String {
    ElementHandle::find_by_accessible_label(&ui.window, label)
        .filter(|e| e.accessible_role() == Some(AccessibleRole::Text))
        .find_map(|e| e.accessible_value())
        .map(|v| v.to_string())
        .unwrap_or_default()
}

pub fn has_label(ui: &Ui, label: &str) -> bool {
    ElementHandle::find_by_accessible_label(&ui.window, label)
        .next()
        .is_some()
}

/// Decodes what a printer receives: `ESC @`, `CAN`, raster bands (`GS v 0`), feeds (`ESC d`)
/// and the cut (`GS V`). Any other byte fails the test. Returns the stacked raster and
/// whether the paper was cut at the end.
pub fn decode_escpos(bytes: &[u8]) -> (Bitmap, bool) {
    let d = decode(bytes);
    (d.raster.expect("no raster in the receipt"), d.cut)
}

/// Everything a printer was asked to do, decoded.
pub struct Decoded {
    pub raster: Option<Bitmap>,
    pub cut: bool,
    /// `m` of each `ESC p m t1 t2` (0 = pin 2, 1 = pin 5).
    pub drawer_kicks: Vec<u8>,
}

pub fn decode(bytes: &[u8]) -> Decoded {
    let mut i = 0;
    let mut width = None;
    let mut rows: Vec<u8> = Vec::new();
    let mut height = 0u32;
    let mut cut = false;
    let mut drawer_kicks = Vec::new();
    while i < bytes.len() {
        assert!(!cut, "bytes after the cut at {i}");
        match bytes[i..] {
            [0x1b, b'p', m, t1, t2, ..] => {
                assert!(t1 > 0 && t2 >= t1, "drawer pulse times {t1}, {t2}");
                drawer_kicks.push(m);
                i += 5;
            }
            [0x1b, b'@', ..] => i += 2,
            [0x18, ..] => i += 1,
            [0x1b, b'd', _n, ..] => i += 3,
            [0x1d, b'V', m, ..] if m == 0 || m == 48 => {
                cut = true;
                i += 3;
            }
            // Function B: feed n dots, then a full cut.
            [0x1d, b'V', 65, _n, ..] => {
                cut = true;
                i += 4;
            }
            [0x1d, b'v', b'0', m, xl, xh, yl, yh, ..] => {
                assert_eq!(m, 0, "normal-size raster expected");
                let wb = u32::from(xl) + 256 * u32::from(xh);
                let h = u32::from(yl) + 256 * u32::from(yh);
                if let Some(w) = width {
                    assert_eq!(w, wb * 8, "bands of different widths");
                }
                width = Some(wb * 8);
                let n = (wb * h) as usize;
                let start = i + 8;
                assert!(start + n <= bytes.len(), "raster band runs past the end");
                rows.extend_from_slice(&bytes[start..start + n]);
                height += h;
                i = start + n;
            }
            _ => panic!("unexpected ESC/POS byte {:#04x} at {i}", bytes[i]),
        }
    }
    Decoded {
        raster: width.map(|w| Bitmap::from_packed(w, height, rows).expect("consistent raster")),
        cut,
        drawer_kicks,
    }
}

/// Rows of `needle` (cropped to its ink) appear somewhere in `hay`, dot for dot.
pub fn contains_image(hay: &Bitmap, needle: &Bitmap) -> bool {
    let ink: Vec<u32> = (0..needle.height())
        .filter(|&y| needle.any_black(0, y, needle.width(), y + 1))
        .collect();
    let (Some(&top), Some(&bottom)) = (ink.first(), ink.last()) else {
        return false;
    };
    let crop = needle.rows(top, bottom + 1);
    (0..=hay.height().saturating_sub(crop.height())).any(|y0| {
        let rb = hay.row_bytes() as usize;
        hay.packed()[y0 as usize * rb..(y0 + crop.height()) as usize * rb] == *crop.packed()
    })
}

/// A till on `dir` with the demo team (Noy manager, Kham barista, Mai and Dao trainees),
/// nobody signed in, on a clock the test moves.
pub fn till_signed_out(dir: &Path, clock: &HandClock) -> Till {
    let mut till = Till::open_with(
        dir,
        english(),
        Box::new(VirtualPrinter::new(dir)),
        Box::new(clock.clone()),
    )
    .expect("till opens");
    mekong::app::demo::add_demo_staff(&mut till).expect("demo staff");
    till
}

/// Taps each digit of `digits` on whatever keypad is on top.
pub fn digits(ui: &Ui, digits: &str) {
    for d in digits.chars() {
        tap(ui, &d.to_string());
    }
}

/// Signs in on the PIN screen: the name, the PIN, Sign in.
pub fn sign_in_on_screen(ui: &Ui, nickname: &str) {
    tap(ui, nickname);
    digits(ui, pin_of(nickname));
    tap(ui, "Sign in");
}

/// Noy approves on the manager-approval screen.
pub fn approve_as_noy(ui: &Ui) {
    tap(ui, "Noy");
    digits(ui, pin_of("Noy"));
    tap(ui, "Approve");
}

/// Runs the `mekong` binary on `dir` with `args`, `stdin` on its standard input; whether it
/// succeeded, and what it printed (stdout, then stderr).
pub fn mekong_cli(dir: &Path, args: &[&str], stdin: &str) -> (bool, String) {
    use std::io::Write;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_mekong"))
        .arg("--data-dir")
        .arg(dir)
        .args(args)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    let o = child.wait_with_output().unwrap();
    (
        o.status.success(),
        format!(
            "{}{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        ),
    )
}
