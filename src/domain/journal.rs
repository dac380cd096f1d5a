//! The journal: an append-only, hash-chained record of every money event. Each record's hash
//! covers the previous record's hash and the record itself, so changing or removing any record
//! breaks every link after it. This module is the chain's arithmetic and its check; the store
//! keeps the records.

use super::money::{Money, MoneyError};
use super::sale::{Sale, receipt_label};
use sha2::{Digest, Sha256};

/// The `prev_hash` of the first record.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// What happened; the stored `kind` of a record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventKind {
    Sale,
    /// The cash drawer opened with no sale.
    NoSale,
    /// A sale's journal record written after an upgrade, for a sale made before the journal.
    SaleBackfilled,
    SessionOpen,
    PayIn,
    PayOut,
    /// A till session closed with its count; the body is the Z report.
    ZReport,
    /// A manager set a day's exchange rate.
    RateSet,
    Void,
    Refund,
    /// Training mode started (the supervisor, and the trainee or the whole till).
    TrainingOn,
    /// Training mode stopped, by a manager, at sign-out or at closing the till.
    TrainingOff,
    /// Someone was added to the till's staff (by whom, approved by whom).
    StaffAdded,
    /// A manager let sales go on with the clock reading earlier than the last sale.
    ClockConfirmed,
    /// A locked PIN was unlocked, by a manager (or at the till's console: `by` is null).
    StaffUnlocked,
    /// A manager changed a person's role, status, PIN, language, programme or identity, or
    /// erased her (the body names what changed, never the values of identity).
    StaffChanged,
    /// Written once when a till is upgraded to whole-sale records (0012): a fingerprint of
    /// every sale chained before, as its rows then held it.
    Relinked,
    /// A manager recorded a piece of skills evidence (or a correction of one); not its note.
    SkillEvidence,
    /// A manager signed a competency off for a trainee.
    SkillSignedOff,
    /// A manager issued a trainee's skills certificate (what it certifies, not her name); the
    /// code printed on it is the start of this record's hash.
    CertificateIssued,
    /// A trainee's practice drill was scored (how each part went; never a sale).
    DrillScored,
    /// A manager referred a trainee to an employer partner, or moved the placement on (its
    /// whole row after the change, who changed it and what).
    Placement,
    /// A manager recorded a placement's follow-up (all but its note).
    FollowUp,
    /// A manager added, changed, archived or deleted an employer partner (never its contact
    /// or note).
    Partner,
}

impl EventKind {
    pub fn code(self) -> &'static str {
        match self {
            EventKind::Sale => "sale",
            EventKind::NoSale => "no_sale",
            EventKind::SaleBackfilled => "sale_backfilled",
            EventKind::SessionOpen => "session_open",
            EventKind::PayIn => "pay_in",
            EventKind::PayOut => "pay_out",
            EventKind::ZReport => "z_report",
            EventKind::RateSet => "rate_set",
            EventKind::Void => "void",
            EventKind::Refund => "refund",
            EventKind::TrainingOn => "training_on",
            EventKind::TrainingOff => "training_off",
            EventKind::StaffAdded => "staff_added",
            EventKind::Relinked => "relinked",
            EventKind::ClockConfirmed => "clock_confirmed",
            EventKind::StaffUnlocked => "staff_unlocked",
            EventKind::StaffChanged => "staff_changed",
            EventKind::SkillEvidence => "skill_evidence",
            EventKind::SkillSignedOff => "skill_signed_off",
            EventKind::CertificateIssued => "certificate_issued",
            EventKind::DrillScored => "drill_scored",
            EventKind::Placement => "placement",
            EventKind::FollowUp => "follow_up",
            EventKind::Partner => "partner",
        }
    }
}

/// What a sale's journal record says: enough to check the stored sale against it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SaleEvent {
    pub till: String,
    pub receipt_no: i64,
    pub id: String,
    pub currency: String,
    pub gross: i64,
    pub vat: i64,
    pub change: i64,
    /// Number of lines and the sum of their totals.
    pub lines: i64,
    pub lines_total: i64,
    pub tenders: Vec<TenderEvent>,
    /// Staff id of who took the sale (absent for sales made before staff signed in).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub staff: Option<String>,
    /// What discounts took off (absent when none).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub discount: i64,
}

