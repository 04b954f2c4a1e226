//! Clean output, through the real binary: text carrying terminal escape
//! sequences, 8-bit controls and bidi overrides, typed on the command
//! line or in an imported file, never comes back out raw, whichever
//! command prints it; Markdown shows HTML as text; fields longer than
//! their limit are refused where they come in.

use crate::util::fixtures::{AMARA_ADOPTION, AMARA_ICO};
use crate::util::{Case, stderr, stdout};
use std::process::Output;

/// Retitles the terminal, clears the screen with an 8-bit CSI, and
/// reverses the text after it.
const EVIL: &str = "\u{1b}]0;pwned\u{7}\u{9b}2J\u{202E}";

crate::util::setup_on_a_case!();

impl Setup {
    /// A database with Amara (A1) on an adoption plan.
    fn new() -> Setup {
        let setup = Setup(Case::new("output.db"));
        let children = setup.file("children.csv", AMARA_ICO);
        let plans = setup.file("plans.csv", AMARA_ADOPTION);
        setup.ok(&["init"]);
        setup.ok(&["import", "children", children.to_str().unwrap()]);
        setup.ok(&["import", "plans", plans.to_str().unwrap()]);
        setup
    }

    fn ok(&self, args: &[&str]) -> Output {
        let out = self.run(args);
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
        out
    }
}

/// The first character a terminal would act on or reorder by, if any.
fn raw_control(bytes: &[u8]) -> Option<char> {
    String::from_utf8_lossy(bytes).chars().find(|&c| {
        (c.is_control() && c != '\n' && c != '\t' && c != '\r')
            || ('\u{202A}'..='\u{202E}').contains(&c)
            || ('\u{2066}'..='\u{2069}').contains(&c)
    })
}

fn assert_clean(what: &str, out: &Output) {
    for (stream, bytes) in [("stdout", &out.stdout), ("stderr", &out.stderr)] {
        if let Some(c) = raw_control(bytes) {
            panic!("{what} printed U+{:04X} raw on {stream}", u32::from(c));
        }
    }
}

#[test]
fn escape_sequences_typed_or_imported_never_reach_the_terminal() {
    let setup = Setup::new();
    let attended = format!("Nan{EVIL}");
    let outcome = format!("Visit{EVIL}");
    let notes = format!("Agreed{EVIL}\nNext line");
    setup.ok(&[
        "family-meeting",
        "A1",
        "--kind",
        "fgc",
        "--on",
        "2025-06-01",
        "--attended",
        &attended,
        "--outcome",
        &outcome,
        "--notes",
        &notes,
    ]);
    let note = format!("early{EVIL}");
    setup.ok(&["done", "A1", "cpr-started", "--on", "2025-01-30", "--note", &note]);
    let team = format!("CiC 1{EVIL}");
    let name = format!("Bob{EVIL} Jones");
    setup.ok(&[
        "users",
        "add",
        "bob",
        "--name",
        &name,
        "--role",
        "social-worker",
        "--team",
        &team,
    ]);
    // TOML's own escapes carry the same characters in a family file.
    let network = setup.file(
        "family.toml",
        "[[person]]\nid = \"child\"\nchild = \"A1\"\n\n\
         [[person]]\nid = \"nan\"\nname = \"Ruth\\u001b]0;pwned\\u0007\\u009b2J\\u202eOkafor\"\n\
         household = \"Nan's\\u001b[2J home\"\nsex = \"female\"\n\n\
         [[connection]]\nperson = \"nan\"\nchild = \"child\"\nconnected = \"carer\\u009b\"\n\
         family_time = \"weekly\\u202e\"\n",
    );
    setup.ok(&["family", "A1", "--import", network.to_str().unwrap()]);

    let family = setup.ok(&["family", "A1"]);
    assert!(stdout(&family).contains("Nan]0;pwned2J"), "{}", stdout(&family));
    assert!(
        stdout(&family).contains("Ruth]0;pwned2JOkafor"),
        "{}",
        stdout(&family)
    );
    for args in [
        &["family", "A1"][..],
        &["family", "A1", "--format", "toml"],
        &["users", "list"],
        &["audit"],
        &["audit", "--json"],
        &["events", "A1"],
        &["events", "A1", "--json"],
        &["timeline", "A1", "--json"],
        &["genogram", "A1"],
        &["export", "caseload"],
        &["export", "caseload", "--format", "json"],
    ] {
        let out = setup.ok(args);
        assert_clean(&format!("{args:?}"), &out);
    }
    // What was stored is clean too, not only what was printed.
    let audit = setup.ok(&["audit", "--json"]);
    let entries: serde_json::Value = serde_json::from_slice(&audit.stdout).unwrap();
    let text = entries.to_string();
    assert!(!text.contains("\\u001b") && !text.contains("\\u0007"), "{text}");
    assert!(text.contains("early]0;pwned2J"), "{text}");
    let users = stdout(&setup.ok(&["users", "list"]));
    assert!(users.contains("CiC 1]0;pwned2J"), "{users}");
}

