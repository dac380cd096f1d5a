//! The print queue: receipt and copy jobs for stored sales, fed to the printer oldest first.

use super::{Store, StoreError};
use crate::domain::menu::Station;
use chrono::{DateTime, FixedOffset};
use rusqlite::{Connection, OptionalExtension, Transaction, params};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JobKind {
    Receipt,
    /// A reprint, marked COPY.
    Copy,
    /// An order ticket for a station.
    Ticket(Station),
}

impl JobKind {
    fn code(self) -> &'static str {
        match self {
            JobKind::Receipt => "receipt",
            JobKind::Copy => "copy",
            JobKind::Ticket(_) => "ticket",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Job {
    pub id: i64,
    pub kind: JobKind,
    pub till_id: String,
    pub receipt_no: i64,
    pub attempts: i64,
    pub created_at: DateTime<FixedOffset>,
    pub next_try_at: Option<DateTime<FixedOffset>>,
    pub confirmed: bool,
}

/// Turns the till's sales that want a receipt and have none yet into jobs, in their order:
/// the receipt, then a ticket for each of `stations` that has lines to make. Moves the till's
/// mark past them. Runs in the printer worker, not in the sale.
pub fn queue_new_receipts(
    store: &mut Store,
    till_id: &str,
    stations: &[Station],
    tickets_printer: &str,
) -> Result<usize, StoreError> {
    let mark_and_last = |conn: &Connection| -> Result<(i64, i64), StoreError> {
        Ok(conn
            .prepare_cached(
                "SELECT (SELECT coalesce(max(queued_up_to), 0) FROM print_marks WHERE till_id = ?1),
                        (SELECT coalesce(max(receipt_no), 0) FROM orders WHERE till_id = ?1)",
            )?
            .query_row([till_id], |r| Ok((r.get(0)?, r.get(1)?)))?)
    };
    // The printer thread asks every few seconds: with no new sale it writes (and syncs) nothing.
    let (mark, last) = mark_and_last(store.conn())?;
    if last == mark {
        return Ok(0);
    }
    let tx = store.write()?;
    let (mark, last) = mark_and_last(&tx)?;
    let new: Vec<(i64, String)> = tx
        .prepare_cached(
            "SELECT receipt_no, created_at FROM orders
             WHERE till_id = ?1 AND receipt_no > ?2 AND receipt_no <= ?3 AND wants_receipt = 1
             ORDER BY receipt_no",
        )?
        .query_map(params![till_id, mark, last], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    let mut added = 0;
    for (receipt_no, created_at) in new {
        insert_job(
            &tx,
            JobKind::Receipt,
            "receipt",
            till_id,
            receipt_no,
            &created_at,
        )?;
        added += 1;
        for station in stations {
            let has_lines: bool = tx
                .prepare_cached(
                    "SELECT EXISTS (SELECT 1 FROM orders o, json_each(o.record, '$.lines') l
                                    WHERE o.till_id = ?1 AND o.receipt_no = ?2
                                      AND l.value ->> 'station' = ?3)",
                )?
                .query_row(params![till_id, receipt_no, station.code()], |r| r.get(0))?;
            if has_lines {
                let kind = JobKind::Ticket(*station);
                insert_job(&tx, kind, tickets_printer, till_id, receipt_no, &created_at)?;
                added += 1;
            }
        }
    }
    tx.prepare_cached(
        "INSERT INTO print_marks (till_id, queued_up_to) VALUES (?1, ?2)
         ON CONFLICT (till_id) DO UPDATE SET queued_up_to = excluded.queued_up_to",
    )?
    .execute(params![till_id, last])?;
    tx.commit()?;
    Ok(added)
}

/// Adds a copy of a receipt to the receipt printer's queue, inside the caller's transaction.
pub fn enqueue(
    tx: &Transaction<'_>,
    kind: JobKind,
    till_id: &str,
    receipt_no: i64,
    now: DateTime<FixedOffset>,
) -> Result<(), StoreError> {
    insert_job(tx, kind, "receipt", till_id, receipt_no, &now.to_rfc3339())
}

fn insert_job(
    tx: &Transaction<'_>,
    kind: JobKind,
    printer: &str,
    till_id: &str,
    receipt_no: i64,
    created_at: &str,
) -> Result<(), StoreError> {
    let station = match kind {
        JobKind::Ticket(s) => Some(s.code()),
        _ => None,
    };
    tx.prepare_cached(
        "INSERT INTO print_jobs (kind, station, printer, till_id, receipt_no, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        kind.code(),
        station,
        printer,
        till_id,
        receipt_no,
        created_at
    ])?;
    Ok(())
}

fn time(text: Option<String>) -> Result<Option<DateTime<FixedOffset>>, StoreError> {
    text.map(|t| DateTime::parse_from_rfc3339(&t).map_err(|e| StoreError::Corrupt(e.to_string())))
        .transpose()
}

/// The oldest job waiting its turn on `printer` (`receipt` or `tickets`).
pub fn next_queued(conn: &Connection, printer: &str) -> Result<Option<Job>, StoreError> {
    let row = conn
        .prepare_cached(
            "SELECT id, kind, station, till_id, receipt_no, attempts, created_at, next_try_at, confirmed
             FROM print_jobs WHERE state = 'queued' AND printer = ?1 ORDER BY id LIMIT 1",
        )?
        .query_row([printer], |r| {
            let kind: String = r.get(1)?;
            let station: Option<String> = r.get(2)?;
            let kind = match (kind.as_str(), station.as_deref().and_then(Station::from_code)) {
                ("copy", _) => JobKind::Copy,
                ("ticket", Some(s)) => JobKind::Ticket(s),
                _ => JobKind::Receipt,
            };
            let times: (String, Option<String>) = (r.get(6)?, r.get(7)?);
            Ok((kind, times, (r.get(0)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(8)?)))
        })
        .optional()?;
    let Some((kind, (created, next_try), (id, till_id, receipt_no, attempts, confirmed))) = row
    else {
        return Ok(None);
    };
    Ok(Some(Job {
        id,
        kind,
        till_id,
        receipt_no,
        attempts,
        created_at: DateTime::parse_from_rfc3339(&created)
            .map_err(|e| StoreError::Corrupt(e.to_string()))?,
        next_try_at: time(next_try)?,
        confirmed,
    }))
}

fn set_state(conn: &Connection, id: i64, state: &str) -> Result<(), StoreError> {
    conn.prepare_cached("UPDATE print_jobs SET state = ?2 WHERE id = ?1")?
        .execute(params![id, state])?;
    Ok(())
}

/// The job is about to go to the printer. Found in this state at start-up, it may have printed.
pub fn mark_sending(conn: &Connection, id: i64) -> Result<(), StoreError> {
    set_state(conn, id, "sending")
}

/// The printer took the whole job.
pub fn finish(conn: &Connection, id: i64) -> Result<(), StoreError> {
    conn.prepare_cached("DELETE FROM print_jobs WHERE id = ?1")?
        .execute([id])?;
    Ok(())
}

/// The printer could not take the job: back in the queue, to be tried again after `next_try_at`.
pub fn fail(
    conn: &Connection,
    id: i64,
    error: &str,
    next_try_at: DateTime<FixedOffset>,
) -> Result<(), StoreError> {
    conn.prepare_cached(
        "UPDATE print_jobs SET state = 'queued', attempts = attempts + 1, last_error = ?2,
                               next_try_at = ?3
         WHERE id = ?1",
    )?
    .execute(params![id, error, next_try_at.to_rfc3339()])?;
    Ok(())
}

/// Puts a job aside until a person says whether to print it.
pub fn hold(conn: &Connection, id: i64, why: &str) -> Result<(), StoreError> {
    conn.prepare_cached("UPDATE print_jobs SET state = 'held', last_error = ?2 WHERE id = ?1")?
        .execute(params![id, why])?;
    Ok(())
}

/// At start-up: jobs left mid-send may or may not have printed, so a person decides. A
/// receipt among them becomes a copy: if she prints it, it says COPY, so a customer never
/// holds two originals of one sale.
pub fn hold_interrupted(conn: &Connection, printer: &str) -> Result<usize, StoreError> {
    Ok(conn.execute(
        "UPDATE print_jobs SET state = 'held',
                kind = CASE kind WHEN 'receipt' THEN 'copy' ELSE kind END,
                last_error = 'the till stopped while sending it; it may have printed already'
         WHERE state = 'sending' AND printer = ?1",
        [printer],
    )?)
}

/// After a fault in the program while printing: the job being sent (which may have printed,
/// so a receipt becomes a copy), or else the next one waiting, is held with `why`.
pub fn hold_stuck(conn: &Connection, printer: &str, why: &str) -> Result<usize, StoreError> {
    Ok(conn.execute(
        "UPDATE print_jobs SET state = 'held', last_error = ?2,
                kind = CASE WHEN state = 'sending' AND kind = 'receipt' THEN 'copy' ELSE kind END
         WHERE id = (SELECT id FROM print_jobs WHERE printer = ?1 AND state IN ('sending', 'queued')
                     ORDER BY state = 'sending' DESC, id LIMIT 1)",
        params![printer, why],
    )?)
}

/// In a restored backup: every job not yet printed may have printed after the backup was
/// taken, so each is held for a person, a receipt as a copy; and sales not yet queued are
/// not queued as originals (they may have printed too: a copy can be printed from the sales
/// list). Returns how many jobs were held.
pub fn hold_all_as_copies(store: &mut Store) -> Result<usize, StoreError> {
    let tx = store.write()?;
    let n = tx.execute(
        "UPDATE print_jobs SET state = 'held',
                kind = CASE kind WHEN 'receipt' THEN 'copy' ELSE kind END,
                last_error = 'restored from a backup: it may have printed after the backup was taken'",
        [],
    )?;
    tx.execute(
        "INSERT INTO print_marks (till_id, queued_up_to)
         SELECT till_id, max(receipt_no) FROM orders GROUP BY till_id
         ON CONFLICT (till_id) DO UPDATE SET queued_up_to = excluded.queued_up_to",
        [],
    )?;
    tx.commit()?;
    Ok(n)
}

/// A person said: print the held jobs (in their order, before anything newer).
pub fn release_held(conn: &Connection, printer: &str) -> Result<usize, StoreError> {
    Ok(conn.execute(
        "UPDATE print_jobs SET state = 'queued', confirmed = 1, next_try_at = NULL
         WHERE state = 'held' AND printer = ?1",
        [printer],
    )?)
}

/// A person said: do not print the held jobs. The sales stay; only the print jobs go.
pub fn discard_held(conn: &Connection, printer: &str) -> Result<usize, StoreError> {
    Ok(conn.execute(
        "DELETE FROM print_jobs WHERE state = 'held' AND printer = ?1",
        [printer],
    )?)
}

/// (waiting, held) job counts of `printer`.
pub fn counts(conn: &Connection, printer: &str) -> Result<(usize, usize), StoreError> {
    Ok(conn.query_row(
        "SELECT count(*) FILTER (WHERE state != 'held'), count(*) FILTER (WHERE state = 'held')
         FROM print_jobs WHERE printer = ?1",
        [printer],
        |r| Ok((r.get::<_, i64>(0)? as usize, r.get::<_, i64>(1)? as usize)),
    )?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_idle_queue_writes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.sqlite");
        let mut store = Store::open(&path).unwrap();
        store
            .conn()
            .execute_batch(
                "INSERT INTO orders (id, till_id, receipt_no, created_at, currency, gross, vat, net,
                                     vat_rate, change_given, cash_rounding, wants_receipt, record,
                                     items, tendered)
                 VALUES ('a', 'T1', 1, '2026-11-28T10:30:00+07:00', 'LAK', 100, 9, 91, '10', 0, 0, 1,
                         '{}', '[]', '[]')",
            )
            .unwrap();
        assert_eq!(
            queue_new_receipts(&mut store, "T1", &[], "receipt").unwrap(),
            1
        );
        let wal = dir.path().join("t.sqlite-wal");
        let before = std::fs::metadata(&wal).unwrap().len();
        for _ in 0..3 {
            assert_eq!(
                queue_new_receipts(&mut store, "T1", &[], "receipt").unwrap(),
                0
            );
        }
        assert_eq!(
            std::fs::metadata(&wal).unwrap().len(),
            before,
            "no page written when idle"
        );
        assert_eq!(counts(store.conn(), "receipt").unwrap(), (1, 0));
    }
}
