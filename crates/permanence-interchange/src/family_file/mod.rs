//! The family network file: one child's family in TOML, as a worker writes
//! it or another system hands it over. It is read into raw shapes (unknown
//! keys refused), checked into a [`FamilyFile`] that names people by the
//! file's own handles, with every problem located by file and line, and
//! imported in one write, so a file that cannot be saved leaves the
//! database as it was. [`to_toml`] writes a network back out in the same
//! shape, so a network can be moved from one database to another.
//!
//! ```toml
//! [[person]]
//! id = "mum"               # a handle used only within this file
//! name = "Sarah Jones"
//! sex = "female"           # female, male, unknown
//! born = 1990-04-02        # optional
//! household = "mother's home"
//!
//! [[person]]
//! id = "child"
//! child = "1040001"        # the caseload child with this reference
//!
//! [[parents]]
//! child = "child"
//! parents = ["mum"]
//!
//! [[connection]]
//! person = "mum"
//! child = "child"
//! parental_responsibility = true
//! family_time = "fortnightly, supervised"
//! ```
//!
//! A person whose `child` names a caseload child is that child's person in
//! the network, matched rather than added again; anything the file leaves
//! out of such a person keeps what the record already says.
//!
//! Its parts, in the order a file goes through them: `raw` (the shapes
//! serde reads), `validate` (raw shapes checked into the types below),
//! `save` (a checked file written to the store) and `write` (a stored
//! network written back out as a file).

use crate::domain::family::{Connected, Partnership, Sex, Viability};
use chrono::NaiveDate;

mod raw;
mod save;
mod validate;
mod write;

pub use save::{ImportError, Imported, import, import_into, rehearse};
pub use validate::parse;
pub use write::{export, to_toml};

/// A person as the file gives them. `None` is "not said": a new person
/// gets the default (no date of birth, sex unknown, living), and a
/// caseload child's person keeps what is already recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FilePerson {
    /// The handle the rest of the file names them by.
    pub handle: String,
    /// Where the person's table starts, for problems found on import.
    pub line: usize,
    pub name: Option<String>,
    pub sex: Option<Sex>,
    pub born: Option<NaiveDate>,
    pub deceased: Option<bool>,
    pub household: Option<String>,
    pub culture: Option<String>,
    pub language: Option<String>,
    pub religion: Option<String>,
    pub contact: Option<String>,
    /// The case reference of the caseload child this person is.
    pub child: Option<String>,
}

/// `parent` is a parent of `child` (handles); one for each name in a
/// `[[parents]]` list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileParent {
    pub parent: String,
    pub child: String,
    pub line: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileCouple {
    pub a: String,
    pub b: String,
    pub partnership: Partnership,
    pub line: usize,
}

/// A person's part in a child's plan, by handles.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileConnection {
    pub person: String,
    pub child: String,
    pub connected: Option<Connected>,
    pub parental_responsibility: bool,
    pub viability: Option<(Viability, NaiveDate)>,
    pub family_time: Option<String>,
    pub potential_carer: bool,
    pub line: usize,
}

/// A checked family network file: every handle named is a person in it,
/// and nothing in it is said twice.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FamilyFile {
    pub people: Vec<FilePerson>,
    pub parents: Vec<FileParent>,
    pub couples: Vec<FileCouple>,
    pub connections: Vec<FileConnection>,
}

impl FamilyFile {
    /// The case references of the caseload children the file names.
    pub fn children(&self) -> Vec<&str> {
        self.people.iter().filter_map(|p| p.child.as_deref()).collect()
    }
}

#[cfg(test)]
mod tests;
