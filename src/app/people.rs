//! People use cases, all a manager's: list people, open a record, change role, status, PIN,
//! language and programme, keep identity sealed and show it (logged), erase on request.
//! Every change is journalled with who made it; every look at identity is in the access log.

use super::staff::{Authority, NotAuthorized, Staff, StaffError, hash_pin};
use super::{Till, identity::KeyError};
use crate::domain::journal::EventKind;
use crate::domain::menu::Lang;
use crate::domain::people::{
    Access, Cohort, CohortId, Identity, PeopleRuleError, Programme, Status,
};
use crate::domain::staff::{
    Action, Role, StaffId, StaffRuleError, check_new_pin_twice, check_nickname,
};
use crate::store::StoreError;
use crate::store::people::{self, AccessRow, PersonRow};
use chrono::NaiveDate;

#[derive(Debug, thiserror::Error)]
pub enum PeopleError {
    #[error(transparent)]
    NotAuthorized(#[from] NotAuthorized),
    #[error(transparent)]
    Rule(#[from] PeopleRuleError),
    #[error(transparent)]
    Staff(#[from] StaffError),
    #[error(transparent)]
    StaffRule(#[from] StaffRuleError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Key(#[from] KeyError),
    #[error("no such person on this till")]
    Unknown,
    #[error("people are a manager's to change: {0} signs out and a manager signs in")]
    ManagersOnly(String),
    #[error("only an admin erases a person")]
    AdminsErase,
    #[error("only an admin gives {0}, a manager, a new PIN")]
    PinOfAPeer(String),
    #[error(
        "erased (now {0}), but another program is reading the database: close it and the till, then open the till once, so the old copy in the write-ahead log is emptied"
    )]
    ErasedLogBusy(String),
    #[error("{0} has been erased: nothing of hers is left to change")]
    Erased(String),
    #[error("{who} cannot change {whom}, whose role is above theirs")]
    AboveOwnRole { who: String, whom: String },
    #[error("{0} cannot give a role above their own: an admin makes admins")]
    RoleAboveOwn(String),
    #[error("nobody changes their own role, status or erases themselves: another manager does")]
    Themselves,
    #[error("no such mentor: a mentor is someone active on this till, a barista or above")]
    NoSuchMentor,
    #[error("no such cohort")]
    NoSuchCohort,
    #[error("there is already a cohort called {0:?}")]
    CohortTaken(String),
    #[error(transparent)]
    Config(#[from] crate::config::ConfigError),
    #[error(transparent)]
    SignIn(#[from] super::staff::SignInError),
    #[error(
        "this till already has sales under the id {0}: its id stays (receipt numbers count per till)"
    )]
    TillIdFixed(String),
    #[error("the till id {0:?} must be 1 to 8 letters and digits (A-Z, 0-9), like VTE1")]
    TillId(String),
    #[error("the café's name must be 1 to 60 characters")]
    CafeName,
}

impl Till {
    /// The first run, on the screen: the café's name and the till's id go into
    /// `mekong.toml`, the first admin is added and signed in. Refused once anyone is on the
    /// till; bad input changes nothing.
    pub fn first_run(
        &mut self,
        cafe: &str,
        till_id: &str,
        nickname: &str,
        pin: &str,
        again: &str,
    ) -> Result<Staff, PeopleError> {
        if crate::store::staff::count(self.store.conn())? > 0 {
            return Err(StaffError::NotFirst.into());
        }
        check_nickname(nickname)?;
        check_new_pin_twice(pin, again)?;
        let till_id = till_id.trim().to_uppercase();
        if till_id.is_empty()
            || till_id.len() > 8
            || !till_id.chars().all(|c| c.is_ascii_alphanumeric())
        {
            return Err(PeopleError::TillId(till_id));
        }
        if !(1..=60).contains(&cafe.trim().chars().count()) {
            return Err(PeopleError::CafeName);
        }
        if till_id != self.config.site.till_id
            && crate::store::sales::sales_count(self.store.conn())? > 0
        {
            return Err(PeopleError::TillIdFixed(self.config.site.till_id.clone()));
        }
        // Checked whole before anything is written; the admin next, then the file.
        let (text, written) =
            crate::config::Config::with_site(&self.data_dir, cafe.trim(), &till_id)?;
        let admin = self.add_first_admin(nickname, pin)?;
        crate::config::Config::write_text(&self.data_dir, &text)?;
        self.config.site.name = written.site.name.clone();
        self.config.site.till_id = written.site.till_id.clone();
        if let Ok(mut shared) = self.shared_site.write() {
            shared.name = written.site.name;
            shared.till_id = written.site.till_id;
        }
        self.sign_in(&admin.id, pin)?;
        Ok(admin)
    }

    /// The manager making a change to people: she herself, signed in (or named at the
    /// console). A barista holding a manager's approval for something else is not her.
    pub(super) fn manage(&self, authority: &Authority) -> Result<Staff, PeopleError> {
        authority.allows(Action::ManageStaff)?;
        let actor = authority.actor();
        if !crate::domain::staff::may(actor.role, Action::ManageStaff) {
            return Err(PeopleError::ManagersOnly(actor.nickname.clone()));
        }
        Ok(actor.clone())
    }

    /// The manager acting and the person she acts on, when she may: someone on the till
    /// (and not erased, for a change), nobody above her own role.
    pub(super) fn manager_over(
        &self,
        id: &StaffId,
        authority: &Authority,
        to_change: bool,
    ) -> Result<(Staff, PersonRow), PeopleError> {
        let by = self.manage(authority)?;
        let row = if to_change {
            self.changeable(id)?
        } else {
            people::get(self.store.conn(), id)?.ok_or(PeopleError::Unknown)?
        };
        Self::within_role(&by, &row)?;
        Ok((by, row))
    }

    /// Checks that `by` may look at or change `row` at all: nobody above her own role.
    pub(super) fn within_role(by: &Staff, row: &PersonRow) -> Result<(), PeopleError> {
        if row.role > by.role {
            return Err(PeopleError::AboveOwnRole {
                who: by.nickname.clone(),
                whom: row.nickname.clone(),
            });
        }
        Ok(())
    }

    /// Everyone who ever worked at the till: the People screen's list (no identity in it).
    pub fn people(&self, authority: &Authority) -> Result<Vec<PersonRow>, PeopleError> {
        self.manage(authority)?;
        Ok(people::list(self.store.conn())?)
    }

    /// Opens a person's record (logged).
    pub fn person(
        &mut self,
        id: &StaffId,
        authority: &Authority,
    ) -> Result<PersonRow, PeopleError> {
        let (by, row) = self.manager_over(id, authority, false)?;
        self.log_access(&by, Some(id), Access::OpenRecord, "")?;
        Ok(row)
    }

    /// Shows a person's identity (logged).
    pub fn identity(
        &mut self,
        id: &StaffId,
        authority: &Authority,
    ) -> Result<Identity, PeopleError> {
        let (by, _) = self.manager_over(id, authority, false)?;
        let identity = match people::sealed_identity(self.store.conn(), id)? {
            Some(sealed) => self.identity_key.open(id, &sealed)?,
            None => Identity::default(),
        };
        self.log_access(&by, Some(id), Access::ShowIdentity, "")?;
        Ok(identity)
    }

    /// Keeps a person's identity, sealed field by field (logged and journalled, without the
    /// values).
    pub fn set_identity(
        &mut self,
        id: &StaffId,
        identity: Identity,
        authority: &Authority,
    ) -> Result<(), PeopleError> {
        let (by, row) = self.manager_over(id, authority, true)?;
        let identity = identity.checked()?;
        let sealed = self.identity_key.seal(id, &identity);
        self.journalled_change(&row.id, &by.id, "identity", None, |tx, at, _| {
            people::put_sealed_identity(tx, id, &sealed, at)?;
            people::log_access(tx, at, Some(&by.id), Some(id), Access::EditIdentity, "")
        })
    }

    /// A person who can still be changed: on the till and not erased.
    pub(super) fn changeable(&self, id: &StaffId) -> Result<PersonRow, PeopleError> {
        let row = people::get(self.store.conn(), id)?.ok_or(PeopleError::Unknown)?;
        if row.erased {
            return Err(PeopleError::Erased(row.nickname));
        }
        Ok(row)
    }

    /// Checks that `by` may change `row`'s role or status: not their own, and nobody's
    /// above their own. (So an admin is only changed by another active admin: the till never
    /// loses its last one.)
    fn check_standing_change(&self, by: &Staff, row: &PersonRow) -> Result<(), PeopleError> {
        if by.id == row.id {
            return Err(PeopleError::Themselves);
        }
        Self::within_role(by, row)
    }

    pub fn change_role(
        &mut self,
        id: &StaffId,
        role: Role,
        authority: &Authority,
    ) -> Result<(), PeopleError> {
        let by = self.manage(authority)?;
        let row = self.changeable(id)?;
        if role > by.role {
            return Err(PeopleError::RoleAboveOwn(by.nickname));
        }
        self.check_standing_change(&by, &row)?;
        self.journalled_change(
            id,
            &by.id,
            "role",
            Some(("role", Some(role.code()))),
            |tx, _, _| people::set_role(tx, id, role),
        )
    }

    /// Active, on leave, graduated or left: only who is active signs in (her PIN fails
    /// otherwise) and shows at sign-in.
    pub fn set_status(
        &mut self,
        id: &StaffId,
        status: Status,
        authority: &Authority,
    ) -> Result<(), PeopleError> {
        let by = self.manage(authority)?;
        let row = self.changeable(id)?;
        self.check_standing_change(&by, &row)?;
        let value = Some(("status", Some(status.code())));
        self.journalled_change(id, &by.id, "status", value, |tx, _, today| {
            people::set_status(tx, id, status, today)?;
            // Who is no longer active is not expected at work: her plans after today go
            // (today's stays, as what she was measured against).
            if status != Status::Active {
                crate::store::roster::clear_after(tx, id, today)?;
            }
            Ok(())
        })
    }

    /// A new PIN, typed twice; wrong tries and any lock go with the old one.
    pub fn reset_pin(
        &mut self,
        id: &StaffId,
        pin: &str,
        again: &str,
        authority: &Authority,
    ) -> Result<(), PeopleError> {
        let by = self.manage(authority)?;
        let row = self.changeable(id)?;
        // A new PIN is a way into her account: a manager gives one to nobody of her own
        // role (another manager), only an admin does.
        Self::within_role(&by, &row)?;
        if row.role == by.role && by.role != Role::Admin {
            return Err(PeopleError::PinOfAPeer(row.nickname));
        }
        check_new_pin_twice(pin, again)?;
        let hash = hash_pin(pin)?;
        self.journalled_change(id, &by.id, "pin", None, |tx, _, _| {
            people::set_pin(tx, id, &hash)
        })?;
        self.locked_at.remove(id);
        Ok(())
    }

    /// The language the till switches to when she signs in; none: the site's. Her own to
    /// choose when signed in, or a manager's.
    pub fn set_language(
        &mut self,
        id: &StaffId,
        language: Option<Lang>,
        authority: Option<&Authority>,
    ) -> Result<(), PeopleError> {
        let own = self.on_duty.as_ref().is_some_and(|s| s.id == *id);
        let by = match authority {
            Some(a) => {
                let by = self.manage(a)?;
                let row = people::get(self.store.conn(), id)?.ok_or(PeopleError::Unknown)?;
                Self::within_role(&by, &row)?;
                by.id
            }
            None if own => id.clone(),
            None => {
                return Err(NotAuthorized {
                    needed: "changing someone else's language".into(),
                    given: "none".into(),
                }
                .into());
            }
        };
        self.changeable(id)?;
        let value = Some(("language", language.map(Lang::code)));
        self.journalled_change(id, &by, "language", value, |tx, _, _| {
            people::set_language(tx, id, language)
        })?;
        if let Some(s) = self.on_duty.as_mut().filter(|s| s.id == *id) {
            s.language = language;
        }
        Ok(())
    }

    /// The language the till shows for whoever is signed in (the site's when nobody is).
    pub fn language(&self) -> Lang {
        self.on_duty
            .as_ref()
            .and_then(|s| s.language)
            .unwrap_or_else(|| self.config.site.lang())
    }

    pub fn set_programme(
        &mut self,
        id: &StaffId,
        programme: Programme,
        authority: &Authority,
    ) -> Result<(), PeopleError> {
        let (by, _) = self.manager_over(id, authority, true)?;
        programme.check(id)?;
        let conn = self.store.conn();
        if let Some(m) = &programme.mentor
            && people::get(conn, m)?
                .is_none_or(|p| p.erased || p.status != Status::Active || p.role < Role::Barista)
        {
            return Err(PeopleError::NoSuchMentor);
        }
        if let Some(c) = &programme.cohort
            && !people::cohorts(conn)?.iter().any(|k| k.id == *c)
        {
            return Err(PeopleError::NoSuchCohort);
        }
        self.journalled_change(id, &by.id, "programme", None, |tx, _, _| {
            people::set_programme(tx, id, &programme)
        })
    }

    pub fn add_cohort(
        &mut self,
        name: &str,
        starts_on: NaiveDate,
        planned_end: NaiveDate,
        authority: &Authority,
    ) -> Result<Cohort, PeopleError> {
        self.manage(authority)?;
        let cohort = Cohort {
            id: CohortId(uuid::Uuid::now_v7().to_string()),
            name: name.trim().to_owned(),
            starts_on,
            planned_end,
        };
        cohort.check()?;
        if people::cohorts(self.store.conn())?
            .iter()
            .any(|c| c.name.to_lowercase() == cohort.name.to_lowercase())
        {
            return Err(PeopleError::CohortTaken(cohort.name));
        }
        let at = self.clock.now().to_rfc3339();
        people::insert_cohort(self.store.conn(), &cohort, &at)?;
        Ok(cohort)
    }

    pub fn cohorts(&self) -> Result<Vec<Cohort>, PeopleError> {
        Ok(people::cohorts(self.store.conn())?)
    }

    /// Erases a person on request: her identity is deleted (overwritten, and the write-ahead
    /// log emptied), her nickname becomes "Former trainee N" and her PIN stops working. Her
    /// sales, hours and skills stay, as counts under that name. Returns the new nickname.
    pub fn erase_person(
        &mut self,
        id: &StaffId,
        authority: &Authority,
    ) -> Result<String, PeopleError> {
        let by = self.manage(authority)?;
        if by.role != Role::Admin {
            return Err(PeopleError::AdminsErase);
        }
        let row = self.changeable(id)?;
        self.check_standing_change(&by, &row)?;
        let nickname = people::next_erased_nickname(self.store.conn())?;
        self.journalled_change(id, &by.id, "erased", None, |tx, at, today| {
            people::erase(tx, id, &nickname, at, today)?;
            crate::store::clock::erase_reasons_of(tx, id)?;
            crate::store::skills::erase_notes_of(tx, id)?;
            crate::store::placements::erase_notes_of(tx, id)?;
            crate::store::roster::clear_after(tx, id, today)?;
            people::log_access(tx, at, Some(&by.id), Some(id), Access::Erase, "")
        })?;
        self.locked_at.remove(id);
        // Her certificates go too; the log is emptied whatever happens to them.
        let deleted = self.delete_certificates_of(id);
        if !self.store.checkpoint_truncate()? {
            return Err(PeopleError::ErasedLogBusy(nickname));
        }
        deleted?;
        Ok(nickname)
    }

    /// Identities for an export (`mekong hours --identity`): one line in the access log for
    /// the whole export, naming what it was.
    pub fn export_identities(
        &mut self,
        ids: &[StaffId],
        detail: &str,
        authority: &Authority,
    ) -> Result<Vec<Identity>, PeopleError> {
        let by = self.manage(authority)?;
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            let row = people::get(self.store.conn(), id)?.ok_or(PeopleError::Unknown)?;
            // Nobody's above her own role: left blank.
            let sealed = match Self::within_role(&by, &row) {
                Ok(()) => people::sealed_identity(self.store.conn(), id)?,
                Err(_) => None,
            };
            out.push(match sealed {
                Some(sealed) => self.identity_key.open(id, &sealed)?,
                None => Identity::default(),
            });
        }
        let detail = format!("{detail}, {} people", ids.len());
        self.log_access(&by, None, Access::ExportIdentity, &detail)?;
        Ok(out)
    }

    /// An export with nicknames only, from the till's console: logged, by nobody named.
    pub fn log_console_export(&mut self, detail: &str) -> Result<(), PeopleError> {
        let at = self.clock.now().to_rfc3339();
        people::log_access(self.store.conn(), &at, None, None, Access::Export, detail)?;
        Ok(())
    }

    /// The newest lines of the access log: who opened, showed, changed or exported what.
    pub fn access_log(
        &self,
        limit: u32,
        authority: &Authority,
    ) -> Result<Vec<AccessRow>, PeopleError> {
        self.manage(authority)?;
        Ok(people::access_log(self.store.conn(), limit)?)
    }

    /// Writes a line of the access log.
    pub(crate) fn log_access(
        &mut self,
        by: &Staff,
        subject: Option<&StaffId>,
        what: Access,
        detail: &str,
    ) -> Result<(), PeopleError> {
        let at = self.clock.now().to_rfc3339();
        people::log_access(self.store.conn(), &at, Some(&by.id), subject, what, detail)?;
        Ok(())
    }
}

impl Till {
    /// Writes a change to a person in one transaction with its journal record: what changed,
    /// its new role, status or language, and who made it (never an identity value).
    pub(super) fn journalled_change(
        &mut self,
        id: &StaffId,
        by: &StaffId,
        change: &str,
        value: Option<(&str, Option<&str>)>,
        write: impl FnOnce(&rusqlite::Transaction<'_>, &str, NaiveDate) -> Result<(), StoreError>,
    ) -> Result<(), PeopleError> {
        let now = self.clock.now();
        let at = now.to_rfc3339();
        let till = self.config.site.till_id.clone();
        let mut body = serde_json::json!({
            "till": till, "staff_id": id, "change": change, "by": by,
        });
        if let Some((k, v)) = value {
            body[k] = serde_json::Value::from(v);
        }
        let tx = self.store.write()?;
        write(&tx, &at, now.date_naive())?;
        crate::store::journal::append(&tx, &till, &at, EventKind::StaffChanged, &body)?;
        tx.commit().map_err(StoreError::from)?;
        Ok(())
    }
}
