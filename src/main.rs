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
    match permanence::commands::run(cli) {
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
