//! Scored practice drills (migration 0021).

use super::StoreError;
use crate::domain::skills::Level;
use crate::domain::staff::StaffId;
use rusqlite::{Connection, Row, params};
use serde_json::{Value, json};

/// A scored drill as kept: who, under whom, when, at what level, and how each part went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DrillRow {
    pub id: i64,
    pub till: String,
    pub person: StaffId,
    pub supervisor: StaffId,
    pub at: String,
    pub on: chrono::NaiveDate,
    pub seed: u32,
    pub level: Level,
    pub points: u32,
    pub lines_right: bool,
    pub options_right: bool,
    pub quantities_right: bool,
    pub tender_right: bool,
    pub change_right: bool,
    pub seconds: u32,
    pub journal_seq: i64,
}

impl DrillRow {
    /// Its journal record's body: every field but its row's place in the journal.
    pub fn journal_body(&self) -> Value {
        json!({
            "drill": self.id,
            "till": self.till,
            "person": self.person,
            "supervisor": self.supervisor,
            "on": self.on.to_string(),
            "seed": self.seed,
            "level": self.level.code(),
            "points": self.points,
            "lines_right": self.lines_right,
            "options_right": self.options_right,
            "quantities_right": self.quantities_right,
            "tender_right": self.tender_right,
            "change_right": self.change_right,
            "seconds": self.seconds,
        })
    }
}

pub fn next_id(conn: &Connection) -> Result<i64, StoreError> {
    Ok(conn.query_row(
        "SELECT coalesce(max(id), 0) + 1 FROM drill_results",
        [],
        |r| r.get(0),
    )?)
}

pub fn insert(conn: &Connection, d: &DrillRow) -> Result<(), StoreError> {
    conn.prepare_cached(
        "INSERT INTO drill_results (id, till_id, staff_id, supervisor_id, at, on_day, seed, level,
             points, lines_right, options_right, quantities_right, tender_right, change_right,
             seconds, journal_seq)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
    )?
    .execute(params![
        d.id,
        d.till,
        d.person.as_str(),
        d.supervisor.as_str(),
        d.at,
        d.on.to_string(),
        d.seed,
        d.level.code(),
        d.points,
        d.lines_right,
        d.options_right,
        d.quantities_right,
        d.tender_right,
        d.change_right,
        d.seconds,
        d.journal_seq,
    ])?;
    Ok(())
}

const COLUMNS: &str = "id, till_id, staff_id, supervisor_id, at, on_day, seed, level, points,
    lines_right, options_right, quantities_right, tender_right, change_right, seconds, journal_seq";

fn row(r: &Row) -> rusqlite::Result<DrillRow> {
    let bad = |i: usize, what: String| {
        rusqlite::Error::FromSqlConversionFailure(
            i,
            rusqlite::types::Type::Text,
            Box::new(StoreError::Corrupt(what)),
        )
    };
    let level: String = r.get(7)?;
    let on: String = r.get(5)?;
    Ok(DrillRow {
        id: r.get(0)?,
        till: r.get(1)?,
        person: StaffId(r.get(2)?),
        supervisor: StaffId(r.get(3)?),
        at: r.get(4)?,
        on: on
            .parse()
            .map_err(|_| bad(5, format!("drill day {on:?}")))?,
        seed: r.get(6)?,
        level: Level::from_code(&level).ok_or_else(|| bad(7, format!("drill level {level:?}")))?,
        points: r.get(8)?,
        lines_right: r.get(9)?,
        options_right: r.get(10)?,
        quantities_right: r.get(11)?,
        tender_right: r.get(12)?,
        change_right: r.get(13)?,
        seconds: r.get(14)?,
        journal_seq: r.get(15)?,
    })
}

/// One person's drills on or after `since`, oldest first.
pub fn of_person(
    conn: &Connection,
    person: &StaffId,
    since: chrono::NaiveDate,
) -> Result<Vec<DrillRow>, StoreError> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM drill_results WHERE staff_id = ?1 AND on_day >= ?2 ORDER BY id"
    ))?;
    let rows = stmt.query_map(params![person.as_str(), since.to_string()], row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Every drill, oldest first (for `mekong verify`).
pub fn all(conn: &Connection) -> Result<Vec<DrillRow>, StoreError> {
    let mut stmt =
        conn.prepare_cached(&format!("SELECT {COLUMNS} FROM drill_results ORDER BY id"))?;
    let rows = stmt.query_map([], row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}
