//! The command line: what each command and flag means. `--help` is the
//! reference, so the doc comments here are user-facing text.

use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

mod import;
pub use import::{ExportCommand, Format, ImportCommand};

/// Keyboard-driven permanence planning for children's social care teams.
///
/// With no command, opens the caseload in the terminal. Dates on the
/// command line are YYYY-MM-DD (2026-12-02), DD/MM/YYYY or `today`.
#[derive(Debug, Parser)]
#[command(name = "permanence", version, about)]
pub struct Cli {
    /// The database to use. Default: $PERMANENCE_DB, or permanence.db in
    /// your data directory (~/.local/share/permanence on Linux). It must
    /// exist: `init` creates it. For `demo`, a new file to write the demo
    /// into (default: a temporary one).
    #[arg(long, value_name = "PATH", global = true, help_heading = GLOBAL)]
    pub db: Option<PathBuf>,

    /// Act as this worker (their username). For a shared server's forced
    /// command (`command="permanence --as alice"`): only the account that
    /// owns the database file may use it; everyone else is the account they
    /// are logged in as. Both are recorded in the audit trail.
    #[arg(long = "as", value_name = "USER", global = true, help_heading = GLOBAL)]
    pub as_user: Option<String>,

    /// Open the database read-only (enforced by SQLite): nothing can be
    /// changed, and the screens say so.
    #[arg(long, global = true, help_heading = GLOBAL)]
    pub read_only: bool,

