//! Till sessions: the float at opening, a pay-out, the X report, the blind count at closing and
//! the Z report, on the screen and from the command line.

use crate::common::{
    HandClock, approve_as_noy, has_label, pin_of, sell_croissant, sign_in_on_screen, tap,
    till_signed_out, ui_with, value,
};
use mekong::app::session::SessionError;
use mekong::domain::money::Money;
use mekong::domain::session::{CashCount, MoveReason};
use mekong::ui::Ui;

fn tap_n(ui: &Ui, label: &str, n: usize) {
    for _ in 0..n {
        tap(ui, label);
    }
}

#[test]
fn a_shift_from_float_to_z_report_one_thousand_kip_short() {
    let dir = tempfile::tempdir().unwrap();
    let clock = HandClock::at("2026-11-28T06:55:00+07:00");
    let ui = ui_with(till_signed_out(dir.path(), &clock));
    sign_in_on_screen(&ui, "Kham");
    assert_eq!(
        value(&ui, "Title"),
        "Open the till: count the float in the drawer"
    );
    tap_n(&ui, "Ten more 20,000 ₭", 2);
    assert_eq!(value(&ui, "Pieces of 20,000 ₭"), "20");
    tap(&ui, "Open the till");
    assert!(!has_label(&ui, "Open the till"));

    clock.advance(3600);
    sell_croissant(&ui, "20,000 ₭");
    tap(&ui, "Shift");
    assert_eq!(value(&ui, "Title"), "Shift 1: X report so far");
    tap(&ui, "Pay out");
    for k in ["3", "5", "000"] {
        tap(&ui, k);
    }
    assert_eq!(value(&ui, "Amount"), "35,000 ₭");
    tap(&ui, "Supplies");
    tap(&ui, "Save");
    // Every pay-out is a manager's (pay-out-limit 0), approved for this amount.
    assert_eq!(
        value(&ui, "Title"),
        "Manager approval: pay out 35,000 ₭, asked by Kham"
    );
    approve_as_noy(&ui);
    // Kham counts blind: no takings, no expected cash, no X report while the till is open.
    assert_eq!(value(&ui, "Title"), "Shift 1: X report so far");
    assert!(has_label(&ui, "Blind count"));
    assert!(!has_label(&ui, "Expected LAK") && !has_label(&ui, "Takings"));
    assert!(!has_label(&ui, "Print X report"));
    {
        let c = ui.controller.borrow();
        let (staff, approved): (String, String) = c
            .till
            .store()
            .conn()
            .query_row(
                "SELECT s.nickname, a.nickname FROM cash_moves m JOIN staff s ON s.id = m.staff_id
                 JOIN staff a ON a.id = m.approved_by",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        assert_eq!((staff.as_str(), approved.as_str()), ("Kham", "Noy"));
        // 400,000 float + 20,000 cash − 2,000 change − 35,000 paid out.
        let x = c.till.x_report().unwrap();
        assert_eq!(x.cash[0].expected().unwrap(), Money::lak(383_000));
    }

    tap(&ui, "Close the till");
    assert_eq!(
        value(&ui, "Title"),
        "Manager approval: close the till, asked by Kham"
    );
    tap(&ui, "Noy");
    for d in pin_of("Noy").chars() {
        tap(&ui, &d.to_string());
    }
    tap(&ui, "Approve");
    assert_eq!(
        value(&ui, "Title"),
        "Close the till: count everything in the drawer"
    );
    // The count is blind: nothing on this screen says what the till expects.
    assert!(!has_label(&ui, "Expected LAK"));
    // 382,000: three 100,000s, a 50,000, a 20,000, a 10,000 and a 2,000.
    tap_n(&ui, "More 100,000 ₭", 3);
    for note in ["50,000 ₭", "20,000 ₭", "10,000 ₭", "2,000 ₭"] {
        tap(&ui, &format!("More {note}"));
    }
    tap(&ui, "Close the till and print the Z report");
    assert_eq!(value(&ui, "Title"), "Z report 1 · the till is closed");
    assert_eq!(value(&ui, "Over or short LAK"), "short 1,000 ₭");
    // The journal's head is on the Z report, and it checks against the file.
    let head = value(&ui, "Journal head");
    let (seq, hex) = head.split_once(':').unwrap();
    assert!(seq.parse::<i64>().unwrap() > 1 && hex.len() == 16, "{head}");
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_mekong"))
        .arg("--data-dir")
        .arg(dir.path())
        .args(["verify", "--head", &head])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stdout));

    {
        let c = ui.controller.borrow();
        let z = c.till.z_report(None).unwrap().unwrap();
        assert_eq!(z.z_no, Some(1));
        assert_eq!((z.sales, z.gross), (1, 18_000));
        let lak = &z.cash[0];
        assert_eq!(lak.expected().unwrap(), Money::lak(383_000));
        assert_eq!(lak.over_short().unwrap(), Some(Money::lak(-1_000)));
        assert_eq!(z.closed_by.as_deref(), Some("Kham"));
        // The Z report went to the printer, outside the receipt queue.
        assert!(dir.path().join("receipts/VTE1-Z0001.png").exists());
    }
    tap(&ui, "Done");
    assert_eq!(value(&ui, "Title"), "Who is at the till?");
    // The next person to sign in opens the next shift.
    sign_in_on_screen(&ui, "Mai");
    assert_eq!(
        value(&ui, "Title"),
        "Open the till: count the float in the drawer"
    );
}

