//! Skills: the competency framework in force, evidence recorded by managers, the queue of
//! competencies ready for sign-off, sign-off, and the progress matrix.
//!
//! The framework is read from `DIR/skills.toml` (seeded from `assets/skills.toml`). Every
//! version loaded is kept in the database and never edited; a file that changes a version in
//! use is refused and the kept one stays in force. Evidence and sign-offs are kept against the
//! version they were made in and counted for the competency that replaces theirs.

use super::people::PeopleError;
use super::{AppError, Till, staff::Authority};
use crate::domain::journal::EventKind;
use crate::domain::people::{CohortId, Status, Track};
use crate::domain::skills::{
    Competency, CompetencyId, Evidence, Framework, FrameworkError, Method, Rating, in_force,
    standing,
};
use crate::domain::staff::StaffId;
use crate::store::skills::{self, EvidenceRow, SignOffRow, StandingRow};
use crate::store::{StoreError, journal, people};
use std::collections::{BTreeMap, BTreeSet};

pub const SKILLS_FILE: &str = "skills.toml";
pub const SEED_SKILLS: &str = include_str!("../../assets/skills.toml");
/// A note on a piece of evidence: a line or two, kept on the till only.
pub const MAX_NOTE_CHARS: usize = 200;

#[derive(Debug, thiserror::Error)]
pub enum SkillsError {
    #[error(transparent)]
    People(#[from] PeopleError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("there is no competency {0:?} in the framework in force")]
    UnknownCompetency(String),
    #[error("{0} is not on the {1} track")]
    OtherTrack(String, String),
    #[error("{0} is not active: evidence is recorded for people in training")]
    NotActive(String),
    #[error("{0} cannot assess herself: another manager records her evidence")]
    OwnEvidence(String),
    #[error("a note holds at most {MAX_NOTE_CHARS} characters")]
    NoteTooLong,
    #[error("there is no piece of evidence {0}")]
    NoSuchEvidence(i64),
    #[error("piece {0} is about someone else or another competency: a correction is for the same")]
    CorrectsAnother(i64),
    #[error("piece {0} has already been corrected: correct the correction")]
    AlreadyCorrected(i64),
    #[error("{0} is not ready for sign-off: its evidence does not meet its rule ({1})")]
    NotReady(String, String),
    #[error("{0} is already signed off")]
    AlreadySignedOff(String),
    #[error("{0} has no track: set it under Programme on her page first")]
    NoTrack(String),
    #[error("{0} was signed off on {1}: its evidence stays as it was")]
    SignedOffAlready(String, chrono::NaiveDate),
    #[error("{0} does not take evidence from the till: record what you saw instead")]
    NotFromTill(String),
    #[error(
        "her till figures suggest no rating yet: she needs {n} drills in these four weeks (training mode, Practice drill)",
        n = crate::domain::figures::DRILLS_TO_RATE
    )]
    NoTillRating,
    #[error(
        "her till figures were attached on {0}: attach them again after {n} more drills",
        n = crate::domain::figures::DRILLS_TO_RATE
    )]
    NoNewDrills(chrono::NaiveDate),
}

/// The framework the till runs on, how older versions' competencies map onto it, and why a
/// skills file was not taken (if it was not).
#[derive(Debug, Clone)]
pub struct Skills {
    pub framework: Framework,
    /// (version, competency) of older versions → the competency in force that replaces it.
    carried: BTreeMap<(u32, CompetencyId), CompetencyId>,
    /// The older competencies whose sign-off still stands for the one replacing them (each
    /// version since replaced it by exactly one; a merge asks for a new sign-off).
    signed_carried: BTreeSet<(u32, CompetencyId)>,
    pub problem: Option<FrameworkError>,
}

impl Skills {
    /// The shipped framework, before the till has read its file.
    pub fn shipped() -> Skills {
        Skills {
            framework: Framework::parse("assets/skills.toml", SEED_SKILLS)
                .expect("the shipped skills framework is valid"),
            carried: BTreeMap::new(),
            signed_carried: BTreeSet::new(),
            problem: None,
        }
    }

