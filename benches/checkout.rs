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
    // The commit of a sale: receipt number, order, lines, modifiers and tender in one
    // BEGIN IMMEDIATE transaction, as `Till::checkout_cash` does before it prints.
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
    // The layout's floor, for comparison only (not how the till stores a sale): the same
    // sale written as one row, its lines and tenders as JSON in it, with its receipt number
    // taken in the same transaction and its body hashed. What a sale would cost if it were one
    // b-tree entry; see BENCHMARKS.md.
    let one_row = one_row_connection(dir.path());
    let mut receipt = 0i64;
    g.bench_function("one_row_sale", |b| {
        b.iter(|| {
            receipt += 1;
            black_box(write_one_row(&one_row, &sale, receipt))
        });
    });
    let one_row_pages = {
        let sub = dir.path().join("pages-one-row");
        std::fs::create_dir_all(&sub).unwrap();
        let c = one_row_connection(&sub);
        c.execute_batch("PRAGMA wal_autocheckpoint = 0").unwrap();
        write_one_row(&c, &sale, 1);
        let wal = sub.join("one-row.sqlite-wal");
        let before = std::fs::metadata(&wal).unwrap().len();
        for no in 2..=201 {
            write_one_row(&c, &sale, no);
        }
        let after = std::fs::metadata(&wal).unwrap().len();
        (after - before) as f64 / 200.0 / (24.0 + 4096.0)
    };
    println!("WAL pages written per commit: one-row sale {one_row_pages:.2}");
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

/// A database with sales kept one row each (lines and tenders as JSON) in a rowid table keyed
/// by the receipt number (one till per file), so a sale is appended at the right edge of one
/// b-tree and its ~1.5 KB fits in the leaf (a WITHOUT ROWID table spills a row that size onto
/// an overflow page): the layout floor.
fn one_row_connection(dir: &Path) -> Connection {
    let c = Connection::open(dir.join("one-row.sqlite")).unwrap();
    let _: String = c
        .query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))
        .unwrap();
    c.execute_batch(
        "PRAGMA synchronous = FULL;
         CREATE TABLE sales (
             receipt_no INTEGER PRIMARY KEY, till_id TEXT NOT NULL, id TEXT NOT NULL,
             created_at TEXT NOT NULL, business_day TEXT NOT NULL, gross INTEGER NOT NULL,
             vat INTEGER NOT NULL, change_given INTEGER NOT NULL, staff_id TEXT,
             lines TEXT NOT NULL, tenders TEXT NOT NULL, hash TEXT NOT NULL);",
    )
    .unwrap();
    c
}

/// Writes `sale` as receipt `no` of the one-row layout: lines and tenders as JSON, the body
/// hashed, the number checked against the last in the same transaction.
fn write_one_row(c: &Connection, sale: &mekong::domain::sale::Sale, no: i64) -> usize {
    use sha2::Digest;
    let lines = serde_json::to_string(&sale.lines).unwrap();
    let tenders = serde_json::to_string(
        &sale
            .tenders
            .iter()
            .map(|t| {
                serde_json::json!({
                    "kind": format!("{:?}", t.kind), "currency": t.amount.currency().code(),
                    "amount": t.amount.minor(), "value": t.value.minor(), "rate": t.rate,
                })
            })
            .collect::<Vec<_>>(),
    )
    .unwrap();
    let hash = format!(
        "{:x}",
        sha2::Sha256::digest(format!("{lines}{tenders}").as_bytes())
    );
    c.execute_batch("BEGIN IMMEDIATE").unwrap();
    let last: i64 = c
        .prepare_cached("SELECT coalesce(max(receipt_no), 0) FROM sales")
        .unwrap()
        .query_row([], |r| r.get(0))
        .unwrap();
    assert_eq!(last + 1, no);
    let n = c
        .prepare_cached(
            "INSERT INTO sales VALUES (?1, 'VTE1', ?2, ?3, '2026-11-28', ?4, ?5, ?6, 'noy', ?7, ?8, ?9)",
        )
        .unwrap()
        .execute(rusqlite::params![
            no,
            uuid::Uuid::now_v7().to_string(),
            sale.created_at.to_rfc3339(),
            sale.gross.minor(),
            sale.vat.minor(),
            sale.change_given.minor(),
            lines,
            tenders,
            hash
        ])
        .unwrap();
    c.execute_batch("COMMIT").unwrap();
    n
}

/// A month of sales (6,000) in the one-row layout, summed by item through `json_each`: what
/// the by-item report would cost reading JSON.
fn one_row_month(c: &mut Criterion) {
    let dir = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    let mut till = signed_in(
        support::open_at(dir.path(), "2026-11-28T10:30:00+07:00"),
        "Noy",
    );
    let order = typical_order(&till);
    let sale = till
        .checkout_cash(&order, Money::lak(100_000))
        .unwrap()
        .sale;
    let db = one_row_connection(dir.path());
    db.execute_batch("PRAGMA synchronous = OFF").unwrap();
    for no in 1..=6_000 {
        write_one_row(&db, &sale, no);
    }
    let mut g = c.benchmark_group("one_row_layout");
    g.bench_function("month_by_item_from_json", |b| {
        b.iter(|| {
            let mut stmt = db
                .prepare_cached(
                    "SELECT json_extract(l.value, '$.item'), sum(json_extract(l.value, '$.qty')),
                            sum(json_extract(l.value, '$.qty') * json_extract(l.value, '$.unit_price.minor'))
                     FROM sales s, json_each(s.lines) l
                     WHERE s.receipt_no BETWEEN 1 AND 6000 GROUP BY 1",
                )
                .unwrap();
            let rows: Vec<(String, i64, i64)> = stmt
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
                .unwrap()
                .collect::<Result<_, _>>()
                .unwrap();
            black_box(rows)
        })
    });
    g.finish();
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

criterion_group!(benches, commits, one_row_month, receipts);

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
    if let (Some(bare), Some(one_row)) = (
        mean_ns("durable_commit", "bare_one_row"),
        mean_ns("durable_commit", "one_row_sale"),
    ) {
        println!(
            "the same sale as one row (layout floor, not shipped): {:.3} ms = {:.2}× a bare commit",
            one_row / 1e6,
            one_row / bare
        );
    }
    if let Some(r) = mean_ns("receipt", "rasterise_lao_receipt") {
        println!("Lao receipt rasterised in {:.2} ms (budget 10 ms)", r / 1e6);
    }
}
