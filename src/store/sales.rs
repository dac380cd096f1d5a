//! Sales: an order with its lines, modifiers and tenders, and the till's receipt counter.
//! A sale and its receipt number are written in one transaction, so a failed checkout leaves
//! neither a half sale nor a gap in the numbers.

use super::{Store, StoreError, journal};
use crate::domain::discount::{Applied, Discount, DiscountReason, DiscountValue};
use crate::domain::journal::{
    DiscountRecord, EventKind, LineRecord, SaleEvent, SaleRecord, TenderRecord, chain_hash,
};
use crate::domain::menu::{Name, Station};
use crate::domain::money::{Currency, Money, Quantity, VatRate};
use crate::domain::order::{LineModifier, OrderLine};
use crate::domain::sale::{OrderId, Sale, SaleDiscount, ServedBy, Tender, TenderKind};
use crate::domain::staff::StaffId;
use rusqlite::{Connection, OptionalExtension, Transaction, params};

/// Records a paid order, marked as wanting its receipt printed. Its receipt number is
/// allocated inside the same transaction and returned in the stored sale; `sale.receipt_no` on
/// input is ignored.
pub fn record_sale(store: &mut Store, sale: Sale) -> Result<Sale, StoreError> {
    record_sale_and(store, sale, |_| Ok(()))
}