    /// Loads `text` (the file at `DIR/skills.toml`) against the versions kept in `conn`, and
    /// keeps it as a new version when it is one. Never fails on a bad file: the kept version
    /// (or the shipped one, on a new till) stays in force and the problem is kept.
    pub fn load(conn: &rusqlite::Connection, text: &str, at: &str) -> Result<Skills, StoreError> {
        // A kept version that no longer reads (a later release checks more) is left out and
        // said in the log: skills never stop the till.
        let stored = skills::frameworks(conn)?;
        let taken: BTreeSet<u32> = stored.iter().map(|(v, _)| *v).collect();
        let kept: Vec<Framework> = stored
            .into_iter()
            .filter_map(
                |(v, source)| match Framework::parse(&format!("version {v}"), &source) {
                    Ok(f) => Some(f),
                    Err(e) => {
                        tracing::error!("kept skills framework version {v} does not read: {e}");
                        None
                    }
                },
            )
            .collect();
        let mut problem = None;
        let mut versions = kept.clone();
        match (Framework::parse(SKILLS_FILE, text), kept.last()) {
            // Its number is kept already, though that version no longer reads.
            (Ok(f), _)
                if taken.contains(&f.version) && !kept.iter().any(|k| k.version == f.version) =>
            {
                problem = Some(FrameworkError::Edited {
                    version: f.version,
                    next: taken.last().copied().unwrap_or(0).saturating_add(1),
                });
            }
            (Ok(f), None) => {
                skills::insert_framework(conn, f.version, &f.source, at)?;
                versions.push(f);
            }
            (Ok(f), Some(last)) => {
                if let Some(same) = kept.iter().find(|k| k.version == f.version) {
                    // Comments and layout may change; what the framework says may not.
                    if (&same.tracks, &same.competencies) != (&f.tracks, &f.competencies) {
                        problem = Some(FrameworkError::Edited {
                            version: f.version,
                            next: last.version.saturating_add(1),
                        });
                    } else if f.version < last.version {
                        problem = Some(FrameworkError::Older {
                            version: f.version,
                            in_use: last.version,
                        });
                    }
                } else {
                    match f.follows(last) {
                        Ok(()) => {
                            skills::insert_framework(conn, f.version, &f.source, at)?;
                            versions.push(f);
                        }
                        Err(e) => problem = Some(e),
                    }
                }
            }
            (Err(e), _) => problem = Some(e),
        }
        // A broken file on a new till: the shipped framework, kept only once something is
        // recorded against it (so a fixed file of the same version is still taken).
        let framework = versions
            .pop()
            .unwrap_or_else(|| Skills::shipped().framework);
        // Map each older version's competencies forward, one version at a time; a sign-off
        // goes forward only where each step replaces one competency by one.
        let mut carried = BTreeMap::new();
        let mut signed = BTreeSet::new();
        let mut chain = versions.clone();
        chain.push(framework.clone());
        for (i, older) in versions.iter().enumerate() {
            for c in &older.competencies {
                let mut id = Some(c.id.clone());
                let mut one_to_one = true;
                for (from, to) in chain[i..].iter().zip(&chain[i + 1..]) {
                    id = id.and_then(|x| to.carried_from(from).get(&x).cloned());
                    one_to_one &= id
                        .as_ref()
                        .and_then(|x| to.competency(x))
                        .is_some_and(|k| k.replaces.len() == 1);
                }
                if let Some(id) = id {
                    if one_to_one {
                        signed.insert((older.version, c.id.clone()));
                    }
                    carried.insert((older.version, c.id.clone()), id);
                }
            }
        }
        Ok(Skills {
            framework,
            carried,
            signed_carried: signed,
            problem,
        })
    }

    /// The competency in force that a sign-off made in `version` for `id` stands for.
    pub fn signed_in_force(&self, version: u32, id: &CompetencyId) -> Option<CompetencyId> {
        if version == self.framework.version || self.signed_carried.contains(&(version, id.clone()))
        {
            self.in_force(version, id)
        } else {
            None
        }
    }

