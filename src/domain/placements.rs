//! Job placements with the café's employer partners, the follow-ups of each woman's first year
//! in the job, and the programme's outcome indicators, each with the definition shown beside
//! its value. No I/O: the store keeps these, the screens show them.
//!
//! A placement, a wage and a follow-up can only be built in a way that makes sense (a start
//! after the referral, a follow-up after the start, a wage that is not negative or absurd), so
//! an indicator never has to guess what a record meant.

use super::id_newtype;
use super::money::{Currency, Money};
use super::staff::StaffId;
use chrono::{Months, NaiveDate};
use std::collections::BTreeMap;

id_newtype!(
    /// UUIDv7 of an employer partner.
    EmployerId
);

/// Months after the start at which a placement is followed up.
pub const FOLLOW_UP_MONTHS: [u32; 4] = [1, 3, 6, 12];
/// A follow-up can be made this many days before it falls due.
pub const FOLLOW_UP_GRACE_DAYS: i64 = 14;
/// A graduate counts as placed when her job started within this many months of graduating.
pub const PLACED_WITHIN_MONTHS: u32 = 3;

/// What an employer partner does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Sector {
    Hotel,
    CafeRestaurant,
    Retail,
    Garment,
    Office,
    Other,
}

impl Sector {
    pub const ALL: [Sector; 6] = [
        Sector::Hotel,
        Sector::CafeRestaurant,
        Sector::Retail,
        Sector::Garment,
        Sector::Office,
        Sector::Other,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Sector::Hotel => "hotel",
            Sector::CafeRestaurant => "cafe-restaurant",
            Sector::Retail => "retail",
            Sector::Garment => "garment",
            Sector::Office => "office",
            Sector::Other => "other",
        }
    }

    pub fn from_code(code: &str) -> Option<Sector> {
        Sector::ALL.into_iter().find(|s| s.code() == code)
    }
}

/// Where a placement is in the pipeline; it only moves forward.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Stage {
    Referred,
    Interview,
    Offered,
    Started,
    Ended,
}

impl Stage {
    pub const ALL: [Stage; 5] = [
        Stage::Referred,
        Stage::Interview,
        Stage::Offered,
        Stage::Started,
        Stage::Ended,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Stage::Referred => "referred",
            Stage::Interview => "interview",
            Stage::Offered => "offered",
            Stage::Started => "started",
            Stage::Ended => "ended",
        }
    }

    pub fn from_code(code: &str) -> Option<Stage> {
        Stage::ALL.into_iter().find(|s| s.code() == code)
    }
}

/// The kind of contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Contract {
    Permanent,
    FixedTerm,
    Casual,
    Apprenticeship,
}

impl Contract {
    pub const ALL: [Contract; 4] = [
        Contract::Permanent,
        Contract::FixedTerm,
        Contract::Casual,
        Contract::Apprenticeship,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Contract::Permanent => "permanent",
            Contract::FixedTerm => "fixed-term",
            Contract::Casual => "casual",
            Contract::Apprenticeship => "apprenticeship",
        }
    }

    pub fn from_code(code: &str) -> Option<Contract> {
        Contract::ALL.into_iter().find(|c| c.code() == code)
    }
}

/// Why a job ended (or, for a referral that never became a job, that she was not hired).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EndReason {
    BetterJob,
    MovedAway,
    ContractEnded,
    LetGo,
    OwnChoice,
    /// The referral closed before any start: not taken on, or the offer not taken up.
    NotHired,
}

impl EndReason {
    pub const ALL: [EndReason; 6] = [
        EndReason::BetterJob,
        EndReason::MovedAway,
        EndReason::ContractEnded,
        EndReason::LetGo,
        EndReason::OwnChoice,
        EndReason::NotHired,
    ];

    pub fn code(self) -> &'static str {
        match self {
            EndReason::BetterJob => "better-job",
            EndReason::MovedAway => "moved-away",
            EndReason::ContractEnded => "contract-ended",
            EndReason::LetGo => "let-go",
            EndReason::OwnChoice => "own-choice",
            EndReason::NotHired => "not-hired",
        }
    }

    pub fn from_code(code: &str) -> Option<EndReason> {
        EndReason::ALL.into_iter().find(|r| r.code() == code)
    }
}

/// Where the partnership agreement with an employer stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Agreement {
    /// No agreement (yet): placements can still be made.
    None,
    InTalks,
    Signed,
    Lapsed,
}

impl Agreement {
    pub const ALL: [Agreement; 4] = [
        Agreement::None,
        Agreement::InTalks,
        Agreement::Signed,
        Agreement::Lapsed,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Agreement::None => "none",
            Agreement::InTalks => "in-talks",
            Agreement::Signed => "signed",
            Agreement::Lapsed => "lapsed",
        }
    }

    pub fn from_code(code: &str) -> Option<Agreement> {
        Agreement::ALL.into_iter().find(|a| a.code() == code)
    }
}

/// An employer partner as the café keeps it: who they are, where, whom to call, and where the
/// agreement stands. Kept on the till only (its note and its contact's phone never leave).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Employer {
    name: String,
    pub sector: Sector,
    city: String,
    country: String,
    contact_name: String,
    contact_phone: String,
    pub agreement: Agreement,
    /// The day the agreement reached its status (none without an agreement).
    pub agreement_on: Option<NaiveDate>,
    note: String,
}

/// The longest note on a partner or a follow-up: a line or two.
pub const MAX_NOTE_CHARS: usize = 200;

fn text(
    value: &str,
    field: &'static str,
    min: usize,
    max: usize,
) -> Result<String, PlacementError> {
    let v = value.trim();
    let n = v.chars().count();
    if n < min || n > max || v.chars().any(char::is_control) {
        return Err(PlacementError::Field { field, min, max });
    }
    Ok(v.to_owned())
}

