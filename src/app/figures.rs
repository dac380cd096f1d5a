//! Her till figures for her skills page, gathered from the till's own records, and attached
//! with one tap as evidence "from the till" with the rating her drills suggest.

use super::Till;
use super::skills::{NewEvidence, SkillsError};
use super::staff::Authority;
use crate::domain::figures::{ClosedShift, DRILLS_TO_RATE, DrillMark, TillFigures, since};
use crate::domain::menu::Lang;
use crate::domain::money::Money;
use crate::domain::skills::{CompetencyId, Method};
use crate::domain::staff::StaffId;
use crate::store::{StoreError, drills, figures, reports, skills};

impl Till {
    /// A trainee's till figures over this week and the three before. A manager's.
    pub fn till_figures(
        &self,
        person: &StaffId,
        authority: &Authority,
    ) -> Result<TillFigures, SkillsError> {
        self.manager_over(person, authority, false)?;
        Ok(self.figures_of(person)?)
    }

    fn figures_of(&self, person: &StaffId) -> Result<TillFigures, StoreError> {
        let conn = self.store.conn();
        let till = &self.config.site.till_id;
        let until = self.clock.now().date_naive();
        let from = since(until);
        let receipts =
            reports::receipts_between(conn, till, from, until.succ_opt().unwrap_or(until))?;
        let sales = figures::sales_of(conn, till, person, &receipts)?;
        let returned = figures::returned_of(conn, till, person, &receipts)?;
        let practice = figures::practice_of(conn, person, from)?;
        let shifts = figures::shifts_closed_by(conn, till, person, from)?
            .into_iter()
            .map(|z| {
                let on = z
                    .closed_at
                    .as_deref()
                    .and_then(|t| chrono::DateTime::parse_from_rfc3339(t).ok())
                    .map(|t| t.date_naive())
                    .unwrap_or(from);
                let over_short = z
                    .cash
                    .iter()
                    .filter_map(|l| l.over_short().ok().flatten())
                    .collect::<Vec<Money>>();
                ClosedShift {
                    session_no: z.session_no,
                    on,
                    over_short,
                }
            })
            .collect();
        let drills: Vec<DrillMark> = drills::of_person(conn, person, from)?
            .into_iter()
            .map(|d| DrillMark {
                on: d.on,
                points: d.points,
                change_right: d.change_right,
            })
            .collect();
        Ok(TillFigures::new(
            until, &sales, &practice, returned, shifts, &drills,
        ))
    }

    /// Attaches her till figures to `competency` as a piece of evidence from the till: the
    /// rating her drills suggest, the figures as its note (in `lang`). Refused where the
    /// competency does not take evidence from the till, or her drills suggest no rating yet.
    /// A manager's, as any evidence. Returns the piece's number.
    pub fn attach_till_figures(
        &mut self,
        person: &StaffId,
        competency: &CompetencyId,
        lang: Lang,
        authority: &Authority,
    ) -> Result<i64, SkillsError> {
        let c = self
            .skills
            .framework
            .competency(competency)
            .ok_or_else(|| SkillsError::UnknownCompetency(competency.to_string()))?;
        if !c.rule.from_till {
            return Err(SkillsError::NotFromTill(c.name.en.clone()));
        }
        let figures = self.till_figures(person, authority)?;
        let rating = figures
            .suggested_rating()
            .ok_or(SkillsError::NoTillRating)?;
        if let Some(on) = self.till_figures_attached(person, competency)? {
            return Err(SkillsError::NoNewDrills(on));
        }
        self.record_evidence(
            &NewEvidence {
                person: person.clone(),
                competency: competency.clone(),
                rating,
                method: Method::Till,
                note: figures.note(lang),
                corrects: None,
            },
            authority,
        )
    }

    /// The day her till figures were last attached to `competency`, while fewer than
    /// [`DRILLS_TO_RATE`] drills have come since: the same drills count once (else one good
    /// week, attached on three shifts, would meet a rule of three shifts with nobody watching
    /// her). `None`: never attached, or new drills to attach.
    pub fn till_figures_attached(
        &self,
        person: &StaffId,
        competency: &CompetencyId,
    ) -> Result<Option<chrono::NaiveDate>, StoreError> {
        let conn = self.store.conn();
        let at = |t: &str| chrono::DateTime::parse_from_rfc3339(t).ok();
        let last = skills::evidence_of(conn, person)?
            .into_iter()
            .filter(|e| {
                e.method == Method::Till
                    && self.skills.in_force(e.version, &e.competency).as_ref() == Some(competency)
            })
            .filter_map(|e| at(&e.at))
            .max();
        let Some(last) = last else { return Ok(None) };
        let new = drills::of_person(conn, person, last.date_naive())?
            .iter()
            .filter(|d| at(&d.at).is_some_and(|t| t > last))
            .count();
        Ok((new < DRILLS_TO_RATE).then(|| last.date_naive()))
    }
}
