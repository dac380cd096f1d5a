//! Exact money: integer minor units per currency, VAT extraction from VAT-inclusive prices,
//! and the cash rounding rule for change. Every rounding is a named function here.
//! Floats never appear; anything that could overflow returns an error.

use chrono::NaiveDate;
use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Currency {
    Lak,
    Thb,
    Usd,
}

impl Currency {
    /// Digits after the decimal point in this currency's minor unit.
    pub fn decimals(self) -> u32 {
        match self {
            Currency::Lak => 0,
            Currency::Thb | Currency::Usd => 2,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Currency::Lak => "LAK",
            Currency::Thb => "THB",
            Currency::Usd => "USD",
        }
    }

    pub fn symbol(self) -> &'static str {
        match self {
            Currency::Lak => "₭",
            Currency::Thb => "฿",
            Currency::Usd => "$",
        }
    }
}

impl std::str::FromStr for Currency {
    type Err = MoneyError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_uppercase().as_str() {
            "LAK" => Ok(Currency::Lak),
            "THB" => Ok(Currency::Thb),
            "USD" => Ok(Currency::Usd),
            other => Err(MoneyError::UnknownCurrency(other.to_owned())),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    #[error("amount is too large to handle ({0})")]
    Overflow(&'static str),
    #[error("cannot combine {0} with {1}")]
    CurrencyMismatch(&'static str, &'static str),
    #[error("unknown currency {0:?} (use LAK, THB or USD)")]
    UnknownCurrency(String),
    #[error("{0:?} is not an amount of {1}: {2}")]
    Parse(String, &'static str, &'static str),
    #[error("quantity {0} is not allowed: it must be between 1 and {max}", max = Quantity::MAX)]
    Quantity(i64),
    #[error("VAT rate {0} is not allowed: it must be between 0 and 100 %")]
    VatRate(Decimal),
    #[error("cash rounding step {0} is not allowed: it must be between 1 and 100,000 minor units")]
    CashStep(i64),
}

/// An exact amount: a count of the currency's minor units (whole kip, satang, cents).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Money {
    currency: Currency,
    minor: i64,
}

impl Money {
    pub const fn new(currency: Currency, minor: i64) -> Self {
        Self { currency, minor }
    }
    pub const fn lak(kip: i64) -> Self {
        Self::new(Currency::Lak, kip)
    }
    pub const fn zero(currency: Currency) -> Self {
        Self::new(currency, 0)
    }
    pub fn currency(self) -> Currency {
        self.currency
    }
    pub fn minor(self) -> i64 {
        self.minor
    }
    pub fn is_negative(self) -> bool {
        self.minor < 0
    }

    fn same(self, other: Money) -> Result<(), MoneyError> {
        if self.currency == other.currency {
            Ok(())
        } else {
            Err(MoneyError::CurrencyMismatch(
                self.currency.code(),
                other.currency.code(),
            ))
        }
    }

    pub fn checked_add(self, other: Money) -> Result<Money, MoneyError> {
        self.same(other)?;
        let minor = self
            .minor
            .checked_add(other.minor)
            .ok_or(MoneyError::Overflow("sum"))?;
        Ok(Money::new(self.currency, minor))
    }

    pub fn checked_sub(self, other: Money) -> Result<Money, MoneyError> {
        self.same(other)?;
        let minor = self
            .minor
            .checked_sub(other.minor)
            .ok_or(MoneyError::Overflow("difference"))?;
        Ok(Money::new(self.currency, minor))
    }

    pub fn times(self, qty: Quantity) -> Result<Money, MoneyError> {
        let minor = self
            .minor
            .checked_mul(i64::from(qty.get()))
            .ok_or(MoneyError::Overflow("line total"))?;
        Ok(Money::new(self.currency, minor))
    }

