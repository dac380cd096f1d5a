//! The till through Slint's testing backend, found by what a person sees on screen.

use crate::common::*;
use mekong::store::{Store, sales};

#[test]
fn takes_an_order_pays_cash_and_prints_a_receipt() {
    let dir = tempfile::tempdir().unwrap();
    let ui = ui_at(dir.path());

    // Iced Lao coffee, sugar 50 %.
    tap(&ui, "Lao coffee");
    tap(&ui, "Lao coffee with condensed milk");
    tap(&ui, "Iced");
    tap(&ui, "Sugar 50 %");
    assert_eq!(value(&ui, "Price"), "20,000 ₭");
    assert_eq!(button(&ui, "Sugar 50 %").accessible_checked(), Some(true));
    tap(&ui, "Add to order");
    // A croissant has no options: one tap adds it.
    tap(&ui, "Bakery");
    tap(&ui, "Croissant");
    assert_eq!(value(&ui, "Total"), "38,000 ₭");
    // 38,000 × 10/110 = 3,454.54… → 3,455 kip of VAT contained.
    assert_eq!(value(&ui, "VAT included"), "3,455 ₭");

    // Undo takes back the last action only.
    tap(&ui, "+");
    assert_eq!(value(&ui, "Total"), "58,000 ₭");
    tap(&ui, "Undo");
    assert_eq!(value(&ui, "Total"), "38,000 ₭");

    tap(&ui, "Pay 38,000 ₭");
    // Quick tenders: exact, then the next round sums in 20,000 / 50,000 / 100,000 notes.
    for quick in ["38,000 ₭", "40,000 ₭", "50,000 ₭", "100,000 ₭"] {
        assert_eq!(buttons(&ui, quick).len(), 1, "quick tender {quick}");
    }
    tap(&ui, "50,000 ₭");
    assert_eq!(value(&ui, "Change due"), "12,000 ₭");
    tap(&ui, "Done");

    // Back to a new, empty order; the status line tells what happened.
    assert!(!has_label(&ui, "Change due"));
    assert_eq!(value(&ui, "Total"), "0 ₭");
    assert!(value(&ui, "Status").contains("VTE1-000001"));

    let store = Store::open(&dir.path().join("mekong.sqlite")).unwrap();
    let sale = sales::find_sale(store.conn(), "VTE1-000001")
        .unwrap()
        .expect("sale stored");
    assert_eq!(sale.gross.minor(), 38_000);
    assert_eq!(sale.vat.minor(), 3_455);
    assert_eq!(sale.net.minor(), 34_545);
    assert_eq!(sale.change_given.minor(), 12_000);
    assert_eq!(sale.tenders[0].amount.minor(), 50_000);
    assert_eq!(sale.lines.len(), 2);
    let coffee = &sale.lines[0];
    assert_eq!(
        (coffee.item.as_str(), coffee.variant.as_str()),
        ("lao-coffee", "iced")
    );
    assert!(
        coffee
            .modifiers
            .iter()
            .any(|m| m.group.as_str() == "sugar" && m.option.as_str() == "50")
    );
    assert_eq!(sale.lines[1].item.as_str(), "croissant");
    assert!(dir.path().join("receipts/VTE1-000001.png").is_file());
    assert!(dir.path().join("receipts/VTE1-000001.bin").is_file());
}