    /// The competency in force that a piece recorded in `version` against `id` counts for.
    pub fn in_force(&self, version: u32, id: &CompetencyId) -> Option<CompetencyId> {
        if version == self.framework.version {
            self.framework.competency(id).map(|c| c.id.clone())
        } else {
            self.carried.get(&(version, id.clone())).cloned()
        }
    }
}

/// A manager records: how she did on which competency, how it was seen, and a short note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewEvidence {
    pub person: StaffId,
    pub competency: CompetencyId,
    pub rating: Rating,
    pub method: Method,
    pub note: String,
    /// The piece this one corrects.
    pub corrects: Option<i64>,
}

/// One competency as it stands for one person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompetencyStanding {
    pub competency: Competency,
    /// Every piece recorded for it, oldest first, with whether it is still in force.
    pub evidence: Vec<(Evidence, bool)>,
    pub standing: Option<Rating>,
    /// Its rule is met and it is not signed off yet.
    pub ready: bool,
    pub signed_off: Option<SignOffRow>,
}

/// A trainee's skills: her track's competencies by level.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SkillsPage {
    pub person: StaffId,
    pub nickname: String,
    pub track: Track,
    pub competencies: Vec<CompetencyStanding>,
}

/// Where she stood at the end of one month: how many of her track's competencies were at
/// competent or better, and how many signed off.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MonthProgress {
    /// The month's first day.
    pub month: chrono::NaiveDate,
    pub competent: usize,
    pub signed_off: usize,
    /// Her track's competencies.
    pub of: usize,
}

impl SkillsPage {
    /// Her progress month by month, from the month of her first evidence (at most `months`
    /// months back) to the month of `until`, as it stood at each month's end (or `until`):
    /// the evidence of the shifts by then, less what was corrected (a correction is about the
    /// shift of the piece it corrects, so it counts from that piece's month, even when
    /// recorded later). Empty before her first piece, or when no month is asked for.
    pub fn progress_by_month(&self, until: chrono::NaiveDate, months: u32) -> Vec<MonthProgress> {
        use chrono::Datelike;
        let first = self
            .competencies
            .iter()
            .flat_map(|c| c.evidence.iter().map(|(e, _)| e.on))
            .min();
        let Some(first) = first.filter(|f| *f <= until && months > 0) else {
            return Vec::new();
        };
        let month_of = |d: chrono::NaiveDate| d.with_day(1).unwrap_or(d);
        let earliest = month_of(until)
            .checked_sub_months(chrono::Months::new(months.saturating_sub(1)))
            .unwrap_or(first);
        let mut month = month_of(first).max(earliest);
        let mut out = Vec::new();
        while month <= until {
            let next = month
                .checked_add_months(chrono::Months::new(1))
                .unwrap_or(until);
            let end = (next - chrono::TimeDelta::days(1)).min(until);
            let mut competent = 0;
            let mut signed_off = 0;
            for c in &self.competencies {
                let by_then: Vec<Evidence> = c
                    .evidence
                    .iter()
                    .filter(|(e, _)| e.on <= end)
                    .map(|(e, _)| e.clone())
                    .collect();
                if standing(&in_force(&by_then)).is_some_and(|r| r >= Rating::Competent) {
                    competent += 1;
                }
                if c.signed_off.as_ref().is_some_and(|s| s.on <= end) {
                    signed_off += 1;
                }
            }
            out.push(MonthProgress {
                month,
                competent,
                signed_off,
                of: self.competencies.len(),
            });
            if next <= month {
                break;
            }
            month = next;
        }
        out
    }
}

/// One cell of the progress matrix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Cell {
    pub standing: Option<Rating>,
    pub ready: bool,
    pub signed_off: bool,
}

/// Trainees × competencies of one track.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Matrix {
    pub track: Track,
    pub people: Vec<(StaffId, String)>,
    pub competencies: Vec<Competency>,
    /// `cells[person][competency]`.
    pub cells: Vec<Vec<Cell>>,
}

/// A competency ready for a manager's sign-off.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ready {
    pub person: StaffId,
    pub nickname: String,
    pub competency: Competency,
}

/// Per person, per competency in force: the pieces, and the sign-off.
type Standings = BTreeMap<StaffId, BTreeMap<CompetencyId, (Vec<Evidence>, Option<SignOffRow>)>>;

