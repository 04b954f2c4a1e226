//! Catching up a case already under way on the Timeline tab: Space
//! selects or deselects the item under the cursor (marked in the list,
//! counted in the status line), and `M` opens one dialog that marks every
//! selected item done, each on its own target date or all on one date,
//! in one save (`service::catch_up`), or, with a reason typed in its last
//! field, marks them all not needed instead, in one save
//! (`service::not_needed`). `N` marks the item under the cursor not
//! needed, with a reason.

use super::ChildView;
use super::plan_dialogs::PlanForm;
use crate::domain::date::DateStyle;
use crate::domain::plan::PlanId;
use crate::domain::timeline::{Timeline, TimelineItem};
use crate::modal::{Field, Form, FormPurpose, Modal};
use crate::service::catch_up::Pick;
use chrono::NaiveDate;

/// An item selected with Space: its plan and key.
pub type Picked = (PlanId, String);

fn item<'a>(timeline: &'a Timeline, (plan, key): &Picked) -> Option<&'a TimelineItem> {
    timeline
        .plans
        .iter()
        .filter(|p| p.plan.id == *plan)
        .flat_map(|p| &p.items)
        .find(|i| i.key == *key)
}

/// Keeps the selections whose item is still there and still open (after
/// the timeline is read again).
pub fn keep_open(picked: &mut Vec<Picked>, timeline: &Timeline) {
    picked.retain(|p| item(timeline, p).is_some_and(|i| i.done_on.is_none()));
}

impl ChildView {
    /// Whether the item is selected for catching up.
    pub fn is_picked(&self, plan: PlanId, key: &str) -> bool {
        self.picked.iter().any(|(p, k)| *p == plan && k == key)
    }

    /// Space: selects the item under the cursor, or deselects it; what
    /// to say where it cannot be.
    pub fn toggle_pick(&mut self, dates: DateStyle) -> Option<String> {
        let Some((plan, item)) = self.selected_item() else {
            return Some("There is no item here".to_string());
        };
        if let Some(on) = item.done_on {
            return Some(format!("Already done on {}", dates.show(on)));
        }
        if !item.status.is_open() {
            return Some("This item does not apply to the child: nothing to catch up".to_string());
        }
        let picked = (self.timeline.plans[plan].plan.id, item.key.clone());
        match self.picked.iter().position(|p| *p == picked) {
            Some(at) => {
                self.picked.remove(at);
            }
            None => self.picked.push(picked),
        }
        None
    }
}

/// How many selected items get a row of their own in the dialog: as
/// many as fit it at 80x24; any more are each done on their target, or
/// on the one date typed for all.
pub const ROWS: usize = 6;

/// The rows' labels (a field's label is fixed text): the intro names the
/// item of each number.
const ROW_LABELS: [&str; ROWS] = ["1", "2", "3", "4", "5", "6"];

/// `M`: the selected items as they are shown, a row each (up to
/// [`ROWS`]) holding the day it was done, its target to begin with, and
/// one date field that, filled in, puts them all on that day instead.
pub fn catch_up_form(view: &ChildView, today: NaiveDate, dates: DateStyle) -> Result<Modal, String> {
    let picks: Vec<Pick> = view
        .picked
        .iter()
        .filter_map(|p| {
            let item = item(&view.timeline, p)?;
            Some(Pick {
                plan: p.0,
                key: p.1.clone(),
                title: item.title.trim_end_matches('.').to_string(),
                seen_done: item.done_on,
                on: item.target.or(item.deadline).unwrap_or(today),
            })
        })
        .collect();
    if picks.is_empty() {
        return Err("Select the items to catch up with Space first, then M marks them done".to_string());
    }
    let mut intro = vec![format!(
        "Marks {} selected item{} done in one save, each on its row's date:",
        picks.len(),
        if picks.len() == 1 { "" } else { "s" }
    )];
    intro.extend(
        picks
            .iter()
            .zip(ROW_LABELS)
            .map(|(p, label)| format!("{label} \u{2022} {}", p.title)),
    );
    if picks.len() > ROWS {
        intro.push(format!(
            "\u{2026} and {} more, each on its target",
            picks.len() - ROWS
        ));
    }
    let mut fields: Vec<Field> = picks
        .iter()
        .zip(ROW_LABELS)
        .map(|(p, label)| Field::new(label, dates.show(p.on), "the day it was done"))
        .collect();
    fields.push(Field::new("All on", String::new(), "blank: each on its own date"));
    fields.push(Field::new(
        "Not needed",
        String::new(),
        "or a reason: all not needed instead",
    ));
    Ok(Modal::Form(
        Form::new(
            "Catch up: mark done",
            fields,
            FormPurpose::Plan(PlanForm::CatchUp { picks }),
        )
        .with_intro(intro),
    ))
}

