//! The plan use cases against a real store: where a plan counts from,
//! what making a contingency primary keeps, and what closing one does.

use super::*;
use crate::domain::child::{ChildFields, LegalStatus};
use crate::timelines::timeline_of;

const DATES: DateStyle = DateStyle::DayMonthYear;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn today() -> NaiveDate {
    day(2026, 12, 6)
}

/// Amara, looked after since August, with a Legal Gateway decision in
/// 2024 (an earlier plan's) and another on 14 October 2026.
fn amara(store: &mut Store) -> ChildId {
    let child = ChildFields {
        reference: "A1".into(),
        given_name: "Amara".into(),
        family_name: "Okafor".into(),
        date_of_birth: Some(day(2022, 3, 1)),
        legal_status: LegalStatus::Co,
        looked_after_since: Some(day(2026, 8, 19)),
        ..ChildFields::default()
    };
    store
        .write(|w| {
            w.put_child(&child)?;
            let id = w.child_id("A1")?.unwrap();
            w.record_event_noted(id, Event::Gateway, day(2024, 2, 5), None)?;
            w.record_event_noted(id, Event::Gateway, day(2026, 10, 14), None)?;
            Ok::<_, StoreError>(id)
        })
        .unwrap()
}

fn open() -> (tempfile::TempDir, Store, Library, ChildId) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("plans.db")).unwrap();
    let child = amara(&mut store);
    (dir, store, Library::load(None).unwrap(), child)
}

fn start(pathway: &str, role: PlanRole) -> PlanChange {
    PlanChange::Start {
        pathway: pathway.into(),
        role,
        start: None,
        stage: None,
    }
}

/// `pathway` started with `role` from the child's latest Gateway, saved.
fn begin(store: &mut Store, library: &Library, child: ChildId, pathway: &str, role: PlanRole) -> PlanPreview {
    save(store, library, child, &start(pathway, role), today(), DATES).unwrap()
}

/// Amara on a special-guardianship primary plan with an adoption
/// contingency, both started on her Gateway.
fn twin_track() -> (tempfile::TempDir, Store, Library, ChildId) {
    let (dir, mut store, library, child) = open();
    for (pathway, role) in [
        ("special-guardianship", PlanRole::Primary),
        ("adoption", PlanRole::Contingency),
    ] {
        begin(&mut store, &library, child, pathway, role);
    }
    (dir, store, library, child)
}

#[test]
fn a_plan_starts_on_this_childs_latest_gateway_and_a_second_primary_is_refused() {
    let (_dir, mut store, library, child) = open();
    let saved = begin(&mut store, &library, child, "adoption", PlanRole::Primary);
    assert!(
        saved.says.contains("week 1 beginning 14/10/2026"),
        "{}",
        saved.says
    );
    assert!(
        saved.lines[0].starts_with("adoption plan starts: "),
        "{:?}",
        saved.lines
    );
    let plans = store.plans(child).unwrap();
    assert_eq!(plans.len(), 1);
    assert_eq!(
        plans[0].start,
        day(2026, 10, 14),
        "not the 2024 Gateway of an earlier plan"
    );
    assert_eq!(plans[0].stage, Stage::LookedAfter, "the child is looked after");
    let again = save(
        &mut store,
        &library,
        child,
        &start("special-guardianship", PlanRole::Primary),
        today(),
        DATES,
    );
    assert!(
        matches!(&again, Err(PlanError::AlreadyPrimary { existing }) if existing == "adoption"),
        "{again:?}"
    );
    let twice = save(
        &mut store,
        &library,
        child,
        &start("adoption", PlanRole::Contingency),
        today(),
        DATES,
    );
    assert!(
        matches!(twice, Err(PlanError::AlreadyOnPathway { .. })),
        "{twice:?}"
    );
    let unknown = save(
        &mut store,
        &library,
        child,
        &start("fostering-ish", PlanRole::Contingency),
        today(),
        DATES,
    );
    let unknown = unknown.unwrap_err().to_string();
    assert!(
        unknown.starts_with("\"fostering-ish\" is not a pathway (pathways: "),
        "{unknown}"
    );
    assert_eq!(
        store.plans(child).unwrap().len(),
        1,
        "nothing refused was written"
    );
}

#[test]
fn without_a_gateway_a_plan_needs_its_start_given() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("plans.db")).unwrap();
    let library = Library::load(None).unwrap();
    let child = ChildFields {
        reference: "B2".into(),
        given_name: "Ben".into(),
        family_name: "Ash".into(),
        ..ChildFields::default()
    };
    let id = store
        .write(|w| {
            w.put_child(&child)?;
            Ok::<_, StoreError>(w.child_id("B2")?.unwrap())
        })
        .unwrap();
    let refused = save(
        &mut store,
        &library,
        id,
        &start("adoption", PlanRole::Primary),
        today(),
        DATES,
    )
    .unwrap_err();
    assert_eq!(
        refused.to_string(),
        "the Legal Gateway decision is not recorded for this child yet: record it first (a plan's week 1 begins on it), or give the plan's start; nothing was changed"
    );
    let given = PlanChange::Start {
        pathway: "adoption".into(),
        role: PlanRole::Primary,
        start: Some(day(2026, 11, 2)),
        stage: Some(Stage::Proceedings),
    };
    save(&mut store, &library, id, &given, today(), DATES).unwrap();
    let plans = store.plans(id).unwrap();
    assert_eq!(
        (plans[0].start, plans[0].stage),
        (day(2026, 11, 2), Stage::Proceedings)
    );
}

