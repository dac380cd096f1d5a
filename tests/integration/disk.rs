//! A full disk, a disk that cannot be written, another program holding the database, a
//! damaged file: each refused in words, nothing partial written, nothing lost or overwritten.

use crate::common::*;
use mekong::app::CheckoutError;
use mekong::domain::money::Money;
use mekong::store::StoreError;
use std::path::Path;

fn count(conn: &rusqlite::Connection, table: &str) -> i64 {
    conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
        .unwrap()
}

#[test]
fn a_full_disk_refuses_the_sale_on_screen_keeps_the_order_and_sells_once_space_is_freed() {
    let dir = tempfile::tempdir().unwrap();
    let ui = ui_at(dir.path());
    // The disk fills up while the café trades: SQLite is allowed only a few pages more,
    // and it answers as a full disk does (SQLITE_FULL).
    let sold = {
        let mut c = ui.controller.borrow_mut();
        let pages: i64 = c
            .till
            .store()
            .conn()
            .query_row("PRAGMA page_count", [], |r| r.get(0))
            .unwrap();
        c.till
            .store()
            .conn()
            .pragma_update(None, "max_page_count", pages + 4)
            .unwrap();
        let lines = croissant(&c.till);
        let mut sold = 0;
        loop {
            match c.till.checkout_cash(&lines, Money::lak(20_000)) {
                Ok(_) => sold += 1,
                Err(CheckoutError::Store(StoreError::DiskFull)) => break,
                Err(e) => panic!("{e}"),
            }
            assert!(sold < 5_000, "the disk never filled");
        }
        sold
    };
    let db = rusqlite::Connection::open(dir.path().join("mekong.sqlite")).unwrap();
    let before = (count(&db, "orders"), count(&db, "journal"));
    assert_eq!(before.0, sold);

    // The next sale at the till: refused in words, the order still on the sheet.
    sell_croissant(&ui, "20,000 ₭");
    let error = value(&ui, "Error");
    assert!(
        error.contains("the disk is full: nothing was saved"),
        "{error}"
    );
    assert!(has_label(&ui, "Done"), "the payment sheet is still open");
    assert_eq!((count(&db, "orders"), count(&db, "journal")), before);
    let (ok, out) = mekong_cli(dir.path(), &["verify"], "");
    assert!(ok, "{out}");

    // A manager frees space: Done again sells it, once.
    ui.controller
        .borrow()
        .till
        .store()
        .conn()
        .pragma_update(None, "max_page_count", 1_073_741_823)
        .unwrap();
    tap(&ui, "Done");
    assert_eq!(count(&db, "orders"), before.0 + 1);
    assert!(!has_label(&ui, "Error"));
    let (ok, out) = mekong_cli(dir.path(), &["verify"], "");
    assert!(ok, "{out}");
}

/// `mekong ARGS` on `dir` under a file-size limit of `kib` KiB (RLIMIT_FSIZE, with SIGXFSZ
/// ignored so that a write past it fails as on a full disk instead of killing the process).
fn mekong_limited(dir: &Path, kib: u64, args: &[&str]) -> std::process::Output {
    std::process::Command::new("bash")
        .arg("-c")
        .arg(format!(
            "trap '' XFSZ; ulimit -f {kib}; exec \"$0\" --data-dir \"$1\" \"${{@:2}}\""
        ))
        .arg(env!("CARGO_BIN_EXE_mekong"))
        .arg(dir)
        .args(args)
        .env("RUST_BACKTRACE", "0")
        .output()
        .unwrap()
}

#[test]
fn a_file_size_limit_stops_the_cli_in_words_and_every_acknowledged_sale_is_kept() {
    let dir = tempfile::tempdir().unwrap();
    let out = mekong_limited(dir.path(), 1200, &["drive", "--seed", "3"]);
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    );
    assert!(!out.status.success(), "{stdout}{stderr}");
    // The limit can be met by a sale, a held ticket or a refund: each says so in words.
    assert!(
        stderr.contains("nothing was saved")
            && (stderr.contains("cannot write to its disk") || stderr.contains("disk is full")),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    let acknowledged = stdout.lines().filter(|l| l.starts_with("sale ")).count() as i64;
    assert!(acknowledged > 10, "{stdout}");

    // Space again: everything said is there and whole, and the till sells on.
    let (ok, said) = mekong_cli(dir.path(), &["verify"], "");
    assert!(ok, "{said}");
    let db = rusqlite::Connection::open(dir.path().join("mekong.sqlite")).unwrap();
    let kept = count(&db, "orders");
    assert!(kept >= acknowledged && kept <= acknowledged + 1);
    let integrity: String = db
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(integrity, "ok");
    drop(db);
    let (ok, said) = mekong_cli(dir.path(), &["drive", "--sales", "3"], "");
    assert!(ok, "{said}");
    let (ok, said) = mekong_cli(dir.path(), &["verify"], "");
    assert!(
        ok && said.contains(&format!("{} sales match", kept + 3)),
        "{said}"
    );
}

