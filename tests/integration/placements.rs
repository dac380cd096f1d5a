//! Placements: a trainee referred to a partner and moved through the pipeline, follow-ups due
//! and recorded, bad input refused in words with nothing lost, tampering found by `verify`,
//! erasure, and the `placements export` and `indicators` commands.

use crate::common::{HandClock, mekong_cli, pin_of, staff_id, till_signed_out};
use mekong::app::Till;
use mekong::app::placements::{NewFollowUp, NewPlacement, PlacementsError};
use mekong::domain::money::{Currency, Money};
use mekong::domain::placements::{
    Agreement, Consent, Contract, Employer, EmployerId, EndReason, Job, Outcome, Sector, Stage,
    Wage,
};
use mekong::domain::staff::{Action, StaffId};

fn d(s: &str) -> chrono::NaiveDate {
    s.parse().unwrap()
}

fn kip(whole: i64) -> Wage {
    Wage::new(Money::new(Currency::Lak, whole)).unwrap()
}

fn partner(name: &str) -> Employer {
    Employer::new(
        name,
        Sector::Hotel,
        "Vientiane",
        "Laos",
        "Ms Souk",
        "+856 20 5555 0101",
        Agreement::Signed,
        Some(d("2026-01-10")),
        "breakfast service",
    )
    .unwrap()
}

/// A till with the demo team, Noy signed in, and one partner.
fn placements_till(dir: &std::path::Path, clock: &HandClock) -> (Till, StaffId, EmployerId) {
    let mut till = till_signed_out(dir, clock);
    let noy = staff_id(&till, "Noy");
    till.sign_in(&noy, pin_of("Noy")).unwrap();
    let a = till.authorize(Action::ManageStaff).unwrap();
    let hotel = till
        .put_employer(None, &partner("Riverside Hotel"), &a)
        .unwrap();
    let dao = staff_id(&till, "Dao");
    (till, dao, hotel)
}

fn referral(person: &StaffId, employer: &EmployerId, on: &str, consent: bool) -> NewPlacement {
    NewPlacement {
        person: person.clone(),
        employer: employer.clone(),
        referred_on: d(on),
        job: Job::new("Barista", Contract::Permanent, 40, kip(2_500_000)).unwrap(),
        consent: Some(Consent {
            yes: consent,
            on: d(on),
        }),
    }
}

fn reached(placement: i64, month: u32, on: &str) -> NewFollowUp {
    NewFollowUp {
        placement,
        month,
        on: d(on),
        outcome: Outcome::Reached {
            employed: true,
            same_employer: true,
            wage: Some(kip(2_600_000)),
        },
        note: "likes the early shift".into(),
    }
}

#[test]
fn a_placement_moves_through_the_pipeline_and_its_follow_ups_fall_due_and_go() {
    let dir = tempfile::tempdir().unwrap();
    let clock = HandClock::at("2026-03-02T09:00:00+07:00");
    let (mut till, dao, hotel) = placements_till(dir.path(), &clock);
    let a = till.authorize(Action::ManageStaff).unwrap();
    let p = till
        .refer(&referral(&dao, &hotel, "2026-03-02", true), &a)
        .unwrap();
    let stage = |till: &Till| till.placement(p, &a).unwrap().0.placement.stage();
    assert_eq!(stage(&till), Stage::Referred);
    till.advance_placement(p, Stage::Interview, &a).unwrap();
    till.advance_placement(p, Stage::Offered, &a).unwrap();
    // Forward only.
    let back = till.advance_placement(p, Stage::Interview, &a).unwrap_err();
    assert!(back.to_string().contains("only moves forward"), "{back}");
    clock.advance(7 * 86_400);
    till.start_placement(p, d("2026-03-09"), &a).unwrap();
    assert_eq!(stage(&till), Stage::Started);
    assert!(till.follow_ups_due(&a).unwrap().is_empty());
    // A month on, the first follow-up is due.
    clock.set_wall("2026-04-10T09:00:00+07:00");
    let due = till.follow_ups_due(&a).unwrap();
    assert_eq!(due.len(), 1);
    assert_eq!((due[0].due.month, due[0].due.due), (1, d("2026-04-09")));
    assert!(!due[0].due.overdue);
    // Not reached: still due.
    till.record_follow_up(
        &NewFollowUp {
            outcome: Outcome::NotReached,
            ..reached(p, 1, "2026-04-10")
        },
        &a,
    )
    .unwrap();
    assert_eq!(till.follow_ups_due(&a).unwrap().len(), 1);
    till.record_follow_up(&reached(p, 1, "2026-04-10"), &a)
        .unwrap();
    assert!(till.follow_ups_due(&a).unwrap().is_empty());
    // Three months on, overdue after two weeks; recorded, it goes.
    clock.set_wall("2026-06-25T09:00:00+07:00");
    let due = till.follow_ups_due(&a).unwrap();
    assert_eq!(due.len(), 1);
    assert_eq!(due[0].due.month, 3);
    assert!(due[0].due.overdue);
    till.record_follow_up(&reached(p, 3, "2026-06-25"), &a)
        .unwrap();
    assert!(till.follow_ups_due(&a).unwrap().is_empty());
    // The job ends; the partner's page shows it and its retention at 3 months.
    till.end_placement(p, d("2026-06-30"), EndReason::BetterJob, &a)
        .unwrap_err(); // not yet: the 30th is still to come
    till.end_placement(p, d("2026-06-24"), EndReason::BetterJob, &a)
        .unwrap();
    assert_eq!(stage(&till), Stage::Ended);
    let page = till.employer_page(&hotel, &a).unwrap();
    assert_eq!(page.placements.len(), 1);
    assert_eq!((page.retention[0].employed, page.retention[0].due), (1, 1));
    assert_eq!(page.retention[1].due, 0);
    let (_, ups) = till.placement(p, &a).unwrap();
    assert_eq!(ups.len(), 3);
    drop(till);
    let report = mekong::app::verify::verify(dir.path()).unwrap();
    assert!(report.is_ok(), "{:?}", report.problems);
}

