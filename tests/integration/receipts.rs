//! A receipt is laid out once and rendered twice: the ESC/POS bytes must decode to exactly the
//! raster in the PNG, and the PNG must hold the Lao thank-you line.

use crate::common::*;
use mekong::domain::menu::Station;
use mekong::domain::money::{Money, Quantity};
use mekong::domain::order::{Selection, build_line};
use mekong::print::raster::Rasterizer;
use mekong::print::receipt::{Block, ReceiptDoc, Size, THANK_YOU_EN, THANK_YOU_LO};
use mekong::print::{RecordingPrinter, bitmap_from_png};

fn coffee_and_croissant(till: &mekong::app::Till) -> Vec<mekong::domain::order::OrderLine> {
    let m = till.menu();
    let mut sel = Selection::defaults(m, &"lao-coffee".into()).unwrap();
    sel.set_variant(m, &"lao-coffee".into(), "iced".into());
    sel.tap(m, &"sugar".into(), &"50".into());
    let coffee = build_line(m, &"lao-coffee".into(), &sel, Quantity::ONE).unwrap();
    let croissant = build_line(
        m,
        &"croissant".into(),
        &Selection::defaults(m, &"croissant".into()).unwrap(),
        Quantity::new(2).unwrap(),
    )
    .unwrap();
    vec![coffee, croissant]
}

fn single_line(text: &str) -> ReceiptDoc {
    ReceiptDoc {
        number: "x".into(),
        blocks: vec![Block::Centre {
            text: text.into(),
            size: Size::Normal,
            bold: true,
        }],
    }
}

#[test]
fn escpos_bytes_decode_to_the_png_raster_and_it_holds_the_lao_thank_you() {
    let dir = tempfile::tempdir().unwrap();
    let mut till = till_at(dir.path());
    let done = till
        .checkout_cash(&coffee_and_croissant(&till), Money::lak(100_000))
        .unwrap();
    assert!(done.print_error.is_none());
    let label = done.sale.receipt_label();
    let png = std::fs::read(dir.path().join(format!("receipts/{label}.png"))).unwrap();
    let bin = std::fs::read(dir.path().join(format!("receipts/{label}.bin"))).unwrap();

    let from_png = bitmap_from_png(&png).unwrap();
    let (from_escpos, cut) = decode_escpos(&bin);
    assert_eq!(from_png.width(), 576);
    assert!(
        from_png.height() > 400,
        "a real receipt is long: {}",
        from_png.height()
    );
    assert!(
        from_escpos == from_png,
        "ESC/POS raster {}x{} differs from PNG {}x{}",
        from_escpos.width(),
        from_escpos.height(),
        from_png.width(),
        from_png.height()
    );
    assert!(cut, "the paper is cut at the end");

    // The thank-you lines, shaped alone, appear dot for dot in the receipt.
    let mut r = Rasterizer::new(576);
    let lao = r.render(&single_line(THANK_YOU_LO));
    assert!(lao.any_black(0, 0, lao.width(), lao.height()));
    assert!(
        contains_image(&from_png, &lao),
        "Lao thank-you line missing"
    );
    let en = r.render(&ReceiptDoc {
        number: "x".into(),
        blocks: vec![Block::Centre {
            text: THANK_YOU_EN.into(),
            size: Size::Normal,
            bold: false,
        }],
    });
    assert!(
        contains_image(&from_png, &en),
        "English thank-you line missing"
    );
    // And a line that is not on the receipt is not found, so the search can fail.
    assert!(!contains_image(
        &from_png,
        &r.render(&single_line("ສະບາຍດີ"))
    ));
}

