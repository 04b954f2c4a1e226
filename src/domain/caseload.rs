//! The caseload: one line per child, and the search that narrows it.

use crate::domain::child::{ChildFields, ChildId, LegalStatus, Rag};
use crate::domain::date::Age;
use crate::domain::people::Carer;
use chrono::NaiveDate;

/// What the caseload table shows of a child.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseloadRow {
    pub id: ChildId,
    pub reference: String,
    pub given_name: String,
    pub family_name: String,
    pub date_of_birth: Option<NaiveDate>,
    pub legal_status: LegalStatus,
    pub placement_type: Option<String>,
    /// The allocated worker's display name.
    pub worker: Option<String>,
    pub team: Option<String>,
    pub rag: Option<Rag>,
}

impl CaseloadRow {
    pub fn full_name(&self) -> String {
        format!("{} {}", self.given_name, self.family_name)
    }

    pub fn age(&self, today: NaiveDate) -> Option<Age> {
        self.date_of_birth.map(|dob| Age::on(dob, today))
    }
}

/// A child's whole record as the child screen shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChildDetail {
    pub id: ChildId,
    pub fields: ChildFields,
    /// Display names of the allocated worker and IRO, where allocated.
    pub worker_name: Option<String>,
    pub iro_name: Option<String>,
    pub carers: Vec<Carer>,
    /// The other children in the same sibling group.
    pub siblings: Vec<CaseloadRow>,
}

/// Search over name and reference, built once per caseload so that each
/// key press only scans prepared lower-case text.
#[derive(Debug, Clone, Default)]
pub struct SearchIndex {
    haystacks: Vec<String>,
}

impl SearchIndex {
    pub fn new(rows: &[CaseloadRow]) -> SearchIndex {
        let haystacks = rows
            .iter()
            .map(|r| format!("{} {} {}", r.reference, r.given_name, r.family_name).to_lowercase())
            .collect();
        SearchIndex { haystacks }
    }

    /// Positions of the rows that match every word of the query, in order.
    /// Case is ignored; an empty query matches everything.
    pub fn matches(&self, query: &str) -> Vec<usize> {
        let query = query.to_lowercase();
        let words: Vec<&str> = query.split_whitespace().collect();
        self.haystacks
            .iter()
            .enumerate()
            .filter(|(_, hay)| words.iter().all(|w| hay.contains(w)))
            .map(|(i, _)| i)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(id: i64, reference: &str, given: &str, family: &str) -> CaseloadRow {
        CaseloadRow {
            id: ChildId(id),
            reference: reference.into(),
            given_name: given.into(),
            family_name: family.into(),
            date_of_birth: None,
            legal_status: LegalStatus::Co,
            placement_type: None,
            worker: None,
            team: None,
            rag: None,
        }
    }

    fn rows() -> Vec<CaseloadRow> {
        vec![
            row(1, "1001234", "Amara", "Okafor"),
            row(2, "1001299", "Leo", "Hughes"),
            row(3, "2004567", "Amy", "Hughes-Smith"),
        ]
    }

    #[test]
    fn search_matches_name_or_reference_ignoring_case() {
        let index = SearchIndex::new(&rows());
        assert_eq!(index.matches(""), vec![0, 1, 2]);
        assert_eq!(index.matches("HUGHES"), vec![1, 2]);
        assert_eq!(index.matches("am"), vec![0, 2]);
        assert_eq!(index.matches("10012"), vec![0, 1]);
        assert_eq!(index.matches("zzz"), Vec::<usize>::new());
    }

    #[test]
    fn every_word_must_match() {
        let index = SearchIndex::new(&rows());
        assert_eq!(index.matches("amy hughes"), vec![2]);
        assert_eq!(index.matches("hughes   leo"), vec![1]);
        assert_eq!(index.matches("leo okafor"), Vec::<usize>::new());
    }

    #[test]
    fn longer_queries_only_narrow() {
        let index = SearchIndex::new(&rows());
        let mut previous = index.matches("");
        for query in ["h", "hu", "hug", "hughes", "hughes-", "hughes-s"] {
            let now = index.matches(query);
            assert!(
                now.iter().all(|i| previous.contains(i)),
                "{query} widened the results"
            );
            previous = now;
        }
        assert_eq!(previous, vec![2]);
    }
}
