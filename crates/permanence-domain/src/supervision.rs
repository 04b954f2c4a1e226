//! Appendix 10's rule on who a Supervision Order can be made for: the
//! child's age on the day, in the seed's own words.

use chrono::{Datelike, NaiveDate};

/// Warrington Securing Permanence, Appendix 10, section 2, word for word.
pub const AGE_RULE: &str = "No Supervision Order may be made with respect to a child who has reached the age of seventeen (or sixteen, in the case of a child who is married).";

/// Where the rule comes from, as the user sees it.
pub const AGE_RULE_SOURCE: &str = "Warrington Securing Permanence, Appendix 10, section 2";

/// The age a child has reached on a day: whole years since birth.
pub fn age_on(born: NaiveDate, on: NaiveDate) -> i32 {
    let mut years = on.year() - born.year();
    if (on.month(), on.day()) < (born.month(), born.day()) {
        years -= 1;
    }
    years
}

/// Why a Supervision Order cannot be made on `on` for a child born on
/// `born`, or `None` if it can. The child's record has no marital status,
/// so the limit applied is seventeen; the message says sixteen applies to
/// a married child, so a worker can see the whole rule.
pub fn order_refused(born: Option<NaiveDate>, on: NaiveDate) -> Option<String> {
    let age = age_on(born?, on);
    (age >= 17).then(|| {
        format!(
            "the child was {age} on {}: \u{201c}{AGE_RULE}\u{201d} ({AGE_RULE_SOURCE}). \
             The child's record does not say whether they are married; a married child of sixteen cannot have one either.",
            crate::date::uk(on)
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn seventeen_is_refused_from_the_birthday_on() {
        let born = d(2009, 6, 15);
        assert_eq!(order_refused(Some(born), d(2026, 6, 14)), None, "still 16");
        let refused = order_refused(Some(born), d(2026, 6, 15)).unwrap();
        assert!(refused.contains("the child was 17 on 15/06/2026"), "{refused}");
        assert!(refused.contains(AGE_RULE), "{refused}");
        assert!(refused.contains("married"), "{refused}");
        assert_eq!(
            order_refused(None, d(2026, 6, 15)),
            None,
            "no date of birth: nothing to judge"
        );
    }

    #[test]
    fn the_rule_is_the_seeds_words() {
        let seed = "No Supervision Order may be made with respect to a child who has reached the age of seventeen (or sixteen, in the case of a child who is married).";
        assert_eq!(AGE_RULE, seed);
    }

    #[test]
    fn ages_count_whole_years_including_leap_days() {
        assert_eq!(age_on(d(2008, 2, 29), d(2025, 2, 28)), 16);
        assert_eq!(age_on(d(2008, 2, 29), d(2025, 3, 1)), 17);
    }
}
