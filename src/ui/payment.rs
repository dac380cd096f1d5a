//! Adapter of the cash payment screen (`ui/screens/payment.slint`).

use super::controller::Controller;
use super::{AppWindow, PayCurrency, PaymentAdapter, TakenView, Ui, model};
use crate::domain::money::Money;
use crate::domain::order::OrderError;
use crate::domain::sale::TenderKind;
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
    let u = ui.handle();
    a.on_select_currency(move |i| u.act(|c| c.select_pay_currency(i as usize)));
    let u = ui.handle();
    a.on_add_part(move || u.act(|c| c.add_part()));
    let u = ui.handle();
    a.on_remove_taken(move |i| u.act(|c| c.remove_taken(i as usize)));
    let u = ui.handle();
    a.on_qr(move || u.act(|c| c.qr_start()));
    let u = ui.handle();
    a.on_qr_received(move || u.act(|c| c.qr_received()));
    let u = ui.handle();
    a.on_qr_cancel(move || u.act(|c| c.qr_cancel()));
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
    a.set_drill(c.till.drill().is_some());
    a.set_short_by(short.into());
    a.set_can_finish(ok);
    a.set_nothing_to_pay(c.nothing_to_pay());
    a.set_error(p.error.clone().unwrap_or_default().into());
    a.set_disk_full(p.disk_full);
    let base = c.till.config().money.currency;
    a.set_currencies(model(
        c.drawer_currencies()
            .iter()
            .map(|cur| {
                let rate = if *cur == base {
                    None
                } else {
                    c.till.rate_today(*cur).ok().flatten()
                };
                PayCurrency {
                    code: cur.code().into(),
                    rate: rate
                        .map(|r| format!("1 {} = {}", cur.symbol(), Money::new(base, r.per_unit)))
                        .unwrap_or_default()
                        .into(),
                    enabled: *cur == base || rate.is_some(),
                }
            })
            .collect(),
    ));
    a.set_currency(p.currency as i32);
    a.set_taken(model(
        p.taken
            .iter()
            .map(|t| {
                let foreign = t.amount.currency() != base;
                TakenView {
                    kind: match t.kind {
                        TenderKind::Cash => 0,
                        TenderKind::Qr => 1,
                    },
                    amount: t.amount.to_string().into(),
                    value: if foreign {
                        c.till
                            .tender_of(*t)
                            .map(|v| v.value.to_string())
                            .unwrap_or_default()
                            .into()
                    } else {
                        Default::default()
                    },
                }
            })
            .collect(),
    ));
    a.set_left(if p.taken.is_empty() {
        Default::default()
    } else {
        c.left_to_pay().to_string().into()
    });
    let worth = c
        .tendered()
        .filter(|t| t.currency() != base)
        .and_then(|t| c.till.tender_of(crate::app::tenders::Payment::cash(t)).ok())
        .map(|t| format!("= {}", t.value))
        .unwrap_or_default();
    a.set_entry_value(worth.into());
    a.set_qr_open(p.qr.is_some());
    a.set_qr_amount(p.qr.map(|m| m.to_string()).unwrap_or_default().into());
    a.set_open(true);
}
