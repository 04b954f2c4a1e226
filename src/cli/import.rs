//! The `import` and `export` subcommands: what each file the program reads
//! or writes in bulk holds, and its flags. `--help` is the reference, so
//! the doc comments here are user-facing text.

use clap::{Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// Children from a CSV file with a header row.
    ///
    /// Columns, in any order: ref, given_name, family_name (required),
    /// date_of_birth, gender, ethnicity, religion, legal_status,
    /// placement_type, looked_after_since, worker, team, iro, rag,
    /// disability, disability_note, sibling_group. Dates as YYYY-MM-DD or
    /// DD/MM/YYYY. A row whose ref exists updates that child; an empty
    /// cell leaves that field as it is (see --blank-clears). If any row is
    /// wrong nothing is imported and every problem is listed.
    Children {
        /// The CSV file (UTF-8).
        file: PathBuf,
        /// Check the file and say what would change, without changing
        /// anything: each child's changed fields, old → new, and the
        /// timeline dates that would move.
        #[arg(long)]
        dry_run: bool,
        /// An empty cell clears that field of an existing child (by
        /// default an empty cell leaves the field as it is).
        #[arg(long)]
        blank_clears: bool,
        /// The file's own headings as the import's columns, for a sheet
        /// saved from a tracker: "Child ID=ref,Surname=family_name,Notes=-"
        /// (- leaves a column out).
        #[arg(long, value_name = "MAPPING")]
        map: Option<String>,
    },
    /// Plans from a CSV file: columns ref, pathway, role, start, stage.
    ///
    /// role is primary or contingency; stage is pre-proceedings,
    /// proceedings or looked-after; start is the Legal Gateway decision
    /// (week 1). A new primary plan closes the old one, which keeps its
    /// history. All or nothing, as for children. An empty role, start or
    /// stage keeps the value of the child's plan on that pathway (a new
    /// plan needs all five).
    Plans {
        /// The CSV file (UTF-8).
        file: PathBuf,
        /// Check the file and say what would change, without changing
        /// anything: each plan's changes, old → new, and the timeline
        /// dates that would move.
        #[arg(long)]
        dry_run: bool,
        /// An empty cell keeps nothing, so it is refused: a plan cannot be
        /// without its role, start or stage.
        #[arg(long)]
        blank_clears: bool,
        /// The file's own headings as the import's columns:
        /// "Child ID=ref,Plan=pathway" (- leaves a column out).
        #[arg(long, value_name = "MAPPING")]
        map: Option<String>,
    },
    /// Events of children's history from a CSV file: columns ref, event,
    /// on (required) and note.
    ///
    /// event is an event code `permanence record` takes; on is DD/MM/YYYY
    /// or YYYY-MM-DD. Each is recorded as `permanence record` records it;
    /// one already recorded that day, or imported before from the same
    /// event and day, is left as it is, so a file imported again changes
    /// nothing (a day put right in the file is another event: use
    /// `permanence correct`). All or nothing, as for children.
    Events {
        /// The CSV file (UTF-8).
        file: PathBuf,
        /// Check the file and say what would change, without changing
        /// anything: child by child, each event recorded or left, and
        /// the timeline dates that would move.
        #[arg(long)]
        dry_run: bool,
    },
    /// An authority's SSDA903 return: a folder of its CSV tables, or the
    /// files named one by one.
    ///
    /// Header and Episodes are needed; Reviews, PlacedAdoption, AD1 and
    /// SocialWorker are read when given. Dates as DD/MM/YYYY. Children are
    /// created or updated, their history recorded as events that name
    /// their source (so importing next month's files updates rather than
    /// duplicates, and events recorded in the app are left alone), and
    /// plans proposed where the history shows the pathway. All or nothing:
    /// every problem is listed as FILE: line N: COLUMN: what is wrong.
    Ssda903 {
        /// Folders (their .csv files are read) or files.
        #[arg(required = true, value_name = "FOLDER_OR_FILES")]
        paths: Vec<PathBuf>,
        /// Check the files and say what would change, without changing
        /// anything: child by child, each field, event and plan, and the
        /// children no pathway could be proposed for, with why.
        #[arg(long)]
        dry_run: bool,
        /// Check the codes against this collection year's lists (2017 to
        /// 2024). Default: the codes of any of those years.
        #[arg(long, value_name = "YYYY")]
        year: Option<u16>,
    },
}

#[derive(Debug, Subcommand)]
pub enum ExportCommand {
    /// Every child's record, with the same columns import reads.
    Caseload {
        /// How to write it out.
        #[arg(long, value_enum, default_value_t = Format::Csv)]
        format: Format,
    },
    /// The SSDA903 return for one collection year, as CSV tables.
    ///
    /// Writes Header.csv, Episodes.csv, Reviews.csv, PlacedAdoption.csv and
    /// AD1.csv into FOLDER (new or empty) for the children looked after at
    /// any time between 1 April YYYY-1 and 31 March YYYY: the rows imported
    /// from the authority's files, every column as they had it, with a
    /// review's or decision's date put right in the app since, and each case
    /// review recorded in the app. What the product holds but cannot write
    /// as the return needs it is listed on stderr. `import ssda903 FOLDER`
    /// reads the files back.
    Ssda903 {
        /// The collection year, by the year it ends in (2024 is April 2023
        /// to March 2024), 2017 to 2024.
        #[arg(long, value_name = "YYYY")]
        year: u16,
        /// Where to write the tables: a new or empty folder.
        folder: PathBuf,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// CSV, with the columns `import children` reads.
    Csv,
    /// JSON: an array of objects with the same names as keys.
    Json,
}
