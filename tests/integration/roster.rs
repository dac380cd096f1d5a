//! The roster: a week planned per person, copied to the next, attendance against it (on time,
//! late, missed, extra), hours per person and per cohort, and a forgotten clock-out closed at
//! the rostered end.

use crate::common::{HandClock, pin_of, staff_id, till_signed_out};
use mekong::domain::clock::{ClockKind, hours_text};
use mekong::domain::roster::{Attendance, Planned};
use mekong::domain::staff::Action;

fn day(s: &str) -> chrono::NaiveDate {
    s.parse().unwrap()
}

fn shift(start: &str, hours: u32) -> Planned {
    Planned::new(
        chrono::NaiveTime::parse_from_str(start, "%H:%M").unwrap(),
        hours * 60,
    )
    .unwrap()
}

#[test]
fn a_week_planned_and_worked_shows_on_time_late_missed_extra_and_hours_per_cohort() {
    let dir = tempfile::tempdir().unwrap();
    // Monday 23 November 2026, 06:00 in Vientiane.
    let clock = HandClock::at("2026-11-23T06:00:00+07:00");
    let mut till = till_signed_out(dir.path(), &clock);
    let (mai, dao, noy) = (
        staff_id(&till, "Mai"),
        staff_id(&till, "Dao"),
        staff_id(&till, "Noy"),
    );
    till.sign_in(&noy, pin_of("Noy")).unwrap();
    let a = till.authorize(Action::ManageStaff).unwrap();
    let cohort = till.add_cohort("2026 B", day("2026-11-01"), day("2027-04-30"), &a);
    let cohort = cohort.unwrap();
    for id in [&mai, &dao] {
        let mut programme = till.person(id, &a).unwrap().programme;
        programme.cohort = Some(cohort.id.clone());
        till.set_programme(id, programme, &a).unwrap();
    }
    for d in 23..=27 {
        let d = day(&format!("2026-11-{d}"));
        till.set_roster(&mai, d, Some(shift("07:00", 8)), &a)
            .unwrap();
        till.set_roster(&dao, d, Some(shift("14:00", 6)), &a)
            .unwrap();
    }
    let mut tap = |id: &_, name: &str, kind, at: &str| {
        clock.set_wall(at);
        till.clock_with_pin(id, pin_of(name), kind).unwrap();
    };
    // Mai: Monday on time, Tuesday 12 minutes late, Wednesday missed, Saturday extra.
    tap(&mai, "Mai", ClockKind::In, "2026-11-23T06:58:00+07:00");
    tap(&mai, "Mai", ClockKind::Out, "2026-11-23T15:00:00+07:00");
    tap(&mai, "Mai", ClockKind::In, "2026-11-24T07:12:00+07:00");
    tap(&mai, "Mai", ClockKind::Out, "2026-11-24T15:00:00+07:00");
    tap(&mai, "Mai", ClockKind::In, "2026-11-28T09:00:00+07:00");
    tap(&mai, "Mai", ClockKind::Out, "2026-11-28T13:00:00+07:00");
    // Dao: Monday on time (within the five minutes' grace).
    tap(&dao, "Dao", ClockKind::In, "2026-11-23T14:04:00+07:00");
    tap(&dao, "Dao", ClockKind::Out, "2026-11-23T20:00:00+07:00");
    clock.set_wall("2026-11-28T18:00:00+07:00");
    let week = till.roster_week(day("2026-11-25"), &a).unwrap();
    assert_eq!(week.monday, day("2026-11-23"));
    let row = week.rows.iter().find(|r| r.nickname == "Mai").unwrap();
    let marks: Vec<_> = row.days.iter().map(|d| d.attendance).collect();
    assert_eq!(
        marks,
        [
            Some(Attendance::OnTime),
            Some(Attendance::Late(12)),
            Some(Attendance::Missed),
            Some(Attendance::Missed),
            Some(Attendance::Missed),
            Some(Attendance::Extra),
            None
        ]
    );
    assert_eq!(hours_text(row.tally.planned), "40 h 00");
    assert_eq!(hours_text(row.tally.worked), "19 h 50");
    assert_eq!((row.tally.late, row.tally.late_minutes), (1, 12));
    let c = &week.cohorts[0];
    assert_eq!((c.name.as_str(), c.people), ("2026 B", 2));
    assert_eq!(hours_text(c.planned), "70 h 00");
    assert_eq!(hours_text(c.worked), "25 h 46");
    // Everyone active is in the week, planned or not.
    assert!(week.rows.iter().any(|r| r.nickname == "Kham"));

    // Copied to next week: every plan, and a day already planned keeps its plan.
    till.set_roster(&mai, day("2026-11-30"), Some(shift("10:00", 4)), &a)
        .unwrap();
    assert_eq!(
        till.copy_roster_week(day("2026-11-23"), day("2026-11-30"), &a)
            .unwrap(),
        9
    );
    let next = till.roster_week(day("2026-11-30"), &a).unwrap();
    let row = next.rows.iter().find(|r| r.nickname == "Mai").unwrap();
    assert_eq!(row.days[0].plan.unwrap().text(), "10:00–14:00");
    assert_eq!(row.days[1].plan.unwrap().text(), "07:00–15:00");
    assert!(
        next.rows
            .iter()
            .flat_map(|r| &r.days)
            .all(|d| d.attendance.is_none_or(|a| a == Attendance::Planned))
    );
    assert!(
        till.copy_roster_week(day("2026-11-23"), day("2026-11-29"), &a)
            .unwrap_err()
            .to_string()
            .contains("not onto itself")
    );

    // Who has left is not rostered; who is not a manager rosters nobody.
    till.set_status(&dao, mekong::domain::people::Status::Left, &a)
        .unwrap();
    let e = till
        .set_roster(&dao, day("2026-12-01"), Some(shift("07:00", 8)), &a)
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "Dao is not active: only who is active is rostered"
    );
    drop(a);
    let kham = staff_id(&till, "Kham");
    till.sign_in(&kham, pin_of("Kham")).unwrap();
    assert!(till.authorize(Action::ManageStaff).is_none());
}

