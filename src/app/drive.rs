//! Live sales without the window, for the crash harness and soak runs (`mekong drive`, a
//! hidden command): the demo team sells a stream of realistic orders through the same use
//! cases the screen calls (cash in kip, baht or dollars, QR, split payments, held tickets
//! recalled and paid, a refund now and then), with the printer thread running as in the till.
//! Each sale, return or held ticket is written to `out` only after its commit returned, so a
//! line on `out` is a promise that it is on disk.

use super::staff::Authority;
use super::tenders::Payment;
use super::tickets::TicketAfter;
use super::{AppError, Till, demo};
use crate::domain::menu::Menu;
use crate::domain::money::{Currency, Money, Quantity};
use crate::domain::order::{OrderLine, Selection, build_line};
use crate::domain::returns::{ReturnKind, ReturnReason};
use crate::domain::staff::{Action, StaffId};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::io::Write;
use std::path::Path;

/// Marks a data directory whose sales were made up by `drive`, so that it may go on adding
/// to them after a restart; any other directory must be empty of sales.
pub const MARKER: &str = "driven-by-mekong-drive";

/// How one driven run went.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Driven {
    pub sales: u64,
    pub returns: u64,
    pub tickets: u64,
}

/// The rates the driver sets when a foreign currency has none today (kip for one baht or
/// one dollar, within the default bounds).
const RATES: [(Currency, i64); 2] = [(Currency::Thb, 640), (Currency::Usd, 21_500)];

/// Sells `sales` orders (or without end) on the till in `data_dir`, seeded by `seed`, with
/// `pause` between them.
/// Refuses a data directory with real sales or staff: made-up sales never go into a café's
/// books. Writes `sale LABEL`, `return LABEL` and `ticket ID` lines to `out`, each after its
/// commit.
pub fn drive(
    data_dir: &Path,
    sales: Option<u64>,
    seed: u64,
    pause: std::time::Duration,
    out: &mut dyn Write,
) -> Result<Driven, AppError> {
    let marker = data_dir.join(MARKER);
    let mut till = Till::open(data_dir)?;
    if !marker.exists() {
        if !demo::is_demo_till(&till)? {
            return Err(AppError::Demo(format!(
                "{} holds real staff or sales: driven sales would mix into its books; use an empty --data-dir",
                data_dir.display()
            )));
        }
        std::fs::write(
            &marker,
            "The sales in this data directory were made up by `mekong drive` (tests).\n",
        )
        .map_err(super::data_dir_error(data_dir))?;
    }
    demo::add_demo_staff(&mut till)?;
    let staff = till.staff()?;
    let id_of = |nickname: &str| -> Result<StaffId, AppError> {
        staff
            .iter()
            .find(|e| e.staff.nickname == nickname)
            .map(|e| e.staff.id.clone())
            .ok_or_else(|| AppError::Drive(format!("no {nickname} on the till")))
    };
    let (kham, noy) = (id_of("Kham")?, id_of("Noy")?);
    let pin = |n: &str| demo::pin_of(n).unwrap_or_default();
    till.sign_in(&kham, pin("Kham"))
        .map_err(|e| AppError::Drive(e.to_string()))?;
    if till.session()?.is_none() {
        till.open_session(&Default::default())?;
    }
    let foreign = till.config().money.foreign.clone();
    for (currency, per_unit) in RATES {
        if foreign.contains(&currency) && till.rate_today(currency)?.is_none() {
            let authority = approve(&mut till, Action::ChangeSettings, &noy, pin("Noy"))?;
            let today = till.today();
            till.set_rate(currency, per_unit, today, &authority, true)?;
        }
    }
    till.print_in_background();

    let mut rng = StdRng::seed_from_u64(seed);
    let mut done = Driven::default();
    let mut said = |line: String| -> Result<(), AppError> {
        writeln!(out, "{line}")
            .and_then(|()| out.flush())
            .map_err(|e| AppError::Drive(format!("cannot write to the output: {e}")))
    };
    while sales.is_none_or(|n| done.sales < n) {
        if !pause.is_zero() && done.sales > 0 {
            std::thread::sleep(pause);
        }
        let lines = an_order(till.menu(), &mut rng)?;
        let total = crate::domain::order::totals(
            &lines,
            till.config().money.currency,
            till.vat_rate_now(),
        )?
        .gross;
        let roll = rng.random_range(0..100);
        let ticket = if roll < 12 {
            let mut order = super::staff::Order::default();
            for l in &lines {
                order
                    .add(l.clone())
                    .map_err(|e| AppError::Drive(e.to_string()))?;
            }
            let name = format!("Table {}", rng.random_range(1..=12));
            let id = till
                .hold_ticket(None, &name, &order)
                .map_err(|e| AppError::Drive(e.to_string()))?;
            done.tickets += 1;
            said(format!("ticket {id}"))?;
            Some(TicketAfter::Close(id))
        } else {
            None
        };
        let payments = payments_for(&till, total, roll, &mut rng)?;
        let sale = till
            .checkout_ticket(&lines, &[], &payments, ticket)
            .map_err(|e| AppError::Drive(format!("a driven sale was refused: {e}")))?
            .sale;
        done.sales += 1;
        said(format!("sale {}", sale.receipt_label()))?;
        if rng.random_range(0..100) < 5 {
            let authority = approve(&mut till, Action::Refund, &noy, pin("Noy"))?;
            let reason = [ReturnReason::Quality, ReturnReason::ChangedMind][rng.random_range(0..2)];
            let r = till
                .return_sale(
                    &sale.receipt_label(),
                    ReturnKind::Refund,
                    &[(1, 1)],
                    reason,
                    &authority,
                )
                .map_err(|e| AppError::Drive(format!("a driven refund was refused: {e}")))?;
            done.returns += 1;
            said(format!("return {}-R{:06}", sale.till_id, r.return_no))?;
        }
    }
    Ok(done)
}

