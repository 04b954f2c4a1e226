//! The raw shapes of a family network file checked into a [`FamilyFile`]:
//! people first (so that links may name people given further down), then
//! parents, couples and connections, each link naming people by handles
//! the file gives. Every problem is collected with its file and line, not
//! only the first, so a worker can mend a file in one go.

use super::raw::{RawConnection, RawCouple, RawFile, RawParents, RawPerson};
use super::{FamilyFile, FileConnection, FileCouple, FileParent, FilePerson};
use crate::domain::family::{Connected, Partnership, Sex, Viability};
use crate::domain::file_error::{FileError, from_toml, line_of};
use crate::domain::sanitise::{Size, clean_line, line_field, text_field, within};
use chrono::NaiveDate;
use std::collections::HashMap;
use toml::Spanned;

/// Reads a family network file named `file` (for messages) holding
/// `text`. Every problem is reported, not only the first; a file that is
/// not TOML, or has a key this format does not know, is one problem.
pub fn parse(file: &str, text: &str) -> Result<FamilyFile, Vec<FileError>> {
    let raw: RawFile = toml::from_str(text).map_err(|e| vec![from_toml(file, text, &e)])?;
    let mut check = Check {
        problems: Problems {
            file,
            text,
            found: Vec::new(),
        },
        handles: HashMap::new(),
        out: FamilyFile::default(),
    };
    // Handles first, so that links can name people given further down.
    check.people(raw.person);
    check.parents(raw.parents);
    check.couples(raw.couple);
    check.connections(raw.connection);
    if check.problems.found.is_empty() {
        Ok(check.out)
    } else {
        Err(check.problems.found)
    }
}

/// A date from a TOML date (`1990-04-02`) or a string holding one
/// (`"1990-04-02"`, `"02/04/1990"`).
fn date_value(value: &toml::Value) -> Option<NaiveDate> {
    match value {
        toml::Value::Datetime(datetime) if datetime.time.is_none() && datetime.offset.is_none() => {
            let date = datetime.date?;
            NaiveDate::from_ymd_opt(i32::from(date.year), u32::from(date.month), u32::from(date.day))
        }
        toml::Value::String(text) => crate::domain::date::parse_date(text).ok(),
        _ => None,
    }
}

fn shown(value: &toml::Value) -> String {
    match value {
        toml::Value::String(text) => format!("{text:?}"),
        other => other.to_string(),
    }
}

/// Two people of a couple in order, so that a couple given the other way
/// round is the same couple.
fn pair(a: &str, b: &str) -> (String, String) {
    if a < b {
        (a.to_string(), b.to_string())
    } else {
        (b.to_string(), a.to_string())
    }
}

/// Collects the problems of one file, each at the line of what is wrong.
struct Problems<'a> {
    file: &'a str,
    text: &'a str,
    found: Vec<FileError>,
}

impl Problems<'_> {
    fn line(&self, offset: usize) -> usize {
        line_of(self.text, offset)
    }

    fn at_line(&mut self, line: usize, message: String) {
        self.found.push(FileError {
            file: self.file.to_string(),
            line,
            message,
        });
    }

    fn at(&mut self, offset: usize, message: String) {
        self.found.push(FileError {
            file: self.file.to_string(),
            line: line_of(self.text, offset),
            message,
        });
    }

    /// `given` as `read` reads it, or `None` and a problem at its place
    /// saying what `wrong` says of it.
    fn value<V, T>(
        &mut self,
        given: &Spanned<V>,
        read: impl FnOnce(&V) -> Option<T>,
        wrong: impl FnOnce(&V) -> String,
    ) -> Option<T> {
        let found = read(given.get_ref());
        if found.is_none() {
            self.at(given.span().start, wrong(given.get_ref()));
        }
        found
    }

    /// Text cleaned by the one sanitiser (line breaks kept: a household or
    /// a contact may run over lines), with its ends trimmed; blank is not
    /// given. Text longer than a name may be is a problem at `line`.
    fn given(&mut self, line: usize, field: &str, text: Option<String>) -> Option<String> {
        let text = text?;
        match text_field(&text, Size::Name) {
            Ok(text) => Some(text).filter(|t| !t.is_empty()),
            Err(e) => {
                self.at_line(line, format!("{field}: {e}"));
                None
            }
        }
    }
}