#[test]
fn a_forgotten_clock_out_is_closed_at_the_rostered_end() {
    let dir = tempfile::tempdir().unwrap();
    let clock = HandClock::at("2026-11-28T13:00:00+07:00");
    let mut till = till_signed_out(dir.path(), &clock);
    let (mai, noy) = (staff_id(&till, "Mai"), staff_id(&till, "Noy"));
    till.sign_in(&noy, pin_of("Noy")).unwrap();
    let a = till.authorize(Action::ManageStaff).unwrap();
    // A night shift, 22:00 for 6 hours, planned on the 28th.
    till.set_roster(&mai, day("2026-11-28"), Some(shift("22:00", 6)), &a)
        .unwrap();
    drop(a);
    till.sign_out();
    clock.set_wall("2026-11-28T21:55:00+07:00");
    till.clock_with_pin(&mai, pin_of("Mai"), ClockKind::In)
        .unwrap();
    clock.set_wall("2026-11-29T16:00:00+07:00");
    assert_eq!(till.close_forgotten_clock_outs().unwrap(), 1);
    let out = till.clock_events(&mai).unwrap().pop().unwrap();
    assert_eq!(out.at.to_rfc3339(), "2026-11-29T04:00:00+07:00");
    assert!(out.flagged);
    let h = &till.hours(day("2026-11-28"), day("2026-11-28")).unwrap()[0];
    assert_eq!((hours_text(h.worked), h.to_review), ("6 h 05".into(), 1));
}

/// What a day of the roster shows: its plan and how it went.
fn cell(ui: &mekong::ui::Ui, label: &str) -> String {
    crate::common::button(ui, label)
        .accessible_value()
        .map(|v| v.to_string())
        .unwrap_or_default()
}

