//! Staff: the permission table for every role and protected action, PIN lockout on a clock the
//! test moves, manager approval recording both people, auto-lock, and sign-in on the screen.

use crate::common::{
    HandClock, button, croissant, digits, has_label, sign_in_on_screen, signed_in, staff_id, tap,
    till_signed_out, ui_with, value,
};
use mekong::app::staff::SignInError;
use mekong::domain::money::Money;
use mekong::domain::staff::{Action, Role};

#[test]
fn every_role_and_every_protected_action() {
    let dir = tempfile::tempdir().unwrap();
    let clock = HandClock::at("2026-11-28T10:00:00+07:00");
    // Ana is the till's first admin and adds the team; a manager cannot add an admin.
    let mut till = mekong::app::Till::open_with(
        dir.path(),
        crate::common::english(),
        Box::new(mekong::print::VirtualPrinter::new(dir.path())),
        Box::new(clock.clone()),
    )
    .unwrap();
    let ana = till.add_first_admin("Ana", "8642").unwrap();
    let by_ana = till.approve(Action::ManageStaff, &ana.id, "8642").unwrap();
    for (nickname, role, pin) in mekong::app::demo::DEMO_STAFF {
        till.add_staff(nickname, role, pin, &by_ana).unwrap();
    }
    let noy = staff_id(&till, "Noy");
    let by_noy = till.approve(Action::ManageStaff, &noy, "2580").unwrap();
    assert!(matches!(
        till.add_staff("Vone", Role::Admin, "4826", &by_noy),
        Err(mekong::app::staff::StaffError::AboveOwnRole(_))
    ));
    let kham = staff_id(&till, "Kham");
    for (nickname, pin, role) in [
        ("Mai", "2468", Role::Trainee),
        ("Kham", "1357", Role::Barista),
        ("Noy", "2580", Role::Manager),
        ("Ana", "8642", Role::Admin),
    ] {
        let id = staff_id(&till, nickname);
        assert_eq!(till.sign_in(&id, pin).unwrap().role, role);
        for action in Action::ALL {
            let alone = till.authorize(action);
            let may = matches!(role, Role::Manager | Role::Admin);
            assert_eq!(alone.is_some(), may, "{nickname} {action:?}");
            if may {
                let a = alone.unwrap();
                assert_eq!(
                    (a.actor().nickname.as_str(), a.approver()),
                    (nickname, None)
                );
                continue;
            }
            // A barista cannot approve for anyone; a manager can, and both are recorded.
            assert_eq!(
                till.approve(action, &kham, "1357"),
                Err(SignInError::NotAllowed { who: "Kham".into() }),
                "{nickname} {action:?}"
            );
            let a = till.approve(action, &noy, "2580").unwrap();
            assert_eq!(a.action(), action);
            assert_eq!(a.actor().nickname, nickname);
            assert_eq!(a.approver().unwrap().nickname, "Noy");
        }
    }
}

