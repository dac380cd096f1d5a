//! A trainee's skills certificate: what she was signed off on, for an employer. Made by a
//! manager; the name printed on it is the one she chooses (identity leaving the till on
//! paper: logged), and the certificate is journalled without the name under the code printed
//! on it, so the café can confirm it when an employer asks.

use super::Till;
use super::skills::SkillsError;
use crate::domain::journal::EventKind;
use crate::domain::people::Access;
use crate::domain::staff::StaffId;
use crate::print::certificate::{Certificate, Certified, certificate_pdf};
use crate::store::{StoreError, clock, journal};
use chrono::NaiveDate;

/// The longest name a certificate prints (and it must fit its line: see `name_fits`).
pub const MAX_PRINTED_NAME: usize = 60;

#[derive(Debug, thiserror::Error)]
pub enum CertificateError {
    #[error(transparent)]
    Skills(#[from] SkillsError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("the name to print is empty: write the name she wants on her certificate")]
    NoName,
    #[error("the name to print is longer than {MAX_PRINTED_NAME} characters")]
    NameTooLong,
    #[error("the name to print is too wide for the page: write it shorter")]
    NameTooWide,
    #[error(
        "the name to print has a character that does not print ({0:?}): write it in Lao or Latin letters"
    )]
    NameNotPrintable(char),
    #[error("{0} makes certificates for others: another manager makes hers")]
    Own(String),
    #[error("{0} was erased: the till keeps nothing to certify")]
    Erased(String),
    #[error("{0} has no competency signed off yet: there is nothing to certify")]
    NothingSignedOff(String),
    #[error("{0} has clock records to check: a manager confirms them before her hours are printed")]
    HoursToReview(String),
    #[error("the certificate was not saved to {path}: {error}; nothing was issued")]
    NotSaved { path: String, error: String },
    #[error(transparent)]
    Pdf(#[from] crate::print::certificate::CertificateError),
}

/// A certificate the café issued, as its journal record keeps it (no name, not even her
/// nickname: the journal outlives an erasure).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Issued {
    pub person: String,
    pub track: String,
    pub from: NaiveDate,
    pub issued: NaiveDate,
    pub hours: i64,
    /// Each signed-off competency's id and the day it was signed off.
    pub competencies: Vec<(String, NaiveDate)>,
}

/// The code printed on a certificate: the first 12 hex digits of its journal record's hash,
/// in three groups.
fn code_of(hash: &str) -> String {
    let h = hash.to_uppercase();
    match (h.get(..4), h.get(4..8), h.get(8..12)) {
        (Some(a), Some(b), Some(c)) => format!("{a}-{b}-{c}"),
        _ => h,
    }
}

impl Till {
    /// Where the till keeps the certificates made on its screen: `DIR/certificates`, each
    /// named by its code (no name in the file's name; erasing her deletes them).
    pub fn certificates_dir(&self) -> std::path::PathBuf {
        self.data_dir.join("certificates")
    }

