//! The time clock: clocking in and out, breaks, and the hours they make. Times carry their
//! UTC offset and durations are taken between instants, so a shift across midnight, or
//! across a change of the till's time-zone setting, counts exactly the time that passed.

use chrono::{DateTime, FixedOffset, TimeDelta};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ClockKind {
    In,
    Out,
    BreakStart,
    BreakEnd,
}

impl ClockKind {
    pub const ALL: [ClockKind; 4] = [
        ClockKind::In,
        ClockKind::Out,
        ClockKind::BreakStart,
        ClockKind::BreakEnd,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ClockKind::In => "in",
            ClockKind::Out => "out",
            ClockKind::BreakStart => "break_start",
            ClockKind::BreakEnd => "break_end",
        }
    }

    pub fn from_code(code: &str) -> Option<ClockKind> {
        ClockKind::ALL.into_iter().find(|k| k.code() == code)
    }
}

/// One event, at the time in force (a manager's latest correction, else as clocked).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClockEvent {
    pub id: i64,
    pub kind: ClockKind,
    pub at: DateTime<FixedOffset>,
    /// Closed by the till after a forgotten clock-out, for a manager to look at.
    pub flagged: bool,
    /// A manager has corrected it.
    pub corrected: bool,
}

/// Where a person stands on the clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClockState {
    Out,
    In { since: DateTime<FixedOffset> },
    OnBreak { since: DateTime<FixedOffset> },
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ClockError {
    #[error("already clocked in")]
    AlreadyIn,
    #[error("not clocked in")]
    NotIn,
    #[error("already on a break")]
    AlreadyOnBreak,
    #[error("not on a break")]
    NotOnBreak,
    #[error("a clock-out ({out}) cannot be before its clock-in ({clock_in})")]
    OutBeforeIn {
        clock_in: DateTime<FixedOffset>,
        out: DateTime<FixedOffset>,
    },
    #[error("the corrected time would put this event out of order with the one {0} it")]
    OutOfOrder(&'static str),
    #[error("say why the time is corrected (1 to 200 characters)")]
    Reason,
    #[error("{0} is later than now: a time is corrected to when it happened")]
    InTheFuture(DateTime<FixedOffset>),
    #[error("the till's clock reads {now}, before her last clock time {last}: check the clock")]
    ClockBehind {
        now: DateTime<FixedOffset>,
        last: DateTime<FixedOffset>,
    },
}

/// The state after `events` (oldest first).
pub fn state(events: &[ClockEvent]) -> ClockState {
    let (mut since, mut on_break) = (None, None);
    for e in events {
        match e.kind {
            ClockKind::In => (since, on_break) = (Some(e.at), None),
            ClockKind::Out => (since, on_break) = (None, None),
            ClockKind::BreakStart => on_break = Some(e.at),
            ClockKind::BreakEnd => on_break = None,
        }
    }
    match (since, on_break) {
        (None, _) => ClockState::Out,
        (Some(_), Some(b)) => ClockState::OnBreak { since: b },
        (Some(s), None) => ClockState::In { since: s },
    }
}

/// Whether `kind` may come next. A clock-out ends a break too.
pub fn check_next(state: ClockState, kind: ClockKind) -> Result<(), ClockError> {
    match (state, kind) {
        (ClockState::Out, ClockKind::In) => Ok(()),
        (_, ClockKind::In) => Err(ClockError::AlreadyIn),
        (ClockState::Out, ClockKind::Out | ClockKind::BreakStart) => Err(ClockError::NotIn),
        (_, ClockKind::Out) => Ok(()),
        (ClockState::In { .. }, ClockKind::BreakStart) => Ok(()),
        (ClockState::OnBreak { .. }, ClockKind::BreakStart) => Err(ClockError::AlreadyOnBreak),
        (ClockState::OnBreak { .. }, ClockKind::BreakEnd) => Ok(()),
        (_, ClockKind::BreakEnd) => Err(ClockError::NotOnBreak),
    }
}

/// A shift worked: from clock-in to clock-out (none while still in), less its breaks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shift {
    /// The clock-in event, and the clock-out event once there is one: what a manager
    /// corrects.
    pub start_event: i64,
    pub end_event: Option<i64>,
    pub start: DateTime<FixedOffset>,
    pub end: Option<DateTime<FixedOffset>>,
    pub breaks: TimeDelta,
    /// The till closed it after a forgotten clock-out and no manager has corrected it yet.
    pub needs_review: bool,
}

impl Shift {
    /// Time worked, up to `now` while still clocked in.
    pub fn worked(&self, now: DateTime<FixedOffset>) -> TimeDelta {
        let end = self.end.unwrap_or(now);
        (end - self.start - self.breaks).max(TimeDelta::zero())
    }
}

