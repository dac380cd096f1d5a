//! Feeding the printer from the print queue. The sale is committed first, with its receipt job;
//! this worker then sends jobs strictly in order. A job is marked as being sent before it goes
//! and deleted once the printer took it, so it prints once: a failure puts it back with a
//! back-off (and the printer is asked for its status before the next try), an old job waits
//! for a person, and a job caught mid-send by a stop also waits for a person.
//!
//! In the till the worker runs on its own thread; tests and tools run it inline.

use super::Clock;
use crate::config::{Config, Site};
use crate::domain::menu::Station;
use crate::domain::sale::receipt_label;
use crate::print::raster::Rasterizer;
use crate::print::receipt::ReceiptDoc;
use crate::print::status::{DrawerPin, NotReady};
use crate::print::{PrintError, PrintedReceipt, Printer};
use crate::store::print_jobs::{self, Job, JobKind};
use crate::store::{Store, StoreError, sales};
use chrono::TimeDelta;
use std::path::Path;
use std::sync::mpsc::{self, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// Why the printer is not printing, kept for the screen (a `PrintError` cannot be copied).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PrinterFault {
    NotReady(NotReady),
    NoAnswer(String),
    Other(String),
}

impl std::fmt::Display for PrinterFault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PrinterFault::NotReady(why) => write!(f, "the printer is {why}"),
            PrinterFault::NoAnswer(why) => write!(f, "the printer does not answer: {why}"),
            PrinterFault::Other(why) => f.write_str(why),
        }
    }
}

impl From<&PrintError> for PrinterFault {
    fn from(e: &PrintError) -> Self {
        match e {
            PrintError::NotReady { why, .. } => PrinterFault::NotReady(*why),
            PrintError::Unreachable { why, .. } | PrintError::Interrupted { why, .. } => {
                PrinterFault::NoAnswer(why.clone())
            }
            other => PrinterFault::Other(other.to_string()),
        }
    }
}

/// What the screen shows about printing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PrintState {
    /// Jobs waiting to print (not counting held ones).
    pub waiting: usize,
    /// Jobs waiting for a person to say print or not.
    pub held: usize,
    /// Why the last try failed, until a job prints again.
    pub fault: Option<PrinterFault>,
    /// The cash drawer did not open on the last cash sale.
    pub drawer_fault: Option<PrinterFault>,
    /// How the last document printed outside the queue (test page, X or Z report) went:
    /// `Some(None)` printed, `Some(Some(fault))` did not.
    pub printed_now: Option<Option<PrinterFault>>,
}

/// The site section of the configuration, shared by the till and its print workers.
pub type SharedSite = Arc<std::sync::RwLock<Site>>;

pub struct PrintWorker {
    store: Store,
    printer: Box<dyn Printer>,
    rasterizer: Option<Rasterizer>,
    /// The café and till id, shared with the till: set up on the first run, they change
    /// while the printer thread runs.
    site: SharedSite,
    stations: Vec<Station>,
    /// Which jobs this worker sends: `receipt` (receipts, copies) or `tickets`.
    key: &'static str,
    /// Where order tickets go: their own printer, or the receipt printer.
    tickets_key: &'static str,
    width: u32,
    hold_after: TimeDelta,
    clock: Arc<dyn Clock>,
    state: Arc<Mutex<PrintState>>,
    /// Jobs left mid-send by an earlier run are put aside once, when this worker first runs
    /// (not when it is made: a command that only reads must not touch the queue).
    started: bool,
}

/// The receipt printer's jobs: receipts and copies (and tickets when they have no printer).
pub const RECEIPT: &str = "receipt";
/// The ticket printer's jobs, when order tickets have a printer of their own.
pub const TICKETS: &str = "tickets";

/// Seconds to wait before try `attempts + 1`: 2, 4, 8 … up to a minute.
fn back_off(attempts: i64) -> TimeDelta {
    TimeDelta::seconds(2i64.saturating_pow(attempts.clamp(1, 6) as u32).min(60))
}

