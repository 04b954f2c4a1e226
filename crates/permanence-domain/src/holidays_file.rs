//! Reads the bank-holiday changes file (`data/holidays/*.toml`).

use crate::calendar::HolidayChange;
use crate::file_error::{FileError, from_toml, line_of};
use serde::Deserialize;
use toml::Spanned;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    change: Vec<Spanned<RawChange>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawChange {
    date: Spanned<toml::value::Datetime>,
    change: Spanned<String>,
    reason: String,
}

pub fn parse(file: &str, text: &str) -> Result<Vec<HolidayChange>, Vec<FileError>> {
    let raw: RawFile = toml::from_str(text).map_err(|e| vec![from_toml(file, text, &e)])?;
    let mut changes = Vec::new();
    let mut problems = Vec::new();
    for entry in raw.change {
        let line = line_of(text, entry.span().start);
        let entry = entry.into_inner();
        let at = |span: std::ops::Range<usize>, message: String| FileError {
            file: file.to_string(),
            line: line_of(text, span.start).max(line),
            message,
        };
        let date = entry.date.get_ref().to_string();
        let date = match chrono::NaiveDate::parse_from_str(&date, "%Y-%m-%d") {
            Ok(date) => date,
            Err(_) => {
                problems.push(at(
                    entry.date.span(),
                    format!("date: {date} is not a date (write YYYY-MM-DD)"),
                ));
                continue;
            }
        };
        let added = match entry.change.get_ref().as_str() {
            "added" => true,
            "removed" => false,
            other => {
                problems.push(at(
                    entry.change.span(),
                    format!("change: {other:?} is neither \"added\" nor \"removed\""),
                ));
                continue;
            }
        };
        changes.push(HolidayChange {
            date,
            added,
            reason: entry.reason,
        });
    }
    if problems.is_empty() {
        Ok(changes)
    } else {
        Err(problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_file_has_the_changes_the_issue_names() {
        let text = include_str!("../../../data/holidays/england-and-wales.toml");
        let changes = parse("england-and-wales.toml", text).unwrap();
        for date in [
            "2020-05-08",
            "2022-06-02",
            "2022-06-03",
            "2022-09-19",
            "2023-05-08",
        ] {
            assert!(
                changes.iter().any(|c| c.added && c.date.to_string() == date),
                "{date} missing"
            );
        }
        assert!(
            changes
                .iter()
                .any(|c| !c.added && c.date.to_string() == "2020-05-04")
        );
    }

    #[test]
    fn mistakes_are_located() {
        let text = "[[change]]\ndate = 2020-05-08\nchange = \"moved\"\nreason = \"x\"\n";
        let errors = parse("h.toml", text).unwrap_err();
        assert_eq!(
            errors[0].to_string(),
            "h.toml:3: change: \"moved\" is neither \"added\" nor \"removed\""
        );
        let errors = parse(
            "h.toml",
            "[[change]]\ndate = 2020-05-08\nchange = \"added\"\nwhy = \"x\"\n",
        )
        .unwrap_err();
        assert!(
            errors[0].to_string().starts_with("h.toml:4: unknown field `why`"),
            "{}",
            errors[0]
        );
    }
}
