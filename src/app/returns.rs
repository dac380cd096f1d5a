//! Voiding a paid sale (in the shift it was made) and refunding all or part of one, on a
//! manager's authority. The sale stays as it was; the return is a new record, journalled in the
//! same transaction, paid back out of the drawer (or by QR transfer back), with a slip printed.

use super::Till;
use super::session::SessionError;
use super::staff::Authority;
use crate::domain::journal::EventKind;
use crate::domain::money::Money;
use crate::domain::returns::{
    PaidBack, ReturnError, ReturnKind, ReturnPlan, ReturnReason, Returned, plan_return,
};
use crate::domain::sale::Sale;
use crate::domain::staff::Action;
use crate::print::PrintError;
use crate::print::receipt::ReceiptDoc;
use crate::store::returns::{self, NewReturn};
use crate::store::{StoreError, journal};

#[derive(Debug, thiserror::Error)]
pub enum ReturnsError {
    #[error(transparent)]
    Rule(#[from] ReturnError),
    #[error(transparent)]
    Session(#[from] SessionError),
    #[error("sale {0} was made before this shift: refund it instead of voiding it")]
    NotThisShift(String),
    #[error("no sale {0}")]
    NoSale(String),
    #[error(transparent)]
    Authority(#[from] super::staff::NotAuthorized),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// A void or refund made.
#[derive(Debug)]
pub struct ReturnDone {
    pub return_no: i64,
    pub kind: ReturnKind,
    pub gross: Money,
    pub paid_back: Vec<PaidBack>,
    /// Why the slip did not print, if it did not.
    pub print_error: Option<PrintError>,
}

impl Till {
    /// What earlier returns of a sale took.
    pub fn returned_of(&self, sale: &Sale) -> Result<Returned, StoreError> {
        returns::of_sale(self.store.conn(), &sale.till_id, sale.receipt_no)
    }

    /// What a void of `sale` (all of it) or a refund of `asked` (line number, quantity) would
    /// give back, and how, before anyone confirms it. Writes nothing.
    pub fn plan_return(
        &self,
        sale: &Sale,
        kind: ReturnKind,
        asked: &[(i64, i64)],
    ) -> Result<ReturnPlan, ReturnsError> {
        let before = self.returned_of(sale)?;
        let all: Vec<(i64, i64)>;
        let asked = match kind {
            ReturnKind::Void => {
                let session = self.session()?.ok_or(SessionError::NotOpen)?;
                if sale.receipt_no < session.first_receipt_no {
                    return Err(ReturnsError::NotThisShift(sale.receipt_label()));
                }
                if !before.lines.is_empty() {
                    return Err(ReturnError::AlreadyReturned.into());
                }
                all = sale
                    .lines
                    .iter()
                    .enumerate()
                    .map(|(i, l)| (i as i64 + 1, i64::from(l.qty.get())))
                    .collect();
                all.as_slice()
            }
            ReturnKind::Refund => asked,
        };
        Ok(plan_return(
            sale,
            asked,
            &before,
            self.config.money.cash_step,
        )?)
    }

    /// Voids sale `receipt` (all of it), or refunds `asked` (line number, quantity) of it.
    pub fn return_sale(
        &mut self,
        receipt: &str,
        kind: ReturnKind,
        asked: &[(i64, i64)],
        reason: ReturnReason,
        authority: &Authority,
    ) -> Result<ReturnDone, ReturnsError> {
        let needed = match kind {
            ReturnKind::Void => Action::VoidPaidSale,
            ReturnKind::Refund => Action::Refund,
        };
        authority.allows(needed)?;
        let session = self.session()?.ok_or(SessionError::NotOpen)?;
        let sale = self
            .find_sale(receipt)
            .map_err(|_| ReturnsError::NoSale(receipt.to_owned()))?;
        let ReturnPlan {
            lines,
            gross,
            vat,
            paid_back,
        } = self.plan_return(&sale, kind, asked)?;
        let at = self.clock.now().to_rfc3339();
        let till = self.config.site.till_id.clone();
        let tx = self.store.write()?;
        let return_no = returns::insert(
            &tx,
            &NewReturn {
                till_id: &till,
                kind,
                at: &at,
                receipt_no: sale.receipt_no,
                session_no: session.session_no,
                reason,
                staff: &authority.actor().id,
                approved_by: authority.approver().map(|a| &a.id),
                gross: gross.minor(),
                vat: vat.minor(),
                lines: &lines,
                paid_back: &paid_back,
            },
        )?;
        // The record is the return as its row now holds it, read back in this transaction.
        journal::append(
            &tx,
            &till,
            &at,
            match kind {
                ReturnKind::Void => EventKind::Void,
                ReturnKind::Refund => EventKind::Refund,
            },
            &returns::record(&tx, &till, return_no)?,
        )?;
        tx.commit().map_err(StoreError::from)?;
        // Only now that the return is saved: the drawer for cash going back, and the slip.
        if paid_back.iter().any(|p| p.kind == "cash")
            && let Some(pin) = self.config.printer.drawer()
            && let Some(e) = self.printing.open_drawer(pin)
        {
            tracing::error!("return {return_no}: the drawer did not open: {e}");
        }
        let slip = ReceiptDoc::return_slip(
            &sale,
            kind,
            return_no,
            &lines,
            &paid_back,
            &self.config.site,
        );
        let print_error = self.printing.print_now(slip);
        Ok(ReturnDone {
            return_no,
            kind,
            gross,
            paid_back,
            print_error,
        })
    }
}