#[test]
fn a_closed_till_sells_nothing_and_its_records_never_change() {
    let dir = tempfile::tempdir().unwrap();
    let clock = HandClock::at("2026-11-28T06:55:00+07:00");
    let mut till = till_signed_out(dir.path(), &clock);
    let noy = crate::common::staff_id(&till, "Noy");
    till.sign_in(&noy, "2580").unwrap();
    let lines = crate::common::croissant(&till);
    let err = till.checkout_cash(&lines, Money::lak(20_000)).unwrap_err();
    assert_eq!(
        err.to_string(),
        "the till is not open: open it with a counted float first"
    );
    assert!(matches!(
        till.pay_in(Money::lak(1_000), MoveReason::FloatTopUp),
        Err(SessionError::NotOpen)
    ));
    till.open_session(&CashCount::made_up(Money::lak(100_000)))
        .unwrap();
    assert!(matches!(
        till.open_session(&CashCount::default()),
        Err(SessionError::AlreadyOpen(1))
    ));
    assert!(matches!(
        till.pay_in(Money::lak(0), MoveReason::Other),
        Err(SessionError::NoAmount)
    ));
    till.checkout_cash(&lines, Money::lak(20_000)).unwrap();
    till.pay_in(Money::lak(50_000), MoveReason::FloatTopUp)
        .unwrap();
    // An X report changes nothing: twice the same.
    assert_eq!(till.x_report().unwrap(), till.x_report().unwrap());
    let authority = till
        .authorize(mekong::domain::staff::Action::CloseTill)
        .unwrap();
    let z = till
        .close_session(&CashCount::made_up(Money::lak(168_000)), &authority)
        .unwrap();
    assert_eq!(z.cash[0].over_short().unwrap(), Some(Money::lak(0)));
    let conn = till.store().conn();
    for sql in [
        "UPDATE z_reports SET report = '{}'",
        "DELETE FROM z_reports",
        "UPDATE till_sessions SET counted = '{}'",
        "DELETE FROM cash_moves",
    ] {
        let e = conn.execute_batch(sql).expect_err(sql).to_string();
        assert!(e.contains("never"), "{sql}: {e}");
    }
    let err = till.checkout_cash(&lines, Money::lak(20_000)).unwrap_err();
    assert!(err.to_string().contains("not open"));
}

#[test]
fn reports_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        let o = std::process::Command::new(env!("CARGO_BIN_EXE_mekong"))
            .arg("--data-dir")
            .arg(dir.path())
            .args(args)
            .output()
            .unwrap();
        (
            o.status.success(),
            String::from_utf8_lossy(&o.stdout).to_string(),
            String::from_utf8_lossy(&o.stderr).to_string(),
        )
    };
    let (ok, _, err) = run(&["report", "z"]);
    assert!(!ok);
    assert!(err.contains("there is no Z report yet"), "{err}");
    assert!(run(&["demo", "--days", "2", "--seed", "3", "--force"]).0);
    let (ok, out, err) = run(&["report", "z", "--no", "1", "--format", "csv"]);
    assert!(ok, "{err}");
    assert!(out.starts_with("section,label,value\n"), "{out}");
    assert!(
        out.contains("\"ລາຍງານ Z report 1\",\"ເຄື່ອງ Till\",\"VTE1 · 1\""),
        "{out}"
    );
    assert!(out.contains("\"ຄາດວ່າ Expected\""), "{out}");
    let (ok, out, _) = run(&["report", "z"]);
    assert!(ok);
    assert!(out.contains("ລາຍງານ Z report 2"), "{out}");
    assert!(out.contains("ຫົວບັນທຶກ Journal head"), "{out}");
    let (ok, _, err) = run(&["report", "x"]);
    assert!(!ok);
    assert!(err.contains("the till is not open"), "{err}");
    let (ok, out, _) = run(&["verify"]);
    assert!(ok, "{out}");
}
