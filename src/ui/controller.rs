//! The state of the till screen and what every tap does to it, with no Slint types:
//! adapters read this state to fill their screens and forward taps here.

use crate::app::printing::PrinterFault;
use crate::app::session::Move;
use crate::app::staff::{Authority, SignInError, StaffEntry};
use crate::app::{CheckoutError, Till};
use crate::domain::discount::{
    Applied, Discount, DiscountError, DiscountReason, DiscountValue, totals_after,
};
use crate::domain::menu::{ItemId, Lang};
use crate::domain::money::Currency;
use crate::domain::money::{Money, Quantity, quick_tenders};
use crate::domain::order::{Cart, OrderError, Selection, build_line, settle_cash};
use crate::domain::returns::{ReturnKind, ReturnReason};
use crate::domain::sale::Sale;
use crate::domain::session::{CashCount, MoveReason, ShiftReport, denominations};
use crate::domain::staff::{Action, StaffId, may};
use chrono::{DateTime, FixedOffset};

/// The option sheet for one item.
#[derive(Debug, Clone)]
pub struct Sheet {
    pub item: ItemId,
    pub selection: Selection,
    pub qty: Quantity,
}

#[derive(Debug, Clone, Default)]
pub struct Payment {
    /// Digits typed or chosen, in whole units of the chosen currency; empty before any entry.
    pub entry: String,
    /// Index into the drawer's currencies (0: the till's own).
    pub currency: usize,
    /// Part payments already taken towards the order.
    pub taken: Vec<crate::app::tenders::Payment>,
    /// The Lao QR panel is open for this amount.
    pub qr: Option<Money>,
    /// Why the last Done failed; the order is still there.
    pub error: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    None,
    /// A sale was saved: receipt label, change given, and whether its receipt printed.
    Saved {
        receipt: String,
        change: Money,
        /// Why the receipt did not print, if it did not.
        print_fault: Option<PrinterFault>,
        /// Why the cash drawer did not open, if it did not.
        drawer_fault: Option<PrinterFault>,
    },
    /// An action was refused; the words are ready for the barista.
    Problem(Problem),
    /// A practice order in training mode was taken (not a sale).
    Practised {
        receipt: String,
        change: Money,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    QuantityLimit,
    MenuFile(String),
    /// A held order cannot be recalled over an order on screen.
    OrderOnScreen,
    Other(String),
}

/// Counting the drawer: the float to open the till, or the blind count to close it.
#[derive(Debug, Clone)]
pub struct Counting {
    /// `None` when opening; when closing, the authority to close.
    pub closing: Option<Authority>,
    /// Index into the drawer's currencies.
    pub currency: usize,
    pub count: CashCount,
    pub error: Option<String>,
}

/// A pay-in or pay-out being entered.
#[derive(Debug, Clone)]
pub struct MoveEntry {
    pub kind: Move,
    pub currency: usize,
    /// Whole units typed (kip, baht, dollars).
    pub entry: String,
    pub reason: Option<MoveReason>,
    pub error: Option<String>,
}

/// The shift screen: the X report of the open till, or the Z report just made.
#[derive(Debug, Clone, Default)]
pub struct ShiftView {
    pub z: Option<ShiftReport>,
    pub entry: Option<MoveEntry>,
    /// How the last print went: `Some(None)` sent, `Some(Some(why))` failed.
    pub printed: Option<Option<String>>,
}

/// A protected action waiting for a manager's approval.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pending {
    Settings,
    OpenDrawer,
    CloseTill,
    /// Training mode for the person signed in (`false`) or the whole till (`true`).
    Training(bool),
    /// Give the discount on the sheet.
    Discount,
    /// Void or refund what the return sheet holds.
    Return(ReturnKind),
    /// Unlock this person's PIN (id, nickname).
    Unlock(StaffId, String),
}

impl Pending {
    pub fn action(&self) -> Action {
        match self {
            Pending::Settings => Action::ChangeSettings,
            Pending::OpenDrawer => Action::OpenDrawer,
            Pending::CloseTill => Action::CloseTill,
            Pending::Training(_) => Action::Training,
            Pending::Discount => Action::Discount,
            Pending::Return(ReturnKind::Void) => Action::VoidPaidSale,
            Pending::Return(ReturnKind::Refund) => Action::Refund,
            Pending::Unlock(..) => Action::ManageStaff,
        }
    }
}

/// What the PIN screen tells the person in front of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PinMessage {
    ChooseName,
    WrongPin {
        tries_left: u32,
    },
    Locked(DateTime<FixedOffset>),
    /// This person may not approve the action.
    NotAllowed(String),
    Unlocked(String),
    /// The till locked itself after this many minutes without a tap.
    AutoLocked(u32),
    Problem(String),
}

/// The PIN screen: signing in, or a manager approving `approving`.
#[derive(Debug, Clone, Default)]
pub struct PinPad {
    pub approving: Option<Pending>,
    pub chosen: Option<StaffId>,
    /// Digits typed; never shown, only counted.
    pub entry: String,
    pub message: Option<PinMessage>,
}

pub struct Controller {
    pub till: Till,
    pub cart: Cart,
    pub lang: Lang,
    pub category: usize,
    pub sheet: Option<Sheet>,
    pub payment: Option<Payment>,
    /// Line whose note is being edited.
    pub note_line: Option<usize>,
    pub status: Status,
    pub last_sale: Option<Sale>,
    pub settings_open: bool,
    /// What the last button on the settings screen did.
    pub settings_result: Option<SettingsResult>,
    pub pin: PinPad,
    /// When the screen was last tapped, for the auto-lock.
    pub last_tap: DateTime<FixedOffset>,
    pub counting: Option<Counting>,
    pub shift: Option<ShiftView>,
    /// Who opened the settings (and who approved): rates set there are recorded under them.
    pub settings_authority: Option<Authority>,
    /// A rate being set on the settings screen: which foreign currency, the digits typed.
    pub rate_entry: Option<RateEntry>,
    pub return_sheet: Option<ReturnSheet>,
    /// The held ticket the order on screen came from: its id and name.
    pub ticket: Option<(String, String)>,
    /// The name entry for holding the order is open.
    pub hold_open: bool,
    /// The list of held tickets is open.
    pub tickets_open: bool,
    /// Splitting the bill: which lines are paid now.
    pub split: Option<Vec<bool>>,
    /// Discounts given on the order on screen, each with the authority that gave it.
    pub discounts: Vec<(Discount, Authority)>,
    pub discount_sheet: Option<DiscountSheet>,
    /// The sales report on screen (opened from the settings, a manager's): which period.
    pub reports: Option<ReportPeriod>,
}

