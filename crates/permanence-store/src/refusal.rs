//! The rules of the record that can refuse a change, one variant each,
//! so that code (a screen reloading the child, an import naming the line)
//! matches on which rule said no rather than on its words, and the words
//! live once, here. Each carries what its message needs; the messages
//! name no one beyond what the caller gave, and a refused change has
//! written nothing.

use chrono::NaiveDate;
use permanence_domain::date::uk;
use permanence_domain::event::Event;
use permanence_domain::sanitise::TooLong;

/// The rule of the record that refused a change; nothing was changed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RecordRule {
    // --- The family network -------------------------------------------
    #[error("a person in the family network needs a name")]
    PersonUnnamed,
    #[error("there is no such child on the caseload")]
    ChildNotOnCaseload,
    #[error("there is no such person in the family network")]
    NoSuchPerson,
    #[error("there is no such family network")]
    NoSuchNetwork,
    /// Two people linked (as parent and child, a couple, or a connection)
    /// must be in one network.
    #[error("{0} must be in the same family network")]
    DifferentNetworks(Pair),
    #[error("that child already has a person in a family network")]
    ChildAlreadyInNetwork,
    #[error("that child's sibling group is in another family network")]
    SiblingsInAnotherNetwork,
    #[error("this person is a child on the caseload and stays in the network; change their record instead")]
    CaseloadChildStays,
    #[error("a person cannot be their own parent")]
    OwnParent,
    #[error("that parent is already recorded for this person")]
    ParentAlreadyRecorded,
    /// The link would close a cycle in the family tree.
    #[error("that would make a person their own ancestor; nothing was changed")]
    OwnAncestor,
    #[error("a person cannot be a couple with themselves")]
    CoupleWithSelf,
    #[error("those two are already recorded as a couple; change how they are joined instead")]
    AlreadyACouple,
    #[error("those two are not recorded as a couple")]
    NotACouple,
    #[error("a person cannot be connected to themselves")]
    ConnectedToSelf,
    #[error("say what the person is to the child")]
    ConnectionUnsaid,

    // --- Family meetings and their outcomes ---------------------------
    #[error("there is no such family meeting")]
    NoSuchMeeting,
    #[error("an outcome needs to say what was agreed")]
    OutcomeUnsaid,
    #[error("that child is not in this meeting's family network")]
    ChildNotInMeetingNetwork,
    #[error("there is no such family meeting outcome")]
    NoSuchOutcome,
    #[error("this outcome is already on a timeline")]
    OutcomeOnTimeline,
    #[error("there is no such plan")]
    NoSuchPlan,
    #[error("that plan is closed; put the outcome on an open plan")]
    PlanClosed,
    #[error("the outcome is about another child; put it on their plan")]
    OutcomeAboutAnotherChild,
    #[error("that plan's child is not in this meeting's family network")]
    PlanChildNotInMeetingNetwork,

    // --- Chronology entries and the Legal Gateway ---------------------
    #[error("What happened: write what happened")]
    EntryUnsaid,
    #[error("Kind: say what kind of entry this is")]
    EntryKindUnsaid,
    #[error("there is no such chronology entry")]
    NoSuchEntry,
    #[error("a chronology mark needs the entry's key")]
    MarkWithoutKey,
    #[error("a gateway paper's code is lower-case words joined by hyphens")]
    BadPaperCode,

    // --- Events and done marks ----------------------------------------
    #[error("no {} is recorded on {} for this child; `permanence events REF` lists what is", .event.code(), uk(*.on))]
    EventNotRecorded { event: Event, on: NaiveDate },
    #[error("{} is already recorded on {}; nothing to correct", .event.code(), uk(*.on))]
    EventAlreadyOn { event: Event, on: NaiveDate },
    /// A correction onto a day that already holds the same event.
    #[error("{} is already recorded on {} as well; withdraw the one on {} instead", .event.code(), uk(*.to), uk(*.from))]
    EventOnBoth {
        event: Event,
        from: NaiveDate,
        to: NaiveDate,
    },
    /// One import named two events by one source: which of them the
    /// source stands for cannot be told.
    #[error("{name} is given to two events of one child; each imported event needs a source of its own")]
    SourceTwice { name: String },
    #[error("{key} is not marked done")]
    NotMarkedDone { key: String },
    #[error("a reason is needed: say why, for the audit trail")]
    ReasonNeeded,
    /// Typed text (a note, a reason) longer than its field holds.
    #[error("{field}: {problem}")]
    TextTooLong { field: &'static str, problem: TooLong },

    // --- Workers --------------------------------------------------------
    #[error(
        "{0} is the only administrator, so they cannot be removed: with no administrator nobody could add users or change the rules. Nothing was changed; make someone else an administrator first (`permanence users set-role USERNAME admin`)"
    )]
    LastAdministrator(String),
    /// A worker still the social worker or IRO of `allocated` and
    /// `reviewed` children, so that no child silently becomes unallocated.
    #[error(
        "{username} still has children allocated ({}), so they were not removed; nothing was changed. Reallocate them first: `permanence export caseload` lists them, and an import of their `ref` with a new `worker` (or `iro`) moves them",
        held(*.allocated, *.reviewed)
    )]
    StillAllocated {
        username: String,
        allocated: i64,
        reviewed: i64,
    },
    /// An import naming someone not a user, by someone who may not add
    /// users; `name` is as the file gave it, cleaned to one line.
    #[error(
        "line {line}: {name:?} is not a user of this database, and only those who may add users can add workers; nothing was imported"
    )]
    MayNotAddWorkers { line: usize, name: String },

    // --- Backups ----------------------------------------------------------
    /// The audit key file cannot go into a backup: why.
    #[error("{0}; no backup was made")]
    NoBackupMade(String),
    /// The caller's own check of a restored database said no: why.
    #[error("{0}; nothing was restored")]
    NothingRestored(String),
}

