//! Skills: the framework versions the till has loaded, evidence and sign-offs (migration 0019).

use super::StoreError;
use crate::domain::skills::{CompetencyId, Evidence, Method, Rating};
use crate::domain::staff::StaffId;
use rusqlite::{Connection, OptionalExtension, params};

/// Every framework version loaded, oldest first: (version, source).
pub fn frameworks(conn: &Connection) -> Result<Vec<(u32, String)>, StoreError> {
    let mut stmt =
        conn.prepare_cached("SELECT version, source FROM skill_frameworks ORDER BY 1")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub fn insert_framework(
    conn: &Connection,
    version: u32,
    source: &str,
    at: &str,
) -> Result<(), StoreError> {
    conn.prepare_cached(
        "INSERT INTO skill_frameworks (version, source, loaded_at) VALUES (?1, ?2, ?3)",
    )?
    .execute(params![version, source, at])?;
    Ok(())
}

/// Keeps `framework` as a loaded version if it is not one yet (the shipped framework, in
/// force while the file is broken, is kept once something is recorded against it).
pub fn ensure_framework(
    conn: &Connection,
    framework: &crate::domain::skills::Framework,
    at: &str,
) -> Result<(), StoreError> {
    conn.prepare_cached(
        "INSERT INTO skill_frameworks (version, source, loaded_at) VALUES (?1, ?2, ?3)
         ON CONFLICT (version) DO NOTHING",
    )?
    .execute(params![framework.version, framework.source, at])?;
    Ok(())
}

/// A piece of evidence as stored: against the competency of the version it was recorded in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EvidenceRow {
    pub id: i64,
    pub person: StaffId,
    pub version: u32,
    pub competency: CompetencyId,
    pub rating: Rating,
    pub method: Method,
    pub assessor: StaffId,
    pub approved_by: Option<StaffId>,
    pub shift: String,
    pub on: chrono::NaiveDate,
    pub at: String,
    pub note: String,
    pub corrects: Option<i64>,
    pub journal_seq: i64,
}

impl EvidenceRow {
    /// The piece as the rules see it, its competency mapped to the framework in force.
    pub fn evidence(&self, competency: CompetencyId) -> Evidence {
        Evidence {
            id: self.id,
            person: self.person.clone(),
            competency,
            rating: self.rating,
            method: self.method,
            assessor: self.assessor.clone(),
            shift: self.shift.clone(),
            on: self.on,
            note: self.note.clone(),
            corrects: self.corrects,
        }
    }

    /// The journal record's body for it: everything but the note.
    pub fn journal_body(&self) -> serde_json::Value {
        serde_json::json!({
            "evidence": self.id,
            "person": self.person.as_str(),
            "version": self.version,
            "competency": self.competency.as_str(),
            "rating": self.rating.code(),
            "method": self.method.code(),
            "assessor": self.assessor.as_str(),
            "approved_by": self.approved_by.as_ref().map(|a| a.as_str()),
            "shift": self.shift,
            "on": self.on.to_string(),
            "corrects": self.corrects,
        })
    }
}

const EVIDENCE: &str = "id, person_id, version, competency, rating, method, assessor_id,
     approved_by, shift, on_day, at, note, corrects, journal_seq";

fn evidence_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<EvidenceRow> {
    let bad = |i: usize, what: &str, v: &str| {
        rusqlite::Error::FromSqlConversionFailure(
            i,
            rusqlite::types::Type::Text,
            format!("unknown {what} {v:?}").into(),
        )
    };
    let rating: String = r.get(4)?;
    let method: String = r.get(5)?;
    let on: String = r.get(9)?;
    Ok(EvidenceRow {
        id: r.get(0)?,
        person: StaffId(r.get(1)?),
        version: r.get(2)?,
        competency: CompetencyId(r.get(3)?),
        rating: Rating::from_code(&rating).ok_or_else(|| bad(4, "rating", &rating))?,
        method: Method::from_code(&method).ok_or_else(|| bad(5, "method", &method))?,
        assessor: StaffId(r.get(6)?),
        approved_by: r.get::<_, Option<String>>(7)?.map(StaffId),
        shift: r.get(8)?,
        on: on.parse().map_err(|_| bad(9, "date", &on))?,
        at: r.get(10)?,
        note: r.get(11)?,
        corrects: r.get(12)?,
        journal_seq: r.get(13)?,
    })
}

