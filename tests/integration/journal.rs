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
        ("DELETE FROM tenders WHERE receipt_no = 2", "never deleted"),
        (
            "UPDATE order_lines SET qty = 2 WHERE receipt_no = 1",
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
    conn.execute_batch("UPDATE tenders SET amount = 50000 WHERE receipt_no = 2")
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
    conn.execute_batch(
        "DELETE FROM order_lines WHERE receipt_no = 2;
         DELETE FROM tenders WHERE receipt_no = 2;
         DELETE FROM orders WHERE receipt_no = 2;",
    )
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
         DELETE FROM order_lines WHERE receipt_no = 3;
         DELETE FROM tenders WHERE receipt_no = 3;
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
