//! Filling in a form on screen: the text typed into each field (kept
//! exactly as typed, so a half-typed date survives a dropped connection),
//! moving between fields and table cells, choosing options, and turning
//! it all into checked values when the user submits. Holds no store:
//! the event loop saves drafts and submissions.

use crate::action::Action;
use crate::domain::child::ChildId;
use crate::domain::form::{self, FieldDef, FieldKind, FieldValue, FormData, FormDef};
use chrono::NaiveDate;
use serde_json::{Map, Value as Json, json};

/// What one field holds while being edited: the text as typed, or a
/// table's rows of cell texts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Slot {
    Text(String),
    Rows(Vec<Vec<String>>),
}

/// Where typing goes inside a table field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cell {
    pub row: usize,
    pub column: usize,
}

/// The list of options open over a choice, multi-choice or yes/no field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chooser {
    pub options: Vec<String>,
    pub ticked: Vec<bool>,
    pub selected: usize,
    pub multiple: bool,
}

/// Something a field's text cannot be, or a required field left empty.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub field: usize,
    pub cell: Option<Cell>,
    pub message: String,
}

/// What the event loop is asked to do.
#[derive(Debug, Clone, PartialEq)]
pub enum EditorOutcome {
    /// Check passed: store the submission.
    Submit { data: FormData, json: Json },
    /// Leave the form, keeping what was typed as a draft.
    Keep,
    /// Leave the form and throw the draft away.
    Discard,
    /// The record form's answers pass the form's own checks: work out
    /// what saving them would do, to ask before saving.
    Preview { data: FormData },
}

#[derive(Debug, Clone, PartialEq)]
pub struct FormEditor {
    pub def: FormDef,
    pub child: ChildId,
    /// "Ada Example (C1001)", for the title.
    pub child_label: String,
    pub today: NaiveDate,
    /// One per field of the form, in order.
    pub slots: Vec<Slot>,
    pub focus: usize,
    /// Position of the cursor, in characters, in the focused text.
    pub cursor: usize,
    pub cell: Option<Cell>,
    pub chooser: Option<Chooser>,
    /// Esc was pressed: asking whether to keep the draft.
    pub leaving: bool,
    /// Ctrl-S on a complete form: asking before submitting, since a
    /// submitted form can only be amended (issue 18).
    pub confirming: bool,
    /// The stored draft, once there is one.
    pub draft: Option<i64>,
    /// The submitted form this will be a new version of.
    pub amends: Option<i64>,
    /// Typed since the draft was last saved.
    pub unsaved: bool,
    /// When the draft was last saved, as the status line shows it.
    pub saved_at: Option<String>,
    /// What the last attempt to submit found wrong.
    pub problems: Vec<Problem>,
    /// Whom a person field may name: workers, and the child's carers, as
    /// the record knows them. A name none of them has is refused on
    /// leaving the field and on submitting (`form_editor/picking.rs`).
    pub people: Vec<String>,
    /// How dates already known (from the record or a stored form) are
    /// written into their fields; any style may be typed.
    pub dates: crate::domain::date::DateStyle,
    /// A person field's own list, by field id, in place of `people` (the
    /// record form's team picks from the teams there are).
    pub pickers: Vec<(String, Vec<String>)>,
    /// Set when the form is the child's record itself (adding a child or
    /// editing the record) rather than a form filed against them.
    pub record: Option<crate::record_edit::RecordEdit>,
    /// The list open over a person field, narrowed as the user types
    /// (see `form_editor/picking.rs`).
    pub picking: Option<crate::picker::PickList>,
    /// (name, username) of the users among `people`: a worker may be
    /// typed by either.
    pub usernames: Vec<(String, String)>,
}

