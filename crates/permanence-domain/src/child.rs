//! A child's record: who they are, their legal status, where they live and
//! who is responsible for them.

use chrono::NaiveDate;
use std::fmt;

/// The database's identifier for a child. The local authority's own case
/// ID is [`ChildFields::reference`]; this one never leaves the program.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ChildId(pub i64);

/// The child's legal status (Children Act 1989 unless said otherwise).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum LegalStatus {
    #[default]
    /// No order and not accommodated: pre-birth planning, child in need,
    /// or a child returned home after an order ended.
    None,
    /// Accommodated with the parents' agreement (section 20).
    S20,
    /// Interim Care Order.
    Ico,
    /// Care Order (section 31).
    Co,
    /// Placement Order: authority to place for adoption.
    Po,
    /// Interim Supervision Order.
    Iso,
    /// Supervision Order.
    So,
    /// Special Guardianship Order (section 14A).
    Sgo,
    /// Child Arrangements Order.
    Cao,
}

// `code`: The code files and the CLI use: `none`, `s20`, `ico`, ...
// `label`: The name spelt out, for the child screen and help.
// `parse`: Reads a code in any case (`ICO`, `ico`), or `section 20` for `s20`.
crate::coded::coded! {
    LegalStatus, loose, aliases { "section 20" => S20, "s.20" => S20 };
    None => "none", "No order";
    S20 => "s20", "Accommodated under section 20";
    Ico => "ico", "Interim Care Order";
    Co => "co", "Care Order (section 31)";
    Po => "po", "Placement Order";
    Iso => "iso", "Interim Supervision Order";
    So => "so", "Supervision Order";
    Sgo => "sgo", "Special Guardianship Order";
    Cao => "cao", "Child Arrangements Order";
}

impl LegalStatus {
    /// The abbreviation practitioners write in a table column.
    pub fn short(self) -> &'static str {
        match self {
            LegalStatus::None => "None",
            LegalStatus::S20 => "S20",
            LegalStatus::Ico => "ICO",
            LegalStatus::Co => "CO",
            LegalStatus::Po => "PO",
            LegalStatus::Iso => "ISO",
            LegalStatus::So => "SO",
            LegalStatus::Sgo => "SGO",
            LegalStatus::Cao => "CAO",
        }
    }
}

impl fmt::Display for LegalStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.short())
    }
}

/// The four-point rating the seeds use for progress or readiness.
/// Leicestershire's SGO Review Group adds yellow between amber and green.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Rag {
    Red,
    Amber,
    Yellow,
    Green,
}

impl Rag {
    pub const ALL: [Rag; 4] = [Rag::Red, Rag::Amber, Rag::Yellow, Rag::Green];

    pub fn word(self) -> &'static str {
        match self {
            Rag::Red => "red",
            Rag::Amber => "amber",
            Rag::Yellow => "yellow",
            Rag::Green => "green",
        }
    }

    /// The letter shown beside the colour, so colour is never the only signal.
    pub fn letter(self) -> char {
        match self {
            Rag::Red => 'R',
            Rag::Amber => 'A',
            Rag::Yellow => 'Y',
            Rag::Green => 'G',
        }
    }

    /// Reads the word or its initial, in any case.
    pub fn parse(text: &str) -> Option<Rag> {
        // Compared without making a lower-case copy: every child's RAG is
        // read this way when a caseload of 100,000 is read in bulk.
        let text = text.trim();
        let is = |word: &str| text.eq_ignore_ascii_case(word);
        if is("r") || is("red") {
            Some(Rag::Red)
        } else if is("a") || is("amber") {
            Some(Rag::Amber)
        } else if is("y") || is("yellow") {
            Some(Rag::Yellow)
        } else if is("g") || is("green") {
            Some(Rag::Green)
        } else {
            None
        }
    }
}

/// Whether the child has a disability, with the worker's note.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Disability {
    pub disabled: bool,
    pub note: Option<String>,
}

/// Everything the record holds about a child, as one value.
///
/// People are referred to by username (`worker`, `iro`), so a record can be
/// written before the database has assigned anything an identifier.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ChildFields {
    /// The local authority's case ID; unique.
    pub reference: String,
    pub given_name: String,
    pub family_name: String,
    /// May lie in the future: the expected date of birth, for pre-birth planning.
    pub date_of_birth: Option<NaiveDate>,
    pub gender: Option<String>,
    pub ethnicity: Option<String>,
    pub religion: Option<String>,
    pub disability: Disability,
    pub legal_status: LegalStatus,
    pub placement_type: Option<String>,
    pub looked_after_since: Option<NaiveDate>,
    /// Username of the allocated social worker.
    pub worker: Option<String>,
    pub team: Option<String>,
    /// Username of the Independent Reviewing Officer.
    pub iro: Option<String>,
    pub rag: Option<Rag>,
    /// Children sharing a sibling group see each other on their records.
    pub sibling_group: Option<String>,
}

impl ChildFields {
    pub fn full_name(&self) -> String {
        // Made twice for each child a tracker meeting lists (its row and
        // its screen): joined in one allocation of the right size, not
        // formatted.
        let mut name = String::with_capacity(self.given_name.len() + 1 + self.family_name.len());
        name.push_str(&self.given_name);
        name.push(' ');
        name.push_str(&self.family_name);
        name
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn legal_status_codes_round_trip_in_any_case() {
        for status in LegalStatus::ALL {
            assert_eq!(LegalStatus::parse(status.code()), Some(status));
            assert_eq!(LegalStatus::parse(&status.code().to_uppercase()), Some(status));
            assert_eq!(LegalStatus::parse(status.short()), Some(status));
        }
        assert_eq!(LegalStatus::parse("Section 20"), Some(LegalStatus::S20));
        assert_eq!(LegalStatus::parse("care order"), None);
        assert_eq!(LegalStatus::parse(""), None);
    }

    #[test]
    fn rag_reads_words_and_initials() {
        assert_eq!(Rag::parse("Red"), Some(Rag::Red));
        assert_eq!(Rag::parse("a"), Some(Rag::Amber));
        assert_eq!(Rag::parse(" Y "), Some(Rag::Yellow));
        assert_eq!(Rag::parse("GREEN"), Some(Rag::Green));
        assert_eq!(Rag::parse("gr"), None);
        assert_eq!(Rag::parse("blue"), None);
        assert_eq!(Rag::parse(""), None);
        let letters: String = Rag::ALL.iter().map(|r| r.letter()).collect();
        assert_eq!(letters, "RAYG");
    }
}
