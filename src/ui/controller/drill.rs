//! A practice drill on the till screen: the card while she rings the order up, then the change
//! she counts herself (the payment screen does not show it), then her score.

use super::{Controller, Problem, Status, type_digits};
use crate::app::drills::Scored;
use crate::app::tenders::Payment;
use crate::domain::money::Money;
use crate::domain::order::OrderLine;

/// Where a drill is after its payment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DrillStep {
    /// Paid as usual: she counts the change.
    Change {
        lines: Vec<OrderLine>,
        payments: Vec<Payment>,
        total: Money,
        paid: Money,
        entry: String,
        error: Option<String>,
    },
    Scored(Box<Scored>),
}

/// The change typed has at most this many digits.
const MAX_CHANGE_DIGITS: usize = 9;

impl Controller {
    /// 0 no drill, 1 the card, 2 counting the change, 3 the score.
    pub fn drill_stage(&self) -> i32 {
        if self.till.in_training().is_none() {
            return 0;
        }
        match (&self.drill, self.till.drill()) {
            (Some(DrillStep::Change { .. }), _) => 2,
            (Some(DrillStep::Scored(_)), _) => 3,
            (None, Some(_)) => 1,
            (None, None) => 0,
        }
    }

    /// A new card (training mode only), on an empty order.
    pub fn start_drill(&mut self) {
        if !self.cart.is_empty() || self.payment.is_some() {
            self.status = Status::Problem(Problem::OrderOnScreen);
            return;
        }
        self.drill = None;
        match self.till.start_drill(None) {
            Ok(_) => self.status = Status::None,
            Err(e) => self.status = Status::Problem(Problem::Other(e.to_string())),
        }
    }

    /// Puts the card (or the score) away, with the order rung up for it.
    pub fn stop_drill(&mut self) {
        self.drop_drill_order();
        self.till.drop_drill();
        self.drill = None;
        self.status = Status::None;
    }

    /// The order a card asked for is practice: it leaves the screen when the card does (put
    /// away, signed out, training stopped), never to be paid as a sale by whoever comes next.
    pub(super) fn drop_drill_order(&mut self) {
        if self.till.drill().is_some() {
            self.cart.clear();
            self.ticket = None;
            self.payment = None;
        }
    }

    /// Done on the payment screen during a drill: nothing is recorded yet, the order leaves
    /// the screen and she counts the change.
    pub(super) fn drill_paid(&mut self) {
        let payments = self.payments();
        let total = self.total();
        let mut paid = Money::zero(total.currency());
        for p in &payments {
            match self.till.tender_of(*p).and_then(|t| {
                Ok(paid
                    .checked_add(t.value)
                    .map_err(crate::domain::order::OrderError::from)?)
            }) {
                Ok(sum) => paid = sum,
                Err(e) => {
                    if let Some(p) = &mut self.payment {
                        p.error = Some(e.to_string());
                    }
                    return;
                }
            }
        }
        if paid < total {
            return;
        }
        self.drill = Some(DrillStep::Change {
            lines: self.pay_lines(),
            payments,
            total,
            paid,
            entry: String::new(),
            error: None,
        });
        self.cart.clear();
        self.ticket = None;
        self.payment = None;
    }

    pub fn drill_key(&mut self, key: &str) {
        if let Some(DrillStep::Change { entry, error, .. }) = &mut self.drill {
            type_digits(entry, key, MAX_CHANGE_DIGITS);
            *error = None;
        }
    }

    pub fn drill_backspace(&mut self) {
        if let Some(DrillStep::Change { entry, error, .. }) = &mut self.drill {
            entry.pop();
            *error = None;
        }
    }

    /// She hands the change back: the till scores the drill and keeps the score.
    pub fn drill_give_change(&mut self) {
        let Some(DrillStep::Change {
            lines,
            payments,
            total,
            entry,
            ..
        }) = &self.drill
        else {
            return;
        };
        let given = if entry.is_empty() {
            "0"
        } else {
            entry.as_str()
        };
        let result = Money::parse(total.currency(), given)
            .map_err(|e| e.to_string())
            .and_then(|change| {
                self.till
                    .finish_drill(lines, payments, change)
                    .map_err(|e| e.to_string())
            });
        match result {
            Ok(scored) => self.drill = Some(DrillStep::Scored(Box::new(scored))),
            Err(e) => {
                if let Some(DrillStep::Change { error, .. }) = &mut self.drill {
                    *error = Some(e);
                }
            }
        }
    }
}
