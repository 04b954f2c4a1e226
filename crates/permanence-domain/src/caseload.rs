//! The caseload: one line per child, and the search that narrows it.

use crate::child::{ChildFields, ChildId, LegalStatus, Rag};
use crate::date::Age;
use crate::people::Carer;
use chrono::NaiveDate;
use std::collections::HashMap;

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
    /// The day the order the record's legal status follows was made, by
    /// the events recorded (`legal_status::latest`); `None` where no
    /// order recorded gives the status the record holds.
    pub legal_since: Option<NaiveDate>,
}

/// Search over name and reference, built once per caseload so that each
/// key press does as little as it can. Names repeat across a caseload, so
/// each distinct lower-case name token is kept once (references, being
/// unique, as they come) and tested once per typed word; the rows then
/// only look up their tokens' answers.
#[derive(Debug, Clone, Default)]
pub struct SearchIndex {
    /// Every token, each followed by a space: a typed word never
    /// holds whitespace, so one scan of this text finds every token that
    /// contains it, and no match can run from one token into the next.
    text: String,
    /// Where each token ends in `text` (exclusive, before its space).
    token_ends: Vec<usize>,
    /// Which characters each token holds, as [`letter_bit`]s, so that most
    /// tokens are ruled out as slips without the table of edits.
    letters: Vec<u64>,
    /// Each token's length in characters, at most 255 (only lengths up to
    /// [`MAX`] and a little over matter).
    lengths: Vec<u8>,
    /// Each row's tokens in order, one after another; row `r`'s run ends
    /// at `row_ends[r]`.
    tokens: Vec<usize>,
    row_ends: Vec<usize>,
}

/// A token's answer for one typed word: it contains the word; it is one
/// slip away from it; the slip has been checked.
const CONTAINS: u8 = 1;
const NEAR: u8 = 2;
const CHECKED: u8 = 4;

impl SearchIndex {
    pub fn new(rows: &[CaseloadRow]) -> SearchIndex {
        let mut index = SearchIndex::default();
        index.row_ends.reserve(rows.len());
        index.tokens.reserve(rows.len() * 3);
        // Each distinct name as stored, and each distinct lower-case name
        // token, so that a repeated name costs one look-up a row.
        let mut names: HashMap<&str, (usize, usize)> = HashMap::new();
        let mut name_tokens: HashMap<String, usize> = HashMap::new();
        let mut name_ids: Vec<usize> = Vec::new();
        let mut lower = String::new();
        for r in rows {
            // References are unique, so each is added as it is. Lower-casing
            // a field alone gives the same tokens as lower-casing the whole
            // line: the one letter whose small form depends on its
            // neighbours (capital sigma) looks no further than a space.
            lowercase_into(&r.reference, &mut lower);
            for token in lower.split_whitespace() {
                let id = index.add_token(token);
                index.tokens.push(id);
            }
            for name in [r.given_name.as_str(), r.family_name.as_str()] {
                let (start, end) = *names.entry(name).or_insert_with(|| {
                    let start = name_ids.len();
                    lowercase_into(name, &mut lower);
                    for token in lower.split_whitespace() {
                        let id = match name_tokens.get(token) {
                            Some(&id) => id,
                            None => {
                                let id = index.add_token(token);
                                name_tokens.insert(token.to_owned(), id);
                                id
                            }
                        };
                        name_ids.push(id);
                    }
                    (start, name_ids.len())
                });
                index.tokens.extend_from_slice(&name_ids[start..end]);
            }
            index.row_ends.push(index.tokens.len());
        }
        index
    }

    fn add_token(&mut self, token: &str) -> usize {
        self.text.push_str(token);
        self.token_ends.push(self.text.len());
        self.text.push(' ');
        self.letters
            .push(token.chars().fold(0, |bits, c| bits | letter_bit(c)));
        self.lengths
            .push(u8::try_from(token.chars().count()).unwrap_or(u8::MAX));
        self.token_ends.len() - 1
    }