/// Placements and follow-ups kept, to check nothing changed.
fn kept(dir: &std::path::Path) -> (i64, i64, String) {
    let db = rusqlite::Connection::open(dir.join("mekong.sqlite")).unwrap();
    db.query_row(
        "SELECT (SELECT count(*) FROM placements), (SELECT count(*) FROM follow_ups),
                (SELECT group_concat(before_start || coalesce(started_on, '') || coalesce(ended_on, ''), ';') FROM placements)",
        [],
        |r| Ok((r.get(0)?, r.get(1)?, r.get::<_, Option<String>>(2)?.unwrap_or_default())),
    )
    .unwrap()
}

#[test]
fn bad_input_is_refused_in_words_and_nothing_is_lost() {
    let dir = tempfile::tempdir().unwrap();
    let clock = HandClock::at("2026-03-02T09:00:00+07:00");
    let (mut till, dao, hotel) = placements_till(dir.path(), &clock);
    let a = till.authorize(Action::ManageStaff).unwrap();
    // Wages that are negative or absurd cannot even be built.
    let negative = Wage::new(Money::new(Currency::Lak, -1)).unwrap_err();
    assert_eq!(negative.to_string(), "a wage cannot be negative (-1 ₭)");
    let absurd = Wage::new(Money::new(Currency::Lak, 250_000_000)).unwrap_err();
    assert!(
        absurd
            .to_string()
            .starts_with("a monthly wage of 250,000,000 ₭ is more than any job on offer"),
        "{absurd}"
    );
    let thb = Wage::new(Money::new(Currency::Thb, 900_000_000)).unwrap_err();
    assert!(thb.to_string().contains("more than any job"), "{thb}");
    let p = till
        .refer(&referral(&dao, &hotel, "2026-03-01", true), &a)
        .unwrap();
    let before = kept(dir.path());
    let said = |e: PlacementsError| e.to_string();
    // A start before the referral.
    assert_eq!(
        said(till.start_placement(p, d("2026-02-20"), &a).unwrap_err()),
        "the job cannot start (2026-02-20) before she was referred (2026-03-01)"
    );
    // A start in the future.
    assert_eq!(
        said(till.start_placement(p, d("2026-03-20"), &a).unwrap_err()),
        "the day 2026-03-20 has not come yet"
    );
    // A follow-up before the start (and of a job not started).
    assert_eq!(
        said(
            till.record_follow_up(&reached(p, 1, "2026-03-02"), &a)
                .unwrap_err()
        ),
        "the job has not started: its follow-ups come after the start"
    );
    // A duplicate placement: the same woman, the same partner, still open.
    assert_eq!(
        said(
            till.refer(&referral(&dao, &hotel, "2026-03-02", true), &a)
                .unwrap_err()
        ),
        "she has an open placement with Riverside Hotel already"
    );
    // Archiving a partner with open placements.
    assert_eq!(
        said(till.archive_employer(&hotel, true, &a).unwrap_err()),
        "Riverside Hotel has 1 open placement(s): end them (or wait until they end) before archiving it"
    );
    // Deleting one with placements.
    assert_eq!(
        said(till.delete_employer(&hotel, &a).unwrap_err()),
        "Riverside Hotel has placements: it can be archived, never deleted"
    );
    // Another partner under the same name.
    assert_eq!(
        said(
            till.put_employer(None, &partner("riverside hotel "), &a)
                .unwrap_err()
        ),
        "there is already a partner called \"riverside hotel\""
    );
    // A barista is not placed.
    let kham = staff_id(&till, "Kham");
    assert_eq!(
        said(
            till.refer(&referral(&kham, &hotel, "2026-03-02", true), &a)
                .unwrap_err()
        ),
        "Kham is a barista: placements are for trainees and graduates"
    );
    assert_eq!(kept(dir.path()), before);
    // Started; a follow-up before the start, and one far too early, are refused.
    till.start_placement(p, d("2026-03-02"), &a).unwrap();
    let after_start = kept(dir.path());
    assert_eq!(
        said(
            till.record_follow_up(&reached(p, 1, "2026-03-01"), &a)
                .unwrap_err()
        ),
        "the follow-up (2026-03-01) cannot be before the job started (2026-03-02)"
    );
    assert_eq!(
        said(
            till.record_follow_up(&reached(p, 3, "2026-03-02"), &a)
                .unwrap_err()
        ),
        "the follow-up at 3 months is due on 2026-06-02: 2026-03-02 is too early"
    );
    // A note with a line break, or too long.
    let mut long = reached(p, 1, "2026-03-02");
    long.note = "x".repeat(201);
    clock.set_wall("2026-04-02T09:00:00+07:00");
    long.on = d("2026-04-02");
    assert_eq!(
        said(till.record_follow_up(&long, &a).unwrap_err()),
        "the note is 0 to 200 characters, with no line breaks"
    );
    assert_eq!(kept(dir.path()), after_start);
    // Without her yes, nobody chases her: no follow-up is recorded.
    let mai = staff_id(&till, "Mai");
    let no = till
        .refer(&referral(&mai, &hotel, "2026-03-02", false), &a)
        .unwrap();
    till.start_placement(no, d("2026-03-02"), &a).unwrap();
    assert_eq!(
        said(
            till.record_follow_up(&reached(no, 1, "2026-04-02"), &a)
                .unwrap_err()
        ),
        "she has no follow-ups to record: she said no to being contacted (Mai)"
    );
    assert_eq!(till.follow_ups_due(&a).unwrap().len(), 1);
}

