//! `mekong verify`: SQLite's integrity check, the journal's hash chain, every sale against its
//! link (whole, since 0012), and every row of the other money tables (returns, pay-ins and
//! pay-outs, exchange rates, shift openings, Z reports) rebuilt and compared with the journal
//! record it was written with. It opens the file read-only and changes nothing.

use super::{AppError, DB_FILE, data_dir_error};
use crate::domain::journal::{ChainBreak, ChainCheck, EventKind, Record, SaleEvent};
use crate::domain::sale::receipt_label;
use crate::store::{Store, journal, rates, returns, sales, sessions};
use serde_json::Value;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

/// What `verify` found. `problems` is empty when all is well; the first names the first
/// broken record.
#[derive(Debug, Default)]
pub struct VerifyReport {
    pub records: u64,
    pub sales: u64,
    pub problems: Vec<String>,
}

impl VerifyReport {
    pub fn is_ok(&self) -> bool {
        self.problems.is_empty()
    }
}

/// Sales problems listed after the first few are only counted.
const LISTED: usize = 20;

/// A journal head read off paper (a Z report): its sequence number and the first hex digits
/// of its hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Head {
    pub seq: i64,
    pub hash_prefix: String,
}

impl std::str::FromStr for Head {
    type Err = String;
    fn from_str(s: &str) -> Result<Head, String> {
        let bad = || {
            format!("{s:?} is not SEQ:HEX (e.g. 1234:0f3a9c1be27d4a55, as a Z report prints it)")
        };
        let (seq, hex) = s.trim().split_once(':').ok_or_else(bad)?;
        let seq: i64 = seq.trim().parse().map_err(|_| bad())?;
        let hex = hex.trim().to_ascii_lowercase();
        if seq < 1 || hex.len() < 8 || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
            return Err(bad());
        }
        Ok(Head {
            seq,
            hash_prefix: hex,
        })
    }
}

pub fn verify(data_dir: &Path) -> Result<VerifyReport, AppError> {
    verify_against(data_dir, None)
}

