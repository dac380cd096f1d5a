//! Voids and refunds: a manager's, new records that never change, counted in the shift.

use crate::common::{
    approve_as_noy, buttons, croissant, has_label, signed_in, tap, till_at, ui_with, value,
};
use mekong::app::returns::ReturnsError;
use mekong::app::tenders::Payment;
use mekong::domain::money::Money;
use mekong::domain::returns::{ReturnError, ReturnKind, ReturnReason};
use mekong::domain::session::CashCount;
use mekong::domain::staff::Action;

#[test]
fn a_barista_refunds_a_croissant_with_a_managers_approval() {
    let dir = tempfile::tempdir().unwrap();
    let mut till = signed_in(till_at(dir.path()), "Kham");
    let two = {
        let mut l = croissant(&till);
        l.extend(croissant(&till));
        l
    };
    till.checkout_cash(&two, Money::lak(40_000)).unwrap();
    let ui = ui_with(till);
    tap(&ui, "Settings");
    approve_as_noy(&ui);
    tap(&ui, "Return VTE1-000001");
    tap(&ui, "More back Croissant");
    tap(&ui, "More back Croissant");
    tap(&ui, "More back Croissant");
    // Only one croissant is on each line: the count stops there.
    assert_eq!(value(&ui, "Back Croissant"), "1");

    tap(&ui, "Not good");
    tap(&ui, "Refund the chosen");
    assert_eq!(
        value(&ui, "Title"),
        "Manager approval: refund on sale VTE1-000001, asked by Kham"
    );
    approve_as_noy(&ui);
    assert_eq!(
        value(&ui, "Result"),
        "Refund on VTE1-000001 saved: 18,000 ₭ goes back to the customer."
    );

    {
        let c = ui.controller.borrow();
        let conn = c.till.store().conn();
        let (kind, staff, approved, paid_back): (String, String, String, String) = conn
            .query_row(
                "SELECT r.kind, s.nickname, a.nickname, r.paid_back FROM returns r
                 JOIN staff s ON s.id = r.staff_id JOIN staff a ON a.id = r.approved_by",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .unwrap();
        assert_eq!(
            (kind.as_str(), staff.as_str(), approved.as_str()),
            ("refund", "Kham", "Noy")
        );
        assert_eq!(paid_back, r#"[{"kind":"cash","amount":18000}]"#);
        let x = c.till.x_report().unwrap();
        assert_eq!((x.refunds, x.refunded), (1, 18_000));
        // 40,000 in, 4,000 change, 18,000 back.
        assert_eq!(x.cash[0].refunds_out, 18_000);
        assert_eq!(x.cash[0].expected().unwrap(), Money::lak(18_000));
        assert!(dir.path().join("receipts/VTE1-R000001.png").exists());
        let e = conn
            .execute_batch("UPDATE returns SET gross = 1")
            .unwrap_err()
            .to_string();
        assert!(e.contains("never changed"), "{e}");
    }
    // The sale is now partly refunded: it can no longer be voided.
    // The sheet says so before anyone asks a manager, and offers the rest as a refund.
    tap(&ui, "Return VTE1-000001");
    tap(&ui, "Rung up by mistake");
    assert_eq!(
        value(&ui, "Void gives back"),
        "No void: this sale has already been partly returned, so it cannot be voided; refund the rest"
    );
    tap(&ui, "Void the whole sale");
    assert!(!has_label(&ui, "Title"), "a disabled void asks nobody");
    assert_eq!(
        value(&ui, "Refund gives back"),
        "Choose what comes back with + and −"
    );
    // The first croissant is back already; the second is left.
    buttons(&ui, "More back Croissant")[1].invoke_accessible_default_action();
    assert_eq!(
        value(&ui, "Refund gives back"),
        "The refund gives back 18,000 ₭ in kip cash"
    );
    tap(&ui, "Cancel");
}

#[test]
fn voids_belong_to_the_shift_and_qr_goes_back_by_qr() {
    let dir = tempfile::tempdir().unwrap();
    let mut till = till_at(dir.path());
    let lines = croissant(&till);
    till.checkout(&lines, &[Payment::qr(Money::lak(18_000))])
        .unwrap();
    till.checkout_cash(&lines, Money::lak(20_000)).unwrap();
    let refund = till.authorize(Action::Refund).unwrap();
    let void = till.authorize(Action::VoidPaidSale).unwrap();
    // Refund the QR sale: back by QR.
    let done = till
        .return_sale(
            "VTE1-000001",
            ReturnKind::Refund,
            &[(1, 1)],
            ReturnReason::Quality,
            &refund,
        )
        .unwrap();
    assert_eq!(done.paid_back.len(), 1);
    assert_eq!(
        (done.paid_back[0].kind.as_str(), done.paid_back[0].amount),
        ("qr", 18_000)
    );
    // Nothing is left on that line.
    assert!(matches!(
        till.return_sale(
            "VTE1-000001",
            ReturnKind::Refund,
            &[(1, 1)],
            ReturnReason::Quality,
            &refund
        ),
        Err(ReturnsError::Rule(ReturnError::TooMany { left: 0, .. }))
    ));
    // The wrong authority is refused.
    assert!(matches!(
        till.return_sale(
            "VTE1-000002",
            ReturnKind::Void,
            &[],
            ReturnReason::Mistake,
            &refund
        ),
        Err(ReturnsError::Authority(_))
    ));
    // Close the shift, open the next: yesterday's sale can be refunded, not voided.
    let close = till.authorize(Action::CloseTill).unwrap();
    let x = till.x_report().unwrap();
    let counted = CashCount::made_up(x.cash[0].expected().unwrap());
    till.close_session(&counted, &close).unwrap();
    till.open_session(&CashCount::default()).unwrap();
    let err = till
        .return_sale(
            "VTE1-000002",
            ReturnKind::Void,
            &[],
            ReturnReason::Mistake,
            &void,
        )
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "sale VTE1-000002 was made before this shift: refund it instead of voiding it"
    );
    till.checkout_cash(&lines, Money::lak(18_000)).unwrap();
    let done = till
        .return_sale(
            "VTE1-000003",
            ReturnKind::Void,
            &[],
            ReturnReason::Mistake,
            &void,
        )
        .unwrap();
    assert_eq!(done.gross, Money::lak(18_000));
    let x = till.x_report().unwrap();
    assert_eq!(
        (x.voids, x.voided, x.sales, x.gross),
        (1, 18_000, 1, 18_000)
    );
    let report = mekong::app::verify::verify(dir.path()).unwrap();
    assert!(report.is_ok(), "{:?}", report.problems);
}
