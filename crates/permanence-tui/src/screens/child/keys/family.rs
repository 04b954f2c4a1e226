//! Keys on the child's Family tab: the genogram (scrolled both ways) or
//! the people list with the family meetings, each person's and each
//! outcome's details, putting an outcome on the timeline, and opening
//! the dialogs that change the network (`family_edit`).

use super::refused;
use crate::action::Action;
use crate::app::{Effect, date_hint};
use crate::component::{Ctx, Handled};
use crate::domain::date::DateStyle;
use crate::domain::plan::PlanRole;
use crate::layout;
use crate::modal::{Field, Form, FormPurpose, Modal};
use crate::screens::child::ChildView;
use crate::screens::child::papers::Pick;

/// How far ← and → move the genogram: a third of a person's width, so a
/// name never jumps out of sight in one press.
const SIDEWAYS: isize = 4;

impl ChildView {
    /// Keys on the Family tab. `None` leaves the action to the general
    /// handling (tabs, back, next child, help, quit).
    pub(super) fn apply_to_family(&mut self, action: Action, ctx: &mut Ctx<'_>) -> Handled {
        let (width, height) = ctx.size;
        let dates = ctx.dates;
        let rows = layout::family_content_height(height);
        let refusal = refused(self, ctx);
        let view = self;
        let child = view.detail.id;
        let people = view.family.people;
        let page = rows.max(1) as isize;
        match action {
            Action::PeopleOrGenogram => {
                view.family.people = !people;
                view.move_pick(0, None, dates, width, rows);
            }
            Action::MoveDown if people => view.move_pick(1, None, dates, width, rows),
            Action::MoveUp if people => view.move_pick(-1, None, dates, width, rows),
            Action::PageDown if people => view.move_pick(0, Some(true), dates, width, rows),
            Action::PageUp if people => view.move_pick(0, Some(false), dates, width, rows),
            Action::First if people => view.move_pick(isize::MIN / 2, None, dates, width, rows),
            Action::Last if people => view.move_pick(isize::MAX / 2, None, dates, width, rows),
            Action::ScrollLeft | Action::ScrollRight if people => {
                *ctx.message = Some("The list does not scroll sideways; p shows the genogram".into());
            }
            Action::MoveDown => view.scroll_genogram(0, 1, width, rows),
            Action::MoveUp => view.scroll_genogram(0, -1, width, rows),
            Action::PageDown => view.scroll_genogram(0, page, width, rows),
            Action::PageUp => view.scroll_genogram(0, -page, width, rows),
            Action::ScrollLeft => view.scroll_genogram(-SIDEWAYS, 0, width, rows),
            Action::ScrollRight => view.scroll_genogram(SIDEWAYS, 0, width, rows),
            Action::First => view.scroll_genogram(isize::MIN / 2, isize::MIN / 2, width, rows),
            Action::Last => view.scroll_genogram(0, isize::MAX / 2, width, rows),
            Action::Details | Action::OutcomeToTimeline if !people => {
                *ctx.message = Some("p lists the people and family meetings; choose there".into());
            }
            Action::Details | Action::OutcomeToTimeline => {
                let family = match &view.papers.family {
                    Ok(family) => family,
                    Err(reason) => {
                        *ctx.message = Some(reason.clone());
                        return Handled::Consumed(None);
                    }
                };
                let pick = view.selected_pick(dates, width);
                if action == Action::Details {
                    match pick {
                        Some(Pick::Person(id)) => {
                            let name = family
                                .network
                                .person(id)
                                .map(|p| p.name.clone())
                                .unwrap_or_default();
                            ctx.dialog = Some(Modal::Info {
                                title: name,
                                lines: person_lines(family, id, dates),
                            });
                        }
                        Some(pick) => {
                            if let Some((meeting, outcome)) = family.outcome(pick) {
                                let lines = outcome_lines(family, meeting, outcome, dates);
                                ctx.dialog = Some(Modal::Info {
                                    title: format!(
                                        "{} · {}",
                                        meeting.kind.label(),
                                        dates.show(meeting.held_on)
                                    ),
                                    lines,
                                });
                            }
                        }
                        None => *ctx.message = Some("There is no one here".into()),
                    }
                    return Handled::Consumed(None);
                }
                let Some((_, outcome)) = pick.and_then(|p| family.outcome(p)) else {
                    *ctx.message = Some(
                        "Choose one of a family meeting's outcomes (↓) to put it on the timeline".into(),
                    );
                    return Handled::Consumed(None);
                };
                if outcome.item_key.is_some() {
                    *ctx.message = Some("This outcome is already on the timeline".into());
                    return Handled::Consumed(None);
                }
                if let Some(who) = family.about_someone_else(outcome) {
                    *ctx.message = Some(format!(
                        "This outcome is about {who}: put it on their timeline from their record"
                    ));
                    return Handled::Consumed(None);
                }
                if let Some(refusal) = refusal {
                    *ctx.message = Some(refusal);
                    return Handled::Consumed(None);
                }
                let Some(plan) = view
                    .timeline
                    .plans
                    .iter()
                    .find(|p| p.plan.role == PlanRole::Primary)
                    .map(|p| p.plan.id)
                else {
                    *ctx.message = Some("This child has no active primary plan to put the outcome on".into());
                    return Handled::Consumed(None);
                };
                match outcome.due {
                    Some(target) => {
                        return Handled::Consumed(Some(Effect::OutcomeToTimeline {
                            child,
                            outcome: outcome.id,
                            plan,
                            target,
                        }));
                    }
                    None => {
                        ctx.dialog = Some(Modal::Form(Form::new(
                            format!("On the timeline: {}", outcome.text),
                            vec![Field::new("Due by", String::new(), date_hint(dates, "+2w"))],
                            FormPurpose::OutcomeTarget {
                                outcome: outcome.id,
                                plan,
                            },
                        )));
                    }
                }
            }
            Action::AddPerson
            | Action::EditPerson
            | Action::LinkPeople
            | Action::UnlinkPeople
            | Action::FamilyMeeting => view.change_network(action, refusal, ctx),
            _ => return Handled::Ignored,
        }
        Handled::Consumed(None)
    }