impl PrintWorker {
    /// A worker with its own connection to the till's database, sending the jobs of `key`
    /// ([`RECEIPT`] or [`TICKETS`]) to `printer`.
    pub fn new(
        db: &Path,
        config: &Config,
        site: SharedSite,
        printer: Box<dyn Printer>,
        clock: Arc<dyn Clock>,
        key: &'static str,
    ) -> Result<PrintWorker, StoreError> {
        let store = Store::open(db)?;
        let own = match (&config.tickets.printer, key) {
            (Some(p), TICKETS) => p,
            _ => &config.printer,
        };
        let worker = PrintWorker {
            store,
            printer,
            rasterizer: None,
            site,
            stations: config.tickets.stations.clone(),
            key,
            tickets_key: if config.tickets.printer.is_some() {
                TICKETS
            } else {
                RECEIPT
            },
            width: own.width_dots,
            hold_after: TimeDelta::minutes(i64::from(own.hold_after_minutes)),
            clock,
            state: Arc::default(),
            started: false,
        };
        worker.publish(None)?;
        Ok(worker)
    }

    pub fn state(&self) -> Arc<Mutex<PrintState>> {
        self.state.clone()
    }

    pub fn printer_name(&self) -> String {
        self.printer.name()
    }

    fn publish(&self, fault: Option<Option<PrinterFault>>) -> Result<(), StoreError> {
        let (waiting, held) = print_jobs::counts(self.store.conn(), self.key)?;
        if let Ok(mut s) = self.state.lock() {
            s.waiting = waiting;
            s.held = held;
            if let Some(f) = fault {
                s.fault = f;
            }
        }
        Ok(())
    }

    pub fn open_drawer(&mut self, pin: DrawerPin) -> Result<(), PrintError> {
        let result = self.printer.open_drawer(pin);
        if let Ok(mut s) = self.state.lock() {
            s.drawer_fault = result.as_ref().err().map(PrinterFault::from);
        }
        result
    }

    /// Prints a document now, outside the queue (a test page, an X or Z report): it is not a
    /// sale and must not wait behind one. The outcome is published as `printed_now`.
    pub fn print_now(&mut self, doc: &ReceiptDoc) -> Result<(), PrintError> {
        let width = self.width;
        let r = self
            .rasterizer
            .get_or_insert_with(|| Rasterizer::new(width));
        let page = PrintedReceipt::render(r, doc)?;
        let result = self
            .printer
            .prepare()
            .and_then(|()| self.printer.print(&page));
        if let Ok(mut s) = self.state.lock() {
            s.printed_now = Some(result.as_ref().err().map(PrinterFault::from));
        }
        result
    }

    fn render(&mut self, job: &Job) -> Result<PrintedReceipt, String> {
        let sale = sales::sale_by_number(self.store.conn(), &job.till_id, job.receipt_no)
            .map_err(|e| e.to_string())?
            .ok_or_else(|| {
                format!(
                    "sale {} is missing",
                    receipt_label(&job.till_id, job.receipt_no)
                )
            })?;
        let doc = match job.kind {
            JobKind::Receipt => ReceiptDoc::for_sale(&sale, &self.site()),
            JobKind::Copy => ReceiptDoc::for_sale(&sale, &self.site()).as_copy(),
            JobKind::Ticket(station) => ReceiptDoc::ticket(&sale, station),
        };
        let width = self.width;
        let r = self
            .rasterizer
            .get_or_insert_with(|| Rasterizer::new(width));
        PrintedReceipt::render(r, &doc).map_err(|e| e.to_string())
    }

    /// Sends every job that is due, oldest first, and stops at the first failure so that the
    /// order is kept. Returns that failure, or `None` when the queue is empty or waiting.
    fn site(&self) -> Site {
        self.site
            .read()
            .map(|s| s.clone())
            .unwrap_or_else(|e| e.into_inner().clone())
    }

