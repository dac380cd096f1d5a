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

/// A rate's key (currency, valid from) and its record.
pub type RateRecord = ((String, String), serde_json::Value);

/// Every rate as its row holds it, in the shape of its journal record's body:
/// ((currency, from), body).
pub fn records(conn: &Connection) -> Result<Vec<RateRecord>, StoreError> {
    select_records(conn, "", [])
}

/// One rate's record (see [`records`]).
pub fn record(
    conn: &Connection,
    currency: Currency,
    from: NaiveDate,
) -> Result<serde_json::Value, StoreError> {
    select_records(
        conn,
        "WHERE currency = ?1 AND valid_from = ?2",
        params![currency.code(), from.to_string()],
    )?
    .pop()
    .map(|(_, v)| v)
    .ok_or_else(|| StoreError::Corrupt(format!("the {} rate was not written", currency.code())))
}

fn select_records(
    conn: &Connection,
    filter: &str,
    params: impl rusqlite::Params,
) -> Result<Vec<RateRecord>, StoreError> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT currency, valid_from, per_unit, set_by, approved_by FROM exchange_rates {filter}
         ORDER BY 1, 2"
    ))?;
    let rows = stmt.query_map(params, |r| {
        let (currency, from): (String, String) = (r.get(0)?, r.get(1)?);
        let body = serde_json::json!({
            "currency": currency, "from": from, "per_unit": r.get::<_, i64>(2)?,
            "staff": r.get::<_, String>(3)?, "approved_by": r.get::<_, Option<String>>(4)?,
        });
        Ok(((currency, from), body))
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
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
