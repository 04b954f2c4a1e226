//! What every command runs with, made once from the command line and the
//! system before any command runs: today, who is acting, whether the
//! session is read-only, the theme asked for, and where the database is.
//! It replaces five process-wide globals whose order (the library had to
//! be loaded before a store was opened, or the store would not keep its
//! stored timelines right) nothing enforced: here a store that works out
//! timelines can only be opened with the library in hand.

use crate::cli::Cli;
use crate::domain::permissions::Action as Permission;
use crate::service::access::Access;
use crate::service::library::Library;
use crate::service::timelines::Engine;
use crate::store::{Actor, Clock, ForCheck, Staged, Store};
use anyhow::{Context, Result, bail};
use chrono::NaiveDate;
use std::path::{Path, PathBuf};

/// The environment variable naming the database when `--db` is not given.
pub const DB_ENV: &str = "PERMANENCE_DB";

/// The environment variable naming the encryption key's file.
pub const KEY_FILE_ENV: &str = "PERMANENCE_KEY_FILE";

/// One run of the program, as the command line and the system set it.
pub struct Ctx {
    pub today: NaiveDate,
    /// What every store this run opens stamps its writes with.
    pub clock: Clock,
    pub actor: Actor,
    pub read_only: bool,
    /// `--theme` (or `$PERMANENCE_THEME`).
    pub theme: Option<String>,
    /// `--db`, if given.
    db: Option<PathBuf>,
}

/// A command's library and database, opened in the one order that keeps
/// stored timelines right, with the acting user's permission checked.
pub struct Session {
    pub library: Library,
    pub store: Store,
}

impl Ctx {
    /// Refuses, before anything is opened, an `--as` name no login could
    /// have: a mistake or an attempt to smuggle something into the trail.
    pub fn from_cli(cli: &Cli, today: NaiveDate, clock: Clock) -> Result<Ctx> {
        if let Some(name) = &cli.as_user {
            crate::service::access::username(name)
                .map_err(|e| anyhow::anyhow!("--as: {e}; nothing was done"))?;
        }
        let os_user = crate::service::identity::system_username();
        Ok(Ctx {
            today,
            clock,
            actor: Actor {
                user: cli.as_user.clone().unwrap_or_else(|| os_user.clone()),
                os_user,
            },
            read_only: cli.read_only,
            theme: cli.theme.clone(),
            db: cli.db.clone(),
        })
    }

    /// Whether no database was named (`--db` or `$PERMANENCE_DB`): the
    /// default path, where a new user starts.
    pub fn default_database(&self) -> bool {
        self.db.is_none() && std::env::var_os(DB_ENV).is_none_or(|p| p.is_empty())
    }

    /// `--db` alone: the demo writes only where it is told to on the
    /// command line, never to `$PERMANENCE_DB`.
    pub fn named_database(&self) -> Option<PathBuf> {
        self.db.clone()
    }

    /// `--db`, else `$PERMANENCE_DB`, else the user's data directory.
    pub fn database_path(&self) -> Result<PathBuf> {
        if let Some(path) = &self.db {
            return Ok(path.clone());
        }
        if let Some(path) = std::env::var_os(DB_ENV).filter(|p| !p.is_empty()) {
            return Ok(PathBuf::from(path));
        }
        let dirs = directories::ProjectDirs::from("", "", "permanence")
            .context("cannot find your home directory to keep the database in; pass --db PATH")?;
        Ok(dirs.data_dir().join("permanence.db"))
    }

    /// The library and the database, with `permission` checked (for
    /// `child`, where one is named).
    pub fn session(&self, permission: Permission, child: Option<&str>) -> Result<Session> {
        let library = load_library()?;
        let store = self.open(Some(&library))?;
        authorise(&store, permission, child)?;
        Ok(Session { library, store })
    }

    /// The database alone, for a command that shows no timeline (the
    /// trail, users, backups), with `permission` checked.
    pub fn store(&self, permission: Permission) -> Result<Store> {
        let store = self.open(None)?;
        authorise(&store, permission, None)?;
        Ok(store)
    }

