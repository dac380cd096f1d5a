//! Holes in cash control, each tried the way someone would cheat or slip: returns at list price
//! after a discount, an approval that outlives the line it was for, a free sale that cannot be
//! closed, discounts lost by holding an order, paid lines brought back by Undo.

use crate::common::{approve_as_noy, signed_in, tap, till_at, ui_with, value};
use mekong::domain::money::Money;

/// A line discount of `percent` on the croissant, given by Kham with Noy's approval.
fn discount_croissant(ui: &mekong::ui::Ui, percent: &str) {
    tap(ui, "Discount");
    tap(ui, "Discount on Croissant");
    tap(ui, percent);
    tap(ui, "Staff");
    tap(ui, "Give discount");
    approve_as_noy(ui);
}

#[test]
fn a_changed_line_loses_its_discount_and_a_void_gives_back_only_what_was_paid() {
    let dir = tempfile::tempdir().unwrap();
    let ui = ui_with(signed_in(till_at(dir.path()), "Kham"));
    tap(&ui, "Bakery");
    tap(&ui, "Croissant");
    discount_croissant(&ui, "50 %");
    assert_eq!(value(&ui, "Total"), "9,000 ₭");
    // The discount was approved for one croissant: + twice does not make it 50 % of three.
    tap(&ui, "+");
    assert_eq!(
        value(&ui, "Status"),
        "Line changed: its discount was taken off."
    );
    tap(&ui, "+");
    assert_eq!(value(&ui, "Total"), "54,000 ₭");
    // Undo brings the quantities back, not the discount.
    tap(&ui, "Undo");
    tap(&ui, "Undo");
    assert_eq!(value(&ui, "Total"), "18,000 ₭");
    discount_croissant(&ui, "50 %");
    tap(&ui, "Pay 9,000 ₭");
    tap(&ui, "9,000 ₭");
    tap(&ui, "Done");

    // The void says what goes back before anyone confirms, and it is what was paid.
    tap(&ui, "Settings");
    approve_as_noy(&ui);
    tap(&ui, "Return VTE1-000001");
    assert_eq!(
        value(&ui, "Void gives back"),
        "A void gives back 9,000 ₭ in kip cash"
    );
    tap(&ui, "Rung up by mistake");
    tap(&ui, "Void the whole sale");
    approve_as_noy(&ui);
    assert_eq!(
        value(&ui, "Result"),
        "Sale VTE1-000001 voided: 9,000 ₭ goes back to the customer."
    );
    let c = ui.controller.borrow();
    let x = c.till.x_report().unwrap();
    assert_eq!((x.voids, x.voided), (1, 9_000));
    assert_eq!(x.cash[0].refunds_out, 9_000);
    // Float, +9,000 in, −9,000 back: the drawer holds the float.
    assert_eq!(x.cash[0].expected().unwrap().minor(), x.cash[0].float);
}

#[test]
fn a_sale_discounted_to_nothing_is_completed_and_its_void_pays_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let ui = ui_with(signed_in(till_at(dir.path()), "Kham"));
    tap(&ui, "Bakery");
    tap(&ui, "Croissant");
    discount_croissant(&ui, "100 %");
    tap(&ui, "Pay 0 ₭");
    tap(&ui, "Complete");
    assert!(value(&ui, "Status").starts_with("Sale VTE1-000001 saved"));
    let c = ui.controller.borrow();
    let sale = c.till.find_sale("VTE1-000001").unwrap();
    assert_eq!(sale.gross, Money::lak(0));
    assert!(sale.tenders.is_empty());
    let plan = c
        .till
        .plan_return(&sale, mekong::domain::returns::ReturnKind::Void, &[])
        .unwrap();
    assert_eq!((plan.gross.minor(), plan.cash(), plan.qr()), (0, 0, 0));
    drop(c);
    let report = mekong::app::verify::verify(dir.path()).unwrap();
    assert!(report.is_ok(), "{:?}", report.problems);
}

