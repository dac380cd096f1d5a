//! Adapter of the Placements screen (`ui/screens/placements.slint`).

use super::controller::{
    Controller, IndicatorPeriod, Panel, PlacementsMode, PlacementsNote, PlacementsView,
};
use super::{
    AppWindow, BarView, CardView, ChoiceView, DueView, FigureView, LineView, PartnerView,
    PlacementsAdapter, StageView, Ui, model,
};
use crate::app::staff::Authority;
use crate::domain::menu::Lang;
use crate::domain::money::Currency;
use crate::domain::people::Status;
use crate::domain::placements::{
    self as rules, Agreement, Contract, EndReason, Outcome, Ratio, Retention, Sector, Stage,
};
use crate::domain::staff::Role;
use chrono::{Datelike, NaiveDate};
use slint::ComponentHandle;

fn index<T: PartialEq + Copy>(all: &[T], x: Option<T>) -> i32 {
    x.and_then(|x| all.iter().position(|a| *a == x))
        .map_or(-1, |i| i as i32)
}

fn yes_no(x: Option<bool>) -> i32 {
    x.map_or(-1, i32::from)
}

const CURRENCIES: [Currency; 3] = [Currency::Lak, Currency::Thb, Currency::Usd];

pub(super) fn wire(ui: &Ui) {
    let a = ui.window.global::<PlacementsAdapter>();
    let u = ui.handle();
    a.on_show(move |m| {
        u.act(|c| {
            c.placements_show(match m {
                1 => PlacementsMode::FollowUps,
                2 => PlacementsMode::Partners,
                3 => PlacementsMode::Indicators,
                _ => PlacementsMode::Board,
            })
        })
    });
    let u = ui.handle();
    a.on_pick_period(move |p| {
        u.act(|c| {
            c.placements_period(match p {
                1 => IndicatorPeriod::LastYear,
                2 => IndicatorPeriod::TwoYears,
                _ => IndicatorPeriod::ThisYear,
            })
        })
    });
    let u = ui.handle();
    a.on_toggle_archived(move || {
        u.act(|c| {
            let on = c
                .people
                .as_ref()
                .and_then(|v| v.placements.as_ref())
                .is_some_and(|p| p.archived);
            c.placements_show_archived(!on)
        })
    });
    let u = ui.handle();
    a.on_open_card(move |id| u.act(|c| c.placements_open(i64::from(id))));
    let u = ui.handle();
    a.on_start_refer(move || u.act(|c| c.placements_start_refer()));
    let u = ui.handle();
    a.on_pick_person(move |i| {
        u.act(|c| {
            let person = referable(c).get(i as usize).map(|p| p.0.clone());
            c.placements_pick(|d| d.person = person)
        })
    });
    let u = ui.handle();
    a.on_pick_partner(move |i| {
        u.act(|c| {
            let partner = open_partners(c).get(i as usize).map(|p| p.0.clone());
            c.placements_pick(|d| d.partner = partner)
        })
    });
    let u = ui.handle();
    a.on_pick_contract(move |i| {
        u.act(|c| c.placements_pick(|d| d.contract = Contract::ALL.get(i as usize).copied()))
    });
    let u = ui.handle();
    a.on_pick_currency(move |i| {
        u.act(|c| c.placements_pick(|d| d.currency = CURRENCIES.get(i as usize).copied()))
    });
    let u = ui.handle();
    a.on_pick_consent(move |i| u.act(|c| c.placements_pick(|d| d.consent = Some(i == 1))));
    let w = ui.window.as_weak();
    let u = ui.handle();
    a.on_refer(move || {
        let Some(w) = w.upgrade() else { return };
        let a = w.global::<PlacementsAdapter>();
        u.act(|c| {
            c.placements_refer(
                &a.get_job_title(),
                &a.get_hours(),
                &a.get_wage(),
                &a.get_day(),
            )
        })
    });
    let u = ui.handle();
    a.on_advance(move || u.act(|c| c.placements_advance()));
    let w = ui.window.as_weak();
    let u = ui.handle();
    a.on_start(move || {
        let Some(w) = w.upgrade() else { return };
        let day = w.global::<PlacementsAdapter>().get_day();
        u.act(|c| c.placements_start(&day))
    });
    let u = ui.handle();
    a.on_pick_reason(move |i| {
        u.act(|c| c.placements_pick(|d| d.reason = EndReason::ALL.get(i as usize).copied()))
    });
    let w = ui.window.as_weak();
    let u = ui.handle();
    a.on_end(move || {
        let Some(w) = w.upgrade() else { return };
        let day = w.global::<PlacementsAdapter>().get_day();
        u.act(|c| c.placements_end(&day))
    });
    let w = ui.window.as_weak();
    let u = ui.handle();
    a.on_not_hired(move || {
        let Some(w) = w.upgrade() else { return };
        let day = w.global::<PlacementsAdapter>().get_day();
        u.act(|c| c.placements_not_hired(&day))
    });
    let u = ui.handle();
    a.on_consent_answer(move |yes| u.act(|c| c.placements_consent(yes)));
    let u = ui.handle();
    a.on_open_due(move |i| {
        u.act(|c| {
            let due = c.people.as_ref().and_then(|v| {
                c.till
                    .follow_ups_due(&v.authority)
                    .ok()?
                    .get(i as usize)
                    .map(|d| (d.placement.id, d.due.month))
            });
            if let Some((p, m)) = due {
                c.placements_open_follow_up(p, m);
            }
        })
    });
    let u = ui.handle();
    a.on_pick_reached(move |yes| u.act(|c| c.placements_pick(|d| d.reached = Some(yes))));
    let u = ui.handle();
    a.on_pick_employed(move |yes| u.act(|c| c.placements_pick(|d| d.employed = Some(yes))));
    let u = ui.handle();
    a.on_pick_same(move |yes| u.act(|c| c.placements_pick(|d| d.same_employer = Some(yes))));
    let w = ui.window.as_weak();
    let u = ui.handle();
    a.on_record(move || {
        let Some(w) = w.upgrade() else { return };
        let a = w.global::<PlacementsAdapter>();
        u.act(|c| c.placements_record_follow_up(&a.get_day(), &a.get_wage(), &a.get_note()))
    });
    let u = ui.handle();
    a.on_open_partner(move |i| {
        u.act(|c| {
            if let Some(id) = listed_partners(c).get(i as usize).map(|p| p.id.clone()) {
                c.placements_open_partner(id);
            }
        })
    });
    let u = ui.handle();
    a.on_add_partner(move || u.act(|c| c.placements_edit_partner(None)));
    let u = ui.handle();
    a.on_edit_partner(move || {
        u.act(|c| {
            if let Some(Panel::Partner(id)) = c
                .people
                .as_ref()
                .and_then(|v| v.placements.as_ref())
                .map(|p| p.panel.clone())
            {
                c.placements_edit_partner(Some(id));
            }
        })
    });
    let u = ui.handle();
    a.on_pick_sector(move |i| {
        u.act(|c| c.placements_pick(|d| d.sector = Sector::ALL.get(i as usize).copied()))
    });
    let u = ui.handle();
    a.on_pick_agreement(move |i| {
        u.act(|c| c.placements_pick(|d| d.agreement = Agreement::ALL.get(i as usize).copied()))
    });
    let w = ui.window.as_weak();
    let u = ui.handle();
    a.on_save_partner(move || {
        let Some(w) = w.upgrade() else { return };
        let a = w.global::<PlacementsAdapter>();
        u.act(|c| {
            c.placements_save_partner(
                &a.get_name(),
                &a.get_city(),
                &a.get_country(),
                &a.get_contact(),
                &a.get_phone(),
                &a.get_agreed_on(),
                &a.get_note(),
            )
        })
    });
    let u = ui.handle();
    a.on_archive(move |on| u.act(|c| c.placements_archive(on)));
    let u = ui.handle();
    a.on_delete_partner(move || u.act(|c| c.placements_delete_partner()));
    let u = ui.handle();
    a.on_close(move || u.act(|c| c.placements_close()));
}

