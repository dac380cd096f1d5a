//! Her till figures on her skills page: what she rang up live and in practice, how long from
//! the first tap to payment, what she corrected, her sales voided, her drills; attached as
//! evidence from the till with the rating her drills suggest, and refused where they say
//! nothing.

use crate::common::{HandClock, button, has_label, pin_of, staff_id, tap, ui_with, value};
use crate::skills::programme_till;
use mekong::app::skills::SkillsError;
use mekong::app::tenders::Payment;
use mekong::domain::menu::Lang;
use mekong::domain::returns::{ReturnKind, ReturnReason};
use mekong::domain::staff::Action;

/// One croissant through the screen: first tap, `seconds` at the counter, paid exactly.
/// With `correct`, she adds a second one and takes it off again before paying.
fn croissant_in(ui: &mekong::ui::Ui, clock: &HandClock, seconds: i64, correct: bool) {
    tap(ui, "Croissant");
    if correct {
        tap(ui, "+");
        tap(ui, "−");
    }
    clock.advance(seconds);
    tap(ui, "Pay 18,000 ₭");
    tap(ui, "18,000 ₭");
    tap(ui, "Done");
}

#[test]
fn her_page_shows_what_the_till_saw_and_a_manager_attaches_it_with_the_rating_it_suggests() {
    let dir = tempfile::tempdir().unwrap();
    let clock = HandClock::at("2026-11-23T09:00:00+07:00");
    let (mut till, mai, dao) = programme_till(dir.path(), &clock);
    let noy = staff_id(&till, "Noy");
    till.open_session(&Default::default()).unwrap();
    till.sign_in(&mai, pin_of("Mai")).unwrap();
    let ui = ui_with(till);

    // Two live sales: 45 s with a line put right first, then 20 s.
    tap(&ui, "Bakery");
    croissant_in(&ui, &clock, 45, true);
    croissant_in(&ui, &clock, 20, false);
    // A cart emptied before paying is no order and no pace.
    tap(&ui, "Croissant");
    clock.advance(300);
    tap(&ui, "Remove");
    {
        let mut c = ui.controller.borrow_mut();
        let training = c.till.approve(Action::Training, &noy, "2580").unwrap();
        c.till.start_training(false, &training).unwrap();
    }
    ui.refresh();
    // A practice order, 10 s.
    croissant_in(&ui, &clock, 10, false);
    {
        let mut c = ui.controller.borrow_mut();
        // Three drills rung up right, in good time.
        for seed in [1, 2, 3] {
            let drill = c.till.start_drill(Some(seed)).unwrap().clone();
            clock.advance(30);
            let lines: Vec<_> = drill.asked.iter().map(|a| a.line.clone()).collect();
            let paid: Vec<Payment> = drill.pays_with.iter().map(|m| Payment::cash(*m)).collect();
            let scored = c.till.finish_drill(&lines, &paid, drill.change).unwrap();
            assert_eq!(scored.score.points, 100);
        }
        let training = c.till.approve(Action::Training, &noy, "2580").unwrap();
        c.till.stop_training(&training).unwrap();
        // Her second sale is voided.
        let void = c.till.approve(Action::VoidPaidSale, &noy, "2580").unwrap();
        c.till
            .return_sale(
                "VTE1-000002",
                ReturnKind::Void,
                &[],
                ReturnReason::Mistake,
                &void,
            )
            .unwrap();
        c.till.sign_in(&noy, pin_of("Noy")).unwrap();
    }
    ui.refresh();

    tap(&ui, "Settings");
    tap(&ui, "People");
    tap(&ui, "Skills");
    tap(&ui, "Skills of Mai");
    // Practice is her practice order and her three drills.
    assert_eq!(
        value(&ui, "Orders a week, live + practice"),
        "2 Nov: 0 + 0 · 9 Nov: 0 + 0 · 16 Nov: 0 + 0 · 23 Nov: 2 + 4"
    );
    // 45, 20 and 10 s: the emptied cart is not among them.
    assert_eq!(
        value(&ui, "First tap to payment"),
        "median 20 s over 3 orders"
    );
    assert_eq!(value(&ui, "Corrected before payment"), "1 of 3 orders");
    assert_eq!(
        value(&ui, "Her sales voided or refunded"),
        "1 of 2 sales (50 %): 1 voided, 0 refunded"
    );
    assert_eq!(value(&ui, "Drawer at shifts she closed"), "none yet");
    assert_eq!(
        value(&ui, "Drills"),
        "3 drills, average 100 of 100, change right in 3"
    );

    // A competency seen only by eye takes nothing from the till, nor one whose rule takes
    // any method: her figures speak of orders and cash, not of a clean bar.
    tap(&ui, "Consistent dose");
    assert!(!has_label(&ui, "Till suggests"));
    tap(&ui, "A clean, organised bar");
    assert!(!has_label(&ui, "Till suggests"));
    tap(&ui, "Taking an order and handling cash at the till");
    assert_eq!(
        value(&ui, "Till suggests"),
        "From the till: her figures suggest Competent"
    );
    tap(&ui, "Attach till figures");
    assert_eq!(
        value(&ui, "Skills message"),
        "Her till figures are attached as evidence, rated Competent."
    );
    let piece = value(&ui, "Evidence 1");
    assert!(
        piece.starts_with("2026-11-23 · From the till · Competent · Noy"),
        "{piece}"
    );
    // The same drills count once: the button waits for new ones.
    assert_eq!(
        value(&ui, "Till suggests"),
        "From the till: attached on 2026-11-23; again after 3 more drills"
    );
    assert_eq!(
        button(&ui, "Attach till figures").accessible_enabled(),
        Some(false)
    );

    let c = ui.controller.borrow();
    let (method, note): (String, String) = c
        .till
        .store()
        .conn()
        .query_row(
            "SELECT method, note FROM skill_evidence WHERE id = 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(method, "till");
    assert_eq!(
        note,
        "Till, 4 weeks: orders 2 live + 4 practice, median 20 s to pay; voided or refunded 1 of 2 sales; drills 3, average 100"
    );
    // The pace is part of the sale's hashed record, and verify still passes.
    let report = mekong::app::verify::verify(dir.path()).unwrap();
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    drop(c);

    // Refused in words, nothing recorded: Dao has no drills, and a competency seen by eye.
    let mut c = ui.controller.borrow_mut();
    let a = c.till.authorize(Action::ManageStaff).unwrap();
    let order = "order-and-cash".into();
    assert!(matches!(
        c.till.attach_till_figures(&dao, &order, Lang::En, &a),
        Err(SkillsError::NoTillRating)
    ));
    for (id, name) in [
        ("consistent-dose", "Consistent dose"),
        ("clean-bar", "A clean, organised bar"),
    ] {
        let err = c
            .till
            .attach_till_figures(&mai, &id.into(), Lang::En, &a)
            .unwrap_err();
        assert!(
            err.to_string()
                .starts_with(&format!("{name} does not take evidence from the till")),
            "names the competency: {err}"
        );
    }
    // The same drills count once: attached again the next day, they are refused.
    clock.advance(86_400);
    let err = c
        .till
        .attach_till_figures(&mai, &order, Lang::En, &a)
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "her till figures were attached on 2026-11-23: attach them again after 3 more drills"
    );
    let pieces: i64 = c
        .till
        .store()
        .conn()
        .query_row("SELECT count(*) FROM skill_evidence", [], |r| r.get(0))
        .unwrap();
    assert_eq!(pieces, 1);
    drop(c);
    // The button waits for drills on Dao's page.
    tap(&ui, "Progress");
    tap(&ui, "Skills of Dao");
    tap(&ui, "Taking an order and handling cash at the till");
    assert_eq!(
        value(&ui, "Till suggests"),
        "From the till: 3 drills in four weeks suggest a rating"
    );
    assert_eq!(
        button(&ui, "Attach till figures").accessible_enabled(),
        Some(false)
    );
}
