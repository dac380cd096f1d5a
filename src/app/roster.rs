//! Roster use cases, a manager's: plan a person's shift on a day, copy a week to the next,
//! and read a week (people × days) with attendance and hours per person and per cohort; a
//! person's own week and month of hours and attendance for her page.

use super::Till;
use super::people::PeopleError;
use super::staff::Authority;
use crate::domain::clock::{Shift, shifts};
use crate::domain::people::Status;
use crate::domain::roster::{Day, Planned, RosterError, Tally, attendance, tally, week_of};
use crate::domain::staff::{Role, StaffId};
use crate::store::StoreError;
use crate::store::people::{self, PersonRow};
use crate::store::{clock, roster};
use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, TimeDelta};
use std::collections::HashMap;

#[derive(Debug, thiserror::Error)]
pub enum RosterAppError {
    #[error(transparent)]
    Rule(#[from] RosterError),
    #[error(transparent)]
    People(#[from] PeopleError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("{0} is not active: only who is active is rostered")]
    NotActive(String),
    #[error("a week is copied onto another week, not onto itself")]
    SameWeek,
    #[error("{0} is past: its plan stays as it was, since attendance is measured against it")]
    PastDay(NaiveDate),
    #[error(
        "{0}'s shift today has started: its plan stays as it was, since attendance is measured against it"
    )]
    Started(String),
}

/// One person's row of a roster week.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RosterRow {
    pub id: StaffId,
    pub nickname: String,
    pub role: Role,
    pub cohort: Option<String>,
    /// Monday to Sunday.
    pub days: Vec<Day>,
    pub tally: Tally,
}

/// Hours of a cohort in a week: planned and worked, and by how many people.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CohortHours {
    pub name: String,
    pub people: usize,
    pub planned: TimeDelta,
    pub worked: TimeDelta,
}

/// A roster week, Monday to Sunday: everyone active, and whoever else was planned or
/// worked in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RosterWeek {
    pub monday: NaiveDate,
    pub rows: Vec<RosterRow>,
    pub cohorts: Vec<CohortHours>,
}

/// A person's hours and attendance for her page: this week by day, and this month.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonHours {
    /// Monday to Sunday of this week.
    pub week: Vec<Day>,
    pub week_tally: Tally,
    pub month_tally: Tally,
}

impl Till {
    /// Today, in the till's zone.
    pub fn today(&self) -> NaiveDate {
        self.clock.now().date_naive()
    }

    /// Plans a person's shift on a day, or clears it (`None`). A manager's, for someone
    /// active and not above her role, for a shift not yet started: a plan that attendance is
    /// measured against stays as it was.
    pub fn set_roster(
        &mut self,
        id: &StaffId,
        day: NaiveDate,
        plan: Option<Planned>,
        authority: &Authority,
    ) -> Result<(), RosterAppError> {
        let (by, row) = self.manager_over(id, authority, true)?;
        if day < self.today() {
            return Err(RosterAppError::PastDay(day));
        }
        if plan.is_some() && row.status != Status::Active {
            return Err(RosterAppError::NotActive(row.nickname));
        }
        let now = self.clock.now();
        // Read, check and write under the write lock.
        let tx = self.store.write()?;
        let kept = roster::between(&tx, day, day, Some(id))?;
        if kept
            .iter()
            .map(|s| s.plan)
            .chain(plan)
            .any(|p| started(&p, day, now))
        {
            return Err(RosterAppError::Started(row.nickname));
        }
        roster::set(&tx, id, day, plan, &by.id, &now.to_rfc3339())?;
        tx.commit().map_err(StoreError::from)?;
        Ok(())
    }

    /// Copies the week of `from` onto the week of `to`, for who is still active: days already
    /// planned in the target week keep their plan, and its past days are left alone. Returns
    /// how many shifts were copied.
    pub fn copy_roster_week(
        &mut self,
        from: NaiveDate,
        to: NaiveDate,
        authority: &Authority,
    ) -> Result<usize, RosterAppError> {
        let by = self.manage(authority)?;
        let (from, to) = (week_of(from), week_of(to));
        if from == to {
            return Err(RosterAppError::SameWeek);
        }
        let now = self.clock.now();
        let at = now.to_rfc3339();
        let today = self.today();
        let tx = self.store.write()?;
        let source = roster::between(&tx, from, from + TimeDelta::days(6), None)?;
        let target = roster::between(&tx, to, to + TimeDelta::days(6), None)?;
        let everyone: HashMap<StaffId, PersonRow> = people::list(&tx)?
            .into_iter()
            .map(|p| (p.id.clone(), p))
            .collect();
        let mut copied = 0;
        for s in source {
            let day = to + (s.day - from);
            let active = everyone
                .get(&s.staff)
                .is_some_and(|p| p.status == Status::Active && !p.erased && p.role <= by.role);
            if active
                && day >= today
                && !started(&s.plan, day, now)
                && !target.iter().any(|t| t.staff == s.staff && t.day == day)
            {
                roster::set(&tx, &s.staff, day, Some(s.plan), &by.id, &at)?;
                copied += 1;
            }
        }
        tx.commit().map_err(StoreError::from)?;
        Ok(copied)
    }

