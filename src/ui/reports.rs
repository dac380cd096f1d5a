//! Adapter of the reports screen (`ui/screens/reports.slint`): the sales report as charts.

use super::controller::{Controller, ReportPeriod};
use super::{AppWindow, Bar, ReportsAdapter, Ui, model};
use crate::app::reports::Line;
use crate::domain::menu::Lang;
use slint::ComponentHandle;

pub(super) fn wire(ui: &Ui) {
    let a = ui.window.global::<ReportsAdapter>();
    let u = ui.handle();
    a.on_pick_period(move |i| u.act(|c| c.reports_pick(i as usize)));
    let u = ui.handle();
    a.on_close(move || u.act(|c| c.reports_close()));
}

/// Bars scaled to the largest amount; `top` keeps only the first ones.
fn bars(lines: &[Line], lang: Lang, top: usize, with_count: bool) -> slint::ModelRc<Bar> {
    let max = lines
        .iter()
        .map(|l| l.amount.minor())
        .max()
        .unwrap_or(0)
        .max(1);
    model(
        lines
            .iter()
            .take(top)
            .map(|l| Bar {
                label: l.name.get(lang).into(),
                value: if with_count {
                    format!("{} · {}", l.count, l.amount).into()
                } else {
                    l.amount.to_string().into()
                },
                fraction: l.amount.minor() as f32 / max as f32,
            })
            .collect(),
    )
}

pub(super) fn show(w: &AppWindow, c: &Controller) {
    let a = w.global::<ReportsAdapter>();
    let Some(period) = c.reports else {
        a.set_open(false);
        return;
    };
    let (from, to) = period.days(c.till.now().date_naive());
    let Ok(r) = c.till.sales_report(from, to) else {
        a.set_open(false);
        return;
    };
    a.set_period(
        ReportPeriod::ALL
            .iter()
            .position(|p| *p == period)
            .unwrap_or(0) as i32,
    );
    a.set_range(
        if from == to {
            from.to_string()
        } else {
            format!("{from} – {to}")
        }
        .into(),
    );
    a.set_sales_count(r.sales as i32);
    a.set_gross(r.gross.to_string().into());
    a.set_vat(r.vat.to_string().into());
    a.set_returns_count((r.voids + r.refunds) as i32);
    a.set_returned(
        r.voided
            .checked_add(r.refunded)
            .map(|m| m.to_string())
            .unwrap_or_default()
            .into(),
    );
    a.set_net(r.net.to_string().into());
    a.set_hours(bars(&r.by_hour, c.lang, 24, true));
    a.set_categories(bars(&r.by_category, c.lang, 10, true));
    a.set_items(bars(&r.by_item, c.lang, 10, true));
    a.set_staff(bars(&r.by_staff, c.lang, 10, true));
    a.set_tenders(bars(&r.by_tender, c.lang, 10, false));
    a.set_open(true);
}
