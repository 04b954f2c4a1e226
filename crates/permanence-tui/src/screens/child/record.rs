//! The Record tab's content as lines: the child's details in titled
//! sections, wrapped to a width. Worked out here once for both drawing
//! the tab and knowing how far it can scroll, so the keys that scroll it
//! ask this module, not the drawing.

use crate::domain::caseload::ChildDetail;
use crate::domain::child::LegalStatus;
use crate::domain::date::{Age, DateStyle, whole_months_between};
use crate::domain::legal_status;
use crate::theme::Theme;
use crate::view::text::{truncate, wrap};
use chrono::NaiveDate;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

/// Labels are padded to this width so values line up.
const LABEL: usize = 14;
/// From this width the record is laid out in two columns.
pub const TWO_COLUMNS: u16 = 80;

/// The record laid out `width` columns wide: side by side in two
/// halves, or in one column below [`TWO_COLUMNS`].
pub enum Laid {
    Two {
        half: u16,
        left: Vec<Line<'static>>,
        right: Vec<Line<'static>>,
    },
    One(Vec<Line<'static>>),
}

impl Laid {
    /// The lines of the taller column.
    fn height(&self) -> usize {
        match self {
            Laid::Two { left, right, .. } => left.len().max(right.len()),
            Laid::One(lines) => lines.len(),
        }
    }
}

/// The record's sections as lines, in two columns when `two_columns`.
pub fn lay_out(
    detail: &ChildDetail,
    theme: &Theme,
    (today, dates): (NaiveDate, DateStyle),
    two_columns: bool,
    width: u16,
) -> Laid {
    let (left, right) = sections(detail, theme, today, dates);
    if two_columns {
        let half = width / 2;
        Laid::Two {
            half,
            left: render_sections(&left, theme, half.saturating_sub(2) as usize),
            right: render_sections(&right, theme, (width - half).saturating_sub(2) as usize),
        }
    } else {
        let all: Vec<Section> = left.into_iter().chain(right).collect();
        Laid::One(render_sections(&all, theme, width.saturating_sub(2) as usize))
    }
}

/// How far the record can scroll at this size: zero when it all fits.
pub fn max_scroll(detail: &ChildDetail, today: NaiveDate, dates: DateStyle, width: u16, height: u16) -> u16 {
    let laid = lay_out(
        detail,
        &Theme::default(),
        (today, dates),
        width >= TWO_COLUMNS,
        width,
    );
    // Title, tab bar and status line.
    let body = height.saturating_sub(3) as usize;
    u16::try_from(laid.height().saturating_sub(body)).unwrap_or(u16::MAX)
}

/// A titled group of entries.
struct Section {
    title: String,
    entries: Vec<Entry>,
}

enum Entry {
    /// A label and its value; `None` shows as "not recorded".
    Field(&'static str, Option<String>, Style),
    /// A line of its own, such as a carer or sibling.
    Item(String, Style),
}

fn field(label: &'static str, value: Option<String>) -> Entry {
    Entry::Field(label, value, Style::new())
}

fn sections(
    detail: &ChildDetail,
    theme: &Theme,
    today: NaiveDate,
    dates: DateStyle,
) -> (Vec<Section>, Vec<Section>) {
    let f = &detail.fields;
    let date_of_birth = f.date_of_birth.map(|dob| match Age::on(dob, today) {
        Age::Unborn => format!("{} (expected; unborn)", dates.show(dob)),
        Age::Months(m) => format!(
            "{} (age {m} month{})",
            dates.show(dob),
            if m == 1 { "" } else { "s" }
        ),
        Age::Years(y) => format!("{} (age {y})", dates.show(dob)),
    });
    let disability = if f.disability.disabled {
        Some(match &f.disability.note {
            Some(note) => format!("Yes: {note}"),
            None => "Yes".to_string(),
        })
    } else {
        Some("No".to_string())
    };
    let looked_after = looked_after(detail, today, dates);
    let rag = match f.rag {
        Some(rag) => Entry::Field(
            "RAG",
            Some(format!("{} {}", rag.letter(), capitalise(rag.word()))),
            theme.rag(rag),
        ),
        None => field("RAG", None),
    };
    let worker = match (&detail.worker_name, &f.worker) {
        (Some(name), _) => Entry::Field("Social worker", Some(name.clone()), Style::new()),
        _ => Entry::Field("Social worker", Some("Unallocated".to_string()), theme.warning),
    };
    let left = vec![
        Section {
            title: "Child".to_string(),
            entries: vec![
                field("Reference", Some(f.reference.clone())),
                field("Name", Some(f.full_name())),
                field("Date of birth", date_of_birth),
                field("Gender", f.gender.clone()),
                field("Ethnicity", f.ethnicity.clone()),
                field("Religion", f.religion.clone()),
                field("Disability", disability),
            ],
        },
        Section {
            title: "Legal status and placement".to_string(),
            entries: vec![
                field(
                    "Legal status",
                    Some(legal_status(f.legal_status, detail.legal_since, dates)),
                ),
                field("Looked after", Some(looked_after)),
                field("Placement", f.placement_type.clone()),
                rag,
            ],
        },
    ];
    let mut right = vec![Section {
        title: "People".to_string(),
        entries: vec![
            worker,
            field("Team", f.team.clone()),
            field("IRO", detail.iro_name.clone()),
        ],
    }];
    let carers = if detail.carers.is_empty() {
        vec![Entry::Item("None recorded".to_string(), theme.muted)]
    } else {
        detail
            .carers
            .iter()
            .map(|c| {
                let kind = if c.connected_person {
                    ", connected person"
                } else {
                    ""
                };
                Entry::Item(format!("{} ({}{kind})", c.name, c.relationship), Style::new())
            })
            .collect()
    };
    right.push(Section {
        title: "Carers".to_string(),
        entries: carers,
    });
    if let Some(group) = &f.sibling_group {
        let siblings = if detail.siblings.is_empty() {
            vec![Entry::Item(
                "No other child in this group".to_string(),
                theme.muted,
            )]
        } else {
            detail
                .siblings
                .iter()
                .map(|s| {
                    let age = s
                        .age(today)
                        .map_or_else(|| "age unknown".to_string(), |a| format!("age {a}"));
                    Entry::Item(
                        format!(
                            "{} {} ({age}, {})",
                            s.reference,
                            s.full_name(),
                            s.legal_status.short()
                        ),
                        Style::new(),
                    )
                })
                .collect()
        };
        right.push(Section {
            title: format!("Siblings · group {group}"),
            entries: siblings,
        });
    }
    (left, right)
}

fn render_sections(sections: &[Section], theme: &Theme, width: usize) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    for (i, section) in sections.iter().enumerate() {
        if i > 0 {
            lines.push(Line::raw(""));
        }
        lines.push(Line::styled(
            format!(" {}", truncate(&section.title, width)),
            theme.header,
        ));
        for entry in &section.entries {
            match entry {
                Entry::Field(label, value, style) => {
                    let value_width = width.saturating_sub(LABEL + 1).max(8);
                    let (text, style) = match value {
                        Some(v) if !v.is_empty() => (v.as_str(), *style),
                        _ => ("not recorded", theme.muted),
                    };
                    for (n, part) in wrap(text, value_width).into_iter().enumerate() {
                        let label = if n == 0 { *label } else { "" };
                        lines.push(Line::from(vec![
                            Span::styled(format!(" {label:<LABEL$}"), theme.muted),
                            Span::styled(part, style),
                        ]));
                    }
                }
                Entry::Item(text, style) => {
                    for part in wrap(text, width.saturating_sub(2)) {
                        lines.push(Line::styled(format!(" {part}"), *style));
                    }
                }
            }
        }
    }
    lines
}

/// "ICO · Interim Care Order": the abbreviation people say, then what it means.
fn legal_status(status: LegalStatus, since: Option<NaiveDate>, dates: DateStyle) -> String {
    let named = match status {
        LegalStatus::None => status.label().to_string(),
        _ => format!("{} · {}", status.short(), status.label()),
    };
    match since {
        Some(on) => format!("{named}, from {}", dates.show(on)),
        None => named,
    }
}

/// Whether the child is looked after, and since when: an SGO or a CAO
/// ends it (the domain's rule, which says its source in the law), so the
/// record says so, with the day where the order is recorded, rather than
/// "since" a day that no longer counts.
fn looked_after(detail: &ChildDetail, today: NaiveDate, dates: DateStyle) -> String {
    let f = &detail.fields;
    if legal_status::ends_looked_after(f.legal_status) {
        let ended = match detail.legal_since {
            Some(on) => format!("No longer, from {}", dates.show(on)),
            None => "No longer".to_string(),
        };
        let was = f
            .looked_after_since
            .map(|since| format!("; was from {}", dates.show(since)))
            .unwrap_or_default();
        return format!(
            "{ended}: the {} ended it ({}){was}",
            f.legal_status.short(),
            legal_status::WHY_SHORT
        );
    }
    f.looked_after_since.map_or_else(
        || "No".to_string(),
        |since| format!("since {} ({})", dates.show(since), duration(since, today)),
    )
}

/// "2 years 3 months", "5 months", "less than a month".
fn duration(since: NaiveDate, today: NaiveDate) -> String {
    let months = whole_months_between(since, today);
    let (years, months) = (months / 12, months % 12);
    let unit = |n: u32, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    match (years, months) {
        (0, 0) => "less than a month".to_string(),
        (0, m) => unit(m, "month", "months"),
        (y, 0) => unit(y, "year", "years"),
        (y, m) => format!("{} {}", unit(y, "year", "years"), unit(m, "month", "months")),
    }
}

fn capitalise(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}
