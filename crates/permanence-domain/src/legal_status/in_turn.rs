//! The legal status of a record as events are recorded on it one after
//! another, worked out at once from the events in order: what the store
//! decides one event at a time when it writes each (read the events
//! standing before, write, read them again, move the status where the
//! record still followed the events), for an import that records a new
//! child's whole history and need not read each step back. The rule is
//! [`latest`]'s and the following is `permanence-store`'s
//! `follow_legal_status`: this must say exactly what they would, move by
//! move, including the audit entry each move writes.

use super::{follows_orders, latest, made_by_event};
use crate::child::LegalStatus;
use crate::event::{Event, RecordedEvent};
use chrono::NaiveDate;

/// One move of the record's legal status, after the event at `after`
/// (its place among the events recorded) is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StatusMove {
    /// The index of the event after which the status moves.
    pub after: usize,
    /// The record's status before the move.
    pub from: LegalStatus,
    /// Whether `from` was the record's own (no order stood before the
    /// event), which withdrawing every order later puts back.
    pub own: bool,
    /// The order now standing, and the day it took effect.
    pub to: LegalStatus,
    pub since: NaiveDate,
}

/// Every move of the legal status as `events` are recorded in this order
/// on a record that holds no events yet, whose legal status is `now`.
/// An event that makes no order moves nothing; one that does moves the
/// status to the latest order standing, unless the record had stopped
/// following the events (its status is not what the orders before gave:
/// set by hand since). The events stand, as the store reads them, by day
/// and then in the order they were recorded.
pub fn moves_in_turn(mut now: LegalStatus, events: &[(Event, NaiveDate)]) -> Vec<StatusMove> {
    let mut standing: Vec<RecordedEvent> = Vec::with_capacity(events.len());
    let mut moves = Vec::new();
    for (index, &(event, on)) in events.iter().enumerate() {
        let followed = made_by_event(event).map(|_| latest(&standing).map(|(s, _)| s));
        // After every event standing on the same day or before: the
        // store's order (`ORDER BY on_date, id`).
        let at = standing.partition_point(|e| e.on <= on);
        standing.insert(at, RecordedEvent { event, on });
        let Some(followed) = followed else {
            continue;
        };
        if !follows_orders(now, followed) {
            continue;
        }
        // An order was just recorded, so one stands.
        let Some((to, since)) = latest(&standing) else {
            continue;
        };
        if to == now {
            continue;
        }
        moves.push(StatusMove {
            after: index,
            from: now,
            own: followed.is_none(),
            to,
            since,
        });
        now = to;
    }
    moves
}

#[cfg(test)]
mod tests {
    use super::*;
    use LegalStatus::{Cao, Co, Ico, Po, S20, Sgo};

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
    }

    fn statuses(moves: &[StatusMove]) -> Vec<(usize, LegalStatus, bool, LegalStatus)> {
        moves.iter().map(|m| (m.after, m.from, m.own, m.to)).collect()
    }

    #[test]
    fn each_later_order_moves_the_status_from_the_records_own() {
        let events = [
            (Event::LookedAfter, d(2020, 1, 6)),
            (Event::InterimCareOrder, d(2020, 1, 10)),
            (Event::CareOrder, d(2020, 9, 1)),
            (Event::PlacementOrder, d(2021, 3, 2)),
        ];
        let moves = moves_in_turn(S20, &events);
        assert_eq!(
            statuses(&moves),
            [(1, S20, true, Ico), (2, Ico, false, Co), (3, Co, false, Po)]
        );
        assert_eq!(moves[2].since, d(2021, 3, 2));
    }

    #[test]
    fn an_earlier_order_recorded_after_a_later_one_moves_nothing() {
        // The care order stands from September; the interim order,
        // recorded second but dated before it, does not take its place.
        let events = [
            (Event::CareOrder, d(2020, 9, 1)),
            (Event::InterimCareOrder, d(2020, 1, 10)),
        ];
        let moves = moves_in_turn(LegalStatus::None, &events);
        assert_eq!(statuses(&moves), [(0, LegalStatus::None, true, Co)]);
    }

    #[test]
    fn a_status_that_already_is_the_orders_is_not_moved() {
        let events = [
            (Event::CareOrder, d(2020, 9, 1)),
            (Event::PlacementOrder, d(2021, 1, 4)),
        ];
        let moves = moves_in_turn(Co, &events);
        assert_eq!(statuses(&moves), [(1, Co, false, Po)]);
    }

    #[test]
    fn an_order_ranking_below_the_standing_one_on_its_day_moves_nothing() {
        // A care order made with the placement order: the placement order
        // is what the child is then under, whichever was recorded first.
        let events = [
            (Event::PlacementOrder, d(2021, 1, 4)),
            (Event::CareOrder, d(2021, 1, 4)),
            (Event::SpecialGuardianshipOrder, d(2022, 6, 1)),
        ];
        let moves = moves_in_turn(S20, &events);
        assert_eq!(statuses(&moves), [(0, S20, true, Po), (2, Po, false, Sgo)]);
    }

    #[test]
    fn orders_on_one_day_stand_by_rank_then_as_recorded() {
        // An SGO and a CAO on one day rank alike: the one recorded last stands.
        let on = d(2022, 6, 1);
        let events = [
            (Event::SpecialGuardianshipOrder, on),
            (Event::ChildArrangementsOrder, on),
        ];
        let moves = moves_in_turn(LegalStatus::None, &events);
        assert_eq!(
            statuses(&moves),
            [(0, LegalStatus::None, true, Sgo), (1, Sgo, false, Cao)]
        );
    }

    #[test]
    fn events_that_make_no_order_move_nothing() {
        let events = [
            (Event::LookedAfter, d(2020, 1, 6)),
            (Event::CaseReview, d(2020, 2, 1)),
        ];
        assert!(moves_in_turn(S20, &events).is_empty());
    }
}
