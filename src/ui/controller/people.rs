//! The People screen, a manager's: everyone by status, a person's page, adding a person, a
//! new PIN, identity shown on request. Every look and change goes through `Till`, which logs
//! and journals it under the manager's authority held here while the screen is open.

use super::first_run::pins_differ;
use super::*;
use crate::domain::people::{Identity, Status as PersonStatus};
use crate::domain::staff::Role;
use crate::store::people::PersonRow;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PeopleMode {
    Page,
    Adding,
    NewPin,
    /// Her recent clock times, one being corrected.
    Clock,
    /// Her programme being edited.
    Programme,
}

/// Her programme as being edited: the choices tapped so far (dates are typed).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ProgrammeDraft {
    pub track: Option<crate::domain::people::Track>,
    pub cohort: Option<crate::domain::people::CohortId>,
    pub mentor: Option<StaffId>,
}

/// A clock time being corrected: the shift (by its clock-in event), which end, the time in
/// force and the new one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Correcting {
    pub shift: i64,
    pub event: i64,
    pub out: bool,
    pub old: DateTime<FixedOffset>,
    pub new: DateTime<FixedOffset>,
}

/// What the last tap on the People screen did, for the screen to say in its language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PeopleDone {
    Role,
    Status,
    Language,
    Identity,
    Added,
    NewPin,
    Corrected,
    Programme,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PeopleNote {
    /// Done for the person named.
    Done(PeopleDone, String),
    /// What was typed for a date is not one.
    NotADate(String),
    /// A cohort of this name was added.
    CohortAdded(String),
    /// A new cohort needs its start and planned end.
    CohortDates,
    /// Refused, in words.
    Problem(String),
}

pub struct PeopleView {
    pub authority: Authority,
    pub filter: PersonStatus,
    pub chosen: Option<StaffId>,
    pub mode: PeopleMode,
    pub add_role: Role,
    pub pin: NewPin,
    /// The chosen person's identity, once a manager asked to see it (logged).
    pub identity: Option<Identity>,
    pub message: Option<PeopleNote>,
    /// The roster week, open over the People screen.
    pub roster: Option<super::RosterView>,
    /// The Skills screen, open over the People screen.
    pub skills: Option<super::SkillsView>,
    /// The Placements screen, open over the People screen.
    pub placements: Option<super::PlacementsView>,
    pub correcting: Option<Correcting>,
    pub programme: ProgrammeDraft,
}

impl Controller {
    /// Opens the People screen: a manager's, signed in herself (a manager's approval of a
    /// barista's settings does not reach it).
    pub fn open_people(&mut self) {
        if !self.settings_open {
            return;
        }
        let Some(authority) = self.till.authorize(Action::ManageStaff) else {
            self.settings_result = Some(SettingsResult::ManagersOnly);
            return;
        };
        self.people = Some(PeopleView {
            authority,
            filter: PersonStatus::Active,
            chosen: None,
            mode: PeopleMode::Page,
            add_role: Role::Trainee,
            pin: NewPin::default(),
            identity: None,
            message: None,
            roster: None,
            skills: None,
            placements: None,
            correcting: None,
            programme: ProgrammeDraft::default(),
        });
    }

    pub fn people_close(&mut self) {
        self.people = None;
    }

    /// Everyone with the status the list is filtered on.
    pub fn people_listed(&self) -> Vec<PersonRow> {
        let Some(v) = &self.people else {
            return Vec::new();
        };
        self.till
            .people(&v.authority)
            .unwrap_or_default()
            .into_iter()
            .filter(|p| p.status == v.filter)
            .collect()
    }

    /// The person chosen, as she is now.
    pub fn people_chosen(&self) -> Option<PersonRow> {
        let v = self.people.as_ref()?;
        let id = v.chosen.as_ref()?;
        self.till
            .people(&v.authority)
            .ok()?
            .into_iter()
            .find(|p| p.id == *id)
    }

