//! The "Best option" screen's state: the child's facts (as the record has
//! them, corrected by the worker), their plans, which part of the guidance
//! is showing, and a search over it. The lines it shows are worked out
//! from this alone, so drawing never changes anything.

use crate::action::Action;
use crate::app::Effect;
use crate::component::Handled;
use crate::domain::child::ChildId;
use crate::domain::guidance::{self, Facts, Fit, Guidance};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Scenario,
    Orders,
    Comparison,
    FamilyTime,
}

impl Part {
    pub const ALL: [Part; 4] = [Part::Scenario, Part::Orders, Part::Comparison, Part::FamilyTime];

    pub fn title(self) -> &'static str {
        match self {
            Part::Scenario => "Scenario",
            Part::Orders => "Orders: for and against",
            Part::Comparison => "Comparison",
            Part::FamilyTime => "Family time factors",
        }
    }
}

/// How a line is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Heading,
    Text,
    Muted,
    Marked,
    Question,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BestOptionView {
    pub child: ChildId,
    /// "Ada Example (C1001)".
    pub label: String,
    pub guidance: Guidance,
    pub recorded: Facts,
    pub facts: Facts,
    /// (pathway, role) of each active plan.
    pub plans: Vec<(String, String)>,
    pub part: Part,
    pub scroll: usize,
    pub query: String,
    pub searching: bool,
}

impl BestOptionView {
    pub fn next_part(&mut self) {
        let i = Part::ALL.iter().position(|p| *p == self.part).unwrap_or(0);
        self.part = Part::ALL[(i + 1) % Part::ALL.len()];
        self.scroll = 0;
    }

    /// The lines of the part showing, narrowed by the search.
    pub fn lines(&self) -> Vec<(Kind, String)> {
        let all = match self.part {
            Part::Scenario => self.scenario_lines(),
            Part::Orders => self.order_lines(),
            Part::Comparison => self.comparison_lines(),
            Part::FamilyTime => self.family_time_lines(),
        };
        let query = self.query.trim().to_lowercase();
        if query.is_empty() {
            return all;
        }
        // Keep each matching line with the heading it sits under.
        let mut out = Vec::new();
        let mut heading: Option<(Kind, String)> = None;
        for (kind, text) in all {
            if kind == Kind::Heading {
                heading = Some((kind, text));
                continue;
            }
            if text.to_lowercase().contains(&query) {
                if let Some(h) = heading.take() {
                    out.push(h);
                }
                out.push((kind, text));
            }
        }
        out
    }

    fn scenario_lines(&self) -> Vec<(Kind, String)> {
        let g = &self.guidance;
        let yes_no = |b: bool| if b { "yes" } else { "no" };
        let corrected = |now: bool, was: bool| if now == was { "" } else { " (corrected)" };
        let mut out = vec![
            (Kind::Heading, "Chosen from".to_string()),
            (
                Kind::Text,
                format!(
                    "Age {} · connected people identified: {}{} · return home ruled out: {}{}",
                    self.facts.age.map_or("unborn".to_string(), |a| a.to_string()),
                    yes_no(self.facts.connected_people),
                    corrected(self.facts.connected_people, self.recorded.connected_people),
                    yes_no(self.facts.return_home_ruled_out),
                    corrected(
                        self.facts.return_home_ruled_out,
                        self.recorded.return_home_ruled_out
                    ),
                ),
            ),
        ];
        let choice = match guidance::choose(g, self.facts) {
            Ok(choice) => choice,
            Err(why) => {
                out.push((Kind::Question, why));
                return out;
            }
        };
        let s = choice.scenario;
        out.push((Kind::Heading, format!("Scenario {}: {}", s.number, s.title)));
        if let Fit::Nearest(why) = &choice.fit {
            out.push((Kind::Question, why.clone()));
        }
        out.push((Kind::Heading, "Permanence meetings".to_string()));
        out.push((Kind::Text, s.meeting.clone()));
        if !s.attendees.is_empty() {
            out.push((Kind::Text, format!("Attended by: {}", s.attendees.join(", "))));
        }
        out.push((Kind::Heading, "Permanence planning in panels".to_string()));
        out.extend(s.panels.iter().map(|p| (Kind::Text, format!("• {p}"))));
        out.push((Kind::Heading, "Outcomes in priority order".to_string()));
        let placed = guidance::placed(g, s, &self.plans);
        for (i, (_, label)) in s.outcomes.iter().enumerate() {
            let plans: Vec<String> = placed
                .iter()
                .filter(|(_, _, at)| *at == Some(i))
                .map(|(_, role, _)| format!("{role} plan"))
                .collect();
            if plans.is_empty() {
                out.push((Kind::Text, format!("{}. {label}", i + 1)));
            } else {
                out.push((
                    Kind::Marked,
                    format!("{}. {label}   ◀ the {}", i + 1, plans.join(" and the ")),
                ));
            }
        }
        if !s.note.is_empty() {
            out.push((Kind::Muted, s.note.clone()));
        }
        for (pathway, role, at) in &placed {
            if at.is_none() {
                out.push((
                    Kind::Muted,
                    format!("The {role} plan ({pathway}) is not one of this scenario's outcomes."),
                ));
            }
        }
        let primary = placed
            .iter()
            .find(|(_, role, _)| *role == "primary")
            .and_then(|p| p.2);
        if let Some(q) = guidance::question(s, primary) {
            out.push((Kind::Question, q));
        }
        if self.plans.is_empty() {
            out.push((Kind::Muted, "The child has no plan yet.".to_string()));
        }
        out
    }

