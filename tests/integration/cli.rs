//! The command line contract: screenshot, demo, receipt, all with --data-dir.

use crate::common::decode_escpos;
use mekong::print::bitmap_from_png;
use std::process::Command;

fn mekong(dir: &std::path::Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_mekong"))
        .arg("--data-dir")
        .arg(dir)
        .args(args)
        .output()
        .expect("runs")
}

fn png_size(path: &std::path::Path) -> (u32, u32) {
    let d = std::fs::read(path).unwrap();
    assert_eq!(&d[..8], b"\x89PNG\r\n\x1a\n");
    (
        u32::from_be_bytes(d[16..20].try_into().unwrap()),
        u32::from_be_bytes(d[20..24].try_into().unwrap()),
    )
}

#[test]
fn screenshots_render_headless_at_both_sizes() {
    let dir = tempfile::tempdir().unwrap();
    for (screen, lang, size) in [
        ("till", "lo", "1280x800"),
        ("modifiers", "en", "1024x768"),
        ("payment", "lo", "1024x768"),
        ("printer", "en", "1280x800"),
        ("settings", "lo", "1024x768"),
        ("sign-in", "lo", "1280x800"),
        ("approval", "en", "1024x768"),
    ] {
        let out = dir.path().join(format!("{screen}.png"));
        let o = mekong(
            dir.path(),
            &[
                "screenshot",
                "--screen",
                screen,
                "--lang",
                lang,
                "--out",
                out.to_str().unwrap(),
                "--size",
                size,
            ],
        );
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let (w, h) = size
            .split_once('x')
            .map(|(w, h)| (w.parse().unwrap(), h.parse().unwrap()))
            .unwrap();
        assert_eq!(png_size(&out), (w, h));
    }
    let o = mekong(
        dir.path(),
        &[
            "screenshot",
            "--screen",
            "till",
            "--out",
            "x.png",
            "--size",
            "12",
        ],
    );
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("is not WxH"));
}

#[test]
fn demo_history_and_receipt_rendering() {
    let dir = tempfile::tempdir().unwrap();
    let o = mekong(dir.path(), &["demo", "--days", "3", "--seed", "7"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let said = String::from_utf8_lossy(&o.stdout).to_string();
    assert!(said.contains("demo staff added"), "{said}");
    assert!(said.contains("Noy    manager  2580"), "{said}");
    let sales = said.lines().find(|l| l.contains("sales over")).unwrap();
    let n: usize = sales.split_whitespace().next().unwrap().parse().unwrap();
    assert!((180..=420).contains(&n), "{said}");
    // The team's roster and clock records come with it.
    assert!(said.contains("roster shifts planned"), "{said}");
    // And a programme: evidence over months, drills, each sale timed from first tap to payment.
    assert!(said.contains("pieces of skills evidence"), "{said}");
    let db = rusqlite::Connection::open(dir.path().join("mekong.sqlite")).unwrap();
    let (drills, people): (i64, i64) = db
        .query_row(
            "SELECT count(*), count(DISTINCT staff_id) FROM drill_results",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((drills, people), (8, 2));
    let untimed: i64 = db
        .query_row(
            "SELECT count(*) FROM orders WHERE json_extract(record, '$.pace.ms') IS NULL",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(untimed, 0);
    drop(db);

    let png = dir.path().join("r.png");
    let bin = dir.path().join("r.bin");
    assert!(
        mekong(
            dir.path(),
            &[
                "receipt",
                "--order",
                "VTE1-000010",
                "--out",
                png.to_str().unwrap()
            ]
        )
        .status
        .success()
    );
    assert!(
        mekong(
            dir.path(),
            &["receipt", "--order", "10", "--out", bin.to_str().unwrap()]
        )
        .status
        .success()
    );
    let (raster, _) = decode_escpos(&std::fs::read(&bin).unwrap());
    assert!(
        raster == bitmap_from_png(&std::fs::read(&png).unwrap()).unwrap(),
        "ESC/POS and PNG rasters differ"
    );

    let ticket = dir.path().join("t.bin");
    let o = mekong(
        dir.path(),
        &[
            "receipt",
            "--order",
            "10",
            "--ticket",
            "bar",
            "--out",
            ticket.to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(
        decode_escpos(&std::fs::read(&ticket).unwrap()).1,
        "a ticket is cut like a receipt"
    );
    let o = mekong(
        dir.path(),
        &[
            "receipt",
            "--order",
            "999999",
            "--out",
            png.to_str().unwrap(),
        ],
    );
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("no sale \"999999\""));
    let o = mekong(dir.path(), &["receipt", "--order", "1", "--out", "r.txt"]);
    assert!(String::from_utf8_lossy(&o.stderr).contains("must end in .png"));
}

#[test]
fn demo_refuses_a_till_with_real_staff_unless_forced() {
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_mekong"))
        .arg("--data-dir")
        .arg(dir.path())
        .args(["staff", "add", "--nickname", "Vone", "--role", "admin"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(b"4826\n").unwrap();
    assert!(child.wait().unwrap().success());
    let o = mekong(dir.path(), &["demo", "--days", "1"]);
    assert!(!o.status.success());
    let said = String::from_utf8_lossy(&o.stderr);
    assert!(said.contains("holds real staff or sales"), "{said}");
    let conn = rusqlite::Connection::open(dir.path().join("mekong.sqlite")).unwrap();
    let sales: i64 = conn
        .query_row("SELECT count(*) FROM orders", [], |r| r.get(0))
        .unwrap();
    assert_eq!(sales, 0, "nothing made up was written");
    let o = mekong(dir.path(), &["demo", "--days", "1", "--force"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

#[test]
fn a_second_till_on_the_same_data_directory_says_so_and_reports_still_work() {
    let dir = tempfile::tempdir().unwrap();
    let _running = mekong::app::TillLock::acquire(dir.path()).unwrap();
    assert!(matches!(
        mekong::app::TillLock::acquire(dir.path()),
        Err(mekong::app::AppError::AlreadyRunning(_))
    ));
    let o = mekong(dir.path(), &["till"]);
    assert!(!o.status.success());
    let said = String::from_utf8_lossy(&o.stderr);
    assert!(said.contains("a till is already running on"), "{said}");
    // Reading commands work beside it.
    let o = mekong(dir.path(), &["staff", "list"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let o = mekong(dir.path(), &["verify"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

#[test]
fn a_config_file_with_a_syntax_error_is_named_with_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    assert!(mekong(dir.path(), &["staff", "list"]).status.success());
    let path = dir.path().join("mekong.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        text.replace("till_id = \"VTE1\"", "till_id = VTE1\""),
    )
    .unwrap();
    let o = mekong(dir.path(), &["staff", "list"]);
    assert!(!o.status.success());
    let said = String::from_utf8_lossy(&o.stderr);
    assert!(said.contains("mekong.toml"), "{said}");
    assert!(said.contains("line 8, column"), "{said}");
}
