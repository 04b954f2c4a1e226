//! The form screen: sections and fields as the paper form lays them out
//! (label above its answer, so long labels from the seeds stay whole),
//! the field being typed into marked with a cursor, what is wrong beside
//! it, the field's guidance below, and the route a financial request
//! will take. The form opens with where it is taken from, and every part
//! that is this product's own design carries a † and says why in its
//! guidance, so nothing invented reads as the source's.

use crate::app::App;
use crate::domain::form::FieldKind;
use crate::domain::form_rules;
use crate::form_editor::{Cell, FormEditor, Slot};
use crate::view::text::{truncate, wrap};
use crate::view::{status_line, title_bar};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

pub fn draw(app: &App, editor: &FormEditor, frame: &mut Frame<'_>, area: Rect) {
    // Where the form is taken from stays above it however far the form
    // scrolls: it is what tells the user whose words they are reading.
    let provenance: Vec<Line<'static>> = wrap(
        &editor.def.provenance_line(),
        area.width.saturating_sub(1).max(10) as usize,
    )
    .into_iter()
    .take(3)
    .map(|part| Line::from(Span::styled(format!(" {part}"), app.theme.muted)))
    .collect();
    let [top, header, body, guidance, bottom] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(provenance.len() as u16),
        Constraint::Min(3),
        // Three lines of guidance: where a field comes from and what the
        // source says of it both stay in view.
        Constraint::Length(4),
        Constraint::Length(1),
    ])
    .areas(area);
    title_bar(
        app,
        frame,
        top,
        &format!("{} · {}", editor.def.title, editor.child_label),
    );
    frame.render_widget(Paragraph::new(provenance), header);
    let (lines, focus_line) = body_lines(app, editor, body.width as usize);
    // Keep the focused field a third of the way down once the form is
    // longer than the screen: worked out from the state alone.
    let height = body.height as usize;
    let offset = focus_line
        .saturating_sub(height / 3)
        .min(lines.len().saturating_sub(height));
    frame.render_widget(
        Paragraph::new(lines.into_iter().skip(offset).take(height).collect::<Vec<_>>()),
        body,
    );
    draw_guidance(app, editor, frame, guidance);
    // The record form says what is wrong and whose record it is.
    let count =
        super::record_form::status_count(editor, bottom.width as usize).unwrap_or_else(|| {
            match editor.still_required() {
                0 => "ready to submit".to_string(),
                n => format!("{n} required to fill"),
            }
        });
    let saved = match (&editor.saved_at, editor.unsaved) {
        (_, true) => "saving…".to_string(),
        (Some(at), false) => format!("saved {}", at.rsplit(' ').next().unwrap_or(at)),
        (None, false) => super::record_form::unsaved_label(editor).unwrap_or_else(|| "new".to_string()),
    };
    // The keys of the question asked over the form, when one is.
    let keys: &[(&str, &str)] = if let Some(keys) = super::record_form::status_keys(editor) {
        keys
    } else if editor.confirming {
        &[("Enter", "submit"), ("Esc", "back"), ("F1", "keys")]
    } else if editor.leaving {
        &[("k", "keep"), ("d", "discard"), ("Esc", "back")]
    } else if editor.saves() {
        &[("Ctrl-S", "save"), ("Esc", "leave"), ("F1", "keys")]
    } else {
        &[("Ctrl-S", "submit"), ("Esc", "leave"), ("F1", "keys")]
    };
    status_line(app, frame, bottom, &format!("{count} · {saved}"), keys);
    if let Some(chooser) = &editor.chooser {
        draw_chooser(app, editor, chooser, frame, body);
    }
    if let Some(list) = &editor.picking {
        let label = editor.target_def().map_or(String::new(), |d| d.label.clone());
        super::picker::draw_box(app, &label, list, frame, body);
    }
    if editor.leaving {
        draw_leaving(app, frame, body);
    }
    if editor.record.is_some() {
        super::record_form::draw(app, editor, frame, body);
    } else if editor.confirming {
        draw_confirming(app, frame, body);
    }
}

