//! Pathways: the week-by-week tasks a local authority expects on one route
//! to permanence, each with when it is due, who does it and when it
//! applies. They are data (`data/pathways/*.toml`); this module is what a
//! valid pathway is, and `pathway_file` reads one from its text.

use crate::event::Event;
use crate::plan::Stage;
use crate::span::Span;
use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pathway {
    /// Short name, as in `permanence import plans` (`adoption`).
    pub name: String,
    /// The document's own title for it.
    pub title: String,
    /// Where it comes from (document, appendix).
    pub source: String,
    /// The event week 1 starts on.
    pub counted_from: Event,
    /// The clocks every looked-after child has that this pathway keeps
    /// (`ppms = false`, `placement = "adoption"` in the file).
    pub cadence: CadenceRules,
    /// `Some(pathway)`: the file breaks another pathway's items down by
    /// role (Appendix 7 for adoption); it is shown with that pathway's
    /// items, and no child can be put on it as a plan of its own.
    pub breakdown_of: Option<String>,
    /// The plan follows a Supervision Order (`supervision_order = true`):
    /// Appendix 10's age rule applies when the order is recorded.
    pub supervision_order: bool,
    pub items: Vec<PathwayItem>,
}

/// What a pathway file says about the clocks that run for every child on
/// it, so that no rule is keyed on a pathway's name in code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CadenceRules {
    /// Permanence Planning Meetings every six weeks (Warrington section
    /// 8). `false` for a supervision order, which Appendix 10 manages
    /// through Child and Family Progress Meetings instead.
    pub ppms: bool,
    /// What the placement is, where it changes reviews or visits.
    pub placement: PlacementKind,
}

impl Default for CadenceRules {
    fn default() -> CadenceRules {
        CadenceRules {
            ppms: true,
            placement: PlacementKind::Other,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlacementKind {
    Other,
    /// Placed for adoption: reviews and visits follow the Adoption
    /// Agencies Regulations 2005, reg 36.
    Adoption,
    /// Meant to last until the child is 18: visits every three months
    /// after the first year (2010 Regulations, reg 28(3)).
    LongTerm,
}

impl PlacementKind {
    pub fn parse(text: &str) -> Option<PlacementKind> {
        match text.trim() {
            "adoption" => Some(PlacementKind::Adoption),
            "long-term" => Some(PlacementKind::LongTerm),
            _ => None,
        }
    }
}

impl Pathway {
    pub fn item(&self, key: &str) -> Option<&PathwayItem> {
        self.items.iter().find(|i| i.key == key)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathwayItem {
    pub key: String,
    pub title: String,
    pub timing: Timing,
    /// Who does it, in the document's words.
    pub responsible: Option<String>,
    pub condition: Option<Condition>,
    /// Recurs at this interval after its first date.
    pub repeat: Option<Span>,
    pub kind: Kind,
    /// Who sets a deadline's date (`set_by` in the file): `Some` exactly
    /// for a deadline, `None` for a target.
    pub deadline_by: Option<crate::set_by::SetBy>,
    /// What sets the date: required for a deadline.
    pub source: Option<String>,
    pub note: Option<String>,
    /// The event that holding this row is (`event = "ppm"` in the file):
    /// the row is done once such an event is recorded since the plan
    /// began, and marking it done records one.
    pub event: Option<Event>,
    /// Which such event since the plan began holds it (`occurrence = 2`
    /// for the second PPM; 1 unless the file says).
    pub occurrence: usize,
    /// Where the row's words tie its date to an event ("two weeks after
    /// ADM (SHOBPA)"): once that event is recorded (since the plan
    /// began) the date counts from it; until then, from `timing`.
    pub counts_from: Option<CountsFrom>,
    /// Each role's part (Appendix 7), as (role, what they do).
    pub roles: Vec<(String, String)>,
    /// The line of the file the item starts on, for messages.
    pub line: usize,
}

/// A row's date once the event its words name is recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CountsFrom {
    pub event: Event,
    pub span: Span,
    pub before: bool,
}

/// How an item's date is worked out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Timing {
    /// In week `first` to `last` (as "2/3"), counted from `from`.
    Week { first: u32, last: u32, from: Anchor },
    /// Within a span of an event or another item, or before it.
    Within { span: Span, of: Anchor, before: bool },
    /// The source gives it no timescale (`untimed = true`): it has no due
    /// date, rather than one the product would have to invent.
    Untimed,
}

impl Timing {
    pub fn anchor(&self) -> Option<&Anchor> {
        match self {
            Timing::Week { from, .. } => Some(from),
            Timing::Within { of, .. } => Some(of),
            Timing::Untimed => None,
        }
    }

    /// The week as the table writes it: "3", "2/3".
    pub fn week_label(&self) -> Option<String> {
        match self {
            Timing::Week { first, last, .. } if first == last => Some(first.to_string()),
            Timing::Week { first, last, .. } => Some(format!("{first}/{last}")),
            Timing::Within { .. } | Timing::Untimed => None,
        }
    }
}

/// What a date is counted from.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Anchor {
    Event(Event),
    /// Another item of the same pathway, by key.
    Item(String),
}

impl fmt::Display for Anchor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Anchor::Event(e) => f.write_str(e.code()),
            Anchor::Item(key) => f.write_str(key),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// When good practice says it should be done.
    Target,
    /// A limit set by law or policy.
    Deadline,
}

/// When an item applies, in the tables' words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Condition {
    InCareProceedings,
    ChildUnborn,
    InCareProceedingsOrChildUnborn,
    AdopterIdentified,
    AdopterNotIdentified,
    CarerIdentified,
    CarerNotIdentified,
    SiblingGroup,
    ExtensionAgreed,
    SecondPeriod,
}

