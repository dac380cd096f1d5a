//! The competency framework (tracks → levels → competencies, in Lao and English, versioned),
//! the evidence managers record against it, and when a competency's evidence rule is met.
//!
//! Evidence is append-only: a correction is a new piece that points at the piece it corrects,
//! and the corrected piece stops counting. A competency is ready for sign-off when the pieces
//! in force meet its rule; signing it off is a manager's act, recorded apart.

use super::id_newtype;
use super::menu::Name;
use super::people::Track;
use super::staff::StaffId;
use chrono::NaiveDate;
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};

id_newtype!(
    /// Stable id of a competency within the framework, e.g. `consistent-dose`.
    CompetencyId
);

/// The three levels of a track, in the order a trainee climbs them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Foundation,
    Intermediate,
    Professional,
}

impl Level {
    pub const ALL: [Level; 3] = [Level::Foundation, Level::Intermediate, Level::Professional];

    pub fn code(self) -> &'static str {
        match self {
            Level::Foundation => "foundation",
            Level::Intermediate => "intermediate",
            Level::Professional => "professional",
        }
    }

    pub fn from_code(code: &str) -> Option<Level> {
        Level::ALL.into_iter().find(|l| l.code() == code)
    }

    pub fn name(self) -> Name {
        let (en, lo) = match self {
            Level::Foundation => ("Foundation", "ພື້ນຖານ"),
            Level::Intermediate => ("Intermediate", "ລະດັບກາງ"),
            Level::Professional => ("Professional", "ມືອາຊີບ"),
        };
        Name {
            en: en.into(),
            lo: lo.into(),
        }
    }
}

/// How well a trainee did, on one piece of evidence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Rating {
    NotYet,
    Developing,
    Competent,
    CanCoach,
}

impl Rating {
    pub const ALL: [Rating; 4] = [
        Rating::NotYet,
        Rating::Developing,
        Rating::Competent,
        Rating::CanCoach,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Rating::NotYet => "not-yet",
            Rating::Developing => "developing",
            Rating::Competent => "competent",
            Rating::CanCoach => "can-coach",
        }
    }

    pub fn from_code(code: &str) -> Option<Rating> {
        Rating::ALL.into_iter().find(|r| r.code() == code)
    }

    pub fn name(self) -> Name {
        let (en, lo) = match self {
            Rating::NotYet => ("Not yet", "ຍັງບໍ່ທັນ"),
            Rating::Developing => ("Developing", "ກຳລັງພັດທະນາ"),
            Rating::Competent => ("Competent", "ເຮັດໄດ້"),
            Rating::CanCoach => ("Can coach", "ສອນຄົນອື່ນໄດ້"),
        };
        Name {
            en: en.into(),
            lo: lo.into(),
        }
    }
}

/// How a piece of evidence was gathered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Method {
    /// A manager watched her do it.
    Observed,
    /// A manager judged what she made.
    Product,
    /// A written or spoken test.
    Written,
    /// From the till's own records of her work.
    Till,
    /// An employer partner saw her work.
    Employer,
}

impl Method {
    pub const ALL: [Method; 5] = [
        Method::Observed,
        Method::Product,
        Method::Written,
        Method::Till,
        Method::Employer,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Method::Observed => "observed",
            Method::Product => "product",
            Method::Written => "written",
            Method::Till => "till",
            Method::Employer => "employer",
        }
    }

    pub fn from_code(code: &str) -> Option<Method> {
        Method::ALL.into_iter().find(|m| m.code() == code)
    }

    pub fn name(self) -> Name {
        let (en, lo) = match self {
            Method::Observed => ("Observed", "ສັງເກດ"),
            Method::Product => ("Product", "ຜົນງານ"),
            Method::Written => ("Written", "ຂຽນ"),
            Method::Till => ("From the till", "ຈາກເຄື່ອງຂາຍ"),
            Method::Employer => ("Employer", "ນາຍຈ້າງ"),
        };
        Name {
            en: en.into(),
            lo: lo.into(),
        }
    }
}

/// What a rule counts: separate shifts, or pieces of evidence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Counted {
    Shifts,
    Pieces,
}

