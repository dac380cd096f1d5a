//! Adapter of the settings screen (`ui/screens/settings.slint`): the printer, a test page and
//! the cash drawer.

use super::controller::{Controller, SALES_LISTED, SettingsResult};
use super::{AppWindow, RateRow, ReturnLine, SaleRow, SettingsAdapter, Ui, model};
use crate::domain::money::Money;
use crate::domain::returns::{ReturnKind, ReturnReason};
use slint::ComponentHandle;

pub(super) fn wire(ui: &Ui) {
    let a = ui.window.global::<SettingsAdapter>();
    let u = ui.handle();
    a.on_print_test_page(move || u.act(|c| c.print_test_page()));
    let u = ui.handle();
    a.on_open_drawer(move || u.act(|c| c.open_drawer()));
    let u = ui.handle();
    a.on_close(move || u.act(|c| c.close_settings()));
    let u = ui.handle();
    a.on_reprint(move |i| u.act(|c| c.reprint_listed(i as usize)));
    let u = ui.handle();
    a.on_edit_rate(move |i| u.act(|c| c.edit_rate(i as usize)));
    let u = ui.handle();
    a.on_rate_key(move |k| u.act(|c| c.rate_key(&k)));
    let u = ui.handle();
    a.on_rate_backspace(move || u.act(|c| c.rate_backspace()));
    let u = ui.handle();
    a.on_rate_save(move || u.act(|c| c.rate_save()));
    let u = ui.handle();
    a.on_rate_cancel(move || u.act(|c| c.rate_cancel()));
    let u = ui.handle();
    a.on_open_reports(move || u.act(|c| c.open_reports()));
    let u = ui.handle();
    a.on_open_people(move || u.act(|c| c.open_people()));
    let u = ui.handle();
    a.on_train_one(move || u.act(|c| c.start_training(false)));
    let u = ui.handle();
    a.on_train_all(move || u.act(|c| c.start_training(true)));
    let u = ui.handle();
    a.on_stop_training(move || u.act(|c| c.stop_training()));
    let u = ui.handle();
    a.on_start_return(move |i| u.act(|c| c.start_return(i as usize)));
    let u = ui.handle();
    a.on_return_more(move |i| u.act(|c| c.return_change(i as usize, 1)));
    let u = ui.handle();
    a.on_return_fewer(move |i| u.act(|c| c.return_change(i as usize, -1)));
    let u = ui.handle();
    a.on_return_reason_pick(move |i| u.act(|c| c.return_reason(i as usize)));
    let u = ui.handle();
    a.on_void_sale(move || u.act(|c| c.return_request(ReturnKind::Void)));
    let u = ui.handle();
    a.on_refund_chosen(move || u.act(|c| c.return_request(ReturnKind::Refund)));
    let u = ui.handle();
    a.on_return_cancel(move || u.act(|c| c.return_cancel()));
}