#[test]
fn a_manager_plans_copies_and_clears_shifts_on_the_roster_screen() {
    use crate::common::{has_label, tap, ui_at, value};
    let dir = tempfile::tempdir().unwrap();
    // Saturday 28 November 2026, 10:30; Noy (a manager) signed in.
    let ui = ui_at(dir.path());
    tap(&ui, "Settings");
    tap(&ui, "People");
    tap(&ui, "Roster");
    assert_eq!(value(&ui, "Title"), "Roster");
    assert_eq!(value(&ui, "Week"), "2026-11-23 → 2026-11-29");
    // Nothing under it can be reached.
    assert!(!has_label(&ui, "Add a person"));
    // A past day's plan stays as it was.
    tap(&ui, "Mai Mon");
    tap(&ui, "Save the shift");
    assert_eq!(
        value(&ui, "Message"),
        "2026-11-23 is past: its plan stays as it was, since attendance is measured against it"
    );
    assert_eq!(cell(&ui, "Mai Mon"), "no shift");
    tap(&ui, "Mai Sun");
    assert_eq!(value(&ui, "Start"), "07:00");
    assert_eq!(value(&ui, "Length"), "8 h 00");
    // A shift of 0 hours, or over 16, is refused in words and nothing is planned.
    for _ in 0..16 {
        tap(&ui, "Shorter");
    }
    tap(&ui, "Save the shift");
    assert_eq!(
        value(&ui, "Message"),
        "A shift is more than 0 and at most 16 hours long, not 0 h 00"
    );
    assert_eq!(cell(&ui, "Mai Sun"), "no shift");
    for _ in 0..40 {
        tap(&ui, "Longer");
    }
    tap(&ui, "Save the shift");
    assert_eq!(
        value(&ui, "Message"),
        "A shift is more than 0 and at most 16 hours long, not 16 h 30"
    );
    tap(&ui, "Shorter");
    tap(&ui, "Save the shift");
    assert_eq!(value(&ui, "Message"), "Mai's shift is planned");
    assert_eq!(cell(&ui, "Mai Sun"), "07:00–23:00 planned");
    // Next week: Monday starts from 07:00 for 8 hours, moved and shortened.
    tap(&ui, "Next ›");
    assert_eq!(value(&ui, "Week"), "2026-11-30 → 2026-12-06");
    tap(&ui, "Mai Mon");
    tap(&ui, "Earlier");
    tap(&ui, "Earlier");
    tap(&ui, "Shorter");
    tap(&ui, "Shorter");
    tap(&ui, "Shorter");
    tap(&ui, "Shorter");
    tap(&ui, "Save the shift");
    assert_eq!(cell(&ui, "Mai Mon"), "06:00–12:00 planned");
    // The next day starts from the day before's plan.
    tap(&ui, "Mai Tue");
    assert_eq!(value(&ui, "Start"), "06:00");
    assert_eq!(value(&ui, "Length"), "6 h 00");
    tap(&ui, "Save the shift");
    assert_eq!(value(&ui, "Hours of Mai"), "12 h 00 · 0 h 00");
    // The week after, copied from this one.
    tap(&ui, "Next ›");
    assert_eq!(cell(&ui, "Mai Mon"), "no shift");
    tap(&ui, "Copy last week");
    assert_eq!(
        value(&ui, "Message"),
        "2 shifts copied from last week (past days and days already planned are kept)"
    );
    assert_eq!(cell(&ui, "Mai Mon"), "06:00–12:00 planned");
    tap(&ui, "Mai Mon");
    tap(&ui, "No shift");
    assert_eq!(value(&ui, "Message"), "Mai's shift is cleared");
    assert_eq!(cell(&ui, "Mai Mon"), "no shift");
    assert_eq!(value(&ui, "Hours of Mai"), "6 h 00 · 0 h 00");
    tap(&ui, "This week");
    assert_eq!(value(&ui, "Week"), "2026-11-23 → 2026-11-29");
    tap(&ui, "Back");
    assert_eq!(value(&ui, "Title"), "People");
}

