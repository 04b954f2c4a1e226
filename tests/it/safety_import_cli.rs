//! No silent damage, as a user meets it through the real binary: an
//! import's blank cells keep what the record has unless asked to clear
//! it, a dry run names every field and date it would change, a mistyped
//! `--db` is refused instead of becoming an empty database, `init` makes
//! one, and `--as` is refused where nobody can have allowed it.

use crate::util::{permanence, stderr, stdout};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// The program, never reading the developer's own configuration or
/// database.
fn bin(dir: &Path) -> Command {
    let mut command = permanence();
    command
        .env_remove("PERMANENCE_KEY_FILE")
        .env("PERMANENCE_CONFIG_DIR", dir.join("config"))
        .stdin(Stdio::null());
    command
}

fn run(dir: &Path, db: &Path, args: &[&str]) -> Output {
    bin(dir).arg("--db").arg(db).args(args).output().unwrap()
}

fn ok(out: Output) -> Output {
    assert!(out.status.success(), "{}", stderr(&out));
    out
}

fn file(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

/// The files in a folder, by name.
fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

const FULL: &str = "ref,given_name,family_name,date_of_birth,legal_status,looked_after_since,worker,team,rag\n\
    A1,Amara,Okafor,2019-04-03,co,19/12/2021,Alice Smith,CiC 1,amber\n";

/// The same child from a sheet whose other system knew less: the
/// looked-after date, worker, team, legal status and RAG cells are empty.
const GAPS: &str = "ref,given_name,family_name,date_of_birth,legal_status,looked_after_since,worker,team,rag\n\
    A1,Amara,Okafor,2019-04-03,,,,,\n";

/// Amara, looked after since 19/12/2021, on an adoption plan from
/// 06/12/2021 with her Gateway, first PPM and first case review recorded.
fn amara() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("safety.db");
    let d = dir.path();
    ok(run(d, &db, &["init"]));
    let children = file(d, "children.csv", FULL);
    ok(run(d, &db, &["import", "children", children.to_str().unwrap()]));
    let plans = file(
        d,
        "plans.csv",
        "ref,pathway,role,start,stage\nA1,adoption,primary,06/12/2021,looked-after\n",
    );
    ok(run(d, &db, &["import", "plans", plans.to_str().unwrap()]));
    for (event, on) in [
        ("gateway", "06/12/2021"),
        ("ppm", "20/12/2021"),
        ("case-review", "14/01/2022"),
    ] {
        ok(run(d, &db, &["record", "A1", event, "--on", on]));
    }
    (dir, db)
}

fn export(dir: &Path, db: &Path) -> serde_json::Value {
    let out = ok(run(dir, db, &["export", "caseload", "--format", "json"]));
    serde_json::from_slice(&out.stdout).unwrap()
}

fn timeline(dir: &Path, db: &Path) -> serde_json::Value {
    let out = ok(run(
        dir,
        db,
        &["timeline", "A1", "--json", "--as-of", "2022-03-01"],
    ));
    serde_json::from_slice(&out.stdout).unwrap()
}

/// How many changes the trail holds: the reads the tests make (exports,
/// timelines) are on it too since issue 16, and are not writes.
fn audit_len(dir: &Path, db: &Path) -> usize {
    let out = ok(run(dir, db, &["audit", "--json"]));
    serde_json::from_slice::<Vec<serde_json::Value>>(&out.stdout)
        .unwrap()
        .iter()
        .filter(|e| e["action"] != "view" && e["entity"] != "caseload")
        .count()
}

#[test]
fn blank_cells_leave_the_record_and_its_timeline_alone() {
    let (dir, db) = amara();
    let d = dir.path();
    let before = export(d, &db);
    let dates = timeline(d, &db);
    let gaps = file(d, "gaps.csv", GAPS);
    let out = ok(run(d, &db, &["import", "children", gaps.to_str().unwrap()]));
    assert!(stdout(&out).contains("1 unchanged"), "{}", stdout(&out));
    let after = export(d, &db);
    let child = &after[0];
    assert_eq!(child["looked_after_since"], "2021-12-19");
    assert_eq!(child["worker"], "alice.smith");
    assert_eq!(child["team"], "CiC 1");
    assert_eq!(child["rag"], "amber");
    assert_eq!(child["legal_status"], "co");
    assert_eq!(after, before);
    // No item counted from the looked-after date comes back, or goes.
    assert_eq!(timeline(d, &db), dates);
}