impl Employer {
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        name: &str,
        sector: Sector,
        city: &str,
        country: &str,
        contact_name: &str,
        contact_phone: &str,
        agreement: Agreement,
        agreement_on: Option<NaiveDate>,
        note: &str,
    ) -> Result<Employer, PlacementError> {
        let phone = text(contact_phone, "contact phone", 0, 30)?;
        if !phone
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '+' | ' ' | '-' | '(' | ')'))
        {
            return Err(PlacementError::Phone);
        }
        match (agreement, agreement_on) {
            (Agreement::None, Some(_)) => return Err(PlacementError::AgreementDate),
            (Agreement::InTalks | Agreement::Signed | Agreement::Lapsed, None) => {
                return Err(PlacementError::AgreementDate);
            }
            _ => {}
        }
        Ok(Employer {
            name: text(name, "partner name", 1, 80)?,
            sector,
            city: text(city, "city", 1, 60)?,
            country: text(country, "country", 1, 40)?,
            contact_name: text(contact_name, "contact person", 0, 80)?,
            contact_phone: phone,
            agreement,
            agreement_on,
            note: text(note, "note", 0, MAX_NOTE_CHARS)?,
        })
    }

    pub fn name(&self) -> &str {
        &self.name
    }
    pub fn city(&self) -> &str {
        &self.city
    }
    pub fn country(&self) -> &str {
        &self.country
    }
    pub fn contact_name(&self) -> &str {
        &self.contact_name
    }
    pub fn contact_phone(&self) -> &str {
        &self.contact_phone
    }
    pub fn note(&self) -> &str {
        &self.note
    }

    /// The same partner under another spelling of its name (case and spaces aside).
    pub fn same_name(&self, other: &str) -> bool {
        self.name.to_lowercase() == other.trim().to_lowercase()
    }
}

/// A note on a follow-up: a line or two, checked like a partner's.
pub fn follow_up_note(note: &str) -> Result<String, PlacementError> {
    text(note, "note", 0, MAX_NOTE_CHARS)
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlacementError {
    #[error("a wage cannot be negative ({0})")]
    NegativeWage(Money),
    #[error("a monthly wage of {0} is more than any job on offer ({1} at most): check the number")]
    AbsurdWage(Money, Money),
    #[error("the job cannot start ({start}) before she was referred ({referred})")]
    StartBeforeReferral {
        start: NaiveDate,
        referred: NaiveDate,
    },
    #[error("the job cannot end ({end}) before it started ({start})")]
    EndBeforeStart { end: NaiveDate, start: NaiveDate },
    #[error(
        "a job that has not started cannot end: a referral that came to nothing closes as not hired"
    )]
    NotStarted,
    #[error("the referral cannot close ({end}) before she was referred ({referred})")]
    EndBeforeReferral { end: NaiveDate, referred: NaiveDate },
    #[error("the job ended already")]
    Ended,
    #[error("the job started already, on {0}")]
    Started(NaiveDate),
    #[error("she has an open placement with {0} already")]
    Duplicate(String),
    #[error("the follow-up at {month} months is due on {due}: {on} is too early")]
    FollowUpTooEarly {
        month: u32,
        due: NaiveDate,
        on: NaiveDate,
    },
    #[error("a follow-up that found her out of work has no employer or wage")]
    NotEmployed,
    #[error(
        "a placement at {} cannot move to {}: it only moves forward, and a start or an end is recorded with its date", at.code(), to.code()
    )]
    Backwards { at: Stage, to: Stage },
    #[error("a job title is 1 to 80 characters")]
    JobTitle,
    #[error("hours per week are 1 to 84, not {0}")]
    Hours(u32),
    #[error("a follow-up is at 1, 3, 6 or 12 months, not {0}")]
    NoSuchFollowUp(u32),
    #[error("the follow-up ({on}) cannot be before the job started ({start})")]
    FollowUpBeforeStart { on: NaiveDate, start: NaiveDate },
    #[error("the {field} is {min} to {max} characters, with no line breaks")]
    Field {
        field: &'static str,
        min: usize,
        max: usize,
    },
    #[error("a phone number is digits, spaces, +, - and brackets")]
    Phone,
    #[error("an agreement in talks, signed or lapsed has its date; no agreement has none")]
    AgreementDate,
    #[error("she answered about follow-ups on {on}, before she was referred ({referred})")]
    ConsentBeforeReferral { on: NaiveDate, referred: NaiveDate },
    #[error("the job has not started: its follow-ups come after the start")]
    NoFollowUpYet,
    #[error("the day {on} has not come yet")]
    Future { on: NaiveDate },
}

/// A monthly wage in LAK, THB or USD (some jobs are across the border): never negative, and
/// never more than any job the programme places women in, so a slip of the finger (an extra
/// zero) is caught where it is typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Wage(Money);

impl Wage {
    /// The most a month's wage can be, per currency (about 1,000 US dollars, several times what
    /// the programme's jobs pay: a wage typed with an extra zero is over it).
    pub fn ceiling(currency: Currency) -> Money {
        let whole = match currency {
            Currency::Lak => 20_000_000,
            Currency::Thb => 40_000,
            Currency::Usd => 1_500,
        };
        Money::new(currency, whole * 10i64.pow(currency.decimals()))
    }

    pub fn new(money: Money) -> Result<Wage, PlacementError> {
        if money.is_negative() {
            return Err(PlacementError::NegativeWage(money));
        }
        let ceiling = Wage::ceiling(money.currency());
        if money.minor() > ceiling.minor() {
            return Err(PlacementError::AbsurdWage(money, ceiling));
        }
        Ok(Wage(money))
    }

    pub fn money(self) -> Money {
        self.0
    }
}

/// Her answer, with its date, to being contacted for follow-ups.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Consent {
    pub yes: bool,
    pub on: NaiveDate,
}

/// The job offered: its title, contract, hours a week and monthly wage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Job {
    title: String,
    pub contract: Contract,
    hours: u32,
    pub wage: Wage,
}

impl Job {
    pub fn new(
        title: &str,
        contract: Contract,
        hours: u32,
        wage: Wage,
    ) -> Result<Job, PlacementError> {
        let title = title.trim();
        if title.is_empty() || title.chars().count() > 80 {
            return Err(PlacementError::JobTitle);
        }
        if !(1..=84).contains(&hours) {
            return Err(PlacementError::Hours(hours));
        }
        Ok(Job {
            title: title.to_owned(),
            contract,
            hours,
            wage,
        })
    }

    pub fn title(&self) -> &str {
        &self.title
    }

    pub fn hours(&self) -> u32 {
        self.hours
    }
}