    /// The keys that change the network: each opens its dialog (see
    /// `family_edit`), refused up front where the user may not change the
    /// record; those about one person need one chosen in the list.
    fn change_network(&mut self, action: Action, refusal: Option<String>, ctx: &mut Ctx<'_>) {
        use crate::screens::child::family_edit;
        if let Some(refusal) = refusal {
            *ctx.message = Some(refusal);
            return;
        }
        let family = match &self.papers.family {
            Ok(family) => family,
            Err(reason) => {
                *ctx.message = Some(reason.clone());
                return;
            }
        };
        let dates = ctx.dates;
        match action {
            Action::AddPerson => ctx.dialog = Some(family_edit::add_dialog(dates)),
            Action::FamilyMeeting => {
                let plan = self
                    .timeline
                    .plans
                    .iter()
                    .find(|p| p.plan.role == PlanRole::Primary)
                    .map(|p| p.plan.id);
                ctx.dialog = Some(family_edit::meeting_dialog(family, plan, dates));
            }
            _ if !self.family.people => {
                *ctx.message = Some("p lists the people; choose someone there".into());
            }
            _ => {
                let Some(Pick::Person(id)) = self.selected_pick(dates, ctx.size.0) else {
                    *ctx.message = Some("Choose a person in the list (↑ ↓) first".into());
                    return;
                };
                let dialog = match action {
                    Action::EditPerson => family_edit::edit_dialog(family, id, dates),
                    Action::LinkPeople => family_edit::link_dialog(family, id),
                    _ => family_edit::unlink_picker(family, id),
                };
                if dialog.is_none() {
                    *ctx.message = Some("Nothing is linked to this person to take back".into());
                }
                ctx.dialog = dialog;
            }
        }
    }
}

/// What a family meeting's outcome says, for its dialog: the outcome,
/// when it is due, whom it is about, whether it is on the timeline, and
/// the meeting's attendance and notes.
fn outcome_lines(
    family: &crate::screens::child::papers::Family,
    meeting: &crate::domain::family_meeting::FamilyMeeting,
    outcome: &crate::domain::family_meeting::MeetingOutcome,
    dates: DateStyle,
) -> Vec<String> {
    let mut lines = vec![
        format!("Outcome: {}", outcome.text),
        format!(
            "Due: {}",
            outcome.due.map_or("not said".to_string(), |d| dates.show(d))
        ),
    ];
    if let Some(who) = family.about_someone_else(outcome) {
        lines.push(format!("About: {who}"));
    }
    lines.push(match &outcome.item_key {
        Some(key) => format!("On the timeline: yes ({key})"),
        None => "On the timeline: no; t puts it there".to_string(),
    });
    lines.push(String::new());
    lines.push(format!(
        "Attended: {}",
        if meeting.attended.is_empty() {
            "not recorded".to_string()
        } else {
            meeting.attended.join(", ")
        }
    ));
    if let Some(notes) = &meeting.notes {
        lines.push(format!("Notes: {notes}"));
    }
    lines
}

/// Everything about a person, as lines to read.
fn person_lines(
    family: &crate::screens::child::papers::Family,
    id: crate::domain::family::PersonId,
    dates: DateStyle,
) -> Vec<String> {
    let Some(person) = family.network.person(id) else {
        return Vec::new();
    };
    let mut lines = vec![format!("To the child: {}", family.relation(id))];
    let said = |label: &str, value: &Option<String>| value.as_ref().map(|v| format!("{label}: {v}"));
    lines.push(format!(
        "Born: {}",
        person
            .date_of_birth
            .map_or("not recorded".to_string(), |d| dates.show(d))
    ));
    if person.deceased {
        lines.push("Deceased".to_string());
    }
    lines.extend(
        [
            said("Household", &person.household),
            said("Culture", &person.culture),
            said("Language", &person.language),
            said("Religion", &person.religion),
            said("Contact", &person.contact),
        ]
        .into_iter()
        .flatten(),
    );
    if id != family.focus {
        let part = family.network.connection(family.focus, id);
        let yes_no = |b: bool| if b { "yes" } else { "no" };
        lines.push(String::new());
        lines.push(format!(
            "Parental responsibility: {}",
            yes_no(part.is_some_and(|p| p.parental_responsibility))
        ));
        lines.push(format!(
            "Viability assessment: {}",
            part.and_then(|p| p.viability)
                .map_or("none".to_string(), |(v, on)| format!(
                    "{} {}",
                    v.code(),
                    dates.show(on)
                ))
        ));
        lines.push(format!(
            "Potential carer: {}",
            yes_no(part.is_some_and(|p| p.potential_carer))
        ));
        lines.push(format!(
            "Family time: {}",
            part.and_then(|p| p.family_time.clone())
                .unwrap_or_else(|| "not recorded".to_string())
        ));
    }
    lines
}
