//! Reading a generated authority and hand-made broken files.

use super::*;
use crate::domain::event::Event;
use crate::domain::ssda903::codes::CodeLists;

fn generated(seed: u64, children: usize) -> Vec<(String, Vec<u8>)> {
    generate::authority(seed, children)
        .into_iter()
        .map(|(name, text)| (name, text.into_bytes()))
        .collect()
}

fn problems(files: &[(&str, &str)]) -> Vec<String> {
    let files: Vec<(String, Vec<u8>)> = files
        .iter()
        .map(|(n, t)| (n.to_string(), t.as_bytes().to_vec()))
        .collect();
    match import_files(&files, None) {
        Ok(_) => Vec::new(),
        Err(problems) => problems.iter().map(ToString::to_string).collect(),
    }
}

#[test]
fn the_code_lists_load() {
    let lists = code_lists().unwrap();
    assert_eq!(lists.lists.len(), CODE_LISTS.len());
    let e1 = lists.code(Table::Episodes, "LS", "E1").unwrap();
    assert_eq!(e1.event, Some(Event::PlacementOrder));
}

#[test]
fn a_generated_authority_reads_and_maps_without_problems() {
    let result = import_files(&generated(7, 300), None);
    let read = match result {
        Ok(read) => read,
        Err(problems) => panic!(
            "{}",
            problems
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("\n")
        ),
    };
    assert_eq!(read.children.len(), 300);
    assert!(read.summary.skipped.iter().any(|(t, _)| *t == Table::Uasc));
    let pathways = |name: &str, open: bool| {
        read.children
            .iter()
            .filter(|c| {
                c.plans
                    .iter()
                    .any(|p| p.pathway == name && p.closed.is_none() == open)
            })
            .count()
    };
    assert!(pathways("adoption", true) > 0, "children waiting for adoption");
    assert!(pathways("adoption", false) > 0, "children adopted");
    assert!(pathways("special-guardianship", false) > 0);
    assert!(pathways("reunification", false) > 0);
    assert!(pathways("permanent-fostering", true) > 0);
    assert!(read.children.iter().any(|c| c.periods.len() == 2));
    assert!(read.children.iter().any(|c| c.unplaced.is_some()));
    // Every child's sources are unique: the import finds each event by it.
    for child in &read.children {
        let mut sources: Vec<&str> = child.history.iter().map(|h| h.source.as_str()).collect();
        let all = sources.len();
        sources.sort_unstable();
        sources.dedup();
        assert_eq!(sources.len(), all, "{}", child.reference);
    }
}

/// A generated table's rows as cells, by column name.
fn rows<'a>(files: &'a [(String, String)], table: &str) -> Vec<std::collections::HashMap<&'a str, &'a str>> {
    let text = &files.iter().find(|(n, _)| n == table).unwrap().1;
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    lines
        .map(|l| header.iter().copied().zip(l.split(',')).collect())
        .collect()
}

#[test]
fn no_generated_episode_runs_past_the_eighteenth_birthday() {
    use crate::domain::ssda903::mapping::eighteenth_birthday;
    let date = |s: &str| chrono::NaiveDate::parse_from_str(s, "%d/%m/%Y").unwrap();
    let mut ended_at_eighteen = 0;
    for seed in [1, 7, 20, 33, 101] {
        let files = generate::authority(seed, 300);
        let born: std::collections::HashMap<&str, chrono::NaiveDate> = rows(&files, "Header.csv")
            .iter()
            .map(|r| (r["CHILD"], date(r["DOB"])))
            .collect();
        for e in rows(&files, "Episodes.csv") {
            let eighteen = eighteenth_birthday(born[e["CHILD"]]);
            let at = format!("seed {seed}, child {}, episode from {}", e["CHILD"], e["DECOM"]);
            assert!(date(e["DECOM"]) < eighteen, "{at}: begins at 18 or over");
            if eighteen <= generate::collection_end() {
                assert!(!e["DEC"].is_empty(), "{at}: still open at 18");
            }
            if !e["DEC"].is_empty() {
                assert!(date(e["DEC"]) <= eighteen, "{at}: ends after the 18th birthday");
                if date(e["DEC"]) == eighteen {
                    assert!(["E17", "E5"].contains(&e["REC"]), "{at}: REC {}", e["REC"]);
                    ended_at_eighteen += 1;
                }
            }
        }
    }
    assert!(
        ended_at_eighteen > 0,
        "no generated young person turned 18 in care"
    );
}

