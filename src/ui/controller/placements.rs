//! The Placements screen, opened from the People screen under the manager's authority held
//! there: the pipeline board, the follow-ups due, the employer partners and the indicators.
//! Every change goes through `Till`; what is typed is checked there and by the domain, and a
//! refusal leaves what was typed on screen to fix.

use super::people::date_typed;
use super::*;
use crate::app::placements::{NewFollowUp, NewPlacement};
use crate::domain::money::{Currency, Money};
use crate::domain::placements::{
    Agreement, Consent, Contract, Employer, EmployerId, EndReason, Job, Outcome, Sector, Stage,
    Wage,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlacementsMode {
    Board,
    FollowUps,
    Partners,
    Indicators,
}

/// What the side panel shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Panel {
    None,
    /// A placement, from the board.
    Placement(i64),
    /// A new placement being filled in.
    Refer,
    /// A follow-up being recorded: of which placement, at which month.
    FollowUp(i64, u32),
    /// A partner's page.
    Partner(EmployerId),
    /// A partner being added (none) or edited.
    EditPartner(Option<EmployerId>),
}

/// The period of the indicators page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IndicatorPeriod {
    ThisYear,
    LastYear,
    TwoYears,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PlacementsNote {
    Referred(String),
    Moved,
    FollowUpRecorded,
    PartnerSaved(String),
    Archived(String),
    Restored(String),
    Deleted(String),
    /// Something still to choose: which (its words are on screen).
    Choose(&'static str),
    NotADate(String),
    NotAWage(String),
    NotHours(String),
    /// Refused, in words.
    Problem(String),
}

/// The choices tapped on the forms (what is typed comes with the button that saves).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PlacementsDraft {
    pub person: Option<StaffId>,
    pub partner: Option<EmployerId>,
    pub contract: Option<Contract>,
    pub currency: Option<Currency>,
    /// Her answer about follow-ups: none not asked yet.
    pub consent: Option<bool>,
    pub reason: Option<EndReason>,
    pub reached: Option<bool>,
    pub employed: Option<bool>,
    pub same_employer: Option<bool>,
    pub sector: Option<Sector>,
    pub agreement: Option<Agreement>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlacementsView {
    pub mode: PlacementsMode,
    pub panel: Panel,
    pub period: IndicatorPeriod,
    pub draft: PlacementsDraft,
    /// Show archived partners too.
    pub archived: bool,
    pub message: Option<PlacementsNote>,
    /// Moves each time the typed fields must clear (something saved, another panel opened).
    pub resets: u32,
}

impl Controller {
    /// Opens the pipeline board over the People screen.
    pub fn open_placements(&mut self) {
        if let Some(v) = &mut self.people {
            v.placements = Some(PlacementsView {
                mode: PlacementsMode::Board,
                panel: Panel::None,
                period: IndicatorPeriod::ThisYear,
                draft: PlacementsDraft::default(),
                archived: false,
                message: None,
                resets: 0,
            });
        }
    }

    pub fn placements_close(&mut self) {
        if let Some(v) = &mut self.people {
            v.placements = None;
        }
    }

    fn placements_view(&mut self) -> Option<&mut PlacementsView> {
        self.people.as_mut()?.placements.as_mut()
    }

    /// Opens `panel` with a clean form.
    fn placements_panel(&mut self, panel: Panel) {
        if let Some(v) = self.placements_view() {
            v.panel = panel;
            v.draft = PlacementsDraft::default();
            v.message = None;
            v.resets += 1;
        }
    }

    pub fn placements_show(&mut self, mode: PlacementsMode) {
        if let Some(v) = self.placements_view() {
            v.mode = mode;
        }
        self.placements_panel(Panel::None);
    }

    pub fn placements_period(&mut self, period: IndicatorPeriod) {
        if let Some(v) = self.placements_view() {
            v.period = period;
        }
    }

    pub fn placements_show_archived(&mut self, on: bool) {
        if let Some(v) = self.placements_view() {
            v.archived = on;
        }
    }

    pub fn placements_open(&mut self, id: i64) {
        self.placements_panel(Panel::Placement(id));
    }

    pub fn placements_start_refer(&mut self) {
        self.placements_panel(Panel::Refer);
        if let Some(v) = self.placements_view() {
            v.draft.contract = Some(Contract::Permanent);
            v.draft.currency = Some(Currency::Lak);
        }
    }

    /// Opens the form of a due follow-up; its wage in the job's currency by default.
    pub fn placements_open_follow_up(&mut self, placement: i64, month: u32) {
        self.placements_panel(Panel::FollowUp(placement, month));
        let currency = self.people.as_ref().and_then(|v| {
            self.till
                .placement(placement, &v.authority)
                .ok()
                .map(|(p, _)| p.placement.job.wage.money().currency())
        });
        if let Some(v) = self.placements_view() {
            v.draft.currency = currency;
        }
    }

    pub fn placements_open_partner(&mut self, id: EmployerId) {
        self.placements_panel(Panel::Partner(id));
    }

    pub fn placements_edit_partner(&mut self, id: Option<EmployerId>) {
        let kept = id.as_ref().and_then(|id| {
            let v = self.people.as_ref()?;
            self.till
                .employers(&v.authority)
                .ok()?
                .into_iter()
                .find(|e| e.id == *id)
        });
        self.placements_panel(Panel::EditPartner(id));
        if let Some(v) = self.placements_view() {
            v.draft.sector = kept.as_ref().map(|e| e.employer.sector);
            v.draft.agreement = Some(kept.map_or(Agreement::None, |e| e.employer.agreement));
        }
    }

    /// Applies a choice tapped on a form.
    pub fn placements_pick(&mut self, pick: impl FnOnce(&mut PlacementsDraft)) {
        if let Some(v) = self.placements_view() {
            pick(&mut v.draft);
            v.message = None;
        }
    }

    /// Runs a change under the manager's authority and says how it went.
    fn placements_do(
        &mut self,
        change: impl FnOnce(
            &mut Till,
            &Authority,
        ) -> Result<PlacementsNote, crate::app::placements::PlacementsError>,
        after: Option<Panel>,
    ) {
        let Some(people) = self.people.as_mut() else {
            return;
        };
        let result = change(&mut self.till, &people.authority);
        if let Some(v) = people.placements.as_mut() {
            match result {
                Ok(note) => {
                    if let Some(p) = after {
                        v.panel = p;
                        v.draft = PlacementsDraft::default();
                        v.resets += 1;
                    }
                    v.message = Some(note);
                }
                Err(e) => v.message = Some(PlacementsNote::Problem(e.to_string())),
            }
        }
    }

    fn placements_say(&mut self, note: PlacementsNote) {
        if let Some(v) = self.placements_view() {
            v.message = Some(note);
        }
    }

    /// A day typed (blank: today).
    fn day_typed(&mut self, text: &str) -> Option<chrono::NaiveDate> {
        match date_typed(text) {
            Ok(d) => Some(d.unwrap_or_else(|| self.till.today())),
            Err(t) => {
                self.placements_say(PlacementsNote::NotADate(t));
                None
            }
        }
    }

    fn wage_typed(&mut self, currency: Currency, text: &str) -> Option<Wage> {
        match Money::parse(currency, text.trim()) {
            Ok(m) => match Wage::new(m) {
                Ok(w) => Some(w),
                Err(e) => {
                    self.placements_say(PlacementsNote::Problem(e.to_string()));
                    None
                }
            },
            Err(_) => {
                self.placements_say(PlacementsNote::NotAWage(text.trim().to_owned()));
                None
            }
        }
    }

    /// Refers the trainee chosen to the partner chosen, with the job typed.
    pub fn placements_refer(&mut self, title: &str, hours: &str, wage: &str, referred_on: &str) {
        let Some(d) = self.placements_view().map(|v| v.draft.clone()) else {
            return;
        };
        let (Some(person), Some(partner)) = (d.person.clone(), d.partner.clone()) else {
            return self.placements_say(PlacementsNote::Choose("trainee and partner"));
        };
        let Ok(h) = hours.trim().parse::<u32>() else {
            return self.placements_say(PlacementsNote::NotHours(hours.trim().to_owned()));
        };
        let Some(on) = self.day_typed(referred_on) else {
            return;
        };
        let Some(wage) = self.wage_typed(d.currency.unwrap_or(Currency::Lak), wage) else {
            return;
        };
        let job = match Job::new(title, d.contract.unwrap_or(Contract::Permanent), h, wage) {
            Ok(j) => j,
            Err(e) => return self.placements_say(PlacementsNote::Problem(e.to_string())),
        };
        let new = NewPlacement {
            person,
            employer: partner,
            referred_on: on,
            job,
            consent: d.consent.map(|yes| Consent { yes, on }),
        };
        let mut made = 0;
        self.placements_do(
            |till, a| {
                made = till.refer(&new, a)?;
                let (row, _) = till.placement(made, a)?;
                Ok(PlacementsNote::Referred(row.nickname))
            },
            None,
        );
        if made > 0
            && let Some(v) = self.placements_view()
        {
            v.panel = Panel::Placement(made);
            v.draft = PlacementsDraft::default();
            v.resets += 1;
        }
    }

    /// Moves the placement open on the board to its next stage before the start.
    pub fn placements_advance(&mut self) {
        let Some(Panel::Placement(id)) = self.placements_view().map(|v| v.panel.clone()) else {
            return;
        };
        self.placements_do(
            |till, a| {
                let next = match till.placement(id, a)?.0.placement.stage() {
                    Stage::Referred => Stage::Interview,
                    _ => Stage::Offered,
                };
                till.advance_placement(id, next, a)?;
                Ok(PlacementsNote::Moved)
            },
            Some(Panel::Placement(id)),
        );
    }

    pub fn placements_start(&mut self, on: &str) {
        self.placements_dated(on, |till, id, on, a| till.start_placement(id, on, a));
    }

    /// The job open on the board ended, for the reason chosen.
    pub fn placements_end(&mut self, on: &str) {
        let reason = self.placements_view().and_then(|v| v.draft.reason);
        let Some(reason) = reason else {
            return self.placements_say(PlacementsNote::Choose("reason"));
        };
        self.placements_dated(on, |till, id, on, a| till.end_placement(id, on, reason, a));
    }

    /// The referral open on the board came to nothing: she was not hired (on the day typed).
    pub fn placements_not_hired(&mut self, on: &str) {
        self.placements_dated(on, |till, id, on, a| {
            till.end_placement(id, on, EndReason::NotHired, a)
        });
    }

    /// Moves the placement open on the board on the day typed (blank: today).
    fn placements_dated(
        &mut self,
        on: &str,
        change: impl FnOnce(
            &mut Till,
            i64,
            chrono::NaiveDate,
            &Authority,
        ) -> Result<(), crate::app::placements::PlacementsError>,
    ) {
        let Some(Panel::Placement(id)) = self.placements_view().map(|v| v.panel.clone()) else {
            return;
        };
        let Some(on) = self.day_typed(on) else {
            return;
        };
        self.placements_do(
            |till, a| {
                change(till, id, on, a)?;
                Ok(PlacementsNote::Moved)
            },
            Some(Panel::Placement(id)),
        );
    }

    /// Her answer about follow-ups, today.
    pub fn placements_consent(&mut self, yes: bool) {
        let Some(Panel::Placement(id)) = self.placements_view().map(|v| v.panel.clone()) else {
            return;
        };
        let on = self.till.today();
        self.placements_do(
            |till, a| {
                till.answer_consent(id, Consent { yes, on }, a)?;
                Ok(PlacementsNote::Moved)
            },
            Some(Panel::Placement(id)),
        );
    }

    pub fn placements_record_follow_up(&mut self, on: &str, wage: &str, note: &str) {
        let Some((Panel::FollowUp(placement, month), d)) = self
            .placements_view()
            .map(|v| (v.panel.clone(), v.draft.clone()))
        else {
            return;
        };
        let Some(reached) = d.reached else {
            return self.placements_say(PlacementsNote::Choose("reached"));
        };
        let Some(on) = self.day_typed(on) else {
            return;
        };
        let outcome = if reached {
            let Some(employed) = d.employed else {
                return self.placements_say(PlacementsNote::Choose("employed"));
            };
            let same_employer = employed && d.same_employer.unwrap_or(false);
            let wage = if employed && !wage.trim().is_empty() {
                match self.wage_typed(d.currency.unwrap_or(Currency::Lak), wage) {
                    Some(w) => Some(w),
                    None => return,
                }
            } else {
                None
            };
            Outcome::Reached {
                employed,
                same_employer,
                wage,
            }
        } else {
            Outcome::NotReached
        };
        let new = NewFollowUp {
            placement,
            month,
            on,
            outcome,
            note: note.to_owned(),
        };
        self.placements_do(
            |till, a| {
                till.record_follow_up(&new, a)?;
                Ok(PlacementsNote::FollowUpRecorded)
            },
            Some(Panel::None),
        );
    }

    #[allow(clippy::too_many_arguments)]
    pub fn placements_save_partner(
        &mut self,
        name: &str,
        city: &str,
        country: &str,
        contact: &str,
        phone: &str,
        agreed_on: &str,
        note: &str,
    ) {
        let Some((Panel::EditPartner(id), d)) = self
            .placements_view()
            .map(|v| (v.panel.clone(), v.draft.clone()))
        else {
            return;
        };
        let Some(sector) = d.sector else {
            return self.placements_say(PlacementsNote::Choose("sector"));
        };
        let agreement = d.agreement.unwrap_or(Agreement::None);
        // No agreement has no day (whatever was typed before it was chosen); any other is
        // dated, blank being today.
        let on = if agreement == Agreement::None {
            None
        } else {
            match date_typed(agreed_on) {
                Ok(on) => Some(on.unwrap_or_else(|| self.till.today())),
                Err(t) => return self.placements_say(PlacementsNote::NotADate(t)),
            }
        };
        let employer = match Employer::new(
            name, sector, city, country, contact, phone, agreement, on, note,
        ) {
            Ok(e) => e,
            Err(e) => return self.placements_say(PlacementsNote::Problem(e.to_string())),
        };
        let mut saved = None;
        self.placements_do(
            |till, a| {
                saved = Some(till.put_employer(id.as_ref(), &employer, a)?);
                Ok(PlacementsNote::PartnerSaved(employer.name().to_owned()))
            },
            None,
        );
        if let Some(id) = saved
            && let Some(v) = self.placements_view()
        {
            v.panel = Panel::Partner(id);
            v.draft = PlacementsDraft::default();
            v.resets += 1;
        }
    }

    /// Archives the partner open (or brings it back).
    pub fn placements_archive(&mut self, archive: bool) {
        let Some(Panel::Partner(id)) = self.placements_view().map(|v| v.panel.clone()) else {
            return;
        };
        self.placements_do(
            |till, a| {
                till.archive_employer(&id, archive, a)?;
                let name = till
                    .employer_page(&id, a)?
                    .employer
                    .employer
                    .name()
                    .to_owned();
                Ok(if archive {
                    PlacementsNote::Archived(name)
                } else {
                    PlacementsNote::Restored(name)
                })
            },
            Some(Panel::Partner(id.clone())),
        );
    }

    pub fn placements_delete_partner(&mut self) {
        let Some(Panel::Partner(id)) = self.placements_view().map(|v| v.panel.clone()) else {
            return;
        };
        self.placements_do(
            |till, a| {
                let name = till
                    .employer_page(&id, a)?
                    .employer
                    .employer
                    .name()
                    .to_owned();
                till.delete_employer(&id, a)?;
                Ok(PlacementsNote::Deleted(name))
            },
            Some(Panel::None),
        );
    }

    /// How many follow-ups are due or overdue (the badge on the People screen): none when
    /// the screen is not open to a manager.
    pub fn follow_ups_due_count(&self) -> usize {
        self.people
            .as_ref()
            .and_then(|v| self.till.follow_ups_due(&v.authority).ok())
            .map_or(0, |d| d.len())
    }
}