#[test]
fn placements_are_a_managers_and_archived_partners_take_nobody() {
    let dir = tempfile::tempdir().unwrap();
    let clock = HandClock::at("2026-03-02T09:00:00+07:00");
    let (mut till, dao, hotel) = placements_till(dir.path(), &clock);
    let a = till.authorize(Action::ManageStaff).unwrap();
    let cafe = till
        .put_employer(None, &partner("Corner Café"), &a)
        .unwrap();
    till.archive_employer(&cafe, true, &a).unwrap();
    assert_eq!(
        till.refer(&referral(&dao, &cafe, "2026-03-02", true), &a)
            .unwrap_err()
            .to_string(),
        "Corner Café is archived: bring it back from the archive before placing anyone with it"
    );
    till.archive_employer(&cafe, false, &a).unwrap();
    till.refer(&referral(&dao, &cafe, "2026-03-02", true), &a)
        .unwrap();
    // A partner added by mistake, with nobody placed, can go.
    let typo = till.put_employer(None, &partner("Rivrside"), &a).unwrap();
    till.delete_employer(&typo, &a).unwrap();
    assert_eq!(till.employers(&a).unwrap().len(), 2);
    // A barista signed in gets nowhere, even with an approval for something else.
    till.sign_out();
    let kham = staff_id(&till, "Kham");
    till.sign_in(&kham, pin_of("Kham")).unwrap();
    let noy = staff_id(&till, "Noy");
    let other = till.approve(Action::Discount, &noy, pin_of("Noy")).unwrap();
    assert!(till.placements(&other).is_err());
    assert!(
        till.refer(&referral(&dao, &hotel, "2026-03-02", true), &other)
            .is_err()
    );
}

