//! The one rule of which recorded events change a child's legal status,
//! and to what: an order recorded is an order made, whichever way it was
//! recorded (the timeline's `e`, `permanence record`, an order item marked
//! done, the record form). The record's legal status follows the latest
//! order standing; withdrawing or correcting the order moves it back.
//!
//! Sources: the glossary of the seeds (`notes/glossary.md`, "Legal status
//! and orders") and the Children Act 1989. A child is *looked after* while
//! in the authority's care under a care order (interim or full, s.31 and
//! s.38) or accommodated (s.20): s.22(1). A Special Guardianship Order
//! (s.14A) or a Child Arrangements Order naming with whom the child lives
//! discharges the care order (s.91(1), s.91(5A)), so the child stops being
//! looked after on the day it is made ("The child stops being looked
//! after", glossary, SGO). A Placement Order leaves the child looked after.

use crate::child::LegalStatus;
use crate::date::DateStyle;
use crate::event::{Event, RecordedEvent};
use chrono::NaiveDate;

mod in_turn;
pub use in_turn::{StatusMove, moves_in_turn};

/// The law in a few words, where the Record tab says the child is no
/// longer looked after.
pub const WHY_SHORT: &str = "Children Act 1989 s.22";

/// Where the screen and the command line say why the child is no longer
/// looked after.
pub const WHY_NOT_LOOKED_AFTER: &str =
    "Children Act 1989 s.22: an SGO or a Child Arrangements Order ends the care order (s.91)";

/// The legal status an event makes, where it makes one. `order-made`
/// does not say which order, so it changes nothing by itself.
pub fn made_by_event(event: Event) -> Option<LegalStatus> {
    match event {
        Event::InterimCareOrder => Some(LegalStatus::Ico),
        Event::CareOrder => Some(LegalStatus::Co),
        Event::PlacementOrder => Some(LegalStatus::Po),
        Event::SpecialGuardianshipOrder => Some(LegalStatus::Sgo),
        Event::ChildArrangementsOrder => Some(LegalStatus::Cao),
        _ => None,
    }
}

/// The event the record form records when the legal status changes to
/// `status`, where the timeline has one. A supervision order is recorded
/// as `order-made` (the timeline's event for it), which the status does
/// not follow, so the form sets that status itself.
pub fn event_for(status: LegalStatus) -> Option<Event> {
    match status {
        LegalStatus::So => Some(Event::OrderMade),
        other => Event::ALL.into_iter().find(|e| made_by_event(*e) == Some(other)),
    }
}

/// Whether a child with this legal status is no longer looked after
/// (s.22; the order discharges the care order).
pub fn ends_looked_after(status: LegalStatus) -> bool {
    matches!(status, LegalStatus::Sgo | LegalStatus::Cao)
}

/// Which of two orders made on the same day stands: a final order after
/// an interim one, a placement order after the care order made with it
/// (the Placement Order is what the child is then under), and an SGO or
/// CAO, which ends the care order, last.
fn rank(status: LegalStatus) -> u8 {
    match status {
        LegalStatus::Ico => 0,
        LegalStatus::Co => 1,
        LegalStatus::Po => 2,
        _ => 3,
    }
}

/// Whether a record whose legal status is `now` still follows its
/// events, given the status the orders standing before a change gave
/// (`before`; `None` where no order stood, and the record's own status
/// is its to keep): a status set by hand since the last order is left as
/// it is. The one test, whether the store applies it event by event or
/// an import works out a new child's history at once ([`moves_in_turn`]).
pub fn follows_orders(now: LegalStatus, before: Option<LegalStatus>) -> bool {
    before.is_none_or(|status| status == now)
}

/// The legal status the recorded events give, with the day it took
/// effect: the latest order standing. `None` where no event makes one,
/// and the record's own legal status stands.
pub fn latest(events: &[RecordedEvent]) -> Option<(LegalStatus, NaiveDate)> {
    events
        .iter()
        .filter_map(|e| made_by_event(e.event).map(|s| (s, e.on)))
        .max_by_key(|(s, on)| (*on, rank(*s)))
}

