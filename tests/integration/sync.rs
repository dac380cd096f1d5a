//! What would leave for head office (`mekong sync --show`): summaries only, with every small
//! count of people suppressed, and not one name, nickname, phone or note.

use crate::common::{HandClock, mekong_cli, pin_of, staff_id, till_signed_out};
use mekong::domain::people::Identity;
use mekong::domain::staff::Action;

/// What must never leave the till: the canaries [`demo_with_canaries`] plants, and the demo
/// team's and partners' names.
pub const CANARIES: &[&str] = &[
    "Canary",
    // The phones, with their spaces: a hash or a token (hex) may hold "9999" by chance.
    "20 9999",
    "20 7777",
    "99991234",
    "77774321",
    "Mai",
    "Dao",
    "Noy",
    "Kham",
    "Bua",
    "Riverside",
    "Vientiane",
];

/// A demo till of 40 days with canary names, phones and notes on people, a partner and a
/// follow-up.
pub fn demo_with_canaries() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let (ok, out) = mekong_cli(dir.path(), &["demo", "--days", "40"], "");
    assert!(ok, "{out}");
    // Canaries: identities, a follow-up note and a partner's contact and note.
    {
        let clock = HandClock::at(&chrono::Local::now().to_rfc3339());
        let mut till = till_signed_out(dir.path(), &clock);
        let noy = staff_id(&till, "Noy");
        till.sign_in(&noy, pin_of("Noy")).unwrap();
        let a = till.authorize(Action::ManageStaff).unwrap();
        for (who, name) in [("Mai", "Canaryname Mai"), ("Dao", "Canaryname Dao")] {
            let id = staff_id(&till, who);
            till.set_identity(
                &id,
                Identity {
                    full_name: name.into(),
                    phone: "+856 20 9999 1234".into(),
                    emergency_contact: "Canarymother".into(),
                    note: "Canarynote".into(),
                },
                &a,
            )
            .unwrap();
        }
        let partner = till.employers(&a).unwrap()[0].clone();
        let e = mekong::domain::placements::Employer::new(
            partner.employer.name(),
            partner.employer.sector,
            partner.employer.city(),
            partner.employer.country(),
            "Canarycontact",
            "+856 20 7777 4321",
            partner.employer.agreement,
            partner.employer.agreement_on,
            "Canarypartnernote",
        )
        .unwrap();
        till.put_employer(Some(&partner.id), &e, &a).unwrap();
        let due = till.follow_ups_due(&a).unwrap();
        till.record_follow_up(
            &mekong::app::placements::NewFollowUp {
                placement: due[0].placement.id,
                month: due[0].due.month,
                on: till.today(),
                outcome: mekong::domain::placements::Outcome::NotReached,
                note: "Canaryfollowupnote".into(),
            },
            &a,
        )
        .unwrap();
    }
    dir
}

/// Every count of people in these summaries (JSON, one a line or in batches) is at least
/// `k` or suppressed; how many of each.
pub fn people_cells(values: &[serde_json::Value], k: u64) -> (usize, usize) {
    let mut people = 0;
    let mut suppressed = 0;
    for v in values {
        match v["value"]["kind"].as_str().unwrap() {
            "people" => {
                people += 1;
                assert!(v["value"]["n"].as_u64().unwrap() >= k, "{v}");
            }
            "suppressed" => suppressed += 1,
            "count" | "money" | "anchor" => {}
            other => panic!("unknown kind {other}: {v}"),
        }
    }
    (people, suppressed)
}

