//! Till sessions, cash moves and Z reports, and the sums an X or Z report is made of.

use super::StoreError;
use crate::domain::money::Currency;
use crate::domain::session::{CashCount, ShiftReport, TenderTotal};
use crate::domain::staff::StaffId;
use rusqlite::{Connection, OptionalExtension, params};

/// A session as stored, with the nicknames of who opened and closed it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionRow {
    pub till_id: String,
    pub session_no: i64,
    pub opened_at: String,
    pub opened_by: String,
    pub float: CashCount,
    pub first_receipt_no: i64,
    pub closed_at: Option<String>,
    pub closed_by: Option<String>,
    pub counted: Option<CashCount>,
    pub last_receipt_no: Option<i64>,
}

fn corrupt(e: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(e.to_string())
}

const SELECT: &str =
    "SELECT s.till_id, s.session_no, s.opened_at, o.nickname, s.float, s.first_receipt_no,
                             s.closed_at, c.nickname, s.counted, s.last_receipt_no
                      FROM till_sessions s
                      JOIN staff o ON o.id = s.opened_by
                      LEFT JOIN staff c ON c.id = s.closed_by";

fn read(r: &rusqlite::Row<'_>) -> rusqlite::Result<(SessionRow, String, Option<String>)> {
    Ok((
        SessionRow {
            till_id: r.get(0)?,
            session_no: r.get(1)?,
            opened_at: r.get(2)?,
            opened_by: r.get(3)?,
            float: CashCount::default(),
            first_receipt_no: r.get(5)?,
            closed_at: r.get(6)?,
            closed_by: r.get(7)?,
            counted: None,
            last_receipt_no: r.get(9)?,
        },
        r.get(4)?,
        r.get(8)?,
    ))
}

fn finish(
    row: Option<(SessionRow, String, Option<String>)>,
) -> Result<Option<SessionRow>, StoreError> {
    row.map(|(mut s, float, counted)| {
        s.float = serde_json::from_str(&float).map_err(corrupt)?;
        s.counted = counted
            .map(|c| serde_json::from_str(&c))
            .transpose()
            .map_err(corrupt)?;
        Ok(s)
    })
    .transpose()
}

/// The till's open session, if any.
pub fn open_session(conn: &Connection, till_id: &str) -> Result<Option<SessionRow>, StoreError> {
    let row = conn
        .prepare_cached(&format!(
            "{SELECT} WHERE s.till_id = ?1 AND s.closed_at IS NULL"
        ))?
        .query_row([till_id], read)
        .optional()?;
    finish(row)
}

/// Opens the next session; its sales start after the till's last receipt. Returns its number.
pub fn insert_open(
    conn: &Connection,
    till_id: &str,
    at: &str,
    staff: &StaffId,
    float: &CashCount,
) -> Result<i64, StoreError> {
    let float = serde_json::to_string(float).map_err(corrupt)?;
    Ok(conn.query_row(
        "INSERT INTO till_sessions (till_id, session_no, opened_at, opened_by, float, first_receipt_no)
         VALUES (?1, (SELECT coalesce(max(session_no), 0) + 1 FROM till_sessions WHERE till_id = ?1),
                 ?2, ?3, ?4,
                 (SELECT coalesce(max(receipt_no), 0) + 1 FROM orders WHERE till_id = ?1))
         RETURNING session_no",
        params![till_id, at, staff.as_str(), float],
        |r| r.get(0),
    )?)
}

/// Records a pay-in or pay-out; returns its number within the session.
#[allow(clippy::too_many_arguments)]
pub fn insert_move(
    conn: &Connection,
    till_id: &str,
    session_no: i64,
    at: &str,
    kind: &str,
    currency: Currency,
    amount: i64,
    reason: &str,
    staff: &StaffId,
    approved_by: Option<&StaffId>,
) -> Result<i64, StoreError> {
    Ok(conn.query_row(
        "INSERT INTO cash_moves (till_id, session_no, move_no, at, kind, currency, amount, reason,
                                 staff_id, approved_by)
         VALUES (?1, ?2,
                 (SELECT coalesce(max(move_no), 0) + 1 FROM cash_moves WHERE till_id = ?1 AND session_no = ?2),
                 ?3, ?4, ?5, ?6, ?7, ?8, ?9)
         RETURNING move_no",
        params![
            till_id,
            session_no,
            at,
            kind,
            currency.code(),
            amount,
            reason,
            staff.as_str(),
            approved_by.map(StaffId::as_str)
        ],
        |r| r.get(0),
    )?)
}

