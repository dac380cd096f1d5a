//! Voids and refunds: a paid sale is never changed; money going back is a new record that
//! names the sale, the lines and quantities returned, the reason, and how the money went back.

use super::money::{CashStep, Money, MoneyError, round_change_to_step, vat_contained};
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
    #[error("sale {0}: its discounts do not add up to its total; run mekong verify")]
    Inconsistent(String),
    #[error(transparent)]
    Money(#[from] MoneyError),
}

/// What earlier returns of a sale took: (line number, quantity) pairs, their gross, and how
/// much of it went back by QR transfer.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Returned {
    pub lines: Vec<(i64, i64)>,
    pub gross: i64,
    pub qr: i64,
}

impl Returned {
    fn qty_of(&self, line_no: i64) -> i64 {
        self.lines
            .iter()
            .filter(|(n, _)| *n == line_no)
            .map(|(_, q)| q)
            .sum()
    }
}

/// A return worked out before anything is written: what goes back for which lines, the VAT
/// it contains, and how the money goes back (QR transfer, kip cash).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReturnPlan {
    pub lines: Vec<ReturnedLine>,
    pub gross: Money,
    pub vat: Money,
    pub paid_back: Vec<PaidBack>,
}

impl ReturnPlan {
    /// The kip cash that leaves the drawer.
    pub fn cash(&self) -> i64 {
        self.paid_back
            .iter()
            .filter(|p| p.kind == TenderKind::Cash.code())
            .map(|p| p.amount)
            .sum()
    }
    /// What goes back by QR transfer.
    pub fn qr(&self) -> i64 {
        self.paid_back
            .iter()
            .filter(|p| p.kind == TenderKind::Qr.code())
            .map(|p| p.amount)
            .sum()
    }
}

/// What the customer paid for each line of `sale`, in minor units: the line's total less its
/// own discounts, less its share of the order discounts. Named rounding step: the order
/// discounts are shared in proportion to what is left of each line, rounded down, and the
/// minor units left over go one each to the lines with the largest remainders (the earlier
/// line on a tie), so the shares sum exactly to the order discounts and the lines to the
/// sale's gross.
pub fn paid_per_line(sale: &Sale) -> Result<Vec<i64>, ReturnError> {
    let mut left = sale
        .lines
        .iter()
        .map(|l| l.total().map(Money::minor))
        .collect::<Result<Vec<i64>, _>>()?;
    let mut order_off: i64 = 0;
    for d in &sale.discounts {
        let off = d.applied.amount.minor();
        match d.applied.discount.line {
            Some(i) => {
                let l = left.get_mut(i).ok_or(ReturnError::NoLine(i as i64 + 1))?;
                *l -= off;
            }
            None => order_off += off,
        }
    }
    let base: i64 = left.iter().sum();
    if left.iter().any(|l| *l < 0) || order_off < 0 || order_off > base {
        return Err(ReturnError::Inconsistent(sale.receipt_label()));
    }
    if order_off > 0 {
        let base = i128::from(base);
        let off = i128::from(order_off);
        let mut shares: Vec<(i64, i128)> = left
            .iter()
            .map(|l| {
                let exact = off * i128::from(*l);
                ((exact / base) as i64, exact % base)
            })
            .collect();
        let mut short = order_off - shares.iter().map(|(s, _)| s).sum::<i64>();
        let mut order: Vec<usize> = (0..shares.len()).collect();
        order.sort_by(|a, b| shares[*b].1.cmp(&shares[*a].1).then(a.cmp(b)));
        for i in order {
            if short == 0 {
                break;
            }
            if shares[i].1 > 0 {
                shares[i].0 += 1;
                short -= 1;
            }
        }
        for (l, (s, _)) in left.iter_mut().zip(&shares) {
            *l -= s;
        }
    }
    if left.iter().sum::<i64>() != sale.gross.minor() {
        return Err(ReturnError::Inconsistent(sale.receipt_label()));
    }
    Ok(left)
}