    /// The colour theme: default, light, high-contrast, monochrome or
    /// colour-blind, or one of your own from the `themes/` folder of your
    /// configuration folder (~/.config/permanence/themes/ on Linux).
    #[arg(long, value_name = "NAME", env = "PERMANENCE_THEME", global = true, help_heading = GLOBAL)]
    pub theme: Option<String>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The heading the options that every command takes are listed under: a
/// heading of their own, so that in each command's help they do not mix
/// with that command's own options.
const GLOBAL: &str = "Global options";

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Open the app on a new database filled with a synthetic caseload.
    ///
    /// The database is temporary and removed on exit, unless --db names
    /// where to keep it. All names are made up.
    Demo(DemoArgs),
    /// Create a new, empty database and make yourself its administrator.
    ///
    /// At --db PATH, else $PERMANENCE_DB, else the default place. Refuses
    /// if anything is already there. Every other command needs a database
    /// that exists, so a mistyped --db is refused, never made into a new
    /// empty one. `permanence users add` then adds your colleagues.
    Init,
    /// Bring records in from a file.
    #[command(subcommand)]
    Import(ImportCommand),
    /// Write records out to standard output.
    #[command(subcommand)]
    Export(ExportCommand),
    /// Open the app straight on one child's record.
    Child {
        /// The child's reference, such as 1001.
        reference: String,
    },
    /// Record that an event happened for a child: a Legal Gateway decision,
    /// becoming looked after, a PPM, a case review, an order...
    ///
    /// Later dates count from it: recording the first case review moves the
    /// second review's deadline.
    Record {
        /// The child's reference.
        reference: String,
        /// One of: gateway, looked-after, ppm, case-review, issue,
        /// decision-to-issue, court-extension, shobpa, placement-order,
        /// matching-panel, placement, order-made, order-expiry, visit,
        /// adopter-identified, carer-identified, extension-agreed,
        /// second-period, shortlisting, care-order,
        /// special-guardianship-order, child-arrangements-order, no-order,
        /// interim-care-order, foster-placement (where the child was adopted
        /// by their foster carers, the day that foster placement began: the
        /// DfE's A10 counts to it). An order (interim-care-order, care-order,
        /// placement-order, special-guardianship-order,
        /// child-arrangements-order) is the child's legal status from its
        /// day.
        event: String,
        // --on, --note, --another and --dry-run, worded for an event.
        #[command(flatten)]
        how: RecordingArgs,
    },
    /// List a child's recorded events: who recorded each and when, and
    /// whether it stands, was corrected or was withdrawn.
    Events {
        /// The child's reference.
        reference: String,
        /// Print JSON for other tools.
        #[arg(long)]
        json: bool,
    },
    /// Put a recorded event's date right (or a task's done date, by its key).
    ///
    /// The entry on the wrong date is kept, marked corrected, with the reason.
    Correct {
        /// The child's reference.
        reference: String,
        /// The event (such as case-review), or the key of a task marked done.
        event: String,
        /// The date it is recorded on now.
        #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
        on: String,
        /// The date it happened.
        #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
        to: String,
        /// Why: kept in the audit trail.
        #[arg(long, value_name = "TEXT")]
        reason: Option<String>,
        /// Print the dates that would move; write nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Withdraw a recorded event as recorded in error (or a task's done
    /// mark, by its key). It is kept, marked withdrawn, with the reason.
    Withdraw {
        /// The child's reference.
        reference: String,
        /// The event (such as case-review), or the key of a task marked done.
        event: String,
        /// The date it is recorded on.
        #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
        on: String,
        /// Why: kept in the audit trail.
        #[arg(long, value_name = "TEXT")]
        reason: Option<String>,
        /// Print the dates that would move; write nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Mark an item of a child's timeline done (see `timeline` for the keys).
    ///
    /// An item that is a meeting, review, visit or decision records that
    /// event, which every plan and clock counts from; a task is marked done.
    #[command(mut_args(worded_for_an_item))]
    Done {
        /// The child's reference.
        reference: String,
        /// The item's key, such as `first-ppm` or `cpr-started`.
        key: String,
        // The options `record` takes, worded for an item.
        #[command(flatten)]
        how: RecordingArgs,
        /// The plan will not do it: mark it not needed, with --reason. It
        /// stays on the timeline and no longer counts as overdue; a
        /// required item (a review, a visit, a PPM, anything with a deadline) is refused.
        #[arg(long, requires = "reason", conflicts_with_all = ["note", "another"])]
        not_needed: bool,
        /// Why it is not needed (with --not-needed): kept with the item and in the audit trail.
        #[arg(long, value_name = "TEXT", requires = "not_needed")]
        reason: Option<String>,
    },
    /// Take back a `done` (or a `done --not-needed`): the item is open again.
    /// On a meeting, review or visit this withdraws the recorded event, and
    /// on an item marked not needed it withdraws that mark: both need `--reason`.
    Undo {
        /// The child's reference.
        reference: String,
        /// The item's key, as `done` was given it.
        key: String,
        /// Why: kept in the audit trail (needed to withdraw an event).
        #[arg(long, value_name = "TEXT")]
        reason: Option<String>,
        /// Print the dates that would move; write nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Show a child's timeline: every item with its target, deadline and status.
    Timeline {
        /// The child's reference.
        reference: String,
        /// Print JSON (dates as YYYY-MM-DD) for other tools.
        #[arg(long)]
        json: bool,
        /// Work out statuses as of this day instead of today (YYYY-MM-DD, such as 2026-12-02).
        #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
        as_of: Option<String>,
    },
    /// Start, re-rank or close one of a child's plans, or give one its
    /// Legal Gateway date (as the Timeline tab's s, P, X and L do). Each lists the dates that move; `--dry-run`
    /// stops there.
    #[command(subcommand)]
    Plan(PlanCommand),
    /// The pathways loaded: built in, and your own from the configuration folder.
    #[command(subcommand)]
    Pathways(PathwaysCommand),
    /// The audit trail: who changed or looked at what, and when.
    #[command(args_conflicts_with_subcommands = true)]
    Audit {
        #[command(subcommand)]
        command: Option<AuditCommand>,
        /// Only entries about this child (their reference).
        reference: Option<String>,
        /// Print JSON for other tools.
        #[arg(long)]
        json: bool,
    },
    /// Check the database: SQLite's integrity check, the schema, and the
    /// audit trail's chain and keyed hashes. Exits non-zero, saying every
    /// problem, on any failure. Changes nothing, not even an older file.
    Check {
        /// An anchor kept from `permanence audit anchor` (its line or its
        /// JSON, in a file): proves the anchored entry is still in the trail,
        /// unchanged, on an unbroken chain.
        #[arg(long, value_name = "FILE")]
        anchor: Option<PathBuf>,
    },
    /// Forms: needs assessments, SGO support plans, PPM records, financial
    /// requests and CPR audits.
    #[command(subcommand)]
    Form(FormCommand),
    /// The people who use this database and their roles.
    #[command(subcommand)]
    Users(UsersCommand),
    /// The rules for what each role may do, kept in the database.
    #[command(subcommand)]
    Permissions(PermissionsCommand),
    /// Take a consistent copy of the database while others use it. The
    /// copy is made under a temporary name and named only once it is whole
    /// and checked, so FILE is a complete backup or is not there at all.
    Backup {
        /// Where to write it (a new file; never overwritten).
        file: PathBuf,
    },
    /// Replace the database with a backup. A copy of the backup is brought
    /// up to date and checked in full first; if anything is wrong, the
    /// database is left exactly as it was. The database it replaces is kept
    /// beside it, with the date and time in its name. Nobody else may have
    /// the database open. Where there is no database (lost with its
    /// machine), the backup is restored there for one of its administrators.
    Restore {
        /// The backup to restore, as `backup` wrote it.
        file: PathBuf,
        /// Confirm: everything in the database now is replaced.
        #[arg(long)]
        yes: bool,
    },
    /// Children whose records are past their retention date (the 75th
    /// birthday; CPPCR Regulations 2010, reg 50). Nothing is deleted.
    Retention {
        /// Work it out as of this day instead of today (YYYY-MM-DD, such as 2026-12-02).
        #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
        as_of: Option<String>,
    },
    /// Reports across the caseload: overdue items, items due soon, the
    /// tracker meetings' cohorts, and the adoption timeliness measures.
    #[command(subcommand)]
    Report(ReportCommand),
    /// The best option (Warrington, Appendix 5): the scenario that fits
    /// the child, its meetings and panels, and the outcomes in priority
    /// order with the child's plans marked against them.
    BestOption {
        /// The child's reference.
        reference: String,
        /// Print JSON for other tools.
        #[arg(long)]
        json: bool,
        /// Work it out as of this day instead of today (YYYY-MM-DD, such as 2026-12-02).
        #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
        as_of: Option<String>,
        /// Correct the record: connected people identified (yes or no).
        #[arg(long, value_name = "YES|NO")]
        connected: Option<String>,
        /// Correct the record: return home ruled out (yes or no).
        #[arg(long, value_name = "YES|NO")]
        return_home_ruled_out: Option<String>,
    },
    /// A child's chronology: the events the record holds (became looked
    /// after, Legal Gateway decisions, case reviews, PPMs, orders,
    /// placements, plan and RAG changes) and the entries workers wrote, in
    /// date order, each saying where it came from. `chronology add` writes
    /// an entry; `chronology mark` marks one for the CPR.
    Chronology(ChronologyArgs),
    /// A child's genogram, drawn from their family network: generations
    /// in rows, couples joined, children below, the child at the centre
    /// marked, households boxed. Plain text, or SVG for the Legal Gateway
    /// pack and the CPR.
    Genogram {
        /// The child's reference.
        reference: String,
        /// How to write it out.
        #[arg(long, value_enum, default_value_t = GenogramFormat::Text)]
        format: GenogramFormat,
    },
    /// A child's family network: each person, what they are to the child,
    /// and their part in the plan. `--import` loads a network file (see
    /// `--format toml` for its shape); a sibling group shares one network.
    Family {
        /// The child's reference.
        reference: String,
        /// Load people, parents, couples and connections from this TOML
        /// file: all of it or, if anything is wrong, none of it.
        #[arg(long, value_name = "FILE")]
        import: Option<PathBuf>,
        /// Check the file and say what it would add, changing nothing.
        #[arg(long, requires = "import")]
        dry_run: bool,
        /// How to write the network out: a list to read, or the file
        /// format `--import` reads.
        #[arg(long, value_enum, default_value_t = FamilyFormat::Text)]
        format: FamilyFormat,
    },
    /// Record a Family Group Conference or Family Network meeting for a
    /// child's family: when, who came, and what was agreed. `permanence
    /// family REF` lists the meetings.
    FamilyMeeting {
        /// The child's reference (the meeting is the whole family's).
        reference: String,
        /// fgc (Family Group Conference) or family-network.
        #[arg(long, value_name = "KIND")]
        kind: String,
        /// When it was held.
        #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
        on: String,
        /// Someone who came, by name or role. May be given more than once.
        #[arg(long, value_name = "WHO")]
        attended: Vec<String>,
        /// Something agreed, with the date it is due by in front if it has
        /// one: "2027-01-15: viability assessment of the maternal
        /// grandfather". May be given more than once.
        #[arg(long, value_name = "[DATE: ]TEXT")]
        outcome: Vec<String>,
        /// Put each outcome that has a due date on the child's primary
        /// plan, as an item to be done by then.
        #[arg(long)]
        timeline: bool,
        /// Anything else about the meeting.
        #[arg(long, value_name = "TEXT")]
        notes: Option<String>,
    },
    /// Legal Gateway readiness: the papers the panel needs (genogram,
    /// chronology, referral form, latest Child and Family Assessment, and
    /// for pre-proceedings the draft plan, child protection
    /// recommendations, FGC plan and expert assessments), which are
    /// ticked, and the deadline: 17:00 on the Wednesday before the panel.
    Gateway {
        /// The child's reference.
        reference: String,
        /// Print JSON for other tools.
        #[arg(long)]
        json: bool,
        /// Record the panel date the child is going to.
        #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
        panel: Option<String>,
        /// Record whether this is a referral into pre-proceedings (yes or
        /// no), which needs four more papers.
        #[arg(long, value_name = "YES|NO")]
        pre_proceedings: Option<String>,
        /// Tick a paper as ready, with its document's date: genogram=2026-11-20.
        /// A paper with nothing to attach (no expert assessments) takes no date.
        /// May be given more than once.
        #[arg(long, value_name = "PAPER[=DATE]")]
        tick: Vec<String>,
        /// Take a paper's tick off. May be given more than once.
        #[arg(long, value_name = "PAPER")]
        untick: Vec<String>,
    },
    /// A tracker meeting's minutes: every child discussed and every
    /// action. Without an ID, lists the meetings held.
    Minutes {
        /// The meeting's number, as the list without an ID shows it.
        id: Option<i64>,
        /// How to write the minutes out.
        #[arg(long, value_enum, default_value_t = MinutesFormat::Md)]
        format: MinutesFormat,
    },
    /// An iCalendar (.ics) file of open timeline items, one all-day entry
    /// per item on the day it is due, for Outlook and other calendars.
    /// Entries name children by reference only.
    Ics {
        /// Only the children allocated to this worker (username).
        #[arg(long, value_name = "USER")]
        worker: Option<String>,
        /// Work the open items out as of this day instead of today (YYYY-MM-DD, such as 2026-12-02).
        #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
        as_of: Option<String>,
    },
    /// Print the completion script for a shell to standard output.
    ///
    /// For bash: `permanence completions bash >
    /// ~/.local/share/bash-completion/completions/permanence`, then open a
    /// new shell.
    Completions {
        /// The shell to write it for.
        #[arg(value_enum)]
        shell: CompletionShell,
    },
    /// Print the manual page, every command in one page, to standard output.
    ///
    /// It is roff, for `man`: `permanence man | man -l -` reads it now, and
    /// `permanence man > ~/.local/share/man/man1/permanence.1` installs it
    /// for `man permanence`.
    Man,
    /// Your configuration file: where it is, what it sets, and whether it
    /// is right.
    #[command(subcommand)]
    Config(ConfigCommand),
}

/// What `audit` can do besides list the trail.
#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Print the head of the audit trail (its last entry's number and
    /// hash) as one line to keep somewhere else: on paper, in the team's
    /// minutes, on another machine. `permanence check --anchor FILE` later
    /// proves nothing up to it has changed or gone. Refused if the trail
    /// fails its check. Records nothing.
    Anchor {
        /// Print JSON (keys entry, hash, at, entries).
        #[arg(long)]
        json: bool,
    },
}

/// `permanence config ...`
#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Where the configuration file and your own themes, pathways and
    /// forms go, and whether the file is there.
    Path,
    /// What is in force: the theme, the view on opening, the themes there
    /// are, and every screen's keys with what they do (the names to use
    /// in the file's `[keys.SCREEN]` tables).
    Show,
    /// Check the configuration file and your theme files, reporting every
    /// problem with its line; exits non-zero if there is any.
    Check,
}

/// The shells `completions` writes for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CompletionShell {
    /// GNU bash.
    Bash,
    /// The Z shell.
    Zsh,
    /// The friendly interactive shell.
    Fish,
    /// Elvish.
    Elvish,
    /// PowerShell (Windows PowerShell and PowerShell 7).
    Powershell,
}

