//! The till's own clock: its zone whatever the computer's, a business day that never goes
//! back unless a manager confirms a clock that reads an earlier day, a clock set back shown
//! and confirmed by a manager, and auto-lock and PIN lockouts that setting the clock does not
//! undo.

use crate::common::{
    HandClock, approve_as_noy, pin_of, sell_croissant, sign_in_on_screen, staff_id,
    till_signed_out, ui_with, value,
};
use mekong::app::staff::SignInError;

#[test]
fn the_system_clock_reads_the_tills_zone_not_the_computers() {
    use mekong::app::Clock;
    let vientiane = mekong::app::SystemClock::default().now();
    assert_eq!(vientiane.offset().local_minus_utc(), 7 * 3600);
    let mut config = crate::common::english();
    assert_eq!(config.site.time_zone, "Asia/Vientiane");
    config.site.time_zone = "Asia/Bangkok".into();
    assert_eq!(config.site.zone(), chrono_tz::Asia::Bangkok);
    let err = mekong::config::Config::parse(
        std::path::Path::new("mekong.toml"),
        &mekong::config::DEFAULT_TEXT.replace("Asia/Vientiane", "Mars/Olympus"),
    )
    .unwrap_err()
    .to_string();
    assert!(
        err.contains("site.time-zone \"Mars/Olympus\" is not a time zone"),
        "{err}"
    );
}

