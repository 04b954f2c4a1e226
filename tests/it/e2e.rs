//! The real binary in a pseudo-terminal, driven by keys as a person would
//! drive it, with the screen read back through a terminal emulator.

use crate::util::pty::{PATIENCE, Tui};
use crate::util::{binary_today, on, permanence};
use portable_pty::PtySize;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

fn demo_db(dir: &Path, children: usize) -> PathBuf {
    let db = dir.join("e2e.db");
    let status = permanence()
        .args([
            "demo",
            "--no-tui",
            "--seed",
            "11",
            "--children",
            &children.to_string(),
            "--db",
        ])
        .arg(&db)
        .output()
        .unwrap();
    assert!(status.status.success());
    // A colleague, whom the demo's maker (its administrator) added, can
    // change the caseload from another terminal.
    let colleague = on(&db)
        .args([
            "users",
            "add",
            "colleague",
            "--name",
            "A Colleague",
            "--role",
            "business-support",
        ])
        .output()
        .unwrap();
    assert!(
        colleague.status.success(),
        "{}",
        String::from_utf8_lossy(&colleague.stderr)
    );
    db
}

/// A new database, as a user makes one: no other command creates one.
fn init_db(db: &Path) {
    let out = on(db).arg("init").output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

fn export(db: &Path) -> Vec<serde_json::Value> {
    let out = on(db)
        .args(["export", "caseload", "--format", "json"])
        .output()
        .unwrap();
    serde_json::from_slice::<Vec<serde_json::Value>>(&out.stdout).unwrap()
}

fn nz(n: u16) -> std::num::NonZeroU16 {
    std::num::NonZeroU16::new(n).unwrap()
}

#[test]
fn search_for_a_child_open_them_go_back_and_quit() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path(), 80);
    let children = export(&db);
    // A child whose family name nobody else has, so the search finds one.
    let target = children
        .iter()
        .find(|c| {
            children
                .iter()
                .filter(|o| o["family_name"] == c["family_name"])
                .count()
                == 1
        })
        .unwrap();
    let family = target["family_name"].as_str().unwrap();
    let reference = target["ref"].as_str().unwrap();

    let mut tui = Tui::start(&db, 80, 24);
    tui.wait_for("80 children");
    tui.send("?");
    tui.wait_for("Keys · Caseload");
    tui.send("?");
    tui.wait_until_gone("Keys · Caseload");

    tui.send("/");
    tui.wait_for("Search:");
    tui.send(&family.to_lowercase());
    let screen = tui.wait_for("1 match");
    assert!(screen.contains("1 of 80 children"), "{screen}");
    assert!(screen.contains(reference), "{screen}");

    tui.send("\r");
    let child = tui.wait_for("Tab switches");
    assert!(child.contains(&format!("· {reference}")), "{child}");
    if !child.contains("Date of birth") {
        // A child with a plan opens on the timeline; Tab shows the record.
        tui.send("\t");
    }
    let record = tui.wait_for("Date of birth");
    assert!(record.contains("Legal status"), "{record}");

    tui.escape();
    let back = tui.wait_for("1 of 80 children");
    assert!(
        back.contains(&format!("Search: {}", family.to_lowercase())),
        "{back}"
    );
    tui.escape();
    tui.wait_for("80 children");
    tui.wait_until_gone("Search:");

    tui.send("q");
    assert_eq!(tui.exit_code(Duration::from_secs(5)), 0);
    assert!(tui.restored(), "the terminal was not restored");
}

