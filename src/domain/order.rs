//! Orders being taken: lines built from the menu, the cart with undo, totals with the VAT they
//! contain, and settling in cash. A line keeps the names and prices it was sold at, so a later
//! menu change never rewrites a sale.

use super::menu::{Choose, GroupId, ItemId, Menu, Name, OptionId, Station, VariantId};
use super::money::{
    CashStep, Money, MoneyError, Quantity, VatRate, round_change_to_step, vat_contained,
};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OrderError {
    #[error(transparent)]
    Money(#[from] MoneyError),
    #[error("item {0:?} is not on the menu")]
    UnknownItem(String),
    #[error("item {item:?} has no variant {variant:?}")]
    UnknownVariant { item: String, variant: String },
    #[error("{group}: {problem}")]
    Selection { group: String, problem: String },
    #[error("there is no line {0} in the order")]
    NoSuchLine(usize),
    #[error("a note can hold at most {max} characters", max = MAX_NOTE_CHARS)]
    NoteTooLong,
    #[error("the order is empty")]
    Empty,
    #[error("amount tendered {tendered} is less than the total {total}: {short_by} short")]
    Insufficient {
        total: Money,
        tendered: Money,
        short_by: Money,
    },
}

pub const MAX_NOTE_CHARS: usize = 140;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineModifier {
    pub group: GroupId,
    pub option: OptionId,
    pub name: Name,
    pub delta: Money,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderLine {
    pub item: ItemId,
    pub variant: VariantId,
    pub item_name: Name,
    /// Empty when the item has a single variant.
    pub variant_name: Name,
    pub modifiers: Vec<LineModifier>,
    pub qty: Quantity,
    pub note: String,
    /// Variant price plus modifier deltas, for one.
    pub unit_price: Money,
    /// Where it is made (its category's station), if anywhere gets a ticket for it.
    pub station: Option<Station>,
}

impl OrderLine {
    pub fn total(&self) -> Result<Money, MoneyError> {
        self.unit_price.times(self.qty)
    }
    fn same_choice(&self, other: &OrderLine) -> bool {
        self.item == other.item
            && self.variant == other.variant
            && self.modifiers == other.modifiers
            && self.note == other.note
    }
}

/// What a barista picked on the option sheet for one item.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Selection {
    pub variant: VariantId,
    pub options: Vec<(GroupId, OptionId)>,
}

impl Selection {
    /// The first variant and every group's default options.
    pub fn defaults(menu: &Menu, item: &ItemId) -> Result<Selection, OrderError> {
        let it = menu
            .item(item)
            .ok_or_else(|| OrderError::UnknownItem(item.to_string()))?;
        let variant = it.variants[0].id.clone();
        let options = menu
            .groups_for(it, &variant)
            .flat_map(|g| {
                g.options
                    .iter()
                    .filter(|o| o.default)
                    .map(|o| (g.id.clone(), o.id.clone()))
            })
            .collect();
        Ok(Selection { variant, options })
    }

    pub fn is_chosen(&self, group: &GroupId, option: &OptionId) -> bool {
        self.options.iter().any(|(g, o)| g == group && o == option)
    }

    /// Taps an option: in a choose-one group it replaces the current choice, in a choose-any
    /// group it toggles.
    pub fn tap(&mut self, menu: &Menu, group: &GroupId, option: &OptionId) {
        let Some(g) = menu.group(group) else { return };
        match g.choose {
            Choose::One => {
                self.options.retain(|(gg, _)| gg != group);
                self.options.push((group.clone(), option.clone()));
            }
            Choose::Any => {
                if self.is_chosen(group, option) {
                    self.options.retain(|(gg, o)| !(gg == group && o == option));
                } else {
                    self.options.push((group.clone(), option.clone()));
                }
            }
        }
    }

    /// Switches variant and fills defaults for groups that now apply, drops those that don't.
    pub fn set_variant(&mut self, menu: &Menu, item: &ItemId, variant: VariantId) {
        let Some(it) = menu.item(item) else { return };
        let applicable: Vec<_> = menu.groups_for(it, &variant).collect();
        self.options
            .retain(|(g, _)| applicable.iter().any(|a| &a.id == g));
        for g in applicable {
            if g.choose == Choose::One
                && !self.options.iter().any(|(gg, _)| gg == &g.id)
                && let Some(d) = g.options.iter().find(|o| o.default)
            {
                self.options.push((g.id.clone(), d.id.clone()));
            }
        }
        self.variant = variant;
    }
}

/// Builds a priced line from a selection, checking it against the menu.
pub fn build_line(
    menu: &Menu,
    item: &ItemId,
    sel: &Selection,
    qty: Quantity,
) -> Result<OrderLine, OrderError> {
    let it = menu
        .item(item)
        .ok_or_else(|| OrderError::UnknownItem(item.to_string()))?;
    let variant = it
        .variant(&sel.variant)
        .ok_or_else(|| OrderError::UnknownVariant {
            item: item.to_string(),
            variant: sel.variant.to_string(),
        })?;
    let mut modifiers = Vec::new();
    let mut unit = variant.price;
    for g in menu.groups_for(it, &variant.id) {
        let chosen: Vec<_> = sel.options.iter().filter(|(gg, _)| gg == &g.id).collect();
        if g.choose == Choose::One && chosen.len() != 1 {
            return Err(OrderError::Selection {
                group: g.name.en.clone(),
                problem: "choose exactly one option".into(),
            });
        }
        // Keep menu order so identical choices compare equal however they were tapped.
        for o in g
            .options
            .iter()
            .filter(|o| chosen.iter().any(|(_, c)| c == &o.id))
        {
            unit = unit.checked_add(o.delta)?;
            modifiers.push(LineModifier {
                group: g.id.clone(),
                option: o.id.clone(),
                name: o.name.clone(),
                delta: o.delta,
            });
        }
    }
    if let Some((g, o)) = sel
        .options
        .iter()
        .find(|(g, o)| !modifiers.iter().any(|m| &m.group == g && &m.option == o))
    {
        return Err(OrderError::Selection {
            group: g.to_string(),
            problem: format!("option {o} does not apply to this item"),
        });
    }
    Ok(OrderLine {
        item: it.id.clone(),
        variant: variant.id.clone(),
        item_name: it.name.clone(),
        variant_name: variant.name.clone(),
        modifiers,
        qty,
        note: String::new(),
        unit_price: unit,
        station: menu.station_of(&it.id),
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Totals {
    pub gross: Money,
    pub vat: Money,
    pub net: Money,
    pub rate: VatRate,
}

/// Totals of lines: gross is the sum of line totals; VAT is extracted once from the gross.
pub fn totals(
    lines: &[OrderLine],
    currency: super::money::Currency,
    rate: VatRate,
) -> Result<Totals, MoneyError> {
    let gross = lines
        .iter()
        .try_fold(Money::zero(currency), |acc, l| acc.checked_add(l.total()?))?;
    let vat = vat_contained(gross, rate);
    Ok(Totals {
        gross,
        vat,
        net: gross.checked_sub(vat)?,
        rate,
    })
}

/// The order being taken, with an undo stack of earlier states.
#[derive(Debug, Clone, Default)]
pub struct Cart {
    lines: Vec<OrderLine>,
    history: Vec<Vec<OrderLine>>,
}

impl Cart {
    pub fn lines(&self) -> &[OrderLine] {
        &self.lines
    }
    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }
    pub fn can_undo(&self) -> bool {
        !self.history.is_empty()
    }

    /// Runs `change` on a copy; only a change that succeeds is kept (and becomes undoable).
    fn change(
        &mut self,
        change: impl FnOnce(&mut Vec<OrderLine>) -> Result<(), OrderError>,
    ) -> Result<(), OrderError> {
        let mut next = self.lines.clone();
        change(&mut next)?;
        // Refuse states whose totals could overflow, so totals never fail later.
        next.iter().try_fold(0i64, |acc, l| {
            acc.checked_add(l.total()?.minor())
                .ok_or(MoneyError::Overflow("order total"))
        })?;
        self.history.push(std::mem::replace(&mut self.lines, next));
        Ok(())
    }

    /// Adds a line; an identical line already in the cart gets its quantity raised instead.
    pub fn add(&mut self, line: OrderLine) -> Result<(), OrderError> {
        self.change(|lines| {
            if let Some(l) = lines.iter_mut().find(|l| l.same_choice(&line)) {
                l.qty = Quantity::new(i64::from(l.qty.get()) + i64::from(line.qty.get()))?;
            } else {
                lines.push(line);
            }
            Ok(())
        })
    }

    pub fn set_qty(&mut self, index: usize, qty: i64) -> Result<(), OrderError> {
        let qty = Quantity::new(qty)?;
        self.change(|lines| {
            lines
                .get_mut(index)
                .ok_or(OrderError::NoSuchLine(index))?
                .qty = qty;
            Ok(())
        })
    }

    pub fn increment(&mut self, index: usize) -> Result<(), OrderError> {
        self.step_qty(index, 1)
    }

    /// Lowers the quantity; at one the line stays (removing is its own, explicit action).
    pub fn decrement(&mut self, index: usize) -> Result<(), OrderError> {
        self.step_qty(index, -1)
    }

    fn step_qty(&mut self, index: usize, delta: i64) -> Result<(), OrderError> {
        let line = self.lines.get(index).ok_or(OrderError::NoSuchLine(index))?;
        self.set_qty(index, i64::from(line.qty.get()) + delta)
    }

    pub fn remove(&mut self, index: usize) -> Result<(), OrderError> {
        self.change(|lines| {
            if index >= lines.len() {
                return Err(OrderError::NoSuchLine(index));
            }
            lines.remove(index);
            Ok(())
        })
    }

    pub fn set_note(&mut self, index: usize, note: &str) -> Result<(), OrderError> {
        let note: String = note
            .chars()
            .filter(|c| !c.is_control())
            .collect::<String>()
            .trim()
            .to_owned();
        if note.chars().count() > MAX_NOTE_CHARS {
            return Err(OrderError::NoteTooLong);
        }
        self.change(|lines| {
            lines
                .get_mut(index)
                .ok_or(OrderError::NoSuchLine(index))?
                .note = note;
            Ok(())
        })
    }

    /// Goes back one change. Returns false when there is nothing to undo.
    pub fn undo(&mut self) -> bool {
        match self.history.pop() {
            Some(prev) => {
                self.lines = prev;
                true
            }
            None => false,
        }
    }

    /// Starts a new order: no lines, no history.
    pub fn clear(&mut self) {
        self.lines.clear();
        self.history.clear();
    }
}

/// How a cash payment in the order's currency settles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CashSettlement {
    pub total: Money,
    pub tendered: Money,
    /// Tendered − total, before rounding.
    pub change_exact: Money,
    /// What the barista hands back, after [`round_change_to_step`].
    pub change_given: Money,
    /// change_exact − change_given: what the rounding kept (positive) or gave away (negative).
    pub rounding: Money,
}

pub fn settle_cash(
    total: Money,
    tendered: Money,
    step: CashStep,
) -> Result<CashSettlement, OrderError> {
    if tendered < total {
        return Err(OrderError::Insufficient {
            total,
            tendered,
            short_by: total.checked_sub(tendered)?,
        });
    }
    let change_exact = tendered.checked_sub(total)?;
    let change_given = round_change_to_step(change_exact, step);
    Ok(CashSettlement {
        total,
        tendered,
        change_exact,
        change_given,
        rounding: change_exact.checked_sub(change_given)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::money::Currency;
    use proptest::prelude::*;
    use rust_decimal_macros::dec;

    fn menu() -> Menu {
        Menu::parse("assets/menu.toml", include_str!("../../assets/menu.toml")).unwrap()
    }

    fn iced_lao_coffee_half_sugar(m: &Menu) -> OrderLine {
        let id: ItemId = "lao-coffee".into();
        let mut sel = Selection::defaults(m, &id).unwrap();
        sel.set_variant(m, &id, "iced".into());
        sel.tap(m, &"sugar".into(), &"50".into());
        build_line(m, &id, &sel, Quantity::ONE).unwrap()
    }

    #[test]
    fn a_line_carries_modifiers_and_price() {
        let m = menu();
        let l = iced_lao_coffee_half_sugar(&m);
        assert_eq!(l.variant.as_str(), "iced");
        assert!(
            l.modifiers
                .iter()
                .any(|x| x.group.as_str() == "sugar" && x.option.as_str() == "50")
        );
        assert!(
            l.modifiers.iter().any(|x| x.group.as_str() == "ice"),
            "iced drinks get the ice group"
        );
        assert_eq!(l.unit_price, Money::lak(20_000));
    }

    #[test]
    fn identical_lines_merge_and_undo_steps_back() {
        let m = menu();
        let mut c = Cart::default();
        c.add(iced_lao_coffee_half_sugar(&m)).unwrap();
        c.add(iced_lao_coffee_half_sugar(&m)).unwrap();
        assert_eq!(c.lines().len(), 1);
        assert_eq!(c.lines()[0].qty.get(), 2);
        c.set_note(0, "  no straw \n").unwrap();
        assert_eq!(c.lines()[0].note, "no straw");
        c.remove(0).unwrap();
        assert!(c.is_empty());
        assert!(c.undo());
        assert_eq!(c.lines()[0].note, "no straw");
        assert!(c.undo());
        assert!(c.undo());
        assert_eq!(c.lines()[0].qty.get(), 1);
        assert!(c.undo());
        assert!(c.is_empty() && !c.undo());
    }

    #[test]
    fn absurd_quantities_are_refused_and_cart_is_unchanged() {
        let m = menu();
        let mut c = Cart::default();
        c.add(iced_lao_coffee_half_sugar(&m)).unwrap();
        let err = c.set_qty(0, 100_000).unwrap_err();
        assert!(err.to_string().contains("between 1 and 999"), "{err}");
        assert!(c.decrement(0).is_err());
        assert_eq!(c.lines()[0].qty.get(), 1);
    }

    #[test]
    fn cash_below_total_is_refused_with_the_shortfall() {
        let e =
            settle_cash(Money::lak(35_000), Money::lak(30_000), CashStep::default()).unwrap_err();
        assert_eq!(
            e.to_string(),
            "amount tendered 30,000 ₭ is less than the total 35,000 ₭: 5,000 ₭ short"
        );
        let s = settle_cash(Money::lak(35_300), Money::lak(50_000), CashStep::default()).unwrap();
        assert_eq!(s.change_given, Money::lak(14_500));
        assert_eq!(s.rounding, Money::lak(200));
    }

    fn line(price: i64, qty: i64) -> OrderLine {
        OrderLine {
            item: "x".into(),
            variant: "v".into(),
            item_name: Name {
                en: "x".into(),
                lo: "x".into(),
            },
            variant_name: Name {
                en: String::new(),
                lo: String::new(),
            },
            modifiers: vec![],
            qty: Quantity::new(qty).unwrap(),
            note: String::new(),
            unit_price: Money::lak(price),
            station: None,
        }
    }

    fn any_line() -> impl Strategy<Value = OrderLine> {
        (0i64..10_000_000, 1i64..=999).prop_map(|(price, qty)| line(price, qty))
    }

    proptest! {
        #[test]
        fn lines_sum_to_totals_and_vat_plus_net_is_gross(lines in proptest::collection::vec(any_line(), 0..30)) {
            let rate = VatRate::new(dec!(10)).unwrap();
            let t = totals(&lines, Currency::Lak, rate).unwrap();
            let sum: i64 = lines.iter().map(|l| l.unit_price.minor() * i64::from(l.qty.get())).sum();
            prop_assert_eq!(t.gross.minor(), sum);
            prop_assert_eq!(t.vat.checked_add(t.net).unwrap(), t.gross);
        }

        #[test]
        fn huge_prices_and_quantities_error_instead_of_panicking(price in 0i64..=i64::MAX, qty in 1i64..=999, n in 1usize..5) {
            let mut c = Cart::default();
            let line = line(price, qty);
            for i in 0..n {
                let mut l = line.clone();
                l.note = i.to_string();
                let before = c.lines().len();
                if c.add(l).is_err() {
                    prop_assert_eq!(c.lines().len(), before);
                }
            }
            let t = totals(c.lines(), Currency::Lak, VatRate::new(dec!(10)).unwrap());
            prop_assert!(t.is_ok());
        }
    }
}
