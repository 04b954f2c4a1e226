//! The bulk reads' query plans: each table read once, in an index's
//! order, with no sort; the caseload's reads from one id to another (a
//! half of the caseload, read at once with the other) by a search of
//! that index rather than a scan of the whole.

use super::*;

use crate::tests::query_plan as plan;

#[test]
fn the_bulk_reads_scan_each_table_once_in_an_index_order() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("q.db")).unwrap();
    let events = events_sql(permanence_domain::cohort::EVENTS_USED.len());
    let expected = [
        // In id order, as every other table is read: the table itself.
        (
            CHILDREN,
            "SEARCH children USING INTEGER PRIMARY KEY (rowid>? AND rowid<?)",
        ),
        // The stored rows of carers, plans and events, in the same order.
        (
            STORED_FACTS,
            "SEARCH stored_cohort USING INTEGER PRIMARY KEY (rowid>? AND rowid<?)",
        ),
        (
            CASELOAD_ORDER,
            "SCAN children USING COVERING INDEX children_in_caseload_order",
        ),
        (CARERS, "SEARCH l USING PRIMARY KEY (child_id>? AND child_id<?)"),
        (
            PLANS,
            "SEARCH plans USING INDEX plans_by_child (child_id>? AND child_id<?)",
        ),
        (ACTIVE_PLANS, "SCAN plans USING INDEX plans_by_child"),
        (HEADS, "SCAN stored_timelines"),
        (STALE, "SCAN stale_timelines"),
        (
            STALE_BETWEEN,
            "SEARCH stale_timelines USING INTEGER PRIMARY KEY (rowid>? AND rowid<?)",
        ),
        // The index of standing events holds all it reads: no row is read.
        (
            events.as_str(),
            "SEARCH events USING COVERING INDEX events_one_current (child_id>? AND child_id<?)",
        ),
        (ITEMS_IN_CHILD_ORDER, "SCAN i USING INDEX stored_items_by_child"),
        (
            SUMMARY_HEADS,
            "SEARCH stored_timelines USING INTEGER PRIMARY KEY (rowid>? AND rowid<?)",
        ),
        (
            SUMMARY_SPANS,
            "SEARCH stored_summaries USING INTEGER PRIMARY KEY (rowid>? AND rowid<?)",
        ),
        (TITLES, "SCAN stored_titles"),
    ];
    for (sql, scan) in expected {
        let found = plan(&store, sql);
        let first = found.lines().next().unwrap_or_default();
        assert!(first.starts_with(scan), "{sql}\n{found}");
        assert!(!found.contains("TEMP B-TREE"), "no sort: {sql}\n{found}");
        // Anything joined is looked up by its key, never scanned.
        for other in found.lines().skip(1) {
            assert!(other.starts_with("SEARCH"), "{sql}\n{found}");
            assert!(other.contains("PRIMARY KEY"), "{sql}\n{found}");
        }
    }
}

/// Where the caseload is split in two, the first and last ids are each
/// found at one end of the table's key: no child is read to find them.
#[test]
fn the_halfway_child_is_found_from_the_ends_of_the_key() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("q.db")).unwrap();
    let found = plan(&store, ID_ENDS);
    assert_eq!(found.matches("SEARCH children").count(), 2, "{found}");
    assert!(!found.contains("SCAN children"), "{found}");
    assert_eq!(store.halfway_child(2).unwrap(), None, "no children");
    // Ids 5 to 14: ten, split at the sixth; a gap only makes it uneven.
    for id in (5..=14).filter(|id| *id != 7) {
        store
            .conn
            .execute(
                "INSERT INTO children (id, ref, given_name, family_name) VALUES (?1, ?1, 'A', 'B')",
                [id],
            )
            .unwrap();
    }
    assert_eq!(store.halfway_child(2).unwrap(), Some(10));
    assert_eq!(store.halfway_child(10).unwrap(), Some(10));
    assert_eq!(store.halfway_child(11).unwrap(), None, "too few to split");
}

/// A user's names are found by id whether the ids run with few gaps (a
/// slot for each) or far apart (searched), and a NULL or unknown id is
/// no one.
#[test]
fn users_are_found_by_id_with_or_without_gaps() {
    for ids in [vec![3, 4, 6, 7], vec![-5, 2, 1_000_000, i64::MAX]] {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch("CREATE TABLE workers (id INTEGER PRIMARY KEY, username TEXT, display_name TEXT)")
            .unwrap();
        for id in &ids {
            conn.execute("INSERT INTO workers VALUES (?1, 'u' || ?1, 'Name ' || ?1)", [id])
                .unwrap();
        }
        let workers = row::Workers::read(&conn).unwrap();
        let of = |id: Option<i64>| {
            conn.query_row("SELECT ?1", [id], |r| {
                Ok(workers.of(r, 0)?.map(|(u, n)| (u.to_string(), n.to_string())))
            })
            .unwrap()
        };
        for id in &ids {
            assert_eq!(
                of(Some(*id)),
                Some((format!("u{id}"), format!("Name {id}"))),
                "{ids:?}"
            );
        }
        for missing in [None, Some(5), Some(0), Some(i64::MIN), Some(999)] {
            assert_eq!(of(missing), None, "{ids:?} {missing:?}");
        }
    }
}
