//! Reads the administrator's team short names (`teams.toml` in the
//! configuration folder): `[[team]] name = "…" short = "…"`, the short form
//! shown wherever a column is too narrow for the team's name, in place of
//! the computed one (`fit::short_team_names`), which reads badly for some
//! names ("SaFSN"). Each mistake is refused with its file and line: a short
//! name too long for the narrowest team column, two entries for one team,
//! one short name for two teams, and (once the record's teams are known,
//! [`unknown_teams`]) a team no user or child belongs to, which is most
//! likely a misspelling that would otherwise silently do nothing.

use crate::file_error::{FileError, from_toml, line_of};
use serde::Deserialize;
use std::collections::BTreeMap;
use toml::Spanned;
use unicode_width::UnicodeWidthStr;

/// The file's name in the configuration folder.
pub const FILE_NAME: &str = "teams.toml";

/// The most columns a short name may take: the caseload's Team column at
/// its narrowest, so that a short name is never itself cut.
pub const MAX_SHORT_WIDTH: usize = 10;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    team: Vec<Spanned<RawTeam>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTeam {
    name: Spanned<String>,
    short: Spanned<String>,
}

/// One team's short name, with where it was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TeamShort {
    pub name: String,
    pub short: String,
    /// The line of the team's `name`, for [`unknown_teams`] to point at.
    pub line: usize,
}

/// The administrator's short names, read from `file`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TeamShorts {
    pub file: String,
    pub teams: Vec<TeamShort>,
}

impl TeamShorts {
    /// Team name to short name.
    pub fn by_name(&self) -> BTreeMap<String, String> {
        self.teams
            .iter()
            .map(|t| (t.name.clone(), t.short.clone()))
            .collect()
    }
}

pub fn parse(file: &str, text: &str) -> Result<TeamShorts, Vec<FileError>> {
    let raw: RawFile = toml::from_str(text).map_err(|e| vec![from_toml(file, text, &e)])?;
    let mut teams: Vec<TeamShort> = Vec::new();
    let mut problems = Vec::new();
    for entry in raw.team {
        let entry = entry.into_inner();
        let at = |span: std::ops::Range<usize>, message: String| FileError {
            file: file.to_string(),
            line: line_of(text, span.start),
            message,
        };
        let name = entry.name.get_ref().trim().to_string();
        let short = entry.short.get_ref().trim().to_string();
        let line = line_of(text, entry.name.span().start);
        if name.is_empty() {
            problems.push(at(entry.name.span(), "name: a team needs its name".into()));
            continue;
        }
        if short.is_empty() {
            problems.push(at(
                entry.short.span(),
                format!("short: {name:?} needs a short name"),
            ));
            continue;
        }
        if short.width() > MAX_SHORT_WIDTH {
            problems.push(at(
                entry.short.span(),
                format!(
                    "short: {short:?} is {} columns, longer than the {MAX_SHORT_WIDTH} of the narrowest team column",
                    short.width()
                ),
            ));
            continue;
        }
        if let Some(first) = teams.iter().find(|t| t.name == name) {
            problems.push(at(
                entry.name.span(),
                format!(
                    "name: {name:?} is given a short name already at line {}",
                    first.line
                ),
            ));
            continue;
        }
        if let Some(first) = teams.iter().find(|t| t.short == short) {
            problems.push(at(
                entry.short.span(),
                format!(
                    "short: {short:?} is already {:?}'s (line {}); a short name must tell the teams apart",
                    first.name, first.line
                ),
            ));
            continue;
        }
        teams.push(TeamShort { name, short, line });
    }
    if problems.is_empty() {
        Ok(TeamShorts {
            file: file.to_string(),
            teams,
        })
    } else {
        Err(problems)
    }
}

/// The entries of `shorts` naming a team that is not among `known` (every
/// team a user or a child belongs to), each located by its line.
pub fn unknown_teams(shorts: &TeamShorts, known: &[String]) -> Vec<FileError> {
    shorts
        .teams
        .iter()
        .filter(|t| !known.contains(&t.name))
        .map(|t| FileError {
            file: shorts.file.clone(),
            line: t.line,
            message: format!("name: no user or child is in a team called {:?}", t.name),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn errors(text: &str) -> Vec<String> {
        parse("teams.toml", text)
            .unwrap_err()
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    #[test]
    fn short_names_are_read_by_team() {
        let text = "[[team]]\nname = \"Safeguarding and Family Support North\"\nshort = \"SFS North\"\n\n[[team]]\nname = \"Children in Care\"\nshort = \"CiC\"\n";
        let shorts = parse("teams.toml", text).unwrap();
        assert_eq!(shorts.teams.len(), 2);
        assert_eq!(shorts.teams[1].line, 6);
        assert_eq!(
            shorts
                .by_name()
                .get("Safeguarding and Family Support North")
                .map(String::as_str),
            Some("SFS North")
        );
        assert_eq!(parse("teams.toml", "").unwrap().teams, vec![]);
    }

    #[test]
    fn each_mistake_is_refused_with_its_line_and_reason() {
        assert_eq!(
            errors("[[team]]\nname = \"Children in Care\"\nshort = \"Children in Care\"\n"),
            [
                "teams.toml:3: short: \"Children in Care\" is 16 columns, longer than the 10 of the narrowest team column"
            ]
        );
        assert_eq!(
            errors(
                "[[team]]\nname = \"A team\"\nshort = \"A\"\n[[team]]\nname = \"A team\"\nshort = \"AT\"\n"
            ),
            ["teams.toml:5: name: \"A team\" is given a short name already at line 2"]
        );
        assert_eq!(
            errors(
                "[[team]]\nname = \"North\"\nshort = \"N\"\n[[team]]\nname = \"Nursery\"\nshort = \"N\"\n"
            ),
            [
                "teams.toml:6: short: \"N\" is already \"North\"'s (line 2); a short name must tell the teams apart"
            ]
        );
        assert_eq!(
            errors("[[team]]\nname = \"North\"\nshort = \"  \"\n"),
            ["teams.toml:3: short: \"North\" needs a short name"]
        );
        let unknown = errors("[[team]]\nname = \"North\"\nshrt = \"N\"\n");
        assert!(
            unknown[0].starts_with("teams.toml:3: unknown field `shrt`"),
            "{unknown:?}"
        );
    }

    #[test]
    fn a_team_nobody_is_in_is_refused_by_its_line() {
        let shorts = parse(
            "teams.toml",
            "[[team]]\nname = \"North\"\nshort = \"N\"\n[[team]]\nname = \"Nrth\"\nshort = \"Nh\"\n",
        )
        .unwrap();
        let problems: Vec<String> = unknown_teams(&shorts, &["North".to_string()])
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            problems,
            ["teams.toml:5: name: no user or child is in a team called \"Nrth\""]
        );
    }
}
