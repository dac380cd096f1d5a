//! Signing in, locking, and asking a manager to approve a protected action.

use super::*;

/// A protected action waiting for a manager's approval.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pending {
    Settings,
    OpenDrawer,
    CloseTill,
    /// Training mode for the person signed in (`false`) or the whole till (`true`).
    Training(bool),
    /// End training mode.
    StopTraining,
    /// Give the discount on the sheet.
    Discount,
    /// Void or refund what the return sheet holds.
    Return(ReturnKind),
    /// Unlock this person's PIN (id, nickname).
    Unlock(StaffId, String),
    /// Pay this amount out of the drawer, for the reason on the shift screen.
    PayOut(Money),
    /// Go on selling with the clock reading (first) earlier than the last sale (second).
    ConfirmClock(DateTime<FixedOffset>, DateTime<FixedOffset>),
    /// Pin, unpin or reorder the Favourites tab.
    Favourites,
}

impl Pending {
    pub fn action(&self) -> Action {
        match self {
            Pending::Settings => Action::ChangeSettings,
            Pending::OpenDrawer => Action::OpenDrawer,
            Pending::CloseTill => Action::CloseTill,
            Pending::Training(_) | Pending::StopTraining => Action::Training,
            Pending::Discount => Action::Discount,
            Pending::Return(ReturnKind::Void) => Action::VoidPaidSale,
            Pending::Return(ReturnKind::Refund) => Action::Refund,
            Pending::Unlock(..) => Action::ManageStaff,
            Pending::PayOut(_) => Action::PayOut,
            Pending::ConfirmClock(..) | Pending::Favourites => Action::ChangeSettings,
        }
    }

    /// The amount the approval is for, when the action moves money.
    pub fn amount(&self) -> Option<Money> {
        match self {
            Pending::PayOut(amount) => Some(*amount),
            _ => None,
        }
    }
}

/// What the PIN screen tells the person in front of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PinMessage {
    ChooseName,
    WrongPin {
        tries_left: u32,
    },
    Locked(DateTime<FixedOffset>),
    /// Locked a second time within a day: only a manager unlocks it.
    LockedForManager,
    /// This person may not approve the action.
    NotAllowed(String),
    Unlocked(String),
    /// The till locked itself after this many minutes without a tap.
    AutoLocked(u32),
    /// A clock tap went through.
    Clocked(crate::app::clock::Clocked),
    Problem(String),
}

/// The PIN screen: signing in, or a manager approving `approving`.
#[derive(Debug, Clone, Default)]
pub struct PinPad {
    pub approving: Option<Pending>,
    pub chosen: Option<StaffId>,
    /// Digits typed; never shown, only counted.
    pub entry: String,
    pub message: Option<PinMessage>,
}

impl Controller {
    /// The PIN screen shows when nobody is signed in, or while a manager is asked to approve.
    pub fn pin_screen_open(&self) -> bool {
        (self.till.on_duty().is_none() && !self.first_run_open()) || self.pin.approving.is_some()
    }

    /// Whom the PIN screen lists: everyone to sign in; to approve, only those who may.
    pub fn pin_candidates(&self) -> Vec<StaffEntry> {
        let all = self.till.staff().unwrap_or_default();
        match &self.pin.approving {
            None => all,
            Some(p) => all
                .into_iter()
                .filter(|e| may(e.staff.role, p.action()))
                .collect(),
        }
    }

    pub fn pin_pick(&mut self, index: usize) {
        if let Some(e) = self.pin_candidates().into_iter().nth(index) {
            self.pin.message = if e.manager_lock {
                Some(PinMessage::LockedForManager)
            } else {
                e.locked_until.map(PinMessage::Locked)
            };
            self.pin.chosen = Some(e.staff.id);
            self.pin.entry.clear();
        }
    }

    /// A digit of the PIN; at most 8.
    pub fn pin_key(&mut self, key: &str) {
        if key.len() == 1 && key.bytes().all(|b| b.is_ascii_digit()) && self.pin.entry.len() < 8 {
            // The last answer (wrong PIN, tries left) stays until the next one.
            self.pin.entry.push_str(key);
        }
    }

    pub fn pin_backspace(&mut self) {
        self.pin.entry.pop();
    }

    pub fn pin_clear(&mut self) {
        self.pin.entry.clear();
    }

