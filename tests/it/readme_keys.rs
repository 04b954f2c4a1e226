//! Every key of the default key map is in README.md's Keys table: a new
//! worker given only the README can find each one. The bindings are read
//! from `DEFAULTS` in the key map's source (as the architecture tests read
//! the source), the table from the README, and each binding must appear,
//! written as the help overlay writes it, in a key cell of its screen's
//! rows.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The README's heading for each key map context. Several contexts share
/// one: a search inside best option is described with best option, the
/// find box inside the viewer with the viewer, the submit question with
/// the form.
fn heading(context: &str) -> &'static str {
    match context {
        "Caseload" => "caseload",
        "Search" => "search",
        "ChildTimeline" => "child: timeline",
        "ChildRecord" => "child: record",
        "ChildHistory" => "child: history",
        "ChildFamily" => "child: family",
        "ChildChronology" => "child: chronology",
        "ChildGateway" => "child: Gateway",
        "ChildForms" => "child: forms",
        "Form" => "dialogs",
        "Picker" | "FormChoice" => "lists",
        "Info" => "details",
        "Help" => "help",
        "FormEditor" | "FormSubmit" => "form",
        "FormLeave" => "leaving a form",
        "Meeting" => "tracker meeting",
        "WhatNext" => "what next",
        "Dashboard" => "dashboard",
        "BestOption" | "BestOptionSearch" => "best option",
        "Palette" => "palette",
        "Viewer" | "ViewerFind" => "viewer",
        other => panic!("no README heading for the context {other}: add it here and to the Keys table"),
    }
}

/// The rows that describe a key once for many screens. A binding is
/// described if it is in its own screen's rows, or in one of these: the
/// child's tabs share `child (every tab)` (back, next child, the other
/// tabs, a form, best option, the viewer), and every screen shares
/// `anywhere` (help, the palette, quitting).
fn shared(heading: &str) -> Vec<&'static str> {
    let mut rows = vec!["anywhere"];
    if heading.starts_with("child:") {
        rows.push("child (every tab)");
    }
    rows
}

/// The key as the README (and the help overlay) writes it.
fn label(key: &str) -> String {
    let (ctrl, name) = match key.strip_prefix("ctrl-") {
        Some(rest) => (true, rest),
        None => (false, key),
    };
    let name = match name {
        "up" => "↑",
        "down" => "↓",
        "left" => "←",
        "right" => "→",
        "pgup" => "PgUp",
        "pgdn" => "PgDn",
        "home" => "Home",
        "end" => "End",
        "enter" => "Enter",
        "esc" => "Esc",
        "tab" => "Tab",
        "backtab" => "Shift-Tab",
        "backspace" => "Backspace",
        "delete" => "Delete",
        "space" => "Space",
        "f1" => "F1",
        other => other,
    };
    if ctrl {
        format!("Ctrl-{name}")
    } else {
        name.to_string()
    }
}

/// (context, key) for every default binding.
fn bindings() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let source = std::fs::read_to_string(root.join("crates/permanence-tui/src/keymap.rs")).unwrap();
    let table = source.split("const DEFAULTS").nth(1).unwrap();
    let table = table.split("];").next().unwrap();
    let found: Vec<(String, String)> = table
        .lines()
        .filter_map(|line| {
            let rest = line.trim().strip_prefix("(Context::")?;
            let (context, rest) = rest.split_once(", \"")?;
            let (key, _) = rest.split_once('"')?;
            Some((context.to_string(), key.to_string()))
        })
        .collect();
    assert!(
        found.len() > 100,
        "read only {} bindings from DEFAULTS",
        found.len()
    );
    found
}

/// Each heading of the Keys table with the keys its rows name (the
/// backquoted words of the key column; a blank screen cell continues the
/// heading above).
fn table() -> BTreeMap<String, BTreeSet<String>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let keys = readme.split("\n## Keys\n").nth(1).unwrap();
    let keys = keys.split("\n## ").next().unwrap();
    let mut described: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut current = String::new();
    for row in keys.lines().filter(|l| l.starts_with("| ")).skip(1) {
        let cells: Vec<&str> = row.split('|').collect();
        let (screen, key_cell) = (cells[1].trim(), cells[2]);
        if !screen.is_empty() {
            current = screen.to_string();
        }
        let entry = described.entry(current.clone()).or_default();
        for (i, word) in key_cell.split('`').enumerate() {
            if i % 2 == 1 {
                entry.insert(word.to_string());
            }
        }
    }
    described
}

/// Whether the README's `written` names `key`: exactly, since `g` and `G`
/// are different keys, but `Ctrl-S` and `Ctrl-s` are one.
fn same_key(written: &str, key: &str) -> bool {
    written == key || (key.starts_with("Ctrl-") && written.eq_ignore_ascii_case(key))
}

#[test]
fn every_default_key_binding_is_in_the_readme_keys_table() {
    let described = table();
    let mut missing = Vec::new();
    for (context, key) in bindings() {
        let own = heading(&context);
        let written = label(&key);
        let is_in = |h: &str| {
            described
                .get(h)
                .is_some_and(|keys| keys.iter().any(|k| same_key(k, &written)))
        };
        let mut rows = vec![own];
        rows.extend(shared(own));
        if !rows.into_iter().any(is_in) {
            missing.push(format!("{own}: `{written}` ({context} {key})"));
        }
    }
    missing.dedup();
    assert!(
        missing.is_empty(),
        "README.md's Keys table does not describe these default bindings:\n{}",
        missing.join("\n")
    );
}
