//! All SQL lives here. `Store::open` sets the durability pragmas and applies the numbered
//! migrations compiled in from `migrations/`; one file per aggregate below holds its queries.
//! Write transactions are `BEGIN IMMEDIATE` so a busy database fails at the start, not half-way.

pub mod clock;
pub mod drills;
pub mod figures;
pub mod journal;
pub mod menus;
pub mod outbox;
pub mod people;
pub mod placements;
pub mod print_jobs;
pub mod rates;
pub mod reports;
pub mod returns;
pub mod roster;
pub mod sales;
pub mod sessions;
pub mod skills;
pub mod staff;
pub mod tickets;
pub mod training;

use rusqlite::{Connection, OptionalExtension, Transaction, TransactionBehavior};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Migrations in order; index + 1 is the schema version they bring the database to.
/// A shipped migration is never edited: add a new file instead.
pub const MIGRATIONS: &[(&str, &str)] = &[
    ("0001_init", include_str!("../../migrations/0001_init.sql")),
    (
        "0002_print_queue",
        include_str!("../../migrations/0002_print_queue.sql"),
    ),
    (
        "0003_journal",
        include_str!("../../migrations/0003_journal.sql"),
    ),
    (
        "0004_staff",
        include_str!("../../migrations/0004_staff.sql"),
    ),
    (
        "0005_sessions",
        include_str!("../../migrations/0005_sessions.sql"),
    ),
    (
        "0006_tenders",
        include_str!("../../migrations/0006_tenders.sql"),
    ),
    (
        "0007_returns",
        include_str!("../../migrations/0007_returns.sql"),
    ),
    (
        "0008_training",
        include_str!("../../migrations/0008_training.sql"),
    ),
    (
        "0009_tickets",
        include_str!("../../migrations/0009_tickets.sql"),
    ),
    (
        "0010_discounts",
        include_str!("../../migrations/0010_discounts.sql"),
    ),
    (
        "0011_sale_links",
        include_str!("../../migrations/0011_sale_links.sql"),
    ),
    (
        "0012_cash_control",
        include_str!("../../migrations/0012_cash_control.sql"),
    ),
    (
        "0013_people",
        include_str!("../../migrations/0013_people.sql"),
    ),
    (
        "0014_time_clock",
        include_str!("../../migrations/0014_time_clock.sql"),
    ),
    (
        "0015_roster",
        include_str!("../../migrations/0015_roster.sql"),
    ),
    (
        "0016_erasure_of_reasons",
        include_str!("../../migrations/0016_erasure_of_reasons.sql"),
    ),
    (
        "0017_business_day_restarts",
        include_str!("../../migrations/0017_business_day_restarts.sql"),
    ),
    (
        "0018_favourites",
        include_str!("../../migrations/0018_favourites.sql"),
    ),
    (
        "0019_skills",
        include_str!("../../migrations/0019_skills.sql"),
    ),
    (
        "0020_sale_rows",
        include_str!("../../migrations/0020_sale_rows.sql"),
    ),
    (
        "0021_drills",
        include_str!("../../migrations/0021_drills.sql"),
    ),
    (
        "0022_order_pace",
        include_str!("../../migrations/0022_order_pace.sql"),
    ),
    (
        "0023_skill_standings",
        include_str!("../../migrations/0023_skill_standings.sql"),
    ),
    (
        "0024_placements",
        include_str!("../../migrations/0024_placements.sql"),
    ),
    (
        "0025_sync_outbox",
        include_str!("../../migrations/0025_sync_outbox.sql"),
    ),
];

/// The migration from which a sale's link covers the whole sale.
const WHOLE_SALE_LINKS: i64 = 12;

