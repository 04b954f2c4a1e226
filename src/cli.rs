//! The command line: what each command and flag means. `--help` is the
//! reference, so the doc comments here are user-facing text.

use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// Keyboard-driven permanence planning for children's social care teams.
///
/// With no command, opens the caseload in the terminal.
#[derive(Debug, Parser)]
#[command(name = "permanence", version, about, long_about = None)]
pub struct Cli {
    /// The database to use. Default: $PERMANENCE_DB, or permanence.db in
    /// your data directory (~/.local/share/permanence on Linux). For
    /// `demo`, a new file to write the demo into (default: a temporary one).
    #[arg(long, value_name = "PATH", global = true)]
    pub db: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Open the app on a new database filled with a synthetic caseload.
    ///
    /// The database is temporary and removed on exit, unless --db names
    /// where to keep it. All names are made up.
    Demo(DemoArgs),
    /// Bring records in from a file.
    #[command(subcommand)]
    Import(ImportCommand),
    /// Write records out to standard output.
    #[command(subcommand)]
    Export(ExportCommand),
}

#[derive(Debug, clap::Args)]
pub struct DemoArgs {
    /// How many children to make.
    #[arg(long, default_value_t = 60, value_name = "N")]
    pub children: usize,
    /// Seed for the generator: the same seed gives the same caseload.
    #[arg(long, value_name = "S")]
    pub seed: Option<u64>,
    /// Generate the database and exit without opening the app.
    #[arg(long)]
    pub no_tui: bool,
}

#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// Children from a CSV file with a header row.
    ///
    /// Columns, in any order: ref, given_name, family_name (required),
    /// date_of_birth, gender, ethnicity, religion, legal_status,
    /// placement_type, looked_after_since, worker, team, iro, rag,
    /// disability, disability_note, sibling_group. Dates as YYYY-MM-DD or
    /// DD/MM/YYYY. A row whose ref exists updates that child. If any row is
    /// wrong nothing is imported and every problem is listed.
    Children {
        /// The CSV file (UTF-8).
        file: PathBuf,
        /// Check the file and say what would change, without changing anything.
        #[arg(long)]
        dry_run: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum ExportCommand {
    /// Every child's record, with the same columns import reads.
    Caseload {
        #[arg(long, value_enum, default_value_t = Format::Csv)]
        format: Format,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Csv,
    Json,
}