#[test]
fn five_wrong_pins_lock_for_thirty_minutes() {
    let dir = tempfile::tempdir().unwrap();
    let clock = HandClock::at("2026-11-28T10:00:00+07:00");
    let mut till = till_signed_out(dir.path(), &clock);
    let mai = staff_id(&till, "Mai");
    for left in [4, 3, 2, 1] {
        assert_eq!(
            till.sign_in(&mai, "9999"),
            Err(SignInError::WrongPin { tries_left: left })
        );
    }
    let locked = till.sign_in(&mai, "9999").unwrap_err();
    let until = chrono::DateTime::parse_from_rfc3339("2026-11-28T10:30:00+07:00").unwrap();
    assert_eq!(locked, SignInError::Locked { until });
    // While locked, even the right PIN is refused (and nothing more is learnt).
    assert_eq!(
        till.sign_in(&mai, "2468"),
        Err(SignInError::Locked { until })
    );
    clock.advance(29 * 60);
    assert_eq!(
        till.sign_in(&mai, "2468"),
        Err(SignInError::Locked { until })
    );
    // The lock survives a restart.
    drop(till);
    let mut till = till_signed_out(dir.path(), &clock);
    assert_eq!(
        till.sign_in(&mai, "2468"),
        Err(SignInError::Locked { until })
    );
    clock.advance(61);
    // After the lock, a fresh count of tries.
    assert_eq!(
        till.sign_in(&mai, "1111"),
        Err(SignInError::WrongPin { tries_left: 4 })
    );
    assert_eq!(till.sign_in(&mai, "2468").unwrap().nickname, "Mai");
    // A right PIN resets the count.
    till.sign_out();
    assert_eq!(
        till.sign_in(&mai, "1111"),
        Err(SignInError::WrongPin { tries_left: 4 })
    );
    // A second lockout the same day: 30 minutes, or a day, change nothing; a manager must.
    for _ in 0..4 {
        let _ = till.sign_in(&mai, "9999");
    }
    assert_eq!(
        till.sign_in(&mai, "9999"),
        Err(SignInError::LockedForManager)
    );
    clock.advance(3 * 3600);
    assert_eq!(
        till.sign_in(&mai, "2468"),
        Err(SignInError::LockedForManager)
    );
    let noy = staff_id(&till, "Noy");
    let unlock = till.approve(Action::ManageStaff, &noy, "2580").unwrap();
    till.unlock_staff(&mai, &unlock).unwrap();
    assert_eq!(till.sign_in(&mai, "2468").unwrap().nickname, "Mai");
}

#[test]
fn a_manager_unlocks_a_locked_pin_on_the_screen() {
    let dir = tempfile::tempdir().unwrap();
    let clock = HandClock::at("2026-11-28T10:00:00+07:00");
    let mut till = till_signed_out(dir.path(), &clock);
    let mai = staff_id(&till, "Mai");
    for _ in 0..5 {
        let _ = till.sign_in(&mai, "0000");
    }
    let ui = ui_with(till);
    assert_eq!(value(&ui, "Title"), "Who is at the till?");
    tap(&ui, "Mai");
    assert_eq!(
        value(&ui, "Message"),
        "Too many wrong PINs: locked until 10:30. A manager can unlock it sooner."
    );
    tap(&ui, "Manager unlock");
    assert_eq!(
        value(&ui, "Title"),
        "Manager approval: unlock the PIN of Mai"
    );
    // Only those who may approve are offered.
    assert!(crate::common::buttons(&ui, "Kham").is_empty());
    tap(&ui, "Noy");
    digits(&ui, "2580");
    tap(&ui, "Approve");
    assert_eq!(value(&ui, "Message"), "The PIN of Mai is unlocked.");
    digits(&ui, "2468");
    tap(&ui, "Sign in");
    tap(&ui, "Open the till");
    assert!(has_label(&ui, "Sign out Mai"));
}

