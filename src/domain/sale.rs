//! A sale: an order that has been paid, with the receipt number it was given.
//! Once recorded it never changes; everything a receipt prints comes from here.

use super::id_newtype;
use super::money::{Currency, Money, VatRate};
use super::order::{CashSettlement, OrderLine, Totals};
use super::staff::StaffId;
use chrono::{DateTime, FixedOffset};

id_newtype!(
    /// UUIDv7 of an order, made on the till so it is unique across sites without asking anyone.
    OrderId
);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TenderKind {
    Cash,
    /// A Lao QR bank transfer (BCEL One, LAPNet), confirmed on screen by the barista.
    Qr,
}

impl TenderKind {
    pub fn code(self) -> &'static str {
        match self {
            TenderKind::Cash => "cash",
            TenderKind::Qr => "qr",
        }
    }
    pub fn from_code(code: &str) -> Option<Self> {
        match code {
            "cash" => Some(TenderKind::Cash),
            "qr" => Some(TenderKind::Qr),
            _ => None,
        }
    }
}

/// One payment of a sale: the amount handed over (or transferred) in its own currency, and what
/// it is worth in the sale's currency (at `rate`, the day's rate, for foreign cash).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tender {
    pub kind: TenderKind,
    pub amount: Money,
    pub value: Money,
    /// Minor units of the sale's currency per whole unit of the tender's; `None` when the
    /// tender is in the sale's currency.
    pub rate: Option<i64>,
}

impl Tender {
    /// A tender in the sale's own currency.
    pub fn same_currency(kind: TenderKind, amount: Money) -> Tender {
        Tender {
            kind,
            amount,
            value: amount,
            rate: None,
        }
    }
}

/// Who took a sale: their id and the nickname they chose (the only name a receipt shows).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServedBy {
    pub id: StaffId,
    pub nickname: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sale {
    pub id: OrderId,
    pub till_id: String,
    pub receipt_no: i64,
    pub created_at: DateTime<FixedOffset>,
    pub currency: Currency,
    pub lines: Vec<OrderLine>,
    pub gross: Money,
    pub vat: Money,
    pub net: Money,
    pub vat_rate: VatRate,
    pub tenders: Vec<Tender>,
    pub change_given: Money,
    pub cash_rounding: Money,
    /// `None` only for sales made before staff signed in.
    pub served_by: Option<ServedBy>,
    /// A practice order in training mode: numbered on its own, never a sale.
    pub training: bool,
    /// Discounts given, with who gave and approved them; `gross` is after them.
    pub discounts: Vec<SaleDiscount>,
    /// The business day it counts in, set when it is recorded: its date in the till's zone,
    /// but never before the day of the sale before it (a clock set back moves no sale into an
    /// earlier day). `None` before it is recorded, and for sales recorded before 0012.
    pub business_day: Option<chrono::NaiveDate>,
    /// How she rang it up, from the first tap on the order to its payment: a figure for her
    /// skills page. `None` where the till did not see the first tap (a recalled held order,
    /// the command line, sales before it was kept).
    pub pace: Option<Pace>,
}

/// How an order was rung up: the time from its first tap to its payment, and how many times
/// a line was taken off or lowered (or a step undone) on the way.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Pace {
    pub ms: u32,
    pub corrections: u32,
}

/// A discount on a sale: what it took off, who gave it and who approved it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SaleDiscount {
    pub applied: super::discount::Applied,
    pub staff: Option<StaffId>,
    pub approved_by: Option<StaffId>,
}

impl Sale {
    /// A sale paid with one cash tender; its receipt number is given when it is recorded.
    pub fn paid_in_cash(
        id: OrderId,
        till_id: &str,
        created_at: DateTime<FixedOffset>,
        lines: Vec<OrderLine>,
        totals: Totals,
        cash: CashSettlement,
        served_by: Option<ServedBy>,
    ) -> Sale {
        Sale {
            id,
            till_id: till_id.to_owned(),
            receipt_no: 0,
            created_at,
            currency: totals.gross.currency(),
            lines,
            gross: totals.gross,
            vat: totals.vat,
            net: totals.net,
            vat_rate: totals.rate,
            tenders: vec![Tender::same_currency(TenderKind::Cash, cash.tendered)],
            change_given: cash.change_given,
            cash_rounding: cash.rounding,
            served_by,
            training: false,
            discounts: Vec::new(),
            business_day: None,
            pace: None,
        }
    }

    /// The number printed on the receipt and used for its file name, e.g. `VTE1-000042`.
    pub fn receipt_label(&self) -> String {
        if self.training {
            return format!("{}-T{:06}", self.till_id, self.receipt_no);
        }
        receipt_label(&self.till_id, self.receipt_no)
    }
}

/// The number printed on a receipt: the till and its count, e.g. `VTE1-000042`.
pub fn receipt_label(till_id: &str, receipt_no: i64) -> String {
    format!("{till_id}-{receipt_no:06}")
}
