//! The shift on the till: counting the drawer to open and close it, the X and Z reports,
//! pay-ins and pay-outs.

use super::*;

/// Counting the drawer: the float to open the till, or the blind count to close it.
#[derive(Debug)]
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

impl Controller {
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
        let Some(c) = self.counting.as_ref() else {
            return;
        };
        let count = c.count.clone();
        match &c.closing {
            None => match self.till.open_session(&count) {
                Ok(_) => self.counting = None,
                Err(e) => self.count_error(e.to_string()),
            },
            Some(_) => match self
                .counting
                .as_ref()
                .and_then(|c| c.closing.as_ref())
                .map(|authority| self.till.close_session(&count, authority))
                .unwrap_or(Err(crate::app::session::SessionError::NotOpen))
            {
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

    /// Whether the person signed in counts blind: only a manager sees what the drawer should
    /// hold while the till is open.
    pub fn blind_count(&self) -> bool {
        !self
            .till
            .on_duty()
            .is_some_and(|s| crate::domain::session::sees_expected_cash(s.role))
    }

    /// Prints the X report as it stands (a manager's, the count being blind), or the Z
    /// report shown.
    pub fn shift_print(&mut self) {
        let report = match self.shift.as_ref().and_then(|s| s.z.clone()) {
            Some(z) => Ok(z),
            None if self.blind_count() => return,
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
        let amount = match Money::parse(*currency, &e.entry) {
            Ok(a) if a.minor() > 0 => a,
            Ok(_) => return,
            Err(err) => return self.move_result(Err(err.to_string())),
        };
        match e.kind {
            Move::PayIn => {
                let result = self.till.pay_in(amount, reason).map_err(|e| e.to_string());
                self.move_result(result);
            }
            // Above the limit a manager approves this amount.
            Move::PayOut => self.request(Pending::PayOut(amount)),
        }
    }

    /// The pay-out on the shift screen, on an authority for its amount.
    pub(super) fn pay_out(&mut self, amount: Money, authority: &Authority) {
        let Some(reason) = self.move_entry().and_then(|e| e.reason) else {
            return;
        };
        let result = self
            .till
            .pay_out(amount, reason, authority)
            .map_err(|e| e.to_string());
        self.move_result(result);
    }

    fn move_result(&mut self, result: Result<(), String>) {
        match result {
            Ok(()) => self.move_cancel(),
            Err(why) => {
                if let Some(e) = self.move_entry() {
                    e.error = Some(why);
                }
            }
        }
    }
}
