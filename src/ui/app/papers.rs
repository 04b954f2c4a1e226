//! Keys on the child screen's Family, Chronology and Gateway tabs, and the
//! dialogs they open: what each action changes in the app's state, and
//! the store's work it asks for as an [`Effect`]. Every change is refused
//! up front on a read-only database, or when the user's role may not
//! change the child's timeline, as on the timeline tab.

use super::{App, Effect, Screen, capitalise, date_hint};
use crate::domain::calendar::Calendar;
use crate::domain::chronology::{self, ChronologyError, Draft, Entry, Kind};
use crate::domain::date::{DateStyle, iso, parse_day};
use crate::domain::gateway::{self, Paper};
use crate::domain::permissions::{Action as Permission, ChildScope};
use crate::domain::plan::PlanRole;
use crate::ui::action::Action;
use crate::ui::component::Handled;
use crate::ui::layout;
use crate::ui::modal::{Field, Form, FormPurpose, Modal, Picker, PickerPurpose};
use crate::ui::papers_view::{Papers, Pick};
use chrono::NaiveDate;

const READ_ONLY: &str = "Read-only: this database cannot be changed from here";

/// How far ← and → move the genogram: a third of a person's width, so a
/// name never jumps out of sight in one press.
const SIDEWAYS: isize = 4;

impl App {
    /// The papers read with the child, each tab keeping its place.
    pub fn show_papers(&mut self, papers: Papers) {
        let (width, _) = self.size;
        let dates = self.dates;
        if let Screen::Child(view) = &mut self.screen {
            view.set_papers(papers, width, dates);
        }
        self.fit_papers();
    }

    /// Keeps each tab's cursor and scroll within the window after a
    /// resize or a reload.
    pub(super) fn fit_papers(&mut self) {
        let (width, height) = self.size;
        let dates = self.dates;
        if let Screen::Child(view) = &mut self.screen {
            let rows = layout::family_content_height(height);
            view.move_entry(0, layout::chronology_list_height(height));
            view.move_pick(0, None, dates, width, rows);
            view.scroll_genogram(0, 0, width, rows);
        }
    }

    /// Why the user may not change the open child's papers, if they may not.
    fn change_refused(&self) -> Option<String> {
        if self.session.read_only {
            return Some(READ_ONLY.to_string());
        }
        let Screen::Child(view) = &self.screen else {
            return Some("No child is open".to_string());
        };
        let fields = &view.detail.fields;
        let scope = ChildScope {
            worker: fields.worker.as_deref(),
            iro: fields.iro.as_deref(),
            team: fields.team.as_deref(),
        };
        self.access
            .check(&self.policy, Permission::EditTimeline, Some(scope))
            .err()
            .map(|refusal| refusal.to_string())
    }

    /// Shows only entries of one kind (or, with `None`, every kind).
    pub(super) fn show_kind(&mut self, kind: Option<Kind>) {
        let height = layout::chronology_list_height(self.size.1);
        if let Screen::Child(view) = &mut self.screen {
            view.chronology.kind = kind;
            view.chronology.cursor = 0;
            view.chronology.offset = 0;
            view.move_entry(0, height);
        }
    }

