//! Open tickets: orders held under a name or a table.

use super::StoreError;
use crate::domain::order::OrderLine;
use crate::domain::staff::StaffId;
use rusqlite::{Connection, params};

/// A held order as stored, with the discounts given on it (`D`: a discount and its grant).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeldRow<D> {
    pub id: String,
    pub name: String,
    pub lines: Vec<OrderLine>,
    pub discounts: Vec<D>,
    pub held_at: String,
}

fn corrupt(e: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(e.to_string())
}

/// Holds (or holds again, with its new lines) the ticket `id`.
#[allow(clippy::too_many_arguments)]
pub fn hold<D: serde::Serialize>(
    conn: &Connection,
    id: &str,
    till_id: &str,
    name: &str,
    lines: &[OrderLine],
    discounts: &[D],
    staff: Option<&StaffId>,
    at: &str,
) -> Result<(), StoreError> {
    let lines = serde_json::to_string(lines).map_err(corrupt)?;
    let discounts = serde_json::to_string(discounts).map_err(corrupt)?;
    conn.execute(
        "INSERT OR REPLACE INTO open_tickets (id, till_id, name, lines, discounts, staff_id, held_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![id, till_id, name, lines, discounts, staff.map(StaffId::as_str), at],
    )?;
    Ok(())
}

/// The till's held orders, oldest first.
pub fn list<D: serde::de::DeserializeOwned>(
    conn: &Connection,
    till_id: &str,
) -> Result<Vec<HeldRow<D>>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, name, lines, discounts, held_at FROM open_tickets WHERE till_id = ?1
         ORDER BY held_at, id",
    )?;
    let rows = stmt.query_map([till_id], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, String>(4)?,
        ))
    })?;
    rows.map(|row| {
        let (id, name, lines, discounts, held_at) = row?;
        Ok(HeldRow {
            id,
            name,
            lines: serde_json::from_str(&lines).map_err(corrupt)?,
            discounts: serde_json::from_str(&discounts).map_err(corrupt)?,
            held_at,
        })
    })
    .collect()
}

/// How many orders the till holds, leaving out `except` (the one on screen).
pub fn count(conn: &Connection, till_id: &str, except: Option<&str>) -> Result<i64, StoreError> {
    Ok(conn
        .prepare_cached(
            "SELECT count(*) FROM open_tickets WHERE till_id = ?1 AND id IS NOT coalesce(?2, '')",
        )?
        .query_row(params![till_id, except], |r| r.get(0))?)
}

/// Removes a ticket once it is paid.
pub fn close(conn: &Connection, id: &str) -> Result<(), StoreError> {
    conn.execute("DELETE FROM open_tickets WHERE id = ?1", [id])?;
    Ok(())
}
