//! `permanence`: keyboard-driven permanence planning for children's social
//! care teams.
//!
//! Layers, each depending only on those above it in this list; all but
//! the last three are crates of their own (`permanence-domain`, …), so the
//! compiler holds each to its place, re-exported here by the names the
//! program has always used for them:
//! - [`domain`]: the rules, pure Rust;
//! - [`store`]: SQLite, returning domain types, with one write path;
//! - [`interchange`]: CSV and JSON files in and out;
//! - [`service`]: the use cases both the app and the command line call,
//!   and the user's settings file;
//! - [`ui`] (`permanence-tui`): the terminal interface, which renders
//!   domain types and never touches SQL, and the only crate that knows
//!   ratatui and crossterm;
//! - [`config`]: the settings file and the key map it makes, by one name;
//! - [`demo`]: the synthetic caseload;
//! - [`commands`], `cli` and `main`: parse the command line and dispatch.

pub mod cli;
pub mod commands;
pub mod demo;

// The layers that are crates of their own, by the names the rest of the
// program has always used for them.
pub use permanence_domain as domain;
pub use permanence_interchange as interchange;
pub use permanence_service as service;
pub use permanence_store as store;
pub use permanence_tui as ui;

/// The user's settings file: read and checked by the use cases' crate
/// (`permanence_service::config`), its key bindings made into the key map
/// and the whole loaded at start-up by the terminal interface's
/// (`permanence_tui::keys_config`); one name for both, as the command line
/// has always called it.
pub mod config {
    pub use permanence_service::config::*;
    pub use permanence_tui::keys_config::{Rebinding, Settings, keymap, rebindings};
}