#[test]
fn keys_move_through_a_long_caseload() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path(), 300);
    let children = export(&db);
    let mut names: Vec<(String, String)> = children
        .iter()
        .map(|c| {
            (
                c["family_name"].as_str().unwrap().to_string(),
                c["given_name"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    names.sort();
    let last = format!("{} {}", names.last().unwrap().1, names.last().unwrap().0);

    let mut tui = Tui::start(&db, 80, 24);
    tui.wait_for("300 children");
    tui.send("G");
    tui.wait_for(&last);
    tui.send("g");
    tui.wait_until_gone(&last);
    tui.send("\x1b[6~"); // PgDn
    tui.send("j\r");
    // The child screen's footer, drawn last: waiting for the tab bar alone
    // could catch a frame half drawn over the caseload.
    let record = tui.wait_for("of 300 children");
    assert!(
        record.contains("23 of 300 children"),
        "PgDn moves 21 rows, j one more:\n{record}"
    );
    tui.send("n");
    tui.wait_for("24 of 300 children");
    tui.escape();
    tui.wait_for("/ search");
    tui.send("q");
    assert_eq!(tui.exit_code(Duration::from_secs(5)), 0);
}

#[test]
fn resizing_redraws_and_a_tiny_window_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path(), 30);
    let mut tui = Tui::start(&db, 80, 24);
    tui.wait_for("30 children");
    // The screen reader takes the new size before the program can draw for
    // it: the other way round, a frame drawn in between (a busy machine
    // makes room for one) is read at the old size and stays garbled.
    tui.screen.lock().unwrap().screen_mut().set_size(nz(8), nz(40));
    tui.master
        .resize(PtySize {
            rows: 8,
            cols: 40,
            pixel_width: 0,
            pixel_height: 0,
        })
        .unwrap();
    tui.wait_for("permanence needs at");
    tui.screen.lock().unwrap().screen_mut().set_size(nz(30), nz(120));
    tui.master
        .resize(PtySize {
            rows: 30,
            cols: 120,
            pixel_width: 0,
            pixel_height: 0,
        })
        .unwrap();
    // A frame arrives in several reads: wait for its header and its
    // status line alike.
    tui.wait_for("Team");
    tui.wait_for("30 children");
    tui.send("q");
    assert_eq!(tui.exit_code(Duration::from_secs(5)), 0);
}

#[test]
fn sigterm_restores_the_terminal_and_exits() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path(), 10);
    let mut tui = Tui::start(&db, 80, 24);
    tui.wait_for("10 children");
    tui.signal(libc::SIGTERM);
    assert_eq!(tui.exit_code(Duration::from_secs(1)), 128 + libc::SIGTERM as u32);
    assert!(tui.restored());
}

#[test]
fn sighup_from_a_dropped_connection_exits() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path(), 10);
    let mut tui = Tui::start(&db, 80, 24);
    tui.wait_for("10 children");
    tui.signal(libc::SIGHUP);
    assert_eq!(tui.exit_code(Duration::from_secs(1)), 128 + libc::SIGHUP as u32);
}