/// The periods the reports screen offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportPeriod {
    Today,
    Yesterday,
    Last7Days,
    Last30Days,
}

impl ReportPeriod {
    pub const ALL: [ReportPeriod; 4] = [
        ReportPeriod::Today,
        ReportPeriod::Yesterday,
        ReportPeriod::Last7Days,
        ReportPeriod::Last30Days,
    ];

    /// First and last day of the period, ending `today`.
    pub fn days(self, today: chrono::NaiveDate) -> (chrono::NaiveDate, chrono::NaiveDate) {
        let back = |n| {
            today
                .checked_sub_days(chrono::Days::new(n))
                .unwrap_or(today)
        };
        match self {
            ReportPeriod::Today => (today, today),
            ReportPeriod::Yesterday => (back(1), back(1)),
            ReportPeriod::Last7Days => (back(6), today),
            ReportPeriod::Last30Days => (back(29), today),
        }
    }
}

/// A discount being chosen: on which line (or the whole order), how much, why.
#[derive(Debug, Clone, Default)]
pub struct DiscountSheet {
    pub line: Option<usize>,
    pub percent: Option<u8>,
    /// Whole units typed for an amount off.
    pub entry: String,
    pub reason: Option<DiscountReason>,
    pub error: Option<String>,
}

#[derive(Debug, Clone)]
pub struct RateEntry {
    pub currency: Currency,
    pub entry: String,
    pub error: Option<String>,
}

/// How many of the latest sales the sales list shows.
pub const SALES_LISTED: usize = 30;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SettingsResult {
    TestPageSent,
    TestPageFailed(String),
    DrawerOpened,
    DrawerFailed(String),
    CopySent(String),
    CopyFailed(String),
    /// A void or refund was saved: which, the sale, the amount going back.
    Returned(ReturnKind, String, Money),
}

/// A sale being voided or refunded on the settings screen.
#[derive(Debug, Clone)]
pub struct ReturnSheet {
    pub receipt: String,
    /// Per line: name, how many can still go back, how many are chosen.
    pub lines: Vec<(String, i64, i64)>,
    pub reason: Option<ReturnReason>,
    pub error: Option<String>,
}

impl Controller {
    pub fn new(till: Till) -> Controller {
        let status = match till.menu_problem() {
            Some(p) => Status::Problem(Problem::MenuFile(p.to_string())),
            None => Status::None,
        };
        Controller {
            cart: Cart::default(),
            lang: Lang::En,
            category: 0,
            sheet: None,
            payment: None,
            note_line: None,
            status,
            last_sale: None,
            settings_open: false,
            settings_result: None,
            pin: PinPad::default(),
            last_tap: till.now(),
            counting: None,
            shift: None,
            settings_authority: None,
            rate_entry: None,
            return_sheet: None,
            ticket: None,
            hold_open: false,
            tickets_open: false,
            split: None,
            discounts: Vec::new(),
            discount_sheet: None,
            reports: None,
            till,
        }
        .with_opening()
    }

    /// Someone is signed in and the till is not open: they count the float first.
    fn with_opening(mut self) -> Controller {
        self.offer_opening();
        self
    }

    fn offer_opening(&mut self) {
        if self.counting.is_none()
            && self.till.on_duty().is_some()
            && matches!(self.till.session(), Ok(None))
        {
            self.counting = Some(Counting {
                closing: None,
                currency: 0,
                count: CashCount::default(),
                error: None,
            });
        }
    }

    pub fn drawer_currencies(&self) -> Vec<Currency> {
        self.till.config().money.drawer_currencies()
    }

    fn counting_currency(&self) -> Option<Currency> {
        let c = self.counting.as_ref()?;
        self.drawer_currencies().get(c.currency).copied()
    }

    pub fn count_select_currency(&mut self, index: usize) {
        let n = self.drawer_currencies().len();
        if let Some(c) = &mut self.counting
            && index < n
        {
            c.currency = index;
        }
    }

    /// Adds `delta` notes of the `row`-th denomination of the currency being counted.
    pub fn count_change(&mut self, row: usize, delta: i64) {
        let Some(currency) = self.counting_currency() else {
            return;
        };
        if let (Some(c), Some(d)) = (&mut self.counting, denominations(currency).get(row)) {
            c.count.change(currency, *d, delta);
            c.error = None;
        }
    }

    /// Opens the till with the float counted, or closes it with the count (the Z report).
    pub fn count_confirm(&mut self) {
        let Some(c) = self.counting.clone() else {
            return;
        };
        match c.closing {
            None => match self.till.open_session(&c.count) {
                Ok(_) => self.counting = None,
                Err(e) => self.count_error(e.to_string()),
            },
            Some(authority) => match self.till.close_session(&c.count, &authority) {
                Ok(z) => {
                    self.counting = None;
                    self.shift = Some(ShiftView {
                        z: Some(z),
                        ..ShiftView::default()
                    });
                }
                Err(e) => self.count_error(e.to_string()),
            },
        }
    }

    fn count_error(&mut self, e: String) {
        if let Some(c) = &mut self.counting {
            c.error = Some(e);
        }
    }

    /// Leaves the closing count; the till stays open.
    pub fn count_cancel(&mut self) {
        if self.counting.as_ref().is_some_and(|c| c.closing.is_some()) {
            self.counting = None;
        }
    }

