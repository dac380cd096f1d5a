//! People: programme records apart from sealed identity, the access log, role and status
//! changes with their rules, erasure on request (canaries searched in every file), the key
//! file, the language per person, and the command line.

use crate::common::{croissant, mekong_cli, pin_of, staff_id, till_at};
use mekong::app::Till;
use mekong::app::people::PeopleError;
use mekong::app::staff::SignInError;
use mekong::domain::clock::ClockKind;
use mekong::domain::menu::Lang;
use mekong::domain::money::Money;
use mekong::domain::people::{Access, Identity, Status};
use mekong::domain::staff::{Action, Role, StaffRuleError};
use std::path::Path;

const NAME: &str = "Khamla Canaryvong";
const PHONE: &str = "+856 20 7777 3141";
const NOTE: &str = "canary-note-prefers-morning-shifts";

fn canaries() -> Identity {
    Identity {
        full_name: NAME.into(),
        phone: PHONE.into(),
        emergency_contact: "Sister Canarytha 020 9999 2718".into(),
        note: NOTE.into(),
    }
}

/// A till whose first admin, Vone (PIN 4826), added the demo team and is signed in, the
/// till open.
fn till_with_admin(dir: &Path) -> Till {
    let mut till = Till::open_with(
        dir,
        crate::common::english(),
        Box::new(mekong::print::VirtualPrinter::new(dir)),
        Box::new(crate::common::FixedClock(crate::common::vientiane(
            "2026-11-28T10:30:00+07:00",
        ))),
    )
    .unwrap();
    let vone = till.add_first_admin("Vone", "4826").unwrap();
    till.sign_in(&vone.id, "4826").unwrap();
    let a = till.authorize(Action::ManageStaff).unwrap();
    for (nickname, role, pin) in mekong::app::demo::DEMO_STAFF {
        till.add_staff(nickname, role, pin, &a).unwrap();
    }
    till.open_session(&Default::default()).unwrap();
    till
}

fn noy(till: &Till) -> mekong::app::staff::Authority {
    till.authorize(Action::ManageStaff)
        .expect("Noy is a manager")
}

/// Every file in the data directory, byte for byte, and whether any holds `needle`.
fn found_in_files(dir: &Path, needle: &[u8]) -> Vec<String> {
    let mut hits = Vec::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let bytes = std::fs::read(&p).unwrap();
                if bytes.windows(needle.len()).any(|w| w == needle) {
                    hits.push(p.display().to_string());
                }
            }
        }
    }
    hits
}

fn verify_problems(dir: &Path) -> Vec<String> {
    mekong::app::verify::verify(dir).unwrap().problems
}

#[test]
fn the_schema_has_no_place_for_how_she_came_to_the_programme() {
    let dir = tempfile::tempdir().unwrap();
    let till = till_at(dir.path());
    let conn = rusqlite::Connection::open(dir.path().join("mekong.sqlite")).unwrap();
    let banned = [
        "victim",
        "traffick",
        "rescue",
        "case",
        "abuse",
        "origin",
        "nationality",
        "immigration",
        "passport",
    ];
    // Every table, column, index and trigger name, word by word.
    let mut names: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_schema")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'table'")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    for t in &tables {
        let mut stmt = conn
            .prepare("SELECT name FROM pragma_table_info(?1)")
            .unwrap();
        names.extend(
            stmt.query_map([t], |r| r.get::<_, String>(0))
                .unwrap()
                .map(Result::unwrap),
        );
    }
    assert!(names.iter().any(|n| n == "full_name"), "columns were read");
    // Every quoted value in the schema's text: the CHECK lists of allowed values.
    let sql: Vec<String> = conn
        .prepare("SELECT sql FROM sqlite_schema WHERE sql IS NOT NULL")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let literals: Vec<String> = sql
        .iter()
        .flat_map(|s| s.split('\'').skip(1).step_by(2).map(str::to_owned))
        .collect();
    assert!(
        literals.iter().any(|l| l == "graduated"),
        "CHECK lists were read"
    );
    for word in names.iter().chain(&literals) {
        for part in word.to_lowercase().split(|c: char| !c.is_alphanumeric()) {
            for b in banned {
                assert!(!part.contains(b), "{word:?} in the schema contains {b:?}");
            }
        }
    }
    // Nor is any note template or access kind about it.
    for a in Access::ALL {
        assert!(banned.iter().all(|b| !a.code().contains(b)));
    }
    drop(till);
}