/// [`record_sale`], with `and` written in the same transaction (a held ticket closed or kept
/// with what is left, so a paid ticket can never stay open).
pub fn record_sale_and(
    store: &mut Store,
    mut sale: Sale,
    and: impl FnOnce(&Transaction<'_>) -> Result<(), StoreError>,
) -> Result<Sale, StoreError> {
    let tx = store.write()?;
    insert_sale(&tx, &mut sale, true)?;
    and(&tx)?;
    tx.commit()?;
    Ok(sale)
}

/// Records many sales in one transaction, without printing them (demo history); numbers are
/// allocated in order.
pub fn record_sales(store: &mut Store, sales: Vec<Sale>) -> Result<usize, StoreError> {
    let tx = store.write()?;
    let n = sales.len();
    for mut sale in sales {
        insert_sale(&tx, &mut sale, false)?;
    }
    tx.commit()?;
    Ok(n)
}

/// Writes a sale inside `tx`. Its receipt number is the till's highest plus one, taken in the
/// same statement that writes the order, so the transaction that holds the write lock is the
/// one that uses the number; it is set on `s`.
pub fn insert_sale(
    tx: &Transaction<'_>,
    s: &mut Sale,
    wants_receipt: bool,
) -> Result<(), StoreError> {
    // The number is taken inside the transaction that holds the write lock, so no other
    // writer can take it; the sale is then hashed as the chain's next link and written whole.
    let (last_no, last_day, last_till): (i64, Option<String>, Option<String>) = tx
        .prepare_cached(
            "SELECT receipt_no, coalesce(business_day, substr(created_at, 1, 10)), till_id
             FROM orders ORDER BY receipt_no DESC LIMIT 1",
        )?
        .query_row([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?
        .unwrap_or((0, None, None));
    // A data directory is one till's: its receipt number is the row's key (migration 0020).
    if let Some(till) = last_till.filter(|t| *t != s.till_id) {
        return Err(StoreError::OtherTill {
            holds: till,
            asked: s.till_id.clone(),
        });
    }
    s.receipt_no = last_no + 1;
    // The sale's own date, carried forward to the day of the sale before it: days never go
    // back, so a span of days stays a range of receipt numbers. Only where a manager said the
    // clock is right although it reads before that day (it had run ahead) do days start again
    // from its date (read only then: a sale on the usual path reads nothing more).
    let today = s.created_at.date_naive();
    let carried = last_day
        .and_then(|d| d.parse::<chrono::NaiveDate>().ok())
        .filter(|last| *last > today);
    s.business_day = Some(match carried {
        Some(last) if !restarts_at(tx, &s.till_id, s.receipt_no)? => last,
        _ => today,
    });
    let at = s.created_at.to_rfc3339();
    let (seq, prev) = journal::next_link(tx, &s.till_id)?;
    // The link covers the whole sale, whose record is the row's `record`, byte for byte.
    let record = record_of(s)?;
    let body = record.body();
    let sums = Sums::of(&record);
    let hash = chain_hash(&prev, seq, &at, EventKind::Sale.code(), &body);
    tx.prepare_cached(
        "INSERT INTO orders (id, till_id, receipt_no, created_at, currency, gross, vat, net, vat_rate,
                             change_given, cash_rounding, wants_receipt, staff_id, journal_seq,
                             prev_hash, hash, link_version, business_day, record, items, tendered,
                             discounts)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, 2, ?17, ?18,
                 ?19, ?20, ?21)",
    )?
    .execute(params![
        s.id.as_str(),
        s.till_id,
        s.receipt_no,
        at,
        s.currency.code(),
        s.gross.minor(),
        s.vat.minor(),
        s.net.minor(),
        s.vat_rate.percent().to_string(),
        s.change_given.minor(),
        s.cash_rounding.minor(),
        wants_receipt,
        s.served_by.as_ref().map(|b| b.id.as_str()),
        seq,
        prev,
        hash,
        s.business_day.map(|d| d.to_string()),
        body,
        sums.items,
        sums.tendered,
        sums.discounts,
    ])?;
    Ok(())
}

/// What reports add up across many sales, kept beside the record in the sale's row so a
/// month's report does not parse every record: lines as `[item, qty, line total]`, tenders as
/// `[kind, currency, amount]`, and how many discounts.
#[derive(Debug, PartialEq)]
struct Sums {
    items: String,
    tendered: String,
    discounts: i64,
}

impl Sums {
    fn of(r: &SaleRecord) -> Sums {
        let items: Vec<_> = r
            .lines
            .iter()
            .map(|l| serde_json::json!([l.item, l.qty, l.line_total]))
            .collect();
        let tendered: Vec<_> = r
            .tenders
            .iter()
            .map(|t| serde_json::json!([t.kind, t.currency, t.amount]))
            .collect();
        Sums {
            items: serde_json::Value::from(items).to_string(),
            tendered: serde_json::Value::from(tendered).to_string(),
            discounts: r.discounts.len() as i64,
        }
    }

    /// Whether stored sums say what `r` does (compared as JSON values, not as text).
    fn agree_with(&self, r: &SaleRecord) -> bool {
        let want = Sums::of(r);
        let value = |s: &str| serde_json::from_str::<serde_json::Value>(s).ok();
        value(&self.items).is_some()
            && value(&self.items) == value(&want.items)
            && value(&self.tendered) == value(&want.tendered)
            && self.discounts == want.discounts
    }
}

/// The columns [`record_in_row`] reads, from `o` (an `orders` alias), in its order.
const RECORD_COLUMNS: &str = "o.till_id, o.receipt_no, o.id, o.currency, o.vat_rate, o.gross, \
     o.vat, o.net, o.change_given, o.cash_rounding, o.staff_id, o.business_day, o.record";

/// A sale's record as its row holds it now, read from [`RECORD_COLUMNS`] starting at column
/// `at`: what the row's columns say (amounts, who, day) with the lines, tenders and discounts
/// of its `record`. A changed column or a changed line both change this record, so its link's
/// hash no longer matches.
struct InRow {
    record: SaleRecord,
    /// Why the stored record does not read (then the record has no lines).
    unreadable: Option<String>,
    /// Whether the stored record is, byte for byte, this record (its copy of the columns too).
    as_stored: bool,
}

fn record_in_row(r: &rusqlite::Row<'_>, at: usize) -> rusqlite::Result<InRow> {
    let stored = r.get_ref(at + 12)?.as_str().ok();
    let parsed = match stored {
        Some(text) => serde_json::from_str::<SaleRecord>(text).map_err(|e| e.to_string()),
        None => Err("it is not text".to_owned()),
    };
    let (lines, tenders, discounts, pace, unreadable) = match parsed {
        Ok(s) => (s.lines, s.tenders, s.discounts, s.pace, None),
        Err(e) => (Vec::new(), Vec::new(), Vec::new(), None, Some(e)),
    };
    let record = SaleRecord {
        till: r.get(at)?,
        receipt_no: r.get(at + 1)?,
        id: r.get(at + 2)?,
        currency: r.get(at + 3)?,
        vat_rate: r.get(at + 4)?,
        gross: r.get(at + 5)?,
        vat: r.get(at + 6)?,
        net: r.get(at + 7)?,
        change: r.get(at + 8)?,
        rounding: r.get(at + 9)?,
        staff: r.get(at + 10)?,
        business_day: r.get(at + 11)?,
        lines,
        tenders,
        discounts,
        pace,
    };
    let as_stored = unreadable.is_none() && stored == Some(record.body().as_str());
    Ok(InRow {
        record,
        unreadable,
        as_stored,
    })
}

impl InRow {
    /// The record, or an error naming the sale when it does not read.
    fn readable(self) -> Result<SaleRecord, StoreError> {
        match self.unreadable {
            Some(e) => Err(corrupt(format!(
                "the record of sale {} cannot be read: {e}",
                self.record.label()
            ))),
            None => Ok(self.record),
        }
    }
}

/// The summary a sale's link covered before 0012, from its whole record.
fn event_of(r: &SaleRecord) -> SaleEvent {
    SaleEvent {
        till: r.till.clone(),
        receipt_no: r.receipt_no,
        id: r.id.clone(),
        currency: r.currency.clone(),
        gross: r.gross,
        vat: r.vat,
        change: r.change,
        lines: r.lines.len() as i64,
        lines_total: r.lines.iter().map(|l| l.line_total).sum(),
        tenders: r
            .tenders
            .iter()
            .map(|t| crate::domain::journal::TenderEvent {
                kind: t.kind.clone(),
                currency: t.currency.clone(),
                amount: t.amount,
                value: t.value,
                rate: t.rate,
            })
            .collect(),
        staff: r.staff.clone(),
        discount: r.discounts.iter().map(|d| d.amount).sum(),
    }
}

/// Every stored sale as its journal record would describe it, in time order, read in one
/// pass (for `mekong verify` and for journalling sales made before the journal).
pub fn sale_events(conn: &Connection, mut each: impl FnMut(StoredSale)) -> Result<(), StoreError> {
    let mut stmt = conn.prepare(&format!(
        "SELECT o.created_at, o.journal_seq, o.prev_hash, o.hash, o.link_version, o.items,
                o.tendered, o.discounts, {RECORD_COLUMNS}
         FROM orders o ORDER BY o.created_at, o.till_id, o.receipt_no"
    ))?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let InRow {
            record,
            unreadable,
            as_stored,
        } = record_in_row(r, 8)?;
        let link = match (r.get(1)?, r.get(2)?, r.get(3)?) {
            (Some(seq), Some(prev), Some(hash)) => Some(Link { seq, prev, hash }),
            _ => None,
        };
        // Read as they are: a value of the wrong type is named, it does not stop the check.
        let text = |i| {
            r.get_ref(i)
                .ok()
                .and_then(|v| v.as_str().ok())
                .unwrap_or("")
        };
        let sums = Sums {
            items: text(5).to_owned(),
            tendered: text(6).to_owned(),
            discounts: r.get_ref(7)?.as_i64().unwrap_or(-1),
        };
        let mut problems = Vec::new();
        if let Some(e) = unreadable {
            problems.push(format!("its record cannot be read ({e})"));
        } else {
            if !as_stored {
                problems.push(
                    "its stored record is not the sale its columns and lines make (a copy in it was changed)"
                        .to_owned(),
                );
            }
            if !sums.agree_with(&record) {
                problems.push(
                    "its sums for reports (items, tenders, discounts) are not those of its lines"
                        .to_owned(),
                );
            }
        }
        each(StoredSale {
            at: r.get(0)?,
            event: event_of(&record),
            record,
            link,
            version: r.get(4)?,
            problems,
        });
    }
    Ok(())
}

