//! `completions` and `man`: the shell completion scripts and the manual
//! page, both generated from the command line's definitions in `cli.rs`,
//! so that neither can say anything `--help` does not.

use crate::cli::{Cli, CompletionShell};
use anyhow::Result;
use clap::CommandFactory;
use clap_mangen::Man;
use clap_mangen::roff::Roff;
use std::io::Write;
use std::process::ExitCode;

/// Prints the completion script for `shell`.
pub fn completions(shell: CompletionShell) -> Result<ExitCode> {
    print(&completion_script(shell))
}

/// Prints the manual page: the program's own page, then a section for
/// every command.
pub fn man() -> Result<ExitCode> {
    print(&man_page()?)
}

fn completion_script(shell: CompletionShell) -> Vec<u8> {
    use clap_complete::Shell;
    let generator = match shell {
        CompletionShell::Bash => Shell::Bash,
        CompletionShell::Zsh => Shell::Zsh,
        CompletionShell::Fish => Shell::Fish,
        CompletionShell::Elvish => Shell::Elvish,
        CompletionShell::Powershell => Shell::PowerShell,
    };
    let mut command = Cli::command();
    let name = command.get_name().to_string();
    // Into memory first: clap_complete panics if its writer fails, and a
    // reader that stops early should end quietly, as for every command.
    let mut script = Vec::new();
    clap_complete::generate(generator, &mut command, name, &mut script);
    script
}

/// What `roff` writes at the start of every piece it renders (a string
/// for the apostrophe). The page carries it once, after `.TH`, so that
/// the page begins with its title as man pages do.
const APOSTROPHE_PREAMBLE: &str = ".ie \\n(.g .ds Aq \\(aq\n.el .ds Aq '\n";

/// One page for the whole program, rather than a page per command as
/// `clap_mangen::generate_to` writes, so that it installs as one file and
/// `permanence man | man -l -` shows everything.
fn man_page() -> std::io::Result<Vec<u8>> {
    // The `help` command only repeats `--help`; a page has no use for it.
    let mut root = Cli::command().disable_help_subcommand(true);
    // Building gives each command its full name (`permanence report due`)
    // and its copy of the global options.
    root.build();
    let man = Man::new(root.clone());
    let mut page = title(&root);
    page.push_str(APOSTROPHE_PREAMBLE);
    page.push_str(&rendered(|w| man.render_name_section(w))?);
    page.push_str(&rendered(|w| man.render_synopsis_section(w))?);
    page.push_str(&rendered(|w| man.render_description_section(w))?);
    page.push_str(&rendered(|w| man.render_options_section(w))?);
    let mut heading = Roff::new();
    heading.control("SH", ["COMMANDS"]);
    page.push_str(&heading.to_roff());
    for command in root.get_subcommands().filter(|c| !c.is_hide_set()) {
        command_section(command, &mut page)?;
    }
    page.push_str(&rendered(|w| man.render_version_section(w))?);
    Ok(page.into_bytes())
}

/// The `.TH` line, written here because `clap_mangen` leaves an empty
/// date unquoted, which moves the version into the date's place.
fn title(root: &clap::Command) -> String {
    let name = root.get_name();
    let version = root.get_version().unwrap_or_default();
    format!(".TH {} 1 \"\" \"{name} {version}\"\n", name.to_uppercase())
}

/// A command's part of the page, under its full name: its synopsis,
/// description and options, then the same for each of its own commands.
fn command_section(command: &clap::Command, page: &mut String) -> std::io::Result<()> {
    // The global options and `--help` are on the program's own part of the
    // page; repeated under every command they would bury its own options.
    let shown = command
        .clone()
        .mut_args(|arg| {
            if arg.is_global_set() || arg.get_id() == "help" {
                arg.hide(true)
            } else {
                arg
            }
        })
        .disable_help_subcommand(true);
    let name = command.get_bin_name().unwrap_or_else(|| command.get_name());
    let mut heading = Roff::new();
    heading.control("SS", [name]);
    page.push_str(&heading.to_roff());
    let man = Man::new(shown);
    page.push_str(&without_headings(&rendered(|w| man.render_synopsis_section(w))?));
    let mut paragraph = Roff::new();
    paragraph.control("PP", []);
    page.push_str(&paragraph.to_roff());
    page.push_str(&without_headings(&rendered(|w| {
        man.render_description_section(w)
    })?));
    page.push_str(&without_headings(&rendered(|w| man.render_options_section(w))?));
    for sub in command.get_subcommands().filter(|c| !c.is_hide_set()) {
        command_section(sub, page)?;
    }
    Ok(())
}

/// A piece of the page as `clap_mangen` renders it, without the preamble
/// it starts every piece with.
fn rendered(render: impl FnOnce(&mut dyn Write) -> std::io::Result<()>) -> std::io::Result<String> {
    let mut bytes = Vec::new();
    render(&mut bytes)?;
    let text = String::from_utf8_lossy(&bytes);
    Ok(text
        .strip_prefix(APOSTROPHE_PREAMBLE)
        .unwrap_or(&text)
        .to_string())
}

/// A piece without its `.SH` headings: within a command's section, its
/// synopsis, description and options follow its name.
fn without_headings(roff: &str) -> String {
    roff.lines()
        .filter(|line| !line.starts_with(".SH"))
        .flat_map(|line| [line, "\n"])
        .collect()
}

fn print(bytes: &[u8]) -> Result<ExitCode> {
    let mut out = crate::commands::output::stdout();
    out.write_all(bytes)?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
