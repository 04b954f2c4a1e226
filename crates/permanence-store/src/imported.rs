//! A child's history brought in from another system (`import events`,
//! `import ssda903`), recorded on the same terms as an event recorded in
//! the app: each event through the same insert, with its audit entry and
//! the legal status kept in step, in the caller's one transaction.
//!
//! An imported event carries its source, which is how importing the same
//! source again finds it: unchanged, it is left; with another date it is
//! corrected (the old entry kept, marked corrected, with the import's
//! reason), with another note the note is updated. An event recorded in
//! the app is never changed: an entry that matches one (same event, same
//! day) is reported as already recorded, and an imported event someone
//! has since corrected or withdrawn in the app is the app's from then on.
//! What each entry would do is decided once, in [`decide`], for the dry
//! run's reading and the write alike.

use crate::audit::Change;
use crate::{AuditAction, RecordRule, Store, StoreError, Writer};
use chrono::NaiveDate;
use permanence_domain::child::ChildId;
use permanence_domain::date::iso;
use permanence_domain::event::Event;
use permanence_domain::history::HistoryEntry;
use rusqlite::{Connection, params};
use std::collections::{HashMap, HashSet};

/// How the reason of a correction or withdrawal an import made begins:
/// kept on the trail as a person's reason is, and how an import tells its
/// own corrections from one made in the app (which it leaves alone).
pub const IMPORT_REASON: &str = "imported again: ";

/// What one history entry does to the child's record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HistoryStep {
    /// A new event, recorded with its source.
    Record,
    /// The source's event, now on another day: corrected to the entry's
    /// day (the old entry kept, marked corrected). The note follows the
    /// entry's.
    Move { from: NaiveDate },
    /// The source's event on the same day, with another note.
    Note { was: Option<String> },
    /// The source now names another event: the old one (on `on`)
    /// withdrawn, kept and marked so, and this one recorded.
    Replace { event: Event, on: NaiveDate },
    /// Imported before, and the same.
    Unchanged,
    /// The same event on the same day is recorded already, in the app
    /// (`source` `None`) or by another source: left alone.
    AlreadyRecorded { source: Option<String> },
    /// Imported before, then corrected (to `on`) or withdrawn in the app:
    /// the app's record now, left alone.
    PutRightInApp { on: NaiveDate, withdrawn: bool },
    /// Would put the source's event (now on `from`) on a day that holds
    /// the same event already: refused, nothing written.
    Clash { from: NaiveDate, source: Option<String> },
}

impl HistoryStep {
    /// Whether the step writes anything.
    pub fn changes(&self) -> bool {
        matches!(
            self,
            HistoryStep::Record
                | HistoryStep::Move { .. }
                | HistoryStep::Note { .. }
                | HistoryStep::Replace { .. }
        )
    }
}

/// What a source stands for among the child's events now.
#[derive(Debug, Clone)]
enum Sourced {
    Current {
        event: Event,
        on: NaiveDate,
        note: Option<String>,
        /// Corrected in the app since it was imported.
        in_app: bool,
    },
    /// Withdrawn, with no current event of the source since.
    Withdrawn { on: NaiveDate },
}

/// The child's events as far as an import needs them, kept up to date as
/// each entry is decided, so that entries later in one import see what
/// earlier ones did.
#[derive(Debug, Default)]
struct Standing {
    /// Whether the child has any event at all, current or not.
    any: bool,
    /// Every current event by day, with its source (`None`: the app's).
    current: HashMap<(Event, NaiveDate), Option<String>>,
    by_source: HashMap<String, Sourced>,
}

/// Every event of a child (`?1`), current or not, in the order recorded:
/// each half through its own partial index (`events_one_current`,
/// `events_not_current`; see [`crate::events::child_events_sql`]).
pub(crate) const IMPORTED_EVENTS: &str = "SELECT id, event, on_date, note, status, reason, replaces, source
     FROM events WHERE child_id = ?1 AND status = 'current'
     UNION ALL SELECT id, event, on_date, note, status, reason, replaces, source
     FROM events WHERE child_id = ?1 AND status <> 'current'
     ORDER BY id";

