//! Who sets a deadline: the law (an Act or Regulations) or an
//! authority's own policy (Warrington's Securing Permanence, say).
//!
//! Declared where each deadline is declared, never worked out from an
//! item's name or its source's words: in the cadence rules for case
//! reviews, visits, PPMs and proceedings (`cadence.rs`), and by
//! `set_by` in a pathway file for its deadlines. Only a deadline set by
//! law is called "statutory" anywhere: inspectors check these words,
//! and a policy date shown as the law's is a wrong date shown
//! confidently.

/// Who sets a deadline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SetBy {
    /// An Act or Regulations: a statutory deadline.
    Law,
    /// The authority's own policy or procedure: not statutory.
    Policy,
}

impl SetBy {
    pub const ALL: [SetBy; 2] = [SetBy::Law, SetBy::Policy];

    /// As written in a pathway file (`set_by = "law"`) and stored.
    pub fn code(self) -> &'static str {
        match self {
            SetBy::Law => "law",
            SetBy::Policy => "policy",
        }
    }

    pub fn parse(code: &str) -> Option<SetBy> {
        SetBy::ALL.into_iter().find(|s| s.code() == code)
    }

    /// The deadline as a worker calls it, for the start of a line:
    /// "statutory deadline" or "policy deadline".
    pub fn deadline(self) -> &'static str {
        match self {
            SetBy::Law => "statutory deadline",
            SetBy::Policy => "policy deadline",
        }
    }

    /// As [`SetBy::deadline`], capitalised, for a heading or a label.
    pub fn deadline_label(self) -> &'static str {
        match self {
            SetBy::Law => "Statutory deadline",
            SetBy::Policy => "Policy deadline",
        }
    }
}

/// What an item's deadline is called where who sets it is not known (a
/// deadline not yet dated, or read from somewhere that does not say):
/// never "statutory", which only the law's deadlines may be called.
pub fn deadline_words(by: Option<SetBy>) -> &'static str {
    by.map_or("deadline", SetBy::deadline)
}

/// As [`deadline_words`], capitalised.
pub fn deadline_label(by: Option<SetBy>) -> &'static str {
    by.map_or("Deadline", SetBy::deadline_label)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_law_is_called_statutory() {
        assert_eq!(deadline_words(Some(SetBy::Law)), "statutory deadline");
        assert_eq!(deadline_words(Some(SetBy::Policy)), "policy deadline");
        assert_eq!(deadline_words(None), "deadline");
        assert_eq!(deadline_label(Some(SetBy::Policy)), "Policy deadline");
        assert_eq!(deadline_label(None), "Deadline");
        for by in SetBy::ALL {
            assert_eq!(SetBy::parse(by.code()), Some(by));
        }
        assert_eq!(SetBy::parse("statute"), None);
    }
}