    pub fn open_shift(&mut self) {
        if matches!(self.till.session(), Ok(Some(_))) {
            self.shift = Some(ShiftView::default());
        }
    }

    pub fn shift_back(&mut self) {
        if self.shift.as_ref().is_some_and(|s| s.z.is_none()) {
            self.shift = None;
        }
    }

    /// After the Z report: the day is over; whoever comes next signs in and opens the till.
    pub fn shift_done(&mut self) {
        self.shift = None;
        self.sign_out();
    }

    /// Prints the X report as it stands, or the Z report shown.
    pub fn shift_print(&mut self) {
        let report = match self.shift.as_ref().and_then(|s| s.z.clone()) {
            Some(z) => Ok(z),
            None => self.till.x_report().map_err(|e| e.to_string()),
        };
        let printed = match report {
            Ok(r) => self.till.print_report(&r).map(|e| e.to_string()),
            Err(e) => Some(e),
        };
        if let Some(s) = &mut self.shift {
            s.printed = Some(printed);
        }
    }

    /// Closing the till is a manager's; then the blind count.
    pub fn shift_close_till(&mut self) {
        self.request(Pending::CloseTill);
    }

    pub fn move_start(&mut self, kind: Move) {
        if let Some(s) = &mut self.shift {
            s.entry = Some(MoveEntry {
                kind,
                currency: 0,
                entry: String::new(),
                reason: None,
                error: None,
            });
        }
    }

    fn move_entry(&mut self) -> Option<&mut MoveEntry> {
        self.shift.as_mut().and_then(|s| s.entry.as_mut())
    }

    pub fn move_key(&mut self, key: &str) {
        if let Some(e) = self.move_entry()
            && type_digits(&mut e.entry, key, 10)
        {
            e.error = None;
        }
    }

    pub fn move_backspace(&mut self) {
        if let Some(e) = self.move_entry() {
            e.entry.pop();
        }
    }

    pub fn move_select_currency(&mut self, index: usize) {
        let n = self.drawer_currencies().len();
        if let Some(e) = self.move_entry()
            && index < n
        {
            e.currency = index;
        }
    }

    pub fn move_select_reason(&mut self, index: usize) {
        if let (Some(e), Some(r)) = (self.move_entry(), MoveReason::ALL.get(index)) {
            e.reason = Some(*r);
        }
    }

    pub fn move_cancel(&mut self) {
        if let Some(s) = &mut self.shift {
            s.entry = None;
        }
    }

    /// Records the pay-in or pay-out; on a problem it stays on screen with the reason.
    pub fn move_save(&mut self) {
        let currencies = self.drawer_currencies();
        let Some(e) = self.move_entry().cloned() else {
            return;
        };
        let (Some(currency), Some(reason)) = (currencies.get(e.currency), e.reason) else {
            return;
        };
        let result = Money::parse(*currency, &e.entry)
            .map_err(|err| err.to_string())
            .and_then(|amount| {
                self.till
                    .move_cash(e.kind, amount, reason)
                    .map_err(|err| err.to_string())
            });
        match result {
            Ok(()) => self.move_cancel(),
            Err(why) => {
                if let Some(e) = self.move_entry() {
                    e.error = Some(why);
                }
            }
        }
    }

    /// The PIN screen shows when nobody is signed in, or while a manager is asked to approve.
    pub fn pin_screen_open(&self) -> bool {
        self.till.on_duty().is_none() || self.pin.approving.is_some()
    }

    /// Whom the PIN screen lists: everyone to sign in; to approve, only those who may.
    pub fn pin_candidates(&self) -> Vec<StaffEntry> {
        let all = self.till.staff().unwrap_or_default();
        match &self.pin.approving {
            None => all,
            Some(p) => all
                .into_iter()
                .filter(|e| may(e.staff.role, p.action()))
                .collect(),
        }
    }

    pub fn pin_pick(&mut self, index: usize) {
        if let Some(e) = self.pin_candidates().into_iter().nth(index) {
            self.pin.message = e.locked_until.map(PinMessage::Locked);
            self.pin.chosen = Some(e.staff.id);
            self.pin.entry.clear();
        }
    }

    /// A digit of the PIN; at most 8.
    pub fn pin_key(&mut self, key: &str) {
        if key.len() == 1 && key.bytes().all(|b| b.is_ascii_digit()) && self.pin.entry.len() < 8 {
            // The last answer (wrong PIN, tries left) stays until the next one.
            self.pin.entry.push_str(key);
        }
    }

    pub fn pin_backspace(&mut self) {
        self.pin.entry.pop();
    }

    pub fn pin_clear(&mut self) {
        self.pin.entry.clear();
    }

    /// Sign in, or approve, with the PIN typed.
    pub fn pin_submit(&mut self) {
        let Some(id) = self.pin.chosen.clone() else {
            self.pin.message = Some(PinMessage::ChooseName);
            return;
        };
        let entry = std::mem::take(&mut self.pin.entry);
        let result = match self.pin.approving.clone() {
            None => self.till.sign_in(&id, &entry).map(|_| {
                self.pin = PinPad::default();
                self.last_tap = self.till.now();
                self.offer_opening();
            }),
            Some(pending) => self
                .till
                .approve(pending.action(), &id, &entry)
                .map(|authority| self.perform(pending, authority)),
        };
        if let Err(e) = result {
            self.pin.message = Some(match e {
                SignInError::WrongPin { tries_left } => PinMessage::WrongPin { tries_left },
                SignInError::Locked { until } => PinMessage::Locked(until),
                SignInError::NotAllowed { who } => PinMessage::NotAllowed(who),
                other => PinMessage::Problem(other.to_string()),
            });
        }
    }

    /// Leaves the approval without doing the action.
    pub fn pin_cancel(&mut self) {
        if self.pin.approving.is_some() {
            self.pin = PinPad::default();
        }
    }

