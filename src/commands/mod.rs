//! What each command does, from parsed arguments to exit status. This is
//! the edge: it reads the clock, the environment and files, and turns
//! typed errors into messages.

// Every byte a command prints passes the one sanitiser: these shadow the
// standard printing macros for this module and all below it (they must
// come before the `mod` lines to do so). See `output.rs`.
macro_rules! println {
    () => { $crate::commands::output::print_out(format_args!("\n")) };
    ($($arg:tt)*) => { $crate::commands::output::print_out(format_args!("{}\n", format_args!($($arg)*))) };
}
#[allow(unused_macros)]
macro_rules! print {
    ($($arg:tt)*) => { $crate::commands::output::print_out(format_args!($($arg)*)) };
}
macro_rules! eprintln {
    () => { $crate::commands::output::print_err(format_args!("\n")) };
    ($($arg:tt)*) => { $crate::commands::output::print_err(format_args!("{}\n", format_args!($($arg)*))) };
}
#[allow(unused_macros)]
macro_rules! eprint {
    ($($arg:tt)*) => { $crate::commands::output::print_err(format_args!($($arg)*)) };
}

mod audit;
mod config;
mod events;
pub mod forms;
mod guidance;
mod import;
pub mod output;
mod papers;
mod pathways;
pub mod plans;
mod reads;
mod reports;
mod setup;
mod shell;
mod users;

use crate::access::Access;
use crate::cli::{
    Cli, Command, DemoArgs, ExportCommand, FormCommand, Format, ImportCommand, PathwaysCommand,
};
use crate::domain::permissions::Action as Permission;
use crate::interchange::export;
use crate::library::Library;
use crate::store::{Actor, Store};
use crate::timelines::Engine;
use crate::{demo, identity, ui};
use anyhow::{Context, Result, bail};
use chrono::NaiveDate;
use reads::Read;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The environment variable naming the database when `--db` is not given.
pub const DB_ENV: &str = "PERMANENCE_DB";

/// The environment variable that fixes today's date, for tests and
/// demonstrations: `YYYY-MM-DD`. Unset or empty, today is the clock's.
pub const TODAY_ENV: &str = "PERMANENCE_TODAY";

/// Today: the clock's date, or the one `PERMANENCE_TODAY` fixes. The one
/// place the program takes today, so a test can fix it; a value that is not
/// a date is refused rather than read as the clock's, which would make a
/// test's dates silently depend on the day it runs.
fn today() -> Result<NaiveDate> {
    match std::env::var(TODAY_ENV) {
        Ok(value) if !value.is_empty() => NaiveDate::parse_from_str(&value, "%Y-%m-%d").map_err(|_| {
            anyhow::anyhow!("{TODAY_ENV}={value:?} is not a date written YYYY-MM-DD; nothing was done")
        }),
        Err(std::env::VarError::NotUnicode(value)) => {
            bail!("{TODAY_ENV}={value:?} is not a date written YYYY-MM-DD; nothing was done")
        }
        _ => Ok(chrono::Local::now().date_naive()),
    }
}