    fn token(&self, id: usize) -> &str {
        let start = match id.checked_sub(1) {
            Some(before) => self.token_ends[before] + 1,
            None => 0,
        };
        &self.text[start..self.token_ends[id]]
    }

    fn row_tokens(&self, row: usize) -> &[usize] {
        let start = match row.checked_sub(1) {
            Some(before) => self.row_ends[before],
            None => 0,
        };
        &self.tokens[start..self.row_ends[row]]
    }

    /// Per token, [`CONTAINS`] where the token holds `word`: one pass over
    /// all the tokens' text.
    fn containing(&self, word: &str) -> Vec<u8> {
        let mut answers = vec![0; self.token_ends.len()];
        let mut id = 0;
        for (at, _) in self.text.match_indices(word) {
            // Matches come in order, and each lies inside one token.
            while self.token_ends.get(id).is_some_and(|&end| end <= at) {
                id += 1;
            }
            if let Some(answer) = answers.get_mut(id) {
                *answer = CONTAINS;
            }
        }
        answers
    }

    /// Positions of the rows that match every word of the query, in list
    /// order. When nothing matches as typed, the rows where a word is one
    /// slip away from a name ("Hughs", "Okafro") are offered instead; so
    /// typing more never widens a search that was finding children.
    /// Case is ignored; an empty query matches everything.
    pub fn matches(&self, query: &str) -> Vec<usize> {
        let query = query.to_lowercase();
        let words: Vec<&str> = query.split_whitespace().collect();
        let rows = self.row_ends.len();
        // As typed: narrow word by word, stopping once nothing is left.
        let mut answers: Vec<Vec<u8>> = Vec::with_capacity(words.len());
        let mut exact: Option<Vec<usize>> = None;
        for word in &words {
            let these = self.containing(word);
            let has = |row: &usize| self.row_tokens(*row).iter().any(|&t| these[t] != 0);
            let kept: Vec<usize> = match exact {
                None => (0..rows).filter(has).collect(),
                Some(mut kept) => {
                    kept.retain(has);
                    kept
                }
            };
            answers.push(these);
            let done = kept.is_empty();
            exact = Some(kept);
            if done {
                break;
            }
        }
        let exact = exact.unwrap_or_else(|| (0..rows).collect());
        if !exact.is_empty() {
            return exact;
        }
        // Nothing as typed: each word contained in a token or a slip of
        // one. Slips are checked only for tokens of rows still in the
        // running, each token once per word.
        let mut near: Option<Vec<usize>> = None;
        for (i, word) in words.iter().enumerate() {
            let mut these = match answers.get_mut(i) {
                Some(these) => std::mem::take(these),
                None => self.containing(word),
            };
            let chars: Vec<char> = word.chars().collect();
            let slip = Slip::of(&chars);
            let mut has = |row: &usize| {
                self.row_tokens(*row).iter().any(|&t| {
                    let answer = &mut these[t];
                    if *answer & (CONTAINS | CHECKED) == 0 {
                        let is_near = slip.as_ref().is_some_and(|slip| {
                            slip.may_be_near(self.letters[t], self.lengths[t])
                                && near_miss_chars(&chars, self.token(t))
                        });
                        *answer |= CHECKED | if is_near { NEAR } else { 0 };
                    }
                    *answer & (CONTAINS | NEAR) != 0
                })
            };
            let kept: Vec<usize> = match near {
                None => (0..rows).filter(&mut has).collect(),
                Some(mut kept) => {
                    kept.retain(has);
                    kept
                }
            };
            let done = kept.is_empty();
            near = Some(kept);
            if done {
                break;
            }
        }
        near.unwrap_or_default()
    }
}

/// `text` lower-cased into `into`, without a new string when it is ASCII.
fn lowercase_into(text: &str, into: &mut String) {
    into.clear();
    if text.is_ascii() {
        into.push_str(text);
        into.make_ascii_lowercase();
    } else {
        into.push_str(&text.to_lowercase());
    }
}

