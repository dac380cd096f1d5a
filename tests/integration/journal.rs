//! The journal: every sale is chained into it, raw SQL cannot change or delete records, and
//! `mekong verify` names the first broken record when the triggers are forced.

use crate::common::{croissant, till_at};
use mekong::domain::money::Money;
use std::path::Path;
use std::process::Command;

fn verify(dir: &Path) -> (bool, String) {
    let o = Command::new(env!("CARGO_BIN_EXE_mekong"))
        .arg("--data-dir")
        .arg(dir)
        .arg("verify")
        .output()
        .expect("runs");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    (o.status.success(), text)
}

/// Three cash sales of one croissant each (receipts VTE1-000001 … 3).
fn three_sales(dir: &Path) {
    let mut till = till_at(dir);
    for _ in 0..3 {
        till.checkout_cash(&croissant(&till), Money::lak(20_000))
            .expect("sale");
    }
}

fn raw(dir: &Path) -> rusqlite::Connection {
    rusqlite::Connection::open(dir.join("mekong.sqlite")).unwrap()
}

/// What an attacker with the database file would do: remove the guard triggers.
fn drop_triggers(conn: &rusqlite::Connection) {
    let names: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    for n in names {
        conn.execute_batch(&format!("DROP TRIGGER {n}")).unwrap();
    }
}

#[test]
fn every_sale_is_in_the_chain_and_verify_says_so() {
    let dir = tempfile::tempdir().unwrap();
    three_sales(dir.path());
    let conn = raw(dir.path());
    let kinds: Vec<(i64, String)> = conn
        .prepare("SELECT seq, kind FROM journal ORDER BY seq")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    // Adding the staff and opening the shift are in the journal table; each sale is a link
    // in its own row.
    assert_eq!(
        kinds,
        vec![
            (1, "staff_added".into()),
            (2, "staff_added".into()),
            (3, "staff_added".into()),
            (4, "staff_added".into()),
            (5, "session_open".into())
        ]
    );
    let links: Vec<(i64, i64)> = conn
        .prepare("SELECT receipt_no, journal_seq FROM orders ORDER BY receipt_no")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(links, vec![(1, 6), (2, 7), (3, 8)]);
    drop(conn);
    let (ok, out) = verify(dir.path());
    assert!(ok, "{out}");
    assert!(
        out.contains("journal of 8 records chained; 3 sales match it"),
        "{out}"
    );
}

#[test]
fn raw_sql_cannot_change_or_delete_records() {
    let dir = tempfile::tempdir().unwrap();
    three_sales(dir.path());
    let conn = raw(dir.path());
    for (sql, words) in [
        (
            "UPDATE journal SET body = '{}' WHERE seq = 1",
            "append-only",
        ),
        ("DELETE FROM journal WHERE seq = 1", "append-only"),
        (
            "UPDATE orders SET gross = 1 WHERE receipt_no = 2",
            "never changed",
        ),
        ("DELETE FROM orders WHERE receipt_no = 2", "never deleted"),
        (
            "UPDATE orders SET record = json_set(record, '$.lines[0].qty', 2) WHERE receipt_no = 1",
            "never changed",
        ),
    ] {
        let err = conn.execute_batch(sql).expect_err(sql).to_string();
        assert!(err.contains(words), "{sql}: {err}");
    }
    drop(conn);
    let (ok, out) = verify(dir.path());
    assert!(ok, "{out}");
}

#[test]
fn a_changed_record_is_named_when_the_triggers_are_forced() {
    let dir = tempfile::tempdir().unwrap();
    three_sales(dir.path());
    let conn = raw(dir.path());
    drop_triggers(&conn);
    conn.execute_batch(
        "UPDATE journal SET body = json_set(body, '$.float.LAK', 1000) WHERE seq = 1",
    )
    .unwrap();
    drop(conn);
    let (ok, out) = verify(dir.path());
    assert!(!ok, "{out}");
    assert!(
        out.contains("BROKEN: journal record 1 was changed: its hash does not match its content"),
        "{out}"
    );
}

