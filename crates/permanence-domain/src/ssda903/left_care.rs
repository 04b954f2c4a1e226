//! What an import does with a plan the record still holds open for a
//! child the import holds is no longer looked after: one who has turned
//! 18 by the day of the import (Children Act 1989, s.105(1); see
//! [`ChildImport::adult_on`]), or whose last period of care the files show
//! ended. An earlier import may have opened that plan while the child was
//! still looked after (last year's files, read when they were 17), and the
//! import now proposes no current plan, so nothing else would touch it: a
//! live plan, with its tasks falling due, for a young person of 19.
//!
//! The rule (this program's): a plan an import opened (counted from the
//! period of care, `StartFrom::PeriodOfCare`) is closed as ceased on the
//! day care ended, as an ended episode closes the plan of its period; a
//! plan started in the app, or given its Legal Gateway decision there, is
//! the app's, and the import leaves it, saying which and what to do.
//! Either way the child and plan are named, in a dry run before anything
//! is saved and in the import's report.

use super::mapping::{ChildImport, UNDER_EIGHTEEN, eighteenth_birthday};
use crate::date::uk;
use crate::plan::{Plan, PlanStatus, StartFrom};
use crate::sanitise::clean_line;
use chrono::NaiveDate;

/// When, and why, the import holds a child no longer looked after.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeftCare {
    /// The day care ended: the `DEC` of the last period, or the 18th
    /// birthday (the first day not looked after, as `DEC` is).
    pub on: NaiveDate,
    pub why: String,
}

/// What the import does with one open plan of a child who has left care.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpenPlan {
    /// Opened by an import: closed as ceased on this day.
    Close(NaiveDate),
    /// The app's (or begun after care ended): left open, and named.
    Leave,
}

impl ChildImport {
    /// When and why the child is no longer looked after, as this import
    /// holds them on `today`, where it proposes no current plan: their
    /// last period of care ended in the files (at the latest on the 18th
    /// birthday), or they have turned 18. `None` while they are looked
    /// after, or where their date of birth is not known and the files
    /// leave care open.
    pub fn left_care(&self, today: NaiveDate) -> Option<LeftCare> {
        if self.plans.iter().any(|p| p.closed.is_none()) {
            return None;
        }
        let born = self.patch.date_of_birth.flatten();
        let eighteen = born.map(eighteenth_birthday);
        let adult = born.is_some_and(|b| crate::supervision::age_on(b, today) >= 18);
        let at_eighteen = |on: NaiveDate| LeftCare {
            on,
            why: format!(
                "they turned 18 on {}, and a young person is no longer looked after from 18 ({UNDER_EIGHTEEN}; this program's rule)",
                uk(on)
            ),
        };
        match self.periods.last() {
            Some((_, Some(end))) => match eighteen {
                Some(eighteen) if eighteen < *end => Some(at_eighteen(eighteen)),
                _ => Some(LeftCare {
                    on: *end,
                    why: format!("the files show their last period of care ended on {}", uk(*end)),
                }),
            },
            _ if adult => eighteen.map(at_eighteen),
            _ => None,
        }
    }
}

/// What the import does with `plan`, still open on the record, for a
/// child who left care as `left` says: closed if an import opened it
/// before care ended, else left (see the module's rule).
pub fn open_plan(plan: &Plan, left: &LeftCare) -> OpenPlan {
    if plan.status == PlanStatus::Active
        && plan.basis.start == StartFrom::PeriodOfCare
        && plan.start <= left.on
    {
        OpenPlan::Close(left.on)
    } else {
        OpenPlan::Leave
    }
}

/// The line the import says about `plan` of child `reference`: what it
/// does (`dry_run`: would do) and why, or what the user should do.
pub fn said(reference: &str, plan: &Plan, left: &LeftCare, dry_run: bool) -> String {
    let who = clean_line(reference);
    let name = format!("{} plan {}", plan.role.code(), clean_line(&plan.pathway));
    match open_plan(plan, left) {
        OpenPlan::Close(on) => format!(
            "{who}: {name}, opened by an earlier import, {} as ceased on {}: {}",
            if dry_run { "would be closed" } else { "closed" },
            uk(on),
            left.why
        ),
        OpenPlan::Leave => format!(
            "{who}: {name} is still open, though {}: {}, so the import leaves it; if they have left care, close it (permanence plan close {who} {} --outcome ceased --on DD/MM/YYYY, or X on the Timeline tab)",
            left.why,
            left_because(plan, left),
            clean_line(&plan.pathway)
        ),
    }
}

