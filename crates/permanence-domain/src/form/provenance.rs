//! Where a form and each of its parts come from. A form file says whether
//! its source document prints the form (transcribed) or only describes
//! what it must hold (described), and marks every section, field, column
//! or option list that is this product's own design, with why. The screen,
//! `permanence form show` and the exports say so where the user meets the
//! part, so nothing the product invented is presented as the source's.

use super::{FieldDef, FieldKind, FormDef, SectionDef};
use std::ops::Range;
use toml::Spanned;

/// The mark beside a part that is this product's own design. Not `*`,
/// which already marks a required field.
pub const OWN_MARK: &str = "†";

/// How a form as a whole stands to its source document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Basis {
    /// The source prints this form; its wording is kept.
    #[default]
    Transcribed,
    /// The source describes what the form must hold but prints no
    /// template, so its layout and labels are this product's.
    Described,
}

crate::coded::coded! {
    Basis, exact;
    Transcribed => "transcribed";
    Described => "described";
}

impl Basis {
    fn meaning(self) -> &'static str {
        match self {
            Basis::Transcribed => "the source prints this form and its words are kept",
            Basis::Described => "the source says what the form must hold but prints no template",
        }
    }
}

/// Where one part of a form (a section, field or column) comes from.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Origin {
    /// As the form's source has it.
    #[default]
    Source,
    /// From a named place in the source, which the part quotes or cites.
    Cited(String),
    /// This product's own design, with why it is there.
    OwnDesign(String),
}

impl Origin {
    pub fn is_own(&self) -> bool {
        matches!(self, Origin::OwnDesign(_))
    }

    /// What the part's help says about where it comes from; `what` is
    /// "field", "column" or "heading".
    pub fn note(&self, what: &str) -> Option<String> {
        match self {
            Origin::Source => None,
            Origin::Cited(place) => Some(format!("From the source: {place}.")),
            Origin::OwnDesign(why) => Some(format!("This product's own {what} ({why}).")),
        }
    }
}

impl FieldDef {
    /// Whether anything about the field (itself, or its options) is this
    /// product's own, so that its label carries the mark.
    pub fn has_own_design(&self) -> bool {
        self.origin.is_own() || self.options_own.is_some() || self.columns.iter().any(|c| c.origin.is_own())
    }

    /// The label with the own-design mark where it applies.
    pub fn marked_label(&self) -> String {
        if self.has_own_design() {
            format!("{} {OWN_MARK}", self.label)
        } else {
            self.label.clone()
        }
    }

    /// Where the field comes from, as its help begins: the field itself,
    /// then its options. None for a field as its source has it.
    pub fn provenance_note(&self) -> Option<String> {
        let what = if self.columns.is_empty() { "field" } else { "table" };
        let mut parts: Vec<String> = self.origin.note(what).into_iter().collect();
        if let Some(why) = &self.options_own {
            parts.push(format!("Its options are this product's own ({why})."));
        }
        let own_columns: Vec<&str> = self
            .columns
            .iter()
            .filter(|c| c.origin.is_own())
            .map(|c| c.label.as_str())
            .collect();
        if !own_columns.is_empty() && !self.origin.is_own() {
            parts.push(format!(
                "Column{} {} {} this product's own.",
                if own_columns.len() == 1 { "" } else { "s" },
                own_columns.join(", "),
                if own_columns.len() == 1 { "is" } else { "are" }
            ));
        }
        (!parts.is_empty()).then(|| parts.join(" "))
    }

    /// The help as the user sees it: where the field comes from first,
    /// then the source's or the product's guidance for it.
    pub fn full_help(&self) -> Option<String> {
        match (self.provenance_note(), &self.help) {
            (Some(note), Some(help)) => Some(format!("{note} {help}")),
            (note, help) => note.or_else(|| help.clone()),
        }
    }
}

impl SectionDef {
    /// The title with the own-design mark where the heading is the product's.
    pub fn marked_title(&self) -> String {
        if self.origin.is_own() {
            format!("{} {OWN_MARK}", self.title)
        } else {
            self.title.clone()
        }
    }
}

