//! The dialog layer's keys (a picker's choice, a dialog's fields, saving
//! one), what each dialog holds when saved, and the drafts kept of a
//! dialog the last session ended in. The screens open the dialogs; what
//! choosing or saving one does is here, as it needs the screen beneath.

use super::{App, Effect, Pending, Screen, events, forms};
use crate::action::Action;
use crate::domain::child::ChildId;
use crate::domain::date::{DateStyle, parse_day};
use crate::domain::event::Event;
use crate::layout;
use crate::modal::{Form, FormPurpose, Modal, PickerPurpose};
use chrono::NaiveDate;

impl App {
    /// Whether `action` scrolls the dialog open: a box of details.
    pub(super) fn scrolls_info(&self, action: Action) -> bool {
        matches!(self.layers.dialog(), Some(Modal::Info { .. }))
            && matches!(
                action,
                Action::ScrollDown
                    | Action::ScrollUp
                    | Action::PageDown
                    | Action::PageUp
                    | Action::First
                    | Action::Last
            )
    }

    /// Scrolls a box of details, alike over every screen; false for any
    /// other dialog or action.
    pub(super) fn scroll_info(&mut self, action: Action) -> bool {
        let Some(Modal::Info { lines, .. }) = self.layers.dialog() else {
            return false;
        };
        let last = crate::view::modal::info_last_scroll(lines, self.size);
        let page = crate::view::modal::info_room(self.size.1)
            .saturating_sub(1)
            .max(1);
        let at = self.layers.info_scroll().min(last);
        let to = match action {
            Action::ScrollDown => at + 1,
            Action::ScrollUp => at.saturating_sub(1),
            Action::PageDown => at + page,
            Action::PageUp => at.saturating_sub(page),
            Action::First => 0,
            Action::Last => last,
            _ => return false,
        };
        self.layers.scroll_info(to.min(last));
        true
    }

    pub(super) fn apply_to_modal(&mut self, action: Action) -> Option<Effect> {
        let today = self.session.today;
        let height = self.timeline_list_height();
        let child = match &self.screen {
            Screen::Child(view) => view.detail.id,
            Screen::Meeting(view) => match view.current() {
                Some(row) => row.child,
                None => ChildId(0),
            },
            // "What next" opens the timeline's dialogs on its item's child.
            Screen::WhatNext(view) if view.selected_child().is_some() => {
                view.selected_child().unwrap_or(ChildId(0))
            }
            Screen::WhatNext(_) | Screen::Dashboard(_) | Screen::BestOption(_) => {
                self.layers.set_dialog(None);
                return None;
            }
            Screen::Caseload => {
                // The caseload's dialogs: a tracker, a sort, a filter.
                if let (Some(Modal::Picker(picker)), Action::Submit) = (self.layers.dialog(), action) {
                    let chosen = picker.chosen().unwrap_or_default().to_string();
                    let purpose = picker.purpose.clone();
                    self.layers.set_dialog(None);
                    if purpose == PickerPurpose::Minutes {
                        return chosen.parse().ok().map(|meeting| Effect::ViewMinutes { meeting });
                    }
                    return self.caseload.choose(&purpose, &chosen, &mut self.message);
                }
                if matches!(action, Action::Cancel | Action::Submit) {
                    self.layers.set_dialog(None);
                }
                if let Some(Modal::Picker(picker)) = self.layers.dialog_mut() {
                    match action {
                        Action::MoveDown => picker.move_by(1),
                        Action::MoveUp => picker.move_by(-1),
                        _ => {}
                    }
                }
                return None;
            }
        };
        match (self.layers.dialog_mut(), action) {
            (_, Action::Cancel) => self.layers.set_dialog(None),
            (_, Action::ForceQuit) => return Some(Effect::Quit),
            (_, Action::ToggleHelp) => self.layers.show_help(!self.layers.help_visible()),
            (Some(Modal::Picker(picker)), Action::MoveDown) => picker.move_by(1),
            (Some(Modal::Picker(picker)), Action::MoveUp) => picker.move_by(-1),
            (Some(Modal::Picker(picker)), Action::Submit) => {
                let chosen = picker.chosen().unwrap_or_default().to_string();
                match picker.purpose {
                    PickerPurpose::Filter => {
                        if let Screen::Child(view) = &mut self.screen {
                            view.filter_role(chosen, height);
                        }
                        self.layers.set_dialog(None);
                    }
                    PickerPurpose::Tracker
                    | PickerPurpose::Sort
                    | PickerPurpose::CaseloadFilter
                    | PickerPurpose::FormQueue
                    | PickerPurpose::Minutes => self.layers.set_dialog(None),
                    PickerPurpose::MeetingStage | PickerPurpose::Barrier => {
                        let stage = picker.purpose == PickerPurpose::MeetingStage;
                        self.layers.set_dialog(None);
                        let Screen::Meeting(view) = &self.screen else {
                            return None;
                        };
                        let meeting = view.meeting.id;
                        return Some(if stage {
                            Effect::MeetingStage {
                                meeting,
                                child,
                                stage: chosen,
                            }
                        } else {
                            Effect::ToggleBarrier {
                                meeting,
                                child,
                                barrier: chosen,
                            }
                        });
                    }
                    PickerPurpose::FormKind => {
                        self.layers.set_dialog(None);
                        return Some(Effect::OpenForm { child, kind: chosen });
                    }
                    PickerPurpose::ChronologyKind => {
                        self.layers.set_dialog(None);
                        let rows = layout::chronology_list_height(self.size.1);
                        if let Screen::Child(view) = &mut self.screen {
                            view.show_kind(crate::domain::chronology::Kind::parse(&chosen), rows);
                        }
                    }
                    PickerPurpose::Unlink { person } => {
                        let question = match &self.screen {
                            Screen::Child(view) => view.papers.family.as_ref().ok().and_then(|family| {
                                crate::screens::child::family_edit::unlink_question(family, person, &chosen)
                            }),
                            _ => None,
                        };
                        self.layers.set_dialog(question);
                    }
                    PickerPurpose::Event => {
                        let Some(event) = Event::parse(&chosen) else {
                            self.layers.set_dialog(None);
                            return None;
                        };
                        self.layers
                            .set_dialog(Some(events::record_form(event, today, self.dates)));
                    }
                }
            }
            (Some(Modal::Form(form)), Action::NextField) => form.next_field(),
            (Some(Modal::Form(form)), Action::PreviousField) => form.previous_field(),
            (Some(Modal::Form(form)), Action::MoveDown) => form.move_down(),
            (Some(Modal::Form(form)), Action::MoveUp) => form.move_up(),
            (Some(Modal::Form(form)), Action::DeleteChar) => form.delete_char(),
            (Some(Modal::Form(form)), Action::ClearField) => form.clear_field(),
            (Some(Modal::Form(form)), Action::Submit) => {
                // A choice typed in part is the one chosen; one that is
                // none of the list is refused, naming the field.
                let checked = form
                    .take_picks()
                    .and_then(|()| submit(form, child, today, self.dates, &self.calendar));
                match checked {
                    Ok(effect) => {
                        self.last_form = self.layers.take_dialog();
                        return Some(effect);
                    }
                    Err((field, message)) => {
                        form.focus = field;
                        form.error = Some(message);
                    }
                }
            }
            _ => {}
        }
        None
    }

