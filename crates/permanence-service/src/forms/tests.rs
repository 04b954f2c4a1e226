//! The route's use cases as the Forms tab and `form sign` call them: each
//! step and each refusal, acted by the users the route names.

use super::*;
use crate::domain::child::ChildFields;
use crate::domain::money::Pence;
use crate::domain::people::{Role, Worker};
use crate::store::Actor;
use std::path::Path;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

const TODAY: (i32, u32, u32) = (2026, 12, 6);

fn today() -> NaiveDate {
    day(TODAY.0, TODAY.1, TODAY.2)
}

fn worker(username: &str, role: Role, team: Option<&str>) -> Worker {
    Worker {
        username: username.into(),
        display_name: username.to_uppercase(),
        role,
        team: team.map(Into::into),
    }
}

fn as_user(path: &Path, user: &str) -> Store {
    Store::open_as(
        path,
        Actor {
            user: user.into(),
            os_user: user.into(),
        },
    )
    .unwrap()
}

/// A database with an administrator, a worker and managers, and Amara
/// (A1, North team, the worker's) with a financial request submitted by
/// her worker: returns the request's id.
fn setup(path: &Path, library: &Library, request: &str, pence: i64) -> (ChildId, i64) {
    let mut store = as_user(path, "admin");
    store
        .write(|w| {
            w.put_worker(&worker("admin", Role::Admin, None))?;
            w.put_worker(&worker("sw", Role::SocialWorker, Some("North")))?;
            w.put_worker(&worker("tm", Role::TeamManager, Some("North")))?;
            w.put_worker(&worker("hos", Role::HeadOfService, None))?;
            w.put_worker(&worker("ad", Role::AssistantDirector, None))?;
            w.put_child(&ChildFields {
                reference: "A1".into(),
                given_name: "Amara".into(),
                family_name: "Okafor".into(),
                date_of_birth: Some(day(2022, 3, 1)),
                worker: Some("sw".into()),
                team: Some("North".into()),
                ..ChildFields::default()
            })
        })
        .unwrap();
    let child = store.child_id("A1").unwrap().unwrap();
    let def = library.form("financial-request").unwrap();
    let mut data = FormData::default();
    data.set("child_name", FieldValue::Text("Amara Okafor".into()));
    data.set("request_type", FieldValue::Choices(vec![request.into()]));
    data.set("amount", FieldValue::Money(Pence(pence)));
    data.set("contract", FieldValue::YesNo(false));
    let json = form::to_json(def, &data);
    let mut sw = as_user(path, "sw");
    let id = sw
        .write(|w| w.add_submitted_form(child, "financial-request", None, &json))
        .unwrap();
    (child, id)
}

fn standing_of(store: &Store, library: &Library, id: i64) -> Standing {
    let form = store.form(id).unwrap().unwrap();
    let versions = store.forms_of_child(form.child).unwrap();
    let policy = access::policy(store).unwrap();
    standing(
        library.form(&form.kind).unwrap(),
        &form,
        &versions,
        &policy,
        today(),
    )
}

#[test]
fn a_grant_awaits_its_level_and_is_refused_in_the_routes_words_to_anyone_else() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("route.db");
    let library = Library::load(None).unwrap();
    let (_, id) = setup(&path, &library, "grant", 500_000);
    let hos = as_user(&path, "hos");
    let awaited = awaited(&hos, &library, id, today()).unwrap();
    assert_eq!(awaited.step, "head-of-service");
    assert_eq!(
        standing_of(&hos, &library, id).route(),
        "awaits Head of Service (the Head of Service)"
    );
    // The worker may not sign off at all; the team manager not at this level.
    let mut sw = as_user(&path, "sw");
    let refused = sign(&mut sw, &library, id, "head-of-service", None, today()).unwrap_err();
    assert!(matches!(refused, RouteError::Refused(_)), "{refused}");
    let mut tm = as_user(&path, "tm");
    let refused = sign(&mut tm, &library, id, "head-of-service", None, today()).unwrap_err();
    assert_eq!(
        refused.to_string(),
        "Head of Service needs the head-of-service permission (the Head of Service); you are a team manager"
    );
    // A step not on this request's route is refused with the route's words.
    let mut hos = as_user(&path, "hos");
    let refused = sign(&mut hos, &library, id, "director", None, today()).unwrap_err();
    assert!(
        refused
            .to_string()
            .starts_with("director is not on this request's route"),
        "{refused}"
    );
    // The queue: the Head of Service's, not the team manager's.
    assert_eq!(queue(&hos, &library, today()).unwrap().len(), 1);
    assert!(queue(&tm, &library, today()).unwrap().is_empty());
    sign(&mut hos, &library, id, "head-of-service", Some("Agreed"), today()).unwrap();
    assert_eq!(standing_of(&hos, &library, id), Standing::SignedOff);
    assert!(queue(&hos, &library, today()).unwrap().is_empty());
    let again = sign(&mut hos, &library, id, "head-of-service", None, today()).unwrap_err();
    assert!(
        matches!(again, RouteError::Store(StoreError::Conflict(_))),
        "{again}"
    );
}

