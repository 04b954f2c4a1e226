//! Keys on the child's Timeline tab: moving through the items, explaining
//! one, and the dialogs that mark one done, take it back, correct its
//! date, record an event, add an item or filter the list by role.

use super::refused;
use crate::action::Action;
use crate::app::capitalise;
use crate::component::{Ctx, Handled};
use crate::domain::date::DateStyle;
use crate::domain::event::Event;
use crate::domain::plan::PlanRole;
use crate::layout;
use crate::modal::{Field, Form, FormPurpose, Modal, Picker, PickerPurpose};
use crate::screens::child::{ChildView, events, timeline_list};
use chrono::NaiveDate;

impl ChildView {
    /// Actions on the timeline tab; what it ignores goes to the
    /// general handling (back, next child, help, quit).
    pub(super) fn apply_to_timeline(&mut self, action: Action, ctx: &mut Ctx<'_>) -> Handled {
        let (width, height) = ctx.size;
        let height = layout::timeline::list_height(self, width, height);
        let today = ctx.session.today;
        let view = self;
        let child = view.detail.id;
        let changes = matches!(
            action,
            Action::MarkDone
                | Action::UndoDone
                | Action::CorrectDate
                | Action::RecordEvent
                | Action::AddItem
                | Action::StartPlan
                | Action::MakePrimary
                | Action::ClosePlan
                | Action::PlanGateway
                | Action::MarkSelectedDone
                | Action::NotNeeded
        );
        if changes && let Some(refusal) = refused(view, ctx) {
            *ctx.message = Some(refusal);
            return Handled::Consumed(None);
        }
        let page = height.max(1) as isize;
        match action {
            Action::MoveDown => view.move_cursor(1, height),
            Action::MoveUp => view.move_cursor(-1, height),
            Action::PageDown => view.move_cursor(page, height),
            Action::PageUp => view.move_cursor(-page, height),
            Action::First => view.move_cursor(isize::MIN / 2, height),
            Action::Last => view.move_cursor(isize::MAX / 2, height),
            Action::Explain => match view.selected_item() {
                None => *ctx.message = Some("There is no item here".into()),
                Some((plan, item)) => {
                    let plan = &view.timeline.plans[plan];
                    ctx.dialog = Some(Modal::Info {
                        title: item.title.clone(),
                        lines: explain(
                            item,
                            plan.title.as_deref().unwrap_or(&plan.plan.pathway),
                            ctx.dates,
                        ),
                    });
                }
            },
            // `u` on an item marked not needed takes that mark back.
            Action::UndoDone if view.selected_item().is_some_and(|(_, i)| i.not_needed.is_some()) => {
                if let Some(modal) = super::super::catch_up::take_back_form(view) {
                    ctx.dialog = Some(modal);
                }
            }
            Action::MarkDone | Action::UndoDone | Action::CorrectDate => {
                let chosen = view
                    .selected_item()
                    .map(|(p, item)| (view.timeline.plans[p].plan.id, item));
                match events::on_item(action, chosen, child, today, ctx.dates) {
                    events::Outcome::Dialog(modal) => ctx.dialog = Some(modal),
                    events::Outcome::Say(text) => *ctx.message = Some(text),
                    events::Outcome::Do(effect) => return Handled::Consumed(Some(effect)),
                }
            }
            Action::RecordEvent => {
                ctx.dialog = Some(Modal::Picker(Picker {
                    title: "Record when this happened".into(),
                    options: Event::ALL
                        .iter()
                        .map(|e| {
                            (
                                capitalise(e.label().trim_start_matches("the ")),
                                e.code().to_string(),
                            )
                        })
                        .collect(),
                    selected: 0,
                    purpose: PickerPurpose::Event,
                }));
            }
            Action::AddItem => {
                let plan = view
                    .selected_item()
                    .map(|(p, _)| view.timeline.plans[p].plan.id)
                    .or_else(|| {
                        view.timeline
                            .plans
                            .iter()
                            .find(|p| {
                                p.plan.role == PlanRole::Primary
                                    && p.plan.status == crate::domain::plan::PlanStatus::Active
                            })
                            .map(|p| p.plan.id)
                    });
                match plan {
                    None => *ctx.message = Some("This child has no plan to add an item to".into()),
                    Some(plan) => {
                        ctx.dialog = Some(Modal::Form(Form::new(
                            "Add an item to the plan",
                            vec![
                                Field::new("What", String::new(), "the task, in a few words"),
                                Field::new("Due by", String::new(), ctx.dates.code()),
                                Field::new("Who", String::new(), "optional: SW, Family Finder..."),
                            ],
                            FormPurpose::AddItem { plan },
                        )));
                    }
                }
            }
            Action::StartPlan
            | Action::MakePrimary
            | Action::ClosePlan
            | Action::PlanGateway
            | Action::SelectItem
            | Action::MarkSelectedDone
            | Action::NotNeeded => match view.plan_key(action, today, ctx.dates, ctx.pathways) {
                Ok(Some(modal)) => ctx.dialog = Some(modal),
                Ok(None) => {}
                Err(text) => *ctx.message = Some(text),
            },
            Action::FilterRole => {
                let mut options = vec![("Everyone".to_string(), String::new())];
                options.extend(
                    timeline_list::roles(&view.timeline)
                        .into_iter()
                        .map(|r| (r.clone(), r)),
                );
                let selected = view
                    .filter
                    .as_ref()
                    .and_then(|f| options.iter().position(|(_, v)| v == f))
                    .unwrap_or(0);
                ctx.dialog = Some(Modal::Picker(Picker {
                    title: "Show the items that fall to".into(),
                    options,
                    selected,
                    purpose: PickerPurpose::Filter,
                }));
            }
            _ => return Handled::Ignored,
        }
        Handled::Consumed(None)
    }

    /// Shows only the items that fall to `role` (or, empty, everyone's),
    /// from the top, in a list `height` rows tall.
    pub fn filter_role(&mut self, role: String, height: usize) {
        self.filter = (!role.is_empty()).then_some(role);
        self.cursor = 0;
        self.offset = 0;
        self.move_cursor(0, height);
    }
}

/// Everything about a timeline item, as lines to read.
pub(crate) fn explain(
    item: &crate::domain::timeline::TimelineItem,
    plan: &str,
    dates: DateStyle,
) -> Vec<String> {
    let date = |d: Option<NaiveDate>| d.map_or_else(|| "none".to_string(), |d| dates.show(d));
    let mut lines = vec![
        format!("Plan: {plan}"),
        format!("Key: {}", item.key),
        format!("Status: {}", item.status.label()),
    ];
    if let Some(week) = &item.week {
        lines.push(format!("Week in the table: {week}"));
    }
    if let Some(condition) = item.condition {
        lines.push(format!("Applies: {}", condition.label()));
    }
    if let Some(who) = &item.responsible {
        lines.push(format!("Who: {who}"));
    }
    lines.push(format!("Target: {}", date(item.target)));
    lines.push(format!("Deadline: {}", date(item.deadline)));
    if let Some(done) = item.done_on {
        lines.push(format!("Done on: {}", dates.show(done)));
    }
    if let Some(note) = &item.done_note {
        lines.push(format!("Note: {note}"));
    }
    // The seed's own qualifying words for the row ("completed by week 16").
    if let Some(note) = &item.note {
        lines.push(format!("The source says: {note}"));
    }
    lines.push(String::new());
    lines.push(format!("Why these dates: {}", dates.restyle(&item.rule)));
    for (role, what) in &item.roles {
        lines.push(String::new());
        lines.push(format!("{}: {what}", crate::domain::pathway::role_label(role)));
    }
    lines
}