    ///
    /// A panic while rendering or sending (a fault in the program, logged with its place by
    /// the panic hook) does not stop printing: the job it happened on is held for a person,
    /// and the queue goes on.
    pub fn run_due(&mut self) -> Result<Option<PrintError>, StoreError> {
        match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| self.send_due())) {
            Ok(result) => result,
            Err(_) => {
                self.rasterizer = None;
                let e = PrintError::Fault;
                print_jobs::hold_stuck(self.store.conn(), self.key, &e.to_string())?;
                self.publish(Some(Some(PrinterFault::from(&e))))?;
                Ok(Some(e))
            }
        }
    }

    fn send_due(&mut self) -> Result<Option<PrintError>, StoreError> {
        if !self.started {
            print_jobs::hold_interrupted(self.store.conn(), self.key)?;
            self.started = true;
        }
        let till_id = self.site().till_id;
        print_jobs::queue_new_receipts(
            &mut self.store,
            &till_id,
            &self.stations,
            self.tickets_key,
        )?;
        loop {
            let now = self.clock.now();
            let Some(job) = print_jobs::next_queued(self.store.conn(), self.key)? else {
                self.publish(Some(None))?;
                return Ok(None);
            };
            if !job.confirmed && now - job.created_at > self.hold_after {
                let minutes = self.hold_after.num_minutes();
                print_jobs::hold(
                    self.store.conn(),
                    job.id,
                    &format!("older than {minutes} minutes"),
                )?;
                continue;
            }
            if job.next_try_at.is_some_and(|t| t > now) {
                self.publish(None)?;
                return Ok(None);
            }
            let receipt = match self.render(&job) {
                Ok(r) => r,
                Err(why) => {
                    print_jobs::hold(self.store.conn(), job.id, &why)?;
                    continue;
                }
            };
            // Ask first: a job is only marked as being sent once the printer said it can print,
            // so a stop while waiting for a dead printer leaves it plainly queued.
            if let Err(e) = self.printer.prepare() {
                return self.failed(&job, now, e);
            }
            print_jobs::mark_sending(self.store.conn(), job.id)?;
            match self.printer.print(&receipt) {
                Ok(()) => {
                    print_jobs::finish(self.store.conn(), job.id)?;
                    self.publish(Some(None))?;
                }
                // It may have printed: a person decides, and a receipt goes as a copy.
                Err(e @ PrintError::Interrupted { .. }) => {
                    print_jobs::hold_stuck(self.store.conn(), self.key, &e.to_string())?;
                    self.publish(Some(Some(PrinterFault::from(&e))))?;
                    return Ok(Some(e));
                }
                Err(e) => return self.failed(&job, now, e),
            }
        }
    }

    /// The job goes back in the queue until its back-off is over; the fault is shown.
    fn failed(
        &mut self,
        job: &Job,
        now: chrono::DateTime<chrono::FixedOffset>,
        e: PrintError,
    ) -> Result<Option<PrintError>, StoreError> {
        let next = now + back_off(job.attempts + 1);
        print_jobs::fail(self.store.conn(), job.id, &e.to_string(), next)?;
        self.publish(Some(Some(PrinterFault::from(&e))))?;
        Ok(Some(e))
    }

    /// A person decided about the held jobs.
    pub fn decide_held(&mut self, print: bool) -> Result<(), StoreError> {
        if print {
            print_jobs::release_held(self.store.conn(), self.key)?;
        } else {
            print_jobs::discard_held(self.store.conn(), self.key)?;
        }
        self.publish(None)
    }

    /// When the next queued job is due, if it is waiting for its back-off.
    fn next_wake(&self) -> Duration {
        let now = self.clock.now();
        match print_jobs::next_queued(self.store.conn(), self.key) {
            Ok(Some(job)) => job
                .next_try_at
                .map(|t| (t - now).to_std().unwrap_or_default())
                .unwrap_or_default()
                .clamp(Duration::from_millis(100), Duration::from_secs(5)),
            _ => Duration::from_secs(5),
        }
    }
}

/// Runs `f` on the worker; a panic in it is a [`PrintError::Fault`], and the worker's
/// rasteriser is made anew.
fn guarded(
    worker: &mut PrintWorker,
    f: impl FnOnce(&mut PrintWorker) -> Result<(), PrintError>,
) -> Result<(), PrintError> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| f(worker))).unwrap_or_else(|_| {
        worker.rasterizer = None;
        Err(PrintError::Fault)
    })
}