fn load(conn: &Connection, child: ChildId) -> Result<Standing, StoreError> {
    struct Row {
        id: i64,
        event: Event,
        on: NaiveDate,
        note: Option<String>,
        status: String,
        reason: Option<String>,
        replaces: Option<i64>,
        source: Option<String>,
    }
    let mut rows = Vec::new();
    let mut statement = conn.prepare_cached(IMPORTED_EVENTS)?;
    let read = statement.query_map([child.0], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, Option<String>>(3)?,
            r.get::<_, String>(4)?,
            r.get::<_, Option<String>>(5)?,
            r.get::<_, Option<i64>>(6)?,
            r.get::<_, Option<String>>(7)?,
        ))
    })?;
    for row in read {
        let (id, event, on, note, status, reason, replaces, source) = row?;
        let event =
            Event::parse(&event).ok_or_else(|| StoreError::Corrupt(format!("events.event {event:?}")))?;
        let on = crate::day::day(&on, "events.on_date")?;
        rows.push(Row {
            id,
            event,
            on,
            note,
            status,
            reason,
            replaces,
            source,
        });
    }
    let reasons: HashMap<i64, Option<&str>> = rows.iter().map(|r| (r.id, r.reason.as_deref())).collect();
    let mut standing = Standing {
        any: !rows.is_empty(),
        ..Standing::default()
    };
    // Withdrawn first, the latest winning; a current one wins over them.
    for row in rows.iter().filter(|r| r.status == "withdrawn") {
        if let Some(source) = &row.source {
            standing
                .by_source
                .insert(source.clone(), Sourced::Withdrawn { on: row.on });
        }
    }
    for row in rows.iter().filter(|r| r.status == "current") {
        standing.current.insert((row.event, row.on), row.source.clone());
        if let Some(source) = &row.source {
            let in_app = row
                .replaces
                .and_then(|p| reasons.get(&p).copied().flatten())
                .is_some_and(|reason| !reason.starts_with(IMPORT_REASON));
            standing.by_source.insert(
                source.clone(),
                Sourced::Current {
                    event: row.event,
                    on: row.on,
                    note: row.note.clone(),
                    in_app,
                },
            );
        }
    }
    Ok(standing)
}

/// What the entry does, given the child's events as they stand; the
/// standing is moved on as if it were done.
fn decide(standing: &mut Standing, entry: &HistoryEntry) -> HistoryStep {
    let here = (entry.event, entry.on);
    let sourced = standing.by_source.get(&entry.source).cloned();
    let step = match sourced {
        Some(Sourced::Withdrawn { on }) => return HistoryStep::PutRightInApp { on, withdrawn: true },
        Some(Sourced::Current { on, in_app: true, .. }) => {
            return HistoryStep::PutRightInApp { on, withdrawn: false };
        }
        Some(Sourced::Current { event, on, note, .. }) if (event, on) == here => {
            return if note == entry.note {
                HistoryStep::Unchanged
            } else {
                standing.by_source.insert(
                    entry.source.clone(),
                    Sourced::Current {
                        event,
                        on,
                        note: entry.note.clone(),
                        in_app: false,
                    },
                );
                HistoryStep::Note { was: note }
            };
        }
        Some(Sourced::Current { event, on, .. }) => {
            if let Some(owner) = standing.current.get(&here) {
                return HistoryStep::Clash {
                    from: on,
                    source: owner.clone(),
                };
            }
            standing.current.remove(&(event, on));
            if event == entry.event {
                HistoryStep::Move { from: on }
            } else {
                HistoryStep::Replace { event, on }
            }
        }
        None => {
            if let Some(owner) = standing.current.get(&here) {
                return HistoryStep::AlreadyRecorded {
                    source: owner.clone(),
                };
            }
            HistoryStep::Record
        }
    };
    standing.current.insert(here, Some(entry.source.clone()));
    standing.by_source.insert(
        entry.source.clone(),
        Sourced::Current {
            event: entry.event,
            on: entry.on,
            note: entry.note.clone(),
            in_app: false,
        },
    );
    step
}

/// Refuses two entries with one source: which event it stands for could
/// not be told, and the second would quietly move the first.
fn sources_once(entries: &[HistoryEntry]) -> Result<(), StoreError> {
    let mut seen = HashSet::new();
    for entry in entries {
        if !seen.insert(entry.source.as_str()) {
            return Err(RecordRule::SourceTwice {
                name: entry.source.clone(),
            }
            .into());
        }
    }
    Ok(())
}