    /// Keys on the Family tab. `None` leaves the action to the general
    /// handling (tabs, back, next child, help, quit).
    pub(super) fn apply_to_family(&mut self, action: Action) -> Handled {
        let (width, height) = self.size;
        let dates = self.dates;
        let rows = layout::family_content_height(height);
        let refusal = self.change_refused();
        let Screen::Child(view) = &mut self.screen else {
            return Handled::Ignored;
        };
        let child = view.detail.id;
        let people = view.family.people;
        let page = rows.max(1) as isize;
        match action {
            Action::PeopleOrGenogram => {
                view.family.people = !people;
                view.move_pick(0, None, dates, width, rows);
            }
            Action::MoveDown if people => view.move_pick(1, None, dates, width, rows),
            Action::MoveUp if people => view.move_pick(-1, None, dates, width, rows),
            Action::PageDown if people => view.move_pick(0, Some(true), dates, width, rows),
            Action::PageUp if people => view.move_pick(0, Some(false), dates, width, rows),
            Action::First if people => view.move_pick(isize::MIN / 2, None, dates, width, rows),
            Action::Last if people => view.move_pick(isize::MAX / 2, None, dates, width, rows),
            Action::ScrollLeft | Action::ScrollRight if people => {
                self.message = Some("The list does not scroll sideways; p shows the genogram".into());
            }
            Action::MoveDown => view.scroll_genogram(0, 1, width, rows),
            Action::MoveUp => view.scroll_genogram(0, -1, width, rows),
            Action::PageDown => view.scroll_genogram(0, page, width, rows),
            Action::PageUp => view.scroll_genogram(0, -page, width, rows),
            Action::ScrollLeft => view.scroll_genogram(-SIDEWAYS, 0, width, rows),
            Action::ScrollRight => view.scroll_genogram(SIDEWAYS, 0, width, rows),
            Action::First => view.scroll_genogram(isize::MIN / 2, isize::MIN / 2, width, rows),
            Action::Last => view.scroll_genogram(0, isize::MAX / 2, width, rows),
            Action::Details | Action::OutcomeToTimeline if !people => {
                self.message = Some("p lists the people and family meetings; choose there".into());
            }
            Action::Details | Action::OutcomeToTimeline => {
                let family = match &view.papers.family {
                    Ok(family) => family,
                    Err(reason) => {
                        self.message = Some(reason.clone());
                        return Handled::Consumed(None);
                    }
                };
                let pick = view.selected_pick(dates, width);
                if action == Action::Details {
                    match pick {
                        Some(Pick::Person(id)) => {
                            let name = family
                                .network
                                .person(id)
                                .map(|p| p.name.clone())
                                .unwrap_or_default();
                            self.layers.set_dialog(Some(Modal::Info {
                                title: name,
                                lines: person_lines(family, id, dates),
                            }));
                        }
                        Some(pick) => {
                            if let Some((meeting, outcome)) = family.outcome(pick) {
                                let lines = outcome_lines(family, meeting, outcome, dates);
                                self.layers.set_dialog(Some(Modal::Info {
                                    title: format!(
                                        "{} · {}",
                                        meeting.kind.label(),
                                        dates.show(meeting.held_on)
                                    ),
                                    lines,
                                }));
                            }
                        }
                        None => self.message = Some("There is no one here".into()),
                    }
                    return Handled::Consumed(None);
                }
                let Some((_, outcome)) = pick.and_then(|p| family.outcome(p)) else {
                    self.message = Some(
                        "Choose one of a family meeting's outcomes (↓) to put it on the timeline".into(),
                    );
                    return Handled::Consumed(None);
                };
                if outcome.item_key.is_some() {
                    self.message = Some("This outcome is already on the timeline".into());
                    return Handled::Consumed(None);
                }
                if let Some(who) = family.about_someone_else(outcome) {
                    self.message = Some(format!(
                        "This outcome is about {who}: put it on their timeline from their record"
                    ));
                    return Handled::Consumed(None);
                }
                if let Some(refusal) = refusal {
                    self.message = Some(refusal);
                    return Handled::Consumed(None);
                }
                let Some(plan) = view
                    .timeline
                    .plans
                    .iter()
                    .find(|p| p.plan.role == PlanRole::Primary)
                    .map(|p| p.plan.id)
                else {
                    self.message = Some("This child has no active primary plan to put the outcome on".into());
                    return Handled::Consumed(None);
                };
                match outcome.due {
                    Some(target) => {
                        return Handled::Consumed(Some(Effect::OutcomeToTimeline {
                            child,
                            outcome: outcome.id,
                            plan,
                            target,
                        }));
                    }
                    None => {
                        self.layers.set_dialog(Some(Modal::Form(Form::new(
                            format!("On the timeline: {}", outcome.text),
                            vec![Field::new("Due by", String::new(), date_hint(dates, "+2w"))],
                            FormPurpose::OutcomeTarget {
                                outcome: outcome.id,
                                plan,
                            },
                        ))));
                    }
                }
            }
            _ => return Handled::Ignored,
        }
        Handled::Consumed(None)
    }

    /// Keys on the Chronology tab.
    pub(super) fn apply_to_chronology(&mut self, action: Action) -> Handled {
        let height = layout::chronology_list_height(self.size.1);
        let dates = self.dates;
        let today = self.session.today;
        let refusal = self.change_refused();
        let Screen::Child(view) = &mut self.screen else {
            return Handled::Ignored;
        };
        let child = view.detail.id;
        let page = height.max(1) as isize;
        let changes = matches!(action, Action::AddEntry | Action::MarkForCpr);
        if changes && let Some(refusal) = refusal {
            self.message = Some(refusal);
            return Handled::Consumed(None);
        }
        let entries = match (&view.papers.chronology, action) {
            (Ok(entries), _) => entries,
            (Err(reason), Action::AddEntry | Action::MarkForCpr | Action::FilterKind | Action::Details) => {
                self.message = Some(reason.clone());
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
                None => self.message = Some("There is no entry here".into()),
                Some(entry) => {
                    self.layers.set_dialog(Some(Modal::Info {
                        title: format!("{} · {}", dates.show(entry.on), entry.kind.label()),
                        lines: entry_lines(entry, dates),
                    }));
                }
            },
            Action::AddEntry => {
                self.layers.set_dialog(Some(Modal::Form(Form::new(
                    "Add to the chronology",
                    vec![
                        Field::new("Date", dates.show(today), date_hint(dates, "today or -3d")),
                        Field::new("What", String::new(), "what happened, in a line"),
                        Field::new("Kind", String::new(), "blank is other; concern, legal, health…"),
                        Field::new("Source", String::new(), "where it came from (optional)"),
                        Field::new("Verified", "n", "y or n"),
                    ],
                    FormPurpose::ChronologyEntry,
                ))));
            }
            Action::MarkForCpr => match view.selected_entry() {
                None => self.message = Some("There is no entry to mark".into()),
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
                self.layers.set_dialog(Some(Modal::Picker(Picker {
                    title: "Show the entries of one kind".into(),
                    options,
                    selected,
                    purpose: PickerPurpose::ChronologyKind,
                })));
            }
            Action::EveryKind => {
                if view.chronology.kind.is_none() {
                    self.message = Some("Every kind of entry is shown already".into());
                } else {
                    self.show_kind(None);
                }
            }
            _ => return Handled::Ignored,
        }
        Handled::Consumed(None)
    }

