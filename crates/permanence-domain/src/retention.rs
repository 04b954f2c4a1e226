//! How long a child's case record is kept: until their 75th birthday, or,
//! for a child who dies before 18, 15 years after their death (Care
//! Planning, Placement and Case Review (England) Regulations 2010, reg 50).

use chrono::{Datelike, Months, NaiveDate};

/// The day the record may be destroyed, if the date of birth is known.
/// `died` is the date of death where the record holds one.
pub fn keep_until(date_of_birth: Option<NaiveDate>, died: Option<NaiveDate>) -> Option<NaiveDate> {
    let dob = date_of_birth?;
    let seventy_fifth = dob.checked_add_months(Months::new(75 * 12))?;
    match died {
        Some(death) => {
            let eighteenth = dob.checked_add_months(Months::new(18 * 12))?;
            if death < eighteenth {
                death
                    .with_year(death.year() + 15)
                    .or_else(|| death.checked_add_months(Months::new(15 * 12)))
            } else {
                Some(seventy_fifth)
            }
        }
        None => Some(seventy_fifth),
    }
}

/// Whether the record is past its retention date on `as_of`.
pub fn past(date_of_birth: Option<NaiveDate>, died: Option<NaiveDate>, as_of: NaiveDate) -> bool {
    keep_until(date_of_birth, died).is_some_and(|until| until <= as_of)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn kept_until_the_seventy_fifth_birthday() {
        assert_eq!(keep_until(Some(d(1950, 6, 1)), None), Some(d(2025, 6, 1)));
        assert_eq!(keep_until(Some(d(2000, 2, 29)), None), Some(d(2075, 2, 28)));
        assert_eq!(
            keep_until(None, None),
            None,
            "without a date of birth nothing is computed"
        );
        assert!(past(Some(d(1950, 6, 1)), None, d(2025, 6, 1)));
        assert!(!past(Some(d(1950, 6, 1)), None, d(2025, 5, 31)));
    }

    #[test]
    fn a_child_who_dies_before_eighteen_is_kept_fifteen_years() {
        assert_eq!(
            keep_until(Some(d(2010, 1, 1)), Some(d(2020, 3, 4))),
            Some(d(2035, 3, 4))
        );
        assert_eq!(
            keep_until(Some(d(1990, 1, 1)), Some(d(2020, 3, 4))),
            Some(d(2065, 1, 1)),
            "died as an adult"
        );
    }
}