#[test]
fn switches_to_lao_and_back_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let ui = ui_at(dir.path());
    assert!(has_label(&ui, "Total"));
    tap(&ui, "ພາສາລາວ / English");
    // Menu names, categories and the screen's own words are all Lao.
    assert_eq!(buttons(&ui, "ກາເຟລາວ").len(), 1, "category tab in Lao");
    assert!(
        !buttons(&ui, "ກາເຟລາວເຢັນ · ນ້ຳຕານ 25\u{a0}%").is_empty(),
        "a favourite in Lao"
    );
    tap(&ui, "ກາເຟລາວ");
    assert_eq!(buttons(&ui, "ກາເຟລາວນົມຂົ້ນ").len(), 1, "item in Lao");
    assert!(has_label(&ui, "ລວມທັງໝົດ"), "Total in Lao");
    assert!(!buttons(&ui, "ຍ້ອນຄືນ").is_empty(), "Undo in Lao");
    tap(&ui, "ກາເຟລາວນົມຂົ້ນ");
    assert!(!buttons(&ui, "ເຢັນ").is_empty(), "variant Iced in Lao");
    assert!(!buttons(&ui, "ເພີ່ມໃສ່ອໍເດີ").is_empty(), "Add to order in Lao");
    tap(&ui, "ເພີ່ມໃສ່ອໍເດີ");
    assert!(!buttons(&ui, "ຈ່າຍເງິນ 15,000 ₭").is_empty(), "Pay in Lao");
    tap(&ui, "ພາສາລາວ / English");
    assert!(has_label(&ui, "Total"));
    assert_eq!(buttons(&ui, "Pay 15,000 ₭").len(), 1);
}

#[test]
fn line_note_quantity_and_remove() {
    let dir = tempfile::tempdir().unwrap();
    let ui = ui_at(dir.path());
    tap(&ui, "Bakery");
    tap(&ui, "Croissant");
    tap(&ui, "Note");
    tap(&ui, "Take away");
    tap(&ui, "Save note");
    {
        let c = ui.controller.borrow();
        assert_eq!(c.cart.lines()[0].note, "Take away");
    }
    assert!(has_label(&ui, "Note: Take away"));
    tap(&ui, "+");
    tap(&ui, "+");
    assert_eq!(value(&ui, "Total"), "54,000 ₭");
    tap(&ui, "−");
    assert_eq!(value(&ui, "Total"), "36,000 ₭");
    tap(&ui, "Remove");
    assert_eq!(value(&ui, "Total"), "0 ₭");
    assert!(buttons(&ui, "Pay 0 ₭")[0].accessible_enabled() == Some(false));
}

#[test]
fn every_screen_string_has_a_lao_translation() {
    let po = include_str!("../../ui/translations/lo/LC_MESSAGES/mekong.po");
    let entries = po.split("\n\n").filter(|e| e.contains("msgctxt"));
    let untranslated: Vec<&str> = entries
        .filter(|e| e.trim_end().ends_with("msgstr \"\""))
        .collect();
    assert!(untranslated.is_empty(), "no Lao for: {untranslated:#?}");
    assert!(po.matches("msgctxt").count() >= 50);

    // Every string a screen marks with @tr has an entry: a new string without
    // one would show in English on a Lao screen.
    let known: std::collections::HashSet<String> = po
        .split("\n\n")
        .filter_map(|entry| {
            let from = entry.find("msgid ")? + "msgid ".len();
            let to = entry
                .find("\nmsgid_plural")
                .or_else(|| entry.find("\nmsgstr"))?;
            Some(
                entry[from..to]
                    .lines()
                    .map(|line| line.trim().trim_matches('"'))
                    .collect::<String>(),
            )
        })
        .collect();
    let mut missing = Vec::new();
    let mut sources = vec![std::path::PathBuf::from("ui")];
    while let Some(path) = sources.pop() {
        if path.is_dir() {
            sources.extend(std::fs::read_dir(&path).unwrap().map(|e| e.unwrap().path()));
            continue;
        }
        if path.extension().is_none_or(|ext| ext != "slint") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        for (at, _) in text.match_indices("@tr(\"") {
            let rest = &text[at + "@tr(\"".len()..];
            let mut end = 0;
            let mut escaped = false;
            for (i, c) in rest.char_indices() {
                match c {
                    '\\' if !escaped => escaped = true,
                    '"' if !escaped => {
                        end = i;
                        break;
                    }
                    _ => escaped = false,
                }
            }
            let msgid = &rest[..end];
            if !known.contains(msgid) {
                missing.push(format!("{}: {msgid}", path.display()));
            }
        }
    }
    assert!(missing.is_empty(), "no Lao entry for: {missing:#?}");
}
