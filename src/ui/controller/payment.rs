//! Paying: cash in any currency the drawer takes, Lao QR, split payments, Done.

use super::*;

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
    /// That failure was a full disk.
    pub disk_full: bool,
}

impl Controller {
    pub fn open_payment(&mut self) {
        if !self.pay_lines().is_empty() {
            self.payment = Some(Payment::default());
        }
    }

    /// After a sale: the lines paid leave the screen; a held ticket is closed when all of it
    /// is paid, or held again with what is left.
    fn after_paid(&mut self) {
        self.cart.paid();
        if self.cart.is_empty() {
            self.ticket = None;
        }
    }

    /// What the sale does to the held ticket the order came from: closes it, or keeps it with
    /// the lines not paid now.
    fn ticket_after(&self) -> Option<crate::app::tickets::TicketAfter> {
        use crate::app::tickets::TicketAfter;
        let (id, name) = self.ticket.clone()?;
        Some(match self.cart.unpaid_lines() {
            Some(lines) => TicketAfter::Keep { id, name, lines },
            None => TicketAfter::Close(id),
        })
    }

    /// Exact and round amounts of what is left to pay, in the till's own currency.
    pub fn quick_amounts(&self) -> Vec<Money> {
        match &self.payment {
            Some(p) if p.currency != 0 => Vec::new(),
            _ => quick_tenders(self.left_to_pay(), self.till.config().money.cash_step),
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
    pub(super) fn payments(&self) -> Vec<crate::app::tenders::Payment> {
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

    /// Back to the order, unless parts are already taken: that money is in the drawer, so the
    /// payment is finished or its parts removed (and handed back) first.
    pub fn back_to_order(&mut self) {
        if self.payment.as_ref().is_none_or(|p| p.taken.is_empty()) {
            self.payment = None;
        }
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
        if typed.is_none() && !taken && !self.nothing_to_pay() {
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

    /// What "Cash, exact" takes: the total rounded up to the cash step; `None` when there is
    /// nothing to pay now.
    pub fn exact_cash(&self) -> Option<Money> {
        if self.pay_lines().is_empty() {
            return None;
        }
        self.exact_cash_of(self.total())
    }

    /// `total` rounded up to the cash step; `None` for nothing to pay.
    pub fn exact_cash_of(&self, total: Money) -> Option<Money> {
        (total.minor() > 0).then(|| round_up_to_step(total, self.till.config().money.cash_step))
    }

    /// "Cash, exact" on the order: a kip cash sale for the total rounded up to the cash step,
    /// in one tap. Should it fail, the payment screen stays open saying why.
    pub fn cash_exact(&mut self) {
        let Some(cash) = self.exact_cash() else {
            return;
        };
        self.payment = Some(Payment {
            entry: cash.amount_text().replace(',', ""),
            ..Payment::default()
        });
        self.finish_payment();
    }

    /// The order is discounted to nothing: it is completed with no payment.
    pub fn nothing_to_pay(&self) -> bool {
        self.payment.is_some() && self.total().minor() == 0
    }

    /// Done: commit the sale, print, start a new order. On failure the order stays.
    pub fn finish_payment(&mut self) {
        if self.till.drill().is_some() {
            return self.drill_paid();
        }
        let payments = self.payments();
        if payments.is_empty() && !self.nothing_to_pay() {
            return;
        }
        match self.till.checkout_ticket(
            &self.pay_lines(),
            self.cart.discounts(),
            &payments,
            self.ticket_after(),
        ) {
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
            // The clock reads earlier than the last sale: a manager looks and confirms.
            Err(CheckoutError::ClockBehind { now, last }) => {
                self.request(Pending::ConfirmClock(now, last))
            }
            Err(e) => {
                if let Some(p) = &mut self.payment {
                    p.disk_full = e.is_disk_full();
                    p.error = Some(e.to_string());
                }
            }
        }
    }
}