/// The migration that makes each sale one row, and the line in it where the till fills the
/// new table from the old ones.
const SALE_ROWS: &str = "0020_sale_rows";
const FILL_SALE_ROWS: &str = "-- (the till fills orders_0020 here)";

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(
        "the database is at schema version {found}, this program's is {known}: open the till once (mekong till) to upgrade it, then check it"
    )]
    OutOfDate { found: i64, known: i64 },
    #[error("cannot open the database {path}: {source}")]
    Open {
        path: PathBuf,
        source: rusqlite::Error,
    },
    #[error("database migration {name} failed: {source}")]
    Migration {
        name: &'static str,
        source: rusqlite::Error,
    },
    #[error(
        "the database is from a newer version of Mekong Till (schema {found}, this program knows {known}); update the program"
    )]
    TooNew { found: i64, known: i64 },
    #[error(
        "the disk is full: nothing was saved. Free space on the till's disk (see When things go wrong in the README), then try again"
    )]
    DiskFull,
    #[error(
        "the till cannot write to its disk ({0}): nothing was saved. The disk may be full, failing or read-only"
    )]
    WriteFailed(String),
    #[error(
        "the database is locked by another program: close any other program using mekong.sqlite (a database browser, a copy in progress), then try again"
    )]
    Locked,
    #[error(
        "the database file is damaged or is not a Mekong database ({0}); it was not changed. Restore the last backup (mekong restore, see Backups in the README)"
    )]
    Damaged(String),
    #[error("database error: {0}")]
    Sqlite(rusqlite::Error),
    #[error("stored data is not valid: {0}")]
    Corrupt(String),
    #[error(
        "this data directory holds the sales of till {holds}, and this till's id is {asked}: a till keeps its id (set site.till_id back to {holds}), and another till needs its own data directory"
    )]
    OtherTill { holds: String, asked: String },
    #[error(
        "this data directory holds the sales of more than one till ({0}): since version 20 a data directory is one till's, so this program cannot upgrade it; keep using the previous version on it, and give each till its own data directory"
    )]
    TwoTills(String),
}

/// SQLite's errors, named by what a person can do about them: a full disk, a disk that
/// cannot be written, another program holding the file, a damaged file.
impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        use rusqlite::ErrorCode as C;
        match e.sqlite_error_code() {
            Some(C::DiskFull) => StoreError::DiskFull,
            Some(C::SystemIoFailure | C::ReadOnly | C::CannotOpen) => {
                StoreError::WriteFailed(e.to_string())
            }
            Some(C::DatabaseBusy | C::DatabaseLocked) => StoreError::Locked,
            Some(C::DatabaseCorrupt | C::NotADatabase) => StoreError::Damaged(e.to_string()),
            _ => StoreError::Sqlite(e),
        }
    }
}

pub struct Store {
    conn: Connection,
}

