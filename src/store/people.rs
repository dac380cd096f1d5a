//! People's programme records, cohorts, sealed identities and the access log.
//! Identity values arrive here already sealed: this module never sees a name or a phone.

use super::StoreError;
use crate::domain::menu::Lang;
use crate::domain::people::{Access, Cohort, CohortId, IdentityField, Programme, Status, Track};
use crate::domain::staff::{Role, StaffId};
use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, params};

/// A person as the People screen lists her: programme records, never identity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonRow {
    pub id: StaffId,
    pub nickname: String,
    pub role: Role,
    pub status: Status,
    pub status_since: Option<NaiveDate>,
    pub language: Option<Lang>,
    pub programme: Programme,
    pub erased: bool,
    pub has_identity: bool,
    /// Locked after wrong PINs (until a time, or until a manager unlocks it).
    pub locked: bool,
}

const COLUMNS: &str = "s.id, s.nickname, s.role, s.status, s.status_since, s.language, s.track,
     s.cohort_id, s.started_on, s.planned_end, s.mentor_id, s.erased_at IS NOT NULL,
     EXISTS (SELECT 1 FROM identities i WHERE i.staff_id = s.id),
     s.manager_lock = 1 OR s.locked_until IS NOT NULL";

fn corrupt(id: &str, what: &str, value: &str) -> StoreError {
    StoreError::Corrupt(format!("person {id} has an unknown {what} '{value}'"))
}

fn date(id: &str, value: Option<String>) -> Result<Option<NaiveDate>, StoreError> {
    value
        .map(|v| v.parse().map_err(|_| corrupt(id, "date", &v)))
        .transpose()
}

type Raw = (
    String,
    String,
    String,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    bool,
    bool,
    bool,
);

fn raw(r: &rusqlite::Row<'_>) -> rusqlite::Result<Raw> {
    Ok((
        r.get(0)?,
        r.get(1)?,
        r.get(2)?,
        r.get(3)?,
        r.get(4)?,
        r.get(5)?,
        r.get(6)?,
        r.get(7)?,
        r.get(8)?,
        r.get(9)?,
        r.get(10)?,
        r.get(11)?,
        r.get(12)?,
        r.get(13)?,
    ))
}

fn person(raw: Raw) -> Result<PersonRow, StoreError> {
    let (
        id,
        nickname,
        role,
        status,
        since,
        language,
        track,
        cohort,
        start,
        end,
        mentor,
        erased,
        has_identity,
        locked,
    ) = raw;
    Ok(PersonRow {
        role: Role::from_code(&role).ok_or_else(|| corrupt(&id, "role", &role))?,
        status: Status::from_code(&status).ok_or_else(|| corrupt(&id, "status", &status))?,
        status_since: date(&id, since)?,
        language: language
            .map(|l| Lang::from_code(&l).ok_or_else(|| corrupt(&id, "language", &l)))
            .transpose()?,
        programme: Programme {
            track: track
                .map(|t| Track::from_code(&t).ok_or_else(|| corrupt(&id, "track", &t)))
                .transpose()?,
            cohort: cohort.map(CohortId),
            started_on: date(&id, start)?,
            planned_end: date(&id, end)?,
            mentor: mentor.map(StaffId),
        },
        erased,
        has_identity,
        locked,
        nickname,
        id: StaffId(id),
    })
}

/// Everyone who ever worked at the till, erased people too: active first, then by role
/// (most trusted first) and nickname.
pub fn list(conn: &Connection) -> Result<Vec<PersonRow>, StoreError> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM staff s
         ORDER BY CASE s.status WHEN 'active' THEN 0 WHEN 'on_leave' THEN 1 WHEN 'graduated' THEN 2 ELSE 3 END,
                  CASE s.role WHEN 'admin' THEN 0 WHEN 'manager' THEN 1 WHEN 'barista' THEN 2 ELSE 3 END,
                  s.nickname"
    ))?;
    let rows = stmt.query_map([], raw)?;
    rows.map(|r| person(r?)).collect()
}

pub fn get(conn: &Connection, id: &StaffId) -> Result<Option<PersonRow>, StoreError> {
    conn.prepare_cached(&format!("SELECT {COLUMNS} FROM staff s WHERE s.id = ?1"))?
        .query_row([id.as_str()], raw)
        .optional()?
        .map(person)
        .transpose()
}

/// Is this nickname (any case, in any script) someone's already, active or not?
pub fn nickname_taken(conn: &Connection, nickname: &str) -> Result<bool, StoreError> {
    let wanted = nickname.to_lowercase();
    let mut stmt = conn.prepare_cached("SELECT nickname FROM staff")?;
    let names = stmt.query_map([], |r| r.get::<_, String>(0))?;
    for n in names {
        if n?.to_lowercase() == wanted {
            return Ok(true);
        }
    }
    Ok(false)
}

