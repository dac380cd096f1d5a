//! Employer partners, placements and follow-ups. Every row is read back through the domain's
//! rules (a placement is built again step by step), so a row changed by hand into something
//! that cannot happen is reported as corrupt rather than counted.

use super::StoreError;
use crate::domain::money::{Currency, Money};
use crate::domain::placements::{
    Agreement, Consent, Contract, Employer, EmployerId, EndReason, FollowUp, Followed, Job,
    Outcome, Placement, Sector, Stage, Wage,
};
use crate::domain::staff::StaffId;
use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, params};
use std::collections::BTreeMap;

fn corrupt(what: String) -> StoreError {
    StoreError::Corrupt(what)
}

fn day(what: &str, v: &str) -> Result<NaiveDate, StoreError> {
    v.parse()
        .map_err(|_| corrupt(format!("{what} has a bad date {v:?}")))
}

fn opt_day(what: &str, v: Option<String>) -> Result<Option<NaiveDate>, StoreError> {
    v.map(|v| day(what, &v)).transpose()
}

fn wage(what: &str, currency: &str, minor: i64) -> Result<Wage, StoreError> {
    let c: Currency = currency
        .parse()
        .map_err(|_| corrupt(format!("{what} has an unknown currency {currency:?}")))?;
    Wage::new(Money::new(c, minor)).map_err(|e| corrupt(format!("{what}: {e}")))
}

/// An employer partner as kept, with how many placements it has (and how many are open).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmployerRow {
    pub id: EmployerId,
    pub employer: Employer,
    pub archived_on: Option<NaiveDate>,
    pub placements: u32,
    /// Not ended yet: referred, at interview, offered or started.
    pub open: u32,
}

impl EmployerRow {
    /// The journal record's body for it as it stands: never its contact or note.
    pub fn journal_body(&self) -> serde_json::Value {
        let e = &self.employer;
        serde_json::json!({
            "partner": self.id.as_str(),
            "name": e.name(),
            "sector": e.sector.code(),
            "city": e.city(),
            "country": e.country(),
            "agreement": e.agreement.code(),
            "agreement_on": e.agreement_on.map(|d| d.to_string()),
            "archived_on": self.archived_on.map(|d| d.to_string()),
        })
    }
}

const EMPLOYER: &str = "e.id, e.name, e.sector, e.city, e.country, e.contact_name,
     e.contact_phone, e.agreement, e.agreement_on, e.note, e.archived_on,
     (SELECT count(*) FROM placements p WHERE p.employer_id = e.id),
     (SELECT count(*) FROM placements p WHERE p.employer_id = e.id AND p.ended_on IS NULL)";

type EmployerRaw = (
    String,
    String,
    String,
    String,
    String,
    String,
    String,
    String,
    Option<String>,
    String,
    Option<String>,
    u32,
    u32,
);

fn employer_raw(r: &rusqlite::Row<'_>) -> rusqlite::Result<EmployerRaw> {
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
    ))
}

fn employer_row(raw: EmployerRaw) -> Result<EmployerRow, StoreError> {
    let (id, name, sector, city, country, cname, phone, agreement, on, note, archived, n, open) =
        raw;
    let what = format!("partner {id}");
    let sector = Sector::from_code(&sector)
        .ok_or_else(|| corrupt(format!("{what} has an unknown sector {sector:?}")))?;
    let agreement = Agreement::from_code(&agreement)
        .ok_or_else(|| corrupt(format!("{what} has an unknown agreement {agreement:?}")))?;
    let employer = Employer::new(
        &name,
        sector,
        &city,
        &country,
        &cname,
        &phone,
        agreement,
        opt_day(&what, on)?,
        &note,
    )
    .map_err(|e| corrupt(format!("{what}: {e}")))?;
    Ok(EmployerRow {
        archived_on: opt_day(&what, archived)?,
        id: EmployerId(id),
        employer,
        placements: n,
        open,
    })
}

/// Every partner, by name (archived ones too).
pub fn employers(conn: &Connection) -> Result<Vec<EmployerRow>, StoreError> {
    let raws = conn
        .prepare_cached(&format!(
            "SELECT {EMPLOYER} FROM employers e ORDER BY lower(e.name)"
        ))?
        .query_map([], employer_raw)?
        .collect::<Result<Vec<_>, _>>()?;
    raws.into_iter().map(employer_row).collect()
}

