//! `mekong verify`: SQLite's integrity check, the journal's hash chain, and every sale against
//! its journal record.

use super::{AppError, DB_FILE, data_dir_error};
use crate::domain::journal::{ChainBreak, ChainCheck, EventKind, SaleEvent};
use crate::domain::sale::receipt_label;
use crate::store::{Store, journal, sales};
use std::collections::HashMap;
use std::path::Path;

/// What `verify` found. `problems` is empty when all is well; the first names the first
/// broken record.
#[derive(Debug, Default)]
pub struct VerifyReport {
    pub records: u64,
    pub sales: u64,
    pub problems: Vec<String>,
}

impl VerifyReport {
    pub fn is_ok(&self) -> bool {
        self.problems.is_empty()
    }
}

/// Sales problems listed after the first few are only counted.
const LISTED: usize = 20;

pub fn verify(data_dir: &Path) -> Result<VerifyReport, AppError> {
    let db = data_dir.join(DB_FILE);
    if !db.exists() {
        return Err(data_dir_error(data_dir)(std::io::Error::new(
            std::io::ErrorKind::NotFound,
            format!("there is no {DB_FILE} in it"),
        )));
    }
    let store = Store::open(&db)?;
    let conn = store.conn();
    let mut report = VerifyReport::default();
    if let Some(p) = journal::integrity_problem(conn)? {
        report
            .problems
            .push(format!("the database file is damaged: {p}"));
    }

    // The chain runs through the journal table and the sales' own rows, by sequence number.
    let mut records = Vec::new();
    let mut journalled: HashMap<(String, i64), (i64, SaleEvent)> = HashMap::new();
    let mut unreadable = Vec::new();
    journal::for_each(conn, |r| {
        let is_sale =
            r.kind == EventKind::Sale.code() || r.kind == EventKind::SaleBackfilled.code();
        if is_sale {
            match serde_json::from_str::<SaleEvent>(&r.body) {
                Ok(e) => {
                    journalled.insert((e.till.clone(), e.receipt_no), (r.seq, e));
                }
                Err(e) => unreadable.push(format!("journal record {} cannot be read: {e}", r.seq)),
            }
        }
        records.push(r);
    })?;
    let mut sale_problems = Vec::new();
    let mut sale_of_seq: HashMap<i64, String> = HashMap::new();
    let mut numbers: HashMap<String, Vec<i64>> = HashMap::new();
    sales::sale_events(conn, |stored| {
        report.sales += 1;
        let e = &stored.event;
        numbers
            .entry(e.till.clone())
            .or_default()
            .push(e.receipt_no);
        if let Some(record) = stored.record() {
            // Chained in its own row: its hash covers what its rows say now.
            sale_of_seq.insert(record.seq, e.label());
            records.push(record);
            return;
        }
        match journalled.remove(&(e.till.clone(), e.receipt_no)) {
            None => sale_problems.push(format!(
                "sale {} has no journal record (it was added outside the till)",
                e.label()
            )),
            Some((seq, recorded)) if recorded != *e => sale_problems.push(format!(
                "sale {} does not match journal record {seq}: {}",
                e.label(),
                differences(e, &recorded)
            )),
            Some(_) => {}
        }
    })?;
    records.sort_by_key(|r| r.seq);
    let mut chain = ChainCheck::default();
    records.iter().for_each(|r| chain.push(r));
    report.records = chain.records;
    if let Err(b) = chain.finish() {
        let seq = match &b {
            ChainBreak::Missing { expected, .. } => *expected,
            ChainBreak::Link { seq, .. } | ChainBreak::Content { seq } => *seq,
        };
        let words = b.to_string();
        report.problems.push(match sale_of_seq.get(&seq) {
            Some(label) => words.replacen(
                &format!("journal record {seq}"),
                &format!("journal record {seq} (sale {label})"),
                1,
            ),
            None => words,
        });
    }
    report.problems.extend(unreadable);
    // Receipt numbers run 1, 2, 3 … per till, up to the last one a Z report or the printer saw.
    for (till, mut nos) in numbers {
        nos.sort_unstable();
        let mut expected = 1;
        for n in &nos {
            if *n > expected {
                sale_problems.push(format!(
                    "sale {} is missing (receipt numbers jump from {} to {})",
                    receipt_label(&till, expected),
                    expected - 1,
                    n
                ));
            }
            expected = n + 1;
        }
        let seen = sales::highest_receipt_seen(conn, &till)?;
        if seen >= expected {
            sale_problems.push(format!(
                "sale {} is missing: the last sale is {}, but receipts up to {} were made",
                receipt_label(&till, expected),
                expected - 1,
                seen
            ));
        }
    }
    let mut orphans: Vec<_> = journalled.into_values().collect();
    orphans.sort_by_key(|(seq, _)| *seq);
    for (seq, e) in orphans {
        sale_problems.push(format!(
            "journal record {seq} is sale {}, which is missing from the database",
            e.label()
        ));
    }
    let more = sale_problems.len().saturating_sub(LISTED);
    report
        .problems
        .extend(sale_problems.into_iter().take(LISTED));
    if more > 0 {
        report.problems.push(format!("… and {more} more sales"));
    }
    Ok(report)
}

/// The fields that differ, in words: "gross 38000 in the sale, 40000 in the journal".
fn differences(stored: &SaleEvent, recorded: &SaleEvent) -> String {
    let mut out = Vec::new();
    let mut field = |name: &str, s: String, j: String| {
        if s != j {
            out.push(format!("{name} {s} in the sale, {j} in the journal"));
        }
    };
    field("id", stored.id.clone(), recorded.id.clone());
    field(
        "currency",
        stored.currency.clone(),
        recorded.currency.clone(),
    );
    field(
        "gross",
        stored.gross.to_string(),
        recorded.gross.to_string(),
    );
    field("VAT", stored.vat.to_string(), recorded.vat.to_string());
    field(
        "change",
        stored.change.to_string(),
        recorded.change.to_string(),
    );
    field(
        "lines",
        stored.lines.to_string(),
        recorded.lines.to_string(),
    );
    field(
        "line total",
        stored.lines_total.to_string(),
        recorded.lines_total.to_string(),
    );
    let tenders = |e: &SaleEvent| {
        e.tenders
            .iter()
            .map(|t| format!("{} {} {}", t.kind, t.amount, t.currency))
            .collect::<Vec<_>>()
            .join(" + ")
    };
    field("tenders", tenders(stored), tenders(recorded));
    field(
        "discount",
        stored.discount.to_string(),
        recorded.discount.to_string(),
    );
    out.join("; ")
}