/// A competency's evidence rule: at least `at_least` pieces rated `rating` or better, from
/// `methods`, each on a separate shift (or just that many pieces).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    pub at_least: u32,
    pub rating: Rating,
    pub methods: BTreeSet<Method>,
    pub counted: Counted,
    /// The rule names the till among its methods: her till figures (which speak of taking
    /// orders and cash) can be attached to it. A rule that lists no methods takes any piece,
    /// but the figures say nothing of, say, knife safety.
    pub from_till: bool,
}

impl Rule {
    /// Whether `pieces` (the competency's evidence in force) meet the rule.
    pub fn met(&self, pieces: &[&Evidence]) -> bool {
        let counting = pieces
            .iter()
            .filter(|e| e.rating >= self.rating && self.methods.contains(&e.method));
        let n = match self.counted {
            Counted::Pieces => counting.count(),
            Counted::Shifts => counting.map(|e| &e.shift).collect::<BTreeSet<_>>().len(),
        };
        n >= self.at_least as usize
    }

    /// The rule in words: "Competent on 3 separate shifts", "1 employer observation, competent".
    pub fn text(&self) -> Name {
        let rating = self.rating.name();
        let n = self.at_least;
        let only_employer = self.methods.len() == 1 && self.methods.contains(&Method::Employer);
        if only_employer {
            return Name {
                en: format!(
                    "{n} employer observation{}, {}",
                    if n == 1 { "" } else { "s" },
                    rating.en.to_lowercase()
                ),
                lo: format!("ນາຍຈ້າງສັງເກດ {n} ຄັ້ງ, {}", rating.lo),
            };
        }
        let methods = if self.methods.len() == Method::ALL.len() {
            None
        } else {
            Some(self.methods.iter().map(|m| m.name()).collect::<Vec<_>>())
        };
        let (mut en, mut lo) = match self.counted {
            Counted::Shifts if n == 1 => {
                (format!("{} once", rating.en), format!("{} 1 ຄັ້ງ", rating.lo))
            }
            Counted::Shifts => (
                format!("{} on {n} separate shifts", rating.en),
                format!("{} ໃນ {n} ກະແຍກກັນ", rating.lo),
            ),
            Counted::Pieces => (
                format!("{} {n} time{}", rating.en, if n == 1 { "" } else { "s" }),
                format!("{} {n} ຄັ້ງ", rating.lo),
            ),
        };
        if let Some(methods) = methods {
            let join = |f: fn(&Name) -> &String| {
                methods
                    .iter()
                    .map(|m| f(m).to_lowercase())
                    .collect::<Vec<_>>()
                    .join(" / ")
            };
            en.push_str(&format!(" ({})", join(|n| &n.en)));
            lo.push_str(&format!(" ({})", join(|n| &n.lo)));
        }
        Name { en, lo }
    }
}

/// One competency of a track.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Competency {
    pub id: CompetencyId,
    pub track: Track,
    pub level: Level,
    pub name: Name,
    pub detail: Name,
    pub rule: Rule,
    /// The previous version's competencies this one takes over (version 1: none).
    pub replaces: Vec<CompetencyId>,
}

