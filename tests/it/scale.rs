//! At scale (issues 8 and 19): 100,000 demo children are generated, and
//! the real binary opens on them in a pseudo-terminal, shows the
//! caseload's first frame with every child counted within twice its
//! budget (timed as `benches/terminal.rs` times it), and quits cleanly on
//! `q`.
//!
//! Ignored by `cargo test`: on the debug build it takes longer than the
//! minute the issue allows a test in CI (see the reason on the test). CI
//! runs it on the release build: `cargo test --release --test it --
//! --ignored scale`. Issue 19's budget for it is 30 s, and most of its
//! time is the demo's: at 100,000 children the demo took 27–34 s on
//! 07/12/2026 (evening), against the 20 s, and this test 28.7 s
//! and 30.7 s in two runs of `.ci/run` on clean clones: at its edge. Where the
//! demo's time and bytes go, and each run's figures, are in
//! docs/performance.md ("Where the budgets stand" and the dated sections
//! under it).

use crate::util::permanence;
use crate::util::pty::Tui;
use std::path::Path;
use std::time::{Duration, Instant};

const CHILDREN: usize = 100_000;
/// The status line's count as a person reads it.
const COUNT: &str = " 100,000 children · ";
const COLS: u16 = 120;
const ROWS: u16 = 40;
/// A debug binary over 100,000 children is slow to its first frame.
const PATIENCE: Duration = Duration::from_secs(120);
/// Issue 19's budget for the caseload's first frame at 100,000 children.
/// A test is not a benchmark: it allows twice that before failing.
const FIRST_FRAME_BUDGET: Duration = Duration::from_millis(100);
/// Launches timed: the median of three, as `benches/terminal.rs` takes
/// the median of its runs, so one stall on a shared machine is not a
/// failure.
const LAUNCHES: usize = 3;

fn demo(db: &Path) {
    let output = permanence()
        .args([
            "demo",
            "--no-tui",
            "--seed",
            "7",
            "--children",
            &CHILDREN.to_string(),
            "--db",
        ])
        .arg(db)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "the demo failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    // The demo reports what it made on standard error.
    let said = String::from_utf8_lossy(&output.stderr);
    assert!(
        said.contains(&format!("demo: {CHILDREN} children")),
        "the demo says: {said}"
    );
}

#[test]
#[ignore = "over a minute under `cargo test` (debug build); CI runs it with `cargo test --release --test it -- --ignored scale` (28.7 and 30.7 s in .ci/run on clean clones on the evening of 07/12/2026, most of it the demo; the budget is 30 s; see docs/performance.md)"]
fn a_hundred_thousand_children_generate_and_open() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("scale.db");
    let start = Instant::now();
    demo(&db);
    let made = start.elapsed();
    let size = std::fs::metadata(&db).unwrap().len();

    // Timed as `benches/terminal.rs` times it: from before the program is
    // started to the first complete frame (the status line counts the
    // children and the first row's Plan column is filled in).
    let mut first_frames = Vec::new();
    for _ in 0..LAUNCHES {
        let opened = Instant::now();
        let mut tui = Tui::start(&db, COLS, ROWS);
        let first_frame = tui.until(opened, PATIENCE, |screen| {
            screen.lines().last().is_some_and(|l| l.contains(COUNT))
                && screen.lines().nth(2).is_some_and(|l| l.contains('›'))
        });
        let first_frame = first_frame.unwrap_or_else(|| panic!("no first frame:\n{}", tui.contents()));
        first_frames.push(first_frame);
        let frame = tui.contents();
        assert!(frame.contains("Caseload"), "{frame}");
        let rows = frame.lines().skip(2).take_while(|l| !l.trim().is_empty()).count();
        assert!(
            rows > usize::from(ROWS) / 2,
            "only {rows} rows of children shown:\n{frame}"
        );
        tui.send("q");
        assert_eq!(tui.exit_code(Duration::from_secs(10)), 0);
        assert!(tui.restored(), "the terminal was not restored");
    }
    first_frames.sort();
    let first_frame = first_frames[LAUNCHES / 2];
    eprintln!(
        "{CHILDREN} children: demo {:.1} s, {} MB, first frame {:.0} ms (median of {first_frames:?}), in all {:.1} s",
        made.as_secs_f64(),
        size / 1_000_000,
        first_frame.as_secs_f64() * 1000.0,
        start.elapsed().as_secs_f64()
    );
    assert!(
        first_frame <= FIRST_FRAME_BUDGET * 2,
        "the first frame took {first_frame:?} (median of {first_frames:?}), over twice its budget of {FIRST_FRAME_BUDGET:?}"
    );
}