#[test]
fn markdown_export_shows_html_as_text() {
    let setup = Setup::new();
    let template = setup.ok(&["form", "template", "ppm-record"]);
    let mut form: serde_json::Value = serde_json::from_slice(&template.stdout).unwrap();
    // Not the child's name: that must match the record (see forms_cli).
    form["ethnicity"] = "<script>alert(1)</script>".into();
    form["gender"] = "<img src=x onerror=alert(1)>".into();
    let file = setup.file("ppm.json", &form.to_string());
    let id = stdout(&setup.ok(&["form", "import", "A1", "ppm-record", file.to_str().unwrap()]));
    let md = stdout(&setup.ok(&["form", "export", id.trim(), "--format", "md"]));
    assert!(!md.contains("<script") && !md.contains("<img"), "{md}");
    assert!(md.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "{md}");
    let html = stdout(&setup.ok(&["form", "export", id.trim(), "--format", "html"]));
    assert!(!html.contains("<script") && !html.contains("<img"));
}

#[test]
fn a_million_character_name_is_refused_by_line_and_column() {
    let setup = Setup::new();
    let csv = setup.file(
        "long.csv",
        &format!(
            "ref,given_name,family_name\nB2,Leo,Hughes\nL3,{},Smith\n",
            "a".repeat(1_000_000)
        ),
    );
    let before = setup.ok(&["export", "caseload", "--format", "json"]).stdout;
    let out = setup.run(&["import", "children", csv.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    let message = stderr(&out);
    assert!(
        message.contains("line 3: given_name: 1000000 characters is more than the 200 it may hold"),
        "{}",
        &message[..message.len().min(500)]
    );
    // The message names the problem; it does not echo the field.
    assert!(message.len() < 2_000, "{} bytes of message", message.len());
    assert_eq!(
        setup.ok(&["export", "caseload", "--format", "json"]).stdout,
        before
    );
}

#[test]
fn notes_and_names_past_their_limit_are_refused_naming_the_field() {
    let setup = Setup::new();
    let note = "n".repeat(100_001);
    let name = "a".repeat(201);
    for (args, field) in [
        (
            vec![
                "family-meeting",
                "A1",
                "--kind",
                "fgc",
                "--on",
                "2025-06-01",
                "--notes",
                &note,
            ],
            "Notes: 100001 characters",
        ),
        (
            vec![
                "family-meeting",
                "A1",
                "--kind",
                "fgc",
                "--on",
                "2025-06-01",
                "--attended",
                &name,
            ],
            "Attended: 201 characters",
        ),
        (
            vec![
                "family-meeting",
                "A1",
                "--kind",
                "fgc",
                "--on",
                "2025-06-01",
                "--outcome",
                &note,
            ],
            "Outcome: 100001 characters",
        ),
        (
            vec!["done", "A1", "cpr-started", "--on", "2025-01-30", "--note", &note],
            "note: 100001 characters",
        ),
        (
            vec![
                "users",
                "add",
                "bob",
                "--name",
                "Bob",
                "--role",
                "social-worker",
                "--team",
                &name,
            ],
            "--team: 201 characters",
        ),
    ] {
        let out = setup.run(&args);
        assert_eq!(out.status.code(), Some(1), "{:?}", &args[..2]);
        // The message names the field; it does not echo it.
        assert!(out.stderr.len() < 1_000, "{} bytes of message", out.stderr.len());
        assert!(stderr(&out).contains(field), "{:?}: {}", &args[..2], stderr(&out));
    }
    let family = stdout(&setup.ok(&["family", "A1"]));
    assert!(!family.contains("nnnn"), "nothing was half-written: {family}");
    let users = stdout(&setup.ok(&["users", "list"]));
    assert!(!users.contains("bob"), "{users}");
}

#[test]
fn text_stored_before_the_cleaning_is_cleaned_on_the_way_out() {
    let setup = Setup::new();
    // As a database written by an older version, or another tool, might
    // hold it.
    let db = rusqlite::Connection::open(&setup.db).unwrap();
    db.execute(
        "UPDATE children SET given_name = ?1, ethnicity = ?2 WHERE ref = 'A1'",
        [format!("Amara{EVIL}"), format!("White{EVIL}")],
    )
    .unwrap();
    drop(db);
    for args in [
        &["export", "caseload"][..],
        &["export", "caseload", "--format", "json"],
        &["timeline", "A1", "--json"],
        &["timeline", "A1"],
        &["family", "A1"],
        &["genogram", "A1"],
        &["chronology", "A1", "--format", "json"],
        &["chronology", "A1", "--format", "md"],
        &["report", "overdue", "--format", "json"],
        &["report", "overdue"],
    ] {
        let out = setup.ok(args);
        assert_clean(&format!("{args:?}"), &out);
        // Not carried as a JSON escape either, for `jq -r` to bring back.
        let text = stdout(&out);
        assert!(
            !text.contains("\\u001b") && !text.contains("\\u0007"),
            "{args:?}: {text}"
        );
    }
    let json = stdout(&setup.ok(&["export", "caseload", "--format", "json"]));
    assert!(json.contains("Amara]0;pwned2J"), "{json}");
}

#[test]
fn errors_quoting_what_was_typed_are_cleaned() {
    let setup = Setup::new();
    // Refused by the argument parser, which quotes the word it did not know.
    let unknown = setup.run(&[&format!("famly{EVIL}")]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(stderr(&unknown).contains("famly"), "{}", stderr(&unknown));
    assert_clean("an unknown command", &unknown);
    // Refused by a command, which names the reference it did not find.
    let missing = setup.run(&["family", &format!("ZZ{EVIL}")]);
    assert_eq!(missing.status.code(), Some(1));
    assert_clean("a missing child", &missing);
}
