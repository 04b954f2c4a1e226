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
    /// Open the child's record as a form: empty to add a child (`None`),
    /// prefilled to edit theirs (with the user's draft, if they have one).
    OpenRecordForm {
        child: Option<ChildId>,
    },
    /// Check the record form's answers and work out what saving them
    /// would do (the dates that move), to show before it is saved.
    PreviewRecord {
        data: crate::domain::form::FormData,
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
    /// Work out again the "what next" list just come back to from a
    /// child's screen, on the same line.
    RefreshWhatNext,
    /// Complete the "what next" lines near the screen from their
    /// children's timelines (the list is read from what is stored).
    FillWhatNext,
    /// Read the overdue items of the tracker meeting's child being
    /// discussed and the few after ([`crate::screens::meeting::MeetingView::unread`]).
    ReadMeetingOverdue,
    /// Open the child's timeline on this item, the first of those long
    /// overdue, to catch them up.
    CatchUp {
        child: ChildId,
        plan: PlanId,
        key: String,
    },
    OpenBestOption {
        child: ChildId,
    },
    ShowDashboard {
        children: Vec<ChildId>,
        covers: String,
    },
    /// Open a tracker meeting: its cohort, computed now, among the
    /// children of the view it was started from (`whose` names it).
    StartMeeting {
        tracker: crate::domain::cohort::Tracker,
        children: Vec<ChildId>,
        whose: String,
    },
    /// Add the user to those attending the meeting, or take them off.
    ToggleAttendee {
        meeting: i64,
        username: String,
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
    /// Work out what a plan change or catch-up would do, to show before
    /// it is saved.
    PreviewPlan(Box<crate::screens::child::plan_dialogs::PlanPending>),
    /// Save a plan change or catch-up the user has read.
    SavePlan(Box<crate::screens::child::plan_dialogs::PlanPending>),
    /// Show a stored form to read (a submitted one, or someone else's draft).
    ShowForm {
        form: i64,
    },
    /// Record the step a form awaits.
    SignForm {
        child: ChildId,
        form: i64,
        step: String,
        note: Option<String>,
    },
    /// Return a form to its author with comments.
    ReturnForm {
        child: ChildId,
        form: i64,
        comment: String,
    },
    /// Start a new version of a form, with the reason, and open it.
    AmendForm {
        child: ChildId,
        form: i64,
        reason: String,
    },
    /// The forms awaiting the user's sign-off or QA.
    ShowQueue,
    /// Open a child on their Forms tab, on this form.
    OpenChildForms {
        child: ChildId,
        form: i64,
    },
    /// Add a person to the child's family network.
    AddPerson {
        child: ChildId,
        entry: Box<crate::domain::family::PersonEntry>,
    },
    /// Correct a person of the child's family network.
    EditPerson {
        child: ChildId,
        person: crate::domain::family::PersonId,
        entry: Box<crate::domain::family::PersonEntry>,
    },
    /// Link `first` to `second` ("first is a parent of second").
    LinkPeople {
        child: ChildId,
        first: crate::domain::family::PersonId,
        second: crate::domain::family::PersonId,
        link: crate::domain::family::Link,
    },
    /// Take back a link of the family network.
    UnlinkPeople {
        child: ChildId,
        link: crate::service::family::Recorded,
    },
    /// Record a family meeting with its outcomes, the dated ones on
    /// `timeline` (a plan) if given.
    RecordFamilyMeeting {
        child: ChildId,
        meeting: crate::domain::family_meeting::NewFamilyMeeting,
        outcomes: Vec<crate::domain::family_meeting::NewOutcome>,
        timeline: Option<PlanId>,
    },
    /// Open the child's chronology in the viewer, as `permanence
    /// chronology REF` writes it.
    ViewChronology {
        child: ChildId,
    },
    /// Open the child's timeline in the viewer, as `permanence timeline
    /// REF` prints it.
    ViewTimeline {
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
