//! Checkout commit against a bare durable SQLite commit on the same disk, and receipt
//! rasterisation. Run: `cargo bench --bench checkout`. The ratio is printed at the end and
//! recorded in BENCHMARKS.md (budget: checkout ≤ 1.5× bare commit; receipt ≤ 10 ms).

use criterion::{Criterion, criterion_group};
use mekong::app::Till;
use mekong::domain::money::{Money, Quantity};
use mekong::domain::order::{OrderLine, Selection, build_line};
use mekong::domain::sale::OrderId;
use mekong::print::escpos_bytes;
use mekong::print::raster::Rasterizer;
use mekong::print::receipt::ReceiptDoc;
use mekong::store::sales;
use rusqlite::Connection;
use std::hint::black_box;
use std::path::Path;

mod support;

/// The till with the demo staff and `nickname` signed in (a sale records who took it), and
/// the till open.
fn signed_in(mut till: Till, nickname: &str) -> Till {
    support::sign_in(&mut till, nickname);
    if till.session().unwrap().is_none() {
        till.open_session(&Default::default()).unwrap();
    }
    till
}

fn typical_order(till: &Till) -> Vec<OrderLine> {
    let m = till.menu();
    let mut coffee = Selection::defaults(m, &"lao-coffee".into()).unwrap();
    coffee.set_variant(m, &"lao-coffee".into(), "iced".into());
    coffee.tap(m, &"sugar".into(), &"50".into());
    let mut latte = Selection::defaults(m, &"latte".into()).unwrap();
    latte.tap(m, &"milk".into(), &"oat".into());
    vec![
        build_line(m, &"lao-coffee".into(), &coffee, Quantity::ONE).unwrap(),
        build_line(m, &"latte".into(), &latte, Quantity::ONE).unwrap(),
        build_line(
            m,
            &"croissant".into(),
            &Selection::defaults(m, &"croissant".into()).unwrap(),
            Quantity::new(2).unwrap(),
        )
        .unwrap(),
    ]
}

fn bare_connection(dir: &Path) -> Connection {
    let c = Connection::open(dir.join("bare.sqlite")).unwrap();
    let _: String = c
        .query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))
        .unwrap();
    c.execute_batch(
        "PRAGMA synchronous = FULL; CREATE TABLE t (id INTEGER PRIMARY KEY, v INTEGER NOT NULL);",
    )
    .unwrap();
    c
}

fn commits(c: &mut Criterion) {
    // Both databases live in one directory next to the build, so they share a disk.
    let dir = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    let bare = bare_connection(dir.path());
    let data = dir.path().join("till");
    std::fs::create_dir_all(&data).unwrap();
    let mut till = signed_in(support::open_at(&data, "2026-11-28T10:30:00+07:00"), "Noy");
    let order = typical_order(&till);
    let mut g = c.benchmark_group("durable_commit");
    g.bench_function("bare_one_row", |b| {
        let mut n = 0i64;
        b.iter(|| {
            n += 1;
            bare.execute_batch("BEGIN IMMEDIATE").unwrap();
            bare.execute("INSERT INTO t (v) VALUES (?1)", [n]).unwrap();
            bare.execute_batch("COMMIT").unwrap();
        })
    });
    // The commit of a sale: its receipt number and the chain's head read, its record built
    // and hashed, its one row written, in one BEGIN IMMEDIATE transaction, as
    // `Till::checkout_cash` does before it prints.
    let sale = till
        .checkout_cash(&order, Money::lak(100_000))
        .unwrap()
        .sale;
    g.bench_function("checkout", |b| {
        b.iter(|| {
            let mut s = sale.clone();
            s.id = OrderId(uuid::Uuid::now_v7().to_string());
            black_box(sales::record_sale(till.store_mut(), s).unwrap())
        });
    });
    // The same commit's work without the disk: an in-memory database (no sync, no WAL), to
    // tell the CPU's share from the pages'.
    let mut memory = mekong::store::Store::open_in_memory().unwrap();
    let anonymous = mekong::domain::sale::Sale {
        served_by: None,
        ..sale.clone()
    };
    g.bench_function("checkout_in_memory", |b| {
        b.iter(|| {
            let mut s = anonymous.clone();
            s.id = OrderId(uuid::Uuid::now_v7().to_string());
            black_box(sales::record_sale(&mut memory, s).unwrap())
        });
    });
    // The whole checkout when printing runs inline: checks, the sale's commit, then the queue
    // (the job made, marked sending, the receipt rendered and encoded, the job deleted). On its
    // own data directory: the commits above left thousands of sales waiting for receipts.
    let inline_dir = dir.path().join("inline");
    std::fs::create_dir_all(&inline_dir).unwrap();
    let mut inline = signed_in(
        support::open_at(&inline_dir, "2026-11-28T10:30:00+07:00"),
        "Noy",
    );
    g.bench_function("checkout_with_receipt", |b| {
        b.iter(|| black_box(inline.checkout_cash(&order, Money::lak(100_000)).unwrap()));
    });
    g.finish();
    println!(
        "WAL pages written per commit: bare {:.2}, checkout {:.2}",
        wal_pages_per_commit(dir.path(), None),
        wal_pages_per_commit(dir.path(), Some(&order))
    );
}