    /// Keys on the Gateway tab.
    pub(super) fn apply_to_gateway(&mut self, action: Action) -> Handled {
        let dates = self.dates;
        let refusal = self.change_refused();
        let Screen::Child(view) = &mut self.screen else {
            return Handled::Ignored;
        };
        let child = view.detail.id;
        let changes = matches!(
            action,
            Action::TickPaper | Action::SetPanel | Action::TogglePreProceedings
        );
        if changes && let Some(refusal) = refusal {
            self.message = Some(refusal);
            return Handled::Consumed(None);
        }
        let gateway = match (&view.papers.gateway, action) {
            (Ok(gateway), _) => gateway.clone(),
            (Err(reason), _) if changes || action == Action::Details => {
                self.message = Some(reason.clone());
                return Handled::Consumed(None);
            }
            // Nothing to move through: the keys do nothing, rather than
            // move the caseload beneath.
            (Err(_), Action::MoveDown | Action::MoveUp | Action::First | Action::Last) => {
                return Handled::Consumed(None);
            }
            (Err(_), _) => return Handled::Ignored,
        };
        let papers = gateway.papers();
        let last = papers.len().saturating_sub(1);
        let selected = papers.get(view.gateway.cursor.min(last)).copied();
        match action {
            Action::MoveDown => view.gateway.cursor = (view.gateway.cursor + 1).min(last),
            Action::MoveUp => view.gateway.cursor = view.gateway.cursor.saturating_sub(1),
            Action::First => view.gateway.cursor = 0,
            Action::Last => view.gateway.cursor = last,
            Action::TickPaper => match selected {
                None => self.message = Some("There is no paper here".into()),
                Some(paper) if gateway.checklist.ticked(paper) => {
                    return Handled::Consumed(Some(Effect::UntickPaper { child, paper }));
                }
                Some(paper) => {
                    self.layers.set_dialog(Some(Modal::Form(Form::new(
                        format!("Ticked: {}", paper.label()),
                        vec![Field::new(
                            "Dated",
                            String::new(),
                            format!("the document's date ({}), or blank", dates.code()),
                        )],
                        FormPurpose::TickPaper { paper },
                    ))));
                }
            },
            Action::SetPanel => {
                let current = gateway.readiness.as_ref();
                self.layers.set_dialog(Some(Modal::Form(Form::new(
                    "The Legal Gateway panel",
                    vec![Field::new(
                        "Panel on",
                        current.map(|r| dates.show(r.panel_date)).unwrap_or_default(),
                        date_hint(dates, "+2w"),
                    )],
                    FormPurpose::GatewayPanel {
                        pre_proceedings: current.is_some_and(|r| r.pre_proceedings),
                    },
                ))));
            }
            Action::TogglePreProceedings => match &gateway.readiness {
                None => {
                    self.message = Some(
                        "Set the panel's date first (P): a referral into pre-proceedings goes to a panel"
                            .into(),
                    );
                }
                Some(readiness) => {
                    return Handled::Consumed(Some(Effect::SetGatewayPanel {
                        child,
                        on: readiness.panel_date,
                        pre_proceedings: !readiness.pre_proceedings,
                    }));
                }
            },
            Action::Details => match selected {
                None => self.message = Some("There is no paper here".into()),
                Some(paper) => {
                    self.layers.set_dialog(Some(Modal::Info {
                        title: paper.label().to_string(),
                        lines: paper_lines(&gateway, paper, dates),
                    }));
                }
            },
            _ => return Handled::Ignored,
        }
        Handled::Consumed(None)
    }
}

/// What a family meeting's outcome says, for its dialog: the outcome,
/// when it is due, whom it is about, whether it is on the timeline, and
/// the meeting's attendance and notes.
fn outcome_lines(
    family: &crate::ui::papers_view::Family,
    meeting: &crate::domain::family_meeting::FamilyMeeting,
    outcome: &crate::domain::family_meeting::MeetingOutcome,
    dates: DateStyle,
) -> Vec<String> {
    let mut lines = vec![
        format!("Outcome: {}", outcome.text),
        format!(
            "Due: {}",
            outcome.due.map_or("not said".to_string(), |d| dates.show(d))
        ),
    ];
    if let Some(who) = family.about_someone_else(outcome) {
        lines.push(format!("About: {who}"));
    }
    lines.push(match &outcome.item_key {
        Some(key) => format!("On the timeline: yes ({key})"),
        None => "On the timeline: no; t puts it there".to_string(),
    });
    lines.push(String::new());
    lines.push(format!(
        "Attended: {}",
        if meeting.attended.is_empty() {
            "not recorded".to_string()
        } else {
            meeting.attended.join(", ")
        }
    ));
    if let Some(notes) = &meeting.notes {
        lines.push(format!("Notes: {notes}"));
    }
    lines
}

