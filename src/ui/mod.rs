//! The touchscreen: Slint adapters (one per screen) over a window-free [`Controller`].
//! This is the only module that touches generated Slint types.

pub mod controller;
mod count;
mod first_run;
mod modifiers;
mod payment;
mod people;
mod placements;
mod reports;
mod roster;
mod screenshot;
mod settings;
mod shift;
mod sign_in;
mod skills;
mod till;

pub use controller::Controller;
pub use screenshot::{Screen, render_screenshot};

use crate::domain::menu::Lang;
use slint::ComponentHandle;
use std::cell::RefCell;
use std::rc::Rc;

slint::include_modules!();

/// The window and the controller behind it.
pub struct Ui {
    pub window: AppWindow,
    pub controller: Rc<RefCell<Controller>>,
}

/// What a callback holds: a weak window (no reference cycle) and the shared controller.
#[derive(Clone)]
pub(crate) struct Handle {
    window: slint::Weak<AppWindow>,
    controller: Rc<RefCell<Controller>>,
}

impl Handle {
    /// Runs `action` on the controller, then shows the new state on every screen.
    pub(crate) fn act(&self, action: impl FnOnce(&mut Controller)) {
        {
            let mut c = self.controller.borrow_mut();
            c.touch();
            action(&mut c);
        }
        if let Some(w) = self.window.upgrade() {
            show_all(&w, &self.controller.borrow());
            draw_now(&w);
        }
    }
}

/// Draws what a tap changed at once. On X11, Slint's winit backend holds every redraw for one
/// refresh interval (a timer: 16.7 ms at 60 Hz) before it draws, so a tap would wait that long
/// to show; winit, asked directly, draws in this turn of the event loop. Slint's timer still
/// draws once more when it fires, with nothing new: the software renderer then draws and sends
/// nothing, femtovg draws the whole window again. The timer paces the frames after it
/// (animations). Under the testing backend there is no winit window, and nothing to do.
/// Measured with `cargo bench --bench window` (BENCHMARKS.md).
fn draw_now(window: &AppWindow) {
    use slint::winit_030::WinitWindowAccessor;
    window.window().with_winit_window(|w| w.request_redraw());
}

thread_local! {
    /// The language Slint translates into on this thread (Slint's own choice is per thread).
    static SELECTED: std::cell::Cell<Option<Lang>> = const { std::cell::Cell::new(None) };
}

fn show_all(window: &AppWindow, c: &Controller) {
    // Selecting a language re-evaluates every translated string, so only when it changes,
    // not on every tap.
    if SELECTED.get() != Some(c.lang) {
        let code = match c.lang {
            Lang::En => "",
            Lang::Lo => "lo",
        };
        // Fails only if the language has no bundled translation; English is always there.
        let _ = slint::select_bundled_translation(code);
        SELECTED.set(Some(c.lang));
    }
    till::show(window, c);
    modifiers::show(window, c);
    payment::show(window, c);
    settings::show(window, c);
    shift::show(window, c);
    reports::show(window, c);
    count::show(window, c);
    sign_in::show(window, c);
    first_run::show(window, c);
    people::show(window, c);
    roster::show(window, c);
    skills::show(window, c);
    placements::show(window, c);
}

impl Ui {
    /// Creates the window and wires every adapter to the controller.
    pub fn new(controller: Controller) -> Result<Ui, slint::PlatformError> {
        let window = AppWindow::new()?;
        let ui = Ui {
            window,
            controller: Rc::new(RefCell::new(controller)),
        };
        till::wire(&ui);
        modifiers::wire(&ui);
        payment::wire(&ui);
        settings::wire(&ui);
        sign_in::wire(&ui);
        first_run::wire(&ui);
        people::wire(&ui);
        roster::wire(&ui);
        skills::wire(&ui);
        placements::wire(&ui);
        count::wire(&ui);
        shift::wire(&ui);
        reports::wire(&ui);
        ui.refresh();
        Ok(ui)
    }

    pub(crate) fn handle(&self) -> Handle {
        Handle {
            window: self.window.as_weak(),
            controller: self.controller.clone(),
        }
    }

    pub fn refresh(&self) {
        show_all(&self.window, &self.controller.borrow());
    }
}