/// Who can be referred: trainees active or graduated, by nickname.
fn referable(c: &Controller) -> Vec<(crate::domain::staff::StaffId, String)> {
    let Some(v) = &c.people else {
        return Vec::new();
    };
    let mut people: Vec<_> = c
        .till
        .people(&v.authority)
        .unwrap_or_default()
        .into_iter()
        .filter(|p| {
            p.role == Role::Trainee
                && !p.erased
                && matches!(p.status, Status::Active | Status::Graduated)
        })
        .map(|p| (p.id, p.nickname))
        .collect();
    people.sort_by_key(|p| p.1.to_lowercase());
    people
}

/// Partners that take placements (not archived).
fn open_partners(c: &Controller) -> Vec<(crate::domain::placements::EmployerId, String)> {
    let Some(v) = &c.people else {
        return Vec::new();
    };
    c.till
        .employers(&v.authority)
        .unwrap_or_default()
        .into_iter()
        .filter(|e| e.archived_on.is_none())
        .map(|e| (e.id, e.employer.name().to_owned()))
        .collect()
}

/// The partners listed: archived ones only when asked for.
fn listed_partners(c: &Controller) -> Vec<crate::store::placements::EmployerRow> {
    let Some(v) = &c.people else {
        return Vec::new();
    };
    let archived = v.placements.as_ref().is_some_and(|p| p.archived);
    c.till
        .employers(&v.authority)
        .unwrap_or_default()
        .into_iter()
        .filter(|e| archived || e.archived_on.is_none())
        .collect()
}

