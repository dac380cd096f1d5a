//! Parsers that never panic: the files a person edits by hand
//! (`mekong.toml`, `menu.toml`, `skills.toml`), amounts typed on the keypad, and what a site
//! sends head office, any text on a receipt or ticket, the status bytes a printer answers,
//! and every command's arguments. Each input ends in a value or an error in words, never a
//! panic. The inputs are the shipped files broken at random places, and arbitrary text.

use mekong::domain::money::{Currency, Money};
use proptest::prelude::*;

/// `template` with `insert` put in at `at` (a char boundary) after cutting `cut` chars there.
fn broken(template: &str, at: usize, cut: usize, insert: &str) -> String {
    let chars: Vec<char> = template.chars().collect();
    let at = at % (chars.len() + 1);
    let end = (at + cut % 40).min(chars.len());
    let mut out: String = chars[..at].iter().collect();
    out.push_str(insert);
    out.extend(&chars[end..]);
    out
}

/// Text a person might type into a TOML file by mistake: quotes, brackets, equals signs,
/// numbers, Lao with stacked marks, emoji, control characters.
fn typo() -> impl Strategy<Value = String> {
    prop_oneof![
        "[\\[\\]=\"'#.,\\n 0-9a-z-]{0,12}",
        Just("ກາເຟ້ີ່".to_owned()),
        Just("☕️🇱🇦".to_owned()),
        Just("\u{0}\u{7}\u{1b}[2J".to_owned()),
        Just("99999999999999999999999".to_owned()),
        Just("-1".to_owned()),
        Just("nan".to_owned()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn a_broken_mekong_toml_is_an_error_in_words(at in any::<usize>(), cut in any::<usize>(), insert in typo()) {
        let text = broken(mekong::config::DEFAULT_TEXT, at, cut, &insert);
        if let Err(e) = mekong::config::Config::parse(std::path::Path::new("mekong.toml"), &text) {
            prop_assert!(!e.to_string().is_empty());
        }
    }

    #[test]
    fn a_broken_menu_toml_is_an_error_in_words(at in any::<usize>(), cut in any::<usize>(), insert in typo()) {
        let text = broken(mekong::app::SEED_MENU, at, cut, &insert);
        if let Err(e) = mekong::domain::menu::Menu::parse("menu.toml", &text) {
            prop_assert!(!e.to_string().is_empty());
        }
    }

    #[test]
    fn a_broken_skills_toml_is_an_error_in_words(at in any::<usize>(), cut in any::<usize>(), insert in typo()) {
        let text = broken(mekong::app::skills::SEED_SKILLS, at, cut, &insert);
        if let Err(e) = mekong::domain::skills::Framework::parse("skills.toml", &text) {
            prop_assert!(!e.to_string().is_empty());
        }
    }

    #[test]
    fn any_text_as_a_file_is_an_error_or_a_value(text in "\\PC{0,200}") {
        let _ = mekong::config::Config::parse(std::path::Path::new("mekong.toml"), &text);
        let _ = mekong::domain::menu::Menu::parse("menu.toml", &text);
        let _ = mekong::domain::skills::Framework::parse("skills.toml", &text);
    }

    #[test]
    fn an_amount_typed_on_the_keypad_is_an_amount_or_an_error(text in "[0-9.,\\- ]{0,30}|\\PC{0,20}") {
        for currency in [Currency::Lak, Currency::Thb, Currency::Usd] {
            if let Ok(m) = Money::parse(currency, &text) {
                prop_assert_eq!(m.currency(), currency);
            }
        }
    }

    #[test]
    fn what_a_site_sends_is_a_batch_or_an_error(text in "\\PC{0,300}", at in any::<usize>(), cut in any::<usize>(), insert in typo()) {
        let good = r#"{"id":"019ae3c4-5e6f-7a00-8b00-000000000001","site":"vte","seq":1,"summaries":[{"site":"vte","period":"2026-12-01","indicator":"orders","breakdown":"","value":{"kind":"count","n":3}}]}"#;
        let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 3).unwrap();
        for body in [text, broken(good, at, cut, &insert)] {
            if let Ok(batch) = serde_json::from_str::<mekong::sync::wire::Batch>(&body) {
                let _ = batch.check("vte", today);
            }
        }
    }
}

/// Text for a receipt: very long names, emoji, Lao with stacked marks, mixed scripts,
/// control characters, right-to-left marks.
fn receipt_text() -> impl Strategy<Value = String> {
    prop_oneof![
        "\\PC{0,120}",
        "[ກ-ໝ][ັິີຶືຸູົໍ່້໊໋]{0,6}".prop_map(|s| s.repeat(20)),
        Just("ກາເຟ້ີ່ Cafe\u{301} ☕️🇱🇦 กาแฟ 咖啡 \u{202e}reversed".to_owned()),
        "[\\x00-\\x1f\\x7f]{0,30}",
        "[a-zA-Z ]{200,400}",
        Just("🧋".repeat(80)),
        Just(String::new()),
    ]
}

/// One rasteriser for every case: loading the fonts is the slow part.
fn rasterizer() -> &'static std::sync::Mutex<mekong::print::raster::Rasterizer> {
    static R: std::sync::OnceLock<std::sync::Mutex<mekong::print::raster::Rasterizer>> =
        std::sync::OnceLock::new();
    R.get_or_init(|| std::sync::Mutex::new(mekong::print::raster::Rasterizer::new(576)))
}