/// The terminal goes away and no signal says so: the program runs in a
/// session of its own (as under some terminal multiplexers and broken SSH
/// set-ups), so closing the terminal sends it no SIGHUP. It must notice
/// by itself and exit within a second rather than spin.
#[test]
fn a_vanished_terminal_without_a_signal_is_noticed_within_a_second() {
    use std::os::fd::{FromRawFd, OwnedFd};
    use std::os::unix::process::CommandExt;
    use std::sync::atomic::{AtomicBool, Ordering};

    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path(), 10);
    let (mut master, mut slave) = (0, 0);
    let size = libc::winsize {
        ws_row: 24,
        ws_col: 80,
        ws_xpixel: 0,
        ws_ypixel: 0,
    };
    // SAFETY: openpty writes two descriptors into the integers given.
    let opened = unsafe {
        libc::openpty(
            &mut master,
            &mut slave,
            std::ptr::null_mut(),
            std::ptr::null(),
            &size,
        )
    };
    assert_eq!(opened, 0);
    // openpty's descriptors would be inherited: the child holding the
    // master open would keep its own terminal alive.
    for fd in [master, slave] {
        // SAFETY: setting a flag on a descriptor we own.
        unsafe { libc::fcntl(fd, libc::F_SETFD, libc::FD_CLOEXEC) };
    }
    // SAFETY: both descriptors were just opened and are owned here alone.
    let (master, slave) = unsafe { (OwnedFd::from_raw_fd(master), OwnedFd::from_raw_fd(slave)) };
    let mut command = on(&db);
    command
        .env("TERM", "xterm-256color")
        .stdin(slave.try_clone().unwrap())
        .stdout(slave.try_clone().unwrap())
        .stderr(slave.try_clone().unwrap());
    // SAFETY: setsid is async-signal-safe; it gives the child a session
    // with no controlling terminal, so no SIGHUP can reach it.
    unsafe {
        command.pre_exec(|| {
            libc::setsid();
            Ok(())
        });
    }
    let mut child = command.spawn().unwrap();
    drop(slave);

    // Drain the output until told to stop, without holding the master open.
    let stop = Arc::new(AtomicBool::new(false));
    let seen = Arc::new(Mutex::new(Vec::new()));
    let raw = {
        use std::os::fd::AsRawFd;
        master.as_raw_fd()
    };
    let drain = {
        let (stop, seen) = (Arc::clone(&stop), Arc::clone(&seen));
        std::thread::spawn(move || {
            let mut buffer = [0u8; 8192];
            while !stop.load(Ordering::Relaxed) {
                let mut poll = libc::pollfd {
                    fd: raw,
                    events: libc::POLLIN,
                    revents: 0,
                };
                // SAFETY: polling and reading a descriptor that outlives this thread.
                if unsafe { libc::poll(&mut poll, 1, 20) } > 0 {
                    let n = unsafe { libc::read(raw, buffer.as_mut_ptr().cast(), buffer.len()) };
                    if n <= 0 {
                        break;
                    }
                    seen.lock().unwrap().extend_from_slice(&buffer[..n as usize]);
                }
            }
        })
    };
    let start = Instant::now();
    while !String::from_utf8_lossy(&seen.lock().unwrap()).contains("children") {
        assert!(start.elapsed() < PATIENCE, "the app never drew its first frame");
        std::thread::sleep(Duration::from_millis(20));
    }
    stop.store(true, Ordering::Relaxed);
    drain.join().unwrap();

    let closed = Instant::now();
    drop(master);
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            assert_eq!(status.code(), Some(1), "exits with failure, not by a signal");
            break;
        }
        if closed.elapsed() > Duration::from_secs(1) {
            let _ = child.kill();
            panic!("still running a second after its terminal vanished");
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// Overdue and breached items in a child's timeline, as the CLI reports them.
fn late_items(db: &Path, reference: &str) -> usize {
    let out = on(db).args(["timeline", reference, "--json"]).output().unwrap();
    let timeline: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    timeline["plans"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|p| p["items"].as_array().unwrap().clone())
        .filter(|i| i["status"] == "overdue" || i["status"] == "breached")
        .count()
}

/// T100 on a reunification plan that began three weeks before today: its
/// first two weeks are late.
fn late_child_db(dir: &Path) -> PathBuf {
    let db = dir.join("e2e.db");
    let children = dir.join("children.csv");
    std::fs::write(
        &children,
        "ref,given_name,family_name,legal_status\nT100,Test,Child,ico\n",
    )
    .unwrap();
    let start = binary_today() - chrono::Days::new(21);
    let plans = dir.join("plans.csv");
    std::fs::write(
        &plans,
        format!("ref,pathway,role,start,stage\nT100,reunification,primary,{start},pre-proceedings\n"),
    )
    .unwrap();
    init_db(&db);
    for (kind, file) in [("children", &children), ("plans", &plans)] {
        let out = on(&db).args(["import", kind]).arg(file).output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    }
    db
}

#[test]
fn marking_an_item_done_on_the_timeline_changes_the_caseload() {
    let dir = tempfile::tempdir().unwrap();
    let db = late_child_db(dir.path());
    let before = late_items(&db, "T100");
    assert!(before > 1, "the plan should start with late items");

    let mut tui = Tui::start(&db, 100, 30);
    let caseload = tui.wait_for("1 child");
    let late_cell = |n: usize| [format!("!{n} "), format!("✗{n} ")];
    assert!(
        late_cell(before).iter().any(|c| caseload.contains(c.as_str())),
        "{caseload}"
    );

    tui.send("\r");
    tui.wait_for("Tab switches");
    tui.send("d");
    tui.wait_for("Mark done:");
    tui.send("\r");
    // What it will do and the dates it moves, read before saving.
    tui.wait_for("Before saving");
    tui.send("\r");
    tui.wait_for("Marked done on");
    // The History tab, the last, shows the change, with who made it.
    tui.send("\t\t\t\t\t\t");
    let history = tui.wait_for("opened the record");
    assert!(history.contains("done_on:"), "{history}");
    tui.escape();
    let after = tui.wait_for("1 child");
    assert!(
        late_cell(before - 1).iter().any(|c| after.contains(c.as_str())),
        "the Late count did not fall from {before}:\n{after}"
    );
    tui.send("q");
    assert_eq!(tui.exit_code(Duration::from_secs(5)), 0);
    assert_eq!(late_items(&db, "T100"), before - 1, "and it was saved");
}

#[test]
fn child_ref_opens_the_app_on_that_child() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path(), 40);
    let children = export(&db);
    let target = &children[17];
    let reference = target["ref"].as_str().unwrap();
    let mut tui = Tui::start_with(&db, &["child", reference], 80, 24);
    let screen = tui.wait_for("Tab switches");
    assert!(screen.contains(&format!("· {reference}")), "{screen}");
    tui.escape();
    tui.wait_for("40 children");
    tui.send("q");
    assert_eq!(tui.exit_code(Duration::from_secs(5)), 0);
}

