//! The layering rules of DEVELOPERS.md, checked on the source itself:
//! `domain` is pure (no database, terminal, files, environment or clock),
//! `ui` holds no SQL, the use cases (`service`) know no screen, command
//! line or SQL, every module says what it is for, and no screen snapshot
//! is drawn from the demo generator. (That production code does not
//! `unwrap` is clippy's `unwrap_used` lint, denied in the workspace's
//! `Cargo.toml`; that the domain knows no store, the store no screen, and
//! the use cases and file formats no screen, the compiler's, as they are
//! crates of their own and only `permanence-tui` depends on ratatui and
//! crossterm.)

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

/// Where a layer's source is: the domain, the store, the use cases
/// (`service`), the file formats (`interchange`) and the terminal
/// interface (`ui`, the crate `permanence-tui`) are crates of their own;
/// the rest are folders of the program's crate.
fn src(layer: &str) -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let krate = match layer {
        "domain" | "store" | "service" | "interchange" => format!("permanence-{layer}"),
        "ui" => "permanence-tui".to_string(),
        _ => return root.join("src").join(layer),
    };
    root.join("crates").join(krate).join("src")
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
    let files = rust_files(&src(layer));
    // A layer that moved would otherwise pass every test by having no
    // files to check.
    assert!(files.len() > 1, "{layer}: no source in {}", src(layer).display());
    for file in files {
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

/// Every source folder of the workspace: the program's and each crate's.
fn all_sources() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = rust_files(&root.join("src"));
    for entry in std::fs::read_dir(root.join("crates")).unwrap() {
        files.extend(rust_files(&entry.unwrap().path().join("src")));
    }
    files
}

/// Issue 17's measure of a module a maintainer can hold in their head:
/// no source file over 1,000 lines (tests included, as they are read too).
#[test]
fn no_source_file_is_over_a_thousand_lines() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = all_sources();
    // The integration tests and benchmarks are read too (tests/it/screens.rs
    // reached 1,392 lines unnoticed while only src/ was counted).
    for folder in ["tests", "benches"] {
        if root.join(folder).is_dir() {
            files.extend(rust_files(&root.join(folder)));
        }
    }
    let long: Vec<String> = files
        .into_iter()
        .filter_map(|file| {
            let lines = std::fs::read_to_string(&file).unwrap().lines().count();
            (lines > 1_000).then(|| format!("{}: {lines} lines", file.display()))
        })
        .collect();
    assert!(long.is_empty(), "split these files:\n{}", long.join("\n"));
}

/// The lines a function spans, from its `fn` line to its closing brace,
/// found by counting braces outside strings, characters and comments.
fn function_lengths(text: &str) -> Vec<(usize, String, usize)> {
    let lines: Vec<&str> = text.lines().collect();
    let mut found = Vec::new();
    for (start, line) in lines.iter().enumerate() {
        let code = line.trim_start();
        let signature = [
            "fn ",
            "pub fn ",
            "pub(crate) fn ",
            "pub(super) fn ",
            "const fn ",
            "pub const fn ",
        ]
        .iter()
        .find_map(|prefix| code.strip_prefix(prefix));
        let Some(rest) = signature else { continue };
        let name: String = rest
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        let mut depth = 0i32;
        let mut opened = false;
        for (offset, body) in lines[start..].iter().enumerate() {
            for c in braces(body) {
                depth += if c == '{' { 1 } else { -1 };
                opened = true;
            }
            if !opened && body.trim_end().ends_with(';') {
                break; // a declaration in a trait: no body
            }
            if opened && depth <= 0 {
                found.push((start + 1, name.clone(), offset + 1));
                break;
            }
        }
    }
    found
}

/// The braces of one line of code, leaving out those in comments,
/// strings and character literals.
fn braces(line: &str) -> Vec<char> {
    let mut out = Vec::new();
    let mut chars = line.chars().peekable();
    let mut in_string = false;
    while let Some(c) = chars.next() {
        match c {
            '\\' if in_string => {
                chars.next();
            }
            '"' => in_string = !in_string,
            '/' if !in_string && chars.peek() == Some(&'/') => break,
            '\'' if !in_string => {
                // a character literal such as '{' or '\n'; a lifetime has no closing quote
                let ahead: String = chars.clone().take(3).collect();
                if ahead.starts_with('\\') {
                    chars.nth(2);
                } else if ahead.chars().nth(1) == Some('\'') {
                    chars.nth(1);
                }
            }
            '{' | '}' if !in_string => out.push(c),
            _ => {}
        }
    }
    out
}

/// No function over 150 lines: a longer one is several steps that want
/// names of their own.
#[test]
fn no_function_is_over_a_hundred_and_fifty_lines() {
    let mut long = Vec::new();
    for file in all_sources() {
        let text = std::fs::read_to_string(&file).unwrap();
        for (line, name, length) in function_lengths(&text) {
            if length > 150 {
                long.push(format!("{}:{line}: {name} is {length} lines", file.display()));
            }
        }
    }
    assert!(
        long.is_empty(),
        "break these functions into named steps:\n{}",
        long.join("\n")
    );
}

#[test]
fn the_function_measure_counts_a_body_and_skips_braces_in_text() {
    let text = "fn short() {\n    let s = \"{{{\";\n    let c = '{';\n}\n\nfn three() {\n    // }\n}\n";
    let found = function_lengths(text);
    assert_eq!(
        found,
        vec![(1, "short".to_string(), 4), (6, "three".to_string(), 3)]
    );
}
