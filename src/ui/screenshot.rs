//! `mekong screenshot`: renders a screen with the software renderer into a PNG, no display
//! needed. The screen is put into a typical state (an order with iced Lao coffee and
//! croissants) through the same controller the till uses.

use super::{Controller, Ui};
use crate::app::demo::{add_demo_staff, pin_of};
use crate::domain::menu::Lang;
use slint::platform::software_renderer::{
    MinimalSoftwareWindow, PremultipliedRgbaColor, RepaintBufferType,
};
use slint::platform::{Platform, WindowAdapter};
use std::path::Path;
use std::rc::Rc;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Screen {
    Till,
    Modifiers,
    Payment,
    /// The till after a sale whose printer did not answer: status and printer lines.
    Printer,
    /// The till while head office cannot be reached: the sync line under the café's name.
    Sync,
    /// The settings screen after a test page.
    Settings,
    /// Signing in: a name chosen, a wrong PIN, the next one half typed.
    SignIn,
    /// A barista asked for the settings; a manager is asked to approve.
    Approval,
    /// Counting the float to open the till.
    OpenTill,
    /// The shift's X report after a sale and a pay-out.
    Shift,
    /// The blind count at closing.
    CloseCount,
    /// The Z report, 1,000 kip short.
    ZReport,
    /// Paying in baht and dollars at today's rates, the rest in kip.
    PaymentSplit,
    /// A trainee practising under a manager: banner and watermark.
    Training,
    /// A held table recalled, its bill split by items.
    Tickets,
    /// Choosing a discount for a line, after one on the order.
    Discount,
    /// The sales report of the last 30 days of demo history, as charts.
    Reports,
    /// Holding the order: the name or table to hold it under.
    Hold,
    /// The list of held orders.
    Held,
    /// The Lao QR transfer panel.
    Qr,
    /// A pay-out being entered on the shift screen.
    PayOut,
    /// A manager setting today's baht rate.
    Rate,
    /// Voiding or refunding a sale from the sales list.
    Return,
    /// The shift screen as a barista sees it while the till is open: the count is blind.
    ShiftBarista,
    /// A discounted line whose quantity changed: the discount is gone and the till says so.
    DiscountDropped,
    /// A new rate more than 10 % from the last one, shown beside it to confirm.
    RateConfirm,
    /// A barista's pay-out waiting for a manager's approval of its amount.
    PayOutApproval,
    /// The clock reads earlier than the last sale: a manager is asked to look and confirm.
    ClockConfirm,
    /// A manager's Favourites sheet: what is pinned, and the order's lines to pin.
    Favourites,
    /// The skills progress matrix of the barista track (the demo programme).
    Skills,
    /// A trainee's skills page, a competency chosen with its evidence.
    SkillsPerson,
    /// The competencies ready for sign-off.
    SkillsQueue,
    /// A trainee's skills page: her progress over time and her certificate just made.
    SkillsCertificate,
    /// A trainee's skills page at taking an order and handling cash: her till figures of the
    /// last four weeks and the rating they suggest, ready to attach.
    SkillsTill,
    /// A new till with nobody on it: the café, the till id and the first admin, her PIN
    /// typed once and being typed again.
    FirstRun,
    /// The People screen: the active team, and a trainee's page with her programme.
    People,
    /// Adding a person on the People screen: nickname, role, PIN typed twice.
    PeopleAdd,
    /// The sign-in screen just after a trainee clocked in with her PIN (not signed in).
    ClockIn,
    /// A trainee's programme being edited on the People screen: track, cohort, dates, mentor.
    PeopleProgramme,
    /// The till just after a barista signed in to sell without being clocked in: the offer.
    ClockOffer,
    /// A trainee's clock times on the People screen: her forgotten clock-out being corrected.
    PeopleClock,
    /// The roster week of the demo team: plans, on time, late, missed, a forgotten clock-out
    /// to check, hours per person and cohort, and a shift being planned.
    Roster,
    /// A trainee's practice drill: the customer's order on its card, one line rung up.
    Drill,
    /// A practice drill scored: a line missed and the change miscounted, said kindly.
    DrillResult,
    /// The placement pipeline of the demo's two graduated cohorts, Mai's interview open.
    PlacementsPipeline,
    /// The follow-ups due and overdue, one being recorded: reached, in work.
    PlacementsFollowUps,
    /// An employer partner's page: details, its own retention and its placements.
    PlacementsPartner,
    /// The programme's indicators over two years, with their definitions and charts.
    PlacementsIndicators,
}

