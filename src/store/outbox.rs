//! Head office's outbox (migration 0025): frozen batches, the values last batched, and the
//! last attempt's outcome.

use super::StoreError;
use rusqlite::{Connection, OptionalExtension, params};
use std::collections::HashMap;

/// (period, indicator, breakdown) → the value's JSON, as last put in a batch.
pub type Sent = HashMap<(String, String, String), String>;

pub fn sent(conn: &Connection, site: &str) -> Result<Sent, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT period, indicator, breakdown, value FROM sync_sent WHERE site = ?1",
    )?;
    let rows = stmt.query_map([site], |r| {
        Ok(((r.get(0)?, r.get(1)?, r.get(2)?), r.get(3)?))
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The last day a sales value was batched for, if any.
pub fn last_day(conn: &Connection, site: &str) -> Result<Option<String>, StoreError> {
    Ok(conn
        .prepare_cached(
            "SELECT max(period) FROM sync_sent WHERE site = ?1 AND length(period) = 10",
        )?
        .query_row([site], |r| r.get(0))?)
}

/// The first day anything happened at the till: its first record or sale.
pub fn first_day(conn: &Connection) -> Result<Option<String>, StoreError> {
    Ok(conn.query_row(
        "SELECT min(d) FROM (SELECT min(substr(at, 1, 10)) AS d FROM journal
                            UNION ALL SELECT min(substr(created_at, 1, 10)) FROM orders)",
        [],
        |r| r.get(0),
    )?)
}

pub fn remember(
    conn: &Connection,
    site: &str,
    key: &(String, String, String),
    value: &str,
) -> Result<(), StoreError> {
    conn.prepare_cached(
        "INSERT INTO sync_sent (site, period, indicator, breakdown, value) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (site, period, indicator, breakdown) DO UPDATE SET value = excluded.value",
    )?
    .execute(params![site, key.0, key.1, key.2, value])?;
    Ok(())
}

pub fn next_seq(conn: &Connection) -> Result<i64, StoreError> {
    Ok(conn.query_row(
        "SELECT coalesce(max(seq), 0) + 1 FROM sync_outbox",
        [],
        |r| r.get(0),
    )?)
}

pub fn add(
    conn: &Connection,
    seq: i64,
    id: &str,
    made_at: &str,
    body: &str,
    summaries: usize,
) -> Result<(), StoreError> {
    conn.prepare_cached(
        "INSERT INTO sync_outbox (seq, id, made_at, body, summaries) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![seq, id, made_at, body, summaries as i64])?;
    Ok(())
}

/// A batch waiting to go.
#[derive(Debug, Clone)]
pub struct Pending {
    pub seq: i64,
    pub id: String,
    pub body: String,
    pub summaries: i64,
    pub attempts: i64,
}

/// The batches not yet stored by head office nor refused, oldest first.
pub fn pending(conn: &Connection) -> Result<Vec<Pending>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT seq, id, body, summaries, attempts FROM sync_outbox
         WHERE sent_at IS NULL AND refused IS NULL ORDER BY seq",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(Pending {
            seq: r.get(0)?,
            id: r.get(1)?,
            body: r.get(2)?,
            summaries: r.get(3)?,
            attempts: r.get(4)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub fn tried(conn: &Connection, seq: i64, at: &str, error: Option<&str>) -> Result<(), StoreError> {
    conn.prepare_cached(
        "UPDATE sync_outbox SET attempts = attempts + 1, last_error = ?2 WHERE seq = ?1",
    )?
    .execute(params![seq, error])?;
    conn.prepare_cached("UPDATE sync_state SET last_try_at = ?1, last_error = ?2")?
        .execute(params![at, error])?;
    Ok(())
}

pub fn mark_sent(conn: &Connection, seq: i64, at: &str) -> Result<(), StoreError> {
    conn.prepare_cached(
        "UPDATE sync_outbox SET sent_at = ?2, last_error = NULL WHERE seq = ?1 AND sent_at IS NULL",
    )?
    .execute(params![seq, at])?;
    conn.prepare_cached(
        "UPDATE sync_state SET last_try_at = ?1, last_success_at = ?1, last_error = NULL",
    )?
    .execute([at])?;
    Ok(())
}

/// A manager has seen the refusals (`mekong sync --now` printed them): the top bar lets go.
pub fn refusals_seen(conn: &Connection, at: &str) -> Result<(), StoreError> {
    conn.prepare_cached(
        "UPDATE sync_outbox SET seen_at = ?1 WHERE refused IS NOT NULL AND seen_at IS NULL",
    )?
    .execute([at])?;
    Ok(())
}

/// Drops batches head office stored before `before`: the outbox does not grow for ever.
pub fn prune(conn: &Connection, before: &str) -> Result<(), StoreError> {
    // The newest batch stays whatever its age: its seq is where the next one counts from,
    // and head office takes a value only from a later batch than the one it holds.
    conn.prepare_cached(
        "DELETE FROM sync_outbox WHERE (sent_at < ?1 OR refused IS NOT NULL AND made_at < ?1)
         AND seq < (SELECT max(seq) FROM sync_outbox)",
    )?
    .execute([before])?;
    Ok(())
}

/// Head office refused the batch for good: it is kept with the reason, and its values are
/// let go of (where they are still what it carried), so the next freeze sends them again
/// rather than lose them.
pub fn mark_refused(conn: &Connection, seq: i64, why: &str) -> Result<(), StoreError> {
    conn.prepare_cached(
        "UPDATE sync_outbox SET refused = ?2, attempts = attempts + 1, last_error = ?2 WHERE seq = ?1",
    )?
    .execute(params![seq, why])?;
    let body: String =
        conn.query_row("SELECT body FROM sync_outbox WHERE seq = ?1", [seq], |r| {
            r.get(0)
        })?;
    let batch: crate::sync::wire::Batch =
        serde_json::from_str(&body).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    let mut forget = conn.prepare_cached(
        "DELETE FROM sync_sent WHERE site = ?1 AND period = ?2 AND indicator = ?3
         AND breakdown = ?4 AND value = ?5",
    )?;
    for s in &batch.summaries {
        let value =
            serde_json::to_string(&s.value).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        forget.execute(params![
            s.site,
            s.period.key(),
            s.indicator,
            s.breakdown,
            value
        ])?;
    }
    Ok(())
}

/// Sync could not run at all (no token file, a panic): said where the top bar reads it.
pub fn failed(conn: &Connection, at: &str, error: &str) -> Result<(), StoreError> {
    conn.prepare_cached("UPDATE sync_state SET last_try_at = ?1, last_error = ?2")?
        .execute(params![at, error])?;
    Ok(())
}

/// A pass that ended without a failure: an earlier error no longer stands.
pub fn pass_ok(conn: &Connection, at: &str) -> Result<(), StoreError> {
    conn.prepare_cached("UPDATE sync_state SET last_try_at = ?1, last_error = NULL")?
        .execute([at])?;
    Ok(())
}

/// Where sync stands.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct State {
    /// Batches waiting to go, and the summaries in them.
    pub pending: i64,
    pub pending_summaries: i64,
    /// Batches head office refused for good that no manager has seen yet, and the newest
    /// reason.
    pub refused: i64,
    pub refused_why: Option<String>,
    pub last_try_at: Option<String>,
    pub last_success_at: Option<String>,
    pub last_error: Option<String>,
}

pub fn state(conn: &Connection) -> Result<State, StoreError> {
    let (pending, pending_summaries): (i64, i64) = conn
        .prepare_cached(
            "SELECT count(*), coalesce(sum(summaries), 0) FROM sync_outbox
             WHERE sent_at IS NULL AND refused IS NULL",
        )?
        .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    let refused: i64 = conn
        .prepare_cached(
            "SELECT count(*) FROM sync_outbox WHERE refused IS NOT NULL AND seen_at IS NULL",
        )?
        .query_row([], |r| r.get(0))?;
    let refused_why = conn
        .prepare_cached(
            "SELECT refused FROM sync_outbox WHERE refused IS NOT NULL AND seen_at IS NULL
             ORDER BY seq DESC LIMIT 1",
        )?
        .query_row([], |r| r.get(0))
        .optional()?;
    let (last_try_at, last_success_at, last_error) = conn.query_row(
        "SELECT last_try_at, last_success_at, last_error FROM sync_state",
        [],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?;
    Ok(State {
        pending,
        pending_summaries,
        refused,
        refused_why,
        last_try_at,
        last_success_at,
        last_error,
    })
}