pub(super) fn show(w: &AppWindow, c: &Controller) {
    let a = w.global::<SettingsAdapter>();
    if !c.settings_open {
        a.set_open(false);
        return;
    }
    let config = c.till.config();
    let dots = config.printer.width_dots;
    a.set_printer(c.till.printer_name().into());
    a.set_paper_mm(if dots <= 384 { 58 } else { 80 });
    a.set_paper_dots(dots as i32);
    a.set_drawer_pin(config.printer.drawer_pin.map(i32::from).unwrap_or(0));
    let stations: Vec<String> = config
        .tickets
        .stations
        .iter()
        .map(|s| s.name().get(c.lang).to_owned())
        .collect();
    a.set_stations(stations.join(", ").into());
    a.set_ticket_printer(c.till.ticket_printer_name().unwrap_or_default().into());
    let sales = c.till.recent_sales(SALES_LISTED).unwrap_or_default();
    a.set_sales(model(
        sales
            .iter()
            .map(|s| SaleRow {
                label: s.label.as_str().into(),
                time: s.at.format("%H:%M").to_string().into(),
                total: s.total.to_string().into(),
                returned: if s.voided {
                    1
                } else if s.returned.minor() == 0 {
                    0
                } else if s.returned >= s.total {
                    3
                } else {
                    2
                },
                left: s
                    .total
                    .checked_sub(s.returned)
                    .map(|m| m.to_string())
                    .unwrap_or_default()
                    .into(),
            })
            .collect(),
    ));
    a.set_on_duty(
        c.till
            .on_duty()
            .map(|s| s.nickname.clone())
            .unwrap_or_default()
            .into(),
    );
    a.set_training(c.till.in_training().is_some());
    let base = config.money.currency;
    let foreign = c.foreign_currencies();
    a.set_rates(model(
        foreign
            .iter()
            .map(|cur| RateRow {
                code: cur.code().into(),
                rate: c
                    .till
                    .rate_today(*cur)
                    .ok()
                    .flatten()
                    .map(|r| {
                        format!(
                            "1 {} = {} · {}",
                            cur.symbol(),
                            Money::new(base, r.per_unit),
                            r.from
                        )
                    })
                    .unwrap_or_default()
                    .into(),
            })
            .collect(),
    ));
    match &c.rate_entry {
        None => a.set_rate_editing(-1),
        Some(r) => {
            a.set_rate_editing(
                foreign
                    .iter()
                    .position(|f| *f == r.currency)
                    .map_or(-1, |i| i as i32),
            );
            a.set_rate_entry(
                Money::parse(base, &r.entry)
                    .map(|m| m.to_string())
                    .unwrap_or_default()
                    .into(),
            );
            a.set_rate_error(r.error.clone().unwrap_or_default().into());
            let (old, new) = r
                .confirm
                .map(|(o, n)| (o.to_string(), n.to_string()))
                .unwrap_or_default();
            a.set_rate_old(old.into());
            a.set_rate_new(new.into());
        }
    }
    match &c.return_sheet {
        None => a.set_return_receipt(Default::default()),
        Some(s) => {
            a.set_return_receipt(s.receipt.as_str().into());
            a.set_return_lines(model(
                s.lines
                    .iter()
                    .map(|(name, left, chosen)| ReturnLine {
                        name: name.as_str().into(),
                        left: *left as i32,
                        chosen: *chosen as i32,
                    })
                    .collect(),
            ));
            a.set_return_reason(
                s.reason
                    .and_then(|r| ReturnReason::ALL.iter().position(|x| *x == r))
                    .map_or(-1, |i| i as i32),
            );
            a.set_return_error(s.error.clone().unwrap_or_default().into());
            let back = |plan: &Option<crate::domain::returns::ReturnPlan>| {
                let m = |minor| Money::new(base, minor).to_string();
                match plan {
                    None => (String::new(), String::new()),
                    Some(p) => (
                        m(p.cash()),
                        if p.qr() > 0 { m(p.qr()) } else { String::new() },
                    ),
                }
            };
            let (cash, qr) = back(&s.void_back.clone().ok());
            a.set_return_void_cash(cash.into());
            a.set_return_void_qr(qr.into());
            a.set_return_can_void(s.void_back.is_ok());
            a.set_return_no_void(s.void_back.clone().err().unwrap_or_default().into());
            let (cash, qr) = back(&s.refund_back);
            a.set_return_refund_cash(cash.into());
            a.set_return_refund_qr(qr.into());
            a.set_return_can_refund(s.refund_back.is_some());
        }
    }
    show_result(w, c);
    a.set_open(true);
}

/// What the last button did. On the printer thread a test page reports back through the
/// print state, so this is also refreshed on the printer line's timer.
pub(super) fn show_result(w: &AppWindow, c: &Controller) {
    let a = w.global::<SettingsAdapter>();
    let mut amount = String::new();
    let (kind, detail) = match &c.settings_result {
        None => (0, String::new()),
        Some(SettingsResult::TestPageSent) => match c.till.print_state().printed_now {
            Some(Some(fault)) => (2, fault.to_string()),
            _ => (1, String::new()),
        },
        Some(SettingsResult::TestPageFailed(d)) => (2, d.clone()),
        Some(SettingsResult::DrawerOpened) => (3, String::new()),
        Some(SettingsResult::DrawerFailed(d)) => (4, d.clone()),
        Some(SettingsResult::CopySent(label)) => (5, label.clone()),
        Some(SettingsResult::CopyFailed(d)) => (6, d.clone()),
        Some(SettingsResult::ManagersOnly) => (8, String::new()),
        Some(SettingsResult::Returned(kind, receipt, gross)) => {
            amount = gross.to_string();
            (
                match kind {
                    ReturnKind::Void => 7,
                    ReturnKind::Refund => 9,
                },
                receipt.clone(),
            )
        }
    };
    a.set_result_amount(amount.into());
    a.set_result_kind(kind);
    a.set_result_detail(detail.into());
}
