//! Staff use cases: add staff, sign in with a PIN (with lockout), sign out, and manager
//! approval of protected actions. PINs are hashed with Argon2id at the OWASP cost
//! (19 MiB, 2 passes, 1 lane); a PIN is never stored or logged.

use super::{AppError, Till};
use crate::domain::money::Money;
use crate::domain::session::pay_out_needs_manager;
use crate::domain::staff::{
    Action, AfterWrongPin, Role, StaffId, StaffRuleError, after_wrong_pin, check_new_pin,
    check_nickname, may,
};
use crate::store::StoreError;
use crate::store::staff::{self, StaffRow};
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use chrono::{DateTime, FixedOffset};

/// A person signed in at the till (or approving an action).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Staff {
    pub id: StaffId,
    pub nickname: String,
    pub role: Role,
    /// The language the till switches to when they sign in (none: the site's).
    pub language: Option<crate::domain::menu::Lang>,
}

/// A staff member as the sign-in screen lists them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaffEntry {
    pub staff: Staff,
    /// Set while their PIN is locked for a time.
    pub locked_until: Option<DateTime<FixedOffset>>,
    /// Their PIN was locked twice within a day: only a manager unlocks it.
    pub manager_lock: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum StaffError {
    #[error(transparent)]
    Rule(#[from] StaffRuleError),
    #[error("there is already someone called {0:?}; choose another nickname")]
    NicknameTaken(String),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("the PIN could not be hashed: {0}")]
    Hash(String),
    #[error(transparent)]
    NotAuthorized(#[from] NotAuthorized),
    #[error(
        "this till already has staff: a manager or admin adds people (mekong staff add --by NICKNAME)"
    )]
    NotFirst,
    #[error("{0} cannot give a role above their own: an admin adds admins")]
    AboveOwnRole(String),
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SignInError {
    #[error("wrong PIN; {tries_left} tries left before it locks")]
    WrongPin { tries_left: u32 },
    #[error("too many wrong PINs: locked until {until}, or until a manager unlocks it")]
    Locked { until: DateTime<FixedOffset> },
    #[error("too many wrong PINs again today: locked until a manager unlocks it")]
    LockedForManager,
    #[error("no such staff member")]
    Unknown,
    #[error("{who} is not allowed to approve this; a manager must")]
    NotAllowed { who: String },
    #[error("{0}")]
    Store(String),
}

impl From<StoreError> for SignInError {
    fn from(e: StoreError) -> Self {
        SignInError::Store(e.to_string())
    }
}

/// Who may take a protected action now: the person at the till, and the manager who approved
/// it when they may not take it alone. A capability: its fields are private and only the
/// approval path makes one ([`Till::authorize`] when the person's role allows the action,
/// [`Till::approve`] after a manager's PIN). Every use case that needs one checks, in release
/// builds too, that it was given for that action ([`Authority::allows`]). It is not `Clone`:
/// an approval is used where it was given, or kept only as long as the screen it opened.
#[derive(Debug, PartialEq, Eq)]
pub struct Authority {
    action: Action,
    actor: Staff,
    approver: Option<Staff>,
    /// The amount it was given for, when the action moves a sum (a pay-out).
    amount: Option<Money>,
}

/// An authority given for another action (or amount) than the one it was used for.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("this needs a manager's approval for {needed}; the approval given was for {given}")]
pub struct NotAuthorized {
    pub needed: String,
    pub given: String,
}

impl Authority {
    /// What it allows.
    pub fn action(&self) -> Action {
        self.action
    }
    /// The person taking the action.
    pub fn actor(&self) -> &Staff {
        &self.actor
    }
    /// The manager who approved it, when the person could not take it alone.
    pub fn approver(&self) -> Option<&Staff> {
        self.approver.as_ref()
    }
    /// Ok when it was given for `action`.
    pub fn allows(&self, action: Action) -> Result<(), NotAuthorized> {
        if self.action == action {
            Ok(())
        } else {
            Err(NotAuthorized {
                needed: action.code().into(),
                given: self.action.code().into(),
            })
        }
    }
    /// Ok when it was given for `action` of exactly `amount`.
    pub fn allows_amount(&self, action: Action, amount: Money) -> Result<(), NotAuthorized> {
        self.allows(action)?;
        if self.amount == Some(amount) {
            Ok(())
        } else {
            Err(NotAuthorized {
                needed: format!("{} of {amount}", action.code()),
                given: match self.amount {
                    Some(a) => format!("{} of {a}", self.action.code()),
                    None => format!("{} of no amount", self.action.code()),
                },
            })
        }
    }
    /// Demo history closes its made-up shifts as the demo manager, with no PIN typed: the
    /// one way to make an authority outside the approval path, and only for `mekong demo`.
    pub(super) fn for_demo_history(manager: Staff, action: Action) -> Authority {
        Authority {
            action,
            actor: manager,
            approver: None,
            amount: None,
        }
    }
}

