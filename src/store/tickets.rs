//! Open tickets: orders held under a name or a table.

use super::StoreError;
use crate::domain::order::OrderLine;
use crate::domain::staff::StaffId;
use rusqlite::{Connection, params};

/// A held order as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeldRow {
    pub id: String,
    pub name: String,
    pub lines: Vec<OrderLine>,
    pub held_at: String,
}

fn corrupt(e: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(e.to_string())
}

/// Holds (or holds again, with its new lines) the ticket `id`.
pub fn hold(
    conn: &Connection,
    id: &str,
    till_id: &str,
    name: &str,
    lines: &[OrderLine],
    staff: Option<&StaffId>,
    at: &str,
) -> Result<(), StoreError> {
    let lines = serde_json::to_string(lines).map_err(corrupt)?;
    conn.execute(
        "INSERT OR REPLACE INTO open_tickets (id, till_id, name, lines, staff_id, held_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![id, till_id, name, lines, staff.map(StaffId::as_str), at],
    )?;
    Ok(())
}

/// The till's held orders, oldest first.
pub fn list(conn: &Connection, till_id: &str) -> Result<Vec<HeldRow>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, name, lines, held_at FROM open_tickets WHERE till_id = ?1 ORDER BY held_at, id",
    )?;
    let rows = stmt.query_map([till_id], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
        ))
    })?;
    rows.map(|row| {
        let (id, name, lines, held_at) = row?;
        Ok(HeldRow {
            id,
            name,
            lines: serde_json::from_str(&lines).map_err(corrupt)?,
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