    /// Sign in, or approve, with the PIN typed.
    pub fn pin_submit(&mut self) {
        let Some(id) = self.pin.chosen.clone() else {
            self.pin.message = Some(PinMessage::ChooseName);
            return;
        };
        let entry = std::mem::take(&mut self.pin.entry);
        let result = match self.pin.approving.clone() {
            None => self.till.sign_in(&id, &entry).map(|_| {
                // The till speaks her language from here.
                self.lang = self.till.language();
                self.pin = PinPad::default();
                self.last_tap = self.till.monotonic();
                self.offer_opening();
                // Signing in to sell is not clocking in: the till offers it.
                self.clock_offer = matches!(
                    self.till.clock_state(&id),
                    Ok(crate::domain::clock::ClockState::Out)
                );
            }),
            Some(pending) => self
                .till
                .approve_amount(pending.action(), pending.amount(), &id, &entry)
                .map(|authority| self.perform(pending, authority)),
        };
        if let Err(e) = result {
            self.pin.message = Some(match e {
                SignInError::WrongPin { tries_left } => PinMessage::WrongPin { tries_left },
                SignInError::Locked { until } => PinMessage::Locked(until),
                SignInError::LockedForManager => PinMessage::LockedForManager,
                SignInError::NotAllowed { who } => PinMessage::NotAllowed(who),
                other => PinMessage::Problem(other.to_string()),
            });
        }
    }

    /// Leaves the approval without doing the action.
    pub fn pin_cancel(&mut self) {
        if self.pin.approving.is_some() {
            self.pin = PinPad::default();
        }
    }

    /// Clocks the person chosen in or out (or starts or ends her break) with the PIN typed.
    /// Nobody is signed in by it.
    pub fn pin_clock(&mut self, on_break: bool) {
        let Some(id) = self.pin.chosen.clone() else {
            self.pin.message = Some(PinMessage::ChooseName);
            return;
        };
        let entry = std::mem::take(&mut self.pin.entry);
        let kind = if on_break {
            self.till.break_toggle_kind(&id)
        } else {
            self.till.clock_toggle_kind(&id)
        };
        let result = kind.and_then(|kind| self.till.clock_with_pin(&id, &entry, kind));
        self.pin.message = Some(match result {
            Ok(clocked) => {
                self.pin.chosen = None;
                PinMessage::Clocked(clocked)
            }
            Err(crate::app::clock::ClockAppError::SignIn(e)) => match e {
                SignInError::WrongPin { tries_left } => PinMessage::WrongPin { tries_left },
                SignInError::Locked { until } => PinMessage::Locked(until),
                SignInError::LockedForManager => PinMessage::LockedForManager,
                other => PinMessage::Problem(other.to_string()),
            },
            Err(e) => PinMessage::Problem(e.to_string()),
        });
    }

    /// Asks a manager to unlock the chosen person's locked PIN.
    pub fn pin_unlock(&mut self) {
        let chosen = self.pin.chosen.clone();
        if let Some(e) = self.pin_candidates().into_iter().find(|e| {
            Some(&e.staff.id) == chosen.as_ref() && (e.locked_until.is_some() || e.manager_lock)
        }) {
            self.request(Pending::Unlock(e.staff.id, e.staff.nickname));
        }
    }

    /// Takes a protected action at once when the person signed in may, or asks a manager.
    pub fn request(&mut self, pending: Pending) {
        match self
            .till
            .authorize_amount(pending.action(), pending.amount())
        {
            Some(authority) => self.perform(pending, authority),
            None => {
                self.pin = PinPad {
                    approving: Some(pending),
                    ..PinPad::default()
                }
            }
        }
    }

