//! Parsers that never panic (issue 14, first step): the files a person edits by hand
//! (`mekong.toml`, `menu.toml`, `skills.toml`), amounts typed on the keypad, and what a site
//! sends head office. Each input ends in a value or an error in words, never a panic. The
//! inputs are the shipped files broken at random places, and arbitrary text.

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