#[test]
fn an_allowance_goes_to_the_head_of_service_before_the_assistant_director() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("allowance.db");
    let library = Library::load(None).unwrap();
    let (_, id) = setup(&path, &library, "allowance", 500_000);
    let mut ad = as_user(&path, "ad");
    let refused = sign(&mut ad, &library, id, "assistant-director", None, today()).unwrap_err();
    assert!(
        refused
            .to_string()
            .starts_with("head-of-service must be recorded first"),
        "{refused}"
    );
    assert!(
        queue(&ad, &library, today()).unwrap().is_empty(),
        "not yet the AD's"
    );
    let mut hos = as_user(&path, "hos");
    sign(&mut hos, &library, id, "head-of-service", None, today()).unwrap();
    let queued = queue(&ad, &library, today()).unwrap();
    assert_eq!(queued.len(), 1);
    assert_eq!(queued[0].child_name, "Amara Okafor");
    assert_eq!(queued[0].awaited.label, "Assistant Director (final decision)");
    sign(&mut ad, &library, id, "assistant-director", None, today()).unwrap();
    assert_eq!(standing_of(&ad, &library, id).status(), "signed off");
}

#[test]
fn a_returned_form_keeps_the_comment_and_awaits_an_amendment_which_keeps_the_old_version() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("return.db");
    let library = Library::load(None).unwrap();
    let (child, id) = setup(&path, &library, "grant", 500_000);
    // Only whoever may sign the awaited step may send it back.
    let mut tm = as_user(&path, "tm");
    let refused = send_back(&mut tm, &library, id, "Wrong amount", today()).unwrap_err();
    assert!(matches!(refused, RouteError::Refused(_)), "{refused}");
    let mut hos = as_user(&path, "hos");
    let empty = send_back(&mut hos, &library, id, "  ", today()).unwrap_err();
    assert_eq!(empty.to_string(), "A comment for the author is needed");
    send_back(&mut hos, &library, id, "The quote is missing", today()).unwrap();
    assert_eq!(
        standing_of(&hos, &library, id),
        Standing::Returned {
            by: "hos".into(),
            comment: "The quote is missing".into()
        }
    );
    let refused = sign(&mut hos, &library, id, "head-of-service", None, today()).unwrap_err();
    assert!(matches!(refused, RouteError::Returned { .. }), "{refused}");
    assert!(queue(&hos, &library, today()).unwrap().is_empty());
    // The author amends with a reason: a new version, the old one kept.
    let mut sw = as_user(&path, "sw");
    let no_reason = amend(&mut sw, &library, id, "").unwrap_err();
    assert_eq!(no_reason.to_string(), "A reason for the amendment is needed");
    let draft = amend(&mut sw, &library, id, "Quote added").unwrap();
    let new = sw.form(draft).unwrap().unwrap();
    assert_eq!((new.version, new.submitted, new.series), (2, false, id));
    let old = sw.form(id).unwrap().unwrap();
    assert!(old.submitted);
    assert!(
        old.steps
            .iter()
            .any(|(s, by, _, note)| s == AMENDED && by == "sw" && note.as_deref() == Some("Quote added"))
    );
    assert_eq!(standing_of(&sw, &library, id).status(), "being amended");
    assert!(matches!(
        amend(&mut sw, &library, id, "Again").unwrap_err(),
        RouteError::NotLatest { newer: 2 }
    ));
    // Submitted, the new version awaits the route afresh.
    sw.write(|w| w.submit_form(draft, &new.data)).unwrap();
    assert_eq!(standing_of(&sw, &library, id).status(), "amended");
    assert_eq!(standing_of(&sw, &library, draft).status(), "submitted");
    assert_eq!(queue(&hos, &library, today()).unwrap()[0].form.id, draft);
    assert_eq!(sw.forms_of_child(child).unwrap().len(), 2);
    let trail = sw.audit_entries(Some("A1")).unwrap();
    assert!(
        trail
            .iter()
            .any(|e| e.after.as_deref().is_some_and(|a| a.contains("Quote added")))
    );
}

#[test]
fn a_form_that_names_someone_else_contradicts_the_record() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("record.db");
    let library = Library::load(None).unwrap();
    let (child, _) = setup(&path, &library, "grant", 500_000);
    let store = as_user(&path, "sw");
    let detail = store.child_detail(child).unwrap().unwrap();
    let def = library.form("sgo-support-plan").unwrap();
    let mut data = FormData::default();
    data.set("child_name", FieldValue::Text("amara  OKAFOR".into()));
    assert_eq!(check_against_record(def, &data, &detail), Ok(()), "same words");
    let born = def
        .fields()
        .find(|f| f.prefill == Some(Prefill::DateOfBirth))
        .unwrap();
    data.set(&born.id, FieldValue::Date(day(2022, 3, 2)));
    let refused = check_against_record(def, &data, &detail).unwrap_err();
    assert_eq!(refused.form, "02/03/2022");
    assert_eq!(refused.record, "01/03/2022");
    assert_eq!(refused.label, born.label);
}

