//! Practice orders made in training mode.

use super::StoreError;
use crate::domain::sale::Sale;
use crate::domain::staff::StaffId;
use rusqlite::{Connection, params};

/// Records a practice order under the till's next practice number, which it returns.
pub fn insert(conn: &Connection, sale: &Sale, supervisor: &StaffId) -> Result<i64, StoreError> {
    let staff = sale
        .served_by
        .as_ref()
        .ok_or_else(|| StoreError::Corrupt("a practice order needs its trainee".into()))?;
    let items: Vec<&str> = sale.lines.iter().map(|l| l.item.as_str()).collect();
    let items = serde_json::to_string(&items).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    Ok(conn.query_row(
        "INSERT INTO training_orders (till_id, practice_no, created_at, staff_id, supervisor_id,
                                      currency, gross, lines, items, pace_ms,
                                      corrections)
         VALUES (?1, (SELECT coalesce(max(practice_no), 0) + 1 FROM training_orders WHERE till_id = ?1),
                 ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
         RETURNING practice_no",
        params![
            sale.till_id,
            sale.created_at.to_rfc3339(),
            staff.id.as_str(),
            supervisor.as_str(),
            sale.currency.code(),
            sale.gross.minor(),
            sale.lines.len() as i64,
            items,
            sale.pace.map(|p| p.ms),
            sale.pace.map(|p| p.corrections)
        ],
        |r| r.get(0),
    )?)
}

/// How many practice orders a person has made, drills included.
pub fn practice_count(conn: &Connection, staff: &StaffId) -> Result<i64, StoreError> {
    Ok(conn.query_row(
        "SELECT (SELECT count(*) FROM training_orders WHERE staff_id = ?1)
              + (SELECT count(*) FROM drill_results WHERE staff_id = ?1)",
        [staff.as_str()],
        |r| r.get(0),
    )?)
}