#[test]
fn a_held_order_keeps_its_approved_discounts() {
    let dir = tempfile::tempdir().unwrap();
    let ui = ui_with(signed_in(till_at(dir.path()), "Kham"));
    tap(&ui, "Bakery");
    tap(&ui, "Croissant");
    discount_croissant(&ui, "10 %");
    tap(&ui, "Hold");
    tap(&ui, "Table 2");
    tap(&ui, "Hold order");
    assert_eq!(value(&ui, "Total"), "0 ₭");
    tap(&ui, "Tickets (1)");
    tap(&ui, "Recall Table 2");
    assert_eq!(value(&ui, "Discount 1"), "-1,800 ₭");
    assert_eq!(value(&ui, "Total"), "16,200 ₭");
    tap(&ui, "Pay 16,200 ₭");
    tap(&ui, "20,000 ₭");
    tap(&ui, "Done");
    let c = ui.controller.borrow();
    let sale = c.till.find_sale("VTE1-000001").unwrap();
    let noy = crate::common::staff_id(&c.till, "Noy");
    assert_eq!(sale.discounts.len(), 1);
    assert_eq!(sale.discounts[0].approved_by.as_ref(), Some(&noy));
}

#[test]
fn undo_after_a_split_payment_cannot_bring_the_paid_lines_back() {
    let dir = tempfile::tempdir().unwrap();
    let ui = ui_with(signed_in(till_at(dir.path()), "Kham"));
    tap(&ui, "Bakery");
    tap(&ui, "Croissant");
    tap(&ui, "Banana cake");
    tap(&ui, "Split bill");
    tap(&ui, "Pay now Croissant");
    tap(&ui, "Pay 18,000 ₭");
    tap(&ui, "18,000 ₭");
    tap(&ui, "Done");
    assert_eq!(value(&ui, "Total"), "15,000 ₭");
    tap(&ui, "Undo");
    assert_eq!(value(&ui, "Total"), "15,000 ₭", "the croissant is paid for");
    assert_eq!(ui.controller.borrow().cart.lines().len(), 1);
}

/// A till whose pay-outs up to 20,000 kip are anyone's, with `nickname` signed in.
fn till_with_pay_out_limit(dir: &std::path::Path, nickname: &str) -> mekong::app::Till {
    let mut config = crate::common::english();
    config.staff.pay_out_limit = 20_000;
    let till = mekong::app::Till::open_with(
        dir,
        config,
        Box::new(mekong::print::VirtualPrinter::new(dir)),
        Box::new(crate::common::FixedClock(crate::common::vientiane(
            "2026-11-28T10:30:00+07:00",
        ))),
    )
    .unwrap();
    signed_in(signed_in(till, "Noy"), nickname)
}

#[test]
fn a_pay_out_above_the_limit_is_a_managers_and_an_approval_is_for_its_amount_only() {
    use mekong::app::session::SessionError;
    use mekong::domain::session::MoveReason;
    use mekong::domain::staff::Action;
    let dir = tempfile::tempdir().unwrap();
    let mut till = till_with_pay_out_limit(dir.path(), "Kham");
    // Within the limit Kham pays out alone.
    let small = Money::lak(10_000);
    let alone = till.authorize_amount(Action::PayOut, Some(small)).unwrap();
    assert!(alone.approver().is_none());
    // That authority is for 10,000: it cannot pay out 50,000.
    let err = till
        .pay_out(Money::lak(50_000), MoveReason::Supplies, &alone)
        .unwrap_err();
    assert!(matches!(err, SessionError::NotAuthorized(_)), "{err}");
    till.pay_out(small, MoveReason::Supplies, &alone).unwrap();
    // Above it, or in dollars with no rate set today, a manager approves.
    assert!(
        till.authorize_amount(Action::PayOut, Some(Money::lak(20_500)))
            .is_none()
    );
    let dollars = Money::parse(mekong::domain::money::Currency::Usd, "5").unwrap();
    assert!(
        till.authorize_amount(Action::PayOut, Some(dollars))
            .is_none()
    );
    let noy = crate::common::staff_id(&till, "Noy");
    let big = Money::lak(50_000);
    let approved = till
        .approve_amount(
            Action::PayOut,
            Some(big),
            &noy,
            crate::common::pin_of("Noy"),
        )
        .unwrap();
    till.pay_out(big, MoveReason::BankDeposit, &approved)
        .unwrap();
    let x = till.x_report().unwrap();
    assert_eq!(x.cash[0].pay_outs, 60_000);
    // Nothing else moved: a refused pay-out wrote nothing.
    let moves: i64 = till
        .store()
        .conn()
        .query_row("SELECT count(*) FROM cash_moves", [], |r| r.get(0))
        .unwrap();
    assert_eq!(moves, 2);
}