fn percent(r: Ratio) -> String {
    r.percent().map_or("–".into(), |p| format!("{p} %"))
}

fn share(r: Ratio) -> i32 {
    r.percent().unwrap_or(0).min(100) as i32
}

/// The screen's own translated word for `x` (from one of its `@tr` lists, in the order of
/// `all`): the words live once, in `ui/screens/placements.slint`.
fn word<T: PartialEq>(list: slint::ModelRc<slint::SharedString>, all: &[T], x: &T) -> String {
    use slint::Model;
    all.iter()
        .position(|y| y == x)
        .and_then(|i| list.row_data(i))
        .map(|w| w.to_string())
        .unwrap_or_default()
}

fn sector_word(a: &PlacementsAdapter, s: Sector) -> String {
    word(a.get_sectors_names(), &Sector::ALL, &s)
}

fn stage_word(a: &PlacementsAdapter, s: Stage) -> String {
    word(a.get_stages(), &Stage::ALL, &s)
}

fn reason_word(a: &PlacementsAdapter, r: EndReason) -> String {
    word(a.get_reasons(), &EndReason::ALL, &r)
}

/// What a card or a line says of a placement: its job, and why it ended when it did.
fn job_and_end(a: &PlacementsAdapter, p: &crate::domain::placements::Placement) -> String {
    match p.ended() {
        Some((on, why)) => format!("{} · {} {on}", p.job.title(), reason_word(a, why)),
        None => p.job.title().to_owned(),
    }
}

fn words(lang: Lang, en: &str, lo: &str) -> String {
    match lang {
        Lang::Lo => lo.to_owned(),
        _ => en.to_owned(),
    }
}

/// "3 months: 4 of 5 (80 %) · reached 5 of 6": a retention bar.
fn retention_bar(r: &Retention, lang: Lang) -> BarView {
    BarView {
        label: match lang {
            Lang::Lo => format!("{} ເດືອນ", r.month),
            _ => format!("{} months", r.month),
        }
        .into(),
        share: share(r.rate()),
        text: match lang {
            Lang::Lo => format!(
                "{} ຈາກ {} ({}) · ຕິດຕໍ່ໄດ້ {}",
                r.employed,
                r.due,
                percent(r.rate()),
                percent(r.coverage())
            ),
            _ => format!(
                "{} of {} ({}) · reached {}",
                r.employed,
                r.due,
                percent(r.rate()),
                percent(r.coverage())
            ),
        }
        .into(),
    }
}

