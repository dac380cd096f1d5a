//! Adapter of the order-taking screen (`ui/screens/till.slint`).

use super::controller::{Controller, Problem, Status};
use super::{AppWindow, CartLineView, DiscountView, HeldView, ItemView, TillAdapter, Ui, model};
use crate::app::printing::PrinterFault;
use crate::domain::discount::{DiscountReason, DiscountValue};
use crate::domain::money::Money;
use crate::print::status::NotReady;
use slint::ComponentHandle;

pub(super) fn wire(ui: &Ui) {
    let a = ui.window.global::<TillAdapter>();
    let u = ui.handle();
    a.on_select_category(move |i| u.act(|c| c.select_category(i as usize)));
    let u = ui.handle();
    a.on_tap_item(move |i| u.act(|c| c.tap_item(i as usize)));
    let u = ui.handle();
    a.on_cash_exact(move || u.act(|c| c.cash_exact()));
    let u = ui.handle();
    a.on_increment(move |i| u.act(|c| c.increment(i as usize)));
    let u = ui.handle();
    a.on_decrement(move |i| u.act(|c| c.decrement(i as usize)));
    let u = ui.handle();
    a.on_remove(move |i| u.act(|c| c.remove(i as usize)));
    let u = ui.handle();
    a.on_edit_note(move |i| u.act(|c| c.edit_note(i as usize)));
    let u = ui.handle();
    a.on_save_note(move |text| u.act(|c| c.save_note(&text)));
    let u = ui.handle();
    a.on_cancel_note(move || u.act(|c| c.cancel_note()));
    let u = ui.handle();
    a.on_undo(move || u.act(|c| c.undo()));
    let u = ui.handle();
    a.on_pay(move || u.act(|c| c.open_payment()));
    let u = ui.handle();
    a.on_toggle_language(move || u.act(|c| c.toggle_language()));
    let u = ui.handle();
    a.on_print_held(move || u.act(|c| c.decide_held(true)));
    let u = ui.handle();
    a.on_drop_held(move || u.act(|c| c.decide_held(false)));
    let u = ui.handle();
    a.on_reprint_last(move || u.act(|c| c.reprint_last()));
    let u = ui.handle();
    a.on_open_settings(move || u.act(|c| c.open_settings()));
    let u = ui.handle();
    a.on_sign_out(move || u.act(|c| c.sign_out()));
    let u = ui.handle();
    a.on_clock(move |clock_in| u.act(|c| c.clock_tap(clock_in)));
    let u = ui.handle();
    a.on_clock_offer_dismiss(move || u.act(|c| c.clock_offer_dismiss()));
    let u = ui.handle();
    a.on_open_shift(move || u.act(|c| c.open_shift()));
    let u = ui.handle();
    a.on_stop_training(move || u.act(|c| c.stop_training()));
    let u = ui.handle();
    a.on_start_drill(move || u.act(|c| c.start_drill()));
    let u = ui.handle();
    a.on_stop_drill(move || u.act(|c| c.stop_drill()));
    let u = ui.handle();
    a.on_drill_key(move |key| u.act(|c| c.drill_key(&key)));
    let u = ui.handle();
    a.on_drill_backspace(move || u.act(|c| c.drill_backspace()));
    let u = ui.handle();
    a.on_drill_give_change(move || u.act(|c| c.drill_give_change()));
    let u = ui.handle();
    a.on_hold(move || u.act(|c| c.hold()));
    let u = ui.handle();
    a.on_hold_save(move |name| u.act(|c| c.hold_save(&name)));
    let u = ui.handle();
    a.on_hold_cancel(move || u.act(|c| c.hold_cancel()));
    let u = ui.handle();
    a.on_show_tickets(move || u.act(|c| c.show_tickets()));
    let u = ui.handle();
    a.on_tickets_close(move || u.act(|c| c.tickets_close()));
    let u = ui.handle();
    a.on_recall(move |i| u.act(|c| c.recall(i as usize)));
    let u = ui.handle();
    a.on_toggle_split(move || u.act(|c| c.toggle_split()));
    let u = ui.handle();
    a.on_choose_line(move |i| u.act(|c| c.choose_line(i as usize)));
    let u = ui.handle();
    a.on_discount(move || u.act(|c| c.discount_start()));
    let u = ui.handle();
    a.on_discount_target_pick(move |i| u.act(|c| c.discount_target(usize::try_from(i).ok())));
    let u = ui.handle();
    a.on_discount_percent_pick(move |p| {
        u.act(|c| c.discount_percent(u8::try_from(p).unwrap_or(0)))
    });
    let u = ui.handle();
    a.on_discount_key(move |k| u.act(|c| c.discount_key(&k)));
    let u = ui.handle();
    a.on_discount_backspace(move || u.act(|c| c.discount_backspace()));
    let u = ui.handle();
    a.on_discount_reason_pick(move |i| u.act(|c| c.discount_reason(i as usize)));
    let u = ui.handle();
    a.on_discount_apply(move || u.act(|c| c.discount_apply()));
    let u = ui.handle();
    a.on_discount_cancel(move || u.act(|c| c.discount_cancel()));
    let u = ui.handle();
    a.on_discount_remove(move |i| u.act(|c| c.discount_remove(i as usize)));
    let u = ui.handle();
    a.on_edit_favourites(move || u.act(|c| c.edit_favourites()));
    let u = ui.handle();
    a.on_favourite_pin(move |i| u.act(|c| c.favourite_pin(i as usize)));
    let u = ui.handle();
    a.on_favourite_up(move |i| u.act(|c| c.favourite_up(i as usize)));
    let u = ui.handle();
    a.on_favourite_remove(move |i| u.act(|c| c.favourite_remove(i as usize)));
    let u = ui.handle();
    a.on_favourites_done(move || u.act(|c| c.favourites_done()));
}

