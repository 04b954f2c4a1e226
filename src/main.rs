//! Entry point: parse the command line, then hand over to `commands`.

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    // Everything the program creates (database, WAL files, exports written
    // by redirection aside) is readable by its owner only: the data is
    // about children.
    // SAFETY: umask only sets this process's file-creation mask.
    unsafe {
        libc::umask(0o077);
    }
    quiet_on_closed_pipe();
    let cli = match permanence::cli::Cli::try_parse() {
        Ok(cli) => cli,
        // Help and version are our own text; an error can quote what was
        // typed, so it is cleaned like every other message.
        Err(error) if error.use_stderr() => {
            let message = permanence::domain::sanitise::clean_text(&error.render().to_string());
            eprint!("{message}");
            return ExitCode::from(u8::try_from(error.exit_code()).unwrap_or(2));
        }
        Err(error) => error.exit(),
    };
    match permanence::commands::run(cli, permanence::store::Clock::reading(wall_clock)) {
        Ok(code) => code,
        // A reader that stops early (`export ... | head`) is not an error.
        Err(error) if is_broken_pipe(&error) => ExitCode::SUCCESS,
        Err(error) => {
            // Errors can quote a file's or a user's text: nothing raw
            // reaches the terminal.
            let message = permanence::domain::sanitise::clean_text(&format!("{error:#}"));
            eprintln!("permanence: {message}");
            ExitCode::FAILURE
        }
    }
}

/// The wall clock: the one place the program reads it. Everything below
/// the binary is handed this (clippy's `disallowed-methods` refuses
/// `Utc::now`, `Local::now` and `SystemTime::now` everywhere else), so a
/// test can fix every time the program writes or shows.
#[allow(clippy::disallowed_methods)]
fn wall_clock() -> chrono::DateTime<chrono::Utc> {
    chrono::Utc::now()
}

fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
            || cause
                .downcast_ref::<serde_json::Error>()
                .is_some_and(|e| e.io_error_kind() == Some(std::io::ErrorKind::BrokenPipe))
            || cause.downcast_ref::<csv::Error>().is_some_and(
                |e| matches!(e.kind(), csv::ErrorKind::Io(io) if io.kind() == std::io::ErrorKind::BrokenPipe),
            )
    })
}

/// `println!` panics when the reader has gone (`permanence users list |
/// head -c1`), and a panic prints "thread 'main' panicked" and a backtrace
/// over the user's terminal. Whichever command printed it, a reader that
/// stops early is not an error: the process ends quietly with success, as
/// commands that write through `writeln!` already do (see `main`). Nothing
/// is lost by not unwinding: a write still open is rolled back by SQLite.
fn quiet_on_closed_pipe() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let message = info
            .payload()
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| info.payload().downcast_ref::<&str>().copied())
            .unwrap_or_default();
        if is_closed_pipe_panic(message) {
            std::process::exit(0);
        }
        default(info);
    }));
}

/// The message the standard library panics with when `print!` meets a
/// closed pipe (`failed printing to stdout: Broken pipe (os error 32)`).
fn is_closed_pipe_panic(message: &str) -> bool {
    message.starts_with("failed printing to stdout")
        && message.contains(&format!("(os error {})", libc::EPIPE))
}
