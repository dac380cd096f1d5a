//! What travels between a till and head office: a batch of summaries, frozen under a UUIDv7,
//! signed with the site's key. Both sides use these types, so they cannot drift apart.

use super::indicators::{Every, Shape, indicator};
use super::{Inner, Period, Summary, Value};
use chrono::NaiveDate;
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The upload path on head office.
pub const UPLOAD_PATH: &str = "/api/v1/batches";
/// Headers of an upload.
pub const SITE_HEADER: &str = "x-mekong-site";
pub const TIMESTAMP_HEADER: &str = "x-mekong-timestamp";
pub const SIGNATURE_HEADER: &str = "x-mekong-signature";
/// How far a request's timestamp may be from head office's clock, either way.
pub const WINDOW_SECONDS: i64 = 300;
/// The most summaries in one batch; a larger change is frozen as several.
pub const MAX_SUMMARIES: usize = 1000;
/// The largest body head office reads.
pub const MAX_BODY_BYTES: usize = 1 << 20;

/// A batch: what changed at the site since the one before, frozen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Batch {
    /// UUIDv7: the upload's idempotency key.
    pub id: uuid::Uuid,
    pub site: String,
    /// The till's own order of its batches (1, 2, 3, ...): a value from a later batch wins
    /// over one from an earlier batch, whatever order they arrive in.
    pub seq: i64,
    pub summaries: Vec<Summary>,
}

/// Head office's answer to an upload.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Receipt {
    pub batch: uuid::Uuid,
    pub stored: usize,
}

/// Head office's answer to a refused request: what is wrong, in words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Refusal {
    pub error: String,
}

impl Batch {
    /// What is wrong with this batch from `site`, checked against head office's `today`.
    pub fn check(&self, site: &str, today: NaiveDate) -> Result<(), String> {
        if self.id.get_version_num() != 7 {
            return Err(format!("batch id {} is not a UUIDv7", self.id));
        }
        if self.site != site || !site_name_ok(site) {
            return Err(format!(
                "the batch is for site {:?}, but the token is site {site:?}'s",
                self.site
            ));
        }
        if self.seq < 1 {
            return Err(format!("batch seq {} must be 1 or more", self.seq));
        }
        if self.summaries.len() > MAX_SUMMARIES {
            return Err(format!(
                "{} summaries in one batch; at most {MAX_SUMMARIES}",
                self.summaries.len()
            ));
        }
        for (i, s) in self.summaries.iter().enumerate() {
            s.check(site, today)
                .map_err(|e| format!("summary {}: {e}", i + 1))?;
        }
        Ok(())
    }
}

impl Summary {
    /// What is wrong with this value from `site`: an unknown indicator, a value of the wrong
    /// kind, a negative count, a period in the future.
    pub fn check(&self, site: &str, today: NaiveDate) -> Result<(), String> {
        let Some(ind) = indicator(&self.indicator) else {
            return Err(format!("unknown indicator {:?}", self.indicator));
        };
        if self.site != site {
            return Err(format!(
                "{} is for site {:?}, not {site:?}",
                self.indicator, self.site
            ));
        }
        let (first, every) = match self.period {
            Period::Day(d) => (d, Every::Day),
            Period::Month(d) => (d, Every::Month),
        };
        if every != ind.every {
            return Err(format!(
                "{} is {} but came for {}",
                ind.code,
                if ind.every == Every::Day {
                    "per day"
                } else {
                    "per month"
                },
                self.period.key()
            ));
        }
        // A day ahead is allowed: the site may be east of head office.
        if first > today + chrono::TimeDelta::days(1) {
            return Err(format!(
                "{} for {} is in the future",
                ind.code,
                self.period.key()
            ));
        }
        if first.year_ce().1 < 2000 {
            return Err(format!("{} for {} is too old", ind.code, self.period.key()));
        }
        match (ind.breakdown, self.breakdown.is_empty()) {
            (None, false) => {
                return Err(format!(
                    "{} has no breakdown, but came with {:?}",
                    ind.code, self.breakdown
                ));
            }
            (Some(what), true) => {
                return Err(format!("{} needs its breakdown ({what})", ind.code));
            }
            _ => {}
        }
        if self.breakdown.chars().count() > 60 || self.breakdown.chars().any(char::is_control) {
            return Err(format!(
                "{}'s breakdown must be 1 to 60 printable characters",
                ind.code
            ));
        }
        self.value.check(ind.code, ind.shape)
    }
}

use chrono::Datelike;

