//! A child's plans: one primary and any contingencies (twin- and
//! multi-track planning), each following a pathway from a start date.

use chrono::NaiveDate;
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PlanId(pub i64);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PlanRole {
    Primary,
    Contingency,
}

crate::coded::coded! {
    PlanRole, loose;
    Primary => "primary";
    Contingency => "contingency";
}

/// Where the plan stands legally, which decides which tasks apply
/// ("If in Care Proceedings").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Stage {
    PreProceedings,
    Proceedings,
    LookedAfter,
}

crate::coded::coded! {
    Stage, loose;
    PreProceedings => "pre-proceedings", "Pre-proceedings";
    Proceedings => "proceedings", "Care proceedings";
    LookedAfter => "looked-after", "Looked after";
}

impl fmt::Display for Stage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PlanStatus {
    Active,
    /// Replaced or ended; kept for its history.
    Closed,
}

crate::coded::coded! {
    PlanStatus, exact;
    Active => "active";
    Closed => "closed";
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    pub id: PlanId,
    /// The pathway's name, such as `adoption`.
    pub pathway: String,
    pub role: PlanRole,
    /// Week 1 begins on this day: the Legal Gateway decision.
    pub start: NaiveDate,
    pub stage: Stage,
    pub status: PlanStatus,
}

/// How a plan ended, in issue 18's words: the order it worked towards was
/// made, the child's plan changed to another, or it ceased (the child
/// went home, turned 18, or the plan was no longer needed).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PlanEnding {
    OrderMade,
    PlanChanged,
    Ceased,
}

crate::coded::coded! {
    PlanEnding, loose;
    OrderMade => "order-made", "order made";
    PlanChanged => "plan-changed", "plan changed";
    Ceased => "ceased", "ceased";
}

/// When and how a closed plan ended, kept beside the plan so that the
/// timeline can show it closed with its outcome and date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PlanClosure {
    pub plan: PlanId,
    pub on: NaiveDate,
    pub ending: PlanEnding,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for stage in Stage::ALL {
            assert_eq!(Stage::parse(stage.code()), Some(stage));
        }
        assert_eq!(PlanRole::parse("Primary"), Some(PlanRole::Primary));
        assert_eq!(PlanRole::parse("contingency"), Some(PlanRole::Contingency));
        assert_eq!(PlanRole::parse("backup"), None);
        assert_eq!(PlanStatus::parse("closed"), Some(PlanStatus::Closed));
        for ending in PlanEnding::ALL {
            assert_eq!(PlanEnding::parse(ending.code()), Some(ending));
        }
        assert_eq!(PlanEnding::parse("Order-Made"), Some(PlanEnding::OrderMade));
    }
}
