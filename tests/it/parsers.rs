//! Every parser that reads outside input, fed arbitrary input: none may
//! panic, and whatever they refuse they refuse with a located message.

use crate::util::today;
use permanence::domain::date::{parse_date, parse_day};
use permanence::domain::import::{validate_header, validate_rows};
use permanence::domain::span::Span;
use permanence::domain::{holidays_file, pathway_file, permissions};
use permanence::interchange::csv_in::read_csv;
use proptest::prelude::*;

/// Cells a hostile or careless spreadsheet might hold.
fn cell() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        Just("31/02/2025".to_string()),
        Just("2025-13-01".to_string()),
        Just("ICO".to_string()),
        Just("r".to_string()),
        Just("\"quoted, with comma\"".to_string()),
        Just("=HYPERLINK(\"x\")".to_string()),
        Just("\u{1b}]0;title\u{7}".to_string()),
        "[a-zA-Z0-9 /'-]{0,12}",
        any::<String>(),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn csv_import_never_panics_on_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        if let Ok(table) = read_csv(&bytes) {
            match validate_header(&table.header) {
                Ok(columns) => { let _ = validate_rows(&columns, &table.rows, today()); }
                Err(problems) => prop_assert!(problems.iter().all(|p| p.line == 1)),
            }
        }
    }

    #[test]
    fn csv_import_reports_every_problem_with_a_real_line(rows in proptest::collection::vec(proptest::collection::vec(cell(), 0..6), 0..8)) {
        let mut text = String::from("ref,given_name,family_name,date_of_birth,legal_status,rag\n");
        for row in &rows {
            let cells: Vec<String> = row.iter().map(|c| c.replace(['\n', '\r'], " ")).collect();
            text.push_str(&cells.join(","));
            text.push('\n');
        }
        if let Ok(table) = read_csv(text.as_bytes()) {
            let columns = validate_header(&table.header).unwrap();
            match validate_rows(&columns, &table.rows, today()) {
                Ok(patches) => {
                    for p in patches {
                        prop_assert!(!p.reference.is_empty());
                        prop_assert!(!p.reference.chars().any(char::is_control));
                        prop_assert!(!p.given_name.chars().any(char::is_control));
                    }
                }
                Err(problems) => {
                    for p in problems {
                        prop_assert!(p.line >= 2 && p.line <= rows.len() + 1, "line {} of {}", p.line, rows.len());
                        prop_assert!(!p.to_string().chars().any(|c| c.is_control()));
                    }
                }
            }
        }
    }

    #[test]
    fn data_files_never_panic(text in any::<String>()) {
        for result in [
            pathway_file::parse("x.toml", &text).map(|_| ()),
            permissions::parse("x.toml", &text).map(|_| ()),
            holidays_file::parse("x.toml", &text).map(|_| ()),
        ] {
            if let Err(problems) = result {
                prop_assert!(!problems.is_empty());
            }
        }
    }

    #[test]
    fn pathway_files_with_plausible_shapes_never_panic(
        week in "[0-9/ ]{0,6}",
        within in "[0-9]{0,3} (working days|weeks|months|fortnights|days)",
        of in "(gateway|placement|nowhere|a|b)",
        condition in "(in-care-proceedings|child-unborn|if-sunny|)",
    ) {
        let text = format!(
            "name = \"x\"\ntitle = \"X\"\nsource = \"S\"\ncounted_from = \"gateway\"\n\
             [[item]]\nkey = \"a\"\ntitle = \"A\"\nweek = \"{week}\"\ncondition = \"{condition}\"\n\
             [[item]]\nkey = \"b\"\ntitle = \"B\"\nwithin = \"{within}\"\nof = \"{of}\"\n"
        );
        if let Err(problems) = pathway_file::parse("x.toml", &text) {
            prop_assert!(problems.iter().all(|p| p.line >= 1 && p.line <= 14), "{problems:?}");
        }
    }

    #[test]
    fn dates_and_spans_never_panic(text in any::<String>()) {
        let _ = parse_date(&text);
        let _ = parse_day(&text, today());
        let _ = Span::parse(&text);
    }
}