impl Value {
    fn check(&self, code: &str, shape: Shape) -> Result<(), String> {
        let fits = matches!(
            (&self.0, shape),
            (Inner::Count { .. }, Shape::Count | Shape::CountOver)
                | (Inner::People { .. }, Shape::People)
                | (Inner::Money { .. }, Shape::Money | Shape::MoneyOver)
                | (Inner::Anchor { .. }, Shape::Anchor)
                | (
                    Inner::Suppressed,
                    Shape::CountOver | Shape::People | Shape::MoneyOver
                )
        );
        if !fits {
            return Err(format!("{code} cannot be {}", self.kind()));
        }
        match &self.0 {
            Inner::Count { n } if *n < 0 => Err(format!("{code} is a count: {n} is negative")),
            Inner::Count { n } if *n > 1_000_000_000_000 => {
                Err(format!("{code}: {n} is out of range"))
            }
            Inner::People { n } if *n > 10_000_000 => {
                Err(format!("{code}: {n} people is out of range"))
            }
            Inner::Money { minor, currency } => {
                if currency.parse::<crate::domain::money::Currency>().is_err()
                    || currency != &currency.to_ascii_uppercase()
                {
                    return Err(format!("{code}: unknown currency {currency:?}"));
                }
                // A month of days of it still sums within i64 at head office.
                if minor.unsigned_abs() > 1_000_000_000_000_000 / 1000 {
                    return Err(format!("{code}: {minor} is out of range"));
                }
                Ok(())
            }
            Inner::Anchor { seq, hash, .. } => {
                if *seq < 1 || hash.len() != 64 || !hash.bytes().all(|b| b.is_ascii_hexdigit()) {
                    return Err(format!("{code} must be a sequence and a SHA-256 hash"));
                }
                Ok(())
            }
            _ => Ok(()),
        }
    }

    /// "count", "people", "suppressed", "money" or "anchor".
    pub fn kind(&self) -> &'static str {
        match self.0 {
            Inner::Count { .. } => "count",
            Inner::People { .. } => "people",
            Inner::Suppressed => "suppressed",
            Inner::Money { .. } => "money",
            Inner::Anchor { .. } => "anchor",
        }
    }

    /// How head office stores the kind: a closed anchor (its day was over) apart.
    pub fn stored_kind(&self) -> &'static str {
        match self.0 {
            Inner::Anchor { closed: true, .. } => "anchor_closed",
            _ => self.kind(),
        }
    }

    /// Whether this is a day's final journal head.
    pub fn is_closed_anchor(&self) -> bool {
        matches!(self.0, Inner::Anchor { closed: true, .. })
    }

    /// The value's number: a count, people, minor units, or the anchor's sequence. None when
    /// suppressed.
    pub fn number(&self) -> Option<i64> {
        match &self.0 {
            Inner::Count { n } => Some(*n),
            Inner::People { n } => Some(i64::from(*n)),
            Inner::Money { minor, .. } => Some(*minor),
            Inner::Anchor { seq, .. } => Some(*seq),
            Inner::Suppressed => None,
        }
    }

    /// The currency of money, or the hash of an anchor.
    pub fn text(&self) -> Option<&str> {
        match &self.0 {
            Inner::Money { currency, .. } => Some(currency),
            Inner::Anchor { hash, .. } => Some(hash),
            _ => None,
        }
    }

    /// Rebuilds a value as head office stored it (kind, number, text).
    pub fn from_parts(kind: &str, number: Option<i64>, text: Option<String>) -> Option<Value> {
        Some(Value(match kind {
            "count" => Inner::Count { n: number? },
            "people" => Inner::People {
                n: u32::try_from(number?).ok()?,
            },
            "suppressed" => Inner::Suppressed,
            "money" => Inner::Money {
                minor: number?,
                currency: text?,
            },
            "anchor" | "anchor_closed" => Inner::Anchor {
                seq: number?,
                hash: text?,
                closed: kind == "anchor_closed",
            },
            _ => return None,
        }))
    }

    /// The value a key of this shape takes when what it counted is gone (a category whose
    /// only sale was voided): zero of a sum, "suppressed" of a count of people or a figure
    /// over people (a median of no one is not a wage of 0).
    pub fn none_like(&self, shape: Shape) -> Option<Value> {
        match (shape, &self.0) {
            (Shape::Count, _) => Some(Value(Inner::Count { n: 0 })),
            (Shape::Money, Inner::Money { currency, .. }) => Some(Value(Inner::Money {
                minor: 0,
                currency: currency.clone(),
            })),
            (Shape::CountOver | Shape::People | Shape::MoneyOver, _) => {
                Some(Value(Inner::Suppressed))
            }
            _ => None,
        }
    }
}

