//! The indicators a site may send: one line each. To add one, add its line here and put its
//! value in `summaries`; head office accepts, stores and shows it from this table.

/// What an indicator's value is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// A count of things (sales, minutes), never of people.
    Count,
    /// A count of things that a few women did: suppressed when fewer than k did them.
    CountOver,
    /// A count of people: suppressed below k.
    People,
    /// An amount of money.
    Money,
    /// A figure of money over people (a median wage): suppressed below k.
    MoneyOver,
    /// The journal's head.
    Anchor,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Every {
    Day,
    Month,
}

#[derive(Debug)]
pub struct Indicator {
    pub code: &'static str,
    pub every: Every,
    pub shape: Shape,
    /// What the breakdown is, if it has one.
    pub breakdown: Option<&'static str>,
    pub definition: &'static str,
}

const fn day(code: &'static str, shape: Shape, definition: &'static str) -> Indicator {
    Indicator {
        code,
        every: Every::Day,
        shape,
        breakdown: None,
        definition,
    }
}

const fn month(code: &'static str, shape: Shape, definition: &'static str) -> Indicator {
    Indicator {
        code,
        every: Every::Month,
        shape,
        breakdown: None,
        definition,
    }
}

const fn by(mut i: Indicator, breakdown: &'static str) -> Indicator {
    i.breakdown = Some(breakdown);
    i
}

pub const INDICATORS: &[Indicator] = &[
    day(
        "orders",
        Shape::Count,
        "Sales paid that day (practice excluded).",
    ),
    day(
        "gross",
        Shape::Money,
        "What the day's sales took after discounts, VAT included.",
    ),
    day(
        "vat",
        Shape::Money,
        "VAT of the day's sales less the VAT its returns gave back.",
    ),
    day(
        "net",
        Shape::Money,
        "Gross less what the day's voids and returns gave back.",
    ),
    day("voids", Shape::Count, "Sales voided that day."),
    day("voided", Shape::Money, "What the day's voids gave back."),
    day("refunds", Shape::Count, "Returns made that day."),
    day(
        "refunded",
        Shape::Money,
        "What the day's returns gave back.",
    ),
    by(
        day(
            "gross_by_category",
            Shape::Money,
            "Takings by menu category.",
        ),
        "category",
    ),
    by(
        day(
            "by_tender",
            Shape::Money,
            "Takings by tender, in the tender's own currency.",
        ),
        "tender",
    ),
    day(
        "journal_head",
        Shape::Anchor,
        "The till's journal at the day's end: its sequence and hash. Head office keeps it, so the site cannot rewrite its past unseen.",
    ),
    month(
        "trainees_active",
        Shape::People,
        "Trainees in the programme at any time that month.",
    ),
    month(
        "enrolments",
        Shape::People,
        "Trainees who started the programme that month.",
    ),
    month(
        "graduates",
        Shape::People,
        "Trainees who graduated that month.",
    ),
    month(
        "minutes_trained",
        Shape::CountOver,
        "Minutes trainees were clocked in that month.",
    ),
    by(
        month(
            "competencies_signed_off",
            Shape::CountOver,
            "Competencies signed off by an assessor that month.",
        ),
        "level",
    ),
    month(
        "drills_taken",
        Shape::CountOver,
        "Practice drills taken at the till that month.",
    ),
    by(
        month(
            "placements_started",
            Shape::People,
            "Graduates who started a job that month.",
        ),
        "sector",
    ),
    by(
        month(
            "median_starting_wage",
            Shape::MoneyOver,
            "Median monthly wage of the jobs started that month.",
        ),
        "currency",
    ),
    by(
        month(
            "retention_due",
            Shape::People,
            "Placements whose 3-, 6- or 12-month follow-up fell due that month.",
        ),
        "months",
    ),
    by(
        month(
            "retention_employed",
            Shape::People,
            "Of those, women reached and in work.",
        ),
        "months",
    ),
    by(
        month(
            "retention_reached",
            Shape::People,
            "Of those, women reached at all (coverage).",
        ),
        "months",
    ),
    month(
        "follow_ups_overdue",
        Shape::People,
        "Follow-ups overdue at the month's end.",
    ),
];

/// The indicator with this code.
pub fn indicator(code: &str) -> Option<&'static Indicator> {
    INDICATORS.iter().find(|i| i.code == code)
}