struct Headless(Rc<MinimalSoftwareWindow>);

impl Platform for Headless {
    fn create_window_adapter(&self) -> Result<Rc<dyn WindowAdapter>, slint::PlatformError> {
        Ok(self.0.clone())
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ScreenshotError {
    #[error("cannot start the software renderer: {0}")]
    Platform(#[from] slint::PlatformError),
    #[error("cannot write {path}: {source}")]
    Write {
        path: String,
        source: std::io::Error,
    },
    #[error("cannot encode the PNG: {0}")]
    Png(String),
    #[error("the menu has no {0} to show")]
    Menu(&'static str),
    #[error("cannot set up the demo staff: {0}")]
    Staff(String),
    #[error("cannot stage the screen: {0}")]
    Stage(String),
}

/// Signs one of the demo staff in (the screenshot's till is a scratch one with the demo team).
fn sign_in(c: &mut Controller, nickname: &str) -> Result<(), ScreenshotError> {
    type_pin(c, nickname)?;
    match c.till.on_duty() {
        Some(_) => Ok(()),
        None => Err(ScreenshotError::Staff(format!(
            "{nickname} could not sign in"
        ))),
    }
}

/// Picks `nickname` on the PIN screen and types their PIN (to sign in, or to approve).
fn type_pin(c: &mut Controller, nickname: &str) -> Result<(), ScreenshotError> {
    type_pin_only(c, nickname)?;
    c.pin_submit();
    Ok(())
}

/// Picks `nickname` on the PIN screen and types their PIN, without submitting it.
fn type_pin_only(c: &mut Controller, nickname: &str) -> Result<(), ScreenshotError> {
    let staff = |e: String| ScreenshotError::Staff(e);
    let pin = pin_of(nickname).ok_or_else(|| staff(format!("no demo staff {nickname}")))?;
    let index = c
        .pin_candidates()
        .iter()
        .position(|e| e.staff.nickname == nickname)
        .ok_or_else(|| staff(format!("{nickname} is not on the till")))?;
    c.pin_pick(index);
    pin.chars().for_each(|d| c.pin_key(&d.to_string()));
    Ok(())
}

/// Finds an item by id on the controller's menu and taps it in its category.
fn tap(c: &mut Controller, item: &str) -> Result<(), ScreenshotError> {
    let (cat, idx) = c
        .till
        .menu()
        .categories
        .iter()
        .enumerate()
        .find_map(|(ci, cat)| {
            cat.items
                .iter()
                .position(|i| i.id.as_str() == item)
                .map(|ii| (ci, ii))
        })
        .ok_or(ScreenshotError::Menu("item used by the screenshot"))?;
    c.select_category(cat + 1);
    c.tap_item(idx);
    Ok(())
}

/// Mai practising under Noy: a drill card of two lines, the first rung up; for the result,
/// paid with the customer's notes and the change counted 1,000 short.
fn stage_drill(c: &mut Controller, screen: Screen) -> Result<(), ScreenshotError> {
    let staff = |e: String| ScreenshotError::Staff(e);
    let noy = c
        .pin_candidates()
        .iter()
        .find(|e| e.staff.nickname == "Noy")
        .map(|e| e.staff.id.clone())
        .ok_or_else(|| staff("Noy is not on the till".into()))?;
    let authority = c
        .till
        .approve(crate::domain::staff::Action::Training, &noy, "2580")
        .map_err(|e| staff(e.to_string()))?;
    c.till
        .start_training(false, &authority)
        .map_err(|e| staff(e.to_string()))?;
    let step = c.till.config().money.cash_step;
    let level = c
        .till
        .drill_level(&c.till.on_duty().map(|s| s.id.clone()).unwrap_or_default())
        .map_err(|e| staff(e.to_string()))?;
    let seed = (0..1000u32)
        .find(|s| {
            crate::domain::drill::Drill::generate(c.till.menu(), level, u64::from(*s), step)
                .is_ok_and(|d| {
                    d.asked.len() == 2
                        && c.till
                            .menu()
                            .item(&d.asked[1].line.item)
                            .is_some_and(|i| !i.has_options())
                })
        })
        .ok_or(ScreenshotError::Menu("a drill of two lines"))?;
    let drill = c
        .till
        .start_drill(Some(seed))
        .map_err(|e| staff(e.to_string()))?
        .clone();
    // The second line is rung up; the first (with its options) is still to do.
    tap(c, drill.asked[1].line.item.as_str())?;
    if screen == Screen::DrillResult {
        c.open_payment();
        c.key(&drill.paid().amount_text().replace(',', ""));
        c.finish_payment();
        let short = drill.change.minor().saturating_sub(1_000).max(0);
        c.drill_key(&short.to_string());
        c.drill_give_change();
    }
    Ok(())
}

/// The People screen with Mai's programme filled in: her page, or a person being added.
fn stage_people(c: &mut Controller, screen: Screen) -> Result<(), ScreenshotError> {
    use crate::domain::people::{Programme, Track};
    let problem = |e: crate::app::people::PeopleError| ScreenshotError::Staff(e.to_string());
    let authority = c
        .till
        .authorize(crate::domain::staff::Action::ManageStaff)
        .ok_or_else(|| ScreenshotError::Staff("Noy cannot manage staff".into()))?;
    let today = c.till.now().date_naive();
    let cohort = c
        .till
        .add_cohort(
            "2026 B",
            today - chrono::TimeDelta::days(60),
            today + chrono::TimeDelta::days(120),
            &authority,
        )
        .map_err(problem)?;
    let everyone = c.till.people(&authority).map_err(problem)?;
    let id_of = |n: &str| {
        everyone
            .iter()
            .find(|p| p.nickname == n)
            .map(|p| p.id.clone())
    };
    let (Some(mai), Some(kham)) = (id_of("Mai"), id_of("Kham")) else {
        return Err(ScreenshotError::Staff("no Mai or Kham".into()));
    };
    for (who, track) in [
        (mai, Track::Barista),
        (id_of("Dao").unwrap_or_default(), Track::Service),
    ] {
        c.till
            .set_programme(
                &who,
                Programme {
                    track: Some(track),
                    cohort: Some(cohort.id.clone()),
                    started_on: Some(cohort.starts_on),
                    planned_end: Some(cohort.planned_end),
                    mentor: Some(kham.clone()),
                },
                &authority,
            )
            .map_err(problem)?;
    }
    c.open_settings();
    c.open_people();
    let at = c
        .people_listed()
        .iter()
        .position(|p| p.nickname == "Mai")
        .unwrap_or(0);
    c.people_pick(at);
    if screen == Screen::PeopleAdd {
        c.people_start_add();
        c.people_pick_add_role(0);
        if let Some(v) = &mut c.people {
            "3579".chars().for_each(|d| v.pin.key(&d.to_string()));
            v.pin.choose(true);
            "35".chars().for_each(|d| v.pin.key(&d.to_string()));
        }
    }
    Ok(())
}

/// Puts the controller into the state the screenshot shows.
fn stage(c: &mut Controller, screen: Screen) -> Result<(), ScreenshotError> {
    if screen == Screen::FirstRun {
        "4826"
            .chars()
            .for_each(|d| c.first_run.pin.key(&d.to_string()));
        c.first_run.pin.choose(true);
        "48".chars()
            .for_each(|d| c.first_run.pin.key(&d.to_string()));
        return Ok(());
    }
    add_demo_staff(&mut c.till).map_err(|e| ScreenshotError::Staff(e.to_string()))?;
    match screen {
        Screen::ClockIn => {
            type_pin_only(c, "Mai")?;
            c.pin_clock(false);
            return Ok(());
        }
        Screen::SignIn => {
            c.pin_pick(1);
            "1234".chars().for_each(|d| c.pin_key(&d.to_string()));
            c.pin_submit();
            c.pin_key("1");
            c.pin_key("3");
            return Ok(());
        }
        Screen::Settings
        | Screen::CloseCount
        | Screen::ZReport
        | Screen::PaymentSplit
        | Screen::Discount
        | Screen::Reports
        | Screen::Rate
        | Screen::RateConfirm
        | Screen::Return
        | Screen::Shift
        | Screen::People
        | Screen::PeopleAdd
        | Screen::Roster
        | Screen::PeopleClock
        | Screen::PeopleProgramme
        | Screen::Favourites
        | Screen::Skills
        | Screen::SkillsPerson
        | Screen::SkillsQueue
        | Screen::SkillsCertificate
        | Screen::SkillsTill
        | Screen::PlacementsPipeline
        | Screen::PlacementsFollowUps
        | Screen::PlacementsPartner
        | Screen::PlacementsIndicators
        | Screen::Training => sign_in(c, "Noy")?,
        Screen::Drill | Screen::DrillResult => sign_in(c, "Mai")?,
        _ => sign_in(c, "Kham")?,
    }
    // The offer to clock in shows in its own screenshot only.
    if screen != Screen::ClockOffer {
        c.clock_offer_dismiss();
    }
    // Her till figures come from a month of sales.
    if matches!(
        screen,
        Screen::Reports | Screen::SkillsCertificate | Screen::SkillsTill
    ) {
        let today = c.till.now().date_naive();
        crate::app::demo::fill_history(&mut c.till, 30, 7, today)
            .map_err(|e| ScreenshotError::Staff(e.to_string()))?;
    }
    // The float: 10 each of 20,000, 10,000, 5,000 and 2,000, 20 of 1,000 and 500 (400,000 ₭).
    for (row, n) in [(2, 10), (3, 10), (4, 10), (5, 10), (6, 20), (7, 20)] {
        c.count_change(row, n);
    }
    if screen == Screen::OpenTill {
        return Ok(());
    }
    c.count_confirm();
    if matches!(screen, Screen::Drill | Screen::DrillResult) {
        return stage_drill(c, screen);
    }
    tap(c, "lao-coffee")?;
    c.sheet_pick_variant(1);
    c.sheet_pick_option(0, 2);
    if screen == Screen::Modifiers {
        return Ok(());
    }
    c.sheet_add();
    tap(c, "croissant")?;
    tap(c, "croissant")?;
    c.select_category(0);
    if screen == Screen::Payment {
        c.open_payment();
        c.key("60000");
    }
    if screen == Screen::PaymentSplit {
        let authority = c
            .till
            .authorize(crate::domain::staff::Action::ChangeSettings)
            .ok_or_else(|| ScreenshotError::Staff("Noy may not set rates".into()))?;
        let today = c.till.now().date_naive();
        for (currency, rate) in [
            (crate::domain::money::Currency::Thb, 633),
            (crate::domain::money::Currency::Usd, 21_500),
        ] {
            c.till
                .set_rate(currency, rate, today, &authority, false)
                .map_err(|e| ScreenshotError::Staff(e.to_string()))?;
        }
        c.open_payment();
        c.select_pay_currency(1);
        c.key("20");
        c.add_part();
        c.select_pay_currency(2);
        c.key("1");
        c.add_part();
        c.key("25000");
    }
    if screen == Screen::Settings {
        c.open_payment();
        c.key("60000");
        c.finish_payment();
        c.open_settings();
        c.print_test_page();
    }
    if screen == Screen::Sync {
        c.open_payment();
        c.key("60000");
        c.finish_payment();
        let till = &mut c.till;
        let stage = |e: crate::store::StoreError| ScreenshotError::Stage(e.to_string());
        crate::sync::outbox::freeze(till).map_err(|e| ScreenshotError::Stage(e.to_string()))?;
        let at = till.now().to_rfc3339();
        let conn = till.store().conn();
        for batch in crate::store::outbox::pending(conn).map_err(stage)? {
            crate::store::outbox::tried(
                conn,
                batch.seq,
                &at,
                Some("cannot reach head office (no internet?)"),
            )
            .map_err(stage)?;
        }
    }
    if screen == Screen::Printer {
        c.open_payment();
        c.key("60000");
        c.finish_payment();
        tap(c, "latte")?;
        c.sheet_add();
    }
    if matches!(
        screen,
        Screen::Shift | Screen::ShiftBarista | Screen::CloseCount | Screen::ZReport
    ) {
        c.open_payment();
        c.key("60000");
        c.finish_payment();
        c.open_shift();
        c.move_start(crate::app::session::Move::PayOut);
        c.move_key("35000");
        c.move_select_reason(1);
        c.move_save();
        if c.pin.approving.is_some() {
            type_pin(c, "Noy")?;
        }
    }
    if screen == Screen::PayOutApproval {
        c.open_shift();
        c.move_start(crate::app::session::Move::PayOut);
        c.move_key("35000");
        c.move_select_reason(1);
        c.move_save();
    }
    if screen == Screen::ClockConfirm {
        c.open_payment();
        c.key("60000");
        c.finish_payment();
        // As a checkout sees it after someone set the clock back a day.
        let last = c.till.now();
        c.request(super::controller::Pending::ConfirmClock(
            last - chrono::TimeDelta::days(1),
            last,
        ));
    }
    if screen == Screen::Favourites {
        c.edit_favourites();
    }
    if screen == Screen::DiscountDropped {
        c.discount_start();
        c.discount_target(Some(1));
        c.discount_percent(50);
        c.discount_reason(0);
        c.discount_apply();
        type_pin(c, "Noy")?;
        c.increment(1);
    }
    if screen == Screen::RateConfirm {
        let authority = c
            .till
            .authorize(crate::domain::staff::Action::ChangeSettings)
            .ok_or_else(|| ScreenshotError::Staff("Noy may not set rates".into()))?;
        let today = c.till.now().date_naive();
        c.till
            .set_rate(
                crate::domain::money::Currency::Thb,
                633,
                today,
                &authority,
                false,
            )
            .map_err(|e| ScreenshotError::Staff(e.to_string()))?;
        c.open_settings();
        c.edit_rate(0);
        c.rate_key("710");
        c.rate_save();
    }
    if matches!(screen, Screen::CloseCount | Screen::ZReport) {
        c.shift_close_till();
        // Expected: 400,000 float + 60,000 − 4,000 change − 35,000 = 421,000; one 1,000 missing.
        for (row, n) in [(1, 2), (2, 6), (3, 10), (4, 10), (5, 10), (6, 20), (7, 20)] {
            c.count_change(row, n);
        }
    }
    if screen == Screen::ZReport {
        c.count_confirm();
    }
    if screen == Screen::Discount {
        c.discount_start();
        for k in ["5", "000"] {
            c.discount_key(k);
        }
        c.discount_reason(1);
        c.discount_apply();
        c.discount_start();
        c.discount_target(Some(1));
        c.discount_percent(10);
        c.discount_reason(0);
    }
    if screen == Screen::Tickets {
        c.hold();
        c.hold_save("Table 4");
        tap(c, "latte")?;
        c.sheet_add();
        c.hold();
        c.hold_save("Ms Vong");
        c.recall(0);
        tap(c, "croissant")?;
        c.toggle_split();
        c.choose_line(1);
        c.choose_line(2);
    }
    if screen == Screen::Training {
        let authority = c
            .till
            .authorize(crate::domain::staff::Action::Training)
            .ok_or_else(|| ScreenshotError::Staff("Noy may not supervise".into()))?;
        c.till
            .start_training(true, &authority)
            .map_err(|e| ScreenshotError::Staff(e.to_string()))?;
        c.open_payment();
        c.key("60000");
        c.finish_payment();
        tap(c, "croissant")?;
    }
    // Her till figures come from a month of sales.
    if matches!(
        screen,
        Screen::Reports | Screen::SkillsCertificate | Screen::SkillsTill
    ) {
        c.open_settings();
        c.open_reports();
        c.reports_pick(3);
    }
    if matches!(
        screen,
        Screen::People
            | Screen::PeopleAdd
            | Screen::Roster
            | Screen::PeopleClock
            | Screen::PeopleProgramme
    ) {
        let today = c.till.now().date_naive();
        crate::app::demo::fill_roster(&mut c.till, 14, 7, today)
            .map_err(|e| ScreenshotError::Staff(e.to_string()))?;
        stage_people(c, screen)?;
    }
    if matches!(
        screen,
        Screen::Skills
            | Screen::SkillsPerson
            | Screen::SkillsQueue
            | Screen::SkillsCertificate
            | Screen::SkillsTill
    ) {
        let today = c.till.now().date_naive();
        crate::app::demo::fill_skills(&mut c.till, today)
            .map_err(|e| ScreenshotError::Staff(e.to_string()))?;
        c.open_settings();
        c.open_people();
        c.open_skills();
        match screen {
            Screen::SkillsQueue => c.skills_show(super::controller::SkillsMode::Queue),
            Screen::SkillsPerson => {
                // Mai (after Dao in the matrix), at consistent dose.
                c.skills_open_row(1);
                c.skills_pick_competency(3);
                c.skills_pick_rating(2);
                c.skills_pick_method(0);
            }
            Screen::SkillsCertificate => {
                c.skills_open_row(1);
                c.skills_certificate("Mai Phommachanh");
            }
            Screen::SkillsTill => {
                // Dao (first in the matrix), at taking an order and handling cash.
                c.skills_open_row(0);
                let at = c.skills_competency_at("order-and-cash").ok_or_else(|| {
                    ScreenshotError::Staff("no order-and-cash competency on her page".into())
                })?;
                c.skills_pick_competency(at);
            }
            _ => {}
        }
    }
    if matches!(
        screen,
        Screen::PlacementsPipeline
            | Screen::PlacementsFollowUps
            | Screen::PlacementsPartner
            | Screen::PlacementsIndicators
    ) {
        use super::controller::{IndicatorPeriod, PlacementsMode};
        let today = c.till.now().date_naive();
        crate::app::demo::fill_placements(&mut c.till, today)
            .map_err(|e| ScreenshotError::Staff(e.to_string()))?;
        c.open_settings();
        c.open_people();
        c.open_placements();
        let staged = |c: &mut Controller| -> Option<()> {
            let a = &c.people.as_ref()?.authority;
            match screen {
                Screen::PlacementsPipeline => {
                    let mai = c
                        .till
                        .placements(a)
                        .ok()?
                        .into_iter()
                        .find(|p| p.nickname == "Mai")?;
                    c.placements_open(mai.id);
                }
                Screen::PlacementsFollowUps => {
                    let first = c.till.follow_ups_due(a).ok()?.into_iter().next()?;
                    c.placements_show(PlacementsMode::FollowUps);
                    c.placements_open_follow_up(first.placement.id, first.due.month);
                    c.placements_pick(|d| {
                        d.reached = Some(true);
                        d.employed = Some(true);
                        d.same_employer = Some(true);
                    });
                }
                Screen::PlacementsPartner => {
                    let hotel = c
                        .till
                        .employers(a)
                        .ok()?
                        .into_iter()
                        .find(|e| e.employer.name().starts_with("Riverside"))?;
                    c.placements_show(PlacementsMode::Partners);
                    c.placements_open_partner(hotel.id);
                }
                _ => {
                    c.placements_show(PlacementsMode::Indicators);
                    c.placements_period(IndicatorPeriod::TwoYears);
                }
            }
            Some(())
        };
        staged(c)
            .ok_or_else(|| ScreenshotError::Staff("the demo placements are missing".into()))?;
    }
    if screen == Screen::PeopleProgramme {
        c.people_open_programme();
    }
    if screen == Screen::PeopleClock {
        let at = c
            .people_listed()
            .iter()
            .position(|p| p.nickname == "Dao")
            .unwrap_or(0);
        c.people_pick(at);
        c.people_open_clock();
        let Some(v) = &c.people else {
            return Err(ScreenshotError::Staff(
                "the People screen did not open".into(),
            ));
        };
        let id = v.chosen.clone().unwrap_or_default();
        let shifts = c
            .till
            .recent_shifts(&id, Controller::CLOCK_DAYS, &v.authority)
            .map_err(|e| ScreenshotError::Staff(e.to_string()))?;
        let forgotten = shifts.iter().position(|s| s.needs_review).unwrap_or(0);
        c.people_pick_shift(forgotten);
        c.people_nudge(-60);
        c.people_nudge(-15);
    }
    if screen == Screen::Roster {
        c.open_roster();
        c.roster_pick(2, 5);
        c.roster_nudge_start(2);
    }
    match screen {
        Screen::Hold => c.hold(),
        Screen::Held => {
            c.hold();
            c.hold_save("Table 4");
            tap(c, "latte")?;
            c.sheet_add();
            c.hold();
            c.hold_save("Ms Vong");
            c.show_tickets();
        }
        Screen::Qr => {
            c.open_payment();
            c.qr_start();
        }
        Screen::PayOut => {
            c.open_shift();
            c.move_start(crate::app::session::Move::PayOut);
            c.move_key("35");
            c.move_key("000");
            c.move_select_reason(1);
        }
        Screen::Rate => {
            c.open_settings();
            c.edit_rate(0);
            c.rate_key("633");
        }
        Screen::Return => {
            c.open_payment();
            c.key("60000");
            c.finish_payment();
            c.open_settings();
            c.start_return(0);
            c.return_change(1, 1);
            c.return_reason(1);
        }
        _ => {}
    }
    if screen == Screen::Approval {
        c.open_settings();
        c.pin_pick(0);
        c.pin_key("2");
    }
    Ok(())
}

pub fn render_screenshot(
    mut controller: Controller,
    screen: Screen,
    lang: Lang,
    (width, height): (u32, u32),
    out: &Path,
) -> Result<(), ScreenshotError> {
    let window = MinimalSoftwareWindow::new(RepaintBufferType::NewBuffer);
    slint::platform::set_platform(Box::new(Headless(window.clone())))
        .map_err(|e| slint::PlatformError::Other(e.to_string()))?;
    stage(&mut controller, screen)?;
    // After staging: a sign-in on the way switches to the signed-in person's language.
    controller.lang = lang;
    let ui = Ui::new(controller)?;
    window.set_size(slint::PhysicalSize::new(width, height));
    slint::ComponentHandle::show(&ui.window)?;
    ui.refresh();
    let mut pixels = vec![PremultipliedRgbaColor::default(); (width * height) as usize];
    window.request_redraw();
    window.draw_if_needed(|r| {
        r.render(&mut pixels, width as usize);
    });
    let file = std::fs::File::create(out).map_err(|source| ScreenshotError::Write {
        path: out.display().to_string(),
        source,
    })?;
    let mut enc = png::Encoder::new(std::io::BufWriter::new(file), width, height);
    enc.set_color(png::ColorType::Rgb);
    enc.set_depth(png::BitDepth::Eight);
    let mut w = enc
        .write_header()
        .map_err(|e| ScreenshotError::Png(e.to_string()))?;
    let rgb: Vec<u8> = pixels
        .iter()
        .flat_map(|p| [p.red, p.green, p.blue])
        .collect();
    w.write_image_data(&rgb)
        .map_err(|e| ScreenshotError::Png(e.to_string()))?;
    Ok(())
}