/// One woman's job with one employer, from the referral on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placement {
    pub person: StaffId,
    pub employer: String,
    pub sector: Sector,
    pub referred_on: NaiveDate,
    pub job: Job,
    /// Without it (or with a no), follow-ups are "not reached by choice" and never chased.
    consent: Option<Consent>,
    /// Interview and offer, before the start.
    before_start: Stage,
    started_on: Option<NaiveDate>,
    ended: Option<(NaiveDate, EndReason)>,
}

impl Placement {
    pub fn new(
        person: StaffId,
        employer: impl Into<String>,
        sector: Sector,
        referred_on: NaiveDate,
        job: Job,
    ) -> Placement {
        Placement {
            person,
            employer: employer.into(),
            sector,
            referred_on,
            job,
            consent: None,
            before_start: Stage::Referred,
            started_on: None,
            ended: None,
        }
    }

    /// A placement as kept: built again through the same rules as it went (its stage before
    /// the start, its start, its end), so a stored one that breaks them is never read as true.
    pub fn restore(
        mut self,
        before_start: Stage,
        started_on: Option<NaiveDate>,
        ended: Option<(NaiveDate, EndReason)>,
        consent: Option<Consent>,
    ) -> Result<Placement, PlacementError> {
        if before_start > Stage::Referred && before_start < Stage::Started {
            self.advance(before_start)?;
        }
        if let Some(on) = started_on {
            self.start(on)?;
        }
        if let Some((on, reason)) = ended {
            self.end(on, reason)?;
        }
        if let Some(c) = consent {
            self.answer(c)?;
        }
        Ok(self)
    }

    /// Her answer about follow-ups (a later answer replaces an earlier one).
    pub fn answer(&mut self, consent: Consent) -> Result<(), PlacementError> {
        if consent.on < self.referred_on {
            return Err(PlacementError::ConsentBeforeReferral {
                on: consent.on,
                referred: self.referred_on,
            });
        }
        self.consent = Some(consent);
        Ok(())
    }

    /// Where it was before it started (referred, interview or offered).
    pub fn before_start(&self) -> Stage {
        self.before_start
    }

    /// Where it is in the pipeline.
    pub fn stage(&self) -> Stage {
        match (self.started_on, self.ended) {
            (_, Some(_)) => Stage::Ended,
            (Some(_), None) => Stage::Started,
            (None, None) => self.before_start,
        }
    }

    /// She has an interview, or an offer: forward only, before the start.
    pub fn advance(&mut self, to: Stage) -> Result<(), PlacementError> {
        let at = self.stage();
        if to <= at || to >= Stage::Started {
            return Err(PlacementError::Backwards { at, to });
        }
        self.before_start = to;
        Ok(())
    }

    /// She started work on `on`.
    pub fn start(&mut self, on: NaiveDate) -> Result<(), PlacementError> {
        if self.ended.is_some() {
            return Err(PlacementError::Ended);
        }
        if let Some(start) = self.started_on {
            return Err(PlacementError::Started(start));
        }
        if on < self.referred_on {
            return Err(PlacementError::StartBeforeReferral {
                start: on,
                referred: self.referred_on,
            });
        }
        self.started_on = Some(on);
        Ok(())
    }

    /// The job ended on `on`, for `reason`.
    /// A referral that never became a job closes as not hired; a job ends for another reason.
    pub fn end(&mut self, on: NaiveDate, reason: EndReason) -> Result<(), PlacementError> {
        if self.ended.is_some() {
            return Err(PlacementError::Ended);
        }
        match (self.started_on, reason) {
            (None, EndReason::NotHired) if on < self.referred_on => {
                return Err(PlacementError::EndBeforeReferral {
                    end: on,
                    referred: self.referred_on,
                });
            }
            (None, EndReason::NotHired) => {}
            (None, _) => return Err(PlacementError::NotStarted),
            (Some(start), EndReason::NotHired) => return Err(PlacementError::Started(start)),
            (Some(start), _) if on < start => {
                return Err(PlacementError::EndBeforeStart { end: on, start });
            }
            (Some(_), _) => {}
        }
        self.ended = Some((on, reason));
        Ok(())
    }

    pub fn started_on(&self) -> Option<NaiveDate> {
        self.started_on
    }

    pub fn ended(&self) -> Option<(NaiveDate, EndReason)> {
        self.ended
    }

    /// Her answer about follow-ups, if she gave one.
    pub fn consent(&self) -> Option<Consent> {
        self.consent
    }

    /// Whether she agreed to follow-ups.
    pub fn may_contact(&self) -> bool {
        self.consent.is_some_and(|c| c.yes)
    }

    /// Refuses `self` when `existing` holds an open placement (not ended) of the same woman
    /// with the same employer.
    pub fn not_a_duplicate(&self, existing: &[Placement]) -> Result<(), PlacementError> {
        let same = |p: &&Placement| {
            p.person == self.person
                && p.employer.trim().to_lowercase() == self.employer.trim().to_lowercase()
                && p.ended.is_none()
        };
        match existing.iter().find(same) {
            Some(p) => Err(PlacementError::Duplicate(p.employer.clone())),
            None => Ok(()),
        }
    }

    /// When follow-up month `month` falls due (none before the start).
    pub fn due(&self, month: u32) -> Option<NaiveDate> {
        self.started_on?.checked_add_months(Months::new(month))
    }
}

/// What a follow-up found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    NotReached,
    Reached {
        employed: bool,
        same_employer: bool,
        wage: Option<Wage>,
    },
}

/// A follow-up of a placement at 1, 3, 6 or 12 months.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FollowUp {
    month: u32,
    on: NaiveDate,
    outcome: Outcome,
}

impl FollowUp {
    pub fn new(
        of: &Placement,
        month: u32,
        on: NaiveDate,
        outcome: Outcome,
    ) -> Result<FollowUp, PlacementError> {
        if !FOLLOW_UP_MONTHS.contains(&month) {
            return Err(PlacementError::NoSuchFollowUp(month));
        }
        let start = of.started_on.ok_or(PlacementError::NoFollowUpYet)?;
        if on < start {
            return Err(PlacementError::FollowUpBeforeStart { on, start });
        }
        // Up to two weeks early, for a woman who can be reached only then.
        let due = of.due(month).unwrap_or(start);
        if on
            .checked_add_days(chrono::Days::new(FOLLOW_UP_GRACE_DAYS as u64))
            .is_some_and(|early| early < due)
        {
            return Err(PlacementError::FollowUpTooEarly { month, due, on });
        }
        if let Outcome::Reached {
            employed: false,
            same_employer,
            wage,
        } = outcome
            && (same_employer || wage.is_some())
        {
            return Err(PlacementError::NotEmployed);
        }
        Ok(FollowUp { month, on, outcome })
    }

