//! The People screen and a roster week for 200 people with five years of roster and clock
//! records each (about 1.3 million clock events): what their screens are built from. Run:
//! `cargo bench --bench people`. Budget (issue "People"): each screen's model in under 16 ms.

use chrono::NaiveDate;
use criterion::{Criterion, criterion_group};
use mekong::app::{Till, demo};
use mekong::domain::staff::{Action, Role};
use std::hint::black_box;
use std::path::Path;
use std::time::Instant;

mod support;

fn open(dir: &Path) -> Till {
    support::open_at(dir, "2026-11-28T16:30:00+07:00")
}

const PEOPLE: usize = 200;
const DAYS: u32 = 1825;

/// The demo team and 196 trainees in ten cohorts, each with five years of roster and clock.
fn two_hundred(dir: &Path) -> Till {
    let mut till = open(dir);
    support::sign_in(&mut till, "Noy");
    let a = till.authorize(Action::ManageStaff).unwrap();
    let started = Instant::now();
    let day = |d: &str| d.parse::<NaiveDate>().unwrap();
    let cohorts: Vec<_> = (0..10)
        .map(|i| {
            till.add_cohort(
                &format!("Cohort {i}"),
                day("2022-01-01"),
                day("2027-06-30"),
                &a,
            )
            .unwrap()
        })
        .collect();
    for i in 0..PEOPLE - 4 {
        let p = till
            .add_staff(&format!("Trainee {i:03}"), Role::Trainee, "4826", &a)
            .unwrap();
        let mut programme = till.person(&p.id, &a).unwrap().programme;
        programme.cohort = Some(cohorts[i % cohorts.len()].id.clone());
        till.set_programme(&p.id, programme, &a).unwrap();
    }
    let today = day("2026-11-28");
    let shifts = demo::fill_roster_for_everyone(&mut till, DAYS, 42, today).unwrap();
    let events = mekong::store::clock::count_events(till.store().conn()).unwrap();
    println!(
        "{PEOPLE} people, {shifts} roster shifts, {events} clock events over {DAYS} days, written in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    till
}

fn people(c: &mut Criterion) {
    let dir = tempfile::Builder::new()
        .prefix("people-bench")
        .tempdir_in(env!("CARGO_TARGET_TMPDIR"))
        .unwrap();
    let till = two_hundred(dir.path());
    let db = std::fs::metadata(dir.path().join("mekong.sqlite"))
        .unwrap()
        .len();
    println!("database: {:.1} MB", db as f64 / 1e6);
    let noy = till.on_duty().unwrap().id.clone();
    let a = till.authorize(Action::ManageStaff).unwrap();
    let today = "2026-11-28".parse::<NaiveDate>().unwrap();
    let someone = till.people(&a).unwrap()[100].id.clone();
    let week = till.roster_week(today, &a).unwrap();
    println!(
        "roster week: {} rows, {} cohorts",
        week.rows.len(),
        week.cohorts.len()
    );
    assert_eq!(week.rows.len(), PEOPLE);
    let mut g = c.benchmark_group("people_200_by_5_years");
    // What the People screen reads per refresh: everyone and the cohorts (the list), and the
    // page of the person chosen (her week and month of hours and attendance).
    g.bench_function("people_list", |b| {
        b.iter(|| {
            black_box(till.people(&a).unwrap());
            black_box(till.cohorts().unwrap())
        })
    });
    g.bench_function("person_page_hours", |b| {
        b.iter(|| black_box(till.person_hours(&someone, &a).unwrap()))
    });
    // What the roster screen reads per refresh: a week of everyone's plans and clock records,
    // attendance and hours per person and cohort.
    g.bench_function("roster_week", |b| {
        b.iter(|| black_box(till.roster_week(today, &a).unwrap()))
    });
    g.bench_function("clock_state_of_one", |b| {
        b.iter(|| black_box(till.clock_state(&noy).unwrap()))
    });
    g.finish();
}

criterion_group!(benches, people);

fn main() {
    benches();
    Criterion::default().configure_from_args().final_summary();
}
