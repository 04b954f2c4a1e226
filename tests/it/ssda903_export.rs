//! `permanence export ssda903 --year YYYY FOLDER` through the real binary:
//! on a generated authority (a few hundred children, ten years of
//! history, its files given postcodes and UPNs the product does not
//! model), each collection year's export holds exactly the generated
//! files' rows for that year, and imports again changing nothing; what
//! was recorded or put right in the app since appears; what cannot be
//! written is listed; bad input writes nothing.

use crate::util::{Case, stderr, stdout};
use permanence::interchange::ssda903::generate::write_authority;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

crate::util::setup_on_a_case!();

impl Setup {
    fn new() -> Setup {
        let setup = Setup(Case::new("ssda903-export.db"));
        setup.ok(&["init"]);
        setup
    }

    /// A generated authority's files, each Header row given a UPN and
    /// each episode its postcodes and the provider's URN: columns the
    /// product does not model, which a round trip must keep.
    fn authority(&self, seed: u64, children: usize) -> PathBuf {
        let folder = self.dir.path().join(format!("903-{seed}"));
        std::fs::create_dir_all(&folder).unwrap();
        write_authority(&folder, seed, children).unwrap();
        fill(&folder, "Header.csv", |n, cells| {
            cells[4] = format!("A{:012}", 800_000_000 + n);
        });
        fill(&folder, "Episodes.csv", |n, cells| {
            cells[10] = format!("AB{} 2CD", n % 9 + 1);
            cells[11] = "XY9 8ZW".to_string();
            cells[12] = format!("SC{:06}", 100_000 + n % 37);
        });
        folder
    }

    fn import(&self, folder: &Path) -> std::process::Output {
        self.run(&["import", "ssda903", folder.to_str().unwrap()])
    }

    fn export(&self, year: &str, folder: &Path) -> std::process::Output {
        self.run(&["export", "ssda903", "--year", year, folder.to_str().unwrap()])
    }

    /// Everything an import could change, as the binary tells it.
    fn record(&self, references: &[&str]) -> String {
        let mut record = self.ok(&["export", "caseload", "--format", "json"]);
        for reference in references {
            record.push_str(&self.ok(&["events", reference, "--json"]));
        }
        let changes = crate::util::audited_changes(&self.ok(&["audit", "--json"]));
        record.push_str(&changes.to_string());
        record
    }
}

/// Rewrites each data row of a generated file (plain cells, no quoting)
/// with `change`, given its row number.
fn fill(folder: &Path, file: &str, change: impl Fn(usize, &mut Vec<String>)) {
    let path = folder.join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    let mut lines = text.lines();
    let mut out = format!("{}\n", lines.next().unwrap());
    for (n, line) in lines.enumerate() {
        let mut cells: Vec<String> = line.split(',').map(str::to_string).collect();
        change(n, &mut cells);
        out.push_str(&cells.join(","));
        out.push('\n');
    }
    std::fs::write(&path, out).unwrap();
}

fn date(text: &str) -> Option<chrono::NaiveDate> {
    chrono::NaiveDate::parse_from_str(text, "%d/%m/%Y").ok()
}

/// A file's header row and its data rows as a set.
fn rows(folder: &Path, file: &str) -> (String, BTreeSet<String>) {
    let text = std::fs::read_to_string(folder.join(file)).unwrap();
    let mut lines = text.lines();
    let header = lines.next().unwrap().to_string();
    (header, lines.map(str::to_string).collect())
}

