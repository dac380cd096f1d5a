//! Use cases of the till: open a data directory, take payment, print, re-render receipts,
//! fill demo history. They join domain rules to the store and the printer port; the UI and the
//! command line call these and nothing below them.

pub mod backup;
pub mod certificate;
pub mod clock;
pub mod demo;
pub mod drills;
pub mod drive;
pub mod favourites;
pub mod figures;
pub mod identity;
pub mod people;
pub mod placements;
pub mod printing;
pub mod reports;
pub mod returns;
pub mod roster;
pub mod session;
pub mod skills;
pub mod staff;
pub mod tenders;
pub mod tickets;
pub mod training;
pub mod verify;

use crate::config::PrinterKind;
use crate::config::{Config, ConfigError};
use crate::domain::menu::{Menu, MenuError};
use crate::domain::money::{Money, VatRate};
use crate::domain::order::{Given, OrderError, OrderLine, settle_cash};
use crate::domain::sale::{OrderId, Sale, ServedBy, TenderKind};
use crate::print::device::DevicePrinter;
use crate::print::network::{network_printer, serial_printer, usb_printer};
use crate::print::raster::Rasterizer;
use crate::print::receipt::ReceiptDoc;
use crate::print::{PrintError, PrintedReceipt, Printer, VirtualPrinter};
use crate::store::print_jobs::{self, JobKind};
use crate::store::{Store, StoreError, menus, sales};
use chrono::{DateTime, FixedOffset};
use printing::{PrintQueue, PrintState, PrintWorker};
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub const DB_FILE: &str = "mekong.sqlite";
pub const MENU_FILE: &str = "menu.toml";
pub const SEED_MENU: &str = include_str!("../../assets/menu.toml");

/// The clock is a port so tests can fix the time of a sale.
pub trait Clock: Send + Sync {
    /// Wall time, in the till's zone.
    fn now(&self) -> DateTime<FixedOffset>;
    /// Time that only ever moves forward, whatever the wall clock is set to: what auto-lock and
    /// PIN lockouts measure, so setting the clock back or forward undoes neither.
    fn monotonic(&self) -> std::time::Duration {
        static START: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();
        START.get_or_init(std::time::Instant::now).elapsed()
    }
}

/// The computer's clock, read in the till's zone (`[site] time-zone`), not the computer's.
pub struct SystemClock {
    pub zone: chrono_tz::Tz,
}

impl Default for SystemClock {
    /// The first café's zone.
    fn default() -> Self {
        SystemClock {
            zone: chrono_tz::Asia::Vientiane,
        }
    }
}

impl Clock for SystemClock {
    fn now(&self) -> DateTime<FixedOffset> {
        chrono::Utc::now().with_timezone(&self.zone).fixed_offset()
    }
}

/// One till window per data directory: an advisory lock on `DIR/till.lock`, held while the
/// till runs and released when this is dropped (or the process dies). Read-only commands
/// (`report`, `verify`, `receipt`, `staff list`) do not take it and work beside a running till.
#[derive(Debug)]
pub struct TillLock {
    _file: std::fs::File,
}

