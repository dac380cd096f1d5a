//! Skills: evidence recorded by a manager, the sign-off queue, sign-off, corrections that
//! never edit, the matrix, the framework's versions, and `verify` over all of it.

use crate::common::{HandClock, pin_of, staff_id, till_signed_out};
use mekong::app::Till;
use mekong::app::skills::{NewEvidence, SkillsError};
use mekong::domain::people::Track;
use mekong::domain::skills::{Method, Rating};
use mekong::domain::staff::{Action, StaffId};

/// A till with the demo team, Mai and Dao on the barista track, and Noy signed in.
pub fn programme_till(dir: &std::path::Path, clock: &HandClock) -> (Till, StaffId, StaffId) {
    let mut till = till_signed_out(dir, clock);
    let (mai, dao, noy) = (
        staff_id(&till, "Mai"),
        staff_id(&till, "Dao"),
        staff_id(&till, "Noy"),
    );
    till.sign_in(&noy, pin_of("Noy")).unwrap();
    let a = till.authorize(Action::ManageStaff).unwrap();
    for id in [&mai, &dao] {
        let mut programme = till.person(id, &a).unwrap().programme;
        programme.track = Some(Track::Barista);
        till.set_programme(id, programme, &a).unwrap();
    }
    (till, mai, dao)
}

fn piece(person: &StaffId, competency: &str, rating: Rating, method: Method) -> NewEvidence {
    NewEvidence {
        person: person.clone(),
        competency: competency.into(),
        rating,
        method,
        note: "steady hands".into(),
        corrects: None,
    }
}

