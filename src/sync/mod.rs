//! What leaves the till for head office: summaries only. Each value is keyed by (site,
//! period, indicator, breakdown), so a resend overwrites and never double-counts. A value
//! that counts people is built only through [`Value::people`], which sends a count below
//! `[sync] k` as "suppressed", never as a number. Nothing here reads a name, a nickname, a
//! phone, a note or a per-person row: only counts, sums and medians over many.

use crate::app::Till;
use crate::app::clock::ClockAppError;
use crate::domain::money::Money;
use crate::domain::placements as rules;
use crate::store::StoreError;
use chrono::{Datelike, Months, NaiveDate};
use serde::{Deserialize, Serialize};

pub mod client;
pub mod indicators;
pub mod outbox;
pub mod wire;

#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Clock(#[from] ClockAppError),
    #[error("{0}")]
    Setup(String),
}

/// The period a value is for: a day of sales, or a month of the programme.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Period {
    Day(NaiveDate),
    /// Its first day.
    Month(NaiveDate),
}

impl Period {
    /// "2026-12-03" or "2026-12".
    pub fn key(&self) -> String {
        match self {
            Period::Day(d) => d.to_string(),
            Period::Month(d) => format!("{:04}-{:02}", d.year(), d.month()),
        }
    }

    fn days(&self) -> (NaiveDate, NaiveDate) {
        match *self {
            Period::Day(d) => (d, d),
            Period::Month(first) => {
                let last = first
                    .checked_add_months(Months::new(1))
                    .and_then(|n| n.pred_opt())
                    .unwrap_or(first);
                (first, last)
            }
        }
    }
}

impl Serialize for Period {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.key())
    }
}

impl<'de> Deserialize<'de> for Period {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Period, D::Error> {
        let text = String::deserialize(d)?;
        if let Ok(day) = text.parse::<NaiveDate>() {
            return Ok(Period::Day(day));
        }
        NaiveDate::parse_from_str(&format!("{text}-01"), "%Y-%m-%d")
            .map(Period::Month)
            .map_err(|_| serde::de::Error::custom(format!("{text:?} is not a day or a month")))
    }
}

/// A summary's value. Its parts are private: a count of people can only be made with the
/// suppression rule applied.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Value(Inner);

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
enum Inner {
    /// A count of things (sales, returns, minutes), never of people.
    Count { n: i64 },
    /// A count of people, at least k.
    People { n: u32 },
    /// A count of people below k, or a figure over fewer than k people: not sent.
    Suppressed,
    /// An amount in minor units of its currency.
    Money { minor: i64, currency: String },
    /// The journal's head: its sequence and hash.
    /// `closed`: the day was over when it was taken, so it is final.
    Anchor {
        seq: i64,
        hash: String,
        #[serde(default)]
        closed: bool,
    },
}

impl Value {
    pub fn count(n: i64) -> Value {
        Value(Inner::Count { n })
    }

    /// A count of people: suppressed below `k`.
    pub fn people(n: u32, k: u32) -> Value {
        if n < k {
            Value(Inner::Suppressed)
        } else {
            Value(Inner::People { n })
        }
    }

    pub fn money(m: Money) -> Value {
        Value(Inner::Money {
            minor: m.minor(),
            currency: m.currency().code().to_owned(),
        })
    }

    /// A count of people that is part of other counts also sent (employed of those reached
    /// of those due): also suppressed when its difference from any of them is below k, since
    /// that difference could be told from the two.
    pub fn people_of(n: u32, others: &[u32], k: u32) -> Value {
        let small = others.iter().any(|o| {
            let rest = o.abs_diff(n);
            rest > 0 && rest < k
        });
        if small {
            Value(Inner::Suppressed)
        } else {
            Value::people(n, k)
        }
    }

    /// A figure worked out over `people` people (a median wage): suppressed below `k`, so
    /// no figure of fewer than k women is ever sent.
    pub fn over(people: u32, k: u32, figure: Value) -> Value {
        if people < k {
            Value(Inner::Suppressed)
        } else {
            figure
        }
    }

    pub fn is_suppressed(&self) -> bool {
        self.0 == Inner::Suppressed
    }
}

/// One value keyed by (site, period, indicator, breakdown).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Summary {
    pub site: String,
    pub period: Period,
    pub indicator: String,
    /// "" when the indicator has none.
    pub breakdown: String,
    pub value: Value,
}