    /// Asks a manager to unlock the chosen person's locked PIN.
    pub fn pin_unlock(&mut self) {
        let chosen = self.pin.chosen.clone();
        if let Some(e) = self
            .pin_candidates()
            .into_iter()
            .find(|e| Some(&e.staff.id) == chosen.as_ref() && e.locked_until.is_some())
        {
            self.request(Pending::Unlock(e.staff.id, e.staff.nickname));
        }
    }

    /// Takes a protected action at once when the person signed in may, or asks a manager.
    pub fn request(&mut self, pending: Pending) {
        match self.till.authorize(pending.action()) {
            Some(authority) => self.perform(pending, authority),
            None => {
                self.pin = PinPad {
                    approving: Some(pending),
                    ..PinPad::default()
                }
            }
        }
    }

    fn perform(&mut self, pending: Pending, authority: Authority) {
        self.pin = PinPad::default();
        match pending {
            Pending::Settings => {
                self.settings_open = true;
                self.settings_result = None;
                self.settings_authority = Some(authority);
            }
            Pending::Return(kind) => self.do_return(kind, &authority),
            Pending::Training(whole) => self.till.start_training(whole, &authority),
            Pending::Discount => self.give_discount(authority),
            Pending::CloseTill => {
                self.counting = Some(Counting {
                    closing: Some(authority),
                    currency: 0,
                    count: CashCount::default(),
                    error: None,
                });
            }
            Pending::OpenDrawer => {
                self.settings_result = Some(match self.till.open_drawer(&authority) {
                    Ok(None) => SettingsResult::DrawerOpened,
                    Ok(Some(e)) => SettingsResult::DrawerFailed(e.to_string()),
                    Err(e) => SettingsResult::DrawerFailed(e.to_string()),
                });
            }
            Pending::Unlock(id, nickname) => {
                self.pin.message = Some(match self.till.unlock_staff(&id, &authority) {
                    Ok(()) => PinMessage::Unlocked(nickname),
                    Err(e) => PinMessage::Problem(e.to_string()),
                });
                self.pin.chosen = Some(id);
            }
        }
    }

    /// Signs out; the order on the screen stays for whoever signs in next.
    pub fn sign_out(&mut self) {
        self.till.sign_out();
        self.payment = None;
        self.sheet = None;
        self.settings_open = false;
        self.pin = PinPad::default();
        self.counting = None;
        self.shift = None;
    }

    /// A tap: the auto-lock counts from here.
    pub fn touch(&mut self) {
        self.last_tap = self.till.now();
    }

    /// Locks the till after the configured minutes without a tap. Returns whether it did.
    pub fn tick(&mut self) -> bool {
        let minutes = self.till.config().staff.auto_lock_minutes;
        if minutes == 0 || self.till.on_duty().is_none() {
            return false;
        }
        if self.till.now() - self.last_tap < chrono::TimeDelta::minutes(i64::from(minutes)) {
            return false;
        }
        self.sign_out();
        self.pin.message = Some(PinMessage::AutoLocked(minutes));
        true
    }

    fn report(&mut self, e: OrderError) {
        self.status = Status::Problem(match e {
            OrderError::Money(crate::domain::money::MoneyError::Quantity(_)) => {
                Problem::QuantityLimit
            }
            other => Problem::Other(other.to_string()),
        });
    }

    fn apply(&mut self, result: Result<(), OrderError>) {
        match result {
            Ok(()) => {
                if matches!(
                    self.status,
                    Status::Problem(Problem::QuantityLimit | Problem::Other(_))
                ) {
                    self.status = Status::None;
                }
            }
            Err(e) => self.report(e),
        }
    }

    /// A person decided about receipts held back: print them now, or not at all.
    pub fn decide_held(&mut self, print: bool) {
        if let Err(e) = self.till.decide_held_receipts(print) {
            self.status = Status::Problem(Problem::Other(e.to_string()));
        }
    }

    /// Prints the last sale's receipt again, marked COPY. Printer trouble shows in the
    /// printer line like any other receipt's.
    pub fn reprint_last(&mut self) {
        if let Some(sale) = self.last_sale.clone()
            && let Err(e) = self.till.reprint(&sale)
        {
            self.status = Status::Problem(Problem::Other(e.to_string()));
        }
    }

    /// The settings screen is a manager's: others need one to approve.
    pub fn open_settings(&mut self) {
        self.request(Pending::Settings);
    }

    pub fn close_settings(&mut self) {
        self.settings_open = false;
        self.reports = None;
        self.settings_authority = None;
        self.rate_entry = None;
    }

    /// Opens the return sheet for the `index`-th sale of the sales list.
    pub fn start_return(&mut self, index: usize) {
        let listed = self
            .till
            .recent_sales(SALES_LISTED)
            .ok()
            .and_then(|s| s.into_iter().nth(index));
        let Some(listed) = listed else { return };
        let Ok(sale) = self.till.find_sale(&listed.label) else {
            return;
        };
        let before = self.till.returned_of(&sale).unwrap_or_default();
        let lines = sale
            .lines
            .iter()
            .enumerate()
            .map(|(i, l)| {
                let gone: i64 = before
                    .iter()
                    .filter(|(n, _)| *n == i as i64 + 1)
                    .map(|(_, q)| q)
                    .sum();
                (
                    format!(
                        "{} {}",
                        l.item_name.get(self.lang),
                        l.variant_name.get(self.lang)
                    )
                    .trim()
                    .to_owned(),
                    i64::from(l.qty.get()) - gone,
                    0,
                )
            })
            .collect();
        self.return_sheet = Some(ReturnSheet {
            receipt: listed.label,
            lines,
            reason: None,
            error: None,
        });
    }

    pub fn return_change(&mut self, line: usize, delta: i64) {
        if let Some(s) = &mut self.return_sheet
            && let Some(l) = s.lines.get_mut(line)
        {
            l.2 = (l.2 + delta).clamp(0, l.1);
            s.error = None;
        }
    }

    pub fn return_reason(&mut self, index: usize) {
        if let (Some(s), Some(r)) = (&mut self.return_sheet, ReturnReason::ALL.get(index)) {
            s.reason = Some(*r);
        }
    }

