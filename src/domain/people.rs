//! People on the programme: where each stands (status), what she trains in (track, cohort,
//! mentor), the language she reads, and the identity she gave us, which is kept apart.
//!
//! Ground rule: the till knows who is training, when she works and for how long, and nothing
//! more. There is no field here, and never will be, for how she came to the programme.

use super::id_newtype;
use super::staff::StaffId;
use chrono::NaiveDate;

id_newtype!(
    /// UUIDv7 of a cohort of trainees who start together.
    CohortId
);

/// Where a person stands. Only who is active signs in (`store::staff` reads only them).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Status {
    Active,
    OnLeave,
    Graduated,
    Left,
}

impl Status {
    pub const ALL: [Status; 4] = [
        Status::Active,
        Status::OnLeave,
        Status::Graduated,
        Status::Left,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Status::Active => "active",
            Status::OnLeave => "on_leave",
            Status::Graduated => "graduated",
            Status::Left => "left",
        }
    }

    pub fn from_code(code: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|s| s.code() == code)
    }
}

/// What a trainee trains in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Track {
    Barista,
    Kitchen,
    Service,
}

impl Track {
    pub const ALL: [Track; 3] = [Track::Barista, Track::Kitchen, Track::Service];

    pub fn code(self) -> &'static str {
        match self {
            Track::Barista => "barista",
            Track::Kitchen => "kitchen",
            Track::Service => "service",
        }
    }

    pub fn from_code(code: &str) -> Option<Track> {
        Track::ALL.into_iter().find(|t| t.code() == code)
    }
}

/// A trainee's programme: track, cohort, dates and mentor. Dates are the café's local dates.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Programme {
    pub track: Option<Track>,
    pub cohort: Option<CohortId>,
    pub started_on: Option<NaiveDate>,
    pub planned_end: Option<NaiveDate>,
    pub mentor: Option<StaffId>,
}

impl Programme {
    pub fn check(&self, person: &StaffId) -> Result<(), PeopleRuleError> {
        if let (Some(start), Some(end)) = (self.started_on, self.planned_end)
            && end < start
        {
            return Err(PeopleRuleError::EndsBeforeStart { start, end });
        }
        if self.mentor.as_ref() == Some(person) {
            return Err(PeopleRuleError::OwnMentor);
        }
        Ok(())
    }
}

/// A cohort: trainees who start together.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cohort {
    pub id: CohortId,
    pub name: String,
    pub starts_on: NaiveDate,
    pub planned_end: NaiveDate,
}

impl Cohort {
    pub fn check(&self) -> Result<(), PeopleRuleError> {
        let n = self.name.trim().chars().count();
        if n == 0 || n > 40 {
            return Err(PeopleRuleError::TooLong {
                field: "cohort name",
                max: 40,
            });
        }
        if self.planned_end < self.starts_on {
            return Err(PeopleRuleError::EndsBeforeStart {
                start: self.starts_on,
                end: self.planned_end,
            });
        }
        Ok(())
    }
}

/// The identity a person gave, as she wants it printed: kept sealed, apart from programme
/// records, shown only to a manager (and logged), erased on request. Its `Debug` shows no
/// value, so no log line can carry one.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct Identity {
    pub full_name: String,
    pub phone: String,
    pub emergency_contact: String,
    pub note: String,
}

/// One field of an [`Identity`]; each is sealed on its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IdentityField {
    FullName,
    Phone,
    EmergencyContact,
    Note,
}

impl IdentityField {
    pub const ALL: [IdentityField; 4] = [
        IdentityField::FullName,
        IdentityField::Phone,
        IdentityField::EmergencyContact,
        IdentityField::Note,
    ];

    pub fn code(self) -> &'static str {
        match self {
            IdentityField::FullName => "full_name",
            IdentityField::Phone => "phone",
            IdentityField::EmergencyContact => "emergency_contact",
            IdentityField::Note => "note",
        }
    }

    /// The longest value kept, in characters.
    pub fn max_chars(self) -> usize {
        match self {
            IdentityField::FullName => 80,
            IdentityField::Phone => 32,
            IdentityField::EmergencyContact => 120,
            IdentityField::Note => 280,
        }
    }

    fn label(self) -> &'static str {
        match self {
            IdentityField::FullName => "full name",
            IdentityField::Phone => "phone",
            IdentityField::EmergencyContact => "emergency contact",
            IdentityField::Note => "note",
        }
    }
}

impl std::fmt::Debug for Identity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Identity(..)")
    }
}

