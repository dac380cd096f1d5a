//! The Skills screen, opened from the People screen under the manager's authority held
//! there: the progress matrix (by track and cohort), the queue of competencies ready for
//! sign-off, and a trainee's skills page, where evidence is recorded, corrected and signed off.

use super::*;
use crate::app::skills::NewEvidence;
use crate::domain::people::{CohortId, Track};
use crate::domain::skills::{Method, Rating};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SkillsMode {
    Matrix,
    Queue,
    /// A trainee's page.
    Person,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SkillsNote {
    /// A piece of evidence was recorded (a correction when it corrected one).
    Recorded { correction: bool },
    /// This competency was signed off.
    SignedOff(crate::domain::menu::Name),
    /// A rating or a method is not chosen yet.
    Incomplete,
    /// A certificate was written to this file, with this verification code.
    Certificate { file: String, code: String },
    /// Her till figures were attached as evidence, with this rating.
    Attached(Rating),
    /// Refused, in words.
    Problem(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SkillsView {
    pub mode: SkillsMode,
    pub track: Track,
    pub cohort: Option<CohortId>,
    pub person: Option<StaffId>,
    /// The competency chosen on her page (its place in her track's list).
    pub competency: Option<usize>,
    pub rating: Option<Rating>,
    pub method: Option<Method>,
    /// The piece the evidence being recorded corrects.
    pub corrects: Option<i64>,
    pub message: Option<SkillsNote>,
    /// Moves each time the note field must clear: a piece recorded, another person or
    /// competency chosen.
    pub note_resets: u32,
    /// The queue's entry a first tap on Sign off chose; a second tap on it signs it off.
    pub confirming: Option<(StaffId, crate::domain::skills::CompetencyId)>,
}

impl Controller {
    /// Opens the progress matrix of the barista track over the People screen.
    pub fn open_skills(&mut self) {
        if let Some(v) = &mut self.people {
            v.skills = Some(SkillsView {
                mode: SkillsMode::Matrix,
                track: Track::Barista,
                cohort: None,
                person: None,
                competency: None,
                rating: None,
                method: None,
                corrects: None,
                message: None,
                note_resets: 0,
                confirming: None,
            });
        }
    }

    pub fn skills_close(&mut self) {
        if let Some(v) = &mut self.people {
            v.skills = None;
        }
    }

    fn skills(&mut self) -> Option<&mut SkillsView> {
        self.people.as_mut()?.skills.as_mut()
    }

    pub fn skills_show(&mut self, mode: SkillsMode) {
        if let Some(s) = self.skills() {
            s.mode = mode;
            s.message = None;
            s.confirming = None;
        }
    }

    pub fn skills_track(&mut self, index: usize) {
        if let (Some(t), Some(s)) = (Track::ALL.get(index).copied(), self.skills()) {
            s.track = t;
        }
    }

    /// The cohort filter: `None` for everyone on the track, else the cohort at `index`.
    pub fn skills_cohort(&mut self, index: Option<usize>) {
        let cohort = match index {
            None => None,
            Some(i) => match self.till.cohorts().ok().and_then(|c| c.into_iter().nth(i)) {
                Some(k) => Some(k.id),
                None => return,
            },
        };
        if let Some(s) = self.skills() {
            s.cohort = cohort;
        }
    }

    /// Opens the page of the trainee on row `row` of the matrix.
    pub fn skills_open_row(&mut self, row: usize) {
        let Some(v) = &self.people else { return };
        let Some(s) = &v.skills else { return };
        let Ok(m) = self
            .till
            .progress_matrix(s.track, s.cohort.as_ref(), &v.authority)
        else {
            return;
        };
        if let Some((id, _)) = m.people.get(row) {
            self.skills_open_person(id.clone(), None);
        }
    }

    /// Opens the queue's entry `index` on its trainee's page, at its competency.
    pub fn skills_open_ready(&mut self, index: usize) {
        let Some(v) = &self.people else { return };
        let Ok(queue) = self.till.ready_for_sign_off(&v.authority) else {
            return;
        };
        if let Some(r) = queue.get(index) {
            self.skills_open_person(r.person.clone(), Some(r.competency.id.clone()));
        }
    }

    fn skills_open_person(&mut self, id: StaffId, at: Option<crate::domain::skills::CompetencyId>) {
        let Some(v) = &mut self.people else { return };
        let page = self.till.skills_of(&id, &v.authority);
        let Some(s) = &mut v.skills else { return };
        s.mode = SkillsMode::Person;
        s.person = Some(id);
        s.competency = at.and_then(|c| {
            page.ok()?
                .competencies
                .iter()
                .position(|x| x.competency.id == c)
        });
        s.rating = None;
        s.method = None;
        s.corrects = None;
        s.message = None;
        s.note_resets += 1;
    }

    /// Where the competency `id` is on the open trainee's page.
    pub fn skills_competency_at(&self, id: &str) -> Option<usize> {
        let v = self.people.as_ref()?;
        let person = v.skills.as_ref()?.person.clone()?;
        self.till
            .skills_of(&person, &v.authority)
            .ok()?
            .competencies
            .iter()
            .position(|c| c.competency.id.0 == id)
    }

    pub fn skills_pick_competency(&mut self, index: usize) {
        if let Some(s) = self.skills() {
            s.competency = Some(index);
            s.corrects = None;
            s.message = None;
            s.note_resets += 1;
        }
    }

    pub fn skills_pick_rating(&mut self, index: usize) {
        if let Some(s) = self.skills() {
            s.rating = Rating::ALL.get(index).copied();
        }
    }

    pub fn skills_pick_method(&mut self, index: usize) {
        if let Some(s) = self.skills() {
            s.method = Method::ALL.get(index).copied();
        }
    }

    /// The next piece recorded corrects piece `id`; tapped again, it does not.
    pub fn skills_correct(&mut self, id: i64) {
        if let Some(s) = self.skills() {
            s.corrects = if s.corrects == Some(id) {
                None
            } else {
                Some(id)
            };
            s.message = None;
        }
    }

    /// Records the piece on the form, with `note`, for the chosen competency.
    pub fn skills_record(&mut self, note: &str) {
        let Some(v) = &mut self.people else { return };
        let Some(s) = &mut v.skills else { return };
        let (Some(person), Some(index)) = (s.person.clone(), s.competency) else {
            return;
        };
        let page = match self.till.skills_of(&person, &v.authority) {
            Ok(p) => p,
            Err(e) => {
                s.message = Some(SkillsNote::Problem(e.to_string()));
                return;
            }
        };
        let Some(c) = page.competencies.get(index) else {
            return;
        };
        let (Some(rating), Some(method)) = (s.rating, s.method) else {
            s.message = Some(SkillsNote::Incomplete);
            return;
        };
        let new = NewEvidence {
            person,
            competency: c.competency.id.clone(),
            rating,
            method,
            note: note.to_owned(),
            corrects: s.corrects,
        };
        match self.till.record_evidence(&new, &v.authority) {
            Ok(_) => {
                s.message = Some(SkillsNote::Recorded {
                    correction: s.corrects.is_some(),
                });
                s.rating = None;
                s.method = None;
                s.corrects = None;
                s.note_resets += 1;
            }
            Err(e) => s.message = Some(SkillsNote::Problem(e.to_string())),
        }
    }

    /// Attaches her till figures to the chosen competency as evidence from the till, with
    /// the rating her drills suggest.
    pub fn skills_attach_till(&mut self) {
        let lang = self.lang;
        let Some(v) = &mut self.people else { return };
        let Some(s) = &mut v.skills else { return };
        let (Some(person), Some(index)) = (s.person.clone(), s.competency) else {
            return;
        };
        let Some(competency) = self
            .till
            .skills_of(&person, &v.authority)
            .ok()
            .and_then(|p| p.competencies.into_iter().nth(index))
        else {
            return;
        };
        let id = competency.competency.id;
        s.message = Some(
            match self
                .till
                .attach_till_figures(&person, &id, lang, &v.authority)
            {
                Ok(_) => {
                    s.corrects = None;
                    s.note_resets += 1;
                    let rated = self
                        .till
                        .skills_of(&person, &v.authority)
                        .ok()
                        .and_then(|p| {
                            let c = p.competencies.into_iter().find(|c| c.competency.id == id)?;
                            c.evidence.last().map(|(e, _)| e.rating)
                        })
                        .unwrap_or(Rating::NotYet);
                    SkillsNote::Attached(rated)
                }
                Err(e) => SkillsNote::Problem(e.to_string()),
            },
        );
    }

    /// Makes her skills certificate with `name` printed on it, into the till's certificates
    /// folder (named by its code).
    pub fn skills_certificate(&mut self, name: &str) {
        let Some(v) = &mut self.people else { return };
        let Some(s) = &mut v.skills else { return };
        let Some(person) = s.person.clone() else {
            return;
        };
        s.message = Some(
            match self.till.certificate(&person, name, &v.authority, None) {
                Ok((c, file)) => {
                    s.note_resets += 1;
                    SkillsNote::Certificate {
                        file: file.display().to_string(),
                        code: c.code,
                    }
                }
                Err(e) => SkillsNote::Problem(e.to_string()),
            },
        );
    }

    /// Signs off the chosen competency on her page.
    pub fn skills_sign_off(&mut self) {
        let Some(v) = &mut self.people else { return };
        let Some(s) = &mut v.skills else { return };
        let (Some(person), Some(index)) = (s.person.clone(), s.competency) else {
            return;
        };
        let Ok(page) = self.till.skills_of(&person, &v.authority) else {
            return;
        };
        let Some(c) = page.competencies.get(index) else {
            return;
        };
        s.message = Some(
            match self.till.sign_off(&person, &c.competency.id, &v.authority) {
                Ok(()) => SkillsNote::SignedOff(c.competency.name.clone()),
                Err(e) => SkillsNote::Problem(e.to_string()),
            },
        );
    }

    /// Signs off the queue's entry `index` at the second tap on it (the first asks to
    /// confirm: a double tap never signs off the entry that moves up under the finger).
    pub fn skills_sign_off_ready(&mut self, index: usize) {
        let Some(v) = &mut self.people else { return };
        let Ok(queue) = self.till.ready_for_sign_off(&v.authority) else {
            return;
        };
        let Some(r) = queue.get(index) else { return };
        let Some(s) = &mut v.skills else { return };
        let entry = (r.person.clone(), r.competency.id.clone());
        if s.confirming.as_ref() != Some(&entry) {
            s.confirming = Some(entry);
            s.message = None;
            return;
        }
        s.confirming = None;
        let note = match self
            .till
            .sign_off(&r.person, &r.competency.id, &v.authority)
        {
            Ok(()) => SkillsNote::SignedOff(r.competency.name.clone()),
            Err(e) => SkillsNote::Problem(e.to_string()),
        };
        if let Some(s) = &mut v.skills {
            s.message = Some(note);
        }
    }
}
