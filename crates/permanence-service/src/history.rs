//! A child's history brought in from another system, the one path both
//! `permanence import events` and `permanence import ssda903` take:
//! [`plan`] works out, child by child in reference order, what each
//! entry would do (record, move, update its note, or leave an event
//! already there alone), the legal status it would change and the
//! timeline dates that would move, and every problem with the entries;
//! [`apply`] writes it all in one write, or nothing.
//!
//! The rules are those of recording in the app (see `corrections`):
//! nothing in the future or before 1900, an order under a supervision
//! order pathway only within Appendix 10's age rule, a legal-status
//! event moving the record's legal status; and one of the import's own:
//! no event before the child was born. What each entry does to the
//! record, and why an event recorded in the app is never changed, is the
//! store's one rule (`permanence_store::HistoryStep`).

use crate::corrections::{moves_between, supervision_refused, window};
use crate::domain::child::ChildId;
use crate::domain::date::{DateStyle, refuse_implausible, uk};
use crate::domain::event::{Event, RecordedEvent};
use crate::domain::history::HistoryEntry;
use crate::domain::legal_status::change_lines;
use crate::domain::timeline::moves::Move;
use crate::library::Library;
use crate::store::{AuditAction, Change, HistoryStep, Store, StoreError, TimelineFacts, Writer};
use chrono::NaiveDate;
use std::collections::{BTreeMap, HashMap};

/// Which part of an entry a problem is with: the command that read the
/// entries names its column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Reference,
    Event,
    On,
    Source,
}

/// One thing wrong with one entry; nothing is written while there is one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryProblem {
    /// The entry's place in what was given to [`plan`].
    pub index: usize,
    pub field: Field,
    pub message: String,
    /// For an entry that repeats another's source: that entry's place.
    pub first: Option<usize>,
}

/// One entry and what it would do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Planned {
    pub index: usize,
    pub entry: HistoryEntry,
    pub step: HistoryStep,
}

/// What the import would do for one child.
#[derive(Debug, Clone)]
pub struct ChildHistory {
    pub reference: String,
    pub child: ChildId,
    /// The child's name, for a dry run's lines.
    pub name: String,
    /// The child's entries in the order given, each with its step.
    pub entries: Vec<Planned>,
    /// What it would do to the legal status (`legal_status::change_lines`).
    pub legal: Vec<String>,
    /// Every timeline date that would move (empty unless asked for).
    pub moves: Vec<Move>,
    /// Events that would be recorded close to one of the same already on
    /// the record: perhaps that one's date put right at the source.
    pub near: Vec<Near>,
}

/// An entry to be recorded a few days from the same event already on the
/// record (two weeks; three days for statutory visits, as `permanence
/// record` takes them): said, not refused, as history may hold both.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Near {
    pub index: usize,
    pub event: Event,
    pub on: NaiveDate,
    /// The day the same event is recorded on already.
    pub recorded: NaiveDate,
}

impl ChildHistory {
    /// Whether anything would be written for the child.
    pub fn changes(&self) -> bool {
        self.entries.iter().any(|p| p.step.changes())
    }
}

/// What an import of history would do, child by child in reference
/// order, and every problem found; nothing has been written.
#[derive(Debug, Clone, Default)]
pub struct HistoryPlan {
    pub children: Vec<ChildHistory>,
    pub problems: Vec<HistoryProblem>,
}

/// How much [`plan_with`] works out beyond the steps.
#[derive(Debug, Clone, Copy)]
pub struct Detail {
    /// The timeline dates that would move: two timelines a child, which a
    /// dry run shows and a national-scale import may skip.
    pub moves: bool,
    /// How the legal status lines show dates.
    pub dates: DateStyle,
}

impl Default for Detail {
    fn default() -> Detail {
        Detail {
            moves: true,
            dates: DateStyle::DayMonthYear,
        }
    }
}

/// What a plan needs to read, from the database or from inside a write
/// (an import that writes the children first, then plans their history
/// in the same transaction).
pub trait Records {
    /// The child with this reference, and their name.
    fn child(&self, reference: &str) -> Result<Option<(ChildId, String)>, StoreError>;
    fn facts(&self, child: ChildId) -> Result<TimelineFacts, StoreError>;
    fn steps(&self, child: ChildId, entries: &[HistoryEntry]) -> Result<Vec<HistoryStep>, StoreError>;
}