pub(super) fn show(w: &AppWindow, c: &Controller) {
    let a = w.global::<TillAdapter>();
    let lang = c.lang;
    let menu = c.till.menu();
    a.set_site_name(c.till.config().site.name.as_str().into());
    a.set_staff_name(
        c.till
            .on_duty()
            .map(|s| s.nickname.clone())
            .unwrap_or_default()
            .into(),
    );
    a.set_clocked_in(c.on_duty_clocked_in());
    a.set_clock_offer(c.clock_offer);
    a.set_categories(model(
        menu.categories
            .iter()
            .map(|cat| cat.name.get(lang).into())
            .collect(),
    ));
    a.set_category(c.category as i32);
    let items = match c.shown_category() {
        Some(i) => menu
            .categories
            .get(i)
            .map(|cat| cat.items.as_slice())
            .unwrap_or_default(),
        None => &[],
    };
    let favourites = if c.shown_category().is_none() {
        menu.favourites.as_slice()
    } else {
        &[]
    };
    a.set_items(model(
        favourites
            .iter()
            .map(|f| {
                let price = crate::domain::order::Selection::of_favourite(menu, f)
                    .and_then(|s| {
                        crate::domain::order::build_line(
                            menu,
                            &f.item,
                            &s,
                            crate::domain::money::Quantity::ONE,
                        )
                    })
                    .map(|l| l.unit_price.to_string())
                    .unwrap_or_default();
                ItemView {
                    name: f.name.get(lang).into(),
                    price: price.into(),
                }
            })
            .chain(items.iter().map(|i| {
                let lo = i.from_price();
                let hi = i.variants.iter().map(|v| v.price).max().unwrap_or(lo);
                let price = if lo == hi {
                    lo.to_string()
                } else {
                    format!("{} – {}", lo.amount_text(), hi)
                };
                ItemView {
                    name: i.name.get(lang).into(),
                    price: price.into(),
                }
            }))
            .collect(),
    ));
    a.set_lines(model(
        c.cart
            .lines()
            .iter()
            .enumerate()
            .map(|(i, l)| {
                let name = if l.variant_name.en.is_empty() {
                    l.item_name.get(lang).to_owned()
                } else {
                    format!("{} ({})", l.item_name.get(lang), l.variant_name.get(lang))
                };
                let details: Vec<&str> = l.modifiers.iter().map(|m| m.name.get(lang)).collect();
                CartLineView {
                    chosen: c
                        .cart
                        .split()
                        .and_then(|s| s.get(i).copied())
                        .unwrap_or(false),
                    name: name.into(),
                    details: details.join(" · ").into(),
                    note: l.note.as_str().into(),
                    qty: i32::from(l.qty.get()),
                    total: l.total().map(|t| t.to_string()).unwrap_or_default().into(),
                }
            })
            .collect(),
    ));
    let rate = c.till.vat_rate_now();
    let currency = c.till.config().money.currency;
    // The order's totals, worked out once for this refresh.
    let totals = c.order_totals();
    let can_pay = totals.is_ok() && !c.pay_lines().is_empty();
    a.set_can_pay(can_pay);
    a.set_exact_cash(
        totals
            .as_ref()
            .ok()
            .filter(|_| can_pay)
            .and_then(|(t, _)| c.exact_cash_of(t.gross))
            .map(|m| m.to_string())
            .unwrap_or_default()
            .into(),
    );
    if let Ok((t, applied)) = totals {
        a.set_total(t.gross.to_string().into());
        a.set_vat(t.vat.to_string().into());
        a.set_discounts(model(
            applied
                .iter()
                .map(|d| {
                    let what = match d.discount.value {
                        DiscountValue::Percent(p) => format!("{p} %"),
                        DiscountValue::Amount(m) => m.to_string(),
                    };
                    let on = d
                        .discount
                        .line
                        .and_then(|i| c.cart.lines().get(i))
                        .map(|l| format!(" · {}", l.item_name.get(lang)))
                        .unwrap_or_default();
                    DiscountView {
                        label: format!("{what}{on}").into(),
                        amount: d.amount.to_string().into(),
                    }
                })
                .collect(),
        ));
    }
    match &c.discount_sheet {
        None => a.set_discount_open(false),
        Some(s) => {
            a.set_discount_targets(model(
                c.cart
                    .lines()
                    .iter()
                    .map(|l| l.item_name.get(lang).into())
                    .collect(),
            ));
            a.set_discount_target(s.line.map_or(-1, |l| l as i32));
            a.set_discount_percent(s.percent.map_or(0, i32::from));
            a.set_discount_amount(
                Money::parse(currency, &s.entry)
                    .map(|m| m.to_string())
                    .unwrap_or_default()
                    .into(),
            );
            a.set_discount_reason(
                s.reason
                    .and_then(|r| DiscountReason::ALL.iter().position(|x| *x == r))
                    .map_or(-1, |i| i as i32),
            );
            a.set_discount_error(s.error.clone().unwrap_or_default().into());
            // Under a manager's approval the sheet waits, out of reach of the PIN keys.
            a.set_discount_open(!c.pin_screen_open());
        }
    }
    match &c.favourites {
        None => a.set_favourites_open(false),
        Some(edit) => {
            a.set_pinned(model(
                menu.favourites
                    .iter()
                    .map(|f| f.name.get(lang).into())
                    .collect(),
            ));
            // Each line as the favourite it would make.
            a.set_pin_lines(model(
                c.cart
                    .lines()
                    .iter()
                    .map(|l| {
                        crate::domain::order::favourite_of(menu, l)
                            .map(|f| f.name.get(lang).to_owned())
                            .unwrap_or_else(|_| l.item_name.get(lang).to_owned())
                            .into()
                    })
                    .collect(),
            ));
            use crate::app::{AppError, favourites::FavouriteError};
            use crate::domain::order::OrderError;
            let (kind, name) = match &edit.error {
                None => (0, String::new()),
                Some(AppError::Favourite(FavouriteError::AlreadyPinned(n))) => {
                    (1, n.get(lang).to_owned())
                }
                Some(AppError::Favourite(FavouriteError::Full)) => (2, String::new()),
                Some(AppError::Favourite(FavouriteError::Order(OrderError::CannotPin(n)))) => {
                    (3, n.get(lang).to_owned())
                }
                Some(e) => (4, e.to_string()),
            };
            a.set_favourites_error(kind);
            a.set_favourites_error_name(name.into());
            a.set_favourites_open(!c.pin_screen_open());
        }
    }
    a.set_vat_rate(rate.percent().normalize().to_string().into());
    a.set_can_undo(c.cart.can_undo());
    a.set_note_line(c.note_line.map(|i| i as i32).unwrap_or(-1));
    a.set_note_text(
        c.note_line
            .and_then(|i| c.cart.lines().get(i))
            .map(|l| l.note.as_str())
            .unwrap_or("")
            .into(),
    );
    let (kind, receipt, amount, detail) = match &c.status {
        Status::None => (0, String::new(), String::new(), String::new()),
        Status::Saved {
            receipt,
            change,
            print_fault,
            drawer_fault,
        } => {
            // A receipt that did not print matters more than a drawer that did not open.
            let (kind, detail) = match (print_fault, drawer_fault) {
                (Some(f), _) => {
                    let (n, detail) = fault_words(f);
                    (5 + n, detail)
                }
                (None, Some(f)) => (11, fault_words(f).1),
                (None, None) => (1, String::new()),
            };
            (kind, receipt.clone(), change.to_string(), detail)
        }
        Status::Problem(Problem::QuantityLimit) => (3, String::new(), String::new(), String::new()),
        Status::Problem(Problem::OrderOnScreen) => {
            (13, String::new(), String::new(), String::new())
        }
        Status::Problem(Problem::DiscountDropped) => {
            (14, String::new(), String::new(), String::new())
        }
        Status::Problem(Problem::MenuFile(d)) => (4, String::new(), String::new(), d.clone()),
        Status::Problem(Problem::Other(d)) => (5, String::new(), String::new(), d.clone()),
        Status::Practised { receipt, change } => {
            (12, receipt.clone(), change.to_string(), String::new())
        }
        // Who, when, and the hours of the shift a clock-out ended.
        Status::Clocked(k) => (
            if k.kind == crate::domain::clock::ClockKind::In {
                15
            } else {
                16
            },
            k.nickname.clone(),
            k.at.format("%H:%M").to_string(),
            k.worked
                .map(crate::domain::clock::hours_text)
                .unwrap_or_default(),
        ),
    };
    a.set_ticket_name(
        c.ticket
            .as_ref()
            .map(|(_, name)| name.clone())
            .unwrap_or_default()
            .into(),
    );
    // The held orders are read in full only while their list is open; the button needs a count.
    a.set_tickets_held(
        c.till
            .held_count(c.ticket.as_ref().map(|(id, _)| id.as_str()))
            .unwrap_or(0) as i32,
    );
    let held = if c.tickets_open { c.held() } else { Vec::new() };
    a.set_held(model(
        held.iter()
            .map(|t| {
                let items: u32 = t.lines.iter().map(|l| u32::from(l.qty.get())).sum();
                let total = crate::domain::order::totals(&t.lines, currency, rate)
                    .map(|x| x.gross.to_string())
                    .unwrap_or_default();
                let at = chrono::DateTime::parse_from_rfc3339(&t.held_at)
                    .map(|t| t.format("%H:%M").to_string())
                    .unwrap_or_default();
                HeldView {
                    name: t.name.as_str().into(),
                    items: items as i32,
                    total: total.into(),
                    at: at.into(),
                }
            })
            .collect(),
    ));
    a.set_hold_open(c.hold_open);
    a.set_tickets_open(c.tickets_open);
    a.set_split(c.cart.split().is_some());
    let training = c.till.in_training();
    a.set_training(training.is_some());
    a.set_training_supervisor(
        training
            .map(|t| t.supervisor.nickname.clone())
            .unwrap_or_default()
            .into(),
    );
    let practised = match (training, c.till.on_duty()) {
        (Some(_), Some(s)) => c.till.practice_count(&s.id).unwrap_or(0),
        _ => 0,
    };
    a.set_practice_count(practised as i32);
    show_drill(w, c);
    show_printer(w, c);
    show_sync(w, c);
    a.set_can_reprint(c.last_sale.is_some());
    a.set_status_kind(kind);
    a.set_status_receipt(receipt.into());
    a.set_status_amount(amount.into());
    a.set_status_detail(detail.into());
}