/// Collects the values of one period.
struct Sheet<'a> {
    site: &'a str,
    period: Period,
    out: &'a mut Vec<Summary>,
}

impl Sheet<'_> {
    fn put(&mut self, indicator: &str, breakdown: &str, value: Value) {
        debug_assert!(
            indicators::indicator(indicator).is_some(),
            "{indicator} is not in INDICATORS"
        );
        // A breakdown is a menu category's or a tender's name: no control characters, and
        // at most 60 characters, as head office takes it.
        let breakdown: String = breakdown
            .chars()
            .filter(|c| !c.is_control())
            .take(60)
            .collect();
        let breakdown = breakdown.trim();
        // Two names that clean to the same breakdown (a category's long name) are one value:
        // their sums add up, so neither overwrites the other.
        let period = self.period;
        if let Some(same) = self
            .out
            .iter_mut()
            .rev()
            .take_while(|s| s.period == period)
            .find(|s| s.indicator == indicator && s.breakdown == breakdown)
        {
            if let (
                Inner::Money {
                    minor: a,
                    currency: c,
                },
                Inner::Money {
                    minor: b,
                    currency: d,
                },
            ) = (&mut same.value.0, &value.0)
                && c == d
            {
                *a = a.saturating_add(*b);
            }
            return;
        }
        self.out.push(Summary {
            site: self.site.to_owned(),
            period: self.period,
            indicator: indicator.to_owned(),
            breakdown: breakdown.to_owned(),
            value,
        });
    }
}

/// The site's summaries of the days from `from` to `to` and of the months they touch, as of
/// today: sales per day (practice excluded, it is never a sale), the journal's head at each
/// day's end, and the programme per month.
pub fn summaries(till: &Till, from: NaiveDate, to: NaiveDate) -> Result<Vec<Summary>, SyncError> {
    let mut out = sales_days(till, from, to)?;
    out.extend(programme_months(till, from, to)?);
    Ok(out)
}

/// Sales and the journal's head for each day from `from` to `to`.
pub fn sales_days(till: &Till, from: NaiveDate, to: NaiveDate) -> Result<Vec<Summary>, SyncError> {
    let site = site_of(till);
    let conn = till.store().conn();
    let till_id = &till.config().site.till_id;
    // A long run of days (a first sync) reads every day's head in one pass.
    let heads = if (to - from).num_days() > 31 {
        Some(crate::store::journal::heads_by_day(conn, till_id, to)?)
    } else {
        None
    };
    let mut out = Vec::new();
    let mut day = from;
    while day <= to {
        sales_day(till, &site, day, &mut out)?;
        // The chain's head at the day's end: head office keeps an anchor the site cannot
        // rewrite later.
        let head = match &heads {
            Some(heads) => heads
                .range(..=day.to_string())
                .next_back()
                .map(|(_, h)| h.clone()),
            None => crate::store::journal::head_on(conn, till_id, day)?,
        };
        if let Some((seq, hash)) = head {
            Sheet {
                site: &site,
                period: Period::Day(day),
                out: &mut out,
            }
            .put(
                "journal_head",
                "",
                Value(Inner::Anchor {
                    seq,
                    hash,
                    closed: day < till.today(),
                }),
            );
        }
        let Some(next) = day.succ_opt() else { break };
        day = next;
    }
    Ok(out)
}

