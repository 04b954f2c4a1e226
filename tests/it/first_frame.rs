//! The caseload's first screen is drawn before the rest of a large
//! caseload is read (`permanence-tui`'s `loading`): through the real
//! binary in a pseudo-terminal, on a caseload several times the rows read
//! before the first frame, the first screen counts every child and names
//! every team as it will once all are read, and End, PgDn and a search
//! pressed the moment it appears give the same screen as pressed once
//! the rest has been read.

use crate::util::pty::{PATIENCE, Tui};
use permanence::domain::caseload::SearchIndex;
use permanence::domain::child::{ChildFields, LegalStatus};
use permanence::store::{Store, StoreError};
use std::path::Path;
use std::time::{Duration, Instant};

/// Several times the first read (a thousand rows) and the chunks after it.
const CHILDREN: usize = 6_500;

const FAMILIES: [&str; 30] = [
    "Adams",
    "Baker",
    "Clarke",
    "Davies",
    "Evans",
    "Fisher",
    "Green",
    "Hughes",
    "Iqbal",
    "Jones",
    "Khan",
    "Lewis",
    "Morgan",
    "Nowak",
    "Okafor",
    "Patel",
    "Quinn",
    "Roberts",
    "Singh",
    "Taylor",
    "Usman",
    "Vaughan",
    "Walker",
    "Xu",
    "Young",
    "Zielinski",
    "Ahmed",
    "Bell",
    "Cole",
    "Dunn",
];

const GIVEN: [&str; 20] = [
    "Amara", "Ben", "Chloe", "Dev", "Ella", "Finn", "Grace", "Harry", "Isla", "Jack", "Kai", "Lily", "Mo",
    "Nia", "Oscar", "Priya", "Rory", "Sana", "Theo", "Zara",
];

/// A caseload of [`CHILDREN`]: the first read of it (the families first
/// in order) all in one team, and the rest in one whose name starts and
/// ends as the first's does, so the Team column tells them apart only
/// when it knows of both.
fn write_caseload(db: &Path) {
    let mut store = Store::open(db).unwrap();
    store
        .write(|w| {
            w.bulk_load();
            for i in 0..CHILDREN {
                let family = FAMILIES[i % FAMILIES.len()];
                let first_families = ["Adams", "Ahmed", "Baker", "Bell", "Clarke", "Cole"];
                let team = if first_families.contains(&family) {
                    "Care Team North"
                } else {
                    "Care Leavers North"
                };
                w.put_child(&ChildFields {
                    reference: format!("R{i:05}"),
                    given_name: GIVEN[(i / FAMILIES.len()) % GIVEN.len()].into(),
                    family_name: family.into(),
                    legal_status: LegalStatus::Co,
                    team: Some(team.into()),
                    ..ChildFields::default()
                })?;
            }
            w.end_bulk_load();
            Ok::<_, StoreError>(())
        })
        .unwrap();
}

/// The app just started, the moment its first frame is drawn: that frame.
fn first_frame(db: &Path) -> (Tui, String) {
    let tui = Tui::start(db, 120, 40);
    let counted = format!("{} children", "6,500");
    let start = Instant::now();
    tui.until(start, PATIENCE, |s| s.contains(&counted) && s.contains('›'))
        .unwrap_or_else(|| panic!("no first frame; the screen shows:\n{}", tui.contents()));
    let frame = tui.contents();
    (tui, frame)
}

/// The screen once it has stopped changing after `keys`.
fn after(tui: &mut Tui, before: &str, keys: &str) -> String {
    tui.send(keys);
    tui.wait_until("the keys to act", PATIENCE, |s| s != before);
    settled(tui)
}

fn settled(tui: &Tui) -> String {
    let mut last = tui.contents();
    loop {
        std::thread::sleep(Duration::from_millis(150));
        let now = tui.contents();
        if now == last {
            return now;
        }
        last = now;
    }
}

/// The screen's lines without the blanks at their ends, which a frame
/// drawn over another may leave or not as it pleases.
fn trimmed(screen: &str) -> Vec<&str> {
    screen.lines().map(str::trim_end).collect()
}

/// The two screens read alike, or the lines where they differ are shown.
fn assert_same(a: &str, b: &str, what: &str) {
    let (a, b) = (trimmed(a), trimmed(b));
    let differ: Vec<String> = a
        .iter()
        .zip(&b)
        .enumerate()
        .filter(|(_, (x, y))| x != y)
        .map(|(i, (x, y))| format!("line {i}:\n  {x}\n  {y}"))
        .collect();
    assert!(
        differ.is_empty() && a.len() == b.len(),
        "{what}:\n{}\n\nwhole:\n{}\n\n{}",
        differ.join("\n"),
        a.join("\n"),
        b.join("\n")
    );
}

/// The highlighted row of a caseload screen.
fn highlighted(screen: &str) -> &str {
    screen.lines().find(|l| l.starts_with('›')).unwrap_or("")
}