/// The highest receipt number of the till that a Z report closed over or the printer queued:
/// sales up to it were made, so they must all still be there.
pub fn highest_receipt_seen(conn: &Connection, till_id: &str) -> Result<i64, StoreError> {
    Ok(conn.query_row(
        "SELECT max(coalesce((SELECT max(last_receipt_no) FROM till_sessions WHERE till_id = ?1), 0),
                    coalesce((SELECT queued_up_to FROM print_marks WHERE till_id = ?1), 0))",
        [till_id],
        |r| r.get(0),
    )?)
}

/// The record a sale's link covers, from the values its row is written with. Must say
/// exactly what [`record_in_row`] reads back from an untouched sale.
fn record_of(s: &Sale) -> Result<SaleRecord, StoreError> {
    let lines = s
        .lines
        .iter()
        .map(|l| {
            let modifiers: Vec<StoredModifier> =
                l.modifiers.iter().map(StoredModifier::from).collect();
            Ok(LineRecord {
                item: l.item.as_str().to_owned(),
                variant: l.variant.as_str().to_owned(),
                item_en: l.item_name.en.clone(),
                item_lo: l.item_name.lo.clone(),
                variant_en: l.variant_name.en.clone(),
                variant_lo: l.variant_name.lo.clone(),
                qty: i64::from(l.qty.get()),
                unit_price: l.unit_price.minor(),
                line_total: l.total().map_err(corrupt)?.minor(),
                note: l.note.clone(),
                modifiers: serde_json::to_string(&modifiers).map_err(corrupt)?,
                station: l.station.map(|st| st.code().to_owned()),
            })
        })
        .collect::<Result<Vec<_>, StoreError>>()?;
    Ok(SaleRecord {
        till: s.till_id.clone(),
        receipt_no: s.receipt_no,
        id: s.id.as_str().to_owned(),
        currency: s.currency.code().to_owned(),
        vat_rate: s.vat_rate.percent().to_string(),
        gross: s.gross.minor(),
        vat: s.vat.minor(),
        net: s.net.minor(),
        change: s.change_given.minor(),
        rounding: s.cash_rounding.minor(),
        staff: s.served_by.as_ref().map(|b| b.id.as_str().to_owned()),
        business_day: s.business_day.map(|d| d.to_string()),
        lines,
        tenders: s
            .tenders
            .iter()
            .map(|t| TenderRecord {
                kind: t.kind.code().to_owned(),
                currency: t.amount.currency().code().to_owned(),
                amount: t.amount.minor(),
                value: t.rate.map(|_| t.value.minor()),
                rate: t.rate,
            })
            .collect(),
        discounts: s
            .discounts
            .iter()
            .map(|d| {
                let (kind, value) = match d.applied.discount.value {
                    DiscountValue::Percent(p) => ("percent", i64::from(p)),
                    DiscountValue::Amount(a) => ("amount", a.minor()),
                };
                DiscountRecord {
                    line_no: d.applied.discount.line.map(|l| l as i64 + 1),
                    kind: kind.to_owned(),
                    value,
                    amount: d.applied.amount.minor(),
                    reason: d.applied.discount.reason.code().to_owned(),
                    staff: d.staff.as_ref().map(|x| x.as_str().to_owned()),
                    approved_by: d.approved_by.as_ref().map(|x| x.as_str().to_owned()),
                }
            })
            .collect(),
        pace: s.pace,
    })
}

