//! Tests of the chronology: building it from every source, filtering it,
//! and checking what a worker types.

use super::*;
use crate::child::Rag;
use crate::event::RecordedEvent;
use crate::plan::{Plan, PlanRole, PlanStatus, Stage};
use proptest::prelude::*;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn plan(id: i64, pathway: &str, role: PlanRole, start: NaiveDate) -> Plan {
    Plan {
        id: PlanId(id),
        pathway: pathway.into(),
        role,
        start,
        stage: Stage::Proceedings,
        status: PlanStatus::Active,
        basis: Default::default(),
    }
}

fn written_entry(id: i64, on: NaiveDate, what: &str, kind: Kind, verified: bool) -> WrittenEntry {
    WrittenEntry {
        id,
        on,
        what: what.into(),
        kind,
        source: Some("police report".into()),
        recorded_by: Some("sworker".into()),
        verified,
    }
}

fn sources() -> Sources {
    Sources {
        written: vec![
            written_entry(
                7,
                d(2025, 1, 6),
                "Police called to the home",
                Kind::Concern,
                false,
            ),
            written_entry(
                2,
                d(2024, 11, 2),
                "Born at the local hospital",
                Kind::Family,
                true,
            ),
        ],
        events: vec![
            RecordedEvent {
                event: Event::LookedAfter,
                on: d(2025, 1, 6),
            },
            RecordedEvent {
                event: Event::Gateway,
                on: d(2025, 1, 9),
            },
            // Given twice, as a caller merging two reads might.
            RecordedEvent {
                event: Event::Gateway,
                on: d(2025, 1, 9),
            },
            // Planned, not yet happened.
            RecordedEvent {
                event: Event::OrderExpiry,
                on: d(2027, 1, 9),
            },
        ],
        plans: vec![PlanHistory {
            plan: plan(4, "reunification", PlanRole::Primary, d(2025, 1, 9)),
            ended: Some(d(2025, 6, 2)),
            pathway_changes: vec![PathwayChange {
                on: d(2025, 3, 3),
                from: "reunification".into(),
                to: "adoption".into(),
            }],
        }],
        rag: vec![
            (d(2025, 2, 10), None, Rag::Amber),
            (d(2025, 3, 10), Some(Rag::Amber), Rag::Red),
            (d(2025, 3, 10), Some(Rag::Red), Rag::Green),
            // Rated and re-rated back to where it was: no change.
            (d(2025, 4, 7), Some(Rag::Green), Rag::Red),
            (d(2025, 4, 7), Some(Rag::Red), Rag::Green),
        ],
        meetings: vec![MeetingHeld {
            id: 3,
            held_on: d(2025, 2, 20),
            kind: "Family Group Conference".into(),
            outcomes: 2,
        }],
        today: d(2025, 11, 23),
    }
}

#[test]
fn builds_every_source_once_in_date_order_with_stable_keys() {
    let marks: BTreeSet<String> = ["event:gateway:2025-01-09".to_string(), "entry:7".to_string()].into();
    let entries = build(&sources(), &marks);
    let keys: Vec<&str> = entries.iter().map(|e| e.key.as_str()).collect();
    assert_eq!(
        keys,
        vec![
            "entry:2",
            "entry:7",
            "event:looked-after:2025-01-06",
            "event:gateway:2025-01-09",
            "plan:4:started",
            "rag:2025-02-10",
            "family-meeting:3",
            "plan:4:pathway-2025-03-03",
            "rag:2025-03-10",
            "plan:4:ended",
        ]
    );
    let fgc = &entries[6];
    assert_eq!(fgc.what, "Family Group Conference held: 2 outcomes agreed");
    assert_eq!((fgc.kind, fgc.origin), (Kind::Family, Origin::FamilyMeeting));
    let gateway = &entries[3];
    assert_eq!(gateway.what, "Legal Gateway decision");
    assert_eq!(gateway.kind, Kind::Legal);
    assert_eq!(gateway.origin, Origin::Event);
    assert!(gateway.verified && gateway.for_cpr);
    assert_eq!(gateway.recorded_by, None);
    let police = &entries[1];
    assert!(!police.verified, "the worker's flag is kept");
    assert!(police.for_cpr);
    assert_eq!(police.flags(), vec!["unverified", "for the CPR"]);
    assert_eq!(police.source_label(), "police report");
    assert_eq!(police.recorded_by.as_deref(), Some("sworker"));
    assert_eq!(entries[2].source_label(), "Recorded event");
    assert!(!entries[2].for_cpr);
    assert_eq!(entries[4].what, "Primary plan began: reunification");
    assert_eq!(
        entries[7].what,
        "Primary plan changed pathway from reunification to adoption"
    );
    assert_eq!(entries[9].what, "Primary plan ended: reunification");
    assert_eq!(entries[5].what, "RAG rating set to amber (A)");
    assert_eq!(entries[8].what, "RAG rating changed from amber (A) to green (G)");
    assert!(
        entries
            .iter()
            .filter(|e| e.origin.automatic())
            .all(|e| e.verified)
    );
}

