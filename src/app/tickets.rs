//! Open tickets: hold an order under a customer's name or a table, recall it, add to it, pay
//! it (all at once, or split by items). A held order is kept on disk until it is paid.

use super::Till;
use super::staff::{DiscountGrant, Order};
use crate::domain::order::{Given, OrderLine};
use crate::store::StoreError;
use crate::store::tickets::{self, HeldRow};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TicketError {
    #[error("an empty order cannot be held")]
    Empty,
    #[error("a ticket needs a name or a table, 1 to 40 characters")]
    Name,
    #[error(
        "a drill's order is practice: it cannot be held or a held order recalled during a drill (put the card away first)"
    )]
    Drill,
    #[error("{0}")]
    Store(String),
}

impl From<StoreError> for TicketError {
    fn from(e: StoreError) -> Self {
        TicketError::Store(e.to_string())
    }
}

/// What happens to the held ticket an order came from when it is paid: closed, or kept with
/// the lines not paid yet (a split bill). Written in the sale's own transaction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TicketAfter {
    Close(String),
    Keep {
        id: String,
        name: String,
        lines: Vec<OrderLine>,
    },
}

impl TicketAfter {
    pub(super) fn write(
        &self,
        conn: &rusqlite::Connection,
        till_id: &str,
        staff: Option<&crate::domain::staff::StaffId>,
        at: &str,
    ) -> Result<(), StoreError> {
        match self {
            TicketAfter::Close(id) => tickets::close(conn, id),
            TicketAfter::Keep { id, name, lines } => tickets::hold::<Given<DiscountGrant>>(
                conn,
                id,
                till_id,
                name,
                lines,
                &[],
                staff,
                at,
            ),
        }
    }
}

impl Till {
    /// Holds the order under `name`, as ticket `id` again when it was recalled from one, with
    /// the discounts given on it. Returns the ticket's id.
    pub fn hold_ticket(
        &mut self,
        id: Option<&str>,
        name: &str,
        order: &Order,
    ) -> Result<String, TicketError> {
        if self.drill.is_some() {
            return Err(TicketError::Drill);
        }
        let lines = order.lines();
        let name = name.trim();
        if name.is_empty() || name.chars().count() > 40 {
            return Err(TicketError::Name);
        }
        if lines.is_empty() {
            return Err(TicketError::Empty);
        }
        let id = id
            .map(str::to_owned)
            .unwrap_or_else(|| uuid::Uuid::now_v7().to_string());
        tickets::hold(
            self.store.conn(),
            &id,
            &self.config.site.till_id,
            name,
            lines,
            order.discounts(),
            self.on_duty.as_ref().map(|s| &s.id),
            &self.clock.now().to_rfc3339(),
        )?;
        Ok(id)
    }

    /// How many orders are held, leaving out `except` (the one on screen).
    pub fn held_count(&self, except: Option<&str>) -> Result<i64, StoreError> {
        tickets::count(self.store.conn(), &self.config.site.till_id, except)
    }

    /// The orders held on this till, oldest first.
    pub fn held_tickets(&self) -> Result<Vec<HeldRow<Given<DiscountGrant>>>, StoreError> {
        tickets::list(self.store.conn(), &self.config.site.till_id)
    }
}