#[test]
fn only_a_manager_signed_in_herself_plans_reads_or_corrects_and_never_above_her_role() {
    let dir = tempfile::tempdir().unwrap();
    let clock = HandClock::at("2026-11-28T10:00:00+07:00");
    let mut till = till_signed_out(dir.path(), &clock);
    let (mai, kham, noy) = (
        staff_id(&till, "Mai"),
        staff_id(&till, "Kham"),
        staff_id(&till, "Noy"),
    );
    let sunday = day("2026-11-29");
    // Kham (a barista) signed in, holding Noy's approval for something else: refused.
    till.sign_in(&kham, pin_of("Kham")).unwrap();
    let approval = till
        .approve(Action::ManageStaff, &noy, pin_of("Noy"))
        .unwrap();
    assert!(
        till.set_roster(&mai, sunday, Some(shift("07:00", 8)), &approval)
            .is_err()
    );
    assert!(till.roster_week(sunday, &approval).is_err());
    assert!(till.person_hours(&mai, &approval).is_err());
    assert!(till.recent_shifts(&mai, 31, &approval).is_err());
    assert!(
        till.copy_roster_week(day("2026-11-23"), day("2026-11-30"), &approval)
            .is_err()
    );
    drop(approval);
    till.sign_out();
    // Noy, a manager: never above her role (the admin), nor her own clock.
    till.sign_in(&noy, pin_of("Noy")).unwrap();
    let a = till.authorize(Action::ManageStaff).unwrap();
    let boss = till
        .add_staff("Boss", mekong::domain::staff::Role::Manager, "9753", &a)
        .unwrap()
        .id;
    // Someone above Noy: the demo team has no admin, so this test makes one by hand (an
    // admin would; the journal is not what this test is about).
    rusqlite::Connection::open(dir.path().join("mekong.sqlite"))
        .unwrap()
        .execute(
            "UPDATE staff SET role = 'admin' WHERE id = ?1",
            [boss.as_str()],
        )
        .unwrap();
    let e = till
        .set_roster(&boss, sunday, Some(shift("07:00", 8)), &a)
        .unwrap_err();
    assert!(e.to_string().contains("above theirs"), "{e}");
    assert!(till.recent_shifts(&boss, 31, &a).is_err());
    assert!(till.person_hours(&boss, &a).is_err());
    assert!(
        till.roster_week(sunday, &a)
            .unwrap()
            .rows
            .iter()
            .all(|r| r.id != boss)
    );
    till.clock_with_pin(&noy, pin_of("Noy"), ClockKind::In)
        .unwrap();
    let own = till.clock_events(&noy).unwrap()[0].id;
    let e = till
        .correct_clock(
            &noy,
            own,
            crate::common::vientiane("2026-11-28T09:00:00+07:00"),
            "came early",
            &a,
        )
        .unwrap_err();
    assert!(e.to_string().contains("themselves"), "{e}");
    // Today's shift, once started, stays as planned: a late start is not moved to match.
    let today = day("2026-11-28");
    let e = till
        .set_roster(&mai, today, Some(shift("07:00", 8)), &a)
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "Mai's shift today has started: its plan stays as it was, since attendance is measured against it"
    );
    till.set_roster(&mai, today, Some(shift("12:00", 6)), &a)
        .unwrap();
    // Who leaves is no longer expected: her plans after today go, today's stays.
    till.set_roster(&mai, sunday, Some(shift("07:00", 8)), &a)
        .unwrap();
    till.set_status(&mai, mekong::domain::people::Status::Left, &a)
        .unwrap();
    let week = till.roster_week(sunday, &a).unwrap();
    let row = week.rows.iter().find(|r| r.id == mai).unwrap();
    assert_eq!(row.days[5].plan.unwrap().text(), "12:00–18:00");
    assert!(row.days[6].plan.is_none());
}