fn is_zero(v: &i64) -> bool {
    *v == 0
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct TenderEvent {
    pub kind: String,
    pub currency: String,
    pub amount: i64,
    /// For foreign cash: its value in the sale's currency, and the rate used.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rate: Option<i64>,
}

impl SaleEvent {
    pub fn of(sale: &Sale) -> Result<SaleEvent, MoneyError> {
        let mut lines_total = Money::zero(sale.currency);
        for l in &sale.lines {
            lines_total = lines_total.checked_add(l.total()?)?;
        }
        Ok(SaleEvent {
            till: sale.till_id.clone(),
            receipt_no: sale.receipt_no,
            id: sale.id.0.clone(),
            currency: sale.currency.code().to_owned(),
            gross: sale.gross.minor(),
            vat: sale.vat.minor(),
            change: sale.change_given.minor(),
            lines: sale.lines.len() as i64,
            lines_total: lines_total.minor(),
            tenders: sale
                .tenders
                .iter()
                .map(|t| TenderEvent {
                    kind: t.kind.code().to_owned(),
                    currency: t.amount.currency().code().to_owned(),
                    amount: t.amount.minor(),
                    value: t.rate.map(|_| t.value.minor()),
                    rate: t.rate,
                })
                .collect(),
            staff: sale.served_by.as_ref().map(|s| s.id.0.clone()),
            discount: sale
                .discounts
                .iter()
                .map(|d| d.applied.amount.minor())
                .sum(),
        })
    }

    pub fn label(&self) -> String {
        receipt_label(&self.till, self.receipt_no)
    }
}

/// What a sale's link of the chain covers since 0012: the sale whole, as its rows hold it —
/// every line (item and variant ids and names, modifiers, quantity, unit price, line total,
/// note, station), every tender, every discount with both people, the VAT rate, gross, VAT,
/// net, change, cash rounding and who took it. Renaming a sold item, moving value between two
/// lines or changing a tender changes this record, so the sale's hash no longer matches.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SaleRecord {
    pub till: String,
    pub receipt_no: i64,
    pub id: String,
    pub currency: String,
    pub vat_rate: String,
    pub gross: i64,
    pub vat: i64,
    pub net: i64,
    pub change: i64,
    pub rounding: i64,
    pub staff: Option<String>,
    pub business_day: Option<String>,
    pub lines: Vec<LineRecord>,
    pub tenders: Vec<TenderRecord>,
    pub discounts: Vec<DiscountRecord>,
    /// How she rang it up, where the till saw the first tap (left out otherwise, so a record
    /// made before it was kept reads and hashes as it did).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pace: Option<super::sale::Pace>,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct LineRecord {
    pub item: String,
    pub variant: String,
    pub item_en: String,
    pub item_lo: String,
    pub variant_en: String,
    pub variant_lo: String,
    pub qty: i64,
    pub unit_price: i64,
    pub line_total: i64,
    pub note: String,
    /// The modifiers as stored (JSON: group, option, names, price delta).
    pub modifiers: String,
    pub station: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct TenderRecord {
    pub kind: String,
    pub currency: String,
    pub amount: i64,
    pub value: Option<i64>,
    pub rate: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct DiscountRecord {
    pub line_no: Option<i64>,
    pub kind: String,
    pub value: i64,
    pub amount: i64,
    pub reason: String,
    pub staff: Option<String>,
    pub approved_by: Option<String>,
}

impl SaleRecord {
    /// The canonical bytes that are hashed: compact JSON in field order.
    pub fn body(&self) -> String {
        serde_json::to_string(self).expect("a sale record is plain data")
    }
    /// A short fingerprint of the record (the first 16 hex digits of its SHA-256), as a
    /// re-link record keeps it for a sale chained before 0012.
    pub fn fingerprint(&self) -> String {
        let digest = Sha256::digest(self.body().as_bytes());
        format!("{digest:x}")[..16].to_owned()
    }
    pub fn label(&self) -> String {
        receipt_label(&self.till, self.receipt_no)
    }
}

/// An event someone took on a manager's authority: who, and who approved (when not
/// themselves a manager).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ApprovedEvent {
    pub staff: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approved_by: Option<String>,
}

impl ApprovedEvent {
    pub fn of(staff: &str, approved_by: Option<&str>) -> ApprovedEvent {
        ApprovedEvent {
            staff: staff.to_owned(),
            approved_by: approved_by.map(str::to_owned),
        }
    }
}

/// One record as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    pub seq: i64,
    pub at: String,
    pub kind: String,
    /// Canonical JSON: written once by this program, hashed byte for byte as stored.
    pub body: String,
    pub prev_hash: String,
    pub hash: String,
}

