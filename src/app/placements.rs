//! Placements: the café's employer partners, each trainee's placements from referral to the
//! job's end, the follow-ups of her first year in it, and the programme's outcome indicators.
//! All a manager's; every change to a placement and every follow-up is journalled with who
//! made it. Partners' contacts and every note stay on the till.

use super::people::PeopleError;
use super::{Till, staff::Authority};
use crate::domain::journal::EventKind;
use crate::domain::placements::{
    self as rules, Consent, Due, Employer, EmployerId, EndReason, FollowUp, Indicators, Job,
    Outcome, Placement, PlacementError, Stage,
};
use crate::domain::staff::StaffId;
use crate::store::placements::{self as store, EmployerRow, FollowUpRow, PlacementRow};
use crate::store::{StoreError, journal, people};
use chrono::{DateTime, FixedOffset, NaiveDate};

#[derive(Debug, thiserror::Error)]
pub enum PlacementsError {
    #[error(transparent)]
    People(#[from] PeopleError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Rule(#[from] PlacementError),
    #[error("there is already a partner called {0:?}")]
    NameTaken(String),
    #[error("no such employer partner")]
    NoSuchEmployer,
    #[error("{0} is archived: bring it back from the archive before placing anyone with it")]
    Archived(String),
    #[error("{0} has {1} open placement(s): end them (or wait until they end) before archiving it")]
    OpenPlacements(String, u32),
    #[error("{0} has placements: it can be archived, never deleted")]
    HasPlacements(String),
    #[error("no such placement")]
    NoSuchPlacement,
    #[error("{0} has been erased: nothing new is recorded about her")]
    Erased(String),
    #[error("{0} is a {1}: placements are for trainees and graduates")]
    NotATrainee(String, String),
    #[error("she has no follow-ups to record: she said no to being contacted ({0})")]
    NoConsent(String),
}

/// A new placement: a trainee referred to a partner for a job.
#[derive(Debug, Clone)]
pub struct NewPlacement {
    pub person: StaffId,
    pub employer: EmployerId,
    pub referred_on: NaiveDate,
    pub job: Job,
    pub consent: Option<Consent>,
}

/// A follow-up being recorded.
#[derive(Debug, Clone)]
pub struct NewFollowUp {
    pub placement: i64,
    pub month: u32,
    pub on: NaiveDate,
    pub outcome: Outcome,
    pub note: String,
}

/// A follow-up to make, with the placement it is of.
#[derive(Debug, Clone)]
pub struct DueRow {
    pub placement: PlacementRow,
    pub due: Due,
}

/// An employer partner's page: its details, placements and own retention at 3, 6 and 12
/// months (still with it).
#[derive(Debug, Clone)]
pub struct EmployerPage {
    pub employer: EmployerRow,
    pub placements: Vec<PlacementRow>,
    pub retention: [rules::Retention; 3],
}

impl Till {
    fn not_future(on: NaiveDate, today: NaiveDate) -> Result<(), PlacementsError> {
        if on > today {
            return Err(PlacementError::Future { on }.into());
        }
        Ok(())
    }

    /// Every employer partner, archived ones too.
    pub fn employers(&self, authority: &Authority) -> Result<Vec<EmployerRow>, PlacementsError> {
        self.manage(authority)?;
        Ok(store::employers(self.store.conn())?)
    }