/// A manager's approval of a discount, kept with the discount on the order on screen (and
/// with a held order on disk). Made only from an [`Authority`] given for discounts; the order
/// drops it with its discount when the line it was given for changes.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct DiscountGrant {
    staff: StaffId,
    approved_by: Option<StaffId>,
}

impl DiscountGrant {
    pub fn staff(&self) -> &StaffId {
        &self.staff
    }
    pub fn approved_by(&self) -> Option<&StaffId> {
        self.approved_by.as_ref()
    }
}

/// The order on screen, with its discounts and their grants.
pub type Order = crate::domain::order::Cart<DiscountGrant>;

impl Authority {
    /// The grant for a discount, when this authority was given for discounts.
    pub fn grant_discount(&self) -> Result<DiscountGrant, NotAuthorized> {
        self.allows(Action::Discount)?;
        Ok(DiscountGrant {
            staff: self.actor.id.clone(),
            approved_by: self.approver.as_ref().map(|a| a.id.clone()),
        })
    }
}

fn argon2() -> Argon2<'static> {
    let params = Params::new(19 * 1024, 2, 1, None).expect("OWASP Argon2id parameters are valid");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

pub(super) fn hash_pin(pin: &str) -> Result<String, StaffError> {
    let salt = SaltString::generate(&mut argon2::password_hash::rand_core::OsRng);
    argon2()
        .hash_password(pin.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| StaffError::Hash(e.to_string()))
}

fn pin_matches(pin: &str, hash: &str) -> bool {
    PasswordHash::new(hash)
        .map(|h| argon2().verify_password(pin.as_bytes(), &h).is_ok())
        .unwrap_or(false)
}

impl From<&StaffRow> for Staff {
    fn from(r: &StaffRow) -> Self {
        Staff {
            id: r.id.clone(),
            nickname: r.nickname.clone(),
            role: r.role,
            language: r.language,
        }
    }
}

impl Till {
    /// The first person on a new till: its admin, who then adds everyone else. Refused once
    /// the till has staff.
    pub fn add_first_admin(&mut self, nickname: &str, pin: &str) -> Result<Staff, StaffError> {
        if staff::count(self.store.conn())? > 0 {
            return Err(StaffError::NotFirst);
        }
        self.insert_staff(nickname, Role::Admin, pin, None)
    }

    /// Adds a staff member with their chosen nickname and a PIN they chose, on the authority
    /// of a manager or admin (who is journalled with the new person).
    pub fn add_staff(
        &mut self,
        nickname: &str,
        role: Role,
        pin: &str,
        authority: &Authority,
    ) -> Result<Staff, StaffError> {
        authority.allows(Action::ManageStaff)?;
        let adder = authority.approver().unwrap_or_else(|| authority.actor());
        if role > adder.role {
            return Err(StaffError::AboveOwnRole(adder.nickname.clone()));
        }
        self.insert_staff(nickname, role, pin, Some(authority))
    }

    /// Demo staff go onto an empty demo till in one go (see `demo::add_demo_staff`).
    pub(super) fn add_demo_member(
        &mut self,
        nickname: &str,
        role: Role,
        pin: &str,
    ) -> Result<Staff, StaffError> {
        self.insert_staff(nickname, role, pin, None)
    }

    fn insert_staff(
        &mut self,
        nickname: &str,
        role: Role,
        pin: &str,
        authority: Option<&Authority>,
    ) -> Result<Staff, StaffError> {
        let nickname = check_nickname(nickname)?;
        check_new_pin(pin)?;
        // Everyone's, not only who can sign in: a nickname stays with its person's records.
        if crate::store::people::nickname_taken(self.store.conn(), &nickname)? {
            return Err(StaffError::NicknameTaken(nickname));
        }
        let row = StaffRow {
            id: StaffId(uuid::Uuid::now_v7().to_string()),
            nickname,
            role,
            pin_hash: hash_pin(pin)?,
            wrong_pins: 0,
            locked_until: None,
            last_lockout_at: None,
            manager_lock: false,
            language: None,
        };
        let at = self.clock.now().to_rfc3339();
        let till = self.config.site.till_id.clone();
        let tx = self.store.write()?;
        staff::insert(&tx, &row, &at)?;
        crate::store::journal::append(
            &tx,
            &till,
            &at,
            crate::domain::journal::EventKind::StaffAdded,
            &serde_json::json!({
                "till": till, "staff_id": row.id, "role": row.role.code(),
                "by": authority.map(|a| a.actor().id.clone()),
                "approved_by": authority.and_then(|a| a.approver().map(|m| m.id.clone())),
            }),
        )?;
        tx.commit().map_err(StoreError::from)?;
        Ok(Staff::from(&row))
    }