#[test]
fn a_rate_out_of_bounds_is_refused_and_a_big_change_needs_a_second_confirmation() {
    use crate::common::digits;
    let dir = tempfile::tempdir().unwrap();
    let ui = ui_with(till_at(dir.path()));
    tap(&ui, "Settings");
    // $1 = 1,000,000 kip would pay 950,000 kip of "change" for $1 on a 50,000 kip sale.
    tap(&ui, "Set rate USD");
    digits(&ui, "1000000");
    tap(&ui, "Save rate");
    assert_eq!(
        value(&ui, "Rate problem"),
        "1 USD = 1,000,000 ₭ is outside 10,000 ₭ to 50,000 ₭ (USD rates this till accepts)"
    );
    tap(&ui, "Cancel");
    tap(&ui, "Set rate USD");
    digits(&ui, "21000");
    tap(&ui, "Save rate");
    assert!(value(&ui, "Rate USD").contains("21,000 ₭"));
    // A day later the manager types 25,000: 19 % up, so it is shown beside the old one.
    tap(&ui, "Set rate USD");
    digits(&ui, "25000");
    tap(&ui, "Save rate");
    assert_eq!(
        value(&ui, "Rate to confirm"),
        "The rate was 21,000 ₭ and would be 25,000 ₭: more than 10 % apart. Check the number, then confirm."
    );
    assert!(value(&ui, "Rate USD").contains("21,000 ₭"), "not set yet");
    tap(&ui, "Yes, set 25,000 ₭");
    assert!(value(&ui, "Rate USD").contains("25,000 ₭"));
    let c = ui.controller.borrow();
    let rate = c
        .till
        .rate_today(mekong::domain::money::Currency::Usd)
        .unwrap()
        .unwrap();
    assert_eq!(rate.per_unit, 25_000);
}

#[test]
fn the_screen_on_top_is_the_only_one_a_tap_or_a_screen_reader_can_reach() {
    use crate::common::{HandClock, buttons, sign_in_on_screen, till_signed_out};
    let dir = tempfile::tempdir().unwrap();
    let clock = HandClock::at("2026-11-28T10:00:00+07:00");
    let ui = ui_with(till_signed_out(dir.path(), &clock));
    // At the sign-in screen, nothing of the till under it is in the accessibility tree.
    for hidden in ["Settings", "Bakery", "Discount", "Hold"] {
        assert!(buttons(&ui, hidden).is_empty(), "{hidden} is reachable");
    }
    sign_in_on_screen(&ui, "Noy");
    // The float count covers the till too.
    assert!(buttons(&ui, "Bakery").is_empty());
    tap(&ui, "Open the till");
    tap(&ui, "Bakery");
    assert!(!buttons(&ui, "Croissant").is_empty());
    tap(&ui, "Settings");
    // The settings cover the till: its items are out of reach.
    assert!(buttons(&ui, "Croissant").is_empty());
    tap(&ui, "Sales report");
    assert!(value(&ui, "Title").starts_with("Sales report"));
    // A manager's auto-lock closes every manager's screen: the trainee who signs in next
    // finds the order, not the sales report with its figures by staff.
    clock.advance(5 * 60);
    assert!(ui.controller.borrow_mut().tick());
    ui.refresh();
    sign_in_on_screen(&ui, "Mai");
    assert!(!buttons(&ui, "Croissant").is_empty());
    assert!(buttons(&ui, "Back to order").is_empty());
    let c = ui.controller.borrow();
    assert!(c.reports.is_none() && !c.settings_open && c.settings_authority.is_none());
}

