//! Training mode: a manager puts the trainee signed in (or the whole till) into practice, as
//! their supervisor. Orders taken then are practice: numbered on their own, printed as "not a
//! receipt", never a sale, never in the drawer, a Z report or head office's figures; each counts
//! as practice for the person who took it.

use super::Till;
use super::staff::{Authority, Staff};
use crate::domain::staff::{Action, StaffId};
use crate::store::{StoreError, training};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Training {
    pub supervisor: Staff,
    /// Only this person practises; `None`: everyone at the till.
    pub trainee: Option<StaffId>,
}

impl Till {
    /// Starts training mode for the person signed in, or for the whole till, under the manager
    /// of `authority` (who approved, or who is signed in) as supervisor.
    pub fn start_training(&mut self, whole_till: bool, authority: &Authority) {
        debug_assert_eq!(authority.action, Action::Training);
        let supervisor = authority
            .approver
            .clone()
            .unwrap_or_else(|| authority.actor.clone());
        let trainee = (!whole_till).then(|| authority.actor.id.clone());
        tracing::info!(
            "training mode on ({}), supervised by {}",
            if whole_till {
                "whole till"
            } else {
                "one trainee"
            },
            supervisor.nickname
        );
        self.training = Some(Training {
            supervisor,
            trainee,
        });
    }

    pub fn stop_training(&mut self) {
        self.training = None;
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