impl Records for Store {
    fn child(&self, reference: &str) -> Result<Option<(ChildId, String)>, StoreError> {
        let Some(id) = self.child_id(reference)? else {
            return Ok(None);
        };
        let name = self
            .child_detail(id)?
            .map(|d| d.fields.full_name())
            .unwrap_or_default();
        Ok(Some((id, name)))
    }
    fn facts(&self, child: ChildId) -> Result<TimelineFacts, StoreError> {
        self.timeline_facts(child)
    }
    fn steps(&self, child: ChildId, entries: &[HistoryEntry]) -> Result<Vec<HistoryStep>, StoreError> {
        self.history_steps(child, entries)
    }
}

impl Records for Writer<'_> {
    fn child(&self, reference: &str) -> Result<Option<(ChildId, String)>, StoreError> {
        let Some(id) = self.child_id(reference)? else {
            return Ok(None);
        };
        let name = self
            .child_by_ref(reference)?
            .map(|c| c.full_name())
            .unwrap_or_default();
        Ok(Some((id, name)))
    }
    fn facts(&self, child: ChildId) -> Result<TimelineFacts, StoreError> {
        self.timeline_facts(child)
    }
    fn steps(&self, child: ChildId, entries: &[HistoryEntry]) -> Result<Vec<HistoryStep>, StoreError> {
        self.history_steps(child, entries)
    }
}

/// What importing the entries would do, with the dates that would move.
pub fn plan(
    records: &impl Records,
    library: &Library,
    entries: &[HistoryEntry],
    today: NaiveDate,
) -> Result<HistoryPlan, StoreError> {
    plan_with(records, library, entries, today, Detail::default())
}

/// As [`plan`], working out as much as `detail` asks.
pub fn plan_with(
    records: &impl Records,
    library: &Library,
    entries: &[HistoryEntry],
    today: NaiveDate,
    detail: Detail,
) -> Result<HistoryPlan, StoreError> {
    let mut by_child: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (index, entry) in entries.iter().enumerate() {
        by_child.entry(entry.reference.as_str()).or_default().push(index);
    }
    let mut plan = HistoryPlan::default();
    for (reference, indexes) in by_child {
        let Some((child, name)) = records.child(reference)? else {
            plan.problems.extend(indexes.iter().map(|&index| HistoryProblem {
                index,
                field: Field::Reference,
                message: format!("no child has the reference {reference}"),
                first: None,
            }));
            continue;
        };
        let facts = records.facts(child)?;
        let problems_before = plan.problems.len();
        check_entries(entries, &indexes, &facts, library, today, &mut plan.problems);
        if plan.problems.len() > problems_before && repeated_source(&plan.problems[problems_before..]) {
            // The store refuses one source twice: nothing more to say.
            continue;
        }
        let mine: Vec<HistoryEntry> = indexes.iter().map(|&i| entries[i].clone()).collect();
        let steps = records.steps(child, &mine)?;
        let planned: Vec<Planned> = indexes
            .iter()
            .zip(mine)
            .zip(steps)
            .map(|((&index, entry), step)| Planned { index, entry, step })
            .collect();
        plan.problems.extend(planned.iter().filter_map(clash));
        let after = facts_after(&facts, &planned);
        let legal = change_lines(
            facts.child.legal_status,
            &facts.events,
            &after.events,
            detail.dates,
        );
        let changes = planned.iter().any(|p| p.step.changes());
        let moves = if detail.moves && changes {
            moves_between(library, &facts, &after, today).0
        } else {
            Vec::new()
        };
        let near = planned.iter().filter_map(|p| near(&facts, p)).collect();
        plan.children.push(ChildHistory {
            reference: reference.to_string(),
            child,
            name,
            entries: planned,
            legal,
            moves,
            near,
        });
    }
    plan.problems.sort_by_key(|p| p.index);
    Ok(plan)
}

fn repeated_source(problems: &[HistoryProblem]) -> bool {
    problems.iter().any(|p| p.field == Field::Source)
}

/// The rules recording in the app keeps, and the import's own, for one
/// child's entries.
fn check_entries(
    entries: &[HistoryEntry],
    indexes: &[usize],
    facts: &TimelineFacts,
    library: &Library,
    today: NaiveDate,
    problems: &mut Vec<HistoryProblem>,
) {
    let dates = DateStyle::DayMonthYear;
    let mut sources: HashMap<&str, usize> = HashMap::new();
    for &index in indexes {
        let entry = &entries[index];
        let on = |message: String| HistoryProblem {
            index,
            field: Field::On,
            message,
            first: None,
        };
        if let Some(&first) = sources.get(entry.source.as_str()) {
            problems.push(HistoryProblem {
                index,
                field: Field::Source,
                message: format!(
                    "{} on {} is given twice for this child (source {})",
                    entry.event.code(),
                    uk(entry.on),
                    entry.source
                ),
                first: Some(first),
            });
        } else {
            sources.insert(&entry.source, index);
        }
        if let Err(message) = refuse_implausible(entry.on, dates) {
            problems.push(on(message));
        } else if entry.on > today {
            problems.push(on(format!(
                "{} is in the future; only what has happened is recorded",
                uk(entry.on)
            )));
        } else if let Some(born) = facts.child.date_of_birth.filter(|born| entry.on < *born) {
            problems.push(on(format!(
                "{} is before the child's date of birth ({}) on the record",
                uk(entry.on),
                uk(born)
            )));
        } else if let Some(why) = supervision_refused(library, facts, entry.event, entry.on) {
            problems.push(on(format!("a supervision order cannot be recorded: {why}")));
        }
    }
}