#[test]
fn auto_lock_keeps_the_part_of_a_payment_already_in_the_drawer() {
    use crate::common::{HandClock, digits, sign_in_on_screen, till_signed_out};
    let dir = tempfile::tempdir().unwrap();
    let clock = HandClock::at("2026-11-28T10:00:00+07:00");
    let mut till = till_signed_out(dir.path(), &clock);
    let noy = crate::common::staff_id(&till, "Noy");
    let authority = till
        .approve(
            mekong::domain::staff::Action::ChangeSettings,
            &noy,
            crate::common::pin_of("Noy"),
        )
        .unwrap();
    let today = mekong::app::Clock::now(&clock).date_naive();
    till.set_rate(
        mekong::domain::money::Currency::Thb,
        640,
        today,
        &authority,
        false,
    )
    .unwrap();
    let ui = ui_with(till);
    sign_in_on_screen(&ui, "Kham");
    tap(&ui, "Open the till");
    tap(&ui, "Bakery");
    tap(&ui, "Croissant");
    tap(&ui, "Pay 18,000 ₭");
    tap(&ui, "THB");
    digits(&ui, "20");
    tap(&ui, "Take this part");
    assert_eq!(value(&ui, "Left to pay"), "5,200 ₭");
    // The part cannot be dropped by going back to the order.
    tap(&ui, "Back to order");
    assert_eq!(value(&ui, "Left to pay"), "5,200 ₭");
    // The till locks all the same, and the 20 baht stay with the payment for the next person.
    clock.advance(5 * 60);
    assert!(ui.controller.borrow_mut().tick());
    ui.refresh();
    sign_in_on_screen(&ui, "Noy");
    assert_eq!(value(&ui, "Left to pay"), "5,200 ₭");
}

#[test]
fn a_sales_report_with_no_sales_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let ui = ui_with(till_at(dir.path()));
    tap(&ui, "Settings");
    tap(&ui, "Sales report");
    assert_eq!(value(&ui, "No sales"), "No sales in this period.");
    assert!(!crate::common::has_label(&ui, "By hour 07"));
}

#[test]
fn a_typical_order_takes_four_taps_favourite_croissant_and_exact_cash() {
    let dir = tempfile::tempdir().unwrap();
    let ui = ui_with(signed_in(till_at(dir.path()), "Kham"));
    let taps = std::cell::Cell::new(0);
    let tap = |label: &str| {
        taps.set(taps.get() + 1);
        tap(&ui, label);
    };
    // The Favourites tab is first: the iced Lao coffee with sugar 25 % is one tap.
    tap("Iced Lao coffee · sugar 25\u{a0}%");
    tap("Croissant");
    assert_eq!(value(&ui, "Total"), "38,000 ₭");
    tap("Cash, exact 38,000 ₭");
    assert_eq!(taps.get(), 3, "the issue asks for at most 6");
    assert_eq!(
        value(&ui, "Status"),
        "Sale VTE1-000001 saved. Change given 0 ₭"
    );
    let c = ui.controller.borrow();
    let sale = c.till.find_sale("VTE1-000001").unwrap();
    let coffee = &sale.lines[0];
    assert_eq!(
        (coffee.item.as_str(), coffee.variant.as_str()),
        ("lao-coffee", "iced")
    );
    assert!(
        coffee
            .modifiers
            .iter()
            .any(|m| m.group.as_str() == "sugar" && m.option.as_str() == "25")
    );
    assert_eq!(sale.tenders.len(), 1);
    assert_eq!(sale.tenders[0].amount, Money::lak(38_000));
}

