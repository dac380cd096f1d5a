//! Till sessions (shifts): the float counted by denomination, pay-ins and pay-outs, and the
//! X and Z reports with the cash expected in the drawer against the cash counted.

use super::money::{Currency, Money, MoneyError};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Notes (and, for baht and dollars, the coins a café keeps) in minor units, largest first.
pub fn denominations(c: Currency) -> &'static [i64] {
    match c {
        Currency::Lak => &[100_000, 50_000, 20_000, 10_000, 5_000, 2_000, 1_000, 500],
        Currency::Thb => &[100_000, 50_000, 10_000, 5_000, 2_000, 1_000, 500, 100],
        Currency::Usd => &[10_000, 5_000, 2_000, 1_000, 500, 100],
    }
}

/// A count of the drawer: how many of each denomination, per currency.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CashCount(pub BTreeMap<Currency, BTreeMap<i64, u32>>);

impl CashCount {
    /// Adds `delta` pieces of `denomination` (never below zero, at most 9,999 pieces).
    pub fn change(&mut self, currency: Currency, denomination: i64, delta: i64) {
        if !denominations(currency).contains(&denomination) {
            return;
        }
        let n = self
            .0
            .entry(currency)
            .or_default()
            .entry(denomination)
            .or_insert(0);
        *n = (i64::from(*n) + delta).clamp(0, 9_999) as u32;
    }

    /// The fewest notes that make up `amount` (whatever no note covers is left out).
    pub fn made_up(amount: Money) -> CashCount {
        let mut count = CashCount::default();
        let mut left = amount.minor().max(0);
        for &d in denominations(amount.currency()) {
            let n = left / d;
            if n > 0 {
                count.change(amount.currency(), d, n);
                left -= n * d;
            }
        }
        count
    }

    pub fn pieces(&self, currency: Currency, denomination: i64) -> u32 {
        self.0
            .get(&currency)
            .and_then(|m| m.get(&denomination))
            .copied()
            .unwrap_or(0)
    }

    /// The value counted in one currency.
    pub fn total(&self, currency: Currency) -> Money {
        let minor = self
            .0
            .get(&currency)
            .map(|m| m.iter().map(|(d, n)| d * i64::from(*n)).sum())
            .unwrap_or(0);
        Money::new(currency, minor)
    }
}

/// Whether someone of `role` may see what the drawer should hold while the till is open. The
/// closing count is blind: who is not a manager counts without knowing the answer.
pub fn sees_expected_cash(role: super::staff::Role) -> bool {
    role >= super::staff::Role::Manager
}

/// Whether a pay-out worth `value` (in the till's currency) needs a manager's approval: when it
/// is above the limit. A limit of zero makes every pay-out a manager's.
pub fn pay_out_needs_manager(value: Money, limit: Money) -> bool {
    value > limit
}

/// Why cash went into or out of the drawer outside a sale.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MoveReason {
    /// More change for the drawer.
    FloatTopUp,
    /// Milk, ice, cups bought from the market.
    Supplies,
    /// Cash taken to the bank or the office safe.
    BankDeposit,
    Other,
}

impl MoveReason {
    pub const ALL: [MoveReason; 4] = [
        MoveReason::FloatTopUp,
        MoveReason::Supplies,
        MoveReason::BankDeposit,
        MoveReason::Other,
    ];
    pub fn code(self) -> &'static str {
        match self {
            MoveReason::FloatTopUp => "float_top_up",
            MoveReason::Supplies => "supplies",
            MoveReason::BankDeposit => "bank_deposit",
            MoveReason::Other => "other",
        }
    }
}

/// One currency's cash in a shift: what the drawer should hold, and what was counted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CashLine {
    pub currency: Currency,
    pub float: i64,
    /// Cash customers handed over in this currency.
    pub cash_in: i64,
    /// Change given back (always in the till's currency).
    pub change_out: i64,
    pub pay_ins: i64,
    pub pay_outs: i64,
    /// Cash paid back on voids and refunds.
    #[serde(default)]
    pub refunds_out: i64,
    pub counted: Option<i64>,
}

impl CashLine {
    pub fn new(currency: Currency) -> CashLine {
        CashLine {
            currency,
            float: 0,
            cash_in: 0,
            change_out: 0,
            pay_ins: 0,
            pay_outs: 0,
            refunds_out: 0,
            counted: None,
        }
    }