#[test]
fn lao_marks_stack_instead_of_standing_apart() {
    // ນ້ຳ has a tone mark and a vowel above one consonant: shaped, the marks sit over the base
    // and the word is about as wide as the consonant; unshaped, each mark would take room.
    let mut r = Rasterizer::new(576);
    let width_of = |r: &mut Rasterizer, t: &str| {
        let b = r.render(&single_line(t));
        let cols: Vec<u32> = (0..b.width())
            .filter(|&x| b.any_black(x, 0, x + 1, b.height()))
            .collect();
        cols.last().unwrap() - cols.first().unwrap()
    };
    let base = width_of(&mut r, "ນາ");
    let stacked = width_of(&mut r, "ນ້ຳ");
    assert!(
        stacked <= base + 4,
        "marks did not stack: {stacked} vs {base}"
    );
}

#[test]
fn a_print_failure_does_not_lose_the_sale() {
    let dir = tempfile::tempdir().unwrap();
    let mut till = till_with(dir.path(), Box::new(Jammed), "2026-11-28T10:30:00+07:00");
    let lines = coffee_and_croissant(&till);
    let done = till.checkout_cash(&lines, Money::lak(60_000)).unwrap();
    assert!(done.print_error.is_some());
    assert!(
        till.find_sale(&done.sale.receipt_label()).is_ok(),
        "the sale is committed"
    );

    // The receipt (and the bar's ticket for the coffee) wait in the queue. The till stops and
    // starts again with a working printer a minute later: each prints once, the receipt byte
    // for byte the fresh render.
    drop(till);
    let rec = RecordingPrinter::default();
    let mut till2 = till_with(
        dir.path(),
        Box::new(rec.clone()),
        "2026-11-28T10:31:00+07:00",
    );
    assert_eq!(till2.print_state().waiting, 2);
    assert!(till2.run_print_queue().unwrap().is_none());
    assert!(till2.run_print_queue().unwrap().is_none());
    let jobs = rec.jobs.lock().unwrap();
    let printed: Vec<&str> = jobs.iter().map(|j| j.number.as_str()).collect();
    assert_eq!(
        printed,
        ["VTE1-000001", "VTE1-000001-bar"],
        "each printed exactly once"
    );
    let sale = till2.find_sale("1").unwrap();
    assert!(jobs[0].raster == till2.render_receipt(&sale).unwrap().raster);
    assert!(decode_escpos(&jobs[0].escpos).0 == jobs[0].raster);
    assert_eq!(till2.print_state().waiting, 0);
}

#[test]
fn vat_on_the_receipt_follows_the_dated_schedule() {
    let dir = tempfile::tempdir().unwrap();
    let mut till = till_with(
        dir.path(),
        Box::new(RecordingPrinter::default()),
        "2024-04-30T16:00:00+07:00",
    );
    let lines = coffee_and_croissant(&till);
    let sale = till.checkout_cash(&lines, Money::lak(60_000)).unwrap().sale;
    // 56,000 × 7/107 = 3,663.55… → 3,664 before May 2024.
    assert_eq!(sale.vat_rate.percent(), rust_decimal::Decimal::from(7));
    assert_eq!(sale.vat, Money::lak(3_664));
}

fn qr_texts(bmp: &mekong::print::raster::Bitmap) -> Vec<String> {
    let mut img = rqrr::PreparedImage::prepare_from_greyscale(
        bmp.width() as usize,
        bmp.height() as usize,
        |x, y| {
            if bmp.get(x as u32, y as u32) { 0 } else { 255 }
        },
    );
    img.detect_grids()
        .into_iter()
        .filter_map(|g| g.decode().ok())
        .map(|(_, text)| text)
        .collect()
}

