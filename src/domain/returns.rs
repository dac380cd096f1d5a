//! Voids and refunds: a paid sale is never changed; money going back is a new record that
//! names the sale, the lines and quantities returned, the reason, and how the money went back.

use super::money::{Money, MoneyError};
use super::sale::{Sale, TenderKind};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReturnKind {
    /// The whole sale undone in the shift it was made in.
    Void,
    /// Some or all of it paid back, at any time after.
    Refund,
}

impl ReturnKind {
    pub fn code(self) -> &'static str {
        match self {
            ReturnKind::Void => "void",
            ReturnKind::Refund => "refund",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReturnReason {
    /// Rung up by mistake (wrong item, twice).
    Mistake,
    /// The drink or food was not right.
    Quality,
    /// The customer changed their mind.
    ChangedMind,
    Other,
}

impl ReturnReason {
    pub const ALL: [ReturnReason; 4] = [
        ReturnReason::Mistake,
        ReturnReason::Quality,
        ReturnReason::ChangedMind,
        ReturnReason::Other,
    ];
    pub fn code(self) -> &'static str {
        match self {
            ReturnReason::Mistake => "mistake",
            ReturnReason::Quality => "quality",
            ReturnReason::ChangedMind => "changed_mind",
            ReturnReason::Other => "other",
        }
    }
}

/// One line given back: the sale's line number (1-based), how many, and their price.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReturnedLine {
    pub line_no: i64,
    pub qty: i64,
    pub amount: i64,
}

/// Money paid back: by kind, in the sale's currency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaidBack {
    pub kind: String,
    pub amount: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReturnError {
    #[error("sale line {0} does not exist")]
    NoLine(i64),
    #[error("line {line}: {asked} asked back, only {left} left to return")]
    TooMany { line: i64, asked: i64, left: i64 },
    #[error("nothing chosen to return")]
    Nothing,
    #[error("this sale has already been partly returned, so it cannot be voided; refund the rest")]
    AlreadyReturned,
    #[error(transparent)]
    Money(#[from] MoneyError),
}

/// What is returned of `sale` when `asked` (line number, quantity) go back, given what earlier
/// returns already took (`before`, line number and quantity). Checks every quantity.
pub fn returned_lines(
    sale: &Sale,
    asked: &[(i64, i64)],
    before: &[(i64, i64)],
) -> Result<Vec<ReturnedLine>, ReturnError> {
    let mut out = Vec::new();
    for &(line_no, qty) in asked.iter().filter(|(_, q)| *q > 0) {
        let line = usize::try_from(line_no - 1)
            .ok()
            .and_then(|i| sale.lines.get(i))
            .ok_or(ReturnError::NoLine(line_no))?;
        let gone: i64 = before
            .iter()
            .filter(|(n, _)| *n == line_no)
            .map(|(_, q)| q)
            .sum();
        let left = i64::from(line.qty.get()) - gone;
        if qty > left {
            return Err(ReturnError::TooMany {
                line: line_no,
                asked: qty,
                left,
            });
        }
        let amount = line
            .unit_price
            .minor()
            .checked_mul(qty)
            .ok_or(MoneyError::Overflow("returned line"))?;
        out.push(ReturnedLine {
            line_no,
            qty,
            amount,
        });
    }
    if out.is_empty() {
        return Err(ReturnError::Nothing);
    }
    Ok(out)
}

/// How `total` goes back to the sale's tenders: a QR transfer back first, up to what came by
/// QR (less what earlier returns sent back that way), the rest as cash in the sale's currency
/// (foreign cash was changed into kip at the sale, so it comes back in kip).
pub fn pay_back(sale: &Sale, total: Money, qr_paid_back_before: i64) -> Vec<PaidBack> {
    let qr_paid: i64 = sale
        .tenders
        .iter()
        .filter(|t| t.kind == TenderKind::Qr)
        .map(|t| t.value.minor())
        .sum();
    let qr = total.minor().min((qr_paid - qr_paid_back_before).max(0));
    let cash = total.minor() - qr;
    let mut out = Vec::new();
    if qr > 0 {
        out.push(PaidBack {
            kind: TenderKind::Qr.code().into(),
            amount: qr,
        });
    }
    if cash > 0 {
        out.push(PaidBack {
            kind: TenderKind::Cash.code().into(),
            amount: cash,
        });
    }
    out
}
