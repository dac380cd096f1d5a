//! What the till's own records say about how one person works at the counter, read for her
//! skills page: her sales and how she rang them up, what was voided or refunded of them, her
//! practice orders, and the drawer counts of the shifts she closed. Read only.

use super::StoreError;
use super::reports::Receipts;
use crate::domain::figures::Rung;
use crate::domain::sale::Pace;
use crate::domain::session::ShiftReport;
use crate::domain::staff::StaffId;
use rusqlite::{Connection, params};

fn pace_of(ms: Option<i64>, corrections: Option<i64>) -> Option<Pace> {
    Some(Pace {
        ms: u32::try_from(ms?).ok()?,
        corrections: u32::try_from(corrections.unwrap_or(0)).unwrap_or(u32::MAX),
    })
}

fn day(text: &str) -> Result<chrono::NaiveDate, StoreError> {
    text.get(..10)
        .and_then(|d| d.parse().ok())
        .ok_or_else(|| StoreError::Corrupt(format!("{text:?} is not a date")))
}

/// Her sales among `receipts` (ranges of the till's receipt numbers), in order.
pub fn sales_of(
    conn: &Connection,
    till_id: &str,
    staff: &StaffId,
    receipts: &[Receipts],
) -> Result<Vec<Rung>, StoreError> {
    // The pace is read out of the record only for her rows (the record is the sale's
    // fingerprinted whole, so a pace changed by hand fails `mekong verify`).
    let mut stmt = conn.prepare_cached(
        "SELECT coalesce(business_day, substr(created_at, 1, 10)),
                json_extract(record, '$.pace.ms'), json_extract(record, '$.pace.corrections')
         FROM orders
         WHERE till_id = ?1 AND receipt_no BETWEEN ?2 AND ?3 AND staff_id = ?4
         ORDER BY receipt_no",
    )?;
    let mut out = Vec::new();
    for (first, last) in receipts {
        let mut rows = stmt.query(params![till_id, first, last, staff.as_str()])?;
        while let Some(r) = rows.next()? {
            out.push(Rung {
                on: day(r.get_ref(0)?.as_str().map_err(rusqlite::Error::from)?)?,
                pace: pace_of(r.get(1)?, r.get(2)?),
            });
        }
    }
    Ok(out)
}

/// How many of her sales among `receipts` were voided, and how many (not voided) had a
/// refund: each sale counted once.
pub fn returned_of(
    conn: &Connection,
    till_id: &str,
    staff: &StaffId,
    receipts: &[Receipts],
) -> Result<(u32, u32), StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT max(r.kind = 'void') FROM returns r
         JOIN orders o ON o.receipt_no = r.receipt_no AND o.till_id = r.till_id
         WHERE r.till_id = ?1 AND r.receipt_no BETWEEN ?2 AND ?3 AND o.staff_id = ?4
         GROUP BY r.receipt_no",
    )?;
    let (mut voided, mut refunded) = (0, 0);
    for (first, last) in receipts {
        let mut rows = stmt.query(params![till_id, first, last, staff.as_str()])?;
        while let Some(r) = rows.next()? {
            if r.get::<_, bool>(0)? {
                voided += 1;
            } else {
                refunded += 1;
            }
        }
    }
    Ok((voided, refunded))
}

/// Her practice orders from `since` on (drills are kept apart), in order.
pub fn practice_of(
    conn: &Connection,
    staff: &StaffId,
    since: chrono::NaiveDate,
) -> Result<Vec<Rung>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT created_at, pace_ms, corrections FROM training_orders
         WHERE staff_id = ?1 AND created_at >= ?2 ORDER BY practice_no",
    )?;
    let mut rows = stmt.query(params![staff.as_str(), since.to_string()])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        out.push(Rung {
            on: day(r.get_ref(0)?.as_str().map_err(rusqlite::Error::from)?)?,
            pace: pace_of(r.get(1)?, r.get(2)?),
        });
    }
    Ok(out)
}

/// The Z reports of the shifts she closed from `since` on, oldest first.
pub fn shifts_closed_by(
    conn: &Connection,
    till_id: &str,
    staff: &StaffId,
    since: chrono::NaiveDate,
) -> Result<Vec<ShiftReport>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT z.report FROM till_sessions s
         JOIN z_reports z ON z.till_id = s.till_id AND z.session_no = s.session_no
         WHERE s.till_id = ?1 AND s.closed_by = ?2 AND s.closed_at >= ?3
         ORDER BY s.session_no",
    )?;
    let mut rows = stmt.query(params![till_id, staff.as_str(), since.to_string()])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        let text: String = r.get(0)?;
        out.push(
            serde_json::from_str(&text)
                .map_err(|e| StoreError::Corrupt(format!("a Z report does not read: {e}")))?,
        );
    }
    Ok(out)
}