#[test]
fn three_observed_pieces_on_three_days_make_a_competency_ready_and_signing_it_off_shows() {
    let dir = tempfile::tempdir().unwrap();
    let clock = HandClock::at("2026-11-23T09:00:00+07:00");
    let (mut till, mai, dao) = programme_till(dir.path(), &clock);
    let a = till.authorize(Action::ManageStaff).unwrap();
    let dose = |r| piece(&mai, "consistent-dose", r, Method::Observed);
    till.record_evidence(&dose(Rating::Competent), &a).unwrap();
    // Twice on one day counts as one shift.
    till.record_evidence(&dose(Rating::Competent), &a).unwrap();
    clock.advance(86_400);
    till.record_evidence(&dose(Rating::CanCoach), &a).unwrap();
    assert!(till.ready_for_sign_off(&a).unwrap().is_empty());
    let refused = till
        .sign_off(&mai, &"consistent-dose".into(), &a)
        .unwrap_err();
    assert_eq!(
        refused.to_string(),
        "Consistent dose is not ready for sign-off: its evidence does not meet its rule (Competent on 3 separate shifts (observed / product))"
    );
    clock.advance(86_400);
    till.record_evidence(&dose(Rating::Competent), &a).unwrap();
    let queue = till.ready_for_sign_off(&a).unwrap();
    assert_eq!(queue.len(), 1);
    assert_eq!(
        (queue[0].nickname.as_str(), queue[0].competency.id.as_str()),
        ("Mai", "consistent-dose")
    );
    till.sign_off(&mai, &"consistent-dose".into(), &a).unwrap();
    assert!(till.ready_for_sign_off(&a).unwrap().is_empty());
    assert!(matches!(
        till.sign_off(&mai, &"consistent-dose".into(), &a),
        Err(SkillsError::AlreadySignedOff(_))
    ));
    let matrix = till.progress_matrix(Track::Barista, None, &a).unwrap();
    let names: Vec<&str> = matrix.people.iter().map(|(_, n)| n.as_str()).collect();
    assert_eq!(names, ["Dao", "Mai"]);
    let col = matrix
        .competencies
        .iter()
        .position(|c| c.id.as_str() == "consistent-dose")
        .unwrap();
    assert!(matrix.cells[1][col].signed_off);
    assert_eq!(matrix.cells[1][col].standing, Some(Rating::CanCoach));
    assert_eq!(matrix.cells[0][col].standing, None);
    // Written evidence on three days does not count for a dose.
    for day in ["2026-11-26", "2026-11-27", "2026-11-28"] {
        clock.set_wall(&format!("{day}T09:00:00+07:00"));
        till.record_evidence(
            &piece(&dao, "consistent-dose", Rating::Competent, Method::Written),
            &a,
        )
        .unwrap();
    }
    assert!(till.ready_for_sign_off(&a).unwrap().is_empty());
    // Someone with no track gets no evidence.
    let kham = staff_id(&till, "Kham");
    assert!(matches!(
        till.record_evidence(
            &piece(
                &kham,
                "consistent-dose",
                Rating::Competent,
                Method::Observed
            ),
            &a
        ),
        Err(SkillsError::NoTrack(_))
    ));
    // The matrix (read from the standings kept with the evidence) and each trainee's page
    // (read from the evidence) agree on every cell.
    let matrix = till.progress_matrix(Track::Barista, None, &a).unwrap();
    for ((id, _), cells) in matrix.people.iter().zip(&matrix.cells) {
        let page = till.skills_of(id, &a).unwrap();
        for (cell, stand) in cells.iter().zip(&page.competencies) {
            assert_eq!(
                (cell.standing, cell.ready, cell.signed_off),
                (stand.standing, stand.ready, stand.signed_off.is_some()),
                "{}",
                stand.competency.id
            );
        }
    }
    drop(till);
    let report = mekong::app::verify::verify(dir.path()).unwrap();
    assert!(report.is_ok(), "{:?}", report.problems);

    // Someone makes Dao look ready by hand: verify names the cell, and signing off still
    // goes by her evidence.
    let db = rusqlite::Connection::open(dir.path().join("mekong.sqlite")).unwrap();
    let changed = db
        .execute(
            "UPDATE skill_standings SET standing = 'can-coach', ready = 1
             WHERE person_id = ?1 AND competency = 'consistent-dose'",
            [dao.as_str()],
        )
        .unwrap();
    assert_eq!(changed, 1);
    drop(db);
    let report = mekong::app::verify::verify(dir.path()).unwrap();
    assert_eq!(report.problems.len(), 1, "{:?}", report.problems);
    assert!(
        report.problems[0].contains(&format!(
            "skills standing of {dao} at consistent-dose reads v1 can-coach, ready but the evidence says v1 competent"
        )),
        "{}",
        report.problems[0]
    );
    let mut till = crate::common::till_signed_out(dir.path(), &clock);
    let noy = staff_id(&till, "Noy");
    till.sign_in(&noy, crate::common::pin_of("Noy")).unwrap();
    let a = till.authorize(Action::ManageStaff).unwrap();
    assert!(matches!(
        till.sign_off(&dao, &"consistent-dose".into(), &a),
        Err(SkillsError::NotReady(..))
    ));
    // Its next evidence puts the cell right again.
    till.record_evidence(
        &piece(
            &dao,
            "consistent-dose",
            Rating::Developing,
            Method::Observed,
        ),
        &a,
    )
    .unwrap();
    drop(till);
    let report = mekong::app::verify::verify(dir.path()).unwrap();
    assert!(report.is_ok(), "{:?}", report.problems);
    // Emptied by hand: verify says what is missing.
    let db = rusqlite::Connection::open(dir.path().join("mekong.sqlite")).unwrap();
    db.execute("DELETE FROM skill_standings", []).unwrap();
    let report = mekong::app::verify::verify(dir.path()).unwrap();
    assert!(
        !report.problems.is_empty()
            && report
                .problems
                .iter()
                .all(|p| p.contains("skills standing") && p.contains("is missing")),
        "{:?}",
        report.problems
    );
    // Never worked out (a till just upgraded): worked out when the till starts.
    db.execute("DELETE FROM skill_standings_of", []).unwrap();
    drop(db);
    let mut till = crate::common::till_signed_out(dir.path(), &clock);
    till.sign_in(&noy, crate::common::pin_of("Noy")).unwrap();
    let a = till.authorize(Action::ManageStaff).unwrap();
    let matrix = till.progress_matrix(Track::Barista, None, &a).unwrap();
    assert!(matrix.cells[1][col].signed_off);
    assert_eq!(matrix.cells[0][col].standing, Some(Rating::Competent));
    drop(till);
    let report = mekong::app::verify::verify(dir.path()).unwrap();
    assert!(report.is_ok(), "{:?}", report.problems);
}