#[test]
fn a_clock_set_back_stops_the_next_sale_until_a_manager_confirms_it() {
    let dir = tempfile::tempdir().unwrap();
    let clock = HandClock::at("2026-11-28T23:50:00+07:00");
    let ui = ui_with(till_signed_out(dir.path(), &clock));
    sign_in_on_screen(&ui, "Kham");
    crate::common::tap(&ui, "Open the till");
    sell_croissant(&ui, "20,000 ₭");
    // Someone sets the clock back a day.
    clock.set_wall("2026-11-27T23:55:00+07:00");
    crate::common::tap(&ui, "Bakery");
    crate::common::tap(&ui, "Croissant");
    crate::common::tap(&ui, "Pay 18,000 ₭");
    crate::common::tap(&ui, "20,000 ₭");
    crate::common::tap(&ui, "Done");
    assert_eq!(
        value(&ui, "Title"),
        "Manager approval: the clock says 2026-11-27 23:55, before the last sale"
    );
    approve_as_noy(&ui);
    assert!(value(&ui, "Status").starts_with("Sale VTE1-000002 saved"));
    let c = ui.controller.borrow();
    let second = c.till.find_sale("VTE1-000002").unwrap();
    // The manager said the clock is right: the sale counts on the day it reads.
    assert_eq!(second.created_at.date_naive().to_string(), "2026-11-27");
    assert_eq!(second.business_day.unwrap().to_string(), "2026-11-27");
    let day = |d: &str| d.parse().unwrap();
    let sales_on = |d: &str| c.till.sales_report(day(d), day(d)).unwrap().sales;
    assert_eq!((sales_on("2026-11-27"), sales_on("2026-11-28")), (1, 1));
    let confirmed: i64 = c
        .till
        .store()
        .conn()
        .query_row(
            "SELECT count(*) FROM journal WHERE kind = 'clock_confirmed'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(confirmed, 1);
    drop(c);
    let report = mekong::app::verify::verify(dir.path()).unwrap();
    assert!(report.is_ok(), "{:?}", report.problems);
}

#[test]
fn a_clock_that_ran_ahead_and_is_put_right_leaves_no_sale_on_the_future_day() {
    let dir = tempfile::tempdir().unwrap();
    // The clock had run seven weeks ahead.
    let clock = HandClock::at("2027-01-15T09:00:00+07:00");
    let ui = ui_with(till_signed_out(dir.path(), &clock));
    sign_in_on_screen(&ui, "Kham");
    crate::common::tap(&ui, "Open the till");
    sell_croissant(&ui, "20,000 ₭");
    // Someone puts it right. The first sale after asks a manager, then counts on today.
    clock.set_wall("2026-11-28T09:05:00+07:00");
    sell_croissant(&ui, "20,000 ₭");
    assert!(value(&ui, "Title").starts_with("Manager approval: the clock says 2026-11-28 09:05"));
    approve_as_noy(&ui);
    assert!(value(&ui, "Status").starts_with("Sale VTE1-000002 saved"));
    clock.advance(600);
    sell_croissant(&ui, "20,000 ₭");
    assert!(value(&ui, "Status").starts_with("Sale VTE1-000003 saved"));
    let c = ui.controller.borrow();
    let day_of = |no: &str| {
        c.till
            .find_sale(no)
            .unwrap()
            .business_day
            .unwrap()
            .to_string()
    };
    assert_eq!(
        [
            day_of("VTE1-000001"),
            day_of("VTE1-000002"),
            day_of("VTE1-000003")
        ],
        ["2027-01-15", "2026-11-28", "2026-11-28"]
    );
    let day = |d: &str| d.parse().unwrap();
    let report = |from: &str, to: &str| c.till.sales_report(day(from), day(to)).unwrap();
    assert_eq!(report("2026-11-28", "2026-11-28").sales, 2);
    assert_eq!(report("2027-01-15", "2027-01-15").sales, 1);
    assert_eq!(report("2026-11-29", "2027-01-14").sales, 0);
    // A span across both stretches adds them up, and its parts still add up to its total.
    let all = report("2026-11-01", "2027-01-31");
    assert_eq!((all.sales, all.gross.minor()), (3, 54_000));
    assert_eq!(all.by_item.len(), 1);
    assert_eq!(
        (all.by_item[0].count, all.by_item[0].amount.minor()),
        (3, 54_000)
    );
    assert_eq!(all.by_staff[0].amount.minor(), 54_000);
    let by_hour: i64 = all.by_hour.iter().map(|l| l.amount.minor()).sum();
    assert_eq!(by_hour, 54_000);
    drop(c);
    let report = mekong::app::verify::verify(dir.path()).unwrap();
    assert!(report.is_ok(), "{:?}", report.problems);

    // The restart is journalled: removing it, or adding one, is named by verify.
    let conn = rusqlite::Connection::open(dir.path().join("mekong.sqlite")).unwrap();
    conn.execute_batch(
        "DROP TRIGGER business_day_restarts_never_deleted;
         DELETE FROM business_day_restarts;
         INSERT INTO business_day_restarts VALUES ('VTE1', 3, 1);",
    )
    .unwrap();
    drop(conn);
    let problems = mekong::app::verify::verify(dir.path()).unwrap().problems;
    assert!(
        problems.iter().any(
            |p| p.contains("restart of business days VTE1 from receipt 2") && p.contains("missing")
        ),
        "{problems:?}"
    );
    assert!(
        problems
            .iter()
            .any(|p| p.contains("VTE1 from receipt 3") && p.contains("not in the journal")),
        "{problems:?}"
    );
    assert!(
        problems
            .iter()
            .any(|p| p.starts_with("sale VTE1-000002 counts on 2026-11-28")
                && p.contains("no restart of business days there")),
        "{problems:?}"
    );
}

#[test]
fn confirming_the_clock_again_after_the_till_restarts_makes_one_restart() {
    use crate::common::{croissant, signed_in};
    use mekong::domain::money::Money;
    use mekong::domain::staff::Action;
    let dir = tempfile::tempdir().unwrap();
    let clock = HandClock::at("2027-01-15T09:00:00+07:00");
    // Signed in, the till's shift is open (`signed_in` opens it).
    let mut till = signed_in(till_signed_out(dir.path(), &clock), "Noy");
    till.checkout_cash(&croissant(&till), Money::lak(20_000))
        .unwrap();
    clock.set_wall("2026-11-28T09:05:00+07:00");
    let authority = till.authorize(Action::ChangeSettings).unwrap();
    till.confirm_clock(&authority).unwrap();
    drop(till);
    // The power goes before the next sale: the till asks again, and is confirmed again.
    let mut till = signed_in(till_signed_out(dir.path(), &clock), "Noy");
    assert!(till.clock_behind().unwrap().is_some());
    let authority = till.authorize(Action::ChangeSettings).unwrap();
    till.confirm_clock(&authority).unwrap();
    let sale = till
        .checkout_cash(&croissant(&till), Money::lak(20_000))
        .unwrap()
        .sale;
    assert_eq!(sale.business_day.unwrap().to_string(), "2026-11-28");
    let restarts: i64 = till
        .store()
        .conn()
        .query_row("SELECT count(*) FROM business_day_restarts", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(restarts, 1);
    drop(till);
    let report = mekong::app::verify::verify(dir.path()).unwrap();
    assert!(report.is_ok(), "{:?}", report.problems);
}

#[test]
fn setting_the_clock_forward_neither_locks_the_till_nor_ends_a_pin_lock() {
    let dir = tempfile::tempdir().unwrap();
    let clock = HandClock::at("2026-11-28T10:00:00+07:00");
    let mut till = till_signed_out(dir.path(), &clock);
    let mai = staff_id(&till, "Mai");
    for _ in 0..5 {
        let _ = till.sign_in(&mai, "9999");
    }
    // Thirty-one minutes on the wall clock, none in fact: still locked.
    clock.set_wall("2026-11-28T10:31:00+07:00");
    assert!(matches!(
        till.sign_in(&mai, pin_of("Mai")),
        Err(SignInError::Locked { .. })
    ));
    clock.advance(30 * 60);
    assert_eq!(till.sign_in(&mai, pin_of("Mai")).unwrap().nickname, "Mai");
    till.sign_out();
    // A till in use is not locked by a clock set forward an hour, nor kept open by one set
    // back once five quiet minutes have passed.
    let ui = ui_with(till);
    sign_in_on_screen(&ui, "Kham");
    crate::common::tap(&ui, "Open the till");
    clock.set_wall("2026-11-28T12:00:00+07:00");
    assert!(!ui.controller.borrow_mut().tick());
    clock.set_wall("2026-11-28T08:00:00+07:00");
    clock.advance(5 * 60);
    assert!(ui.controller.borrow_mut().tick());
}