    /// A save was refused because someone else changed the same thing:
    /// the dialog comes back with the user's text and the reason.
    pub fn reopen_form(&mut self, reason: impl Into<String>) {
        if let Some(Modal::Form(mut form)) = self.last_form.take() {
            form.error = Some(reason.into());
            self.layers.set_dialog(Some(Modal::Form(form)));
        }
    }

    /// The last save went through: its dialog is no longer needed, nor
    /// the draft it came from.
    pub fn forget_form(&mut self) {
        if let Some(Modal::Form(form)) = self.last_form.take()
            && let Some(key) = form.from_draft
        {
            self.spent_drafts.push(key);
        }
    }

    /// Drafts kept from earlier sessions; each fills its dialog when the
    /// user opens it again.
    pub fn set_drafts(&mut self, drafts: Vec<crate::store::Draft>) {
        if !drafts.is_empty() {
            self.message = Some(format!(
                "{} unsaved dialog{} kept from when your last session ended: open the item again to finish",
                drafts.len(),
                if drafts.len() == 1 { " was" } else { "s were" }
            ));
        }
        self.drafts = drafts.into_iter().map(|d| (d.purpose, d.fields)).collect();
    }

    /// Drafts the user has finished with, for the event loop to remove.
    pub fn take_spent_drafts(&mut self) -> Vec<String> {
        std::mem::take(&mut self.spent_drafts)
    }

    /// What a dialog open or in flight holds, to keep as a draft if the
    /// session ends now: (purpose, the fields' text).
    pub fn unsaved_form(&self) -> Option<(String, Vec<String>)> {
        let child = self.open_child()?;
        let form = match (self.layers.dialog(), &self.last_form) {
            (Some(Modal::Form(form)), _) | (_, Some(Modal::Form(form))) => form,
            _ => return None,
        };
        let typed = form.fields.iter().any(|f| !f.fresh && !f.value.is_empty());
        typed.then(|| (draft_key(child, &form.purpose), form.values()))
    }

