//! `permanence import ssda903` through the real binary: a generated
//! authority (a few hundred children, ten years of history) imports; the
//! same files again change nothing and say so; a dry run writes nothing;
//! and a malformed folder is refused whole with every problem listed.

use crate::util::{Case, stderr, stdout};
use permanence::interchange::ssda903::generate::write_authority;
use std::path::{Path, PathBuf};

crate::util::setup_on_a_case!();

impl Setup {
    fn new() -> Setup {
        let setup = Setup(Case::new("ssda903.db"));
        setup.ok(&["init"]);
        setup
    }

    /// A generated authority's files in a folder of the case's own.
    fn authority(&self, seed: u64, children: usize) -> PathBuf {
        let folder = self.dir.path().join(format!("903-{seed}"));
        std::fs::create_dir_all(&folder).unwrap();
        write_authority(&folder, seed, children).unwrap();
        folder
    }

    fn import(&self, folder: &std::path::Path, dry_run: bool) -> std::process::Output {
        let mut args = vec!["import", "ssda903", folder.to_str().unwrap()];
        if dry_run {
            args.push("--dry-run");
        }
        self.run(&args)
    }

    /// Everything an import could change, as the binary tells it: the
    /// caseload, the trail's count of changes, and a few children's events.
    fn record(&self, references: &[&str]) -> String {
        // The trail's changes are counted, not listed: the caseload and
        // the events say what they were.
        let mut record = self.ok(&["export", "caseload", "--format", "json"]);
        for reference in references {
            record.push_str(&self.ok(&["events", reference, "--json"]));
        }
        let changes = crate::util::audited_changes(&self.ok(&["audit", "--json"]));
        record.push_str(&changes.to_string());
        record
    }
}

/// The last line the import wrote: its summary.
fn summary(out: &std::process::Output) -> String {
    stdout(out).lines().last().unwrap_or_default().to_string()
}

impl Setup {
    /// A child's current events as "event on", in date order.
    fn events(&self, reference: &str) -> Vec<String> {
        let events: serde_json::Value =
            serde_json::from_str(&self.ok(&["events", reference, "--json"])).unwrap();
        let mut out: Vec<String> = events
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["status"] == "current")
            .map(|e| format!("{} {}", e["on"].as_str().unwrap(), e["event"].as_str().unwrap()))
            .collect();
        out.sort();
        out
    }
}

/// Rewrites a file of the folder: each (from, to) replaced once.
fn edit(folder: &Path, file: &str, changes: &[(&str, &str)]) {
    let path = folder.join(file);
    let mut text = std::fs::read_to_string(&path).unwrap();
    for (from, to) in changes {
        assert!(text.contains(from), "{file} holds {from}");
        text = text.replacen(from, to, 1);
    }
    std::fs::write(&path, text).unwrap();
}

// Hand-checked against the generated files (seed 20):
// 700000: S 09/07/2020 C1, L 16/04/2021 E1, P 18/08/2021 A6 ended
//   08/07/2022 E12; PlacedAdoption 24/02/2021; AD1 match 04/08/2021; five
//   reviews. Adopted: legal status none, the adoption plan closed.
// 700003: S 01/01/2016 C1, ended 06/03/2017 E47 (an SGO); three reviews.
// 700009: S 30/08/2014 V2 (s20: no event) home 05/01/2015 E4A, then back:
//   S 27/10/2015 C1, L 08/07/2016 C2, still looked after; two periods.
const ADOPTED: [&str; 12] = [
    "2020-07-09 interim-care-order",
    "2020-07-09 looked-after",
    "2020-07-29 case-review",
    "2020-10-27 case-review",
    "2021-02-24 shobpa",
    "2021-04-16 placement-order",
    "2021-04-27 case-review",
    "2021-08-04 matching-panel",
    "2021-08-18 placement",
    "2021-10-26 case-review",
    "2022-04-26 case-review",
    "2022-07-08 order-made",
];
const SGO: [&str; 6] = [
    "2016-01-01 interim-care-order",
    "2016-01-01 looked-after",
    "2016-01-21 case-review",
    "2016-04-20 case-review",
    "2016-10-19 case-review",
    "2017-03-06 special-guardianship-order",
];

