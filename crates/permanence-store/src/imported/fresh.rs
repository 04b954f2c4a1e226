//! A new child's imported history written at once: every event a row of
//! its own through one prepared statement, and the record's legal status
//! moved as the domain works out it would move were the events recorded
//! one by one (`legal_status::moves_in_turn`), each move written straight
//! after the event that makes it, as the careful path writes it. The
//! careful path reads the child's events back twice around every order
//! recorded; a national return's hundred thousand new children made that
//! most of its import (docs/performance.md, "A national return's first
//! import"). What is written, rows and audit entries alike, is the same.

use super::HistoryStep;
use crate::{StoreError, Writer};
use chrono::NaiveDate;
use permanence_domain::child::ChildId;
use permanence_domain::event::Event;
use permanence_domain::history::HistoryEntry;
use permanence_domain::legal_status::moves_in_turn;

impl Writer<'_> {
    /// Writes the steps of a child with no event on the record: each
    /// `Record` step's event, the legal status moves they make, and the
    /// one audit entry for the events. `false`, with nothing written,
    /// where the steps are not all new events or entries already
    /// recorded by another of them (never so for a child with no event),
    /// or the child is not on the record: the caller then takes the
    /// careful path.
    pub(super) fn record_fresh(
        &mut self,
        child: ChildId,
        entries: &[HistoryEntry],
        steps: &[HistoryStep],
    ) -> Result<bool, StoreError> {
        let fits = steps
            .iter()
            .all(|s| matches!(s, HistoryStep::Record | HistoryStep::AlreadyRecorded { .. }));
        if !fits {
            return Ok(false);
        }
        let Some((now, reference)) = self.legal_status_of(child)? else {
            return Ok(false);
        };
        let new: Vec<&HistoryEntry> = entries
            .iter()
            .zip(steps)
            .filter(|(_, step)| **step == HistoryStep::Record)
            .map(|(entry, _)| entry)
            .collect();
        let in_turn: Vec<(Event, NaiveDate)> = new.iter().map(|e| (e.event, e.on)).collect();
        let mut moves = moves_in_turn(now, &in_turn).into_iter().peekable();
        let mut recorded = Vec::with_capacity(new.len());
        for (index, entry) in new.iter().enumerate() {
            let (id, mut said) = self.insert_event_row(
                child,
                entry.event,
                entry.on,
                entry.note.as_deref(),
                Some(&entry.source),
            )?;
            if let Some(map) = said.as_object_mut() {
                map.insert("id".into(), id.into());
            }
            recorded.push(said);
            while let Some(m) = moves.next_if(|m| m.after == index) {
                self.move_legal_status(child, &reference, m.from, m.own, m.to, Some((m.to, m.since)))?;
            }
        }
        self.audit_recorded(&reference, recorded)?;
        Ok(true)
    }
}