/// A site's name travels in a header: plain ASCII letters, digits, spaces, `.`, `-`, `_`,
/// 1 to 40 of them, not starting or ending with a space.
pub fn site_name_ok(name: &str) -> bool {
    (1..=40).contains(&name.len())
        && name.trim() == name
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b" .-_".contains(&b))
}

/// A site's token: 32 random bytes, hex. Shown once when the site is added.
pub fn new_token() -> String {
    let bytes: [u8; 32] = rand::random();
    hex(&bytes)
}

/// What identifies a token on the wire and at head office: a hash, never the token itself,
/// which never leaves the till. Knowing it does not let anyone sign: the signing key is
/// another hash of the token.
pub fn token_hash(token: &str) -> String {
    hex(&Sha256::digest(format!("mekong site token\n{token}")))
}

/// The key a site signs its requests with, derived from its token.
pub fn signing_key(token: &str) -> String {
    hex(&Sha256::digest(format!("mekong signing key\n{token}")))
}

/// HMAC-SHA256 over the timestamp and the body, hex.
pub fn sign(key: &str, timestamp: i64, body: &[u8]) -> String {
    hex(&mac(key, timestamp, body).finalize().into_bytes())
}

/// Whether `signature` is this body's at this timestamp (in constant time).
pub fn signature_ok(key: &str, timestamp: i64, body: &[u8], signature: &str) -> bool {
    let Some(bytes) = unhex(signature) else {
        return false;
    };
    mac(key, timestamp, body).verify_slice(&bytes).is_ok()
}

fn mac(key: &str, timestamp: i64, body: &[u8]) -> Hmac<Sha256> {
    let mut mac =
        Hmac::<Sha256>::new_from_slice(key.as_bytes()).expect("HMAC takes a key of any length");
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b"\n");
    mac.update(body);
    mac
}

pub fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes.iter().fold(String::new(), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

fn unhex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signature_covers_the_body_and_the_time() {
        let key = signing_key("t0ken");
        let sig = sign(&key, 1_700_000_000, b"{}");
        assert!(signature_ok(&key, 1_700_000_000, b"{}", &sig));
        assert!(!signature_ok(&key, 1_700_000_001, b"{}", &sig));
        assert!(!signature_ok(&key, 1_700_000_000, b"{ }", &sig));
        assert!(!signature_ok(
            &signing_key("other"),
            1_700_000_000,
            b"{}",
            &sig
        ));
        assert!(!signature_ok(&key, 1_700_000_000, b"{}", "zz"));
        assert_ne!(token_hash("t0ken"), signing_key("t0ken"));
    }

    #[test]
    fn bad_values_are_named() {
        let today: NaiveDate = "2026-12-03".parse().unwrap();
        let s = |indicator: &str, period: &str, breakdown: &str, value: &str| Summary {
            site: "vte".into(),
            period: serde_json::from_str(&format!("{period:?}")).unwrap(),
            indicator: indicator.into(),
            breakdown: breakdown.into(),
            value: serde_json::from_str(value).unwrap(),
        };
        let ok = s("orders", "2026-12-03", "", r#"{"kind":"count","n":4}"#);
        assert_eq!(ok.check("vte", today), Ok(()));
        let err = |x: Summary| x.check("vte", today).unwrap_err();
        assert!(
            err(s("orders", "2026-12-03", "", r#"{"kind":"count","n":-4}"#)).contains("negative")
        );
        assert!(
            err(s("wages", "2026-12-03", "", r#"{"kind":"count","n":4}"#))
                .contains("unknown indicator")
        );
        assert!(err(s("orders", "2027-01-03", "", r#"{"kind":"count","n":4}"#)).contains("future"));
        assert!(err(s("orders", "2026-12", "", r#"{"kind":"count","n":4}"#)).contains("per day"));
        assert!(
            err(s("orders", "2026-12-03", "", r#"{"kind":"people","n":4}"#))
                .contains("cannot be people")
        );
        assert!(
            err(s("orders", "2026-12-03", "", r#"{"kind":"suppressed"}"#))
                .contains("cannot be suppressed")
        );
        assert!(
            err(s(
                "gross_by_category",
                "2026-12-03",
                "",
                r#"{"kind":"money","minor":4,"currency":"LAK"}"#
            ))
            .contains("breakdown")
        );
        assert!(
            err(s(
                "gross",
                "2026-12-03",
                "",
                r#"{"kind":"money","minor":4,"currency":"XXX"}"#
            ))
            .contains("currency")
        );
        assert!(ok.check("luang", today).is_err());
    }
}
