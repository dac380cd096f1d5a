//! The print queue: old receipts wait for a person, interrupted ones are not printed twice
//! behind anyone's back, and copies say COPY.

use crate::common::*;
use mekong::domain::money::Money;
use mekong::print::RecordingPrinter;
use mekong::print::raster::Rasterizer;
use mekong::print::receipt::{Block, COPY_MARK, ReceiptDoc, Size};

/// A sale whose receipt did not print at 10:30 (printer jammed).
fn unprinted_sale(dir: &std::path::Path) {
    let mut till = till_with(dir, Box::new(Jammed), "2026-11-28T10:30:00+07:00");
    let done = till
        .checkout_cash(&croissant(&till), Money::lak(20_000))
        .unwrap();
    assert!(done.print_error.is_some());
}

#[test]
fn an_old_receipt_waits_for_a_person_then_prints_once() {
    let dir = tempfile::tempdir().unwrap();
    unprinted_sale(dir.path());
    // The printer is fixed at 10:45: the 10:30 receipt is older than 10 minutes.
    let rec = RecordingPrinter::default();
    let mut till = till_with(
        dir.path(),
        Box::new(rec.clone()),
        "2026-11-28T10:45:00+07:00",
    );
    assert!(till.run_print_queue().unwrap().is_none());
    assert!(
        rec.jobs.lock().unwrap().is_empty(),
        "nothing old prints by itself"
    );
    assert_eq!(till.print_state().held, 1);

    till.decide_held_receipts(true).unwrap();
    assert_eq!(rec.jobs.lock().unwrap().len(), 1);
    assert!(till.run_print_queue().unwrap().is_none());
    assert_eq!(rec.jobs.lock().unwrap().len(), 1, "once");
    assert_eq!(till.print_state().held, 0);
}

#[test]
fn held_receipts_can_be_dropped_and_the_sale_stays() {
    let dir = tempfile::tempdir().unwrap();
    unprinted_sale(dir.path());
    let rec = RecordingPrinter::default();
    let mut till = till_with(
        dir.path(),
        Box::new(rec.clone()),
        "2026-11-28T12:00:00+07:00",
    );
    till.run_print_queue().unwrap();
    till.decide_held_receipts(false).unwrap();
    till.run_print_queue().unwrap();
    assert!(rec.jobs.lock().unwrap().is_empty());
    assert_eq!(till.print_state(), Default::default());
    assert!(till.find_sale("1").is_ok());
}

#[test]
fn a_job_caught_mid_send_by_a_stop_is_not_printed_again_unasked() {
    let dir = tempfile::tempdir().unwrap();
    unprinted_sale(dir.path());
    // As if the till stopped while the bytes were going out.
    let db = rusqlite::Connection::open(dir.path().join("mekong.sqlite")).unwrap();
    db.execute("UPDATE print_jobs SET state = 'sending'", [])
        .unwrap();
    let rec = RecordingPrinter::default();
    let mut till = till_with(
        dir.path(),
        Box::new(rec.clone()),
        "2026-11-28T10:31:00+07:00",
    );
    till.run_print_queue().unwrap();
    assert!(rec.jobs.lock().unwrap().is_empty());
    assert_eq!(till.print_state().held, 1);
    let why: String = db
        .query_row("SELECT last_error FROM print_jobs", [], |r| r.get(0))
        .unwrap();
    assert!(why.contains("may have printed already"), "{why}");
    // She says print: it may be the second time, so it says COPY.
    till.decide_held_receipts(true).unwrap();
    till.run_print_queue().unwrap();
    let jobs = rec.jobs.lock().unwrap();
    assert_eq!(jobs.len(), 1);
    assert_eq!(jobs[0].number, "VTE1-000001-copy");
}

#[test]
fn a_reprint_says_copy_and_the_original_does_not() {
    let dir = tempfile::tempdir().unwrap();
    let rec = RecordingPrinter::default();
    let mut till = till_with(
        dir.path(),
        Box::new(rec.clone()),
        "2026-11-28T10:30:00+07:00",
    );
    let sale = till
        .checkout_cash(&croissant(&till), Money::lak(20_000))
        .unwrap()
        .sale;
    assert!(till.reprint(&sale).unwrap().is_none());
    let jobs = rec.jobs.lock().unwrap();
    assert_eq!(jobs.len(), 2);
    let mark = Rasterizer::new(576).render(&ReceiptDoc {
        number: "x".into(),
        blocks: vec![Block::Centre {
            text: COPY_MARK.into(),
            size: Size::Large,
            bold: true,
        }],
    });
    assert!(
        !contains_image(&jobs[0].raster, &mark),
        "the original is not a copy"
    );
    assert!(
        contains_image(&jobs[1].raster, &mark),
        "the reprint says COPY"
    );
    assert!(jobs[1].number.ends_with("-copy"));
}

