//! The record form's use cases against a real database: the import's
//! checks on the form, legal status changes as dated events, and a save
//! from a stale version refused with both sides.

use super::*;
use crate::domain::form;
use crate::domain::people::{Role, Worker};
use crate::domain::plan::{PlanRole, Stage};
use crate::domain::plan_import::PlanRow;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

const TODAY: (i32, u32, u32) = (2026, 12, 6);

fn when() -> (NaiveDate, DateStyle) {
    (day(TODAY.0, TODAY.1, TODAY.2), DateStyle::DayMonthYear)
}

/// The record form's save, as the user allowed to edit any child makes it
/// today, against the record as `seen`.
fn edit(
    store: &mut Store,
    library: &Library,
    child: ChildId,
    seen: &Seen,
    def: &FormDef,
    data: &FormData,
) -> Result<EditPlan, RecordError> {
    edit_record(store, library, child, seen, (def, data), &allowed, when())
}

fn allowed(_: Action, _: Option<ChildScope<'_>>) -> Result<(), Refusal> {
    Ok(())
}

fn library() -> Library {
    Library::load(None).unwrap()
}

/// The answers typed into the form, field by field.
fn answers(def: &FormDef, typed: &[(&str, &str)]) -> FormData {
    let mut data = FormData::default();
    for field in def.fields().filter(|f| f.kind != form::FieldKind::Table) {
        let text = typed
            .iter()
            .find(|(id, _)| *id == field.id)
            .map_or("", |(_, t)| *t);
        data.set(&field.id, form::parse_input(field, text, when().0).unwrap());
    }
    data
}

fn store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("record.db")).unwrap();
    store
        .write(|w| {
            w.put_worker(&Worker {
                username: "alice".into(),
                display_name: "Alice Smith".into(),
                role: Role::SocialWorker,
                team: Some("North".into()),
            })
        })
        .unwrap();
    (dir, store)
}

const AMARA: [(&str, &str); 6] = [
    ("ref", "A1"),
    ("given_name", "Amara"),
    ("family_name", "Okafor"),
    ("date_of_birth", "01/03/2022"),
    ("worker", "Alice Smith"),
    ("team", "North"),
];

#[test]
fn a_good_child_is_added_with_their_worker_as_a_username() {
    let (_dir, mut store) = store();
    let library = library();
    let def = library.record.clone().unwrap();
    let data = answers(&def, &AMARA);
    let id = add_child(&mut store, &library, &def, &data, &allowed, when()).unwrap();
    let saved = store.child_detail(id).unwrap().unwrap().fields;
    assert_eq!(saved.full_name(), "Amara Okafor");
    assert_eq!(saved.worker.as_deref(), Some("alice"));
    assert_eq!(saved.date_of_birth, Some(day(2022, 3, 1)));
}

#[test]
fn a_duplicate_reference_or_a_bad_date_is_refused_naming_the_field() {
    let (_dir, mut store) = store();
    let library = library();
    let def = library.record.clone().unwrap();
    add_child(
        &mut store,
        &library,
        &def,
        &answers(&def, &AMARA),
        &allowed,
        when(),
    )
    .unwrap();
    let again = answers(
        &def,
        &[("ref", "A1"), ("given_name", "Leo"), ("family_name", "Hughes")],
    );
    let refused = add_child(&mut store, &library, &def, &again, &allowed, when()).unwrap_err();
    let RecordError::Invalid(problems) = &refused else {
        panic!("{refused:?}");
    };
    assert_eq!(problems[0].field, "ref");
    assert_eq!(
        refused.to_string(),
        "ref: A1 is already the reference of another child; no two children share one"
    );
    // A date the import refuses, in the import's words: a looked-after
    // date before the child was born.
    let early = answers(
        &def,
        &[
            ("ref", "B2"),
            ("given_name", "Leo"),
            ("family_name", "Hughes"),
            ("date_of_birth", "01/01/2020"),
            ("looked_after_since", "01/01/2019"),
        ],
    );
    let refused = add_child(&mut store, &library, &def, &early, &allowed, when()).unwrap_err();
    assert_eq!(
        refused.to_string(),
        "looked_after_since: 01/01/2019 is before the date of birth 01/01/2020"
    );
    let nobody = answers(
        &def,
        &[
            ("ref", "C3"),
            ("given_name", "Zoë"),
            ("family_name", "Jones"),
            ("worker", "Bob"),
        ],
    );
    let refused = add_child(&mut store, &library, &def, &nobody, &allowed, when()).unwrap_err();
    assert!(
        refused
            .to_string()
            .starts_with("worker: Bob is not a user of this database")
    );
    assert_eq!(store.count_children().unwrap(), 1, "nothing refused was written");
}

