//! The stored row's text read back as written, whatever the names hold;
//! anything else refused; and its reads through their indexes.

use super::*;
use crate::Store;
use crate::tests::query_plan;

fn d(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

fn facts() -> CohortFacts {
    CohortFacts {
        carers: vec![
            Carer {
                name: "Back\\slash\tTab".into(),
                relationship: "Line\nfeed".into(),
                connected_person: true,
            },
            Carer {
                name: "Plain".into(),
                relationship: String::new(),
                connected_person: false,
            },
        ],
        plans: vec![Plan {
            id: PlanId(7),
            pathway: "special-guardianship".into(),
            role: PlanRole::Primary,
            start: d("2026-01-02"),
            stage: Stage::Proceedings,
            status: PlanStatus::Active,
            // Not the default, so that its reading back is tested.
            basis: PlanBasis::ssda903(d("2026-12-07")),
        }],
        events: vec![RecordedEvent {
            event: EVENTS_USED[0],
            on: d("2025-12-31"),
        }],
    }
}

#[test]
fn a_row_reads_back_as_written_whatever_its_names_hold() {
    let facts = facts();
    let text = encode(&facts);
    assert_eq!(text.lines().count(), 4, "one line an entry: {text:?}");
    assert_eq!(decode(&text), Some(facts));
    assert_eq!(decode(""), Some(CohortFacts::default()));
}

#[test]
fn a_row_that_cannot_be_read_is_refused_not_guessed() {
    let text = encode(&facts());
    for broken in [
        text.replace("2026-01-02", "2026-13-02"),
        text.replace("\t1\n", "\tyes\n"),
        text.replace("primary", "leading"),
        text.replace("p\t7", "p\tseven"),
        text.replace("\\\\", "\\x"),
        format!("{text}x\tsomething\n"),
    ] {
        assert_eq!(decode(&broken), None, "{broken:?}");
    }
}

#[test]
fn the_rows_are_read_through_each_tables_index_by_child() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("q.db")).unwrap();
    for (sql, search) in [
        (
            CARERS_IN,
            "SEARCH l USING PRIMARY KEY (child_id>? AND child_id<?)",
        ),
        (
            PLANS_IN,
            "SEARCH plans USING INDEX plans_by_child (child_id>? AND child_id<?)",
        ),
        (
            events_in_sql().as_str(),
            "SEARCH events USING COVERING INDEX events_one_current (child_id>? AND child_id<?)",
        ),
    ] {
        let found = query_plan(&store, sql);
        let first = found.lines().next().unwrap_or_default();
        assert_eq!(first, search, "{sql}\n{found}");
        assert!(!found.contains("TEMP B-TREE"), "no sort: {sql}\n{found}");
        for other in found.lines().skip(1) {
            assert!(
                other.starts_with("SEARCH") && other.contains("PRIMARY KEY"),
                "{sql}\n{found}"
            );
        }
    }
}

proptest::proptest! {
    /// Any names at all (backslashes, tabs, line ends, carriage returns,
    /// characters of several bytes, nothing) read back as written.
    #[test]
    fn any_carers_names_read_back_as_written(
        names in proptest::collection::vec(("[a\\\\\t\n\r\u{e9} ]{0,6}", "[b\\\\\t\n\r ]{0,6}", proptest::bool::ANY), 0..4)
    ) {
        let mut facts = facts();
        facts.carers = names
            .into_iter()
            .map(|(name, relationship, connected_person)| Carer { name, relationship, connected_person })
            .collect();
        proptest::prop_assert_eq!(decode(&encode(&facts)), Some(facts));
    }
}