pub fn employer(conn: &Connection, id: &EmployerId) -> Result<Option<EmployerRow>, StoreError> {
    conn.prepare_cached(&format!(
        "SELECT {EMPLOYER} FROM employers e WHERE e.id = ?1"
    ))?
    .query_row([id.as_str()], employer_raw)
    .optional()?
    .map(employer_row)
    .transpose()
}

/// Writes a partner: a new one, or new details of one kept (its archive day aside).
pub fn put_employer(
    conn: &Connection,
    id: &EmployerId,
    e: &Employer,
    at: &str,
) -> Result<(), StoreError> {
    conn.prepare_cached(
        "INSERT INTO employers (id, name, sector, city, country, contact_name, contact_phone,
                                agreement, agreement_on, note, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
         ON CONFLICT (id) DO UPDATE SET name = ?2, sector = ?3, city = ?4, country = ?5,
             contact_name = ?6, contact_phone = ?7, agreement = ?8, agreement_on = ?9, note = ?10",
    )?
    .execute(params![
        id.as_str(),
        e.name(),
        e.sector.code(),
        e.city(),
        e.country(),
        e.contact_name(),
        e.contact_phone(),
        e.agreement.code(),
        e.agreement_on.map(|d| d.to_string()),
        e.note(),
        at
    ])?;
    Ok(())
}

pub fn set_archived(
    conn: &Connection,
    id: &EmployerId,
    on: Option<NaiveDate>,
) -> Result<(), StoreError> {
    conn.prepare_cached("UPDATE employers SET archived_on = ?2 WHERE id = ?1")?
        .execute(params![id.as_str(), on.map(|d| d.to_string())])?;
    Ok(())
}

/// Deletes a partner with no placements (the database refuses one that has some).
pub fn delete_employer(conn: &Connection, id: &EmployerId) -> Result<(), StoreError> {
    conn.prepare_cached("DELETE FROM employers WHERE id = ?1")?
        .execute([id.as_str()])?;
    Ok(())
}

/// A placement as kept: the domain's placement (its employer's name and sector), who made it,
/// the trainee's nickname and its latest journal record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlacementRow {
    pub id: i64,
    pub employer_id: EmployerId,
    pub nickname: String,
    /// She has been erased: nothing new is recorded about her, and nobody chases her.
    pub erased: bool,
    pub placement: Placement,
    pub created_by: StaffId,
    pub created_at: String,
    pub journal_seq: i64,
}

impl PlacementRow {
    /// The journal record's body for it as it stands (the whole row but its nickname).
    pub fn journal_body(&self) -> serde_json::Value {
        let p = &self.placement;
        let wage = p.job.wage.money();
        serde_json::json!({
            "placement": self.id,
            "person": p.person.as_str(),
            "employer": self.employer_id.as_str(),
            "sector": p.sector.code(),
            "referred_on": p.referred_on.to_string(),
            "title": p.job.title(),
            "contract": p.job.contract.code(),
            "hours": p.job.hours(),
            "wage": wage.minor(),
            "currency": wage.currency().code(),
            "before_start": p.before_start().code(),
            "started_on": p.started_on().map(|d| d.to_string()),
            "ended_on": p.ended().map(|(d, _)| d.to_string()),
            "end_reason": p.ended().map(|(_, r)| r.code()),
            "consent": p.consent().map(|c| c.yes),
            "consent_on": p.consent().map(|c| c.on.to_string()),
            "created_by": self.created_by.as_str(),
            "created_at": self.created_at,
        })
    }
}

const PLACEMENT: &str = "p.id, p.person_id, s.nickname, p.employer_id, e.name, p.sector,
     p.referred_on, p.title, p.contract, p.hours, p.wage_currency, p.wage_minor, p.before_start,
     p.started_on, p.ended_on, p.end_reason, p.consent, p.consent_on, p.created_by,
     p.created_at, p.journal_seq, s.erased_at IS NOT NULL";

type PlacementRaw = (
    (i64, String, String, String, String, String, String),
    (String, String, u32, String, i64, String),
    (Option<String>, Option<String>, Option<String>),
    (Option<bool>, Option<String>, String, String, i64, bool),
);

fn placement_raw(r: &rusqlite::Row<'_>) -> rusqlite::Result<PlacementRaw> {
    Ok((
        (
            r.get(0)?,
            r.get(1)?,
            r.get(2)?,
            r.get(3)?,
            r.get(4)?,
            r.get(5)?,
            r.get(6)?,
        ),
        (
            r.get(7)?,
            r.get(8)?,
            r.get(9)?,
            r.get(10)?,
            r.get(11)?,
            r.get(12)?,
        ),
        (r.get(13)?, r.get(14)?, r.get(15)?),
        (
            r.get(16)?,
            r.get(17)?,
            r.get(18)?,
            r.get(19)?,
            r.get(20)?,
            r.get(21)?,
        ),
    ))
}