#[test]
fn a_changed_sale_is_named() {
    let dir = tempfile::tempdir().unwrap();
    three_sales(dir.path());
    let conn = raw(dir.path());
    drop_triggers(&conn);
    conn.execute_batch(
        "UPDATE orders SET record = json_set(record, '$.tenders[0].amount', 50000),
                           tendered = json_set(tendered, '$[0][2]', 50000)
         WHERE receipt_no = 2",
    )
    .unwrap();
    drop(conn);
    let (ok, out) = verify(dir.path());
    assert!(!ok, "{out}");
    assert!(
        out.contains(
            "BROKEN: journal record 7 (sale VTE1-000002) was changed: its hash does not match its content"
        ),
        "{out}"
    );
}

#[test]
fn a_deleted_sale_is_named_in_the_middle_and_at_the_end() {
    let dir = tempfile::tempdir().unwrap();
    three_sales(dir.path());
    let conn = raw(dir.path());
    drop_triggers(&conn);
    conn.execute_batch("DELETE FROM orders WHERE receipt_no = 2;")
        .unwrap();
    let (ok, out) = verify(dir.path());
    assert!(!ok);
    assert!(
        out.contains("BROKEN: journal record 7 is missing (record 8 comes next)"),
        "{out}"
    );
    assert!(
        out.contains("sale VTE1-000002 is missing (receipt numbers jump from 1 to 3)"),
        "{out}"
    );
    // The newest sale leaves no gap behind it, but the printer had queued its receipt.
    let dir = tempfile::tempdir().unwrap();
    three_sales(dir.path());
    let conn = raw(dir.path());
    drop_triggers(&conn);
    conn.execute_batch(
        "DELETE FROM print_jobs WHERE receipt_no = 3;
         DELETE FROM orders WHERE receipt_no = 3;",
    )
    .unwrap();
    drop(conn);
    let (ok, out) = verify(dir.path());
    assert!(!ok);
    assert!(
        out.contains(
            "sale VTE1-000003 is missing: the last sale is 2, but receipts up to 3 were made"
        ),
        "{out}"
    );
}

#[test]
fn verify_on_a_directory_without_a_till_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let (ok, out) = verify(dir.path());
    assert!(!ok);
    assert!(out.contains("there is no mekong.sqlite in it"), "{out}");
}

/// A day with two-line sales, a refund, a pay-in, a pay-out and a rate: every money table has
/// rows for tampering to find.
fn a_day_of_money(dir: &Path) {
    use mekong::domain::returns::{ReturnKind, ReturnReason};
    use mekong::domain::session::MoveReason;
    use mekong::domain::staff::Action;
    let mut till = till_at(dir);
    for _ in 0..3 {
        let mut lines = croissant(&till);
        lines.extend(croissant(&till));
        lines[1].item_name.en = "Croissant (warm)".into();
        till.checkout_cash(&lines, Money::lak(40_000))
            .expect("sale");
    }
    till.pay_in(Money::lak(100_000), MoveReason::FloatTopUp)
        .unwrap();
    let out = till
        .authorize_amount(Action::PayOut, Some(Money::lak(35_000)))
        .unwrap();
    till.pay_out(Money::lak(35_000), MoveReason::Supplies, &out)
        .unwrap();
    let refund = till.authorize(Action::Refund).unwrap();
    till.return_sale(
        "VTE1-000001",
        ReturnKind::Refund,
        &[(1, 1)],
        ReturnReason::Quality,
        &refund,
    )
    .unwrap();
    let settings = till.authorize(Action::ChangeSettings).unwrap();
    let today = till.now().date_naive();
    till.set_rate(
        mekong::domain::money::Currency::Thb,
        640,
        today,
        &settings,
        false,
    )
    .unwrap();
}

/// Tampers with a fresh day of money (triggers dropped first) and returns what verify said.
fn tampered(sql: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    a_day_of_money(dir.path());
    let (ok, out) = verify(dir.path());
    assert!(ok, "untouched: {out}");
    let conn = raw(dir.path());
    drop_triggers(&conn);
    conn.execute_batch(sql).unwrap();
    drop(conn);
    let (ok, out) = verify(dir.path());
    assert!(!ok, "{sql}: {out}");
    out
}

#[test]
fn renaming_a_sold_item_is_named_by_receipt() {
    let out = tampered(
        "UPDATE orders SET record = json_set(record, '$.lines[0].item_en', 'Espresso')
         WHERE receipt_no = 2",
    );
    assert!(out.contains("(sale VTE1-000002) was changed"), "{out}");
}

