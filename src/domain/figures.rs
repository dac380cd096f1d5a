//! Her till figures: what the till's own records say about how a trainee works at the counter
//! over the last four weeks, as evidence a manager can attach to "taking an order and handling
//! cash at the till" with one tap. Orders live and practice per week, the median time from the
//! first tap to payment, corrections before payment, her sales voided or refunded, the drawer
//! counts of the shifts she closed, and her drill scores.

use super::menu::Lang;
use super::money::Money;
use super::sale::Pace;
use super::skills::Rating;
use chrono::{Datelike, NaiveDate, TimeDelta};

/// Milliseconds to the nearest second.
pub fn seconds(ms: u32) -> u32 {
    ms / 1000 + u32::from(ms % 1000 >= 500)
}

/// The figures cover this week and the three before it.
pub const WEEKS: usize = 4;
/// Drills a suggested rating needs in the four weeks: one lucky card says little.
pub const DRILLS_TO_RATE: usize = 3;
/// The drill average (out of 100) that suggests competent, and developing.
pub const COMPETENT_AVERAGE: u32 = 90;
pub const DEVELOPING_AVERAGE: u32 = 60;

/// One order she rang up (a sale or a practice order): its day and, where the till saw the
/// first tap, its pace.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rung {
    pub on: NaiveDate,
    pub pace: Option<Pace>,
}

/// One drill she finished.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DrillMark {
    pub on: NaiveDate,
    pub points: u32,
    pub change_right: bool,
}

/// Orders in one week, from Monday.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Week {
    pub from: NaiveDate,
    pub live: u32,
    /// Practice orders and drills.
    pub practice: u32,
}

/// A shift she closed: its number, day, and what the count found against what the drawer
/// should hold, in each currency counted (negative: short).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClosedShift {
    pub session_no: i64,
    pub on: NaiveDate,
    pub over_short: Vec<Money>,
}

/// Her till figures over the four weeks up to `until`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TillFigures {
    pub since: NaiveDate,
    pub until: NaiveDate,
    /// Oldest first.
    pub weeks: Vec<Week>,
    /// The median time from first tap to payment over the orders timed (live and practice).
    pub median_pace_ms: Option<u32>,
    pub timed: u32,
    /// Of the orders timed, how many had a line taken off or lowered, or a step undone.
    pub corrected: u32,
    /// Her sales, and how many of them were voided, or refunded in part or whole.
    pub sales: u32,
    pub voided: u32,
    pub refunded: u32,
    pub shifts: Vec<ClosedShift>,
    pub drills: u32,
    pub drill_average: Option<u32>,
    pub change_right: u32,
}

/// The Monday of the week `day` is in.
fn monday(day: NaiveDate) -> NaiveDate {
    day - TimeDelta::days(i64::from(day.weekday().num_days_from_monday()))
}

/// The first day the figures up to `until` cover: the Monday three weeks before this week's.
pub fn since(until: NaiveDate) -> NaiveDate {
    monday(until) - TimeDelta::weeks(WEEKS as i64 - 1)
}