    /// Parses "25000", "25,000" or "12.50" as an amount of `currency`; no more decimals than it has.
    pub fn parse(currency: Currency, text: &str) -> Result<Money, MoneyError> {
        let cleaned: String = text
            .trim()
            .chars()
            .filter(|c| *c != ',' && *c != ' ')
            .collect();
        let err = |why| MoneyError::Parse(text.to_owned(), currency.code(), why);
        if cleaned.is_empty() {
            return Err(err("it is empty"));
        }
        let value: Decimal = cleaned.parse().map_err(|_| err("it is not a number"))?;
        if value.scale() > currency.decimals() {
            return Err(err("it has too many decimals"));
        }
        let minor = value
            .checked_mul(Decimal::from(10i64.pow(currency.decimals())))
            .and_then(|d| i64::try_from(d.trunc()).ok())
            .ok_or_else(|| err("it is too large"))?;
        Ok(Money::new(currency, minor))
    }

    /// The number with thousands separators and the currency's decimals, no symbol: "25,000", "3.50".
    pub fn amount_text(self) -> String {
        let d = self.currency.decimals();
        let sign = if self.minor < 0 { "-" } else { "" };
        let abs = self.minor.unsigned_abs();
        let scale = 10u64.pow(d);
        let whole = group_thousands(abs / scale);
        if d == 0 {
            format!("{sign}{whole}")
        } else {
            format!("{sign}{whole}.{:0width$}", abs % scale, width = d as usize)
        }
    }
}

impl Money {
    /// The number with the currency's decimals and no separators, for files: "25000", "3.50".
    pub fn plain_text(self) -> String {
        self.amount_text().replace(',', "")
    }
}

fn group_thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

impl fmt::Display for Money {
    /// "25,000 ₭", "฿120.00", "$3.50".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.currency {
            Currency::Lak => write!(f, "{} ₭", self.amount_text()),
            c => write!(f, "{}{}", c.symbol(), self.amount_text()),
        }
    }
}

/// A day's exchange rate set by a manager: how many minor units of the till's currency one
/// whole unit of a foreign currency is worth (630 kip for a baht), from a date on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExchangeRate {
    pub currency: Currency,
    pub base: Currency,
    pub per_unit: i64,
    pub from: NaiveDate,
}

/// Bounds a new rate must fall within: minor units of the till's currency for one whole unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct RateBounds {
    pub min: i64,
    pub max: i64,
}

impl RateBounds {
    /// The defaults for a till in kip: a baht is 300 to 1,500 kip, a dollar 10,000 to 50,000.
    pub fn lak_default(currency: Currency) -> Option<RateBounds> {
        match currency {
            Currency::Thb => Some(RateBounds {
                min: 300,
                max: 1_500,
            }),
            Currency::Usd => Some(RateBounds {
                min: 10_000,
                max: 50_000,
            }),
            Currency::Lak => None,
        }
    }
}

/// A rate moving further than this from the last one needs a second confirmation.
pub const RATE_CHANGE_CONFIRM_PERCENT: i64 = 10;

/// What a manager must do about a new rate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RateCheck {
    /// Within bounds and near the last rate (or the first one): set it.
    Fine,
    /// Within bounds but more than [`RATE_CHANGE_CONFIRM_PERCENT`] from the last rate: set it
    /// only after a second confirmation that shows both.
    Confirm { old: i64, new: i64 },
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RateError {
    #[error("a rate must be more than zero")]
    NotPositive,
    #[error("1 {currency} = {new} is outside {min} to {max} ({currency} rates this till accepts)")]
    OutOfBounds {
        currency: &'static str,
        new: Money,
        min: Money,
        max: Money,
    },
}

/// Checks a new rate (`new` minor units of `base` for one `currency`) against its bounds and
/// the last rate. A rate outside the bounds is refused; more than 10 % from the last one needs
/// a second confirmation.
pub fn check_new_rate(
    currency: Currency,
    base: Currency,
    new: i64,
    last: Option<i64>,
    bounds: Option<RateBounds>,
) -> Result<RateCheck, RateError> {
    if new <= 0 {
        return Err(RateError::NotPositive);
    }
    if let Some(b) = bounds
        && !(b.min..=b.max).contains(&new)
    {
        return Err(RateError::OutOfBounds {
            currency: currency.code(),
            new: Money::new(base, new),
            min: Money::new(base, b.min),
            max: Money::new(base, b.max),
        });
    }
    match last {
        Some(old)
            if i128::from((new - old).abs()) * 100
                > i128::from(old) * i128::from(RATE_CHANGE_CONFIRM_PERCENT) =>
        {
            Ok(RateCheck::Confirm { old, new })
        }
        _ => Ok(RateCheck::Fine),
    }
}

