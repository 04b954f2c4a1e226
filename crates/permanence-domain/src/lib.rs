//! The rules of permanence planning, as pure Rust.
//!
//! Nothing in `domain` touches a file, a database, a terminal or the clock:
//! "today" is always a parameter. That keeps every rule here testable on its
//! own, and makes this the place where a reader learns the policy.

pub mod approval;
pub mod cadence;
pub mod calendar;
pub mod caseload;
pub mod caseload_view;
pub mod child;
pub mod child_places;
pub mod chronology;
pub mod coded;
pub mod cohort;
pub mod column_map;
pub mod dashboard;
pub mod date;
pub mod event;
pub mod event_import;
pub mod family;
pub mod family_meeting;
pub mod family_time;
pub mod file_error;
pub mod fit;
pub mod form;
pub mod form_prefill;
pub mod form_rules;
pub mod gateway;
pub mod genogram;
pub mod guidance;
pub mod guidance_facts;
pub mod history;
pub mod holidays_file;
pub mod import;
pub mod legal_status;
pub mod meeting;
pub mod money;
pub mod pathway;
pub mod pathway_file;
pub mod people;
pub mod permissions;
pub mod plan;
pub mod plan_import;
pub mod report;
pub mod retention;
pub mod sanitise;
pub mod set_by;
pub mod sgo_plan;
pub mod span;
pub mod ssda903;
pub mod supervision;
pub mod teams_file;
pub mod timeline;
pub mod timeliness;
pub mod triage;
pub mod words;
