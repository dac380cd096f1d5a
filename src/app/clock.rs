//! Time clock use cases: clocking in and out, and breaks, with a PIN at the sign-in screen
//! (signing in to sell is not clocking in); forgotten clock-outs closed and flagged; a
//! manager's corrections with who, why and the old time; hours for a range of days.

use super::Till;
use super::people::PeopleError;
use super::staff::{Authority, SignInError, Staff};
use crate::domain::clock::{
    ClockError, ClockEvent, ClockKind, ClockState, Shift, check_correction, check_next,
    forgotten_close, open_shift_start, shifts, state,
};
use crate::domain::staff::{Role, StaffId};
use crate::store::StoreError;
use crate::store::clock::{self, CorrectionRow};
use chrono::{DateTime, FixedOffset, NaiveDate, TimeDelta};

#[derive(Debug, thiserror::Error)]
pub enum ClockAppError {
    #[error(transparent)]
    Clock(#[from] ClockError),
    #[error(transparent)]
    SignIn(#[from] SignInError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    People(#[from] PeopleError),
    #[error("no such clock event for this person")]
    NoSuchEvent,
    #[error("nobody is signed in: clock in with your PIN on the sign-in screen")]
    NobodySignedIn,
}

/// What a clock tap did: who, what, when, and the hours of the shift it ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clocked {
    pub nickname: String,
    pub kind: ClockKind,
    pub at: DateTime<FixedOffset>,
    pub worked: Option<TimeDelta>,
}

/// A person's hours over a span of days: shifts that started in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hours {
    pub id: StaffId,
    pub nickname: String,
    pub role: Role,
    pub shifts: usize,
    pub worked: TimeDelta,
    /// Shifts the till closed after a forgotten clock-out, not yet corrected by a manager.
    pub to_review: usize,
}

impl Till {
    /// Clocks a person in or out (or starts or ends her break) with her PIN, counted like a
    /// sign-in's. Nobody is signed in by it.
    pub fn clock_with_pin(
        &mut self,
        id: &StaffId,
        pin: &str,
        kind: ClockKind,
    ) -> Result<Clocked, ClockAppError> {
        let staff = self.check_pin(id, pin)?;
        self.clock(&staff, kind)
    }

    /// Clocks whoever is signed in in or out (the top bar's button, which says which): her
    /// PIN was typed to sign in. Refused in words when she already is where the tap would
    /// put her (another till clocked her in the meantime).
    pub fn clock_on_duty(&mut self, kind: ClockKind) -> Result<Clocked, ClockAppError> {
        let staff = self
            .on_duty()
            .cloned()
            .ok_or(ClockAppError::NobodySignedIn)?;
        self.clock(&staff, kind)
    }

    /// The next tap of the clock for a person: in when out, out when in or on a break.
    pub fn clock_toggle_kind(&self, id: &StaffId) -> Result<ClockKind, ClockAppError> {
        Ok(match self.clock_state(id)? {
            ClockState::Out => ClockKind::In,
            _ => ClockKind::Out,
        })
    }

    /// The break tap: a break starts when in, ends when on one.
    pub fn break_toggle_kind(&self, id: &StaffId) -> Result<ClockKind, ClockAppError> {
        Ok(match self.clock_state(id)? {
            ClockState::OnBreak { .. } => ClockKind::BreakEnd,
            _ => ClockKind::BreakStart,
        })
    }

    fn clock(&mut self, staff: &Staff, kind: ClockKind) -> Result<Clocked, ClockAppError> {
        self.close_forgotten_clock_out(&staff.id)?;
        let now = self.clock.now();
        let at = now.to_rfc3339();
        // Read, check and write under the write lock: a second till process or
        // `mekong hours` cannot slip an event in between.
        let tx = self.store.write()?;
        let events = clock::since_last_in(&tx, &staff.id)?;
        check_next(state(&events), kind)?;
        if let Some(last) = events.last().map(|e| e.at)
            && now < last
        {
            return Err(ClockError::ClockBehind { now, last }.into());
        }
        clock::insert_event(&tx, &staff.id, kind, &at, &at, false)?;
        let worked = if kind == ClockKind::Out {
            let events = clock::since_last_in(&tx, &staff.id)?;
            shifts(&events).last().map(|s| s.worked(now))
        } else {
            None
        };
        tx.commit().map_err(StoreError::from)?;
        Ok(Clocked {
            nickname: staff.nickname.clone(),
            kind,
            at: now,
            worked,
        })
    }

    /// Where a person stands on the clock now (a forgotten clock-out counts as out).
    pub fn clock_state(&self, id: &StaffId) -> Result<ClockState, ClockAppError> {
        let events = clock::since_last_in(self.store.conn(), id)?;
        Ok(
            if forgotten(self.store.conn(), id, &events, self.clock.now())?.is_some() {
                ClockState::Out
            } else {
                state(&events)
            },
        )
    }