/// A bit for a character, for the sets of characters in [`SearchIndex`]:
/// one each for a to z and 0 to 9, the rest sharing the other 28. Shared
/// bits only make the test in [`Slip::may_be_near`] let more through.
fn letter_bit(c: char) -> u64 {
    match c {
        'a'..='z' => 1 << (c as u32 - 'a' as u32),
        '0'..='9' => 1 << (26 + c as u32 - '0' as u32),
        _ => 1 << (36 + c as u32 % 28),
    }
}

/// A typed word long enough to be a slip, with what rules names out
/// quickly before [`near_miss_chars`] is asked.
struct Slip<'a> {
    /// The part [`near_miss_chars`] compares.
    chars: &'a [char],
    allowed: usize,
    letters: u64,
}

impl<'a> Slip<'a> {
    fn of(word: &'a [char]) -> Option<Slip<'a>> {
        let chars = &word[..word.len().min(MAX)];
        if chars.len() < 4 {
            return None;
        }
        Some(Slip {
            chars,
            allowed: if chars.len() >= 8 { 2 } else { 1 },
            letters: chars.iter().fold(0, |bits, &c| bits | letter_bit(c)),
        })
    }

    /// False only where [`near_miss_chars`] is false: the name is too
    /// short to reach the word, or more of the word's characters are
    /// missing from the whole name than the allowed edits could supply
    /// (a swap keeps the characters; each other edit accounts for one).
    fn may_be_near(&self, letters: u64, length: u8) -> bool {
        if usize::from(length) + self.allowed < self.chars.len() {
            return false;
        }
        let absent = self.letters & !letters;
        if absent.count_ones() as usize > self.allowed {
            return false;
        }
        absent == 0
            || self
                .chars
                .iter()
                .filter(|&&c| letter_bit(c) & absent != 0)
                .count()
                <= self.allowed
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
/// enough: this runs, when nothing matches exactly, for every name that
/// [`Slip::may_be_near`] lets through.
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

    /// The search as first written: every row's whole line, every word,
    /// every name checked for a slip.
    fn plain_matches(rows: &[CaseloadRow], query: &str) -> Vec<usize> {
        let query = query.to_lowercase();
        let words: Vec<&str> = query.split_whitespace().collect();
        let mut exact = Vec::new();
        let mut near = Vec::new();
        for (i, r) in rows.iter().enumerate() {
            let line = format!("{} {} {}", r.reference, r.given_name, r.family_name).to_lowercase();
            let as_typed = words.iter().all(|w| line.contains(w));
            let nearly = words
                .iter()
                .all(|w| line.contains(w) || line.split_whitespace().any(|token| near_miss(w, token)));
            if as_typed {
                exact.push(i);
            } else if nearly {
                near.push(i);
            }
        }
        if exact.is_empty() { near } else { exact }
    }

    /// Names that repeat, with hyphens, apostrophes, spaces inside, accents,
    /// Greek capital sigma (lower-cased by its place in the word), a
    /// dotted capital I (two characters lower-cased) and Chinese.
    const NAMES: &[&str] = &[
        "Amara",
        "Okafor",
        "Hughes",
        "Hughes-Smith",
        "Leo",
        "Amy",
        "Mary Ann",
        "Zoë",
        "ΟΔΥΣΣΕΑΣ",
        "Σοφία",
        "İlker",
        "Nguyễn",
        "O'Brien",
        "Ada",
        "Smith",
        "Aleksandra",
        "Christopherson",
        "王芳",
        "Ørsted",
    ];

    fn name() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::strategy::Strategy;
        proptest::prop_oneof![
            3 => proptest::sample::select(NAMES).prop_map(str::to_owned),
            1 => "[a-eA-EéΣσ' -]{0,10}",
        ]
    }

    fn reference() -> impl proptest::strategy::Strategy<Value = String> {
        proptest::prop_oneof!["[0-9]{1,7}", "[A-Z0-9-]{1,8}"]
    }

    /// One word of a query: a token from a row (perhaps a piece of it, or
    /// with up to three slips, or upper-cased), or text from nowhere,
    /// which may be empty, whitespace or unicode.
    #[derive(Debug, Clone)]
    enum Part {
        FromRow {
            row: usize,
            token: usize,
            piece: Option<(usize, usize)>,
            slips: Vec<(u8, usize, char)>,
            upper: bool,
        },
        Typed(String),
    }

    fn part() -> impl proptest::strategy::Strategy<Value = Part> {
        use proptest::prelude::*;
        let slip = (
            0..4u8,
            any::<usize>(),
            proptest::sample::select(&['a', 'e', 'h', 'o', 'é', '1', 'σ', 'ς'][..]),
        );
        prop_oneof![
            3 => (
                any::<usize>(),
                any::<usize>(),
                proptest::option::weighted(0.2, (any::<usize>(), any::<usize>())),
                proptest::collection::vec(slip, 0..4),
                proptest::bool::weighted(0.2),
            )
                .prop_map(|(row, token, piece, slips, upper)| Part::FromRow { row, token, piece, slips, upper }),
            1 => "[a-eéΣ0-9 \t]{0,6}".prop_map(Part::Typed),
            1 => "[ \t\n]{0,3}".prop_map(Part::Typed),
        ]
    }

    /// The text of a part, against these rows.
    fn spell(part: &Part, rows: &[CaseloadRow]) -> String {
        let (row, token, piece, slips, upper) = match part {
            Part::FromRow {
                row,
                token,
                piece,
                slips,
                upper,
            } => (row, token, piece, slips, upper),
            Part::Typed(text) => return text.clone(),
        };
        let Some(r) = rows.get(row % rows.len().max(1)) else {
            return String::new();
        };
        let line = format!("{} {} {}", r.reference, r.given_name, r.family_name).to_lowercase();
        let tokens: Vec<&str> = line.split_whitespace().collect();
        let mut chars: Vec<char> = tokens[token % tokens.len()].chars().collect();
        if let Some((from, len)) = piece {
            let from = from % chars.len();
            let to = (from + 1 + len % (chars.len() - from)).min(chars.len());
            chars = chars[from..to].to_vec();
        }
        for &(edit, at, with) in slips {
            let at = at % (chars.len() + 1);
            match edit {
                0 if at < chars.len() => {
                    chars.remove(at);
                }
                1 => chars.insert(at, with),
                2 if at < chars.len() => chars[at] = with,
                3 if at + 1 < chars.len() => chars.swap(at, at + 1),
                _ => {}
            }
        }
        let word: String = chars.into_iter().collect();
        if *upper { word.to_uppercase() } else { word }
    }

    proptest::proptest! {
        /// The index gives exactly the rows, in the order, that the plain
        /// loop over every row gives.
        #[test]
        fn search_agrees_with_the_plain_per_row_loop(
            people in proptest::collection::vec((reference(), name(), name()), 0..40),
            parts in proptest::collection::vec(part(), 0..4),
            gap in proptest::sample::select(&[" ", "  ", "\t", " \n "][..]),
        ) {
            let rows: Vec<CaseloadRow> = people
                .iter()
                .enumerate()
                .map(|(i, (reference, given, family))| row(i as i64, reference, given, family))
                .collect();
            let query = parts.iter().map(|p| spell(p, &rows)).collect::<Vec<_>>().join(gap);
            let index = SearchIndex::new(&rows);
            proptest::prop_assert_eq!(index.matches(&query), plain_matches(&rows, &query), "query {:?}", query);
        }
    }

    #[test]
    fn the_index_holds_each_distinct_name_once() {
        let rows = vec![
            row(1, "1001", "Amara", "Okafor"),
            row(2, "1002", "AMARA", "Hughes"),
            row(3, "1003", "Leo", "okafor"),
        ];
        let index = SearchIndex::new(&rows);
        // Three references and amara, okafor, hughes, leo.
        assert_eq!(index.token_ends.len(), 7);
        assert_eq!(index.matches("amara"), vec![0, 1]);
        assert_eq!(index.matches("okafro"), vec![0, 2]);
        assert_eq!(SearchIndex::default().matches(""), Vec::<usize>::new());
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