#[test]
fn the_demo_fills_a_roster_with_a_late_arrival_and_a_forgotten_clock_out() {
    let dir = tempfile::tempdir().unwrap();
    // Wednesday 2 December 2026, 15:00.
    let clock = HandClock::at("2026-12-02T15:00:00+07:00");
    let mut till = till_signed_out(dir.path(), &clock);
    let today = day("2026-12-02");
    let planned = mekong::app::demo::fill_roster(&mut till, 14, 7, today).unwrap();
    assert!(planned > 40, "{planned}");
    // Twice does nothing: the clock records are there.
    assert_eq!(
        mekong::app::demo::fill_roster(&mut till, 14, 7, today).unwrap(),
        0
    );
    let noy = staff_id(&till, "Noy");
    till.sign_in(&noy, pin_of("Noy")).unwrap();
    let a = till.authorize(Action::ManageStaff).unwrap();
    let this = till.roster_week(today, &a).unwrap();
    let mai = this.rows.iter().find(|r| r.nickname == "Mai").unwrap();
    assert_eq!(mai.days[1].attendance, Some(Attendance::Late(23)));
    // Today's shifts are as far as they got: Dao's 12:00 shift is under way.
    let dao = this.rows.iter().find(|r| r.nickname == "Dao").unwrap();
    assert_eq!(dao.days[2].attendance, Some(Attendance::OnTime));
    let kham = this.rows.iter().find(|r| r.nickname == "Kham").unwrap();
    assert_eq!(kham.days[0].attendance, Some(Attendance::Extra));
    // Dao forgot to clock out on Sunday: the demo closes it at 18:00, her rostered end, and
    // flags it, as the till does.
    let last = till.roster_week(day("2026-11-29"), &a).unwrap();
    let dao = last.rows.iter().find(|r| r.nickname == "Dao").unwrap();
    assert!(dao.days[6].to_review);
    let dao_id = staff_id(&till, "Dao");
    let out = till
        .clock_events(&dao_id)
        .unwrap()
        .into_iter()
        .find(|e| e.flagged)
        .unwrap();
    assert_eq!(out.at.to_rfc3339(), "2026-11-29T18:00:00+07:00");
    // Nothing is clocked later than now.
    assert!(
        till.clock_events(&dao_id)
            .unwrap()
            .iter()
            .all(|e| e.at <= till.now())
    );
}

#[test]
fn a_manager_corrects_a_forgotten_clock_out_on_the_screen_and_it_shows_who_and_why() {
    use crate::common::{signed_in, tap, ui_with, value};
    let dir = tempfile::tempdir().unwrap();
    let clock = HandClock::at("2026-11-28T14:00:00+07:00");
    let mut till = till_signed_out(dir.path(), &clock);
    let mai = staff_id(&till, "Mai");
    till.clock_with_pin(&mai, pin_of("Mai"), ClockKind::In)
        .unwrap();
    // She forgets to clock out; next morning a manager opens her clock times.
    clock.set_wall("2026-11-29T08:00:00+07:00");
    let ui = ui_with(signed_in(till, "Noy"));
    tap(&ui, "Settings");
    tap(&ui, "People");
    tap(&ui, "Mai");
    tap(&ui, "Clock times");
    // The till closed it 8 hours in (no roster that day) and flags it.
    let shift = crate::common::button(&ui, "Shift 2026-11-28");
    assert_eq!(
        shift.accessible_description().unwrap(),
        "closed by the till after a forgotten clock-out: check it"
    );
    tap(&ui, "Shift 2026-11-28");
    assert_eq!(value(&ui, "Corrected time"), "2026-11-28 22:00");
    // A clock-out before her clock-in is refused in words.
    for _ in 0..9 {
        tap(&ui, "−1 h");
    }
    crate::people::type_into(&ui, "Reason", "left early");
    tap(&ui, "Save correction");
    assert!(
        value(&ui, "Message").contains("cannot be before its clock-in"),
        "{}",
        value(&ui, "Message")
    );
    for _ in 0..7 {
        tap(&ui, "+1 h");
    }
    tap(&ui, "−15 min");
    tap(&ui, "−15 min");
    assert_eq!(value(&ui, "Corrected time"), "2026-11-28 19:30");
    // No reason, no correction.
    crate::people::type_into(&ui, "Reason", "  ");
    tap(&ui, "Save correction");
    assert!(value(&ui, "Message").contains("say why"));
    crate::people::type_into(&ui, "Reason", "She left at 19:30, Kham saw her go");
    tap(&ui, "Save correction");
    assert_eq!(
        value(&ui, "Message"),
        "Mai's clock time is corrected; the old time is kept"
    );
    assert_eq!(
        value(&ui, "Correction"),
        "Clock-out 2026-11-28 22:00 → 2026-11-28 19:30 · by Noy: She left at 19:30, Kham saw her go"
    );
    let shift = crate::common::button(&ui, "Shift 2026-11-28");
    assert_eq!(shift.accessible_description().unwrap(), "corrected");
    assert!(
        shift
            .accessible_label()
            .unwrap()
            .contains("Shift 2026-11-28")
    );
    tap(&ui, "Back to her page");
    assert_eq!(
        value(&ui, "This week"),
        "This week: worked 5 h 30 of 0 h 00 planned"
    );
    let c = ui.controller.borrow();
    let h = &c.till.hours(day("2026-11-28"), day("2026-11-28")).unwrap()[0];
    assert_eq!((hours_text(h.worked), h.to_review), ("5 h 30".into(), 0));
}

