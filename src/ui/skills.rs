//! Adapter of the Skills screen (`ui/screens/skills.slint`).

use super::controller::{Controller, SkillsMode, SkillsNote};
use super::{
    AppWindow, CompetencyView, MonthView, PieceView, ReadyView, SkillCellView, SkillColumnView,
    SkillRowView, SkillsAdapter, Ui, model,
};
use crate::domain::figures::{TillFigures, seconds, signed};
use crate::domain::menu::Lang;
use crate::domain::people::Track;
use crate::domain::skills::{Competency, Level, Method, Rating};
use slint::ComponentHandle;

pub(super) fn wire(ui: &Ui) {
    let a = ui.window.global::<SkillsAdapter>();
    let u = ui.handle();
    a.on_show(move |m| {
        u.act(|c| {
            c.skills_show(match m {
                1 => SkillsMode::Queue,
                _ => SkillsMode::Matrix,
            })
        })
    });
    let u = ui.handle();
    a.on_pick_track(move |i| u.act(|c| c.skills_track(i as usize)));
    let u = ui.handle();
    a.on_pick_cohort(move |i| u.act(|c| c.skills_cohort(usize::try_from(i).ok())));
    let u = ui.handle();
    a.on_open_row(move |i| u.act(|c| c.skills_open_row(i as usize)));
    let u = ui.handle();
    a.on_open_ready(move |i| u.act(|c| c.skills_open_ready(i as usize)));
    let u = ui.handle();
    a.on_sign_off_ready(move |i| u.act(|c| c.skills_sign_off_ready(i as usize)));
    let u = ui.handle();
    a.on_pick_competency(move |i| u.act(|c| c.skills_pick_competency(i as usize)));
    let u = ui.handle();
    a.on_pick_rating(move |i| u.act(|c| c.skills_pick_rating(i as usize)));
    let u = ui.handle();
    a.on_pick_method(move |i| u.act(|c| c.skills_pick_method(i as usize)));
    let u = ui.handle();
    a.on_correct(move |id| u.act(|c| c.skills_correct(i64::from(id))));
    let u = ui.handle();
    a.on_record(move |note| u.act(|c| c.skills_record(&note)));
    let u = ui.handle();
    a.on_sign_off(move || u.act(|c| c.skills_sign_off()));
    let u = ui.handle();
    a.on_certificate(move |name| u.act(|c| c.skills_certificate(&name)));
    let u = ui.handle();
    a.on_attach_till(move || u.act(|c| c.skills_attach_till()));
    let u = ui.handle();
    a.on_close(move || u.act(|c| c.skills_close()));
}

/// "Jul 26" or "ກ.ລ. 26": a month under its bar.
fn month_label(month: chrono::NaiveDate, lang: crate::domain::menu::Lang) -> String {
    use chrono::Datelike;
    const EN: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    const LO: [&str; 12] = [
        "ມ.ກ.",
        "ກ.ພ.",
        "ມ.ນ.",
        "ມ.ສ.",
        "ພ.ພ.",
        "ມິ.ຖ.",
        "ກ.ລ.",
        "ສ.ຫ.",
        "ກ.ຍ.",
        "ຕ.ລ.",
        "ພ.ຈ.",
        "ທ.ວ.",
    ];
    let names = match lang {
        crate::domain::menu::Lang::Lo => LO,
        _ => EN,
    };
    format!(
        "{} {:02}",
        names[month.month0() as usize],
        month.year() % 100
    )
}

fn rating_index(r: Option<Rating>) -> i32 {
    r.and_then(|r| Rating::ALL.iter().position(|x| *x == r))
        .map_or(-1, |i| i as i32)
}

/// "F3": the level's letter and the competency's place within its level.
fn codes(competencies: &[Competency]) -> Vec<String> {
    let mut seen = [0; 3];
    competencies
        .iter()
        .map(|c| {
            let l = Level::ALL.iter().position(|x| *x == c.level).unwrap_or(0);
            seen[l] += 1;
            let letter = match c.level {
                Level::Foundation => "F",
                Level::Intermediate => "I",
                Level::Professional => "P",
            };
            format!("{letter}{}", seen[l])
        })
        .collect()
}