/// Every line of the form, and the line where the focused field starts.
fn body_lines(app: &App, editor: &FormEditor, width: usize) -> (Vec<Line<'static>>, usize) {
    let theme = &app.theme;
    let room = width.saturating_sub(4).max(10);
    let mut lines: Vec<Line<'static>> = Vec::new();
    let mut focus_line = 0;
    let mut index = 0;
    for section in &editor.def.sections {
        if !lines.is_empty() {
            lines.push(Line::raw(""));
        }
        for part in wrap(&section.marked_title(), width.saturating_sub(1).max(10)) {
            lines.push(Line::from(Span::styled(format!(" {part}"), theme.header)));
        }
        for field in &section.fields {
            let focused = index == editor.focus;
            if focused {
                focus_line = lines.len();
            }
            let marker = if focused { "▶ " } else { "  " };
            let required = if field.required { " *" } else { "" };
            let label_style = if focused { theme.key } else { theme.title };
            for (n, part) in wrap(&format!("{}{required}", field.marked_label()), room)
                .into_iter()
                .enumerate()
            {
                let lead = if n == 0 { marker } else { "  " };
                lines.push(Line::from(vec![
                    Span::styled(lead.to_string(), theme.key),
                    Span::styled(part, label_style),
                ]));
            }
            match editor.slots.get(index) {
                Some(Slot::Text(text)) => {
                    let cursor = (focused && editor.cell.is_none()).then_some(editor.cursor);
                    lines.extend(text_lines(app, text, cursor, room));
                    if text.is_empty() && !focused {
                        lines.push(Line::from(Span::styled("    —", theme.muted)));
                    }
                    if focused
                        && text.is_empty()
                        && let Some(line) = lines.last_mut()
                    {
                        line.spans.push(Span::styled(
                            format!(" {}", hint(field.kind, app.dates)),
                            theme.muted,
                        ));
                    }
                }
                Some(Slot::Rows(rows)) => {
                    lines.extend(table_lines(app, editor, field, rows, focused, width));
                }
                None => {}
            }
            let problem = editor.problem_with(index, if focused { editor.cell } else { None });
            let stored_problem = editor.problems.iter().find(|p| p.field == index);
            if let Some(message) = problem.or_else(|| stored_problem.map(|p| p.message.clone())) {
                for part in wrap(&format!("✗ {message}"), room) {
                    lines.push(Line::from(Span::styled(format!("    {part}"), theme.warning)));
                }
            }
            index += 1;
        }
    }
    (lines, focus_line)
}

/// What may be typed into an empty field of this kind, dates in the style
/// the user sees them.
fn hint(kind: FieldKind, dates: crate::domain::date::DateStyle) -> String {
    let text = match kind {
        FieldKind::Date => return format!("a date: {}, today, +10d, +2w", dates.code()),
        FieldKind::Money => "a sum in pounds: 1250 or £1,250.50",
        FieldKind::Number => "a whole number",
        FieldKind::Choice | FieldKind::YesNo => "Enter to choose",
        FieldKind::MultiChoice => "Enter to choose one or more",
        FieldKind::Multiline => "type; Enter starts a new line, Tab moves on",
        FieldKind::Person => "a name",
        FieldKind::Text | FieldKind::Table => "type",
    };
    text.to_string()
}

/// A field's text over as many lines as it needs, with the cursor shown
/// where the next character will go.
fn text_lines(app: &App, text: &str, cursor: Option<usize>, room: usize) -> Vec<Line<'static>> {
    let theme = &app.theme;
    let mut out = Vec::new();
    let mut position = 0; // characters before the current line
    let paragraphs: Vec<&str> = text.split('\n').collect();
    let last_paragraph = paragraphs.len() - 1;
    for (p, paragraph) in paragraphs.iter().enumerate() {
        let chars: Vec<char> = paragraph.chars().collect();
        // Every character (spaces included) stays in exactly one piece,
        // so the cursor's place is always exact.
        let mut pieces: Vec<String> = word_wrap(&chars, room.max(1))
            .into_iter()
            .map(|(start, end)| chars[start..end].iter().collect())
            .collect();
        if pieces.is_empty() {
            pieces.push(String::new());
        }
        let last_piece = pieces.len() - 1;
        for (n, piece) in pieces.into_iter().enumerate() {
            let len = piece.chars().count();
            let here = cursor.filter(|c| {
                *c >= position && (*c < position + len || (*c == position + len && n == last_piece))
            });
            let mut spans = vec![Span::raw("    ")];
            match here {
                Some(c) => {
                    let at = c - position;
                    let before: String = piece.chars().take(at).collect();
                    let under: Option<char> = piece.chars().nth(at);
                    let after: String = piece.chars().skip(at + 1).collect();
                    spans.push(Span::styled(before, theme.text));
                    spans.push(Span::styled(
                        under.map_or(" ".to_string(), String::from),
                        theme.selection,
                    ));
                    spans.push(Span::styled(after, theme.text));
                }
                None => spans.push(Span::styled(piece, theme.text)),
            }
            out.push(Line::from(spans));
            position += len;
        }
        if p < last_paragraph {
            position += 1; // the newline
        }
    }
    // An empty field away from the cursor shows as a dash instead.
    if text.is_empty() && cursor.is_none() {
        out.clear();
    }
    out
}