impl Identity {
    pub fn get(&self, field: IdentityField) -> &str {
        match field {
            IdentityField::FullName => &self.full_name,
            IdentityField::Phone => &self.phone,
            IdentityField::EmergencyContact => &self.emergency_contact,
            IdentityField::Note => &self.note,
        }
    }

    pub fn set(&mut self, field: IdentityField, value: String) {
        match field {
            IdentityField::FullName => self.full_name = value,
            IdentityField::Phone => self.phone = value,
            IdentityField::EmergencyContact => self.emergency_contact = value,
            IdentityField::Note => self.note = value,
        }
    }

    /// Trims every field and checks its length; a phone holds digits, spaces and `+-()` only.
    pub fn checked(mut self) -> Result<Identity, PeopleRuleError> {
        for field in IdentityField::ALL {
            let value = self.get(field).trim().to_owned();
            if value.chars().count() > field.max_chars() {
                return Err(PeopleRuleError::TooLong {
                    field: field.label(),
                    max: field.max_chars(),
                });
            }
            self.set(field, value);
        }
        if let Some(c) = self
            .phone
            .chars()
            .find(|c| !(c.is_ascii_digit() || " +-()".contains(*c)))
        {
            return Err(PeopleRuleError::PhoneCharacter(c));
        }
        Ok(self)
    }
}

/// The nickname an erased person is left with: her records stay as counts under it.
pub fn erased_nickname(n: u32) -> String {
    format!("Former trainee {n}")
}

/// What a manager looked at or took out of the till, for the access log.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Access {
    /// Opened a person's page.
    OpenRecord,
    /// Showed her identity (name, phone, emergency contact, note).
    ShowIdentity,
    /// Changed her identity.
    EditIdentity,
    /// Exported records (hours, lists) out of the till.
    Export,
    /// Exported records with identity in them.
    ExportIdentity,
    /// Erased her on request.
    Erase,
}

impl Access {
    pub const ALL: [Access; 6] = [
        Access::OpenRecord,
        Access::ShowIdentity,
        Access::EditIdentity,
        Access::Export,
        Access::ExportIdentity,
        Access::Erase,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Access::OpenRecord => "open_record",
            Access::ShowIdentity => "show_identity",
            Access::EditIdentity => "edit_identity",
            Access::Export => "export",
            Access::ExportIdentity => "export_identity",
            Access::Erase => "erase",
        }
    }

    pub fn from_code(code: &str) -> Option<Access> {
        Access::ALL.into_iter().find(|a| a.code() == code)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PeopleRuleError {
    #[error("the {field} is at most {max} characters")]
    TooLong { field: &'static str, max: usize },
    #[error("a phone number holds digits, spaces and + - ( ) only, not '{0}'")]
    PhoneCharacter(char),
    #[error("the planned end ({end}) is before the start ({start})")]
    EndsBeforeStart { start: NaiveDate, end: NaiveDate },
    #[error("a person cannot be her own mentor")]
    OwnMentor,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_read_back_from_their_codes() {
        for s in Status::ALL {
            assert_eq!(Status::from_code(s.code()), Some(s));
        }
    }

    #[test]
    fn identity_is_trimmed_and_bounded() {
        let id = Identity {
            full_name: "  Khamla Vongsa ".into(),
            phone: "+856 20 5555 1234".into(),
            ..Default::default()
        }
        .checked()
        .unwrap();
        assert_eq!(id.full_name, "Khamla Vongsa");
        let long = Identity {
            note: "ກ".repeat(281),
            ..Default::default()
        };
        assert_eq!(
            long.checked(),
            Err(PeopleRuleError::TooLong {
                field: "note",
                max: 280
            })
        );
        let phone = Identity {
            phone: "020 call me".into(),
            ..Default::default()
        };
        assert_eq!(phone.checked(), Err(PeopleRuleError::PhoneCharacter('c')));
    }

    #[test]
    fn a_programme_cannot_end_before_it_starts() {
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        let me = StaffId::from("p1");
        let p = Programme {
            started_on: Some(d("2026-12-01")),
            planned_end: Some(d("2026-11-01")),
            ..Default::default()
        };
        assert!(matches!(
            p.check(&me),
            Err(PeopleRuleError::EndsBeforeStart { .. })
        ));
        let own = Programme {
            mentor: Some(me.clone()),
            ..Default::default()
        };
        assert_eq!(own.check(&me), Err(PeopleRuleError::OwnMentor));
    }
}
