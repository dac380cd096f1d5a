//! Staff and their PIN state.

use super::StoreError;
use crate::domain::menu::Lang;
use crate::domain::staff::{Role, StaffId};
use rusqlite::{Connection, OptionalExtension, params};

/// A staff member as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaffRow {
    pub id: StaffId,
    pub nickname: String,
    pub role: Role,
    pub pin_hash: String,
    pub wrong_pins: u32,
    pub locked_until: Option<String>,
    /// When the PIN was last locked (RFC 3339).
    pub last_lockout_at: Option<String>,
    /// Locked until a manager unlocks it.
    pub manager_lock: bool,
    /// The language the till switches to when they sign in (none: the site's).
    pub language: Option<Lang>,
}

pub fn insert(conn: &Connection, row: &StaffRow, created_at: &str) -> Result<(), StoreError> {
    conn.execute(
        "INSERT INTO staff (id, nickname, role, pin_hash, created_at, language, status_since)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, substr(?5, 1, 10))",
        params![
            row.id.as_str(),
            row.nickname,
            row.role.code(),
            row.pin_hash,
            created_at,
            row.language.map(Lang::code),
        ],
    )?;
    Ok(())
}

fn from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<(StaffRow, String)> {
    let role: String = r.get(2)?;
    Ok((
        StaffRow {
            id: StaffId(r.get(0)?),
            nickname: r.get(1)?,
            role: Role::Trainee,
            pin_hash: r.get(3)?,
            wrong_pins: r.get(4)?,
            locked_until: r.get(5)?,
            last_lockout_at: r.get(6)?,
            manager_lock: r.get(7)?,
            language: r
                .get::<_, Option<String>>(8)?
                .as_deref()
                .and_then(Lang::from_code),
        },
        role,
    ))
}

fn with_role((mut row, role): (StaffRow, String)) -> Result<StaffRow, StoreError> {
    row.role = Role::from_code(&role)
        .ok_or_else(|| StoreError::Corrupt(format!("staff {} has unknown role {role}", row.id)))?;
    Ok(row)
}

const COLUMNS: &str = "id, nickname, role, pin_hash, wrong_pins, locked_until, last_lockout_at, manager_lock, language";

/// Active staff, managers first, then by nickname.
pub fn active(conn: &Connection) -> Result<Vec<StaffRow>, StoreError> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM staff WHERE status = 'active'
         ORDER BY CASE role WHEN 'admin' THEN 0 WHEN 'manager' THEN 1 WHEN 'barista' THEN 2 ELSE 3 END,
                  nickname"
    ))?;
    let rows = stmt.query_map([], from_row)?;
    rows.map(|r| with_role(r?)).collect()
}

pub fn get(conn: &Connection, id: &StaffId) -> Result<Option<StaffRow>, StoreError> {
    conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM staff WHERE id = ?1 AND status = 'active'"
    ))?
    .query_row([id.as_str()], from_row)
    .optional()?
    .map(with_role)
    .transpose()
}

/// Locks a PIN after too many wrong tries: until `locked_until`, or until a manager unlocks it.
pub fn lock(
    conn: &Connection,
    id: &StaffId,
    at: &str,
    locked_until: Option<&str>,
) -> Result<(), StoreError> {
    conn.prepare_cached(
        "UPDATE staff SET wrong_pins = 0, locked_until = ?3, last_lockout_at = ?2,
                          manager_lock = (?3 IS NULL) WHERE id = ?1",
    )?
    .execute(params![id.as_str(), at, locked_until])?;
    Ok(())
}

/// A manager lifts any lock.
pub fn unlock(conn: &Connection, id: &StaffId) -> Result<(), StoreError> {
    conn.prepare_cached(
        "UPDATE staff SET wrong_pins = 0, locked_until = NULL, manager_lock = 0 WHERE id = ?1",
    )?
    .execute(params![id.as_str()])?;
    Ok(())
}

/// Every staff member, active or not: (id, role code), for `verify` and the re-link.
pub fn roles(conn: &Connection) -> Result<Vec<(String, String)>, StoreError> {
    let mut stmt = conn.prepare("SELECT id, role FROM staff ORDER BY id")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Every staff member's standing as `verify` checks it: (id, role, status, erased).
pub fn standings(conn: &Connection) -> Result<Vec<(String, String, String, bool)>, StoreError> {
    let mut stmt =
        conn.prepare("SELECT id, role, status, erased_at IS NOT NULL FROM staff ORDER BY id")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Records the outcome of a PIN try: the count of wrong PINs in a row and any lock.
pub fn set_pin_state(
    conn: &Connection,
    id: &StaffId,
    wrong_pins: u32,
    locked_until: Option<&str>,
) -> Result<(), StoreError> {
    conn.prepare_cached("UPDATE staff SET wrong_pins = ?2, locked_until = ?3 WHERE id = ?1")?
        .execute(params![id.as_str(), wrong_pins, locked_until])?;
    Ok(())
}

/// Everyone ever on the till, whatever their status: a till whose staff have all left is
/// not a new till (its first-run screen must not come back).
pub fn count(conn: &Connection) -> Result<i64, StoreError> {
    Ok(conn.query_row("SELECT count(*) FROM staff", [], |r| r.get(0))?)
}
