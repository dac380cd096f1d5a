//! Staff, their roles and what each role may do alone; PIN rules and the lockout policy.
//! Hashing a PIN is the app's job (it needs randomness); the rules are here.

use super::id_newtype;
use chrono::{DateTime, FixedOffset, TimeDelta};

id_newtype!(
    /// UUIDv7 of a staff member.
    StaffId
);

/// Roles, from least to most trusted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Role {
    Trainee,
    Barista,
    Manager,
    Admin,
}

impl Role {
    pub const ALL: [Role; 4] = [Role::Trainee, Role::Barista, Role::Manager, Role::Admin];

    pub fn code(self) -> &'static str {
        match self {
            Role::Trainee => "trainee",
            Role::Barista => "barista",
            Role::Manager => "manager",
            Role::Admin => "admin",
        }
    }

    pub fn from_code(code: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.code() == code)
    }
}

/// Actions that a trainee or barista cannot take alone: they need a manager's approval.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    VoidPaidSale,
    Refund,
    Discount,
    /// Open the cash drawer with no sale.
    OpenDrawer,
    /// Change prices, exchange rates or the printer set-up.
    ChangeSettings,
    CloseTill,
    /// Add staff, change roles, unlock a locked PIN.
    ManageStaff,
    /// Put a trainee or the whole till into training mode, as their supervisor.
    Training,
    /// Take cash out of the drawer outside a sale (above `[staff] pay-out-limit`).
    PayOut,
}

impl Action {
    pub const ALL: [Action; 9] = [
        Action::VoidPaidSale,
        Action::Refund,
        Action::Discount,
        Action::OpenDrawer,
        Action::ChangeSettings,
        Action::CloseTill,
        Action::ManageStaff,
        Action::Training,
        Action::PayOut,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Action::VoidPaidSale => "void_paid_sale",
            Action::Refund => "refund",
            Action::Discount => "discount",
            Action::OpenDrawer => "open_drawer",
            Action::ChangeSettings => "change_settings",
            Action::CloseTill => "close_till",
            Action::ManageStaff => "manage_staff",
            Action::Training => "training",
            Action::PayOut => "pay_out",
        }
    }
}

