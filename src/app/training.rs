//! Training mode: a manager puts the trainee signed in (or the whole till) into practice, as
//! their supervisor. Orders taken then are practice: numbered on their own, printed as "not a
//! receipt", never a sale, never in the drawer, a Z report or head office's figures; each counts
//! as practice for the person who took it.

use super::staff::{Authority, Staff};
use super::{AppError, Till};
use crate::domain::journal::EventKind;
use crate::domain::staff::{Action, StaffId};
use crate::store::{StoreError, journal, training};
use serde_json::json;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Training {
    pub supervisor: Staff,
    /// Only this person practises; `None`: everyone at the till.
    pub trainee: Option<StaffId>,
}

impl Till {
    /// Starts training mode for the person signed in, or for the whole till, under the manager
    /// of `authority` (who approved, or who is signed in) as supervisor.
    /// Journalled with the supervisor and who practises.
    pub fn start_training(
        &mut self,
        whole_till: bool,
        authority: &Authority,
    ) -> Result<(), AppError> {
        authority.allows(Action::Training)?;
        let supervisor = authority
            .approver()
            .unwrap_or_else(|| authority.actor())
            .clone();
        let trainee = (!whole_till).then(|| authority.actor().id.clone());
        self.journal_training(EventKind::TrainingOn, &supervisor.id, trainee.as_ref())?;
        tracing::info!(
            "training mode on ({}), supervised by {}",
            if whole_till {
                "whole till"
            } else {
                "one trainee"
            },
            supervisor.id
        );
        self.training = Some(Training {
            supervisor,
            trainee,
        });
        Ok(())
    }

    /// Ends training mode: a manager's (stopping it makes the next orders real sales).
    /// Journalled with who stopped it.
    pub fn stop_training(&mut self, authority: &Authority) -> Result<(), AppError> {
        authority.allows(Action::Training)?;
        let by = authority
            .approver()
            .unwrap_or_else(|| authority.actor())
            .id
            .clone();
        self.end_training(&by)
    }

    /// Ends training mode when the till signs out or closes, journalled under `by`.
    pub(super) fn end_training(&mut self, by: &StaffId) -> Result<(), AppError> {
        self.drill = None;
        if let Some(t) = self.training.take() {
            self.journal_training(EventKind::TrainingOff, by, t.trainee.as_ref())?;
            tracing::info!("training mode off");
        }
        Ok(())
    }

    fn journal_training(
        &mut self,
        kind: EventKind,
        supervisor: &StaffId,
        trainee: Option<&StaffId>,
    ) -> Result<(), AppError> {
        let at = self.clock.now().to_rfc3339();
        let till = self.config.site.till_id.clone();
        let tx = self.store.write()?;
        journal::append(
            &tx,
            &till,
            &at,
            kind,
            &json!({"till": till, "supervisor": supervisor, "trainee": trainee}),
        )?;
        tx.commit().map_err(StoreError::from)?;
        Ok(())
    }

    /// The training mode that applies to the person signed in, if any.
    pub fn in_training(&self) -> Option<&Training> {
        let t = self.training.as_ref()?;
        match (&t.trainee, &self.on_duty) {
            (None, Some(_)) => Some(t),
            (Some(trainee), Some(on)) if *trainee == on.id => Some(t),
            _ => None,
        }
    }

    /// How many practice orders someone has taken.
    pub fn practice_count(&self, staff: &StaffId) -> Result<i64, StoreError> {
        training::practice_count(self.store.conn(), staff)
    }
}
