//! Column mappings for importing a spreadsheet as it is: `--map "Child
//! ID=ref,Surname=family_name"` renames the file's own headings to the
//! import's column names, and `Notes=-` leaves a column out, so a CSV saved
//! from a team's Excel tracker or a case-management export loads without
//! anyone editing its header.

use crate::import::{ImportProblem, RawRow, excerpt};

/// One entry: the file's heading, and the import column it is (or `None`
/// to leave the column out).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mapping {
    pub from: String,
    pub to: Option<String>,
}

/// Reads `Heading=column,Other heading=column,Unwanted=-`. Headings may
/// hold spaces; a comma inside a heading is written `\,`.
pub fn parse(text: &str, columns: &[&str]) -> Result<Vec<Mapping>, String> {
    let mut entries = Vec::new();
    let mut current = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek() == Some(&',') => current.push(chars.next().unwrap_or(',')),
            ',' => entries.push(std::mem::take(&mut current)),
            c => current.push(c),
        }
    }
    entries.push(current);
    let mut mappings: Vec<Mapping> = Vec::new();
    for entry in entries.iter().map(|e| e.trim()).filter(|e| !e.is_empty()) {
        let Some((from, to)) = entry.rsplit_once('=') else {
            return Err(format!("--map: {entry:?} should be written Heading=column"));
        };
        let (from, to) = (from.trim(), to.trim());
        if from.is_empty() {
            return Err(format!("--map: {entry:?} names no heading before the ="));
        }
        let to = match to {
            "-" => None,
            to if columns.contains(&to) => Some(to.to_string()),
            to => {
                return Err(format!(
                    "--map: {to:?} is not a column this import reads (columns: {}; or - to leave the column out)",
                    columns.join(", ")
                ));
            }
        };
        if mappings.iter().any(|m| m.from.eq_ignore_ascii_case(from)) {
            return Err(format!("--map: the heading {from:?} is mapped twice"));
        }
        if let Some(to) = &to
            && mappings.iter().any(|m| m.to.as_ref() == Some(to))
        {
            return Err(format!("--map: two headings are mapped to {to}"));
        }
        mappings.push(Mapping {
            from: from.to_string(),
            to,
        });
    }
    Ok(mappings)
}

/// Renames the header's headings (matched ignoring case and surrounding
/// spaces) and drops the columns mapped to `-`, from the header and every
/// row. A heading the map names but the file lacks is a problem on line 1.
pub fn apply(
    mappings: &[Mapping],
    header: &mut Vec<String>,
    rows: &mut [RawRow],
) -> Result<(), Vec<ImportProblem>> {
    let mut problems = Vec::new();
    let mut drop = Vec::new();
    for mapping in mappings {
        match header
            .iter()
            .position(|h| h.trim().eq_ignore_ascii_case(&mapping.from))
        {
            Some(i) => match &mapping.to {
                Some(to) => header[i] = to.clone(),
                None => drop.push(i),
            },
            None => problems.push(ImportProblem::whole_line(
                1,
                format!(
                    "--map names the heading {:?}, which the file does not have (its headings: {})",
                    excerpt(&mapping.from),
                    header.iter().map(|h| excerpt(h)).collect::<Vec<_>>().join(", ")
                ),
            )),
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    drop.sort_unstable();
    for i in drop.into_iter().rev() {
        header.remove(i);
        for row in rows.iter_mut() {
            if i < row.cells.len() {
                row.cells.remove(i);
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const COLUMNS: [&str; 3] = ["ref", "given_name", "family_name"];

    #[test]
    fn headings_are_renamed_and_unwanted_columns_left_out() {
        let map = parse(
            "Child ID=ref, Surname=family_name,First name=given_name,Notes=-",
            &COLUMNS,
        )
        .unwrap();
        let mut header: Vec<String> = ["First name", "Notes", " child id ", "Surname"]
            .map(String::from)
            .to_vec();
        let mut rows = vec![RawRow {
            line: 2,
            cells: ["Ada", "private", "C1", "Example"].map(String::from).to_vec(),
        }];
        apply(&map, &mut header, &mut rows).unwrap();
        assert_eq!(header, ["given_name", "ref", "family_name"]);
        assert_eq!(rows[0].cells, ["Ada", "C1", "Example"]);
    }

    #[test]
    fn mistakes_in_the_map_are_named() {
        assert!(
            parse("Child ID=reference", &COLUMNS)
                .unwrap_err()
                .contains("\"reference\" is not a column")
        );
        assert!(
            parse("Child ID", &COLUMNS)
                .unwrap_err()
                .contains("Heading=column")
        );
        assert!(
            parse("A=ref,a=given_name", &COLUMNS)
                .unwrap_err()
                .contains("mapped twice")
        );
        assert!(
            parse("A=ref,B=ref", &COLUMNS)
                .unwrap_err()
                .contains("two headings are mapped to ref")
        );
        // A comma in a heading is escaped.
        let map = parse("Name\\, family=family_name", &COLUMNS).unwrap();
        assert_eq!(map[0].from, "Name, family");
    }

    #[test]
    fn a_heading_the_file_lacks_is_a_problem_on_line_one() {
        let map = parse("Child ID=ref", &COLUMNS).unwrap();
        let mut header = vec!["ID".to_string()];
        let problems = apply(&map, &mut header, &mut []).unwrap_err();
        assert_eq!(problems[0].line, 1);
        assert!(
            problems[0].message.contains("\"Child ID\""),
            "{}",
            problems[0].message
        );
    }
}
