//! What is recorded with a family network: meeting outcomes onto a
//! timeline, chronology entries and marks, and the gateway's papers and
//! panel.

use super::*;

/// The siblings' database opened again by the user asmith, signed in
/// to the machine as `os_user`: whom the trail names.
fn reopened_as(dir: &tempfile::TempDir, os_user: &str) -> Store {
    let actor = Actor {
        user: "asmith".into(),
        os_user: os_user.into(),
    };
    Store::open_as(&dir.path().join("family.db"), actor).unwrap()
}

#[test]
fn an_outcome_goes_onto_the_timeline_exactly_once() {
    let (dir, store, amara, kemi, leon) = siblings();
    drop(store);
    let mut store = reopened_as(&dir, "asmith");
    let row = PlanRow {
        line: 0,
        reference: "1001".into(),
        pathway: "adoption".into(),
        role: PlanRole::Primary,
        start: d(2026, 1, 5),
        stage: Stage::Proceedings,
        basis: Default::default(),
    };
    let (_, plan) = store.write(|w| w.put_plan(amara, &row)).unwrap();
    let today = d(2026, 3, 10);
    let meeting = check_meeting("fgc", "09/03/2026", "Mother\nAunt\nCoordinator", "", today).unwrap();
    let outcome = check_outcome(
        "Viability assessment of aunt",
        "+4w",
        Some(amara),
        meeting.held_on,
        today,
    )
    .unwrap();
    let (meeting_id, outcome_id) = store
        .write(|w| {
            let id = w.add_family_meeting(kemi, &meeting)?;
            let outcome = w.add_outcome(id, &outcome)?;
            Ok::<_, StoreError>((id, outcome))
        })
        .unwrap();
    // A child outside the network is refused as an outcome's subject.
    let stranger = check_outcome("Unrelated", "", Some(leon), meeting.held_on, today).unwrap();
    let error = store.write(|w| w.add_outcome(meeting_id, &stranger)).unwrap_err();
    assert!(
        matches!(error, StoreError::Refused(RecordRule::ChildNotInMeetingNetwork)),
        "{error}"
    );
    let target = d(2026, 4, 7);
    let key = store
        .write(|w| w.outcome_to_timeline(outcome_id, plan, target))
        .unwrap();
    let error = store
        .write(|w| w.outcome_to_timeline(outcome_id, plan, target))
        .unwrap_err();
    assert!(
        matches!(&error, StoreError::Refused(RecordRule::OutcomeOnTimeline)),
        "{error}"
    );
    assert_eq!(error.to_string(), "this outcome is already on a timeline");
    let adhoc = store.timeline_facts(amara).unwrap().adhoc;
    let matching: Vec<_> = adhoc.iter().filter(|i| i.key == key).collect();
    assert_eq!(matching.len(), 1);
    assert_eq!(adhoc.len(), 1);
    assert_eq!(matching[0].title, "Viability assessment of aunt");
    assert_eq!(matching[0].target, target);
    assert_eq!(matching[0].plan, plan);
    // Both siblings see the meeting, with the key on its outcome.
    for child in [amara, kemi] {
        let meetings = store.family_meetings(child).unwrap();
        assert_eq!(meetings.len(), 1);
        assert_eq!(meetings[0].id, meeting_id);
        assert_eq!(meetings[0].kind, FamilyMeetingKind::FamilyGroupConference);
        assert_eq!(meetings[0].held_on, d(2026, 3, 9));
        assert_eq!(meetings[0].attended, vec!["Mother", "Aunt", "Coordinator"]);
        assert_eq!(meetings[0].notes, None);
        assert_eq!(
            meetings[0].outcomes,
            vec![MeetingOutcome {
                id: outcome_id,
                text: "Viability assessment of aunt".into(),
                due: Some(d(2026, 4, 7)),
                child: Some(amara),
                item_key: Some(key.clone()),
            }]
        );
    }
    assert!(store.family_meetings(leon).unwrap().is_empty());
    let entry = store
        .audit_entries(Some("1001"))
        .unwrap()
        .into_iter()
        .find(|e| e.action == "to-timeline")
        .unwrap();
    assert_eq!(entry.user, "asmith");
    assert_eq!(entry.entity, "family-meeting-outcome");
}

