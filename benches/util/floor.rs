//! The floor each measurement is set against: the `sqlite3` command
//! (process start, the query, every row printed to /dev/null) running on
//! the same file the SQL that reads what the screen or report reads. A
//! program that reads no more than it needs can come in under it (a
//! screen prints a screenful, not every row); one far over it is working
//! something out that could be read.

use super::launch::{Cores, Measured, Run, measure};
use std::ffi::OsStr;
use std::path::Path;
use std::time::Duration;

/// The children with their names, workers and teams, the plans and the
/// stored keys and titles, read once by every report of stored items for
/// the names, the worker column and the scope (migration 18 keeps no
/// copied names on the items).
const ALLOCATIONS: &str = "SELECT c.id, c.given_name, c.family_name, w.display_name, w.username, c.team \
     FROM children c LEFT JOIN workers w ON w.id = c.worker_id; \
     SELECT id, pathway, role FROM plans; SELECT id, key, title FROM stored_titles;";

/// Every open item in the overdue report's order, as what next and the
/// calendar read them.
fn open_items(today: &str) -> String {
    format!(
        "{ALLOCATIONS} SELECT reference, plan_id, title_id, target, deadline, responsible, child_id \
         FROM stored_items WHERE shown_from IS NULL OR shown_from <= '{today}' \
         ORDER BY due, reference, position;"
    )
}

/// The overdue report's own query (crates/permanence-store/src/stored.rs).
pub fn overdue(today: &str) -> String {
    format!(
        "{ALLOCATIONS} SELECT reference, plan_id, title_id, target, deadline, responsible, child_id \
         FROM stored_items WHERE due < '{today}' AND (shown_from IS NULL OR shown_from <= '{today}') \
         ORDER BY due, reference, position;"
    )
}

/// The due report's own query, over `today` to `until`.
pub fn due(today: &str, until: &str) -> String {
    format!(
        "{ALLOCATIONS} SELECT reference, plan_id, title_id, target, deadline, responsible, child_id \
         FROM stored_items \
         WHERE ((target >= '{today}' AND target <= '{until}') OR (deadline >= '{today}' AND deadline <= '{until}')) \
           AND (shown_from IS NULL OR shown_from <= '{today}') \
         ORDER BY CASE WHEN target >= '{today}' AND (deadline IS NULL OR deadline < '{today}' OR target <= deadline) \
                       THEN target ELSE deadline END, reference, position;"
    )
}

/// What a tracker's cohort is decided from: each child's record, plans,
/// current events and carers, each table read once in the child's order.
pub fn cohort() -> String {
    "SELECT * FROM children ORDER BY id; \
     SELECT * FROM plans ORDER BY child_id; \
     SELECT * FROM events WHERE status = 'current' ORDER BY child_id, on_date; \
     SELECT * FROM child_carers;"
        .to_string()
}

/// What the adoption timeliness measures are worked out from: the record,
/// plans, standing events and plan endings of each child who has had a
/// plan on the adoption pathway (the one the pathway files mark as
/// placing for adoption).
pub fn timeliness() -> String {
    let adopted = "(SELECT DISTINCT child_id FROM plans WHERE pathway = 'adoption')";
    format!(
        "SELECT * FROM children WHERE id IN {adopted}; \
         SELECT * FROM plans WHERE child_id IN {adopted} ORDER BY child_id, id; \
         SELECT * FROM events WHERE status = 'current' AND child_id IN {adopted} ORDER BY child_id, on_date; \
         SELECT * FROM plan_closures WHERE plan_id IN (SELECT id FROM plans WHERE child_id IN {adopted});"
    )
}

/// Every open item, for the calendar.
pub fn ics(today: &str) -> String {
    open_items(today)
}

/// Every open item of every child, most urgent first, with who they are.
pub fn what_next(today: &str) -> String {
    open_items(today)
}

/// The dashboard's counts: each child's team, RAG and worker, the primary
/// plans' stages and starts, and the overdue items counted per child.
pub fn dashboard(today: &str) -> String {
    format!(
        "SELECT c.id, c.team, c.rag, c.legal_status, w.display_name FROM children c \
           LEFT JOIN workers w ON w.id = c.worker_id; \
         SELECT child_id, pathway, stage, start FROM plans WHERE status = 'active' AND role = 'primary'; \
         SELECT child_id, count(*) FROM stored_items \
           WHERE due < '{today}' AND (shown_from IS NULL OR shown_from <= '{today}') GROUP BY child_id;"
    )
}

/// The forms and their steps, for the sign-off queue.
pub fn queue() -> String {
    "SELECT * FROM forms; SELECT * FROM form_steps;".to_string()
}

/// The first child of the caseload: the record, plans, events and stored
/// items (the events in two halves, each through its partial index, as
/// the store reads them: migration 26).
pub fn one_child() -> String {
    let first = "(SELECT id FROM children ORDER BY family_name, given_name, ref LIMIT 1)";
    format!(
        "SELECT * FROM children WHERE id = {first}; \
         SELECT * FROM plans WHERE child_id = {first}; \
         SELECT * FROM events WHERE child_id = {first} AND status = 'current' \
           UNION ALL SELECT * FROM events WHERE child_id = {first} AND status <> 'current'; \
         SELECT * FROM stored_items WHERE child_id = {first} ORDER BY position;"
    )
}

/// The caseload query (the terminal benchmark's floor since issue 8).
pub fn caseload() -> String {
    "SELECT c.id, c.ref, c.given_name, c.family_name, c.date_of_birth, c.legal_status, \
     c.placement_type, w.display_name, c.team, c.rag FROM children c \
     LEFT JOIN workers w ON w.id = c.worker_id ORDER BY c.family_name, c.given_name, c.ref;"
        .to_string()
}

/// Whether `sqlite3` is installed: its version, or why not.
pub fn sqlite3() -> Result<String, String> {
    std::process::Command::new("sqlite3")
        .arg("-version")
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| {
            let said = String::from_utf8_lossy(&o.stdout);
            said.split_whitespace().next().unwrap_or("").to_string()
        })
        .ok_or_else(|| "sqlite3 is not installed: the floors are left out".to_string())
}

/// `sqlite3` running `sql` on `db` (read-only), output to /dev/null:
/// the median of `runs` runs, in seconds, or nothing if it failed (a
/// table renamed, say), saying so.
pub fn floor(db: &Path, sql: &str, cores: Cores, runs: usize) -> Option<f64> {
    let mut times = Vec::new();
    for _ in 0..runs {
        let args: [&OsStr; 3] = ["-readonly".as_ref(), db.as_os_str(), sql.as_ref()];
        let run: Measured = measure(&Run {
            program: "sqlite3".as_ref(),
            args: &args,
            env: &[],
            cores,
            limit: Duration::from_secs(60),
            out: Path::new("/dev/null"),
        });
        if run.code != 0 || run.timed_out {
            eprintln!(
                "sqlite3 floor failed ({}): {}",
                run.code,
                run.stderr.lines().next().unwrap_or("")
            );
            return None;
        }
        times.push(run.seconds());
    }
    Some(super::median(times))
}