impl FormEditor {
    /// A form with nothing typed, or with `prefill`'s texts (field id, text).
    pub fn new(
        def: FormDef,
        child: ChildId,
        child_label: String,
        today: NaiveDate,
        prefill: &[(String, String)],
    ) -> FormEditor {
        let slots = def
            .fields()
            .map(|f| match f.kind {
                FieldKind::Table => Slot::Rows(Vec::new()),
                _ => Slot::Text(
                    prefill
                        .iter()
                        .find(|(id, _)| *id == f.id)
                        .map(|(_, t)| t.clone())
                        .unwrap_or_default(),
                ),
            })
            .collect();
        let mut editor = FormEditor {
            def,
            child,
            child_label,
            today,
            slots,
            focus: 0,
            cursor: 0,
            cell: None,
            chooser: None,
            leaving: false,
            confirming: false,
            draft: None,
            amends: None,
            unsaved: false,
            saved_at: None,
            problems: Vec::new(),
            people: Vec::new(),
            dates: crate::domain::date::DateStyle::default(),
            pickers: Vec::new(),
            record: None,
            picking: None,
            usernames: Vec::new(),
        };
        editor.cursor = editor.target_text().map_or(0, |t| t.chars().count());
        editor
    }

    /// Whether Ctrl-S saves rather than submits: the form is the child's
    /// record (its file declares the child-record behaviour), which is
    /// saved as it stands, with no route to submit to. Every other form is
    /// filed by submitting it, and can then only be amended.
    pub fn saves(&self) -> bool {
        matches!(
            self.def.behaviour,
            Some(crate::domain::form::Behaviour::ChildRecord(_))
        )
    }

    pub fn fields(&self) -> Vec<&FieldDef> {
        self.def.fields().collect()
    }

    /// Fills the slots from stored values (a submitted form being amended,
    /// or a draft written outside the editor), as the user would type them.
    pub fn fill_from(&mut self, data: &FormData) {
        let fields: Vec<FieldDef> = self.def.fields().cloned().collect();
        for (slot, field) in self.slots.iter_mut().zip(&fields) {
            match (data.get(&field.id), slot) {
                (Some(FieldValue::Rows(rows)), Slot::Rows(cells)) => {
                    *cells = rows
                        .iter()
                        .map(|row| row.iter().map(FieldValue::display).collect())
                        .collect();
                }
                (Some(FieldValue::Date(day)), Slot::Text(text)) => *text = self.dates.show(*day),
                (Some(value), Slot::Text(text)) => *text = value.display(),
                _ => {}
            }
        }
        self.cursor = self.target_text().map_or(0, |t| t.chars().count());
    }

    // ----- drafts -----

    /// The draft as stored: every text exactly as typed, and where the
    /// user was.
    pub fn draft_json(&self) -> Json {
        let mut raw = Map::new();
        for (field, slot) in self.def.fields().zip(&self.slots) {
            let value = match slot {
                Slot::Text(t) => json!(t),
                Slot::Rows(rows) => json!(rows),
            };
            raw.insert(field.id.clone(), value);
        }
        json!({ "raw": raw, "focus": self.focus })
    }

    /// Restores a stored draft. A draft in the editor's own shape keeps
    /// every character; one holding values (written by an import or an
    /// older version) is read as values. Returns whether anything was read.
    pub fn restore(&mut self, stored: &Json) -> bool {
        let Some(raw) = stored.get("raw").and_then(Json::as_object) else {
            let (data, _) = form::read_json(&self.def, stored, self.today);
            self.fill_from(&data);
            return !data.values.iter().all(|(_, v)| v.is_empty());
        };
        let fields: Vec<String> = self.def.fields().map(|f| f.id.clone()).collect();
        for (slot, id) in self.slots.iter_mut().zip(&fields) {
            match (raw.get(id), slot) {
                (Some(Json::String(s)), Slot::Text(text)) => *text = s.clone(),
                (Some(Json::Array(rows)), Slot::Rows(cells)) => {
                    *cells = rows
                        .iter()
                        .map(|row| {
                            row.as_array()
                                .map(|r| {
                                    r.iter()
                                        .map(|c| c.as_str().unwrap_or_default().to_string())
                                        .collect()
                                })
                                .unwrap_or_default()
                        })
                        .collect();
                }
                _ => {}
            }
        }
        if let Some(focus) = stored.get("focus").and_then(Json::as_u64) {
            self.focus = (focus as usize).min(self.slots.len().saturating_sub(1));
        }
        self.cursor = self.target_text().map_or(0, |t| t.chars().count());
        true
    }

    // ----- where typing goes -----

