//! Paying in kip, baht and dollars at the day's rates a manager sets, by Lao QR transfer, and
//! split between them.

use crate::common::{croissant, digits, has_label, tap, till_at, ui_at, value};
use mekong::app::CheckoutError;
use mekong::app::tenders::Payment;
use mekong::domain::money::{Currency, Money};
use mekong::domain::sale::TenderKind;
use mekong::domain::staff::Action;

#[test]
fn a_manager_sets_rates_and_an_order_is_paid_in_baht_dollars_and_lao_qr() {
    let dir = tempfile::tempdir().unwrap();
    let ui = ui_at(dir.path());
    tap(&ui, "Settings");
    assert_eq!(value(&ui, "Rate THB"), "no rate set: not taken today");
    tap(&ui, "Set rate THB");
    digits(&ui, "633");
    assert_eq!(value(&ui, "New rate"), "633 ₭");
    tap(&ui, "Save rate");
    assert_eq!(value(&ui, "Rate THB"), "1 ฿ = 633 ₭ · 2026-11-28");
    tap(&ui, "Set rate USD");
    digits(&ui, "21500");
    tap(&ui, "Save rate");
    assert_eq!(value(&ui, "Rate USD"), "1 $ = 21,500 ₭ · 2026-11-28");
    tap(&ui, "Back to order");

    tap(&ui, "Bakery");
    tap(&ui, "Croissant");
    tap(&ui, "Croissant");
    tap(&ui, "Pay 36,000 ₭");
    tap(&ui, "THB");
    digits(&ui, "20");
    assert_eq!(value(&ui, "Worth"), "= 12,660 ₭");
    tap(&ui, "Take this part");
    assert_eq!(value(&ui, "Left to pay"), "23,340 ₭");
    assert_eq!(value(&ui, "Taken 1"), "Cash ฿20.00 = 12,660 ₭");
    tap(&ui, "USD");
    digits(&ui, "1");
    tap(&ui, "Take this part");
    assert_eq!(value(&ui, "Left to pay"), "1,840 ₭");
    tap(&ui, "Lao QR transfer");
    assert_eq!(value(&ui, "QR amount"), "1,840 ₭");
    tap(&ui, "Received");
    assert_eq!(
        value(&ui, "Status"),
        "Sale VTE1-000001 saved. Change given 0 ₭"
    );

    let c = ui.controller.borrow();
    let sale = c.till.find_sale("VTE1-000001").unwrap();
    let tenders: Vec<_> = sale
        .tenders
        .iter()
        .map(|t| (t.kind, t.amount, t.value.minor(), t.rate))
        .collect();
    assert_eq!(
        tenders,
        vec![
            (
                TenderKind::Cash,
                Money::new(Currency::Thb, 2_000),
                12_660,
                Some(633)
            ),
            (
                TenderKind::Cash,
                Money::new(Currency::Usd, 100),
                21_500,
                Some(21_500)
            ),
            (TenderKind::Qr, Money::lak(1_840), 1_840, None),
        ]
    );
    // The drawer holds the baht and the dollar; the X report counts them in their currencies.
    let x = c.till.x_report().unwrap();
    let cash_in: Vec<_> = x
        .cash
        .iter()
        .map(|l| (l.currency, l.cash_in, l.expected().unwrap().minor()))
        .collect();
    assert_eq!(
        cash_in,
        vec![
            (Currency::Lak, 0, 0),
            (Currency::Thb, 2_000, 2_000),
            (Currency::Usd, 100, 100)
        ]
    );
    assert!(
        x.tenders
            .iter()
            .any(|t| t.kind == "qr" && t.amount == 1_840)
    );
    drop(c);
    // And the journal agrees with every tender.
    let report = mekong::app::verify::verify(dir.path()).unwrap();
    assert!(report.is_ok(), "{:?}", report.problems);
}

#[test]
fn foreign_cash_needs_a_rate_and_qr_cannot_pay_more_than_the_total() {
    let dir = tempfile::tempdir().unwrap();
    let mut till = till_at(dir.path());
    let lines = croissant(&till);
    let baht = Payment::cash(Money::new(Currency::Thb, 5_000));
    let err = till.checkout(&lines, &[baht]).unwrap_err();
    assert_eq!(
        err.to_string(),
        "there is no exchange rate for THB today: a manager sets it in Settings"
    );
    let authority = till.authorize(Action::ChangeSettings).unwrap();
    let tomorrow = "2026-11-29".parse().unwrap();
    till.set_rate(Currency::Thb, 640, tomorrow, &authority, false)
        .unwrap();
    assert!(matches!(
        till.checkout(&lines, &[baht]),
        Err(CheckoutError::NoRate("THB"))
    ));
    let today = "2026-11-28".parse().unwrap();
    till.set_rate(Currency::Thb, 600, today, &authority, false)
        .unwrap();
    till.set_rate(Currency::Thb, 630, today, &authority, false)
        .unwrap();
    assert_eq!(
        till.rate_today(Currency::Thb).unwrap().unwrap().per_unit,
        630
    );
    assert!(
        till.set_rate(Currency::Lak, 1, today, &authority, false)
            .unwrap_err()
            .to_string()
            .contains("foreign currency")
    );
    // ฿50 at 630 = 31,500 kip for an 18,000 croissant: 13,500 change in kip.
    let done = till.checkout(&lines, &[baht]).unwrap();
    assert_eq!(done.sale.change_given, Money::lak(13_500));
    let qr = Payment::qr(Money::lak(20_000));
    assert!(matches!(
        till.checkout(&lines, &[qr]),
        Err(CheckoutError::QrTooMuch(_))
    ));
    let exact = till
        .checkout(&lines, &[Payment::qr(Money::lak(18_000))])
        .unwrap();
    assert_eq!(exact.sale.change_given, Money::lak(0));
    let rate_records: i64 = till
        .store()
        .conn()
        .query_row(
            "SELECT count(*) FROM journal WHERE kind = 'rate_set'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(rate_records, 3);
    assert!(!any_value_without_its_rate(&till));
}

/// No tender ever has a value without its rate.
fn any_value_without_its_rate(till: &mekong::app::Till) -> bool {
    till.store()
        .conn()
        .query_row(
            "SELECT count(*) FROM orders o, json_each(o.record, '$.tenders') t
             WHERE (t.value ->> 'value' IS NULL) != (t.value ->> 'rate' IS NULL)",
            [],
            |r| r.get::<_, i64>(0),
        )
        .unwrap()
        > 0
}

#[test]
fn a_qr_payment_can_be_cancelled_and_a_part_removed() {
    let dir = tempfile::tempdir().unwrap();
    let ui = ui_at(dir.path());
    tap(&ui, "Bakery");
    tap(&ui, "Croissant");
    tap(&ui, "Pay 18,000 ₭");
    digits(&ui, "5000");
    tap(&ui, "Take this part");
    assert_eq!(value(&ui, "Left to pay"), "13,000 ₭");
    tap(&ui, "Lao QR transfer");
    tap(&ui, "Cancel");
    assert!(!has_label(&ui, "QR amount"));
    tap(&ui, "Remove payment 1");
    assert!(!has_label(&ui, "Left to pay"));
    tap(&ui, "18,000 ₭");
    tap(&ui, "Done");
    assert_eq!(
        value(&ui, "Status"),
        "Sale VTE1-000001 saved. Change given 0 ₭"
    );
}
