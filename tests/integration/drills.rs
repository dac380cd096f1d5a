//! Practice drills: a card from the menu, rung up and paid as usual in training mode, the
//! change counted by the trainee; scored, kept as evidence from the till, never a sale.

use crate::common::{
    button, digits, has_label, signed_in, staff_id, tap, till_with, ui_with, value, value_or_empty,
};
use mekong::domain::drill::Drill;
use mekong::domain::money::Money;
use mekong::domain::skills::Level;
use mekong::domain::staff::Action;
use mekong::print::RecordingPrinter;

/// Mai signed in and practising under Noy, on a till printing to `rec`.
fn mai_practising(dir: &std::path::Path, rec: &RecordingPrinter) -> mekong::app::Till {
    let till = till_with(dir, Box::new(rec.clone()), "2026-11-28T10:30:00+07:00");
    let mut till = signed_in(till, "Mai");
    let noy = staff_id(&till, "Noy");
    let authority = till.approve(Action::Training, &noy, "2580").unwrap();
    till.start_training(false, &authority).unwrap();
    till
}

/// A seed whose Foundation drill is one Lao coffee with its sugar off the default, paid with
/// one note.
fn one_lao_coffee_with_sugar(till: &mekong::app::Till) -> (u32, Drill) {
    let step = till.config().money.cash_step;
    (0..10_000u32)
        .find_map(|seed| {
            let d = Drill::generate(till.menu(), Level::Foundation, u64::from(seed), step).ok()?;
            let [asked] = d.asked.as_slice() else {
                return None;
            };
            let sugar_off = asked
                .line
                .modifiers
                .iter()
                .any(|m| m.group.as_str() == "sugar" && m.option.as_str() != "100");
            (asked.line.item.as_str() == "lao-coffee"
                && asked.line.qty.get() == 1
                && sugar_off
                && d.pays_with.len() == 1)
                .then_some((seed, d))
        })
        .expect("a seed with one Lao coffee")
}

#[test]
fn a_drill_with_a_wrong_option_and_wrong_change_scores_as_such_and_is_kept_as_evidence() {
    let dir = tempfile::tempdir().unwrap();
    let rec = RecordingPrinter::default();
    let till = mai_practising(dir.path(), &rec);
    let mai = staff_id(&till, "Mai");
    let (seed, drill) = one_lao_coffee_with_sugar(&till);
    let ui = ui_with(till);

    // The card comes from the training bar and goes away again.
    tap(&ui, "Practice drill");
    assert!(value(&ui, "Drill card").contains("She pays with"));
    tap(&ui, "Put the card away");
    assert!(!has_label(&ui, "Drill card"));

    ui.controller
        .borrow_mut()
        .till
        .start_drill(Some(seed))
        .unwrap();
    ui.refresh();
    let card = value(&ui, "Drill card");
    assert!(
        card.starts_with("One Lao coffee with condensed milk ("),
        "{card}"
    );

    // She rings up the right variant with the default sugar: the wrong option.
    let asked = &drill.asked[0].line;
    tap(&ui, "Lao coffee");
    tap(&ui, "Lao coffee with condensed milk");
    tap(&ui, &asked.variant_name.en);
    tap(&ui, "Add to order");
    let rung = ui.controller.borrow().cart.lines()[0].clone();
    assert_ne!(rung.modifiers, asked.modifiers);
    let pay = button(&ui, &format!("Pay {}", rung.total().unwrap()));
    pay.invoke_accessible_default_action();
    // She enters the note she was handed; the payment screen keeps the change to herself.
    digits(&ui, &drill.pays_with[0].amount_text().replace(',', ""));
    assert_eq!(value_or_empty(&ui, "Change due"), "");
    tap(&ui, "Done");

    // Nothing was sold or printed; she counts the change, and gets it wrong by 1,000.
    assert!(value(&ui, "Count the change").contains(&drill.paid().to_string()));
    let wrong = Money::lak(drill.change.minor() + 1_000);
    for d in wrong.amount_text().replace(',', "").chars() {
        tap(&ui, &format!("Change key {d}"));
    }
    tap(&ui, "Give change");

    assert_eq!(value(&ui, "Drill score"), "20");
    assert_eq!(value(&ui, "Items"), "right");
    assert_eq!(value(&ui, "Options"), "not right");
    assert_eq!(value(&ui, "Quantities"), "right");
    assert_eq!(value(&ui, "Money taken"), "right");
    assert_eq!(value(&ui, "Change"), "not right");
    let first = value(&ui, "Drill feedback 1");
    assert!(
        first.starts_with("The customer asked for Lao coffee"),
        "{first}"
    );
    let second = value(&ui, "Drill feedback 2");
    assert!(
        second.contains(&drill.change.to_string()) && second.contains(&wrong.to_string()),
        "{second}"
    );

    let c = ui.controller.borrow();
    let conn = c.till.store().conn();
    let kept = mekong::store::drills::of_person(conn, &mai, "2026-01-01".parse().unwrap()).unwrap();
    assert_eq!(kept.len(), 1);
    let d = &kept[0];
    assert_eq!((d.points, d.seed, d.level), (20, seed, Level::Foundation));
    assert!(d.lines_right && !d.options_right && d.quantities_right);
    assert!(d.tender_right && !d.change_right);
    assert_eq!(d.supervisor, staff_id(&c.till, "Noy"));
    // Never a sale: no order, no practice order, no drawer, no paper.
    assert_eq!(mekong::store::sales::sales_count(conn).unwrap(), 0);
    assert!(rec.drawer_kicks.lock().unwrap().is_empty());
    assert!(rec.jobs.lock().unwrap().is_empty());
    let kinds: Vec<String> = conn
        .prepare("SELECT kind FROM journal ORDER BY seq DESC LIMIT 1")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(kinds, ["drill_scored"]);
    let report = mekong::app::verify::verify(dir.path()).unwrap();
    assert!(report.problems.is_empty(), "{:?}", report.problems);
}