    pub fn people_pick_filter(&mut self, index: usize) {
        if let (Some(v), Some(s)) = (&mut self.people, PersonStatus::ALL.get(index)) {
            v.filter = *s;
            v.chosen = None;
            v.identity = None;
            v.correcting = None;
            v.mode = PeopleMode::Page;
            v.pin = NewPin::default();
            v.message = None;
        }
    }

    /// Opens a person's page (logged as opening her record).
    pub fn people_pick(&mut self, index: usize) {
        let Some(p) = self.people_listed().into_iter().nth(index) else {
            return;
        };
        let Some(v) = &mut self.people else { return };
        // A clock-out of hers forgotten since is closed before her hours are shown.
        let closed = self.till.close_forgotten_clock_out(&p.id);
        let opened = self.till.person(&p.id, &v.authority);
        v.chosen = Some(p.id);
        v.identity = None;
        v.correcting = None;
        v.programme = ProgrammeDraft::default();
        v.mode = PeopleMode::Page;
        v.pin = NewPin::default();
        v.message = match (opened, closed) {
            (Err(e), _) => Some(PeopleNote::Problem(e.to_string())),
            (_, Err(e)) => Some(PeopleNote::Problem(e.to_string())),
            _ => None,
        };
    }

    /// Runs `change` on the chosen person and says how it went.
    fn people_change(
        &mut self,
        done: PeopleDone,
        change: impl FnOnce(
            &mut Till,
            &StaffId,
            &Authority,
        ) -> Result<(), crate::app::people::PeopleError>,
    ) {
        let Some(p) = self.people_chosen() else {
            return;
        };
        let Some(v) = &mut self.people else { return };
        v.message = Some(match change(&mut self.till, &p.id, &v.authority) {
            Ok(()) => PeopleNote::Done(done, p.nickname),
            Err(e) => PeopleNote::Problem(e.to_string()),
        });
    }

    pub fn people_set_role(&mut self, index: usize) {
        let Some(role) = Role::ALL.get(index).copied() else {
            return;
        };
        self.people_change(PeopleDone::Role, |till, id, a| {
            till.change_role(id, role, a)
        });
    }

    /// A new status: the list follows her to it, so her page stays open.
    pub fn people_set_status(&mut self, index: usize) {
        let Some(status) = PersonStatus::ALL.get(index).copied() else {
            return;
        };
        self.people_change(PeopleDone::Status, |till, id, a| {
            till.set_status(id, status, a)
        });
        if let Some(v) = &mut self.people
            && matches!(v.message, Some(PeopleNote::Done(..)))
        {
            v.filter = status;
        }
    }

    /// 0 the site's language, 1 Lao, 2 English.
    pub fn people_set_language(&mut self, index: usize) {
        let language = match index {
            0 => None,
            1 => Some(Lang::Lo),
            2 => Some(Lang::En),
            _ => return,
        };
        self.people_change(PeopleDone::Language, |till, id, a| {
            till.set_language(id, language, Some(a))
        });
    }

    /// Shows the chosen person's identity (logged).
    pub fn people_show_identity(&mut self) {
        let Some(p) = self.people_chosen() else {
            return;
        };
        let Some(v) = &mut self.people else { return };
        match self.till.identity(&p.id, &v.authority) {
            Ok(identity) => v.identity = Some(identity),
            Err(e) => v.message = Some(PeopleNote::Problem(e.to_string())),
        }
    }

    pub fn people_save_identity(&mut self, identity: Identity) {
        let Some(p) = self.people_chosen() else {
            return;
        };
        let Some(v) = &mut self.people else { return };
        match self.till.set_identity(&p.id, identity, &v.authority) {
            Ok(()) => {
                v.identity = self.till.identity(&p.id, &v.authority).ok();
                v.message = Some(PeopleNote::Done(PeopleDone::Identity, p.nickname));
            }
            Err(e) => v.message = Some(PeopleNote::Problem(e.to_string())),
        }
    }