/// The day the child stopped being looked after, by the events: the day
/// of the order standing, where it is one that ends it and the child has
/// not been looked after again since (a `looked-after` event after it:
/// accommodated again under s.20).
pub fn looked_after_until(events: &[RecordedEvent]) -> Option<NaiveDate> {
    latest(events)
        .filter(|(s, _)| ends_looked_after(*s))
        .map(|(_, on)| on)
        .filter(|ended| {
            !events
                .iter()
                .any(|e| e.event == Event::LookedAfter && e.on > *ended)
        })
}

/// A child who left care under an order and came back into it: the day
/// the SGO or CAO ended their being looked after, and the day they were
/// looked after again (the first interim, full or placement order or
/// `looked-after` event after it). Their case reviews start again from
/// the return (2010 Regulations, reg 33(1): the first review within 20
/// working days of the day the child becomes looked after) and their
/// visits from the next placement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CareBreak {
    pub left: NaiveDate,
    pub back: NaiveDate,
}

/// Every [`CareBreak`] of the child, in the order they happened: each
/// order that ended their being looked after and was followed by a
/// return. A child may leave and come back more than once.
pub fn breaks(events: &[RecordedEvent]) -> Vec<CareBreak> {
    // Orders in the order they stand (`latest`'s: by day, then rank), and
    // `looked-after` events, which return a child but make no order.
    let mut marks: Vec<(NaiveDate, u8, bool)> = events
        .iter()
        .filter_map(|e| match (made_by_event(e.event), e.event) {
            (Some(s), _) => Some((e.on, rank(s), !ends_looked_after(s))),
            (None, Event::LookedAfter) => Some((e.on, 0, true)),
            _ => None,
        })
        .collect();
    marks.sort_unstable();
    let mut left: Option<NaiveDate> = None;
    let mut found = Vec::new();
    for (on, _, looked_after) in marks {
        match (looked_after, left) {
            (false, _) => left = Some(on),
            (true, Some(ended)) if on > ended => {
                found.push(CareBreak {
                    left: ended,
                    back: on,
                });
                left = None;
            }
            _ => {}
        }
    }
    found
}

/// The child's latest [`CareBreak`], where there is one.
pub fn last_break(events: &[RecordedEvent]) -> Option<CareBreak> {
    breaks(events).pop()
}

