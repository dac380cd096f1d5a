//! Mekong Till: the touchscreen till, receipts and records of the Made in Mekong café.
//! The binary only parses arguments; everything lives here so it can be tested.

pub mod app;
pub mod cli;
pub mod config;
pub mod domain;
pub mod hq;
pub mod print;
pub mod store;
pub mod sync;
pub mod ui;

static STARTED: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();

/// When the program started (the first call: `main` makes it first), for start-up timings.
pub fn started() -> std::time::Instant {
    *STARTED.get_or_init(std::time::Instant::now)
}

/// Logs every panic, on any thread, with where it happened, through `tracing` (the till's log):
/// a fault in the program leaves a line saying where, not just a stopped thread. Sales are
/// committed before anything that could panic runs on them (printing, the screen's update), and
/// the printer and sync threads go on after one.
pub fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        let message = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "(no message)".into());
        let place = info
            .location()
            .map(|l| format!("{}:{}:{}", l.file(), l.line(), l.column()))
            .unwrap_or_else(|| "an unknown place".into());
        let thread = std::thread::current()
            .name()
            .unwrap_or("unnamed")
            .to_owned();
        tracing::error!("panic in thread {thread} at {place}: {message}");
    }));
}