pub fn run(cli: Cli) -> Result<ExitCode> {
    let today = today()?;
    TODAY.set(today).ok();
    let db = cli.db;
    // Refused before anything is opened: a name no login could have is a
    // mistake or an attempt to smuggle something into the audit trail.
    if let Some(name) = &cli.as_user {
        crate::access::username(name).map_err(|e| anyhow::anyhow!("--as: {e}; nothing was done"))?;
    }
    let os_user = identity::system_username();
    ACTOR
        .set(Actor {
            user: cli.as_user.clone().unwrap_or_else(|| os_user.clone()),
            os_user,
        })
        .ok();
    READ_ONLY.set(cli.read_only).ok();
    THEME.set(cli.theme.clone()).ok();
    match cli.command {
        None => {
            let library = library()?;
            let default = db.is_none() && std::env::var_os(DB_ENV).is_none_or(|p| p.is_empty());
            let path = database_path(db)?;
            // Only on the default path, where a new user starts: a path
            // given by hand that is not there is a mistake, and refused.
            if default && std::fs::symlink_metadata(&path).is_err() {
                setup::offer_to_create(&path)?;
            }
            let mut store = open(&path)?;
            run_tui(&mut store, &library, today, None, None)
        }
        Some(Command::Init) => setup::init(&database_path(db)?),
        Some(Command::Child { reference }) => {
            let library = library()?;
            let mut store = open(&database_path(db)?)?;
            let id = store
                .child_id(&reference)?
                .with_context(|| format!("no child has the reference {reference}"))?;
            run_tui(&mut store, &library, today, Some(id), None)
        }
        Some(Command::Demo(args)) => run_demo(&args, db, today),
        Some(Command::Completions { shell: which }) => shell::completions(which),
        Some(Command::Man) => shell::man(),
        Some(Command::Config(command)) => config::run(command, cli.theme.as_deref(), today),
        Some(Command::Import(ImportCommand::Children {
            file,
            dry_run,
            map,
            blank_clears,
        })) => {
            let library = library()?;
            let names: Vec<&str> = crate::domain::import::Column::ALL.map(|c| c.name()).to_vec();
            let map = mapping(map.as_deref(), &names)?;
            let mut store = open(&database_path(db)?)?;
            authorise(&store, Permission::Import, None)?;
            let sheet = import::Sheet {
                file: &file,
                map: &map,
                blanks: blanks(blank_clears),
                dry_run,
            };
            import::children(&mut store, &library, &sheet, today)
        }
        Some(Command::Import(ImportCommand::Plans {
            file,
            dry_run,
            map,
            blank_clears,
        })) => {
            let library = library()?;
            let map = mapping(map.as_deref(), &crate::domain::plan_import::COLUMNS)?;
            let mut store = open(&database_path(db)?)?;
            authorise(&store, Permission::Import, None)?;
            let blanks = blanks(blank_clears);
            plans::import(&mut store, &library, &file, dry_run, &map, blanks, today)
        }
        Some(Command::Export(ExportCommand::Caseload { format })) => {
            library()?;
            let mut store = open(&database_path(db)?)?;
            authorise(&store, Permission::Export, None)?;
            let children = reads::caseload(&store);
            reads::on_record(
                &mut store,
                Read::Covering {
                    action: "export",
                    what: "export caseload",
                    children,
                },
            );
            export_caseload(&store, format)?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Record {
            reference,
            event,
            on,
            note,
            another,
            dry_run,
        }) => {
            let library = library()?;
            let mut store = open(&database_path(db)?)?;
            authorise(&store, Permission::EditTimeline, Some(&reference))?;
            let how = events::Recording {
                on: &on,
                note: note.as_deref(),
                another,
                dry_run,
            };
            events::record(&mut store, &library, &reference, &event, &how, today)
        }
        Some(Command::Done {
            reference,
            key,
            on,
            note,
            another,
            dry_run,
        }) => {
            let library = library()?;
            let mut store = open(&database_path(db)?)?;
            authorise(&store, Permission::EditTimeline, Some(&reference))?;
            let how = events::Recording {
                on: &on,
                note: note.as_deref(),
                another,
                dry_run,
            };
            events::done(&mut store, &library, &reference, &key, &how, today)
        }
        Some(Command::Undo {
            reference,
            key,
            reason,
            dry_run,
        }) => {
            let library = library()?;
            let mut store = open(&database_path(db)?)?;
            authorise(&store, Permission::EditTimeline, Some(&reference))?;
            events::undo(
                &mut store,
                &library,
                &reference,
                &key,
                reason.as_deref(),
                dry_run,
                today,
            )
        }
        Some(Command::Events { reference, json }) => {
            library()?;
            let mut store = open(&database_path(db)?)?;
            authorise(&store, Permission::ViewChild, Some(&reference))?;
            reads::on_record(&mut store, Read::Child(&reference));
            events::list(&store, &reference, json)
        }
        Some(Command::Correct {
            reference,
            event,
            on,
            to,
            reason,
            dry_run,
        }) => {
            let library = library()?;
            let mut store = open(&database_path(db)?)?;
            authorise(&store, Permission::EditTimeline, Some(&reference))?;
            let how = events::Putting {
                what: &event,
                on: &on,
                to: Some(&to),
                reason: reason.as_deref(),
                dry_run,
            };
            events::put_right(&mut store, &library, &reference, &how, today)
        }
        Some(Command::Withdraw {
            reference,
            event,
            on,
            reason,
            dry_run,
        }) => {
            let library = library()?;
            let mut store = open(&database_path(db)?)?;
            authorise(&store, Permission::EditTimeline, Some(&reference))?;
            let how = events::Putting {
                what: &event,
                on: &on,
                to: None,
                reason: reason.as_deref(),
                dry_run,
            };
            events::put_right(&mut store, &library, &reference, &how, today)
        }
        Some(Command::Timeline {
            reference,
            json,
            as_of,
        }) => {
            let library = library()?;
            let mut store = open(&database_path(db)?)?;
            authorise(&store, Permission::ViewChild, Some(&reference))?;
            reads::on_record(&mut store, Read::Child(&reference));
            plans::show(&store, &library, &reference, json, as_of.as_deref(), today)
        }
        Some(Command::Audit { reference, json }) => {
            let store = open(&database_path(db)?)?;
            authorise(&store, Permission::ViewAudit, None)?;
            audit::show(&store, reference.as_deref(), json)
        }
        Some(Command::Check) => {
            // No role is asked for: `check` shows no person or case, only
            // whether the file is sound, and must report on a damaged file
            // even where the damage is to the users or the rules.
            // A file SQLite cannot open (its schema or header damaged) is
            // the worst finding of all, said as the check's result.
            let store = open(&database_path(db)?).map_err(|e| {
                use crate::store::StoreError as E;
                match e.downcast_ref::<E>() {
                    Some(E::NotADatabase(_) | E::Migration { .. } | E::Sqlite(_) | E::Corrupt(_)) => e.context(
                        "the database is damaged or is not a permanence database, so nothing in it could be checked; do not use it, and restore from a backup",
                    ),
                    _ => e,
                }
            })?;
            audit::check(&store)
        }
        Some(Command::Backup { file }) => {
            let store = open(&database_path(db)?)?;
            authorise(&store, Permission::Administer, None)?;
            store
                .backup_to(&file)
                .with_context(|| format!("the backup to {} failed", file.display()))?;
            println!("backed up to {} (checked)", file.display());
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Restore { file, yes }) => {
            let path = database_path(db)?;
            if !yes {
                bail!(
                    "restoring replaces everything in {} with {} (the database it replaces is kept beside it); if that is what you want, run again with --yes",
                    path.display(),
                    file.display()
                );
            }
            if std::fs::symlink_metadata(&path).is_err() {
                if READ_ONLY.get().copied().unwrap_or(false) {
                    return Err(crate::store::StoreError::ReadOnly.into());
                }
                // No database there (lost with its machine, say): the
                // backup's own users say who may restore it.
                let actor = ACTOR.get().cloned().unwrap_or_else(Actor::system);
                Store::restore_new(&path, &file, actor, key()?.as_deref(), |store| {
                    crate::access::refuse_stand_in(store)
                        .map_err(|e| e.to_string())
                        .and_then(|()| {
                            authorise(store, Permission::Administer, None).map_err(|e| format!("{e:#}"))
                        })
                })?;
                println!(
                    "restored {} from {} (checked); there was no database there before",
                    path.display(),
                    file.display()
                );
                return Ok(ExitCode::SUCCESS);
            }
            let mut store = open(&path)?;
            authorise(&store, Permission::Administer, None)?;
            let kept = store.restore_from(&file)?;
            println!(
                "restored {} from {} (checked); the database it replaced is kept as {}",
                path.display(),
                file.display(),
                kept.display()
            );
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Form(command)) => {
            let library = library()?;
            match command {
                FormCommand::Kinds => forms::kinds(&library),
                FormCommand::Show { kind, json } => forms::show(&library, &kind, json),
                FormCommand::Template { kind } => forms::template(&library, &kind, today),
                FormCommand::Import {
                    reference,
                    kind,
                    file,
                    amends,
                } => {
                    let mut store = open(&database_path(db)?)?;
                    authorise(&store, Permission::EditTimeline, Some(&reference))?;
                    forms::import(&mut store, &library, &reference, &kind, &file, amends, today)
                }
                FormCommand::Export { id, format } => {
                    let mut store = open(&database_path(db)?)?;
                    let reference = store.form(id)?.map(|f| f.reference);
                    authorise(&store, Permission::ViewChild, reference.as_deref())?;
                    if let Some(reference) = &reference {
                        reads::on_record(&mut store, Read::Child(reference));
                    }
                    forms::export(&store, &library, id, format, today)
                }
                FormCommand::Sign { id, step, note } => {
                    let mut store = open(&database_path(db)?)?;
                    authorise(&store, Permission::SignOffQa, None)?;
                    forms::sign(&mut store, &library, id, &step, note.as_deref(), today)
                }
                FormCommand::Edit { reference, kind } => {
                    let mut store = open(&database_path(db)?)?;
                    let id = store
                        .child_id(&reference)?
                        .with_context(|| format!("no child has the reference {reference}"))?;
                    if library.form(&kind).is_none() {
                        bail!("{kind:?} is not a kind of form; `permanence form kinds` lists them");
                    }
                    authorise(&store, Permission::EditTimeline, Some(&reference))?;
                    run_tui(&mut store, &library, today, Some(id), Some(kind))
                }
            }
        }
        Some(Command::Users(command)) => {
            let mut store = open(&database_path(db)?)?;
            users::users(&mut store, command)
        }
        Some(Command::Permissions(command)) => {
            let mut store = open(&database_path(db)?)?;
            users::permissions(&mut store, command)
        }
        Some(Command::Retention { as_of }) => {
            let store = open(&database_path(db)?)?;
            authorise(&store, Permission::Administer, None)?;
            let as_of = match as_of {
                Some(text) => crate::domain::date::parse_day(&text, today)
                    .map_err(|e| anyhow::anyhow!("--as-of: {e}"))?,
                None => today,
            };
            audit::retention(&store, as_of)
        }
        Some(Command::Report(command)) => {
            let library = library()?;
            let mut store = open(&database_path(db)?)?;
            authorise(&store, Permission::Export, None)?;
            let what = match &command {
                crate::cli::ReportCommand::Overdue { .. } => "report overdue",
                crate::cli::ReportCommand::Due { .. } => "report due",
                crate::cli::ReportCommand::Tracker { .. } => "report tracker",
            };
            // Every report ranges over the whole caseload.
            let children = reads::caseload(&store);
            reads::on_record(
                &mut store,
                Read::Covering {
                    action: "report",
                    what,
                    children,
                },
            );
            reports::report(&mut store, &library, command, today)
        }
        Some(Command::BestOption {
            reference,
            json,
            as_of,
            connected,
            return_home_ruled_out,
        }) => {
            let library = library()?;
            let mut store = open(&database_path(db)?)?;
            authorise(&store, Permission::ViewChild, Some(&reference))?;
            reads::on_record(&mut store, Read::Child(&reference));
            let as_of = as_of_date(as_of.as_deref(), today)?;
            let yes_no = |name: &str, v: Option<String>| -> Result<Option<bool>> {
                match v.as_deref().map(str::to_ascii_lowercase).as_deref() {
                    None => Ok(None),
                    Some("yes" | "y" | "true") => Ok(Some(true)),
                    Some("no" | "n" | "false") => Ok(Some(false)),
                    Some(other) => bail!("--{name}: {other:?} should be yes or no"),
                }
            };
            let connected = yes_no("connected", connected)?;
            let ruled_out = yes_no("return-home-ruled-out", return_home_ruled_out)?;
            guidance::best_option(&store, &library, &reference, as_of, connected, ruled_out, json)
        }
        Some(Command::Chronology(args)) => {
            let library = library()?;
            let mut store = open(&database_path(db)?)?;
            match &args.command {
                Some(change) => {
                    let reference = match change {
                        crate::cli::ChronologyCommand::Add { reference, .. }
                        | crate::cli::ChronologyCommand::Mark { reference, .. } => reference,
                    };
                    authorise(&store, Permission::EditTimeline, Some(reference))?;
                    papers::change_chronology(&mut store, &library, change, today)
                }
                None => {
                    authorise(&store, Permission::ViewChild, args.reference.as_deref())?;
                    if let Some(reference) = &args.reference {
                        reads::on_record(&mut store, Read::Child(reference));
                    }
                    papers::chronology(&store, &library, &args, today)
                }
            }
        }
        Some(Command::Genogram { reference, format }) => {
            library()?;
            let mut store = open(&database_path(db)?)?;
            authorise(&store, Permission::ViewChild, Some(&reference))?;
            reads::on_record(&mut store, Read::Child(&reference));
            papers::genogram(&store, &reference, format)
        }
        Some(Command::Family {
            reference,
            import,
            dry_run,
            format,
        }) => {
            library()?;
            let mut store = open(&database_path(db)?)?;
            match import {
                Some(file) => {
                    authorise(&store, Permission::EditTimeline, Some(&reference))?;
                    papers::import_family(&mut store, &reference, &file, dry_run)
                }
                None => {
                    authorise(&store, Permission::ViewChild, Some(&reference))?;
                    reads::on_record(&mut store, Read::Child(&reference));
                    papers::family(&store, &reference, format)
                }
            }
        }
        Some(Command::FamilyMeeting {
            reference,
            kind,
            on,
            attended,
            outcome,
            timeline,
            notes,
        }) => {
            library()?;
            let mut store = open(&database_path(db)?)?;
            authorise(&store, Permission::EditTimeline, Some(&reference))?;
            let meeting = papers::MeetingArgs {
                kind: &kind,
                on: &on,
                attended: &attended,
                outcomes: &outcome,
                timeline,
                notes: notes.as_deref(),
            };
            papers::family_meeting(&mut store, &reference, &meeting, today)
        }
        Some(Command::Gateway {
            reference,
            json,
            panel,
            pre_proceedings,
            tick,
            untick,
        }) => {
            let library = library()?;
            let mut store = open(&database_path(db)?)?;
            let changes =
                panel.is_some() || pre_proceedings.is_some() || !tick.is_empty() || !untick.is_empty();
            let needed = if changes {
                Permission::EditTimeline
            } else {
                Permission::ViewChild
            };
            authorise(&store, needed, Some(&reference))?;
            // A change is on the record already, as a change.
            if !changes {
                reads::on_record(&mut store, Read::Child(&reference));
            }
            papers::gateway(
                &mut store,
                &library,
                &reference,
                json,
                panel.as_deref(),
                pre_proceedings.as_deref(),
                &tick,
                &untick,
                today,
            )
        }
        Some(Command::Minutes { id, format }) => {
            library()?;
            let mut store = open(&database_path(db)?)?;
            authorise(&store, Permission::Export, None)?;
            reports::minutes(&mut store, id, format)
        }
        Some(Command::Ics { worker, as_of }) => {
            let library = library()?;
            let mut store = open(&database_path(db)?)?;
            authorise(&store, Permission::Export, None)?;
            let as_of = as_of_date(as_of.as_deref(), today)?;
            reports::ics(&mut store, &library, worker.as_deref(), as_of)
        }
        Some(Command::Pathways(command)) => match command {
            PathwaysCommand::List => pathways::list(&library()?),
            PathwaysCommand::Show { name } => pathways::show(&library()?, &name),
            PathwaysCommand::Check { file } => pathways::check(&file),
        },
    }
}