/// The options `record` and `done` share. Their help is worded for an
/// event, as `record` shows it; `done` words it for an item.
#[derive(Debug, clap::Args)]
pub struct RecordingArgs {
    /// When it happened: YYYY-MM-DD (2026-12-02), DD/MM/YYYY, `today`, or from today (-3d, -2w).
    #[arg(
        long,
        default_value = "today",
        value_name = "DATE",
        allow_hyphen_values = true
    )]
    pub on: String,
    /// A short note kept with it.
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,
    /// It is another occurrence, though one is recorded within days of
    /// it (otherwise refused: a wrong date is put right with `correct`).
    #[arg(long)]
    pub another: bool,
    /// Print what would be recorded and the dates that would move; write nothing.
    #[arg(long)]
    pub dry_run: bool,
}

/// `done`'s wording of the options it shares with `record`: for an item
/// rather than an event. Every argument is passed through, in its place
/// (so completions list them in the same order), and these three are
/// reworded.
fn worded_for_an_item(arg: clap::Arg) -> clap::Arg {
    match arg.get_id().as_str() {
        "on" => {
            arg.help("When it was done: YYYY-MM-DD (2026-12-02), DD/MM/YYYY, `today`, or from today (-3d)")
        }
        "another" => arg.help("It is another occurrence, though one is recorded within days of it"),
        "dry_run" => arg.help("Print what would be done and the dates that would move; write nothing"),
        _ => arg,
    }
}

