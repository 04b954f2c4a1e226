//! The child's Forms tab: every form of the child (drafts, submitted,
//! amended), its version, who submitted it and when, and where it stands
//! on its route; and its keys: open a form (the editor for the user's own
//! draft, to read otherwise), sign off or QA the step it awaits, return it
//! to its author with comments, amend it with a reason. Whether the user
//! may is the route's use case (`service::forms`), asked here up front so
//! that a refusal comes before anything is typed, and again when saved.

use super::ChildView;
use crate::action::Action;
use crate::app::{App, Effect};
use crate::component::{Ctx, Handled};
use crate::modal::{Field, Form, FormPurpose, Modal};
use crate::service::forms::{self, Standing};
use crate::view::status_line;
use crate::view::text::truncate;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

/// One form of the child, as the tab lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormLine {
    pub id: i64,
    pub kind: String,
    pub title: String,
    pub version: i64,
    /// Who wrote it (their name where known).
    pub by: String,
    /// When it was submitted, as the user reads dates; empty for a draft.
    pub when: String,
    pub standing: Standing,
    /// The acting user's own draft: Enter carries on writing it.
    pub mine: bool,
}

/// The tab's list, or why it could not be read, and its cursor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormsState {
    pub lines: Result<Vec<FormLine>, String>,
    pub cursor: usize,
}

impl Default for FormsState {
    fn default() -> FormsState {
        FormsState {
            lines: Ok(Vec::new()),
            cursor: 0,
        }
    }
}

impl FormsState {
    pub fn selected(&self) -> Option<&FormLine> {
        let lines = self.lines.as_ref().ok()?;
        lines.get(self.cursor.min(lines.len().saturating_sub(1)))
    }

    /// New lines after a reload, the cursor kept on the same form where
    /// it is still listed.
    pub fn replace(&mut self, lines: Result<Vec<FormLine>, String>) {
        let id = self.selected().map(|l| l.id);
        self.lines = lines;
        if let (Some(id), Ok(lines)) = (id, &self.lines)
            && let Some(at) = lines.iter().position(|l| l.id == id)
        {
            self.cursor = at;
        }
    }

    /// Puts the cursor on form `id`, if listed.
    pub fn select(&mut self, id: i64) {
        if let Ok(lines) = &self.lines
            && let Some(at) = lines.iter().position(|l| l.id == id)
        {
            self.cursor = at;
        }
    }
}

/// A refusal as the status line says it: a sentence.
fn said(refusal: impl std::fmt::Display) -> String {
    crate::app::capitalise(&refusal.to_string())
}

impl ChildView {
    /// Keys on the Forms tab.
    pub(super) fn apply_to_forms(&mut self, action: Action, ctx: &mut Ctx<'_>) -> Handled {
        let child = self.detail.id;
        let count = self.forms.lines.as_ref().map_or(0, Vec::len);
        let changes = matches!(
            action,
            Action::SignOffForm | Action::ReturnForm | Action::AmendForm
        );
        if changes && ctx.session.read_only {
            *ctx.message = Some(super::keys::READ_ONLY.to_string());
            return Handled::Consumed(None);
        }
        let selected = self.forms.selected().cloned();
        if (changes || action == Action::Open) && selected.is_none() {
            *ctx.message = Some("No form is selected: F fills in a new one".to_string());
            return Handled::Consumed(None);
        }
        match (action, selected) {
            (Action::MoveDown, _) => self.forms.cursor = (self.forms.cursor + 1).min(count.saturating_sub(1)),
            (Action::MoveUp, _) => self.forms.cursor = self.forms.cursor.saturating_sub(1),
            (Action::Open, Some(line)) if line.mine && line.standing == Standing::Draft => {
                return Handled::Consumed(Some(Effect::OpenForm {
                    child,
                    kind: line.kind,
                }));
            }
            (Action::Open, Some(line)) => return Handled::Consumed(Some(Effect::ShowForm { form: line.id })),
            (Action::SignOffForm | Action::ReturnForm, Some(line)) => {
                let awaited = line.standing.awaited(&line.kind, &line.by).and_then(|a| {
                    forms::may_record(ctx.access, ctx.policy, self.scope(), a)?;
                    Ok(a.clone())
                });
                match awaited {
                    Err(refused) => *ctx.message = Some(said(refused)),
                    Ok(awaited) => ctx.dialog = Some(route_dialog(action, &line, awaited)),
                }
            }
            (Action::AmendForm, Some(line)) => {
                let refused = line.standing.amendable().map_err(said).err().or_else(|| {
                    ctx.permits(
                        crate::domain::permissions::Action::EditTimeline,
                        Some(self.scope()),
                    )
                    .err()
                    .map(said)
                });
                match refused {
                    Some(refused) => *ctx.message = Some(refused),
                    None => {
                        ctx.dialog = Some(Modal::Form(
                            Form::new(
                                format!("Amend: {} v{}", line.title, line.version),
                                vec![Field::new("Reason", String::new(), "why it is amended")],
                                FormPurpose::AmendForm { form: line.id },
                            )
                            .with_intro(vec![
                                format!(
                                    "Version {} is kept as it is; version {} opens as your draft, with the same answers.",
                                    line.version,
                                    line.version + 1
                                ),
                            ]),
                        ));
                    }
                }
            }
            _ => return Handled::Ignored,
        }
        Handled::Consumed(None)
    }
}

