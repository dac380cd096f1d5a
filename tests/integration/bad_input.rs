//! Bad input is refused in words, and nothing is lost.

use crate::common::*;
use mekong::app::{CheckoutError, Till};
use mekong::domain::money::Money;
use mekong::domain::order::{OrderError, Selection, build_line};
use mekong::store::sales;

#[test]
fn a_broken_menu_file_is_reported_and_the_last_good_menu_kept() {
    let dir = tempfile::tempdir().unwrap();
    let good_items = {
        let till = till_at(dir.path());
        assert!(till.menu_problem().is_none());
        till.menu()
            .categories
            .iter()
            .map(|c| c.items.len())
            .sum::<usize>()
    };
    let path = dir.path().join("menu.toml");
    let broken = std::fs::read_to_string(&path).unwrap().replace(
        "lo = \"ຄົວຊອງ\"\nprice = 18000",
        "lo = \"ຄົວຊອງ\"\nprice = -18000",
    );
    std::fs::write(&path, &broken).unwrap();

    let till = till_at(dir.path());
    let problem = till
        .menu_problem()
        .expect("the broken menu is reported")
        .to_string();
    assert!(problem.contains("menu.toml"), "names the file: {problem}");
    assert!(
        problem.contains(r#"item "croissant""#),
        "names the entry: {problem}"
    );
    assert!(
        problem.contains("negative"),
        "says what is wrong: {problem}"
    );
    assert_eq!(
        till.menu()
            .categories
            .iter()
            .map(|c| c.items.len())
            .sum::<usize>(),
        good_items
    );
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        broken,
        "the file is left for a person to fix"
    );

    // The till screen says so too.
    let ui = {
        i_slint_backend_testing::init_no_event_loop();
        mekong::ui::Ui::new(mekong::ui::Controller::new(till)).unwrap()
    };
    assert!(value(&ui, "Status").contains("croissant"));
    assert!(
        !buttons(&ui, "Lao coffee").is_empty(),
        "the till still sells"
    );
}

#[test]
fn an_unwritable_data_dir_is_refused_with_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("not-a-dir");
    std::fs::write(&file, "x").unwrap();
    let err = Till::open(&file.join("data"))
        .err()
        .expect("refused")
        .to_string();
    assert!(
        err.contains("cannot use the data directory") && err.contains("not-a-dir/data"),
        "{err}"
    );
    assert!(err.contains("--data-dir"), "{err}");
}

#[test]
fn cash_below_the_total_is_refused_and_nothing_is_recorded() {
    let dir = tempfile::tempdir().unwrap();
    let ui = ui_at(dir.path());
    tap(&ui, "Bakery");
    tap(&ui, "Croissant");
    tap(&ui, "Pay 18,000 ₭");
    tap(&ui, "1");
    tap(&ui, "5");
    tap(&ui, "000");
    assert_eq!(value(&ui, "Cash received"), "15,000 ₭");
    assert_eq!(value(&ui, "Not enough yet"), "3,000 ₭");
    assert_eq!(button(&ui, "Done").accessible_enabled(), Some(false));
    ui.controller.borrow_mut().finish_payment();
    assert_eq!(
        sales::sales_count(ui.controller.borrow().till.store().conn()).unwrap(),
        0
    );
    assert_eq!(
        ui.controller.borrow().cart.lines().len(),
        1,
        "the order is kept"
    );

    let mut till = till_at(dir.path());
    let lines = ui.controller.borrow().cart.lines().to_vec();
    match till.checkout_cash(&lines, Money::lak(15_000)) {
        Err(CheckoutError::Order(OrderError::Insufficient { short_by, .. })) => {
            assert_eq!(short_by, Money::lak(3_000))
        }
        other => panic!("expected a shortfall, got {other:?}"),
    }
    assert_eq!(sales::sales_count(till.store().conn()).unwrap(), 0);
}

#[test]
fn absurd_quantities_are_refused_in_words() {
    let dir = tempfile::tempdir().unwrap();
    let ui = ui_at(dir.path());
    tap(&ui, "Bakery");
    tap(&ui, "Croissant");
    ui.controller.borrow_mut().set_qty(0, 1_000_000);
    ui.refresh();
    assert_eq!(value(&ui, "Status"), "A line can have at most 999");
    assert_eq!(value(&ui, "Total"), "18,000 ₭", "the order is unchanged");
    ui.controller.borrow_mut().set_qty(0, 999);
    ui.refresh();
    tap(&ui, "+");
    assert_eq!(value(&ui, "Status"), "A line can have at most 999");
    assert_eq!(value(&ui, "Total"), "17,982,000 ₭");
}