pub(super) fn show(w: &AppWindow, c: &Controller) {
    let a = w.global::<SkillsAdapter>();
    let Some((v, s)) = c
        .people
        .as_ref()
        .and_then(|v| v.skills.as_ref().map(|s| (v, s)))
    else {
        a.set_open(false);
        a.set_note(Default::default());
        a.set_note_resets(0);
        return;
    };
    let lang = c.lang;
    let framework = &c.till.skills().framework;
    let track_name = |t: Track| {
        framework
            .tracks
            .iter()
            .find(|(k, _)| *k == t)
            .map(|(_, n)| n.get(lang).to_owned())
            .unwrap_or_else(|| t.code().to_owned())
    };
    a.set_tracks(model(
        Track::ALL.iter().map(|t| track_name(*t).into()).collect(),
    ));
    a.set_track(Track::ALL.iter().position(|t| *t == s.track).unwrap_or(0) as i32);
    let cohorts = c.till.cohorts().unwrap_or_default();
    a.set_cohorts(model(
        cohorts.iter().map(|k| k.name.as_str().into()).collect(),
    ));
    a.set_cohort(
        s.cohort
            .as_ref()
            .and_then(|id| cohorts.iter().position(|k| &k.id == id))
            .map_or(-1, |i| i as i32),
    );
    a.set_ratings(model(
        Rating::ALL
            .iter()
            .map(|r| r.name().get(lang).into())
            .collect(),
    ));
    a.set_methods(model(
        Method::ALL
            .iter()
            .map(|m| m.name().get(lang).into())
            .collect(),
    ));
    let mut problem = None;
    let queue = match c.till.ready_for_sign_off(&v.authority) {
        Ok(q) => q,
        Err(e) => {
            problem = Some(e.to_string());
            Vec::new()
        }
    };
    a.set_ready_count(queue.len() as i32);
    a.set_mode(match s.mode {
        SkillsMode::Matrix => 0,
        SkillsMode::Queue => 1,
        SkillsMode::Person => 2,
    });
    match s.mode {
        SkillsMode::Matrix => {
            match c
                .till
                .progress_matrix(s.track, s.cohort.as_ref(), &v.authority)
            {
                Ok(m) => {
                    let codes = codes(&m.competencies);
                    a.set_columns(model(
                        m.competencies
                            .iter()
                            .zip(&codes)
                            .map(|(k, code)| SkillColumnView {
                                code: code.as_str().into(),
                                name: k.name.get(lang).into(),
                            })
                            .collect(),
                    ));
                    a.set_rows(model(
                        m.people
                            .iter()
                            .zip(&m.cells)
                            .map(|((_, nickname), cells)| SkillRowView {
                                nickname: nickname.as_str().into(),
                                cells: model(
                                    cells
                                        .iter()
                                        .map(|cell| SkillCellView {
                                            rating: rating_index(cell.standing),
                                            ready: cell.ready,
                                            signed: cell.signed_off,
                                        })
                                        .collect(),
                                ),
                            })
                            .collect(),
                    ));
                }
                Err(e) => problem = Some(e.to_string()),
            }
        }
        SkillsMode::Queue => {
            a.set_queue(model(
                queue
                    .iter()
                    .map(|r| ReadyView {
                        confirming: s.confirming.as_ref()
                            == Some(&(r.person.clone(), r.competency.id.clone())),
                        nickname: r.nickname.as_str().into(),
                        competency: r.competency.name.get(lang).into(),
                        level: r.competency.level.name().get(lang).into(),
                        rule: r.competency.rule.text().get(lang).into(),
                    })
                    .collect(),
            ));
        }
        SkillsMode::Person => show_person(&a, c, s, &track_name, &mut problem),
    }
    let (kind, message) = match (&problem, &s.message) {
        (Some(p), _) => (1, p.clone()),
        (None, None) => (0, String::new()),
        (None, Some(SkillsNote::Problem(p))) => (1, p.clone()),
        (None, Some(SkillsNote::Recorded { correction: false })) => (2, String::new()),
        (None, Some(SkillsNote::Recorded { correction: true })) => (3, String::new()),
        (None, Some(SkillsNote::SignedOff(name))) => (4, name.get(lang).to_owned()),
        (None, Some(SkillsNote::Incomplete)) => (5, String::new()),
        (None, Some(SkillsNote::Attached(r))) => (7, r.name().get(lang).to_owned()),
        (None, Some(SkillsNote::Certificate { file, code })) => {
            a.set_certificate_code(code.as_str().into());
            (6, file.clone())
        }
    };
    a.set_message_kind(kind);
    a.set_message(message.into());
    if a.get_note_resets() != s.note_resets as i32 {
        a.set_note(Default::default());
        a.set_certificate_name(Default::default());
    }
    a.set_note_resets(s.note_resets as i32);
    a.set_open(true);
}

