//! A tracker meeting as it is held: the chair steps through the tracker's
//! cohort child by child, recording the RAG rating, a short note of the
//! discussion, actions (each with an owner and a date, which go onto the
//! child's timeline) and when the child comes back to the meeting. The
//! minutes are written from this.

use crate::child::{ChildId, Rag};
use crate::cohort::{KINSHIP_DECISIONS, Tracker};
use chrono::NaiveDate;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeetingAction {
    pub what: String,
    pub owner: Option<String>,
    pub due: NaiveDate,
    /// Whether it went onto the child's timeline (a child with no plan
    /// keeps it in the minutes only).
    pub on_timeline: bool,
}

/// What the meeting said about one child.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Discussion {
    pub child: ChildId,
    pub reference: String,
    pub name: String,
    pub rag: Option<Rag>,
    pub note: Option<String>,
    pub next_review: Option<NaiveDate>,
    /// The tracker's own decision (see [`stages`]), if it has one.
    pub stage: Option<String>,
    /// Kinship only: the barriers the carers name.
    pub barriers: Vec<String>,
    pub actions: Vec<MeetingAction>,
}

impl Discussion {
    /// Whether anything was recorded: only these appear in the minutes as
    /// discussed.
    pub fn discussed(&self) -> bool {
        self.rag.is_some()
            || self.note.is_some()
            || self.next_review.is_some()
            || self.stage.is_some()
            || !self.barriers.is_empty()
            || !self.actions.is_empty()
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Meeting {
    pub id: i64,
    pub tracker: Tracker,
    pub held_on: NaiveDate,
    /// Who chaired (the user who ran it).
    pub chair: String,
    /// Who attended, by display name (the chair among them), in order.
    pub attendees: Vec<String>,
    /// How many children the tracker listed when the meeting started:
    /// the cohort stepped through.
    pub cohort: usize,
    /// What was said, in the cohort's order: only the children something
    /// was recorded for (since issue 19: a meeting of a national cohort
    /// stores its tens of thousands of children as one list, and a
    /// child's discussion when the chair first records something).
    /// Meetings started before then hold a discussion, perhaps empty, for
    /// every child.
    pub discussions: Vec<Discussion>,
}

impl Meeting {
    /// What was said about the child, if anything was stored.
    pub fn discussion_of(&self, child: ChildId) -> Option<&Discussion> {
        self.discussions.iter().find(|d| d.child == child)
    }
}

impl Meeting {
    pub fn actions(&self) -> impl Iterator<Item = (&Discussion, &MeetingAction)> {
        self.discussions
            .iter()
            .flat_map(|d| d.actions.iter().map(move |a| (d, a)))
    }
}

/// What a tracker's meeting decides about each child beyond the RAG, in
/// the seeds' words: where an SGO case is on its trajectory (Leicestershire's
/// SGO Review Group), whether a care order is still needed (Warrington's
/// Care Order tracker), or which of Stockton's categories a connected-care
/// arrangement falls in.
pub fn stages(tracker: Tracker) -> &'static [&'static str] {
    match tracker {
        Tracker::SgoReview => &[
            "Trajectory requested",
            "Allocated to a senior practitioner",
            "Initial meeting with carers",
            "Key Decision Discussion with legal oversight",
            "Ratified at the Review of Arrangements",
        ],
        Tracker::CareOrders => &[
            "Care order still needed",
            "SGO would fit better",
            "Child Arrangements Order would fit better",
            "Discharge would fit better",
        ],
        // Stockton's five categories, worded as the tracker shows them.
        Tracker::Kinship => &KINSHIP_DECISIONS,
        _ => &[],
    }
}

/// The barriers carers name to converting to an SGO (Stockton).
pub const KINSHIP_BARRIERS: [&str; 6] = [
    "Losing supervising social worker support",
    "Training and peer support",
    "Financial parity",
    "Clarity after 18",
    "Housing",
    "Contact management",
];

/// How many weeks a tracker usually leaves before a child comes back, as
/// its seed says it meets: Stockton's "Timetable for SGO conversions to be
/// reviewed fortnightly" (Implementation Plan); Warrington's
/// Pre-Proceedings Tracker "take[s] place every 4 weeks" (Appendix 2) and
/// its other trackers monthly (10.2-10.3, 11.3-11.5), held on the same
/// four-weekly cycle; Telford's group meets "on an almost monthly basis".
/// Leicestershire's SGO Review Group "identifies a date it can be
/// returned" case by case, so its four weeks is only the date offered
/// first, to be typed over.
pub fn review_weeks(tracker: Tracker) -> u64 {
    match tracker {
        Tracker::Kinship => 2,
        _ => 4,
    }
}

/// The next review date a tracker usually sets (see [`review_weeks`]).
pub fn default_next_review(tracker: Tracker, held_on: NaiveDate) -> NaiveDate {
    held_on + chrono::Days::new(7 * review_weeks(tracker))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stockton_reviews_fortnightly_and_the_others_every_four_weeks() {
        let held = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        assert_eq!(
            default_next_review(Tracker::Kinship, held),
            NaiveDate::from_ymd_opt(2026, 12, 7).unwrap()
        );
        for tracker in Tracker::ALL.into_iter().filter(|t| *t != Tracker::Kinship) {
            assert_eq!(
                default_next_review(tracker, held),
                NaiveDate::from_ymd_opt(2026, 12, 21).unwrap(),
                "{tracker:?}"
            );
        }
    }

    #[test]
    fn a_kinship_meeting_decides_among_stocktons_five_categories() {
        use crate::cohort::KinshipCategory;
        let decisions = stages(Tracker::Kinship);
        assert_eq!(decisions.len(), 5);
        for decision in decisions {
            assert!(KinshipCategory::parse(decision).is_some(), "{decision}");
        }
    }
}