#[test]
fn a_generated_authority_imports_its_history_and_again_changes_nothing() {
    let setup = Setup::new();
    let folder = setup.authority(20, 300);
    let first = setup.import(&folder, false);
    assert!(first.status.success(), "{}", stderr(&first));
    // The summary the README shows (2827 events: 14 of them the
    // foster-placement events of the foster carer adoptions, AD1
    // FOSTER_CARE 1).
    assert_eq!(
        summary(&first),
        "300 children: 300 created, 0 updated, 0 unchanged; 2827 events recorded, 0 moved, 0 already there; 210 plans created, 0 updated, 0 closed, 0 unchanged; 115 children with no pathway proposed"
    );
    assert!(
        stderr(&first).is_empty(),
        "no progress line off a terminal: {}",
        stderr(&first)
    );
    assert_eq!(setup.events("700000"), ADOPTED);
    assert_eq!(setup.events("700003"), SGO);
    // 700034 (born in 2007) is 19 on the day of the import, though the
    // files leave their last episode open: no live plan for a young person
    // of 18 (before, a permanent-fostering plan with its tasks due), and
    // the import says why.
    let timeline: serde_json::Value =
        serde_json::from_str(&setup.ok(&["timeline", "700034", "--json"])).unwrap();
    let live = timeline["plans"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["status"] != "closed")
        .count();
    assert_eq!(live, 0, "{timeline}");
    assert!(
        stdout(&first)
            .lines()
            .any(|l| l.starts_with("700034: no pathway proposed: turned 18 on ")
                && l.contains("Children Act 1989, s.105(1)")),
        "{}",
        stdout(&first)
    );
    let home_and_back = setup.events("700009");
    let looked_after: Vec<_> = home_and_back
        .iter()
        .filter(|e| e.ends_with(" looked-after"))
        .collect();
    assert_eq!(
        looked_after,
        ["2014-08-30 looked-after", "2015-10-27 looked-after"]
    );
    assert!(home_and_back.contains(&"2015-10-27 interim-care-order".to_string()));
    assert!(home_and_back.contains(&"2016-07-08 care-order".to_string()));
    assert_eq!(
        home_and_back
            .iter()
            .filter(|e| e.ends_with(" case-review"))
            .count(),
        20
    );
    // Each child's record as the return gives it now.
    let caseload = setup.ok(&["export", "caseload"]);
    let row = |reference: &str| {
        caseload
            .lines()
            .find(|l| l.starts_with(&format!("{reference},")))
            .unwrap()
            .to_string()
    };
    assert!(
        row("700000").starts_with("700000,Child,700000,2017-08-17,Male,WBRI,,none,,,"),
        "{}",
        row("700000")
    );
    assert!(row("700003").contains(",sgo,,,"), "{}", row("700003"));
    assert!(
        row("700009").contains(",co,") && row("700009").contains(",2015-10-27,"),
        "{}",
        row("700009")
    );
    // A child on a placement order is on the adoption plan the import proposed.
    assert!(setup.ok(&["timeline", "700001"]).contains("adoption"));

    let before = setup.record(&["700000", "700003", "700009"]);
    let again = setup.import(&folder, false);
    assert!(again.status.success(), "{}", stderr(&again));
    assert!(
        summary(&again).ends_with(": nothing was changed"),
        "{}",
        summary(&again)
    );
    assert!(
        summary(&again).contains("0 events recorded"),
        "{}",
        summary(&again)
    );
    assert_eq!(setup.record(&["700000", "700003", "700009"]), before);
}

/// A first import stores every timeline at once (many children read a
/// query at a time, worked out on every core), as the demo does: what it
/// stores is exactly what the batch refresh every other write leaves them
/// to would store, and nothing is left stale.
#[test]
fn a_first_import_stores_every_timeline_as_a_refresh_would() {
    use permanence::service::library::Library;
    use permanence::service::timelines::Engine;
    let setup = Setup::new();
    let folder = setup.authority(21, 150);
    let first = setup.import(&folder, false);
    assert!(first.status.success(), "{}", stderr(&first));
    let conn = rusqlite::Connection::open(&setup.db).unwrap();
    let stale = || -> i64 {
        conn.query_row("SELECT count(*) FROM stale_timelines", [], |r| r.get(0))
            .unwrap()
    };
    assert_eq!(stale(), 0, "every timeline stored");
    let bulk = crate::stored_timelines::stored_rows(&setup.db);
    let stored: i64 = conn
        .query_row("SELECT count(*) FROM stored_timelines", [], |r| r.get(0))
        .unwrap();
    assert!(stored > 30, "a child with an open plan has a timeline: {stored}");

    conn.execute_batch(
        "PRAGMA foreign_keys = ON; DELETE FROM stored_timelines;
         INSERT OR IGNORE INTO stale_timelines SELECT id FROM children;",
    )
    .unwrap();
    let library = Library::load(None).unwrap();
    let today = crate::util::binary_today();
    let mut store = permanence::store::Store::open(&setup.db).unwrap();
    store.set_timeline_source(Box::new(Engine::new(&library)), today);
    assert!(store.refresh_timelines(today).unwrap() as i64 >= stored);
    assert_eq!(stale(), 0);
    assert_eq!(crate::stored_timelines::stored_rows(&setup.db), bulk);
}

