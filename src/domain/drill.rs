//! Practice drills: a customer's order in words, made from the menu with a seed, for a trainee
//! to ring up and take payment for in training mode; and how her attempt scores against it.
//!
//! A drill is never a sale: nothing here knows a drawer or a receipt. The difficulty follows
//! her level: more lines, more options, larger quantities and a payment that needs thought.

use super::menu::{Choose, ItemId, Lang, Menu, Name};
use super::money::{CashStep, Currency, Money, MoneyError, Quantity};
use super::order::{OrderLine, Selection, build_line, settle_cash};
use super::sale::TenderKind;
use super::skills::Level;
use rand::{Rng, SeedableRng, rngs::StdRng};
use std::collections::BTreeMap;

/// Points of a drill, out of 100: the order rung up, the tender entered, the change, the time.
pub const ORDER_POINTS: u32 = 60;
pub const TENDER_POINTS: u32 = 10;
pub const CHANGE_POINTS: u32 = 20;
pub const TIME_POINTS: u32 = 10;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DrillError {
    #[error("the menu has no items to make a drill from")]
    EmptyMenu,
    #[error(transparent)]
    Money(#[from] MoneyError),
    #[error("a drill line could not be built from the menu: {0}")]
    Menu(String),
}

/// One line the customer asks for, with her words for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Asked {
    pub line: OrderLine,
    /// The item with its variant and every option that is not the menu's default.
    pub words: Name,
}

/// A customer's order and how she pays.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Drill {
    pub seed: u64,
    pub level: Level,
    pub asked: Vec<Asked>,
    /// The notes she hands over, in the till's currency.
    pub pays_with: Vec<Money>,
    pub total: Money,
    /// What the trainee hands back (after the cash step).
    pub change: Money,
    /// Seconds a trainee at this level aims for, card to change.
    pub target_seconds: u32,
}

/// The banknotes of a currency, smallest first, in minor units.
pub fn notes(currency: Currency) -> Vec<Money> {
    let whole: &[i64] = match currency {
        Currency::Lak => &[1_000, 2_000, 5_000, 10_000, 20_000, 50_000, 100_000],
        Currency::Thb => &[20, 50, 100, 500, 1_000],
        Currency::Usd => &[1, 5, 10, 20, 50, 100],
    };
    let scale = 10i64.pow(currency.decimals());
    whole
        .iter()
        .map(|w| Money::new(currency, w * scale))
        .collect()
}

fn count_words(n: u16) -> (String, String) {
    const EN: [&str; 10] = [
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
    ];
    const LO: [&str; 10] = [
        "ສູນ",
        "ໜຶ່ງ",
        "ສອງ",
        "ສາມ",
        "ສີ່",
        "ຫ້າ",
        "ຫົກ",
        "ເຈັດ",
        "ແປດ",
        "ເກົ້າ",
    ];
    match usize::from(n) {
        i @ 0..=9 => (EN[i].to_owned(), LO[i].to_owned()),
        _ => (n.to_string(), n.to_string()),
    }
}

/// How each level drills: lines, the chance of an option off the default, the largest
/// quantity, and the time aimed for.
struct Difficulty {
    lines: (usize, usize),
    option_chance: f64,
    max_qty: u16,
    target_seconds: u32,
}

fn difficulty(level: Level) -> Difficulty {
    match level {
        Level::Foundation => Difficulty {
            lines: (1, 2),
            option_chance: 0.25,
            max_qty: 1,
            target_seconds: 120,
        },
        Level::Intermediate => Difficulty {
            lines: (2, 3),
            option_chance: 0.5,
            max_qty: 2,
            target_seconds: 90,
        },
        Level::Professional => Difficulty {
            lines: (3, 4),
            option_chance: 0.75,
            max_qty: 3,
            target_seconds: 75,
        },
    }
}

