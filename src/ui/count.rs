//! Adapter of the count screen (`ui/screens/count.slint`): the float, and the closing count.

use super::controller::Controller;
use super::{AppWindow, CountAdapter, CountRow, Ui, model};
use crate::domain::money::Money;
use crate::domain::session::denominations;
use slint::ComponentHandle;

pub(super) fn wire(ui: &Ui) {
    let a = ui.window.global::<CountAdapter>();
    let u = ui.handle();
    a.on_select_currency(move |i| u.act(|c| c.count_select_currency(i as usize)));
    let u = ui.handle();
    a.on_more(move |i| u.act(|c| c.count_change(i as usize, 1)));
    let u = ui.handle();
    a.on_more_ten(move |i| u.act(|c| c.count_change(i as usize, 10)));
    let u = ui.handle();
    a.on_fewer(move |i| u.act(|c| c.count_change(i as usize, -1)));
    let u = ui.handle();
    a.on_confirm(move || u.act(|c| c.count_confirm()));
    let u = ui.handle();
    a.on_cancel(move || u.act(|c| c.count_cancel()));
}

pub(super) fn show(w: &AppWindow, c: &Controller) {
    let a = w.global::<CountAdapter>();
    let Some(counting) = &c.counting else {
        a.set_open(false);
        return;
    };
    let currencies = c.drawer_currencies();
    a.set_purpose(if counting.closing.is_some() { 1 } else { 0 });
    a.set_currencies(model(
        currencies.iter().map(|cur| cur.code().into()).collect(),
    ));
    a.set_totals(model(
        currencies
            .iter()
            .map(|cur| counting.count.total(*cur).to_string().into())
            .collect(),
    ));
    a.set_currency(counting.currency as i32);
    let rows = currencies
        .get(counting.currency)
        .map(|cur| {
            denominations(*cur)
                .iter()
                .map(|d| {
                    let pieces = counting.count.pieces(*cur, *d);
                    CountRow {
                        note: Money::new(*cur, *d).to_string().into(),
                        pieces: pieces as i32,
                        subtotal: Money::new(*cur, d * i64::from(pieces)).to_string().into(),
                    }
                })
                .collect()
        })
        .unwrap_or_default();
    a.set_rows(model(rows));
    a.set_error(counting.error.clone().unwrap_or_default().into());
    a.set_open(true);
}