#[test]
fn moving_value_between_two_lines_is_named_by_receipt() {
    let out = tampered(
        "UPDATE orders SET record = json_set(record,
             '$.lines[0].unit_price', record ->> '$.lines[0].unit_price' + 1000,
             '$.lines[0].line_total', record ->> '$.lines[0].line_total' + 1000,
             '$.lines[1].unit_price', record ->> '$.lines[1].unit_price' - 1000,
             '$.lines[1].line_total', record ->> '$.lines[1].line_total' - 1000)
         WHERE receipt_no = 3;",
    );
    assert!(out.contains("(sale VTE1-000003) was changed"), "{out}");
}

#[test]
fn replace_which_skips_delete_triggers_is_caught() {
    // REPLACE deletes the old row without firing DELETE triggers: the triggers stay in place.
    let dir = tempfile::tempdir().unwrap();
    a_day_of_money(dir.path());
    let conn = raw(dir.path());
    conn.execute_batch(
        "REPLACE INTO orders (till_id, receipt_no, id, created_at, business_day, currency, gross,
                             vat, net, vat_rate, change_given, cash_rounding, wants_receipt,
                             staff_id, journal_seq, prev_hash, hash, link_version, record, items,
                             tendered, discounts)
         SELECT till_id, receipt_no, id, created_at, business_day, currency, gross, vat, net,
                vat_rate, change_given, cash_rounding, wants_receipt, staff_id, journal_seq,
                prev_hash, hash, link_version, json_set(record, '$.tenders[0].amount', 4000),
                items, json_set(tendered, '$[0][2]', 4000), discounts
         FROM orders WHERE receipt_no = 2",
    )
    .unwrap();
    drop(conn);
    let (ok, out) = verify(dir.path());
    assert!(!ok);
    assert!(out.contains("(sale VTE1-000002) was changed"), "{out}");
}

#[test]
fn sums_for_reports_that_are_not_the_sales_lines_are_named_by_receipt() {
    // The record is untouched, so the chain checks; the month report would still be wrong.
    let out = tampered(
        "UPDATE orders SET items = json_set(items, '$[0][2]', 1) WHERE receipt_no = 2;
         UPDATE orders SET tendered = '[[\"qr\",\"LAK\",40000]]' WHERE receipt_no = 3;",
    );
    for n in [2, 3] {
        assert!(
            out.contains(&format!(
                "sale VTE1-00000{n}: its sums for reports (items, tenders, discounts) are not those of its lines"
            )),
            "{out}"
        );
    }
}

#[test]
fn a_changed_copy_in_a_record_an_unreadable_record_and_a_reused_order_id_are_named() {
    let out = tampered(
        "UPDATE orders SET record = json_set(record, '$.gross', 1) WHERE receipt_no = 1;
         UPDATE orders SET record = '{\"lines\": 3}' WHERE receipt_no = 2;
         UPDATE orders SET id = (SELECT id FROM orders WHERE receipt_no = 1) WHERE receipt_no = 3;",
    );
    for words in [
        "sale VTE1-000001: its stored record is not the sale its columns and lines make",
        "sale VTE1-000002: its record cannot be read",
        "(sale VTE1-000002) was changed",
        "sale VTE1-000003 has the order id",
        // The chain is named at its first break (sale 2); the copy in the row names sale 3.
        "sale VTE1-000003: its stored record is not the sale its columns and lines make",
    ] {
        assert!(out.contains(words), "{words}: {out}");
    }
}

#[test]
fn raising_a_pay_out_is_named_with_both_amounts() {
    let out = tampered(
        "REPLACE INTO cash_moves (till_id, session_no, move_no, at, kind, currency, amount, reason,
                                  staff_id)
         SELECT till_id, session_no, move_no, at, kind, currency, 95000, reason, staff_id
         FROM cash_moves WHERE kind = 'pay_out'",
    );
    assert!(
        out.contains("pay-out VTE1 shift 1 no. 2 differs from journal record")
            && out.contains("amount 95000 in the table, 35000 in the journal"),
        "{out}"
    );
}

