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
    /// Week 1 begins on this day: the Legal Gateway decision, unless
    /// `basis` says otherwise.
    pub start: NaiveDate,
    pub stage: Stage,
    pub status: PlanStatus,
    /// Where `start` came from, and from when the record holds the plan's
    /// tasks.
    pub basis: PlanBasis,
}

/// How a plan's week 1 was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum StartFrom {
    /// The Legal Gateway decision, recorded or given as the plan's start
    /// (Warrington's tables count every plan from it).
    #[default]
    Gateway,
    /// The start of the period of care the plan belongs to: an SSDA903
    /// import's plans, because the return holds no Legal Gateway date.
    PeriodOfCare,
}

crate::coded::coded! {
    StartFrom, exact;
    Gateway => "gateway";
    PeriodOfCare => "period-of-care";
}

/// Where a plan's dates stand on: how its start was found, and, for a
/// plan brought in with its history, the day the product's record of it
/// began. Before that day the record holds only what the import brought
/// (the events its source records); a task it could not bring is "not
/// known" rather than overdue (see the timeline's `before_record`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct PlanBasis {
    pub start: StartFrom,
    /// `None`: the plan has been in the record from its start.
    pub record_from: Option<NaiveDate>,
}

impl PlanBasis {
    /// What a plan's heading says of its start beyond its day, in full
    /// (`short`: in a few words, for a screen's heading), dates written by
    /// `show`; `None` for a plan counted from its Legal Gateway decision
    /// and in the record from its start, which says nothing more.
    pub fn words(&self, short: bool, show: impl Fn(NaiveDate) -> String) -> Option<String> {
        let start = match (self.start, short) {
            (StartFrom::Gateway, _) => None,
            (StartFrom::PeriodOfCare, true) => Some("period of care".to_string()),
            (StartFrom::PeriodOfCare, false) => Some(
                "counted from the start of the period of care: the SSDA903 return holds no Legal Gateway date".to_string(),
            ),
        };
        let record = self.record_from.map(|on| match short {
            true => format!("record from {}", show(on)),
            false => format!(
                "in the record from {}, so tasks due before then are not known",
                show(on)
            ),
        });
        match (start, record) {
            (Some(s), Some(r)) => Some(format!("{s}; {r}")),
            (s, r) => s.or(r),
        }
    }

    /// A plan proposed by an SSDA903 import on `imported_on`.
    pub fn ssda903(imported_on: NaiveDate) -> PlanBasis {
        PlanBasis {
            start: StartFrom::PeriodOfCare,
            record_from: Some(imported_on),
        }
    }
}

/// Why a plan cannot be counted from a Legal Gateway decision on the day
/// given ([`Plan::with_gateway`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GatewayRefused {
    /// It already counts from its Legal Gateway decision on that day:
    /// nothing to do.
    Unchanged { on: NaiveDate },
    /// A decision about a child cannot precede their birth on the record.
    BeforeBirth { on: NaiveDate, born: NaiveDate },
}

impl Plan {
    /// The plan counted from its Legal Gateway decision on `on` (the day a
    /// worker gives for a plan brought in with its history, which the
    /// import counted from the start of the period of care). This
    /// program's rule, kept here once:
    ///
    /// 1. Week 1 begins on `on`, and the plan says it counts from the
    ///    Gateway (`StartFrom::Gateway`); its role, stage and status stay.
    /// 2. Its record still begins where it did (`record_from` is kept):
    ///    the tasks due before the import were never recorded by anyone,
    ///    and giving the Gateway's day does not record them, so they stay
    ///    "not known" until a worker marks them done with the day.
    /// 3. Done marks stay: they belong to the plan and the item's key,
    ///    not to a date, so each still marks its item done.
    ///
    /// A plan that already counts from a Gateway on that day is refused as
    /// unchanged, as is a day before the child's date of birth. Whether the
    /// day is in the future is the rule every recorded date meets, the
    /// caller's.
    pub fn with_gateway(&self, on: NaiveDate, born: Option<NaiveDate>) -> Result<Plan, GatewayRefused> {
        if self.basis.start == StartFrom::Gateway && self.start == on {
            return Err(GatewayRefused::Unchanged { on });
        }
        if let Some(born) = born.filter(|born| on < *born) {
            return Err(GatewayRefused::BeforeBirth { on, born });
        }
        Ok(Plan {
            start: on,
            basis: PlanBasis {
                start: StartFrom::Gateway,
                record_from: self.basis.record_from,
            },
            ..self.clone()
        })
    }
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
        for from in StartFrom::ALL {
            assert_eq!(StartFrom::parse(from.code()), Some(from));
        }
    }

    #[test]
    fn a_plans_basis_is_said_only_where_it_is_not_the_gateway_from_the_start() {
        let show = |d: NaiveDate| d.format("%d/%m/%Y").to_string();
        assert_eq!(PlanBasis::default().words(false, show), None);
        let imported = PlanBasis::ssda903(NaiveDate::from_ymd_opt(2026, 12, 7).unwrap());
        assert_eq!(
            imported.words(true, show).as_deref(),
            Some("period of care; record from 07/12/2026")
        );
        let restarted = PlanBasis {
            start: StartFrom::Gateway,
            ..imported
        };
        assert_eq!(
            restarted.words(false, show).as_deref(),
            Some("in the record from 07/12/2026, so tasks due before then are not known")
        );
    }

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn imported() -> Plan {
        Plan {
            id: PlanId(7),
            pathway: "adoption".into(),
            role: PlanRole::Contingency,
            start: day(2019, 4, 29),
            stage: Stage::LookedAfter,
            status: PlanStatus::Active,
            basis: PlanBasis::ssda903(day(2026, 12, 6)),
        }
    }

    #[test]
    fn a_gateway_given_moves_the_start_and_keeps_the_record_s_first_day() {
        let plan = imported();
        let given = plan
            .with_gateway(day(2019, 2, 11), Some(day(2018, 6, 1)))
            .unwrap();
        assert_eq!(given.start, day(2019, 2, 11));
        assert_eq!(given.basis.start, StartFrom::Gateway);
        // What was never recorded stays not known.
        assert_eq!(given.basis.record_from, Some(day(2026, 12, 6)));
        assert_eq!(
            (given.id, given.role, given.stage, given.status),
            (plan.id, plan.role, plan.stage, plan.status)
        );
        // A plan in the record from its start stays so.
        let native = Plan {
            basis: PlanBasis::default(),
            ..plan
        };
        let moved = native.with_gateway(day(2019, 5, 6), None).unwrap();
        assert_eq!(moved.basis, PlanBasis::default());
        assert_eq!(moved.start, day(2019, 5, 6));
    }

    #[test]
    fn a_gateway_on_the_same_day_or_before_birth_is_refused() {
        let plan = imported();
        // Counted from the period of care, the same day is still a change
        // (what the plan counts from).
        assert!(plan.with_gateway(plan.start, None).is_ok());
        let given = plan.with_gateway(day(2019, 2, 11), None).unwrap();
        assert_eq!(
            given.with_gateway(day(2019, 2, 11), None),
            Err(GatewayRefused::Unchanged { on: day(2019, 2, 11) })
        );
        assert!(given.with_gateway(day(2019, 2, 12), None).is_ok());
        assert_eq!(
            plan.with_gateway(day(2018, 5, 31), Some(day(2018, 6, 1))),
            Err(GatewayRefused::BeforeBirth {
                on: day(2018, 5, 31),
                born: day(2018, 6, 1)
            })
        );
        assert!(plan.with_gateway(day(2018, 6, 1), Some(day(2018, 6, 1))).is_ok());
    }
}
