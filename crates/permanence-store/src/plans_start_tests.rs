//! Moving an imported plan's start to its Legal Gateway decision in the
//! store: the plan is kept (same id, its done marks), the change is
//! audited in the same write, and the child's stored timeline is marked
//! stale by the plans triggers.

use crate::{Store, StoreError};
use chrono::NaiveDate;
use permanence_domain::child::ChildFields;
use permanence_domain::plan::{PlanBasis, PlanRole, Stage, StartFrom};
use permanence_domain::plan_import::PlanRow;
use rusqlite::Connection;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

#[test]
fn a_plan_s_start_moves_in_place_audited_and_its_timeline_goes_stale() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("gateway.db");
    let mut store = Store::open(&path).unwrap();
    let child = ChildFields {
        reference: "A1".into(),
        given_name: "Amara".into(),
        family_name: "Okafor".into(),
        date_of_birth: Some(day(2018, 3, 1)),
        ..ChildFields::default()
    };
    let (id, plan) = store
        .write(|w| {
            w.put_child(&child)?;
            let id = w.child_id("A1")?.unwrap();
            let row = PlanRow {
                line: 2,
                reference: "A1".into(),
                pathway: "adoption".into(),
                role: PlanRole::Primary,
                start: day(2019, 4, 29),
                stage: Stage::LookedAfter,
                basis: PlanBasis::ssda903(day(2026, 12, 6)),
            };
            let (_, plan) = w.put_plan(id, &row)?;
            w.mark_done(plan, "first-ppm", day(2019, 6, 3), None)?;
            Ok::<_, StoreError>((id, plan))
        })
        .unwrap();
    Connection::open(&path)
        .unwrap()
        .execute("DELETE FROM stale_timelines", [])
        .unwrap();
    let before = store.plans(id).unwrap().remove(0);
    let after = before.with_gateway(day(2019, 2, 11), None).unwrap();
    store.write(|w| w.set_plan_start(&before, &after)).unwrap();

    let plans = store.plans(id).unwrap();
    assert_eq!(plans, vec![after.clone()]);
    assert_eq!(plans[0].id, plan);
    assert_eq!(plans[0].basis.start, StartFrom::Gateway);
    assert_eq!(plans[0].basis.record_from, Some(day(2026, 12, 6)));
    let facts = store.timeline_facts(id).unwrap();
    assert_eq!(facts.done.len(), 1, "the done mark stays with the plan");
    assert_eq!(facts.done[0].plan, plan);

    let stale: Vec<i64> = Connection::open(&path)
        .unwrap()
        .prepare("SELECT child_id FROM stale_timelines")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(stale, vec![id.0]);

    let entries = store.audit_entries(Some("A1")).unwrap();
    let last = entries.iter().rev().find(|e| e.entity == "plan").unwrap();
    assert_eq!(last.action, "update");
    let changed = last.after.as_deref().unwrap();
    assert!(
        changed.contains("2019-02-11") && changed.contains("\"gateway\""),
        "{changed}"
    );
    let was = last.before.as_deref().unwrap();
    assert!(
        was.contains("2019-04-29") && was.contains("period-of-care"),
        "{was}"
    );
}
