//! Backups you can lose: encrypted with age to the recovery key, restored only after they
//! check out, never over a newer Z report unasked, and automatic at shift close.

use crate::common::*;
use crate::sync::{CANARIES, demo_with_canaries};
use mekong::app::Till;
use mekong::domain::session::CashCount;
use mekong::domain::staff::Action;
use std::path::{Path, PathBuf};

/// A recovery key made with `mekong backup keygen`, and its public key.
fn keygen(dir: &Path) -> (PathBuf, String) {
    let key = dir.join("recovery.key");
    let (ok, out) = mekong_cli(
        dir,
        &["backup", "keygen", "--out", key.to_str().unwrap()],
        "",
    );
    assert!(ok, "{out}");
    let public = out.lines().next().unwrap().trim().to_owned();
    assert!(public.starts_with("age1"), "{out}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&key).unwrap().permissions().mode();
        assert_eq!(
            mode & 0o777,
            0o600,
            "the secret is readable by its owner only"
        );
    }
    (key, public)
}

/// Puts `public` in `[backup] recipients` of the till's mekong.toml.
fn recipients(data: &Path, public: &str) {
    mekong::config::Config::load_or_create(data).unwrap();
    let path = data.join("mekong.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    let text = text.replace("recipients = []", &format!("recipients = [\"{public}\"]"));
    std::fs::write(path, text).unwrap();
}

fn backup_to(data: &Path, to: &Path) -> PathBuf {
    let (ok, out) = mekong_cli(data, &["backup", "--to", to.to_str().unwrap()], "");
    assert!(ok, "{out}");
    PathBuf::from(out.split(" (").next().unwrap().trim())
}