impl FormDef {
    /// Whether any part of the form is this product's own design.
    pub fn has_own_design(&self) -> bool {
        self.sections
            .iter()
            .any(|s| s.origin.is_own() || s.fields.iter().any(FieldDef::has_own_design))
    }

    /// The form's header: what it is taken from and how, and what the
    /// mark means.
    pub fn provenance_line(&self) -> String {
        let taken = match self.basis {
            Basis::Transcribed => format!("Transcribed from {}", self.source),
            Basis::Described => format!("Built from {}, which gives no template", self.source),
        };
        if self.has_own_design() {
            format!("{taken}; parts marked {OWN_MARK} are this product's own design.")
        } else {
            format!("{taken}.")
        }
    }
}

/// The provenance keys a section, field or column may carry.
pub(super) struct RawOrigin<'a> {
    pub source: &'a Option<Spanned<String>>,
    pub own_design: &'a Option<Spanned<String>>,
}

/// Reads a part's `source` / `own_design`. `required` is true where the
/// form is described, not transcribed: there every section and field says
/// where it comes from, since none of it is the source's by default.
pub(super) fn origin(
    raw: RawOrigin<'_>,
    what: &str,
    at: Range<usize>,
    required: bool,
    problem: &mut dyn FnMut(Range<usize>, String),
) -> Origin {
    let blank = |s: &Spanned<String>| s.get_ref().trim().is_empty();
    match (raw.source, raw.own_design) {
        (Some(s), Some(_)) => {
            problem(
                s.span(),
                format!(
                    "{what}: source and own_design cannot both be given: a part is either the source's or this product's"
                ),
            );
            Origin::Source
        }
        (Some(s), None) if blank(s) => {
            problem(
                s.span(),
                format!("{what}: source is empty: name the place in the source"),
            );
            Origin::Source
        }
        (None, Some(o)) if blank(o) => {
            problem(
                o.span(),
                format!("{what}: own_design is empty: say why the product adds it"),
            );
            Origin::Source
        }
        (Some(s), None) => Origin::Cited(s.get_ref().trim().to_string()),
        (None, Some(o)) => Origin::OwnDesign(o.get_ref().trim().to_string()),
        (None, None) if required => {
            problem(
                at,
                format!(
                    "{what}: the form is described, not transcribed, so say where this comes from: source = \"the source's words\" or own_design = \"why\""
                ),
            );
            Origin::Source
        }
        (None, None) => Origin::Source,
    }
}

/// Reads a choice's `options_own_design`: only a choice has options, and
/// a field that is the product's own already says its options are.
pub(super) fn options_own(
    raw: Option<&Spanned<String>>,
    kind: FieldKind,
    field_is_own: bool,
    problem: &mut dyn FnMut(Range<usize>, String),
) -> Option<String> {
    let o = raw?;
    let why = o.get_ref().trim();
    let refusal = if !kind.has_options() {
        Some(format!(
            "options_own_design: only choice and multichoice fields have options, not {}",
            kind.code()
        ))
    } else if field_is_own {
        Some("options_own_design: the whole field is already this product's own design".to_string())
    } else if why.is_empty() {
        Some("options_own_design is empty: say why the product gives these options".to_string())
    } else {
        None
    };
    match refusal {
        Some(message) => {
            problem(o.span(), message);
            None
        }
        None => Some(why.to_string()),
    }
}

/// Reads the form's `provenance`; a form without it is refused at its
/// `source` line, since that is where it belongs.
pub(super) fn basis(
    raw: Option<&Spanned<String>>,
    source_at: Range<usize>,
    problem: &mut dyn FnMut(Range<usize>, String),
) -> Basis {
    let choices = || {
        Basis::ALL
            .map(|b| format!("\"{}\" ({})", b.code(), b.meaning()))
            .join(" or ")
    };
    match raw {
        None => {
            problem(
                source_at,
                format!(
                    "provenance: missing: say how the form stands to its source: {}",
                    choices()
                ),
            );
            Basis::default()
        }
        Some(p) => Basis::parse(p.get_ref()).unwrap_or_else(|| {
            problem(
                p.span(),
                format!("provenance: {:?} is not known: {}", p.get_ref(), choices()),
            );
            Basis::default()
        }),
    }
}
