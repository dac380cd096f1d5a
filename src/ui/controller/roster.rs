//! The roster week, opened from the People screen under the manager's authority held there:
//! the week shown, the shift being planned (start and length nudged by half hours) and what
//! the last tap did.

use super::*;
use crate::domain::roster::{MAX_SHIFT_MINUTES, Planned, RosterError, week_of};
use chrono::{NaiveDate, NaiveTime, TimeDelta, Timelike};

/// A start or length moves by this many minutes a tap.
pub const NUDGE_MINUTES: i64 = 30;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RosterEdit {
    pub id: StaffId,
    pub nickname: String,
    pub day: NaiveDate,
    /// Minutes after midnight.
    pub start: i64,
    /// May be nudged to 0 or past 16 hours: saving then says why not.
    pub minutes: i64,
}

impl RosterEdit {
    pub fn start_text(&self) -> String {
        format!("{:02}:{:02}", self.start / 60, self.start % 60)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RosterNote {
    Planned,
    Cleared,
    Copied(usize),
    /// A length out of bounds, in minutes.
    Length(i64),
    Problem(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RosterView {
    pub monday: NaiveDate,
    pub edit: Option<RosterEdit>,
    /// Whose shift the last note is about, when it is about one.
    pub about: String,
    pub message: Option<RosterNote>,
}

impl Controller {
    /// Opens this week's roster over the People screen.
    pub fn open_roster(&mut self) {
        let monday = week_of(self.till.today());
        // A clock-out forgotten since is closed at the rostered end before the week is shown.
        let closed = self.till.close_forgotten_clock_outs();
        if let Some(v) = &mut self.people {
            v.roster = Some(RosterView {
                monday,
                edit: None,
                about: String::new(),
                message: closed.err().map(|e| RosterNote::Problem(e.to_string())),
            });
        }
    }

    pub fn roster_close(&mut self) {
        if let Some(v) = &mut self.people {
            v.roster = None;
        }
    }

    fn roster(&mut self) -> Option<&mut RosterView> {
        self.people.as_mut()?.roster.as_mut()
    }

    /// Moves the week shown by `weeks`; 0 goes to this week.
    pub fn roster_week_step(&mut self, weeks: i64) {
        let this = week_of(self.till.today());
        if let Some(r) = self.roster() {
            r.monday = if weeks == 0 {
                this
            } else {
                r.monday + TimeDelta::weeks(weeks)
            };
            r.edit = None;
            r.message = None;
        }
    }

    /// Copies last week's plan onto the week shown.
    pub fn roster_copy_last_week(&mut self) {
        let Some(v) = &mut self.people else { return };
        let Some(r) = &mut v.roster else { return };
        let result =
            self.till
                .copy_roster_week(r.monday - TimeDelta::weeks(1), r.monday, &v.authority);
        r.edit = None;
        r.message = Some(match result {
            Ok(n) => RosterNote::Copied(n),
            Err(e) => RosterNote::Problem(e.to_string()),
        });
    }

    /// Opens the shift of row `row` on day `day` (0 Monday) to plan it: its plan, else the
    /// day before's, else 07:00 for 8 hours.
    pub fn roster_pick(&mut self, row: usize, day: usize) {
        let Some(v) = &mut self.people else { return };
        let Some(r) = &mut v.roster else { return };
        if day > 6 {
            return;
        }
        let week = match self.till.roster_week(r.monday, &v.authority) {
            Ok(w) => w,
            Err(e) => {
                r.message = Some(RosterNote::Problem(e.to_string()));
                return;
            }
        };
        let Some(person) = week.rows.get(row) else {
            return;
        };
        let plan = person.days[day]
            .plan
            .or_else(|| day.checked_sub(1).and_then(|d| person.days[d].plan));
        let (start, minutes) = plan.map_or((7 * 60, 8 * 60), |p| {
            (
                i64::from(p.start().num_seconds_from_midnight() / 60),
                i64::from(p.minutes()),
            )
        });
        r.edit = Some(RosterEdit {
            id: person.id.clone(),
            nickname: person.nickname.clone(),
            day: person.days[day].date,
            start,
            minutes,
        });
        r.message = None;
    }

    /// Moves the start by `steps` half hours, round the clock.
    pub fn roster_nudge_start(&mut self, steps: i64) {
        if let Some(e) = self.roster().and_then(|r| r.edit.as_mut()) {
            e.start = (e.start + steps * NUDGE_MINUTES).rem_euclid(24 * 60);
        }
    }

    /// Makes the shift `steps` half hours longer (or shorter), from 0 to half an hour past
    /// the longest, so a length out of bounds is said, not silently stopped.
    pub fn roster_nudge_length(&mut self, steps: i64) {
        if let Some(e) = self.roster().and_then(|r| r.edit.as_mut()) {
            e.minutes = (e.minutes + steps * NUDGE_MINUTES)
                .clamp(0, i64::from(MAX_SHIFT_MINUTES) + NUDGE_MINUTES);
        }
    }

    /// Plans the shift being edited (`save`) or clears it.
    pub fn roster_save(&mut self, save: bool) {
        let Some(v) = &mut self.people else { return };
        let Some(r) = &mut v.roster else { return };
        let Some(e) = r.edit.clone() else { return };
        let plan = if save {
            let start = NaiveTime::from_num_seconds_from_midnight_opt((e.start * 60) as u32, 0)
                .unwrap_or_default();
            match Planned::new(start, u32::try_from(e.minutes).unwrap_or(0)) {
                Ok(p) => Some(p),
                Err(RosterError::Length(_)) => {
                    r.message = Some(RosterNote::Length(e.minutes));
                    return;
                }
                Err(other) => {
                    r.message = Some(RosterNote::Problem(other.to_string()));
                    return;
                }
            }
        } else {
            None
        };
        r.about = e.nickname.clone();
        match self.till.set_roster(&e.id, e.day, plan, &v.authority) {
            Ok(()) => {
                r.edit = None;
                r.message = Some(if save {
                    RosterNote::Planned
                } else {
                    RosterNote::Cleared
                });
            }
            Err(err) => r.message = Some(RosterNote::Problem(err.to_string())),
        }
    }

    pub fn roster_cancel(&mut self) {
        if let Some(r) = self.roster() {
            r.edit = None;
            r.message = None;
        }
    }
}