    pub fn return_cancel(&mut self) {
        self.return_sheet = None;
    }

    /// Void the whole sale, or refund the lines chosen: a manager's action.
    pub fn return_request(&mut self, kind: ReturnKind) {
        if self
            .return_sheet
            .as_ref()
            .is_some_and(|s| s.reason.is_some())
        {
            self.request(Pending::Return(kind));
        }
    }

    fn do_return(&mut self, kind: ReturnKind, authority: &Authority) {
        let Some(sheet) = self.return_sheet.clone() else {
            return;
        };
        let Some(reason) = sheet.reason else { return };
        let asked: Vec<(i64, i64)> = sheet
            .lines
            .iter()
            .enumerate()
            .map(|(i, l)| (i as i64 + 1, l.2))
            .collect();
        match self
            .till
            .return_sale(&sheet.receipt, kind, &asked, reason, authority)
        {
            Ok(done) => {
                self.return_sheet = None;
                self.settings_result =
                    Some(SettingsResult::Returned(kind, sheet.receipt, done.gross));
            }
            Err(e) => {
                if let Some(s) = &mut self.return_sheet {
                    s.error = Some(e.to_string());
                }
            }
        }
    }

    pub fn start_training(&mut self, whole_till: bool) {
        self.request(Pending::Training(whole_till));
    }

    pub fn stop_training(&mut self) {
        self.till.stop_training();
    }

    /// The sales report, from the settings screen (already a manager's).
    pub fn open_reports(&mut self) {
        if self.settings_open {
            self.reports = Some(ReportPeriod::Today);
        }
    }

    pub fn reports_pick(&mut self, index: usize) {
        if let (Some(r), Some(p)) = (&mut self.reports, ReportPeriod::ALL.get(index)) {
            *r = *p;
        }
    }

    pub fn reports_close(&mut self) {
        self.reports = None;
    }

    /// The foreign currencies whose rate can be set.
    pub fn foreign_currencies(&self) -> Vec<Currency> {
        self.drawer_currencies().into_iter().skip(1).collect()
    }

    pub fn edit_rate(&mut self, index: usize) {
        if let Some(currency) = self.foreign_currencies().get(index) {
            self.rate_entry = Some(RateEntry {
                currency: *currency,
                entry: String::new(),
                error: None,
            });
        }
    }

    pub fn rate_key(&mut self, key: &str) {
        if let Some(r) = &mut self.rate_entry
            && type_digits(&mut r.entry, key, 9)
        {
            r.error = None;
        }
    }

    pub fn rate_backspace(&mut self) {
        if let Some(r) = &mut self.rate_entry {
            r.entry.pop();
        }
    }

    pub fn rate_cancel(&mut self) {
        self.rate_entry = None;
    }

    /// Sets the rate typed from today on, under the authority that opened the settings.
    pub fn rate_save(&mut self) {
        let (Some(r), Some(authority)) = (self.rate_entry.clone(), self.settings_authority.clone())
        else {
            return;
        };
        let base = self.till.config().money.currency;
        let result = Money::parse(base, &r.entry)
            .map_err(|e| e.to_string())
            .and_then(|per_unit| {
                let today = self.till.now().date_naive();
                self.till
                    .set_rate(r.currency, per_unit.minor(), today, &authority)
                    .map_err(|e| e.to_string())
            });
        match result {
            Ok(()) => self.rate_entry = None,
            Err(e) => {
                if let Some(r) = &mut self.rate_entry {
                    r.error = Some(e);
                }
            }
        }
    }

    pub fn print_test_page(&mut self) {
        self.settings_result = Some(match self.till.print_test_page() {
            None => SettingsResult::TestPageSent,
            Some(e) => SettingsResult::TestPageFailed(e.to_string()),
        });
    }

    /// Opens the drawer with no sale: a manager's action, journalled with who asked.
    pub fn open_drawer(&mut self) {
        self.request(Pending::OpenDrawer);
    }

    /// Prints a copy (marked COPY) of the `index`-th sale of the sales list.
    pub fn reprint_listed(&mut self, index: usize) {
        let listed = self
            .till
            .recent_sales(SALES_LISTED)
            .ok()
            .and_then(|s| s.into_iter().nth(index));
        let Some(listed) = listed else { return };
        self.settings_result = Some(match self.till.find_sale(&listed.label) {
            Ok(sale) => match self.till.reprint(&sale) {
                Ok(None) => SettingsResult::CopySent(listed.label),
                Ok(Some(e)) => SettingsResult::CopyFailed(e.to_string()),
                Err(e) => SettingsResult::CopyFailed(e.to_string()),
            },
            Err(e) => SettingsResult::CopyFailed(e.to_string()),
        });
    }

    pub fn toggle_language(&mut self) {
        self.lang = match self.lang {
            Lang::En => Lang::Lo,
            Lang::Lo => Lang::En,
        };
    }

    pub fn select_category(&mut self, index: usize) {
        if index < self.till.menu().categories.len() {
            self.category = index;
        }
    }

    /// Tapping an item adds it at once, or opens its option sheet when it has options.
    pub fn tap_item(&mut self, index: usize) {
        let Some(item) = self
            .till
            .menu()
            .categories
            .get(self.category)
            .and_then(|c| c.items.get(index))
        else {
            return;
        };
        let id = item.id.clone();
        let has_options = item.has_options();
        match Selection::defaults(self.till.menu(), &id) {
            Ok(selection) if has_options => {
                self.sheet = Some(Sheet {
                    item: id,
                    selection,
                    qty: Quantity::ONE,
                })
            }
            Ok(selection) => {
                let r = build_line(self.till.menu(), &id, &selection, Quantity::ONE)
                    .and_then(|l| self.cart.add(l));
                self.apply(r);
            }
            Err(e) => self.report(e),
        }
    }