/// Everyone's evidence, in the order it was recorded.
pub fn all_evidence(conn: &Connection) -> Result<Vec<EvidenceRow>, StoreError> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {EVIDENCE} FROM skill_evidence ORDER BY id"
    ))?;
    let rows = stmt.query_map([], evidence_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// One person's evidence, in the order it was recorded.
pub fn evidence_of(conn: &Connection, person: &StaffId) -> Result<Vec<EvidenceRow>, StoreError> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {EVIDENCE} FROM skill_evidence WHERE person_id = ?1 ORDER BY id"
    ))?;
    let rows = stmt.query_map([person.as_str()], evidence_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub fn evidence(conn: &Connection, id: i64) -> Result<Option<EvidenceRow>, StoreError> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {EVIDENCE} FROM skill_evidence WHERE id = ?1"
        ))?
        .query_row([id], evidence_row)
        .optional()?)
}

/// Whether a later piece already corrects piece `id`.
pub fn is_corrected(conn: &Connection, id: i64) -> Result<bool, StoreError> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM skill_evidence WHERE corrects = ?1")?
        .query_row([id], |_| Ok(()))
        .optional()?
        .is_some())
}

/// The next evidence id (the journal record names it before the row is written).
pub fn next_evidence_id(conn: &Connection) -> Result<i64, StoreError> {
    Ok(conn
        .prepare_cached("SELECT coalesce(max(id), 0) + 1 FROM skill_evidence")?
        .query_row([], |r| r.get(0))?)
}

pub fn insert_evidence(conn: &Connection, e: &EvidenceRow) -> Result<(), StoreError> {
    conn.prepare_cached(&format!(
        "INSERT INTO skill_evidence ({EVIDENCE})
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)"
    ))?
    .execute(params![
        e.id,
        e.person.as_str(),
        e.version,
        e.competency.as_str(),
        e.rating.code(),
        e.method.code(),
        e.assessor.as_str(),
        e.approved_by.as_ref().map(|a| a.as_str()),
        e.shift,
        e.on.to_string(),
        e.at,
        e.note,
        e.corrects,
        e.journal_seq,
    ])?;
    Ok(())
}

/// Erasure: the notes about an erased person lose their words (the pieces stay; migration
/// 0019 allows only this change, only for someone erased).
pub fn erase_notes_of(conn: &Connection, person: &StaffId) -> Result<(), StoreError> {
    conn.prepare_cached(
        "UPDATE skill_evidence SET note = 'erased' WHERE person_id = ?1 AND note <> 'erased'",
    )?
    .execute([person.as_str()])?;
    Ok(())
}

/// A sign-off as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignOffRow {
    pub person: StaffId,
    pub version: u32,
    pub competency: CompetencyId,
    pub signed_by: StaffId,
    pub on: chrono::NaiveDate,
    pub at: String,
    pub journal_seq: i64,
}

impl SignOffRow {
    pub fn journal_body(&self) -> serde_json::Value {
        serde_json::json!({
            "person": self.person.as_str(),
            "version": self.version,
            "competency": self.competency.as_str(),
            "signed_by": self.signed_by.as_str(),
            "on": self.on.to_string(),
        })
    }
}

fn sign_off_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<SignOffRow> {
    let on: String = r.get(4)?;
    Ok(SignOffRow {
        person: StaffId(r.get(0)?),
        version: r.get(1)?,
        competency: CompetencyId(r.get(2)?),
        signed_by: StaffId(r.get(3)?),
        on: on.parse().map_err(|_| {
            rusqlite::Error::FromSqlConversionFailure(
                4,
                rusqlite::types::Type::Text,
                format!("unknown date {on:?}").into(),
            )
        })?,
        at: r.get(5)?,
        journal_seq: r.get(6)?,
    })
}