/// Everything about a person, as lines to read.
fn person_lines(
    family: &crate::ui::papers_view::Family,
    id: crate::domain::family::PersonId,
    dates: DateStyle,
) -> Vec<String> {
    let Some(person) = family.network.person(id) else {
        return Vec::new();
    };
    let mut lines = vec![format!("To the child: {}", family.relation(id))];
    let said = |label: &str, value: &Option<String>| value.as_ref().map(|v| format!("{label}: {v}"));
    lines.push(format!(
        "Born: {}",
        person
            .date_of_birth
            .map_or("not recorded".to_string(), |d| dates.show(d))
    ));
    if person.deceased {
        lines.push("Deceased".to_string());
    }
    lines.extend(
        [
            said("Household", &person.household),
            said("Culture", &person.culture),
            said("Language", &person.language),
            said("Religion", &person.religion),
            said("Contact", &person.contact),
        ]
        .into_iter()
        .flatten(),
    );
    if id != family.focus {
        let part = family.network.connection(family.focus, id);
        let yes_no = |b: bool| if b { "yes" } else { "no" };
        lines.push(String::new());
        lines.push(format!(
            "Parental responsibility: {}",
            yes_no(part.is_some_and(|p| p.parental_responsibility))
        ));
        lines.push(format!(
            "Viability assessment: {}",
            part.and_then(|p| p.viability)
                .map_or("none".to_string(), |(v, on)| format!(
                    "{} {}",
                    v.code(),
                    dates.show(on)
                ))
        ));
        lines.push(format!(
            "Potential carer: {}",
            yes_no(part.is_some_and(|p| p.potential_carer))
        ));
        lines.push(format!(
            "Family time: {}",
            part.and_then(|p| p.family_time.clone())
                .unwrap_or_else(|| "not recorded".to_string())
        ));
    }
    lines
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

/// Everything about a Gateway paper, as lines to read.
fn paper_lines(gateway: &crate::ui::papers_view::Gateway, paper: Paper, dates: DateStyle) -> Vec<String> {
    let checklist = &gateway.checklist;
    let needed = checklist.required().contains(&paper);
    let mut lines = vec![
        format!(
            "Needed: {}",
            match (needed, checklist.pre_proceedings) {
                (true, _) => "yes",
                (false, false) => "only for a referral into pre-proceedings",
                (false, true) => "no",
            }
        ),
        format!(
            "Ticked: {}",
            match (checklist.ticked(paper), checklist.dated(paper)) {
                (true, Some(on)) => format!("yes, the document is dated {}", dates.show(on)),
                (true, None) => "yes, with no document date".to_string(),
                (false, _) => "no".to_string(),
            }
        ),
    ];
    if checklist.pre_proceedings
        && let Some(note) = paper.pre_proceedings_note()
    {
        lines.push(format!("For pre-proceedings: {note}"));
    }
    lines.push(format!(
        "Code: {} (for `permanence gateway REF --tick`)",
        paper.code()
    ));
    lines
}

/// Which field a chronology entry's refusal is about.
fn chronology_field(error: &ChronologyError) -> usize {
    match error {
        ChronologyError::Date(_)
        | ChronologyError::Future { .. }
        | ChronologyError::RangeBackwards { .. } => 0,
        ChronologyError::EmptyWhat => 1,
        ChronologyError::UnknownKind(_) => 2,
        ChronologyError::TooLong { field, .. } if *field == "source" => 3,
        ChronologyError::TooLong { .. } => 1,
    }
}

/// Checks what a Family, Chronology or Gateway dialog holds and turns it
/// into the change it asks for, or names the field that is wrong and why
/// (in the domain's words, with dates as the user reads them).
pub(super) fn submit(
    form: &Form,
    child: crate::domain::child::ChildId,
    today: NaiveDate,
    dates: DateStyle,
    calendar: &Calendar,
) -> Result<Effect, (usize, String)> {
    let said = |text: String| capitalise(&dates.restyle(&text));
    // A date as the user may type it: their style, ISO, `today`, `-3d`.
    let day = |index: usize, name: &str| -> Result<Option<NaiveDate>, (usize, String)> {
        let text = form.value(index);
        if text.is_empty() {
            return Ok(None);
        }
        parse_day(text, today)
            .map(Some)
            .map_err(|e| (index, said(format!("{name}: {e}"))))
    };
    match &form.purpose {
        FormPurpose::ChronologyEntry => {
            let on = day(0, "date")?.ok_or((0, "Date is needed".to_string()))?;
            let verified = match form.value(4).to_lowercase().as_str() {
                "y" | "yes" => true,
                "n" | "no" | "" => false,
                other => return Err((4, format!("Verified: {other} should be y or n"))),
            };
            let draft = Draft {
                on: iso(on),
                what: form.value(1).to_string(),
                kind: form.value(2).to_string(),
                source: form.value(3).to_string(),
                verified,
            };
            chronology::written(&draft, today)
                .map(|entry| Effect::AddChronologyEntry { child, entry })
                .map_err(|e| (chronology_field(&e), said(e.to_string())))
        }
        FormPurpose::TickPaper { paper } => {
            let dated = day(0, "dated")?;
            let (paper, dated) = gateway::tick(paper.code(), &dated.map(iso).unwrap_or_default(), today)
                .map_err(|e| (0, said(e.to_string())))?;
            Ok(Effect::TickPaper { child, paper, dated })
        }
        FormPurpose::GatewayPanel { pre_proceedings } => {
            let on = day(0, "panel")?.ok_or((0, "Give the date the panel sits".to_string()))?;
            let on = gateway::panel_on(&iso(on), calendar).map_err(|e| (0, said(e.to_string())))?;
            Ok(Effect::SetGatewayPanel {
                child,
                on,
                pre_proceedings: *pre_proceedings,
            })
        }
        FormPurpose::OutcomeTarget { outcome, plan } => {
            let target = day(0, "due by")?.ok_or((0, "Due by is needed".to_string()))?;
            Ok(Effect::OutcomeToTimeline {
                child,
                outcome: *outcome,
                plan: *plan,
                target,
            })
        }
        // The other dialogs are checked in `super::submit`.
        _ => Err((0, "This dialog cannot be saved from here".to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::caseload::{CaseloadRow, ChildDetail};
    use crate::domain::child::{ChildFields, ChildId, LegalStatus};
    use crate::domain::chronology::Origin;
    use crate::domain::family::{Network, ParentOf, Person, PersonId, Sex};
    use crate::domain::family_meeting::{FamilyMeeting, FamilyMeetingKind, MeetingOutcome};
    use crate::domain::gateway::{Checklist, Readiness};
    use crate::domain::plan::{Plan, PlanId, PlanStatus, Stage};
    use crate::domain::timeline::{ChildFacts, Inputs, Timeline};
    use crate::ui::app::{ChildTab, Session};
    use crate::ui::keymap::{Context, Key};
    use crate::ui::papers_view::{Family, Gateway};
    use crossterm::event::{KeyEvent, KeyModifiers};

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
    }

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn press(app: &mut App, key: &str) -> Option<Effect> {
        let k = Key::parse(key).unwrap();
        let modifiers = if k.ctrl {
            KeyModifiers::CONTROL
        } else {
            KeyModifiers::NONE
        };
        app.handle_key(KeyEvent::new(k.code, modifiers))
    }

    fn type_text(app: &mut App, text: &str) {
        for c in text.chars() {
            app.handle_key(KeyEvent::new(
                crossterm::event::KeyCode::Char(c),
                KeyModifiers::NONE,
            ));
        }
    }

    /// An active primary plan with no items of its own, for outcomes to go on.
    fn timeline() -> Timeline {
        let plan = Plan {
            id: PlanId(7),
            pathway: "none".into(),
            role: PlanRole::Primary,
            start: today() - chrono::Days::new(28),
            stage: Stage::Proceedings,
            status: PlanStatus::Active,
        };
        crate::domain::timeline::compute(&Inputs {
            calendar: &Calendar::default(),
            child: ChildFacts::default(),
            plans: &[(plan, None)],
            events: &[],
            done: &[],
            adhoc: &[],
            as_of: today(),
        })
    }

    fn person(id: i64, name: &str, sex: Sex) -> Person {
        Person::new(PersonId(id), name, sex)
    }

    fn outcome(id: i64, text: &str, due: Option<NaiveDate>, on_timeline: bool) -> MeetingOutcome {
        MeetingOutcome {
            id,
            text: text.into(),
            due,
            child: None,
            item_key: on_timeline.then(|| format!("adhoc-{id}")),
        }
    }

    fn entry(key: &str, on: NaiveDate, kind: Kind, origin: Origin, for_cpr: bool, verified: bool) -> Entry {
        Entry {
            key: key.into(),
            on,
            what: format!("What happened ({key})"),
            kind,
            origin,
            source: None,
            recorded_by: None,
            for_cpr,
            verified,
        }
    }

    /// Child 1 (Amara, with her mother), one meeting with three outcomes
    /// (dated, undated, already on the timeline), three chronology entries
    /// and a Gateway checklist with the genogram ticked, panel or not.
    fn papers(panel: Option<NaiveDate>) -> Papers {
        let mut child = person(1, "Amara Test", Sex::Female);
        child.child = Some(ChildId(1));
        let network = Network {
            people: vec![child, person(2, "Bea Test", Sex::Female)],
            parents: vec![ParentOf {
                parent: PersonId(2),
                child: PersonId(1),
            }],
            couples: vec![],
            connections: vec![],
        };
        let meeting = FamilyMeeting {
            id: 3,
            kind: FamilyMeetingKind::FamilyNetworkMeeting,
            held_on: d(2026, 11, 2),
            attended: vec!["Bea Test".into()],
            notes: None,
            outcomes: vec![
                outcome(10, "Aunt to be assessed", Some(d(2026, 12, 14)), false),
                outcome(11, "Contact plan", None, false),
                outcome(12, "Life story work", None, true),
            ],
        };
        let chronology = vec![
            entry(
                "event:gateway:2026-01-05",
                d(2026, 1, 5),
                Kind::Legal,
                Origin::Event,
                true,
                true,
            ),
            entry(
                "entry:4",
                d(2026, 3, 2),
                Kind::Concern,
                Origin::Written,
                false,
                false,
            ),
            entry(
                "entry:5",
                d(2026, 6, 1),
                Kind::Health,
                Origin::Written,
                false,
                true,
            ),
        ];
        let checklist = Checklist::new(false, [(Paper::Genogram, Some(d(2026, 11, 1)))]);
        let readiness = panel.map(|p| Readiness::new("1000", p, &checklist, &Calendar::default()));
        Papers {
            family: Ok(Family::new(network, PersonId(1), vec![meeting])),
            chronology: Ok(chronology),
            gateway: Ok(Gateway { checklist, readiness }),
        }
    }

    /// The app with child 1 open on `tab`.
    fn on(tab: ChildTab, panel: Option<NaiveDate>) -> App {
        let session = Session {
            database: "/tmp/test.db".into(),
            user: "tester".into(),
            today: today(),
            read_only: false,
        };
        let row = CaseloadRow {
            id: ChildId(1),
            reference: "1000".into(),
            given_name: "Amara".into(),
            family_name: "Test".into(),
            date_of_birth: None,
            legal_status: LegalStatus::Ico,
            placement_type: None,
            worker: None,
            team: None,
            rag: None,
        };
        let mut app = App::new(session, vec![row], (80, 24));
        press(&mut app, "enter");
        app.show_child(
            ChildDetail {
                id: ChildId(1),
                fields: ChildFields::default(),
                worker_name: None,
                iro_name: None,
                carers: vec![],
                siblings: vec![],
            },
            timeline(),
        );
        app.show_papers(papers(panel));
        while !matches!(app.screen(), Screen::Child(view) if view.tab == tab) {
            press(&mut app, "tab");
        }
        app
    }

    fn form_error(app: &App) -> (usize, String) {
        match app.modal() {
            Some(Modal::Form(form)) => (form.focus, form.error.clone().unwrap_or_default()),
            other => panic!("no dialog: {other:?}"),
        }
    }

    #[test]
    fn each_new_tab_has_its_own_screen_of_keys() {
        for (tab, context) in [
            (ChildTab::Family, Context::ChildFamily),
            (ChildTab::Chronology, Context::ChildChronology),
            (ChildTab::Gateway, Context::ChildGateway),
        ] {
            let app = on(tab, None);
            assert_eq!(app.context(), context);
            let help = app.keymap.help(context);
            assert!(help.iter().any(|(k, a)| *a == Action::SwitchTab && k == &["Tab"]));
            assert!(help.iter().any(|(_, a)| *a == Action::Palette), "{context:?}");
        }
    }

    #[test]
    fn the_configuration_file_rebinds_the_papers_tabs_keys() {
        let text =
            "[keys.child-family]\npeople_or_genogram = \"L\"\n[keys.child-gateway]\ntick_paper = \"t\"\n";
        let (config, problems) = crate::config::parse("config.toml", text);
        assert!(problems.refused.is_empty(), "{:?}", problems.refused);
        let (keymap, refused) = crate::config::keymap(&config, "config.toml");
        assert!(refused.is_empty(), "{refused:?}");
        let mut app = on(ChildTab::Family, None);
        app.keymap = keymap.clone();
        press(&mut app, "L");
        assert!(matches!(app.screen(), Screen::Child(view) if view.family.people));
        press(&mut app, "p");
        assert!(
            matches!(app.screen(), Screen::Child(view) if view.family.people),
            "p no longer switches"
        );
        let mut app = on(ChildTab::Gateway, None);
        app.keymap = keymap;
        assert_eq!(
            press(&mut app, "t"),
            Some(Effect::UntickPaper {
                child: ChildId(1),
                paper: Paper::Genogram
            })
        );
        assert_eq!(press(&mut app, "x"), None, "x is free");
        assert!(app.modal().is_none());
    }

    #[test]
    fn c_marks_an_unmarked_entry_for_the_cpr_and_unmarks_a_marked_one() {
        let mut app = on(ChildTab::Chronology, None);
        assert_eq!(
            press(&mut app, "c"),
            Some(Effect::MarkForCpr {
                child: ChildId(1),
                key: "event:gateway:2026-01-05".into(),
                mark: false,
            }),
            "the first entry is marked: c takes the mark off"
        );
        press(&mut app, "j");
        assert_eq!(
            press(&mut app, "c"),
            Some(Effect::MarkForCpr {
                child: ChildId(1),
                key: "entry:4".into(),
                mark: true,
            })
        );
    }

    #[test]
    fn the_cursor_stays_on_its_entry_when_the_chronology_is_read_again() {
        let mut app = on(ChildTab::Chronology, None);
        press(&mut app, "G");
        let mut again = papers(None);
        if let Ok(entries) = &mut again.chronology {
            entries.insert(
                0,
                entry(
                    "entry:9",
                    d(2025, 1, 1),
                    Kind::Other,
                    Origin::Written,
                    false,
                    true,
                ),
            );
        }
        app.show_papers(again);
        let Screen::Child(view) = app.screen() else {
            panic!()
        };
        assert_eq!(view.selected_entry().map(|e| e.key.as_str()), Some("entry:5"));
    }

    #[test]
    fn a_new_entry_is_checked_field_by_field_then_saved() {
        let mut app = on(ChildTab::Chronology, None);
        press(&mut app, "a");
        assert_eq!(app.context(), Context::Form);
        // Today is filled in: a date in the future is refused on its field.
        type_text(&mut app, "+2d");
        press(&mut app, "enter");
        assert_eq!(
            form_error(&app),
            (
                0,
                "Date: 25/11/2026 is in the future (today is 23/11/2026)".to_string()
            )
        );
        press(&mut app, "ctrl-u");
        type_text(&mut app, "-3d");
        press(&mut app, "enter");
        assert_eq!(form_error(&app), (1, "What: say what happened".to_string()));
        type_text(&mut app, "Police called to the home");
        press(&mut app, "tab");
        type_text(&mut app, "crime");
        press(&mut app, "enter");
        let (field, error) = form_error(&app);
        assert_eq!(field, 2);
        assert!(error.starts_with("Kind: crime is not a kind"), "{error}");
        press(&mut app, "ctrl-u");
        type_text(&mut app, "concern");
        press(&mut app, "tab");
        type_text(&mut app, "police report");
        press(&mut app, "tab");
        type_text(&mut app, "maybe");
        press(&mut app, "enter");
        assert_eq!(form_error(&app).0, 4);
        press(&mut app, "ctrl-u");
        type_text(&mut app, "y");
        let Some(Effect::AddChronologyEntry { child, entry }) = press(&mut app, "enter") else {
            panic!("the entry was not saved: {:?}", app.modal());
        };
        assert_eq!(child, ChildId(1));
        assert_eq!(entry.on, d(2026, 11, 20));
        assert_eq!(entry.what, "Police called to the home");
        assert_eq!(entry.kind, Kind::Concern);
        assert_eq!(entry.source.as_deref(), Some("police report"));
        assert!(entry.verified);
    }

    #[test]
    fn the_kind_filter_offers_the_kinds_there_are_and_x_clears_it() {
        let mut app = on(ChildTab::Chronology, None);
        press(&mut app, "f");
        let Some(Modal::Picker(picker)) = app.modal() else {
            panic!("no picker")
        };
        let offered: Vec<&str> = picker.options.iter().map(|(label, _)| label.as_str()).collect();
        assert_eq!(offered, ["Every kind", "Legal", "Risk or concern", "Health"]);
        press(&mut app, "j");
        press(&mut app, "j");
        press(&mut app, "enter");
        let shown = |app: &App| match app.screen() {
            Screen::Child(view) => view
                .chronology
                .shown(view.papers.chronology.as_ref().unwrap())
                .iter()
                .map(|e| e.key.clone())
                .collect::<Vec<_>>(),
            _ => panic!(),
        };
        assert_eq!(shown(&app), ["entry:4"]);
        press(&mut app, "x");
        assert_eq!(shown(&app).len(), 3);
        press(&mut app, "x");
        assert_eq!(app.message(), Some("Every kind of entry is shown already"));
    }

    #[test]
    fn ticking_a_paper_asks_its_date_and_a_tick_comes_off_at_once() {
        let mut app = on(ChildTab::Gateway, None);
        // The genogram, first, is ticked.
        assert_eq!(
            press(&mut app, "x"),
            Some(Effect::UntickPaper {
                child: ChildId(1),
                paper: Paper::Genogram
            })
        );
        press(&mut app, "j");
        assert_eq!(press(&mut app, "space"), None);
        type_text(&mut app, "24/11/2026");
        press(&mut app, "enter");
        let (field, error) = form_error(&app);
        assert_eq!(field, 0);
        assert!(error.starts_with("Dated: 24/11/2026 is in the future"), "{error}");
        press(&mut app, "ctrl-u");
        assert_eq!(
            press(&mut app, "enter"),
            Some(Effect::TickPaper {
                child: ChildId(1),
                paper: Paper::Chronology,
                dated: None
            }),
            "a blank date is allowed"
        );
    }

    #[test]
    fn a_panel_cannot_sit_on_a_bank_holiday_and_pre_proceedings_needs_one() {
        let mut app = on(ChildTab::Gateway, None);
        assert_eq!(press(&mut app, "r"), None);
        assert!(
            app.message()
                .unwrap_or_default()
                .starts_with("Set the panel's date first")
        );
        press(&mut app, "P");
        type_text(&mut app, "25/12/2026");
        press(&mut app, "enter");
        assert_eq!(
            form_error(&app),
            (0, "Panel: 25/12/2026 is not a working day".to_string())
        );
        press(&mut app, "ctrl-u");
        type_text(&mut app, "2026-12-16");
        assert_eq!(
            press(&mut app, "enter"),
            Some(Effect::SetGatewayPanel {
                child: ChildId(1),
                on: d(2026, 12, 16),
                pre_proceedings: false
            })
        );
        let mut app = on(ChildTab::Gateway, Some(d(2026, 12, 16)));
        assert_eq!(
            press(&mut app, "r"),
            Some(Effect::SetGatewayPanel {
                child: ChildId(1),
                on: d(2026, 12, 16),
                pre_proceedings: true
            })
        );
    }

    #[test]
    fn t_puts_an_outcome_on_the_primary_plan_by_its_due_date_or_asks_for_one() {
        let mut app = on(ChildTab::Family, None);
        assert_eq!(
            press(&mut app, "t"),
            None,
            "the genogram has no outcomes to choose"
        );
        press(&mut app, "p");
        // Amara, Bea, then the three outcomes.
        press(&mut app, "j");
        press(&mut app, "j");
        assert_eq!(
            press(&mut app, "t"),
            Some(Effect::OutcomeToTimeline {
                child: ChildId(1),
                outcome: 10,
                plan: PlanId(7),
                target: d(2026, 12, 14)
            })
        );
        press(&mut app, "j");
        assert_eq!(press(&mut app, "t"), None);
        assert_eq!(app.context(), Context::Form, "no due date: a dialog asks");
        type_text(&mut app, "+2w");
        assert_eq!(
            press(&mut app, "enter"),
            Some(Effect::OutcomeToTimeline {
                child: ChildId(1),
                outcome: 11,
                plan: PlanId(7),
                target: d(2026, 12, 7)
            })
        );
        press(&mut app, "j");
        assert_eq!(press(&mut app, "t"), None);
        assert_eq!(app.message(), Some("This outcome is already on the timeline"));
        press(&mut app, "g");
        assert_eq!(press(&mut app, "t"), None);
        assert!(
            app.message()
                .unwrap_or_default()
                .starts_with("Choose one of a family meeting's outcomes")
        );
    }

    #[test]
    fn the_genogram_scrolls_no_further_than_it_reaches() {
        let mut app = on(ChildTab::Family, None);
        for _ in 0..50 {
            press(&mut app, "l");
            press(&mut app, "j");
        }
        let Screen::Child(view) = app.screen() else {
            panic!()
        };
        let (_, canvas) = view.family.canvas.as_ref().unwrap();
        assert_eq!(view.family.x, canvas.width.saturating_sub(80));
        assert_eq!(
            view.family.y,
            canvas.height.saturating_sub(layout::family_content_height(24))
        );
        press(&mut app, "g");
        let Screen::Child(view) = app.screen() else {
            panic!()
        };
        assert_eq!((view.family.x, view.family.y), (0, 0));
    }

    #[test]
    fn read_only_refuses_every_change_on_the_papers_tabs() {
        for (tab, keys) in [
            (ChildTab::Chronology, &["a", "c"][..]),
            (ChildTab::Gateway, &["x", "P", "r"][..]),
        ] {
            let mut app = on(tab, Some(d(2026, 12, 16)));
            app.session.read_only = true;
            for key in keys {
                assert_eq!(press(&mut app, key), None, "{key}");
                assert!(app.modal().is_none(), "{key} opened a dialog");
                assert_eq!(app.message(), Some(READ_ONLY), "{key}");
            }
            // Reading is still allowed.
            press(&mut app, "enter");
            assert_eq!(app.context(), Context::Info);
        }
        let mut app = on(ChildTab::Family, None);
        app.session.read_only = true;
        press(&mut app, "p");
        press(&mut app, "j");
        press(&mut app, "j");
        assert_eq!(press(&mut app, "t"), None);
        assert_eq!(app.message(), Some(READ_ONLY));
    }

    #[test]
    fn a_reviewer_may_read_the_papers_but_not_change_them() {
        let policy =
            crate::domain::permissions::parse("p.toml", include_str!("../../../data/permissions.toml"))
                .unwrap();
        let reviewer = crate::domain::people::Worker {
            username: "rev".into(),
            display_name: "Rev".into(),
            role: crate::domain::people::Role::Reviewer,
            team: None,
        };
        let mut app = on(ChildTab::Chronology, None);
        app.set_access(crate::service::access::Access::Worker(reviewer), policy);
        assert_eq!(press(&mut app, "c"), None);
        assert!(
            app.message()
                .unwrap_or_default()
                .ends_with("can change this child's timeline"),
            "{:?}",
            app.message()
        );
        press(&mut app, "j");
        assert!(app.message().is_none(), "moving is allowed");
    }
}