/// Refuses, in the policy's words, what the acting user may not do, by
/// the rules kept in the database.
fn authorise(store: &Store, action: Permission, child: Option<&str>) -> Result<()> {
    let access = Access::resolve(store)?;
    let policy = crate::access::policy(store)?;
    let verdict = match child {
        Some(reference) => match store.child_id(reference)? {
            Some(id) => access.check_child(store, &policy, action, id)?,
            // The command itself reports an unknown reference.
            None => Ok(()),
        },
        None => access.check(&policy, action, None),
    };
    verdict.map_err(|refusal| anyhow::anyhow!("{refusal}"))
}

/// Loads the pathways and bank holidays, refusing to start if any file
/// is wrong, with every problem listed.
fn library() -> Result<Library> {
    let dir = Library::config_dir();
    let settings = crate::config::Settings::load(dir.as_deref());
    // Deadlines counted on the wrong nation's holidays would be wrong
    // without anyone seeing it, so a region that is not one stops here.
    if let Some(problem) = &settings.problems.holidays {
        bail!("cannot start: {problem}");
    }
    // A permissions file in the configuration folder was once read; now
    // the rules live in the database, and whoever sets the folder's
    // variable must not be able to redefine them. Said, so nobody thinks
    // their file is in force.
    if let Some(file) = dir
        .as_deref()
        .map(|d| d.join("permissions.toml"))
        .filter(|f| f.exists())
    {
        eprintln!(
            "warning: {} is not read: the permission rules are kept in the database; an administrator puts a file's rules in force with `permanence permissions import FILE`",
            file.display()
        );
    }
    let region = settings.config.bank_holidays.unwrap_or_default();
    let library = Library::load_for(dir.as_deref(), region).map_err(|problems| {
        let list: Vec<String> = problems.iter().map(ToString::to_string).collect();
        anyhow::anyhow!(
            "cannot start: {} problem{} in the pathway and holiday files:\n{}",
            problems.len(),
            if problems.len() == 1 { "" } else { "s" },
            list.join("\n")
        )
    })?;
    // Every store opened from now on keeps its stored timelines right.
    ENGINE.set(Engine::new(&library)).ok();
    Ok(library)
}

