//! Taking the order: the menu, the option sheet, the cart, discounts and open tickets.

use super::*;

/// The option sheet for one item.
#[derive(Debug, Clone)]
pub struct Sheet {
    pub item: ItemId,
    pub selection: Selection,
    pub qty: Quantity,
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

impl Controller {
    pub fn toggle_language(&mut self) {
        self.lang = match self.lang {
            Lang::En => Lang::Lo,
            Lang::Lo => Lang::En,
        };
    }

    /// The menu category on screen; `None` on the Favourites tab (always the first, even
    /// empty: a manager pins from there).
    pub fn shown_category(&self) -> Option<usize> {
        self.category.checked_sub(1)
    }

    /// Tab `index`: the Favourites first, then the menu's categories.
    pub fn select_category(&mut self, index: usize) {
        if index <= self.till.menu().categories.len() {
            self.category = index;
        }
    }

    /// Tapping an item adds it at once, or opens its option sheet when it has options; a
    /// favourite is added at once as it is pinned.
    pub fn tap_item(&mut self, index: usize) {
        // The first tap on a new order: her pace runs from here to its payment.
        if self.cart.is_empty() && self.ticket.is_none() {
            self.till.begin_order();
        }
        let Some(category) = self.shown_category() else {
            return self.tap_favourite(index);
        };
        let Some(item) = self
            .till
            .menu()
            .categories
            .get(category)
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

    fn tap_favourite(&mut self, index: usize) {
        let menu = self.till.menu();
        let Some(f) = menu.favourites.get(index) else {
            return;
        };
        let r = Selection::of_favourite(menu, f)
            .and_then(|s| build_line(menu, &f.item, &s, Quantity::ONE))
            .and_then(|l| self.cart.add(l));
        self.apply(r);
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
        self.corrected(r.is_ok());
        self.apply(r);
    }

    pub fn remove(&mut self, line: usize) {
        let r = self.cart.remove(line);
        self.corrected(r.is_ok());
        self.apply(r);
    }

    pub fn set_qty(&mut self, line: usize, qty: i64) {
        let lower = self
            .cart
            .lines()
            .get(line)
            .is_some_and(|l| qty < i64::from(l.qty.get()));
        let r = self.cart.set_qty(line, qty);
        self.corrected(lower && r.is_ok());
        self.apply(r);
    }

    /// A line taken off or lowered, or a step undone: counted with the order's pace.
    fn corrected(&mut self, done: bool) {
        if done {
            self.till.correct_order();
        }
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
        let undone = self.cart.undo();
        self.corrected(undone);
        self.apply(Ok(()));
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
        let asked: Vec<Discount> = self.cart.discounts().iter().map(|g| g.discount).collect();
        totals_after(
            &self.pay_lines(),
            &asked,
            self.till.config().money.currency,
            self.till.vat_rate_now(),
        )
    }

    pub fn discount_start(&mut self) {
        if !self.cart.is_empty() && self.cart.split().is_none() {
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

    /// The discount on the sheet is given on the authority approved for it; it stays with
    /// the line (or order) as it is now.
    pub(super) fn give_discount(&mut self, authority: Authority) {
        let Some(d) = self.sheet_discount() else {
            return;
        };
        let result = authority
            .grant_discount()
            .map_err(|e| OrderError::Discount(e.to_string()))
            .and_then(|grant| self.cart.give_discount(d, grant));
        match result {
            Ok(()) => self.discount_sheet = None,
            Err(e) => {
                if let Some(s) = &mut self.discount_sheet {
                    s.error = Some(e.to_string());
                }
            }
        }
    }

    /// Takes a discount off the order again (no approval needed to charge more).
    pub fn discount_remove(&mut self, index: usize) {
        self.cart.remove_discount(index);
    }

    /// The lines paid now: all, or those chosen when the bill is split.
    pub fn pay_lines(&self) -> Vec<crate::domain::order::OrderLine> {
        self.cart.pay_lines()
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
        match self.till.hold_ticket(id.as_deref(), name, &self.cart) {
            Ok(_) => {
                self.cart.clear();
                self.ticket = None;
                self.hold_open = false;
                self.status = Status::None;
            }
            Err(e) => self.status = Status::Problem(Problem::Other(e.to_string())),
        }
    }

    /// The held tickets others can recall: all but the one on screen.
    pub fn held(
        &self,
    ) -> Vec<crate::store::tickets::HeldRow<Given<crate::app::staff::DiscountGrant>>> {
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
        if self.till.drill().is_some() {
            self.status = Status::Problem(Problem::Other(
                crate::app::tickets::TicketError::Drill.to_string(),
            ));
            return;
        }
        if !self.cart.is_empty() {
            self.status = Status::Problem(Problem::OrderOnScreen);
            return;
        }
        let Some(t) = self.held().into_iter().nth(index) else {
            return;
        };
        match Order::restored(t.lines, t.discounts) {
            Ok(order) => {
                self.cart = order;
                self.ticket = Some((t.id, t.name));
                self.tickets_open = false;
            }
            Err(e) => self.report(e),
        }
    }

    /// Splitting the bill by items: choose the lines paid now.
    pub fn toggle_split(&mut self) {
        self.cart.toggle_split();
    }

    pub fn choose_line(&mut self, index: usize) {
        self.cart.choose_line(index);
    }
}
