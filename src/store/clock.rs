//! Clock events and their corrections (append-only).

use super::StoreError;
use crate::domain::clock::{ClockEvent, ClockKind};
use crate::domain::staff::StaffId;
use rusqlite::{Connection, params};

fn corrupt(what: String) -> StoreError {
    StoreError::Corrupt(what)
}

/// How many clock events the till holds.
pub fn count_events(conn: &Connection) -> Result<i64, StoreError> {
    Ok(conn.query_row("SELECT count(*) FROM clock_events", [], |r| r.get(0))?)
}

pub fn insert_event(
    conn: &Connection,
    staff: &StaffId,
    kind: ClockKind,
    at: &str,
    recorded_at: &str,
    auto: bool,
) -> Result<i64, StoreError> {
    conn.prepare_cached(
        "INSERT INTO clock_events (staff_id, kind, at, recorded_at, source, flagged)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        staff.as_str(),
        kind.code(),
        at,
        recorded_at,
        if auto { "auto" } else { "till" },
        auto
    ])?;
    Ok(conn.last_insert_rowid())
}

/// A person's events in the order they were clocked, each at the time in force (the latest
/// correction's).
pub fn events_of(conn: &Connection, staff: &StaffId) -> Result<Vec<ClockEvent>, StoreError> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {EVENT} FROM clock_events e WHERE e.staff_id = ?1 ORDER BY e.id"
    ))?;
    let rows = stmt.query_map([staff.as_str()], raw_event)?;
    rows.map(|row| event(row?)).collect()
}

/// A person's events from her last clock-in on (all of them if she never clocked in), oldest
/// first: where she stands, her shift still open, and her last tap.
pub fn since_last_in(conn: &Connection, staff: &StaffId) -> Result<Vec<ClockEvent>, StoreError> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {EVENT} FROM clock_events e
         WHERE e.staff_id = ?1
           AND e.id >= coalesce((SELECT max(id) FROM clock_events
                                 WHERE staff_id = ?1 AND kind = 'in'), 0)
         ORDER BY e.id"
    ))?;
    let rows = stmt.query_map(params![staff.as_str()], raw_event)?;
    rows.map(|row| event(row?)).collect()
}

/// Erasure: the reasons of the corrections of an erased person's clock lose their words (the
/// corrections stay; migration 0016 allows only this change, only for someone erased).
pub fn erase_reasons_of(conn: &Connection, staff: &StaffId) -> Result<(), StoreError> {
    conn.prepare_cached(
        "UPDATE clock_corrections SET reason = 'erased'
         WHERE reason <> 'erased'
           AND event_id IN (SELECT id FROM clock_events WHERE staff_id = ?1)",
    )?
    .execute([staff.as_str()])?;
    Ok(())
}

pub fn insert_correction(
    conn: &Connection,
    event_id: i64,
    old_at: &str,
    new_at: &str,
    by: &StaffId,
    reason: &str,
    at: &str,
) -> Result<(), StoreError> {
    conn.prepare_cached(
        "INSERT INTO clock_corrections (event_id, old_at, new_at, by_staff, reason, at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![event_id, old_at, new_at, by.as_str(), reason, at])?;
    Ok(())
}

/// A correction as a manager sees it: which event, the old and new times, who and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CorrectionRow {
    pub event_id: i64,
    pub kind: ClockKind,
    pub old_at: String,
    pub new_at: String,
    pub by: String,
    pub reason: String,
    pub at: String,
}

/// Every correction of a person's clock, oldest first.
pub fn corrections_of(
    conn: &Connection,
    staff: &StaffId,
) -> Result<Vec<CorrectionRow>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT c.event_id, e.kind, c.old_at, c.new_at, s.nickname, c.reason, c.at
         FROM clock_corrections c JOIN clock_events e ON e.id = c.event_id
         JOIN staff s ON s.id = c.by_staff
         WHERE e.staff_id = ?1 ORDER BY c.id",
    )?;
    let rows = stmt.query_map([staff.as_str()], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get(2)?,
            r.get(3)?,
            r.get(4)?,
            r.get(5)?,
            r.get(6)?,
        ))
    })?;
    rows.map(|row| {
        let (event_id, kind, old_at, new_at, by, reason, at) = row?;
        Ok(CorrectionRow {
            event_id,
            kind: ClockKind::from_code(&kind)
                .ok_or_else(|| corrupt(format!("clock event {event_id} has kind {kind:?}")))?,
            old_at,
            new_at,
            by,
            reason,
            at,
        })
    })
    .collect()
}

/// Everyone's (or one person's) events that could belong to shifts started on the days
/// `from` to `to`, by person, each person's in the order they were clocked. Times are
/// compared as text with two days' margin either side (any UTC offset is under a day);
/// callers take the shifts they want by their exact start.
pub fn events_around(
    conn: &Connection,
    from: chrono::NaiveDate,
    to: chrono::NaiveDate,
    only: Option<&StaffId>,
) -> Result<std::collections::HashMap<StaffId, Vec<ClockEvent>>, StoreError> {
    let lo = (from - chrono::TimeDelta::days(2)).to_string();
    let hi = (to + chrono::TimeDelta::days(3)).to_string();
    // One person's through her own index; everyone's through the time index.
    let whose = if only.is_some() {
        "e.staff_id = ?3 AND"
    } else {
        "?3 IS NULL AND"
    };
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {EVENT}, e.staff_id
         FROM clock_events e
         WHERE {whose} ((e.at >= ?1 AND e.at < ?2)
            OR e.id IN (SELECT event_id FROM clock_corrections WHERE new_at >= ?1 AND new_at < ?2))
         ORDER BY e.id"
    ))?;
    let rows = stmt.query_map(params![lo, hi, only.map(StaffId::as_str)], |r| {
        Ok((raw_event(r)?, r.get::<_, String>(5)?))
    })?;
    let mut out: std::collections::HashMap<StaffId, Vec<ClockEvent>> = Default::default();
    for row in rows {
        let (raw, staff) = row?;
        out.entry(StaffId(staff)).or_default().push(event(raw)?);
    }
    Ok(out)
}

/// An event's columns, at the time in force (the latest correction's), and whether a manager
/// corrected it; `e` is `clock_events`.
const EVENT: &str = "e.id, e.kind, coalesce(
        (SELECT c.new_at FROM clock_corrections c WHERE c.event_id = e.id
         ORDER BY c.id DESC LIMIT 1), e.at),
    e.flagged,
    EXISTS (SELECT 1 FROM clock_corrections c WHERE c.event_id = e.id)";

type RawEvent = (i64, String, String, bool, bool);

fn raw_event(r: &rusqlite::Row<'_>) -> rusqlite::Result<RawEvent> {
    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
}

fn event((id, kind, at, flagged, corrected): RawEvent) -> Result<ClockEvent, StoreError> {
    Ok(ClockEvent {
        id,
        kind: ClockKind::from_code(&kind)
            .ok_or_else(|| corrupt(format!("clock event {id} has kind {kind:?}")))?,
        at: chrono::DateTime::parse_from_rfc3339(&at)
            .map_err(|e| corrupt(format!("clock event {id}: {e}")))?,
        flagged,
        corrected,
    })
}