#[test]
fn the_same_seed_gives_the_same_files() {
    assert_eq!(generate::authority(3, 50), generate::authority(3, 50));
    assert_ne!(generate::authority(3, 50), generate::authority(4, 50));
}

const HEADER: &str = "CHILD,SEX,DOB,ETHNIC\n\
A1,1,01/02/2015,WBRI\n\
A2,3,2015-02-01,WBRI\n\
A1,2,01/02/2015,WBRI\n\
A3,2,01/02/2016,WBRI\n";

const EPISODES: &str = "CHILD,DECOM,RNE,LS,PLACE,DEC,REC\n\
A1,01/04/2018,S,C1,U6,01/03/2018,X1\n\
A3,01/04/2018,S,C1,U6,01/06/2018,X1\n\
A3,01/05/2018,L,C2,U6,,\n\
ZZ,01/04/2018,S,C1,U6,,\n\
A3,01/04/2019,S,C2,U6,,\n\
A1,01/05/2018,L,Z9,U6,,\n";

#[test]
fn every_problem_in_broken_files_is_listed_with_file_line_and_column() {
    let found = problems(&[
        ("Header.csv", HEADER),
        ("Episodes_2019.csv", EPISODES),
        (
            "reviews.csv",
            "CHILD,REVIEW,REVIEW_CODE\nA3,01/01/2017,PN1\nA3,01/05/2018,PN9\n",
        ),
        ("AD1.csv", "CHILD,DATE_INT,DATE_MATCH\nA3,01/01/2017,31/02/2018\n"),
        ("PlacedAdoption.csv", "CHILD,DOB\nA3,01/02/2016\n"),
        ("notes.csv", "what,ever\n1,2\n"),
    ]);
    let expected = [
        "Header.csv: line 3: SEX: 3 is not a code of Sex (the codes are 1, 2)",
        "Header.csv: line 3: DOB: 2015-02-01 is not a date written DD/MM/YYYY",
        "Header.csv: line 4: CHILD: A1 is in the Header table twice (first on line 2)",
        "Episodes_2019.csv: line 2: DEC: 01/03/2018 is before the episode starts (DECOM 01/04/2018)",
        "Episodes_2019.csv: line 7: LS: Z9 is not a code of Legal status (the codes are C1, C2, D1, E1, V2, V3, V4, L1, L2, L3, J1, J2, J3)",
        "Episodes_2019.csv: line 5: CHILD: ZZ is not in the Header table",
        "Episodes_2019.csv: line 4: DECOM: the episode from 01/05/2018 overlaps the episode from 01/04/2018 to 01/06/2018 (line 3)",
        "Episodes_2019.csv: line 6: DECOM: 01/04/2019 starts an episode while the episode from 01/05/2018 (line 4) has not ended",
        "reviews.csv: line 3: REVIEW_CODE: PN9 is not a code of Method of participation (the codes are PN0, PN1, PN2, PN3, PN4, PN5, PN6, PN7)",
        "reviews.csv: line 2: REVIEW: 01/01/2017 is outside every period of care of the child",
        "AD1.csv: line 2: DATE_MATCH: 31/02/2018 is not a date",
        "PlacedAdoption.csv: line 1: DATE_PLACED: required column is missing from the PlacedAdoption table",
        "notes.csv: is not a table of the SSDA903 return: neither its name nor its header row is one of Header, Episodes, Reviews, PlacedAdoption, AD1, SocialWorker, UASC, OC2, OC3, Missing, PrevPerm",
    ];
    for line in expected {
        assert!(
            found.iter().any(|f| f == line),
            "missing: {line}\nfound:\n{}",
            found.join("\n")
        );
    }
    assert_eq!(found.len(), expected.len(), "found:\n{}", found.join("\n"));
}

