//! Discounts on a line or on the whole order, by percent or by amount, with a reason. They are
//! a manager's to give (see `staff::Action::Discount`). Line discounts come off their line
//! first, then order discounts off what is left; VAT is taken from the discounted total.

use super::money::{Currency, Money, MoneyError};
use super::money::{VatRate, vat_contained};
use super::order::{OrderLine, Totals};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DiscountValue {
    /// 1 to 100 percent.
    Percent(u8),
    /// An amount in the order's currency.
    Amount(Money),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DiscountReason {
    /// Staff drink or meal.
    Staff,
    /// A regular customer, a loyalty card.
    Loyalty,
    /// Making up for something that went wrong.
    Complaint,
    Other,
}

impl DiscountReason {
    pub const ALL: [DiscountReason; 4] = [
        DiscountReason::Staff,
        DiscountReason::Loyalty,
        DiscountReason::Complaint,
        DiscountReason::Other,
    ];
    pub fn code(self) -> &'static str {
        match self {
            DiscountReason::Staff => "staff",
            DiscountReason::Loyalty => "loyalty",
            DiscountReason::Complaint => "complaint",
            DiscountReason::Other => "other",
        }
    }
    pub fn from_code(code: &str) -> Option<DiscountReason> {
        DiscountReason::ALL.into_iter().find(|r| r.code() == code)
    }
}

/// A discount asked for: on line `line` (0-based), or on the whole order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Discount {
    pub line: Option<usize>,
    pub value: DiscountValue,
    pub reason: DiscountReason,
}

/// A discount with the amount it takes off.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Applied {
    pub discount: Discount,
    pub amount: Money,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DiscountError {
    #[error("a percentage discount is 1 to 100 %")]
    Percent,
    #[error("a discount of {asked} is more than the {base} it comes off")]
    TooBig { asked: Money, base: Money },
    #[error("there is no line {0} to discount")]
    NoLine(usize),
    #[error(transparent)]
    Money(#[from] MoneyError),
}

/// What a discount takes off `base`. Named rounding step: a percentage is rounded to the
/// nearest minor unit, halves in the customer's favour.
fn amount_off(value: DiscountValue, base: Money) -> Result<Money, DiscountError> {
    let off = match value {
        DiscountValue::Percent(p) if (1..=100).contains(&p) => {
            let v = i128::from(base.minor()) * i128::from(p);
            Money::new(
                base.currency(),
                i64::try_from((v + 50) / 100).map_err(|_| MoneyError::Overflow("discount"))?,
            )
        }
        DiscountValue::Percent(_) => return Err(DiscountError::Percent),
        DiscountValue::Amount(a) => {
            if a.currency() != base.currency() || a.minor() <= 0 {
                return Err(MoneyError::CurrencyMismatch(
                    a.currency().code(),
                    base.currency().code(),
                )
                .into());
            }
            a
        }
    };
    if off > base {
        return Err(DiscountError::TooBig { asked: off, base });
    }
    Ok(off)
}

/// Totals after discounts, and what each discount took off.
pub fn totals_after(
    lines: &[OrderLine],
    discounts: &[Discount],
    currency: Currency,
    rate: VatRate,
) -> Result<(Totals, Vec<Applied>), DiscountError> {
    let (gross, applied) = discounted(lines, discounts, currency)?;
    let vat = vat_contained(gross, rate);
    Ok((
        Totals {
            gross,
            vat,
            net: gross.checked_sub(vat)?,
            rate,
        },
        applied,
    ))
}

/// The total after discounts, and what each discount took off: line discounts first, then
/// those on the whole order. An error when one does not fit what it comes off.
pub fn discounted(
    lines: &[OrderLine],
    discounts: &[Discount],
    currency: Currency,
) -> Result<(Money, Vec<Applied>), DiscountError> {
    let mut line_left: Vec<Money> = lines.iter().map(|l| l.total()).collect::<Result<_, _>>()?;
    let mut applied = Vec::new();
    for d in discounts.iter().filter(|d| d.line.is_some()) {
        let i = d.line.unwrap_or_default();
        let base = *line_left.get(i).ok_or(DiscountError::NoLine(i))?;
        let amount = amount_off(d.value, base)?;
        line_left[i] = base.checked_sub(amount)?;
        applied.push(Applied {
            discount: *d,
            amount,
        });
    }
    let mut gross = line_left
        .iter()
        .try_fold(Money::zero(currency), |acc, m| acc.checked_add(*m))?;
    for d in discounts.iter().filter(|d| d.line.is_none()) {
        let amount = amount_off(d.value, gross)?;
        gross = gross.checked_sub(amount)?;
        applied.push(Applied {
            discount: *d,
            amount,
        });
    }
    Ok((gross, applied))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::menu::Menu;
    use crate::domain::money::Quantity;
    use crate::domain::order::{Selection, build_line};
    use rust_decimal_macros::dec;

    fn line(item: &str, qty: i64) -> OrderLine {
        let m = Menu::parse("menu", include_str!("../../assets/menu.toml")).unwrap();
        let sel = Selection::defaults(&m, &item.into()).unwrap();
        build_line(&m, &item.into(), &sel, Quantity::new(qty).unwrap()).unwrap()
    }

    #[test]
    fn line_discounts_first_then_the_order_and_halves_go_to_the_customer() {
        let rate = VatRate::new(dec!(10)).unwrap();
        let lines = [line("croissant", 1), line("banana-cake", 1)]; // 18,000 + 15,000
        let d = |line, value| Discount {
            line,
            value,
            reason: DiscountReason::Other,
        };
        let (t, applied) = totals_after(
            &lines,
            &[
                d(None, DiscountValue::Percent(10)),
                d(Some(1), DiscountValue::Amount(Money::lak(5_000))),
            ],
            Currency::Lak,
            rate,
        )
        .unwrap();
        // 15,000 − 5,000 = 10,000 on the cake; 10 % of 28,000 = 2,800 off the order.
        assert_eq!(applied[0].amount, Money::lak(5_000));
        assert_eq!(applied[1].amount, Money::lak(2_800));
        assert_eq!(t.gross, Money::lak(25_200));
        assert_eq!(t.vat, vat_contained(Money::lak(25_200), rate));
        // 15 % of 15,010 is 2,251.5: the customer gets 2,252 off.
        let odd = Money::lak(15_010);
        assert_eq!(
            amount_off(DiscountValue::Percent(15), odd).unwrap(),
            Money::lak(2_252)
        );
        assert_eq!(
            amount_off(DiscountValue::Percent(0), odd),
            Err(DiscountError::Percent)
        );
        assert!(matches!(
            totals_after(
                &lines,
                &[d(Some(5), DiscountValue::Percent(5))],
                Currency::Lak,
                rate
            ),
            Err(DiscountError::NoLine(5))
        ));
    }
}