/// `--db`, else `$PERMANENCE_DB`, else the user's data directory.
fn database_path(flag: Option<PathBuf>) -> Result<PathBuf> {
    if let Some(path) = flag {
        return Ok(path);
    }
    if let Some(path) = std::env::var_os(DB_ENV).filter(|p| !p.is_empty()) {
        return Ok(PathBuf::from(path));
    }
    let dirs = directories::ProjectDirs::from("", "", "permanence")
        .context("cannot find your home directory to keep the database in; pass --db PATH")?;
    Ok(dirs.data_dir().join("permanence.db"))
}

/// Who this run acts as, set once from the command line and the system.
static ACTOR: std::sync::OnceLock<Actor> = std::sync::OnceLock::new();
/// Whether `--read-only` was given.
static READ_ONLY: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
/// The theme asked for with `--theme` (or `$PERMANENCE_THEME`).
static THEME: std::sync::OnceLock<Option<String>> = std::sync::OnceLock::new();
/// How timelines are worked out, once the library is loaded.
static ENGINE: std::sync::OnceLock<Engine> = std::sync::OnceLock::new();
/// Today, as this run sees it.
static TODAY: std::sync::OnceLock<NaiveDate> = std::sync::OnceLock::new();

/// The encryption key, from `$PERMANENCE_KEY_FILE` (a file only its
/// owner can read), for a build with the `encryption` feature.
fn key() -> Result<Option<String>> {
    let Some(file) = std::env::var_os(KEY_FILE_ENV).filter(|f| !f.is_empty()) else {
        return Ok(None);
    };
    let path = PathBuf::from(file);
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(&path)
        .with_context(|| format!("cannot read the key file {}", path.display()))?
        .permissions()
        .mode();
    if mode & 0o077 != 0 {
        bail!(
            "the key file {} can be read by others (mode {:o}); make it owner-only with chmod 600",
            path.display(),
            mode & 0o777
        );
    }
    let key = std::fs::read_to_string(&path)
        .with_context(|| format!("cannot read the key file {}", path.display()))?;
    let key = key.trim().to_string();
    if key.is_empty() {
        bail!("the key file {} is empty", path.display());
    }
    Ok(Some(key))
}

