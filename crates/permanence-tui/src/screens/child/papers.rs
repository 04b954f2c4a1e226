//! The child screen's Family, Chronology and Gateway tabs: what each holds
//! once read (through [`crate::service::papers`], as the command line reads them),
//! where its cursor and scroll stand, and the lines of the people list.
//! The lines are worked out here, once, so that the app (moving the
//! cursor) and the view (drawing) agree on every one of them.

use super::state::ChildView;
use crate::domain::child::ChildId;
use crate::domain::chronology::{Entry, Filter, Kind};
use crate::domain::date::DateStyle;
use crate::domain::family::{Network, PersonId};
use crate::domain::family_meeting::{FamilyMeeting, MeetingOutcome};
use crate::domain::gateway::{Checklist, Paper, Readiness};
use crate::domain::genogram::{self, Canvas, Layout};
use crate::view::text::wrap;
use std::collections::BTreeSet;

/// What the three tabs show, as read with the child. A part that could
/// not be read holds the reason, in words, for its tab to say.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Papers {
    pub family: Result<Family, String>,
    pub chronology: Result<Vec<Entry>, String>,
    pub gateway: Result<Gateway, String>,
}

impl Papers {
    /// Before the child's papers are read.
    pub fn unread() -> Papers {
        let unread = || "Not read yet".to_string();
        Papers {
            family: Err(unread()),
            chronology: Err(unread()),
            gateway: Err(unread()),
        }
    }
}

/// The child's family network, laid out as a genogram, and the family
/// meetings held with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Family {
    pub network: Network,
    /// The child, as a person in the network.
    pub focus: PersonId,
    pub layout: Layout,
    /// Latest first, as the store gives them.
    pub meetings: Vec<FamilyMeeting>,
}

impl Family {
    pub fn new(network: Network, focus: PersonId, meetings: Vec<FamilyMeeting>) -> Family {
        let layout = genogram::layout(&network, focus);
        Family {
            network,
            focus,
            layout,
            meetings,
        }
    }

    /// Whether anyone but the child has been recorded: a child with no
    /// network is alone in one made from their record.
    pub fn recorded(&self) -> bool {
        self.network.people.iter().any(|p| p.id != self.focus)
    }

    /// The child on the caseload the network is about.
    pub fn child(&self) -> Option<ChildId> {
        self.network.person(self.focus).and_then(|p| p.child)
    }

    /// What `person` is to the child, in a social worker's words.
    pub fn relation(&self, person: PersonId) -> String {
        self.network.relation_to(self.focus, person)
    }

    /// Everyone, the child first, then in the genogram's order (oldest
    /// generation first, left to right, then those outside the tree), then
    /// anyone the genogram left out.
    pub fn people_in_order(&self) -> Vec<PersonId> {
        let mut order = vec![self.focus];
        let placed = self
            .layout
            .rows
            .iter()
            .flat_map(|r| r.people.iter().map(|n| n.figure.id))
            .chain(self.layout.others.iter().map(|o| o.figure.id));
        for id in placed.chain(self.network.people.iter().map(|p| p.id)) {
            if !order.contains(&id) && self.network.person(id).is_some() {
                order.push(id);
            }
        }
        order
    }

    /// The facts the people list gives for a person (see
    /// [`Network::facts_about`]).
    pub fn facts(&self, person: PersonId, dates: DateStyle) -> Vec<String> {
        self.network.facts_about(self.focus, person, dates)
    }

    /// The outcome a pick stands for, with its meeting.
    pub fn outcome(&self, pick: Pick) -> Option<(&FamilyMeeting, &MeetingOutcome)> {
        match pick {
            Pick::Outcome { meeting, outcome } => {
                let m = self.meetings.get(meeting)?;
                Some((m, m.outcomes.get(outcome)?))
            }
            Pick::Person(_) => None,
        }
    }

    /// Who an outcome about another child is about, for the list to say.
    pub fn about_someone_else(&self, outcome: &MeetingOutcome) -> Option<String> {
        let about = outcome.child?;
        if Some(about) == self.child() {
            return None;
        }
        Some(
            self.network
                .child_person(about)
                .map_or_else(|| "another child".to_string(), |p| p.name.clone()),
        )
    }
}