/// What a change to the events does to the legal status, worked out
/// before it is saved, for the "Before saving" lists: `now` is the record's
/// legal status, `before` and `after` the events standing either side.
/// Nothing where the status does not follow the events (it was set by
/// hand since) or does not move.
pub fn change_lines(
    now: LegalStatus,
    before: &[RecordedEvent],
    after: &[RecordedEvent],
    dates: DateStyle,
) -> Vec<String> {
    let old = latest(before);
    let new = latest(after);
    if old == new || old.is_some_and(|(s, _)| s != now) {
        return Vec::new();
    }
    let mut lines = Vec::new();
    match new {
        Some((status, on)) if status != now => {
            lines.push(format!(
                "Legal status changes: {} \u{2192} {} (from {})",
                now.short(),
                status.short(),
                dates.show(on)
            ));
        }
        Some((status, on)) => lines.push(format!(
            "Legal status {} from {}, not {}",
            status.short(),
            dates.show(on),
            old.map_or_else(String::new, |(_, was)| dates.show(was))
        )),
        None => lines.push(format!(
            "Legal status changes: {} \u{2192} what the record held before it",
            now.short()
        )),
    }
    let ended_before = old.filter(|(s, _)| ends_looked_after(*s)).map(|(_, on)| on);
    let ended_after = new.filter(|(s, _)| ends_looked_after(*s)).map(|(_, on)| on);
    match (ended_before, ended_after) {
        (None, Some(on)) => lines.push(format!(
            "No longer looked after from {} ({WHY_NOT_LOOKED_AFTER})",
            dates.show(on)
        )),
        (Some(was), Some(on)) if was != on => lines.push(format!(
            "No longer looked after from {}, not {}",
            dates.show(on),
            dates.show(was)
        )),
        // Back in care under a later order: the one that ended it stands.
        (Some(was), None) if new.is_some_and(|(_, on)| on > was) => lines.push(format!(
            "Looked after again from {}: back in care after the order of {}",
            new.map_or_else(String::new, |(_, on)| dates.show(on)),
            dates.show(was)
        )),
        (Some(_), None) => {
            lines.push("Looked after again: the order that ended it no longer stands".to_string())
        }
        _ => {}
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_status_set_by_hand_since_the_last_order_is_not_followed() {
        use LegalStatus::{Co, Ico, S20};
        assert!(follows_orders(S20, None), "no order stood: the record's own");
        assert!(follows_orders(Ico, Some(Ico)), "what the orders gave");
        assert!(!follows_orders(S20, Some(Co)), "set by hand since the care order");
    }

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
    }

    fn ev(event: Event, on: NaiveDate) -> RecordedEvent {
        RecordedEvent { event, on }
    }

    #[test]
    fn each_order_makes_its_legal_status_and_nothing_else_does() {
        let made: Vec<(&str, LegalStatus)> = Event::ALL
            .into_iter()
            .filter_map(|e| made_by_event(e).map(|s| (e.code(), s)))
            .collect();
        assert_eq!(
            made,
            [
                ("placement-order", LegalStatus::Po),
                ("care-order", LegalStatus::Co),
                ("special-guardianship-order", LegalStatus::Sgo),
                ("child-arrangements-order", LegalStatus::Cao),
                ("interim-care-order", LegalStatus::Ico),
            ]
        );
        for status in LegalStatus::ALL {
            if let Some(event) = event_for(status).filter(|e| *e != Event::OrderMade) {
                assert_eq!(made_by_event(event), Some(status), "{status}");
            }
        }
        assert_eq!(event_for(LegalStatus::So), Some(Event::OrderMade));
        assert_eq!(event_for(LegalStatus::S20), None);
    }

    #[test]
    fn the_latest_order_stands_and_a_final_order_beats_an_interim_one_on_the_same_day() {
        let ico = ev(Event::InterimCareOrder, d(2026, 1, 5));
        let sgo = ev(Event::SpecialGuardianshipOrder, d(2026, 6, 3));
        assert_eq!(latest(&[]), None);
        assert_eq!(
            latest(std::slice::from_ref(&ico)),
            Some((LegalStatus::Ico, d(2026, 1, 5)))
        );
        assert_eq!(
            latest(&[sgo.clone(), ico.clone()]),
            Some((LegalStatus::Sgo, d(2026, 6, 3)))
        );
        let same_day = [
            ev(Event::PlacementOrder, d(2026, 6, 3)),
            ev(Event::CareOrder, d(2026, 6, 3)),
        ];
        assert_eq!(latest(&same_day), Some((LegalStatus::Po, d(2026, 6, 3))));
        // A review or `order-made` changes nothing.
        assert_eq!(
            latest(&[
                ev(Event::OrderMade, d(2026, 7, 1)),
                ev(Event::CaseReview, d(2026, 7, 2))
            ]),
            None
        );
    }

    #[test]
    fn an_sgo_or_cao_ends_being_looked_after_and_a_placement_order_does_not() {
        assert!(ends_looked_after(LegalStatus::Sgo));
        assert!(ends_looked_after(LegalStatus::Cao));
        for status in [
            LegalStatus::Ico,
            LegalStatus::Co,
            LegalStatus::Po,
            LegalStatus::S20,
        ] {
            assert!(!ends_looked_after(status), "{status}");
        }
        let ico = ev(Event::InterimCareOrder, d(2026, 1, 5));
        let sgo = ev(Event::SpecialGuardianshipOrder, d(2026, 6, 3));
        assert_eq!(looked_after_until(&[ico.clone(), sgo]), Some(d(2026, 6, 3)));
        assert_eq!(looked_after_until(&[ico]), None);
    }

    /// A child back in care after an SGO: the break is the SGO's day to
    /// the first order or `looked-after` event after it; with none, there
    /// is no break and the SGO still ends being looked after.
    #[test]
    fn a_return_to_care_after_an_order_is_a_break_and_ends_nothing() {
        let ico = ev(Event::InterimCareOrder, d(2024, 1, 5));
        let sgo = ev(Event::SpecialGuardianshipOrder, d(2025, 3, 3));
        let again = ev(Event::InterimCareOrder, d(2026, 2, 10));
        let later = ev(Event::CareOrder, d(2026, 8, 1));
        assert_eq!(last_break(&[ico.clone(), sgo.clone()]), None);
        let expected = Some(CareBreak {
            left: d(2025, 3, 3),
            back: d(2026, 2, 10),
        });
        assert_eq!(
            last_break(&[later.clone(), again.clone(), sgo.clone(), ico.clone()]),
            expected,
            "in any order recorded; a later order is not a second return"
        );
        assert_eq!(looked_after_until(&[ico.clone(), sgo.clone(), again]), None);
        // Accommodated again under s.20: no order, but looked after.
        let s20 = ev(Event::LookedAfter, d(2026, 4, 1));
        assert_eq!(
            last_break(&[ico.clone(), sgo.clone(), s20.clone()]),
            Some(CareBreak {
                left: d(2025, 3, 3),
                back: d(2026, 4, 1)
            })
        );
        assert_eq!(looked_after_until(&[ico.clone(), sgo.clone(), s20]), None);
        // The looked-after day before the order is no return; nor is an
        // ICO made the same day as the SGO that ends it.
        let first = ev(Event::LookedAfter, d(2024, 1, 5));
        let same_day = ev(Event::InterimCareOrder, d(2025, 3, 3));
        assert_eq!(last_break(&[first, ico, same_day, sgo]), None);
    }

    /// A child who left and came back twice has two breaks, in order,
    /// whatever order the events were recorded in.
    #[test]
    fn every_break_in_care_is_found() {
        let ico = ev(Event::InterimCareOrder, d(2021, 1, 5));
        let sgo = ev(Event::SpecialGuardianshipOrder, d(2022, 3, 1));
        let back = ev(Event::LookedAfter, d(2023, 1, 9));
        let cao = ev(Event::ChildArrangementsOrder, d(2024, 2, 5));
        let again = ev(Event::InterimCareOrder, d(2025, 9, 1));
        let found = breaks(&[again, cao, back, sgo, ico]);
        assert_eq!(
            found,
            [
                CareBreak {
                    left: d(2022, 3, 1),
                    back: d(2023, 1, 9)
                },
                CareBreak {
                    left: d(2024, 2, 5),
                    back: d(2025, 9, 1)
                }
            ]
        );
    }

    #[test]
    fn before_saving_names_the_status_change_and_the_end_of_being_looked_after() {
        let dates = DateStyle::default();
        let ico = ev(Event::InterimCareOrder, d(2026, 1, 5));
        let sgo = ev(Event::SpecialGuardianshipOrder, d(2026, 6, 3));
        let before = [ico.clone()];
        let after = [ico.clone(), sgo.clone()];
        let lines = change_lines(LegalStatus::Ico, &before, &after, dates);
        assert_eq!(
            lines[0],
            "Legal status changes: ICO \u{2192} SGO (from 03/06/2026)"
        );
        assert!(lines[1].starts_with("No longer looked after from 03/06/2026 (Children Act 1989 s.22"));
        // Withdrawing it says the status goes back, and looked after again.
        let back = change_lines(LegalStatus::Sgo, &after, &before, dates);
        assert_eq!(
            back[0],
            "Legal status changes: SGO \u{2192} ICO (from 05/01/2026)"
        );
        assert_eq!(
            back[1],
            "Looked after again: the order that ended it no longer stands"
        );
        // Back in care under a later order, the SGO standing: said so.
        let again = [
            ico.clone(),
            sgo.clone(),
            ev(Event::InterimCareOrder, d(2026, 9, 1)),
        ];
        let returned = change_lines(LegalStatus::Sgo, &after, &again, dates);
        assert_eq!(
            returned[1],
            "Looked after again from 01/09/2026: back in care after the order of 03/06/2026"
        );
        // A review moves nothing; a status set by hand since is left alone.
        let review = [ico.clone(), ev(Event::CaseReview, d(2026, 2, 1))];
        assert!(change_lines(LegalStatus::Ico, &before, &review, dates).is_empty());
        assert!(change_lines(LegalStatus::None, &before, &after, dates).is_empty());
        // A child with no order on record yet: the first order moves it.
        let first = change_lines(LegalStatus::None, &[], &[sgo], dates);
        assert_eq!(
            first[0],
            "Legal status changes: None \u{2192} SGO (from 03/06/2026)"
        );
    }
}