impl ExchangeRate {
    /// What a foreign amount is worth in the till's currency. Named rounding step: the part of
    /// a minor unit of the till's currency is dropped (a customer is never credited a fraction
    /// of a kip).
    pub fn value_of(&self, amount: Money) -> Result<Money, MoneyError> {
        if amount.currency() != self.currency {
            return Err(MoneyError::CurrencyMismatch(
                self.currency.code(),
                amount.currency().code(),
            ));
        }
        let scale = 10i128.pow(self.currency.decimals());
        let value = i128::from(amount.minor()) * i128::from(self.per_unit) / scale;
        i64::try_from(value)
            .map(|v| Money::new(self.base, v))
            .map_err(|_| MoneyError::Overflow("currency conversion"))
    }
}

/// How many of one line were ordered. A till never sells 0 or 10,000 of a thing in one line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "i64", into = "i64")]
pub struct Quantity(u16);

impl Quantity {
    pub const MAX: u16 = 999;
    pub const ONE: Quantity = Quantity(1);
    pub fn new(n: i64) -> Result<Self, MoneyError> {
        if (1..=i64::from(Self::MAX)).contains(&n) {
            Ok(Quantity(n as u16))
        } else {
            Err(MoneyError::Quantity(n))
        }
    }
    pub fn get(self) -> u16 {
        self.0
    }
}

impl TryFrom<i64> for Quantity {
    type Error = MoneyError;
    fn try_from(n: i64) -> Result<Self, MoneyError> {
        Quantity::new(n)
    }
}
impl From<Quantity> for i64 {
    fn from(q: Quantity) -> i64 {
        i64::from(q.0)
    }
}

/// A VAT rate in percent, 0..=100.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "Decimal", into = "Decimal")]
pub struct VatRate(Decimal);

impl VatRate {
    pub fn new(percent: Decimal) -> Result<Self, MoneyError> {
        if percent >= Decimal::ZERO && percent <= Decimal::ONE_HUNDRED {
            Ok(VatRate(percent))
        } else {
            Err(MoneyError::VatRate(percent))
        }
    }
    pub fn percent(self) -> Decimal {
        self.0
    }
}
impl TryFrom<Decimal> for VatRate {
    type Error = MoneyError;
    fn try_from(d: Decimal) -> Result<Self, MoneyError> {
        VatRate::new(d)
    }
}
impl From<VatRate> for Decimal {
    fn from(r: VatRate) -> Decimal {
        r.0
    }
}

/// The VAT contained in a VAT-inclusive `gross`: gross × rate / (100 + rate), rounded half away
/// from zero to the currency's minor unit. This is the single rounding step of VAT extraction;
/// the net is then gross − VAT, so VAT + net = gross always holds.
pub fn vat_contained(gross: Money, rate: VatRate) -> Money {
    let r = rate.percent();
    let exact = Decimal::from(gross.minor) * r / (Decimal::ONE_HUNDRED + r);
    let rounded = exact.round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero);
    // |VAT| ≤ |gross| because rate/(100+rate) < 1, so this always fits.
    Money::new(
        gross.currency,
        i64::try_from(rounded).unwrap_or(gross.minor),
    )
}

/// One entry of a dated VAT schedule: `rate` applies from `from` (inclusive) until the next entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VatPeriod {
    pub from: NaiveDate,
    pub rate: VatRate,
}

/// VAT rates over time. Lookups before the first entry use the first entry's rate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "Vec<VatPeriod>", into = "Vec<VatPeriod>")]
pub struct VatSchedule(Vec<VatPeriod>);

