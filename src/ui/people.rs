//! Adapter of the People screen (`ui/screens/people.slint`).

use super::controller::{Controller, PeopleDone, PeopleMode, PeopleNote};
use super::{
    AppWindow, CorrectionView, DayHours, PeopleAdapter, PersonRow as RowView, ShiftRowView, Ui,
    model,
};
use crate::domain::clock::{ClockKind, hours_text};
use crate::domain::menu::Lang;
use crate::domain::people::{Cohort, Identity, Status, Track};
use crate::domain::staff::Role;
use crate::store::people::PersonRow;
use slint::ComponentHandle;

pub(super) fn wire(ui: &Ui) {
    let a = ui.window.global::<PeopleAdapter>();
    let u = ui.handle();
    a.on_pick_filter(move |i| u.act(|c| c.people_pick_filter(i as usize)));
    let u = ui.handle();
    a.on_pick(move |i| u.act(|c| c.people_pick(i as usize)));
    let u = ui.handle();
    a.on_set_role(move |i| u.act(|c| c.people_set_role(i as usize)));
    let u = ui.handle();
    a.on_set_status(move |i| u.act(|c| c.people_set_status(i as usize)));
    let u = ui.handle();
    a.on_set_language(move |i| u.act(|c| c.people_set_language(i as usize)));
    let u = ui.handle();
    a.on_show_identity(move || u.act(|c| c.people_show_identity()));
    let u = ui.handle();
    a.on_save_identity(move |full_name, phone, emergency, note| {
        u.act(|c| {
            c.people_save_identity(Identity {
                full_name: full_name.into(),
                phone: phone.into(),
                emergency_contact: emergency.into(),
                note: note.into(),
            })
        })
    });
    let u = ui.handle();
    a.on_open_roster(move || u.act(|c| c.open_roster()));
    let u = ui.handle();
    a.on_open_skills(move || u.act(|c| c.open_skills()));
    let u = ui.handle();
    a.on_open_placements(move || u.act(|c| c.open_placements()));
    let u = ui.handle();
    a.on_open_clock(move || u.act(|c| c.people_open_clock()));
    let u = ui.handle();
    a.on_pick_shift(move |i| u.act(|c| c.people_pick_shift(i as usize)));
    let u = ui.handle();
    a.on_pick_end(move |out| u.act(|c| c.people_pick_end(out)));
    let u = ui.handle();
    a.on_nudge(move |m| u.act(|c| c.people_nudge(i64::from(m))));
    let u = ui.handle();
    a.on_save_correction(move |reason| u.act(|c| c.people_save_correction(&reason)));
    let u = ui.handle();
    a.on_open_programme(move || u.act(|c| c.people_open_programme()));
    let u = ui.handle();
    a.on_pick_track(move |i| u.act(|c| c.people_pick_track(i)));
    let u = ui.handle();
    a.on_pick_cohort(move |i| u.act(|c| c.people_pick_cohort(i)));
    let u = ui.handle();
    a.on_pick_mentor(move |i| u.act(|c| c.people_pick_mentor(i)));
    let u = ui.handle();
    a.on_save_programme(move |s, e| u.act(|c| c.people_save_programme(&s, &e)));
    let u = ui.handle();
    a.on_add_cohort(move |n, s, e| u.act(|c| c.people_add_cohort(&n, &s, &e)));
    let u = ui.handle();
    a.on_start_add(move || u.act(|c| c.people_start_add()));
    let u = ui.handle();
    a.on_pick_add_role(move |i| u.act(|c| c.people_pick_add_role(i as usize)));
    let u = ui.handle();
    a.on_add(move |nickname| u.act(|c| c.people_add(&nickname)));
    let u = ui.handle();
    a.on_start_new_pin(move || u.act(|c| c.people_start_new_pin()));
    let u = ui.handle();
    a.on_save_new_pin(move || u.act(|c| c.people_save_new_pin()));
    let u = ui.handle();
    a.on_key(move |k| u.act(|c| with_pin(c, |p| p.key(&k))));
    let u = ui.handle();
    a.on_backspace(move || u.act(|c| with_pin(c, |p| p.backspace())));
    let u = ui.handle();
    a.on_clear(move || u.act(|c| with_pin(c, |p| p.clear())));
    let u = ui.handle();
    a.on_choose_again(move |again| u.act(|c| with_pin(c, |p| p.choose(again))));
    let u = ui.handle();
    a.on_cancel(move || u.act(|c| c.people_cancel()));
    let u = ui.handle();
    a.on_close(move || u.act(|c| c.people_close()));
}

fn with_pin(c: &mut Controller, f: impl FnOnce(&mut super::controller::NewPin)) {
    if let Some(v) = &mut c.people {
        f(&mut v.pin);
    }
}

fn role_index(role: Role) -> i32 {
    Role::ALL.iter().position(|r| *r == role).unwrap_or(0) as i32
}

fn track_index(p: &PersonRow) -> i32 {
    p.programme
        .track
        .and_then(|t| Track::ALL.iter().position(|k| *k == t))
        .map_or(-1, |i| i as i32)
}

