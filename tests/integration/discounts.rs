//! Discounts: on a line or the whole order, by percent or amount, with a reason; a manager's.

use crate::common::{approve_as_noy, croissant, signed_in, tap, till_at, ui_with, value};
use mekong::domain::discount::{Discount, DiscountReason, DiscountValue};
use mekong::domain::money::Money;
use mekong::domain::staff::Action;

#[test]
fn a_barista_gives_a_line_and_an_order_discount_with_a_managers_approval() {
    let dir = tempfile::tempdir().unwrap();
    let ui = ui_with(signed_in(till_at(dir.path()), "Kham"));
    tap(&ui, "Bakery");
    tap(&ui, "Croissant");
    tap(&ui, "Banana cake");
    tap(&ui, "Discount");
    tap(&ui, "Discount on Croissant");
    tap(&ui, "10 %");
    tap(&ui, "Staff");
    tap(&ui, "Give discount");
    assert_eq!(
        value(&ui, "Title"),
        "Manager approval: a discount, asked by Kham"
    );
    approve_as_noy(&ui);
    assert_eq!(value(&ui, "Discount 1"), "-1,800 ₭");
    assert_eq!(value(&ui, "Total"), "31,200 ₭");
    tap(&ui, "Discount");
    for k in ["1", "2", "0", "0"] {
        tap(&ui, k);
    }
    assert_eq!(value(&ui, "Amount off"), "1,200 ₭");
    tap(&ui, "Regular customer");
    tap(&ui, "Give discount");
    approve_as_noy(&ui);
    assert_eq!(value(&ui, "Total"), "30,000 ₭");
    tap(&ui, "Pay 30,000 ₭");
    tap(&ui, "30,000 ₭");
    tap(&ui, "Done");

    let c = ui.controller.borrow();
    let sale = c.till.find_sale("VTE1-000001").unwrap();
    assert_eq!(sale.gross, Money::lak(30_000));
    assert_eq!(sale.vat, Money::lak(2_727));
    let given: Vec<_> = sale
        .discounts
        .iter()
        .map(|d| (d.applied.discount.line, d.applied.amount.minor()))
        .collect();
    assert_eq!(given, vec![(Some(0), 1_800), (None, 1_200)]);
    let noy = crate::common::staff_id(&c.till, "Noy");
    let kham = crate::common::staff_id(&c.till, "Kham");
    assert!(
        sale.discounts
            .iter()
            .all(|d| d.staff.as_ref() == Some(&kham) && d.approved_by.as_ref() == Some(&noy))
    );
    drop(c);
    let report = mekong::app::verify::verify(dir.path()).unwrap();
    assert!(report.is_ok(), "{:?}", report.problems);
}

#[test]
fn a_discount_cannot_be_more_than_what_it_comes_off_or_given_without_authority() {
    let dir = tempfile::tempdir().unwrap();
    let mut till = till_at(dir.path());
    let lines = croissant(&till);
    let authority = till.authorize(Action::Discount).unwrap();
    let too_big = Discount {
        line: None,
        value: DiscountValue::Amount(Money::lak(20_000)),
        reason: DiscountReason::Other,
    };
    let err = till
        .checkout_with(
            &lines,
            &[(too_big, authority)],
            &[mekong::app::tenders::Payment::cash(Money::lak(20_000))],
        )
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "a discount of 20,000 ₭ is more than the 18,000 ₭ it comes off"
    );
    let free = Discount {
        line: Some(0),
        value: DiscountValue::Percent(100),
        reason: DiscountReason::Staff,
    };
    let wrong = till.authorize(Action::Refund).unwrap();
    assert!(
        till.checkout_with(
            &lines,
            &[(free, wrong)],
            &[mekong::app::tenders::Payment::cash(Money::lak(0))]
        )
        .is_err()
    );
    assert_eq!(
        mekong::store::sales::sales_count(till.store().conn()).unwrap(),
        0
    );
}