/// The hash of a record: SHA-256 over the previous hash and the record's fields, each on its
/// own line (`at` and `kind` hold no newline; JSON escapes its own), as lowercase hex.
pub fn chain_hash(prev_hash: &str, seq: i64, at: &str, kind: &str, body: &str) -> String {
    let mut h = Sha256::new();
    for part in [prev_hash, &seq.to_string(), at, kind, body] {
        h.update(part.as_bytes());
        h.update(b"\n");
    }
    format!("{:x}", h.finalize())
}

/// Why the chain is broken, naming the first record that is wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ChainBreak {
    #[error("journal record {expected} is missing (record {found} comes next)")]
    Missing { expected: i64, found: i64 },
    #[error(
        "journal record {seq} does not follow record {previous}: its previous hash is not that record's hash (one of them was changed)"
    )]
    Link { seq: i64, previous: i64 },
    #[error("journal record {seq} was changed: its hash does not match its content")]
    Content { seq: i64 },
}

/// Walks records in order and reports the first break in the chain. Feed it every record,
/// oldest first, then call [`ChainCheck::finish`].
#[derive(Debug)]
pub struct ChainCheck {
    next_seq: i64,
    prev_hash: String,
    pub records: u64,
    first_break: Option<ChainBreak>,
}

impl Default for ChainCheck {
    fn default() -> Self {
        ChainCheck {
            next_seq: 1,
            prev_hash: GENESIS.to_owned(),
            records: 0,
            first_break: None,
        }
    }
}

impl ChainCheck {
    pub fn push(&mut self, r: &Record) {
        self.records += 1;
        if self.first_break.is_none() {
            self.first_break = if r.seq != self.next_seq {
                Some(ChainBreak::Missing {
                    expected: self.next_seq,
                    found: r.seq,
                })
            } else if r.prev_hash != self.prev_hash {
                Some(ChainBreak::Link {
                    seq: r.seq,
                    previous: r.seq - 1,
                })
            } else if chain_hash(&r.prev_hash, r.seq, &r.at, &r.kind, &r.body) != r.hash {
                Some(ChainBreak::Content { seq: r.seq })
            } else {
                None
            };
        }
        self.next_seq = r.seq + 1;
        self.prev_hash = r.hash.clone();
    }

    pub fn finish(self) -> Result<u64, ChainBreak> {
        match self.first_break {
            Some(b) => Err(b),
            None => Ok(self.records),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chain(n: i64) -> Vec<Record> {
        let mut prev = GENESIS.to_owned();
        (1..=n)
            .map(|seq| {
                let body = format!("{{\"n\":{seq}}}");
                let at = "2026-11-28T09:00:00+07:00".to_owned();
                let hash = chain_hash(&prev, seq, &at, "sale", &body);
                let r = Record {
                    seq,
                    at,
                    kind: "sale".into(),
                    body,
                    prev_hash: prev.clone(),
                    hash: hash.clone(),
                };
                prev = hash;
                r
            })
            .collect()
    }

    fn check(records: &[Record]) -> Result<u64, ChainBreak> {
        let mut c = ChainCheck::default();
        records.iter().for_each(|r| c.push(r));
        c.finish()
    }

    #[test]
    fn an_untouched_chain_checks() {
        assert_eq!(check(&chain(5)), Ok(5));
        assert_eq!(check(&[]), Ok(0));
    }

    #[test]
    fn a_changed_body_is_named() {
        let mut c = chain(5);
        c[2].body = "{\"n\":99}".into();
        assert_eq!(check(&c), Err(ChainBreak::Content { seq: 3 }));
    }

    #[test]
    fn a_rehashed_record_breaks_the_next_link() {
        let mut c = chain(5);
        c[2].body = "{\"n\":99}".into();
        c[2].hash = chain_hash(&c[2].prev_hash, 3, &c[2].at, "sale", &c[2].body);
        assert_eq!(
            check(&c),
            Err(ChainBreak::Link {
                seq: 4,
                previous: 3
            })
        );
    }

    #[test]
    fn a_removed_record_is_named() {
        let mut c = chain(5);
        c.remove(1);
        assert_eq!(
            check(&c),
            Err(ChainBreak::Missing {
                expected: 2,
                found: 3
            })
        );
        let mut c = chain(5);
        c.remove(0);
        assert!(matches!(
            check(&c),
            Err(ChainBreak::Missing { expected: 1, .. })
        ));
    }
}