#[test]
fn a_configured_qr_code_is_printed_and_scans_back_to_its_url() {
    let dir = tempfile::tempdir().unwrap();
    let mut config = crate::common::english();
    config.site.receipt_qr = Some("https://example.org/made-in-mekong/story".into());
    config.site.receipt_qr_caption = Some("ເລື່ອງຂອງພວກເຮົາ · Our story".into());
    let rec = RecordingPrinter::default();
    let mut till = crate::common::signed_in(
        mekong::app::Till::open_with(
            dir.path(),
            config,
            Box::new(rec.clone()),
            Box::new(FixedClock(vientiane("2026-11-28T10:30:00+07:00"))),
        )
        .unwrap(),
        "Noy",
    );
    let lines = coffee_and_croissant(&till);
    till.checkout_cash(&lines, Money::lak(60_000)).unwrap();
    let jobs = rec.jobs.lock().unwrap();
    // What the printer receives is what scans: the QR is in the ESC/POS raster itself.
    let (printed, _) = decode_escpos(&jobs[0].escpos);
    assert_eq!(
        qr_texts(&printed),
        vec!["https://example.org/made-in-mekong/story".to_string()]
    );
}

#[test]
fn no_qr_code_unless_configured() {
    let dir = tempfile::tempdir().unwrap();
    let rec = RecordingPrinter::default();
    let mut till = till_with(
        dir.path(),
        Box::new(rec.clone()),
        "2026-11-28T10:30:00+07:00",
    );
    let lines = coffee_and_croissant(&till);
    till.checkout_cash(&lines, Money::lak(60_000)).unwrap();
    assert!(qr_texts(&rec.jobs.lock().unwrap()[0].raster).is_empty());
}

#[test]
fn each_station_gets_a_ticket_with_only_what_it_makes() {
    let dir = tempfile::tempdir().unwrap();
    let mut config = crate::common::english();
    config.tickets.stations = vec![Station::Bar, Station::Kitchen];
    let rec = RecordingPrinter::default();
    let mut till = crate::common::signed_in(
        mekong::app::Till::open_with(
            dir.path(),
            config,
            Box::new(rec.clone()),
            Box::new(FixedClock(vientiane("2026-11-28T10:30:00+07:00"))),
        )
        .unwrap(),
        "Noy",
    );
    let mut lines = coffee_and_croissant(&till);
    lines[0].note = "no straw".into();
    till.checkout_cash(&lines, Money::lak(100_000)).unwrap();
    let jobs = rec.jobs.lock().unwrap();
    let printed: Vec<&str> = jobs.iter().map(|j| j.number.as_str()).collect();
    assert_eq!(
        printed,
        ["VTE1-000001", "VTE1-000001-bar", "VTE1-000001-kitchen"]
    );

    let mut r = Rasterizer::new(576);
    let mut row = |text: &str| {
        r.render(&ReceiptDoc {
            number: "x".into(),
            blocks: vec![Block::Row {
                left: text.into(),
                right: String::new(),
                size: Size::Large,
                bold: true,
                indent: 0,
            }],
        })
    };
    let coffee = row("1 × Lao coffee with condensed milk (Iced)");
    let croissants = row("2 × Croissant");
    let (bar, kitchen) = (&jobs[1].raster, &jobs[2].raster);
    assert!(contains_image(bar, &coffee) && !contains_image(bar, &croissants));
    assert!(contains_image(kitchen, &croissants) && !contains_image(kitchen, &coffee));
    for ticket in [&jobs[1].escpos, &jobs[2].escpos] {
        assert!(decode(ticket).cut, "each ticket is cut off on its own");
    }
    let doc = ReceiptDoc::ticket(&till.find_sale("1").unwrap(), Station::Bar);
    let texts: Vec<String> = doc
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Row { left, .. } | Block::Centre { text: left, .. } => Some(left.clone()),
            _ => None,
        })
        .collect();
    assert!(texts.iter().any(|t| t == "ບາ · BAR"), "{texts:?}");
    assert!(
        texts.iter().any(|t| t.contains("Sugar 50 %")),
        "modifiers: {texts:?}"
    );
    assert!(
        texts.iter().any(|t| t.contains("no straw")),
        "note: {texts:?}"
    );
    assert!(
        !texts.iter().any(|t| t.contains('₭')),
        "no prices on a ticket: {texts:?}"
    );
}