    pub fn people_start_add(&mut self) {
        if let Some(v) = &mut self.people {
            v.mode = PeopleMode::Adding;
            v.identity = None;
            v.add_role = Role::Trainee;
            v.pin = NewPin::default();
            v.message = None;
        }
    }

    pub fn people_pick_add_role(&mut self, index: usize) {
        if let (Some(v), Some(role)) = (&mut self.people, Role::ALL.get(index)) {
            v.add_role = *role;
        }
    }

    /// Adds the person on the sheet; on a problem says it and keeps what was typed (a repeat
    /// PIN that does not match is typed again).
    pub fn people_add(&mut self, nickname: &str) {
        let Some(v) = &mut self.people else { return };
        let result = crate::domain::staff::check_new_pin_twice(&v.pin.pin, &v.pin.again)
            .map_err(crate::app::people::PeopleError::from)
            .and_then(|()| {
                self.till
                    .add_staff(nickname, v.add_role, &v.pin.pin, &v.authority)
                    .map_err(Into::into)
            });
        match result {
            Ok(added) => {
                v.filter = PersonStatus::Active;
                v.chosen = Some(added.id);
                v.mode = PeopleMode::Page;
                v.pin = NewPin::default();
                v.identity = None;
                v.message = Some(PeopleNote::Done(PeopleDone::Added, added.nickname));
            }
            Err(e) => {
                if pins_differ(&e) {
                    v.pin.retype_again();
                }
                v.message = Some(PeopleNote::Problem(e.to_string()));
            }
        }
    }

    pub fn people_start_new_pin(&mut self) {
        if let Some(v) = &mut self.people
            && v.chosen.is_some()
        {
            v.mode = PeopleMode::NewPin;
            v.pin = NewPin::default();
            v.message = None;
        }
    }

    pub fn people_save_new_pin(&mut self) {
        let Some(p) = self.people_chosen() else {
            return;
        };
        let Some(v) = &mut self.people else { return };
        match self
            .till
            .reset_pin(&p.id, &v.pin.pin, &v.pin.again, &v.authority)
        {
            Ok(()) => {
                v.mode = PeopleMode::Page;
                v.pin = NewPin::default();
                v.message = Some(PeopleNote::Done(PeopleDone::NewPin, p.nickname));
            }
            Err(e) => {
                if pins_differ(&e) {
                    v.pin.retype_again();
                }
                v.message = Some(PeopleNote::Problem(e.to_string()));
            }
        }
    }

    pub fn people_cancel(&mut self) {
        if let Some(v) = &mut self.people {
            v.mode = PeopleMode::Page;
            v.pin = NewPin::default();
            v.correcting = None;
            v.message = None;
        }
    }

    /// Opens the chosen person's programme to edit, as it is.
    pub fn people_open_programme(&mut self) {
        let Some(p) = self.people_chosen() else {
            return;
        };
        // A mentor who can no longer mentor (left, erased, no longer a barista or above) is
        // not kept: the screen shows none, and none is saved.
        let mentor = p
            .programme
            .mentor
            .filter(|m| self.people_mentor_choices().iter().any(|q| q.id == *m));
        if let Some(v) = &mut self.people {
            v.mode = PeopleMode::Programme;
            v.identity = None;
            v.message = None;
            v.programme = ProgrammeDraft {
                track: p.programme.track,
                cohort: p.programme.cohort,
                mentor,
            };
        }
    }

    /// -1 none, else the track's index.
    pub fn people_pick_track(&mut self, index: i32) {
        if let Some(v) = &mut self.people {
            v.programme.track = usize::try_from(index)
                .ok()
                .and_then(|i| crate::domain::people::Track::ALL.get(i).copied());
        }
    }

