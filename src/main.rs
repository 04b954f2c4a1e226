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
    let cli = permanence::cli::Cli::parse();
    match permanence::commands::run(cli) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("permanence: {error:#}");
            ExitCode::FAILURE
        }
    }
}
