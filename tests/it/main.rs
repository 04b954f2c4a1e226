//! Every integration test, in one binary (ripgrep's layout): one module per
//! area, and `util` holding what they share (the command builder that
//! clears the environment and fixes today, the pseudo-terminal harness and
//! the common CSV fixtures). One binary links once, where 34 linked one
//! each. Run one area with `cargo test --test it plans_cli::`; the ignored scale
//! test with `cargo test --release --test it -- --ignored scale`; the
//! encryption tests with `cargo test --features encryption --test it encryption::`.

// A test or benchmark that cannot go on says so by panicking where it
// stopped: the house rule against unwrap is for the program.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod util;

mod architecture;
mod audit_cli;
mod catch_up_screens;
mod check_cli;
mod cli;
mod cohort_bulk;
mod cohorts_cli;
mod config_cli;
mod dashboard;
mod dashboard_bars;
mod dates_cli;
mod deadline_words;
mod demo_record;
mod durability;
mod e2e;
mod encryption;
mod events_cli;
mod events_e2e;
mod events_screens;
mod family_screens;
mod faults_cli;
mod first_frame;
mod fit_screens;
mod form_route_cli;
mod form_screens;
mod forms_cli;
mod forms_tab_screens;
mod import_events;
mod imported_plans;
mod left_care_import;
mod legal_status;
mod long_fields_screen;
mod meetings;
mod not_needed_cli;
mod not_needed_screens;
mod output_cli;
mod papers_cli;
mod papers_screens;
mod parsers;
mod picker_screens;
mod plan_cmd_cli;
mod plan_gateway;
mod plan_gateway_screens;
mod plan_screens;
mod plans_cli;
mod readme_keys;
mod reads_cli;
mod record_screens;
mod referral_to_sgo;
mod reports_cli;
mod restore_backup_cli;
mod roles_cli;
mod safety_cli;
mod safety_import_cli;
mod scale;
mod screens;
mod shared_server;
mod shell_cli;
mod ssda903_export;
mod ssda903_import;
mod stored_timelines;
mod themes;
mod timeliness;
mod timeliness_screens;
mod triage_screens;
mod viewer_screens;
mod what_next_stored;