fn cohort_name(p: &PersonRow, cohorts: &[Cohort]) -> String {
    p.programme
        .cohort
        .as_ref()
        .and_then(|id| cohorts.iter().find(|k| k.id == *id))
        .map(|k| k.name.clone())
        .unwrap_or_default()
}

pub(super) fn show(w: &AppWindow, c: &Controller) {
    let a = w.global::<PeopleAdapter>();
    let Some(v) = &c.people else {
        // Closed: nothing of anyone's identity stays in the window's memory.
        a.set_identity_shown(false);
        for set in [
            PeopleAdapter::set_full_name,
            PeopleAdapter::set_phone,
            PeopleAdapter::set_emergency,
            PeopleAdapter::set_note,
        ] {
            set(&a, Default::default());
        }
        a.set_open(false);
        return;
    };
    // The badge, while the People screen itself is on top.
    if v.placements.is_none() && v.skills.is_none() && v.roster.is_none() {
        a.set_follow_ups_due(c.follow_ups_due_count() as i32);
    }
    // One read of everyone and the cohorts per refresh; the list, her page and her mentor's
    // name all come from it.
    let everyone = c.till.people(&v.authority).unwrap_or_default();
    let cohorts = c.till.cohorts().unwrap_or_default();
    let listed: Vec<&PersonRow> = everyone.iter().filter(|p| p.status == v.filter).collect();
    a.set_filter(Status::ALL.iter().position(|s| *s == v.filter).unwrap_or(0) as i32);
    a.set_people(model(
        listed
            .iter()
            .map(|p| RowView {
                nickname: p.nickname.as_str().into(),
                role: role_index(p.role),
                track: track_index(p),
                cohort: cohort_name(p, &cohorts).into(),
            })
            .collect(),
    ));
    a.set_chosen(
        listed
            .iter()
            .position(|p| Some(&p.id) == v.chosen.as_ref())
            .map_or(-1, |i| i as i32),
    );
    a.set_mode(match v.mode {
        PeopleMode::Page => 0,
        PeopleMode::Adding => 1,
        PeopleMode::NewPin => 2,
        PeopleMode::Clock => 3,
        PeopleMode::Programme => 4,
    });
    if let Some(p) = everyone.iter().find(|p| Some(&p.id) == v.chosen.as_ref()) {
        a.set_nickname(p.nickname.as_str().into());
        a.set_role(role_index(p.role));
        a.set_status(Status::ALL.iter().position(|s| *s == p.status).unwrap_or(0) as i32);
        a.set_language(match p.language {
            None => 0,
            Some(Lang::Lo) => 1,
            Some(Lang::En) => 2,
        });
        let date = |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
        a.set_track(track_index(p));
        a.set_cohort(cohort_name(p, &cohorts).into());
        a.set_started_on(date(p.programme.started_on).into());
        a.set_planned_end(date(p.programme.planned_end).into());
        a.set_mentor(
            p.programme
                .mentor
                .as_ref()
                .and_then(|m| everyone.iter().find(|q| q.id == *m))
                .map(|m| m.nickname.clone())
                .unwrap_or_default()
                .into(),
        );
        a.set_erased(p.erased);
        a.set_has_identity(p.has_identity);
        match v.mode {
            PeopleMode::Page => show_hours(&a, c, p),
            PeopleMode::Clock => show_clock(&a, c, p),
            PeopleMode::Programme => show_programme(&a, c),
            _ => {}
        }
    }
    let identity = v.identity.clone().unwrap_or_default();
    a.set_identity_shown(v.identity.is_some());
    a.set_full_name(identity.full_name.into());
    a.set_phone(identity.phone.into());
    a.set_emergency(identity.emergency_contact.into());
    a.set_note(identity.note.into());
    a.set_add_role(role_index(v.add_role));
    a.set_pin_length(v.pin.pin.len() as i32);
    a.set_again_length(v.pin.again.len() as i32);
    a.set_on_again(v.pin.on_again);
    let (kind, name, message) = match &v.message {
        None => (0, String::new(), String::new()),
        Some(PeopleNote::Problem(m)) => (1, String::new(), m.clone()),
        Some(PeopleNote::NotADate(typed)) => (9, String::new(), typed.clone()),
        Some(PeopleNote::CohortAdded(name)) => (11, String::new(), name.clone()),
        Some(PeopleNote::CohortDates) => (12, String::new(), String::new()),
        Some(PeopleNote::Done(done, name)) => (
            match done {
                PeopleDone::Role => 2,
                PeopleDone::Status => 3,
                PeopleDone::Language => 4,
                PeopleDone::Identity => 5,
                PeopleDone::Added => 6,
                PeopleDone::NewPin => 7,
                PeopleDone::Corrected => 8,
                PeopleDone::Programme => 10,
            },
            name.clone(),
            String::new(),
        ),
    };
    a.set_message_kind(kind);
    a.set_message_name(name.into());
    a.set_message(message.into());
    a.set_open(true);
}