fn show_person(
    a: &SkillsAdapter<'_>,
    c: &Controller,
    s: &super::controller::SkillsView,
    track_name: &dyn Fn(Track) -> String,
    problem: &mut Option<String>,
) {
    let lang = c.lang;
    let Some(v) = &c.people else { return };
    let Some(person) = &s.person else { return };
    let page = match c.till.skills_of(person, &v.authority) {
        Ok(p) => p,
        Err(e) => {
            *problem = Some(e.to_string());
            a.set_person(Default::default());
            a.set_competencies(model(Vec::new()));
            a.set_chosen(-1);
            a.set_pieces(model(Vec::new()));
            return;
        }
    };
    a.set_person(format!("{} · {}", page.nickname, track_name(page.track)).into());
    a.set_progress(model(
        // Eight bars fit beside the list at the window's narrowest.
        page.progress_by_month(c.till.now().date_naive(), 8)
            .into_iter()
            .map(|m| MonthView {
                label: month_label(m.month, lang).into(),
                competent: m.competent as i32,
                signed: m.signed_off as i32,
                of: m.of as i32,
            })
            .collect(),
    ));
    let figures = c.till.till_figures(person, &v.authority);
    match &figures {
        Ok(f) => show_figures(a, f, lang),
        Err(e) => *problem = Some(e.to_string()),
    }
    let list: Vec<Competency> = page
        .competencies
        .iter()
        .map(|k| k.competency.clone())
        .collect();
    let codes = codes(&list);
    a.set_competencies(model(
        page.competencies
            .iter()
            .zip(&codes)
            .map(|(k, code)| CompetencyView {
                code: code.as_str().into(),
                name: k.competency.name.get(lang).into(),
                level: k.competency.level.name().get(lang).into(),
                rating: rating_index(k.standing),
                ready: k.ready,
                signed: k
                    .signed_off
                    .as_ref()
                    .map(|o| o.on.to_string())
                    .unwrap_or_default()
                    .into(),
                pieces: k.evidence.len() as i32,
            })
            .collect(),
    ));
    let chosen = s.competency.and_then(|i| page.competencies.get(i));
    a.set_chosen(chosen.map_or(-1, |_| s.competency.unwrap_or(0) as i32));
    if let Some(k) = chosen {
        a.set_chosen_name(
            format!(
                "{} · {}",
                k.competency.name.get(lang),
                k.competency.level.name().get(lang)
            )
            .into(),
        );
        a.set_chosen_detail(k.competency.detail.get(lang).into());
        a.set_chosen_till(k.competency.rule.from_till);
        a.set_till_attached(
            c.till
                .till_figures_attached(&page.person, &k.competency.id)
                .ok()
                .flatten()
                .map(|d| d.to_string())
                .unwrap_or_default()
                .into(),
        );
        if let Ok(f) = &figures {
            a.set_till_note(f.note(lang).into());
            a.set_till_suggests(
                f.suggested_rating()
                    .map(|r| r.name().get(lang).to_owned())
                    .unwrap_or_default()
                    .into(),
            );
        }
        a.set_chosen_rule(k.competency.rule.text().get(lang).into());
        a.set_chosen_ready(k.ready);
        a.set_chosen_signed(
            k.signed_off
                .as_ref()
                .map(|o| o.on.to_string())
                .unwrap_or_default()
                .into(),
        );
        let nicknames: std::collections::HashMap<_, _> = c
            .till
            .people(&v.authority)
            .unwrap_or_default()
            .into_iter()
            .map(|p| (p.id, p.nickname))
            .collect();
        a.set_pieces(model(
            k.evidence
                .iter()
                .rev()
                .map(|(e, in_force)| PieceView {
                    id: e.id as i32,
                    text: format!(
                        "{} · {} · {} · {}",
                        e.on,
                        e.method.name().get(lang),
                        e.rating.name().get(lang),
                        nicknames
                            .get(&e.assessor)
                            .map(String::as_str)
                            .unwrap_or(e.assessor.as_str())
                    )
                    .into(),
                    note: e.note.as_str().into(),
                    in_force: *in_force,
                })
                .collect(),
        ));
    }
    a.set_rating(rating_index(s.rating));
    a.set_method(
        s.method
            .and_then(|m| Method::ALL.iter().position(|x| *x == m))
            .map_or(-1, |i| i as i32),
    );
    a.set_corrects(s.corrects.map_or(-1, |i| i as i32));
}