    /// Opens the database that is at the path, refusing a path with none
    /// (see `setup`), as the acting user, refusing `--as` where nobody can
    /// have allowed it. With the library, the store keeps its stored
    /// timelines right as it changes.
    pub fn open(&self, library: Option<&Library>) -> Result<Store> {
        let path = self.database_path()?;
        let key = key()?;
        let store = if self.read_only {
            Store::open_read_only_keyed(&path, self.actor.clone(), key.as_deref(), self.clock)
        } else {
            Store::open_existing(&path, self.actor.clone(), key.as_deref(), self.clock)
        };
        let mut store = store.with_context(|| format!("cannot open the database {}", path.display()))?;
        crate::service::access::refuse_stand_in(&store)?;
        if let Some(library) = library {
            self.keep_timelines(&mut store, library);
        }
        if let Some(warning) = store.permission_warning() {
            eprintln!("{warning}");
        }
        Ok(store)
    }

    /// Opens the database for `check`, changing nothing (see
    /// [`Store::open_for_check`]), refusing `--as` as every command does.
    pub fn open_for_check(&self) -> Result<ForCheck> {
        let path = self.database_path()?;
        let key = key()?;
        let opened = Store::open_for_check(&path, self.actor.clone(), key.as_deref(), self.clock)
            .with_context(|| format!("cannot open the database {}", path.display()))?;
        crate::service::access::refuse_stand_in(&opened.store)?;
        Ok(opened)
    }

    /// Creates a new database at `path` (owner-only, as every file the
    /// program makes), refusing if anything is there.
    pub fn create(&self, path: &Path, library: Option<&Library>) -> Result<Store> {
        if self.read_only {
            bail!("--read-only: a database cannot be created read-only; nothing was created");
        }
        let key = key()?;
        let mut store = Store::create(path, self.actor.clone(), key.as_deref(), self.clock)
            .with_context(|| format!("cannot create the database {}", path.display()))?;
        if let Some(library) = library {
            self.keep_timelines(&mut store, library);
        }
        Ok(store)
    }

    /// As [`Ctx::create`], under a temporary name beside `path`, given
    /// its name by [`Ctx::put_in_place`] only once it is complete (the
    /// demo's, written without a journal on disk).
    pub fn create_staged(&self, path: &Path, library: &Library) -> Result<(Store, Staged)> {
        if self.read_only {
            bail!("--read-only: a database cannot be created read-only; nothing was created");
        }
        let key = key()?;
        let (mut store, staged) = Store::create_staged(path, self.actor.clone(), key.as_deref(), self.clock)
            .with_context(|| format!("cannot create the database {}", path.display()))?;
        self.keep_timelines(&mut store, library);
        Ok((store, staged))
    }

    /// Gives a staged database its name and opens it there again.
    pub fn put_in_place(&self, staged: Staged, store: Store, library: &Library) -> Result<Store> {
        let path = staged
            .put_in_place(store)
            .context("cannot give the new database its name")?;
        let key = key()?;
        let mut store = Store::open_existing(&path, self.actor.clone(), key.as_deref(), self.clock)
            .with_context(|| format!("cannot open the database {}", path.display()))?;
        self.keep_timelines(&mut store, library);
        Ok(store)
    }

    /// The store works out and keeps each changed child's timeline.
    fn keep_timelines(&self, store: &mut Store, library: &Library) {
        store.set_timeline_source(Box::new(Engine::new(library)), self.today);
    }
}

/// Refuses, in the policy's words, what the acting user may not do, by
/// the rules kept in the database.
pub fn authorise(store: &Store, action: Permission, child: Option<&str>) -> Result<()> {
    let access = Access::resolve(store)?;
    let policy = crate::service::access::policy(store)?;
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
pub fn load_library() -> Result<Library> {
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
    Library::load_for(dir.as_deref(), region).map_err(|problems| {
        let list: Vec<String> = problems.iter().map(ToString::to_string).collect();
        anyhow::anyhow!(
            "cannot start: {} problem{} in the pathway and holiday files:\n{}",
            problems.len(),
            if problems.len() == 1 { "" } else { "s" },
            list.join("\n")
        )
    })
}

/// The encryption key, from `$PERMANENCE_KEY_FILE` (a file only its
/// owner can read), for a build with the `encryption` feature.
pub fn key() -> Result<Option<String>> {
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