/// The words for a line: "Lao coffee with condensed milk (Iced, Sugar 50 %)".
fn words_of(menu: &Menu, line: &OrderLine) -> Name {
    let mut en = Vec::new();
    let mut lo = Vec::new();
    if !line.variant_name.en.is_empty() {
        en.push(line.variant_name.en.clone());
        lo.push(line.variant_name.lo.clone());
    }
    for m in &line.modifiers {
        let is_default = menu
            .group(&m.group)
            .and_then(|g| g.option(&m.option).map(|o| (g, o)))
            .is_some_and(|(g, o)| g.choose == Choose::One && o.default);
        if !is_default {
            en.push(m.name.en.clone());
            lo.push(m.name.lo.clone());
        }
    }
    let with = |name: &str, parts: &[String]| {
        if parts.is_empty() {
            name.to_owned()
        } else {
            format!("{name} ({})", parts.join(", "))
        }
    };
    Name {
        en: with(&line.item_name.en, &en),
        lo: with(&line.item_name.lo, &lo),
    }
}

impl Drill {
    /// A drill for a trainee at `level`, made from `menu` with `seed`: the same seed and menu
    /// always make the same drill. Change is given to `step`.
    pub fn generate(
        menu: &Menu,
        level: Level,
        seed: u64,
        step: CashStep,
    ) -> Result<Drill, DrillError> {
        let mut rng = StdRng::seed_from_u64(seed);
        let d = difficulty(level);
        let items: Vec<&ItemId> = menu
            .categories
            .iter()
            .flat_map(|c| c.items.iter().map(|i| &i.id))
            .collect();
        if items.is_empty() {
            return Err(DrillError::EmptyMenu);
        }
        let n = rng.random_range(d.lines.0..=d.lines.1);
        let mut lines: Vec<OrderLine> = Vec::new();
        for _ in 0..n {
            let id = items[rng.random_range(0..items.len())];
            let Some(item) = menu.item(id) else { continue };
            let mut sel =
                Selection::defaults(menu, id).map_err(|e| DrillError::Menu(e.to_string()))?;
            let variant = item.variants[rng.random_range(0..item.variants.len())]
                .id
                .clone();
            sel.set_variant(menu, id, variant.clone());
            for g in menu.groups_for(item, &variant) {
                if g.options.is_empty() || !rng.random_bool(d.option_chance) {
                    continue;
                }
                let o = &g.options[rng.random_range(0..g.options.len())];
                if !sel.is_chosen(&g.id, &o.id) {
                    sel.tap(menu, &g.id, &o.id);
                }
            }
            let qty = Quantity::new(i64::from(rng.random_range(1..=d.max_qty)))?;
            let line =
                build_line(menu, id, &sel, qty).map_err(|e| DrillError::Menu(e.to_string()))?;
            // The same choice twice is one line of more.
            match lines.iter_mut().find(|l| same_choice(l, &line)) {
                Some(l) => {
                    l.qty = Quantity::new(i64::from(l.qty.get()) + i64::from(line.qty.get()))?
                }
                None => lines.push(line),
            }
        }
        let currency = menu.currency;
        let total = lines
            .iter()
            .try_fold(Money::zero(currency), |acc, l| acc.checked_add(l.total()?))?;
        let pays_with = payment_for(total, level, &mut rng)?;
        let paid = pays_with
            .iter()
            .try_fold(Money::zero(currency), |a, m| a.checked_add(*m))?;
        let change = settle_cash(total, paid, step)
            .map_err(|e| DrillError::Menu(e.to_string()))?
            .change_given;
        Ok(Drill {
            seed,
            level,
            asked: lines
                .into_iter()
                .map(|line| Asked {
                    words: words_of(menu, &line),
                    line,
                })
                .collect(),
            pays_with,
            total,
            change,
            target_seconds: d.target_seconds,
        })
    }

    /// What she hands over, in all.
    pub fn paid(&self) -> Money {
        self.pays_with
            .iter()
            .fold(Money::zero(self.total.currency()), |a, m| {
                a.checked_add(*m).unwrap_or(a)
            })
    }