    /// Everyone's days from `from` to `to`: plans, attendance and hours worked in shifts
    /// started on them. Reads only the clock events around those days.
    fn days_between(
        &self,
        from: NaiveDate,
        to: NaiveDate,
        only: Option<&StaffId>,
    ) -> Result<HashMap<StaffId, Vec<Day>>, RosterAppError> {
        let now = self.clock.now();
        let conn = self.store.conn();
        let mut plans: HashMap<StaffId, Vec<(NaiveDate, Planned)>> = HashMap::new();
        for s in roster::between(conn, from, to, only)? {
            plans.entry(s.staff).or_default().push((s.day, s.plan));
        }
        let mut worked: HashMap<StaffId, Vec<Shift>> = HashMap::new();
        for (id, events) in clock::events_around(conn, from, to, only)? {
            worked.insert(id, shifts(&events));
        }
        let ids: Vec<StaffId> = plans.keys().chain(worked.keys()).cloned().collect();
        let mut out = HashMap::new();
        for id in ids {
            if out.contains_key(&id) {
                continue;
            }
            let p = plans.get(&id).map_or(&[][..], |v| &v[..]);
            let w = worked.get(&id).map_or(&[][..], |v| &v[..]);
            out.insert(id, attendance(p, w, from, to, now));
        }
        Ok(out)
    }

    /// The roster week that `day` falls in (a manager's).
    pub fn roster_week(
        &self,
        day: NaiveDate,
        authority: &Authority,
    ) -> Result<RosterWeek, RosterAppError> {
        let by = self.manage(authority)?;
        let monday = week_of(day);
        let sunday = monday + TimeDelta::days(6);
        let mut days = self.days_between(monday, sunday, None)?;
        let conn = self.store.conn();
        let cohort_names: HashMap<_, _> = people::cohorts(conn)?
            .into_iter()
            .map(|c| (c.id, c.name))
            .collect();
        let mut rows = Vec::new();
        for p in people::list(conn)? {
            if p.role > by.role {
                continue;
            }
            let week = days.remove(&p.id);
            if week.is_none() && (p.status != Status::Active || p.erased) {
                continue;
            }
            let week =
                week.unwrap_or_else(|| attendance(&[], &[], monday, sunday, self.clock.now()));
            rows.push(RosterRow {
                tally: tally(&week),
                cohort: p
                    .programme
                    .cohort
                    .as_ref()
                    .and_then(|c| cohort_names.get(c).cloned()),
                id: p.id,
                nickname: p.nickname,
                role: p.role,
                days: week,
            });
        }
        let mut cohorts: Vec<CohortHours> = Vec::new();
        for r in &rows {
            let Some(name) = &r.cohort else { continue };
            let i = match cohorts.iter().position(|c| c.name == *name) {
                Some(i) => i,
                None => {
                    cohorts.push(CohortHours {
                        name: name.clone(),
                        people: 0,
                        planned: TimeDelta::zero(),
                        worked: TimeDelta::zero(),
                    });
                    cohorts.len() - 1
                }
            };
            let c = &mut cohorts[i];
            c.people += 1;
            c.planned += r.tally.planned;
            c.worked += r.tally.worked;
        }
        cohorts.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(RosterWeek {
            monday,
            rows,
            cohorts,
        })
    }

    /// A person's week (Monday to Sunday, this week) and month of hours and attendance, for
    /// her page (a manager's, for someone not above her role).
    pub fn person_hours(
        &self,
        id: &StaffId,
        authority: &Authority,
    ) -> Result<PersonHours, RosterAppError> {
        self.manager_over(id, authority, false)?;
        let today = self.today();
        let monday = week_of(today);
        let first = today.with_day(1).unwrap_or(today);
        let last = last_of_month(first);
        let from = monday.min(first);
        let to = (monday + TimeDelta::days(6)).max(last);
        let all = self
            .days_between(from, to, Some(id))?
            .remove(id)
            .unwrap_or_else(|| attendance(&[], &[], from, to, self.clock.now()));
        let week: Vec<Day> = all
            .iter()
            .filter(|d| (monday..monday + TimeDelta::days(7)).contains(&d.date))
            .cloned()
            .collect();
        let month: Vec<Day> = all
            .iter()
            .filter(|d| (first..=last).contains(&d.date))
            .cloned()
            .collect();
        Ok(PersonHours {
            week_tally: tally(&week),
            month_tally: tally(&month),
            week,
        })
    }
}

/// The end of the rostered shift that a clock-in at `since` belongs to, if she was rostered
/// then (the shift of that day, of the day before for a night shift, or of the next day for a
/// clock-in before an early start).
pub(super) fn rostered_end(
    conn: &rusqlite::Connection,
    id: &StaffId,
    since: DateTime<FixedOffset>,
    offset: FixedOffset,
) -> Result<Option<DateTime<FixedOffset>>, StoreError> {
    let day = since.with_timezone(&offset).date_naive();
    // A clock-in late at night may be for the next day's early shift.
    let plans = roster::between(
        conn,
        day - TimeDelta::days(1),
        day + TimeDelta::days(1),
        Some(id),
    )?;
    Ok(plans
        .iter()
        .find(|s| s.plan.takes_clock_in(s.day, offset, since))
        .map(|s| s.plan.on(s.day, offset).1))
}

/// Whether a plan on `day` has started by `now`.
fn started(plan: &Planned, day: NaiveDate, now: DateTime<FixedOffset>) -> bool {
    plan.on(day, *now.offset()).0 <= now
}

fn last_of_month(first: NaiveDate) -> NaiveDate {
    let next = if first.month() == 12 {
        NaiveDate::from_ymd_opt(first.year() + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(first.year(), first.month() + 1, 1)
    };
    next.map_or(first, |n| n - TimeDelta::days(1))
}
