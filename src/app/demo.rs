//! Synthetic but realistic history for demos and benchmarks: a café day runs 07:00–18:00 with
//! 60–140 sales of one to four lines, customers paying with the note that covers the total.
//! The same seed always gives the same history.

use super::session;
use super::staff::{Authority, Staff};
use super::{AppError, Till};
use crate::domain::drill::Attempt;
use crate::domain::menu::Choose;
use crate::domain::money::Money;
use crate::domain::money::{CashStep, Quantity, quick_tenders};
use crate::domain::order::{Selection, build_line, settle_cash, totals};
use crate::domain::sale::TenderKind;
use crate::domain::sale::{OrderId, Pace, Sale, ServedBy};
use crate::domain::session::CashCount;
use crate::domain::staff::Action;
use crate::domain::staff::{Role, StaffId};
use crate::store::{StoreError, sales, sessions};
use chrono::{Days, NaiveDate, NaiveTime, TimeDelta};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

/// The demo team: nickname, role and PIN. Added only to a till that has no staff yet, so a
/// real till's staff are never touched; their PINs are printed by `mekong demo`.
pub const DEMO_STAFF: [(&str, Role, &str); 4] = [
    ("Noy", Role::Manager, "2580"),
    ("Kham", Role::Barista, "1357"),
    ("Mai", Role::Trainee, "2468"),
    ("Dao", Role::Trainee, "3691"),
];

/// The PIN of one of [`DEMO_STAFF`].
pub fn pin_of(nickname: &str) -> Option<&'static str> {
    DEMO_STAFF
        .iter()
        .find(|(n, _, _)| *n == nickname)
        .map(|(_, _, pin)| *pin)
}

/// Whether made-up history may go into this till: it has no sales, and nobody or only the
/// demo team. A till with real staff or any sales is refused, so a demo can never mix invented
/// sales into a café's books.
pub fn is_demo_till(till: &Till) -> Result<bool, AppError> {
    // Sales are real unless someone says otherwise: a café that started from the demo team
    // may have sold as them.
    if crate::store::sales::sales_count(till.store().conn())? > 0 {
        return Ok(false);
    }
    let staff = till.staff()?;
    Ok(staff.iter().all(|e| {
        DEMO_STAFF
            .iter()
            .any(|(n, r, _)| e.staff.nickname == *n && e.staff.role == *r)
    }))
}

/// Adds [`DEMO_STAFF`] when the till has nobody yet; returns whether it did.
pub fn add_demo_staff(till: &mut Till) -> Result<bool, AppError> {
    if till.has_staff()? {
        return Ok(false);
    }
    for (nickname, role, pin) in DEMO_STAFF {
        till.add_demo_member(nickname, role, pin)
            .map_err(|e| AppError::Demo(e.to_string()))?;
    }
    Ok(true)
}