/// [`verify`], and that the chain holds the record `head` names with that hash: a chain cut
/// short or rewritten whole cannot match a head printed before.
pub fn verify_against(data_dir: &Path, head: Option<&Head>) -> Result<VerifyReport, AppError> {
    let db = data_dir.join(DB_FILE);
    if !db.exists() {
        return Err(data_dir_error(data_dir)(std::io::Error::new(
            std::io::ErrorKind::NotFound,
            format!("there is no {DB_FILE} in it"),
        )));
    }
    let store = Store::open_read_only(&db)?;
    let conn = store.conn();
    let mut report = VerifyReport::default();
    if let Some(p) = journal::integrity_problem(conn)? {
        report
            .problems
            .push(format!("the database file is damaged: {p}"));
    }

    // The chain runs through the journal table and the sales' own rows, by sequence number.
    let mut records = Vec::new();
    let mut journalled: HashMap<(String, i64), (i64, SaleEvent)> = HashMap::new();
    let mut bodies: Vec<(i64, String, String, Value)> = Vec::new();
    let mut unreadable = Vec::new();
    journal::for_each(conn, |r| {
        let is_sale =
            r.kind == EventKind::Sale.code() || r.kind == EventKind::SaleBackfilled.code();
        if !is_sale {
            match serde_json::from_str::<Value>(&r.body) {
                Ok(v) => bodies.push((r.seq, r.kind.clone(), r.at.clone(), v)),
                Err(e) => unreadable.push(format!("journal record {} cannot be read: {e}", r.seq)),
            }
        }
        if is_sale {
            match serde_json::from_str::<SaleEvent>(&r.body) {
                Ok(e) => {
                    journalled.insert((e.till.clone(), e.receipt_no), (r.seq, e));
                }
                Err(e) => unreadable.push(format!("journal record {} cannot be read: {e}", r.seq)),
            }
        }
        records.push(r);
    })?;
    let mut sale_problems = Vec::new();
    let mut sale_of_seq: HashMap<i64, String> = HashMap::new();
    let mut numbers: HashMap<String, Vec<i64>> = HashMap::new();
    let mut order_ids = std::collections::HashSet::new();
    // Sales linked by their summary before 0012 were fingerprinted whole at the upgrade.
    let relinked: HashMap<(String, i64), String> = bodies
        .iter()
        .filter(|(_, kind, _, _)| kind == EventKind::Relinked.code())
        .flat_map(|(_, _, _, v)| v["sales"].as_array().cloned().unwrap_or_default())
        .filter_map(|f| {
            Some((
                (f[0].as_str()?.to_owned(), f[1].as_i64()?),
                f[2].as_str()?.to_owned(),
            ))
        })
        .collect();
    let any_relink = bodies
        .iter()
        .any(|(_, kind, _, _)| kind == EventKind::Relinked.code());
    sales::sale_events(conn, |stored| {
        report.sales += 1;
        let e = &stored.event;
        numbers
            .entry(e.till.clone())
            .or_default()
            .push(e.receipt_no);
        for p in &stored.problems {
            sale_problems.push(format!("sale {}: {p}", e.label()));
        }
        // The order's UUID has no unique index since 0020: two sales never share one.
        if !order_ids.insert(e.id.clone()) {
            sale_problems.push(format!(
                "sale {} has the order id {} of another sale",
                e.label(),
                e.id
            ));
        }
        // A sale the re-link fingerprinted is checked against it, whatever its row now says
        // its version is; an older sale the re-link does not know was added outside the till.
        match relinked.get(&(e.till.clone(), e.receipt_no)) {
            Some(f) if *f == stored.record.fingerprint() => {}
            Some(_) => sale_problems.push(format!(
                "sale {} was changed since the journal re-linked it: its lines, tenders or discounts are not what they were",
                e.label()
            )),
            None if stored.version < 2 && any_relink => sale_problems.push(format!(
                "sale {} is not in the journal's re-link record (it was added outside the till)",
                e.label()
            )),
            None => {}
        }
        if stored.version >= 2 && stored.link.is_none() {
            sale_problems.push(format!(
                "sale {} says it is a link of the chain but has no link (its row was changed)",
                e.label()
            ));
        }
        if let Some(record) = stored.record() {
            // Chained in its own row: its hash covers what its rows say now.
            sale_of_seq.insert(record.seq, e.label());
            records.push(record);
            return;
        }
        match journalled.remove(&(e.till.clone(), e.receipt_no)) {
            None => sale_problems.push(format!(
                "sale {} has no journal record (it was added outside the till)",
                e.label()
            )),
            Some((seq, recorded)) if recorded != *e => sale_problems.push(format!(
                "sale {} does not match journal record {seq}: {}",
                e.label(),
                differences(e, &recorded)
            )),
            Some(_) => {}
        }
    })?;
    records.sort_by_key(|r| r.seq);
    let mut chain = ChainCheck::default();
    records.iter().for_each(|r| chain.push(r));
    report.records = chain.records;
    if let Err(b) = chain.finish() {
        let seq = match &b {
            ChainBreak::Missing { expected, .. } => *expected,
            ChainBreak::Link { seq, .. } | ChainBreak::Content { seq } => *seq,
        };
        let words = b.to_string();
        report.problems.push(match sale_of_seq.get(&seq) {
            Some(label) => words.replacen(
                &format!("journal record {seq}"),
                &format!("journal record {seq} (sale {label})"),
                1,
            ),
            None => words,
        });
    }
    report.problems.extend(unreadable);
    // Receipt numbers run 1, 2, 3 … per till, up to the last one a Z report or the printer saw.
    for (till, mut nos) in numbers {
        nos.sort_unstable();
        let mut expected = 1;
        for n in &nos {
            if *n > expected {
                sale_problems.push(format!(
                    "sale {} is missing (receipt numbers jump from {} to {})",
                    receipt_label(&till, expected),
                    expected - 1,
                    n
                ));
            }
            expected = n + 1;
        }
        let seen = sales::highest_receipt_seen(conn, &till)?;
        if seen >= expected {
            sale_problems.push(format!(
                "sale {} is missing: the last sale is {}, but receipts up to {} were made",
                receipt_label(&till, expected),
                expected - 1,
                seen
            ));
        }
    }
    let mut orphans: Vec<_> = journalled.into_values().collect();
    orphans.sort_by_key(|(seq, _)| *seq);
    for (seq, e) in orphans {
        sale_problems.push(format!(
            "journal record {seq} is sale {}, which is missing from the database",
            e.label()
        ));
    }
    sale_problems.extend(money_tables(conn, &bodies)?);
    if let Some(h) = head {
        sale_problems.extend(check_head(&records, h));
    }
    let more = sale_problems.len().saturating_sub(LISTED);
    report
        .problems
        .extend(sale_problems.into_iter().take(LISTED));
    if more > 0 {
        report.problems.push(format!("… and {more} more problems"));
    }
    Ok(report)
}