#[test]
fn making_a_contingency_primary_keeps_the_old_primarys_history() {
    let (_dir, mut store, library, child) = open();
    begin(&mut store, &library, child, "reunification", PlanRole::Primary);
    begin(
        &mut store,
        &library,
        child,
        "special-guardianship",
        PlanRole::Contingency,
    );
    let old = store.plans(child).unwrap()[0].clone();
    assert_eq!(old.pathway, "reunification");
    store
        .write(|w| w.mark_done(old.id, "gateway-application", day(2026, 10, 20), None))
        .unwrap();
    let change = PlanChange::MakePrimary {
        pathway: "special-guardianship".into(),
        old: OldPrimary::Close { on: day(2026, 12, 1) },
    };
    let before = preview(
        &library,
        &store.timeline_facts(child).unwrap(),
        &change,
        today(),
        DATES,
    )
    .unwrap();
    assert!(
        before
            .lines
            .iter()
            .any(|l| l.starts_with("reunification plan closes: ")),
        "{:?}",
        before.lines
    );
    assert_eq!(
        store.plans(child).unwrap()[0].pathway,
        "reunification",
        "a preview writes nothing"
    );
    save(&mut store, &library, child, &change, today(), DATES).unwrap();
    let plans = store.plans(child).unwrap();
    let sg = plans
        .iter()
        .find(|p| p.pathway == "special-guardianship")
        .unwrap();
    assert_eq!((sg.role, sg.status), (PlanRole::Primary, PlanStatus::Active));
    let kept = plans.iter().find(|p| p.id == old.id).unwrap();
    assert_eq!(kept.status, PlanStatus::Closed);
    let facts = store.timeline_facts(child).unwrap();
    assert!(
        facts
            .done
            .iter()
            .any(|d| d.plan == old.id && d.key == "gateway-application"),
        "its done marks are kept"
    );
    let closures = store.plan_endings(child).unwrap();
    assert_eq!(closures.len(), 1);
    assert_eq!(
        (closures[0].on, closures[0].ending),
        (day(2026, 12, 1), PlanEnding::PlanChanged)
    );
    // Kept as a contingency instead, the other way round.
    let back = PlanChange::MakePrimary {
        pathway: "special-guardianship".into(),
        old: OldPrimary::Contingency,
    };
    let refused = save(&mut store, &library, child, &back, today(), DATES);
    assert!(matches!(refused, Err(PlanError::IsPrimary { .. })), "{refused:?}");
}

#[test]
fn a_closed_plan_is_kept_with_its_outcome_and_its_items_stop_being_overdue() {
    let (_dir, mut store, library, child) = open();
    begin(&mut store, &library, child, "adoption", PlanRole::Primary);
    let late = |store: &Store| {
        timeline_of(store, &library, child, day(2027, 6, 1))
            .unwrap()
            .plans
            .iter()
            .flat_map(|p| &p.items)
            .filter(|i| matches!(i.status, Status::Overdue | Status::Breached))
            .count()
    };
    assert!(late(&store) > 0, "an open plan has items overdue by next summer");
    let close = PlanChange::Close {
        pathway: "adoption".into(),
        ending: PlanEnding::Ceased,
        on: day(2026, 12, 4),
        contingencies: false,
    };
    let future = PlanChange::Close {
        pathway: "adoption".into(),
        ending: PlanEnding::Ceased,
        on: day(2026, 12, 25),
        contingencies: false,
    };
    let refused = save(&mut store, &library, child, &future, today(), DATES).unwrap_err();
    assert_eq!(
        refused.to_string(),
        "25/12/2026 is in the future; record what has happened"
    );
    save(&mut store, &library, child, &close, today(), DATES).unwrap();
    assert_eq!(late(&store), 0, "a closed plan's items no longer count");
    let plan = &store.plans(child).unwrap()[0];
    assert_eq!(plan.status, PlanStatus::Closed, "the plan is kept, closed");
    let closure = store.plan_endings(child).unwrap()[0];
    assert_eq!(
        (closure.plan, closure.on, closure.ending),
        (plan.id, day(2026, 12, 4), PlanEnding::Ceased)
    );
    let shown = with_closed(
        &store,
        &library,
        child,
        timeline_of(&store, &library, child, today()).unwrap(),
        DATES,
    )
    .unwrap();
    let closed = &shown.plans[0];
    assert!(closed.items.is_empty(), "its items no longer count");
    assert_eq!(
        closed.title.as_deref(),
        Some("Good Practice Permanence (Adoption) \u{b7} closed 04/12/2026 (ceased)")
    );
    let again = save(&mut store, &library, child, &close, today(), DATES).unwrap_err();
    assert_eq!(
        again.to_string(),
        "the adoption plan is already closed; nothing was changed"
    );
}