impl VatSchedule {
    /// Laos: 7 % until 2024-04-30, 10 % from 2024-05-01.
    pub fn laos() -> Self {
        let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).expect("valid date");
        VatSchedule(vec![
            VatPeriod {
                from: d(2020, 1, 1),
                rate: VatRate(Decimal::from(7)),
            },
            VatPeriod {
                from: d(2024, 5, 1),
                rate: VatRate(Decimal::from(10)),
            },
        ])
    }
    pub fn rate_on(&self, day: NaiveDate) -> VatRate {
        self.0
            .iter()
            .rev()
            .find(|p| p.from <= day)
            .or(self.0.first())
            .map(|p| p.rate)
            .unwrap_or(VatRate(Decimal::ZERO))
    }
}

impl TryFrom<Vec<VatPeriod>> for VatSchedule {
    type Error = String;
    fn try_from(mut periods: Vec<VatPeriod>) -> Result<Self, String> {
        if periods.is_empty() {
            return Err("the VAT schedule needs at least one period".into());
        }
        periods.sort_by_key(|p| p.from);
        if periods.windows(2).any(|w| w[0].from == w[1].from) {
            return Err("two VAT periods start on the same day".into());
        }
        Ok(VatSchedule(periods))
    }
}
impl From<VatSchedule> for Vec<VatPeriod> {
    fn from(s: VatSchedule) -> Self {
        s.0
    }
}

/// Kip notes are the smallest cash a café can hand back, so change is rounded to a step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "i64", into = "i64")]
pub struct CashStep(i64);

impl CashStep {
    pub fn new(minor: i64) -> Result<Self, MoneyError> {
        if (1..=100_000).contains(&minor) {
            Ok(CashStep(minor))
        } else {
            Err(MoneyError::CashStep(minor))
        }
    }
    pub fn get(self) -> i64 {
        self.0
    }
}
impl Default for CashStep {
    fn default() -> Self {
        CashStep(500)
    }
}
impl TryFrom<i64> for CashStep {
    type Error = MoneyError;
    fn try_from(n: i64) -> Result<Self, MoneyError> {
        CashStep::new(n)
    }
}
impl From<CashStep> for i64 {
    fn from(s: CashStep) -> i64 {
        s.0
    }
}

/// Cash rounding rule "nearest step, ties to the customer": the exact change is rounded to the
/// nearest multiple of `step`; an exact tie (e.g. 250 with step 500) rounds up, in the customer's
/// favour. The café never hands back more than half a step too little.
pub fn round_change_to_step(exact_change: Money, step: CashStep) -> Money {
    let s = step.get();
    let m = exact_change.minor();
    let below = m.div_euclid(s) * s;
    let rest = m - below;
    let rounded = if rest * 2 >= s {
        below.saturating_add(s)
    } else {
        below
    };
    Money::new(exact_change.currency(), rounded)
}

/// Cash for exactly `total` in notes: rounded up to the cash step (21,840 kip is paid with
/// 22,000; the change rule then rounds the 160 back to nothing).
pub fn round_up_to_step(total: Money, step: CashStep) -> Money {
    let s = step.get();
    let m = total.minor();
    let up = m.div_euclid(s) * s + if m.rem_euclid(s) == 0 { 0 } else { s };
    Money::new(total.currency(), up)
}

/// Quick tender amounts for a total: the exact amount payable in cash (rounded up to the cash
/// step), then the next round sum payable in 20,000, 50,000 and 100,000 kip notes, without
/// duplicates, ascending.
pub fn quick_tenders(total: Money, step: CashStep) -> Vec<Money> {
    let mut out = vec![round_up_to_step(total, step)];
    if total.currency() == Currency::Lak && total.minor() > 0 {
        for note in [20_000i64, 50_000, 100_000] {
            let notes = total.minor() / note + i64::from(total.minor() % note != 0);
            let n = notes.saturating_mul(note);
            out.push(Money::lak(n));
        }
    }
    out.sort();
    out.dedup();
    out
}