    /// The cohorts a programme chooses from, newest first.
    pub fn people_cohort_choices(&self) -> Vec<crate::domain::people::Cohort> {
        let mut cohorts = self.till.cohorts().unwrap_or_default();
        cohorts.sort_by(|a, b| b.starts_on.cmp(&a.starts_on).then(a.name.cmp(&b.name)));
        cohorts
    }

    /// Who can mentor the chosen person: active, a barista or above, not herself.
    pub fn people_mentor_choices(&self) -> Vec<PersonRow> {
        let (Some(v), Some(chosen)) = (
            &self.people,
            self.people.as_ref().and_then(|v| v.chosen.as_ref()),
        ) else {
            return Vec::new();
        };
        self.till
            .people(&v.authority)
            .unwrap_or_default()
            .into_iter()
            .filter(|p| {
                p.status == PersonStatus::Active
                    && !p.erased
                    && p.role >= Role::Barista
                    && p.id != *chosen
            })
            .collect()
    }

    /// -1 none, else the index in [`Self::people_cohort_choices`].
    pub fn people_pick_cohort(&mut self, index: i32) {
        let picked = usize::try_from(index)
            .ok()
            .and_then(|i| self.people_cohort_choices().into_iter().nth(i))
            .map(|c| c.id);
        if let Some(v) = &mut self.people {
            v.programme.cohort = picked;
        }
    }

    /// -1 none, else the index in [`Self::people_mentor_choices`].
    pub fn people_pick_mentor(&mut self, index: i32) {
        let picked = usize::try_from(index)
            .ok()
            .and_then(|i| self.people_mentor_choices().into_iter().nth(i))
            .map(|p| p.id);
        if let Some(v) = &mut self.people {
            v.programme.mentor = picked;
        }
    }

    /// Saves her programme with the dates typed ("" for none); a date that is not one is
    /// said and nothing is saved.
    pub fn people_save_programme(&mut self, started_on: &str, planned_end: &str) {
        let (started_on, planned_end) = match (date_typed(started_on), date_typed(planned_end)) {
            (Ok(s), Ok(e)) => (s, e),
            (Err(bad), _) | (_, Err(bad)) => {
                if let Some(v) = &mut self.people {
                    v.message = Some(PeopleNote::NotADate(bad));
                }
                return;
            }
        };
        let Some(draft) = self.people.as_ref().map(|v| v.programme.clone()) else {
            return;
        };
        let programme = crate::domain::people::Programme {
            track: draft.track,
            cohort: draft.cohort,
            started_on,
            planned_end,
            mentor: draft.mentor,
        };
        self.people_change(PeopleDone::Programme, |till, id, a| {
            till.set_programme(id, programme, a)
        });
        if let Some(v) = &mut self.people
            && matches!(v.message, Some(PeopleNote::Done(..)))
        {
            v.mode = PeopleMode::Page;
        }
    }

    /// Adds a cohort from its name and dates typed; it is then one of the choices.
    pub fn people_add_cohort(&mut self, name: &str, starts_on: &str, planned_end: &str) {
        let Some(v) = &mut self.people else { return };
        let dates = match (date_typed(starts_on), date_typed(planned_end)) {
            (Ok(Some(s)), Ok(Some(e))) => (s, e),
            (Err(bad), _) | (_, Err(bad)) => {
                v.message = Some(PeopleNote::NotADate(bad));
                return;
            }
            // A cohort has both dates.
            (Ok(None), _) | (_, Ok(None)) => {
                v.message = Some(PeopleNote::CohortDates);
                return;
            }
        };
        v.message = Some(
            match self.till.add_cohort(name, dates.0, dates.1, &v.authority) {
                Ok(c) => PeopleNote::CohortAdded(c.name),
                Err(e) => PeopleNote::Problem(e.to_string()),
            },
        );
    }

    /// How many days of her clock the clock times show.
    pub const CLOCK_DAYS: i64 = 31;

