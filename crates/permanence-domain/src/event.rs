//! The events a child's plan is counted from: a Legal Gateway decision,
//! becoming looked after, a review, an order. Each is recorded with the
//! date it happened; until then, the date it is planned for stands in.

use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Event {
    Gateway,
    LookedAfter,
    Ppm,
    CaseReview,
    Issue,
    DecisionToIssue,
    CourtExtension,
    Shobpa,
    PlacementOrder,
    MatchingPanel,
    Placement,
    OrderMade,
    OrderExpiry,
    Visit,
    AdopterIdentified,
    CarerIdentified,
    ExtensionAgreed,
    SecondPeriod,
    Shortlisting,
    CareOrder,
    SpecialGuardianshipOrder,
    ChildArrangementsOrder,
    NoOrder,
    InterimCareOrder,
    FosterPlacement,
}

// `ALL`: In the order chronologies rank events of the same day: new events
// go at the end, so existing orders stay as they were.
// `code`: The name files and the command line use.
// `label`: How the event reads in an explanation: "20 working days after
// *became looked after* on 19/12/2024".
crate::coded::coded! {
    Event, loose;
    Gateway => "gateway", "the Legal Gateway decision";
    LookedAfter => "looked-after", "became looked after";
    Ppm => "ppm", "the Permanence Planning Meeting";
    CaseReview => "case-review", "the case review";
    Issue => "issue", "the issue of care proceedings";
    DecisionToIssue => "decision-to-issue", "the decision to issue proceedings";
    CourtExtension => "court-extension", "an extension granted by the court";
    Shobpa => "shobpa", "the ADM decision (SHOBPA)";
    PlacementOrder => "placement-order", "the Placement Order";
    MatchingPanel => "matching-panel", "the matching panel";
    Placement => "placement", "the placement";
    OrderMade => "order-made", "the order being made";
    OrderExpiry => "order-expiry", "the order's expiry";
    Visit => "visit", "the statutory visit";
    AdopterIdentified => "adopter-identified", "an adopter being identified";
    CarerIdentified => "carer-identified", "a permanent carer being identified";
    ExtensionAgreed => "extension-agreed", "an extension being agreed";
    SecondPeriod => "second-period", "a second period of pre-proceedings";
    Shortlisting => "shortlisting", "the shortlisting of adopters";
    CareOrder => "care-order", "the Care Order";
    SpecialGuardianshipOrder => "special-guardianship-order", "the Special Guardianship Order";
    ChildArrangementsOrder => "child-arrangements-order", "the Child Arrangements Order";
    NoOrder => "no-order", "the proceedings ending with no order";
    InterimCareOrder => "interim-care-order", "the Interim Care Order";
    // Where the child was adopted by their foster carers: the day they
    // went to live with them as foster carers, from which the DfE's A10
    // counts instead of the adoptive placement.
    FosterPlacement => "foster-placement", "the foster placement with the carers who adopted";
}

impl Event {
    /// A final order (or the court making none) that ends care
    /// proceedings: the 26 weeks of s32 are met by any of them, whichever
    /// order the court made. `order-made` and `placement-order` are the
    /// codes recorded before the others existed, and conclude too.
    pub fn concludes_proceedings(self) -> bool {
        matches!(
            self,
            Event::OrderMade
                | Event::PlacementOrder
                | Event::CareOrder
                | Event::SpecialGuardianshipOrder
                | Event::ChildArrangementsOrder
                | Event::NoOrder
        )
    }

    /// Whether the event is the child's, counted by every plan whenever it
    /// happened (becoming looked after, case reviews, statutory visits:
    /// the child's own clocks, which run whatever the plan), rather than
    /// the plan's, counted only on or after the plan's start (a Gateway,
    /// PPMs, the issue of proceedings, SHOBPA, panels, orders, the
    /// placement): an earlier plan's or period's events are its own.
    pub fn is_childs(self) -> bool {
        matches!(self, Event::LookedAfter | Event::CaseReview | Event::Visit)
    }
}

impl fmt::Display for Event {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// An event as recorded for a child.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordedEvent {
    pub event: Event,
    pub on: chrono::NaiveDate,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_the_cli_contract_events_exist() {
        for event in Event::ALL {
            assert_eq!(Event::parse(event.code()), Some(event));
        }
        for code in [
            "gateway",
            "looked-after",
            "ppm",
            "case-review",
            "issue",
            "shobpa",
            "placement-order",
            "matching-panel",
            "placement",
            "order-made",
            "shortlisting",
            "care-order",
            "special-guardianship-order",
            "child-arrangements-order",
            "no-order",
        ] {
            assert!(Event::parse(code).is_some(), "{code}");
        }
        assert_eq!(Event::parse("birthday"), None);
    }

    #[test]
    fn every_final_order_concludes_proceedings_and_nothing_else_does() {
        let concluding: Vec<&str> = Event::ALL
            .into_iter()
            .filter(|e| e.concludes_proceedings())
            .map(Event::code)
            .collect();
        assert_eq!(
            concluding,
            [
                "placement-order",
                "order-made",
                "care-order",
                "special-guardianship-order",
                "child-arrangements-order",
                "no-order"
            ]
        );
    }
}
