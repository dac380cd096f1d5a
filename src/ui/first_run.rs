//! Adapter of the first-run screen (`ui/screens/first-run.slint`): setting up a new till.

use super::controller::Controller;
use super::{AppWindow, FirstRunAdapter, Ui};
use slint::ComponentHandle;

pub(super) fn wire(ui: &Ui) {
    let a = ui.window.global::<FirstRunAdapter>();
    let u = ui.handle();
    a.on_key(move |k| u.act(|c| c.first_run.pin.key(&k)));
    let u = ui.handle();
    a.on_backspace(move || u.act(|c| c.first_run.pin.backspace()));
    let u = ui.handle();
    a.on_clear(move || u.act(|c| c.first_run.pin.clear()));
    let u = ui.handle();
    a.on_choose_again(move |again| u.act(|c| c.first_run.pin.choose(again)));
    let u = ui.handle();
    a.on_submit(move |cafe, till, nickname| u.act(|c| c.first_run_submit(&cafe, &till, &nickname)));
    let u = ui.handle();
    a.on_toggle_language(move || u.act(|c| c.toggle_language()));
}

pub(super) fn show(w: &AppWindow, c: &Controller) {
    let a = w.global::<FirstRunAdapter>();
    if !c.first_run_open() {
        a.set_open(false);
        return;
    }
    let site = &c.till.config().site;
    a.set_cafe_name(site.name.as_str().into());
    a.set_till_id(site.till_id.as_str().into());
    a.set_pin_length(c.first_run.pin.pin.len() as i32);
    a.set_again_length(c.first_run.pin.again.len() as i32);
    a.set_on_again(c.first_run.pin.on_again);
    a.set_message(c.first_run.message.clone().unwrap_or_default().into());
    a.set_open(true);
}