    /// The card: what the customer says and how she pays, in `lang`.
    pub fn card(&self, lang: Lang) -> String {
        let lines: Vec<String> = self
            .asked
            .iter()
            .map(|a| {
                let (en, lo) = count_words(a.line.qty.get());
                match lang {
                    Lang::En => format!("{en} {}", a.words.en),
                    Lang::Lo => format!("{} {lo}", a.words.lo),
                }
            })
            .collect();
        // Notes of one value together: "two 100,000 ₭ notes".
        let mut by_note: BTreeMap<std::cmp::Reverse<i64>, u16> = BTreeMap::new();
        for m in &self.pays_with {
            *by_note.entry(std::cmp::Reverse(m.minor())).or_default() += 1;
        }
        let currency = self.total.currency();
        let notes: Vec<String> = by_note
            .iter()
            .map(|(std::cmp::Reverse(minor), n)| {
                let note = Money::new(currency, *minor);
                let (en, lo) = count_words(*n);
                match (lang, n) {
                    (Lang::En, 1) => format!("a {note} note"),
                    (Lang::En, _) => format!("{en} {note} notes"),
                    (Lang::Lo, 1) => format!("ໃບ {note}"),
                    (Lang::Lo, _) => format!("ໃບ {note} {lo} ໃບ"),
                }
            })
            .collect();
        match lang {
            Lang::En => {
                let mut first = join(&lines, ", ", " and ");
                if let Some(c) = first.get(..1) {
                    first = c.to_uppercase() + &first[1..];
                }
                format!(
                    "{first}, please. She pays with {}.",
                    join(&notes, ", ", " and ")
                )
            }
            Lang::Lo => format!(
                "ຂໍ {} ແດ່. ລູກຄ້າຈ່າຍດ້ວຍ{}.",
                join(&lines, ", ", " ແລະ "),
                join(&notes, ", ", " ແລະ ")
            ),
        }
    }
}

fn join(parts: &[String], sep: &str, last: &str) -> String {
    match parts {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., end] => format!("{}{last}{end}", init.join(sep)),
    }
}

fn same_choice(a: &OrderLine, b: &OrderLine) -> bool {
    a.item == b.item && a.variant == b.variant && a.modifiers == b.modifiers
}

/// The notes a customer hands over for `total`: the smallest note that covers it (or as many
/// of the largest as it takes); from Intermediate on, sometimes a larger note; at Professional,
/// a small note added so the change comes out round, as customers do.
fn payment_for(total: Money, level: Level, rng: &mut StdRng) -> Result<Vec<Money>, MoneyError> {
    let notes = notes(total.currency());
    let largest = *notes.last().expect("every currency has notes");
    let mut pays = match notes.iter().position(|n| *n >= total) {
        Some(i) => {
            let bigger =
                level >= Level::Intermediate && i + 1 < notes.len() && rng.random_bool(0.4);
            vec![notes[if bigger { i + 1 } else { i }]]
        }
        None => {
            let k = (total.minor() + largest.minor() - 1) / largest.minor();
            vec![largest; usize::try_from(k).unwrap_or(1)]
        }
    };
    if level == Level::Professional {
        let paid = pays
            .iter()
            .try_fold(Money::zero(total.currency()), |a, m| a.checked_add(*m))?;
        // Change a round number of the fourth note (10,000 ₭): add the small note that makes it.
        let round = notes[3].minor();
        if let Some(extra) = notes.iter().find(|n| {
            let change = paid.minor() + n.minor() - total.minor();
            **n < pays[0] && change % round == 0 && paid.minor() - total.minor() != 0
        }) {
            pays.push(*extra);
        }
    }
    Ok(pays)
}

/// What she did: the lines she rang up, what she entered as paid, the change she says she
/// hands back, and how long it took from the card.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attempt {
    pub lines: Vec<OrderLine>,
    pub tendered: Vec<(TenderKind, Money)>,
    pub change: Money,
    pub seconds: u32,
}