#[test]
fn blank_clears_empties_the_fields_when_asked() {
    let (dir, db) = amara();
    let d = dir.path();
    let gaps = file(d, "gaps.csv", GAPS);
    let out = ok(run(
        d,
        &db,
        &["import", "children", gaps.to_str().unwrap(), "--blank-clears"],
    ));
    assert!(stdout(&out).contains("1 were updated"), "{}", stdout(&out));
    let child = &export(d, &db)[0];
    for field in ["looked_after_since", "worker", "team", "rag"] {
        assert_eq!(child[field], serde_json::Value::Null, "{field}");
    }
    assert_eq!(child["legal_status"], "none");
    assert_eq!(child["date_of_birth"], "2019-04-03", "a filled cell still sets");
}

#[test]
fn a_plan_row_s_empty_cells_keep_the_plan_s_values_unless_blanks_clear() {
    let (dir, db) = amara();
    let d = dir.path();
    let stage_only = file(
        d,
        "stage.csv",
        "ref,pathway,role,start,stage\nA1,adoption,,,proceedings\n",
    );
    let out = ok(run(d, &db, &["import", "plans", stage_only.to_str().unwrap()]));
    assert!(stdout(&out).contains("1 were updated"), "{}", stdout(&out));
    let plan = &timeline(d, &db)["plans"][0];
    assert_eq!(plan["start"], "2021-12-06", "the empty start kept the plan's");
    assert_eq!(plan["role"], "primary");
    assert_eq!(plan["stage"], "proceedings", "the filled cell still sets");

    let before = timeline(d, &db);
    let refused = run(
        d,
        &db,
        &["import", "plans", stage_only.to_str().unwrap(), "--blank-clears"],
    );
    assert_eq!(refused.status.code(), Some(1));
    assert!(
        stderr(&refused).contains("line 2: start: is empty; a plan needs its start"),
        "{}",
        stderr(&refused)
    );
    assert_eq!(timeline(d, &db), before, "nothing was imported");
}

#[test]
fn a_dry_run_names_each_field_and_moved_date_and_writes_nothing() {
    let (dir, db) = amara();
    let d = dir.path();
    let before = export(d, &db);
    let dates = timeline(d, &db);
    let trail = audit_len(d, &db);
    let gaps = file(d, "gaps.csv", GAPS);
    let out = ok(run(
        d,
        &db,
        &[
            "import",
            "children",
            gaps.to_str().unwrap(),
            "--blank-clears",
            "--dry-run",
        ],
    ));
    let said = stdout(&out);
    for line in [
        "A1 Amara Okafor: legal_status co \u{2192} none",
        "A1 Amara Okafor: looked_after_since 19/12/2021 \u{2192} (blank)",
        "A1 Amara Okafor: worker alice.smith \u{2192} (blank)",
        "A1 Amara Okafor: team CiC 1 \u{2192} (blank)",
        "A1 Amara Okafor: rag amber \u{2192} (blank)",
        // The case reviews count from the looked-after date: they would go.
        "A1 Amara Okafor: moves 3rd case review deadline: ",
        "1 children read from",
        "0 would be created, 1 would be updated, 0 unchanged (dry run: nothing was written)",
    ] {
        assert!(said.contains(line), "{line:?} not in:\n{said}");
    }
    assert!(
        !said.contains("date_of_birth"),
        "an unchanged field is not listed:\n{said}"
    );
    assert_eq!(export(d, &db), before);
    assert_eq!(timeline(d, &db), dates);
    // The audit command itself is not an entry: nothing was written.
    assert_eq!(audit_len(d, &db), trail);

    // A plan's new stage and a new contingency plan, with the dates the
    // contingency would add.
    let plans = file(
        d,
        "later.csv",
        "ref,pathway,role,start,stage\n\
         A1,adoption,primary,06/12/2021,proceedings\n\
         A1,special-guardianship,contingency,03/01/2022,proceedings\n",
    );
    let out = ok(run(
        d,
        &db,
        &["import", "plans", plans.to_str().unwrap(), "--dry-run"],
    ));
    let said = stdout(&out);
    for line in [
        "A1 Amara Okafor: adoption plan: stage looked-after \u{2192} proceedings",
        "A1 Amara Okafor: special-guardianship plan: new (contingency, from 03/01/2022, proceedings)",
        "A1 Amara Okafor: moves ",
        "\u{2192} 0",
        "1 would be created, 1 would be updated",
        "(dry run: nothing was written)",
    ] {
        assert!(said.contains(line), "{line:?} not in:\n{said}");
    }
    assert_eq!(timeline(d, &db), dates);
}

