//! The first run of a new till: the café's name, the till's id and the first admin, whose
//! PIN is typed twice on the keypad.

use super::*;

/// The two PIN boxes of the first-run screen and what went wrong, in words.
#[derive(Debug, Clone, Default)]
pub struct FirstRunPad {
    /// Digits typed; never shown, only counted.
    pub pin: String,
    pub again: String,
    /// The keypad fills the second box.
    pub on_again: bool,
    pub message: Option<String>,
}

impl Controller {
    /// With nobody on the till, the screen sets it up instead of asking who is there.
    pub fn first_run_open(&self) -> bool {
        self.till.on_duty().is_none() && !self.till.has_staff().unwrap_or(true)
    }

    fn first_run_entry(&mut self) -> &mut String {
        if self.first_run.on_again {
            &mut self.first_run.again
        } else {
            &mut self.first_run.pin
        }
    }

    /// A digit into the box the keypad fills; at most 8. The first box moves on to the second
    /// once it holds 8 digits.
    pub fn first_run_key(&mut self, key: &str) {
        if key.len() == 1 && key.bytes().all(|b| b.is_ascii_digit()) {
            let entry = self.first_run_entry();
            if entry.len() < 8 {
                entry.push_str(key);
            }
        }
    }

    pub fn first_run_backspace(&mut self) {
        self.first_run_entry().pop();
    }

    pub fn first_run_clear(&mut self) {
        self.first_run_entry().clear();
    }

    pub fn first_run_choose(&mut self, again: bool) {
        self.first_run.on_again = again;
    }

    /// Sets the till up and signs the admin in; on a problem, says it and keeps what was
    /// typed except the PINs that do not match.
    pub fn first_run_submit(&mut self, cafe: &str, till_id: &str, nickname: &str) {
        let (pin, again) = (self.first_run.pin.clone(), self.first_run.again.clone());
        match self.till.first_run(cafe, till_id, nickname, &pin, &again) {
            Ok(_) => {
                self.first_run = FirstRunPad::default();
                self.lang = self.till.language();
                self.last_tap = self.till.monotonic();
                self.offer_opening();
            }
            Err(e) => {
                if matches!(
                    e,
                    crate::app::people::PeopleError::StaffRule(
                        crate::domain::staff::StaffRuleError::PinsDiffer
                    )
                ) {
                    self.first_run.again.clear();
                    self.first_run.on_again = true;
                }
                self.first_run.message = Some(e.to_string());
            }
        }
    }
}