/// A version of the framework, as loaded from `skills.toml`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Framework {
    pub version: u32,
    /// Tracks with their names, in the file's order.
    pub tracks: Vec<(Track, Name)>,
    /// Every competency, by track then level, in the file's order within a level.
    pub competencies: Vec<Competency>,
    /// The text it was read from (kept with the version, so a version is never edited).
    pub source: String,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FrameworkError {
    #[error("skills framework {file}: {problem}")]
    Invalid { file: String, problem: String },
    #[error(
        "skills framework version {version} is in use and cannot be edited in place: give the changed framework version {next}, and say what each competency replaces"
    )]
    Edited { version: u32, next: u32 },
    #[error("skills framework version {version} is older than version {in_use}, which is in use")]
    Older { version: u32, in_use: u32 },
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFramework {
    version: u32,
    tracks: Vec<RawTrack>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTrack {
    id: String,
    en: String,
    lo: String,
    #[serde(default)]
    competencies: Vec<RawCompetency>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCompetency {
    id: String,
    level: Level,
    en: String,
    lo: String,
    en_detail: String,
    lo_detail: String,
    rule: RawRule,
    replaces: Option<Vec<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRule {
    competent: u32,
    #[serde(default)]
    rating: Option<Rating>,
    #[serde(default)]
    methods: Option<Vec<Method>>,
    #[serde(default)]
    on: Option<Counted>,
}

impl Framework {
    /// Reads and checks a framework. Every error names the file, and the competency or the
    /// line and column.
    pub fn parse(file: &str, text: &str) -> Result<Framework, FrameworkError> {
        let invalid = |problem: String| FrameworkError::Invalid {
            file: file.to_owned(),
            problem,
        };
        let raw: RawFramework = toml::from_str(text).map_err(|e| {
            let at = e
                .span()
                .map(|s| super::line_and_column(text, s.start))
                .unwrap_or_default();
            invalid(format!("{at}: {}", e.message()))
        })?;
        if raw.version == 0 {
            return Err(invalid("version must be 1 or more".into()));
        }
        let mut tracks = Vec::new();
        let mut competencies = Vec::new();
        let mut seen = BTreeSet::new();
        for t in raw.tracks {
            let track = Track::from_code(&t.id).ok_or_else(|| {
                invalid(format!(
                    "track {:?} is not one of barista, kitchen, service",
                    t.id
                ))
            })?;
            if tracks.iter().any(|(k, _)| *k == track) {
                return Err(invalid(format!("track {:?} is there twice", t.id)));
            }
            let nonempty = |what: &str, s: String| {
                if s.trim().is_empty() {
                    Err(invalid(format!("{what} has no text")))
                } else {
                    Ok(s)
                }
            };
            tracks.push((
                track,
                Name {
                    en: nonempty(&format!("track {:?} (en)", t.id), t.en)?,
                    lo: nonempty(&format!("track {:?} (lo)", t.id), t.lo)?,
                },
            ));
            let mut own = Vec::new();
            for c in t.competencies {
                let what = format!("competency {:?}", c.id);
                if c.id.trim().is_empty()
                    || !c
                        .id
                        .chars()
                        .all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '-')
                {
                    return Err(invalid(format!(
                        "{what}: an id is lower-case letters, digits and -"
                    )));
                }
                if !seen.insert(c.id.clone()) {
                    return Err(invalid(format!("{what} is there twice")));
                }
                if c.rule.competent == 0 {
                    return Err(invalid(format!("{what}: its rule needs at least 1 piece")));
                }
                let from_till = c
                    .rule
                    .methods
                    .as_ref()
                    .is_some_and(|m| m.contains(&Method::Till));
                let methods: BTreeSet<Method> = match c.rule.methods {
                    Some(m) if m.is_empty() => {
                        return Err(invalid(format!("{what}: its rule lists no methods")));
                    }
                    Some(m) => m.into_iter().collect(),
                    None => Method::ALL.into_iter().collect(),
                };
                let rating = c.rule.rating.unwrap_or(Rating::Competent);
                if rating < Rating::Competent {
                    return Err(invalid(format!(
                        "{what}: its rule must ask for competent or can-coach"
                    )));
                }
                own.push(Competency {
                    id: CompetencyId(c.id),
                    track,
                    level: c.level,
                    name: Name {
                        en: nonempty(&format!("{what} (en)"), c.en)?,
                        lo: nonempty(&format!("{what} (lo)"), c.lo)?,
                    },
                    detail: Name {
                        en: c.en_detail,
                        lo: c.lo_detail,
                    },
                    rule: Rule {
                        at_least: c.rule.competent,
                        rating,
                        methods,
                        counted: c.rule.on.unwrap_or(Counted::Shifts),
                        from_till,
                    },
                    replaces: match (raw.version, c.replaces) {
                        (1, None) => Vec::new(),
                        (1, Some(_)) => {
                            return Err(invalid(format!(
                                "{what}: version 1 replaces nothing"
                            )));
                        }
                        (_, None) => {
                            return Err(invalid(format!(
                                "{what}: from version 2 on, each competency says what it replaces (replaces = [] for a new one)"
                            )));
                        }
                        (_, Some(r)) => r.into_iter().map(CompetencyId).collect(),
                    },
                });
            }
            own.sort_by_key(|c| c.level);
            competencies.extend(own);
        }
        Ok(Framework {
            version: raw.version,
            tracks,
            competencies,
            source: text.to_owned(),
        })
    }

    pub fn competency(&self, id: &CompetencyId) -> Option<&Competency> {
        self.competencies.iter().find(|c| &c.id == id)
    }

    /// The competencies of `track`, by level.
    pub fn of_track(&self, track: Track) -> impl Iterator<Item = &Competency> {
        self.competencies.iter().filter(move |c| c.track == track)
    }

    /// Checks that this version can follow `older`: a later version, each replaced id one
    /// of `older`'s competencies.
    pub fn follows(&self, older: &Framework) -> Result<(), FrameworkError> {
        if self.version <= older.version {
            return Err(FrameworkError::Older {
                version: self.version,
                in_use: older.version,
            });
        }
        let mut taken = BTreeSet::new();
        for c in &self.competencies {
            // One old competency goes to one new one: a split would send its evidence twice.
            if let Some(r) = c.replaces.iter().find(|r| !taken.insert((*r).clone())) {
                return Err(FrameworkError::Invalid {
                    file: format!("version {}", self.version),
                    problem: format!(
                        "{:?} is replaced twice: one competency of version {} goes to one of this version",
                        r.as_str(),
                        older.version
                    ),
                });
            }
            if let Some(r) = c.replaces.iter().find(|r| older.competency(r).is_none()) {
                return Err(FrameworkError::Invalid {
                    file: format!("version {}", self.version),
                    problem: format!(
                        "competency {:?} replaces {:?}, which version {} does not have",
                        c.id.as_str(),
                        r.as_str(),
                        older.version
                    ),
                });
            }
        }
        Ok(())
    }

    /// Where each of `older`'s competencies went in this version (those no competency
    /// replaces are left out: their evidence no longer counts for anything in force).
    pub fn carried_from(&self, older: &Framework) -> BTreeMap<CompetencyId, CompetencyId> {
        let mut map = BTreeMap::new();
        for c in &self.competencies {
            for r in &c.replaces {
                if older.competency(r).is_some() {
                    map.insert(r.clone(), c.id.clone());
                }
            }
        }
        map
    }
}

/// One piece of evidence: how a trainee did on a competency, once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Evidence {
    pub id: i64,
    pub person: StaffId,
    /// The competency in the framework in force (older versions' ids mapped forward).
    pub competency: CompetencyId,
    pub rating: Rating,
    pub method: Method,
    pub assessor: StaffId,
    /// Which shift it was on: the till's shift number and the day, or the day alone when no
    /// shift was open.
    pub shift: String,
    pub on: NaiveDate,
    pub note: String,
    /// The earlier piece this one corrects (that one no longer counts).
    pub corrects: Option<i64>,
}

/// The pieces still in force: every piece no later piece corrects.
pub fn in_force(evidence: &[Evidence]) -> Vec<&Evidence> {
    let corrected: BTreeSet<i64> = evidence.iter().filter_map(|e| e.corrects).collect();
    evidence
        .iter()
        .filter(|e| !corrected.contains(&e.id))
        .collect()
}

/// Her standing on one competency: the best rating in force (what the matrix colours by).
pub fn standing(pieces: &[&Evidence]) -> Option<Rating> {
    pieces.iter().map(|e| e.rating).max()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn framework() -> Framework {
        Framework::parse(
            "assets/skills.toml",
            include_str!("../../assets/skills.toml"),
        )
        .unwrap()
    }

    fn piece(id: i64, rating: Rating, method: Method, shift: &str) -> Evidence {
        Evidence {
            id,
            person: "mai".into(),
            competency: "consistent-dose".into(),
            rating,
            method,
            assessor: "noy".into(),
            shift: shift.into(),
            on: "2026-11-02".parse().unwrap(),
            note: String::new(),
            corrects: None,
        }
    }

    #[test]
    fn the_seed_framework_has_the_barista_track_the_issue_asks_for() {
        let f = framework();
        assert_eq!(f.version, 1);
        let count = |level| {
            f.of_track(Track::Barista)
                .filter(|c| c.level == level)
                .count()
        };
        assert_eq!(
            (
                count(Level::Foundation),
                count(Level::Intermediate),
                count(Level::Professional)
            ),
            (11, 7, 4)
        );
        assert!(f.of_track(Track::Kitchen).count() >= 3);
        assert!(f.of_track(Track::Service).count() >= 3);
        let dose = f.competency(&"consistent-dose".into()).unwrap();
        assert_eq!(
            dose.rule.text().en,
            "Competent on 3 separate shifts (observed / product)"
        );
        let quality = f.competency(&"quality-shift".into()).unwrap();
        assert_eq!(quality.rule.text().en, "1 employer observation, competent");
    }

    #[test]
    fn three_competent_pieces_on_three_shifts_meet_the_rule_and_two_shifts_do_not() {
        let f = framework();
        let rule = &f.competency(&"consistent-dose".into()).unwrap().rule;
        let a = piece(1, Rating::Competent, Method::Observed, "shift 4");
        let b = piece(2, Rating::CanCoach, Method::Product, "shift 5");
        let same_shift = piece(3, Rating::Competent, Method::Observed, "shift 5");
        let written = piece(4, Rating::Competent, Method::Written, "shift 6");
        let developing = piece(5, Rating::Developing, Method::Observed, "shift 7");
        assert!(!rule.met(&[&a, &b, &same_shift, &written, &developing]));
        let c = piece(6, Rating::Competent, Method::Observed, "shift 8");
        assert!(rule.met(&[&a, &b, &c]));
    }

    #[test]
    fn a_correction_takes_the_place_of_the_piece_it_corrects() {
        let a = piece(1, Rating::Competent, Method::Observed, "shift 4");
        let mut fix = piece(2, Rating::Developing, Method::Observed, "shift 4");
        fix.corrects = Some(1);
        let all = [a, fix];
        let force = in_force(&all);
        assert_eq!(force.len(), 1);
        assert_eq!(force[0].id, 2);
        assert_eq!(standing(&force), Some(Rating::Developing));
    }

    #[test]
    fn a_new_version_says_what_each_competency_replaces() {
        let v1 = framework();
        let v2_text =
            include_str!("../../assets/skills.toml").replace("version = 1", "version = 2");
        let e = Framework::parse("skills.toml", &v2_text).unwrap_err();
        assert!(e.to_string().contains("says what it replaces"), "{e}");
        // Every competency replaces itself, and the dose one also takes over tamping.
        let v2_text = v2_text
            .replace("rule = {", "replaces = [\"SELF\"]\nrule = {")
            .lines()
            .fold((String::new(), String::new()), |(mut out, mut id), line| {
                if let Some(rest) = line.strip_prefix("id = \"") {
                    id = rest.trim_end_matches('"').to_owned();
                }
                out.push_str(&line.replace("SELF", &id));
                out.push('\n');
                (out, id)
            })
            .0
            .replace(
                "replaces = [\"consistent-dose\"]",
                "replaces = [\"consistent-dose\", \"distribution-tamp\"]",
            )
            .replace("replaces = [\"distribution-tamp\"]", "replaces = []");
        let v2 = Framework::parse("skills.toml", &v2_text).unwrap();
        v2.follows(&v1).unwrap();
        let map = v2.carried_from(&v1);
        assert_eq!(
            map.get(&CompetencyId::from("distribution-tamp"))
                .unwrap()
                .as_str(),
            "consistent-dose"
        );
        assert_eq!(
            map.get(&CompetencyId::from("latte-art")).unwrap().as_str(),
            "latte-art"
        );
        assert!(matches!(v1.follows(&v2), Err(FrameworkError::Older { .. })));
        let bad = v2_text.replace("[\"bean-freshness\"]", "[\"beans\"]");
        let e = Framework::parse("skills.toml", &bad)
            .unwrap()
            .follows(&v1)
            .unwrap_err();
        assert!(e.to_string().contains("\"beans\""), "{e}");
    }

    #[test]
    fn a_broken_framework_file_is_named_with_its_line() {
        let e = Framework::parse("skills.toml", "version = 1\n[[tracks]\n").unwrap_err();
        assert!(
            e.to_string()
                .starts_with("skills framework skills.toml: line 2"),
            "{e}"
        );
        let e = Framework::parse(
            "skills.toml",
            &include_str!("../../assets/skills.toml").replace("id = \"barista\"", "id = \"bar\""),
        )
        .unwrap_err();
        assert!(e.to_string().contains("track \"bar\""), "{e}");
    }
}