const SIGN_OFF: &str = "person_id, version, competency, signed_by, on_day, at, journal_seq";

/// Every sign-off (optionally one person's), oldest first.
pub fn sign_offs(
    conn: &Connection,
    person: Option<&StaffId>,
) -> Result<Vec<SignOffRow>, StoreError> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {SIGN_OFF} FROM skill_sign_offs WHERE ?1 IS NULL OR person_id = ?1 ORDER BY at"
    ))?;
    let rows = stmt.query_map([person.map(|p| p.as_str())], sign_off_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub fn insert_sign_off(conn: &Connection, s: &SignOffRow) -> Result<(), StoreError> {
    conn.prepare_cached(&format!(
        "INSERT INTO skill_sign_offs ({SIGN_OFF}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"
    ))?
    .execute(params![
        s.person.as_str(),
        s.version,
        s.competency.as_str(),
        s.signed_by.as_str(),
        s.on.to_string(),
        s.at,
        s.journal_seq,
    ])?;
    Ok(())
}

/// How one person stands at one competency in force, as kept in `skill_standings`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StandingRow {
    pub person: StaffId,
    pub competency: CompetencyId,
    pub version: u32,
    pub standing: Option<Rating>,
    /// Its rule is met and it is not signed off yet.
    pub ready: bool,
    pub signed_off: bool,
}

/// Keeps how `s.person` stands at `s.competency` (in the same transaction as what changed it).
pub fn put_standing(conn: &Connection, s: &StandingRow) -> Result<(), StoreError> {
    conn.prepare_cached(
        "INSERT INTO skill_standings (person_id, competency, version, standing, ready, signed_off)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (person_id, competency) DO UPDATE SET
             version = excluded.version, standing = excluded.standing,
             ready = excluded.ready, signed_off = excluded.signed_off",
    )?
    .execute(params![
        s.person.as_str(),
        s.competency.0,
        s.version,
        s.standing.map(Rating::code),
        s.ready,
        s.signed_off,
    ])?;
    Ok(())
}

/// Keeps `rows` as every standing there is, worked out for framework `version`.
pub fn replace_standings(
    conn: &Connection,
    version: u32,
    rows: &[StandingRow],
) -> Result<(), StoreError> {
    conn.execute("DELETE FROM skill_standings", [])?;
    for row in rows {
        put_standing(conn, row)?;
    }
    conn.execute(
        "INSERT INTO skill_standings_of (one, version) VALUES (1, ?1)
         ON CONFLICT (one) DO UPDATE SET version = excluded.version",
        [version],
    )?;
    Ok(())
}

/// The framework version the standings were last worked out for (none: never yet).
pub fn standings_version(conn: &Connection) -> Result<Option<u32>, StoreError> {
    Ok(conn
        .query_row("SELECT version FROM skill_standings_of", [], |r| r.get(0))
        .optional()?)
}

/// Every kept standing.
pub fn all_standings(conn: &Connection) -> Result<Vec<StandingRow>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT person_id, competency, version, standing, ready, signed_off FROM skill_standings",
    )?;
    let mut rows = stmt.query([])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        let standing = match r
            .get_ref(3)?
            .as_str_or_null()
            .map_err(rusqlite::Error::from)?
        {
            None => None,
            Some(code) => Some(
                Rating::from_code(code)
                    .ok_or_else(|| StoreError::Corrupt(format!("unknown rating {code:?}")))?,
            ),
        };
        out.push(StandingRow {
            person: StaffId(r.get(0)?),
            competency: CompetencyId(r.get(1)?),
            version: r.get(2)?,
            standing,
            ready: r.get(4)?,
            signed_off: r.get(5)?,
        });
    }
    Ok(out)
}