#[test]
fn receipt_numbers_have_no_gap_when_a_checkout_fails_half_way() {
    let dir = tempfile::tempdir().unwrap();
    let mut till = till_at(dir.path());
    let menu = till.menu().clone();
    let line = build_line(
        &menu,
        &"croissant".into(),
        &Selection::defaults(&menu, &"croissant".into()).unwrap(),
        mekong::domain::money::Quantity::ONE,
    )
    .unwrap();
    let first = till
        .checkout_cash(std::slice::from_ref(&line), Money::lak(20_000))
        .unwrap();
    assert_eq!(first.sale.receipt_no, 1);

    // The disk "fails" after the receipt number is taken and the chain's head read, while
    // writing the sale's row.
    let db = rusqlite::Connection::open(dir.path().join("mekong.sqlite")).unwrap();
    db.execute_batch("CREATE TRIGGER fail_tender BEFORE INSERT ON orders BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END;").unwrap();
    let err = till
        .checkout_cash(std::slice::from_ref(&line), Money::lak(20_000))
        .unwrap_err();
    assert!(err.to_string().contains("could not be saved"), "{err}");
    db.execute_batch("DROP TRIGGER fail_tender;").unwrap();

    let third = till
        .checkout_cash(std::slice::from_ref(&line), Money::lak(20_000))
        .unwrap();
    assert_eq!(
        third.sale.receipt_no, 2,
        "the failed checkout used no number"
    );
    assert_eq!(
        sales::receipt_numbers(till.store().conn(), "VTE1").unwrap(),
        vec![1, 2]
    );
    let (sales, links): (i64, i64) = db
        .query_row(
            "SELECT (SELECT count(*) FROM orders), (SELECT count(*) FROM orders WHERE hash IS NOT NULL)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(
        (sales, links),
        (2, 2),
        "nothing of the failed sale was written"
    );
    // Orders carry a UUIDv7 made on the till as well as the number.
    let id = uuid::Uuid::parse_str(third.sale.id.as_str()).unwrap();
    assert_eq!(id.get_version_num(), 7);
}

#[test]
fn a_jammed_printer_still_saves_the_sale_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let ui = ui_with(till_with(
        dir.path(),
        Box::new(Jammed),
        "2026-11-28T10:30:00+07:00",
    ));
    tap(&ui, "Bakery");
    tap(&ui, "Croissant");
    tap(&ui, "Pay 18,000 ₭");
    tap(&ui, "18,000 ₭");
    assert_eq!(value(&ui, "Change due"), "0 ₭");
    tap(&ui, "Done");
    let status = value(&ui, "Status");
    assert!(
        status.contains("VTE1-000001")
            && status.contains("did not print")
            && status.contains("paper jam"),
        "{status}"
    );
    assert_eq!(
        sales::sales_count(ui.controller.borrow().till.store().conn()).unwrap(),
        1
    );
}

#[test]
fn a_drawer_that_does_not_open_is_said_on_the_till() {
    struct StuckDrawer;
    impl mekong::print::Printer for StuckDrawer {
        fn name(&self) -> String {
            "stuck drawer".into()
        }
        fn print(
            &mut self,
            _: &mekong::print::PrintedReceipt,
        ) -> Result<(), mekong::print::PrintError> {
            Ok(())
        }
        fn open_drawer(
            &mut self,
            _: mekong::print::status::DrawerPin,
        ) -> Result<(), mekong::print::PrintError> {
            Err(mekong::print::PrintError::Unreachable {
                printer: "stuck drawer".into(),
                why: "drawer jammed".into(),
            })
        }
    }
    let dir = tempfile::tempdir().unwrap();
    let ui = ui_with(till_with(
        dir.path(),
        Box::new(StuckDrawer),
        "2026-11-28T10:30:00+07:00",
    ));
    sell_croissant(&ui, "18,000 ₭");
    let status = value(&ui, "Status");
    assert!(
        status.contains("VTE1-000001 saved") && status.contains("drawer did not open"),
        "{status}"
    );
    assert!(value(&ui, "Printer").contains("drawer jammed"));
}

#[test]
fn a_data_directory_with_one_till_s_sales_refuses_another_till_id_and_loses_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut till = till_at(dir.path());
    till.checkout_cash(&croissant(&till), Money::lak(20_000))
        .unwrap();
    drop(till);
    let mut config = crate::common::english();
    config.site.till_id = "VTE2".into();
    let err = Till::open_with(
        dir.path(),
        config,
        Box::new(mekong::print::VirtualPrinter::new(dir.path())),
        Box::new(mekong::app::SystemClock::default()),
    )
    .err()
    .expect("refused")
    .to_string();
    assert!(
        err.contains("holds the sales of till VTE1, and this till's id is VTE2"),
        "{err}"
    );
    // Under its own id it opens with its sale, and numbers on from it.
    let mut till = till_at(dir.path());
    let next = till
        .checkout_cash(&croissant(&till), Money::lak(20_000))
        .unwrap();
    assert_eq!(next.sale.receipt_no, 2);
}