/// Where to break a line of text to fit `room`: after the last space that
/// fits, or mid-word when a word is longer than the line. Returns ranges
/// that cover every character once, in order.
pub fn word_wrap(chars: &[char], room: usize) -> Vec<(usize, usize)> {
    let room = room.max(1);
    let mut pieces = Vec::new();
    let mut start = 0;
    while start < chars.len() {
        if chars.len() - start <= room {
            pieces.push((start, chars.len()));
            break;
        }
        let window = &chars[start..start + room];
        let end = match window.iter().rposition(|c| c.is_whitespace()) {
            Some(space) if space > 0 => start + space + 1,
            _ => start + room,
        };
        pieces.push((start, end));
        start = end;
    }
    pieces
}

fn table_lines(
    app: &App,
    editor: &FormEditor,
    field: &crate::domain::form::FieldDef,
    rows: &[Vec<String>],
    focused: bool,
    width: usize,
) -> Vec<Line<'static>> {
    let theme = &app.theme;
    let columns = field.columns.len().max(1);
    let cell_width = (width.saturating_sub(9) / columns).max(6);
    let mut out = Vec::new();
    let mut header = vec![Span::raw("       ".to_string())];
    for column in &field.columns {
        let required = if column.required { "*" } else { "" };
        // A column of the product's own in a table of the source's; in a
        // table of its own, the table's mark says it for every column.
        let own = if column.origin.is_own() && !field.origin.is_own() {
            crate::domain::form::OWN_MARK
        } else {
            ""
        };
        header.push(Span::styled(
            format!(
                "{:<w$}",
                truncate(&format!("{}{own}{required}", column.label), cell_width - 1),
                w = cell_width
            ),
            theme.muted,
        ));
    }
    out.push(Line::from(header));
    for (r, row) in rows.iter().enumerate() {
        let mut spans = vec![Span::styled(format!("    {:>2} ", r + 1), theme.muted)];
        for (c, text) in row.iter().enumerate() {
            let here = focused && editor.cell == Some(Cell { row: r, column: c });
            let bad = editor
                .problem_with(editor.focus, Some(Cell { row: r, column: c }))
                .is_some()
                && here;
            let shown = if here {
                // The end of the text, where typing goes, stays in view.
                let tail: String = {
                    let chars: Vec<char> = text.chars().collect();
                    let keep = cell_width.saturating_sub(2);
                    chars[chars.len().saturating_sub(keep)..].iter().collect()
                };
                format!("{tail}█")
            } else {
                truncate(&text.replace('\n', " "), cell_width - 1)
            };
            let style = if here {
                theme.key
            } else if bad {
                theme.warning
            } else {
                theme.text
            };
            spans.push(Span::styled(format!("{shown:<w$}", w = cell_width), style));
        }
        out.push(Line::from(spans));
    }
    let note = match (rows.is_empty(), focused, editor.cell.is_some()) {
        (true, true, _) => "Enter or Ctrl-N adds a row",
        (true, false, _) => "no rows",
        (false, true, false) => "Enter to fill in the rows; Ctrl-N adds one",
        (false, true, true) => "Tab next cell · Ctrl-N new row · Ctrl-D delete row · Esc back to the form",
        (false, false, _) => "",
    };
    if !note.is_empty() {
        out.push(Line::from(Span::styled(format!("    {note}"), theme.muted)));
    }
    out
}

/// Below the form: where the focused field comes from when it is not
/// simply the source's, its guidance, or the financial route once an
/// amount and type are known.
fn draw_guidance(app: &App, editor: &FormEditor, frame: &mut Frame<'_>, area: Rect) {
    let theme = &app.theme;
    let def = editor.target_def();
    let mut text = def
        .and_then(|d| d.full_help())
        .unwrap_or_else(|| def.map_or_else(String::new, |d| hint(d.kind, app.dates)));
    if editor.def.kind == crate::domain::family_time::KIND {
        let (data, _) = editor.check();
        text = format!("{}. {text}", crate::domain::family_time::summary_line(&data));
    }
    if editor.def.financial().is_some() {
        let (data, _) = editor.check();
        let steps = form_rules::financial_route_words(&editor.def, &data);
        if !steps.is_empty() {
            let route = steps.join(" → ");
            text = format!("Route: {route}. {text}");
        }
    }
    let block = Block::default().borders(Borders::TOP).border_style(theme.border);
    frame.render_widget(
        Paragraph::new(text)
            .style(theme.muted)
            .wrap(Wrap { trim: true })
            .block(block),
        area,
    );
}

pub(super) fn popup(area: Rect, width: u16, height: u16) -> Rect {
    let width = width.min(area.width);
    let height = height.min(area.height);
    Rect::new(
        area.x + (area.width - width) / 2,
        area.y + (area.height - height) / 2,
        width,
        height,
    )
}