#[test]
fn identity_is_sealed_a_copy_of_the_database_shows_none_of_it_and_every_look_is_logged() {
    let dir = tempfile::tempdir().unwrap();
    let mut till = till_at(dir.path());
    let mai = staff_id(&till, "Mai");
    let authority = noy(&till);
    till.set_identity(&mai, canaries(), &authority).unwrap();
    // The database file (and its log) copied alone: none of the values in it.
    let conn = rusqlite::Connection::open(dir.path().join("mekong.sqlite")).unwrap();
    conn.query_row("PRAGMA wal_checkpoint(FULL)", [], |_| Ok(()))
        .unwrap();
    drop(conn);
    for file in ["mekong.sqlite", "mekong.sqlite-wal"] {
        let path = dir.path().join(file);
        let bytes = std::fs::read(&path).unwrap_or_default();
        for canary in [NAME, PHONE, NOTE, "Canarytha"] {
            assert!(
                !bytes.windows(canary.len()).any(|w| w == canary.as_bytes()),
                "{canary} in {file}"
            );
        }
    }
    // The programme record holds no identity either.
    let row = till.person(&mai, &authority).unwrap();
    assert_eq!(row.nickname, "Mai");
    assert!(row.has_identity);
    // A manager opens it: the values come back, and each look is logged with who.
    assert_eq!(till.identity(&mai, &authority).unwrap(), canaries());
    let log = till.access_log(10, &authority).unwrap();
    let whats: Vec<Access> = log.iter().map(|a| a.what).collect();
    assert_eq!(
        whats,
        [
            Access::ShowIdentity,
            Access::OpenRecord,
            Access::EditIdentity
        ]
    );
    assert!(log.iter().all(|a| a.by.as_deref() == Some("Noy")));
    assert!(log.iter().all(|a| a.subject.as_deref() == Some("Mai")));
    // Bad input is named and nothing is lost.
    let too_long = Identity {
        note: "x".repeat(281),
        ..canaries()
    };
    let e = till.set_identity(&mai, too_long, &authority).unwrap_err();
    assert!(e.to_string().contains("note is at most 280"), "{e}");
    assert_eq!(till.identity(&mai, &authority).unwrap(), canaries());
    // A barista cannot look.
    let kham = staff_id(&till, "Kham");
    till.sign_out();
    till.sign_in(&kham, pin_of("Kham")).unwrap();
    assert!(till.authorize(Action::ManageStaff).is_none());
    // The log is append-only, even to raw SQL.
    let conn = rusqlite::Connection::open(dir.path().join("mekong.sqlite")).unwrap();
    let e = conn.execute("DELETE FROM access_log", []).unwrap_err();
    assert!(e.to_string().contains("append-only"), "{e}");
}