#[test]
fn things_dated_after_today_are_not_yet_history() {
    let mut s = sources();
    s.today = d(2025, 3, 3);
    let keys: Vec<String> = build(&s, &BTreeSet::new()).into_iter().map(|e| e.key).collect();
    assert!(
        keys.contains(&"plan:4:pathway-2025-03-03".to_string()),
        "today counts"
    );
    assert!(!keys.contains(&"rag:2025-03-10".to_string()));
    assert!(!keys.contains(&"plan:4:ended".to_string()));
    assert!(!keys.iter().any(|k| k.starts_with("event:order-expiry")));
}

#[test]
fn every_event_has_a_chronology_line() {
    let lines: BTreeSet<&str> = Event::ALL.into_iter().map(event_what).collect();
    assert_eq!(lines.len(), Event::ALL.len(), "each reads differently");
    assert_eq!(event_kind(Event::Placement), Kind::Placement);
    assert_eq!(event_kind(Event::Ppm), Kind::Meeting);
    assert_eq!(event_kind(Event::PlacementOrder), Kind::Legal);
}

#[test]
fn kinds_and_origins_round_trip() {
    for kind in Kind::ALL {
        assert_eq!(Kind::parse(kind.code()), Some(kind));
        assert_eq!(Kind::parse(&kind.code().to_uppercase()), Some(kind));
    }
    for origin in Origin::ALL {
        assert_eq!(Origin::parse(origin.code()), Some(origin));
    }
    assert_eq!(Kind::parse("court"), None);
    assert_eq!(
        Kind::parse_list("legal, placement meeting"),
        Ok([Kind::Legal, Kind::Placement, Kind::Meeting].into())
    );
    assert_eq!(
        Kind::parse_list("legal,court").unwrap_err().to_string(),
        format!("kind: court is not a kind (use {})", Kind::codes())
    );
}

#[test]
fn filters_keep_kinds_dates_and_cpr_marks() {
    let marks: BTreeSet<String> = ["entry:7".to_string()].into();
    let entries = build(&sources(), &marks);
    let keys = |f: &Filter| -> Vec<String> { f.apply(entries.clone()).into_iter().map(|e| e.key).collect() };

    let legal = Filter::new(Some([Kind::Legal].into()), None, None, false).unwrap();
    assert_eq!(keys(&legal), vec!["event:gateway:2025-01-09"]);

    let january = Filter::new(None, Some(d(2025, 1, 6)), Some(d(2025, 1, 9)), false).unwrap();
    assert_eq!(
        keys(&january),
        vec![
            "entry:7",
            "event:looked-after:2025-01-06",
            "event:gateway:2025-01-09",
            "plan:4:started"
        ]
    );
    let cpr = Filter {
        for_cpr_only: true,
        ..Filter::default()
    };
    assert_eq!(keys(&cpr), vec!["entry:7"]);
    assert_eq!(keys(&Filter::default()).len(), entries.len());
    assert_eq!(Filter::default().describe(), None);
    assert_eq!(
        Filter::new(
            Some([Kind::Placement, Kind::Legal].into()),
            Some(d(2025, 1, 1)),
            None,
            true
        )
        .unwrap()
        .describe()
        .as_deref(),
        Some("Legal, Placement; from 01/01/2025; marked for the CPR")
    );
    assert_eq!(
        Filter::new(None, Some(d(2025, 2, 1)), Some(d(2025, 1, 1)), false)
            .unwrap_err()
            .to_string(),
        "to: 01/01/2025 is before from 01/02/2025"
    );
}

#[test]
fn a_typed_entry_is_checked_field_by_field() {
    let today = d(2025, 11, 23);
    let draft = |on: &str, what: &str, kind: &str| Draft {
        on: on.into(),
        what: what.into(),
        kind: kind.into(),
        source: "  school report ".into(),
        verified: false,
    };
    let ok = written(&draft("03/02/2025", "  Started at nursery\n", "education"), today).unwrap();
    assert_eq!(ok.on, d(2025, 2, 3));
    assert_eq!(ok.what, "Started at nursery");
    assert_eq!(ok.kind, Kind::Education);
    assert_eq!(ok.source.as_deref(), Some("school report"));
    assert!(!ok.verified);
    let stored = ok.stored(12, "sworker");
    assert_eq!(stored.id, 12);
    assert_eq!(stored.recorded_by.as_deref(), Some("sworker"));

    assert_eq!(
        written(&draft("23/11/2025", "x", ""), today).unwrap().kind,
        Kind::Other
    );
    let no_source = Draft {
        source: "   ".into(),
        ..draft("23/11/2025", "x", "")
    };
    assert_eq!(written(&no_source, today).unwrap().source, None);

    let message = |d: Draft| written(&d, today).unwrap_err().to_string();
    assert_eq!(
        message(draft("31/02/2025", "x", "")),
        "date: 31/02/2025 is not a date"
    );
    assert_eq!(
        message(draft("24/11/2025", "x", "")),
        "date: 24/11/2025 is in the future (today is 23/11/2025)"
    );
    assert!(message(draft("tomorrow", "x", "")).starts_with("date: tomorrow is not a date"));
    assert_eq!(
        message(draft("01/01/2025", " \n\t ", "")),
        "what: say what happened"
    );
    assert!(message(draft("01/01/2025", "x", "court")).starts_with("kind: court is not a kind"));
}