fn placement_row(raw: PlacementRaw) -> Result<PlacementRow, StoreError> {
    let (
        (id, person, nickname, employer_id, employer, sector, referred),
        (title, contract, hours, currency, minor, before),
        (started, ended, reason),
        (consent, consent_on, created_by, created_at, journal_seq, erased),
    ) = raw;
    let what = format!("placement {id}");
    let bad = |field: &str, v: &str| corrupt(format!("{what} has an unknown {field} {v:?}"));
    let sector = Sector::from_code(&sector).ok_or_else(|| bad("sector", &sector))?;
    let contract = Contract::from_code(&contract).ok_or_else(|| bad("contract", &contract))?;
    let before = Stage::from_code(&before).ok_or_else(|| bad("stage", &before))?;
    let ended = match (opt_day(&what, ended)?, reason) {
        (Some(on), Some(r)) => Some((
            on,
            EndReason::from_code(&r).ok_or_else(|| bad("end reason", &r))?,
        )),
        (None, None) => None,
        _ => return Err(corrupt(format!("{what} has an end without its reason"))),
    };
    let consent = match (consent, opt_day(&what, consent_on)?) {
        (Some(yes), Some(on)) => Some(Consent { yes, on }),
        (None, None) => None,
        _ => return Err(corrupt(format!("{what} has consent without its date"))),
    };
    let rule = |e: crate::domain::placements::PlacementError| corrupt(format!("{what}: {e}"));
    let job = Job::new(&title, contract, hours, wage(&what, &currency, minor)?).map_err(rule)?;
    let placement = Placement::new(
        StaffId(person),
        employer,
        sector,
        day(&what, &referred)?,
        job,
    )
    .restore(before, opt_day(&what, started)?, ended, consent)
    .map_err(rule)?;
    Ok(PlacementRow {
        id,
        employer_id: EmployerId(employer_id),
        nickname,
        erased,
        placement,
        created_by: StaffId(created_by),
        created_at,
        journal_seq,
    })
}

fn placements_where(
    conn: &Connection,
    filter: &str,
    arg: Option<&str>,
) -> Result<Vec<PlacementRow>, StoreError> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {PLACEMENT} FROM placements p
         JOIN staff s ON s.id = p.person_id JOIN employers e ON e.id = p.employer_id
         {filter} ORDER BY p.id"
    ))?;
    let raws = match arg {
        Some(a) => stmt
            .query_map([a], placement_raw)?
            .collect::<Result<Vec<_>, _>>()?,
        None => stmt
            .query_map([], placement_raw)?
            .collect::<Result<Vec<_>, _>>()?,
    };
    raws.into_iter().map(placement_row).collect()
}

/// Every placement, oldest first.
pub fn placements(conn: &Connection) -> Result<Vec<PlacementRow>, StoreError> {
    placements_where(conn, "", None)
}

pub fn placements_of(conn: &Connection, person: &StaffId) -> Result<Vec<PlacementRow>, StoreError> {
    placements_where(conn, "WHERE p.person_id = ?1", Some(person.as_str()))
}

pub fn placement(conn: &Connection, id: i64) -> Result<Option<PlacementRow>, StoreError> {
    Ok(
        placements_where(conn, "WHERE p.id = ?1", Some(&id.to_string()))?
            .into_iter()
            .next(),
    )
}

pub fn next_placement_id(conn: &Connection) -> Result<i64, StoreError> {
    Ok(conn
        .prepare_cached("SELECT coalesce(max(id), 0) + 1 FROM placements")?
        .query_row([], |r| r.get(0))?)
}

