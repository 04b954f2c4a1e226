//! The plans left open for a child the import holds is no longer looked
//! after (`domain::ssda903::left_care`): after the child's proposed plans
//! are put, each plan the record still holds open is closed as ceased, if
//! an import opened it, or left and named, if it is the app's; every one
//! is said, child and plan, in a dry run and in the report.

use super::PlanCounts;
use crate::domain::plan::{PlanEnding, PlanStatus};
use crate::domain::ssda903::left_care::{self, OpenPlan};
use crate::domain::ssda903::mapping::ChildImport;
use crate::store::{StoreError, Writer};
use chrono::NaiveDate;

/// Closes (audited, by the writer) or names each plan still open for
/// `child` once the import holds them no longer looked after on `today`;
/// the lines said about them go to `out`, by child.
pub(super) fn close_left_open(
    w: &mut Writer<'_>,
    child: &ChildImport,
    today: NaiveDate,
    dry_run: bool,
    counts: &mut PlanCounts,
    out: &mut Vec<(String, String)>,
) -> Result<(), StoreError> {
    let Some(left) = child.left_care(today) else {
        return Ok(());
    };
    let Some(id) = w.child_id(&child.reference)? else {
        return Ok(());
    };
    for plan in w.plans(id)?.iter().filter(|p| p.status == PlanStatus::Active) {
        out.push((
            child.reference.clone(),
            left_care::said(&child.reference, plan, &left, dry_run),
        ));
        if let OpenPlan::Close(on) = left_care::open_plan(plan, &left) {
            w.close_plan(plan, on, PlanEnding::Ceased)?;
            counts.closed += 1;
        }
    }
    Ok(())
}