#[test]
fn the_first_screen_is_whole_and_keys_pressed_before_the_rest_is_read_act_on_the_whole_list() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("large.db");
    write_caseload(&db);
    let store = Store::open(&db).unwrap();
    let rows = store.caseload().unwrap();
    drop(store);
    let last = rows.last().unwrap();

    // The first frame, and the same screen drawn again (down and back up)
    // once every row has been read: the count and the Team column were
    // right from the first.
    let (mut tui, _) = first_frame(&db);
    // Nothing is drawn again before a key: this is still the first frame,
    // whole however slowly the terminal took it in.
    let first = settled(&tui);
    // Both teams start "Care" and end "North": so shortened, they would
    // not be told apart, which only the first team's rows would not show.
    assert!(!first.contains("Care…North"), "{first}");
    std::thread::sleep(Duration::from_millis(1500));
    let moved = after(&mut tui, &first, "j");
    let again = after(&mut tui, &moved, "k");
    assert_same(&again, &first, "the first frame as drawn once all is read");
    drop(tui);

    let search = SearchIndex::new(&rows).matches("zar").len();
    let keys: [(&str, &str); 3] = [("End", "\x1b[F"), ("PgDn", "\x1b[6~"), ("a search", "/zar")];
    for (name, key) in keys {
        // Pressed the moment the first frame shows, while the rest is read.
        let (mut tui, first) = first_frame(&db);
        let early = after(&mut tui, &first, key);
        drop(tui);
        // Pressed once the rest has long been read.
        let (mut tui, first) = first_frame(&db);
        std::thread::sleep(Duration::from_millis(1500));
        let late = after(&mut tui, &first, key);
        drop(tui);
        assert_same(
            &early,
            &late,
            &format!("{name} before and after the rest is read"),
        );
        match name {
            "End" => {
                let line = highlighted(&early);
                assert!(line.contains(&last.reference), "the last child: {line}\n{early}");
                assert!(
                    line.contains(&format!("{} {}", last.given_name, last.family_name)),
                    "{line}"
                );
            }
            "PgDn" => assert_ne!(highlighted(&early), highlighted(&first), "{early}"),
            _ => assert!(
                early.contains(&format!("{search} matches")),
                "{search} matches for \"zar\":\n{early}"
            ),
        }
    }
}

/// The app as it opens on a fixture caseload's first screenful, the rest
/// read a few at a time (as the event loop reads them, in smaller chunks),
/// draws what the app given every row at once draws, from the first
/// frame to the last row; and each worker opens on the view every row
/// would have chosen, asked of the store.
#[test]
fn the_caseload_read_a_few_rows_at_a_time_draws_as_the_caseload_read_at_once() {
    use crate::util::caseloads::Caseload;
    use crate::util::screen::{app, drawn, fill, session};
    use crate::util::today;
    use permanence::domain::caseload_view::{self, Me, Scope};
    use permanence::ui::app::App;
    use permanence::ui::loading;

    let (_dir, store) = Caseload::sixty().store();
    let rows = store.caseload().unwrap();
    let whole = app(&store, 120, 40);
    // A screenful (as the app reads several) of the sixty.
    let start = loading::start(&store, Scope::Everyone, 40, false).unwrap();
    let (total, teams) = start.rest.expect("more than forty children");
    assert_eq!(start.rows[..], rows[..40]);
    let mut partly = App::new(session(today()), start.rows, (120, 40));
    partly.expect_rows(total, &teams);
    fill(&mut partly, &store);
    assert_eq!(drawn(&partly, 120, 40), drawn(&whole, 120, 40), "the first frame");
    loading::next(&store, &mut partly, 5);
    assert_eq!(partly.rows_loading(), Some(&rows[44]));
    loading::rest(&store, &mut partly, 5);
    assert_eq!(partly.rows_loading(), None);
    let listed = |app: &App| app.visible_rows(0, usize::MAX).cloned().collect::<Vec<_>>();
    assert_eq!(listed(&partly), rows);
    assert_eq!(
        drawn(&partly, 120, 40),
        drawn(&whole, 120, 40),
        "once all are read"
    );

    // Any other view, or opening on a child, reads every row at once.
    for (scope, whole) in [
        (Scope::Mine, false),
        (Scope::MyTeam, false),
        (Scope::Everyone, true),
    ] {
        let start = loading::start(&store, scope, 7, whole).unwrap();
        assert!(start.rest.is_none());
        assert_eq!(start.rows, rows);
    }

    let workers = store.workers().unwrap();
    let nobody = [
        Me::default(),
        Me {
            name: Some("No One".into()),
            team: Some("No Team".into()),
        },
    ];
    let everyone = workers.iter().map(|w| Me {
        name: Some(w.display_name.clone()),
        team: w.team.clone(),
    });
    for me in everyone.chain(nobody) {
        for manager in [false, true] {
            assert_eq!(
                loading::opening(&store, &me, manager).unwrap(),
                caseload_view::opening(&me, manager, &rows),
                "{me:?}, manager {manager}"
            );
        }
    }
}