    pub fn month(&self) -> u32 {
        self.month
    }

    pub fn on(&self) -> NaiveDate {
        self.on
    }

    pub fn outcome(&self) -> Outcome {
        self.outcome
    }
}

/// A placement with its follow-ups, as the indicators read them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Followed {
    pub placement: Placement,
    pub follow_ups: Vec<FollowUp>,
}

/// An indicator's definition, shown on screen beside its value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Definition {
    pub en: &'static str,
    pub lo: &'static str,
}

pub const PLACEMENT_RATE: Definition = Definition {
    en: "Graduates in the period who started a job within 3 months of graduating, out of all graduates in the period.",
    lo: "ຜູ້ຈົບຫຼັກສູດໃນໄລຍະນີ້ ທີ່ເລີ່ມວຽກພາຍໃນ 3 ເດືອນຫຼັງຈົບ, ຈາກຜູ້ຈົບຫຼັກສູດທັງໝົດໃນໄລຍະນີ້.",
};

pub const RETENTION: Definition = Definition {
    en: "Placements found in work (with any employer; a partner's own retention counts only those still with it) at the month's follow-up, out of the jobs started in the period whose month has passed (on or before today). Coverage: follow-ups that reached her, out of those due; a woman not reached is never counted as employed, and one who declined contact is not reached by choice.",
    lo: "ວຽກທີ່ພົບວ່າຍັງເຮັດວຽກຢູ່ (ກັບນາຍຈ້າງໃດກໍໄດ້; ສຳລັບນາຍຈ້າງແຕ່ລະຄົນ ນັບແຕ່ຜູ້ທີ່ຍັງຢູ່ກັບເຂົາ) ໃນການຕິດຕາມຂອງເດືອນນັ້ນ, ຈາກວຽກທີ່ເລີ່ມໃນໄລຍະນີ້ ແລະ ຮອດເດືອນນັ້ນແລ້ວ (ຮອດມື້ນີ້). ຄວາມຄອບຄຸມ: ການຕິດຕາມທີ່ຕິດຕໍ່ໄດ້ ຈາກທີ່ຮອດກຳນົດ; ຜູ້ທີ່ຕິດຕໍ່ບໍ່ໄດ້ ບໍ່ເຄີຍນັບວ່າມີວຽກ, ແລະ ຜູ້ທີ່ບໍ່ຍິນຍອມໃຫ້ຕິດຕໍ່ ນັບວ່າຕິດຕໍ່ບໍ່ໄດ້ຕາມການເລືອກຂອງນາງ.",
};

pub const MEDIAN_WAGE: Definition = Definition {
    en: "The middle monthly wage, per currency: at the start of each job started in the period, and at the 6-month follow-up of those reached and employed.",
    lo: "ເງິນເດືອນກາງ, ແຍກຕາມສະກຸນເງິນ: ຕອນເລີ່ມວຽກ ຂອງວຽກທີ່ເລີ່ມໃນໄລຍະນີ້, ແລະ ໃນການຕິດຕາມ 6 ເດືອນ ຂອງຜູ້ທີ່ຕິດຕໍ່ໄດ້ ແລະ ຍັງມີວຽກ.",
};

pub const TRAINED: Definition = Definition {
    en: "Women in the programme at any time in the year (from the start of their training to its end, or to today).",
    lo: "ແມ່ຍິງທີ່ຢູ່ໃນໂຄງການ ໃນເວລາໃດໜຶ່ງຂອງປີ (ຈາກເລີ່ມຝຶກ ຮອດຈົບ, ຫຼື ຮອດມື້ນີ້).",
};

/// So many out of so many.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Ratio {
    pub count: u32,
    pub of: u32,
}

impl Ratio {
    /// The ratio in whole percent, rounded half up; none out of none is no figure.
    pub fn percent(self) -> Option<u32> {
        (self.of > 0).then(|| {
            ((u64::from(self.count) * 200 + u64::from(self.of)) / (u64::from(self.of) * 2)) as u32
        })
    }
}

/// The placement rate as of `today`: graduates (person, day she graduated) from `from` to
/// `to` who started a job after she was referred during the programme and on or before 3
/// months after graduating (a job started in her last weeks of training counts). A graduate
/// whose 3 months have not passed yet and who has no job yet is not counted either way.
pub fn placement_rate(
    graduates: &[(StaffId, NaiveDate)],
    placements: &[Followed],
    from: NaiveDate,
    to: NaiveDate,
    today: NaiveDate,
) -> Ratio {
    let mut r = Ratio::default();
    let mut seen = std::collections::BTreeSet::new();
    for (person, graduated) in graduates.iter().filter(|(_, d)| from <= *d && *d <= to) {
        if !seen.insert(person) {
            continue;
        }
        let by = graduated
            .checked_add_months(Months::new(PLACED_WITHIN_MONTHS))
            .unwrap_or(*graduated);
        let placed = placements.iter().any(|f| {
            f.placement.person == *person
                && f.placement.started_on.is_some_and(|s| s <= by)
                && f.placement.ended.is_none_or(|(end, _)| end >= *graduated)
        });
        if !placed && by > today {
            continue;
        }
        r.of += 1;
        if placed {
            r.count += 1;
        }
    }
    r
}

/// Retention at month `month`, with its coverage, as of `today`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Retention {
    pub month: u32,
    /// Placements whose month has passed.
    pub due: u32,
    /// Of those, followed up and reached.
    pub reached: u32,
    /// Of those reached, in work (with this employer or another).
    pub employed: u32,
    /// Of those due, not reached by choice: she declined contact, or gave no consent.
    pub declined: u32,
}

impl Retention {
    /// Employed out of due: a woman not reached never counts as employed.
    pub fn rate(&self) -> Ratio {
        Ratio {
            count: self.employed,
            of: self.due,
        }
    }

    /// Reached out of due.
    pub fn coverage(&self) -> Ratio {
        Ratio {
            count: self.reached,
            of: self.due,
        }
    }
}

/// Retention at `month` over `placements`, as of `today`: in work with any employer.
pub fn retention(month: u32, placements: &[Followed], today: NaiveDate) -> Retention {
    retention_where(month, placements, today, false)
}