#[test]
fn a_user_who_may_not_is_refused_with_the_rules_words() {
    let (_dir, mut store) = store();
    let library = library();
    let def = library.record.clone().unwrap();
    let refuse = |_: Action, _: Option<ChildScope<'_>>| Err(Refusal("Only a team manager can".into()));
    let refused = add_child(
        &mut store,
        &library,
        &def,
        &answers(&def, &AMARA),
        &refuse,
        when(),
    )
    .unwrap_err();
    assert_eq!(refused.to_string(), "Only a team manager can");
    assert_eq!(store.count_children().unwrap(), 0);
}

/// Amara, added with no order, on a permanent fostering plan started
/// 14/10/2026.
fn amara_with_plan(store: &mut Store, library: &Library, def: &FormDef) -> ChildId {
    let id = add_child(store, library, def, &answers(def, &AMARA), &allowed, when()).unwrap();
    store
        .write(|w| {
            let row = PlanRow {
                line: 2,
                reference: "A1".into(),
                pathway: "permanent-fostering".into(),
                role: PlanRole::Primary,
                start: day(2026, 10, 14),
                stage: Stage::LookedAfter,
                basis: Default::default(),
            };
            w.put_plan(id, &row).map(|_| ())
        })
        .unwrap();
    id
}

fn seen(store: &Store, child: ChildId) -> Seen {
    Seen {
        version: store.child_version(child).unwrap().unwrap(),
        fields: store.child_detail(child).unwrap().unwrap().fields,
        carers: store.child_detail(child).unwrap().unwrap().carers,
    }
}

fn with(extra: &[(&'static str, &'static str)]) -> Vec<(&'static str, &'static str)> {
    let mut typed = AMARA.to_vec();
    typed.extend_from_slice(extra);
    typed
}

#[test]
fn becoming_accommodated_is_an_event_on_its_date_and_the_timeline_moves() {
    let (_dir, mut store) = store();
    let library = library();
    let def = library.record.clone().unwrap();
    let child = amara_with_plan(&mut store, &library, &def);
    let before = seen(&store, child);
    // Without the date it changed on, it is asked for, on that field.
    let undated = answers(&def, &with(&[("legal_status", "s20")]));
    let asked = plan_edit(&store, &library, &def, child, &undated, when()).unwrap_err();
    assert_eq!(
        asked.to_string(),
        "legal_status_since: the legal status changes to s20: on what date?"
    );
    let data = answers(
        &def,
        &with(&[("legal_status", "s20"), ("legal_status_since", "19/08/2026")]),
    );
    let plan = plan_edit(&store, &library, &def, child, &data, when()).unwrap();
    assert_eq!(plan.after.looked_after_since, Some(day(2026, 8, 19)));
    assert_eq!(
        plan.events,
        [Change::Record {
            event: Event::LookedAfter,
            on: day(2026, 8, 19),
            note: Some("recorded from the child's record".into())
        }]
    );
    assert!(
        !plan.moves.is_empty(),
        "becoming looked after starts the review clock"
    );
    let lines = plan.lines(&def, DateStyle::DayMonthYear);
    assert_eq!(
        lines[0], "Legal status none \u{2192} s20",
        "named by the form's label"
    );
    assert!(lines.iter().any(|l| l.contains("on 19/08/2026")), "{lines:?}");
    let moved = store.timeline_facts(child).unwrap();
    assert!(moved.events.is_empty(), "planning writes nothing");
    edit(&mut store, &library, child, &before, &def, &data).unwrap();
    let facts = store.timeline_facts(child).unwrap();
    assert!(
        facts
            .events
            .iter()
            .any(|e| e.event == Event::LookedAfter && e.on == day(2026, 8, 19))
    );
    assert_eq!(facts.child.looked_after_since, Some(day(2026, 8, 19)));
}