#[cfg(test)]
mod rate_tests {
    use super::*;

    #[test]
    fn foreign_cash_is_worth_its_rate_without_fractions_of_a_kip() {
        let day = NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
        let thb = ExchangeRate {
            currency: Currency::Thb,
            base: Currency::Lak,
            per_unit: 633,
            from: day,
        };
        assert_eq!(
            thb.value_of(Money::new(Currency::Thb, 10_000)).unwrap(),
            Money::lak(63_300)
        );
        // ฿0.55 at 633 is 348.15 kip: 348 are credited.
        assert_eq!(
            thb.value_of(Money::new(Currency::Thb, 55)).unwrap(),
            Money::lak(348)
        );
        assert!(thb.value_of(Money::lak(1)).is_err());
        let huge = ExchangeRate {
            per_unit: i64::MAX,
            ..thb
        };
        assert!(huge.value_of(Money::new(Currency::Thb, i64::MAX)).is_err());
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_rate_outside_its_bounds_is_refused_and_a_big_move_asked_to_confirm() {
        let usd = RateBounds::lak_default(Currency::Usd);
        let check = |new, last| check_new_rate(Currency::Usd, Currency::Lak, new, last, usd);
        assert!(matches!(
            check(1_000_000, None),
            Err(RateError::OutOfBounds { .. })
        ));
        assert_eq!(check(0, None), Err(RateError::NotPositive));
        assert_eq!(check(21_000, None), Ok(RateCheck::Fine));
        // 10 % exactly is fine; a kip more is not.
        assert_eq!(check(23_100, Some(21_000)), Ok(RateCheck::Fine));
        assert_eq!(
            check(23_101, Some(21_000)),
            Ok(RateCheck::Confirm {
                old: 21_000,
                new: 23_101
            })
        );
        assert!(matches!(
            check(18_899, Some(21_000)),
            Ok(RateCheck::Confirm { .. })
        ));
        // Without bounds (a till in baht taking dollars, none configured) only the 10 % rule.
        assert_eq!(
            check_new_rate(Currency::Usd, Currency::Thb, 3_500, None, None),
            Ok(RateCheck::Fine)
        );
    }

    use super::*;
    use proptest::prelude::*;
    use rust_decimal_macros::dec;

    #[test]
    fn formats_kip_with_separators_and_symbol() {
        assert_eq!(Money::lak(25_000).to_string(), "25,000 ₭");
        assert_eq!(Money::lak(500).to_string(), "500 ₭");
        assert_eq!(Money::lak(-1_234_567).to_string(), "-1,234,567 ₭");
        assert_eq!(Money::new(Currency::Usd, 350).to_string(), "$3.50");
        assert_eq!(Money::new(Currency::Thb, 12_005).to_string(), "฿120.05");
    }

    #[test]
    fn parses_amounts_with_the_currency_decimals() {
        assert_eq!(
            Money::parse(Currency::Lak, "25,000").unwrap(),
            Money::lak(25_000)
        );
        assert_eq!(
            Money::parse(Currency::Usd, "3.5").unwrap(),
            Money::new(Currency::Usd, 350)
        );
        assert!(Money::parse(Currency::Lak, "25.5").is_err());
        assert!(Money::parse(Currency::Lak, "abc").is_err());
        assert!(Money::parse(Currency::Lak, "").is_err());
        assert!(Money::parse(Currency::Lak, "99999999999999999999999").is_err());
    }

    #[test]
    fn laos_vat_schedule_changes_on_first_of_may_2024() {
        let s = VatSchedule::laos();
        let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
        assert_eq!(s.rate_on(d(2024, 4, 30)).percent(), dec!(7));
        assert_eq!(s.rate_on(d(2024, 5, 1)).percent(), dec!(10));
        assert_eq!(s.rate_on(d(2019, 1, 1)).percent(), dec!(7));
    }

    #[test]
    fn vat_contained_in_kip_is_rounded_half_away_from_zero() {
        let ten = VatRate::new(dec!(10)).unwrap();
        // 55,000 × 10/110 = 5,000 exactly
        assert_eq!(vat_contained(Money::lak(55_000), ten), Money::lak(5_000));
        // 25,000 × 10/110 = 2,272.72… → 2,273
        assert_eq!(vat_contained(Money::lak(25_000), ten), Money::lak(2_273));
        // 11 × 10/110 = 1 ; 5.5 → 6 (half away from zero): gross 60.5 not possible; use 7 %: 107 × 7/107 = 7
        assert_eq!(
            vat_contained(Money::lak(107), VatRate::new(dec!(7)).unwrap()),
            Money::lak(7)
        );
    }

    #[test]
    fn change_rounding_nearest_step_ties_to_customer() {
        let step = CashStep::default();
        assert_eq!(
            round_change_to_step(Money::lak(5_000), step),
            Money::lak(5_000)
        );
        assert_eq!(
            round_change_to_step(Money::lak(5_249), step),
            Money::lak(5_000)
        );
        assert_eq!(
            round_change_to_step(Money::lak(5_250), step),
            Money::lak(5_500)
        );
        assert_eq!(
            round_change_to_step(Money::lak(5_251), step),
            Money::lak(5_500)
        );
        assert_eq!(round_change_to_step(Money::lak(0), step), Money::lak(0));
        assert_eq!(round_change_to_step(Money::lak(100), step), Money::lak(0));
    }

    #[test]
    fn quick_tenders_are_exact_then_next_round_notes() {
        let step = CashStep::default();
        let q: Vec<i64> = quick_tenders(Money::lak(43_000), step)
            .iter()
            .map(|m| m.minor())
            .collect();
        assert_eq!(q, vec![43_000, 50_000, 60_000, 100_000]);
        let q: Vec<i64> = quick_tenders(Money::lak(100_000), step)
            .iter()
            .map(|m| m.minor())
            .collect();
        assert_eq!(q, vec![100_000]);
        // 21,840 kip is not payable in notes: "exact" is 22,000.
        let q: Vec<i64> = quick_tenders(Money::lak(21_840), step)
            .iter()
            .map(|m| m.minor())
            .collect();
        assert_eq!(q, vec![22_000, 40_000, 50_000, 100_000]);
        assert_eq!(round_up_to_step(Money::lak(0), step), Money::lak(0));
        assert_eq!(round_up_to_step(Money::lak(500), step), Money::lak(500));
        assert_eq!(round_up_to_step(Money::lak(501), step), Money::lak(1_000));
    }

    #[test]
    fn quantities_outside_one_to_999_are_rejected() {
        assert!(Quantity::new(0).is_err());
        assert!(Quantity::new(-1).is_err());
        assert!(Quantity::new(1000).is_err());
        assert_eq!(Quantity::new(999).unwrap().get(), 999);
        let msg = Quantity::new(1_000_000).unwrap_err().to_string();
        assert!(msg.contains("1000000") && msg.contains("999"), "{msg}");
    }

    proptest! {
        #[test]
        fn vat_plus_net_is_gross(gross in 0i64..1_000_000_000_000, rate in 0u32..=100) {
            let rate = VatRate::new(Decimal::from(rate)).unwrap();
            let g = Money::lak(gross);
            let vat = vat_contained(g, rate);
            let net = g.checked_sub(vat).unwrap();
            prop_assert_eq!(vat.checked_add(net).unwrap(), g);
            prop_assert!(vat.minor() >= 0 && vat.minor() <= gross);
        }

        #[test]
        fn rounded_change_is_within_half_a_step(change in 0i64..10_000_000_000, step in 1i64..=100_000) {
            let step = CashStep::new(step).unwrap();
            let r = round_change_to_step(Money::lak(change), step);
            prop_assert_eq!(r.minor() % step.get(), 0);
            prop_assert!((r.minor() - change).abs() * 2 <= step.get());
        }

        #[test]
        fn multiplying_never_panics(minor in any::<i64>(), qty in 1i64..=999) {
            let _ = Money::lak(minor).times(Quantity::new(qty).unwrap());
        }
    }
}