// `label`: As the tables put it.
crate::coded::coded! {
    Condition, custom;
    InCareProceedings => "in-care-proceedings", "If in Care Proceedings";
    ChildUnborn => "child-unborn", "If the child is unborn";
    InCareProceedingsOrChildUnborn => "in-care-proceedings-or-child-unborn", "If in Care Proceedings or child unborn";
    AdopterIdentified => "adopter-identified", "Adopter identified";
    AdopterNotIdentified => "adopter-not-identified", "Adopter not identified";
    CarerIdentified => "carer-identified", "Permanent carer identified";
    CarerNotIdentified => "carer-not-identified", "Permanent carer not identified";
    SiblingGroup => "sibling-group", "Sibling groups";
    ExtensionAgreed => "extension-agreed", "If an extension is agreed";
    SecondPeriod => "second-period", "Second period of pre-proceedings";
}

impl Condition {
    pub fn parse(text: &str) -> Option<Condition> {
        Condition::ALL.into_iter().find(|c| c.code() == text.trim())
    }

    /// Whether the condition holds for these facts. "If in Care
    /// Proceedings" holds for a plan once proceedings were issued during
    /// it, whatever its stage later: the work it names stays due (or
    /// overdue) on the record after the order, rather than vanishing.
    pub fn holds(self, facts: &Facts) -> bool {
        let proceedings = facts.stage == Stage::Proceedings || facts.proceedings_issued;
        match self {
            Condition::InCareProceedings => proceedings,
            Condition::ChildUnborn => facts.unborn,
            Condition::InCareProceedingsOrChildUnborn => proceedings || facts.unborn,
            Condition::AdopterIdentified | Condition::CarerIdentified => facts.carer_identified,
            Condition::AdopterNotIdentified | Condition::CarerNotIdentified => !facts.carer_identified,
            Condition::SiblingGroup => facts.sibling_group,
            Condition::ExtensionAgreed => facts.extension_agreed,
            Condition::SecondPeriod => facts.second_period,
        }
    }
}

/// What conditions are judged against, for one plan on one day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Facts {
    pub stage: Stage,
    /// Care proceedings were issued on or after the plan's start.
    pub proceedings_issued: bool,
    /// Unborn when the plan began: pre-birth planning.
    pub unborn: bool,
    pub sibling_group: bool,
    /// An adopter or permanent carer has been identified (event recorded).
    pub carer_identified: bool,
    pub extension_agreed: bool,
    pub second_period: bool,
}

/// Gives each item of `whole` that has no roles of its own the roles of
/// the item with the same key in any pathway that breaks `whole` down by
/// role (`breakdown_of`): Appendix 7's part for each role shows with the
/// adoption item it belongs to (Enter on the timeline), not as a plan.
pub fn take_roles(whole: &mut Pathway, all: &[Pathway]) {
    for breakdown in all
        .iter()
        .filter(|b| b.breakdown_of.as_deref() == Some(whole.name.as_str()))
    {
        for item in whole.items.iter_mut().filter(|i| i.roles.is_empty()) {
            if let Some(part) = breakdown.item(&item.key) {
                item.roles = part.roles.clone();
            }
        }
    }
}

/// The roles Appendix 7 divides adoption tasks between.
pub const ROLES: [(&str, &str); 4] = [
    ("childs_social_worker", "Child's social worker"),
    ("fostering_social_worker", "Fostering social worker"),
    ("family_finder", "Family finder"),
    ("adopters_social_worker", "Adopter's social worker"),
];

/// The label of a role key, or the key itself if it is not known.
pub fn role_label(key: &str) -> &str {
    ROLES
        .iter()
        .find(|(k, _)| *k == key)
        .map_or(key, |(_, label)| label)
}
