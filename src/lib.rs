//! `permanence`: keyboard-driven permanence planning for children's social
//! care teams.
//!
//! Layers, each depending only on those above it in this list:
//! - [`domain`]: the rules, pure Rust;
//! - [`store`]: SQLite, returning domain types, with one write path;
//! - [`interchange`]: CSV and JSON files in and out;
//! - [`service`]: the use cases both the app and the command line call;
//! - [`demo`]: the synthetic caseload;
//! - [`ui`]: the terminal interface, which renders domain types and never
//!   touches SQL;
//! - [`commands`], `cli` and `main`: parse the command line and dispatch.

pub mod cli;
pub mod commands;
pub mod config;
pub mod demo;
pub mod interchange;
pub mod service;
pub mod ui;

// The layers that are crates of their own, by the names the rest of the
// program has always used for them.
pub use permanence_domain as domain;
pub use permanence_store as store;