#[test]
fn the_till_asks_about_old_receipts_and_prints_them_when_told() {
    let dir = tempfile::tempdir().unwrap();
    unprinted_sale(dir.path());
    let rec = RecordingPrinter::default();
    let mut till = till_with(
        dir.path(),
        Box::new(rec.clone()),
        "2026-11-28T10:45:00+07:00",
    );
    till.run_print_queue().unwrap();
    let ui = ui_with(till);
    assert_eq!(
        value(&ui, "Printer"),
        "Receipts waiting from earlier: 1. Print them now?"
    );
    tap(&ui, "Print them");
    assert_eq!(rec.jobs.lock().unwrap().len(), 1);
    assert!(
        !has_label(&ui, "Printer"),
        "the printer line goes once all is printed"
    );
}

#[test]
fn reprint_from_the_till_prints_a_copy_of_the_last_sale() {
    let dir = tempfile::tempdir().unwrap();
    let rec = RecordingPrinter::default();
    let ui = ui_with(till_with(
        dir.path(),
        Box::new(rec.clone()),
        "2026-11-28T10:30:00+07:00",
    ));
    assert_eq!(
        button(&ui, "Reprint receipt").accessible_enabled(),
        Some(false)
    );
    sell_croissant(&ui, "18,000 ₭");
    tap(&ui, "Reprint receipt");
    let jobs = rec.jobs.lock().unwrap();
    assert_eq!(
        jobs.iter().map(|j| j.number.as_str()).collect::<Vec<_>>(),
        ["VTE1-000001", "VTE1-000001-copy"]
    );
}

fn device_till(dir: &std::path::Path, device: &std::path::Path) -> mekong::app::Till {
    let mut config = crate::common::english();
    config.printer.kind = mekong::config::PrinterKind::Device;
    config.printer.path = Some(device.to_owned());
    config.printer.drawer_pin = Some(5);
    let printer = mekong::app::printer_for(&config, dir);
    crate::common::signed_in(
        mekong::app::Till::open_with(
            dir,
            config,
            printer,
            Box::new(FixedClock(vientiane("2026-11-28T10:30:00+07:00"))),
        )
        .unwrap(),
        "Noy",
    )
}

#[test]
fn a_device_file_printer_gets_the_drawer_kick_and_the_receipt() {
    let dir = tempfile::tempdir().unwrap();
    let device = dir.path().join("lp0");
    std::fs::write(&device, b"").unwrap();
    let mut till = device_till(dir.path(), &device);
    let done = till
        .checkout_cash(&croissant(&till), Money::lak(20_000))
        .unwrap();
    assert!(done.print_error.is_none() && done.drawer_error.is_none());
    let got = decode(&std::fs::read(&device).unwrap());
    assert_eq!(got.drawer_kicks, vec![1], "pin 5");
    assert!(got.raster == Some(till.render_receipt(&done.sale).unwrap().raster));
}

#[test]
fn an_unplugged_device_printer_keeps_the_sale_and_the_job() {
    let dir = tempfile::tempdir().unwrap();
    let device = dir.path().join("lp0");
    let mut till = device_till(dir.path(), &device);
    let done = till
        .checkout_cash(&croissant(&till), Money::lak(20_000))
        .unwrap();
    assert!(matches!(
        done.print_error,
        Some(mekong::print::PrintError::Unreachable { .. })
    ));
    assert!(
        !device.exists(),
        "a missing device is not created as a file"
    );
    assert_eq!(till.print_state().waiting, 1);
    assert!(till.find_sale("1").is_ok());
}

fn two_printer_till(
    dir: &std::path::Path,
    receipts: RecordingPrinter,
    tickets: &std::path::Path,
) -> mekong::app::Till {
    let mut config = crate::common::english();
    config.tickets.stations = vec![
        mekong::domain::menu::Station::Bar,
        mekong::domain::menu::Station::Kitchen,
    ];
    let ticket_printer = mekong::config::PrinterConfig {
        kind: mekong::config::PrinterKind::Device,
        path: Some(tickets.to_owned()),
        ..Default::default()
    };
    config.tickets.printer = Some(ticket_printer);
    crate::common::signed_in(
        mekong::app::Till::open_with(
            dir,
            config,
            Box::new(receipts),
            Box::new(FixedClock(vientiane("2026-11-28T10:30:00+07:00"))),
        )
        .unwrap(),
        "Noy",
    )
}

fn coffee_and_croissant(till: &mekong::app::Till) -> Vec<mekong::domain::order::OrderLine> {
    use mekong::domain::order::{Selection, build_line};
    let m = till.menu();
    let coffee = build_line(
        m,
        &"lao-coffee".into(),
        &Selection::defaults(m, &"lao-coffee".into()).unwrap(),
        mekong::domain::money::Quantity::ONE,
    )
    .unwrap();
    let mut lines = croissant(till);
    lines.insert(0, coffee);
    lines
}