/// `permanence chronology REF` exports; `add` and `mark` change it.
#[derive(Debug, clap::Args)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
pub struct ChronologyArgs {
    #[command(subcommand)]
    pub command: Option<ChronologyCommand>,
    /// The child's reference.
    #[arg(required = true)]
    pub reference: Option<String>,
    /// How to write it out.
    #[arg(long, value_enum, default_value_t = ChronologyFormat::Md)]
    pub format: ChronologyFormat,
    /// Only these kinds, separated by commas: legal, placement, meeting,
    /// plan, assessment, family, concern, health, education, other.
    #[arg(long, value_name = "KINDS")]
    pub kind: Option<String>,
    /// Only entries on or after this day.
    #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
    pub from: Option<String>,
    /// Only entries on or before this day.
    #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
    pub to: Option<String>,
    /// Only the entries marked for the Child Permanence Report.
    #[arg(long)]
    pub for_cpr: bool,
}

/// `permanence chronology add|mark ...`
#[derive(Debug, Subcommand)]
pub enum ChronologyCommand {
    /// Write an entry into a child's chronology.
    Add {
        /// The child's reference.
        reference: String,
        /// When it happened.
        #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
        on: String,
        /// What happened, in a sentence.
        #[arg(long, value_name = "TEXT")]
        what: String,
        /// What kind of event: legal, placement, meeting, plan, assessment,
        /// family, concern, health, education or other.
        #[arg(long, value_name = "KIND", default_value = "other")]
        kind: String,
        /// Where the information came from (a police report, the health
        /// visitor, the parent).
        #[arg(long, value_name = "TEXT")]
        source: Option<String>,
        /// The information has been checked; without this it is flagged
        /// as unverified, as the CPR guidance asks.
        #[arg(long)]
        verified: bool,
    },
    /// Mark an entry for the Child Permanence Report, or take the mark off.
    Mark {
        /// The child's reference.
        reference: String,
        /// The entry's key, as `--format json` or `csv` lists it
        /// (entry:12, event:ppm:2026-03-02).
        key: String,
        /// Take the mark off instead.
        #[arg(long)]
        clear: bool,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ChronologyFormat {
    /// Markdown.
    Md,
    /// A web page that prints on A4.
    Html,
    /// One row per entry, for a spreadsheet.
    Csv,
    /// JSON for other tools.
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum GenogramFormat {
    /// Plain text, to read in a terminal or paste into a document.
    Text,
    /// An SVG picture, to print or attach.
    Svg,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FamilyFormat {
    /// A list to read.
    Text,
    /// The network file `--import` reads.
    Toml,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MinutesFormat {
    /// Markdown.
    Md,
    /// A web page, to print or attach.
    Html,
    /// One row per child discussed and action, for a spreadsheet.
    Csv,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormatArg {
    /// Aligned columns, to read in the terminal.
    Table,
    /// CSV for a spreadsheet (dates as YYYY-MM-DD).
    Csv,
    /// JSON (dates as YYYY-MM-DD), for other tools.
    Json,
    /// A Markdown table, for minutes and email.
    Md,
}

/// Which children a report covers (both given: both must hold).
#[derive(Debug, Clone, Default, clap::Args)]
pub struct ReportScope {
    /// Only the children allocated to this user (a username, as `permanence users list` shows).
    #[arg(long, value_name = "USER")]
    pub worker: Option<String>,
    /// Only the children of this team (as the record names it; case does not matter).
    #[arg(long, value_name = "NAME")]
    pub team: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum ReportCommand {
    /// Every item not done whose target or deadline is before the date.
    Overdue {
        /// Overdue as of this day instead of today (YYYY-MM-DD, such as 2026-12-02).
        #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
        as_of: Option<String>,
        /// How to write the report out.
        #[arg(long, value_enum, default_value_t = ReportFormatArg::Table)]
        format: ReportFormatArg,
        #[command(flatten)]
        scope: ReportScope,
    },
    /// Items not done whose target or deadline falls in the window.
    Due {
        /// How far ahead: 14d, 2w, 30 (days).
        #[arg(long, value_name = "WINDOW", default_value = "14d")]
        within: String,
        /// Count the window from this day instead of today (YYYY-MM-DD, such as 2026-12-02).
        #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
        as_of: Option<String>,
        /// How to write the report out.
        #[arg(long, value_enum, default_value_t = ReportFormatArg::Table)]
        format: ReportFormatArg,
        #[command(flatten)]
        scope: ReportScope,
    },
    /// A tracker meeting's cohort: permanence, pre-proceedings, sgo-review,
    /// care-orders, long-term-matching, sixteen-plus, placement-orders,
    /// care-orders-12-months, kinship.
    Tracker {
        /// The cohort's name, such as permanence or kinship.
        name: String,
        /// Work the cohort out as of this day instead of today (YYYY-MM-DD, such as 2026-12-02).
        #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
        as_of: Option<String>,
        /// How to write the report out.
        #[arg(long, value_enum, default_value_t = ReportFormatArg::Table)]
        format: ReportFormatArg,
        #[command(flatten)]
        scope: ReportScope,
    },
    /// The DfE's adoption timeliness measures (A1, A10, A2, A3) for the
    /// children adopted in the period, beside the three years to its end
    /// and the thresholds; then each child waiting: days so far and days
    /// left before the threshold, most urgent first.
    ///
    /// Default period: the last complete year to 31 March before today,
    /// the year the SSDA903 return and the scorecards count in. Sources:
    /// DfE, Adoption Scorecards methodology (March 2019); thresholds: DfE,
    /// 14 January 2014.
    Timeliness {
        /// The period's first day; alone, the year from it.
        #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
        from: Option<String>,
        /// The period's last day; alone, the year to it.
        #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
        to: Option<String>,
        /// How to write the report out.
        #[arg(long, value_enum, default_value_t = ReportFormatArg::Table)]
        format: ReportFormatArg,
        #[command(flatten)]
        scope: ReportScope,
    },
}

#[derive(Debug, Subcommand)]
pub enum FormCommand {
    /// The kinds of form.
    Kinds,
    /// A form's sections and fields, with where each comes from: the
    /// source document, or this product's own design (marked †) and why.
    Show {
        /// The kind of form, such as cpr-audit (see `form kinds`).
        kind: String,
        /// As JSON, for other tools.
        #[arg(long)]
        json: bool,
    },
    /// A complete, valid example of a form as JSON (field ids as keys).
    Template {
        /// The kind of form, such as ppm-record (see `form kinds`).
        kind: String,
    },
    /// Check a form's JSON and store it for a child; prints its id.
    Import {
        /// The child's reference.
        reference: String,
        /// The kind of form, such as ppm-record (see `form kinds`).
        kind: String,
        /// The form as JSON, laid out as `form template` shows.
        file: PathBuf,
        /// Store it as a new version of this submitted form, which stays readable.
        #[arg(long, value_name = "ID")]
        amends: Option<i64>,
    },
    /// Write a stored form out: JSON (with what it computes), Markdown or HTML.
    Export {
        /// The form's id, as `form import` printed it.
        id: i64,
        /// How to write the form out.
        #[arg(long, value_enum, default_value_t = FormFormat::Json)]
        format: FormFormat,
    },
    /// Record a step of a form's route: a sign-off or a QA.
    Sign {
        /// The form's id, as `form import` printed it.
        id: i64,
        /// For a financial request: head-of-service, assistant-director,
        /// director, dmt or duty-solicitor. For an SGO support plan (whose
        /// draft is recorded by submitting it): case-manager-qa,
        /// sent-to-sgo-single-point-of-access,
        /// sgo-practice-manager-qa, amendments, authorised-by-service-manager,
        /// presented-to-panel.
        step: String,
        /// A short note kept with the sign-off.
        #[arg(long)]
        note: Option<String>,
    },
    /// Send a submitted form back to its author with comments, as the
    /// Forms tab's `r` does: by whoever may record the step it awaits.
    Return {
        /// The form's id, as `form import` printed it.
        id: i64,
        /// What to change; kept on the form and shown beside it.
        #[arg(long)]
        comments: String,
    },
    /// Start a new version of a submitted form, as the Forms tab's `A`
    /// does: your draft, with the same answers; the old version is kept
    /// with the reason. Prints the new version's id.
    Amend {
        /// The form's id, as `form import` printed it.
        id: i64,
        /// Why it is amended; kept on the old version.
        #[arg(long)]
        reason: String,
    },
    /// Open the app on a child's form of a kind: the open draft, else a new one.
    Edit {
        /// The child's reference.
        reference: String,
        /// The kind of form, such as ppm-record (see `form kinds`).
        kind: String,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormFormat {
    /// JSON, with what the form computes, for other tools.
    Json,
    /// Markdown.
    Md,
    /// A web page, to print or attach.
    Html,
}

#[derive(Debug, Subcommand)]
pub enum UsersCommand {
    /// Add a user (a worker record).
    Add {
        /// Their login name, as `--as` and the audit trail use it.
        username: String,
        /// Their name as the screens show it, such as "Alice Smith".
        #[arg(long)]
        name: String,
        /// social-worker, senior-practitioner, team-manager, service-manager,
        /// head-of-service, iro, business-support, reviewer or admin.
        #[arg(long)]
        role: String,
        /// Their team, such as "Children in Care 1".
        #[arg(long)]
        team: Option<String>,
    },
    /// Every user with their role and team.
    List,
    /// Change a user's role (the last administrator keeps theirs).
    SetRole {
        /// Their login name.
        username: String,
        /// The new role, one of those `users add --role` takes.
        role: String,
    },
    /// Remove a user (not the last administrator, nor anyone still
    /// allocated children); their past entries in the audit trail stay.
    Remove {
        /// Their login name.
        username: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum PermissionsCommand {
    /// Print the rules in force, as the file they were read from.
    Show,
    /// Replace the rules with FILE's (administrators only; checked first,
    /// every problem with its line, and recorded in the audit trail).
    Import {
        /// A permissions file, as data/permissions.toml is written.
        file: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
pub enum PathwaysCommand {
    /// Every pathway loaded, with where it came from.
    List,
    /// One pathway's items, week by week.
    Show {
        /// The pathway's name, such as adoption (see `pathways list`).
        name: String,
    },
    /// Check a pathway file and report every problem with its line.
    Check {
        /// The pathway file (TOML).
        file: PathBuf,
    },
}

#[derive(Debug, clap::Args)]
pub struct DemoArgs {
    /// How many children to make.
    #[arg(long, default_value_t = 60, value_name = "N")]
    pub children: usize,
    /// Seed for the generator, such as 42: the same seed gives the same caseload.
    #[arg(long, value_name = "S")]
    pub seed: Option<u64>,
    /// Generate the database and exit without opening the app.
    #[arg(long)]
    pub no_tui: bool,
}

/// What `plan` can do to one child's plans. A plan is named by its
/// pathway (a child has one active plan on each).
#[derive(Debug, Subcommand)]
pub enum PlanCommand {
    /// Start a plan. Week 1 begins on its Legal Gateway decision: by
    /// default the child's latest one recorded (`permanence record REF
    /// gateway --on DATE`).
    Start {
        /// The child's reference.
        reference: String,
        /// The pathway, such as adoption or special-guardianship
        /// (`permanence pathways list`).
        #[arg(long, value_name = "NAME")]
        pathway: String,
        /// primary or contingency. A child has one primary: start a new
        /// one as a contingency, then make it primary.
        #[arg(long, value_name = "ROLE")]
        role: String,
        /// The day week 1 begins, if not the latest recorded Gateway.
        #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
        start: Option<String>,
        /// pre-proceedings, proceedings or looked-after. Default: the
        /// primary plan's stage, else looked-after where the child is.
        #[arg(long, value_name = "STAGE")]
        stage: Option<String>,
        /// Print the dates that would move; write nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Make a contingency plan the primary. The old primary stays as a
    /// contingency, or with --close-old closes (plan changed), keeping its
    /// history.
    Primary {
        /// The child's reference.
        reference: String,
        /// The pathway of the plan to make primary.
        plan: String,
        /// Close the old primary rather than keep it as a contingency.
        #[arg(long)]
        close_old: bool,
        /// The day the old primary closes (with --close-old). Default: today.
        #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
        on: Option<String>,
        /// Print the dates that would move; write nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Close a plan with how it ended. It stays on the timeline, closed,
    /// and its open items no longer count as overdue.
    Close {
        /// The child's reference.
        reference: String,
        /// The pathway of the plan to close.
        plan: String,
        /// order-made, plan-changed or ceased.
        #[arg(long, value_name = "OUTCOME")]
        outcome: String,
        /// The day it ended. Default: with order-made, the day the order
        /// recorded since the plan started was made; otherwise today.
        #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
        on: Option<String>,
        /// With order-made on the primary plan: close the contingency
        /// plans still open too (ceased), on the same day, in one save.
        #[arg(long)]
        close_contingencies: bool,
        /// Print the dates that would move; write nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Count an open plan from its Legal Gateway decision on a day (a plan
    /// an SSDA903 import counted from the period of care). Its done items
    /// stay; tasks due before its record began stay not known.
    Gateway {
        /// The child's reference.
        reference: String,
        /// The pathway of the plan.
        plan: String,
        /// The day of the Legal Gateway decision.
        #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
        on: String,
        /// Print the dates that would move; write nothing.
        #[arg(long)]
        dry_run: bool,
    },
}
