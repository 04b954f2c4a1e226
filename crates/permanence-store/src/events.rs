//! Recorded events as the record keeps them: who recorded each and when,
//! its note, and whether it still stands, was corrected to another date
//! or was withdrawn as recorded in error. Nothing is deleted: a mistake
//! is put right by a new entry, with a reason, so the record shows what
//! was believed and when. Only current events feed the timeline.

use crate::AuditAction;
use crate::audit::Change;
use crate::{Outcome, RecordRule, Store, StoreError, Writer};
use chrono::NaiveDate;
use permanence_domain::child::ChildId;
use permanence_domain::date::iso;
use permanence_domain::event::Event;
use rusqlite::{OptionalExtension, params};

/// Whether a recorded event still stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventStatus {
    Current,
    /// Put right: the event happened on another day (`corrected_to`).
    Corrected,
    /// Recorded in error: it did not happen.
    Withdrawn,
}

impl EventStatus {
    pub fn code(self) -> &'static str {
        match self {
            EventStatus::Current => "current",
            EventStatus::Corrected => "corrected",
            EventStatus::Withdrawn => "withdrawn",
        }
    }

    fn parse(text: &str) -> Option<EventStatus> {
        [
            EventStatus::Current,
            EventStatus::Corrected,
            EventStatus::Withdrawn,
        ]
        .into_iter()
        .find(|s| s.code() == text)
    }
}

/// One recorded event, with its history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventEntry {
    pub id: i64,
    pub event: Event,
    pub on: NaiveDate,
    pub note: Option<String>,
    /// The acting user as the audit trail names them; `None` for an event
    /// recorded before this was kept, with no audit entry to say.
    pub recorded_by: Option<String>,
    /// UTC, ISO 8601, as the audit trail writes it.
    pub recorded_at: Option<String>,
    pub status: EventStatus,
    pub corrected_to: Option<NaiveDate>,
    pub reason: Option<String>,
    pub changed_by: Option<String>,
    pub changed_at: Option<String>,
    /// Where an imported event came from (see `HistoryEntry::source`);
    /// `None` for one recorded in the app.
    pub source: Option<String>,
}

fn day(text: &str) -> rusqlite::Result<NaiveDate> {
    super::day::day(text, "events.on_date")
}

fn unreadable(text: &str) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(
        0,
        rusqlite::types::Type::Text,
        format!("events: cannot read {text:?}").into(),
    )
}

fn entry(row: &rusqlite::Row<'_>) -> rusqlite::Result<EventEntry> {
    let event: String = row.get(1)?;
    let status: String = row.get(7)?;
    let corrected_to: Option<String> = row.get(8)?;
    Ok(EventEntry {
        id: row.get(0)?,
        event: Event::parse(&event).ok_or_else(|| unreadable(&event))?,
        on: day(&row.get::<_, String>(2)?)?,
        note: row.get(3)?,
        recorded_by: row.get(4)?,
        recorded_at: row.get(5)?,
        status: EventStatus::parse(&status).ok_or_else(|| unreadable(&status))?,
        corrected_to: corrected_to.as_deref().map(day).transpose()?,
        reason: row.get(9)?,
        changed_by: row.get(10)?,
        changed_at: row.get(11)?,
        source: row.get(12)?,
        // Column 6 (`replaces`) links a correction's new entry to the
        // one it put right; the list shows both, so it is not needed here.
    })
}

const SELECT: &str = "SELECT id, event, on_date, note, recorded_by, recorded_at, replaces, status,
        corrected_to, reason, changed_by, changed_at, source FROM events";

/// Every event of a child (`?1`), current or not, by date: the current
/// ones through `events_one_current`, the rest through
/// `events_not_current`, as no one index holds both (migration 26). A
/// plain `WHERE child_id = ?1` could use neither partial index and would
/// scan every event.
pub(crate) fn child_events_sql() -> String {
    format!(
        "{SELECT} WHERE child_id = ?1 AND status = 'current'
         UNION ALL {SELECT} WHERE child_id = ?1 AND status <> 'current' ORDER BY on_date, id"
    )
}

