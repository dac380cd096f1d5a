//! Freezing batches: what changed since the last batch goes into the outbox under a UUIDv7.
//! Sending never recomputes a batch; a later change makes a new one.

use super::wire::{Batch, MAX_SUMMARIES};
use super::{SyncError, Value, programme_months, sales_days, site_of};
use crate::app::Till;
use crate::store::outbox as db;
use chrono::{Datelike, Months, NaiveDate, TimeDelta};

/// How far back a till's first freeze goes.
const OLDEST_YEARS: u32 = 5;
/// Batches head office stored are kept this long, then dropped from the outbox.
const KEEP_SENT_DAYS: i64 = 90;

/// Sales days looked at again on every freeze (a void or a correction late in the day).
const DAYS_AGAIN: i64 = 7;
/// Programme months looked at again: a 12-month follow-up may be recorded up to 3 months late.
const MONTHS_AGAIN: u32 = 15;

/// Freezes what changed into new batches (none when nothing did), oldest first. On a till's
/// first freeze that is everything since its first day.
pub fn freeze(till: &mut Till) -> Result<Vec<uuid::Uuid>, SyncError> {
    // Another freezer (`mekong sync --now` beside the till's thread) may commit while this one
    // works out its values: then it works them out again, so an older value never follows a
    // newer one.
    for _ in 0..3 {
        if let Some(ids) = freeze_once(till)? {
            return Ok(ids);
        }
    }
    Err(SyncError::Setup(
        "another sync kept changing the outbox; try again".into(),
    ))
}

fn freeze_once(till: &mut Till) -> Result<Option<Vec<uuid::Uuid>>, SyncError> {
    let site = site_of(till);
    if !super::wire::site_name_ok(&site) {
        return Err(SyncError::Setup(format!(
            "[sync] site {site:?} must be 1 to 40 plain ASCII letters, digits, spaces, dots, dashes or underscores"
        )));
    }
    let today = till.today();
    let conn = till.store().conn();
    let seq_before = db::next_seq(conn)?;
    let day_from = match day_of(db::last_day(conn, &site)?) {
        // A clock set back still looks at the days it had sent.
        Some(last) => last.min(today) - TimeDelta::days(DAYS_AGAIN),
        None => {
            let first = day_of(db::first_day(conn)?).unwrap_or(today);
            let started = crate::store::placements::trainees(conn)?
                .iter()
                .map(|(_, start, _)| *start)
                .min();
            // A date mistyped into the distant past does not make a first sync walk
            // centuries: five years back at most.
            let oldest = today
                .checked_sub_months(Months::new(12 * OLDEST_YEARS))
                .unwrap_or(today);
            started
                .map_or(first, |s| s.min(first))
                .max(oldest)
                .min(today)
        }
    };
    let month_from = today
        .with_day(1)
        .and_then(|d| d.checked_sub_months(Months::new(MONTHS_AGAIN)))
        .unwrap_or(today)
        .min(day_from);
    let mut now = sales_days(till, day_from, today)?;
    now.extend(programme_months(till, month_from, today)?);
    let looked_again = |period: &str| {
        if period.len() == 10 {
            period >= day_from.to_string().as_str()
        } else {
            period >= &month_from.to_string()[..7]
        }
    };

    let made_at = till.now().to_rfc3339();
    let keep_from = (till.now() - TimeDelta::days(KEEP_SENT_DAYS)).to_rfc3339();
    let tx = till.store_mut().write()?;
    if db::next_seq(&tx)? != seq_before {
        return Ok(None);
    }
    db::prune(&tx, &keep_from)?;
    let mut sent = db::sent(&tx, &site)?;
    let mut changed = Vec::new();
    for s in now {
        // What head office would refuse is never frozen: it would hold back nothing else,
        // but its key would be lost. It is logged for a person instead.
        if let Err(e) = s.check(&site, today) {
            tracing::warn!("not sent to head office: {e}");
            continue;
        }
        let key = (s.period.key(), s.indicator.clone(), s.breakdown.clone());
        let json = serde_json::to_string(&s.value).map_err(corrupt)?;
        if sent.remove(&key).as_deref() != Some(json.as_str()) {
            changed.push(s);
        }
    }
    // What was sent before and is gone now (a category whose only sale was voided) goes to
    // nothing, so head office does not keep a stale figure.
    let today_key = today.to_string();
    for ((period, indicator, breakdown), json) in sent {
        // A day after today (the clock was ahead) is left alone, not zeroed.
        if !looked_again(&period) || period.as_str() > today_key.as_str() {
            continue;
        }
        let Ok(before) = serde_json::from_str::<Value>(&json) else {
            continue;
        };
        let Some(shape) = super::indicators::indicator(&indicator).map(|i| i.shape) else {
            continue;
        };
        let (Some(value), Ok(period)) = (
            before.none_like(shape),
            serde_json::from_value(period.into()),
        ) else {
            continue;
        };
        if serde_json::to_string(&value).ok().as_deref() == Some(json.as_str()) {
            continue;
        }
        changed.push(super::Summary {
            site: site.clone(),
            period,
            indicator,
            breakdown,
            value,
        });
    }
    let mut ids = Vec::new();
    for chunk in changed.chunks(MAX_SUMMARIES) {
        let batch = Batch {
            id: uuid::Uuid::now_v7(),
            site: site.clone(),
            seq: db::next_seq(&tx)?,
            summaries: chunk.to_vec(),
        };
        let body = serde_json::to_string(&batch).map_err(corrupt)?;
        db::add(
            &tx,
            batch.seq,
            &batch.id.to_string(),
            &made_at,
            &body,
            chunk.len(),
        )?;
        for s in chunk {
            let key = (s.period.key(), s.indicator.clone(), s.breakdown.clone());
            let json = serde_json::to_string(&s.value).map_err(corrupt)?;
            db::remember(&tx, &site, &key, &json)?;
        }
        ids.push(batch.id);
    }
    tx.commit().map_err(crate::store::StoreError::from)?;
    Ok(Some(ids))
}

fn day_of(text: Option<String>) -> Option<NaiveDate> {
    text.and_then(|t| t.parse().ok())
}

fn corrupt(e: serde_json::Error) -> SyncError {
    SyncError::Store(crate::store::StoreError::Corrupt(e.to_string()))
}