/// Why the import leaves `plan` open: the app's (started or given its
/// Legal Gateway decision there), or an import's that began after the day
/// care ended, which closing "on" that day would put before its start.
fn left_because(plan: &Plan, left: &LeftCare) -> String {
    match plan.basis.start {
        StartFrom::PeriodOfCare => format!("it began on {}, after {}", uk(plan.start), uk(left.on)),
        StartFrom::Gateway => "it was started or given its Legal Gateway decision in the app".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::{PlanBasis, PlanId, PlanRole, Stage};

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%d/%m/%Y").unwrap()
    }

    fn plan(start: &str, from: StartFrom) -> Plan {
        Plan {
            id: PlanId(1),
            pathway: "permanent-fostering".into(),
            role: PlanRole::Primary,
            start: d(start),
            stage: Stage::LookedAfter,
            status: PlanStatus::Active,
            basis: PlanBasis {
                start: from,
                record_from: Some(d("01/12/2025")),
            },
        }
    }

    fn child(born: &str, periods: Vec<(NaiveDate, Option<NaiveDate>)>) -> ChildImport {
        let mut child = ChildImport {
            reference: "900001".into(),
            patch: Default::default(),
            periods,
            history: Vec::new(),
            plans: Vec::new(),
            unplaced: None,
        };
        child.patch.date_of_birth = Some(Some(d(born)));
        child
    }

    #[test]
    fn a_young_person_of_18_with_care_open_in_the_files_left_on_the_birthday() {
        let c = child("10/06/2007", vec![(d("01/02/2016"), None)]);
        assert_eq!(c.left_care(d("09/06/2025")), None, "17 the day before");
        let left = c.left_care(d("06/12/2026")).unwrap();
        assert_eq!(left.on, d("10/06/2025"));
        assert!(left.why.contains("Children Act 1989, s.105(1)"), "{}", left.why);
    }

    #[test]
    fn an_ended_period_is_left_on_its_end_or_the_birthday_if_sooner() {
        let ended = child("10/06/2012", vec![(d("01/02/2016"), Some(d("03/03/2020")))]);
        assert_eq!(ended.left_care(d("06/12/2026")).unwrap().on, d("03/03/2020"));
        let late = child("10/06/2002", vec![(d("01/02/2016"), Some(d("03/03/2021")))]);
        assert_eq!(late.left_care(d("06/12/2026")).unwrap().on, d("10/06/2020"));
        let open = child("10/06/2012", vec![(d("01/02/2016"), None)]);
        assert_eq!(open.left_care(d("06/12/2026")), None, "14 and still looked after");
    }

    #[test]
    fn only_a_plan_an_import_opened_before_care_ended_is_closed() {
        let left = LeftCare {
            on: d("10/06/2025"),
            why: "they turned 18".into(),
        };
        let imported = plan("01/02/2016", StartFrom::PeriodOfCare);
        assert_eq!(open_plan(&imported, &left), OpenPlan::Close(d("10/06/2025")));
        assert!(said("900001", &imported, &left, true).contains("would be closed as ceased on 10/06/2025"));
        let apps = plan("01/02/2016", StartFrom::Gateway);
        assert_eq!(open_plan(&apps, &left), OpenPlan::Leave);
        assert!(
            said("900001", &apps, &left, false).contains("permanence plan close 900001 permanent-fostering")
        );
        let later = plan("01/07/2025", StartFrom::PeriodOfCare);
        assert_eq!(open_plan(&later, &left), OpenPlan::Leave);
        let said_later = said("900001", &later, &left, false);
        assert!(
            said_later.contains("it began on 01/07/2025, after 10/06/2025")
                && !said_later.contains("in the app"),
            "an import's plan is not said to be the app's: {said_later}"
        );
    }
}