    pub fn sheet_pick_variant(&mut self, index: usize) {
        let menu = self.till.menu();
        if let Some(sheet) = &mut self.sheet
            && let Some(v) = menu.item(&sheet.item).and_then(|i| i.variants.get(index))
        {
            sheet.selection.set_variant(menu, &sheet.item, v.id.clone());
        }
    }

    pub fn sheet_pick_option(&mut self, group: usize, option: usize) {
        let menu = self.till.menu();
        if let Some(sheet) = &mut self.sheet {
            let Some(item) = menu.item(&sheet.item) else {
                return;
            };
            let Some(g) = menu.groups_for(item, &sheet.selection.variant).nth(group) else {
                return;
            };
            if let Some(o) = g.options.get(option) {
                let (gid, oid) = (g.id.clone(), o.id.clone());
                sheet.selection.tap(menu, &gid, &oid);
            }
        }
    }

    pub fn sheet_change_qty(&mut self, delta: i64) {
        let mut result = Ok(());
        if let Some(sheet) = &mut self.sheet {
            match Quantity::new(i64::from(sheet.qty.get()) + delta) {
                Ok(q) => sheet.qty = q,
                Err(e) => result = Err(e.into()),
            }
        }
        self.apply(result);
    }

    pub fn sheet_add(&mut self) {
        if let Some(sheet) = self.sheet.take() {
            let r = build_line(self.till.menu(), &sheet.item, &sheet.selection, sheet.qty)
                .and_then(|l| self.cart.add(l));
            self.apply(r);
        }
    }

    pub fn sheet_cancel(&mut self) {
        self.sheet = None;
    }

    /// Price of one of the item as currently chosen on the sheet.
    pub fn sheet_unit_price(&self) -> Option<Money> {
        let s = self.sheet.as_ref()?;
        build_line(self.till.menu(), &s.item, &s.selection, Quantity::ONE)
            .ok()
            .map(|l| l.unit_price)
    }

    pub fn increment(&mut self, line: usize) {
        let r = self.cart.increment(line);
        self.apply(r);
    }
    pub fn decrement(&mut self, line: usize) {
        let r = self.cart.decrement(line);
        self.apply(r);
    }
    pub fn remove(&mut self, line: usize) {
        let r = self.cart.remove(line);
        if r.is_ok() {
            // A discount on the line goes with it; those after it follow their lines.
            self.discounts.retain(|(d, _)| d.line != Some(line));
            for (d, _) in &mut self.discounts {
                if let Some(l) = &mut d.line
                    && *l > line
                {
                    *l -= 1;
                }
            }
        }
        self.apply(r);
    }
    pub fn set_qty(&mut self, line: usize, qty: i64) {
        let r = self.cart.set_qty(line, qty);
        self.apply(r);
    }
    pub fn edit_note(&mut self, line: usize) {
        if line < self.cart.lines().len() {
            self.note_line = Some(line);
        }
    }
    pub fn save_note(&mut self, text: &str) {
        if let Some(line) = self.note_line.take() {
            let r = self.cart.set_note(line, text);
            self.apply(r);
        }
    }
    pub fn cancel_note(&mut self) {
        self.note_line = None;
    }
    pub fn undo(&mut self) {
        self.cart.undo();
    }

    /// The total to pay now: the whole order after its discounts, or the lines chosen when
    /// the bill is split.
    pub fn total(&self) -> Money {
        let currency = self.till.config().money.currency;
        self.order_totals()
            .map(|(t, _)| t.gross)
            .unwrap_or(Money::zero(currency))
    }

    /// Totals of what is paid now, after discounts, and what each discount takes off.
    pub fn order_totals(
        &self,
    ) -> Result<(crate::domain::order::Totals, Vec<Applied>), DiscountError> {
        let asked: Vec<Discount> = self.discounts.iter().map(|(d, _)| *d).collect();
        totals_after(
            &self.pay_lines(),
            &asked,
            self.till.config().money.currency,
            self.till.vat_rate_now(),
        )
    }

    pub fn discount_start(&mut self) {
        if !self.cart.is_empty() && self.split.is_none() {
            self.discount_sheet = Some(DiscountSheet::default());
        }
    }

    /// The line discounted (`None`: the whole order).
    pub fn discount_target(&mut self, line: Option<usize>) {
        if let Some(s) = &mut self.discount_sheet {
            s.line = line.filter(|l| *l < self.cart.lines().len());
        }
    }

    pub fn discount_percent(&mut self, percent: u8) {
        if let Some(s) = &mut self.discount_sheet {
            s.percent = Some(percent);
            s.entry.clear();
            s.error = None;
        }
    }

    pub fn discount_key(&mut self, key: &str) {
        if let Some(d) = &mut self.discount_sheet
            && type_digits(&mut d.entry, key, 9)
        {
            d.percent = None;
            d.error = None;
        }
    }

    pub fn discount_backspace(&mut self) {
        if let Some(s) = &mut self.discount_sheet {
            s.entry.pop();
        }
    }

    pub fn discount_reason(&mut self, index: usize) {
        if let (Some(s), Some(r)) = (&mut self.discount_sheet, DiscountReason::ALL.get(index)) {
            s.reason = Some(*r);
        }
    }

    pub fn discount_cancel(&mut self) {
        self.discount_sheet = None;
    }

    /// The discount on the sheet, when it is complete.
    fn sheet_discount(&self) -> Option<Discount> {
        let s = self.discount_sheet.as_ref()?;
        let value = match (s.percent, s.entry.is_empty()) {
            (Some(p), _) => DiscountValue::Percent(p),
            (None, false) => DiscountValue::Amount(
                Money::parse(self.till.config().money.currency, &s.entry).ok()?,
            ),
            (None, true) => return None,
        };
        Some(Discount {
            line: s.line,
            value,
            reason: s.reason?,
        })
    }

    /// Gives the discount: a manager's, so others are asked for an approval first.
    pub fn discount_apply(&mut self) {
        if self.sheet_discount().is_some() {
            self.request(Pending::Discount);
        }
    }

