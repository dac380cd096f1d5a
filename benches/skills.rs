//! The skills progress matrix for 200 trainees × 40 competencies with five years of evidence,
//! and the sign-off queue and a trainee's page on the same data. Run:
//! `cargo bench --bench skills`. Budget (issue "Skills"): the matrix's model in under 16 ms.

use chrono::NaiveDate;
use criterion::{Criterion, criterion_group};
use mekong::app::{Till, demo};
use mekong::domain::people::Track;
use mekong::domain::staff::{Action, Role};
use std::hint::black_box;
use std::path::Path;
use std::time::Instant;

mod support;

const TRAINEES: usize = 200;
const COMPETENCIES: usize = 40;
const DAYS: u32 = 1825;

fn open(dir: &Path) -> Till {
    support::open_at(dir, "2026-11-28T16:30:00+07:00")
}

/// 200 trainees on the barista track of a 40-competency framework, each with five years of
/// evidence, some signed off.
fn programme(dir: &Path) -> Till {
    std::fs::write(
        dir.join("skills.toml"),
        demo::wide_skills_framework(COMPETENCIES),
    )
    .unwrap();
    let mut till = open(dir);
    support::sign_in(&mut till, "Noy");
    let a = till.authorize(Action::ManageStaff).unwrap();
    let started = Instant::now();
    let everyone: Vec<_> = till
        .staff()
        .unwrap()
        .into_iter()
        .map(|e| e.staff.id)
        .collect();
    let mut ids: Vec<_> = everyone
        .into_iter()
        .filter(|id| till.person(id, &a).unwrap().role == Role::Trainee)
        .collect();
    while ids.len() < TRAINEES {
        let p = till
            .add_staff(
                &format!("Trainee {:03}", ids.len()),
                Role::Trainee,
                "4826",
                &a,
            )
            .unwrap();
        ids.push(p.id);
    }
    for id in &ids {
        let mut programme = till.person(id, &a).unwrap().programme;
        programme.track = Some(Track::Barista);
        till.set_programme(id, programme, &a).unwrap();
    }
    let today = "2026-11-28".parse::<NaiveDate>().unwrap();
    let pieces = demo::fill_skills_for_everyone(&mut till, "Noy", DAYS, 42, today).unwrap();
    println!(
        "{TRAINEES} trainees × {COMPETENCIES} competencies, {pieces} pieces of evidence over {DAYS} days, written in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    till
}

fn skills(c: &mut Criterion) {
    let dir = tempfile::Builder::new()
        .prefix("skills-bench")
        .tempdir_in(env!("CARGO_TARGET_TMPDIR"))
        .unwrap();
    let mut till = programme(dir.path());
    let a = till.authorize(Action::ManageStaff).unwrap();
    let matrix = till.progress_matrix(Track::Barista, None, &a).unwrap();
    assert_eq!(matrix.people.len(), TRAINEES);
    assert_eq!(matrix.competencies.len(), COMPETENCIES);
    let someone = matrix.people[100].0.clone();
    let mut g = c.benchmark_group("skills");
    g.bench_function("progress_matrix", |b| {
        b.iter(|| black_box(till.progress_matrix(Track::Barista, None, &a).unwrap()))
    });
    g.bench_function("ready_for_sign_off", |b| {
        b.iter(|| black_box(till.ready_for_sign_off(&a).unwrap()))
    });
    g.bench_function("trainee_page", |b| {
        b.iter(|| black_box(till.skills_of(&someone, &a).unwrap()))
    });
    // Her certificate, for the trainee with the most competencies signed off: read, laid out,
    // written as PDF with its fonts to a new file (synced), journalled and logged (one durable
    // commit each).
    let (most, signed) = matrix
        .people
        .iter()
        .zip(&matrix.cells)
        .map(|((id, _), cells)| (id.clone(), cells.iter().filter(|c| c.signed_off).count()))
        .max_by_key(|(_, n)| *n)
        .unwrap();
    let (_, file) = till
        .certificate(&most, "Trainee with a long name", &a, None)
        .unwrap();
    println!(
        "certificate: {signed} competencies signed off, {} KB of PDF",
        std::fs::metadata(file).unwrap().len() / 1024
    );
    g.sample_size(20);
    g.bench_function("certificate", |b| {
        b.iter(|| {
            black_box(
                till.certificate(&most, "Trainee with a long name", &a, None)
                    .unwrap(),
            )
        })
    });
    g.finish();
}

criterion_group!(benches, skills);

fn main() {
    benches();
    Criterion::default().configure_from_args().final_summary();
}