    /// The field (or table column) under the cursor.
    pub fn target_def(&self) -> Option<&FieldDef> {
        let field = self.def.fields().nth(self.focus)?;
        match self.cell {
            Some(cell) => field.columns.get(cell.column),
            None => Some(field),
        }
    }

    pub fn target_text(&self) -> Option<&String> {
        match (self.slots.get(self.focus)?, self.cell) {
            (Slot::Text(t), None) => Some(t),
            (Slot::Rows(rows), Some(cell)) => rows.get(cell.row)?.get(cell.column),
            _ => None,
        }
    }

    fn target_mut(&mut self) -> Option<&mut String> {
        match (self.slots.get_mut(self.focus)?, self.cell) {
            (Slot::Text(t), None) => Some(t),
            (Slot::Rows(rows), Some(cell)) => rows.get_mut(cell.row)?.get_mut(cell.column),
            _ => None,
        }
    }

    fn byte_at(text: &str, chars: usize) -> usize {
        text.char_indices().nth(chars).map_or(text.len(), |(i, _)| i)
    }

    fn changed(&mut self) {
        self.unsaved = true;
        self.problems
            .retain(|p| !(p.field == self.focus && p.cell == self.cell));
    }

    pub fn type_char(&mut self, c: char) {
        if !crate::domain::sanitise::may_type(c) || self.chooser.is_some() || self.leaving || self.confirming
        {
            return;
        }
        if self.picks_here() && self.type_into_picking(c) {
            return;
        }
        let cursor = self.cursor;
        if let Some(text) = self.target_mut() {
            let at = Self::byte_at(text, cursor);
            text.insert(at, c);
            self.cursor += 1;
            self.changed();
        }
    }

    /// Pasted text, at the cursor. Line breaks stay in a multi-line field
    /// and become spaces elsewhere; there is no length limit.
    pub fn paste(&mut self, text: &str) {
        if self.chooser.is_some() || self.leaving || self.confirming {
            return;
        }
        let multiline = self.target_def().is_some_and(|d| d.kind == FieldKind::Multiline);
        let text = text.replace("\r\n", "\n").replace('\r', "\n");
        for c in text.chars() {
            match c {
                '\n' if multiline => self.type_newline(),
                '\n' | '\t' => self.type_char(' '),
                c => self.type_char(c),
            }
        }
    }

    /// The cursor's place after moving a word left or right: to the start
    /// of the word, as text editors do.
    fn word_step(&self, forward: bool) -> usize {
        let chars: Vec<char> = self.target_text().map_or(Vec::new(), |t| t.chars().collect());
        let mut at = self.cursor.min(chars.len());
        if forward {
            while at < chars.len() && !chars[at].is_whitespace() {
                at += 1;
            }
            while at < chars.len() && chars[at].is_whitespace() {
                at += 1;
            }
        } else {
            while at > 0 && chars[at - 1].is_whitespace() {
                at -= 1;
            }
            while at > 0 && !chars[at - 1].is_whitespace() {
                at -= 1;
            }
        }
        at
    }

    /// In a multi-line field, the cursor's place a line up or down (by the
    /// text's own lines), or `None` at the first or last line, where the
    /// arrow moves to the next field instead.
    fn line_step(&self, down: bool) -> Option<usize> {
        if self.cell.is_some() || self.target_def()?.kind != FieldKind::Multiline {
            return None;
        }
        let text = self.target_text()?;
        let before: String = text.chars().take(self.cursor).collect();
        let line = before.matches('\n').count();
        let column = before.chars().rev().take_while(|c| *c != '\n').count();
        let lines: Vec<&str> = text.split('\n').collect();
        let target = if down {
            (line + 1 < lines.len()).then_some(line + 1)?
        } else {
            line.checked_sub(1)?
        };
        let start: usize = lines[..target].iter().map(|l| l.chars().count() + 1).sum();
        Some(start + column.min(lines[target].chars().count()))
    }

    /// Leaves the current text for another, with the cursor at its end.
    fn moved(&mut self) {
        self.cursor = self.target_text().map_or(0, |t| t.chars().count());
    }

    fn field_kind(&self, index: usize) -> Option<FieldKind> {
        self.def.fields().nth(index).map(|f| f.kind)
    }