/// The cells of `people` × `competencies` (all of one track), from the standings kept with
/// the evidence: one row per cell that has evidence or a sign-off.
fn cells(
    kept: &[StandingRow],
    people: &[(StaffId, String)],
    competencies: &[Competency],
) -> Vec<Vec<Cell>> {
    use std::collections::HashMap;
    let person: HashMap<&StaffId, usize> = people
        .iter()
        .enumerate()
        .map(|(i, (id, _))| (id, i))
        .collect();
    let column: HashMap<&CompetencyId, usize> = competencies
        .iter()
        .enumerate()
        .map(|(i, c)| (&c.id, i))
        .collect();
    let mut cells = vec![vec![Cell::default(); competencies.len()]; people.len()];
    for s in kept {
        if let (Some(&row), Some(&col)) = (person.get(&s.person), column.get(&s.competency)) {
            cells[row][col] = Cell {
                standing: s.standing,
                ready: s.ready,
                signed_off: s.signed_off,
            };
        }
    }
    cells
}

/// How everyone with evidence or a sign-off stands at each competency in force, worked out
/// from the evidence itself (what `skill_standings` must hold).
pub(super) fn worked_out(
    conn: &rusqlite::Connection,
    in_use: &Skills,
) -> Result<Vec<StandingRow>, StoreError> {
    let mut out = Vec::new();
    for (person, of) in standings(conn, in_use, None)? {
        for (id, entry) in &of {
            if let Some(c) = in_use.framework.competency(id) {
                out.push(standing_row(
                    &person,
                    in_use.framework.version,
                    &Till::stand(c, Some(entry)),
                ));
            }
        }
    }
    Ok(out)
}

/// Works out again how `person` stands at `competency` and keeps it (in the transaction that
/// changed her evidence or sign-off).
fn restand(
    tx: &rusqlite::Connection,
    in_use: &Skills,
    person: &StaffId,
    competency: &Competency,
) -> Result<(), StoreError> {
    let of = standings(tx, in_use, Some(person))?;
    let stand = Till::stand(
        competency,
        of.get(person).and_then(|m| m.get(&competency.id)),
    );
    skills::put_standing(tx, &standing_row(person, in_use.framework.version, &stand))
}

fn standing_row(person: &StaffId, version: u32, s: &CompetencyStanding) -> StandingRow {
    StandingRow {
        person: person.clone(),
        competency: s.competency.id.clone(),
        version,
        standing: s.standing,
        ready: s.ready,
        signed_off: s.signed_off.is_some(),
    }
}

/// Everyone's evidence and sign-offs, mapped to the framework in force (`only`: one
/// person's).
fn standings(
    conn: &rusqlite::Connection,
    in_use: &Skills,
    only: Option<&StaffId>,
) -> Result<Standings, StoreError> {
    let rows = match only {
        Some(p) => skills::evidence_of(conn, p)?,
        None => skills::all_evidence(conn)?,
    };
    let mut out: Standings = BTreeMap::new();
    for row in rows {
        if let Some(c) = in_use.in_force(row.version, &row.competency) {
            let evidence = row.evidence(c.clone());
            out.entry(row.person)
                .or_default()
                .entry(c)
                .or_default()
                .0
                .push(evidence);
        }
    }
    for s in skills::sign_offs(conn, only)? {
        if let Some(c) = in_use.signed_in_force(s.version, &s.competency) {
            out.entry(s.person.clone())
                .or_default()
                .entry(c)
                .or_default()
                .1
                .get_or_insert(s);
        }
    }
    Ok(out)
}

/// The competencies in force signed off for `person`.
pub(super) fn signed_off(
    conn: &rusqlite::Connection,
    in_use: &Skills,
    person: &StaffId,
) -> Result<BTreeSet<CompetencyId>, StoreError> {
    Ok(standings(conn, in_use, Some(person))?
        .remove(person)
        .map(|m| {
            m.into_iter()
                .filter(|(_, (_, s))| s.is_some())
                .map(|(c, _)| c)
                .collect()
        })
        .unwrap_or_default())
}