    fn order_lines(&self) -> Vec<(Kind, String)> {
        let mut out = Vec::new();
        for o in self
            .guidance
            .outcomes
            .iter()
            .filter(|o| !o.advantages.is_empty() || !o.disadvantages.is_empty())
        {
            out.push((Kind::Heading, format!("{}: advantages", o.title)));
            out.extend(o.advantages.iter().map(|a| (Kind::Text, format!("+ {a}"))));
            out.push((Kind::Heading, format!("{}: disadvantages", o.title)));
            out.extend(o.disadvantages.iter().map(|d| (Kind::Text, format!("− {d}"))));
        }
        out
    }

    fn comparison_lines(&self) -> Vec<(Kind, String)> {
        let c = &self.guidance.comparison;
        let mut out = vec![(Kind::Muted, c.intro.clone())];
        for (need, cells) in &c.rows {
            out.push((Kind::Heading, need.clone()));
            for (column, cell) in c.columns.iter().zip(cells) {
                out.push((Kind::Text, format!("{column}: {cell}")));
            }
        }
        out
    }

    fn family_time_lines(&self) -> Vec<(Kind, String)> {
        let f = &self.guidance.family_time;
        let mut out = Vec::new();
        for (title, items) in [
            (
                "Beneficial family time: factors for children",
                &f.beneficial_child,
            ),
            (
                "Beneficial family time: factors for adult birth relatives",
                &f.beneficial_adult,
            ),
            (
                "Detrimental family time: factors for children",
                &f.detrimental_child,
            ),
            (
                "Detrimental family time: factors for adult birth relatives",
                &f.detrimental_adult,
            ),
        ] {
            out.push((Kind::Heading, title.to_string()));
            out.extend(items.iter().map(|i| (Kind::Text, format!("• {i}"))));
        }
        out
    }
}

impl BestOptionView {
    /// A letter typed while searching the guidance, which starts again
    /// at the top of what it finds.
    pub fn type_char(&mut self, c: char) {
        if crate::domain::sanitise::may_type(c) {
            self.query.push(c);
            self.scroll = 0;
        }
    }

    /// Moves through the guidance, changes the facts it is read with, or
    /// searches it; Back returns to the child the screen was opened from.
    /// Anything else is left for the keys every screen shares.
    pub fn apply(&mut self, action: Action) -> Handled {
        let view = self;
        match action {
            Action::SwitchTab => view.next_part(),
            Action::ScrollDown => view.scroll = view.scroll.saturating_add(1),
            Action::ScrollUp => view.scroll = view.scroll.saturating_sub(1),
            Action::PageDown => view.scroll = view.scroll.saturating_add(10),
            Action::PageUp => view.scroll = view.scroll.saturating_sub(10),
            Action::ToggleConnected => {
                view.facts.connected_people = !view.facts.connected_people;
                view.part = Part::Scenario;
                view.scroll = 0;
            }
            Action::ToggleReturnHome => {
                view.facts.return_home_ruled_out = !view.facts.return_home_ruled_out;
                view.part = Part::Scenario;
                view.scroll = 0;
            }
            Action::AgeUp => view.facts.age = Some(view.facts.age.unwrap_or(0).saturating_add(1).min(25)),
            Action::AgeDown => view.facts.age = Some(view.facts.age.unwrap_or(0).saturating_sub(1)),
            Action::StartSearch => {
                view.searching = true;
                view.scroll = 0;
            }
            Action::ClearSearch => {
                view.searching = false;
                view.query.clear();
                view.scroll = 0;
            }
            Action::DeleteSearchChar => {
                view.query.pop();
            }
            Action::Submit => view.searching = false,
            Action::Back => return Handled::Consumed(Some(Effect::LoadChild(view.child))),
            _ => return Handled::Ignored,
        }
        Handled::Consumed(None)
    }
}