#[test]
fn an_order_made_is_recorded_as_that_order_on_its_date() {
    let (_dir, mut store) = store();
    let library = library();
    let def = library.record.clone().unwrap();
    let child = amara_with_plan(&mut store, &library, &def);
    let before = seen(&store, child);
    let data = answers(
        &def,
        &with(&[
            ("legal_status", "co"),
            ("legal_status_since", "20/11/2026"),
            ("looked_after_since", "19/08/2026"),
        ]),
    );
    let plan = edit(&mut store, &library, child, &before, &def, &data).unwrap();
    assert_eq!(plan.changes[0].to_string(), "legal_status none \u{2192} co");
    let facts = store.timeline_facts(child).unwrap();
    assert!(
        facts
            .events
            .iter()
            .any(|e| e.event == Event::CareOrder && e.on == day(2026, 11, 20))
    );
    assert!(
        facts
            .events
            .iter()
            .any(|e| e.event == Event::LookedAfter && e.on == day(2026, 8, 19))
    );
    let saved = store.child_detail(child).unwrap().unwrap().fields;
    assert_eq!(saved.legal_status, LegalStatus::Co);
    // A date in the future is refused in the corrections' words.
    let again = seen(&store, child);
    let ahead = answers(
        &def,
        &with(&[("legal_status", "sgo"), ("legal_status_since", "01/01/2027")]),
    );
    let refused = edit(&mut store, &library, child, &again, &def, &ahead).unwrap_err();
    assert_eq!(
        refused.to_string(),
        "01/01/2027 is in the future; record what has happened"
    );
    let RecordError::Invalid(problems) = &refused else {
        panic!("{refused:?}");
    };
    assert_eq!(
        problems[0].field, "legal_status_since",
        "said on the date's field"
    );
}

#[test]
fn a_save_from_a_stale_version_returns_both_sides_and_writes_nothing() {
    let (_dir, mut store) = store();
    let library = library();
    let def = library.record.clone().unwrap();
    let child = amara_with_plan(&mut store, &library, &def);
    let before = seen(&store, child);
    // Someone else renames her and changes the RAG meanwhile.
    let mut theirs = before.fields.clone();
    theirs.family_name = "Okafor-Jones".into();
    theirs.rag = Some(crate::domain::child::Rag::Red);
    store.write(|w| w.put_child(&theirs)).unwrap();
    let mut typed = AMARA.to_vec();
    typed.retain(|(id, _)| *id != "family_name");
    typed.push(("family_name", "Okafor-Smith"));
    let data = answers(&def, &typed);
    let refused = edit(&mut store, &library, child, &before, &def, &data).unwrap_err();
    let RecordError::Conflict(conflict) = &refused else {
        panic!("{refused:?}");
    };
    assert_eq!(conflict.by, "system", "who changed it, from the audit trail");
    let sides: Vec<(&str, &str, &str, &str)> = conflict
        .fields
        .iter()
        .map(|s| {
            (
                s.column.name(),
                s.was.as_str(),
                s.theirs.as_str(),
                s.mine.as_str(),
            )
        })
        .collect();
    assert_eq!(
        sides,
        [
            ("family_name", "Okafor", "Okafor-Jones", "Okafor-Smith"),
            ("rag", "(blank)", "red", "(blank)"),
        ]
    );
    assert_eq!(
        store.child_detail(child).unwrap().unwrap().fields,
        theirs,
        "nothing was written"
    );
    // Saved again against theirs, it goes through.
    edit(&mut store, &library, child, &conflict.now, &def, &data).unwrap();
    assert_eq!(
        store.child_detail(child).unwrap().unwrap().fields.family_name,
        "Okafor-Smith"
    );
}

/// The carers table's rows: (name, relationship, connected person).
fn carer_rows(data: &mut FormData, rows: &[(&str, &str, Option<bool>)]) {
    use crate::domain::form::FieldValue;
    let rows = rows
        .iter()
        .map(|(name, relationship, connected)| {
            vec![
                FieldValue::Text((*name).to_string()),
                FieldValue::Text((*relationship).to_string()),
                connected.map_or(FieldValue::Empty, FieldValue::YesNo),
            ]
        })
        .collect();
    data.set("carers", FieldValue::Rows(rows));
}