#[test]
fn chronology_entries_and_marks_round_trip() {
    let (dir, store, amara, kemi, _) = siblings();
    drop(store);
    let mut store = reopened_as(&dir, "service");
    let first = WrittenEntryFields {
        on_date: d(2025, 6, 1),
        what: "Referral from school".into(),
        kind: "referral".into(),
        source: Some("School DSL".into()),
        verified: false,
    };
    let second = WrittenEntryFields {
        on_date: d(2025, 5, 2),
        what: "Health visitor concern".into(),
        kind: "health".into(),
        source: None,
        verified: true,
    };
    let (one, two) = store
        .write(|w| {
            let one = w.add_chronology_entry(amara, &first)?;
            let two = w.add_chronology_entry(amara, &second)?;
            Ok::<_, StoreError>((one, two))
        })
        .unwrap();
    let entries = store.chronology_entries(amara).unwrap();
    assert_eq!(
        entries.iter().map(|e| e.id).collect::<Vec<_>>(),
        vec![two, one],
        "by date"
    );
    assert_eq!(entries[1].what, "Referral from school");
    assert_eq!(entries[1].source.as_deref(), Some("School DSL"));
    assert_eq!(entries[1].recorded_by.as_deref(), Some("asmith"));
    assert!(
        entries[1]
            .recorded_at
            .as_deref()
            .is_some_and(|at| at.ends_with('Z'))
    );
    assert!(entries[0].verified);
    assert!(store.chronology_entries(kemi).unwrap().is_empty());
    let corrected = WrittenEntryFields {
        verified: true,
        ..first.clone()
    };
    assert_eq!(
        store
            .write(|w| w.update_chronology_entry(one, &corrected))
            .unwrap(),
        Outcome::Updated
    );
    assert_eq!(
        store
            .write(|w| w.update_chronology_entry(one, &corrected))
            .unwrap(),
        Outcome::Unchanged
    );
    let blank = WrittenEntryFields {
        what: "  ".into(),
        ..first.clone()
    };
    let error = store
        .write(|w| w.add_chronology_entry(amara, &blank))
        .unwrap_err();
    assert!(
        matches!(&error, StoreError::Refused(RecordRule::EntryUnsaid)),
        "{error}"
    );
    assert!(store.write(|w| w.delete_chronology_entry(two)).unwrap());
    assert!(!store.write(|w| w.delete_chronology_entry(two)).unwrap());
    let entries = store.chronology_entries(amara).unwrap();
    assert_eq!(entries.len(), 1);
    assert!(entries[0].verified);
    // An id is not used again after the last entry is deleted.
    let three = store.write(|w| w.add_chronology_entry(amara, &second)).unwrap();
    assert!(three > two);

    assert!(
        store
            .write(|w| w.set_chronology_mark(amara, "written-1"))
            .unwrap()
    );
    assert!(
        store
            .write(|w| w.set_chronology_mark(amara, "event-s31"))
            .unwrap()
    );
    assert!(
        !store
            .write(|w| w.set_chronology_mark(amara, "event-s31"))
            .unwrap()
    );
    assert!(store.write(|w| w.set_chronology_mark(kemi, "event-s31")).unwrap());
    let marks = store.chronology_marks(amara).unwrap();
    assert_eq!(
        marks,
        BTreeSet::from(["event-s31".to_string(), "written-1".to_string()])
    );
    assert!(
        store
            .write(|w| w.clear_chronology_mark(amara, "written-1"))
            .unwrap()
    );
    assert!(
        !store
            .write(|w| w.clear_chronology_mark(amara, "written-1"))
            .unwrap()
    );
    assert_eq!(
        store.chronology_marks(amara).unwrap(),
        BTreeSet::from(["event-s31".to_string()])
    );
    assert_eq!(store.chronology_marks(kemi).unwrap().len(), 1);
}

#[test]
fn gateway_papers_and_panel_round_trip() {
    let (_dir, mut store, amara, kemi, _) = siblings();
    assert!(store.gateway_papers(amara).unwrap().is_empty());
    assert_eq!(store.gateway_panel(amara).unwrap(), None);
    let set =
        |store: &mut Store, paper: &str, on| store.write(|w| w.set_gateway_paper(amara, paper, Some(on)));
    assert_eq!(
        set(&mut store, "social-work-chronology", d(2026, 2, 3)).unwrap(),
        Outcome::Created
    );
    assert_eq!(
        set(&mut store, "genogram", d(2026, 2, 4)).unwrap(),
        Outcome::Created
    );
    assert_eq!(
        set(&mut store, "genogram", d(2026, 2, 4)).unwrap(),
        Outcome::Unchanged
    );
    assert_eq!(
        set(&mut store, "genogram", d(2026, 2, 9)).unwrap(),
        Outcome::Updated
    );
    for bad in [
        "Genogram",
        "social_work",
        "-genogram",
        "genogram-",
        "two--hyphens",
        "",
    ] {
        let error = set(&mut store, bad, d(2026, 2, 9)).unwrap_err();
        assert!(
            matches!(error, StoreError::Refused(RecordRule::BadPaperCode)),
            "{bad}: {error}"
        );
    }
    assert_eq!(
        store.gateway_papers(amara).unwrap(),
        BTreeMap::from([
            ("genogram".to_string(), Some(d(2026, 2, 9))),
            ("social-work-chronology".to_string(), Some(d(2026, 2, 3))),
        ])
    );
    assert!(store.gateway_papers(kemi).unwrap().is_empty());
    assert!(store.write(|w| w.clear_gateway_paper(amara, "genogram")).unwrap());
    assert!(!store.write(|w| w.clear_gateway_paper(amara, "genogram")).unwrap());
    assert_eq!(store.gateway_papers(amara).unwrap().len(), 1);

    let panel = GatewayPanelRow {
        panel_date: d(2026, 3, 18),
        pre_proceedings: true,
    };
    assert_eq!(
        store.write(|w| w.set_gateway_panel(amara, panel)).unwrap(),
        Outcome::Created
    );
    assert_eq!(
        store.write(|w| w.set_gateway_panel(amara, panel)).unwrap(),
        Outcome::Unchanged
    );
    assert_eq!(store.gateway_panel(amara).unwrap(), Some(panel));
    let moved = GatewayPanelRow {
        panel_date: d(2026, 4, 1),
        pre_proceedings: false,
    };
    assert_eq!(
        store.write(|w| w.set_gateway_panel(amara, moved)).unwrap(),
        Outcome::Updated
    );
    assert_eq!(store.gateway_panel(amara).unwrap(), Some(moved));
    assert_eq!(store.gateway_panel(kemi).unwrap(), None);
    assert!(store.write(|w| w.clear_gateway_panel(amara)).unwrap());
    assert!(!store.write(|w| w.clear_gateway_panel(amara)).unwrap());
    assert_eq!(store.gateway_panel(amara).unwrap(), None);
    let entities: BTreeSet<String> = store
        .audit_entries(Some("1001"))
        .unwrap()
        .into_iter()
        .map(|e| e.entity)
        .collect();
    assert!(entities.contains("gateway-paper") && entities.contains("gateway-panel"));
}