    /// Adds a partner (or, with `id`, changes one kept): names are unique, case aside.
    pub fn put_employer(
        &mut self,
        id: Option<&EmployerId>,
        employer: &Employer,
        authority: &Authority,
    ) -> Result<EmployerId, PlacementsError> {
        self.manage(authority)?;
        if let Some(agreed) = employer.agreement_on {
            Self::not_future(agreed, self.today())?;
        }
        let kept = store::employers(self.store.conn())?;
        if let Some(id) = id
            && !kept.iter().any(|e| e.id == *id)
        {
            return Err(PlacementsError::NoSuchEmployer);
        }
        if kept
            .iter()
            .any(|e| Some(&e.id) != id && employer.same_name(e.employer.name()))
        {
            return Err(PlacementsError::NameTaken(employer.name().to_owned()));
        }
        let id = id
            .cloned()
            .unwrap_or_else(|| EmployerId(uuid::Uuid::now_v7().to_string()));
        let (at, till) = (
            self.clock.now().to_rfc3339(),
            self.config.site.till_id.clone(),
        );
        let tx = self.store.write()?;
        store::put_employer(&tx, &id, employer, &at)?;
        Self::journal_partner(&tx, &till, &at, &id, "saved")?;
        tx.commit().map_err(StoreError::from)?;
        Ok(id)
    }

    /// The journal record of a change to a partner: the partner as it now stands (none once
    /// deleted), without its contact or note.
    fn journal_partner(
        tx: &rusqlite::Transaction<'_>,
        till: &str,
        at: &str,
        id: &EmployerId,
        change: &str,
    ) -> Result<i64, StoreError> {
        let mut body = match store::employer(tx, id)? {
            Some(row) => row.journal_body(),
            None => serde_json::json!({ "partner": id.as_str(), "deleted": true }),
        };
        body["till"] = till.into();
        body["change"] = change.into();
        journal::append(tx, till, at, EventKind::Partner, &body)
    }

    fn employer_row(&self, id: &EmployerId) -> Result<EmployerRow, PlacementsError> {
        store::employer(self.store.conn(), id)?.ok_or(PlacementsError::NoSuchEmployer)
    }

    /// Archives a partner (it leaves the lists; its placements and their figures stay), or
    /// brings it back. Refused while it has open placements.
    pub fn archive_employer(
        &mut self,
        id: &EmployerId,
        archive: bool,
        authority: &Authority,
    ) -> Result<(), PlacementsError> {
        self.manage(authority)?;
        let row = self.employer_row(id)?;
        if archive && row.open > 0 {
            return Err(PlacementsError::OpenPlacements(
                row.employer.name().to_owned(),
                row.open,
            ));
        }
        // Archived once: the day it was archived stays.
        let on = match (archive, row.archived_on) {
            (true, Some(kept)) => Some(kept),
            (true, None) => Some(self.today()),
            (false, _) => None,
        };
        let (at, till) = (
            self.clock.now().to_rfc3339(),
            self.config.site.till_id.clone(),
        );
        let tx = self.store.write()?;
        store::set_archived(&tx, id, on)?;
        let change = if archive { "archived" } else { "restored" };
        Self::journal_partner(&tx, &till, &at, id, change)?;
        tx.commit().map_err(StoreError::from)?;
        Ok(())
    }

    /// Deletes a partner added by mistake: only one with no placements.
    pub fn delete_employer(
        &mut self,
        id: &EmployerId,
        authority: &Authority,
    ) -> Result<(), PlacementsError> {
        self.manage(authority)?;
        let row = self.employer_row(id)?;
        if row.placements > 0 {
            return Err(PlacementsError::HasPlacements(
                row.employer.name().to_owned(),
            ));
        }
        let (at, till) = (
            self.clock.now().to_rfc3339(),
            self.config.site.till_id.clone(),
        );
        let tx = self.store.write()?;
        store::delete_employer(&tx, id)?;
        Self::journal_partner(&tx, &till, &at, id, "deleted")?;
        tx.commit().map_err(StoreError::from)?;
        Ok(())
    }