fn bars(items: Vec<(String, u32, String)>) -> Vec<BarView> {
    let most = items.iter().map(|(_, n, _)| *n).max().unwrap_or(0).max(1);
    items
        .into_iter()
        .map(|(label, n, text)| BarView {
            label: label.into(),
            share: (n * 100 / most) as i32,
            text: text.into(),
        })
        .collect()
}

/// The period of the indicators page, as of `today`.
fn period(p: IndicatorPeriod, today: NaiveDate) -> (NaiveDate, NaiveDate) {
    let year = |y: i32| {
        (
            NaiveDate::from_ymd_opt(y, 1, 1).unwrap_or(today),
            NaiveDate::from_ymd_opt(y, 12, 31).unwrap_or(today),
        )
    };
    match p {
        IndicatorPeriod::ThisYear => year(today.year()),
        IndicatorPeriod::LastYear => year(today.year() - 1),
        IndicatorPeriod::TwoYears => (year(today.year() - 1).0, year(today.year()).1),
    }
}

pub(super) fn show(w: &AppWindow, c: &Controller) {
    let a = w.global::<PlacementsAdapter>();
    let Some((v, p)) = c
        .people
        .as_ref()
        .and_then(|v| v.placements.as_ref().map(|p| (v, p)))
    else {
        a.set_open(false);
        return;
    };
    let lang = c.lang;
    let auth = &v.authority;
    a.set_open(true);
    a.set_today(c.till.today().to_string().into());
    a.set_mode(match p.mode {
        PlacementsMode::Board => 0,
        PlacementsMode::FollowUps => 1,
        PlacementsMode::Partners => 2,
        PlacementsMode::Indicators => 3,
    });
    // The typed fields clear when another form opens (a refusal keeps them to fix).
    if a.get_open() && RESETS.get() != p.resets {
        RESETS.set(p.resets);
        for set in [
            PlacementsAdapter::set_job_title,
            PlacementsAdapter::set_hours,
            PlacementsAdapter::set_wage,
            PlacementsAdapter::set_day,
            PlacementsAdapter::set_note,
            PlacementsAdapter::set_name,
            PlacementsAdapter::set_city,
            PlacementsAdapter::set_country,
            PlacementsAdapter::set_contact,
            PlacementsAdapter::set_phone,
            PlacementsAdapter::set_agreed_on,
        ] {
            set(&a, Default::default());
        }
        if p.panel == Panel::Refer {
            a.set_hours("40".into());
        }
        // A partner being edited: the form opens with what is kept.
        if let Panel::EditPartner(Some(id)) = &p.panel
            && let Ok(page) = c.till.employer_page(id, auth)
        {
            let e = page.employer.employer;
            a.set_name(e.name().into());
            a.set_city(e.city().into());
            a.set_country(e.country().into());
            a.set_contact(e.contact_name().into());
            a.set_phone(e.contact_phone().into());
            a.set_agreed_on(
                e.agreement_on
                    .map(|d| d.to_string())
                    .unwrap_or_default()
                    .into(),
            );
            a.set_note(e.note().into());
        }
    }
    let due = c.till.follow_ups_due(auth).unwrap_or_else(|e| {
        tracing::error!("follow-ups due cannot be read: {e}");
        Vec::new()
    });
    a.set_due_count(due.len() as i32);
    show_message(&a, p);
    let d = &p.draft;
    match p.mode {
        PlacementsMode::Board => {
            let all = c.till.placements(auth).unwrap_or_else(|e| {
                a.set_message_kind(1);
                a.set_message(e.to_string().into());
                Vec::new()
            });
            let chosen = match &p.panel {
                Panel::Placement(id) => Some(*id),
                _ => None,
            };
            a.set_board(model(
                Stage::ALL
                    .iter()
                    .enumerate()
                    .map(|(i, s)| StageView {
                        stage: i as i32,
                        cards: model(
                            all.iter()
                                .filter(|r| r.placement.stage() == *s)
                                .map(|r| CardView {
                                    id: r.id as i32,
                                    nickname: r.nickname.as_str().into(),
                                    partner: r.placement.employer.as_str().into(),
                                    detail: match r.placement.ended() {
                                        Some((_, why)) => format!(
                                            "{} · {}",
                                            reason_word(&a, why),
                                            r.placement.employer
                                        ),
                                        None => format!(
                                            "{} · {}",
                                            r.placement.employer,
                                            r.placement.job.title()
                                        ),
                                    }
                                    .into(),
                                    chosen: chosen == Some(r.id),
                                })
                                .collect(),
                        ),
                    })
                    .collect(),
            ));
        }
        PlacementsMode::FollowUps => {
            let chosen = match &p.panel {
                Panel::FollowUp(id, m) => Some((*id, *m)),
                _ => None,
            };
            a.set_dues(model(
                due.iter()
                    .map(|r| DueView {
                        nickname: r.placement.nickname.as_str().into(),
                        partner: r.placement.placement.employer.as_str().into(),
                        month: r.due.month as i32,
                        due: r.due.due.to_string().into(),
                        overdue: r.due.overdue,
                        chosen: chosen == Some((r.placement.id, r.due.month)),
                    })
                    .collect(),
            ));
        }
        PlacementsMode::Partners => {
            a.set_show_archived(p.archived);
            let chosen = match &p.panel {
                Panel::Partner(id) | Panel::EditPartner(Some(id)) => Some(id.clone()),
                _ => None,
            };
            let archived = p.archived;
            let partners = match c.till.partners(auth) {
                Ok(list) => list,
                Err(e) => {
                    a.set_message_kind(1);
                    a.set_message(e.to_string().into());
                    Vec::new()
                }
            };
            a.set_partners(model(
                partners
                    .into_iter()
                    .filter(|(e, _)| archived || e.archived_on.is_none())
                    .map(|(e, r)| {
                        let r = (r.due > 0).then(|| r.rate());
                        PartnerView {
                            name: e.employer.name().into(),
                            detail: format!(
                                "{} · {}, {}",
                                sector_word(&a, e.employer.sector),
                                e.employer.city(),
                                e.employer.country()
                            )
                            .into(),
                            placed: match lang {
                                Lang::Lo => format!(
                                    "ສົ່ງໄປ {} · ຍັງຢູ່ 6 ເດືອນ {}",
                                    e.placements,
                                    r.map_or("–".into(), percent)
                                ),
                                _ => format!(
                                    "{} placed · still there at 6 months {}",
                                    e.placements,
                                    r.map_or("–".into(), percent)
                                ),
                            }
                            .into(),
                            archived: e.archived_on.is_some(),
                            chosen: chosen.as_ref() == Some(&e.id),
                        }
                    })
                    .collect(),
            ));
        }
        PlacementsMode::Indicators => show_indicators(&a, c, p, lang),
    }
    // The side panel.
    a.set_panel(match &p.panel {
        Panel::None => 0,
        Panel::Placement(_) => 1,
        Panel::Refer => 2,
        Panel::FollowUp(..) => 3,
        Panel::Partner(_) => 4,
        Panel::EditPartner(_) => 5,
    });
    match &p.panel {
        Panel::None => {}
        Panel::Placement(id) => show_placement(&a, c, auth, *id, d.reason, lang),
        Panel::Refer => {
            a.set_people(model(
                referable(c)
                    .into_iter()
                    .map(|(id, name)| ChoiceView {
                        label: name.into(),
                        chosen: d.person.as_ref() == Some(&id),
                    })
                    .collect(),
            ));
            a.set_partner_choices(model(
                open_partners(c)
                    .into_iter()
                    .map(|(id, name)| ChoiceView {
                        label: name.into(),
                        chosen: d.partner.as_ref() == Some(&id),
                    })
                    .collect(),
            ));
            a.set_contract(index(&Contract::ALL, d.contract));
            a.set_currency(index(&CURRENCIES, d.currency));
            a.set_consent(yes_no(d.consent));
        }
        Panel::FollowUp(id, month) => {
            if let Ok((row, _)) = c.till.placement(*id, auth) {
                a.set_follow_up_title(
                    match lang {
                        Lang::Lo => format!(
                            "{} ເດືອນ · {} · {}",
                            month, row.nickname, row.placement.employer
                        ),
                        _ => format!(
                            "{} months · {} · {}",
                            month, row.nickname, row.placement.employer
                        ),
                    }
                    .into(),
                );
            }
            a.set_reached(yes_no(d.reached));
            a.set_employed(yes_no(d.employed));
            a.set_same_employer(yes_no(d.same_employer));
            a.set_currency(index(&CURRENCIES, d.currency));
        }
        Panel::Partner(id) => {
            if let Ok(page) = c.till.employer_page(id, auth) {
                let e = &page.employer.employer;
                a.set_partner_title(e.name().into());
                a.set_partner_archived(page.employer.archived_on.is_some());
                a.set_partner_can_delete(page.employer.placements == 0);
                let agreement = word(a.get_agreements(), &Agreement::ALL, &e.agreement);
                let line = |en: &str, lo: &str, value: String| LineView {
                    label: words(lang, en, lo).into(),
                    value: value.into(),
                };
                a.set_partner_lines(model(vec![
                    line("Sector", "ຂະແໜງ", sector_word(&a, e.sector)),
                    line("Where", "ບ່ອນ", format!("{}, {}", e.city(), e.country())),
                    line(
                        "Contact",
                        "ຜູ້ຕິດຕໍ່",
                        format!("{} {}", e.contact_name(), e.contact_phone())
                            .trim()
                            .to_owned(),
                    ),
                    line(
                        "Agreement",
                        "ຂໍ້ຕົກລົງ",
                        format!(
                            "{agreement}{}",
                            e.agreement_on
                                .map(|d| format!(" · {d}"))
                                .unwrap_or_default()
                        ),
                    ),
                    line("Note", "ໝາຍເຫດ", e.note().to_owned()),
                ]));
                a.set_partner_retention(model(
                    page.retention
                        .iter()
                        .map(|r| retention_bar(r, lang))
                        .collect(),
                ));
                a.set_partner_placements(model(
                    page.placements
                        .iter()
                        .map(|r| LineView {
                            label: r.nickname.as_str().into(),
                            value: format!(
                                "{} · {}{}",
                                job_and_end(&a, &r.placement),
                                stage_word(&a, r.placement.stage()),
                                r.placement
                                    .started_on()
                                    .map(|d| format!(" · {d}"))
                                    .unwrap_or_default()
                            )
                            .into(),
                        })
                        .collect(),
                ));
            }
        }
        Panel::EditPartner(_) => {
            a.set_sector(index(&Sector::ALL, d.sector));
            a.set_agreement(index(&Agreement::ALL, d.agreement).max(0));
        }
    }
}