enum Command {
    Print(ReceiptDoc),
    Wake,
    OpenDrawer(DrawerPin),
    Decide(bool),
}

/// The worker, either run inline by the caller or on its own thread.
pub struct PrintQueue {
    state: Arc<Mutex<PrintState>>,
    name: String,
    mode: Mode,
}

enum Mode {
    Inline(Box<PrintWorker>),
    Background(Sender<Command>),
}

impl PrintQueue {
    pub fn inline(worker: PrintWorker) -> PrintQueue {
        PrintQueue {
            state: worker.state(),
            name: worker.printer_name(),
            mode: Mode::Inline(Box::new(worker)),
        }
    }

    pub fn state(&self) -> PrintState {
        self.state.lock().map(|s| s.clone()).unwrap_or_default()
    }

    pub fn printer_name(&self) -> &str {
        &self.name
    }

    /// Moves the worker onto its own thread, which prints whatever is due and then waits to be
    /// woken (or for the next retry).
    pub fn to_background(&mut self) {
        let Mode::Inline(_) = &self.mode else { return };
        let (tx, rx) = mpsc::channel();
        let Mode::Inline(mut worker) = std::mem::replace(&mut self.mode, Mode::Background(tx))
        else {
            return;
        };
        std::thread::Builder::new()
            .name("printer".into())
            .spawn(move || {
                loop {
                    if let Err(e) = worker.run_due() {
                        tracing::error!("print queue: {e}");
                    }
                    match rx.recv_timeout(worker.next_wake()) {
                        Ok(Command::Wake) | Err(RecvTimeoutError::Timeout) => {}
                        // A fault in the program while doing one of these (logged by the
                        // panic hook) must not end the thread: the queue goes on.
                        Ok(Command::OpenDrawer(pin)) => {
                            if let Err(e) = guarded(&mut worker, |w| w.open_drawer(pin)) {
                                tracing::error!("cash drawer: {e}");
                            }
                        }
                        Ok(Command::Print(doc)) => {
                            if let Err(e) = guarded(&mut worker, |w| w.print_now(&doc)) {
                                tracing::error!("printing {}: {e}", doc.number);
                            }
                        }
                        Ok(Command::Decide(print)) => {
                            if let Err(e) = worker.decide_held(print) {
                                tracing::error!("print queue: {e}");
                            }
                        }
                        Err(RecvTimeoutError::Disconnected) => return,
                    }
                }
            })
            .expect("the printer thread starts");
    }

    /// Prints what is due now (inline) or wakes the printer thread. Inline, returns the
    /// failure that stopped the queue, if any.
    pub fn run(&mut self) -> Result<Option<PrintError>, StoreError> {
        match &mut self.mode {
            Mode::Inline(w) => w.run_due(),
            Mode::Background(tx) => {
                let _ = tx.send(Command::Wake);
                Ok(None)
            }
        }
    }

    pub fn open_drawer(&mut self, pin: DrawerPin) -> Option<PrintError> {
        match &mut self.mode {
            Mode::Inline(w) => w.open_drawer(pin).err(),
            Mode::Background(tx) => {
                let _ = tx.send(Command::OpenDrawer(pin));
                None
            }
        }
    }

    /// Prints a document outside the queue. Inline, returns how it went; on the printer
    /// thread the result shows in the state.
    pub fn print_now(&mut self, doc: ReceiptDoc) -> Option<PrintError> {
        match &mut self.mode {
            Mode::Inline(w) => w.print_now(&doc).err(),
            Mode::Background(tx) => {
                // Forget the last document's outcome; the thread reports this one's.
                if let Ok(mut s) = self.state.lock() {
                    s.printed_now = None;
                }
                let _ = tx.send(Command::Print(doc));
                None
            }
        }
    }

    pub fn decide_held(&mut self, print: bool) -> Result<(), StoreError> {
        match &mut self.mode {
            Mode::Inline(w) => {
                w.decide_held(print)?;
                if print {
                    w.run_due()?;
                }
                Ok(())
            }
            Mode::Background(tx) => {
                let _ = tx.send(Command::Decide(print));
                Ok(())
            }
        }
    }
}