/// Fills `days` days ending the day before `until` with sales, taken by the till's staff.
/// Returns the number of sales.
pub fn fill_history(
    till: &mut Till,
    days: u32,
    seed: u64,
    until: NaiveDate,
) -> Result<usize, AppError> {
    let mut rng = StdRng::seed_from_u64(seed);
    // Its own stream, so the paces leave the history of every other seed as it was.
    let mut pace = StdRng::seed_from_u64(seed.wrapping_add(1));
    let team: Vec<ServedBy> = till
        .staff()?
        .into_iter()
        .map(|e| ServedBy {
            id: e.staff.id,
            nickname: e.staff.nickname,
        })
        .collect();
    let offset = *till.clock.now().offset();
    let menu = till.menu().clone();
    let items: Vec<_> = menu.categories.iter().flat_map(|c| &c.items).collect();
    let money = till.config().money.clone();
    let till_id = till.config().site.till_id.clone();
    if let Some(open) = till.session()? {
        return Err(AppError::Demo(format!(
            "the till is open (session {}); close it before adding history",
            open.session_no
        )));
    }
    // A manager opens and closes each day; without staff the history has no sessions.
    let manager = till
        .staff()?
        .into_iter()
        .map(|e| e.staff)
        .find(|s| s.role >= Role::Manager);
    let float = CashCount::made_up(Money::lak(400_000));
    let mut total = 0;
    for d in (1..=u64::from(days)).rev() {
        let Some(day) = until.checked_sub_days(Days::new(d)) else {
            continue;
        };
        let rate = money.vat.rate_on(day);
        let count = rng.random_range(60..=140);
        let mut minutes: Vec<i64> = (0..count).map(|_| rng.random_range(0..11 * 60)).collect();
        minutes.sort_unstable();
        let mut day_sales = Vec::with_capacity(count);
        for m in minutes {
            let n_lines = [1, 1, 1, 2, 2, 3, 4][rng.random_range(0..7)];
            let mut lines = Vec::new();
            for _ in 0..n_lines {
                let item = items[rng.random_range(0..items.len())];
                // Items come from this menu, so their defaults always exist.
                let Ok(mut sel) = Selection::defaults(&menu, &item.id) else {
                    continue;
                };
                let v = item.variants[rng.random_range(0..item.variants.len())]
                    .id
                    .clone();
                sel.set_variant(&menu, &item.id, v.clone());
                for g in menu.groups_for(item, &v) {
                    match g.choose {
                        Choose::One if rng.random_bool(0.3) => {
                            let o = &g.options[rng.random_range(0..g.options.len())];
                            sel.tap(&menu, &g.id, &o.id);
                        }
                        Choose::Any => {
                            for o in &g.options {
                                if rng.random_bool(0.1) {
                                    sel.tap(&menu, &g.id, &o.id);
                                }
                            }
                        }
                        Choose::One => {}
                    }
                }
                let qty = Quantity::new([1, 1, 1, 1, 1, 1, 2, 2, 3][rng.random_range(0..9)])
                    .expect("small quantity");
                if let Ok(line) = build_line(&menu, &item.id, &sel, qty) {
                    lines.push(line);
                }
            }
            let Ok(t) = totals(&lines, money.currency, rate) else {
                continue;
            };
            let options = quick_tenders(t.gross, money.cash_step);
            let tendered = options[rng.random_range(0..options.len())];
            let Ok(cash) = settle_cash(t.gross, tendered, money.cash_step) else {
                continue;
            };
            let at = day.and_time(NaiveTime::from_hms_opt(7, 0, 0).expect("7 am"))
                + TimeDelta::minutes(m)
                + TimeDelta::seconds(rng.random_range(0..60));
            let Some(created_at) = at.and_local_timezone(offset).single() else {
                continue;
            };
            let ts = uuid::Timestamp::from_unix(
                uuid::NoContext,
                created_at.timestamp() as u64,
                rng.random_range(0..1_000_000_000),
            );
            let id = OrderId(uuid::Uuid::new_v7(ts).to_string());
            let served_by =
                (!team.is_empty()).then(|| team[rng.random_range(0..team.len())].clone());
            let mut sale = Sale::paid_in_cash(id, &till_id, created_at, lines, t, cash, served_by);
            // First tap to payment: half a minute to two, now and then a line put right first.
            sale.pace = Some(Pace {
                ms: pace.random_range(25_000..120_000),
                corrections: u32::from(pace.random_range(0..8) == 0),
            });
            day_sales.push(sale);
        }
        let stamp = |h: u32, m: u32| {
            day.and_time(NaiveTime::from_hms_opt(h, m, 0).expect("a time of day"))
                .and_local_timezone(offset)
                .single()
                .map(|t| t.to_rfc3339())
        };
        let (Some(opening), Some(closing)) = (stamp(6, 55), stamp(18, 10)) else {
            continue;
        };
        total += day_sales.len();
        let tx = till.store.write()?;
        let session = match &manager {
            Some(m) => {
                session::open_in(&tx, &money, &till_id, &opening, &m.id, &float)?;
                sessions::open_session(&tx, &till_id)?
            }
            None => None,
        };
        for mut sale in day_sales {
            sales::insert_sale(&tx, &mut sale, false)?;
        }
        if let (Some(m), Some(s)) = (&manager, session) {
            // The count is what the drawer should hold, a note short now and then.
            let x = session::report_of(&tx, &money, &s, None)?;
            let mut counted = CashCount::default();
            for line in &x.cash {
                let mut expected = line.expected()?;
                if line.currency == money.currency && rng.random_range(0..10) == 0 {
                    expected = Money::new(expected.currency(), expected.minor() - 1_000);
                }
                for (cur, notes) in CashCount::made_up(expected).0 {
                    for (d, n) in notes {
                        counted.change(cur, d, i64::from(n));
                    }
                }
            }
            let authority = Authority::for_demo_history(m.clone(), Action::CloseTill);
            session::close_in(&tx, &money, s, &closing, &authority, &counted)?;
        }
        tx.commit().map_err(StoreError::from)?;
    }
    Ok(total)
}

/// A person's usual week: first and last weekday (Monday = 0), start (minutes after midnight)
/// and length in minutes.
#[derive(Debug, Clone, Copy)]
struct Week {
    first: u32,
    last: u32,
    start: u32,
    minutes: u32,
}

/// The demo team's weeks.
const DEMO_ROSTER: [(&str, Week); 4] = [
    (
        "Noy",
        Week {
            first: 0,
            last: 4,
            start: 6 * 60 + 30,
            minutes: 9 * 60,
        },
    ),
    (
        "Kham",
        Week {
            first: 1,
            last: 5,
            start: 7 * 60,
            minutes: 8 * 60,
        },
    ),
    (
        "Mai",
        Week {
            first: 0,
            last: 4,
            start: 7 * 60,
            minutes: 6 * 60,
        },
    ),
    (
        "Dao",
        Week {
            first: 2,
            last: 6,
            start: 12 * 60,
            minutes: 6 * 60,
        },
    ),
];

