//! Adapter of the option sheet (`ui/screens/modifiers.slint`).

use super::controller::Controller;
use super::{AppWindow, GroupView, ModifierAdapter, OptionView, Ui, model};
use crate::domain::menu::Choose;
use crate::domain::money::Money;
use slint::ComponentHandle;

fn delta_text(m: Money) -> String {
    if m.minor() == 0 {
        String::new()
    } else {
        format!("+{m}")
    }
}

pub(super) fn wire(ui: &Ui) {
    let a = ui.window.global::<ModifierAdapter>();
    let u = ui.handle();
    a.on_pick_variant(move |i| u.act(|c| c.sheet_pick_variant(i as usize)));
    let u = ui.handle();
    a.on_pick_option(move |g, o| u.act(|c| c.sheet_pick_option(g as usize, o as usize)));
    let u = ui.handle();
    a.on_change_qty(move |d| u.act(|c| c.sheet_change_qty(i64::from(d))));
    let u = ui.handle();
    a.on_add(move || u.act(|c| c.sheet_add()));
    let u = ui.handle();
    a.on_cancel(move || u.act(|c| c.sheet_cancel()));
}

pub(super) fn show(w: &AppWindow, c: &Controller) {
    let a = w.global::<ModifierAdapter>();
    let menu = c.till.menu();
    let Some((sheet, item)) = c
        .sheet
        .as_ref()
        .and_then(|s| Some((s, menu.item(&s.item)?)))
    else {
        a.set_open(false);
        return;
    };
    let lang = c.lang;
    a.set_item_name(item.name.get(lang).into());
    let unit = c.sheet_unit_price().unwrap_or(item.from_price());
    a.set_price(unit.times(sheet.qty).unwrap_or(unit).to_string().into());
    a.set_qty(i32::from(sheet.qty.get()));
    a.set_variants(model(
        item.variants
            .iter()
            .map(|v| OptionView {
                name: v.name.get(lang).into(),
                price: v.price.to_string().into(),
                selected: v.id == sheet.selection.variant,
            })
            .collect(),
    ));
    a.set_groups(model(
        menu.groups_for(item, &sheet.selection.variant)
            .map(|g| GroupView {
                name: g.name.get(lang).into(),
                many: g.choose == Choose::Any,
                options: model(
                    g.options
                        .iter()
                        .map(|o| OptionView {
                            name: o.name.get(lang).into(),
                            price: delta_text(o.delta).into(),
                            selected: sheet.selection.is_chosen(&g.id, &o.id),
                        })
                        .collect(),
                ),
            })
            .collect(),
    ));
    a.set_open(true);
}