/// The chain must hold the head read off paper, with that hash.
fn check_head(records: &[Record], head: &Head) -> Option<String> {
    let last = records.last().map_or(0, |r| r.seq);
    match records.iter().find(|r| r.seq == head.seq) {
        None => Some(format!(
            "the journal ends at record {last}, but a Z report printed record {} as its head: records were cut off",
            head.seq
        )),
        Some(r) if !r.hash.starts_with(&head.hash_prefix) => Some(format!(
            "journal record {} has hash {}…, but the Z report printed {}…: the journal was rewritten",
            head.seq,
            r.hash.get(..head.hash_prefix.len()).unwrap_or(&r.hash),
            head.hash_prefix
        )),
        Some(_) => None,
    }
}

/// Every row of the money tables rebuilt and compared with the journal record written with it
/// (by its key), and every such record with its row: a row not in the journal, a row that
/// differs from it, and a record whose row is gone are each named.
fn money_tables(
    conn: &rusqlite::Connection,
    bodies: &[(i64, String, String, Value)],
) -> Result<Vec<String>, AppError> {
    let mut problems = Vec::new();
    // `stamped`: the record's kind and time go with its body, to be compared with the row's.
    let of_kinds = |kinds: &[EventKind], stamped: bool, key: &dyn Fn(&Value) -> Option<String>| {
        let mut out: BTreeMap<String, (i64, Value)> = BTreeMap::new();
        for (seq, kind, at, body) in bodies {
            if kinds.iter().any(|k| k.code() == kind)
                && let Some(k) = key(body)
            {
                let mut body = body.clone();
                if stamped {
                    body["kind"] = kind.clone().into();
                    body["time"] = at.clone().into();
                }
                // A later record for the same key (a rate set again that day) replaces it.
                out.insert(k, (*seq, body));
            }
        }
        out
    };
    let stamp = |mut row: Value, kind: String, at: String| {
        row["kind"] = kind.into();
        row["time"] = at.into();
        row
    };
    let s = |v: &Value| match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };

    // Voids and refunds.
    let mut journalled = of_kinds(&[EventKind::Void, EventKind::Refund], true, &|b| {
        Some(format!(
            "{}-R{:06}",
            s(&b["till"]),
            b["return_no"].as_i64()?
        ))
    });
    for (till, no, kind, at, row) in returns::records(conn)? {
        let key = format!("{till}-R{no:06}");
        let row = stamp(row, kind, at);
        compare(
            &mut problems,
            &format!("return {key}"),
            &row,
            journalled.remove(&key),
        );
    }
    gone(&mut problems, "return", journalled);

    // Pay-ins and pay-outs.
    let mut journalled = of_kinds(&[EventKind::PayIn, EventKind::PayOut], true, &|b| {
        Some(format!(
            "{} shift {} no. {}",
            s(&b["till"]),
            b["session_no"].as_i64()?,
            b["move_no"].as_i64()?
        ))
    });
    for ((till, session, no), (kind, at), row) in sessions::move_records(conn)? {
        let key = format!("{till} shift {session} no. {no}");
        let row = stamp(row, kind.clone(), at);
        let what = if kind == "pay_out" {
            "pay-out"
        } else {
            "pay-in"
        };
        compare(
            &mut problems,
            &format!("{what} {key}"),
            &row,
            journalled.remove(&key),
        );
    }
    gone(&mut problems, "pay-in or pay-out", journalled);

    // Exchange rates: each row is the last rate set for its currency and day.
    let mut journalled = of_kinds(&[EventKind::RateSet], false, &|b| {
        Some(format!("{} from {}", s(&b["currency"]), s(&b["from"])))
    });
    for ((currency, from), row) in rates::records(conn)? {
        let key = format!("{currency} from {from}");
        compare(
            &mut problems,
            &format!("rate {key}"),
            &row,
            journalled.remove(&key),
        );
    }
    gone(&mut problems, "rate", journalled);

    // Z reports: the stored report is the journal record's body.
    let mut journalled = of_kinds(&[EventKind::ZReport], false, &|b| {
        Some(format!("{} Z {}", s(&b["till"]), b["z_no"].as_i64()?))
    });
    for ((till, z), text) in sessions::z_texts(conn)? {
        let key = format!("{till} Z {z}");
        let row: Value = serde_json::from_str(&text)
            .map_err(|e| crate::store::StoreError::Corrupt(e.to_string()))?;
        compare(
            &mut problems,
            &format!("Z report {z}"),
            &row,
            journalled.remove(&key),
        );
    }
    gone(&mut problems, "Z report", journalled);

    // Shift openings: who opened it and the float, per currency.
    let mut journalled = of_kinds(&[EventKind::SessionOpen], false, &|b| {
        Some(format!(
            "{} shift {}",
            s(&b["till"]),
            b["session_no"].as_i64()?
        ))
    });
    for ((till, session), by, float) in sessions::openings(conn)? {
        let key = format!("{till} shift {session}");
        let what = format!("the opening of shift {session}");
        let Some((seq, body)) = journalled.remove(&key) else {
            problems.push(format!(
                "{what} is not in the journal (it was added outside the till)"
            ));
            continue;
        };
        let mut currencies: Vec<String> = body["float"]
            .as_object()
            .map(|m| m.keys().cloned().collect())
            .unwrap_or_default();
        currencies.extend(float.0.keys().map(|c| c.code().to_owned()));
        currencies.sort();
        currencies.dedup();
        let mut differs = Vec::new();
        if s(&body["staff"]) != by {
            differs.push(format!(
                "opened by {by} in the table, {} in the journal",
                s(&body["staff"])
            ));
        }
        for c in currencies {
            let recorded = body["float"][&c].as_i64().unwrap_or(0);
            let counted = c.parse().map(|cur| float.total(cur).minor()).unwrap_or(0);
            if recorded != counted {
                differs.push(format!(
                    "float {c} {counted} in the table, {recorded} in the journal"
                ));
            }
        }
        if !differs.is_empty() {
            problems.push(format!(
                "{what} differs from journal record {seq}: {}",
                differs.join("; ")
            ));
        }
    }
    gone(&mut problems, "shift opening", journalled);

    // Restarts of business days: each is the receipt a journalled clock confirmation named.
    let mut journalled = of_kinds(&[EventKind::ClockConfirmed], false, &|b| {
        Some(format!(
            "{} from receipt {}",
            s(&b["till"]),
            b["days_from_receipt"].as_i64()?
        ))
    });
    let restarts = crate::store::sales::day_restart_records(conn)?;
    // Business days go back only where a restart says so: reports rely on it.
    let mut before: Option<(String, String)> = None;
    for (till, no, day) in crate::store::sales::business_days(conn)? {
        if let Some((last_till, last_day)) = &before
            && *last_till == till
            && day < *last_day
            && !restarts
                .iter()
                .any(|(t, from, _)| *t == till && *from == no)
        {
            problems.push(format!(
                "sale {till}-{no:06} counts on {day}, before the sale ahead of it ({last_day}), with no restart of business days there"
            ));
        }
        before = Some((till, day));
    }
    for (till, from, seq) in restarts {
        let key = format!("{till} from receipt {from}");
        match journalled.remove(&key) {
            Some((recorded, _)) if recorded == seq => {}
            Some((recorded, _)) => problems.push(format!(
                "the restart of business days {key} names journal record {seq}, but record {recorded} made it"
            )),
            None => problems.push(format!(
                "the restart of business days {key} is not in the journal (it was added outside the till)"
            )),
        }
    }
    gone(&mut problems, "restart of business days", journalled);

    // Skills: each piece of evidence (all but its note) and each sign-off is its journal
    // record's body.
    let untilled = |mut b: Value| {
        if let Some(o) = b.as_object_mut() {
            o.remove("till");
        }
        b
    };
    let mut journalled = of_kinds(&[EventKind::SkillEvidence], false, &|b| {
        Some(format!("{}", b["evidence"].as_i64()?))
    });
    for row in crate::store::skills::all_evidence(conn)? {
        let key = row.id.to_string();
        compare(
            &mut problems,
            &format!("skills evidence {key}"),
            &row.journal_body(),
            journalled.remove(&key).map(|(seq, b)| (seq, untilled(b))),
        );
    }
    gone(&mut problems, "skills evidence", journalled);
    let sign_off_key = |b: &Value| {
        Some(format!(
            "{} {} v{}",
            s(&b["person"]),
            s(&b["competency"]),
            b["version"].as_i64()?
        ))
    };
    let mut journalled = of_kinds(&[EventKind::SkillSignedOff], false, &sign_off_key);
    for row in crate::store::skills::sign_offs(conn, None)? {
        let body = row.journal_body();
        let key = sign_off_key(&body).unwrap_or_default();
        compare(
            &mut problems,
            &format!("sign-off {key}"),
            &body,
            journalled.remove(&key).map(|(seq, b)| (seq, untilled(b))),
        );
    }
    gone(&mut problems, "sign-off", journalled);
    // The standings the matrix and the queue read are what the evidence says, for the
    // framework kept last (the one in force), once the till has worked them out (it does at
    // start).
    if crate::store::skills::standings_version(conn)?.is_some() {
        let kept = crate::store::skills::all_standings(conn)?;
        let mut expected: HashMap<(String, String), crate::store::skills::StandingRow> =
            match crate::store::skills::frameworks(conn)?.pop() {
                Some((_, text)) => {
                    let in_use = super::skills::Skills::load(conn, &text, "")?;
                    super::skills::worked_out(conn, &in_use)?
                }
                None => Vec::new(),
            }
            .into_iter()
            .map(|r| ((r.person.to_string(), r.competency.to_string()), r))
            .collect();
        let said = |r: Option<&crate::store::skills::StandingRow>| match r {
            None => "nothing".to_owned(),
            Some(r) => format!(
                "v{} {}{}{}",
                r.version,
                r.standing.map_or("no rating", |s| s.code()),
                if r.ready { ", ready" } else { "" },
                if r.signed_off { ", signed off" } else { "" }
            ),
        };
        for row in &kept {
            let key = (row.person.to_string(), row.competency.to_string());
            let should = expected.remove(&key);
            if should.as_ref() != Some(row) {
                problems.push(format!(
                    "the skills standing of {} at {} reads {} but the evidence says {} (changed outside the till)",
                    key.0,
                    key.1,
                    said(Some(row)),
                    said(should.as_ref())
                ));
            }
        }
        for (key, should) in expected {
            problems.push(format!(
                "the skills standing of {} at {} is missing (the evidence says {})",
                key.0,
                key.1,
                said(Some(&should))
            ));
        }
    }
    // Placements: each placement is the body of its latest journal record (less who made
    // that change and what it was); each follow-up is its record's body (all but the note).
    let mut journalled = of_kinds(&[EventKind::Placement], false, &|b| {
        Some(format!("{}", b["placement"].as_i64()?))
    });
    // A row that breaks the rules (changed by hand) is a problem to list, not the end of
    // the check.
    let (placed, unreadable) = match crate::store::placements::followed(conn) {
        Ok(placed) => (placed, false),
        Err(e) => {
            problems.push(format!("placements cannot be read: {e}"));
            (Vec::new(), true)
        }
    };
    for (row, _) in &placed {
        let key = row.id.to_string();
        let recorded = journalled.remove(&key).map(|(seq, b)| {
            let mut b = untilled(b);
            if let Some(o) = b.as_object_mut() {
                o.remove("by");
                o.remove("change");
            }
            (seq, b)
        });
        if let Some((seq, _)) = &recorded
            && *seq != row.journal_seq
        {
            problems.push(format!(
                "placement {key} names journal record {} but its latest is {seq}",
                row.journal_seq
            ));
        }
        compare(
            &mut problems,
            &format!("placement {key}"),
            &row.journal_body(),
            recorded,
        );
    }
    if !unreadable {
        gone(&mut problems, "placement", journalled);
    }
    let mut journalled = of_kinds(&[EventKind::FollowUp], false, &|b| {
        Some(format!("{}", b["follow_up"].as_i64()?))
    });
    for row in placed.iter().flat_map(|(_, ups)| ups) {
        let key = row.id.to_string();
        let recorded = journalled.remove(&key).map(|(seq, b)| (seq, untilled(b)));
        if let Some((seq, _)) = &recorded
            && *seq != row.journal_seq
        {
            problems.push(format!(
                "follow-up {key} names journal record {} but was written with {seq}",
                row.journal_seq
            ));
        }
        compare(
            &mut problems,
            &format!("follow-up {key}"),
            &row.journal_body(),
            recorded,
        );
    }
    if !unreadable {
        gone(&mut problems, "follow-up", journalled);
    }
    for id in crate::store::placements::unerased_notes(conn)? {
        problems.push(format!(
            "follow-up {id} is of an erased woman but its note is not erased (written outside the till)"
        ));
    }
    // Partners: each is the body of its latest journal record (a deleted one is gone).
    let mut journalled = of_kinds(&[EventKind::Partner], false, &|b| Some(s(&b["partner"])));
    let (partners, unreadable) = match crate::store::placements::employers(conn) {
        Ok(partners) => (partners, false),
        Err(e) => {
            problems.push(format!("partners cannot be read: {e}"));
            (Vec::new(), true)
        }
    };
    for row in partners {
        let key = row.id.to_string();
        let recorded = journalled.remove(&key).map(|(seq, b)| {
            let mut b = untilled(b);
            if let Some(o) = b.as_object_mut() {
                o.remove("change");
            }
            (seq, b)
        });
        compare(
            &mut problems,
            &format!("partner {key}"),
            &row.journal_body(),
            recorded,
        );
    }
    journalled.retain(|_, (_, b)| b["deleted"] != true);
    if !unreadable {
        gone(&mut problems, "partner", journalled);
    }
    // Drills: each scored drill is its journal record's body.
    let mut journalled = of_kinds(&[EventKind::DrillScored], false, &|b| {
        Some(format!("{}", b["drill"].as_i64()?))
    });
    for row in crate::store::drills::all(conn)? {
        let key = row.id.to_string();
        compare(
            &mut problems,
            &format!("drill {key}"),
            &row.journal_body(),
            journalled.remove(&key),
        );
    }
    gone(&mut problems, "drill", journalled);

    // Staff: each person's role and status are the ones they were added with (or had at the
    // upgrade), as changed since by journalled changes; an erasure is journalled too.
    let mut roles: HashMap<String, String> = HashMap::new();
    let mut statuses: HashMap<String, String> = HashMap::new();
    let mut erased: HashMap<String, bool> = HashMap::new();
    for (_, kind, _, body) in bodies {
        let id = s(&body["staff_id"]);
        if kind == EventKind::StaffAdded.code() {
            roles.insert(id, s(&body["role"]));
        } else if kind == EventKind::Relinked.code() {
            for pair in body["staff"].as_array().into_iter().flatten() {
                roles.insert(s(&pair[0]), s(&pair[1]));
            }
        } else if kind == EventKind::StaffChanged.code() {
            match body["change"].as_str() {
                Some("role") => {
                    roles.insert(id, s(&body["role"]));
                }
                Some("status") => {
                    statuses.insert(id, s(&body["status"]));
                }
                Some("erased") => {
                    statuses.insert(id.clone(), "left".into());
                    erased.insert(id, true);
                }
                _ => {}
            }
        }
    }
    for (id, role, status, is_erased) in crate::store::staff::standings(conn)? {
        match roles.get(&id) {
            None => problems.push(format!(
                "staff member {id} is not in the journal (added outside the till)"
            )),
            Some(recorded) if *recorded != role => problems.push(format!(
                "staff member {id} has role {role} in the table, {recorded} in the journal"
            )),
            Some(_) => {}
        }
        let recorded = statuses.get(&id).map_or("active", String::as_str);
        if status != recorded {
            problems.push(format!(
                "staff member {id} has status {status} in the table, {recorded} in the journal"
            ));
        }
        if is_erased && !crate::store::people::erased_cleanly(conn, &id)? {
            problems.push(format!(
                "staff member {id} was erased, but has an identity or a nickname again"
            ));
        }
        if is_erased != erased.get(&id).copied().unwrap_or(false) {
            problems.push(format!(
                "staff member {id} is {} in the table, {} in the journal",
                if is_erased { "erased" } else { "not erased" },
                if is_erased { "not erased" } else { "erased" },
            ));
        }
    }
    Ok(problems)
}