/// The sign-off (or QA) dialog, or the return-with-comments one.
fn route_dialog(action: Action, line: &FormLine, awaited: forms::Awaited) -> Modal {
    let form = format!("{} v{}", line.title, line.version);
    Modal::Form(if action == Action::ReturnForm {
        Form::new(
            format!("Return to {}", line.by),
            vec![Field::new(
                "Comment",
                String::new(),
                "what to change; kept on the form",
            )],
            FormPurpose::ReturnForm { form: line.id },
        )
        .with_intro(vec![
            form,
            format!("It awaits {}; returned, it awaits an amendment.", awaited.label),
        ])
    } else {
        Form::new(
            awaited.label.clone(),
            vec![Field::new("Note", String::new(), "optional")],
            FormPurpose::SignForm {
                form: line.id,
                step: awaited.step,
            },
        )
        .with_intro(vec![
            form,
            "Enter records this step with your name and the time.".to_string(),
        ])
    })
}

/// What a Forms tab dialog holds, as the change it asks for; or which
/// field is wrong and why.
pub fn submit(form: &Form, child: crate::domain::child::ChildId) -> Result<Effect, (usize, String)> {
    match &form.purpose {
        FormPurpose::SignForm { form: id, step } => Ok(Effect::SignForm {
            child,
            form: *id,
            step: step.clone(),
            note: Some(form.value(0).to_string()).filter(|n| !n.trim().is_empty()),
        }),
        FormPurpose::ReturnForm { .. } if form.value(0).trim().is_empty() => {
            Err((0, "Say what the author should change".to_string()))
        }
        FormPurpose::ReturnForm { form: id } => Ok(Effect::ReturnForm {
            child,
            form: *id,
            comment: form.value(0).to_string(),
        }),
        FormPurpose::AmendForm { .. } if form.value(0).trim().is_empty() => {
            Err((0, "Say why it is amended".to_string()))
        }
        FormPurpose::AmendForm { form: id } => Ok(Effect::AmendForm {
            child,
            form: *id,
            reason: form.value(0).to_string(),
        }),
        _ => Err((0, "This dialog cannot be saved from here".to_string())),
    }
}

/// As many whole words of `text` as fit in `room` columns, with `…`
/// where some are left for the line below the list: never cut mid-word.
fn words_within(text: &str, room: usize) -> String {
    if text.chars().count() <= room {
        return text.to_string();
    }
    let mut out = String::new();
    for word in text.split(' ') {
        let next = if out.is_empty() {
            word.to_string()
        } else {
            format!("{out} {word}")
        };
        if next.chars().count() + 1 > room {
            break;
        }
        out = next;
    }
    format!("{out}…")
}