/// A real sale of one croissant, made once, to dress in the texts of each case.
fn a_sale() -> mekong::domain::sale::Sale {
    static S: std::sync::OnceLock<mekong::domain::sale::Sale> = std::sync::OnceLock::new();
    S.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let mut till = crate::common::till_at(dir.path());
        let lines = crate::common::croissant(&till);
        till.checkout_cash(&lines, Money::lak(20_000)).unwrap().sale
    })
    .clone()
}

/// CLI words: the commands, their flags, and values good and bad.
fn cli_word() -> impl Strategy<Value = String> {
    const WORDS: &[&str] = &[
        "till",
        "screenshot",
        "demo",
        "receipt",
        "report",
        "x",
        "z",
        "sales",
        "staff",
        "add",
        "list",
        "unlock",
        "hours",
        "placements",
        "export",
        "indicators",
        "sync",
        "hq",
        "serve",
        "add-site",
        "add-user",
        "people",
        "show",
        "erase",
        "cohort",
        "log",
        "certificate",
        "verify",
        "backup",
        "keygen",
        "restore",
        "drive",
        "--data-dir",
        "--days",
        "--seed",
        "--force",
        "--order",
        "--out",
        "--ticket",
        "--format",
        "--print",
        "--from",
        "--to",
        "--lang",
        "--screen",
        "--size",
        "--head",
        "--identity",
        "--now",
        "--show",
        "--by",
        "--listen",
        "--database",
        "--sales",
        "--pause-ms",
        "--check",
        "--role",
        "--track",
        "--no",
        "--person",
        "--name",
        "-h",
        "--help",
        "--version",
        "--",
        "-",
        "=",
        "lo",
        "en",
        "csv",
        "text",
        "json",
        "bar",
        "kitchen",
        "1280x800",
        "0x0",
        "99999999x1",
        "12:abcd",
        "0:zz",
        "2026-02-30",
        "2026-12-01",
        "-1",
        "18446744073709551616",
        "VTE1-000001",
    ];
    prop_oneof![
        proptest::sample::select(WORDS).prop_map(str::to_owned),
        "\\PC{0,20}",
        "--[a-z-]{1,12}(=\\PC{0,8})?",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(60))]

    #[test]
    fn any_text_on_a_receipt_or_ticket_renders_or_is_refused_in_words(
        item in receipt_text(),
        lao in receipt_text(),
        note in receipt_text(),
        nickname in receipt_text(),
        site_name in receipt_text(),
        qr in proptest::option::of(receipt_text()),
    ) {
        let mut sale = a_sale();
        sale.lines[0].item_name = mekong::domain::menu::Name { en: item, lo: lao };
        sale.lines[0].note = note;
        if let Some(s) = &mut sale.served_by {
            s.nickname = nickname;
        }
        let mut site = mekong::config::Config::default().site;
        site.name = site_name.clone();
        site.address = site_name;
        site.receipt_qr = qr;
        let mut r = rasterizer().lock().unwrap_or_else(|e| e.into_inner());
        for doc in [
            mekong::print::receipt::ReceiptDoc::for_sale(&sale, &site),
            mekong::print::receipt::ReceiptDoc::for_sale(&sale, &site).as_copy(),
            mekong::print::receipt::ReceiptDoc::ticket(&sale, mekong::domain::menu::Station::Bar),
        ] {
            match mekong::print::PrintedReceipt::render(&mut r, &doc) {
                Ok(page) => {
                    prop_assert_eq!(page.raster.width(), 576);
                    prop_assert!(!page.escpos.is_empty());
                }
                Err(e) => prop_assert!(!e.to_string().is_empty()),
            }
        }
    }

    #[test]
    fn any_status_bytes_from_a_printer_are_a_status(a in any::<u8>(), b in any::<u8>(), c in any::<u8>()) {
        let status = mekong::print::status::PrinterStatus::from_answers(a, b, c);
        if let Some(why) = status.not_ready() {
            prop_assert!(!why.to_string().is_empty());
        }
    }

    #[test]
    fn a_printer_answering_anything_is_ready_or_an_error_in_words(
        answer in proptest::collection::vec(any::<u8>(), 0..8),
    ) {
        // A network printer that answers its status requests with these bytes, then hangs up.
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let address = listener.local_addr().unwrap().to_string();
        let server = std::thread::spawn(move || {
            use std::io::{Read, Write};
            if let Ok((mut conn, _)) = listener.accept() {
                let mut asked = [0u8; 3];
                let _ = conn.read(&mut asked);
                let _ = conn.write_all(&answer);
            }
        });
        let mut printer = mekong::print::network::network_printer(
            &address,
            std::time::Duration::from_millis(300),
        );
        if let Err(e) = mekong::print::Printer::prepare(&mut printer) {
            prop_assert!(!e.to_string().is_empty());
        }
        drop(printer);
        server.join().unwrap();
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    #[test]
    fn any_command_line_is_a_command_or_an_error_in_words(words in proptest::collection::vec(cli_word(), 0..7)) {
        use clap::Parser;
        let args = std::iter::once("mekong".to_owned()).chain(words);
        match mekong::cli::Cli::try_parse_from(args) {
            Ok(_) => {}
            Err(e) => prop_assert!(!e.render().to_string().is_empty()),
        }
    }
}

#[test]
fn the_command_line_is_well_formed() {
    use clap::CommandFactory;
    mekong::cli::Cli::command().debug_assert();
}