/// Amara's SGO support plan, submitted by her worker, with the people its
/// route names: a second team manager (the SGO practice manager's stand-in)
/// and a service manager.
fn sgo_plan(path: &Path, library: &Library) -> i64 {
    let (child, _) = setup(path, library, "grant", 500_000);
    as_user(path, "admin")
        .write(|w| {
            w.put_worker(&worker("sgopm", Role::TeamManager, Some("SGO Support")))?;
            w.put_worker(&worker("sm", Role::ServiceManager, None))
        })
        .unwrap();
    let mut data = FormData::default();
    data.set("child_name", FieldValue::Text("Amara Okafor".into()));
    let json = form::to_json(library.form("sgo-support-plan").unwrap(), &data);
    as_user(path, "sw")
        .write(|w| w.add_submitted_form(child, "sgo-support-plan", None, &json))
        .unwrap()
}

#[test]
fn each_step_of_an_sgo_support_plan_is_recorded_by_whom_the_route_names() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sgo.db");
    let library = Library::load(None).unwrap();
    let id = sgo_plan(&path, &library);
    let store = |user: &str| as_user(&path, user);
    // Submitted, the Draft is done: the case manager's QA is awaited.
    assert_eq!(
        standing_of(&store("tm"), &library, id).route(),
        "awaits Quality assured by the case manager (the child's team manager)"
    );
    let refused = sign(&mut store("sw"), &library, id, "draft", None, today()).unwrap_err();
    assert!(
        refused.to_string().contains("recorded by submitting the form"),
        "{refused}"
    );
    // The worker may not QA their own plan; the queue is the manager's.
    let refused = sign(&mut store("sw"), &library, id, "case-manager-qa", None, today()).unwrap_err();
    assert_eq!(
        refused.to_string(),
        "Quality assured by the case manager needs the case-manager permission (the child's team manager); \
         you are a social worker"
    );
    assert!(queue(&store("sw"), &library, today()).unwrap().is_empty());
    assert!(
        queue(&store("sgopm"), &library, today()).unwrap().is_empty(),
        "not their team"
    );
    assert_eq!(queue(&store("tm"), &library, today()).unwrap().len(), 1);
    sign(&mut store("tm"), &library, id, "case-manager-qa", None, today()).unwrap();
    // The worker sends it on, not the manager; it is then in the worker's queue.
    assert_eq!(queue(&store("sw"), &library, today()).unwrap().len(), 1);
    let refused = sign(
        &mut store("tm"),
        &library,
        id,
        "sent-to-sgo-single-point-of-access",
        None,
        today(),
    )
    .unwrap_err();
    assert!(
        refused.to_string().contains("you are a team manager"),
        "{refused}"
    );
    sign(
        &mut store("sw"),
        &library,
        id,
        "sent-to-sgo-single-point-of-access",
        None,
        today(),
    )
    .unwrap();
    // The case manager may not QA it a second time as the SGO practice manager.
    let refused = sign(
        &mut store("tm"),
        &library,
        id,
        "sgo-practice-manager-qa",
        None,
        today(),
    )
    .unwrap_err();
    assert_eq!(
        refused.to_string(),
        "Quality assured by the SGO practice manager must be recorded by someone other than who recorded \
         Quality assured by the case manager (you): the route asks two people for these"
    );
    assert!(queue(&store("tm"), &library, today()).unwrap().is_empty());
    sign(
        &mut store("sgopm"),
        &library,
        id,
        "sgo-practice-manager-qa",
        None,
        today(),
    )
    .unwrap();
    sign(&mut store("sw"), &library, id, "amendments", None, today()).unwrap();
    for user in ["tm", "sgopm", "hos"] {
        let refused = sign(
            &mut store(user),
            &library,
            id,
            "authorised-by-service-manager",
            None,
            today(),
        )
        .unwrap_err();
        assert!(
            refused.to_string().starts_with(
                "Authorised by the Service Manager needs the service-manager permission (a service manager)"
            ),
            "{user}: {refused}"
        );
    }
    sign(
        &mut store("sm"),
        &library,
        id,
        "authorised-by-service-manager",
        None,
        today(),
    )
    .unwrap();
    sign(
        &mut store("sw"),
        &library,
        id,
        "presented-to-panel",
        None,
        today(),
    )
    .unwrap();
    assert_eq!(standing_of(&store("sw"), &library, id), Standing::SignedOff);
}

#[test]
fn a_plan_is_returned_by_whoever_may_record_the_step_it_awaits() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sgo-return.db");
    let library = Library::load(None).unwrap();
    let id = sgo_plan(&path, &library);
    let refused = send_back(&mut as_user(&path, "sm"), &library, id, "No", today()).unwrap_err();
    assert!(
        refused.to_string().contains("case-manager permission"),
        "{refused}"
    );
    send_back(&mut as_user(&path, "tm"), &library, id, "Say who pays", today()).unwrap();
    let draft = amend(&mut as_user(&path, "sw"), &library, id, "Costs added").unwrap();
    assert!(draft > id);
}