#[test]
fn a_manager_approves_the_drawer_for_a_barista_and_both_are_journalled() {
    let dir = tempfile::tempdir().unwrap();
    let clock = HandClock::at("2026-11-28T10:00:00+07:00");
    let ui = ui_with(till_signed_out(dir.path(), &clock));
    sign_in_on_screen(&ui, "Kham");
    tap(&ui, "Open the till");
    tap(&ui, "Settings");
    assert_eq!(
        value(&ui, "Title"),
        "Manager approval: settings, asked by Kham"
    );
    // A wrong manager PIN is refused and counted.
    tap(&ui, "Noy");
    digits(&ui, "1111");
    tap(&ui, "Approve");
    assert_eq!(
        value(&ui, "Message"),
        "Wrong PIN. 4 tries left before it locks."
    );
    digits(&ui, "2580");
    tap(&ui, "Approve");
    assert!(has_label(&ui, "Print test page"), "settings are open");
    tap(&ui, "Open cash drawer");
    assert_eq!(
        value(&ui, "Title"),
        "Manager approval: open the cash drawer, asked by Kham"
    );
    tap(&ui, "Noy");
    digits(&ui, "2580");
    tap(&ui, "Approve");
    assert_eq!(value(&ui, "Result"), "Drawer opened.");

    let c = ui.controller.borrow();
    let kham = staff_id(&c.till, "Kham").0;
    let noy = staff_id(&c.till, "Noy").0;
    let (kind, body): (String, String) = c
        .till
        .store()
        .conn()
        .query_row(
            "SELECT kind, body FROM journal ORDER BY seq DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(kind, "no_sale");
    assert_eq!(
        body,
        format!("{{\"staff\":\"{kham}\",\"approved_by\":\"{noy}\"}}")
    );
}

#[test]
fn cancelling_an_approval_leaves_the_action_undone() {
    let dir = tempfile::tempdir().unwrap();
    let clock = HandClock::at("2026-11-28T10:00:00+07:00");
    let ui = ui_with(till_signed_out(dir.path(), &clock));
    sign_in_on_screen(&ui, "Mai");
    tap(&ui, "Open the till");
    tap(&ui, "Settings");
    tap(&ui, "Cancel");
    assert!(!has_label(&ui, "Print test page"));
    assert!(has_label(&ui, "Sign out Mai"));
}

#[test]
fn the_till_locks_after_five_quiet_minutes_and_keeps_the_order() {
    let dir = tempfile::tempdir().unwrap();
    let clock = HandClock::at("2026-11-28T10:00:00+07:00");
    let ui = ui_with(till_signed_out(dir.path(), &clock));
    sign_in_on_screen(&ui, "Kham");
    tap(&ui, "Open the till");
    tap(&ui, "Bakery");
    tap(&ui, "Croissant");
    clock.advance(4 * 60 + 59);
    assert!(!ui.controller.borrow_mut().tick());
    clock.advance(1);
    assert!(ui.controller.borrow_mut().tick());
    ui.refresh();
    assert_eq!(value(&ui, "Title"), "Who is at the till?");
    assert_eq!(
        value(&ui, "Message"),
        "Locked after 5 minutes without a tap. Sign in again."
    );
    sign_in_on_screen(&ui, "Kham");
    assert!(button(&ui, "Pay 18,000 ₭").is_valid());
}

#[test]
fn a_sale_records_who_took_it_and_the_receipt_shows_only_their_nickname() {
    use mekong::print::bitmap_from_png;
    use mekong::print::raster::Rasterizer;
    use mekong::print::receipt::{Block, ReceiptDoc, Size};
    let dir = tempfile::tempdir().unwrap();
    let mut till = signed_in(crate::common::till_at(dir.path()), "Mai");
    let done = till
        .checkout_cash(&croissant(&till), Money::lak(20_000))
        .unwrap();
    let stored = till.find_sale(&done.sale.receipt_label()).unwrap();
    assert_eq!(stored.served_by.unwrap().nickname, "Mai");
    let png = std::fs::read(dir.path().join("receipts/VTE1-000001.png")).unwrap();
    let receipt = bitmap_from_png(&png).unwrap();
    let mut r = Rasterizer::new(576);
    let line = |text: &str| ReceiptDoc {
        number: "x".into(),
        blocks: vec![Block::Row {
            left: text.into(),
            right: String::new(),
            size: Size::Normal,
            bold: false,
            indent: 0,
        }],
    };
    assert!(crate::common::contains_image(
        &receipt,
        &r.render(&line("ຜູ້ບໍລິການ Served by Mai"))
    ));
    assert!(!crate::common::contains_image(
        &receipt,
        &r.render(&line("ຜູ້ບໍລິການ Served by Noy"))
    ));
}

#[test]
fn nobody_signed_in_cannot_sell() {
    let dir = tempfile::tempdir().unwrap();
    let clock = HandClock::at("2026-11-28T10:00:00+07:00");
    let mut till = till_signed_out(dir.path(), &clock);
    let err = till
        .checkout_cash(&croissant(&till), Money::lak(20_000))
        .unwrap_err();
    assert_eq!(err.to_string(), "nobody is signed in at the till");
    assert_eq!(
        mekong::store::sales::sales_count(till.store().conn()).unwrap(),
        0
    );
}

#[test]
fn the_sign_in_screen_speaks_lao() {
    let dir = tempfile::tempdir().unwrap();
    let clock = HandClock::at("2026-11-28T10:00:00+07:00");
    let ui = ui_with(till_signed_out(dir.path(), &clock));
    tap(&ui, "ພາສາລາວ / English");
    assert_eq!(value(&ui, "ຫົວຂໍ້"), "ໃຜຢູ່ເຄື່ອງຂາຍ?");
    tap(&ui, "Kham");
    digits(&ui, "0000");
    tap(&ui, "ເຂົ້າລະບົບ");
    assert_eq!(value(&ui, "ຂໍ້ຄວາມ"), "ລະຫັດ PIN ບໍ່ຖືກ. ເຫຼືອອີກ 4 ເທື່ອກ່ອນຈະລັອກ.");
    tap(&ui, "ພາສາລາວ / English");
}

#[test]
fn staff_are_added_from_the_command_line_with_the_pin_on_stdin() {
    let dir = tempfile::tempdir().unwrap();
    let add = |nickname: &str, role: &str, by: Option<&str>, stdin: &str| {
        let mut args = vec!["staff", "add", "--nickname", nickname, "--role", role];
        if let Some(by) = by {
            args.extend(["--by", by]);
        }
        crate::common::mekong_cli(dir.path(), &args, stdin)
    };
    // The first person on a new till is its admin.
    let (ok, out) = add("Lin", "trainee", None, "4826\n");
    assert!(!ok);
    assert!(
        out.contains("the first person on a new till is its admin"),
        "{out}"
    );
    let (ok, out) = add("Vone", "admin", None, "4826\n");
    assert!(ok, "{out}");
    assert!(out.contains("added Vone (admin)"), "{out}");
    // After that, nobody is added without a manager or admin and their PIN.
    let (ok, out) = add("Lin", "trainee", None, "3579\n");
    assert!(!ok);
    assert!(
        out.contains("name the manager or admin adding Lin with --by"),
        "{out}"
    );
    let (ok, out) = add("Lin", "trainee", Some("Vone"), "0000\n3579\n");
    assert!(!ok);
    assert!(out.contains("wrong PIN"), "{out}");
    let (ok, out) = add("Lin", "trainee", Some("Vone"), "4826\n1111\n");
    assert!(!ok);
    assert!(
        out.contains("a PIN of one digit repeated (1111) is too easy to guess"),
        "{out}"
    );
    let (ok, out) = add("vone", "barista", Some("Vone"), "4826\n4826\n");
    assert!(!ok);
    assert!(
        out.contains("there is already someone called \"vone\""),
        "{out}"
    );
    let (ok, out) = add("Lin", "trainee", Some("vone"), "4826\n3579\n");
    assert!(ok, "{out}");
    // Adding is journalled with who added.
    let conn = rusqlite::Connection::open(dir.path().join("mekong.sqlite")).unwrap();
    let by: Vec<Option<String>> = conn
        .prepare("SELECT json_extract(body, '$.by') FROM journal WHERE kind = 'staff_added' ORDER BY seq")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(by.len(), 2);
    assert!(by[0].is_none() && by[1].is_some());
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_mekong"))
        .arg("--data-dir")
        .arg(dir.path())
        .args(["staff", "list"])
        .output()
        .unwrap();
    let list = String::from_utf8_lossy(&o.stdout);
    assert_eq!(list.lines().count(), 2, "{list}");
    assert!(list.contains("Vone") && list.contains("admin"), "{list}");
    assert!(!list.contains("4826") && !list.contains("argon2"), "{list}");
}