/// The child's Legal Gateway papers and, once a panel date is set, where
/// they stand for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Gateway {
    pub checklist: Checklist,
    pub readiness: Option<Readiness>,
}

impl Gateway {
    /// The papers the tab lists: those the panel needs and any ticked that
    /// it no longer needs (a referral no longer into pre-proceedings), in
    /// the guidance's order.
    pub fn papers(&self) -> Vec<Paper> {
        let required = self.checklist.required();
        Paper::ALL
            .into_iter()
            .filter(|p| required.contains(p) || self.checklist.ticked(*p))
            .collect()
    }
}

/// Where the Family tab is: the genogram's scroll, or the people list's
/// cursor.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FamilyState {
    /// The people list is showing, not the genogram.
    pub people: bool,
    /// The genogram's first column and line on screen.
    pub x: usize,
    pub y: usize,
    /// Which pick (see [`family_lines`]) the cursor is on.
    pub cursor: usize,
    /// The people list's first line on screen.
    pub offset: usize,
    /// The genogram drawn for a window this wide, kept so that it is
    /// worked out once for each width rather than at every key.
    pub canvas: Option<(u16, Canvas)>,
}

/// Where the Chronology tab's cursor is, and which kind it shows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ChronologyState {
    /// Position among the entries shown.
    pub cursor: usize,
    pub offset: usize,
    pub kind: Option<Kind>,
}

impl ChronologyState {
    /// The chronology's filter for the kind chosen.
    pub fn filter(&self) -> Filter {
        Filter {
            kinds: self.kind.map(|k| BTreeSet::from([k])),
            ..Filter::default()
        }
    }

    /// The entries shown, in date order.
    pub fn shown<'a>(&self, entries: &'a [Entry]) -> Vec<&'a Entry> {
        let filter = self.filter();
        entries.iter().filter(|e| filter.keeps(e)).collect()
    }
}

/// Where the Gateway tab's cursor is, among [`Gateway::papers`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GatewayState {
    pub cursor: usize,
}

/// What a line of the people list can be chosen as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pick {
    Person(PersonId),
    /// An outcome of `meetings[meeting]`.
    Outcome {
        meeting: usize,
        outcome: usize,
    },
}

/// How a line of the people list is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineKind {
    /// The child's own name line.
    Focus,
    Name,
    /// A deceased person's name line.
    Deceased,
    /// What is known about the person above, or who came to a meeting.
    Fact,
    Heading,
    Meeting,
    Outcome,
    /// Nothing to show, said in words.
    Note,
    Blank,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListLine {
    pub text: String,
    pub kind: LineKind,
    /// The pick this line belongs to, if it can be chosen.
    pub pick: Option<usize>,
}