#[test]
fn a_changed_refund_an_added_pay_in_and_a_lost_rate_are_each_named() {
    let out = tampered(
        "UPDATE returns SET gross = 36000;
         INSERT INTO cash_moves (till_id, session_no, move_no, at, kind, currency, amount, reason,
                                 staff_id)
         SELECT till_id, session_no, 9, at, 'pay_in', currency, 1000, reason, staff_id
         FROM cash_moves LIMIT 1;
         DELETE FROM exchange_rates;",
    );
    assert!(
        out.contains("return VTE1-R000001 differs from journal record"),
        "{out}"
    );
    assert!(
        out.contains("gross 36000 in the table, 18000 in the journal"),
        "{out}"
    );
    assert!(
        out.contains("pay-in VTE1 shift 1 no. 9 is not in the journal"),
        "{out}"
    );
    assert!(out.contains("is rate THB from"), "{out}");
}

#[test]
fn a_journal_cut_short_or_rewritten_whole_fails_against_the_printed_head() {
    let dir = tempfile::tempdir().unwrap();
    a_day_of_money(dir.path());
    let conn = raw(dir.path());
    let (seq, hash): (i64, String) = conn
        .query_row(
            "SELECT seq, hash FROM journal ORDER BY seq DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    let head = format!("{seq}:{}", &hash[..16]);
    let with_head = |dir: &Path| {
        let o = Command::new(env!("CARGO_BIN_EXE_mekong"))
            .arg("--data-dir")
            .arg(dir)
            .args(["verify", "--head", &head])
            .output()
            .unwrap();
        (
            o.status.success(),
            String::from_utf8_lossy(&o.stdout).to_string(),
        )
    };
    assert!(with_head(dir.path()).0);
    // Cut off the last record: the chain itself still checks, the head does not.
    drop_triggers(&conn);
    conn.execute_batch(&format!("DELETE FROM journal WHERE seq = {seq}"))
        .unwrap();
    drop(conn);
    let (ok, out) = with_head(dir.path());
    assert!(!ok);
    assert!(
        out.contains(&format!(
            "the journal ends at record {}, but a Z report printed record {seq} as its head",
            seq - 1
        )),
        "{out}"
    );
    let o = Command::new(env!("CARGO_BIN_EXE_mekong"))
        .arg("--data-dir")
        .arg(dir.path())
        .args(["verify", "--head", "12:zz"])
        .output()
        .unwrap();
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("is not SEQ:HEX"));
}

#[test]
fn verify_opens_the_file_read_only_and_asks_for_an_upgrade_first() {
    let dir = tempfile::tempdir().unwrap();
    a_day_of_money(dir.path());
    let db = dir.path().join("mekong.sqlite");
    let before = std::fs::read(&db).unwrap();
    assert!(verify(dir.path()).0);
    assert_eq!(std::fs::read(&db).unwrap(), before, "verify wrote nothing");
    raw(dir.path())
        .pragma_update(None, "user_version", 11)
        .unwrap();
    let (ok, out) = verify(dir.path());
    assert!(!ok);
    assert!(
        out.contains("open the till once (mekong till) to upgrade it"),
        "{out}"
    );
    // And it did not upgrade it behind the person's back.
    let v: i64 = raw(dir.path())
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(v, 11);
}

#[test]
fn print_marks_never_go_back() {
    let dir = tempfile::tempdir().unwrap();
    a_day_of_money(dir.path());
    let e = raw(dir.path())
        .execute_batch("UPDATE print_marks SET queued_up_to = 1")
        .unwrap_err()
        .to_string();
    assert!(e.contains("never go back"), "{e}");
}

#[test]
fn a_pay_in_turned_into_a_pay_out_is_named() {
    // REPLACE fires neither the UPDATE nor the DELETE trigger: the triggers stay in place.
    let dir = tempfile::tempdir().unwrap();
    a_day_of_money(dir.path());
    let conn = raw(dir.path());
    conn.execute_batch(
        "REPLACE INTO cash_moves (till_id, session_no, move_no, at, kind, currency, amount, reason,
                                  staff_id)
         SELECT till_id, session_no, move_no, at, 'pay_out', currency, amount, reason, staff_id
         FROM cash_moves WHERE kind = 'pay_in'",
    )
    .unwrap();
    drop(conn);
    let (ok, out) = verify(dir.path());
    assert!(!ok);
    assert!(
        out.contains("kind \"pay_out\" in the table, \"pay_in\" in the journal"),
        "{out}"
    );
}

#[test]
fn a_barista_made_a_manager_outside_the_till_is_named() {
    let out = tampered("UPDATE staff SET role = 'manager' WHERE nickname = 'Kham'");
    assert!(
        out.contains("has role manager in the table, barista in the journal"),
        "{out}"
    );
}