/// Closes a session with its count; its last receipt is the till's last one. Returns it.
pub fn close(
    conn: &Connection,
    till_id: &str,
    session_no: i64,
    at: &str,
    closed_by: &StaffId,
    approved_by: Option<&StaffId>,
    counted: &CashCount,
) -> Result<i64, StoreError> {
    let counted = serde_json::to_string(counted).map_err(corrupt)?;
    Ok(conn.query_row(
        "UPDATE till_sessions
         SET closed_at = ?3, closed_by = ?4, approved_by = ?5, counted = ?6,
             last_receipt_no = (SELECT coalesce(max(receipt_no), 0) FROM orders WHERE till_id = ?1)
         WHERE till_id = ?1 AND session_no = ?2 AND closed_at IS NULL
         RETURNING last_receipt_no",
        params![
            till_id,
            session_no,
            at,
            closed_by.as_str(),
            approved_by.map(StaffId::as_str),
            counted
        ],
        |r| r.get(0),
    )?)
}

/// Stores a Z report under its number.
pub fn insert_z(
    conn: &Connection,
    till_id: &str,
    session_no: i64,
    at: &str,
    report: &ShiftReport,
) -> Result<(), StoreError> {
    let json = serde_json::to_string(report).map_err(corrupt)?;
    conn.execute(
        "INSERT INTO z_reports (till_id, z_no, session_no, created_at, report) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![till_id, report.z_no, session_no, at, json],
    )?;
    Ok(())
}

/// A cash move's key (till, session, move), its kind and time (checked against its journal
/// record's kind and time), and its record.
pub type MoveRecord = ((String, i64, i64), (String, String), serde_json::Value);

/// Every pay-in and pay-out as its row holds it, in the shape of its journal record's body
/// (`approved_by` only when a manager approved): ((till, session, move), kind, body).
pub fn move_records(conn: &Connection) -> Result<Vec<MoveRecord>, StoreError> {
    select_moves(conn, "", [])
}

/// One pay-in or pay-out's record (see [`move_records`]).
pub fn move_record(
    conn: &Connection,
    till_id: &str,
    session_no: i64,
    move_no: i64,
) -> Result<serde_json::Value, StoreError> {
    select_moves(
        conn,
        "WHERE till_id = ?1 AND session_no = ?2 AND move_no = ?3",
        params![till_id, session_no, move_no],
    )?
    .pop()
    .map(|(_, _, v)| v)
    .ok_or_else(|| corrupt(format!("cash move {move_no} was not written")))
}

