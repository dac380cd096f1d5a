//! `mekong verify`: SQLite's integrity check, the journal's hash chain, and every sale against
//! its journal record.

use super::{AppError, DB_FILE, data_dir_error};
use crate::domain::journal::{ChainCheck, EventKind, SaleEvent};
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

    let mut chain = ChainCheck::default();
    let mut journalled: HashMap<(String, i64), (i64, SaleEvent)> = HashMap::new();
    let mut unreadable = Vec::new();
    journal::for_each(conn, |r| {
        chain.push(&r);
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
    })?;
    report.records = chain.records;
    if let Err(b) = chain.finish() {
        report.problems.push(b.to_string());
    }
    report.problems.extend(unreadable);

    let mut sale_problems = Vec::new();
    sales::sale_events(conn, |_, stored| {
        report.sales += 1;
        match journalled.remove(&(stored.till.clone(), stored.receipt_no)) {
            None => sale_problems.push(format!(
                "sale {} has no journal record (it was added outside the till)",
                stored.label()
            )),
            Some((seq, recorded)) if recorded != stored => sale_problems.push(format!(
                "sale {} does not match journal record {seq}: {}",
                stored.label(),
                differences(&stored, &recorded)
            )),
            Some(_) => {}
        }
    })?;
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