impl TillFigures {
    /// The figures up to `until` from her sales, practice orders, returns of her sales
    /// (voided, refunded), shifts closed and drills; anything before [`since`] is left out.
    pub fn new(
        until: NaiveDate,
        sales: &[Rung],
        practice: &[Rung],
        (voided, refunded): (u32, u32),
        shifts: Vec<ClosedShift>,
        drills: &[DrillMark],
    ) -> TillFigures {
        let since = since(until);
        let within = |d: NaiveDate| since <= d && d <= until;
        let mut weeks: Vec<Week> = (0..WEEKS)
            .map(|i| Week {
                from: since + TimeDelta::weeks(i as i64),
                live: 0,
                practice: 0,
            })
            .collect();
        let week = |d: NaiveDate| ((d - since).num_days() / 7) as usize;
        let sales: Vec<&Rung> = sales.iter().filter(|r| within(r.on)).collect();
        let practice: Vec<&Rung> = practice.iter().filter(|r| within(r.on)).collect();
        let drills: Vec<&DrillMark> = drills.iter().filter(|d| within(d.on)).collect();
        for r in &sales {
            weeks[week(r.on)].live += 1;
        }
        for d in practice
            .iter()
            .map(|r| r.on)
            .chain(drills.iter().map(|d| d.on))
        {
            weeks[week(d)].practice += 1;
        }
        let mut paces: Vec<Pace> = sales
            .iter()
            .chain(&practice)
            .filter_map(|r| r.pace)
            .collect();
        paces.sort_by_key(|p| p.ms);
        let median_pace_ms = match paces.len() {
            0 => None,
            n if n % 2 == 1 => Some(paces[n / 2].ms),
            n => Some(((u64::from(paces[n / 2 - 1].ms) + u64::from(paces[n / 2].ms)) / 2) as u32),
        };
        let points: u32 = drills.iter().map(|d| d.points).sum();
        TillFigures {
            since,
            until,
            weeks,
            median_pace_ms,
            timed: paces.len() as u32,
            corrected: paces.iter().filter(|p| p.corrections > 0).count() as u32,
            sales: sales.len() as u32,
            voided,
            refunded,
            shifts: shifts.into_iter().filter(|s| within(s.on)).collect(),
            drills: drills.len() as u32,
            // Rounded to the nearest point.
            drill_average: (!drills.is_empty())
                .then(|| (points + drills.len() as u32 / 2) / drills.len() as u32),
            change_right: drills.iter().filter(|d| d.change_right).count() as u32,
        }
    }

    /// The rating her drills suggest: competent at an average of 90 or more with every change
    /// right, developing at 60 or more, not yet below; none before three drills. Never "can
    /// coach": coaching is seen, not scored.
    pub fn suggested_rating(&self) -> Option<Rating> {
        let average = self.drill_average?;
        if (self.drills as usize) < DRILLS_TO_RATE {
            return None;
        }
        Some(match average {
            a if a >= COMPETENT_AVERAGE && self.change_right == self.drills => Rating::Competent,
            a if a >= DEVELOPING_AVERAGE => Rating::Developing,
            _ => Rating::NotYet,
        })
    }

    /// Her orders in the four weeks, live and practice.
    pub fn orders(&self) -> (u32, u32) {
        self.weeks
            .iter()
            .fold((0, 0), |(l, p), w| (l + w.live, p + w.practice))
    }

    /// What the shifts she closed came to, per currency (each shift's over and short added).
    pub fn over_short(&self) -> Vec<Money> {
        let mut out: Vec<Money> = Vec::new();
        for m in self.shifts.iter().flat_map(|s| &s.over_short) {
            match out.iter_mut().find(|o| o.currency() == m.currency()) {
                Some(o) => *o = o.checked_add(*m).unwrap_or(*o),
                None => out.push(*m),
            }
        }
        out
    }

    /// The figures in a line or two, as the note of the evidence they are attached as (at
    /// most 200 characters).
    pub fn note(&self, lang: Lang) -> String {
        let (live, practice) = self.orders();
        let pace = self
            .median_pace_ms
            .map(seconds)
            .map(|s| match lang {
                Lang::En => format!(", median {s} s to pay"),
                Lang::Lo => format!(", ກາງ {s} ວິ ຮອດຈ່າຍ"),
            })
            .unwrap_or_default();
        let drills = match (self.drill_average, lang) {
            (Some(a), Lang::En) => format!("; drills {}, average {a}", self.drills),
            (Some(a), Lang::Lo) => format!("; ຝຶກ {} ເທື່ອ, ສະເລ່ຍ {a}", self.drills),
            (None, _) => String::new(),
        };
        let shifts = if self.shifts.is_empty() {
            String::new()
        } else {
            let sums: Vec<String> = self.over_short().iter().map(|m| signed(*m)).collect();
            match lang {
                Lang::En => format!("; shifts closed {}, {}", self.shifts.len(), sums.join(" ")),
                Lang::Lo => format!("; ປິດ {} ກະ, {}", self.shifts.len(), sums.join(" ")),
            }
        };
        let text = match lang {
            Lang::En => format!(
                "Till, 4 weeks: orders {live} live + {practice} practice{pace}; voided or refunded {} of {} sales{drills}{shifts}",
                self.voided + self.refunded,
                self.sales
            ),
            Lang::Lo => format!(
                "ເຄື່ອງຂາຍ 4 ອາທິດ: {live} ອໍເດີ, ຝຶກ {practice}{pace}; ຍົກເລີກ ຫຼື ຄືນເງິນ {} ໃນ {}{drills}{shifts}",
                self.voided + self.refunded,
                self.sales
            ),
        };
        text.chars().take(200).collect()
    }
}