thread_local! {
    /// The form resets last shown, so typed fields clear once per new form.
    static RESETS: std::cell::Cell<u32> = const { std::cell::Cell::new(u32::MAX) };
}

fn show_message(a: &PlacementsAdapter, p: &PlacementsView) {
    let (kind, text, choose) = match &p.message {
        None => (0, String::new(), 0),
        Some(PlacementsNote::Problem(t)) => (1, t.clone(), 0),
        Some(PlacementsNote::Referred(n)) => (2, n.clone(), 0),
        Some(PlacementsNote::Moved) => (3, String::new(), 0),
        Some(PlacementsNote::FollowUpRecorded) => (4, String::new(), 0),
        Some(PlacementsNote::PartnerSaved(n)) => (5, n.clone(), 0),
        Some(PlacementsNote::Archived(n)) => (6, n.clone(), 0),
        Some(PlacementsNote::Restored(n)) => (7, n.clone(), 0),
        Some(PlacementsNote::Deleted(n)) => (8, n.clone(), 0),
        Some(PlacementsNote::Choose(what)) => (
            9,
            String::new(),
            match *what {
                "reason" => 1,
                "reached" => 2,
                "employed" => 3,
                "sector" => 4,
                _ => 0,
            },
        ),
        Some(PlacementsNote::NotADate(t)) => (10, t.clone(), 0),
        Some(PlacementsNote::NotAWage(t)) => (11, t.clone(), 0),
        Some(PlacementsNote::NotHours(t)) => (12, t.clone(), 0),
    };
    a.set_message_kind(kind);
    a.set_message(text.into());
    a.set_choose(choose);
}