#[test]
fn a_correction_is_new_evidence_and_never_edits_the_old() {
    let dir = tempfile::tempdir().unwrap();
    let clock = HandClock::at("2026-11-23T09:00:00+07:00");
    let (mut till, mai, dao) = programme_till(dir.path(), &clock);
    let a = till.authorize(Action::ManageStaff).unwrap();
    let first = till
        .record_evidence(
            &piece(&mai, "latte-art", Rating::Competent, Method::Product),
            &a,
        )
        .unwrap();
    let mut fix = piece(&mai, "latte-art", Rating::Developing, Method::Product);
    fix.corrects = Some(first);
    let second = till.record_evidence(&fix, &a).unwrap();
    assert!(matches!(
        till.record_evidence(&fix, &a),
        Err(SkillsError::AlreadyCorrected(n)) if n == first
    ));
    let mut elsewhere = piece(&dao, "latte-art", Rating::Developing, Method::Product);
    elsewhere.corrects = Some(second);
    assert!(matches!(
        till.record_evidence(&elsewhere, &a),
        Err(SkillsError::CorrectsAnother(_))
    ));
    let page = till.skills_of(&mai, &a).unwrap();
    let art = page
        .competencies
        .iter()
        .find(|c| c.competency.id.as_str() == "latte-art")
        .unwrap();
    assert_eq!(art.standing, Some(Rating::Developing));
    let kept: Vec<(i64, Rating, bool)> = art
        .evidence
        .iter()
        .map(|(e, in_force)| (e.id, e.rating, *in_force))
        .collect();
    assert_eq!(
        kept,
        [
            (first, Rating::Competent, false),
            (second, Rating::Developing, true)
        ]
    );
    // Nobody assesses herself, and a note stays short.
    let noy = staff_id(&till, "Noy");
    assert!(matches!(
        till.record_evidence(
            &piece(&noy, "latte-art", Rating::Competent, Method::Product),
            &a
        ),
        Err(SkillsError::OwnEvidence(_))
    ));
    let mut long = piece(&mai, "latte-art", Rating::Competent, Method::Product);
    long.note = "x".repeat(201);
    assert!(matches!(
        till.record_evidence(&long, &a),
        Err(SkillsError::NoteTooLong)
    ));
    // The database refuses an edit; an edit made with its trigger dropped is named by verify.
    let conn = till.store().conn();
    assert!(
        conn.execute(
            "UPDATE skill_evidence SET rating = 'can-coach' WHERE id = ?1",
            [first]
        )
        .is_err()
    );
    assert!(
        conn.execute("DELETE FROM skill_evidence WHERE id = ?1", [first])
            .is_err()
    );
    drop(till);
    let conn = rusqlite::Connection::open(dir.path().join("mekong.sqlite")).unwrap();
    conn.execute_batch(
        "DROP TRIGGER skill_evidence_never_change;
         UPDATE skill_evidence SET rating = 'can-coach' WHERE id = 1;",
    )
    .unwrap();
    drop(conn);
    let problems = mekong::app::verify::verify(dir.path()).unwrap().problems;
    assert!(
        problems
            .iter()
            .any(|p| p.starts_with("skills evidence 1 differs")
                && p.contains("rating \"can-coach\" in the table, \"competent\" in the journal")),
        "{problems:?}"
    );
}

#[test]
fn a_framework_version_in_use_is_never_edited_and_a_new_one_carries_the_evidence() {
    let dir = tempfile::tempdir().unwrap();
    let clock = HandClock::at("2026-11-23T09:00:00+07:00");
    let (mut till, mai, _) = programme_till(dir.path(), &clock);
    let a = till.authorize(Action::ManageStaff).unwrap();
    for _ in 0..3 {
        till.record_evidence(
            &piece(
                &mai,
                "distribution-tamp",
                Rating::Competent,
                Method::Observed,
            ),
            &a,
        )
        .unwrap();
        clock.advance(86_400);
    }
    drop(a);
    drop(till);
    let file = dir.path().join("skills.toml");
    let v1 = std::fs::read_to_string(&file).unwrap();
    // Edited in place: refused, and version 1 stays in force.
    std::fs::write(&file, v1.replace("Consistent dose", "Steady dose")).unwrap();
    let (till, _, _) = programme_till(dir.path(), &clock);
    assert_eq!(
        till.skills().problem.as_ref().unwrap().to_string(),
        "skills framework version 1 is in use and cannot be edited in place: give the changed framework version 2, and say what each competency replaces"
    );
    let dose = till
        .skills()
        .framework
        .competency(&"consistent-dose".into())
        .unwrap();
    assert_eq!(dose.name.en, "Consistent dose");
    drop(till);
    // Version 2 folds tamping into the dose: Mai's tamping evidence now counts for it.
    let mut v2 = String::new();
    for line in v1.replace("version = 1", "version = 2").lines() {
        if let Some(id) = line
            .strip_prefix("id = \"")
            .map(|r| r.trim_end_matches('"').to_owned())
            && !["barista", "kitchen", "service"].contains(&id.as_str())
        {
            v2.push_str(line);
            v2.push('\n');
            let replaces = match id.as_str() {
                "distribution-tamp" => continue,
                "consistent-dose" => "[\"consistent-dose\", \"distribution-tamp\"]".to_owned(),
                other => format!("[\"{other}\"]"),
            };
            v2.push_str(&format!("replaces = {replaces}\n"));
            continue;
        }
        v2.push_str(line);
        v2.push('\n');
    }
    // Drop the tamping competency's own block.
    let start = v2.find("id = \"distribution-tamp\"").unwrap();
    let block_start = v2[..start].rfind("[[tracks.competencies]]").unwrap();
    let block_end = block_start
        + v2[block_start + 1..]
            .find("[[tracks.competencies]]")
            .unwrap()
        + 1;
    v2.replace_range(block_start..block_end, "");
    std::fs::write(&file, &v2).unwrap();
    let (till, mai, _) = programme_till(dir.path(), &clock);
    assert!(
        till.skills().problem.is_none(),
        "{:?}",
        till.skills().problem
    );
    assert_eq!(till.skills().framework.version, 2);
    let a = till.authorize(Action::ManageStaff).unwrap();
    let page = till.skills_of(&mai, &a).unwrap();
    let dose = page
        .competencies
        .iter()
        .find(|c| c.competency.id.as_str() == "consistent-dose")
        .unwrap();
    assert_eq!(dose.evidence.len(), 3);
    assert!(dose.ready);
    assert!(
        page.competencies
            .iter()
            .all(|c| c.competency.id.as_str() != "distribution-tamp")
    );
    let versions: i64 = till
        .store()
        .conn()
        .query_row("SELECT count(*) FROM skill_frameworks", [], |r| r.get(0))
        .unwrap();
    assert_eq!(versions, 2);
}

