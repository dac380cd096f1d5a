//! Sums for the sales report over ranges of receipts. A till numbers its receipts in the
//! order it makes them and a sale's business day never goes back (except where a manager
//! restarted days after a clock that had run ahead, migration 0017), so a span of days is one
//! range of the orders' own key in each stretch between restarts: found by binary search on
//! the business day, read without any index beyond the primary key.

use super::StoreError;
use rusqlite::{Connection, OptionalExtension, params};

/// Receipt numbers, first to last, both included.
pub type Receipts = (i64, i64);

/// The receipts of `till_id` whose business day is from `from` to the day before `after`:
/// one range in each stretch of receipts between restarts of business days, empty ones left
/// out. (Sales recorded before 0012 count by the date of their time.)
pub fn receipts_between(
    conn: &Connection,
    till_id: &str,
    from: chrono::NaiveDate,
    after: chrono::NaiveDate,
) -> Result<Vec<Receipts>, StoreError> {
    let max = super::sales::last_receipt_no(conn, till_id)?;
    let mut starts = vec![1];
    starts.extend(super::sales::day_restarts(conn, till_id)?);
    starts.push(max + 1);
    let mut out = Vec::new();
    for stretch in starts.windows(2) {
        let (lo, hi) = (stretch[0], stretch[1].min(max + 1));
        if lo >= hi {
            continue;
        }
        let first = first_on_or_after(conn, till_id, from, lo, hi)?;
        let end = first_on_or_after(conn, till_id, after, first, hi)?;
        if first < end {
            out.push((first, end - 1));
        }
    }
    Ok(out)
}

/// The first receipt from `lo` below `hi` whose business day is `day` or later, or `hi`;
/// days must not go back between `lo` and `hi`.
fn first_on_or_after(
    conn: &Connection,
    till_id: &str,
    day: chrono::NaiveDate,
    mut lo: i64,
    mut hi: i64,
) -> Result<i64, StoreError> {
    let at = day.to_string();
    let mut stmt = conn.prepare_cached(
        "SELECT coalesce(business_day, substr(created_at, 1, 10)) FROM orders
         WHERE till_id = ?1 AND receipt_no >= ?2 ORDER BY receipt_no LIMIT 1",
    )?;
    // Receipts numbered below `lo` are before `at`; from `hi` on they are at or after it.
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

/// How a breakdown is ordered: by its key, or by amount, largest first.
#[derive(Clone, Copy)]
enum Order {
    Key,
    Amount,
}

/// `sql` (sums for one range, `?2` to `?3`) over every range, added up by key.
fn sums(
    conn: &Connection,
    sql: &str,
    till_id: &str,
    ranges: &[Receipts],
    order: Order,
) -> Result<Vec<Sum>, StoreError> {
    let mut stmt = conn.prepare_cached(sql)?;
    let mut out: Vec<Sum> = Vec::new();
    for (first, last) in ranges {
        let rows = stmt.query_map(params![till_id, first, last], |r| {
            Ok(Sum {
                key: r.get(0)?,
                count: r.get(1)?,
                amount: r.get(2)?,
            })
        })?;
        for row in rows {
            let row = row?;
            match out.iter_mut().find(|s| s.key == row.key) {
                Some(s) => {
                    s.count += row.count;
                    s.amount += row.amount;
                }
                None => out.push(row),
            }
        }
    }
    match order {
        Order::Key => out.sort_by(|a, b| a.key.cmp(&b.key)),
        Order::Amount => out.sort_by(|a, b| b.amount.cmp(&a.amount).then(a.key.cmp(&b.key))),
    }
    Ok(out)
}

/// Sales by hour of the day (local time of the till): "07" … "18".
pub fn by_hour(conn: &Connection, till: &str, ranges: &[Receipts]) -> Result<Vec<Sum>, StoreError> {
    sums(
        conn,
        "SELECT substr(created_at, 12, 2), count(*), sum(gross) FROM orders
         WHERE till_id = ?1 AND receipt_no BETWEEN ?2 AND ?3 GROUP BY 1 ORDER BY 1",
        till,
        ranges,
        Order::Key,
    )
}

/// Quantity and takings by item id.
pub fn by_item(conn: &Connection, till: &str, ranges: &[Receipts]) -> Result<Vec<Sum>, StoreError> {
    sums(
        conn,
        "SELECT i.value ->> 0, sum(i.value ->> 1), sum(i.value ->> 2)
         FROM orders o, json_each(o.items) i
         WHERE o.till_id = ?1 AND o.receipt_no BETWEEN ?2 AND ?3 GROUP BY 1 ORDER BY 3 DESC",
        till,
        ranges,
        Order::Amount,
    )
}

/// The receipt numbers in the ranges that have a discount (their lines' list prices are not
/// what was paid).
pub fn discounted_receipts(
    conn: &Connection,
    till: &str,
    ranges: &[Receipts],
) -> Result<Vec<i64>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT receipt_no FROM orders
         WHERE till_id = ?1 AND receipt_no BETWEEN ?2 AND ?3 AND discounts > 0 ORDER BY 1",
    )?;
    let mut out = Vec::new();
    for (first, last) in ranges {
        let rows = stmt.query_map(params![till, first, last], |r| r.get(0))?;
        for row in rows {
            out.push(row?);
        }
    }
    Ok(out)
}

/// Sales and takings by the staff member who took them (nickname; "" before sign-in existed).
pub fn by_staff(
    conn: &Connection,
    till: &str,
    ranges: &[Receipts],
) -> Result<Vec<Sum>, StoreError> {
    sums(
        conn,
        "SELECT coalesce(s.nickname, ''), count(*), sum(o.gross) FROM orders o
         LEFT JOIN staff s ON s.id = o.staff_id
         WHERE o.till_id = ?1 AND o.receipt_no BETWEEN ?2 AND ?3 GROUP BY 1 ORDER BY 3 DESC",
        till,
        ranges,
        Order::Amount,
    )
}

/// Takings by tender: "cash LAK", "cash THB", "qr LAK"; amounts in the tender's currency.
pub fn by_tender(
    conn: &Connection,
    till: &str,
    ranges: &[Receipts],
) -> Result<Vec<Sum>, StoreError> {
    sums(
        conn,
        "SELECT (t.value ->> 0) || ' ' || (t.value ->> 1), count(*), sum(t.value ->> 2)
         FROM orders o, json_each(o.tendered) t
         WHERE o.till_id = ?1 AND o.receipt_no BETWEEN ?2 AND ?3 GROUP BY 1 ORDER BY 1",
        till,
        ranges,
        Order::Key,
    )
}
