//! `permanence config path|show|check` as a person meets them: with no
//! file, with a good one, and with one holding every kind of mistake.

use crate::util::{permanence, stdout};
use std::path::Path;
use std::process::Output;

fn run(config: &Path, args: &[&str]) -> Output {
    permanence()
        .env("PERMANENCE_CONFIG_DIR", config)
        .env_remove("PERMANENCE_THEME")
        .env_remove("NO_COLOR")
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn with_no_file_the_defaults_apply_and_path_says_where_it_would_go() {
    let dir = tempfile::tempdir().unwrap();
    let path = run(dir.path(), &["config", "path"]);
    assert!(path.status.success());
    let said = stdout(&path);
    let file = dir.path().join("config.toml");
    assert!(
        said.starts_with(&format!("{} (not there yet)", file.display())),
        "{said}"
    );
    assert!(said.contains(&format!(
        "{}/  your own themes",
        dir.path().join("themes").display()
    )));
    let check = run(dir.path(), &["config", "check"]);
    assert!(check.status.success());
    assert!(stdout(&check).contains("is not there: the defaults apply"));
}

#[test]
fn check_lists_every_problem_with_its_line_and_fails() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("themes")).unwrap();
    std::fs::write(
        dir.path().join("config.toml"),
        "theme = \"sunset\"\nview = \"all\"\nfont = \"large\"\n[keys.caseload]\ndashboard = \"j\"\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("themes/sunset.toml"),
        "name = \"sunset\"\n[roles]\ntext = { fg = \"pinkish\" }\n",
    )
    .unwrap();
    let check = run(dir.path(), &["config", "check"]);
    assert_eq!(check.status.code(), Some(1));
    let said = stdout(&check);
    let file = dir.path().join("config.toml").display().to_string();
    for expected in [
        format!("{file}:2: view: \"all\" is not a view (mine, team or everyone)"),
        format!("{file}:5: keys.caseload.dashboard: j is already move_down on this screen"),
        format!("{file}:3: \"font\" is not a setting"),
        "sunset.toml:3: text.fg: \"pinkish\" is not a colour".to_string(),
        "default theme used: there is no theme \"sunset\"".to_string(),
        "5 problems".to_string(),
    ] {
        assert!(said.contains(&expected), "missing {expected:?} in:\n{said}");
    }
}

#[test]
fn show_gives_what_is_in_force_with_the_files_changes() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("config.toml"),
        "theme = \"high-contrast\"\nview = \"team\"\n[keys.caseload]\nmove_down = [\"down\"]\ndashboard = \"j\"\n",
    )
    .unwrap();
    let check = run(dir.path(), &["config", "check"]);
    assert!(check.status.success(), "{}", stdout(&check));
    let show = run(dir.path(), &["config", "show"]);
    assert!(show.status.success());
    let said = stdout(&show);
    assert!(said.contains("theme: high-contrast"), "{said}");
    assert!(said.contains("view on opening: my team"), "{said}");
    let caseload = said
        .split("[keys.caseload]")
        .nth(1)
        .unwrap()
        .split("\n\n")
        .next()
        .unwrap();
    let line = |action: &str| {
        caseload
            .lines()
            .find(|l| l.trim_start().starts_with(&format!("{action} ")))
            .unwrap_or_else(|| panic!("no {action} in {caseload}"))
            .split_whitespace()
            .nth(1)
            .unwrap()
            .to_string()
    };
    assert_eq!(line("dashboard"), "j");
    assert_eq!(line("move_down"), "↓");
    // --theme beats the file.
    let flagged = stdout(&run(dir.path(), &["--theme", "monochrome", "config", "show"]));
    assert!(flagged.contains("theme: monochrome"), "{flagged}");
}

#[test]
fn the_date_format_and_bank_holidays_are_shown_and_a_wrong_region_stops_the_program() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("config.toml");
    std::fs::write(
        &file,
        "date_format = \"YYYY-MM-DD\"\nbank_holidays = \"scotland\"\n",
    )
    .unwrap();
    let show = run(dir.path(), &["config", "show"]);
    assert!(show.status.success());
    let said = stdout(&show);
    assert!(
        said.contains("dates shown as: YYYY-MM-DD (such as 2026-12-02)"),
        "{said}"
    );
    assert!(said.contains("bank holidays: Scotland (scotland)"), "{said}");
    // The next four holidays, each written as chosen.
    let next = said
        .lines()
        .find(|l| l.trim_start().starts_with("next:"))
        .unwrap();
    let days: Vec<&str> = next["  next: ".len()..].split(", ").collect();
    assert_eq!(days.len(), 4, "{next}");
    for day in days {
        let date = day.split(' ').next().unwrap();
        assert!(
            chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").is_ok(),
            "{next}"
        );
    }
    assert!(
        !next.contains("Easter Monday"),
        "not a holiday in Scotland: {next}"
    );

    std::fs::write(&file, "theme = \"light\"\nbank_holidays = \"wales\"\n").unwrap();
    let check = run(dir.path(), &["config", "check"]);
    assert_eq!(check.status.code(), Some(1));
    let said = stdout(&check);
    let expected = format!(
        "{}:2: bank_holidays: \"wales\" is not a region (england-and-wales, scotland, northern-ireland)",
        file.display()
    );
    assert!(said.contains(&expected), "{said}");
    assert!(
        said.contains("will not start until bank_holidays names a region"),
        "{said}"
    );
    // Any command that counts working days refuses, saying why and where.
    let db = dir.path().join("none.db");
    let report = run(dir.path(), &["--db", db.to_str().unwrap(), "report", "overdue"]);
    assert_eq!(report.status.code(), Some(1));
    let error = String::from_utf8_lossy(&report.stderr);
    assert!(error.contains(&expected), "{error}");
    assert!(!db.exists(), "nothing was created");
}

#[test]
fn check_refuses_an_export_folder_that_is_not_an_absolute_path_with_its_line() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("config.toml"),
        "view = \"team\"\nexport_folder = \"exports\"\n",
    )
    .unwrap();
    let check = run(dir.path(), &["config", "check"]);
    assert_eq!(check.status.code(), Some(1));
    let said = stdout(&check);
    let file = dir.path().join("config.toml").display().to_string();
    assert!(
        said.contains(&format!(
            "{file}:2: export_folder: \"exports\" is not an absolute path (such as /srv/exports)"
        )),
        "{said}"
    );
    std::fs::write(
        dir.path().join("config.toml"),
        "export_folder = \"/srv/exports\"\n",
    )
    .unwrap();
    assert!(run(dir.path(), &["config", "check"]).status.success());
}
