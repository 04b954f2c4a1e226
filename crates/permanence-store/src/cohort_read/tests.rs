//! The bulk reads' query plans: each table read once, in an index's
//! order, with no sort.

use super::*;

use crate::tests::query_plan as plan;

#[test]
fn the_bulk_reads_scan_each_table_once_in_an_index_order() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("q.db")).unwrap();
    let events = events_sql(permanence_domain::cohort::EVENTS_USED.len());
    let expected = [
        // In id order, as every other table is read: the table itself.
        (CHILDREN, "SCAN c"),
        // The stored rows of carers, plans and events looked up by key.
        (CHILDREN_STORED, "SCAN c"),
        (
            CASELOAD_ORDER,
            "SCAN children USING COVERING INDEX children_in_caseload_order",
        ),
        (CARERS, "SCAN l"),
        (PLANS, "SCAN plans USING INDEX plans_by_child"),
        (ACTIVE_PLANS, "SCAN plans USING INDEX plans_by_child"),
        (HEADS, "SCAN stored_timelines"),
        (STALE, "SCAN stale_timelines"),
        // The index of standing events holds all it reads: no row is read.
        (
            events.as_str(),
            "SCAN events USING COVERING INDEX events_one_current",
        ),
        (ITEMS_IN_CHILD_ORDER, "SCAN i USING INDEX stored_items_by_child"),
        (SUMMARIES, "SCAN s"),
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