    /// Everyone who can sign in, managers first.
    pub fn staff(&self) -> Result<Vec<StaffEntry>, AppError> {
        let now = self.clock.now();
        Ok(staff::active(self.store.conn())?
            .iter()
            .map(|r| StaffEntry {
                staff: Staff::from(r),
                locked_until: locked_until(r, now),
                manager_lock: r.manager_lock,
            })
            .collect())
    }

    /// Checks a PIN, counting wrong ones; the fifth wrong one in a row locks it.
    pub(super) fn check_pin(&mut self, id: &StaffId, pin: &str) -> Result<Staff, SignInError> {
        let conn = self.store.conn();
        let row = staff::get(conn, id)?.ok_or(SignInError::Unknown)?;
        let now = self.clock.now();
        if row.manager_lock {
            return Err(SignInError::LockedForManager);
        }
        if let Some(until) = locked_until(&row, now) {
            return Err(SignInError::Locked { until });
        }
        // A wall clock set forward does not end a lock early: it lasts its time on the clock
        // that only goes forward.
        let lock = std::time::Duration::from_secs(60 * crate::domain::staff::LOCK_MINUTES as u64);
        if let Some(at) = self.locked_at.get(id) {
            let passed = self.clock.monotonic().saturating_sub(*at);
            if passed < lock {
                let left = chrono::TimeDelta::from_std(lock - passed).unwrap_or_default();
                return Err(SignInError::Locked { until: now + left });
            }
        }
        // A lock that has run out starts a fresh count.
        let wrong_before = if row.locked_until.is_some() {
            0
        } else {
            row.wrong_pins
        };
        if pin_matches(pin, &row.pin_hash) {
            if row.wrong_pins != 0 || row.locked_until.is_some() {
                staff::set_pin_state(conn, id, 0, None)?;
            }
            return Ok(Staff::from(&row));
        }
        let last_lockout = row
            .last_lockout_at
            .as_deref()
            .and_then(|t| DateTime::parse_from_rfc3339(t).ok());
        match after_wrong_pin(wrong_before, now, last_lockout) {
            AfterWrongPin::TriesLeft(tries_left) => {
                staff::set_pin_state(conn, id, wrong_before + 1, None)?;
                Err(SignInError::WrongPin { tries_left })
            }
            AfterWrongPin::LockedUntil(until) => {
                staff::lock(conn, id, &now.to_rfc3339(), Some(&until.to_rfc3339()))?;
                self.locked_at.insert(id.clone(), self.clock.monotonic());
                tracing::warn!("PIN of staff {id} locked after repeated wrong tries");
                Err(SignInError::Locked { until })
            }
            AfterWrongPin::LockedForManager => {
                staff::lock(conn, id, &now.to_rfc3339(), None)?;
                tracing::warn!(
                    "PIN of staff {id} locked a second time in a day: a manager must unlock it"
                );
                Err(SignInError::LockedForManager)
            }
        }
    }

    /// Signs a person in at the till; their sales are recorded under them.
    pub fn sign_in(&mut self, id: &StaffId, pin: &str) -> Result<Staff, SignInError> {
        let staff = self.check_pin(id, pin)?;
        // A drill is timed for whoever asked for it: a new sign-in ends it. An order left on
        // screen is hers to finish, untimed (its start was someone else's).
        self.drill = None;
        self.order_begun = None;
        self.on_duty = Some(staff.clone());
        Ok(staff)
    }

    /// Signs out. Practice for the whole till ends with the person who was signed in (a
    /// trainee's own practice goes on when she signs in again).
    pub fn sign_out(&mut self) {
        // A drill is hers and timed: it ends when she signs out, and so does the timing of an
        // order she began.
        self.drill = None;
        self.order_begun = None;
        if let Some(staff) = self.on_duty.take()
            && self.training.as_ref().is_some_and(|t| t.trainee.is_none())
            && let Err(e) = self.end_training(&staff.id)
        {
            tracing::error!("training mode ended at sign-out, but not journalled: {e}");
        }
    }