/// The environment variable naming the encryption key's file.
pub const KEY_FILE_ENV: &str = "PERMANENCE_KEY_FILE";

/// Opens the database that is at `path`, refusing a path with none (see
/// `setup`), as the acting user, refusing `--as` where nobody can have
/// allowed it.
fn open(path: &Path) -> Result<Store> {
    let actor = ACTOR.get().cloned().unwrap_or_else(Actor::system);
    let key = key()?;
    let store = if READ_ONLY.get().copied().unwrap_or(false) {
        Store::open_read_only_keyed(path, actor, key.as_deref())
    } else {
        Store::open_existing(path, actor, key.as_deref())
    };
    let mut store = store.with_context(|| format!("cannot open the database {}", path.display()))?;
    crate::access::refuse_stand_in(&store)?;
    attach_engine(&mut store);
    if let Some(warning) = store.permission_warning() {
        eprintln!("{warning}");
    }
    Ok(store)
}

/// Every store opened once the library is loaded keeps its stored
/// timelines right.
fn attach_engine(store: &mut Store) {
    if let (Some(engine), Some(today)) = (ENGINE.get(), TODAY.get()) {
        store.set_timeline_source(Box::new(engine.clone()), *today);
    }
}

/// `--blank-clears`, as the import rules take it.
fn blanks(clear: bool) -> crate::domain::import::Blanks {
    if clear {
        crate::domain::import::Blanks::Clear
    } else {
        crate::domain::import::Blanks::Keep
    }
}