/// The people list for a window `width` columns wide: each person (the
/// child first) with what they are to the child and the facts about
/// them, then the family meetings with who came and their outcomes.
/// Returns what can be chosen, and the lines, each saying which choice it
/// belongs to.
pub fn family_lines(family: &Family, dates: DateStyle, width: usize) -> (Vec<Pick>, Vec<ListLine>) {
    let mut picks = Vec::new();
    let mut lines = Vec::new();
    let room = width.saturating_sub(4).max(10);
    let push = |lines: &mut Vec<ListLine>, text: String, kind: LineKind, pick: Option<usize>| {
        lines.push(ListLine { text, kind, pick });
    };
    push(&mut lines, "People".to_string(), LineKind::Heading, None);
    for id in family.people_in_order() {
        let Some(person) = family.network.person(id) else {
            continue;
        };
        let pick = picks.len();
        picks.push(Pick::Person(id));
        let kind = if id == family.focus {
            LineKind::Focus
        } else if person.deceased {
            LineKind::Deceased
        } else {
            LineKind::Name
        };
        let head = format!("{} · {}", person.name, family.relation(id));
        for (n, part) in wrap(&head, width.saturating_sub(2).max(10))
            .into_iter()
            .enumerate()
        {
            let text = if n == 0 { part } else { format!("  {part}") };
            push(&mut lines, text, kind, Some(pick));
        }
        for part in pack(&family.facts(id, dates), room) {
            push(&mut lines, format!("  {part}"), LineKind::Fact, Some(pick));
        }
    }
    if !family.recorded() {
        push(
            &mut lines,
            "  No one else is recorded in the family network yet".to_string(),
            LineKind::Note,
            None,
        );
    }
    push(&mut lines, String::new(), LineKind::Blank, None);
    push(
        &mut lines,
        "Family Group Conferences and Family Network meetings".to_string(),
        LineKind::Heading,
        None,
    );
    if family.meetings.is_empty() {
        push(&mut lines, "  None recorded".to_string(), LineKind::Note, None);
    }
    for (m, meeting) in family.meetings.iter().enumerate() {
        push(
            &mut lines,
            format!("{} · {}", meeting.kind.label(), dates.show(meeting.held_on)),
            LineKind::Meeting,
            None,
        );
        let attended = if meeting.attended.is_empty() {
            "Attended: not recorded".to_string()
        } else {
            format!("Attended: {}", meeting.attended.join(", "))
        };
        for part in wrap(&attended, room) {
            push(&mut lines, format!("  {part}"), LineKind::Fact, None);
        }
        if meeting.outcomes.is_empty() {
            push(
                &mut lines,
                "  No outcomes recorded".to_string(),
                LineKind::Note,
                None,
            );
        }
        for (o, outcome) in meeting.outcomes.iter().enumerate() {
            let pick = picks.len();
            picks.push(Pick::Outcome {
                meeting: m,
                outcome: o,
            });
            let mut text = format!("- {}", outcome.text);
            if let Some(due) = outcome.due {
                text.push_str(&format!(" (by {})", dates.show(due)));
            }
            if let Some(who) = family.about_someone_else(outcome) {
                text.push_str(&format!(" · about {who}"));
            }
            text.push_str(if outcome.item_key.is_some() {
                " · on the timeline"
            } else {
                " · not on the timeline"
            });
            for (n, part) in wrap(&text, room).into_iter().enumerate() {
                let indent = if n == 0 { "  " } else { "    " };
                push(
                    &mut lines,
                    format!("{indent}{part}"),
                    LineKind::Outcome,
                    Some(pick),
                );
            }
        }
    }
    (picks, lines)
}