pub fn set_role(conn: &Connection, id: &StaffId, role: Role) -> Result<(), StoreError> {
    conn.prepare_cached("UPDATE staff SET role = ?2 WHERE id = ?1")?
        .execute(params![id.as_str(), role.code()])?;
    Ok(())
}

pub fn set_status(
    conn: &Connection,
    id: &StaffId,
    status: Status,
    since: NaiveDate,
) -> Result<(), StoreError> {
    conn.prepare_cached("UPDATE staff SET status = ?2, status_since = ?3 WHERE id = ?1")?
        .execute(params![id.as_str(), status.code(), since.to_string()])?;
    // The day she graduated and the day her training ended stay when her status changes
    // later; back to active (a mistake put right) clears them.
    let sql = match status {
        Status::Graduated => {
            "UPDATE staff SET graduated_on = ?2, trained_until = coalesce(trained_until, ?2)
             WHERE id = ?1"
        }
        Status::Left => {
            "UPDATE staff SET trained_until = coalesce(trained_until, ?2) WHERE id = ?1"
        }
        Status::Active => {
            "UPDATE staff SET graduated_on = NULL, trained_until = NULL WHERE id = ?1 AND ?2 IS NOT NULL"
        }
        Status::OnLeave => return Ok(()),
    };
    conn.prepare_cached(sql)?
        .execute(params![id.as_str(), since.to_string()])?;
    Ok(())
}

/// A new PIN: wrong tries and any lock go with the old one.
pub fn set_pin(conn: &Connection, id: &StaffId, pin_hash: &str) -> Result<(), StoreError> {
    conn.prepare_cached(
        "UPDATE staff SET pin_hash = ?2, wrong_pins = 0, locked_until = NULL, manager_lock = 0
         WHERE id = ?1",
    )?
    .execute(params![id.as_str(), pin_hash])?;
    Ok(())
}

pub fn set_language(
    conn: &Connection,
    id: &StaffId,
    language: Option<Lang>,
) -> Result<(), StoreError> {
    conn.prepare_cached("UPDATE staff SET language = ?2 WHERE id = ?1")?
        .execute(params![id.as_str(), language.map(Lang::code)])?;
    Ok(())
}

pub fn set_programme(conn: &Connection, id: &StaffId, p: &Programme) -> Result<(), StoreError> {
    conn.prepare_cached(
        "UPDATE staff SET track = ?2, cohort_id = ?3, started_on = ?4, planned_end = ?5,
                          mentor_id = ?6
         WHERE id = ?1",
    )?
    .execute(params![
        id.as_str(),
        p.track.map(Track::code),
        p.cohort.as_ref().map(CohortId::as_str),
        p.started_on.map(|d| d.to_string()),
        p.planned_end.map(|d| d.to_string()),
        p.mentor.as_ref().map(StaffId::as_str),
    ])?;
    Ok(())
}

pub fn insert_cohort(conn: &Connection, c: &Cohort, created_at: &str) -> Result<(), StoreError> {
    conn.prepare_cached(
        "INSERT INTO cohorts (id, name, starts_on, planned_end, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![
        c.id.as_str(),
        c.name,
        c.starts_on.to_string(),
        c.planned_end.to_string(),
        created_at
    ])?;
    Ok(())
}

/// Cohorts, newest first.
pub fn cohorts(conn: &Connection) -> Result<Vec<Cohort>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, name, starts_on, planned_end FROM cohorts ORDER BY starts_on DESC, name",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
        ))
    })?;
    rows.map(|row| {
        let (id, name, start, end) = row?;
        Ok(Cohort {
            starts_on: start.parse().map_err(|_| corrupt(&id, "date", &start))?,
            planned_end: end.parse().map_err(|_| corrupt(&id, "date", &end))?,
            id: CohortId(id),
            name,
        })
    })
    .collect()
}

/// A person's identity as stored: each field sealed, or absent.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SealedIdentity {
    pub fields: Vec<(IdentityField, Vec<u8>)>,
}

pub fn sealed_identity(
    conn: &Connection,
    id: &StaffId,
) -> Result<Option<SealedIdentity>, StoreError> {
    conn.prepare_cached(
        "SELECT full_name, phone, emergency_contact, note FROM identities WHERE staff_id = ?1",
    )?
    .query_row([id.as_str()], |r| {
        let mut fields = Vec::new();
        for (i, f) in IdentityField::ALL.into_iter().enumerate() {
            if let Some(v) = r.get::<_, Option<Vec<u8>>>(i)? {
                fields.push((f, v));
            }
        }
        Ok(SealedIdentity { fields })
    })
    .optional()
    .map_err(StoreError::from)
}