#[test]
fn nothing_personal_leaves_and_every_small_count_of_people_is_suppressed() {
    let dir = demo_with_canaries();
    let (ok, shown) = mekong_cli(dir.path(), &["sync", "--show", "--from", "2025-01-01"], "");
    assert!(ok, "{shown}");
    for canary in CANARIES {
        assert!(!shown.contains(canary), "{canary} left the till:\n{shown}");
    }
    let values: Vec<serde_json::Value> = shown
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    for v in &values {
        // Only the four keys and the value leave.
        let keys: Vec<&String> = v.as_object().unwrap().keys().collect();
        assert_eq!(
            keys,
            ["breakdown", "indicator", "period", "site", "value"],
            "{v}"
        );
    }
    let (people, suppressed) = people_cells(&values, 5);
    // The demo's cohorts are 7 women: some cells are shown, the small ones suppressed.
    assert!(
        people > 0 && suppressed > 0,
        "{people} shown, {suppressed} suppressed"
    );
    assert!(shown.contains(r#""indicator":"journal_head""#));
    assert!(shown.contains(r#""indicator":"orders""#));
    // A median starting wage over fewer than 5 jobs in a month never leaves as a number.
    for line in shown.lines().filter(|l| l.contains("median_starting_wage")) {
        assert!(line.contains("suppressed"), "{line}");
    }
}

#[test]
fn a_k_below_two_is_refused_in_words() {
    let dir = tempfile::tempdir().unwrap();
    let (ok, _) = mekong_cli(dir.path(), &["sync", "--show"], "");
    assert!(ok);
    let path = dir.path().join("mekong.toml");
    let text = std::fs::read_to_string(&path)
        .unwrap()
        .replace("k = 5", "k = 1");
    std::fs::write(&path, text).unwrap();
    let (ok, out) = mekong_cli(dir.path(), &["sync", "--show"], "");
    assert!(!ok);
    assert!(out.contains("sync.k 1 must be between 2 and 100"), "{out}");
}

#[test]
fn what_fewer_than_k_women_did_is_suppressed_and_shown_once_k_is_met() {
    let dir = tempfile::tempdir().unwrap();
    let (ok, out) = mekong_cli(dir.path(), &["demo", "--days", "2"], "");
    assert!(ok, "{out}");
    // Looked at five weeks on, when the demo's drills (the last three weeks) are in months
    // that are over: a month still going is never sent.
    let later = chrono::Local::now().date_naive() + chrono::TimeDelta::days(35);
    let shown = |k: u32, indicator: &str| -> Vec<serde_json::Value> {
        let mut config = mekong::config::Config::load_or_create(dir.path()).unwrap();
        config.sync.k = k;
        let till = mekong::app::Till::open_with(
            dir.path(),
            config,
            Box::new(mekong::print::VirtualPrinter::new(dir.path())),
            Box::new(crate::common::FixedClock(crate::common::vientiane(
                &format!("{later}T12:00:00+07:00"),
            ))),
        )
        .unwrap();
        mekong::sync::programme_months(&till, later - chrono::TimeDelta::days(95), later)
            .unwrap()
            .iter()
            .map(|s| serde_json::to_value(s).unwrap())
            .filter(|v| v["indicator"] == indicator)
            .collect()
    };
    // Only Mai and Dao drill and are signed off: with k = 5 none of it leaves as a number.
    for indicator in ["drills_taken", "competencies_signed_off", "minutes_trained"] {
        let found = shown(5, indicator);
        assert!(!found.is_empty(), "no {indicator}");
        for v in found {
            assert_eq!(v["value"]["kind"], "suppressed", "{v}");
        }
    }
    // With k = 2, a month both drilled in shows its drills.
    let drills: i64 = shown(2, "drills_taken")
        .iter()
        .filter(|v| v["value"]["kind"] == "count")
        .map(|v| v["value"]["n"].as_i64().unwrap())
        .sum();
    assert!(drills >= 2);
    // This month is not over: nothing of it is sent.
    let (ok, now) = mekong_cli(dir.path(), &["sync", "--show"], "");
    assert!(ok, "{now}");
    // The till's month, in its own time zone (Vientiane).
    let this_month = (chrono::Utc::now() + chrono::TimeDelta::hours(7))
        .format("\"%Y-%m\"")
        .to_string();
    assert!(!now.contains(&this_month), "{now}");
}

#[test]
fn a_long_run_of_days_gets_each_days_own_journal_head() {
    let dir = tempfile::tempdir().unwrap();
    let (ok, out) = mekong_cli(dir.path(), &["demo", "--days", "40"], "");
    assert!(ok, "{out}");
    let till = mekong::app::Till::open(dir.path()).unwrap();
    let conn = till.store().conn();
    let till_id = &till.config().site.till_id;
    let today = till.today();
    let heads = mekong::store::journal::heads_by_day(conn, till_id, today).unwrap();
    let mut day = today - chrono::TimeDelta::days(45);
    let mut seen = 0;
    while day <= today {
        let one = mekong::store::journal::head_on(conn, till_id, day).unwrap();
        let bulk = heads
            .range(..=day.to_string())
            .next_back()
            .map(|(_, h)| h.clone());
        assert_eq!(bulk, one, "{day}");
        seen += usize::from(one.is_some());
        day = day.succ_opt().unwrap();
    }
    assert!(seen >= 40);
}