/// Facts joined with " · " into lines of at most `room` columns, a fact
/// broken only when it is longer than a line by itself, so that "family
/// time: weekly" is never split from what it says.
fn pack(facts: &[String], room: usize) -> Vec<String> {
    use unicode_width::UnicodeWidthStr;
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for fact in facts {
        let joined = if line.is_empty() {
            fact.width()
        } else {
            line.width() + 3 + fact.width()
        };
        if joined <= room {
            if !line.is_empty() {
                line.push_str(" · ");
            }
            line.push_str(fact);
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        let mut parts = wrap(fact, room);
        line = parts.pop().unwrap_or_default();
        lines.extend(parts);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// The first and last line of a pick.
pub fn pick_lines(lines: &[ListLine], pick: usize) -> Option<(usize, usize)> {
    let first = lines.iter().position(|l| l.pick == Some(pick))?;
    let last = lines.iter().rposition(|l| l.pick == Some(pick))?;
    Some((first, last))
}

/// The first line to show of `total` in a window `height` tall so that
/// lines `first..=last` are in it, moving from `offset` as little as
/// possible (and showing the top of a pick taller than the window).
pub fn follow(offset: usize, (first, last): (usize, usize), height: usize, total: usize) -> usize {
    let height = height.max(1);
    let mut offset = offset;
    if last >= offset + height {
        offset = last + 1 - height;
    }
    if first < offset {
        offset = first;
    }
    offset.min(total.saturating_sub(height))
}

/// The pick a page up or down from `cursor` lands on: the first whose top
/// line is a window's height further on (or the last there is).
pub fn page(lines: &[ListLine], picks: usize, cursor: usize, height: usize, down: bool) -> usize {
    let Some((from, _)) = pick_lines(lines, cursor) else {
        return cursor;
    };
    let height = height.max(1);
    let tops: Vec<(usize, usize)> = (0..picks)
        .filter_map(|p| pick_lines(lines, p).map(|(first, _)| (p, first)))
        .collect();
    if down {
        let target = from + height;
        tops.iter()
            .find(|(_, top)| *top >= target)
            .or(tops.last())
            .map_or(cursor, |(p, _)| *p)
    } else {
        let target = from.saturating_sub(height);
        tops.iter()
            .rev()
            .find(|(_, top)| *top <= target)
            .or(tops.first())
            .map_or(cursor, |(p, _)| *p)
    }
}

impl ChildView {
    /// The papers read again (after a change, or someone else's), each
    /// tab keeping its place where it still can: the chronology's cursor
    /// stays on the same entry.
    pub fn set_papers(&mut self, papers: Papers, width: u16, dates: DateStyle) {
        let key = self.selected_entry().map(|e| e.key.clone());
        self.papers = papers;
        if let Ok(entries) = &self.papers.chronology {
            let shown = self.chronology.shown(entries);
            if let Some(at) = key.and_then(|key| shown.iter().position(|e| e.key == key)) {
                self.chronology.cursor = at;
            }
            self.chronology.cursor = self.chronology.cursor.min(shown.len().saturating_sub(1));
        }
        let papers = self.gateway_papers().len();
        self.gateway.cursor = self.gateway.cursor.min(papers.saturating_sub(1));
        if let Some((picks, _)) = self.family_lines(dates, width) {
            self.family.cursor = self.family.cursor.min(picks.len().saturating_sub(1));
        }
        self.family.canvas = None;
        self.keep_canvas(width);
    }

    /// The chronology entry under the cursor.
    pub fn selected_entry(&self) -> Option<&Entry> {
        let entries = self.papers.chronology.as_ref().ok()?;
        self.chronology
            .shown(entries)
            .get(self.chronology.cursor)
            .copied()
    }

    /// Moves the chronology's cursor by `delta` entries, keeping it in a
    /// list `height` lines tall.
    pub fn move_entry(&mut self, delta: isize, height: usize) {
        let count = match &self.papers.chronology {
            Ok(entries) => self.chronology.shown(entries).len(),
            Err(_) => 0,
        };
        let state = &mut self.chronology;
        if count == 0 {
            state.cursor = 0;
            state.offset = 0;
            return;
        }
        let last = count as isize - 1;
        state.cursor = (state.cursor as isize).saturating_add(delta).clamp(0, last) as usize;
        state.offset = follow(state.offset, (state.cursor, state.cursor), height, count);
    }

    /// The Gateway papers listed, in order.
    pub fn gateway_papers(&self) -> Vec<Paper> {
        self.papers
            .gateway
            .as_ref()
            .map(Gateway::papers)
            .unwrap_or_default()
    }

    /// The paper under the Gateway tab's cursor.
    pub fn selected_paper(&self) -> Option<Paper> {
        self.gateway_papers().get(self.gateway.cursor).copied()
    }

    /// The people list at this width, if the family could be read.
    pub fn family_lines(&self, dates: DateStyle, width: u16) -> Option<(Vec<Pick>, Vec<ListLine>)> {
        let family = self.papers.family.as_ref().ok()?;
        Some(family_lines(family, dates, width as usize))
    }

    /// The people list's choice under the cursor.
    pub fn selected_pick(&self, dates: DateStyle, width: u16) -> Option<Pick> {
        let (picks, _) = self.family_lines(dates, width)?;
        picks.get(self.family.cursor).copied()
    }

    /// Moves the people list's cursor: by `delta` choices, or a page
    /// (`Some(down)`), keeping it in a list `height` lines tall.
    pub fn move_pick(
        &mut self,
        delta: isize,
        page_down: Option<bool>,
        dates: DateStyle,
        width: u16,
        height: usize,
    ) {
        let Some((picks, lines)) = self.family_lines(dates, width) else {
            return;
        };
        let state = &mut self.family;
        if picks.is_empty() {
            state.cursor = 0;
            state.offset = 0;
            return;
        }
        let last = picks.len() as isize - 1;
        state.cursor = match page_down {
            Some(down) => page(&lines, picks.len(), state.cursor, height, down),
            None => (state.cursor as isize).saturating_add(delta).clamp(0, last) as usize,
        };
        // The heading above the first person stays in view at the top.
        let span = match pick_lines(&lines, state.cursor) {
            Some((first, last)) if state.cursor == 0 => (0, last.max(first)),
            Some(span) => span,
            None => (0, 0),
        };
        state.offset = follow(state.offset, span, height, lines.len());
    }

    /// Works out the genogram for a window `width` wide, unless it already is.
    pub fn keep_canvas(&mut self, width: u16) {
        if self.family.canvas.as_ref().is_some_and(|(w, _)| *w == width) {
            return;
        }
        self.family.canvas = self
            .papers
            .family
            .as_ref()
            .ok()
            .map(|family| (width, genogram::canvas(&family.layout, width as usize)));
    }

    /// Scrolls the genogram by `dx` columns and `dy` lines, within a
    /// window `width` wide with `height` lines for it.
    pub fn scroll_genogram(&mut self, dx: isize, dy: isize, width: u16, height: usize) {
        self.keep_canvas(width);
        let Some((_, canvas)) = &self.family.canvas else {
            return;
        };
        let max_x = canvas.width.saturating_sub(width as usize);
        let max_y = canvas.height.saturating_sub(height);
        let state = &mut self.family;
        state.x = (state.x as isize).saturating_add(dx).clamp(0, max_x as isize) as usize;
        state.y = (state.y as isize).saturating_add(dy).clamp(0, max_y as isize) as usize;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::family::{Connection, ParentOf, Person, Sex, Viability};
    use crate::domain::family_meeting::FamilyMeetingKind;
    use chrono::NaiveDate;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn person(id: i64, name: &str, sex: Sex) -> Person {
        Person::new(PersonId(id), name, sex)
    }

    /// A child (1), their mother (2) with parental responsibility and a
    /// household, a deceased grandmother (3), and one meeting with two
    /// outcomes, one of them already on the timeline.
    fn family() -> Family {
        let mut child = person(1, "Amara Test", Sex::Female);
        child.child = Some(ChildId(9));
        let mut mother = person(2, "Bea Test", Sex::Female);
        mother.date_of_birth = Some(d(1990, 2, 1));
        mother.household = Some("Flat 2".into());
        let mut gran = person(3, "Cora Test", Sex::Female);
        gran.deceased = true;
        let network = Network {
            people: vec![gran, mother, child],
            parents: vec![
                ParentOf {
                    parent: PersonId(2),
                    child: PersonId(1),
                },
                ParentOf {
                    parent: PersonId(3),
                    child: PersonId(2),
                },
            ],
            couples: vec![],
            connections: vec![Connection {
                child: PersonId(1),
                person: PersonId(2),
                connected: None,
                parental_responsibility: true,
                viability: Some((Viability::Positive, d(2026, 10, 1))),
                family_time: Some("weekly, supervised".into()),
                potential_carer: false,
            }],
        };
        let meeting = FamilyMeeting {
            id: 4,
            kind: FamilyMeetingKind::FamilyGroupConference,
            held_on: d(2026, 11, 2),
            attended: vec!["Bea Test".into(), "Social worker".into()],
            notes: None,
            outcomes: vec![
                MeetingOutcome {
                    id: 5,
                    text: "Gran's sister to be assessed".into(),
                    due: Some(d(2026, 12, 1)),
                    child: None,
                    item_key: None,
                },
                MeetingOutcome {
                    id: 6,
                    text: "Contact plan written".into(),
                    due: None,
                    child: None,
                    item_key: Some("adhoc-1".into()),
                },
            ],
        };
        Family::new(network, PersonId(1), vec![meeting])
    }

    #[test]
    fn the_list_puts_the_child_first_and_says_what_each_person_is() {
        let family = family();
        let (picks, lines) = family_lines(&family, DateStyle::default(), 80);
        assert_eq!(picks[0], Pick::Person(PersonId(1)));
        assert_eq!(picks.len(), 5, "three people and two outcomes: {picks:?}");
        let text: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
        assert!(text.contains(&"Amara Test · the child"), "{text:?}");
        assert!(text.contains(&"Bea Test · mother"), "{text:?}");
        let mother = picks.iter().position(|p| *p == Pick::Person(PersonId(2)));
        let facts: String = lines
            .iter()
            .filter(|l| l.pick == mother && l.kind == LineKind::Fact)
            .map(|l| l.text.trim())
            .collect::<Vec<_>>()
            .join(" · ");
        assert_eq!(
            facts,
            "born 01/02/1990 · lives at: Flat 2 · parental responsibility · viability assessment positive 01/10/2026 · family time: weekly, supervised"
        );
        let gran = lines.iter().find(|l| l.text.starts_with("Cora Test")).unwrap();
        assert_eq!(gran.text, "Cora Test · maternal grandmother");
        assert_eq!(gran.kind, LineKind::Deceased);
        assert!(text.iter().any(|l| l.contains("deceased")), "said in words too");
        assert!(
            text.contains(&"  - Gran's sister to be assessed (by 01/12/2026) · not on the timeline"),
            "{text:?}"
        );
        assert!(
            text.contains(&"  - Contact plan written · on the timeline"),
            "{text:?}"
        );
        assert!(text.contains(&"  Attended: Bea Test, Social worker"), "{text:?}");
    }

    #[test]
    fn every_pick_has_its_lines_and_narrow_windows_wrap_them() {
        let family = family();
        for width in [20, 50, 80, 200] {
            let (picks, lines) = family_lines(&family, DateStyle::default(), width);
            for p in 0..picks.len() {
                let (first, last) = pick_lines(&lines, p).unwrap();
                assert!(first <= last);
                assert!(
                    lines[first..=last].iter().all(|l| l.pick == Some(p)),
                    "a pick's lines run together at {width}"
                );
            }
        }
        let (_, narrow) = family_lines(&family, DateStyle::default(), 30);
        let (_, wide) = family_lines(&family, DateStyle::default(), 200);
        assert!(narrow.len() > wide.len());
    }

    #[test]
    fn facts_are_packed_whole_onto_lines() {
        let facts: Vec<String> = [
            "born 01/02/1990",
            "parental responsibility",
            "family time: weekly",
        ]
        .map(String::from)
        .to_vec();
        assert_eq!(
            pack(&facts, 45),
            ["born 01/02/1990 · parental responsibility", "family time: weekly"]
        );
        assert_eq!(pack(&facts, 200), [facts.join(" · ")]);
        assert_eq!(
            pack(&["family time: every other weekend".to_string()], 20),
            ["family time: every", "other weekend"],
            "a fact longer than a line is wrapped"
        );
        assert!(pack(&[], 20).is_empty());
    }

    #[test]
    fn following_keeps_a_pick_in_the_window() {
        assert_eq!(follow(0, (3, 4), 10, 30), 0);
        assert_eq!(follow(0, (12, 13), 10, 30), 4);
        assert_eq!(follow(8, (5, 6), 10, 30), 5);
        // A pick taller than the window shows its top.
        assert_eq!(follow(0, (12, 30), 10, 40), 12);
        assert_eq!(follow(25, (27, 27), 10, 30), 20, "never past the end");
    }

    #[test]
    fn a_page_moves_a_window_and_stops_at_either_end() {
        let family = family();
        let (picks, lines) = family_lines(&family, DateStyle::default(), 80);
        let last = picks.len() - 1;
        assert_eq!(page(&lines, picks.len(), 0, 100, true), last);
        assert_eq!(page(&lines, picks.len(), last, 100, false), 0);
        let (first_top, _) = pick_lines(&lines, 0).unwrap();
        let landed = page(&lines, picks.len(), 0, 3, true);
        let (top, _) = pick_lines(&lines, landed).unwrap();
        assert!(top >= first_top + 3 || landed == last, "{landed}");
    }

    #[test]
    fn a_child_alone_is_not_a_recorded_network() {
        let mut alone = family();
        alone.network.people.retain(|p| p.id == PersonId(1));
        alone.network.connections.clear();
        alone.network.parents.clear();
        let alone = Family::new(alone.network, PersonId(1), vec![]);
        assert!(!alone.recorded());
        assert!(family().recorded());
        let (_, lines) = family_lines(&alone, DateStyle::default(), 80);
        assert!(lines.iter().any(|l| l.text.contains("None recorded")));
    }

    #[test]
    fn the_gateway_lists_what_the_panel_needs_and_anything_else_ticked() {
        let ticked = Checklist::new(false, [(Paper::ExpertAssessments, None)]);
        let gateway = Gateway {
            checklist: ticked,
            readiness: None,
        };
        let papers = gateway.papers();
        assert_eq!(papers.len(), 5, "{papers:?}");
        assert_eq!(papers.last(), Some(&Paper::ExpertAssessments));
        let pre = Gateway {
            checklist: Checklist::new(true, []),
            readiness: None,
        };
        assert_eq!(pre.papers(), Paper::ALL.to_vec());
    }
}
