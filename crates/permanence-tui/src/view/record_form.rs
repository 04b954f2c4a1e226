//! What the record form draws over the form engine's: before saving, the
//! list of what saving will do (each field that changes, each event
//! recorded with its date, each timeline date that moves, as `d` and the
//! corrections list them); and, where someone else changed the record
//! meanwhile, their change beside the user's, field by field, each
//! marked with the one that will be kept.

use super::form::{answer, draw_question, popup};
use super::text::wrap;
use crate::app::App;
use crate::domain::form::FormDef;
use crate::form_editor::FormEditor;
use crate::record_edit::{ALL_MINE, ALL_THEIRS, Choosing, FIXED_ROWS};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

/// The keys of the question asked over the record form, if one is.
pub fn status_keys(editor: &FormEditor) -> Option<&'static [(&'static str, &'static str)]> {
    let record = editor.record.as_ref()?;
    if record.conflict.is_some() {
        return Some(&[("Space", "theirs or yours"), ("Enter", "save"), ("Esc", "back")]);
    }
    editor
        .confirming
        .then_some(&[("Enter", "save"), ("Esc", "back"), ("F1", "keys")])
}

/// The record form's count on the status line: the fields showing a
/// problem, by label ("2 fields need attention: Date of birth, Legal
/// status changed on"), or what is still required, or ready to save; a
/// form that is not the record has `None`. The labels are dropped, never
/// cut, where the line at `width` columns has no room for them.
pub fn status_count(editor: &FormEditor, width: usize) -> Option<String> {
    editor.record.as_ref()?;
    let labels: Vec<String> = editor
        .def
        .fields()
        .enumerate()
        .filter(|(at, _)| showing_problem(editor, *at))
        .map(|(_, f)| f.label.clone())
        .collect();
    let missing = editor.still_required();
    Some(match (labels.len(), missing) {
        (0, 0) => "ready to save".to_string(),
        (0, n) => format!("{n} required to fill"),
        (n, _) => {
            let count = if n == 1 {
                "1 field needs attention".to_string()
            } else {
                format!("{n} fields need attention")
            };
            let named = format!("{count}: {}", labels.join(", "));
            // Room for the user, the draft's state and a key or two.
            if named.chars().count() + 40 <= width {
                named
            } else {
                count
            }
        }
    })
}

/// Whether the field at `at` (or a cell of it) shows a problem now.
fn showing_problem(editor: &FormEditor, at: usize) -> bool {
    editor.problems.iter().any(|p| p.field == at) || editor.problem_with(at, None).is_some()
}

/// What the status line says of a record form with no draft saved yet:
/// whose record is being edited ("new" stays for a child being added,
/// which is new).
pub fn unsaved_label(editor: &FormEditor) -> Option<String> {
    let seen = editor.record.as_ref()?.seen.as_ref()?;
    Some(format!("Editing {}'s record", seen.fields.reference))
}

/// Draws the question the record form is asking, if any.
pub fn draw(app: &App, editor: &FormEditor, frame: &mut Frame<'_>, area: Rect) {
    let Some(record) = &editor.record else {
        return;
    };
    if let Some(choosing) = &record.conflict {
        draw_conflict(app, &editor.def, choosing, frame, area);
    } else if editor.confirming {
        draw_before_saving(app, &record.before_saving, record.seen.is_none(), frame, area);
    }
}

/// The box's width inside `area`: most of it, at most 100 columns.
fn width_in(area: Rect) -> u16 {
    area.width.saturating_sub(4).clamp(20, 100)
}

fn draw_before_saving(app: &App, lines: &[String], adding: bool, frame: &mut Frame<'_>, area: Rect) {
    let theme = &app.theme;
    let width = width_in(area);
    let room = (width as usize).saturating_sub(6).max(10);
    // The answers' lines are fitted to what the window leaves.
    let spare = (area.height as usize).saturating_sub(7).max(1);
    let mut body: Vec<Line<'static>> = vec![Line::raw("")];
    let wrapped: Vec<String> = lines
        .iter()
        .flat_map(|l| {
            wrap(l, room)
                .into_iter()
                .enumerate()
                .map(|(n, part)| {
                    if n == 0 {
                        format!("  · {part}")
                    } else {
                        format!("    {part}")
                    }
                })
                .collect::<Vec<_>>()
        })
        .collect();
    let shown = wrapped.len().min(spare);
    body.extend(
        wrapped
            .iter()
            .take(shown)
            .map(|l| Line::styled(l.clone(), theme.text)),
    );
    if shown < wrapped.len() {
        body.push(Line::styled(
            format!("    … and {} more lines", wrapped.len() - shown),
            theme.muted,
        ));
    }
    body.push(Line::raw(""));
    body.push(answer(
        theme,
        "Enter",
        if adding {
            "add the child"
        } else {
            "save the record"
        },
    ));
    body.push(answer(theme, "Esc", "carry on editing"));
    let height = body.len() as u16 + 2;
    draw_question(app, frame, popup(area, width, height), " Before saving ", body);
}