#[test]
fn erasure_leaves_no_canary_in_any_file_and_keeps_the_totals() {
    let dir = tempfile::tempdir().unwrap();
    let mut till = till_with_admin(dir.path());
    let mai = staff_id(&till, "Mai");
    let authority = noy(&till);
    till.set_identity(&mai, canaries(), &authority).unwrap();
    // Edit it once, so an older sealed version existed too.
    till.set_identity(
        &mai,
        Identity {
            phone: "+856 20 1111 2222".into(),
            ..canaries()
        },
        &authority,
    )
    .unwrap();
    till.set_identity(&mai, canaries(), &authority).unwrap();
    // A certificate with her chosen name, kept on the till.
    let mut programme = till.person(&mai, &authority).unwrap().programme;
    programme.track = Some(mekong::domain::people::Track::Barista);
    till.set_programme(&mai, programme, &authority).unwrap();
    till.record_evidence(
        &mekong::app::skills::NewEvidence {
            person: mai.clone(),
            competency: "food-safety".into(),
            rating: mekong::domain::skills::Rating::Competent,
            method: mekong::domain::skills::Method::Written,
            note: String::new(),
            corrects: None,
        },
        &authority,
    )
    .unwrap();
    till.sign_off(&mai, &"food-safety".into(), &authority)
        .unwrap();
    let (_, certificate) = till.certificate(&mai, NAME, &authority, None).unwrap();
    assert!(certificate.exists());
    // Mai sells twice.
    till.sign_out();
    till.sign_in(&mai, pin_of("Mai")).unwrap();
    for _ in 0..2 {
        till.checkout_cash(&croissant(&till), Money::lak(20_000))
            .unwrap();
    }
    let sealed: Vec<Vec<u8>> = {
        let conn = rusqlite::Connection::open(dir.path().join("mekong.sqlite")).unwrap();
        let row: (Vec<u8>, Vec<u8>, Vec<u8>) = conn
            .query_row(
                "SELECT full_name, phone, note FROM identities WHERE staff_id = ?1",
                [mai.as_str()],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .unwrap();
        vec![row.0, row.1, row.2]
    };
    let by_staff_before = sales_by_staff(&till);
    // Mai clocks in; Noy corrects it, and her reason names Mai's sister (free text erasure
    // must reach).
    till.clock_with_pin(&mai, pin_of("Mai"), ClockKind::In)
        .unwrap();
    // A manager does not erase; an admin does, never herself.
    till.sign_out();
    till.sign_in(&staff_id(&till, "Noy"), pin_of("Noy"))
        .unwrap();
    let clock_in = till.clock_events(&mai).unwrap()[0].clone();
    till.correct_clock(
        &mai,
        clock_in.id,
        clock_in.at,
        "Sister Canarytha called: she was here",
        &noy(&till),
    )
    .unwrap();
    assert!(matches!(
        till.erase_person(&mai, &noy(&till)),
        Err(PeopleError::AdminsErase)
    ));
    till.sign_out();
    let vone = staff_id(&till, "Vone");
    till.sign_in(&vone, "4826").unwrap();
    let authority = noy(&till);
    assert!(matches!(
        till.erase_person(&vone, &authority),
        Err(PeopleError::Themselves)
    ));
    let new = till.erase_person(&mai, &authority).unwrap();
    assert_eq!(new, "Former trainee 1");
    assert!(!certificate.exists(), "her certificate went with her");
    assert!(matches!(
        till.certificate(&mai, "Mai", &authority, None),
        Err(mekong::app::certificate::CertificateError::Erased(_))
    ));
    // Her PIN stops working and she is gone from sign-in; her identity is gone.
    assert!(till.staff().unwrap().iter().all(|e| e.staff.id != mai));
    assert_eq!(
        till.sign_in(&mai, pin_of("Mai")).unwrap_err(),
        SignInError::Unknown
    );
    let row = till.person(&mai, &authority).unwrap();
    assert!(row.erased && !row.has_identity);
    assert_eq!(row.status, Status::Left);
    assert_eq!(
        till.identity(&mai, &authority).unwrap(),
        Identity::default()
    );
    assert!(matches!(
        till.set_identity(&mai, canaries(), &authority),
        Err(PeopleError::Erased(_))
    ));
    // Her sales stay, under the new name, with the same totals.
    let after = sales_by_staff(&till);
    let before_total: i64 = by_staff_before.iter().map(|(_, v)| v).sum();
    let after_total: i64 = after.iter().map(|(_, v)| v).sum();
    assert_eq!(before_total, after_total);
    let mai_before = by_staff_before.iter().find(|(w, _)| w == "Mai").unwrap().1;
    assert!(mai_before > 0);
    assert!(
        after
            .iter()
            .any(|(who, v)| who == "Former trainee 1" && *v == mai_before),
        "{after:?}"
    );
    // Her clock and its correction stay, without the words.
    let c = &till.clock_corrections(&mai, &authority).unwrap()[0];
    assert_eq!((c.reason.as_str(), c.by.as_str()), ("erased", "Noy"));
    drop(till);
    // No canary, and no sealed copy of one, in any file of the data directory.
    for canary in [NAME, PHONE, NOTE, "Canarytha"] {
        let hits = found_in_files(dir.path(), canary.as_bytes());
        assert!(hits.is_empty(), "{canary} found in {hits:?}");
    }
    for (i, blob) in sealed.iter().enumerate() {
        let hits = found_in_files(dir.path(), &blob[..32]);
        assert!(hits.is_empty(), "sealed field {i} still in {hits:?}");
    }
    // The journal agrees: verify finds nothing wrong.
    assert_eq!(verify_problems(dir.path()), Vec::<String>::new());
}

/// Takings per staff nickname, from the sales report of the day.
fn sales_by_staff(till: &Till) -> Vec<(String, i64)> {
    let conn = till.store().conn();
    let mut stmt = conn
        .prepare(
            "SELECT s.nickname, sum(o.gross) FROM orders o JOIN staff s ON s.id = o.staff_id
             GROUP BY s.nickname ORDER BY s.nickname",
        )
        .unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

#[test]
fn a_deactivated_trainee_cannot_sign_in_and_verify_catches_a_raw_reactivation() {
    let dir = tempfile::tempdir().unwrap();
    let mut till = till_at(dir.path());
    let dao = staff_id(&till, "Dao");
    let authority = noy(&till);
    till.set_status(&dao, Status::Left, &authority).unwrap();
    assert!(till.staff().unwrap().iter().all(|e| e.staff.id != dao));
    assert_eq!(
        till.sign_in(&dao, pin_of("Dao")).unwrap_err(),
        SignInError::Unknown
    );
    // Back from leave: she signs in again.
    till.set_status(&dao, Status::OnLeave, &authority).unwrap();
    assert!(till.sign_in(&dao, pin_of("Dao")).is_err());
    till.set_status(&dao, Status::Active, &authority).unwrap();
    till.set_status(&dao, Status::Graduated, &authority)
        .unwrap();
    drop(till);
    assert_eq!(verify_problems(dir.path()), Vec::<String>::new());
    // Raw SQL makes her active again: verify names her.
    let conn = rusqlite::Connection::open(dir.path().join("mekong.sqlite")).unwrap();
    conn.execute(
        "UPDATE staff SET status = 'active' WHERE id = ?1",
        [dao.as_str()],
    )
    .unwrap();
    conn.execute(
        "UPDATE staff SET role = 'admin' WHERE nickname = 'Kham'",
        [],
    )
    .unwrap();
    drop(conn);
    let problems = verify_problems(dir.path()).join("\n");
    assert!(
        problems.contains(&format!(
            "staff member {dao} has status active in the table, graduated in the journal"
        )),
        "{problems}"
    );
    assert!(problems.contains("has role admin in the table, barista in the journal"));
}

#[test]
fn roles_change_within_the_managers_own_and_the_last_admin_stays() {
    let dir = tempfile::tempdir().unwrap();
    let mut till = till_at(dir.path());
    let (noy_id, kham, mai) = (
        staff_id(&till, "Noy"),
        staff_id(&till, "Kham"),
        staff_id(&till, "Mai"),
    );
    let authority = noy(&till);
    till.change_role(&mai, Role::Barista, &authority).unwrap();
    assert!(matches!(
        till.change_role(&kham, Role::Admin, &authority),
        Err(PeopleError::RoleAboveOwn(_))
    ));
    assert!(matches!(
        till.change_role(&noy_id, Role::Trainee, &authority),
        Err(PeopleError::Themselves)
    ));
    // A new PIN, typed twice: a mismatch is named and the old PIN still works.
    let e = till
        .reset_pin(&mai, "4826", "4862", &authority)
        .unwrap_err();
    assert!(matches!(
        e,
        PeopleError::StaffRule(StaffRuleError::PinsDiffer)
    ));
    till.sign_out();
    till.sign_in(&mai, pin_of("Mai")).unwrap();
    till.sign_out();
    till.sign_in(&noy_id, pin_of("Noy")).unwrap();
    let authority = noy(&till);
    till.reset_pin(&mai, "4826", "4826", &authority).unwrap();
    assert!(till.sign_in(&mai, pin_of("Mai")).is_err());
    till.sign_in(&mai, "4826").unwrap();
    // A barista holding a manager's approval is not a manager: she changes nobody, herself
    // least of all.
    till.sign_out();
    till.sign_in(&kham, pin_of("Kham")).unwrap();
    let approved = till
        .approve(Action::ManageStaff, &noy_id, pin_of("Noy"))
        .unwrap();
    assert!(matches!(
        till.change_role(&kham, Role::Manager, &approved),
        Err(PeopleError::ManagersOnly(_))
    ));
    assert!(matches!(
        till.identity(&mai, &approved),
        Err(PeopleError::ManagersOnly(_))
    ));
    // A manager gives no new PIN to another manager (a way into her account).
    till.sign_out();
    till.sign_in(&noy_id, pin_of("Noy")).unwrap();
    let authority = noy(&till);
    till.change_role(&kham, Role::Manager, &authority).unwrap();
    assert!(matches!(
        till.reset_pin(&kham, "1593", "1593", &authority),
        Err(PeopleError::PinOfAPeer(_))
    ));
    till.change_role(&kham, Role::Barista, &authority).unwrap();
    // A nickname taken by anyone, even someone who has left, is refused.
    till.sign_out();
    till.sign_in(&noy_id, pin_of("Noy")).unwrap();
    let authority = noy(&till);
    till.set_status(&kham, Status::Left, &authority).unwrap();
    let e = till
        .add_staff("kham", Role::Trainee, "5937", &authority)
        .unwrap_err();
    assert!(e.to_string().contains("already someone called"), "{e}");
    drop(till);
    assert_eq!(verify_problems(dir.path()), Vec::<String>::new());
}

#[test]
fn an_admin_is_changed_only_by_another_admin_so_the_last_one_stays() {
    let dir = tempfile::tempdir().unwrap();
    let mut till = Till::open_with(
        dir.path(),
        mekong::config::Config::default(),
        Box::new(mekong::print::VirtualPrinter::new(dir.path())),
        Box::new(crate::common::FixedClock(crate::common::vientiane(
            "2026-11-28T10:30:00+07:00",
        ))),
    )
    .unwrap();
    let vone = till.add_first_admin("Vone", "4826").unwrap();
    till.sign_in(&vone.id, "4826").unwrap();
    let a = till.authorize(Action::ManageStaff).unwrap();
    let lin = till.add_staff("Lin", Role::Admin, "3579", &a).unwrap();
    let noy = till.add_staff("Noy", Role::Manager, "2580", &a).unwrap();
    // Vone leaves; Lin, the last active admin, cannot change herself, and a manager cannot
    // change her.
    till.sign_out();
    till.sign_in(&lin.id, "3579").unwrap();
    let a = till.authorize(Action::ManageStaff).unwrap();
    till.set_status(&vone.id, Status::Left, &a).unwrap();
    assert!(matches!(
        till.change_role(&lin.id, Role::Manager, &a),
        Err(PeopleError::Themselves)
    ));
    assert!(matches!(
        till.erase_person(&lin.id, &a),
        Err(PeopleError::Themselves)
    ));
    till.sign_out();
    till.sign_in(&noy.id, "2580").unwrap();
    let a = till.authorize(Action::ManageStaff).unwrap();
    assert!(matches!(
        till.set_status(&lin.id, Status::Left, &a),
        Err(PeopleError::AboveOwnRole { .. })
    ));
    assert!(matches!(
        till.reset_pin(&lin.id, "1593", "1593", &a),
        Err(PeopleError::AboveOwnRole { .. })
    ));
    assert!(matches!(
        till.erase_person(&vone.id, &a),
        Err(PeopleError::AdminsErase)
    ));
    drop(till);
    assert_eq!(verify_problems(dir.path()), Vec::<String>::new());
}

#[test]
fn the_till_speaks_each_persons_language_and_the_sites_before_anyone_signs_in() {
    use mekong::ui::controller::Controller;
    let dir = tempfile::tempdir().unwrap();
    // The shipped configuration: the site speaks Lao.
    let till = Till::open_with(
        dir.path(),
        mekong::config::Config::default(),
        Box::new(mekong::print::VirtualPrinter::new(dir.path())),
        Box::new(crate::common::FixedClock(crate::common::vientiane(
            "2026-11-28T10:30:00+07:00",
        ))),
    )
    .unwrap();
    let mut till = crate::common::signed_in(till, "Noy");
    let (mai, kham) = (staff_id(&till, "Mai"), staff_id(&till, "Kham"));
    let authority = noy(&till);
    till.set_language(&mai, Some(Lang::En), Some(&authority))
        .unwrap();
    let mut c = Controller::new(till);
    assert_eq!(
        c.lang,
        Lang::Lo,
        "Noy has no language of her own: the site's"
    );
    c.sign_out();
    assert_eq!(c.lang, Lang::Lo);
    // Mai signs in on the screen: the till switches to English for her, and back at sign-out.
    let at = c
        .pin_candidates()
        .iter()
        .position(|e| e.staff.id == mai)
        .unwrap();
    c.pin_pick(at);
    for d in pin_of("Mai").chars() {
        c.pin_key(&d.to_string());
    }
    c.pin_submit();
    assert_eq!(c.till.on_duty().map(|s| s.id.clone()), Some(mai.clone()));
    assert_eq!(c.lang, Lang::En);
    // She may change her own language, not someone else's.
    c.till.set_language(&mai, Some(Lang::Lo), None).unwrap();
    assert_eq!(c.till.language(), Lang::Lo);
    assert!(c.till.set_language(&kham, Some(Lang::En), None).is_err());
    c.sign_out();
    assert_eq!(c.lang, Lang::Lo);
}

#[test]
fn a_missing_key_file_stops_the_till_and_no_new_key_is_made_over_sealed_data() {
    let dir = tempfile::tempdir().unwrap();
    let mut till = till_at(dir.path());
    let mai = staff_id(&till, "Mai");
    till.set_identity(&mai, canaries(), &noy(&till)).unwrap();
    drop(till);
    let key = dir.path().join("identity.key");
    let saved = std::fs::read(&key).unwrap();
    std::fs::remove_file(&key).unwrap();
    let e = Till::open(dir.path()).err().expect("refused");
    let text = e.to_string();
    assert!(
        text.contains("identity.key") && text.contains("is missing"),
        "{text}"
    );
    assert!(text.contains("copy the key back"), "{text}");
    assert!(!key.exists(), "no new key was made");
    std::fs::write(&key, &saved[..10]).unwrap();
    let text = Till::open(dir.path()).err().expect("refused").to_string();
    assert!(text.contains("is 10 bytes, not 32"), "{text}");
    // The right key back: everything opens as before.
    std::fs::write(&key, &saved).unwrap();
    let mut till = till_at(dir.path());
    assert_eq!(till.identity(&mai, &noy(&till)).unwrap(), canaries());
}

#[test]
fn people_are_listed_shown_and_erased_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let (ok, out) = mekong_cli(
        d,
        &["staff", "add", "--nickname", "Vone", "--role", "admin"],
        "4826\n",
    );
    assert!(ok, "{out}");
    let (ok, out) = mekong_cli(
        d,
        &[
            "people",
            "cohort",
            "2027 A",
            "--start",
            "2027-01-04",
            "--planned-end",
            "2027-06-30",
            "--by",
            "Vone",
        ],
        "4826\n",
    );
    assert!(ok, "{out}");
    let (ok, out) = mekong_cli(
        d,
        &[
            "staff",
            "add",
            "--nickname",
            "Lin",
            "--role",
            "trainee",
            "--by",
            "Vone",
            "--track",
            "barista",
            "--cohort",
            "2027 a",
            "--start",
            "2027-01-04",
            "--mentor",
            "Vone",
            "--language",
            "en",
        ],
        "4826\n3579\n",
    );
    assert!(ok, "{out}");
    let (ok, out) = mekong_cli(d, &["people", "list"], "");
    assert!(ok, "{out}");
    let lin = out.lines().find(|l| l.starts_with("Lin")).expect(&out);
    for part in [
        "trainee",
        "active",
        "barista",
        "cohort 2027 A",
        "from 2027-01-04",
        "mentor Vone",
        "language en",
    ] {
        assert!(lin.contains(part), "{part} in {lin}");
    }
    assert!(out.lines().next().unwrap().starts_with("Vone"), "{out}");
    // Identity from the screen's use case; shown here only with a manager's PIN, and logged.
    {
        let mut till = Till::open(d).unwrap();
        let vone = till.staff().unwrap()[0].staff.id.clone();
        till.sign_in(&vone, "4826").unwrap();
        let lin = till
            .staff()
            .unwrap()
            .into_iter()
            .find(|e| e.staff.nickname == "Lin")
            .unwrap()
            .staff
            .id;
        let a = till.authorize(Action::ManageStaff).unwrap();
        till.set_identity(&lin, canaries(), &a).unwrap();
    }
    let (ok, out) = mekong_cli(d, &["people", "show", "Lin", "--by", "Vone"], "4826\n");
    assert!(ok, "{out}");
    assert!(
        !out.contains(NAME) && out.contains("--identity shows it"),
        "{out}"
    );
    let (ok, out) = mekong_cli(
        d,
        &["people", "show", "lin", "--by", "Vone", "--identity"],
        "4826\n",
    );
    assert!(ok && out.contains(NAME) && out.contains(PHONE), "{out}");
    let (ok, out) = mekong_cli(
        d,
        &["people", "show", "Lin", "--by", "Vone", "--identity"],
        "1111\n",
    );
    assert!(
        !ok && out.contains("wrong PIN") && !out.contains(NAME),
        "{out}"
    );
    let (ok, out) = mekong_cli(d, &["people", "log", "--by", "Vone"], "4826\n");
    assert!(ok, "{out}");
    assert_eq!(out.matches("show_identity").count(), 1, "{out}");
    assert_eq!(out.matches("open_record").count(), 2, "{out}");
    // Erasure needs an admin's PIN.
    let (ok, out) = mekong_cli(d, &["people", "erase", "Lin", "--by", "Vone"], "0000\n");
    assert!(!ok && out.contains("wrong PIN"), "{out}");
    let (ok, out) = mekong_cli(d, &["people", "erase", "Lin", "--by", "Vone"], "4826\n");
    assert!(ok, "{out}");
    assert!(out.contains("Former trainee 1"), "{out}");
    for canary in [NAME, PHONE, NOTE] {
        assert!(found_in_files(d, canary.as_bytes()).is_empty());
    }
    let (_, out) = mekong_cli(d, &["people", "list"], "");
    assert!(
        out.contains("Former trainee 1") && !out.contains("Lin "),
        "{out}"
    );
}

/// Types `text` into the text field labelled `label`.
pub fn type_into(ui: &mekong::ui::Ui, label: &str, text: &str) {
    use i_slint_backend_testing::{AccessibleRole, ElementHandle};
    let field = ElementHandle::find_by_accessible_label(&ui.window, label)
        .find(|e| e.accessible_role() == Some(AccessibleRole::TextInput))
        .unwrap_or_else(|| panic!("no text field {label:?}"));
    field.set_accessible_value(text);
}

#[test]
fn a_new_till_is_set_up_on_the_screen_and_its_first_admin_signed_in() {
    use crate::common::{digits, has_label, tap, ui_with, value};
    let dir = tempfile::tempdir().unwrap();
    let till = Till::open_with(
        dir.path(),
        crate::common::english(),
        Box::new(mekong::print::VirtualPrinter::new(dir.path())),
        Box::new(crate::common::FixedClock(crate::common::vientiane(
            "2026-11-28T10:30:00+07:00",
        ))),
    )
    .unwrap();
    let ui = ui_with(till);
    // No dead end: the screen sets the till up, and nothing under it can be reached.
    assert_eq!(value(&ui, "Title"), "Welcome: set up this till");
    assert!(!has_label(&ui, "Sign in") && !has_label(&ui, "Settings"));
    type_into(&ui, "Café name", "Made in Mekong Pakse");
    type_into(&ui, "Till id", "pks-1");
    type_into(&ui, "Nickname", "Vone");
    digits(&ui, "4826");
    tap(&ui, "PIN again");
    digits(&ui, "4862");
    tap(&ui, "Start the till");
    // The PINs differ: said, and only the repeat is cleared for typing again.
    assert!(
        value(&ui, "Message").contains("not the same"),
        "{}",
        value(&ui, "Message")
    );
    digits(&ui, "4826");
    tap(&ui, "Start the till");
    // The till id is checked before anything is written.
    let message = value(&ui, "Message");
    assert!(message.contains("1 to 8 letters and digits"), "{message}");
    assert!(!ui.controller.borrow().till.has_staff().unwrap());
    type_into(&ui, "Till id", "pks1");
    tap(&ui, "PIN again");
    tap(&ui, "Clear");
    digits(&ui, "4826");
    tap(&ui, "Start the till");
    {
        let c = ui.controller.borrow();
        let admin = c.till.on_duty().expect("she is signed in");
        assert_eq!((admin.nickname.as_str(), admin.role), ("Vone", Role::Admin));
        assert_eq!(c.till.config().site.till_id, "PKS1");
        // She counts the float next, as anyone opening the till.
        assert!(c.counting.is_some());
    }
    let text = std::fs::read_to_string(dir.path().join("mekong.toml")).unwrap();
    assert!(text.contains("name = \"Made in Mekong Pakse\""), "{text}");
    assert!(text.contains("till_id = \"PKS1\""), "{text}");
    assert!(
        text.contains("# Printed at the top of every receipt."),
        "comments kept"
    );
    // The first sale is numbered and printed under the new till id.
    {
        let mut c = ui.controller.borrow_mut();
        c.till.open_session(&Default::default()).unwrap();
        let lines = croissant(&c.till);
        let sale = c
            .till
            .checkout_cash(&lines, Money::lak(50_000))
            .unwrap()
            .sale;
        assert_eq!(sale.till_id, "PKS1");
        c.till.run_print_queue().unwrap();
    }
    assert!(
        dir.path().join("receipts/PKS1-000001.png").exists(),
        "the receipt printed under the new id"
    );
    // Her PIN works; the first run does not come back.
    let mut c = ui.controller.borrow_mut();
    c.sign_out();
    assert!(!c.first_run_open() && c.pin_screen_open());
    drop(c);
    assert_eq!(verify_problems(dir.path()), Vec::<String>::new());
}

#[test]
fn a_manager_adds_a_trainee_and_deactivates_another_on_the_people_screen() {
    use crate::common::{buttons, digits, has_label, tap, ui_at, value};
    let dir = tempfile::tempdir().unwrap();
    let ui = ui_at(dir.path());
    tap(&ui, "Settings");
    tap(&ui, "People");
    assert_eq!(value(&ui, "Title"), "People");
    // Nothing under the People screen can be reached.
    assert!(!has_label(&ui, "Sales report") && !has_label(&ui, "Back to order"));
    tap(&ui, "Add a person");
    type_into(&ui, "Nickname", "Lin");
    tap(&ui, "Trainee");
    digits(&ui, "3579");
    tap(&ui, "PIN again");
    digits(&ui, "3597");
    tap(&ui, "Add");
    assert!(value(&ui, "Message").contains("not the same"));
    assert!(!has_label(&ui, "Lin"), "nobody added yet");
    digits(&ui, "3579");
    tap(&ui, "Add");
    assert_eq!(value(&ui, "Message"), "Lin is added");
    assert_eq!(value(&ui, "Person"), "Lin");
    // A nickname taken is refused in words.
    tap(&ui, "Add a person");
    type_into(&ui, "Nickname", "mai");
    digits(&ui, "2581");
    tap(&ui, "PIN again");
    digits(&ui, "2581");
    tap(&ui, "Add");
    assert!(value(&ui, "Message").contains("already someone called"));
    tap(&ui, "Cancel");
    // Dao leaves: she moves to the Left list.
    tap(&ui, "Dao");
    assert_eq!(value(&ui, "Person"), "Dao");
    tap(&ui, "Left");
    assert_eq!(value(&ui, "Message"), "Dao: left");
    // The list follows her to Left, her page still open; she is gone from Active.
    assert_eq!(value(&ui, "Person"), "Dao");
    assert!(has_label(&ui, "Dao"));
    tap(&ui, "List: Active");
    assert!(!has_label(&ui, "Dao"));
    // Identity is shown on request only, and saved sealed.
    tap(&ui, "Lin");
    assert!(!has_label(&ui, "Full name"));
    tap(&ui, "Show identity (logged)");
    type_into(&ui, "Full name", NAME);
    type_into(&ui, "Phone", PHONE);
    tap(&ui, "Save identity");
    assert_eq!(value(&ui, "Message"), "Lin's identity is saved, sealed");
    tap(&ui, "Back");
    tap(&ui, "Back to order");
    let out = buttons(&ui, "Sign out Noy");
    out[0].invoke_accessible_default_action();
    // At sign-in: Dao is gone, Lin is there and signs in with her PIN.
    assert!(!has_label(&ui, "Dao"));
    tap(&ui, "Lin");
    digits(&ui, "3579");
    tap(&ui, "Sign in");
    let c = ui.controller.borrow();
    assert_eq!(c.till.on_duty().unwrap().nickname, "Lin");
    assert_eq!(c.till.on_duty().unwrap().role, Role::Trainee);
}

#[test]
fn a_manager_sets_a_trainees_programme_and_a_new_cohort_on_the_screen() {
    use crate::common::{tap, ui_at, value};
    use mekong::domain::people::Track;
    let dir = tempfile::tempdir().unwrap();
    let ui = ui_at(dir.path());
    tap(&ui, "Settings");
    tap(&ui, "People");
    tap(&ui, "Mai");
    tap(&ui, "Programme");
    tap(&ui, "Track: Barista");
    // A cohort needs two real dates.
    type_into(&ui, "Cohort name", "2026 B");
    tap(&ui, "Add the cohort");
    assert_eq!(
        value(&ui, "Message"),
        "A cohort needs its start and its planned end, like 2026-11-28"
    );
    // Two digits of year are not a year.
    type_into(&ui, "Cohort starts", "26-11-01");
    type_into(&ui, "Cohort ends", "2027-04-30");
    tap(&ui, "Add the cohort");
    assert_eq!(
        value(&ui, "Message"),
        "“26-11-01” is not a date: write it as 2026-11-28"
    );
    type_into(&ui, "Cohort starts", "2026-11-01");
    type_into(&ui, "Cohort ends", "2027-13-01");
    tap(&ui, "Add the cohort");
    assert_eq!(
        value(&ui, "Message"),
        "“2027-13-01” is not a date: write it as 2026-11-28"
    );
    type_into(&ui, "Cohort ends", "2027-04-30");
    tap(&ui, "Add the cohort");
    assert_eq!(value(&ui, "Message"), "Cohort 2026 B is added");
    tap(&ui, "Cohort: 2026 B");
    tap(&ui, "Mentor: Kham");
    type_into(&ui, "Started on", "2026-11-02");
    type_into(&ui, "Planned end", "2026-10-01");
    tap(&ui, "Save the programme");
    assert!(
        value(&ui, "Message").contains("before"),
        "{}",
        value(&ui, "Message")
    );
    type_into(&ui, "Planned end", "2027-04-30");
    tap(&ui, "Save the programme");
    assert_eq!(value(&ui, "Message"), "Mai's programme is saved");
    // Back on her page; what was saved is hers, and journalled.
    assert_eq!(value(&ui, "Person"), "Mai");
    let c = ui.controller.borrow();
    let mai = c.people_chosen().unwrap();
    assert_eq!(mai.programme.track, Some(Track::Barista));
    assert_eq!(mai.programme.started_on.unwrap().to_string(), "2026-11-02");
    assert_eq!(mai.programme.planned_end.unwrap().to_string(), "2027-04-30");
    assert_eq!(
        mai.programme.mentor,
        Some(crate::common::staff_id(&c.till, "Kham"))
    );
    let cohorts = c.till.cohorts().unwrap();
    assert_eq!(mai.programme.cohort, Some(cohorts[0].id.clone()));
    drop(c);
    assert!(verify_problems(dir.path()).is_empty());
}

#[test]
fn she_clocks_in_at_ten_at_night_and_out_at_half_past_two_for_four_and_a_half_hours() {
    use crate::common::{HandClock, digits, has_label, tap, till_signed_out, ui_with, value};
    let dir = tempfile::tempdir().unwrap();
    let clock = HandClock::at("2026-11-28T22:00:00+07:00");
    let ui = ui_with(till_signed_out(dir.path(), &clock));
    tap(&ui, "Mai");
    digits(&ui, pin_of("Mai"));
    tap(&ui, "Clock in / out");
    assert_eq!(value(&ui, "Message"), "Mai clocked in at 22:00.");
    // Clocking in is not signing in.
    assert!(ui.controller.borrow().till.on_duty().is_none());
    assert!(has_label(&ui, "Sign in"));
    // Not clocked in twice: a wrong PIN is refused like at sign-in.
    tap(&ui, "Mai");
    digits(&ui, "1111");
    tap(&ui, "Clock in / out");
    assert!(value(&ui, "Message").contains("Wrong PIN"));
    clock.advance(2 * 3600);
    tap(&ui, "Mai");
    digits(&ui, pin_of("Mai"));
    tap(&ui, "Break");
    assert_eq!(value(&ui, "Message"), "Mai's break started at 00:00.");
    clock.advance(15 * 60);
    tap(&ui, "Mai");
    digits(&ui, pin_of("Mai"));
    tap(&ui, "Break");
    assert_eq!(value(&ui, "Message"), "Mai's break ended at 00:15.");
    clock.advance(2 * 3600 + 15 * 60);
    tap(&ui, "Mai");
    digits(&ui, pin_of("Mai"));
    tap(&ui, "Clock in / out");
    // 22:00 to 02:30 less a 15-minute break.
    assert_eq!(
        value(&ui, "Message"),
        "Mai clocked out at 02:30: 4 h 15 worked."
    );
    let till = &ui.controller.borrow().till;
    let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
    let hours = till.hours(day, day).unwrap();
    assert_eq!(hours.len(), 1);
    assert_eq!(hours[0].nickname, "Mai");
    assert_eq!(mekong::domain::clock::hours_text(hours[0].worked), "4 h 15");
}

#[test]
fn a_forgotten_clock_out_is_closed_flagged_and_corrected_by_a_manager_who_says_why() {
    use crate::common::{HandClock, till_signed_out};
    use mekong::domain::clock::{ClockKind, hours_text};
    let dir = tempfile::tempdir().unwrap();
    let clock = HandClock::at("2026-11-28T14:00:00+07:00");
    let mut till = till_signed_out(dir.path(), &clock);
    let (mai, noy) = (staff_id(&till, "Mai"), staff_id(&till, "Noy"));
    till.clock_with_pin(&mai, pin_of("Mai"), ClockKind::In)
        .unwrap();
    // She forgets to clock out; the next morning the till closes the shift 8 hours in.
    clock.advance(18 * 3600);
    assert_eq!(till.close_forgotten_clock_outs().unwrap(), 1);
    let events = till.clock_events(&mai).unwrap();
    let out = events.last().unwrap();
    assert_eq!(out.kind, ClockKind::Out);
    assert!(out.flagged && !out.corrected);
    let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
    let h = &till.hours(day, day).unwrap()[0];
    assert_eq!((hours_text(h.worked), h.to_review), ("8 h 00".into(), 1));
    // A manager corrects it: a clock-out before the clock-in, or no reason, is refused.
    till.sign_in(&noy, pin_of("Noy")).unwrap();
    let a = till.authorize(Action::ManageStaff).unwrap();
    let e = till
        .correct_clock(
            &mai,
            out.id,
            crate::common::vientiane("2026-11-28T13:00:00+07:00"),
            "left early",
            &a,
        )
        .unwrap_err();
    assert!(
        e.to_string().contains("cannot be before its clock-in"),
        "{e}"
    );
    assert!(
        till.correct_clock(
            &mai,
            out.id,
            crate::common::vientiane("2026-11-28T19:30:00+07:00"),
            " ",
            &a
        )
        .is_err()
    );
    till.correct_clock(
        &mai,
        out.id,
        crate::common::vientiane("2026-11-28T19:30:00+07:00"),
        "She left at 19:30, the roster says so",
        &a,
    )
    .unwrap();
    let h = &till.hours(day, day).unwrap()[0];
    assert_eq!((hours_text(h.worked), h.to_review), ("5 h 30".into(), 0));
    // The correction shows who, why and the old time; nothing was overwritten.
    let c = &till.clock_corrections(&mai, &a).unwrap()[0];
    assert_eq!(c.by, "Noy");
    assert_eq!(c.reason, "She left at 19:30, the roster says so");
    assert_eq!(c.old_at, "2026-11-28T22:00:00+07:00");
    let conn = rusqlite::Connection::open(dir.path().join("mekong.sqlite")).unwrap();
    let e = conn
        .execute("UPDATE clock_events SET at = at", [])
        .unwrap_err();
    assert!(e.to_string().contains("never changed"), "{e}");
    // A correction's words go only when its person is erased.
    let e = conn
        .execute("UPDATE clock_corrections SET reason = 'erased'", [])
        .unwrap_err();
    assert!(e.to_string().contains("never changed"), "{e}");
}

#[test]
fn hours_export_as_csv_with_nicknames_only_unless_a_manager_asks_for_identity() {
    use crate::common::{HandClock, till_signed_out};
    use mekong::domain::clock::ClockKind;
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let clock = HandClock::at("2026-11-28T22:00:00+07:00");
    {
        let mut till = till_signed_out(d, &clock);
        let (mai, noy_id) = (staff_id(&till, "Mai"), staff_id(&till, "Noy"));
        till.clock_with_pin(&mai, pin_of("Mai"), ClockKind::In)
            .unwrap();
        clock.advance(4 * 3600 + 30 * 60);
        till.clock_with_pin(&mai, pin_of("Mai"), ClockKind::Out)
            .unwrap();
        till.sign_in(&noy_id, pin_of("Noy")).unwrap();
        let a = noy(&till);
        till.set_identity(&mai, canaries(), &a).unwrap();
    }
    let (ok, out) = mekong_cli(d, &["hours", "--from", "2026-11-28", "--format", "csv"], "");
    assert!(ok, "{out}");
    assert!(
        out.starts_with("nickname,role,shifts,minutes,hours,to_review\n"),
        "{out}"
    );
    assert!(out.contains("\"Mai\",trainee,1,270,4.50,0"), "{out}");
    assert!(!out.contains(NAME));
    let (ok, out) = mekong_cli(d, &["hours", "--from", "2026-11-28", "--identity"], "");
    assert!(!ok && out.contains("--identity needs a manager"), "{out}");
    let (ok, out) = mekong_cli(
        d,
        &[
            "hours",
            "--from",
            "2026-11-28",
            "--format",
            "csv",
            "--identity",
            "--by",
            "Noy",
        ],
        &format!("{}\n", pin_of("Noy")),
    );
    assert!(ok, "{out}");
    assert!(out.contains(&format!(",\"{NAME}\"")), "{out}");
    let (_, log) = mekong_cli(
        d,
        &["people", "log", "--by", "Noy"],
        &format!("{}\n", pin_of("Noy")),
    );
    assert!(
        log.contains("export_identity") && log.contains("hours 2026-11-28 to 2026-11-28"),
        "{log}"
    );
    assert!(
        log.contains("(console)") && log.contains(" export "),
        "{log}"
    );
}

#[test]
fn a_till_whose_staff_all_left_is_not_a_new_till() {
    use crate::common::{HandClock, till_signed_out};
    let dir = tempfile::tempdir().unwrap();
    let clock = HandClock::at("2026-11-28T10:30:00+07:00");
    let till = till_signed_out(dir.path(), &clock);
    drop(till);
    // Nobody is active (as a restored old database might have it): the first-run screen,
    // which makes an admin, must not come back.
    rusqlite::Connection::open(dir.path().join("mekong.sqlite"))
        .unwrap()
        .execute("UPDATE staff SET status = 'left'", [])
        .unwrap();
    let mut till = till_signed_out(dir.path(), &clock);
    assert!(till.has_staff().unwrap());
    let c = mekong::ui::controller::Controller::new(till);
    assert!(!c.first_run_open());
    till = c.till;
    assert!(
        till.first_run("Made in Mekong", "VTE1", "Lin", "4826", "4826")
            .is_err()
    );
}
