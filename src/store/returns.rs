//! Voids and refunds as stored.

use super::StoreError;
use crate::domain::returns::{PaidBack, ReturnKind, ReturnReason, Returned, ReturnedLine};
use crate::domain::staff::StaffId;
use rusqlite::{Connection, params};

/// A return to write; its number is the till's next.
pub struct NewReturn<'a> {
    pub till_id: &'a str,
    pub kind: ReturnKind,
    pub at: &'a str,
    pub receipt_no: i64,
    pub session_no: i64,
    pub reason: ReturnReason,
    pub staff: &'a StaffId,
    pub approved_by: Option<&'a StaffId>,
    pub gross: i64,
    pub vat: i64,
    pub lines: &'a [ReturnedLine],
    pub paid_back: &'a [PaidBack],
}

fn corrupt(e: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(e.to_string())
}

/// Writes a return; returns its number.
pub fn insert(conn: &Connection, r: &NewReturn<'_>) -> Result<i64, StoreError> {
    let lines = serde_json::to_string(r.lines).map_err(corrupt)?;
    let paid_back = serde_json::to_string(r.paid_back).map_err(corrupt)?;
    Ok(conn.query_row(
        "INSERT INTO returns (till_id, return_no, kind, at, receipt_no, session_no, reason, staff_id,
                              approved_by, gross, vat, lines, paid_back)
         VALUES (?1, (SELECT coalesce(max(return_no), 0) + 1 FROM returns WHERE till_id = ?1),
                 ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)
         RETURNING return_no",
        params![
            r.till_id,
            r.kind.code(),
            r.at,
            r.receipt_no,
            r.session_no,
            r.reason.code(),
            r.staff.as_str(),
            r.approved_by.map(StaffId::as_str),
            r.gross,
            r.vat,
            lines,
            paid_back
        ],
        |row| row.get(0),
    )?)
}

/// What earlier returns of a sale took: lines and quantities, gross, and what went back by QR.
pub fn of_sale(conn: &Connection, till_id: &str, receipt_no: i64) -> Result<Returned, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT lines, paid_back, gross FROM returns WHERE till_id = ?1 AND receipt_no = ?2",
    )?;
    let mut out = Returned::default();
    let rows = stmt.query_map(params![till_id, receipt_no], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, i64>(2)?,
        ))
    })?;
    for row in rows {
        let (l, p, gross) = row?;
        let l: Vec<ReturnedLine> = serde_json::from_str(&l).map_err(corrupt)?;
        let p: Vec<PaidBack> = serde_json::from_str(&p).map_err(corrupt)?;
        out.lines.extend(l.iter().map(|x| (x.line_no, x.qty)));
        out.gross += gross;
        out.qr += p
            .iter()
            .filter(|x| x.kind == "qr")
            .map(|x| x.amount)
            .sum::<i64>();
    }
    Ok(out)
}

/// Every return as its row holds it, in the shape of its journal record's body: the journal
/// writes this (read back inside the return's transaction) and `verify` compares with it.
pub fn records(conn: &Connection) -> Result<Vec<ReturnRecord>, StoreError> {
    select_records(conn, "", [])
}

/// A return's till and number, its kind and time (checked against its journal record's kind
/// and time), and its body.
pub type ReturnRecord = (String, i64, String, String, serde_json::Value);

/// One return's record (see [`records`]).
pub fn record(
    conn: &Connection,
    till_id: &str,
    return_no: i64,
) -> Result<serde_json::Value, StoreError> {
    select_records(
        conn,
        "WHERE till_id = ?1 AND return_no = ?2",
        params![till_id, return_no],
    )?
    .pop()
    .map(|(_, _, _, _, v)| v)
    .ok_or_else(|| corrupt(format!("return {return_no} was not written")))
}

fn select_records(
    conn: &Connection,
    filter: &str,
    params: impl rusqlite::Params,
) -> Result<Vec<ReturnRecord>, StoreError> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT till_id, return_no, receipt_no, session_no, reason, gross, vat, lines, paid_back,
                staff_id, approved_by, kind, at
         FROM returns {filter} ORDER BY till_id, return_no"
    ))?;
    let rows = stmt.query_map(params, |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, i64>(1)?,
            r.get::<_, i64>(2)?,
            r.get::<_, i64>(3)?,
            r.get::<_, String>(4)?,
            r.get::<_, i64>(5)?,
            r.get::<_, i64>(6)?,
            r.get::<_, String>(7)?,
            r.get::<_, String>(8)?,
            r.get::<_, String>(9)?,
            r.get::<_, Option<String>>(10)?,
            (r.get::<_, String>(11)?, r.get::<_, String>(12)?),
        ))
    })?;
    rows.map(|row| {
        let (
            till,
            no,
            receipt,
            session,
            reason,
            gross,
            vat,
            lines,
            paid_back,
            staff,
            approved,
            (kind, at),
        ) = row?;
        let lines: serde_json::Value = serde_json::from_str(&lines).map_err(corrupt)?;
        let paid_back: serde_json::Value = serde_json::from_str(&paid_back).map_err(corrupt)?;
        let value = serde_json::json!({
            "till": till, "return_no": no, "receipt_no": receipt, "session_no": session,
            "reason": reason, "gross": gross, "vat": vat, "lines": lines,
            "paid_back": paid_back, "staff": staff, "approved_by": approved,
        });
        Ok((till, no, kind, at, value))
    })
    .collect()
}

/// The returns of one kind in a session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReturnSums {
    pub kind: String,
    pub count: i64,
    pub gross: i64,
    pub vat: i64,
    pub cash_back: i64,
    pub qr_back: i64,
}

/// Returns of a session, by kind.
pub fn session_sums(
    conn: &Connection,
    till_id: &str,
    session_no: i64,
) -> Result<Vec<ReturnSums>, StoreError> {
    return_sums(
        conn,
        "FROM returns WHERE till_id = ?1 AND session_no = ?2",
        params![till_id, session_no],
    )
}

/// Returns made from `from` (inclusive) to `until` (exclusive), RFC 3339 times, by kind.
pub fn period_sums(
    conn: &Connection,
    till_id: &str,
    from: &str,
    until: &str,
) -> Result<Vec<ReturnSums>, StoreError> {
    return_sums(
        conn,
        "FROM returns WHERE till_id = ?1 AND at >= ?2 AND at < ?3",
        params![till_id, from, until],
    )
}

fn return_sums(
    conn: &Connection,
    from_where: &str,
    params: impl rusqlite::Params,
) -> Result<Vec<ReturnSums>, StoreError> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT kind, count(*), sum(gross), sum(vat),
                coalesce(sum((SELECT sum(json_extract(p.value, '$.amount')) FROM json_each(paid_back) p
                              WHERE json_extract(p.value, '$.kind') = 'cash')), 0),
                coalesce(sum((SELECT sum(json_extract(p.value, '$.amount')) FROM json_each(paid_back) p
                              WHERE json_extract(p.value, '$.kind') = 'qr')), 0)
         {from_where} GROUP BY kind ORDER BY kind"
    ))?;
    let rows = stmt.query_map(params, |r| {
        Ok(ReturnSums {
            kind: r.get(0)?,
            count: r.get(1)?,
            gross: r.get(2)?,
            vat: r.get(3)?,
            cash_back: r.get(4)?,
            qr_back: r.get(5)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}
