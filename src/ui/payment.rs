//! Adapter of the cash payment screen (`ui/screens/payment.slint`).

use super::controller::Controller;
use super::{AppWindow, PaymentAdapter, Ui, model};
use crate::domain::order::OrderError;
use slint::ComponentHandle;

pub(super) fn wire(ui: &Ui) {
    let a = ui.window.global::<PaymentAdapter>();
    let u = ui.handle();
    a.on_quick_tender(move |i| u.act(|c| c.quick_tender(i as usize)));
    let u = ui.handle();
    a.on_key(move |k| u.act(|c| c.key(&k)));
    let u = ui.handle();
    a.on_backspace(move || u.act(|c| c.backspace()));
    let u = ui.handle();
    a.on_clear(move || u.act(|c| c.clear_entry()));
    let u = ui.handle();
    a.on_back(move || u.act(|c| c.back_to_order()));
    let u = ui.handle();
    a.on_done(move || u.act(|c| c.finish_payment()));
}

pub(super) fn show(w: &AppWindow, c: &Controller) {
    let a = w.global::<PaymentAdapter>();
    let Some(p) = &c.payment else {
        a.set_open(false);
        return;
    };
    a.set_total(c.total().to_string().into());
    a.set_quick(model(
        c.quick_amounts()
            .iter()
            .map(|m| m.to_string().into())
            .collect(),
    ));
    a.set_tendered(
        c.tendered()
            .map(|m| m.to_string())
            .unwrap_or_default()
            .into(),
    );
    let (change, exact, short, ok) = match c.settlement() {
        None => (String::new(), String::new(), String::new(), false),
        Some(Ok(s)) => {
            let exact = if s.rounding.minor() != 0 {
                s.change_exact.to_string()
            } else {
                String::new()
            };
            (s.change_given.to_string(), exact, String::new(), true)
        }
        Some(Err(OrderError::Insufficient { short_by, .. })) => {
            (String::new(), String::new(), short_by.to_string(), false)
        }
        Some(Err(e)) => (String::new(), String::new(), e.to_string(), false),
    };
    let step = crate::domain::money::Money::new(
        c.total().currency(),
        c.till.config().money.cash_step.get(),
    );
    a.set_cash_step(step.to_string().into());
    a.set_change(change.into());
    a.set_change_exact(exact.into());
    a.set_short_by(short.into());
    a.set_can_finish(ok);
    a.set_error(p.error.clone().unwrap_or_default().into());
    a.set_open(true);
}
