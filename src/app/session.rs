//! Till sessions: open with a counted float, pay cash in and out, X report at any time, close
//! with a blind count into a numbered Z report that is stored, journalled and printed.

use super::Till;
use super::staff::Authority;
use crate::domain::journal::EventKind;
use crate::domain::money::{Money, MoneyError};
use crate::domain::session::{CashCount, CashLine, MoveReason, ShiftReport};
use crate::domain::staff::Action;
use crate::print::PrintError;
use crate::print::receipt::ReceiptDoc;
use crate::store::sessions::{self, SessionRow};
use crate::store::{StoreError, journal};
use serde_json::json;

/// The backup at the last shift close: none started (no `[backup] dir`, or no close yet),
/// still being written, the file it wrote, or why none was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BackupState<'a> {
    None,
    Running,
    Written(&'a std::path::Path),
    Failed(&'a str),
}

#[derive(Debug, thiserror::Error)]
pub enum SessionError {
    #[error("nobody is signed in at the till")]
    NobodySignedIn,
    #[error("the till is already open (session {0})")]
    AlreadyOpen(i64),
    #[error("the till is not open: open it with a counted float first")]
    NotOpen,
    #[error("an amount of money must be more than zero")]
    NoAmount,
    #[error("{0} is not a currency this drawer takes")]
    Currency(String),
    #[error(transparent)]
    Money(#[from] MoneyError),
    #[error(transparent)]
    NotAuthorized(#[from] super::staff::NotAuthorized),
    #[error("the till session could not be saved: {0}")]
    Store(#[from] StoreError),
}

impl From<rusqlite::Error> for SessionError {
    fn from(e: rusqlite::Error) -> Self {
        SessionError::Store(StoreError::from(e))
    }
}

/// Cash into the drawer, or out of it, outside a sale.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Move {
    PayIn,
    PayOut,
}

impl Till {
    /// The till's open session, if any.
    pub fn session(&self) -> Result<Option<SessionRow>, StoreError> {
        sessions::open_session(self.store.conn(), &self.config.site.till_id)
    }

    /// Opens the till with the float counted by denomination. Returns the session number.
    pub fn open_session(&mut self, float: &CashCount) -> Result<i64, SessionError> {
        let staff = self.on_duty.clone().ok_or(SessionError::NobodySignedIn)?;
        if let Some(open) = self.session()? {
            return Err(SessionError::AlreadyOpen(open.session_no));
        }
        let till = self.config.site.till_id.clone();
        let at = self.clock.now().to_rfc3339();
        let money = self.config.money.clone();
        let tx = self.store.write()?;
        let no = open_in(&tx, &money, &till, &at, &staff.id, float)?;
        tx.commit()?;
        Ok(no)
    }

    /// Records cash paid into the drawer, with its reason, under the person signed in.
    pub fn pay_in(&mut self, amount: Money, reason: MoveReason) -> Result<(), SessionError> {
        let staff = self.on_duty.clone().ok_or(SessionError::NobodySignedIn)?;
        self.move_cash(Move::PayIn, amount, reason, &staff.id, None)
    }

    /// Records cash paid out of the drawer, with its reason, on an authority given for exactly
    /// this amount (see [`Till::authorize_amount`]): both people are recorded.
    pub fn pay_out(
        &mut self,
        amount: Money,
        reason: MoveReason,
        authority: &Authority,
    ) -> Result<(), SessionError> {
        authority.allows_amount(Action::PayOut, amount)?;
        let staff = authority.actor().id.clone();
        let approver = authority.approver().map(|a| a.id.clone());
        self.move_cash(Move::PayOut, amount, reason, &staff, approver.as_ref())
    }

    fn move_cash(
        &mut self,
        kind: Move,
        amount: Money,
        reason: MoveReason,
        staff: &crate::domain::staff::StaffId,
        approved_by: Option<&crate::domain::staff::StaffId>,
    ) -> Result<(), SessionError> {
        if amount.minor() <= 0 {
            return Err(SessionError::NoAmount);
        }
        if !self
            .config
            .money
            .drawer_currencies()
            .contains(&amount.currency())
        {
            return Err(SessionError::Currency(amount.currency().code().into()));
        }
        let session = self.session()?.ok_or(SessionError::NotOpen)?;
        let (code, event) = match kind {
            Move::PayIn => ("pay_in", EventKind::PayIn),
            Move::PayOut => ("pay_out", EventKind::PayOut),
        };
        let till = self.config.site.till_id.clone();
        let at = self.clock.now().to_rfc3339();
        let tx = self.store.write()?;
        let move_no = sessions::insert_move(
            &tx,
            &till,
            session.session_no,
            &at,
            code,
            amount.currency(),
            amount.minor(),
            reason.code(),
            staff,
            approved_by,
        )?;
        journal::append(
            &tx,
            &till,
            &at,
            event,
            &sessions::move_record(&tx, &till, session.session_no, move_no)?,
        )?;
        tx.commit()?;
        Ok(())
    }

    /// The X report of the open session: what has happened so far. Changes nothing.
    pub fn x_report(&self) -> Result<ShiftReport, SessionError> {
        let session = self.session()?.ok_or(SessionError::NotOpen)?;
        report_of(self.store.conn(), &self.config.money, &session, None)
    }

    /// Closes the till with the blind count (on a manager's authority): the Z report is made,
    /// numbered, stored and journalled in one transaction, then printed. Returns it.
    pub fn close_session(
        &mut self,
        counted: &CashCount,
        authority: &Authority,
    ) -> Result<ShiftReport, SessionError> {
        authority.allows(Action::CloseTill)?;
        let session = self.session()?.ok_or(SessionError::NotOpen)?;
        let at = self.clock.now().to_rfc3339();
        let money = self.config.money.clone();
        let tx = self.store.write()?;
        let mut report = close_in(&tx, &money, session, &at, authority, counted)?;
        tx.commit()?;
        report.head = report
            .z_no
            .map(|z| sessions::z_head(self.store.conn(), &report.till, z))
            .transpose()?
            .flatten();
        // No practice goes on into the next shift.
        if let Err(e) = self.end_training(&authority.actor().id) {
            tracing::error!("training mode ended at closing, but not journalled: {e}");
        }
        if let Some(e) = self.print_report(&report) {
            tracing::error!("Z report {:?} is saved but did not print: {e}", report.z_no);
        }
        self.start_backup();
        Ok(report)
    }

    /// The automatic backup at shift close, into `[backup] dir`, on a thread of its own (a
    /// stick can be slow); nothing happens without that directory.
    fn start_backup(&mut self) {
        if self.config.backup.dir.is_none() {
            return;
        }
        // One at a time: a backup still running from the last close is waited for.
        let _ = self.backup_outcome();
        self.backup_said = None;
        let (dir, config, now) = (self.data_dir.clone(), self.config.clone(), self.clock.now());
        let job = std::thread::Builder::new()
            .name("backup".into())
            .spawn(move || {
                let made = super::backup::backup(&dir, &config, None, now, &mut |_, _| {});
                match &made {
                    Ok(m) => tracing::info!("backup written to {}", m.file.display()),
                    Err(e) => tracing::error!("the backup at shift close failed: {e}"),
                }
                made
            });
        match job {
            Ok(handle) => self.backup_job = Some(handle),
            Err(e) => {
                tracing::error!("the backup at shift close could not start: {e}");
                self.backup_said = Some(Err(e.to_string()));
            }
        }
    }

    /// Waits for the backup started at the last shift close and says how it went; `None`
    /// when none was started since the last time this was asked.
    pub fn backup_outcome(
        &mut self,
    ) -> Option<Result<super::backup::Made, super::backup::BackupError>> {
        let handle = self.backup_job.take()?;
        let outcome = handle
            .join()
            .unwrap_or(Err(super::backup::BackupError::Fault));
        self.backup_said = Some(match &outcome {
            Ok(m) => Ok(m.file.clone()),
            Err(e) => Err(e.to_string()),
        });
        Some(outcome)
    }

    /// Looks, without waiting, whether the backup started at the last shift close has ended
    /// (see [`Till::backup_state`]). Returns whether that changed since the last call.
    pub fn poll_backup(&mut self) -> bool {
        if self.backup_job.as_ref().is_some_and(|j| j.is_finished()) {
            self.backup_outcome();
            return true;
        }
        false
    }

    /// The backup at the last shift close, as the Z report's screen shows it.
    pub fn backup_state(&self) -> BackupState<'_> {
        match (&self.backup_job, &self.backup_said) {
            (Some(_), _) => BackupState::Running,
            (None, Some(Ok(file))) => BackupState::Written(file),
            (None, Some(Err(why))) => BackupState::Failed(why),
            (None, None) => BackupState::None,
        }
    }

    /// A stored Z report by number, or the latest, with the journal head it left.
    pub fn z_report(&self, z_no: Option<i64>) -> Result<Option<ShiftReport>, StoreError> {
        let conn = self.store.conn();
        let till = &self.config.site.till_id;
        let Some(mut z) = sessions::z_report(conn, till, z_no)? else {
            return Ok(None);
        };
        if let Some(no) = z.z_no {
            z.head = sessions::z_head(conn, till, no)?;
        }
        Ok(Some(z))
    }

    /// Prints an X or Z report now, outside the receipt queue.
    pub fn print_report(&mut self, report: &ShiftReport) -> Option<PrintError> {
        let doc = ReceiptDoc::shift_report(report, &self.config.site);
        self.printing.print_now(doc)
    }
}

/// Opens the till's next session inside `tx` and journals it. Returns the session number.
pub(super) fn open_in(
    tx: &rusqlite::Connection,
    money: &crate::config::MoneyConfig,
    till: &str,
    at: &str,
    staff: &crate::domain::staff::StaffId,
    float: &CashCount,
) -> Result<i64, SessionError> {
    let no = sessions::insert_open(tx, till, at, staff, float)?;
    let totals: serde_json::Map<_, _> = money
        .drawer_currencies()
        .iter()
        .map(|c| (c.code().to_owned(), json!(float.total(*c).minor())))
        .collect();
    journal::append(
        tx,
        till,
        at,
        EventKind::SessionOpen,
        &json!({"till": till, "session_no": no, "staff": staff, "float": totals}),
    )?;
    Ok(no)
}

/// Closes `session` inside `tx` with its count: the Z report is numbered, stored and
/// journalled. Returns it.
pub(super) fn close_in(
    tx: &rusqlite::Connection,
    money: &crate::config::MoneyConfig,
    session: SessionRow,
    at: &str,
    authority: &Authority,
    counted: &CashCount,
) -> Result<ShiftReport, SessionError> {
    let till = session.till_id.clone();
    let last = sessions::close(
        tx,
        &till,
        session.session_no,
        at,
        &authority.actor().id,
        authority.approver().map(|a| &a.id),
        counted,
    )?;
    let closed = SessionRow {
        closed_at: Some(at.to_owned()),
        closed_by: Some(authority.actor().nickname.clone()),
        counted: Some(counted.clone()),
        last_receipt_no: Some(last),
        ..session
    };
    let z_no = sessions::next_z_no(tx, &till)?;
    let report = report_of(tx, money, &closed, Some(z_no))?;
    sessions::insert_z(tx, &till, closed.session_no, at, &report)?;
    journal::append(tx, &till, at, EventKind::ZReport, &report)?;
    Ok(report)
}

/// The X or Z report of a session from what is stored: its sales (the session's receipt
/// range), pay-ins and pay-outs, float and, once closed, the count.
pub(super) fn report_of(
    conn: &rusqlite::Connection,
    money: &crate::config::MoneyConfig,
    s: &SessionRow,
    z_no: Option<i64>,
) -> Result<ShiftReport, SessionError> {
    let last = s.last_receipt_no.unwrap_or(i64::MAX);
    let sums = sessions::sales_sums(conn, &s.till_id, s.first_receipt_no, last)?;
    let moves = sessions::move_sums(conn, &s.till_id, s.session_no)?;
    let returned = crate::store::returns::session_sums(conn, &s.till_id, s.session_no)?;
    let of_kind = |kind: &str| {
        returned
            .iter()
            .filter(|r| r.kind == kind)
            .fold((0, 0), |(n, g), r| (n + r.count, g + r.gross))
    };
    let cash_back: i64 = returned.iter().map(|r| r.cash_back).sum();
    let returned_vat: i64 = returned.iter().map(|r| r.vat).sum();
    let (voids, voided) = of_kind("void");
    let (refunds, refunded) = of_kind("refund");
    let cash = money
        .drawer_currencies()
        .into_iter()
        .map(|c| {
            let moved = |kind: &str| {
                moves
                    .iter()
                    .filter(|(k, cur, _)| k == kind && *cur == c)
                    .map(|(_, _, sum)| sum)
                    .sum()
            };
            CashLine {
                float: s.float.total(c).minor(),
                cash_in: sums
                    .tenders
                    .iter()
                    .filter(|t| t.kind == "cash" && t.currency == c)
                    .map(|t| t.amount)
                    .sum(),
                change_out: if c == money.currency { sums.change } else { 0 },
                pay_ins: moved("pay_in"),
                pay_outs: moved("pay_out"),
                refunds_out: if c == money.currency { cash_back } else { 0 },
                counted: s.counted.as_ref().map(|k| k.total(c).minor()),
                ..CashLine::new(c)
            }
        })
        .collect();
    Ok(ShiftReport {
        z_no,
        till: s.till_id.clone(),
        session_no: s.session_no,
        opened_at: s.opened_at.clone(),
        opened_by: s.opened_by.clone(),
        closed_at: s.closed_at.clone(),
        closed_by: s.closed_by.clone(),
        currency: money.currency,
        sales: sums.count,
        gross: sums.gross,
        vat: sums.vat,
        voids,
        voided,
        refunds,
        refunded,
        returned_vat,
        tenders: sums.tenders,
        cash,
        head: None,
    })
}