impl TillLock {
    pub fn acquire(data_dir: &Path) -> Result<TillLock, AppError> {
        std::fs::create_dir_all(data_dir).map_err(data_dir_unwritable(data_dir))?;
        let file = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(data_dir.join("till.lock"))
            .map_err(data_dir_unwritable(data_dir))?;
        match file.try_lock() {
            Ok(()) => Ok(TillLock { _file: file }),
            Err(std::fs::TryLockError::WouldBlock) => {
                Err(AppError::AlreadyRunning(data_dir.to_owned()))
            }
            Err(std::fs::TryLockError::Error(e)) => Err(data_dir_error(data_dir)(e)),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error(
        "a till is already running on {0}: use that window (only one till may use a data directory at a time)"
    )]
    AlreadyRunning(PathBuf),
    #[error(
        "cannot use the data directory {path}: {source}. Choose another with --data-dir or MEKONG_DATA_DIR"
    )]
    DataDir {
        path: PathBuf,
        source: std::io::Error,
    },
    /// Another directory would be an empty till: the way out is to make this one writable.
    #[error(
        "the till cannot write to its data directory {path} ({source}): it is read-only, or belongs to another user. Nothing in it was changed. Make it writable for the user the till runs as (see When things go wrong in the README)"
    )]
    DataDirReadOnly {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Print(#[from] PrintError),
    #[error("no sale {0:?} in this till's database")]
    NoSuchSale(String),
    #[error("demo data: {0}")]
    Demo(String),
    /// `mekong drive` could not go on (a refused sale, a full disk).
    #[error("{0}")]
    Drive(String),
    #[error(transparent)]
    Placement(#[from] crate::domain::placements::PlacementError),
    #[error("{0}")]
    Rate(String),
    #[error(transparent)]
    Session(#[from] session::SessionError),
    #[error(transparent)]
    Money(#[from] crate::domain::money::MoneyError),
    #[error(transparent)]
    NotAuthorized(#[from] staff::NotAuthorized),
    #[error(transparent)]
    RateRefused(#[from] crate::domain::money::RateError),
    #[error("the rate moves from {old} to {new}, more than 10 %: confirm it")]
    RateToConfirm { old: Money, new: Money },
    #[error(transparent)]
    IdentityKey(#[from] identity::KeyError),
    #[error(transparent)]
    People(#[from] people::PeopleError),
    #[error(transparent)]
    Favourite(#[from] favourites::FavouriteError),
    #[error(transparent)]
    Skills(#[from] skills::SkillsError),
}

#[derive(Debug, thiserror::Error)]
pub enum CheckoutError {
    #[error(transparent)]
    Order(#[from] OrderError),
    #[error("the sale could not be saved, nothing was charged: {0}")]
    Store(#[from] StoreError),
    #[error("nobody is signed in at the till")]
    NobodySignedIn,
    #[error("the till is not open: open it with a counted float first")]
    TillClosed,
    #[error("there is no exchange rate for {0} today: a manager sets it in Settings")]
    NoRate(&'static str),
    #[error("the till does not take {0} this way")]
    NotTaken(&'static str),
    #[error("a QR transfer cannot be more than what is left to pay ({0})")]
    QrTooMuch(Money),
    #[error("no payment entered")]
    NoPayment,
    #[error("{0}")]
    Discount(String),
    #[error(
        "the till's clock reads {now}, earlier than the last sale at {last}: check the clock; a manager confirms before the next sale"
    )]
    ClockBehind {
        now: DateTime<FixedOffset>,
        last: DateTime<FixedOffset>,
    },
}

impl CheckoutError {
    /// The sale failed because the disk is full (a person frees space, then tries again).
    pub fn is_disk_full(&self) -> bool {
        matches!(self, CheckoutError::Store(StoreError::DiskFull))
    }
}

/// The clock's reading and the last sale's time, when the clock reads earlier.
pub type ClockBehind = (DateTime<FixedOffset>, DateTime<FixedOffset>);

/// One line of the sales list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecentSale {
    pub label: String,
    pub at: DateTime<FixedOffset>,
    pub total: Money,
    /// What returns have given back of it so far (gross), and whether it was voided.
    pub returned: Money,
    pub voided: bool,
}

/// A committed sale and how its printing went. A print failure does not undo the sale.
#[derive(Debug)]
pub struct Checkout {
    pub sale: Sale,
    pub print_error: Option<PrintError>,
    /// Set when a drawer is configured for cash sales and it could not be opened.
    pub drawer_error: Option<PrintError>,
}

pub struct Till {
    config: Config,
    data_dir: PathBuf,
    store: Store,
    menu: Menu,
    menu_problem: Option<MenuError>,
    printing: PrintQueue,
    /// Order tickets' own printer, when they have one.
    ticket_printing: Option<PrintQueue>,
    rasterizer: Option<Rasterizer>,
    clock: Arc<dyn Clock>,
    /// Who is signed in; their sales are recorded under them.
    on_duty: Option<staff::Staff>,
    /// Training mode, while a manager has it on.
    training: Option<training::Training>,
    /// The practice drill on the till, if one is running.
    drill: Option<drills::Running>,
    /// When (on the monotonic clock) the first tap on the order on screen came, and how
    /// many corrections followed, if the screen said: kept with its sale as her pace.
    order_begun: Option<(std::time::Duration, u32)>,
    /// When (on the monotonic clock) each PIN locked in this run was locked: the lock holds
    /// for its full time even if the wall clock is set forward.
    locked_at: std::collections::HashMap<crate::domain::staff::StaffId, std::time::Duration>,
    /// The last sale's time that a manager confirmed a clock reading earlier than.
    clock_confirmed: Option<DateTime<FixedOffset>>,
    /// Seals and opens people's identity (`DIR/identity.key`).
    identity_key: identity::IdentityKey,
    /// The skills framework in force.
    skills: skills::Skills,
    /// The site as the print workers see it (changed by the first run).
    shared_site: printing::SharedSite,
    /// The backup started at the last shift close, while it runs or until it is asked about.
    backup_job: Option<std::thread::JoinHandle<Result<backup::Made, backup::BackupError>>>,
    /// How the last backup at shift close went, once it is over: the file, or why not.
    backup_said: Option<Result<PathBuf, String>>,
}

/// The printer `mekong.toml` asks for.
pub fn printer_for(config: &Config, data_dir: &Path) -> Box<dyn Printer> {
    printer_from(&config.printer, data_dir)
}

/// The printer one printer section of `mekong.toml` describes.
pub fn printer_from(p: &crate::config::PrinterConfig, data_dir: &Path) -> Box<dyn Printer> {
    match (p.kind, &p.address, &p.path) {
        (PrinterKind::Network, Some(address), _) => Box::new(network_printer(
            address,
            std::time::Duration::from_secs(p.timeout_seconds),
        )),
        (PrinterKind::Usb, _, _) => Box::new(usb_printer(
            p.usb_vendor.unwrap_or_default(),
            p.usb_product.unwrap_or_default(),
        )),
        (PrinterKind::Device, _, Some(path)) => Box::new(DevicePrinter::new(path)),
        (PrinterKind::Serial, _, Some(path)) => Box::new(serial_printer(
            &path.to_string_lossy(),
            p.baud,
            std::time::Duration::from_secs(p.timeout_seconds),
        )),
        _ => Box::new(VirtualPrinter::new(data_dir)),
    }
}

fn data_dir_error(path: &Path) -> impl FnOnce(std::io::Error) -> AppError + '_ {
    move |source| AppError::DataDir {
        path: path.to_owned(),
        source,
    }
}

/// For the first writes at start (the folder, the lock, the write test), before anything in
/// the folder has been changed: an existing folder the till may not write is named as such.
/// (A folder that cannot be made at all gets the ordinary message.)
fn data_dir_unwritable(path: &Path) -> impl FnOnce(std::io::Error) -> AppError + '_ {
    move |source| match source.kind() {
        std::io::ErrorKind::PermissionDenied | std::io::ErrorKind::ReadOnlyFilesystem
            if path.is_dir() =>
        {
            AppError::DataDirReadOnly {
                path: path.to_owned(),
                source,
            }
        }
        _ => data_dir_error(path)(source),
    }
}

impl Till {
    /// Opens the till on a data directory, creating and seeding it on first run:
    /// `mekong.toml`, `menu.toml`, the database and the virtual printer's `receipts/`.
    pub fn open(data_dir: &Path) -> Result<Till, AppError> {
        std::fs::create_dir_all(data_dir).map_err(data_dir_unwritable(data_dir))?;
        // Fail now, in words, rather than at the first sale.
        let probe = data_dir.join(".write-test");
        std::fs::write(&probe, b"ok").map_err(data_dir_unwritable(data_dir))?;
        let _ = std::fs::remove_file(&probe);
        let config = Config::load_or_create(data_dir)?;
        let printer = printer_for(&config, data_dir);
        let clock = SystemClock {
            zone: config.site.zone(),
        };
        Till::open_with(data_dir, config, printer, Box::new(clock))
    }

    /// Opens with a given printer and clock (tests, and later real drivers).
    pub fn open_with(
        data_dir: &Path,
        config: Config,
        printer: Box<dyn Printer>,
        clock: Box<dyn Clock>,
    ) -> Result<Till, AppError> {
        let store = Store::open(&data_dir.join(DB_FILE))?;
        // A data directory is one till's: under another id it would number receipts anew.
        if let Some(holds) = crate::store::sales::till_of(store.conn())?
            && holds != config.site.till_id
        {
            return Err(crate::store::StoreError::OtherTill {
                holds,
                asked: config.site.till_id.clone(),
            }
            .into());
        }
        let identity_key = identity::IdentityKey::load_or_create(
            data_dir,
            crate::store::people::any_sealed(store.conn())?,
        )?;
        let clock: Arc<dyn Clock> = Arc::from(clock);
        let db = data_dir.join(DB_FILE);
        let site: printing::SharedSite = Arc::new(std::sync::RwLock::new(config.site.clone()));
        let worker = PrintWorker::new(
            &db,
            &config,
            site.clone(),
            printer,
            clock.clone(),
            printing::RECEIPT,
        )?;
        let ticket_printing = match &config.tickets.printer {
            Some(p) => {
                let printer = printer_from(p, data_dir);
                let w = PrintWorker::new(
                    &db,
                    &config,
                    site.clone(),
                    printer,
                    clock.clone(),
                    printing::TICKETS,
                )?;
                Some(PrintQueue::inline(w))
            }
            None => None,
        };
        let mut till = Till {
            config,
            data_dir: data_dir.to_owned(),
            store,
            menu: Menu::parse("built-in menu", SEED_MENU).expect("the shipped menu is valid"),
            menu_problem: None,
            printing: PrintQueue::inline(worker),
            ticket_printing,
            rasterizer: None,
            clock,
            on_duty: None,
            training: None,
            drill: None,
            order_begun: None,
            locked_at: Default::default(),
            clock_confirmed: None,
            identity_key,
            skills: skills::Skills::shipped(),
            shared_site: site,
            backup_job: None,
            backup_said: None,
        };
        till.reload_menu()?;
        till.load_skills()?;
        Ok(till)
    }

    /// Reads `DIR/menu.toml` (seeding it on first run). A broken file is reported and the last
    /// good menu stays in use; the file is left as it is so a person can fix it.
    pub fn reload_menu(&mut self) -> Result<(), AppError> {
        let path = self.data_dir.join(MENU_FILE);
        if !path.exists() {
            std::fs::write(&path, SEED_MENU).map_err(data_dir_error(&self.data_dir))?;
        }
        let text = std::fs::read_to_string(&path).map_err(data_dir_error(&self.data_dir))?;
        match Menu::parse(&path.display().to_string(), &text) {
            Ok(menu) => {
                menus::remember_good_menu(
                    self.store.conn(),
                    &menu.source,
                    &self.clock.now().to_rfc3339(),
                )?;
                self.menu = menu;
                self.menu_problem = None;
            }
            Err(problem) => {
                tracing::error!("{problem}; keeping the last good menu");
                if let Some(good) = menus::last_good_menu(self.store.conn())?
                    && let Ok(menu) = Menu::parse("last good menu", &good)
                {
                    self.menu = menu;
                }
                self.menu_problem = Some(problem);
            }
        }
        self.apply_pinned_favourites()
    }

    /// The data directory the till runs on.
    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    /// The till's clock.
    pub fn now(&self) -> DateTime<FixedOffset> {
        self.clock.now()
    }

    /// The wall clock reads more than a minute earlier than the till's last sale: (now, that
    /// sale's time). Receipt numbers and the journal never depend on the clock, but times and
    /// days on receipts do, so a person must look.
    pub fn clock_behind(&self) -> Result<Option<ClockBehind>, StoreError> {
        self.clock_behind_at(self.clock.now(), self.session()?.as_ref())
    }

    /// [`Till::clock_behind`] for a reading and the open session already in hand.
    fn clock_behind_at(
        &self,
        now: DateTime<FixedOffset>,
        session: Option<&crate::store::sessions::SessionRow>,
    ) -> Result<Option<ClockBehind>, StoreError> {
        let opened = session.and_then(|s| DateTime::parse_from_rfc3339(&s.opened_at).ok());
        let sold = sales::last_sale_at(self.store.conn(), &self.config.site.till_id)?;
        let Some(last) = opened.max(sold) else {
            return Ok(None);
        };
        Ok((now + chrono::TimeDelta::minutes(1) < last).then_some((now, last)))
    }

    /// A manager looked at the clock and says it is right, although it reads earlier than the
    /// last sale (it had run ahead, or someone set it back on purpose). Journalled with both
    /// times and both people. When its date is before the last sale's business day, days
    /// start again from its date at the next receipt (the record names that receipt), so
    /// sales after a clock that ran ahead do not stay on its future day.
    pub fn confirm_clock(&mut self, authority: &staff::Authority) -> Result<(), AppError> {
        authority.allows(crate::domain::staff::Action::ChangeSettings)?;
        let Some((now, last)) = self.clock_behind()? else {
            return Ok(());
        };
        let till = self.config.site.till_id.clone();
        let tx = self.store.write()?;
        // Confirmed again before the next sale (the till restarted in between), the restart
        // already made stands and this record names none.
        let next = sales::last_receipt_no(&tx, &till)? + 1;
        let restart = match sales::last_business_day(&tx, &till)? {
            Some(day) if now.date_naive() < day && !sales::restarts_at(&tx, &till, next)? => {
                Some(next)
            }
            _ => None,
        };
        let seq = crate::store::journal::append(
            &tx,
            &till,
            &now.to_rfc3339(),
            crate::domain::journal::EventKind::ClockConfirmed,
            &serde_json::json!({
                "till": till, "clock": now.to_rfc3339(), "last_sale": last.to_rfc3339(),
                "staff": authority.actor().id,
                "approved_by": authority.approver().map(|a| a.id.clone()),
                "days_from_receipt": restart,
            }),
        )?;
        if let Some(from) = restart {
            sales::restart_days(&tx, &till, from, seq)?;
        }
        tx.commit().map_err(StoreError::from)?;
        self.clock_confirmed = Some(last);
        Ok(())
    }

    /// Time that only goes forward (see [`Clock::monotonic`]).
    pub fn monotonic(&self) -> std::time::Duration {
        self.clock.monotonic()
    }

    /// The screen says the first tap on an empty order came now: its sale keeps how long it
    /// took to pay from here. An order emptied before payment is forgotten by this: the
    /// next first tap starts again.
    pub fn begin_order(&mut self) {
        self.order_begun = Some((self.clock.monotonic(), 0));
    }

    /// The screen says a line of the order on screen was taken off or lowered, or a step
    /// undone.
    pub fn correct_order(&mut self) {
        if let Some((_, n)) = &mut self.order_begun {
            *n = n.saturating_add(1);
        }
    }

    /// How the order on screen was rung up so far, if the screen said when it began.
    fn pace(&self) -> Option<crate::domain::sale::Pace> {
        let (begun, corrections) = self.order_begun?;
        let took = self.clock.monotonic().saturating_sub(begun);
        Some(crate::domain::sale::Pace {
            ms: u32::try_from(took.as_millis()).unwrap_or(u32::MAX),
            corrections,
        })
    }

    pub fn menu(&self) -> &Menu {
        &self.menu
    }
    /// Why the menu file was not loaded, if it was broken.
    pub fn menu_problem(&self) -> Option<&MenuError> {
        self.menu_problem.as_ref()
    }
    pub fn config(&self) -> &Config {
        &self.config
    }
    pub fn store(&self) -> &Store {
        &self.store
    }
    pub fn printer_name(&self) -> String {
        self.printing.printer_name().to_owned()
    }

    /// The order tickets' own printer, if they have one.
    pub fn ticket_printer_name(&self) -> Option<String> {
        self.ticket_printing
            .as_ref()
            .map(|q| q.printer_name().to_owned())
    }

    /// Prints from now on on a thread of its own (the till window does this), starting with
    /// whatever was left waiting.
    pub fn print_in_background(&mut self) {
        for q in std::iter::once(&mut self.printing).chain(self.ticket_printing.as_mut()) {
            q.to_background();
            let _ = q.run();
        }
    }

    /// Sends whatever is due to the printer (inline), or wakes the printer thread. Returns the
    /// failure that stopped the queue, if any.
    /// The receipt printer's failure comes first; the ticket printer's shows in
    /// [`Till::print_state`].
    pub fn run_print_queue(&mut self) -> Result<Option<PrintError>, StoreError> {
        let receipt = self.printing.run()?;
        if let Some(q) = &mut self.ticket_printing {
            q.run()?;
        }
        Ok(receipt)
    }

    /// Both printers together: jobs waiting and held, and the first fault.
    pub fn print_state(&self) -> PrintState {
        let mut state = self.printing.state();
        if let Some(t) = self.ticket_printing.as_ref().map(PrintQueue::state) {
            state.waiting += t.waiting;
            state.held += t.held;
            state.fault = state.fault.or(t.fault);
        }
        state
    }

    /// A person decided about receipts held back as too old or interrupted: print or drop them.
    pub fn decide_held_receipts(&mut self, print: bool) -> Result<(), StoreError> {
        self.printing.decide_held(print)?;
        if let Some(q) = &mut self.ticket_printing {
            q.decide_held(print)?;
        }
        Ok(())
    }

    /// The till's latest sales for the sales list, newest first.
    pub fn recent_sales(&self, limit: usize) -> Result<Vec<RecentSale>, StoreError> {
        sales::recent_sales(self.store.conn(), &self.config.site.till_id, limit)?
            .into_iter()
            .map(|row| {
                let currency: crate::domain::money::Currency =
                    row.currency
                        .parse()
                        .map_err(|e: crate::domain::money::MoneyError| {
                            StoreError::Corrupt(e.to_string())
                        })?;
                let at = chrono::DateTime::parse_from_rfc3339(&row.at)
                    .map_err(|e| StoreError::Corrupt(e.to_string()))?;
                Ok(RecentSale {
                    label: crate::domain::sale::receipt_label(
                        &self.config.site.till_id,
                        row.receipt_no,
                    ),
                    at,
                    total: Money::new(currency, row.gross),
                    returned: Money::new(currency, row.returned),
                    voided: row.voided,
                })
            })
            .collect()
    }

    /// Prints a test page on the receipt printer now (inline), or asks the printer thread to.
    pub fn print_test_page(&mut self) -> Option<PrintError> {
        let doc = ReceiptDoc::test_page(
            &self.config.site,
            &self.printer_name(),
            self.config.printer.width_dots,
            self.clock.now(),
        );
        self.printing.print_now(doc)
    }

    /// Opens the cash drawer with no sale, on a manager's authority. It is journalled first
    /// (who asked and who approved), then the drawer is kicked; the printer's answer is returned.
    pub fn open_drawer(
        &mut self,
        authority: &staff::Authority,
    ) -> Result<Option<PrintError>, AppError> {
        authority.allows(crate::domain::staff::Action::OpenDrawer)?;
        let tx = self.store.write()?;
        crate::store::journal::append(
            &tx,
            &self.config.site.till_id,
            &self.clock.now().to_rfc3339(),
            crate::domain::journal::EventKind::NoSale,
            &crate::domain::journal::ApprovedEvent::of(
                authority.actor().id.as_str(),
                authority.approver().map(|a| a.id.as_str()),
            ),
        )?;
        tx.commit().map_err(StoreError::from)?;
        Ok(self
            .config
            .printer
            .drawer()
            .and_then(|pin| self.printing.open_drawer(pin)))
    }

    /// Queues a copy of a stored receipt (marked COPY) and prints what is due.
    pub fn reprint(&mut self, sale: &Sale) -> Result<Option<PrintError>, StoreError> {
        let tx = self.store.write()?;
        print_jobs::enqueue(
            &tx,
            JobKind::Copy,
            &sale.till_id,
            sale.receipt_no,
            self.clock.now(),
        )?;
        tx.commit()?;
        self.printing.run()
    }

    pub fn vat_rate_now(&self) -> VatRate {
        self.config.money.vat.rate_on(self.clock.now().date_naive())
    }

    /// Takes one cash payment in the till's currency for `lines` (see [`Till::checkout`]).
    pub fn checkout_cash(
        &mut self,
        lines: &[OrderLine],
        tendered: Money,
    ) -> Result<Checkout, CheckoutError> {
        self.checkout(lines, &[tenders::Payment::cash(tendered)])
    }

    /// Takes payment for `lines` with one or more payments (cash in any currency the drawer
    /// takes at today's rate, QR transfer): checks them, commits the sale with its receipt
    /// number in one transaction, then opens the drawer (cash only) and prints. Change is given
    /// in the till's currency. Nothing is written if any check fails.
    pub fn checkout(
        &mut self,
        lines: &[OrderLine],
        payments: &[tenders::Payment],
    ) -> Result<Checkout, CheckoutError> {
        self.checkout_with(lines, &[], payments)
    }

    /// [`Till::checkout`] with discounts, each given on a manager's authority (recorded with
    /// the sale: who gave it, who approved it).
    pub fn checkout_with(
        &mut self,
        lines: &[OrderLine],
        discounts: &[(crate::domain::discount::Discount, staff::Authority)],
        payments: &[tenders::Payment],
    ) -> Result<Checkout, CheckoutError> {
        let given = discounts
            .iter()
            .map(|(d, a)| {
                Ok(Given {
                    discount: *d,
                    grant: a.grant_discount()?,
                })
            })
            .collect::<Result<Vec<_>, staff::NotAuthorized>>()
            .map_err(|e| CheckoutError::Discount(e.to_string()))?;
        self.checkout_ticket(lines, &given, payments, None)
    }

    /// [`Till::checkout_with`] for an order recalled from a held ticket: the ticket is closed,
    /// or kept with what is left, in the sale's own transaction.
    pub fn checkout_ticket(
        &mut self,
        lines: &[OrderLine],
        discounts: &[Given<staff::DiscountGrant>],
        payments: &[tenders::Payment],
        ticket: Option<tickets::TicketAfter>,
    ) -> Result<Checkout, CheckoutError> {
        if lines.is_empty() {
            return Err(OrderError::Empty.into());
        }
        let served_by = self
            .on_duty
            .as_ref()
            .map(|s| ServedBy {
                id: s.id.clone(),
                nickname: s.nickname.clone(),
            })
            .ok_or(CheckoutError::NobodySignedIn)?;
        let served_by_id = served_by.id.clone();
        let practice = self.in_training().map(|t| t.supervisor.id.clone());
        let session = self.session()?;
        if practice.is_none() && session.is_none() {
            return Err(CheckoutError::TillClosed);
        }
        let now = self.clock.now();
        if let Some((now, last)) = self.clock_behind_at(now, session.as_ref())?
            && self.clock_confirmed != Some(last)
        {
            return Err(CheckoutError::ClockBehind { now, last });
        }
        let currency = self.config.money.currency;
        let asked: Vec<_> = discounts.iter().map(|g| g.discount).collect();
        let (t, applied) = crate::domain::discount::totals_after(
            lines,
            &asked,
            currency,
            self.config.money.vat.rate_on(now.date_naive()),
        )
        .map_err(|e| CheckoutError::Discount(e.to_string()))?;
        // A sale discounted to nothing is completed with no payment at all.
        if payments.is_empty() && t.gross.minor() != 0 {
            return Err(CheckoutError::NoPayment);
        }
        let tenders = payments
            .iter()
            .map(|p| self.tender_of(*p))
            .collect::<Result<Vec<_>, _>>()?;
        let mut paid = Money::zero(currency);
        let mut not_cash = Money::zero(currency);
        for tender in &tenders {
            paid = paid.checked_add(tender.value).map_err(OrderError::from)?;
            if tender.kind != TenderKind::Cash {
                not_cash = not_cash
                    .checked_add(tender.value)
                    .map_err(OrderError::from)?;
            }
        }
        // Change comes out of the drawer, so only cash can pay more than the total.
        if not_cash > t.gross {
            return Err(CheckoutError::QrTooMuch(t.gross));
        }
        let cash = settle_cash(t.gross, paid, self.config.money.cash_step)?;
        let id = OrderId(uuid::Uuid::now_v7().to_string());
        let mut sale = Sale::paid_in_cash(
            id,
            &self.config.site.till_id,
            now,
            lines.to_vec(),
            t,
            cash,
            Some(served_by),
        );
        sale.tenders = tenders;
        // A recalled held order was begun before it was held: its wait is not her pace.
        sale.pace = self.pace().filter(|_| ticket.is_none());
        sale.discounts = applied
            .into_iter()
            .map(|a| {
                // Applied keeps line discounts first; find who gave each.
                let by = discounts
                    .iter()
                    .find(|g| g.discount == a.discount)
                    .map(|g| &g.grant);
                crate::domain::sale::SaleDiscount {
                    applied: a,
                    staff: by.map(|x| x.staff().clone()),
                    approved_by: by.and_then(|x| x.approved_by().cloned()),
                }
            })
            .collect();
        if let Some(supervisor) = practice {
            // Practice: its own numbering, no drawer, a slip that says it is not a receipt.
            sale.training = true;
            let tx = self.store.write()?;
            // A held ticket is real: practising on it never closes or changes it.
            sale.receipt_no = crate::store::training::insert(&tx, &sale, &supervisor)?;
            tx.commit().map_err(StoreError::from)?;
            self.order_begun = None;
            let slip = ReceiptDoc::for_sale(&sale, &self.config.site);
            let print_error = self.printing.print_now(slip);
            return Ok(Checkout {
                sale,
                print_error,
                drawer_error: None,
            });
        }
        let till_id = self.config.site.till_id.clone();
        let at = now.to_rfc3339();
        let sale = sales::record_sale_and(&mut self.store, sale, |tx| match &ticket {
            Some(t) => t.write(tx, &till_id, Some(&served_by_id), &at),
            None => Ok(()),
        })?;
        self.order_begun = None;
        // Only now that the sale is safe: the drawer (cash sales only) and the receipt.
        let drawer_error = match self.config.printer.drawer() {
            Some(pin) if sale.tenders.iter().any(|t| t.kind == TenderKind::Cash) => {
                self.printing.open_drawer(pin)
            }
            _ => None,
        };
        // The sale asked for its receipt and tickets in its own row; a queue that cannot even
        // be read leaves them for the next try, so it is logged, not reported as a failed sale.
        let print_error = self.run_print_queue().unwrap_or_else(|e| {
            tracing::error!("print queue: {e}");
            None
        });
        if let Some(e) = &print_error {
            tracing::error!(
                "sale {} is saved but its receipt did not print: {e}",
                sale.receipt_label()
            );
        }
        Ok(Checkout {
            sale,
            print_error,
            drawer_error,
        })
    }

    fn rasterizer(&mut self) -> &mut Rasterizer {
        let width = self.config.printer.width_dots;
        self.rasterizer
            .get_or_insert_with(|| Rasterizer::new(width))
    }

    pub fn render_ticket(
        &mut self,
        sale: &Sale,
        station: crate::domain::menu::Station,
    ) -> Result<PrintedReceipt, PrintError> {
        PrintedReceipt::render(self.rasterizer(), &ReceiptDoc::ticket(sale, station))
    }

    pub fn render_receipt(&mut self, sale: &Sale) -> Result<PrintedReceipt, PrintError> {
        let doc = ReceiptDoc::for_sale(sale, &self.config.site);
        PrintedReceipt::render(self.rasterizer(), &doc)
    }

    /// A stored sale by UUID, receipt label (`VTE1-000042`) or number.
    pub fn find_sale(&self, key: &str) -> Result<Sale, AppError> {
        sales::find_sale(self.store.conn(), key)?
            .ok_or_else(|| AppError::NoSuchSale(key.to_owned()))
    }

    pub fn store_mut(&mut self) -> &mut Store {
        &mut self.store
    }
}
