//! Adapter of the roster week (`ui/screens/roster.slint`).

use super::controller::{Controller, RosterNote};
use super::{AppWindow, CohortHoursView, RosterAdapter, RosterCell, RosterRowView, Ui, model};
use crate::domain::clock::hours_text;
use crate::domain::roster::{Attendance, Day};
use chrono::{Datelike, TimeDelta};
use slint::ComponentHandle;

pub(super) fn wire(ui: &Ui) {
    let a = ui.window.global::<RosterAdapter>();
    let u = ui.handle();
    a.on_previous_week(move || u.act(|c| c.roster_week_step(-1)));
    let u = ui.handle();
    a.on_next_week(move || u.act(|c| c.roster_week_step(1)));
    let u = ui.handle();
    a.on_this_week(move || u.act(|c| c.roster_week_step(0)));
    let u = ui.handle();
    a.on_copy_last_week(move || u.act(|c| c.roster_copy_last_week()));
    let u = ui.handle();
    a.on_pick(move |row, day| u.act(|c| c.roster_pick(row as usize, day as usize)));
    let u = ui.handle();
    a.on_start_earlier(move || u.act(|c| c.roster_nudge_start(-1)));
    let u = ui.handle();
    a.on_start_later(move || u.act(|c| c.roster_nudge_start(1)));
    let u = ui.handle();
    a.on_shorter(move || u.act(|c| c.roster_nudge_length(-1)));
    let u = ui.handle();
    a.on_longer(move || u.act(|c| c.roster_nudge_length(1)));
    let u = ui.handle();
    a.on_save(move || u.act(|c| c.roster_save(true)));
    let u = ui.handle();
    a.on_clear_shift(move || u.act(|c| c.roster_save(false)));
    let u = ui.handle();
    a.on_cancel(move || u.act(|c| c.roster_cancel()));
    let u = ui.handle();
    a.on_close(move || u.act(|c| c.roster_close()));
}

fn cell(d: &Day) -> RosterCell {
    let (mark, late) = match d.attendance {
        None => (0, 0),
        Some(Attendance::Planned) => (1, 0),
        Some(Attendance::OnTime) => (2, 0),
        Some(Attendance::Late(m)) => (3, m),
        Some(Attendance::Missed) => (4, 0),
        Some(Attendance::Extra) => (5, 0),
    };
    RosterCell {
        plan: d.plan.map(|p| p.text()).unwrap_or_default().into(),
        mark,
        late: late as i32,
        worked: if d.worked > TimeDelta::zero() {
            hours_text(d.worked).into()
        } else {
            Default::default()
        },
        review: d.to_review,
    }
}

pub(super) fn show(w: &AppWindow, c: &Controller) {
    let a = w.global::<RosterAdapter>();
    let Some((v, r)) = c
        .people
        .as_ref()
        .and_then(|v| v.roster.as_ref().map(|r| (v, r)))
    else {
        a.set_open(false);
        return;
    };
    let sunday = r.monday + TimeDelta::days(6);
    a.set_week(format!("{} → {}", r.monday, sunday).into());
    a.set_dates(model(
        r.monday
            .iter_days()
            .take(7)
            .map(|d| d.day() as i32)
            .collect(),
    ));
    let today = c.till.today();
    a.set_today(if (r.monday..=sunday).contains(&today) {
        (today - r.monday).num_days() as i32
    } else {
        -1
    });
    let (message_kind, message, count) = match &r.message {
        None => (0, String::new(), 0),
        Some(RosterNote::Problem(m)) => (1, m.clone(), 0),
        Some(RosterNote::Planned) => (2, String::new(), 0),
        Some(RosterNote::Cleared) => (3, String::new(), 0),
        Some(RosterNote::Copied(n)) => (4, String::new(), *n as i32),
        Some(RosterNote::Length(m)) => (5, hours_text(TimeDelta::minutes(*m)), 0),
    };
    match c.till.roster_week(r.monday, &v.authority) {
        Ok(week) => {
            a.set_rows(model(
                week.rows
                    .iter()
                    .map(|row| RosterRowView {
                        nickname: row.nickname.as_str().into(),
                        cells: model(row.days.iter().map(cell).collect()),
                        planned: hours_text(row.tally.planned).into(),
                        worked: hours_text(row.tally.worked).into(),
                    })
                    .collect(),
            ));
            a.set_cohorts(model(
                week.cohorts
                    .iter()
                    .map(|k| CohortHoursView {
                        name: k.name.as_str().into(),
                        people: k.people as i32,
                        planned: hours_text(k.planned).into(),
                        worked: hours_text(k.worked).into(),
                    })
                    .collect(),
            ));
            a.set_message_kind(message_kind);
            a.set_message(message.into());
        }
        Err(e) => {
            a.set_rows(model(Vec::new()));
            a.set_cohorts(model(Vec::new()));
            a.set_message_kind(1);
            a.set_message(e.to_string().into());
        }
    }
    a.set_count(count);
    a.set_editing(r.edit.is_some());
    match &r.edit {
        Some(e) => {
            a.set_edit_name(e.nickname.as_str().into());
            a.set_edit_day((e.day - r.monday).num_days() as i32);
            a.set_edit_start(e.start_text().into());
            a.set_edit_length(hours_text(TimeDelta::minutes(e.minutes)).into());
        }
        None => a.set_edit_name(r.about.as_str().into()),
    }
    a.set_open(true);
}