/// The tab: a line a form, the cursor's reversed; the selected form's
/// route below the list, wrapped, so a returned form's comment is read
/// whole.
pub fn draw(app: &App, view: &ChildView, frame: &mut Frame<'_>, area: Rect, status: Rect, position: &str) {
    let theme = &app.theme;
    let width = area.width as usize;
    let lines = match &view.forms.lines {
        Err(reason) => {
            frame.render_widget(
                Paragraph::new(Line::styled(format!(" {reason}"), theme.muted)),
                area,
            );
            status_line(app, frame, status, position, &[("F", "new form"), ("?", "help")]);
            return;
        }
        Ok(lines) if lines.is_empty() => {
            let none = vec![
                Line::raw(""),
                Line::styled(" No forms yet: F fills one in", theme.muted),
            ];
            frame.render_widget(Paragraph::new(none), area);
            status_line(app, frame, status, position, &[("F", "new form"), ("?", "help")]);
            return;
        }
        Ok(lines) => lines,
    };
    let wide = width >= 100;
    let (title_w, status_w, by_w) = if wide { (28, 13, 14) } else { (20, 10, 10) };
    let head = if wide {
        format!(
            " {:<title_w$} {:>3}  {:<status_w$} {:<by_w$} {:<10}  Where it stands",
            "Form", "v", "Status", "By", "Submitted"
        )
    } else {
        format!(
            " {:<title_w$} {:>3}  {:<status_w$} {:<by_w$}  Where it stands",
            "Form", "v", "Status", "By"
        )
    };
    let mut out = vec![Line::styled(truncate(&head, width), theme.title)];
    // Room for the selected form's route, wrapped, below the list.
    let detail_rows = 4usize;
    let list_rows = (area.height as usize).saturating_sub(1 + detail_rows + 1).max(1);
    let cursor = view.forms.cursor.min(lines.len().saturating_sub(1));
    let first = cursor.saturating_sub(list_rows.saturating_sub(1));
    for (i, line) in lines.iter().enumerate().skip(first).take(list_rows) {
        let mut row = if wide {
            let lead = 1 + title_w + 1 + 3 + 2 + status_w + 1 + by_w + 1 + 10 + 2;
            let when = line.when.split(' ').next().unwrap_or_default();
            format!(
                " {:<title_w$} {:>3}  {:<status_w$} {:<by_w$} {:<10}  {}",
                truncate(&line.title, title_w),
                line.version,
                truncate(line.standing.status(), status_w),
                truncate(&line.by, by_w),
                when,
                words_within(&line.standing.route(), width.saturating_sub(lead))
            )
        } else {
            let lead = 1 + title_w + 1 + 3 + 2 + status_w + 1 + by_w + 2;
            format!(
                " {:<title_w$} {:>3}  {:<status_w$} {:<by_w$}  {}",
                truncate(&line.title, title_w),
                line.version,
                truncate(line.standing.status(), status_w),
                truncate(&line.by, by_w),
                words_within(&line.standing.route(), width.saturating_sub(lead))
            )
        };
        row = truncate(&row, width);
        let style = if i == cursor { theme.selection } else { theme.text };
        out.push(Line::styled(format!("{row:<width$}"), style));
    }
    if let Some(line) = lines.get(cursor) {
        out.push(Line::raw(""));
        let said = format!(
            "{} v{} (form {}), {}{}: {}",
            line.title,
            line.version,
            line.id,
            if line.when.is_empty() {
                "written by "
            } else {
                "submitted by "
            },
            if line.when.is_empty() {
                line.by.clone()
            } else {
                format!("{} on {}", line.by, line.when)
            },
            line.standing.route()
        );
        for part in crate::view::text::wrap(&said, width.saturating_sub(2).max(10))
            .into_iter()
            .take(detail_rows)
        {
            out.push(Line::from(Span::styled(format!(" {part}"), theme.muted)));
        }
    }
    frame.render_widget(Paragraph::new(out), area);
    status_line(
        app,
        frame,
        status,
        position,
        &[("s", "sign"), ("r", "return"), ("A", "amend"), ("?", "help")],
    );
}