fn carer_names(store: &Store, child: ChildId) -> Vec<String> {
    store
        .child_carers(child)
        .unwrap()
        .into_iter()
        .map(|(_, c)| c.name)
        .collect()
}

#[test]
fn carers_are_added_linked_and_taken_off_in_the_records_own_save_audited() {
    let (_dir, mut store) = store();
    let library = library();
    let def = library.record.clone().unwrap();
    let mut data = answers(&def, &AMARA);
    carer_rows(&mut data, &[("Grace Okafor", "Maternal grandmother", Some(true))]);
    let child = add_child(&mut store, &library, &def, &data, &allowed, when()).unwrap();
    assert_eq!(carer_names(&store, child), ["Grace Okafor"]);
    // A carer known from a sibling's record, picked by name alone.
    store
        .write(|w| {
            w.new_carer_of(
                child,
                &Carer {
                    name: "Sam Foster".into(),
                    relationship: "Foster carer".into(),
                    connected_person: false,
                },
            )?;
            let id = w
                .child_carers(child)?
                .into_iter()
                .find(|(_, c)| c.name == "Sam Foster")
                .unwrap()
                .0;
            w.unlink_carer(child, id)
        })
        .unwrap();
    let before = seen(&store, child);
    let audited = store.audit_entries(Some("A1")).unwrap().len();
    let mut data = answers(&def, &with(&[("rag", "amber")]));
    carer_rows(&mut data, &[("sam foster", "", None)]);
    let plan = plan_edit(&store, &library, &def, child, &data, when()).unwrap();
    let lines = plan.lines(&def, when().1);
    assert!(
        lines.contains(&"Carers: Sam Foster (Foster carer) added".to_string()),
        "{lines:?}"
    );
    assert!(
        lines.contains(
            &"Carers: Grace Okafor (Maternal grandmother, connected person) taken off this child's record"
                .to_string()
        ),
        "{lines:?}"
    );
    edit(&mut store, &library, child, &before, &def, &data).unwrap();
    assert_eq!(carer_names(&store, child), ["Sam Foster"]);
    assert_eq!(
        store.child_detail(child).unwrap().unwrap().fields.rag,
        Some(crate::domain::child::Rag::Amber)
    );
    let entries = store.audit_entries(Some("A1")).unwrap();
    let new: Vec<&str> = entries[audited..].iter().map(|e| e.entity.as_str()).collect();
    assert!(
        new.contains(&"child") && new.iter().filter(|e| **e == "child_carer").count() == 2,
        "{new:?}"
    );
    assert!(store.child_version(child).unwrap().unwrap() > before.version);
    // Grace is still known (a sibling may live with her): only unlinked.
    assert!(
        store
            .known_carers()
            .unwrap()
            .iter()
            .any(|(_, c)| c.name == "Grace Okafor")
    );
}

#[test]
fn a_new_carer_needs_a_relationship_and_whether_they_are_connected() {
    let (_dir, store) = store();
    let library = library();
    let def = library.record.clone().unwrap();
    let mut data = answers(&def, &AMARA);
    carer_rows(&mut data, &[("Nobody Known", "", Some(true))]);
    let refused = plan_add(&store, &library, &def, &data, when()).unwrap_err();
    let RecordError::Invalid(problems) = &refused else {
        panic!("{refused:?}");
    };
    assert_eq!(problems[0].field, "carers");
    assert!(
        problems[0]
            .message
            .contains("Nobody Known is not a carer known here"),
        "{refused}"
    );
}