#[test]
fn a_drill_is_only_in_training_mode_and_ends_with_it() {
    let dir = tempfile::tempdir().unwrap();
    let rec = RecordingPrinter::default();
    let till = till_with(
        dir.path(),
        Box::new(rec.clone()),
        "2026-11-28T10:30:00+07:00",
    );
    let mut till = signed_in(till, "Mai");
    let err = till.start_drill(Some(1)).unwrap_err();
    assert_eq!(
        err.to_string(),
        "drills are practice: a manager starts training mode for you first"
    );
    let noy = staff_id(&till, "Noy");
    let authority = till.approve(Action::Training, &noy, "2580").unwrap();
    till.start_training(false, &authority).unwrap();
    till.start_drill(Some(1)).unwrap();
    assert!(till.drill().is_some());
    // Kham signs in: Mai's drill is not his, and it is gone when she signs out.
    let till = signed_in(till, "Kham");
    assert!(till.drill().is_none());
    let mut till = signed_in(till, "Mai");
    assert!(till.drill().is_none());
    assert!(matches!(
        till.finish_drill(&[], &[], Money::lak(0)),
        Err(mekong::app::drills::DrillsError::NoDrill)
    ));
}

#[test]
fn a_drill_order_is_never_held_and_leaves_with_the_card() {
    let dir = tempfile::tempdir().unwrap();
    let rec = RecordingPrinter::default();
    let till = mai_practising(dir.path(), &rec);
    let ui = ui_with(till);
    tap(&ui, "Practice drill");
    tap(&ui, "Bakery");
    tap(&ui, "Croissant");
    // Held, the practice order would be a real ticket anyone could take payment for: the
    // screen offers neither holding nor recalling, and the till refuses it all the same.
    assert_eq!(button(&ui, "Hold").accessible_enabled(), Some(false));
    assert_eq!(button(&ui, "Tickets (0)").accessible_enabled(), Some(false));
    ui.controller.borrow_mut().hold_save("Table 4");
    ui.refresh();
    assert!(
        value(&ui, "Status").starts_with("a drill's order is practice"),
        "{}",
        value(&ui, "Status")
    );
    assert_eq!(value(&ui, "Total"), "18,000 ₭");
    // Put away, the card takes its order with it.
    tap(&ui, "Put the card away");
    assert_eq!(value(&ui, "Total"), "0 ₭");
    // Rung up again and signed out: the next person finds no practice order to sell.
    tap(&ui, "Practice drill");
    tap(&ui, "Croissant");
    ui.controller.borrow_mut().sign_out();
    ui.refresh();
    assert_eq!(
        ui.controller.borrow().till.held_tickets().unwrap().len(),
        0,
        "nothing was held"
    );
    assert!(ui.controller.borrow().cart.is_empty());
}