/// Says in the log which renderer draws the till, and when its first frame was drawn after the
/// program started. Without a GPU driver [`choose_renderer`] has picked the software renderer;
/// otherwise Slint picks OpenGL (femtovg) where it loads. Only OpenGL lets the till watch its
/// frames.
///
/// A machine whose OpenGL loads but cannot draw (no EGL, no GLX) gets a window that stays
/// black: if no frame comes within [`FIRST_FRAME_WAIT`], the till starts itself again on the
/// software renderer (`SLINT_BACKEND=winit-software`) and says so. Nothing has been sold by
/// then.
fn log_renderer_and_first_frame(ui: &Ui) {
    let first = std::cell::Cell::new(true);
    let drawn = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let seen = drawn.clone();
    let notifier = ui
        .window
        .window()
        .set_rendering_notifier(move |state, api| {
            if matches!(state, slint::RenderingState::AfterRendering) && first.replace(false) {
                seen.store(true, std::sync::atomic::Ordering::SeqCst);
                let api = match api {
                    slint::GraphicsAPI::NativeOpenGL { .. } => "OpenGL",
                    _ => "the GPU",
                };
                tracing::info!(
                    "first frame drawn {} ms after start, with {api} (femtovg renderer)",
                    crate::started().elapsed().as_millis()
                );
            }
        });
    match notifier {
        Ok(()) if std::env::var_os("SLINT_BACKEND").is_none() => {
            std::thread::spawn(move || {
                std::thread::sleep(FIRST_FRAME_WAIT);
                if !drawn.load(std::sync::atomic::Ordering::SeqCst) {
                    restart_on_the_software_renderer();
                }
            });
        }
        Ok(()) => {}
        Err(slint::SetRenderingNotifierError::Unsupported) => {
            tracing::info!(
                "the software renderer draws the till (fine on a small touchscreen box; SLINT_BACKEND=winit-femtovg asks for OpenGL); the window is up {} ms after start",
                crate::started().elapsed().as_millis()
            );
        }
        Err(e) => tracing::warn!("cannot watch the till's frames: {e}"),
    }
}

/// Picks the software renderer on a Linux box whose kernel has no GPU driver (no render node
/// in /dev/dri), unless `SLINT_BACKEND` says otherwise. There OpenGL would usually be Mesa's
/// llvmpipe, drawing on the CPU: measured on the development VM at 20 ms a tap and 169 MB,
/// against 5 ms and 46 MB on the software renderer (BENCHMARKS.md). With a render node, Slint's
/// own choice stands (OpenGL), watched for its first frame. A render node is not always a GPU
/// (a VM's virtio-gpu without 3D has one), nor every GPU a render node (some ARM boards'
/// vendor drivers): those boxes get the other renderer, and `SLINT_BACKEND` sets it right.
///
/// Fails only if the display cannot be opened: winit makes one event loop per process, so
/// there is no second try with another renderer.
fn choose_renderer() -> Result<(), slint::PlatformError> {
    if !cfg!(target_os = "linux") || std::env::var_os("SLINT_BACKEND").is_some() {
        return Ok(());
    }
    let gpu = std::fs::read_dir("/dev/dri").is_ok_and(|nodes| {
        nodes
            .flatten()
            .any(|n| n.file_name().to_string_lossy().starts_with("renderD"))
    });
    if gpu {
        return Ok(());
    }
    tracing::info!("no GPU driver here (no render node in /dev/dri): the software renderer");
    slint::BackendSelector::new()
        .backend_name("winit".into())
        .renderer_name("software".into())
        .select()
}

/// How long the first frame may take on OpenGL before the till gives up on it.
const FIRST_FRAME_WAIT: std::time::Duration = std::time::Duration::from_secs(8);

/// Replaces this process with the same command on the software renderer.
fn restart_on_the_software_renderer() {
    tracing::warn!(
        "OpenGL drew nothing in {} s: starting again on the software renderer",
        FIRST_FRAME_WAIT.as_secs()
    );
    let Ok(exe) = std::env::current_exe() else {
        tracing::error!(
            "cannot find this program to start it again: set SLINT_BACKEND=winit-software"
        );
        return;
    };
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt;
        // exec only returns if it failed; the files it had open close (the till's lock too).
        let e = std::process::Command::new(exe)
            .args(std::env::args_os().skip(1))
            .env("SLINT_BACKEND", "winit-software")
            .exec();
        tracing::error!(
            "cannot start again on the software renderer: {e}; set SLINT_BACKEND=winit-software"
        );
    }
    #[cfg(not(unix))]
    {
        let _ = exe;
        tracing::error!("set SLINT_BACKEND=winit-software to use the software renderer");
    }
}

/// Opens the till window and runs until it is closed. Receipts print on their own thread;
/// the printer line is refreshed every second.
pub fn run(mut controller: Controller) -> Result<(), slint::PlatformError> {
    controller.till.print_in_background();
    choose_renderer()?;
    let ui = Ui::new(controller)?;
    log_renderer_and_first_frame(&ui);
    let weak = ui.window.as_weak();
    let shared = ui.controller.clone();
    let timer = slint::Timer::default();
    timer.start(
        slint::TimerMode::Repeated,
        std::time::Duration::from_secs(1),
        move || {
            let Some(w) = weak.upgrade() else { return };
            if let Ok(mut c) = shared.try_borrow_mut()
                && c.tick()
            {
                show_all(&w, &c);
            }
            if let Ok(c) = shared.try_borrow() {
                till::show_printer(&w, &c);
                till::show_sync(&w, &c);
                if c.settings_open {
                    settings::show_result(&w, &c);
                }
            }
        },
    );
    ui.window.run()
}

fn model<T: Clone + 'static>(items: Vec<T>) -> slint::ModelRc<T> {
    slint::ModelRc::new(slint::VecModel::from(items))
}