    fn give_discount(&mut self, authority: Authority) {
        let Some(d) = self.sheet_discount() else {
            return;
        };
        self.discounts.push((d, authority));
        match self.order_totals() {
            Ok(_) => self.discount_sheet = None,
            Err(e) => {
                self.discounts.pop();
                if let Some(s) = &mut self.discount_sheet {
                    s.error = Some(e.to_string());
                }
            }
        }
    }

    /// Takes a discount off the order again (no approval needed to charge more).
    pub fn discount_remove(&mut self, index: usize) {
        if index < self.discounts.len() {
            self.discounts.remove(index);
        }
    }

    /// The lines paid now: all, or those chosen when the bill is split.
    pub fn pay_lines(&self) -> Vec<crate::domain::order::OrderLine> {
        match &self.split {
            None => self.cart.lines().to_vec(),
            Some(chosen) => self
                .cart
                .lines()
                .iter()
                .zip(chosen)
                .filter(|(_, c)| **c)
                .map(|(l, _)| l.clone())
                .collect(),
        }
    }

    pub fn open_payment(&mut self) {
        if !self.pay_lines().is_empty() {
            self.payment = Some(Payment::default());
        }
    }

    /// Holding the order: ask for a name or table (the recalled ticket keeps its own).
    pub fn hold(&mut self) {
        if !self.cart.is_empty() {
            self.hold_open = true;
        }
    }

    pub fn hold_cancel(&mut self) {
        self.hold_open = false;
    }

    /// Holds the order under `name` and clears the screen for the next customer.
    pub fn hold_save(&mut self, name: &str) {
        let id = self.ticket.as_ref().map(|(id, _)| id.clone());
        match self
            .till
            .hold_ticket(id.as_deref(), name, self.cart.lines())
        {
            Ok(_) => {
                self.cart.clear();
                self.ticket = None;
                self.split = None;
                self.discounts.clear();
                self.hold_open = false;
                self.status = Status::None;
            }
            Err(e) => self.status = Status::Problem(Problem::Other(e.to_string())),
        }
    }

    /// The held tickets others can recall: all but the one on screen.
    pub fn held(&self) -> Vec<crate::store::tickets::HeldRow> {
        let current = self.ticket.as_ref().map(|(id, _)| id.as_str());
        self.till
            .held_tickets()
            .unwrap_or_default()
            .into_iter()
            .filter(|t| Some(t.id.as_str()) != current)
            .collect()
    }

    pub fn show_tickets(&mut self) {
        self.tickets_open = true;
    }

    pub fn tickets_close(&mut self) {
        self.tickets_open = false;
    }

    /// Puts a held order back on screen to add to it or pay it. The screen must be empty.
    pub fn recall(&mut self, index: usize) {
        if !self.cart.is_empty() {
            self.status = Status::Problem(Problem::OrderOnScreen);
            return;
        }
        let Some(t) = self.held().into_iter().nth(index) else {
            return;
        };
        for line in t.lines {
            let r = self.cart.add(line);
            self.apply(r);
        }
        self.ticket = Some((t.id, t.name));
        self.tickets_open = false;
        self.split = None;
    }

    /// Splitting the bill by items: choose the lines paid now.
    pub fn toggle_split(&mut self) {
        if !self.discounts.is_empty() {
            return;
        }
        self.split = match self.split {
            Some(_) => None,
            None if self.cart.lines().len() > 1 => Some(vec![false; self.cart.lines().len()]),
            None => None,
        };
    }

    pub fn choose_line(&mut self, index: usize) {
        if let Some(chosen) = &mut self.split
            && let Some(c) = chosen.get_mut(index)
        {
            *c = !*c;
        }
    }

    /// After a sale: the lines paid leave the screen; a held ticket is closed when all of it
    /// is paid, or held again with what is left.
    fn after_paid(&mut self) {
        self.discounts.clear();
        match self.split.take() {
            Some(chosen) if chosen.iter().any(|c| !c) => {
                for (i, paid) in chosen.iter().enumerate().rev() {
                    if *paid {
                        let _ = self.cart.remove(i);
                    }
                }
                if let Some((id, name)) = self.ticket.clone()
                    && let Err(e) = self.till.hold_ticket(Some(&id), &name, self.cart.lines())
                {
                    tracing::error!("ticket {name}: {e}");
                }
            }
            _ => {
                if let Some((id, name)) = self.ticket.take()
                    && let Err(e) = self.till.close_ticket(&id)
                {
                    tracing::error!("ticket {name} is paid but still listed: {e}");
                }
                self.cart.clear();
            }
        }
    }

    /// Exact and round amounts of what is left to pay, in the till's own currency.
    pub fn quick_amounts(&self) -> Vec<Money> {
        match &self.payment {
            Some(p) if p.currency != 0 => Vec::new(),
            _ => quick_tenders(self.left_to_pay()),
        }
    }

    /// The currency of the amount being typed.
    pub fn pay_currency(&self) -> Currency {
        let currencies = self.drawer_currencies();
        self.payment
            .as_ref()
            .and_then(|p| currencies.get(p.currency).copied())
            .unwrap_or(self.till.config().money.currency)
    }

    /// The amount typed, in the chosen currency.
    pub fn tendered(&self) -> Option<Money> {
        let p = self.payment.as_ref()?;
        if p.entry.is_empty() {
            return None;
        }
        Money::parse(self.pay_currency(), &p.entry).ok()
    }

    /// What the part payments taken so far are worth in the till's currency.
    pub fn taken_value(&self) -> Money {
        let currency = self.till.config().money.currency;
        self.payment
            .iter()
            .flat_map(|p| &p.taken)
            .filter_map(|p| self.till.tender_of(*p).ok())
            .fold(Money::zero(currency), |sum, t| {
                sum.checked_add(t.value).unwrap_or(sum)
            })
    }

    /// The total less what has been taken (never below zero).
    pub fn left_to_pay(&self) -> Money {
        let total = self.total();
        total
            .checked_sub(self.taken_value())
            .ok()
            .filter(|m| !m.is_negative())
            .unwrap_or(Money::zero(total.currency()))
    }