/// One file being checked: the problems so far, the handles given, and
/// what has been accepted.
struct Check<'a> {
    problems: Problems<'a>,
    /// Each handle given, with the line of its person.
    handles: HashMap<String, usize>,
    out: FamilyFile,
}

impl Check<'_> {
    fn people(&mut self, people: Vec<Spanned<RawPerson>>) {
        // Each caseload child's reference, with the line of its person.
        let mut references: HashMap<String, usize> = HashMap::new();
        for entry in people {
            let line = self.problems.line(entry.span().start);
            let person = self.person(entry.into_inner(), line, &mut references);
            self.out.people.push(person);
        }
    }

    fn person(&mut self, raw: RawPerson, line: usize, references: &mut HashMap<String, usize>) -> FilePerson {
        let handle = self.handle(&raw.id, line);
        let child = self.caseload_child(raw.child, line, references);
        let name = self.name(raw.name);
        // A caseload child's person has the child's name already.
        if name.is_none() && child.is_none() {
            self.problems.at(
                raw.id.span().start,
                format!("name: {handle:?} needs a name (or `child`, the case reference of a caseload child)"),
            );
        }
        let problems = &mut self.problems;
        let sex = raw.sex.as_ref().and_then(|sex| {
            problems.value(
                sex,
                |text| Sex::parse(text),
                |text| format!("sex: {text:?} is not a sex (female, male, unknown)"),
            )
        });
        let born = raw.born.as_ref().and_then(|born| {
            problems.value(born, date_value, |value| {
                format!("born: {} is not a date (write YYYY-MM-DD)", shown(value))
            })
        });
        FilePerson {
            handle,
            line,
            name,
            sex,
            born,
            deceased: raw.deceased,
            household: problems.given(line, "household", raw.household),
            culture: problems.given(line, "culture", raw.culture),
            language: problems.given(line, "language", raw.language),
            religion: problems.given(line, "religion", raw.religion),
            contact: problems.given(line, "contact", raw.contact),
            child,
        }
    }

    /// A person's handle, taken (for the person at `line`) if it is a new
    /// one; it is returned even when wrong, the problem said.
    fn handle(&mut self, id: &Spanned<String>, line: usize) -> String {
        let handle = clean_line(id.get_ref()).trim().to_string();
        if let Err(e) = within(&handle, Size::Name) {
            self.problems.at(id.span().start, format!("id: {e}"));
        } else if handle.is_empty() {
            self.problems.at(
                id.span().start,
                "id: give the person a handle, such as \"mum\"".to_string(),
            );
        } else if let Some(first) = self.handles.get(&handle) {
            self.problems.at(
                id.span().start,
                format!("id: {handle:?} is already the handle of the person at line {first}"),
            );
        } else {
            self.handles.insert(handle.clone(), line);
        }
        handle
    }

    /// The case reference of the caseload child a person is, if it is
    /// given and no other person in the file is that child.
    fn caseload_child(
        &mut self,
        child: Option<Spanned<String>>,
        line: usize,
        references: &mut HashMap<String, usize>,
    ) -> Option<String> {
        let child = child?;
        let reference = child.get_ref().trim().to_string();
        if reference.is_empty() {
            self.problems.at(
                child.span().start,
                "child: give the child's case reference".to_string(),
            );
            None
        } else if let Some(first) = references.get(&reference) {
            self.problems.at(
                child.span().start,
                format!("child: {reference} is already the person at line {first}"),
            );
            None
        } else {
            references.insert(reference.clone(), line);
            Some(reference)
        }
    }

    /// A person's name, cleaned; blank is a problem, and not given.
    fn name(&mut self, name: Option<Spanned<String>>) -> Option<String> {
        let name = name?;
        let text = match line_field(name.get_ref(), Size::Name) {
            Ok(text) if text.is_empty() => {
                self.problems
                    .at(name.span().start, "name: the name is blank".to_string());
                text
            }
            Ok(text) => text,
            Err(e) => {
                self.problems.at(name.span().start, format!("name: {e}"));
                String::new()
            }
        };
        Some(text).filter(|t| !t.is_empty())
    }

    /// A handle named by a link: `None` (and a problem) when no one has it.
    fn named(&mut self, field: &str, handle: &Spanned<String>) -> Option<String> {
        let name = clean_line(handle.get_ref());
        let name = name.trim();
        if self.handles.contains_key(name) {
            Some(name.to_string())
        } else {
            self.problems.at(
                handle.span().start,
                format!("{field}: no [[person]] has id = {name:?}"),
            );
            None
        }
    }

    fn parents(&mut self, parents: Vec<Spanned<RawParents>>) {
        // Links already accepted, each with its line, to refuse repeats.
        let mut links: HashMap<(String, String), usize> = HashMap::new();
        for entry in parents {
            let line = self.problems.line(entry.span().start);
            let raw = entry.into_inner();
            let child = self.named("child", &raw.child);
            if raw.parents.is_empty() {
                self.problems.at(
                    raw.child.span().start,
                    "parents: name at least one parent".to_string(),
                );
            }
            for parent in &raw.parents {
                let Some(parent_handle) = self.named("parents", parent) else {
                    continue;
                };
                let Some(child) = &child else {
                    continue;
                };
                if let Some(link) = self.parent_link(parent_handle, child, parent.span().start, line, &links)
                {
                    links.insert((link.parent.clone(), link.child.clone()), line);
                    self.out.parents.push(link);
                }
            }
        }
    }

    /// `parent` as a parent of `child` (named at `at`, in the list at
    /// `line`), unless it is a link already made or one that would make a
    /// cycle.
    fn parent_link(
        &mut self,
        parent: String,
        child: &str,
        at: usize,
        line: usize,
        links: &HashMap<(String, String), usize>,
    ) -> Option<FileParent> {
        if parent == *child {
            self.problems
                .at(at, format!("parents: {child:?} cannot be their own parent"));
            return None;
        }
        if let Some(first) = links.get(&(parent.clone(), child.to_string())) {
            self.problems.at(
                at,
                format!("parents: {parent:?} is already a parent of {child:?} (line {first})"),
            );
            return None;
        }
        let pairs: Vec<(&str, &str)> = self
            .out
            .parents
            .iter()
            .map(|l| (l.parent.as_str(), l.child.as_str()))
            .collect();
        if crate::domain::family::would_be_own_ancestor(&pairs, parent.as_str(), child) {
            self.problems.at(
                at,
                format!(
                    "parents: {parent:?} as a parent of {child:?} would make {child:?} their own ancestor"
                ),
            );
            return None;
        }
        Some(FileParent {
            parent,
            child: child.to_string(),
            line,
        })
    }

    fn couples(&mut self, couples: Vec<Spanned<RawCouple>>) {
        let mut seen: HashMap<(String, String), usize> = HashMap::new();
        for entry in couples {
            let line = self.problems.line(entry.span().start);
            if let Some(couple) = self.couple(&entry.into_inner(), line, &seen) {
                seen.insert(pair(&couple.a, &couple.b), line);
                self.out.couples.push(couple);
            }
        }
    }

    /// A couple, unless it is wrong or one already given (`seen`, each
    /// pair in order with its line).
    fn couple(
        &mut self,
        raw: &RawCouple,
        line: usize,
        seen: &HashMap<(String, String), usize>,
    ) -> Option<FileCouple> {
        let partnership = match &raw.partnership {
            Some(text) => self.problems.value(
                text,
                |text| Partnership::parse(text),
                |text| {
                    format!(
                        "partnership: {text:?} is not a partnership (married, partners, separated, divorced)"
                    )
                },
            ),
            None => Some(Partnership::Partners),
        };
        let people = raw.people.get_ref();
        if people.len() != 2 {
            self.problems.at(
                raw.people.span().start,
                format!("people: a couple is two people, not {}", people.len()),
            );
            return None;
        }
        let a = self.named("people", &people[0]);
        let b = self.named("people", &people[1]);
        let (Some(a), Some(b), Some(partnership)) = (a, b, partnership) else {
            return None;
        };
        if a == b {
            self.problems.at(
                raw.people.span().start,
                format!("people: {a:?} cannot be a couple with themselves"),
            );
            return None;
        }
        if let Some(first) = seen.get(&pair(&a, &b)) {
            self.problems.at(
                raw.people.span().start,
                format!("people: {a:?} and {b:?} are already a couple (line {first})"),
            );
            return None;
        }
        Some(FileCouple {
            a,
            b,
            partnership,
            line,
        })
    }

    fn connections(&mut self, connections: Vec<Spanned<RawConnection>>) {
        let mut seen: HashMap<(String, String), usize> = HashMap::new();
        for entry in connections {
            let line = self.problems.line(entry.span().start);
            if let Some(connection) = self.connection(entry.into_inner(), line, &seen) {
                seen.insert((connection.child.clone(), connection.person.clone()), line);
                self.out.connections.push(connection);
            }
        }
    }

    /// A connection, unless it is wrong or one already given (`seen`, by
    /// child and person, with its line).
    fn connection(
        &mut self,
        raw: RawConnection,
        line: usize,
        seen: &HashMap<(String, String), usize>,
    ) -> Option<FileConnection> {
        let who = self.named("person", &raw.person);
        let child = self.named("child", &raw.child);
        let connected = raw.connected.as_ref().and_then(|words| self.connected(words));
        let viability = self.viability(&raw);
        let (Some(who), Some(child)) = (who, child) else {
            return None;
        };
        if who == child {
            self.problems.at(
                raw.person.span().start,
                format!("person: {who:?} cannot be connected to themselves"),
            );
            return None;
        }
        if let Some(first) = seen.get(&(child.clone(), who.clone())) {
            self.problems.at(
                raw.person.span().start,
                format!("person: {who:?} is already connected to {child:?} (line {first})"),
            );
            return None;
        }
        Some(FileConnection {
            person: who,
            child,
            connected,
            parental_responsibility: raw.parental_responsibility,
            viability,
            family_time: self.problems.given(line, "family_time", raw.family_time),
            potential_carer: raw.potential_carer,
            line,
        })
    }

    /// What the person is to the child, in the worker's words.
    fn connected(&mut self, words: &Spanned<String>) -> Option<Connected> {
        let text = clean_line(words.get_ref());
        let text = text.trim();
        if let Err(e) = within(text, Size::Name) {
            self.problems.at(words.span().start, format!("connected: {e}"));
            None
        } else if text.is_empty() {
            self.problems.at(
                words.span().start,
                "connected: say what the person is to the child, or leave it out".to_string(),
            );
            None
        } else {
            Some(Connected::parse(text))
        }
    }

    /// A viability assessment: its outcome and date, given together.
    fn viability(&mut self, raw: &RawConnection) -> Option<(Viability, NaiveDate)> {
        let kind = raw.viability.as_ref().and_then(|text| {
            self.problems
                .value(
                    text,
                    |text| Viability::parse(text),
                    |text| format!("viability: {text:?} is not a viability (requested, positive, negative)"),
                )
                .map(|v| (v, text.span().start))
        });
        let on = raw.viability_on.as_ref().and_then(|value| {
            self.problems
                .value(value, date_value, |value| {
                    format!("viability_on: {} is not a date (write YYYY-MM-DD)", shown(value))
                })
                .map(|d| (d, value.span().start))
        });
        match (kind, on, &raw.viability, &raw.viability_on) {
            (Some((kind, _)), Some((on, _)), _, _) => Some((kind, on)),
            (Some((kind, at)), None, _, None) => {
                self.problems.at(
                    at,
                    format!(
                        "viability: {} needs viability_on, the date it was {}",
                        kind.code(),
                        if kind == Viability::Requested {
                            "requested"
                        } else {
                            "concluded"
                        }
                    ),
                );
                None
            }
            (None, Some((_, at)), None, _) => {
                self.problems.at(
                    at,
                    "viability_on: give viability too (requested, positive, negative)".to_string(),
                );
                None
            }
            // A value already reported as wrong.
            _ => None,
        }
    }
}
