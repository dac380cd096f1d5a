//! The skills certificate: made by a manager with the name she chose, its text read back from
//! the PDF (pdftotext, from poppler-utils), its code found in the journal, bad input refused.

use crate::common::HandClock;
use crate::skills::programme_till;
use mekong::app::skills::NewEvidence;
use mekong::domain::skills::{Method, Rating};
use mekong::domain::staff::Action;
use std::process::Command;

/// The text of a PDF, as pdftotext reads it.
fn text_of(pdf: &std::path::Path) -> String {
    let out = Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext runs (apt-get install poppler-utils; .ci/run installs it)");
    assert!(out.status.success(), "{out:?}");
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn a_certificate_lists_what_she_was_signed_off_on_in_lao_and_english_and_its_code_is_found() {
    let dir = tempfile::tempdir().unwrap();
    let clock = HandClock::at("2026-11-23T09:00:00+07:00");
    let (mut till, mai, _dao) = programme_till(dir.path(), &clock);
    let a = till.authorize(Action::ManageStaff).unwrap();
    for day in ["2026-11-23", "2026-11-24", "2026-11-25"] {
        clock.set_wall(&format!("{day}T09:00:00+07:00"));
        till.record_evidence(
            &NewEvidence {
                person: mai.clone(),
                competency: "consistent-dose".into(),
                rating: Rating::Competent,
                method: Method::Observed,
                note: String::new(),
                corrects: None,
            },
            &a,
        )
        .unwrap();
    }
    till.sign_off(&mai, &"consistent-dose".into(), &a).unwrap();
    // Evidence without sign-off is not on it.
    till.record_evidence(
        &NewEvidence {
            person: mai.clone(),
            competency: "latte-art".into(),
            rating: Rating::Competent,
            method: Method::Product,
            note: String::new(),
            corrects: None,
        },
        &a,
    )
    .unwrap();

    for (name, wrong) in [
        ("  ", "the name to print is empty"),
        ("Mai\u{7}", "control character"),
        (&"M".repeat(81)[..], "longer than 80 characters"),
    ] {
        let err = till.certificate(&mai, name, &a).unwrap_err();
        assert!(err.to_string().contains(wrong), "{name:?}: {err}");
    }

    let (c, pdf) = till.certificate(&mai, "Mai Phommachanh", &a).unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    assert_eq!(c.competencies.len(), 1);
    let file = dir.path().join("mai.pdf");
    std::fs::write(&file, &pdf).unwrap();
    let text = text_of(&file);
    // pdftotext may put a space after a stacked Lao vowel and tone mark (it guesses words
    // from glyph positions): compare without white space.
    let squeezed: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    for words in [
        "Skills certificate",
        "ໃບຢັ້ງຢືນທັກສະ",
        "Mai Phommachanh",
        "Consistent dose",
        "ປະລິມານກາເຟສະໝໍ່າສະເໝີ",
        "Foundation",
        "ພື້ນຖານ",
        c.code.as_str(),
    ] {
        let words: String = words.chars().filter(|c| !c.is_whitespace()).collect();
        assert!(squeezed.contains(&words), "{words:?} not in:\n{text}");
    }
    assert!(!squeezed.contains("Latteart"), "{text}");
    std::fs::copy(&file, "/tmp/cert-test.pdf").ok();

    // The café finds what it certifies from the code, however it is typed; not its name.
    let issued = till
        .certificate_issued(&c.code.to_lowercase().replace('-', " "))
        .unwrap()
        .unwrap();
    assert_eq!(issued.nickname, "Mai");
    assert_eq!(
        issued.competencies,
        vec![("consistent-dose".to_owned(), c.competencies[0].signed_on)]
    );
    assert!(till.certificate_issued("0000-0000-0000").unwrap().is_none());
    let journalled: String = till
        .store()
        .conn()
        .query_row(
            "SELECT body FROM journal WHERE kind = 'certificate_issued'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(!journalled.contains("Phommachanh"), "{journalled}");
    let logged: i64 = till
        .store()
        .conn()
        .query_row(
            "SELECT count(*) FROM access_log WHERE what = 'export_identity' AND subject = ?1
             AND detail LIKE 'skills certificate %'",
            [mai.as_str()],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(logged, 1);
    drop(till);
    let report = mekong::app::verify::verify(dir.path()).unwrap();
    assert!(report.is_ok(), "{:?}", report.problems);
}

#[test]
fn on_her_page_a_manager_makes_the_certificate_with_the_name_she_chose() {
    use crate::common::{tap, ui_with, value};
    use crate::people::type_into;
    let dir = tempfile::tempdir().unwrap();
    let clock = HandClock::at("2026-11-23T09:00:00+07:00");
    let (mut till, mai, _dao) = programme_till(dir.path(), &clock);
    let a = till.authorize(Action::ManageStaff).unwrap();
    for day in ["2026-11-23", "2026-11-24", "2026-11-25"] {
        clock.set_wall(&format!("{day}T09:00:00+07:00"));
        till.record_evidence(
            &NewEvidence {
                person: mai.clone(),
                competency: "clean-bar".into(),
                rating: Rating::CanCoach,
                method: Method::Observed,
                note: String::new(),
                corrects: None,
            },
            &a,
        )
        .unwrap();
    }
    till.sign_off(&mai, &"clean-bar".into(), &a).unwrap();
    till.open_session(&Default::default()).unwrap();
    let ui = ui_with(till);
    tap(&ui, "Settings");
    tap(&ui, "People");
    tap(&ui, "Skills");
    tap(&ui, "Skills of Mai");
    tap(&ui, "Make certificate");
    assert_eq!(
        value(&ui, "Skills message"),
        "the name to print is empty: write the name she wants on her certificate"
    );
    type_into(&ui, "Name to print", "ນາງ ໄໝ Mai");
    tap(&ui, "Make certificate");
    let said = value(&ui, "Skills message");
    let file = dir.path().join("certificates").join("Mai-2026-11-25.pdf");
    assert!(
        said.starts_with(&format!(
            "Certificate saved: {} (verification code ",
            file.display()
        )),
        "{said}"
    );
    let text: String = text_of(&file)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    assert!(text.contains("ນາງໄໝMai"), "{text}");
    assert!(text.contains("Aclean,organisedbar"), "{text}");
    // A second one that day does not overwrite the first.
    tap(&ui, "Make certificate");
    assert!(
        dir.path()
            .join("certificates/Mai-2026-11-25-2.pdf")
            .exists()
    );
}
