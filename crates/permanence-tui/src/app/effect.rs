//! What the app asks of the event loop: the work only it can do, reading
//! or writing the store, each named with what it needs.

use crate::app::Pending;
use crate::domain::child::ChildId;
use crate::domain::plan::PlanId;
use chrono::NaiveDate;

/// Something only the event loop can do: read or write the store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    LoadChild(ChildId),
    /// Work out what a change would do (the dates it moves), to show
    /// before it is saved.
    PreviewChange(Box<Pending>),
    /// Save a change the user has read.
    SaveChange(Box<Pending>),
    UndoDone {
        child: ChildId,
        plan: PlanId,
        key: String,
        expected: Option<NaiveDate>,
    },
    AddItem {
        child: ChildId,
        plan: PlanId,
        title: String,
        target: NaiveDate,
        responsible: Option<String>,
    },
    /// Open the form editor on this kind of form for the child (with the
    /// user's draft, if they have one).
    OpenForm {
        child: ChildId,
        kind: String,
    },
    /// Store the checked form; the editor stays open until it has worked.
    SubmitForm {
        data: crate::domain::form::FormData,
        json: serde_json::Value,
    },
    /// Work out the "what next" list for these children.
    ShowWhatNext {
        children: Vec<ChildId>,
        covers: String,
    },
    OpenBestOption {
        child: ChildId,
    },
    ShowDashboard {
        children: Vec<ChildId>,
        covers: String,
    },
    /// Open a tracker meeting: its cohort, computed now.
    StartMeeting {
        tracker: crate::domain::cohort::Tracker,
    },
    MeetingRag {
        meeting: i64,
        child: ChildId,
        rag: crate::domain::child::Rag,
    },
    MeetingNote {
        meeting: i64,
        child: ChildId,
        note: Option<String>,
    },
    MeetingAction {
        meeting: i64,
        child: ChildId,
        what: String,
        owner: Option<String>,
        due: NaiveDate,
    },
    NextReview {
        meeting: i64,
        child: ChildId,
        on: NaiveDate,
    },
    MeetingStage {
        meeting: i64,
        child: ChildId,
        stage: String,
    },
    ToggleBarrier {
        meeting: i64,
        child: ChildId,
        barrier: String,
    },
    WriteMinutes {
        meeting: i64,
    },
    /// Add an entry the worker wrote to the child's chronology.
    AddChronologyEntry {
        child: ChildId,
        entry: crate::domain::chronology::NewEntry,
    },
    /// Mark a chronology entry (by its key) for the CPR, or unmark it.
    MarkForCpr {
        child: ChildId,
        key: String,
        mark: bool,
    },
    TickPaper {
        child: ChildId,
        paper: crate::domain::gateway::Paper,
        dated: Option<NaiveDate>,
    },
    UntickPaper {
        child: ChildId,
        paper: crate::domain::gateway::Paper,
    },
    /// Set the Legal Gateway panel, pre-proceedings or not.
    SetGatewayPanel {
        child: ChildId,
        on: NaiveDate,
        pre_proceedings: bool,
    },
    /// Put a family meeting's outcome on the child's plan.
    OutcomeToTimeline {
        child: ChildId,
        outcome: i64,
        plan: PlanId,
        target: NaiveDate,
    },
    /// Open the child's chronology in the viewer, as `permanence
    /// chronology REF` writes it.
    ViewChronology {
        child: ChildId,
    },
    /// List the tracker meetings held, to pick one's minutes to read.
    PastMeetings,
    /// Open a meeting's minutes in the viewer, as `permanence minutes ID`
    /// writes them.
    ViewMinutes {
        meeting: i64,
    },
    /// Save the viewer's text into the export folder, owner-only, and put
    /// the export on the record.
    SaveText {
        folder: std::path::PathBuf,
        file_name: String,
        text: String,
        source: crate::viewer::Source,
    },
    /// Leave the form, keeping the draft.
    KeepForm,
    /// Leave the form, throwing the draft away.
    DiscardForm,
    Quit,
}
