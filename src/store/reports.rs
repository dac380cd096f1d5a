//! Sums for the sales report over a range of receipts. A till numbers its receipts in the
//! order it makes them and a sale's business day never goes back, so a span of days is a range
//! of the orders' own key: found by binary search on the business day, read without any index
//! beyond the primary key.

use super::StoreError;
use rusqlite::{Connection, OptionalExtension, params};

/// The first receipt of `till_id` whose business day is `day` or later, or one past the last
/// when there is none. (Sales recorded before 0012 count by the date of their time.)
pub fn first_receipt_on_or_after(
    conn: &Connection,
    till_id: &str,
    day: chrono::NaiveDate,
) -> Result<i64, StoreError> {
    let at = day.to_string();
    let max: i64 = conn
        .prepare_cached("SELECT coalesce(max(receipt_no), 0) FROM orders WHERE till_id = ?1")?
        .query_row([till_id], |r| r.get(0))?;
    let mut stmt = conn.prepare_cached(
        "SELECT coalesce(business_day, substr(created_at, 1, 10)) FROM orders
         WHERE till_id = ?1 AND receipt_no >= ?2 ORDER BY receipt_no LIMIT 1",
    )?;
    // Receipts numbered below `lo` are before `at`; from `hi` on they are at or after it.
    let (mut lo, mut hi) = (1, max + 1);
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        let t: Option<String> = stmt
            .query_row(params![till_id, mid], |r| r.get(0))
            .optional()?;
        match t {
            Some(t) if t < at => lo = mid + 1,
            _ => hi = mid,
        }
    }
    Ok(lo)
}

/// One breakdown row: a key (hour, item, staff nickname, tender), sales or quantity, amount.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sum {
    pub key: String,
    pub count: i64,
    pub amount: i64,
}

fn sums(
    conn: &Connection,
    sql: &str,
    till_id: &str,
    first: i64,
    last: i64,
) -> Result<Vec<Sum>, StoreError> {
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt.query_map(params![till_id, first, last], |r| {
        Ok(Sum {
            key: r.get(0)?,
            count: r.get(1)?,
            amount: r.get(2)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Sales by hour of the day (local time of the till): "07" … "18".
pub fn by_hour(
    conn: &Connection,
    till: &str,
    first: i64,
    last: i64,
) -> Result<Vec<Sum>, StoreError> {
    sums(
        conn,
        "SELECT substr(created_at, 12, 2), count(*), sum(gross) FROM orders
         WHERE till_id = ?1 AND receipt_no BETWEEN ?2 AND ?3 GROUP BY 1 ORDER BY 1",
        till,
        first,
        last,
    )
}

/// Quantity and takings by item id.
pub fn by_item(
    conn: &Connection,
    till: &str,
    first: i64,
    last: i64,
) -> Result<Vec<Sum>, StoreError> {
    sums(
        conn,
        "SELECT item_id, sum(qty), sum(line_total) FROM order_lines
         WHERE till_id = ?1 AND receipt_no BETWEEN ?2 AND ?3 GROUP BY 1 ORDER BY 3 DESC",
        till,
        first,
        last,
    )
}

/// The receipt numbers in the range that have a discount (their lines' list prices are not
/// what was paid).
pub fn discounted_receipts(
    conn: &Connection,
    till: &str,
    first: i64,
    last: i64,
) -> Result<Vec<i64>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT DISTINCT receipt_no FROM discounts
         WHERE till_id = ?1 AND receipt_no BETWEEN ?2 AND ?3 ORDER BY 1",
    )?;
    let rows = stmt.query_map(params![till, first, last], |r| r.get(0))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Sales and takings by the staff member who took them (nickname; "" before sign-in existed).
pub fn by_staff(
    conn: &Connection,
    till: &str,
    first: i64,
    last: i64,
) -> Result<Vec<Sum>, StoreError> {
    sums(
        conn,
        "SELECT coalesce(s.nickname, ''), count(*), sum(o.gross) FROM orders o
         LEFT JOIN staff s ON s.id = o.staff_id
         WHERE o.till_id = ?1 AND o.receipt_no BETWEEN ?2 AND ?3 GROUP BY 1 ORDER BY 3 DESC",
        till,
        first,
        last,
    )
}

/// Takings by tender: "cash LAK", "cash THB", "qr LAK"; amounts in the tender's currency.
pub fn by_tender(
    conn: &Connection,
    till: &str,
    first: i64,
    last: i64,
) -> Result<Vec<Sum>, StoreError> {
    sums(
        conn,
        "SELECT kind || ' ' || currency, count(*), sum(amount) FROM tenders
         WHERE till_id = ?1 AND receipt_no BETWEEN ?2 AND ?3 GROUP BY 1 ORDER BY 1",
        till,
        first,
        last,
    )
}