/// A step the store would refuse, as a problem with its entry.
fn clash(planned: &Planned) -> Option<HistoryProblem> {
    let HistoryStep::Clash { from, source } = &planned.step else {
        return None;
    };
    let by = match source {
        None => "recorded in the app".to_string(),
        Some(source) => format!("imported from {source}"),
    };
    Some(HistoryProblem {
        index: planned.index,
        field: Field::On,
        message: format!(
            "{} is already recorded on {} ({by}); this entry's event, imported before on {}, would move onto it. Withdraw one of them first",
            planned.entry.event.code(),
            uk(planned.entry.on),
            uk(*from)
        ),
        first: None,
    })
}

/// The same event already on the record a few days from an entry to be
/// recorded: the check `permanence record` makes (permanence's own).
fn near(facts: &TimelineFacts, planned: &Planned) -> Option<Near> {
    if planned.step != HistoryStep::Record {
        return None;
    }
    let entry = &planned.entry;
    facts
        .events
        .iter()
        .filter(|e| e.event == entry.event && e.on != entry.on)
        .find(|e| (e.on - entry.on).num_days().abs() <= window(entry.event))
        .map(|e| Near {
            index: planned.index,
            event: entry.event,
            on: entry.on,
            recorded: e.on,
        })
}

/// The child's facts as they would be with the steps done: pure, nothing
/// written, as `corrections::Change::apply` works out a change.
fn facts_after(facts: &TimelineFacts, planned: &[Planned]) -> TimelineFacts {
    let mut after = facts.clone();
    let mut take_out = |event, on| {
        after
            .events
            .retain(|e: &RecordedEvent| !(e.event == event && e.on == on))
    };
    let mut added = Vec::new();
    for Planned { entry, step, .. } in planned {
        match step {
            HistoryStep::Record => {}
            HistoryStep::Move { from } => take_out(entry.event, *from),
            HistoryStep::Replace { event, on } => take_out(*event, *on),
            _ => continue,
        }
        added.push(RecordedEvent {
            event: entry.event,
            on: entry.on,
        });
    }
    after.events.extend(added);
    after.events.sort_by_key(|e| e.on);
    after
}

/// What an import of history did, entry by entry counted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Applied {
    /// New events recorded.
    pub recorded: usize,
    /// The children with an event recorded.
    pub children: usize,
    /// Imported events moved to another date (or replaced by another).
    pub moved: usize,
    /// Imported events whose note alone changed.
    pub notes: usize,
    /// Entries already on the record: imported before and the same, or
    /// recorded in the app on the same day.
    pub already: usize,
    /// Imported events corrected or withdrawn in the app since: left as
    /// the app has them.
    pub put_right_in_app: usize,
}

impl Applied {
    pub fn changed(&self) -> bool {
        self.recorded + self.moved + self.notes > 0
    }

    fn count(&mut self, child: &[HistoryStep]) {
        let mut recorded_here = false;
        for step in child {
            match step {
                HistoryStep::Record => {
                    self.recorded += 1;
                    recorded_here = true;
                }
                HistoryStep::Move { .. } | HistoryStep::Replace { .. } => self.moved += 1,
                HistoryStep::Note { .. } => self.notes += 1,
                HistoryStep::Unchanged | HistoryStep::AlreadyRecorded { .. } => self.already += 1,
                HistoryStep::PutRightInApp { .. } => self.put_right_in_app += 1,
                HistoryStep::Clash { .. } => {}
            }
        }
        self.children += usize::from(recorded_here);
    }

    /// Counted from a plan, for a dry run.
    pub fn planned(plan: &HistoryPlan) -> Applied {
        let mut applied = Applied::default();
        for child in &plan.children {
            let steps: Vec<HistoryStep> = child.entries.iter().map(|p| p.step.clone()).collect();
            applied.count(&steps);
        }
        applied
    }
}