    /// Opens the chosen person's clock times.
    pub fn people_open_clock(&mut self) {
        if let Some(v) = &mut self.people
            && let Some(id) = v.chosen.clone()
        {
            v.mode = PeopleMode::Clock;
            v.identity = None;
            // A clock-out of hers forgotten since is closed (and flagged) before anyone looks.
            if let Err(e) = self.till.close_forgotten_clock_out(&id) {
                v.message = Some(PeopleNote::Problem(e.to_string()));
                return;
            }
            v.correcting = None;
            v.message = None;
        }
    }

    /// Picks one of her recent shifts to correct: its clock-out if it has one (a forgotten
    /// clock-out is what most often needs it), else its clock-in.
    pub fn people_pick_shift(&mut self, index: usize) {
        let Some(p) = self.people_chosen() else {
            return;
        };
        let Some(v) = &mut self.people else { return };
        let shifts = match self
            .till
            .recent_shifts(&p.id, Self::CLOCK_DAYS, &v.authority)
        {
            Ok(s) => s,
            Err(e) => {
                v.message = Some(PeopleNote::Problem(e.to_string()));
                return;
            }
        };
        let Some(s) = shifts.get(index) else { return };
        let (event, out, at) = match (s.end_event, s.end) {
            (Some(e), Some(end)) => (e, true, end),
            _ => (s.start_event, false, s.start),
        };
        v.correcting = Some(Correcting {
            shift: s.start_event,
            event,
            out,
            old: at,
            new: at,
        });
        v.message = None;
    }

    /// Corrects the clock-in (`false`) or clock-out (`true`) of the shift picked.
    pub fn people_pick_end(&mut self, out: bool) {
        let Some(p) = self.people_chosen() else {
            return;
        };
        let Some(v) = &mut self.people else { return };
        let Some(c) = &v.correcting else { return };
        let Ok(shifts) = self
            .till
            .recent_shifts(&p.id, Self::CLOCK_DAYS, &v.authority)
        else {
            return;
        };
        let Some(s) = shifts.iter().find(|s| s.start_event == c.shift) else {
            return;
        };
        let picked = match (out, s.end_event, s.end) {
            (true, Some(e), Some(end)) => (e, end),
            (true, ..) => return,
            (false, ..) => (s.start_event, s.start),
        };
        v.correcting = Some(Correcting {
            shift: s.start_event,
            event: picked.0,
            out,
            old: picked.1,
            new: picked.1,
        });
    }

    pub fn people_nudge(&mut self, minutes: i64) {
        if let Some(c) = self.people.as_mut().and_then(|v| v.correcting.as_mut()) {
            c.new += chrono::TimeDelta::minutes(minutes);
        }
    }

    /// Saves the correction with its reason; a problem is said and nothing is lost.
    pub fn people_save_correction(&mut self, reason: &str) {
        let Some(p) = self.people_chosen() else {
            return;
        };
        let Some(v) = &mut self.people else { return };
        let Some(c) = v.correcting.clone() else {
            return;
        };
        match self
            .till
            .correct_clock(&p.id, c.event, c.new, reason, &v.authority)
        {
            Ok(()) => {
                v.correcting = None;
                v.message = Some(PeopleNote::Done(PeopleDone::Corrected, p.nickname));
            }
            Err(e) => v.message = Some(PeopleNote::Problem(e.to_string())),
        }
    }
}

/// A date typed as 2026-11-28: none when blank, else the date or what was typed.
pub(super) fn date_typed(text: &str) -> Result<Option<chrono::NaiveDate>, String> {
    use chrono::Datelike;
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    // Four digits of year, two of month and of day: "26-11-28" is not the year 26.
    chrono::NaiveDate::parse_from_str(t, "%Y-%m-%d")
        .ok()
        .filter(|d| t.len() == 10 && (2000..=2100).contains(&d.year()))
        .map(Some)
        .ok_or_else(|| t.to_owned())
}