/// The generated files' rows for collection year `year`, worked out here
/// from the Department's description of the return, not by the program's
/// code: the children looked after at some time in the year, their
/// episodes open in it, the reviews held in it, the adoption decisions in
/// force in it, and AD1 for those adopted in it; each as at 31 March.
fn expected(folder: &Path, year: i32) -> Vec<(&'static str, BTreeSet<String>)> {
    let start = chrono::NaiveDate::from_ymd_opt(year - 1, 4, 1).unwrap();
    let end = chrono::NaiveDate::from_ymd_opt(year, 3, 31).unwrap();
    let cells = |line: &String| line.split(',').map(str::to_string).collect::<Vec<_>>();
    let (_, episodes) = rows(folder, "Episodes.csv");
    let open: BTreeSet<String> = episodes
        .iter()
        .filter(|l| {
            let c = cells(l);
            date(&c[1]).unwrap() <= end && date(&c[7]).is_none_or(|dec| dec >= start)
        })
        .cloned()
        .collect();
    let children: BTreeSet<String> = open.iter().map(|l| cells(l)[0].clone()).collect();
    // As the return stands at 31 March: what ended after it was open then.
    let at_year_end = |line: &String, from: usize| {
        let mut c = cells(line);
        if date(&c[from]).is_some_and(|d| d > end) {
            c[from].clear();
            c[from + 1].clear();
        }
        c.join(",")
    };
    let adopted: BTreeSet<String> = open
        .iter()
        .map(cells)
        .filter(|c| {
            date(&c[7]).is_some_and(|dec| dec >= start && dec <= end)
                && ["E11", "E12"].contains(&c[8].as_str())
        })
        .map(|c| c[0].clone())
        .collect();
    let of = |file: &str, keep: &dyn Fn(&[String]) -> bool| -> BTreeSet<String> {
        rows(folder, file)
            .1
            .into_iter()
            .filter(|l| {
                let c = cells(l);
                children.contains(&c[0]) && keep(&c)
            })
            .collect()
    };
    vec![
        ("Header.csv", of("Header.csv", &|_| true)),
        ("Episodes.csv", open.iter().map(|l| at_year_end(l, 7)).collect()),
        (
            "Reviews.csv",
            of("Reviews.csv", &|c| {
                let on = date(&c[2]).unwrap();
                on >= start && on <= end
            }),
        ),
        (
            "PlacedAdoption.csv",
            of("PlacedAdoption.csv", &|c| {
                date(&c[2]).unwrap() <= end && date(&c[3]).is_none_or(|ceased| ceased >= start)
            })
            .iter()
            .map(|l| at_year_end(l, 3))
            .collect(),
        ),
        ("AD1.csv", of("AD1.csv", &|c| adopted.contains(&c[0]))),
    ]
}

/// The summary line an import ends with.
fn summary(out: &std::process::Output) -> String {
    stdout(out).lines().last().unwrap_or_default().to_string()
}

#[test]
fn each_years_export_holds_that_years_rows_and_imports_again_changing_nothing() {
    let setup = Setup::new();
    let folder = setup.authority(20, 300);
    let first = setup.import(&folder);
    assert!(first.status.success(), "{}", stderr(&first));
    let before = setup.record(&["700000", "700003", "700009"]);
    for year in 2017..=2024 {
        let out = setup.dir.path().join(format!("out-{year}"));
        let exported = setup.export(&year.to_string(), &out);
        assert!(exported.status.success(), "{year}: {}", stderr(&exported));
        // Imported children only, nothing changed in the app: nothing to list.
        assert_eq!(stderr(&exported), "", "{year}");
        for (file, want) in expected(&folder, year) {
            let (header, got) = rows(&out, file);
            assert_eq!(header, rows(&folder, file).0, "{year} {file}");
            assert!(!want.is_empty(), "{year} {file}: the generated year holds rows");
            assert_eq!(got, want, "{year} {file}");
        }
        let names: BTreeSet<String> = std::fs::read_dir(&out)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(
            names.into_iter().collect::<Vec<_>>(),
            [
                "AD1.csv",
                "Episodes.csv",
                "Header.csv",
                "PlacedAdoption.csv",
                "Reviews.csv"
            ]
        );
        let dry = setup.run(&["import", "ssda903", out.to_str().unwrap(), "--dry-run"]);
        let said: Vec<String> = stdout(&dry)
            .lines()
            .filter(|l| !l.contains("no pathway"))
            .map(str::to_string)
            .collect();
        let again = setup.import(&out);
        assert!(again.status.success(), "{year}: {}", stderr(&again));
        assert!(
            summary(&again).ends_with(": nothing was changed")
                && summary(&again).contains(" 0 events recorded"),
            "{year}: {}\n{}",
            summary(&again),
            said.join("\n")
        );
        assert_eq!(setup.record(&["700000", "700003", "700009"]), before, "{year}");
    }
}