/// Retention at `month` with `same_employer`: still with the employer of the placement (each
/// partner's own retention).
fn retention_where(
    month: u32,
    placements: &[Followed],
    today: NaiveDate,
    same_employer: bool,
) -> Retention {
    let mut r = Retention {
        month,
        ..Retention::default()
    };
    for f in placements {
        if f.placement.due(month).is_none_or(|d| d > today) {
            continue;
        }
        r.due += 1;
        if !f.placement.may_contact() {
            r.declined += 1;
            continue;
        }
        if let Some(Outcome::Reached {
            employed,
            same_employer: with_it,
            ..
        }) = reached_at(f, month)
        {
            r.reached += 1;
            if employed && (with_it || !same_employer) {
                r.employed += 1;
            }
        }
    }
    r
}

/// What the follow-up at `month` found: its latest attempt that reached her, else its
/// latest attempt.
fn reached_at(f: &Followed, month: u32) -> Option<Outcome> {
    let at = || f.follow_ups.iter().filter(move |u| u.month == month);
    at().filter(|u| matches!(u.outcome, Outcome::Reached { .. }))
        .max_by_key(|u| u.on)
        .or_else(|| at().max_by_key(|u| u.on))
        .map(|u| u.outcome)
}

/// The middle of `amounts` (of one currency): of an even count, the mean of the two middle
/// ones, rounded down to the minor unit.
fn median(mut amounts: Vec<Money>) -> Option<Money> {
    amounts.sort_by_key(|m| m.minor());
    let n = amounts.len();
    let currency = amounts.first()?.currency();
    let minor = if n % 2 == 1 {
        amounts[n / 2].minor()
    } else {
        (amounts[n / 2 - 1].minor() + amounts[n / 2].minor()) / 2
    };
    Some(Money::new(currency, minor))
}

/// Median wages per currency, by currency code.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Wages {
    pub starting: BTreeMap<&'static str, Money>,
    pub at_six_months: BTreeMap<&'static str, Money>,
}

/// The median starting wage of the jobs started from `from` to `to`, and the median wage at
/// the 6-month follow-up of those reached and employed, each per currency (never added across
/// currencies).
pub fn median_wages(placements: &[Followed], from: NaiveDate, to: NaiveDate) -> Wages {
    let mut starting: BTreeMap<&'static str, Vec<Money>> = BTreeMap::new();
    let mut six: BTreeMap<&'static str, Vec<Money>> = BTreeMap::new();
    for f in placements {
        if !f.placement.started_on.is_some_and(|s| from <= s && s <= to) {
            continue;
        }
        let w = f.placement.job.wage.money();
        starting.entry(w.currency().code()).or_default().push(w);
        if !f.placement.may_contact() {
            continue;
        }
        if let Some(Outcome::Reached {
            employed: true,
            wage: Some(w),
            ..
        }) = reached_at(f, 6)
        {
            let w = w.money();
            six.entry(w.currency().code()).or_default().push(w);
        }
    }
    let medians = |m: BTreeMap<&'static str, Vec<Money>>| {
        m.into_iter()
            .filter_map(|(c, v)| Some((c, median(v)?)))
            .collect()
    };
    Wages {
        starting: medians(starting),
        at_six_months: medians(six),
    }
}

/// Jobs started from `from` to `to`, by sector (every sector listed, none left out).
pub fn started_by_sector(
    placements: &[Followed],
    from: NaiveDate,
    to: NaiveDate,
) -> Vec<(Sector, u32)> {
    Sector::ALL
        .into_iter()
        .map(|s| {
            let n = placements
                .iter()
                .filter(|f| {
                    f.placement.sector == s
                        && f.placement.started_on.is_some_and(|d| from <= d && d <= to)
                })
                .count();
            (s, n as u32)
        })
        .collect()
}

/// Per employer partner: the jobs started with it, and their retention at `month` (as of
/// `today`): still with that partner.
pub fn by_employer(
    placements: &[Followed],
    month: u32,
    today: NaiveDate,
) -> BTreeMap<String, (u32, Retention)> {
    let mut of: BTreeMap<String, Vec<Followed>> = BTreeMap::new();
    for f in placements
        .iter()
        .filter(|f| f.placement.started_on.is_some())
    {
        of.entry(f.placement.employer.clone())
            .or_default()
            .push(f.clone());
    }
    of.into_iter()
        .map(|(e, fs)| {
            let r = retention_where(month, &fs, today, true);
            (e, (fs.len() as u32, r))
        })
        .collect()
}

/// Women in the programme at any time in `year`: each (start, end or none yet) of her
/// training, as of `today`.
pub fn trained_in(
    programmes: &[(StaffId, NaiveDate, Option<NaiveDate>)],
    year: i32,
    today: NaiveDate,
) -> u32 {
    let (Some(first), Some(last)) = (
        NaiveDate::from_ymd_opt(year, 1, 1),
        NaiveDate::from_ymd_opt(year, 12, 31),
    ) else {
        return 0;
    };
    let mut people: Vec<&StaffId> = programmes
        .iter()
        .filter(|(_, start, end)| *start <= last && end.unwrap_or(today) >= first)
        .map(|(p, _, _)| p)
        .collect();
    people.sort();
    people.dedup();
    people.len() as u32
}

/// A follow-up is overdue this many days after its date.
pub const OVERDUE_AFTER_DAYS: i64 = 14;

/// A follow-up to make: of which placement (its place in the list given), at which month,
/// due on which day, and whether it is overdue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Due {
    pub index: usize,
    pub month: u32,
    pub due: NaiveDate,
    pub overdue: bool,
}