    /// Fills a dialog that has just opened from a kept draft, if there is one.
    pub(super) fn restore_draft(&mut self) {
        let Some(child) = self.open_child() else {
            return;
        };
        let Some(Modal::Form(form)) = self.layers.dialog_mut() else {
            return;
        };
        if form.draft_checked {
            return;
        }
        form.draft_checked = true;
        let key = draft_key(child, &form.purpose);
        if let Some(values) = self.drafts.remove(&key) {
            for (field, value) in form.fields.iter_mut().zip(values) {
                field.value = value;
                field.fresh = false;
            }
            form.error = Some("Restored from what you were typing when your last session ended".into());
            form.from_draft = Some(key);
        }
    }

    /// Shows what a change will do, to read before saving: what it is,
    /// the dates it moves, and anything to check first.
    pub fn confirm_change(
        &mut self,
        mut pending: Pending,
        says: String,
        moves: Vec<String>,
        warning: Option<String>,
    ) {
        pending.moved = moves.len();
        /// Enough to read in a dialog at 80x24; the rest are counted.
        const MOST: usize = 8;
        // The change, then what it does to the legal status, a line each.
        let mut intro: Vec<String> = says.lines().map(String::from).collect();
        let mut listed = None;
        intro.push(String::new());
        if moves.is_empty() {
            intro.push("No date moves.".to_string());
        } else {
            intro.push("Dates that will move:".to_string());
            listed = Some(crate::modal::Listed {
                first: intro.len(),
                shown: moves.len().min(MOST),
                more: moves.len().saturating_sub(MOST),
            });
            intro.extend(moves.iter().take(MOST).map(|m| format!("\u{2022} {m}")));
            if moves.len() > MOST {
                intro.push(format!("\u{2026} and {} more", moves.len() - MOST));
            }
        }
        if let Some(warning) = warning {
            intro.push(String::new());
            intro.push(warning);
        }
        let from_draft = match &self.last_form {
            Some(Modal::Form(form)) => form.from_draft.clone(),
            _ => None,
        };
        let mut form = Form::new(
            "Before saving",
            Vec::new(),
            FormPurpose::Confirm(Box::new(pending)),
        )
        .with_intro(intro);
        form.listed = listed;
        form.from_draft = from_draft;
        form.draft_checked = true;
        self.last_form = None;
        self.layers.set_dialog(Some(Modal::Form(form)));
    }
}

impl App {
    /// A plan change or catch-up worked out: "Before saving" opens with
    /// what it does, and Enter saves it.
    pub fn confirm_plan(&mut self, form: Form) {
        self.last_form = None;
        self.layers.set_dialog(Some(Modal::Form(form)));
    }
}

/// Which dialog, for which child: the key a draft is kept under.
fn draft_key(child: ChildId, purpose: &FormPurpose) -> String {
    match purpose {
        FormPurpose::MarkDone { plan, key, .. } => format!("{}:done:{}:{key}", child.0, plan.0),
        FormPurpose::Withdraw { plan, key, .. } => format!("{}:withdraw:{}:{key}", child.0, plan.0),
        FormPurpose::CorrectDate { plan, key, .. } => format!("{}:correct:{}:{key}", child.0, plan.0),
        FormPurpose::Confirm(_) => format!("{}:confirm", child.0),
        FormPurpose::RecordEvent { event } => format!("{}:event:{}", child.0, event.code()),
        FormPurpose::AddItem { plan } => format!("{}:add:{}", child.0, plan.0),
        FormPurpose::MeetingNote { meeting } => format!("{}:meeting-note:{meeting}", child.0),
        FormPurpose::Attendee { meeting, .. } => format!("meeting-attendee:{meeting}"),
        FormPurpose::MeetingAction { meeting } => format!("{}:meeting-action:{meeting}", child.0),
        FormPurpose::NextReview { meeting } => format!("{}:meeting-review:{meeting}", child.0),
        FormPurpose::ChronologyEntry => format!("{}:chronology-entry", child.0),
        FormPurpose::TickPaper { paper } => format!("{}:gateway-paper:{}", child.0, paper.code()),
        FormPurpose::GatewayPanel { .. } => format!("{}:gateway-panel", child.0),
        FormPurpose::OutcomeTarget { outcome, .. } => format!("{}:outcome:{outcome}", child.0),
        FormPurpose::Plan(form) => format!("{}:{}", child.0, form.draft_key()),
        FormPurpose::SignForm { form, step } => format!("{}:form-sign:{form}:{step}", child.0),
        FormPurpose::ReturnForm { form } => format!("{}:form-return:{form}", child.0),
        FormPurpose::AmendForm { form } => format!("{}:form-amend:{form}", child.0),
        FormPurpose::AddPerson => format!("{}:family-add", child.0),
        FormPurpose::EditPerson { person } => format!("{}:family-edit:{}", child.0, person.0),
        FormPurpose::LinkPerson { person, .. } => format!("{}:family-link:{}", child.0, person.0),
        FormPurpose::Unlink { .. } => format!("{}:family-unlink", child.0),
        FormPurpose::FamilyMeeting { .. } => format!("{}:family-meeting", child.0),
    }
}

