//! A person field of the form editor picks from a list that narrows as
//! the user types (see [`crate::picker`]): typing opens it, Up and Down
//! choose, Enter takes the chosen name and moves on, and a name that is
//! none of the list is refused, naming the field. Esc closes the list and
//! leaves what was typed. On every form, a person field names someone the
//! list knows, so leaving it (Tab, Down, Shift-Tab, Up) and saving or
//! submitting check what was typed as Enter does: the exact or only match
//! is taken, anything else refused naming the field (issue 18). One rule,
//! here, for all forms: a name that may be anyone (an agency, a relative
//! not in the system) is a `text` field in the form's file, as the PPM
//! record's "Person / agency responsible" is; a table's person column
//! with a list of its own (the record form's carers) only suggests, since
//! a row may add someone new; a person field with no list at all (a
//! database with no users yet) takes what is typed.

use super::{EditorOutcome, FormEditor, Problem, Slot};
use crate::action::Action;
use crate::domain::form::{FieldDef, FieldKind};
use crate::picker::{Choice, PickList};

impl FormEditor {
    /// Whom the focused field may name, if it is a person field with a
    /// list: its own (the record form's teams), else `people`.
    fn person_choices(&self) -> Option<Vec<Choice>> {
        self.choices_for(self.target_def()?)
    }

    /// Whom the field `def` may name, if it is a person field with a list.
    fn choices_for(&self, def: &FieldDef) -> Option<Vec<Choice>> {
        if def.kind != FieldKind::Person {
            return None;
        }
        let names = match self.pickers.iter().find(|(id, _)| *id == def.id) {
            Some((_, own)) if !own.is_empty() => own,
            _ if !self.people.is_empty() => &self.people,
            _ => return None,
        };
        Some(
            names
                .iter()
                .map(|name| Choice {
                    name: name.clone(),
                    username: self
                        .usernames
                        .iter()
                        .find(|(n, _)| n == name)
                        .map(|(_, u)| u.clone()),
                })
                .collect(),
        )
    }

    /// Whether typing here picks: any person field, but a table's person
    /// column only where it has a list of its own (the record form's
    /// carers), which it suggests from; a new name may still be typed.
    pub(super) fn picks_here(&self) -> bool {
        match (self.cell, self.target_def()) {
            (None, _) => true,
            (Some(_), Some(def)) => self
                .pickers
                .iter()
                .any(|(id, own)| *id == def.id && !own.is_empty()),
            _ => false,
        }
    }

    /// Opens the list over the focused person field, narrowed by `typed`;
    /// `false` where the field is no person field with a list.
    pub(super) fn open_picking(&mut self, typed: &str) -> bool {
        let Some(choices) = self.person_choices() else {
            return false;
        };
        let mut list = PickList::new(choices).narrowed(typed);
        // Opened on a name already there: that name is chosen, and the
        // whole list shown; one that is no one known narrows the list to
        // nothing, so that Enter cannot swap it for the first name.
        let current = self.target_text().map_or(String::new(), |t| t.trim().to_string());
        if typed.is_empty() && !current.is_empty() && !list.select(&current) {
            list.set_typed(&current);
        }
        self.picking = Some(list);
        true
    }

    /// A character typed into a person field: it narrows the list (opened
    /// by the first), and the field holds what is typed, as a draft keeps
    /// it. `false` where the field does not pick.
    pub(super) fn type_into_picking(&mut self, c: char) -> bool {
        if self.picking.is_none() {
            let typed = self.target_text().cloned().unwrap_or_default();
            if !self.open_picking(&typed) {
                return false;
            }
        }
        if let Some(list) = &mut self.picking {
            list.type_char(c);
        }
        self.mirror_typed();
        true
    }

    /// The field's text is what narrows the list.
    fn mirror_typed(&mut self) {
        let typed = self.picking.as_ref().map(|l| l.typed.clone()).unwrap_or_default();
        if let Some(text) = self.target_mut() {
            *text = typed;
        }
        self.moved();
        self.changed();
    }