fn select_moves(
    conn: &Connection,
    filter: &str,
    params: impl rusqlite::Params,
) -> Result<Vec<MoveRecord>, StoreError> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT till_id, session_no, move_no, kind, currency, amount, reason, staff_id, approved_by,
                at
         FROM cash_moves {filter} ORDER BY till_id, session_no, move_no"
    ))?;
    let rows = stmt.query_map(params, |r| {
        let (till, session, no): (String, i64, i64) = (r.get(0)?, r.get(1)?, r.get(2)?);
        let mut body = serde_json::json!({
            "till": till, "session_no": session, "move_no": no,
            "currency": r.get::<_, String>(4)?, "amount": r.get::<_, i64>(5)?,
            "reason": r.get::<_, String>(6)?, "staff": r.get::<_, String>(7)?,
        });
        if let Some(by) = r.get::<_, Option<String>>(8)? {
            body["approved_by"] = by.into();
        }
        Ok((
            (till, session, no),
            (r.get::<_, String>(3)?, r.get::<_, String>(9)?),
            body,
        ))
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// A Z report's key (till, Z number) and its stored text.
pub type ZText = ((String, i64), String);
/// A session's key (till, session), who opened it, and the float.
pub type Opening = ((String, i64), String, CashCount);

/// Every Z report as stored (the text its journal record's body must equal).
pub fn z_texts(conn: &Connection) -> Result<Vec<ZText>, StoreError> {
    let mut stmt =
        conn.prepare("SELECT till_id, z_no, report FROM z_reports ORDER BY till_id, z_no")?;
    let rows = stmt.query_map([], |r| Ok(((r.get(0)?, r.get(1)?), r.get(2)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Every session's opening as stored: ((till, session), who opened it, the float counted).
pub fn openings(conn: &Connection) -> Result<Vec<Opening>, StoreError> {
    let mut stmt = conn
        .prepare("SELECT till_id, session_no, opened_by, float FROM till_sessions ORDER BY 1, 2")?;
    let rows = stmt.query_map([], |r| {
        Ok((
            (r.get::<_, String>(0)?, r.get::<_, i64>(1)?),
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
        ))
    })?;
    rows.map(|row| {
        let (key, by, float) = row?;
        Ok((key, by, serde_json::from_str(&float).map_err(corrupt)?))
    })
    .collect()
}

/// The journal head a Z report left: its own record's sequence number and the first 16 hex
/// digits of its hash.
pub fn z_head(
    conn: &Connection,
    till_id: &str,
    z_no: i64,
) -> Result<Option<(i64, String)>, StoreError> {
    Ok(conn
        .prepare_cached(
            "SELECT seq, substr(hash, 1, 16) FROM journal
             WHERE kind = 'z_report' AND json_extract(body, '$.till') = ?1
               AND json_extract(body, '$.z_no') = ?2
             ORDER BY seq DESC LIMIT 1",
        )?
        .query_row(params![till_id, z_no], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?)
}

pub fn next_z_no(conn: &Connection, till_id: &str) -> Result<i64, StoreError> {
    Ok(conn.query_row(
        "SELECT coalesce(max(z_no), 0) + 1 FROM z_reports WHERE till_id = ?1",
        [till_id],
        |r| r.get(0),
    )?)
}

/// A stored Z report by number, or the latest when `z_no` is `None`.
pub fn z_report(
    conn: &Connection,
    till_id: &str,
    z_no: Option<i64>,
) -> Result<Option<ShiftReport>, StoreError> {
    let json: Option<String> = match z_no {
        Some(n) => conn
            .query_row(
                "SELECT report FROM z_reports WHERE till_id = ?1 AND z_no = ?2",
                params![till_id, n],
                |r| r.get(0),
            )
            .optional()?,
        None => conn
            .query_row(
                "SELECT report FROM z_reports WHERE till_id = ?1 ORDER BY z_no DESC LIMIT 1",
                [till_id],
                |r| r.get(0),
            )
            .optional()?,
    };
    json.map(|j| serde_json::from_str(&j).map_err(corrupt))
        .transpose()
}

/// Sales of the till with receipt numbers in `first..=last`: count, gross, VAT, change given,
/// and takings by tender kind and currency.
pub struct SalesSums {
    pub count: i64,
    pub gross: i64,
    pub vat: i64,
    pub change: i64,
    pub tenders: Vec<TenderTotal>,
}

pub fn sales_sums(
    conn: &Connection,
    till_id: &str,
    first: i64,
    last: i64,
) -> Result<SalesSums, StoreError> {
    let (count, gross, vat, change) = conn
        .prepare_cached(
            "SELECT count(*), coalesce(sum(gross), 0), coalesce(sum(vat), 0), coalesce(sum(change_given), 0)
             FROM orders WHERE till_id = ?1 AND receipt_no BETWEEN ?2 AND ?3",
        )?
        .query_row(params![till_id, first, last], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })?;
    let mut stmt = conn.prepare_cached(
        "SELECT t.value ->> 0, t.value ->> 1, sum(t.value ->> 2)
         FROM orders o, json_each(o.tendered) t
         WHERE o.till_id = ?1 AND o.receipt_no BETWEEN ?2 AND ?3
         GROUP BY 1, 2 ORDER BY 1, 2",
    )?;
    let tenders = stmt
        .query_map(params![till_id, first, last], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, i64>(2)?,
            ))
        })?
        .map(|row| {
            let (kind, currency, amount) = row?;
            Ok(TenderTotal {
                kind,
                currency: currency.parse().map_err(corrupt)?,
                amount,
            })
        })
        .collect::<Result<Vec<_>, StoreError>>()?;
    Ok(SalesSums {
        count,
        gross,
        vat,
        change,
        tenders,
    })
}

/// Pay-ins and pay-outs of a session: (kind, currency, total).
pub fn move_sums(
    conn: &Connection,
    till_id: &str,
    session_no: i64,
) -> Result<Vec<(String, Currency, i64)>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT kind, currency, sum(amount) FROM cash_moves
         WHERE till_id = ?1 AND session_no = ?2 GROUP BY kind, currency",
    )?;
    stmt.query_map(params![till_id, session_no], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, i64>(2)?,
        ))
    })?
    .map(|row| {
        let (kind, currency, sum) = row?;
        Ok((kind, currency.parse().map_err(corrupt)?, sum))
    })
    .collect()
}