/// What the note field holds.
fn note_of(ui: &mekong::ui::Ui) -> String {
    use i_slint_backend_testing::{AccessibleRole, ElementHandle};
    ElementHandle::find_by_accessible_label(&ui.window, "Note")
        .find(|e| e.accessible_role() == Some(AccessibleRole::TextInput))
        .expect("a note field")
        .accessible_value()
        .map(|v| v.to_string())
        .unwrap_or_default()
}

#[test]
fn on_the_screen_three_observed_pieces_on_three_days_reach_the_queue_and_sign_off_shows_in_the_matrix()
 {
    use crate::common::{buttons, tap, ui_with, value};
    use crate::people::type_into;
    let dir = tempfile::tempdir().unwrap();
    let clock = HandClock::at("2026-11-23T09:00:00+07:00");
    let (mut till, _, _) = programme_till(dir.path(), &clock);
    // One shift left open over three days counts as three.
    till.open_session(&Default::default()).unwrap();
    let ui = ui_with(till);
    tap(&ui, "Settings");
    tap(&ui, "People");
    tap(&ui, "Skills");
    assert_eq!(value(&ui, "Title"), "Skills");
    assert_eq!(value(&ui, "Mai F4"), "no evidence");
    tap(&ui, "Skills of Mai");
    assert_eq!(value(&ui, "Title"), "Skills · Mai · Barista");
    tap(&ui, "Consistent dose");
    // Nothing chosen: refused in words, and the note typed stays.
    type_into(&ui, "Note", "steady dose, 18 g");
    tap(&ui, "Record");
    assert_eq!(
        value(&ui, "Skills message"),
        "Choose a rating and how it was seen."
    );
    assert_eq!(note_of(&ui), "steady dose, 18 g");
    for (n, day) in ["2026-11-23", "2026-11-24", "2026-11-25"]
        .iter()
        .enumerate()
    {
        // Someone else's day: the wall clock moves, no time passes at the till.
        clock.set_wall(&format!("{day}T09:00:00+07:00"));
        if n > 0 {
            type_into(&ui, "Note", &format!("day {}", n + 1));
        }
        tap(&ui, "Competent");
        tap(&ui, "Observed");
        tap(&ui, "Record");
        assert_eq!(value(&ui, "Skills message"), "Evidence recorded.");
        assert_eq!(note_of(&ui), "", "a recorded piece takes its note");
        let ready = if n == 2 { 1 } else { 0 };
        assert!(
            !buttons(&ui, &format!("Ready for sign-off ({ready})")).is_empty(),
            "after {} pieces",
            n + 1
        );
    }
    assert_eq!(
        value(&ui, "Rule"),
        "Rule: Competent on 3 separate shifts (observed / product) · ready for sign-off"
    );
    // A correction is a new piece about the same shift: the old one stays, marked, and
    // counts no more, so two shifts are left.
    clock.set_wall("2026-11-26T09:00:00+07:00");
    tap(&ui, "Correct evidence 1");
    tap(&ui, "Developing");
    tap(&ui, "Observed");
    type_into(&ui, "Note", "the first one was a practice shot");
    tap(&ui, "Record");
    assert_eq!(
        value(&ui, "Skills message"),
        "Correction recorded: the piece it corrects no longer counts."
    );
    assert!(value(&ui, "Evidence 1").ends_with("Competent · Noy (corrected)"));
    assert!(value(&ui, "Evidence 4").starts_with("2026-11-23 · Observed · Developing · Noy"));
    assert!(!buttons(&ui, "Ready for sign-off (0)").is_empty());
    tap(&ui, "Competent");
    tap(&ui, "Observed");
    tap(&ui, "Record");
    // Signing off takes two taps on the same entry.
    tap(&ui, "Ready for sign-off (1)");
    tap(&ui, "Sign off Mai: Consistent dose");
    assert!(crate::common::buttons(&ui, "Sign off Mai: Consistent dose").is_empty());
    tap(&ui, "Confirm sign-off Mai: Consistent dose");
    assert_eq!(value(&ui, "Skills message"), "Signed off: Consistent dose.");
    tap(&ui, "Progress");
    assert_eq!(value(&ui, "Mai F4"), "Competent · signed off");
    // Signed off, its evidence stays as it was.
    tap(&ui, "Skills of Mai");
    tap(&ui, "Consistent dose");
    tap(&ui, "Correct evidence 2");
    tap(&ui, "Not yet");
    tap(&ui, "Observed");
    tap(&ui, "Record");
    let said = value(&ui, "Skills message");
    assert!(
        said.starts_with("Consistent dose was signed off on 2026-11-26"),
        "{said}"
    );
    let c = ui.controller.borrow();
    let (rating, note): (String, String) = c
        .till
        .store()
        .conn()
        .query_row(
            "SELECT rating, note FROM skill_evidence WHERE id = 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(
        (rating.as_str(), note.as_str()),
        ("competent", "steady dose, 18 g")
    );
}