#[test]
fn tickets_go_to_their_own_printer_and_the_receipt_to_the_receipt_printer() {
    let dir = tempfile::tempdir().unwrap();
    let tickets = dir.path().join("bar-printer");
    std::fs::write(&tickets, b"").unwrap();
    let rec = RecordingPrinter::default();
    let mut till = two_printer_till(dir.path(), rec.clone(), &tickets);
    let lines = coffee_and_croissant(&till);
    till.checkout_cash(&lines, Money::lak(50_000)).unwrap();
    let receipts: Vec<String> = rec
        .jobs
        .lock()
        .unwrap()
        .iter()
        .map(|j| j.number.clone())
        .collect();
    assert_eq!(
        receipts,
        ["VTE1-000001"],
        "only the receipt on the receipt printer"
    );
    let bytes = std::fs::read(&tickets).unwrap();
    let cuts = bytes
        .windows(4)
        .filter(|w| *w == [0x1d, b'V', b'A', 0])
        .count();
    assert_eq!(
        cuts, 2,
        "the bar's and the kitchen's tickets on the ticket printer"
    );
    assert_eq!(till.print_state(), Default::default());
}

#[test]
fn a_missing_ticket_printer_does_not_hold_up_receipts() {
    let dir = tempfile::tempdir().unwrap();
    let rec = RecordingPrinter::default();
    let mut till = two_printer_till(dir.path(), rec.clone(), &dir.path().join("unplugged"));
    let lines = coffee_and_croissant(&till);
    let done = till.checkout_cash(&lines, Money::lak(50_000)).unwrap();
    assert!(done.print_error.is_none(), "the receipt printed");
    assert_eq!(rec.jobs.lock().unwrap().len(), 1);
    let state = till.print_state();
    assert_eq!(state.waiting, 2, "both tickets wait for their printer");
    assert!(
        matches!(
            state.fault,
            Some(mekong::app::printing::PrinterFault::NoAnswer(_))
        ),
        "{state:?}"
    );
}

#[test]
fn settings_print_a_test_page_and_open_the_drawer() {
    let dir = tempfile::tempdir().unwrap();
    let rec = RecordingPrinter::default();
    let ui = ui_with(till_with(
        dir.path(),
        Box::new(rec.clone()),
        "2026-11-28T10:30:00+07:00",
    ));
    tap(&ui, "Settings");
    assert_eq!(value(&ui, "Printer"), "recording printer");
    assert_eq!(value(&ui, "Cash drawer"), "on pin 2");
    tap(&ui, "Print test page");
    assert_eq!(value(&ui, "Result"), "Test page sent to the printer.");
    {
        let jobs = rec.jobs.lock().unwrap();
        assert_eq!(jobs.len(), 1);
        assert_eq!(jobs[0].number, "test-page");
        let title = Rasterizer::new(576).render(&ReceiptDoc {
            number: "x".into(),
            blocks: vec![Block::Centre {
                text: mekong::print::receipt::TEST_PAGE_TITLE.into(),
                size: Size::Large,
                bold: true,
            }],
        });
        assert!(contains_image(&jobs[0].raster, &title));
    }
    tap(&ui, "Open cash drawer");
    assert_eq!(value(&ui, "Result"), "Drawer opened.");
    assert_eq!(
        *rec.drawer_kicks.lock().unwrap(),
        [mekong::print::status::DrawerPin::Pin2]
    );
    tap(&ui, "Back to order");
    assert!(!has_label(&ui, "Cash drawer"));
    assert!(till_sales_are_untouched(&ui));
}

fn till_sales_are_untouched(ui: &mekong::ui::Ui) -> bool {
    mekong::store::sales::sales_count(ui.controller.borrow().till.store().conn()).unwrap() == 0
}

#[test]
fn a_usb_printer_that_is_not_plugged_in_keeps_the_job_waiting() {
    let dir = tempfile::tempdir().unwrap();
    let mut config = crate::common::english();
    config.printer.kind = mekong::config::PrinterKind::Usb;
    config.printer.usb_vendor = Some(0xfffe);
    config.printer.usb_product = Some(0xfffd);
    let printer = mekong::app::printer_for(&config, dir.path());
    assert_eq!(printer.name(), "USB printer fffe:fffd");
    let mut till = crate::common::signed_in(
        mekong::app::Till::open_with(
            dir.path(),
            config,
            printer,
            Box::new(FixedClock(vientiane("2026-11-28T10:30:00+07:00"))),
        )
        .unwrap(),
        "Noy",
    );
    let done = till
        .checkout_cash(&croissant(&till), Money::lak(20_000))
        .unwrap();
    match done.print_error {
        Some(mekong::print::PrintError::Unreachable { printer, .. }) => {
            assert_eq!(printer, "USB printer fffe:fffd")
        }
        other => panic!("expected the USB printer to be unreachable, got {other:?}"),
    }
    assert_eq!(till.print_state().waiting, 1);
    assert!(till.find_sale("1").is_ok());
}