fn show_placement(
    a: &PlacementsAdapter,
    c: &Controller,
    auth: &Authority,
    id: i64,
    reason: Option<EndReason>,
    lang: Lang,
) {
    let Ok((row, ups)) = c.till.placement(id, auth) else {
        return;
    };
    let p = &row.placement;
    a.set_placement_title(format!("{} · {}", row.nickname, p.employer).into());
    a.set_stage(Stage::ALL.iter().position(|s| *s == p.stage()).unwrap_or(0) as i32);
    a.set_consent(yes_no(p.consent().map(|c| c.yes)));
    a.set_reason(index(&EndReason::ALL, reason));
    let contract = word(a.get_contracts(), &Contract::ALL, &p.job.contract);
    let line = |en: &str, lo: &str, value: String| LineView {
        label: words(lang, en, lo).into(),
        value: value.into(),
    };
    let mut lines = vec![
        line(
            "Job",
            "ວຽກ",
            match lang {
                Lang::Lo => format!(
                    "{} · {} · {} ຊົ່ວໂມງ/ອາທິດ",
                    p.job.title(),
                    contract,
                    p.job.hours()
                ),
                _ => format!(
                    "{} · {} · {} hours a week",
                    p.job.title(),
                    contract,
                    p.job.hours()
                ),
            },
        ),
        line(
            "Wage",
            "ເງິນເດືອນ",
            match lang {
                Lang::Lo => format!("{} ຕໍ່ເດືອນ", p.job.wage.money()),
                _ => format!("{} a month", p.job.wage.money()),
            },
        ),
        line("Referred", "ສົ່ງຕໍ່", p.referred_on.to_string()),
    ];
    if let Some(s) = p.started_on() {
        lines.push(line("Started", "ເລີ່ມວຽກ", s.to_string()));
    }
    if let Some((on, why)) = p.ended() {
        let why = reason_word(a, why);
        lines.push(line("Ended", "ສິ້ນສຸດ", format!("{on} · {why}")));
    }
    a.set_placement_lines(model(lines));
    a.set_follow_up_lines(model(
        ups.iter()
            .map(|u| {
                let f = &u.follow_up;
                let what = match (f.outcome(), lang) {
                    (Outcome::NotReached, Lang::Lo) => "ຕິດຕໍ່ບໍ່ໄດ້".to_owned(),
                    (Outcome::NotReached, _) => "not reached".to_owned(),
                    (Outcome::Reached { employed, wage, .. }, l) => {
                        let w = wage
                            .map(|w| format!(" · {}", w.money()))
                            .unwrap_or_default();
                        match (employed, l) {
                            (true, Lang::Lo) => format!("ມີວຽກ{w}"),
                            (false, Lang::Lo) => "ບໍ່ມີວຽກ".to_owned(),
                            (true, _) => format!("in work{w}"),
                            (false, _) => "out of work".to_owned(),
                        }
                    }
                };
                LineView {
                    label: match lang {
                        Lang::Lo => format!("{} ເດືອນ", f.month()),
                        _ => format!("{} months", f.month()),
                    }
                    .into(),
                    value: format!(
                        "{} · {what}{}",
                        f.on(),
                        if u.note.is_empty() {
                            String::new()
                        } else {
                            format!(" · {}", u.note)
                        }
                    )
                    .into(),
                }
            })
            .collect(),
    ));
}