#[test]
fn a_folder_of_two_years_files_reads_each_shared_row_once_and_the_same_each_time() {
    let dir = tempfile::tempdir().unwrap();
    let files = generate::authority(11, 120);
    for (name, text) in &files {
        let stem = name.trim_end_matches(".csv");
        std::fs::write(dir.path().join(format!("{}_2024.csv", stem.to_lowercase())), text).unwrap();
    }
    // Last year's Episodes and Reviews: the same rows again, as the
    // episodes open across 31 March are in both years' files.
    for name in ["Episodes.csv", "Reviews.csv"] {
        let text = &files.iter().find(|(n, _)| n == name).unwrap().1;
        std::fs::write(dir.path().join(name.replace(".csv", "_2023.CSV")), text).unwrap();
    }
    std::fs::write(dir.path().join("README.txt"), "not a table").unwrap();
    let once = import(&[dir.path().to_path_buf()], Some(2024)).unwrap();
    let alone = import_files(&generated(11, 120), Some(2024)).unwrap();
    assert_eq!(once.children, alone.children);
    assert_eq!(once.ret.episodes.len(), alone.ret.episodes.len());
    let again = import(&[dir.path().to_path_buf()], Some(2024)).unwrap();
    assert_eq!(once.children, again.children);
    assert_eq!(
        once.summary.lines().last().map(String::as_str),
        Some("UASC: uasc_2024.csv (skipped: the product records nothing from it)")
    );
}

#[test]
fn a_year_outside_the_lists_and_an_empty_folder_are_refused() {
    let found = import_files(&generated(1, 5), Some(2031)).unwrap_err();
    assert_eq!(
        found[0].to_string(),
        "--year: 2031: the code lists cover the collection years 2017 to 2024"
    );
    let dir = tempfile::tempdir().unwrap();
    let found = import(&[dir.path().to_path_buf()], None).unwrap_err();
    assert!(
        found[0].to_string().ends_with("the folder holds no .csv files"),
        "{found:?}"
    );
}

#[test]
fn a_broken_code_list_is_refused_with_its_file_and_line() {
    let text = "table = \"Episodes\"\ncolumn = \"LS\"\ntitle = \"t\"\nsource = \"s\"\nyears = [2017, 2024]\n\n[[code]]\ncode = \"C1\"\nmeaning = \"m\"\nevent = \"birthday\"\n";
    let errors = CodeLists::parse(&[("legal_status.toml", text)]).unwrap_err();
    assert_eq!(
        errors[0].to_string(),
        "legal_status.toml:10: event: \"birthday\" is not an event the product knows"
    );
    let unknown_key = text.replace("event =", "colour =");
    let errors = CodeLists::parse(&[("legal_status.toml", &unknown_key)]).unwrap_err();
    assert_eq!(errors[0].line, 10);
}

#[test]
fn what_is_read_writes_back_and_reads_again_unchanged() {
    let first = import_files(&generated(21, 300), Some(2024)).unwrap();
    let dir = tempfile::tempdir().unwrap();
    write::write_folder(dir.path(), &first.ret).unwrap();
    let second = import(&[dir.path().to_path_buf()], Some(2024)).unwrap();
    assert_eq!(second.ret, first.ret);
    assert_eq!(second.children, first.children);
    // And once more, from what was written: the text is the same.
    let again = write::tables(&second.ret).unwrap();
    for (name, text) in again {
        assert_eq!(
            std::fs::read_to_string(dir.path().join(&name)).unwrap(),
            text,
            "{name}"
        );
    }
}

/// Some of the generated adoptions are by the children's foster carers
/// (AD1 FOSTER_CARE 1): each maps to a foster-placement event on the day
/// of their placement order's episode (`B`, when they moved to those
/// carers), before their placement for adoption; no other child has one.
#[test]
fn the_generated_foster_carer_adoptions_record_when_the_foster_placement_began() {
    let read = import_files(&generated(7, 300), None).unwrap_or_else(|_| panic!("reads"));
    let ad1 = &generate::authority(7, 300)
        .into_iter()
        .find(|(name, _)| name == "AD1.csv")
        .unwrap()
        .1;
    let by_carers: Vec<&str> = ad1
        .lines()
        .skip(1)
        .filter(|l| l.split(',').nth(4) == Some("1"))
        .filter_map(|l| l.split(',').next())
        .collect();
    assert!(by_carers.len() >= 3, "{by_carers:?}");
    for child in &read.children {
        let on = |event: Event| {
            child
                .history
                .iter()
                .filter(|h| h.event == event)
                .map(|h| h.on)
                .min()
        };
        match on(Event::FosterPlacement) {
            Some(fostered) => {
                assert!(
                    by_carers.contains(&child.reference.as_str()),
                    "{}",
                    child.reference
                );
                assert_eq!(Some(fostered), on(Event::PlacementOrder), "{}", child.reference);
                assert!(on(Event::Placement).is_some_and(|p| p > fostered));
            }
            None => assert!(
                !by_carers.contains(&child.reference.as_str()),
                "{}",
                child.reference
            ),
        }
    }
}