    /// A partner's page: its placements and its own retention (still with it).
    pub fn employer_page(
        &self,
        id: &EmployerId,
        authority: &Authority,
    ) -> Result<EmployerPage, PlacementsError> {
        self.manage(authority)?;
        let employer = self.employer_row(id)?;
        let all = store::followed(self.store.conn())?;
        let mine: Vec<_> = all
            .into_iter()
            .filter(|(p, _)| p.employer_id == *id)
            .collect();
        let followed = store::as_followed(&mine);
        let today = self.today();
        let by = |m| {
            rules::by_employer(&followed, m, today)
                .remove(employer.employer.name())
                .map(|(_, r)| r)
                .unwrap_or(rules::Retention {
                    month: m,
                    ..Default::default()
                })
        };
        Ok(EmployerPage {
            retention: [by(3), by(6), by(12)],
            placements: mine.into_iter().map(|(p, _)| p).collect(),
            employer,
        })
    }

    /// Every placement, oldest first, for the pipeline board.
    pub fn placements(&self, authority: &Authority) -> Result<Vec<PlacementRow>, PlacementsError> {
        self.manage(authority)?;
        Ok(store::placements(self.store.conn())?)
    }

    /// A placement with its follow-ups.
    pub fn placement(
        &self,
        id: i64,
        authority: &Authority,
    ) -> Result<(PlacementRow, Vec<FollowUpRow>), PlacementsError> {
        self.manage(authority)?;
        let row =
            store::placement(self.store.conn(), id)?.ok_or(PlacementsError::NoSuchPlacement)?;
        let ups = store::follow_ups(self.store.conn(), std::slice::from_ref(&row))?
            .remove(&id)
            .unwrap_or_default();
        Ok((row, ups))
    }

    /// Refers a trainee (or graduate) to a partner for a job. Returns the placement's number.
    pub fn refer(
        &mut self,
        new: &NewPlacement,
        authority: &Authority,
    ) -> Result<i64, PlacementsError> {
        let now = self.clock.now();
        self.refer_at(new, authority, now)
    }

    pub(super) fn refer_at(
        &mut self,
        new: &NewPlacement,
        authority: &Authority,
        now: DateTime<FixedOffset>,
    ) -> Result<i64, PlacementsError> {
        let (by, person) = self.manager_over(&new.person, authority, false)?;
        if person.erased {
            return Err(PlacementsError::Erased(person.nickname));
        }
        if person.role != crate::domain::staff::Role::Trainee {
            return Err(PlacementsError::NotATrainee(
                person.nickname,
                person.role.code().to_owned(),
            ));
        }
        Self::not_future(new.referred_on, now.date_naive())?;
        if let Some(c) = new.consent {
            Self::not_future(c.on, now.date_naive())?;
        }
        let employer = self.employer_row(&new.employer)?;
        if employer.archived_on.is_some() {
            return Err(PlacementsError::Archived(
                employer.employer.name().to_owned(),
            ));
        }
        let mut placement = Placement::new(
            new.person.clone(),
            employer.employer.name(),
            employer.employer.sector,
            new.referred_on,
            new.job.clone(),
        );
        if let Some(c) = new.consent {
            placement.answer(c)?;
        }
        let till = self.config.site.till_id.clone();
        let tx = self.store.write()?;
        let hers: Vec<Placement> = store::placements_of(&tx, &new.person)?
            .into_iter()
            .map(|r| r.placement)
            .collect();
        placement.not_a_duplicate(&hers)?;
        let mut row = PlacementRow {
            id: store::next_placement_id(&tx)?,
            employer_id: new.employer.clone(),
            nickname: person.nickname,
            placement,
            erased: false,
            created_by: by.id.clone(),
            created_at: now.to_rfc3339(),
            journal_seq: 0,
        };
        row.journal_seq = Self::journal_placement(&till, &tx, &row, &by.id, "referred", &now)?;
        store::put_placement(&tx, &row)?;
        tx.commit().map_err(StoreError::from)?;
        Ok(row.id)
    }

    fn journal_placement(
        till: &str,
        tx: &rusqlite::Transaction<'_>,
        row: &PlacementRow,
        by: &StaffId,
        change: &str,
        now: &DateTime<FixedOffset>,
    ) -> Result<i64, StoreError> {
        let mut body = row.journal_body();
        body["till"] = till.into();
        body["by"] = by.as_str().into();
        body["change"] = change.into();
        journal::append(tx, till, &now.to_rfc3339(), EventKind::Placement, &body)
    }

