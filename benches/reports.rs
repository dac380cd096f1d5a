//! Reports over five years of demo history (`mekong demo --days 1825`): the X report of a busy
//! open shift (the same sums a Z report is made of at closing), a month's sales report, and
//! opening the till on that database. Run: `cargo bench --bench reports`.
//! Budget (DESIGN.md): Z report and month report ≤ 20 ms.

use chrono::{Days, NaiveDate};
use criterion::{Criterion, criterion_group};
use mekong::app::{Till, demo};
use mekong::domain::money::Money;
use mekong::domain::session::CashCount;
use std::hint::black_box;
use std::path::Path;
use std::time::Instant;

mod support;

fn open(dir: &Path) -> Till {
    support::open_at(dir, "2026-11-28T16:30:00+07:00")
}

const DAYS: u32 = 1825;

/// Five years of history, then today's shift open with 140 sales.
fn five_years(dir: &Path) -> Till {
    let mut till = open(dir);
    demo::add_demo_staff(&mut till).unwrap();
    let today = NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
    let started = Instant::now();
    let n = demo::fill_history(&mut till, DAYS, 42, today).unwrap();
    println!(
        "history: {n} sales over {DAYS} days written in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    support::sign_in(&mut till, "Noy");
    till.open_session(&CashCount::made_up(Money::lak(400_000)))
        .unwrap();
    let menu = till.menu().clone();
    let latte = menu.item(&"latte".into()).unwrap().id.clone();
    let sel = mekong::domain::order::Selection::defaults(&menu, &latte).unwrap();
    let line = mekong::domain::order::build_line(
        &menu,
        &latte,
        &sel,
        mekong::domain::money::Quantity::ONE,
    )
    .unwrap();
    for _ in 0..140 {
        till.checkout_cash(std::slice::from_ref(&line), Money::lak(50_000))
            .unwrap();
    }
    till
}

fn reports(c: &mut Criterion) {
    let dir = tempfile::Builder::new()
        .prefix("reports-bench")
        .tempdir_in(env!("CARGO_TARGET_TMPDIR"))
        .unwrap();
    let till = five_years(dir.path());
    let db = std::fs::metadata(dir.path().join("mekong.sqlite"))
        .unwrap()
        .len();
    println!("database: {:.1} MB", db as f64 / 1e6);
    let today = NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
    let month_ago = today.checked_sub_days(Days::new(30)).unwrap();
    let x = till.x_report().unwrap();
    let month = till.sales_report(month_ago, today).unwrap();
    println!(
        "X report: {} sales; month report: {} sales, {} items",
        x.sales,
        month.sales,
        month.by_item.iter().map(|l| l.count).sum::<i64>()
    );
    let mut g = c.benchmark_group("reports_5_years");
    g.bench_function("x_report_of_open_shift", |b| {
        b.iter(|| black_box(till.x_report().unwrap()))
    });
    g.bench_function("last_z_report_read", |b| {
        b.iter(|| black_box(till.z_report(None).unwrap()))
    });
    g.bench_function("month_sales_report", |b| {
        b.iter(|| black_box(till.sales_report(month_ago, today).unwrap()))
    });
    g.sample_size(20);
    g.bench_function("open_till", |b| b.iter(|| black_box(open(dir.path()))));
    // The order's UUID has no index (a sale writes one b-tree page less): `mekong receipt
    // --order UUID` reads the sales until it finds it. The newest sale's UUID: all are read.
    let newest: String = till
        .store()
        .conn()
        .query_row(
            "SELECT id FROM orders ORDER BY receipt_no DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    g.sample_size(10);
    g.bench_function("find_sale_by_uuid", |b| {
        b.iter(|| black_box(till.find_sale(&newest).unwrap()))
    });
    g.finish();
}

criterion_group!(benches, reports);

fn main() {
    benches();
    Criterion::default().configure_from_args().final_summary();
}