    /// Issues a trainee's skills certificate with `printed_name` on it and writes it to `out`
    /// (a new file; by default `certificate-CODE.pdf` in [`Till::certificates_dir`]): her
    /// track, her programme's dates, her confirmed hours by the time clock and every
    /// competency signed off, in Lao and English. A manager's, for someone else. Issued only
    /// once the file is written. Returns what it says and where it is.
    pub fn certificate(
        &mut self,
        person: &StaffId,
        printed_name: &str,
        authority: &crate::app::staff::Authority,
        out: Option<&std::path::Path>,
    ) -> Result<(Certificate, std::path::PathBuf), CertificateError> {
        let name = printed_name.trim();
        if name.is_empty() {
            return Err(CertificateError::NoName);
        }
        if name.chars().count() > MAX_PRINTED_NAME {
            return Err(CertificateError::NameTooLong);
        }
        if let Some(c) = crate::print::certificate::unprintable(name) {
            return Err(CertificateError::NameNotPrintable(c));
        }
        if !crate::print::certificate::name_fits(name) {
            return Err(CertificateError::NameTooWide);
        }
        let (by, row) = self
            .manager_over(person, authority, false)
            .map_err(SkillsError::from)?;
        if by.id == *person {
            return Err(CertificateError::Own(by.nickname));
        }
        if row.erased {
            return Err(CertificateError::Erased(row.nickname));
        }
        let page = self.skills_of(person, authority)?;
        let now = self.clock.now();
        let issued = now.date_naive();
        let track = self
            .skills()
            .framework
            .tracks
            .iter()
            .find(|(t, _)| *t == page.track)
            .map(|(_, n)| n.clone())
            .unwrap_or_else(|| crate::domain::menu::Name {
                en: page.track.code().to_owned(),
                lo: page.track.code().to_owned(),
            });
        let signed: Vec<_> = page
            .competencies
            .iter()
            .filter_map(|s| s.signed_off.as_ref().map(|o| (s, o)))
            .collect();
        if signed.is_empty() {
            return Err(CertificateError::NothingSignedOff(row.nickname));
        }
        let first_evidence = page
            .competencies
            .iter()
            .flat_map(|s| s.evidence.iter().map(|(e, _)| e.on))
            .min();
        let from = row
            .programme
            .started_on
            .or(first_evidence)
            .unwrap_or(issued)
            .min(issued);
        // Only hours a manager could stand behind: closed shifts, none left to review.
        let events = clock::events_of(self.store.conn(), person)?;
        let shifts = crate::domain::clock::shifts(&events);
        if shifts.iter().any(|s| s.needs_review) {
            return Err(CertificateError::HoursToReview(row.nickname));
        }
        let worked: chrono::TimeDelta = shifts
            .iter()
            .filter(|s| s.end.is_some())
            .map(|s| s.worked(now))
            .sum();
        let record = Issued {
            person: person.as_str().to_owned(),
            track: page.track.code().to_owned(),
            from,
            issued,
            hours: worked.num_hours(),
            competencies: signed
                .iter()
                .map(|(s, o)| (s.competency.id.as_str().to_owned(), o.on))
                .collect(),
        };
        let till = self.config.site.till_id.clone();
        let at = now.to_rfc3339();
        let kept = self.certificates_dir();
        let tx = self.store.write()?;
        let seq = journal::append(&tx, &till, &at, EventKind::CertificateIssued, &record)?;
        let code = code_of(&journal::hash_of(&tx, seq)?);
        crate::store::people::log_access(
            &tx,
            &at,
            Some(&by.id),
            Some(person),
            Access::ExportIdentity,
            &format!("skills certificate {code}"),
        )?;
        let certificate = Certificate {
            cafe: self.config.site.name.clone(),
            address: self.config.site.address.clone(),
            name: name.to_owned(),
            track,
            from,
            issued,
            hours: record.hours,
            competencies: signed
                .iter()
                .map(|(s, o)| Certified {
                    level: s.competency.level.name(),
                    title: s.competency.name.clone(),
                    signed_on: o.on,
                })
                .collect(),
            code,
        };
        let pdf = certificate_pdf(&certificate)?;
        // Written before the commit, never over another file: a certificate that was not
        // saved was not issued.
        let path = match out {
            Some(p) => p.to_owned(),
            None => kept.join(format!("certificate-{}.pdf", certificate.code)),
        };
        let not_saved = |e: std::io::Error| CertificateError::NotSaved {
            path: path.display().to_string(),
            error: e.to_string(),
        };
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(not_saved)?;
        }
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .map_err(not_saved)?;
        let written = {
            use std::io::Write;
            file.write_all(&pdf).and_then(|()| file.sync_all())
        };
        if let Err(e) = written {
            // A half-written file with her name is not left behind.
            let _ = std::fs::remove_file(&path);
            return Err(not_saved(e));
        }
        if let Err(e) = tx.commit() {
            let _ = std::fs::remove_file(&path);
            return Err(StoreError::from(e).into());
        }
        Ok((certificate, path))
    }

    /// The certificate the café issued with this code (as printed on it, with or without its
    /// dashes, in any case), and her nickname now, if any.
    pub fn certificate_issued(
        &self,
        code: &str,
    ) -> Result<Option<(Issued, String)>, CertificateError> {
        let wanted: String = code
            .chars()
            .filter(|c| c.is_ascii_hexdigit())
            .collect::<String>()
            .to_lowercase();
        if wanted.len() != 12 {
            return Ok(None);
        }
        let mut found = None;
        journal::for_each(self.store.conn(), |r| {
            if r.kind == EventKind::CertificateIssued.code() && r.hash.starts_with(&wanted) {
                found = serde_json::from_str::<Issued>(&r.body).ok();
            }
        })?;
        let Some(issued) = found else {
            return Ok(None);
        };
        let nickname =
            crate::store::people::get(self.store.conn(), &StaffId(issued.person.clone()))?
                .map(|p| p.nickname)
                .unwrap_or_default();
        Ok(Some((issued, nickname)))
    }

    /// Deletes the certificates of `person` kept in [`Till::certificates_dir`] (at erasure:
    /// they carry the name she chose).
    pub(crate) fn delete_certificates_of(&self, person: &StaffId) -> Result<(), StoreError> {
        let mut codes = Vec::new();
        journal::for_each(self.store.conn(), |r| {
            if r.kind == EventKind::CertificateIssued.code()
                && serde_json::from_str::<Issued>(&r.body)
                    .is_ok_and(|i| i.person == person.as_str())
            {
                codes.push(code_of(&r.hash));
            }
        })?;
        for code in codes {
            let file = self
                .certificates_dir()
                .join(format!("certificate-{code}.pdf"));
            if let Err(e) = std::fs::remove_file(&file)
                && e.kind() != std::io::ErrorKind::NotFound
            {
                tracing::error!("could not delete {}: {e}", file.display());
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_code_is_the_hash_in_three_groups() {
        assert_eq!(code_of("0a1b2c3d4e5f6789"), "0A1B-2C3D-4E5F");
    }
}