fn steps_on(
    conn: &Connection,
    child: ChildId,
    entries: &[HistoryEntry],
) -> Result<Vec<HistoryStep>, StoreError> {
    Ok(steps_and_any(conn, child, entries)?.0)
}

/// The steps, and whether the child had any event before them.
fn steps_and_any(
    conn: &Connection,
    child: ChildId,
    entries: &[HistoryEntry],
) -> Result<(Vec<HistoryStep>, bool), StoreError> {
    sources_once(entries)?;
    let mut standing = load(conn, child)?;
    let steps = entries.iter().map(|e| decide(&mut standing, e)).collect();
    Ok((steps, standing.any))
}

impl Store {
    /// What applying the child's history entries, in this order, would
    /// do, entry by entry: nothing is written. (The entries' references
    /// are the caller's to match to `child`.)
    pub fn history_steps(
        &self,
        child: ChildId,
        entries: &[HistoryEntry],
    ) -> Result<Vec<HistoryStep>, StoreError> {
        steps_on(&self.conn, child, entries)
    }
}

impl Writer<'_> {
    /// As [`Store::history_steps`], inside a write: for an import that
    /// works out what its history would do after writing the children it
    /// names, in the same transaction.
    pub fn history_steps(
        &self,
        child: ChildId,
        entries: &[HistoryEntry],
    ) -> Result<Vec<HistoryStep>, StoreError> {
        steps_on(self.tx, child, entries)
    }

    /// Applies the child's history entries, in this order, in this write:
    /// each step as [`Store::history_steps`] says it, every event written
    /// with its audit entry. A clash (an event moved onto a day it is
    /// already recorded on) or one source given twice refuses the whole
    /// write.
    pub fn apply_history(
        &mut self,
        child: ChildId,
        entries: &[HistoryEntry],
    ) -> Result<Vec<HistoryStep>, StoreError> {
        let steps = steps_on(self.tx, child, entries)?;
        self.apply_steps(child, entries, &steps)?;
        Ok(steps)
    }

    /// As [`Writer::apply_history`], for a child new to the record (just
    /// written by this import): where they have no event at all yet,
    /// their events are written one statement each and the legal status
    /// worked out once from them in order (`legal_status::moves_in_turn`)
    /// rather than read back around every order, with what the event by
    /// event path would write, entry for entry. A child with any event
    /// goes the careful way.
    pub fn apply_new_history(
        &mut self,
        child: ChildId,
        entries: &[HistoryEntry],
    ) -> Result<Vec<HistoryStep>, StoreError> {
        let (steps, any) = steps_and_any(self.tx, child, entries)?;
        if any || !self.record_fresh(child, entries, &steps)? {
            self.apply_steps(child, entries, &steps)?;
        }
        Ok(steps)
    }

    /// Each step written, event by event, with the one audit entry for
    /// the events recorded.
    fn apply_steps(
        &mut self,
        child: ChildId,
        entries: &[HistoryEntry],
        steps: &[HistoryStep],
    ) -> Result<(), StoreError> {
        // The events recorded, under one audit entry for the child.
        let mut recorded = Vec::new();
        for (entry, step) in entries.iter().zip(steps) {
            let note = entry.note.as_deref();
            let reason = || format!("{IMPORT_REASON}{} now says {}", entry.source, iso(entry.on));
            match step {
                HistoryStep::Record => {
                    let (id, mut said) =
                        self.insert_event_unaudited(child, entry.event, entry.on, note, Some(&entry.source))?;
                    if let Some(map) = said.as_object_mut() {
                        map.insert("id".into(), id.into());
                    }
                    recorded.push(said);
                }
                HistoryStep::Move { from } => {
                    self.correct_event(child, entry.event, *from, entry.on, &reason())?;
                    self.imported_note(child, entry)?;
                }
                HistoryStep::Note { .. } => self.imported_note(child, entry)?,
                HistoryStep::Replace { event, on } => {
                    self.withdraw_event(child, *event, *on, &reason())?;
                    self.insert_event(child, entry.event, entry.on, note, Some(&entry.source))?;
                }
                HistoryStep::Clash { from, .. } => {
                    return Err(RecordRule::EventOnBoth {
                        event: entry.event,
                        from: *from,
                        to: entry.on,
                    }
                    .into());
                }
                HistoryStep::Unchanged
                | HistoryStep::AlreadyRecorded { .. }
                | HistoryStep::PutRightInApp { .. } => {}
            }
        }
        if recorded.is_empty() {
            return Ok(());
        }
        let reference = self.reference_of(child)?;
        self.audit_recorded(&reference, recorded)
    }

    /// The one audit entry for a child's events recorded by an import,
    /// each as its insert said it; none where none was.
    fn audit_recorded(
        &mut self,
        reference: &str,
        recorded: Vec<serde_json::Value>,
    ) -> Result<(), StoreError> {
        if recorded.is_empty() {
            return Ok(());
        }
        self.audit(Change {
            action: AuditAction::RecordEvent,
            entity: "events",
            reference: Some(reference),
            entity_id: None,
            before: None,
            after: Some(serde_json::json!({ "events": recorded })),
        })
    }

    /// The note of the source's current event brought into line with the
    /// entry's, audited with the note before.
    fn imported_note(&mut self, child: ChildId, entry: &HistoryEntry) -> Result<(), StoreError> {
        let Some(current) = self.current_event(child, entry.event, entry.on)? else {
            return Ok(());
        };
        if current.note == entry.note {
            return Ok(());
        }
        self.tx
            .prepare_cached("UPDATE events SET note = ?2 WHERE id = ?1")?
            .execute(params![current.id, entry.note])?;
        let reference = self.reference_of(child)?;
        self.audit(Change {
            action: AuditAction::Update,
            entity: "event",
            reference: Some(&reference),
            entity_id: Some(current.id.to_string()),
            before: Some(serde_json::json!({"note": current.note})),
            after: Some(serde_json::json!({"note": entry.note, "source": entry.source})),
        })
    }
}