#[test]
fn a_name_holding_escape_sequences_cannot_take_over_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path(), 10);
    let reference = export(&db)[0]["ref"].as_str().unwrap().to_string();
    // Written behind the program's back, as a hostile import from another
    // system might: retitle the terminal, then an 8-bit CSI and a bidi override.
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute(
        "UPDATE children SET given_name = ?1 WHERE ref = ?2",
        rusqlite::params!["Evil\u{1b}]0;pwned\u{7}\u{9b}2J\u{202e}Name", reference],
    )
    .unwrap();
    drop(conn);
    let mut tui = Tui::start(&db, 80, 24);
    tui.wait_for("10 children");
    tui.send("/evil");
    tui.wait_for("1 match");
    tui.send("\r");
    let screen = tui.wait_for("Tab switches");
    assert!(screen.contains("Evil]0;pwned2JName"), "{screen}");
    tui.send("\t");
    tui.wait_for("Date of birth");
    // Typed and pasted escapes are dropped too: try one in the search.
    tui.escape();
    tui.escape();
    tui.send("q");
    assert_eq!(tui.exit_code(Duration::from_secs(5)), 0);
    let raw = tui.raw.lock().unwrap().clone();
    let find = |needle: &[u8]| raw.windows(needle.len()).any(|w| w == needle);
    assert!(!find(b"\x1b]0;pwned"), "the title sequence reached the terminal");
    assert!(!find("\u{9b}".as_bytes()), "an 8-bit CSI reached the terminal");
    assert!(
        !find("\u{202e}".as_bytes()),
        "a bidi override reached the terminal"
    );
}

#[test]
fn another_users_change_shows_within_two_seconds() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path(), 10);
    let mut tui = Tui::start(&db, 80, 24);
    tui.wait_for("10 children");
    tui.send("j");
    // Someone else, in another process, adds a child.
    let csv = dir.path().join("new.csv");
    std::fs::write(&csv, "ref,given_name,family_name\nZ99,Zainab,Zulu\n").unwrap();
    let started = Instant::now();
    let out = on(&db)
        .args(["--as", "colleague", "import", "children"])
        .arg(&csv)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let screen = tui.wait_for("11 children");
    assert!(
        started.elapsed() < Duration::from_millis(2500),
        "took {:?} to show",
        started.elapsed()
    );
    assert!(screen.contains("Zainab Zulu"), "{screen}");
    tui.send("q");
    assert_eq!(tui.exit_code(Duration::from_secs(5)), 0);
}

#[test]
fn a_dropped_connection_keeps_what_was_being_typed() {
    let dir = tempfile::tempdir().unwrap();
    let db = late_child_db(dir.path());
    let mut tui = Tui::start_with(&db, &["child", "T100"], 100, 30);
    tui.wait_for("Tab switches");
    tui.send("d");
    tui.wait_for("Mark done:");
    tui.send("\t");
    tui.send("half-written note about the parenting assessment");
    tui.wait_for("half-written note");
    // The SSH connection drops.
    tui.signal(libc::SIGHUP);
    assert_eq!(tui.exit_code(Duration::from_secs(1)), 128 + libc::SIGHUP as u32);

    let mut again = Tui::start_with(&db, &["child", "T100"], 100, 30);
    // The status line is drawn last: wait for it, not for the top line,
    // or a frame caught half-written fails the test.
    let screen = again.wait_for("unsaved dialog was kept");
    assert!(screen.contains("Tab switches"), "{screen}");
    again.send("d");
    let dialog = again.wait_for("Restored from what you were typing");
    assert!(
        dialog.contains("half-written note about the parenting"),
        "{dialog}"
    );
    again.send("\r");
    again.wait_for("Before saving");
    again.send("\r");
    again.wait_for("Marked done on");
    again.send("q");
    again.escape();
    again.send("q");
    assert_eq!(again.exit_code(Duration::from_secs(5)), 0);
    let conn = rusqlite::Connection::open(&db).unwrap();
    let drafts: i64 = conn
        .query_row("SELECT count(*) FROM drafts", [], |r| r.get(0))
        .unwrap();
    assert_eq!(drafts, 0, "a draft that was saved is gone");
}