#[test]
fn what_the_app_recorded_or_put_right_is_exported_and_what_it_cannot_write_is_listed() {
    let setup = Setup::new();
    let folder = setup.authority(20, 40);
    assert!(setup.import(&folder).status.success());
    // 700009 is looked after throughout 2023-24, with a review on 04/02/2024.
    setup.ok(&["record", "700009", "case-review", "--on", "2024-02-20"]);
    setup.ok(&[
        "correct",
        "700009",
        "case-review",
        "--on",
        "2024-02-04",
        "--to",
        "2024-02-06",
        "--reason",
        "typed wrong",
    ]);
    // A placement order recorded in the app: the return would need a new episode.
    setup.ok(&["record", "700009", "placement-order", "--on", "2024-03-01"]);
    // A child recorded only in the app.
    let child = setup.file(
        "child.csv",
        "ref,given_name,family_name,date_of_birth,gender,looked_after_since\n900001,Sam,Example,2019-05-02,Female,2023-06-01\n",
    );
    setup.ok(&["import", "children", child.to_str().unwrap()]);
    let out = setup.dir.path().join("out");
    let exported = setup.export("2024", &out);
    assert!(exported.status.success(), "{}", stderr(&exported));
    let (_, reviews) = rows(&out, "Reviews.csv");
    assert!(reviews.contains("700009,07/04/2011,20/02/2024,"), "{reviews:?}");
    assert!(
        reviews.contains("700009,07/04/2011,06/02/2024,PN1"),
        "{reviews:?}"
    );
    assert!(
        !reviews
            .iter()
            .any(|r| r.starts_with("700009,07/04/2011,04/02/2024")),
        "{reviews:?}"
    );
    let (_, header) = rows(&out, "Header.csv");
    assert!(header.contains("900001,2,02/05/2019,,,,"), "{header:?}");
    let (_, episodes) = rows(&out, "Episodes.csv");
    assert!(!episodes.iter().any(|e| e.starts_with("900001,")));
    let err = stderr(&exported);
    let said: Vec<&str> = err.lines().collect();
    assert_eq!(
        said,
        [
            "700009: Reviews: the review of 04/02/2024 was corrected in the app to 06/02/2024: written on 06/02/2024",
            "700009: placement-order on 01/03/2024 recorded in the app: not written: the return holds it as an episode beginning or ending, which needs the legal status and placement (LS, PLACE) the product does not hold",
            "900001: recorded only in the app: its Header row is written, but no Episodes row, as an episode needs the legal status and placement (LS, PLACE) by date, which the product does not hold; nor its reviews, which would be outside every episode",
        ],
        "{err}"
    );
    assert!(
        stdout(&exported).contains("3 things held but not written as they stand (listed on stderr)"),
        "{}",
        stdout(&exported)
    );
    // Owner-only, as everything the program writes.
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(
        std::fs::metadata(&out).unwrap().permissions().mode() & 0o777,
        0o700
    );
    for file in [
        "Header.csv",
        "Episodes.csv",
        "Reviews.csv",
        "PlacedAdoption.csv",
        "AD1.csv",
    ] {
        let mode = std::fs::metadata(out.join(file)).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "{file}");
    }
    // The read is on the record, as every export's is.
    let audit: serde_json::Value = serde_json::from_str(&setup.ok(&["audit", "--json"])).unwrap();
    let last = audit.as_array().unwrap().last().unwrap().to_string();
    assert!(
        last.contains("export ssda903") && last.contains("\"export\""),
        "{last}"
    );
}

#[test]
fn bad_input_is_refused_with_a_clear_message_and_nothing_is_written() {
    let setup = Setup::new();
    let folder = setup.authority(20, 20);
    assert!(setup.import(&folder).status.success());
    let trail = setup.ok(&["audit", "--json"]);
    let out = setup.dir.path().join("out");
    let no_year = setup.run(&["export", "ssda903", out.to_str().unwrap()]);
    assert!(!no_year.status.success());
    assert!(stderr(&no_year).contains("--year <YYYY>"), "{}", stderr(&no_year));
    let late = setup.export("2030", &out);
    assert!(!late.status.success());
    assert_eq!(
        stderr(&late).trim_end(),
        "permanence: --year 2030: the code lists cover the collection years 2017 to 2024; nothing was written"
    );
    assert!(!out.exists());
    // A folder holding files already: refused, left as it was.
    let full = folder.as_path();
    let holding: BTreeSet<_> = std::fs::read_dir(full)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    let refused = setup.export("2024", full);
    assert!(!refused.status.success());
    assert!(
        stderr(&refused).contains("is not empty: export ssda903 writes only into a new or empty folder"),
        "{}",
        stderr(&refused)
    );
    let after: BTreeSet<_> = std::fs::read_dir(full)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(after, holding);
    // A folder that cannot be made (its parent is a file).
    let file = setup.file("a-file", "not a folder\n");
    let inside = file.join("out");
    let unwritable = setup.export("2024", &inside);
    assert!(!unwritable.status.success());
    assert!(
        stderr(&unwritable).contains("a-file/out cannot be read: ")
            && stderr(&unwritable).contains("; nothing was written"),
        "{}",
        stderr(&unwritable)
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "not a folder\n");
    // Nothing refused reached the audit trail.
    assert_eq!(setup.ok(&["audit", "--json"]), trail);
}