#[test]
fn any_recent_sale_can_be_reprinted_from_the_sales_list_as_a_copy() {
    let dir = tempfile::tempdir().unwrap();
    let rec = RecordingPrinter::default();
    let ui = ui_with(till_with(
        dir.path(),
        Box::new(rec.clone()),
        "2026-11-28T10:30:00+07:00",
    ));
    sell_croissant(&ui, "18,000 ₭");
    sell_croissant(&ui, "20,000 ₭");
    tap(&ui, "Settings");
    // Each sale of the list has its own Reprint.
    assert!(!buttons(&ui, "Reprint VTE1-000002").is_empty());
    tap(&ui, "Reprint VTE1-000001");
    assert_eq!(
        value(&ui, "Result"),
        "A copy of VTE1-000001 was sent to the printer."
    );
    let printed: Vec<String> = rec
        .jobs
        .lock()
        .unwrap()
        .iter()
        .map(|j| j.number.clone())
        .collect();
    assert_eq!(printed, ["VTE1-000001", "VTE1-000002", "VTE1-000001-copy"]);
}

/// A printer with a fault in its program: its first page panics, the rest print.
struct PanicsOnce(RecordingPrinter, bool);

impl mekong::print::Printer for PanicsOnce {
    fn name(&self) -> String {
        "panics once".into()
    }
    fn print(
        &mut self,
        receipt: &mekong::print::PrintedReceipt,
    ) -> Result<(), mekong::print::PrintError> {
        if !self.1 {
            self.1 = true;
            panic!("a fault while sending {}", receipt.number);
        }
        self.0.print(receipt)
    }
}

const PANIC_TEST: &str =
    "print_queue::a_panic_while_printing_is_logged_where_it_happened_and_the_sale_is_kept";

#[test]
fn a_panic_while_printing_is_logged_where_it_happened_and_the_sale_is_kept() {
    if let Ok(dir) = std::env::var("MEKONG_TEST_PANIC_DIR") {
        // The child: the till's log and panic hook, and a printer that panics once.
        tracing_subscriber::fmt()
            .with_writer(std::io::stderr)
            .with_ansi(false)
            .init();
        mekong::install_panic_hook();
        let rec = RecordingPrinter::default();
        let mut till = till_with(
            std::path::Path::new(&dir),
            Box::new(PanicsOnce(rec.clone(), false)),
            "2026-11-28T10:31:00+07:00",
        );
        let lines = croissant(&till);
        let first = till.checkout_cash(&lines, Money::lak(20_000)).unwrap();
        let fault = first.print_error.expect("the fault is reported");
        println!("first: {fault}");
        let state = till.print_state();
        println!("held: {}", state.held);
        let second = till.checkout_cash(&lines, Money::lak(20_000)).unwrap();
        assert!(second.print_error.is_none());
        let printed: Vec<_> = rec
            .jobs
            .lock()
            .unwrap()
            .iter()
            .map(|j| j.number.clone())
            .collect();
        println!("printed: {printed:?}");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(std::env::current_exe().unwrap())
        .args(["--exact", PANIC_TEST, "--test-threads=1", "--nocapture"])
        .env("MEKONG_TEST_PANIC_DIR", dir.path())
        .output()
        .unwrap();
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    );
    assert!(out.status.success(), "{stdout}{stderr}");
    // The log says where, and what.
    assert!(
        stderr.contains("panic in thread")
            && stderr.contains("tests/integration/print_queue.rs:")
            && stderr.contains("a fault while sending VTE1-000001"),
        "{stderr}"
    );
    assert!(
        stdout.contains("first: printing failed inside the till"),
        "{stdout}"
    );
    // The job it happened on is held for a person (it may have printed: a copy if she
    // prints it); the next sale printed.
    assert!(stdout.contains("held: 1"), "{stdout}");
    assert!(stdout.contains(r#"printed: ["VTE1-000002"]"#), "{stdout}");
    // Both sales are kept.
    let db = rusqlite::Connection::open(dir.path().join("mekong.sqlite")).unwrap();
    let (sales, copy): (i64, String) = db
        .query_row(
            "SELECT (SELECT count(*) FROM orders), (SELECT kind FROM print_jobs WHERE state = 'held')",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((sales, copy.as_str()), (2, "copy"));
}
