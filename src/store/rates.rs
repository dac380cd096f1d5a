//! The exchange rates managers set, each from a day on.

use super::StoreError;
use crate::domain::money::{Currency, ExchangeRate};
use crate::domain::staff::StaffId;
use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, params};

/// Sets `currency`'s rate from `from` on (replacing one set for that same day).
#[allow(clippy::too_many_arguments)]
pub fn set(
    conn: &Connection,
    currency: Currency,
    from: NaiveDate,
    per_unit: i64,
    at: &str,
    by: &StaffId,
    approved_by: Option<&StaffId>,
) -> Result<(), StoreError> {
    conn.execute(
        "INSERT OR REPLACE INTO exchange_rates (currency, valid_from, per_unit, set_at, set_by, approved_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            currency.code(),
            from.to_string(),
            per_unit,
            at,
            by.as_str(),
            approved_by.map(StaffId::as_str)
        ],
    )?;
    Ok(())
}

/// The rate in force for `currency` on `day`: the latest set from that day or before.
pub fn on(
    conn: &Connection,
    currency: Currency,
    base: Currency,
    day: NaiveDate,
) -> Result<Option<ExchangeRate>, StoreError> {
    let row: Option<(String, i64)> = conn
        .prepare_cached(
            "SELECT valid_from, per_unit FROM exchange_rates
             WHERE currency = ?1 AND valid_from <= ?2 ORDER BY valid_from DESC LIMIT 1",
        )?
        .query_row(params![currency.code(), day.to_string()], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .optional()?;
    row.map(|(from, per_unit)| {
        Ok(ExchangeRate {
            currency,
            base,
            per_unit,
            from: from
                .parse()
                .map_err(|e| StoreError::Corrupt(format!("exchange rate date {from}: {e}")))?,
        })
    })
    .transpose()
}