/// Writes a placement: a new one, or where an existing one has moved to.
pub fn put_placement(conn: &Connection, row: &PlacementRow) -> Result<(), StoreError> {
    let p = &row.placement;
    let wage = p.job.wage.money();
    conn.prepare_cached(
        "INSERT INTO placements (id, person_id, employer_id, referred_on, title, contract, hours,
                                 wage_currency, wage_minor, before_start, started_on, ended_on,
                                 end_reason, consent, consent_on, created_by, created_at,
                                 journal_seq, sector)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)
         ON CONFLICT (id) DO UPDATE SET before_start = ?10, started_on = ?11, ended_on = ?12,
             end_reason = ?13, consent = ?14, consent_on = ?15, journal_seq = ?18",
    )?
    .execute(params![
        row.id,
        p.person.as_str(),
        row.employer_id.as_str(),
        p.referred_on.to_string(),
        p.job.title(),
        p.job.contract.code(),
        p.job.hours(),
        wage.currency().code(),
        wage.minor(),
        p.before_start().code(),
        p.started_on().map(|d| d.to_string()),
        p.ended().map(|(d, _)| d.to_string()),
        p.ended().map(|(_, r)| r.code()),
        p.consent().map(|c| c.yes),
        p.consent().map(|c| c.on.to_string()),
        row.created_by.as_str(),
        row.created_at,
        row.journal_seq,
        p.sector.code()
    ])?;
    Ok(())
}

/// A follow-up as kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FollowUpRow {
    pub id: i64,
    pub placement: i64,
    pub follow_up: FollowUp,
    pub note: String,
    pub by: StaffId,
    pub at: String,
    pub journal_seq: i64,
}

impl FollowUpRow {
    /// The journal record's body for it: everything but the note.
    pub fn journal_body(&self) -> serde_json::Value {
        let (reached, employed, same, wage) = match self.follow_up.outcome() {
            Outcome::NotReached => (false, false, false, None),
            Outcome::Reached {
                employed,
                same_employer,
                wage,
            } => (true, employed, same_employer, wage.map(Wage::money)),
        };
        serde_json::json!({
            "follow_up": self.id,
            "placement": self.placement,
            "month": self.follow_up.month(),
            "on": self.follow_up.on().to_string(),
            "reached": reached,
            "employed": employed,
            "same_employer": same,
            "wage": wage.map(|w| w.minor()),
            "currency": wage.map(|w| w.currency().code()),
            "by": self.by.as_str(),
            "at": self.at,
        })
    }
}

const FOLLOW_UP: &str = "id, placement_id, month, on_day, reached, employed, same_employer,
     wage_currency, wage_minor, note, by_id, at, journal_seq";

type FollowUpRaw = (
    (i64, i64, u32, String, bool, bool, bool),
    (Option<String>, Option<i64>, String, String, String, i64),
);

fn follow_up_raw(r: &rusqlite::Row<'_>) -> rusqlite::Result<FollowUpRaw> {
    Ok((
        (
            r.get(0)?,
            r.get(1)?,
            r.get(2)?,
            r.get(3)?,
            r.get(4)?,
            r.get(5)?,
            r.get(6)?,
        ),
        (
            r.get(7)?,
            r.get(8)?,
            r.get(9)?,
            r.get(10)?,
            r.get(11)?,
            r.get(12)?,
        ),
    ))
}

fn follow_up_row(raw: FollowUpRaw, of: &Placement) -> Result<FollowUpRow, StoreError> {
    let ((id, placement, month, on, reached, employed, same), (cur, minor, note, by, at, seq)) =
        raw;
    let what = format!("follow-up {id}");
    let wage = match (cur, minor) {
        (Some(c), Some(m)) => Some(wage(&what, &c, m)?),
        (None, None) => None,
        _ => return Err(corrupt(format!("{what} has a wage without its currency"))),
    };
    let outcome = if reached {
        Outcome::Reached {
            employed,
            same_employer: same,
            wage,
        }
    } else {
        Outcome::NotReached
    };
    let follow_up = FollowUp::new(of, month, day(&what, &on)?, outcome)
        .map_err(|e| corrupt(format!("{what}: {e}")))?;
    Ok(FollowUpRow {
        id,
        placement,
        follow_up,
        note,
        by: StaffId(by),
        at,
        journal_seq: seq,
    })
}

/// The follow-ups of the placements given, per placement id, each in the order recorded.
pub fn follow_ups(
    conn: &Connection,
    of: &[PlacementRow],
) -> Result<BTreeMap<i64, Vec<FollowUpRow>>, StoreError> {
    let by_id: BTreeMap<i64, &PlacementRow> = of.iter().map(|p| (p.id, p)).collect();
    let mut out: BTreeMap<i64, Vec<FollowUpRow>> = BTreeMap::new();
    let raws = conn
        .prepare_cached(&format!("SELECT {FOLLOW_UP} FROM follow_ups ORDER BY id"))?
        .query_map([], follow_up_raw)?
        .collect::<Result<Vec<_>, _>>()?;
    for raw in raws {
        let Some(p) = by_id.get(&raw.0.1) else {
            continue;
        };
        let row = follow_up_row(raw, &p.placement)?;
        out.entry(row.placement).or_default().push(row);
    }
    Ok(out)
}

