//! The programme's outcome indicators over ten years of a programme: 1,500 trainees, 1,200
//! placements with 20 partners and their follow-ups, read from the store and worked out as the
//! indicators page and `mekong indicators` do. Run: `cargo bench --bench placements`.
//! Budget (issue "Placements"): under 20 ms (release).

use chrono::{NaiveDate, TimeDelta};
use criterion::{Criterion, criterion_group};
use mekong::app::Till;
use mekong::app::placements::{NewFollowUp, NewPlacement};
use mekong::domain::money::{Currency, Money};
use mekong::domain::placements::{
    self as rules, Agreement, Consent, Contract, Employer, EndReason, Job, Outcome, Sector, Wage,
};
use mekong::domain::staff::Action;
use std::hint::black_box;
use std::path::Path;
use std::time::Instant;

mod support;

const TRAINEES: usize = 1_500;
const PLACEMENTS: usize = 1_200;
const PARTNERS: usize = 20;
const NOW: &str = "2026-11-28T16:30:00+07:00";

fn today() -> NaiveDate {
    "2026-11-28".parse().unwrap()
}

/// Ten years of a programme: two cohorts of 75 women a year, six months of training each;
/// most graduates placed within three months, followed up at 1, 3, 6 and 12 months (a few not
/// reached at first, a few who said no to contact), some jobs ending.
fn programme(dir: &Path) -> Till {
    let mut till = support::open_at(dir, NOW);
    support::sign_in(&mut till, "Noy");
    let a = till.authorize(Action::ManageStaff).unwrap();
    let started = Instant::now();
    let first = today() - TimeDelta::days(3_650);
    // The trainees go straight into the database (1,500 PIN hashes would be the whole set-up).
    let mut women = Vec::new();
    {
        let conn = till.store().conn();
        conn.execute_batch("BEGIN").unwrap();
        for k in 0..TRAINEES {
            let start = first + TimeDelta::days((k / 75) as i64 * 182);
            let graduated = start + TimeDelta::days(180);
            let done = graduated <= today();
            let id = format!("bench-{k:05}");
            conn.execute(
                "INSERT INTO staff (id, nickname, role, pin_hash, created_at, status,
                                    status_since, track, started_on, planned_end,
                                    graduated_on, trained_until)
                 VALUES (?1, ?2, 'trainee', '', ?3, ?4, ?5, 'barista', ?3, ?6, ?5, ?5)",
                rusqlite::params![
                    id,
                    format!("Trainee {k:04}"),
                    start.to_string(),
                    if done { "graduated" } else { "active" },
                    done.then(|| graduated.to_string()),
                    graduated.to_string()
                ],
            )
            .unwrap();
            if done {
                women.push((mekong::domain::staff::StaffId(id), graduated));
            }
        }
        conn.execute_batch("COMMIT").unwrap();
    }
    let partners: Vec<_> = (0..PARTNERS)
        .map(|i| {
            let abroad = i % 10 == 9;
            let e = Employer::new(
                &format!("Partner {i:02}"),
                Sector::ALL[i % Sector::ALL.len()],
                if abroad { "Nong Khai" } else { "Vientiane" },
                if abroad { "Thailand" } else { "Laos" },
                "Ms Souk",
                "+856 20 5555 0101",
                Agreement::Signed,
                Some(first),
                "",
            )
            .unwrap();
            (till.put_employer(None, &e, &a).unwrap(), abroad)
        })
        .collect();
    let (mut placed, mut follow_ups) = (0, 0);
    for (k, (who, graduated)) in women.iter().enumerate() {
        if placed == PLACEMENTS {
            break;
        }
        if k % 7 == 3 {
            continue; // not placed
        }
        let start = *graduated + TimeDelta::days((k % 80) as i64);
        if start > today() {
            continue;
        }
        let (partner, abroad) = &partners[k % PARTNERS];
        let wage = if *abroad {
            Money::new(Currency::Thb, (8_000 + (k % 40) as i64 * 50) * 100)
        } else {
            Money::new(Currency::Lak, 1_800_000 + (k % 50) as i64 * 20_000)
        };
        let referred = *graduated - TimeDelta::days(10);
        let p = till
            .refer(
                &NewPlacement {
                    person: who.clone(),
                    employer: partner.clone(),
                    referred_on: referred,
                    job: Job::new("Barista", Contract::Permanent, 44, Wage::new(wage).unwrap())
                        .unwrap(),
                    consent: Some(Consent {
                        yes: k % 31 != 0,
                        on: referred,
                    }),
                },
                &a,
            )
            .unwrap();
        placed += 1;
        till.start_placement(p, start, &a).unwrap();
        if k % 31 == 0 {
            continue;
        }
        for month in rules::FOLLOW_UP_MONTHS {
            let Some(due) = start.checked_add_months(chrono::Months::new(month)) else {
                continue;
            };
            let on = due + TimeDelta::days((k % 5) as i64);
            if on > today() {
                break;
            }
            // One in nine is not reached at first, and reached a week later.
            let tries: &[bool] = if k % 9 == 0 { &[false, true] } else { &[true] };
            for (t, reached) in tries.iter().enumerate() {
                let outcome = if *reached {
                    let employed = k % 6 != 0 || month == 1;
                    Outcome::Reached {
                        employed,
                        same_employer: employed && k % 4 != 0,
                        wage: employed.then(|| Wage::new(wage).unwrap()),
                    }
                } else {
                    Outcome::NotReached
                };
                let on = on + TimeDelta::days(7 * t as i64);
                if on > today() {
                    break;
                }
                till.record_follow_up(
                    &NewFollowUp {
                        placement: p,
                        month,
                        on,
                        outcome,
                        note: String::new(),
                    },
                    &a,
                )
                .unwrap();
                follow_ups += 1;
            }
        }
        let end = start + TimeDelta::days(400);
        if k % 5 == 0 && end <= today() {
            till.end_placement(p, end, EndReason::BetterJob, &a)
                .unwrap();
        }
    }
    println!(
        "{TRAINEES} trainees, {placed} placements with {PARTNERS} partners, {follow_ups} follow-ups over ten years, written in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    till
}