    /// Every payment: those taken, then the amount typed.
    fn payments(&self) -> Vec<crate::app::tenders::Payment> {
        let mut all: Vec<_> = self.payment.iter().flat_map(|p| p.taken.clone()).collect();
        all.extend(self.tendered().map(crate::app::tenders::Payment::cash));
        all
    }

    pub fn select_pay_currency(&mut self, index: usize) {
        let currencies = self.drawer_currencies();
        let usable = currencies
            .get(index)
            .is_some_and(|c| index == 0 || matches!(self.till.rate_today(*c), Ok(Some(_))));
        if let Some(p) = &mut self.payment
            && usable
        {
            p.currency = index;
            p.entry.clear();
        }
    }

    /// Takes the amount typed as part of the payment; the rest is paid another way.
    pub fn add_part(&mut self) {
        let Some(amount) = self.tendered() else {
            return;
        };
        let part = crate::app::tenders::Payment::cash(amount);
        if let Err(e) = self.till.tender_of(part) {
            if let Some(p) = &mut self.payment {
                p.error = Some(e.to_string());
            }
            return;
        }
        if let Some(p) = &mut self.payment {
            p.taken.push(part);
            p.entry.clear();
            p.currency = 0;
        }
    }

    pub fn remove_taken(&mut self, index: usize) {
        if let Some(p) = &mut self.payment
            && index < p.taken.len()
        {
            p.taken.remove(index);
        }
    }

    /// Opens the Lao QR panel for what is left to pay (or for the kip typed, when less).
    pub fn qr_start(&mut self) {
        let left = self.left_to_pay();
        let typed = self.tendered().filter(|t| t.currency() == left.currency());
        let amount = match typed {
            Some(t) if t < left && t.minor() > 0 => t,
            _ => left,
        };
        if let Some(p) = &mut self.payment
            && amount.minor() > 0
        {
            p.qr = Some(amount);
        }
    }

    pub fn qr_cancel(&mut self) {
        if let Some(p) = &mut self.payment {
            p.qr = None;
        }
    }

    /// The barista saw the transfer done in the customer's app: it is taken, and when it
    /// covers the order the sale is saved at once.
    pub fn qr_received(&mut self) {
        let Some(amount) = self.payment.as_mut().and_then(|p| p.qr.take()) else {
            return;
        };
        if let Some(p) = &mut self.payment {
            p.taken.push(crate::app::tenders::Payment::qr(amount));
            p.entry.clear();
        }
        if self.left_to_pay().minor() == 0 {
            self.finish_payment();
        }
    }

    pub fn quick_tender(&mut self, index: usize) {
        let amounts = self.quick_amounts();
        if let (Some(p), Some(m)) = (&mut self.payment, amounts.get(index)) {
            p.entry = m.amount_text().replace(',', "");
            p.error = None;
        }
    }

    /// A keypad key: digits or "000". Entries beyond 12 digits are ignored.
    pub fn key(&mut self, key: &str) {
        if let Some(p) = &mut self.payment
            && type_digits(&mut p.entry, key, 12)
        {
            p.error = None;
        }
    }

    pub fn backspace(&mut self) {
        if let Some(p) = &mut self.payment {
            p.entry.pop();
        }
    }

    pub fn clear_entry(&mut self) {
        if let Some(p) = &mut self.payment {
            p.entry.clear();
        }
    }

    pub fn back_to_order(&mut self) {
        self.payment = None;
    }

    /// Change for what is taken and typed so far, or how much is missing; `None` before any.
    pub fn settlement(&self) -> Option<Result<crate::domain::order::CashSettlement, OrderError>> {
        // A currency can only be chosen when it has a rate today, so the typed amount has a value.
        let typed = self
            .tendered()
            .and_then(|t| {
                self.till
                    .tender_of(crate::app::tenders::Payment::cash(t))
                    .ok()
            })
            .map(|t| t.value);
        let taken = self.payment.as_ref().is_some_and(|p| !p.taken.is_empty());
        if typed.is_none() && !taken {
            return None;
        }
        let paid = match typed {
            Some(v) => self.taken_value().checked_add(v),
            None => Ok(self.taken_value()),
        };
        Some(
            paid.map_err(OrderError::from).and_then(|paid| {
                settle_cash(self.total(), paid, self.till.config().money.cash_step)
            }),
        )
    }

    /// Done: commit the sale, print, start a new order. On failure the order stays.
    pub fn finish_payment(&mut self) {
        let payments = self.payments();
        if payments.is_empty() {
            return;
        }
        match self
            .till
            .checkout_with(&self.pay_lines(), &self.discounts, &payments)
        {
            Ok(done) if done.sale.training => {
                self.status = Status::Practised {
                    receipt: done.sale.receipt_label(),
                    change: done.sale.change_given,
                };
                self.last_sale = None;
                self.after_paid();
                self.payment = None;
            }
            Ok(done) => {
                self.status = Status::Saved {
                    receipt: done.sale.receipt_label(),
                    change: done.sale.change_given,
                    print_fault: done.print_error.as_ref().map(PrinterFault::from),
                    drawer_fault: done.drawer_error.as_ref().map(PrinterFault::from),
                };
                self.last_sale = Some(done.sale);
                self.after_paid();
                self.payment = None;
            }
            Err(CheckoutError::Order(OrderError::Insufficient { .. })) => {}
            Err(e) => {
                if let Some(p) = &mut self.payment {
                    p.error = Some(e.to_string());
                }
            }
        }
    }
}

/// A keypad key (digits, "000") typed into an amount of at most `max` digits: a leading zero
/// adds nothing and is ignored. Returns whether the entry took it.
fn type_digits(entry: &mut String, key: &str, max: usize) -> bool {
    let ok = !key.is_empty()
        && key.chars().all(|c| c.is_ascii_digit())
        && entry.len() + key.len() <= max
        && !(entry.is_empty() && key.starts_with('0'));
    if ok {
        entry.push_str(key);
    }
    ok
}
