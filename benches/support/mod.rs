//! What every benchmark's till needs: a clock stopped at one time, a printer that prints
//! nothing (so a figure is the work measured, not the printer), and one of the demo team
//! signed in.

use chrono::{DateTime, FixedOffset};
use mekong::app::{Clock, Till};
use mekong::print::{PrintError, PrintedReceipt, Printer};

pub struct FixedClock(pub &'static str);

impl Clock for FixedClock {
    fn now(&self) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(self.0).unwrap()
    }
}

/// A till on `dir` with the default configuration, no printer and the clock stopped at `at`.
pub fn open_at(dir: &std::path::Path, at: &'static str) -> Till {
    Till::open_with(
        dir,
        mekong::config::Config::default(),
        Box::new(NoPrinter),
        Box::new(FixedClock(at)),
    )
    .unwrap()
}

pub struct NoPrinter;

impl Printer for NoPrinter {
    fn name(&self) -> String {
        "none".into()
    }
    fn print(&mut self, _: &PrintedReceipt) -> Result<(), PrintError> {
        Ok(())
    }
}

/// Adds the demo team if the till has nobody yet and signs `nickname` in with her PIN.
pub fn sign_in(till: &mut Till, nickname: &str) {
    mekong::app::demo::add_demo_staff(till).unwrap();
    let pin = mekong::app::demo::DEMO_STAFF
        .iter()
        .find(|(n, _, _)| *n == nickname)
        .map(|(_, _, pin)| *pin)
        .unwrap();
    let id = till
        .staff()
        .unwrap()
        .into_iter()
        .find(|e| e.staff.nickname == nickname)
        .unwrap()
        .staff
        .id;
    till.sign_in(&id, pin).unwrap();
}