mod fresh;
#[cfg(test)]
mod tests;

/// An imported event withdrawn because the files it came from no longer
/// hold its source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Vanished {
    pub event: Event,
    pub on: NaiveDate,
    pub source: String,
}

impl Writer<'_> {
    /// Withdraws the child's current events imported from a source that
    /// starts with `prefix`, dated on or after `since`, that `entries` no
    /// longer hold: a return is the authority's whole account of the
    /// child, so an episode's day put right there moves its event rather
    /// than leaving the old day beside the new. An event put right in the
    /// app since it was imported, and anything before `since` (a year's
    /// files alone do not speak for the years before), are left alone.
    pub fn withdraw_vanished(
        &mut self,
        child: ChildId,
        prefix: &str,
        entries: &[HistoryEntry],
        since: NaiveDate,
    ) -> Result<Vec<Vanished>, StoreError> {
        self.withdraw_vanished_between(child, prefix, entries, (since, NaiveDate::MAX))
    }

    /// As [`Writer::withdraw_vanished`], for the events dated within
    /// `span` only (first and last day): a year's files speak neither for
    /// the years before nor for those after.
    pub fn withdraw_vanished_between(
        &mut self,
        child: ChildId,
        prefix: &str,
        entries: &[HistoryEntry],
        span: (NaiveDate, NaiveDate),
    ) -> Result<Vec<Vanished>, StoreError> {
        let (since, until) = span;
        let kept: HashSet<&str> = entries.iter().map(|e| e.source.as_str()).collect();
        let standing = load(self.tx, child)?;
        let mut gone: Vec<Vanished> = standing
            .by_source
            .iter()
            .filter(|(source, _)| source.starts_with(prefix) && !kept.contains(source.as_str()))
            .filter_map(|(source, sourced)| match sourced {
                Sourced::Current {
                    event,
                    on,
                    in_app: false,
                    ..
                } if *on >= since && *on <= until => Some(Vanished {
                    event: *event,
                    on: *on,
                    source: source.clone(),
                }),
                _ => None,
            })
            .collect();
        gone.sort_by(|a, b| (a.on, &a.source).cmp(&(b.on, &b.source)));
        for v in &gone {
            let reason = format!("{IMPORT_REASON}the files no longer hold {}", v.source);
            self.withdraw_event(child, v.event, v.on, &reason)?;
        }
        Ok(gone)
    }
}