/// Why history was not imported; nothing was written.
#[derive(Debug, thiserror::Error)]
pub enum HistoryError {
    #[error("the history has {0} problem(s); nothing was written")]
    Problems(usize),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Writes the plan in one write: every child's entries, each event with
/// its audit entry, and one entry for the import as a whole; or, with a
/// problem or a refusal anywhere, nothing.
pub fn apply(store: &mut Store, plan: &HistoryPlan) -> Result<Applied, HistoryError> {
    if !plan.problems.is_empty() {
        return Err(HistoryError::Problems(plan.problems.len()));
    }
    Ok(store.write(|w| apply_in(w, plan))?)
}

/// As [`apply`], inside the caller's write (an import that writes the
/// children first). The caller has checked the plan has no problems.
pub fn apply_in(w: &mut Writer<'_>, plan: &HistoryPlan) -> Result<Applied, StoreError> {
    let mut importing = ChildByChild::default();
    for child in &plan.children {
        importing.apply(w, child)?;
    }
    importing.finish(w)
}

/// An import of history a child at a time, inside the caller's write:
/// each child's entries planned and, with nothing wrong, applied before
/// the next child's are read, so that a national import never holds
/// every child's entries and plan at once; then [`ChildByChild::finish`]
/// writes the one audit entry for the import, as [`apply_in`] does. The
/// caller refuses the whole write if any child's plan had a problem.
#[derive(Debug, Default)]
pub struct ChildByChild {
    applied: Applied,
    children: usize,
}

impl ChildByChild {
    /// Plans one child's entries (every one of them that child's) as
    /// [`plan_with`] does and, if nothing is wrong with them, applies
    /// them; the plan, whose problems' indexes are within `entries`.
    pub fn child(
        &mut self,
        w: &mut Writer<'_>,
        library: &Library,
        entries: &[HistoryEntry],
        today: NaiveDate,
        detail: Detail,
    ) -> Result<HistoryPlan, StoreError> {
        self.child_as(w, library, entries, today, detail, false)
    }

    /// As [`ChildByChild::child`], for a child the caller has just written
    /// new to the record: their events are written the quick way where
    /// they have none yet (`Writer::apply_new_history`), with the same
    /// rows and trail.
    pub fn new_child(
        &mut self,
        w: &mut Writer<'_>,
        library: &Library,
        entries: &[HistoryEntry],
        today: NaiveDate,
        detail: Detail,
    ) -> Result<HistoryPlan, StoreError> {
        self.child_as(w, library, entries, today, detail, true)
    }

    fn child_as(
        &mut self,
        w: &mut Writer<'_>,
        library: &Library,
        entries: &[HistoryEntry],
        today: NaiveDate,
        detail: Detail,
        new: bool,
    ) -> Result<HistoryPlan, StoreError> {
        let plan = plan_with(&*w, library, entries, today, detail)?;
        if plan.problems.is_empty() {
            for child in &plan.children {
                self.apply_as(w, child, new)?;
            }
        }
        Ok(plan)
    }

    fn apply(&mut self, w: &mut Writer<'_>, child: &ChildHistory) -> Result<(), StoreError> {
        self.apply_as(w, child, false)
    }

    fn apply_as(&mut self, w: &mut Writer<'_>, child: &ChildHistory, new: bool) -> Result<(), StoreError> {
        let entries: Vec<HistoryEntry> = child.entries.iter().map(|p| p.entry.clone()).collect();
        let steps = if new {
            w.apply_new_history(child.child, &entries)?
        } else {
            w.apply_history(child.child, &entries)?
        };
        self.applied.count(&steps);
        self.children += 1;
        Ok(())
    }

    /// What was applied so far.
    pub fn applied(&self) -> Applied {
        self.applied
    }

    /// The one audit entry for the import as a whole; none when nothing
    /// changed, so that such an import leaves the trail as it was too.
    pub fn finish(self, w: &mut Writer<'_>) -> Result<Applied, StoreError> {
        let applied = self.applied;
        if !applied.changed() {
            return Ok(applied);
        }
        w.audit(Change {
            action: AuditAction::Import,
            entity: "history",
            reference: None,
            entity_id: None,
            before: None,
            after: Some(serde_json::json!({
                "children": self.children,
                "recorded": applied.recorded,
                "moved": applied.moved,
                "notes": applied.notes,
                "already": applied.already,
                "put_right_in_app": applied.put_right_in_app,
            })),
        })?;
        Ok(applied)
    }
}

#[cfg(test)]
mod tests;