/// The follow-ups to make as of `today`, oldest first: each month of a started placement whose
/// date has come, where she agreed to be contacted and no follow-up has reached her yet. One
/// stays on the list until the next one falls due (the 12-month one for 3 months), then it is
/// missed: a woman is not asked in month 6 how month 3 went. A job that ended is still followed
/// up: the question is whether she is in work.
pub fn due_follow_ups(placements: &[Followed], today: NaiveDate) -> Vec<Due> {
    let mut out = Vec::new();
    for (index, f) in placements.iter().enumerate() {
        if !f.placement.may_contact() {
            continue;
        }
        for (i, month) in FOLLOW_UP_MONTHS.into_iter().enumerate() {
            let Some(due) = f.placement.due(month) else {
                continue;
            };
            let until = FOLLOW_UP_MONTHS
                .get(i + 1)
                .map_or(f.placement.due(month + 3), |next| f.placement.due(*next));
            if due > today || until.is_some_and(|u| u <= today) {
                continue;
            }
            let reached = f
                .follow_ups
                .iter()
                .any(|u| u.month == month && matches!(u.outcome, Outcome::Reached { .. }));
            if !reached {
                out.push(Due {
                    index,
                    month,
                    due,
                    overdue: due
                        .checked_add_days(chrono::Days::new(OVERDUE_AFTER_DAYS as u64))
                        .is_some_and(|late| today > late),
                });
            }
        }
    }
    out.sort_by_key(|d| (d.due, d.index));
    out
}

/// Every indicator over a period, as of a day, each ready to show beside its definition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Indicators {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub today: NaiveDate,
    pub placement_rate: Ratio,
    /// At 3, 6 and 12 months, of the jobs started in the period.
    pub retention: [Retention; 3],
    pub wages: Wages,
    pub by_sector: Vec<(Sector, u32)>,
    /// Per partner: jobs started in the period, and its own retention at 6 months.
    pub by_employer: Vec<(String, u32, Retention)>,
    /// Jobs started per quarter of the period: (first day of the quarter, count).
    pub by_quarter: Vec<(NaiveDate, u32)>,
    /// Women trained in each calendar year the period touches.
    pub trained: Vec<(i32, u32)>,
}

/// What the indicators are worked out from.
pub struct Programme<'a> {
    pub placements: &'a [Followed],
    /// (person, day she graduated).
    pub graduates: &'a [(StaffId, NaiveDate)],
    /// (person, start of her training, its end if it ended).
    pub trainees: &'a [(StaffId, NaiveDate, Option<NaiveDate>)],
}