/// One thing that was not right, to say kindly.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mistake {
    /// Asked for, not rung up.
    Missing { item: Name, asked: Name },
    /// Rung up, not asked for.
    Extra { item: Name, rang: Name },
    /// The right item with other options.
    Options { item: Name, asked: Name, rang: Name },
    /// The right item and options, another quantity.
    Quantity { item: Name, asked: u16, rang: u16 },
    /// What she entered as paid is not what the customer handed over.
    Tender { handed: Money, entered: Money },
    /// The change she would give.
    Change { right: Money, gave: Money },
    /// Longer than her level aims for.
    Slow { seconds: u32, target: u32 },
}

impl Mistake {
    /// What was wrong and what to do next time, in her language.
    pub fn words(&self, lang: Lang) -> String {
        match (self, lang) {
            (Mistake::Missing { asked, .. }, Lang::En) => format!(
                "The customer also asked for {}. Read the card once more before you pay.",
                asked.en
            ),
            (Mistake::Missing { asked, .. }, Lang::Lo) => {
                format!("ລູກຄ້າສັ່ງ {} ນຳ. ອ່ານບັດອີກເທື່ອໜຶ່ງກ່ອນຮັບເງິນ.", asked.lo)
            }
            (Mistake::Extra { rang, .. }, Lang::En) => format!(
                "{} was not on the card. Check each line against the order.",
                rang.en
            ),
            (Mistake::Extra { rang, .. }, Lang::Lo) => {
                format!("{} ບໍ່ມີໃນບັດ. ກວດແຕ່ລະແຖວກັບລາຍການທີ່ລູກຄ້າສັ່ງ.", rang.lo)
            }
            (Mistake::Options { asked, rang, .. }, Lang::En) => format!(
                "The customer asked for {}; it was rung up as {}. Listen for the options: they change the drink and its price.",
                asked.en, rang.en
            ),
            (Mistake::Options { asked, rang, .. }, Lang::Lo) => format!(
                "ລູກຄ້າສັ່ງ {} ແຕ່ຄິດເງິນເປັນ {}. ຟັງທາງເລືອກໃຫ້ດີ: ມັນປ່ຽນເຄື່ອງດື່ມ ແລະ ລາຄາ.",
                asked.lo, rang.lo
            ),
            (Mistake::Quantity { item, asked, rang }, Lang::En) => format!(
                "{}: the customer asked for {asked}, the order had {rang}. Count each line before you pay.",
                item.en
            ),
            (Mistake::Quantity { item, asked, rang }, Lang::Lo) => format!(
                "{}: ລູກຄ້າສັ່ງ {asked}, ໃນລາຍການມີ {rang}. ນັບແຕ່ລະແຖວກ່ອນຮັບເງິນ.",
                item.lo
            ),
            (Mistake::Tender { handed, entered }, Lang::En) => format!(
                "She handed over {handed}; the till was told {entered}. Enter the money exactly as she gives it."
            ),
            (Mistake::Tender { handed, entered }, Lang::Lo) => {
                format!("ລູກຄ້າຍື່ນໃຫ້ {handed}; ໃສ່ໃນເຄື່ອງ {entered}. ໃສ່ເງິນໃຫ້ກົງກັບທີ່ລູກຄ້າຍື່ນໃຫ້.")
            }
            (Mistake::Change { right, gave }, Lang::En) => format!(
                "Her change is {right}; you would have given {gave}. Count up from the total to what she gave: it gets easier every time."
            ),
            (Mistake::Change { right, gave }, Lang::Lo) => format!(
                "ເງິນທອນແມ່ນ {right}; ເຈົ້າຈະທອນ {gave}. ນັບຂຶ້ນຈາກລາຄາລວມຫາເງິນທີ່ລູກຄ້າໃຫ້: ເຮັດເລື້ອຍໆຈະງ່າຍຂຶ້ນ."
            ),
            (Mistake::Slow { seconds, target }, Lang::En) => format!(
                "It took {seconds} s; aim for {target} s. Right first, then fast: speed comes with practice."
            ),
            (Mistake::Slow { seconds, target }, Lang::Lo) => format!(
                "ໃຊ້ເວລາ {seconds} ວິນາທີ; ເປົ້າໝາຍແມ່ນ {target} ວິນາທີ. ໃຫ້ຖືກກ່ອນ ແລ້ວຈຶ່ງໄວ: ຝຶກເລື້ອຍໆຈະໄວຂຶ້ນ."
            ),
        }
    }
}