/// Plans the demo team's roster from `days` days before `until` to the end of `until`'s week,
/// and clocks them in and out up to now: mostly on time, a break in shifts of six hours and
/// more, Mai 23 minutes late yesterday, Dao's clock-out forgotten on her last shift before
/// that (closed by the till at her rostered end and flagged), Kham in on her Monday off.
/// Does nothing on a till that already has clock records; returns how many shifts were
/// planned.
pub fn fill_roster(
    till: &mut Till,
    days: u32,
    seed: u64,
    until: NaiveDate,
) -> Result<usize, AppError> {
    let team = till.staff()?;
    let members: Vec<(StaffId, String, Week)> = DEMO_ROSTER
        .iter()
        .filter_map(|(name, week)| {
            team.iter()
                .find(|e| e.staff.nickname == *name)
                .map(|e| (e.staff.id.clone(), name.to_string(), *week))
        })
        .collect();
    roster_and_clock(till, &members, days, seed, until)
}

/// Plans everyone active on the till five days a week (mornings or afternoons, six to eight
/// hours, by turns) and clocks them as [`fill_roster`] does: for benchmarks of years of
/// records. Returns how many shifts were planned.
pub fn fill_roster_for_everyone(
    till: &mut Till,
    days: u32,
    seed: u64,
    until: NaiveDate,
) -> Result<usize, AppError> {
    let members: Vec<(StaffId, String, Week)> = till
        .staff()?
        .into_iter()
        .enumerate()
        .map(|(i, e)| {
            let i = i as u32;
            let first = i % 3;
            let week = Week {
                first,
                last: first + 4,
                start: if i.is_multiple_of(2) { 7 * 60 } else { 12 * 60 },
                minutes: (6 + i % 3) * 60,
            };
            (e.staff.id, e.staff.nickname, week)
        })
        .collect();
    roster_and_clock(till, &members, days, seed, until)
}

fn roster_and_clock(
    till: &mut Till,
    members: &[(StaffId, String, Week)],
    days: u32,
    seed: u64,
    until: NaiveDate,
) -> Result<usize, AppError> {
    use crate::domain::clock::ClockKind;
    use crate::domain::roster::{Planned, week_of};
    use crate::store::{clock, roster};
    use chrono::Datelike;
    if clock::count_events(till.store.conn())? > 0 {
        return Ok(0);
    }
    let Some(by) = till
        .staff()?
        .into_iter()
        .find(|e| e.staff.role >= Role::Manager)
        .map(|e| e.staff.id)
    else {
        return Ok(0);
    };
    let mut rng = StdRng::seed_from_u64(seed);
    let offset = *till.clock.now().offset();
    let at = |d: NaiveDate, minutes: i64| {
        let t = d.and_time(NaiveTime::MIN) + TimeDelta::minutes(minutes);
        t.and_local_timezone(offset)
            .single()
            .map(|t| t.to_rfc3339())
            .unwrap_or_default()
    };
    let first = until - TimeDelta::days(i64::from(days));
    let last = week_of(until) + TimeDelta::days(6);
    let now = till.clock.now();
    // Dao's last shift before yesterday is the one whose clock-out she forgets.
    let dao = DEMO_ROSTER[3].1;
    let forgotten_on = (2..9)
        .map(|k| until - TimeDelta::days(k))
        .find(|d| (dao.first..=dao.last).contains(&d.weekday().num_days_from_monday()));
    let tx = till.store.write()?;
    let mut planned = 0;
    for day in first.iter_days().take_while(|d| *d <= last) {
        let weekday = day.weekday().num_days_from_monday();
        let ago = (until - day).num_days();
        for (id, name, week) in members {
            let on_roster = (week.first..=week.last).contains(&weekday);
            if on_roster {
                let start = NaiveTime::from_num_seconds_from_midnight_opt(week.start * 60, 0)
                    .expect("a time of day");
                let plan =
                    Planned::new(start, week.minutes).expect("a demo shift is within bounds");
                roster::set(&tx, id, day, Some(plan), &by, &at(day, 0))?;
                planned += 1;
            }
            if ago < 0 {
                continue;
            }
            // Kham's day off this week (or last, early in the week): she came in anyway.
            let extra = name == "Kham" && weekday == 0 && ago <= 7;
            if !on_roster && !extra {
                continue;
            }
            let (start, length) = if extra {
                (8 * 60, 4 * 60)
            } else {
                (i64::from(week.start), i64::from(week.minutes))
            };
            let late = if name == "Mai" && ago == 1 {
                23
            } else {
                rng.random_range(-10..=4)
            };
            // Nothing later than now is clocked: today's shifts are as far as they got.
            let tap = |kind, minute: i64, auto: bool| {
                let t = at(day, minute);
                match chrono::DateTime::parse_from_rfc3339(&t) {
                    Ok(when) if when <= now => {
                        clock::insert_event(&tx, id, kind, &t, &t, auto).map(|_| ())
                    }
                    _ => Ok(()),
                }
            };
            tap(ClockKind::In, start + late, false)?;
            if length >= 6 * 60 {
                let b = start + length / 2;
                tap(ClockKind::BreakStart, b, false)?;
                tap(ClockKind::BreakEnd, b + 30, false)?;
            }
            if name == "Dao" && Some(day) == forgotten_on {
                // Forgotten: the till closed it at her rostered end, for a manager.
                tap(ClockKind::Out, start + length, true)?;
            } else {
                tap(
                    ClockKind::Out,
                    start + length + rng.random_range(0..=10),
                    false,
                )?;
            }
        }
    }
    tx.commit().map_err(StoreError::from)?;
    Ok(planned)
}