impl Till {
    /// Reads `DIR/skills.toml` (seeding it on first run) and puts its framework in force.
    pub(super) fn load_skills(&mut self) -> Result<(), AppError> {
        let path = self.data_dir.join(SKILLS_FILE);
        if !path.exists() {
            std::fs::write(&path, SEED_SKILLS).map_err(super::data_dir_error(&self.data_dir))?;
        }
        let text = std::fs::read_to_string(&path).map_err(super::data_dir_error(&self.data_dir))?;
        // Read first; a version is written only when the file brings a new one (no write
        // transaction on an ordinary start).
        let loaded = Skills::load(self.store.conn(), &text, &self.clock.now().to_rfc3339())?;
        if let Some(p) = &loaded.problem {
            tracing::error!("{p}; the framework kept in the database stays in force");
        }
        self.skills = loaded;
        // The standings the matrix reads belong to the framework in force: worked out again
        // from the evidence when it changes (or the table is new).
        let version = self.skills.framework.version;
        if skills::standings_version(self.store.conn())? != Some(version) {
            let tx = self.store.write()?;
            let rows = worked_out(&tx, &self.skills)?;
            skills::replace_standings(&tx, version, &rows)?;
            tx.commit().map_err(StoreError::from)?;
            if !rows.is_empty() {
                tracing::info!(
                    "skills standings worked out for framework version {version}: {} cells",
                    rows.len()
                );
            }
        }
        Ok(())
    }

    /// The skills framework in force (and why the file was not taken, if it was not).
    pub fn skills(&self) -> &Skills {
        &self.skills
    }

    /// How one competency stands, from its pieces and sign-off.
    fn stand(
        competency: &Competency,
        entry: Option<&(Vec<Evidence>, Option<SignOffRow>)>,
    ) -> CompetencyStanding {
        let (pieces, signed) = entry.cloned().unwrap_or_default();
        let force = in_force(&pieces);
        let ids: BTreeSet<i64> = force.iter().map(|e| e.id).collect();
        let standing = standing(&force);
        let met = competency.rule.met(&force);
        CompetencyStanding {
            competency: competency.clone(),
            ready: met && signed.is_none(),
            standing,
            signed_off: signed,
            evidence: pieces
                .iter()
                .map(|e| (e.clone(), ids.contains(&e.id)))
                .collect(),
        }
    }

    /// A trainee's skills page: her track's competencies by level, each with its evidence,
    /// standing, readiness and sign-off. A manager's.
    pub fn skills_of(
        &self,
        person: &StaffId,
        authority: &Authority,
    ) -> Result<SkillsPage, SkillsError> {
        let (_, row) = self.manager_over(person, authority, false)?;
        let track = row
            .programme
            .track
            .ok_or_else(|| SkillsError::NoTrack(row.nickname.clone()))?;
        let standings = standings(self.store.conn(), &self.skills, Some(person))?;
        let mine = standings.get(person);
        Ok(SkillsPage {
            person: person.clone(),
            nickname: row.nickname,
            track,
            competencies: self
                .skills
                .framework
                .of_track(track)
                .map(|c| Self::stand(c, mine.and_then(|m| m.get(&c.id))))
                .collect(),
        })
    }

    /// Records a piece of evidence (or a correction of one), journalled with the assessor.
    /// A manager's; never about herself. Returns the piece's number.
    pub fn record_evidence(
        &mut self,
        new: &NewEvidence,
        authority: &Authority,
    ) -> Result<i64, SkillsError> {
        let now = self.clock.now();
        // A shift is the till's shift on that day: a shift left open overnight counts as
        // two, and two shifts on one day as two.
        let shift = match self.session()? {
            Some(s) => format!("shift {} on {}", s.session_no, now.date_naive()),
            None => format!("day {}", now.date_naive()),
        };
        self.record_evidence_at(new, authority, now, shift)
    }