fn run_tui(
    store: &mut Store,
    library: &Library,
    today: NaiveDate,
    open_child: Option<crate::domain::child::ChildId>,
    open_form: Option<String>,
) -> Result<ExitCode> {
    let session = ui::Session {
        database: store.path().display().to_string(),
        user: store.actor().user.clone(),
        today,
        read_only: store.is_read_only(),
    };
    // Who is this, and are they a user of this database at all? The
    // caseload names every child, so it is theirs to see only if they may.
    let access = Access::resolve(store)?;
    authorise(store, Permission::ViewChild, None)?;
    let rows = store.caseload()?;
    let opening = ui::Opening {
        child: open_child,
        form: open_form,
    };
    ui::run(store, library, session, rows, opening, access, preferences())
}

/// How the screens look and which keys do what: the theme asked for
/// (`--theme`, else the configuration file's), at the colours the terminal
/// shows, and the file's keys and view. Whatever is wrong with a theme or
/// the file is said, here and on the status line, and left out: nobody is
/// kept out of the program for a colour or a key.
fn preferences() -> ui::Preferences {
    let settings = crate::config::Settings::load(Library::config_dir().as_deref());
    let (own, unreadable) = crate::library::own_themes();
    let name = THEME.get().cloned().flatten().or(settings.config.theme.clone());
    let depth = ui::theme::Depth::detect(|name| std::env::var(name).ok());
    let mut look = ui::theme::choose(name.as_deref(), &own, depth);
    if let Some(problem) = unreadable.first() {
        look.warning.get_or_insert_with(|| problem.to_string());
    }
    let problems = settings.problems.lines();
    for line in look.warning.iter().chain(&problems) {
        eprintln!("warning: {line}");
    }
    // On the narrow status line the file goes by its name alone.
    let folder = settings
        .path
        .as_ref()
        .and_then(|p| p.parent())
        .map(|dir| format!("{}/", dir.display()));
    let short = |line: &String| match &folder {
        Some(folder) => line.replacen(folder.as_str(), "", 1),
        None => line.clone(),
    };
    let problem = match problems.len() {
        0 => None,
        1 => Some(short(&problems[0])),
        n => Some(format!(
            "{n} problems in the configuration file: see `permanence config check`"
        )),
    };
    ui::Preferences {
        look,
        keymap: settings.keymap,
        view: settings.config.view,
        problem,
        ascii: ui::view::ascii::wanted(|name| std::env::var(name).ok()),
        mouse: settings.config.mouse.unwrap_or(true),
        dates: settings.config.date_format.unwrap_or_default(),
    }
}

