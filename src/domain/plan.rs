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

impl PlanRole {
    pub fn code(self) -> &'static str {
        match self {
            PlanRole::Primary => "primary",
            PlanRole::Contingency => "contingency",
        }
    }

    pub fn parse(text: &str) -> Option<PlanRole> {
        match text.trim().to_ascii_lowercase().as_str() {
            "primary" => Some(PlanRole::Primary),
            "contingency" => Some(PlanRole::Contingency),
            _ => None,
        }
    }
}

/// Where the plan stands legally, which decides which tasks apply
/// ("If in Care Proceedings").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Stage {
    PreProceedings,
    Proceedings,
    LookedAfter,
}

impl Stage {
    pub const ALL: [Stage; 3] = [Stage::PreProceedings, Stage::Proceedings, Stage::LookedAfter];

    pub fn code(self) -> &'static str {
        match self {
            Stage::PreProceedings => "pre-proceedings",
            Stage::Proceedings => "proceedings",
            Stage::LookedAfter => "looked-after",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Stage::PreProceedings => "Pre-proceedings",
            Stage::Proceedings => "Care proceedings",
            Stage::LookedAfter => "Looked after",
        }
    }

    pub fn parse(text: &str) -> Option<Stage> {
        let wanted = text.trim().to_ascii_lowercase();
        Stage::ALL.into_iter().find(|s| s.code() == wanted)
    }
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

impl PlanStatus {
    pub fn code(self) -> &'static str {
        match self {
            PlanStatus::Active => "active",
            PlanStatus::Closed => "closed",
        }
    }

    pub fn parse(text: &str) -> Option<PlanStatus> {
        match text {
            "active" => Some(PlanStatus::Active),
            "closed" => Some(PlanStatus::Closed),
            _ => None,
        }
    }
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
    }
}
