//! The journal's records: appended inside the transaction of the event they record, read back
//! in order to check the chain. Triggers (migration 0003) refuse UPDATE and DELETE.

use super::StoreError;
use crate::domain::journal::{EventKind, GENESIS, Record, chain_hash};
use rusqlite::{Connection, OptionalExtension, params};

/// The next link of the chain: its sequence number and the hash it follows. The newest link is
/// the journal table's last record or the till's last sale, whichever is later (one till per
/// database: its sales are numbered in the order they are chained).
pub fn next_link(conn: &Connection, till_id: &str) -> Result<(i64, String), StoreError> {
    let in_journal: Option<(i64, String)> = conn
        .prepare_cached("SELECT seq, hash FROM journal ORDER BY seq DESC LIMIT 1")?
        .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let in_sales: Option<(i64, String)> = conn
        .prepare_cached(
            "SELECT journal_seq, hash FROM orders WHERE till_id = ?1 AND journal_seq IS NOT NULL
             ORDER BY receipt_no DESC LIMIT 1",
        )?
        .query_row([till_id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    Ok(match (in_journal, in_sales) {
        (Some(a), Some(b)) => {
            let (seq, hash) = if a.0 > b.0 { a } else { b };
            (seq + 1, hash)
        }
        (Some((seq, hash)), None) | (None, Some((seq, hash))) => (seq + 1, hash),
        (None, None) => (1, GENESIS.to_owned()),
    })
}

/// The chain's newest link (sequence and hash), none on a new till.
pub fn head(conn: &Connection, till_id: &str) -> Result<Option<(i64, String)>, StoreError> {
    let (next, hash) = next_link(conn, till_id)?;
    Ok((next > 1).then(|| (next - 1, hash)))
}

/// The chain's newest link at the end of `day` (the till's local day, as its records are
/// stamped), none before the first.
pub fn head_on(
    conn: &Connection,
    till_id: &str,
    day: chrono::NaiveDate,
) -> Result<Option<(i64, String)>, StoreError> {
    // Records are stamped in RFC 3339 with the till's offset: the date is their first ten
    // characters.
    let day = day.to_string();
    let in_journal: Option<(i64, String)> = conn
        .prepare_cached(
            "SELECT seq, hash FROM journal WHERE substr(at, 1, 10) <= ?1 ORDER BY seq DESC LIMIT 1",
        )?
        .query_row([&day], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let in_sales: Option<(i64, String)> = conn
        .prepare_cached(
            "SELECT journal_seq, hash FROM orders WHERE till_id = ?1 AND journal_seq IS NOT NULL
             AND substr(created_at, 1, 10) <= ?2 ORDER BY receipt_no DESC LIMIT 1",
        )?
        .query_row(params![till_id, day], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    Ok(match (in_journal, in_sales) {
        (Some(a), Some(b)) => Some(if a.0 > b.0 { a } else { b }),
        (a, b) => a.or(b),
    })
}

/// The chain's head at the end of every day up to `to`, in two passes over the journal and
/// the sales (what [`head_on`] gives for one day; for a long run of days at once).
pub fn heads_by_day(
    conn: &Connection,
    till_id: &str,
    to: chrono::NaiveDate,
) -> Result<std::collections::BTreeMap<String, (i64, String)>, StoreError> {
    let mut newest: std::collections::BTreeMap<String, (i64, String)> = Default::default();
    let mut keep = |day: String, seq: i64, hash: String| {
        let e = newest.entry(day).or_insert((seq, hash.clone()));
        if seq > e.0 {
            *e = (seq, hash);
        }
    };
    let to = to.to_string();
    let mut stmt = conn.prepare(
        "SELECT substr(at, 1, 10), seq, hash FROM journal
         WHERE seq IN (SELECT max(seq) FROM journal GROUP BY substr(at, 1, 10))",
    )?;
    for row in stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))? {
        let (day, seq, hash): (String, i64, String) = row?;
        keep(day, seq, hash);
    }
    let mut stmt = conn.prepare(
        "SELECT substr(created_at, 1, 10), journal_seq, hash FROM orders
         WHERE till_id = ?1 AND receipt_no IN
           (SELECT max(receipt_no) FROM orders WHERE till_id = ?1 AND journal_seq IS NOT NULL
            GROUP BY substr(created_at, 1, 10))",
    )?;
    for row in stmt.query_map([till_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))? {
        let (day, seq, hash): (String, Option<i64>, String) = row?;
        if let Some(seq) = seq {
            keep(day, seq, hash);
        }
    }
    // A day's head is the newest link made on it or before.
    let mut best: Option<(i64, String)> = None;
    let mut out = std::collections::BTreeMap::new();
    for (day, head) in newest {
        if day > to {
            break;
        }
        if best.as_ref().is_none_or(|b| head.0 > b.0) {
            best = Some(head);
        }
        if let Some(b) = &best {
            out.insert(day, b.clone());
        }
    }
    Ok(out)
}

/// Appends one record to the journal table after the chain's last link. Call it inside the
/// event's own write transaction, so the event and its record commit together and the chain
/// has one writer.
pub fn append(
    conn: &Connection,
    till_id: &str,
    at: &str,
    kind: EventKind,
    body: &impl serde::Serialize,
) -> Result<i64, StoreError> {
    let body = serde_json::to_string(body).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    let (seq, prev) = next_link(conn, till_id)?;
    let hash = chain_hash(&prev, seq, at, kind.code(), &body);
    conn.prepare_cached(
        "INSERT INTO journal (seq, at, kind, body, prev_hash, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![seq, at, kind.code(), body, prev, hash])?;
    Ok(seq)
}

/// The hash of record `seq`.
pub fn hash_of(conn: &Connection, seq: i64) -> Result<String, StoreError> {
    Ok(conn
        .prepare_cached("SELECT hash FROM journal WHERE seq = ?1")?
        .query_row([seq], |r| r.get(0))?)
}

/// Calls `each` with every record, oldest first.
pub fn for_each(conn: &Connection, mut each: impl FnMut(Record)) -> Result<(), StoreError> {
    let mut stmt =
        conn.prepare("SELECT seq, at, kind, body, prev_hash, hash FROM journal ORDER BY seq")?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        each(Record {
            seq: r.get(0)?,
            at: r.get(1)?,
            kind: r.get(2)?,
            body: r.get(3)?,
            prev_hash: r.get(4)?,
            hash: r.get(5)?,
        });
    }
    Ok(())
}

/// SQLite's own check of the file: `None` when it says "ok", else its first complaint.
pub fn integrity_problem(conn: &Connection) -> Result<Option<String>, StoreError> {
    let answer: String = conn.query_row("PRAGMA integrity_check(1)", [], |r| r.get(0))?;
    Ok((answer != "ok").then_some(answer))
}