/// The shifts that `events` (oldest first) make. A break still open at clock-out ends there.
pub fn shifts(events: &[ClockEvent]) -> Vec<Shift> {
    let mut out = Vec::new();
    let mut open: Option<Shift> = None;
    let mut break_since: Option<DateTime<FixedOffset>> = None;
    for e in events {
        match (e.kind, open.as_mut()) {
            (ClockKind::In, None) => {
                open = Some(Shift {
                    start_event: e.id,
                    end_event: None,
                    start: e.at,
                    end: None,
                    breaks: TimeDelta::zero(),
                    needs_review: false,
                });
            }
            (ClockKind::BreakStart, Some(_)) => break_since = Some(e.at),
            (ClockKind::BreakEnd, Some(s)) => {
                if let Some(b) = break_since.take() {
                    s.breaks += (e.at - b).max(TimeDelta::zero());
                }
            }
            (ClockKind::Out, Some(s)) => {
                if let Some(b) = break_since.take() {
                    s.breaks += (e.at - b).max(TimeDelta::zero());
                }
                s.end = Some(e.at);
                s.end_event = Some(e.id);
                s.needs_review = e.flagged && !e.corrected;
                out.extend(open.take());
            }
            _ => {}
        }
    }
    out.extend(open);
    out
}

/// A forgotten clock-out is closed this long after its clock-in when nobody clocked out
/// within [`FORGOTTEN_AFTER_HOURS`] (and flagged for a manager).
pub const CLOSED_AFTER_HOURS: i64 = 8;
/// Still clocked in this long after clocking in: the clock-out was forgotten.
pub const FORGOTTEN_AFTER_HOURS: i64 = 16;

/// The clock-in of the shift still open after `events` (she is in, or on a break).
pub fn open_shift_start(events: &[ClockEvent]) -> Option<DateTime<FixedOffset>> {
    match state(events) {
        ClockState::Out => None,
        _ => events
            .iter()
            .rev()
            .find(|e| e.kind == ClockKind::In)
            .map(|e| e.at),
    }
}

/// When the shift still open after `events` counts as forgotten at `now`, the time it is
/// closed at: the end of the rostered shift it belongs to (`rostered_end`), else 8 hours
/// after its clock-in; or her last tap if that came later.
pub fn forgotten_close(
    events: &[ClockEvent],
    now: DateTime<FixedOffset>,
    rostered_end: Option<DateTime<FixedOffset>>,
) -> Option<DateTime<FixedOffset>> {
    let since = open_shift_start(events)?;
    let last = events.last().map_or(since, |e| e.at);
    let planned = rostered_end
        .filter(|end| *end > since)
        .unwrap_or(since + TimeDelta::hours(CLOSED_AFTER_HOURS));
    let close = planned.max(last);
    // A long rostered shift may end after the 16 hours: it is not forgotten before its end,
    // and a clock-out is never written later than now.
    (now - since >= TimeDelta::hours(FORGOTTEN_AFTER_HOURS) && close <= now).then_some(close)
}

/// Checks a manager's correction of event `index` of `events` to `new_at`: the events stay in
/// the order they were clocked, so a clock-out never lands before its clock-in.
pub fn check_correction(
    events: &[ClockEvent],
    index: usize,
    new_at: DateTime<FixedOffset>,
    reason: &str,
    now: DateTime<FixedOffset>,
) -> Result<(), ClockError> {
    let n = reason.trim().chars().count();
    if n == 0 || n > 200 {
        return Err(ClockError::Reason);
    }
    if new_at > now {
        return Err(ClockError::InTheFuture(new_at));
    }
    let event = &events[index];
    if let Some(before) = index.checked_sub(1).map(|i| &events[i])
        && new_at < before.at
    {
        return Err(match (before.kind, event.kind) {
            (ClockKind::In, ClockKind::Out) => ClockError::OutBeforeIn {
                clock_in: before.at,
                out: new_at,
            },
            _ => ClockError::OutOfOrder("before"),
        });
    }
    if let Some(after) = events.get(index + 1)
        && new_at > after.at
    {
        return Err(match (event.kind, after.kind) {
            (ClockKind::In, ClockKind::Out) => ClockError::OutBeforeIn {
                clock_in: new_at,
                out: after.at,
            },
            _ => ClockError::OutOfOrder("after"),
        });
    }
    Ok(())
}