    /// Changes a placement by `change` (a rule of the domain), journalled as `what`.
    fn move_placement(
        &mut self,
        id: i64,
        authority: &Authority,
        now: DateTime<FixedOffset>,
        what: &str,
        change: impl FnOnce(&mut Placement) -> Result<(), PlacementError>,
    ) -> Result<(), PlacementsError> {
        let by = self.manage(authority)?;
        let till = self.config.site.till_id.clone();
        let tx = self.store.write()?;
        let mut row = store::placement(&tx, id)?.ok_or(PlacementsError::NoSuchPlacement)?;
        let person = people::get(&tx, &row.placement.person)?.ok_or(PeopleError::Unknown)?;
        Self::within_role(&by, &person)?;
        if person.erased {
            return Err(PlacementsError::Erased(person.nickname));
        }
        change(&mut row.placement)?;
        row.journal_seq = Self::journal_placement(&till, &tx, &row, &by.id, what, &now)?;
        store::put_placement(&tx, &row)?;
        tx.commit().map_err(StoreError::from)?;
        Ok(())
    }

    /// She has an interview, or an offer.
    pub fn advance_placement(
        &mut self,
        id: i64,
        to: Stage,
        authority: &Authority,
    ) -> Result<(), PlacementsError> {
        let now = self.clock.now();
        self.move_placement(id, authority, now, to.code(), |p| p.advance(to))
    }

    /// She started the job on `on`: its follow-ups at 1, 3, 6 and 12 months fall due from it.
    pub fn start_placement(
        &mut self,
        id: i64,
        on: NaiveDate,
        authority: &Authority,
    ) -> Result<(), PlacementsError> {
        let now = self.clock.now();
        self.start_placement_at(id, on, authority, now)
    }

    pub(super) fn start_placement_at(
        &mut self,
        id: i64,
        on: NaiveDate,
        authority: &Authority,
        now: DateTime<FixedOffset>,
    ) -> Result<(), PlacementsError> {
        Self::not_future(on, now.date_naive())?;
        self.move_placement(id, authority, now, "started", |p| p.start(on))
    }

    /// The job ended on `on`, for `reason`.
    pub fn end_placement(
        &mut self,
        id: i64,
        on: NaiveDate,
        reason: EndReason,
        authority: &Authority,
    ) -> Result<(), PlacementsError> {
        let now = self.clock.now();
        self.end_placement_at(id, on, reason, authority, now)
    }

    pub(super) fn end_placement_at(
        &mut self,
        id: i64,
        on: NaiveDate,
        reason: EndReason,
        authority: &Authority,
        now: DateTime<FixedOffset>,
    ) -> Result<(), PlacementsError> {
        Self::not_future(on, now.date_naive())?;
        let what = if reason == EndReason::NotHired {
            "not-hired"
        } else {
            "ended"
        };
        self.move_placement(id, authority, now, what, |p| p.end(on, reason))
    }

    /// Her answer about being contacted for follow-ups.
    pub fn answer_consent(
        &mut self,
        id: i64,
        consent: Consent,
        authority: &Authority,
    ) -> Result<(), PlacementsError> {
        let now = self.clock.now();
        Self::not_future(consent.on, now.date_naive())?;
        self.move_placement(id, authority, now, "consent", |p| p.answer(consent))
    }

    /// Records a follow-up (reached or not). Returns its number.
    pub fn record_follow_up(
        &mut self,
        new: &NewFollowUp,
        authority: &Authority,
    ) -> Result<i64, PlacementsError> {
        let now = self.clock.now();
        self.record_follow_up_at(new, authority, now)
    }