    /// Closes a person's shift left open past the limit, at the rostered end (else 8 hours
    /// in), flagged for a manager. Returns whether it did.
    pub fn close_forgotten_clock_out(&mut self, id: &StaffId) -> Result<bool, ClockAppError> {
        let now = self.clock.now();
        // Read first: most people have nothing to close, and need no write lock.
        let events = clock::since_last_in(self.store.conn(), id)?;
        if forgotten(self.store.conn(), id, &events, now)?.is_none() {
            return Ok(false);
        }
        // Then again under the write lock: another till may have clocked her out meanwhile.
        let tx = self.store.write()?;
        let events = clock::since_last_in(&tx, id)?;
        let Some(close) = forgotten(&tx, id, &events, now)? else {
            return Ok(false);
        };
        clock::insert_event(
            &tx,
            id,
            ClockKind::Out,
            &close.to_rfc3339(),
            &now.to_rfc3339(),
            true,
        )?;
        tx.commit().map_err(StoreError::from)?;
        tracing::warn!("a forgotten clock-out of {id} was closed at {close}, for a manager");
        Ok(true)
    }

    /// Closes every forgotten clock-out (before the hours are reported).
    pub fn close_forgotten_clock_outs(&mut self) -> Result<usize, ClockAppError> {
        let mut n = 0;
        for p in crate::store::people::list(self.store.conn())? {
            n += usize::from(self.close_forgotten_clock_out(&p.id)?);
        }
        Ok(n)
    }

    /// A person's clock events, oldest first, at the times in force.
    pub fn clock_events(&self, id: &StaffId) -> Result<Vec<ClockEvent>, ClockAppError> {
        Ok(clock::events_of(self.store.conn(), id)?)
    }

    /// A manager corrects a clock time, saying why; the old time is kept with the correction.
    pub fn correct_clock(
        &mut self,
        id: &StaffId,
        event_id: i64,
        new_at: DateTime<FixedOffset>,
        reason: &str,
        authority: &Authority,
    ) -> Result<(), ClockAppError> {
        let (by, _) = self.manager_over(id, authority, true)?;
        if by.id == *id {
            return Err(PeopleError::Themselves.into());
        }
        let now = self.clock.now();
        // Read, check and write under the write lock: no tap slips in between.
        let tx = self.store.write()?;
        let events = clock::events_of(&tx, id)?;
        let index = events
            .iter()
            .position(|e| e.id == event_id)
            .ok_or(ClockAppError::NoSuchEvent)?;
        check_correction(&events, index, new_at, reason, now)?;
        clock::insert_correction(
            &tx,
            event_id,
            &events[index].at.to_rfc3339(),
            &new_at.to_rfc3339(),
            &by.id,
            reason.trim(),
            &now.to_rfc3339(),
        )?;
        tx.commit().map_err(StoreError::from)?;
        Ok(())
    }

    /// Every correction of a person's clock, with who and why (a manager's).
    pub fn clock_corrections(
        &self,
        id: &StaffId,
        authority: &Authority,
    ) -> Result<Vec<CorrectionRow>, ClockAppError> {
        self.manager_over(id, authority, false)?;
        Ok(clock::corrections_of(self.store.conn(), id)?)
    }

    /// A person's shifts started in the last `days` days (today included), newest first, for
    /// a manager to look at and correct.
    pub fn recent_shifts(
        &self,
        id: &StaffId,
        days: i64,
        authority: &Authority,
    ) -> Result<Vec<Shift>, ClockAppError> {
        self.manager_over(id, authority, false)?;
        let now = self.clock.now();
        let to = now.date_naive();
        let from = to - TimeDelta::days(days - 1);
        let events = clock::events_around(self.store.conn(), from, to, Some(id))?
            .remove(id)
            .unwrap_or_default();
        let offset = *now.offset();
        let mut within: Vec<Shift> = shifts(&events)
            .into_iter()
            .filter(|s| (from..=to).contains(&s.start.with_timezone(&offset).date_naive()))
            .collect();
        within.reverse();
        Ok(within)
    }

    /// Everyone's shifts that started on the days `from` to `to` (the till's dates). Reads
    /// only the clock events around those days.
    pub fn hours(&self, from: NaiveDate, to: NaiveDate) -> Result<Vec<Hours>, ClockAppError> {
        let now = self.clock.now();
        let offset = *now.offset();
        let mut events = clock::events_around(self.store.conn(), from, to, None)?;
        let mut out = Vec::new();
        for p in crate::store::people::list(self.store.conn())? {
            let Some(events) = events.remove(&p.id) else {
                continue;
            };
            let within: Vec<Shift> = shifts(&events)
                .into_iter()
                .filter(|s| (from..=to).contains(&s.start.with_timezone(&offset).date_naive()))
                .collect();
            if within.is_empty() {
                continue;
            }
            out.push(Hours {
                worked: within.iter().map(|s| s.worked(now)).sum(),
                shifts: within.len(),
                to_review: within.iter().filter(|s| s.needs_review).count(),
                id: p.id,
                nickname: p.nickname,
                role: p.role,
            });
        }
        Ok(out)
    }
}

/// When a person's open shift counts as forgotten at `now`, the time it closes at: her
/// rostered end, else 8 hours in (or her last tap, if later).
fn forgotten(
    conn: &rusqlite::Connection,
    id: &StaffId,
    events: &[ClockEvent],
    now: DateTime<FixedOffset>,
) -> Result<Option<DateTime<FixedOffset>>, ClockAppError> {
    let Some(since) = open_shift_start(events) else {
        return Ok(None);
    };
    if now - since < TimeDelta::hours(crate::domain::clock::FORGOTTEN_AFTER_HOURS) {
        return Ok(None);
    }
    let end = super::roster::rostered_end(conn, id, since, *now.offset())?;
    Ok(forgotten_close(events, now, end))
}
