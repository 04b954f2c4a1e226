//! The layering rules of DEVELOPERS.md, checked on the source itself:
//! `domain` is pure (no database, terminal, files, environment or clock),
//! `ui` holds no SQL, the use cases (`service`) know no screen, command
//! line or SQL, every module says what it is for, and no screen snapshot
//! is drawn from the demo generator. (That production code does not
//! `unwrap` is clippy's `unwrap_used` lint, denied in the workspace's
//! `Cargo.toml`; that the domain knows no store and the store no screen,
//! the compiler's, as they are crates of their own.)

use std::path::{Path, PathBuf};

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
    files.sort();
    files
}

/// Where a layer's source is: the domain and the store are crates of
/// their own, the rest folders of the program's crate.
fn src(layer: &str) -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    match layer {
        "domain" | "store" => root
            .join("crates")
            .join(format!("permanence-{layer}"))
            .join("src"),
        _ => root.join("src").join(layer),
    }
}

/// The file's code outside its tests: test modules sit at the end of a
/// file after `#[cfg(test)]`, or in files named `tests.rs`.
fn production_code(path: &Path) -> String {
    if path.file_name().is_some_and(|n| n == "tests.rs") {
        return String::new();
    }
    let text = std::fs::read_to_string(path).unwrap();
    match text.find("#[cfg(test)]") {
        Some(at) => text[..at].to_string(),
        None => text,
    }
}

fn offences(layer: &str, forbidden: &[&str]) -> Vec<String> {
    let mut found = Vec::new();
    for file in rust_files(&src(layer)) {
        for (n, line) in production_code(&file).lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            for word in forbidden {
                if code.contains(word) {
                    found.push(format!("{}:{}: {word}", file.display(), n + 1));
                }
            }
        }
    }
    found
}

#[test]
fn the_domain_is_pure() {
    let found = offences(
        "domain",
        &[
            "rusqlite",
            "ratatui",
            "crossterm",
            "std::fs",
            "std::env",
            "std::io",
            "std::net",
            "std::process",
            "Local::now",
            "Utc::now",
            "SystemTime",
            "Instant::now",
        ],
    );
    assert!(
        found.is_empty(),
        "domain must not do I/O or read the clock:\n{}",
        found.join("\n")
    );
}

#[test]
fn the_ui_writes_no_sql() {
    let found = offences(
        "ui",
        &[
            "rusqlite",
            "SELECT ",
            "INSERT ",
            "UPDATE ",
            "DELETE ",
            "CREATE TABLE",
            "execute(",
        ],
    );
    assert!(
        found.is_empty(),
        "the UI goes through the store:\n{}",
        found.join("\n")
    );
}

#[test]
fn the_use_cases_know_no_screen_command_line_or_sql() {
    let found = offences(
        "service",
        &[
            "rusqlite",
            "ratatui",
            "crossterm",
            "clap",
            "crate::ui",
            "crate::commands",
            "crate::cli",
        ],
    );
    assert!(
        found.is_empty(),
        "the use cases work through the store and are called by the screens and the command line, never the other way:\n{}",
        found.join("\n")
    );
}

#[test]
fn every_module_says_what_it_is_for() {
    let mut missing = Vec::new();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let files = rust_files(&root.join("src"))
        .into_iter()
        .chain(rust_files(&root.join("crates")));
    for file in files {
        if file.file_name().is_some_and(|n| n == "tests.rs") {
            continue;
        }
        let text = std::fs::read_to_string(&file).unwrap();
        if !text.trim_start().starts_with("//!") {
            missing.push(file.display().to_string());
        }
    }
    assert!(missing.is_empty(), "no purpose header:\n{}", missing.join("\n"));
}

#[test]
fn the_program_opens_the_database_as_someone() {
    // Store::open attributes changes to "system", for tests; the program
    // itself must say who is acting.
    let mut found = Vec::new();
    for layer in ["commands", "ui"] {
        found.extend(offences(layer, &["Store::open("]));
    }
    assert!(found.is_empty(), "use Store::open_as:\n{}", found.join("\n"));
}

#[test]
fn the_command_line_prints_only_through_the_sanitiser() {
    // `commands/output.rs` wraps standard output and error in the one
    // sanitiser, and `commands/mod.rs` shadows the printing macros with
    // its own; a command reaching for the raw handles would bypass both.
    let found: Vec<String> = offences("commands", &["io::stdout()", "io::stderr()"])
        .into_iter()
        .filter(|o| !o.contains("output.rs"))
        .collect();
    assert!(
        found.is_empty(),
        "print through commands::output::stdout()/stderr():\n{}",
        found.join("\n")
    );
    let commands = std::fs::read_to_string(src("commands").join("mod.rs")).unwrap();
    for name in ["println", "print", "eprintln", "eprint"] {
        assert!(
            commands.contains(&format!("macro_rules! {name} {{")),
            "commands/mod.rs no longer shadows {name}!"
        );
    }
}

#[test]
fn no_snapshot_is_drawn_from_the_demo() {
    // A screen test's data comes from the fixtures in tests/it/fixtures/
    // (read by util::caseloads) or is built in the test, never from the
    // demo generator, so a change to the demo cannot change a snapshot.
    // A test module is a screen test if it draws on TestBackend (itself or
    // through util::screen) or takes an insta snapshot; util/ is what they
    // all draw on. `demo` as a word of code (a path, an import, the `demo`
    // command) is the demo.
    let tests = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests").join("it");
    let mut found = Vec::new();
    for file in rust_files(&tests) {
        if file.ends_with("architecture.rs") {
            continue;
        }
        let text = std::fs::read_to_string(&file).unwrap();
        let draws = ["TestBackend", "screen::", "assert_snapshot"]
            .iter()
            .any(|mark| text.contains(mark));
        if !(draws || file.starts_with(tests.join("util"))) {
            continue;
        }
        for (n, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            let mut words = code.split(|c: char| !(c.is_alphanumeric() || c == '_'));
            if words.any(|word| word == "demo") {
                found.push(format!("{}:{}: {}", file.display(), n + 1, line.trim()));
            }
        }
    }
    assert!(
        found.is_empty(),
        "draw screen tests from util::caseloads or data the test builds, not the demo:\n{}",
        found.join("\n")
    );
}