/// A row compared with the journal record written with it.
fn compare(problems: &mut Vec<String>, what: &str, row: &Value, journalled: Option<(i64, Value)>) {
    match journalled {
        None => problems.push(format!(
            "{what} is not in the journal (it was added outside the till)"
        )),
        Some((seq, body)) if body != *row => problems.push(format!(
            "{what} differs from journal record {seq}: {}",
            value_differences(row, &body)
        )),
        Some(_) => {}
    }
}

/// Records whose row is gone.
fn gone(problems: &mut Vec<String>, what: &str, left: BTreeMap<String, (i64, Value)>) {
    for (key, (seq, _)) in left {
        problems.push(format!(
            "journal record {seq} is {what} {key}, which is missing from the database"
        ));
    }
}

/// "amount 50000 in the table, 35000 in the journal" for each top-level field that differs.
fn value_differences(row: &Value, journal: &Value) -> String {
    let empty = serde_json::Map::new();
    let (r, j) = (
        row.as_object().unwrap_or(&empty),
        journal.as_object().unwrap_or(&empty),
    );
    let mut keys: Vec<&String> = r.keys().chain(j.keys()).collect();
    keys.sort();
    keys.dedup();
    keys.into_iter()
        .filter(|k| r.get(*k) != j.get(*k))
        .map(|k| {
            let show = |v: Option<&Value>| v.map_or("nothing".to_owned(), Value::to_string);
            format!(
                "{k} {} in the table, {} in the journal",
                show(r.get(k)),
                show(j.get(k))
            )
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// The fields that differ, in words: "gross 38000 in the sale, 40000 in the journal".
fn differences(stored: &SaleEvent, recorded: &SaleEvent) -> String {
    let mut out = Vec::new();
    let mut field = |name: &str, s: String, j: String| {
        if s != j {
            out.push(format!("{name} {s} in the sale, {j} in the journal"));
        }
    };
    field("id", stored.id.clone(), recorded.id.clone());
    field(
        "currency",
        stored.currency.clone(),
        recorded.currency.clone(),
    );
    field(
        "gross",
        stored.gross.to_string(),
        recorded.gross.to_string(),
    );
    field("VAT", stored.vat.to_string(), recorded.vat.to_string());
    field(
        "change",
        stored.change.to_string(),
        recorded.change.to_string(),
    );
    field(
        "lines",
        stored.lines.to_string(),
        recorded.lines.to_string(),
    );
    field(
        "line total",
        stored.lines_total.to_string(),
        recorded.lines_total.to_string(),
    );
    let tenders = |e: &SaleEvent| {
        e.tenders
            .iter()
            .map(|t| format!("{} {} {}", t.kind, t.amount, t.currency))
            .collect::<Vec<_>>()
            .join(" + ")
    };
    field("tenders", tenders(stored), tenders(recorded));
    field(
        "discount",
        stored.discount.to_string(),
        recorded.discount.to_string(),
    );
    out.join("; ")
}
