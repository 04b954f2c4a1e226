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

    /// Positions of the rows that match every word of the query, in list
    /// order. When nothing matches as typed, the rows where a word is one
    /// slip away from a name ("Hughs", "Okafro") are offered instead; so
    /// typing more never widens a search that was finding children.
    /// Case is ignored; an empty query matches everything.
    pub fn matches(&self, query: &str) -> Vec<usize> {
        let query = query.to_lowercase();
        let words: Vec<&str> = query.split_whitespace().collect();
        let spelt: Vec<Vec<char>> = words.iter().map(|w| w.chars().collect()).collect();
        let mut exact = Vec::new();
        let mut near = Vec::new();
        for (i, hay) in self.haystacks.iter().enumerate() {
            let mut all_exact = true;
            let all = words.iter().zip(&spelt).all(|(w, chars)| {
                if hay.contains(w) {
                    return true;
                }
                all_exact = false;
                hay.split_whitespace().any(|token| near_miss_chars(chars, token))
            });
            match (all, all_exact) {
                (true, true) => exact.push(i),
                (true, false) => near.push(i),
                _ => {}
            }
        }
        if exact.is_empty() { near } else { exact }
    }
}

/// Whether a typed word is a slip of a name: one letter wrong, missing,
/// extra or swapped (two for long words), against the whole name or the
/// start of it. Short words must match exactly: "Al" is not "Ali" mistyped.
pub fn near_miss(word: &str, token: &str) -> bool {
    let word: Vec<char> = word.chars().collect();
    near_miss_chars(&word, token)
}

/// The longest word or name prefix compared; longer ones are cut, which
/// only matters for typing errors past this many letters.
const MAX: usize = 40;

/// [`near_miss`] with the word already split into characters. One table
/// of edits (optimal string alignment) serves every prefix length, kept in
/// three rows on the stack, given up as soon as no path can be close
/// enough: this runs for every name on every key press when nothing
/// matches exactly.
fn near_miss_chars(word: &[char], token: &str) -> bool {
    let typed = word.len().min(MAX);
    if typed < 4 {
        return false;
    }
    let word = &word[..typed];
    let allowed = if typed >= 8 { 2 } else { 1 };
    let mut name = ['\0'; MAX + 2];
    let mut m = 0;
    for c in token.chars().take(typed + allowed) {
        name[m] = c;
        m += 1;
    }
    if m + allowed < typed {
        return false;
    }
    let (mut before, mut previous, mut current) = ([0usize; MAX + 3], [0usize; MAX + 3], [0usize; MAX + 3]);
    for (j, cell) in previous.iter_mut().enumerate().take(m + 1) {
        *cell = j;
    }
    for i in 1..=typed {
        current[0] = i;
        let mut best = current[0];
        for j in 1..=m {
            let cost = usize::from(word[i - 1] != name[j - 1]);
            let mut d = (previous[j] + 1)
                .min(current[j - 1] + 1)
                .min(previous[j - 1] + cost);
            if i > 1 && j > 1 && word[i - 1] == name[j - 2] && word[i - 2] == name[j - 1] {
                d = d.min(before[j - 2] + 1);
            }
            current[j] = d;
            best = best.min(d);
        }
        if best > allowed {
            return false;
        }
        before = previous;
        previous = current;
    }
    // The whole word against the name's start, of any length near the word's.
    (typed.saturating_sub(allowed)..=m).any(|end| previous[end] <= allowed)
}

/// Edit distance counting a swap of neighbours as one edit (optimal
/// string alignment), the commonest typing slip.
pub fn typo_distance(a: &[char], b: &[char]) -> usize {
    let (n, m) = (a.len(), b.len());
    let mut d = vec![vec![0usize; m + 1]; n + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=n {
        for j in 1..=m {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (d[i - 1][j] + 1).min(d[i][j - 1] + 1).min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = best;
        }
    }
    d[n][m]
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
    fn search_tolerates_a_slip_when_nothing_matches_as_typed() {
        let index = SearchIndex::new(&rows());
        assert_eq!(index.matches("hughs"), vec![1, 2], "a missing letter");
        assert_eq!(index.matches("okafro"), vec![0], "two letters swapped");
        assert_eq!(index.matches("amara okafro"), vec![0]);
        assert_eq!(index.matches("leo hghes"), vec![1]);
        // Near matches are offered only when nothing matches as typed.
        let rows = vec![row(1, "1", "Hughe", "Jones"), row(2, "2", "Ann", "Hughes")];
        let index = SearchIndex::new(&rows);
        assert_eq!(index.matches("hughe"), vec![0, 1]);
        assert_eq!(index.matches("hughes"), vec![1]);
        // Short words are not guessed at.
        assert!(index.matches("anx").is_empty());
    }

    proptest::proptest! {
        /// The quick check agrees with the plain definition: the word
        /// within the allowed edits of the name or of a start of it.
        #[test]
        fn near_miss_agrees_with_the_edit_distance(word in "[a-e]{0,9}", name in "[a-e]{0,11}") {
            let w: Vec<char> = word.chars().collect();
            let n: Vec<char> = name.chars().collect();
            let expected = w.len() >= 4 && {
                let allowed = if w.len() >= 8 { 2 } else { 1 };
                (w.len().saturating_sub(allowed)..=(w.len() + allowed).min(n.len()))
                    .any(|end| typo_distance(&w, &n[..end]) <= allowed)
            };
            proptest::prop_assert_eq!(near_miss(&word, &name), expected);
        }
    }

    #[test]
    fn typo_distance_counts_a_swap_as_one() {
        let d =
            |a: &str, b: &str| typo_distance(&a.chars().collect::<Vec<_>>(), &b.chars().collect::<Vec<_>>());
        assert_eq!(d("okafro", "okafor"), 1);
        assert_eq!(d("hughs", "hughes"), 1);
        assert_eq!(d("smith", "smith"), 0);
        assert_eq!(d("", "abc"), 3);
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
