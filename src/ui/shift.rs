//! Adapter of the shift screen (`ui/screens/shift.slint`): X or Z report, pay-ins and pay-outs.

use super::controller::Controller;
use super::{AppWindow, CashRowView, ShiftAdapter, Ui, model};
use crate::app::session::{BackupState, Move};
use crate::domain::money::Money;
use crate::domain::session::MoveReason;
use slint::ComponentHandle;

pub(super) fn wire(ui: &Ui) {
    let a = ui.window.global::<ShiftAdapter>();
    let u = ui.handle();
    a.on_pay_in(move || u.act(|c| c.move_start(Move::PayIn)));
    let u = ui.handle();
    a.on_pay_out(move || u.act(|c| c.move_start(Move::PayOut)));
    let u = ui.handle();
    a.on_print_report(move || u.act(|c| c.shift_print()));
    let u = ui.handle();
    a.on_close_till(move || u.act(|c| c.shift_close_till()));
    let u = ui.handle();
    a.on_back(move || u.act(|c| c.shift_back()));
    let u = ui.handle();
    a.on_done(move || u.act(|c| c.shift_done()));
    let u = ui.handle();
    a.on_move_key(move |k| u.act(|c| c.move_key(&k)));
    let u = ui.handle();
    a.on_move_backspace(move || u.act(|c| c.move_backspace()));
    let u = ui.handle();
    a.on_move_select_currency(move |i| u.act(|c| c.move_select_currency(i as usize)));
    let u = ui.handle();
    a.on_move_select_reason(move |i| u.act(|c| c.move_select_reason(i as usize)));
    let u = ui.handle();
    a.on_move_save(move || u.act(|c| c.move_save()));
    let u = ui.handle();
    a.on_move_cancel(move || u.act(|c| c.move_cancel()));
}

pub(super) fn show(w: &AppWindow, c: &Controller) {
    let a = w.global::<ShiftAdapter>();
    let Some(view) = &c.shift else {
        a.set_open(false);
        return;
    };
    let report = match &view.z {
        Some(z) => Ok(z.clone()),
        None => c.till.x_report(),
    };
    let Ok(r) = report else {
        a.set_open(false);
        return;
    };
    a.set_z_no(r.z_no.unwrap_or(0) as i32);
    a.set_head(
        r.head
            .as_ref()
            .map(|(seq, hex)| format!("{seq}:{hex}"))
            .unwrap_or_default()
            .into(),
    );
    a.set_session_no(r.session_no as i32);
    let opened = chrono::DateTime::parse_from_rfc3339(&r.opened_at)
        .map(|t| t.format("%Y-%m-%d %H:%M").to_string())
        .unwrap_or_else(|_| r.opened_at.clone());
    a.set_opened(format!("{opened} · {}", r.opened_by).into());
    a.set_sales_count(r.sales as i32);
    a.set_gross(Money::new(r.currency, r.gross).to_string().into());
    a.set_vat(Money::new(r.currency, r.net_vat()).to_string().into());
    a.set_returns_count((r.voids + r.refunds) as i32);
    a.set_returned(
        Money::new(r.currency, r.voided + r.refunded)
            .to_string()
            .into(),
    );
    let cash = r
        .cash
        .iter()
        .filter(|l| !l.is_idle() || l.currency == r.currency)
        .map(|l| {
            let m = |v: i64| Money::new(l.currency, v).to_string();
            let diff = l.over_short().ok().flatten();
            CashRowView {
                currency: l.currency.code().into(),
                float: m(l.float).into(),
                cash_in: m(l.cash_in).into(),
                change: m(l.change_out).into(),
                pay_ins: m(l.pay_ins).into(),
                pay_outs: m(l.pay_outs).into(),
                cash_back: m(l.refunds_out).into(),
                expected: l
                    .expected()
                    .map(|e| e.to_string())
                    .unwrap_or_default()
                    .into(),
                counted: l.counted.map(m).unwrap_or_default().into(),
                over_short: diff
                    .map(|d| Money::new(d.currency(), d.minor().abs()).to_string())
                    .unwrap_or_default()
                    .into(),
                sign: diff.map(|d| d.minor().signum() as i32).unwrap_or(0),
            }
        })
        .collect();
    a.set_cash(model(cash));
    match &view.entry {
        None => a.set_move_kind(0),
        Some(e) => {
            a.set_move_kind(match e.kind {
                Move::PayIn => 1,
                Move::PayOut => 2,
            });
            let currencies = c.drawer_currencies();
            a.set_move_currencies(model(
                currencies.iter().map(|cur| cur.code().into()).collect(),
            ));
            a.set_move_currency(e.currency as i32);
            let amount = currencies
                .get(e.currency)
                .and_then(|cur| Money::parse(*cur, &e.entry).ok())
                .map(|m| m.to_string())
                .unwrap_or_default();
            a.set_move_amount(amount.into());
            a.set_move_reason(
                e.reason
                    .and_then(|r| MoveReason::ALL.iter().position(|x| *x == r))
                    .map_or(-1, |i| i as i32),
            );
            a.set_move_error(e.error.clone().unwrap_or_default().into());
        }
    }
    let (kind, detail) = match &view.printed {
        None => (0, String::new()),
        Some(None) => (1, String::new()),
        Some(Some(why)) => (2, why.clone()),
    };
    a.set_print_kind(kind);
    let (backup_kind, backup_detail) = match (&view.z, c.till.backup_state()) {
        (Some(_), BackupState::Running) => (1, String::new()),
        (Some(_), BackupState::Written(file)) => (
            2,
            file.file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
        ),
        (Some(_), BackupState::Failed(why)) => (3, why.to_owned()),
        _ => (0, String::new()),
    };
    a.set_backup_kind(backup_kind);
    a.set_backup_detail(backup_detail.into());
    a.set_blind(view.z.is_none() && c.blind_count());
    a.set_print_detail(detail.into());
    a.set_open(true);
}