#[test]
fn someone_elses_change_of_carers_is_a_conflict_with_both_sides() {
    let (_dir, mut store) = store();
    let library = library();
    let def = library.record.clone().unwrap();
    let mut data = answers(&def, &AMARA);
    carer_rows(&mut data, &[("Grace Okafor", "Maternal grandmother", Some(true))]);
    let child = add_child(&mut store, &library, &def, &data, &allowed, when()).unwrap();
    let before = seen(&store, child);
    // Someone else takes Grace off meanwhile: only the carers change.
    let grace = store.child_carers(child).unwrap()[0].0;
    store.write(|w| w.unlink_carer(child, grace)).unwrap();
    let mut mine = answers(&def, &AMARA);
    carer_rows(
        &mut mine,
        &[
            ("Grace Okafor", "", None),
            ("Tom Okafor", "Maternal uncle", Some(true)),
        ],
    );
    let refused = edit(&mut store, &library, child, &before, &def, &mine).unwrap_err();
    let RecordError::Conflict(conflict) = &refused else {
        panic!("{refused:?}");
    };
    let carers = conflict.carers.as_ref().expect("the carers differ");
    assert_eq!(
        carers.was,
        "Grace Okafor (Maternal grandmother, connected person)"
    );
    assert_eq!(carers.theirs, "none");
    assert_eq!(
        carers.mine,
        "Grace Okafor (Maternal grandmother, connected person); Tom Okafor (Maternal uncle, connected person)"
    );
    assert!(carer_names(&store, child).is_empty(), "nothing was written");
    assert!(conflict.now.carers.is_empty());
    // Saved again against theirs, the user's carers go through.
    edit(&mut store, &library, child, &conflict.now, &def, &mine).unwrap();
    assert_eq!(carer_names(&store, child), ["Grace Okafor", "Tom Okafor"]);
}

#[test]
fn a_child_added_under_an_ico_has_the_ico_on_their_history_and_an_sgo_recorded_later_moves_the_record() {
    let (_dir, mut store) = store();
    let library = library();
    let def = library.record.clone().unwrap();
    let data = answers(
        &def,
        &with(&[("legal_status", "ico"), ("legal_status_since", "05/01/2026")]),
    );
    let plan = plan_add(&store, &library, &def, &data, when()).unwrap();
    let lines = plan.lines(&def, DateStyle::DayMonthYear);
    assert!(
        lines.contains(&"Legal status changes: None \u{2192} ICO (from 05/01/2026)".to_string()),
        "{lines:?}"
    );
    let child = add_child(&mut store, &library, &def, &data, &allowed, when()).unwrap();
    let facts = store.timeline_facts(child).unwrap();
    let on = |event| facts.events.iter().find(|e| e.event == event).map(|e| e.on);
    assert_eq!(on(Event::InterimCareOrder), Some(day(2026, 1, 5)));
    assert_eq!(
        on(Event::LookedAfter),
        Some(day(2026, 1, 5)),
        "an ICO makes the child looked after"
    );
    assert_eq!(facts.child.legal_status, LegalStatus::Ico);
    // An SGO recorded as an event (the timeline's e, `permanence record`)
    // is an order made: the record follows, and its undo puts it back.
    let sgo = Change::Record {
        event: Event::SpecialGuardianshipOrder,
        on: day(2026, 11, 20),
        note: None,
    };
    let preview = corrections::preview(&library, &facts, &sgo, when().0, DateStyle::DayMonthYear).unwrap();
    assert_eq!(
        preview.legal[0],
        "Legal status changes: ICO \u{2192} SGO (from 20/11/2026)"
    );
    assert!(preview.legal[1].starts_with("No longer looked after from 20/11/2026"));
    corrections::save_as_seen(&mut store, child, &sgo, None, None).unwrap();
    let detail = store.child_detail(child).unwrap().unwrap();
    assert_eq!(detail.fields.legal_status, LegalStatus::Sgo);
    assert_eq!(detail.legal_since, Some(day(2026, 11, 20)));
    let undo = Change::Withdraw {
        event: Event::SpecialGuardianshipOrder,
        on: day(2026, 11, 20),
    };
    corrections::save_as_seen(
        &mut store,
        child,
        &undo,
        Some("recorded on the wrong child"),
        None,
    )
    .unwrap();
    let detail = store.child_detail(child).unwrap().unwrap();
    assert_eq!(detail.fields.legal_status, LegalStatus::Ico);
    assert_eq!(detail.legal_since, Some(day(2026, 1, 5)));
    // Withdrawing the ICO too leaves the record as it was before any order.
    let undo = Change::Withdraw {
        event: Event::InterimCareOrder,
        on: day(2026, 1, 5),
    };
    corrections::save_as_seen(&mut store, child, &undo, Some("recorded in error"), None).unwrap();
    assert_eq!(
        store.child_detail(child).unwrap().unwrap().fields.legal_status,
        LegalStatus::None
    );
}