/// The record of a sale as its row holds it now (see [`record_in_row`]).
#[cfg(test)]
pub fn record_of_rows(
    conn: &Connection,
    till_id: &str,
    receipt_no: i64,
) -> Result<SaleRecord, StoreError> {
    conn.prepare_cached(&format!(
        "SELECT {RECORD_COLUMNS} FROM orders o WHERE o.till_id = ?1 AND o.receipt_no = ?2"
    ))?
    .query_row(params![till_id, receipt_no], |r| record_in_row(r, 0))?
    .readable()
}

/// A sale as its rows describe it, and its link of the journal's chain (sales made before
/// 0011 have theirs in the journal table instead).
pub struct StoredSale {
    pub at: String,
    /// The summary a link covered before 0012.
    pub event: SaleEvent,
    /// The whole sale, as a link covers it since 0012.
    pub record: SaleRecord,
    pub link: Option<Link>,
    /// 1: the link covers `event` (before 0012); 2: it covers `record`.
    pub version: i64,
    /// What is wrong with the row beyond its link: a record that does not read, sums for
    /// reports that are not its lines'.
    pub problems: Vec<String>,
}

pub struct Link {
    pub seq: i64,
    pub prev: String,
    pub hash: String,
}

impl StoredSale {
    /// The journal record this sale is, when it is chained in its own row.
    pub fn record(&self) -> Option<crate::domain::journal::Record> {
        let link = self.link.as_ref()?;
        Some(crate::domain::journal::Record {
            seq: link.seq,
            at: self.at.clone(),
            kind: EventKind::Sale.code().to_owned(),
            body: if self.version >= 2 {
                self.record.body()
            } else {
                serde_json::to_string(&self.event).ok()?
            },
            prev_hash: link.prev.clone(),
            hash: link.hash.clone(),
        })
    }
}

/// Gives every sale made before the journal existed its record (kind `sale_backfilled`), in the
/// order they were made: when the journal is empty and there are sales, which only an upgrade
/// from before the journal leaves. Run with an upgrade's last step; a journal with records
/// is one read.
pub(super) fn backfill_journal(tx: &Transaction<'_>) -> Result<(), StoreError> {
    let journal_empty: bool =
        tx.query_row("SELECT NOT EXISTS (SELECT 1 FROM journal)", [], |r| {
            r.get(0)
        })?;
    if !journal_empty
        || !tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM orders WHERE journal_seq IS NULL)",
            [],
            |r| r.get::<_, bool>(0),
        )?
    {
        return Ok(());
    }
    let mut events = Vec::new();
    sale_events(tx, |s| {
        if s.link.is_none() {
            events.push((s.at, s.event));
        }
    })?;
    for (at, e) in events {
        journal::append(tx, &e.till, &at, EventKind::SaleBackfilled, &e)?;
    }
    Ok(())
}

/// Whether sales linked by their summary (before 0012) are still waiting for their re-link
/// record: an upgrade from before 0012 that stopped at a later step leaves them so.
pub(super) fn relink_owed(tx: &Transaction<'_>) -> Result<bool, StoreError> {
    Ok(tx.query_row(
        "SELECT EXISTS (SELECT 1 FROM orders WHERE link_version < 2)
                AND NOT EXISTS (SELECT 1 FROM journal WHERE kind = 'relinked')",
        [],
        |r| r.get(0),
    )?)
}

/// Fingerprints every sale linked by its summary (before 0012) as its rows hold it now, in one
/// `relinked` journal record, so changing one of them later is caught and named like a sale
/// linked whole. The old chain is untouched and still checks.
pub(super) fn relink(tx: &Transaction<'_>) -> Result<(), StoreError> {
    let mut fingerprints = Vec::new();
    let mut last_at = String::new();
    let mut till = String::new();
    sale_events(tx, |s| {
        if s.version < 2 {
            fingerprints.push(serde_json::json!([
                s.record.till,
                s.record.receipt_no,
                s.record.fingerprint()
            ]));
            last_at = last_at.clone().max(s.at.clone());
            till = s.record.till.clone();
        }
    })?;
    // Staff added before their additions were journalled: who they are and their role.
    let staff: Vec<serde_json::Value> = super::staff::roles(tx)?
        .into_iter()
        .map(|(id, role)| serde_json::json!([id, role]))
        .collect();
    if fingerprints.is_empty() && staff.is_empty() {
        return Ok(());
    }
    journal::append(
        tx,
        &till,
        &last_at,
        EventKind::Relinked,
        &serde_json::json!({ "sales": fingerprints, "staff": staff }),
    )?;
    Ok(())
}