/// How an attempt scored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Score {
    /// Out of 100.
    pub points: u32,
    /// Every item asked for was rung up, and nothing else.
    pub lines_right: bool,
    /// Every item rung up had the options asked for.
    pub options_right: bool,
    /// Every line had the quantity asked for.
    pub quantities_right: bool,
    pub tender_right: bool,
    pub change_right: bool,
    pub seconds: u32,
    pub target_seconds: u32,
    pub mistakes: Vec<Mistake>,
}

impl Score {
    /// Encouragement that fits the score, in her language.
    pub fn headline(&self, lang: Lang) -> String {
        let (en, lo) = match self.points {
            100 => ("Everything right. Well done!", "ຖືກໝົດທຸກຢ່າງ. ເກັ່ງຫຼາຍ!"),
            80.. => ("Nearly all right. Well done!", "ເກືອບຖືກໝົດ. ເກັ່ງຫຼາຍ!"),
            50.. => (
                "Good work. Here is what to look at next time:",
                "ເຮັດໄດ້ດີ. ນີ້ແມ່ນສິ່ງທີ່ຄວນເບິ່ງຄັ້ງໜ້າ:",
            ),
            _ => (
                "A good try. Every drill makes it easier. Look at these:",
                "ພະຍາຍາມໄດ້ດີ. ຝຶກແຕ່ລະຄັ້ງຈະງ່າຍຂຶ້ນ. ເບິ່ງສິ່ງເຫຼົ່ານີ້:",
            ),
        };
        match lang {
            Lang::En => en.to_owned(),
            Lang::Lo => lo.to_owned(),
        }
    }
}

/// Per (item, variant, options): how many, and its words.
type Tally<'a> = BTreeMap<(String, String, String), (u16, &'a OrderLine)>;

fn tally(lines: &[OrderLine]) -> Tally<'_> {
    let mut t: Tally = BTreeMap::new();
    for l in lines {
        let options = l
            .modifiers
            .iter()
            .map(|m| format!("{}={}", m.group, m.option))
            .collect::<Vec<_>>()
            .join(",");
        let e = t
            .entry((l.item.to_string(), l.variant.to_string(), options))
            .or_insert((0, l));
        e.0 = e.0.saturating_add(l.qty.get());
    }
    t
}