/// Pages a commit appends to the write-ahead log (what the disk has to take before its sync):
/// bare one-row commits, or sale commits of `order`, 200 of them from a fresh database.
fn wal_pages_per_commit(dir: &Path, order: Option<&[OrderLine]>) -> f64 {
    let sub = dir.join(if order.is_some() {
        "pages-checkout"
    } else {
        "pages-bare"
    });
    std::fs::create_dir_all(&sub).unwrap();
    let (wal, mut commit): (_, Box<dyn FnMut()>) = match order {
        None => {
            let c = bare_connection(&sub);
            c.execute_batch("PRAGMA wal_autocheckpoint = 0").unwrap();
            let mut n = 0;
            (
                sub.join("bare.sqlite-wal"),
                Box::new(move || {
                    n += 1;
                    c.execute_batch(&format!(
                        "BEGIN IMMEDIATE; INSERT INTO t (v) VALUES ({n}); COMMIT;"
                    ))
                    .unwrap();
                }),
            )
        }
        Some(order) => {
            let mut till = signed_in(support::open_at(&sub, "2026-11-28T10:30:00+07:00"), "Noy");
            till.store()
                .conn()
                .execute_batch("PRAGMA wal_autocheckpoint = 0")
                .unwrap();
            let sale = till.checkout_cash(order, Money::lak(100_000)).unwrap().sale;
            (
                sub.join(mekong::app::DB_FILE).with_extension("sqlite-wal"),
                Box::new(move || {
                    let mut s = sale.clone();
                    s.id = OrderId(uuid::Uuid::now_v7().to_string());
                    sales::record_sale(till.store_mut(), s).unwrap();
                }),
            )
        }
    };
    commit();
    let before = std::fs::metadata(&wal).unwrap().len();
    for _ in 0..200 {
        commit();
    }
    let after = std::fs::metadata(&wal).unwrap().len();
    // A WAL frame is a 24-byte header and a 4 KiB page.
    (after - before) as f64 / 200.0 / (24.0 + 4096.0)
}

fn receipts(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let mut till = signed_in(
        support::open_at(dir.path(), "2026-11-28T10:30:00+07:00"),
        "Noy",
    );
    let order = typical_order(&till);
    let sale = till
        .checkout_cash(&order, Money::lak(100_000))
        .unwrap()
        .sale;
    let doc = ReceiptDoc::for_sale(&sale, &till.config().site);
    let mut r = Rasterizer::new(576);
    let raster = r.render(&doc);
    let mut g = c.benchmark_group("receipt");
    g.bench_function("rasterise_lao_receipt", |b| {
        b.iter(|| black_box(r.render(&doc)))
    });
    g.bench_function("encode_escpos", |b| {
        b.iter(|| black_box(escpos_bytes(&raster).unwrap()))
    });
    g.finish();
    println!(
        "receipt: {}×{} dots, {} ESC/POS bytes",
        raster.width(),
        raster.height(),
        escpos_bytes(&raster).unwrap().len()
    );
}

/// Criterion's point estimate of the mean, in nanoseconds, from its saved results.
fn mean_ns(group: &str, bench: &str) -> Option<f64> {
    let path = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("../criterion")
        .join(group)
        .join(bench)
        .join("new/estimates.json");
    let v: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(path).ok()?).ok()?;
    v["mean"]["point_estimate"].as_f64()
}

criterion_group!(benches, commits, receipts);

fn main() {
    benches();
    Criterion::default().configure_from_args().final_summary();
    if let (Some(bare), Some(checkout)) = (
        mean_ns("durable_commit", "bare_one_row"),
        mean_ns("durable_commit", "checkout"),
    ) {
        println!(
            "checkout commit {:.3} ms / bare one-row commit {:.3} ms = {:.2}× (budget 1.5×)",
            checkout / 1e6,
            bare / 1e6,
            checkout / bare
        );
    }
    if let Some(r) = mean_ns("receipt", "rasterise_lao_receipt") {
        println!("Lao receipt rasterised in {:.2} ms (budget 10 ms)", r / 1e6);
    }
}