/// The programme for each month that the days from `from` to `to` touch, once the month is
/// over: a month still going would be sent again and again, and the difference between two
/// sends could be one woman's shift or sign-off.
pub fn programme_months(
    till: &Till,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<Summary>, SyncError> {
    let site = site_of(till);
    let k = till.config().sync.k;
    let this_month = till.today().with_day(1).unwrap_or(to);
    let mut out = Vec::new();
    let mut month = NaiveDate::from_ymd_opt(from.year(), from.month(), 1);
    while let Some(first) = month.filter(|m| *m <= to && *m < this_month) {
        programme_month(till, &site, k, Period::Month(first), &mut out)?;
        month = first.checked_add_months(Months::new(1));
    }
    Ok(out)
}

/// The site's name at head office.
pub fn site_of(till: &Till) -> String {
    till.config().sync.site_or(&till.config().site.till_id)
}

fn sales_day(
    till: &Till,
    site: &str,
    day: NaiveDate,
    out: &mut Vec<Summary>,
) -> Result<(), SyncError> {
    let r = till.sales_report(day, day)?;
    let mut s = Sheet {
        site,
        period: Period::Day(day),
        out,
    };
    s.put("orders", "", Value::count(r.sales));
    s.put("gross", "", Value::money(r.gross));
    s.put("vat", "", Value::money(r.vat));
    s.put("net", "", Value::money(r.net));
    s.put("voids", "", Value::count(r.voids));
    s.put("voided", "", Value::money(r.voided));
    s.put("refunds", "", Value::count(r.refunds));
    s.put("refunded", "", Value::money(r.refunded));
    for l in &r.by_category {
        s.put("gross_by_category", &l.name.en, Value::money(l.amount));
    }
    for l in &r.by_tender {
        s.put("by_tender", &l.name.en, Value::money(l.amount));
    }
    Ok(())
}

fn programme_month(
    till: &Till,
    site: &str,
    k: u32,
    period: Period,
    out: &mut Vec<Summary>,
) -> Result<(), SyncError> {
    let (first, last) = period.days();
    let today = till.today();
    let conn = till.store().conn();
    let mut s = Sheet { site, period, out };
    let trainees = crate::store::placements::trainees(conn)?;
    let active = trainees
        .iter()
        .filter(|(_, start, end)| *start <= last && end.unwrap_or(today) >= first)
        .count() as u32;
    s.put("trainees_active", "", Value::people(active, k));
    let enrolled = trainees
        .iter()
        .filter(|(_, start, _)| (first..=last).contains(start))
        .count() as u32;
    s.put("enrolments", "", Value::people(enrolled, k));
    let graduates = crate::store::placements::graduates(conn)?
        .iter()
        .filter(|(_, on)| (first..=last).contains(on))
        .count() as u32;
    s.put("graduates", "", Value::people(graduates, k));
    // Hours trained: the minutes trainees were clocked in, a sum over fewer than k women
    // suppressed (it would tell one woman's hours).
    let hours: Vec<_> = till
        .hours(first, last)?
        .into_iter()
        .filter(|h| h.role == crate::domain::staff::Role::Trainee && h.shifts > 0)
        .collect();
    let minutes: i64 = hours.iter().map(|h| h.worked.num_minutes()).sum();
    s.put(
        "minutes_trained",
        "",
        Value::over(hours.len() as u32, k, Value::count(minutes)),
    );
    // Competencies signed off, by level, and drills taken: counts of what women did, each
    // suppressed when fewer than k women did it that month.
    let skills = till.skills();
    let signed: Vec<_> = crate::store::skills::sign_offs(conn, None)?
        .into_iter()
        .filter(|r| (first..=last).contains(&r.on))
        .collect();
    for level in crate::domain::skills::Level::ALL {
        let of_level: Vec<_> = signed
            .iter()
            .filter(|r| {
                skills
                    .in_force(r.version, &r.competency)
                    .and_then(|c| skills.framework.competency(&c).map(|c| c.level))
                    == Some(level)
            })
            .collect();
        let women = of_level
            .iter()
            .map(|r| &r.person)
            .collect::<std::collections::BTreeSet<_>>()
            .len() as u32;
        s.put(
            "competencies_signed_off",
            level.code(),
            Value::over(women, k, Value::count(of_level.len() as i64)),
        );
    }
    let drills: Vec<_> = crate::store::drills::all(conn)?
        .into_iter()
        .filter(|d| (first..=last).contains(&d.on))
        .collect();
    let women = drills
        .iter()
        .map(|d| &d.person)
        .collect::<std::collections::BTreeSet<_>>()
        .len() as u32;
    s.put(
        "drills_taken",
        "",
        Value::over(women, k, Value::count(drills.len() as i64)),
    );
    let followed =
        crate::store::placements::as_followed(&crate::store::placements::followed(conn)?);
    for (sector, n) in rules::started_by_sector(&followed, first, last) {
        s.put("placements_started", sector.code(), Value::people(n, k));
    }
    let wages = rules::median_wages(&followed, first, last);
    for (currency, median) in &wages.starting {
        let n = followed
            .iter()
            .filter(|f| {
                f.placement
                    .started_on()
                    .is_some_and(|d| (first..=last).contains(&d))
                    && f.placement.job.wage.money().currency().code() == *currency
            })
            .count() as u32;
        s.put(
            "median_starting_wage",
            currency,
            Value::over(n, k, Value::money(*median)),
        );
    }
    // Retention of the placements whose month N fell due in this month, as of its end.
    let as_of = last.min(today);
    for month in [3, 6, 12] {
        let due: Vec<rules::Followed> = followed
            .iter()
            .filter(|f| {
                f.placement
                    .due(month)
                    .is_some_and(|d| (first..=last).contains(&d))
            })
            .cloned()
            .collect();
        let r = rules::retention(month, &due, as_of);
        let b = format!("{month}m");
        s.put("retention_due", &b, Value::people(r.due, k));
        s.put(
            "retention_employed",
            &b,
            Value::people_of(r.employed, &[r.due, r.reached], k),
        );
        s.put(
            "retention_reached",
            &b,
            Value::people_of(r.reached, &[r.due, r.employed], k),
        );
    }
    if last <= today {
        // Follow-ups overdue at the month's end.
        let overdue = rules::due_follow_ups(&followed, last)
            .iter()
            .filter(|d| d.overdue)
            .count() as u32;
        s.put("follow_ups_overdue", "", Value::people(overdue, k));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_part_whose_rest_is_below_k_is_suppressed_too() {
        // 6 due, 5 employed: the one not in work could be told.
        assert!(Value::people_of(5, &[6, 6], 5).is_suppressed());
        // 20 due, 15 reached, 12 employed: reached but not in work is 3.
        assert!(Value::people_of(12, &[20, 15], 5).is_suppressed());
        assert!(Value::people_of(15, &[20, 12], 5).is_suppressed());
        // 20 due, 20 reached, 12 employed: nothing below k can be told.
        assert_eq!(Value::people_of(12, &[20, 20], 5), Value::people(12, 5));
        assert_eq!(Value::people_of(20, &[20, 12], 5), Value::people(20, 5));
    }

    #[test]
    fn two_names_that_clean_to_one_breakdown_add_up() {
        let mut out = Vec::new();
        let mut s = Sheet {
            site: "vte",
            period: Period::Day("2026-12-03".parse().unwrap()),
            out: &mut out,
        };
        let kip = |n| Value::money(Money::new(crate::domain::money::Currency::Lak, n));
        s.put("gross_by_category", "Cakes ", kip(1000));
        s.put("gross_by_category", "Cakes\u{7}", kip(500));
        s.put("gross_by_category", &"x".repeat(70), kip(1));
        s.put("gross_by_category", &format!("{}y", "x".repeat(60)), kip(2));
        assert_eq!(out.len(), 2);
        assert_eq!(
            (out[0].breakdown.as_str(), &out[0].value),
            ("Cakes", &kip(1500))
        );
        assert_eq!(out[1].value, kip(3));
    }

    #[test]
    fn a_count_of_people_below_k_is_never_a_number() {
        for n in 0..5 {
            let v = Value::people(n, 5);
            assert!(v.is_suppressed());
            assert_eq!(
                serde_json::to_string(&v).unwrap(),
                r#"{"kind":"suppressed"}"#
            );
        }
        assert_eq!(
            serde_json::to_string(&Value::people(5, 5)).unwrap(),
            r#"{"kind":"people","n":5}"#
        );
        // A median over fewer than k people is suppressed too.
        let wage = Value::money(Money::new(crate::domain::money::Currency::Lak, 2_500_000));
        assert!(Value::over(1, 5, wage.clone()).is_suppressed());
        assert_eq!(Value::over(7, 5, wage.clone()), wage);
    }

    #[test]
    fn a_period_is_a_day_or_a_month_both_ways() {
        let d = Period::Day("2026-12-03".parse().unwrap());
        let m = Period::Month("2026-12-01".parse().unwrap());
        assert_eq!(serde_json::to_string(&d).unwrap(), r#""2026-12-03""#);
        assert_eq!(serde_json::to_string(&m).unwrap(), r#""2026-12""#);
        assert_eq!(serde_json::from_str::<Period>(r#""2026-12""#).unwrap(), m);
        assert_eq!(
            serde_json::from_str::<Period>(r#""2026-12-03""#).unwrap(),
            d
        );
        assert!(serde_json::from_str::<Period>(r#""December""#).is_err());
        assert_eq!(m.days().1, "2026-12-31".parse().unwrap());
    }
}