#[test]
fn her_progress_month_by_month_counts_what_stood_at_each_month_end() {
    let dir = tempfile::tempdir().unwrap();
    let clock = HandClock::at("2026-09-10T09:00:00+07:00");
    let (mut till, mai, _dao) = programme_till(dir.path(), &clock);
    let a = till.authorize(Action::ManageStaff).unwrap();
    let seen = |till: &mut Till, day: &str, competency: &str, rating| {
        clock.set_wall(&format!("{day}T09:00:00+07:00"));
        till.record_evidence(&piece(&mai, competency, rating, Method::Observed), &a)
            .unwrap()
    };
    seen(
        &mut till,
        "2026-09-10",
        "consistent-dose",
        Rating::Competent,
    );
    seen(&mut till, "2026-10-05", "latte-art", Rating::Developing);
    let wrong = seen(&mut till, "2026-10-06", "clean-bar", Rating::Competent);
    seen(
        &mut till,
        "2026-11-02",
        "consistent-dose",
        Rating::Competent,
    );
    seen(&mut till, "2026-11-03", "consistent-dose", Rating::CanCoach);
    till.sign_off(&mai, &"consistent-dose".into(), &a).unwrap();
    // Recorded in November, the correction is about October's piece: October is read again.
    clock.set_wall("2026-11-20T09:00:00+07:00");
    let mut fix = piece(&mai, "clean-bar", Rating::Developing, Method::Observed);
    fix.corrects = Some(wrong);
    till.record_evidence(&fix, &a).unwrap();
    let page = till.skills_of(&mai, &a).unwrap();
    let today = "2026-11-28".parse().unwrap();
    let months: Vec<(String, usize, usize, usize)> = page
        .progress_by_month(today, 12)
        .iter()
        .map(|m| (m.month.to_string(), m.competent, m.signed_off, m.of))
        .collect();
    assert_eq!(
        months,
        vec![
            ("2026-09-01".to_owned(), 1, 0, 22),
            ("2026-10-01".to_owned(), 1, 0, 22),
            ("2026-11-01".to_owned(), 1, 1, 22),
        ]
    );
    // At most the months asked for, ending with this one.
    let last_two = page.progress_by_month(today, 2);
    assert_eq!(last_two.len(), 2);
    assert_eq!(last_two[0].month.to_string(), "2026-10-01");
    // Nobody's evidence, no chart.
    let dao = staff_id(&till, "Dao");
    assert!(
        till.skills_of(&dao, &a)
            .unwrap()
            .progress_by_month(today, 12)
            .is_empty()
    );
}