    pub(super) fn record_follow_up_at(
        &mut self,
        new: &NewFollowUp,
        authority: &Authority,
        now: DateTime<FixedOffset>,
    ) -> Result<i64, PlacementsError> {
        let by = self.manage(authority)?;
        Self::not_future(new.on, now.date_naive())?;
        let note = rules::follow_up_note(&new.note)?;
        let till = self.config.site.till_id.clone();
        let tx = self.store.write()?;
        let placement =
            store::placement(&tx, new.placement)?.ok_or(PlacementsError::NoSuchPlacement)?;
        let person = people::get(&tx, &placement.placement.person)?.ok_or(PeopleError::Unknown)?;
        Self::within_role(&by, &person)?;
        if person.erased {
            return Err(PlacementsError::Erased(person.nickname));
        }
        // Without her yes she is not chased: nothing is recorded as if she had been.
        if !placement.placement.may_contact() {
            return Err(PlacementsError::NoConsent(person.nickname));
        }
        let follow_up = FollowUp::new(&placement.placement, new.month, new.on, new.outcome)?;
        let mut row = FollowUpRow {
            id: store::next_follow_up_id(&tx)?,
            placement: new.placement,
            follow_up,
            note,
            by: by.id.clone(),
            at: now.to_rfc3339(),
            journal_seq: 0,
        };
        let mut body = row.journal_body();
        body["till"] = till.clone().into();
        row.journal_seq = journal::append(&tx, &till, &row.at, EventKind::FollowUp, &body)?;
        store::insert_follow_up(&tx, &row)?;
        tx.commit().map_err(StoreError::from)?;
        Ok(row.id)
    }

    /// The follow-ups to make today, oldest first (none of a woman who said no).
    pub fn follow_ups_due(&self, authority: &Authority) -> Result<Vec<DueRow>, PlacementsError> {
        self.manage(authority)?;
        // An erased woman is not chased (nothing can be recorded about her any more).
        let rows: Vec<_> = store::followed(self.store.conn())?
            .into_iter()
            .filter(|(p, _)| !p.erased)
            .collect();
        let due = rules::due_follow_ups(&store::as_followed(&rows), self.today());
        Ok(due
            .into_iter()
            .map(|d| DueRow {
                placement: rows[d.index].0.clone(),
                due: d,
            })
            .collect())
    }

    /// The programme's indicators from `from` to `to`, as of today: counts and medians only.
    pub fn indicators(&self, from: NaiveDate, to: NaiveDate) -> Result<Indicators, StoreError> {
        let conn = self.store.conn();
        let followed = store::as_followed(&store::followed(conn)?);
        let graduates = store::graduates(conn)?;
        let trainees = store::trainees(conn)?;
        Ok(rules::indicators(
            &rules::Programme {
                placements: &followed,
                graduates: &graduates,
                trainees: &trainees,
            },
            from,
            to,
            self.today(),
        ))
    }

    /// Every placement with its follow-ups, for `mekong placements export`: outcomes and
    /// dates, never the notes (they stay on the screen).
    pub fn placements_export(&self) -> Result<Vec<(PlacementRow, Vec<FollowUpRow>)>, StoreError> {
        let mut rows = store::followed(self.store.conn())?;
        for (_, ups) in &mut rows {
            for u in ups {
                u.note.clear();
            }
        }
        Ok(rows)
    }

    /// Every partner (archived ones too) with its own retention at 6 months, for the list.
    pub fn partners(
        &self,
        authority: &Authority,
    ) -> Result<Vec<(EmployerRow, rules::Retention)>, PlacementsError> {
        self.manage(authority)?;
        let conn = self.store.conn();
        let followed = store::as_followed(&store::followed(conn)?);
        let mut retention = rules::by_employer(&followed, 6, self.today());
        Ok(store::employers(conn)?
            .into_iter()
            .map(|e| {
                let r = retention
                    .remove(e.employer.name())
                    .map(|(_, r)| r)
                    .unwrap_or_default();
                (e, r)
            })
            .collect())
    }
}