/// `N`: the item under the cursor, marked not needed with a reason; a
/// done or required item is refused at once, in the domain's words.
pub fn not_needed_form(view: &ChildView) -> Result<Modal, String> {
    let Some((plan, item)) = view.selected_item() else {
        return Err("There is no item here".to_string());
    };
    not_needed_item_form(view.timeline.plans[plan].plan.id, item)
}

/// The `N` dialog on `item` of the plan `plan`, wherever the item was
/// chosen (the Timeline tab, or "what next"): a done or required item
/// is refused at once, in the domain's words.
pub fn not_needed_item_form(plan: PlanId, item: &TimelineItem) -> Result<Modal, String> {
    if let Some(refused) = crate::domain::timeline::not_needed::refusal(item) {
        return Err(capitalised(&refused.to_string()));
    }
    let pick = crate::service::not_needed::Pick::of(plan, item);
    let intro = vec![
        format!("{} \u{2022} {}", item.key, item.title.trim_end_matches('.')),
        "The plan will not do it: it stays on the timeline, shown not needed with the reason, and no longer counts as overdue.".to_string(),
    ];
    Ok(Modal::Form(
        Form::new(
            "Not needed",
            vec![Field::new("Reason", String::new(), "why the plan will not do it")],
            FormPurpose::Plan(PlanForm::NotNeeded { pick }),
        )
        .with_intro(intro),
    ))
}

/// `u` on an item marked not needed: the reason for taking the mark back.
pub fn take_back_form(view: &ChildView) -> Option<Modal> {
    let (plan, item) = view.selected_item()?;
    let mark = item.not_needed.as_ref()?;
    let pick = crate::service::not_needed::Pick::of(view.timeline.plans[plan].plan.id, item);
    Some(Modal::Form(
        Form::new(
            "Needed after all",
            vec![Field::new("Reason", String::new(), "why it is needed after all")],
            FormPurpose::Plan(PlanForm::TakeBack { pick }),
        )
        .with_intro(vec![
            format!("{} \u{2022} {}", item.key, item.title.trim_end_matches('.')),
            mark.says(),
            "Taking the mark back opens the item again; the mark is kept, withdrawn.".to_string(),
        ]),
    ))
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// The picks on the days typed in their rows (`None`: blank, its
/// target), or all on the day typed for them all. A day in the future
/// or implausible is refused naming its row's item: `(row, why)`.
pub fn dated(
    picks: &[Pick],
    rows: &[Option<NaiveDate>],
    all_on: Option<NaiveDate>,
    today: NaiveDate,
    dates: DateStyle,
) -> Result<Vec<Pick>, (usize, String)> {
    let mut out = Vec::with_capacity(picks.len());
    for (i, pick) in picks.iter().enumerate() {
        let on = all_on.or(rows.get(i).copied().flatten()).unwrap_or(pick.on);
        crate::service::corrections::check_date(on, today, dates).map_err(|e| {
            let row = if all_on.is_some() {
                rows.len()
            } else {
                i.min(rows.len())
            };
            (row, format!("{}: {e}", pick.title))
        })?;
        out.push(Pick { on, ..pick.clone() });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 1, d).unwrap()
    }

    fn pick(key: &str, on: NaiveDate) -> Pick {
        Pick {
            plan: PlanId(1),
            key: key.into(),
            title: format!("The {key}"),
            seen_done: None,
            on,
        }
    }

    #[test]
    fn each_pick_takes_its_row_a_blank_row_its_target_and_all_on_overrides_them() {
        let picks = [pick("a", day(2)), pick("b", day(3)), pick("c", day(4))];
        let today = day(20);
        let dates = DateStyle::default();
        let on = |picks: &[Pick]| picks.iter().map(|p| p.on).collect::<Vec<_>>();
        let rows = [Some(day(5)), None, Some(day(7))];
        assert_eq!(
            on(&dated(&picks, &rows, None, today, dates).unwrap()),
            [day(5), day(3), day(7)]
        );
        assert_eq!(
            on(&dated(&picks, &rows, Some(day(9)), today, dates).unwrap()),
            [day(9); 3]
        );
        // Past the rows, a pick keeps its target.
        assert_eq!(
            on(&dated(&picks, &rows[..1], None, today, dates).unwrap()),
            [day(5), day(3), day(4)]
        );
    }

    #[test]
    fn a_future_day_is_refused_on_its_row_naming_its_item() {
        let picks = [pick("a", day(2)), pick("b", day(3))];
        let dates = DateStyle::default();
        let (row, why) = dated(&picks, &[None, Some(day(25))], None, day(20), dates).unwrap_err();
        assert_eq!(row, 1);
        assert!(why.starts_with("The b: ") && why.contains("future"), "{why}");
        // Typed for them all, it is refused on the All on field.
        let (row, _) = dated(&picks, &[None, None], Some(day(25)), day(20), dates).unwrap_err();
        assert_eq!(row, 2);
    }
}