fn show_indicators(a: &PlacementsAdapter, c: &Controller, p: &PlacementsView, lang: Lang) {
    let today = c.till.today();
    let (from, to) = period(p.period, today);
    a.set_period(match p.period {
        IndicatorPeriod::ThisYear => 0,
        IndicatorPeriod::LastYear => 1,
        IndicatorPeriod::TwoYears => 2,
    });
    a.set_period_text(
        match lang {
            Lang::Lo => format!("{from} ຫາ {to} · ຮອດມື້ນີ້ {today}"),
            _ => format!("{from} to {to} · as of {today}"),
        }
        .into(),
    );
    let i = match c.till.indicators(from, to) {
        Ok(i) => i,
        Err(e) => {
            a.set_message_kind(1);
            a.set_message(e.to_string().into());
            a.set_figures(model(Vec::new()));
            return;
        }
    };
    let def = |d: rules::Definition| -> slint::SharedString {
        match lang {
            Lang::Lo => d.lo,
            _ => d.en,
        }
        .into()
    };
    let of = |r: Ratio| match lang {
        Lang::Lo => format!("{} ຈາກ {}", r.count, r.of),
        _ => format!("{} of {}", r.count, r.of),
    };
    let wages = |m: &std::collections::BTreeMap<&'static str, crate::domain::money::Money>| {
        if m.is_empty() {
            "–".to_owned()
        } else {
            m.values()
                .map(|w| w.to_string())
                .collect::<Vec<_>>()
                .join(" · ")
        }
    };
    let r6 = i.retention[1];
    a.set_figures(model(vec![
        FigureView {
            name: words(lang, "Placement rate", "ອັດຕາການໄດ້ວຽກ").into(),
            value: percent(i.placement_rate).into(),
            detail: of(i.placement_rate).into(),
            definition: def(rules::PLACEMENT_RATE),
        },
        FigureView {
            name: words(lang, "Retention at 6 months", "ຍັງມີວຽກ 6 ເດືອນ").into(),
            value: percent(r6.rate()).into(),
            detail: match lang {
                Lang::Lo => format!(
                    "{} · ຕິດຕໍ່ໄດ້ {} ({}) · ບໍ່ຍິນຍອມ {}",
                    of(r6.rate()),
                    of(r6.coverage()),
                    percent(r6.coverage()),
                    r6.declined
                ),
                _ => format!(
                    "{} · coverage {} ({}) · declined contact {}",
                    of(r6.rate()),
                    of(r6.coverage()),
                    percent(r6.coverage()),
                    r6.declined
                ),
            }
            .into(),
            definition: def(rules::RETENTION),
        },
        FigureView {
            name: words(lang, "Median starting wage", "ເງິນເດືອນເລີ່ມຕົ້ນ (ກາງ)").into(),
            value: wages(&i.wages.starting).into(),
            detail: match lang {
                Lang::Lo => format!("ທີ່ 6 ເດືອນ: {}", wages(&i.wages.at_six_months)),
                _ => format!("at 6 months: {}", wages(&i.wages.at_six_months)),
            }
            .into(),
            definition: def(rules::MEDIAN_WAGE),
        },
        FigureView {
            name: words(lang, "Women trained", "ແມ່ຍິງທີ່ໄດ້ຮັບການຝຶກ").into(),
            value: i
                .trained
                .iter()
                .map(|(_, n)| n.to_string())
                .collect::<Vec<_>>()
                .join(" · ")
                .into(),
            detail: i
                .trained
                .iter()
                .map(|(y, n)| format!("{y}: {n}"))
                .collect::<Vec<_>>()
                .join(" · ")
                .into(),
            definition: def(rules::TRAINED),
        },
    ]));
    a.set_retention(model(
        i.retention.iter().map(|r| retention_bar(r, lang)).collect(),
    ));
    a.set_quarters(model(bars(
        i.by_quarter
            .iter()
            .map(|(q, n)| {
                (
                    format!("{} Q{}", q.year(), q.month0() / 3 + 1),
                    *n,
                    n.to_string(),
                )
            })
            .collect(),
    )));
    a.set_sectors(model(bars(
        i.by_sector
            .iter()
            .map(|(s, n)| (sector_word(a, *s), *n, n.to_string()))
            .collect(),
    )));
    a.set_by_partner(model(bars(
        i.by_employer
            .iter()
            .map(|(e, n, r)| (e.clone(), *n, format!("{n} · {}", percent(r.rate()))))
            .collect(),
    )));
    a.set_trained(model(bars(
        i.trained
            .iter()
            .map(|(y, n)| (y.to_string(), *n, n.to_string()))
            .collect(),
    )));
}
