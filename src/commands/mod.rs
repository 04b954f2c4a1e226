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
mod context;
mod events;
mod export_ssda903;
pub mod forms;
mod guidance;
mod import;
mod import_events;
mod import_ssda903;
mod not_needed;
pub mod output;
mod papers;
mod pathways;
mod plan_cmd;
pub mod plans;
mod reads;
mod reports;
mod safekeeping;
mod setup;
mod shell;
mod users;

use crate::cli::{
    Cli, Command, DemoArgs, ExportCommand, FormCommand, Format, ImportCommand, PathwaysCommand,
};
use crate::domain::permissions::Action as Permission;
use crate::interchange::export;
use crate::service::access::Access;
use crate::service::library::Library;
use crate::store::{Clock, Store};
use crate::{demo, ui};
use anyhow::{Context, Result, bail};
use chrono::NaiveDate;
use context::{Ctx, Session, authorise};
use reads::Read;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

pub use context::{DB_ENV, KEY_FILE_ENV};

/// The environment variable that fixes today's date, for tests and
/// demonstrations: `YYYY-MM-DD`. Unset or empty, today is the clock's.
/// Set, the clock is stopped at noon (local time) that day, so every time
/// the program writes or shows (audit entries, drafts, the name a
/// replaced database is kept under) is on the day it takes as today, and
/// a test can know it.
pub const TODAY_ENV: &str = "PERMANENCE_TODAY";

/// Today and the clock: the clock's date, or the one `PERMANENCE_TODAY`
/// fixes, with the clock stopped on it. The one place the program takes
/// today, so a test can fix it; a value that is not a date is refused
/// rather than read as the clock's, which would make a test's dates
/// silently depend on the day it runs.
fn today(clock: Clock) -> Result<(NaiveDate, Clock)> {
    match std::env::var(TODAY_ENV) {
        Ok(value) if !value.is_empty() => {
            let day = NaiveDate::parse_from_str(&value, "%Y-%m-%d").map_err(|_| {
                anyhow::anyhow!("{TODAY_ENV}={value:?} is not a date written YYYY-MM-DD; nothing was done")
            })?;
            Ok((day, stopped_on(day)))
        }
        Err(std::env::VarError::NotUnicode(value)) => {
            bail!("{TODAY_ENV}={value:?} is not a date written YYYY-MM-DD; nothing was done")
        }
        _ => Ok((clock.now().with_timezone(&chrono::Local).date_naive(), clock)),
    }
}

/// A clock stopped at noon local time on `day`: noon, so the day is the
/// same in every time zone a worker might be in, and no clock change
/// (they happen at night) makes it ambiguous.
fn stopped_on(day: NaiveDate) -> Clock {
    use chrono::TimeZone;
    let noon = day.and_hms_opt(12, 0, 0).unwrap_or_default();
    let at = chrono::Local
        .from_local_datetime(&noon)
        .earliest()
        .map_or_else(|| noon.and_utc(), |t| t.with_timezone(&chrono::Utc));
    Clock::fixed(at)
}

