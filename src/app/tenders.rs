//! Paying: the day's exchange rates (set by a manager), what a payment is worth, and checkout
//! with one or more payments in cash (kip, baht, dollars) and Lao QR transfer.

use super::staff::Authority;
use super::{AppError, CheckoutError, Till};
use crate::domain::journal::EventKind;
use crate::domain::money::{Currency, ExchangeRate, Money, RateCheck, check_new_rate};
use crate::domain::sale::{Tender, TenderKind};
use crate::domain::staff::Action;
use crate::store::{StoreError, journal, rates};
use chrono::NaiveDate;

/// A payment as the barista enters it: cash in any currency the drawer takes, or a QR transfer
/// in the till's currency.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Payment {
    pub kind: TenderKind,
    pub amount: Money,
}

impl Payment {
    pub fn cash(amount: Money) -> Payment {
        Payment {
            kind: TenderKind::Cash,
            amount,
        }
    }
    pub fn qr(amount: Money) -> Payment {
        Payment {
            kind: TenderKind::Qr,
            amount,
        }
    }
}

impl Till {
    /// The rate in force today for a foreign currency.
    pub fn rate_today(&self, currency: Currency) -> Result<Option<ExchangeRate>, StoreError> {
        rates::on(
            self.store.conn(),
            currency,
            self.config.money.currency,
            self.clock.now().date_naive(),
        )
    }

    /// Checks a new rate before it is set: refused outside the configured bounds, and
    /// [`RateCheck::Confirm`] (old and new) when it moves more than 10 % from the rate in force.
    pub fn check_rate(
        &self,
        currency: Currency,
        per_unit: i64,
        from: NaiveDate,
    ) -> Result<RateCheck, AppError> {
        let base = self.config.money.currency;
        let bounds = self.config.money.rate_bounds_of(currency);
        let last = rates::on(self.store.conn(), currency, base, from)?.map(|r| r.per_unit);
        // Against the rate in force now, and the one the day started with, so small steps in
        // one day cannot add up to a big change without a confirmation.
        let day_before = from.pred_opt().unwrap_or(from);
        let start = rates::on(self.store.conn(), currency, base, day_before)?.map(|r| r.per_unit);
        match check_new_rate(currency, base, per_unit, last, bounds)? {
            RateCheck::Fine => Ok(check_new_rate(currency, base, per_unit, start, bounds)?),
            confirm => Ok(confirm),
        }
    }

    /// A manager sets a foreign currency's rate (minor units of the till's currency for one
    /// whole unit) from a day on. Journalled with who set and who approved it. A rate that
    /// [`Till::check_rate`] asks to confirm is set only with `confirmed` (the manager saw the
    /// old and the new rate side by side).
    pub fn set_rate(
        &mut self,
        currency: Currency,
        per_unit: i64,
        from: NaiveDate,
        authority: &Authority,
        confirmed: bool,
    ) -> Result<(), AppError> {
        authority.allows(Action::ChangeSettings)?;
        if let RateCheck::Confirm { old, new } = self.check_rate(currency, per_unit, from)?
            && !confirmed
        {
            let base = self.config.money.currency;
            return Err(AppError::RateToConfirm {
                old: Money::new(base, old),
                new: Money::new(base, new),
            });
        }
        if currency == self.config.money.currency
            || !self.config.money.drawer_currencies().contains(&currency)
            || per_unit <= 0
        {
            return Err(AppError::Rate(format!(
                "a rate is set for a foreign currency the drawer takes ({}), above zero",
                self.config
                    .money
                    .foreign
                    .iter()
                    .map(|c| c.code())
                    .collect::<Vec<_>>()
                    .join(", ")
            )));
        }
        let at = self.clock.now().to_rfc3339();
        let tx = self.store.write()?;
        rates::set(
            &tx,
            currency,
            from,
            per_unit,
            &at,
            &authority.actor().id,
            authority.approver().map(|a| &a.id),
        )?;
        journal::append(
            &tx,
            &self.config.site.till_id,
            &at,
            EventKind::RateSet,
            &rates::record(&tx, currency, from)?,
        )?;
        tx.commit().map_err(StoreError::from)?;
        Ok(())
    }

    /// What a payment is worth in the till's currency, at today's rate for foreign cash.
    pub fn tender_of(&self, p: Payment) -> Result<Tender, CheckoutError> {
        let base = self.config.money.currency;
        let c = p.amount.currency();
        if c == base {
            return Ok(Tender::same_currency(p.kind, p.amount));
        }
        if p.kind != TenderKind::Cash || !self.config.money.drawer_currencies().contains(&c) {
            return Err(CheckoutError::NotTaken(c.code()));
        }
        let rate = self.rate_today(c)?.ok_or(CheckoutError::NoRate(c.code()))?;
        Ok(Tender {
            kind: p.kind,
            amount: p.amount,
            value: rate
                .value_of(p.amount)
                .map_err(crate::domain::order::OrderError::from)?,
            rate: Some(rate.per_unit),
        })
    }
}