fn restore(data: &Path, file: &Path, key: &Path, extra: &[&str]) -> (bool, String) {
    let mut args = vec![
        "restore",
        file.to_str().unwrap(),
        "--identity",
        key.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    mekong_cli(data, &args, "")
}

fn count(data: &Path, sql: &str) -> i64 {
    rusqlite::Connection::open(data.join("mekong.sqlite"))
        .unwrap()
        .query_row(sql, [], |r| r.get(0))
        .unwrap()
}

#[test]
fn a_backup_round_trips_and_a_lost_stick_shows_nothing() {
    let till = demo_with_canaries();
    let keys = tempfile::tempdir().unwrap();
    let (key, public) = keygen(keys.path());
    let stick = tempfile::tempdir().unwrap();
    let (ok, out) = mekong_cli(till.path(), &["backup"], "");
    assert!(!ok && out.contains("no backup directory"), "{out}");
    let to = ["backup", "--to", stick.path().to_str().unwrap()];
    let (ok, out) = mekong_cli(till.path(), &to, "");
    assert!(!ok && out.contains("no backup keys"), "{out}");
    recipients(till.path(), &public);
    let file = backup_to(till.path(), stick.path());
    assert!(file.starts_with(stick.path()), "{}", file.display());

    // The stick shows nothing: no name, phone, note or partner; not even SQLite. (Three
    // letters, like a nickname, turn up in a megabyte of random bytes by chance: only the
    // canaries of five or more are looked for.)
    let bytes = std::fs::read(&file).unwrap();
    let text = String::from_utf8_lossy(&bytes);
    let long = CANARIES.iter().filter(|c| c.len() >= 5);
    for canary in long.chain(&["Canaryname Mai", "SQLite format", "identity.key", "VTE1-"]) {
        assert!(!text.contains(canary), "{canary} is readable in the backup");
    }
    // No copy of the database is left behind beside the data.
    assert!(std::fs::read_dir(till.path()).unwrap().all(|e| {
        !e.unwrap()
            .file_name()
            .to_string_lossy()
            .starts_with(".backup")
    }),);

    // Restored on a new till box: the same sales, people and identity key.
    let new = tempfile::tempdir().unwrap();
    let (ok, out) = restore(new.path(), &file, &key, &[]);
    assert!(ok, "{out}");
    assert!(out.contains("restored the backup of till VTE1"), "{out}");
    let (ok, out) = mekong_cli(new.path(), &["verify"], "");
    assert!(ok, "{out}");
    for sql in [
        "SELECT count(*) FROM orders",
        "SELECT count(*) FROM staff",
        "SELECT count(*) FROM journal",
    ] {
        assert_eq!(count(new.path(), sql), count(till.path(), sql), "{sql}");
    }
    assert_eq!(
        std::fs::read(new.path().join("identity.key")).unwrap(),
        std::fs::read(till.path().join("identity.key")).unwrap()
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(new.path().join("identity.key"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600, "the restored key is the owner's only");
    }
    // The till's own settings and menu came too: it sells as the old one did.
    assert_eq!(
        std::fs::read_to_string(new.path().join("mekong.toml")).unwrap(),
        std::fs::read_to_string(till.path().join("mekong.toml")).unwrap()
    );
    // The sealed names open again with the restored key.
    let (ok, out) = mekong_cli(
        new.path(),
        &["people", "show", "Mai", "--by", "Noy", "--identity"],
        "2580\n",
    );
    assert!(ok && out.contains("Canaryname Mai"), "{out}");
}

#[test]
fn a_wrong_key_or_a_cut_or_changed_backup_is_refused_and_changes_nothing() {
    let data = tempfile::tempdir().unwrap();
    let _ = signed_in(till_at(data.path()), "Kham");
    let keys = tempfile::tempdir().unwrap();
    let (key, public) = keygen(keys.path());
    let other = tempfile::tempdir().unwrap();
    let (wrong, _) = keygen(other.path());
    recipients(data.path(), &public);
    {
        let mut till = signed_in(till_at(data.path()), "Kham");
        till.checkout_cash(&croissant(&till), mekong::domain::money::Money::lak(20_000))
            .unwrap();
    }
    let stick = tempfile::tempdir().unwrap();
    let file = backup_to(data.path(), stick.path());
    let before = std::fs::read(data.path().join("mekong.sqlite")).unwrap();

    let (ok, out) = restore(data.path(), &file, &wrong, &[]);
    assert!(
        !ok && out.contains("was not encrypted to this key"),
        "{out}"
    );
    let bytes = std::fs::read(&file).unwrap();
    let cut = stick.path().join("cut.age");
    std::fs::write(&cut, &bytes[..bytes.len() * 2 / 3]).unwrap();
    let (ok, out) = restore(data.path(), &cut, &key, &[]);
    assert!(!ok && out.contains("is not a whole Mekong backup"), "{out}");
    let mut changed = bytes.clone();
    let middle = changed.len() / 2;
    changed[middle] ^= 0x01;
    let flipped = stick.path().join("changed.age");
    std::fs::write(&flipped, &changed).unwrap();
    let (ok, out) = restore(data.path(), &flipped, &key, &[]);
    assert!(!ok && out.contains("is not a whole Mekong backup"), "{out}");
    let not_a_key = stick.path().join("not-a-key.txt");
    std::fs::write(&not_a_key, "hello\n").unwrap();
    let (ok, out) = restore(data.path(), &file, &not_a_key, &[]);
    assert!(!ok && out.contains("holds no age secret key"), "{out}");

    // Nothing was touched, nothing left behind.
    assert_eq!(
        std::fs::read(data.path().join("mekong.sqlite")).unwrap(),
        before
    );
    let names: Vec<String> = std::fs::read_dir(data.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        names
            .iter()
            .all(|n| !n.starts_with(".restore") && !n.starts_with("replaced-")),
        "{names:?}"
    );
    // The right key restores it.
    let (ok, out) = restore(data.path(), &file, &key, &[]);
    assert!(ok, "{out}");
}

#[test]
fn a_backup_taken_while_the_till_sells_is_consistent() {
    let data = tempfile::tempdir().unwrap();
    let keys = tempfile::tempdir().unwrap();
    let (key, public) = keygen(keys.path());
    // The driver makes the data directory; the key goes in once it is there.
    let mut driver = std::process::Command::new(env!("CARGO_BIN_EXE_mekong"))
        .arg("--data-dir")
        .arg(data.path())
        .args(["drive", "--seed", "7"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let db = data.path().join("mekong.sqlite");
    let started = std::time::Instant::now();
    let sold = || {
        rusqlite::Connection::open(&db)
            .and_then(|c| c.query_row("SELECT count(*) FROM orders", [], |r| r.get::<_, i64>(0)))
            .unwrap_or(0)
    };
    while sold() < 5 {
        assert!(
            started.elapsed() < std::time::Duration::from_secs(60),
            "the driver never sold"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    recipients(data.path(), &public);
    let stick = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    for _ in 0..3 {
        files.push(backup_to(data.path(), stick.path()));
        std::thread::sleep(std::time::Duration::from_millis(300));
    }
    driver.kill().unwrap();
    driver.wait().unwrap();
    let mut sales = Vec::new();
    for file in &files {
        let new = tempfile::tempdir().unwrap();
        let (ok, out) = restore(new.path(), file, &key, &[]);
        assert!(ok, "{out}");
        let (ok, out) = mekong_cli(new.path(), &["verify"], "");
        assert!(ok, "{}: {out}", file.display());
        sales.push(count(new.path(), "SELECT count(*) FROM orders"));
        // What it had waiting to print is held for a person, as copies: it may have printed.
        assert_eq!(
            count(
                new.path(),
                "SELECT count(*) FROM print_jobs WHERE state != 'held' OR kind = 'receipt'"
            ),
            0
        );
    }
    assert!(
        sales.windows(2).all(|w| w[0] < w[1]),
        "each backup holds the sales up to its moment: {sales:?}"
    );
}

#[test]
fn a_backup_older_than_the_last_z_report_is_refused_unless_forced() {
    let data = tempfile::tempdir().unwrap();
    let keys = tempfile::tempdir().unwrap();
    let (key, public) = keygen(keys.path());
    let mut till = signed_in(till_at(data.path()), "Noy");
    recipients(data.path(), &public);
    let lines = croissant(&till);
    till.checkout_cash(&lines, mekong::domain::money::Money::lak(20_000))
        .unwrap();
    let stick = tempfile::tempdir().unwrap();
    let old = backup_to(data.path(), stick.path());
    till.checkout_cash(&lines, mekong::domain::money::Money::lak(20_000))
        .unwrap();
    let close = till.authorize(Action::CloseTill).unwrap();
    let z = till.close_session(&CashCount::default(), &close).unwrap();
    let head = z.head.clone().unwrap();
    drop(till);

    // Over this till's database: it lacks the sale and the Z report made since.
    let (ok, out) = restore(data.path(), &old, &key, &[]);
    assert!(!ok, "{out}");
    assert!(out.contains("older than this till's database"), "{out}");
    // On a new box, with the head printed on the Z report: it lacks it.
    let head = format!("{}:{}", head.0, head.1);
    let new = tempfile::tempdir().unwrap();
    let (ok, out) = restore(new.path(), &old, &key, &["--head", &head]);
    assert!(!ok, "{out}");
    assert!(
        out.contains(&format!("does not hold the journal head {head}")),
        "{out}"
    );
    // Over a damaged database, the Z report's head is asked for.
    let broken = tempfile::tempdir().unwrap();
    std::fs::write(broken.path().join("mekong.sqlite"), vec![7u8; 8192]).unwrap();
    let (ok, out) = restore(broken.path(), &old, &key, &[]);
    assert!(
        !ok && out.contains("give that report's journal head with --head"),
        "{out}"
    );
    let (ok, out) = restore(broken.path(), &old, &key, &["--head", &head]);
    assert!(
        !ok && out.contains("does not hold the journal head"),
        "{out}"
    );
    assert_eq!(
        std::fs::read(broken.path().join("mekong.sqlite")).unwrap(),
        vec![7u8; 8192]
    );
    assert_eq!(count(data.path(), "SELECT count(*) FROM orders"), 2);

    // A manager who is sure: the backup goes in, the current files are kept aside. The
    // till's own settings stay; the backup's are left beside them.
    let settings = std::fs::read(data.path().join("mekong.toml")).unwrap();
    let (ok, out) = restore(data.path(), &old, &key, &["--force"]);
    assert!(ok, "{out}");
    assert_eq!(
        std::fs::read(data.path().join("mekong.toml")).unwrap(),
        settings
    );
    assert!(data.path().join("mekong.toml.from-backup").exists());
    assert_eq!(count(data.path(), "SELECT count(*) FROM orders"), 1);
    let aside = std::fs::read_dir(data.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("replaced-")
        })
        .expect("the replaced files are kept");
    assert_eq!(
        rusqlite::Connection::open(aside.join("mekong.sqlite"))
            .unwrap()
            .query_row("SELECT count(*) FROM orders", [], |r| r.get::<_, i64>(0))
            .unwrap(),
        2
    );
}

#[test]
fn each_shift_close_writes_a_backup_and_keeps_the_last_few() {
    let data = tempfile::tempdir().unwrap();
    let stick = tempfile::tempdir().unwrap();
    let keys = tempfile::tempdir().unwrap();
    let (key, public) = keygen(keys.path());
    let mut config = english();
    config.backup.dir = Some(stick.path().to_owned());
    config.backup.keep = 2;
    config.backup.recipients = vec![public];
    let clock = HandClock::at("2026-11-28T08:00:00+07:00");
    let mut till = signed_in(
        Till::open_with(
            data.path(),
            config,
            Box::new(mekong::print::VirtualPrinter::new(data.path())),
            Box::new(clock.clone()),
        )
        .unwrap(),
        "Noy",
    );
    for shift in 1..=3 {
        if shift > 1 {
            till.open_session(&CashCount::default()).unwrap();
        }
        till.checkout_cash(&croissant(&till), mekong::domain::money::Money::lak(20_000))
            .unwrap();
        clock.advance(8 * 3600);
        let close = till.authorize(Action::CloseTill).unwrap();
        till.close_session(&CashCount::default(), &close).unwrap();
        let made = till
            .backup_outcome()
            .expect("a backup was started")
            .unwrap();
        assert!(made.file.starts_with(stick.path()));
        clock.advance(16 * 3600);
    }
    let mut left: Vec<_> = std::fs::read_dir(stick.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    left.sort();
    assert_eq!(left.len(), 2, "{left:?}");
    // The newest holds all three shifts.
    drop(till);
    let new = tempfile::tempdir().unwrap();
    let (ok, out) = restore(new.path(), &left[1], &key, &[]);
    assert!(ok, "{out}");
    assert_eq!(count(new.path(), "SELECT count(*) FROM z_reports"), 3);
}

/// Closes the till on screen as Noy (a manager), with an empty drawer counted.
fn close_on_screen(ui: &mekong::ui::Ui) {
    tap(ui, "Shift");
    tap(ui, "Close the till");
    if has_label(ui, "Approve") {
        approve_as_noy(ui);
    }
    tap(ui, "Close the till and print the Z report");
    assert_eq!(value(ui, "Title"), "Z report 1 · the till is closed");
}

/// Waits for the backup thread, as the till's one-second timer does.
fn wait_for_backup(ui: &mekong::ui::Ui) -> String {
    let started = std::time::Instant::now();
    while !ui.controller.borrow_mut().tick() {
        assert!(started.elapsed() < std::time::Duration::from_secs(30));
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    ui.refresh();
    value(ui, "Backup")
}

/// Closes a till whose `[backup] dir` is a directory that is there or not, and returns what
/// the Z report then says of the backup.
fn z_report_backup_line(dir_there: bool) -> String {
    let keys = tempfile::tempdir().unwrap();
    let (_, public) = keygen(keys.path());
    let stick = tempfile::tempdir().unwrap();
    let unplugged = stick.path().join("not-plugged-in");
    let data = tempfile::tempdir().unwrap();
    let mut config = english();
    config.backup.dir = Some(if dir_there {
        stick.path().to_owned()
    } else {
        unplugged.clone()
    });
    config.backup.recipients = vec![public];
    let till = signed_in(
        Till::open_with(
            data.path(),
            config,
            Box::new(mekong::print::VirtualPrinter::new(data.path())),
            Box::new(FixedClock(vientiane("2026-11-28T18:00:00+07:00"))),
        )
        .unwrap(),
        "Noy",
    );
    let ui = ui_with(till);
    close_on_screen(&ui);
    let said = wait_for_backup(&ui);
    // Never written anywhere else.
    assert!(!unplugged.exists());
    said
}

#[test]
fn the_z_report_says_the_backup_was_written() {
    let said = z_report_backup_line(true);
    assert!(
        said.starts_with("Backup written: mekong-VTE1-20261128-180000-"),
        "{said}"
    );
}

#[test]
fn the_z_report_says_when_the_stick_is_not_in() {
    let said = z_report_backup_line(false);
    assert!(
        said.starts_with("No backup was made: ") && said.contains("is the USB stick in?"),
        "{said}"
    );
}