/// Her till figures in words, one line each.
fn show_figures(a: &SkillsAdapter<'_>, f: &TillFigures, lang: Lang) {
    let day = |d: chrono::NaiveDate| {
        use chrono::Datelike;
        format!(
            "{} {}",
            d.day(),
            month_label(d, lang).split(' ').next().unwrap_or("")
        )
    };
    let en = lang == Lang::En;
    a.set_figures_weeks(
        f.weeks
            .iter()
            .map(|w| format!("{}: {} + {}", day(w.from), w.live, w.practice))
            .collect::<Vec<_>>()
            .join(" · ")
            .into(),
    );
    let none = if en {
        "none yet"
    } else {
        "ຍັງບໍ່ມີ"
    };
    a.set_figures_pace(
        match f.median_pace_ms {
            Some(ms) if en => format!("median {} s over {} orders", seconds(ms), f.timed),
            Some(ms) => format!("ກາງ {} ວິນາທີ ຈາກ {} ອໍເດີ", seconds(ms), f.timed),
            None => none.to_owned(),
        }
        .into(),
    );
    a.set_figures_corrected(
        if f.timed == 0 {
            none.to_owned()
        } else if en {
            format!("{} of {} orders", f.corrected, f.timed)
        } else {
            format!("{} ໃນ {} ອໍເດີ", f.corrected, f.timed)
        }
        .into(),
    );
    a.set_figures_returned(
        match (f.voided + f.refunded, f.sales) {
            (_, 0) => none.to_owned(),
            (returned, sales) => {
                let percent = (returned * 100 + sales / 2) / sales;
                if en {
                    format!(
                        "{returned} of {} sales ({percent} %): {} voided, {} refunded",
                        f.sales, f.voided, f.refunded
                    )
                } else {
                    format!(
                        "{returned} ໃນ {} ການຂາຍ ({percent} %): ຍົກເລີກ {}, ຄືນເງິນ {}",
                        f.sales, f.voided, f.refunded
                    )
                }
            }
        }
        .into(),
    );
    a.set_figures_shifts(
        if f.shifts.is_empty() {
            none.to_owned()
        } else {
            let each: Vec<String> = f
                .shifts
                .iter()
                .map(|s| {
                    let counted: Vec<String> = s.over_short.iter().map(|m| signed(*m)).collect();
                    format!("{} {}", day(s.on), counted.join(" "))
                })
                .collect();
            each.join(" · ")
        }
        .into(),
    );
    a.set_figures_drills(
        match f.drill_average {
            Some(avg) if en => format!(
                "{} drills, average {avg} of 100, change right in {}",
                f.drills, f.change_right
            ),
            Some(avg) => format!(
                "ຝຶກ {} ເທື່ອ, ສະເລ່ຍ {avg} ຈາກ 100, ທອນຖືກ {} ເທື່ອ",
                f.drills, f.change_right
            ),
            None => none.to_owned(),
        }
        .into(),
    );
}
