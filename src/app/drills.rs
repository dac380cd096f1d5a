//! Practice drills at the till: in training mode the trainee signed in asks for a card, rings
//! the order up and takes the payment as usual, then says the change she would hand back. The
//! till scores it and keeps the score (journalled) as evidence from the till for taking an
//! order and handling cash. A drill is never a sale: it writes no order, opens no drawer and
//! prints nothing.

use super::Till;
use super::tenders::Payment;
use crate::domain::drill::{Attempt, Drill, DrillError, Score};
use crate::domain::journal::EventKind;
use crate::domain::order::OrderLine;
use crate::domain::people::Track;
use crate::domain::skills::Level;
use crate::domain::staff::StaffId;
use crate::store::drills::{self, DrillRow};
use crate::store::{StoreError, journal, people};
use std::time::Duration;

#[derive(Debug, thiserror::Error)]
pub enum DrillsError {
    #[error("drills are practice: a manager starts training mode for you first")]
    NotTraining,
    #[error("there is no drill on the till: ask for a card first")]
    NoDrill,
    #[error(transparent)]
    Drill(#[from] DrillError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// The drill on the till: the card, whose it is, and when it was shown.
#[derive(Debug, Clone)]
pub struct Running {
    pub drill: Drill,
    pub person: StaffId,
    started: Duration,
}

/// A drill scored and kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scored {
    pub id: i64,
    pub score: Score,
    pub drill: Drill,
}

impl Till {
    /// The level a trainee drills at: the first level of her track with a competency not yet
    /// signed off (Foundation with no track, Professional once all are signed off).
    pub fn drill_level(&self, person: &StaffId) -> Result<Level, StoreError> {
        let conn = self.store.conn();
        let Some(track) = people::get(conn, person)?.and_then(|p| p.programme.track) else {
            return Ok(Level::Foundation);
        };
        let signed = super::skills::signed_off(conn, &self.skills, person)?;
        Ok(first_open_level(&self.skills.framework, track, &signed))
    }

    /// Shows a new drill card to the trainee signed in (training mode only), made from the
    /// menu with `seed` (a fresh one when `None`), at her level. Replaces a drill not finished.
    pub fn start_drill(&mut self, seed: Option<u32>) -> Result<&Drill, DrillsError> {
        let person = self
            .in_training()
            .and(self.on_duty.as_ref())
            .map(|s| s.id.clone())
            .ok_or(DrillsError::NotTraining)?;
        let level = self.drill_level(&person)?;
        let seed = seed.unwrap_or_else(rand::random::<u32>);
        let drill = Drill::generate(
            &self.menu,
            level,
            u64::from(seed),
            self.config.money.cash_step,
        )?;
        let running = self.drill.insert(Running {
            drill,
            person,
            started: self.monotonic(),
        });
        Ok(&running.drill)
    }

    /// The drill on the till, if it is for whoever is signed in and training mode is on.
    pub fn drill(&self) -> Option<&Running> {
        let on = self.on_duty.as_ref()?;
        self.in_training()?;
        self.drill.as_ref().filter(|r| r.person == on.id)
    }

    /// Puts the card away without a score.
    pub fn drop_drill(&mut self) {
        self.drill = None;
    }

    /// Scores the drill on the till: the lines she rang up, the payments she entered and the
    /// change she says she hands back, timed from the card. The score is kept and journalled
    /// under the supervising manager; the drill is done.
    pub fn finish_drill(
        &mut self,
        lines: &[OrderLine],
        payments: &[Payment],
        change: crate::domain::money::Money,
    ) -> Result<Scored, DrillsError> {
        let running = self.drill().cloned().ok_or(DrillsError::NoDrill)?;
        let supervisor = self
            .in_training()
            .map(|t| t.supervisor.id.clone())
            .ok_or(DrillsError::NotTraining)?;
        let seconds = self.monotonic().saturating_sub(running.started).as_secs();
        let attempt = Attempt {
            lines: lines.to_vec(),
            tendered: payments.iter().map(|p| (p.kind, p.amount)).collect(),
            change,
            seconds: u32::try_from(seconds).unwrap_or(u32::MAX),
        };
        let now = self.clock.now();
        let scored = self.keep_drill(&running.person, &supervisor, running.drill, &attempt, now)?;
        self.drill = None;
        Ok(scored)
    }

    /// Scores `attempt` at `drill` and keeps it for `person` under `supervisor` at `now`
    /// (the demo's history is back-dated).
    pub(super) fn keep_drill(
        &mut self,
        person: &StaffId,
        supervisor: &StaffId,
        drill: Drill,
        attempt: &Attempt,
        now: chrono::DateTime<chrono::FixedOffset>,
    ) -> Result<Scored, DrillsError> {
        let score = drill.score(&self.menu, self.config.money.cash_step, attempt);
        let till = self.config.site.till_id.clone();
        let tx = self.store.write()?;
        let mut row = DrillRow {
            id: drills::next_id(&tx)?,
            till: till.clone(),
            person: person.clone(),
            supervisor: supervisor.clone(),
            at: now.to_rfc3339(),
            on: now.date_naive(),
            seed: u32::try_from(drill.seed).unwrap_or(u32::MAX),
            level: drill.level,
            points: score.points,
            lines_right: score.lines_right,
            options_right: score.options_right,
            quantities_right: score.quantities_right,
            tender_right: score.tender_right,
            change_right: score.change_right,
            seconds: score.seconds,
            journal_seq: 0,
        };
        row.journal_seq = journal::append(
            &tx,
            &till,
            &row.at,
            EventKind::DrillScored,
            &row.journal_body(),
        )?;
        drills::insert(&tx, &row)?;
        tx.commit().map_err(StoreError::from)?;
        Ok(Scored {
            id: row.id,
            score,
            drill,
        })
    }
}

/// The first level of `track` with a competency not in `signed`.
fn first_open_level(
    framework: &crate::domain::skills::Framework,
    track: Track,
    signed: &std::collections::BTreeSet<crate::domain::skills::CompetencyId>,
) -> Level {
    Level::ALL
        .into_iter()
        .find(|level| {
            framework
                .of_track(track)
                .any(|c| c.level == *level && !signed.contains(&c.id))
        })
        .unwrap_or(Level::Professional)
}
