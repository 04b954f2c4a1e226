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
            "SEARCH c USING INTEGER PRIMARY KEY (rowid>? AND rowid<?)",
        ),
        // The stored rows of carers, plans and events looked up by key.
        (
            CHILDREN_STORED,
            "SEARCH c USING INTEGER PRIMARY KEY (rowid>? AND rowid<?)",
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
            SUMMARIES,
            "SEARCH s USING INTEGER PRIMARY KEY (rowid>? AND rowid<?)",
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