/// The two people a link joins, as a refusal names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pair {
    ParentAndChild,
    Couple,
    ChildAndConnection,
}

impl std::fmt::Display for Pair {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Pair::ParentAndChild => "a parent and their child",
            Pair::Couple => "the two people in a couple",
            Pair::ChildAndConnection => "a child and a person connected to them",
        })
    }
}

/// How a worker holds their children: "1 as their social worker, 2 as
/// their IRO".
fn held(allocated: i64, reviewed: i64) -> String {
    let mut held = Vec::new();
    if allocated > 0 {
        held.push(format!("{allocated} as their social worker"));
    }
    if reviewed > 0 {
        held.push(format!("{reviewed} as their IRO"));
    }
    held.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_words_are_those_the_users_and_tests_have_always_seen() {
        let on = NaiveDate::from_ymd_opt(2026, 3, 4).unwrap();
        let to = NaiveDate::from_ymd_opt(2026, 3, 5).unwrap();
        assert_eq!(
            RecordRule::DifferentNetworks(Pair::Couple).to_string(),
            "the two people in a couple must be in the same family network"
        );
        assert_eq!(
            RecordRule::EventOnBoth {
                event: Event::CaseReview,
                from: on,
                to
            }
            .to_string(),
            "case-review is already recorded on 05/03/2026 as well; withdraw the one on 04/03/2026 instead"
        );
        assert_eq!(
            RecordRule::StillAllocated {
                username: "sam".into(),
                allocated: 2,
                reviewed: 1
            }
            .to_string(),
            "sam still has children allocated (2 as their social worker, 1 as their IRO), so they were not removed; nothing was changed. Reallocate them first: `permanence export caseload` lists them, and an import of their `ref` with a new `worker` (or `iro`) moves them"
        );
        assert_eq!(
            RecordRule::MayNotAddWorkers {
                line: 3,
                name: "Jo Bloggs".into()
            }
            .to_string(),
            "line 3: \"Jo Bloggs\" is not a user of this database, and only those who may add users can add workers; nothing was imported"
        );
        assert_eq!(
            RecordRule::NoBackupMade("the key is short".into()).to_string(),
            "the key is short; no backup was made"
        );
    }
}
