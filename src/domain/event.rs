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
}

impl Event {
    /// In the order chronologies rank events of the same day: new events
    /// go at the end, so existing orders stay as they were.
    pub const ALL: [Event; 23] = [
        Event::Gateway,
        Event::LookedAfter,
        Event::Ppm,
        Event::CaseReview,
        Event::Issue,
        Event::DecisionToIssue,
        Event::CourtExtension,
        Event::Shobpa,
        Event::PlacementOrder,
        Event::MatchingPanel,
        Event::Placement,
        Event::OrderMade,
        Event::OrderExpiry,
        Event::Visit,
        Event::AdopterIdentified,
        Event::CarerIdentified,
        Event::ExtensionAgreed,
        Event::SecondPeriod,
        Event::Shortlisting,
        Event::CareOrder,
        Event::SpecialGuardianshipOrder,
        Event::ChildArrangementsOrder,
        Event::NoOrder,
    ];

    /// The name files and the command line use.
    pub fn code(self) -> &'static str {
        match self {
            Event::Gateway => "gateway",
            Event::LookedAfter => "looked-after",
            Event::Ppm => "ppm",
            Event::CaseReview => "case-review",
            Event::Issue => "issue",
            Event::DecisionToIssue => "decision-to-issue",
            Event::CourtExtension => "court-extension",
            Event::Shobpa => "shobpa",
            Event::PlacementOrder => "placement-order",
            Event::MatchingPanel => "matching-panel",
            Event::Placement => "placement",
            Event::OrderMade => "order-made",
            Event::OrderExpiry => "order-expiry",
            Event::Visit => "visit",
            Event::AdopterIdentified => "adopter-identified",
            Event::CarerIdentified => "carer-identified",
            Event::ExtensionAgreed => "extension-agreed",
            Event::SecondPeriod => "second-period",
            Event::Shortlisting => "shortlisting",
            Event::CareOrder => "care-order",
            Event::SpecialGuardianshipOrder => "special-guardianship-order",
            Event::ChildArrangementsOrder => "child-arrangements-order",
            Event::NoOrder => "no-order",
        }
    }

    /// How the event reads in an explanation: "20 working days after
    /// *became looked after* on 19/12/2024".
    pub fn label(self) -> &'static str {
        match self {
            Event::Gateway => "the Legal Gateway decision",
            Event::LookedAfter => "became looked after",
            Event::Ppm => "the Permanence Planning Meeting",
            Event::CaseReview => "the case review",
            Event::Issue => "the issue of care proceedings",
            Event::DecisionToIssue => "the decision to issue proceedings",
            Event::CourtExtension => "an extension granted by the court",
            Event::Shobpa => "the ADM decision (SHOBPA)",
            Event::PlacementOrder => "the Placement Order",
            Event::MatchingPanel => "the matching panel",
            Event::Placement => "the placement",
            Event::OrderMade => "the order being made",
            Event::OrderExpiry => "the order's expiry",
            Event::Visit => "the statutory visit",
            Event::AdopterIdentified => "an adopter being identified",
            Event::CarerIdentified => "a permanent carer being identified",
            Event::ExtensionAgreed => "an extension being agreed",
            Event::SecondPeriod => "a second period of pre-proceedings",
            Event::Shortlisting => "the shortlisting of adopters",
            Event::CareOrder => "the Care Order",
            Event::SpecialGuardianshipOrder => "the Special Guardianship Order",
            Event::ChildArrangementsOrder => "the Child Arrangements Order",
            Event::NoOrder => "the proceedings ending with no order",
        }
    }

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

    pub fn parse(text: &str) -> Option<Event> {
        let wanted = text.trim().to_ascii_lowercase();
        Event::ALL.into_iter().find(|e| e.code() == wanted)
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
