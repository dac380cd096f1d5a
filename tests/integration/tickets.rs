//! Open tickets: hold an order under a table, recall it, add to it, split the bill by items.

use crate::common::{has_label, tap, till_at, ui_at, value};

#[test]
fn hold_recall_add_split_and_pay_a_table() {
    let dir = tempfile::tempdir().unwrap();
    let ui = ui_at(dir.path());
    tap(&ui, "Bakery");
    tap(&ui, "Croissant");
    tap(&ui, "Banana cake");
    tap(&ui, "Hold");
    tap(&ui, "Table 4");
    tap(&ui, "Hold order");
    assert!(has_label(&ui, "Tickets (1)"));
    assert_eq!(value(&ui, "Total"), "0 ₭");

    // Another customer pays meanwhile.
    tap(&ui, "Croissant");
    tap(&ui, "Pay 18,000 ₭");
    tap(&ui, "18,000 ₭");
    tap(&ui, "Done");

    // Table 4 orders one more croissant.
    tap(&ui, "Tickets (1)");
    tap(&ui, "Recall Table 4");
    assert_eq!(value(&ui, "Order"), "Table 4");
    tap(&ui, "Croissant");
    tap(&ui, "Hold");
    tap(&ui, "Hold order");

    // The held order is on disk: a till opened afresh on the same data sees it.
    let other = till_at(dir.path());
    let held = other.held_tickets().unwrap();
    // Two croissants on one line, and the banana cake.
    assert_eq!(
        (held.len(), held[0].name.as_str(), held[0].lines.len()),
        (1, "Table 4", 2)
    );
    drop(other);
    tap(&ui, "Tickets (1)");
    tap(&ui, "Recall Table 4");
    assert_eq!(value(&ui, "Total"), "51,000 ₭");
    // Recalling over an order on screen is refused.
    tap(&ui, "Tickets (0)");
    assert!(
        !has_label(&ui, "Recall Table 4"),
        "the one on screen is not listed"
    );
    tap(&ui, "Close");

    // One guest pays for the banana cake alone.
    tap(&ui, "Split bill");
    tap(&ui, "Pay now Banana cake");
    assert_eq!(value(&ui, "Total"), "15,000 ₭");
    tap(&ui, "Pay 15,000 ₭");
    tap(&ui, "15,000 ₭");
    tap(&ui, "Done");
    assert_eq!(
        value(&ui, "Status"),
        "Sale VTE1-000002 saved. Change given 0 ₭"
    );
    // The croissants stay on Table 4's ticket.
    assert_eq!(value(&ui, "Total"), "36,000 ₭");
    assert_eq!(value(&ui, "Order"), "Table 4");
    {
        let c = ui.controller.borrow();
        let held = c.till.held_tickets().unwrap();
        assert_eq!(held.len(), 1);
        assert_eq!(held[0].lines.len(), 1);
    }
    tap(&ui, "Pay 36,000 ₭");
    tap(&ui, "50,000 ₭");
    tap(&ui, "Done");
    assert!(has_label(&ui, "Tickets (0)"));
    assert!(
        ui.controller
            .borrow()
            .till
            .held_tickets()
            .unwrap()
            .is_empty()
    );
}

#[test]
fn a_held_order_is_not_recalled_over_another() {
    let dir = tempfile::tempdir().unwrap();
    let ui = ui_at(dir.path());
    tap(&ui, "Bakery");
    tap(&ui, "Croissant");
    tap(&ui, "Hold");
    tap(&ui, "Table 2");
    tap(&ui, "Hold order");
    tap(&ui, "Banana cake");
    tap(&ui, "Tickets (1)");
    tap(&ui, "Recall Table 2");
    assert_eq!(
        value(&ui, "Status"),
        "Hold or finish the order on screen before recalling another."
    );
    assert_eq!(value(&ui, "Total"), "15,000 ₭");
}

#[test]
fn paying_a_ticket_closes_it_in_the_sales_own_transaction() {
    use mekong::app::tickets::TicketAfter;
    use mekong::domain::money::Money;
    let dir = tempfile::tempdir().unwrap();
    let mut till = till_at(dir.path());
    let lines = crate::common::croissant(&till);
    let mut order = mekong::app::staff::Order::default();
    order.add(lines[0].clone()).unwrap();
    let id = till.hold_ticket(None, "Table 9", &order).unwrap();
    // A failing checkout (not enough cash) leaves the ticket open.
    let pay = |m| [mekong::app::tenders::Payment::cash(Money::lak(m))];
    assert!(
        till.checkout_ticket(
            &lines,
            &[],
            &pay(1_000),
            Some(TicketAfter::Close(id.clone()))
        )
        .is_err()
    );
    assert_eq!(till.held_tickets().unwrap().len(), 1);
    till.checkout_ticket(&lines, &[], &pay(18_000), Some(TicketAfter::Close(id)))
        .unwrap();
    assert!(till.held_tickets().unwrap().is_empty());
}
