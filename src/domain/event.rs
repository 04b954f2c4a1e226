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
}

impl Event {
    pub const ALL: [Event; 18] = [
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
        }
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
        ] {
            assert!(Event::parse(code).is_some(), "{code}");
        }
        assert_eq!(Event::parse("birthday"), None);
    }
}