    fn perform(&mut self, pending: Pending, authority: Authority) {
        self.pin = PinPad::default();
        match pending {
            Pending::Settings => {
                self.settings_open = true;
                self.settings_result = None;
                self.settings_authority = Some(authority);
            }
            Pending::Return(kind) => self.do_return(kind, &authority),
            Pending::Training(whole) => {
                if let Err(e) = self.till.start_training(whole, &authority) {
                    self.status = Status::Problem(Problem::Other(e.to_string()));
                }
            }
            Pending::StopTraining => {
                self.drop_drill_order();
                match self.till.stop_training(&authority) {
                    Ok(()) => self.drill = None,
                    Err(e) => self.status = Status::Problem(Problem::Other(e.to_string())),
                }
            }
            Pending::Discount => self.give_discount(authority),
            Pending::CloseTill => {
                self.counting = Some(Counting {
                    closing: Some(authority),
                    currency: 0,
                    count: CashCount::default(),
                    error: None,
                });
            }
            Pending::OpenDrawer => {
                self.settings_result = Some(match self.till.open_drawer(&authority) {
                    Ok(None) => SettingsResult::DrawerOpened,
                    Ok(Some(e)) => SettingsResult::DrawerFailed(e.to_string()),
                    Err(e) => SettingsResult::DrawerFailed(e.to_string()),
                });
            }
            Pending::PayOut(amount) => self.pay_out(amount, &authority),
            Pending::Favourites => {
                self.favourites = Some(FavouritesEdit {
                    authority,
                    error: None,
                })
            }
            Pending::ConfirmClock(..) => match self.till.confirm_clock(&authority) {
                // The sale that was waiting goes through now.
                Ok(()) => self.finish_payment(),
                Err(e) => self.status = Status::Problem(Problem::Other(e.to_string())),
            },
            Pending::Unlock(id, nickname) => {
                self.pin.message = Some(match self.till.unlock_staff(&id, &authority) {
                    Ok(()) => PinMessage::Unlocked(nickname),
                    Err(e) => PinMessage::Problem(e.to_string()),
                });
                self.pin.chosen = Some(id);
            }
        }
    }

    /// Clocks whoever is signed in in (`clock_in`) or out, as the top bar's button or the
    /// offer after signing in said; says it in the status line.
    pub fn clock_tap(&mut self, clock_in: bool) {
        self.clock_offer = false;
        let kind = if clock_in {
            crate::domain::clock::ClockKind::In
        } else {
            crate::domain::clock::ClockKind::Out
        };
        self.status = match self.till.clock_on_duty(kind) {
            Ok(clocked) => Status::Clocked(clocked),
            Err(e) => Status::Problem(Problem::Other(e.to_string())),
        };
    }

    pub fn clock_offer_dismiss(&mut self) {
        self.clock_offer = false;
    }

    /// Whether whoever is signed in is clocked in (or on a break).
    pub fn on_duty_clocked_in(&self) -> bool {
        self.till.on_duty().is_some_and(|s| {
            !matches!(
                self.till.clock_state(&s.id),
                Ok(crate::domain::clock::ClockState::Out) | Err(_)
            )
        })
    }

    /// Signs out; the order on the screen stays for whoever signs in next, and so does a
    /// payment with parts already taken (that money is in the drawer). Every manager's screen
    /// and sheet closes, with the authority that opened it.
    pub fn sign_out(&mut self) {
        self.clock_offer = false;
        // Her clock tap is hers: the next person does not see it.
        if matches!(self.status, Status::Clocked(_)) {
            self.status = Status::None;
        }
        self.drop_drill_order();
        self.till.sign_out();
        self.drill = None;
        self.lang = self.till.language();
        if self.payment.as_ref().is_none_or(|p| p.taken.is_empty()) {
            self.payment = None;
        }
        self.sheet = None;
        self.close_settings();
        self.return_sheet = None;
        self.discount_sheet = None;
        self.favourites = None;
        self.hold_open = false;
        self.tickets_open = false;
        self.note_line = None;
        self.pin = PinPad::default();
        self.counting = None;
        self.shift = None;
        self.people = None;
    }

    /// A tap: the auto-lock counts from here.
    pub fn touch(&mut self) {
        self.last_tap = self.till.monotonic();
    }

    /// Locks the till after the configured minutes without a tap, even mid-payment (a payment
    /// with parts taken stays for the next person). Returns whether it did.
    pub fn tick(&mut self) -> bool {
        // The backup at shift close runs on a thread: the Z report says when it is done.
        if self.till.poll_backup() {
            return true;
        }
        let minutes = self.till.config().staff.auto_lock_minutes;
        if minutes == 0 || self.till.on_duty().is_none() {
            return false;
        }
        // Measured on a clock that only goes forward: setting the wall clock back or
        // forward neither delays nor hastens the lock.
        if self.till.monotonic().saturating_sub(self.last_tap)
            < std::time::Duration::from_secs(60 * u64::from(minutes))
        {
            return false;
        }
        // Signing out keeps a payment with parts taken: that money stays with the payment for
        // whoever signs in next.
        self.sign_out();
        self.pin.message = Some(PinMessage::AutoLocked(minutes));
        true
    }
}