/// The permission table: may `role` take `action` on their own (and so approve it for others)?
pub fn may(role: Role, action: Action) -> bool {
    match action {
        Action::VoidPaidSale
        | Action::Refund
        | Action::Discount
        | Action::OpenDrawer
        | Action::ChangeSettings
        | Action::CloseTill
        | Action::ManageStaff
        | Action::Training
        | Action::PayOut => role >= Role::Manager,
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StaffRuleError {
    #[error("a PIN is 4 to 8 digits")]
    PinShape,
    #[error("a PIN of one digit repeated ({0}) is too easy to guess")]
    PinRepeated(String),
    #[error("a nickname is 1 to 24 characters")]
    Nickname,
    #[error("nicknames beginning \"Former trainee\" are kept for people who asked to be erased")]
    ReservedNickname,
    #[error("the two PINs are not the same: type the new PIN again")]
    PinsDiffer,
}

/// Checks a new PIN: 4–8 digits, not one digit repeated.
pub fn check_new_pin(pin: &str) -> Result<(), StaffRuleError> {
    if !(4..=8).contains(&pin.len()) || !pin.bytes().all(|b| b.is_ascii_digit()) {
        return Err(StaffRuleError::PinShape);
    }
    if pin.bytes().all(|b| b == pin.as_bytes()[0]) {
        return Err(StaffRuleError::PinRepeated(pin.to_owned()));
    }
    Ok(())
}

/// The nickname a person chose, the only name a receipt ever shows; trimmed.
pub fn check_nickname(nickname: &str) -> Result<String, StaffRuleError> {
    let n = nickname.trim();
    if n.is_empty() || n.chars().count() > 24 {
        return Err(StaffRuleError::Nickname);
    }
    if n.to_lowercase().starts_with("former trainee") {
        return Err(StaffRuleError::ReservedNickname);
    }
    Ok(n.to_owned())
}

/// A new PIN typed twice: the same both times, and a good PIN.
pub fn check_new_pin_twice(pin: &str, again: &str) -> Result<(), StaffRuleError> {
    check_new_pin(pin)?;
    if pin != again {
        return Err(StaffRuleError::PinsDiffer);
    }
    Ok(())
}

/// After this many wrong PINs in a row, the PIN is locked.
pub const MAX_WRONG_PINS: u32 = 5;
/// For this long, unless a manager unlocks it sooner.
pub const LOCK_MINUTES: i64 = 30;

/// What a wrong PIN leads to, given the wrong tries before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AfterWrongPin {
    TriesLeft(u32),
    LockedUntil(DateTime<FixedOffset>),
    /// Locked a second time within a day: only a manager unlocks it, however long one waits.
    LockedForManager,
}

/// A second lockout within this many hours of the last one is lifted only by a manager.
pub const RELOCK_HOURS: i64 = 24;

pub fn after_wrong_pin(
    wrong_before: u32,
    now: DateTime<FixedOffset>,
    last_lockout: Option<DateTime<FixedOffset>>,
) -> AfterWrongPin {
    let wrong = wrong_before + 1;
    if wrong < MAX_WRONG_PINS {
        return AfterWrongPin::TriesLeft(MAX_WRONG_PINS - wrong);
    }
    // A last lockout "in the future" means the clock was set back: treat it as recent.
    match last_lockout {
        Some(t) if now - t < TimeDelta::hours(RELOCK_HOURS) => AfterWrongPin::LockedForManager,
        _ => AfterWrongPin::LockedUntil(now + TimeDelta::minutes(LOCK_MINUTES)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_managers_and_admins_take_protected_actions() {
        for action in Action::ALL {
            for role in Role::ALL {
                let expected = matches!(role, Role::Manager | Role::Admin);
                assert_eq!(may(role, action), expected, "{role:?} {action:?}");
            }
        }
    }

    #[test]
    fn pins_are_four_to_eight_digits_and_not_one_digit_repeated() {
        assert!(check_new_pin("2580").is_ok());
        assert!(check_new_pin("25801234").is_ok());
        for bad in ["123", "123456789", "12a4", "", "１２３４"] {
            assert_eq!(check_new_pin(bad), Err(StaffRuleError::PinShape), "{bad}");
        }
        assert!(matches!(
            check_new_pin("0000"),
            Err(StaffRuleError::PinRepeated(_))
        ));
    }

    #[test]
    fn the_fifth_wrong_pin_locks_for_thirty_minutes() {
        let now = DateTime::parse_from_rfc3339("2026-11-28T10:00:00+07:00").unwrap();
        assert_eq!(after_wrong_pin(0, now, None), AfterWrongPin::TriesLeft(4));
        assert_eq!(after_wrong_pin(3, now, None), AfterWrongPin::TriesLeft(1));
        assert_eq!(
            after_wrong_pin(4, now, None),
            AfterWrongPin::LockedUntil(
                DateTime::parse_from_rfc3339("2026-11-28T10:30:00+07:00").unwrap()
            )
        );
    }

    #[test]
    fn a_second_lockout_within_a_day_waits_for_a_manager() {
        let at = |t: &str| DateTime::parse_from_rfc3339(t).unwrap();
        let now = at("2026-11-28T10:00:00+07:00");
        // Locked at 09:00 today: five more wrong PINs need a manager, not 30 minutes.
        assert_eq!(
            after_wrong_pin(4, now, Some(at("2026-11-28T09:00:00+07:00"))),
            AfterWrongPin::LockedForManager
        );
        // A lockout from two days ago starts afresh.
        assert!(matches!(
            after_wrong_pin(4, now, Some(at("2026-11-26T09:00:00+07:00"))),
            AfterWrongPin::LockedUntil(_)
        ));
        // A clock set back behind the last lockout does not make it old.
        assert_eq!(
            after_wrong_pin(4, now, Some(at("2026-11-29T09:00:00+07:00"))),
            AfterWrongPin::LockedForManager
        );
    }

    #[test]
    fn nicknames_are_trimmed_and_short() {
        assert_eq!(check_nickname("  ນ້ອຍ ").unwrap(), "ນ້ອຍ");
        assert!(check_nickname("   ").is_err());
        assert!(check_nickname(&"x".repeat(25)).is_err());
        assert_eq!(
            check_nickname("Former Trainee 3"),
            Err(StaffRuleError::ReservedNickname)
        );
        assert_eq!(
            check_new_pin_twice("2580", "2581"),
            Err(StaffRuleError::PinsDiffer)
        );
    }
}