/// "4 h 30" for a duration of whole minutes.
pub fn hours_text(d: TimeDelta) -> String {
    let minutes = d.num_minutes();
    format!("{} h {:02}", minutes / 60, minutes % 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(s).unwrap()
    }

    fn ev(id: i64, kind: ClockKind, t: &str) -> ClockEvent {
        ClockEvent {
            id,
            kind,
            at: at(t),
            flagged: false,
            corrected: false,
        }
    }

    #[test]
    fn a_shift_across_midnight_counts_the_time_that_passed() {
        let events = [
            ev(1, ClockKind::In, "2026-11-28T22:00:00+07:00"),
            ev(2, ClockKind::Out, "2026-11-29T02:30:00+07:00"),
        ];
        let s = shifts(&events);
        assert_eq!(s.len(), 1);
        assert_eq!(
            hours_text(s[0].worked(at("2026-11-30T00:00:00+07:00"))),
            "4 h 30"
        );
        // The till's zone changed from Vientiane to UTC in the middle: still 4 h 30.
        let events = [
            ev(1, ClockKind::In, "2026-11-28T22:00:00+07:00"),
            ev(2, ClockKind::Out, "2026-11-28T19:30:00+00:00"),
        ];
        assert_eq!(
            hours_text(shifts(&events)[0].worked(at("2026-12-01T00:00:00Z"))),
            "4 h 30"
        );
    }

    #[test]
    fn breaks_come_off_and_the_clock_keeps_order() {
        let events = [
            ev(1, ClockKind::In, "2026-11-28T07:00:00+07:00"),
            ev(2, ClockKind::BreakStart, "2026-11-28T11:00:00+07:00"),
            ev(3, ClockKind::BreakEnd, "2026-11-28T11:45:00+07:00"),
            ev(4, ClockKind::BreakStart, "2026-11-28T14:00:00+07:00"),
            ev(5, ClockKind::Out, "2026-11-28T14:15:00+07:00"),
        ];
        let s = shifts(&events);
        assert_eq!(s[0].breaks, TimeDelta::minutes(60));
        assert_eq!(
            hours_text(s[0].worked(at("2026-11-29T00:00:00+07:00"))),
            "6 h 15"
        );
        assert_eq!(state(&events), ClockState::Out);
        assert_eq!(
            state(&events[..2]),
            ClockState::OnBreak {
                since: events[1].at
            }
        );
        assert_eq!(
            state(&events[..3]),
            ClockState::In {
                since: events[0].at
            }
        );
        assert_eq!(
            check_next(ClockState::Out, ClockKind::Out),
            Err(ClockError::NotIn)
        );
        assert_eq!(
            check_next(state(&events[..1]), ClockKind::In),
            Err(ClockError::AlreadyIn)
        );
        assert!(check_next(state(&events[..2]), ClockKind::Out).is_ok());
    }

    #[test]
    fn a_correction_cannot_put_a_clock_out_before_its_clock_in() {
        let events = [
            ev(1, ClockKind::In, "2026-11-28T22:00:00+07:00"),
            ev(2, ClockKind::Out, "2026-11-29T06:00:00+07:00"),
        ];
        let now = at("2026-11-29T12:00:00+07:00");
        assert!(matches!(
            check_correction(
                &events,
                1,
                at("2026-11-28T21:00:00+07:00"),
                "left early",
                now
            ),
            Err(ClockError::OutBeforeIn { .. })
        ));
        assert_eq!(
            check_correction(&events, 1, at("2026-11-29T02:30:00+07:00"), " ", now),
            Err(ClockError::Reason)
        );
        assert!(matches!(
            check_correction(&events, 1, at("2026-11-29T13:00:00+07:00"), "late", now),
            Err(ClockError::InTheFuture(_))
        ));
        assert!(
            check_correction(&events, 1, at("2026-11-29T02:30:00+07:00"), "forgot", now).is_ok()
        );
    }

    #[test]
    fn a_clock_out_forgotten_overnight_is_closed_eight_hours_in_or_at_her_last_tap() {
        let events = [ev(1, ClockKind::In, "2026-11-28T14:00:00+07:00")];
        assert_eq!(
            forgotten_close(&events, at("2026-11-28T23:00:00+07:00"), None),
            None
        );
        assert_eq!(
            forgotten_close(&events, at("2026-11-29T07:00:00+07:00"), None),
            Some(at("2026-11-28T22:00:00+07:00"))
        );
        // A rostered end later than now (a 16-hour shift clocked into early) is not yet
        // forgotten.
        assert_eq!(
            forgotten_close(
                &events,
                at("2026-11-29T06:00:00+07:00"),
                Some(at("2026-11-29T06:30:00+07:00"))
            ),
            None
        );
        // Rostered 14:00 to 20:00: closed at the rostered end.
        assert_eq!(
            forgotten_close(
                &events,
                at("2026-11-29T07:00:00+07:00"),
                Some(at("2026-11-28T20:00:00+07:00"))
            ),
            Some(at("2026-11-28T20:00:00+07:00"))
        );
        // A break after hour 8 shows she was there: the shift closes at her last tap, not
        // before it, and the break still comes off.
        let events = [
            ev(1, ClockKind::In, "2026-11-28T07:00:00+07:00"),
            ev(2, ClockKind::BreakStart, "2026-11-28T16:00:00+07:00"),
            ev(3, ClockKind::BreakEnd, "2026-11-28T16:30:00+07:00"),
        ];
        let close = forgotten_close(&events, at("2026-11-29T07:00:00+07:00"), None).unwrap();
        assert_eq!(close, at("2026-11-28T16:30:00+07:00"));
        let mut closed = events.to_vec();
        closed.push(ClockEvent {
            id: 4,
            kind: ClockKind::Out,
            at: close,
            flagged: true,
            corrected: false,
        });
        let s = &shifts(&closed)[0];
        assert_eq!(hours_text(s.worked(close)), "9 h 00");
        assert!(s.needs_review);
        // On a break, the open shift still starts at its clock-in.
        assert_eq!(open_shift_start(&events[..2]), Some(events[0].at));
    }
}
