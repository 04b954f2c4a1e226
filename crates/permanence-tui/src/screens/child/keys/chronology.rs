//! Keys on the child's Chronology tab: moving through the entries, an
//! entry's details, adding one, marking one for the Child Permanence
//! Report and showing the entries of one kind.

use super::refused;
use crate::action::Action;
use crate::app::{Effect, date_hint};
use crate::component::{Ctx, Handled};
use crate::domain::chronology::{Entry, Kind};
use crate::domain::date::DateStyle;
use crate::layout;
use crate::modal::{Field, Form, FormPurpose, Modal, Picker, PickerPurpose};
use crate::screens::child::ChildView;

impl ChildView {
    /// Keys on the Chronology tab.
    pub(super) fn apply_to_chronology(&mut self, action: Action, ctx: &mut Ctx<'_>) -> Handled {
        let height = layout::chronology_list_height(ctx.size.1);
        let dates = ctx.dates;
        let today = ctx.session.today;
        let refusal = refused(self, ctx);
        let view = self;
        let child = view.detail.id;
        let page = height.max(1) as isize;
        let changes = matches!(action, Action::AddEntry | Action::MarkForCpr);
        if changes && let Some(refusal) = refusal {
            *ctx.message = Some(refusal);
            return Handled::Consumed(None);
        }
        let entries = match (&view.papers.chronology, action) {
            (Ok(entries), _) => entries,
            (Err(reason), Action::AddEntry | Action::MarkForCpr | Action::FilterKind | Action::Details) => {
                *ctx.message = Some(reason.clone());
                return Handled::Consumed(None);
            }
            (Err(_), _) => &Vec::new(),
        };
        match action {
            Action::MoveDown => view.move_entry(1, height),
            Action::MoveUp => view.move_entry(-1, height),
            Action::PageDown => view.move_entry(page, height),
            Action::PageUp => view.move_entry(-page, height),
            Action::First => view.move_entry(isize::MIN / 2, height),
            Action::Last => view.move_entry(isize::MAX / 2, height),
            Action::Details => match view.selected_entry() {
                None => *ctx.message = Some("There is no entry here".into()),
                Some(entry) => {
                    ctx.dialog = Some(Modal::Info {
                        title: format!("{} · {}", dates.show(entry.on), entry.kind.label()),
                        lines: entry_lines(entry, dates),
                    });
                }
            },
            Action::AddEntry => {
                ctx.dialog = Some(Modal::Form(Form::new(
                    "Add to the chronology",
                    vec![
                        Field::new("Date", dates.show(today), date_hint(dates, "today or -3d")),
                        Field::new("What", String::new(), "what happened, in a line"),
                        Field::new("Kind", String::new(), "blank is other; concern, legal, health…"),
                        Field::new("Source", String::new(), "where it came from (optional)"),
                        Field::new("Verified", "n", "y or n"),
                    ],
                    FormPurpose::ChronologyEntry,
                )));
            }
            Action::MarkForCpr => match view.selected_entry() {
                None => *ctx.message = Some("There is no entry to mark".into()),
                Some(entry) => {
                    return Handled::Consumed(Some(Effect::MarkForCpr {
                        child,
                        key: entry.key.clone(),
                        mark: !entry.for_cpr,
                    }));
                }
            },
            Action::FilterKind => {
                let mut options = vec![("Every kind".to_string(), String::new())];
                options.extend(
                    Kind::ALL
                        .into_iter()
                        .filter(|k| entries.iter().any(|e| e.kind == *k))
                        .map(|k| (k.label().to_string(), k.code().to_string())),
                );
                let selected = view
                    .chronology
                    .kind
                    .and_then(|k| options.iter().position(|(_, code)| code == k.code()))
                    .unwrap_or(0);
                ctx.dialog = Some(Modal::Picker(Picker {
                    title: "Show the entries of one kind".into(),
                    options,
                    selected,
                    purpose: PickerPurpose::ChronologyKind,
                }));
            }
            Action::EveryKind => {
                if view.chronology.kind.is_none() {
                    *ctx.message = Some("Every kind of entry is shown already".into());
                } else {
                    view.show_kind(None, height);
                }
            }
            _ => return Handled::Ignored,
        }
        Handled::Consumed(None)
    }

    /// Shows only entries of one kind (or, with `None`, every kind), from
    /// the top of a list `height` rows tall.
    pub fn show_kind(&mut self, kind: Option<Kind>, height: usize) {
        self.chronology.kind = kind;
        self.chronology.cursor = 0;
        self.chronology.offset = 0;
        self.move_entry(0, height);
    }
}

/// Everything about a chronology entry, as lines to read.
fn entry_lines(entry: &Entry, dates: DateStyle) -> Vec<String> {
    let mut lines = vec![
        format!("What: {}", entry.what),
        format!("Kind: {}", entry.kind.label()),
        format!("From: {}", entry.source_label()),
        format!("Origin: {}", entry.origin.label()),
    ];
    if let Some(who) = &entry.recorded_by {
        lines.push(format!("Recorded by: {who}"));
    }
    lines.push(format!(
        "Verified: {}",
        if entry.verified { "yes" } else { "no (unverified)" }
    ));
    lines.push(format!(
        "For the Child Permanence Report: {}",
        if entry.for_cpr {
            "yes (CPR); c unmarks"
        } else {
            "no; c marks it"
        }
    ));
    lines.push(format!("Date: {}", dates.show(entry.on)));
    lines.push(format!("Key: {}", entry.key));
    lines
}