/// The drill panel: the card, the change being counted, or the score.
fn show_drill(w: &AppWindow, c: &Controller) {
    use crate::ui::controller::DrillStep;
    let a = w.global::<TillAdapter>();
    let lang = c.lang;
    a.set_drill_stage(c.drill_stage());
    let running = c.till.drill();
    a.set_drill_card(
        running
            .map(|r| r.drill.card(lang))
            .unwrap_or_default()
            .into(),
    );
    a.set_drill_level(
        running
            .map(|r| r.drill.level.name().get(lang).to_owned())
            .unwrap_or_default()
            .into(),
    );
    let (total, paid, entry, error) = match &c.drill {
        Some(DrillStep::Change {
            total,
            paid,
            entry,
            error,
            ..
        }) => (
            total.to_string(),
            paid.to_string(),
            entry.clone(),
            error.clone().unwrap_or_default(),
        ),
        _ => Default::default(),
    };
    a.set_drill_total(total.into());
    a.set_drill_paid(paid.into());
    a.set_drill_change(entry.into());
    a.set_drill_error(error.into());
    if let Some(DrillStep::Scored(s)) = &c.drill {
        let score = &s.score;
        a.set_drill_points(score.points as i32);
        a.set_drill_headline(score.headline(lang).into());
        a.set_drill_right(model(vec![
            score.lines_right,
            score.options_right,
            score.quantities_right,
            score.tender_right,
            score.change_right,
            score.seconds <= score.target_seconds,
        ]));
        a.set_drill_time(
            match lang {
                crate::domain::menu::Lang::En => format!("{} s", score.seconds),
                crate::domain::menu::Lang::Lo => format!("{} ວິນາທີ", score.seconds),
            }
            .into(),
        );
        a.set_drill_feedback(model(
            score
                .mistakes
                .iter()
                .map(|m| m.words(lang).into())
                .collect(),
        ));
    }
}

