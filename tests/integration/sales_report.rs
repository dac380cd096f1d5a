//! The sales report: a day or a range, by hour, category, item, staff and tender.

use crate::common::{HandClock, croissant, signed_in};
use chrono::NaiveDate;
use mekong::app::Till;
use mekong::domain::money::Money;
use mekong::print::VirtualPrinter;

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

#[test]
fn a_day_and_a_range_by_hour_category_item_staff_and_tender() {
    let dir = tempfile::tempdir().unwrap();
    let clock = HandClock::at("2026-11-27T17:30:00+07:00");
    let till = Till::open_with(
        dir.path(),
        crate::common::english(),
        Box::new(VirtualPrinter::new(dir.path())),
        Box::new(clock.clone()),
    )
    .unwrap();
    // The day before: one croissant by Noy at 17:30.
    let mut till = signed_in(till, "Noy");
    till.checkout_cash(&croissant(&till), Money::lak(20_000))
        .unwrap();
    // The day: two croissants by Kham at 08:10, one by Mai at 09:05.
    clock.advance(14 * 3600 + 40 * 60);
    let till = signed_in(till, "Kham");
    let mut till = till;
    for _ in 0..2 {
        till.checkout_cash(&croissant(&till), Money::lak(18_000))
            .unwrap();
    }
    clock.advance(55 * 60);
    let mut till = signed_in(till, "Mai");
    till.checkout_cash(&croissant(&till), Money::lak(50_000))
        .unwrap();

    let r = till
        .sales_report(day("2026-11-28"), day("2026-11-28"))
        .unwrap();
    assert_eq!((r.sales, r.gross), (3, Money::lak(54_000)));
    let hours: Vec<_> = r
        .by_hour
        .iter()
        .map(|l| (l.name.en.as_str(), l.count, l.amount.minor()))
        .collect();
    assert_eq!(hours, vec![("08", 2, 36_000), ("09", 1, 18_000)]);
    let staff: Vec<_> = r
        .by_staff
        .iter()
        .map(|l| (l.name.en.as_str(), l.count))
        .collect();
    assert_eq!(staff, vec![("Kham", 2), ("Mai", 1)]);
    assert_eq!(r.by_item.len(), 1);
    assert_eq!(
        (r.by_item[0].name.en.as_str(), r.by_item[0].count),
        ("Croissant", 3)
    );
    assert_eq!(
        (r.by_category[0].name.en.as_str(), r.by_category[0].count),
        ("Bakery", 3)
    );
    // Cash kept, net of change: 18,000 + 18,000 + (50,000 − 32,000).
    assert_eq!(r.by_tender[0].amount, Money::lak(54_000));
    assert_eq!(r.by_tender[0].name.en, "Cash LAK");

    let both = till
        .sales_report(day("2026-11-27"), day("2026-11-28"))
        .unwrap();
    assert_eq!(both.sales, 4);
    let before = till
        .sales_report(day("2026-11-20"), day("2026-11-26"))
        .unwrap();
    assert_eq!((before.sales, before.by_item.len()), (0, 0));
    let after = till
        .sales_report(day("2026-11-29"), day("2026-11-30"))
        .unwrap();
    assert_eq!(after.sales, 0);
}

#[test]
fn a_manager_sees_the_report_as_charts() {
    use crate::common::{sell_croissant, tap, ui_at, value};
    let dir = tempfile::tempdir().unwrap();
    let ui = ui_at(dir.path());
    sell_croissant(&ui, "18,000 ₭");
    sell_croissant(&ui, "20,000 ₭");
    tap(&ui, "Settings");
    tap(&ui, "Sales report");
    assert_eq!(value(&ui, "Title"), "Sales report · 2026-11-28");
    assert_eq!(value(&ui, "Sales"), "2");
    assert_eq!(value(&ui, "Takings"), "36,000 ₭");
    assert_eq!(value(&ui, "By staff Noy"), "2 · 36,000 ₭");
    assert_eq!(value(&ui, "Top items Croissant"), "2 · 36,000 ₭");
    assert_eq!(value(&ui, "By hour 10"), "2 · 36,000 ₭");
    assert_eq!(value(&ui, "By payment Cash LAK"), "36,000 ₭");
    tap(&ui, "Yesterday");
    assert_eq!(value(&ui, "Title"), "Sales report · 2026-11-27");
    assert_eq!(value(&ui, "Sales"), "0");
    tap(&ui, "Back");
    assert!(crate::common::has_label(&ui, "Print test page"));
}

#[test]
fn receipt_numbers_stay_consecutive_across_refused_checkouts_and_restarts() {
    let dir = tempfile::tempdir().unwrap();
    for round in 0..3 {
        let mut till = crate::common::till_at(dir.path());
        let lines = croissant(&till);
        assert!(till.checkout_cash(&lines, Money::lak(1_000)).is_err());
        till.checkout_cash(&lines, Money::lak(18_000)).unwrap();
        assert!(till.checkout_cash(&[], Money::lak(18_000)).is_err());
        till.checkout_cash(&lines, Money::lak(20_000)).unwrap();
        let numbers = mekong::store::sales::receipt_numbers(till.store().conn(), "VTE1").unwrap();
        assert_eq!(numbers, (1..=2 * (round + 1)).collect::<Vec<i64>>());
    }
}
