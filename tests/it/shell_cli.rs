//! Shell completions, the manual page and every command's help, as a user
//! meets them: the real binary, checked against the command line's own
//! definitions so that a command or flag added without a description
//! fails here.

use crate::util::{permanence, stderr, stdout};
use clap::CommandFactory;
use permanence::cli::Cli;
use std::io::Write;
use std::process::{Command, Output, Stdio};

fn run(args: &[&str]) -> Output {
    permanence().args(args).output().unwrap()
}

fn commands(command: &clap::Command) -> Vec<(Vec<String>, clap::Command)> {
    fn walk(command: &clap::Command, path: &[String], found: &mut Vec<(Vec<String>, clap::Command)>) {
        for sub in command.get_subcommands() {
            let mut words = path.to_vec();
            words.push(sub.get_name().to_string());
            found.push((words.clone(), sub.clone()));
            walk(sub, &words, found);
        }
    }
    let mut found = Vec::new();
    walk(command, &[], &mut found);
    found
}

/// The words that run a command, as its usage line spells them.
fn full_name(words: &[String]) -> String {
    std::iter::once("permanence")
        .chain(words.iter().map(String::as_str))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Runs of spaces and line breaks as one space: clap wraps help to the
/// terminal's width when it knows it.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether a program is on the PATH, for the checks that need one.
fn installed(program: &str) -> bool {
    Command::new("sh")
        .arg("-c")
        .arg(format!("command -v {program}"))
        .stdout(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

fn with_stdin(mut command: Command, input: &[u8]) -> Output {
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Written from another thread: a large input could otherwise fill the
    // pipe while the child waits for us to read its output.
    let mut stdin = child.stdin.take().unwrap();
    let input = input.to_vec();
    let writer = std::thread::spawn(move || stdin.write_all(&input));
    let output = child.wait_with_output().unwrap();
    writer.join().unwrap().unwrap();
    output
}

#[test]
fn completions_for_each_shell_name_the_program_and_every_command() {
    let root = Cli::command();
    let top: Vec<String> = root.get_subcommands().map(|c| c.get_name().to_string()).collect();
    assert!(top.iter().any(|c| c == "report") && top.iter().any(|c| c == "import"));
    for shell in ["bash", "zsh", "fish"] {
        let output = run(&["completions", shell]);
        assert!(output.status.success(), "{shell}: {}", stderr(&output));
        assert_eq!(stderr(&output), "", "{shell}");
        let script = stdout(&output);
        assert!(script.contains("permanence"), "{shell}: no program name");
        for name in top.iter().chain(&["overdue".to_string(), "caseload".to_string()]) {
            assert!(script.contains(name.as_str()), "{shell}: {name} missing");
        }
        for flag in ["db", "theme", "read-only"] {
            let offered = match shell {
                "fish" => format!("-l {flag}"),
                _ => format!("--{flag}"),
            };
            assert!(script.contains(&offered), "{shell}: {offered} missing");
        }
    }
}

#[test]
fn the_bash_completions_are_valid_bash_and_complete_commands() {
    if !installed("bash") {
        eprintln!("bash is not installed: skipping");
        return;
    }
    let output = run(&["completions", "bash"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("permanence.bash");
    std::fs::write(&script, &output.stdout).unwrap();

    let syntax = Command::new("bash").arg("-n").arg(&script).output().unwrap();
    assert!(syntax.status.success(), "bash -n: {}", stderr(&syntax));

    // What bash does on Tab: the function is given the words so far.
    let complete = |words: &[&str]| -> Vec<String> {
        let quoted: Vec<String> = words.iter().map(|w| format!("'{w}'")).collect();
        let current = words.len() - 1;
        let previous = words[current.saturating_sub(1)];
        let program = format!(
            "source '{}'; COMP_WORDS=({}); COMP_CWORD={current}; _permanence permanence '{}' '{previous}'; printf '%s\\n' \"${{COMPREPLY[@]}}\"",
            script.display(),
            quoted.join(" "),
            words[current],
        );
        let out = Command::new("bash").arg("-c").arg(program).output().unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
        stdout(&out).lines().map(str::to_string).collect()
    };
    assert_eq!(complete(&["permanence", "rep"]), ["report"]);
    assert_eq!(complete(&["permanence", "report", "ov"]), ["overdue"]);
    let shells = complete(&["permanence", "completions", ""]);
    for shell in ["bash", "zsh", "fish"] {
        assert!(
            shells.iter().any(|s| s == shell),
            "{shell} not offered: {shells:?}"
        );
    }
}

#[test]
fn the_man_page_is_roff_with_a_section_for_every_command() {
    let output = run(&["man"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let page = stdout(&output);
    let first = page.lines().next().unwrap_or("");
    assert!(first.starts_with(".TH "), "{first}");
    assert!(first.to_lowercase().contains("permanence"), "{first}");
    assert!(page.contains(&format!("permanence {}", env!("CARGO_PKG_VERSION"))));
    // One title: the page is one page, however many commands it covers.
    assert_eq!(page.lines().filter(|l| l.starts_with(".TH")).count(), 1);
    for heading in [
        ".SH NAME",
        ".SH SYNOPSIS",
        ".SH \"GLOBAL OPTIONS\"",
        ".SH COMMANDS",
    ] {
        assert!(page.contains(heading), "{heading} missing");
    }
    for (words, command) in commands(&Cli::command()) {
        let section = format!(".SS \"permanence {}\"", words.join(" "));
        assert!(page.contains(&section), "{section} missing");
        // The section holds the command's description (roff escapes its dashes).
        let about = command.get_about().map(|a| a.to_string()).unwrap_or_default();
        let roff = about.replace('-', "\\-").replace('\'', "\\*(Aq");
        assert!(page.contains(&roff), "{roff}");
    }
    assert!(
        page.contains("PERMANENCE_THEME"),
        "the theme's variable is not named"
    );
}

#[test]
fn man_renders_the_page_without_error() {
    if !installed("man") {
        eprintln!("man is not installed: skipping");
        return;
    }
    let page = run(&["man"]);
    assert!(page.status.success(), "{}", stderr(&page));
    let mut man = Command::new("man");
    man.args(["-l", "-"])
        .env("MANPAGER", "cat")
        .env("PAGER", "cat")
        .env("MANWIDTH", "100");
    let output = with_stdin(man, &page.stdout);
    let problems = stderr(&output);
    assert!(output.status.success(), "{problems}");
    assert!(
        !problems.contains("warning") && !problems.contains("error"),
        "{problems}"
    );
    let text = stdout(&output);
    for words in [
        "NAME",
        "GLOBAL OPTIONS",
        "permanence report due",
        "--theme <NAME>",
    ] {
        assert!(text.contains(words), "{words} missing from the rendered page");
    }
}

#[test]
fn every_command_and_argument_says_what_it_is_for() {
    let root = Cli::command();
    let mut missing = Vec::new();
    let mut check = |words: &[String], command: &clap::Command| {
        let name = full_name(words);
        for arg in command.get_arguments() {
            // clap's own --help and --version describe themselves.
            if matches!(arg.get_id().as_str(), "help" | "version") {
                continue;
            }
            let flag = arg
                .get_long()
                .map_or_else(|| arg.get_id().to_string(), |l| format!("--{l}"));
            if arg.get_help().is_none_or(|h| h.to_string().trim().is_empty()) {
                missing.push(format!("{name} {flag}"));
            }
            // A flag's true and false are clap's, not a choice to describe.
            let choices = if arg.get_action().takes_values() {
                arg.get_possible_values()
            } else {
                Vec::new()
            };
            for value in choices.iter().filter(|v| !v.is_hide_set()) {
                if value.get_help().is_none_or(|h| h.to_string().trim().is_empty()) {
                    missing.push(format!("{name} {flag} {}", value.get_name()));
                }
            }
        }
        if command
            .get_about()
            .is_none_or(|a| a.to_string().trim().is_empty())
        {
            missing.push(name);
        }
    };
    check(&[], &root);
    let all = commands(&root);
    for (words, command) in &all {
        check(words, command);
    }
    assert!(missing.is_empty(), "without a description: {missing:#?}");
    // The walk reached the nested commands, not only the top level.
    assert!(all.iter().any(|(w, _)| w == &["report", "due"]), "{}", all.len());
}

#[test]
fn every_command_s_help_shows_each_argument_with_its_description() {
    let root = Cli::command();
    let mut all = vec![(Vec::new(), root.clone())];
    all.extend(commands(&root));
    for (words, command) in &all {
        let mut args: Vec<&str> = words.iter().map(String::as_str).collect();
        args.push("--help");
        let output = run(&args);
        let name = full_name(words);
        assert!(output.status.success(), "{name}: {}", stderr(&output));
        let help = one_line(&stdout(&output));
        assert!(help.contains(&format!("Usage: {name}")), "{name}: {help}");
        for arg in command.get_arguments() {
            let Some(text) = arg.get_help().map(|h| one_line(&h.to_string())) else {
                continue;
            };
            assert!(
                help.contains(&text),
                "{name}: {text:?} missing from --help:\n{help}"
            );
            if let Some(long) = arg.get_long() {
                assert!(help.contains(&format!("--{long}")), "{name}: --{long} missing");
            }
        }
        for sub in command.get_subcommands() {
            assert!(
                help.contains(sub.get_name()),
                "{name}: {} missing",
                sub.get_name()
            );
        }
    }
}

#[test]
fn the_theme_is_a_global_option_also_read_from_the_environment() {
    let root = Cli::command();
    let theme = root
        .get_arguments()
        .find(|a| a.get_long() == Some("theme"))
        .expect("--theme");
    assert!(theme.is_global_set());
    assert_eq!(theme.get_env(), Some(std::ffi::OsStr::new("PERMANENCE_THEME")));
    let help = theme.get_help().map(|h| h.to_string()).unwrap_or_default();
    for name in [
        "default",
        "light",
        "high-contrast",
        "monochrome",
        "colour-blind",
        "themes/",
    ] {
        assert!(help.contains(name), "--theme's help does not name {name}: {help}");
    }
    // Accepted before or after a command, or from the environment.
    for args in [
        &["--theme", "monochrome", "completions", "bash"][..],
        &["completions", "bash", "--theme", "light"][..],
    ] {
        let output = run(args);
        assert!(output.status.success(), "{args:?}: {}", stderr(&output));
    }
    let output = permanence()
        .env("PERMANENCE_THEME", "high-contrast")
        .args(["man"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
}
