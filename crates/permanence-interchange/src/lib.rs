//! Files in and out: CSV from spreadsheets, CSV and JSON for other tools.
//! Parsing turns bytes into cells with their spreadsheet line numbers; the
//! meaning of the cells is decided in `domain::import`.

pub mod chronology;
pub mod csv_in;
pub mod export;
pub mod family_file;
pub mod ics;
pub mod minutes;
pub mod report_out;
pub mod ssda903;
pub mod timeline_text;

// The crates below, by the names these modules have always used for them
// (`crate::domain::…`, `crate::store::…`).
pub(crate) use permanence_domain as domain;
pub(crate) use permanence_store as store;