/// A programme for the demo team: two cohorts (Mai in the earlier, Dao in the later), both on
/// the barista track, and months of evidence recorded by Noy: Mai's foundation skills
/// developing into competent over separate days (most signed off, two ready for sign-off, one
/// corrected), Dao just starting. Does nothing on a till that already has evidence or has no
/// demo team; returns how many pieces were recorded.
pub fn fill_skills(till: &mut Till, until: NaiveDate) -> Result<usize, AppError> {
    use crate::app::skills::NewEvidence;
    use crate::domain::people::Track;
    use crate::domain::skills::{Method, Rating};
    if !crate::store::skills::all_evidence(till.store.conn())?.is_empty() {
        return Ok(0);
    }
    let team = till.staff()?;
    let id = |name: &str| {
        team.iter()
            .find(|e| e.staff.nickname == name)
            .map(|e| e.staff.clone())
    };
    // Only for the demo team (a forced demo on a till with other people leaves it be).
    let (Some(noy), Some(mai), Some(dao)) = (id("Noy"), id("Mai"), id("Dao")) else {
        return Ok(0);
    };
    let a = Authority::for_demo_history(noy, Action::ManageStaff);
    let problem = |e: crate::app::skills::SkillsError| AppError::Demo(e.to_string());
    let day = |back: i64| until - chrono::TimeDelta::days(back);
    let first = till.add_cohort("2026 A", day(150), day(-30), &a)?;
    let second = till.add_cohort("2026 B", day(60), day(-120), &a)?;
    for (who, cohort) in [(&mai, &first), (&dao, &second)] {
        let mut programme = till.person(&who.id, &a)?.programme;
        programme.track = Some(Track::Barista);
        programme.cohort = Some(cohort.id.clone());
        till.set_programme(&who.id, programme, &a)?;
    }
    let offset = *till.clock.now().offset();
    let at = move |back: i64| {
        day(back)
            .and_hms_opt(10, 30, 0)
            .and_then(|t| t.and_local_timezone(offset).single())
            .ok_or_else(|| AppError::Demo("no such time".into()))
    };
    let mut n = 0;
    let mut record = |till: &mut Till,
                      person: &Staff,
                      competency: &str,
                      rating,
                      method,
                      back: i64,
                      corrects: Option<i64>|
     -> Result<i64, AppError> {
        n += 1;
        let new = NewEvidence {
            person: person.id.clone(),
            competency: competency.into(),
            rating,
            method,
            note: String::new(),
            corrects,
        };
        till.record_evidence_at(&new, &a, at(back)?, format!("day {}", day(back)))
            .map_err(problem)
    };
    // Mai: each foundation skill seen on three days a week apart, developing then competent.
    let mai_skills = [
        ("clean-bar", Method::Observed),
        ("bean-freshness", Method::Observed),
        ("consistent-dose", Method::Observed),
        ("distribution-tamp", Method::Product),
        ("milk-steaming", Method::Product),
        ("order-and-cash", Method::Observed),
        ("grinder-calibration", Method::Observed),
        ("espresso-cappuccino", Method::Product),
    ];
    for (i, (competency, method)) in mai_skills.iter().enumerate() {
        let start = 140 - 12 * i as i64;
        record(
            till,
            &mai,
            competency,
            Rating::Developing,
            *method,
            start,
            None,
        )?;
        for k in 1..=3 {
            record(
                till,
                &mai,
                competency,
                Rating::Competent,
                *method,
                start - 7 * k,
                None,
            )?;
        }
    }
    // A latte-art rating recorded too high, then corrected.
    let wrong = record(
        till,
        &mai,
        "latte-art",
        Rating::Competent,
        Method::Product,
        20,
        None,
    )?;
    record(
        till,
        &mai,
        "latte-art",
        Rating::Developing,
        Method::Product,
        20,
        Some(wrong),
    )?;
    record(
        till,
        &mai,
        "food-safety",
        Rating::Competent,
        Method::Written,
        90,
        None,
    )?;
    // Dao: her first weeks.
    for (competency, rating, back) in [
        ("clean-bar", Rating::Developing, 50),
        ("clean-bar", Rating::Competent, 40),
        ("bean-freshness", Rating::NotYet, 45),
        ("bean-freshness", Rating::Developing, 30),
        ("milk-steaming", Rating::NotYet, 20),
        ("service-english", Rating::Developing, 10),
    ] {
        record(till, &dao, competency, rating, Method::Observed, back, None)?;
    }
    // Drills on the till in the last three weeks: Mai finds her feet, Dao is starting.
    let step = till.config.money.cash_step;
    for (who, seed, back, slip) in [
        (&mai, 11, 20, Slip::Slow),
        (&mai, 12, 16, Slip::Change),
        (&mai, 13, 12, Slip::None),
        (&mai, 14, 7, Slip::None),
        (&mai, 15, 3, Slip::None),
        (&dao, 21, 18, Slip::Quantity),
        (&dao, 22, 11, Slip::Change),
        (&dao, 23, 4, Slip::Slow),
    ] {
        let level = till.drill_level(&who.id)?;
        let drill = crate::domain::drill::Drill::generate(&till.menu, level, seed, step)
            .map_err(|e| AppError::Demo(e.to_string()))?;
        let attempt = slip.attempt(&drill, step);
        till.keep_drill(&who.id, &a.actor().id, drill, &attempt, at(back)?)
            .map_err(|e| AppError::Demo(e.to_string()))?;
    }
    // Noy signs off all of Mai's ready ones but the last two.
    let ready = till.ready_for_sign_off(&a).map_err(problem)?;
    let mine: Vec<_> = ready.iter().filter(|r| r.person == mai.id).collect();
    for r in mine.iter().take(mine.len().saturating_sub(2)) {
        till.sign_off(&r.person, &r.competency.id, &a)
            .map_err(problem)?;
    }
    Ok(n)
}