#[test]
fn closing_the_primary_with_an_order_says_the_contingency_stays_open() {
    let (_dir, store, library, child) = twin_track();
    let facts = store.timeline_facts(child).unwrap();
    let close = |pathway: &str, ending| PlanChange::Close {
        pathway: pathway.into(),
        ending,
        on: day(2026, 12, 4),
        contingencies: false,
    };
    let order = preview(
        &library,
        &facts,
        &close("special-guardianship", PlanEnding::OrderMade),
        today(),
        DATES,
    )
    .unwrap();
    assert!(
        order
            .says
            .contains("The contingency adoption plan stays open and its items go on counting"),
        "{}",
        order.says
    );
    let ceased = preview(
        &library,
        &facts,
        &close("special-guardianship", PlanEnding::Ceased),
        today(),
        DATES,
    )
    .unwrap();
    assert!(!ceased.says.contains("stays open"), "{}", ceased.says);
    let contingency = preview(
        &library,
        &facts,
        &close("adoption", PlanEnding::OrderMade),
        today(),
        DATES,
    )
    .unwrap();
    assert!(!contingency.says.contains("stays open"), "{}", contingency.says);
}

#[test]
fn a_second_plan_says_the_ppms_become_monthly_and_closing_it_says_they_go_back() {
    let (_dir, mut store, library, child) = open();
    let first = begin(
        &mut store,
        &library,
        child,
        "special-guardianship",
        PlanRole::Primary,
    );
    assert!(!first.says.contains("monthly"), "{}", first.says);
    let second = begin(&mut store, &library, child, "adoption", PlanRole::Contingency);
    assert!(
        second
            .says
            .contains("Permanence Planning Meetings become monthly while more than one plan is active"),
        "{}",
        second.says
    );
    let close = PlanChange::Close {
        pathway: "adoption".into(),
        ending: PlanEnding::Ceased,
        on: day(2026, 12, 4),
        contingencies: false,
    };
    let closed = save(&mut store, &library, child, &close, today(), DATES).unwrap();
    assert!(
        closed.says.contains("go back to at least every 6 weeks"),
        "{}",
        closed.says
    );
}

#[test]
fn closing_the_primary_says_where_the_reviews_go_and_the_timeline_follows_them_there() {
    let (_dir, mut store, library, child) = twin_track();
    let close = |pathway: &str| PlanChange::Close {
        pathway: pathway.into(),
        ending: PlanEnding::PlanChanged,
        on: day(2026, 12, 4),
        contingencies: false,
    };
    let closed = save(
        &mut store,
        &library,
        child,
        &close("special-guardianship"),
        today(),
        DATES,
    )
    .unwrap();
    assert!(
        closed
            .says
            .contains("the case reviews, visits and PPMs are followed on the adoption plan"),
        "{}",
        closed.says
    );
    let adoption = closed
        .after
        .plans
        .iter()
        .find(|p| p.plan.pathway == "adoption")
        .unwrap();
    assert!(
        adoption
            .items
            .iter()
            .any(|i| i.key == "first-ppm" && i.deadline.is_some()),
        "the remaining plan follows the PPMs: {:?}",
        adoption.items.iter().map(|i| &i.key).collect::<Vec<_>>()
    );
    let last = preview(
        &library,
        &store.timeline_facts(child).unwrap(),
        &close("adoption"),
        today(),
        DATES,
    )
    .unwrap();
    assert!(last.says.contains("No active plan remains"), "{}", last.says);
}

#[test]
fn closing_the_primary_with_an_order_can_close_the_contingency_too_on_the_orders_date() {
    let (_dir, mut store, library, child) = twin_track();
    let facts = store.timeline_facts(child).unwrap();
    let sg = facts
        .plans
        .iter()
        .find(|p| p.role == PlanRole::Primary)
        .unwrap()
        .clone();
    assert_eq!(order_made_on(&facts, sg.start), None, "no order recorded: today");
    store
        .write(|w| w.record_event(child, Event::SpecialGuardianshipOrder, day(2026, 12, 2)))
        .unwrap();
    let facts = store.timeline_facts(child).unwrap();
    let on = order_made_on(&facts, sg.start).expect("the order's date");
    assert_eq!(on, day(2026, 12, 2));
    assert_eq!(
        open_contingencies(&facts, &sg, PlanEnding::OrderMade)
            .iter()
            .map(|p| p.pathway.as_str())
            .collect::<Vec<_>>(),
        ["adoption"]
    );
    let close = PlanChange::Close {
        pathway: "special-guardianship".into(),
        ending: PlanEnding::OrderMade,
        on,
        contingencies: true,
    };
    let said = save(&mut store, &library, child, &close, today(), DATES).unwrap();
    assert!(
        said.says
            .contains("The contingency adoption plan closes too on 02/12/2026 (ceased)"),
        "{}",
        said.says
    );
    let facts = store.timeline_facts(child).unwrap();
    assert!(
        facts.plans.iter().all(|p| p.status == PlanStatus::Closed),
        "both closed in one save: {:?}",
        facts.plans
    );
}
