//! The family network file as serde reads it: every table and key the
//! format knows, unknown keys refused, each value with its place in the
//! text so that `validate` can say on which line a problem is. Nothing
//! here is checked yet.

use serde::Deserialize;
use toml::Spanned;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawFile {
    #[serde(default)]
    pub person: Vec<Spanned<RawPerson>>,
    #[serde(default)]
    pub parents: Vec<Spanned<RawParents>>,
    #[serde(default)]
    pub couple: Vec<Spanned<RawCouple>>,
    #[serde(default)]
    pub connection: Vec<Spanned<RawConnection>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawPerson {
    pub id: Spanned<String>,
    pub name: Option<Spanned<String>>,
    pub sex: Option<Spanned<String>>,
    /// A TOML date, or a date in a string: either is read.
    pub born: Option<Spanned<toml::Value>>,
    pub deceased: Option<bool>,
    pub household: Option<String>,
    pub culture: Option<String>,
    pub language: Option<String>,
    pub religion: Option<String>,
    pub contact: Option<String>,
    pub child: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawParents {
    pub child: Spanned<String>,
    pub parents: Vec<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawCouple {
    pub people: Spanned<Vec<Spanned<String>>>,
    pub partnership: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawConnection {
    pub person: Spanned<String>,
    pub child: Spanned<String>,
    pub connected: Option<Spanned<String>>,
    #[serde(default)]
    pub parental_responsibility: bool,
    pub viability: Option<Spanned<String>>,
    pub viability_on: Option<Spanned<toml::Value>>,
    pub family_time: Option<String>,
    #[serde(default)]
    pub potential_carer: bool,
}