/// What goes wrong in a demo drill.
#[derive(Clone, Copy)]
enum Slip {
    None,
    Slow,
    Change,
    Quantity,
}

impl Slip {
    /// The drill rung up right but for the slip.
    fn attempt(self, drill: &crate::domain::drill::Drill, step: CashStep) -> Attempt {
        let mut attempt = Attempt {
            lines: drill.asked.iter().map(|a| a.line.clone()).collect(),
            tendered: drill
                .pays_with
                .iter()
                .map(|m| (TenderKind::Cash, *m))
                .collect(),
            change: drill.change,
            seconds: drill.target_seconds * 3 / 4,
        };
        match self {
            Slip::None => {}
            Slip::Slow => attempt.seconds = drill.target_seconds * 2,
            Slip::Change => {
                attempt.change = Money::new(
                    drill.change.currency(),
                    drill.change.minor() + step.get() * 10,
                )
            }
            Slip::Quantity => {
                if let Some(line) = attempt.lines.first_mut() {
                    line.qty = Quantity::new(i64::from(line.qty.get()) + 1).unwrap_or(line.qty);
                }
            }
        }
        attempt
    }
}

/// A framework file of `per_track` barista competencies (a third at each level, each "competent
/// on 3 separate shifts"), for benchmarks of a larger framework than the shipped one.
pub fn wide_skills_framework(per_track: usize) -> String {
    let mut text = String::from(
        "version = 1\n\n[[tracks]]\nid = \"barista\"\nen = \"Barista\"\nlo = \"ບາຣິສຕ້າ\"\n",
    );
    for i in 0..per_track {
        let level = ["foundation", "intermediate", "professional"][i * 3 / per_track.max(1)];
        text.push_str(&format!(
            "\n[[tracks.competencies]]\nid = \"skill-{i:02}\"\nlevel = \"{level}\"\nen = \"Skill {i}\"\nlo = \"ທັກສະ {i}\"\nen_detail = \"\"\nlo_detail = \"\"\nrule = {{ competent = 3 }}\n"
        ));
    }
    text
}

/// Evidence for everyone active on the barista track (but `manager`) over `days` days before
/// `until`: each
/// competency seen now and then (developing, then competent), a few corrected, about one in
/// three signed off once ready, recorded by `manager`. For benchmarks; returns how many pieces.
pub fn fill_skills_for_everyone(
    till: &mut Till,
    manager: &str,
    days: u32,
    seed: u64,
    until: NaiveDate,
) -> Result<usize, AppError> {
    use crate::app::skills::NewEvidence;
    use crate::domain::skills::{Method, Rating};
    let team = till.staff()?;
    let Some(by) = team.iter().find(|e| e.staff.nickname == manager) else {
        return Err(AppError::Demo(format!("no {manager} on the till")));
    };
    let a = Authority::for_demo_history(by.staff.clone(), Action::ManageStaff);
    let problem = |e: crate::app::skills::SkillsError| AppError::Demo(e.to_string());
    let competencies: Vec<String> = till
        .skills()
        .framework
        .of_track(crate::domain::people::Track::Barista)
        .map(|c| c.id.to_string())
        .collect();
    let offset = *till.clock.now().offset();
    let mut rng = StdRng::seed_from_u64(seed);
    let mut n = 0;
    let on_track: Vec<StaffId> = crate::store::people::list(till.store.conn())?
        .into_iter()
        .filter(|p| p.programme.track == Some(crate::domain::people::Track::Barista))
        .map(|p| p.id)
        .collect();
    for person in team
        .iter()
        .filter(|e| e.staff.id != by.staff.id && on_track.contains(&e.staff.id))
    {
        for c in &competencies {
            // Four to twelve pieces over the years, on separate days, in order.
            let pieces = rng.random_range(4..=12);
            let mut backs: Vec<i64> = (0..pieces)
                .map(|_| i64::from(rng.random_range(1..days.max(2))))
                .collect();
            backs.sort_unstable_by(|a, b| b.cmp(a));
            backs.dedup();
            let mut last = None;
            for (k, back) in backs.iter().enumerate() {
                let day = until - TimeDelta::days(*back);
                let at = day
                    .and_hms_opt(10, 0, 0)
                    .and_then(|t| t.and_local_timezone(offset).single())
                    .ok_or_else(|| AppError::Demo("no such time".into()))?;
                let corrects = (rng.random_range(0..20) == 0).then_some(last).flatten();
                let new = NewEvidence {
                    person: person.staff.id.clone(),
                    competency: c.as_str().into(),
                    rating: if k < 2 {
                        Rating::Developing
                    } else {
                        Rating::Competent
                    },
                    method: Method::Observed,
                    note: String::new(),
                    corrects,
                };
                last = Some(
                    till.record_evidence_at(&new, &a, at, format!("day {day}"))
                        .map_err(problem)?,
                );
                n += 1;
            }
        }
    }
    for r in till
        .ready_for_sign_off(&a)
        .map_err(problem)?
        .iter()
        .step_by(3)
    {
        till.sign_off(&r.person, &r.competency.id, &a)
            .map_err(problem)?;
    }
    Ok(n)
}