#[test]
fn a_dry_run_says_child_by_child_what_would_happen_and_writes_nothing() {
    let setup = Setup::new();
    let folder = setup.authority(20, 300);
    let before = setup.record(&[]);
    let dry = setup.import(&folder, true);
    assert!(dry.status.success(), "{}", stderr(&dry));
    let said = stdout(&dry);
    assert!(said.contains("700000: new child"), "{said}");
    assert!(
        said.contains("700000: date_of_birth (blank) → 17/08/2017"),
        "{said}"
    );
    assert!(said.contains("700001: legal_status none → po"), "{said}");
    assert!(
        said.contains("700000 Child 700000: would record order-made on 08/07/2022"),
        "{said}"
    );
    assert!(
        said.contains("700000: would propose plan adoption (closed 08/07/2022"),
        "{said}"
    );
    assert!(said.contains(": no pathway proposed: "), "{said}");
    assert!(
        summary(&dry).ends_with("(dry run: nothing was written)"),
        "{}",
        summary(&dry)
    );
    assert_eq!(setup.record(&[]), before);
}

#[test]
fn next_months_files_update_without_duplicating_and_leave_the_apps_events_alone() {
    let setup = Setup::new();
    let folder = setup.authority(20, 300);
    assert!(setup.import(&folder, false).status.success());
    // A (synthetic) name given in the app: the return carries none, so
    // the next import leaves it.
    let names = setup.file("names.csv", "ref,given_name,family_name\n700009,Sam,Example\n");
    setup.ok(&["import", "children", names.to_str().unwrap()]);
    setup.ok(&["record", "700009", "ppm", "--on", "2024-03-01"]);
    setup.ok(&["record", "700009", "case-review", "--on", "2024-02-20"]);
    // One more review held.
    edit(
        &folder,
        "Reviews.csv",
        &[(
            "700009,07/04/2011,04/02/2024,PN1\n",
            "700009,07/04/2011,04/02/2024,PN1\n700009,07/04/2011,04/08/2024,PN1\n",
        )],
    );
    let next = setup.import(&folder, false);
    assert!(next.status.success(), "{}", stderr(&next));
    assert!(
        summary(&next).starts_with("300 children: 0 created, 0 updated, 300 unchanged; 1 event recorded"),
        "{}",
        summary(&next)
    );
    assert!(
        setup
            .ok(&["export", "caseload"])
            .contains("\n700009,Sam,Example,2011-04-07,")
    );
    let events = setup.events("700009");
    assert_eq!(
        events.iter().filter(|e| *e == "2024-08-04 case-review").count(),
        1
    );
    assert!(events.contains(&"2024-03-01 ppm".to_string()), "{events:?}");
    assert!(
        events.contains(&"2024-02-20 case-review".to_string()),
        "{events:?}"
    );
    assert_eq!(events.iter().filter(|e| e.ends_with(" case-review")).count(), 22);
    // An episode's date put right.
    edit(
        &folder,
        "Episodes.csv",
        &[
            ("08/07/2016,X1", "10/07/2016,X1"),
            ("700009,08/07/2016,L,C2", "700009,10/07/2016,L,C2"),
        ],
    );
    let fixed = setup.import(&folder, false);
    assert!(fixed.status.success(), "{}", stderr(&fixed));
    assert!(
        stdout(&fixed).contains(
            "700009: care-order on 08/07/2016 withdrawn: the files no longer hold ssda903:episodes:2016-07-08:LS"
        ),
        "{}",
        stdout(&fixed)
    );
    let events = setup.events("700009");
    let orders: Vec<_> = events.iter().filter(|e| e.ends_with(" care-order")).collect();
    assert_eq!(orders, ["2016-07-10 care-order"]);
    assert!(events.contains(&"2024-03-01 ppm".to_string()), "{events:?}");
    // And that month's files again: nothing.
    let again = setup.import(&folder, false);
    assert!(
        summary(&again).ends_with(": nothing was changed"),
        "{}",
        summary(&again)
    );
}

#[test]
fn a_malformed_folder_is_refused_whole_with_every_problem_listed() {
    let setup = Setup::new();
    let folder = setup.authority(20, 40);
    // A date written the other way; a legal status no list has; an
    // episode ending before it starts: three problems in two files.
    edit(
        &folder,
        "Header.csv",
        &[("700000,1,17/08/2017,", "700000,1,2017-08-17,")],
    );
    edit(
        &folder,
        "Episodes.csv",
        &[
            ("700000,09/07/2020,S,C1,", "700000,09/07/2020,S,Z9,"),
            (
                "700000,18/08/2021,P,E1,N1,A6,PR1,08/07/2022,",
                "700000,18/08/2021,P,E1,N1,A6,PR1,08/07/2021,",
            ),
        ],
    );
    let before = setup.record(&[]);
    let out = setup.import(&folder, false);
    assert!(!out.status.success());
    let err = stderr(&out);
    assert_eq!(
        err.lines().collect::<Vec<_>>(),
        [
            "Episodes.csv: line 2: LS: Z9 is not a code of Legal status (the codes are C1, C2, D1, E1, V2, V3, V4, L1, L2, L3, J1, J2, J3)",
            "Header.csv: line 2: DOB: 2017-08-17 is not a date written DD/MM/YYYY",
            "Episodes.csv: line 4: DEC: 08/07/2021 is before the episode starts (DECOM 18/08/2021)",
            "nothing was imported: 3 problems in the SSDA903 files",
        ],
        "{err}"
    );
    assert!(stdout(&out).is_empty());
    assert_eq!(setup.record(&[]), before);
}

