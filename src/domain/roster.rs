//! The roster: a weekly plan of one shift per person per day, in the till's local time, and
//! attendance against it (on time, late by minutes, missed, extra).

use super::clock::Shift;
use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, NaiveTime, TimeDelta, Timelike};

/// The longest shift a roster plans.
pub const MAX_SHIFT_MINUTES: u32 = 16 * 60;
/// Clocking in up to this many minutes after the planned start is on time.
pub const GRACE_MINUTES: i64 = 5;
/// A clock-in this long before a planned start still counts for that shift.
pub const EARLY_MINUTES: i64 = 120;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RosterError {
    #[error("a roster shift is from 1 minute to 16 hours long, not {}", super::clock::hours_text(TimeDelta::minutes(i64::from(*.0))))]
    Length(u32),
    #[error("a roster shift starts on a whole minute ({0} is not one)")]
    Start(NaiveTime),
}

/// A planned shift: when it starts (the till's local time) and how long it is. Only built by
/// [`Planned::new`], so never 0 minutes and never over 16 hours.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Planned {
    start: NaiveTime,
    minutes: u32,
}

impl Planned {
    pub fn new(start: NaiveTime, minutes: u32) -> Result<Planned, RosterError> {
        if minutes == 0 || minutes > MAX_SHIFT_MINUTES {
            return Err(RosterError::Length(minutes));
        }
        if start.second() != 0 || start.nanosecond() != 0 {
            return Err(RosterError::Start(start));
        }
        Ok(Planned { start, minutes })
    }

    pub fn start(&self) -> NaiveTime {
        self.start
    }

    pub fn minutes(&self) -> u32 {
        self.minutes
    }

    pub fn length(&self) -> TimeDelta {
        TimeDelta::minutes(i64::from(self.minutes))
    }

    /// The planned start and end on `day`, in the zone `offset`.
    pub fn on(
        &self,
        day: NaiveDate,
        offset: FixedOffset,
    ) -> (DateTime<FixedOffset>, DateTime<FixedOffset>) {
        let start = local(day.and_time(self.start), offset);
        (start, start + self.length())
    }

    /// Whether a clock-in at `at` is for this shift on `day`: from two hours before its start
    /// until its end.
    pub fn takes_clock_in(
        &self,
        day: NaiveDate,
        offset: FixedOffset,
        at: DateTime<FixedOffset>,
    ) -> bool {
        let (start, end) = self.on(day, offset);
        at >= start - TimeDelta::minutes(EARLY_MINUTES) && at < end
    }

    /// "07:00–15:00".
    pub fn text(&self) -> String {
        let end = self.start + self.length();
        format!("{}–{}", self.start.format("%H:%M"), end.format("%H:%M"))
    }
}

fn local(t: chrono::NaiveDateTime, offset: FixedOffset) -> DateTime<FixedOffset> {
    // A fixed offset has no gaps or folds: every local time is exactly one instant.
    DateTime::from_naive_utc_and_offset(t - offset, offset)
}

/// The Monday of the week `day` falls in.
pub fn week_of(day: NaiveDate) -> NaiveDate {
    day - TimeDelta::days(i64::from(day.weekday().num_days_from_monday()))
}

/// How a day of the roster went for a person.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Attendance {
    /// Not happened yet (or under way without a clock-in so far).
    Planned,
    OnTime,
    /// Clocked in this many minutes after the planned start (more than the grace).
    Late(i64),
    /// The shift's planned end passed without a clock-in.
    Missed,
    /// Worked without a rostered shift.
    Extra,
}

/// A day of one person's week: the plan, how it went, and the time worked in shifts started
/// that day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Day {
    pub date: NaiveDate,
    pub plan: Option<Planned>,
    pub attendance: Option<Attendance>,
    pub worked: TimeDelta,
    /// A shift of this day was closed by the till after a forgotten clock-out and waits for a
    /// manager.
    pub to_review: bool,
}

/// How late a worked shift started against a planned shift on `day`, if it is that shift's.
fn matches(
    plan: &Planned,
    day: NaiveDate,
    offset: FixedOffset,
    shift: &Shift,
) -> Option<TimeDelta> {
    plan.takes_clock_in(day, offset, shift.start)
        .then(|| shift.start - plan.on(day, offset).0)
}