    /// float + cash in − change + pay-ins − pay-outs − cash paid back.
    pub fn expected(&self) -> Result<Money, MoneyError> {
        let parts = [
            self.float,
            self.cash_in,
            -self.change_out,
            self.pay_ins,
            -self.pay_outs,
            -self.refunds_out,
        ];
        let mut sum: i64 = 0;
        for p in parts {
            sum = sum
                .checked_add(p)
                .ok_or(MoneyError::Overflow("expected cash"))?;
        }
        Ok(Money::new(self.currency, sum))
    }

    /// Counted − expected: negative when the drawer is short.
    pub fn over_short(&self) -> Result<Option<Money>, MoneyError> {
        match self.counted {
            None => Ok(None),
            Some(c) => Ok(Some(
                Money::new(self.currency, c).checked_sub(self.expected()?)?,
            )),
        }
    }

    pub fn is_idle(&self) -> bool {
        [
            self.float,
            self.cash_in,
            self.change_out,
            self.pay_ins,
            self.pay_outs,
            self.refunds_out,
        ]
        .iter()
        .all(|v| *v == 0)
            && self.counted.is_none_or(|c| c == 0)
    }
}

/// Takings of a shift by kind of tender and currency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TenderTotal {
    pub kind: String,
    pub currency: Currency,
    pub amount: i64,
}

/// An X report (any time, changes nothing) or a Z report (at close: numbered, stored, final).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShiftReport {
    /// The Z number; `None` for an X report.
    pub z_no: Option<i64>,
    pub till: String,
    pub session_no: i64,
    pub opened_at: String,
    pub opened_by: String,
    pub closed_at: Option<String>,
    pub closed_by: Option<String>,
    /// The till's own currency: sales, VAT and change are in it.
    pub currency: Currency,
    pub sales: i64,
    pub gross: i64,
    pub vat: i64,
    /// Voids and refunds made in the shift: how many, and how much went back.
    #[serde(default)]
    pub voids: i64,
    #[serde(default)]
    pub voided: i64,
    #[serde(default)]
    pub refunds: i64,
    #[serde(default)]
    pub refunded: i64,
    /// The VAT contained in what voids and refunds gave back; the shift's VAT is net of it.
    #[serde(default)]
    pub returned_vat: i64,
    pub tenders: Vec<TenderTotal>,
    pub cash: Vec<CashLine>,
    /// For a Z report: the journal's head once it was recorded (the Z's own record: sequence
    /// and the first 16 hex digits of its hash), printed so the chain has an anchor outside
    /// the file (`mekong verify --head SEQ:HEX`). Not part of the recorded report itself.
    #[serde(skip)]
    pub head: Option<(i64, String)>,
}

/// One line of a printed or listed report: a heading, or a label with its value. Labels are
/// in Lao and English, as on receipts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReportRow {
    Heading(String),
    Line(String, String),
}

impl ShiftReport {
    /// The VAT of the shift's sales less the VAT of what its voids and refunds gave back.
    pub fn net_vat(&self) -> i64 {
        self.vat - self.returned_vat
    }

