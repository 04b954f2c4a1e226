//! The real binary in a pseudo-terminal: a worker marks a case review
//! done by keys, reads the date it moves before saving, sees it saved,
//! then withdraws it with a reason, the way tests/it/e2e.rs drives the app.

use crate::util::fixtures::{AMARA_FOSTERING, AMARA_IN_CARE};
use crate::util::on;
use crate::util::pty::Tui;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Amara, looked after since 19/08/2026, on permanent fostering from
/// 14/10/2026, her first review held on 16/09/2026.
fn database(dir: &Path) -> PathBuf {
    let db = dir.join("events.db");
    let children = dir.join("children.csv");
    std::fs::write(&children, AMARA_IN_CARE).unwrap();
    let plans = dir.join("plans.csv");
    std::fs::write(&plans, AMARA_FOSTERING).unwrap();
    let runs: [&[&str]; 4] = [
        &["init"],
        &["import", "children", children.to_str().unwrap()],
        &["import", "plans", plans.to_str().unwrap()],
        &["record", "A1", "case-review", "--on", "16/09/2026"],
    ];
    for args in runs {
        let out = cli(&db, dir, args);
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    db
}

fn cli(db: &Path, dir: &Path, args: &[&str]) -> std::process::Output {
    on(db)
        .args(args)
        .env("PERMANENCE_CONFIG_DIR", dir.join("config"))
        .output()
        .unwrap()
}

fn json(db: &Path, dir: &Path, args: &[&str]) -> serde_json::Value {
    let out = cli(db, dir, args);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

fn third_review_deadline(db: &Path, dir: &Path) -> serde_json::Value {
    let timeline = json(db, dir, &["timeline", "A1", "--json", "--as-of", "2027-06-30"]);
    timeline["plans"][0]["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["key"] == "case-review-3")
        .map(|i| i["deadline"].clone())
        .unwrap()
}

/// A key on the second case review opens its dialog (`key`, the dialog's
/// title and words it says); `typed` is entered, the dates it moves are
/// read before saving (`moves`), and saving says `saved`.
fn on_the_review(
    tui: &mut Tui,
    (key, title, says): (&str, &str, &str),
    typed: &str,
    moves: &str,
    saved: &str,
) {
    tui.select("second-case-review");
    tui.send(key);
    let dialog = tui.wait_for(title);
    assert!(dialog.contains(says), "{dialog}");
    tui.send(&format!("{typed}\r"));
    let before = tui.wait_for("Before saving");
    assert!(before.contains(moves), "{before}");
    tui.send("\r");
    tui.wait_for(saved);
}

#[test]
fn a_review_marked_done_by_keys_moves_the_next_and_can_be_withdrawn() {
    let dir = tempfile::tempdir().unwrap();
    let db = database(dir.path());
    let config = dir.path().join("config");
    assert_eq!(third_review_deadline(&db, dir.path()), "2027-06-09");

    let config_dir = config.to_str().unwrap();
    let settings = [("PERMANENCE_CONFIG_DIR", config_dir)];
    let mut tui = Tui::start_env(&db, &["child", "A1"], None, &settings, 100, 30);
    tui.wait_for("Tab switches");
    on_the_review(
        &mut tui,
        ("d", "Mark done:", "records the case review as held"),
        "20/11/2026",
        "3rd case review deadline: 09/06/2027 \u{2192} 20/05/2027",
        "Recorded the case review on 20/11/2026",
    );
    assert_eq!(third_review_deadline(&db, dir.path()), "2027-05-20");

    on_the_review(
        &mut tui,
        ("u", "Withdraw:", "no longer counts"),
        "recorded on the wrong child",
        "3rd case review deadline: 20/05/2027 \u{2192} 09/06/2027",
        "Withdrew the case review",
    );
    tui.send("q");
    tui.escape();
    tui.send("q");
    assert_eq!(tui.exit_code(Duration::from_secs(5)), 0);

    assert_eq!(third_review_deadline(&db, dir.path()), "2027-06-09");
    let events = json(&db, dir.path(), &["events", "A1", "--json"]);
    let withdrawn = events
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["on"] == "2026-11-20")
        .expect("the withdrawn review is kept");
    assert_eq!(withdrawn["status"], "withdrawn");
}
