//! The state of the till screen and what every tap does to it, with no Slint types:
//! adapters read this state to fill their screens and forward taps here.

use crate::app::printing::PrinterFault;
use crate::app::session::Move;
use crate::app::staff::{Authority, Order, SignInError, StaffEntry};
use crate::app::{CheckoutError, Till};
use crate::domain::discount::{
    Applied, Discount, DiscountError, DiscountReason, DiscountValue, totals_after,
};
use crate::domain::menu::{ItemId, Lang};
use crate::domain::money::Currency;
use crate::domain::money::{Money, Quantity, quick_tenders, round_up_to_step};
use crate::domain::order::Given;
use crate::domain::order::{OrderError, Selection, build_line, settle_cash};
use crate::domain::returns::{ReturnKind, ReturnReason};
use crate::domain::sale::Sale;
use crate::domain::session::{CashCount, MoveReason, ShiftReport, denominations};
use crate::domain::staff::{Action, StaffId, may};
use chrono::{DateTime, FixedOffset};

mod drill;
mod favourites;
mod first_run;
mod order;
mod payment;
mod people;
mod placements;
mod roster;
mod settings;
mod shift;
mod sign_in;
mod skills;

pub use drill::DrillStep;
pub use favourites::FavouritesEdit;
pub use first_run::{FirstRunPad, NewPin};
pub use order::{DiscountSheet, Sheet};
pub use payment::Payment;
pub use people::{Correcting, PeopleDone, PeopleMode, PeopleNote, PeopleView, ProgrammeDraft};
pub use placements::{
    IndicatorPeriod, Panel, PlacementsDraft, PlacementsMode, PlacementsNote, PlacementsView,
};
pub use roster::{RosterEdit, RosterNote, RosterView};
pub use settings::{RateEntry, ReportPeriod, ReturnSheet, SALES_LISTED, SettingsResult};
pub use shift::{Counting, MoveEntry, ShiftView};
pub use sign_in::{Pending, PinMessage, PinPad};
pub use skills::{SkillsMode, SkillsNote, SkillsView};

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
    /// Whoever is signed in clocked in or out from the top bar.
    Clocked(crate::app::clock::Clocked),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    QuantityLimit,
    MenuFile(String),
    /// A held order cannot be recalled over an order on screen.
    OrderOnScreen,
    /// Discounts were dropped because the line (or order) they were given for changed; a
    /// manager gives them again if they still apply.
    DiscountDropped,
    Other(String),
}

pub struct Controller {
    pub till: Till,
    /// The order on screen: its lines, discounts, split selection and undo history.
    pub cart: Order,
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
    pub last_tap: std::time::Duration,
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
    pub discount_sheet: Option<DiscountSheet>,
    /// The Favourites sheet (a manager's): pin, unpin and reorder.
    pub favourites: Option<FavouritesEdit>,
    /// The sales report on screen (opened from the settings, a manager's): which period.
    pub reports: Option<ReportPeriod>,
    /// A new till being set up on the screen.
    pub first_run: FirstRunPad,
    /// The People screen (a manager's), with the authority that opened it.
    pub people: Option<PeopleView>,
    /// She signed in to sell but is not clocked in: the till offers it.
    pub clock_offer: bool,
    /// A practice drill past its payment: counting the change, or scored.
    pub drill: Option<DrillStep>,
}

impl Controller {
    pub fn new(till: Till) -> Controller {
        let status = match till.menu_problem() {
            Some(p) => Status::Problem(Problem::MenuFile(p.to_string())),
            None => Status::None,
        };
        Controller {
            cart: Order::default(),
            // The language of whoever is signed in, else the site's (`[site] language`).
            lang: till.language(),
            category: 0,
            sheet: None,
            payment: None,
            note_line: None,
            status,
            last_sale: None,
            settings_open: false,
            settings_result: None,
            pin: PinPad::default(),
            last_tap: till.monotonic(),
            counting: None,
            shift: None,
            settings_authority: None,
            rate_entry: None,
            return_sheet: None,
            ticket: None,
            hold_open: false,
            tickets_open: false,
            discount_sheet: None,
            favourites: None,
            reports: None,
            first_run: FirstRunPad::default(),
            people: None,
            clock_offer: false,
            drill: None,
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
                    Status::Problem(
                        Problem::QuantityLimit | Problem::Other(_) | Problem::DiscountDropped
                    )
                ) {
                    self.status = Status::None;
                }
            }
            Err(e) => self.report(e),
        }
        // A discount was given for the line as it was: a change drops it, in words.
        if !self.cart.take_dropped().is_empty() {
            self.status = Status::Problem(Problem::DiscountDropped);
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