#[test]
fn verify_finds_a_placement_or_follow_up_changed_outside_the_till() {
    let dir = tempfile::tempdir().unwrap();
    let clock = HandClock::at("2026-03-02T09:00:00+07:00");
    let (mut till, dao, hotel) = placements_till(dir.path(), &clock);
    let a = till.authorize(Action::ManageStaff).unwrap();
    let p = till
        .refer(&referral(&dao, &hotel, "2026-03-02", true), &a)
        .unwrap();
    till.start_placement(p, d("2026-03-02"), &a).unwrap();
    clock.set_wall("2026-04-03T09:00:00+07:00");
    till.record_follow_up(
        &NewFollowUp {
            outcome: Outcome::NotReached,
            ..reached(p, 1, "2026-04-03")
        },
        &a,
    )
    .unwrap();
    drop(till);
    let db = rusqlite::Connection::open(dir.path().join("mekong.sqlite")).unwrap();
    // The job and its start cannot be edited, nor anything deleted.
    for sql in [
        "UPDATE placements SET wage_minor = 9000000",
        "UPDATE placements SET started_on = '2026-01-01'",
        "DELETE FROM placements",
        "UPDATE follow_ups SET reached = 1, employed = 1",
        "DELETE FROM follow_ups",
        "DELETE FROM employers",
    ] {
        assert!(db.execute(sql, []).is_err(), "{sql} went through");
    }
    // Her consent turned into a no, and a follow-up that reached her slipped in: both found.
    db.execute("UPDATE placements SET consent = 0", []).unwrap();
    db.execute(
        "INSERT INTO follow_ups (id, placement_id, month, on_day, reached, employed,
             same_employer, wage_currency, wage_minor, note, by_id, at, journal_seq)
         SELECT 2, placement_id, 1, on_day, 1, 1, 1, NULL, NULL, '', by_id, at, journal_seq
         FROM follow_ups WHERE id = 1",
        [],
    )
    .unwrap();
    // REPLACE gets past the triggers (it deletes without firing them): still found.
    db.execute(
        "INSERT OR REPLACE INTO follow_ups (id, placement_id, month, on_day, reached, employed,
             same_employer, wage_currency, wage_minor, note, by_id, at, journal_seq)
         SELECT id, placement_id, month, on_day, 1, 1, 0, NULL, NULL, note, by_id, at, journal_seq
         FROM follow_ups WHERE id = 1",
        [],
    )
    .unwrap();
    drop(db);
    let report = mekong::app::verify::verify(dir.path()).unwrap();
    let problems = report.problems.join("\n");
    assert!(
        problems.contains("follow-up 1 differs from journal record")
            && problems.contains("reached true in the table, false in the journal"),
        "{problems}"
    );
    assert!(
        problems.contains("placement 1 differs from journal record")
            && problems.contains("consent false in the table, true in the journal"),
        "{problems}"
    );
    assert!(
        problems.contains("follow-up 2 is not in the journal"),
        "{problems}"
    );
}

#[test]
fn erasing_a_woman_erases_her_follow_up_notes_and_keeps_the_counts() {
    let dir = tempfile::tempdir().unwrap();
    let clock = HandClock::at("2026-03-02T09:00:00+07:00");
    let mut till = till_signed_out(dir.path(), &clock);
    // Only an admin erases: Noy is made one by hand below (which verify notices).
    let noy = staff_id(&till, "Noy");
    till.sign_in(&noy, pin_of("Noy")).unwrap();
    let a = till.authorize(Action::ManageStaff).unwrap();
    let hotel = till
        .put_employer(None, &partner("Riverside Hotel"), &a)
        .unwrap();
    let dao = staff_id(&till, "Dao");
    let p = till
        .refer(&referral(&dao, &hotel, "2026-03-02", true), &a)
        .unwrap();
    till.start_placement(p, d("2026-03-02"), &a).unwrap();
    clock.set_wall("2026-04-03T09:00:00+07:00");
    till.record_follow_up(&reached(p, 1, "2026-04-03"), &a)
        .unwrap();
    drop(till);
    let db = rusqlite::Connection::open(dir.path().join("mekong.sqlite")).unwrap();
    db.execute("UPDATE staff SET role = 'admin' WHERE nickname = 'Noy'", [])
        .unwrap();
    drop(db);
    let mut till = till_signed_out(dir.path(), &clock);
    till.sign_in(&noy, pin_of("Noy")).unwrap();
    let a = till.authorize(Action::ManageStaff).unwrap();
    till.erase_person(&dao, &a).unwrap();
    let (row, ups) = till.placement(p, &a).unwrap();
    assert!(row.nickname.starts_with("Former trainee"));
    assert_eq!(ups[0].note, "erased");
    assert!(matches!(
        ups[0].follow_up.outcome(),
        Outcome::Reached { .. }
    ));
    let i = till.indicators(d("2026-01-01"), d("2026-12-31")).unwrap();
    assert_eq!(i.by_sector[0], (Sector::Hotel, 1));
    drop(till);
    // The placement and its follow-up still match the journal (only the role made admin by
    // hand above does not).
    let report = mekong::app::verify::verify(dir.path()).unwrap();
    assert!(
        report
            .problems
            .iter()
            .all(|p| p.contains("has role admin in the table")),
        "{:?}",
        report.problems
    );
}