#[test]
fn a_mistyped_db_is_refused_by_name_and_nothing_is_created() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let children = file(d, "children.csv", FULL);
    let plans = file(d, "plans.csv", "ref,pathway,role,start,stage\n");
    let backup = d.join("backup.db");
    let typo = d.join("permanance.db");
    let before = listing(d);
    for args in [
        &["report", "overdue"][..],
        &["check"],
        &["export", "caseload"],
        &["backup", backup.to_str().unwrap()],
        &["import", "children", children.to_str().unwrap()],
        &["import", "children", children.to_str().unwrap(), "--dry-run"],
        &["import", "plans", plans.to_str().unwrap()],
        &["timeline", "A1"],
        &["users", "list"],
        &[],
    ] {
        let out = run(d, &typo, args);
        assert_ne!(out.status.code(), Some(0), "{args:?} succeeded");
        let said = stderr(&out);
        assert!(said.contains(&typo.display().to_string()), "{args:?}: {said}");
        assert!(
            said.contains(&format!("permanence init --db {}", typo.display())),
            "{args:?}: {said}"
        );
        assert_eq!(listing(d), before, "{args:?} created a file");
    }
}

#[test]
fn an_empty_file_is_not_a_database() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let empty = file(d, "empty.db", "");
    for args in [&["report", "overdue"][..], &["--read-only", "check"], &["check"]] {
        let out = run(d, &empty, args);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let said = stderr(&out);
        assert!(
            said.contains(&format!("{} is an empty file", empty.display())),
            "{args:?}: {said}"
        );
        assert_eq!(
            std::fs::metadata(&empty).unwrap().len(),
            0,
            "{args:?} wrote to it"
        );
    }
}

/// The login name of the account running the tests, as `init` records it.
fn me() -> String {
    let out = Command::new("id").arg("-un").output().unwrap();
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

#[test]
fn init_makes_an_owner_only_database_with_you_as_administrator_once() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let db = d.join("new").join("team.db");
    let out = ok(run(d, &db, &["init"]));
    assert!(
        stdout(&out).contains(&db.display().to_string()),
        "{}",
        stdout(&out)
    );
    let mode = |path: &Path| std::fs::metadata(path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&db), 0o600);
    assert_eq!(
        mode(&d.join("new")),
        0o700,
        "the folder it made is owner-only too"
    );
    let users = stdout(&ok(run(d, &db, &["users", "list"])));
    let me = me();
    assert!(
        users
            .lines()
            .any(|l| l.split_whitespace().next() == Some(me.as_str()) && l.contains("admin")),
        "{me} is not the administrator:\n{users}"
    );
    // As its administrator, the maker adds colleagues.
    ok(run(
        d,
        &db,
        &[
            "users",
            "add",
            "sam",
            "--name",
            "Sam Worker",
            "--role",
            "social-worker",
        ],
    ));
    let again = run(d, &db, &["init"]);
    assert_eq!(again.status.code(), Some(1));
    assert!(stderr(&again).contains("already exists"), "{}", stderr(&again));
    // An empty file in the way is named as one, and left as it is.
    let empty = file(d, "empty.db", "");
    let over = run(d, &empty, &["init"]);
    assert_eq!(over.status.code(), Some(1));
    assert!(stderr(&over).contains("is an empty file"), "{}", stderr(&over));
    assert_eq!(std::fs::metadata(&empty).unwrap().len(), 0);
    assert!(
        stdout(&ok(run(d, &db, &["users", "list"]))).contains("sam"),
        "the second init changed nothing"
    );
    // Nobody is made administrator under someone else's name.
    let other = d.join("other.db");
    let stand_in = run(d, &other, &["--as", "mallory", "init"]);
    assert_eq!(stand_in.status.code(), Some(1));
    assert!(!other.exists());
}

