//! Training mode: practice orders are numbered apart, open no drawer, print a slip marked as
//! not a receipt, and count as practice for the trainee only.

use crate::common::{croissant, signed_in, staff_id, till_with};
use mekong::domain::money::Money;
use mekong::domain::staff::Action;
use mekong::print::RecordingPrinter;
use mekong::print::raster::Rasterizer;
use mekong::print::receipt::{Block, ReceiptDoc, Size, TRAINING_EN, TRAINING_LO};

#[test]
fn a_practice_order_is_no_sale_opens_no_drawer_and_says_so_on_paper() {
    let dir = tempfile::tempdir().unwrap();
    let rec = RecordingPrinter::default();
    let till = till_with(
        dir.path(),
        Box::new(rec.clone()),
        "2026-11-28T10:30:00+07:00",
    );
    let mut till = signed_in(till, "Mai");
    // Mai asks; Noy approves and supervises.
    let noy = staff_id(&till, "Noy");
    assert!(till.authorize(Action::Training).is_none());
    let authority = till.approve(Action::Training, &noy, "2580").unwrap();
    till.start_training(false, &authority).unwrap();
    assert_eq!(till.in_training().unwrap().supervisor.nickname, "Noy");
    let done = till
        .checkout_cash(&croissant(&till), Money::lak(20_000))
        .unwrap();
    assert!(done.sale.training);
    assert_eq!(done.sale.receipt_label(), "VTE1-T000001");
    assert!(rec.drawer_kicks.lock().unwrap().is_empty(), "no drawer");
    assert_eq!(
        mekong::store::sales::sales_count(till.store().conn()).unwrap(),
        0
    );
    let slip = rec.jobs.lock().unwrap().last().unwrap().raster.clone();
    let mut r = Rasterizer::new(576);
    for mark in [TRAINING_LO, TRAINING_EN] {
        let line = r.render(&ReceiptDoc {
            number: "x".into(),
            blocks: vec![Block::Centre {
                text: mark.into(),
                size: Size::Large,
                bold: true,
            }],
        });
        assert!(crate::common::contains_image(&slip, &line), "{mark}");
    }
    let mai = staff_id(&till, "Mai");
    assert_eq!(till.practice_count(&mai).unwrap(), 1);

    // Training for Mai does not follow Kham: his orders are sales.
    let mut till = signed_in(till, "Kham");
    assert!(till.in_training().is_none());
    let sale = till
        .checkout_cash(&croissant(&till), Money::lak(20_000))
        .unwrap();
    assert_eq!(sale.sale.receipt_label(), "VTE1-000001");
    assert_eq!(rec.drawer_kicks.lock().unwrap().len(), 1);
    let kham = staff_id(&till, "Kham");
    assert_eq!(till.practice_count(&kham).unwrap(), 0);
}

#[test]
fn practising_on_a_held_ticket_never_closes_it() {
    use crate::common::{approve_as_noy, signed_in, tap, till_at, ui_with, value};
    let dir = tempfile::tempdir().unwrap();
    let ui = ui_with(signed_in(till_at(dir.path()), "Mai"));
    tap(&ui, "Bakery");
    tap(&ui, "Croissant");
    tap(&ui, "Hold");
    tap(&ui, "Table 3");
    tap(&ui, "Hold order");
    tap(&ui, "Settings");
    approve_as_noy(&ui);
    tap(&ui, "The whole till practises");
    approve_as_noy(&ui);
    tap(&ui, "Back to order");
    tap(&ui, "Tickets (1)");
    tap(&ui, "Recall Table 3");
    tap(&ui, "Pay 18,000 ₭");
    tap(&ui, "18,000 ₭");
    tap(&ui, "Done");
    assert!(value(&ui, "Status").starts_with("Practice order"));
    assert_eq!(ui.controller.borrow().till.held_tickets().unwrap().len(), 1);
    // Whole-till practice ends when Mai signs out; both ends are journalled.
    tap(&ui, "Sign out Mai");
    let c = ui.controller.borrow();
    assert!(c.till.in_training().is_none());
    let kinds: Vec<String> = c
        .till
        .store()
        .conn()
        .prepare("SELECT kind FROM journal WHERE kind LIKE 'training%' ORDER BY seq")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(kinds, ["training_on", "training_off"]);
}