pub fn put_sealed_identity(
    conn: &Connection,
    id: &StaffId,
    sealed: &SealedIdentity,
    at: &str,
) -> Result<(), StoreError> {
    // Nothing to keep: no row (an empty row would count as sealed data).
    if sealed.fields.is_empty() {
        conn.prepare_cached("DELETE FROM identities WHERE staff_id = ?1")?
            .execute([id.as_str()])?;
        return Ok(());
    }
    let value = |f: IdentityField| {
        sealed
            .fields
            .iter()
            .find(|(g, _)| *g == f)
            .map(|(_, v)| v.as_slice())
    };
    // An UPSERT, not REPLACE: the row is updated in place.
    conn.prepare_cached(
        "INSERT INTO identities (staff_id, full_name, phone, emergency_contact, note, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (staff_id) DO UPDATE SET full_name = ?2, phone = ?3,
             emergency_contact = ?4, note = ?5, updated_at = ?6",
    )?
    .execute(params![
        id.as_str(),
        value(IdentityField::FullName),
        value(IdentityField::Phone),
        value(IdentityField::EmergencyContact),
        value(IdentityField::Note),
        at
    ])?;
    Ok(())
}

/// Does any sealed identity exist? (Then a missing key file is never replaced by a new one.)
pub fn any_sealed(conn: &Connection) -> Result<bool, StoreError> {
    Ok(conn.query_row("SELECT EXISTS (SELECT 1 FROM identities)", [], |r| r.get(0))?)
}

/// Erases a person: identity deleted, nickname replaced, PIN off, status left. Run with
/// `PRAGMA secure_delete` on, so the deleted cells are overwritten with zeros.
pub fn erase(
    conn: &Connection,
    id: &StaffId,
    nickname: &str,
    at: &str,
    today: NaiveDate,
) -> Result<(), StoreError> {
    conn.prepare_cached("DELETE FROM identities WHERE staff_id = ?1")?
        .execute([id.as_str()])?;
    conn.prepare_cached(
        "UPDATE staff SET nickname = ?2, pin_hash = '', wrong_pins = 0, locked_until = NULL,
                          manager_lock = 0, language = NULL, status = 'left',
                          status_since = ?4, erased_at = ?3,
                          trained_until = CASE WHEN started_on IS NULL THEN trained_until
                                               ELSE coalesce(trained_until, ?4) END
         WHERE id = ?1",
    )?
    .execute(params![id.as_str(), nickname, at, today.to_string()])?;
    Ok(())
}

/// An erased person keeps no identity row and a "Former trainee N" nickname.
pub fn erased_cleanly(conn: &Connection, id: &str) -> Result<bool, StoreError> {
    let (nickname, has_identity): (String, bool) = conn.query_row(
        "SELECT nickname, EXISTS (SELECT 1 FROM identities WHERE staff_id = ?1)
         FROM staff WHERE id = ?1",
        [id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    Ok(!has_identity && nickname.starts_with("Former trainee "))
}

/// The nickname the next erased person gets: "Former trainee N", the first N free.
pub fn next_erased_nickname(conn: &Connection) -> Result<String, StoreError> {
    let erased: u32 = conn.query_row(
        "SELECT count(*) FROM staff WHERE erased_at IS NOT NULL",
        [],
        |r| r.get(0),
    )?;
    let mut n = erased + 1;
    loop {
        let name = crate::domain::people::erased_nickname(n);
        if !nickname_taken(conn, &name)? {
            return Ok(name);
        }
        n += 1;
    }
}

pub fn log_access(
    conn: &Connection,
    at: &str,
    by: Option<&StaffId>,
    subject: Option<&StaffId>,
    what: Access,
    detail: &str,
) -> Result<(), StoreError> {
    conn.prepare_cached(
        "INSERT INTO access_log (at, by_staff, subject, what, detail) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![
        at,
        by.map(StaffId::as_str),
        subject.map(StaffId::as_str),
        what.code(),
        detail
    ])?;
    Ok(())
}

/// One line of the access log, with nicknames as they are now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccessRow {
    pub at: String,
    pub by: Option<String>,
    pub subject: Option<String>,
    pub what: Access,
    pub detail: String,
}

/// The newest `limit` lines of the access log, newest first.
pub fn access_log(conn: &Connection, limit: u32) -> Result<Vec<AccessRow>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT a.at, b.nickname, s.nickname, a.what, a.detail FROM access_log a
         LEFT JOIN staff b ON b.id = a.by_staff LEFT JOIN staff s ON s.id = a.subject
         ORDER BY a.id DESC LIMIT ?1",
    )?;
    let rows = stmt.query_map([limit], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, Option<String>>(1)?,
            r.get::<_, Option<String>>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, String>(4)?,
        ))
    })?;
    rows.map(|row| {
        let (at, by, subject, what, detail) = row?;
        Ok(AccessRow {
            what: Access::from_code(&what)
                .ok_or_else(|| StoreError::Corrupt(format!("unknown access '{what}'")))?,
            at,
            by,
            subject,
            detail,
        })
    })
    .collect()
}