/// Checks what a dialog holds and turns it into the change it asks for,
/// or names the field that is wrong and why.
fn submit(
    form: &Form,
    child: ChildId,
    today: NaiveDate,
    dates: DateStyle,
    calendar: &crate::domain::calendar::Calendar,
) -> Result<Effect, (usize, String)> {
    // Every date here is one planned ahead (a target, a due date, the next
    // review), so the future is allowed: what has happened is checked by
    // `events::submit`, through the use case's rule.
    let date = |index: usize| -> Result<NaiveDate, (usize, String)> {
        let text = form.value(index);
        if text.is_empty() {
            return Err((index, format!("{} is needed", form.fields[index].label)));
        }
        parse_day(text, today).map_err(|e| (index, e.to_string()))
    };
    // No dialog field holds more than a note may; the domain checks its
    // own fields' tighter limits (names) where it reads them.
    for (index, field) in form.fields.iter().enumerate() {
        crate::domain::sanitise::within(&field.value, crate::domain::sanitise::Size::Text)
            .map_err(|e| (index, format!("{}: {e}", field.label)))?;
    }
    if let Some(result) = events::submit(form, child, today, dates) {
        return result;
    }
    if let Some(result) = crate::screens::child::family_edit::submit(form, child, today) {
        return result;
    }
    match &form.purpose {
        FormPurpose::MarkDone { .. }
        | FormPurpose::RecordEvent { .. }
        | FormPurpose::Withdraw { .. }
        | FormPurpose::CorrectDate { .. }
        | FormPurpose::Confirm(_)
        | FormPurpose::AddPerson
        | FormPurpose::EditPerson { .. }
        | FormPurpose::LinkPerson { .. }
        | FormPurpose::Unlink { .. }
        | FormPurpose::FamilyMeeting { .. } => Err((0, "This dialog cannot be saved".to_string())),
        FormPurpose::AddItem { plan } => {
            let title = form.value(0);
            if title.is_empty() {
                return Err((0, "Say what the item is".to_string()));
            }
            Ok(Effect::AddItem {
                child,
                plan: *plan,
                title: title.to_string(),
                target: date(1)?,
                responsible: Some(form.value(2).to_string()).filter(|r| !r.is_empty()),
            })
        }
        FormPurpose::MeetingNote { meeting } => Ok(Effect::MeetingNote {
            meeting: *meeting,
            child,
            note: Some(form.value(0).to_string()).filter(|n| !n.is_empty()),
        }),
        FormPurpose::Attendee { meeting, users } => {
            let name = form.value(0);
            let username = users
                .iter()
                .find(|(_, n)| n == name)
                .map(|(u, _)| u.clone())
                .ok_or_else(|| (0, "Type part of a name and pick who attended".to_string()))?;
            Ok(Effect::ToggleAttendee {
                meeting: *meeting,
                username,
            })
        }
        FormPurpose::MeetingAction { meeting } => {
            let what = form.value(0);
            if what.is_empty() {
                return Err((0, "Say what is to be done".to_string()));
            }
            Ok(Effect::MeetingAction {
                meeting: *meeting,
                child,
                what: what.to_string(),
                owner: Some(form.value(1).to_string()).filter(|o| !o.is_empty()),
                due: date(2)?,
            })
        }
        FormPurpose::NextReview { meeting } => Ok(Effect::NextReview {
            meeting: *meeting,
            child,
            on: date(0)?,
        }),
        FormPurpose::ChronologyEntry
        | FormPurpose::TickPaper { .. }
        | FormPurpose::GatewayPanel { .. }
        | FormPurpose::OutcomeTarget { .. } => forms::submit(form, child, today, dates, calendar),
        FormPurpose::Plan(purpose) => {
            crate::screens::child::plan_dialogs::submit(form, purpose, child, today, dates)
        }
        FormPurpose::SignForm { .. } | FormPurpose::ReturnForm { .. } | FormPurpose::AmendForm { .. } => {
            crate::screens::child::forms_tab::submit(form, child)
        }
    }
}