/// What an import records of the children, as comparable text: their
/// events (all but when they were written), legal status, plans, the
/// return's rows kept, and the trail's entries for the events and the
/// legal status moves (the ids the events were given left out).
fn recorded(db: &Path) -> Vec<String> {
    let conn = rusqlite::Connection::open(db).unwrap();
    let rows = |sql: &str| -> Vec<String> {
        let mut statement = conn.prepare(sql).unwrap();
        let count = statement.column_count();
        statement
            .query_map([], |r| {
                let cells: Vec<String> = (0..count)
                    .map(|i| match r.get_ref(i).unwrap() {
                        rusqlite::types::ValueRef::Null => "NULL".to_string(),
                        rusqlite::types::ValueRef::Integer(n) => n.to_string(),
                        rusqlite::types::ValueRef::Text(t) => String::from_utf8_lossy(t).into_owned(),
                        other => format!("{other:?}"),
                    })
                    .collect();
                Ok(cells.join("|"))
            })
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    };
    let mut out = rows(
        "SELECT c.ref, e.event, e.on_date, e.note, e.status, e.source, e.recorded_by
         FROM events e JOIN children c ON c.id = e.child_id ORDER BY c.ref, e.id",
    );
    out.extend(rows("SELECT ref, legal_status FROM children ORDER BY ref"));
    out.extend(rows(
        "SELECT c.ref, p.pathway, p.role, p.start, p.stage, p.status, p.start_from, p.record_from
         FROM plans p JOIN children c ON c.id = p.child_id ORDER BY c.ref, p.id",
    ));
    out.extend(rows(
        "SELECT c.ref, r.tbl, r.key, r.cells FROM ssda903_rows r JOIN children c ON c.id = r.child_id
         ORDER BY c.ref, r.tbl, r.key",
    ));
    let trail = rows(
        "SELECT ref, action, entity, before FROM audit
         WHERE entity IN ('events', 'legal-status') ORDER BY ref, id",
    );
    assert!(
        trail.iter().filter(|e| e.contains("|legal-status|")).count() > 100,
        "the legal status moved for many children"
    );
    out.extend(trail);
    for after in rows("SELECT after FROM audit WHERE entity IN ('events', 'legal-status') ORDER BY ref, id") {
        let mut after: serde_json::Value = serde_json::from_str(&after).unwrap();
        for event in after["events"].as_array_mut().into_iter().flatten() {
            event.as_object_mut().unwrap().remove("id");
        }
        out.push(after.to_string());
    }
    out
}

/// A child new to the record has their history written the quick way
/// (`Writer::apply_new_history`: one statement an event, the legal status
/// worked out once from the events in order); a child already on the
/// record, the careful way, event by event. The same files must record
/// the same either way: here every child first comes from their Header
/// row alone (an earlier import with no episodes), so that the full
/// files then take the careful path for every one of them.
#[test]
fn a_new_childs_history_is_recorded_as_a_child_already_on_record_has_it() {
    let quick = Setup::new();
    let folder = quick.authority(20, 300);
    let first = quick.import(&folder, false);
    assert!(first.status.success(), "{}", stderr(&first));

    let careful = Setup::new();
    let headers = careful.dir.path().join("headers");
    std::fs::create_dir_all(&headers).unwrap();
    std::fs::copy(folder.join("Header.csv"), headers.join("Header.csv")).unwrap();
    let episodes = std::fs::read_to_string(folder.join("Episodes.csv")).unwrap();
    let columns = episodes.lines().next().unwrap();
    std::fs::write(headers.join("Episodes.csv"), format!("{columns}\n")).unwrap();
    let out = careful.import(&headers, false);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(summary(&out).contains("0 events recorded"), "{}", summary(&out));
    let out = careful.import(&folder, false);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        summary(&out).starts_with("300 children: 0 created"),
        "{}",
        summary(&out)
    );

    let (quick, careful) = (recorded(&quick.db), recorded(&careful.db));
    assert!(quick.len() > 3_000, "{}", quick.len());
    for (q, c) in quick.iter().zip(&careful) {
        assert_eq!(q, c);
    }
    assert_eq!(quick.len(), careful.len());
}