fn placements(c: &mut Criterion) {
    let dir = tempfile::Builder::new()
        .prefix("placements-bench")
        .tempdir_in(env!("CARGO_TARGET_TMPDIR"))
        .unwrap();
    let till = programme(dir.path());
    let a = till.authorize(Action::ManageStaff).unwrap();
    let ten_years = today() - TimeDelta::days(3_650);
    let year = today() - TimeDelta::days(365);
    let i = till.indicators(ten_years, today()).unwrap();
    println!(
        "ten years: placement rate {:?}, retention at 12 months {}/{} (coverage {}/{}), {} partners",
        i.placement_rate.percent(),
        i.retention[2].employed,
        i.retention[2].due,
        i.retention[2].reached,
        i.retention[2].due,
        i.by_employer.len()
    );
    let mut g = c.benchmark_group("placements");
    g.bench_function("indicators_ten_years", |b| {
        b.iter(|| black_box(till.indicators(ten_years, today()).unwrap()))
    });
    g.bench_function("indicators_last_year", |b| {
        b.iter(|| black_box(till.indicators(year, today()).unwrap()))
    });
    // The badge on the People screen, worked out on every refresh of that screen.
    g.bench_function("follow_ups_due", |b| {
        b.iter(|| black_box(till.follow_ups_due(&a).unwrap()))
    });
    // The same indicators on records already read: what the store's reading costs.
    let conn = till.store().conn();
    let followed =
        mekong::store::placements::as_followed(&mekong::store::placements::followed(conn).unwrap());
    let graduates = mekong::store::placements::graduates(conn).unwrap();
    let trainees = mekong::store::placements::trainees(conn).unwrap();
    g.bench_function("indicators_ten_years_worked_out_only", |b| {
        b.iter(|| {
            black_box(rules::indicators(
                &rules::Programme {
                    placements: &followed,
                    graduates: &graduates,
                    trainees: &trainees,
                },
                ten_years,
                today(),
                today(),
            ))
        })
    });
    g.finish();
}

criterion_group!(benches, placements);

fn main() {
    benches();
    Criterion::default().configure_from_args().final_summary();
}