/// Every placement with its follow-ups, as the indicators read them.
pub fn followed(conn: &Connection) -> Result<Vec<(PlacementRow, Vec<FollowUpRow>)>, StoreError> {
    let rows = placements(conn)?;
    let mut ups = follow_ups(conn, &rows)?;
    Ok(rows
        .into_iter()
        .map(|p| {
            let f = ups.remove(&p.id).unwrap_or_default();
            (p, f)
        })
        .collect())
}

/// The domain's view of rows read by [`followed`].
pub fn as_followed(rows: &[(PlacementRow, Vec<FollowUpRow>)]) -> Vec<Followed> {
    rows.iter()
        .map(|(p, f)| Followed {
            placement: p.placement.clone(),
            follow_ups: f.iter().map(|u| u.follow_up).collect(),
        })
        .collect()
}

pub fn next_follow_up_id(conn: &Connection) -> Result<i64, StoreError> {
    Ok(conn
        .prepare_cached("SELECT coalesce(max(id), 0) + 1 FROM follow_ups")?
        .query_row([], |r| r.get(0))?)
}

pub fn insert_follow_up(conn: &Connection, row: &FollowUpRow) -> Result<(), StoreError> {
    let (reached, employed, same, wage) = match row.follow_up.outcome() {
        Outcome::NotReached => (false, false, false, None),
        Outcome::Reached {
            employed,
            same_employer,
            wage,
        } => (true, employed, same_employer, wage.map(Wage::money)),
    };
    conn.prepare_cached(&format!(
        "INSERT INTO follow_ups ({FOLLOW_UP}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)"
    ))?
    .execute(params![
        row.id,
        row.placement,
        row.follow_up.month(),
        row.follow_up.on().to_string(),
        reached,
        employed,
        same,
        wage.map(|w| w.currency().code()),
        wage.map(|w| w.minor()),
        row.note,
        row.by.as_str(),
        row.at,
        row.journal_seq
    ])?;
    Ok(())
}

/// Follow-ups of erased women whose note still says something (`verify` reports each).
pub fn unerased_notes(conn: &Connection) -> Result<Vec<i64>, StoreError> {
    Ok(conn
        .prepare_cached(
            "SELECT f.id FROM follow_ups f JOIN placements p ON p.id = f.placement_id
             JOIN staff s ON s.id = p.person_id
             WHERE s.erased_at IS NOT NULL AND f.note NOT IN ('', 'erased') ORDER BY f.id",
        )?
        .query_map([], |r| r.get(0))?
        .collect::<Result<Vec<_>, _>>()?)
}

/// Her follow-up notes read "erased" once she is (the outcomes stay: they are counts).
pub fn erase_notes_of(conn: &Connection, person: &StaffId) -> Result<(), StoreError> {
    conn.prepare_cached(
        "UPDATE follow_ups SET note = 'erased'
         WHERE note <> 'erased'
           AND placement_id IN (SELECT id FROM placements WHERE person_id = ?1)",
    )?
    .execute([person.as_str()])?;
    Ok(())
}

/// Graduates: (person, the day she graduated).
pub fn graduates(conn: &Connection) -> Result<Vec<(StaffId, NaiveDate)>, StoreError> {
    let rows = conn
        .prepare_cached("SELECT id, graduated_on FROM staff WHERE graduated_on IS NOT NULL")?
        .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?
        .collect::<Result<Vec<_>, _>>()?;
    rows.into_iter()
        .map(|(id, on)| Ok((StaffId(id.clone()), day(&format!("person {id}"), &on)?)))
        .collect()
}

/// Everyone who trained (a programme start; a graduate the café hired later still counts):
/// (person, start of her training, its end when she graduated, left or was erased).
pub fn trainees(
    conn: &Connection,
) -> Result<Vec<(StaffId, NaiveDate, Option<NaiveDate>)>, StoreError> {
    let rows = conn
        .prepare_cached(
            "SELECT id, started_on, trained_until FROM staff WHERE started_on IS NOT NULL",
        )?
        .query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, Option<String>>(2)?,
            ))
        })?
        .collect::<Result<Vec<_>, _>>()?;
    rows.into_iter()
        .map(|(id, start, end)| {
            let what = format!("person {id}");
            Ok((
                StaffId(id.clone()),
                day(&what, &start)?,
                opt_day(&what, end)?,
            ))
        })
        .collect()
}