impl Drill {
    /// Scores an attempt: the order against what was asked (each cup rung up exactly right
    /// counts; anything extra counts against), the tender entered, the change (right when it
    /// is the customer's change, or the change of what she rang up and entered: one mistake
    /// is not counted twice), and the time.
    pub fn score(&self, menu: &Menu, step: CashStep, attempt: &Attempt) -> Score {
        let asked_lines: Vec<OrderLine> = self.asked.iter().map(|a| a.line.clone()).collect();
        let asked = tally(&asked_lines);
        let rang = tally(&attempt.lines);
        let mut mistakes = Vec::new();
        let (mut lines_right, mut options_right, mut quantities_right) = (true, true, true);
        // Exactly right cups, then per item what is left over on either side.
        let mut right: u32 = 0;
        let mut left_asked: BTreeMap<String, Vec<(&OrderLine, u16)>> = BTreeMap::new();
        let mut left_rang: BTreeMap<String, Vec<(&OrderLine, u16)>> = BTreeMap::new();
        for (key, (n, line)) in &asked {
            let got = rang.get(key).map_or(0, |(m, _)| *m);
            right += u32::from((*n).min(got));
            if *n > got {
                left_asked
                    .entry(key.0.clone())
                    .or_default()
                    .push((line, n - got));
            }
        }
        for (key, (m, line)) in &rang {
            let wanted = asked.get(key).map_or(0, |(n, _)| *n);
            if *m > wanted {
                left_rang
                    .entry(key.0.clone())
                    .or_default()
                    .push((line, m - wanted));
            }
        }
        let units = |t: &Tally| t.values().map(|(n, _)| u32::from(*n)).sum::<u32>();
        let (asked_units, rang_units) = (units(&asked), units(&rang));
        let items: std::collections::BTreeSet<&String> =
            left_asked.keys().chain(left_rang.keys()).collect();
        for item in items {
            let a = left_asked.get(item).map(Vec::as_slice).unwrap_or_default();
            let r = left_rang.get(item).map(Vec::as_slice).unwrap_or_default();
            let Some(item_name) = a.first().or(r.first()).map(|(l, _)| l.item_name.clone()) else {
                continue;
            };
            let asked_all = asked.iter().any(|(k, _)| &k.0 == item);
            let rang_all = rang.iter().any(|(k, _)| &k.0 == item);
            let mut a = a.iter().peekable();
            let mut r = r.iter().peekable();
            // Pair what was asked with what was rung for the same item: options first.
            while let (Some((al, an)), Some((rl, rn))) = (a.peek(), r.peek()) {
                options_right = false;
                mistakes.push(Mistake::Options {
                    item: item_name.clone(),
                    asked: words_of(menu, al),
                    rang: words_of(menu, rl),
                });
                if an != rn {
                    quantities_right = false;
                }
                a.next();
                r.next();
            }
            for (al, an) in a {
                if rang_all {
                    quantities_right = false;
                    let got = rang
                        .iter()
                        .filter(|(k, _)| &k.0 == item)
                        .fold(0u16, |sum, (_, (m, _))| sum.saturating_add(*m));
                    mistakes.push(Mistake::Quantity {
                        item: words_of(menu, al),
                        asked: got.saturating_add(*an),
                        rang: got,
                    });
                } else {
                    lines_right = false;
                    mistakes.push(Mistake::Missing {
                        item: item_name.clone(),
                        asked: words_of(menu, al),
                    });
                }
            }
            for (rl, rn) in r {
                if asked_all {
                    quantities_right = false;
                    let wanted = asked
                        .iter()
                        .filter(|(k, _)| &k.0 == item)
                        .fold(0u16, |sum, (_, (n, _))| sum.saturating_add(*n));
                    mistakes.push(Mistake::Quantity {
                        item: words_of(menu, rl),
                        asked: wanted,
                        rang: wanted.saturating_add(*rn),
                    });
                } else {
                    lines_right = false;
                    mistakes.push(Mistake::Extra {
                        item: item_name.clone(),
                        rang: words_of(menu, rl),
                    });
                }
            }
        }
        let order_points = ORDER_POINTS * right / asked_units.max(rang_units).max(1);

        let currency = self.total.currency();
        let cash_only = attempt
            .tendered
            .iter()
            .all(|(k, m)| *k == TenderKind::Cash && m.currency() == currency);
        let entered = attempt
            .tendered
            .iter()
            .filter(|(_, m)| m.currency() == currency)
            .fold(Money::zero(currency), |a, (_, m)| {
                a.checked_add(*m).unwrap_or(a)
            });
        let tender_right = cash_only && entered == self.paid();
        if !tender_right {
            mistakes.push(Mistake::Tender {
                handed: self.paid(),
                entered,
            });
        }
        let rang_total = attempt
            .lines
            .iter()
            .try_fold(Money::zero(currency), |a, l| a.checked_add(l.total()?));
        let own_change = rang_total
            .ok()
            .and_then(|t| settle_cash(t, entered, step).ok())
            .map(|s| s.change_given);
        let change_right = attempt.change == self.change
            || (!(lines_right && options_right && quantities_right && tender_right)
                && own_change == Some(attempt.change));
        if !change_right {
            mistakes.push(Mistake::Change {
                right: self.change,
                gave: attempt.change,
            });
        }
        let time_points = if attempt.seconds <= self.target_seconds {
            TIME_POINTS
        } else if attempt.seconds <= self.target_seconds * 2 {
            TIME_POINTS / 2
        } else {
            0
        };
        if attempt.seconds > self.target_seconds {
            mistakes.push(Mistake::Slow {
                seconds: attempt.seconds,
                target: self.target_seconds,
            });
        }
        Score {
            points: order_points
                + if tender_right { TENDER_POINTS } else { 0 }
                + if change_right { CHANGE_POINTS } else { 0 }
                + time_points,
            lines_right,
            options_right,
            quantities_right,
            tender_right,
            change_right,
            seconds: attempt.seconds,
            target_seconds: self.target_seconds,
            mistakes,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn menu() -> Menu {
        Menu::parse("assets/menu.toml", include_str!("../../assets/menu.toml")).unwrap()
    }

    fn step() -> CashStep {
        CashStep::new(500).unwrap()
    }

    fn perfect(d: &Drill) -> Attempt {
        Attempt {
            lines: d.asked.iter().map(|a| a.line.clone()).collect(),
            tendered: d.pays_with.iter().map(|m| (TenderKind::Cash, *m)).collect(),
            change: d.change,
            seconds: d.target_seconds,
        }
    }

    #[test]
    fn the_same_seed_makes_the_same_drill_and_levels_grow_harder() {
        let m = menu();
        for seed in 0..200 {
            let a = Drill::generate(&m, Level::Foundation, seed, step()).unwrap();
            assert_eq!(
                a,
                Drill::generate(&m, Level::Foundation, seed, step()).unwrap()
            );
            assert!((1..=2).contains(&a.asked.len()));
            assert!(a.asked.iter().all(|x| x.line.qty.get() <= 2));
            assert!(a.paid() >= a.total);
            let p = Drill::generate(&m, Level::Professional, seed, step()).unwrap();
            assert!(p.asked.len() >= 2, "seed {seed}: {p:?}");
            assert!(p.target_seconds < a.target_seconds);
            assert!(p.paid() >= p.total);
        }
    }

    #[test]
    fn a_perfect_attempt_scores_100_and_says_well_done() {
        let m = menu();
        for seed in 0..50 {
            let d = Drill::generate(&m, Level::Intermediate, seed, step()).unwrap();
            let s = d.score(&m, step(), &perfect(&d));
            assert_eq!(s.points, 100, "{seed}: {s:?}");
            assert!(s.mistakes.is_empty());
            assert_eq!(s.headline(Lang::En), "Everything right. Well done!");
        }
    }

    #[test]
    fn the_card_says_the_order_and_the_notes_in_both_languages() {
        let m = menu();
        let d = Drill::generate(&m, Level::Foundation, 7, step()).unwrap();
        let en = d.card(Lang::En);
        let lo = d.card(Lang::Lo);
        for a in &d.asked {
            assert!(en.contains(&a.line.item_name.en), "{en}");
            assert!(lo.contains(&a.line.item_name.lo), "{lo}");
        }
        assert!(en.contains("She pays with"), "{en}");
        assert!(lo.contains("ລູກຄ້າຈ່າຍດ້ວຍ"), "{lo}");
        assert!(en.contains(&d.pays_with[0].to_string()));
    }

    #[test]
    fn a_wrong_option_and_wrong_change_are_each_named() {
        let m = menu();
        let id: ItemId = "lao-coffee".into();
        let mut sel = Selection::defaults(&m, &id).unwrap();
        sel.set_variant(&m, &id, "iced".into());
        sel.tap(&m, &"sugar".into(), &"50".into());
        let asked = build_line(&m, &id, &sel, Quantity::new(2).unwrap()).unwrap();
        let d = Drill {
            seed: 1,
            level: Level::Foundation,
            asked: vec![Asked {
                words: words_of(&m, &asked),
                line: asked.clone(),
            }],
            pays_with: vec![Money::lak(50_000)],
            total: Money::lak(40_000),
            change: Money::lak(10_000),
            target_seconds: 120,
        };
        assert_eq!(
            d.card(Lang::En),
            "Two Lao coffee with condensed milk (Iced, Sugar 50 %), please. She pays with a 50,000 ₭ note."
        );
        // Rung up with full sugar, right tender, wrong change.
        let mut sel = Selection::defaults(&m, &id).unwrap();
        sel.set_variant(&m, &id, "iced".into());
        let rang = build_line(&m, &id, &sel, Quantity::new(2).unwrap()).unwrap();
        let s = d.score(
            &m,
            step(),
            &Attempt {
                lines: vec![rang],
                tendered: vec![(TenderKind::Cash, Money::lak(50_000))],
                change: Money::lak(5_000),
                seconds: 60,
            },
        );
        assert!(s.lines_right && s.quantities_right && s.tender_right);
        assert!(!s.options_right && !s.change_right);
        assert_eq!(s.points, TENDER_POINTS + TIME_POINTS);
        assert_eq!(
            s.mistakes[0].words(Lang::En),
            "The customer asked for Lao coffee with condensed milk (Iced, Sugar 50 %); it was rung up as Lao coffee with condensed milk (Iced). Listen for the options: they change the drink and its price."
        );
        assert!(s.mistakes[1].words(Lang::Lo).contains("10,000 ₭"));
    }

    #[test]
    fn missing_extra_and_quantity_are_told_apart() {
        let m = menu();
        let line = |item: &str, qty: i64| {
            let id: ItemId = item.into();
            build_line(
                &m,
                &id,
                &Selection::defaults(&m, &id).unwrap(),
                Quantity::new(qty).unwrap(),
            )
            .unwrap()
        };
        let asked = [line("lao-coffee", 2), line("croissant", 1)];
        let total = asked.iter().fold(Money::lak(0), |a, l| {
            a.checked_add(l.total().unwrap()).unwrap()
        });
        let d = Drill {
            seed: 2,
            level: Level::Intermediate,
            asked: asked
                .iter()
                .map(|l| Asked {
                    words: words_of(&m, l),
                    line: l.clone(),
                })
                .collect(),
            pays_with: vec![Money::lak(100_000)],
            total,
            change: settle_cash(total, Money::lak(100_000), step())
                .unwrap()
                .change_given,
            target_seconds: 90,
        };
        let s = d.score(
            &m,
            step(),
            &Attempt {
                lines: vec![line("lao-coffee", 3), line("espresso", 1)],
                tendered: vec![(TenderKind::Cash, Money::lak(100_000))],
                change: d.change,
                seconds: 200,
            },
        );
        assert!(!s.lines_right && !s.quantities_right && s.options_right);
        let kinds: Vec<&str> = s
            .mistakes
            .iter()
            .map(|x| match x {
                Mistake::Missing { .. } => "missing",
                Mistake::Extra { .. } => "extra",
                Mistake::Quantity {
                    asked: 2, rang: 3, ..
                } => "qty",
                Mistake::Slow { .. } => "slow",
                _ => "other",
            })
            .collect();
        assert!(kinds.contains(&"missing") && kinds.contains(&"extra"));
        assert!(
            kinds.contains(&"qty") && kinds.contains(&"slow"),
            "{kinds:?}"
        );
        // Two cups right of four rung: 60 * 2 / 4 = 30; tender 10, change 20, time 0.
        assert_eq!(s.points, 30 + 10 + 20);
    }
}
