//! The roster's planned shifts: one per person per day.

use super::StoreError;
use crate::domain::roster::Planned;
use crate::domain::staff::StaffId;
use chrono::{NaiveDate, NaiveTime};
use rusqlite::{Connection, params};

/// A planned shift as kept: whose, which day, the plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RosterShift {
    pub staff: StaffId,
    pub day: NaiveDate,
    pub plan: Planned,
}

/// Plans (or, with `None`, clears) a person's shift on a day.
pub fn set(
    conn: &Connection,
    staff: &StaffId,
    day: NaiveDate,
    plan: Option<Planned>,
    by: &StaffId,
    at: &str,
) -> Result<(), StoreError> {
    let day = day.to_string();
    match plan {
        Some(p) => conn
            .prepare_cached(
                "INSERT INTO roster_shifts (staff_id, day, start, minutes, set_by, set_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                 ON CONFLICT (staff_id, day) DO UPDATE SET start = excluded.start,
                     minutes = excluded.minutes, set_by = excluded.set_by,
                     set_at = excluded.set_at",
            )?
            .execute(params![
                staff.as_str(),
                day,
                p.start().format("%H:%M").to_string(),
                p.minutes(),
                by.as_str(),
                at
            ])?,
        None => conn
            .prepare_cached("DELETE FROM roster_shifts WHERE staff_id = ?1 AND day = ?2")?
            .execute(params![staff.as_str(), day])?,
    };
    Ok(())
}

/// Everyone's (or one person's) planned shifts on the days `from` to `to`, by day.
pub fn between(
    conn: &Connection,
    from: NaiveDate,
    to: NaiveDate,
    only: Option<&StaffId>,
) -> Result<Vec<RosterShift>, StoreError> {
    // One person's through her key; everyone's through the day index.
    let whose = if only.is_some() {
        "staff_id = ?3 AND"
    } else {
        "?3 IS NULL AND"
    };
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT staff_id, day, start, minutes FROM roster_shifts
         WHERE {whose} day BETWEEN ?1 AND ?2 ORDER BY day, staff_id"
    ))?;
    let rows = stmt.query_map(
        params![from.to_string(), to.to_string(), only.map(StaffId::as_str)],
        |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, u32>(3)?,
            ))
        },
    )?;
    rows.map(|row| {
        let (staff, day, start, minutes) = row?;
        let bad =
            |what: &str| StoreError::Corrupt(format!("roster shift of {staff} on {day}: {what}"));
        let day_parsed = day.parse::<NaiveDate>().map_err(|_| bad("day"))?;
        let start = NaiveTime::parse_from_str(&start, "%H:%M").map_err(|_| bad("start"))?;
        let plan = Planned::new(start, minutes).map_err(|e| bad(&e.to_string()))?;
        Ok(RosterShift {
            staff: StaffId(staff),
            day: day_parsed,
            plan,
        })
    })
    .collect()
}

/// Clears a person's plans after `day` (she is no longer active).
pub fn clear_after(conn: &Connection, staff: &StaffId, day: NaiveDate) -> Result<(), StoreError> {
    conn.prepare_cached("DELETE FROM roster_shifts WHERE staff_id = ?1 AND day > ?2")?
        .execute(params![staff.as_str(), day.to_string()])?;
    Ok(())
}
