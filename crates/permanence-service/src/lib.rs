//! The use cases: what the app's screens and the command line both do, so
//! that each rule about doing it lives once. A use case takes what the
//! user asked for, already read into domain types, checks who is asking
//! and that the record is as they saw it, writes through the store, and
//! says what changed. Nothing here draws a screen or parses a command
//! line; nothing in `ui` or `commands` decides a rule.
//!
//! - [`access`]: who the acting user is and what they may do;
//! - [`identity`]: the operating-system account running the program;
//! - [`library`]: the pathways, forms, holidays and guidance loaded at
//!   start-up, checked;
//! - [`timelines`]: a child's timeline put together from the record;
//! - [`timeliness`]: the adoption timeliness measures' inputs and thresholds;
//! - [`corrections`]: recording what happened, and putting it right;
//! - [`catch_up`]: several past items marked done in one save;
//! - [`history`]: a child's history imported from another system, on
//!   the same terms as recording it;
//! - [`not_needed`]: items the plan will not do, with a reason, and taken back;
//! - [`filing`]: filing a finished form and what it sets in motion;
//! - [`forms`]: a submitted form's route (sign-off, QA, return, amend),
//!   the manager's queue, and the form checked against the record;
//! - [`papers`]: the chronology, family network and Gateway checklist;
//! - [`plans`]: starting, re-ranking and closing a child's plans;
//! - [`record`]: adding a child and editing their record, from the record form;
//! - [`ssda903_export`]: what a collection year's SSDA903 return holds of
//!   what the product holds;
//! - [`family`]: the family network changed a person or a link at a
//!   time, and family meetings recorded;
//! - [`config`]: the user's settings file, read and checked (its key
//!   bindings are made into a key map by the terminal interface).

pub mod access;
pub mod catch_up;
pub mod config;
pub mod corrections;
pub mod family;
pub mod filing;
pub mod forms;
pub mod history;
pub mod identity;
pub mod library;
pub mod not_needed;
pub mod papers;
pub mod plans;
pub mod record;
pub mod ssda903_export;
pub mod timelines;
pub mod timeliness;

#[cfg(test)]
mod case_under_way;

// The crates below, by the names these modules have always used for them
// (`crate::domain::…`, `crate::store::…`).
pub(crate) use permanence_domain as domain;
pub(crate) use permanence_store as store;
