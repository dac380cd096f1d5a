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