/// Runs one command: what it needs (the library, the database, a
/// permission) is asked of the [`Ctx`], which opens them in the one right
/// order, and the command's own module does the rest.
/// Everything it writes or shows is timed by `clock` (the binary's wall
/// clock, unless `PERMANENCE_TODAY` stops it).
pub fn run(cli: Cli, clock: Clock) -> Result<ExitCode> {
    let (today, clock) = today(clock)?;
    let ctx = Ctx::from_cli(&cli, today, clock)?;
    match cli.command {
        None => {
            let library = context::load_library()?;
            let path = ctx.database_path()?;
            // Only on the default path, where a new user starts: a path
            // given by hand that is not there is a mistake, and refused.
            if ctx.default_database() && std::fs::symlink_metadata(&path).is_err() {
                setup::offer_to_create(&ctx, &path)?;
            }
            let mut store = ctx.open(Some(&library))?;
            run_tui(&ctx, &mut store, &library, None, None)
        }
        Some(Command::Init) => setup::init(&ctx),
        Some(Command::Child { reference }) => {
            let library = context::load_library()?;
            let mut store = ctx.open(Some(&library))?;
            let id = store
                .child_id(&reference)?
                .with_context(|| format!("no child has the reference {reference}"))?;
            run_tui(&ctx, &mut store, &library, Some(id), None)
        }
        Some(Command::Demo(args)) => run_demo(&ctx, &args),
        Some(Command::Completions { shell: which }) => shell::completions(which),
        Some(Command::Man) => shell::man(),
        Some(Command::Config(command)) => config::run(command, ctx.theme.as_deref(), today),
        Some(Command::Import(command)) => import_command(&ctx, command),
        Some(Command::Export(ExportCommand::Caseload { format })) => {
            let Session { mut store, .. } = ctx.session(Permission::Export, None)?;
            let children = reads::caseload(&store);
            let what = "export caseload";
            reads::on_record(
                &mut store,
                Read::Covering {
                    action: crate::store::AuditAction::Export,
                    what,
                    children,
                },
            );
            export_caseload(&store, format)?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Export(ExportCommand::Ssda903 { year, folder })) => {
            export_ssda903::export(&ctx, year, &folder)
        }
        Some(
            command @ (Command::Record { .. }
            | Command::Done { .. }
            | Command::Undo { .. }
            | Command::Events { .. }
            | Command::Correct { .. }
            | Command::Withdraw { .. }),
        ) => events::command(&ctx, command),
        Some(Command::Plan(command)) => plan_cmd::command(&ctx, command),
        Some(Command::Timeline {
            reference,
            json,
            as_of,
        }) => {
            let Session { library, mut store } = ctx.session(Permission::ViewChild, Some(&reference))?;
            reads::on_record(&mut store, Read::Child(&reference));
            plans::show(&store, &library, &reference, json, as_of.as_deref(), today)
        }
        // A read of no child, and not recorded: an entry written now would
        // move the head just printed (docs/reliability.md, Audit).
        Some(Command::Audit {
            command: Some(crate::cli::AuditCommand::Anchor { json }),
            ..
        }) => audit::anchor(&ctx.store(Permission::ViewAudit)?, json),
        Some(Command::Audit {
            command: None,
            reference,
            json,
        }) => audit::show(&ctx.store(Permission::ViewAudit)?, reference.as_deref(), json),
        Some(Command::Check { anchor }) => safekeeping::check(&ctx, anchor.as_deref()),
        Some(Command::Backup { file }) => safekeeping::backup(&ctx, &file),
        Some(Command::Restore { file, yes }) => safekeeping::restore(&ctx, &file, yes),
        Some(Command::Form(command)) => form_command(&ctx, command),
        Some(Command::Users(command)) => users::users(&mut ctx.open(None)?, command),
        Some(Command::Permissions(command)) => users::permissions(&mut ctx.open(None)?, command),
        Some(Command::Retention { as_of }) => {
            let store = ctx.store(Permission::Administer)?;
            audit::retention(&store, as_of_date(as_of.as_deref(), today)?)
        }
        Some(Command::Report(command)) => {
            let Session { library, mut store } = ctx.session(Permission::Export, None)?;
            let what = match &command {
                crate::cli::ReportCommand::Overdue { .. } => "report overdue",
                crate::cli::ReportCommand::Due { .. } => "report due",
                crate::cli::ReportCommand::Tracker { .. } => "report tracker",
                crate::cli::ReportCommand::Timeliness { .. } => "report timeliness",
            };
            // Every report ranges over the whole caseload.
            let children = reads::caseload(&store);
            reads::on_record(
                &mut store,
                Read::Covering {
                    action: crate::store::AuditAction::Report,
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
            let Session { library, mut store } = ctx.session(Permission::ViewChild, Some(&reference))?;
            reads::on_record(&mut store, Read::Child(&reference));
            let as_of = as_of_date(as_of.as_deref(), today)?;
            let facts = guidance::GivenFacts::from_flags(connected, return_home_ruled_out)?;
            guidance::best_option(&store, &library, &reference, as_of, facts, json)
        }
        Some(
            command @ (Command::Chronology(_)
            | Command::Genogram { .. }
            | Command::Family { .. }
            | Command::FamilyMeeting { .. }
            | Command::Gateway { .. }),
        ) => papers::command(&ctx, command),
        Some(Command::Minutes { id, format }) => {
            let Session { mut store, .. } = ctx.session(Permission::Export, None)?;
            reports::minutes(&mut store, id, format)
        }
        Some(Command::Ics { worker, as_of }) => {
            let Session { library, mut store } = ctx.session(Permission::Export, None)?;
            let as_of = as_of_date(as_of.as_deref(), today)?;
            reports::ics(&mut store, &library, worker.as_deref(), as_of)
        }
        Some(Command::Pathways(command)) => match command {
            PathwaysCommand::List => pathways::list(&context::load_library()?),
            PathwaysCommand::Show { name } => pathways::show(&context::load_library()?, &name),
            PathwaysCommand::Check { file } => pathways::check(&file),
        },
    }
}

/// `permanence form ...`: what each kind of form is, and a child's forms.
fn form_command(ctx: &Ctx, command: FormCommand) -> Result<ExitCode> {
    let today = ctx.today;
    match command {
        FormCommand::Kinds => forms::kinds(&context::load_library()?),
        FormCommand::Show { kind, json } => forms::show(&context::load_library()?, &kind, json),
        FormCommand::Template { kind } => forms::template(&context::load_library()?, &kind, today),
        FormCommand::Import {
            reference,
            kind,
            file,
            amends,
        } => {
            let Session { library, mut store } = ctx.session(Permission::EditTimeline, Some(&reference))?;
            forms::import(&mut store, &library, &reference, &kind, &file, amends, today)
        }
        FormCommand::Export { id, format } => {
            let library = context::load_library()?;
            let mut store = ctx.open(Some(&library))?;
            let reference = store.form(id)?.map(|f| f.reference);
            authorise(&store, Permission::ViewChild, reference.as_deref())?;
            if let Some(reference) = &reference {
                reads::on_record(&mut store, Read::Child(reference));
            }
            forms::export(&store, &library, id, format, today)
        }
        // Who may record a step, return or amend a form is the route's use
        // case's to say, in the route's words: a worker records some steps.
        FormCommand::Sign { id, step, note } => {
            let Session { library, mut store } = ctx.session(Permission::ViewChild, None)?;
            forms::sign(&mut store, &library, id, &step, note.as_deref(), today)
        }
        FormCommand::Return { id, comments } => {
            let Session { library, mut store } = ctx.session(Permission::ViewChild, None)?;
            forms::send_back(&mut store, &library, id, &comments, today)
        }
        FormCommand::Amend { id, reason } => {
            let Session { library, mut store } = ctx.session(Permission::ViewChild, None)?;
            forms::amend(&mut store, &library, id, &reason)
        }
        FormCommand::Edit { reference, kind } => {
            let library = context::load_library()?;
            let mut store = ctx.open(Some(&library))?;
            let id = store
                .child_id(&reference)?
                .with_context(|| format!("no child has the reference {reference}"))?;
            if library.form(&kind).is_none() {
                bail!("{kind:?} is not a kind of form; `permanence form kinds` lists them");
            }
            authorise(&store, Permission::EditTimeline, Some(&reference))?;
            run_tui(ctx, &mut store, &library, Some(id), Some(kind))
        }
    }
}

/// `permanence import children|plans|events FILE`, `import ssda903 FOLDER_OR_FILES…`: `--map` is read before
/// anything is opened, so a mistake in it costs nothing.
fn import_command(ctx: &Ctx, command: ImportCommand) -> Result<ExitCode> {
    match command {
        ImportCommand::Children {
            file,
            dry_run,
            map,
            blank_clears,
        } => {
            let names: Vec<&str> = crate::domain::import::Column::ALL.map(|c| c.name()).to_vec();
            let map = mapping(map.as_deref(), &names)?;
            let Session { library, mut store } = ctx.session(Permission::Import, None)?;
            let sheet = import::Sheet {
                file: &file,
                map: &map,
                blanks: blanks(blank_clears),
                dry_run,
            };
            import::children(&mut store, &library, &sheet, ctx.today)
        }
        ImportCommand::Plans {
            file,
            dry_run,
            map,
            blank_clears,
        } => {
            let map = mapping(map.as_deref(), &crate::domain::plan_import::COLUMNS)?;
            let Session { library, mut store } = ctx.session(Permission::Import, None)?;
            plans::import(
                &mut store,
                &library,
                &file,
                dry_run,
                &map,
                blanks(blank_clears),
                ctx.today,
            )
        }
        ImportCommand::Events { file, dry_run } => {
            let Session { library, mut store } = ctx.session(Permission::Import, None)?;
            import_events::import(&mut store, &library, &file, dry_run, ctx.today)
        }
        ImportCommand::Ssda903 { paths, dry_run, year } => {
            let Session { library, mut store } = ctx.session(Permission::Import, None)?;
            let request = import_ssda903::Request {
                paths: &paths,
                dry_run,
                year,
            };
            import_ssda903::import(&mut store, &library, &request, ctx.today)
        }
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
    ctx: &Ctx,
    store: &mut Store,
    library: &Library,
    open_child: Option<crate::domain::child::ChildId>,
    open_form: Option<String>,
) -> Result<ExitCode> {
    let session = ui::Session {
        database: store.path().display().to_string(),
        user: store.actor().user.clone(),
        today: ctx.today,
        read_only: store.is_read_only(),
    };
    // Who is this, and are they a user of this database at all? The
    // caseload names every child, so it is theirs to see only if they may.
    let access = Access::resolve(store)?;
    authorise(store, Permission::ViewChild, None)?;
    // The app reads the caseload itself: its first screen before the rest.
    let opening = ui::Opening {
        child: open_child,
        form: open_form,
    };
    ui::run(
        store,
        library,
        session,
        opening,
        access,
        preferences(ctx.theme.as_deref()),
    )
}

/// How the screens look and which keys do what: the theme asked for
/// (`--theme`, else the configuration file's), at the colours the terminal
/// shows, and the file's keys and view. Whatever is wrong with a theme or
/// the file is said, here and on the status line, and left out: nobody is
/// kept out of the program for a colour or a key.
fn preferences(theme: Option<&str>) -> ui::Preferences {
    let settings = crate::config::Settings::load(Library::config_dir().as_deref());
    let (own, unreadable) = crate::service::library::own_themes();
    let name = theme.map(String::from).or(settings.config.theme.clone());
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
        export_folder: settings.config.export_folder.clone(),
    }
}

fn run_demo(ctx: &Ctx, args: &DemoArgs) -> Result<ExitCode> {
    let today = ctx.today;
    // The temporary folder is removed when this function returns, however
    // it returns: the demo never leaves synthetic data lying about.
    let mut temporary = None;
    let path = match ctx.named_database() {
        Some(path) => {
            if path.exists() {
                bail!(
                    "{} already exists; demo writes only to a new database, so choose another path or remove it",
                    path.display()
                );
            }
            let key = crate::store::key_path(&path);
            if key.exists() {
                bail!(
                    "{} already exists (an audit key left from another database); demo writes only a new database and its key, so choose another path or remove it",
                    key.display()
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
    // A seed nobody chose is a new one each run: the standard library's
    // random hashing keys (drawn from the system's randomness), not the
    // clock, which a test may have stopped.
    let seed = args.seed.unwrap_or_else(|| {
        use std::hash::BuildHasher;
        std::collections::hash_map::RandomState::new().hash_one(0u8)
    });
    let mut phases = demo::Phases::from_env();
    let library = context::load_library()?;
    // Made under a temporary name beside the path and given its name only
    // when complete, so that it can be written without a journal on disk.
    let (mut store, staged) = ctx.create_staged(&path, &library)?;
    phases.done("database made");
    let mut caseload = demo::generate(args.children, seed, today);
    phases.done("children generated");
    let pathways: Vec<_> = library.pathways.iter().map(|p| &p.pathway).collect();
    let calendar = &library.calendar;
    // A new file nobody else has open: its commits need not each be
    // synced, as made again if the machine fails while it is written.
    store
        .load_new(|store| {
            // The plans are drawn on the second core while the children
            // are written.
            caseload.write_planning(store, &mut phases, |children, hand_over| {
                demo::plans::plan_in_chunks(
                    children,
                    &pathways,
                    calendar,
                    seed,
                    today,
                    demo::plans::CHUNK,
                    hand_over,
                )
            })?;
            // Every child's at once: a new file nobody else waits on.
            if let Err(e) = store.refresh_timelines_in_bulk(today) {
                eprintln!(
                    "note: the timelines were not all stored ({e}); they are worked out as they are read"
                );
            }
            phases.done("timelines stored");
            Ok(())
        })
        .context("cannot write the demo caseload")?;
    phases.done("written out to disk");
    setup::make_administrator(&mut store)?;
    phases.done("administrator made");
    let mut store = ctx.put_in_place(staged, store, &library)?;
    phases.done("given its name");
    phases.total();
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
    let status = run_tui(ctx, &mut store, &library, None, None);
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