fn run_demo(args: &DemoArgs, db: Option<PathBuf>, today: NaiveDate) -> Result<ExitCode> {
    // The temporary folder is removed when this function returns, however
    // it returns: the demo never leaves synthetic data lying about.
    let mut temporary = None;
    let path = match db {
        Some(path) => {
            if path.exists() {
                bail!(
                    "{} already exists; demo writes only to a new database, so choose another path or remove it",
                    path.display()
                );
            }
            path
        }
        None => {
            let dir = tempfile::Builder::new()
                .prefix("permanence-demo-")
                .tempdir()
                .context("cannot create a temporary folder for the demo database")?;
            let path = dir.path().join("demo.db");
            temporary = Some(dir);
            path
        }
    };
    let seed = args.seed.unwrap_or_else(|| {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos() as u64)
    });
    let library = library()?;
    let mut store = setup::create(&path)?;
    let mut caseload = demo::generate(args.children, seed, today);
    let pathways: Vec<_> = library.pathways.iter().map(|p| &p.pathway).collect();
    demo::plans::add_plans(&mut caseload, &pathways, &library.calendar, seed, today);
    caseload
        .write_to(&mut store)
        .context("cannot write the demo caseload")?;
    store_timelines(&mut store, today);
    setup::make_administrator(&mut store)?;
    if args.no_tui {
        eprintln!(
            "demo: {} children, {} workers, {} plans, seed {seed}, written to {}",
            caseload.children.len(),
            caseload.workers.len(),
            caseload.plans.len(),
            if temporary.is_some() {
                "a temporary database (now removed; use --db PATH to keep it)".to_string()
            } else {
                path.display().to_string()
            }
        );
        return Ok(ExitCode::SUCCESS);
    }
    let status = run_tui(&mut store, &library, today, None, None);
    drop(store);
    drop(temporary);
    status
}