/// A database holding one child, T100, with no plan.
fn one_child_db(dir: &Path) -> PathBuf {
    let db = dir.join("e2e.db");
    let children = dir.join("children.csv");
    std::fs::write(
        &children,
        "ref,given_name,family_name,legal_status\nT100,Test,Child,ico\n",
    )
    .unwrap();
    init_db(&db);
    let out = on(&db)
        .args(["import", "children"])
        .arg(&children)
        .output()
        .unwrap();
    assert!(out.status.success());
    db
}

fn form_data(db: &Path) -> Vec<(String, serde_json::Value)> {
    let conn = rusqlite::Connection::open(db).unwrap();
    let mut statement = conn
        .prepare("SELECT status, data FROM forms ORDER BY id")
        .unwrap();
    statement
        .query_map([], |r| {
            let data: String = r.get(1)?;
            Ok((r.get::<_, String>(0)?, serde_json::from_str(&data).unwrap()))
        })
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

#[test]
fn a_form_survives_a_killed_session_and_a_dropped_connection_then_submits() {
    let dir = tempfile::tempdir().unwrap();
    let db = one_child_db(dir.path());
    let args = ["form", "edit", "T100", "financial-request"];
    let mut tui = Tui::start_with(&db, &args, 100, 40);
    let screen = tui.wait_for("Financial Agreement Sign off Process");
    assert!(screen.contains("Test Child"), "the name is prefilled: {screen}");
    // Down to "Background /Reason for Decision", a multiline field.
    tui.send("\t\t\t\t");
    tui.send("Nan's flat needs a bedroom — £40/week\r");
    tui.send("second line, café");
    tui.wait_for("second line, café");
    // Saved within a second of typing: even a kill loses nothing after that.
    std::thread::sleep(Duration::from_millis(1000));
    tui.signal(libc::SIGKILL);
    tui.exit_code(Duration::from_secs(2));

    let mut again = Tui::start_with(&db, &args, 100, 40);
    let screen = again.wait_for("Carrying on from your draft");
    assert!(
        screen.contains("Nan's flat needs a bedroom — £40/week"),
        "{screen}"
    );
    assert!(screen.contains("second line, café"), "{screen}");
    // The cursor is back where it was: typing carries on the line.
    again.send(" and more");
    again.wait_for("café and more");
    // The connection drops straight after typing: saved on the way out.
    again.signal(libc::SIGHUP);
    assert_eq!(again.exit_code(Duration::from_secs(1)), 128 + libc::SIGHUP as u32);
    let drafts = form_data(&db);
    assert_eq!(drafts.len(), 1, "one draft, updated in place");
    assert_eq!(drafts[0].0, "draft");
    assert_eq!(
        drafts[0].1["raw"]["background"],
        "Nan's flat needs a bedroom — £40/week\nsecond line, café and more"
    );

    // Back again to finish: Ctrl-S first shows what is missing.
    let mut last = Tui::start_with(&db, &args, 100, 40);
    last.wait_for("Carrying on from your draft");
    last.send("\x13");
    let screen = last.wait_for("✗ is required");
    assert!(screen.contains("▶ SGO Allowance/Grant/ Loan"), "{screen}");
    last.send("\r"); // open the options
    last.wait_for("Enter chooses");
    last.send("j\r"); // grant; moves on to Amount
    last.send("£12,000");
    last.wait_for("Route: Assistant Director → Departmental Management Team (DMT)");
    last.send("\t\t\rj\r"); // contract: No
    last.send("None that meet the need");
    last.send("\x13");
    last.wait_for("A submitted form can only be amended");
    last.send("\r");
    last.wait_for("submitted as form 1, version 1");
    last.send("q");
    last.send("q");
    assert_eq!(last.exit_code(Duration::from_secs(5)), 0);
    let forms = form_data(&db);
    assert_eq!(forms.len(), 1);
    assert_eq!(forms[0].0, "submitted");
    let data = &forms[0].1;
    assert_eq!(data["request_type"], "grant");
    assert_eq!(data["amount"], "12000.00");
    assert_eq!(data["contract"], false);
    assert_eq!(
        data["background"],
        "Nan's flat needs a bedroom — £40/week\nsecond line, café and more"
    );
    assert_eq!(data["child_name"], "Test Child");
}

#[test]
fn a_tracker_meeting_is_held_by_keys_and_its_minutes_written() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path(), 40);
    let mut tui = Tui::start_in(&db, &[], Some(dir.path()), 100, 30);
    tui.wait_for("children");
    tui.send("T");
    tui.wait_for("Hold a tracker meeting");
    tui.send("\r"); // the Permanence Tracker, first in the list
    let screen = tui.wait_for("meeting of");
    assert!(screen.contains("Permanence Tracker"), "{screen}");
    tui.send("a");
    tui.wait_for("RAG: amber (A)");
    tui.send("t");
    tui.wait_for("Action agreed");
    tui.send("Book the legal planning meeting\tTeam Manager\r");
    tui.wait_for("Book the legal planning meeting — Team Manager by");
    tui.send("j");
    tui.send("g");
    tui.wait_for("RAG: green (G)");
    tui.send("w");
    tui.wait_for("Minutes written");
    tui.send("q");
    tui.wait_for("children");
    tui.send("q");
    assert_eq!(tui.exit_code(Duration::from_secs(5)), 0);
    let minutes: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("minutes-permanence-")
        })
        .collect();
    assert_eq!(minutes.len(), 3, "Markdown, HTML and CSV: {minutes:?}");
    let md = minutes.iter().find(|p| p.extension().unwrap() == "md").unwrap();
    let text = std::fs::read_to_string(md).unwrap();
    assert!(
        text.contains("**Children discussed:** 2 · **Actions:** 1"),
        "{text}"
    );
    assert!(
        text.contains("Book the legal planning meeting — Team Manager"),
        "{text}"
    );
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(
        std::fs::metadata(md).unwrap().permissions().mode() & 0o077,
        0,
        "owner-only"
    );
}