/// One person's days from `from` to `to` (inclusive): each planned shift against the worked
/// shifts (oldest first), at `now`, in the till's zone `offset`. A worked shift that no plan
/// matches counts as extra on the day it started.
pub fn attendance(
    plans: &[(NaiveDate, Planned)],
    worked: &[Shift],
    from: NaiveDate,
    to: NaiveDate,
    now: DateTime<FixedOffset>,
) -> Vec<Day> {
    let offset = *now.offset();
    let mut used = vec![false; worked.len()];
    let mut days: Vec<Day> = from
        .iter_days()
        .take_while(|d| *d <= to)
        .map(|date| Day {
            date,
            plan: plans.iter().find(|(d, _)| *d == date).map(|(_, p)| *p),
            attendance: None,
            worked: TimeDelta::zero(),
            to_review: false,
        })
        .collect();
    for day in &mut days {
        let Some(plan) = day.plan else { continue };
        let found = worked.iter().enumerate().find_map(|(i, s)| {
            (!used[i])
                .then(|| matches(&plan, day.date, offset, s).map(|late| (i, late)))
                .flatten()
        });
        day.attendance = Some(match found {
            Some((i, late)) => {
                used[i] = true;
                let minutes = late.num_minutes();
                if minutes > GRACE_MINUTES {
                    Attendance::Late(minutes)
                } else {
                    Attendance::OnTime
                }
            }
            None if now >= plan.on(day.date, offset).1 => Attendance::Missed,
            None => Attendance::Planned,
        });
    }
    for (i, s) in worked.iter().enumerate() {
        let date = s.start.with_timezone(&offset).date_naive();
        let Some(day) = days.iter_mut().find(|d| d.date == date) else {
            continue;
        };
        day.worked += s.worked(now);
        day.to_review |= s.needs_review;
        if !used[i] && day.attendance.is_none() {
            day.attendance = Some(Attendance::Extra);
        }
    }
    days
}

/// Counts of a span of days: how many on time, late (and minutes late in all), missed, extra.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    pub on_time: usize,
    pub late: usize,
    pub late_minutes: i64,
    pub missed: usize,
    pub extra: usize,
    pub planned: TimeDelta,
    pub worked: TimeDelta,
}

pub fn tally(days: &[Day]) -> Tally {
    let mut t = Tally::default();
    for d in days {
        match d.attendance {
            Some(Attendance::OnTime) => t.on_time += 1,
            Some(Attendance::Late(m)) => {
                t.late += 1;
                t.late_minutes += m;
            }
            Some(Attendance::Missed) => t.missed += 1,
            Some(Attendance::Extra) => t.extra += 1,
            Some(Attendance::Planned) | None => {}
        }
        t.planned += d.plan.map_or(TimeDelta::zero(), |p| p.length());
        t.worked += d.worked;
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn vientiane() -> FixedOffset {
        FixedOffset::east_opt(7 * 3600).unwrap()
    }

    fn at(d: u32, h: u32, m: u32) -> DateTime<FixedOffset> {
        vientiane().with_ymd_and_hms(2026, 11, d, h, m, 0).unwrap()
    }

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
    }

    fn plan(h: u32, minutes: u32) -> Planned {
        Planned::new(NaiveTime::from_hms_opt(h, 0, 0).unwrap(), minutes).unwrap()
    }

    fn worked(start: DateTime<FixedOffset>, end: DateTime<FixedOffset>) -> Shift {
        Shift {
            start_event: 1,
            end_event: Some(2),
            start,
            end: Some(end),
            breaks: TimeDelta::zero(),
            needs_review: false,
        }
    }

    #[test]
    fn a_shift_is_one_minute_to_sixteen_hours() {
        let seven = NaiveTime::from_hms_opt(7, 0, 0).unwrap();
        assert_eq!(Planned::new(seven, 0), Err(RosterError::Length(0)));
        assert_eq!(Planned::new(seven, 961), Err(RosterError::Length(961)));
        assert_eq!(
            Planned::new(seven, 0).unwrap_err().to_string(),
            "a roster shift is from 1 minute to 16 hours long, not 0 h 00"
        );
        assert!(Planned::new(seven, 960).is_ok());
        // Across midnight is fine: 22:00 for 8 hours.
        assert_eq!(plan(22, 480).text(), "22:00–06:00");
        assert_eq!(week_of(day(29)), day(23));
        assert_eq!(week_of(day(23)), day(23));
    }

    #[test]
    fn on_time_late_missed_extra() {
        let plans = [
            (day(23), plan(7, 480)),
            (day(24), plan(7, 480)),
            (day(25), plan(7, 480)),
            (day(28), plan(22, 300)),
        ];
        let shifts = [
            worked(at(23, 6, 55), at(23, 15, 0)),
            worked(at(24, 7, 12), at(24, 15, 0)),
            // 25th: nobody came. 26th: an extra shift.
            worked(at(26, 9, 0), at(26, 13, 0)),
            // 28th: the night shift, on time within the grace.
            worked(at(28, 22, 4), at(29, 2, 30)),
        ];
        let days = attendance(&plans, &shifts, day(23), day(29), at(30, 9, 0));
        let a: Vec<_> = days.iter().map(|d| d.attendance).collect();
        assert_eq!(
            a,
            [
                Some(Attendance::OnTime),
                Some(Attendance::Late(12)),
                Some(Attendance::Missed),
                Some(Attendance::Extra),
                None,
                Some(Attendance::OnTime),
                None
            ]
        );
        assert_eq!(days[5].worked, TimeDelta::minutes(266));
        let t = tally(&days);
        assert_eq!(
            (t.on_time, t.late, t.late_minutes, t.missed, t.extra),
            (2, 1, 12, 1, 1)
        );
        assert_eq!(t.planned, TimeDelta::hours(29));
        // Before the 25th's shift ended, it is still only planned.
        let days = attendance(&plans, &shifts[..2], day(25), day(25), at(25, 14, 0));
        assert_eq!(days[0].attendance, Some(Attendance::Planned));
    }
}