/// A printer fault as the screens name it: 1 out of paper, 2 cover open, 3 in error,
/// 4 not answering, 5 another problem; with the detail for 4 and 5.
fn fault_words(f: &PrinterFault) -> (i32, String) {
    match f {
        PrinterFault::NotReady(NotReady::PaperOut) => (1, String::new()),
        PrinterFault::NotReady(NotReady::CoverOpen) => (2, String::new()),
        PrinterFault::NotReady(NotReady::Error) => (3, String::new()),
        PrinterFault::NotReady(NotReady::Offline) => (4, NotReady::Offline.to_string()),
        PrinterFault::NoAnswer(d) => (4, d.clone()),
        PrinterFault::Other(d) => (5, d.clone()),
    }
}

/// Head office's line under the café's name: what waits to be sent, when it last went, or
/// what went wrong, in words. Read from the outbox, which the sync thread writes.
pub(super) fn show_sync(w: &AppWindow, c: &Controller) {
    let a = w.global::<TillAdapter>();
    if c.till.config().sync.url.is_none() {
        a.set_sync_kind(0);
        return;
    }
    let Ok(state) = crate::store::outbox::state(c.till.store().conn()) else {
        return;
    };
    let when = state
        .last_success_at
        .as_deref()
        .and_then(|t| chrono::DateTime::parse_from_rfc3339(t).ok())
        .map(|t| {
            if t.date_naive() == c.till.today() {
                t.format("%H:%M").to_string()
            } else {
                t.format("%Y-%m-%d %H:%M").to_string()
            }
        });
    // The last try failed (or sync could not start: a missing token file), after the last
    // success.
    let failing = state.last_error.filter(|_| {
        state.last_try_at.as_deref().unwrap_or("") >= state.last_success_at.as_deref().unwrap_or("")
    });
    let (kind, count, detail) = if state.refused > 0 {
        (5, state.refused, state.refused_why.unwrap_or_default())
    } else if let Some(e) = failing {
        (4, state.pending, e)
    } else if state.pending == 0 && when.is_some() {
        (1, 0, String::new())
    } else if when.is_none() {
        (3, state.pending, String::new())
    } else {
        (2, state.pending, String::new())
    };
    a.set_sync_kind(kind);
    a.set_sync_count(count as i32);
    a.set_sync_when(when.unwrap_or_default().into());
    a.set_sync_detail(detail.into());
}

/// The printer line only: refreshed on a timer while the printer thread works, without
/// touching the rest of the screen (a note being typed must not be reset).
pub(super) fn show_printer(w: &AppWindow, c: &Controller) {
    let a = w.global::<TillAdapter>();
    let state = c.till.print_state();
    let (kind, detail) = match (&state.fault, state.waiting, &state.drawer_fault) {
        (Some(f), 1.., _) => fault_words(f),
        // On the printer thread a drawer that did not open is only known from here.
        (_, _, Some(f)) => (6, fault_words(f).1),
        _ => (0, String::new()),
    };
    a.set_printer_kind(kind);
    a.set_printer_detail(detail.into());
    a.set_waiting_count(state.waiting as i32);
    a.set_held_count(state.held as i32);
}