    fn rows(&self) -> usize {
        match self.slots.get(self.focus) {
            Some(Slot::Rows(rows)) => rows.len(),
            _ => 0,
        }
    }

    fn columns(&self) -> usize {
        self.def.fields().nth(self.focus).map_or(0, |f| f.columns.len())
    }

    fn next(&mut self) {
        if !self.may_leave() {
            return;
        }
        if let Some(cell) = self.cell {
            if cell.column + 1 < self.columns() {
                self.cell = Some(Cell {
                    column: cell.column + 1,
                    ..cell
                });
                return self.moved();
            }
            if cell.row + 1 < self.rows() {
                self.cell = Some(Cell {
                    row: cell.row + 1,
                    column: 0,
                });
                return self.moved();
            }
            self.cell = None;
        }
        self.focus = (self.focus + 1).min(self.slots.len().saturating_sub(1));
        self.moved();
    }

    fn previous(&mut self) {
        if !self.may_leave() {
            return;
        }
        if let Some(cell) = self.cell {
            if cell.column > 0 {
                self.cell = Some(Cell {
                    column: cell.column - 1,
                    ..cell
                });
                return self.moved();
            }
            if cell.row > 0 {
                self.cell = Some(Cell {
                    row: cell.row - 1,
                    column: self.columns().saturating_sub(1),
                });
                return self.moved();
            }
            self.cell = None;
            return self.moved();
        }
        self.focus = self.focus.saturating_sub(1);
        self.moved();
    }

    fn add_row(&mut self) {
        let columns = self.columns();
        let at = self.cell.map_or(self.rows(), |c| c.row + 1);
        if let Some(Slot::Rows(rows)) = self.slots.get_mut(self.focus) {
            rows.insert(at, vec![String::new(); columns]);
            self.cell = Some(Cell { row: at, column: 0 });
            self.cursor = 0;
            self.unsaved = true;
        }
    }

    fn delete_row(&mut self) {
        let Some(cell) = self.cell else { return };
        if let Some(Slot::Rows(rows)) = self.slots.get_mut(self.focus)
            && cell.row < rows.len()
        {
            rows.remove(cell.row);
            self.unsaved = true;
            self.cell = match rows.len() {
                0 => None,
                n => Some(Cell {
                    row: cell.row.min(n - 1),
                    column: 0,
                }),
            };
            self.moved();
        }
    }

    fn open_chooser(&mut self) -> bool {
        let Some(def) = self.target_def() else {
            return false;
        };
        let (options, multiple) = match def.kind {
            FieldKind::Choice => (def.options.clone(), false),
            FieldKind::MultiChoice => (def.options.clone(), true),
            FieldKind::YesNo => (vec!["Yes".to_string(), "No".to_string()], false),
            // A person field narrows its list as the user types instead.
            FieldKind::Person => return self.picks_here() && self.open_picking(""),
            _ => return false,
        };
        // What is chosen now, read as the field reads it (an option may
        // hold a comma).
        let text = self.target_text().cloned().unwrap_or_default();
        let current: Vec<String> = match form::parse_input(def, &text, self.today) {
            Ok(FieldValue::Choices(c)) => c.iter().map(|o| o.to_lowercase()).collect(),
            Ok(FieldValue::YesNo(b)) => vec![if b { "yes" } else { "no" }.to_string()],
            _ => vec![text.trim().to_lowercase()],
        };
        let ticked: Vec<bool> = options
            .iter()
            .map(|o| current.contains(&o.to_lowercase()))
            .collect();
        let selected = ticked.iter().position(|t| *t).unwrap_or(0);
        self.chooser = Some(Chooser {
            options,
            ticked,
            selected,
            multiple,
        });
        true
    }

