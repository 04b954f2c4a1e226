//! A tracker meeting on screen: the cohort in order, the child being
//! discussed, and what has been recorded for them so far. The meeting
//! itself (as stored) is reloaded after every change, so the screen always
//! shows what the minutes will say.

use crate::domain::child::ChildId;
use crate::domain::cohort::Tracker;
use crate::domain::meeting::Meeting;
use chrono::NaiveDate;

/// One child of the cohort, with the tracker's columns about them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeetingRow {
    pub child: ChildId,
    pub reference: String,
    pub name: String,
    /// (heading, value) from the tracker's report.
    pub facts: Vec<(String, String)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeetingView {
    pub tracker: Tracker,
    pub held_on: NaiveDate,
    pub rows: Vec<MeetingRow>,
    pub position: usize,
    /// As stored; its discussions are in the same order as `rows`.
    pub meeting: Meeting,
}

impl MeetingView {
    pub fn current(&self) -> Option<&MeetingRow> {
        self.rows.get(self.position)
    }

    pub fn move_by(&mut self, delta: isize) -> bool {
        let last = self.rows.len().saturating_sub(1) as isize;
        let next = (self.position as isize + delta).clamp(0, last) as usize;
        let moved = next != self.position;
        self.position = next;
        moved
    }

    /// How many children have something recorded.
    pub fn discussed(&self) -> usize {
        self.meeting.discussions.iter().filter(|d| d.discussed()).count()
    }
}