impl Store {
    /// Opens (creating if needed) the database file and brings its schema up to date.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        let conn = Connection::open(path).map_err(|source| StoreError::Open {
            path: path.to_owned(),
            source,
        })?;
        Self::prepare(conn).map_err(|e| match e {
            StoreError::Sqlite(source) => StoreError::Open {
                path: path.to_owned(),
                source,
            },
            other => other,
        })
    }

    /// A private database in memory, for tests and tools.
    pub fn open_in_memory() -> Result<Store, StoreError> {
        Self::prepare(Connection::open_in_memory()?)
    }

    fn prepare(conn: Connection) -> Result<Store, StoreError> {
        conn.busy_timeout(Duration::from_secs(5))?;
        // journal_mode answers with a row, so it is read rather than executed.
        let _mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
        // secure_delete: what is deleted or overwritten (an erased person's sealed identity, an
        // old version of it) is zeroed in the page, not left in its free space.
        conn.execute_batch(
            "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA secure_delete = ON;",
        )?;
        let mut store = Store { conn };
        store.migrate()?;
        Ok(store)
    }

    /// Copies the write-ahead log into the database and empties it, so no earlier version of
    /// a page stays in the log (after an erasure). Readers in other connections can delay it:
    /// it is tried for a second. Returns whether it was emptied.
    pub fn checkpoint_truncate(&self) -> Result<bool, StoreError> {
        for _ in 0..20 {
            let busy: i64 = self
                .conn
                .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| r.get(0))?;
            if busy == 0 {
                return Ok(true);
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        tracing::warn!("the write-ahead log could not be emptied now: another reader holds it");
        Ok(false)
    }

    pub fn schema_version(&self) -> Result<i64, StoreError> {
        Ok(self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?)
    }

    fn migrate(&mut self) -> Result<(), StoreError> {
        let known = MIGRATIONS.len() as i64;
        let found = self.schema_version()?;
        if found > known {
            return Err(StoreError::TooNew { found, known });
        }
        for (i, (name, sql)) in MIGRATIONS.iter().enumerate().skip(found as usize) {
            // 0020 replaces the table returns and print jobs refer to: foreign keys are off
            // while it runs (they can only be switched outside a transaction) and those
            // references are checked before it commits.
            let swaps_a_parent = *name == SALE_ROWS;
            if swaps_a_parent {
                self.conn.execute_batch("PRAGMA foreign_keys = OFF")?;
            }
            let applied = self.apply(i, name, sql, found);
            if swaps_a_parent {
                self.conn.execute_batch("PRAGMA foreign_keys = ON")?;
            }
            if applied? && swaps_a_parent {
                // The old tables' pages, zeroed on delete, are in the log: copy them home.
                self.checkpoint_truncate()?;
            }
        }
        Ok(())
    }

    /// Applies migration `i` in its own transaction, unless another process did since this one
    /// read the schema version. Returns whether it applied it.
    fn apply(
        &mut self,
        i: usize,
        name: &'static str,
        sql: &str,
        found: i64,
    ) -> Result<bool, StoreError> {
        let failed = |source| StoreError::Migration { name, source };
        let tx = self.write()?;
        let now: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if now > i as i64 {
            return Ok(false);
        }
        match sql.split_once(FILL_SALE_ROWS) {
            Some((create, swap)) => {
                tx.execute_batch(create).map_err(failed)?;
                sales::fill_sale_rows(&tx)?;
                tx.execute_batch(swap).map_err(failed)?;
                for table in ["returns", "print_jobs"] {
                    let parent: Option<String> = tx
                        .query_row(&format!("PRAGMA foreign_key_check({table})"), [], |r| {
                            r.get(2)
                        })
                        .optional()?;
                    if let Some(parent) = parent {
                        return Err(StoreError::Corrupt(format!(
                            "migration {name}: a row of {table} refers to a row of {parent} that is not there"
                        )));
                    }
                }
            }
            None => tx.execute_batch(sql).map_err(failed)?,
        }
        if i + 1 == MIGRATIONS.len() {
            // With the schema complete, in the same transaction as its last step: sales made
            // before the journal existed get their records, and sales linked by their summary
            // (before 0012) are fingerprinted whole, once.
            sales::backfill_journal(&tx)?;
            if found < WHOLE_SALE_LINKS || sales::relink_owed(&tx)? {
                sales::relink(&tx)?;
            }
        }
        tx.pragma_update(None, "user_version", i as i64 + 1)
            .map_err(failed)?;
        tx.commit().map_err(failed)?;
        Ok(true)
    }

    /// Opens the database file to read only, for `verify`: nothing is migrated or written, and
    /// a file of another schema version is refused with what to do.
    pub fn open_read_only(path: &Path) -> Result<Store, StoreError> {
        let open_error = |source| StoreError::Open {
            path: path.to_owned(),
            source,
        };
        let conn = Connection::open_with_flags(
            path,
            rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(open_error)?;
        conn.busy_timeout(Duration::from_secs(5))
            .map_err(open_error)?;
        let store = Store { conn };
        let known = MIGRATIONS.len() as i64;
        let found = store.schema_version().map_err(|e| match e {
            StoreError::Sqlite(source) => open_error(source),
            other => other,
        })?;
        if found > known {
            return Err(StoreError::TooNew { found, known });
        }
        if found < known {
            return Err(StoreError::OutOfDate { found, known });
        }
        Ok(store)
    }

    /// Starts a write transaction that holds the write lock from its first statement.
    pub fn write(&mut self) -> Result<Transaction<'_>, StoreError> {
        Ok(self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?)
    }

    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    /// Copies the database into a new file at `to` with SQLite's online backup API, in one
    /// step: one read transaction, so the copy is the database as it stood at one instant,
    /// while other connections go on writing. The copy is then checked (`quick_check`).
    /// Returns its size in bytes.
    pub fn snapshot_to(&self, to: &Path) -> Result<u64, StoreError> {
        let mut copy = Connection::open(to).map_err(|source| StoreError::Open {
            path: to.to_owned(),
            source,
        })?;
        {
            let backup = rusqlite::backup::Backup::new(&self.conn, &mut copy)?;
            // -1: every page in one step, under one read lock. A writer holding the file
            // (only outside WAL mode) is waited for, up to ten seconds.
            let mut waited = 0;
            loop {
                match backup.step(-1)? {
                    rusqlite::backup::StepResult::Done => break,
                    rusqlite::backup::StepResult::More => {}
                    _ if waited < 200 => {
                        waited += 1;
                        std::thread::sleep(Duration::from_millis(50));
                    }
                    _ => return Err(StoreError::Locked),
                }
            }
        }
        let check: String = copy.query_row("PRAGMA quick_check", [], |r| r.get(0))?;
        if check != "ok" {
            return Err(StoreError::Corrupt(format!(
                "the copy of the database is damaged: {check}"
            )));
        }
        copy.close().map_err(|(_, e)| e)?;
        Ok(std::fs::metadata(to).map(|m| m.len()).unwrap_or(0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn opens_with_durable_pragmas_and_current_schema() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("t.sqlite")).unwrap();
        let c = store.conn();
        let mode: String = c
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))
            .unwrap();
        let sync: i64 = c.query_row("PRAGMA synchronous", [], |r| r.get(0)).unwrap();
        let fk: i64 = c
            .query_row("PRAGMA foreign_keys", [], |r| r.get(0))
            .unwrap();
        assert_eq!((mode.as_str(), sync, fk), ("wal", 2, 1));
        assert_eq!(store.schema_version().unwrap(), MIGRATIONS.len() as i64);
    }

    #[test]
    fn upgrades_a_database_made_by_every_earlier_version() {
        for from in 0..MIGRATIONS.len() {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("old.sqlite");
            {
                let c = Connection::open(&path).unwrap();
                // As the till runs them: 0020 rebuilds tables with foreign keys off.
                c.pragma_update(None, "foreign_keys", false).unwrap();
                for (i, (_, sql)) in MIGRATIONS.iter().take(from).enumerate() {
                    c.execute_batch(sql).unwrap();
                    c.pragma_update(None, "user_version", i as i64 + 1).unwrap();
                }
            }
            let store = Store::open(&path).unwrap();
            assert_eq!(
                store.schema_version().unwrap(),
                MIGRATIONS.len() as i64,
                "from version {from}"
            );
        }
    }

    #[test]
    fn returns_of_a_version_11_database_survive_the_rebuild_with_their_guards() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(crate::app::DB_FILE);
        {
            let c = Connection::open(&path).unwrap();
            for (i, (_, sql)) in MIGRATIONS.iter().take(11).enumerate() {
                c.execute_batch(sql).unwrap();
                c.pragma_update(None, "user_version", i as i64 + 1).unwrap();
            }
            c.execute_batch(
                "INSERT INTO staff (id, nickname, role, pin_hash, created_at)
                 VALUES ('s1', 'Noy', 'manager', 'x', '2026-01-02T07:00:00+07:00');
                 INSERT INTO till_sessions (till_id, session_no, opened_at, opened_by, float,
                                            first_receipt_no)
                 VALUES ('VTE1', 1, '2026-01-02T07:00:00+07:00', 's1', '{}', 1);
                 INSERT INTO orders (till_id, receipt_no, id, created_at, currency, gross, vat,
                                     net, vat_rate, change_given, cash_rounding)
                 VALUES ('VTE1', 1, 'a', '2026-01-02T08:00:00+07:00', 'LAK', 18000, 1636, 16364,
                         '10', 2000, 0);
                 INSERT INTO returns (till_id, return_no, kind, at, receipt_no, session_no, reason,
                                      staff_id, gross, vat, lines, paid_back)
                 VALUES ('VTE1', 1, 'void', '2026-01-02T08:10:00+07:00', 1, 1, 'mistake', 's1',
                         18000, 1636, '[]', '[{\"kind\":\"cash\",\"amount\":18000}]');",
            )
            .unwrap();
        }
        let store = Store::open(&path).unwrap();
        let (n, gross): (i64, i64) = store
            .conn()
            .query_row("SELECT count(*), sum(gross) FROM returns", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .unwrap();
        assert_eq!((n, gross), (1, 18_000), "the return was copied whole");
        // The rebuilt table keeps its guards.
        assert!(
            store
                .conn()
                .execute_batch("UPDATE returns SET gross = 1")
                .is_err()
        );
    }

    /// A database at schema version 2 (before the journal) holding two cash sales.
    fn two_sales_before_the_journal(path: &std::path::Path) {
        let c = Connection::open(path).unwrap();
        for (i, (_, sql)) in MIGRATIONS.iter().take(2).enumerate() {
            c.execute_batch(sql).unwrap();
            c.pragma_update(None, "user_version", i as i64 + 1).unwrap();
        }
        c.execute_batch(
            "INSERT INTO orders (till_id, receipt_no, id, created_at, currency, gross, vat, net,
                                 vat_rate, change_given, cash_rounding)
             VALUES ('VTE1', 1, 'a', '2026-01-02T08:00:00+07:00', 'LAK', 18000, 1636, 16364, '10', 2000, 0),
                    ('VTE1', 2, 'b', '2026-01-02T08:05:00+07:00', 'LAK', 25000, 2273, 22727, '10', 0, 0);
             INSERT INTO tenders VALUES ('VTE1', 1, 1, 'cash', 'LAK', 20000),
                                        ('VTE1', 2, 1, 'cash', 'LAK', 25000);",
        )
        .unwrap();
    }

    #[test]
    fn sales_made_before_the_journal_are_journalled_on_upgrade() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("v2.sqlite");
        two_sales_before_the_journal(&path);
        let store = Store::open(&path).unwrap();
        let mut check = crate::domain::journal::ChainCheck::default();
        let mut bodies = Vec::new();
        journal::for_each(store.conn(), |r| {
            check.push(&r);
            bodies.push((r.kind.clone(), r.at.clone()));
        })
        .unwrap();
        // Then, upgraded past 0012, both are fingerprinted whole in one re-link record.
        assert_eq!(check.finish(), Ok(3));
        assert_eq!(
            bodies,
            vec![
                ("sale_backfilled".into(), "2026-01-02T08:00:00+07:00".into()),
                ("sale_backfilled".into(), "2026-01-02T08:05:00+07:00".into()),
                ("relinked".into(), "2026-01-02T08:05:00+07:00".into())
            ]
        );
    }

    #[test]
    fn a_sale_linked_before_whole_sale_records_is_still_named_when_changed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(crate::app::DB_FILE);
        two_sales_before_the_journal(&path);
        drop(Store::open(&path).unwrap());
        let report = crate::app::verify::verify(dir.path()).unwrap();
        assert!(report.is_ok(), "{:?}", report.problems);
        // A tender's value written where there was none: the summary the old link covers
        // (amounts only) does not see it; the re-link fingerprint does.
        let c = Connection::open(&path).unwrap();
        let triggers: Vec<String> = c
            .prepare("SELECT name FROM sqlite_master WHERE type = 'trigger'")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        for t in triggers {
            c.execute_batch(&format!("DROP TRIGGER {t}")).unwrap();
        }
        c.execute_batch(
            "UPDATE orders SET staff_id = NULL;
             UPDATE orders SET record = json_set(record, '$.tenders[0].rate', 1)
             WHERE receipt_no = 2",
        )
        .unwrap();
        drop(c);
        let report = crate::app::verify::verify(dir.path()).unwrap();
        assert!(
            report
                .problems
                .iter()
                .any(|p| p.contains("sale VTE1-000002 was changed since the journal re-linked it")),
            "{:?}",
            report.problems
        );
    }

    #[test]
    fn a_sale_of_version_19_keeps_its_link_and_every_part_in_its_one_row() {
        use crate::domain::journal::{
            DiscountRecord, GENESIS, LineRecord, SaleRecord, TenderRecord, chain_hash,
        };
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(crate::app::DB_FILE);
        // The sale as version 19 linked it, written out by hand: two lines (one with a
        // modifier, for the bar), baht with its rate, and a line discount a manager gave.
        let record = SaleRecord {
            till: "VTE1".into(),
            receipt_no: 1,
            id: "0190b0a0-0000-7000-8000-000000000001".into(),
            currency: "LAK".into(),
            vat_rate: "10".into(),
            gross: 63_000,
            vat: 5_727,
            net: 57_273,
            change: 1_000,
            rounding: 0,
            staff: Some("s1".into()),
            business_day: Some("2026-11-30".into()),
            lines: vec![
                LineRecord {
                    item: "latte".into(),
                    variant: "hot".into(),
                    item_en: "Latte".into(),
                    item_lo: "ລາເຕ້".into(),
                    variant_en: "Hot".into(),
                    variant_lo: "ຮ້ອນ".into(),
                    qty: 1,
                    unit_price: 45_000,
                    line_total: 45_000,
                    note: "extra hot".into(),
                    modifiers: r#"[{"group":"milk","option":"oat","en":"Oat milk","lo":"ນົມໂອັດ","delta":5000}]"#
                        .into(),
                    station: Some("bar".into()),
                },
                LineRecord {
                    item: "croissant".into(),
                    variant: "plain".into(),
                    item_en: "Croissant".into(),
                    item_lo: "ຄົວຊອງ".into(),
                    variant_en: "Plain".into(),
                    variant_lo: "ທຳມະດາ".into(),
                    qty: 1,
                    unit_price: 20_000,
                    line_total: 20_000,
                    note: String::new(),
                    modifiers: "[]".into(),
                    station: None,
                },
            ],
            tenders: vec![TenderRecord {
                kind: "cash".into(),
                currency: "THB".into(),
                amount: 100,
                value: Some(64_000),
                rate: Some(640),
            }],
            discounts: vec![DiscountRecord {
                line_no: Some(2),
                kind: "percent".into(),
                value: 10,
                amount: 2_000,
                reason: "staff".into(),
                staff: Some("s1".into()),
                approved_by: Some("s1".into()),
            }],
            pace: None,
        };
        let at = "2026-11-30T08:00:00+07:00";
        let hash = chain_hash(GENESIS, 1, at, "sale", &record.body());
        // And a staff meal discounted to nothing: no tender at all.
        let meal = SaleRecord {
            receipt_no: 2,
            id: "0190b0a0-0000-7000-8000-000000000002".into(),
            gross: 0,
            vat: 0,
            net: 0,
            change: 0,
            lines: vec![record.lines[1].clone()],
            tenders: Vec::new(),
            discounts: vec![DiscountRecord {
                line_no: None,
                kind: "percent".into(),
                value: 100,
                amount: 20_000,
                ..record.discounts[0].clone()
            }],
            ..record.clone()
        };
        let meal_at = "2026-11-30T12:00:00+07:00";
        let meal_hash = chain_hash(&hash, 2, meal_at, "sale", &meal.body());
        {
            let c = Connection::open(&path).unwrap();
            for (i, (_, sql)) in MIGRATIONS.iter().take(19).enumerate() {
                c.execute_batch(sql).unwrap();
                c.pragma_update(None, "user_version", i as i64 + 1).unwrap();
            }
            c.execute_batch(
                "INSERT INTO staff (id, nickname, role, pin_hash, created_at)
                 VALUES ('s1', 'Noy', 'manager', 'x', '2026-01-02T07:00:00+07:00');",
            )
            .unwrap();
            c.execute(
                "INSERT INTO orders (till_id, receipt_no, id, created_at, currency, gross, vat, net,
                                     vat_rate, change_given, cash_rounding, wants_receipt, staff_id,
                                     journal_seq, prev_hash, hash, link_version, business_day)
                 VALUES ('VTE1', 1, ?1, ?2, 'LAK', 63000, 5727, 57273, '10', 1000, 0, 1, 's1', 1, ?3,
                         ?4, 2, '2026-11-30')",
                rusqlite::params![record.id, at, GENESIS, hash],
            )
            .unwrap();
            c.execute_batch(
                r#"INSERT INTO order_lines (till_id, receipt_no, line_no, item_id, variant_id,
                                           item_en, item_lo, variant_en, variant_lo, qty,
                                           unit_price, line_total, note, modifiers, station)
                   VALUES ('VTE1', 1, 1, 'latte', 'hot', 'Latte', 'ລາເຕ້', 'Hot', 'ຮ້ອນ', 1, 45000,
                           45000, 'extra hot',
                           '[{"group":"milk","option":"oat","en":"Oat milk","lo":"ນົມໂອັດ","delta":5000}]',
                           'bar'),
                          ('VTE1', 1, 2, 'croissant', 'plain', 'Croissant', 'ຄົວຊອງ', 'Plain',
                           'ທຳມະດາ', 1, 20000, 20000, '', '[]', NULL);
                   INSERT INTO tenders (till_id, receipt_no, position, kind, currency, amount,
                                        value, rate)
                   VALUES ('VTE1', 1, 1, 'cash', 'THB', 100, 64000, 640);
                   INSERT INTO discounts (till_id, receipt_no, position, line_no, kind, value,
                                          amount, reason, staff_id, approved_by)
                   VALUES ('VTE1', 1, 1, 2, 'percent', 10, 2000, 'staff', 's1', 's1');
                   INSERT INTO print_jobs (kind, printer, till_id, receipt_no, created_at)
                   VALUES ('receipt', 'receipt', 'VTE1', 1, '2026-11-30T08:00:00+07:00');"#,
            )
            .unwrap();
            c.execute(
                "INSERT INTO orders (till_id, receipt_no, id, created_at, currency, gross, vat, net,
                                     vat_rate, change_given, cash_rounding, wants_receipt, staff_id,
                                     journal_seq, prev_hash, hash, link_version, business_day)
                 VALUES ('VTE1', 2, ?1, ?2, 'LAK', 0, 0, 0, '10', 0, 0, 1, 's1', 2, ?3, ?4, 2,
                         '2026-11-30')",
                rusqlite::params![meal.id, meal_at, hash, meal_hash],
            )
            .unwrap();
            c.execute_batch(
                "INSERT INTO order_lines (till_id, receipt_no, line_no, item_id, variant_id,
                                          item_en, item_lo, variant_en, variant_lo, qty,
                                          unit_price, line_total, note, modifiers, station)
                 SELECT till_id, 2, 1, item_id, variant_id, item_en, item_lo, variant_en,
                        variant_lo, qty, unit_price, line_total, note, modifiers, station
                 FROM order_lines WHERE receipt_no = 1 AND line_no = 2;
                 INSERT INTO discounts (till_id, receipt_no, position, line_no, kind, value,
                                        amount, reason, staff_id, approved_by)
                 VALUES ('VTE1', 2, 1, NULL, 'percent', 100, 20000, 'staff', 's1', 's1');",
            )
            .unwrap();
        }
        let store = Store::open(&path).unwrap();
        assert_eq!(
            sales::record_of_rows(store.conn(), "VTE1", 1).unwrap(),
            record,
            "the row holds the sale as its link covered it"
        );
        let sale = sales::sale_by_number(store.conn(), "VTE1", 1)
            .unwrap()
            .unwrap();
        assert_eq!(sale.lines.len(), 2);
        assert_eq!(sale.lines[0].modifiers[0].name.lo, "ນົມໂອັດ");
        assert_eq!(sale.tenders[0].rate, Some(640));
        assert_eq!(
            sale.discounts[0].approved_by.as_ref().unwrap().as_str(),
            "s1"
        );
        assert_eq!(sale.served_by.as_ref().unwrap().nickname, "Noy");
        assert_eq!(
            sales::record_of_rows(store.conn(), "VTE1", 2).unwrap(),
            meal
        );
        let (jobs, tendered): (i64, String) = store
            .conn()
            .query_row(
                "SELECT (SELECT count(*) FROM print_jobs), tendered FROM orders WHERE receipt_no = 2",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        assert_eq!((jobs, tendered.as_str()), (1, "[]"));
        let old_tables: i64 = store
            .conn()
            .query_row(
                "SELECT count(*) FROM sqlite_master
                 WHERE name IN ('order_lines', 'tenders', 'discounts', 'orders_0020')",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(old_tables, 0);
        let fk: i64 = store
            .conn()
            .query_row("PRAGMA foreign_keys", [], |r| r.get(0))
            .unwrap();
        assert_eq!(fk, 1, "foreign keys are on again after the swap");
        drop(store);
        // The chain checks; only the staff row, written here by hand, has no record.
        let report = crate::app::verify::verify(dir.path()).unwrap();
        assert_eq!(
            report.problems,
            vec!["staff member s1 is not in the journal (added outside the till)".to_owned()]
        );
    }

    #[test]
    fn refuses_a_database_from_a_newer_program() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("new.sqlite");
        Connection::open(&path)
            .unwrap()
            .pragma_update(None, "user_version", 99)
            .unwrap();
        let err = Store::open(&path).err().unwrap().to_string();
        assert!(err.contains("newer version"), "{err}");
    }
}