    fn close_chooser(&mut self, accept: bool) {
        let Some(chooser) = self.chooser.take() else {
            return;
        };
        if !accept {
            return;
        }
        let text = if chooser.multiple {
            chooser
                .options
                .iter()
                .zip(&chooser.ticked)
                .filter(|(_, t)| **t)
                .map(|(o, _)| o.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        } else {
            chooser.options.get(chooser.selected).cloned().unwrap_or_default()
        };
        if let Some(target) = self.target_mut() {
            *target = text;
            self.changed();
            self.moved();
        }
        if !chooser.multiple {
            self.next();
        }
    }

    /// Carries out a named action. `Some` asks the event loop to act.
    pub fn apply(&mut self, action: Action) -> Option<EditorOutcome> {
        if self.record.as_ref().is_some_and(|r| r.conflict.is_some()) {
            return crate::record_edit::apply_conflict(self, action);
        }
        if self.confirming {
            self.confirming = false;
            return match action {
                Action::Submit => self.submit(),
                _ => None,
            };
        }
        if self.leaving {
            match action {
                Action::KeepDraft => return Some(EditorOutcome::Keep),
                Action::DiscardDraft => return Some(EditorOutcome::Discard),
                Action::Cancel => self.leaving = false,
                _ => {}
            }
            return None;
        }
        if let Some(used) = self.apply_picking(action) {
            return used;
        }
        if let Some(chooser) = &mut self.chooser {
            let last = chooser.options.len().saturating_sub(1);
            match action {
                Action::MoveDown => chooser.selected = (chooser.selected + 1).min(last),
                Action::MoveUp => chooser.selected = chooser.selected.saturating_sub(1),
                Action::ToggleChoice if chooser.multiple => {
                    if let Some(t) = chooser.ticked.get_mut(chooser.selected) {
                        *t = !*t;
                    }
                }
                Action::ToggleChoice => self.close_chooser(true),
                Action::Submit => {
                    // Enter on an unticked option of a multiple choice
                    // ticks it, as most people expect.
                    if chooser.multiple
                        && !chooser.ticked.iter().any(|t| *t)
                        && let Some(t) = chooser.ticked.get_mut(chooser.selected)
                    {
                        *t = true;
                    }
                    self.close_chooser(true);
                }
                Action::Cancel => self.close_chooser(false),
                _ => {}
            }
            return None;
        }
        match action {
            Action::MoveDown => match self.line_step(true) {
                Some(at) => self.cursor = at,
                None => self.next(),
            },
            Action::MoveUp => match self.line_step(false) {
                Some(at) => self.cursor = at,
                None => self.previous(),
            },
            Action::WordLeft => self.cursor = self.word_step(false),
            Action::WordRight => self.cursor = self.word_step(true),
            Action::NextField => self.next(),
            Action::PreviousField => self.previous(),
            Action::CursorLeft => self.cursor = self.cursor.saturating_sub(1),
            Action::CursorRight => {
                let end = self.target_text().map_or(0, |t| t.chars().count());
                self.cursor = (self.cursor + 1).min(end);
            }
            Action::LineStart => self.cursor = 0,
            Action::LineEnd => self.moved(),
            Action::DeleteChar => {
                let cursor = self.cursor;
                if cursor > 0
                    && let Some(text) = self.target_mut()
                {
                    let at = Self::byte_at(text, cursor - 1);
                    text.remove(at);
                    self.cursor -= 1;
                    self.changed();
                }
            }
            Action::ClearField => {
                if let Some(text) = self.target_mut() {
                    text.clear();
                    self.cursor = 0;
                    self.changed();
                }
            }
            Action::Activate => match (self.field_kind(self.focus), self.cell) {
                (Some(FieldKind::Table), None) => {
                    if self.rows() == 0 {
                        self.add_row();
                    } else {
                        self.cell = Some(Cell { row: 0, column: 0 });
                        self.moved();
                    }
                }
                _ if self.open_chooser() => {}
                (Some(FieldKind::Multiline), None) => self.type_newline(),
                _ => self.next(),
            },
            Action::AddRow if self.field_kind(self.focus) == Some(FieldKind::Table) => self.add_row(),
            Action::DeleteRow => self.delete_row(),
            Action::Submit => {
                let checked = self.submit();
                // The record form asks once the event loop has worked out
                // what saving would move.
                if self.record.is_some() {
                    return match checked {
                        Some(EditorOutcome::Submit { data, .. }) => Some(EditorOutcome::Preview { data }),
                        other => other,
                    };
                }
                // Asks first: nothing is submitted until it is confirmed.
                self.confirming = checked.is_some();
                return None;
            }
            Action::Cancel => {
                if self.cell.is_some() {
                    self.cell = None;
                    self.moved();
                } else if self.draft.is_none() && !self.unsaved {
                    // Nothing typed, nothing kept: nothing to ask about.
                    return Some(EditorOutcome::Discard);
                } else {
                    self.leaving = true;
                }
            }
            _ => {}
        }
        None
    }

    fn type_newline(&mut self) {
        let cursor = self.cursor;
        if let Some(text) = self.target_mut() {
            let at = Self::byte_at(text, cursor);
            text.insert(at, '\n');
            self.cursor += 1;
            self.changed();
        }
    }

    // ----- checking -----

    /// Reads every field; returns the values and what is wrong, in form order.
    pub fn check(&self) -> (FormData, Vec<Problem>) {
        let mut data = FormData::default();
        let mut problems = Vec::new();
        for (index, (field, slot)) in self.def.fields().zip(&self.slots).enumerate() {
            let value = match slot {
                Slot::Text(text) => match form::parse_input(field, text, self.today) {
                    Ok(value) => value,
                    Err(message) => {
                        problems.push(Problem {
                            field: index,
                            cell: None,
                            message,
                        });
                        FieldValue::Empty
                    }
                },
                Slot::Rows(rows) => {
                    let mut kept = Vec::new();
                    for (r, row) in rows.iter().enumerate() {
                        // A row left wholly empty is not a row.
                        if row.iter().all(|c| c.trim().is_empty()) {
                            continue;
                        }
                        let mut cells = Vec::new();
                        for (c, column) in field.columns.iter().enumerate() {
                            let text = row.get(c).map_or("", String::as_str);
                            let cell = Some(Cell { row: r, column: c });
                            match form::parse_input(column, text, self.today) {
                                Ok(v) if column.required && v.is_empty() => {
                                    problems.push(Problem {
                                        field: index,
                                        cell,
                                        message: format!("{}: is required", column.label),
                                    });
                                    cells.push(v);
                                }
                                Ok(v) => cells.push(v),
                                Err(message) => {
                                    problems.push(Problem {
                                        field: index,
                                        cell,
                                        message: format!("{}: {message}", column.label),
                                    });
                                    cells.push(FieldValue::Empty);
                                }
                            }
                        }
                        kept.push(cells);
                    }
                    if kept.is_empty() {
                        FieldValue::Empty
                    } else {
                        FieldValue::Rows(kept)
                    }
                }
            };
            if field.required && value.is_empty() && !problems.iter().any(|p| p.field == index) {
                problems.push(Problem {
                    field: index,
                    cell: None,
                    message: "is required".to_string(),
                });
            }
            data.set(&field.id, value);
        }
        (data, problems)
    }

    /// What is wrong with the focused field's text right now, shown as
    /// the user types.
    pub fn problem_with(&self, field: usize, cell: Option<Cell>) -> Option<String> {
        if let Some(p) = self.problems.iter().find(|p| p.field == field && p.cell == cell) {
            return Some(p.message.clone());
        }
        let def = self.def.fields().nth(field)?;
        let (def, text) = match (self.slots.get(field)?, cell) {
            (Slot::Text(t), None) => (def, t),
            (Slot::Rows(rows), Some(c)) => (def.columns.get(c.column)?, rows.get(c.row)?.get(c.column)?),
            _ => return None,
        };
        form::parse_input(def, text, self.today).err()
    }

    fn submit(&mut self) -> Option<EditorOutcome> {
        // Every form's people (and the record form's team): known ones
        // only, as leaving each field checks them.
        let people = self.person_problems();
        let (data, mut problems) = self.check();
        if !people.is_empty() {
            problems.retain(|p| !people.iter().any(|q| q.field == p.field));
            problems.extend(people);
            problems.sort_by_key(|p| p.field);
        }
        if let Some(first) = problems.first() {
            self.focus = first.field;
            self.cell = first.cell;
            self.moved();
            self.problems = problems;
            return None;
        }
        self.problems.clear();
        let json = form::to_json(&self.def, &data);
        Some(EditorOutcome::Submit { data, json })
    }

    /// Required fields still empty, for the status line.
    pub fn still_required(&self) -> usize {
        let (data, _) = self.check();
        form::missing(&self.def, &data).len()
    }
}

mod picking;
#[cfg(test)]
mod tests;