#[test]
fn signing_in_to_sell_offers_the_clock_and_the_top_bar_clocks_her_in_and_out() {
    use crate::common::{has_label, sign_in_on_screen, tap, ui_with, value};
    let dir = tempfile::tempdir().unwrap();
    let clock = HandClock::at("2026-11-28T07:02:00+07:00");
    let mut till = till_signed_out(dir.path(), &clock);
    // The till is open already (Noy counted the float); then she signs out.
    let noy = staff_id(&till, "Noy");
    till.sign_in(&noy, pin_of("Noy")).unwrap();
    till.open_session(&Default::default()).unwrap();
    till.sign_out();
    let ui = ui_with(till);
    sign_in_on_screen(&ui, "Kham");
    assert_eq!(
        value(&ui, "Clock offer"),
        "Kham, you are not clocked in: signing in to sell is not clocking in."
    );
    tap(&ui, "Not now");
    assert!(!has_label(&ui, "Clock offer"));
    // Still not clocked in: the top bar offers it, naming her.
    tap(&ui, "Clock in Kham");
    assert_eq!(value(&ui, "Status"), "Kham clocked in at 07:02");
    clock.set_wall("2026-11-28T15:05:00+07:00");
    tap(&ui, "Clock out Kham");
    assert_eq!(
        value(&ui, "Status"),
        "Kham clocked out at 15:05: 8 h 03 worked"
    );
    // Her tap is not shown to whoever signs in next.
    crate::common::buttons(&ui, "Sign out Kham")[0].invoke_accessible_default_action();
    sign_in_on_screen(&ui, "Mai");
    assert!(
        !crate::common::value_or_empty(&ui, "Status").contains("Kham"),
        "{}",
        crate::common::value_or_empty(&ui, "Status")
    );
    // Mai takes the offer.
    tap(&ui, "Clock in now");
    assert_eq!(value(&ui, "Status"), "Mai clocked in at 15:05");
    assert!(!has_label(&ui, "Clock offer"));
    // Clocked in, she is not offered it again at her next sign-in.
    crate::common::buttons(&ui, "Sign out Mai")[0].invoke_accessible_default_action();
    sign_in_on_screen(&ui, "Mai");
    assert!(!has_label(&ui, "Clock offer"));
    assert_eq!(crate::common::buttons(&ui, "Clock out Mai").len(), 1);
}