#[test]
fn a_locked_or_damaged_database_is_named_at_start_and_never_overwritten() {
    // Another program holds the database with an exclusive lock.
    let dir = tempfile::tempdir().unwrap();
    drop(till_at(dir.path()));
    let holder = rusqlite::Connection::open(dir.path().join("mekong.sqlite")).unwrap();
    holder
        .execute_batch("PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE;")
        .unwrap();
    let (ok, out) = mekong_cli(dir.path(), &["report", "x"], "");
    assert!(!ok, "{out}");
    assert!(out.contains("locked by another program"), "{out}");
    assert!(!out.contains("panicked"), "{out}");
    drop(holder);

    // A damaged file: named, and left exactly as it was.
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("mekong.sqlite");
    let junk: Vec<u8> = (0..64 * 1024).map(|i| (i * 7 % 251) as u8).collect();
    std::fs::write(&db, &junk).unwrap();
    for args in [&["report", "x"][..], &["verify"], &["sync", "--show"]] {
        let (ok, out) = mekong_cli(dir.path(), args, "");
        assert!(!ok, "{args:?}: {out}");
        assert!(
            out.contains("damaged or is not a Mekong database") && out.contains("mekong restore"),
            "{args:?}: {out}"
        );
        assert!(!out.contains("panicked"), "{out}");
        assert_eq!(
            std::fs::read(&db).unwrap(),
            junk,
            "the file is never overwritten"
        );
    }
}

/// A data directory the till cannot write: read-only, or another user's. The folder and its
/// files are made read-only; where the tests can write through that (as root), the till runs
/// as `nobody` (setpriv, from util-linux) on a folder that is root's.
#[test]
fn a_read_only_data_directory_is_named_at_start_and_left_as_it_was() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let (ok, said) = mekong_cli(&data, &["drive", "--sales", "3"], "");
    assert!(ok, "{said}");
    let chmod = |path: &Path, mode: u32| {
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap()
    };
    let entries = every_entry(&data);
    let files: Vec<_> = entries.iter().filter(|p| p.is_file()).cloned().collect();
    let mut dirs: Vec<_> = entries.iter().filter(|p| p.is_dir()).cloned().collect();
    dirs.push(data.clone());
    // The folders are made writable again however the test ends, so that they can be removed.
    struct Writable(Vec<std::path::PathBuf>);
    impl Drop for Writable {
        fn drop(&mut self) {
            for d in &self.0 {
                let _ = std::fs::set_permissions(d, std::fs::Permissions::from_mode(0o755));
            }
        }
    }
    let _writable = Writable(dirs.clone());
    for file in &files {
        chmod(file, 0o444);
    }
    for sub in &dirs {
        chmod(sub, 0o555);
    }
    // Root writes through permission bits: then the till runs as `nobody`, from a copy of the
    // program beside the data (wherever the build itself lives), with the folders its owner's.
    let probe = data.join("written-through-the-modes");
    let privileged = std::fs::write(&probe, b"").is_ok();
    let program = if privileged {
        std::fs::remove_file(&probe).unwrap();
        chmod(dir.path(), 0o755);
        for sub in &dirs {
            chmod(sub, 0o755);
        }
        let copy = dir.path().join("mekong");
        std::fs::copy(env!("CARGO_BIN_EXE_mekong"), &copy).unwrap();
        chmod(&copy, 0o755);
        copy
    } else {
        std::path::PathBuf::from(env!("CARGO_BIN_EXE_mekong"))
    };
    let before: Vec<(std::path::PathBuf, Vec<u8>)> = files
        .iter()
        .map(|f| (f.clone(), std::fs::read(f).unwrap()))
        .collect();

    let as_till_user = |args: &[&str]| {
        let mut cmd = if privileged {
            let mut c = std::process::Command::new("setpriv");
            c.args(["--reuid=65534", "--regid=65534", "--clear-groups"])
                .arg(&program);
            c
        } else {
            std::process::Command::new(&program)
        };
        let out = cmd
            .arg("--data-dir")
            .arg(&data)
            .args(args)
            .env_remove("DISPLAY")
            .env_remove("WAYLAND_DISPLAY")
            .stdin(std::process::Stdio::null())
            .output()
            .expect("setpriv (util-linux) runs the till as nobody");
        let said = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        (out.status.success(), said)
    };
    let (ok, said) = as_till_user(&["--version"]);
    assert!(
        ok,
        "the till's user cannot run {}: put TMPDIR on a folder everyone may enter ({said})",
        program.display()
    );
    // The till itself, a report and the driver: each stops at start, in words.
    for args in [&[][..], &["report", "x"], &["drive"]] {
        let (ok, said) = as_till_user(args);
        assert!(!ok, "{args:?}: {said}");
        assert!(
            said.contains("cannot write to its data directory")
                && said.contains("Nothing in it was changed"),
            "{args:?}: {said}"
        );
        assert!(!said.contains("panicked"), "{args:?}: {said}");
    }
    // The books can still be read and checked.
    let (ok, said) = as_till_user(&["verify"]);
    assert!(ok && said.contains("3 sales match"), "{said}");

    assert_eq!(every_entry(&data), entries, "nothing was added or removed");
    for (file, bytes) in before {
        assert!(std::fs::read(&file).unwrap() == bytes, "{file:?} changed");
    }
}

/// Every file and folder under `dir`, sorted.
fn every_entry(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            found.extend(every_entry(&path));
        }
        found.push(path);
    }
    found.sort();
    found
}