/// Her week as bars and this month's attendance.
fn show_hours(a: &PeopleAdapter, c: &Controller, p: &PersonRow) {
    let Some(v) = &c.people else { return };
    let Ok(h) = c.till.person_hours(&p.id, &v.authority) else {
        a.set_week_hours(model(Vec::new()));
        return;
    };
    a.set_week_hours(model(
        h.week
            .iter()
            .map(|d| DayHours {
                minutes: d.worked.num_minutes() as i32,
                planned: d.plan.map_or(0, |p| p.minutes() as i32),
                worked: if d.worked.is_zero() {
                    Default::default()
                } else {
                    hours_text(d.worked).into()
                },
            })
            .collect(),
    ));
    a.set_week_worked(hours_text(h.week_tally.worked).into());
    a.set_week_planned(hours_text(h.week_tally.planned).into());
    let m = h.month_tally;
    a.set_month_worked(hours_text(m.worked).into());
    a.set_month_planned(hours_text(m.planned).into());
    a.set_month_on_time(m.on_time as i32);
    a.set_month_late(m.late as i32);
    a.set_month_late_minutes(m.late_minutes as i32);
    a.set_month_missed(m.missed as i32);
    a.set_month_extra(m.extra as i32);
}

/// "2026-11-29 18:00", in the till's zone.
fn local_time(at: chrono::DateTime<chrono::FixedOffset>, zone: chrono::FixedOffset) -> String {
    at.with_timezone(&zone).format("%Y-%m-%d %H:%M").to_string()
}

/// Her recent shifts, the one being corrected, and every correction so far.
fn show_clock(a: &PeopleAdapter, c: &Controller, p: &PersonRow) {
    use chrono::Datelike;
    let Some(v) = &c.people else { return };
    let now = c.till.now();
    let zone = *now.offset();
    let shifts = c
        .till
        .recent_shifts(&p.id, Controller::CLOCK_DAYS, &v.authority)
        .unwrap_or_default();
    let hm = |t: chrono::DateTime<chrono::FixedOffset>| {
        t.with_timezone(&zone).format("%H:%M").to_string()
    };
    let corrections = c
        .till
        .clock_corrections(&p.id, &v.authority)
        .unwrap_or_default();
    a.set_shifts(model(
        shifts
            .iter()
            .map(|s| {
                let day = s.start.with_timezone(&zone).date_naive();
                let corrected = corrections
                    .iter()
                    .any(|k| k.event_id == s.start_event || Some(k.event_id) == s.end_event);
                ShiftRowView {
                    date: day.to_string().into(),
                    weekday: day.weekday().num_days_from_monday() as i32,
                    span: format!("{} → {}", hm(s.start), s.end.map_or("…".into(), hm)).into(),
                    worked: hours_text(s.worked(now)).into(),
                    review: s.needs_review,
                    corrected,
                }
            })
            .collect(),
    ));
    let chosen = v
        .correcting
        .as_ref()
        .and_then(|k| shifts.iter().position(|s| s.start_event == k.shift));
    a.set_chosen_shift(chosen.map_or(-1, |i| i as i32));
    if let (Some(k), Some(i)) = (&v.correcting, chosen) {
        a.set_correcting_out(k.out);
        a.set_has_out(shifts[i].end_event.is_some());
        a.set_old_time(local_time(k.old, zone).into());
        a.set_new_time(local_time(k.new, zone).into());
    }
    let parse = |t: &str| {
        chrono::DateTime::parse_from_rfc3339(t)
            .map(|t| local_time(t, zone))
            .unwrap_or_else(|_| t.to_owned())
    };
    a.set_corrections(model(
        corrections
            .iter()
            .rev()
            .map(|k| CorrectionView {
                end: match k.kind {
                    ClockKind::In => 0,
                    ClockKind::Out => 1,
                    ClockKind::BreakStart => 2,
                    ClockKind::BreakEnd => 3,
                },
                old: parse(&k.old_at).into(),
                new: parse(&k.new_at).into(),
                by: k.by.as_str().into(),
                reason: k.reason.as_str().into(),
            })
            .collect(),
    ));
}

/// Her programme being edited: the choices and which of them is picked.
fn show_programme(a: &PeopleAdapter, c: &Controller) {
    let Some(v) = &c.people else { return };
    let d = &v.programme;
    a.set_draft_track(
        d.track
            .and_then(|t| Track::ALL.iter().position(|k| *k == t))
            .map_or(-1, |i| i as i32),
    );
    let cohorts = c.people_cohort_choices();
    a.set_cohort_names(model(
        cohorts.iter().map(|k| k.name.as_str().into()).collect(),
    ));
    a.set_draft_cohort(
        cohorts
            .iter()
            .position(|k| Some(&k.id) == d.cohort.as_ref())
            .map_or(-1, |i| i as i32),
    );
    let mentors = c.people_mentor_choices();
    a.set_mentor_names(model(
        mentors.iter().map(|p| p.nickname.as_str().into()).collect(),
    ));
    a.set_draft_mentor(
        mentors
            .iter()
            .position(|p| Some(&p.id) == d.mentor.as_ref())
            .map_or(-1, |i| i as i32),
    );
}