impl Store {
    /// Every event recorded for the child, current or not, by date.
    pub fn recorded_events(&self, child: ChildId) -> Result<Vec<EventEntry>, StoreError> {
        let sql = child_events_sql();
        let entries = self
            .conn
            .prepare_cached(&sql)?
            .query_map([child.0], entry)?
            .collect::<Result<_, _>>()?;
        Ok(entries)
    }
}

impl Writer<'_> {
    pub(crate) fn current_event(
        &self,
        child: ChildId,
        event: Event,
        on: NaiveDate,
    ) -> Result<Option<EventEntry>, StoreError> {
        let sql =
            format!("{SELECT} WHERE child_id = ?1 AND event = ?2 AND on_date = ?3 AND status = 'current'");
        Ok(self
            .tx
            .prepare_cached(&sql)?
            .query_row(params![child.0, event.code(), iso(on)], entry)
            .optional()?)
    }

    /// Records that an event happened. Recording the same event on the
    /// same day twice changes nothing.
    pub fn record_event(
        &mut self,
        child: ChildId,
        event: Event,
        on: NaiveDate,
    ) -> Result<Outcome, StoreError> {
        self.record_event_noted(child, event, on, None)
    }

    /// As [`Writer::record_event`], with a note kept with the event.
    pub fn record_event_noted(
        &mut self,
        child: ChildId,
        event: Event,
        on: NaiveDate,
        note: Option<&str>,
    ) -> Result<Outcome, StoreError> {
        if self.current_event(child, event, on)?.is_some() {
            return Ok(Outcome::Unchanged);
        }
        self.insert_event(child, event, on, note, None)?;
        Ok(Outcome::Created)
    }

    /// Writes a new current event with its audit entry, and keeps the
    /// legal status in step: the one way an event is added, whether
    /// recorded in the app (no source) or imported (its source).
    pub(crate) fn insert_event(
        &mut self,
        child: ChildId,
        event: Event,
        on: NaiveDate,
        note: Option<&str>,
        source: Option<&str>,
    ) -> Result<i64, StoreError> {
        let (id, after) = self.insert_event_unaudited(child, event, on, note, source)?;
        let reference = self.reference_of(child)?;
        self.audit(Change {
            action: AuditAction::RecordEvent,
            entity: "event",
            reference: Some(&reference),
            entity_id: Some(id.to_string()),
            before: None,
            after: Some(after),
        })
        .map(|()| id)
    }

    /// As [`Writer::insert_event`], leaving the audit entry to the caller,
    /// with what it says of the event (its id, code, day, note and
    /// source): an import records a child's events under one entry
    /// (`apply_history`) rather than one each, a national return's million
    /// of them otherwise being most of its write.
    pub(crate) fn insert_event_unaudited(
        &mut self,
        child: ChildId,
        event: Event,
        on: NaiveDate,
        note: Option<&str>,
        source: Option<&str>,
    ) -> Result<(i64, serde_json::Value), StoreError> {
        let followed = self.legal_status_followed(child, event)?;
        let written = self.insert_event_row(child, event, on, note, source)?;
        self.follow_legal_status(child, followed)?;
        Ok(written)
    }

    /// The event's row alone, with what its audit entry says of it: the
    /// legal status is the caller's to keep in step ([`Writer::insert_event_unaudited`]
    /// reads it around the write; a new child's import works it out once
    /// for all their events, `imported::fresh`).
    pub(crate) fn insert_event_row(
        &mut self,
        child: ChildId,
        event: Event,
        on: NaiveDate,
        note: Option<&str>,
        source: Option<&str>,
    ) -> Result<(i64, serde_json::Value), StoreError> {
        self.tx
            .prepare_cached(
                "INSERT INTO events (child_id, event, on_date, note, recorded_by, recorded_at, source)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?
            .execute(params![
                child.0,
                event.code(),
                iso(on),
                note,
                self.actor.user,
                self.now,
                source
            ])?;
        let id = self.tx.last_insert_rowid();
        let mut after = serde_json::json!({"event": event.code(), "on": iso(on), "note": note});
        // An event recorded in the app keeps the entry it always had.
        if let (Some(source), Some(map)) = (source, after.as_object_mut()) {
            map.insert("source".into(), source.into());
        }
        Ok((id, after))
    }

    /// Puts a recorded event's date right: the entry is kept, marked
    /// corrected, and a current one on the right date takes its place.
    pub fn correct_event(
        &mut self,
        child: ChildId,
        event: Event,
        from: NaiveDate,
        to: NaiveDate,
        reason: &str,
    ) -> Result<(), StoreError> {
        let Some(old) = self.current_event(child, event, from)? else {
            return Err(not_recorded(event, from));
        };
        if from == to {
            return Err(RecordRule::EventAlreadyOn { event, on: from }.into());
        }
        if self.current_event(child, event, to)?.is_some() {
            return Err(RecordRule::EventOnBoth { event, from, to }.into());
        }
        let followed = self.legal_status_followed(child, event)?;
        self.tx
            .prepare_cached(
                "UPDATE events SET status = 'corrected', corrected_to = ?2, reason = ?3,
                 changed_by = ?4, changed_at = ?5 WHERE id = ?1",
            )?
            .execute(params![old.id, iso(to), reason, self.actor.user, self.now])?;
        self.tx
            .prepare_cached(
                "INSERT INTO events (child_id, event, on_date, note, recorded_by, recorded_at, replaces, source)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?
            .execute(params![
                child.0,
                event.code(),
                iso(to),
                old.note,
                self.actor.user,
                self.now,
                old.id,
                // An imported event put right stays that import's event,
                // so importing it again finds it rather than adding it.
                old.source
            ])?;
        let new_id = self.tx.last_insert_rowid();
        let reference = self.reference_of(child)?;
        self.audit(Change {
            action: AuditAction::CorrectEvent,
            entity: "event",
            reference: Some(&reference),
            entity_id: Some(old.id.to_string()),
            before: Some(serde_json::json!({"event": event.code(), "on": iso(from), "status": "current"})),
            after: Some(serde_json::json!({
                "event": event.code(),
                "on": iso(to),
                "status": "corrected",
                "reason": reason,
                "new_entry": new_id,
            })),
        })?;
        self.follow_legal_status(child, followed)
    }

    /// Withdraws a recorded event as recorded in error: it stays in the
    /// record, marked withdrawn with the reason, and no longer counts.
    pub fn withdraw_event(
        &mut self,
        child: ChildId,
        event: Event,
        on: NaiveDate,
        reason: &str,
    ) -> Result<(), StoreError> {
        let Some(old) = self.current_event(child, event, on)? else {
            return Err(not_recorded(event, on));
        };
        let followed = self.legal_status_followed(child, event)?;
        self.tx
            .prepare_cached(
                "UPDATE events SET status = 'withdrawn', reason = ?2, changed_by = ?3, changed_at = ?4
                 WHERE id = ?1",
            )?
            .execute(params![old.id, reason, self.actor.user, self.now])?;
        let reference = self.reference_of(child)?;
        self.audit(Change {
            action: AuditAction::WithdrawEvent,
            entity: "event",
            reference: Some(&reference),
            entity_id: Some(old.id.to_string()),
            before: Some(serde_json::json!({"event": event.code(), "on": iso(on), "status": "current"})),
            after: Some(serde_json::json!({"status": "withdrawn", "reason": reason})),
        })?;
        self.follow_legal_status(child, followed)
    }

    pub(crate) fn reference_of(&self, child: ChildId) -> Result<String, StoreError> {
        if self.quiet {
            return Ok(String::new());
        }
        Ok(self
            .tx
            .prepare_cached("SELECT ref FROM children WHERE id = ?1")?
            .query_row([child.0], |r| r.get(0))?)
    }
}

fn not_recorded(event: Event, on: NaiveDate) -> StoreError {
    RecordRule::EventNotRecorded { event, on }.into()
}

#[cfg(test)]
mod tests;