    /// Who is signed in.
    pub fn on_duty(&self) -> Option<&Staff> {
        self.on_duty.as_ref()
    }

    /// The authority to take `action` as the person signed in, when their role allows it;
    /// `None` when it needs a manager's approval (or nobody is signed in).
    pub fn authorize(&self, action: Action) -> Option<Authority> {
        self.authorize_amount(action, None)
    }

    /// [`Till::authorize`] for an action that moves `amount`: a pay-out within
    /// `[staff] pay-out-limit` is anyone's; above it, or in a currency without a rate today,
    /// a manager's.
    pub fn authorize_amount(&self, action: Action, amount: Option<Money>) -> Option<Authority> {
        let actor = self.on_duty.clone()?;
        let within_limit = action == Action::PayOut
            && amount.is_some_and(|a| {
                self.value_in_till_currency(a)
                    .is_some_and(|v| !pay_out_needs_manager(v, self.pay_out_limit()))
            });
        (may(actor.role, action) || within_limit).then_some(Authority {
            action,
            actor,
            approver: None,
            amount,
        })
    }

    fn pay_out_limit(&self) -> Money {
        Money::new(self.config.money.currency, self.config.staff.pay_out_limit)
    }

    /// What `amount` is worth in the till's currency, at today's rate for foreign cash.
    fn value_in_till_currency(&self, amount: Money) -> Option<Money> {
        self.tender_of(super::tenders::Payment::cash(amount))
            .ok()
            .map(|t| t.value)
    }

    /// A manager approves `action` for the person signed in, with their own PIN. Wrong PINs
    /// count towards the manager's lockout like at sign-in.
    pub fn approve(
        &mut self,
        action: Action,
        manager: &StaffId,
        pin: &str,
    ) -> Result<Authority, SignInError> {
        self.approve_amount(action, None, manager, pin)
    }

    /// [`Till::approve`] for an action that moves `amount` (a pay-out): the approval is for
    /// that amount only.
    pub fn approve_amount(
        &mut self,
        action: Action,
        amount: Option<Money>,
        manager: &StaffId,
        pin: &str,
    ) -> Result<Authority, SignInError> {
        let approver = self.check_pin(manager, pin)?;
        if !may(approver.role, action) {
            return Err(SignInError::NotAllowed {
                who: approver.nickname,
            });
        }
        let actor = self.on_duty.clone().unwrap_or_else(|| approver.clone());
        let approver = (approver.id != actor.id).then_some(approver);
        Ok(Authority {
            action,
            actor,
            approver,
            amount,
        })
    }

    /// Lifts a PIN lock before its time.
    pub fn unlock_staff(&mut self, id: &StaffId, authority: &Authority) -> Result<(), AppError> {
        authority.allows(Action::ManageStaff)?;
        let by = authority
            .approver()
            .unwrap_or_else(|| authority.actor())
            .id
            .clone();
        self.unlock_pin(id, Some(&by))?;
        tracing::info!("PIN of staff {id} unlocked by staff {by}");
        Ok(())
    }

    /// Lifts a PIN lock from the till's own console (`mekong staff unlock`): for a café whose
    /// managers are all locked out. Whoever can run commands on the till can do this, so it
    /// is journalled like an unlock on the screen, "by the console".
    pub fn unlock_at_console(&mut self, id: &StaffId) -> Result<(), AppError> {
        self.unlock_pin(id, None)
    }

    fn unlock_pin(&mut self, id: &StaffId, by: Option<&StaffId>) -> Result<(), AppError> {
        let at = self.clock.now().to_rfc3339();
        let till = self.config.site.till_id.clone();
        let tx = self.store.write()?;
        staff::unlock(&tx, id)?;
        crate::store::journal::append(
            &tx,
            &till,
            &at,
            crate::domain::journal::EventKind::StaffUnlocked,
            &serde_json::json!({"till": till, "staff_id": id, "by": by}),
        )?;
        tx.commit().map_err(StoreError::from)?;
        self.locked_at.remove(id);
        Ok(())
    }

    /// Whether anyone can sign in yet (a new till has nobody until an admin is added).
    pub fn has_staff(&self) -> Result<bool, AppError> {
        Ok(staff::count(self.store.conn())? > 0)
    }
}

fn locked_until(r: &StaffRow, now: DateTime<FixedOffset>) -> Option<DateTime<FixedOffset>> {
    r.locked_until
        .as_deref()
        .and_then(|t| DateTime::parse_from_rfc3339(t).ok())
        .filter(|until| *until > now)
}