#[test]
fn as_is_refused_in_a_database_with_no_administrator() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let db = d.join("old.db");
    // A database from before `init`, with no users at all.
    drop(permanence::store::Store::open(&db).unwrap());
    let children = file(d, "children.csv", FULL);
    let out = run(
        d,
        &db,
        &["--as", "nobody", "import", "children", children.to_str().unwrap()],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("--as nobody: this database has no administrator"),
        "{}",
        stderr(&out)
    );
    assert_eq!(export(d, &db), serde_json::json!([]), "nothing was imported");
    let record = run(
        d,
        &db,
        &[
            "--as", "nobody", "users", "add", "nobody", "--name", "N", "--role", "admin",
        ],
    );
    assert_eq!(
        record.status.code(),
        Some(1),
        "nobody cannot make themselves administrator"
    );
    // Whoever runs it as themselves may still set it up.
    ok(run(d, &db, &["import", "children", children.to_str().unwrap()]));
}

#[test]
fn the_app_on_the_default_path_with_no_terminal_creates_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let home = d.join("home");
    std::fs::create_dir(&home).unwrap();
    let out = bin(d)
        .env("HOME", &home)
        .env("XDG_DATA_HOME", home.join("data"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let said = stderr(&out);
    assert!(said.contains("there is no database at"), "{said}");
    assert!(said.contains("`permanence init`"), "{said}");
    assert!(listing(&home).is_empty(), "created {:?}", listing(&home));
}

/// The app started in a pseudo-terminal on the default path (under a
/// throwaway home) with no database there; answers the offer to create
/// one with `answer`, then quits if the caseload opens. Returns the
/// screen it ended on, the exit status and the default path.
fn offered(answer: &str) -> (String, u32, PathBuf, tempfile::TempDir) {
    use crate::util::pty::{PATIENCE, Tui, clean_command};
    use std::time::{Duration, Instant};
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    std::fs::create_dir(&home).unwrap();
    let mut command = clean_command();
    command.env("HOME", &home);
    command.env("XDG_DATA_HOME", home.join("data"));
    command.env("PERMANENCE_CONFIG_DIR", dir.path().join("config"));
    let mut tui = Tui::spawn(command, 100, 24);
    let path = home.join("data").join("permanence").join("permanence.db");
    tui.wait_for(&format!("No database at {}. Create it? [y/N]", path.display()));
    tui.send(&format!("{answer}\r"));
    let start = Instant::now();
    let status = loop {
        if let Some(status) = tui.child.try_wait().unwrap() {
            break status;
        }
        if tui.contents().contains("0 children") {
            tui.send("q");
        }
        assert!(
            start.elapsed() < PATIENCE,
            "the app did not finish; the screen shows:\n{}",
            tui.contents()
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    // The program's last words may still be on their way through the
    // terminal when it exits: read them all before looking.
    tui.drained(Duration::from_secs(5));
    (tui.contents(), status.exit_code(), path, dir)
}

#[test]
fn the_app_on_the_default_path_offers_to_create_the_database() {
    let (screen, code, path, dir) = offered("y");
    assert_eq!(code, 0, "{screen}");
    assert!(path.exists(), "{screen}");
    let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    let users = stdout(&ok(run(dir.path(), &path, &["users", "list"])));
    assert!(users.contains("admin"), "{users}");

    let (screen, code, path, _dir) = offered("n");
    assert_eq!(code, 1, "{screen}");
    assert!(screen.contains("no database was created"), "{screen}");
    assert!(!path.exists());
}
