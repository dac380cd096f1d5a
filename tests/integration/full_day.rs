//! A whole café day through the screens (Slint testing backend): open with a float, sales in
//! kip, baht, dollars and Lao QR, a void, a refund, a training order, a pay-out, and a close
//! that is 1,000 kip short. The Z report shows exactly that, and the practice order is nowhere
//! in it.

use crate::common::{
    HandClock, approve_as_noy, digits, has_label, sign_in_on_screen, tap, till_signed_out, ui_with,
    value,
};
use mekong::domain::money::{Currency, Money};
use mekong::ui::Ui;

fn approve(ui: &Ui) {
    assert!(value(ui, "Title").starts_with("Manager approval"));
    approve_as_noy(ui);
}

fn croissants(ui: &Ui, n: usize) {
    tap(ui, "Bakery");
    for _ in 0..n {
        tap(ui, "Croissant");
    }
}

#[test]
fn a_whole_day_ends_in_a_z_report_one_thousand_kip_short_without_the_practice() {
    let dir = tempfile::tempdir().unwrap();
    let clock = HandClock::at("2026-11-28T06:50:00+07:00");
    let ui = ui_with(till_signed_out(dir.path(), &clock));

    // 06:50 Noy opens with 400,000 kip and sets the day's rates.
    sign_in_on_screen(&ui, "Noy");
    tap(&ui, "Ten more 20,000 ₭");
    tap(&ui, "Ten more 20,000 ₭");
    tap(&ui, "Open the till");
    tap(&ui, "Settings");
    tap(&ui, "Set rate THB");
    digits(&ui, "633");
    tap(&ui, "Save rate");
    tap(&ui, "Set rate USD");
    digits(&ui, "21500");
    tap(&ui, "Save rate");
    tap(&ui, "Back to order");
    tap(&ui, "Sign out Noy");

    // Kham sells.
    sign_in_on_screen(&ui, "Kham");
    clock.advance(3600);
    croissants(&ui, 1);
    tap(&ui, "Pay 18,000 ₭");
    tap(&ui, "20,000 ₭");
    tap(&ui, "Done"); // VTE1-000001, 2,000 change
    croissants(&ui, 2);
    tap(&ui, "Pay 36,000 ₭");
    tap(&ui, "THB");
    digits(&ui, "20");
    tap(&ui, "Take this part");
    tap(&ui, "USD");
    digits(&ui, "1");
    tap(&ui, "Take this part");
    assert_eq!(value(&ui, "Left to pay"), "1,840 ₭");
    digits(&ui, "2000");
    tap(&ui, "Done"); // VTE1-000002: ฿20 + $1 + 2,000 kip, 160 change rounds to 0
    croissants(&ui, 1);
    tap(&ui, "Pay 18,000 ₭");
    tap(&ui, "Lao QR transfer");
    tap(&ui, "Received"); // VTE1-000003 by QR
    croissants(&ui, 1);
    tap(&ui, "Pay 18,000 ₭");
    tap(&ui, "20,000 ₭");
    tap(&ui, "Done"); // VTE1-000004, to be voided
    assert_eq!(
        value(&ui, "Status"),
        "Sale VTE1-000004 saved. Change given 2,000 ₭"
    );

    // A void and a refund, each approved by Noy.
    tap(&ui, "Settings");
    approve(&ui);
    tap(&ui, "Return VTE1-000004");
    tap(&ui, "Rung up by mistake");
    tap(&ui, "Void the whole sale");
    approve(&ui);
    assert_eq!(
        value(&ui, "Result"),
        "Sale VTE1-000004 voided: 18,000 ₭ goes back to the customer."
    );
    tap(&ui, "Return VTE1-000001");
    tap(&ui, "More back Croissant");
    tap(&ui, "Not good");
    tap(&ui, "Refund the chosen");
    approve(&ui);
    assert_eq!(
        value(&ui, "Result"),
        "Refund on VTE1-000001 saved: 18,000 ₭ goes back to the customer."
    );
    tap(&ui, "Back to order");
    tap(&ui, "Sign out Kham");

    // Mai practises under Noy.
    sign_in_on_screen(&ui, "Mai");
    tap(&ui, "Settings");
    approve(&ui);
    tap(&ui, "Practice for Mai");
    approve(&ui);
    tap(&ui, "Back to order");
    assert!(value(&ui, "Training").contains("supervisor Noy"));
    croissants(&ui, 1);
    tap(&ui, "Pay 18,000 ₭");
    tap(&ui, "20,000 ₭");
    tap(&ui, "Done");
    assert_eq!(
        value(&ui, "Status"),
        "Practice order VTE1-T000001 done (not a sale). Change would be 2,000 ₭"
    );
    assert!(value(&ui, "Training").ends_with("practised so far: 1"));
    // Stopping practice is a manager's too, and journalled.
    tap(&ui, "Stop training");
    approve(&ui);
    assert!(!has_label(&ui, "Training"));

    // A pay-out for milk.
    tap(&ui, "Shift");
    tap(&ui, "Pay out");
    digits(&ui, "35");
    tap(&ui, "000");
    tap(&ui, "Supplies");
    tap(&ui, "Save");
    approve(&ui);
    // Mai counts blind; the manager sees 400,000 + 42,000 cash in − 4,000 change − 35,000
    // paid out − 36,000 back.
    assert!(!has_label(&ui, "Expected LAK"));
    assert_eq!(
        ui.controller.borrow().till.x_report().unwrap().cash[0]
            .expected()
            .unwrap(),
        mekong::domain::money::Money::lak(367_000)
    );

    // Close: the drawer holds 366,000 kip, ฿20 and $1.
    clock.advance(9 * 3600);
    tap(&ui, "Close the till");
    approve(&ui);
    for (note, n) in [
        ("100,000 ₭", 3),
        ("50,000 ₭", 1),
        ("10,000 ₭", 1),
        ("5,000 ₭", 1),
        ("1,000 ₭", 1),
    ] {
        for _ in 0..n {
            tap(&ui, &format!("More {note}"));
        }
    }
    tap(&ui, "THB");
    tap(&ui, "More ฿20.00");
    tap(&ui, "USD");
    tap(&ui, "More $1.00");
    tap(&ui, "Close the till and print the Z report");
    assert_eq!(value(&ui, "Title"), "Z report 1 · the till is closed");
    assert_eq!(value(&ui, "Over or short LAK"), "short 1,000 ₭");
    assert_eq!(value(&ui, "Over or short THB"), "exact");
    assert_eq!(value(&ui, "Over or short USD"), "exact");

    let c = ui.controller.borrow();
    let z = c.till.z_report(Some(1)).unwrap().unwrap();
    // Four sales (the practice order is not one), a void and a refund of 18,000 each.
    assert_eq!((z.sales, z.gross), (4, 90_000));
    assert_eq!(
        (z.voids, z.voided, z.refunds, z.refunded),
        (1, 18_000, 1, 18_000)
    );
    let lak = &z.cash[0];
    assert_eq!(
        (
            lak.float,
            lak.cash_in,
            lak.change_out,
            lak.pay_outs,
            lak.refunds_out
        ),
        (400_000, 42_000, 4_000, 35_000, 36_000)
    );
    assert_eq!(lak.over_short().unwrap(), Some(Money::lak(-1_000)));
    assert!(
        z.tenders
            .iter()
            .any(|t| t.kind == "qr" && t.amount == 18_000)
    );
    assert_eq!(
        z.cash
            .iter()
            .map(|l| (l.currency, l.counted))
            .collect::<Vec<_>>(),
        vec![
            (Currency::Lak, Some(366_000)),
            (Currency::Thb, Some(2_000)),
            (Currency::Usd, Some(100))
        ]
    );
    let practice: i64 = c
        .till
        .store()
        .conn()
        .query_row("SELECT count(*) FROM training_orders", [], |r| r.get(0))
        .unwrap();
    assert_eq!(practice, 1);
    let today = "2026-11-28".parse().unwrap();
    assert_eq!(c.till.sales_report(today, today).unwrap().sales, 4);
    // The practice slip says what it is; the drawer never opened for it (virtual printer:
    // it printed its slip and nothing else).
    assert!(dir.path().join("receipts/VTE1-T000001.png").exists());
    drop(c);
    tap(&ui, "Done");
    let report = mekong::app::verify::verify(dir.path()).unwrap();
    assert!(report.is_ok(), "{:?}", report.problems);
}