/// Works out and stores the timelines a bulk load made stale, in batches
/// that let other users save in between. The load itself is already
/// saved, so a failure here is only said: readers work out what is not
/// stored.
pub(crate) fn store_timelines(store: &mut Store, today: NaiveDate) {
    if let Err(e) = store.refresh_timelines(today) {
        eprintln!("note: the timelines were not all stored ({e}); they are worked out as they are read");
    }
}

fn export_caseload(store: &Store, format: Format) -> Result<()> {
    let children = store.all_children()?;
    let stdout = crate::commands::output::stdout();
    let out = std::io::BufWriter::new(stdout);
    match format {
        Format::Csv => export::write_csv(&children, out)?,
        Format::Json => export::write_json(&children, out)?,
    }
    Ok(())
}

/// `--as-of DATE`, or today.
fn as_of_date(text: Option<&str>, today: NaiveDate) -> Result<NaiveDate> {
    match text {
        Some(text) => {
            crate::domain::date::parse_day(text, today).map_err(|e| anyhow::anyhow!("--as-of: {e}"))
        }
        None => Ok(today),
    }
}

/// `--map`, read before anything is opened so a mistake in it costs nothing.
fn mapping(text: Option<&str>, columns: &[&str]) -> Result<Vec<crate::domain::column_map::Mapping>> {
    match text {
        Some(text) => crate::domain::column_map::parse(text, columns).map_err(|e| anyhow::anyhow!(e)),
        None => Ok(Vec::new()),
    }
}

/// Names every problem of a refused import, file and line first, and says
/// nothing was imported: the children and plans imports alike.
fn refuse_import(file: &Path, problems: &[crate::domain::import::ImportProblem]) -> Result<ExitCode> {
    let mut err = crate::commands::output::stderr();
    for problem in problems {
        writeln!(err, "{}: {problem}", file.display())?;
    }
    writeln!(
        err,
        "nothing was imported: {} problem{} in {}",
        problems.len(),
        if problems.len() == 1 { "" } else { "s" },
        file.display()
    )?;
    Ok(ExitCode::FAILURE)
}