/// Employer partners for the demo: name, sector, city, country, contact, phone, agreement.
const DEMO_PARTNERS: [(&str, &str, &str, &str, &str, &str, &str); 7] = [
    (
        "Riverside Boutique Hotel",
        "hotel",
        "Vientiane",
        "Laos",
        "Ms Souk",
        "+856 20 5555 0101",
        "signed",
    ),
    (
        "Khop Chai Bakery Café",
        "cafe-restaurant",
        "Vientiane",
        "Laos",
        "Mr Bounmy",
        "+856 20 5555 0102",
        "signed",
    ),
    (
        "That Luang Market Shop",
        "retail",
        "Vientiane",
        "Laos",
        "Ms Noi",
        "+856 20 5555 0103",
        "in-talks",
    ),
    (
        "Green Leaf Garments",
        "garment",
        "Vientiane",
        "Laos",
        "Mr Sengdao",
        "+856 20 5555 0104",
        "signed",
    ),
    (
        "Nong Khai River Resort",
        "hotel",
        "Nong Khai",
        "Thailand",
        "Khun Ploy",
        "+66 42 555 0105",
        "signed",
    ),
    (
        "Lane Xang Office Services",
        "office",
        "Vientiane",
        "Laos",
        "Ms Vanh",
        "+856 20 5555 0106",
        "none",
    ),
    (
        "Old Quarter Noodle House",
        "cafe-restaurant",
        "Vientiane",
        "Laos",
        "Mr Kong",
        "+856 20 5555 0107",
        "lapsed",
    ),
];

/// A past trainee's placement in the demo: partner (index), days after graduating it was
/// referred and started (none: not started yet), wage (whole units), consent, and what
/// happened: the follow-ups made (month, reached, employed, same employer), and an end
/// (days after the start, reason) with a next placement elsewhere.
struct DemoJob {
    partner: usize,
    referred: i64,
    started: Option<i64>,
    wage: i64,
    consent: bool,
    follow_ups: &'static [(u32, bool, bool, bool)],
    ended: Option<(i64, crate::domain::placements::EndReason)>,
}