#[test]
fn a_manager_pins_unpins_and_reorders_favourites_on_the_till_and_they_stay() {
    let dir = tempfile::tempdir().unwrap();
    let ui = ui_with(signed_in(till_at(dir.path()), "Kham"));
    let pinned = |ui: &mekong::ui::Ui| -> Vec<String> {
        let c = ui.controller.borrow();
        c.till
            .menu()
            .favourites
            .iter()
            .map(|f| f.name.en.clone())
            .collect()
    };
    // The menu file seeds the tab; a barista's tap on Edit asks a manager.
    assert_eq!(pinned(&ui).len(), 5);
    tap(&ui, "Edit favourites");
    assert_eq!(
        value(&ui, "Title"),
        "Manager approval: favourites, asked by Kham"
    );
    approve_as_noy(&ui);
    tap(&ui, "Unpin Hot Lao coffee");
    tap(&ui, "Move up Croissant");
    tap(&ui, "Done");
    // She makes an iced latte with oat milk on the order, then pins it.
    tap(&ui, "Espresso bar");
    tap(&ui, "Latte");
    tap(&ui, "Iced");
    tap(&ui, "Oat milk");
    tap(&ui, "Add to order");
    tap(&ui, "Favourites");
    tap(&ui, "Edit favourites");
    approve_as_noy(&ui);
    tap(&ui, "Pin Latte · Iced · Oat milk");
    tap(&ui, "Pin Latte · Iced · Oat milk");
    assert_eq!(
        value(&ui, "Favourites problem"),
        "Latte · Iced · Oat milk is already pinned."
    );
    tap(&ui, "Done");
    let expected = [
        "Iced Lao coffee · sugar 25\u{a0}%",
        "Iced latte",
        "Croissant",
        "Lao milk tea, iced",
        "Latte · Iced · Oat milk",
    ];
    assert_eq!(pinned(&ui), expected);
    // One tap on the Favourites tab adds it as it was made.
    tap(&ui, "Favourites");
    tap(&ui, "Latte · Iced · Oat milk");
    {
        let c = ui.controller.borrow();
        let line = c.cart.lines().last().unwrap().clone();
        assert_eq!((line.variant.as_str(), line.qty.get()), ("iced", 2));
        assert!(line.modifiers.iter().any(|m| m.option.as_str() == "oat"));
        assert_eq!(line.unit_price, Money::lak(35_000));
        assert_eq!(
            c.cart.lines().len(),
            1,
            "the same latte again: one line of 2"
        );
    }
    // Signing out closes the sheet with its approval.
    tap(&ui, "Edit favourites");
    approve_as_noy(&ui);
    assert!(ui.controller.borrow().favourites.is_some());
    ui.controller.borrow_mut().sign_out();
    assert!(ui.controller.borrow().favourites.is_none());
    drop(ui);
    // The manager's list is kept: a restart shows it, not the file's.
    let till = till_at(dir.path());
    let names: Vec<String> = till
        .menu()
        .favourites
        .iter()
        .map(|f| f.name.en.clone())
        .collect();
    assert_eq!(names, expected);
    let by: String = till
        .store()
        .conn()
        .query_row(
            "SELECT s.nickname FROM pinned_favourites p JOIN staff s ON s.id = p.changed_by",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(by, "Noy");
    // A kept list that does not read leaves the file's favourites: the till still opens.
    till.store()
        .conn()
        .execute("UPDATE pinned_favourites SET list = '[1]'", [])
        .unwrap();
    drop(till);
    let till = till_at(dir.path());
    assert_eq!(till.menu().favourites.len(), 5);
    assert_eq!(till.menu().favourites[1].name.en, "Hot Lao coffee");
}

#[test]
fn exact_cash_is_rounded_up_to_what_notes_can_pay() {
    let dir = tempfile::tempdir().unwrap();
    let ui = ui_with(signed_in(till_at(dir.path()), "Kham"));
    tap(&ui, "Bakery");
    tap(&ui, "Croissant");
    // 18,000 less 1,160 off is 16,840: not payable in notes.
    tap(&ui, "Discount");
    crate::common::digits(&ui, "1160");
    tap(&ui, "Other");
    tap(&ui, "Give discount");
    approve_as_noy(&ui);
    assert_eq!(value(&ui, "Total"), "16,840 ₭");
    tap(&ui, "Pay 16,840 ₭");
    assert!(!crate::common::buttons(&ui, "17,000 ₭").is_empty());
    tap(&ui, "Back to order");
    tap(&ui, "Cash, exact 17,000 ₭");
    let c = ui.controller.borrow();
    let sale = c.till.find_sale("VTE1-000001").unwrap();
    assert_eq!(sale.tenders[0].amount, Money::lak(17_000));
    // 160 kip of change rounds to nothing at a 500 kip step.
    assert_eq!(sale.change_given, Money::lak(0));
}

#[test]
fn every_report_adds_up_after_discounts_voids_and_refunds() {
    use mekong::domain::discount::{Discount, DiscountReason, DiscountValue};
    use mekong::domain::returns::{ReturnKind, ReturnReason};
    use mekong::domain::staff::Action;
    let dir = tempfile::tempdir().unwrap();
    let mut till = till_at(dir.path());
    let lines = |t: &mekong::app::Till| {
        let mut l = crate::common::croissant(t);
        let m = t.menu();
        let cake = mekong::domain::order::Selection::defaults(m, &"banana-cake".into()).unwrap();
        l.push(
            mekong::domain::order::build_line(
                m,
                &"banana-cake".into(),
                &cake,
                mekong::domain::money::Quantity::new(2).unwrap(),
            )
            .unwrap(),
        );
        l
    };
    let pay = |m| [mekong::app::tenders::Payment::cash(Money::lak(m))];
    // 18,000 + 2 × 15,000, 10 % off the croissant and 5,000 off the order: 41,200.
    let d = |line, value| Discount {
        line,
        value,
        reason: DiscountReason::Staff,
    };
    let a1 = till.authorize(Action::Discount).unwrap();
    let a2 = till.authorize(Action::Discount).unwrap();
    let l = lines(&till);
    let done = till
        .checkout_with(
            &l,
            &[
                (d(Some(0), DiscountValue::Percent(10)), a1),
                (d(None, DiscountValue::Amount(Money::lak(5_000))), a2),
            ],
            &pay(50_000),
        )
        .unwrap();
    assert_eq!(done.sale.gross, Money::lak(41_200));
    let l = lines(&till);
    till.checkout_cash(&l, Money::lak(50_000)).unwrap(); // 48,000
    let l = lines(&till);
    till.checkout_cash(&l, Money::lak(50_000)).unwrap(); // 48,000
    // Void the second sale; refund one cake of the discounted first.
    let void = till.authorize(Action::VoidPaidSale).unwrap();
    till.return_sale(
        "VTE1-000002",
        ReturnKind::Void,
        &[],
        ReturnReason::Mistake,
        &void,
    )
    .unwrap();
    let refund = till.authorize(Action::Refund).unwrap();
    let back = till
        .return_sale(
            "VTE1-000001",
            ReturnKind::Refund,
            &[(2, 1)],
            ReturnReason::Quality,
            &refund,
        )
        .unwrap();
    let today = mekong::app::Clock::now(&crate::common::FixedClock(crate::common::vientiane(
        "2026-11-28T10:30:00+07:00",
    )))
    .date_naive();
    let r = till.sales_report(today, today).unwrap();
    assert_eq!((r.sales, r.gross), (3, Money::lak(137_200)));
    let sum =
        |lines: &[mekong::app::reports::Line]| lines.iter().map(|l| l.amount.minor()).sum::<i64>();
    assert_eq!(sum(&r.by_item), r.gross.minor(), "items after discounts");
    assert_eq!(sum(&r.by_category), r.gross.minor());
    assert_eq!(sum(&r.by_hour), r.gross.minor());
    assert_eq!(sum(&r.by_staff), r.gross.minor());
    assert_eq!((r.voids, r.voided), (1, Money::lak(48_000)));
    assert_eq!((r.refunds, r.refunded), (1, back.gross));
    assert_eq!(
        r.net.minor(),
        r.gross.minor() - r.voided.minor() - r.refunded.minor()
    );
    // The X (and Z) report's VAT is net of the VAT of what went back.
    let x = till.x_report().unwrap();
    let returned_vat: i64 = till
        .store()
        .conn()
        .query_row("SELECT sum(vat) FROM returns", [], |r| r.get(0))
        .unwrap();
    assert_eq!(x.net_vat(), x.vat - returned_vat);
    assert_eq!(r.vat.minor(), x.net_vat());
}
