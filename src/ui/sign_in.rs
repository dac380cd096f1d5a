//! Adapter of the PIN screen (`ui/screens/sign-in.slint`): signing in, and a manager's approval.

use super::controller::{Controller, Pending, PinMessage};
use super::{AppWindow, SignInAdapter, StaffTile, Ui, model};
use crate::domain::clock::ClockKind;
use crate::domain::returns::ReturnKind;
use crate::domain::staff::Role;
use slint::ComponentHandle;

pub(super) fn wire(ui: &Ui) {
    let a = ui.window.global::<SignInAdapter>();
    let u = ui.handle();
    a.on_pick(move |i| u.act(|c| c.pin_pick(i as usize)));
    let u = ui.handle();
    a.on_key(move |k| u.act(|c| c.pin_key(&k)));
    let u = ui.handle();
    a.on_backspace(move || u.act(|c| c.pin_backspace()));
    let u = ui.handle();
    a.on_clear(move || u.act(|c| c.pin_clear()));
    let u = ui.handle();
    a.on_submit(move || u.act(|c| c.pin_submit()));
    let u = ui.handle();
    a.on_cancel(move || u.act(|c| c.pin_cancel()));
    let u = ui.handle();
    a.on_unlock(move || u.act(|c| c.pin_unlock()));
    let u = ui.handle();
    a.on_toggle_language(move || u.act(|c| c.toggle_language()));
    let u = ui.handle();
    a.on_clock(move |on_break| u.act(|c| c.pin_clock(on_break)));
}

/// The sale on the return sheet, for the approval's title.
fn receipt(c: &Controller) -> String {
    c.return_sheet
        .as_ref()
        .map(|s| s.receipt.clone())
        .unwrap_or_default()
}

pub(super) fn show(w: &AppWindow, c: &Controller) {
    let a = w.global::<SignInAdapter>();
    if !c.pin_screen_open() {
        a.set_open(false);
        return;
    }
    let candidates = c.pin_candidates();
    a.set_chosen(
        candidates
            .iter()
            .position(|e| Some(&e.staff.id) == c.pin.chosen.as_ref())
            .map_or(-1, |i| i as i32),
    );
    a.set_staff(model(
        candidates
            .iter()
            .map(|e| StaffTile {
                nickname: e.staff.nickname.as_str().into(),
                role: match e.staff.role {
                    Role::Trainee => 0,
                    Role::Barista => 1,
                    Role::Manager => 2,
                    Role::Admin => 3,
                },
                locked_until: e
                    .locked_until
                    .map(|t| t.format("%H:%M").to_string())
                    .unwrap_or_default()
                    .into(),
                manager_lock: e.manager_lock,
            })
            .collect(),
    ));
    let (purpose, detail) = match &c.pin.approving {
        None => (0, String::new()),
        Some(Pending::Settings) => (1, String::new()),
        Some(Pending::OpenDrawer) => (2, String::new()),
        Some(Pending::Unlock(_, nickname)) => (3, nickname.clone()),
        Some(Pending::CloseTill) => (4, String::new()),
        Some(Pending::Return(ReturnKind::Void)) => (5, receipt(c)),
        Some(Pending::Return(ReturnKind::Refund)) => (6, receipt(c)),
        Some(Pending::Training(_)) => (7, String::new()),
        Some(Pending::Discount) => (8, String::new()),
        Some(Pending::StopTraining) => (9, String::new()),
        Some(Pending::PayOut(amount)) => (10, amount.to_string()),
        Some(Pending::ConfirmClock(now, _)) => (11, now.format("%Y-%m-%d %H:%M").to_string()),
        Some(Pending::Favourites) => (12, String::new()),
    };
    a.set_purpose(purpose);
    a.set_purpose_detail(detail.into());
    a.set_asked_by(
        c.till
            .on_duty()
            .map(|s| s.nickname.clone())
            .unwrap_or_default()
            .into(),
    );
    a.set_entry_length(c.pin.entry.len() as i32);
    let (time, worked) = match &c.pin.message {
        Some(PinMessage::Clocked(k)) => (
            k.at.format("%H:%M").to_string(),
            k.worked
                .map(crate::domain::clock::hours_text)
                .unwrap_or_default(),
        ),
        _ => Default::default(),
    };
    a.set_message_time(time.into());
    a.set_message_worked(worked.into());
    let (kind, detail, tries) = match &c.pin.message {
        None => (0, String::new(), 0),
        Some(PinMessage::ChooseName) => (1, String::new(), 0),
        Some(PinMessage::WrongPin { tries_left }) => (2, String::new(), *tries_left as i32),
        Some(PinMessage::Locked(until)) => (3, until.format("%H:%M").to_string(), 0),
        Some(PinMessage::NotAllowed(who)) => (4, who.clone(), 0),
        Some(PinMessage::Unlocked(who)) => (5, who.clone(), 0),
        Some(PinMessage::Problem(p)) => (6, p.clone(), 0),
        Some(PinMessage::AutoLocked(minutes)) => (7, minutes.to_string(), 0),
        Some(PinMessage::LockedForManager) => (8, String::new(), 0),
        Some(PinMessage::Clocked(k)) => (
            match k.kind {
                ClockKind::In => 9,
                ClockKind::Out => 10,
                ClockKind::BreakStart => 11,
                ClockKind::BreakEnd => 12,
            },
            k.nickname.clone(),
            0,
        ),
    };
    a.set_message_kind(kind);
    a.set_message_detail(detail.into());
    a.set_tries_left(tries);
    a.set_open(true);
}