/// The carers' row of the conflict: theirs and the user's each whole on
/// lines of their own (a list of names does not fit a column), the one
/// kept ticked.
fn carer_lines(
    app: &App,
    carers: &crate::service::record::CarerSides,
    mine: bool,
    mark: &str,
    width: usize,
) -> Vec<Line<'static>> {
    let theme = &app.theme;
    let room = width.saturating_sub(14).max(10);
    let tick = |kept: bool| if kept { "✓ " } else { "  " };
    let mut out = vec![Line::from(vec![
        Span::styled(mark.to_string(), theme.key),
        Span::styled("Carers".to_string(), theme.title),
    ])];
    for (kept, who, text) in [(!mine, "theirs", &carers.theirs), (mine, "yours ", &carers.mine)] {
        let style = if kept { theme.key } else { theme.muted };
        for (n, part) in wrap(text, room).into_iter().enumerate() {
            let head = if n == 0 {
                format!("    {}{who} ", tick(kept))
            } else {
                " ".repeat(13)
            };
            out.push(Line::styled(format!("{head}{part}"), style));
        }
    }
    out
}

fn draw_conflict(app: &App, def: &FormDef, choosing: &Choosing, frame: &mut Frame<'_>, area: Rect) {
    let theme = &app.theme;
    let width = width_in(area);
    let column = ((width as usize).saturating_sub(24) / 2).max(8);
    // A long value ends at a word, marked `…`, never mid-word (issue 18).
    let cut = |text: &str| -> String { crate::domain::fit::cut_at_word(text, column) };
    let mark = |row: usize| if row == choosing.selected { "▶ " } else { "  " };
    let mut body: Vec<Line<'static>> = vec![
        Line::styled(
            format!("  Changed by {} since you opened it:", choosing.conflict.by),
            theme.text,
        ),
        Line::raw(""),
        Line::from(vec![
            Span::styled(mark(ALL_THEIRS).to_string(), theme.key),
            Span::styled("keep all of theirs".to_string(), theme.text),
        ]),
        Line::from(vec![
            Span::styled(mark(ALL_MINE).to_string(), theme.key),
            Span::styled("keep all of yours".to_string(), theme.text),
        ]),
        Line::raw(""),
        Line::styled(
            format!("  {:<18}{:<column$}  {}", "field", "theirs", "yours"),
            theme.header,
        ),
    ];
    for (n, (sides, mine)) in choosing.conflict.fields.iter().zip(&choosing.mine).enumerate() {
        let (theirs_style, mine_style) = if *mine {
            (theme.muted, theme.key)
        } else {
            (theme.key, theme.muted)
        };
        let tick = |kept: bool| if kept { "✓ " } else { "  " };
        body.push(Line::from(vec![
            Span::styled(mark(FIXED_ROWS + n).to_string(), theme.key),
            // The field as the form labels it, in its 16 columns, cut at a
            // word so the two sides below stay in line.
            Span::styled(
                format!(
                    "{:<16}",
                    crate::domain::fit::cut_at_word(
                        crate::service::record::label_of(def, sides.column.name()),
                        16
                    )
                ),
                theme.title,
            ),
            Span::styled(
                format!("{}{:<column$}", tick(!mine), cut(&sides.theirs)),
                theirs_style,
            ),
            Span::styled(format!("{}{}", tick(*mine), cut(&sides.mine)), mine_style),
        ]));
    }
    if let Some(carers) = &choosing.conflict.carers {
        let n = choosing.conflict.fields.len();
        let mine = choosing.mine.get(n).copied().unwrap_or(true);
        body.extend(carer_lines(
            app,
            carers,
            mine,
            mark(FIXED_ROWS + n),
            width as usize,
        ));
    }
    body.push(Line::raw(""));
    body.push(answer(
        theme,
        "Space",
        "keep theirs or yours (on a field, or all)",
    ));
    body.push(answer(theme, "Enter", "take these and save again"));
    body.push(answer(theme, "Esc", "back to the form"));
    // Where the box would not fit (80 x 24 with the carers' lists), the
    // blank lines give way before any key is lost.
    if body.len() + 2 > area.height as usize {
        body.retain(|line| line.width() > 0);
    }
    let height = body.len() as u16 + 2;
    draw_question(
        app,
        frame,
        popup(area, width, height),
        " Someone else changed this record ",
        body,
    );
}
