//! `permanence`: keyboard-driven permanence planning for children's social
//! care teams.
//!
//! Layers, each depending only on those above it in this list:
//! - [`domain`]: the rules, pure Rust;
//! - [`store`]: SQLite, returning domain types, with one write path;
//! - [`interchange`]: CSV and JSON files in and out;
//! - [`demo`]: the synthetic caseload;
//! - [`ui`]: the terminal interface, which renders domain types and never
//!   touches SQL;
//! - `cli` and `main`: parse the command line and dispatch.

pub mod access;
pub mod cli;
pub mod commands;
pub mod config;
pub mod corrections;
pub mod demo;
pub mod domain;
pub mod filing;
pub mod identity;
pub mod interchange;
pub mod library;
pub mod papers;
pub mod store;
pub mod timelines;
pub mod ui;