/// What goes back when `asked` (line number, quantity) of `sale` are returned after `before`.
/// Each line gives back its share of what was paid for it (see [`paid_per_line`]): the first
/// `n` of a line's `q` units are worth `paid × n / q`, rounded down, so however a line is
/// returned, bit by bit or at once, its returns add up to exactly what was paid for it and
/// never more. The money goes back by QR transfer up to what came by QR (less what earlier
/// returns sent back that way), the rest as cash in the sale's currency (foreign cash was
/// changed into kip at the sale), rounded to the cash step by the rule for change. The cash
/// is rounded on the running total of the sale's returns, so rounding never adds up, and all
/// of a sale's returns give back exactly the cash its drawer kept (its cash less its change).
pub fn plan_return(
    sale: &Sale,
    asked: &[(i64, i64)],
    before: &Returned,
    step: CashStep,
) -> Result<ReturnPlan, ReturnError> {
    let paid = paid_per_line(sale)?;
    let mut lines: Vec<ReturnedLine> = Vec::new();
    for &(line_no, qty) in asked.iter().filter(|(_, q)| *q > 0) {
        let index = usize::try_from(line_no - 1)
            .ok()
            .filter(|i| *i < sale.lines.len())
            .ok_or(ReturnError::NoLine(line_no))?;
        let of_line = i64::from(sale.lines[index].qty.get());
        let earlier_here: i64 = lines
            .iter()
            .filter(|l| l.line_no == line_no)
            .map(|l| l.qty)
            .sum();
        let gone = before.qty_of(line_no) + earlier_here;
        let left = of_line - gone;
        if qty > left {
            return Err(ReturnError::TooMany {
                line: line_no,
                asked: qty,
                left,
            });
        }
        let worth = |n: i64| (i128::from(paid[index]) * i128::from(n) / i128::from(of_line)) as i64;
        lines.push(ReturnedLine {
            line_no,
            qty,
            amount: worth(gone + qty) - worth(gone),
        });
    }
    if lines.is_empty() {
        return Err(ReturnError::Nothing);
    }
    let gross_minor = lines
        .iter()
        .try_fold(0i64, |acc, l| acc.checked_add(l.amount))
        .ok_or(MoneyError::Overflow("returned lines"))?;
    let gross = Money::new(sale.currency, gross_minor);
    let qr_paid: i64 = sale
        .tenders
        .iter()
        .filter(|t| t.kind == TenderKind::Qr)
        .map(|t| t.value.minor())
        .sum();
    let qr = gross_minor.min((qr_paid - before.qr).max(0));
    // The cash the drawer kept from this sale: what came in as cash less the change given
    // (so the sale's own cash rounding counts). All its returns together give back exactly
    // that; on the way, the running total is rounded like change and never passes it.
    let cash_in: i64 = sale
        .tenders
        .iter()
        .filter(|t| t.kind == TenderKind::Cash)
        .map(|t| t.value.minor())
        .sum();
    let kept = (cash_in - sale.change_given.minor()).max(0);
    let all_cash = sale.gross.minor() - qr_paid;
    let rounded = |m: i64| {
        if m >= all_cash {
            kept
        } else {
            round_change_to_step(Money::new(sale.currency, m), step)
                .minor()
                .min(kept)
        }
    };
    let cash_before = before.gross - before.qr;
    let cash = rounded(cash_before + gross_minor - qr) - rounded(cash_before);
    let mut paid_back = Vec::new();
    if qr > 0 {
        paid_back.push(PaidBack {
            kind: TenderKind::Qr.code().into(),
            amount: qr,
        });
    }
    if cash > 0 {
        paid_back.push(PaidBack {
            kind: TenderKind::Cash.code().into(),
            amount: cash,
        });
    }
    Ok(ReturnPlan {
        lines,
        gross,
        vat: vat_contained(gross, sale.vat_rate),
        paid_back,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::discount::{Discount, DiscountReason, DiscountValue, totals_after};
    use crate::domain::money::{Currency, VatRate};
    use crate::domain::order::{CashSettlement, OrderLine};
    use crate::domain::sale::{OrderId, SaleDiscount, Tender};
    use proptest::prelude::*;
    use rust_decimal_macros::dec;

    use crate::domain::test_support::line;

    /// A sale of `lines` with `discounts`, paid `qr` by QR and the rest in kip cash.
    fn sale(lines: Vec<OrderLine>, discounts: &[Discount], qr: i64) -> Sale {
        let rate = VatRate::new(dec!(10)).unwrap();
        let (t, applied) = totals_after(&lines, discounts, Currency::Lak, rate).unwrap();
        let cash = t.gross.minor() - qr;
        let mut s = Sale::paid_in_cash(
            OrderId("o".into()),
            "VTE1",
            chrono::DateTime::parse_from_rfc3339("2026-12-01T10:00:00+07:00").unwrap(),
            lines,
            t,
            CashSettlement {
                total: t.gross,
                tendered: Money::lak(cash),
                change_exact: Money::lak(0),
                change_given: Money::lak(0),
                rounding: Money::lak(0),
            },
            None,
        );
        s.receipt_no = 1;
        s.tenders = [
            Tender::same_currency(TenderKind::Cash, Money::lak(cash)),
            Tender::same_currency(TenderKind::Qr, Money::lak(qr)),
        ]
        .into_iter()
        .filter(|t| t.value.minor() > 0)
        .collect();
        s.discounts = applied
            .into_iter()
            .map(|applied| SaleDiscount {
                applied,
                staff: None,
                approved_by: None,
            })
            .collect();
        s
    }

    fn off(line: Option<usize>, value: DiscountValue) -> Discount {
        Discount {
            line,
            value,
            reason: DiscountReason::Staff,
        }
    }

    fn step() -> CashStep {
        CashStep::new(500).unwrap()
    }

    #[test]
    fn a_void_gives_back_what_was_paid_after_discounts_not_the_list_price() {
        // Three croissants at 50 % off: 54,000 listed, 27,000 paid.
        let s = sale(
            vec![line(18_000, 3)],
            &[off(Some(0), DiscountValue::Percent(50))],
            0,
        );
        assert_eq!(s.gross, Money::lak(27_000));
        let plan = plan_return(&s, &[(1, 3)], &Returned::default(), step()).unwrap();
        assert_eq!(plan.gross, Money::lak(27_000));
        assert_eq!(plan.cash(), 27_000);
        // A staff meal at 100 % off gives nothing back.
        let free = sale(
            vec![line(45_000, 1)],
            &[off(Some(0), DiscountValue::Percent(100))],
            0,
        );
        let plan = plan_return(&free, &[(1, 1)], &Returned::default(), step()).unwrap();
        assert_eq!((plan.gross.minor(), plan.paid_back.len()), (0, 0));
    }

    #[test]
    fn an_order_discount_is_shared_and_cash_back_is_rounded_like_change() {
        // 18,000 + 15,000, 5,000 off the order: 33,000 → 28,000. Shares 2,727.27 and 2,272.73:
        // the extra kip goes to the line with the larger remainder.
        let s = sale(
            vec![line(18_000, 1), line(15_000, 1)],
            &[off(None, DiscountValue::Amount(Money::lak(5_000)))],
            0,
        );
        assert_eq!(paid_per_line(&s).unwrap(), vec![15_273, 12_727]);
        // The first line back: 15,273 in kip cash is paid as 15,500 (nearest step, a tie or
        // more to the customer); the second then gives 12,500, so the two add up to 28,000.
        let first = plan_return(&s, &[(1, 1)], &Returned::default(), step()).unwrap();
        assert_eq!((first.gross.minor(), first.cash()), (15_273, 15_500));
        let before = Returned {
            lines: vec![(1, 1)],
            gross: 15_273,
            qr: 0,
        };
        let second = plan_return(&s, &[(2, 1)], &before, step()).unwrap();
        assert_eq!((second.gross.minor(), second.cash()), (12_727, 12_500));
    }

    #[test]
    fn all_returns_give_back_exactly_the_cash_the_drawer_kept() {
        // 21,750 paid with 22,000: the 250 of change is a tie, so 500 went back and the drawer
        // kept 21,500. A void gives back 21,500, not 22,000.
        let mut s = sale(vec![line(21_750, 1)], &[], 0);
        s.tenders = vec![Tender::same_currency(TenderKind::Cash, Money::lak(22_000))];
        s.change_given = Money::lak(500);
        s.cash_rounding = Money::lak(-250);
        let plan = plan_return(&s, &[(1, 1)], &Returned::default(), step()).unwrap();
        assert_eq!((plan.gross.minor(), plan.cash()), (21_750, 21_500));
    }

    #[test]
    fn qr_goes_back_by_qr_first_and_exactly() {
        let s = sale(vec![line(18_000, 2)], &[], 20_000);
        let plan = plan_return(&s, &[(1, 2)], &Returned::default(), step()).unwrap();
        assert_eq!((plan.qr(), plan.cash()), (20_000, 16_000));
        assert_eq!(
            plan_return(&s, &[(1, 3)], &Returned::default(), step()),
            Err(ReturnError::TooMany {
                line: 1,
                asked: 3,
                left: 2
            })
        );
    }

    fn any_sale() -> impl Strategy<Value = Sale> {
        (
            proptest::collection::vec((1i64..200_000, 1i64..12), 1..6),
            proptest::collection::vec((0usize..6, 1u8..=100), 0..4),
            proptest::option::of(1u8..=100),
            0i64..100_000,
        )
            .prop_map(|(lines, line_offs, order_off, qr)| {
                let lines: Vec<OrderLine> = lines.into_iter().map(|(p, q)| line(p, q)).collect();
                let mut discounts: Vec<Discount> = line_offs
                    .into_iter()
                    .filter(|(i, _)| *i < lines.len())
                    .map(|(i, p)| off(Some(i), DiscountValue::Percent(p)))
                    .collect();
                discounts.sort_by_key(|d| d.line);
                discounts.dedup_by_key(|d| d.line);
                discounts.extend(order_off.map(|p| off(None, DiscountValue::Percent(p))));
                let gross = totals_after(
                    &lines,
                    &discounts,
                    Currency::Lak,
                    VatRate::new(dec!(10)).unwrap(),
                )
                .unwrap()
                .0
                .gross
                .minor();
                sale(lines, &discounts, qr.min(gross))
            })
    }

    proptest! {
        /// Returning every line of a sale, in any pieces and any order, gives back exactly its
        /// gross, never more on the way; QR back never exceeds QR paid; cash back ends within
        /// half a step of the cash paid.
        #[test]
        fn returns_in_any_pieces_add_up_to_what_was_paid(
            s in any_sale(),
            pieces in proptest::collection::vec((0usize..6, 1i64..12), 0..40),
        ) {
            let mut before = Returned::default();
            let mut cash_back = 0;
            let take = |line_no: i64, qty: i64, before: &mut Returned| {
                let plan = plan_return(&s, &[(line_no, qty)], before, step()).unwrap();
                before.lines.push((line_no, qty));
                before.gross += plan.gross.minor();
                before.qr += plan.qr();
                plan.cash()
            };
            for (i, q) in pieces {
                let Some(l) = s.lines.get(i) else { continue };
                let line_no = i as i64 + 1;
                let left = i64::from(l.qty.get()) - before.qty_of(line_no);
                if left == 0 { continue }
                cash_back += take(line_no, q.min(left), &mut before);
                prop_assert!(before.gross <= s.gross.minor());
            }
            for (i, l) in s.lines.iter().enumerate() {
                let line_no = i as i64 + 1;
                let left = i64::from(l.qty.get()) - before.qty_of(line_no);
                if left > 0 {
                    cash_back += take(line_no, left, &mut before);
                }
            }
            prop_assert_eq!(before.gross, s.gross.minor());
            let qr_paid: i64 = s.tenders.iter().filter(|t| t.kind == TenderKind::Qr).map(|t| t.value.minor()).sum();
            prop_assert_eq!(before.qr, qr_paid);
            let kept: i64 = s.tenders.iter().filter(|t| t.kind == TenderKind::Cash).map(|t| t.value.minor()).sum::<i64>() - s.change_given.minor();
            prop_assert_eq!(cash_back, kept);
        }
    }
}