fn approve(
    till: &mut Till,
    action: Action,
    who: &StaffId,
    pin: &str,
) -> Result<Authority, AppError> {
    till.approve(action, who, pin)
        .map_err(|e| AppError::Drive(e.to_string()))
}

/// One to three lines, each of one to three of an item, some with a modifier changed.
fn an_order(menu: &Menu, rng: &mut StdRng) -> Result<Vec<OrderLine>, AppError> {
    let items: Vec<_> = menu
        .categories
        .iter()
        .flat_map(|c| c.items.iter())
        .collect();
    if items.is_empty() {
        return Err(AppError::Drive("the menu has no items to sell".into()));
    }
    let bad = |e: crate::domain::order::OrderError| AppError::Drive(e.to_string());
    (0..rng.random_range(1..=3))
        .map(|_| {
            let item = items[rng.random_range(0..items.len())];
            let plain = Selection::defaults(menu, &item.id).map_err(bad)?;
            let qty = Quantity::new(rng.random_range(1..=3))
                .map_err(|e| AppError::Drive(e.to_string()))?;
            // Now and then one option changed (an option that does not fit the variant, like
            // ice on a hot drink, leaves the line as it was).
            let mut sel = plain.clone();
            if !item.modifiers.is_empty() && rng.random_bool(0.4) {
                let group = &item.modifiers[rng.random_range(0..item.modifiers.len())];
                if let Some(g) = menu.groups.iter().find(|g| &g.id == group)
                    && !g.options.is_empty()
                {
                    sel.tap(
                        menu,
                        group,
                        &g.options[rng.random_range(0..g.options.len())].id,
                    );
                }
            }
            build_line(menu, &item.id, &sel, qty)
                .or_else(|_| build_line(menu, &item.id, &plain, qty))
                .map_err(bad)
        })
        .collect()
}

/// How the customer pays `total`: mostly kip, then QR, split, or foreign cash.
fn payments_for(
    till: &Till,
    total: Money,
    roll: u32,
    rng: &mut StdRng,
) -> Result<Vec<Payment>, AppError> {
    let kip = total.minor();
    let round_up = |step: i64| (kip + step - 1) / step * step;
    Ok(match roll % 10 {
        0..=3 => vec![Payment::cash(Money::lak(
            [kip, round_up(10_000), round_up(50_000)][rng.random_range(0..3)],
        ))],
        4 | 5 => vec![Payment::qr(total)],
        6 => {
            // Part by QR, the rest in cash.
            let qr = (kip / 2 / 1_000) * 1_000;
            vec![
                Payment::qr(Money::lak(qr)),
                Payment::cash(Money::lak(round_up(1_000) - qr)),
            ]
        }
        7 | 8 => {
            let currency = if roll % 10 == 7 {
                Currency::Thb
            } else {
                Currency::Usd
            };
            match till.rate_today(currency)? {
                // Whole notes of the foreign currency, enough for the total; change in kip.
                Some(rate) => {
                    let units = (kip + rate.per_unit - 1) / rate.per_unit;
                    let minor = units * 10_i64.pow(currency.decimals());
                    vec![Payment::cash(Money::new(currency, minor))]
                }
                None => vec![Payment::cash(Money::lak(round_up(10_000)))],
            }
        }
        _ => {
            // A note of kip and the rest by QR.
            let cash = (kip / 2 / 5_000) * 5_000;
            vec![
                Payment::cash(Money::lak(cash)),
                Payment::qr(Money::lak(kip - cash)),
            ]
        }
    })
}