/// Migration 0020: copies every sale of the tables before it (an order row with its lines,
/// tenders and discounts) into its one row, with its record as those rows held it (what
/// `mekong verify` rebuilt and hashed until then, so every link still checks) and the sums.
pub(super) fn fill_sale_rows(tx: &Transaction<'_>) -> Result<(), StoreError> {
    let tills: Vec<String> = tx
        .prepare("SELECT DISTINCT till_id FROM orders ORDER BY 1")?
        .query_map([], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    if tills.len() > 1 {
        return Err(StoreError::TwoTills(tills.join(", ")));
    }
    let keys: Vec<(String, i64)> = tx
        .prepare("SELECT till_id, receipt_no FROM orders ORDER BY created_at, till_id, receipt_no")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    let mut insert = tx.prepare(
        "INSERT INTO orders_0020 (till_id, receipt_no, id, created_at, business_day, currency, gross,
                                  vat, net, vat_rate, change_given, cash_rounding, wants_receipt,
                                  staff_id, journal_seq, prev_hash, hash, link_version, record,
                                  items, tendered, discounts)
         SELECT till_id, receipt_no, id, created_at, business_day, currency, gross, vat, net,
                vat_rate, change_given, cash_rounding, wants_receipt, staff_id, journal_seq,
                prev_hash, hash, link_version, ?3, ?4, ?5, ?6
         FROM orders WHERE till_id = ?1 AND receipt_no = ?2",
    )?;
    for (till, no) in keys {
        let record = record_of_old_rows(tx, &till, no)?;
        let sums = Sums::of(&record);
        insert.execute(params![
            till,
            no,
            record.body(),
            sums.items,
            sums.tendered,
            sums.discounts
        ])?;
    }
    Ok(())
}

/// A sale's record from the tables before 0020, column by column.
fn record_of_old_rows(
    conn: &Connection,
    till_id: &str,
    receipt_no: i64,
) -> Result<SaleRecord, StoreError> {
    let mut record = conn.query_row(
        "SELECT id, currency, vat_rate, gross, vat, net, change_given, cash_rounding, staff_id,
                business_day
         FROM orders WHERE till_id = ?1 AND receipt_no = ?2",
        params![till_id, receipt_no],
        |r| {
            Ok(SaleRecord {
                till: till_id.to_owned(),
                receipt_no,
                id: r.get(0)?,
                currency: r.get(1)?,
                vat_rate: r.get(2)?,
                gross: r.get(3)?,
                vat: r.get(4)?,
                net: r.get(5)?,
                change: r.get(6)?,
                rounding: r.get(7)?,
                staff: r.get(8)?,
                business_day: r.get(9)?,
                lines: Vec::new(),
                tenders: Vec::new(),
                discounts: Vec::new(),
                pace: None,
            })
        },
    )?;
    record.lines = conn
        .prepare_cached(
            "SELECT item_id, variant_id, item_en, item_lo, variant_en, variant_lo, qty, unit_price,
                    line_total, note, modifiers, station
             FROM order_lines WHERE till_id = ?1 AND receipt_no = ?2 ORDER BY line_no",
        )?
        .query_map(params![till_id, receipt_no], |r| {
            Ok(LineRecord {
                item: r.get(0)?,
                variant: r.get(1)?,
                item_en: r.get(2)?,
                item_lo: r.get(3)?,
                variant_en: r.get(4)?,
                variant_lo: r.get(5)?,
                qty: r.get(6)?,
                unit_price: r.get(7)?,
                line_total: r.get(8)?,
                note: r.get(9)?,
                modifiers: r.get(10)?,
                station: r.get(11)?,
            })
        })?
        .collect::<Result<_, _>>()?;
    record.tenders = conn
        .prepare_cached(
            "SELECT kind, currency, amount, value, rate FROM tenders
             WHERE till_id = ?1 AND receipt_no = ?2 ORDER BY position",
        )?
        .query_map(params![till_id, receipt_no], |r| {
            Ok(TenderRecord {
                kind: r.get(0)?,
                currency: r.get(1)?,
                amount: r.get(2)?,
                value: r.get(3)?,
                rate: r.get(4)?,
            })
        })?
        .collect::<Result<_, _>>()?;
    record.discounts = conn
        .prepare_cached(
            "SELECT line_no, kind, value, amount, reason, staff_id, approved_by FROM discounts
             WHERE till_id = ?1 AND receipt_no = ?2 ORDER BY position",
        )?
        .query_map(params![till_id, receipt_no], |r| {
            Ok(DiscountRecord {
                line_no: r.get(0)?,
                kind: r.get(1)?,
                value: r.get(2)?,
                amount: r.get(3)?,
                reason: r.get(4)?,
                staff: r.get(5)?,
                approved_by: r.get(6)?,
            })
        })?
        .collect::<Result<_, _>>()?;
    Ok(record)
}

/// A modifier as stored in its line's `modifiers` JSON; the delta is in the order's currency.
#[derive(serde::Serialize, serde::Deserialize)]
struct StoredModifier {
    group: String,
    option: String,
    en: String,
    lo: String,
    delta: i64,
}

impl From<&LineModifier> for StoredModifier {
    fn from(m: &LineModifier) -> Self {
        StoredModifier {
            group: m.group.0.clone(),
            option: m.option.0.clone(),
            en: m.name.en.clone(),
            lo: m.name.lo.clone(),
            delta: m.delta.minor(),
        }
    }
}

fn corrupt(what: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(what.to_string())
}