    /// The report as lines, for the printer and the command line alike.
    pub fn rows(&self) -> Result<Vec<ReportRow>, MoneyError> {
        use ReportRow::{Heading, Line};
        let m = |c: Currency, v: i64| Money::new(c, v).to_string();
        let when = |t: &str| t.get(..16).unwrap_or(t).replace('T', " ");
        let mut rows = vec![
            Heading(match self.z_no {
                Some(z) => format!("ລາຍງານ Z report {z}"),
                None => "ລາຍງານ X report".to_owned(),
            }),
            Line(
                "ເຄື່ອງ Till".into(),
                format!("{} · {}", self.till, self.session_no),
            ),
            Line(
                "ເປີດ Opened".into(),
                format!("{} {}", when(&self.opened_at), self.opened_by),
            ),
        ];
        if let (Some(at), Some(by)) = (&self.closed_at, &self.closed_by) {
            rows.push(Line("ປິດ Closed".into(), format!("{} {by}", when(at))));
        }
        rows.push(Heading("ການຂາຍ Sales".into()));
        rows.push(Line("ຈຳນວນ Count".into(), self.sales.to_string()));
        rows.push(Line("ລວມ Gross".into(), m(self.currency, self.gross)));
        rows.push(Line("ອມພ VAT".into(), m(self.currency, self.net_vat())));
        if self.voids > 0 {
            rows.push(Line(
                format!("ຍົກເລີກ Voids ×{}", self.voids),
                m(self.currency, -self.voided),
            ));
        }
        if self.refunds > 0 {
            rows.push(Line(
                format!("ຄືນເງິນ Refunds ×{}", self.refunds),
                m(self.currency, -self.refunded),
            ));
        }
        if self.voids + self.refunds > 0 {
            rows.push(Line(
                "ສຸດທິ Net takings".into(),
                m(self.currency, self.gross - self.voided - self.refunded),
            ));
        }
        if let Some((seq, hex)) = &self.head {
            rows.push(Line("ຫົວບັນທຶກ Journal head".into(), format!("{seq}:{hex}")));
        }
        for t in &self.tenders {
            let kind = match t.kind.as_str() {
                "cash" => "ເງິນສົດ Cash".to_owned(),
                "qr" => "QR".to_owned(),
                other => other.to_owned(),
            };
            rows.push(Line(
                format!("{kind} {}", t.currency.code()),
                m(t.currency, t.amount),
            ));
        }
        for line in self
            .cash
            .iter()
            .filter(|l| !l.is_idle() || l.currency == self.currency)
        {
            let c = line.currency;
            rows.push(Heading(format!("ເງິນສົດ Cash {}", c.code())));
            rows.push(Line("ເງິນທອນເລີ່ມຕົ້ນ Float".into(), m(c, line.float)));
            rows.push(Line("ຮັບເງິນສົດ Cash in".into(), m(c, line.cash_in)));
            if line.change_out != 0 {
                rows.push(Line("ເງິນທອນ Change".into(), m(c, -line.change_out)));
            }
            if line.pay_ins != 0 {
                rows.push(Line("ເງິນເຂົ້າ Pay-ins".into(), m(c, line.pay_ins)));
            }
            if line.pay_outs != 0 {
                rows.push(Line("ເງິນອອກ Pay-outs".into(), m(c, -line.pay_outs)));
            }
            if line.refunds_out != 0 {
                rows.push(Line("ເງິນຄືນ Cash back".into(), m(c, -line.refunds_out)));
            }
            rows.push(Line("ຄາດວ່າ Expected".into(), line.expected()?.to_string()));
            if let (Some(counted), Some(diff)) = (line.counted, line.over_short()?) {
                rows.push(Line("ນັບໄດ້ Counted".into(), m(c, counted)));
                let label = if diff.minor() < 0 {
                    "ຂາດ Short"
                } else if diff.minor() > 0 {
                    "ເກີນ Over"
                } else {
                    "ຖືກຕ້ອງ Exact"
                };
                rows.push(Line(label.into(), diff.to_string()));
            }
        }
        Ok(rows)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_count_adds_up_and_never_goes_below_zero() {
        let mut c = CashCount::default();
        c.change(Currency::Lak, 100_000, 2);
        c.change(Currency::Lak, 500, 3);
        c.change(Currency::Lak, 500, -5);
        c.change(Currency::Lak, 700, 1); // not a note: ignored
        c.change(Currency::Usd, 2_000, 1);
        assert_eq!(c.total(Currency::Lak), Money::lak(200_000));
        assert_eq!(c.pieces(Currency::Lak, 500), 0);
        assert_eq!(c.total(Currency::Usd), Money::new(Currency::Usd, 2_000));
        assert_eq!(c.total(Currency::Thb), Money::new(Currency::Thb, 0));
        let made = CashCount::made_up(Money::lak(1_288_500));
        assert_eq!(made.total(Currency::Lak), Money::lak(1_288_500));
        assert_eq!(made.pieces(Currency::Lak, 100_000), 12);
        assert_eq!(made.pieces(Currency::Lak, 500), 1);
    }

    #[test]
    fn expected_cash_and_over_short() {
        let line = CashLine {
            float: 500_000,
            cash_in: 1_200_000,
            change_out: 150_000,
            pay_ins: 100_000,
            pay_outs: 60_000,
            counted: Some(1_589_000),
            ..CashLine::new(Currency::Lak)
        };
        assert_eq!(line.expected().unwrap(), Money::lak(1_590_000));
        assert_eq!(line.over_short().unwrap(), Some(Money::lak(-1_000)));
    }
}
