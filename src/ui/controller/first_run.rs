//! The first run of a new till: the café's name, the till's id and the first admin, whose
//! PIN is typed twice on the keypad.

use super::*;

/// A new PIN typed twice on the screen's keypad: digits never shown, only counted.
#[derive(Debug, Clone, Default)]
pub struct NewPin {
    pub pin: String,
    pub again: String,
    /// The keypad fills the second box.
    pub on_again: bool,
}

impl NewPin {
    fn entry(&mut self) -> &mut String {
        if self.on_again {
            &mut self.again
        } else {
            &mut self.pin
        }
    }

    /// A digit into the box the keypad fills; at most 8.
    pub fn key(&mut self, key: &str) {
        if key.len() == 1 && key.bytes().all(|b| b.is_ascii_digit()) {
            let entry = self.entry();
            if entry.len() < 8 {
                entry.push_str(key);
            }
        }
    }

    pub fn backspace(&mut self) {
        self.entry().pop();
    }

    pub fn clear(&mut self) {
        self.entry().clear();
    }

    pub fn choose(&mut self, again: bool) {
        self.on_again = again;
    }

    /// After "the two PINs are not the same": the repeat is cleared to be typed again.
    pub fn retype_again(&mut self) {
        self.again.clear();
        self.on_again = true;
    }
}

/// The first-run screen's PINs and what went wrong, in words.
#[derive(Debug, Clone, Default)]
pub struct FirstRunPad {
    pub pin: NewPin,
    pub message: Option<String>,
}

/// Whether an error is "the two PINs are not the same".
pub(super) fn pins_differ(e: &crate::app::people::PeopleError) -> bool {
    matches!(
        e,
        crate::app::people::PeopleError::StaffRule(
            crate::domain::staff::StaffRuleError::PinsDiffer
        )
    )
}

impl Controller {
    /// With nobody on the till, the screen sets it up instead of asking who is there.
    pub fn first_run_open(&self) -> bool {
        self.till.on_duty().is_none() && !self.till.has_staff().unwrap_or(true)
    }

    /// Sets the till up and signs the admin in; on a problem, says it and keeps what was
    /// typed, except a repeat PIN that does not match.
    pub fn first_run_submit(&mut self, cafe: &str, till_id: &str, nickname: &str) {
        let NewPin { pin, again, .. } = self.first_run.pin.clone();
        match self.till.first_run(cafe, till_id, nickname, &pin, &again) {
            Ok(_) => {
                self.first_run = FirstRunPad::default();
                self.lang = self.till.language();
                self.last_tap = self.till.monotonic();
                self.offer_opening();
            }
            Err(e) => {
                if pins_differ(&e) {
                    self.first_run.pin.retype_again();
                }
                self.first_run.message = Some(e.to_string());
            }
        }
    }
}
