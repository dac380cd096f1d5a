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

/// Everything the sales report adds up over its receipts, read in one pass over the sales'
/// rows (their sums columns, never their records).
#[derive(Debug, Default)]
pub struct Breakdowns {
    pub count: i64,
    pub gross: i64,
    pub vat: i64,
    pub change: i64,
    /// By hour of the day ("07" … "18", the till's time): sales and takings, by hour.
    pub by_hour: Vec<Sum>,
    /// By item id: quantity and line totals at list price, largest first.
    pub by_item: Vec<Sum>,
    /// By who took the sale (nickname; "" before sign-in existed): sales and takings,
    /// largest first.
    pub by_staff: Vec<Sum>,
    /// By tender ("cash LAK", "qr LAK"): tenders and amounts in the tender's currency.
    pub by_tender: Vec<Sum>,
    /// The receipts with a discount (their lines' list prices are not what was paid).
    pub discounted: Vec<i64>,
}

/// Adds `count` and `amount` to `key`'s row.
fn add(
    map: &mut std::collections::HashMap<String, (i64, i64)>,
    key: &str,
    count: i64,
    amount: i64,
) {
    let e = map.entry(key.to_owned()).or_default();
    e.0 += count;
    e.1 += amount;
}

fn sorted(map: std::collections::HashMap<String, (i64, i64)>, by_amount: bool) -> Vec<Sum> {
    let mut out: Vec<Sum> = map
        .into_iter()
        .map(|(key, (count, amount))| Sum { key, count, amount })
        .collect();
    if by_amount {
        out.sort_by(|a, b| b.amount.cmp(&a.amount).then(a.key.cmp(&b.key)));
    } else {
        out.sort_by(|a, b| a.key.cmp(&b.key));
    }
    out
}

/// The sales report's sums over `ranges` of receipts of `till`.
pub fn breakdowns(
    conn: &Connection,
    till: &str,
    ranges: &[Receipts],
) -> Result<Breakdowns, StoreError> {
    use std::collections::HashMap;
    let corrupt = |n: i64, e: serde_json::Error| {
        StoreError::Corrupt(format!("the sums of sale {n} cannot be read: {e}"))
    };
    let mut stmt = conn.prepare_cached(
        "SELECT receipt_no, substr(created_at, 12, 2), gross, vat, change_given, staff_id, items,
                tendered, discounts
         FROM orders WHERE till_id = ?1 AND receipt_no BETWEEN ?2 AND ?3",
    )?;
    let mut out = Breakdowns::default();
    let (mut hours, mut items, mut staff, mut tenders) = (
        HashMap::new(),
        HashMap::new(),
        HashMap::<String, (i64, i64)>::new(),
        HashMap::new(),
    );
    for (first, last) in ranges {
        let mut rows = stmt.query(params![till, first, last])?;
        while let Some(r) = rows.next()? {
            let n: i64 = r.get(0)?;
            let gross: i64 = r.get(2)?;
            out.count += 1;
            out.gross += gross;
            out.vat += r.get::<_, i64>(3)?;
            out.change += r.get::<_, i64>(4)?;
            add(&mut hours, r.get_ref(1)?.as_str().unwrap_or(""), 1, gross);
            let who: Option<String> = r.get(5)?;
            add(&mut staff, who.as_deref().unwrap_or(""), 1, gross);
            let sold: Vec<(String, i64, i64)> =
                serde_json::from_str(r.get_ref(6)?.as_str().unwrap_or(""))
                    .map_err(|e| corrupt(n, e))?;
            for (item, qty, total) in sold {
                add(&mut items, &item, qty, total);
            }
            let paid: Vec<(String, String, i64)> =
                serde_json::from_str(r.get_ref(7)?.as_str().unwrap_or(""))
                    .map_err(|e| corrupt(n, e))?;
            for (kind, currency, amount) in paid {
                add(&mut tenders, &format!("{kind} {currency}"), 1, amount);
            }
            if r.get::<_, i64>(8)? > 0 {
                out.discounted.push(n);
            }
        }
    }
    // Staff ids become nicknames once, after the pass.
    let mut by_nickname = HashMap::new();
    for (id, (count, amount)) in staff {
        let nickname: Option<String> = if id.is_empty() {
            None
        } else {
            conn.prepare_cached("SELECT nickname FROM staff WHERE id = ?1")?
                .query_row([&id], |r| r.get(0))
                .optional()?
        };
        add(
            &mut by_nickname,
            nickname.as_deref().unwrap_or(""),
            count,
            amount,
        );
    }
    out.by_hour = sorted(hours, false);
    out.by_item = sorted(items, true);
    out.by_staff = sorted(by_nickname, true);
    out.by_tender = sorted(tenders, false);
    Ok(out)
}