/// All the indicators from `from` to `to` (inclusive) as of `today`.
pub fn indicators(
    of: &Programme<'_>,
    from: NaiveDate,
    to: NaiveDate,
    today: NaiveDate,
) -> Indicators {
    use chrono::Datelike;
    let started: Vec<Followed> = of
        .placements
        .iter()
        .filter(|f| f.placement.started_on.is_some_and(|s| from <= s && s <= to))
        .cloned()
        .collect();
    let mut by_quarter = Vec::new();
    let mut q = NaiveDate::from_ymd_opt(from.year(), (from.month0() / 3) * 3 + 1, 1);
    while let Some(first) = q.filter(|d| *d <= to) {
        let next = first.checked_add_months(Months::new(3));
        let n = started
            .iter()
            .filter(|f| {
                f.placement
                    .started_on
                    .is_some_and(|s| s >= first && next.is_none_or(|n| s < n))
            })
            .count();
        by_quarter.push((first, n as u32));
        q = next;
    }
    Indicators {
        from,
        to,
        today,
        placement_rate: placement_rate(of.graduates, of.placements, from, to, today),
        retention: [3, 6, 12].map(|m| retention(m, &started, today)),
        wages: median_wages(&started, from, to),
        by_sector: started_by_sector(&started, from, to),
        by_employer: by_employer(&started, 6, today)
            .into_iter()
            .map(|(e, (n, r))| (e, n, r))
            .collect(),
        by_quarter,
        trained: (from.year()..=to.year())
            .map(|y| (y, trained_in(of.trainees, y, today)))
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn her(n: &str) -> StaffId {
        StaffId(n.into())
    }

    fn kip(whole: i64) -> Wage {
        Wage::new(Money::new(Currency::Lak, whole)).unwrap()
    }

    fn baht(whole: i64) -> Wage {
        Wage::new(Money::new(Currency::Thb, whole * 100)).unwrap()
    }

    fn waiter(wage: Wage) -> Job {
        Job::new("Waitress", Contract::Permanent, 40, wage).unwrap()
    }

    /// A job started on `start`, consent as given.
    fn job(who: &str, employer: &str, start: &str, wage: Wage, consent: bool) -> Placement {
        let mut p = Placement::new(
            her(who),
            employer,
            Sector::Hotel,
            d("2026-01-05"),
            waiter(wage),
        );
        p.start(d(start)).unwrap();
        p.answer(Consent {
            yes: consent,
            on: d("2026-01-05"),
        })
        .unwrap();
        p
    }

    fn reached(
        p: &Placement,
        month: u32,
        on: &str,
        employed: bool,
        wage: Option<Wage>,
    ) -> FollowUp {
        FollowUp::new(
            p,
            month,
            d(on),
            Outcome::Reached {
                employed,
                same_employer: employed,
                wage,
            },
        )
        .unwrap()
    }

    #[test]
    fn retention_counts_only_what_is_due_and_never_the_unreached_as_employed() {
        let today = d("2026-09-01");
        // Due at 3 months, reached, employed.
        let a = job("A", "Settha Palace", "2026-02-01", kip(2_500_000), true);
        let a_ups = vec![reached(&a, 3, "2026-05-03", true, None)];
        // Due, followed up but not reached.
        let b = job("B", "Settha Palace", "2026-02-15", kip(2_500_000), true);
        let b_ups = vec![FollowUp::new(&b, 3, d("2026-05-20"), Outcome::NotReached).unwrap()];
        // Due, declined contact: not reached by choice, never chased.
        let c = job("C", "Joma", "2026-03-01", kip(2_200_000), false);
        // Not yet due at 3 months (started 2026-06-15).
        let e = job("E", "Joma", "2026-06-15", kip(2_200_000), true);
        let all = vec![
            Followed {
                placement: a,
                follow_ups: a_ups,
            },
            Followed {
                placement: b,
                follow_ups: b_ups,
            },
            Followed {
                placement: c,
                follow_ups: Vec::new(),
            },
            Followed {
                placement: e,
                follow_ups: Vec::new(),
            },
        ];
        let r = retention(3, &all, today);
        assert_eq!(
            r,
            Retention {
                month: 3,
                due: 3,
                reached: 1,
                employed: 1,
                declined: 1
            }
        );
        assert_eq!(r.rate().percent(), Some(33));
        assert_eq!(r.coverage().percent(), Some(33));
        // Nobody's 12th month has come.
        let r12 = retention(12, &all, today);
        assert_eq!((r12.due, r12.rate().percent()), (0, None));
        let by = by_employer(&all, 3, today);
        assert_eq!(by["Joma"].0, 2);
        assert_eq!((by["Joma"].1.due, by["Joma"].1.declined), (1, 1));
        assert_eq!(by["Settha Palace"].1.rate().percent(), Some(50));
    }

    #[test]
    fn a_job_that_ended_and_a_new_one_elsewhere_keep_her_employed_and_placed_once() {
        let today = d("2026-12-01");
        let mut first = job("A", "Settha Palace", "2026-02-01", kip(2_500_000), true);
        first.end(d("2026-04-10"), EndReason::BetterJob).unwrap();
        // At 6 months she is in work with another employer: the first job is retained by her.
        let ups = vec![
            FollowUp::new(
                &first,
                6,
                d("2026-08-02"),
                Outcome::Reached {
                    employed: true,
                    same_employer: false,
                    wage: Some(kip(3_000_000)),
                },
            )
            .unwrap(),
        ];
        let second = job("A", "Joma", "2026-04-15", kip(3_000_000), true);
        let all = vec![
            Followed {
                placement: first,
                follow_ups: ups,
            },
            Followed {
                placement: second,
                follow_ups: Vec::new(),
            },
        ];
        let r = retention(6, &all, today);
        // Both placements' sixth month has passed; the second was not followed up yet.
        assert_eq!((r.due, r.reached, r.employed), (2, 1, 1));
        // The partner she left does not keep her.
        let by = by_employer(&all, 6, today);
        assert_eq!(
            (
                by["Settha Palace"].1.reached,
                by["Settha Palace"].1.employed
            ),
            (1, 0)
        );
        // She counts once as a placed graduate.
        let rate = placement_rate(
            &[(her("A"), d("2026-01-20")), (her("B"), d("2026-01-25"))],
            &all,
            d("2026-01-01"),
            d("2026-03-31"),
            today,
        );
        assert_eq!(rate, Ratio { count: 1, of: 2 });
    }

    #[test]
    fn a_graduate_placed_after_three_months_is_not_placed_and_graduates_outside_are_left_out() {
        let late = job("A", "Joma", "2026-05-02", kip(2_000_000), true);
        let all = vec![Followed {
            placement: late,
            follow_ups: Vec::new(),
        }];
        let graduates = [(her("A"), d("2026-02-01")), (her("B"), d("2025-12-20"))];
        let today = d("2026-12-01");
        let r = placement_rate(&graduates, &all, d("2026-01-01"), d("2026-12-31"), today);
        assert_eq!(r, Ratio { count: 0, of: 1 });
        assert_eq!(r.percent(), Some(0));
        // Graduated in November, no job yet: her three months have not passed, so she is not
        // counted either way; with a job she counts as placed.
        let recent = [(her("C"), d("2026-11-10")), (her("C"), d("2026-11-10"))];
        let r = placement_rate(&recent, &all, d("2026-01-01"), d("2026-12-31"), today);
        assert_eq!(r, Ratio { count: 0, of: 0 });
        let hired = vec![Followed {
            placement: job("C", "Joma", "2026-11-20", kip(2_000_000), true),
            follow_ups: Vec::new(),
        }];
        let r = placement_rate(&recent, &hired, d("2026-01-01"), d("2026-12-31"), today);
        assert_eq!(r, Ratio { count: 1, of: 1 });
    }

    #[test]
    fn wages_in_two_currencies_are_never_added_together() {
        let a = job("A", "Settha Palace", "2026-02-01", kip(2_400_000), true);
        let b = job("B", "Nong Khai Hotel", "2026-02-10", baht(9_000), true);
        let c = job("C", "Joma", "2026-03-01", kip(2_000_000), true);
        let d6 = job("D", "Joma", "2026-03-05", kip(3_000_000), true);
        let b_ups = vec![reached(&b, 6, "2026-08-12", true, Some(baht(10_000)))];
        let c_ups = vec![reached(&c, 6, "2026-09-02", false, None)];
        let all = vec![
            Followed {
                placement: a,
                follow_ups: Vec::new(),
            },
            Followed {
                placement: b,
                follow_ups: b_ups,
            },
            Followed {
                placement: c,
                follow_ups: c_ups,
            },
            Followed {
                placement: d6,
                follow_ups: Vec::new(),
            },
        ];
        let w = median_wages(&all, d("2026-01-01"), d("2026-12-31"));
        assert_eq!(w.starting["LAK"], Money::new(Currency::Lak, 2_400_000));
        assert_eq!(w.starting["THB"], Money::new(Currency::Thb, 900_000));
        // Only those reached and employed at 6 months, in their own currency.
        assert_eq!(w.at_six_months.len(), 1);
        assert_eq!(w.at_six_months["THB"], Money::new(Currency::Thb, 1_000_000));
        let by = started_by_sector(&all, d("2026-01-01"), d("2026-12-31"));
        assert_eq!(by[0], (Sector::Hotel, 4));
        assert_eq!(by.len(), Sector::ALL.len());
    }

    #[test]
    fn bad_input_is_refused_in_words() {
        assert_eq!(
            Wage::new(Money::new(Currency::Lak, -1))
                .unwrap_err()
                .to_string(),
            "a wage cannot be negative (-1 ₭)"
        );
        let err = Wage::new(Money::new(Currency::Lak, 250_000_000)).unwrap_err();
        assert!(err.to_string().contains("check the number"), "{err}");
        assert!(Wage::new(Money::new(Currency::Usd, 40_000)).is_ok());
        // A wage typed with an extra zero.
        assert!(matches!(
            Wage::new(Money::new(Currency::Lak, 25_000_000)),
            Err(PlacementError::AbsurdWage(..))
        ));
        assert!(Wage::new(Money::new(Currency::Thb, 9_000_000)).is_err());
        let mut p = Placement::new(
            her("A"),
            "Joma",
            Sector::CafeRestaurant,
            d("2026-03-01"),
            waiter(kip(1)),
        );
        assert_eq!(p.stage(), Stage::Referred);
        p.advance(Stage::Offered).unwrap();
        assert!(matches!(
            p.advance(Stage::Interview),
            Err(PlacementError::Backwards { .. })
        ));
        assert!(matches!(
            p.advance(Stage::Started),
            Err(PlacementError::Backwards { .. })
        ));
        assert_eq!(
            Job::new(" ", Contract::Casual, 20, kip(1)),
            Err(PlacementError::JobTitle)
        );
        assert_eq!(
            Job::new("Barista", Contract::Casual, 0, kip(1)),
            Err(PlacementError::Hours(0))
        );
        assert_eq!(
            p.end(d("2026-04-01"), EndReason::LetGo),
            Err(PlacementError::NotStarted)
        );
        assert_eq!(
            p.start(d("2026-02-27")).unwrap_err().to_string(),
            "the job cannot start (2026-02-27) before she was referred (2026-03-01)"
        );
        p.start(d("2026-03-10")).unwrap();
        assert_eq!(p.stage(), Stage::Started);
        assert_eq!(
            p.start(d("2026-04-01")),
            Err(PlacementError::Started(d("2026-03-10")))
        );
        let again = Placement::new(
            her("A"),
            " joma",
            Sector::CafeRestaurant,
            d("2026-03-05"),
            waiter(kip(1)),
        );
        assert_eq!(
            again.not_a_duplicate(std::slice::from_ref(&p)),
            Err(PlacementError::Duplicate("Joma".into()))
        );
        assert_eq!(
            FollowUp::new(&p, 6, d("2026-05-10"), Outcome::NotReached)
                .unwrap_err()
                .to_string(),
            "the follow-up at 6 months is due on 2026-09-10: 2026-05-10 is too early"
        );
        assert_eq!(
            FollowUp::new(
                &p,
                1,
                d("2026-04-10"),
                Outcome::Reached {
                    employed: false,
                    same_employer: true,
                    wage: None
                }
            ),
            Err(PlacementError::NotEmployed)
        );
        assert_eq!(p.stage(), Stage::Started);
        assert!(matches!(
            FollowUp::new(&p, 3, d("2026-03-01"), Outcome::NotReached),
            Err(PlacementError::FollowUpBeforeStart { .. })
        ));
        assert_eq!(
            FollowUp::new(&p, 2, d("2026-05-10"), Outcome::NotReached),
            Err(PlacementError::NoSuchFollowUp(2))
        );
        assert!(matches!(
            p.end(d("2026-03-09"), EndReason::OwnChoice),
            Err(PlacementError::EndBeforeStart { .. })
        ));
    }

    #[test]
    fn women_trained_in_a_year_are_those_in_the_programme_at_any_time_in_it() {
        let today = d("2026-12-01");
        let programmes = [
            (her("A"), d("2025-10-01"), Some(d("2026-03-31"))),
            (her("B"), d("2026-11-01"), None),
            (her("C"), d("2024-01-01"), Some(d("2025-06-30"))),
            (her("A"), d("2026-06-01"), Some(d("2026-08-31"))),
        ];
        assert_eq!(trained_in(&programmes, 2026, today), 2);
        assert_eq!(trained_in(&programmes, 2025, today), 2);
        assert_eq!(trained_in(&programmes, 2027, today), 0);
    }

    #[test]
    fn follow_ups_fall_due_go_overdue_and_are_missed_when_the_next_one_comes() {
        let p = job("Mai", "Hotel", "2026-01-10", kip(2_000_000), true);
        let no = job("Dao", "Hotel", "2026-01-10", kip(2_000_000), false);
        let mut f = vec![
            Followed {
                placement: p.clone(),
                follow_ups: vec![],
            },
            Followed {
                placement: no,
                follow_ups: vec![],
            },
        ];
        // Not before its day; never for the woman who said no.
        assert!(due_follow_ups(&f, d("2026-02-09")).is_empty());
        let due = due_follow_ups(&f, d("2026-02-10"));
        assert_eq!(
            due,
            [Due {
                index: 0,
                month: 1,
                due: d("2026-02-10"),
                overdue: false
            }]
        );
        assert!(due_follow_ups(&f, d("2026-02-25")).first().unwrap().overdue);
        // Missed once the 3-month one is due.
        let at3 = due_follow_ups(&f, d("2026-04-10"));
        assert_eq!(at3.iter().map(|d| d.month).collect::<Vec<_>>(), [3]);
        // An attempt that did not reach her leaves it due; one that did takes it off.
        f[0].follow_ups
            .push(FollowUp::new(&p, 3, d("2026-04-10"), Outcome::NotReached).unwrap());
        assert_eq!(due_follow_ups(&f, d("2026-04-11")).len(), 1);
        f[0].follow_ups
            .push(reached(&p, 3, "2026-04-11", true, None));
        assert!(due_follow_ups(&f, d("2026-04-11")).is_empty());
        // The 12-month one stays for three months, then it is missed.
        assert_eq!(
            due_follow_ups(&f, d("2027-03-01")).first().map(|d| d.month),
            Some(12)
        );
        assert!(due_follow_ups(&f, d("2027-04-10")).is_empty());
    }

    #[test]
    fn the_indicators_of_a_period_count_jobs_started_in_it_by_quarter() {
        let a = job("Mai", "Hotel", "2026-02-01", kip(2_000_000), true);
        let b = job("Dao", "Cafe", "2026-05-01", baht(9_000), true);
        let outside = job("Noy", "Hotel", "2027-01-02", kip(1_000_000), true);
        let f: Vec<Followed> = [a, b, outside]
            .into_iter()
            .map(|placement| Followed {
                placement,
                follow_ups: vec![],
            })
            .collect();
        let graduates = [(her("Mai"), d("2026-01-15")), (her("Dao"), d("2026-01-20"))];
        let trainees = [(her("Mai"), d("2025-07-01"), Some(d("2026-01-15")))];
        let i = indicators(
            &Programme {
                placements: &f,
                graduates: &graduates,
                trainees: &trainees,
            },
            d("2026-01-01"),
            d("2026-12-31"),
            d("2026-12-31"),
        );
        // Dao started more than 3 months after graduating.
        assert_eq!(i.placement_rate, Ratio { count: 1, of: 2 });
        assert_eq!(
            i.by_quarter.iter().map(|(_, n)| *n).collect::<Vec<_>>(),
            [1, 1, 0, 0]
        );
        assert_eq!(i.retention[0].due, 2);
        assert_eq!(i.wages.starting.len(), 2);
        assert_eq!(i.trained, [(2026, 1)]);
        assert_eq!(i.by_employer.len(), 2);
    }
}