/// The colours an output sets (SGR foreground and background codes, not
/// the resets to the terminal's own, 39 and 49).
fn colours_set(raw: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(raw);
    let mut found = Vec::new();
    for sequence in text.split('\u{1b}').filter_map(|s| s.strip_prefix('[')) {
        let Some(end) = sequence.find(|c: char| !(c.is_ascii_digit() || c == ';' || c == ':')) else {
            continue;
        };
        if !sequence[end..].starts_with('m') {
            continue;
        }
        let codes: Vec<u32> = sequence[..end]
            .split([';', ':'])
            .filter_map(|c| c.parse().ok())
            .collect();
        if codes
            .iter()
            .any(|&c| matches!(c, 30..=38 | 40..=48 | 90..=97 | 100..=107))
        {
            found.push(sequence[..end].to_string());
        }
    }
    found
}

#[test]
fn no_color_means_no_colour_escape_sequences_at_all() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path(), 30);
    let walk = |env: &[(&str, &str)]| {
        let mut tui = Tui::start_env(&db, &[], None, env, 100, 30);
        tui.wait_for("30 children");
        // The caseload, a child's timeline (its statuses are coloured),
        // the record, then back and out.
        tui.send("j");
        tui.send("\r");
        tui.wait_for("Timeline");
        tui.send("\t");
        tui.wait_for("Record");
        tui.escape();
        tui.wait_for("30 children");
        tui.send("q");
        assert_eq!(tui.exit_code(Duration::from_secs(5)), 0);
        tui.raw.lock().unwrap().clone()
    };
    let coloured = walk(&[("COLORTERM", "truecolor")]);
    assert!(
        !colours_set(&coloured).is_empty(),
        "without NO_COLOR the screens are in colour"
    );
    let plain = walk(&[("COLORTERM", "truecolor"), ("NO_COLOR", "1")]);
    assert_eq!(colours_set(&plain), Vec::<String>::new());
    // Emphasis is still there: the selection in reverse video.
    assert!(String::from_utf8_lossy(&plain).contains("\u{1b}[7m"));
}

#[test]
fn a_broken_theme_still_opens_with_the_default_and_says_why() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path(), 10);
    let config = dir.path().join("config");
    std::fs::create_dir_all(config.join("themes")).unwrap();
    std::fs::write(
        config.join("themes/mine.toml"),
        "name = \"mine\"\ninherits = \"default\"\n[roles]\ntext = { fg = \"bright-purple\" }\n",
    )
    .unwrap();
    let config = config.to_string_lossy().into_owned();
    let mut tui = Tui::start_env(
        &db,
        &["--theme", "mine"],
        None,
        &[("PERMANENCE_CONFIG_DIR", config.as_str())],
        100,
        30,
    );
    let screen = tui.wait_for("10 children");
    assert!(
        screen.contains("default theme used: mine.toml:4: text.fg"),
        "{screen}"
    );
    tui.send("q");
    assert_eq!(tui.exit_code(Duration::from_secs(5)), 0);
}

