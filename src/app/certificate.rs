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

/// The longest name a certificate prints.
pub const MAX_PRINTED_NAME: usize = 80;

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
    #[error("the name to print has a control character in it")]
    NameNotPrintable,
    #[error(transparent)]
    Pdf(#[from] crate::print::certificate::CertificateError),
}

/// A certificate the café issued, as its journal record keeps it (no name).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Issued {
    pub person: String,
    pub nickname: String,
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
    /// Where the till keeps certificates it made on the screen: `DIR/certificates`.
    pub fn certificates_dir(&self) -> std::path::PathBuf {
        self.data_dir.join("certificates")
    }

    /// Issues a trainee's skills certificate with `printed_name` on it: her track, her
    /// programme's dates, her hours by the time clock and every competency signed off, in Lao
    /// and English. A manager's. Returns what it says and the PDF.
    pub fn certificate(
        &mut self,
        person: &StaffId,
        printed_name: &str,
        authority: &crate::app::staff::Authority,
    ) -> Result<(Certificate, Vec<u8>), CertificateError> {
        let name = printed_name.trim();
        if name.is_empty() {
            return Err(CertificateError::NoName);
        }
        if name.chars().count() > MAX_PRINTED_NAME {
            return Err(CertificateError::NameTooLong);
        }
        if name.chars().any(char::is_control) {
            return Err(CertificateError::NameNotPrintable);
        }
        let page = self.skills_of(person, authority)?;
        let (by, row) = self
            .manager_over(person, authority, false)
            .map_err(SkillsError::from)?;
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
        let events = clock::events_of(self.store.conn(), person)?;
        let worked: chrono::TimeDelta = crate::domain::clock::shifts(&events)
            .iter()
            .map(|s| s.worked(now))
            .sum();
        let record = Issued {
            person: person.as_str().to_owned(),
            nickname: row.nickname.clone(),
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
        let tx = self.store.write()?;
        let seq = journal::append(&tx, &till, &at, EventKind::CertificateIssued, &record)?;
        let hash = journal::hash_of(&tx, seq)?;
        crate::store::people::log_access(
            &tx,
            &at,
            Some(&by.id),
            Some(person),
            Access::ExportIdentity,
            &format!("skills certificate {}", code_of(&hash)),
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
            code: code_of(&hash),
        };
        // Made before the commit: a certificate that cannot be written is not issued.
        let pdf = certificate_pdf(&certificate)?;
        tx.commit().map_err(StoreError::from)?;
        Ok((certificate, pdf))
    }

    /// The certificate the café issued with this code (as printed on it, with or without its
    /// dashes, in any case), if any.
    pub fn certificate_issued(&self, code: &str) -> Result<Option<Issued>, CertificateError> {
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
        Ok(found)
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