    /// [`Till::record_evidence`] at `now`, on `shift` (the demo's history is back-dated).
    pub(super) fn record_evidence_at(
        &mut self,
        new: &NewEvidence,
        authority: &Authority,
        now: chrono::DateTime<chrono::FixedOffset>,
        shift: String,
    ) -> Result<i64, SkillsError> {
        let (by, row) = self.manager_over(&new.person, authority, false)?;
        if by.id == new.person {
            return Err(SkillsError::OwnEvidence(by.nickname));
        }
        if row.status != Status::Active || row.erased {
            return Err(SkillsError::NotActive(row.nickname));
        }
        let competency = self
            .skills
            .framework
            .competency(&new.competency)
            .ok_or_else(|| SkillsError::UnknownCompetency(new.competency.to_string()))?;
        let track = row
            .programme
            .track
            .ok_or_else(|| SkillsError::NoTrack(row.nickname.clone()))?;
        if competency.track != track {
            return Err(SkillsError::OtherTrack(
                row.nickname,
                track.code().to_owned(),
            ));
        }
        let note = new.note.trim().to_owned();
        if note.chars().count() > MAX_NOTE_CHARS {
            return Err(SkillsError::NoteTooLong);
        }
        let till = self.config.site.till_id.clone();
        let version = self.skills.framework.version;
        let (mut shift, mut on) = (shift, now.date_naive());
        let tx = self.store.write()?;
        if let Some(old) = new.corrects {
            let piece = skills::evidence(&tx, old)?.ok_or(SkillsError::NoSuchEvidence(old))?;
            if piece.person != new.person
                || self
                    .skills
                    .in_force(piece.version, &piece.competency)
                    .as_ref()
                    != Some(&competency.id)
            {
                return Err(SkillsError::CorrectsAnother(old));
            }
            if skills::is_corrected(&tx, old)? {
                return Err(SkillsError::AlreadyCorrected(old));
            }
            let standings = standings(&tx, &self.skills, Some(&new.person))?;
            if let Some(signed) = standings
                .get(&new.person)
                .and_then(|m| m.get(&competency.id))
                .and_then(|(_, s)| s.as_ref())
            {
                return Err(SkillsError::SignedOffAlready(
                    competency.name.en.clone(),
                    signed.on,
                ));
            }
            // A correction is about the shift and day of the piece it corrects.
            (shift, on) = (piece.shift, piece.on);
        }
        skills::ensure_framework(&tx, &self.skills.framework, &now.to_rfc3339())?;
        let mut piece = EvidenceRow {
            id: skills::next_evidence_id(&tx)?,
            person: new.person.clone(),
            version,
            competency: competency.id.clone(),
            rating: new.rating,
            method: new.method,
            assessor: by.id.clone(),
            approved_by: authority.approver().map(|a| a.id.clone()),
            shift,
            on,
            at: now.to_rfc3339(),
            note,
            corrects: new.corrects,
            journal_seq: 0,
        };
        let mut body = piece.journal_body();
        body["till"] = till.clone().into();
        piece.journal_seq =
            journal::append(&tx, &till, &piece.at, EventKind::SkillEvidence, &body)?;
        skills::insert_evidence(&tx, &piece)?;
        restand(&tx, &self.skills, &new.person, competency)?;
        tx.commit().map_err(StoreError::from)?;
        Ok(piece.id)
    }