#[test]
fn the_demo_fills_placements_and_the_commands_print_them_without_names() {
    let dir = tempfile::tempdir().unwrap();
    let (ok, out) = mekong_cli(dir.path(), &["demo", "--days", "2"], "");
    assert!(ok, "{out}");
    assert!(
        out.contains("16 job placements with 7 employer partners"),
        "{out}"
    );
    let (ok, json) = mekong_cli(
        dir.path(),
        &["indicators", "--from", "2025-01-01", "--format", "json"],
        "",
    );
    assert!(ok, "{json}");
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let rows = v["indicators"].as_array().unwrap();
    let find = |k: &str, b: Option<&str>| {
        rows.iter()
            .find(|r| r["indicator"] == k && b.is_none_or(|b| r["breakdown"] == b))
            .unwrap_or_else(|| panic!("no {k}"))
            .clone()
    };
    // 14 graduates in two cohorts: 11 started within 3 months of graduating.
    let rate = find("placement_rate", None);
    assert_eq!(
        (rate["count"].as_u64(), rate["of"].as_u64()),
        (Some(11), Some(14))
    );
    assert!(
        rate["definition"]
            .as_str()
            .unwrap()
            .starts_with("Graduates in the period")
    );
    // Someone declined contact and someone was not reached: coverage is below 100 %.
    let cov = find("coverage_6m", None);
    assert!(cov["count"].as_u64() < cov["of"].as_u64(), "{cov}");
    assert_eq!(find("declined_contact_6m", None)["count"].as_u64(), Some(1));
    // Wages in two currencies, never added together.
    assert!(find("median_starting_wage", Some("LAK"))["value"].is_string());
    assert!(find("median_starting_wage", Some("THB"))["value"].is_string());
    // CSV, with definitions.
    let (ok, csv) = mekong_cli(
        dir.path(),
        &[
            "indicators",
            "--from",
            "2025-01-01",
            "--to",
            "2025-12-31",
            "--format",
            "csv",
        ],
        "",
    );
    assert!(ok, "{csv}");
    assert!(
        csv.starts_with("indicator,breakdown,value,count,of,definition\n"),
        "{csv}"
    );
    assert!(csv.contains("women_trained,\"2025\",,14,,"), "{csv}");
    // The export: nicknames, no notes, logged.
    let (ok, export) = mekong_cli(dir.path(), &["placements", "export", "--format", "csv"], "");
    assert!(ok, "{export}");
    let lines: Vec<&str> = export.lines().collect();
    assert_eq!(lines.len(), 17, "{export}");
    assert!(export.contains(",not-hired,"), "{export}");
    assert!(lines[0].starts_with("placement,nickname,employer,sector"));
    assert!(!lines[0].contains("full_name"));
    assert!(
        export.contains("\"Kaew\",\"Green Leaf Garments\""),
        "{export}"
    );
    assert!(export.contains(",ended,"), "{export}");
    assert!(export.contains(",declined,"), "{export}");
    assert!(export.contains(",not-reached,"), "{export}");
    assert!(!export.contains("breakfast service"));
    let db = rusqlite::Connection::open(dir.path().join("mekong.sqlite")).unwrap();
    let logged: i64 = db
        .query_row(
            "SELECT count(*) FROM access_log WHERE detail LIKE 'placements export%'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(logged, 1);
    drop(db);
    // With identity: a manager's PIN, and the export is logged as one with names.
    let (ok, out) = mekong_cli(dir.path(), &["placements", "export", "--identity"], "");
    assert!(!ok);
    assert!(out.contains("--identity needs a manager"), "{out}");
    let (ok, named) = mekong_cli(
        dir.path(),
        &["placements", "export", "--identity", "--by", "Noy"],
        "2580\n",
    );
    assert!(ok, "{named}");
    assert!(
        named.lines().next().unwrap().ends_with(",full_name"),
        "{named}"
    );
    let db = rusqlite::Connection::open(dir.path().join("mekong.sqlite")).unwrap();
    let named_logged: i64 = db
        .query_row(
            "SELECT count(*) FROM access_log
             WHERE what = 'export_identity' AND detail LIKE 'placements export%'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(named_logged, 1);
    drop(db);
    // Bad dates are refused in words.
    let (ok, out) = mekong_cli(
        dir.path(),
        &["indicators", "--from", "2026-05-01", "--to", "2026-01-01"],
        "",
    );
    assert!(!ok);
    assert!(
        out.contains("--to 2026-01-01 is before --from 2026-05-01"),
        "{out}"
    );
    let (ok, out) = mekong_cli(dir.path(), &["verify"], "");
    assert!(ok, "{out}");
}

#[test]
fn on_the_screen_a_placement_moves_through_the_pipeline_and_its_follow_up_leaves_the_badge() {
    use crate::common::{has_label, tap, ui_with, value};
    use crate::people::type_into;
    let dir = tempfile::tempdir().unwrap();
    let clock = HandClock::at("2026-03-02T09:00:00+07:00");
    let (mut till, _, _) = placements_till(dir.path(), &clock);
    till.open_session(&Default::default()).unwrap();
    let ui = ui_with(till);
    tap(&ui, "Settings");
    tap(&ui, "People");
    assert!(!has_label(&ui, "Follow-ups due"));
    tap(&ui, "Placements");
    assert_eq!(value(&ui, "Title"), "Placements");
    tap(&ui, "New placement");
    tap(&ui, "Trainee Dao");
    tap(&ui, "Partner Riverside Hotel");
    type_into(&ui, "Job title", "Barista");
    // A wage with a zero too many is refused, and what was typed stays to fix.
    type_into(&ui, "Monthly wage", "250000000");
    tap(&ui, "Contact for follow-ups: She agrees");
    tap(&ui, "Refer her");
    assert!(
        value(&ui, "Placements message").starts_with("a monthly wage of 250,000,000 ₭ is more"),
        "{}",
        value(&ui, "Placements message")
    );
    let typed =
        i_slint_backend_testing::ElementHandle::find_by_accessible_label(&ui.window, "Job title")
            .find_map(|e| e.accessible_value())
            .unwrap_or_default();
    assert_eq!(typed, "Barista");
    type_into(&ui, "Monthly wage", "2500000");
    tap(&ui, "Refer her");
    assert_eq!(value(&ui, "Placements message"), "Dao is referred.");
    assert_eq!(value(&ui, "Stage"), "Referred");
    assert!(has_label(&ui, "Dao at Riverside Hotel"));
    tap(&ui, "She has an interview");
    assert_eq!(value(&ui, "Stage"), "Interview");
    tap(&ui, "She has an offer");
    assert_eq!(value(&ui, "Stage"), "Offered");
    // A start typed wrong says so; blank is today.
    type_into(&ui, "Day", "3 March");
    tap(&ui, "She started work");
    assert_eq!(
        value(&ui, "Placements message"),
        "3 March is not a date: type it as 2026-11-28."
    );
    type_into(&ui, "Day", "");
    tap(&ui, "She started work");
    assert_eq!(value(&ui, "Stage"), "Started");
    // Its column counts it, and its page says when.
    let started: Vec<String> =
        i_slint_backend_testing::ElementHandle::find_by_accessible_label(&ui.window, "Started")
            .filter_map(|e| e.accessible_value().map(|v| v.to_string()))
            .collect();
    assert!(
        started.contains(&"1".to_owned()) && started.contains(&"2026-03-02".to_owned()),
        "{started:?}"
    );
    tap(&ui, "Back");
    assert!(!has_label(&ui, "Follow-ups due"));
    // Three months on, the 3-month follow-up is due: the badge on the People screen says so.
    clock.set_wall("2026-06-05T09:00:00+07:00");
    ui.refresh();
    assert_eq!(value(&ui, "Follow-ups due"), "1");
    tap(&ui, "Placements");
    tap(&ui, "Follow-ups (1)");
    tap(&ui, "Dao · Riverside Hotel · 3 months");
    assert_eq!(value(&ui, "Follow-up"), "3 months · Dao · Riverside Hotel");
    tap(&ui, "Record follow-up");
    assert_eq!(
        value(&ui, "Placements message"),
        "Choose whether she was reached first."
    );
    tap(&ui, "Reached: Yes");
    tap(&ui, "In work: Yes");
    tap(&ui, "Same employer: Yes");
    type_into(&ui, "Wage now", "2600000");
    type_into(&ui, "Note", "promoted to shift lead");
    tap(&ui, "Record follow-up");
    assert_eq!(value(&ui, "Placements message"), "Follow-up recorded.");
    assert!(has_label(&ui, "Follow-ups (0)"));
    tap(&ui, "Back");
    assert!(!has_label(&ui, "Follow-ups due"));
    // What the screen recorded is what the till keeps.
    let c = ui.controller.borrow();
    let a = &c.people.as_ref().unwrap().authority;
    let rows = c.till.placements(a).unwrap();
    let (row, ups) = c.till.placement(rows[0].id, a).unwrap();
    assert_eq!(row.placement.stage(), Stage::Started);
    assert_eq!(ups.len(), 1);
    assert_eq!(ups[0].follow_up.month(), 3);
    assert_eq!(ups[0].note, "promoted to shift lead");
    assert_eq!(
        ups[0].follow_up.outcome(),
        Outcome::Reached {
            employed: true,
            same_employer: true,
            wage: Some(kip(2_600_000))
        }
    );
}

#[test]
fn a_partner_edited_on_the_screen_keeps_what_was_not_changed_and_verify_checks_partners() {
    use crate::common::{tap, ui_with, value};
    use crate::people::type_into;
    let dir = tempfile::tempdir().unwrap();
    let clock = HandClock::at("2026-03-02T09:00:00+07:00");
    let (mut till, _, _) = placements_till(dir.path(), &clock);
    till.open_session(&Default::default()).unwrap();
    let ui = ui_with(till);
    tap(&ui, "Settings");
    tap(&ui, "People");
    tap(&ui, "Placements");
    tap(&ui, "Partners");
    tap(&ui, "Riverside Hotel");
    assert_eq!(value(&ui, "Contact"), "Ms Souk +856 20 5555 0101");
    tap(&ui, "Edit");
    let typed = |label: &str| {
        i_slint_backend_testing::ElementHandle::find_by_accessible_label(&ui.window, label)
            .find_map(|e| e.accessible_value())
            .unwrap_or_default()
            .to_string()
    };
    assert_eq!(typed("Partner name"), "Riverside Hotel");
    assert_eq!(typed("Phone"), "+856 20 5555 0101");
    type_into(&ui, "City", "Luang Prabang");
    tap(&ui, "Save the partner");
    assert_eq!(
        value(&ui, "Placements message"),
        "Riverside Hotel is saved."
    );
    assert_eq!(value(&ui, "Where"), "Luang Prabang, Laos");
    assert_eq!(value(&ui, "Contact"), "Ms Souk +856 20 5555 0101");
    assert_eq!(value(&ui, "Agreement"), "Signed · 2026-01-10");
    drop(ui);
    assert!(mekong::app::verify::verify(dir.path()).unwrap().is_ok());
    // A partner's sector changed by hand is found.
    let db = rusqlite::Connection::open(dir.path().join("mekong.sqlite")).unwrap();
    db.execute("UPDATE employers SET sector = 'garment'", [])
        .unwrap();
    drop(db);
    let problems = mekong::app::verify::verify(dir.path())
        .unwrap()
        .problems
        .join("\n");
    assert!(
        problems.contains("partner ") && problems.contains("sector \"garment\" in the table"),
        "{problems}"
    );
}

#[test]
fn an_erased_woman_is_not_chased_and_still_counts_as_a_graduate() {
    let dir = tempfile::tempdir().unwrap();
    let clock = HandClock::at("2026-03-02T09:00:00+07:00");
    let (mut till, dao, hotel) = placements_till(dir.path(), &clock);
    let a = till.authorize(Action::ManageStaff).unwrap();
    till.set_status(&dao, mekong::domain::people::Status::Graduated, &a)
        .unwrap();
    let p = till
        .refer(&referral(&dao, &hotel, "2026-03-02", true), &a)
        .unwrap();
    till.start_placement(p, d("2026-03-02"), &a).unwrap();
    clock.set_wall("2026-04-03T09:00:00+07:00");
    assert_eq!(till.follow_ups_due(&a).unwrap().len(), 1);
    drop(a);
    drop(till);
    let db = rusqlite::Connection::open(dir.path().join("mekong.sqlite")).unwrap();
    db.execute("UPDATE staff SET role = 'admin' WHERE nickname = 'Noy'", [])
        .unwrap();
    drop(db);
    let mut till = till_signed_out(dir.path(), &clock);
    let noy = staff_id(&till, "Noy");
    till.sign_in(&noy, pin_of("Noy")).unwrap();
    let a = till.authorize(Action::ManageStaff).unwrap();
    // Mai, still in training, is erased too: her training ended that day.
    let mai = staff_id(&till, "Mai");
    let mut programme = till.person(&mai, &a).unwrap().programme;
    programme.started_on = Some(d("2025-09-01"));
    till.set_programme(&mai, programme, &a).unwrap();
    let before = till.indicators(d("2026-01-01"), d("2026-12-31")).unwrap();
    till.erase_person(&dao, &a).unwrap();
    till.erase_person(&mai, &a).unwrap();
    assert!(till.follow_ups_due(&a).unwrap().is_empty());
    let after = till.indicators(d("2026-01-01"), d("2026-12-31")).unwrap();
    assert_eq!(after.placement_rate, before.placement_rate);
    assert_eq!(after.placement_rate.of, 1);
    assert_eq!(after.trained, before.trained);
    assert_eq!(after.trained, [(2026, 1)]);
    drop(a);
    drop(till);
    clock.set_wall("2028-01-10T09:00:00+07:00");
    let till = till_signed_out(dir.path(), &clock);
    let later = till.indicators(d("2025-01-01"), d("2027-12-31")).unwrap();
    assert_eq!(later.trained, [(2025, 1), (2026, 1), (2027, 0)]);
}

#[test]
fn a_referral_that_came_to_nothing_closes_as_not_hired_and_she_can_be_referred_again() {
    let dir = tempfile::tempdir().unwrap();
    let clock = HandClock::at("2026-03-02T09:00:00+07:00");
    let (mut till, dao, hotel) = placements_till(dir.path(), &clock);
    let a = till.authorize(Action::ManageStaff).unwrap();
    let p = till
        .refer(&referral(&dao, &hotel, "2026-02-20", true), &a)
        .unwrap();
    till.advance_placement(p, Stage::Interview, &a).unwrap();
    // Not hired is for a referral; a job ends for its own reasons.
    assert_eq!(
        till.end_placement(p, d("2026-03-01"), EndReason::LetGo, &a)
            .unwrap_err()
            .to_string(),
        "a job that has not started cannot end: a referral that came to nothing closes as not hired"
    );
    assert_eq!(
        till.end_placement(p, d("2026-02-19"), EndReason::NotHired, &a)
            .unwrap_err()
            .to_string(),
        "the referral cannot close (2026-02-19) before she was referred (2026-02-20)"
    );
    till.end_placement(p, d("2026-03-01"), EndReason::NotHired, &a)
        .unwrap();
    assert_eq!(
        till.placement(p, &a).unwrap().0.placement.stage(),
        Stage::Ended
    );
    // Closed, it neither starts nor blocks a new referral to the same partner.
    assert!(till.start_placement(p, d("2026-03-02"), &a).is_err());
    let again = till
        .refer(&referral(&dao, &hotel, "2026-03-02", true), &a)
        .unwrap();
    till.start_placement(again, d("2026-03-02"), &a).unwrap();
    assert!(
        till.end_placement(again, d("2026-03-02"), EndReason::NotHired, &a)
            .is_err()
    );
    let i = till.indicators(d("2026-01-01"), d("2026-12-31")).unwrap();
    assert_eq!(i.by_sector[0], (Sector::Hotel, 1));
    drop(till);
    assert!(mekong::app::verify::verify(dir.path()).unwrap().is_ok());
}