/// The screen's line `row` (from 0), as the emulator shows it.
fn line(tui: &Tui, row: u16) -> String {
    let parser = tui.screen.lock().unwrap();
    let cols = parser.screen().size().1;
    parser
        .screen()
        .rows(0, cols.get())
        .nth(row as usize)
        .unwrap_or_default()
}

/// Waits until line `row` starts with the selection's marker.
fn wait_for_selection_on(tui: &Tui, row: u16) {
    let start = Instant::now();
    while !line(tui, row).starts_with('›') {
        assert!(
            start.elapsed() < PATIENCE,
            "line {row} never highlighted; the screen shows:\n{}",
            tui.contents()
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn the_mouse_selects_and_opens_and_the_palette_finds_the_dashboard() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path(), 80);
    let mut tui = Tui::start(&db, 80, 24);
    tui.wait_for("80 children");
    wait_for_selection_on(&tui, 2);
    // Clicks and the wheel are asked for, not every movement of the mouse.
    assert_eq!(
        tui.screen.lock().unwrap().screen().mouse_protocol_mode(),
        vt100::MouseProtocolMode::PressRelease
    );

    // A left click (SGR: button 0, column 10, line 5 counting from 1) and
    // its release: the third child, on the fifth line, is highlighted.
    tui.send("\x1b[<0;10;5M\x1b[<0;10;5m");
    wait_for_selection_on(&tui, 4);
    assert!(!line(&tui, 2).starts_with('›'), "{}", tui.contents());
    // A second click on it opens the child, as Enter does.
    tui.send("\x1b[<0;10;5M\x1b[<0;10;5m");
    let child = tui.wait_for("Tab switches");
    assert!(child.contains("3 of 80 children"), "{child}");
    tui.escape();
    tui.wait_for("/ search");
    wait_for_selection_on(&tui, 4);
    // A notch of the wheel down moves the selection three rows.
    tui.send("\x1b[<65;10;5M");
    wait_for_selection_on(&tui, 7);

    // The palette: `:`, a few letters, Enter.
    tui.send(":");
    tui.wait_for("Actions · Caseload");
    tui.send("dash");
    let palette = tui.wait_for(": dash");
    assert!(!palette.contains("Down a line"), "{palette}");
    tui.send("\r");
    tui.wait_for("permanence · Dashboard");
    tui.wait_until_gone("Actions · Caseload");
    tui.escape();
    tui.wait_for("/ search");

    tui.send("q");
    assert_eq!(tui.exit_code(Duration::from_secs(5)), 0);
    assert!(tui.restored(), "the terminal was not restored");
    assert_eq!(
        tui.screen.lock().unwrap().screen().mouse_protocol_mode(),
        vt100::MouseProtocolMode::None,
        "mouse reports are turned off on the way out"
    );
}

#[test]
fn the_configuration_file_rebinds_keys_and_says_what_it_left_out() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path(), 10);
    let config = dir.path().join("config");
    std::fs::create_dir_all(&config).unwrap();
    std::fs::write(
        config.join("config.toml"),
        "theme = \"monochrome\"\n[keys.caseload]\ndashboard = \"ctrl-b\"\nwhat_next = \"j\"\n",
    )
    .unwrap();
    let config = config.to_string_lossy().into_owned();
    let env = [
        ("PERMANENCE_CONFIG_DIR", config.as_str()),
        ("COLORTERM", "truecolor"),
    ];
    let mut tui = Tui::start_env(&db, &[], None, &env, 100, 30);
    // The refused binding is said, with its line; the rest applies.
    let screen = tui.wait_for("10 children");
    assert!(
        screen.contains("config.toml:4: keys.caseload.what_next: j is already move_down"),
        "{screen}"
    );
    tui.send("\x02");
    tui.wait_for("permanence · Dashboard");
    tui.escape();
    tui.wait_for("10 children");
    tui.send("q");
    assert_eq!(tui.exit_code(Duration::from_secs(5)), 0);
    // Monochrome, from the file: no colour at all.
    assert_eq!(colours_set(&tui.raw.lock().unwrap()), Vec::<String>::new());
}