    /// Enter on the list: the chosen name goes into the field and the
    /// focus moves on; what matches nothing is refused, naming the field.
    fn take_picked(&mut self) {
        let Some(list) = &self.picking else { return };
        let label = self.target_def().map_or(String::new(), |d| d.label.clone());
        // A table's column only suggests: a name no one has is a new one.
        let suggests = self.cell.is_some();
        match list.take(&label) {
            Ok(name) => {
                self.picking = None;
                if let Some(text) = self.target_mut() {
                    *text = name;
                }
                crate::record_edit::fill_picked_carer(self);
                self.changed();
                self.moved();
                self.next();
            }
            Err(_) if suggests => {
                self.picking = None;
                self.moved();
                self.next();
            }
            Err(message) => {
                self.problems.retain(|p| p.field != self.focus);
                self.problems.push(Problem {
                    field: self.focus,
                    cell: None,
                    message,
                });
            }
        }
    }

    /// What the person field at `at` holds, checked as leaving it checks
    /// it: `Ok(None)` where it is blank, already names someone exactly (a
    /// username stays a username), or is not a person field with a list;
    /// `Ok(Some(name))` the one name part of a name is taken as; `Err` the
    /// refusal, naming the field.
    pub(super) fn resolve_person(&self, at: usize) -> Result<Option<String>, String> {
        let Some(def) = self.def.fields().nth(at) else {
            return Ok(None);
        };
        let Some(choices) = self.choices_for(def) else {
            return Ok(None);
        };
        let typed = match self.slots.get(at) {
            Some(Slot::Text(t)) if !t.trim().is_empty() => t.clone(),
            _ => return Ok(None),
        };
        let list = PickList::new(choices);
        if list.knows(&typed) {
            return Ok(None);
        }
        list.resolve(&def.label, &typed).map(Some)
    }

    /// Leaving the focused field: a person field must name someone known. Its text becomes the name it matches; `false`
    /// (with the refusal on the field) keeps the cursor on it.
    pub(super) fn may_leave(&mut self) -> bool {
        if self.cell.is_some() {
            return true;
        }
        match self.resolve_person(self.focus) {
            Ok(None) => true,
            Ok(Some(name)) => {
                self.picking = None;
                if let Some(Slot::Text(text)) = self.slots.get_mut(self.focus)
                    && *text != name
                {
                    *text = name;
                    self.unsaved = true;
                }
                self.problems.retain(|p| p.field != self.focus);
                true
            }
            Err(message) => {
                self.picking = None;
                self.problems.retain(|p| p.field != self.focus);
                self.problems.push(Problem {
                    field: self.focus,
                    cell: None,
                    message,
                });
                false
            }
        }
    }

    /// Every person field checked as leaving it is, for saving or
    /// submitting: part of a name becomes the one it matches; the
    /// refusals, in form order.
    pub(super) fn person_problems(&mut self) -> Vec<Problem> {
        let mut problems = Vec::new();
        for at in 0..self.slots.len() {
            match self.resolve_person(at) {
                Ok(None) => {}
                Ok(Some(name)) => {
                    if let Some(Slot::Text(text)) = self.slots.get_mut(at) {
                        *text = name;
                        self.unsaved = true;
                    }
                }
                Err(message) => problems.push(Problem {
                    field: at,
                    cell: None,
                    message,
                }),
            }
        }
        problems
    }

    /// An action while the list is open: `Some` when the list used it,
    /// `None` when it closed and the editor acts as it would without it.
    pub(super) fn apply_picking(&mut self, action: Action) -> Option<Option<EditorOutcome>> {
        let list = self.picking.as_mut()?;
        match action {
            // With nothing to choose, the arrow leaves the field (checked
            // as leaving is), as it does in any other field.
            Action::MoveDown | Action::MoveUp if list.matching().is_empty() => {
                self.picking = None;
                return None;
            }
            Action::MoveDown => {
                list.move_by(1);
            }
            Action::MoveUp => {
                list.move_by(-1);
            }
            Action::Activate | Action::Submit | Action::ToggleChoice => self.take_picked(),
            Action::DeleteChar => {
                list.delete_char();
                self.mirror_typed();
            }
            Action::ClearField => {
                list.set_typed("");
                self.mirror_typed();
            }
            Action::Cancel => self.picking = None,
            Action::ToggleHelp => return None,
            _ => {
                self.picking = None;
                return None;
            }
        }
        Some(None)
    }
}