/// Finds a sale by its UUID, its receipt label (`VTE1-000042`) or its receipt number (`42`).
/// The UUID has no index: it is found by reading the sales (only `mekong receipt --order`
/// asks for it).
pub fn find_sale(conn: &Connection, key: &str) -> Result<Option<Sale>, StoreError> {
    let key = key.trim();
    let by_id = |key: &str| -> Result<Option<Sale>, StoreError> {
        let found: Option<(String, i64)> = conn
            .query_row(
                "SELECT till_id, receipt_no FROM orders WHERE id = ?1",
                [key],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        match found {
            Some((till, n)) => sale_by_number(conn, &till, n),
            None => Ok(None),
        }
    };
    if let Ok(n) = key.parse::<i64>() {
        let till: Option<String> = conn
            .query_row(
                "SELECT till_id FROM orders WHERE receipt_no = ?1 ORDER BY created_at DESC LIMIT 1",
                [n],
                |r| r.get(0),
            )
            .optional()?;
        return match till {
            Some(till) => sale_by_number(conn, &till, n),
            None => Ok(None),
        };
    }
    if let Some((till, n)) = key
        .rsplit_once('-')
        .and_then(|(t, n)| Some((t, n.parse::<i64>().ok()?)))
        && let Some(sale) = sale_by_number(conn, till, n)?
    {
        return Ok(Some(sale));
    }
    by_id(key)
}

/// The till's sale with this receipt number, read from its row.
pub fn sale_by_number(
    conn: &Connection,
    till_id: &str,
    receipt_no: i64,
) -> Result<Option<Sale>, StoreError> {
    let row = conn
        .prepare_cached(&format!(
            "SELECT o.created_at, s.id, s.nickname, {RECORD_COLUMNS}
             FROM orders o LEFT JOIN staff s ON s.id = o.staff_id
             WHERE o.till_id = ?1 AND o.receipt_no = ?2"
        ))?
        .query_row(params![till_id, receipt_no], |r| {
            let served_by = match (r.get::<_, Option<String>>(1)?, r.get(2)?) {
                (Some(id), Some(nickname)) => Some(ServedBy {
                    id: StaffId(id),
                    nickname,
                }),
                _ => None,
            };
            Ok((r.get::<_, String>(0)?, served_by, record_in_row(r, 3)?))
        })
        .optional()?;
    let Some((created_at, served_by, in_row)) = row else {
        return Ok(None);
    };
    let record = in_row.readable()?;
    let label = record.label();
    sale_of(record, &created_at, served_by)
        .map(Some)
        .map_err(|e| corrupt(format!("sale {label} cannot be read: {e}")))
}

/// The sale a record describes, made at `created_at` by `served_by`.
fn sale_of(
    r: SaleRecord,
    created_at: &str,
    served_by: Option<ServedBy>,
) -> Result<Sale, StoreError> {
    let currency: Currency = r.currency.parse().map_err(corrupt)?;
    let money = |m| Money::new(currency, m);
    let lines = r
        .lines
        .into_iter()
        .map(|l| {
            let stored: Vec<StoredModifier> =
                serde_json::from_str(&l.modifiers).map_err(corrupt)?;
            Ok(OrderLine {
                item: l.item.as_str().into(),
                variant: l.variant.as_str().into(),
                item_name: Name {
                    en: l.item_en,
                    lo: l.item_lo,
                },
                variant_name: Name {
                    en: l.variant_en,
                    lo: l.variant_lo,
                },
                modifiers: stored
                    .into_iter()
                    .map(|m| LineModifier {
                        group: m.group.as_str().into(),
                        option: m.option.as_str().into(),
                        name: Name { en: m.en, lo: m.lo },
                        delta: money(m.delta),
                    })
                    .collect(),
                qty: Quantity::new(l.qty).map_err(corrupt)?,
                note: l.note,
                unit_price: money(l.unit_price),
                station: l.station.as_deref().and_then(Station::from_code),
            })
        })
        .collect::<Result<Vec<_>, StoreError>>()?;
    let tenders = r
        .tenders
        .into_iter()
        .map(|t| {
            let kind = TenderKind::from_code(&t.kind)
                .ok_or_else(|| corrupt(format!("unknown tender kind {}", t.kind)))?;
            let cur: Currency = t.currency.parse().map_err(corrupt)?;
            Ok(Tender {
                kind,
                amount: Money::new(cur, t.amount),
                value: money(t.value.unwrap_or(t.amount)),
                rate: t.rate,
            })
        })
        .collect::<Result<Vec<_>, StoreError>>()?;
    let discounts = r
        .discounts
        .into_iter()
        .map(|d| {
            let value = match d.kind.as_str() {
                "percent" => DiscountValue::Percent(u8::try_from(d.value).map_err(corrupt)?),
                _ => DiscountValue::Amount(money(d.value)),
            };
            Ok(SaleDiscount {
                applied: Applied {
                    discount: Discount {
                        line: d
                            .line_no
                            .map(|l| {
                                l.checked_sub(1)
                                    .and_then(|l| usize::try_from(l).ok())
                                    .ok_or_else(|| corrupt(format!("a discount on line {l}")))
                            })
                            .transpose()?,
                        value,
                        reason: DiscountReason::from_code(&d.reason).ok_or_else(|| {
                            corrupt(format!("unknown discount reason {}", d.reason))
                        })?,
                    },
                    amount: money(d.amount),
                },
                staff: d.staff.map(StaffId),
                approved_by: d.approved_by.map(StaffId),
            })
        })
        .collect::<Result<Vec<_>, StoreError>>()?;
    Ok(Sale {
        id: OrderId(r.id),
        till_id: r.till,
        receipt_no: r.receipt_no,
        created_at: chrono::DateTime::parse_from_rfc3339(created_at).map_err(corrupt)?,
        currency,
        lines,
        gross: money(r.gross),
        vat: money(r.vat),
        net: money(r.net),
        vat_rate: VatRate::new(r.vat_rate.parse().map_err(corrupt)?).map_err(corrupt)?,
        tenders,
        change_given: money(r.change),
        cash_rounding: money(r.rounding),
        served_by,
        training: false,
        discounts,
        business_day: r.business_day.and_then(|d| d.parse().ok()),
        pace: r.pace,
    })
}

/// One of the till's latest sales as the sales list shows it.
pub struct RecentRow {
    pub receipt_no: i64,
    pub at: String,
    /// Gross in minor units of `currency`.
    pub gross: i64,
    pub currency: String,
    /// What its returns gave back (gross), and whether one was a void.
    pub returned: i64,
    pub voided: bool,
}

/// The till's latest sales, newest first, with what their returns gave back, in one read.
pub fn recent_sales(
    conn: &Connection,
    till_id: &str,
    limit: usize,
) -> Result<Vec<RecentRow>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT o.receipt_no, o.created_at, o.gross, o.currency,
                (SELECT coalesce(sum(r.gross), 0) FROM returns r
                 WHERE r.till_id = o.till_id AND r.receipt_no = o.receipt_no),
                EXISTS (SELECT 1 FROM returns r WHERE r.till_id = o.till_id
                        AND r.receipt_no = o.receipt_no AND r.kind = 'void')
         FROM orders o WHERE o.till_id = ?1 ORDER BY o.receipt_no DESC LIMIT ?2",
    )?;
    let rows = stmt.query_map(params![till_id, limit as i64], |r| {
        Ok(RecentRow {
            receipt_no: r.get(0)?,
            at: r.get(1)?,
            gross: r.get(2)?,
            currency: r.get(3)?,
            returned: r.get(4)?,
            voided: r.get(5)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The time of the till's last sale, if any.
pub fn last_sale_at(
    conn: &Connection,
    till_id: &str,
) -> Result<Option<chrono::DateTime<chrono::FixedOffset>>, StoreError> {
    let at: Option<String> = conn
        .prepare_cached(
            "SELECT created_at FROM orders WHERE till_id = ?1 ORDER BY receipt_no DESC LIMIT 1",
        )?
        .query_row([till_id], |r| r.get(0))
        .optional()?;
    at.map(|t| chrono::DateTime::parse_from_rfc3339(&t).map_err(corrupt))
        .transpose()
}

/// Whether business days start again at `receipt_no` (see migration 0017).
pub fn restarts_at(conn: &Connection, till_id: &str, receipt_no: i64) -> Result<bool, StoreError> {
    Ok(conn
        .prepare_cached(
            "SELECT 1 FROM business_day_restarts WHERE till_id = ?1 AND from_receipt = ?2",
        )?
        .query_row(params![till_id, receipt_no], |_| Ok(()))
        .optional()?
        .is_some())
}

/// The receipts from which business days start again, in order.
pub fn day_restarts(conn: &Connection, till_id: &str) -> Result<Vec<i64>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT from_receipt FROM business_day_restarts WHERE till_id = ?1 ORDER BY 1",
    )?;
    let rows = stmt.query_map([till_id], |r| r.get(0))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Every restart of business days with the journal record that made it: (till, from
/// receipt, journal sequence), for `mekong verify`.
pub fn day_restart_records(conn: &Connection) -> Result<Vec<(String, i64, i64)>, StoreError> {
    let mut stmt = conn.prepare(
        "SELECT till_id, from_receipt, journal_seq FROM business_day_restarts ORDER BY 1, 2",
    )?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Every sale's receipt number and business day (its date before 0012 gave sales one), in
/// order, per till: (till, receipt, day), for `mekong verify`.
pub fn business_days(conn: &Connection) -> Result<Vec<(String, i64, String)>, StoreError> {
    let mut stmt = conn.prepare(
        "SELECT till_id, receipt_no, coalesce(business_day, substr(created_at, 1, 10))
         FROM orders ORDER BY till_id, receipt_no",
    )?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Business days start again from the clock's date at receipt `from`, the till's next: a
/// manager confirmed a clock that reads before the last sale's day. Written in `tx` with the
/// journal record `journal_seq` that says so. Confirmed again before that receipt is made, it
/// stays one restart.
pub fn restart_days(
    tx: &Transaction<'_>,
    till_id: &str,
    from: i64,
    journal_seq: i64,
) -> Result<(), StoreError> {
    tx.prepare_cached(
        "INSERT INTO business_day_restarts (till_id, from_receipt, journal_seq)
         SELECT ?1, ?2, ?3 WHERE NOT EXISTS
             (SELECT 1 FROM business_day_restarts WHERE till_id = ?1 AND from_receipt = ?2)",
    )?
    .execute(params![till_id, from, journal_seq])?;
    Ok(())
}

/// The till whose sales the data directory holds (none before its first sale).
pub fn till_of(conn: &Connection) -> Result<Option<String>, StoreError> {
    Ok(conn
        .prepare_cached("SELECT till_id FROM orders ORDER BY receipt_no DESC LIMIT 1")?
        .query_row([], |r| r.get(0))
        .optional()?)
}

/// The till's highest receipt number (0 before its first sale).
pub fn last_receipt_no(conn: &Connection, till_id: &str) -> Result<i64, StoreError> {
    Ok(conn
        .prepare_cached("SELECT coalesce(max(receipt_no), 0) FROM orders WHERE till_id = ?1")?
        .query_row([till_id], |r| r.get(0))?)
}

/// The business day of the till's last sale (its date before 0012 gave sales one).
pub fn last_business_day(
    conn: &Connection,
    till_id: &str,
) -> Result<Option<chrono::NaiveDate>, StoreError> {
    let day: Option<String> = conn
        .prepare_cached(
            "SELECT coalesce(business_day, substr(created_at, 1, 10)) FROM orders
             WHERE till_id = ?1 ORDER BY receipt_no DESC LIMIT 1",
        )?
        .query_row([till_id], |r| r.get(0))
        .optional()?;
    day.map(|d| d.parse().map_err(corrupt)).transpose()
}

/// Number of sales recorded and the sum of their gross, for checks and the status line.
pub fn sales_count(conn: &Connection) -> Result<i64, StoreError> {
    Ok(conn.query_row("SELECT count(*) FROM orders", [], |r| r.get(0))?)
}

pub fn receipt_numbers(conn: &Connection, till_id: &str) -> Result<Vec<i64>, StoreError> {
    let mut stmt =
        conn.prepare("SELECT receipt_no FROM orders WHERE till_id = ?1 ORDER BY receipt_no")?;
    let rows = stmt.query_map([till_id], |r| r.get(0))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::menu::Menu;
    use crate::domain::order::{Selection, build_line};

    fn sale(menu: &Menu) -> Sale {
        let mut sel = Selection::defaults(menu, &"latte".into()).unwrap();
        sel.tap(menu, &"syrup".into(), &"caramel".into());
        let mut line = build_line(menu, &"latte".into(), &sel, Quantity::new(2).unwrap()).unwrap();
        line.note = "ຫວານໜ້ອຍ".into();
        let gross = line.total().unwrap();
        Sale {
            id: OrderId("0190b0a0-0000-7000-8000-000000000001".into()),
            till_id: "VTE1".into(),
            receipt_no: 0,
            created_at: chrono::DateTime::parse_from_rfc3339("2026-11-28T10:30:00+07:00").unwrap(),
            currency: Currency::Lak,
            lines: vec![line],
            gross,
            vat: Money::lak(6_000),
            net: Money::lak(gross.minor() - 6_000),
            vat_rate: VatRate::new(rust_decimal::Decimal::from(10)).unwrap(),
            tenders: vec![Tender::same_currency(TenderKind::Cash, Money::lak(100_000))],
            change_given: Money::lak(100_000 - gross.minor()),
            cash_rounding: Money::lak(0),
            served_by: None,
            training: false,
            discounts: Vec::new(),
            business_day: None,
            pace: Some(crate::domain::sale::Pace {
                ms: 41_250,
                corrections: 1,
            }),
        }
    }

    #[test]
    fn a_sale_reads_back_exactly_as_it_was_written() {
        let menu = Menu::parse("menu", include_str!("../../assets/menu.toml")).unwrap();
        let mut store = Store::open_in_memory().unwrap();
        let written = record_sale(&mut store, sale(&menu)).unwrap();
        assert_eq!(written.receipt_no, 1);
        let read = find_sale(store.conn(), "VTE1-000001").unwrap().unwrap();
        assert_eq!(read, written);
        assert_eq!(
            find_sale(store.conn(), &written.id.0).unwrap().unwrap(),
            written
        );
        assert!(find_sale(store.conn(), "VTE1-000002").unwrap().is_none());
    }

    #[test]
    fn a_data_directory_keeps_one_till_s_sales() {
        let menu = Menu::parse("menu", include_str!("../../assets/menu.toml")).unwrap();
        let mut store = Store::open_in_memory().unwrap();
        let mut other = sale(&menu);
        other.till_id = "VTE2".into();
        other.id = OrderId("0190b0a0-0000-7000-8000-000000000002".into());
        let a = record_sale(&mut store, sale(&menu)).unwrap();
        assert_eq!(a.receipt_no, 1);
        let err = record_sale(&mut store, other).unwrap_err().to_string();
        assert!(err.contains("holds the sales of till VTE1"), "{err}");
        assert_eq!(receipt_numbers(store.conn(), "VTE1").unwrap(), vec![1]);
    }
}