fn any_event() -> impl Strategy<Value = Event> {
    (0..Event::ALL.len()).prop_map(|i| Event::ALL[i])
}

fn any_kind() -> impl Strategy<Value = Kind> {
    (0..Kind::ALL.len()).prop_map(|i| Kind::ALL[i])
}

fn any_rag() -> impl Strategy<Value = Rag> {
    (0..Rag::ALL.len()).prop_map(|i| Rag::ALL[i])
}

proptest! {
    #[test]
    fn each_recorded_event_appears_exactly_once(
        events in prop::collection::vec((any_event(), 0u64..400), 0..40),
        repeats in prop::collection::vec(0usize..40, 0..10),
        written_days in prop::collection::vec(0u64..400, 0..6),
        rag in prop::collection::vec((0u64..400, prop::option::of(any_rag()), any_rag()), 0..8),
        today in 0u64..400,
    ) {
        let start = d(2024, 1, 1);
        let today = start + chrono::Days::new(today);
        let mut recorded: Vec<RecordedEvent> = events
            .iter()
            .map(|(event, day)| RecordedEvent { event: *event, on: start + chrono::Days::new(*day) })
            .collect();
        // Some given again, out of order.
        for i in repeats {
            if let Some(again) = recorded.get(i).cloned() {
                recorded.push(again);
            }
        }
        let sources = Sources {
            written: written_days
                .iter()
                .enumerate()
                .map(|(i, day)| {
                    let on = start + chrono::Days::new(*day);
                    written_entry(i as i64, on, "x", Kind::Other, i % 2 == 0)
                })
                .collect(),
            events: recorded.clone(),
            plans: vec![],
            rag: rag
                .iter()
                .map(|(day, from, to)| (start + chrono::Days::new(*day), *from, *to))
                .collect(),
            meetings: vec![],
            today,
        };
        let entries = build(&sources, &BTreeSet::new());

        let wanted: BTreeSet<(Event, NaiveDate)> =
            recorded.iter().filter(|e| e.on <= today).map(|e| (e.event, e.on)).collect();
        let from_events: Vec<&Entry> = entries.iter().filter(|e| e.origin == Origin::Event).collect();
        prop_assert_eq!(from_events.len(), wanted.len());
        for (event, on) in &wanted {
            let key = event_key(*event, *on);
            prop_assert_eq!(entries.iter().filter(|e| e.key == key).count(), 1, "{}", key);
        }
        // Every written entry, whatever its date.
        let written = entries.iter().filter(|e| e.origin == Origin::Written).count();
        prop_assert_eq!(written, written_days.len());
        // Keys are unique, dates in order, automatic entries verified.
        let keys: BTreeSet<&str> = entries.iter().map(|e| e.key.as_str()).collect();
        prop_assert_eq!(keys.len(), entries.len());
        prop_assert!(entries.windows(2).all(|w| w[0].on <= w[1].on));
        let mut automatic = entries.iter().filter(|e| e.origin.automatic());
        prop_assert!(automatic.all(|e| e.verified && e.on <= today));
        // The same sources in another order build the same chronology.
        let mut shuffled = sources.clone();
        shuffled.events.reverse();
        shuffled.written.reverse();
        prop_assert_eq!(build(&shuffled, &BTreeSet::new()), entries);
    }

    #[test]
    fn a_filter_keeps_exactly_what_it_says(
        kinds in prop::option::of(prop::collection::btree_set(any_kind(), 0..4)),
        from in prop::option::of(0u64..60),
        to in prop::option::of(0u64..60),
        for_cpr_only in any::<bool>(),
        entries in prop::collection::vec((0..Kind::ALL.len(), 0u64..60, any::<bool>()), 0..30),
    ) {
        let start = d(2025, 1, 1);
        let day = |n: u64| start + chrono::Days::new(n);
        let entries: Vec<Entry> = entries
            .iter()
            .enumerate()
            .map(|(i, (kind, on, cpr))| Entry {
                key: written_key(i as i64),
                on: day(*on),
                what: "x".into(),
                kind: Kind::ALL[*kind],
                origin: Origin::Written,
                source: None,
                recorded_by: None,
                for_cpr: *cpr,
                verified: true,
            })
            .collect();
        let filter = Filter { kinds: kinds.clone(), from: from.map(day), to: to.map(day), for_cpr_only };
        let kept = filter.apply(entries.clone());
        for e in &entries {
            let expected = kinds.as_ref().is_none_or(|k| k.contains(&e.kind))
                && from.is_none_or(|f| e.on >= day(f))
                && to.is_none_or(|t| e.on <= day(t))
                && (!for_cpr_only || e.for_cpr);
            prop_assert_eq!(filter.keeps(e), expected);
        }
        // Kept in order, and filtering again changes nothing.
        let expected: Vec<Entry> = entries.iter().filter(|e| filter.keeps(e)).cloned().collect();
        prop_assert_eq!(&kept, &expected);
        prop_assert_eq!(filter.apply(kept.clone()), kept);
    }
}
