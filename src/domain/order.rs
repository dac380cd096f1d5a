//! Orders being taken: lines built from the menu, the cart with undo, totals with the VAT they
//! contain, and settling in cash. A line keeps the names and prices it was sold at, so a later
//! menu change never rewrites a sale.

use super::discount::Discount;
use super::menu::{Choose, Favourite, GroupId, ItemId, Menu, Name, OptionId, Station, VariantId};
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
    #[error(
        "{} cannot be pinned as it is: a favourite takes the item's usual options and adds to them, and this one has a usual option taken off",
        .0.en
    )]
    CannotPin(Name),
    #[error("{0}")]
    Discount(String),
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
    /// The same thing at the same price and quantity (the note aside).
    fn same_priced(&self, other: &OrderLine) -> bool {
        self.same_choice(other)
            && self.qty == other.qty
            && self.unit_price == other.unit_price
            && self.item_name == other.item_name
            && self.variant_name == other.variant_name
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

    /// A favourite as the menu pins it: its variant, its options over the item's defaults.
    pub fn of_favourite(menu: &Menu, f: &Favourite) -> Result<Selection, OrderError> {
        let mut s = Selection::defaults(menu, &f.item)?;
        s.set_variant(menu, &f.item, f.variant.clone());
        for (g, o) in &f.options {
            if !s.is_chosen(g, o) {
                s.tap(menu, g, o);
            }
        }
        Ok(s)
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

/// A line as a favourite: its item, its variant and the options that differ from the item's
/// usual ones, named after them in both languages ("Lao coffee · Iced · Sugar 25 %"). Refused
/// when the favourite would not add the same choice again (a usual option taken off: a
/// favourite only adds options to the usual ones).
pub fn favourite_of(menu: &Menu, line: &OrderLine) -> Result<Favourite, OrderError> {
    let mut usual = Selection::defaults(menu, &line.item)?;
    usual.set_variant(menu, &line.item, line.variant.clone());
    let added: Vec<&LineModifier> = line
        .modifiers
        .iter()
        .filter(|m| !usual.is_chosen(&m.group, &m.option))
        .collect();
    let parts = |lang: fn(&Name) -> &String| {
        let mut parts = vec![lang(&line.item_name).clone()];
        if !lang(&line.variant_name).is_empty() {
            parts.push(lang(&line.variant_name).clone());
        }
        parts.extend(added.iter().map(|m| lang(&m.name).clone()));
        parts.join(" · ")
    };
    let favourite = Favourite {
        name: Name {
            en: parts(|n| &n.en),
            lo: parts(|n| &n.lo),
        },
        item: line.item.clone(),
        variant: line.variant.clone(),
        options: added
            .iter()
            .map(|m| (m.group.clone(), m.option.clone()))
            .collect(),
    };
    let again = build_line(
        menu,
        &favourite.item,
        &Selection::of_favourite(menu, &favourite)?,
        Quantity::ONE,
    )?;
    let chosen = |l: &OrderLine| {
        let mut v: Vec<(GroupId, OptionId)> = l
            .modifiers
            .iter()
            .map(|m| (m.group.clone(), m.option.clone()))
            .collect();
        v.sort();
        v
    };
    if again.variant != line.variant || chosen(&again) != chosen(line) {
        return Err(OrderError::CannotPin(favourite.name));
    }
    Ok(favourite)
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

/// A discount given on the order being taken, with the grant that allowed it (a manager's
/// approval, as the app records it; the domain only keeps it with the discount).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Given<G> {
    pub discount: Discount,
    pub grant: G,
}

/// The order being taken: its lines, the discounts given on it, which lines are paid now when
/// the bill is split, and an undo stack of earlier lines. One value, so they cannot drift
/// apart. A discount's approval is for what it was given on, as it was: any change to that
/// line (its quantity, a merge of an identical line, Undo, Remove) drops its discount, and any
/// change to the lines drops the discounts on the whole order (a note changes no price). What
/// was dropped is kept until [`Cart::take_dropped`] so the screen can say so.
#[derive(Debug, Clone)]
pub struct Cart<G = ()> {
    lines: Vec<OrderLine>,
    discounts: Vec<Given<G>>,
    /// When the bill is split: for each line, whether it is paid now.
    split: Option<Vec<bool>>,
    history: Vec<Vec<OrderLine>>,
    dropped: Vec<Given<G>>,
}

impl<G> Default for Cart<G> {
    fn default() -> Self {
        Cart {
            lines: Vec::new(),
            discounts: Vec::new(),
            split: None,
            history: Vec::new(),
            dropped: Vec::new(),
        }
    }
}

/// What a change did to the lines, for the discounts and the split selection to follow.
enum Changed {
    /// Line `i` is different (quantity, merge, note).
    Line(usize),
    /// A new line at the end.
    Added,
    Removed(usize),
    /// Anything may have changed (undo).
    All,
}

impl<G: Clone> Cart<G> {
    /// A held order put back on screen as it was held: lines and discounts, no history.
    pub fn restored(lines: Vec<OrderLine>, discounts: Vec<Given<G>>) -> Result<Self, OrderError> {
        if let Some(d) = discounts
            .iter()
            .filter_map(|g| g.discount.line)
            .find(|d| *d >= lines.len())
        {
            return Err(OrderError::NoSuchLine(d));
        }
        Ok(Cart {
            lines,
            discounts,
            ..Cart::default()
        })
    }

    pub fn lines(&self) -> &[OrderLine] {
        &self.lines
    }
    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }
    pub fn can_undo(&self) -> bool {
        !self.history.is_empty()
    }
    pub fn discounts(&self) -> &[Given<G>] {
        &self.discounts
    }
    /// Which lines are paid now, when the bill is split.
    pub fn split(&self) -> Option<&[bool]> {
        self.split.as_deref()
    }

    /// The discounts dropped since the last call, because what they were given for changed.
    pub fn take_dropped(&mut self) -> Vec<Given<G>> {
        std::mem::take(&mut self.dropped)
    }

    /// Runs `change` on a copy; only a change that succeeds is kept (and becomes undoable).
    fn change(
        &mut self,
        change: impl FnOnce(&mut Vec<OrderLine>) -> Result<Changed, OrderError>,
    ) -> Result<(), OrderError> {
        let mut next = self.lines.clone();
        let what = change(&mut next)?;
        // Refuse states whose totals could overflow, so totals never fail later.
        next.iter().try_fold(0i64, |acc, l| {
            acc.checked_add(l.total()?.minor())
                .ok_or(MoneyError::Overflow("order total"))
        })?;
        let before = std::mem::replace(&mut self.lines, next);
        self.follow(&before, what);
        self.history.push(before);
        Ok(())
    }

    /// Keeps the discounts and the split selection in step with a change of the lines.
    fn follow(&mut self, before: &[OrderLine], what: Changed) {
        let lines = &self.lines;
        let mut kept = Vec::new();
        for g in std::mem::take(&mut self.discounts) {
            let line = match (g.discount.line, &what) {
                // An order discount was approved for the order as it was: any change drops it.
                (None, _) => None,
                (Some(i), Changed::Line(c)) => (i != *c).then_some(Some(i)),
                (Some(i), Changed::Added) => Some(Some(i)),
                (Some(i), Changed::Removed(r)) if i == *r => None,
                (Some(i), Changed::Removed(r)) => Some(Some(if i > *r { i - 1 } else { i })),
                (Some(i), Changed::All) => match (before.get(i), lines.get(i)) {
                    (Some(a), Some(b)) if a.same_priced(b) => Some(Some(i)),
                    _ => None,
                },
            };
            match line {
                Some(line) => kept.push(Given {
                    discount: Discount { line, ..g.discount },
                    grant: g.grant,
                }),
                None => self.dropped.push(g),
            }
        }
        self.discounts = kept;
        // Order discounts go when the order is empty or no longer covers them.
        let fits = |ds: &[Given<G>]| {
            let asked: Vec<Discount> = ds.iter().map(|g| g.discount).collect();
            let currency = self.lines.first().map(|l| l.unit_price.currency());
            currency.is_some_and(|c| super::discount::discounted(&self.lines, &asked, c).is_ok())
        };
        if self.lines.is_empty() || !fits(&self.discounts) {
            let (order, line): (Vec<_>, Vec<_>) = std::mem::take(&mut self.discounts)
                .into_iter()
                .partition(|g| g.discount.line.is_none());
            self.discounts = line;
            self.dropped.extend(order);
        }
        if !fits(&self.discounts) {
            self.dropped.append(&mut self.discounts);
        }
        match (&mut self.split, what) {
            (Some(chosen), Changed::Added) => chosen.push(false),
            (Some(chosen), Changed::Removed(r)) if r < chosen.len() => {
                chosen.remove(r);
            }
            (Some(_), Changed::All) => self.split = None,
            _ => {}
        }
        if self.lines.len() < 2 {
            self.split = None;
        }
    }

    /// Adds a line; an identical line already in the cart gets its quantity raised instead.
    pub fn add(&mut self, line: OrderLine) -> Result<(), OrderError> {
        self.change(|lines| {
            if let Some((i, l)) = lines
                .iter_mut()
                .enumerate()
                .find(|(_, l)| l.same_choice(&line))
            {
                l.qty = Quantity::new(i64::from(l.qty.get()) + i64::from(line.qty.get()))?;
                Ok(Changed::Line(i))
            } else {
                lines.push(line);
                Ok(Changed::Added)
            }
        })
    }

    pub fn set_qty(&mut self, index: usize, qty: i64) -> Result<(), OrderError> {
        let qty = Quantity::new(qty)?;
        if self.lines.get(index).is_some_and(|l| l.qty == qty) {
            return Ok(());
        }
        self.change(|lines| {
            lines
                .get_mut(index)
                .ok_or(OrderError::NoSuchLine(index))?
                .qty = qty;
            Ok(Changed::Line(index))
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
            Ok(Changed::Removed(index))
        })
    }

    /// A note for the bar or kitchen. It changes no price, so the line keeps its discount.
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
        let mut next = self.lines.clone();
        next.get_mut(index)
            .ok_or(OrderError::NoSuchLine(index))?
            .note = note;
        let before = std::mem::replace(&mut self.lines, next);
        self.history.push(before);
        Ok(())
    }

    /// Goes back one change. Returns false when there is nothing to undo. A line that comes
    /// back different loses its discount.
    pub fn undo(&mut self) -> bool {
        match self.history.pop() {
            Some(prev) => {
                let before = std::mem::replace(&mut self.lines, prev);
                self.follow(&before, Changed::All);
                true
            }
            None => false,
        }
    }

    /// Gives a discount, on a line of the order or on all of it. Refused, and nothing kept,
    /// when it does not fit what it comes off, or while the bill is split.
    pub fn give_discount(&mut self, discount: Discount, grant: G) -> Result<(), OrderError> {
        if self.split.is_some() {
            return Err(OrderError::Discount(
                "a discount is given before the bill is split".into(),
            ));
        }
        if discount.line.is_some_and(|l| l >= self.lines.len()) {
            return Err(OrderError::NoSuchLine(discount.line.unwrap_or_default()));
        }
        let mut asked: Vec<Discount> = self.discounts.iter().map(|g| g.discount).collect();
        asked.push(discount);
        let currency = self
            .lines
            .first()
            .map(|l| l.unit_price.currency())
            .ok_or(OrderError::Empty)?;
        super::discount::discounted(&self.lines, &asked, currency)
            .map_err(|e| OrderError::Discount(e.to_string()))?;
        self.discounts.push(Given { discount, grant });
        Ok(())
    }

    /// Takes a discount off again (no approval needed to charge more).
    pub fn remove_discount(&mut self, index: usize) {
        if index < self.discounts.len() {
            self.discounts.remove(index);
        }
    }

    /// Splitting the bill by lines: on (all unchosen) or off. Not with discounts on the
    /// order (they were given for all of it), nor with fewer than two lines.
    pub fn toggle_split(&mut self) {
        self.split = match self.split {
            Some(_) => None,
            None if self.discounts.is_empty() && self.lines.len() > 1 => {
                Some(vec![false; self.lines.len()])
            }
            None => None,
        };
    }

    pub fn choose_line(&mut self, index: usize) {
        if let Some(c) = self.split.as_mut().and_then(|s| s.get_mut(index)) {
            *c = !*c;
        }
    }

    /// The lines paid now: all, or those chosen when the bill is split.
    pub fn pay_lines(&self) -> Vec<OrderLine> {
        match &self.split {
            None => self.lines.clone(),
            Some(chosen) => self
                .lines
                .iter()
                .zip(chosen)
                .filter(|(_, c)| **c)
                .map(|(l, _)| l.clone())
                .collect(),
        }
    }

    /// The lines left for later when the bill is split and not all lines are chosen.
    pub fn unpaid_lines(&self) -> Option<Vec<OrderLine>> {
        let chosen = self.split.as_ref()?;
        chosen.iter().any(|c| !c).then(|| {
            self.lines
                .iter()
                .zip(chosen)
                .filter(|(_, c)| !**c)
                .map(|(l, _)| l.clone())
                .collect()
        })
    }

    /// The lines paid now have been paid: they leave the order (all of it, unless the bill
    /// was split), with their discounts; the undo history ends here, so Undo can never bring
    /// paid lines back.
    pub fn paid(&mut self) {
        self.lines = self.unpaid_lines().unwrap_or_default();
        self.discounts.clear();
        self.split = None;
        self.history.clear();
        self.dropped.clear();
    }

    /// Starts a new order: no lines, no discounts, no history.
    pub fn clear(&mut self) {
        *self = Cart::default();
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
    fn a_line_pinned_as_a_favourite_adds_the_same_line_again() {
        let m = menu();
        let line = iced_lao_coffee_half_sugar(&m);
        let f = favourite_of(&m, &line).unwrap();
        assert_eq!(
            f.name.en,
            "Lao coffee with condensed milk · Iced · Sugar 50 %"
        );
        assert_eq!(f.options, vec![("sugar".into(), "50".into())]);
        let again = build_line(
            &m,
            &f.item,
            &Selection::of_favourite(&m, &f).unwrap(),
            Quantity::ONE,
        )
        .unwrap();
        assert_eq!(again, line);
    }

    #[test]
    fn a_line_with_a_usual_option_taken_off_cannot_be_pinned() {
        // Vanilla comes with the latte unless taken off: a favourite can only add options.
        let text = include_str!("../../assets/menu.toml").replace(
            "{ id = \"vanilla\", en = \"Vanilla syrup\", lo = \"ນ້ຳເຊື່ອມວານິລາ\", price = 5000 }",
            "{ id = \"vanilla\", en = \"Vanilla syrup\", lo = \"ນ້ຳເຊື່ອມວານິລາ\", price = 5000, default = true }",
        );
        let m = Menu::parse("menu", &text).unwrap();
        let id: ItemId = "latte".into();
        let mut sel = Selection::defaults(&m, &id).unwrap();
        assert!(sel.is_chosen(&"syrup".into(), &"vanilla".into()));
        sel.tap(&m, &"syrup".into(), &"vanilla".into());
        let line = build_line(&m, &id, &sel, Quantity::ONE).unwrap();
        assert!(matches!(
            favourite_of(&m, &line),
            Err(OrderError::CannotPin(_))
        ));
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
        let mut c: Cart = Cart::default();
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

    fn half_off(line: Option<usize>) -> Discount {
        Discount {
            line,
            value: crate::domain::discount::DiscountValue::Percent(50),
            reason: crate::domain::discount::DiscountReason::Staff,
        }
    }

    /// A cart whose discounts are granted by a named manager, and `b` a croissant-like line.
    fn discounted_cart() -> Cart<&'static str> {
        let mut c: Cart<&'static str> = Cart::default();
        c.add(line(18_000, 1)).unwrap();
        c.add(OrderLine {
            item: "b".into(),
            ..line(15_000, 1)
        })
        .unwrap();
        c.give_discount(half_off(Some(0)), "Noy").unwrap();
        c
    }

    #[test]
    fn a_line_discount_is_for_the_line_as_it_was_given() {
        // −/+ drops it, and says so once.
        let mut c = discounted_cart();
        c.increment(0).unwrap();
        assert!(c.discounts().is_empty());
        assert_eq!(c.take_dropped().len(), 1);
        assert!(c.take_dropped().is_empty());
        // A merge of an identical line drops it.
        let mut c = discounted_cart();
        c.add(line(18_000, 1)).unwrap();
        assert!(c.discounts().is_empty());
        // Adding another item keeps it; removing a line before it moves it along.
        let mut c = discounted_cart();
        c.add(OrderLine {
            item: "c".into(),
            ..line(5_000, 1)
        })
        .unwrap();
        c.give_discount(half_off(Some(2)), "Noy").unwrap();
        c.remove(1).unwrap();
        let lines: Vec<_> = c.discounts().iter().map(|g| g.discount.line).collect();
        assert_eq!(lines, vec![Some(0), Some(1)]);
        // Removing the line drops it; Undo brings the line back without it.
        c.remove(0).unwrap();
        assert_eq!(c.discounts().len(), 1);
        assert!(c.undo());
        assert_eq!(c.lines().len(), 2);
        assert_eq!(
            c.discounts().len(),
            0,
            "the lines moved, so no discount stays"
        );
        // Undo of the change a discount was given after drops it too.
        let mut c = discounted_cart();
        c.set_note(0, "warm it").unwrap();
        assert_eq!(c.discounts().len(), 1, "a note changes no price");
        c.increment(1).unwrap();
        assert_eq!(c.discounts().len(), 1);
        assert!(c.undo());
        assert_eq!(c.discounts().len(), 1, "line 0 came back the same");
        assert!(c.undo());
        assert!(c.undo());
        assert!(c.discounts().is_empty(), "line 0 is gone");
    }

    #[test]
    fn an_order_discount_goes_with_any_change_of_the_lines() {
        // 100 % off an order of one croissant does not cover four coffees added after it.
        let mut c = discounted_cart();
        c.give_discount(half_off(None), "Noy").unwrap();
        c.set_note(0, "warm").unwrap();
        assert_eq!(c.discounts().len(), 2, "a note changes no price");
        c.add(OrderLine {
            item: "c".into(),
            ..line(20_000, 4)
        })
        .unwrap();
        assert_eq!(c.discounts().len(), 1, "only the line discount stays");
        assert_eq!(c.take_dropped().len(), 1);
        c.remove(1).unwrap();
        c.remove(0).unwrap();
        assert!(c.discounts().is_empty());
        let mut c: Cart<&str> = Cart::default();
        c.add(line(18_000, 2)).unwrap();
        let amount = Discount {
            value: crate::domain::discount::DiscountValue::Amount(Money::lak(20_000)),
            ..half_off(None)
        };
        c.give_discount(amount, "Noy").unwrap();
        c.decrement(0).unwrap();
        assert!(c.discounts().is_empty(), "20,000 off an 18,000 order");
        assert!(c.give_discount(amount, "Noy").is_err());
    }

    #[test]
    fn after_a_split_payment_undo_cannot_bring_paid_lines_back() {
        let mut c = discounted_cart();
        assert!(c.give_discount(half_off(None), "Noy").is_ok());
        c.toggle_split();
        assert!(c.split().is_none(), "no split with discounts on the order");
        let mut c: Cart<&str> = Cart::default();
        c.add(line(18_000, 1)).unwrap();
        c.add(OrderLine {
            item: "b".into(),
            ..line(15_000, 1)
        })
        .unwrap();
        c.toggle_split();
        c.choose_line(1);
        assert!(c.give_discount(half_off(None), "Noy").is_err());
        assert_eq!(c.pay_lines().len(), 1);
        c.paid();
        assert_eq!(c.lines().len(), 1);
        assert!(
            !c.undo() && c.lines().len() == 1,
            "history ends at the payment"
        );
    }

    #[test]
    fn absurd_quantities_are_refused_and_cart_is_unchanged() {
        let m = menu();
        let mut c: Cart = Cart::default();
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

    use crate::domain::test_support::line;

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
            let mut c: Cart = Cart::default();
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