#[test]
fn the_linux_console_gets_every_screen_in_ascii_symbols() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path(), 30);
    let mut tui = Tui::start_env(&db, &[], None, &[("TERM", "linux")], 100, 30);
    tui.wait_for("30 children");
    // The caseload, a timeline (status symbols, the ruler), the help box.
    tui.send("\r");
    tui.wait_for("Timeline");
    tui.send("?");
    tui.wait_for("Keys . Timeline");
    tui.escape();
    tui.escape();
    tui.wait_for("30 children");
    tui.send("q");
    assert_eq!(tui.exit_code(Duration::from_secs(5)), 0);
    let raw = tui.raw.lock().unwrap().clone();
    let text = String::from_utf8_lossy(&raw);
    let symbols: Vec<char> = text
        .chars()
        .filter(|c| !c.is_ascii() && !c.is_alphabetic())
        .collect();
    assert_eq!(symbols, Vec::<char>::new(), "only letters may be beyond ASCII");
    assert!(text.contains('+') && text.contains('|'), "boxes drawn in ASCII");
}

#[test]
fn mouse_false_leaves_the_mouse_to_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path(), 10);
    let config = dir.path().join("config");
    std::fs::create_dir_all(&config).unwrap();
    let run = |file: &str| {
        std::fs::write(config.join("config.toml"), file).unwrap();
        let config = config.to_string_lossy().into_owned();
        let mut tui = Tui::start_env(
            &db,
            &[],
            None,
            &[("PERMANENCE_CONFIG_DIR", config.as_str())],
            100,
            30,
        );
        tui.wait_for("10 children");
        tui.send("q");
        assert_eq!(tui.exit_code(Duration::from_secs(5)), 0);
        String::from_utf8_lossy(&tui.raw.lock().unwrap()).into_owned()
    };
    assert!(
        run("").contains("\u{1b}[?1000h"),
        "clicks are asked for by default"
    );
    let off = run("mouse = false\n");
    assert!(
        !off.contains("\u{1b}[?1000h") && !off.contains("\u{1b}[?1006h"),
        "nothing asked for"
    );
}

#[test]
fn a_chronology_entry_is_added_by_keys_and_the_family_drawn_as_a_genogram() {
    let dir = tempfile::tempdir().unwrap();
    let db = one_child_db(dir.path());
    let family = dir.path().join("family.toml");
    std::fs::write(
        &family,
        "[[person]]\nid = \"mum\"\nname = \"Sarah Jones\"\nsex = \"female\"\nborn = 1990-04-02\n\n\
         [[person]]\nid = \"child\"\nchild = \"T100\"\n\n\
         [[parents]]\nchild = \"child\"\nparents = [\"mum\"]\n",
    )
    .unwrap();
    let out = on(&db)
        .args(["family", "T100", "--import"])
        .arg(&family)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));

    let mut tui = Tui::start_with(&db, &["child", "T100"], 80, 24);
    // No plan: the record first, then Forms, Family, then Chronology.
    tui.wait_for("Date of birth");
    tui.send("\t\t\t");
    tui.wait_for("Nothing in the chronology yet");
    tui.send("a");
    tui.wait_for("Add to the chronology");
    // Today's date is filled in: on to What, then Kind.
    tui.send("\tPhoned the school about attendance\teducation\r");
    let screen = tui.wait_for("Added to the chronology on");
    assert!(screen.contains("Phoned the school about attendance"), "{screen}");
    assert!(screen.contains("Education"), "{screen}");
    assert!(screen.contains("1 entry"), "{screen}");
    // Round to the Family tab: Gateway, History, Timeline, Record, Forms, Family.
    tui.send("\t\t\t\t\t\t");
    let screen = tui.wait_for("Genogram");
    tui.wait_for("Key:");
    assert!(screen.contains("(Sarah Jones)"), "{screen}");
    assert!(screen.contains("Test Child"), "{screen}");
    tui.send("p");
    let people = tui.wait_for("Sarah Jones · mother");
    assert!(people.contains("born 02/04/1990"), "{people}");
    tui.send("q");
    tui.wait_for("1 child");
    tui.send("q");
    assert_eq!(tui.exit_code(Duration::from_secs(5)), 0);
    let out = on(&db)
        .args(["chronology", "T100", "--format", "csv"])
        .output()
        .unwrap();
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("Phoned the school about attendance"),
        "and it was saved"
    );
}
