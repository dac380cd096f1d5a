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

/// Mai is seen `rating` at `competency` on three days and a manager signs it off.
fn signed_off(
    till: &mut mekong::app::Till,
    clock: &HandClock,
    mai: &mekong::domain::staff::StaffId,
    competency: &str,
    rating: Rating,
) {
    let a = till.authorize(Action::ManageStaff).unwrap();
    for day in ["2026-11-23", "2026-11-24", "2026-11-25"] {
        clock.set_wall(&format!("{day}T09:00:00+07:00"));
        till.record_evidence(
            &NewEvidence {
                person: mai.clone(),
                competency: competency.into(),
                rating,
                method: Method::Observed,
                note: String::new(),
                corrects: None,
            },
            &a,
        )
        .unwrap();
    }
    till.sign_off(mai, &competency.into(), &a).unwrap();
}

#[test]
fn a_certificate_lists_what_she_was_signed_off_on_in_lao_and_english_and_its_code_is_found() {
    let dir = tempfile::tempdir().unwrap();
    let clock = HandClock::at("2026-11-23T09:00:00+07:00");
    let (mut till, mai, dao) = programme_till(dir.path(), &clock);
    signed_off(
        &mut till,
        &clock,
        &mai,
        "consistent-dose",
        Rating::Competent,
    );
    let a = till.authorize(Action::ManageStaff).unwrap();
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
        ("Mai\u{7}", "does not print ('\\u{7}')"),
        ("Mai\u{202E}", "does not print ('\\u{202e}')"),
        ("ใหม่", "does not print ('ใ')"),
        (&"M".repeat(61)[..], "longer than 60 characters"),
        (&"\u{2E3B}".repeat(60)[..], "too wide for the page"),
        ("Mai\u{3000}Ph", "does not print ('\\u{3000}')"),
    ] {
        let err = till.certificate(&mai, name, &a, None).unwrap_err();
        assert!(err.to_string().contains(wrong), "{name:?}: {err}");
    }
    // Nothing signed off, nothing to certify; and a manager does not certify herself.
    let dao_err = till.certificate(&dao, "Dao", &a, None).unwrap_err();
    assert!(
        dao_err
            .to_string()
            .contains("has no competency signed off yet"),
        "{dao_err}"
    );
    let noy = crate::common::staff_id(&till, "Noy");
    assert!(matches!(
        till.certificate(&noy, "Noy", &a, None),
        Err(mekong::app::certificate::CertificateError::Own(_))
    ));

    let file = dir.path().join("mai.pdf");
    let (c, written) = till
        .certificate(&mai, "Mai Phommachanh", &a, Some(&file))
        .unwrap();
    assert_eq!(written, file);
    assert!(std::fs::read(&file).unwrap().starts_with(b"%PDF-"));
    assert_eq!(c.competencies.len(), 1);
    // Never over another file: refused, and nothing issued.
    let err = till
        .certificate(&mai, "Mai Phommachanh", &a, Some(&file))
        .unwrap_err();
    assert!(err.to_string().contains("nothing was issued"), "{err}");
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

    // The café finds what it certifies from the code, however it is typed; not its name.
    let (issued, nickname) = till
        .certificate_issued(&c.code.to_lowercase().replace('-', " "))
        .unwrap()
        .unwrap();
    assert_eq!(nickname, "Mai");
    assert_eq!(
        issued.competencies,
        vec![("consistent-dose".to_owned(), c.competencies[0].signed_on)]
    );
    assert!(till.certificate_issued("0000-0000-0000").unwrap().is_none());
    let journalled: Vec<String> = till
        .store()
        .conn()
        .prepare("SELECT body FROM journal WHERE kind = 'certificate_issued'")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(journalled.len(), 1, "the refused one was not issued");
    assert!(
        !journalled[0].contains("Phommachanh") && !journalled[0].contains("Mai"),
        "{journalled:?}"
    );
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
    signed_off(&mut till, &clock, &mai, "clean-bar", Rating::CanCoach);
    till.open_session(&Default::default()).unwrap();
    let ui = ui_with(till);
    tap(&ui, "Settings");
    tap(&ui, "People");
    tap(&ui, "Skills");
    tap(&ui, "Skills of Mai");
    // Her progress over time, beside the certificate.
    assert_eq!(
        value(&ui, "Progress Nov 26"),
        "1 competent · 1 signed off of 22"
    );
    tap(&ui, "Make certificate");
    assert_eq!(
        value(&ui, "Skills message"),
        "the name to print is empty: write the name she wants on her certificate"
    );
    type_into(&ui, "Name to print", "ນາງ ໄໝ Mai");
    tap(&ui, "Make certificate");
    let said = value(&ui, "Skills message");
    let saved = said
        .strip_prefix("Certificate saved: ")
        .and_then(|s| s.split(" (verification code ").next())
        .unwrap_or_else(|| panic!("{said}"));
    let file = std::path::PathBuf::from(saved);
    assert!(file.starts_with(dir.path().join("certificates")), "{said}");
    let name = file.file_name().unwrap().to_string_lossy().to_string();
    assert!(
        name.starts_with("certificate-") && !name.contains("Mai"),
        "{name}"
    );
    let text: String = text_of(&file)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    assert!(text.contains("ນາງໄໝMai"), "{text}");
    assert!(text.contains("Aclean,organisedbar"), "{text}");
    // The name typed clears once it is made.
    let typed = i_slint_backend_testing::ElementHandle::find_by_accessible_label(
        &ui.window,
        "Name to print",
    )
    .find_map(|e| e.accessible_value())
    .map(|v| v.to_string())
    .unwrap_or_default();
    assert_eq!(typed, "");
}