/// "+1,000 ₭", "-5,000 ₭", "0 ₭".
pub fn signed(m: Money) -> String {
    if m.minor() > 0 {
        format!("+{m}")
    } else {
        m.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn rung(on: &str, ms: Option<u32>, corrections: u32) -> Rung {
        Rung {
            on: d(on),
            pace: ms.map(|ms| Pace { ms, corrections }),
        }
    }

    #[test]
    fn four_weeks_from_monday_and_nothing_older() {
        // Wednesday 2 December 2026: this week is from Monday 30 November.
        let until = d("2026-12-02");
        assert_eq!(since(until), d("2026-11-09"));
        let sales = [
            rung("2026-11-08", Some(1_000), 0), // the Sunday before: left out
            rung("2026-11-09", Some(40_000), 0),
            rung("2026-11-20", Some(60_000), 1),
            rung("2026-12-02", None, 0),
        ];
        let practice = [rung("2026-11-30", Some(90_000), 2)];
        let drills = [DrillMark {
            on: d("2026-11-16"),
            points: 70,
            change_right: false,
        }];
        let f = TillFigures::new(until, &sales, &practice, (1, 0), Vec::new(), &drills);
        let per_week: Vec<(u32, u32)> = f.weeks.iter().map(|w| (w.live, w.practice)).collect();
        assert_eq!(per_week, [(1, 0), (1, 1), (0, 0), (1, 1)]);
        assert_eq!(f.weeks[3].from, d("2026-11-30"));
        assert_eq!(f.sales, 3);
        // Three timed orders (the untimed sale is not guessed): 40, 60, 90 s.
        assert_eq!(
            (f.timed, f.median_pace_ms, f.corrected),
            (3, Some(60_000), 2)
        );
        // An even count takes the middle two's mean.
        let f = TillFigures::new(until, &sales[..3], &[], (0, 0), Vec::new(), &[]);
        assert_eq!(f.median_pace_ms, Some(50_000));
        assert_eq!(f.suggested_rating(), None);
    }

    #[test]
    fn drills_suggest_a_rating_only_from_three_on() {
        let until = d("2026-12-02");
        let mark = |points, change_right| DrillMark {
            on: d("2026-12-01"),
            points,
            change_right,
        };
        let rate = |marks: &[DrillMark]| {
            TillFigures::new(until, &[], &[], (0, 0), Vec::new(), marks).suggested_rating()
        };
        assert_eq!(rate(&[mark(100, true), mark(100, true)]), None);
        assert_eq!(
            rate(&[mark(100, true), mark(90, true), mark(80, true)]),
            Some(Rating::Competent)
        );
        // A high average with a wrong change is not yet competent with cash.
        assert_eq!(
            rate(&[mark(100, true), mark(100, true), mark(80, false)]),
            Some(Rating::Developing)
        );
        assert_eq!(
            rate(&[mark(40, true), mark(60, false), mark(50, true)]),
            Some(Rating::NotYet)
        );
    }

    #[test]
    fn the_note_says_the_figures_and_fits() {
        let until = d("2026-12-02");
        let shifts = vec![
            ClosedShift {
                session_no: 4,
                on: d("2026-11-20"),
                over_short: vec![Money::lak(-5_000)],
            },
            ClosedShift {
                session_no: 7,
                on: d("2026-12-01"),
                over_short: vec![Money::lak(2_000)],
            },
        ];
        let drills = [DrillMark {
            on: d("2026-12-01"),
            points: 85,
            change_right: true,
        }];
        let sales = [rung("2026-12-01", Some(47_400), 0)];
        let f = TillFigures::new(until, &sales, &[], (0, 1), shifts, &drills);
        assert_eq!(f.over_short(), [Money::lak(-3_000)]);
        assert_eq!(
            f.note(Lang::En),
            "Till, 4 weeks: orders 1 live + 1 practice, median 47 s to pay; voided or refunded 1 of 1 sales; drills 1, average 85; shifts closed 2, -3,000 ₭"
        );
        assert!(f.note(Lang::Lo).chars().count() <= 200);
    }
}