    /// Signs a competency off for a person: a manager's, once its rule is met. Journalled.
    pub fn sign_off(
        &mut self,
        person: &StaffId,
        competency: &CompetencyId,
        authority: &Authority,
    ) -> Result<(), SkillsError> {
        let (by, row) = self.manager_over(person, authority, false)?;
        if by.id == *person {
            return Err(SkillsError::OwnEvidence(by.nickname));
        }
        if row.erased || !matches!(row.status, Status::Active | Status::Graduated) {
            return Err(SkillsError::NotActive(row.nickname));
        }
        let track = row
            .programme
            .track
            .ok_or_else(|| SkillsError::NoTrack(row.nickname.clone()))?;
        let c = self
            .skills
            .framework
            .competency(competency)
            .ok_or_else(|| SkillsError::UnknownCompetency(competency.to_string()))?
            .clone();
        if c.track != track {
            return Err(SkillsError::OtherTrack(
                row.nickname,
                track.code().to_owned(),
            ));
        }
        let till = self.config.site.till_id.clone();
        let now = self.clock.now();
        let tx = self.store.write()?;
        skills::ensure_framework(&tx, &self.skills.framework, &now.to_rfc3339())?;
        let standings = standings(&tx, &self.skills, Some(person))?;
        let stand = Self::stand(&c, standings.get(person).and_then(|m| m.get(&c.id)));
        if stand.signed_off.is_some() {
            return Err(SkillsError::AlreadySignedOff(c.name.en));
        }
        if !stand.ready {
            return Err(SkillsError::NotReady(c.name.en, c.rule.text().en));
        }
        let mut s = SignOffRow {
            person: row.id,
            version: self.skills.framework.version,
            competency: c.id.clone(),
            signed_by: by.id,
            on: now.date_naive(),
            at: now.to_rfc3339(),
            journal_seq: 0,
        };
        let mut body = s.journal_body();
        body["till"] = till.clone().into();
        s.journal_seq = journal::append(&tx, &till, &s.at, EventKind::SkillSignedOff, &body)?;
        skills::insert_sign_off(&tx, &s)?;
        restand(&tx, &self.skills, person, &c)?;
        tx.commit().map_err(StoreError::from)?;
        Ok(())
    }

    /// Who is on `track` (and in `cohort`), training or graduated (or on leave, for the
    /// matrix: the queue holds only who can be signed off), within the role of `by` (not
    /// herself), by nickname.
    fn trainees(
        &self,
        by: &super::staff::Staff,
        track: Track,
        cohort: Option<&CohortId>,
        on_leave: bool,
    ) -> Result<Vec<(StaffId, String)>, StoreError> {
        let mut out: Vec<(StaffId, String)> = people::list(self.store.conn())?
            .into_iter()
            .filter(|p| {
                !p.erased
                    && p.id != by.id
                    && Self::within_role(by, p).is_ok()
                    && (matches!(p.status, Status::Active | Status::Graduated)
                        || (on_leave && p.status == Status::OnLeave))
                    && p.programme.track == Some(track)
                    && cohort.is_none_or(|c| p.programme.cohort.as_ref() == Some(c))
            })
            .map(|p| (p.id, p.nickname))
            .collect();
        out.sort_by_key(|a| a.1.to_lowercase());
        Ok(out)
    }

    /// Trainees × competencies of `track` (of `cohort`, or everyone on the track), coloured
    /// by standing, marked ready or signed off. A manager's.
    pub fn progress_matrix(
        &self,
        track: Track,
        cohort: Option<&CohortId>,
        authority: &Authority,
    ) -> Result<Matrix, SkillsError> {
        let by = self.manage(authority)?;
        let people = self.trainees(&by, track, cohort, true)?;
        let competencies: Vec<Competency> =
            self.skills.framework.of_track(track).cloned().collect();
        let kept = skills::all_standings(self.store.conn())?;
        let cells = cells(&kept, &people, &competencies);
        Ok(Matrix {
            track,
            people,
            competencies,
            cells,
        })
    }

    /// Every competency whose rule is met and that is not signed off yet, for everyone
    /// training, by nickname then framework order. A manager's.
    pub fn ready_for_sign_off(&self, authority: &Authority) -> Result<Vec<Ready>, SkillsError> {
        let by = self.manage(authority)?;
        let mut out = Vec::new();
        let kept: Vec<StandingRow> = skills::all_standings(self.store.conn())?
            .into_iter()
            .filter(|s| s.ready)
            .collect();
        for track in Track::ALL {
            let people = self.trainees(&by, track, None, false)?;
            let competencies: Vec<Competency> =
                self.skills.framework.of_track(track).cloned().collect();
            let cells = cells(&kept, &people, &competencies);
            for ((id, nickname), row) in people.iter().zip(&cells) {
                for (c, cell) in competencies.iter().zip(row) {
                    if cell.ready {
                        out.push(Ready {
                            person: id.clone(),
                            nickname: nickname.clone(),
                            competency: c.clone(),
                        });
                    }
                }
            }
        }
        out.sort_by_key(|a| a.nickname.to_lowercase());
        Ok(out)
    }
}