fn draw_chooser(
    app: &App,
    editor: &FormEditor,
    chooser: &crate::form_editor::Chooser,
    frame: &mut Frame<'_>,
    area: Rect,
) {
    let theme = &app.theme;
    let title = editor.target_def().map_or(String::new(), |d| d.label.clone());
    let inner = area.width.min(70).saturating_sub(4) as usize;
    let mut lines = Vec::new();
    for (i, option) in chooser.options.iter().enumerate() {
        let tick = match (chooser.multiple, chooser.ticked.get(i).copied().unwrap_or(false)) {
            (true, true) => "[x] ",
            (true, false) => "[ ] ",
            (false, _) => "",
        };
        let style = if i == chooser.selected {
            theme.selection
        } else {
            theme.text
        };
        lines.push(Line::from(Span::styled(
            truncate(&format!(" {tick}{option}"), inner),
            style,
        )));
    }
    let keys = if chooser.multiple {
        " Space ticks · Enter done · Esc cancel"
    } else {
        " Enter chooses · Esc cancel"
    };
    lines.push(Line::from(Span::styled(keys, theme.muted)));
    let rect = popup(area, area.width.min(70), lines.len() as u16 + 2);
    // Long option lists scroll with the selection.
    let room = rect.height.saturating_sub(2) as usize;
    let skip = chooser.selected.saturating_sub(room.saturating_sub(2));
    frame.render_widget(Clear, rect);
    frame.render_widget(
        Paragraph::new(lines.into_iter().skip(skip).collect::<Vec<_>>()).block(
            Block::default()
                .borders(Borders::ALL)
                .border_style(theme.border)
                .title(Span::styled(
                    format!(" {} ", truncate(&title, inner)),
                    theme.title,
                )),
        ),
        rect,
    );
}

/// Asked after Ctrl-S on a complete form, in the words.
fn draw_confirming(app: &App, frame: &mut Frame<'_>, area: Rect) {
    let theme = &app.theme;
    let lines = vec![
        Line::raw(""),
        Line::styled("  A submitted form can only be amended.", theme.text),
        Line::raw(""),
        answer(theme, "Enter", "submit"),
        answer(theme, "Esc", "carry on filling in"),
    ];
    draw_question(app, frame, popup(area, 46, 7), " Submit? ", lines);
}

fn draw_leaving(app: &App, frame: &mut Frame<'_>, area: Rect) {
    let theme = &app.theme;
    let lines = vec![
        Line::raw(""),
        answer(theme, "k", "keep it as a draft to finish later"),
        answer(theme, "d", "discard the draft"),
        answer(theme, "Esc", "carry on filling in"),
    ];
    draw_question(app, frame, popup(area, 46, 6), " Leave the form? ", lines);
}

/// One answer to a question asked over the form: its key, then what it does.
pub(super) fn answer(theme: &crate::theme::Theme, key: &str, does: &str) -> Line<'static> {
    Line::from(vec![
        Span::styled(format!("  {key} "), theme.key),
        Span::styled(does.to_string(), theme.text),
    ])
}

/// A question asked over the form, boxed and titled, in `rect`.
pub(super) fn draw_question(
    app: &App,
    frame: &mut Frame<'_>,
    rect: Rect,
    title: &str,
    lines: Vec<Line<'static>>,
) {
    let theme = &app.theme;
    frame.render_widget(Clear, rect);
    frame.render_widget(
        Paragraph::new(lines).style(Style::default()).block(
            Block::default()
                .borders(Borders::ALL)
                .border_style(theme.border)
                .title(Span::styled(title.to_string(), theme.title)),
        ),
        rect,
    );
}

#[cfg(test)]
mod tests {
    use super::word_wrap;
    use proptest::prelude::*;

    #[test]
    fn lines_break_after_a_word_not_inside_it() {
        let chars: Vec<char> = "the child's voice matters".chars().collect();
        let pieces: Vec<String> = word_wrap(&chars, 12)
            .into_iter()
            .map(|(s, e)| chars[s..e].iter().collect())
            .collect();
        assert_eq!(pieces, vec!["the child's ", "voice ", "matters"]);
        // A word longer than the line is broken where it must be.
        let long: Vec<char> = "abcdefghij".chars().collect();
        assert_eq!(word_wrap(&long, 4), vec![(0, 4), (4, 8), (8, 10)]);
    }

    proptest! {
        #[test]
        fn every_character_is_in_one_piece_that_fits(text in "[a-z ]{0,200}", room in 1usize..40) {
            let chars: Vec<char> = text.chars().collect();
            let pieces = word_wrap(&chars, room);
            let mut next = 0;
            for (start, end) in pieces {
                prop_assert_eq!(start, next);
                prop_assert!(end > start && end - start <= room);
                next = end;
            }
            prop_assert_eq!(next, chars.len());
        }
    }
}