/// Two graduated cohorts, seven women each: who, and her jobs.
fn demo_graduates() -> [(&'static str, &'static str, &'static [DemoJob]); 14] {
    use crate::domain::placements::EndReason::*;
    const ALL4: &[(u32, bool, bool, bool)] = &[
        (1, true, true, true),
        (3, true, true, true),
        (6, true, true, true),
        (12, true, true, true),
    ];
    [
        // Cohort 2025 A: graduated about a year and a half ago.
        (
            "Bua",
            "A",
            &[DemoJob {
                partner: 0,
                referred: -20,
                started: Some(14),
                wage: 2_600_000,
                consent: true,
                follow_ups: ALL4,
                ended: None,
            }],
        ),
        (
            "Chan",
            "A",
            &[DemoJob {
                partner: 1,
                referred: -10,
                started: Some(21),
                wage: 2_200_000,
                consent: true,
                follow_ups: &[
                    (1, true, true, true),
                    (3, true, true, true),
                    (6, false, false, false),
                    (12, true, true, true),
                ],
                ended: None,
            }],
        ),
        (
            "Kaew",
            "A",
            &[
                DemoJob {
                    partner: 3,
                    referred: 0,
                    started: Some(30),
                    wage: 1_900_000,
                    consent: true,
                    follow_ups: &[(1, true, true, true), (3, true, true, true)],
                    ended: Some((120, BetterJob)),
                },
                DemoJob {
                    partner: 0,
                    referred: 140,
                    started: Some(150),
                    wage: 2_800_000,
                    consent: true,
                    follow_ups: &[
                        (1, true, true, true),
                        (3, true, true, true),
                        (6, true, true, true),
                        (12, true, true, true),
                    ],
                    ended: None,
                },
            ],
        ),
        (
            "Lan",
            "A",
            &[DemoJob {
                partner: 4,
                referred: -15,
                started: Some(35),
                wage: 9_500,
                consent: true,
                follow_ups: ALL4,
                ended: None,
            }],
        ),
        (
            "Nang",
            "A",
            &[DemoJob {
                partner: 1,
                referred: 5,
                started: Some(40),
                wage: 2_100_000,
                consent: false,
                follow_ups: &[],
                ended: None,
            }],
        ),
        (
            "Phon",
            "A",
            &[DemoJob {
                partner: 6,
                referred: 10,
                started: Some(45),
                wage: 2_000_000,
                consent: true,
                follow_ups: &[
                    (1, true, true, true),
                    (3, true, true, true),
                    (6, true, false, false),
                ],
                ended: Some((160, LetGo)),
            }],
        ),
        (
            "Sai",
            "A",
            &[DemoJob {
                partner: 2,
                referred: 20,
                started: None,
                wage: 1_800_000,
                consent: true,
                follow_ups: &[],
                ended: Some((15, NotHired)),
            }],
        ),
        // Cohort 2025 B: graduated about seven months ago.
        (
            "Vanh",
            "B",
            &[DemoJob {
                partner: 0,
                referred: -25,
                started: Some(10),
                wage: 2_700_000,
                consent: true,
                follow_ups: &[
                    (1, true, true, true),
                    (3, true, true, true),
                    (6, true, true, true),
                ],
                ended: None,
            }],
        ),
        (
            "Khai",
            "B",
            &[DemoJob {
                partner: 2,
                referred: -5,
                started: Some(20),
                wage: 1_800_000,
                consent: true,
                follow_ups: &[(1, true, true, true), (3, false, false, false)],
                ended: None,
            }],
        ),
        (
            "Ting",
            "B",
            &[DemoJob {
                partner: 4,
                referred: 0,
                started: Some(25),
                wage: 9_000,
                consent: true,
                follow_ups: &[(1, true, true, true), (3, true, true, true)],
                ended: None,
            }],
        ),
        (
            "Nok",
            "B",
            &[DemoJob {
                partner: 1,
                referred: 10,
                started: Some(40),
                wage: 2_300_000,
                consent: true,
                follow_ups: &[(1, true, true, true)],
                ended: Some((75, OwnChoice)),
            }],
        ),
        (
            "Pim",
            "B",
            &[DemoJob {
                partner: 3,
                referred: 30,
                started: Some(60),
                wage: 1_950_000,
                consent: true,
                follow_ups: &[(1, true, true, true), (3, true, true, true)],
                ended: None,
            }],
        ),
        (
            "Sone",
            "B",
            &[DemoJob {
                partner: 5,
                referred: 150,
                started: Some(190),
                wage: 2_400_000,
                consent: true,
                follow_ups: &[],
                ended: None,
            }],
        ),
        (
            "Ying",
            "B",
            &[DemoJob {
                partner: 0,
                referred: 170,
                started: None,
                wage: 2_500_000,
                consent: true,
                follow_ups: &[],
                ended: None,
            }],
        ),
    ]
}

/// Employer partners, two graduated cohorts of women and their placements with follow-ups up
/// to `until`: most placed within weeks, one not hired after her interview, one who said no to
/// follow-ups, one
/// not reached at 6 months, jobs that ended (one for a better job elsewhere), follow-ups due
/// and overdue now, and Mai (still training) referred for an interview. Does nothing on a
/// till that has placements or no demo team; returns how many placements were made.
pub fn fill_placements(till: &mut Till, until: NaiveDate) -> Result<usize, AppError> {
    use crate::app::placements::{NewFollowUp, NewPlacement};
    use crate::domain::money::Currency;
    use crate::domain::people::{Programme, Status, Track};
    use crate::domain::placements::{
        Agreement, Consent, Contract, Employer, Job, Outcome, Sector, Stage, Wage,
    };
    if !crate::store::placements::placements(till.store.conn())?.is_empty() {
        return Ok(0);
    }
    let team = till.staff()?;
    let id = |name: &str| {
        team.iter()
            .find(|e| e.staff.nickname == name)
            .map(|e| e.staff.clone())
    };
    let (Some(noy), Some(mai)) = (id("Noy"), id("Mai")) else {
        return Ok(0);
    };
    let a = Authority::for_demo_history(noy.clone(), Action::ManageStaff);
    let problem = |e: crate::app::placements::PlacementsError| AppError::Demo(e.to_string());
    let day = |back: i64| until - TimeDelta::days(back);
    let offset = *till.clock.now().offset();
    let at = move |d: NaiveDate| {
        d.and_hms_opt(15, 0, 0)
            .and_then(|t| t.and_local_timezone(offset).single())
            .ok_or_else(|| AppError::Demo("no such time".into()))
    };
    let mut partners = Vec::new();
    for (i, (name, sector, city, country, contact, phone, agreement)) in
        DEMO_PARTNERS.into_iter().enumerate()
    {
        let agreement = Agreement::from_code(agreement).unwrap_or(Agreement::None);
        let on = (agreement != Agreement::None).then(|| day(700 - 30 * i as i64));
        let e = Employer::new(
            name,
            Sector::from_code(sector).unwrap_or(Sector::Other),
            city,
            country,
            contact,
            phone,
            agreement,
            on,
            if i == 0 {
                "Takes two trainees a year for the breakfast service."
            } else {
                ""
            },
        )?;
        partners.push(till.put_employer(None, &e, &a).map_err(problem)?);
    }
    // Two cohorts that graduated 540 and 210 days ago.
    let cohorts = [
        (
            "A",
            till.add_cohort("2025 A", day(720), day(540), &a)?,
            day(540),
        ),
        (
            "B",
            till.add_cohort("2025 B", day(390), day(210), &a)?,
            day(210),
        ),
    ];
    let mut n = 0;
    for (k, (nickname, cohort, jobs)) in demo_graduates().into_iter().enumerate() {
        let Some((_, c, graduated)) = cohorts.iter().find(|(name, _, _)| *name == cohort) else {
            continue;
        };
        let track = [Track::Barista, Track::Service, Track::Kitchen][k % 3];
        let who = till
            .add_demo_member(nickname, Role::Trainee, "2468")
            .map_err(|e| AppError::Demo(e.to_string()))?;
        till.set_programme(
            &who.id,
            Programme {
                track: Some(track),
                cohort: Some(c.id.clone()),
                started_on: Some(c.starts_on),
                planned_end: Some(c.planned_end),
                mentor: None,
            },
            &a,
        )?;
        let graduated = *graduated;
        till.journalled_change(
            &who.id,
            &noy.id,
            "status",
            Some(("status", Some(Status::Graduated.code()))),
            |tx, _, _| crate::store::people::set_status(tx, &who.id, Status::Graduated, graduated),
        )?;
        let mut placements = Vec::new();
        for job in jobs {
            let referred_on = graduated + TimeDelta::days(job.referred);
            let currency = if partners_abroad(job.partner) {
                Currency::Thb
            } else {
                Currency::Lak
            };
            let wage = Wage::new(Money::new(
                currency,
                job.wage * 10i64.pow(currency.decimals()),
            ))?;
            let title = ["Barista", "Waitress", "Kitchen assistant"][k % 3];
            let new = NewPlacement {
                person: who.id.clone(),
                employer: partners[job.partner].clone(),
                referred_on,
                job: Job::new(title, Contract::Permanent, 44, wage)?,
                consent: Some(Consent {
                    yes: job.consent,
                    on: referred_on,
                }),
            };
            let p = till.refer_at(&new, &a, at(referred_on)?).map_err(problem)?;
            n += 1;
            let Some(started) = job.started else {
                till.advance_placement(p, Stage::Interview, &a)
                    .map_err(problem)?;
                // An interview that came to nothing, or an offer waiting for her start.
                match job.ended {
                    Some((after, reason)) => {
                        let end = referred_on + TimeDelta::days(after);
                        till.end_placement_at(p, end, reason, &a, at(end)?)
                            .map_err(problem)?;
                    }
                    None => till
                        .advance_placement(p, Stage::Offered, &a)
                        .map_err(problem)?,
                }
                continue;
            };
            let start = graduated + TimeDelta::days(started);
            till.start_placement_at(p, start, &a, at(start)?)
                .map_err(problem)?;
            for (month, reached, employed, same) in job.follow_ups {
                let Some(due) = start.checked_add_months(chrono::Months::new(*month)) else {
                    continue;
                };
                let on = due + TimeDelta::days(3);
                if on > until {
                    continue;
                }
                let outcome = if *reached {
                    Outcome::Reached {
                        employed: *employed,
                        same_employer: *same,
                        wage: (*employed && *same).then_some(wage),
                    }
                } else {
                    Outcome::NotReached
                };
                let new = NewFollowUp {
                    placement: p,
                    month: *month,
                    on,
                    outcome,
                    note: String::new(),
                };
                till.record_follow_up_at(&new, &a, at(on)?)
                    .map_err(problem)?;
            }
            if let Some((after, reason)) = job.ended {
                let end = start + TimeDelta::days(after);
                till.end_placement_at(p, end, reason, &a, at(end)?)
                    .map_err(problem)?;
            }
            placements.push(p);
        }
    }
    // The partner that lapsed has no open placements left: archived.
    till.archive_employer(&partners[6], true, &a)
        .map_err(problem)?;
    // Mai, still training, is referred to the hotel and has an interview.
    let mai_job = NewPlacement {
        person: mai.id.clone(),
        employer: partners[0].clone(),
        referred_on: day(5),
        job: Job::new(
            "Barista",
            Contract::FixedTerm,
            40,
            Wage::new(Money::new(Currency::Lak, 2_500_000))?,
        )?,
        consent: Some(Consent {
            yes: true,
            on: day(5),
        }),
    };
    let p = till.refer_at(&mai_job, &a, at(day(5))?).map_err(problem)?;
    till.advance_placement(p, Stage::Interview, &a)
        .map_err(problem)?;
    Ok(n + 1)
}

/// The demo's partner across the border pays in baht.
fn partners_abroad(partner: usize) -> bool {
    DEMO_PARTNERS[partner].3 != "Laos"
}
